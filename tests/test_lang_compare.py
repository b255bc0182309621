"""Two languages side by side (analysis.lang.compare), on tables written for these tests."""
import pandas as pd
import pytest

from analysis.lang import compare


@pytest.mark.parametrize("text, language, expected", [
    ("a terrible crisis", "en", [(2, 10, "terrible", "terrible"), (11, 17, "crisis", "crisis")]),
    # Russian by lemma: the inflected form finds the seed entry
    ("о жестоком обращении", "ru", [(2, 10, "жестоком", "жестокий")]),
    ("", "ru", []),
])
def test_lexicon_words(text, language, expected):
    got = compare.lexicon_words(text, language)
    assert list(got.itertuples(index=False, name=None)) == expected


ARTICLES = pd.DataFrame({"doc_id": ["e1", "r1", "d1", "r2"], "status": ["ok"] * 4,
                         "language": ["en", "ru", "de", "ru"], "text": ["x"] * 4})


@pytest.mark.parametrize("english, russian, doc_id, expected", [
    (None, None, None, ("e1", "r1")),
    ("e1", "r2", None, ("e1", "r2")),
    ("missing", "r2", "r1", ("e1", "r1")),  # DOC_ID replaces the article of its language
])
def test_choose_pair(english, russian, doc_id, expected):
    assert compare.choose_pair(ARTICLES, english=english, russian=russian, doc_id=doc_id) == expected


def test_choose_pair_refuses_a_doc_id_without_analyses():
    with pytest.raises(ValueError, match="d1"):
        compare.choose_pair(ARTICLES, doc_id="d1")  # German: sentences only


def test_actor_and_cue_forms():
    mentions = pd.DataFrame({"doc_id": ["r1"] * 3, "actor": ["putin", "putin", "russia"],
                             "actor_name": ["Vladimir Putin"] * 2 + ["Russia"],
                             "surface": ["Путин", "Путина", "России"]})
    forms = compare.actor_forms(mentions, "r1")
    assert forms[["actor", "mentions", "forms", "surfaces"]].values.tolist() == [
        ["putin", 2, 2, "Путин | Путина"], ["russia", 1, 1, "России"]]
    frames = pd.DataFrame({"doc_id": ["r1", "r1", "e1"], "frame": ["fi", "fi", "protest"],
                           "entry": ["вмешательство", "вмешательство", "protest*"],
                           "cue": ["вмешательства", "вмешательство", "protests"]})
    cues = compare.cue_forms(frames, "r1")
    assert cues[["entry", "hits", "forms", "inflected"]].values.tolist() == [
        ["вмешательство", 2, "вмешательства | вмешательство", True]]
    # a pattern entry is not counted as an inflected hit
    assert compare.cue_forms(frames, "e1")["inflected"].tolist() == [False]


def test_pack_scores_and_explanation():
    text = "Протесты продолжаются. Это жестокий разгон."
    arts = pd.DataFrame({"doc_id": ["r", "e"], "language": ["ru", "en"], "text": [text, "Fine."]})
    got = compare.pack_scores(arts, "r")
    assert got[["sent_id", "start", "end"]].values.tolist() == [[1, 0, 22], [2, 23, 43]]
    assert got["text"].tolist() == ["Протесты продолжаются.", "Это жестокий разгон."]
    assert compare.pack_scores(arts, "e").empty  # English: the English scores apply
    parts = compare.explain_sentence(got["text"].iloc[1], "ru")
    assert parts["share"].sum() == pytest.approx(got["sentiment"].iloc[1], abs=1e-3)
    assert ("жестокий", 4, 12) in set(zip(parts["lemma"], parts["start"], parts["end"]))


@pytest.mark.parametrize("language, expected", [
    ("en", "English word lists"), ("und", "English word lists"), (None, "English word lists"),
    ("ru", "Russian pack"), ("ru-RU", "Russian pack"), ("de", "sentences only"),
])
def test_analysed_with(language, expected):
    from analysis.lang import analysed_with

    assert analysed_with(language) == expected


def test_add_pack_tables_replaces_the_rows_of_pack_articles_only():
    from analysis.lang import add_pack_tables

    text = "«Мы не сдадимся», — заявил Путин."
    arts = pd.DataFrame({"doc_id": ["r", "e", "d"], "language": ["ru", "en", "de"],
                         "text": [text, "Putin spoke.", "Putin sprach."]})
    english = pd.DataFrame({"doc_id": ["r", "e", "d"], "start": [0, 0, 0], "end": [1, 5, 5],
                            "text": ["«", "Putin", "Putin"]})
    out = add_pack_tables({"quotes": english}, arts)
    assert set(out) == {"quotes"}  # only the tables given
    q = out["quotes"]
    assert q[q["doc_id"] != "r"]["text"].tolist() == ["Putin", "Putin"]  # kept as they were
    ru = q[q["doc_id"] == "r"].iloc[0]
    assert (ru["start"], ru["end"], ru["kind"], ru["speaker"]) == (1, 15, "direct", "putin")
    assert text[1:15] == "Мы не сдадимся"
