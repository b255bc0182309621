"""Speakers as actors (analysis.quotes.speakers): descriptions become actors of their article,
ties to a named actor where the article makes one, organisations and pronouns as speakers.

The recogniser is a stand-in that finds exactly the names it is given (tests/entity_fakes.py);
the codebook is empty, so only the entity layer and the speaker step make actors. Texts are
new; offsets checked by hand.
"""
import warnings

import pandas as pd
import pytest
import yaml

from analysis.actors import load_actors
from analysis.entities import (actor_table, apply_links, draft_codebook, find_actors,
                               link_corpus)
from analysis.quotes import QuoteWarning, find_quotes
from analysis.quotes.speakers import (UNNAMED, describe_speakers, description_id,
                                      description_type, load_speaker_nouns)
from analysis.segment import split_sentences
from entity_fakes import ListRecogniser


@pytest.fixture(scope="module")
def no_codebook(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "actors.yml"
    path.write_text("actors: []\n", encoding="utf-8")
    return load_actors(path)


def run(texts: dict, names: dict, book):
    arts = pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})
    sents = split_sentences(arts)
    mentions = find_actors(sents, book, recogniser=ListRecogniser(names))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuoteWarning)
        quotes = find_quotes(arts, sentences=sents, actors=mentions)
    return sents, mentions, quotes


D = description_id("d", "x")[-8:]  # the digest of doc_id "d"

# text, names the recogniser finds, the speaker's mention (start, end, surface, actor,
# actor_type, match_kind, actor_name, affiliation), the quotation (start, end) it speaks
SPEAKER_CASES = [
    # an unnamed official: an actor of its own, named by its description
    ("“The ferry will sail at dawn,” a harbour official said.", {},
     (31, 49, "a harbour official", f"official_{D}", "person", "description",
      "a harbour official (unnamed)", None), (1, 29)),
    # a number that counts the speaker belongs to the description
    ("Fishermen in Mombasa said the catch had fallen. “We are hungry,” one fisherman said.",
     {"Mombasa": "place"},
     (65, 78, "one fisherman", f"fisherman_{D}", "person", "description",
      "one fisherman (unnamed)", None), (49, 63)),
    # a group, and a text that speaks
    ("“We will stay,” protesters said.", {},
     (16, 26, "protesters", f"protesters_{D}", "group", "description", "protesters (unnamed)",
      None), (1, 14)),
    ("“Prices will rise,” the report said.", {},
     (20, 30, "the report", f"report_{D}", "media", "description", "the report (unnamed)",
      None), (1, 18)),
    # a name inside the description is its affiliation, not the speaker
    ("Okonjo's aides said “she is rested”.", {"Okonjo": "person"},
     (0, 14, "Okonjo's aides", f"aides_okonjo_{D}", "group", "description",
      "Okonjo's aides (unnamed)", "okonjo"), (21, 34)),
    ("Peru's electoral board said “the count is over”.", {"Peru": "place"},
     (0, 22, "Peru's electoral board", f"board_peru_{D}", "organisation", "description",
      "Peru's electoral board (unnamed)", "peru"), (29, 46)),
    # a description introduced by "one", with another description in apposition
    ("One resident, a retired teacher, said she hoped the repairs would come.", {},
     (0, 12, "One resident", f"resident_{D}", "person", "description", "one resident (unnamed)",
      None), (38, 70)),
    # a description with the name in apposition: the name is the speaker
    ("The curator, Ines Duarte, said “the paintings are safe”.", {"Ines Duarte": "person"},
     (13, 24, "Ines Duarte", "ines_duarte", "person", "name", "Ines Duarte", None),
     (32, 54)),
    ("The museum's curator, Ines Duarte, said the paintings were safe.", {"Ines Duarte": "person"},
     (22, 33, "Ines Duarte", "ines_duarte", "person", "name", "Ines Duarte", None),
     (40, 63)),
    # tied to the one person the article introduced with that title and organisation
    ("Ines Duarte, a spokeswoman for the Lisbon Museum, opened the doors. A spokeswoman for "
     "the Lisbon Museum said “nothing was stolen”.",
     {"Ines Duarte": "person", "Lisbon Museum": "organisation"},
     (68, 103, "A spokeswoman for the Lisbon Museum", "ines_duarte", "person", "description",
      "Ines Duarte", "lisbon_museum"), (110, 128)),
    # an organisation as speaker: the organisation of the article with that head noun
    ("The Electoral Commission of Malawi met on Monday. Malawi's electoral commission said "
     "“the vote was fair”.",
     {"Electoral Commission of Malawi": "organisation", "Malawi": "place"},
     (50, 79, "Malawi's electoral commission", "electoral_commission_of_malawi", "organisation",
      "description", "Electoral Commission of Malawi", None), (86, 103)),
    # "they" after an organisation
    ("The Lagos State Government closed the market. “It is unsafe,” they said.",
     {"Lagos State Government": "organisation"},
     (62, 66, "they", "lagos_state_government", "organisation", "pronoun",
      "Lagos State Government", None), (47, 60)),
]


@pytest.mark.parametrize("text, names, mention, quote", SPEAKER_CASES)
def test_speakers_become_actors(no_codebook, text, names, mention, quote):
    _, m, q = run({"d": text}, names, no_codebook)
    start, end = mention[:2]
    row = m[(m["start"] == start) & (m["end"] == end)]
    assert len(row) == 1, m[["start", "end", "surface", "actor", "match_kind"]]
    r = row.iloc[0]
    affiliation = r["affiliation"] if isinstance(r["affiliation"], str) else None
    assert (int(r["start"]), int(r["end"]), r["surface"], r["actor"], r["actor_type"],
            r["match_kind"], r["actor_name"], affiliation) == mention
    assert text[start:end] == mention[2]
    assert r["role"] == "speaker" and r["source"] == "discovered"
    said = q[(q["start"] == quote[0]) & (q["end"] == quote[1])]
    assert list(said["actor"]) == [mention[3]]


def test_a_description_does_not_take_the_person_named_last(no_codebook):
    text = ("Ines Duarte opened the doors. A spokeswoman said “nothing was stolen”. Later the "
            "spokeswoman said “the alarm worked”.")
    _, m, q = run({"d": text}, {"Ines Duarte": "person"}, no_codebook)
    got = list(zip(m["start"], m["end"], m["surface"], m["actor"], m["match_kind"]))
    assert got == [(0, 11, "Ines Duarte", "ines_duarte", "name"),
                   (30, 43, "A spokeswoman", f"spokeswoman_{D}", "description"),
                   (77, 92, "the spokeswoman", f"spokeswoman_{D}", "description")]
    assert list(q["actor"]) == [f"spokeswoman_{D}", f"spokeswoman_{D}"]
    assert m.loc[1, "actor_name"] == "a spokeswoman (unnamed)"


def test_a_head_noun_outside_the_lists_is_an_actor_of_type_other(no_codebook):
    _, m, q = run({"d": "“Go home,” the outfit said."}, {}, no_codebook)
    assert list(zip(m["start"], m["end"], m["surface"], m["actor"], m["actor_type"],
                    m["actor_name"])) == [
        (11, 21, "the outfit", f"outfit_{D}", "other", "the outfit (unnamed)")]
    assert list(q["actor"]) == [f"outfit_{D}"]


@pytest.mark.parametrize("text", [
    "Hours later, “the gates stay shut,” the club said.",  # a time word is no speaker
    # the object of a preposition, a participle's subject: no subject of a reporting verb
    "Protesters marching through the streets chanted “What curfew?” all night.",
    "Trump backed out, and softer language calling for “appropriate assistance” stayed.",
])
def test_no_actor_of_type_other_for_a_word_that_cannot_speak(no_codebook, text):
    _, m, _ = run({"d": text}, {}, no_codebook)
    assert "other" not in set(m["actor_type"])


# new articles (a strike, an election, a court case, a football transfer): every speaker's
# mention (start, end, surface, actor, actor_type, match_kind, actor_name) and the actor of
# each quotation in order
NEWS_CASES = [
    # a strike: "one striker" and "another striker" are two people; "the striker" is the one
    # introduced last
    ("Bus drivers in Turin stopped work on Monday. “We have waited two years for this "
     "raise,” one striker said. “The city cannot move without us,” another striker said. The "
     "striker added that “nobody wants a long strike”.", {"Turin": "place"},
     [(88, 99, "one striker", f"striker_{D}", "other", "description",
       "one striker (unnamed)"),
      (141, 156, "another striker", f"striker_2_{D}", "other", "description",
       "another striker (unnamed)"),
      (163, 174, "The striker", f"striker_2_{D}", "other", "description",
       "another striker (unnamed)")],
     [f"striker_{D}", f"striker_2_{D}", f"striker_2_{D}"]),
    # an election: an observer, and the writer speaking as "I"
    ("Polling stations in Lusaka closed at six. “The queues were orderly,” an observer said. "
     "“Turnout looks high,” I wrote that evening. “Nobody asked for my card,” a voter said.",
     {"Lusaka": "place"},
     [(69, 80, "an observer", f"observer_{D}", "person", "description",
       "an observer (unnamed)"),
      (109, 110, "I", f"writer_{D}", "person", "pronoun", "the writer (unnamed)"),
      (159, 166, "a voter", f"voter_{D}", "person", "description", "a voter (unnamed)")],
     [f"observer_{D}", f"writer_{D}", f"voter_{D}"]),
    # a court case: a lawyer, the prosecution (a body), a bailiff (a noun in no list: other)
    ("The trial of Marta Lindqvist opened in Malmo. “My client is innocent,” her lawyer said. "
     "“The evidence is overwhelming,” the prosecution said. “Order in court,” the bailiff "
     "said.", {"Marta Lindqvist": "person", "Malmo": "place"},
     [(71, 81, "her lawyer", f"lawyer_{D}", "person", "description", "her lawyer (unnamed)"),
      (120, 135, "the prosecution", f"prosecution_{D}", "organisation", "description",
       "the prosecution (unnamed)"),
      (160, 171, "the bailiff", f"bailiff_{D}", "other", "description",
       "the bailiff (unnamed)")],
     [f"lawyer_{D}", f"prosecution_{D}", f"bailiff_{D}"]),
    # a transfer: the player by surname, a teammate (other), the coach
    ("Ajax confirmed the sale of Luis Ferreira to Porto. “It is a dream move,” Ferreira said. "
     "“We wish him luck,” a teammate said. “He was our best player,” the coach said.",
     {"Ajax": "organisation", "Luis Ferreira": "person", "Porto": "organisation"},
     [(73, 81, "Ferreira", "luis_ferreira", "person", "surname", "Luis Ferreira"),
      (108, 118, "a teammate", f"teammate_{D}", "other", "description",
       "a teammate (unnamed)"),
      (151, 160, "the coach", f"coach_{D}", "person", "description", "the coach (unnamed)")],
     ["luis_ferreira", f"teammate_{D}", f"coach_{D}"]),
]


@pytest.mark.parametrize("text, names, speakers, actors", NEWS_CASES)
def test_speakers_of_new_articles(no_codebook, text, names, speakers, actors):
    _, m, q = run({"d": text}, names, no_codebook)
    q = q[q["kind"] != "paraphrase"]
    got = []
    for start, end, *_ in speakers:
        row = m[(m["start"] == start) & (m["end"] == end) & (m["actor_type"] != "place")]
        assert len(row) >= 1, (start, end)
        r = row.iloc[-1]
        got.append((int(r["start"]), int(r["end"]), r["surface"], r["actor"], r["actor_type"],
                    r["match_kind"], r["actor_name"]))
        assert text[start:end] == r["surface"]
    assert got == speakers
    assert list(q["actor"]) == actors


def test_an_i_inside_quotation_marks_is_not_the_writer(no_codebook):
    text = "Anna Berg left. “Then I said ‘no, never’ to him,” she recalled."
    _, m, q = run({"d": text}, {"Anna Berg": "person"}, no_codebook)
    assert list(zip(m["start"], m["end"], m["actor"])) == [(0, 9, "anna_berg"),
                                                          (50, 53, "anna_berg")]
    assert list(q.loc[q["level"] == 0, "actor"]) == ["anna_berg"]


def test_the_writer_is_no_antecedent_of_he_or_she(no_codebook):
    _, m, q = run({"d": "“I said no,” I said. He told me “maybe”."}, {}, no_codebook)
    assert list(q["actor"].fillna("")) == [f"writer_{D}", ""]
    assert list(m["surface"]) == ["I"]


def test_a_pronoun_speaker_is_in_the_mentions_table(no_codebook):
    # the second "she" is Amara Osei, the speaker of the sentence before its paragraph; the
    # mentions table and the quotes table agree
    text = "Amara Osei filmed the arrest. “Leave him,” she says.\n\n“Let him go,” she said."
    _, m, q = run({"d": text}, {"Amara Osei": "person"}, no_codebook)
    assert list(q["actor"]) == ["amara_osei", "amara_osei"]
    she = m[m["start"] == 68]
    assert list(zip(she["end"], she["surface"], she["actor"], she["match_kind"])) == [
        (71, "she", "amara_osei", "pronoun")]


def test_description_ids_are_article_local(no_codebook):
    texts = {"one": "“We will stay,” a teacher said.",
             "two": "“We will go,” a teacher said."}
    _, m, q = run(texts, {}, no_codebook)
    ids = dict(zip(m["doc_id"], m["actor"]))
    assert ids["one"] != ids["two"]
    assert ids == {"one": description_id("one", "teacher"), "two": description_id("two", "teacher")}
    assert link_corpus(m) == {}
    assert apply_links(m, link_corpus(m))["actor"].tolist() == m["actor"].tolist()
    table = actor_table(m, quotes=q)
    got = list(zip(table["doc_id"], table["actor_name"], table["actor_type"], table["quoted"]))
    assert got == [("one", "a teacher (unnamed)", "person", 1),
                   ("two", "a teacher (unnamed)", "person", 1)]


def test_link_corpus_never_merges_an_unnamed_person():
    rows = pd.DataFrame({"actor": ["smith_1", "john_smith"],
                         "actor_name": ["Smith" + UNNAMED, "John Smith"],
                         "actor_type": ["person", "person"], "source": ["discovered"] * 2})
    assert link_corpus(rows) == {}


@pytest.mark.parametrize("head, kind", [
    ("friend", "person"), ("announcer", "person"), ("questioner", "person"),
    ("historian", "person"), ("officials", "group"), ("friends", "group"),
    ("fishermen", "group"), ("percent", "group"), ("commission", "organisation"),
    ("Police", "organisation"), ("report", "media"), ("clip", "media"), ("outfit", None),
    ("weather", None),
])
def test_description_type(head, kind):
    assert description_type(head) == kind


def test_speaker_nouns_file_errors(tmp_path):
    bad = tmp_path / "nouns.yml"
    bad.write_text("people: [friend]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nouns.yml"):
        load_speaker_nouns(bad)


def test_without_pronouns_no_pronoun_is_added(no_codebook):
    text = "Ann Smith won.\n\n“We won,” she said."
    sents = split_sentences(pd.DataFrame({"doc_id": ["x"], "text": [text]}))
    m = find_actors(sents, no_codebook, recogniser=ListRecogniser({"Ann Smith": "person"}),
                    pronouns=False)
    assert list(m["surface"]) == ["Ann Smith"]
    assert describe_speakers(m, sents, pronouns=False).equals(m)


# the speaker words the quote finder gives (text, quoted words, speaker, speaker span)
SPEAKER_WORD_CASES = [
    # two descriptions between commas after the name
    ("“It is an invasion,” Scott Pruitt, the attorney general of Oklahoma, one of the states "
     "suing the agency, said.", "It is an invasion,", "Scott Pruitt", (21, 33)),
    # "stated" read as a participle, closing the sentence
    ("“The fate is uncertain,” the IMF report stated.", "The fate is uncertain,",
     "the IMF report", (25, 39)),
    # a description with its place
    ("“Why did he not pay?” a narrator in the campaign ad asks.", "Why did he not pay?",
     "a narrator in the campaign ad", (22, 51)),
    # a number that counts the speaker, after a place and a time
    ("At a forum in Denver on Monday, one questioner claimed that the “forces” were bad.",
     "forces", "one questioner", (32, 46)),
    ("“Nothing will change,” one voter said.", "Nothing will change,", "one voter", (23, 32)),
    # a reporting verb joined to the clause by "and": the clause's subject speaks
    ("The union met on Friday but said “the strike goes on”.", "the strike goes on",
     "The union", (0, 9)),
    # "concluded" reports speech next to a quotation only
    ("Later the interview concluded, Ana Ruiz stated that it “was not good”.", "was not good",
     "Ana Ruiz", (31, 39)),
    ("“We won,” he concluded.", "We won,", "he", (10, 12)),
    # the subject ends before its verb
    ("Several farm groups granted Ms. Achieng an extension, saying “the season was late”.",
     "the season was late", "Several farm groups", (0, 19)),
]


@pytest.mark.parametrize("text, quoted, speaker, span", SPEAKER_WORD_CASES)
def test_speaker_words(text, quoted, speaker, span):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuoteWarning)
        q = find_quotes(pd.DataFrame({"doc_id": ["d"], "text": [text]}), actors=False)
    q = q[q["kind"] != "paraphrase"]
    assert list(q["text"]) == [quoted]
    r = q.iloc[0]
    assert (r["speaker_text"], int(r["speaker_start"]), int(r["speaker_end"])) == (speaker, *span)
    assert text[span[0]:span[1]] == speaker


def test_it_is_the_text_that_spoke_last(no_codebook):
    text = ("“Prices will rise,” the report said.\n\n“Wages will not,” it added.")
    _, m, q = run({"d": text}, {}, no_codebook)
    assert list(zip(m["start"], m["end"], m["surface"], m["actor"], m["match_kind"])) == [
        (20, 30, "the report", f"report_{D}", "description"),
        (56, 58, "it", f"report_{D}", "pronoun")]
    assert list(q["actor"]) == [f"report_{D}", f"report_{D}"]


def test_description_actors_stay_out_of_a_codebook_draft(no_codebook, tmp_path):
    text = "Ines Duarte opened the doors. “Nothing was stolen,” a guard said."
    _, m, _ = run({"d": text}, {"Ines Duarte": "person"}, no_codebook)
    assert list(m["actor_name"]) == ["Ines Duarte", "a guard (unnamed)"]
    path = draft_codebook(m, tmp_path / "draft.yml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["actors"]
    assert [e["name"] for e in entries] == ["Ines Duarte"]


def test_descriptions_are_no_names_for_the_frame_cues():
    from analysis.frames import _name_spans

    names = pd.DataFrame({"doc_id": ["d", "d", "d"], "start": [0, 30, 40], "end": [11, 49, 42],
                          "match_kind": ["name", "description", "pronoun"]})
    assert _name_spans(names) == {"d": [(0, 11)]}
