"""Russian lemmas with ``pymorphy3`` (dictionary ``pymorphy3-dicts-ru``, offline).

Every word form is analysed once per process and kept (:func:`parse_word`): news text repeats
its words, so after the first articles almost every lookup is a dictionary hit.

The lemma is pymorphy3's most likely normal form, lower-cased, with "ё" written "е" (so
"всё" and "все" share a lemma, as Russian news mostly writes "е"). Known blind spots: the most
likely reading is taken without context ("стали" is read as the noun "сталь" or the verb
"стать" by frequency, not by the sentence); surnames unknown to the dictionary are guessed
from their ending.
"""
from __future__ import annotations

from functools import lru_cache

from .segment import tokens


@lru_cache(maxsize=1)
def analyser():
    """The one ``pymorphy3.MorphAnalyzer`` of the process (loads in about a second)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def dawg_extension() -> bool:
    """Whether pymorphy3 reads its dictionary with the DAWG C extension (``pymorphy3[fast]``,
    about four times faster on new word forms) rather than pure Python."""
    from pymorphy3 import dawg

    return bool(getattr(dawg, "EXTENSION_AVAILABLE", False))


def fold(word: str) -> str:
    """Lower case, "ё" -> "е"."""
    return word.lower().replace("ё", "е")


_LEMMAS: dict[str, str] = {}


def lemma(word: str) -> str:
    """The lemma of one word form (lower case, "ё" as "е"); cached per form."""
    key = word.lower()
    hit = _LEMMAS.get(key)
    if hit is None:
        if key[:1].isalpha():
            hit = fold(parse_word(key)[0].normal_form)  # shares parse_word's cache
        else:
            hit = key
        _LEMMAS[key] = hit
    return hit


@lru_cache(maxsize=200_000)
def parse_word(word: str):
    """All pymorphy3 readings of ``word`` (as written), cached."""
    return analyser().parse(word)


def lemmas(text: str) -> list[tuple[int, int, str, str]]:
    """``[(start, end, word, lemma), ...]`` for every token of ``text``; offsets index it.
    Punctuation marks and numbers are their own lemma."""
    get = _LEMMAS.get
    out = []
    for start, end, word in tokens(text):
        lem = get(word.lower())
        out.append((start, end, word, lem if lem is not None else lemma(word)))
    return out


def lemma_text(text: str) -> str:
    """The lemmas of ``text`` joined by single spaces (for phrase look-ups)."""
    return " ".join(t[3] for t in lemmas(text))
