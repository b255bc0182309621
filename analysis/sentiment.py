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
    The project's own score, a news-tuned vote of six published word lists (see below), in
    [-1, 1].

How the project's ``sentiment`` is computed (one pass over the words, nothing hidden):

1. Each word is looked up in six word lists, each turned to a value on [-1, 1]
   (:data:`LEXICONS`): VADER's (value / 4), TextBlob's pattern polarity, the Hu & Liu
   (2004) opinion lexicon (+1 / -1), the MPQA subjectivity clues (Wilson et al. 2005;
   +-1 strong, +-0.5 weak), labMT (Dodds et al. 2011; happiness (h - 5) / 4, words
   with 4 <= h <= 6 left out as neutral) and the valence norms of Warriner, Kuperman &
   Brysbaert (2013; 13,915 lemmas rated 1..9 by crowd workers; (v - 5) / 4, words with
   4.5 <= v <= 5.5 left out). The last four ship with the ``labMTsimple`` package. A word
   not found is tried again without a common ending (-s, -ed, -ing ...), so "sacrificed"
   finds "sacrifice". The news corrections in ``data/lexicons/sentiment_news.yml`` override
   all six lists ("Supreme Court", "security forces", "interest rates" are not sentiment in
   news).
2. Rules from the same file and from VADER's booster list multiply a word's values: a
   negator up to three words before ("not", "never", "n't") reverses and weakens it
   (x -0.74, VADER's factor); a *reverser* up to three words before a negative word
   ("reduce poverty", "prevent disease", "end the war") does the same; an intensifier just
   before multiplies it by 1.3 ("very"), a dampener by 0.7 ("slightly"); before the last
   contrast word ("but", "however") words count half.
3. For each word list, three numbers: the sum of the positive values, the sum of the
   negative values (both divided by the square root of the sentence length in words / 20,
   so a sentiment word weighs more in a short sentence than in a long one) and the mean
   value of the words the list knows. A weighted sum of these eighteen numbers estimates
   how human readers rate the sentence on a -4..+4 scale.
4. Learned word corrections: a table of words with a small value each, learned from the
   ratings for what the lists miss or misjudge in news opinion writing ("cancer", "pork",
   "homeless"...). Every occurrence of the word adds its value, whatever the rules say.
   Each entry records from how many rated sentences it was learned. Stop words ("the",
   "and" ...) and words with a news correction get no learned correction.
5. ``sentiment`` is the estimate of steps 3 and 4 divided by 4 (and kept within [-1, 1]).
   A sentence without listed or corrected words scores exactly 0.
   :func:`explain_sentence` splits the score into one share per word; the shares add up to
   the score.

The eighteen weights, the word corrections and the label threshold are in
``data/lexicons/sentiment_weights.json``, written by ``python benchmarks/sentiment_nyt.py
--fit`` from the development file of the NYT opinion-sentence benchmark (Hutto & Gilbert
2014: sentences rated by 20 people on -4..+4): non-negative least squares for the weights (so
a list's positive words only pull up and its negative words only down), then ridge
regression of what they leave unexplained on word counts (strongly shrunk, words seen in at
least 5 sentences) for the corrections, then everything scaled so the estimates spread as
widely as the human ratings. The file also records the figures of 10-fold cross-validation
grouped by article (everything refitted without the scored articles), the honest estimate
for unseen sentences. Three settings were chosen among twelve by the Pearson r of that
cross-validation: using the Warriner et al. list and its neutral band (:data:`WK_NEUTRAL`),
the weight after "but" (:data:`AFTER_CONTRAST`) and the length scaling
(:data:`LENGTH_POWER`); the benchmark's nested cross-validation, which makes that choice
again inside every fold without the scored articles, is recorded beside it.

Labels. The benchmark turns the human mean rating into three classes with thresholds at
-0.5 and +0.5 on the -4..+4 scale (negative <= -0.5 < neutral < +0.5 <= positive). ``label``
cuts ``sentiment`` at the fitted threshold ``t`` (:func:`label_threshold`, recorded in the
weights file; the best macro-F1 on the development file): ``negative`` when
``sentiment <= -t``, ``positive`` when ``sentiment >= t``, else ``neutral``. For VADER and
TextBlob the benchmark uses VADER's documented thresholds of -0.05 / +0.05 on their own
scores.

Other languages. The word lists are English. :func:`score_sentences` takes the language of
each row from a ``language`` column, or from an ``articles`` table by ``doc_id``; without
either it checks only the script (a text written mostly in non-Latin letters, e.g. Cyrillic,
is identified with py3langid). Rows whose language is known and not English get NaN scores
and the label ``not_english``, with one warning, instead of a meaningless number; ``und``
(undetermined, e.g. very short texts) is scored. :func:`score_text` does no such check.

Speed. :func:`score_sentences` gives exactly the values of the libraries' own functions
(``SentimentIntensityAnalyzer.polarity_scores`` and ``textblob.en.sentiment``, computed by
:mod:`analysis.lexscore`, which explains how and why its shortcuts give the same numbers) but
avoids repeated work: it scores each distinct text once, runs one method at a time over all
rows and remembers what it looked up for each word. The tests compare the scores with the
libraries.

Known blind spots: irony and sarcasm; sentiment that needs world knowledge ("the plant will
close" is bad news but has no sentiment word); who the sentiment is about (see target
sentiment in :mod:`analysis.actors`); words whose news sense differs from the lists and are
not yet corrected. The learned corrections come from opinion articles of one newspaper;
they are small on purpose, and a reader can check each one in the weights file. Sentence
sentiment is the tone of the wording, not the author's stance towards an actor and not
whether the sentence is true.
"""
from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import lexscore
from .config import LEXICON_DIR

NEWS_LEXICON = LEXICON_DIR / "sentiment_news.yml"
WEIGHTS_FILE = LEXICON_DIR / "sentiment_weights.json"

HUMAN_THRESHOLD = 0.5  # three classes of the benchmark's human mean rating (-4..+4)
BASELINE_THRESHOLD = 0.05  # VADER's documented threshold, used for VADER and TextBlob
NEGATION_FACTOR = -0.74  # VADER's N_SCALAR
BOOST_FACTOR = 1.3
DAMPEN_FACTOR = 0.7
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.0
LABMT_NEUTRAL = 1.0  # labMT words within 5 +- 1 on its 1..9 happiness scale are not sentiment
WK_NEUTRAL = 0.5  # Warriner et al. words within 5 +- 0.5 on its 1..9 valence scale are not sentiment
LENGTH_REFERENCE = 20  # words; the list sums of longer sentences are divided by
LENGTH_POWER = 0.5  # (words / LENGTH_REFERENCE) ** LENGTH_POWER

# word lists used by the project's score, in feature order
LEXICONS = ("vader", "textblob", "hu_liu", "mpqa", "labmt", "wk")
FEATURES = tuple(f"{lex}_{part}" for lex in LEXICONS for part in ("pos", "neg", "mean"))
SCORE_COLUMNS = ["vader_compound", "vader_pos", "vader_neu", "vader_neg", "textblob_polarity",
                 "textblob_subjectivity", "sentiment", "label"]
EXPLAIN_COLUMNS = ["position", "start", "end", "word", "vader", "textblob", "hu_liu", "mpqa",
                   "labmt", "wk", "news_value", "modifiers", "weight", "correction", "contribution",
                   "reason"]

_WORD = re.compile(r"[A-Za-z][A-Za-z']*(?:-[A-Za-z]+)*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_MISSING = object()
_ENDINGS = ("ies", "ied", "ing", "ed", "es", "ly", "s", "d", "er", "est")
_NONE = (0.0,) * len(LEXICONS)


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
    reversers: frozenset = frozenset()


@dataclass
class _Model:
    news: NewsLexicon
    lists: dict  # name (see LEXICONS) -> {word: value on [-1, 1]}
    boosters: dict  # word -> +/- VADER booster increment
    table: dict  # word of any list -> one value per list of LEXICONS (0: the list lacks it)
    cache: dict = field(default_factory=dict)  # lower-case word -> (values, shortened) or None
    # word as written -> _WordInfo; works out and remembers a word it lacks (_word_info)
    words: dict = field(default_factory=dict)
    # (corrections, weights) -> what each word adds to the score (see _score_table)
    score_tables: dict = field(default_factory=dict)

    def __post_init__(self):
        self.words = lexscore.Remembered(partial(_word_info, self), limit=200_000)



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
    return NewsLexicon(path, corrections, words("negators"), words("contrast"), window,
                       words("reversers"))


def load_weights(path: str | Path | None = None) -> dict:
    """The fitted weights file: ``{"weights": {feature: weight}, "word_corrections": [{"word",
    "value", "sentences"}, ...], "label_threshold": t, ...}`` plus how it was fitted.

    Raises :class:`LexiconError` naming the file and the entry at fault.
    """
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
    entries = data.get("word_corrections", [])
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: 'word_corrections' must be a list of entries")
    seen = set()
    for i, entry in enumerate(entries, start=1):
        word = entry.get("word") if isinstance(entry, dict) else None
        where = f"{path}: word_corrections entry {i} ({word!r})"
        if not isinstance(word, str) or not _WORD.fullmatch(word) or word != word.lower():
            raise LexiconError(f"{where}: field 'word' must be one lower-case word")
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -4 <= value <= 4:
            raise LexiconError(f"{where}: field 'value' must be a number from -4 to 4")
        count = entry.get("sentences")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise LexiconError(f"{where}: field 'sentences' must be a whole number >= 1")
        if word in seen:
            raise LexiconError(f"{where}: the word is listed twice")
        seen.add(word)
    return data


def _package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package (found without importing it)."""
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError(f"the word lists need the package {package!r}: pip install labmtsimple")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def _pattern_list() -> dict:
    from textblob.en import sentiment as pattern

    out = {}
    for word, senses in pattern.items():
        if None in senses and " " not in word and senses[None][0]:
            out[word.lower()] = float(senses[None][0])
    return out


def _hu_liu_list() -> dict:
    out = {}
    for name, value in (("negative", -1.0), ("positive", 1.0)):
        path = _package_file("labMTsimple", "data", "OL", f"{name}-words-clean.txt")
        for line in path.read_text(encoding="latin-1").splitlines():
            word = line.strip().lower()
            if word and not word.startswith(";"):
                out[word] = value
    return out


def _mpqa_list() -> dict:
    path = _package_file("labMTsimple", "data", "MPQA", "subjectivity_clues_hltemnlp05",
                         "subjclueslen1-HLTEMNLP05.tff")
    values: dict = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        entry = dict(part.split("=", 1) for part in line.split() if "=" in part)
        sign = {"positive": 1.0, "negative": -1.0}.get(entry.get("priorpolarity", ""))
        if sign and "word1" in entry:
            strength = 1.0 if entry.get("type") == "strongsubj" else 0.5
            values.setdefault(entry["word1"].lower(), []).append(sign * strength)
    return {w: sum(v) / len(v) for w, v in values.items() if sum(v)}


def _labmt_list() -> dict:
    path = _package_file("labMTsimple", "data", "LabMT", "labMT1.txt")
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) > 2:
            centred = float(parts[2]) - 5.0
            if abs(centred) > LABMT_NEUTRAL:
                out[parts[0].lower()] = centred / 4.0
    return out


def _wk_list() -> dict:
    import csv

    path = _package_file("labMTsimple", "data", "WK", "BRM-emot-submit.csv")
    out = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        word, valence = header.index("Word"), header.index("V.Mean.Sum")
        for row in rows:
            centred = float(row[valence]) - 5.0
            if abs(centred) > WK_NEUTRAL:
                out[row[word].lower()] = centred / 4.0
    return out


@lru_cache(maxsize=1)
def _word_lists() -> dict:
    """The six word lists of :data:`LEXICONS`: ``{name: {word: value on [-1, 1]}}``."""
    vader = {w: v / 4.0 for w, v in _vader().lexicon.items() if v}
    return {"vader": vader, "textblob": _pattern_list(), "hu_liu": _hu_liu_list(),
            "mpqa": _mpqa_list(), "labmt": _labmt_list(), "wk": _wk_list()}


@lru_cache(maxsize=1)
def _model() -> _Model:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    lists = _word_lists()
    table = {}
    for k, name in enumerate(LEXICONS):
        for word, value in lists[name].items():
            table.setdefault(word, [0.0] * len(LEXICONS))[k] = value
    return _Model(news=load_news_lexicon(), lists=lists, boosters=dict(BOOSTER_DICT),
                  table={word: tuple(values) for word, values in table.items()})


@lru_cache(maxsize=1)
def _fitted() -> tuple[dict, dict, tuple]:
    """``(weights, corrections, weight_vector)`` from the weights file: feature -> weight,
    lower-case word -> learned correction (-4..+4 scale), and the weights as a tuple in
    :data:`FEATURES` order."""
    data = load_weights()
    corrections = {e["word"]: float(e["value"]) for e in data.get("word_corrections", [])}
    weights = dict(data["weights"])
    return weights, corrections, tuple(weights[name] for name in FEATURES)


def _weights() -> dict:
    return _fitted()[0]


@lru_cache(maxsize=1)
def label_threshold() -> float:
    """The threshold on ``sentiment`` between neutral and negative/positive (fitted; see notes)."""
    value = load_weights().get("label_threshold")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise LexiconError(f"{WEIGHTS_FILE}: 'label_threshold' must be a number between 0 and 1")
    return float(value)


def _vader():
    """VADER's own ``SentimentIntensityAnalyzer`` (loaded once, shared with :mod:`.lexscore`)."""
    return lexscore.vader_analyser()


def _clear_caches() -> None:
    """Forget every word looked up so far (to time the scores from a cold start)."""
    model = _model()
    model.cache.clear()
    model.words.clear()
    model.score_tables.clear()
    lexscore.clear_caches()


def _shorter_forms(word: str) -> list:
    """Base forms ``word`` may have, most likely first: ``rates`` -> ``rate`` (not ``rat``:
    ``-es`` is an ending of its own only after s, x, z, ch, sh and o), ``rated`` -> ``rate``
    before ``rat`` (a short vowel before one consonant would have been doubled: ``ratted``),
    ``stopped`` -> ``stop``."""
    if not word.endswith(_ENDINGS):  # most words have none of the endings
        return []
    forms = []
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if ending == "es" and not stem.endswith(_ES_STEMS):
                continue  # rates = rate + s
            if ending in ("ed", "ing") and _SHORT_VOWEL_CONSONANT.search(stem):
                forms += [stem + "e", stem, stem + "y"]  # rated, rating -> rate
            else:
                forms += [stem, stem + "e", stem + "y"]
            if len(stem) > 3 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # stopped -> stop
    return forms


_ES_STEMS = ("s", "x", "z", "ch", "sh", "o")
# a stem ending in one vowel and one consonant after a consonant (rat, hop, hat); w, x, y
# are never doubled
_SHORT_VOWEL_CONSONANT = re.compile(r"(?:^|[^aeiou])[aeiou][b-df-hj-np-tvz]$")


def _base_values(model: _Model, word: str):
    """``(values, shortened)`` of a lower-case word: one value per list of :data:`LEXICONS`
    (0 where the list does not know it), each list trying the word as written first and then
    without a common ending; ``shortened`` is True when some list needed that. None when no
    list knows the word."""
    hit = model.cache.get(word, _MISSING)
    if hit is not _MISSING:
        return hit
    table = model.table
    values = table.get(word)
    shortened = False
    if values is None or 0.0 in values:  # some list lacks the word: try its base form
        found = list(values or _NONE)
        # the base form is the first of the shorter forms that some list knows ("rates" is
        # "rate", known to one list; the lists that lack "rate" do not fall back on "rat")
        form = next((f for f in _shorter_forms(word) if f in table), None)
        if form is not None:
            for k, v in enumerate(table[form]):
                if v and not found[k]:
                    found[k] = v
                    shortened = True
        values = tuple(found)
    result = (values, shortened) if any(values) else None
    if len(model.cache) < 200_000:
        model.cache[word] = result
    return result


# ---------------------------------------------------------------------------------------------
# The project's score


class _WordInfo(NamedTuple):
    """What the score needs to know about one word as written (looked up once per word)."""

    lower: str
    news: tuple | None  # the news correction, if it applies to the word as written
    values: tuple | None  # one value per list of LEXICONS on [-1, 1]; None: no list knows it
    sentiment: bool  # some value is not 0 (only such words are negated, boosted ...)
    negative: bool  # the values add up to less than 0 (only such words are reversed)
    negates: bool  # a negator ("not", "never", "...n't")
    reverses: bool  # a reverser ("reduce", "prevent" ...)
    boost: float | None  # VADER's booster increment ("very" +, "slightly" -)
    contrast: bool  # a contrast word ("but", "however")


def _word_info(model: _Model, word: str) -> _WordInfo:
    """The :class:`_WordInfo` of ``word`` (as written: news corrections can depend on case);
    look words up in ``model.words``, which remembers them."""
    news = model.news
    lower = word.lower()
    corr = news.corrections.get(lower)
    if corr is not None and (corr[1] == "any" or word[0].isupper()):
        values = (corr[0] / 4.0,) * len(LEXICONS) if corr[0] else _NONE
    else:
        corr = None
        found = _base_values(model, lower)
        values = found[0] if found else None
    info = _WordInfo(lower, corr, values, bool(values and any(values)),
                     bool(values and sum(values) < 0),
                     lower in news.negators or lower.endswith("n't"), lower in news.reversers,
                     model.boosters.get(lower), lower in news.contrast)
    return info


def _word_values(model: _Model, text: str, *, detail: bool = False,
                 corrections: dict | None = None):
    """Sentiment-bearing words of ``text`` and the number of words of ``text``: a list of
    ``(index, word, values, factor, modifiers, news, correction)`` where ``values`` has one value per list on [-1, 1]
    before the modifiers, ``factor`` is the product of the modifiers and ``correction`` the
    learned word correction (-4..+4 scale). With ``detail``, ``word`` is the regex match
    (with its offsets), ``modifiers`` says what was applied, and words that the news
    corrections set to 0 are included too (all values 0)."""
    corrections = {} if corrections is None else corrections
    window = model.news.negation_window
    matches = list(_WORD.finditer(text)) if detail else None
    words = [m.group() for m in matches] if detail else _WORD.findall(text)
    infos = list(map(model.words.__getitem__, words))  # model.words looks up a new word
    contrast_at = -1
    negates = reverses = False  # most sentences have neither: no window to look through
    for i, info in enumerate(infos):
        if info.contrast:
            contrast_at = i
        negates = negates or info.negates
        reverses = reverses or info.reverses
    out = []
    for i, info in enumerate(infos):
        vals = info.values
        if vals is None:  # neither a list nor a news correction knows the word
            learned = corrections.get(info.lower)
            if learned:
                out.append((i, matches[i] if detail else words[i], _NONE, 1.0, [], None,
                            learned))
            continue
        if info.news is not None:
            learned = 0.0  # the hand-made news entry wins over a learned correction
            if not info.sentiment and not detail:
                continue
        else:
            learned = corrections.get(info.lower, 0.0)
        factor = 1.0
        mods = []
        if info.sentiment:
            for j in range(max(0, i - window), i) if negates else ():
                if infos[j].negates:
                    factor *= NEGATION_FACTOR
                    if detail:
                        mods.append(f"negated by '{words[j]}' (x{NEGATION_FACTOR})")
                    break
            if reverses and info.negative:
                for j in range(max(0, i - window), i):
                    if infos[j].reverses:
                        factor *= NEGATION_FACTOR
                        if detail:
                            mods.append(f"reversed by '{words[j]}' (x{NEGATION_FACTOR})")
                        break
            if i > 0:
                boost = infos[i - 1].boost
                if boost:
                    f = BOOST_FACTOR if boost > 0 else DAMPEN_FACTOR
                    factor *= f
                    if detail:
                        kind = "intensified" if boost > 0 else "dampened"
                        mods.append(f"{kind} by '{words[i - 1]}' (x{f})")
            if contrast_at >= 0 and i != contrast_at:
                f = AFTER_CONTRAST if i > contrast_at else BEFORE_CONTRAST
                factor *= f
                if detail:
                    side = "after" if i > contrast_at else "before"
                    mods.append(f"{side} '{words[contrast_at]}' (x{f})")
        out.append((i, matches[i] if detail else words[i], vals, factor, mods, info.news,
                    learned))
    return out, len(infos)


def _length_scale(n_words: int) -> float:
    """What the list sums of a sentence with ``n_words`` words are divided by (step 3)."""
    return (max(n_words, 1) / LENGTH_REFERENCE) ** LENGTH_POWER


def _feature_list(values, n_words: int) -> list:
    """The numbers of step 3 for one sentence, in :data:`FEATURES` order."""
    weighted = [(item[2], item[3]) for item in values if item[2] is not _NONE]
    scale = _length_scale(n_words)
    feats = []
    for k in range(len(LEXICONS)):
        pos = neg = 0.0
        n = 0
        for vals, factor in weighted:
            v = vals[k]
            if not v:
                continue
            v *= factor
            n += 1
            if v > 0:
                pos += v
            else:
                neg += v
        feats += [pos / scale, neg / scale, (pos + neg) / n if n else 0.0]
    return feats


@lru_cache(maxsize=4)
def _word_terms(weights: tuple) -> dict:
    """For fitted ``weights``: what a word with given list values adds to the estimate,
    remembered per distinct values (see :func:`_terms`)."""
    return {}


def _terms(vals: tuple, weights: tuple, terms: dict) -> tuple:
    """``(plus, minus, pairs)`` of a word's list values: its weighted sum when its modifiers
    keep the sign (``plus``) and when they reverse it (``minus``), and ``(list, value)`` of
    the lists whose mean has a weight. Step 3 with the sums taken word by word."""
    plus = minus = 0.0
    pairs = []
    for k, v in enumerate(vals):
        if v:
            w_pos, w_neg, w_mean = weights[3 * k: 3 * k + 3]
            plus += (w_pos if v > 0 else w_neg) * v
            minus += (w_neg if v > 0 else w_pos) * v
            if w_mean:
                pairs.append((k, v))
    found = terms[vals] = (plus, minus, tuple(pairs))
    return found


def _estimate(values, n_words: int, weights: tuple) -> float:
    """Steps 3 and 4: the estimate of the human rating (-4..+4) from the word values; the
    same number as the features of :func:`_feature_list` times ``weights`` plus the learned
    corrections, computed word by word."""
    terms = _word_terms(weights)
    pred = linear = 0.0
    sums = [0.0] * len(LEXICONS)
    counts = [0] * len(LEXICONS)
    for item in values:
        pred += item[6]
        vals = item[2]
        if vals is _NONE:
            continue
        factor = item[3]
        plus, minus, pairs = terms.get(vals) or _terms(vals, weights, terms)
        linear += factor * (plus if factor > 0 else minus)
        for k, v in pairs:
            sums[k] += v * factor
            counts[k] += 1
    pred += linear / _length_scale(n_words)
    for k, n in enumerate(counts):
        if n:
            pred += weights[3 * k + 2] * sums[k] / n
    return pred


def sentence_features(texts) -> pd.DataFrame:
    """The inputs of step 3 for each text (columns :data:`FEATURES`)."""
    model = _model()
    rows = [_feature_list(*_word_values(model, t)) if isinstance(t, str)
            else [0.0] * len(FEATURES) for t in texts]
    return pd.DataFrame(rows, columns=list(FEATURES)).astype("float64")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    from .nltk_setup import STOPWORDS_FILE

    words = STOPWORDS_FILE.read_text(encoding="utf-8").split()
    return frozenset(w.lower() for w in words if not w.startswith("#"))


def sentence_words(texts) -> list:
    """The lower-case words of each text that can get a learned correction: all words except
    the project's stop words ("the", "and", "of" ...), which say nothing about tone, and words
    that a news correction covers (the hand-made entry wins). A list of lists; a missing text
    gives an empty list."""
    stop = _stopwords()
    news = _model().news.corrections
    out = []
    for t in texts:
        words = []
        for m in _WORD.finditer(t) if isinstance(t, str) else ():
            w = m.group().lower()
            corr = news.get(w)
            if w not in stop and not (corr and (corr[1] == "any" or m.group()[0].isupper())):
                words.append(w)
        out.append(words)
    return out


def score_text(text: str) -> float:
    """The project's sentiment of one string, in [-1, 1] (0 for empty text or no sentiment
    words). Fast enough for per-mention use; assumes English and does not check."""
    if not isinstance(text, str) or not text.strip():
        return 0.0
    _, corrections, weights = _fitted()
    return _score(_model(), text, corrections, weights)


def _score(model: _Model, text: str, corrections: dict, weights: tuple) -> float:
    """:func:`score_text` of ``text``: :func:`_word_values` and :func:`_estimate` in one pass.

    The same numbers, added up in the same order (``tests/test_sentiment.py`` compares them
    with the two-step computation), but what each word adds is looked up once per word as
    written (:func:`_score_word`) instead of being gathered into a list for every sentence.
    A sentence without any negator, reverser, intensifier or contrast word (most of them)
    skips the modifiers: each of its words counts with factor 1."""
    table = _score_table(model, corrections, weights)
    words = _WORD.findall(text)
    entries = list(map(table.__getitem__, words))  # the table looks up a new word itself
    found = False  # some word is a sentiment word or has a learned correction
    pred = linear = 0.0
    sums = [0.0] * len(LEXICONS)
    counts = [0] * len(LEXICONS)
    if table.modifiers.isdisjoint(words):
        # only words with something to add have an entry; each counts with factor 1
        for learned, terms, _, _, _, _, _ in filter(None, entries):
            found = True
            pred += learned
            if terms is not None:
                plus, _, pairs = terms
                linear += plus
                for k, v in pairs:
                    sums[k] += v
                    counts[k] += 1
    else:
        window = model.news.negation_window
        contrast_at = -1
        negates = reverses = False
        for i, entry in enumerate(entries):
            if entry is not None:
                if entry.contrast:
                    contrast_at = i
                negates = negates or entry.negates
                reverses = reverses or entry.reverses
        for i, entry in enumerate(entries):
            if entry is None:
                continue
            terms = entry.terms
            if terms is None and not entry.learned:  # a modifier and nothing else
                continue
            found = True
            pred += entry.learned
            if terms is None:
                continue
            # the modifiers of _word_values, multiplied in the same order
            factor = 1.0
            if negates:
                for j in range(max(0, i - window), i):
                    if entries[j] is not None and entries[j].negates:
                        factor *= NEGATION_FACTOR
                        break
            if reverses and entry.negative:
                for j in range(max(0, i - window), i):
                    if entries[j] is not None and entries[j].reverses:
                        factor *= NEGATION_FACTOR
                        break
            if i > 0 and entries[i - 1] is not None and entries[i - 1].boost:
                factor *= entries[i - 1].boost
            if contrast_at >= 0 and i != contrast_at:
                factor *= AFTER_CONTRAST if i > contrast_at else BEFORE_CONTRAST
            plus, minus, pairs = terms
            linear += factor * (plus if factor > 0 else minus)
            for k, v in pairs:
                sums[k] += v * factor
                counts[k] += 1
    if not found:
        return 0.0
    pred += linear / _length_scale(len(words))
    for k, n in enumerate(counts):
        if n:
            pred += weights[3 * k + 2] * sums[k] / n
    return max(-1.0, min(1.0, pred / 4.0))


class _ScoreWord(NamedTuple):
    """What one word as written adds to :func:`_score` (see :func:`_score_word`)."""

    learned: float  # the learned correction (0 if a news correction covers the word)
    terms: tuple | None  # (plus, minus, pairs) of its list values (see _terms); None: no sentiment
    negative: bool  # its values add up to less than 0 (only such words are reversed)
    negates: bool  # a negator
    reverses: bool  # a reverser
    boost: float  # the factor it puts on the next word (intensifier or dampener); 0: none
    contrast: bool  # a contrast word


class _ScoreTable(lexscore.Remembered):
    """Word as written -> :class:`_ScoreWord`, or None for a word that adds nothing and
    modifies nothing (most words); up to 200,000 words are remembered. ``modifiers``: the
    words as written seen so far that modify others (negators, reversers, intensifiers,
    dampeners, contrast words)."""

    def __init__(self, compute):
        super().__init__(compute, limit=200_000)
        self.modifiers = set()


def _score_table(model: _Model, corrections: dict, weights: tuple) -> _ScoreTable:
    """The :class:`_ScoreTable` for these corrections and weights (kept on the model)."""
    key = (id(corrections), weights)
    kept = model.score_tables.get(key)
    if kept is None or kept[0] is not corrections:
        if len(model.score_tables) >= 4:
            model.score_tables.clear()
        table = _ScoreTable(None)
        table.compute = partial(_score_word, model, table, corrections, weights)
        kept = model.score_tables[key] = (corrections, table)
    return kept[1]


def _score_word(model: _Model, table: _ScoreTable, corrections: dict, weights: tuple,
                word: str) -> _ScoreWord | None:
    """The :class:`_ScoreWord` of ``word`` (as written), as :func:`_word_values` and
    :func:`_estimate` treat it (``table`` notes the modifiers)."""
    info = model.words[word]
    learned = 0.0 if info.news is not None else corrections.get(info.lower, 0.0)
    terms = None
    if info.sentiment:
        terms = _word_terms(weights).get(info.values) or _terms(info.values, weights,
                                                                 _word_terms(weights))
    boost = (BOOST_FACTOR if info.boost > 0 else DAMPEN_FACTOR) if info.boost else 0.0
    modifies = bool(info.negates or info.reverses or boost or info.contrast)
    entry = None
    if learned or terms is not None or modifies:
        entry = _ScoreWord(learned, terms, info.negative, info.negates, info.reverses, boost,
                           info.contrast)
    if modifies:
        table.modifiers.add(word)
    return entry


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
    -1..+1), ``hu_liu`` (Hu & Liu opinion lexicon, +1/-1), ``mpqa`` (MPQA, +-1 strong,
    +-0.5 weak), ``labmt`` (labMT happiness minus 5, on -4..+4; NaN within +-1 of 5),
    ``wk`` (Warriner et al. valence minus 5, on -4..+4; NaN within +-0.5 of 5),
    ``news_value`` (the news correction, -4..+4, if the word has one), ``modifiers``
    (negation, reversal, intensifier, contrast applied, joined by "; "), ``weight`` (the
    product of the modifiers), ``correction`` (the learned word correction, -4..+4 scale, 0
    if none), ``contribution`` (this word's share of ``score_text(text)``: the contributions
    add up to it before clipping to [-1, 1]) and ``reason`` (the news correction's reason, or
    "looked up without its ending"). NaN in a list's column: the list does not know the word.
    Words that the news corrections set to 0 are listed with contribution 0 so a reader sees
    they were ignored on purpose.
    """
    if not isinstance(text, str) or not text.strip():
        return _empty_explain()
    model = _model()
    w, corrections, _ = _fitted()
    values, n_words = _word_values(model, text, detail=True, corrections=corrections)
    counts = [sum(1 for item in values if item[2][k]) for k in range(len(LEXICONS))]
    length = _length_scale(n_words)
    scales = {"vader": 4.0, "labmt": 4.0, "wk": 4.0}
    cols = {c: [] for c in EXPLAIN_COLUMNS}
    for i, m, vals, factor, mods, news, learned in values:
        word = m.group()
        contribution = learned / 4.0
        for k, lex in enumerate(LEXICONS):
            x = vals[k] * factor
            if x:
                side = w[f"{lex}_pos"] if x > 0 else w[f"{lex}_neg"]
                contribution += (side / length + w[f"{lex}_mean"] / counts[k]) * x / 4.0
        found = _base_values(model, word.lower())
        shown = found[0] if found else _NONE
        cols["position"].append(i)
        cols["start"].append(m.start())
        cols["end"].append(m.end())
        cols["word"].append(word)
        for k, lex in enumerate(LEXICONS):
            cols[lex].append(shown[k] * scales.get(lex, 1.0) if shown[k] else np.nan)
        cols["news_value"].append(news[0] if news else np.nan)
        cols["modifiers"].append("; ".join(mods))
        cols["weight"].append(factor)
        cols["correction"].append(learned)
        cols["contribution"].append(contribution)
        cols["reason"].append(news[2] if news else
                              "looked up without its ending" if found and found[1] else "")
        if news is None and not found:
            cols["reason"][-1] = "no list knows the word; learned correction only"
    df = pd.DataFrame(cols)
    return df.astype({"position": "int64", "start": "int64", "end": "int64",
                      **{c: "float64" for c in ("vader", "textblob", "hu_liu", "mpqa", "labmt",
                                                "news_value", "weight", "correction",
                                                "contribution")}})


def _empty_explain() -> pd.DataFrame:
    text_cols = ("word", "modifiers", "reason")
    int_cols = ("position", "start", "end")
    return pd.DataFrame({c: pd.Series(dtype="str" if c in text_cols else
                                      "int64" if c in int_cols else "float64")
                         for c in EXPLAIN_COLUMNS})


# ---------------------------------------------------------------------------------------------
# Tables


def _mostly_non_latin(text: str) -> bool:
    if text.isascii():
        return False  # ASCII letters are all Latin
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
    for value, text in zip(lang.tolist(), df["text"].tolist()):  # lists: quicker to walk
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
    out = df.copy()
    texts = [t if isinstance(t, str) else "" for t in out["text"].tolist()]
    langs = _row_languages(out, articles)
    english = [_is_english(code) for code in langs]
    # English rows with text are scored, each distinct text once and one method at a time;
    # empty text scores 0 (VADER's neutral share 1) and is neutral; other languages get NaN
    # and "not_english"
    rows = [i for i, (text, ok) in enumerate(zip(texts, english)) if ok and text.strip()]
    todo = list(dict.fromkeys(texts[i] for i in rows))
    vader_scores = [lexscore.vader_scores(text) for text in todo]
    blob = [lexscore.textblob_scores(text) for text in todo]
    model = _model()
    _, corrections, weights = _fitted()
    score = [_score(model, text, corrections, weights) for text in todo]
    scored = {"vader_compound": [v["compound"] for v in vader_scores],
              "vader_pos": [v["pos"] for v in vader_scores],
              "vader_neu": [v["neu"] for v in vader_scores],
              "vader_neg": [v["neg"] for v in vader_scores],
              "textblob_polarity": [b[0] for b in blob],
              "textblob_subjectivity": [b[1] for b in blob], "sentiment": score}
    position = {text: k for k, text in enumerate(todo)}
    where = [position[texts[i]] for i in rows]  # row -> its text in todo
    for c in SCORE_COLUMNS[:-1]:
        column = np.where(english, 1.0 if c == "vader_neu" else 0.0, np.nan)
        column[rows] = np.asarray(scored[c], dtype="float64")[where]
        out[c] = pd.Series(column, index=out.index, dtype="float64")
    labels = ["neutral" if ok else "not_english" for ok in english]
    threshold = label_threshold()
    for i, k in zip(rows, where):
        labels[i] = label_score(score[k], threshold=threshold)
    out["label"] = pd.Series(labels, index=out.index, dtype="str")
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
