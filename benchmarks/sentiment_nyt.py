"""Sentence sentiment against human ratings: VADER, TextBlob and the project's score.

Data: sentences from New York Times opinion articles, each rated by 20 people on a -4..+4
scale (Hutto & Gilbert 2014, ICWSM; development split kept beside the project in
``shared/eval/nyt_sentence_sentiment/dev.tsv``: columns ``id`` (article_sentence),
``mean_rating``, ``text``).

For each method it prints Pearson r and Spearman rho with the human mean rating, three-class
macro-F1 and sentences per second (one process, one pass over the file), then the speed of
``score_sentences``, which adds all three methods' columns at once. Three classes of the
human rating: negative <= -0.5 < neutral < +0.5 <= positive. VADER and TextBlob are labelled
with VADER's documented thresholds (+-0.05); the project's score with its fitted threshold.

The project's weights, word corrections and label threshold were fitted on the development
file, so on that file the honest figure is the cross-validated one (10 folds grouped by article:
no article is in both the fitting and the scoring part; everything is refitted in each fold,
with the ridge penalty fixed in advance). The line with the shipped weights is then a training fit, shown for comparison;
on any other file it is an independent measurement.

Three settings of the score are chosen from a small grid (:data:`GRID`: whether and with
which neutral band the Warriner et al. list is used, the weight of words after "but", and
whether the list sums are divided by the square root of the sentence length). ``--nested``
measures that choice honestly: inside each of the 10 outer folds, 5-fold cross-validation
grouped by article on the fitting part alone picks the setting with the best Pearson r, and
the outer fold is scored with it. ``--fit`` does the nested run too, records it in the weights
file and refuses to write when the module's settings are not the ones the development file
picks.

    python benchmarks/sentiment_nyt.py              # the development file
    python benchmarks/sentiment_nyt.py PATH.tsv     # another file in the same format
    python benchmarks/sentiment_nyt.py --nested     # also the nested cross-validation (slower)
    python benchmarks/sentiment_nyt.py --fit        # refit weights and word corrections, write them
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import pearsonr, spearmanr
from scipy import sparse
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from analysis import sentiment as S
from analysis.config import EVAL_DIR

DEFAULT = EVAL_DIR / "nyt_sentence_sentiment" / "dev.tsv"
FOLDS = 10


def read_ratings(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, sep="\t", dtype={"id": "str", "text": "str"}, keep_default_na=False)
    missing = {"id", "mean_rating", "text"} - set(df.columns)
    if missing:
        raise SystemExit(f"error: {path} lacks column(s) {sorted(missing)}")
    df["article"] = df["id"].str.split("_").str[0]
    return df


def classes(values, threshold: float) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return np.where(values <= -threshold, -1, np.where(values >= threshold, 1, 0))


def evaluate(pred, human, threshold: float | None = None, *, labels=None) -> dict:
    """r, rho and macro-F1; labels are ``pred`` cut at ``threshold`` unless given."""
    labels = classes(pred, threshold) if labels is None else labels
    return {
        "pearson_r": float(pearsonr(pred, human)[0]),
        "spearman_rho": float(spearmanr(pred, human)[0]),
        "macro_f1": float(f1_score(classes(human, S.HUMAN_THRESHOLD), labels, average="macro")),
    }


def timed(fn, texts) -> tuple[list, float]:
    t0 = time.perf_counter()
    out = [fn(t) for t in texts]
    return out, len(texts) / (time.perf_counter() - t0)


THRESHOLDS = np.round(np.arange(0.02, 0.205, 0.005), 3)
RIDGE_ALPHA = 100.0  # fixed in advance, not tuned on the scored folds
MIN_SENTENCES = 5  # a word gets a learned correction only if it occurs in this many sentences


def word_counts(texts) -> tuple[sparse.csr_matrix, list]:
    """Sentences x words count matrix (the words as :func:`analysis.sentiment.sentence_words`
    sees them) and the vocabulary in column order."""
    vocab: dict = {}
    rows, cols = [], []
    for r, words in enumerate(S.sentence_words(texts)):
        for w in words:
            rows.append(r)
            cols.append(vocab.setdefault(w, len(vocab)))
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(vocab)))
    return matrix, list(vocab)


def fit(features: np.ndarray, counts: sparse.csr_matrix, human: np.ndarray) -> dict:
    """Weights, word corrections and label threshold from one set of sentences.

    1. Non-negative least squares without intercept on the eighteen list features: a sentence
       without sentiment words scores exactly 0, and each list's positive words can only pull
       up and its negative words only down.
    2. Word corrections: ridge regression (alpha :data:`RIDGE_ALPHA`, no intercept) of what
       step 1 leaves unexplained on the word counts (stop words left out), for the words
       found in at least
       :data:`MIN_SENTENCES` of these sentences; rounded to 3 decimals, zeros dropped.
    3. Weights and corrections are scaled together so the estimates spread as widely as the
       human ratings (least squares shrinks them towards 0, which would make almost
       everything neutral).
    4. The label threshold is the one of :data:`THRESHOLDS` with the best macro-F1 on these
       sentences.

    Returns ``{"weights": array, "columns": array of word columns, "values": array of their
    corrections, "sentences": array of how many sentences each came from, "threshold": t}``.
    """
    weights = LinearRegression(fit_intercept=False, positive=True).fit(features, human).coef_
    seen = np.asarray((counts > 0).sum(axis=0)).ravel()
    columns = np.flatnonzero(seen >= MIN_SENTENCES)
    ridge = Ridge(alpha=RIDGE_ALPHA, fit_intercept=False)
    values = ridge.fit(counts[:, columns], human - features @ weights).coef_
    pred = features @ weights + counts[:, columns] @ values
    scale = np.sqrt((human ** 2).mean() / (pred ** 2).mean())
    weights, values = weights * scale, np.round(values * scale, 3)
    keep = values != 0
    columns, values = columns[keep], values[keep]
    score = predict(features, counts, weights, columns, values)
    truth = classes(human, S.HUMAN_THRESHOLD)
    f1 = [f1_score(truth, classes(score, t), average="macro") for t in THRESHOLDS]
    return {"weights": weights, "columns": columns, "values": values,
            "sentences": seen[columns], "threshold": float(THRESHOLDS[int(np.argmax(f1))])}


def predict(features, counts, weights, columns, values) -> np.ndarray:
    """The project's score (``sentiment``) from features and word counts."""
    return np.clip((features @ weights + counts[:, columns] @ values) / 4.0, -1, 1)


def cross_validate(features: np.ndarray, counts, human: np.ndarray, groups):
    """Held-out scores and labels: each article is scored by a model fitted without it."""
    score = np.zeros(len(human))
    label = np.zeros(len(human), dtype=int)
    for train, test in GroupKFold(FOLDS).split(features, human, groups):
        m = fit(features[train], counts[train], human[train])
        score[test] = predict(features[test], counts[test], m["weights"], m["columns"], m["values"])
        label[test] = classes(score[test], m["threshold"])
    return score, label


# settings compared by the nested cross-validation: Warriner et al. neutral band (None: list
# not used), weight of words after the last contrast word, power of the length scaling
GRID = tuple(itertools.product((None, 0.5, 1.0), (1.0, 1.5), (0.0, 0.5)))
INNER_FOLDS = 5


def current_setting() -> tuple:
    return (S.WK_NEUTRAL, S.AFTER_CONTRAST, S.LENGTH_POWER)


def features_with(texts, setting: tuple) -> np.ndarray:
    """The word-list features of ``texts`` with another setting of the score (the module's
    constants changed for the call and restored after)."""
    wk, after, power = setting
    saved = current_setting()
    S.WK_NEUTRAL, S.AFTER_CONTRAST, S.LENGTH_POWER = wk if wk is not None else 1.0, after, power
    S._word_lists.cache_clear()
    S._model.cache_clear()
    try:
        features = S.sentence_features(texts).to_numpy(copy=True)
    finally:
        S.WK_NEUTRAL, S.AFTER_CONTRAST, S.LENGTH_POWER = saved
        S._word_lists.cache_clear()
        S._model.cache_clear()
    if wk is None:
        features[:, [i for i, name in enumerate(S.FEATURES) if name.startswith("wk_")]] = 0.0
    return features


def best_setting(feature_sets: dict, counts, human, groups, folds: int) -> tuple:
    """The setting whose grouped ``folds``-fold cross-validated Pearson r is best (first of
    the grid on a tie) and the r of every setting."""
    rs = {}
    for setting, features in feature_sets.items():
        score = np.zeros(len(human))
        for train, test in GroupKFold(folds).split(features, human, groups):
            m = fit(features[train], counts[train], human[train])
            score[test] = predict(features[test], counts[test], m["weights"], m["columns"],
                                  m["values"])
        rs[setting] = float(pearsonr(score, human)[0])
    return max(rs, key=rs.get), rs


def nested_cross_validate(feature_sets: dict, counts, human, groups):
    """Held-out scores and labels when the setting too is chosen without the scored articles
    (inner grouped cross-validation on each outer fitting part); also the chosen settings."""
    groups = np.asarray(groups)
    score = np.zeros(len(human))
    label = np.zeros(len(human), dtype=int)
    chosen = []
    for train, test in GroupKFold(FOLDS).split(counts, human, groups):
        inner = {k: f[train] for k, f in feature_sets.items()}
        setting, _ = best_setting(inner, counts[train], human[train], groups[train], INNER_FOLDS)
        chosen.append(setting)
        features = feature_sets[setting]
        m = fit(features[train], counts[train], human[train])
        score[test] = predict(features[test], counts[test], m["weights"], m["columns"], m["values"])
        label[test] = classes(score[test], m["threshold"])
    return score, label, chosen


def describe(setting: tuple) -> str:
    wk, after, power = setting
    return (f"wk={'off' if wk is None else wk}, after_contrast={after}, length_power={power}")


def dump_weights(data: dict) -> str:
    """JSON with one word correction per line, so the table reads like a list."""
    head = {k: v for k, v in data.items() if k != "word_corrections"}
    rows = ",\n".join("    " + json.dumps(e) for e in data["word_corrections"])
    return json.dumps(head, indent=2)[:-2] + ',\n  "word_corrections": [\n' + rows + "\n  ]\n}\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT,
                        help="TSV with id, mean_rating, text (default: the development file)")
    parser.add_argument("--fit", action="store_true",
                        help=f"refit the project's weights on PATH and write {S.WEIGHTS_FILE.name}")
    parser.add_argument("--nested", action="store_true",
                        help="also run the nested cross-validation that chooses the settings")
    args = parser.parse_args(argv)
    if not args.path.exists():
        print(f"error: benchmark file not found: {args.path}\n"
              "The NYT sentence ratings are kept beside the project in "
              "shared/eval/nyt_sentence_sentiment/ (set MEDIA_ANALYSIS_SHARED to its folder) "
              "or give a path.", file=sys.stderr)
        return 2
    df = read_ratings(args.path)
    texts = df["text"].tolist()
    human = df["mean_rating"].to_numpy(dtype=float)
    print(f"{args.path.name}: {len(df)} sentences from {df['article'].nunique()} articles; "
          f"human classes (<= -0.5 / between / >= +0.5): "
          + " / ".join(str(int((classes(human, S.HUMAN_THRESHOLD) == k).sum())) for k in (-1, 0, 1)))

    features = S.sentence_features(texts).to_numpy()
    counts, vocab = word_counts(texts)
    cv_pred, cv_labels = cross_validate(features, counts, human, df["article"])
    cv = evaluate(cv_pred, human, labels=cv_labels)
    nested = None
    if args.nested or args.fit:
        feature_sets = {setting: features_with(texts, setting) for setting in GRID}
        n_pred, n_labels, chosen = nested_cross_validate(feature_sets, counts, human, df["article"])
        nested = evaluate(n_pred, human, labels=n_labels)
        best, rs = best_setting(feature_sets, counts, human, df["article"], FOLDS)
        print(f"settings compared: {len(GRID)}; chosen in the {FOLDS} outer folds: "
              + "; ".join(f"{describe(k)} x{chosen.count(k)}" for k in dict.fromkeys(chosen)))
        print(f"chosen on the whole file: {describe(best)} (the module uses "
              f"{describe(current_setting())})")
    if args.fit:
        if best != current_setting():
            print(f"error: the module's settings are not the ones the development file picks; "
                  f"set them to {describe(best)} in analysis/sentiment.py first", file=sys.stderr)
            return 1
        m = fit(features, counts, human)
        order = np.argsort(-np.abs(m["values"]), kind="stable")
        data = {
            "weights": {k: round(float(w), 4) for k, w in zip(S.FEATURES, m["weights"])},
            "label_threshold": m["threshold"],
            "fitted_on": "NYT opinion sentences rated by 20 people (Hutto & Gilbert 2014), "
                         f"development split: {len(df)} sentences, {df['article'].nunique()} articles",
            "method": "features: for each word list, the sums of its positive and of its negative "
                      "values (after the rules) divided by (words in the sentence / "
                      f"{S.LENGTH_REFERENCE}) ** {S.LENGTH_POWER:g}, and the mean value of the words it knows; "
                      "weights: non-negative least squares without intercept on these features, "
                      "target = human mean rating (-4..+4); word_corrections: ridge regression "
                      f"(alpha {RIDGE_ALPHA:g}, no intercept) of the remaining error on word counts, "
                      f"stop words left out, words in at least {MIN_SENTENCES} sentences, rounded to 3 decimals; "
                      "both scaled together so predictions spread like the ratings; "
                      "score = (features x weights + sum of the corrections of the words) / 4; "
                      "label_threshold = best macro-F1 on a grid from 0.02 to 0.2",
            "command": "python benchmarks/sentiment_nyt.py --fit",
            "settings": {"wk_neutral": S.WK_NEUTRAL, "after_contrast": S.AFTER_CONTRAST,
                         "length_power": S.LENGTH_POWER, "length_reference": S.LENGTH_REFERENCE,
                         "chosen_by": f"{FOLDS}-fold cross-validated Pearson r, grouped by "
                                      f"article, among {len(GRID)} settings"},
            "cross_validation": {"folds": FOLDS, "grouped_by": "article",
                                 "refitted_in_each_fold": "weights, word corrections, threshold",
                                 **{k: round(v, 3) for k, v in cv.items()}},
            "nested_cross_validation": {
                "outer_folds": FOLDS, "inner_folds": INNER_FOLDS, "grouped_by": "article",
                "chosen_in_each_fold": f"settings (among {len(GRID)}), then weights, word "
                                       "corrections, threshold",
                **{k: round(v, 3) for k, v in nested.items()}},
            "word_corrections_note": "value: added to the -4..+4 estimate for each occurrence "
                                     "of the word (the score is the estimate / 4); sentences: "
                                     "how many rated sentences contained the word",
            "word_corrections": [
                {"word": vocab[m["columns"][i]], "value": float(m["values"][i]),
                 "sentences": int(m["sentences"][i])} for i in order],
        }
        S.WEIGHTS_FILE.write_text(dump_weights(data), encoding="utf-8")
        print(f"wrote {S.WEIGHTS_FILE.name}: " + ", ".join(f"{k}={v}" for k, v in data["weights"].items())
              + f"; {len(data['word_corrections'])} word corrections")
        S._fitted.cache_clear()
        S.label_threshold.cache_clear()

    vader = S._vader()
    from textblob.en import sentiment as pattern

    v_pred, v_speed = timed(lambda t: vader.polarity_scores(t)["compound"], texts)
    t_pred, t_speed = timed(lambda t: pattern(t)[0], texts)
    S._clear_caches()  # time the project's score from a cold word cache
    p_pred, p_speed = timed(S.score_text, texts)

    rows = [
        ("VADER compound", evaluate(v_pred, human, S.BASELINE_THRESHOLD), f"{v_speed:,.0f}"),
        ("TextBlob polarity", evaluate(t_pred, human, S.BASELINE_THRESHOLD), f"{t_speed:,.0f}"),
        (f"project, cross-validated ({FOLDS} folds by article)",
         cv, f"{p_speed:,.0f}"),
        *([("project, nested CV (settings chosen in-fold)", nested, f"{p_speed:,.0f}")]
          if nested else []),
        ("project, shipped weights" + (" (training fit)" if args.path == DEFAULT else ""),
         evaluate(p_pred, human, S.label_threshold()), f"{p_speed:,.0f}"),
    ]
    print(f"{'method':<44} {'r':>6} {'rho':>6} {'macro-F1':>9} {'sentences/s':>12}")
    for name, m, speed in rows:
        print(f"{name:<44} {m['pearson_r']:>6.3f} {m['spearman_rho']:>6.3f} "
              f"{m['macro_f1']:>9.3f} {speed:>12}")
    S._clear_caches()
    t0 = time.perf_counter()
    S.score_sentences(df[["text"]])
    print(f"score_sentences, all eight columns (VADER, TextBlob, project; cold word caches): "
          f"{len(df) / (time.perf_counter() - t0):,.0f} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
