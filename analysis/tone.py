"""Tone toward an actor: mention by mention, clause by clause, and for a whole article.

:func:`score_targets` estimates the tone of a sentence *toward* a marked span. It reads the
sentence the way a reader does where the sentence turns: in "I like Peter but I don't like
Robert" or "Critics praised Ruto, but they condemned Odinga" the words that count for each name
are those of its own part of the sentence (:func:`target_scope`: the stretch between
contrasting or coordinated clauses, cut at *but*, *while*, *whereas*, *although*, *yet*,
*however*, a semicolon, *and* followed by a new subject, ...), with negation read as VADER reads
it ("don't like" is not liking). :func:`actor_tone` applies it to every mention, separating the
narrator's voice from quotations, :func:`summarise_tone` gives one row per actor, and
:func:`article_tone` gives the tone of each article toward each of its actors (PerSenT's
question: what is the author's stance toward this actor?) from its mentions, with weights of
their own for the narrator's voice, quoted voices, the actor's own words, the lead paragraph,
pronouns and the headline.

Each sentence is read once (:class:`_Reading`): every white-space piece gets its VADER
valence and what it adds to the project's sentence sentiment in the context of the whole
sentence, and the scores of the stretches each target's features look at (its side of the
sentence, the words before and after it, its clause, a window around it; the narrator's and
the quoted voice) are sums over piece ranges, worked out for all targets of a call at once.

Weights are data: ``data/lexicons/target_sentiment_weights.csv`` (fitted by
``python benchmarks/actor_sentiment_newsmtsc.py --fit`` on NewsMTSC) and
``data/lexicons/article_tone_weights.csv`` (fitted by
``python benchmarks/actor_tone_persent.py --fit`` on the PerSenT development articles).

Known blind spots: the scorer reads words near the name, not a parse, so "X accused Y" is
read from word order and the verbs' usual meaning, and a verb no word list knows ("the league
fined Rodriguez") counts for nothing; sarcasm, irony and world knowledge ("he
voted for the war") are out of its reach; a contrast marker inside a quotation or a long
sentence with several turns can cut the sentence in the wrong place; an article's tone is
only as good as the mentions it is given (a pronoun nobody resolved adds nothing).
"""
from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import lexscore
from .config import LEXICON_DIR
from .gcpause import gc_paused
from .lexscore import vader_analyser as _vader

TARGET_WEIGHTS = LEXICON_DIR / "target_sentiment_weights.csv"
ARTICLE_WEIGHTS = LEXICON_DIR / "article_tone_weights.csv"
LABELS = ("negative", "neutral", "positive")
TONE_COLUMNS = ["doc_id", "actor", "tone_mean", "tone_label", "tone_mentions"]

__all__ = ["ARTICLE_WEIGHTS", "LABELS", "TARGET_WEIGHTS", "TONE_COLUMNS", "actor_tone",
           "article_model_features", "article_tone", "article_tone_features", "count_events",
           "in_quotes", "load_article_weights", "load_event_words", "predict_article_tone",
           "load_target_weights", "quoted_spans", "score_targets", "scorer_figures",
           "summarise_tone", "target_features", "target_features_many", "target_scope"]


# ---------------------------------------------------------------------------------------------
# where a sentence turns


_PIECE = re.compile(r"\S+")
_CLAUSE_CUT = re.compile(r"[,;:\u2014\u2013()]|\b(?:but|while|whereas|after|because|who|which|that)\b")
_OPEN_CLOSE = (("\u201c", "\u201d"), ("\u2018", "\u2019"))
# a turn of the sentence: the words for each side are read apart ("and" only where a new
# subject follows: "praised Ruto and they condemned Odinga", not "praised Ruto and Odinga")
_TURN = re.compile(
    r";|\s[\u2014\u2013]\s|\b(?:but|whereas|although|though|yet|however|nevertheless|nonetheless|"
    r"while|unlike|despite|instead)\b|\b(?:and|or)\b(?=\s+(?:i|we|you|he|she|they|it|others|"
    r"critics|supporters|many|most|some)\b)", re.IGNORECASE)
# a turn word that opens a sentence ("Although critics praised Ruto, they ...") reaches to the
# first comma: that is where the sentence turns
_LEADING_TURN = re.compile(r"^\W*(?:although|though|while|whereas|despite|unlike)\b", re.IGNORECASE)
# VADER's negations (the words that flip a sentiment word up to three words later)
_NEGATIONS = frozenset(
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't "
    "didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't "
    "haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere "
    "oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't "
    "without wont wouldnt won't wouldn't rarely seldom despite no".split())
_N_SCALAR = -0.74  # VADER's factor for a negated word


_TURN_WORDS = frozenset("but whereas although though yet however nevertheless nonetheless while "
                        "unlike despite instead".split())
_PUNCTUATION_TO_SPACE = str.maketrans({c: " " for c in ".,:!?\"'-()[]\u201c\u201d\u2018"})
_SUBJECTS = frozenset("i we you he she they it others critics supporters many most some".split())


@lru_cache(maxsize=4096)
def _turns(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each turn marker of ``text`` (the marker's own characters)."""
    words = text.lower().translate(_PUNCTUATION_TO_SPACE).split()
    if (";" not in text and "\u2014" not in text and "\u2013" not in text
            and _TURN_WORDS.isdisjoint(words)
            and not any(w in ("and", "or") and words[i + 1] in _SUBJECTS
                        for i, w in enumerate(words[:-1]))):
        return ()  # most sentences do not turn: skip the slower search
    turns = [m.span() for m in _TURN.finditer(text)]
    lead = _LEADING_TURN.match(text)
    if lead:
        comma = text.find(",", lead.end())
        turns = [t for t in turns if t[0] >= lead.end()]
        if comma > 0:
            turns.insert(0, (comma, comma + 1))
    return tuple(turns)


def target_scope(text: str, start: int, end: int) -> tuple[int, int]:
    """``(lo, hi)``: the part of ``text`` whose words count for the span ``text[start:end]``.

    The whole text, unless the sentence turns (see the module's docstring): then the stretch
    between the turn markers on either side of the span, the markers left out. A span that
    straddles a marker keeps the whole text.

    >>> text = "I like Peter but I don't like Robert."
    >>> lo, hi = target_scope(text, 7, 12); text[lo:hi]
    'I like Peter '
    >>> lo, hi = target_scope(text, 30, 36); text[lo:hi]
    " I don't like Robert."
    """
    lo, hi = 0, len(text)
    for ts, te in _turns(text):
        if te <= start:
            lo = te
        elif ts >= end:
            hi = ts
            break
        else:  # the span holds a marker
            return 0, len(text)
    return lo, hi


def in_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation (curly double or single marks, or straight
    double marks) opened earlier in ``text``."""
    head = text[:pos]
    if head.count('"') % 2 == 1:
        return True
    return any(head.rfind(o) > head.rfind(c) for o, c in _OPEN_CLOSE)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation in ``text``, marks included; an unclosed quotation
    runs to the end of the text."""
    spans = []
    for pattern in (r"\u201c[^\u201d]*(?:\u201d|$)", r"\u2018[^\u2019]*(?:\u2019|$)", r'"[^"]*(?:"|$)'):
        spans += [m.span() for m in re.finditer(pattern, text) if m.end() > m.start() + 1]
    return sorted(spans)


# ---------------------------------------------------------------------------------------------
# tone toward a target


class _Piece(NamedTuple):
    """What one white-space piece of a sentence is, for the target features (see
    :func:`_piece_info`)."""

    word: str  # VADER's word: punctuation stripped off unless that leaves two characters or less
    lower: str  # the word in lower case: the lexicon look-up
    feature: str  # the word features' word: lower case, punctuation stripped off
    in_lexicon: bool  # VADER's lexicon has the word
    negation: bool  # a negation ("not", "never", "n't" ...): marks the next three words not_w
    entries: tuple  # (word number in the piece, entry) of the project's scoring table
    n_words: int  # how many words the project's sentence sentiment counts in the piece
    bangs: int  # "!" in the piece
    asks: int  # "?" in the piece
    modifies: bool  # a word of the piece modifies others (negation, reversal, intensifier)
    plain: tuple  # (column, value) cells of its words when nothing modifies them


_FEATURE_STRIP = string.punctuation + "\u201c\u201d\u2018\u2019\u2013\u2014\u2026"


def _piece_info(table, weights: tuple, piece: str) -> _Piece:
    from .sentiment import _WORD

    word = lexscore._VADER_WORDS[piece]
    lower = word.lower()
    found = [table[w] for w in _WORD.findall(piece)]
    feature = (piece.strip(_FEATURE_STRIP) or piece).lower().replace(",", "").replace('"', "")
    entries = tuple((k, e) for k, e in enumerate(found) if e is not None)
    return _Piece(word, lower, feature, lower in _vader().lexicon,
                  lower in _NEGATIONS or lower.endswith("n't"), entries, len(found),
                  piece.count("!"), piece.count("?"),
                  any(e.negates or e.reverses or e.boost for _, e in entries),
                  tuple(c for _, e in entries for c in _entry_cells(e, 1.0, weights)))


def _entry_cells(entry, factor: float, weights: tuple) -> list[tuple[int, float]]:
    """``(column, value)`` of what one word adds to the project's sentence sentiment, with
    the product of its modifiers ``factor``."""
    terms = entry.terms
    if terms is None and not entry.learned:
        return []
    cells = [(_P_FOUND, 1.0)]
    if entry.learned:
        cells.append((_P_LEARNED, entry.learned))
    if terms is None:
        return cells
    plus, minus, pairs = terms
    cells.append((_P_LINEAR, factor * (plus if factor > 0 else minus)))
    column = _mean_columns(weights)
    for k, v in pairs:
        cells += [(column[k], v * factor), (column[k] + 1, 1.0)]
    return cells


@lru_cache(maxsize=4)
def _mean_columns(weights: tuple) -> dict[int, int]:
    return {k: _P_MEANS + 2 * n for n, k in enumerate(_mean_lists(weights))}


_PIECE_TABLES: dict[int, tuple] = {}


def _pieces_for(table, weights: tuple) -> lexscore.Remembered:
    """Piece as written -> :class:`_Piece`, remembered (for one scoring table of
    :mod:`analysis.sentiment`)."""
    kept = _PIECE_TABLES.get(id(table))
    if kept is None or kept[0] is not table:
        if len(_PIECE_TABLES) >= 4:
            _PIECE_TABLES.clear()
        kept = _PIECE_TABLES[id(table)] = (
            table, lexscore.Remembered(partial(_piece_info, table, weights), limit=200_000))
    return kept[1]


# the columns of the per-piece table the target features sum over stretches of a sentence:
# VADER (valence, positive part + 1, negative part - 1, has a valence, a piece, "!", "?")
# and the project's sentence sentiment (words that add something, learned corrections,
# weighted list sums, words), then a sum and a count per word list whose mean has a weight
_V_SUM, _V_POS, _V_NEG, _V_HITS, _V_PIECES, _V_BANGS, _V_ASKS = range(7)
_P_FOUND, _P_LEARNED, _P_LINEAR, _P_WORDS = range(7, 11)
_P_MEANS = 11


@lru_cache(maxsize=4)
def _mean_lists(weights: tuple) -> tuple[int, ...]:
    """The word lists whose mean has a weight in the project's sentence sentiment."""
    from .sentiment import LEXICONS

    return tuple(k for k in range(len(LEXICONS)) if weights[3 * k + 2])


class _Reading:
    """One sentence read once, so that every target in it is scored from piece ranges.

    The sentence is cut into white-space pieces, as VADER cuts it. Each piece gets, in the
    context of the whole sentence, what it adds to each score the target features take over
    a stretch of the sentence: its VADER valence (VADER's own rules: negation, boosters,
    idioms, capitals) and what its words add to the project's sentence sentiment
    (:func:`analysis.sentiment.score_text`: list values with negation, reversal and
    intensifiers; the contrast factor is left out, as a target's side of a turning sentence
    holds no contrast word). The score of a stretch (the target's side of the sentence, the
    words before and after it, its clause, a window around it) is then worked out from the
    sums over the pieces in it: a word counts with the valence it has in the sentence, not
    in a cut-out piece of it (in "did not like Peter", "like" stays negated in the words
    before Peter)."""

    __slots__ = ("text", "start", "end", "marked", "valences", "cells", "n_words", "turns",
                 "cuts", "_words", "_rows")

    def __init__(self, text: str):
        from . import sentiment as s

        self.text = text
        model = s._model()
        _, corrections, weights = s._fitted()
        score_table = s._score_table(model, corrections, weights)
        spans = [m.span() for m in _PIECE.finditer(text)]
        self.start = [a for a, _ in spans]
        self.end = [b for _, b in spans]
        raw = text.split()
        infos = list(map(_pieces_for(score_table, weights).__getitem__, raw))
        lower = [p.lower for p in infos]
        # the word features: a word up to three after a negation is written not_w
        negations = [i for i, p in enumerate(infos) if p.negation]
        marked = [p.feature for p in infos]
        if negations:
            for i in negations:
                for j in range(i + 1, min(i + 4, len(marked))):
                    if not infos[j].negation and not marked[j].startswith("not_"):
                        marked[j] = "not_" + marked[j]
        self.marked = marked
        self.valences = self._vader_valences(raw, infos, lower)
        # the non-zero cells of the per-piece table: (piece, column, value)
        cells = []
        for i, v in self.valences:
            cells += [(i, _V_SUM, v), (i, _V_HITS, 1.0),
                      (i, _V_POS, v + 1.0) if v > 0 else (i, _V_NEG, v - 1.0)]
        if "!" in text or "?" in text:
            cells += [(i, _V_BANGS, p.bangs) for i, p in enumerate(infos) if p.bangs]
            cells += [(i, _V_ASKS, p.asks) for i, p in enumerate(infos) if p.asks]
        cells += self._project_cells(infos, model, weights)
        self.cells = cells
        self.n_words = [p.n_words for p in infos]
        self.turns = _turns(text)
        self.cuts = (0, *(m.start() for m in _CLAUSE_CUT.finditer(text)), len(text))

    @staticmethod
    def _vader_valences(raw, infos, lower) -> list[tuple[int, float]]:
        """``(piece, valence)`` of each piece VADER gives a valence (as ``polarity_scores``
        gives it in this sentence, before its rule for "but")."""
        hits = [i for i, p in enumerate(infos) if p.in_lexicon]
        if not hits:
            return []
        caps = 0 < len(raw) - sum(map(str.isupper, raw)) < len(raw)
        words = [p.word for p in infos] if caps else lower
        shown = lexscore._vader_pattern(words, lower, caps)
        out = []
        for i in hits:
            low = lower[i]
            context = shown[max(0, i - 3):i + 3]
            j = min(i, 3)
            context[j] = words[i] if caps and words[i].isupper() else low
            v = lexscore._vader_valence(context, j, caps and any(map(str.isupper, context)), low)
            if v:
                out.append((i, v))
        return out

    @staticmethod
    def _project_cells(infos, model, weights) -> list[tuple[int, int, float]]:
        """The cells of what the words of each piece add to the project's sentence
        sentiment (:func:`analysis.sentiment.score_text`), their modifiers applied."""
        from . import sentiment as s

        if not any(p.modifies for p in infos if p.entries):  # most sentences
            return [(i, c, v) for i, p in enumerate(infos) if p.plain for c, v in p.plain]
        flat = []  # (word number, piece, entry)
        before = 0
        for i, p in enumerate(infos):
            if p.entries:
                flat += [(before + k, i, e) for k, e in p.entries]
            before += p.n_words
        window = model.news.negation_window
        negators = [w for w, _, e in flat if e.negates]
        reversers = [w for w, _, e in flat if e.reverses]
        boosts = {w + 1: e.boost for w, _, e in flat if e.boost}
        cells = []
        for w, i, e in flat:
            factor = 1.0
            if e.terms is not None:
                if negators and any(w - window <= k < w for k in negators):
                    factor *= s.NEGATION_FACTOR
                if reversers and e.negative and any(w - window <= k < w for k in reversers):
                    factor *= s.NEGATION_FACTOR
                if w in boosts:
                    factor *= boosts[w]
            cells += [(i, c, v) for c, v in _entry_cells(e, factor, weights)]
        return cells

    def words(self) -> tuple[list[str], list[str], list[str]]:
        """Each piece's word features: ``left:w``, ``right:w``, ``sentence:w``."""
        got = getattr(self, "_words", None)
        if got is None:
            marked = self.marked
            got = self._words = (["left:" + w for w in marked], ["right:" + w for w in marked],
                                 ["sentence:" + w for w in marked])
        return got

    def rows(self, word_row: dict) -> tuple[list[int], list[int], list[int]]:
        """Each piece's word features as rows of the scorer's word weights (``word_row``;
        -1 for a word feature without a weight): ``left:w``, ``right:w``, ``sentence:w``."""
        got = getattr(self, "_rows", None)
        if got is None or got[0] is not word_row:
            rows_of = _word_rows(word_row)
            got = self._rows = (word_row, *zip(*map(rows_of, self.marked))) if self.marked else (
                word_row, (), (), ())
        return got[1:]

    def part(self, text: str, keep: list[tuple[int, int]]) -> "_Reading":
        """The reading of one voice of the sentence: ``text`` is the sentence with
        everything outside ``keep`` blanked out, and only the pieces that start inside
        ``keep`` count (each with the valence it has in the whole sentence), as do only the
        turns and clause cuts inside it."""
        inside = [any(a <= s < b for a, b in keep) for s in self.start]
        # each piece's number among the pieces kept (the kept ones before it)
        number, kept = [], 0
        for k in inside:
            number.append(kept)
            kept += k
        cells = [(number[i], c, v) for i, c, v in self.cells if inside[i]]
        out = _Reading.__new__(_Reading)
        out.text = text
        out.start = [s for s, k in zip(self.start, inside) if k]
        out.end = [e for e, k in zip(self.end, inside) if k]
        out.marked = [w for w, k in zip(self.marked, inside) if k]
        out.n_words = [w for w, k in zip(self.n_words, inside) if k]
        out.valences = [(number[i], v) for i, v in self.valences if inside[i]]
        out.cells = cells
        out.turns = tuple(t for t in self.turns if any(a <= t[0] < b for a, b in keep))
        out.cuts = (0, *(c for c in self.cuts[1:-1] if any(a <= c < b for a, b in keep)),
                    len(text))
        return out

    def scope(self, start: int, end: int) -> tuple[int, int]:
        """:func:`target_scope` of the span."""
        lo, hi = 0, len(self.text)
        for ts, te in self.turns:
            if te <= start:
                lo = te
            elif ts >= end:
                hi = ts
                break
            else:
                return 0, len(self.text)
        return lo, hi


_WORD_ROWS: dict[int, tuple] = {}


def _word_rows(word_row: dict):
    """Marked word -> the rows of its ``left:``, ``right:`` and ``sentence:`` features in
    ``word_row`` (-1 without a weight), remembered per word."""
    kept = _WORD_ROWS.get(id(word_row))
    if kept is None or kept[0] is not word_row:
        if len(_WORD_ROWS) >= 4:
            _WORD_ROWS.clear()
        get = word_row.get

        def rows(word: str) -> tuple[int, int, int]:
            return (get("left:" + word, -1), get("right:" + word, -1),
                    get("sentence:" + word, -1))

        kept = _WORD_ROWS[id(word_row)] = (word_row, lexscore.Remembered(rows, limit=200_000))
    return kept[1].__getitem__


@lru_cache(maxsize=4096)
def _read(text: str) -> _Reading:
    """The :class:`_Reading` of one sentence, remembered for the last sentences read (the
    tone toward the mentions of a sentence and toward their voices are worked out one
    after the other)."""
    return _Reading(text)


class _Readings(dict):
    """Sentence -> its :class:`_Reading`, for the targets of one call (a curly apostrophe
    read as a straight one)."""

    def __missing__(self, text: str) -> _Reading:
        got = self[text] = _read(text.replace("\u2019", "'"))
        return got


NUMBERS = ("sentence_vader_compound", "sentence_vader_pos", "sentence_vader_neg",
           "window_vader_compound", "before_vader_compound", "after_vader_compound",
           "nearby_lexicon_sum", "nearby_lexicon_negative", "nearby_lexicon_positive",
           "nearest_left_value", "nearest_right_value", "sentence_project_sentiment",
           "clause_project_sentiment", "window_project_sentiment", "sentence_turns",
           "target_position", "target_starts_sentence", "target_in_quotes")
"""The numeric target features, in the order of :func:`_feature_table`'s columns."""

_WORD_CHAR = re.compile(r"\w")
_NOTHING_NEAR = (0.0, 0.0, 0.0, 0.0, 0.0)


def _nearby(valences, lo: int, hi: int, anchor: int, offset: float, *,
            left: bool) -> tuple[float, float, float, float]:
    """VADER valences of the pieces ``lo``..``hi`` weighted by 1/(offset + distance in pieces
    from ``anchor``): ``(sum, negative part, positive part, valence of the nearest sentiment
    word / 4)``."""
    total = neg = pos = 0.0
    nearest, best = 0.0, None
    for i, v in valences:
        if not lo <= i < hi:
            continue
        d = anchor - 1 - i if left else i - anchor
        if best is None or d < best:
            nearest, best = v / 4.0, d
        v /= offset + d
        total += v
        if v < 0:
            neg += v
        else:
            pos += v
    return total, neg, pos, nearest


def _vader_of(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VADER's compound, positive and negative share (``score_valence``) from the sums of
    the per-piece columns over stretches (one row each)."""
    total, pos, neg = sums[:, _V_SUM], sums[:, _V_POS], sums[:, _V_NEG]
    hits, pieces = sums[:, _V_HITS], sums[:, _V_PIECES]
    asks = sums[:, _V_ASKS]
    emphasis = np.minimum(sums[:, _V_BANGS], 4) * 0.292 + np.where(
        asks <= 1, 0.0, np.where(asks <= 3, asks * 0.18, 0.96))
    summed = total + np.sign(total) * emphasis
    compound = np.clip(summed / np.sqrt(summed * summed + 15), -1.0, 1.0)
    more, less = pos > -neg, pos < -neg
    pos = pos + np.where(more, emphasis, 0.0)
    neg = neg - np.where(less, emphasis, 0.0)
    whole = pos - neg + (pieces - hits)
    some = hits > 0
    safe = np.where(some, whole, 1.0)
    return (np.where(some, compound, 0.0), np.where(some, pos / safe, 0.0),
            np.where(some, -neg / safe, 0.0))


def _project_of(sums: np.ndarray, weights: tuple) -> np.ndarray:
    """The project's sentence sentiment from the sums of the per-piece columns."""
    from .sentiment import LENGTH_POWER, LENGTH_REFERENCE

    scale = (np.maximum(sums[:, _P_WORDS], 1) / LENGTH_REFERENCE) ** LENGTH_POWER
    pred = sums[:, _P_LEARNED] + sums[:, _P_LINEAR] / scale
    for n, k in enumerate(_mean_lists(weights)):
        total, count = sums[:, _P_MEANS + 2 * n], sums[:, _P_MEANS + 2 * n + 1]
        pred = pred + weights[3 * k + 2] * np.where(count > 0, total / np.maximum(count, 1), 0.0)
    return np.where(sums[:, _P_FOUND] > 0, np.clip(pred / 4.0, -1.0, 1.0), 0.0)


class _WordRows:
    """The word features of the targets of one :func:`_feature_table` call, as rows of the
    scorer's word weights: target ``owners[k]`` has the word row ``rows[k]`` (each row once
    per target, sorted by target, then row); ``len()`` is the number of targets."""

    __slots__ = ("owners", "rows", "targets")

    def __init__(self, owners: np.ndarray, rows: np.ndarray, targets: int):
        self.owners, self.rows, self.targets = owners, rows, targets

    def __len__(self) -> int:
        return self.targets


def _ranges(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(owner, index)`` for every index of the ranges ``first[t]..last[t] - 1`` (empty where
    ``last[t] <= first[t]``), in order of ``t`` and then of the index."""
    count = np.maximum(last - first, 0)
    total = int(count.sum())
    owner = np.repeat(np.arange(len(first)), count)
    if not total:
        return owner, owner
    ends = np.cumsum(count)
    index = np.arange(total) - np.repeat(ends - count, count) + np.repeat(first, count)
    return owner, index


def _nearby_table(flat_piece, flat_value, first_valence, n_valences, reading, lo, p0, p1, hi):
    """The VADER valences near each target (see :func:`_nearby`): ``(sum, negative part,
    positive part, nearest on the left / 4, nearest on the right / 4)`` as five arrays, the
    sums taken in the order of the pieces, as :func:`_nearby` takes them."""
    n = len(reading)
    owner, pair = _ranges(first_valence[reading], first_valence[reading] + n_valences[reading])
    out = []
    if not len(pair):
        zero = np.zeros(n)
        return zero, zero, zero, zero, zero
    piece, value = flat_piece[pair], flat_value[pair]
    near = []
    for side_lo, side_hi, offset, left in ((lo, p0, 2.0, True), (p1, hi, 1.0, False)):
        keep = (side_lo[owner] <= piece) & (piece < side_hi[owner])
        who, at, v = owner[keep], piece[keep], value[keep]
        d = (p0[who] - 1 - at) if left else (at - p1[who])
        w = v / (offset + d)
        neg = w < 0
        out.append((np.bincount(who, weights=w, minlength=n),
                    np.bincount(who[neg], weights=w[neg], minlength=n),
                    np.bincount(who[~neg], weights=w[~neg], minlength=n)))
        nearest = np.zeros(n)
        if len(who):  # the nearest: the last piece on the left, the first on the right
            pick = np.r_[who[1:] != who[:-1], True] if left else np.r_[True, who[1:] != who[:-1]]
            nearest[who[pick]] = v[pick] / 4.0
        near.append(nearest)
    (l_sum, l_neg, l_pos), (r_sum, r_neg, r_pos) = out
    return l_sum + r_sum, l_neg + r_neg, l_pos + r_pos, near[0], near[1]


def _feature_table(targets, word_row: dict | None = None) -> tuple[np.ndarray, list]:
    """The target features of ``targets`` (``(reading, start, end)``: a span of a sentence
    read as a :class:`_Reading`): a ``(targets, len(NUMBERS))`` array of the numbers and
    one set of words per target (see :func:`target_features`). With ``word_row`` (the
    scorer's word -> weight row), the words come as the rows of those that have a weight
    (a :class:`_WordRows`), looked up once per piece.

    The pieces of all the sentences of the call are laid end to end, and every stretch of
    every target is found in them at once (``np.searchsorted`` on each piece's start, with
    each sentence's text placed after the one before); each stretch's sums are then taken
    over its own pieces (``np.add.reduceat``), so a target's numbers do not depend on the
    other sentences of the call."""
    from .sentiment import _fitted

    weights = _fitted()[2]
    n_cols = _P_MEANS + 2 * len(_mean_lists(weights))
    n = len(targets)
    numbers = np.zeros((n, len(NUMBERS)))
    if not n:
        return numbers, ([] if word_row is None else
                         _WordRows(np.zeros(0, np.intp), np.zeros(0, np.intp), 0))
    flat = chain.from_iterable
    index: dict[int, int] = {}  # id(reading) -> its number
    readings: list[_Reading] = []
    number_of = []
    for r, _, _ in targets:
        k = index.get(id(r))
        if k is None:
            k = index[id(r)] = len(readings)
            readings.append(r)
        number_of.append(k)
    reading = np.array(number_of, dtype=np.intp)
    start = np.fromiter((t[1] for t in targets), np.int64, n)
    end = np.fromiter((t[2] for t in targets), np.int64, n)
    n_pieces = np.array([len(r.start) for r in readings], dtype=np.intp)
    length = np.array([len(r.text) for r in readings], dtype=np.int64)
    base = np.cumsum(n_pieces) - n_pieces  # each reading's first piece
    place = np.cumsum(length + 1) - (length + 1)  # where each reading's text is laid
    size = int(n_pieces.sum())
    at_piece = np.repeat(place, n_pieces)
    starts = np.fromiter(flat(r.start for r in readings), np.int64, size) + at_piece
    ends = np.fromiter(flat(r.end for r in readings), np.int64, size) + at_piece
    n_cuts = np.array([len(r.cuts) for r in readings], dtype=np.intp)
    cuts = np.fromiter(flat(r.cuts for r in readings), np.int64, int(n_cuts.sum())) \
        + np.repeat(place, n_cuts)
    # each target's side of its sentence (the whole sentence unless it turns)
    text_len = length[reading]
    lo, hi = np.zeros(n, dtype=np.int64), text_len.copy()
    if any(r.turns for r in readings):
        for t, (r, s, e) in enumerate(targets):
            if r.turns:
                lo[t], hi[t] = r.scope(s, e)
    off = place[reading]
    find = partial(np.searchsorted, starts)
    p_lo, p0, p1, p_hi = find(off + lo), find(off + start), find(off + end), find(off + hi)
    # the piece holding the target's start (pieces do not overlap: at most the one before)
    back = (p0 > p_lo) & (np.append(ends, 0)[np.maximum(p0 - 1, 0)] > off + start)
    p0 = p0 - back
    # the clause holding the target
    c_lo = np.maximum(cuts[np.searchsorted(cuts, off + start, "right") - 1] - off, lo)
    after = np.minimum(np.searchsorted(cuts, off + end, "right"), len(cuts) - 1)
    c_hi = np.minimum(np.where(text_len > end, cuts[after] - off, text_len), hi)
    k_lo, k_hi = np.minimum(find(off + c_lo), p0), np.maximum(find(off + c_hi), p1)
    bounds = np.stack([p_lo, p_hi, p_lo, p0, p1, p_hi, np.maximum(p0 - 6, p_lo), p0, p1,
                       np.minimum(p1 + 8, p_hi), k_lo, p0, p1, k_hi], axis=1).ravel()
    # VADER valences near the target
    n_valences = np.array([len(r.valences) for r in readings], dtype=np.intp)
    first_valence = np.cumsum(n_valences) - n_valences
    total_valences = int(n_valences.sum())
    flat_piece = np.fromiter(flat((i for i, _ in r.valences) for r in readings), np.intp,
                             total_valences) + np.repeat(base, n_valences)
    flat_value = np.fromiter(flat((v for _, v in r.valences) for r in readings), float,
                             total_valences)
    numbers[:, 6:11] = np.column_stack(_nearby_table(
        flat_piece, flat_value, first_valence, n_valences, reading, p_lo, p0, p1, p_hi))
    numbers[:, 14] = (lo > 0) | (hi < text_len)
    numbers[:, 15] = start / np.maximum(text_len, 1)
    first_word = np.array([m.start() if m else len(r.text) + 1 for r in readings
                           for m in (_WORD_CHAR.search(r.text),)], dtype=np.int64)
    numbers[:, 16] = first_word[reading] >= start
    quotable = [('"' in r.text or "\u201c" in r.text or "\u2018" in r.text) for r in readings]
    if any(quotable):
        numbers[:, 17] = [float(quotable[k] and in_quotes(r.text, s))
                          for k, (r, s, _) in zip(number_of, targets)]
    # the per-piece table and the sums over each (first, last + 1) range
    table = np.zeros((size + 1, n_cols))
    table[:size, _V_PIECES] = 1.0
    table[:size, _P_WORDS] = np.fromiter(flat(r.n_words for r in readings), float, size)
    n_cells = np.array([len(r.cells) for r in readings], dtype=np.intp)
    total_cells = int(n_cells.sum())
    if total_cells:
        cells = np.fromiter(flat(flat(r.cells for r in readings)), float,
                            3 * total_cells).reshape(total_cells, 3)
        rows = cells[:, 0].astype(np.intp) + np.repeat(base, n_cells)
        np.add.at(table, (rows, cells[:, 1].astype(np.intp)), cells[:, 2])
    sums = np.add.reduceat(table, bounds, axis=0)[::2]
    sums[bounds[0::2] >= bounds[1::2]] = 0.0  # an empty range sums to nothing
    sums = sums.reshape(n, 7, n_cols)
    scope, before, after = sums[:, 0], sums[:, 1], sums[:, 2]
    window, clause = sums[:, 3] + sums[:, 4], sums[:, 5] + sums[:, 6]
    compound, pos, neg = _vader_of(scope)
    numbers[:, 0], numbers[:, 1], numbers[:, 2] = compound, pos, neg
    numbers[:, 3] = _vader_of(window)[0]
    numbers[:, 4] = _vader_of(before)[0]
    numbers[:, 5] = _vader_of(after)[0]
    numbers[:, 11] = _project_of(scope, weights)
    numbers[:, 12] = _project_of(clause, weights)
    numbers[:, 13] = _project_of(window, weights)
    # the word features: left:w and right:w five pieces each side, sentence:w in the scope
    spans = ((np.maximum(p0 - 5, p_lo), p0, 0), (p1, np.minimum(p1 + 5, p_hi), 1),
             (p_lo, p0, 2), (p1, p_hi, 2))
    if word_row is None:
        marked = [w for r in readings for w in r.marked]
        named = (["left:" + w for w in marked], ["right:" + w for w in marked],
                 ["sentence:" + w for w in marked])
        words = [set() for _ in range(n)]
        for a, b, kind in spans:
            for t, i in zip(*map(np.ndarray.tolist, _ranges(a, b))):
                words[t].add(named[kind][i])
        return numbers, words
    rows_of = _word_rows(word_row)
    piece_rows = np.fromiter(flat(map(rows_of, flat(r.marked for r in readings))),
                             np.int64, 3 * size).reshape(size, 3)
    owners, found = [], []
    for a, b, kind in spans:
        who, i = _ranges(a, b)
        owners.append(who)
        found.append(piece_rows[i, kind])
    owner, row = np.concatenate(owners), np.concatenate(found)
    keep = row >= 0
    width = len(word_row) + 1
    key = np.sort(owner[keep] * width + row[keep])
    key = key[np.r_[True, key[1:] != key[:-1]]] if len(key) else key
    return numbers, _WordRows(key // width, key % width, n)


def target_features(text: str, start: int, end: int) -> tuple[dict[str, float], set[str]]:
    """The transparent features the target scorer weighs, for the span ``text[start:end]``.

    Returns ``(numbers, words)``. The words that count are those of the span's *scope*
    (:func:`target_scope`: the whole sentence, or its own side where the sentence turns).
    Numbers: VADER compound and shares of the scope (``sentence_*``; the scope is the
    sentence when it does not turn) and VADER compound of a window of words around the
    target (six before, eight after) and of the scope's words before and after it; the
    project's sentence sentiment (:func:`analysis.sentiment.score_text`: news corrections,
    negation, intensifiers) of the scope, of the clause holding the target and of the
    window; VADER valences weighted by 1/(1 + distance in words) and the valence of the
    nearest sentiment word on each side; whether the sentence turns; the target's position,
    whether it opens the sentence or sits in a quotation. Each word counts with the valence
    it has in the whole sentence (see :class:`_Reading`). Words: ``left:w``, ``right:w``
    (five words each side) and ``sentence:w`` (the scope), a word up to three after a
    negation written ``not_w``. The words of a piece that holds part of the target do not
    count as its neighbours.
    """
    return target_features_many([(text, start, end)])[0]


def target_features_many(targets) -> list[tuple[dict[str, float], set[str]]]:
    """:func:`target_features` of each ``(text, start, end)`` of ``targets``, worked out
    together (each sentence is read once)."""
    readings = _Readings()
    numbers, words = _feature_table([(readings[text], start, end) for text, start, end in targets])
    return [(dict(zip(NUMBERS, row)), w) for row, w in zip(numbers.tolist(), words)]


@lru_cache(maxsize=4)
def load_target_weights(path: str | Path = TARGET_WEIGHTS) -> pd.DataFrame:
    """The fitted weights of the target scorer: one row per feature (``bias``, the numeric
    features, then words), columns ``negative``, ``neutral``, ``positive``."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: target-sentiment weights are missing; rebuild them with "
                                "python benchmarks/actor_sentiment_newsmtsc.py --fit")
    df = pd.read_csv(path, comment="#", index_col="feature", keep_default_na=False)
    missing = set(LABELS) - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    return df[list(LABELS)].astype(float)


def scorer_figures(path: str | Path = TARGET_WEIGHTS) -> dict:
    """What the weights file records about its fit: ``targets`` (how many it was fitted on),
    ``word_features``, ``cv_macro_f1`` (5-fold cross-validation grouped by article)."""
    header = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = " ".join(header)
    n = re.search(r"on (\d+) targets", text)
    f1 = re.search(r"macro-F1[^:]*:\s*([0-9.]+)", text)
    weights = load_target_weights(path)
    return {"targets": int(n.group(1)) if n else None,
            "word_features": int(weights.index.str.contains(":").sum()),
            "cv_macro_f1": float(f1.group(1)) if f1 else None}


@dataclass(frozen=True)
class _Weights:
    """The scorer's weights as arrays: ``bias`` (3 labels), one row per numeric feature in
    ``numbers``, one row per word feature (``word_row`` gives its row in ``words``)."""

    bias: np.ndarray
    numbers: tuple[str, ...]
    number_weights: np.ndarray
    word_row: dict[str, int]
    word_weights: np.ndarray


@lru_cache(maxsize=4)
def _weight_arrays(path: str) -> _Weights:
    w = load_target_weights(Path(path))
    is_word = w.index.str.contains(":")
    numbers = w[~is_word].drop(index="bias")
    words = w[is_word]
    return _Weights(bias=w.loc["bias"].to_numpy(), numbers=tuple(numbers.index),
                    number_weights=numbers.to_numpy(),
                    word_row={word: i for i, word in enumerate(words.index)},
                    word_weights=words.to_numpy())


def _predict_many(features, weights: _Weights) -> list[tuple[float, str]]:
    """``(positive minus negative probability, most probable label)`` for each target:
    ``features`` is the ``(numbers, words)`` of :func:`_feature_table` (an array with the
    columns of :data:`NUMBERS` and one set of words per target) or a list of
    ``(numbers, words)`` pairs from :func:`target_features`; all targets in one matrix
    product."""
    if isinstance(features, tuple):
        values, word_sets = features
    else:
        values = np.array([[numbers.get(name, 0.0) for name in NUMBERS]
                           for numbers, _ in features], dtype=float).reshape(-1, len(NUMBERS))
        word_sets = [words for _, words in features]
    get = weights.word_row.get
    return _predict_rows(values, [[r for r in map(get, words) if r is not None]
                                  for words in word_sets], weights)


def _predict_rows(values: np.ndarray, found, weights: _Weights) -> list[tuple[float, str]]:
    """:func:`_predict_many` of the numbers ``values`` and, per target, the rows of its word
    features in ``weights.word_weights`` (as :func:`_feature_table` gives them with
    ``word_row``)."""
    if not len(found):
        return []
    column = {name: i for i, name in enumerate(NUMBERS)}
    weight_rows = np.zeros((len(NUMBERS), 3))
    for name, row in zip(weights.numbers, weights.number_weights):
        if name in column:
            weight_rows[column[name]] = row
    scores = weights.bias + values @ weight_rows
    # the word features of all targets at once: (target, word row) pairs added per label
    if isinstance(found, _WordRows):
        owners, rows = found.owners, found.rows
    else:
        owners = np.repeat(np.arange(len(found)), [len(r) for r in found])
        rows = np.fromiter((r for f in found for r in f), dtype=np.intp, count=len(owners))
    if len(owners):
        np.add.at(scores, owners, weights.word_weights[rows])
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    tone = (probs[:, 2] - probs[:, 0]).tolist()
    return [(t, LABELS[b]) for t, b in zip(tone, probs.argmax(axis=1).tolist())]


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


@gc_paused()
def score_targets(df: pd.DataFrame, *, text_col: str = "text",
                  weights: str | Path | None = None) -> pd.DataFrame:
    """Add the tone of each text toward its marked span: ``target_sentiment`` in [-1, 1]
    (probability positive minus probability negative) and ``target_label`` (negative,
    neutral or positive; the most probable).

    ``df`` needs ``text``, ``start`` and ``end``; the span is ``text[start:end]``. When a
    ``sent_start`` column is present, ``start``/``end`` are article offsets and ``sent_start``
    is where ``text`` begins in the article (this is how :func:`actor_tone` passes mentions).

    The scorer is a logistic regression over :func:`target_features`, fitted on the NewsMTSC
    development data (Hamborg & Donnay 2021) by ``benchmarks/actor_sentiment_newsmtsc.py``;
    its weights are in ``data/lexicons/target_sentiment_weights.csv``. Rows with no text or a
    span outside the text get NaN and the label ``unknown``.
    """
    missing = {text_col, "start", "end"} - set(df.columns)
    if missing:
        raise KeyError(f"score_targets needs columns {sorted(missing)}")
    w = _weight_arrays(str(weights or TARGET_WEIGHTS))
    offset = df["sent_start"].tolist() if "sent_start" in df.columns else [0] * len(df)
    targets, scored_rows = [], []
    readings = _Readings()
    for i, (text, s, e, o) in enumerate(zip(df[text_col].tolist(), df["start"].tolist(),
                                            df["end"].tolist(), offset)):
        if not isinstance(text, str) or _missing(s) or _missing(e):
            continue
        s, e = int(s) - int(o), int(e) - int(o)
        if 0 <= s <= e <= len(text):
            targets.append((readings[text], s, e))
            scored_rows.append(i)
    scores, labels = [math.nan] * len(df), ["unknown"] * len(df)
    values, found = _feature_table(targets, w.word_row)
    for i, (score, label) in zip(scored_rows, _predict_rows(values, found, w)):
        scores[i], labels[i] = round(score, 4), label
    out = df.copy()
    out["target_sentiment"] = pd.Series(scores, index=df.index, dtype="float64")
    out["target_label"] = pd.Series(labels, index=df.index, dtype="object")
    return out


def _blank(text: str, keep: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``keep`` replaced by spaces (length unchanged)."""
    chars = [" "] * len(text)
    for s, e in keep:
        chars[s:e] = text[s:e]
    return "".join(chars)


def actor_tone(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The tone toward each mention, overall and split by voice.

    ``mentions`` needs ``doc_id``, ``sent_id``, ``start`` and ``end`` (article offsets);
    when it already has ``target_sentiment`` and ``target_label`` (the pipeline's mentions
    table), those are kept rather than computed again.

    Returns the mentions with ``sentence`` (its text), ``voice`` (``quoted`` when the
    mention sits inside quotation marks, else ``narrator``), ``target_sentiment`` and
    ``target_label`` (the whole sentence), ``narrator_sentiment`` (the sentence with its
    quotations blanked out) and ``quoted_sentiment`` (only the quotations, NaN when the
    sentence quotes nobody). In each version a word counts with the valence it has in the
    whole sentence; a mention inside a quotation is left out with it in the narrator's
    version, one outside in the quoted version (its place still marks its side of the
    sentence and its neighbours).
    """
    added = ["sentence", "voice", "target_sentiment", "target_label", "narrator_sentiment",
             "quoted_sentiment"]
    cols = [c for c in mentions.columns if c not in added] + added
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    from .actors import _check_sentences

    _check_sentences(sentences, "actor_tone")
    sent = sentences[["doc_id", "sent_id", "start", "text"]].rename(
        columns={"start": "sent_start", "text": "sentence"})
    df = mentions.drop(columns=[c for c in ("sentence", "voice", "narrator_sentiment",
                                            "quoted_sentiment", "sent_start") if c in mentions])
    df = df.merge(sent, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
    if {"target_sentiment", "target_label"} <= set(df.columns):
        scored = df.copy()  # already scored (the pipeline's mentions table): kept as they are
    else:
        scored = score_targets(df, text_col="sentence")
    whole = scored["target_sentiment"].tolist()
    narrator = [math.nan if isinstance(v, float) and math.isnan(v) else v for v in whole]
    quoted = [math.nan] * len(df)
    voice = ["narrator"] * len(df)
    # each mention in a sentence that quotes someone is scored twice more: the narrator's
    # words only (quotations left out) and the quotations only, both from one reading of
    # the sentence; all in one matrix product
    rows, targets = [], []
    readings = _Readings()
    parts: dict[str, tuple] = {}  # sentence -> its quotations, narrator's and quoted version
    for i, (text, s, e, o) in enumerate(zip(df["sentence"], df["start"], df["end"],
                                            df["sent_start"])):
        if not isinstance(text, str):
            narrator[i] = math.nan
            continue
        s, e = int(s) - int(o), int(e) - int(o)
        got = parts.get(text)
        if got is None:
            quotes = quoted_spans(text)
            outside, pos = [], 0
            for qs, qe in quotes:
                outside.append((pos, qs))
                pos = qe
            outside.append((pos, len(text)))
            if quotes:
                whole = readings[text]
                got = (quotes, whole.part(_blank(whole.text, outside), outside),
                       whole.part(_blank(whole.text, quotes), quotes))
            else:
                got = ((), None, None)
            parts[text] = got
        quotes, narrator_part, quoted_part = got
        if not quotes:
            continue
        if any(qs <= s and e <= qe for qs, qe in quotes):
            voice[i] = "quoted"
        rows.append(i)
        targets += [(narrator_part, s, e), (quoted_part, s, e)]
    w = _weight_arrays(str(TARGET_WEIGHTS))
    predicted = _predict_rows(*_feature_table(targets, w.word_row), w)
    for k, i in enumerate(rows):
        narrator[i] = round(predicted[2 * k][0], 4)
        quoted[i] = round(predicted[2 * k + 1][0], 4)
    scored["voice"] = voice
    scored["narrator_sentiment"] = pd.Series(narrator, index=scored.index, dtype="float64")
    scored["quoted_sentiment"] = pd.Series(quoted, index=scored.index, dtype="float64")
    scored = scored.drop(columns=["sent_start"])
    return scored[cols]


def summarise_tone(tone: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """Tone toward each actor: ``actor``, ``name``, ``mentions``, ``mean_sentiment``,
    ``negative``, ``neutral``, ``positive`` (counts of labels), ``narrator_mean``,
    ``quoted_mean`` (NaN when never quoted near the actor), sorted by mentions."""
    cols = ["actor", "name", "mentions", "mean_sentiment", "negative", "neutral", "positive",
            "narrator_mean", "quoted_mean"]
    if tone.empty:
        return pd.DataFrame(columns=cols)
    from .actors import load_actors

    book = codebook or load_actors()
    g = tone.groupby("actor")
    out = pd.DataFrame({
        "mentions": g.size(),
        "mean_sentiment": g["target_sentiment"].mean().round(3),
        "narrator_mean": g["narrator_sentiment"].mean().round(3),
        "quoted_mean": g["quoted_sentiment"].mean().round(3),
    })
    counts = pd.crosstab(tone["actor"], tone["target_label"]).reindex(columns=list(LABELS), fill_value=0)
    out = out.join(counts).reset_index()
    out["name"] = [book.actors[a].name if a in book.actors else a for a in out["actor"]]
    return out.sort_values(["mentions", "actor"], ascending=[False, True])[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# the tone of a whole article toward each of its actors

# what each mention contributes, and the weights' names in the weights file
ARTICLE_FEATURE_COLUMNS = ["doc_id", "actor", "sent_id", "part", "lead", "pronoun", "tone",
                           "negative_events", "positive_events"]
_WEIGHT_NAMES = ("narrator", "quoted", "own_words", "lead", "pronoun", "headline")
EVENT_WORDS = LEXICON_DIR / "article_tone_events.csv"
# what the article-level model reads of each (article, actor): see aggregate_tone
ARTICLE_MODEL_FEATURES = ("tone_mean", "narrator_mean", "quoted_mean", "headline", "lead",
                          "strong_negative", "strong_positive", "most_negative", "most_positive",
                          "negative_events", "positive_events", "speaks", "log_mentions")
_MODEL_ROWS = ("center", "scale") + LABELS
_EVENT_WORD = re.compile(r"[a-z]+")


def _title_mentions(tone: pd.DataFrame, articles: pd.DataFrame) -> list[dict]:
    """A mention of each actor in its article's headline: where one of the surfaces it is
    named by in the article (its possessive cut off) appears in the title as a whole word,
    case ignored (headlines are often in capitals)."""
    if "title" not in articles.columns or tone.empty:
        return []
    titles = {d: t for d, t in zip(articles["doc_id"].tolist(), articles["title"].tolist())
              if isinstance(t, str) and t.strip()}
    rows = []
    surfaces = tone[tone["doc_id"].isin(titles)]
    if "surface" not in surfaces.columns or surfaces.empty:
        return []
    if "match_kind" in surfaces.columns:
        surfaces = surfaces[~surfaces["match_kind"].isin(("pronoun", "plural"))]
    forms_of: dict[tuple, set] = {}
    for doc_id, actor, surface in zip(surfaces["doc_id"].tolist(), surfaces["actor"].tolist(),
                                      surfaces["surface"].tolist()):
        forms_of.setdefault((doc_id, actor), set()).add(
            _POSSESSIVE.sub("", str(surface)).strip().lower())
    for (doc_id, actor), forms in forms_of.items():
        title = titles[doc_id]
        lower = title.lower()
        for form in sorted((f for f in forms if len(f) > 1), key=len, reverse=True):
            at = _whole_word(lower, form)
            if at >= 0:
                rows.append({"doc_id": doc_id, "actor": actor, "text": title,
                             "start": at, "end": at + len(form)})
                break
    return rows


_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _whole_word(text: str, form: str) -> int:
    """Where ``form`` first occurs in ``text`` as a whole word (-1 when it does not)."""
    at = text.find(form)
    while at >= 0:
        end = at + len(form)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return at
        at = text.find(form, at + 1)
    return -1


@lru_cache(maxsize=4)
def load_event_words(path: str | Path = EVENT_WORDS) -> dict[str, frozenset]:
    """The words of events that are bad or good news for the person they happen to
    (*arrested*, *charged*, *resigned* ...; *won*, *praised*, *honoured* ...):
    ``{"negative": words, "positive": words}``, read from
    ``data/lexicons/article_tone_events.csv`` (columns ``word``, ``direction``; lower case,
    one word each, matched as whole words)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: the article-tone event words are missing")
    df = pd.read_csv(path, comment="#", keep_default_na=False, dtype=str)
    if list(df.columns[:2]) != ["word", "direction"]:
        raise ValueError(f"{path}: expected columns word,direction")
    words: dict[str, set] = {"negative": set(), "positive": set()}
    for word, direction in zip(df["word"], df["direction"]):
        word, direction = word.strip(), direction.strip()
        if direction not in words:
            raise ValueError(f"{path}: entry {word!r}: direction must be negative or positive, "
                             f"not {direction!r}")
        if not _EVENT_WORD.fullmatch(word):
            raise ValueError(f"{path}: entry {word!r}: a word is one lower-case word (a-z)")
        words[direction].add(word)
    return {k: frozenset(v) for k, v in words.items()}


def count_events(texts, *, path: str | Path = EVENT_WORDS) -> tuple[list[int], list[int]]:
    """How many of the negative and how many of the positive event words
    (:func:`load_event_words`) each text holds (whole words, case ignored; a word said twice
    counts once), each text read once: ``(negative counts, positive counts)``."""
    words = load_event_words(path)
    neg, pos = words["negative"], words["positive"]
    seen: dict[str, tuple[int, int]] = {}
    out_neg, out_pos = [], []
    for text in texts:
        got = seen.get(text) if isinstance(text, str) else (0, 0)
        if got is None:
            found = set(_EVENT_WORD.findall(text.lower()))
            got = seen[text] = (len(found & neg), len(found & pos))
        out_neg.append(got[0])
        out_pos.append(got[1])
    return out_neg, out_pos


def article_tone_features(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                          articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """What each mention tells about the tone of its article toward its actor: one row per
    mention and voice.

    ``mentions`` is the mentions table (``doc_id``, ``sent_id``, ``start``, ``end``,
    ``actor``; ``target_sentiment`` is used when present, and ``role``: ``speaker`` marks the
    actor's own words) or the output of :func:`actor_tone`; ``sentences`` the sentences table
    (``para_id`` marks the lead: the first paragraph); ``articles``, when given with a
    ``title`` column, adds the headline where it names the actor.

    Columns: ``doc_id``, ``actor``, ``sent_id`` (0 for the headline), ``part`` (``narrator``:
    the sentence with its quotations blanked out; ``quoted``: only its quotations, or
    ``own_words`` when the actor is the one quoted; ``headline``), ``lead`` (the mention is
    in the first paragraph), ``pronoun`` (the mention is a pronoun: its ``match_kind``),
    ``tone`` (the target scorer's positive minus negative probability, in [-1, 1]),
    ``negative_events`` and ``positive_events`` (how many words of bad or good news for a
    person, :func:`load_event_words`, the mention's sentence holds; 0 for the headline).
    """
    if mentions.empty:
        return pd.DataFrame(columns=ARTICLE_FEATURE_COLUMNS)
    tone = mentions if "narrator_sentiment" in mentions.columns else actor_tone(mentions, sentences)
    tone = tone[tone["target_sentiment"].notna()]
    # the lead: the first paragraph (the first sentence without paragraph ids)
    unit = "para_id" if "para_id" in sentences.columns else "sent_id"
    first = sentences.groupby("doc_id", sort=False)[unit].transform("min")
    is_lead = (sentences[unit] == first).tolist()
    lead_sents = {k for k, lead in zip(zip(sentences["doc_id"].tolist(),
                                           sentences["sent_id"].tolist()), is_lead) if lead}
    n = len(tone)
    doc_ids, sent_ids = tone["doc_id"].tolist(), tone["sent_id"].tolist()
    lead = np.fromiter(((k in lead_sents) for k in zip(doc_ids, sent_ids)), dtype=bool, count=n)
    own = (tone["role"] == "speaker").to_numpy(dtype=bool) if "role" in tone.columns \
        else np.zeros(n, dtype=bool)
    pronoun = (tone["match_kind"] == "pronoun").to_numpy(dtype=bool) \
        if "match_kind" in tone.columns else np.zeros(n, dtype=bool)
    if "sentence" in tone.columns:  # actor_tone's output carries each mention's sentence
        texts = tone["sentence"].tolist()
    else:
        text_of = dict(zip(zip(sentences["doc_id"].tolist(), sentences["sent_id"].tolist()),
                           sentences["text"].tolist()))
        texts = [text_of.get(k) for k in zip(doc_ids, sent_ids)]
    neg, pos = count_events(texts)
    quoted = tone["quoted_sentiment"].to_numpy(dtype="float64")
    has_quote = ~np.isnan(quoted)
    # one narrator row per mention, followed by its quoted row where its sentence quotes
    order = np.concatenate([2 * np.arange(n), 2 * np.flatnonzero(has_quote) + 1])
    take = np.concatenate([np.arange(n), np.flatnonzero(has_quote)])
    narrator = np.arange(len(take)) < n
    parts = [pd.DataFrame({
        "doc_id": np.asarray(doc_ids, dtype=object)[take],
        "actor": tone["actor"].to_numpy(dtype=object)[take],
        "sent_id": tone["sent_id"].to_numpy()[take],
        "part": np.where(narrator, "narrator", np.where(own[take], "own_words", "quoted")),
        "lead": lead[take], "pronoun": pronoun[take],
        "tone": np.where(narrator, tone["narrator_sentiment"].to_numpy(dtype="float64")[take],
                         quoted[take]),
        "negative_events": np.where(narrator, np.asarray(neg, dtype="int64")[take], 0),
        "positive_events": np.where(narrator, np.asarray(pos, dtype="int64")[take], 0),
    }).iloc[np.argsort(order, kind="stable")]]
    if articles is not None:
        heads = _title_mentions(tone, articles)
        if heads:
            scored = score_targets(pd.DataFrame(heads))
            scored = scored[scored["target_sentiment"].notna()]
            parts.append(pd.DataFrame({
                "doc_id": scored["doc_id"].to_numpy(dtype=object),
                "actor": scored["actor"].to_numpy(dtype=object), "sent_id": 0,
                "part": "headline", "lead": True, "pronoun": False,
                "tone": scored["target_sentiment"].to_numpy(dtype="float64"),
                "negative_events": 0, "positive_events": 0}))
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    return out[ARTICLE_FEATURE_COLUMNS].astype({
        "lead": bool, "pronoun": bool, "tone": "float64", "negative_events": "int64",
        "positive_events": "int64"})


@lru_cache(maxsize=4)
def load_article_weights(path: str | Path = ARTICLE_WEIGHTS) -> dict[str, float]:
    """The aggregation of :func:`article_tone`: ``{name: value}`` with the weight of each part
    (``narrator``, ``quoted``, ``own_words``, ``headline``), the factors ``lead`` for a mention
    in the first paragraph and ``pronoun`` for a pronoun, and the thresholds
    ``negative_below`` / ``positive_above``. When the file holds the article-level model
    (a row ``positive:intercept``), it also has ``strong`` (the tone beyond which a mention
    counts as clearly negative or positive), ``clip`` (how many standard deviations a
    standardised feature may reach) and, for ``intercept`` and each feature of
    :data:`ARTICLE_MODEL_FEATURES`, rows ``negative:<feature>``, ``neutral:<feature>``,
    ``positive:<feature>`` (the coefficients, on standardised features) and, for each
    feature, ``center:<feature>`` and ``scale:<feature>`` (how it is standardised)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: article-tone weights are missing; rebuild them with "
                                "python benchmarks/actor_tone_persent.py --fit")
    df = pd.read_csv(path, comment="#", keep_default_na=False)
    if list(df.columns[:2]) != ["name", "value"]:
        raise ValueError(f"{path}: expected columns name,value")
    try:
        values = dict(zip(df["name"].astype(str), df["value"].astype(float)))
    except ValueError as err:
        raise ValueError(f"{path}: every value must be a number ({err})") from None
    needed = set(_WEIGHT_NAMES + ("negative_below", "positive_above"))
    if "positive:intercept" in values:
        needed |= {"strong", "clip"} | {f"{label}:intercept" for label in LABELS} | {
            f"{row}:{feature}" for row in _MODEL_ROWS for feature in ARTICLE_MODEL_FEATURES}
    missing = needed - set(values)
    if missing:
        raise ValueError(f"{path}: missing row(s) {sorted(missing)}; rebuild the file with "
                         "python benchmarks/actor_tone_persent.py --fit")
    return values


def article_model_features(features: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """What the article-level model reads of each actor in each article, from the rows of
    :func:`article_tone_features`: one row per ``(doc_id, actor)``, in order of first
    appearance.

    Columns: ``doc_id``, ``actor``, ``tone_mentions`` (its mentions, the headline not
    counted), and the features of :data:`ARTICLE_MODEL_FEATURES`: ``tone_mean`` (the weighted
    mean of :func:`aggregate_tone`), ``narrator_mean`` (the narrator's voice alone),
    ``quoted_mean`` (quotations around it that are not its own words; 0 without any),
    ``headline`` and ``lead`` (the mean tone of the headline and of the first paragraph's
    mentions; 0 without any), ``strong_negative`` and ``strong_positive`` (the share of its
    mentions whose narrator's tone is below ``-strong`` or above ``strong``),
    ``most_negative`` and ``most_positive`` (the lowest and highest narrator's tone of a
    mention), ``negative_events`` and ``positive_events`` (event words per mention: see
    :func:`load_event_words`), ``speaks`` (the share of its mentions where it speaks in
    quotation marks) and ``log_mentions`` (log(1 + mentions)).
    """
    cols = ["doc_id", "actor", "tone_mentions", *ARTICLE_MODEL_FEATURES]
    if features.empty:
        return pd.DataFrame(columns=cols)
    parts = features["part"]
    narr, quoted, own, head = ((parts == p).to_numpy(dtype=bool) for p in (
        "narrator", "quoted", "own_words", "headline"))
    tone = features["tone"].to_numpy(dtype="float64")
    lead = features["lead"].to_numpy(dtype=bool)
    w = np.select([narr, quoted, own, head], [weights["narrator"], weights["quoted"],
                                              weights["own_words"], weights["headline"]], np.nan)
    w = w * np.where(lead & ~head, weights["lead"], 1.0)
    w = w * np.where(features["pronoun"].to_numpy(dtype=bool), weights["pronoun"], 1.0)
    strong = weights.get("strong", 0.25)
    # the (doc_id, actor) of each row, numbered in order of first appearance
    key, uniques = pd.factorize(features["doc_id"].astype(str) + "\x00"
                                + features["actor"].astype(str), sort=False)
    size = len(uniques)
    first = np.unique(key, return_index=True)[1]  # the first row of each, in key order

    def total(values, where=None) -> np.ndarray:
        return np.bincount(key if where is None else key[where],
                           weights=values if where is None else values[where], minlength=size)

    def mean(values, where) -> np.ndarray:
        count = np.bincount(key[where], minlength=size)
        return np.divide(total(values, where), count, out=np.zeros(size), where=count > 0)

    n = np.bincount(key[narr], minlength=size)
    lowest, highest = np.full(size, np.inf), np.full(size, -np.inf)
    np.minimum.at(lowest, key[narr], tone[narr])
    np.maximum.at(highest, key[narr], tone[narr])
    sum_w = total(w)
    events = {k: features[k].to_numpy(dtype="float64") if k in features.columns
              else np.zeros(len(features)) for k in ("negative_events", "positive_events")}
    out = pd.DataFrame({
        "doc_id": features["doc_id"].to_numpy(dtype=object)[first],
        "actor": features["actor"].to_numpy(dtype=object)[first],
        "tone_mentions": n.astype("int64"),
        "tone_mean": np.divide(total(w * tone), sum_w, out=np.zeros(size), where=sum_w > 0),
        "narrator_mean": mean(tone, narr), "quoted_mean": mean(tone, quoted),
        "headline": mean(tone, head), "lead": mean(tone, narr & lead),
        "strong_negative": mean((tone < -strong).astype("float64"), narr),
        "strong_positive": mean((tone > strong).astype("float64"), narr),
        "most_negative": np.where(n > 0, lowest, 0.0),
        "most_positive": np.where(n > 0, highest, 0.0),
        "negative_events": mean(events["negative_events"], narr),
        "positive_events": mean(events["positive_events"], narr),
        "speaks": np.divide(np.bincount(key[own], minlength=size), n,
                            out=np.zeros(size), where=n > 0),
        "log_mentions": np.log1p(n)})
    return out[cols]


def predict_article_tone(table: pd.DataFrame, weights: dict[str, float]) -> np.ndarray:
    """The article-level model's probabilities (columns: negative, neutral, positive) for the
    rows of :func:`article_model_features`: a multinomial logistic regression over the
    standardised features, its coefficients in the weights file. A standardised feature is
    cut at +-``clip`` standard deviations: a short made-up text whose every mention is
    glowing lies far outside the articles the model was fitted on, where a linear model's
    correlated features can pull against each other."""
    names = list(ARTICLE_MODEL_FEATURES)
    x = table[names].to_numpy(dtype="float64")
    x = (x - np.array([weights[f"center:{f}"] for f in names])) / np.array(
        [weights[f"scale:{f}"] for f in names])
    x = np.clip(x, -weights["clip"], weights["clip"])
    coef = np.array([[weights[f"{label}:{f}"] for f in names] for label in LABELS])
    z = x @ coef.T + np.array([weights[f"{label}:intercept"] for label in LABELS])
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def aggregate_tone(features: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """:func:`article_tone` from the rows of :func:`article_tone_features` and ``weights``
    (as :func:`load_article_weights` gives them). Columns: see :func:`article_tone`.

    ``tone_mean`` is the weighted mean of the tones of the actor's mentions. Where
    ``weights`` holds the article-level model, ``tone_label`` is read from the model's
    score (probability positive minus probability negative, :func:`predict_article_tone`)
    with the thresholds ``negative_below`` / ``positive_above``; without it, from
    ``tone_mean`` with those thresholds."""
    if features.empty:
        return pd.DataFrame(columns=TONE_COLUMNS)
    out = article_model_features(features, weights)
    if "positive:intercept" in weights:
        probs = predict_article_tone(out, weights)
        score = probs[:, 2] - probs[:, 0]
    else:
        score = out["tone_mean"].round(4).to_numpy()
    out["tone_mean"] = out["tone_mean"].round(4)
    lo, hi = weights["negative_below"], weights["positive_above"]
    out["tone_label"] = np.where(score < lo, "negative", np.where(score > hi, "positive",
                                                                   "neutral"))
    return out[TONE_COLUMNS].astype({"tone_mean": "float64", "tone_mentions": "int64"})


@gc_paused()
def article_tone(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                 articles: pd.DataFrame | None = None,
                 weights: str | Path | None = None) -> pd.DataFrame:
    """The tone of each article toward each of its actors, as an attentive reader would put
    the author's stance: one row per ``(doc_id, actor)``.

    Each mention's tone (:func:`score_targets`, read clause by clause) is split by voice as
    :func:`actor_tone` splits it: the narrator's words, and the quotations in its sentence
    (the actor's own words when the mention's ``role`` is ``speaker``). ``tone_mean`` is the
    weighted mean of these, with one weight for each voice, a factor for a mention in the
    first paragraph and one for a pronoun, and a weight for the headline (when ``articles``
    with a ``title`` column is given and the title names the actor).

    ``tone_label`` comes from a small model that reads more than the mean
    (:func:`article_model_features`): how many mentions are clearly negative or clearly
    positive and how strong the strongest are, the narrator's voice, the quotations, the lead
    and the headline apart, words of bad or good news for a person in the sentences naming it
    (*arrested*, *resigned* ...; *won*, *praised* ...: ``data/lexicons/article_tone_events.csv``),
    how often it speaks and how often it is named. The model is a multinomial logistic
    regression (regularised, fitted with the weights and thresholds of the mean by
    ``python benchmarks/actor_tone_persent.py --fit`` on the PerSenT development articles,
    Bastan et al. 2020, where the question put to readers was the author's stance toward the
    article's main person); its score, probability positive minus probability negative, is
    cut at two thresholds. The label can therefore disagree with the sign of ``tone_mean``:
    a mean near 0 with a few sharply negative mentions and *charged* near the name is read
    as negative. All of it is in ``data/lexicons/article_tone_weights.csv``.

    ``mentions`` is the mentions table (``doc_id``, ``sent_id``, ``start``, ``end``,
    ``actor``, optionally ``surface``, ``match_kind``, ``role``, ``target_sentiment``) or
    the output of :func:`actor_tone`; ``sentences`` the sentences table.

    Columns: ``doc_id``, ``actor``, ``tone_mean`` (in [-1, 1]), ``tone_label`` and
    ``tone_mentions`` (how many mentions it rests on, the headline not counted).

    Blind spots: the author's stance is read from the sentences that name the actor (a
    pronoun counts only when the mentions table resolved it); a stance carried by facts
    alone ("he was convicted") is seen only when the words around the name carry it or an
    event word names it (the list is short, and counts a word whoever it happens to: "he
    arrested the suspect" counts as bad news for the officer); the weights were fitted on
    articles about one main person each, so the tone toward a side actor named once rests
    on a single sentence. On PerSenT the label agrees with readers' about half the time
    (three-class macro-F1 0.515 cross-validated on the development articles, 0.486 on
    held-out ones, against 0.36 for VADER over the sentences naming the person; negative is
    the hard class, F1 about 0.37), so read it as a pointer to the sentences, not a verdict.
    """
    feats = article_tone_features(mentions, sentences, articles=articles)
    return aggregate_tone(feats, load_article_weights(weights or ARTICLE_WEIGHTS))
