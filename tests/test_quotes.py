"""Quotes, speakers, stance and sourcing (analysis.quotes)."""
from __future__ import annotations

import re
import warnings

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import analysis  # noqa: F401  (registers the offline NLTK data)
from analysis.clean import clean_text
from analysis.config import EVAL_DIR, GOLD_DIR, RAW_DIR
from analysis.quotes import (QUOTE_COLUMNS, STANCE_COLUMNS, LexiconError, QuoteWarning,
                             find_quotes, find_stance, highlight_quotes, load_reporting,
                             pair_quotes, sourcing_summary)


def articles(text: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d"], "text": [clean_text(text)], "status": ["ok"]})


def quotes(text: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QuoteWarning)
        return find_quotes(articles(text), actors=False)


# text, quoted words, kind, speaker words at the speaker span, speaker_start, cue, start, end
QUOTE_CASES = [
    ("“We will win,” Trump said.", "We will win,", "direct", "Trump", 15, "said", 1, 13),
    ("“It is over,” said the spokesman.", "It is over,", "direct", "the spokesman", 19, "said", 1, 12),
    ("Trump said: “We will win.”", "We will win.", "direct", "Trump", 0, "said", 13, 25),
    ("Maria Zakharova, a spokesperson for the ministry, said: “Foreign states interfered.”",
     "Foreign states interfered.", "direct", "Maria Zakharova", 0, "said", 57, 83),
    ("According to Belta, the presidents discussed the “situation around Belarus” at length.",
     "situation around Belarus", "partial", "Belta", 13, "According to", 50, 74),
    ("Zakharova said the protests were caused by ‘foreign states’ and others.",
     "foreign states", "partial", "Zakharova", 0, "said", 44, 58),
    ("This “outside meddling” may do more harm than good.", "outside meddling", "scare", None, None, None, 6, 22),
    ("The two have formed a “Union State” with an alliance.", "Union State", "term", None, None, None, 23, 34),
    ('He left. "We are done," Smith said.', "We are done,", "direct", "Smith", 24, "said", 10, 22),
    ("Smith called it 'a disgrace' on Monday.", "a disgrace", "partial", "Smith", 0, "called", 17, 27),
    ("'We are ready,' the minister said.", "We are ready,", "direct", "the minister", 16, "said", 1, 14),
    # apostrophes inside the quotation (curly in the raw text, straight after cleaning)
    ("“Russia’s move isn’t new,” Putin said.", "Russia's move isn't new,", "direct", "Putin", 27, "said", 1, 25),
    # straight single quotation marks next to apostrophes and an elided year
    ("Officials said Russia's role was 'limited' in the '90s.", "limited", "partial", "Officials", 0, "said", 34, 41),
    ("Smith, the party leader, said the plan “will not work.”", "will not work.", "partial", "Smith", 0, "said", 40, 54),
    ("“Why not?” Graham asked.", "Why not?", "direct", "Graham", 11, "asked", 1, 9),
    ("“We are tired.” ― Ana Lopez", "We are tired.", "direct", "Ana Lopez", 18, "―", 1, 14),
    # a quotation over two paragraphs: no closing mark at the end of the first
    ("“First part of the quote.\n\n“Second part,” Lee said.", "First part of the quote.\n\n“Second part,",
     "direct", "Lee", 42, "said", 1, 40),
    # an age, a relative clause inside the apposition, middle initials
    ("“We are tired,” Quina Jones, 25, said.", "We are tired,", "direct", "Quina Jones", 16,
     "said", 1, 14),
    ("Douglas Brinkley, a historian who attended the session, recalled, “He was angry.”",
     "He was angry.", "direct", "Douglas Brinkley", 0, "recalled", 67, 80),
    ("“He would be great,” Rep. Elijah E. Cummings said.", "He would be great,", "direct",
     "Rep. Elijah E. Cummings", 21, "said", 1, 19),
    # a cue whose subject names no one, inside what a named speaker says
    ("Paul Ryan said the spate of shootings demands that Americans engage in “more listening.”",
     "more listening.", "partial", "Paul Ryan", 0, "said", 72, 87),
    # the closing mark opens the next sentence, the dash and name follow it
    ("Voters wrote to us. “Why did we get this low?”― Carla Sanchez.", "Why did we get this low?",
     "direct", "Carla Sanchez", 48, "―", 21, 45),
]


@pytest.mark.parametrize("text, quoted, kind, speaker, speaker_start, cue, start, end", QUOTE_CASES)
def test_find_quotes_forms(text, quoted, kind, speaker, speaker_start, cue, start, end):
    q = quotes(text)
    q = q[q["kind"] != "paraphrase"]
    assert len(q) == 1, q
    row = q.iloc[0]
    clean = clean_text(text)
    assert (row["start"], row["end"]) == (start, end)
    assert clean[start:end] == quoted == row["text"]
    assert row["kind"] == kind
    if speaker is None:
        assert pd.isna(row["speaker"]) and pd.isna(row["speaker_start"]) and pd.isna(row["cue"])
    else:
        assert row["speaker_text"] == speaker == row["speaker"]
        assert row["speaker_start"] == speaker_start
        assert clean[row["speaker_start"]:row["speaker_end"]] == speaker
        assert row["cue"] == cue == clean[row["cue_start"]:row["cue_end"]]


@pytest.mark.parametrize("text, speaker_text, speaker", [
    ("Donald Trump spoke in Ohio. “We will win,” he said.", "he", "Donald Trump"),
    ("“We will win,” he said.", "he", "he"),  # nobody to refer to: the pronoun stays
    # the last named clause subject, not the object
    ("Ann Lee met Bob Smith on Monday. They talked. “We agree,” she said.", "she", "Ann Lee"),
    ("Ann Lee spoke. Bob Smith spoke. “We agree,” he said.", "he", "Bob Smith"),
    # more than three sentences back: the pronoun stays
    ("Ann Lee spoke. One. Two. Three. Four. “We agree,” she said.", "she", "she"),
])
def test_pronoun_speakers(text, speaker_text, speaker):
    row = quotes(text).iloc[0]
    assert (row["speaker_text"], row["speaker"]) == (speaker_text, speaker)


@pytest.mark.parametrize("text, content, speaker, cue, cue_class", [
    ("Lukashenko told government officials that the tension is slipping out of the grip.",
     "the tension is slipping out of the grip", "Lukashenko", "told", "neutral"),
    ("The vote was rigged, Smith claimed.", "The vote was rigged", "Smith", "claimed", "distancing"),
    ("According to the agency, the talks went well.", "the talks went well", "the agency",
     "According to", "neutral"),
    # the speaker before a relative clause or a description between commas
    ("The minister, who had been in office for a decade, said the talks had failed.",
     "the talks had failed", "The minister", "said", "neutral"),
    ("Maria Kolesnikova, whom the police had detained twice, said the strike would go on.",
     "the strike would go on", "Maria Kolesnikova", "said", "neutral"),
    ("The minister, a former general, said the talks had failed.", "the talks had failed",
     "The minister", "said", "neutral"),
])
def test_paraphrase(text, content, speaker, cue, cue_class):
    q = quotes(text)
    assert list(q["kind"]) == ["paraphrase"]
    row = q.iloc[0]
    clean = clean_text(text)
    assert clean[row["start"]:row["end"]] == content
    assert (row["speaker"], row["cue"], row["cue_class"]) == (speaker, cue, cue_class)


# mentions as (start, end, actor, actor_type) over "“We will win,” Donald Trump said."
# (speaker span 15-27), expected speaker and speaker type
LINK_CASES = [
    ([(15, 21, "donald", "person"), (15, 27, "trump", "person"), (22, 27, "jr", "person")],
     "trump", "named"),  # the mention that overlaps the speaker most
    ([(15, 21, "a", "person"), (21, 27, "b", "person")], "a", "named"),  # a tie: the first
    ([(15, 27, "campaign", "organisation")], "campaign", "institutional"),
    ([(15, 27, "crowd", "group")], "crowd", "vague"),
    ([(0, 10, "other", "person")], "Donald Trump", "named"),  # no overlap: the words stay
]


# text, mentions (start, end, surface, actor, actor_type), speaker, actor
IT_AND_PLACE_CASES = [
    # "it": the organisation or country named last before it in its sentence
    ("The Security Council condemned what it called “a clear violation.”",
     [(4, 20, "Security Council", "unsc", "organisation")], "unsc", "unsc"),
    ("The Security Council met. Later it called it “a clear violation.”",
     [(4, 20, "Security Council", "unsc", "organisation")], "it", None),  # not across a sentence
    # a place that only modifies the speaker's words is not the speaker
    ("“We must act,” the California congressman said.",
     [(19, 29, "California", "california", "place")],
     "the California congressman", None),
    ("“We must act,” California said.", [(15, 25, "California", "california", "place")],
     "california", "california"),
]


@pytest.mark.parametrize("text, mentions, speaker, actor", IT_AND_PLACE_CASES)
def test_it_and_place_speakers(text, mentions, speaker, actor):
    table = pd.DataFrame(mentions, columns=["start", "end", "surface", "actor", "actor_type"])
    table.insert(0, "doc_id", "d")
    for s, e, surface, *_ in mentions:
        assert text[s:e] == surface
    row = find_quotes(articles(text), actors=table, paraphrase=False).iloc[0]
    assert row["speaker"] == speaker
    assert (None if pd.isna(row["actor"]) else row["actor"]) == actor


@pytest.mark.parametrize("mentions, speaker, speaker_type", LINK_CASES)
def test_speakers_are_linked_to_actor_mentions(mentions, speaker, speaker_type):
    text = "“We will win,” Donald Trump said."
    table = pd.DataFrame(mentions, columns=["start", "end", "actor", "actor_type"])
    table.insert(0, "doc_id", "d")
    # the same span in another article must not count
    table = pd.concat([pd.DataFrame({"doc_id": ["x"], "start": [15], "end": [27], "actor": ["wrong"],
                                     "actor_type": ["person"]}), table], ignore_index=True)
    row = find_quotes(articles(text), actors=table).iloc[0]
    assert (row["speaker_text"], row["speaker_start"], row["speaker_end"]) == ("Donald Trump", 15, 27)
    assert (row["speaker"], row["speaker_type"]) == (speaker, speaker_type)


@pytest.mark.parametrize("text", [
    "Said Smith: the U.S. and 3,000 km/h in the 1990s.",
    "Reportedly, Lukashenko's so-called allies were told “no” by Mr. Putin's aides.",
    "The Claims Court claims that claims are claimed.",
])
def test_word_tags_match_textblob(text):
    """Tags are looked up word by word; they must equal TextBlob's tagger on the whole text."""
    from textblob.en import tag

    from analysis.quotes import _TOKEN, _tag_tokens

    words = _TOKEN.findall(text)
    expected = [t for _, t in tag(" ".join(w.replace("/", "|") for w in words), tokenize=False)]
    assert _tag_tokens(words) == expected


def test_nested_quote():
    q = quotes("“He told me ‘never again’ last year,” Jones said.")
    assert list(q["kind"]) == ["direct", "nested"]
    assert list(q["level"]) == [0, 1]
    assert list(q["text"]) == ["He told me ‘never again’ last year,", "never again"]
    assert list(q["start"]) == [1, 13]


@pytest.mark.parametrize("text, status, quoted, later", [
    ("“This never closes.\n\nThe “Union State” exists.", "unclosed", "This never closes.", "Union State"),
    ("It was fine,” Brown said. Then the “Union State” came.", "unopened", "It was fine,", "Union State"),
    ("Open ‘single never closed.\n\nThe “Union State” exists.", "unclosed", "single never closed.", "Union State"),
])
def test_unbalanced_quotes_are_reported_and_the_rest_is_read(text, status, quoted, later):
    with pytest.warns(QuoteWarning, match="quotation mark"):
        q = find_quotes(articles(text), actors=False)
    bad = q[q["status"] == status]
    assert list(bad["text"]) == [quoted]
    assert later in list(q[q["status"] == "ok"]["text"])


@pytest.mark.parametrize("text, n_pairs", [
    ("Russia's states' borders and the '90s, isn't it?", 0),  # apostrophes only
    ("He said 'no' and 'yes'.", 2),
    ('"A" and "B"', 2),
    ("", 0),
])
def test_pair_quotes_apostrophes(text, n_pairs):
    spans, problems = pair_quotes(text)
    assert len([s for s in spans if s.status == "ok"]) == n_pairs
    assert problems == []


def test_empty_input_gives_empty_tables():
    empty = pd.DataFrame({"doc_id": ["a", "b"], "text": ["", "No quotes at all here."],
                          "status": ["empty", "ok"]})
    q = find_quotes(empty, actors=False)
    assert list(q.columns) == QUOTE_COLUMNS and q.empty
    st = find_stance(empty.iloc[:0])
    assert list(st.columns) == STANCE_COLUMNS and st.empty
    assert sourcing_summary(q).empty
    with pytest.raises(KeyError, match="text"):
        find_quotes(pd.DataFrame({"doc_id": ["a"]}))


@pytest.mark.parametrize("text, marker, stance_class, found", [
    ("Officials claimed the vote was fair.", "reporting_verb", "distancing", "claimed"),
    ("She accused the mayor of lying.", "reporting_verb", "accusing", "accused"),
    ("He is apparently counting on Putin.", "hedge", "hedge", "apparently"),
    ("The so-called reform failed.", "distancer", "distancer", "so-called"),
    ("The plan will fail, sources said.", "vague_source", "vague_source", "sources said"),
    ("As a matter of fact, it works.", "booster", "booster", "As a matter of fact"),
    ("Apparently the So-Called plan failed.", "distancer", "distancer", "So-Called"),
    ("Said Smith: no.", "reporting_verb", "neutral", "Said"),  # a verb opening the sentence
    ("It failed, according to sources.", "vague_source", "vague_source", "according to sources"),
])
def test_find_stance(text, marker, stance_class, found):
    st = find_stance(articles(text))
    hit = st[st["marker"] == marker]
    assert list(hit["text"]) == [found]
    assert list(hit["stance_class"]) == [stance_class]
    start = clean_text(text).index(found)
    assert (hit.iloc[0]["start"], hit.iloc[0]["end"]) == (start, start + len(found))


@pytest.mark.parametrize("text", [
    "The claim was false.",  # a noun, not a reporting verb
    "It happened in May last year.",  # the month, not the modal
    "A well-said and anti-alleged remark.",  # parts of hyphenated words
    "The Claims Court ruled.",  # a name
])
def test_find_stance_ignores(text):
    st = find_stance(articles(text))
    assert st.empty, st


def test_sourcing_summary():
    text = ("“We will win,” Trump said. Officials said the vote was fair and quiet. The day was cold. "
            "Snow fell.\n\nA “term” here, and “another unattributed sentence from nowhere at all.”")
    q = quotes(text)
    per_source = sourcing_summary(q)
    trump = per_source[per_source["speaker"] == "Trump"].iloc[0]
    assert (trump["direct"], trump["quoted_words"], trump["speaker_type"]) == (1, 3, "named")
    officials = per_source[per_source["speaker"] == "Officials"].iloc[0]
    assert (officials["paraphrase"], officials["speaker_type"]) == (1, "vague")
    per_article = sourcing_summary(q, by="article").iloc[0]
    assert (per_article["sources"], per_article["named"], per_article["vague"]) == (2, 1, 1)
    assert per_article["scare"] == 1
    assert per_article["unsourced_quotes"] == 1


def test_continuation_takes_the_previous_speaker():
    q = quotes("“We will win,” Trump said. “And we will win again, and again, and again.”")
    assert list(q["speaker"]) == ["Trump", "Trump"]
    assert list(q["kind"]) == ["direct", "direct"]


def test_highlight_escapes_article_text():
    text = clean_text("<script>x</script> “We win,” Trump said.")
    q = find_quotes(articles(text), actors=False)
    html = highlight_quotes(text, q, find_stance(articles(text)))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'title="direct — Trump"' in html


@pytest.mark.parametrize("yaml_text, message", [
    ("reporting_verbs: []\n", "reporting_verbs"),
    ("reporting_verbs:\n  neutral:\n    verbs: {say: [said]}\n", "reporting_verbs.neutral.description"),
    ("reporting_verbs:\n  neutral:\n    description: x\n    verbs: {say: [said]}\n"
     "  other:\n    description: y\n    verbs: {state: [said]}\n", "already in class 'neutral'"),
    ("reporting_verbs:\n  neutral:\n    description: x\n    verbs: {say: [said]}\n"
     "stance_markers:\n  hedge:\n    description: x\n    entries: [1]\n", "stance_markers.hedge.entries"),
    ("reporting_verbs:\n  neutral:\n    description: x\n    verbs: {say: [said], point: [point out]}\n",
     "'point out' is not one word"),
    ("reporting_verbs:\n  neutral:\n    description: x\n    verbs: {say: [said]}\n"
     "stance_markers:\n  hedge:\n    description: x\n    entries: [maybe, '(sic)']\n",
     "stance_markers.hedge.entries[1]: must start with a letter or digit"),
])
def test_load_reporting_names_the_fault(tmp_path, yaml_text, message):
    path = tmp_path / "bad.yml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(LexiconError, match="bad.yml") as info:
        load_reporting(path)
    assert message in str(info.value)


def test_default_word_list_loads():
    lex = load_reporting()
    assert lex.verb_class("said") == "neutral"
    assert lex.verb_class("alleged") == "distancing"
    assert lex.verb_class("blamed") == "accusing"
    assert "cognitive" not in lex.speech_classes


def test_seed_matches_gold():
    """The project's hand-coded quotations of the seed article."""
    from analysis.load import load_corpus

    gold = pd.read_csv(GOLD_DIR / "seed_quotes.csv")
    arts = load_corpus(RAW_DIR / "seed_belarus.txt")
    q = find_quotes(arts, actors=False)
    got = {(r.start, r.end, r.kind, None if pd.isna(r.speaker_start) else r.speaker_start)
           for r in q.itertuples()}
    want = {(r.start, r.end, r.kind, None if pd.isna(r.speaker_start) else int(r.speaker_start))
            for r in gold.itertuples()}
    assert got == want
    text = arts.iloc[0]["text"]
    for r in gold.itertuples():
        assert text[r.start:r.end] == r.text


@pytest.mark.shared
def test_polnear_dev_sample():
    root = EVAL_DIR / "polnear" / "dev"
    if not root.exists():
        pytest.skip("PolNeAR benchmark data not present")
    import importlib.util

    from analysis.config import PROJECT_ROOT

    spec = importlib.util.spec_from_file_location("quotes_polnear", PROJECT_ROOT / "benchmarks" / "quotes_polnear.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    name = sorted(p.stem for p in (root / "text").glob("*.txt"))[0]
    ann = sorted((root / "attributions").glob(f"{name}_*.ann"))[0]
    raw = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
    spans, relations = bench.read_ann(ann)
    gold = bench.gold_quotes(raw, spans, relations)
    assert gold, "the first dev article has quotations in its attributions"
    clean = clean_text(raw)
    m = bench.offset_map(raw, clean)
    q = find_quotes(pd.DataFrame({"doc_id": [name], "text": [clean]}), actors=False)
    q = q[q["kind"].isin(["direct", "partial"])]
    pred = [{"start": int(r.start), "end": int(r.end)} for r in q.itertuples()]
    gold = [{"start": m[g["start"]], "end": m[g["end"]]} for g in gold]
    assert len(bench.match(pred, gold)) >= 0.5 * len(gold)


@pytest.mark.parametrize("text", ["“We will win,” Trump said. The “term” is apparently odd.", "No quotes."])
def test_plot_helpers_return_axes(text):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.plots.quotes import plot_quote_kinds, plot_source_words, plot_stance_markers

    q = quotes(text)
    st = find_stance(articles(text))
    for plot, df in ((plot_quote_kinds, q), (plot_source_words, sourcing_summary(q)),
                     (plot_stance_markers, st)):
        fig, ax = plt.subplots()
        assert plot(df, ax=ax) is ax
        assert ax.get_title()
        plt.close(fig)


@pytest.mark.parametrize("doc_ids, quote_order, stance_order", [
    (["b", "a"], ["a"] * 3 + ["b"] * 3, ["a", "a", "b", "b"]),
    # whole-number ids become strings in the quotes table ("10" before "9") and stay numbers
    # in the stance table (9 before 10)
    ([10, 9], ["10"] * 3 + ["9"] * 3, [9, 9, 10, 10]),
])
def test_tables_sorted_by_article_and_offset(doc_ids, quote_order, stance_order):
    text = "“We lost,” she said. Officials claimed “a win” was near."
    arts = pd.DataFrame({"doc_id": doc_ids, "text": [text, text], "status": ["ok", "ok"]})
    q = find_quotes(arts, actors=False)
    assert list(q["doc_id"]) == quote_order
    for _, g in q.groupby("doc_id", sort=False):
        assert list(g["start"]) == sorted(g["start"])
    st = find_stance(arts)
    assert list(st["doc_id"]) == stance_order
    assert list(st["start"]) == [15, 31, 15, 31]


def _phrase_pieces():
    lex = load_reporting()
    entries = sorted(lex.phrase_entries)
    words = sorted({w for e in entries for w in re.split(r"[\s-]+", e)})
    # case variants, and letters whose lower case differs but which match when case is ignored
    odd = ["Some ſaid", "OF COURSE", "in  a\nstatement", "So-Called", "so–called", "it\xa0seems",
           "Went on to SAY", "a source", "would-", "İn fact", "\u212aey", "self-proclaimed-ish"]
    return entries + words + sorted(lex.verbs)[:40] + odd


_PHRASE_PIECES = _phrase_pieces()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PHRASE_PIECES),
                          st.sampled_from([" ", " ", "  ", "\n", "-", ", ", ". ", "'", "“", "x", ""])),
                max_size=12))
def test_stance_search_drops_only_first_words_without_their_phrase(parts):
    """The stance search looks ahead for the rest of a phrase after its first word; reading
    every first word instead (a search without the look-ahead) finds the same phrases and verbs."""
    import copy

    from analysis.quotes import _stance_words, _trie_pattern

    text = "".join(a + b for a, b in parts)
    lex = load_reporting()
    plain = copy.copy(lex)
    plain.stance_word_pattern = re.compile(
        r"(?<!\w)" + _trie_pattern(set(lex.verbs) | set(lex.phrases_by_word)) + r"(?!\w)")
    got_phrases, got_verbs = _stance_words(text, lex)
    want_phrases, want_verbs = _stance_words(text, plain)
    assert [m.span() for m in got_phrases] == [m.span() for m in want_phrases]
    assert got_verbs == want_verbs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.integers(0, 80), st.sampled_from([18, 19, 20, 44, 45, 56, 57])),
                          st.integers(0, 30), st.booleans()), max_size=6),
       st.integers(0, 7), st.integers(0, 7))
def test_window_tokens_read_only_the_quotes_near_them(quotes_at, first, last):
    """A window is read with only the quotation blocks that can reach into it; the tokens are
    those read with every block of the article."""
    from analysis.quotes import QuoteSpan, _quote_blocks, _tokens, _Windows

    text = "He said “no” to it. She wrote, “Yes we can.” Then: 'ok'. Fine! “Well,” he said. End."
    cuts = [0, 20, 45, 57, 63, 79, len(text)]
    sent_spans = [(k, cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
    outer = [QuoteSpan(a if opened else None, a + n + 1, a + 1, a + n + 1, "double",
                       "ok" if opened else "unopened")
             for a, n, opened in quotes_at if a + n + 1 < len(text)]
    i0, i1 = sorted((min(first, len(sent_spans) - 1), min(last, len(sent_spans) - 1)))
    window = _Windows(text, sent_spans, outer, load_reporting())
    lo, hi = sent_spans[i0][1], sent_spans[i1][2]
    want = _tokens(text, lo, hi, _quote_blocks(outer))
    assert [(t.text, t.tag, t.start, t.end) for t in window(i0, i1)] == \
        [(t.text, t.tag, t.start, t.end) for t in want]
