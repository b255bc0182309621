"""The Russian analyses of a set of articles, in the tables and columns of the English ones.

:func:`analyse_articles` splits the articles into sentences (paragraphs as in
:mod:`analysis.segment`, sentences with the pack's razdel splitter), scores each sentence
(``sentiment`` and ``label`` from the pack's lexicon; the VADER and TextBlob columns are
English-only and stay NaN), finds actor mentions (the slovnet recogniser; every inflected form
of a name is one actor through :func:`.actors.actor_key`, codebook ``aliases_ru`` give the
codebook id), frame cues and quotes. Discovered actors keep a Cyrillic slug as their id, the
words of their key joined by ``-`` (``путин``, ``мид-россия``), so the same name gives the same
id in every article and run.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...segment import SENTENCE_COLUMNS, _PARAGRAPH

_SLUG = re.compile(r"[^\w]+")


def _slug(key: str) -> str:
    return _SLUG.sub("-", key.split(":", 1)[-1].strip().lower()).strip("-")


def split_sentences(articles: pd.DataFrame, pack) -> pd.DataFrame:
    """The sentences table (``SENTENCE_COLUMNS``) of ``articles`` (``doc_id``, ``text``)."""
    records = []
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        if not isinstance(text, str):
            continue
        sent_id = 0
        for para_id, para in enumerate(_PARAGRAPH.finditer(text), start=1):
            for a, b in pack.split_sentences(para.group()):
                start, end = para.start() + a, para.start() + b
                if not text[start:end].strip():
                    continue
                sent_id += 1
                records.append((doc_id, para_id, sent_id, start, end, text[start:end]))
    df = pd.DataFrame.from_records(records, columns=SENTENCE_COLUMNS)
    return df.astype({"para_id": "int64", "sent_id": "int64", "start": "int64", "end": "int64"})


def score_sentences(sentences: pd.DataFrame, pack) -> pd.DataFrame:
    """``sentences`` with the columns of :func:`analysis.sentiment.score_sentences`."""
    from ...sentiment import SCORE_COLUMNS

    out = sentences.copy()
    scores = [pack.score_sentence(t) for t in out["text"].tolist()]
    for c in SCORE_COLUMNS[:-2]:
        out[c] = np.nan
    out["sentiment"] = pd.Series([s for s, _ in scores], index=out.index, dtype="float64")
    out["label"] = pd.Series([lab for _, lab in scores], index=out.index, dtype="str")
    out["language"] = pack.code
    return out


def find_mentions(sentences: pd.DataFrame, pack, codebook=None) -> pd.DataFrame:
    """Actor mentions with ``ACTOR_MENTION_COLUMNS`` + ``target_sentiment``, ``target_label``."""
    from ...entities import ACTOR_MENTION_COLUMNS

    texts = sentences["text"].tolist()
    found = pack.entity_recogniser().find_many(texts) if texts else []
    rows = []
    names: dict = {}
    for (doc_id, sent_id, s0, text), spans in zip(
            sentences[["doc_id", "sent_id", "start", "text"]].itertuples(index=False), found):
        for a, b, kind, conf in spans:
            name = pack.normal_form(text, a, b, kind)
            actor = pack.resolve_actor(name, kind, codebook)
            source = "codebook" if actor else "discovered"
            if actor is None:
                actor = _slug(pack.actor_key(name, kind))
            book = codebook.actors.get(actor) if (codebook is not None and source == "codebook") else None
            long = names.get((doc_id, actor))
            if book is None and (long is None or len(name) > len(long)):
                names[(doc_id, actor)] = name
            score, label = pack.score_target(text, a, b)
            rows.append({"doc_id": doc_id, "sent_id": sent_id, "start": s0 + a, "end": s0 + b,
                         "surface": text[a:b], "actor": actor,
                         "actor_type": book.type if book is not None else kind,
                         "match_kind": "alias" if book is not None else (
                             "name" if " " in text[a:b].strip() else "surname"),
                         "role": "mentioned", "actor_name": book.name if book is not None else None,
                         "source": source, "confidence": 1.0 if book is not None else float(conf),
                         "role_title": None, "affiliation": None,
                         "target_sentiment": float(score), "target_label": label})
    cols = ACTOR_MENTION_COLUMNS + ["target_sentiment", "target_label"]
    df = pd.DataFrame(rows, columns=cols)
    if not df.empty:
        missing = df["actor_name"].isna()
        df.loc[missing, "actor_name"] = [names[(d, a)] for d, a in
                                         zip(df.loc[missing, "doc_id"], df.loc[missing, "actor"])]
    return df


def tag_frames(sentences: pd.DataFrame, pack) -> pd.DataFrame:
    """Frame cues with ``analysis.frames.FRAME_COLUMNS`` (``entry`` is the cue)."""
    from ...frames import FRAME_COLUMNS

    rows = []
    for doc_id, sent_id, s0, text in sentences[["doc_id", "sent_id", "start", "text"]].itertuples(index=False):
        for a, b, frame, cue in pack.tag_frames(text):
            rows.append((doc_id, sent_id, frame, cue, s0 + a, s0 + b, cue))
    return pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS)


def find_quotes(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                pack) -> pd.DataFrame:
    """Quotes with ``analysis.quotes.QUOTE_COLUMNS``; ``actor`` is the id of a mention that
    overlaps the speaker span (its mention's ``role`` becomes ``speaker``)."""
    from ...quotes import QUOTE_COLUMNS

    parts = []
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        q = pack.find_quotes(text)
        if q.empty:
            continue
        q = q.copy()
        q.insert(0, "doc_id", doc_id)
        sents = sentences[sentences["doc_id"] == doc_id]
        starts = sents["start"].to_numpy()
        ids = sents["sent_id"].to_numpy()
        q["sent_id"] = [int(ids[max(np.searchsorted(starts, int(s), side="right") - 1, 0)])
                        if len(ids) else pd.NA for s in q["start"]]
        ments = mentions[mentions["doc_id"] == doc_id]
        actor, types = [], []
        for s, e in zip(q["speaker_start"], q["speaker_end"]):
            hit = ments.iloc[0:0]
            if not (pd.isna(s) or pd.isna(e)):
                hit = ments[(ments["start"] < int(e)) & (ments["end"] > int(s))]
            if len(hit):
                mentions.loc[hit.index, "role"] = "speaker"
            actor.append(hit["actor"].iloc[0] if len(hit) else None)
            types.append(hit["actor_type"].iloc[0] if len(hit) else None)
        q["actor"], q["speaker_type"] = actor, types
        q["speaker_text"] = q["speaker"]
        q["status"] = "ok"
        q["words"] = [len(pack.tokens(t)) if isinstance(t, str) else 0 for t in q["text"]]
        parts.append(q)
    if not parts:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[QUOTE_COLUMNS]


def analyse_articles(articles: pd.DataFrame, pack=None, *, codebooks: dict | None = None) -> dict:
    """The tables ``sentences``, ``mentions``, ``frames``, ``quotes``, ``stance`` (empty: the
    pack has no stance markers) and ``actors`` of Russian ``articles`` (``doc_id``, ``text``),
    with the columns of the English tables."""
    from ... import entities
    from .. import get_pack

    pack = pack or get_pack("ru")
    codebook = (codebooks or {}).get("actors")
    sentences = split_sentences(articles, pack)
    scored = score_sentences(sentences, pack)
    mentions = find_mentions(sentences, pack, codebook)
    quotes = find_quotes(articles, sentences, mentions, pack)
    return {"sentences": scored, "mentions": mentions, "frames": tag_frames(sentences, pack),
            "quotes": quotes, "stance": None,
            "actors": entities.actor_table(mentions, quotes=quotes)}
