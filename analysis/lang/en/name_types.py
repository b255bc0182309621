"""Correct the type of a name the recogniser called a person, from words it does not weigh.

The recogniser (:mod:`analysis.lang.en.ner`) types a name from its own words and their close
neighbours, so a company with an unfamiliar name ("Veltron Semiconductor", "Esval") or a
stadium named after a person ("the Johan Cruyff Arena") can come out as a person. Two plain
rules, with their words in ``name_heads.yml`` beside this module, put them right:

* **the last word**: a name of two or more words whose last word is a place or organisation
  word ("Arena", "Airport"; "Semiconductor", "Holdings", "University") is a place or an
  organisation;
* **an organisation noun beside it**: a name in apposition with one ("Veltron Semiconductor,
  the Dutch chipmaker, said", "the regional water company, Esval,") or just after one
  ("carmaker Tesla") is an organisation.

Only spans typed ``person`` are changed: an organisation or place the recogniser found keeps
its type ("West Bank" stays a place). :class:`TypedRecogniser` wraps a recogniser with the
``find_many`` interface and applies :func:`retype` to each sentence's spans.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

HEADS_PATH = Path(__file__).with_name("name_heads.yml")

# words that may stand between the article and the organisation noun ("the Dutch chipmaker",
# "a state-owned water company"): anything but a preposition, article or conjunction, which
# would make the noun the head of another phrase ("a spokesman for the party")
_NOT_MODIFIERS = {"for", "of", "at", "in", "with", "from", "to", "on", "by", "the", "a", "an",
                  "and", "or", "but", "who", "which", "that", "its", "his", "her", "their"}


class _Heads:
    def __init__(self, data: dict):
        last = data.get("last_words") or {}
        self.last_words = {str(w): kind for kind in ("place", "organisation")
                           for w in (last.get(kind) or [])}
        nouns = sorted({str(w).lower() for w in (data.get("organisation_nouns") or [])},
                       key=len, reverse=True)
        alt = "|".join(re.escape(n) for n in nouns)
        # ", the Dutch chipmaker," right after the name
        self.after = re.compile(rf",\s+(?:the|a|an)\s+((?:[\w\-]+\s+){{0,3}}?)(?:{alt})(?=[\s,;:.)]|$)")
        self.nouns = set(nouns)


@lru_cache(maxsize=2)
def load_heads(path: str | Path = HEADS_PATH) -> _Heads:
    """The word lists of ``name_heads.yml``."""
    with open(path, encoding="utf-8") as fh:
        return _Heads(yaml.safe_load(fh) or {})


def _modifiers_ok(words: str) -> bool:
    return not any(w.lower() in _NOT_MODIFIERS for w in words.split())


def retype(text: str, spans: list, heads: _Heads | None = None) -> list:
    """``spans`` (``(start, end, type, confidence)`` in ``text``) with the type of each
    person span corrected by the last-word and organisation-noun rules; others unchanged."""
    if not spans:
        return spans
    heads = heads or load_heads()
    out = []
    for span in spans:
        s, e, kind, conf = span
        if kind == "person":
            kind = _retyped(text, s, e, heads) or kind
            span = (s, e, kind, conf)
        out.append(span)
    return out


def _retyped(text: str, s: int, e: int, heads: _Heads) -> str | None:
    words = text[s:e].split()
    if len(words) >= 2:
        last = re.sub(r"(?:'s|\u2019s)$", "", words[-1])
        kind = heads.last_words.get(last)
        if kind:
            return kind
    x = heads.after.match(text, e)
    if x and _modifiers_ok(x.group(1)):
        return "organisation"
    if _noun_before(text[max(0, s - 80):s], heads.nouns):
        return "organisation"
    return None


_DETERMINERS = {"the", "a", "an", "its", "their"}
# "a spokesman for the company, Jane Doe": after these the noun phrase belongs to a person's
# role, and the name in apposition is that person
_ROLE_PREPOSITIONS = {"for", "of", "at"}


def _noun_before(before: str, nouns: set) -> bool:
    """Whether an organisation noun stands just before a name: "carmaker Tesla", or in
    apposition, "a stake in the regional water company, Esval" (but not "a spokesman for the
    company, Jane Doe", where the name is the spokesman)."""
    words = before.split()
    if not words or not before[-1:].isspace():
        return False
    last = words[-1]
    if not last.endswith(","):
        return last.lower() in nouns
    if last[:-1].lower() not in nouns:
        return False
    for i in range(len(words) - 2, max(-1, len(words) - 6), -1):  # back to the determiner
        w = words[i].lower()
        if w in _DETERMINERS:
            return i == 0 or words[i - 1].lower() not in _ROLE_PREPOSITIONS
        if w in _NOT_MODIFIERS or not w.replace("-", "").isalpha():
            return False
    return False


class TypedRecogniser:
    """A recogniser whose ``find_many`` spans go through :func:`retype`; every other
    attribute is the wrapped recogniser's."""

    def __init__(self, recogniser, heads: _Heads | None = None):
        self._inner = recogniser
        self._heads = heads

    def find_many(self, texts: list[str]) -> list[list]:
        heads = self._heads or load_heads()
        return [retype(t, spans, heads) for t, spans in zip(texts, self._inner.find_many(texts))]

    def __getattr__(self, name):
        return getattr(self._inner, name)
