"""The annotated reading view: the whole article with every analysis layer marked in place.

:func:`render_article` draws one article from the tidy tables (all offsets refer to the
cleaned text ``articles.text``):

================  ==============  ==============================================================
layer             table           how it is drawn
================  ==============  ==============================================================
``sentiment``     ``sentences``   sentence background tint (``sentiment``/``label``) and a small
                                  score badge before the sentence
``actors``        ``mentions``    a box around the name; speakers (``role`` speaker/source) get a
                                  thick double box, other mentions a thin solid one; a name the
                                  recogniser was unsure of (``confidence`` below
                                  :data:`analysis.actor_views.UNSURE_BELOW`) a dashed one; the
                                  tooltip gives the canonical name, the id and the ``source``
``frames``        ``frames``      underline in a colour per frame, plus the frame's number (after
                                  8 frames the colours come round again with a dashed, dotted,
                                  then wavy line)
``quotes``        ``quotes``      a bottom rule whose line style gives the ``kind`` (solid direct,
                                  dashed partial, dotted scare, double term, dash-dot paraphrase)
``hedges``        ``stance``      hedges and vague sources: italic, dotted line above; judging
                                  reporting verbs (claimed, accused) and boosters: dashed above
================  ==============  ==============================================================

Every layer is told apart by line style or shape as well as by colour (Okabe-Ito colours,
safe for the common colour-vision deficiencies and legible in grey-scale print). Each mark
carries a tooltip (``title``) saying what it is and why. Marks that overlap are split at each
other's boundaries so the HTML nests correctly, and all article text is escaped
(:func:`analysis.render.html_text`).
A layer whose table is missing is skipped with a note in the legend. A row of check boxes
above the legend switches each drawn layer off and on again, in the notebook and in an
exported HTML file alike (plain HTML and CSS: no script runs).
"""
from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from .plots import PALETTE, SENTIMENT_COLOURS
from .actor_views import UNSURE_BELOW
from .entities import slug
from .render import html_text

LAYERS = ("sentiment", "actors", "frames", "quotes", "hedges")
"""Layer names in drawing order (outermost first)."""

LAYER_TABLES = {"sentiment": "sentences", "actors": "mentions", "frames": "frames",
                "quotes": "quotes", "hedges": "stance"}
"""The table each layer is drawn from."""

MARK_COLUMNS = ["doc_id", "layer", "mark_id", "start", "end", "text", "category", "note"]

FRAME_COLOURS = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple",
                                      "sky_blue", "black", "yellow")]
FRAME_LINES = ["solid", "dashed", "dotted", "wavy"]


def _frame_style(key: int) -> str:
    """The inline style of frame number ``key`` (from 1): a colour, and after every 8 frames
    another line style, so 32 frames look different even without their numbers."""
    colour = FRAME_COLOURS[(key - 1) % len(FRAME_COLOURS)]
    line = FRAME_LINES[(key - 1) // len(FRAME_COLOURS) % len(FRAME_LINES)]
    return f"text-decoration-color: {colour}; text-decoration-style: {line}"

QUOTE_STYLES = {"direct": "solid", "partial": "dashed", "scare": "dotted", "term": "double",
                "paraphrase": "dashed"}
QUOTE_MEANINGS = {
    "direct": "direct quote: someone's words in quotation marks",
    "partial": "partial quote: a fragment of someone's words inside reported speech",
    "scare": "scare quote: the writer holds a word at a distance",
    "term": "term or name in quotation marks",
    "paraphrase": "paraphrase: reported speech without quotation marks",
}
SPEAKER_ROLES = {"speaker", "source"}
HEDGE_MARKERS = {"hedge", "distancer", "vague_source", "stance"}
"""Stance markers drawn as hedges (dotted line above, italic); other markers, such as
reporting verbs that judge (claimed, accused) and boosters, get a dashed line above."""
_NEUTRAL_THRESHOLD = 0.05


@dataclass
class Mark:
    """One span to draw: ``[start, end)`` in the cleaned text."""

    layer: str
    start: int
    end: int
    classes: str
    title: str
    category: str = ""
    attrs: dict = field(default_factory=dict)
    mark_id: str = ""
    order: int = 0


@dataclass
class ReadingView:
    """The rendered article. Displays itself in Jupyter; ``html`` is the HTML fragment.

    ``marks`` is the tidy table behind the view (columns ``doc_id, layer, mark_id, start, end,
    text, category, note``); ``notes`` says which layers were skipped or trimmed and why.
    """

    doc_id: str
    html: str
    marks: pd.DataFrame
    notes: dict

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.marks["layer"].value_counts(sort=False).items())
        return f"<ReadingView of {self.doc_id!r}: {len(self.marks)} marks ({counts})>"

    def to_page(self, *, title: str | None = None) -> str:
        """A complete, self-contained HTML document holding the view (no outside requests)."""
        title = html_text(title or f"Reading view: {self.doc_id}")
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{title}</title></head><body>\n{self.html}\n</body></html>\n")


# ---------------------------------------------------------------------------------------------
# public functions


def sentence_anchor(doc_id, sent_id) -> str:
    """The ``id`` of a sentence in a reading view drawn with ``anchors=True``, so a link
    ``page.html#sent-...`` opens at the sentence: ``sent-<h>-<sent_id>``, where ``<h>`` is the
    first 10 hex digits of the SHA-1 of the doc_id (a doc_id comes from a file name, which may
    hold any text; the anchor holds none of it)."""
    import hashlib

    digest = hashlib.sha1(str(doc_id).encode("utf-8")).hexdigest()[:10]
    return f"sent-{digest}-{int(sent_id)}"


def render_article(doc_id, tables: Mapping[str, pd.DataFrame], *, layers=None,
                   sent_ids=None, anchors: bool = False) -> ReadingView:
    """Render article ``doc_id`` with its analysis layers as HTML.

    ``tables`` maps table names to DataFrames: ``articles`` (required: ``doc_id``, ``text``)
    and any of ``sentences``, ``mentions``, ``frames``, ``quotes``, ``stance`` as produced by
    the analysis modules (extra columns are ignored). ``layers`` picks layers from
    :data:`LAYERS` (default: all). A missing table, or one without the needed columns, skips its
    layer with a note in the legend; rows whose offsets fall outside the text are skipped with a
    warning. ``sent_ids`` (a list of sentence numbers, needs the ``sentences`` table) shows only
    those sentences, with the marks that touch them. With ``anchors``, each sentence of the
    sentiment layer carries the ``id`` of :func:`sentence_anchor`, for links from other
    reports (draw an article with anchors once per page). Returns a :class:`ReadingView`.
    """
    layers = _check_layers(layers)
    text, article = _article_text(doc_id, tables)
    notes: dict[str, str] = {}
    marks: list[Mark] = []
    builders = {"sentiment": _sentiment_marks, "actors": _actor_marks, "frames": _frame_marks,
                "quotes": _quote_marks, "hedges": _hedge_marks}
    frame_keys: dict[str, int] = {}
    for layer in layers:
        table_name = LAYER_TABLES[layer]
        df = tables.get(table_name) if hasattr(tables, "get") else None
        if df is None:
            notes[layer] = f"not shown: no {table_name} table"
            continue
        rows = _rows_for(df, doc_id)
        needed = _NEEDED[layer] - set(df.columns)
        if needed:
            notes[layer] = f"not shown: the {table_name} table has no {', '.join(sorted(needed))} column"
            continue
        rows, dropped = _valid_spans(rows, len(text))
        if dropped:
            msg = (f"{dropped} {table_name} row(s) of {doc_id!r} with offsets outside the text "
                   "were skipped")
            warnings.warn(msg, stacklevel=2)
            notes[layer] = msg
        if layer == "frames":
            for name in sorted(rows["frame"].astype(str).unique()):
                frame_keys.setdefault(name, len(frame_keys) + 1)
            marks += _frame_marks(rows, text, frame_keys)
        else:
            drawn = builders[layer](rows, text)
            if anchors and layer == "sentiment" and "sent_id" in rows.columns:
                for mark, sent_id in zip(drawn, rows["sent_id"]):  # (one mark per row)
                    mark.attrs["id"] = sentence_anchor(doc_id, sent_id)
            marks += drawn
    for i, mark in enumerate(marks):
        mark.order = i
        mark.mark_id = mark.mark_id or f"m{i + 1}"
    ranges = None
    if sent_ids is not None:
        ranges = _sentence_ranges(tables, doc_id, sent_ids, len(text))
        marks = [m for m in marks if any(m.start < e and m.end > s for s, e in ranges)]
    body = _render_paragraphs(text, marks, ranges=ranges)
    counts = {layer: sum(m.layer == layer for m in marks) for layer in layers}
    legend = _legend(layers, notes, counts, frame_keys, marks)
    switches = _switches([layer for layer in layers if counts[layer]])
    title = _article_title(article, doc_id)
    view = (f'<div class="ra-view">{_STYLE}<div class="ra-title">{title}</div>{switches}{legend}'
            f'<div class="ra-text" lang="{html_text(article.get("language") or "en")}">'
            f"{body}</div></div>")
    return ReadingView(str(doc_id), view, _marks_table(doc_id, marks, text), notes)


def collect_tables(articles: pd.DataFrame, *, layers=None) -> tuple[dict, dict]:
    """Run the analyses the reading view draws, as far as they are available.

    Returns ``(tables, problems)``: ``tables`` holds ``articles``, ``sentences`` (scored when
    the sentiment module is present) and whichever of ``mentions`` (the entity layer,
    :func:`analysis.entities.find_actors`, linked across the corpus: codebook and discovered
    actors of the English articles), ``frames``, ``quotes`` and ``stance`` could be made; ``problems`` maps a layer to the reason it is missing. An analysis
    that is not installed or that fails is reported (with a warning for a failure), never
    fatal, so the reading view still shows the other layers.
    """
    from .segment import split_sentences

    layers = _check_layers(layers)
    tables = {"articles": articles, "sentences": split_sentences(articles)}
    problems: dict[str, str] = {}

    def attempt(layer, make):
        if layer not in layers:
            return None
        try:
            return make()
        except ImportError as exc:
            problems[layer] = f"analysis not available ({exc})"
        except Exception as exc:  # keep the other layers when one analysis fails
            problems[layer] = f"analysis failed: {type(exc).__name__}: {exc}"
            warnings.warn(f"reading view: {layer} layer skipped: {problems[layer]}", stacklevel=3)
        return None

    def sentiment():
        from .sentiment import score_sentences
        return score_sentences(tables["sentences"])

    def mentions():
        from .entities import apply_links, find_actors, link_corpus
        from .notebook_help import is_english

        sents = tables["sentences"]
        if sents.empty:
            from .entities import ACTOR_MENTION_COLUMNS
            return pd.DataFrame(columns=ACTOR_MENTION_COLUMNS)
        if "language" in articles.columns:  # the entity layer is English, as in the pipeline
            english = [d for d, lang in zip(articles["doc_id"], articles["language"]) if is_english(lang)]
            sents = sents[sents["doc_id"].isin(english)]
        found = find_actors(sents)
        return apply_links(found, link_corpus(found))

    def frames():
        from .frames import tag_frames
        return tag_frames(tables["sentences"])

    def quotes():
        from .quotes import find_quotes
        return find_quotes(articles, sentences=tables["sentences"], actors=tables.get("mentions"))

    def stance():
        from .quotes import find_stance
        return find_stance(articles, sentences=tables["sentences"])

    scored = attempt("sentiment", sentiment)
    if scored is not None:
        tables["sentences"] = scored
    for layer, name, make in (("actors", "mentions", mentions), ("frames", "frames", frames),
                              ("quotes", "quotes", quotes), ("hedges", "stance", stance)):
        result = attempt(layer, make)
        if result is not None:
            tables[name] = result
    try:  # articles in a language with its own pack (Russian): that pack's tables
        _add_pack_tables(tables, articles)
    except Exception as exc:  # keep the English layers when a pack fails
        problems["language packs"] = f"analysis failed: {type(exc).__name__}: {exc}"
        warnings.warn(f"reading view: language pack skipped: {problems['language packs']}",
                      stacklevel=2)
    return tables, problems


def _add_pack_tables(tables: dict, articles: pd.DataFrame) -> None:
    """Replace the rows of the articles that another language's pack analyses (as
    :func:`analysis.pipeline.analyze_corpus` does) with that pack's sentences, sentiment,
    mentions, frames and quotes (:func:`analysis.lang.add_pack_tables`)."""
    from .lang import add_pack_tables

    for name in ("mentions", "frames", "quotes", "stance"):
        tables.setdefault(name, None)
    tables.update(add_pack_tables(tables, articles))
    for name in [n for n, t in tables.items() if t is None]:
        del tables[name]


def reading_marks(doc_id, tables: Mapping[str, pd.DataFrame], *, layers=None) -> pd.DataFrame:
    """The marks of the reading view as a tidy table: ``doc_id, layer, mark_id, start, end,
    text, category, note`` (``text`` is ``article_text[start:end]``, ``note`` the tooltip)."""
    return render_article(doc_id, tables, layers=layers).marks


def find_overlaps(marks: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Pairs of marks, one from layer ``first`` and one from layer ``second``, whose spans
    share at least one character (for example frame cues inside actor names, or hedges inside
    quotes): the places where two analyses read the same words.

    ``marks`` is :attr:`ReadingView.marks` (or :func:`reading_marks`). Columns: ``doc_id``,
    then ``start``, ``end``, ``text``, ``category``, ``note`` of each mark with the suffixes
    ``_a`` (layer ``first``) and ``_b`` (layer ``second``).
    """
    cols = ["doc_id", "start", "end", "text", "category", "note"]
    a = marks.loc[marks["layer"] == first, cols]
    b = marks.loc[marks["layer"] == second, cols]
    pairs = a.merge(b, on="doc_id", suffixes=("_a", "_b"))
    pairs = pairs[(pairs["start_a"] < pairs["end_b"]) & (pairs["start_b"] < pairs["end_a"])]
    return pairs.sort_values(["doc_id", "start_a", "start_b"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# marks per layer

_NEEDED = {
    "sentiment": {"start", "end", "sentiment"},
    "actors": {"start", "end", "actor"},
    "frames": {"start", "end", "frame"},
    "quotes": {"start", "end"},
    "hedges": {"start", "end"},
}


def _sentiment_marks(rows: pd.DataFrame, text: str) -> list[Mark]:
    marks = []
    for row in rows.to_dict("records"):
        score = _number(row.get("sentiment"))
        label = _label(row.get("label"), score)
        colour = SENTIMENT_COLOURS.get(label, PALETTE["grey"])
        strength = 0.10 + 0.30 * min(abs(score), 1.0) if score is not None else 0.10
        badge = {"negative": "\u2212", "positive": "+"}.get(label, "\u00b7")
        if score is not None:
            badge = f"{badge}{abs(score):.2f}" if label != "neutral" else f"{score:+.2f}"
        parts = [f"sentence {row.get('sent_id', '?')}: {label}"]
        if score is not None:
            parts.append(f"score {score:+.2f}")
        for col, name in (("vader_compound", "VADER"), ("textblob_polarity", "TextBlob")):
            value = _number(row.get(col))
            if value is not None:
                parts.append(f"{name} {value:+.2f}")
        if score is None:
            parts.append("no sentiment score in the table")
        marks.append(Mark("sentiment", row["start"], row["end"], f"ra-sent ra-{label}",
                          "; ".join(parts), label,
                          {"data-badge": badge,
                           "style": f"background-color: {_rgba(colour, strength)}"}))
    return marks


def _actor_marks(rows: pd.DataFrame, text: str) -> list[Mark]:
    marks = []
    for row in rows.to_dict("records"):
        role = str(row.get("role") or "").strip().lower()
        speaker = role in SPEAKER_ROLES
        kind = "speaker" if speaker else "mentioned"
        name = row.get("actor_name")
        parts = [f"actor: {row['actor']}"]
        if _present(name) and str(name) != str(row["actor"]):
            # the id only where it is not just the name written as an id (a codebook's own id)
            shown_id = "" if slug(str(name)) == str(row["actor"]) else f" [{row['actor']}]"
            parts[0] = f"actor: {name}{shown_id}"
        if _present(row.get("actor_type")):
            parts[0] += f" ({row['actor_type']})"
        if _present(row.get("source")):
            parts.append(f"{row['source']}")
        parts.append(f"role: {role or 'mentioned'}")
        if _present(row.get("match_kind")):
            parts.append(f"found by {row['match_kind']}")
        confidence = _number(row.get("confidence"))
        if confidence is not None and row.get("source") != "codebook" and confidence < UNSURE_BELOW:
            parts.append(f"the model was unsure of this name (confidence {confidence:.2f})")
            kind += " ra-unsure"
        marks.append(Mark("actors", row["start"], row["end"], f"ra-actor ra-{kind}",
                          "; ".join(parts), kind.split()[0]))
    return marks


def _frame_marks(rows: pd.DataFrame, text: str, keys: dict[str, int]) -> list[Mark]:
    marks = []
    for row in rows.to_dict("records"):
        frame = str(row["frame"])
        key = keys[frame]
        cue = row.get("cue") if _present(row.get("cue")) else text[row["start"]:row["end"]]
        marks.append(Mark("frames", row["start"], row["end"], "ra-frame",
                          f"frame {key}: {frame}; cue: {cue}", frame,
                          {"data-key": str(key), "style": _frame_style(key)}))
    return marks


def _quote_marks(rows: pd.DataFrame, text: str) -> list[Mark]:
    marks = []
    for row in rows.to_dict("records"):
        kind = str(row.get("kind") or "quote").strip().lower() if _present(row.get("kind")) else "quote"
        css = kind if kind in QUOTE_STYLES else "other"
        parts = [QUOTE_MEANINGS.get(kind, f"quote ({kind})")]
        if _present(row.get("speaker")):
            parts.append(f"speaker: {row['speaker']}")
        elif kind in ("direct", "partial", "paraphrase"):
            parts.append("speaker: not found")
        if _present(row.get("cue")):
            parts.append(f"cue: {row['cue']}")
        marks.append(Mark("quotes", row["start"], row["end"], f"ra-quote ra-q-{css}",
                          "; ".join(parts), kind))
    return marks


def _hedge_marks(rows: pd.DataFrame, text: str) -> list[Mark]:
    """Stance rows: ``marker`` (hedge, booster, distancer, vague_source, reporting_verb, ...)
    and ``stance_class`` (neutral, distancing, accusing, ...). Neutral rows (said, told,
    according to) are not marked: the quotes layer already shows who speaks."""
    marks = []
    for row in rows.to_dict("records"):
        marker = _clean_word(row.get("marker")) or _clean_word(row.get("kind")) or "stance"
        cls = _clean_word(row.get("stance_class")) or marker
        if "neutral" in (cls, marker):
            continue
        word = text[row["start"]:row["end"]]
        what = marker.replace("_", " ")
        title = f"{what}: {word}" if cls == marker else f"{what} ({cls.replace('_', ' ')}): {word}"
        shape = "ra-hedge" if marker in HEDGE_MARKERS else "ra-hedge ra-stance-verb"
        marks.append(Mark("hedges", row["start"], row["end"], shape, title, cls,
                          {"data-marker": marker}))
    return marks


def _clean_word(value) -> str:
    return str(value).strip().lower() if _present(value) else ""


# ---------------------------------------------------------------------------------------------
# nesting and HTML


def _sentence_ranges(tables, doc_id, sent_ids, length: int) -> list[tuple[int, int]]:
    sentences = tables.get("sentences") if hasattr(tables, "get") else None
    if sentences is None:
        raise KeyError("sent_ids needs tables['sentences']")
    rows = _rows_for(sentences, doc_id)
    wanted = {int(i) for i in ([sent_ids] if isinstance(sent_ids, int) else sent_ids)}
    rows = rows[rows["sent_id"].astype(int).isin(wanted)].sort_values("start")
    missing = wanted - set(rows["sent_id"].astype(int))
    if missing:
        raise KeyError(f"article {doc_id!r} has no sentence(s) {sorted(missing)}")
    return [(int(s), min(int(e), length)) for s, e in zip(rows["start"], rows["end"])]


def _render_paragraphs(text: str, marks: list[Mark], *, ranges=None) -> str:
    """Paragraphs (or the given ``ranges``) as ``<p>``; inside each, marks nested by layer
    order and split where needed."""
    from .segment import split_paragraphs

    if ranges is None:
        ranges = split_paragraphs(text) or ([(0, len(text))] if text.strip() else [])
    out = []
    for p_start, p_end in ranges:
        inside = [m for m in marks if m.start < p_end and m.end > p_start]
        out.append(f'<p class="ra-p">{render_spans(text, inside, start=p_start, end=p_end)}</p>')
    return "\n".join(out)


def render_spans(text: str, marks: list[Mark], *, start: int = 0, end: int | None = None) -> str:
    """HTML for ``text[start:end]`` with ``marks`` as properly nested ``<span>`` elements.

    At every boundary the marks that cover the next stretch of text are ordered outermost
    first: sentences, then by start, by length (longer outside) and by layer (:data:`LAYERS`).
    Marks that are still open but would break the nesting are closed and reopened, so a mark
    that overlaps another without containing it becomes several pieces (each piece after the
    first has the class ``ra-cont``). All text is escaped.
    """
    end = len(text) if end is None else end
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    clipped = [m for m in marks if max(m.start, start) < min(m.end, end)]
    cuts = sorted({start, end} | {max(m.start, start) for m in clipped}
                  | {min(m.end, end) for m in clipped})
    key = {id(m): (m.layer != "sentiment", m.start, -m.end, rank.get(m.layer, len(rank)), m.order)
           for m in clipped}
    pieces: dict[int, int] = {}
    stack: list[Mark] = []
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        want = sorted((m for m in clipped if m.start <= a and m.end >= b), key=lambda m: key[id(m)])
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        for mark in want[keep:]:
            n = pieces.get(id(mark), 0)
            pieces[id(mark)] = n + 1
            out.append(_open_tag(mark, continued=n > 0))
        stack = want
        out.append(html_text(text[a:b]))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def _open_tag(mark: Mark, *, continued: bool) -> str:
    classes = f"ra-mark {mark.classes}" + (" ra-cont" if continued else "")
    attrs = {"class": classes, "data-layer": mark.layer, "data-mark": mark.mark_id,
             "title": mark.title, **mark.attrs}
    if continued:
        attrs.pop("id", None)  # an anchor is on the first piece only
    rendered = " ".join(f'{k}="{html_text(v)}"' for k, v in attrs.items())
    return f"<span {rendered}>"


def _legend(layers, notes, counts, frame_keys, marks) -> str:
    items = []
    if "sentiment" in layers:
        if "sentiment" in notes and not counts["sentiment"]:
            items.append(_note_item("Sentence sentiment", notes["sentiment"]))
        else:
            swatches = "".join(
                f'<span class="ra-mark ra-sent ra-{lab}" data-badge="{sym}" '
                f'style="background-color: {_rgba(SENTIMENT_COLOURS[lab], 0.3)}">{lab}</span> '
                for lab, sym in (("negative", "\u2212"), ("neutral", "\u00b7"), ("positive", "+")))
            items.append(f"<li><b>Sentence sentiment</b> (tint; badge = score): {swatches}"
                         f"{_extra(notes, 'sentiment')}</li>")
    if "actors" in layers:
        if "actors" in notes and not counts["actors"]:
            items.append(_note_item("Actors", notes["actors"]))
        else:
            items.append('<li><b>Actors</b>: <span class="ra-mark ra-actor ra-speaker">speaker '
                         'or source</span> <span class="ra-mark ra-actor ra-mentioned">mentioned'
                         '</span> <span class="ra-mark ra-actor ra-mentioned ra-unsure">name the '
                         'model was unsure of</span>; hover for the canonical name and whether '
                         f'it is in the codebook ({counts["actors"]} marks){_extra(notes, "actors")}</li>')
    if "frames" in layers:
        if "frames" in notes and not counts["frames"]:
            items.append(_note_item("Frame cues", notes["frames"]))
        elif not frame_keys:
            items.append("<li><b>Frame cues</b>: none found in this article</li>")
        else:
            per = {}
            for m in marks:
                if m.layer == "frames":
                    per[m.category] = per.get(m.category, 0) + 1
            swatches = "".join(
                f'<span class="ra-mark ra-frame" data-key="{k}" style="{_frame_style(k)}">'
                f'{html_text(name)}</span> '
                f"({per.get(name, 0)}) " for name, k in frame_keys.items())
            items.append(f"<li><b>Frame cues</b> (underline, numbered): {swatches}"
                         f"{_extra(notes, 'frames')}</li>")
    if "quotes" in layers:
        if "quotes" in notes and not counts["quotes"]:
            items.append(_note_item("Quotes", notes["quotes"]))
        else:
            swatches = " ".join(f'<span class="ra-mark ra-quote ra-q-{k}">{k}</span>'
                                for k in QUOTE_STYLES)
            items.append(f"<li><b>Quotes</b> by kind (line below): {swatches} "
                         f'({counts["quotes"]} marks){_extra(notes, "quotes")}</li>')
    if "hedges" in layers:
        if "hedges" in notes and not counts["hedges"]:
            items.append(_note_item("Hedges and stance words", notes["hedges"]))
        else:
            items.append('<li><b>Hedges and stance words</b>: <span class="ra-mark ra-hedge">'
                         'hedge or vague source</span> <span class="ra-mark ra-hedge '
                         'ra-stance-verb">judging verb or booster</span> '
                         f'({counts["hedges"]} marks){_extra(notes, "hedges")}</li>')
    return ('<div class="ra-legend"><b>Legend</b> (hover over a mark for what it is and why)'
            f'<ul>{"".join(items)}</ul></div>')


LAYER_NAMES = {"sentiment": "sentence sentiment", "actors": "actors", "frames": "frame cues",
               "quotes": "quotes", "hedges": "hedges and stance words"}


def _switches(layers: list[str]) -> str:
    """A check box per drawn layer; unticking one hides that layer's marks in this view (by
    the CSS rules in :data:`_STYLE`)."""
    if not layers:
        return ""
    boxes = "".join(f'<label><input type="checkbox" class="ra-switch" data-switch="{layer}" '
                    f'checked> {LAYER_NAMES[layer]}</label> ' for layer in layers)
    return f'<div class="ra-switches" role="group" aria-label="layers shown">Show: {boxes}</div>'


def _note_item(name: str, note: str) -> str:
    return f'<li class="ra-missing"><b>{name}</b>: {html_text(note)}</li>'


def _extra(notes: dict, layer: str) -> str:
    return f' <span class="ra-note">({html_text(notes[layer])})</span>' if layer in notes else ""


_STYLE = """<style>
.ra-view { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; line-height: 2.1;
  color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.ra-view .ra-title { font-size: 1.2em; font-weight: bold; margin: 0.3em 0; }
.ra-view .ra-legend { font-family: system-ui, sans-serif; font-size: 0.85em; line-height: 2.2;
  border: 1px solid #999; padding: 0.3em 0.8em; margin-bottom: 1em; background: #fafafa; }
.ra-view .ra-legend ul { margin: 0; padding-left: 1.2em; }
.ra-view .ra-missing, .ra-view .ra-note { color: #555; font-style: italic; }
.ra-view .ra-p { margin: 0 0 1em 0; white-space: pre-wrap; }
.ra-view .ra-sent { border-radius: 3px; padding: 0.1em 0; }
.ra-view .ra-sent:target { outline: 3px solid #000; outline-offset: 2px; }
.ra-view .ra-sent:not(.ra-cont)::before { content: attr(data-badge); font-family: system-ui,
  sans-serif; font-size: 0.65em; vertical-align: super; color: #333; padding-right: 0.2em; }
.ra-view .ra-actor { border: 1px solid #333; border-radius: 3px; padding: 0 1px; }
.ra-view .ra-actor.ra-speaker { border: 3px double #000; font-weight: bold; }
.ra-view .ra-actor.ra-unsure { border-style: dashed; }
.ra-view .ra-frame { text-decoration-line: underline; text-decoration-thickness: 3px;
  text-underline-offset: 2px; text-decoration-skip-ink: none; }
.ra-view .ra-frame:not(.ra-cont)::after { content: attr(data-key); font-family: system-ui,
  sans-serif; font-size: 0.6em; vertical-align: sub; font-weight: bold; }
.ra-view .ra-quote { padding-bottom: 0.35em; border-bottom: 2px solid #555; }
.ra-view .ra-q-direct { border-bottom: 2px solid """ + PALETTE["vermillion"] + """; }
.ra-view .ra-q-partial { border-bottom: 2px dashed """ + PALETTE["orange"] + """; }
.ra-view .ra-q-scare { border-bottom: 3px dotted """ + PALETTE["purple"] + """; }
.ra-view .ra-q-term { border-bottom: 4px double """ + PALETTE["green"] + """; }
.ra-view .ra-q-paraphrase { border-bottom: 2px dashed """ + PALETTE["grey"] + """; }
.ra-view .ra-hedge { font-style: italic; text-decoration-line: overline;
  text-decoration-style: dotted; text-decoration-thickness: 2px; }
.ra-view .ra-hedge.ra-stance-verb { font-style: normal; text-decoration-style: dashed; }
.ra-view .ra-switches { font-family: system-ui, sans-serif; font-size: 0.85em; margin: 0.3em 0; }
.ra-view .ra-switches label { margin-right: 0.8em; white-space: nowrap; cursor: pointer; }
.ra-view:has([data-switch="sentiment"]:not(:checked)) .ra-text .ra-sent {
  background-color: transparent !important; }
.ra-view:has([data-switch="sentiment"]:not(:checked)) .ra-text .ra-sent::before { content: none; }
.ra-view:has([data-switch="actors"]:not(:checked)) .ra-text .ra-actor {
  border: none; padding: 0; font-weight: inherit; }
.ra-view:has([data-switch="frames"]:not(:checked)) .ra-text .ra-frame { text-decoration-line: none; }
.ra-view:has([data-switch="frames"]:not(:checked)) .ra-text .ra-frame::after { content: none; }
.ra-view:has([data-switch="quotes"]:not(:checked)) .ra-text .ra-quote {
  border-bottom: none; padding-bottom: 0; }
.ra-view:has([data-switch="hedges"]:not(:checked)) .ra-text .ra-hedge {
  font-style: inherit; text-decoration-line: none; }
@media print { .ra-view { max-width: none; } .ra-view .ra-switches { display: none; } }
</style>"""


# ---------------------------------------------------------------------------------------------
# helpers


def _check_layers(layers) -> tuple[str, ...]:
    if layers is None:
        return LAYERS
    if isinstance(layers, str):
        layers = [layers]
    unknown = [lay for lay in layers if lay not in LAYERS]
    if unknown:
        raise ValueError(f"unknown layer(s) {unknown}; choose from {list(LAYERS)}")
    return tuple(lay for lay in LAYERS if lay in layers)


def _article_text(doc_id, tables) -> tuple[str, dict]:
    articles = tables.get("articles") if hasattr(tables, "get") else None
    if articles is None or not {"doc_id", "text"} <= set(articles.columns):
        raise KeyError("render_article needs tables['articles'] with doc_id and text columns")
    rows = articles[articles["doc_id"].astype(str) == str(doc_id)]
    if rows.empty:
        known = ", ".join(map(repr, articles["doc_id"].astype(str).head(5)))
        raise KeyError(f"no article with doc_id {doc_id!r} (first ids: {known})")
    article = rows.iloc[0].to_dict()
    text = article["text"] if isinstance(article["text"], str) else ""
    return text, article


def _article_title(article: dict, doc_id) -> str:
    title = article.get("title")
    shown = html_text(str(title)) if _present(title) else html_text(str(doc_id))
    status = article.get("status")
    if _present(status) and status != "ok":
        msg = article.get("message") if _present(article.get("message")) else ""
        shown += (f' <span class="ra-note">(status: {html_text(str(status))}; '
                  f"{html_text(str(msg))})</span>")
    return shown


def _rows_for(df: pd.DataFrame, doc_id) -> pd.DataFrame:
    if "doc_id" not in df.columns:
        return df
    return df[df["doc_id"].astype(str) == str(doc_id)]


def _valid_spans(rows: pd.DataFrame, length: int) -> tuple[pd.DataFrame, int]:
    if rows.empty:
        return rows, 0
    start = pd.to_numeric(rows["start"], errors="coerce")
    end = pd.to_numeric(rows["end"], errors="coerce")
    ok = start.notna() & end.notna() & (start >= 0) & (end <= length) & (start < end)
    good = rows[ok].copy()
    good["start"] = start[ok].astype(int)
    good["end"] = end[ok].astype(int)
    return good, int((~ok).sum())


def _marks_table(doc_id, marks: list[Mark], text: str) -> pd.DataFrame:
    records = [(doc_id, m.layer, m.mark_id, m.start, m.end, text[m.start:m.end], m.category,
                m.title) for m in marks]
    df = pd.DataFrame.from_records(records, columns=MARK_COLUMNS)
    return df.astype({"start": "int64", "end": "int64"})


def _present(value) -> bool:
    if value is None:
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    return str(value).strip() != ""


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _label(label, score: float | None) -> str:
    if _present(label) and str(label) in SENTIMENT_COLOURS:
        return str(label)
    if score is None:
        return "neutral"
    if score <= -_NEUTRAL_THRESHOLD:
        return "negative"
    if score >= _NEUTRAL_THRESHOLD:
        return "positive"
    return "neutral"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha:.2f})"
