"""Actors: who appears in a text and who is given a voice.

The codebook (:func:`load_actors`, default ``data/lexicons/actors.yml``) lists each actor with
its name, aliases and titles. :func:`find_mentions` finds every reference in one pass over each
sentence (an Aho-Corasick automaton holding all names at once), keeps whole words only, lets the
longest name win where names overlap, and marks each mention's kind (``name``, ``alias``,
``title``, ``possessive``, ``plural``, ``pronoun``) and role (``speaker``, ``source``,
``addressee``, ``mentioned``). :func:`suggest_actors` lists the names the codebook does not know
yet. The tone toward each actor (:func:`score_targets`, :func:`actor_tone`,
:func:`summarise_tone`, :func:`article_tone`) lives in :mod:`analysis.tone`; those names
are importable from here too.

Known blind spots: titles ("the Russian President") are right only for the texts the codebook
was written for; pronouns are resolved to the most recently named person, ignoring gender, and
only when asked; plural references ("the two Presidents") take the most recently named actors
of the right type, "the Presidents" those named at least twice so far, "The two" the two
named last (in one sentence or the one before), and "the country" the country the article
names most often, so a text about several countries can get them wrong; roles come from
reporting verbs near the name, not from a parse of the sentence, so long or unusual sentences
can get them wrong.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import yaml

from .config import LEXICON_DIR
# the tone toward actors moved to analysis.tone; its names stay importable from here
from .tone import (LABELS, TARGET_WEIGHTS, actor_tone, article_tone, in_quotes,  # noqa: F401
                   load_target_weights, quoted_spans, score_targets, scorer_figures,
                   summarise_tone, target_features)
from .tone import _predict_many, _weight_arrays  # noqa: F401  (code written against actors)

DEFAULT_CODEBOOK = LEXICON_DIR / "actors.yml"

ACTOR_TYPES = ("person", "organisation", "country", "place", "group", "media")
ACTOR_FIELDS = {"id", "name", "type", "aliases", "titles", "affiliation", "vague", "notes",
                "aliases_ru"}
TOP_LEVEL_FIELDS = {"extends", "actors", "plural_nouns", "speech_cues"}
MENTION_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "actor", "actor_type",
                   "match_kind", "role"]
SUGGESTION_COLUMNS = ["name", "kind_guess", "count", "doc_ids", "example"]
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class CodebookError(ValueError):
    """A codebook file is unusable; the message names the file, the entry and the field."""


# ---------------------------------------------------------------------------------------------
# codebook


@dataclass
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    affiliation: str | None = None
    vague: bool = False
    notes: str = ""
    aliases_ru: list[str] = field(default_factory=list)  # Russian names, matched by lemma


@dataclass
class Codebook:
    """Actors and the words that refer to them. Build it with :func:`load_actors`."""

    actors: dict[str, Actor]
    plural_nouns: dict[str, str] = field(default_factory=dict)
    speech_verbs: list[str] = field(default_factory=list)
    source_phrases: list[str] = field(default_factory=list)
    path: str = ""

    def table(self) -> pd.DataFrame:
        """One row per actor: ``actor``, ``name``, ``actor_type``, ``affiliation``, ``vague``,
        ``aliases``, ``titles`` (joined with ``; ``) and ``notes``."""
        rows = [(a.id, a.name, a.type, a.affiliation, a.vague, "; ".join(a.aliases),
                 "; ".join(a.titles), a.notes) for a in self.actors.values()]
        return pd.DataFrame(rows, columns=["actor", "name", "actor_type", "affiliation", "vague",
                                           "aliases", "titles", "notes"])

    def forms(self) -> list[tuple[str, str, str]]:
        """Every surface form as ``(form, actor id, kind)``; kind is name, alias or title."""
        out = []
        for a in self.actors.values():
            out.append((a.name, a.id, "name"))
            out += [(s, a.id, "alias") for s in a.aliases if s != a.name]
            out += [(s, a.id, "title") for s in a.titles]
        return out

    def matcher(self) -> "_Matcher":
        if getattr(self, "_matcher", None) is None:
            self._matcher = _Matcher(self)
        return self._matcher


def _fail(path, entry, fld, problem):
    where = f"{path}: {entry}" + (f", field '{fld}'" if fld else "")
    raise CodebookError(f"{where}: {problem}")


def _string_list(value, path, entry, fld) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        _fail(path, entry, fld, f"must be a list of strings (write [{value}]), got "
                                f"{type(value).__name__}")
    out = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            _fail(path, entry, fld, f"item {i} must be a non-empty string, got {item!r}")
        out.append(" ".join(item.replace("\u2019", "'").split()))
    return out


def _read_codebook(path: Path, seen: tuple = ()) -> dict:
    """Read ``path`` (and what it extends) into plain data, validating each entry."""
    path = Path(path)
    if path.resolve() in seen:
        raise CodebookError(f"{path}: 'extends' goes round in a circle")
    if not path.exists():
        raise CodebookError(f"{path}: no such codebook file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: the file must be a mapping with an 'actors:' list")
    unknown = set(data) - TOP_LEVEL_FIELDS
    if unknown:
        raise CodebookError(f"{path}: unknown top-level field(s) {sorted(unknown)}; expected "
                            f"{sorted(TOP_LEVEL_FIELDS)}")
    merged = {"actors": {}, "plural_nouns": {}, "speech_verbs": [], "source_phrases": []}
    if data.get("extends"):
        parent = (path.parent / str(data["extends"])).resolve()
        merged = _read_codebook(parent, seen + (path.resolve(),))
    entries = data.get("actors") or []
    if not isinstance(entries, list):
        raise CodebookError(f"{path}: 'actors' must be a list of entries")
    own_ids = set()
    for i, raw in enumerate(entries, start=1):
        entry = f"actor #{i}"
        if not isinstance(raw, dict):
            _fail(path, entry, None, "must be a mapping with id, name and type")
        if raw.get("id"):
            entry = f"actor #{i} ({raw['id']})"
        unknown = set(raw) - ACTOR_FIELDS
        if unknown:
            _fail(path, entry, sorted(unknown)[0], f"unknown field; allowed: {sorted(ACTOR_FIELDS)}")
        for req in ("id", "name", "type"):
            if not isinstance(raw.get(req), str) or not raw[req].strip():
                _fail(path, entry, req, "is required and must be a non-empty string")
        if not _ID.match(raw["id"]):
            _fail(path, entry, "id", "use lower-case letters, digits and _ only, starting with "
                                     "a letter")
        if raw["id"] in own_ids:
            _fail(path, entry, "id", "is used by another entry in this file")
        own_ids.add(raw["id"])
        if raw["type"] not in ACTOR_TYPES:
            _fail(path, entry, "type", f"{raw['type']!r} is not one of {', '.join(ACTOR_TYPES)}")
        vague = raw.get("vague", False)
        if not isinstance(vague, bool):
            _fail(path, entry, "vague", f"must be true or false, got {vague!r}")
        affiliation = raw.get("affiliation")
        if affiliation is not None and not isinstance(affiliation, str):
            _fail(path, entry, "affiliation", "must be the id of another actor")
        notes = raw.get("notes") or ""
        merged["actors"][raw["id"]] = Actor(
            id=raw["id"], name=" ".join(raw["name"].split()), type=raw["type"],
            aliases=_string_list(raw.get("aliases"), path, entry, "aliases"),
            titles=_string_list(raw.get("titles"), path, entry, "titles"),
            affiliation=affiliation, vague=vague, notes=str(notes).strip(),
            aliases_ru=_string_list(raw.get("aliases_ru"), path, entry, "aliases_ru"))
        merged.setdefault("origin", {})[raw["id"]] = (path, entry)
    nouns = data.get("plural_nouns") or {}
    if not isinstance(nouns, dict):
        raise CodebookError(f"{path}: 'plural_nouns' must map a plural noun to an actor type")
    for noun, kind in nouns.items():
        if kind not in ACTOR_TYPES:
            _fail(path, f"plural_nouns ({noun})", None, f"{kind!r} is not one of "
                                                        f"{', '.join(ACTOR_TYPES)}")
        merged["plural_nouns"][str(noun).lower()] = kind
    cues = data.get("speech_cues") or {}
    if not isinstance(cues, dict):
        raise CodebookError(f"{path}: 'speech_cues' must have 'verbs' and 'source_phrases' lists")
    for key, target in (("verbs", "speech_verbs"), ("source_phrases", "source_phrases")):
        words = _string_list(cues.get(key), path, "speech_cues", key)
        merged[target] = list(dict.fromkeys(merged[target] + [w.lower() for w in words]))
    merged.setdefault("origin", {})
    return merged


def load_actors(path: str | Path | None = None) -> Codebook:
    """Load and check an actor codebook (default ``data/lexicons/actors.yml``).

    Raises :class:`CodebookError` naming the file, entry and field when an entry is unusable:
    missing or unknown fields, an unknown type, a duplicate id, an affiliation that is not an
    actor, or one surface form given to two actors. A codebook without ``speech_cues`` uses
    the default codebook's.
    """
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    data = _read_codebook(path)
    actors, origin = data["actors"], data["origin"]
    for a in actors.values():
        if a.affiliation is not None and a.affiliation not in actors:
            file, entry = origin.get(a.id, (path, a.id))
            _fail(file, entry, "affiliation", f"{a.affiliation!r} is not the id of an actor")
    if not data["speech_verbs"] and path.resolve() != DEFAULT_CODEBOOK.resolve():
        default = _read_codebook(DEFAULT_CODEBOOK)
        data["speech_verbs"], data["source_phrases"] = default["speech_verbs"], default["source_phrases"]
        data["plural_nouns"] = data["plural_nouns"] or default["plural_nouns"]
    book = Codebook(actors=actors, plural_nouns=data["plural_nouns"],
                    speech_verbs=data["speech_verbs"], source_phrases=data["source_phrases"],
                    path=str(path))
    owner: dict[tuple[str, bool], str] = {}
    for form, actor_id, _ in book.forms():
        key = _form_key(form)
        if key in owner and owner[key] != actor_id:
            file, entry = origin.get(actor_id, (path, actor_id))
            _fail(file, entry, "aliases/titles", f"{form!r} is also a name of actor "
                                                 f"{owner[key]!r}; a form can name only one actor")
        owner[key] = actor_id
    return book


def _form_key(form: str) -> tuple[str, bool]:
    exact = _is_acronym(form)
    return (form if exact else _lower(form)), exact


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _lower(text: str) -> str:
    """Lower case with the length unchanged, so offsets stay valid."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# ---------------------------------------------------------------------------------------------
# matching


class _Matcher:
    """All surface forms of a codebook in one Aho-Corasick automaton."""

    def __init__(self, book: Codebook):
        self.automaton = ahocorasick.Automaton()
        for form, actor_id, kind in book.forms():
            key, exact = _form_key(form)
            key = key if not exact else key.lower()
            entries = self.automaton.get(key, []) if key in self.automaton else []
            entries.append((form, actor_id, kind, exact))
            self.automaton.add_word(key, entries)
        if len(self.automaton):
            self.automaton.make_automaton()
        # the codebook's word lists as one compiled pattern each, built once
        self.plural = _word_pattern(book.plural_nouns, r"\b(?:(?:the|these|those)\s+(two|three|four)"
                                    r"|(both)(?:\s+the)?)\s+({})\b", re.IGNORECASE)
        self.plural_bare = _word_pattern(book.plural_nouns, r"\b[Tt]he\s+({})\b", re.IGNORECASE)
        self.source_cue = _word_pattern(book.source_phrases, r"\b(?:{})\b")
        self.speech_cue = _word_pattern(book.speech_verbs, r"\b(?:{})\b")

    def find(self, text: str, low: str | None = None) -> list[tuple[int, int, str, str]]:
        """``(start, end, actor, kind)`` of whole-word matches; the longest wins overlaps.
        ``low`` is ``_lower(text)`` when the caller has it already."""
        if not len(self.automaton):
            return []
        low = _lower(text) if low is None else low
        hits = []
        for end_idx, entries in self.automaton.iter(low):
            for form, actor_id, kind, exact in entries:
                start, end = end_idx - len(form) + 1, end_idx + 1
                if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                    continue
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue
                if exact and text[start:end] != form:
                    continue
                hits.append((start, end, actor_id, kind))
        if len(hits) < 2:  # most sentences: no overlaps to resolve
            return hits
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = []
        chosen = []
        for h in hits:
            if all(h[1] <= s or h[0] >= e for s, e in taken):
                taken.append((h[0], h[1]))
                chosen.append(h)
        return sorted(chosen)


def _word_pattern(words, template: str, flags: int = 0) -> re.Pattern | None:
    """``template`` with ``{}`` replaced by the alternatives ``words`` (longest first), compiled;
    None when there are no words."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(template.replace("{}", alternatives), flags)


_POSSESSIVE = re.compile(r"(?:'s|')(?!\w)")
_WORDS = re.compile(r"[A-Za-z']+")
_GAP_STOP = re.compile(r"[,.;:!?\"“”]")
_SPEAKER_GAP_STOP = re.compile(r"[.;:!?\"“”]")
_ADDRESSEE_GAP = re.compile(r"\s*(?:(?:the|a|an|his|her|their)\s+)?")
_PRONOUN = re.compile(r"\b(he|him|his|she|her|hers)\b", re.IGNORECASE)
_PREPOSITIONS = {"for", "of", "from", "with", "to", "at", "by", "in", "on", "about", "against",
                 "toward", "towards", "including", "between", "among", "into", "over", "than",
                 "like", "as"}
_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "this", "that"}
_NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2}
_BARE_NUMBER = re.compile(r"\b(?:[Tt]he\s+(two|three|four)|([Bb]oth))\b(?:\s+([A-Za-z]+)|(?=\s*[,.;:]))")


def _check_sentences(sentences: pd.DataFrame, what: str) -> None:
    missing = {"doc_id", "sent_id", "start", "text"} - set(sentences.columns)
    if missing:
        raise KeyError(f"{what} needs columns {sorted(missing)} in the sentences table "
                       "(from analysis.segment.split_sentences)")


def find_mentions(sentences: pd.DataFrame, codebook: Codebook | str | Path | None = None, *,
                  pronouns: bool = True, plurals: bool = True,
                  definite: bool = True) -> pd.DataFrame:
    """The mentions table: one row per reference to a codebook actor.

    Columns: ``doc_id``, ``sent_id``, ``start``, ``end`` (offsets into the article's cleaned
    text, so ``article_text[start:end] == surface``), ``surface``, ``actor`` (codebook id),
    ``actor_type``, ``match_kind`` and ``role``.

    ``match_kind`` is ``name``, ``alias``, ``title``, ``possessive`` (a name followed by
    ``'s``, span included), ``plural`` ("the two Presidents": one row per actor it resolves
    to) or ``pronoun`` (he/his/she/her resolved to the most recently named person in this or
    the previous sentence; set ``pronouns=False`` to leave them out, or filter on the column).
    A title followed directly by a name of the same actor ("his Russian counterpart Vladimir
    Putin") is one mention.

    ``role`` is ``speaker`` (subject of a reporting verb: "Lukashenko told"), ``source``
    ("according to Belta"), ``addressee`` ("told government officials") or ``mentioned``.

    With ``plurals``, a plural without a number ("the Presidents") stands for the actors of
    its type named at least twice so far in the article (when there are two or more), and a
    bare number ("The two have formed ...", followed by a stop word or punctuation) for the
    actors named in the previous sentence and its own, when exactly that many of one type
    were named last. With ``definite``, "the country" and "the nation" (``reference_nouns``
    of ``analysis/resources/entity_words.yml``) stand for the country the article names most
    often (at least twice, and more often than any other country); these are ``title``
    mentions.
    """
    _check_sentences(sentences, "find_mentions")
    book = codebook if isinstance(codebook, Codebook) else load_actors(codebook)
    matcher = book.matcher()
    rows: list[dict] = []
    ordered = sentences if _in_order(sentences) else sentences.sort_values(
        ["doc_id", "sent_id"], kind="stable")
    if ordered["doc_id"].hasnans:
        ordered = ordered[ordered["doc_id"].notna()]
    history: list[dict] = []  # named mentions so far in this article, for plurals and pronouns
    previous_doc = None
    pending: list[dict] = []  # "the country" in this article, resolved once it has been read
    definite_re = _definite_pattern() if definite else None
    # plain lists, one sentence at a time (much faster than pandas row access)
    for doc_id, sent_id, sent_start, text in zip(ordered["doc_id"].tolist(), ordered["sent_id"].tolist(),
                                                 ordered["start"].tolist(), ordered["text"].tolist()):
        if doc_id != previous_doc:
            rows += _main_country(pending, history, book)
            history, previous_doc, pending = [], doc_id, []
        text = text if isinstance(text, str) else ""
        sent_id, sent_start = int(sent_id), int(sent_start)
        found = _mentions_in_sentence(text, matcher, book)
        if plurals and matcher.plural is not None and history:
            found += _plural_mentions(text, matcher.plural, book, history, found)
            found += _unnumbered_mentions(text, matcher, book, history, found, sent_id)
        if definite_re is not None:
            for x in definite_re.finditer(text):
                if _free(x.start(), x.end(), found) and not re.match(r"\s+(?:of\s+)?[A-Z]",
                                                                     text[x.end():x.end() + 30]):
                    pending.append({"start": sent_start + x.start(), "end": sent_start + x.end(),
                                    "surface": x.group(), "role": "mentioned",
                                    "match_kind": "title", "doc_id": doc_id,
                                    "sent_id": sent_id})
        if pronouns and (found or history):
            found += _pronoun_mentions(text, history, found, sent_id, book)
        if not found:
            continue
        found.sort(key=lambda m: (m["start"], m["actor"]))
        _mark_roles(text, found, matcher)
        for m in found:
            m.update(doc_id=doc_id, sent_id=sent_id)
            if m["match_kind"] not in ("pronoun", "plural"):
                history.append({**m, "abs": sent_start + m["start"]})
            m["start"] += sent_start
            m["end"] += sent_start
            rows.append(m)
    rows += _main_country(pending, history, book)
    if any(m.get("_late") for m in rows):  # "the country" rows go to their sentence's place
        order = {d: i for i, d in enumerate(dict.fromkeys(m["doc_id"] for m in rows))}
        rows.sort(key=lambda m: (order[m["doc_id"]], m["sent_id"], m["start"], m["actor"]))
    return _table(rows, MENTION_COLUMNS, ("sent_id", "start", "end"))


@lru_cache(maxsize=1)
def _definite_pattern() -> re.Pattern | None:
    """"the country", "the nation": the ``country`` reference nouns of the entity word list."""
    from .entities import load_entity_words

    nouns = load_entity_words().reference_nouns.get("country") or []
    if not nouns:
        return None
    return re.compile(r"\b[Tt]he\s+(?:" + "|".join(map(re.escape, nouns)) + r")(?![\w\-])")


def _main_country(pending: list[dict], history: list[dict], book: Codebook) -> list[dict]:
    """The ``pending`` "the country" mentions of one article, given to the country its
    ``history`` names most often (at least twice, more often than any other)."""
    if not pending:
        return []
    counts = Counter(h["actor"] for h in history if h["actor_type"] == "country")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return []
    actor = ranked[0][0]
    return [{**m, "actor": actor, "actor_type": book.actors[actor].type, "_late": True}
            for m in pending]


def _unnumbered_mentions(text, matcher, book, history, found, sent_id) -> list[dict]:
    """"the Presidents" (a plural noun of the codebook without a number) and "The two" (a
    number without a noun); see :func:`find_mentions`."""
    out = []
    taken = found + out
    low = text.lower()
    if "the " in low:
        for x in matcher.plural_bare.finditer(text) if matcher.plural_bare else ():
            if not _free(x.start(), x.end(), taken) or low[max(0, x.start() - 4):x.start()] \
                    .strip() in _NUMBERS:
                continue
            kind = book.plural_nouns[" ".join(x.group(1).lower().split())]
            counts = Counter(h["actor"] for h in history if h["actor_type"] == kind)
            actors = sorted(a for a, n in counts.items() if n >= 2)
            if len(actors) < 2:
                continue
            for actor_id in actors:
                out.append({"start": x.start(), "end": x.end(), "surface": x.group(),
                            "actor": actor_id, "actor_type": kind, "match_kind": "plural",
                            "role": "mentioned"})
    for x in _BARE_NUMBER.finditer(text):
        nxt = x.group(3)
        end = x.end(1) if x.group(1) else x.end(2)  # the words after it are not part of it
        if not _free(x.start(), end, found + out) or (nxt and nxt.lower() not in _stopwords()):
            continue
        n = _NUMBERS[(x.group(1) or x.group(2)).lower()]
        recent: list[dict] = []
        for h in reversed(history):
            if h["sent_id"] < sent_id - 1:
                break
            if all(h["actor"] != r["actor"] for r in recent):
                recent.append(h)
            if len(recent) == n:
                break
        if len(recent) != n or len({r["actor_type"] for r in recent}) != 1:
            continue
        for actor_id in sorted(r["actor"] for r in recent):
            out.append({"start": x.start(), "end": end, "surface": text[x.start():end],
                        "actor": actor_id, "actor_type": recent[0]["actor_type"],
                        "match_kind": "plural", "role": "mentioned"})
    return out


def _in_order(sentences: pd.DataFrame) -> bool:
    """Whether ``sentences`` are already sorted by ``doc_id``, then ``sent_id`` (as the
    sentence splitter returns them), so that sorting would change nothing."""
    docs = sentences["doc_id"]
    if docs.hasnans or not docs.is_monotonic_increasing:
        return False
    d, s = docs.to_numpy(), sentences["sent_id"].to_numpy()
    return not ((d[1:] == d[:-1]) & (s[1:] < s[:-1])).any()


def _table(rows: list[dict], columns: list[str], integers: tuple[str, ...]) -> pd.DataFrame:
    """One DataFrame from dicts with the keys ``columns``; ``integers`` are int64 columns."""
    if not rows:
        return pd.DataFrame(columns=columns).astype({c: "int64" for c in integers})
    # one list per column: much faster than pandas reading the dicts row by row
    return pd.DataFrame({c: np.array([r[c] for r in rows], dtype=np.int64) if c in integers
                         else [r[c] for r in rows] for c in columns})


def _mentions_in_sentence(text: str, matcher: _Matcher, book: Codebook) -> list[dict]:
    found = []
    for start, end, actor_id, kind in matcher.find(text):
        poss = _POSSESSIVE.match(text, end)
        if poss and (poss.group() == "'s" or text[end - 1] in "sS"):
            end, kind = poss.end(), "possessive"
        prev = found[-1] if found else None
        if prev and prev["actor"] == actor_id and not text[prev["end"]:start].strip() \
                and prev["match_kind"] == "title":
            prev.update(end=end, surface=text[prev["start"]:end], match_kind=kind)
            continue
        found.append({"start": start, "end": end, "surface": text[start:end], "actor": actor_id,
                      "actor_type": book.actors[actor_id].type, "match_kind": kind,
                      "role": "mentioned"})
    return found


def _free(start: int, end: int, found: list[dict]) -> bool:
    return all(end <= m["start"] or start >= m["end"] for m in found)


def _plural_mentions(text, pattern, book, history, found) -> list[dict]:
    # every plural reference holds a number word (two, three, four, both); looking for them
    # in the lower-case text is much faster than the pattern, and exact: no other character
    # matches their letters when case is ignored
    if not any(map(text.lower().__contains__, _NUMBERS)):
        return []
    out = []
    for m in pattern.finditer(text):
        if not _free(m.start(), m.end(), found):
            continue
        n = _NUMBERS[(m.group(1) or m.group(2)).lower()]
        kind = book.plural_nouns[" ".join(m.group(3).lower().split())]
        recent: list[str] = []
        for h in reversed(history):
            if h["actor_type"] == kind and h["actor"] not in recent:
                recent.append(h["actor"])
            if len(recent) == n:
                break
        if len(recent) < n:
            continue  # not enough candidates: do not guess
        for actor_id in sorted(recent):
            out.append({"start": m.start(), "end": m.end(), "surface": m.group(),
                        "actor": actor_id, "actor_type": kind, "match_kind": "plural",
                        "role": "mentioned"})
    return out


def _last_person(history: list[dict], since_sent_id: int) -> str | None:
    """The person named last in ``history`` in sentence ``since_sent_id`` or later."""
    for h in reversed(history):
        if h["sent_id"] < since_sent_id:
            return None  # history runs in sentence order: all earlier entries are older
        if h["actor_type"] == "person":
            return h["actor"]
    return None


def _pronoun_mentions(text, history, found, sent_id, book) -> list[dict]:
    people = [f for f in found if f["actor_type"] == "person"
              and f["match_kind"] not in ("plural", "pronoun")]
    earlier = _last_person(history, sent_id - 1)
    if not people and earlier is None:
        return []  # nobody a pronoun could stand for: no need to look for pronouns
    out = []
    for m in _PRONOUN.finditer(text):
        if not _free(m.start(), m.end(), found):
            continue
        # the most recent person named before the pronoun, in this or the previous sentence
        before = [f for f in people if f["end"] <= m.start()]
        candidate = before[-1]["actor"] if before else earlier
        if candidate:
            out.append({"start": m.start(), "end": m.end(), "surface": m.group(),
                        "actor": candidate, "actor_type": book.actors[candidate].type,
                        "match_kind": "pronoun", "role": "mentioned"})
    return out


def _word_before(text: str, pos: int) -> str:
    words = _WORDS.findall(text[max(0, pos - 40):pos])
    while words and words[-1].lower() in _DETERMINERS:
        words.pop()
    return words[-1].lower() if words else ""


def mark_roles(text: str, found: list[dict], codebook: Codebook) -> None:
    """Set the ``role`` of each mention dict in ``found`` (sentence offsets ``start``/``end``,
    sorted by ``start``, ``role`` preset to ``mentioned``) from the reporting verbs and source
    phrases of ``codebook`` around it in the sentence ``text``: ``speaker``, ``source``,
    ``addressee`` or left ``mentioned``. Used for codebook and discovered mentions alike."""
    _mark_roles(text, found, codebook.matcher())


def _mark_roles(text: str, found: list[dict], matcher: _Matcher) -> None:
    if not found:
        return
    low = _lower(text)
    if matcher.source_cue is not None:
        for cue in matcher.source_cue.finditer(low):
            for m in found:
                gap = text[cue.end():m["start"]]
                if m["start"] >= cue.end() and len(gap) <= 60 and not _GAP_STOP.search(gap):
                    m["role"] = "source"
                    break
    if matcher.speech_cue is None:
        return
    for cue in matcher.speech_cue.finditer(low):
        if cue.group() in ("told", "tells", "tell"):
            after = [m for m in found if m["start"] >= cue.end()
                     and _ADDRESSEE_GAP.fullmatch(text, cue.end(), m["start"])]
            for m in after[:1]:
                if m["role"] == "mentioned":
                    m["role"] = "addressee"
        lead = text[:cue.start()].rstrip()
        inverted = lead.endswith((",", "\u201d", '"', "\u2019"))
        speaker = None
        if inverted:
            speaker = next((m for m in found if m["start"] >= cue.end()
                            and len(text[cue.end():m["start"]].split()) <= 2), None)
        if speaker is None:  # the last mention before the cue that can be its speaker
            at = cue.start()
            speaker = next((m for m in reversed(found) if m["end"] <= at
                            and at - m["end"] <= 120
                            and not _SPEAKER_GAP_STOP.search(text, m["end"], at)
                            and _word_before(text, m["start"]) not in _PREPOSITIONS), None)
        if speaker is not None and speaker["role"] != "source":
            for m in found:  # a plural reference speaks with every actor it stands for
                if m["start"] == speaker["start"] and m["end"] == speaker["end"]:
                    m["role"] = "speaker"


# ---------------------------------------------------------------------------------------------
# discovery

_CAP_SEQ = re.compile(
    r"(?<![\w'])[A-Z][\w'.\-]*(?:\s+(?:(?:of|for|the|de|del|da|van|von|bin|al|and)\s+)*"
    r"[A-Z][\w'.\-]*)*")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_TRAILING_POSSESSIVE = re.compile(r"(?:'s|')$")
_TITLE_WORDS = {"president", "presidents", "prime", "minister", "mr", "mr.", "mrs", "mrs.", "ms",
                "ms.", "dr", "dr.", "sen.", "senator", "rep.", "gov.", "governor", "king", "queen",
                "pope", "chancellor", "general", "gen.", "secretary", "spokesperson", "spokesman",
                "spokeswoman", "ambassador", "judge", "justice", "mayor", "premier", "sir",
                "foreign", "deputy", "vice", "chief", "leader", "commander", "lt.", "col.", "prof.",
                "professor"}
_ORG_WORDS = {"ministry", "agency", "organization", "organisation", "council", "party", "union",
              "committee", "commission", "court", "bank", "university", "institute",
              "association", "department", "office", "army", "police", "news", "times", "post",
              "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "group", "foundation", "fund",
              "company", "parliament", "assembly", "congress", "senate", "federation",
              "government", "service", "services", "forces", "reuters", "press", "tv", "radio",
              "network", "club", "centre", "center", "authority", "board", "house", "kremlin"}
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday", "jan.", "feb.", "mar.", "apr.", "jun.",
             "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec."}


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    from .nltk_setup import STOPWORDS_FILE

    try:
        words = STOPWORDS_FILE.read_text(encoding="utf-8").split()
    except OSError:
        words = []
    return frozenset(w.lower() for w in words if not w.startswith("#"))


def suggest_actors(sentences: pd.DataFrame, codebook: Codebook | str | Path | None = None, *,
                   min_count: int = 1) -> pd.DataFrame:
    """Names in the text that the codebook does not know, to help extend it for a new corpus.

    Finds sequences of capitalised words ("Sooronbay Jeenbekov", "Ministry of Defence",
    "President Joe Biden"), leaving out codebook names, calendar words and bare titles, and
    drops a sentence-initial word unless it is also capitalised somewhere else in
    mid-sentence. Leading titles ("German Chancellor") are removed from the name and suggest a
    person; a lone surname is counted with the one full name that ends in it.

    Columns: ``name``, ``kind_guess`` (person, organisation, place or unknown: a guess from
    the words, check it), ``count``, ``doc_ids`` (comma-separated), ``example`` (the first
    sentence it occurs in). Sorted by count, most frequent first.
    """
    _check_sentences(sentences, "suggest_actors")
    book = codebook if isinstance(codebook, Codebook) else load_actors(codebook)
    matcher = book.matcher()
    stop = _stopwords()
    texts = [t for t in sentences["text"] if isinstance(t, str)]
    lower_words = {w for t in texts for w in re.findall(r"\b[a-z][\w'-]*", t)}
    mid_caps = set()
    for t in texts:
        for m in re.finditer(r"(?<=[\w,;:] )[A-Z][\w'-]*", t):
            mid_caps.add(m.group())
    found: dict[str, dict] = {}
    for doc_id, text in zip(sentences["doc_id"], sentences["text"]):
        if not isinstance(text, str):
            continue
        masked = text  # codebook names become lower-case filler, so they split sequences
        for s, e, _, _ in matcher.find(text):
            masked = masked[:s] + "x" * (e - s) + masked[e:]
        for m in _CAP_SEQ.finditer(masked):
            start, end = m.span()
            tokens = [t.rstrip(".,") if not _INITIALS.fullmatch(t) else t
                      for t in m.group().split()]
            initial = not text[:start].strip(" \"'“‘([")
            if initial and (tokens[0].lower() in stop or tokens[0].lower() in lower_words
                            or tokens[0] not in mid_caps):
                tokens = tokens[1:]
            while tokens and tokens[0].lower() in ("of", "for", "the", "and"):
                tokens = tokens[1:]
            titled = False
            if not any(t.lower() in _ORG_WORDS for t in tokens):
                # "German Chancellor Olaf Scholz" -> "Olaf Scholz": cut up to the last title word
                cut = max((i for i, t in enumerate(tokens[:-1]) if t.lower() in _TITLE_WORDS),
                          default=-1)
                tokens, titled = tokens[cut + 1:], cut >= 0
            if all(t.lower() in _TITLE_WORDS for t in tokens):
                continue  # a bare title: "President", "Prime Minister"
            name = _TRAILING_POSSESSIVE.sub("", " ".join(tokens)).strip(".-")
            if not name or name.lower() in _CALENDAR or name.lower() in stop:
                continue
            if all(t.lower() in _CALENDAR or t.isdigit() for t in name.split()):
                continue
            rec = found.setdefault(name, {"name": name, "count": 0, "doc_ids": {},
                                          "example": text, "titled": False})
            rec["count"] += 1
            rec["titled"] |= titled
            rec["doc_ids"][doc_id] = None  # a dict keeps first-seen order without repeats
    _merge_surnames(found)
    rows = [{"name": r["name"], "kind_guess": _guess_kind(r["name"], r["titled"]),
             "count": r["count"], "doc_ids": ", ".join(map(str, r["doc_ids"])),
             "example": r["example"]} for r in found.values() if r["count"] >= min_count]
    df = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    df = df.sort_values(["count", "name"], ascending=[False, True], kind="stable")
    return df.reset_index(drop=True).astype({"count": "int64"})


def _merge_surnames(found: dict) -> None:
    """Count a lone surname ("Biden") with the one full name that ends in it ("Joe Biden")."""
    by_last_word: dict[str, list[str]] = {}
    for name in found:
        if " " in name:
            by_last_word.setdefault(name.split()[-1], []).append(name)
    for name in [n for n in found if " " not in n]:
        longer = by_last_word.get(name, [])
        if len(longer) == 1:
            full, short = found[longer[0]], found.pop(name)
            full["count"] += short["count"]
            full["titled"] |= short["titled"]
            full["doc_ids"].update(short["doc_ids"])


def _guess_kind(name: str, titled: bool) -> str:
    words = name.split()
    if any(w.lower().strip(".,") in _ORG_WORDS for w in words) or (_is_acronym(name) and len(words) == 1):
        return "organisation"
    if titled:
        return "person"
    if len(words) == 1 and re.search(r"(?:ia|stan|land|burg|grad|sk)$", name):
        return "place"
    if 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words):
        return "person"
    return "unknown"


# ---------------------------------------------------------------------------------------------
# summaries for the notebook


def count_mentions(mentions: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Mentions per actor and match kind: ``actor``, ``name``, ``match_kind``, ``mentions``."""
    cols = ["actor", "name", "match_kind", "mentions"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    book = codebook or load_actors()
    df = mentions.groupby(["actor", "match_kind"]).size().rename("mentions").reset_index()
    df["name"] = [book.actors[a].name if a in book.actors else a for a in df["actor"]]
    return df[cols].sort_values(["actor", "match_kind"]).reset_index(drop=True)


def count_roles(mentions: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Who speaks and who is spoken about: one row per actor with ``actor``, ``name``,
    ``vague``, ``speaker``, ``source``, ``addressee``, ``mentioned`` (counts of mentions with
    that role) and ``voice_share`` (share of its mentions where it speaks or is a source)."""
    roles = ["speaker", "source", "addressee", "mentioned"]
    cols = ["actor", "name", "vague"] + roles + ["voice_share"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    book = codebook or load_actors()
    df = pd.crosstab(mentions["actor"], mentions["role"]).reindex(columns=roles, fill_value=0)
    df = df.reset_index()
    df["name"] = [book.actors[a].name if a in book.actors else a for a in df["actor"]]
    df["vague"] = [book.actors[a].vague if a in book.actors else False for a in df["actor"]]
    total = df[roles].sum(axis=1)
    df["voice_share"] = ((df["speaker"] + df["source"]) / total).round(3)
    return df[cols].sort_values(["speaker", "source", "actor"], ascending=[False, False, True]) \
        .reset_index(drop=True)


def cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of actors named in the same sentence: ``actor_a``, ``actor_b`` (a < b) and
    ``sentences`` (how many sentences name both)."""
    cols = ["actor_a", "actor_b", "sentences"]
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    pairs: Counter = Counter()
    for _, group in mentions.groupby(["doc_id", "sent_id"]):
        names = sorted(set(group["actor"]))
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                pairs[(a, b)] += 1
    rows = [(a, b, n) for (a, b), n in pairs.items()]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["sentences", "actor_a", "actor_b"], ascending=[False, True, True]) \
        .reset_index(drop=True)


def cooccurrence_graph(mentions: pd.DataFrame, codebook: Codebook | None = None):
    """A networkx graph: one node per actor (attributes ``name``, ``actor_type``,
    ``mentions``), one edge per pair named in the same sentence (attribute ``weight`` = number
    of shared sentences)."""
    import networkx as nx

    book = codebook or load_actors()
    g = nx.Graph()
    for actor, n in mentions.groupby("actor").size().items():
        a = book.actors.get(actor)
        g.add_node(actor, name=a.name if a else actor, actor_type=a.type if a else "unknown",
                   mentions=int(n))
    for row in cooccurrence(mentions).itertuples(index=False):
        g.add_edge(row.actor_a, row.actor_b, weight=int(row.sentences))
    return g
