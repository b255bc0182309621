"""Faults of the word-list rules seen on new text, each pinned by a hand-checked case."""
import warnings

import pandas as pd
import pytest

from analysis import quotes, sentiment
from analysis.segment import split_sentences


def _articles(texts):
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts,
                         "language": "en"})


@pytest.mark.parametrize(
    "word, base",
    [
        ("rates", "rate"),      # not "rat": -es is an ending only after s, x, z, ch, sh, o
        ("rated", "rate"),      # one consonant after a short vowel would have been doubled
        ("rating", "rate"),
        ("hoping", "hope"),
        ("boxes", "box"),
        ("watches", "watch"),
        ("stopped", "stop"),
        ("visited", "visit"),   # "visite" is no word; the next form is
        ("rescuing", "rescue"),
    ],
)
def test_a_word_is_looked_up_by_its_own_base_form(word, base):
    model = sentiment._model()
    forms = sentiment._shorter_forms(word)
    known = next((f for f in forms if f in model.table), None)
    if known is None:  # no list knows the base form: it must still come before wrong ones
        assert forms and base in forms
        assert all(forms.index(base) <= forms.index(f) for f in forms if f != base)
    else:
        assert known == base


@pytest.mark.parametrize(
    "text, word",
    [
        ("The bank raised interest rates again.", "rates"),
        ("The central bank rated the bonds.", "rated"),
    ],
)
def test_rates_is_not_read_as_rat(text, word):
    explained = sentiment.explain_sentence(text).set_index("word")
    assert explained.loc[word, "contribution"] >= 0, "no list calls 'rate' negative"
    assert sentiment.score_text(text) > -0.05


@pytest.mark.parametrize(
    "text, kind, quoted",
    [
        ('The so-called "peace plan" was rejected.', "scare", "peace plan"),
        ('The minister criticised the so-called "peace plan" on Monday.', "scare", "peace plan"),
        ('Officials praised the self-styled "people\'s council" again.', "scare", "people's council"),
        ('"No," said the minister.', "direct", "No,"),
        ('"No," the minister said.', "direct", "No,"),
        ('"Never," he replied.', "direct", "Never,"),
        # unchanged: a name after a naming cue stays a term
        ('The party, dubbed "Belarus Together", was founded.', "term", "Belarus Together"),
        ('The "Belarus Together" movement grew.', "term", "Belarus Together"),
    ],
)
def test_quote_kinds(text, kind, quoted):
    arts = _articles([text])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = quotes.find_quotes(arts, sentences=split_sentences(arts), actors=False)
    row = found[found["kind"] != "paraphrase"].iloc[0]
    assert (row["text"], row["kind"]) == (quoted, kind)
    assert text[row["start"]:row["end"]] == quoted


@pytest.mark.parametrize(
    "text, verbs",
    [
        ("The university has a plan to admit 2,000 students next year.", []),
        ("The economy added 500 jobs in May.", []),
        ("The fire claimed 20 lives.", []),
        # the same verbs reporting speech are kept
        ("He refused to admit that he was wrong.", [("admit", 14, 19)]),
        ("Police said 2,000 people were detained.", [("said", 7, 11)]),
        ("\u201cWe are tired,\u201d she added.", [("added", 20, 25)]),
    ],
)
def test_a_verb_that_counts_something_is_no_reporting_verb(text, verbs):
    arts = _articles([text])
    sents = split_sentences(arts)
    stance = quotes.find_stance(arts, sentences=sents)
    found = stance[stance["marker"] == "reporting_verb"]
    assert list(zip(found["text"], found["start"], found["end"])) == verbs
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        q = quotes.find_quotes(arts, sentences=sents, actors=False)
    if not verbs:
        assert q.empty, "no paraphrase is built on a verb that is not speech"


def test_quantity_senses_must_be_reporting_verbs(tmp_path):
    from analysis.config import LEXICON_DIR

    text = (LEXICON_DIR / "reporting.yml").read_text(encoding="utf-8")
    bad = tmp_path / "reporting.yml"
    bad.write_text(text.replace("quantity_senses: [admit,", "quantity_senses: [admitt,"),
                   encoding="utf-8")
    with pytest.raises(quotes.LexiconError, match="quantity_senses.*admitt"):
        quotes.load_reporting(bad)
