"""find_stance: reporting verbs by class, and hedges, boosters, distancers and vague sources."""
from __future__ import annotations

import re
from operator import itemgetter
from pathlib import Path

import pandas as pd

from .attribution import _counts_something
from .find import _prepare
from .lexicon import ReportingLexicon
from .tokens import _TOKEN, _WORD_RUN, _word_tag

STANCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "marker", "stance_class", "entry"]
"""Columns of the stance table."""


def find_stance(articles: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                lexicon: ReportingLexicon | str | Path | None = None) -> pd.DataFrame:
    """The stance table: reporting verbs and hedging or distancing words, one row each.

    Columns: ``doc_id``, ``sent_id``, ``start``, ``end`` (offsets into the cleaned text),
    ``text`` (as written), ``marker`` (``reporting_verb``, ``cue_phrase``, ``hedge``,
    ``booster``, ``distancer`` or ``vague_source``), ``stance_class`` (for verbs the class in
    the word list: neutral, distancing, accusing, ...; for other markers the marker again) and
    ``entry`` (the word-list entry that matched: a verb's base form or the phrase).

    Reporting verbs count only where the tagger reads the word as a verb. A phrase inside a
    longer matched phrase is not repeated (``according to sources`` is one vague source).
    """
    lex, rows, sentences = _prepare("find_stance", articles, sentences, lexicon)
    records = []
    for doc_id, sent_id, s_lo, text in zip(*(sentences[c].tolist()
                                             for c in ("doc_id", "sent_id", "start", "text"))):
        if not isinstance(text, str):
            continue
        phrases, verbs = _stance_words(text, lex)
        taken = []
        for m in phrases:
            entry = re.sub(r"\s+", " ", m.group().lower())
            if entry in ("may", "march") and m.group()[0].isupper() and m.start() > 0:
                continue  # the month, not the modal verb
            cat, cls = lex.phrase_entries.get(entry, ("hedge", "hedge"))
            taken.append(m.span())
            records.append((doc_id, sent_id, s_lo + m.start(), s_lo + m.end(), m.group(), cat, cls, entry))
        for start, end in verbs:
            if any(a <= start < b for a, b in taken) or not _tag_at(text, start).startswith("VB"):
                continue
            word = text[start:end]
            if lex.quantity_senses and _counts_something(lex, word.lower(), text[end:end + 12].lstrip()):
                continue  # "admit 2,000 students": the verb does not report speech here
            lemma, cls = lex.verbs[word.lower()]
            records.append((doc_id, sent_id, s_lo + start, s_lo + end, word,
                            "reporting_verb", cls, lemma))
    by_doc = all(isinstance(r[0], str) for r in records)
    if by_doc:  # the order sort_values would give, found on the plain rows
        records.sort(key=itemgetter(0, 2))
    df = pd.DataFrame.from_records(records, columns=STANCE_COLUMNS)
    df = df.astype({"sent_id": "int64", "start": "int64", "end": "int64"})
    return df if by_doc else df.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _stance_words(text: str, lex: ReportingLexicon) -> tuple[list[re.Match], list[tuple[int, int]]]:
    """The stance phrases (matches) and the reporting-verb forms (``(start, end)``) of
    ``text``, read word by word.

    A phrase can only start at a word that is its first word, so only the phrases starting
    with that word are tried there, longest first; phrases do not overlap (the text after a
    phrase is read on from its end). A verb form is a word whose lower case is in the list.
    """
    lower = text.lower()
    if len(lower) == len(text):
        # Only the words that are a verb form or a phrase's first word need a look: one search
        # of the lower-case text finds them, leaving out first words that no phrase follows
        # (lower case keeps each character in its place here, and letters stay letters, so
        # the words found are words of ``text``).
        words = lex.stance_word_pattern.finditer(lower)
    else:  # a character whose lower case is longer ('İ'): read every word
        words = _WORD_RUN.finditer(text)
    phrases, verbs = [], []
    end = 0
    for word in words:
        pos, word_end = word.span()
        low = text[pos:word_end].lower()
        if low in lex.verbs:
            verbs.append((pos, word_end))
        if pos < end or (pos > 0 and text[pos - 1] == "-"):
            continue  # inside the last phrase, or part of a hyphenated word
        pattern = lex.phrase_at_word.get(low)
        if pattern is not None:
            m = pattern.match(text, pos)
            if m:
                phrases.append(m)
                end = m.end()
    return phrases, verbs


def _tag_at(text: str, pos: int) -> str:
    """The part-of-speech tag of the token of ``text`` that starts at ``pos`` ('' if none does)."""
    if pos == 0 or text[pos - 1].isspace():
        # no token holds a space, so a token starts here: read only that one
        token = _TOKEN.match(text, pos).group()
        return _word_tag(token, True) if not text[:pos].strip() else _word_tag(token)
    # after a hyphen, a full stop, a bracket, ...: read the tokens of the text up to ``pos``
    for k, m in enumerate(_TOKEN.finditer(text)):
        if m.start() >= pos:
            return _word_tag(m.group(), k == 0) if m.start() == pos else ""
    return ""
