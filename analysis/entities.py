"""Entities: the names a text mentions, typed, followed through each article and linked
across a corpus, with or without a codebook written first.

The layer has three steps, each a function on tidy tables:

1. :func:`find_entities` runs the language pack's entity recogniser over the sentences
   (``person``, ``organisation``, ``place`` spans with a confidence).
2. :func:`find_actors` turns them into the mentions table: the codebook's mentions
   (:func:`analysis.actors.find_mentions`) come first, and the recognised names it does not
   cover are grouped into one actor per referent within each article by
   :func:`analysis.coref.resolve_mentions` (surnames, titles, possessives, acronyms,
   pronouns of a compatible gender, apposition). Recognised types become actor types:
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
found again only when the same article also gives it in a form the recogniser found); two
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

ENTITY_WORDS = RESOURCES_DIR / "entity_words.yml"
ENTITY_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "entity_type", "confidence"]
ACTOR_MENTION_COLUMNS = ["doc_id", "sent_id", "start", "end", "surface", "actor", "actor_type",
                         "match_kind", "role", "actor_name", "source", "confidence",
                         "role_title", "affiliation"]
ACTOR_TABLE_COLUMNS = ["doc_id", "actor", "actor_name", "actor_type", "source", "mentions",
                       "first_start", "first_sent_id", "quoted", "spoken_about", "tone_mean",
                       "tone_label", "role_title", "affiliation"]
MATCH_KINDS = ("name", "surname", "acronym", "title", "possessive", "pronoun", "alias", "plural")
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


def find_actors(sentences: pd.DataFrame, codebook=None, *, recogniser=None,
                entities: pd.DataFrame | None = None, pronouns: bool = True) -> pd.DataFrame:
    """The mentions table with codebook and discovered actors: one row per reference.

    The codebook's mentions (:func:`analysis.actors.find_mentions`, default codebook
    ``data/lexicons/actors.yml``) stand where they overlap a recognised name; the other
    names (``entities`` from :func:`find_entities`, run here with ``recogniser`` when not
    given) are resolved within each article by :func:`analysis.coref.resolve_mentions`.

    Columns: those of :func:`analysis.actors.find_mentions` (``doc_id``, ``sent_id``,
    ``start``, ``end``, ``surface``, ``actor``, ``actor_type``, ``match_kind``, ``role``) and
    ``actor_name`` (canonical name), ``source`` (``codebook`` when the actor is a codebook
    actor, else ``discovered``), ``confidence`` (the recogniser's for recognised names, 1.0 for
    codebook matches, NaN for pronouns, the best of the actor's for names found again by their
    form), ``role_title`` and ``affiliation`` (of the actor in this article, from apposition,
    titles or the codebook; affiliation is an actor id when the organisation is an actor of the
    article, else the words of the text).
    """
    from . import actors as _actors
    from .coref import resolve_mentions

    book = codebook if isinstance(codebook, _actors.Codebook) else _actors.load_actors(codebook)
    if entities is None:
        entities = find_entities(sentences, recogniser=recogniser)
    coded = _actors.find_mentions(sentences, book, pronouns=False)
    return resolve_mentions(sentences, entities, codebook=book, codebook_mentions=coded,
                            pronouns=pronouns)


# ---------------------------------------------------------------------------------------------
# across a corpus

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


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
    Apply it with :func:`apply_links`.
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
        if kind != "person" or not isinstance(name, str):
            continue
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
        out["quoted"] = [int(said.get((d, a), 0)) for d, a in zip(out["doc_id"], out["actor"])]
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
    ``codebook``), those with at least ``min_mentions`` mentions, most mentioned first. A form
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
