"""Which language a text is in: the English lexicons only apply to English.

English news is recognised cheaply first: in running English prose, a fifth or more of the
words are a handful of function words ("the", "of", "and", ...), while in other languages
written in Latin script they are a few per cent at most. Every other text goes to py3langid,
whose model ships inside the package (nothing is downloaded). Short texts are hard to
identify, so below ``min_chars`` letters the result is ``"und"`` (undetermined) unless the text
is clearly written in a non-Latin script.
"""
from __future__ import annotations

import re

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for it was on with as by he at from his an were are which be "
    "this has have had not but they their its been who will would".split())
ENGLISH_SHARE = 0.2
"""Share of function words above which a text of 30 or more words is taken as English."""


def detect_language(text: str, *, min_chars: int = 20, sample: int = 5000) -> str:
    """ISO 639-1 code of the main language of ``text`` (first ``sample`` characters), or
    ``"und"`` when it cannot be told."""
    head = text[:sample]
    words = _WORDS.findall(head, 0, 1500)[:200]
    english = len(words) >= 30 and sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, map(
        str.lower, words))) >= ENGLISH_SHARE * len(words)
    if english and min_chars <= 30:
        return "en"  # 30 words hold at least 30 letters: the text is long enough
    letters = _LETTERS.findall(head, 0, 40 * min_chars)  # enough to tell most texts are long
    if len(letters) < min_chars:
        letters = _LETTERS.findall(head)
    if not letters:
        return "und"
    if len(letters) < min_chars:
        cyr = sum(1 for ch in letters if _CYRILLIC.match(ch))
        return "ru" if cyr > len(letters) / 2 else "und"
    if english:
        return "en"
    import py3langid  # loads its bundled model on first use

    lang, _score = py3langid.classify(head)
    return lang
