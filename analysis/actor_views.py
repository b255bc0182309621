"""Views of the actor layer for notebooks and reports: who appears, who speaks, where the
entity layer was unsure, and where it is known to go wrong, on any corpus.

Every function takes the tables of :func:`analysis.pipeline.analyze_corpus` (or of
:func:`analysis.entities.find_actors` and :func:`analysis.entities.actor_table`) and returns a
tidy table; names and types come from the tables themselves (``actor_name``, ``actor_type``),
so discovered actors show under their canonical name without a codebook.

- :func:`actor_names`: ``{actor id: canonical name}``;
- :func:`count_by_kind`, :func:`role_counts`: per actor, for the charts of
  :mod:`analysis.plots.actors`;
- :func:`top_actors`: the corpus-level view (across articles, or per outlet);
- :func:`actor_graph`: the co-occurrence network with discovered actors named and typed;
- :func:`unsure_mentions`: the names the recogniser was unsure of;
- :func:`failure_cases`: typical errors of the entity layer found in the corpus at hand;
- :func:`voices_per_1000`: actors and speakers per 1,000 words by article or outlet.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["actor_names", "count_by_kind", "role_counts", "top_actors", "actor_graph",
           "unsure_mentions", "failure_cases", "voices_per_1000", "UNSURE_BELOW"]

UNSURE_BELOW = 0.7
"""A recognised name with a ``confidence`` below this is one "the model was unsure of"."""

ROLES = ("speaker", "source", "addressee", "mentioned")
_PRONOUN = re.compile(r"\b(?:he|she|him|his|her|hers)\b", re.IGNORECASE)


def _name_of(mentions: pd.DataFrame) -> pd.Series:
    if "actor_name" in mentions:
        return mentions["actor_name"].where(mentions["actor_name"].notna(), mentions["actor"])
    return mentions["actor"]


def actor_names(mentions: pd.DataFrame) -> dict[str, str]:
    """``{actor id: canonical name}`` from a mentions or actor table (the id where the table
    has no ``actor_name``)."""
    if mentions is None or mentions.empty:
        return {}
    return dict(zip(mentions["actor"].tolist(), _name_of(mentions).tolist()))


def count_by_kind(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mentions per actor and match kind, named by the table's canonical names.

    Columns: ``actor``, ``name``, ``match_kind``, ``mentions`` (the input of
    :func:`analysis.plots.actors.plot_mentions_by_kind`), sorted by actor and kind."""
    cols = ["actor", "name", "match_kind", "mentions"]
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=cols)
    df = mentions.groupby(["actor", "match_kind"]).size().rename("mentions").reset_index()
    names = actor_names(mentions)
    df["name"] = [names.get(a, a) for a in df["actor"]]
    return df[cols].sort_values(["actor", "match_kind"]).reset_index(drop=True)


def role_counts(mentions: pd.DataFrame, *, vague=()) -> pd.DataFrame:
    """Who speaks and who is spoken about, one row per actor.

    Columns: ``actor``, ``name`` (canonical name), ``actor_type``, ``origin`` (the mentions'
    ``source``: ``codebook`` or ``discovered``), ``vague`` (the id is in ``vague``, e.g. a
    codebook's vague actors), the counts of mentions per role ``speaker``, ``source`` (cited
    as a source), ``addressee``, ``mentioned``, and ``voice_share`` (share of its mentions
    where it speaks or is a source). Sorted by speaker, then source mentions, then id: the
    input of :func:`analysis.plots.actors.plot_voice`.
    """
    cols = ["actor", "name", "actor_type", "origin", "vague", *ROLES, "voice_share"]
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=cols)
    df = pd.crosstab(mentions["actor"], mentions["role"]).reindex(columns=list(ROLES),
                                                                  fill_value=0).reset_index()
    names = actor_names(mentions)
    first = mentions.drop_duplicates("actor").set_index("actor")
    df["name"] = [names.get(a, a) for a in df["actor"]]
    df["actor_type"] = [first["actor_type"].get(a) if "actor_type" in first else None
                        for a in df["actor"]]
    df["origin"] = [first["source"].get(a) if "source" in first else "codebook"
                    for a in df["actor"]]
    df["vague"] = df["actor"].isin(set(vague))
    total = df[list(ROLES)].sum(axis=1)
    df["voice_share"] = ((df["speaker"] + df["source"]) / total).round(3)
    return df[cols].sort_values(["speaker", "source", "actor"], ascending=[False, False, True]) \
        .reset_index(drop=True)


def top_actors(actors: pd.DataFrame, *, n: int | None = 15, by: str | None = None,
               articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The actors of a corpus, most mentioned first: the actor table summed over articles.

    ``actors`` is an actor table (:func:`analysis.entities.actor_table`, the pipeline's
    ``actors``). With ``by`` (a column of ``articles``, such as ``outlet``), one ranking per
    value of that column (articles without a value are grouped under ``(none)``); ``n`` keeps
    the top ``n`` of each ranking (``None``: all).

    Columns: ``by`` (when given), ``actor``, ``actor_name``, ``actor_type``, ``source``,
    ``articles`` (how many articles name it), ``mentions``, ``quoted`` (quotations it
    speaks), ``spoken_about`` (mentions where it does not speak), ``tone_mean`` (mean of the
    articles' tone toward it, weighted by mentions; NaN when unknown), ``tone_label``.
    """
    from .entities import _label

    keys = [by] if by else []
    cols = keys + ["actor", "actor_name", "actor_type", "source", "articles", "mentions",
                   "quoted", "spoken_about", "tone_mean", "tone_label"]
    if actors is None or actors.empty:
        return pd.DataFrame(columns=cols)
    df = actors.copy()
    if by:
        if articles is None or by not in articles:
            raise KeyError(f"top_actors(by={by!r}) needs the articles table with a {by!r} column")
        group = dict(zip(articles["doc_id"], articles[by]))
        df[by] = [group.get(d) for d in df["doc_id"]]
        df[by] = df[by].where(df[by].notna() & (df[by].astype(str).str.strip() != ""), "(none)")
    df["_tone_w"] = df["tone_mean"].astype(float) * df["mentions"]
    df["_tone_n"] = np.where(df["tone_mean"].notna(), df["mentions"], 0)
    g = df.groupby(keys + ["actor"], sort=False)
    out = g.agg(actor_name=("actor_name", "first"), actor_type=("actor_type", "first"),
                source=("source", "first"), articles=("doc_id", "nunique"),
                mentions=("mentions", "sum"), quoted=("quoted", "sum"),
                spoken_about=("spoken_about", "sum"), _w=("_tone_w", "sum"),
                _n=("_tone_n", "sum")).reset_index()
    out["tone_mean"] = (out["_w"] / out["_n"].where(out["_n"] > 0)).astype(float).round(3)
    out["tone_label"] = [_label(v) for v in out["tone_mean"].tolist()]
    out = out.sort_values(keys + ["mentions", "articles", "actor"],
                          ascending=[True] * len(keys) + [False, False, True], kind="stable")
    if n is not None:
        out = out.groupby(keys, sort=False).head(n) if keys else out.head(n)
    out = out.astype({"articles": "int64", "mentions": "int64", "quoted": "int64",
                      "spoken_about": "int64"})
    return out[cols].reset_index(drop=True)


def actor_graph(mentions: pd.DataFrame, *, actors=None):
    """The co-occurrence network (:func:`analysis.actors.cooccurrence`) with each node named
    and typed from the mentions table, so discovered actors are drawn like codebook ones.

    ``actors`` optionally keeps only those ids (e.g. the top actors of a corpus). Node
    attributes: ``name``, ``actor_type``, ``source``, ``mentions``; edge attribute ``weight``
    (sentences shared)."""
    import networkx as nx

    from .actors import cooccurrence

    g = nx.Graph()
    if mentions is None or mentions.empty:
        return g
    df = mentions if actors is None else mentions[mentions["actor"].isin(set(actors))]
    names = actor_names(df)
    first = df.drop_duplicates("actor").set_index("actor")
    for actor, n in df.groupby("actor").size().items():
        g.add_node(actor, name=names.get(actor, actor),
                   actor_type=first["actor_type"].get(actor, "unknown"),
                   source=first["source"].get(actor) if "source" in first else "codebook",
                   mentions=int(n))
    for row in cooccurrence(df).itertuples(index=False):
        g.add_edge(row.actor_a, row.actor_b, weight=int(row.sentences))
    return g


def unsure_mentions(mentions: pd.DataFrame, *, below: float = UNSURE_BELOW) -> pd.DataFrame:
    """The names the recogniser was unsure of: mentions with a ``confidence`` below ``below``
    (pronouns, which have none, are left out), least sure first.

    Columns: ``doc_id``, ``sent_id``, ``start``, ``end``, ``surface``, ``actor``,
    ``actor_name``, ``actor_type``, ``match_kind``, ``confidence``."""
    cols = ["doc_id", "sent_id", "start", "end", "surface", "actor", "actor_name",
            "actor_type", "match_kind", "confidence"]
    if mentions is None or mentions.empty or "confidence" not in mentions:
        return pd.DataFrame(columns=cols)
    df = mentions[mentions["confidence"].notna() & (mentions["confidence"] < below)].copy()
    df["actor_name"] = _name_of(df) if len(df) else df.get("actor_name")
    df = df.sort_values(["confidence", "doc_id", "start"], kind="stable")
    return df[cols].reset_index(drop=True)


def _surname(name: str) -> str:
    words = [w for w in str(name).split() if w.lower().rstrip(".") not in {"jr", "sr", "ii", "iii"}]
    return words[-1].lower() if words else ""


def failure_cases(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                  below: float = UNSURE_BELOW, per_case: int = 3) -> pd.DataFrame:
    """Typical errors of the entity layer, found in the corpus at hand (up to ``per_case``
    rows of each case, in reading order):

    - ``one name, two types``: the same words are typed differently in the corpus (a
      person's name read as a place in one sentence), so one referent is split;
    - ``shared surname``: two person actors whose names end with the same word (two
      Kenyattas), which the layer joins only when first names tell them apart; a bare
      surname may go to either;
    - ``pronoun left unresolved``: a "he", "she", "his" or "her" in a sentence where no
      mention was resolved at that place (no compatible person in reach);
    - ``unsure name``: a recognised name with a confidence below ``below``.

    Columns: ``case``, ``doc_id``, ``sent_id``, ``start``, ``end``, ``surface``,
    ``detail`` (what went wrong, in words), ``sentence``. Empty when none is found."""
    cols = ["case", "doc_id", "sent_id", "start", "end", "surface", "detail", "sentence"]
    if sentences is None or sentences.empty:
        return pd.DataFrame(columns=cols)
    m = mentions if mentions is not None else pd.DataFrame(columns=["doc_id"])
    text = dict(zip(zip(sentences["doc_id"], sentences["sent_id"]), sentences["text"]))
    rows: list[dict] = []

    def add(case, r, detail):
        rows.append({"case": case, "doc_id": r["doc_id"], "sent_id": int(r["sent_id"]),
                     "start": int(r["start"]), "end": int(r["end"]), "surface": r["surface"],
                     "detail": detail, "sentence": text.get((r["doc_id"], r["sent_id"]))})

    named = m[m["match_kind"].isin(["name", "surname", "acronym", "alias"])] if len(m) else m
    if len(named):
        key = named["surface"].str.lower()
        types = named.groupby(key)["actor_type"].agg(lambda s: sorted(set(s)))
        mixed = [k for k, t in types.items() if len(t) > 1]
        for k in mixed[:per_case]:
            sub = named[key == k]
            r = sub.iloc[0]
            add("one name, two types", r, f"{r['surface']!s} is typed as "
                + " and as ".join(types[k]) + f" in {sub['doc_id'].nunique()} article(s)")
        people = m[m["actor_type"] == "person"].drop_duplicates("actor")
        people = people.assign(_sur=[_surname(n) for n in _name_of(people)])
        shared = people.groupby("_sur")["actor"].nunique()
        for sur in [s for s, k in shared.items() if k > 1 and s][:per_case]:
            sub = people[people["_sur"] == sur]
            r = sub.iloc[0]
            add("shared surname", r, "people with the surname "
                f"{sub['actor_name'].iloc[0].split()[-1]}: " + "; ".join(sorted(set(_name_of(sub)))))
    taken = {(d, s) for d, s in zip(m.get("doc_id", []), m.get("start", []))} if len(m) else set()
    found = 0
    for d, sid, start, stext in zip(sentences["doc_id"], sentences["sent_id"],
                                    sentences["start"], sentences["text"]):
        if found >= per_case or not isinstance(stext, str):
            continue
        for hit in _PRONOUN.finditer(stext):
            if (d, int(start) + hit.start()) not in taken:
                add("pronoun left unresolved", {"doc_id": d, "sent_id": sid,
                                                "start": int(start) + hit.start(),
                                                "end": int(start) + hit.end(),
                                                "surface": hit.group()},
                    "no person of a compatible gender named in reach, so no actor")
                found += 1
                break
    for r in unsure_mentions(m, below=below).head(per_case).to_dict("records"):
        add("unsure name", r, f"typed {r['actor_type']} with confidence {r['confidence']:.2f}")
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(rows, columns=cols)


def voices_per_1000(actors: pd.DataFrame, articles: pd.DataFrame, *,
                    by: str = "doc_id") -> pd.DataFrame:
    """Actors and voices per 1,000 words, by article (``by="doc_id"``) or by a column of
    ``articles`` such as ``outlet``.

    Columns: ``by``, ``words`` (of the cleaned texts, counted as in :mod:`analysis.coverage`), ``actors`` (distinct actors named),
    ``speaking`` (distinct actors quoted at least once), ``mentions``, ``quotes`` (quotations
    with a speaker that is an actor), ``mentions_per_1000``, ``quotes_per_1000`` and
    ``discovered_share`` (share of the actors that are not in the codebook). Groups with no
    actor are kept with zeros."""
    from .coverage import count_words

    cols = [by, "words", "actors", "speaking", "mentions", "quotes", "mentions_per_1000",
            "quotes_per_1000", "discovered_share"]
    if articles is None or articles.empty:
        return pd.DataFrame(columns=cols)
    arts = articles
    if "status" in arts:
        arts = arts[arts["status"] == "ok"]
    if by not in arts:
        raise KeyError(f"voices_per_1000(by={by!r}): the articles table has no {by!r} column")
    arts = arts.assign(_group=arts[by].where(arts[by].notna(), "(none)"),
                       _words=[count_words(t) if isinstance(t, str) else 0 for t in arts["text"]])
    words = arts.groupby("_group", sort=False)["_words"].sum()
    group = dict(zip(arts["doc_id"], arts["_group"]))
    df = actors.copy() if actors is not None else pd.DataFrame(columns=["doc_id", "actor"])
    df = df[df["doc_id"].isin(group)]
    df["_group"] = [group[d] for d in df["doc_id"]]
    out = pd.DataFrame({by: words.index, "words": words.values})
    if len(df):
        g = df.groupby("_group")
        out["actors"] = out[by].map(g["actor"].nunique()).fillna(0)
        out["speaking"] = out[by].map(df[df["quoted"] > 0].groupby("_group")["actor"].nunique()).fillna(0)
        out["mentions"] = out[by].map(g["mentions"].sum()).fillna(0)
        out["quotes"] = out[by].map(g["quoted"].sum()).fillna(0)
        disc = df[df["source"] != "codebook"].groupby("_group")["actor"].nunique()
        out["discovered_share"] = (out[by].map(disc).fillna(0) /
                                   out["actors"].where(out["actors"] > 0)).round(3)
    else:
        out["actors"] = out["speaking"] = out["mentions"] = out["quotes"] = 0
        out["discovered_share"] = np.nan
    for c in ("actors", "speaking", "mentions", "quotes"):
        out[c] = out[c].astype("int64")
    per = 1000 / out["words"].where(out["words"] > 0)
    out["mentions_per_1000"] = (out["mentions"] * per).round(2)
    out["quotes_per_1000"] = (out["quotes"] * per).round(2)
    return out[cols].reset_index(drop=True)
