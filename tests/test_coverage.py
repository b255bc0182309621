"""Comparing coverage: grouping, per-1,000-word rates and zeros, checked by hand."""
import pandas as pd
import pytest

from analysis.coverage import analysed_articles, compare_coverage, count_words, rate_by_group, top_categories


@pytest.mark.parametrize("text, words", [
    ("Lukashenko's rivals marched.", 3), ("", 0), (None, 0), ("a - b", 2), ("2020 protests", 2),
])
def test_count_words(text, words):
    assert count_words(text) == words


def _tables():
    articles = pd.DataFrame({
        "doc_id": ["a", "b", "c", "d"],
        "title": ["A", "B", "C", "D"],
        "outlet": ["Daily", "Daily", None, "Weekly"],
        "published": ["2020-08-14", "2020-08-14T10:00:00Z", None, "2020-09-01"],
        "text": [" ".join(["word"] * 200), " ".join(["word"] * 50), "some text here", "x y"],
        "status": ["ok", "ok", "ok", "error"],
        "lexicons_apply": [True, True, True, True],
    })
    frames = pd.DataFrame({"doc_id": ["a", "a", "b", "d"], "sent_id": [1, 2, 1, 1],
                           "frame": ["protest", "economy", "protest", "protest"],
                           "cue": ["x"] * 4, "start": [0] * 4, "end": [1] * 4})
    return {"articles": articles, "frames": frames,
            "sentences": pd.DataFrame(columns=["doc_id", "sent_id", "text"]),
            "mentions": pd.DataFrame(columns=["doc_id", "actor"]),
            "quotes": pd.DataFrame(columns=["doc_id", "kind", "speaker"])}


@pytest.mark.parametrize("by, groups", [
    ("doc_id", ["a", "b", "c"]),
    ("outlet", ["Daily", "Daily", "(no outlet given)"]),
    ("date", ["2020-08-14", "2020-08-14", "(no date given)"]),
    ("month", ["2020-08", "2020-08", "(no date given)"]),
])
def test_groups_keep_articles_without_metadata_and_skip_failed_ones(by, groups):
    assert list(analysed_articles(_tables()["articles"], by=by)["group"]) == groups


def test_rates_per_1000_words_with_zeros():
    rates = rate_by_group(_tables(), table="frames", category="frame", by="doc_id")
    got = {(g, c): (n, r) for g, c, n, r in zip(rates["group"], rates["category"], rates["count"], rates["per_1000"])}
    assert got == {("a", "economy"): (1, 5.0), ("a", "protest"): (1, 5.0),
                   ("b", "economy"): (0, 0.0), ("b", "protest"): (1, 20.0),
                   ("c", "economy"): (0, 0.0), ("c", "protest"): (0, 0.0)}
    assert top_categories(rates, n=1) == ["protest"]


def test_compare_by_outlet_adds_up_words_and_cues():
    table = compare_coverage(_tables(), by="outlet").set_index("group")
    assert table.loc["Daily", ["articles", "words"]].tolist() == [2, 250]
    assert table.loc["Daily", "frame_cues_per_1000"] == pytest.approx(12.0)
    assert table.loc["Daily", "top_frame"] == "protest"
    assert table.loc["(no outlet given)", "frame_cues_per_1000"] == 0


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="by must be one of"):
        compare_coverage(_tables(), by="author")
