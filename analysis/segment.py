"""Segmentation: paragraphs and sentences with character offsets into the cleaned text.

Sentences come from NLTK's Punkt algorithm with the project's own parameters (news
abbreviations such as Mr., Gen., U.S., Jan.; initials; see :mod:`analysis.nltk_setup`),
applied inside each paragraph, so a sentence never crosses a paragraph break. Punkt does not
split decimals (3.5), keeps a closing quotation mark with the sentence it ends (``no.”``), and
treats an ellipsis as a boundary only before a typical sentence start.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
from nltk.tokenize.punkt import PunktSentenceTokenizer

from .nltk_setup import punkt_parameters

SENTENCE_COLUMNS = ["doc_id", "para_id", "sent_id", "start", "end", "text"]
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\n)[^\n]+)*")


class _Punkt(PunktSentenceTokenizer):
    """Punkt with a memory: whether a candidate end ("said. The") is a sentence break
    depends only on that short context and the fixed parameters, and the same contexts come
    back again and again in news text, so each answer is remembered.

    The commonest case is answered without Punkt's machinery: after a plain word ("said.")
    that is not a known abbreviation and starts no known collocation, Punkt's rules always
    break ("?" and "!" always break). Tests compare this answer with Punkt's own.
    """

    def __init__(self, params):
        super().__init__(params)
        self._no_break_words = frozenset(params.abbrev_types) | {
            first for first, _ in params.collocations}
        # a word of two or more plain letters and a full stop, or a word and "?" or "!",
        # then a character that ends a word for Punkt, or space and the start of a word
        # (the characters are Punkt's own setting: without it, Punkt decides every case)
        ends_word = getattr(self._lang_vars, "_re_non_word_chars", None)
        after = r"(?:{0}|\s+(?:{0}|[A-Za-z0-9]))".format(ends_word)
        self._plain_end = re.compile(
            rf"([A-Za-z]{{2,}})\.(?={after})|[A-Za-z]+[?!](?={after})" if ends_word else "(?!)")

    @lru_cache(maxsize=100_000)  # noqa: B019 (one instance, kept for the whole run)
    def text_contains_sentbreak(self, text: str) -> bool:
        m = self._plain_end.match(text)
        if m and (m.group(1) is None or m.group(1).lower() not in self._no_break_words):
            return True
        return super().text_contains_sentbreak(text)


@lru_cache(maxsize=1)
def sentence_tokenizer() -> PunktSentenceTokenizer:
    """The project's Punkt sentence splitter (no NLTK data needed)."""
    return _Punkt(punkt_parameters())


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: runs of non-empty lines separated by a blank line."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.span()
        # trim white space at the edges so offsets point at words
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """``(para_id, start, end)`` for every sentence of ``text``; ids count from 1.

    A piece that starts with a lower-case letter continues the sentence before it:
    ``“Will you go?” she asked.`` is one sentence, not two.
    """
    tok = sentence_tokenizer()
    out = []
    for para_id, (p_start, p_end) in enumerate(split_paragraphs(text), start=1):
        para = text[p_start:p_end]
        spans: list[list[int]] = []
        for s, e in tok.span_tokenize(para):
            if spans and para[s].islower():
                spans[-1][1] = e
            else:
                spans.append([s, e])
        out.extend((para_id, p_start + s, p_start + e) for s, e in spans)
    return out


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences table: one row per sentence of every ``ok`` article.

    Columns: ``doc_id``, ``para_id`` and ``sent_id`` (both count from 1 within the article),
    ``start``, ``end`` (character offsets into ``articles.text``) and ``text``, where
    ``article_text[start:end] == text`` always holds.

    ``articles`` needs ``doc_id`` and ``text`` columns; a ``status`` column, when present,
    limits the work to rows with status ``ok``.
    """
    missing = {"doc_id", "text"} - set(articles.columns)
    if missing:
        raise KeyError(f"split_sentences needs columns {sorted(missing)} in the articles table")
    rows = articles
    if "status" in articles.columns:
        rows = articles[articles["status"] == "ok"]
    records = []
    for doc_id, text in zip(rows["doc_id"], rows["text"]):
        if not isinstance(text, str):
            continue
        for sent_id, (para_id, start, end) in enumerate(sentence_spans(text), start=1):
            records.append((doc_id, para_id, sent_id, start, end, text[start:end]))
    df = pd.DataFrame.from_records(records, columns=SENTENCE_COLUMNS)
    return df.astype({"para_id": "int64", "sent_id": "int64", "start": "int64", "end": "int64"})
