"""Russian sentiment: a lexicon of lemmas with weights, with negation and intensifier rules.

The lexicon is a data file beside this module, ``sentiment_lexicon.csv``: one row per lemma
with two weights, ``positive`` and ``negative`` (how much one occurrence raises the odds of a
positive, or of a negative reading, against a neutral one), and ``seed`` (the prior the project
gave the word by hand, from ``sentiment_seed.csv``: +1, -1 or 0). The weights were fitted on the
RuSentNE-2023 training sentences (news sentences with the sentiment toward one entity), see
``benchmarks/ru_sentiment_rusentne.py --fit``; the seed words count through the fitted weight of
the seed column, so a word the training data never saw still carries its prior.

How a text is scored (the same rules in fitting and in use):

* every word is lemmatised (pymorphy3) and looked up;
* negation: a word within three words after "не", "ни", "нет", "без" (or "ничуть", "вовсе не",
  ...) counts with the opposite sign, until a comma or other clause mark;
* intensifiers ("очень", "крайне", "весьма", "особенно", ...) multiply the next word by 1.5,
  softeners ("немного", "слегка", "отчасти") by 0.5;
* toward a target (:func:`score_target`): words in the target's clause count fully, the rest
  of the sentence half, and every word less the further it is from the target; the target's
  own words do not count;
* the two sums give the probabilities of a positive, neutral and negative reading (softmax
  with the fitted intercepts); the score is P(positive) - P(negative), in [-1, 1], and the
  label the most probable class.

Known blind spots: word order and syntax are not read (who does what to whom), so a target
that is the victim of something bad gets a negative tone; irony; sentiment that needs world
knowledge ("ввёл санкции" is bad news for the country it is aimed at); words never seen in the
training sentences nor in the seed list count for nothing.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .morph import lemmas

HERE = Path(__file__).resolve().parent
LEXICON_PATH = HERE / "sentiment_lexicon.csv"
SEED_PATH = HERE / "sentiment_seed.csv"

NEGATORS = frozenset({"не", "ни", "нет", "без", "никак", "ничуть", "нисколько", "отнюдь"})
INTENSIFIERS = {"очень": 1.5, "крайне": 1.5, "весьма": 1.5, "особенно": 1.5, "чрезвычайно": 1.5,
                "совершенно": 1.5, "абсолютно": 1.5, "максимально": 1.5, "сильно": 1.5,
                "глубоко": 1.5, "самый": 1.5, "наиболее": 1.5, "полностью": 1.5,
                "немного": 0.5, "слегка": 0.5, "отчасти": 0.5, "несколько": 0.5,
                "довольно": 0.8}
CLAUSE_MARKS = frozenset(",;:()—–-«»„“\"")
CLAUSE_WORDS = frozenset({"но", "а", "однако", "хотя", "зато", "что", "который", "чтобы",
                          "потому", "поэтому", "тогда", "если"})
NEGATION_SCOPE = 3
OUTSIDE_CLAUSE = 0.5
DECAY = 8.0  # a word DECAY tokens away from the target counts half
LABELS = ("negative", "neutral", "positive")


def _weighted_lemmas(text: str, target: tuple[int, int] | None = None, toks=None):
    """``[(start, end, word, lemma, factor), ...]`` for the words of ``text`` that can carry
    sentiment: ``factor`` is the sign (negation), intensity and, with a target, its
    closeness. ``toks``: the output of ``lemmas(text)`` when already at hand."""
    toks = toks if toks is not None else lemmas(text)
    n = len(toks)
    # clause number of each token
    clause, c = [], 0
    for _, _, w, lem in toks:
        if w in CLAUSE_MARKS or lem in CLAUSE_WORDS:
            c += 1
        clause.append(c)
    if target is not None:
        ts, te = target
        inside = [i for i, (s, e, _, _) in enumerate(toks) if s < te and e > ts]
        if inside:
            t0, t1 = inside[0], inside[-1]
        else:
            t0 = t1 = next((i for i, (s, _, _, _) in enumerate(toks) if s >= ts), n - 1)
        tclause = {clause[t0], clause[t1]} if n else set()
    out = []
    neg_left, boost = 0, 1.0
    for i, (s, e, w, lem) in enumerate(toks):
        if w in CLAUSE_MARKS or (not w[:1].isalpha()):
            neg_left = 0
            boost = 1.0
            continue
        if lem in NEGATORS:
            neg_left = NEGATION_SCOPE
            continue
        if lem in INTENSIFIERS:
            boost = INTENSIFIERS[lem]
            continue
        factor = boost * (-1.0 if neg_left else 1.0)
        boost = 1.0
        if neg_left:
            neg_left -= 1
        if target is not None:
            if t0 <= i <= t1 and inside:
                continue
            dist = t0 - i if i < t0 else i - t1
            factor *= DECAY / (DECAY + max(dist - 1, 0))
            if clause[i] not in tclause:
                factor *= OUTSIDE_CLAUSE
        out.append((s, e, w, lem, factor))
    return out


@dataclass(frozen=True)
class Lexicon:
    """Weights per lemma: ``{lemma: (positive, negative)}`` and the two intercepts."""

    weights: dict
    bias_positive: float
    bias_negative: float
    path: str = ""

    def logits(self, items) -> tuple[float, float, list[float]]:
        """Positive and negative logits of weighted lemmas, and each word's contribution to
        their difference."""
        lp, ln, shares = self.bias_positive, self.bias_negative, []
        get = self.weights.get
        for *_, lem, factor in items:
            w = get(lem)
            if w is None:
                shares.append(0.0)
                continue
            lp += factor * w[0]
            ln += factor * w[1]
            shares.append(factor * (w[0] - w[1]))
        return lp, ln, shares


def read_seed(path: str | Path = SEED_PATH) -> dict[str, float]:
    """The hand-made seed list: ``{lemma: prior}`` (+1 positive, -1 negative; news words
    have smaller priors)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["lemma"].startswith("#")]
    from .morph import lemma

    return {lemma(r["lemma"].strip()): float(r["prior"]) for r in rows}


@lru_cache(maxsize=4)
def load_lexicon(path: str | Path = LEXICON_PATH) -> Lexicon:
    """Read a lexicon file (``lemma,positive,negative,seed``; the first two rows named
    ``__bias__`` hold the intercepts)."""
    weights, bp, bn = {}, 0.0, 0.0
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["lemma"] == "__bias__":
                bp, bn = float(row["positive"]), float(row["negative"])
            else:
                weights[row["lemma"]] = (float(row["positive"]), float(row["negative"]))
    return Lexicon(weights, bp, bn, str(path))


def _result(lex: Lexicon, items) -> tuple[float, str, list[float]]:
    lp, ln, shares = lex.logits(items)
    m = max(lp, ln, 0.0)
    ep, en, e0 = math.exp(lp - m), math.exp(ln - m), math.exp(-m)
    z = ep + en + e0
    pp, pn, p0 = ep / z, en / z, e0 / z
    score = pp - pn
    label = LABELS[max(range(3), key=lambda k: (pn, p0, pp)[k])]
    return score, label, shares


def score_sentence(text: str, *, lexicon: Lexicon | None = None, toks=None) -> tuple[float, str]:
    """``(score, label)`` of a whole sentence: score in [-1, 1] (P(positive) - P(negative)),
    label ``negative``, ``neutral`` or ``positive``. ``toks``: ``lemmas(text)`` if at hand."""
    lex = lexicon or load_lexicon()
    score, label, _ = _result(lex, _weighted_lemmas(text, None, toks))
    return round(score, 4), label


def score_target(text: str, start: int, end: int, *,
                 lexicon: Lexicon | None = None, toks=None) -> tuple[float, str]:
    """``(score, label)`` of the tone toward the target ``text[start:end]`` (an actor's
    mention): the words of its clause count fully, the rest of the sentence half, each the
    less the further away it is."""
    lex = lexicon or load_lexicon()
    score, label, _ = _result(lex, _weighted_lemmas(text, (start, end), toks))
    return round(score, 4), label


def explain_sentence(text: str, *, target: tuple[int, int] | None = None,
                     lexicon: Lexicon | None = None) -> list[tuple[int, int, str, str, float]]:
    """Word by word: ``[(start, end, word, lemma, share), ...]`` for the words that carry
    weight. The shares sum to the score of :func:`score_sentence` (or of
    :func:`score_target` when ``target=(start, end)`` is given): each word's part of the
    logit difference, scaled to the score."""
    lex = lexicon or load_lexicon()
    items = _weighted_lemmas(text, target)
    score, _, shares = _result(lex, items)
    total = sum(shares)
    rows = [(s, e, w, lem, sh) for (s, e, w, lem, _), sh in zip(items, shares) if sh != 0.0]
    if not rows:
        return []
    if abs(total) < 1e-12:
        return [(s, e, w, lem, 0.0) for s, e, w, lem, _ in rows]
    k = score / total
    return [(s, e, w, lem, round(sh * k, 6)) for s, e, w, lem, sh in rows]


# ---------------------------------------------------------------------------------------------
# fitting (used by benchmarks/ru_sentiment_rusentne.py)


def feature_rows(texts, targets=None):
    """For fitting: per text a dict ``{lemma: summed factor}`` (targets: ``(start, end)``
    or ``None`` per text)."""
    targets = targets if targets is not None else [None] * len(texts)
    out = []
    for text, tg in zip(texts, targets):
        d: dict[str, float] = {}
        for *_, lem, f in _weighted_lemmas(text, tg):
            d[lem] = d.get(lem, 0.0) + f
        out.append(d)
    return out
