"""Tokens and part-of-speech tags for the quote finder, and the word classes its rules use.

Tags are those of TextBlob's English lexicon tagger, looked up word by word (see
:func:`_word_tag`); each quotation of a stretch of text can be read as one ``QUOTE`` token.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .marks import QuoteSpan


# ---------------------------------------------------------------------------------------------
# tokens


@dataclass(slots=True)
class _Tok:
    text: str
    tag: str
    start: int
    end: int
    low: str  # the word in lower case


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Hon|Pres)\."
    r"|[A-Z]\.(?=\s+[A-Z])|\w+(?:[-.]\w+)*(?:'(?!s\b)\w+)?|'s\b|\S"
)
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")
"""A token with the white space before it. Every character that is not white space belongs to
a token (the last branch of :data:`_TOKEN` takes any one), so reading these one after another
gives the tokens of :data:`_TOKEN` and, by counting lengths, where each starts and ends."""
_WORD_RUN = re.compile(r"\w+")
_NP_TAGS = {"NN", "NNS", "NNP", "NNPS", "DT", "PRP$", "JJ", "JJR", "JJS", "CD", "POS", "VBN"}
_CONNECT = {"of", "for", "at", "and", "&"}
_SKIP_LEFT = {"has", "have", "had", "was", "is", "were", "would", "will", "also", "then", "later",
              "previously", "once", "again", "repeatedly", "recently", "publicly", "privately",
              "been", "now", "further", "subsequently", "reportedly", "allegedly", "'s", "just",
              "first", "still", "never"}
_TIME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
         "yesterday", "tonight", "january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december", "jan.", "feb.", "aug.",
         "sept.", "oct.", "nov.", "dec.", "earlier", "week", "month", "year", "morning",
         "evening", "night", "afternoon", "last", "this", "next"}
_PRONOUNS = {"he", "she", "they", "i", "we", "it", "you"}
_DETERMINERS = {"a", "an", "the", "another", "one", "some", "his", "her", "their", "its", "our"}


@lru_cache(maxsize=1)
def _textblob_tagger():
    """TextBlob's English lexicon, number pattern and suffix rules (imported once, when first
    needed)."""
    from textblob._text import CD, _suffix_rules
    from textblob.en import lexicon

    return lexicon, CD, _suffix_rules


@lru_cache(maxsize=50_000)
def _word_tag(word: str, first: bool = False) -> str:
    """The part-of-speech tag TextBlob's English tagger gives ``word``.

    That tagger reads every word on its own: the English parser of TextBlob applies no context
    rules. A word is looked up in the lexicon (the first word of a text also in lower case);
    an unknown word is ``NNP`` when capitalised, ``CD`` when it is a number, and otherwise gets
    a tag from its suffix (-ing, -ly, -ed, ...). So a tag depends only on the word and on
    whether it opens the text, and one look-up per word type gives the same tags as running
    the tagger over each sentence, many times faster.
    """
    lexicon, CD, _suffix_rules = _textblob_tagger()
    word = word.replace("/", "|")  # as when the words are joined into a tagged string
    tag = lexicon.get(word) or (first and lexicon.get(word.lower())) or None
    if tag is not None:
        return tag
    if word.istitle():
        return "NNP"
    if CD.match(word):
        return "CD"
    return _suffix_rules([word, "NN"])[1]


@lru_cache(maxsize=50_000)
def _tag_and_lower(word: str) -> tuple[str, str]:
    """``(tag, lower case)`` of a word that is not the first of its text."""
    return _word_tag(word), word.lower()


def _tag_tokens(words: list[str]) -> list[str]:
    """Part-of-speech tags of ``words`` read as one text (see :func:`_word_tag`)."""
    return [_word_tag(w, True) if i == 0 else _word_tag(w) for i, w in enumerate(words)]


def _quote_blocks(quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation, its quotation marks included."""
    return [(q.open if q.open is not None else q.start, (q.close + 1) if q.close is not None else q.end)
            for q in quotes]


def _tokens(text: str, lo: int, hi: int, blocks: list[tuple[int, int]]) -> list[_Tok]:
    """Tokens of ``text[lo:hi]``; each quotation block (see :func:`_quote_blocks`) is one
    ``QUOTE`` token."""
    inside = sorted((max(a, lo), min(b, hi)) for a, b in blocks if b > lo and a < hi)
    toks: list[_Tok] = []
    pos = lo
    for a, b in inside + [(hi, hi)]:
        if a < pos:
            continue
        end = pos
        for space, word in _SPACED_TOKEN.findall(text, pos, a):
            start = end + len(space)
            end = start + len(word)
            tag, low = _tag_and_lower(word)
            toks.append(_Tok(word, tag, start, end, low))
        if a < b:
            toks.append(_Tok("something", "QUOTE", a, b, "something"))
        pos = max(pos, b)
    if toks and toks[0].tag != "QUOTE":
        toks[0].tag = _word_tag(toks[0].text, True)  # the first word is also looked up in lower case
    return toks
