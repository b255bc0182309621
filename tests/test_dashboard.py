"""The landing page: corpus figures, one card per report with a computed finding, thumbnails,
CSV links, hostile titles kept as text; links from a chart to the sentences behind it."""
import base64
import io
import re

import pandas as pd
import pytest

from analysis.dashboard import (THUMBNAIL_WIDTH, corpus_figures, report_cards, report_finding,
                                report_tables, sentence_links, thumbnail, write_dashboard)
from analysis.highlight import render_article, sentence_anchor
from analysis.render import find_active_content
from analysis.report import ReportResult, find_outside_requests, summarize_corpus

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="alert(1)">'


def test_corpus_figures():
    articles = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"], "status": ["ok", "ok", "ok", "empty"],
        "language": ["en", "en", "ru", None], "outlet": ["Daily", "Daily", " ", None],
        "published": ["2021-03-02", "not a date", "2020-08-17", None]})
    sentences = pd.DataFrame({"doc_id": ["a", "a", "b"]})
    got = dict(corpus_figures(articles, sentences).values.tolist())
    assert got == {"articles": "4", "readable": "3", "sentences": "3",
                   "languages": "en (2), ru (1)", "outlets": "1 (largest: Daily, 2 articles)",
                   "dates": "2020-08-17 to 2021-03-02", "statuses": "3 ok, 1 empty"}
    none = dict(corpus_figures(articles.iloc[0:0]).values.tolist())
    assert none["articles"] == "0" and none["dates"] == "no dates" and none["outlets"] == "none given"


def _t(**tables):
    return {name: pd.DataFrame(rows) for name, rows in tables.items()}


@pytest.mark.parametrize("notebook, tables, expected", [
    ("00_start_here.ipynb", _t(**{"00_articles": {
        "doc_id": ["a", "b", "c"], "status": ["ok", "ok", "empty"],
        "language": ["en", "ru", None], "outlet": ["X", "X", None]}}),
     "3 articles, 2 readable, in 2 languages from 1 outlet."),
    ("01_x.ipynb", _t(**{"01_corpus_sentences": {"doc_id": ["a", "b"], "sentences": [4, 9]}}),
     "13 sentences in 2 articles; the longest article, b, has 9."),
    ("02_x.ipynb", _t(**{"02_label_counts": {"doc_id": ["a"] * 3, "label": ["negative", "neutral", "positive"],
                                              "sentences": [7, 9, 1]}}),
     "Negative sentences of a: 41% (7 of 17)."),
    ("03_x.ipynb", _t(**{"03_top_actors": {"actor": ["x", "y"], "actor_name": ["Ann Lee", "Bo"],
                                            "mentions": [3, 8], "quoted": [1, 0]}}),
     "Most mentioned: Bo (8 mentions, quoted 0 times)."),
    ("04_x.ipynb", _t(**{"04_frame_profile": {"doc_id": ["a", "a"], "frame": ["economy", "protest"],
                                               "hits": [5, 2], "sentences": [2, 2], "share": [0.2, 0.2]}}),
     "Most present frame: economy (2 sentences, 20% of the sentences); 2 frames found."),
    ("05_x.ipynb", _t(**{"05_quotes": {"actor_name": ["Ann Lee", None, "Ann Lee"],
                                        "speaker_text": ["Ms Lee", "a witness", "she"]}}),
     "Most quoted: Ann Lee (2 of 3 quotes and paraphrases)."),
    # headline vs lead vs body: the overall share is weighted by sentences
    ("06_x.ipynb", _t(**{"06_parts": {"part": ["headline", "lead", "body"], "sentences": [2, 4, 14],
                                       "negative_share": [0.5, 0.75, 0.2]}}),
     "Negative sentences: 34%, most in the lead (75%)."),  # (1 + 3 + 2.8) / 20
    ("06_x.ipynb", _t(**{"06_coverage_by_article": {"group": ["a", "b"], "negative_share": [0.1, 0.4]}}),
     "Most negative article: b (40% negative sentences)."),
    ("07_x.ipynb", _t(**{"07_marks_per_layer": {"layer": ["sentiment", "actors", "frames"],
                                                 "marks": [5, 0, 2]}}),
     "7 marks in the reading view: 5 sentiment, 2 frames."),
    # no rule, or the rule's table missing or empty: what the tables hold
    ("09_new.ipynb", _t(**{"09_a": {"x": [1, 2]}, "09_b": {"x": [1, 2, 3]}}),
     "2 data tables; the largest, 09_b, has 3 rows."),
    ("03_x.ipynb", {"03_top_actors": pd.DataFrame()}, "1 data table, all empty: nothing found."),
    ("05_x.ipynb", {}, "This report saved no data table."),
])
def test_report_finding(notebook, tables, expected):
    assert report_finding(notebook, tables) == expected


def _png(width=800, height=400) -> str:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (0, 114, 178)).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def test_thumbnail(tmp_path):
    page = tmp_path / "r.html"
    page.write_text(f'<p>x</p><img alt="a" src="data:image/png;base64,{_png()}"><img src="data:image/png;base64,{_png(10, 10)}">')
    uri = thumbnail(page)
    from PIL import Image

    img = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert img.size == (THUMBNAIL_WIDTH, THUMBNAIL_WIDTH // 2)  # the first picture, scaled
    (tmp_path / "none.html").write_text("<p>no chart</p>")
    assert thumbnail(tmp_path / "none.html") is None
    assert thumbnail(tmp_path / "missing.html") is None


@pytest.fixture()
def site(tmp_path):
    out = tmp_path / "reports"
    (out / "data").mkdir(parents=True)
    (out / "01_words.html").write_text(f'<img src="data:image/png;base64,{_png()}">', encoding="utf-8")
    (out / "03_later.html").write_text("an earlier report", encoding="utf-8")
    pd.DataFrame({"doc_id": ["a"], "sentences": [3]}).to_csv(out / "data" / "01_corpus_sentences.csv", index=False)
    pd.DataFrame({"x": [1]}).to_csv(out / "data" / f"01_{'x'}.csv", index=False)
    pd.DataFrame({"x": [1]}).to_csv(out / "data" / "02_broken_table.csv", index=False)
    pd.DataFrame({"x": [1]}).to_csv(out / "data" / "zz_other.csv", index=False)
    results = [ReportResult("01_words.ipynb", out / "01_words.html", 2.5, "ok", HOSTILE),
               ReportResult("02_broken.ipynb", None, 1.0, "failed", "Broken",
                            f"cell 3 failed with ValueError: {HOSTILE}")]
    articles = pd.DataFrame({"doc_id": ["a", "b"], "status": ["ok", "empty"], "language": ["en", None],
                             "outlet": [HOSTILE, None], "published": [None, None]})
    summary = summarize_corpus(articles, sentences=pd.DataFrame({"doc_id": ["a"] * 3}))
    write_dashboard(out, results, summary=summary, corpus=f"news{HOSTILE}",
                    figures=corpus_figures(articles, pd.DataFrame({"doc_id": ["a"] * 3})),
                    pending=["03_later.ipynb"])
    return out


def test_dashboard_cards(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<li class="card[^"]*" data-notebook="([^"]+)"', page)
    assert cards == ["01_words.ipynb", "02_broken.ipynb", "03_later.ipynb"]
    one = page[page.index('data-notebook="01_words.ipynb"'):page.index('data-notebook="02_broken.ipynb"')]
    assert 'href="01_words.html"' in one
    assert "3 sentences in 1 article; the longest article, a, has 3." in one
    assert one.count("<img ") == 1 and 'src="data:image/png;base64,' in one
    # the report's own CSV files beside it, and only those
    assert re.findall(r'href="data/([^"]+)"', one) == ["01_corpus_sentences.csv", "01_x.csv"]
    broken = page[page.index('data-notebook="02_broken.ipynb"'):page.index('data-notebook="03_later.ipynb"')]
    assert "failed" in broken and 'href="data/02_broken_table.csv"' in broken
    assert "03_later.ipynb: not run (an earlier notebook failed)" in page
    assert '<a href="03_later.html">its earlier report</a>' in page
    assert 'href="data/zz_other.csv"' in page  # a file of no report is still listed
    assert "1 articles" not in page and "2 articles, 3 sentences" in page
    assert '<meta name="viewport"' in page and "@media print" in page
    cards_df = report_cards(site, [ReportResult("01_words.ipynb", site / "01_words.html", 1.0, "ok", "t")])
    assert cards_df[0].csvs == ["01_corpus_sentences.csv", "01_x.csv"]


def test_dashboard_keeps_hostile_text_as_text(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert find_active_content(page) == [] and find_outside_requests(page) == []
    assert not list(site.glob(".*.tmp*"))


def test_report_tables_by_prefix(site):
    assert sorted(report_tables(site / "data", "01_words.ipynb")) == ["01_corpus_sentences", "01_x"]
    assert report_tables(site / "nowhere", "01_words.ipynb") == {}


def test_sentence_links():
    rows = pd.DataFrame({"doc_id": ["d 1", "d 1", "e", "e"], "sent_id": [0, 3, 2, 5],
                         "text": ["A title", HOSTILE, "x" * 200, "later"],
                         "part": ["headline", "lead", "body", "body"]})
    html = sentence_links(rows, label="part", limit=3, linked={"d 1"})
    # sha1("d 1") starts e5f969b26e: the anchor holds no text of the doc_id
    assert re.findall(r'href="([^"]+)"', html) == ["07_annotated_article.html#sent-e5f969b26e-3"]
    assert "<b>headline</b> A title <small>(d 1, title)</small>" in html
    assert "&lt;script&gt;" in html and "<script" not in html
    assert "x" * 157 + "..." in html and "(e, sentence 2)" in html
    assert "... and 1 more" in html
    assert sentence_anchor("d 1", 3) == "sent-e5f969b26e-3"
    assert sentence_anchor('x" onload="alert(1)', 2).startswith("sent-") and "onload" not in sentence_anchor(
        'x" onload="alert(1)', 2)
    assert "No sentence" in sentence_links(rows.iloc[0:0])


def test_reading_view_anchors():
    articles = pd.DataFrame({"doc_id": ["a"], "text": ["First one. Second one.\n\nThird one."]})
    sentences = pd.DataFrame({"doc_id": ["a"] * 3, "sent_id": [1, 2, 3], "start": [0, 11, 24],
                              "end": [10, 22, 34], "sentiment": [0.0, -0.5, 0.4],
                              "label": ["neutral", "negative", "positive"]})
    tables = {"articles": articles, "sentences": sentences}
    view = render_article("a", tables, anchors=True).html
    # sha1("a") starts 86f7e437fa
    assert re.findall(r'id="(sent-[^"]+)"', view) == ["sent-86f7e437fa-1", "sent-86f7e437fa-2",
                                                     "sent-86f7e437fa-3"]
    assert re.search(r'<span [^>]*id="sent-86f7e437fa-2"[^>]*>Second one\.', view)
    assert "id=" not in render_article("a", tables).html
