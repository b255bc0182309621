"""Cleaning: what changes, and what must never change."""
import csv
import sys

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.clean import _FTFY_NEEDED, _repair_unicode, clean_text, cleaning_changes


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        # mojibake repaired (ftfy)
        ("Lukashenkoâ€™s rise", "Lukashenko's rise"),
        ("The Presidentâ€™s â€œsummitâ€\x9d", "The President's “summit”"),
        # apostrophes unified, quotation marks kept
        ("Lukashenko’s", "Lukashenko's"),
        ("It isn’t", "It isn't"),
        ("interference of ‘foreign states’ to hit", "interference of ‘foreign states’ to hit"),
        ("the states’ borders", "the states' borders"),
        ("‘Russia’s Putin’ said", "‘Russia's Putin’ said"),
        ("‘90s music", "'90s music"),
        ("a “Union State” with", "a “Union State” with"),
        ('a "Union State" with', 'a "Union State" with'),
        ("rock ʼnʼ roll", "rock 'n' roll"),
        # HTML entities
        ("AT&amp;T &quot;said&quot; &#8220;no&#8221;", "AT&T \"said\" “no”"),
        # zero-width and control characters
        ("Bela\u200brus\u200d and\ufeff Minsk", "Belarus and Minsk"),
        ("soft\u00adhyphen", "softhyphen"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        # white space
        ("a\u00a0b\tc   d", "a b c d"),
        ("  leading and trailing  \n", "leading and trailing"),
        ("line one\r\nline two\r\n\r\n\r\npara two", "line one line two\n\npara two"),
        ("para one\n   \n\n  para two  ", "para one\n\npara two"),
        ("first line\nsecond line\nthird line", "first line\n\nsecond line\n\nthird line"),
        ("wrapped\nline\n\nnext para", "wrapped line\n\nnext para"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_text(text_in, text_out):
    assert clean_text(text_in) == text_out


def test_clean_text_rejects_non_strings():
    with pytest.raises(TypeError, match="expects a str"):
        clean_text(b"bytes")


def test_cleaning_keeps_every_paragraph(seed_path):
    raw = seed_path.read_text(encoding="utf-8")
    body = raw.split("---\n", 2)[2]
    cleaned = clean_text(body)
    raw_paras = [p for p in body.split("\n\n") if p.strip()]
    assert len(cleaned.split("\n\n")) == len(raw_paras) == 9
    # every word survives (apostrophes aside)
    def words(s):
        return s.replace("’", "'").replace("\u00a0", " ").split()

    assert words(cleaned) == words(body)


def test_cleaning_changes_lists_each_edit():
    raw = "Lukashenko’s\u00a0plan"
    changes = cleaning_changes(raw, clean_text(raw))
    assert list(changes["op"]) == ["replace", "replace"]
    assert list(changes["before"]) == ["’", "\u00a0"]
    assert list(changes["after"]) == ["'", " "]
    assert "right single quotation mark" in changes.loc[0, "before_shown"]
    assert "no-break space" in changes.loc[1, "before_shown"]


def test_cleaning_changes_of_identical_text_is_empty():
    assert cleaning_changes("same", "same").empty


# ftfy is the slowest step of cleaning, so it only sees text it could change: the lines that
# hold a character outside plain ASCII and the common typographic marks. The cleaned text must
# be exactly what it is when ftfy repairs the whole text first. (ftfy also turns "\r\n" into
# "\n", which cleaning does anyway.)
_PIECES = ["Minsk", " ", "\n", "\n\n", "\r\n", "said.", "â€™", "â€œ", "â€\x9d", "Ã©", "Ã",
           "é", "’", "“", "”", "—", "\u00a0", "&amp;", "\x1b", "ﬁ", "Ａ", "Ð¿Ñ€Ð¸", "\x80", "Â"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_unicode_repair_is_ftfy_on_the_whole_text(text):
    options = {"uncurl_quotes": False, "unescape_html": False, "normalization": "NFC"}
    assert clean_text(text) == clean_text(ftfy.fix_text(text, **options))
    if "\r" not in text:
        assert _repair_unicode(text) == ftfy.fix_text(text, **options)


@pytest.mark.shared
def test_unicode_repair_on_real_news():
    options = {"uncurl_quotes": False, "unescape_html": False, "normalization": "NFC"}
    path = config.CORPORA_DIR / "persent" / "dev.csv"
    if not path.exists():
        pytest.skip(f"benchmark data not present: {path.name} (looked in ../shared/corpora)")
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as fh:
        texts = [row["DOCUMENT"] for row in csv.DictReader(fh)]
    broken = [t for t in texts if _FTFY_NEEDED.search(t)]
    assert len(broken) > 50  # the file really holds mojibake
    assert [_repair_unicode(t) for t in broken] == [ftfy.fix_text(t, **options) for t in broken]
