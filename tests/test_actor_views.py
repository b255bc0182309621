"""The actor views: corpus-level tables of the entity layer, from hand-made tables."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import actor_views as av
from analysis.entities import find_actors
from analysis.segment import split_sentences
from entity_fakes import ListRecogniser

COLS = ["doc_id", "sent_id", "start", "end", "surface", "actor", "actor_type", "match_kind",
        "role", "actor_name", "source", "confidence"]
# a: "William Ruto said Kenya won. Ruto thanked Odinga." (hand-checked offsets)
# b: "Odinga told Kenya he would appeal."
MENTIONS = pd.DataFrame([
    ("a", 1, 0, 12, "William Ruto", "william_ruto", "person", "name", "speaker", "William Ruto", "discovered", 0.95),
    ("a", 1, 18, 23, "Kenya", "kenya", "country", "name", "mentioned", "Kenya", "codebook", 1.0),
    ("a", 2, 29, 33, "Ruto", "william_ruto", "person", "surname", "mentioned", "William Ruto", "discovered", 0.6),
    ("a", 2, 42, 48, "Odinga", "odinga", "person", "name", "mentioned", "Odinga", "discovered", 0.5),
    ("b", 1, 0, 6, "Odinga", "odinga", "person", "name", "speaker", "Odinga", "discovered", 0.55),
    ("b", 1, 12, 17, "Kenya", "kenya", "country", "name", "addressee", "Kenya", "codebook", 1.0),
    ("b", 1, 18, 20, "he", "odinga", "person", "pronoun", "mentioned", "Odinga", "discovered", math.nan),
], columns=COLS)
TEXTS = {"a": "William Ruto said Kenya won. Ruto thanked Odinga.",
         "b": "Odinga told Kenya he would appeal."}
ACTORS = pd.DataFrame([
    # doc_id, actor, actor_name, actor_type, source, mentions, quoted, spoken_about, tone_mean
    ("a", "william_ruto", "William Ruto", "person", "discovered", 2, 1, 1, 0.4),
    ("a", "kenya", "Kenya", "country", "codebook", 1, 0, 1, 0.0),
    ("a", "odinga", "Odinga", "person", "discovered", 1, 0, 1, -0.2),
    ("b", "odinga", "Odinga", "person", "discovered", 2, 2, 1, -0.5),
    ("b", "kenya", "Kenya", "country", "codebook", 1, 0, 1, math.nan),
], columns=["doc_id", "actor", "actor_name", "actor_type", "source", "mentions", "quoted",
            "spoken_about", "tone_mean"])
ARTICLES = pd.DataFrame({"doc_id": ["a", "b", "c"], "status": ["ok", "ok", "ok"],
                         "outlet": ["Daily", "Herald", None],
                         "text": [TEXTS["a"], TEXTS["b"], "Rain fell all day long."]})


def test_surfaces_are_the_text():
    for row in MENTIONS.itertuples():
        assert TEXTS[row.doc_id][row.start:row.end] == row.surface


@pytest.mark.parametrize("actor, kind, n, name", [
    ("william_ruto", "name", 1, "William Ruto"),
    ("william_ruto", "surname", 1, "William Ruto"),
    ("odinga", "pronoun", 1, "Odinga"),
    ("odinga", "name", 2, "Odinga"),
    ("kenya", "name", 2, "Kenya"),
])
def test_count_by_kind(actor, kind, n, name):
    table = av.count_by_kind(MENTIONS)
    row = table[(table["actor"] == actor) & (table["match_kind"] == kind)].iloc[0]
    assert (row["mentions"], row["name"]) == (n, name)
    assert len(table) == 5


def test_role_counts_names_and_origin():
    table = av.role_counts(MENTIONS, vague=["kenya"]).set_index("actor")
    assert list(table.index) == ["odinga", "william_ruto", "kenya"]  # speakers first, then id
    assert table.loc["odinga", ["speaker", "mentioned", "voice_share"]].tolist() == [1, 2, 0.333]
    assert table.loc["kenya", ["origin", "vague", "addressee"]].tolist() == ["codebook", True, 1]
    assert table.loc["william_ruto", "name"] == "William Ruto"


@pytest.mark.parametrize("actor, articles, mentions, quoted, tone, label", [
    ("odinga", 2, 3, 2, -0.4, "negative"),        # (-0.2 * 1 + -0.5 * 2) / 3
    ("kenya", 2, 2, 0, 0.0, "neutral"),           # the article without a tone is left out
    ("william_ruto", 1, 2, 1, 0.4, "positive"),
])
def test_top_actors(actor, articles, mentions, quoted, tone, label):
    top = av.top_actors(ACTORS, n=None)
    assert list(top["actor"]) == ["odinga", "kenya", "william_ruto"]  # mentions, articles, id
    row = top.set_index("actor").loc[actor]
    assert (row["articles"], row["mentions"], row["quoted"]) == (articles, mentions, quoted)
    assert row["tone_mean"] == pytest.approx(tone) and row["tone_label"] == label


def test_top_actors_by_outlet_and_n():
    top = av.top_actors(ACTORS, n=1, by="outlet", articles=ARTICLES)
    assert top[["outlet", "actor", "mentions"]].values.tolist() == [
        ["Daily", "william_ruto", 2], ["Herald", "odinga", 2]]
    with pytest.raises(KeyError, match="outlet"):
        av.top_actors(ACTORS, by="outlet")
    assert av.top_actors(ACTORS.head(0)).empty


def test_actor_graph_names_discovered_actors():
    g = av.actor_graph(MENTIONS)
    assert g.nodes["odinga"] == {"name": "Odinga", "actor_type": "person",
                                 "source": "discovered", "mentions": 3}
    assert g.edges["kenya", "william_ruto"]["weight"] == 1
    assert g.edges["kenya", "odinga"]["weight"] == 1  # sentence 1 of b
    assert not g.has_edge("odinga", "william_ruto") or g.edges["odinga", "william_ruto"]["weight"] == 1
    assert set(av.actor_graph(MENTIONS, actors=["kenya"]).nodes) == {"kenya"}


def test_unsure_mentions():
    unsure = av.unsure_mentions(MENTIONS, below=0.6)
    assert unsure[["doc_id", "start", "end", "surface", "confidence"]].values.tolist() == [
        ["a", 42, 48, "Odinga", 0.5], ["b", 0, 6, "Odinga", 0.55]]  # least sure first; no pronoun
    assert len(av.unsure_mentions(MENTIONS)) == 3  # default threshold 0.7: Ruto at 0.6 too


def test_voices_per_1000():
    by_doc = av.voices_per_1000(ACTORS, ARTICLES).set_index("doc_id")
    assert by_doc.loc["a", ["words", "actors", "speaking", "mentions", "quotes"]].tolist() == [8, 3, 1, 4, 1]
    assert by_doc.loc["a", "mentions_per_1000"] == 500.0
    assert by_doc.loc["a", "discovered_share"] == pytest.approx(0.667)
    assert by_doc.loc["c", ["actors", "mentions", "mentions_per_1000"]].tolist() == [0, 0, 0.0]
    by_outlet = av.voices_per_1000(ACTORS, ARTICLES, by="outlet").set_index("outlet")
    assert list(by_outlet.index) == ["Daily", "Herald", "(none)"]
    assert by_outlet.loc["Herald", "quotes"] == 2


def _article_tables(text, names):
    sents = split_sentences(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    return sents, find_actors(sents, recogniser=ListRecogniser(names))


def test_failure_cases_from_a_real_resolution():
    # two women named Kenyatta, and a "he" with no man named in reach
    text = "Ann Kenyatta met Mary Kenyatta in Jordan. It rained. He was not there."
    sents, mentions = _article_tables(text, {"Ann Kenyatta": "person", "Mary Kenyatta": "person",
                                             "Jordan": "place"})
    cases = av.failure_cases(mentions, sents)
    assert set(cases["case"]) == {"shared surname", "pronoun left unresolved"}
    shared = cases[cases["case"] == "shared surname"].iloc[0]
    assert shared["detail"] == "people with the surname Kenyatta: Ann Kenyatta; Mary Kenyatta"
    he = cases[cases["case"] == "pronoun left unresolved"].iloc[0]
    assert (he["start"], he["end"], he["surface"], he["sent_id"]) == (53, 55, "He", 3)
    assert text[he["start"]:he["end"]] == "He"


def test_failure_cases_one_name_two_types():
    mixed = MENTIONS.copy()
    mixed.loc[5, "actor_type"] = "place"  # "Kenya" typed as a place in b, a country in a
    cases = av.failure_cases(mixed, pd.DataFrame({"doc_id": ["a"], "sent_id": [1], "start": [0],
                                                  "text": ["William Ruto said Kenya won."]}))
    row = cases[cases["case"] == "one name, two types"].iloc[0]
    assert (row["surface"], row["start"], row["end"]) == ("Kenya", 18, 23)
    assert row["detail"] == "Kenya is typed as country and as place in 2 article(s)"
    assert av.failure_cases(MENTIONS.head(0), pd.DataFrame()).empty


def test_plot_top_actors_hatches_codebook_actors():
    import matplotlib

    matplotlib.use("Agg")
    from analysis.plots.actors import plot_top_actors

    ax = plot_top_actors(av.top_actors(ACTORS))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["William Ruto (1 art.)", "Kenya (2 art.)", "Odinga (2 art.)"]  # top at the top
    assert [bar.get_hatch() or "" for bar in ax.patches[:3]] == ["", "//", ""]
    assert ax.patches[0].get_width() == 2
    empty = plot_top_actors(av.top_actors(ACTORS.head(0)), empty="no actor here")
    assert empty.get_title() == "Nothing to show: no actor here."


@pytest.mark.parametrize("row, note, css", [
    ({"actor": "odinga", "actor_name": "Raila Odinga", "actor_type": "person", "source": "discovered",
      "role": "speaker", "match_kind": "pronoun", "confidence": math.nan},
     "actor: Raila Odinga [odinga] (person); discovered; role: speaker; found by pronoun", "ra-speaker"),
    ({"actor": "kenya", "actor_name": "Kenya", "actor_type": "country", "source": "codebook",
      "role": "mentioned", "match_kind": "name", "confidence": 0.2},
     "actor: Kenya (country); codebook; role: mentioned; found by name", "ra-mentioned"),
    ({"actor": "veldia", "actor_name": "Veldia", "actor_type": "organisation", "source": "discovered",
      "role": "mentioned", "match_kind": "name", "confidence": 0.43},
     "actor: Veldia (organisation); discovered; role: mentioned; found by name; the model was unsure "
     "of this name (confidence 0.43)", "ra-unsure"),
])
def test_reading_view_actor_notes(row, note, css):
    from analysis.highlight import _actor_marks

    (mark,) = _actor_marks(pd.DataFrame([{"doc_id": "d", "sent_id": 1, "start": 0, "end": 2, **row}]), "He")
    assert mark.title == note
    assert css in mark.classes.split() and mark.category in ("speaker", "mentioned")
