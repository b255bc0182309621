"""Which Russian name forms are one actor: keys built from lemmas.

Russian inflects names: "Путин", "Путина", "Путину", "Путиным" and "Владимир Путин" are one
person. :func:`actor_key` reduces a name to a key that all these forms share (for a person:
the lemma of the surname, the last word; for an organisation or a place: the lemmas of all its
words), and :func:`codebook_keys` builds the same keys from the ``aliases_ru`` of the actor
codebook (``data/lexicons/actors.yml``), so a Russian mention resolves to the same actor id as
an English one (``putin`` is both Putin and Путин).

Known blind spots: two people with the same surname in one article become one actor (as in
the English layer); a lone first name ("Светлана") is its own key; female and male forms of a
surname share a lemma ("Захарова" and "Захаров").
"""
from __future__ import annotations

from .morph import fold, parse_word
from .segment import tokens

_KIND = {"person": "person", "organisation": "organisation", "place": "place",
         "country": "place", "media": "organisation", "group": "group"}


def _surname_lemma(word: str) -> str:
    parses = parse_word(word)
    named = [p for p in parses if "Surn" in p.tag] or [p for p in parses if p.tag.POS == "NOUN"]
    best = (named or parses)[0]
    return fold(best.normal_form)


def _lemma(word: str) -> str:
    return fold(parse_word(word)[0].normal_form) if word[:1].isalpha() else word.lower()


def actor_key(name: str, type: str) -> str:
    """A key shared by every inflected form of one name: ``"person:путин"`` for "Путину"
    and "Владимир Путин"; ``"place:россия"`` for "России"; ``"organisation:мид россия"``
    for "МИД России". ``type`` is an entity type (``person``, ``organisation``, ``place``) or
    a codebook type (``country`` and ``media`` map to ``place`` and ``organisation``)."""
    kind = _KIND.get(type, type)
    words = [w for _, _, w in tokens(name) if w[:1].isalnum()]
    if not words:
        return f"{kind}:{fold(name.strip())}"
    if kind == "person":
        return f"person:{_surname_lemma(words[-1])}"
    return f"{kind}:" + " ".join(_lemma(w) for w in words)


def codebook_keys(codebook) -> dict[str, str]:
    """``key -> actor id`` from the ``aliases_ru`` of an actor codebook (an
    :class:`analysis.actors.Codebook`). For people the full-name key is the surname key, so
    "Путин" and "Владимир Путин" both give ``person:путин``."""
    out: dict[str, str] = {}
    for actor in codebook.actors.values():
        for alias in getattr(actor, "aliases_ru", []) or []:
            out.setdefault(actor_key(alias, actor.type), actor.id)
    return out


def resolve(name: str, type: str, keys: dict[str, str]) -> str | None:
    """The codebook actor id for a name (any inflected form), or ``None``. A place or an
    organisation not found as such is tried under the other kind (natasha's NER tags "МИД
    России" as an organisation, the codebook may list a capital as a country alias)."""
    key = actor_key(name, type)
    if key in keys:
        return keys[key]
    body = key.split(":", 1)[1]
    for kind in ("place", "organisation", "group"):
        hit = keys.get(f"{kind}:{body}")
        if hit:
            return hit
    return None
