"""Speakers as actors: every attributed quotation says who spoke in the actors table.

The entity layer makes actors of names. A quotation's speaker is often no name: "a friend of
the family said", "the announcer said", "officials say", "the report states", "Kenya's
electoral commission said", or a pronoun. :func:`describe_speakers` runs the quote finder over
the articles of a mentions table and adds, for the speakers no mention covers:

* a **description actor** of the article (``match_kind`` ``description``, ``source``
  ``discovered``) for a speaker that is a description: its head noun (the last word before
  "of", "for", "at", ... : "a spokesman for the ministry" -> spokesman) is one of the nouns of
  ``analysis/resources/speaker_nouns.yml`` or an agent noun ("the questioner"), and gives the
  type (``person``, ``group``, ``organisation``, or ``media`` for texts and recordings such as
  "the report"). Its id is article-local (:func:`description_id`: the head noun and a digest
  of the ``doc_id``), so two articles never share one, and its ``actor_name`` is the
  description as first written with ``(unnamed)`` after it ("a friend (unnamed)"). A
  name or an organisation inside the description ("a White House spokeswoman", "a spokesman
  for the ministry", "Obama's aides") becomes its ``affiliation``;
* a **tie** to a named actor instead, where the article makes one: a description in
  apposition to a person's name ("the announcer, John Smith, said"), or whose head noun is the
  title of exactly one person of the article with the same affiliation (a person introduced
  as "John Smith, a spokesman for the ministry"); a description whose head is an
  organisation noun ("Kenya's electoral commission", "the union") is the organisation of the
  article whose name holds that noun. These rows have ``match_kind`` ``description`` too
  (the mention is a description) and the named actor's id and name;
* a **pronoun** mention where the quote finder resolved a "he" or "she" speaker to a named
  person (the named speaker or subject at most three sentences back) but the entity layer left
  the pronoun open, so the mentions table and the quotes table agree; across a paragraph
  break only for a quotation in quotation marks, not for a paraphrase ("Ruto spoke. The
  commission published the results." and a new paragraph "He said ..." leave "He" open);
* for an open "he" or "she" speaker, the nearest person of that gender in its paragraph or
  the last sentence before it (gender read from the pronouns outside quotation marks, so
  "“Leave him,” she said" does not make her male), else the person quoted in quotation marks
  at most four sentences before (a chain of "“...,” she said." paragraphs keeps its speaker);
* for a "they" or "it" speaker without an actor, the organisation, group, country or text
  named last before it (in its sentence or up to two sentences back in its paragraph, or the
  sentence before the paragraph), else the one of those that spoke last, up to four
  sentences back ("..., the report said. “...,” it added.").

A description never takes the person named last before it: a description introduces someone
new unless the article ties it to a name. One opened by "a", "an", "one" or "another" is a new
actor of the article when one with its head noun is already there ("one voter" is
``voter_<digest>``, "another voter" ``voter_2_<digest>``); any other ("the voter", "voters")
is the one with that head noun introduced last. A head noun in none of the lists still makes
an actor, of type ``other``, when the description is the subject of a finite reporting verb
right next to it ("the bailiff said", "said the bailiff.") and the noun is none of
:data:`NOT_SPEAKERS` ("Hours later", "the first incident"). An "I" speaker outside quotation
marks is the article's writer, an actor of its own ("the writer (unnamed)", ``match_kind``
``pronoun``), never the antecedent of a "he" or "she".

Known blind spots: the speaker words are those of the quote finder (a speaker it cuts short
or misreads gets a wrong description or none); "a spokesman said" twice in one article makes
two actors even when the article means one; the ``other`` type says nothing about whether the
speaker is a person or a body ("the bailiff", "the outfit").
"""
from __future__ import annotations

import hashlib
import re
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ..config import RESOURCES_DIR
from .tokens import _word_tag

SPEAKER_NOUNS = RESOURCES_DIR / "speaker_nouns.yml"
DESCRIPTION_TYPES = ("person", "group", "organisation", "media")
UNNAMED = " (unnamed)"
"""What follows the description in a description actor's ``actor_name``."""

_LEADING = {"a", "an", "the", "one", "another", "some", "his", "her", "their", "its", "our",
            "my", "your", "this", "that", "these", "those", "other", "several", "multiple",
            "many", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "few", "both", "each", "every", "most", "all", "any", "no"}
_HEAD_END = {"of", "for", "at", "in", "from", "with", "on", "who", "whose", "which", "that",
             "to", "and", "by", "close", "familiar"}
_INDEFINITE = {"a", "an", "one", "another"}
"""A description opened by one of these introduces someone new ("one voter ... another
voter"); any other refers back to the one with its head noun introduced last ("the voter")."""
WRITER = "writer"
"""The head noun of the actor an "I" speaker outside quotation marks is: the article's writer."""
NOT_SPEAKERS = frozenset("""
    time times day days week weeks month months year years hour hours minute minutes moment
    night morning afternoon evening weekend today yesterday tomorrow date
    thing things way fact idea reason result problem issue question point matter case part lot
    kind sort number rest truth news word words incident event events situation story name
    """.split())
"""Common nouns that are no speaker when the quote finder reads them as the subject of a
reporting verb ("Hours later, X said", "the first incident saw ..."): no actor of type
``other`` is made for them."""
_AGENT = re.compile(r"(?:[a-z]{3,}(?:er|or|ist|ian)|[a-z]*(?:man|woman|person))")
_AGENT_VERB = re.compile(r"([a-z]{3,})(?:er|or)$")
_PRONOUN_SPEAKERS = {"he", "she", "they", "it", "we", "i", "you"}
_BODY_TYPES = ("organisation", "media", "country", "group")
_WORD = re.compile(r"[\w\u00C0-\u024F][\w\u00C0-\u024F'\u2019\-.]*")
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")
_SENTENCE_REACH = 2
_SPEAKER_REACH = 4
"""An open "it" or "they" speaker may also be the organisation, group or text that spoke last,
at most this many sentences back."""
_PERSON_REACH = 8
"""An open "he" or "she" speaker is the nearest person of that gender at most this many
sentences back in its paragraph (or in the last sentence before it)."""
_HONORIFIC = re.compile(r"^(?:(Mr|Mister|Sir)|(Mrs|Ms|Miss|Madam|Madame|Dame))\b\.?")
_NOUN_GENDER = re.compile(r"(?:(man|father|son|brother|husband|king|dad|boy|uncle|nephew)|"
                          r"(woman|mother|daughter|sister|wife|queen|lady|mom|girl|aunt|niece|"
                          r"widow|actress))$")


@lru_cache(maxsize=4)
def load_speaker_nouns(path: str | Path | None = None) -> dict[str, frozenset]:
    """The head nouns of ``speaker_nouns.yml`` by type (``person``, ``group``,
    ``organisation``, ``media``), lower case."""
    path = Path(path) if path is not None else SPEAKER_NOUNS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the speaker nouns ({exc})") from exc
    if not isinstance(data, dict) or not set(data) <= set(DESCRIPTION_TYPES):
        raise ValueError(f"{path}: the speaker nouns must be a mapping with the keys "
                         f"{', '.join(DESCRIPTION_TYPES)}")
    out = {}
    for kind in DESCRIPTION_TYPES:
        items = data.get(kind) or []
        if not isinstance(items, list):
            raise ValueError(f"{path}: {kind}: expected a list of nouns")
        out[kind] = frozenset(" ".join(str(w).lower().split()) for w in items)
    return out


def description_id(doc_id, key: str) -> str:
    """The id of a description actor: the slug of its key (head noun, and affiliation when it
    has one) and eight hex digits of a digest of ``doc_id``, so that it is the same on every
    run and never the id of an actor of another article ("friend_3f0c1a9e")."""
    from ..entities import slug

    digest = hashlib.blake2s(str(doc_id).encode("utf-8"), digest_size=4).hexdigest()
    return f"{slug(key)}_{digest}"


def description_type(head: str, *, nouns: dict | None = None) -> str | None:
    """The actor type of a description with head noun ``head`` ("friend" -> ``person``,
    "officials" -> ``group``, "commission" -> ``organisation``, "report" -> ``media``), or
    ``None`` when the noun is in no list and is no agent noun."""
    nouns = nouns or load_speaker_nouns()
    low = _POSSESSIVE.sub("", head.lower())
    for kind in ("organisation", "media", "group", "person"):
        if low in nouns[kind]:
            return kind
    if low.endswith("s") and (low[:-1] in nouns["person"] or (low.endswith("es") and low[:-2]
                                                              in nouns["person"])):
        return "group"
    if low.endswith("s") and low[:-1] in nouns["organisation"]:
        return "organisation"  # "environmental groups", "the agencies"
    if low.endswith("men") and (low[:-3] + "man" in nouns["person"]
                                or _AGENT.fullmatch(low[:-3] + "man")):
        return "group"  # "fishermen", "congressmen"
    if _is_agent(low):
        return "person"
    if low.endswith("s") and _is_agent(low[:-1]):
        return "group"
    return None


@lru_cache(maxsize=20_000)
def _is_agent(low: str) -> bool:
    """Whether ``low`` is an agent noun: "-ist", "-ian", "-man" ("activist", "historian",
    "fisherman"), or "-er" / "-or" made from a verb of TextBlob's lexicon ("announcer",
    "questioner", "narrator"; not "weather" or "paper")."""
    if not _AGENT.fullmatch(low):
        return False
    x = _AGENT_VERB.fullmatch(low)
    if x is None:
        return True
    from .tokens import _textblob_tagger

    lexicon = _textblob_tagger()[0]
    stem = x.group(1)
    stems = (stem, stem + "e", low[:-1], stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2]
             else stem, stem[:-1] + "y" if stem.endswith("i") else stem)
    return any(str(lexicon.get(w) or "").startswith("VB") for w in stems)


def _head(words: list[tuple[int, int, str]]):
    """``(index of the first word of the head part, index of the head word)`` of a speaker
    phrase given as ``(start, end, word)``, or ``None``."""
    k = 0
    while k < len(words) - 1 and (words[k][2].lower() in _LEADING or words[k][2][:1].isdigit()):
        k += 1
    first = k
    h = None
    for j in range(first, len(words)):
        low = words[j][2].lower()
        if j > first and low in _HEAD_END:
            break
        h = j
    return None if h is None else (first, h)


def _article_texts(sentences: pd.DataFrame) -> dict:
    """The text of each article rebuilt from its sentences (offsets kept: white space between
    them, a blank line between paragraphs)."""
    paras = sentences["para_id"].tolist() if "para_id" in sentences else [1] * len(sentences)
    parts: dict = {}
    for doc_id, para, start, text in zip(sentences["doc_id"].tolist(), paras,
                                         sentences["start"].tolist(), sentences["text"].tolist()):
        if isinstance(text, str):
            parts.setdefault(doc_id, []).append((int(start), para, text))
    out = {}
    for doc_id, items in parts.items():
        items.sort()
        chunks, pos, last_para = [], 0, None
        for start, para, text in items:
            if start < pos:
                continue
            gap = start - pos
            if gap:
                chunks.append("\n" * gap if (last_para is not None and para != last_para
                                             and gap >= 2) else " " * gap)
            chunks.append(text)
            pos, last_para = start + len(text), para
        out[doc_id] = "".join(chunks)
    return out


def describe_speakers(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                      pronouns: bool = True, nouns: str | Path | None = None) -> pd.DataFrame:
    """``mentions`` with actors for the quotations' speakers that no mention covers.

    ``mentions`` is a mentions table (:func:`analysis.entities.find_actors` before this step),
    ``sentences`` the sentences table it was made from; the quote finder
    (:func:`analysis.quotes.find_quotes`, paraphrases included) is run over the articles
    rebuilt from the sentences. See the module docstring for the rows added: description
    actors and ties to a named actor (``match_kind`` ``description``), pronoun
    speakers (``pronoun``; not with ``pronouns=False``). ``nouns`` is another speaker-noun
    file (default ``analysis/resources/speaker_nouns.yml``).

    Columns: those of ``mentions``; new rows have ``role`` ``speaker``, ``confidence`` NaN,
    ``source`` ``discovered`` (a tie: the source of the actor it points to) and, for a
    description actor, ``actor_name`` "<description> (unnamed)", ``role_title`` the
    description's head noun and ``affiliation`` the id of the actor named inside it (or
    ``None``). Rows are sorted by article, sentence, start.
    """
    if sentences.empty:
        return mentions
    from .find import find_quotes
    from .marks import QuoteWarning

    words_by_type = load_speaker_nouns(None if nouns is None else str(nouns))
    texts = _article_texts(sentences)
    if not texts:
        return mentions
    articles = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values()),
                             "status": "ok"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuoteWarning)
        quotes = find_quotes(articles, sentences=sentences, actors=mentions, paraphrase=True)
    if quotes.empty:
        return mentions
    quoted: dict = {}  # the words inside quotation marks: their pronouns say nothing of gender
    for doc_id, a, b, kind in zip(quotes["doc_id"].tolist(), quotes["start"].tolist(),
                                  quotes["end"].tolist(), quotes["kind"].tolist()):
        if kind != "paraphrase":
            quoted.setdefault(doc_id, []).append((int(a), int(b)))
    quotes = quotes[(quotes["level"] == 0) & quotes["speaker_start"].notna()]
    sent_info = {}
    for doc_id, sent_id, para, start, end in zip(
            sentences["doc_id"].tolist(), sentences["sent_id"].tolist(),
            sentences["para_id"].tolist() if "para_id" in sentences else [1] * len(sentences),
            sentences["start"].tolist(), sentences["end"].tolist()):
        sent_info.setdefault(doc_id, []).append((int(start), int(end), int(sent_id), para))
    cols = list(mentions.columns)
    needed = [c for c in _FIELDS if c in mentions.columns]
    by_doc: dict = {}
    values = [mentions[c].tolist() for c in needed]
    for k, row in enumerate(zip(*values)):
        rec = dict(zip(needed, row))
        rec["_idx"] = k
        by_doc.setdefault(rec["doc_id"], []).append(rec)
    speakers_of: dict = {}
    quoting: set = set()  # speaker spans of quotations in quotation marks
    subjects: set = set()  # speaker spans right next to their reporting verb
    for doc_id, a, b, actor, kind, c0, c1 in zip(
            quotes["doc_id"].tolist(), quotes["speaker_start"].tolist(),
            quotes["speaker_end"].tolist(), quotes["actor"].tolist(), quotes["kind"].tolist(),
            quotes["cue_start"].tolist(), quotes["cue_end"].tolist()):
        speakers_of.setdefault(doc_id, set()).add(
            (int(a), int(b), actor if isinstance(actor, str) and actor else None))
        if kind in ("direct", "partial"):
            quoting.add((doc_id, int(a), int(b)))
        if pd.notna(c0) and pd.notna(c1) and _next_to_cue(texts[doc_id], int(a), int(b),
                                                          int(c0), int(c1)):
            subjects.add((doc_id, int(a), int(b)))
    added: list[dict] = []
    for doc_id, spans in speakers_of.items():
        text = texts.get(doc_id)
        sents = sorted(sent_info.get(doc_id, []))
        if text is None or not sents:
            continue
        ms = by_doc.setdefault(doc_id, [])
        done = set()
        last_body = None  # (sentence index, a mention) of the last speaker that is a body
        last_person = None  # and of the last person quoted in quotation marks
        for s, e, actor in sorted(spans, key=lambda x: (x[0], x[1], x[2] or "")):
            if (s, e) in done:
                continue
            done.add((s, e))
            new = _speaker_row(doc_id, text, s, e, actor, ms, sents, words_by_type, pronouns,
                               quoted.get(doc_id, ()), last_body, last_person,
                               (doc_id, s, e) in quoting, (doc_id, s, e) in subjects)
            if new is not None:
                ms.append(new)
                added.append(new)
            said = new if new is not None else next((m for m in ms if m["actor"] == actor),
                                                    None) if actor else None
            if said is not None and said["actor_type"] in _BODY_TYPES:
                last_body = (_sentence_of(sents, s), said)
            elif said is not None and said["actor_type"] == "person" and \
                    (doc_id, s, e) in quoting and not _is_writer(said):
                last_person = (_sentence_of(sents, s), said)
    if not added:
        return mentions
    data = {}
    for c in cols:
        if c in needed:
            data[c] = [r.get(c) for r in added]
        else:  # a column the step does not set: the source mention's, for a copy
            column = mentions[c].tolist()
            data[c] = [column[r["_idx"]] if r.get("_idx") is not None else None for r in added]
    extra = pd.DataFrame(data, columns=cols).astype(
        {c: mentions[c].dtype for c in ("sent_id", "start", "end") if c in cols})
    table = pd.concat([mentions, extra], ignore_index=True)
    order = {d: i for i, d in enumerate(dict.fromkeys(sentences["doc_id"].tolist()))}
    keys = [table["actor"].astype(str).to_numpy(), table["end"].to_numpy(),
            table["start"].to_numpy(), table["sent_id"].to_numpy(),
            np.array([order.get(d, len(order)) for d in table["doc_id"].tolist()])]
    return table.iloc[np.lexsort(keys)].reset_index(drop=True)


_FIELDS = ("doc_id", "sent_id", "start", "end", "surface", "actor", "actor_type", "match_kind",
           "role", "actor_name", "source", "confidence", "role_title", "affiliation")


def _unnamed(m: dict) -> bool:
    """Whether the mention ``m`` is of a description actor."""
    return str(m.get("actor_name") or "").endswith(UNNAMED)


def _sentence_of(sents, pos) -> int:
    for k, (a, b, _, _) in enumerate(sents):
        if a <= pos < b or (k + 1 < len(sents) and pos < sents[k + 1][0]):
            return k
    return len(sents) - 1


def _copy(src: dict, doc_id, sent_id, s, e, text, kind) -> dict:
    row = dict(src)
    row.update(doc_id=doc_id, sent_id=sent_id, start=s, end=e, surface=text[s:e],
               match_kind=kind, role="speaker", confidence=np.nan)
    return row


def _speaker_row(doc_id, text, s, e, actor, ms, sents, nouns, pronouns, quoted,
                 last_body=None, last_person=None, quoting=False,
                 subject=False) -> dict | None:
    """The mention to add for the speaker words ``text[s:e]`` (quote actor ``actor``), or
    ``None``. ``subject``: the words are the subject of their reporting verb, right next to
    it (a head noun in no list then makes an actor of type ``other``)."""
    k = _sentence_of(sents, s)
    sent_id = sents[k][2]
    phrase = text[s:e]
    low = phrase.lower()
    covering = [m for m in ms if m["start"] < e and m["end"] > s]
    if low in _PRONOUN_SPEAKERS:
        if not pronouns or any(m["start"] == s and m["end"] == e for m in covering):
            return None
        if low == "i":
            return None if any(a <= s < b for a, b in quoted) else \
                _writer_row(doc_id, sent_id, s, e, phrase, ms)
        chain = last_person is not None and k - last_person[0] <= _SPEAKER_REACH
        if actor is not None:  # resolved by the quote finder: the mentions table says so too,
            # where the person is mentioned within a pronoun's reach or quoted just before
            lo = _reach(sents, k)
            src = next((m for m in ms if m["actor"] == actor and lo <= m["start"] < s), None)
            if src is None and (quoting or chain):
                # "“...,” he said." after a paragraph: the quote finder's speaker (the named
                # speaker or subject at most three sentences back) speaks in quotation marks
                src = next((m for m in reversed(ms) if m["actor"] == actor and m["start"] < s),
                           None)
            return None if src is None else _copy(src, doc_id, sent_id, s, e, text, "pronoun")
        if low in ("they", "it"):
            body = _body_before(ms, sents, k, s, plural=low == "they")
            if body is None and last_body is not None and k - last_body[0] <= _SPEAKER_REACH \
                    and (low == "they" or last_body[1]["actor_type"] != "group"):
                body = last_body[1]  # "..., the report said. “...,” it added."
            if body is not None:
                return _copy(body, doc_id, sent_id, s, e, text, "pronoun")
        elif low in ("he", "she"):
            want = "male" if low == "he" else "female"
            person = _person_before(ms, sents, k, s, want, quoted)
            if person is None and chain and _genders(ms, quoted, s).get(
                    last_person[1]["actor"]) in (want, None):
                person = last_person[1]  # a chain of quotations: "“...,” she said." paragraphs
            if person is not None:
                return _copy(person, doc_id, sent_id, s, e, text, "pronoun")
        return None
    words = [(s + x.start(), s + x.end(), x.group()) for x in _WORD.finditer(phrase)]
    head = _head(words)
    if head is None:
        return None
    first, h = head
    head_word = _POSSESSIVE.sub("", words[h][2])
    kind = description_type(head_word, nouns=nouns)
    if kind is None and h > first and _word_tag(words[h][2]).startswith("VB"):
        h -= 1  # a verb read into the speaker: "Other leaders used", "a complaint filed"
        head_word = _POSSESSIVE.sub("", words[h][2])
        kind = description_type(head_word, nouns=nouns)
        e = words[h][1]
        phrase = text[s:e]
    if kind is None:
        kind = _other_kind(words, first, h) if subject else None
        if kind is None:
            return None
    hs, he = words[first][0], words[h][1]
    # a name in the head part (not a possessor: "Obama's aides") makes the speaker that name
    for m in covering:
        if m.get("match_kind") == "description" or m["start"] <= words[h][0] < m["end"]:
            return None  # the head itself is a name: the speaker is that actor
        possessor = m.get("match_kind") == "possessive" or _POSSESSIVE.search(
            text[m["start"]:m["end"]]) or re.match(r"(?:'s|\u2019s|'|\u2019)",
                                                   text[m["end"]:m["end"] + 2])
        if m["actor_type"] == "person" and m.get("match_kind") != "pronoun" and \
                m["start"] < he and m["end"] > hs and not possessor:
            return None
    if actor is not None and kind in ("organisation", "media"):
        return None  # "the Trump campaign", "the ministry's report": the actor named speaks
    if any(t[2][:1].isupper() and t[2].lower() not in _LEADING and k2 > first
           and not any(m["start"] <= t[0] < m["end"] for m in covering)
           and description_type(t[2], nouns=nouns) is None
           for k2, t in enumerate(words[first:h + 1], start=first)):
        return None  # an unknown capitalised word inside: perhaps a name the recogniser missed
    inside = [m for m in covering if m.get("match_kind") != "pronoun"]
    affiliation = None
    for pref in (("organisation", "media"), ("country", "place"), ("person",), ("group",)):
        hit = next((m for m in inside if m["actor_type"] in pref), None)
        if hit is not None:
            affiliation = hit["actor"]
            break
    head_low = head_word.lower()
    # ties to a named actor
    person = _apposed_person(text, e, ms) if kind == "person" else None
    if person is None and kind == "person":
        person = _titled(ms, head_low, affiliation)
    if person is not None:
        return _copy(person, doc_id, sent_id, s, e, text, "description")
    if kind == "organisation":
        org = _organisation_named(ms, head_low, s)
        if org is not None:
            return _copy(org, doc_id, sent_id, s, e, text, "description")
    key = head_low + (f" {affiliation}" if affiliation else "")
    aid = description_id(doc_id, key)
    earlier = [m for m in ms if _unnamed(m) and m.get("match_kind") == "description"
               and m.get("role_title") == head_low and m.get("affiliation") == affiliation
               and m["start"] < s]
    if earlier and first > 0 and words[0][2].lower() in _INDEFINITE:
        # "one voter ... another voter": someone new, numbered in the order introduced
        aid = description_id(doc_id, f"{key} {len({m['actor'] for m in earlier}) + 1}")
    elif earlier:  # "the voter", "voters": the one introduced last
        return _copy(max(earlier, key=lambda m: m["start"]), doc_id, sent_id, s, e, text,
                     "description")
    name = " ".join(phrase.split())
    if name[:1].isupper() and words[0][2].lower() in _LEADING and (
            s == sents[k][0] or text[sents[k][0]:s].strip()[-1:] in "\"\u201c\u201d"):
        name = name[0].lower() + name[1:]  # "The announcer said" -> "the announcer"
    return {"doc_id": doc_id, "sent_id": sent_id, "start": s, "end": e, "surface": phrase,
            "actor": aid, "actor_type": kind, "match_kind": "description", "role": "speaker",
            "actor_name": name + UNNAMED, "source": "discovered", "confidence": np.nan,
            "role_title": head_low, "affiliation": affiliation}


def _writer_row(doc_id, sent_id, s, e, phrase, ms) -> dict:
    """The mention of an "I" speaker outside quotation marks: the article's writer, an actor
    of its own in the article (``writer_<digest>``, "the writer (unnamed)")."""
    aid = description_id(doc_id, WRITER)
    return {"doc_id": doc_id, "sent_id": sent_id, "start": s, "end": e, "surface": phrase,
            "actor": aid, "actor_type": "person", "match_kind": "pronoun", "role": "speaker",
            "actor_name": f"the {WRITER}{UNNAMED}", "source": "discovered",
            "confidence": np.nan, "role_title": WRITER, "affiliation": None}


_BETWEEN = re.compile(r"(?:\s+|\s*,\s*|\s+(?:also|then|later|has|have|had|would|will|"
                      r"again|simply|only)\s+)")


def _next_to_cue(text, s, e, c0, c1) -> bool:
    """Whether the speaker words ``text[s:e]`` are the subject of the finite reporting verb
    ``text[c0:c1]``: right before it ("the bailiff said", "the bailiff also said") or right
    after it ("said the bailiff"), and not the object of a preposition ("marching through the
    streets chanted")."""
    cue = text[c0:c1].lower()
    if cue.endswith("ing") or cue == "according to":
        return False
    if e <= c0:
        if not _BETWEEN.fullmatch(text[e:c0]):
            return False
    elif not (s >= c1 and _BETWEEN.fullmatch(text[c1:s])
              and re.match(r"\s*(?:[,.;:!?\"\u201d]|$)", text[e:e + 3])):
        return False  # "said the bailiff." but not "said the convention could be ..."
    before = re.search(r"(\w+)\W*$", text[max(0, s - 30):s])
    return before is None or not _word_tag(before.group(1)).startswith(("IN", "TO"))


def _is_writer(m: dict) -> bool:
    """Whether the mention ``m`` is of the writer actor of :func:`_writer_row`."""
    return m.get("role_title") == WRITER and _unnamed(m)


def _other_kind(words, first, h) -> str | None:
    """``other`` for a speaker whose head noun is in no list but is a common noun that can
    speak (the subject of a reporting verb: "the outfit said"), else ``None``: a capitalised
    word, a word not tagged as a noun, or a noun of :data:`NOT_SPEAKERS` ("Hours later", "the
    first incident")."""
    word = _POSSESSIVE.sub("", words[h][2])
    low = word.lower()
    if not word[:1].islower() or not low.isalpha() or low in _LEADING or \
            low in NOT_SPEAKERS or (low.endswith("s") and low[:-1] in NOT_SPEAKERS):
        return None
    if not _word_tag(word).startswith("NN"):
        return None
    return "other"


def _apposed_person(text, e, ms) -> dict | None:
    """A person named right after the description, between commas: "the announcer, John
    Smith, said"."""
    x = re.match(r",\s*", text[e:e + 4])
    if not x:
        return None
    pos = e + x.end()
    for m in ms:
        if m["start"] == pos and m["actor_type"] == "person" and \
                m.get("match_kind") in ("name", "surname", "alias", "title"):
            if re.match(r"\s*(?:,|\(|$|said|says|told)", text[m["end"]:m["end"] + 8]):
                return m
    return None


def _titled(ms, head, affiliation) -> dict | None:
    """The one person of the article whose title holds the noun ``head`` (and, when the
    description has an affiliation, with that affiliation)."""
    found = {}
    for m in ms:
        if m["actor_type"] != "person" or _unnamed(m):
            continue
        title = str(m.get("role_title") or "").lower()
        if not title or title in ("nan", "none"):
            continue
        words = [w.strip(".,") for w in title.split()]
        if head in words and (affiliation is None or m.get("affiliation") == affiliation):
            found.setdefault(m["actor"], m)
    return next(iter(found.values())) if len(found) == 1 else None


def _organisation_named(ms, head, pos) -> dict | None:
    """The organisation of the article whose name holds the noun ``head``: the one mentioned
    last before ``pos``, else the first after it."""
    nouns = {head, head.replace("isation", "ization"), head.replace("ization", "isation")}
    before = after = None
    for m in ms:
        if m["actor_type"] not in ("organisation", "media") or \
                _unnamed(m):
            continue
        name = str(m.get("actor_name") or "").lower().replace("\u2019", "'")
        if not nouns & set(re.findall(r"[\w\-]+", name)):
            continue
        if m["start"] < pos:
            if before is None or m["start"] > before["start"]:
                before = m
        elif after is None or m["start"] < after["start"]:
            after = m
    return before or after


def _body_before(ms, sents, k, pos, *, plural: bool) -> dict | None:
    """The organisation, group, country or text named last before ``pos`` in sentence ``k``
    or up to :data:`_SENTENCE_REACH` sentences before it in its paragraph (the sentence before
    the paragraph counts)."""
    lo = sents[k][0]
    j = k
    while j > 0 and k - j < _SENTENCE_REACH:
        j -= 1
        lo = sents[j][0]
        if sents[j][3] != sents[k][3]:
            break
    types = ("organisation", "media", "country", "group") if plural else \
        ("organisation", "media", "country")
    best = None
    for m in ms:
        if m["actor_type"] in types and m.get("match_kind") not in ("pronoun", "plural") and \
                lo <= m["start"] and m["end"] <= pos:
            if best is None or m["start"] > best["start"]:
                best = m
    return best


def _genders(ms, quoted=(), pos=None) -> dict:
    """``actor -> male / female / None`` for the people of one article: from the pronouns
    resolved to them before ``pos`` outside the ``quoted`` spans, honorifics, the noun of a
    description ("my mother") and first names."""
    from ..coref import first_name_gender

    votes: dict = {}
    names: dict = {}
    for m in ms:
        if m["actor_type"] != "person":
            continue
        v = votes.setdefault(m["actor"], {"male": 0, "female": 0})
        names.setdefault(m["actor"], m)
        surface = str(m.get("surface") or "")
        if m.get("match_kind") == "pronoun":
            if (pos is not None and m["start"] >= pos) or any(a <= m["start"] < b
                                                               for a, b in quoted):
                continue
            low = surface.lower()
            if low in ("he", "him", "his"):
                v["male"] += 1
            elif low in ("she", "her", "hers"):
                v["female"] += 1
        else:
            x = _HONORIFIC.match(surface)
            if x:
                v["male" if x.group(1) else "female"] += 2
    out = {}
    for actor, v in votes.items():
        if v["male"] != v["female"]:
            out[actor] = "male" if v["male"] > v["female"] else "female"
            continue
        m = names[actor]
        if _unnamed(m):
            x = _NOUN_GENDER.search(str(m.get("role_title") or ""))
            out[actor] = None if x is None else ("male" if x.group(1) else "female")
            continue
        name = str(m.get("actor_name") or "").split()
        out[actor] = first_name_gender(name[0]) if len(name) >= 2 else None
    return out


def _reach(sents, k) -> int:
    """Where the antecedents of a pronoun in sentence ``k`` may start: at most
    :data:`_PERSON_REACH` sentences back within its paragraph, or the last sentence before the
    paragraph."""
    para, j = sents[k][3], k
    while j > 0 and k - j < _PERSON_REACH and sents[j - 1][3] == para:
        j -= 1
    if j > 0 and k - j < _PERSON_REACH and sents[j - 1][3] != para:
        j -= 1  # the last sentence before the paragraph is the furthest reach
    return sents[j][0]


def _person_before(ms, sents, k, pos, want, quoted=()) -> dict | None:
    """The nearest person of gender ``want`` mentioned before ``pos``, at most
    :data:`_PERSON_REACH` sentences back within the paragraph of sentence ``k`` or in the last
    sentence before it (never further across a paragraph break); failing that, the one person
    of unknown gender mentioned there."""
    lo = _reach(sents, k)
    genders = _genders(ms, quoted, pos)
    near = [m for m in ms if m["actor_type"] == "person" and lo <= m["start"]
            and m["end"] <= pos and m.get("match_kind") != "plural" and not _is_writer(m)]
    if not near:
        return None
    near.sort(key=lambda m: m["start"])
    hit = next((m for m in reversed(near) if genders.get(m["actor"]) == want), None)
    if hit is not None:
        return hit
    unknown = {m["actor"] for m in near}
    if len(unknown) == 1 and genders.get(near[-1]["actor"]) is None:
        return near[-1]
    return None
