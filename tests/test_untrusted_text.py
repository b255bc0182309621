"""Reports on hostile articles: nothing an article carries becomes live markup.

The hostile corpus (``corpus_shapes.HOSTILE``) holds script tags, ``<img onerror>``,
``<a href="javascript:">``, Markdown links to ``javascript:``, ``data:`` URLs, ``<style>``,
markup in the title and outlet fields and a spreadsheet formula; its folder name carries
markup too. Every notebook is run on it through ``report``. Two walls are checked apart:
the notebooks' own outputs (the first wall, what a JupyterLab user sees) and the exported
pages (after the second wall). The browser test is in ``test_browser.py``.
"""
from __future__ import annotations

import re

import nbformat
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from analysis.config import NOTEBOOK_DIR
from analysis.render import find_active_content
from analysis.report import _template_blocks

pytestmark = pytest.mark.notebook

PAGES = ["index.html", *[p.with_suffix(".html").name
                         for p in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))]]
PAYLOAD = re.compile(r"<(?:script|img|iframe|svg|style|a|b|div)\b[^>]*(?:__pwned|alert|onerror|onload|"
                     r"javascript|display: none|visibility)", re.I)


def _outputs(executed):
    nb = nbformat.read(str(executed), as_version=4)
    for i, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            yield i, output.get("data", {})


@pytest.mark.parametrize("name", PAGES)
def test_exported_page_holds_no_active_content_from_articles(hostile_reports, name):
    page = (hostile_reports / name).read_text(encoding="utf-8")
    assert find_active_content(page, template=_template_blocks()) == []
    assert not PAYLOAD.search(page), PAYLOAD.search(page).group(0)


@pytest.mark.parametrize("name", [p.name for p in sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))])
def test_notebook_outputs_escape_article_text_without_the_second_wall(hostile_reports, name):
    """What the notebook shows (Markdown as nbconvert renders it, HTML as it is) is safe
    before the report cleans it: the same outputs are what a JupyterLab reader sees."""
    problems = []
    for cell, data in _outputs(hostile_reports / "executed" / name):
        for mime, value in data.items():
            value = "".join(value) if isinstance(value, list) else value
            if mime == "text/markdown":
                value = markdown2html_mistune(value)
            elif mime != "text/html":
                continue
            found = find_active_content(value) + [m.group(0) for m in PAYLOAD.finditer(value)]
            problems += [(cell, mime, f) for f in found]
    assert problems == []


def _visible_text(page: str) -> str:
    """The text a reader sees (scripts and style sheets left out), entities decoded."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag):
            self.skip -= tag in ("script", "style") and self.skip > 0

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return "".join(parser.parts)


@pytest.mark.parametrize("name, shown", [
    # the payloads are there, as text a reader can see
    ("01_from_raw_text_to_sentences.html", '<script>window.__pwned = "body"; alert("body")</script>'),
    ("01_from_raw_text_to_sentences.html", "[click here](javascript:window.__pwned='md';alert(1))"),
    ("00_start_here.html", '<img src=x onerror="window.__pwned = &quot;out'),  # cut by pandas
    ("02_sentence_sentiment.html", "[click here](javascript:window.__pwned='md';alert(1))"),
    ("07_annotated_article.html", '<script>window.__pwned = "title"; document.title = "pwned"</script>'),
    ("07_annotated_article.html", '=HYPERLINK("http://example.invalid/?x","click")'),
    ("07_annotated_article.html", "<style>* { visibility: hidden !important }</style>"),
    ("index.html", 'news<img src=x onerror="alert(1)">'),
])
def test_payloads_are_shown_as_text(hostile_reports, name, shown):
    assert shown in _visible_text((hostile_reports / name).read_text(encoding="utf-8"))


def test_the_longest_sentence_solution_is_quoted_as_text(hostile_reports):
    """The exercise answer in 01 once showed the longest sentence as raw Markdown."""
    found = []
    for _, data in _outputs(hostile_reports / "executed" / "01_from_raw_text_to_sentences.ipynb"):
        text = data.get("text/markdown", "")
        text = "".join(text) if isinstance(text, list) else text
        if text.startswith("> ") and "words)" in text:
            found.append(markdown2html_mistune(text))
    assert len(found) == 1
    assert "<a " not in found[0] and "<img" not in found[0] and "<script" not in found[0]
