"""The entity layer inside the pipeline: discovered actors reach every table, with one id per
actor across the corpus whatever the chunking, and the codebook still wins where it knows
the actor."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.pipeline import ChunkOptions, analyze_chunk, analyze_corpus

# new texts in new topics (not from any benchmark)
CORPUS = pd.DataFrame({"doc_id": ["kenya", "followup", "strike", "belarus"], "text": [
    "Kenyan President William Ruto met opposition leader Raila Odinga in Nairobi on Monday. "
    "Ruto said the talks had gone well.\n\n"
    "\u201cWe will keep talking,\u201d Odinga told reporters.",
    "Ruto criticised the Central Bank of Kenya on Friday. \u201cThe rates are too high,\u201d "
    "Ruto said.",
    "The Conf\u00e9d\u00e9ration g\u00e9n\u00e9rale du travail (CGT) called a strike in Lyon. "
    "Sophie Binet, the head of the CGT, said workers would not back down.",
    "Alexander Lukashenko said foreign states were interfering in Belarus.",
]})


@pytest.fixture(scope="module")
def tables():
    return analyze_corpus(CORPUS, progress=False)


def _actors_of(tables, doc_id):
    a = tables["actors"]
    return dict(zip(a.loc[a["doc_id"] == doc_id, "actor"], a.loc[a["doc_id"] == doc_id, "actor_name"]))


def test_discovered_people_places_and_organisations_are_actors(tables):
    kenya = _actors_of(tables, "kenya")
    assert kenya.get("william_ruto") == "William Ruto"
    assert kenya.get("raila_odinga") == "Raila Odinga"
    assert "nairobi" in kenya
    m = tables["mentions"]
    ruto = m[(m["doc_id"] == "kenya") & (m["actor"] == "william_ruto")]
    text = CORPUS.loc[0, "text"]
    # every mention's offsets point at its words in the article
    assert all(text[s:e] == surface for s, e, surface in zip(ruto["start"], ruto["end"], ruto["surface"]))
    assert set(ruto["source"]) == {"discovered"}
    assert "Ruto" in set(ruto["surface"])


def test_a_surname_alone_gets_the_id_of_the_full_name_in_the_corpus(tables):
    followup = _actors_of(tables, "followup")
    assert followup.get("william_ruto") == "William Ruto"
    q = tables["quotes"]
    said = q[(q["doc_id"] == "followup") & q["kind"].isin(["direct", "partial"])]
    assert list(said["actor"]) == ["william_ruto"]


def test_codebook_actors_keep_their_codebook_ids(tables):
    belarus = tables["mentions"][tables["mentions"]["doc_id"] == "belarus"]
    luka = belarus[belarus["surface"] == "Alexander Lukashenko"]
    assert list(luka["actor"]) == ["lukashenko"] and list(luka["source"]) == ["codebook"]


def test_quotes_name_their_speaker_actor(tables):
    q = tables["quotes"]
    odinga = q[(q["doc_id"] == "kenya") & (q["text"].str.contains("keep talking"))]
    assert list(odinga["actor"]) == ["raila_odinga"]
    assert "actor" in tables["actors"].columns and tables["actors"]["quoted"].sum() >= 2


@pytest.mark.parametrize("jobs, chunk_size", [(1, 1), (1, 3), (2, 1)])
def test_ids_do_not_depend_on_chunking(tables, jobs, chunk_size):
    other = analyze_corpus(CORPUS, jobs=jobs, chunk_size=chunk_size, progress=False)
    for name in ("mentions", "actors", "quotes"):
        pd.testing.assert_frame_equal(other[name], tables[name])


def test_the_entity_layer_can_be_switched_off():
    recs = [{"doc_id": "kenya", "source_path": "kenya", "raw_text": CORPUS.loc[0, "text"],
             "text": CORPUS.loc[0, "text"], "status": "ok", "message": "", "language": "en"}]
    off = analyze_chunk(recs, ChunkOptions(entities=False), cleaned=True)
    on = analyze_chunk(recs, ChunkOptions(entities=True), cleaned=True)
    assert off["mentions"].empty and not on["mentions"].empty
    assert set(on["actors"]["actor"]) >= {"william_ruto", "raila_odinga"}


def test_frame_cues_inside_recognised_names_are_dropped():
    text = "Christian Lindner rejected the budget on Tuesday."
    recs = [{"doc_id": "d", "source_path": "d", "raw_text": text, "text": text, "status": "ok",
             "message": "", "language": "en"}]
    on = analyze_chunk(recs, ChunkOptions(entities=True), cleaned=True)
    off = analyze_chunk(recs, ChunkOptions(entities=False), cleaned=True)
    assert "Christian" in list(off["frames"]["cue"])
    assert "Christian" not in list(on["frames"]["cue"])


def test_actors_command_writes_a_draft_that_loads_and_matches(tmp_path, capsys):
    from analysis.actors import find_mentions, load_actors
    from analysis.cli import main
    from analysis.segment import split_sentences

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, text in zip(CORPUS["doc_id"][:2], CORPUS["text"][:2]):
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    draft = tmp_path / "draft.yml"
    assert main(["actors", str(corpus), "--draft", str(draft), "--min-mentions", "2"]) == 0
    out = capsys.readouterr().out
    assert "William Ruto" in out and "wrote a codebook draft" in out
    book = load_actors(draft)
    assert book.actors["william_ruto"].name == "William Ruto"
    assert "Ruto" in book.actors["william_ruto"].aliases
    # passed back, the draft is a codebook: its actors are found by name
    sents = split_sentences(pd.DataFrame({"doc_id": ["x"], "text": ["Ruto spoke in Nairobi."],
                                          "status": ["ok"]}))
    assert list(find_mentions(sents, book)["actor"]) == ["william_ruto"]
    # an existing draft is not overwritten without --force
    assert main(["actors", str(corpus), "--draft", str(draft)]) == 2
    assert "exists" in capsys.readouterr().err
