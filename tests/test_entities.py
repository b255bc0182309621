"""The entity layer: recognised names, types, ids, corpus links, the actor table and the
codebook draft (analysis.entities).

The recogniser is a stand-in that finds exactly the names it is given (tests/entity_fakes.py);
texts are new, offsets checked by hand.
"""
import math

import pandas as pd
import pytest

from analysis import config
from analysis.actors import find_mentions, load_actors
from analysis.entities import (ACTOR_MENTION_COLUMNS, ACTOR_TABLE_COLUMNS, actor_table,
                               actor_type_of, apply_links, country_name, discovered_id,
                               draft_codebook, find_actors, find_entities, link_corpus, slug)
from analysis.segment import split_sentences
from entity_fakes import CapitalisedRecogniser, ListRecogniser

MINSK = ("Alexander Lukashenko met William Ruto in Minsk on Friday. Lukashenko told Ruto that "
         "Belarus wanted trade, Belta reported.\n\nRuto said Kenya would consider it.")
MINSK_NAMES = {"Alexander Lukashenko": "person", "William Ruto": "person", "Ruto": "person",
               "Minsk": "place", "Lukashenko": "person", "Belarus": "place",
               "Belta": "organisation", "Kenya": "place"}


def sentences_of(texts: dict) -> pd.DataFrame:
    return split_sentences(pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())}))


def test_find_entities_offsets_are_article_offsets():
    sents = sentences_of({"minsk": MINSK})
    ents = find_entities(sents, recogniser=ListRecogniser(MINSK_NAMES))
    assert list(ents.columns) == ["doc_id", "sent_id", "start", "end", "surface", "entity_type",
                                  "confidence"]
    assert list(zip(ents["sent_id"], ents["start"], ents["end"], ents["surface"])) == [
        (1, 0, 20, "Alexander Lukashenko"), (1, 25, 37, "William Ruto"), (1, 41, 46, "Minsk"),
        (2, 58, 68, "Lukashenko"), (2, 74, 78, "Ruto"), (2, 84, 91, "Belarus"),
        (2, 106, 111, "Belta"), (3, 123, 127, "Ruto"), (3, 133, 138, "Kenya")]
    for s, e, surface in zip(ents["start"], ents["end"], ents["surface"]):
        assert MINSK[s:e] == surface


def test_find_entities_on_no_sentences():
    empty = sentences_of({}).iloc[0:0]
    assert find_entities(empty, recogniser=ListRecogniser({})).empty


def test_codebook_and_discovered_actors_in_one_text():
    m = find_actors(sentences_of({"minsk": MINSK}), recogniser=ListRecogniser(MINSK_NAMES))
    assert list(m.columns) == ACTOR_MENTION_COLUMNS
    got = list(zip(m["start"], m["end"], m["surface"], m["actor"], m["actor_type"],
                   m["match_kind"], m["role"], m["source"]))
    assert got == [
        (0, 20, "Alexander Lukashenko", "lukashenko", "person", "name", "mentioned", "codebook"),
        (25, 37, "William Ruto", "william_ruto", "person", "name", "mentioned", "discovered"),
        (41, 46, "Minsk", "belarus", "country", "alias", "mentioned", "codebook"),
        (58, 68, "Lukashenko", "lukashenko", "person", "alias", "speaker", "codebook"),
        (74, 78, "Ruto", "william_ruto", "person", "surname", "addressee", "discovered"),
        (84, 91, "Belarus", "belarus", "country", "name", "mentioned", "codebook"),
        (106, 111, "Belta", "belta", "media", "name", "speaker", "codebook"),
        (123, 127, "Ruto", "william_ruto", "person", "surname", "speaker", "discovered"),
        (133, 138, "Kenya", "kenya", "country", "name", "mentioned", "discovered"),
    ]
    coded = m[m["source"] == "codebook"]
    assert set(coded["actor_name"]) == {"Alexander Lukashenko", "Belarus", "Belta"}
    assert (coded["confidence"] == 1.0).all()
    # the codebook's affiliation wins
    assert set(m.loc[m["actor"] == "lukashenko", "affiliation"]) == {"belarus"}


def test_a_recognised_name_that_is_a_codebook_alias_becomes_that_actor(tmp_path):
    book_path = tmp_path / "book.yml"
    book_path.write_text("actors:\n  - id: odinga\n    name: Raila Odinga\n    type: person\n"
                         "    aliases: [Raila Amolo Odinga]\n", encoding="utf-8")
    text = "Raila Amolo Odinga conceded. Odinga said the count was flawed."
    m = find_actors(sentences_of({"k": text}), load_actors(book_path),
                    recogniser=ListRecogniser({"Raila Amolo Odinga": "person",
                                               "Odinga": "person"}))
    assert list(zip(m["surface"], m["actor"], m["match_kind"], m["source"])) == [
        ("Raila Amolo Odinga", "odinga", "alias", "codebook"),
        ("Odinga", "odinga", "surname", "codebook"),
    ]
    assert set(m["actor_name"]) == {"Raila Odinga"}


@pytest.mark.parametrize("name, entity_type, expected", [
    ("Reuters", "organisation", "media"),
    ("The New York Times", "organisation", "media"),
    ("Kenya Television Network", "organisation", "media"),
    ("Ministry of Health", "organisation", "organisation"),
    ("U.S.", "place", "country"),
    ("Britain", "place", "country"),
    ("Ivory Coast", "place", "country"),
    ("Eldoret", "place", "place"),
    ("Ruto", "person", "person"),
])
def test_actor_types(name, entity_type, expected):
    assert actor_type_of(name, entity_type) == expected


@pytest.mark.parametrize("name, expected", [
    ("U.S.", "United States"), ("United States of America", "United States"),
    ("the United States", "United States"), ("Britain", "United Kingdom"),
    ("Russian Federation", "Russia"), ("Russia", "Russia"), ("Iran", "Iran"),
    ("South Korea", "South Korea"), ("Kenya", "Kenya"), ("us", None), ("Nairobi", None),
])
def test_country_names(name, expected):
    assert country_name(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("Donald Trump", "donald_trump"), ("Confédération générale du travail",
                                       "confederation_generale_du_travail"),
    ("U.S.", "u_s"), ("O'Neill", "oneill"), ("3M", "actor_3m"),
])
def test_slug(name, expected):
    assert slug(name) == expected


def test_a_discovered_id_never_takes_a_codebook_id():
    book = load_actors()
    assert discovered_id("Belarus", "place", book.actors) == "belarus_place"
    assert discovered_id("William Ruto", "person", book.actors) == "william_ruto"
    # no Latin letters: a digest of the name, the same on every run and machine
    assert slug("Лукашенко") == "actor_8555719cc6"


ARTICLES = {
    "a1": "Donald Trump spoke in Ohio. Mr. Trump said he would win.",
    "a2": "Trump held a rally. The crowd cheered Trump.",
    "a3": "Grace Wanjiru campaigned in Nakuru.",
}
ARTICLE_NAMES = {"Donald Trump": "person", "Trump": "person", "Ohio": "place",
                 "Grace Wanjiru": "person", "Nakuru": "place"}


def _mentions(docs):
    return find_actors(sentences_of({d: ARTICLES[d] for d in docs}),
                       recogniser=ListRecogniser(ARTICLE_NAMES))


def test_ids_do_not_depend_on_the_chunking():
    together = _mentions(["a1", "a2", "a3"])
    apart = pd.concat([_mentions(["a3"]), _mentions(["a2", "a1"])], ignore_index=True)
    key = ["doc_id", "start"]
    pd.testing.assert_frame_equal(together.sort_values(key).reset_index(drop=True),
                                  apart.sort_values(key).reset_index(drop=True))
    assert set(together.loc[together["doc_id"] == "a2", "actor"]) == {"trump"}


def test_link_corpus_merges_a_surname_into_the_one_full_name():
    m = _mentions(["a1", "a2", "a3"])
    mapping = link_corpus(m)
    assert mapping == {"trump": "donald_trump"}
    # a pure function of the set of mentions: any order, any split gives the same mapping
    assert link_corpus(m.iloc[::-1]) == mapping
    linked = apply_links(m, mapping)
    a2 = linked[linked["doc_id"] == "a2"]
    assert set(a2["actor"]) == {"donald_trump"} and set(a2["actor_name"]) == {"Donald Trump"}
    assert list(linked["start"]) == list(m["start"])


def test_link_corpus_leaves_an_ambiguous_surname_alone():
    m = _mentions(["a1", "a2"])
    other = find_actors(sentences_of({"a4": "Melania Trump visited Ohio."}),
                        recogniser=ListRecogniser({"Melania Trump": "person", "Ohio": "place"}))
    assert link_corpus(pd.concat([m, other], ignore_index=True)) == {}
    assert link_corpus(m.iloc[0:0]) == {}
    # a one-word name that is also a first name is not taken for a surname
    george = find_actors(sentences_of({"b1": "Paul George scored.", "b2": "George scored."}),
                         recogniser=ListRecogniser({"Paul George": "person",
                                                    "George": "person"}))
    assert set(george["actor"]) == {"paul_george", "george"}
    assert link_corpus(george) == {}


def test_actor_table():
    m = _mentions(["a1", "a2"])
    m["target_sentiment"] = [0.5, 0.3, 0.2, 0.1, -0.4, -0.2, 0.0][:len(m)]
    quotes = pd.DataFrame({"doc_id": ["a1", "a1", "a2"],
                           "actor": ["donald_trump", None, "ohio"]})
    got = actor_table(m, quotes=quotes, sentences=sentences_of(ARTICLES))
    assert list(got.columns) == ACTOR_TABLE_COLUMNS + ["first_sentence"]
    rows = list(zip(got["doc_id"], got["actor"], got["mentions"], got["first_start"],
                    got["first_sent_id"], got["quoted"], got["spoken_about"], got["tone_label"]))
    # a1: Donald Trump (0-12), Ohio (22-26), Mr. Trump (28-37, speaker), he (43-45);
    # a2: Trump (0-5), Trump (38-43)
    assert list(zip(m["doc_id"], m["start"], m["end"], m["role"])) == [
        ("a1", 0, 12, "mentioned"), ("a1", 22, 26, "mentioned"), ("a1", 28, 37, "speaker"),
        ("a1", 43, 45, "mentioned"), ("a2", 0, 5, "mentioned"), ("a2", 38, 43, "mentioned")]
    assert rows == [
        ("a1", "donald_trump", 3, 0, 1, 1, 2, "positive"),  # mean (0.5 + 0.2 + 0.1) / 3
        ("a1", "ohio", 1, 22, 1, 0, 1, "positive"),
        ("a2", "trump", 2, 0, 1, 0, 2, "negative"),  # mean (-0.4 - 0.2) / 2
    ]
    assert got["tone_mean"].tolist() == [pytest.approx(0.2667, abs=1e-4), 0.3, -0.3]
    assert got["first_sentence"].tolist()[0] == "Donald Trump spoke in Ohio."


def test_actor_table_without_tone_or_quotes():
    got = actor_table(_mentions(["a3"]))
    assert got["quoted"].tolist() == [0, 0]
    assert got["tone_label"].tolist() == ["unknown", "unknown"]
    assert all(math.isnan(v) for v in got["tone_mean"])
    assert actor_table(_mentions(["a3"]).iloc[0:0]).empty


def test_draft_codebook_round_trip(tmp_path):
    m = _mentions(["a1", "a2", "a3"])
    # unlinked, a2's "Trump" is its own actor, and owns the form "Trump" (a1 never says it
    # without a title): every form goes to one actor only, so the draft still loads
    path = draft_codebook(m, tmp_path / "draft.yml", codebook=load_actors())
    book = load_actors(path)
    assert sorted(book.actors) == ["donald_trump", "grace_wanjiru", "nakuru", "ohio", "trump"]
    assert book.actors["trump"].aliases == [] and book.actors["donald_trump"].aliases == []
    # linked across the corpus first, "Trump" is an alias of Donald Trump
    linked = apply_links(m, link_corpus(m))
    book = load_actors(draft_codebook(linked, tmp_path / "linked.yml"))
    assert sorted(book.actors) == ["donald_trump", "grace_wanjiru", "nakuru", "ohio"]
    trump = book.actors["donald_trump"]
    assert (trump.name, trump.type, trump.aliases) == ("Donald Trump", "person", ["Trump"])
    assert "5 mentions in 2 article(s)" in trump.notes
    assert book.actors["nakuru"].type == "place"
    found = find_mentions(sentences_of({"new": "Grace Wanjiru met voters in Ohio."}), book)
    assert list(zip(found["surface"], found["actor"])) == [("Grace Wanjiru", "grace_wanjiru"),
                                                           ("Ohio", "ohio")]


def test_draft_codebook_from_an_actor_table(tmp_path):
    path = draft_codebook(actor_table(_mentions(["a3"])), tmp_path / "d.yml")
    assert sorted(load_actors(path).actors) == ["grace_wanjiru", "nakuru"]


def test_capitalised_stand_in_fills_the_interface():
    rec = CapitalisedRecogniser()
    spans = rec.find("Grace Wanjiru met the Ministry of Health in Nakuru.")
    assert [(s, e) for s, e, _, _ in spans] == [(0, 13), (22, 40), (44, 50)]


@pytest.mark.shared
def test_newsmtsc_sentences_run_through_the_layer():
    path = config.EVAL_DIR / "newsmtsc" / "train.jsonl"
    if not path.exists():
        pytest.skip("benchmark data not present: newsmtsc/train.jsonl (looked in ../shared/eval)")
    rows = pd.read_json(path, lines=True, nrows=200)
    texts = {f"n{i}": t for i, t in enumerate(rows["sentence_normalized"])}
    m = find_actors(sentences_of(texts), recogniser=CapitalisedRecogniser())
    for d, s, e, surface in zip(m["doc_id"], m["start"], m["end"], m["surface"]):
        assert texts[d][s:e] == surface
    assert set(m["match_kind"]) <= {"name", "surname", "acronym", "title", "possessive",
                                    "pronoun", "alias", "plural", "description"}


def test_resolve_mentions_computes_the_codebook_mentions_itself():
    from analysis.coref import resolve_mentions

    sents = sentences_of({"minsk": MINSK})
    rec = ListRecogniser(MINSK_NAMES)
    direct = resolve_mentions(sents, find_entities(sents, recogniser=rec))
    pd.testing.assert_frame_equal(direct, find_actors(sents, recogniser=rec))


def test_no_names_gives_an_empty_table_with_the_columns():
    sents = sentences_of({"x": "Nothing here has a name."})
    m = find_actors(sents, recogniser=ListRecogniser({}))
    assert m.empty and list(m.columns) == ACTOR_MENTION_COLUMNS
    assert actor_table(m).empty


# -- names found by their context (find_context_names) ---------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Sanders told reporters he would stay.", [(0, 7, "Sanders")]),
    ("She served in the Trump administration.", [(18, 23, "Trump")]),
    ("Pence's calm contrasted with the noise.", [(0, 5, "Pence")]),
    ("Many anti-Trump voters and Sanders-backed groups met.", [(10, 15, "Trump"),
                                                             (27, 34, "Sanders")]),
    ("Kaine: “He absolutely said it.”", [(0, 5, "Kaine")]),
    # not names: plural nouns, demonyms, adjectives, calendar words, places before a hyphen
    ("Officials said nothing on Sunday.", []),
    ("Republican voters and American supporters said so.", []),
    ("Sunday said nothing.", []),
    ("Moscow-backed rebels and pro-Moscow leaders met.", []),
    ("Attendance: 2,000.", []),
    ("Women's singles, third round.", []),
])
def test_find_context_names(text, expected):
    from analysis.entities import find_context_names

    sents = sentences_of({"x": text})
    none = find_entities(sents, recogniser=ListRecogniser({}))
    found = find_context_names(sents, none)
    assert list(zip(found["start"], found["end"], found["surface"])) == expected
    assert set(found["entity_type"]) <= {"person"} and (found["confidence"] == 0.5).all()
    for s, e, surface in expected:
        assert text[s:e] == surface


def test_find_context_names_leaves_recognised_names_alone():
    from analysis.entities import find_context_names

    sents = sentences_of({"x": "Bernie Sanders said no."})
    ents = find_entities(sents, recogniser=ListRecogniser({"Bernie Sanders": "person"}))
    pd.testing.assert_frame_equal(find_context_names(sents, ents), ents)


# -- references the first pass left open (follow_references) ---------------------------------

@pytest.mark.parametrize("text, names, expected", [
    # a chain of one-sentence quote paragraphs keeps its speaker
    ("Ann Smith won the vote.\n\n“We won,” she said.\n\n“We will win again,” she said.",
     {"Ann Smith": "person"},
     [(0, 9, "Ann Smith", "ann_smith", "name"), (35, 38, "she", "ann_smith", "pronoun"),
      (67, 70, "she", "ann_smith", "pronoun")]),
    # a role noun with modifiers: the person of the sentence before
    ("Donald Trump spoke in Ohio. The Republican nominee said he would win.",
     {"Donald Trump": "person", "Ohio": "place"},
     [(0, 12, "Donald Trump", "donald_trump", "name"), (22, 26, "Ohio", "ohio", "name"),
      (28, 50, "The Republican nominee", "donald_trump", "title"),
      (56, 58, "he", "donald_trump", "pronoun")]),
    # apposition
    ("Adam Schiff, the top Democrat on the panel, spoke.", {"Adam Schiff": "person"},
     [(0, 11, "Adam Schiff", "adam_schiff", "name"),
      (13, 29, "the top Democrat", "adam_schiff", "title")]),
    # a gendered role noun needs a person of that gender
    ("Susan Wanjiru spoke. The businessman left.", {"Susan Wanjiru": "person"},
     [(0, 13, "Susan Wanjiru", "susan_wanjiru", "name")]),
    # a bare title needs someone of that title: Ruto is given none here
    ("William Ruto spoke. The president was tired.", {"William Ruto": "person"},
     [(0, 12, "William Ruto", "william_ruto", "name")]),
    ("Sen. Bernie Sanders spoke. The senator left.", {"Bernie Sanders": "person"},
     [(0, 19, "Sen. Bernie Sanders", "bernie_sanders", "title"),
      (27, 38, "The senator", "bernie_sanders", "title")]),
    # a title with a place is specific enough
    ("Bernie Sanders spoke. The Vermont senator said no.", {"Bernie Sanders": "person"},
     [(0, 14, "Bernie Sanders", "bernie_sanders", "name"),
      (22, 41, "The Vermont senator", "bernie_sanders", "title")]),
    # an organisation whose name holds the word
    ("The Commission on Presidential Debates met. The commission said the sound failed.",
     {"Commission on Presidential Debates": "organisation"},
     [(4, 38, "Commission on Presidential Debates", "commission_on_presidential_debates",
       "name"),
      (44, 58, "The commission", "commission_on_presidential_debates", "title")]),
    # the country named most often; a tie gives none
    ("Kenya votes today. Kenya is calm. The country waits.", {"Kenya": "place"},
     [(0, 5, "Kenya", "kenya", "name"), (19, 24, "Kenya", "kenya", "name"),
      (34, 45, "The country", "kenya", "title")]),
    ("Kenya votes today. Uganda is calm. The country waits.",
     {"Kenya": "place", "Uganda": "place"},
     [(0, 5, "Kenya", "kenya", "name"), (19, 25, "Uganda", "uganda", "name")]),
    # "he" does not follow a woman
    ("Ann Smith spoke. He left.", {"Ann Smith": "person"},
     [(0, 9, "Ann Smith", "ann_smith", "name")]),
])
def test_follow_references(text, names, expected):
    m = find_actors(sentences_of({"x": text}), recogniser=ListRecogniser(names))
    assert list(zip(m["start"], m["end"], m["surface"], m["actor"], m["match_kind"])) == expected
    for s, e, surface, *_ in expected:
        assert text[s:e] == surface


def test_follow_references_marks_roles_and_copies_the_actor():
    text = "Tom Clarke owns mines.\n\n“Coal isn't the villain,” he said."
    m = find_actors(sentences_of({"x": text}), recogniser=ListRecogniser({"Tom Clarke": "person"}))
    he = m[m["surface"] == "he"].iloc[0]
    assert (he["start"], he["end"], he["actor"], he["actor_name"], he["source"]) == (
        50, 52, "tom_clarke", "Tom Clarke", "discovered")
    assert text[50:52] == "he"
    assert he["role"] == "speaker" and math.isnan(he["confidence"])


def test_follow_references_without_pronouns():
    text = "Ann Smith won.\n\n“We won,” she said."
    m = find_actors(sentences_of({"x": text}), recogniser=ListRecogniser({"Ann Smith": "person"}),
                    pronouns=False)
    assert list(m["surface"]) == ["Ann Smith"]
