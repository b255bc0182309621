"""Cleaning: what changes, and what must never change."""
import pytest

from analysis.clean import clean_text, cleaning_changes


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
