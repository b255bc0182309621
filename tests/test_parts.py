"""Document parts: headline, lead and body of every sentence, and the notes on odd articles."""
import pandas as pd
import pytest

from analysis.load import load_corpus
from analysis.parts import (HEADLINE_MAX_CHARS, add_parts, compare_parts, document_parts,
                            headline_line, headline_span, sentences_by_part)
from analysis.segment import split_sentences

LONG_TITLE = "Protest " * 37 + "ends"  # 300 characters, no full stop
assert len(LONG_TITLE) == 300


@pytest.mark.parametrize("text, expected", [
    ("Thousands march in Minsk\n\nPolice detained 200 people.", "Thousands march in Minsk"),
    ("Will the strike end?\n\nWorkers met on Monday.", "Will the strike end?"),
    ("# Strike ends\n\nWorkers went back.", "Strike ends"),
    ("  Only a headline  ", "Only a headline"),
    ("Waiting for news...\n\nNothing came.", "Waiting for news..."),
    # a full stop at the end: a sentence, not a headline
    ("Police detained 200 people.\n\nMore later.", None),
    ("Police detained 200 people.\u201d\n\nMore later.", None),
    # no blank line after the first line: the first line of a paragraph
    ("Thousands march in Minsk\nPolice detained 200 people.", None),
    ("Police said:\n\nNothing.", None),
    (LONG_TITLE + "\n\nWorkers went back.", None),  # too long for a headline line
    ("2020\n\nWorkers went back.", None),  # no letter
    ("", None),
])
def test_headline_line(text, expected):
    assert headline_line(text) == expected


@pytest.mark.parametrize("text, title, expected", [
    ("Thousands march in Minsk\n\nPolice detained 200 people.", None, (0, 24)),
    ("Thousands march in Minsk\n\nPolice detained 200 people.", "Thousands March in  Minsk", (0, 24)),
    ("\u201cNo\u201d to the vote\n\nPolice detained 200 people.", '"No" to the vote', (0, 16)),
    # a title that is not the first paragraph: the headline is not in the text
    ("Police detained 200 people.\n\nMore later.", "Thousands march", None),
    ("Thousands march in Minsk\n\nPolice detained 200 people.", "Another title", None),
    ("Police detained 200 people. More later.", None, None),
])
def test_headline_span(text, title, expected):
    assert headline_span(text, title) == expected


def _parts(text, title=None):
    arts = pd.DataFrame({"doc_id": ["d"], "title": [title], "text": [text]})
    s = add_parts(split_sentences(arts), arts)
    return list(zip(s["sent_id"], s["start"], s["end"], s["part"]))


@pytest.mark.parametrize("text, title, expected", [
    # headline line, a lead paragraph of two sentences, a body paragraph
    ("Thousands march in Minsk\n\nPolice detained 200 people. They said so.\n\nMore later.",
     "Thousands march in Minsk",
     [(1, 0, 24, "headline"), (2, 26, 53, "lead"), (3, 54, 67, "lead"), (4, 69, 80, "body")]),
    # the title given as metadata only: the first paragraph is the lead
    ("Police detained 200 people. They said so.\n\nMore later.", "Thousands march",
     [(1, 0, 27, "lead"), (2, 28, 41, "lead"), (3, 43, 54, "body")]),
    # no paragraphs: the first two sentences are the lead
    ("One. Two. Three. Four.", "A title",
     [(1, 0, 4, "lead"), (2, 5, 9, "lead"), (3, 10, 16, "body"), (4, 17, 22, "body")]),
    # headline and one paragraph without breaks
    ("Strike ends\n\nOne. Two. Three.", "Strike ends",
     [(1, 0, 11, "headline"), (2, 13, 17, "lead"), (3, 18, 22, "lead"), (4, 23, 29, "body")]),
    # only a headline
    ("Only a headline", "Only a headline", [(1, 0, 15, "headline")]),
    # one sentence
    ("Police detained 200 people.", None, [(1, 0, 27, "lead")]),
])
def test_add_parts(text, title, expected):
    assert _parts(text, title) == expected


def test_add_parts_keeps_rows_and_index():
    arts = pd.DataFrame({"doc_id": ["a", "b"], "title": [None, None],
                         "text": ["Head\n\nOne. Two.\n\nThree.", "Alpha. Beta. Gamma."]})
    s = split_sentences(arts)
    shuffled = s.iloc[[5, 0, 3, 1, 4, 2]].set_axis([7, 7, 7, 1, 1, 1])
    got = add_parts(shuffled, arts)
    assert list(got.index) == [7, 7, 7, 1, 1, 1]
    # the sentences of "a" are read in text order even when the rows are not
    assert list(zip(got["doc_id"], got["sent_id"], got["part"])) == [
        ("b", 2, "lead"), ("a", 1, "headline"), ("a", 4, "body"), ("a", 2, "lead"),
        ("b", 1, "lead"), ("a", 3, "lead")]
    assert add_parts(s.iloc[0:0], arts)["part"].tolist() == []
    with pytest.raises(KeyError, match="para_id"):
        add_parts(s.drop(columns="para_id"), arts)


CORPUS = {
    # a plain-text file without front matter: its headline line becomes the title
    "plain.txt": "Thousands march in Minsk\n\nPolice detained 200 people. They said so.\n\nMore later.",
    "headline_only.txt": "Strike called off",
    "long_title.txt": f"---\ntitle: {LONG_TITLE}\n---\nWorkers went back. The plant reopened.\n\nSales fell.",
    "no_paragraphs.txt": "---\ntitle: Tractor exports fall\n---\nOne sentence. Two sentences. Three sentences.",
    "front_no_title.txt": "---\noutlet: Daily\n---\nStrike ends\n\nWorkers went back.",
    "sentence_first.txt": "Police detained 200 people.\n\nMore later.",
    "table.csv": 'id,title,text\nc-1,Bakery opens,"The bakery opened. Queues formed.\n\nIt sells bread."\n',
    "lines.jsonl": '{"id": "j-1", "title": "Library opens", "text": "The library opened on Monday."}\n',
}


@pytest.fixture()
def corpus(tmp_path):
    for name, content in CORPUS.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    return load_corpus(tmp_path)


@pytest.mark.parametrize("doc_id, title", [
    ("plain", "Thousands march in Minsk"),
    ("headline_only", "Strike called off"),
    ("long_title", LONG_TITLE),
    ("front_no_title", "Strike ends"),
    ("sentence_first", None),
    ("c-1", "Bakery opens"),
    ("j-1", "Library opens"),
])
def test_titles_from_the_headline_line(corpus, doc_id, title):
    got = corpus.set_index("doc_id").loc[doc_id, "title"]
    assert (got if isinstance(got, str) else None) == title


@pytest.mark.parametrize("doc_id, expected, note", [
    ("plain", [("headline", "text", 0, 24, 1, "Thousands march in Minsk"),
               ("lead", "text", 26, 67, 2, "Police detained 200 people. They said so."),
               ("body", "text", 69, 80, 1, "More later.")], ""),
    ("headline_only", [("headline", "text", 0, 17, 1, "Strike called off"),
                       ("lead", "none", None, None, 0, ""), ("body", "none", None, None, 0, "")],
     "only a headline: no lead and no body"),
    ("long_title", [("headline", "title", None, None, 1, LONG_TITLE),
                    ("lead", "text", 0, 38, 2, "Workers went back. The plant reopened."),
                    ("body", "text", 40, 51, 1, "Sales fell.")],
     f"headline of 300 characters, longer than {HEADLINE_MAX_CHARS}"),
    ("no_paragraphs", [("headline", "title", None, None, 1, "Tractor exports fall"),
                       ("lead", "text", 0, 28, 2, "One sentence. Two sentences."),
                       ("body", "text", 29, 45, 1, "Three sentences.")],
     "no paragraph breaks: the lead is the first 2 sentences"),
    ("front_no_title", [("headline", "text", 0, 11, 1, "Strike ends"),
                        ("lead", "text", 13, 31, 1, "Workers went back."),
                        ("body", "none", None, None, 0, "")], "no body: the text ends with the lead"),
    ("sentence_first", [("headline", "none", None, None, 0, ""),
                        ("lead", "text", 0, 27, 1, "Police detained 200 people."),
                        ("body", "text", 29, 40, 1, "More later.")], "no headline"),
    ("c-1", [("headline", "title", None, None, 1, "Bakery opens"),
             ("lead", "text", 0, 33, 2, "The bakery opened. Queues formed."),
             ("body", "text", 35, 50, 1, "It sells bread.")], ""),
    ("j-1", [("headline", "title", None, None, 1, "Library opens"),
             ("lead", "text", 0, 29, 1, "The library opened on Monday."),
             ("body", "none", None, None, 0, "")], "no body"),
])
def test_document_parts(corpus, doc_id, expected, note):
    table = document_parts(corpus)
    assert len(table) == 3 * (corpus["status"] == "ok").sum()  # no article dropped
    rows = table[table["doc_id"] == doc_id]
    got = [(r.part, r.source, None if pd.isna(r.start) else int(r.start),
            None if pd.isna(r.end) else int(r.end), r.sentences, r.text) for r in rows.itertuples()]
    assert got == expected
    text = corpus.set_index("doc_id").loc[doc_id, "text"]
    for r in rows.itertuples():
        if r.source == "text":
            assert text[r.start:r.end] == r.text
    assert rows["note"].nunique() == 1
    if note:
        assert note in rows["note"].iloc[0]
    else:
        assert rows["note"].iloc[0] == ""


def test_sentences_by_part_adds_title_rows(corpus):
    ok = corpus[corpus["status"] == "ok"]
    table = sentences_by_part(split_sentences(ok), ok)
    titles = table[table["source"] == "title"]
    assert sorted(titles["doc_id"]) == ["c-1", "j-1", "long_title", "no_paragraphs"]
    assert (titles["part"] == "headline").all() and titles["start"].isna().all()
    assert (titles["sent_id"] == 0).all()
    first = table.groupby("doc_id", sort=False).head(1)
    assert set(first.loc[first["doc_id"].isin(titles["doc_id"]), "source"]) == {"title"}
    in_text = table[table["source"] == "text"]
    assert len(in_text) == len(split_sentences(ok))


def test_compare_parts():
    s = pd.DataFrame({
        "doc_id": ["a"] * 5, "sent_id": [0, 1, 2, 3, 4],
        "part": ["headline", "lead", "lead", "body", "body"],
        "text": ["Bad day", "A b c.", "D e.", "F.", "G h."],
        "sentiment": [-0.5, 0.2, -0.4, 0.0, 0.6],
        "label": ["negative", "positive", "negative", "neutral", "positive"]})
    mentions = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [1, 1, 4]})
    got = compare_parts(s, mentions=mentions, quotes=pd.DataFrame(columns=["doc_id", "sent_id"]))
    assert got["part"].tolist() == ["headline", "lead", "body"]
    assert got["sentences"].tolist() == [1, 2, 2]
    assert got["words"].tolist() == [2, 5, 3]
    assert got["mean_sentiment"].round(3).tolist() == [-0.5, -0.1, 0.3]
    assert got["negative_share"].tolist() == [1.0, 0.5, 0.0]
    assert got["mentions"].tolist() == [0, 2, 1]
    assert got["quotes"].tolist() == [0, 0, 0]
    assert got["frame_cues"].isna().all()
    with pytest.raises(KeyError, match="part"):
        compare_parts(s.drop(columns="part"))


def test_empty_tables():
    empty = pd.DataFrame()
    sentences = pd.DataFrame(columns=["doc_id", "para_id", "sent_id", "start", "end", "text"])
    assert document_parts(empty).empty and list(document_parts(empty).columns)[:2] == ["doc_id", "part"]
    assert sentences_by_part(sentences, empty).empty
    assert compare_parts(sentences_by_part(sentences, empty)).empty
