"""The English pack's type corrections for names the recogniser called a person."""
import pytest

from analysis.lang.en.name_types import TypedRecogniser, load_heads, retype


def _span(text, name, kind="person"):
    i = text.index(name)
    return (i, i + len(name), kind, 0.9)


CASES = [
    # the last word of the name
    ("A banner at the Johan Cruyff Arena read it.", "Johan Cruyff Arena", "place"),
    ("Veltron Semiconductor cut 4,000 jobs.", "Veltron Semiconductor", "organisation"),
    ("Students at Oxford University's colleges protested.", "Oxford University's", "organisation"),
    ("Margaret Court won in 1970.", "Margaret Court", "person"),  # also a surname: left out
    ("Grace Park sang.", "Grace Park", "person"),
    # an organisation noun in apposition after the name
    ("Veltron, the Dutch chipmaker, said it would cut jobs.", "Veltron", "organisation"),
    ("Esval, a state-owned water company, raised prices.", "Esval", "organisation"),
    # ... and before it
    ("Its stake in the regional water company, Esval, was sold.", "Esval", "organisation"),
    ("Shares in carmaker Tesla rose.", "Tesla", "organisation"),
    # the noun phrase belongs to a person's role: the name is that person
    ("Jane Doe, a spokesman for the company, said it.", "Jane Doe", "person"),
    ("A spokesman for the company, Jane Doe, said it.", "Jane Doe", "person"),
    ("An analyst at the bank, Jane Doe, said it.", "Jane Doe", "person"),
    ("Jorge Aravena, a spokesman for the Movement, said it.", "Jorge Aravena", "person"),
    # a one-word name with no such word beside it stays a person
    ("Okafor scored 31 goals.", "Okafor", "person"),
]


@pytest.mark.parametrize("text, name, expected", CASES)
def test_retype_person_spans(text, name, expected):
    span = _span(text, name)
    got = retype(text, [span])
    assert got == [(span[0], span[1], expected, 0.9)]


@pytest.mark.parametrize("kind", ["place", "organisation"])
def test_other_types_are_kept(kind):
    text = "Israeli troops entered the West Bank on Monday."
    span = _span(text, "West Bank", kind)
    assert retype(text, [span]) == [span]


def test_typed_recogniser_wraps_find_many():
    class Fixed:
        name = "fixed"

        def find_many(self, texts):
            return [[(0, 18, "person", 0.5)] for _ in texts]

    rec = TypedRecogniser(Fixed())
    assert rec.find_many(["Johan Cruyff Arena is full."]) == [[(0, 18, "place", 0.5)]]
    assert rec.name == "fixed"  # other attributes are the wrapped recogniser's


def test_heads_file_lists_both_kinds():
    heads = load_heads()
    assert heads.last_words["Arena"] == "place"
    assert heads.last_words["Holdings"] == "organisation"
    assert "chipmaker" in heads.nouns
