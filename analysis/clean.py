"""Cleaning: from the text as it arrived to the text every later table points into.

``clean_text`` is the only place where characters change. All offsets in the project's tables
refer to its output, so it keeps every paragraph and never drops words.
"""
from __future__ import annotations

import difflib
import html
import re
import unicodedata

import ftfy
import pandas as pd

# Zero-width and invisible formatting characters that break word matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
# C0/C1 control characters except tab and newline (carriage returns are handled first).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Space-like characters: no-break, thin, em spaces and the like; tabs.
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029\x85]")
_MULTISPACE = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n[ ]*\n\s*")
_LINE_BREAK = re.compile(r"\s*\n\s*")
# Apostrophe-like characters other than the curly right single quote (handled by context).
_APOSTROPHE_LIKE = re.compile(r"[\u02bc\u02b9\u2032\u00b4\u0060](?=\w)|(?<=\w)[\u02bc\u2032\u00b4\u0060]")
_APOSTROPHE_CHARS = re.compile(r"[\u02bc\u02b9\u2032\u00b4\u0060]")
_QUOTE_OR_BREAK = re.compile("[\n\u2018\u2019]")
# Text made only of ASCII (no escape character) and these typographic characters cannot hold
# mojibake or anything else ftfy repairs, so ftfy, the slowest step, is skipped for it.
_FTFY_NEEDED = re.compile(r"[^\x00-\x1a\x1c-\x7f\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026]")
_LINE_END = re.compile(r"(?<=\n)")  # splits after each line break, as ftfy reads a text


def _unify_apostrophes(text: str) -> str:
    """Make every apostrophe a straight ``'`` and leave quotation marks as they are.

    ``’`` is both the curly apostrophe and the closing single quotation mark. It is an
    apostrophe between letters (``Lukashenko’s``, ``isn’t``) and after a plural ``s`` when no
    single quotation is open in the paragraph (``the states’ borders``); otherwise it closes a
    quotation (``‘foreign states’``) and is kept. ``‘`` before a letter followed by a year
    (``‘90s``) is an apostrophe too. Each replacement is one character for one, so the length
    of the text does not change here.
    """
    if _APOSTROPHE_CHARS.search(text):  # (a quick test first: the lookarounds are slow)
        text = _APOSTROPHE_LIKE.sub("'", text)
    if "\u2019" not in text and "\u2018" not in text:
        return text
    chars = list(text)
    open_single = False
    n = len(chars)
    for m in _QUOTE_OR_BREAK.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            open_single = False  # quotations do not carry over paragraph breaks here
        elif ch == "\u2018":
            nxt = text[i + 1 : i + 3]
            if len(nxt) == 2 and nxt.isdigit() and (i == 0 or not text[i - 1].isalnum()):
                # ‘90s: an elided year, not a quotation
                chars[i] = "'"
            else:
                open_single = True
        elif ch == "\u2019":
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < n else ""
            if before.isalnum() and after.isalpha():
                chars[i] = "'"  # Lukashenko’s, isn’t
            elif before in "sS" and not open_single and not after.isalnum():
                chars[i] = "'"  # plural possessive: the states’ borders
            else:
                open_single = False  # a closing quotation mark: keep it
    return "".join(chars)


def _normalise_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    if "\n\n" not in text.strip():
        # No blank lines anywhere: each line break marks a paragraph.
        text = text.replace("\n", "\n\n")
    paragraphs = [(_LINE_BREAK.sub(" ", p) if "\n" in p else p).strip()
                  for p in _BLANK_LINES.split(text)]
    text = "\n\n".join(p for p in paragraphs if p)
    return _MULTISPACE.sub(" ", text) if "  " in text else text


def _repair_unicode(text: str) -> str:
    """ftfy's repair of mojibake and other broken Unicode, curly quotes kept.

    ftfy reads a text one line at a time and repairs each line on its own, so only the lines
    holding a character it could change are given to it: the result is the same, and in an
    article with a few broken lines the others cost nothing."""
    options = {"uncurl_quotes": False, "unescape_html": False, "normalization": "NFC"}
    lines = _LINE_END.split(text)
    if max(map(len, lines)) > ftfy.TextFixerConfig().max_decode_length:
        return ftfy.fix_text(text, **options)  # ftfy cuts such a line into pieces of its own
    return "".join(ftfy.fix_text(line, **options) if _FTFY_NEEDED.search(line) else line
                   for line in lines)


def clean_text(text: str) -> str:
    """Return the cleaned text that all offsets refer to.

    In order: repair mojibake and other broken Unicode (ftfy, curly quotes kept), decode HTML
    entities, Unicode NFC, remove zero-width and control characters, unify apostrophes (quotation
    marks stay as they are: later steps analyse quotes), and normalise white space: single
    spaces, one blank line between paragraphs, no space at either end. Hard-wrapped lines inside
    a paragraph are joined; a text without any blank line is read as one paragraph per line.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects a str, got {type(text).__name__}")
    if _FTFY_NEEDED.search(text):
        text = _repair_unicode(text)
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _normalise_lines(text)
    return _unify_apostrophes(text)


def cleaning_changes(raw: str, clean: str, *, context: int = 20) -> pd.DataFrame:
    """What cleaning changed, one row per edit.

    Columns: ``op`` (replace / delete / insert), ``before``, ``after`` (the characters, with
    ``repr``-style names for invisible ones in ``before_shown``/``after_shown``), ``raw_start``,
    ``clean_start`` and ``context`` (the cleaned text around the edit). Runs of white-space edits
    are reported like any other edit.
    """
    rows = []
    matcher = difflib.SequenceMatcher(None, raw, clean, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        before, after = raw[i1:i2], clean[j1:j2]
        rows.append(
            {
                "op": op,
                "before": before,
                "after": after,
                "before_shown": show_characters(before),
                "after_shown": show_characters(after),
                "raw_start": i1,
                "clean_start": j1,
                "context": clean[max(0, j1 - context) : j2 + context],
            }
        )
    return pd.DataFrame(
        rows,
        columns=["op", "before", "after", "before_shown", "after_shown", "raw_start",
                 "clean_start", "context"],
    )


def show_characters(s: str) -> str:
    """Name the invisible and look-alike characters in ``s`` so a reader can see them."""
    out = []
    for ch in s:
        if ch.isprintable() and ch not in "\u00a0\u2019\u2018\u201c\u201d'\"" or ch == " ":
            out.append("␠" if ch == " " else ch)
        elif ch == "\n":
            out.append("⏎")
        else:
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            out.append(f"[{name.lower()}]" if not ch.isprintable() or ch == "\u00a0" else f"{ch}({name.lower()})")
    return "".join(out)
