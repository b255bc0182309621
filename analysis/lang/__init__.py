"""Language packs: everything that depends on the language of an article, behind one interface.

Each language is a subpackage (``analysis.lang.en``, ``analysis.lang.ru``) holding a small
module and its data files (models, word lists) beside it, the way spaCy keeps ``lang/en``.
A pack is found by the article's language code (``en``, ``ru``; ``und`` counts as English,
as short texts cannot be told apart). A language without a pack gets sentences only, and its
status says so: adding a language is a new folder and one line in :data:`PACKS`.

Every pack fills the same interface, :class:`LanguagePack`; a part a pack does not have is
``None`` and the analyses that need it are skipped for that language, with the reason in the
article's ``message``.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

PACKS = {"en": "analysis.lang.en", "ru": "analysis.lang.ru"}
"""Language code -> module that defines ``PACK`` (a :class:`LanguagePack`)."""

ALIASES = {"und": "en"}
"""Codes that are read with another language's pack (``und``: too short to tell)."""


class LanguagePack:
    """The language-specific parts of the analyses.

    Subclasses set ``code`` and ``name`` and override the parts they have. Parts are built on
    first use and kept (models load once per process).
    """

    code: str = ""
    name: str = ""

    def entity_recogniser(self):
        """An object with ``find(text) -> list[(start, end, type, confidence)]`` where
        ``type`` is ``person``, ``organisation`` or ``place`` and offsets index ``text``;
        and ``find_many(texts) -> list[list[...]]``. ``None`` when the pack has none."""
        return None

    def __repr__(self) -> str:
        return f"<LanguagePack {self.code} ({self.name})>"


def normalise_code(language) -> str:
    """``en-GB`` -> ``en``; ``None`` or blank -> ``und``."""
    if not isinstance(language, str) or not language.strip():
        return ALIASES.get("und", "und")
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return ALIASES.get(code, code)


@lru_cache(maxsize=None)
def _load(code: str):
    module = importlib.import_module(PACKS[code])
    return module.PACK


def get_pack(language) -> LanguagePack | None:
    """The pack for ``language`` (a code such as ``en``, ``en-GB``, ``ru``, ``und``), or
    ``None`` when there is no pack for it."""
    code = normalise_code(language)
    return _load(code) if code in PACKS else None


def available_languages() -> list[str]:
    """Codes of the languages that have a pack."""
    return sorted(PACKS)
