"""Throughput and memory of the full pipeline on real news text, against a naive baseline.

Real text: the PerSenT articles (``corpora/persent/*.csv``, column DOCUMENT) and the PolNeAR
training articles (``eval/polnear/train/text``), repeated (with new ids) to reach the sizes
asked for. The corpus is written to a temporary folder as one CSV file; nothing is copied
into the project.

Printed, all in one run:
  * the naive baseline a notebook author would write: ``TextBlob(text).sentences``, then
    TextBlob and VADER for every sentence, then one regex per codebook entry (actor names,
    aliases and titles; frame cues), in a loop;
  * ``analyze_corpus`` (clean, split, sentiment, actors with target sentiment, frames, quotes,
    stance) with 1 and 2 worker processes, writing every table to a folder as ``annotate``
    does, each in a fresh process after loading the models on 20 of the articles and a short
    German text, with the default chunks (at most 200 articles and about 500,000
    characters): articles/s, sentences/s, speed-up, the load average around each run, and
    where the time of the fastest run went: reading and chunking in the main process, each
    worker's start-up, analysis (CPU and wall seconds, chunks, articles, megabytes sent back)
    and share of the closing work, the final join and write, the main process's own CPU;
    each pair of runs (1 worker, then 2) with its wall time, CPU milliseconds per article
    (main process and workers) and load average before and after; the CPU per article of
    each step of a chunk (cleaning, sentences, sentiment, actors, ..., writing the parts; the
    garbage collector's share; page faults) with 1 and with 2 workers, which shows which
    steps cost more when two processes run at once; how the machine itself scales just
    before and after (a pure-Python loop and a memory-bound loop, alone and two at once);
    the speed-up the CPU seconds allow on an idle machine (other processes on a 2-core
    machine take cores from the 2-worker run and make its wall time say little); and one
    closing line with both wall times, the speed-up and the CPU per article of each;
  * peak memory (RSS) of a fresh process running the pipeline at each size (``--sizes``),
    writing to a folder (``return_tables=False``);
  * whether the Dask engine gives identical tables to the local engine.

    python benchmarks/throughput.py                    # speed on 2,000 articles; memory at 1,000 and 10,000
    python benchmarks/throughput.py --sizes 200 1000 --speed-articles 300   # quick look
    python benchmarks/throughput.py --speed-only      # only the 1- and 2-worker speed runs
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import CORPORA_DIR, EVAL_DIR  # noqa: E402

TARGET_PER_CORE = 5000
TARGET_SPEEDUP = 1.9
TARGET_MEMORY_RATIO = 1.5


def real_texts() -> list[tuple[str, str]]:
    """(title, text) of every real article available."""
    csv.field_size_limit(sys.maxsize)
    texts = []
    for path in sorted((CORPORA_DIR / "persent").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                texts.append((row.get("TITLE") or "", row["DOCUMENT"]))
    for path in sorted((EVAL_DIR / "polnear" / "train" / "text").glob("*.txt")):
        texts.append((path.stem, path.read_text(encoding="utf-8")))
    if not texts:
        sys.exit(f"no benchmark text found under {CORPORA_DIR} or {EVAL_DIR}")
    return texts


def write_corpus(folder: Path, n: int, texts, *, name: str = "corpus") -> Path:
    """``n`` articles (the real ones, repeated) as one CSV file with id, title, text."""
    path = folder / f"{name}_{n}.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text"])
        for i in range(n):
            title, text = texts[i % len(texts)]
            w.writerow([f"a{i:06d}", title, text])
    return path


def naive_baseline(texts) -> dict:
    """What a notebook author would write first (needs the project's Punkt data only)."""
    import analysis  # noqa: F401  registers the offline sentence splitter for TextBlob
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis.actors import load_actors
    from analysis.frames import load_frames

    # one compiled regex per codebook entry: every actor name, alias and title, every frame cue
    patterns = [re.compile(r"\b" + re.escape(form) + r"\b") for form, _actor, _kind in load_actors().forms()]
    for frame in load_frames().frames:
        for cue in frame.cues:
            patterns.append(re.compile(r"\b" + re.escape(str(cue)) + r"\b", re.I))
    vader = SentimentIntensityAnalyzer()
    t0 = time.perf_counter()
    n_sent = hits = 0
    for _title, text in texts:
        for sentence in TextBlob(text).sentences:
            s = str(sentence)
            n_sent += 1
            TextBlob(s).sentiment
            vader.polarity_scores(s)
            for pattern in patterns:
                hits += len(pattern.findall(s))
    seconds = time.perf_counter() - t0
    return {"articles": len(texts), "sentences": n_sent, "seconds": seconds,
            "patterns": len(patterns)}


def run_pipeline(corpus: Path, *, jobs: int, engine: str = "local", out: Path | None = None,
                 **chunking):
    """``analyze_corpus`` with its default chunks unless ``chunking`` says otherwise."""
    from analysis.pipeline import analyze_corpus

    t0 = time.perf_counter()
    tables = analyze_corpus(corpus, jobs=jobs, engine=engine, out=out, progress=False,
                            return_tables=out is None, **chunking)
    return tables, time.perf_counter() - t0


class Stages:
    """Where a run's time goes, noted by wrapping the pipeline's own steps (in the main
    process, and in the workers, which are forked from it and so wrapped too).

    Main process: reading and chunking (inside the chunk generator), waiting for the
    workers, linking the actor ids, the final join and write (wall and CPU). Each worker:
    when its start-up ended, its chunks (CPU and wall seconds, articles, bytes of the results
    sent back, CPU seconds of each step of :data:`PHASES` and of the garbage collector, page
    faults) and its share of the closing work (CPU seconds)."""

    def __init__(self, pipeline):
        import functools
        import gc
        import pickle
        import resource
        from collections import defaultdict

        self.main = defaultdict(float)
        self.workers: dict = {}
        self.t0 = time.perf_counter()
        stages = self
        ready: dict = {}  # in a worker: when its start-up ended

        def noted(key, func):
            def wrapper(*args, **kwargs):
                t, c = time.perf_counter(), time.process_time()
                try:
                    return func(*args, **kwargs)
                finally:
                    stages.main[key] += time.perf_counter() - t
                    stages.main[key + " cpu"] += time.process_time() - c
            return wrapper

        real_chunks = pipeline.iter_chunks

        def iter_chunks(*args, **kwargs):
            it = real_chunks(*args, **kwargs)
            while True:
                t = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    stages.main["read and chunk"] += time.perf_counter() - t
                yield item

        # CPU seconds of each analysis in the chunk being analysed (in whichever process runs
        # it), its own share only (an analysis called by another is not counted twice), the
        # collector's CPU seconds within them, and the page faults of the chunk
        phase: dict = {}
        inside: list = []

        def phased(key, func):
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                c = time.process_time()
                inside.append(0.0)
                try:
                    return func(*args, **kwargs)
                finally:
                    spent = time.process_time() - c
                    phase[key] = phase.get(key, 0.0) + spent - inside.pop()
                    if inside:
                        inside[-1] += spent
            return wrapper

        from analysis import actors, entities, frames, quotes, sentiment, tone

        for module, name, key in PHASES:
            owner = {"pipeline": pipeline, "actors": actors, "entities": entities,
                     "frames": frames, "quotes": quotes, "sentiment": sentiment,
                     "tone": tone}[module]
            setattr(owner, name, phased(key, getattr(owner, name)))
        collecting: list = []

        def on_collect(step, info):
            if step == "start":
                collecting.append(time.process_time())
            elif collecting:
                phase["of which: garbage collector"] = (phase.get("of which: garbage collector", 0.0)
                                                        + time.process_time() - collecting.pop())

        gc.callbacks.append(on_collect)

        real_warm_up = pipeline._warm_up

        @functools.wraps(real_warm_up)  # sent to the workers by the pipeline's name
        def warm_up(options):
            t = time.perf_counter()
            real_warm_up(options)
            ready.update(start=t, end=time.perf_counter())

        real_chunk = pipeline._chunk_tables

        @functools.wraps(real_chunk)  # sent to the workers by the pipeline's name
        def chunk_tables(records, options, cleaned, *rest):
            phase.clear()
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            t, c = time.perf_counter(), time.process_time()
            tables = real_chunk(records, options, cleaned, *rest)
            info = {"pid": os.getpid(), "start": t, "end": time.perf_counter(),
                    "cpu": time.process_time() - c, "articles": len(records),
                    "bytes": 0 if os.getpid() == MAIN_PID else len(pickle.dumps(tables, protocol=5)),
                    "ready": dict(ready), "phases": dict(phase),
                    "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults}
            ready.clear()
            return {**tables, "_stage": info}

        real_finish_table = pipeline._finish_table

        @functools.wraps(real_finish_table)  # sent to the workers by the pipeline's name
        def finish_table(*args):
            c = time.process_time()
            done = real_finish_table(*args)
            return ("_stage", {"pid": os.getpid(), "cpu": time.process_time() - c}, done)

        real_map = pipeline._LocalEngine.map

        def engine_map(engine, func, items, **kwargs):
            t = time.perf_counter()
            for result in real_map(engine, func, items, **kwargs):
                if func is chunk_tables:
                    stages.main["waiting for the workers"] += time.perf_counter() - t
                    stages.note_chunk(result.pop("_stage"))
                elif isinstance(result, tuple) and result[:1] == ("_stage",):
                    stages.note_closing(result[1])
                    result = result[2]
                yield result
                t = time.perf_counter()

        real_one_by_one = pipeline._one_by_one

        def one_by_one(func, items):  # the closing work when it is not shared among workers
            for result in real_one_by_one(func, items):
                if isinstance(result, tuple) and result[:1] == ("_stage",):
                    stages.note_closing(result[1])
                    result = result[2]
                yield result

        pipeline._one_by_one = one_by_one
        pipeline.iter_chunks = iter_chunks
        pipeline._warm_up = warm_up
        pipeline._chunk_tables = chunk_tables
        pipeline._finish_table = finish_table
        pipeline._LocalEngine.map = engine_map
        pipeline._Links.close = noted("linking", pipeline._Links.close)
        pipeline._Writer.finish = noted("final join and write", pipeline._Writer.finish)

    def reset(self) -> None:
        self.main.clear()
        self.workers.clear()
        self.t0 = time.perf_counter()

    def worker(self, pid) -> dict:
        return self.workers.setdefault(pid, {"chunks": 0, "articles": 0, "cpu": 0.0, "busy": 0.0,
                                             "bytes": 0, "closing cpu": 0.0, "ready": None,
                                             "first": None, "last": 0.0, "phases": {},
                                             "faults": 0})

    def note_chunk(self, info: dict) -> None:
        w = self.worker(info["pid"])
        w["chunks"] += 1
        w["articles"] += info["articles"]
        w["cpu"] += info["cpu"]
        w["busy"] += info["end"] - info["start"]
        w["bytes"] += info["bytes"]
        w["faults"] += info["faults"]
        for key, seconds in info["phases"].items():
            w["phases"][key] = w["phases"].get(key, 0.0) + seconds
        if info["ready"]:
            w["ready"] = info["ready"]["end"] - self.t0
            w["start-up"] = info["ready"]["end"] - info["ready"]["start"]
        w["first"] = info["start"] - self.t0 if w["first"] is None else w["first"]
        w["last"] = info["end"] - self.t0

    def note_closing(self, info: dict) -> None:
        self.worker(info["pid"])["closing cpu"] += info["cpu"]

    def as_dict(self) -> dict:
        return {"main": dict(self.main), "workers": list(self.workers.values())}


MAIN_PID = os.getpid()

PHASES = (  # (module, function, what it is): the steps of one chunk, timed in CPU seconds
    ("pipeline", "_finish", "cleaning"),
    ("pipeline", "records_to_frame", "articles table"),
    ("pipeline", "split_sentences", "sentence splitting"),
    ("sentiment", "score_sentences", "sentence sentiment"),
    ("entities", "find_actors", "actors (entity layer)"),
    ("actors", "find_mentions", "codebook mentions"),
    ("actors", "score_targets", "tone toward each mention"),
    ("frames", "tag_frames", "frames"),
    ("quotes", "find_quotes", "quotes"),
    ("quotes", "find_stance", "stance"),
    ("entities", "actor_table", "actors table"),
    ("tone", "article_tone", "article tone"),
    ("pipeline", "add_parts", "parts"),
    ("pipeline", "_in_order", "input order"),
    ("pipeline", "_to_arrow", "to Arrow"),
    ("pipeline", "_write_part", "writing the chunk's parts"),
)


def speed_child(corpus: str, warm_up: str, jobs: str, out: str) -> None:
    """Run in a fresh process: load the models on ``warm_up`` (other articles), then time
    ``corpus`` with ``jobs`` workers, written to ``out``; print the counts, the load average
    before and after, the CPU seconds of this process and of its workers, and the stages
    (:class:`Stages`) as JSON. A fresh process per setting means no run inherits word
    caches filled by another run on the same texts."""
    import resource

    import pyarrow.parquet as pq

    from analysis import pipeline

    warnings.simplefilter("ignore")
    stages = Stages(pipeline)
    run_pipeline(Path(warm_up), jobs=1)
    load = os.getloadavg()[0]
    own, children = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    stages.reset()
    _, seconds = run_pipeline(Path(corpus), jobs=int(jobs), out=Path(out))
    own2, children2 = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    counts = {name: pq.read_metadata(Path(out) / f"{name}.parquet").num_rows
              for name in pipeline.TABLE_NAMES}
    print(json.dumps({
        "seconds": seconds, "sentences": counts.pop("sentences"),
        "counts": {name: counts[name] for name in pipeline.TABLE_NAMES[2:]},
        "load": [load, os.getloadavg()[0]],
        "main cpu": own2.ru_utime + own2.ru_stime - own.ru_utime - own.ru_stime,
        "workers cpu": children2.ru_utime + children2.ru_stime - children.ru_utime - children.ru_stime,
        "stages": stages.as_dict()}))


def print_stages(jobs: int, info: dict) -> None:
    """Where the time of one speed run went (see :class:`Stages`)."""
    main, seconds = info["stages"]["main"], info["seconds"]
    print(f"  where the time went ({jobs} worker{'s' if jobs > 1 else ''}, {seconds:.1f} s wall, "
          f"load average {info['load'][0]:.2f} -> {info['load'][1]:.2f}):")
    print(f"    main process: reading and chunking {main.get('read and chunk', 0):.2f} s, "
          f"linking actor ids {main.get('linking', 0):.2f} s, final join and write "
          f"{main.get('final join and write', 0):.2f} s wall "
          f"({main.get('final join and write cpu', 0):.2f} s of its own CPU); "
          f"its CPU in all {info['main cpu']:.1f} s "
          f"({100 * info['main cpu'] / seconds:.0f}% of the wall time)")
    for i, w in enumerate(info["stages"]["workers"], 1):
        who = "main process (no workers)" if jobs == 1 else f"worker {i}"
        ready = (f"ready {w['ready']:.2f} s after the start (start-up {w['start-up']:.2f} s), "
                 if jobs > 1 and w.get("ready") is not None else "")
        print(f"    {who}: {ready}{w['chunks']} chunks, {w['articles']} articles, "
              f"{w['cpu']:.1f} s CPU in {w['busy']:.1f} s, last chunk done at {w['last']:.1f} s"
              + (f", {w['bytes'] / 1e6:.1f} MB of results sent back" if jobs > 1 else "")
              + f"; closing work {w['closing cpu']:.2f} s CPU")
    workers = info["stages"]["workers"]
    if jobs > 1 and len(workers) > 1:
        lasts = sorted(w["last"] for w in workers)
        print(f"    idle at the end of the analysis: {lasts[-1] - lasts[0]:.2f} s (the first "
              f"worker to finish, waiting for the last); CPU of the workers in all "
              f"{info['workers cpu']:.1f} s")


def cpu_seconds(info: dict) -> float:
    """CPU seconds of a whole speed run: the main process and its workers."""
    return info["main cpu"] + info["workers cpu"]


def print_phases(runs: dict, articles: int) -> None:
    """CPU milliseconds per article of each step of a chunk, with 1 worker and with 2 (the
    median run of each, summed over the workers), and how much more the 2-worker run spent:
    a step whose cost grows when two processes run at once is bound by what the two cores
    share (caches, memory), not by work done twice."""
    def median(infos):
        return sorted(infos, key=cpu_seconds)[len(infos) // 2]

    other, closing, outside = ("other work on the chunk", "closing work (joining the tables)",
                               "workers, outside those (start-up, pool)")

    def totals(info) -> dict:
        out: dict = {}
        for w in info["stages"]["workers"]:
            for key, seconds in w["phases"].items():
                out[key] = out.get(key, 0.0) + seconds
            timed = sum(v for k, v in w["phases"].items() if not k.startswith("of which"))
            out[other] = out.get(other, 0.0) + w["cpu"] - timed
            out[closing] = out.get(closing, 0.0) + w["closing cpu"]
        in_tasks = sum(w["cpu"] + w["closing cpu"] for w in info["stages"]["workers"])
        if len(info["stages"]["workers"]) > 1:
            out[outside] = info["workers cpu"] - in_tasks
            out["main process"] = info["main cpu"]
        else:
            out["main process"] = info["main cpu"] - in_tasks
        return out

    one, two = totals(median(runs[1])), totals(median(runs[2]))
    print("  CPU ms per article by step (median run of each; 2 workers: both summed):")
    print(f"    {'step':40s} {'1 worker':>9s} {'2 workers':>9s} {'change':>8s}")
    keys = [key for _, _, key in PHASES] + ["of which: garbage collector", other, closing,
                                             outside, "main process"]
    for key in keys:
        a, b = 1000 * one.get(key, 0.0) / articles, 1000 * two.get(key, 0.0) / articles
        if a or b:
            change = f"{100 * (b - a) / a:+.0f}%" if a > 0.05 else ""
            print(f"    {key:40s} {a:9.2f} {b:9.2f} {change:>8s}")
    faults = [sum(w["faults"] for w in median(runs[j])["stages"]["workers"]) for j in (1, 2)]
    print(f"    page faults during the chunks: {faults[0] / articles:.0f} per article with 1 worker, "
          f"{faults[1] / articles:.0f} with 2")


def machine_scaling(seconds: float = 1.0) -> str:
    """How this machine scales right now, without the pipeline: a pure-Python loop and a
    loop of dictionary look-ups over ~130 MB (bound by memory, as much text analysis is),
    each alone and in two processes at once, twice in turn; the CPU seconds of the
    cheapest step of each (steps of about 0.1 s, so a burst of other work shows little).
    Meaningful on an otherwise idle machine. Returns one line."""
    script = (
        "import os, sys, time, random\n"
        "kind, n, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])\n"
        "def work():\n"
        "    if kind == 'memory':  # made in each process: its own pages, as a worker's caches\n"
        "        d = {i * 7919: [i] for i in range(1_000_000)}\n"
        "        keys = [random.randrange(1_000_000) * 7919 for _ in range(100_000)]\n"
        "    steps, t = [], time.perf_counter()\n"
        "    while time.perf_counter() - t < seconds or len(steps) < 3:\n"
        "        c, s = time.process_time(), 0\n"
        "        if kind == 'memory':\n"
        "            for k in keys: s += d[k][0]\n"
        "        else:\n"
        "            for i in range(300_000): s += i * i % 7\n"
        "        steps.append(time.process_time() - c)\n"
        "    return min(steps)\n"
        "r, w = os.pipe()\n"
        "kids = []\n"
        "for _ in range(n):\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        os.write(w, f'{work()}\\n'.encode()); os._exit(0)\n"
        "    kids.append(pid)\n"
        "for pid in kids: os.waitpid(pid, 0)\n"
        "os.close(w)\n"
        "print(max(map(float, os.fdopen(r).read().split())))\n")
    parts = []
    for kind in ("pure-Python loop", "memory-bound look-ups"):
        cost: dict = {1: [], 2: []}
        for _ in range(2):
            for n in (1, 2):
                proc = subprocess.run([sys.executable, "-c", script, kind.split("-")[0], str(n),
                                       str(seconds)], capture_output=True, text=True, check=True)
                cost[n].append(float(proc.stdout.strip()))
        parts.append(f"{kind} {100 * (min(cost[2]) / min(cost[1]) - 1):+.0f}% CPU per step")
    return "two processes at once vs one alone: " + ", ".join(parts)


def cpu_estimate(runs: dict) -> None:
    """The speed-up the CPU seconds allow on an idle machine: the 1-worker run's CPU over the
    busiest of the two cores in the 2-worker run (start-up, analysis and closing work of its
    worker, plus the main process's CPU spread over both cores)."""
    one = min(runs[1], key=lambda r: r["seconds"])
    two = min(runs[2], key=lambda r: r["seconds"])
    t1 = one["main cpu"]
    workers = two["stages"]["workers"]
    if len(workers) < 2:
        return
    busiest = max(w["cpu"] + w["closing cpu"] + w.get("start-up", 0) for w in workers)
    main = two["main cpu"]
    bound = max(busiest + main / 2, (sum(w["cpu"] + w["closing cpu"] for w in workers) + main) / 2)
    print(f"CPU-time estimate for an idle machine: 1 worker {t1:.1f} s of CPU; 2 workers: busiest "
          f"worker {busiest:.1f} s + half the main process's {main:.1f} s -> {bound:.1f} s, "
          f"a speed-up of {t1 / bound:.2f}x (the main process's CPU is "
          f"{100 * main / (main + sum(w['cpu'] + w['closing cpu'] for w in workers)):.1f}% "
          f"of the run's)")


def memory_child(corpus: str, out: str) -> None:
    """Run in a fresh process: analyse ``corpus`` into ``out``; print peak RSS as JSON."""
    import resource

    warnings.simplefilter("ignore")
    result, seconds = run_pipeline(Path(corpus), jobs=1, out=Path(out))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mib": peak_kib / 1024, "seconds": seconds,
                      "articles": int(result["summary"]["articles"].sum())}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000],
                        help="corpus sizes for the memory measurement (articles)")
    parser.add_argument("--speed-articles", type=int, default=2000,
                        help="articles for the 1- and 2-worker speed runs")
    parser.add_argument("--baseline-articles", type=int, default=300,
                        help="articles for the naive baseline")
    parser.add_argument("--dask-articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3,
                        help="fresh processes per worker setting; the fastest is reported")
    parser.add_argument("--speed-only", action="store_true",
                        help="only the 1- and 2-worker speed runs (no baseline, memory or Dask)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import pandas as pd

    from analysis.pipeline import TABLE_NAMES

    texts = real_texts()
    print(f"real articles available: {len(texts)} (PerSenT + PolNeAR train); cores: {os.cpu_count()}; "
          f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = naive_baseline(texts[: 0 if args.speed_only else args.baseline_articles])
        base_rate = base["sentences"] / base["seconds"] if base["sentences"] else 0.0
        if not args.speed_only:
            print(f"\nnaive baseline ({base['articles']} articles, {base['sentences']} sentences, "
                  f"{base['patterns']} regexes): {base['seconds']:.1f} s, "
                  f"{base['articles'] / base['seconds']:.1f} articles/s, {base_rate:.0f} sentences/s")

        corpus = write_corpus(tmp, args.speed_articles, texts)
        # models are loaded on 20 articles and one short German text (for the language
        # model, which English prose does not need) first, outside the timing
        warm_texts = texts[::-1][:20] + [("", "Die Proteste in Minsk gingen am Sonntag weiter.")]
        warm_up = write_corpus(tmp, len(warm_texts), warm_texts, name="warm_up")
        # best of --repeat fresh processes per setting: this machine's timings vary from run
        # to run and drift within minutes, so the 1- and 2-worker runs take turns
        print(f"this machine before the speed runs ({machine_scaling()}; load average "
              f"{os.getloadavg()[0]:.2f})")
        runs: dict[int, list] = {1: [], 2: []}
        for i in range(args.repeat):
            for jobs in (1, 2):
                proc = subprocess.run([sys.executable, __file__, "--speed-child", str(corpus),
                                       str(warm_up), str(jobs), str(tmp / f"speed_{i}_{jobs}")],
                                      capture_output=True, text=True, check=True)
                runs[jobs].append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"this machine after the speed runs ({machine_scaling()}; load average "
              f"{os.getloadavg()[0]:.2f})")
        rates = {}
        for jobs in (1, 2):
            info = min(runs[jobs], key=lambda r: r["seconds"])
            n_sent, seconds = info["sentences"], info["seconds"]
            rates[jobs] = n_sent / seconds
            counts = ", ".join(f"{name} {count}" for name, count in info["counts"].items())
            print(f"pipeline, {jobs} worker{'s' if jobs > 1 else ''}, best of {args.repeat} "
                  f"({args.speed_articles} articles, "
                  f"{n_sent} sentences; {counts}; written to Parquet/CSV): {seconds:.1f} s, "
                  f"{args.speed_articles / seconds:.1f} articles/s, {rates[jobs]:.0f} sentences/s")
            print_stages(jobs, info)
        n = args.speed_articles
        print("each pair (the 1-worker run, then the 2-worker run right after it):")
        for i, (one, two) in enumerate(zip(runs[1], runs[2]), 1):
            print(f"  pair {i}: 1 worker {one['seconds']:.1f} s, {1000 * cpu_seconds(one) / n:.2f} ms "
                  f"CPU/article (load {one['load'][0]:.2f} -> {one['load'][1]:.2f}); 2 workers "
                  f"{two['seconds']:.1f} s, {1000 * cpu_seconds(two) / n:.2f} ms CPU/article (load "
                  f"{two['load'][0]:.2f} -> {two['load'][1]:.2f}); speed-up "
                  f"{one['seconds'] / two['seconds']:.2f}x, CPU per article "
                  f"{100 * (cpu_seconds(two) / cpu_seconds(one) - 1):+.0f}%")
        print_phases(runs, n)
        cpu_estimate(runs)
        speedup = rates[2] / rates[1]
        best = {jobs: min(runs[jobs], key=lambda r: r["seconds"]) for jobs in (1, 2)}
        cpu = {jobs: min(cpu_seconds(r) for r in runs[jobs]) for jobs in (1, 2)}
        print(f"\nscaling on {n} articles, best of {args.repeat} by wall time: 1 worker "
              f"{best[1]['seconds']:.2f} s (load {best[1]['load'][0]:.2f} -> {best[1]['load'][1]:.2f}), "
              f"2 workers {best[2]['seconds']:.2f} s (load {best[2]['load'][0]:.2f} -> "
              f"{best[2]['load'][1]:.2f}): {speedup:.2f}x; CPU per article, least of "
              f"{args.repeat}: 1 worker {1000 * cpu[1] / n:.2f} ms, 2 workers {1000 * cpu[2] / n:.2f} ms "
              f"({100 * (cpu[2] / cpu[1] - 1):+.0f}%)")
        print(f"\nsentences/s per core (1 worker): {rates[1]:.0f}  target >= {TARGET_PER_CORE}: "
              f"{'met' if rates[1] >= TARGET_PER_CORE else 'NOT met'}")
        print(f"speed-up 1 -> 2 workers: {speedup:.2f}x  target >= {TARGET_SPEEDUP}x: "
              f"{'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}")
        if args.speed_only:
            return
        print(f"pipeline vs naive baseline (1 worker, sentences/s): {rates[1] / base_rate:.2f}x "
              f"{'faster' if rates[1] > base_rate else 'slower'}; target faster: "
              f"{'met' if rates[1] > base_rate else 'NOT met'}")

        peaks = {}
        for n in args.sizes:
            path = write_corpus(tmp, n, texts)
            proc = subprocess.run([sys.executable, __file__, "--memory-child", str(path),
                                   str(tmp / f"out_{n}")], capture_output=True, text=True, check=True)
            info = json.loads(proc.stdout.strip().splitlines()[-1])
            peaks[n] = info["peak_mib"]
            print(f"peak RSS at {n} articles (1 worker, written to Parquet/CSV): "
                  f"{info['peak_mib']:.0f} MiB ({info['seconds']:.0f} s)")
        if len(peaks) >= 2:
            small, large = min(peaks), max(peaks)
            ratio = peaks[large] / peaks[small]
            print(f"memory ratio {large} / {small} articles: {ratio:.2f}  target <= "
                  f"{TARGET_MEMORY_RATIO}: {'met' if ratio <= TARGET_MEMORY_RATIO else 'NOT met'}")

        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            print("\ndask engine: not installed (pip install '.[dask]'); agreement not measured")
            return
        corpus = write_corpus(tmp, args.dask_articles, texts)
        local, _ = run_pipeline(corpus, jobs=1, chunk_size=25)
        on_dask, seconds = run_pipeline(corpus, jobs=2, engine="dask", chunk_size=25)
        same = []
        for name in TABLE_NAMES:
            try:
                pd.testing.assert_frame_equal(local[name], on_dask[name])
                same.append(True)
            except AssertionError:
                same.append(False)
        print(f"\ndask engine (LocalCluster, 2 workers, {args.dask_articles} articles, "
              f"{seconds:.1f} s incl. start-up): tables identical to the local engine: "
              f"{all(same)} ({', '.join(f'{n} {s}' for n, s in zip(TABLE_NAMES, same))})")
    print(f"load average at end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--memory-child":
        memory_child(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 6 and sys.argv[1] == "--speed-child":
        speed_child(*sys.argv[2:6])
    else:
        main()
