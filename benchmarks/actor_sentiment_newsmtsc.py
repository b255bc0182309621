"""Tone toward a target: how well does each method agree with human readers?

Data: NewsMTSC development file (Hamborg & Donnay 2021, EACL; ``EVAL_DIR/newsmtsc/train.jsonl``):
news sentences, each with one or more marked targets and the sentiment human coders read toward
each target (2.0 negative, 4.0 neutral, 6.0 positive).

Printed figures (three-class macro-F1, plus per-class precision, recall and F1):

* sentence-level VADER compound and TextBlob polarity (the same label for every target in a
  sentence; thresholds -0.05 / +0.05, VADER's documented ones);
* the project's target scorer (:func:`analysis.tone.score_targets`): a logistic regression over
  the transparent features of :func:`analysis.tone.target_features`, evaluated by 5-fold
  cross-validation grouped by article (all targets of one article are in the same fold), with the
  word list and scaling learned inside each training fold. This cross-validated figure is the
  honest one. It is also given for the targets in sentences that turn ("X, but Y", "while",
  "although", a semicolon ...), where each target is read on its own side of the turn.

Before the scorer read sentences clause by clause (features of the whole sentence, TextBlob
polarity among them) its cross-validated macro-F1 was 0.626; reading the target's side of a
turning sentence and adding the project's sentence sentiment (:func:`analysis.sentiment.score_text`)
of that side, of the clause and of the words around the target gave 0.643. Reading each
sentence once and taking these scores as sums over ranges of its words (each word with the
valence it has in the whole sentence, instead of scoring every cut-out piece again) gives
0.640, at a fraction of the time.

``--fit`` refits on all of the file and writes ``data/lexicons/target_sentiment_weights.csv``
(weights on the original scale of each feature, so the runtime needs no scikit-learn).

Usage::

    python benchmarks/actor_sentiment_newsmtsc.py          # measure
    python benchmarks/actor_sentiment_newsmtsc.py --fit    # measure, then refit the weights
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.tone import LABELS, TARGET_WEIGHTS, target_features_many  # noqa: E402
from analysis.config import EVAL_DIR  # noqa: E402

DATA = EVAL_DIR / "newsmtsc" / "train.jsonl"
POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}
MIN_ARTICLES = 20  # a word feature must occur in this many training targets
C = 0.1  # inverse regularisation strength of the logistic regression
FOLDS = 5


def article_of(gid: str) -> str:
    """``allsides_1018_408_1_...`` -> ``allsides_1018``; ``polusa_v1_113705206_...`` ->
    ``polusa_v1_113705206``: the article a sentence comes from."""
    parts = gid.split("_")
    return "_".join(parts[:2] if parts[0] == "allsides" else parts[:3])


def read_targets(path: Path) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for t in rec["targets"]:
                rows.append({"text": rec["sentence_normalized"], "start": t["from"], "end": t["to"],
                             "y": POLARITY[t["polarity"]], "group": article_of(rec["primary_gid"])})
    return rows


def three_way(x: float, threshold: float = 0.05) -> int:
    return 0 if x <= -threshold else 2 if x >= threshold else 1


def report(name: str, y, pred) -> None:
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    p, r, f, n = precision_recall_fscore_support(y, pred, labels=[0, 1, 2], zero_division=0)
    print(f"{name:<46} macro-F1 {f1_score(y, pred, average='macro'):.3f}   accuracy "
          f"{np.mean(np.asarray(y) == np.asarray(pred)):.3f}")
    for i, label in enumerate(LABELS):
        print(f"    {label:<9} precision {p[i]:.3f}  recall {r[i]:.3f}  F1 {f[i]:.3f}  (n={n[i]})")


class Model:
    """Scaled numbers + binary word features -> multinomial logistic regression."""

    def __init__(self, numbers: list[str]):
        self.numbers = numbers

    def _matrix(self, feats):
        from scipy import sparse

        num = np.array([[f[0][k] for k in self.numbers] for f in feats])
        num = (num - self.mean) / self.scale
        rows, cols = [], []
        for i, (_, words) in enumerate(feats):
            for w in words:
                j = self.vocab.get(w)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        words = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(feats), len(self.vocab)))
        return sparse.hstack([sparse.csr_matrix(num), words]).tocsr()

    def fit(self, feats, y):
        from sklearn.linear_model import LogisticRegression

        counts = Counter(w for _, words in feats for w in words)
        self.vocab = {w: j for j, w in enumerate(sorted(w for w, n in counts.items() if n >= MIN_ARTICLES))}
        num = np.array([[f[0][k] for k in self.numbers] for f in feats])
        self.mean, self.scale = num.mean(axis=0), num.std(axis=0)
        self.scale[self.scale == 0] = 1.0
        self.clf = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(self._matrix(feats), y)
        return self

    def predict(self, feats):
        return self.clf.predict(self._matrix(feats))

    def weights(self) -> list[tuple[str, np.ndarray]]:
        """Weights on the features' original scale: bias, numbers, words."""
        coef, bias = self.clf.coef_, self.clf.intercept_.copy()
        k = len(self.numbers)
        num = coef[:, :k] / self.scale
        bias -= (num * self.mean).sum(axis=1)
        out = [("bias", bias)] + [(name, num[:, i]) for i, name in enumerate(self.numbers)]
        inv = {j: w for w, j in self.vocab.items()}
        out += [(inv[j], coef[:, k + j]) for j in range(len(self.vocab))]
        return out


def write_weights(model: Model, cv_f1: float, n: int, path: Path) -> None:
    lines = [
        "# Weights of the target-sentiment scorer (analysis.tone.score_targets).",
        "# One row per feature; the score for each label is bias + sum(weight x feature value);",
        "# word features (left:w, right:w, sentence:w; not_w: up to three words after a negation)",
        "# are 1 when the word is there; the words counted are those of the target's side of a",
        "# sentence that turns (analysis.tone.target_scope).",
        f"# Fitted by benchmarks/actor_sentiment_newsmtsc.py --fit on {n} targets of the NewsMTSC",
        "# development file (Hamborg & Donnay 2021): multinomial logistic regression, C=0.1,",
        f"# balanced classes, words seen in at least {MIN_ARTICLES} targets.",
        f"# Cross-validated macro-F1 (5 folds grouped by article): {cv_f1:.3f}",
        "feature,negative,neutral,positive",
    ]
    for name, w in model.weights():
        lines.append(f"{name},{w[0]:.5f},{w[1]:.5f},{w[2]:.5f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="refit and write the weights file")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"NewsMTSC data not found at {DATA}; nothing to measure.")
        return 0
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold
    from textblob.en import sentiment as textblob_sentiment
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rows = read_targets(DATA)
    y = np.array([r["y"] for r in rows])
    groups = [r["group"] for r in rows]
    print(f"NewsMTSC train.jsonl: {len(rows)} targets in {len({r['text'] for r in rows})} sentences "
          f"from {len(set(groups))} articles; labels "
          + ", ".join(f"{LABELS[k]} {v}" for k, v in sorted(Counter(y.tolist()).items())))

    vader = SentimentIntensityAnalyzer()
    report("sentence VADER compound (+-0.05)", y,
           [three_way(vader.polarity_scores(r["text"])["compound"]) for r in rows])
    report("sentence TextBlob polarity (+-0.05)", y,
           [three_way(textblob_sentiment(r["text"])[0]) for r in rows])

    t0, cpu0 = time.perf_counter(), time.process_time()
    feats = target_features_many([(r["text"], r["start"], r["end"]) for r in rows])
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    numbers = list(feats[0][0])
    pred = np.zeros_like(y)
    for train, test in GroupKFold(n_splits=FOLDS).split(feats, y, groups):
        model = Model(numbers).fit([feats[i] for i in train], y[train])
        pred[test] = model.predict([feats[i] for i in test])
    report(f"target scorer, {FOLDS}-fold CV grouped by article", y, pred)
    cv_f1 = f1_score(y, pred, average="macro")
    turns = np.array([f[0]["sentence_turns"] > 0 for f in feats])
    print(f"    of which the {turns.sum()} targets in sentences that turn (but, while, ...): "
          f"macro-F1 {f1_score(y[turns], pred[turns], average='macro'):.3f}; "
          f"the other {(~turns).sum()}: {f1_score(y[~turns], pred[~turns], average='macro'):.3f}")
    print(f"feature extraction: {len(rows) / seconds:,.0f} targets/s ({seconds:.1f} s; "
          f"{len(rows) / cpu:,.0f} per CPU second)")

    if TARGET_WEIGHTS.exists():
        import pandas as pd

        from analysis import lexscore, tone
        from analysis.tone import score_targets

        sample = pd.DataFrame(rows[:2000])
        # forget the texts scored above, so this measures unseen sentences
        lexscore.clear_caches()
        tone._turns.cache_clear()
        t0, cpu0 = time.perf_counter(), time.process_time()
        score_targets(sample)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        print(f"score_targets with the shipped weights: {len(sample) / seconds:,.0f} targets/s "
              f"({len(sample) / cpu:,.0f} per CPU second)")
    if args.fit:
        model = Model(numbers).fit(feats, y)
        write_weights(model, cv_f1, len(rows), TARGET_WEIGHTS)
        print(f"wrote {TARGET_WEIGHTS.name}: {len(model.vocab)} word features, {len(numbers)} numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
