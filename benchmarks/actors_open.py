"""The actor layer on text nobody here wrote: names found, linked and followed, with no codebook.

Every figure runs the real pipeline (``analysis.pipeline.analyze_chunk``: cleaning, sentences,
the entity layer, the codebook, quotes) on development data made by others, read from the
benchmark folder beside the checkout (nothing is copied into the project):

* **CoNLL-2003 ``eng.testa``** (Reuters news, 1996; Tjong Kim Sang & De Meulder 2003): each
  article is rebuilt from its tokens (one sentence a paragraph, spaces as a reader would write
  them), and the name mentions of the mentions table (not pronouns, not the common nouns a
  codebook lists for vague actors) are compared with the gold person, organisation and place
  names (MISC left out on both sides): exact-span F1, untyped (the span is right) and typed
  (span and type: person = PER; organisation and media = ORG; country and place = LOC). The
  name inside a mention is what is compared: a possessive 's is cut off, and a titled mention
  ("President Boris Yeltsin") counts by the name it ends with.
* **NewsMTSC ``train.jsonl``** (Hamborg & Donnay 2021): the share of named targets (not a
  pronoun, starting with a capital letter) that overlap an actor mention of their sentence.
* **PerSenT ``dev.csv`` + ``random_test.csv``** (Bastan et al. 2020): the share of articles
  where the main entity is an actor of the article (its name, or its surname for a person
  named in full, is the actor's canonical name or its last word).

* **Speed**: sentences per second of CPU time with the entity layer on and off (PerSenT and
  PolNeAR text, one process).

Targets: CoNLL F1 >= 0.87 (typed >= 0.83), NewsMTSC >= 0.92, PerSenT >= 0.97, with the entity
layer >= 3,000 sentences/s and within 1.5x of the time without it. Usage::

    python benchmarks/actors_open.py [--limit N] [--only conll|newsmtsc|persent|speed] [--errors K]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import CORPORA_DIR, EVAL_DIR  # noqa: E402
from analysis.load import ARTICLE_COLUMNS  # noqa: E402
from analysis.pipeline import analyze_chunk  # noqa: E402

TYPE_OF = {"person": "PER", "organisation": "ORG", "media": "ORG", "country": "LOC",
           "place": "LOC"}
NOT_NAMES = ("pronoun", "plural", "description")
_NO_SPACE_BEFORE = {".", ",", ":", ";", "?", "!", ")", "]", "}", "'s", "'", "n't", "%", "'re",
                    "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}
_PRONOUNS = {"he", "she", "it", "they", "him", "her", "his", "hers", "its", "their", "them",
             "we", "us", "i", "me", "you", "who", "this", "that"}


def record(doc_id: str, text: str, *, title: str | None = None) -> dict:
    """A loader record for ``text``, already clean (offsets are into ``text`` as given)."""
    rec = {key: None for key in ARTICLE_COLUMNS}
    rec.update(doc_id=doc_id, source_path=doc_id, raw_text=text, text=text, status="ok",
               message="", language="en", title=title)
    return rec


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """One line of text from CoNLL tokens, and each token's (start, end) in it."""
    out, spans, pos = [], [], 0
    for i, tok in enumerate(tokens):
        if i and tok not in _NO_SPACE_BEFORE and tokens[i - 1] not in _NO_SPACE_AFTER:
            out.append(" ")
            pos += 1
        spans.append((pos, pos + len(tok)))
        out.append(tok)
        pos += len(tok)
    return "".join(out), spans


def conll_articles(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, gold spans (start, end, PER/ORG/LOC)) per article of a CoNLL-2003 file."""
    articles, sentences = [], []

    def close_article():
        if sentences:
            text, gold, pos = [], [], 0
            for line, spans, tags in sentences:
                if text:
                    text.append("\n\n")
                    pos += 2
                text.append(line)
                start = kind = None
                for (s, e), tag in zip(spans + [(0, 0)], tags + ["O"]):
                    if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
                        if kind != "MISC":
                            gold.append((pos + start, pos + last_end, kind))
                        start = kind = None
                    if tag != "O" and start is None:
                        start, kind = s, tag[2:]
                    last_end = e
                pos += len(line)
            articles.append(("".join(text), gold))
        sentences.clear()

    tokens, tags = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("-DOCSTART-"):
            close_article()
            continue
        if not line.strip():
            if tokens:
                sentences.append((*detokenise(tokens), tags))
            tokens, tags = [], []
            continue
        parts = line.split()
        tokens.append(parts[0])
        tags.append(parts[-1])
    close_article()
    return articles


def run(records: list[dict], batch: int = 200) -> dict[str, pd.DataFrame]:
    """The pipeline's tables for ``records``, in chunks of ``batch`` articles."""
    tables: dict[str, list] = {}
    for i in range(0, len(records), batch):
        for name, df in analyze_chunk(records[i:i + batch], cleaned=True).items():
            tables.setdefault(name, []).append(df)
    return {name: pd.concat(parts, ignore_index=True) for name, parts in tables.items()}


def names_of(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions that are names: not pronouns or plural references, and not common nouns
    a codebook lists for vague actors ("officials", "the opposition")."""
    if mentions.empty:
        return mentions
    keep = ~mentions["match_kind"].isin(NOT_NAMES) & mentions["surface"].str[:1].str.isupper()
    return mentions[keep]


_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def name_span(text: str, start: int, end: int, kind: str, gold: set) -> tuple[int, int]:
    """The span of the name inside a mention: a possessive ``'s`` is cut off ("England's" ->
    "England"), and a titled mention ("President Boris Yeltsin", one mention in the table)
    counts by the name at its end when a gold name ends there after a space."""
    m = _POSSESSIVE.search(text, start, end)
    if kind == "possessive" and m:
        end = m.start()
    if kind == "title":
        for s, e in sorted(gold):
            if e == end and start < s and text[s - 1] == " ":
                return s, e
    return start, end


def f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bench_conll(limit: int | None, errors: int) -> dict:
    path = EVAL_DIR / "conll2003" / "eng.testa"
    if not path.exists():
        print("CoNLL-2003 eng.testa not found; skipped.")
        return {}
    arts = conll_articles(path)[:limit]
    recs = [record(f"conll{i:04d}", text) for i, (text, _) in enumerate(arts)]
    t0 = time.perf_counter()
    tables = run(recs)
    seconds = time.perf_counter() - t0
    found = names_of(tables["mentions"])
    gold = {f"conll{i:04d}": set(g) for i, (_, g) in enumerate(arts)}
    texts = {f"conll{i:04d}": t for i, (t, _) in enumerate(arts)}
    spans = {d: {g[:2] for g in gs} for d, gs in gold.items()}
    pred: dict[str, set] = {}
    for doc_id, s, e, t, k in zip(found["doc_id"], found["start"], found["end"],
                                  found["actor_type"], found["match_kind"]):
        s, e = name_span(texts[doc_id], int(s), int(e), k, spans[doc_id])
        pred.setdefault(doc_id, set()).add((s, e, TYPE_OF.get(t, "OTHER")))
    n_gold = sum(map(len, gold.values()))
    n_pred = sum(map(len, pred.values()))
    tp_typed = sum(len(gold[d] & pred.get(d, set())) for d in gold)
    tp_span = sum(len({g[:2] for g in gold[d]} & {p[:2] for p in pred.get(d, set())}) for d in gold)
    p, r, f = f1(tp_span, n_pred, n_gold)
    tp_, tr, tf = f1(tp_typed, n_pred, n_gold)
    sents = len(tables["sentences"])
    print(f"CoNLL-2003 eng.testa: {len(arts)} articles, {sents} sentences, {n_gold} gold "
          f"PER/ORG/LOC names, {n_pred} name mentions found ({seconds:.1f} s incl. all analyses)")
    print(f"  exact span, untyped: precision {p:.3f} recall {r:.3f} F1 {f:.3f}  target >= 0.87: "
          f"{'met' if f >= 0.87 else 'NOT met'}")
    print(f"  exact span and type: precision {tp_:.3f} recall {tr:.3f} F1 {tf:.3f}  target >= 0.83: "
          f"{'met' if tf >= 0.83 else 'NOT met'}")
    for kind in ("PER", "ORG", "LOC"):
        g = sum(1 for d in gold for x in gold[d] if x[2] == kind)
        pr = sum(1 for d in pred for x in pred[d] if x[2] == kind)
        tp = sum(1 for d in gold for x in gold[d] & pred.get(d, set()) if x[2] == kind)
        kp, kr, kf = f1(tp, pr, g)
        print(f"  {kind}: precision {kp:.3f} recall {kr:.3f} F1 {kf:.3f} ({g} gold)")
    sources = Counter(found["source"]) if "source" in found.columns else Counter()
    print(f"  name mentions by source: {dict(sorted(sources.items()))}")
    if errors:
        shown = 0
        for d in sorted(gold):
            for s, e, k in sorted(gold[d] - pred.get(d, set())):
                if shown < errors:
                    print(f"    missed {k}: {texts[d][s:e]!r}")
                    shown += 1
            for s, e, k in sorted(pred.get(d, set()) - gold[d]):
                if shown < 2 * errors:
                    print(f"    spurious {k}: {texts[d][s:e]!r}")
                    shown += 1
    return {"conll_f1": f, "conll_typed_f1": tf}


def bench_newsmtsc(limit: int | None) -> dict:
    path = EVAL_DIR / "newsmtsc" / "train.jsonl"
    if not path.exists():
        print("NewsMTSC train.jsonl not found; skipped.")
        return {}
    recs, targets = [], []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()[:limit]):
        row = json.loads(line)
        text = row["sentence_normalized"]
        doc_id = f"mtsc{i:05d}"
        recs.append(record(doc_id, text))
        for t in row["targets"]:
            mention = t["mention"].strip()
            if not mention[:1].isupper() or mention.lower() in _PRONOUNS:
                continue
            targets.append((doc_id, int(t["from"]), int(t["to"]), mention))
    tables = run(recs, batch=500)
    found = names_of(tables["mentions"])
    spans: dict[str, list] = {}
    for doc_id, s, e in zip(found["doc_id"], found["start"], found["end"]):
        spans.setdefault(doc_id, []).append((int(s), int(e)))
    hit = sum(1 for d, s, e, _ in targets if any(a < e and s < b for a, b in spans.get(d, [])))
    share = hit / len(targets) if targets else 0.0
    print(f"NewsMTSC train.jsonl: {len(recs)} sentences, {len(targets)} named targets; found as "
          f"an actor mention: {hit} = {share:.3f}  target >= 0.92: "
          f"{'met' if share >= 0.92 else 'NOT met'}")
    return {"newsmtsc_share": share}


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'-]+", re.sub(r"'s\b", "", str(name).lower()))


def is_main_entity(target: str, names: list[str]) -> bool:
    """Whether an actor called one of ``names`` is the entity ``target``."""
    t = _words(target)
    if not t:
        return False
    for name in names:
        n = _words(name)
        if not n:
            continue
        if n == t or n[-1] == t[-1] or (len(n) > 1 and " ".join(n) in " ".join(t)) \
                or (len(t) > 1 and " ".join(t) in " ".join(n)):
            return True
    return False


def bench_persent(limit: int | None) -> dict:
    frames = [pd.read_csv(p) for p in (CORPORA_DIR / "persent" / "dev.csv",
                                       CORPORA_DIR / "persent" / "random_test.csv") if p.exists()]
    if not frames:
        print("PerSenT not found; skipped.")
        return {}
    df = pd.concat(frames, ignore_index=True).head(limit)
    recs = [record(f"persent{i:05d}", str(doc), title=str(title))
            for i, (doc, title) in enumerate(zip(df["DOCUMENT"], df["TITLE"]))]
    tables = run(recs)
    actors = tables.get("actors")
    if actors is not None and not actors.empty and "actor_name" in actors.columns:
        by_doc = actors.groupby("doc_id")["actor_name"].apply(list).to_dict()
    else:  # no actors table: read the names off the mentions
        m = names_of(tables["mentions"])
        col = "actor_name" if "actor_name" in m.columns else "actor"
        by_doc = m.groupby("doc_id")[col].apply(list).to_dict()
    ok = [is_main_entity(t, by_doc.get(f"persent{i:05d}", []))
          for i, t in enumerate(df["TARGET_ENTITY"])]
    share = sum(ok) / len(ok)
    print(f"PerSenT dev + random_test: {len(ok)} articles; main entity is an actor: "
          f"{sum(ok)} = {share:.3f}  target >= 0.97: {'met' if share >= 0.97 else 'NOT met'}")
    return {"persent_share": share}


def bench_speed(limit: int | None) -> dict:
    """Sentences per second of CPU time (and by the clock), one process, the whole
    ``analyze_chunk`` with the entity layer on and off, on PerSenT and PolNeAR text (best of
    three runs each, taking turns, after a warm-up run)."""
    from analysis.pipeline import ChunkOptions

    texts = []
    for p in (CORPORA_DIR / "persent" / "dev.csv", CORPORA_DIR / "persent" / "random_test.csv"):
        if p.exists():
            texts += pd.read_csv(p)["DOCUMENT"].astype(str).tolist()
    polnear = EVAL_DIR / "polnear" / "train" / "text"
    if polnear.exists():
        texts += [f.read_text(encoding="utf-8") for f in sorted(polnear.glob("*.txt"))]
    if not texts:
        print("PerSenT and PolNeAR not found; speed not measured.")
        return {}
    texts = texts[: limit or 1000]
    recs = []
    for i, text in enumerate(texts):
        rec = record(f"speed{i:05d}", text)
        rec.update(text="", status="ok")  # cleaned inside, as annotate does
        recs.append(rec)
    analyze_chunk(recs[:20])
    analyze_chunk(recs[:20], ChunkOptions(entities=False))
    best = {True: float("inf"), False: float("inf")}
    wall = {True: float("inf"), False: float("inf")}
    n = 0
    for _ in range(3):
        for on in (False, True):
            t0, w0 = time.process_time(), time.perf_counter()
            out = {}
            for i in range(0, len(recs), 200):
                part = analyze_chunk(recs[i:i + 200], ChunkOptions(entities=on))
                out.setdefault("n", 0)
                out["n"] += len(part["sentences"])
            best[on] = min(best[on], time.process_time() - t0)
            wall[on] = min(wall[on], time.perf_counter() - w0)
            n = out["n"]
    on_rate, off_rate = n / best[True], n / best[False]
    ratio = best[True] / best[False]
    print(f"speed, one process, {len(recs)} articles, {n} sentences (CPU time, best of 3): entity "
          f"layer off {off_rate:.0f} sentences/s, on {on_rate:.0f} sentences/s, time on/off "
          f"{ratio:.2f}x  targets >= 3000 sentences/s: {'met' if on_rate >= 3000 else 'NOT met'}; "
          f"within 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}")
    print(f"  by the clock (best of 3): off {n / wall[False]:.0f} sentences/s, on "
          f"{n / wall[True]:.0f} sentences/s, time on/off {wall[True] / wall[False]:.2f}x")
    return {"on_rate": on_rate, "ratio": ratio}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles/sentences")
    ap.add_argument("--only", choices=("conll", "newsmtsc", "persent", "speed"), default=None)
    ap.add_argument("--errors", type=int, default=0, help="print K missed and K spurious names")
    args = ap.parse_args(argv)
    if args.only in (None, "conll"):
        bench_conll(args.limit, args.errors)
    if args.only in (None, "newsmtsc"):
        bench_newsmtsc(args.limit)
    if args.only in (None, "persent"):
        bench_persent(args.limit)
    if args.only in (None, "speed"):
        bench_speed(args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
