"""find_quotes: the quotes table of a set of articles.

Each quotation is paired (:mod:`.marks`), attributed (:mod:`.attribution`), sorted into a
``kind`` (see :data:`KINDS`) and, where the actor codebook or the entity layer knows the
speaker, linked to an actor (:mod:`.link`); paraphrases are found from reporting verbs without
quotation marks.
"""
from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from collections import OrderedDict
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from .attribution import (_NOT_PARAPHRASE, _CONTENT_SKIP, _Windows, _choose_attribution,
                          _fill_attribution, _np_right, _resolve_pronoun)
from .lexicon import ReportingLexicon, load_reporting
from .link import _actor_mentions, _link_actor, _mentions_by_doc
from .marks import QuoteSpan, QuoteWarning, pair_quotes

QUOTE_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "kind", "speaker", "speaker_start",
    "speaker_end", "cue", "cue_start", "cue_end",
    # extra columns
    "speaker_text", "speaker_type", "cue_class", "level", "status", "words", "actor",
]
"""Columns of the quotes table (the first twelve are the agreed ones)."""


KINDS = {
    "direct": "someone's words quoted as they were said, with a speaker",
    "partial": "a fragment of someone's words inside reported speech",
    "scare": "a short unattributed phrase the writer holds at a distance",
    "term": "a name, title or term in quotation marks",
    "nested": "a quotation inside another quotation",
    "paraphrase": "indirect speech without quotation marks: the writer's words for a source's",
}
STATUSES = {
    "ok": "quotation marks balanced",
    "unclosed": "an opening mark without a closing one; the quote is taken to end with its paragraph",
    "unopened": "a closing mark without an opening one; the quote is taken to start with its sentence",
}


_TITLE_WORD = re.compile(r"[\w'-]+")
_TITLE_SMALL = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "or", "with", "is"}
_COUNTED_WORD = re.compile(r"\w+(?:['-]\w+)*")


def _is_title(s: str) -> bool:
    words = _TITLE_WORD.findall(s)
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(content) and words[0][0].isupper() \
        and all(w[0].isupper() or w[0].isdigit() for w in content)


def _word_count(s: str) -> int:
    return len(_COUNTED_WORD.findall(s))


def _sentence_index(sent_starts: list[int], pos: int) -> int:
    """Index of the sentence containing character ``pos`` (or the last one starting before it),
    given the start of each sentence in text order."""
    return max(0, bisect_right(sent_starts, pos) - 1)


def _prepare(caller: str, articles: pd.DataFrame, sentences, lexicon):
    """The word list, the articles to read (status ``ok``) and their sentences (split here
    when not given), with a clear error when the articles table lacks a needed column."""
    missing = {"doc_id", "text"} - set(articles.columns)
    if missing:
        raise KeyError(f"{caller} needs columns {sorted(missing)} in the articles table")
    lex = lexicon if isinstance(lexicon, ReportingLexicon) else load_reporting(lexicon)
    rows = articles
    if "status" in articles.columns:
        rows = articles[articles["status"] == "ok"]
    if sentences is None:
        from ..segment import split_sentences

        sentences = split_sentences(rows)
    return lex, rows, sentences


def find_quotes(articles: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                actors=None, lexicon: ReportingLexicon | str | Path | None = None,
                paraphrase: bool = True) -> pd.DataFrame:
    """The quotes table: one row per quotation (and per paraphrase) of every ``ok`` article.

    Columns: ``doc_id``, ``sent_id`` (sentence where the quote starts), ``start``, ``end`` (the
    quoted words, without the quotation marks; for a paraphrase, the reported content),
    ``text``, ``kind`` (see :data:`KINDS`), ``speaker`` (an actor id when the actor codebook
    or the entity layer knows the speaker, else the speaker's words; a pronoun is replaced by the last named speaker
    when there is one), ``speaker_start``, ``speaker_end`` (where the speaker is mentioned for
    this quote: the name or the pronoun), ``cue`` (reporting verb or phrase), ``cue_start``,
    ``cue_end``; and ``speaker_text`` (the words at the speaker span), ``speaker_type`` (named /
    institutional / vague / described / unresolved), ``cue_class`` (the verb's class in the word
    list), ``level`` (0 for an outer quotation, 1 inside another), ``status`` (ok / unclosed /
    unopened, see :data:`STATUSES`), ``words`` and ``actor`` (the speaker's actor id, from the
    codebook or the entity layer, ``<NA>`` when the speaker is no known actor). Spans are
    ``<NA>`` when there is no speaker or cue.

    ``actors`` links speakers to the actor codebook: ``None`` uses the default codebook when
    :mod:`analysis.actors` is available, a mentions table (``doc_id, start, end, actor``) or a
    codebook object is used as given, and ``False`` turns linking off. Unbalanced quotation
    marks give a :class:`QuoteWarning` and a row with that status; the rest of the article is
    read as usual.
    """
    lex, rows, sentences = _prepare("find_quotes", articles, sentences, lexicon)
    mentions = _actor_mentions(rows, sentences, actors)
    # (sent_id, start, end) of each article's sentences and its actor mentions, gathered once
    sent_spans_of: dict = {}
    for doc_id, sent_id, start, end in zip(*(sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "end"))):
        sent_spans_of.setdefault(doc_id, []).append((int(sent_id), int(start), int(end)))
    for spans in sent_spans_of.values():
        spans.sort(key=lambda span: span[1])  # in text order
    mentions_of = _mentions_by_doc(mentions)
    records = []
    for doc_id, text in zip(rows["doc_id"], rows["text"]):
        if not isinstance(text, str) or not text.strip():
            continue
        sent_spans = sent_spans_of.get(doc_id)
        if not sent_spans:
            continue
        records += _quotes_of(doc_id, text, sent_spans, lex, mentions_of.get(doc_id), paraphrase)
    if all(isinstance(r["doc_id"], str) for r in records):
        # the order sort_values gives the table (a stable sort), found on the plain rows
        records.sort(key=itemgetter("doc_id", "start", "level"))
        return _quotes_frame(records)
    # other doc ids are compared as the strings they become in the table
    return _quotes_frame(records).sort_values(["doc_id", "start", "level"],
                                              kind="stable").reset_index(drop=True)


_INT_COLUMNS = frozenset(["sent_id", "start", "end", "speaker_start", "speaker_end", "cue_start",
                          "cue_end", "level", "words"])


def _quotes_frame(records: list[dict]) -> pd.DataFrame:
    """The quotes table of ``records`` in their order: the offsets, ``level`` and ``words`` as
    nullable ``Int64`` (``<NA>`` for ``None``), the other columns as ``string``."""
    columns = {}
    for col in QUOTE_COLUMNS:
        values = [r[col] for r in records]
        if col in _INT_COLUMNS:
            missing = np.array([v is None for v in values], dtype=bool)
            numbers = np.array([0 if v is None else v for v in values], dtype=np.int64)
            columns[col] = pd.arrays.IntegerArray(numbers, missing)
        else:
            columns[col] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


_READ: OrderedDict = OrderedDict()
_READ_SIZE = 256
"""The quotes of the articles read last, before their speakers are linked to actors: the entity
layer reads each article's quotations for its speakers (:mod:`.speakers`) just before the
quotes table is made, so the second reading is a look-up. A pure cache: the rows depend only
on the key (the article, its sentences, the word list, ``paraphrase``)."""


def _quotes_of(doc_id, text, sent_spans, lex, mentions, paraphrase) -> list[dict]:
    key = (doc_id, text, tuple(sent_spans), id(lex), paraphrase)
    hit = _READ.get(key)
    if hit is not None and hit[0] is lex:
        _READ.move_to_end(key)
        rows, problems = hit[1], hit[2]
    else:
        rows, problems = _read_quotes(doc_id, text, sent_spans, lex, paraphrase)
        _READ[key] = (lex, rows, problems)
        if len(_READ) > _READ_SIZE:
            _READ.popitem(last=False)
    for p in problems:
        warnings.warn(f"{doc_id}: {p}", QuoteWarning, stacklevel=4)
    out = [dict(row) for row in rows]
    if mentions:
        for row in out:
            _link_actor(row, mentions, text)
    return out


def _read_quotes(doc_id, text, sent_spans, lex, paraphrase) -> tuple[list[dict], list]:
    """The quote rows of one article before linking, and the problems of its marks."""
    sent_starts = [start for _, start, _ in sent_spans]
    spans, problems = pair_quotes(text)
    # an unopened quote runs from the start of its sentence (or the previous quote) to the mark
    for s in spans:
        if s.status == "unopened":
            i = _sentence_index(sent_starts, s.close)
            start = sent_spans[i][1]
            prev_ends = [o.close + 1 for o in spans if o.close is not None and o.close < s.close
                         and o is not s and o.status == "ok"]
            start = max([start] + [e for e in prev_ends if e <= s.close])
            while start < s.close and text[start].isspace():
                start += 1
            s.start, s.end = start, s.close
    outer = [s for s in spans if s.level == 0 and s.end > s.start]
    window = _Windows(text, sent_spans, outer, lex)
    out = []
    last_by_sentence: dict[int, dict] = {}
    for q in spans:
        if q.end <= q.start:
            continue
        i0 = _sentence_index(sent_starts, q.start)
        i1 = _sentence_index(sent_starts, max(q.start, q.end - 1))
        inner = text[q.start:q.end]
        row = _row(doc_id, sent_spans[i0][0], q.start, q.end, inner)
        row.update(level=q.level, status=q.status, words=_word_count(inner))
        if q.level > 0:
            row["kind"] = "nested"
            out.append(row)
            continue
        toks = window(i0, i1)
        qi = next((k for k, t in enumerate(toks) if t.tag == "QUOTE" and t.start <= q.start < t.end), None)
        att = _choose_attribution(toks, qi, lex, text, sent_spans, i0, i1, window) if qi is not None else None
        if att is not None:
            att_toks, a = att
            _fill_attribution(row, text, att_toks, a, lex)
        _classify(row, text, q, lex, attributed=att is not None, sent_start=sent_spans[i0][1])
        if att is None and row["kind"] in ("direct", "partial"):
            prev = next((last_by_sentence[k] for k in (i0, i0 - 1, i0 - 2) if k in last_by_sentence), None)
            if prev is not None:  # continuation of the previous speaker's quotation
                for col in ("speaker", "speaker_start", "speaker_end", "speaker_text", "speaker_type"):
                    row[col] = prev[col]
                row["kind"] = "direct" if row["kind"] == "direct" or row["words"] >= 6 else "partial"
        if row["speaker_text"] is not None:
            _resolve_pronoun(row, window, i0)
            last_by_sentence[i1] = row
        out.append(row)
    if paraphrase:
        out += _paraphrases(doc_id, text, sent_spans, outer, lex, window)
    return out, list(problems)


def _row(doc_id, sent_id, start, end, text) -> dict:
    row = {c: None for c in QUOTE_COLUMNS}
    row.update(doc_id=doc_id, sent_id=sent_id, start=start, end=end, text=text)
    return row


def _classify(row, text, q: QuoteSpan, lex, *, attributed: bool, sent_start: int):
    inner = row["text"]
    words = row["words"]
    lead = text[max(sent_start, (q.open or q.start) - 30):q.open if q.open is not None else q.start]
    lead_words = lead.lower().split()
    naming = any(" ".join(lead_words[-n:]) in cues for n, cues in lex.naming_cues_by_length.items()) \
        if lead_words else False
    title = words <= 6 and _is_title(inner) and not re.search(r"[.?!]\W*$", inner[:-1] or "x") \
        and not re.search(r"\b(I|We|You)\b", inner)
    starts_upper = inner[:1].isupper() or inner[:1].isdigit()
    at_start = not text[sent_start:q.open if q.open is not None else q.start].strip()
    after_colon = lead.rstrip().endswith((":", ","))
    distanced = bool(lead_words) and lead_words[-1].strip("\"'“‘(") in lex.distancers
    if distanced and words <= 6:
        row["kind"] = "scare"  # so-called "peace plan": the writer keeps the words at a distance
    elif attributed and at_start and starts_upper and re.search(r"[,.?!]$", inner):
        row["kind"] = "direct"  # "No," said the minister.
    elif (title and (naming or words <= 4)) or (naming and words <= 4 and not attributed):
        row["kind"] = "term"
    elif attributed:
        direct = starts_upper and (at_start or after_colon or words >= 8 or re.search(r"[.,?!]$", inner))
        row["kind"] = "direct" if direct else "partial"
    elif words <= 4 and not re.search(r"[.?!]$", inner):
        row["kind"] = "scare"
    else:
        row["kind"] = "direct" if starts_upper else "partial"


def _paraphrases(doc_id, text, sent_spans, outer, lex, window) -> list[dict]:
    """Indirect speech: 'X said (that) ...', '..., X said.', 'according to X, ...'."""
    out = []
    quoted = [(q.open if q.open is not None else q.start, (q.close + 1) if q.close is not None else q.end)
              for q in outer]
    for i, (sent_id, s_lo, s_hi) in enumerate(sent_spans):
        atts = window.attributions(i, i)
        if not atts:
            continue
        toks = window(i, i)
        for a in atts:
            if a.speaker is None or toks[a.cue[0]].low in _NOT_PARAPHRASE:
                continue
            c0, c1 = a.cue
            last = len(toks)
            while last > 0 and toks[last - 1].text in ".!?":
                last -= 1
            if a.side == "according" and c0 <= 1 and a.speaker[1] < last and toks[a.speaker[1]].text == ",":
                content = (a.speaker[1] + 1, last)
            elif a.side in ("according", "before", "inverted") and min(c0, a.speaker[0]) > 1 \
                    and toks[min(c0, a.speaker[0]) - 1].text == "," and max(c1, a.speaker[1]) >= last - 3:
                content = (0, min(c0, a.speaker[0]) - 1)
            elif a.side == "before" and c1 < last:
                j = c1
                if toks[c0].low in ("told", "tell", "tells", "telling", "assured", "warned", "urged", "asked"):
                    obj = _np_right(toks, c0)
                    j = obj[1] if obj else j
                while j < last and (toks[j].low in _CONTENT_SKIP or toks[j].tag == "CD"):
                    j += 1
                content = (j, last)
            else:
                continue
            a0, a1 = content
            if a1 - a0 < 3:
                continue
            start, end = toks[a0].start, toks[a1 - 1].end
            covered = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in quoted
                          if qs < end and qe > start)
            if covered > 0.5 * (end - start):
                continue
            row = _row(doc_id, sent_id, start, end, text[start:end])
            row.update(kind="paraphrase", level=0, status="ok", words=_word_count(text[start:end]))
            _fill_attribution(row, text, toks, a, lex)
            _resolve_pronoun(row, window, i)
            out.append(row)
            break
    return out
