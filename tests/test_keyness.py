"""Distinctive words: counts, hand-checked log-likelihood and log ratio, groups, KWIC."""
import math

import pandas as pd
import pytest

from analysis.keyness import (count_words, distinctive_words, keyness, keyness_groups, kwic,
                              log_likelihood, log_ratio)


@pytest.mark.parametrize("a, b, c, d, ll, lr", [
    # 10 of 100 words in the group, 2 of 200 in the rest: E1 = 4, E2 = 8,
    # G2 = 2 (10 ln(10/4) + 2 ln(2/8)) = 12.7806; log2((10/100) / (2/200)) = log2(10)
    (10, 2, 100, 200, 12.780642, 3.321928),
    # the same relative frequency in both: nothing to see
    (5, 10, 100, 200, 0.0, 0.0),
    # never used in the rest: the zero is taken as 0.5; G2 = 2 * 4 ln(4 / 2) = 5.5452
    (4, 0, 50, 50, 5.545177, 3.0),
    # used less in the group than in the rest: E1 = E2 = 10.5,
    # G2 = 2 (ln(1/10.5) + 20 ln(20/10.5)) = 21.0715; the log ratio is negative
    (1, 20, 100, 100, 21.071529, -4.321928),
])
def test_log_likelihood_and_log_ratio(a, b, c, d, ll, lr):
    assert float(log_likelihood(a, b, c, d)) == pytest.approx(ll, abs=1e-5)
    assert float(log_ratio(a, b, c, d)) == pytest.approx(lr, abs=1e-5)


def test_keyness_on_a_tiny_table():
    counts = pd.DataFrame({
        "group": ["A", "A", "B", "B"],
        "word": ["strike", "the", "strike", "the"],
        "count": [10, 90, 2, 198],
        "articles": [2, 2, 1, 3]})
    got = keyness(counts, min_count=1, threshold=0)
    # group A: a=10, b=2, c=100, d=200 (the hand-checked case above); "the" is used less
    assert got[["group", "rank", "word", "count", "count_rest"]].values.tolist() == [
        ["A", 1, "strike", 10, 2], ["B", 1, "the", 198, 90]]
    a = got.iloc[0]
    assert a["log_likelihood"] == pytest.approx(12.781, abs=1e-3)
    assert a["log_ratio"] == pytest.approx(3.322, abs=1e-3)
    assert a["per_10k"] == 1000.0 and a["per_10k_rest"] == 100.0
    assert a["p_value"] == pytest.approx(math.erfc(math.sqrt(12.780642 / 2)), rel=1e-4)
    assert a["articles"] == 2
    # B uses "the" a little more: 198 of 200 against 90 of 100; E1 = 192, E2 = 96,
    # G2 = 2 (198 ln(198/192) + 90 ln(90/96)) = 0.5687, far below the critical value
    assert got.iloc[1]["log_likelihood"] == pytest.approx(0.569, abs=1e-3)
    assert keyness(counts, min_count=1)["word"].tolist() == ["strike"]
    # thresholds: below the critical value or below min_count, nothing is kept
    assert keyness(counts, min_count=11, threshold=0)["word"].tolist() == ["the"]  # 10 < 11
    assert keyness(counts, min_count=1, threshold=13).empty
    # one group has no rest
    assert keyness(counts[counts["group"] == "A"]).empty


def _articles(rows):
    return pd.DataFrame([{"status": "ok", "language": "en", **r} for r in rows])


ARTICLES = _articles([
    {"doc_id": "a1", "outlet": "Daily", "published": "2021-03-02",
     "text": "Workers strike again. The strike spreads, said Anna Petrova, and the strike is fair."},
    {"doc_id": "a2", "outlet": "Daily", "published": "2021-03-09",
     "text": "Strike, strike, strike: the workers will not stop. Anna Petrova agreed."},
    {"doc_id": "b1", "outlet": "Herald", "published": "2021-04-01",
     "text": "Order was restored. The police restored order and calm. Order returned."},
    {"doc_id": "c1", "outlet": None, "published": None, "status": "empty", "text": ""},
])


def test_count_words_drops_stop_words_and_names():
    got = count_words(ARTICLES, by="outlet")
    daily = got[got["group"] == "Daily"].set_index("word")
    assert daily.loc["strike", "count"] == 6 and daily.loc["strike", "articles"] == 2
    assert daily.loc["workers", "count"] == 2
    assert "the" not in daily.index and "will" not in daily.index  # stop words
    assert "anna" not in daily.index and "petrova" not in daily.index  # names
    assert set(got["group"]) == {"Daily", "Herald"}  # the empty article is no group
    kept = count_words(ARTICLES, by="outlet", names="keep", stop_words=False)
    kept = kept[kept["group"] == "Daily"].set_index("word")
    assert kept.loc["petrova", "is_name"] and kept.loc["anna", "count"] == 2
    assert kept.loc["the", "count"] == 3 and not kept.loc["strike", "is_name"]
    # "Strike" opens sentences: capitals there do not make it a name
    with pytest.raises(ValueError, match="names"):
        count_words(ARTICLES, names="maybe")
    with pytest.raises(KeyError, match="no column 'desk'"):
        count_words(ARTICLES, by="desk")


@pytest.mark.parametrize("by, groups", [
    ("outlet", ["Daily", "Herald"]),
    ("period", ["2021-03", "2021-04"]),
    ("doc_id", ["a1", "a2", "b1"]),
])
def test_count_words_groups(by, groups):
    assert sorted(count_words(ARTICLES, by=by)["group"].unique()) == groups


def test_distinctive_words_and_small_groups():
    got = distinctive_words(ARTICLES, by="outlet", min_count=2, threshold=3.84)
    daily = got[got["group"] == "Daily"]
    assert daily.iloc[0]["word"] == "strike" and daily.iloc[0]["rank"] == 1
    assert daily.iloc[0]["count"] == 6 and daily.iloc[0]["count_rest"] == 0
    assert not daily["too_small"].any() and (daily["group_articles"] == 2).all()
    herald = got[got["group"] == "Herald"]
    assert herald.iloc[0]["word"] == "order" and herald["too_small"].all()
    groups = keyness_groups(ARTICLES, got, by="outlet").set_index("group")
    assert groups.loc["Herald", "too_small"] and "too small for keyness" in groups.loc["Herald", "note"]
    assert groups.loc["Daily", "note"] == "" and groups.loc["Daily", "articles"] == 2
    # per article, one article is enough
    per_doc = distinctive_words(ARTICLES, by="doc_id", min_count=2, threshold=3.84)
    assert not per_doc["too_small"].any()
    one = keyness_groups(ARTICLES[ARTICLES["outlet"] == "Daily"], by="outlet")
    assert one.iloc[0]["note"].startswith("only one group")


def test_kwic_offsets_and_sentences():
    from analysis.segment import split_sentences

    sentences = split_sentences(ARTICLES)
    got = kwic(ARTICLES, "Order", window=10, sentences=sentences)
    assert got[["doc_id", "sent_id", "start", "end", "match"]].values.tolist() == [
        ["b1", 1, 0, 5, "Order"], ["b1", 2, 40, 45, "order"], ["b1", 3, 56, 61, "Order"]]
    text = ARTICLES.set_index("doc_id").loc["b1", "text"]
    assert all(text[s:e] == m for s, e, m in zip(got["start"], got["end"], got["match"]))
    assert got.iloc[1]["left"] == " restored " and got.iloc[1]["right"] == " and calm."
    assert kwic(ARTICLES, "order")["sent_id"].isna().all()
    assert kwic(ARTICLES, "tractor").empty
    with pytest.raises(ValueError, match="one word"):
        kwic(ARTICLES, "two words")


def test_russian_lemmas():
    ru = _articles([
        {"doc_id": "r1", "outlet": "A", "language": "ru",
         "text": "Протесты продолжаются. Участники протестов вышли на улицы. Протест был мирным."},
        {"doc_id": "r2", "outlet": "B", "language": "ru", "text": "Экономика растёт. Экономика и рынок."},
    ])
    counts = count_words(ru, by="outlet").set_index(["group", "word"])["count"]
    assert counts[("A", "протест")] == 3  # three forms, one lemma
    assert ("A", "на") not in counts.index  # a preposition
    hits = kwic(ru, "протест")
    assert hits["match"].tolist() == ["Протесты", "протестов", "Протест"]
    assert kwic(ru, "протест", lemmas=False)["match"].tolist() == ["Протест"]


@pytest.mark.parametrize("articles", [pd.DataFrame(), pd.DataFrame(columns=["doc_id", "text", "status", "outlet"]),
                                      ARTICLES[ARTICLES["status"] != "ok"]])
def test_no_readable_article(articles):
    for by in ("outlet", "period", "doc_id"):
        table = distinctive_words(articles, by=by)
        assert table.empty and list(table.columns)[:3] == ["group", "rank", "word"]
        assert keyness_groups(articles, table, by=by).empty
    assert kwic(articles, "strike").empty
