"""Sentence sentiment: how positive or negative is each sentence?

Three methods, side by side, so a reader can compare them:

``vader_*``
    VADER (Hutto & Gilbert 2014; package ``vaderSentiment``, lexicon shipped with it).
    ``vader_compound`` is in [-1, 1]; ``vader_pos/neu/neg`` are the shares of the text that are
    positive, neutral, negative.
``textblob_*``
    TextBlob's pattern analyser: ``textblob_polarity`` in [-1, 1] (the average of the
    sentiment words found), ``textblob_subjectivity`` in [0, 1] (0 = factual, 1 = opinion).
``sentiment`` and ``label``
    The project's own score, a news-tuned blend of the two word lists (see below), in [-1, 1].

How the project's ``sentiment`` is computed (one pass over the words, nothing hidden):

1. Each word is looked up in VADER's and TextBlob's word lists, and in the news corrections
   ``data/lexicons/sentiment_news.yml`` which override both ("Supreme Court", "security
   forces", "interest rates" are not sentiment in news). A word not found is tried again
   without a common ending (-s, -ed, -ing, -ly ...), so "sacrificed" finds "sacrifice".
2. Modifiers from the same file and from VADER's booster list: a negator up to three words
   before ("not", "never", "n't") reverses and weakens a word (x -0.74, VADER's factor); an
   intensifier just before multiplies it by 1.3 ("very"), a dampener by 0.7 ("slightly");
   after the last contrast word ("but", "however") words count 1.5 times, before it half.
3. For each word list, three numbers: the sum of the positive values, the sum of the
   negative values and the mean value of the sentiment words. A weighted sum of these six
   numbers estimates how human readers rate the sentence on a -4..+4 scale; ``sentiment`` is
   that estimate divided by 4 (and kept within [-1, 1]). A sentence without sentiment words
   scores exactly 0. :func:`explain_sentence` splits the score into one share per word.

The six weights and the label threshold are in ``data/lexicons/sentiment_weights.json``,
written by ``python benchmarks/sentiment_nyt.py --fit`` from the development file of the NYT
opinion-sentence benchmark (Hutto & Gilbert 2014: sentences rated by 20 people on -4..+4):
least squares, then scaled so the estimates spread as widely as the human ratings. The file
also records the figures of 10-fold cross-validation grouped by article (weights and
threshold refitted without the scored articles), the honest estimate for unseen sentences.

Labels. The benchmark turns the human mean rating into three classes with thresholds at
-0.5 and +0.5 on the -4..+4 scale (negative <= -0.5 < neutral < +0.5 <= positive). ``label``
cuts ``sentiment`` at the fitted threshold ``t`` (:func:`label_threshold`; 0.06 in the
shipped file, i.e. 0.24 on the human scale): ``negative`` when ``sentiment <= -t``, ``positive`` when
``sentiment >= t``, else ``neutral``. For VADER and TextBlob the benchmark uses VADER's
documented thresholds of -0.05 / +0.05 on their own scores.

Other languages. The word lists are English. :func:`score_sentences` takes the language of
each row from a ``language`` column, or from an ``articles`` table by ``doc_id``; without
either it checks only the script (a text written mostly in non-Latin letters, e.g. Cyrillic,
is identified with py3langid). Rows whose language is known and not English get NaN scores
and the label ``not_english``, with one warning, instead of a meaningless number; ``und``
(undetermined, e.g. very short texts) is scored. :func:`score_text` does no such check.

Known blind spots: irony and sarcasm; sentiment that needs world knowledge ("the plant will
close" is bad news but has no sentiment word); who the sentiment is about (see target
sentiment in :mod:`analysis.actors`); words whose news sense differs from the list and are not
yet corrected. Sentence sentiment is the tone of the wording, not the author's stance
towards an actor and not whether the sentence is true.
"""
from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .config import LEXICON_DIR

NEWS_LEXICON = LEXICON_DIR / "sentiment_news.yml"
WEIGHTS_FILE = LEXICON_DIR / "sentiment_weights.json"

HUMAN_THRESHOLD = 0.5  # three classes of the benchmark's human mean rating (-4..+4)
BASELINE_THRESHOLD = 0.05  # VADER's documented threshold, used for VADER and TextBlob
NEGATION_FACTOR = -0.74  # VADER's N_SCALAR
BOOST_FACTOR = 1.3
DAMPEN_FACTOR = 0.7
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5

LEXICONS = ("vader", "textblob")  # word lists used by the project's score, in feature order
FEATURES = tuple(f"{lex}_{part}" for lex in LEXICONS for part in ("pos", "neg", "mean"))
SCORE_COLUMNS = ["vader_compound", "vader_pos", "vader_neu", "vader_neg", "textblob_polarity",
                 "textblob_subjectivity", "sentiment", "label"]
EXPLAIN_COLUMNS = ["position", "start", "end", "word", "vader", "textblob", "news_value",
                   "modifiers", "weight", "contribution", "reason"]

_WORD = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z]+)*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_MISSING = object()
_ENDINGS = ("ies", "ied", "ing", "ed", "es", "ly", "s", "d", "er", "est")


class LexiconError(ValueError):
    """The news sentiment file is malformed; the message names the file, entry and field."""


# ---------------------------------------------------------------------------------------------
# Loading the word lists and rules


@dataclass(frozen=True)
class NewsLexicon:
    """The news corrections and rule words read from ``sentiment_news.yml``."""

    path: Path
    corrections: dict  # word -> (value on -4..+4, case, reason)
    negators: frozenset
    contrast: frozenset
    negation_window: int = 3


@dataclass
class _Model:
    news: NewsLexicon
    vader: dict  # word -> VADER value on -4..+4
    textblob: dict  # word -> pattern polarity on -1..+1
    boosters: dict  # word -> +/- VADER booster increment
    cache: dict = field(default_factory=dict)  # lower-case word -> (vader, textblob) on [-1, 1]


def load_news_lexicon(path: str | Path | None = None) -> NewsLexicon:
    """Read and validate the news corrections file (default ``data/lexicons/sentiment_news.yml``).

    Raises :class:`LexiconError` naming the file, the entry and the field at fault.
    """
    import yaml

    path = Path(path) if path is not None else NEWS_LEXICON
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping with 'corrections', 'negators', 'contrast'")

    def words(key):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise LexiconError(f"{path}: '{key}' must be a list of words")
        return frozenset(w.strip().lower() for w in value)

    window = data.get("negation_window", 3)
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 10:
        raise LexiconError(f"{path}: 'negation_window' must be a whole number from 1 to 10")
    entries = data.get("corrections", [])
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: 'corrections' must be a list of entries")
    corrections = {}
    for i, entry in enumerate(entries, start=1):
        where = f"{path}: corrections entry {i}"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected word, value and reason")
        word = entry.get("word")
        if not isinstance(word, str) or not _WORD.fullmatch(word.strip()):
            raise LexiconError(f"{where}: field 'word' must be one word, got {word!r}")
        word = word.strip().lower()
        where = f"{path}: corrections entry {i} ({word!r})"
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -4 <= value <= 4:
            raise LexiconError(f"{where}: field 'value' must be a number from -4 to 4, got {value!r}")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise LexiconError(f"{where}: field 'reason' is missing; say why the general lists are wrong")
        case = entry.get("case", "any")
        if case not in ("any", "capitalized"):
            raise LexiconError(f"{where}: field 'case' must be 'any' or 'capitalized', got {case!r}")
        if word in corrections:
            raise LexiconError(f"{where}: the word is listed twice")
        extra = set(entry) - {"word", "value", "reason", "case"}
        if extra:
            raise LexiconError(f"{where}: unknown field(s) {sorted(extra)}")
        corrections[word] = (float(value), case, reason.strip())
    return NewsLexicon(path, corrections, words("negators"), words("contrast"), window)


def load_weights(path: str | Path | None = None) -> dict:
    """The fitted weights file: ``{"weights": {feature: weight}, ...}`` plus how it was fitted."""
    path = Path(path) if path is not None else WEIGHTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{path}: not valid JSON: {exc}") from None
    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict) or set(weights) != set(FEATURES):
        raise LexiconError(f"{path}: 'weights' must give a number for each of {list(FEATURES)}")
    for name, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w):
            raise LexiconError(f"{path}: weight {name!r} must be a number, got {w!r}")
    return data


def _pattern_lexicon() -> dict:
    from textblob.en import sentiment as pattern

    out = {}
    for word, senses in pattern.items():
        if None in senses and " " not in word:
            out[word.lower()] = float(senses[None][0])
    return out


@lru_cache(maxsize=1)
def _model() -> _Model:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return _Model(news=load_news_lexicon(), vader=dict(_vader().lexicon),
                  textblob=_pattern_lexicon(), boosters=dict(BOOSTER_DICT))


@lru_cache(maxsize=1)
def _weights() -> dict:
    return dict(load_weights()["weights"])


@lru_cache(maxsize=1)
def label_threshold() -> float:
    """The threshold on ``sentiment`` between neutral and negative/positive (fitted; see notes)."""
    value = load_weights().get("label_threshold")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise LexiconError(f"{WEIGHTS_FILE}: 'label_threshold' must be a number between 0 and 1")
    return float(value)


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _base_values(model: _Model, word: str) -> tuple[float, float] | None:
    """(VADER value / 4, pattern polarity) of a lower-case word, trying common endings."""
    hit = model.cache.get(word, _MISSING)
    if hit is not _MISSING:
        return hit
    candidates = [word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            candidates += [stem, stem + "e", stem + "y"]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])  # stopped -> stop
    result = None
    for cand in candidates:
        v = model.vader.get(cand)
        t = model.textblob.get(cand)
        if v is not None or t is not None:
            result = ((v or 0.0) / 4.0, t or 0.0)
            break
    if len(model.cache) < 200_000:
        model.cache[word] = result
    return result


# ---------------------------------------------------------------------------------------------
# The project's score


def _word_values(model: _Model, text: str, *, detail: bool = False):
    """Sentiment-bearing words of ``text``: list of (index, match, vader, textblob, factor,
    modifiers, news) where vader/textblob are on [-1, 1] before the modifiers."""
    news = model.news
    matches = list(_WORD.finditer(text))
    lowers = [m.group().lower() for m in matches]
    contrast_at = -1
    for i, w in enumerate(lowers):
        if w in news.contrast:
            contrast_at = i
    out = []
    for i, w in enumerate(lowers):
        corr = news.corrections.get(w)
        news_hit = None
        if corr is not None and (corr[1] == "any" or matches[i].group()[0].isupper()):
            if corr[0] == 0:
                if detail:
                    out.append((i, matches[i], 0.0, 0.0, 1.0, [], corr))
                continue
            vals = (corr[0] / 4.0, corr[0] / 4.0)
            news_hit = corr
        else:
            vals = _base_values(model, w)
            if vals is None or (vals[0] == 0.0 and vals[1] == 0.0):
                continue
        factor = 1.0
        mods = []
        for j in range(max(0, i - news.negation_window), i):
            neg = lowers[j]
            if neg in news.negators or neg.endswith("n't"):
                factor *= NEGATION_FACTOR
                if detail:
                    mods.append(f"negated by '{matches[j].group()}' (x{NEGATION_FACTOR})")
                break
        if i > 0:
            boost = model.boosters.get(lowers[i - 1])
            if boost:
                f = BOOST_FACTOR if boost > 0 else DAMPEN_FACTOR
                factor *= f
                if detail:
                    kind = "intensified" if boost > 0 else "dampened"
                    mods.append(f"{kind} by '{matches[i - 1].group()}' (x{f})")
        if contrast_at >= 0 and i != contrast_at:
            f = AFTER_CONTRAST if i > contrast_at else BEFORE_CONTRAST
            factor *= f
            if detail:
                side = "after" if i > contrast_at else "before"
                mods.append(f"{side} '{matches[contrast_at].group()}' (x{f})")
        out.append((i, matches[i], vals[0], vals[1], factor, mods, news_hit))
    return out


def _features(values) -> np.ndarray:
    """The six numbers of step 3 for one sentence, in :data:`FEATURES` order."""
    feats = []
    for k in (2, 3):  # vader, textblob
        pos = neg = 0.0
        n = 0
        for item in values:
            v = item[k] * item[4]
            if item[2] == 0.0 and item[3] == 0.0:
                continue
            n += 1
            if v > 0:
                pos += v
            else:
                neg += v
        feats += [pos, neg, (pos + neg) / n if n else 0.0]
    return np.array(feats)


def sentence_features(texts) -> pd.DataFrame:
    """The six inputs of the project's score for each text (columns :data:`FEATURES`)."""
    model = _model()
    rows = [_features(_word_values(model, t)) if isinstance(t, str) else np.zeros(len(FEATURES))
            for t in texts]
    return pd.DataFrame(rows, columns=list(FEATURES)).astype("float64")


def score_text(text: str) -> float:
    """The project's sentiment of one string, in [-1, 1] (0 for empty text or no sentiment
    words). Fast enough for per-mention use; assumes English and does not check."""
    if not isinstance(text, str) or not text.strip():
        return 0.0
    model = _model()
    values = _word_values(model, text)
    if not values:
        return 0.0
    w = _weights()
    pred = 0.0
    for name, x in zip(FEATURES, _features(values)):
        pred += w[name] * x
    return max(-1.0, min(1.0, pred / 4.0))


def label_score(score: float, *, threshold: float | None = None) -> str:
    """``negative`` / ``neutral`` / ``positive`` for a score on [-1, 1] (threshold: the fitted
    :func:`label_threshold` unless given); NaN gives ``not_english``."""
    if threshold is None:
        threshold = label_threshold()
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "not_english"
    if score <= -threshold:
        return "negative"
    if score >= threshold:
        return "positive"
    return "neutral"


def explain_sentence(text: str) -> pd.DataFrame:
    """Why a sentence got its scores: one row per word that moved them.

    Columns: ``position`` (word number, from 0), ``start``, ``end`` (character offsets into
    ``text``), ``word``, ``vader`` (VADER's value, -4..+4), ``textblob`` (TextBlob's polarity,
    -1..+1), ``news_value`` (the news correction, -4..+4, if the word has one),
    ``modifiers`` (negation, intensifier, contrast applied, joined by "; "), ``weight`` (the
    product of the modifiers), ``contribution`` (this word's share of ``score_text(text)``:
    the contributions add up to it before clipping to [-1, 1]) and ``reason`` (the news
    correction's reason). Words that the news corrections set to 0 are listed with
    contribution 0 so a reader sees they were ignored on purpose.
    """
    cols = {c: [] for c in EXPLAIN_COLUMNS}
    if not isinstance(text, str) or not text.strip():
        return _empty_explain()
    model = _model()
    values = _word_values(model, text, detail=True)
    counted = [v for v in values if not (v[2] == 0.0 and v[3] == 0.0)]
    n = len(counted)
    w = _weights()
    for i, m, v, t, factor, mods, news in values:
        word = m.group()
        lower = word.lower()
        contribution = 0.0
        if n and not (v == 0.0 and t == 0.0):
            for lex, x in (("vader", v * factor), ("textblob", t * factor)):
                side = w[f"{lex}_pos"] if x > 0 else w[f"{lex}_neg"]
                contribution += (side + w[f"{lex}_mean"] / n) * x / 4.0
        corr = model.news.corrections.get(lower)
        applied = corr if (corr is not None and (corr[1] == "any" or word[0].isupper())) else None
        cols["position"].append(i)
        cols["start"].append(m.start())
        cols["end"].append(m.end())
        cols["word"].append(word)
        cols["vader"].append(model.vader.get(lower, np.nan))
        cols["textblob"].append(model.textblob.get(lower, np.nan))
        cols["news_value"].append(applied[0] if applied else np.nan)
        cols["modifiers"].append("; ".join(mods))
        cols["weight"].append(factor)
        cols["contribution"].append(contribution)
        cols["reason"].append(applied[2] if applied else "")
        if applied is None and lower not in model.vader and lower not in model.textblob:
            # found through a shorter form: show the values actually used
            cols["vader"][-1] = v * 4.0
            cols["textblob"][-1] = t
            cols["reason"][-1] = "looked up without its ending"
    df = pd.DataFrame(cols)
    return df.astype({"position": "int64", "start": "int64", "end": "int64", "vader": "float64",
                      "textblob": "float64", "news_value": "float64", "weight": "float64",
                      "contribution": "float64"})


def _empty_explain() -> pd.DataFrame:
    return pd.DataFrame({
        "position": pd.Series(dtype="int64"), "start": pd.Series(dtype="int64"),
        "end": pd.Series(dtype="int64"), "word": pd.Series(dtype="str"),
        "vader": pd.Series(dtype="float64"), "textblob": pd.Series(dtype="float64"),
        "news_value": pd.Series(dtype="float64"), "modifiers": pd.Series(dtype="str"),
        "weight": pd.Series(dtype="float64"), "contribution": pd.Series(dtype="float64"),
        "reason": pd.Series(dtype="str"),
    })


# ---------------------------------------------------------------------------------------------
# Tables


def _mostly_non_latin(text: str) -> bool:
    letters = _LETTER.findall(text)
    if not letters:
        return False
    latin = sum(1 for ch in letters if _LATIN.match(ch))
    return latin < len(letters) / 2


def _row_languages(df: pd.DataFrame, articles: pd.DataFrame | None) -> pd.Series:
    """The language of each row: its own column, the article's, or a script check."""
    from .language import detect_language

    if "language" in df.columns:
        lang = df["language"].astype("object")
    elif articles is not None and {"doc_id", "language"} <= set(articles.columns) \
            and "doc_id" in df.columns:
        by_doc = dict(zip(articles["doc_id"], articles["language"]))
        lang = df["doc_id"].map(by_doc).astype("object")
    else:
        lang = pd.Series([None] * len(df), index=df.index, dtype="object")
    out = []
    for value, text in zip(lang, df["text"]):
        if isinstance(value, str) and value.strip():
            out.append(value.strip().lower())
        elif isinstance(text, str) and _mostly_non_latin(text):
            out.append(detect_language(text))
        else:
            out.append("en")
    return pd.Series(out, index=df.index, dtype="str")


def _is_english(code: str) -> bool:
    return code in ("en", "und") or code.startswith("en-") or code.startswith("en_")


def score_sentences(df: pd.DataFrame, *, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add sentiment columns to any table with a ``text`` column (a copy is returned).

    Columns added: ``vader_compound``, ``vader_pos``, ``vader_neu``, ``vader_neg``,
    ``textblob_polarity``, ``textblob_subjectivity``, ``sentiment`` (the project's score,
    [-1, 1]), ``label`` (``negative`` / ``neutral`` / ``positive``, cut at +-:func:`label_threshold`, see
    the module notes; ``not_english`` for rows in another language), and ``language`` when the
    table had none.

    The language of a row comes from its ``language`` column, else from ``articles``
    (matched on ``doc_id``), else from a check of the script. Non-English rows get NaN
    scores and one warning. Empty or white-space text scores 0 and is ``neutral``; a missing
    (NaN) text is treated as empty.
    """
    if "text" not in df.columns:
        raise KeyError("score_sentences needs a 'text' column (one sentence per row)")
    from textblob.en import sentiment as pattern

    out = df.copy()
    texts = [t if isinstance(t, str) else "" for t in out["text"]]
    langs = _row_languages(out, articles)
    english = [_is_english(code) for code in langs]
    vader = _vader()
    cols = {c: [] for c in SCORE_COLUMNS}
    nan = float("nan")
    for text, ok in zip(texts, english):
        if not ok:
            for c in SCORE_COLUMNS[:-1]:
                cols[c].append(nan)
            cols["label"].append("not_english")
            continue
        if not text.strip():
            for c, v in zip(SCORE_COLUMNS[:-1], (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0)):
                cols[c].append(v)
            cols["label"].append("neutral")
            continue
        vs = vader.polarity_scores(text)
        polarity, subjectivity = pattern(text)
        score = score_text(text)
        for c, v in zip(SCORE_COLUMNS[:-1], (vs["compound"], vs["pos"], vs["neu"], vs["neg"],
                                              polarity, subjectivity, score)):
            cols[c].append(float(v))
        cols["label"].append(label_score(score))
    for c in SCORE_COLUMNS[:-1]:
        out[c] = pd.Series(cols[c], index=out.index, dtype="float64")
    out["label"] = pd.Series(cols["label"], index=out.index, dtype="str")
    if "language" not in out.columns:
        out["language"] = langs
    n_other = len(english) - sum(english)
    if n_other:
        found = sorted({code for code, ok in zip(langs, english) if not ok})
        warnings.warn(f"{n_other} of {len(out)} rows are not in English ({', '.join(found)}); "
                      "their sentiment is left empty (label 'not_english')", stacklevel=2)
    return out


def label_counts(scored: pd.DataFrame, *, by: str | None = "doc_id") -> pd.DataFrame:
    """How many sentences have each label. Columns: ``by`` (if given and present), ``label``,
    ``sentences``, ``share`` (of the group's sentences)."""
    order = ["negative", "neutral", "positive", "not_english"]
    keys = [by] if by and by in scored.columns else []
    counts = scored.groupby(keys + ["label"], observed=True).size().rename("sentences").reset_index()
    totals = counts.groupby(keys)["sentences"].transform("sum") if keys else counts["sentences"].sum()
    counts["share"] = counts["sentences"] / totals
    counts["_o"] = counts["label"].map({k: i for i, k in enumerate(order)})
    return counts.sort_values(keys + ["_o"]).drop(columns="_o").reset_index(drop=True)


def rolling_sentiment(scored: pd.DataFrame, *, window: int = 3,
                      column: str = "sentiment") -> pd.DataFrame:
    """The sentiment arc: ``scored`` in reading order with ``rolling`` added, the centred
    mean of ``column`` over ``window`` sentences within each article (``doc_id``)."""
    keys = ["doc_id"] if "doc_id" in scored.columns else []
    order = keys + (["sent_id"] if "sent_id" in scored.columns else [])
    out = scored.sort_values(order).copy() if order else scored.copy()
    roll = lambda s: s.rolling(window, center=True, min_periods=1).mean()  # noqa: E731
    out["rolling"] = out.groupby(keys)[column].transform(roll) if keys else roll(out[column])
    return out


def method_disagreements(scored: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """The ``n`` sentences on which VADER and TextBlob disagree most (``gap`` =
    ``vader_compound - textblob_polarity``, largest absolute gap first)."""
    out = scored.dropna(subset=["vader_compound", "textblob_polarity"]).copy()
    out["gap"] = out["vader_compound"] - out["textblob_polarity"]
    return out.reindex(out["gap"].abs().sort_values(ascending=False).index).head(n)
