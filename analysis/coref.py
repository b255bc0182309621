"""Within one article, one actor per referent: recognised names grouped, pronouns followed.

:func:`resolve_mentions` takes the recognised names of :func:`analysis.entities.find_entities`
and the codebook's mentions and returns the mentions table, article by article (each article
on its own, so the result never depends on the other articles of a chunk):

* **Names.** Honorifics and titles before a name belong to the mention (``Mr. Ruto``,
  ``Foreign Minister Ali``: ``match_kind`` ``title``), a possessive ``'s`` too
  (``possessive``). The fullest form of a person's name in the article is the canonical
  name; a surname (``surname``) or a first name (``alias``) joins the person with that
  surname or first name (the most recently named one when two share a surname). Other
  names group by their words, without a leading "the".
* **Acronyms.** An acronym joins a name the article introduces it with ("Confédération
  générale du travail (CGT)") or whose initials it is (``acronym``).
* **Found again.** A name form of an actor (full name, surname, first name, acronym) that the
  recogniser missed elsewhere in the article is added (whole words, same capitals; a one-word
  form at the start of a sentence only when the article never writes it in lower case). A
  capitalised name after an honorific or title of the ``name_after`` list ("Mr. Sessions",
  "President Bush") is a person even where the recogniser missed it.
* **Spans.** A recognised span is cut to the name: no leading punctuation, possessive or
  sentence word ("Meanwhile", "chose"), for a person nothing from "of" on ("Tulsi Gabbard of
  Hawaii"). Two or three capitalised words ending with the surname of a person of the
  article are a person, whatever type the recogniser gave them.
* **Descriptions.** "the president", "the foreign minister" go to the person named last
  before them whose title (from a title before the name or an apposition) ends with that
  word and holds its modifier (``match_kind`` ``title``).
* **Codebook first.** A recognised name that overlaps a codebook mention is dropped (the
  codebook's mention stands), and a group whose name is a codebook form becomes that actor,
  as does a lone surname of the one codebook person of the article with that surname.
* **Pronouns.** he/him/his and she/her/hers go to a person of a compatible gender
  (honorifics Mr/Mrs/Ms, gendered titles such as spokeswoman or king, first names through
  ``gender_guesser``; a person of unknown gender fits both): the nearest such person before
  the pronoun in its sentence, else the first one in the latest earlier sentence that names
  one, looking back at most three sentences within the paragraph, or only to the sentence just
  before across a paragraph break.
* **Apposition.** "Maria Zakharova, a spokesperson for the Ministry", "the ministry's
  spokesperson, Maria Zakharova" and "Foreign Ministry spokeswoman Maria Zakharova" give the
  person a ``role_title`` and an ``affiliation``.
* **Roles.** speaker / source / addressee / mentioned come from
  :func:`analysis.actors.mark_roles`, over codebook and discovered mentions together.

Word lists (honorifics, titles, role nouns, outlets) are in
``analysis/resources/entity_words.yml``.

Known blind spots: first names carry the gender ``gender_guesser`` gives them, which is wrong
for some ("Raila", as in Raila Odinga, is listed as female, so "he" does not go to him
unless an honorific says Mr); the nearest compatible person is not always the referent ("Ruto
told Odinga that he ..."); "it", "they", "the company" and "the party" are not resolved; a
name the recogniser never finds in an article is not there to be found again (one-sentence
texts gain nothing from that step).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

import ahocorasick
import numpy as np
import pandas as pd

from . import actors as _actors
from .entities import (ACTOR_MENTION_COLUMNS, _fold, _is_acronym, actor_type_of, country_name,
                       discovered_id, load_entity_words)

# he/him/his/she/her/hers in lower case, capitalised or in capitals (spelt out: much faster
# than the same words with re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:[Hh](?:e|im|is|ers?)|[Ss]he|HE|HIM|HIS|HERS?|SHE)\b")
_MALE = {"he", "him", "his"}
_WORD_BEFORE = re.compile(r"([A-Z][\w\-]*\.?)[ \t]+$")
_INTRO = re.compile(r"\s*\(\s*(?:the\s+)?([A-Z][A-Za-z0-9&.\-]*[A-Z0-9.])\s*\)")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_BLOCK_AFTER = re.compile(r"[\w\-]")
_BLOCK_BEFORE = re.compile(r"[\w'\u2019\-]")
_OPENERS = " \"'“‘([«"
_CAP_WORD = re.compile(r"(?<![\w'\u2019\-])[A-Z][\w\-]*")
_LEAD = re.compile(r"(?:['\u2019]s\s+|[^\w(]+)")
_TRAIL = set(",;:!?\"\u201c\u201d\u2018\u2019-\u2013\u2014 ")
_NAME_AFTER = re.compile(r"\.?[ \t]+((?:[A-Z][\w'\u2019\-]*\.?[ \t]+){0,2}[A-Z][\w\-]+)")
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "monday", "tuesday", "wednesday",
             "thursday", "friday", "saturday", "sunday"}
_OWNER = re.compile(r"([\w.&\-]+)(?:'s|\u2019s)\s+")


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


@lru_cache(maxsize=20_000)
def first_name_gender(name: str) -> str | None:
    """``male``, ``female`` or ``None`` (unknown, or used for both) for a first name."""
    if not name or not name[0].isalpha() or len(name.rstrip(".")) < 2:
        return None
    g = _detector().get_gender(name)
    if g in ("male", "mostly_male"):
        return "male"
    if g in ("female", "mostly_female"):
        return "female"
    return None


class _Rules:
    """The compiled patterns of one word list, built once."""

    def __init__(self, words):
        self.words = words
        roles = "|".join(re.escape(r) for r in words.role_nouns)
        det = r"(?:a|an|the|its|his|her|their)"
        self.post = re.compile(
            rf",\s+(?P<det>{det}\s+)?(?P<role>(?:[\w'\u2019\-]+\s+){{0,3}}?(?:{roles}))"
            rf"(?:\s+(?:for|of|at|with|from|in|to|on)\s+(?P<org>[^,;:()\"“”]{{2,80}}?))?"
            r"\s*(?=[,;:.)\"“”]|$)", re.IGNORECASE)
        self.pre_possessive = re.compile(
            rf"(?P<org>[\w.&\-]+)(?:'s|\u2019s)\s+(?P<role>(?:[\w\-]+\s+){{0,2}}?(?:{roles}))"
            r"\s*,\s*$", re.IGNORECASE)
        self.pre_role = re.compile(rf"(?<![\w\-])(?P<role>{roles})\s+$")
        self.stop = _actors._stopwords() - {"a", "an"}
        self.role_last_words = {r.split()[-1] for r in words.role_nouns}
        titles = sorted((t for t in words.titles if t.isalpha()), key=len, reverse=True)
        modifiers = sorted((t for t in words.title_modifiers if t.isalpha()), key=len,
                           reverse=True)
        self.description = re.compile(
            r"the\s+((?:" + "|".join(modifiers) + r")\s+)?(" + "|".join(titles) + r")\b")
        self.name_after = ahocorasick.Automaton()
        for w in words.name_after:
            self.name_after.add_word(w, w)
        if len(self.name_after):
            self.name_after.make_automaton()

    def titled_names(self, text: str) -> list[tuple[int, int]]:
        """Spans of the capitalised words after a ``name_after`` title ("Mr. Sessions")."""
        if not len(self.name_after):
            return []
        out = []
        for last, word in self.name_after.iter(text):
            s = last - len(word) + 1
            if s > 0 and (text[s - 1].isalnum() or text[s - 1] == "."):
                continue
            x = _NAME_AFTER.match(text, last + 1)
            if x:
                out.append(x.span(1))
        return out


@lru_cache(maxsize=4)
def _rules(path) -> _Rules:
    return _Rules(load_entity_words(path))


# ---------------------------------------------------------------------------------------------
# one mention


def _title_before(text: str, start: int, words) -> tuple[int, str | None, str | None]:
    """``(new start, title words, gender)`` for honorifics and titles just before ``start``."""
    pos, title_start, gender, seen_title = start, start, None, False
    honorific = False
    while pos > 1:
        # most names follow a lower-case word or nothing: look no further
        if text[pos - 1] not in " \t":
            break
        j = text.rfind(" ", 0, pos - 1) + 1
        if not text[j:j + 1].isupper():
            break
        m = _WORD_BEFORE.search(text, max(0, pos - 30), pos)
        if m is None:
            break
        key = m.group(1).lower().rstrip(".")
        if key in words.honorifics and not seen_title and not honorific:
            g = words.honorifics[key]
            gender, honorific = g or gender, True
        elif key in words.titles:
            seen_title = True
            gender = gender or words.titles[key]
        elif key in words.title_modifiers and seen_title:
            pass
        else:
            break
        pos = title_start = m.start(1)
    if title_start == start:
        return start, None, None
    return title_start, " ".join(text[title_start:start].split()), gender


def _split_title(tokens: list[str], words) -> tuple[int, str | None]:
    """How many leading tokens of a recognised span are honorifics or titles, and the gender
    they give."""
    i, gender, seen_title = 0, None, False
    while i < len(tokens) - 1:
        key = tokens[i].lower().rstrip(".")
        if key in words.honorifics:
            gender = words.honorifics[key] or gender
        elif key in words.titles:
            seen_title, gender = True, gender or words.titles[key]
        elif key in words.title_modifiers and any(
                t.lower().rstrip(".") in words.titles for t in tokens[i + 1:-1]):
            pass
        else:
            break
        i += 1
    return i, gender


def _possessive_end(text: str, end: int) -> int:
    if text.startswith(("'s", "\u2019s"), end) and not _BLOCK_AFTER.match(text, end + 2):
        return end + 2
    if end < len(text) and text[end] in "'\u2019" and text[end - 1] in "sS" \
            and not _BLOCK_AFTER.match(text, end + 1):
        return end + 1
    return end


def _make(text, start, end, sent, raw_type, confidence, words, *, found_again=False) -> dict:
    """A discovered mention from a span of a sentence (local offsets)."""
    # a span that starts with punctuation or a possessive ("'s Pelosi") starts at the name
    if not text[start].isalnum() or text.startswith(("'s ", "\u2019s "), start):
        x = _LEAD.match(text, start, end)
        if x and x.end() < end:
            start = x.end()
    while end > start + 1 and text[end - 1] in _TRAIL:
        end -= 1
    # "chose Schmidt", "Meanwhile Bitcoin": a name starts with a capital, not a sentence word
    space = text.find(" ", start, end)
    while space > start:
        word = text[start:space]
        low = word.lower()
        if (word[0].isupper() or low in words.function_words) and \
                low not in words.not_name_starts:
            break
        start = space + 1
        while start < end and text[start] == " ":
            start += 1
        space = text.find(" ", start, end)
    surface = text[start:end]
    name = surface
    possessive = name[-2:] in ("'s", "\u2019s") and len(name) > 3
    if possessive:
        name = name[:-2]
    else:
        new_end = _possessive_end(text, end)
        possessive, end = new_end != end, new_end
    tokens = name.split()
    if raw_type == "person" and len(tokens) > 2 and ("of" in tokens or "from" in tokens):
        # "Tulsi Gabbard of Hawaii": the person is the part before "of"
        keep = tokens[:min(tokens.index(w) for w in ("of", "from") if w in tokens)]
        if keep:
            cut_at = start + surface.find(" " + tokens[len(keep)] + " ")
            if cut_at > start:
                tokens, name, end, possessive = keep, " ".join(keep), cut_at, False
    cut, gender, title = 0, None, None
    if len(tokens) > 1 and tokens[0].lower().rstrip(".") in words.title_starts:
        cut, gender = _split_title(tokens, words)
        title = " ".join(tokens[:cut]) if cut else None
        tokens = tokens[cut:]
    new_start, before, g2 = _title_before(text, start, words)
    if before:
        title = before + (" " + title if title else "")
        gender = gender or g2
        start = new_start
    if raw_type != "person" and tokens and tokens[0].lower() == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    name = " ".join(t.replace("\u2019", "'") for t in tokens)
    return {"sent": sent, "start": start, "end": end, "surface": text[start:end],
            "name": name, "key": _fold(name), "tokens": tokens, "raw_type": raw_type,
            "confidence": confidence, "title": title, "gender": gender,
            "possessive": possessive, "found_again": found_again, "cluster": None,
            "acronym": _is_acronym(name)}


def _overlaps(start, end, spans) -> bool:
    for s, e in spans:
        if start < e and s < end:
            return True
    return False


def _initials(name: str, function_words) -> set[str]:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    all_words = "".join(w[0] for w in words if w[0].isalpha()).upper()
    content = "".join(w[0] for w in words if w.lower() not in function_words
                      and w[0].isalpha()).upper()
    return {s for s in (all_words, content) if len(s) >= 2}


def _last(tokens) -> str:
    if tokens and tokens[-1].lower() not in _SUFFIXES:
        return _fold(tokens[-1])
    core = [t for t in tokens if t.lower() not in _SUFFIXES]
    return _fold(core[-1]) if core else ""


# ---------------------------------------------------------------------------------------------
# one article


class _Cluster:
    """The mentions of one referent, its type, name forms and (once linked) its actor id."""

    __slots__ = ("type", "tokens", "mentions", "acronyms", "actor", "name", "source", "country")

    def __init__(self, kind, tokens=None):
        self.type, self.tokens, self.mentions, self.acronyms = kind, tokens or [], [], set()
        self.actor = self.name = self.source = self.country = None


def _person_compatible(tokens, cluster_tokens) -> bool:
    """Whether a name of two or more words can be the person ``cluster_tokens`` names."""
    if _last(tokens) != _last(cluster_tokens):
        return False
    rest = [_fold(t) for t in tokens if t.lower() not in _SUFFIXES][:-1]
    theirs = [_fold(t) for t in cluster_tokens if t.lower() not in _SUFFIXES][:-1]
    for t in rest:
        initial = len(t.rstrip(".")) == 1
        if not any(t == u or (initial and u.startswith(t[0])) for u in theirs):
            return False
    return True


class _Article:
    """Resolve the mentions of one article: plain lists in, mention dicts out."""

    def __init__(self, ctx, sents, ents, coded):
        self.ctx, self.sents, self.ents, self.coded = ctx, sents, ents, coded

    def run(self) -> list[dict]:
        ctx, sents = self.ctx, self.sents
        words = ctx.words
        # codebook spans per sentence, and hints from recognised names they cover
        cb_spans: dict[int, list] = {}
        cb_by_sent: dict[int, list] = {}
        for m in self.coded:
            cb_spans.setdefault(m["sent"], []).append((m["start"], m["end"]))
            cb_by_sent.setdefault(m["sent"], []).append(m)
        hints = {}
        found = []
        for sent, s, e, kind, conf in self.ents:
            text = sents[sent][3]
            m = _make(text, s, e, sent, kind, conf, words)
            if not m["tokens"] or not m["name"][:1].isalpha() and not m["name"][:1].isdigit():
                continue
            hit = next((c for c in cb_by_sent.get(sent, ()) if c["start"] < m["end"]
                        and m["start"] < c["end"]), None)
            if hit is not None:
                if hit["match_kind"] in ("name", "alias", "possessive"):
                    hints.setdefault(m["key"], hit["actor"])
                continue
            found.append(m)
        # persons named after a title the recogniser missed ("Mr. Sessions")
        titled = None
        for sent, (_, _, _, text) in enumerate(sents):
            for s, e in ctx.rules.titled_names(text):
                if titled is None:
                    titled = {i: list(sp) for i, sp in cb_spans.items()}
                    for m in found:
                        titled.setdefault(m["sent"], []).append((m["start"], m["end"]))
                if _overlaps(s, e, titled.get(sent, ())):
                    continue
                m = _make(text, s, e, sent, "person", math.nan, words)
                if m["tokens"] and m["key"] not in _CALENDAR:
                    found.append(m)
                    titled.setdefault(sent, []).append((m["start"], m["end"]))
        if not found and not self.coded:
            return []
        if len(found) > 1:
            # a title or possessive may have grown one span into another: the longer stands
            found.sort(key=lambda m: (m["sent"], m["start"], m["start"] - m["end"]))
            kept, last = [], (-1, -1)
            for m in found:
                if m["sent"] != last[0] or m["start"] >= last[1]:
                    kept.append(m)
                    last = (m["sent"], m["end"])
            found = kept
        clusters = self.cluster(found)
        found += self.found_again(clusters, cb_spans, found)
        self.link(clusters, hints)
        attrs = self.appositions(clusters)
        out = []
        for m in self.coded:
            a = ctx.book.actors.get(m["actor"])
            m["actor_name"] = a.name if a else m["actor"]
            m["source"] = "codebook"
            m["confidence"] = 1.0
            out.append(m)
        for m in found:
            c = m["cluster"]
            if c is None:
                continue
            out.append({"sent": m["sent"], "start": m["start"], "end": m["end"],
                        "surface": m["surface"], "actor": c.actor, "actor_type": c.type,
                        "match_kind": m["kind"], "role": "mentioned", "actor_name": c.name,
                        "source": c.source, "confidence": m["confidence"]})
        out += self.descriptions(out, attrs)
        if ctx.pronouns:
            out += self.pronouns(out, clusters)
        # actor attributes: apposition and titles, codebook affiliation first
        for m in out:
            role_title, affiliation = attrs.get(m["actor"], (None, None))
            a = ctx.book.actors.get(m["actor"])
            if a is not None and a.affiliation:
                affiliation = a.affiliation
            m["role_title"], m["affiliation"] = role_title, affiliation
        return out

    # -- grouping ----------------------------------------------------------------------------

    def cluster(self, found: list[dict]) -> list[_Cluster]:
        words = self.ctx.words
        # one type per name: the recogniser's votes, a title or honorific counting for person
        votes: dict[str, dict] = {}
        for m in found:
            v = votes.setdefault(m["key"], {})
            v[m["raw_type"]] = v.get(m["raw_type"], 0) + 1
            if m["title"]:
                v["person"] = v.get("person", 0) + 2
        key_type = {k: max(v.items(), key=lambda kv: kv[1])[0] for k, v in votes.items()}
        # "Raheem Morris" taken for an organisation where "Morris" alone is a person: two or
        # three capitalised words ending with a person's surname make a person
        for m in found:
            k = m["key"]
            if key_type[k] != "person" and 2 <= len(m["tokens"]) <= 3 and \
                    key_type.get(_last(m["tokens"])) == "person" and \
                    all(t[:1].isupper() for t in m["tokens"]):
                key_type[k] = "person"
        clusters: list[_Cluster] = []
        people = [m for m in found if key_type[m["key"]] == "person" and not m["acronym"]]
        # full names first, the longest first: shorter forms then join them
        full = sorted((m for m in people if len([t for t in m["tokens"]
                                                 if t.lower() not in _SUFFIXES]) >= 2),
                      key=lambda m: (-len(m["tokens"]), m["sent"], m["start"]))
        person_clusters = []
        by_surname: dict[str, list] = {}
        for m in full:
            last = _last(m["tokens"])
            c = next((c for c in by_surname.get(last, ())
                      if _person_compatible(m["tokens"], c.tokens)), None)
            if c is None:
                c = _Cluster("person", m["tokens"])
                person_clusters.append(c)
                clusters.append(c)
                by_surname.setdefault(last, []).append(c)
            m["cluster"] = c
            c.mentions.append(m)
        by_first: dict[str, list] = {}
        for c in person_clusters:
            by_first.setdefault(_fold(c.tokens[0]), []).append(c)
        singles: dict[str, _Cluster] = {}
        others: dict[tuple, _Cluster] = {}
        acronyms = []
        for m in sorted(found, key=lambda m: (m["sent"], m["start"])):
            if m["cluster"] is not None:
                continue
            kind = key_type[m["key"]]
            if m["acronym"] and not country_name(m["name"]):
                acronyms.append(m)
                continue
            one_word = len(m["tokens"]) == 1
            if one_word and m["key"] in by_surname and (kind == "person" or
                                                        not country_name(m["name"])):
                c = self._nearest(by_surname[m["key"]], m)
                m["kind0"] = "surname"
            elif one_word and kind == "person" and len(by_first.get(m["key"], ())) == 1:
                c = by_first[m["key"]][0]
                m["kind0"] = "alias"
            elif kind == "person":
                c = singles.get(m["key"])
                if c is None:
                    c = singles[m["key"]] = _Cluster("person", m["tokens"])
                    clusters.append(c)
            else:
                actor_type = actor_type_of(m["name"], kind)
                country = country_name(m["name"]) if actor_type == "country" else None
                group = ("country", country) if country else (actor_type, m["key"])
                c = others.get(group)
                if c is None:
                    c = others[group] = _Cluster(actor_type, m["tokens"])
                    c.country = country
                    clusters.append(c)
            m["cluster"] = c
            c.mentions.append(m)
        # acronyms: introduced in brackets after a name, or the initials of a name
        introduced = {}
        for c in clusters:
            if c.type == "person":
                continue
            for m in c.mentions:
                text = self.sents[m["sent"]][3]
                if "(" not in text[m["end"]:m["end"] + 3]:
                    continue
                x = _INTRO.match(text, m["end"])
                if x and _is_acronym(x.group(1)):
                    introduced.setdefault(x.group(1).replace(".", ""), (c, m["sent"], x.span(1)))
        initials: dict[str, list] = {}
        for c in clusters if acronyms else ():
            if c.type != "person" and len(c.tokens) >= 2:
                for forms in {_fold(" ".join(m["tokens"])): m for m in c.mentions}.values():
                    for i in _initials(" ".join(forms["tokens"]), words.function_words):
                        if c not in initials.setdefault(i, []):
                            initials[i].append(c)
        for acronym, (c, sent, (s, e)) in sorted(introduced.items(), key=lambda kv: kv[1][1:]):
            c.acronyms.add(acronym)
            if not any(m["sent"] == sent and m["start"] == s for m in acronyms):
                text = self.sents[sent][3]
                extra = _make(text, s, e, sent, "organisation", c.mentions[0]["confidence"],
                              words, found_again=True)
                found.append(extra)
                acronyms.append(extra)
        for m in acronyms:
            a = m["name"].replace(".", "")
            c = introduced[a][0] if a in introduced else None
            if c is None and len(initials.get(a, ())) == 1:
                c = initials[a][0]
            if c is None:
                kind = key_type.get(m["key"], m["raw_type"])
                group = (actor_type_of(m["name"], kind), m["key"])
                c = others.get(group)
                if c is None:
                    c = others[group] = _Cluster(group[0], m["tokens"])
                    clusters.append(c)
            c.acronyms.add(a)
            m["cluster"] = c
            c.mentions.append(m)
        for c in clusters:
            self._name(c)
        return clusters

    @staticmethod
    def _nearest(candidates, m):
        if len(candidates) == 1:
            return candidates[0]
        best, best_pos = candidates[0], None
        for c in candidates:
            for x in c.mentions:
                pos = (x["sent"], x["start"])
                if pos <= (m["sent"], m["start"]) and (best_pos is None or pos > best_pos):
                    best, best_pos = c, pos
        return best

    def _name(self, c: _Cluster) -> None:
        """Canonical name and each mention's match kind."""
        names = [m for m in c.mentions if not m["acronym"]]
        if c.country:
            c.name = c.country
        elif c.type == "person":
            c.name = " ".join(c.tokens).replace("\u2019", "'")
        elif names:
            c.name = max(names, key=lambda m: (len(m["name"]), -m["sent"], -m["start"]))["name"]
        else:
            c.name = c.mentions[0]["name"]
        canon = _fold(c.name)
        for m in c.mentions:
            if m["possessive"]:
                kind = "possessive"
            elif m["title"]:
                kind = "title"
            elif m["acronym"] and not c.country:
                kind = "acronym"
            elif "kind0" in m:
                kind = m["kind0"]
            elif c.type == "person" and len(m["tokens"]) == 1 and len(c.tokens) >= 2:
                kind = "surname" if _fold(m["tokens"][0]) == _last(c.tokens) else "alias"
            elif m["key"] == canon or (c.type == "person" and len(m["tokens"]) >= 2):
                kind = "name"
            else:
                kind = "alias"
            m["kind"] = kind

    def found_again(self, clusters, cb_spans, found) -> list[dict]:
        """Name forms of the article's actors that the recogniser missed elsewhere."""
        forms = {}
        for c in clusters:
            own = {m["name"] for m in c.mentions if len(m["name"]) >= 2}
            if c.type == "person" and len(c.tokens) >= 2:
                own.add(" ".join(c.tokens))
                surname = [t for t in c.tokens if t.lower() not in _SUFFIXES][-1]
                if len(surname) >= 3:
                    own.add(surname)
                first = c.tokens[0]
                if len(first) >= 3 and first[0].isupper() and first[-1] != "." and \
                        first.lower() not in self.ctx.words.title_starts:
                    own.add(first)  # "Solange" after "Solange Knowles"
            own |= c.acronyms
            for f in own:
                if f[:1].isupper() or f[:1].isdigit():
                    forms[f] = None if f in forms and forms[f] is not c else c
        forms = {f: c for f, c in forms.items() if c is not None}
        if not forms:
            return []
        automaton = ahocorasick.Automaton()
        for f in forms:
            automaton.add_word(f, f)
        automaton.make_automaton()
        taken: dict[int, list] = {i: list(sp) for i, sp in cb_spans.items()}
        for m in found:
            taken.setdefault(m["sent"], []).append((m["start"], m["end"]))
        lower = None
        words, extra, best = self.ctx.words, [], {}
        for i, (_, _, _, text) in enumerate(self.sents):
            hits = []
            for last, form in automaton.iter(text):
                s = last - len(form) + 1
                if s > 0 and _BLOCK_BEFORE.match(text, s - 1) or _BLOCK_AFTER.match(text, last + 1):
                    continue
                hits.append((s, -len(form), form))
            for s, _, form in sorted(hits):  # the longest form first where forms overlap
                e = s + len(form)
                if _overlaps(s, e, taken.get(i, ())):
                    continue
                c = forms[form]
                if " " not in form and not text[:s].strip(_OPENERS):
                    if lower is None:
                        lower = self.ctx.lower_words(self.sents)
                    if form.lower() in lower:
                        continue  # "Young" at the start of a sentence: the word, not the name
                if c not in best:
                    best[c] = max((m["confidence"] for m in c.mentions
                                   if not m["found_again"] and m["confidence"] == m["confidence"]),
                                  default=math.nan)
                conf = best[c]
                m = _make(text, s, e, i, c.type if c.type == "person" else "organisation",
                          conf, words, found_again=True)
                if _overlaps(m["start"], m["end"], taken.get(i, ())):
                    m = _make(text, s, e, i, "", conf, words, found_again=True)
                    m.update(start=s, surface=text[s:m["end"]], title=None)
                m["cluster"] = c
                c.mentions.append(m)
                taken.setdefault(i, []).append((m["start"], m["end"]))
                extra.append(m)
        for c in {id(m["cluster"]): m["cluster"] for m in extra}.values():
            self._name(c)
        return extra

    # -- codebook, ids -----------------------------------------------------------------------

    def link(self, clusters, hints) -> None:
        ctx = self.ctx
        used = {}
        surnames: dict[str, set] = {}
        for m in self.coded:
            a = ctx.book.actors.get(m["actor"])
            if a is not None and a.type == "person" and m["match_kind"] != "plural":
                for form in [a.name] + a.aliases:
                    if " " in form:
                        surnames.setdefault(_last(form.split()), set()).add(a.id)
        for c in clusters:
            actor = None
            for m in c.mentions:
                actor = hints.get(m["key"]) or ctx.form_owner(m["name"])
                if actor:
                    break
            if actor is None and c.type == "person":
                actor = ctx.form_owner(c.name)
                if actor is None and len(c.tokens) == 1:
                    # "Odinga" after the codebook's "Raila Amolo Odinga": the one codebook
                    # person of the article with that surname
                    named = surnames.get(_fold(c.tokens[0]), ())
                    if len(named) == 1:
                        actor = next(iter(named))
                        for m in c.mentions:
                            if m["kind"] == "name":
                                m["kind"] = "surname"
            if actor is not None and ctx.compatible(actor, c.type):
                a = ctx.book.actors[actor]
                c.actor, c.name, c.type, c.source = actor, a.name, a.type, "codebook"
                continue
            c.source = "discovered"
            cid = discovered_id(c.name, c.type, ctx.book.actors)
            if cid in used and used[cid] is not c and used[cid].type != c.type:
                cid = discovered_id(f"{c.name} {c.type}", c.type, ctx.book.actors)
            used.setdefault(cid, c)
            c.actor = cid

    # -- apposition --------------------------------------------------------------------------

    def appositions(self, clusters) -> dict[str, list]:
        """``{actor id: [role_title, affiliation]}`` from apposition and titles, for the
        persons of the article (codebook and discovered)."""
        rules = self.ctx.rules
        hon = self.ctx.words.honorifics
        by_sent: dict[int, list] = {}
        people = []
        for m in self.coded:
            by_sent.setdefault(m["sent"], []).append((m["start"], m["end"], m["actor"],
                                                      m["actor_type"]))
            if m["actor_type"] == "person" and m["match_kind"] != "plural":
                people.append((m["sent"], m["start"], m["actor"], m))
        for c in clusters:
            for m in c.mentions:
                by_sent.setdefault(m["sent"], []).append((m["start"], m["end"], c.actor, c.type))
                if c.type == "person":
                    people.append((m["sent"], m["start"], c.actor, m))
        orgs = {(c.actor, c.name) for c in clusters if c.type in ("organisation", "media")}
        orgs |= {(m["actor"], self.ctx.book.actors[m["actor"]].name) for m in self.coded
                 if m["actor_type"] in ("organisation", "media") and m["actor"] in
                 self.ctx.book.actors}
        attrs: dict[str, list] = {}
        for sent, _, actor, m in sorted(people, key=lambda p: (p[0], p[1], p[2])):
            got = attrs.setdefault(actor, [None, None])
            if got[0] and got[1]:
                continue
            text = self.sents[sent][3]
            role, org = self._apposition(text, m, rules)
            title = m.get("title")
            if role is None and title:
                role = " ".join(w for w in title.split()
                                if w.lower().rstrip(".") not in hon) or None
            if role and not got[0]:
                got[0] = role
            if org and not got[1]:
                got[1] = self._org(org, by_sent.get(sent, []), text, orgs)
        return attrs

    def _apposition(self, text, m, rules):
        start, end = m["start"], m["end"]
        # each pattern needs a comma or a role word next to the name: check that first
        x = rules.post.match(text, end) if text.startswith(",", end) else None
        if x:
            role_start, role_end = x.span("role")
            org = x.span("org") if x.group("org") else None
            owner = _OWNER.search(text, role_start, role_end)  # "the union's general secretary"
            if owner:
                org, role_start = owner.span(1), owner.end()
            role_words = text[role_start:role_end].split()
            if not (x.group("det") or owner) and not all(w[:1].isupper()
                                                         for w in role_words[:-1]):
                x = None
            elif not role_words or any(w.lower() in rules.stop for w in role_words[:-1]):
                x = None
            else:
                return " ".join(role_words), org
        before = text[max(0, start - 120):start].rstrip()
        if before.endswith(","):
            x = rules.pre_possessive.search(text, max(0, start - 120), start)
            if x:
                return " ".join(x.group("role").split()), x.span("org")
        elif before[before.rfind(" ") + 1:] in rules.role_last_words:
            x = rules.pre_role.search(text, max(0, start - 40), start)
            if x:
                return x.group("role").lower(), (max(0, x.start() - 1), x.start())
        return None, None

    @staticmethod
    def _org(span, mentions, text, orgs=()):
        """The actor an affiliation span points at: an organisation or country mentioned
        there, else the one organisation of the article whose name holds the span's words
        ("the ministry" -> "Ministry of Foreign Affairs"), else the words themselves."""
        s, e = span
        for (ms, me, who, kind) in mentions:
            if kind != "person" and ms < e and s < me:
                return who
        if e - s <= 1:
            return None
        words = text[s:e].split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words:
            return None
        phrase = " " + _fold(" ".join(words)) + " "
        named = {actor for actor, name in orgs if phrase in " " + _fold(name) + " "}
        return next(iter(named)) if len(named) == 1 else " ".join(words)

    # -- pronouns ----------------------------------------------------------------------------

    def descriptions(self, out, attrs) -> list[dict]:
        """"the president", "the minister": the person named last before it in the article
        whose title ends with that word (and holds its modifier: "the foreign minister")."""
        titled = {a: v[0].lower() for a, v in attrs.items() if v[0]}
        if not titled:
            return []
        people = sorted(((m["sent"], m["start"], m) for m in out
                         if m["actor_type"] == "person" and m["actor"] in titled),
                        key=lambda p: (p[0], p[1]))
        if not people:
            return []
        taken: dict[int, list] = {}
        for m in out:
            taken.setdefault(m["sent"], []).append((m["start"], m["end"]))
        pattern, extra = self.ctx.rules.description, []
        first_sent = people[0][0]
        for i, (_, _, _, text) in enumerate(self.sents):
            if i < first_sent:
                continue
            low = _actors._lower(text)
            if "the " not in low:
                continue
            for x in pattern.finditer(low):
                s, e = x.span()
                if s and (low[s - 1].isalnum() or low[s - 1] == "_") or \
                        _overlaps(s, e, taken.get(i, ())):
                    continue  # "breathe president" is no description: whole words only
                noun, modifier = x.group(2), x.group(1)
                chosen = None
                for sent, start, m in reversed(people):
                    if (sent, start) >= (i, s):
                        continue
                    role = titled[m["actor"]]
                    if role.endswith(noun) and (not modifier or modifier.strip() in role):
                        chosen = m
                        break
                if chosen is None:
                    continue
                extra.append({"sent": i, "start": s, "end": e, "surface": text[s:e],
                              "actor": chosen["actor"], "actor_type": "person",
                              "match_kind": "title", "role": "mentioned",
                              "actor_name": chosen["actor_name"], "source": chosen["source"],
                              "confidence": math.nan})
                taken.setdefault(i, []).append((s, e))
        return extra

    def pronouns(self, out, clusters) -> list[dict]:
        ctx = self.ctx
        gender = {}
        for c in clusters:
            if c.type == "person" and c.actor not in gender:
                gender[c.actor] = self._gender(c)
        people: dict[int, list] = {}
        for m in out:
            if m["actor_type"] == "person" and m["match_kind"] not in ("plural", "pronoun"):
                people.setdefault(m["sent"], []).append(m)
                if m["actor"] not in gender:
                    gender[m["actor"]] = ctx.codebook_gender(m["actor"])
        if not people:
            return []
        for ms in people.values():
            ms.sort(key=lambda p: p["start"])
        taken = {}
        for m in out:
            taken.setdefault(m["sent"], []).append((m["start"], m["end"]))
        extra = []
        for i, (sent_id, para, _, text) in enumerate(self.sents):
            window = [j for j in range(i - 1, max(-1, i - 4), -1)
                      if j == i - 1 or self.sents[j][1] == para]
            if i not in people and not any(j in people for j in window):
                continue
            for x in _PRONOUN.finditer(text):
                s, e = x.span()
                if _overlaps(s, e, taken.get(i, ())):
                    continue
                want = "male" if x.group().lower() in _MALE else "female"
                ok = [p for p in people.get(i, ()) if p["end"] <= s
                      and gender.get(p["actor"]) in (None, want)]
                chosen = ok[-1] if ok else None
                if chosen is None:
                    for j in window:
                        chosen = next((p for p in people.get(j, ())
                                       if gender.get(p["actor"]) in (None, want)), None)
                        if chosen is not None:
                            break
                if chosen is None:
                    continue
                extra.append({"sent": i, "start": s, "end": e, "surface": x.group(),
                              "actor": chosen["actor"], "actor_type": "person",
                              "match_kind": "pronoun", "role": "mentioned",
                              "actor_name": chosen["actor_name"], "source": chosen["source"],
                              "confidence": math.nan})
        return extra

    def _gender(self, c: _Cluster) -> str | None:
        for m in c.mentions:
            if m["gender"] in ("male", "female"):
                return m["gender"]
        if c.source == "codebook":
            return self.ctx.codebook_gender(c.actor)
        if len(c.tokens) >= 2:
            return first_name_gender(c.tokens[0])
        return None


class _Context:
    """What every article of one call shares: codebook, word lists, patterns, caches."""

    def __init__(self, book, words_path, pronouns):
        self.book = book
        self.words = load_entity_words(words_path)
        self.rules = _rules(words_path)
        self.pronouns = pronouns
        self._owner = {}
        for form, actor, kind in book.forms():
            if kind != "title":
                self._owner[_actors._form_key(form)] = actor
        self._genders = {}
        self._memo = {}

    def form_owner(self, name: str) -> str | None:
        if not name:
            return None
        if name not in self._memo:
            self._memo[name] = self._owner.get(_actors._form_key(name))
        return self._memo[name]

    def compatible(self, actor: str, kind: str) -> bool:
        theirs = self.book.actors[actor].type
        groups = ({"person"}, {"organisation", "media", "group"}, {"country", "place"})
        return any(kind in g and theirs in g for g in groups) or (
            kind in ("place", "country") and theirs == "organisation")

    def codebook_gender(self, actor: str) -> str | None:
        if actor not in self._genders:
            a = self.book.actors.get(actor)
            g = None
            if a is not None and a.type == "person":
                for t in a.titles:
                    for w in t.split():
                        g = g or self.words.titles.get(w.lower().rstrip("."))
                parts = a.name.split()
                if g is None and len(parts) >= 2:
                    g = first_name_gender(parts[0])
            self._genders[actor] = g
        return self._genders[actor]

    @staticmethod
    def lower_words(sents) -> set[str]:
        out = set()
        for s in sents:
            out.update(re.findall(r"\b[a-z][a-z'\-]+\b", s[3]))
        return out


# ---------------------------------------------------------------------------------------------
# the table


def resolve_mentions(sentences: pd.DataFrame, entities: pd.DataFrame, *, codebook=None,
                     codebook_mentions: pd.DataFrame | None = None, pronouns: bool = True,
                     words: str | None = None) -> pd.DataFrame:
    """One actor per referent in each article: the mentions table of codebook and discovered
    actors (see the module docstring for the rules).

    ``sentences``: the sentences table (``doc_id``, ``para_id``, ``sent_id``, ``start``,
    ``text``); ``entities``: :func:`analysis.entities.find_entities`; ``codebook``: a
    :class:`analysis.actors.Codebook` or a path (default codebook when ``None``);
    ``codebook_mentions``: :func:`analysis.actors.find_mentions` of the same sentences with
    ``pronouns=False`` (computed when not given). ``words``: another entity word list file.

    Columns: ``doc_id``, ``sent_id``, ``start``, ``end`` (offsets into the article's cleaned
    text), ``surface``, ``actor``, ``actor_type``, ``match_kind`` (``name``, ``surname``,
    ``acronym``, ``title``, ``possessive``, ``pronoun``, ``alias``; ``plural`` from the
    codebook), ``role``, ``actor_name``, ``source`` (``codebook`` or ``discovered``),
    ``confidence``, ``role_title``, ``affiliation``. Sorted by article (in the order of
    ``sentences``), sentence, start.
    """
    book = codebook if isinstance(codebook, _actors.Codebook) else _actors.load_actors(codebook)
    _actors._check_sentences(sentences, "resolve_mentions")
    if codebook_mentions is None:
        codebook_mentions = _actors.find_mentions(sentences, book, pronouns=False)
    ctx = _Context(book, words, pronouns)
    paras = sentences["para_id"].tolist() if "para_id" in sentences else [1] * len(sentences)
    docs: dict = {}
    index: dict = {}
    for doc_id, sent_id, para, start, text in zip(
            sentences["doc_id"].tolist(), sentences["sent_id"].tolist(), paras,
            sentences["start"].tolist(), sentences["text"].tolist()):
        if not isinstance(doc_id, str) and (doc_id is None or (isinstance(doc_id, float)
                                                               and math.isnan(doc_id))):
            continue
        rows = docs.setdefault(doc_id, [])
        rows.append((int(sent_id), para, int(start), text if isinstance(text, str) else ""))
    for rows in docs.values():
        rows_sorted = sorted(rows)
        if rows_sorted != rows:  # keep sentence order within an article
            rows[:] = rows_sorted
    index = {(d, r[0]): i for d, rows in docs.items() for i, r in enumerate(rows)}
    ents: dict = {d: [] for d in docs}
    if not entities.empty:
        for doc_id, sent_id, s, e, kind, conf in zip(
                entities["doc_id"].tolist(), entities["sent_id"].tolist(),
                entities["start"].tolist(), entities["end"].tolist(),
                entities["entity_type"].tolist(), entities["confidence"].tolist()):
            i = index.get((doc_id, int(sent_id)))
            if i is None:
                continue
            off = docs[doc_id][i][2]
            ents[doc_id].append((i, int(s) - off, int(e) - off, kind, float(conf)))
    coded: dict = {d: [] for d in docs}
    if not codebook_mentions.empty:
        cm = codebook_mentions
        for doc_id, sent_id, s, e, surface, actor, kind, mkind in zip(
                cm["doc_id"].tolist(), cm["sent_id"].tolist(), cm["start"].tolist(),
                cm["end"].tolist(), cm["surface"].tolist(), cm["actor"].tolist(),
                cm["actor_type"].tolist(), cm["match_kind"].tolist()):
            i = index.get((doc_id, int(sent_id)))
            if i is None or mkind == "pronoun":
                continue
            off = docs[doc_id][i][2]
            coded[doc_id].append({"sent": i, "start": int(s) - off, "end": int(e) - off,
                                  "surface": surface, "actor": actor, "actor_type": kind,
                                  "match_kind": mkind, "role": "mentioned"})
    rows_out: list[dict] = []
    for doc_id, sents in docs.items():
        found = _Article(ctx, sents, sorted(ents[doc_id]), coded[doc_id]).run()
        by_sent: dict[int, list] = {}
        for m in found:
            by_sent.setdefault(m["sent"], []).append(m)
        for i in sorted(by_sent):
            ms = sorted(by_sent[i], key=lambda m: (m["start"], m["end"], m["actor"]))
            sent_id, _, off, text = sents[i]
            for m in ms:
                m["role"] = "mentioned"
            _actors.mark_roles(text, ms, book)
            for m in ms:
                m["doc_id"], m["sent_id"] = doc_id, sent_id
                m["start"] += off
                m["end"] += off
                rows_out.append(m)
    if not rows_out:
        return pd.DataFrame(columns=ACTOR_MENTION_COLUMNS).astype(
            {"sent_id": "int64", "start": "int64", "end": "int64", "confidence": "float64"})
    ints = ("sent_id", "start", "end")
    return pd.DataFrame({c: np.array([r[c] for r in rows_out], dtype=np.int64) if c in ints
                         else np.array([r[c] for r in rows_out], dtype=float)
                         if c == "confidence" else [r[c] for r in rows_out]
                         for c in ACTOR_MENTION_COLUMNS})
