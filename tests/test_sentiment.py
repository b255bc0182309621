import math
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from analysis import sentiment as S  # noqa: E402
from analysis.plots.sentiment import (  # noqa: E402
    plot_label_counts, plot_method_scatter, plot_sentiment_arc, plot_subjectivity,
    plot_word_contributions,
)

from conftest import eval_file  # noqa: E402


@pytest.mark.parametrize("text, label", [
    ("The new park is a wonderful gift to the city.", "positive"),
    ("Volunteers helped the families, and the rescue was a success.", "positive"),
    ("The attack killed twelve people and wounded dozens.", "negative"),
    ("The report describes a corrupt and cruel regime.", "negative"),
    ("The meeting took place in Minsk on Tuesday.", "neutral"),
    ("The ministry published the figures at noon.", "neutral"),
    # negation reverses the word after it
    ("The result is not good.", "negative"),
    ("The talks were not a failure.", "positive"),
    # before "but" words count half
    ("The plan sounds bold, but it is a disaster.", "negative"),
    ("The start was slow, but the ending is wonderful.", "positive"),
    # a reverser before a negative word: removing harm leans positive
    ("The plan will reduce poverty.", "positive"),
    ("Poverty is rising.", "negative"),
    # news corrections: names and technical words are not sentiment
    ("The Supreme Court and the United Nations met the Security Council.", "neutral"),
    ("Interest rates and the share of foreign credit rose.", "neutral"),
])
def test_score_text_labels(text, label):
    assert S.label_score(S.score_text(text)) == label


@pytest.mark.parametrize("text", ["", " ", "\n\t  ", None])
def test_empty_text_scores_zero(text):
    assert S.score_text(text) == 0.0


def test_negation_and_contrast_change_the_score():
    good, not_good = S.score_text("The result is good."), S.score_text("The result is not good.")
    assert good > 0 > not_good
    assert S.score_text("They prevent violence.") > 0 > S.score_text("They see violence.")
    first = S.score_text("It is a disaster.")
    after_but = S.score_text("The plan sounds bold, but it is a disaster.")
    assert after_but < 0 and first < 0
    # the clause after "but" weighs more than the one before it
    assert S.score_text("The start was awful, but the ending is wonderful.") > \
        S.score_text("The ending is wonderful, but the start was awful.")


@pytest.mark.parametrize("short, long", [
    ("A wonderful day.", "A wonderful day for the people who came to the square in the old "
                         "town on Sunday afternoon to listen to the band and meet friends."),
    ("A cruel attack.", "A cruel attack on the station in the north of the city on Monday "
                        "morning, when the trains were full of people going to work."),
])
def test_a_sentiment_word_weighs_more_in_a_short_sentence(short, long):
    # the list sums are divided by the square root of the sentence length (20 words = 1)
    assert abs(S.score_text(short)) > abs(S.score_text(long)) > 0
    assert (S.score_text(short) > 0) == (S.score_text(long) > 0)


@pytest.mark.parametrize("text", [
    "The film is not good.",
    "Prices rose, but the outlook is very bright!",
    "The plan will reduce poverty, yet critics fear the cuts will hurt the poorest families.",
    "The Supreme Court heard the case.",
    "Zqx vlorp.",
    "Terrible, horrible, awful, dreadful, disgusting and evil hatred killed them all.",
])
def test_score_is_the_weighted_features_plus_corrections(text):
    # score_text adds up word by word what the fitted weights do to the features
    import numpy as np

    weights, corrections, _ = S._fitted()
    features = S.sentence_features([text]).iloc[0]
    learned = sum(corrections.get(w, 0.0) for w in S.sentence_words([text])[0])
    expected = np.clip((sum(weights[f] * features[f] for f in S.FEATURES) + learned) / 4, -1, 1)
    assert math.isclose(S.score_text(text), expected, abs_tol=1e-9)


def test_score_is_deterministic_and_bounded():
    texts = ["Terrible, horrible, awful, dreadful, disgusting and evil hatred killed them all."] * 3
    scores = [S.score_text(t) for t in texts]
    assert scores[0] == scores[1] == scores[2]
    assert -1.0 <= scores[0] < 0


def test_score_sentences_columns_and_passthrough():
    df = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [1, 2, 1], "extra": [7, 8, 9],
                       "text": ["A wonderful day.", "", "The war killed many."]},
                      index=[10, 11, 12])
    out = S.score_sentences(df)
    assert list(out.index) == [10, 11, 12]
    assert out["extra"].tolist() == [7, 8, 9]
    for col in S.SCORE_COLUMNS + ["language"]:
        assert col in out.columns
    assert out["label"].tolist() == ["positive", "neutral", "negative"]
    empty = out.loc[11]
    assert (empty["sentiment"], empty["vader_compound"], empty["textblob_polarity"]) == (0, 0, 0)
    assert "sentiment" not in df.columns  # the input is not changed
    again = S.score_sentences(df)
    pd.testing.assert_frame_equal(out, again)


def test_score_sentences_empty_table_and_missing_text():
    out = S.score_sentences(pd.DataFrame({"text": pd.Series([], dtype="str")}))
    assert out.empty and set(S.SCORE_COLUMNS) <= set(out.columns)
    with pytest.raises(KeyError, match="text"):
        S.score_sentences(pd.DataFrame({"sentence": ["Good."]}))


@pytest.mark.parametrize("frame, articles, flagged", [
    # no language information: non-Latin script is detected, Latin script is scored
    (pd.DataFrame({"text": ["Путин провёл встречу с Лукашенко в Сочи вчера вечером.",
                            "A wonderful day."]}), None, [True, False]),
    # a language column on the rows
    (pd.DataFrame({"text": ["Das ist gut.", "That is good."], "language": ["de", "en"]}),
     None, [True, False]),
    # the language of the article, matched on doc_id
    (pd.DataFrame({"doc_id": ["x", "y"], "text": ["C'est bien.", "That is good."]}),
     pd.DataFrame({"doc_id": ["x", "y"], "language": ["fr", "en"]}), [True, False]),
    # undetermined language is scored
    (pd.DataFrame({"text": ["Good."], "language": ["und"]}), None, [False]),
])
def test_non_english_rows_are_flagged(frame, articles, flagged):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = S.score_sentences(frame, articles=articles)
    assert (out["label"] == "not_english").tolist() == flagged
    assert out.loc[out["label"] == "not_english", "sentiment"].isna().all()
    assert out.loc[out["label"] != "not_english", "sentiment"].notna().all()
    assert any("not in English" in str(w.message) for w in caught) == any(flagged)


def test_explain_sentence_offsets_values_and_modifiers():
    text = "The film is not good."
    table = S.explain_sentence(text)
    assert table.columns.tolist() == S.EXPLAIN_COLUMNS
    row = table.set_index("word").loc["good"]
    assert (row["start"], row["end"]) == (16, 20)
    assert text[row["start"]:row["end"]] == "good"
    # the six lists: VADER 1.9 (-4..4), pattern 0.7, Hu & Liu +1, MPQA weak positive 0.5,
    # labMT happiness 7.20 - 5, Warriner et al. valence 7.89 - 5
    assert row["vader"] == 1.9 and row["textblob"] == 0.7
    assert row["hu_liu"] == 1.0 and row["mpqa"] == 0.5
    assert math.isclose(row["labmt"], 2.2) and math.isclose(row["wk"], 2.89)
    assert "negated by 'not'" in row["modifiers"]
    assert row["contribution"] < 0
    assert math.isclose(table["contribution"].sum(), S.score_text(text), abs_tol=1e-9)


@pytest.mark.parametrize("text, word, start, modifier", [
    ("It was very good news.", "good", 12, "intensified by 'very'"),
    ("Prices rose, but the outlook is bright.", "bright", 32, "after 'but'"),
    # "rescuing" is not in either list; it is found as "rescue"
    ("Volunteers kept rescuing people.", "rescuing", 16, "looked up without its ending"),
    ("The plan will reduce poverty.", "poverty", 21, "reversed by 'reduce'"),
])
def test_explain_sentence_rows(text, word, start, modifier):
    table = S.explain_sentence(text).set_index("word")
    assert table.loc[word, "start"] == start
    assert text[start:table.loc[word, "end"]] == word
    assert modifier in table.loc[word, "modifiers"] + table.loc[word, "reason"]


def test_explain_sentence_shows_news_corrections():
    table = S.explain_sentence("The Supreme Court heard the case.").set_index("word")
    assert table.loc["Supreme", "vader"] == 2.6
    assert table.loc["Supreme", "news_value"] == 0
    assert table.loc["Supreme", "contribution"] == 0
    assert "Supreme Court" in table.loc["Supreme", "reason"]
    # lower case "supreme" keeps its general value (the entry is for capitalized names only)
    assert S.explain_sentence("a supreme effort")["contribution"].iloc[0] > 0


@pytest.mark.parametrize("text", [
    "The film is not good.",
    "The plan will reduce poverty.",
    "The meeting took place on Tuesday.",  # only learned corrections
    "Prices rose, but the outlook is very bright!",
    "The Supreme Court heard the case.",
])
def test_explain_contributions_add_up_to_the_score(text):
    table = S.explain_sentence(text)
    assert math.isclose(table["contribution"].sum(), S.score_text(text), abs_tol=1e-9)
    learned = S._fitted()[1]
    for _, row in table.iterrows():
        # the learned value of the word, unless a hand-made news correction covers it
        expected = 0.0 if pd.notna(row["news_value"]) else learned.get(row["word"].lower(), 0.0)
        assert row["correction"] == expected


def test_learned_corrections_are_a_readable_table():
    data = S.load_weights()
    rows = data["word_corrections"]
    assert rows, "the shipped file has learned corrections"
    stop = S._stopwords()
    for row in rows:
        assert set(row) == {"word", "value", "sentences"}
        assert row["sentences"] >= 5 and abs(row["value"]) < 1  # small, from 5+ sentences
        assert row["word"] not in stop
    assert data["cross_validation"]["refitted_in_each_fold"].startswith("weights, word corrections")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["weights"].pop("vader_pos"), "'weights' must give a number"),
    (lambda d: d["weights"].update(labmt_mean="x"), "weight 'labmt_mean' must be a number"),
    (lambda d: d.update(word_corrections={}), "'word_corrections' must be a list"),
    (lambda d: d["word_corrections"].insert(0, {"word": "Good", "value": 0.1, "sentences": 5}),
     "entry 1 ('Good'): field 'word'"),
    (lambda d: d["word_corrections"].insert(0, {"word": "good", "value": 9, "sentences": 5}),
     "entry 1 ('good'): field 'value'"),
    (lambda d: d["word_corrections"].insert(0, {"word": "good", "value": 0.1}),
     "entry 1 ('good'): field 'sentences'"),
    (lambda d: d["word_corrections"].extend([d["word_corrections"][0]]), "listed twice"),
])
def test_weights_file_errors_name_the_entry(tmp_path, change, message):
    import json

    data = S.load_weights()
    change(data)
    path = tmp_path / "weights.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(S.LexiconError) as info:
        S.load_weights(path)
    assert "weights.json" in str(info.value) and message in str(info.value)


def test_word_lists_are_on_a_common_scale():
    lists = S._word_lists()
    assert list(lists) == list(S.LEXICONS)
    for name, table in lists.items():
        assert len(table) > 1000, name
        assert all(-1 <= v <= 1 and v != 0 for v in table.values()), name
    assert lists["hu_liu"]["poverty"] == -1.0
    assert "the" not in lists["labmt"]  # labMT words near its neutral middle are left out
    # Warriner et al. valence (1..9): poverty 2.00, end 4.73 (within 5 +- 0.5: left out)
    assert math.isclose(lists["wk"]["poverty"], -0.75) and "end" not in lists["wk"]


@pytest.mark.parametrize("text", ["", "   ", "Zqx vlorp.", "It is what it is."])
def test_explain_sentence_empty(text):
    table = S.explain_sentence(text)
    assert table.empty and table.columns.tolist() == S.EXPLAIN_COLUMNS


@pytest.mark.parametrize("yaml_text, message", [
    ("corrections:\n  - word: protests\n    value: 9\n    reason: too big\n",
     "entry 1 ('protests'): field 'value'"),
    ("corrections:\n  - word: protests\n    value: -1\n", "entry 1 ('protests'): field 'reason'"),
    ("corrections:\n  - word: two words\n    value: 0\n    reason: x\n", "entry 1: field 'word'"),
    ("corrections:\n  - word: a\n    value: 0\n    reason: x\n  - word: a\n    value: 1\n"
     "    reason: y\n", "entry 2 ('a'): the word is listed twice"),
    ("corrections:\n  - word: a\n    value: 0\n    reason: x\n    case: upper\n",
     "entry 1 ('a'): field 'case'"),
    ("negators: not\n", "'negators' must be a list"),
    ("corrections: [\n", "not valid YAML"),
])
def test_news_lexicon_errors_name_the_entry(tmp_path, yaml_text, message):
    path = tmp_path / "bad.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(S.LexiconError) as info:
        S.load_news_lexicon(path)
    assert "bad.yml" in str(info.value) and message in str(info.value)


def test_shipped_lexicon_and_weights_load():
    lex = S.load_news_lexicon()
    assert "not" in lex.negators and "but" in lex.contrast and "reduce" in lex.reversers
    assert lex.corrections["supreme"][1] == "capitalized"
    weights = S.load_weights()
    assert set(weights["weights"]) == set(S.FEATURES)
    assert weights["cross_validation"]["grouped_by"] == "article"
    assert 0 < S.label_threshold() < 1


def test_helpers_on_scored_table():
    df = pd.DataFrame({"doc_id": "d", "para_id": [1, 1, 2, 2], "sent_id": [1, 2, 3, 4],
                       "text": ["A wonderful win.", "Nothing happened.", "A terrible loss.",
                                "Good, but sad."]})
    scored = S.score_sentences(df)
    counts = S.label_counts(scored)
    assert counts["sentences"].sum() == 4 and math.isclose(counts["share"].sum(), 1.0)
    arc = S.rolling_sentiment(scored, window=3)
    assert math.isclose(arc["rolling"].iloc[0], scored["sentiment"].iloc[:2].mean())
    gaps = S.method_disagreements(scored, n=2)
    assert len(gaps) == 2 and gaps["gap"].abs().is_monotonic_decreasing


@pytest.mark.parametrize("plot", [plot_sentiment_arc, plot_label_counts, plot_method_scatter,
                                  plot_subjectivity])
@pytest.mark.parametrize("rows", [0, 3])
def test_plots_return_axes(plot, rows):
    df = pd.DataFrame({"doc_id": "d", "para_id": [1, 1, 2][:rows], "sent_id": [1, 2, 3][:rows],
                       "text": ["Good.", "Bad.", "Fine."][:rows]})
    scored = S.score_sentences(df)
    fig, ax = plt.subplots()
    assert plot(scored, ax=ax) is ax
    plt.close(fig)


def test_plot_word_contributions():
    table = S.explain_sentence("The film is not good.")
    ax = plot_word_contributions(table)
    assert len(ax.patches) == len(table) > 0
    plt.close(ax.figure)


@pytest.mark.shared
def test_benchmark_file_scores_every_sentence():
    path = eval_file("nyt_sentence_sentiment", "dev.tsv")
    df = pd.read_csv(path, sep="\t", nrows=200)
    features = S.sentence_features(df["text"])
    assert features.shape == (200, len(S.FEATURES)) and features.notna().all().all()
    scores = [S.score_text(t) for t in df["text"]]
    assert all(-1 <= s <= 1 for s in scores)


def test_score_sentences_gives_each_row_the_methods_values():
    from textblob.en import sentiment as pattern

    texts = ["A wonderful day.", "The war killed many.", "A wonderful day.", "",
             "Not bad at all :)", "Das ist gut.", "The war killed many."]
    df = pd.DataFrame({"text": texts, "language": ["en"] * 5 + ["de", "en"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = S.score_sentences(df)
    vader = S._vader()
    for text, lang, row in zip(texts, df["language"], out.itertuples()):
        if lang != "en" or not text:
            continue
        v = vader.polarity_scores(text)
        assert (row.vader_compound, row.vader_pos, row.vader_neu, row.vader_neg) == \
            (v["compound"], v["pos"], v["neu"], v["neg"])
        assert (row.textblob_polarity, row.textblob_subjectivity) == tuple(pattern(text))
        assert row.sentiment == S.score_text(text)
        assert row.label == S.label_score(S.score_text(text))
    assert (out["label"].iloc[3], out["label"].iloc[5]) == ("neutral", "not_english")
    assert out["sentiment"].iloc[0] == out["sentiment"].iloc[2] > 0  # a repeated text


# _score adds up word by word what _word_values and _estimate compute in two steps; each of
# its shortcuts must give the very same number.
def two_step_score(text):
    model = S._model()
    _, corrections, weights = S._fitted()
    values, n_words = S._word_values(model, text, corrections=corrections)
    return max(-1.0, min(1.0, S._estimate(values, n_words, weights) / 4.0)) if values else 0.0


def assert_same_score(text):
    model = S._model()
    _, corrections, weights = S._fitted()
    fast = S._score(model, text, corrections, weights)
    assert repr(fast) == repr(two_step_score(text)), text


# the words the rules name (negators, reversers, boosters, contrast words), sentiment words,
# news corrections and learned corrections, in various cases
SCORE_WORDS = ["not", "Not", "NOT", "never", "don't", "isn't", "no", "reduce", "prevent", "end",
               "very", "Very", "slightly", "extremely", "but", "But", "however", "yet", "good",
               "Good", "bad", "disaster", "wonderful", "war", "killed", "poverty", "violence",
               "cancer", "homeless", "pork", "Supreme", "Court", "security", "forces", "interest",
               "rates", "the", "The", "meeting", "Minsk", "Tuesday", "happy", "sacrificed",
               "stopped", "attacks", "zqx", "a", "and", "of", "hope", "crisis", "kind", "of"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SCORE_WORDS), max_size=25),
       st.sampled_from([" ", ", ", " - ", "  "]))
def test_score_equals_the_two_step_score_on_word_lists(words, sep):
    assert_same_score(sep.join(words))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_score_equals_the_two_step_score_on_any_string(text):
    assert_same_score(text)


def test_score_equals_the_two_step_score_on_sentences():
    texts = ["The film is not good.", "Prices rose, but the outlook is very bright!",
             "The plan will reduce poverty, yet critics fear the cuts will hurt the poorest.",
             "The Supreme Court heard the case.", "The meeting took place on Tuesday.",
             "Not bad, not good, but never a disaster; however, very very slightly sad."]
    for text in texts:
        assert_same_score(text)


@pytest.mark.shared
def test_score_equals_the_two_step_score_on_real_sentences():
    path = eval_file("nyt_sentence_sentiment", "dev.tsv")
    for text in pd.read_csv(path, sep="\t", keep_default_na=False)["text"]:
        assert_same_score(text)
