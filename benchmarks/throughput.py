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
    stance) with 1 and 2 worker processes, each in a fresh process after loading the models on
    20 of the articles and a short German text, with the default chunks (at most 200
    articles and about 500,000 characters): articles/s, sentences/s, speed-up;
  * peak memory (RSS) of a fresh process running the pipeline at each size (``--sizes``),
    writing to a folder (``return_tables=False``);
  * whether the Dask engine gives identical tables to the local engine.

    python benchmarks/throughput.py                    # speed on 2,000 articles; memory at 1,000 and 10,000
    python benchmarks/throughput.py --sizes 200 1000 --speed-articles 300   # quick look
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
TARGET_SPEEDUP = 1.8
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


def speed_child(corpus: str, warm_up: str, jobs: str) -> None:
    """Run in a fresh process: load the models on ``warm_up`` (other articles), then time
    ``corpus`` with ``jobs`` workers; print the counts as JSON. A fresh process per setting
    means no run inherits word caches filled by another run on the same texts."""
    from analysis.pipeline import TABLE_NAMES

    warnings.simplefilter("ignore")
    run_pipeline(Path(warm_up), jobs=1)
    tables, seconds = run_pipeline(Path(corpus), jobs=int(jobs))
    print(json.dumps({"seconds": seconds, "sentences": len(tables["sentences"]),
                      "counts": {name: len(tables[name]) for name in TABLE_NAMES[2:]}}))


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
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import pandas as pd

    from analysis.pipeline import TABLE_NAMES

    texts = real_texts()
    print(f"real articles available: {len(texts)} (PerSenT + PolNeAR train); cores: {os.cpu_count()}; "
          f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = naive_baseline(texts[: args.baseline_articles])
        base_rate = base["sentences"] / base["seconds"]
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
        runs: dict[int, list] = {1: [], 2: []}
        for _ in range(args.repeat):
            for jobs in (1, 2):
                proc = subprocess.run([sys.executable, __file__, "--speed-child", str(corpus),
                                       str(warm_up), str(jobs)], capture_output=True, text=True,
                                      check=True)
                runs[jobs].append(json.loads(proc.stdout.strip().splitlines()[-1]))
        rates = {}
        for jobs in (1, 2):
            info = min(runs[jobs], key=lambda r: r["seconds"])
            n_sent, seconds = info["sentences"], info["seconds"]
            rates[jobs] = n_sent / seconds
            counts = ", ".join(f"{name} {count}" for name, count in info["counts"].items())
            print(f"pipeline, {jobs} worker{'s' if jobs > 1 else ''}, best of {args.repeat} "
                  f"({args.speed_articles} articles, "
                  f"{n_sent} sentences; {counts}): {seconds:.1f} s, "
                  f"{args.speed_articles / seconds:.1f} articles/s, {rates[jobs]:.0f} sentences/s")
        pairs = ", ".join(f"{one['seconds'] / two['seconds']:.2f}x"
                          for one, two in zip(runs[1], runs[2]))
        print(f"speed-up of each 1-worker run over the 2-worker run right after it: {pairs}")
        speedup = rates[2] / rates[1]
        print(f"\nsentences/s per core (1 worker): {rates[1]:.0f}  target >= {TARGET_PER_CORE}: "
              f"{'met' if rates[1] >= TARGET_PER_CORE else 'NOT met'}")
        print(f"speed-up 1 -> 2 workers: {speedup:.2f}x  target >= {TARGET_SPEEDUP}x: "
              f"{'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}")
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
    elif len(sys.argv) == 5 and sys.argv[1] == "--speed-child":
        speed_child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
