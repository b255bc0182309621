"""The landing page of the reports: the corpus in figures, then one card per report.

:func:`write_dashboard` writes ``index.html`` for :func:`analysis.report.build_reports`. A card
holds the report's title and link, one sentence that the report's own data supports (computed
from the CSV files the notebook saved, see :data:`FINDINGS`), a thumbnail of its first chart
and the links to those CSV files. The page is one self-contained file: no script, no outside
request (the thumbnails are embedded pictures), readable on a phone (the cards flow into one
column) and printable (no card is cut across pages). All text from the corpus (titles,
outlet and actor names, file names) goes through :func:`analysis.render.html_text`.

A finding is computed, never written by hand: when the table a rule needs is missing or empty,
the card says what the report holds instead ("3 data tables; the largest, ... has 17 rows").
"""
from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .render import html_text

THUMBNAIL_WIDTH = 360
"""Width in pixels of a card's thumbnail."""

CARD_COLUMNS = ["notebook", "title", "status", "href", "finding", "csvs", "has_thumbnail",
                "seconds", "message"]
FIGURE_COLUMNS = ["figure", "value"]

_IMAGE = re.compile(r"""<img\b[^>]*?\bsrc=["'](data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=\s]+)["']""",
                    re.I)


# ---------------------------------------------------------------------------------------------
# the corpus in figures


def _dates(articles: pd.DataFrame) -> pd.Series:
    if "published" not in articles.columns:
        return pd.Series(dtype="datetime64[ns]")
    return pd.to_datetime(articles["published"], errors="coerce", utc=True).dropna()


def corpus_figures(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The corpus in a few figures, for the top of the landing page.

    Rows (``figure``: ``value``, both text): ``articles`` (all documents read), ``readable``
    (status ``ok``), ``sentences``, ``languages`` (codes with article counts, most first),
    ``outlets`` (how many; the largest named), ``dates`` (first to last ``published`` date, or
    ``no dates``), ``statuses`` (articles per status).
    """
    n = len(articles)
    ok = articles[articles["status"] == "ok"] if "status" in articles.columns else articles
    langs = ok["language"].fillna("und").value_counts() if "language" in ok.columns and len(ok) \
        else pd.Series(dtype="int64")
    outlets = ok["outlet"].dropna().astype(str).str.strip() if "outlet" in ok.columns else pd.Series(dtype=str)
    outlets = outlets[outlets != ""].value_counts()
    dates = _dates(ok)
    statuses = articles["status"].value_counts() if "status" in articles.columns and n else pd.Series(dtype="int64")
    rows = [
        ("articles", f"{n:,}"),
        ("readable", f"{len(ok):,}"),
        ("sentences", f"{0 if sentences is None else len(sentences):,}"),
        ("languages", ", ".join(f"{k} ({v})" for k, v in langs.items()) or "none"),
        ("outlets", (f"{len(outlets)} (largest: {outlets.index[0]}, {outlets.iloc[0]} "
                     f"article{'s' if outlets.iloc[0] != 1 else ''})") if len(outlets) else "none given"),
        ("dates", (f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dates")),
        ("statuses", ", ".join(f"{v} {k}" for k, v in statuses.items()) or "none"),
    ]
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS)


# ---------------------------------------------------------------------------------------------
# findings: one sentence from a report's own tables


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _finding_00(t):
    arts = t.get("00_articles")
    if arts is None or arts.empty:
        return None
    ok = arts[arts["status"] == "ok"] if "status" in arts.columns else arts
    langs = ok["language"].dropna().nunique() if "language" in ok.columns else 0
    outlets = ok["outlet"].dropna().nunique() if "outlet" in ok.columns else 0
    return (f"{len(arts)} article{'s' if len(arts) != 1 else ''}, {len(ok)} readable, in "
            f"{langs} language{'s' if langs != 1 else ''} from {outlets or 'no named'} "
            f"outlet{'s' if outlets != 1 else ''}.")


def _finding_01(t):
    per = t.get("01_corpus_sentences")
    if per is None or per.empty or "sentences" not in per.columns:
        return None
    top = per.sort_values("sentences", ascending=False, kind="stable").iloc[0]
    return (f"{int(per['sentences'].sum())} sentences in {len(per)} article"
            f"{'s' if len(per) != 1 else ''}; the longest article, {top['doc_id']}, has "
            f"{int(top['sentences'])}.")


def _finding_02(t):
    counts = t.get("02_label_counts")
    if counts is None or counts.empty or "label" not in counts.columns:
        return None
    total = counts["sentences"].sum()
    neg = counts.loc[counts["label"] == "negative", "sentences"].sum()
    if not total:
        return None
    doc = f" of {counts['doc_id'].iloc[0]}" if "doc_id" in counts.columns and counts["doc_id"].nunique() == 1 else ""
    return f"Negative sentences{doc}: {_pct(neg / total)} ({int(neg)} of {int(total)})."


def _finding_03(t):
    top = t.get("03_top_actors")
    if top is None or top.empty or "mentions" not in top.columns:
        return None
    row = top.sort_values("mentions", ascending=False, kind="stable").iloc[0]
    name = row.get("actor_name") if isinstance(row.get("actor_name"), str) else row.get("actor")
    quoted = f", quoted {int(row['quoted'])} times" if "quoted" in row and pd.notna(row["quoted"]) else ""
    return f"Most mentioned: {name} ({int(row['mentions'])} mentions{quoted})."


def _finding_04(t):
    prof = t.get("04_frame_profile")
    if prof is None or prof.empty or not {"frame", "sentences", "hits"} <= set(prof.columns):
        return None
    per = prof.groupby("frame")[["sentences", "hits"]].sum().sort_values(
        ["sentences", "hits"], ascending=False, kind="stable")
    top, row = per.index[0], per.iloc[0]
    share = ""
    if "share" in prof.columns and prof.get("doc_id", pd.Series([0])).nunique() == 1:
        share = f", {_pct(float(prof.loc[prof['frame'] == top, 'share'].iloc[0]))} of the sentences"
    return (f"Most present frame: {top} ({int(row['sentences'])} sentence"
            f"{'s' if row['sentences'] != 1 else ''}{share}); {len(per)} frame"
            f"{'s' if len(per) != 1 else ''} found.")


def _finding_05(t):
    quotes = t.get("05_quotes")
    if quotes is None or quotes.empty:
        return None
    who = quotes["actor_name"] if "actor_name" in quotes.columns else quotes.get("speaker")
    if who is None:
        return None
    who = who.fillna(quotes.get("speaker_text", who)).dropna().astype(str)
    who = who[who.str.strip() != ""]
    if who.empty:
        return f"{len(quotes)} quotes and paraphrases, none with a known speaker."
    counts = who.value_counts()
    return (f"Most quoted: {counts.index[0]} ({int(counts.iloc[0])} of {len(quotes)} quotes "
            "and paraphrases).")


def _finding_06(t):
    parts = t.get("06_parts")
    if parts is not None and not parts.empty and {"part", "negative_share"} <= set(parts.columns):
        scored = parts.dropna(subset=["negative_share"])
        if len(scored):
            weights = scored["sentences"]
            overall = (scored["negative_share"] * weights).sum() / weights.sum()
            top = scored.sort_values("negative_share", ascending=False, kind="stable").iloc[0]
            return (f"Negative sentences: {_pct(overall)}, most in the {top['part']} "
                    f"({_pct(top['negative_share'])}).")
    cov = t.get("06_coverage_by_article")
    if cov is None or cov.empty or "negative_share" not in cov.columns:
        return None
    top = cov.sort_values("negative_share", ascending=False, kind="stable").iloc[0]
    return f"Most negative article: {top['group']} ({_pct(top['negative_share'])} negative sentences)."


def _finding_07(t):
    per = t.get("07_marks_per_layer")
    if per is None or per.empty or "marks" not in per.columns:
        return None
    shown = [f"{int(m)} {layer}" for layer, m in zip(per["layer"], per["marks"]) if m]
    if not shown:
        return "The reading view has no marks."
    return f"{int(per['marks'].sum())} marks in the reading view: {', '.join(shown)}."


FINDINGS: dict[str, Callable[[dict], str | None]] = {
    "00": _finding_00, "01": _finding_01, "02": _finding_02, "03": _finding_03,
    "04": _finding_04, "05": _finding_05, "06": _finding_06, "07": _finding_07,
}
"""Notebook number -> rule that reads that report's tables (CSV name -> DataFrame) and
returns its one-sentence finding (``None``: the table it needs is missing or empty)."""


def report_tables(data_dir: str | Path, notebook: str) -> dict[str, pd.DataFrame]:
    """The CSV files a report saved (their names start with the notebook's number and
    ``_``), read as tables: name (without ``.csv``) -> DataFrame. An unreadable or empty
    file gives an empty table."""
    prefix = Path(notebook).stem[:3]
    folder = Path(data_dir)
    out = {}
    for path in sorted(folder.glob(f"{prefix}*.csv")) if folder.is_dir() else []:
        try:
            out[path.stem] = pd.read_csv(path)
        except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError, OSError):
            out[path.stem] = pd.DataFrame()
    return out


def report_finding(notebook: str, tables: dict[str, pd.DataFrame]) -> str:
    """The one-sentence finding of a report from its own tables (:data:`FINDINGS`), or a
    sentence on what its tables hold when no rule applies."""
    rule = FINDINGS.get(Path(notebook).stem[:2])
    if rule is not None:
        try:
            found = rule(tables)
        except (KeyError, TypeError, ValueError, IndexError):
            found = None
        if found:
            return found
    filled = {k: len(v) for k, v in tables.items() if len(v)}
    if not tables:
        return "This report saved no data table."
    if not filled:
        return f"{len(tables)} data table{'s' if len(tables) != 1 else ''}, all empty: nothing found."
    name = max(filled, key=lambda k: (filled[k], k))
    return (f"{len(tables)} data table{'s' if len(tables) != 1 else ''}; the largest, {name}, "
            f"has {filled[name]} row{'s' if filled[name] != 1 else ''}.")


# ---------------------------------------------------------------------------------------------
# thumbnails


def thumbnail(html_path: str | Path, *, width: int = THUMBNAIL_WIDTH) -> str | None:
    """A small copy of the first embedded chart of an exported report, as a ``data:image/png``
    URI, or ``None`` when the report has no picture (or cannot be read)."""
    try:
        page = Path(html_path).read_text(encoding="utf-8")
    except OSError:
        return None
    m = _IMAGE.search(page)
    if not m:
        return None
    uri = re.sub(r"\s+", "", m.group(1))
    try:
        from PIL import Image

        data = base64.b64decode(uri.split(",", 1)[1])
        img = Image.open(io.BytesIO(data))
        img.load()
        if img.width > width:
            img = img.resize((width, max(1, round(img.height * width / img.width))), Image.LANCZOS)
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        buf = io.BytesIO()
        img.save(buf, format="PNG", optimize=True)
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
    except Exception:  # a picture PIL cannot read is left out, not shown broken
        return None


# ---------------------------------------------------------------------------------------------
# cards and the page


@dataclass
class Card:
    notebook: str
    title: str
    status: str  # ok, failed, not run
    href: str | None = None
    finding: str = ""
    csvs: list[str] = field(default_factory=list)
    image: str | None = None
    seconds: float | None = None
    message: str = ""


def report_cards(out: str | Path, results, *, pending=(), pending_reason: str = "") -> list[Card]:
    """One :class:`Card` per report: ``results`` are :class:`analysis.report.ReportResult`;
    ``pending`` names notebooks that did not run (their earlier report, if any, is linked)."""
    out = Path(out)
    data = out / "data"
    cards = []
    for r in results:
        tables = report_tables(data, r.notebook)
        csvs = [f"{name}.csv" for name in tables]
        if r.status == "ok" and r.html is not None:
            cards.append(Card(r.notebook, r.title or r.notebook, "ok", Path(r.html).name,
                              report_finding(r.notebook, tables), csvs, thumbnail(r.html),
                              r.seconds))
        else:
            cards.append(Card(r.notebook, r.title or r.notebook, "failed", None,
                              "", csvs, None, None, r.message))
    for name in pending:
        earlier = out / f"{Path(name).stem}.html"
        cards.append(Card(name, Path(name).stem, "not run",
                          earlier.name if earlier.exists() else None, "", [], None, None,
                          pending_reason))
    return cards


def cards_table(cards: list[Card]) -> pd.DataFrame:
    """The cards as a table. Columns: ``notebook``, ``title``, ``status``, ``href``,
    ``finding``, ``csvs`` (the CSV file names, ``;``-separated), ``has_thumbnail``,
    ``seconds``, ``message``."""
    return pd.DataFrame([(c.notebook, c.title, c.status, c.href, c.finding, "; ".join(c.csvs),
                          c.image is not None, c.seconds, c.message) for c in cards],
                        columns=CARD_COLUMNS)


_STYLE = """
*, *::before, *::after { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 72em;
  padding: 1em; line-height: 1.45; color: #111; background: #fff; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.2em; margin: 1.2em 0 0.4em; }
.corpus { color: #333; margin: 0 0 0.6em; overflow-wrap: anywhere; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10em, 1fr)); gap: 0.5em;
  margin: 0; padding: 0; list-style: none; }
.figures li { border: 1px solid #bbb; border-radius: 6px; padding: 0.4em 0.6em; }
.figures .k { display: block; font-size: 0.8em; color: #444; text-transform: uppercase; letter-spacing: 0.04em; }
.figures .v { font-size: 1.05em; font-weight: 600; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 0.4em 0; } td, th { border: 1px solid #999; padding: 0.2em 0.6em; }
td.n { text-align: right; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17em, 1fr)); gap: 1em;
  margin: 0; padding: 0; list-style: none; }
.card { border: 1px solid #999; border-radius: 8px; padding: 0.8em; display: flex; flex-direction: column;
  gap: 0.4em; break-inside: avoid; page-break-inside: avoid; overflow-wrap: anywhere; }
.card h3 { font-size: 1.05em; margin: 0; }
.card .finding { margin: 0; font-weight: 600; }
.card img { width: 100%; height: auto; border: 1px solid #ddd; background: #fff; }
.card .meta { font-size: 0.85em; color: #444; margin: 0; }
.card ul { margin: 0; padding-left: 1.1em; font-size: 0.85em; }
.card.failed { border-color: #a33; } .card.failed .state { color: #a33; font-weight: 700; }
.card.pending { border-style: dashed; color: #444; }
.noimg { font-size: 0.85em; color: #555; border: 1px dashed #bbb; padding: 1em; text-align: center; }
a { color: #0645ad; }
@media (max-width: 30em) { body { padding: 0.5em; } .cards { grid-template-columns: 1fr; } }
@media print { body { max-width: none; } a { color: #000; } .card { border-color: #000; }
  .card ul a::after { content: ""; } }
"""


def _card_html(card: Card) -> str:
    esc = html_text
    title = esc(card.title)
    csvs = "".join(f'<li><a href="data/{esc(name)}">{esc(name)}</a></li>' for name in card.csvs)
    csv_block = (f'<details><summary>{len(card.csvs)} CSV file{"s" if len(card.csvs) != 1 else ""}'
                 f"</summary><ul>{csvs}</ul></details>") if card.csvs else \
        '<p class="meta">no CSV file</p>'
    if card.status == "ok":
        head = f'<h3><a href="{esc(card.href)}">{title}</a></h3>'
        picture = (f'<a href="{esc(card.href)}"><img src="{card.image}" alt="the first chart of the report"></a>'
                   if card.image else '<div class="noimg">no chart in this report</div>')
        seconds = f", {card.seconds:.1f} s" if card.seconds is not None else ""
        return (f'<li class="card" data-notebook="{esc(card.notebook)}">{head}'
                f'<p class="finding">{esc(card.finding)}</p>{picture}'
                f'<p class="meta">{esc(card.notebook)}{seconds}</p>{csv_block}</li>')
    if card.status == "failed":
        return (f'<li class="card failed" data-notebook="{esc(card.notebook)}"><h3>{title}</h3>'
                f'<p class="meta">{esc(card.notebook)}: <span class="state">failed</span> &mdash; '
                f"{esc(card.message)}</p>{csv_block}</li>")
    earlier = f'; <a href="{esc(card.href)}">its earlier report</a>' if card.href else ""
    return (f'<li class="card pending" data-notebook="{esc(card.notebook)}"><h3>{title}</h3>'
            f'<p class="meta">{esc(card.notebook)}: not run ({esc(card.message)}){earlier}</p></li>')


def render_dashboard(cards: list[Card], *, figures: pd.DataFrame, summary: pd.DataFrame,
                     corpus: str, others: list[str] = ()) -> str:
    """The landing page (a complete HTML document) for ``cards``. ``figures`` is
    :func:`corpus_figures`, ``summary`` :func:`analysis.report.summarize_corpus`; ``others``
    are CSV files in ``data/`` that belong to no report."""
    esc = html_text
    n_articles, n_sentences = int(summary["articles"].sum()), int(summary["sentences"].sum())
    tiles = "".join(f'<li><span class="k">{esc(k)}</span><span class="v">{esc(v)}</span></li>'
                    for k, v in zip(figures["figure"], figures["value"]))
    rows = "".join(
        f"<tr><td>{esc(str(r.status))}</td><td>{esc(str(r.meaning))}</td>"
        f"<td class=n>{r.articles}</td><td class=n>{r.sentences}</td></tr>"
        for r in summary.itertuples())
    extra = ""
    if others:
        extra = ("<h2>Other data files (CSV)</h2><ul>" + "".join(
            f'<li><a href="data/{esc(n)}">{esc(n)}</a></li>' for n in others) + "</ul>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reports: {esc(corpus)}</title>
<style>{_STYLE}</style></head><body>
<h1>Reports</h1>
<p class="corpus">Corpus: <code>{esc(corpus)}</code> &mdash; {n_articles} articles, {n_sentences} sentences.</p>
<ul class="figures">{tiles}</ul>
<details><summary>Articles by status</summary>
<table><thead><tr><th>status</th><th>meaning</th><th>articles</th><th>sentences</th></tr></thead>
<tbody>{rows}</tbody></table></details>
<h2>Notebook reports</h2>
<p class="meta">Each card: the report, one finding computed from its own data, its first chart and the CSV
files behind its charts and tables.</p>
<ol class="cards">{"".join(_card_html(c) for c in cards) or "<li>no report</li>"}</ol>
{extra}
</body></html>
"""


def write_dashboard(out: str | Path, results, *, summary: pd.DataFrame, corpus: str,
                    figures: pd.DataFrame | None = None, pending=(),
                    pending_reason: str = "an earlier notebook failed") -> Path:
    """Write ``out/index.html`` (atomically): the corpus in figures and one card per report
    (:func:`report_cards`). Without ``figures``, the figures come from ``summary``."""
    from .report import _write_atomic

    out = Path(out)
    cards = report_cards(out, results, pending=pending, pending_reason=pending_reason)
    if figures is None:
        figures = pd.DataFrame([("articles", f"{int(summary['articles'].sum()):,}"),
                                ("sentences", f"{int(summary['sentences'].sum()):,}"),
                                ("statuses", ", ".join(f"{a} {s}" for s, a in
                                                       zip(summary["status"], summary["articles"])) or "none")],
                               columns=FIGURE_COLUMNS)
    data = out / "data"
    claimed = {name for c in cards for name in c.csvs}
    others = sorted(p.name for p in data.glob("*.csv") if p.name not in claimed) if data.is_dir() else []
    page = render_dashboard(cards, figures=figures, summary=summary, corpus=corpus, others=others)
    return _write_atomic(out / "index.html", page)


# ---------------------------------------------------------------------------------------------
# links from a chart to the sentences behind it


READING_VIEW = "07_annotated_article.html"
"""The exported report that holds every article's reading view with sentence anchors."""
READING_VIEW_LIMIT = 20
"""The reading views of at most this many articles are drawn with anchors (the first readable
ones, in corpus order); links to sentences of other articles are plain text."""


def reading_view_articles(articles: pd.DataFrame, *, limit: int = READING_VIEW_LIMIT) -> list:
    """The doc_ids whose reading views the annotated-article report draws with sentence
    anchors: the first ``limit`` articles with status ``ok``."""
    ok = articles[articles["status"] == "ok"] if "status" in articles.columns else articles
    return ok["doc_id"].head(limit).tolist()


def sentence_links(rows: pd.DataFrame, *, report: str = READING_VIEW, label: str | None = None,
                   limit: int = 20, linked=None) -> str:
    """An HTML list whose items link to sentences in the reading view of the reports
    (``report#anchor``, see :func:`analysis.highlight.sentence_anchor`), so a reader can go from
    a chart to the words behind it. Display it with ``IPython.display.HTML``.

    ``rows`` has ``doc_id``, ``sent_id`` and ``text`` (the sentence) and, optionally, the
    ``label`` column shown before it (a part, a frame, a score). At most ``limit`` rows are
    listed, with a line saying how many more there are. ``linked``, a set of doc_ids, limits
    the links to the articles the reading view draws (others are listed without a link). All
    text is escaped.
    """
    from .highlight import sentence_anchor

    esc = html_text
    if rows is None or rows.empty:
        return '<p class="sentence-links">No sentence to link to.</p>'
    items = []
    for rec in rows.head(limit).to_dict("records"):
        doc_id, sent_id = rec["doc_id"], rec.get("sent_id")
        text = rec.get("text") if isinstance(rec.get("text"), str) else ""
        short = text if len(text) <= 160 else text[:157].rstrip() + "..."
        tag = f"<b>{esc(rec.get(label))}</b> " if label and pd.notna(rec.get(label)) else ""
        where = f"{doc_id}, sentence {sent_id}"
        if pd.isna(sent_id) or int(sent_id) < 1:
            items.append(f"<li>{tag}{esc(short)} <small>({esc(doc_id)}, title)</small></li>")
        elif linked is not None and doc_id not in linked:
            items.append(f"<li>{tag}{esc(short)} <small>({esc(where)})</small></li>")
        else:
            href = f"{report}#{sentence_anchor(doc_id, int(sent_id))}"
            items.append(f'<li>{tag}<a href="{esc(href)}">{esc(short)}</a> '
                         f"<small>({esc(where)})</small></li>")
    more = len(rows) - min(limit, len(rows))
    tail = f"<li><small>... and {more} more (in the CSV file)</small></li>" if more > 0 else ""
    return f'<ul class="sentence-links">{"".join(items)}{tail}</ul>'
