"""The landing page and the links from charts to sentences, opened in headless Chromium.

Builds the reports of notebooks 01, 06 and 07 on the English sample articles, opens
``index.html``: every card of a finished report shows a thumbnail that loads and links only to
files that exist; then follows a link under a chart of notebook 06 into the reading view of 07
and checks that the page opens at that sentence. Skipped without Chromium or Playwright
(``make browsers``), as the other browser tests.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.config import NOTEBOOK_DIR, RAW_DIR

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

NOTEBOOKS = ["01_from_raw_text_to_sentences.ipynb", "06_comparing_coverage.ipynb",
             "07_annotated_article.ipynb"]


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    from analysis.report import build_reports

    root = tmp_path_factory.mktemp("dashboard")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("seed_belarus.txt", "teaching_strike_a_unrest.txt", "teaching_strike_b_order.txt",
                 "teaching_strike_c_economy.txt"):
        shutil.copy(RAW_DIR / name, corpus / name)
    out = root / "reports"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build_reports(corpus, out, notebooks=[NOTEBOOK_DIR / n for n in NOTEBOOKS],
                      log=lambda *a, **k: None)
    return out


def open_offline(browser, url: str):
    page = browser.new_page(viewport={"width": 390, "height": 800})  # a phone's width
    outside, errors = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)
    return page, outside, errors


def _file_of(url: str) -> Path:
    return Path(unquote(urlparse(url).path))


def test_every_card_has_a_thumbnail_and_working_links(browser, site):
    page, outside, errors = open_offline(browser, (site / "index.html").as_uri())
    cards = page.evaluate("""() => [...document.querySelectorAll('.card')].map(c => ({
        notebook: c.dataset.notebook, cls: c.className,
        finding: (c.querySelector('.finding') || {}).innerText || '',
        images: [...c.querySelectorAll('img')].map(i => i.complete && i.naturalWidth > 0),
        width: Math.max(0, ...[...c.querySelectorAll('img')].map(i => i.getBoundingClientRect().width)),
        placeholder: !!c.querySelector('.noimg'),
        links: [...c.querySelectorAll('a[href]')].map(a => a.href)}))""")
    assert sum(bool(c["images"]) for c in cards) >= 2  # 01 and 06 draw charts
    assert [c["notebook"] for c in cards] == NOTEBOOKS
    for card in cards:
        assert card["cls"] == "card" and card["finding"], card
        report = f"{Path(card['notebook']).stem}.html"
        has_chart = "<img " in (site / report).read_text(encoding="utf-8")
        if has_chart:  # one thumbnail, loaded, that fits a phone's screen
            assert card["images"] == [True], card
            assert 0 < card["width"] <= 390
        else:  # a report without a chart says so instead of showing a broken picture
            assert card["images"] == [] and card["placeholder"], card
        assert any(link.endswith("/" + report) for link in card["links"]), card
        csvs = [link for link in card["links"] if "/data/" in link]
        assert csvs and all(Path(link).name.startswith(card["notebook"][:3]) for link in csvs)
        for link in card["links"]:
            assert _file_of(link).is_file(), link
    overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not overflow, "the page is wider than a phone's screen"
    assert outside == [] and errors == []
    page.close()


def test_a_chart_links_to_its_sentence_in_the_reading_view(browser, site):
    import pandas as pd

    page, outside, errors = open_offline(browser, (site / "06_comparing_coverage.html").as_uri())
    links = page.locator("ul.sentence-links a[href*='07_annotated_article.html#sent-']")
    assert links.count() > 0
    first = links.first
    href, shown = first.get_attribute("href"), first.inner_text()
    anchor = href.split("#", 1)[1]
    first.click()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.url.endswith("07_annotated_article.html#" + anchor)
    target = page.evaluate("""(id) => { const e = document.getElementById(id); if (!e) return null;
        const r = e.getBoundingClientRect();
        return {text: e.innerText, top: r.top, height: window.innerHeight,
                count: document.querySelectorAll('[id="' + id + '"]').length}; }""", anchor)
    assert target is not None, f"no element with id {anchor} in the reading view"
    assert target["count"] == 1
    assert -1 <= target["top"] < target["height"], "the page did not open at the sentence"
    # the link's words are the sentence's words (the link shortens long sentences)
    words = shown.rstrip(".").removesuffix("..").split()[:6]
    assert " ".join(words) in " ".join(target["text"].split())
    from analysis.highlight import sentence_anchor

    sentences = pd.read_csv(site / "data" / "06_part_sentences.csv")
    row = sentences[[sentence_anchor(d, i) == anchor for d, i in zip(sentences["doc_id"], sentences["sent_id"])]]
    assert len(row) and " ".join(row["text"].iloc[0].split()[:6]) in " ".join(target["text"].split())
    assert outside == [] and errors == []
    page.close()
