"""Quotation marks: which mark opens or closes a quotation, and how they pair.

:func:`pair_quotes` pairs curly and straight, double and single marks (nested, and across
paragraph breaks where the next paragraph reopens the quote) and reports marks left unbalanced.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


class QuoteWarning(UserWarning):
    """Unbalanced quotation marks or a part of the analysis that had to be skipped."""



# ---------------------------------------------------------------------------------------------
# quotation marks

_DOUBLE_OPEN = {"\u201c": "curly", "\u201e": "low", "\u00ab": "guillemet"}
_DOUBLE_CLOSE = {"\u201d": "curly", "\u00bb": "guillemet"}
_SINGLE_OPEN = {"\u2018": "curly", "\u2039": "guillemet"}
_SINGLE_CLOSE = {"\u2019": "curly", "\u203a": "guillemet"}
_MARK_RE = re.compile("[\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u2039\u203a]")
_OPENERS = set(_DOUBLE_OPEN) | set(_SINGLE_OPEN)
_CLOSERS = set(_DOUBLE_CLOSE) | set(_SINGLE_CLOSE)
_ELISIONS = ("em", "tis", "twas", "til", "cause", "n", "bout", "nuff")


@dataclass(slots=True)
class _Mark:
    pos: int
    family: str  # "double" / "single"
    type: str    # "curly", "straight", ...


@dataclass
class QuoteSpan:
    """One pair of quotation marks: ``open``/``close`` positions of the marks (``None`` when
    missing) and ``start``/``end`` of the words between them."""

    open: int | None
    close: int | None
    start: int
    end: int
    family: str
    status: str = "ok"
    level: int = 0


def _role(text: str, i: int, lo: int, hi: int, stack: list[_Mark]) -> tuple[str, str, str] | None:
    """``(role, family, type)`` of the mark at ``i`` in paragraph ``[lo, hi)``, or ``None``
    for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    if ch == "'" and prev.isalnum() and nxt.isalnum():
        return None  # don't, Russia's: by far the most common case
    if ch == "\u201d" and (prev == "" or prev.isspace()) and nxt.isalnum() \
            and not any(m.family == "double" for m in stack):
        return "open", "double", "curly"  # a typo: ” where “ was meant
    if ch in _DOUBLE_OPEN:
        return "open", "double", _DOUBLE_OPEN[ch]
    if ch in _DOUBLE_CLOSE:
        return "close", "double", _DOUBLE_CLOSE[ch]
    if ch in _SINGLE_OPEN:
        return "open", "single", _SINGLE_OPEN[ch]
    if ch in _SINGLE_CLOSE:
        return "close", "single", _SINGLE_CLOSE[ch]
    left_open = prev == "" or prev.isspace() or prev in "([{\u2014\u2013-/" or prev in _OPENERS or prev in "\"'"
    right_close = nxt == "" or nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-" or nxt in _CLOSERS or nxt in "\"'"
    open_here = any(m.family == ("double" if ch == '"' else "single") and m.type == "straight" for m in stack)
    if ch == '"':
        if left_open and not right_close:
            return "open", "double", "straight"
        if right_close and not left_open:
            return "close", "double", "straight"
        if open_here:
            return "close", "double", "straight"
        return None if (left_open and right_close) else ("open", "double", "straight")
    # straight single: apostrophe unless the context says otherwise
    if left_open and nxt.isalnum():
        word = re.match(r"\w+", text[i + 1:hi])
        if re.match(r"\d\d", text[i + 1:i + 3]) or (word and word.group().lower() in _ELISIONS):
            return None  # '90s, 'em
        return "open", "single", "straight"
    if right_close and (prev.isalnum() or prev in ".,!?") and open_here:
        return "close", "single", "straight"
    return None


def pair_quotes(text: str) -> tuple[list[QuoteSpan], list[str]]:
    """Pair the quotation marks of ``text``. Returns ``(spans, problems)``.

    Paragraphs are read in turn. A quotation left open at the end of a paragraph continues when
    the next paragraph opens with a quotation mark of the same kind (the convention for quotes
    that run over several paragraphs); otherwise it is reported as ``unclosed`` and ends with
    its paragraph, so it never swallows the rest of the article. A closing mark without an
    opening one is reported as ``unopened``. A straight single mark that never closes is read
    as an apostrophe, since it usually is one.
    """
    from ..segment import split_paragraphs

    spans: list[QuoteSpan] = []
    problems: list[str] = []
    stack: list[_Mark] = []
    paragraphs = split_paragraphs(text)
    for n, (lo, hi) in enumerate(paragraphs):
        skip = None
        if stack and (text[lo] in _OPENERS or text[lo] in "\"'"):
            role = _role(text, lo, lo, hi, [])
            if role and role[0] == "open" and any(m.family == role[1] for m in stack):
                skip = lo  # continuation mark of a multi-paragraph quote
        if skip is None and stack:
            _close_unclosed(text, stack, spans, problems, paragraphs[n - 1][1])
        for m in _MARK_RE.finditer(text, lo, hi):
            i = m.start()
            if i == skip:
                continue
            if text[i] == "'" and lo < i < hi - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
                continue  # an apostrophe inside a word, the most common case (see _role)
            role = _role(text, i, lo, hi, stack)
            if role is None:
                continue
            kind, family, mtype = role
            if kind == "open":
                stack.append(_Mark(i, family, mtype))
                continue
            k = next((j for j in range(len(stack) - 1, -1, -1)
                      if stack[j].family == family and stack[j].type == mtype), None)
            if k is None:
                k = next((j for j in range(len(stack) - 1, -1, -1) if stack[j].family == family), None)
            if k is None:
                spans.append(QuoteSpan(None, i, i, i, family, "unopened"))
                problems.append(f"closing quotation mark {text[i]!r} at {i} has no opening mark: "
                                f"...{text[max(lo, i - 40):i + 1]}")
                continue
            inner = stack[k + 1:]
            del stack[k + 1:]
            _close_unclosed(text, inner, spans, problems, i)
            mark = stack.pop()
            spans.append(_span(text, mark.pos, i, family, "ok"))
    if stack:
        _close_unclosed(text, stack, spans, problems, paragraphs[-1][1] if paragraphs else len(text))
    spans.sort(key=lambda s: (s.start, -s.end))
    for k, s in enumerate(spans):
        # a span holding this one starts no later and ends no earlier, so it is sorted before it
        s.level = sum(1 for o in spans[:k] if o.status != "unopened"
                      and s.end <= o.end and (o.start, o.end) != (s.start, s.end))
    return spans, problems


def _span(text, open_pos, close_pos, family, status) -> QuoteSpan:
    start, end = open_pos + 1, close_pos
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(open_pos, close_pos if status == "ok" else None, start, end, family, status)


def _close_unclosed(text, marks, spans, problems, end):
    for mark in marks:
        if mark.type == "straight" and mark.family == "single":
            continue  # most likely an apostrophe
        spans.append(_span(text, mark.pos, end, mark.family, "unclosed"))
        problems.append(f"opening quotation mark {text[mark.pos]!r} at {mark.pos} is never closed: "
                        f"{text[mark.pos:mark.pos + 40]}...")
    marks.clear()
