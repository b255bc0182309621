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


def is_analysed(language) -> bool:
    """True when every analysis runs on an article in ``language``: English (and ``und``),
    read with the English word lists, or a language whose pack has ``analyse`` (Russian). A
    language without one gets sentences only."""
    code = normalise_code(language)
    if code == "en":
        return True
    pack = get_pack(code)
    return pack is not None and hasattr(pack, "analyse")


def analysed_with(language) -> str:
    """How an article in ``language`` is analysed, in words: ``English word lists``, ``Russian
    pack`` (a language with its own pack) or ``sentences only`` (no pack)."""
    code = normalise_code(language)
    if code == "en":
        return "English word lists"
    if is_analysed(code):
        return f"{get_pack(code).name} pack"
    return "sentences only"


def add_pack_tables(tables: dict, articles, *, codebooks: dict | None = None) -> dict:
    """``tables`` (a dict of tables keyed by ``doc_id``: ``sentences``, ``mentions``,
    ``frames``, ``quotes``, ``stance``, made with the English analyses) with the rows of the
    articles that another language's pack analyses replaced by that pack's rows, as
    :func:`analysis.pipeline.analyze_corpus` gives them. Only the tables present in
    ``tables`` are changed; ``articles`` needs ``doc_id``, ``language`` and ``text``.
    ``codebooks`` defaults to the project's actor codebook. Returns a new dict."""
    import pandas as pd

    from ..actors import load_actors
    from ..pipeline import lexicons_apply

    out = dict(tables)
    if articles is None or len(articles) == 0 or "language" not in articles.columns:
        return out
    groups: dict = {}
    for doc_id, lang in zip(articles["doc_id"], articles["language"]):
        pack = None if lexicons_apply(lang) else get_pack(lang)
        if pack is not None and hasattr(pack, "analyse"):
            groups.setdefault(pack.code, (pack, []))[1].append(doc_id)
    for pack, ids in groups.values():
        got = pack.analyse(articles[articles["doc_id"].isin(ids)],
                           codebooks=codebooks or {"actors": load_actors()})
        for name in [n for n in ("sentences", "mentions", "frames", "quotes", "stance") if n in out]:
            old, new = out.get(name), got.get(name)
            if old is not None:
                old = old[~old["doc_id"].isin(ids)]
            parts = [t for t in (old, new) if t is not None and not t.empty]
            if parts:
                out[name] = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            elif old is not None:
                out[name] = old
    return out
