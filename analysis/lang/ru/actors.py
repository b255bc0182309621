"""Which Russian name forms are one actor: keys built from lemmas.

Russian inflects names: "Путин", "Путина", "Путину", "Путиным" and "Владимир Путин" are one
person. :func:`actor_key` reduces a name to a key that all these forms share (for a person:
the surname, the last word, in the nominative of the person's gender, so "Марии Колесниковой"
is ``колесникова`` and "Андрея Колесникова" ``колесников``; for an organisation or a place:
the lemmas of all its words), and :func:`codebook_keys` builds the same keys from the
``aliases_ru`` of the actor codebook (``data/lexicons/actors.yml``), so a Russian mention
resolves to the same actor id as an English one (``putin`` is both Putin and Путин).

A lone surname does not always tell the gender: "Колесникова" is a woman, or the genitive of
"Колесников". :func:`person_keys` lists every key such a form can have; the article decides
(:func:`analysis.lang.ru.analyse.find_mentions` takes the one that an unambiguous mention of
the same article has, or the gender of a past-tense verb beside the name).

Known blind spots: two people with the same surname and gender in one article become one
actor (as in the English layer); a lone first name ("Светлана") is its own key; a husband and
wife named in one article ("Колесников", "Колесникова") are kept apart only where the forms or
the verbs tell them apart.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .morph import fold, parse_word
from .segment import tokens

_KIND = {"person": "person", "organisation": "organisation", "place": "place",
         "country": "place", "media": "organisation", "group": "group"}


def _surname_lemma(word: str) -> str:
    """The dictionary lemma of a surname, the same for both genders ("Захаровой" ->
    "захаров"); for comparisons that ignore gender."""
    parses = parse_word(word)
    named = [p for p in parses if "Surn" in p.tag] or [p for p in parses if p.tag.POS == "NOUN"]
    best = (named or parses)[0]
    return fold(best.normal_form)


def person_keys(name: str, *, gender: str | None = None) -> list[str]:
    """The keys a person's name can have, the most likely first: one key when the name (or
    ``gender``, ``masc`` or ``femn``, known from elsewhere) tells the gender, else one per
    gender the surname can be read as ("Колесникова" -> ``person:колесников`` (genitive of a
    man's name), ``person:колесникова``)."""
    from .ner import _nominative_person, name_gender

    words = [w for _, _, w in tokens(name) if w[:1].isalnum()]
    if not words:
        return [f"person:{fold(name.strip())}"]
    told = gender or name_gender(words)
    keys = [f"person:{fold(_nominative_person(words[-1], told)[0])}"]
    if told is None:
        for other in ("masc", "femn"):
            key = f"person:{fold(_nominative_person(words[-1], other)[0])}"
            if key not in keys:
                keys.append(key)
    return keys


def _lemma(word: str) -> str:
    return fold(parse_word(word)[0].normal_form) if word[:1].isalpha() else word.lower()


ADJECTIVES_PATH = Path(__file__).resolve().parent / "country_adjectives.csv"


@lru_cache(maxsize=1)
def country_adjectives() -> dict[str, str]:
    """``{adjective lemma: country name}`` from ``country_adjectives.csv``
    ("российский" -> "Россия")."""
    with open(ADJECTIVES_PATH, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {fold(r["adjective"].strip()): r["country"].strip() for r in rows}


def actor_key(name: str, type: str) -> str:
    """A key shared by every inflected form of one name: ``"person:путин"`` for "Путину"
    and "Владимир Путин", ``"person:захарова"`` for "Марии Захаровой"; ``"place:россия"``
    for "России" and "российский"; ``"organisation:мид россия"`` for "МИД России". ``type`` is an entity type (``person``, ``organisation``, ``place``) or
    a codebook type (``country`` and ``media`` map to ``place`` and ``organisation``)."""
    kind = _KIND.get(type, type)
    words = [w for _, _, w in tokens(name) if w[:1].isalnum()]
    if not words:
        return f"{kind}:{fold(name.strip())}"
    if kind == "person":
        return person_keys(name)[0]
    if kind == "place" and len(words) == 1:  # "российский" is Russia
        country = country_adjectives().get(_lemma(words[0]))
        if country is not None:
            return actor_key(country, "place")
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
