"""Which language a text is in: the English lexicons only apply to English.

Uses py3langid, whose model ships inside the package (nothing is downloaded). Short texts
are hard to identify, so below ``min_chars`` letters the result is ``"und"`` (undetermined)
unless the text is clearly written in a non-Latin script.
"""
from __future__ import annotations

import re

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def detect_language(text: str, *, min_chars: int = 20, sample: int = 5000) -> str:
    """ISO 639-1 code of the main language of ``text`` (first ``sample`` characters), or
    ``"und"`` when it cannot be told."""
    head = text[:sample]
    letters = _LETTERS.findall(head)
    if not letters:
        return "und"
    if len(letters) < min_chars:
        cyr = sum(1 for ch in letters if _CYRILLIC.match(ch))
        return "ru" if cyr > len(letters) / 2 else "und"
    import py3langid  # loads its bundled model on first use

    lang, _score = py3langid.classify(head)
    return lang
