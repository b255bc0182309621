"""Comparing coverage: the tables of :func:`analysis.pipeline.analyze_corpus`, side by side.

Counts are divided by the number of words the group of articles has, so a long article and a
short one can be compared: "3.2 mentions per 1,000 words". Articles are grouped by article
(``doc_id``), by ``outlet``, by ``date`` (the day in ``published``), by ``month`` or by
``language``. Only analysed articles count: status ``ok`` and in English (``lexicons_apply``)
or in a language whose pack analyses it (Russian, see :func:`analysis.lang.is_analysed`); a
language without a pack has sentences only and is left out.
"""
from __future__ import annotations

import re

import pandas as pd

GROUPINGS = ("doc_id", "outlet", "date", "month", "language")
UNKNOWN = {"outlet": "(no outlet given)", "date": "(no date given)", "month": "(no date given)",
           "language": "und"}
_WORD = re.compile(r"\w+(?:['’]\w+)*")
SPEECH_KINDS = ("direct", "partial", "paraphrase")


def count_words(text) -> int:
    """Words in ``text`` (runs of letters or digits; ``Lukashenko's`` is one word)."""
    return len(_WORD.findall(text)) if isinstance(text, str) else 0


def analysed_articles(articles: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """The analysed articles with their group and length.

    Columns: ``doc_id``, ``group`` (the value compared: article id, outlet, day or month;
    missing values are named, e.g. ``(no date given)``), ``title``, ``words``.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    keep = articles["status"] == "ok"
    if "lexicons_apply" in articles.columns:
        from .lang import is_analysed

        langs = articles["language"] if "language" in articles.columns else [None] * len(articles)
        keep &= articles["lexicons_apply"].astype(bool) | pd.Series(
            [is_analysed(lang) and isinstance(lang, str) for lang in langs], index=articles.index)
    arts = articles[keep]
    if by == "doc_id":
        group = arts["doc_id"].astype(str)
    elif by in ("outlet", "language"):
        if by not in arts.columns:
            group = pd.Series([UNKNOWN[by]] * len(arts), index=arts.index, dtype="object")
        else:
            group = arts[by].astype("object").where(arts[by].notna(), UNKNOWN[by])
    else:
        when = pd.to_datetime(arts["published"].astype("object"), errors="coerce", utc=True,
                              format="mixed")
        text = when.dt.strftime("%Y-%m-%d" if by == "date" else "%Y-%m")
        group = text.astype("object").where(when.notna(), UNKNOWN[by])
    return pd.DataFrame({
        "doc_id": arts["doc_id"].astype(str).to_numpy(),
        "group": group.astype(str).to_numpy(),
        "title": arts["title"].astype("object").to_numpy(),
        "words": [count_words(t) for t in arts["text"]],
    })


def compare_coverage(tables: dict, *, by: str = "doc_id") -> pd.DataFrame:
    """One row per group with the main measures, normalised per 1,000 words.

    Columns: ``group``, ``articles``, ``words``, ``sentences``, ``mean_sentiment`` (mean
    sentence score, -1..1), ``negative_share`` and ``positive_share`` (of sentences),
    ``mentions_per_1000`` (actor mentions), ``actors`` (distinct actors), ``quotes_per_1000``
    (direct, partial quotes and paraphrases), ``speakers`` (distinct speakers),
    ``frame_cues_per_1000`` and ``top_frame`` (the frame with most cues).
    """
    arts = analysed_articles(tables["articles"], by=by)
    group_of = dict(zip(arts["doc_id"], arts["group"]))
    out = arts.groupby("group", sort=True).agg(articles=("doc_id", "size"), words=("words", "sum"))

    def per_group(name: str) -> pd.DataFrame:
        df = tables.get(name)
        if df is None or df.empty:
            return pd.DataFrame(columns=[*(df.columns if df is not None else []), "group"])
        df = df[df["doc_id"].astype(str).isin(group_of)]
        return df.assign(group=df["doc_id"].astype(str).map(group_of))

    sents = per_group("sentences")
    out["sentences"] = sents.groupby("group").size().reindex(out.index, fill_value=0)
    if "sentiment" in sents.columns and not sents.empty:
        g = sents.groupby("group")
        out["mean_sentiment"] = g["sentiment"].mean().round(3)
        out["negative_share"] = g["label"].apply(lambda s: (s == "negative").mean()).round(3)
        out["positive_share"] = g["label"].apply(lambda s: (s == "positive").mean()).round(3)
    mentions = per_group("mentions")
    out["mentions_per_1000"] = _per_1000(mentions.groupby("group").size(), out["words"])
    out["actors"] = mentions.groupby("group")["actor"].nunique().reindex(out.index, fill_value=0) \
        if "actor" in mentions.columns else 0
    quotes = per_group("quotes")
    if "kind" in quotes.columns:
        quotes = quotes[quotes["kind"].isin(SPEECH_KINDS)]
    out["quotes_per_1000"] = _per_1000(quotes.groupby("group").size(), out["words"])
    out["speakers"] = quotes.groupby("group")["speaker"].nunique().reindex(out.index, fill_value=0) \
        if "speaker" in quotes.columns else 0
    frames = per_group("frames")
    out["frame_cues_per_1000"] = _per_1000(frames.groupby("group").size(), out["words"])
    if "frame" in frames.columns and not frames.empty:
        top = frames.groupby(["group", "frame"]).size().reset_index(name="n")
        top = top.sort_values(["group", "n", "frame"], ascending=[True, False, True])
        out["top_frame"] = top.drop_duplicates("group").set_index("group")["frame"]
    return out.reset_index()


def _per_1000(counts: pd.Series, words: pd.Series) -> pd.Series:
    counts = counts.reindex(words.index, fill_value=0)
    return (1000 * counts / words.where(words > 0)).round(2)


def rate_by_group(tables: dict, *, table: str, category: str, by: str = "doc_id",
                  kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """How often each value of ``category`` occurs in each group, per 1,000 words.

    ``table`` is ``mentions`` (category ``actor``), ``frames`` (``frame``), ``quotes``
    (``speaker``; only the ``kinds`` given, default direct, partial and paraphrase) or any
    table with ``doc_id``. Every group gets a row for every category, zeros included, so
    small multiples share their axes. Columns: ``group``, ``category``, ``count``, ``words``,
    ``per_1000``.
    """
    arts = analysed_articles(tables["articles"], by=by)
    words = arts.groupby("group")["words"].sum()
    df = tables.get(table)
    columns = ["group", "category", "count", "words", "per_1000"]
    if df is None or df.empty or category not in df.columns or words.empty:
        return pd.DataFrame(columns=columns)
    if table == "quotes" and "kind" in df.columns:
        df = df[df["kind"].isin(kinds or SPEECH_KINDS)]
    group_of = dict(zip(arts["doc_id"], arts["group"]))
    df = df[df["doc_id"].astype(str).isin(group_of) & df[category].notna()]
    counts = (df.assign(group=df["doc_id"].astype(str).map(group_of), category=df[category].astype(str))
              .groupby(["group", "category"]).size())
    index = pd.MultiIndex.from_product([words.index, sorted(set(df[category].astype(str)))],
                                       names=["group", "category"])
    out = counts.reindex(index, fill_value=0).rename("count").reset_index()
    out["words"] = out["group"].map(words).astype("int64")
    out["per_1000"] = (1000 * out["count"] / out["words"].where(out["words"] > 0)).round(2)
    return out[columns]


def top_categories(rates: pd.DataFrame, *, n: int = 8) -> list[str]:
    """The ``n`` categories with the most occurrences over all groups (ties by name)."""
    if rates.empty:
        return []
    total = rates.groupby("category")["count"].sum().reset_index()
    total = total.sort_values(["count", "category"], ascending=[False, True])
    return list(total["category"].head(n))
