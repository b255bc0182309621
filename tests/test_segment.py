"""Sentence splitting: boundaries, and offsets that always point at the sentence."""
import nltk
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import load_corpus
from analysis.segment import split_paragraphs, split_sentences
from conftest import eval_file


def sentences_of(text):
    df = split_sentences(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    assert all(text[s:e] == t for s, e, t in zip(df["start"], df["end"], df["text"]))
    return list(df["text"])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith arrived. He sat down.", ["Mr. Smith arrived.", "He sat down."]),
        ("Gen. Smith met Sen. Jones on Jan. 5. They talked.",
         ["Gen. Smith met Sen. Jones on Jan. 5.", "They talked."]),
        ("Dr. Ivanova and Prof. Petrov spoke. The hall was full.",
         ["Dr. Ivanova and Prof. Petrov spoke.", "The hall was full."]),
        ("The U.S. and the U.N. disagreed. Talks ended.",
         ["The U.S. and the U.N. disagreed.", "Talks ended."]),
        ("Troops left the U.S. The war was over.", ["Troops left the U.S.", "The war was over."]),
        # initials
        ("George W. Bush met J. K. Rowling. Both smiled.",
         ["George W. Bush met J. K. Rowling.", "Both smiled."]),
        # decimals and numbers
        ("Turnout was 80.1 per cent. It cost $3.5 million.",
         ["Turnout was 80.1 per cent.", "It cost $3.5 million."]),
        # quotation marks that end a sentence stay with it
        ("He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
        ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
        ("She called it ‘a farce.’ Nobody agreed.", ["She called it ‘a farce.’", "Nobody agreed."]),
        ("“Will you go?” she asked. “Never!” he said.",
         ["“Will you go?” she asked.", "“Never!” he said."]),
        # ellipses
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
        ("He waited… and waited.", ["He waited… and waited."]),
        # times
        ("They met at 5 p.m. on Tuesday. It rained.", ["They met at 5 p.m. on Tuesday.", "It rained."]),
        # question and exclamation
        ("Who speaks? Nobody! Silence.", ["Who speaks?", "Nobody!", "Silence."]),
        # no final punctuation
        ("A headline without a full stop", ["A headline without a full stop"]),
        ("", []),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences_of(text) == expected


def test_sentences_never_cross_paragraphs():
    text = "First paragraph ends without a stop\n\nSecond one. Has two."
    df = split_sentences(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    assert list(df["para_id"]) == [1, 2, 2]
    assert list(df["text"]) == ["First paragraph ends without a stop", "Second one.", "Has two."]


def test_split_paragraphs_offsets():
    text = "One.\n\nTwo a.\nTwo b.\n\nThree."
    assert [text[s:e] for s, e in split_paragraphs(text)] == ["One.", "Two a.\nTwo b.", "Three."]


def test_seed_has_17_sentences_in_9_paragraphs(seed_path):
    articles = load_corpus(seed_path)
    df = split_sentences(articles)
    text = articles.loc[0, "text"]
    assert len(df) == 17
    assert df["para_id"].nunique() == 9
    assert list(df["sent_id"]) == list(range(1, 18))
    assert list(df.groupby("para_id").size()) == [2, 2, 2, 1, 3, 1, 2, 2, 2]
    assert all(text[s:e] == t for s, e, t in zip(df["start"], df["end"], df["text"]))
    assert df.loc[0, "text"].endswith("people of Belarus.")
    assert df.loc[14, "text"] == "Currently, Putin is busy with Russia's newly-found coronavirus vaccine Sputnik V."


def test_only_ok_articles_are_split():
    articles = pd.DataFrame({"doc_id": ["a", "b"], "text": ["One. Two.", ""],
                             "status": ["ok", "empty"]})
    df = split_sentences(articles)
    assert set(df["doc_id"]) == {"a"}
    assert list(df.columns) == ["doc_id", "para_id", "sent_id", "start", "end", "text"]


def test_empty_table_has_the_columns():
    df = split_sentences(pd.DataFrame({"doc_id": [], "text": []}))
    assert df.empty and list(df.columns) == ["doc_id", "para_id", "sent_id", "start", "end", "text"]


def test_missing_columns_are_named():
    with pytest.raises(KeyError, match="text"):
        split_sentences(pd.DataFrame({"doc_id": ["a"]}))


def test_nltk_and_textblob_split_offline():
    from textblob import TextBlob

    text = "Mr. Putin met Mr. Lukashenko. They talked."
    assert nltk.sent_tokenize(text) == ["Mr. Putin met Mr. Lukashenko.", "They talked."]
    assert [str(s) for s in TextBlob(text).sentences] == ["Mr. Putin met Mr. Lukashenko.", "They talked."]
    from nltk.corpus import stopwords

    assert "the" in stopwords.words("english")


_alphabet = st.sampled_from(list("abc XYZ.?!,;'\"“”‘’…\n\t-0123") + ["Mr.", "U.S.", "\n\n", " . ", "..."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_offsets_always_point_at_the_sentence(raw):
    from analysis.clean import clean_text

    text = clean_text(raw)
    df = split_sentences(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    for s, e, t in zip(df["start"], df["end"], df["text"]):
        assert text[s:e] == t
        assert t == t.strip() and t
    assert (df["start"].diff().dropna() > 0).all()


def test_shipped_nltk_data_is_built_from_the_word_lists(tmp_path):
    """The committed Punkt and stop-word files match the word lists they are built from."""
    from analysis.config import NLTK_DATA_DIR
    from analysis.nltk_setup import build

    build(tmp_path)
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(NLTK_DATA_DIR) for p in NLTK_DATA_DIR.rglob("*") if p.is_file())
    assert built == shipped
    for rel in built:
        assert (tmp_path / rel).read_text() == (NLTK_DATA_DIR / rel).read_text(), \
            f"{rel} is out of date: run python -m analysis nltk-data"


# The splitter answers the commonest candidate ends ("said. The") without Punkt's machinery;
# these tests hold that answer to Punkt's own.

def _plain_punkt():
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis.nltk_setup import punkt_parameters

    return PunktSentenceTokenizer(punkt_parameters())


def _both_decisions(context, tok=None):
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis.segment import _Punkt, sentence_tokenizer

    tok = tok or sentence_tokenizer()
    return (_Punkt.text_contains_sentbreak.__wrapped__(tok, context),
            PunktSentenceTokenizer.text_contains_sentbreak(tok, context))


@pytest.mark.parametrize("context", [
    "said. The", "said. the", "said.”", 'said."', "said.) And", "said. “We", "said.\nThe",
    "said. 2020", "said. . .", "said.. The", "said., and", "said.-", "said?.", "said?!", "said? no",
    "Mr. Smith", "mr. smith", "Gen. Ivanov", "J. Bach", "U.S. The", "co-op. The", "no.”",
    "3. The", "said.", "said?", "x. The", "Jan. 11", "etc. The", "said. ...", "said.  ‘No",
])
def test_quick_break_decision_agrees_with_punkt(context):
    from nltk.tokenize.punkt import PunktParameters

    from analysis.segment import _Punkt

    bare = PunktParameters()  # no abbreviations: "J." is read as an initial
    bare.collocations = {("said", "the")}
    for tok in (None, _Punkt(bare)):
        fast, punkt = _both_decisions(context, tok)
        assert fast == punkt


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["said", "Mr", "mr", "U", "J", "The", "we", "Gen", "co-op", "3",
                                 ".", "?", "!", ",", "-", " ", "  ", "\n", "”", '"', "'", ")",
                                 "(", "“", "...", "…", "2020"]), min_size=1, max_size=8).map("".join))
def test_quick_break_decision_agrees_with_punkt_on_any_text(context):
    fast, punkt = _both_decisions(context)
    assert fast == punkt


@settings(max_examples=200, deadline=None)
@given(st.lists(_alphabet | st.sampled_from(["said", "Mr", "The", "we"]), max_size=60).map("".join))
def test_sentences_are_punkts_own(text):
    from analysis.segment import sentence_tokenizer

    assert list(sentence_tokenizer().span_tokenize(text)) == list(_plain_punkt().span_tokenize(text))


def test_sentences_of_real_news_are_punkts_own(seed_path):
    from analysis.segment import sentence_tokenizer

    texts = [seed_path.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8")
              for p in sorted(eval_file("polnear", "dev", "text").glob("*.txt"))[:150]]
    ours, plain = sentence_tokenizer(), _plain_punkt()
    for text in texts:
        assert list(ours.span_tokenize(text)) == list(plain.span_tokenize(text))
