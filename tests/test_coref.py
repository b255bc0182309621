"""Within one article, one actor per referent (analysis.coref via analysis.entities.find_actors).

The recogniser is a stand-in that finds exactly the names listed in NAMES (tests/entity_fakes.py),
so these tests check the resolver on its own: what a trained model would find is its own test.
The texts are new (a Kenyan election, a French strike, ...); every offset was checked by hand.
"""
import math

import pandas as pd
import pytest

from analysis.actors import load_actors
from analysis.entities import find_actors
from analysis.segment import split_sentences
from entity_fakes import ListRecogniser

NAMES = {"William Ruto": "person", "Ruto": "person", "Kenya": "place", "France": "place",
         "Confédération générale du travail": "organisation", "CGT": "organisation",
         "Movement for Democratic Change": "organisation", "MDC": "organisation",
         "Harare": "place", "Susan Nakhumicha": "person", "John Mwangi": "person",
         "Peter Kamau": "person", "Grace Wanjiru": "person", "Nakuru": "place",
         "Eldoret": "place", "Amina Mohamed": "person",
         "Ministry of Foreign Affairs": "organisation", "Raila Odinga": "person",
         "Mombasa": "place"}

TEXTS = {
    "ruto": "William Ruto won the election. Mr. Ruto thanked his voters, and Ruto's allies "
            "cheered. President Ruto said he would unite Kenya.",
    "cgt": "Workers across France walked out at the call of the Confédération générale du "
           "travail (CGT). The CGT said the strike would go on.",
    "mdc": "The Movement for Democratic Change won in Harare. Later the MDC called for calm.",
    "minister": "Health Minister Susan Nakhumicha said she would resign. Her deputy, John Mwangi, "
                "said he would stay.",
    "gender": "Peter Kamau met Grace Wanjiru in Nakuru. She said the talks went well. He agreed.",
    "para": "William Ruto spoke in Eldoret. The commission then published the results.\n\n"
            "He said the count was fair.",
    "para2": "William Ruto spoke in Eldoret.\n\nHe said the count was fair.",
    "appos": "Amina Mohamed, a spokesperson for the Ministry of Foreign Affairs, said talks would "
             "resume. The ministry's spokesperson, Amina Mohamed, later denied it.",
    "appos2": "Raila Odinga met the ministry's spokesperson, Amina Mohamed, in Mombasa.",
}

# doc_id, start, end, surface, actor, actor_type, match_kind, role
EXPECTED = [
    ("ruto", 0, 12, "William Ruto", "william_ruto", "person", "name", "mentioned"),
    ("ruto", 31, 39, "Mr. Ruto", "william_ruto", "person", "title", "mentioned"),
    ("ruto", 48, 51, "his", "william_ruto", "person", "pronoun", "mentioned"),
    ("ruto", 64, 70, "Ruto's", "william_ruto", "person", "possessive", "mentioned"),
    ("ruto", 87, 101, "President Ruto", "william_ruto", "person", "title", "speaker"),
    ("ruto", 107, 109, "he", "william_ruto", "person", "pronoun", "mentioned"),
    ("ruto", 122, 127, "Kenya", "kenya", "country", "name", "mentioned"),
    ("cgt", 15, 21, "France", "france", "country", "name", "mentioned"),
    ("cgt", 52, 85, "Confédération générale du travail", "confederation_generale_du_travail",
     "organisation", "name", "mentioned"),
    ("cgt", 87, 90, "CGT", "confederation_generale_du_travail", "organisation", "acronym",
     "mentioned"),
    ("cgt", 97, 100, "CGT", "confederation_generale_du_travail", "organisation", "acronym",
     "speaker"),
    ("mdc", 4, 34, "Movement for Democratic Change", "movement_for_democratic_change",
     "organisation", "name", "mentioned"),
    ("mdc", 42, 48, "Harare", "harare", "place", "name", "mentioned"),
    ("mdc", 60, 63, "MDC", "movement_for_democratic_change", "organisation", "acronym", "speaker"),
    ("minister", 0, 32, "Health Minister Susan Nakhumicha", "susan_nakhumicha", "person", "title",
     "speaker"),
    ("minister", 38, 41, "she", "susan_nakhumicha", "person", "pronoun", "mentioned"),
    ("minister", 56, 59, "Her", "susan_nakhumicha", "person", "pronoun", "mentioned"),
    ("minister", 68, 79, "John Mwangi", "john_mwangi", "person", "name", "mentioned"),
    ("minister", 86, 88, "he", "john_mwangi", "person", "pronoun", "speaker"),
    ("gender", 0, 11, "Peter Kamau", "peter_kamau", "person", "name", "mentioned"),
    ("gender", 16, 29, "Grace Wanjiru", "grace_wanjiru", "person", "name", "mentioned"),
    ("gender", 33, 39, "Nakuru", "nakuru", "place", "name", "mentioned"),
    ("gender", 41, 44, "She", "grace_wanjiru", "person", "pronoun", "speaker"),
    ("gender", 71, 73, "He", "peter_kamau", "person", "pronoun", "mentioned"),
    ("para", 0, 12, "William Ruto", "william_ruto", "person", "name", "mentioned"),
    ("para", 22, 29, "Eldoret", "eldoret", "place", "name", "mentioned"),
    ("para2", 0, 12, "William Ruto", "william_ruto", "person", "name", "mentioned"),
    ("para2", 22, 29, "Eldoret", "eldoret", "place", "name", "mentioned"),
    ("para2", 32, 34, "He", "william_ruto", "person", "pronoun", "speaker"),
    ("appos", 0, 13, "Amina Mohamed", "amina_mohamed", "person", "name", "speaker"),
    ("appos", 38, 65, "Ministry of Foreign Affairs", "ministry_of_foreign_affairs",
     "organisation", "name", "mentioned"),
    ("appos", 92, 104, "The ministry", "ministry_of_foreign_affairs", "organisation", "title",
     "mentioned"),  # the organisation of the article whose name holds the word
    ("appos", 121, 134, "Amina Mohamed", "amina_mohamed", "person", "name", "speaker"),
    ("appos2", 0, 12, "Raila Odinga", "raila_odinga", "person", "name", "mentioned"),
    ("appos2", 46, 59, "Amina Mohamed", "amina_mohamed", "person", "name", "mentioned"),
    ("appos2", 64, 71, "Mombasa", "mombasa", "place", "name", "mentioned"),
]


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    """A codebook that knows none of the names above (the Belarus one knows the ministry)."""
    path = tmp_path_factory.mktemp("book") / "book.yml"
    path.write_text("actors:\n  - id: eu\n    name: European Union\n    type: organisation\n"
                    "    aliases: [EU]\n", encoding="utf-8")
    return load_actors(path)


@pytest.fixture(scope="module")
def mentions(small_book):
    arts = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values())})
    return find_actors(split_sentences(arts), small_book, recogniser=ListRecogniser(NAMES))


def _rows(mentions, doc_id):
    m = mentions[mentions["doc_id"] == doc_id]
    return list(zip(m["doc_id"], m["start"], m["end"], m["surface"], m["actor"],
                    m["actor_type"], m["match_kind"], m["role"]))


@pytest.mark.parametrize("doc_id", list(TEXTS))
def test_mentions_of_each_text(mentions, doc_id):
    assert _rows(mentions, doc_id) == [e for e in EXPECTED if e[0] == doc_id]


@pytest.mark.parametrize("doc_id", list(TEXTS))
def test_offsets_point_at_the_surface(mentions, doc_id):
    m = mentions[mentions["doc_id"] == doc_id]
    for start, end, surface in zip(m["start"], m["end"], m["surface"]):
        assert TEXTS[doc_id][start:end] == surface


@pytest.mark.parametrize("doc_id, actor, name", [
    ("ruto", "william_ruto", "William Ruto"),
    ("cgt", "confederation_generale_du_travail", "Confédération générale du travail"),
    ("mdc", "movement_for_democratic_change", "Movement for Democratic Change"),
    ("ruto", "kenya", "Kenya"),
])
def test_canonical_name_is_the_fullest_form(mentions, doc_id, actor, name):
    m = mentions[(mentions["doc_id"] == doc_id) & (mentions["actor"] == actor)]
    assert set(m["actor_name"]) == {name}


@pytest.mark.parametrize("doc_id, actor, role_title, affiliation", [
    ("appos", "amina_mohamed", "spokesperson", "ministry_of_foreign_affairs"),  # both kinds
    ("appos2", "amina_mohamed", "spokesperson", "ministry"),  # no such actor: the words
    ("minister", "susan_nakhumicha", "Health Minister", None),  # from the title
    ("ruto", "william_ruto", "President", None),
    ("gender", "peter_kamau", None, None),
])
def test_apposition_and_titles(mentions, doc_id, actor, role_title, affiliation):
    m = mentions[(mentions["doc_id"] == doc_id) & (mentions["actor"] == actor)]
    got = m.iloc[0]

    def value(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    assert (value(got["role_title"]), value(got["affiliation"])) == (role_title, affiliation)


def test_every_mention_is_discovered_and_typed(mentions):
    assert set(mentions["source"]) == {"discovered"}
    # pronouns and descriptions ("The ministry") come from no recogniser: no confidence
    described = (mentions["match_kind"] == "title") & mentions["surface"].str.match(r"(?i)the\s")
    unrecognised = (mentions["match_kind"] == "pronoun") | described
    assert mentions.loc[unrecognised, "confidence"].isna().all()
    assert (mentions.loc[~unrecognised, "confidence"] == 0.9).all()


@pytest.mark.parametrize("text, names, expected", [
    # she never goes to a man, he never to a woman: the nearest compatible person
    ("Mr. Otieno met Ms. Achieng. She left early.", {"Otieno": "person", "Achieng": "person"},
     [("Mr. Otieno", "otieno", "title"), ("Ms. Achieng", "achieng", "title"),
      ("She", "achieng", "pronoun")]),
    ("Mrs. Otieno met Mr. Achieng. She left early.", {"Otieno": "person", "Achieng": "person"},
     [("Mrs. Otieno", "otieno", "title"), ("Mr. Achieng", "achieng", "title"),
      ("She", "otieno", "pronoun")]),
    # a first name of unknown gender fits both pronouns
    ("Wanjala Ouma spoke. She was brief.", {"Wanjala Ouma": "person"},
     [("Wanjala Ouma", "wanjala_ouma", "name"), ("She", "wanjala_ouma", "pronoun")]),
    # no person in reach: nothing
    ("The results came in. He was pleased.", {}, []),
    # a surname the recogniser missed is found again, a first name alone is an alias
    ("Grace Wanjiru won. Wanjiru thanked voters and Grace smiled.", {"Grace Wanjiru": "person",
                                                                     "Grace": "person"},
     [("Grace Wanjiru", "grace_wanjiru", "name"), ("Wanjiru", "grace_wanjiru", "surname"),
      ("Grace", "grace_wanjiru", "alias")]),
    # the recogniser took a person's full name for an organisation; the surname alone
    # tells it is the person
    ("Raheem Morris was fired. Morris said little.", {"Raheem Morris": "organisation",
                                                      "Morris": "person"},
     [("Raheem Morris", "raheem_morris", "name"), ("Morris", "raheem_morris", "surname")]),
    # a first name alone, missed by the recogniser, is found again
    ("Solange Knowles sang. Then Solange smiled.", {"Solange Knowles": "person"},
     [("Solange Knowles", "solange_knowles", "name"), ("Solange", "solange_knowles", "alias")]),
    # a surname that is also a word the article writes in lower case is not found again at
    # the start of a sentence
    ("Neil Young sang. Young fans cheered, and young people danced.",
     {"Neil Young": "person"}, [("Neil Young", "neil_young", "name")]),
    # "the president" is the person last named with that title, and "he" may follow it
    ("President William Ruto spoke. The president said he was tired.",
     {"William Ruto": "person"},
     [("President William Ruto", "william_ruto", "title"),
      ("The president", "william_ruto", "title"), ("he", "william_ruto", "pronoun")]),
    # ... but not a person without that title, nor one with another modifier
    ("William Ruto spoke. The president was tired.", {"William Ruto": "person"},
     [("William Ruto", "william_ruto", "name")]),
    ("Health Minister Susan Nakhumicha spoke. The foreign minister left.",
     {"Susan Nakhumicha": "person"},
     [("Health Minister Susan Nakhumicha", "susan_nakhumicha", "title")]),
    # two people with one surname: first names keep them apart
    ("Uhuru Kenyatta and Margaret Kenyatta voted.", {"Uhuru Kenyatta": "person",
                                                     "Margaret Kenyatta": "person"},
     [("Uhuru Kenyatta", "uhuru_kenyatta", "name"),
      ("Margaret Kenyatta", "margaret_kenyatta", "name")]),
    # a recognised name inside brackets after an organisation is its acronym
    ("The Orange Democratic Movement (ODM) met. ODM leaders spoke.",
     {"Orange Democratic Movement": "organisation"},
     [("Orange Democratic Movement", "orange_democratic_movement", "name"),
      ("ODM", "orange_democratic_movement", "acronym"),
      ("ODM", "orange_democratic_movement", "acronym")]),
    # a name after an honorific or title is a person even where the recogniser missed it,
    # but "General Motors" is no General
    ("They said Mr. Sessions would stay.", {},
     [("Mr. Sessions", "sessions", "title")]),
    ("General Motors cut jobs.", {}, []),
    # a span that starts with a possessive or punctuation is cut to the name
    ("Critics called it \u201cPelosi\u2019s plan\u201d.", {"\u201cPelosi": "person"},
     [("Pelosi\u2019s", "pelosi", "possessive")]),
    # outlets are media, countries get one canonical name
    ("Reuters said the U.S. and the United States of America agreed.",
     {"Reuters": "organisation", "U.S.": "place", "United States of America": "place"},
     [("Reuters", "reuters", "media"), ("U.S.", "united_states", "country"),
      ("United States of America", "united_states", "country")]),
])
def test_small_cases(small_book, text, names, expected):
    arts = pd.DataFrame({"doc_id": ["x"], "text": [text]})
    m = find_actors(split_sentences(arts), small_book, recogniser=ListRecogniser(names),
                    speakers=False)  # names only: no actors for unnamed speakers ("Critics")
    third = "actor_type" if any(e[2] in ("media", "country") for e in expected) else "match_kind"
    assert list(zip(m["surface"], m["actor"], m[third])) == expected
    for start, end, surface in zip(m["start"], m["end"], m["surface"]):
        assert text[start:end] == surface
