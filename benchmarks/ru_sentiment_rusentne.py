"""Russian target sentiment against RuSentNE-2023: F1 averaged over positive and negative.

Each row of ``rusentne/train.csv`` is a news sentence, one entity span in it and the sentiment
toward that entity (-1, 0, 1). The Russian pack's model (``analysis/lang/ru/sentiment.py``: a
multinomial logistic regression over lemma features placed around the target, the hand-made
seed priors and natasha's news word vectors averaged over parts of the sentence) is scored
with 5-fold cross-validation grouped by sentence (no sentence has rows on both sides). The
regularisation strength and the label offsets (added to the log-probabilities of positive and
negative before the most probable class is taken: neutral is the majority class and the
measure ignores it) are chosen inside each training fold, on the out-of-fold probabilities of
an inner grouped 3-fold CV, so the printed figure is not tuned on its own test rows.

    python benchmarks/ru_sentiment_rusentne.py          # cross-validated figures
    python benchmarks/ru_sentiment_rusentne.py --fit    # ... and write the model files

``--fit`` chooses the settings the same way on every row, fits on every row and writes
``analysis/lang/ru/sentiment_model.csv`` (the sparse features seen in at least two rows, with
their two weights, the intercepts and the offsets) and ``sentiment_vectors.csv`` (one weight
vector per word-vector part and class). The fit is deterministic (lbfgs, sorted features).

Data: Golubev, Rusnachenko & Loukachevitch (2023), RuSentNE-2023 (MIT licence), read from the
shared benchmark folder; nothing of it is stored in the project.
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")        # small problem: threads only contend
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.feature_extraction import DictVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import EVAL_DIR  # noqa: E402
from analysis.lang.ru import sentiment  # noqa: E402

GRID_C = (0.01, 0.03)
BASIS = 64
OFFSETS = np.round(np.arange(0.0, 3.01, 0.125), 3)


def read_rows(path: Path) -> pd.DataFrame:
    d = pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, dtype={"sentence": str, "entity": str})
    starts, ends = [], []
    for sent, ent, s, e in zip(d.sentence, d.entity, d.entity_pos_start_rel, d.entity_pos_end_rel):
        if sent[s:e] != ent:  # a few offsets are shifted: find the entity itself
            i = sent.find(ent)
            s, e = (i, i + len(ent)) if i >= 0 else (s, e)
        starts.append(int(s))
        ends.append(int(e))
    d["start"], d["end"] = starts, ends
    return d


def pn_f1(y, p) -> float:
    """F1 of the negative and of the positive class, averaged (neutral counts only as an
    error)."""
    out = []
    for k in (-1, 1):
        tp = np.sum((p == k) & (y == k))
        n = np.sum(p == k) + np.sum(y == k)
        out.append(2.0 * tp / n if n else 0.0)
    return float(np.mean(out))


def fit(X, y, c):
    return LogisticRegression(C=c, max_iter=3000).fit(X, y)


def decide(P, offsets) -> np.ndarray:
    """Labels -1/0/1 from probabilities (columns -1, 0, 1) and offsets (negative, positive)."""
    L = np.log(P + 1e-12)
    L[:, 0] += offsets[0]
    L[:, 2] += offsets[1]
    return np.array([-1, 0, 1])[L.argmax(axis=1)]


def best_offsets(P, y) -> tuple[tuple[float, float], float]:
    best, best_f = (0.0, 0.0), -1.0
    for a in OFFSETS:
        for b in OFFSETS:
            f = pn_f1(y, decide(P, (a, b)))
            if f > best_f + 1e-12:
                best, best_f = (float(a), float(b)), f
    return best, best_f


def choose(X, y, groups, folds: int = 3):
    """C and offsets with the best inner out-of-fold F1."""
    best = None
    for c in GRID_C:
        P = np.zeros((len(y), 3))
        for tr, te in GroupKFold(n_splits=folds).split(X, y, groups):
            P[te] = fit(X[tr], y[tr], c).predict_proba(X[te])
        off, f = best_offsets(P, y)
        if best is None or f > best[2] + 1e-12:
            best = (c, off, f)
    return best


def build(d: pd.DataFrame):
    """Sparse features (a matrix and its vectoriser), the word-vector parts (rows x parts x
    300) and how many rows hold each sparse feature."""
    rows = sentiment.feature_rows(list(d.sentence), list(zip(d.start, d.end)))
    vec = DictVectorizer()
    Xs = vec.fit_transform([r[0] for r in rows]).tocsr()
    Xd = np.array([r[1] for r in rows]).reshape(len(rows), len(sentiment.PARTS), sentiment.DIM)
    counts = Counter(k for r in rows for k in r[0])
    return Xs, Xd, vec, counts, rows


def basis(Xd: np.ndarray, k: int = BASIS) -> np.ndarray:
    """The first ``k`` principal directions (300 x k, no centring) of the parts' vectors of
    the given rows: the word vectors enter the model through them, which keeps the fit small
    (the weights are mapped back to 300 numbers per part when the model is written)."""
    flat = Xd.reshape(-1, Xd.shape[2])
    flat = flat[np.abs(flat).sum(axis=1) > 0]
    _, _, vt = np.linalg.svd(flat, full_matrices=False)
    return vt[:k].T


def design(Xs, Xd, Q):
    X = sp.hstack([Xs, sp.csr_matrix((Xd @ Q).reshape(len(Xd), -1))]).tocsr()
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X


def write_model(model, vec, counts, Q, model_path: Path, vectors_path: Path, offsets) -> int:
    classes = list(model.classes_)
    ip, ineg, i0 = classes.index(1), classes.index(-1), classes.index(0)
    coef = model.coef_ - model.coef_[i0]           # neutral is the reference class
    inter = model.intercept_ - model.intercept_[i0]
    names = vec.feature_names_
    ns = len(names)
    rows = [("__bias__", inter[ip], inter[ineg]), ("__offset__", offsets[1], offsets[0])]
    for j, f in enumerate(names):
        if counts[f] < 2:
            continue
        wp, wn = coef[ip, j], coef[ineg, j]
        if abs(wp) < 1e-4 and abs(wn) < 1e-4:
            continue
        rows.append((f, wp, wn))
    with open(model_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["feature", "positive", "negative"])
        for f, wp, wn in rows:
            w.writerow([f, f"{wp:.5f}", f"{wn:.5f}"])
    dim, k = sentiment.DIM, Q.shape[1]
    with open(vectors_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["part", "class"] + [f"w{k}" for k in range(dim)])
        for j, part in enumerate(sentiment.PARTS):
            sl = slice(ns + j * k, ns + (j + 1) * k)
            for cls, i in (("positive", ip), ("negative", ineg)):
                w.writerow([part, cls] + [f"{x:.6f}" for x in Q @ coef[i, sl]])
    return len(rows) - 2


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", action="store_true", help="fit on all rows and write the model")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    path = EVAL_DIR / "rusentne" / "train.csv"
    if not path.exists():
        print(f"benchmark data not found ({path.parent.name}/{path.name}); nothing to do")
        return 0
    t0 = time.perf_counter()
    d = read_rows(path)
    Xs, Xd, vec, counts, rows = build(d)
    y = d.label.to_numpy()
    groups = d.sentence.to_numpy()
    print("RuSentNE-2023 train.csv (Golubev et al., 2023): sentiment toward an entity")
    print(f"rows: {len(d)} in {d.sentence.nunique()} sentences; labels "
          f"{dict(sorted((int(k), v) for k, v in Counter(y).items()))}; features "
          f"{len(vec.feature_names_)} sparse + {len(sentiment.PARTS)} x {sentiment.DIM} "
          f"word-vector numbers (through {BASIS} principal directions); built in "
          f"{time.perf_counter() - t0:.1f} s")
    preds = np.zeros_like(y)
    chosen = []
    for tr, te in GroupKFold(n_splits=args.folds).split(Xs, y, groups):
        X = design(Xs, Xd, basis(Xd[tr]))
        c, off, _ = choose(X[tr], y[tr], groups[tr])
        chosen.append((c, off))
        preds[te] = decide(fit(X[tr], y[tr], c).predict_proba(X[te]), off)
    f_pn = pn_f1(y, preds)
    per = f1_score(y, preds, labels=[-1, 0, 1], average=None, zero_division=0)
    print(f"{args.folds}-fold CV grouped by sentence; C and offsets (negative, positive) "
          f"chosen inside each fold: {chosen}")
    print(f"  F1 averaged over positive and negative: {f_pn:.3f}  "
          f"(F1 negative {per[0]:.3f}, neutral {per[1]:.3f}, positive {per[2]:.3f}; "
          f"macro-F1 of 3 classes {per.mean():.3f})")
    seed_sum = np.array([r[0].get("sp", 0.0) - r[0].get("sn", 0.0) for r in rows])
    base = np.where(np.random.default_rng(0).random(len(y)) < 0.5, -1, 1)
    print(f"  baseline, seed list only (sign of the seed sum, 0 when none): "
          f"{pn_f1(y, np.sign(seed_sum).astype(int)):.3f}; "
          f"random positive/negative on every row: {pn_f1(y, base):.3f}")
    if args.fit:
        Q = basis(Xd)
        X = design(Xs, Xd, Q)
        c, off, f_in = choose(X, y, groups)
        model = fit(X, y, c)
        n = write_model(model, vec, counts, Q, sentiment.MODEL_PATH, sentiment.VECTORS_PATH, off)
        print(f"fitted on all rows (C={c}, offsets {off}, inner CV F1 {f_in:.3f}); wrote {n} "
              f"features to analysis/lang/ru/{sentiment.MODEL_PATH.name} and "
              f"{len(sentiment.PARTS)} x 2 weight vectors to {sentiment.VECTORS_PATH.name}")
        sentiment.load_model.cache_clear()
        m = sentiment.load_model()
        got = [sentiment.score_target(s, a, b, lexicon=m)[1]
               for s, a, b in zip(d.sentence, d.start, d.end)]
        lab = np.array([{"negative": -1, "neutral": 0, "positive": 1}[g] for g in got])
        agree = (lab == decide(model.predict_proba(X), off)).mean()
        print(f"check: the written model reproduces the fitted one on {agree:.1%} of rows "
              f"(training F1 {pn_f1(y, lab):.3f}, optimistic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
