"""Sourcing summaries: who speaks in each article and how, and claims without a named source."""
from __future__ import annotations

import pandas as pd

from .attribution import SPEAKER_TYPES


SUMMARY_COLUMNS = ["doc_id", "speaker", "speaker_type", "direct", "partial", "paraphrase",
                   "quoted_words", "paraphrased_words", "cues"]


def sourcing_summary(quotes: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Who speaks in each article, and how.

    ``by="source"`` (default): one row per article and speaker. Columns: ``doc_id``,
    ``speaker``, ``speaker_type``, ``direct``, ``partial``, ``paraphrase`` (counts),
    ``quoted_words`` (words inside direct and partial quotes), ``paraphrased_words`` and
    ``cues`` (the reporting verbs used, most frequent first). Quotations without a speaker are
    grouped under speaker ``(no source)`` with type ``none``; scare quotes, terms and nested
    quotations are not speech and are left out.

    ``by="article"``: one row per article. Columns: ``doc_id``, ``sources`` (distinct
    speakers), ``named``, ``institutional``, ``vague``, ``described``, ``unresolved`` (speakers
    of each type), ``direct``, ``partial``, ``paraphrase``, ``quoted_words``,
    ``paraphrased_words``, ``unsourced_quotes`` (direct or partial quotes with no speaker),
    ``scare`` and ``term``.
    """
    if by not in ("source", "article"):
        raise ValueError(f"by must be 'source' or 'article', got {by!r}")
    missing = {"doc_id", "kind", "speaker", "words"} - set(quotes.columns)
    if missing:
        raise KeyError(f"sourcing_summary needs columns {sorted(missing)} in the quotes table")
    speech = quotes[quotes["kind"].isin(["direct", "partial", "paraphrase"])].copy()
    speech["speaker"] = speech["speaker"].astype("object").where(speech["speaker"].notna(), "(no source)")
    stype = speech["speaker_type"] if "speaker_type" in speech else pd.Series("unresolved", index=speech.index)
    speech["speaker_type"] = stype.astype("object").where(speech["speaker"] != "(no source)", "none").fillna("unresolved")
    speech["words"] = speech["words"].fillna(0).astype(int)
    cue = speech["cue"] if "cue" in speech else pd.Series(None, index=speech.index)
    speech["cue_l"] = cue.astype("object").str.lower()
    rows = []
    for (doc_id, speaker), g in speech.groupby(["doc_id", "speaker"], sort=False):
        counts = g["kind"].value_counts()
        quoted = g[g["kind"] != "paraphrase"]["words"].sum()
        para = g[g["kind"] == "paraphrase"]["words"].sum()
        cues = ", ".join(g["cue_l"].dropna().value_counts().index)
        rows.append((doc_id, speaker, g["speaker_type"].mode().iloc[0], int(counts.get("direct", 0)),
                     int(counts.get("partial", 0)), int(counts.get("paraphrase", 0)), int(quoted),
                     int(para), cues))
    per_source = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    per_source = per_source.sort_values(["doc_id", "quoted_words", "paraphrased_words"],
                                        ascending=[True, False, False], kind="stable").reset_index(drop=True)
    if by == "source":
        return per_source
    out = []
    for doc_id in pd.unique(quotes["doc_id"]):
        src = per_source[per_source["doc_id"] == doc_id]
        q = quotes[quotes["doc_id"] == doc_id]
        real = src[src["speaker"] != "(no source)"]
        types = real["speaker_type"].value_counts()
        unsourced = src[src["speaker"] == "(no source)"]
        out.append({
            "doc_id": doc_id, "sources": len(real),
            **{t: int(types.get(t, 0)) for t in SPEAKER_TYPES},
            "direct": int(src["direct"].sum()), "partial": int(src["partial"].sum()),
            "paraphrase": int(src["paraphrase"].sum()), "quoted_words": int(src["quoted_words"].sum()),
            "paraphrased_words": int(src["paraphrased_words"].sum()),
            "unsourced_quotes": int(unsourced["direct"].sum() + unsourced["partial"].sum()),
            "scare": int((q["kind"] == "scare").sum()), "term": int((q["kind"] == "term").sum()),
        })
    cols = ["doc_id", "sources", *SPEAKER_TYPES, "direct", "partial", "paraphrase", "quoted_words",
            "paraphrased_words", "unsourced_quotes", "scare", "term"]
    return pd.DataFrame(out, columns=cols)


def unsourced_claims(sentences: pd.DataFrame, quotes: pd.DataFrame, stance: pd.DataFrame) -> pd.DataFrame:
    """Sentences that hedge or lean on vague sources without naming anyone.

    A sentence is listed when it holds a hedge, distancer or vague source from the stance
    table and no quote or paraphrase of that sentence has a named or institutional speaker.
    Columns: ``doc_id``, ``sent_id``, ``start``, ``end``, ``text``, ``markers`` (the marker
    words, comma-separated).
    """
    cols = ["doc_id", "sent_id", "start", "end", "text", "markers"]
    marks = stance[stance["marker"].isin(["hedge", "distancer", "vague_source"])]
    if marks.empty:
        return pd.DataFrame(columns=cols)
    sourced = quotes[quotes["speaker_type"].isin(["named", "institutional"])] if len(quotes) else quotes
    sourced_keys = set(zip(sourced["doc_id"], sourced["sent_id"])) if len(sourced) else set()
    rows = []
    for (doc_id, sent_id), g in marks.groupby(["doc_id", "sent_id"], sort=False):
        if (doc_id, sent_id) in sourced_keys:
            continue
        sent = sentences[(sentences["doc_id"] == doc_id) & (sentences["sent_id"] == sent_id)]
        if sent.empty:
            continue
        s = sent.iloc[0]
        rows.append((doc_id, int(sent_id), int(s["start"]), int(s["end"]), s["text"],
                     ", ".join(g["text"].str.lower())))
    return pd.DataFrame(rows, columns=cols)
