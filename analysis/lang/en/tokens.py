"""English word tokens with character offsets, for the entity recogniser.

One tokeniser serves both training (each CoNLL-2003 token is cut again with it, so the model
learns from the tokens it will see) and running on raw text. Its rules:

* dotted abbreviations stay whole: ``U.S.``, ``U.N.``, ``F.C.``, also with a hyphenated tail
  (``U.S.-led``); a known short form keeps its full stop (``Mr.``, ``Corp.``, ``Calif.``), and
  so does a capital initial followed by a capitalised word (``George W. Bush``);
* hyphens, apostrophes, ``&`` and inner full stops join the parts of one word: ``Jean-Luc``,
  ``al-Assad``, ``O'Brien``, ``AT&T``, ``3.5``, ``Amazon.com``;
* a possessive is a token of its own: ``Germany's`` -> ``Germany`` + ``'s`` (also ``’s`` and
  ``'S``), ``Jones'`` -> ``Jones`` + ``'``;
* every other character that is not white space is a token by itself (quotation marks,
  brackets, commas, dashes), except runs of hyphens (``--``) and the ellipsis.
"""
from __future__ import annotations

import re

SHORT_FORMS = (
    "Mr Mrs Ms Dr St Mt Ft Jr Sr Gen Sen Rep Gov Lt Col Maj Sgt Capt Cmdr Adm Prof Rev Hon "
    "Pres Supt Insp Inc Corp Ltd Co Bros Cie Mme Mlle Messrs No vs Jan Feb Mar Apr Aug Sept "
    "Sep Oct Nov Dec Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich "
    "Minn Miss Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo"
).split()

_WORD = r"[^\W_]+(?:(?:['’](?![sS](?!\w))|[-‐‑.&])[^\W_]+)*"
# (the look-aheads in front of the first branches only make the expression faster)
TOKEN_RE = re.compile(
    r"(?=\w\.\w)(?:[^\W\d_]\.){2,}(?:-" + _WORD + r")*"  # U.S., U.N., U.S.-led
    r"|(?=[A-Za-z]{1,5}\.)(?:" + "|".join(SHORT_FORMS) + r")\.(?!\w)"  # Mr., Corp., Calif.
    r"|[A-Z]\.(?=\s+[A-Z])"                             # the W. in George W. Bush
    r"|" + _WORD +                                      # words, numbers, Jean-Luc, O'Brien
    r"|['’][sS](?!\w)"                                  # possessive 's
    r"|-{2,}|\.{3}"                                     # --, ...
    r"|\S"                                              # any other single character
)


def tokenize(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the tokens of ``text`` (``text[start:end]`` is the token)."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def token_strings(text: str) -> list[str]:
    """The tokens of ``text`` as strings."""
    return TOKEN_RE.findall(text)
