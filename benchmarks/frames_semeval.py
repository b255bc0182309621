"""Frame codebook against SemEval-2023 Task 3 (subtask 2) article-level frame labels.

Every article of the development split is tagged with the project's frame codebook; hits go
through the codebook's crosswalk to the 14 Media Frames Corpus frames. A frame counts as
present when it has at least ``min_hits`` hits and at least ``per_1000_words`` hits per
thousand words. The two numbers are chosen per frame on training folds and scored on the
held-out articles (5-fold cross-validation over articles, repeated 5 times); the printed
figures are those cross-validated scores. The rule fitted on all articles is printed at the
end in the form the codebook's ``presence`` section takes.

Baselines: always predicting the k most frequent frames of the training folds.

Data: SemEval-2023 Task 3, English training data (Piskorski et al., 2023), read from the
shared benchmark folder; nothing of it is stored in the project.

    python benchmarks/frames_semeval.py [--codebook PATH]
"""
from __future__ import annotations

import argparse
import sys
import time
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import RepeatedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import load_corpus, split_sentences  # noqa: E402
from analysis.config import EVAL_DIR, GOLD_DIR, RAW_DIR  # noqa: E402
from analysis.frames import (MFC_FRAMES, article_frames, code_sentences, count_words,  # noqa: E402
                             load_coding, load_frames, score_coding, tag_frames)

# a frame needs at least one piece of evidence to be called present
MIN_HITS = [1, 2, 3, 4, 5, 6, 8, 10, 12]
RATES = [0, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15]
GRID = list(product(MIN_HITS, RATES))


def read_labels(folder: Path) -> pd.DataFrame:
    labels = pd.read_csv(folder / "labels.tsv", sep="\t", dtype=str, keep_default_na=False)
    y = pd.DataFrame(0, index=labels["article_id"], columns=MFC_FRAMES)
    for aid, frames in zip(labels["article_id"], labels["frames"]):
        for f in filter(None, frames.split(",")):
            y.loc[aid, f] = 1
    return y


def predict(hits, rates, rule):
    """0/1 predictions for one frame given (min_hits, per_1000_words)."""
    m, r = rule
    return ((hits >= m) & (rates >= r)).astype(int)


def _f1(y, P):
    """F1 of every column of the 0/1 prediction matrix ``P`` against ``y``."""
    tp = (P & y[:, None]).sum(axis=0)
    return 2 * tp / np.maximum(P.sum(axis=0) + y.sum(), 1)


def _grid_predictions(h, r):
    return np.column_stack([predict(h, r, g) for g in GRID])


def fit_rules(H, R, Y):
    """Per frame, the (min_hits, per_1000_words) with the best F1 on these articles
    (ties: the first in GRID order, i.e. the most lenient rule)."""
    return {f: GRID[int(np.argmax(_f1(Y[:, j], _grid_predictions(H[:, j], R[:, j]))))]
            for j, f in enumerate(MFC_FRAMES)}


def fit_global(H, R, Y):
    """One (min_hits, per_1000_words) for every frame, best macro-F1 on these articles."""
    f1 = np.mean([_f1(Y[:, j], _grid_predictions(H[:, j], R[:, j])) for j in range(Y.shape[1])], axis=0)
    return GRID[int(np.argmax(f1))]


def scores(Y, P):
    return {
        "micro_f1": f1_score(Y, P, average="micro", zero_division=0),
        "macro_f1": f1_score(Y, P, average="macro", zero_division=0),
        "micro_p": precision_score(Y, P, average="micro", zero_division=0),
        "micro_r": recall_score(Y, P, average="micro", zero_division=0),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codebook", default=None, help="frame codebook (default data/lexicons/frames.yml)")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)

    folder = EVAL_DIR / "semeval2023_frames"
    if not folder.exists():
        print(f"benchmark data not found ({folder.name}); nothing to do")
        return 0
    book = load_frames(args.codebook)
    y = read_labels(folder)

    t0 = time.perf_counter()
    articles = load_corpus(folder / "articles")
    articles["doc_id"] = articles["source_path"].map(lambda p: Path(p).stem.removeprefix("article"))
    sentences = split_sentences(articles)
    t1 = time.perf_counter()
    table = tag_frames(sentences, book)
    t2 = time.perf_counter()
    counts = article_frames(table, scheme="mfc", sentences=sentences, codebook=book, all_rows=True)
    ids = [i for i in y.index if i in set(sentences["doc_id"])]
    Y = y.loc[ids].to_numpy()
    H = counts.pivot_table(index="doc_id", columns="frame", values="hits", fill_value=0)
    H = H.reindex(index=ids, columns=MFC_FRAMES, fill_value=0).to_numpy()
    words = sentences.groupby("doc_id")["text"].agg(lambda s: sum(count_words(t) for t in s))
    W = words.reindex(ids).to_numpy()[:, None]
    R = 1000 * H / W

    print("SemEval-2023 Task 3 subtask 2, English dev split (Piskorski et al., 2023)")
    print(f"articles: {len(ids)} of {len(y)} labelled; words: {int(W.sum())}; sentences: {len(sentences)}")
    print(f"frame hits: {len(table)} ({len(table) / len(sentences):.2f} per sentence); "
          f"tagging {len(sentences) / (t2 - t1):,.0f} sentences/s; loading+splitting {t1 - t0:.1f} s")
    print(f"codebook: {book.path}, {len(book)} frames")
    print()

    results = {k: [] for k in ("per-frame rule (CV)", "one rule for all frames (CV)",
                               "any hit (min_hits=1)", "baseline: top-5 frequent",
                               "baseline: top-3 frequent", "baseline: all 14 frames")}
    per_frame_f1 = []
    cv = RepeatedKFold(n_splits=5, n_repeats=args.repeats, random_state=0)
    preds = {k: np.zeros_like(Y) for k in results}
    for i, (tr, te) in enumerate(cv.split(ids), start=1):
        rules = fit_rules(H[tr], R[tr], Y[tr])
        g = fit_global(H[tr], R[tr], Y[tr])
        preds["per-frame rule (CV)"][te] = np.column_stack(
            [predict(H[te, j], R[te, j], rules[f]) for j, f in enumerate(MFC_FRAMES)])
        preds["one rule for all frames (CV)"][te] = np.column_stack(
            [predict(H[te, j], R[te, j], g) for j in range(len(MFC_FRAMES))])
        preds["any hit (min_hits=1)"][te] = (H[te] >= 1).astype(int)
        order = np.argsort(-Y[tr].mean(axis=0), kind="stable")
        for k, name in ((5, "baseline: top-5 frequent"), (3, "baseline: top-3 frequent"),
                        (14, "baseline: all 14 frames")):
            p = np.zeros((len(te), Y.shape[1]), dtype=int)
            p[:, order[:k]] = 1
            preds[name][te] = p
        if i % 5 == 0:  # one repeat finished: every article predicted once
            for k in results:
                results[k].append(scores(Y, preds[k]))
            per_frame_f1.append(f1_score(Y, preds["per-frame rule (CV)"], average=None, zero_division=0))

    print(f"5-fold cross-validation over articles, {args.repeats} repeats (mean ± sd over repeats)")
    print(f"{'method':34s} {'micro-F1':>14s} {'macro-F1':>14s} {'micro-P':>8s} {'micro-R':>8s}")
    for k, rs in results.items():
        df = pd.DataFrame(rs)
        print(f"{k:34s} {df.micro_f1.mean():8.3f} ±{df.micro_f1.std():.3f} "
              f"{df.macro_f1.mean():8.3f} ±{df.macro_f1.std():.3f} {df.micro_p.mean():8.3f} "
              f"{df.micro_r.mean():8.3f}")
    print()
    final = fit_rules(H, R, Y)
    pf = np.mean(per_frame_f1, axis=0)
    print("per frame: share of articles with the label, CV F1 of the per-frame rule, "
          "rule fitted on all articles")
    for j, f in enumerate(MFC_FRAMES):
        m, r = final[f]
        print(f"  {f:46s} {Y[:, j].mean():5.2f}  F1 {pf[j]:.3f}  min_hits {m:>2}, per_1000_words {r}")
    print()
    print("presence rule fitted on all dev articles (codebook 'presence.mfc' section):")
    for f in MFC_FRAMES:
        m, r = final[f]
        print(f"    {f}: {{min_hits: {m}, per_1000_words: {r}}}")

    seed = RAW_DIR / "seed_belarus.txt"
    gold = GOLD_DIR / "seed_frames.csv"
    if seed.exists() and gold.exists():
        s = split_sentences(load_corpus(seed))
        sc = score_coding(code_sentences(tag_frames(s, book), s), load_coding(gold), frames=book.ids)
        row = sc.iloc[-1]
        print()
        print(f"seed gold (data/gold/seed_frames.csv, {len(s)} sentences, {len(book)} frames): "
              f"precision {row.precision:.3f}, recall {row.recall:.3f}, F1 {row.f1:.3f} "
              f"(tp {row.tp}, fp {row.fp}, fn {row.fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
