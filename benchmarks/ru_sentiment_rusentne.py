"""Russian target sentiment against RuSentNE-2023: F1 averaged over positive and negative.

Each row of ``rusentne/train.csv`` is a news sentence, one entity span in it and the sentiment
toward that entity (-1, 0, 1). The Russian pack's lexicon model (lemmas with two weights,
negation and intensifier rules, the target's clause counting most; see
``analysis/lang/ru/sentiment.py``) is fitted as a multinomial logistic regression on those
features and scored with 5-fold cross-validation grouped by sentence (no sentence has rows on
both sides). The regularisation strength and class weighting are chosen inside each training
fold (inner grouped 3-fold CV), so the printed figure is not tuned on its own test rows.

    python benchmarks/ru_sentiment_rusentne.py          # cross-validated figures
    python benchmarks/ru_sentiment_rusentne.py --fit    # ... and write the lexicon file

``--fit`` fits on every row and writes ``analysis/lang/ru/sentiment_lexicon.csv``: the lemmas
seen at least twice in training plus the seed list, each with its two weights.

Data: Golubev, Rusnachenko & Loukachevitch (2023), RuSentNE-2023 (MIT licence), read from the
shared benchmark folder; nothing of it is stored in the project.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import EVAL_DIR  # noqa: E402
from analysis.lang.ru.sentiment import (LEXICON_PATH, feature_rows, read_seed,  # noqa: E402
                                        score_target)

GRID = [(c, cw) for c in (0.1, 0.3, 1.0) for cw in (None, "balanced")]
SEED = "__seed__"


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


def features(d: pd.DataFrame, seed: dict) -> list[dict]:
    rows = feature_rows(list(d.sentence), list(zip(d.start, d.end)))
    for r in rows:
        r[SEED] = sum(v * seed[k] for k, v in r.items() if k in seed)
    return rows


def pn_f1(y, p) -> float:
    return float(f1_score(y, p, labels=[-1, 1], average="macro", zero_division=0))


def fit(X, y, c, cw):
    return LogisticRegression(C=c, class_weight=cw, max_iter=2000).fit(X, y)


def choose(X, y, groups):
    best, best_f = None, -1.0
    inner = GroupKFold(n_splits=3)
    for c, cw in GRID:
        preds = np.zeros_like(y)
        for tr, te in inner.split(X, y, groups):
            preds[te] = fit(X[tr], y[tr], c, cw).predict(X[te])
        f = pn_f1(y, preds)
        if f > best_f:
            best, best_f = (c, cw), f
    return best


def write_lexicon(model, vec, counts, seed, path: Path) -> int:
    classes = list(model.classes_)
    ip, ineg = classes.index(1), classes.index(-1)
    i0 = classes.index(0)
    coef = model.coef_ - model.coef_[i0]           # neutral is the reference class
    inter = model.intercept_ - model.intercept_[i0]
    names = vec.feature_names_
    col = {n: j for j, n in enumerate(names)}
    sp, sn = coef[ip, col[SEED]], coef[ineg, col[SEED]]
    rows = [("__bias__", inter[ip], inter[ineg], 0)]
    keep = {n for n in names if n != SEED and counts[n] >= 2} | set(seed)
    for lem in sorted(keep):
        j = col.get(lem)
        wp = (coef[ip, j] if j is not None else 0.0) + sp * seed.get(lem, 0.0)
        wn = (coef[ineg, j] if j is not None else 0.0) + sn * seed.get(lem, 0.0)
        if abs(wp) < 1e-3 and abs(wn) < 1e-3:
            continue
        rows.append((lem, wp, wn, seed.get(lem, 0)))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["lemma", "positive", "negative", "seed"])
        for lem, wp, wn, s in rows:
            w.writerow([lem, f"{wp:.4f}", f"{wn:.4f}", s])
    return len(rows) - 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fit", action="store_true", help="fit on all rows and write the lexicon")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    path = EVAL_DIR / "rusentne" / "train.csv"
    if not path.exists():
        print(f"benchmark data not found ({path.parent.name}/{path.name}); nothing to do")
        return 0
    t0 = time.perf_counter()
    d = read_rows(path)
    seed = read_seed()
    feats = features(d, seed)
    vec = DictVectorizer()
    X = vec.fit_transform(feats).tocsr()
    y = d.label.to_numpy()
    groups = d.sentence.to_numpy()
    print("RuSentNE-2023 train.csv (Golubev et al., 2023): sentiment toward an entity")
    print(f"rows: {len(d)} in {d.sentence.nunique()} sentences; labels "
          f"{dict(sorted(Counter(y).items()))}; features {X.shape[1]}; "
          f"features built in {time.perf_counter() - t0:.1f} s")
    preds = np.zeros_like(y)
    chosen = []
    for tr, te in GroupKFold(n_splits=args.folds).split(X, y, groups):
        c, cw = choose(X[tr], y[tr], groups[tr])
        chosen.append((c, cw))
        preds[te] = fit(X[tr], y[tr], c, cw).predict(X[te])
    f_pn = pn_f1(y, preds)
    per = f1_score(y, preds, labels=[-1, 0, 1], average=None, zero_division=0)
    print(f"{args.folds}-fold CV grouped by sentence, settings chosen inside each fold: {chosen}")
    print(f"  F1 averaged over positive and negative: {f_pn:.3f}  "
          f"(F1 negative {per[0]:.3f}, neutral {per[1]:.3f}, positive {per[2]:.3f}; "
          f"macro-F1 of 3 classes {per.mean():.3f})")
    base = np.where(np.random.default_rng(0).random(len(y)) < 0.5, -1, 1)
    print(f"  baseline, seed list only (sign of the seed sum, 0 when none): "
          f"{pn_f1(y, np.sign([f[SEED] for f in feats]).astype(int)):.3f}; "
          f"random positive/negative on every row: {pn_f1(y, base):.3f}")
    if args.fit:
        c, cw = choose(X, y, groups)
        model = fit(X, y, c, cw)
        counts = Counter(k for f in feats for k in f)
        n = write_lexicon(model, vec, counts, seed, LEXICON_PATH)
        print(f"fitted on all rows (C={c}, class_weight={cw}); wrote {n} lemmas to "
              f"analysis/lang/ru/{LEXICON_PATH.name}")
        from analysis.lang.ru.sentiment import load_lexicon
        load_lexicon.cache_clear()
        lex = load_lexicon()
        check = [score_target(s, a, b, lexicon=lex)[1] for s, a, b in zip(d.sentence, d.start, d.end)]
        lab = np.array([{"negative": -1, "neutral": 0, "positive": 1}[c] for c in check])
        agree = (lab == model.predict(X)).mean()
        print(f"check: the written lexicon reproduces the fitted model on {agree:.1%} of rows "
              f"(training F1 {pn_f1(y, lab):.3f}, optimistic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
