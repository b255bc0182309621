"""Actor mentions, roles and discovery (analysis.actors); the tone toward actors is tested in
test_tone.py."""
from __future__ import annotations

import functools
import textwrap

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import analysis  # noqa: F401  (registers the offline sentence splitter)
from analysis.actors import (MENTION_COLUMNS, SUGGESTION_COLUMNS, CodebookError, actor_tone,
                             cooccurrence, count_roles, find_mentions, load_actors,
                             suggest_actors)
from analysis.config import GOLD_DIR, RAW_DIR
from analysis.load import load_corpus
from analysis.segment import split_sentences


def sentences_of(*texts: str, doc_id: str = "d1") -> pd.DataFrame:
    """A sentences table for a made-up article whose sentences are ``texts``, one paragraph."""
    article = " ".join(texts)
    return split_sentences(pd.DataFrame({"doc_id": [doc_id], "text": [article]}))


def mention_tuples(text: str, **kw) -> list[tuple]:
    df = find_mentions(sentences_of(text), **kw)
    return [(r.surface, r.actor, r.match_kind, r.start, r.end) for r in df.itertuples()]


@pytest.mark.parametrize("text, expected", [
    # aliases, names, possessives (span includes 's)
    ("Russia's Putin met them.", [("Russia's", "russia", "possessive", 0, 8),
                                  ("Putin", "putin", "alias", 9, 14)]),
    ("Lukashenka's men waited.", [("Lukashenka's", "lukashenko", "possessive", 0, 12)]),
    # whole words only: Russia is not in Russian, Putin not in Putinism
    ("Russian troops and Putinism.", []),
    ("Belarusian officials spoke.", [("officials", "government_officials", "alias", 11, 20)]),
    # the longest form wins where forms overlap
    ("Vladimir Putin arrived.", [("Vladimir Putin", "putin", "name", 0, 14)]),
    ("The Russian Foreign Ministry replied.", [("Russian Foreign Ministry", "russian_mfa", "name", 4, 28)]),
    # titles
    ("The talks with the Belarusian President ended.",
     [("the Belarusian President", "lukashenko", "title", 15, 39)]),
    ("The Kremlin was silent.", [("The Kremlin", "russia", "title", 0, 11)]),
    # a title followed by the same actor's name is one mention
    ("He called his Russian counterpart Vladimir Putin.",
     [("his Russian counterpart Vladimir Putin", "putin", "name", 10, 48)]),
    # acronyms are matched in capitals only
    ("Those who doubt it, and the WHO, disagree.", [("WHO", "who", "alias", 28, 31)]),
    # misspelt first name listed as an alias
    ("Prime Minister Nikon Pashinyan agreed.", [("Nikon Pashinyan", "pashinyan", "alias", 15, 30)]),
    ("", []),
])
def test_find_mentions_matches(text, expected):
    assert mention_tuples(text, pronouns=False) == expected


def test_demonym_matches_only_when_listed(tmp_path):
    book = tmp_path / "demonym.yml"
    book.write_text(textwrap.dedent("""\
        actors:
          - id: russia
            name: Russia
            type: country
            aliases: [Russian]
    """), encoding="utf-8")
    assert mention_tuples("Russian troops left Russia.", codebook=book) == [
        ("Russian", "russia", "alias", 0, 7), ("Russia", "russia", "name", 20, 26)]


@pytest.mark.parametrize("texts, expected", [
    # (sentence texts, {(sent_id, actor): role})
    (["Maria Zakharova, a spokesperson for the Ministry of Foreign Affairs, said on Friday that "
      "talks would go on."],
     {(1, "zakharova"): "speaker", (1, "russian_mfa"): "mentioned"}),
    (["According to Belta, Lukashenko met Putin."],
     {(1, "belta"): "source", (1, "lukashenko"): "mentioned", (1, "putin"): "mentioned"}),
    (["Lukashenko told government officials that Putin would help."],
     {(1, "lukashenko"): "speaker", (1, "government_officials"): "addressee",
      (1, "putin"): "mentioned"}),
    (["\u201cWe will help,\u201d said Putin."], {(1, "putin"): "speaker"}),
    (["Putin met experts in Minsk."],
     {(1, "putin"): "mentioned", (1, "political_experts"): "mentioned", (1, "belarus"): "mentioned"}),
])
def test_roles(texts, expected):
    df = find_mentions(sentences_of(*texts), pronouns=False)
    got = {(r.sent_id, r.actor): r.role for r in df.itertuples()}
    assert got == expected


@pytest.mark.parametrize("texts, pronouns, expected", [
    # plural references resolve to the most recently named actors of the right type
    (["Lukashenko phoned Putin.", "The two Presidents talked."], False,
     [(1, "lukashenko", "alias"), (1, "putin", "alias"),
      (2, "lukashenko", "plural"), (2, "putin", "plural")]),
    (["Russia helped Belarus.", "Both nations agreed."], False,
     [(1, "russia", "name"), (1, "belarus", "name"), (2, "belarus", "plural"),
      (2, "russia", "plural")]),
    (["Lukashenko phoned Putin.", "THE TWO PRESIDENTS talked."], False,
     [(1, "lukashenko", "alias"), (1, "putin", "alias"),
      (2, "lukashenko", "plural"), (2, "putin", "plural")]),
    (["Russia helped Belarus.", "BOTH nations agreed."], False,
     [(1, "russia", "name"), (1, "belarus", "name"), (2, "belarus", "plural"),
      (2, "russia", "plural")]),
    # with only one person named before, "the two Presidents" is not guessed
    (["Putin spoke.", "The two Presidents talked."], False, [(1, "putin", "alias")]),
    # pronouns are marked, and left out on request
    (["Putin spoke.", "He was tired."], True, [(1, "putin", "alias"), (2, "putin", "pronoun")]),
    (["Putin spoke.", "He was tired."], False, [(1, "putin", "alias")]),
])
def test_plurals_and_pronouns(texts, pronouns, expected):
    df = find_mentions(sentences_of(*texts), pronouns=pronouns)
    assert [(r.sent_id, r.actor, r.match_kind) for r in df.itertuples()] == expected


# text, (sent_id, start, end, surface, actor, match_kind) of the references by common noun
@pytest.mark.parametrize("text, expected", [
    # a plural without a number: the actors of its type named at least twice so far
    ("Putin met Lukashenko. Putin and Lukashenko spoke again. The Presidents agreed.",
     [(3, 56, 70, "The Presidents", "lukashenko", "plural"),
      (3, 56, 70, "The Presidents", "putin", "plural")]),
    ("Putin met Lukashenko and Sarkissian. The Presidents agreed.", []),
    # a bare number: the actors of one type named last, in this sentence or the one before
    ("Russia is an ally of Belarus. The two have formed a union.",
     [(2, 30, 37, "The two", "belarus", "plural"), (2, 30, 37, "The two", "russia", "plural")]),
    ("Russia is an ally of Lukashenko. The two have formed a union.", []),
    ("Russia is an ally of Belarus. The two nations met.",
     [(2, 30, 45, "The two nations", "belarus", "plural"),
      (2, 30, 45, "The two nations", "russia", "plural")]),
    # the country the article names most often, also before it is named; a tie: none
    ("The country waits. Belarus protests grew. Belarus is tense.",
     [(1, 0, 11, "The country", "belarus", "title")]),
    ("Belarus protests grew. Russia is tense. The country waits.", []),
])
def test_references_by_common_noun(text, expected):
    df = find_mentions(sentences_of(text))
    found = [(r.sent_id, r.start, r.end, r.surface, r.actor, r.match_kind) for r in df.itertuples()
             if r.match_kind in ("plural", "title")]
    assert found == expected
    for _, s, e, surface, *_ in expected:
        assert text[s:e] == surface
    assert list(df["start"]) == sorted(df["start"])  # rows stay in text order


def test_the_country_can_be_left_out():
    df = find_mentions(sentences_of("The country waits. Belarus protests grew. Belarus is tense."),
                       definite=False)
    assert "The country" not in set(df["surface"])


@functools.lru_cache(maxsize=1)
def _default_matcher():
    return load_actors().matcher()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "THE", "These", "two", "Two", "TWO", "ThReE", "four",
                                 "both", "BOTH", "Both", "presidents", "Presidents", "NATIONS",
                                 "countries", "İ", "ſ", "tw", "o"]), max_size=8),
       st.sampled_from([" ", "\n", "  ", ""]))
def test_plural_references_always_hold_a_number_word_in_lower_case(words, gap):
    # find_mentions looks for the plural pattern only in texts holding one of these words
    from analysis.actors import _NUMBERS

    text = gap.join(words)
    if _default_matcher().plural.search(text):
        assert any(n in text.lower() for n in _NUMBERS)


def test_offsets_point_into_the_article_text():
    articles = load_corpus(RAW_DIR / "seed_belarus.txt")
    mentions = find_mentions(split_sentences(articles))
    text = articles["text"].iloc[0]
    assert list(mentions.columns) == MENTION_COLUMNS
    assert len(mentions) > 30
    for row in mentions.itertuples():
        assert text[row.start:row.end] == row.surface


def test_sentences_in_any_order_give_the_same_table():
    # the table comes out sorted by article and sentence, however the sentences come in
    a = sentences_of("Putin spoke.", "He met Lukashenko.", "The two Presidents agreed.",
                     doc_id="b")
    b = sentences_of("Officials said Russia's army waited.", "Putin's men left.", doc_id="a")
    both = pd.concat([a, b], ignore_index=True)
    expected = find_mentions(both.sort_values(["doc_id", "sent_id"]))
    assert len(expected) > 5 and expected["doc_id"].tolist()[0] == "a"
    for order in (both, both.iloc[::-1], both.sample(frac=1, random_state=1)):
        pd.testing.assert_frame_equal(find_mentions(order), expected, check_exact=True)
    # with a sentence that has no article: left out
    nameless = pd.concat([both, both.iloc[[0]].assign(doc_id=None)], ignore_index=True)
    pd.testing.assert_frame_equal(find_mentions(nameless), expected, check_exact=True)


@pytest.mark.parametrize("rows", [
    [],
    [{"doc_id": "d1", "sent_id": 1, "start": 0, "end": 5, "surface": "Putin", "actor": "putin",
      "actor_type": "person", "match_kind": "alias", "role": "speaker"}],
    [{"doc_id": 7, "sent_id": 2, "start": 3, "end": 9, "surface": "Russia", "actor": "russia",
      "actor_type": "country", "match_kind": "alias", "role": "mentioned"}] * 3,
])
def test_mentions_table_is_built_as_pandas_builds_it_from_rows(rows):
    from analysis.actors import _table

    expected = pd.DataFrame(rows, columns=MENTION_COLUMNS).astype(
        {"sent_id": "int64", "start": "int64", "end": "int64"})
    pd.testing.assert_frame_equal(_table(rows, MENTION_COLUMNS, ("sent_id", "start", "end")),
                                  expected, check_exact=True)


def test_empty_input_gives_empty_tables():
    empty = split_sentences(pd.DataFrame({"doc_id": [], "text": []}))
    assert list(find_mentions(empty).columns) == MENTION_COLUMNS
    assert find_mentions(empty).empty
    assert list(suggest_actors(empty).columns) == SUGGESTION_COLUMNS
    assert actor_tone(find_mentions(empty), empty).empty
    assert cooccurrence(find_mentions(empty)).empty
    assert count_roles(find_mentions(empty)).empty


def test_missing_columns_is_a_clear_error():
    with pytest.raises(KeyError, match="sent_id"):
        find_mentions(pd.DataFrame({"doc_id": ["a"], "text": ["Putin"]}))


GOOD_ENTRY = "  - id: a\n    name: A Person\n    type: person\n"


@pytest.mark.parametrize("content, message", [
    ("actors: [", "not valid YAML"),
    ("- just a list", "must be a mapping"),
    ("actor:\n" + GOOD_ENTRY, "unknown top-level field"),
    ("actors:\n  - id: a\n    type: person\n", "actor #1 (a), field 'name': is required"),
    ("actors:\n  - id: a\n    name: A\n    type: persn\n", "field 'type': 'persn' is not one of"),
    ("actors:\n" + GOOD_ENTRY + GOOD_ENTRY, "actor #2 (a), field 'id': is used by another entry"),
    ("actors:\n  - id: Bad Id\n    name: A\n    type: person\n", "field 'id'"),
    ("actors:\n" + GOOD_ENTRY + "    alias: [Ay]\n", "field 'alias': unknown field"),
    ("actors:\n" + GOOD_ENTRY + "    aliases: Ay\n", "field 'aliases': must be a list"),
    ("actors:\n" + GOOD_ENTRY + "    aliases: [Ay, '']\n", "field 'aliases': item 2"),
    ("actors:\n" + GOOD_ENTRY + "    affiliation: nobody\n", "field 'affiliation': 'nobody'"),
    ("actors:\n" + GOOD_ENTRY + "    vague: maybe\n", "field 'vague'"),
    ("actors:\n" + GOOD_ENTRY + "    aliases: [Ay]\n  - id: b\n    name: B\n    type: group\n"
     "    aliases: [ay]\n", "actor #2 (b), field 'aliases/titles': 'ay' is also a name of actor 'a'"),
    ("plural_nouns:\n  presidents: persons\nactors:\n" + GOOD_ENTRY, "plural_nouns (presidents)"),
])
def test_broken_codebook_names_file_entry_and_field(tmp_path, content, message):
    path = tmp_path / "broken.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CodebookError) as exc:
        load_actors(path)
    assert "broken.yml" in str(exc.value)
    assert message in str(exc.value)


def test_codebook_extends_another(tmp_path):
    (tmp_path / "base.yml").write_text("actors:\n" + GOOD_ENTRY + "    aliases: [Ay]\n",
                                       encoding="utf-8")
    (tmp_path / "local.yml").write_text(
        "extends: base.yml\nactors:\n  - id: b\n    name: Bee\n    type: group\n"
        "    affiliation: a\n", encoding="utf-8")
    book = load_actors(tmp_path / "local.yml")
    assert sorted(book.actors) == ["a", "b"]
    assert book.speech_verbs  # taken from the default codebook
    assert mention_tuples("Ay met Bee.", codebook=book) == [("Ay", "a", "alias", 0, 2),
                                                          ("Bee", "b", "name", 7, 10)]
    (tmp_path / "base.yml").write_text("extends: local.yml\nactors: []\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="circle"):
        load_actors(tmp_path / "local.yml")


def test_default_codebook_covers_the_seed_world():
    book = load_actors()
    for actor in ("lukashenko", "putin", "zakharova", "russian_mfa", "sarkissian", "pashinyan",
                  "jeenbekov", "belta", "who", "russia", "belarus", "armenia", "kyrgyzstan",
                  "protesters", "belarusian_people", "foreign_states", "political_experts",
                  "health_organizations"):
        assert actor in book.actors
    assert book.actors["zakharova"].affiliation == "russian_mfa"
    assert book.actors["russian_mfa"].affiliation == "russia"
    assert book.actors["political_experts"].vague


@pytest.mark.parametrize("texts, expected", [
    # titles are cut off the name; a lone surname counts with the full name
    (["President Joe Biden met German Chancellor Olaf Scholz in Berlin.",
      "Currently, the Ministry of Defence says little.", "Biden left on Monday."],
     {("Joe Biden", "person", 2), ("Olaf Scholz", "person", 1), ("Berlin", "unknown", 1),
      ("Ministry of Defence", "organisation", 1)}),
    # the codebook's actors are not suggested; the NATO acronym is
    (["Putin and NATO met in Minsk."], {("NATO", "organisation", 1)}),
    # bare titles, dates and ordinary sentence openers are not names
    (["However, the Prime Minister spoke in August.", "The President agreed."], set()),
])
def test_suggest_actors(texts, expected):
    df = suggest_actors(sentences_of(*texts))
    assert set(zip(df["name"], df["kind_guess"], df["count"])) == expected


def test_suggest_actors_lists_each_article_once():
    # the surname's articles are added to the full name's, each once, in the order first seen
    sents = pd.concat([sentences_of("Then, Olaf Scholz spoke.", "Later, Olaf Scholz met Scholz.",
                                    doc_id="b"),
                       sentences_of("Then, Scholz agreed.", doc_id="a")])
    df = suggest_actors(sents)
    assert df[["name", "count", "doc_ids"]].values.tolist() == [["Olaf Scholz", 4, "b, a"]]


def precision_recall(gold: set, found: set) -> tuple[float, float]:
    tp = len(gold & found)
    return (tp / len(found) if found else 0.0), (tp / len(gold) if gold else 0.0)


def test_seed_against_gold(capsys):
    gold = pd.read_csv(GOLD_DIR / "seed_actors.csv")
    articles = load_corpus(RAW_DIR / "seed_belarus.txt")
    mentions = find_mentions(split_sentences(articles))
    refers_gold = set(zip(gold["doc_id"], gold["sent_id"], gold["actor"]))
    refers_found = set(zip(mentions["doc_id"], mentions["sent_id"], mentions["actor"]))
    voiced = ("speaker", "source")
    speaks_gold = {k[:3] for k in zip(gold["doc_id"], gold["sent_id"], gold["actor"], gold["role"])
                   if k[3] in voiced}
    speaks_found = {k[:3] for k in zip(mentions["doc_id"], mentions["sent_id"], mentions["actor"],
                                       mentions["role"]) if k[3] in voiced}
    p, r = precision_recall(refers_gold, refers_found)
    sp, sr = precision_recall(speaks_gold, speaks_found)
    with capsys.disabled():
        print(f"\nseed gold, sentence-actor pairs: precision {p:.3f} recall {r:.3f} "
              f"({len(refers_gold & refers_found)} of {len(refers_gold)} gold, {len(refers_found)} found)")
        print(f"seed gold, speakers and sources: precision {sp:.3f} recall {sr:.3f} "
              f"({len(speaks_gold)} gold)")
    assert p >= 0.9 and r >= 0.95
    assert sp >= 0.75 and sr >= 0.75


def test_plot_helpers_draw_and_return_axes():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.actors import count_mentions, cooccurrence_graph
    from analysis.plots.actors import (plot_actor_positions, plot_actor_tone,
                                       plot_cooccurrence_network, plot_mentions_by_kind, plot_voice)

    sents = sentences_of("Lukashenko told officials that Putin would help.", "Putin agreed.")
    empty = sents.head(0)
    for s in (sents, empty):
        m = find_mentions(s)
        axes = [plot_mentions_by_kind(count_mentions(m)), plot_voice(count_roles(m)),
                plot_cooccurrence_network(cooccurrence_graph(m)), plot_actor_positions(m),
                plot_actor_tone(actor_tone(m, s))]
        assert all(isinstance(ax, plt.Axes) for ax in axes)
        plt.close("all")
