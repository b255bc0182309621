"""Tone toward an actor: mention by mention, clause by clause, and per article (analysis.tone)."""
from __future__ import annotations

import re

import pandas as pd
import pytest

import analysis  # noqa: F401  (registers the offline sentence splitter)
from analysis import actors
from analysis.segment import split_sentences
from analysis.tone import (ARTICLE_FEATURE_COLUMNS, TONE_COLUMNS, actor_tone, aggregate_tone,
                           article_tone, article_tone_features, load_article_weights,
                           score_targets, target_scope)


def sentences_of(*paragraphs: str, doc_id: str = "d1") -> pd.DataFrame:
    """A sentences table for a made-up article, one paragraph per argument."""
    return split_sentences(pd.DataFrame({"doc_id": [doc_id], "text": ["\n\n".join(paragraphs)]}))


def mentions_of(sentences: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Every whole-word occurrence of each name in ``names`` (surface -> actor id), as a
    mentions table with article offsets."""
    rows = []
    for doc_id, sent_id, start, text in zip(sentences["doc_id"], sentences["sent_id"],
                                            sentences["start"], sentences["text"]):
        for surface, actor in names.items():
            for m in re.finditer(r"\b" + re.escape(surface) + r"\b", text):
                rows.append({"doc_id": doc_id, "sent_id": sent_id, "start": start + m.start(),
                             "end": start + m.end(), "surface": surface, "actor": actor,
                             "match_kind": "pronoun" if surface.islower() else "name",
                             "role": "mentioned"})
    return pd.DataFrame(rows).sort_values(["doc_id", "start"]).reset_index(drop=True)


def scored(text: str, target: str) -> pd.Series:
    start = text.index(target)
    out = score_targets(pd.DataFrame({"text": [text], "start": [start],
                                      "end": [start + len(target)]}))
    return out.iloc[0]


# ---------------------------------------------------------------------------------------------
# where a sentence turns


@pytest.mark.parametrize("text, target, scope", [
    # a sentence that does not turn is read whole
    ("The minister arrived in Paris on Monday.", "minister",
     "The minister arrived in Paris on Monday."),
    ("Unions praised Peter and Paul.", "Paul", "Unions praised Peter and Paul."),
    # but / while / whereas / yet / a semicolon: each side apart, the marker left out
    ("I like Peter but I don't like Robert.", "Peter", "I like Peter "),
    ("I like Peter but I don't like Robert.", "Robert", " I don't like Robert."),
    ("Critics praised Ruto, but they condemned Odinga.", "Odinga", " they condemned Odinga."),
    ("Voters do not trust Kowalski; they admire Novak.", "Kowalski", "Voters do not trust Kowalski"),
    ("Farmers cheered Okafor, whereas fishermen booed Diallo.", "Diallo", " fishermen booed Diallo."),
    # "and" turns only where a new subject follows
    ("Residents thanked Silva and they blamed Moreau.", "Silva", "Residents thanked Silva "),
    # an opening "although" reaches to the first comma
    ("Although critics praised Ruto, they condemned Odinga.", "Ruto",
     "Although critics praised Ruto"),
    ("Although critics praised Ruto, they condemned Odinga.", "Odinga", " they condemned Odinga."),
])
def test_target_scope(text, target, scope):
    start = text.index(target)
    lo, hi = target_scope(text, start, start + len(target))
    assert text[lo:hi] == scope


def test_target_scope_of_a_span_holding_the_marker_is_the_sentence():
    text = "Brown, but not Green, spoke."
    assert target_scope(text, 0, 20) == (0, len(text))


# ---------------------------------------------------------------------------------------------
# tone toward a target


@pytest.mark.parametrize("text, target, label", [
    # the two sentences: each name gets the tone of its own clause
    ("I like Peter but I don't like Robert.", "Peter", "positive"),
    ("I like Peter but I don't like Robert.", "Robert", "negative"),
    ("Critics praised Ruto, but they condemned Odinga.", "Ruto", "positive"),
    ("Critics praised Ruto, but they condemned Odinga.", "Odinga", "negative"),
    ("Although critics praised Ruto, they condemned Odinga.", "Odinga", "negative"),
    # new topics: a strike, sport, an election, local news
    ("Unions hailed the deal, while farmers blasted Borne over the pension law.", "Borne",
     "negative"),
    ("The league fined the club for the brawl, whereas Okafor was honoured as player of the year.",
     "Okafor", "positive"),
    ("Voters do not trust Kowalski; they admire Novak.", "Kowalski", "negative"),
    ("Voters do not trust Kowalski; they admire Novak.", "Novak", "positive"),
    ("Residents thanked Silva, yet the auditors accused Moreau of fraud.", "Silva", "positive"),
    ("Residents thanked Silva, yet the auditors accused Moreau of fraud.", "Moreau", "negative"),
    # negation
    ("Nobody praised Brandt.", "Brandt", "negative"),
    ("The mayor did not fail the city.", "mayor", "positive"),
    # neutral: news of who met whom, with and without a turn
    ("Mendes met Tanaka in Lisbon on Tuesday, and they discussed fishing quotas.", "Mendes",
     "neutral"),
    ("Mendes met Tanaka in Lisbon on Tuesday, and they discussed fishing quotas.", "Tanaka",
     "neutral"),
    ("The committee will meet Brandt and Ito next week, but no date has been set.", "Brandt",
     "neutral"),
    ("The minister arrived in Paris on Monday for the meeting.", "minister", "neutral"),
    # the whole sentence still counts where it does not turn
    ("The brave doctor saved many lives and was praised by everyone.", "doctor", "positive"),
    ("The corrupt official stole millions and lied to the court.", "official", "negative"),
])
def test_score_targets(text, target, label):
    row = scored(text, target)
    assert row["target_label"] == label
    assert -1 <= row["target_sentiment"] <= 1


def test_score_targets_turning_sentence_gives_opposite_tones():
    text = "I like Peter but I don't like Robert."
    assert scored(text, "Peter")["target_sentiment"] > 0 > scored(text, "Robert")["target_sentiment"]


def test_score_targets_scores_targets_sharing_a_sentence_apart():
    text = "The corrupt official lied, while the brave doctor saved many lives."
    spans = [(text.index(w), text.index(w) + len(w)) for w in ("official", "doctor")]
    df = pd.DataFrame({"text": [text, text], "start": [s for s, _ in spans],
                       "end": [e for _, e in spans]})
    one_by_one = [score_targets(df.iloc[[i]])["target_sentiment"].iloc[0] for i in range(2)]
    together = score_targets(df)
    assert list(together["target_sentiment"]) == one_by_one
    assert list(together["target_label"]) == ["negative", "positive"]


def test_score_targets_bad_span_is_marked_not_dropped():
    df = pd.DataFrame({"text": ["Short.", None], "start": [3, 0], "end": [40, 1]})
    out = score_targets(df)
    assert len(out) == 2
    assert list(out["target_label"]) == ["unknown", "unknown"]
    assert out["target_sentiment"].isna().all()


def test_tone_names_stay_importable_from_actors():
    for name in ("score_targets", "actor_tone", "summarise_tone", "target_features",
                 "load_target_weights", "scorer_figures", "in_quotes", "quoted_spans", "LABELS",
                 "TARGET_WEIGHTS", "article_tone"):
        assert getattr(actors, name) is getattr(analysis.tone, name)


# ---------------------------------------------------------------------------------------------
# tone by voice


def test_actor_tone_separates_quoted_and_narrator_voice():
    sents = sentences_of("Putin praised the \u201cterrible, corrupt\u201d deal with Lukashenko.")
    tone = actor_tone(actors.find_mentions(sents), sents)
    assert list(tone["voice"]) == ["narrator", "narrator"]
    assert tone["quoted_sentiment"].notna().all()
    assert tone["narrator_sentiment"].notna().all()
    sents = sentences_of("Nothing was said about Putin.")
    tone = actor_tone(actors.find_mentions(sents), sents)
    assert tone["quoted_sentiment"].isna().all()


def test_actor_tone_keeps_scores_already_there():
    sents = sentences_of("Nothing was said about Putin.")
    m = actors.find_mentions(sents).assign(target_sentiment=0.5, target_label="positive")
    tone = actor_tone(m, sents)
    assert list(tone["target_sentiment"]) == [0.5]
    assert list(tone["narrator_sentiment"]) == [0.5]
    assert list(tone.columns).count("target_sentiment") == 1


# ---------------------------------------------------------------------------------------------
# article level


WEIGHTS = {"narrator": 1.0, "quoted": 0.5, "own_words": 0.0, "lead": 2.0, "pronoun": 0.5,
           "headline": 1.0, "negative_below": -0.2, "positive_above": 0.1}


def features(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ARTICLE_FEATURE_COLUMNS[:len(rows[0])])


@pytest.mark.parametrize("rows, expected", [
    # one narrator mention: its own tone
    ([("a", "x", 3, "narrator", False, False, 0.4)], [("a", "x", 0.4, "positive", 1)]),
    # lead x2: (2 * 0.6 + 1 * -0.6) / 3 = 0.2
    ([("a", "x", 1, "narrator", True, False, 0.6), ("a", "x", 4, "narrator", False, False, -0.6)],
     [("a", "x", 0.2, "positive", 2)]),
    # quoted voice weighs 0.5: (1 * 0.0 + 0.5 * -0.9) / 1.5 = -0.3; quotes are no extra mention
    ([("a", "x", 3, "narrator", False, False, 0.0), ("a", "x", 3, "quoted", False, False, -0.9)],
     [("a", "x", -0.3, "negative", 1)]),
    # the actor's own words weigh 0; a pronoun 0.5: (1 * 0.1 + 0.5 * -0.5) / 1.5 = -0.1
    ([("a", "x", 3, "narrator", False, False, 0.1), ("a", "x", 3, "own_words", False, False, 0.9),
      ("a", "x", 5, "narrator", False, True, -0.5)],
     [("a", "x", -0.1, "neutral", 2)]),
    # the headline counts on its own weight, not as a mention, and is not a lead mention:
    # (1 * 0.0 + 1 * 0.3) / 2 = 0.15
    ([("a", "x", 2, "narrator", False, False, 0.0), ("a", "x", 0, "headline", True, False, 0.3)],
     [("a", "x", 0.15, "positive", 1)]),
    # articles and actors apart, in order of first appearance
    ([("b", "y", 1, "narrator", False, False, -0.5), ("a", "x", 1, "narrator", False, False, 0.0)],
     [("b", "y", -0.5, "negative", 1), ("a", "x", 0.0, "neutral", 1)]),
])
def test_aggregate_tone(rows, expected):
    out = aggregate_tone(features(*rows), WEIGHTS)
    assert list(out.columns) == TONE_COLUMNS
    got = [(d, a, round(m, 4), lab, n) for d, a, m, lab, n in out.itertuples(index=False)]
    assert got == [(d, a, pytest.approx(m), lab, n) for d, a, m, lab, n in expected]


def test_article_tone_features_parts_lead_and_headline():
    sents = sentences_of("Lindqvist opened the hospital.",
                         "\u201cIt is a great day,\u201d Lindqvist said. Then she left.")
    m = mentions_of(sents, {"Lindqvist": "lq", "she": "lq"})
    m.loc[m["sent_id"] == 2, "role"] = "speaker"
    articles = pd.DataFrame({"doc_id": ["d1"], "title": ["LINDQVIST OPENS HOSPITAL"]})
    f = article_tone_features(m, sents, articles=articles)
    assert list(f.columns) == ARTICLE_FEATURE_COLUMNS
    assert list(zip(f["sent_id"], f["part"], f["lead"], f["pronoun"])) == [
        (1, "narrator", True, False), (2, "narrator", False, False),
        (2, "own_words", False, False), (3, "narrator", False, True),
        (0, "headline", True, False)]
    assert f["tone"].between(-1, 1).all()


def test_article_tone_reads_each_actor_apart():
    sents = sentences_of(
        "Parents thanked Lindqvist warmly for the wonderful new children's hospital.",
        "Critics accused Halvorsen of wasting public money and lying to voters.",
        "Lindqvist was praised again by the nurses.")
    m = mentions_of(sents, {"Lindqvist": "lq", "Halvorsen": "hv"})
    out = article_tone(m, sents)
    assert list(out.columns) == TONE_COLUMNS
    assert list(zip(out["actor"], out["tone_label"], out["tone_mentions"])) == [
        ("lq", "positive", 2), ("hv", "negative", 1)]
    assert out["tone_mean"].between(-1, 1).all()


def test_article_tone_empty_input_gives_empty_table():
    empty = sentences_of("No one is named here.").head(0)
    out = article_tone(pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "actor"]), empty)
    assert out.empty and list(out.columns) == TONE_COLUMNS


def test_article_weights_file_errors_name_the_file_and_command(tmp_path):
    with pytest.raises(FileNotFoundError, match="actor_tone_persent.py --fit"):
        load_article_weights(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,value\nnarrator,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv.*positive_above"):
        load_article_weights(bad)


def test_shipped_article_weights_are_complete():
    w = load_article_weights()
    assert w["negative_below"] < w["positive_above"]
    assert all(w[k] >= 0 for k in ("narrator", "quoted", "own_words", "lead", "pronoun",
                                   "headline"))


# ---------------------------------------------------------------------------------------------
# each sentence read once: scores of stretches are sums over its pieces


@pytest.mark.parametrize("text, target", [
    ("The brave doctor saved many lives and was praised by everyone.", "doctor"),
    ("The corrupt official stole millions and lied to the court!", "official"),
    ("Voters did not trust Kowalski at all.", "Kowalski"),
    ("VERY angry protesters shouted at the mayor.", "mayor"),
    ("The minister arrived in Paris on Monday.", "minister"),
])
def test_sentence_scores_of_an_unturned_sentence_are_vaders(text, target):
    # a sentence without a turn is its target's scope: the sum over all of its pieces is
    # what VADER gives the whole sentence (its rule for "but" aside)
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis.tone import target_features

    start = text.index(target)
    numbers, _ = target_features(text, start, start + len(target))
    vader = SentimentIntensityAnalyzer().polarity_scores(text)
    assert numbers["sentence_turns"] == 0.0
    assert numbers["sentence_vader_compound"] == pytest.approx(vader["compound"], abs=1e-4)
    assert numbers["sentence_vader_pos"] == pytest.approx(vader["pos"], abs=1e-3)
    assert numbers["sentence_vader_neg"] == pytest.approx(vader["neg"], abs=1e-3)


def test_target_features_words_and_sides():
    from analysis.tone import target_features

    text = "Critics praised Ruto, but they did not like Odinga at all."
    start = text.index("Odinga")
    numbers, words = target_features(text, start, start + len("Odinga"))
    # Odinga's side of the sentence: " they did not like Odinga at all."; "like" is read
    # negated (VADER's value 1.5 times -0.74, over 4), the words after "not" are marked not_
    assert numbers["sentence_turns"] == 1.0
    assert numbers["before_vader_compound"] < 0
    assert numbers["nearest_left_value"] == pytest.approx(1.5 * -0.74 / 4, abs=1e-6)
    assert numbers["nearest_right_value"] == 0.0
    # ("not" marks the three words after it: "like", the target, "at")
    assert words == {"left:they", "left:did", "left:not", "left:not_like", "right:not_at",
                     "right:all", "sentence:they", "sentence:did", "sentence:not",
                     "sentence:not_like", "sentence:not_at", "sentence:all"}


def test_target_features_many_gives_the_features_one_by_one():
    from analysis.tone import target_features, target_features_many

    rows = [("I like Peter but I don't like Robert.", 7, 12),
            ("I like Peter but I don't like Robert.", 30, 36),
            ("\u201cA wonderful day,\u201d said the corrupt mayor.", 34, 39)]
    together = target_features_many(rows)
    assert together == [target_features(*row) for row in rows]


def test_score_targets_of_many_sentences_are_those_of_each_alone():
    """All sentences of a call are scored together; each target gets the score it gets
    alone (turns, quotations, a target at the start or the end, an empty text)."""
    df = pd.DataFrame({
        "text": ["I like Peter but I don't like Robert.", "I like Peter but I don't like Robert.",
                 "\u201cA wonderful day,\u201d said the corrupt mayor.", "Ruto won.",
                 "Critics praised Ruto, but they condemned Odinga", ""],
        "start": [7, 30, 34, 0, 41, 0], "end": [12, 36, 39, 4, 47, 0]})
    together = score_targets(df)
    alone = pd.concat([score_targets(df.iloc[[i]]) for i in range(len(df))])
    pd.testing.assert_frame_equal(together, alone)
    assert together["target_label"].tolist()[:2] == ["positive", "negative"]


def test_actor_tone_reads_the_narrator_and_the_quotation_apart():
    sents = sentences_of("The corrupt and dishonest Lindqvist said: \u201cWhat a wonderful, "
                         "happy day for all of us.\u201d")
    m = mentions_of(sents, {"Lindqvist": "lq"})
    tone = actor_tone(m, sents)
    assert list(tone["voice"]) == ["narrator"]
    assert tone["narrator_sentiment"].iloc[0] < 0 < tone["quoted_sentiment"].iloc[0]
