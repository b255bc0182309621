"""Entities: the names a text mentions, typed, followed through each article and linked
across a corpus, with or without a codebook written first.

The layer has three steps, each a function on tidy tables:

1. :func:`find_entities` runs the language pack's entity recogniser over the sentences
   (``person``, ``organisation``, ``place`` spans with a confidence);
   :func:`find_context_names` adds the person names it missed where their context marks
   them ("Sanders said", "the Trump administration", "Pence's").
2. :func:`find_actors` turns them into the mentions table: the codebook's mentions
   (:func:`analysis.actors.find_mentions`) come first, and the recognised names it does not
   cover are grouped into one actor per referent within each article by
   :func:`analysis.coref.resolve_mentions` (surnames, titles, possessives, acronyms,
   pronouns of a compatible gender, apposition); :func:`follow_references` then resolves
   what that first pass left open: definite descriptions ("the Republican nominee", "the
   commission", "the country") and chains of pronouns across one-sentence paragraphs
   ("..., he said."). Recognised types become actor types:
   ``person``; ``organisation``, or ``media`` for news outlets (word list in
   ``analysis/resources/entity_words.yml``); ``country`` for places that ``pycountry`` knows
   (plus common names such as "U.S." and "Britain"), else ``place``.
3. :func:`link_corpus` merges, across all articles, an actor known only by a surname into the
   one full-name actor of the corpus with that surname; :func:`apply_links` applies the mapping.

:func:`actor_table` gives one row per article and actor, and :func:`draft_codebook` writes the
discovered actors as a codebook draft that :func:`analysis.actors.load_actors` reads.

Ids. A codebook actor keeps its codebook id. A discovered actor's id is a slug of its
canonical name (``donald_trump``; ``united_states``), so the same name gets the same id in every
article whatever the chunking; a slug that is a codebook id gets the type as a suffix
(``who_organisation``). Each article is resolved on its own: the result for one article never
depends on the other articles processed with it.

Known blind spots: the layer is only as good as the recogniser's spans (a name it misses is
found again only when the same article also gives it in a form the recogniser found, or when
its context marks it); a description takes the person of the sentences before it when no
title decides (except the ``tied`` role nouns such as "the spokesman"), which is wrong when
the description introduces someone new; a quotation's speaker that is a description ("a
friend", "officials") gets an actor of its own in its article
(:func:`analysis.quotes.speakers.describe_speakers`); two
people with one surname in an article are told apart only by first names; pronouns follow
gender and nearness, not a parse ("Ruto told Odinga he would win" gives "he" to Odinga);
"it" and "they" are not resolved.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .config import RESOURCES_DIR
from .gcpause import gc_paused

ENTITY_WORDS = RESOURCES_DIR / "entity_words.yml"
ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "entity_type", "confidence"]
ACTOR_MENTION_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "actor", "actor_type",
                         "match_kind", "role", "actor_name", "source", "confidence",
                         "role_title", "affiliation"]
ACTOR_TABLE_COLUMNS = ["doc_id", "actor", "actor_name", "actor_type", "source", "mentions",
                       "first_start", "first_sent_id", "quoted", "spoken_about", "tone_mean",
                       "tone_label", "role_title", "affiliation"]
MATCH_KINDS = ("name", "surname", "acronym", "title", "possessive", "pronoun", "alias", "plural",
               "description")
TONE_THRESHOLD = 0.1
"""``tone_label`` is ``positive`` when the mean tone toward an actor is at least this,
``negative`` when it is at most minus this, else ``neutral`` (``target_sentiment`` runs from
-1 to 1: probability positive minus probability negative)."""


# ---------------------------------------------------------------------------------------------
# word lists


class EntityWords:
    """The word lists of ``entity_words.yml``, in the shapes the resolver uses."""

    def __init__(self, data: dict, path: Path):
        def keys(mapping):
            return {str(k).lower().rstrip("."): (None if v in (None, "none") else str(v))
                    for k, v in (mapping or {}).items()}

        def words(items):
            return [" ".join(str(w).split()) for w in (items or [])]

        self.path = path
        self.honorifics = keys(data.get("honorifics"))
        self.titles = keys(data.get("titles"))
        self.title_modifiers = {w.lower() for w in words(data.get("title_modifiers"))}
        self.role_nouns = sorted({w.lower() for w in words(data.get("role_nouns"))},
                                 key=len, reverse=True)
        self.outlets = {_fold(w) for w in words(data.get("outlets"))}
        self.outlet_words = {w.lower() for w in words(data.get("outlet_words"))}
        self.function_words = {w.lower() for w in words(data.get("function_words"))}
        self.country_names = {str(k): str(v) for k, v in (data.get("country_names") or {}).items()}
        self.country_aliases = {str(k): str(v) for k, v in (data.get("countries") or {}).items()}
        self.name_after = [str(w) for w in (data.get("name_after") or [])]
        self.title_starts = set(self.honorifics) | set(self.titles) | self.title_modifiers
        refs = data.get("reference_nouns") or {}
        self.reference_nouns = {kind: sorted({w.lower() for w in words(refs.get(kind))},
                                             key=len, reverse=True)
                                for kind in ("person", "organisation", "country", "tied")}
        from .actors import _stopwords

        self.not_name_starts = ({w.lower() for w in words(data.get("not_name_starts"))}
                                | (_stopwords() - {"the", "will", "may"}))


@lru_cache(maxsize=4)
def load_entity_words(path: str | Path | None = None) -> EntityWords:
    """The entity layer's word lists (default ``analysis/resources/entity_words.yml``)."""
    path = Path(path) if path is not None else ENTITY_WORDS
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the entity word lists ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the entity word lists must be a mapping of lists")
    return EntityWords(data, path)


@lru_cache(maxsize=50_000)
def _fold(text: str) -> str:
    """A key for comparing names: typographic apostrophes made plain, case folded, spaces
    collapsed."""
    return " ".join(text.replace("\u2019", "'").casefold().split())


# ---------------------------------------------------------------------------------------------
# types


@lru_cache(maxsize=1)
def _country_index() -> tuple[dict, dict]:
    """``(by folded name, by exact acronym)`` -> canonical country name."""
    import pycountry

    words = load_entity_words()
    folded: dict[str, str] = {}
    for c in pycountry.countries:
        canonical = getattr(c, "common_name", None) or words.country_names.get(c.name, c.name)
        for name in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if name:
                folded.setdefault(_fold(name), canonical)
                if name.lower().startswith("the "):
                    folded.setdefault(_fold(name[4:]), canonical)
    for name, canonical in words.country_names.items():
        folded[_fold(name)] = canonical
        folded.setdefault(_fold(canonical), canonical)
    exact: dict[str, str] = {}
    for alias, target in words.country_aliases.items():
        canonical = folded.get(_fold(target), target)
        if _is_acronym(alias):
            exact[alias] = canonical
        else:
            folded[_fold(alias)] = canonical
    return folded, exact


@lru_cache(maxsize=50_000)
def country_name(name: str) -> str | None:
    """The canonical name of the country ``name`` stands for ("U.S." -> "United States",
    "Russian Federation" -> "Russia"), or ``None`` when ``name`` is not a country name."""
    folded, exact = _country_index()
    name = " ".join(name.replace("\u2019", "'").split())
    if name in exact:
        return exact[name]
    if _is_acronym(name):
        return None  # "US" is a country, "us" is not: acronyms only in capitals
    key = _fold(name)
    if key.startswith("the "):
        key = key[4:]
    return folded.get(key)


@lru_cache(maxsize=50_000)
def is_outlet(name: str) -> bool:
    """Whether the organisation ``name`` is a news outlet ("Reuters", "The New York Times",
    "Kenya Television Network")."""
    words = load_entity_words()
    key = _fold(name)
    if key in words.outlets or (key.startswith("the ") and key[4:] in words.outlets):
        return True
    tokens = name.split()
    return len(tokens) >= 2 and tokens[-1].lower().strip(".") in words.outlet_words


@lru_cache(maxsize=50_000)
def actor_type_of(name: str, entity_type: str) -> str:
    """The actor type for a recognised name: ``person``; ``organisation`` or ``media``;
    ``country`` or ``place``."""
    if entity_type == "person":
        return "person"
    if entity_type == "place":
        return "country" if country_name(name) else "place"
    return "media" if is_outlet(name) else "organisation"


@lru_cache(maxsize=50_000)
def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and " " not in form


# ---------------------------------------------------------------------------------------------
# ids

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=50_000)
def slug(name: str) -> str:
    """A codebook-safe id for a name: lower-case ASCII letters, digits and ``_``, starting
    with a letter ("Donald Trump" -> ``donald_trump``, "Confédération générale du travail"
    -> ``confederation_generale_du_travail``). A name with no Latin letters gets a short
    digest of itself (``actor_`` + 10 hex digits), the same on every run."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = _NOT_SLUG.sub("_", ascii_name.replace("'", "").lower()).strip("_")
    if not s:
        return "actor_" + hashlib.blake2s(name.encode("utf-8"), digest_size=5).hexdigest()
    return s if s[0].isalpha() else "actor_" + s


def discovered_id(name: str, actor_type: str, codebook_ids=()) -> str:
    """The id of a discovered actor: :func:`slug` of its canonical name, with ``_`` + its type
    appended when the slug is already a codebook id."""
    s = slug(name)
    if s in codebook_ids:
        s = f"{s}_{actor_type}"
        n = 2
        while s in codebook_ids:
            s, n = f"{slug(name)}_{actor_type}_{n}", n + 1
    return s


# ---------------------------------------------------------------------------------------------
# recognition


def _recogniser(recogniser):
    if recogniser is not None:
        return recogniser
    from .lang import get_pack

    rec = get_pack("en").entity_recogniser()
    if rec is None:
        raise RuntimeError("the English language pack has no entity recogniser")
    return rec


def find_entities(sentences: pd.DataFrame, *, recogniser=None) -> pd.DataFrame:
    """The names the recogniser finds in each sentence.

    ``sentences`` is the sentences table (:func:`analysis.segment.split_sentences`);
    ``recogniser`` any object with ``find_many(texts) -> [[(start, end, type, confidence)]]``
    (default: the English pack's, ``analysis.lang.get_pack("en").entity_recogniser()``).

    Columns: ``doc_id``, ``sent_id``, ``start``, ``end`` (offsets into the article's cleaned
    text: sentence start + span start, so ``article_text[start:end] == surface``),
    ``surface``, ``entity_type`` (``person``, ``organisation`` or ``place``) and
    ``confidence`` (the recogniser's, 0 to 1).
    """
    missing = {"doc_id", "sent_id", "start", "text"} - set(sentences.columns)
    if missing:
        raise KeyError(f"find_entities needs columns {sorted(missing)} in the sentences table "
                       "(from analysis.segment.split_sentences)")
    rec = _recogniser(recogniser)
    texts = [t if isinstance(t, str) else "" for t in sentences["text"].tolist()]
    found = rec.find_many(texts) if texts else []
    docs, sids, starts, ends, surfaces, types, confs = [], [], [], [], [], [], []
    for doc_id, sent_id, offset, text, spans in zip(sentences["doc_id"].tolist(),
                                                    sentences["sent_id"].tolist(),
                                                    sentences["start"].tolist(), texts, found):
        for s, e, kind, conf in spans:
            docs.append(doc_id)
            sids.append(int(sent_id))
            starts.append(int(offset) + s)
            ends.append(int(offset) + e)
            surfaces.append(text[s:e])
            types.append(kind)
            confs.append(float(conf))
    return pd.DataFrame({"doc_id": docs, "sent_id": np.array(sids, dtype=np.int64),
                         "start": np.array(starts, dtype=np.int64),
                         "end": np.array(ends, dtype=np.int64), "surface": surfaces,
                         "entity_type": types, "confidence": np.array(confs, dtype=float)},
                        columns=ENTITY_COLUMNS)


@gc_paused()
def find_actors(sentences: pd.DataFrame, codebook=None, *, recogniser=None,
                entities: pd.DataFrame | None = None, pronouns: bool = True,
                speakers: bool = True) -> pd.DataFrame:
    """The mentions table with codebook and discovered actors: one row per reference.

    The codebook's mentions (:func:`analysis.actors.find_mentions`, default codebook
    ``data/lexicons/actors.yml``) stand where they overlap a recognised name; the other
    names (``entities`` from :func:`find_entities`, run here with ``recogniser`` when not
    given, and :func:`find_context_names` added) are resolved within each article by
    :func:`analysis.coref.resolve_mentions` and :func:`follow_references`. With ``speakers``,
    the quotations' speakers no mention covers are added by
    :func:`analysis.quotes.speakers.describe_speakers`: descriptions ("a friend", "officials",
    "the report") as actors of their article (``match_kind`` ``description``, ``actor_name``
    "a friend (unnamed)"), and pronoun speakers the quote finder resolved.

    Columns: those of :func:`analysis.actors.find_mentions` (``doc_id``, ``sent_id``,
    ``start``, ``end``, ``surface``, ``actor``, ``actor_type``, ``match_kind``, ``role``) and
    ``actor_name`` (canonical name), ``source`` (``codebook`` when the actor is a codebook
    actor, else ``discovered``), ``confidence`` (the recogniser's for recognised names, 1.0 for
    codebook matches, NaN for pronouns and descriptions, 0.5 for names found by their
    context (:func:`find_context_names`), the best of the actor's for names found again by their
    form), ``role_title`` and ``affiliation`` (of the actor in this article, from apposition,
    titles or the codebook; affiliation is an actor id when the organisation is an actor of the
    article, else the words of the text).
    """
    from . import actors as _actors
    from .coref import resolve_mentions

    book = codebook if isinstance(codebook, _actors.Codebook) else _actors.load_actors(codebook)
    if entities is None:
        entities = find_entities(sentences, recogniser=recogniser)
    entities = find_context_names(sentences, entities)
    # "the country" is resolved with the discovered countries too (follow_references)
    coded = _actors.find_mentions(sentences, book, pronouns=False, definite=False)
    found = resolve_mentions(sentences, entities, codebook=book, codebook_mentions=coded,
                             pronouns=pronouns)
    found = follow_references(found, sentences, codebook=book, pronouns=pronouns)
    if speakers:
        from .quotes.speakers import describe_speakers

        found = describe_speakers(found, sentences, pronouns=pronouns)
    return found


# ---------------------------------------------------------------------------------------------
# names the recogniser missed, found by their context

_CONTEXT_FOLLOWERS = ("administration", "campaign", "presidency", "camp", "surrogate",
                      "surrogates", "supporters", "loyalists", "allies", "aides", "era",
                      "team", "transition", "white house", "foundation", "family",
                      "cabinet", "doctrine")
"""Words after a surname that make it a person ("the Trump administration", "the Obama
campaign", "Sanders supporters"): the name is the person, the phrase a body around them."""
_CONTEXT_HYPHENED = ("backed", "led", "era", "style", "appointed", "aligned", "endorsed",
                     "supporting", "inspired")
_CAP_RUN = re.compile(r"(?:(?<![\w\-.'\u2019])|(?<=\b[Aa]nti-)|(?<=\b[Pp]ro-))"
                      r"((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){0,2}"
                      r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?!\w|-[A-Z])")
_AUXILIARY = r"(?:(?:also|later|then|previously|has|had|have|was|is|would|will|recently|" \
             r"once|again|repeatedly|publicly|reportedly)\s+)?"


@lru_cache(maxsize=1)
def _context_rules():
    """``(follower pattern, words that are no name, city names that are no first name)`` for
    :func:`find_context_names`."""
    from .actors import _stopwords
    from .lang.en.ner import MODULE_DIR
    from .quotes import load_reporting

    lex = load_reporting()
    words = load_entity_words()
    cues = sorted((w for w in lex.cue_words if w.isalpha()), key=len, reverse=True)
    follow = re.compile(
        r"(?P<poss>(?:'s|\u2019s|(?<=s)'|(?<=s)\u2019)\s+[a-z])"
        r"|\s+" + _AUXILIARY + r"(?P<cue>" + "|".join(cues) + r")\b"
        r"|\s+(?P<body>" + "|".join(w.replace(" ", r"\s+") for w in _CONTEXT_FOLLOWERS) + r")\b"
        r"|-(?P<hyph>" + "|".join(_CONTEXT_HYPHENED) + r")\b"
        r"|(?P<colon>:\s*[\"\u201c'])")
    not_names = set(_stopwords()) | words.not_name_starts | words.function_words \
        | {w.lower() for w in _CALENDAR_WORDS} | lex.vague | lex.institutional \
        | set(words.titles) | set(words.honorifics)
    cities: set = set()
    table = MODULE_DIR / "ner_words.tsv.gz"
    if table.exists():  # words of country names and demonyms ("American"), not first names
        import gzip

        with gzip.open(table, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, _, kinds = line.rstrip("\n").partition("\t")
                kinds = kinds.split(",")
                if ("ctry" in kinds or "ctry_p" in kinds) and "fn" not in kinds:
                    not_names.add(word)
                elif "city" in kinds and "fn" not in kinds:
                    cities.add(word)
    path = MODULE_DIR / "name_words.tsv"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and not line.startswith("#") and parts[1] in ("org", "place",
                                                                             "media"):
                not_names.add(parts[0].lower())
    return follow, frozenset(not_names), frozenset(cities)


_CALENDAR_WORDS = ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december", "monday", "tuesday",
                   "wednesday", "thursday", "friday", "saturday", "sunday", "christmas",
                   "easter")


@lru_cache(maxsize=50_000)
def _could_be_surname(word: str) -> bool:
    """Whether a capitalised ``word`` may be a person's name: not an adjective or plural noun
    of TextBlob's lexicon ("Republican", "Officials"), a country, a demonym or a word that
    is no name (stop words, calendar words, source words, organisation words, words of
    country names in the recogniser's word table that are not also first names)."""
    from .quotes.tokens import _textblob_tagger

    lexicon = _textblob_tagger()[0]
    low = word.lower()
    if low in _context_rules()[1] or country_name(word):
        return False
    if lexicon.get(word) in ("NNS", "NNPS", "JJ") or lexicon.get(low) in ("JJ", "RB", "IN",
                                                                         "VBN", "VBD", "MD"):
        return False
    return lexicon.get(low) != "NNS" or lexicon.get(word) == "NNP"


def _is_plural_noun(word: str) -> bool:
    from .quotes.tokens import _textblob_tagger

    return _textblob_tagger()[0].get(word.lower()) == "NNS"


def find_context_names(sentences: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Person names the recogniser missed where their context marks them.

    A run of one to three capitalised words that no recognised name overlaps is a person
    when it is followed by a reporting verb ("Sanders said", "Pence has argued"), by a
    possessive and a lower-case word ("Pence's smooth performance"), by a word for the body
    around a person ("the Trump administration", "the Obama campaign", "Sanders supporters";
    the name is the person), by a hyphened word ("Sanders-backed"; not a city: "Moscow-backed"),
    after "anti-" or "pro-" ("anti-Trump"), or, opening its sentence, by a colon and a
    quotation mark (a transcript's "Kaine: “..."). A plural noun opening its sentence
    ("Women's singles") is left alone. Its words must not be stop words,
    calendar words, titles, source or organisation words, countries, or words TextBlob's
    lexicon lists as adjectives or plural nouns ("Republican", "Officials"); "Sunday said" is
    left alone.

    Columns: those of :func:`find_entities` (``entity_type`` ``person``, ``confidence`` 0.5),
    the rows of ``entities`` first.
    """
    if sentences.empty:
        return entities
    follow, _, cities = _context_rules()
    taken: dict = {}
    for doc_id, s, e in zip(entities["doc_id"].tolist(), entities["start"].tolist(),
                            entities["end"].tolist()):
        taken.setdefault(doc_id, []).append((int(s), int(e)))
    rows = []
    for doc_id, sent_id, off, text in zip(sentences["doc_id"].tolist(),
                                          sentences["sent_id"].tolist(),
                                          sentences["start"].tolist(),
                                          sentences["text"].tolist()):
        if not isinstance(text, str) or not text:
            continue
        off = int(off)
        spans = taken.get(doc_id, ())
        for x in _CAP_RUN.finditer(text):
            s, e = x.span(1)
            y = follow.match(text, e)
            prefixed = text[max(0, s - 5):s].lower().endswith(("anti-", "pro-"))
            if (y is None and not prefixed) or (y is not None and y.group("colon")
                                                and text[:s].strip()):
                continue
            parts = [m.span() for m in re.finditer(r"\S+", text[s:e])]
            while parts and not _could_be_surname(text[s + parts[0][0]:s + parts[0][1]]
                                                  .split("-")[0]):
                parts.pop(0)  # "The Trump administration": the name starts after "The"
            if not parts:
                continue
            s += parts[0][0]
            words = text[s:e].split()
            if not all(_could_be_surname(w.split("-")[-1]) for w in words):
                continue
            if (prefixed or (y is not None and y.group("hyph"))) and words[-1].lower() in cities:
                continue  # "pro-Moscow", "Moscow-backed": a place
            if not text[:s].strip() and _is_plural_noun(words[0]):
                continue  # "Women's singles" opening a line
            a, b = off + s, off + e
            if any(a < te and ts < b for ts, te in spans):
                continue
            rows.append((doc_id, int(sent_id), a, b, text[s:e], "person", 0.5))
    if not rows:
        return entities
    extra = pd.DataFrame(rows, columns=ENTITY_COLUMNS).astype(
        {"sent_id": "int64", "start": "int64", "end": "int64", "confidence": "float64"})
    return pd.concat([entities, extra], ignore_index=True) if not entities.empty else extra


# ---------------------------------------------------------------------------------------------
# references the first pass left open

_PERSON_PRONOUN = re.compile(r"\b(?:[Hh](?:e|im|is|ers?)|[Ss]he|HE|HIM|HIS|HERS?|SHE)\b")
_MALE_PRONOUNS = {"he", "him", "his"}
_HONORIFIC_GENDER = re.compile(r"^(?:(Mr|Mister|Sir)|(Mrs|Ms|Miss|Madam|Madame|Dame))\b\.?")
_NOUN_GENDER = re.compile(r"(?:(man|father|son|brother|husband|king)|"
                          r"(woman|mother|daughter|sister|wife|queen|lady))$")
_DESCRIPTION_MODIFIER = re.compile(r"[\w'\u2019\-]+\s+")
_PRONOUN_REACH = 6
"""A pronoun's antecedent is at most this many sentences back within its paragraph (the
sentence just before it counts even across a paragraph break)."""
_DESCRIPTION_REACH = 3
"""A role noun without a matching title stands for the person mentioned last at most this
many sentences back."""


@lru_cache(maxsize=4)
def _reference_patterns(path: str | None):
    """``(person, organisation, country)`` patterns of the ``reference_nouns`` word list, the
    titles, the title modifiers and the ``tied`` role nouns."""
    words = load_entity_words(path)

    def alternatives(kind):
        nouns = words.reference_nouns.get(kind) or []
        return "|".join(r"\s+".join(map(re.escape, n.split())) for n in nouns) or r"(?!x)x"

    # "the Republican presidential nominee": up to four modifiers that are not stop words,
    # the longest reading first ("the Republican nominee", not "the Republican")
    from .actors import _stopwords

    stop = "|".join(sorted(map(re.escape, _stopwords()), key=len, reverse=True))
    person = re.compile(r"\b[Tt]he\s+((?:(?!(?:" + stop + r")\s)[\w'\u2019\-]+\s+){0,4})("
                        + alternatives("person") + r")(?![\w\-])", re.IGNORECASE)
    org = re.compile(r"\b[Tt]he\s+(" + alternatives("organisation") + r")(?![\w\-])",
                     re.IGNORECASE)
    country = re.compile(r"\b[Tt]he\s+(" + alternatives("country") + r")(?![\w\-])",
                         re.IGNORECASE)
    return (person, org, country, frozenset(words.titles), frozenset(words.title_modifiers),
            frozenset(words.reference_nouns.get("tied") or ()))


def follow_references(mentions: pd.DataFrame, sentences: pd.DataFrame, *, codebook=None,
                      pronouns: bool = True, words: str | Path | None = None) -> pd.DataFrame:
    """The mentions table with the references the first pass left open resolved.

    ``mentions`` is a mentions table (:func:`analysis.coref.resolve_mentions`), ``sentences``
    the sentences table it was made from. Three kinds of reference are added, each only where
    no mention stands yet and each pointing at an actor already mentioned earlier in the
    article (the word lists are ``reference_nouns`` in ``entity_words.yml``):

    * a definite description of a person, "the (up to four modifiers) ROLE" ("The Republican
      presidential nominee", "the spokesman"; the modifiers are no stop words and may hold a
      place: "the California congressman"), in this order: in apposition ("Adam Schiff, the
      top Democrat"), the person it follows; the person mentioned last before it whose title
      or apposition holds the role noun or an abbreviation of it ("Sen." for "the senator");
      a bare title ("the president", "the foreign minister": no modifier but the title
      modifiers of the word list) goes no further, since nobody of the article bears it, while
      "the Vermont senator" or "the former secretary" does, and a role noun of the ``tied``
      list ("the spokesman", "the official": usually someone new) goes no further either;
      before a reporting verb
      ("..., the California congressman said"),
      the first person of its sentence; else the first person of a compatible gender
      ("businessman": male) in the nearest of the :data:`_DESCRIPTION_REACH` sentences before
      it that has one. A description followed by a name ("the nominee Donald Trump") or by
      "of" and a name is left alone; ``match_kind`` is ``title``;
    * "the commission", "the fund": the organisation mentioned last before it whose name holds
      that word (``title``); "the country", "the nation": the country mentioned most often
      in the article, when one is mentioned at least twice and more often than any other
      (``title``);
    * with ``pronouns``, a he/him/his/she/her/hers the first pass left open: the last person
      of a compatible gender mentioned before it in its sentence, else the first in the
      nearest sentence before it that has one, up to :data:`_PRONOUN_REACH` sentences back
      within its paragraph or the last sentence before the paragraph, pronouns resolved so
      far included, so a chain of "..., he said." paragraphs keeps its speaker
      (``pronoun``). A person's gender comes from the pronouns already resolved to them, an
      honorific or the first name; ``None`` (unknown) fits both.

    Columns: those of ``mentions``; new rows take ``actor_name``, ``source``, ``role_title``
    and ``affiliation`` from the actor's other mentions, ``confidence`` NaN, and the roles of
    their sentence are marked again (:func:`analysis.actors.mark_roles`). Rows are sorted as
    in ``mentions``: by article, sentence, start.
    """
    if mentions.empty or sentences.empty:
        return mentions
    from . import actors as _actors

    book = codebook if isinstance(codebook, _actors.Codebook) else _actors.load_actors(codebook)
    patterns = _reference_patterns(None if words is None else str(words))
    stop = _actors._stopwords()
    paras = sentences["para_id"].tolist() if "para_id" in sentences else [1] * len(sentences)
    docs: dict = {}
    for doc_id, sent_id, para, start, text in zip(
            sentences["doc_id"].tolist(), sentences["sent_id"].tolist(), paras,
            sentences["start"].tolist(), sentences["text"].tolist()):
        docs.setdefault(doc_id, []).append((int(sent_id), para, int(start),
                                            text if isinstance(text, str) else ""))
    # plain lists of the columns the rules read (much faster than rows of the table)
    needed = ["doc_id", "sent_id", "start", "end", "surface", "actor", "actor_type",
              "match_kind", "actor_name", "role_title", "role"]
    cols = {c: (mentions[c].tolist() if c in mentions else [None] * len(mentions))
            for c in needed}
    records = [dict(zip(needed, values), idx=k) for k, values in
               enumerate(zip(*(cols[c] for c in needed)))]
    by_doc: dict = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], []).append(r)
    added: list[dict] = []
    touched: set = set()
    for doc_id, rows in by_doc.items():
        sents = sorted(docs.get(doc_id, []))
        if not sents:
            continue
        new = _follow_article(rows, sents, patterns, stop, pronouns)
        added += new
        touched |= {(doc_id, m["sent_id"]) for m in new}
    if not added:
        return mentions
    texts = {(d, s[0]): (s[2], s[3]) for d, ss in docs.items() for s in ss}
    by_sent: dict = {}
    for m in records + added:
        if (m["doc_id"], m["sent_id"]) in touched:
            by_sent.setdefault((m["doc_id"], m["sent_id"]), []).append(m)
    for key, ms in by_sent.items():  # roles are read again where a mention was added
        off, text = texts[key]
        local = sorted(({**m, "start": m["start"] - off, "end": m["end"] - off,
                         "role": "mentioned"} for m in ms),
                       key=lambda m: (m["start"], m["end"], m["actor"]))
        _actors.mark_roles(text, local, book)
        roles = {(m["start"] + off, m["end"] + off, m["actor"]): m["role"] for m in local}
        for m in ms:
            m["role"] = roles[(m["start"], m["end"], m["actor"])]
    # the new rows are copies of a mention of their actor with the reference's own fields
    extra = mentions.iloc[[m["idx"] for m in added]].reset_index(drop=True)
    for col in ("sent_id", "start", "end", "surface", "match_kind", "role"):
        extra[col] = pd.array([m[col] for m in added], dtype=mentions[col].dtype)
    if "confidence" in extra:
        extra["confidence"] = np.nan
    table = mentions.copy()
    if "role" in table:
        table["role"] = pd.array([r["role"] for r in records], dtype=mentions["role"].dtype)
    table = pd.concat([table, extra], ignore_index=True)
    order = {d: i for i, d in enumerate(dict.fromkeys(sentences["doc_id"].tolist()))}
    keys = [table["actor"].astype(str).to_numpy(), table["end"].to_numpy(),
            table["start"].to_numpy(), table["sent_id"].to_numpy(),
            np.array([order.get(d, len(order)) for d in table["doc_id"].tolist()])]
    return table.iloc[np.lexsort(keys)].reset_index(drop=True)


def _follow_article(rows: list[dict], sents: list, patterns, stop, pronouns: bool) -> list[dict]:
    """The new mentions of one article (see :func:`follow_references`); ``rows`` are its
    mentions (dicts, offsets into the article), ``sents`` its ``(sent_id, para, start, text)``
    in order."""
    person_re, org_re, country_re, titles, title_modifiers, tied = patterns
    speaks = _context_rules()[0]  # a reporting verb after a description
    index = {s[0]: i for i, s in enumerate(sents)}
    by_sent: dict[int, list] = {}
    info: dict[str, dict] = {}
    gender_votes: dict[str, Counter] = defaultdict(Counter)
    country_count: Counter = Counter()
    for m in rows:
        i = index.get(m["sent_id"])
        if i is None:
            continue
        by_sent.setdefault(i, []).append(m)
        info.setdefault(m["actor"], m)
        kind = m.get("match_kind")
        if m["actor_type"] == "person" and kind == "pronoun":
            low = str(m["surface"]).lower()
            gender_votes[m["actor"]]["male" if low in _MALE_PRONOUNS else "female"] += 1
        elif m["actor_type"] == "person":
            h = _HONORIFIC_GENDER.match(str(m["surface"]))
            if h:
                gender_votes[m["actor"]]["male" if h.group(1) else "female"] += 2
        if m["actor_type"] == "country" and kind != "plural":
            country_count[m["actor"]] += 1
    for ms in by_sent.values():
        ms.sort(key=lambda m: (m["start"], m["end"]))

    def gender(actor):
        votes = gender_votes.get(actor)
        if votes:
            ranked = votes.most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                return ranked[0][0]
            return None
        name = str(info[actor].get("actor_name") or "").split()
        return _first_name_gender(name[0]) if len(name) >= 2 else None

    ranked = country_count.most_common(2)
    main_country = ranked[0][0] if ranked and ranked[0][1] >= 2 and (
        len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None
    added: list[dict] = []

    def add(i, s, e, text, off, actor, kind):
        src = info[actor]
        m = dict(src)
        m.update(sent_id=sents[i][0], start=off + s, end=off + e, surface=text[s:e],
                 match_kind=kind, role="mentioned")
        by_sent.setdefault(i, []).append(m)
        by_sent[i].sort(key=lambda x: (x["start"], x["end"]))
        added.append(m)
        if kind == "pronoun":
            gender_votes[actor]["male" if text[s:e].lower() in _MALE_PRONOUNS else "female"] += 1

    def free(i, a, b, *, places=True):
        """No mention in ``[a, b)`` (``places=False``: none but a place or country, which
        may modify a description: "the California congressman")."""
        return all(b <= m["start"] or a >= m["end"] or (not places and m["actor_type"] in
                                                        ("place", "country"))
                   for m in by_sent.get(i, ()))

    def people_before(i, pos):
        return [m for m in by_sent.get(i, ()) if m["actor_type"] == "person"
                and m.get("match_kind") != "plural" and m["end"] <= pos]

    for i, (sent_id, para, off, text) in enumerate(sents):
        if not text:
            continue
        # definite descriptions of people
        if "he " in text or "He " in text:
            for x in person_re.finditer(text):
                s, e = x.span()
                mods = _DESCRIPTION_MODIFIER.findall(x.group(1))
                if any(w.strip().lower() in stop for w in mods) or \
                        not free(i, off + s, off + e, places=False):
                    continue
                after = text[e:e + 40]
                if re.match(r"(?:'s|\u2019s)?\s+(?:of\s+)?[A-Z]", after) or \
                        not free(i, off + e, off + e + 2):
                    continue  # a name follows: "the nominee Donald Trump", "the president of X"
                noun = " ".join(x.group(2).lower().split())
                want = _NOUN_GENDER.search(noun)
                want = None if want is None else ("male" if want.group(1) else "female")
                actor = None
                if text[:s].rstrip().endswith(","):  # apposition: "Adam Schiff, the top Democrat"
                    comma = len(text[:s].rstrip()) - 1
                    actor = next((m["actor"] for m in reversed(people_before(i, off + comma))
                                  if m["end"] == off + comma), None)
                if actor is None:
                    kinds = [w.strip().lower() for w in mods if w.strip().lower() in title_modifiers]
                    actor = _titled_person(rows, added, off + s, noun, info, kinds)
                if actor is None and noun.split()[-1] in titles and not any(
                        w.strip().lower() not in title_modifiers or w.strip().lower() == "former"
                        for w in mods):
                    continue  # "the president" with nobody of that title: not guessed
                if actor is None and noun.split()[-1] in tied:
                    continue  # "the spokesman": someone new unless a title or apposition ties
                if actor is None and speaks is not None:
                    y = speaks.match(text, e)
                    if y is not None and y.group("cue"):
                        # "..., the California congressman said": the sentence's first person
                        first = people_before(i, off + s)
                        actor = first[0]["actor"] if first else None
                if actor is None:
                    for j in range(i - 1, max(-1, i - _DESCRIPTION_REACH - 1), -1):
                        hit = next((m for m in people_before(j, sents[j][2] + len(sents[j][3]))
                                    if not want or gender(m["actor"]) in (None, want)), None)
                        if hit is not None:  # the first, as for pronouns: usually the subject
                            actor = hit["actor"]
                            break
                if actor is None or (want and gender(actor) not in (None, want)):
                    continue
                add(i, s, e, text, off, actor, "title")
        # "the commission", "the fund"
        for x in org_re.finditer(text):
            s, e = x.span()
            if not free(i, off + s, off + e) or re.match(r"\s+(?:of\s+)?[A-Z]", text[e:e + 30]):
                continue
            noun = x.group(1).lower()
            nouns = {noun, noun.replace("isation", "ization"), noun.replace("ization", "isation")}
            best = None
            for m in rows + added:
                if m["actor_type"] in ("organisation", "media") and m["start"] < off + s and \
                        set(_fold(str(m.get("actor_name") or "")).split()) & nouns:
                    if best is None or m["start"] > best["start"]:
                        best = m
            if best is not None:
                add(i, s, e, text, off, best["actor"], "title")
        # "the country", "the nation"
        if main_country is not None:
            for x in country_re.finditer(text):
                s, e = x.span()
                if free(i, off + s, off + e) and not re.match(r"\s+(?:of\s+)?[A-Z]",
                                                              text[e:e + 30]):
                    add(i, s, e, text, off, main_country, "title")
        if not pronouns:
            continue
        # he / she left open: follow the chain of references to people
        for x in _PERSON_PRONOUN.finditer(text):
            s, e = x.span()
            if not free(i, off + s, off + e):
                continue
            want = "male" if x.group().lower() in _MALE_PRONOUNS else "female"
            chosen = None
            for m in reversed(people_before(i, off + s)):
                if gender(m["actor"]) in (None, want):
                    chosen = m["actor"]
                    break
            if chosen is None:
                for j in range(i - 1, max(-1, i - _PRONOUN_REACH - 1), -1):
                    hit = next((m for m in people_before(j, sents[j][2] + len(sents[j][3]))
                                if gender(m["actor"]) in (None, want)), None)
                    if hit is not None:
                        chosen = hit["actor"]
                        break
                    if sents[j][1] != para:
                        break  # the last sentence before the paragraph is the furthest reach
            if chosen is not None:
                add(i, s, e, text, off, chosen, "pronoun")
    return added


def _titled_person(rows, added, pos, noun, info, kinds=()) -> str | None:
    """The person mentioned last before ``pos`` whose title (``role_title``) holds ``noun``,
    or its last word, or an abbreviation of it ("Sen." for "the senator"), and each of the
    title modifiers ``kinds`` ("foreign" in "the foreign minister")."""
    best = None
    last = noun.split()[-1]
    for m in rows + added:
        if m["actor_type"] != "person" or m["start"] >= pos:
            continue
        title = str(info[m["actor"]].get("role_title") or "").lower()
        words = [w.rstrip(".") for w in title.split()]
        if title and all(k in words for k in kinds) and (noun in title or any(
                w == last or (len(w) >= 3 and last.startswith(w)) for w in words)):
            if best is None or m["start"] > best["start"]:
                best = m
    return None if best is None else best["actor"]


@lru_cache(maxsize=20_000)
def _first_name_gender(word: str) -> str | None:
    """The gender of a first name, as the first pass reads it
    (:func:`analysis.coref.first_name_gender`)."""
    from .coref import first_name_gender

    return first_name_gender(word)


# ---------------------------------------------------------------------------------------------
# across a corpus

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_UNNAMED = " (unnamed)"  # analysis.quotes.speakers.UNNAMED: the name of a description actor


def _surname(name: str) -> str:
    tokens = [t for t in name.split() if t.lower() not in _SUFFIXES]
    return _fold(tokens[-1]) if tokens else ""


@lru_cache(maxsize=20_000)
def _is_first_name(word: str) -> bool:
    """Whether ``gender_guesser`` knows ``word`` as a first name ("George", "Grace")."""
    from .coref import _detector

    return _detector().get_gender(word) != "unknown"


def link_corpus(mentions: pd.DataFrame, *, codebook=None) -> dict[str, str]:
    """Which surname-only actors are the one full-name actor of the corpus with that surname.

    A discovered person whose canonical name is one word ("Trump", in an article that never
    gives the first name) is mapped to the person actor whose canonical name has two or more
    words and ends with that word, when there is exactly one such actor in ``mentions``
    (several, as with "Donald Trump" and "Melania Trump": left separate). Codebook actors (a
    ``source`` of ``codebook``, or an id of ``codebook`` when given) are never remapped, nor
    is a one-word name that is also a first name ("George" may be George Clooney as well as
    Paul George).

    Returns ``{old id: new id}``; a pure function of the set of (actor, actor_name,
    actor_type, source) rows, so the order and the chunking of the articles do not matter.
    Description actors (an ``actor_name`` ending in " (unnamed)", see
    :func:`analysis.quotes.speakers.describe_speakers`) are never merged: their ids are
    article-local. Apply it with :func:`apply_links`.
    """
    if mentions.empty:
        return {}
    cols = ["actor", "actor_name", "actor_type"] + (["source"] if "source" in mentions else [])
    rows = mentions[cols].drop_duplicates()
    coded = set(codebook.actors) if codebook is not None else set()
    if "source" in rows:
        coded |= set(rows.loc[rows["source"] == "codebook", "actor"])
    full: dict[str, set] = defaultdict(set)
    single: dict[str, set] = defaultdict(set)
    for actor, name, kind in zip(rows["actor"].tolist(), rows["actor_name"].tolist(),
                                 rows["actor_type"].tolist()):
        if kind != "person" or not isinstance(name, str) or name.endswith(_UNNAMED):
            continue  # a description actor belongs to its article alone
        words = [t for t in name.split() if t.lower() not in _SUFFIXES]
        if len(words) >= 2:
            full[_surname(name)].add(actor)
        elif len(words) == 1 and actor not in coded and not _is_first_name(words[0]) \
                and not country_name(words[0]):
            single[_fold(words[0])].add(actor)
    mapping = {}
    for surname, actors in single.items():
        targets = full.get(surname, set()) - actors
        if len(targets) == 1:
            target = next(iter(targets))
            for actor in actors:
                mapping[actor] = target
    return dict(sorted(mapping.items()))


def apply_links(mentions: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """``mentions`` with ``actor`` replaced through ``mapping`` (from :func:`link_corpus`) and
    ``actor_name`` (and ``source``) taken from the actor it now points to."""
    if not mapping or mentions.empty:
        return mentions.copy()
    out = mentions.copy()
    targets = set(mapping.values())
    names = {}
    src = {}
    sources = out["source"].tolist() if "source" in out else [None] * len(out)
    for actor, name, source in zip(out["actor"].tolist(), out["actor_name"].tolist(), sources):
        if actor in targets and actor not in names:
            names[actor], src[actor] = name, source
    out["actor"] = [mapping.get(a, a) for a in out["actor"].tolist()]
    changed = out["actor"].isin(targets)
    out.loc[changed, "actor_name"] = [names[a] for a in out.loc[changed, "actor"]]
    if "source" in out:
        out.loc[changed, "source"] = [src[a] for a in out.loc[changed, "actor"]]
    return out


# ---------------------------------------------------------------------------------------------
# tables


def _label(mean: float) -> str:
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "unknown"
    if mean >= TONE_THRESHOLD:
        return "positive"
    if mean <= -TONE_THRESHOLD:
        return "negative"
    return "neutral"


@gc_paused()
def actor_table(mentions: pd.DataFrame, *, quotes: pd.DataFrame | None = None,
                sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per article and actor.

    Columns: ``doc_id``, ``actor``, ``actor_name``, ``actor_type``, ``source``, ``mentions``
    (rows in ``mentions``, pronouns included), ``first_start`` and ``first_sent_id`` (where
    it is first mentioned), ``quoted`` (rows of ``quotes`` whose ``actor`` column, the
    speaker's id, is this actor; 0 without a quotes table), ``spoken_about`` (mentions with
    role ``mentioned`` or ``addressee``), ``tone_mean`` (mean ``target_sentiment`` of its
    mentions, NaN without that column), ``tone_label`` (``positive`` at or above
    :data:`TONE_THRESHOLD`, ``negative`` at or below minus it, else ``neutral``; ``unknown``
    without a tone), ``role_title`` and ``affiliation``. With ``sentences``, also
    ``first_sentence`` (the text of the sentence of the first mention).

    Rows follow the articles' order in ``mentions``, then the first mention.
    """
    cols = ACTOR_TABLE_COLUMNS + (["first_sentence"] if sentences is not None else [])
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    df = mentions.copy()
    for col, default in (("actor_name", None), ("source", "codebook"), ("role_title", None),
                         ("affiliation", None)):
        if col not in df:
            df[col] = df["actor"] if col == "actor_name" else default
    order = {d: i for i, d in enumerate(pd.unique(df["doc_id"]))}
    df["_doc_order"] = df["doc_id"].map(order)
    df = df.sort_values(["_doc_order", "start", "end"], kind="stable")
    df["_about"] = df["role"].isin(["mentioned", "addressee"]).astype(int)
    tone = "target_sentiment" in df
    g = df.groupby(["_doc_order", "doc_id", "actor"], sort=False)
    out = g.agg(actor_name=("actor_name", "first"), actor_type=("actor_type", "first"),
                source=("source", "first"), mentions=("start", "size"),
                first_start=("start", "first"), first_sent_id=("sent_id", "first"),
                spoken_about=("_about", "sum"),
                role_title=("role_title", "first"), affiliation=("affiliation", "first"),
                **({"tone_mean": ("target_sentiment", "mean")} if tone else {})).reset_index()
    if not tone:
        out["tone_mean"] = np.nan
    out["tone_mean"] = out["tone_mean"].astype(float).round(4)
    out["tone_label"] = [_label(v) for v in out["tone_mean"].tolist()]
    if quotes is not None and not quotes.empty and "actor" in quotes:
        said = quotes.dropna(subset=["actor"]).groupby(["doc_id", "actor"]).size()
        said = dict(zip(said.index.tolist(), said.tolist()))  # a dict: one look-up per row
        out["quoted"] = [int(said.get((d, a), 0)) for d, a in zip(out["doc_id"].tolist(),
                                                                   out["actor"].tolist())]
    else:
        out["quoted"] = 0
    if sentences is not None:
        text = dict(zip(zip(sentences["doc_id"].tolist(), sentences["sent_id"].tolist()),
                        sentences["text"].tolist()))
        out["first_sentence"] = [text.get((d, s)) for d, s in
                                 zip(out["doc_id"].tolist(), out["first_sent_id"].tolist())]
    out = out.sort_values(["_doc_order", "first_start", "actor"], kind="stable")
    out = out.astype({"mentions": "int64", "first_start": "int64", "first_sent_id": "int64",
                      "spoken_about": "int64", "quoted": "int64"})
    return out[cols].reset_index(drop=True)


_NAME_KINDS = ("name", "surname", "acronym", "alias")
_POSSESSIVE_END = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def draft_codebook(table: pd.DataFrame, path: str | Path, *, codebook=None,
                   min_mentions: int = 1) -> Path:
    """Write the discovered actors of a mentions table as a codebook draft (YAML) and return
    its path.

    ``table`` is a mentions table from :func:`find_actors` (aliases are the name forms seen:
    names, surnames, acronyms, aliases; pronouns and titled forms left out, a possessive
    ``'s`` cut off) or an actor table from :func:`actor_table` (aliases: the canonical name).
    Only discovered actors are written (``source`` other than ``codebook``, and not an id of
    ``codebook``; no description actor such as "a friend (unnamed)"), those with at least
    ``min_mentions`` mentions, most mentioned first. A form
    seen for two actors goes to the one that used it more often (a tie: to neither), and a
    form of a ``codebook`` actor to no draft actor, so the draft loads without error. Each
    entry's ``notes`` give its counts; check types and merge entries before use.
    """
    from . import actors as _actors

    path = Path(path)
    coded = set(codebook.actors) if codebook is not None else set()
    taken = {}
    if codebook is not None:
        taken = {_actors._form_key(f): a for f, a, _ in codebook.forms()}
    df = table
    if "source" in df:
        df = df[df["source"] != "codebook"]
    df = df[~df["actor"].isin(coded)]
    if "actor_name" in df:  # a description actor ("a friend (unnamed)") is no codebook entry
        df = df[~df["actor_name"].astype(str).str.endswith(_UNNAMED)]
    is_mentions = "match_kind" in df
    info: dict[str, dict] = {}
    uses: dict[tuple, Counter] = defaultdict(Counter)
    if is_mentions:
        for actor, name, kind, surface, mkind, doc in zip(
                df["actor"].tolist(), df["actor_name"].tolist(), df["actor_type"].tolist(),
                df["surface"].tolist(), df["match_kind"].tolist(), df["doc_id"].tolist()):
            rec = info.setdefault(actor, {"name": name, "type": kind, "mentions": 0,
                                          "docs": set(), "forms": Counter()})
            rec["mentions"] += 1
            rec["docs"].add(doc)
            if mkind in _NAME_KINDS or mkind == "possessive":
                form = " ".join(_POSSESSIVE_END.sub("", surface.replace("\u2019", "'")).split())
                if form:
                    rec["forms"][form] += 1
    else:
        for actor, name, kind, n, doc in zip(df["actor"].tolist(), df["actor_name"].tolist(),
                                             df["actor_type"].tolist(), df["mentions"].tolist(),
                                             df["doc_id"].tolist()):
            rec = info.setdefault(actor, {"name": name, "type": kind, "mentions": 0,
                                          "docs": set(), "forms": Counter()})
            rec["mentions"] += int(n)
            rec["docs"].add(doc)
    for actor, rec in info.items():
        rec["forms"][rec["name"]] += 0  # the canonical name is always a form
        for form, n in rec["forms"].items():
            uses[_actors._form_key(form)][actor] += n
    owner = {}
    for key, counts in uses.items():
        if key in taken:
            continue
        ranked = counts.most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            owner[key] = ranked[0][0]
    entries = []
    chosen = sorted((a for a, r in info.items() if r["mentions"] >= min_mentions),
                    key=lambda a: (-info[a]["mentions"], a))
    for actor in chosen:
        rec = info[actor]
        if owner.get(_actors._form_key(rec["name"])) != actor:
            continue  # its very name belongs to another actor or the codebook: leave it out
        aliases = sorted({f for f in rec["forms"] if owner.get(_actors._form_key(f)) == actor
                          and f != rec["name"]})
        kind = rec["type"] if rec["type"] in _actors.ACTOR_TYPES else "group"
        entries.append({"id": actor, "name": rec["name"], "type": kind, "aliases": aliases,
                        "notes": f"discovered: {rec['mentions']} mentions in "
                                 f"{len(rec['docs'])} article(s); check the type and aliases"})
    header = ("# Actor codebook draft: the actors found in a corpus without a codebook.\n"
              "# Check every entry (type, aliases, duplicates), then pass the file back with\n"
              "# --actors. Fields are documented in data/lexicons/actors.yml.\n")
    body = yaml.safe_dump({"actors": entries}, sort_keys=False, allow_unicode=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return path
