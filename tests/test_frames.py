"""Frame codebook, tagging, profiles, KWIC and agreement."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import analysis
from analysis.config import GOLD_DIR
from analysis.frames import (FRAME_COLUMNS, KWIC_COLUMNS, MFC_FRAMES, CodebookError, article_frames,
                             code_sentences, frame_profile, keyword_in_context, load_coding,
                             load_frames, measure_agreement, score_coding, tag_frames)
from analysis.frames import _cue_heads, _needed_words, _pattern_head, _word_starts


def _frame(**kw):
    base = {"id": "demo", "label": "Demo", "definition": "A frame for tests.", "cues": ["test"]}
    base.update(kw)
    return base


def _book(*frames):
    return load_frames({"frames": [_frame(**f) for f in frames]})


def _sentences(*texts, doc_id="d1"):
    rows, pos = [], 0
    for i, t in enumerate(texts, start=1):
        rows.append((doc_id, 1, i, pos, pos + len(t), t))
        pos += len(t) + 1
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "sent_id", "start", "end", "text"])


@pytest.fixture(scope="module")
def seed():
    articles = analysis.load_corpus(analysis.config.RAW_DIR / "seed_belarus.txt")
    sentences = analysis.split_sentences(articles)
    return articles, sentences, tag_frames(sentences)


# --- cues, inflections, proximity rules, exclusions --------------------------------------------

@pytest.mark.parametrize("cues, text, found", [
    (["interfer*"], "They interfered; interference again.", ["interfered", "interference"]),
    (["interfer*"], "No noninterference here.", []),
    (["stabil*"], "Stability, stabilise and stabilizing.", ["Stability", "stabilise", "stabilizing"]),
    (["foreign states"], "interference of ‘foreign states’ to hit", ["foreign states"]),
    (["interference of foreign states"], "interference of ‘foreign states’", ["interference of ‘foreign states"]),
    (["spill* over"], "a spill-over and spills over", ["spill-over", "spills over"]),
    (["slip* out of * grip"], "tension is slipping out of the grip, it", ["slipping out of the grip"]),
    (["WHO"], "WHO said who knows", ["WHO"]),
    (["law", "law and order"], "law and order, the law", ["law and order", "law"]),
    (["Lukashenko"], "Lukashenko's wish", ["Lukashenko"]),
])
def test_cues_match_whole_words_and_inflections(cues, text, found):
    table = tag_frames(_sentences(text), _book({"cues": cues}))
    assert table["cue"].tolist() == found


@pytest.mark.parametrize("text, found", [
    ("outside meddling may do harm", ["outside meddling"]),
    ("blamed foreign states for it", ["foreign states"]),
    ("the Ministry of Foreign Affairs said", []),           # no anchor near
    ("foreign visitors came to the states", []),             # 'states' 4 words away
    ("states that are foreign to us", ["states that are foreign"]),  # either order
])
def test_proximity_rules(text, found):
    book = _book({"cues": [], "near": [{"words": ["foreign", "outside"],
                                        "near": ["states", "meddl*"], "within": 3}]})
    assert tag_frames(_sentences(text), book)["cue"].tolist() == found


@pytest.mark.parametrize("text, found", [
    ("a health crisis", []),
    ("a political crisis", ["crisis"]),
    ("place orders now", []),
    ("restore order now", ["order"]),
])
def test_exclusions(text, found):
    book = _book({"cues": ["crisis", "order"], "exclusions": ["health crisis", "place* order*"]})
    assert tag_frames(_sentences(text), book)["cue"].tolist() == found


def test_patterns_and_offsets():
    s = _sentences("Nothing here.", "He was recognised as the President.")
    book = _book({"cues": ["recogni*"], "patterns": [r"\bas (?:an? |the )?president\b"]})
    t = tag_frames(s, book)
    assert t[["sent_id", "cue", "start", "end"]].values.tolist() == [
        [2, "recognised", 21, 31], [2, "as the President", 32, 48]]


def test_frame_table_is_built_as_pandas_builds_it_from_rows():
    s = _sentences("He was recognised as the President.", "Recognition came.")
    t = tag_frames(s, _book({"cues": ["recogni*"], "patterns": [r"\bas (?:an? |the )?president\b"]}))
    rows = list(t.itertuples(index=False, name=None))
    expected = pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS).astype(
        {"sent_id": "int64", "start": "int64", "end": "int64"})
    assert len(t) == 3
    pd.testing.assert_frame_equal(t, expected, check_exact=True)


def test_empty_input_gives_empty_table_with_columns():
    t = tag_frames(_sentences("Nothing to see."), _book({}))
    assert t.empty and list(t.columns) == FRAME_COLUMNS
    assert frame_profile(t, _sentences("x")).empty
    assert article_frames(t).empty


# --- the cue index: the same hits as scanning every sentence with every frame -----------------

@pytest.mark.parametrize("cue, heads, needs", [
    ("interfer*", [("interfer", True)], []),
    ("law and order", [("law", False)], ["and", "order"]),
    ("re-elect*", [("re", False), ("reelect", True)], []),            # re-elect, re elect, reelect
    ("foreign-backed", [("foreign", False), ("foreignbacked", False)], []),
    ("U.S.-backed", [("U", False)], []),
    ("slip* out of * grip", [("slip", True)], ["grip", "of", "out"]),
    ("* grip", None, ["grip"]),                                        # may start anywhere
    ("'s", None, []),
])
def test_cue_heads_and_needed_words(cue, heads, needs):
    assert _cue_heads(cue) == heads
    assert sorted(_needed_words(cue)) == needs


@pytest.mark.parametrize("pattern, head", [
    (r"\bas (?:an? |the )?(?:president|leader)\b", "as"),
    (r"\bAs the", "as"),
    (r"\b(?:as) the", "as"),                # the parser drops a (?:...) around plain letters
    (r"\bas[ ]x", "as"),
    (r"\bas-x", "as"),
    (r"\bas\b", None),                      # no character that ends the word: kept simple
    (r"\bas", None),                         # "ask"
    (r"\bas\w", None),
    (r"\bas_ x", None),
    (r"\bas\sx", None),                     # a class, not one character
    (r"as the", None),                       # may start inside a word: "has the"
    (r"\bas the|foo", None),                 # another branch need not start with "as"
    (r"\b(?:as|was) the", None),
    (r"(?a)\bas the", None),                 # ASCII-only \b
    (r"\bcafé x", None),
    (r"\b", None),
])
def test_pattern_heads(pattern, head):
    assert _pattern_head(pattern) == head


@pytest.mark.parametrize("text, word, starts", [
    ("law, lawyer, outlaw law_x law", "law", [0, 26]),
    ("re-elected; we're", "re", [0, 15]),
    ("nothing", "law", []),
])
def test_word_starts_are_whole_words(text, word, starts):
    assert _word_starts(text, word) == starts


_TRICKY = [
    {"cues": ["re-elect*", "WHO", "state", "interfer*", "law and order", "law enforcement",
              "foreign-backed", "slip* out of * grip"]},
    {"cues": ["order", "café*"], "exclusions": ["law and order", "place* order*"]},
    {"cues": [], "near": [{"words": ["foreign", "outside"], "near": ["meddl*", "states"],
                           "within": 2}]},
    {"cues": ["elected"], "patterns": [r"\bas (?:the )?president\b"]},
    {"cues": ["* grip", "'s"]},  # cues that need not start a word: every sentence is scanned
    {"patterns": [r"\bAS (?:the )?leader\b", r"\bfor-ever\b"]},  # looked up by "as", "for"
    {"patterns": [r"\bkept (?:as )?leader\b", r"(?:as|was) president"]},  # searched everywhere
]


def _full_scan(book, text):
    return [(f.id, text[s:e]) for f in book.frames for s, e, _ in f.find(text)]


@pytest.mark.parametrize("text, found", [
    ("He was reelected and re-elected, re elected.",
     [("demo1", "reelected"), ("demo1", "re-elected"), ("demo1", "re elected"),
      ("demo4", "elected"), ("demo4", "elected")]),                   # not in "reelected"
    ("WHO said who knows", [("demo1", "WHO")]),
    ("the ſtate of İnterference", [("demo1", "ſtate"), ("demo1", "İnterference")]),  # case-blind
    ("CAFÉS and cafés", [("demo2", "CAFÉS"), ("demo2", "cafés")]),
    ("losing their grip", [("demo5", "their grip")]),
    ("'s slipping out of their grip", [("demo1", "slipping out of their grip"),
                                       ("demo5", "'s"), ("demo5", "their grip")]),
    ("law and order", [("demo1", "law and order")]),
    ("law and disorder", []),                    # the words needed only inside other words
    ("slipping out of their grıp", [("demo1", "slipping out of their grıp"),
                                    ("demo5", "their grıp")]),  # a needed word with a dotless ı
    ("law enforcement", [("demo1", "law enforcement")]),
    ("law or order", [("demo2", "order")]),
    ("foreignbacked, foreign backed", [("demo1", "foreignbacked"), ("demo1", "foreign backed")]),
    ("outside meddling by foreign meddlers", [("demo3", "outside meddling"),
                                              ("demo3", "foreign meddlers")]),
    ("elected as the President", [("demo4", "elected"), ("demo4", "as the President")]),
    ("aſ the leader, AS LEADER, forever, for ever, for-ever, ask leader",
     [("demo6", "aſ the leader"), ("demo6", "AS LEADER"), ("demo6", "for-ever")]),
    ("He was kept as leader; has president",
     [("demo6", "as leader"), ("demo7", "kept as leader"), ("demo7", "as president")]),
    ("has President", [("demo7", "as President")]),  # a pattern of demo7 may start anywhere
    ("nothing to see", []),
])
def test_index_finds_what_a_full_scan_finds(text, found):
    book = _book(*[dict(f, id=f"demo{i}") for i, f in enumerate(_TRICKY, start=1)])
    table = tag_frames(_sentences(text), book)
    assert list(zip(table["frame"], table["cue"])) == found == _full_scan(book, text)


_PIECES = ["law", "Law", "LAW", "and", "order", "enforcement", "orders", "re", "elect", "reelected", "foreign",
           "backed", "meddling", "outside", "states", "WHO", "who", "ſtate", "İnterference",
           "interfering", "café", "CAFÉS", "grip", "their", "slipping", "out", "of", "as", "the",
           "President", "elected", "place", "outlaw", "x", "'s", "AS", "aſ", "ask", "leader",
           "for", "ever", "forever", "kept", "was", "has"]
_GAPS = [" ", " ", "-", "–", "'", "’", "“", "”", ", ", "\n", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_GAPS)), max_size=14))
def test_index_never_changes_what_is_found(pieces):
    text = "".join(w + g for w, g in pieces)
    book = _book(*[dict(f, id=f"demo{i}") for i, f in enumerate(_TRICKY, start=1)])
    table = tag_frames(_sentences(text), book)
    assert list(zip(table["frame"], table["cue"])) == _full_scan(book, text)


# --- the seed article ---------------------------------------------------------------------------

@pytest.mark.parametrize("frame, sent_id, cue, start", [
    ("foreign_interference", 1, "interference", 131),
    ("foreign_interference", 1, "foreign states", 148),
    ("foreign_interference", 13, "outside meddling", 1882),
    ("foreign_interference", 13, "foreign states", 1983),
    ("stability", 1, "stability", 199),
    ("stability", 7, "tension", 1168),
    ("stability", 7, "slipping out of the grip", 1195),
    ("stability", 11, "roll over to", 1711),
    ("stability", 13, "instability", 2018),
])
def test_seed_hits_with_offsets(seed, frame, sent_id, cue, start):
    articles, _, table = seed
    row = table[(table.frame == frame) & (table.start == start)]
    assert row[["sent_id", "cue"]].values.tolist() == [[sent_id, cue]]
    assert articles.loc[0, "text"][start:start + len(cue)] == cue


@pytest.mark.parametrize("frame, sentences_with_frame", [
    ("foreign_interference", [1, 13]),
    ("stability", [1, 7, 11, 13]),      # not 17: "health crisis" is excluded
])
def test_seed_frames_found_only_where_the_text_uses_them(seed, frame, sentences_with_frame):
    _, _, table = seed
    assert sorted(table.loc[table.frame == frame, "sent_id"].unique()) == sentences_with_frame


def test_seed_profile_and_article_frames(seed):
    _, sentences, table = seed
    prof = frame_profile(table, sentences).set_index("frame")
    assert prof.loc["protest", ["hits", "sentences", "first_sent"]].tolist() == [6, 6, 1]
    assert prof.loc["stability", "share"] == pytest.approx(4 / 17)
    assert prof.loc["health", "first_position"] == pytest.approx(13 / 16, abs=1e-3)
    project = article_frames(table, scheme="project", sentences=sentences)
    assert "politics" not in set(project.frame)          # one hit: below min_hits 2
    assert {"foreign_interference", "stability", "alliance"} <= set(project.frame)
    mfc = article_frames(table, scheme="mfc", sentences=sentences, rule={"min_hits": 1,
                                                                        "per_1000_words": 0})
    assert set(mfc.frame) <= set(MFC_FRAMES)
    assert mfc.set_index("frame").loc["Health_and_safety", "hits"] == 7


# --- KWIC -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern, regex, expected", [
    ("meddl*", False, [(13, "meddling", "this “outside", "” may do")]),
    ("foreign states", False, [(1, "foreign states", "of ‘", "’ to hit"), (13, "foreign states", "holding", "responsible")]),
    (r"\bUnion State\b", True, [(10, "Union State", "formed a “", "” with a"), (11, "Union State", "the entire", ", if they")]),
    ("nothing-like-this", False, []),
])
def test_keyword_in_context(seed, pattern, regex, expected):
    articles, sentences, _ = seed
    k = keyword_in_context(articles, pattern, window=15, regex=regex, sentences=sentences)
    assert list(k.columns) == KWIC_COLUMNS
    got = [(r.sent_id, r.match, r.left, r.right) for r in k.itertuples()]
    assert [(s, m) for s, m, *_ in got] == [(s, m) for s, m, *_ in expected]
    for (_, _, left, right), (_, _, l_end, r_start) in zip(got, expected):
        assert left.endswith(l_end) and right.startswith(r_start)


# --- broken codebooks ------------------------------------------------------------------------------

@pytest.mark.parametrize("frame, message", [
    ({"id": "Bad Id"}, "frame 'Bad Id': field 'id'"),
    ({"label": ""}, "frame 'demo': field 'label' is missing"),
    ({"cues": "stability"}, "frame 'demo': field 'cues' must be a list"),
    ({"cues": ["sta*bility"]}, "frame 'demo': field 'cues', entry 1"),
    ({"cues": ["*"]}, "would match any word"),
    ({"cues": [], "patterns": []}, "needs at least one entry"),
    ({"patterns": ["(unclosed"]}, "field 'patterns', entry 1"),
    ({"patterns": ["(a)b"]}, "capturing group"),
    ({"near": [{"words": ["foreign"], "near": ["states"]}]}, "field 'near', rule 1"),
    ({"near": [{"words": ["foreign"], "near": ["states"], "within": 0}]}, "'within'"),
    ({"mfc": ["Politics"]}, "did you mean 'Political'"),
    ({"cue": ["x"]}, "unknown field 'cue' (did you mean 'cues'?)"),
])
def test_broken_codebook_names_frame_and_field(frame, message):
    with pytest.raises(CodebookError, match=re.escape(message)):
        _book(frame)


def test_broken_codebook_file_is_named(tmp_path):
    path = tmp_path / "mine.yml"
    path.write_text("frames:\n  - id: a\n    label: A\n    definition: d\n  - id: a\n"
                    "    label: B\n    definition: d\n    cues: [x]\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"mine\.yml: frame 'a': needs at least one"):
        load_frames(path)


def test_extend_default_codebook(tmp_path):
    path = tmp_path / "extra.yml"
    path.write_text("frames:\n  - id: stability\n    cues: [pandemonium]\n"
                    "  - id: sport\n    label: Sport\n    definition: Games.\n    cues: [football]\n",
                    encoding="utf-8")
    book = load_frames(path, extend=True)
    assert "sport" in book.ids and "foreign_interference" in book.ids
    assert "pandemonium" in book["stability"].cues and "stabil*" in book["stability"].cues


def test_default_codebook_is_complete():
    book = load_frames()
    required = {"foreign_interference", "stability", "protest", "legitimacy", "alliance", "health",
                "economy", "conflict", "responsibility", "human_interest",
                "economic_consequences", "morality"}
    assert required <= set(book.ids)
    assert set(book.crosswalk()["mfc_frame"]) == set(MFC_FRAMES)
    for f in book.frames:
        assert f.examples and f.source and f.mfc, f.id
        # every example sentence of a frame is found by that frame
        hits = tag_frames(_sentences(*f.examples), book)
        assert set(hits.loc[hits.frame == f.id, "sent_id"]) == set(range(1, len(f.examples) + 1)), f.id


# --- validation: scores and agreement ----------------------------------------------------------

def _coding(rows):
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frame"])


@pytest.mark.parametrize("a, b, frame, alpha", [
    ([("d", 1, "x"), ("d", 2, None), ("d", 3, "x"), ("d", 4, None)],
     [("d", 1, "x"), ("d", 2, None), ("d", 3, "x"), ("d", 4, None)], "x", 1.0),
    # one disagreement in four; nominal alpha = 1 - (n-1) * D_o / D_e = 1 - 7 * (2/8) / (2*3*5/56)
    ([("d", 1, "x"), ("d", 2, None), ("d", 3, "x"), ("d", 4, None)],
     [("d", 1, "x"), ("d", 2, "x"), ("d", 3, "x"), ("d", 4, None)], "x", 1 - (2 / 8) / (30 / 56)),
])
def test_measure_agreement(a, b, frame, alpha):
    res = measure_agreement(_coding(a), _coding(b)).set_index("frame")
    assert res.loc[frame, "alpha"] == pytest.approx(alpha)
    assert res.loc["overall", "units"] == 4


def test_score_coding_counts():
    pred = _coding([("d", 1, "x"), ("d", 1, "y"), ("d", 2, None), ("d", 3, "x")])
    gold = _coding([("d", 1, "x"), ("d", 2, "x"), ("d", 3, None)])
    res = score_coding(pred, gold).set_index("frame")
    assert res.loc["x", ["tp", "fp", "fn"]].tolist() == [1, 1, 1]
    assert res.loc["y", ["tp", "fp", "fn"]].tolist() == [0, 1, 0]
    assert res.loc["all (micro)", "precision"] == pytest.approx(1 / 3)


def test_seed_gold_precision_and_agreement(seed):
    _, sentences, table = seed
    gold = load_coding(GOLD_DIR / "seed_frames.csv")
    assert set(gold.frame.dropna()) <= set(load_frames().ids)
    assert sorted(gold.sent_id.unique()) == list(range(1, 18))
    scores = score_coding(code_sentences(table, sentences), gold, frames=load_frames().ids)
    micro = scores.set_index("frame").loc["all (micro)"]
    assert micro.precision >= 0.9 and micro.recall >= 0.5
    coder2 = load_coding(GOLD_DIR / "seed_frames_coder2.csv")
    alpha = measure_agreement(gold, coder2).set_index("frame").loc["overall", "alpha"]
    assert 0.5 < alpha < 1


@pytest.mark.shared
def test_semeval_articles_are_tagged():
    folder = analysis.config.EVAL_DIR / "semeval2023_frames" / "articles"
    if not folder.exists():
        pytest.skip("benchmark data not present: semeval2023_frames (looked in ../shared/eval)")
    first = sorted(folder.glob("*.txt"))[:5]
    articles = analysis.load_corpus(*first)
    sentences = analysis.split_sentences(articles)
    table = tag_frames(sentences)
    assert len(table) > 0
    texts = articles.set_index("doc_id")["text"]
    assert all(texts[r.doc_id][r.start:r.end] == r.cue for r in table.itertuples())
    mfc = article_frames(table, sentences=sentences)
    assert set(mfc.frame) <= set(MFC_FRAMES) and not np.isnan(mfc.per_1000_words).any()


def test_without_the_pattern_parser_patterns_are_searched_everywhere(monkeypatch):
    """The look-up of a pattern by its first word uses Python's internal regex parser; where
    that is missing, every pattern is searched in every sentence, with the same result."""
    import analysis.frames as frames_module

    book = _book({"id": "recognition", "cues": ["recognise"],
                  "patterns": [r"\bas (?:the )?president\b"]})
    sents = _sentences("They see him as the president.", "He has the president's ear.",
                       "As President he spoke.")
    expected = tag_frames(sents, book)
    assert len(expected) == 2
    monkeypatch.setattr(frames_module, "_re_parser", None)
    assert _pattern_head(r"\bas (?:the )?president\b") is None
    pd.testing.assert_frame_equal(tag_frames(sents, _book(
        {"id": "recognition", "cues": ["recognise"], "patterns": [r"\bas (?:the )?president\b"]})), expected)


@pytest.mark.parametrize("text, word, name, cue_kept", [
    ("Christian Lindner rejected the budget.", "Christian", "Christian Lindner", False),
    ("Christian values were at stake, he said.", "Christian", None, True),
    ("The Health Ministry said 30 hospitals were full.", "Health", "Health Ministry", False),
    ("The Health Ministry said 30 hospitals were full.", "hospitals", "Health Ministry", True),
])
def test_cues_inside_names_are_not_cues(text, word, name, cue_kept):
    from analysis.frames import load_frames, tag_frames

    book = load_frames(extend=False)
    sentences = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0], "text": [text]})
    names = pd.DataFrame(columns=["doc_id", "start", "end"])
    if name:
        s = text.index(name)
        names = pd.DataFrame({"doc_id": ["d"], "start": [s], "end": [s + len(name)],
                              "match_kind": ["name"]})
    plain = tag_frames(sentences, book)
    assert word in list(plain["cue"]), "the cue is found without names"
    found = tag_frames(sentences, book, names=names)
    assert (word in list(found["cue"])) == cue_kept


def test_a_frame_may_keep_its_cues_inside_names(tmp_path):
    from analysis.frames import load_frames, tag_frames

    path = tmp_path / "frames.yml"
    path.write_text("frames:\n  - id: faith\n    label: Faith\n    definition: religion\n"
                    "    cues: [christian]\n    in_names: true\n", encoding="utf-8")
    book = load_frames(path)
    sentences = pd.DataFrame({"doc_id": ["d"], "sent_id": [0], "start": [0],
                              "text": ["Christian Lindner spoke."]})
    names = pd.DataFrame({"doc_id": ["d"], "start": [0], "end": [17]})
    assert list(tag_frames(sentences, book, names=names)["cue"]) == ["Christian"]
    bad = tmp_path / "bad.yml"
    bad.write_text("frames:\n  - id: faith\n    label: Faith\n    definition: d\n"
                   "    cues: [christian]\n    in_names: maybe\n", encoding="utf-8")
    with pytest.raises(Exception, match="in_names"):
        load_frames(bad)
