"""Document parts: which sentences are the headline, the lead and the body of an article.

The headline and the lead are where a story sets its frame and its tone, and benchmarks of
news framing (SemEval-2023 task 3) use "title" and "title + first paragraph" as units. Every
sentence gets a ``part``:

``headline``
    the article's title. When the text itself starts with it (a plain-text file whose first
    line reads as a headline, see :func:`headline_line`; an HTML page that repeats its title),
    that first paragraph is the headline. A title given only as metadata (front matter, a
    CSV/JSON ``title`` column, an HTML ``<title>``) is the headline too, but it is not part of
    the text: :func:`sentences_by_part` adds it as a row of its own, without offsets.
``lead``
    the first paragraph after the headline, or the first :data:`LEAD_SENTENCES` sentences when
    the text has no paragraph breaks.
``body``
    everything after the lead.

A text without any title (a CSV or JSON row without a ``title``) whose first line reads as a
headline gets that line as its headline part; its ``title`` stays empty (only plain-text files
take their title from it, in :mod:`analysis.load`).

Known blind spots: a headline that ends with a full stop, or is longer than
:data:`HEADLINE_MAX_CHARS`, is read as the lead; a dateline ("MINSK, Aug 16 (Reuters) -") is part of the lead; a
lead of one very long paragraph is kept whole; photo captions and subheadings in the body
count as body.
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from .segment import split_paragraphs

PARTS = ("headline", "lead", "body")
"""The values of the ``part`` column, in reading order."""

HEADLINE_MAX_CHARS = 200
"""The longest first line of a plain-text file that is read as its headline; a longer title
given as metadata is still the headline, with a note."""

LEAD_SENTENCES = 2
"""Sentences of the lead when the text has no paragraph breaks."""

PART_COLUMNS = ["doc_id", "part", "source", "start", "end", "sentences", "words", "text", "note"]

_FINAL_STOP = re.compile(r"(?<!\.)\.[\"'”’»)\]]*$")  # one full stop at the end ("..." is no stop)
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def headline_line(text: str) -> str | None:
    """The first line of a plain text when it reads as a headline, else ``None``.

    A headline is a first line of at most :data:`HEADLINE_MAX_CHARS` characters, holding a
    letter, without a final full stop (a question or exclamation mark is fine, an ellipsis
    too), followed by a blank line or by nothing. A Markdown heading mark (``# ``) is left out
    of the returned title. :mod:`analysis.load` uses this to give a ``.txt``/``.md`` file
    without a title its title.
    """
    if not isinstance(text, str):
        return None
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    first = first.strip()
    if not first or len(first) > HEADLINE_MAX_CHARS or not any(ch.isalpha() for ch in first):
        return None
    if rest and rest.split("\n", 1)[0].strip():  # the next line must be blank (or none)
        return None
    if _FINAL_STOP.search(first) or first.endswith((",", ";", ":")):
        return None
    return _HEADING_MARK.sub("", first).strip() or None


def _normal(text) -> str:
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _HEADING_MARK.sub("", text.strip())
    text = re.sub(r"[\"'“”‘’«»]", "", text)
    return _SPACE.sub(" ", text).strip().casefold()


def headline_span(text: str, title=None) -> tuple[int, int] | None:
    """``(start, end)`` of the headline inside ``text`` (offsets into the cleaned text), or
    ``None`` when the text does not start with its headline.

    The first paragraph is the headline when it matches ``title`` (case, quotation marks,
    spacing and a Markdown ``#`` aside), or when there is no title and it reads as a headline
    (:func:`headline_line`).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        return None
    start, end = paragraphs[0]
    first = text[start:end]
    if isinstance(title, str) and title.strip():
        return (start, end) if _normal(first) == _normal(title) and "\n" not in first else None
    line = headline_line(text[start:])
    return (start, end) if line is not None and "\n" not in first else None


def _title_of(row) -> str | None:
    title = row.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else None


def _assign(para_ids: list[int], sent_starts: list[int], span) -> list[str]:
    """Parts of one article's sentences (in text order)."""
    parts = []
    rest = []
    for i, start in enumerate(sent_starts):
        if span is not None and span[0] <= start < span[1]:
            parts.append("headline")
        else:
            parts.append("body")
            rest.append(i)
    if rest:
        first_para = para_ids[rest[0]]
        if len({para_ids[i] for i in rest}) > 1:  # the first paragraph after the headline
            lead = [i for i in rest if para_ids[i] == first_para]
        else:  # no paragraph breaks: the first sentences
            lead = rest[:LEAD_SENTENCES]
        for i in lead:
            parts[i] = "lead"
    return parts


def add_parts(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``sentences`` with a ``part`` column (``headline``, ``lead`` or ``body``; see the
    module notes). A copy is returned; rows keep their order.

    ``sentences`` needs ``doc_id``, ``para_id``, ``sent_id`` and ``start``; ``articles``
    needs ``doc_id`` and ``text`` (and ``title`` when there is one). Sentences of an article
    not in ``articles`` are parted without a title.
    """
    missing = {"doc_id", "para_id", "sent_id", "start"} - set(sentences.columns)
    if missing:
        raise KeyError(f"add_parts needs columns {sorted(missing)} in the sentences table")
    out = sentences.copy()
    if out.empty:
        out["part"] = pd.Series(dtype="object")
        return out
    texts, titles = {}, {}
    if articles is not None and len(articles):
        have_title = "title" in articles.columns
        for row in articles.to_dict("records") if have_title else (
                dict(doc_id=d, text=t) for d, t in zip(articles["doc_id"], articles["text"])):
            texts[row["doc_id"]] = row.get("text")
            titles[row["doc_id"]] = _title_of(row)
    ordered = out.reset_index(drop=True).sort_values(["doc_id", "sent_id"], kind="stable")
    docs = ordered["doc_id"].tolist()
    paras = ordered["para_id"].tolist()
    starts = ordered["start"].tolist()
    result: list[str] = []
    i, n = 0, len(docs)
    while i < n:  # one article at a time (its rows are together after the sort)
        j = i
        while j < n and docs[j] == docs[i]:
            j += 1
        span = headline_span(texts.get(docs[i]), titles.get(docs[i]))
        result.extend(_assign(paras[i:j], starts[i:j], span))
        i = j
    values = np.empty(n, dtype=object)
    values[ordered.index.to_numpy()] = result  # (positions: the index may repeat labels)
    out["part"] = values
    return out


def _words(text: str) -> int:
    return len(_WORD.findall(text)) if isinstance(text, str) else 0


def document_parts(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per ``ok`` article and part (three rows per article, none dropped): what its
    headline, lead and body are, and a note where something is unusual.

    Columns: ``doc_id``, ``part``, ``source`` (``text``: sentences of the article;
    ``title``: the title given as metadata, not in the text; ``none``: the article has no
    such part), ``start``, ``end`` (offsets into the cleaned text; missing for a title that
    is not in the text and for a missing part), ``sentences``, ``words``, ``text`` (the
    part's text), ``note`` (an article with only a headline, a long headline, a text
    without paragraph breaks, ...; empty when nothing is unusual).

    ``sentences`` is the sentences table (made with :func:`analysis.segment.split_sentences`
    when not given); it may already have a ``part`` column.
    """
    from .segment import split_sentences

    ok = articles
    if "status" in articles.columns:
        ok = articles[articles["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame(columns=PART_COLUMNS).astype(
            {"start": "Int64", "end": "Int64", "sentences": "int64", "words": "int64"})
    if sentences is None:
        sentences = split_sentences(ok)
    if "part" not in sentences.columns:
        sentences = add_parts(sentences, ok)
    by_doc = {d: g for d, g in sentences.groupby("doc_id", sort=False)}
    rows = []
    for rec in ok.to_dict("records"):
        doc_id, text = rec["doc_id"], rec.get("text") if isinstance(rec.get("text"), str) else ""
        title = _title_of(rec)
        group = by_doc.get(doc_id)
        if group is None:
            group = sentences.iloc[0:0]
        notes = []
        paragraphs = len(split_paragraphs(text))
        for part in PARTS:
            g = group[group["part"] == part]
            if len(g):
                start, end = int(g["start"].min()), int(g["end"].max())
                rows.append(dict(doc_id=doc_id, part=part, source="text", start=start, end=end,
                                 sentences=len(g), words=_words(text[start:end]),
                                 text=text[start:end]))
            elif part == "headline" and title:
                rows.append(dict(doc_id=doc_id, part=part, source="title", start=pd.NA,
                                 end=pd.NA, sentences=1, words=_words(title), text=title))
            else:
                rows.append(dict(doc_id=doc_id, part=part, source="none", start=pd.NA,
                                 end=pd.NA, sentences=0, words=0, text=""))
        mine = rows[-3:]
        headline = mine[0]
        if headline["source"] == "none":
            notes.append("no headline: no title and the text does not start with one")
        elif len(headline["text"]) > HEADLINE_MAX_CHARS:
            notes.append(f"headline of {len(headline['text'])} characters, longer than "
                         f"{HEADLINE_MAX_CHARS}: check it is not the first paragraph")
        if mine[1]["source"] == "none":
            notes.append("only a headline: no lead and no body")
        elif mine[2]["source"] == "none":
            notes.append("no body: the text ends with the lead")
        lead_paras = paragraphs - (1 if headline["source"] == "text" else 0)
        if mine[1]["source"] == "text" and lead_paras <= 1 and mine[2]["source"] == "text":
            notes.append(f"no paragraph breaks: the lead is the first {LEAD_SENTENCES} sentences")
        for r in mine:
            r["note"] = "; ".join(notes)
    df = pd.DataFrame.from_records(rows, columns=PART_COLUMNS)
    return df.astype({"start": "Int64", "end": "Int64", "sentences": "int64", "words": "int64"})


def sentences_by_part(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The sentences with their ``part``, plus one ``headline`` row for each article whose
    title is not in its text, so the three parts can be scored and compared alike.

    Columns: those of ``sentences`` (``start``/``end`` become nullable integers: missing on
    the added title rows, whose ``sent_id`` is 0 and ``para_id`` 0), ``part``, ``source``
    (``text`` or ``title``). Pass the result to :func:`analysis.sentiment.score_sentences`.
    """
    if "part" not in sentences.columns:
        sentences = add_parts(sentences, articles)
    sentences = sentences.assign(source="text")
    ok = articles
    if "status" in articles.columns:
        ok = articles[articles["status"] == "ok"]
    has_headline = set(sentences.loc[sentences["part"] == "headline", "doc_id"])
    extra = []
    for rec in ok.to_dict("records"):
        title = _title_of(rec)
        if title and rec["doc_id"] not in has_headline:
            row = {"doc_id": rec["doc_id"], "para_id": 0, "sent_id": 0, "start": pd.NA,
                   "end": pd.NA, "text": title, "part": "headline", "source": "title"}
            if "language" in sentences.columns or "language" in rec:
                row["language"] = rec.get("language")
            extra.append(row)
    if not extra:
        return sentences.astype({"start": "Int64", "end": "Int64"}).reset_index(drop=True)
    out = pd.concat([pd.DataFrame(extra), sentences.astype({"start": "Int64", "end": "Int64"})],
                    ignore_index=True)
    order = {d: i for i, d in enumerate(ok["doc_id"])}
    out["_rank"] = out["doc_id"].map(order).fillna(len(order))
    out = out.sort_values(["_rank", "sent_id"], kind="stable").drop(columns="_rank")
    return out.astype({"start": "Int64", "end": "Int64", "sent_id": "int64",
                       "para_id": "int64"}).reset_index(drop=True)


def compare_parts(sentences: pd.DataFrame, *, mentions: pd.DataFrame | None = None,
                  quotes: pd.DataFrame | None = None, frames: pd.DataFrame | None = None,
                  by: str | None = None) -> pd.DataFrame:
    """Headline, lead and body side by side: one row per part (and per ``by`` group, e.g.
    ``doc_id`` or ``outlet``, when given and present in ``sentences``).

    ``sentences`` has a ``part`` column (:func:`sentences_by_part` or :func:`add_parts`) and,
    for the tone figures, the ``sentiment`` and ``label`` columns of
    :func:`analysis.sentiment.score_sentences`. ``mentions``, ``quotes`` and ``frames`` are
    matched to the part of their sentence (``doc_id``, ``sent_id``); a title that is not in
    the text has no mentions, quotes or frame cues (they are found in the text only).

    Columns: [``by``], ``part``, ``sentences``, ``words``, ``mean_sentiment``,
    ``negative_share``, ``positive_share`` (shares of the scored sentences; missing where no
    sentence was scored), ``mentions``, ``quotes``, ``frame_cues`` (counts; missing when the
    table was not given), ``per_sentence_mentions``.
    """
    if "part" not in sentences.columns:
        raise KeyError("compare_parts needs a 'part' column: use parts.sentences_by_part first")
    keys = [by] if by else []
    s = sentences.copy()
    s["words"] = s["text"].map(_words)
    if "label" in s.columns:
        scored = s["label"].isin(["negative", "neutral", "positive"])
        s["_neg"] = (s["label"] == "negative").where(scored).astype("float")
        s["_pos"] = (s["label"] == "positive").where(scored).astype("float")
    else:
        s["_neg"] = s["_pos"] = float("nan")
    if "sentiment" not in s.columns:
        s["sentiment"] = float("nan")
    grouped = s.groupby(keys + ["part"], sort=False)
    out = grouped.agg(sentences=("text", "size"), words=("words", "sum"),
                      mean_sentiment=("sentiment", "mean"), negative_share=("_neg", "mean"),
                      positive_share=("_pos", "mean")).reset_index()
    where = s[["doc_id", "sent_id", "part"] + keys].drop_duplicates(["doc_id", "sent_id"])
    for name, table in (("mentions", mentions), ("quotes", quotes), ("frame_cues", frames)):
        if table is None:
            out[name] = pd.NA
            continue
        if table.empty or "sent_id" not in table.columns:
            out[name] = 0
            continue
        located = table[["doc_id", "sent_id"]].merge(where, on=["doc_id", "sent_id"], how="inner")
        counts = located.groupby(keys + ["part"]).size().rename(name).reset_index()
        out = out.merge(counts, on=keys + ["part"], how="left")
        out[name] = out[name].fillna(0).astype("int64")
    out["per_sentence_mentions"] = (out["mentions"].astype("Float64") / out["sentences"]).round(3) \
        if mentions is not None else pd.NA
    out["part"] = pd.Categorical(out["part"], categories=list(PARTS), ordered=True)
    out = out.sort_values(keys + ["part"], kind="stable").reset_index(drop=True)
    out["part"] = out["part"].astype("object")
    return out[keys + ["part", "sentences", "words", "mean_sentiment", "negative_share",
                       "positive_share", "mentions", "quotes", "frame_cues",
                       "per_sentence_mentions"]]


def scored_parts(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """:func:`sentences_by_part` with the added title rows scored like the sentences around
    them (:func:`analysis.sentiment.score_sentences`), when ``sentences`` is scored.

    Columns: those of :func:`sentences_by_part`. Blind spot: the English scorer is used for
    every title; a title in another language gets no score (``label`` ``not_english``).
    """
    import warnings

    table = sentences_by_part(sentences, articles)
    titles = table["source"] == "title"
    if not titles.any() or "sentiment" not in table.columns:
        return table
    from .sentiment import score_sentences

    ok = articles[articles["status"] == "ok"] if "status" in articles.columns else articles
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (titles not in English: counted, not scored)
        scored = score_sentences(table.loc[titles, ["doc_id", "text"]], articles=ok)
    for col in scored.columns:
        if col in table.columns and col not in ("doc_id", "text"):
            table.loc[titles, col] = scored[col].to_numpy()
    return table


def part_examples(table: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """The sentences behind the figures of :func:`compare_parts`: for each part, the ``n``
    most negative and the ``n`` most positive scored sentences (fewer when the part has
    fewer), in that order.

    Columns: ``part``, ``which`` (``most negative`` / ``most positive``), ``doc_id``,
    ``sent_id`` (0 for a title that is not in the text), ``sentiment``, ``label``, ``text``.
    """
    columns = ["part", "which", "doc_id", "sent_id", "sentiment", "label", "text"]
    if table.empty or "sentiment" not in table.columns:
        return pd.DataFrame(columns=columns)
    scored = table.dropna(subset=["sentiment"])
    out = []
    for part in PARTS:
        rows = scored[scored["part"] == part]
        neg = rows[rows["sentiment"] < 0].nsmallest(n, "sentiment")
        pos = rows[rows["sentiment"] > 0].nlargest(n, "sentiment")
        out += [neg.assign(which="most negative"), pos.assign(which="most positive")]
    out = [o for o in out if len(o)]
    if not out:
        return pd.DataFrame(columns=columns)
    return pd.concat(out, ignore_index=True)[columns]
