"""The Russian analyses assembled into the English tables (analysis.lang.ru.analyse)."""
import pandas as pd
import pytest

from analysis.actors import load_actors
from analysis.entities import ACTOR_MENTION_COLUMNS, ACTOR_TABLE_COLUMNS
from analysis.frames import FRAME_COLUMNS
from analysis.quotes import QUOTE_COLUMNS
from analysis.segment import SENTENCE_COLUMNS
from analysis.lang import get_pack
from analysis.lang.ru.analyse import analyse_articles

PACK = get_pack("ru")

TEXT = ("«Мы не сдадимся», — заявил Александр Лукашенко.\n\n"
        "Лукашенко встретился с Путиным в Минске. Это иностранное вмешательство.")


@pytest.fixture(scope="module")
def tables():
    return analyse_articles(pd.DataFrame({"doc_id": ["r1"], "text": [TEXT]}),
                            codebooks={"actors": load_actors()})


@pytest.mark.parametrize("sent_id, para_id, start, end", [(1, 1, 0, 47), (2, 2, 49, 89), (3, 2, 90, 120)])
def test_sentences(tables, sent_id, para_id, start, end):
    s = tables["sentences"].set_index("sent_id").loc[sent_id]
    assert (s["para_id"], s["start"], s["end"]) == (para_id, start, end)
    assert TEXT[start:end] == s["text"]
    assert pd.isna(s["vader_compound"]) and s["label"] in ("negative", "neutral", "positive")


def test_columns(tables):
    assert list(tables["sentences"].columns[:6]) == SENTENCE_COLUMNS
    assert list(tables["mentions"].columns) == ACTOR_MENTION_COLUMNS + ["target_sentiment", "target_label"]
    assert list(tables["frames"].columns) == FRAME_COLUMNS
    assert list(tables["quotes"].columns) == QUOTE_COLUMNS
    assert list(tables["actors"].columns) == ACTOR_TABLE_COLUMNS


@pytest.mark.parametrize("start, end, surface, actor", [
    (27, 46, "Александр Лукашенко", "lukashenko"), (49, 58, "Лукашенко", "lukashenko"),
    (72, 79, "Путиным", "putin")])
def test_inflected_forms_are_one_actor(tables, start, end, surface, actor):
    m = tables["mentions"]
    row = m[(m["start"] == start) & (m["end"] == end)].iloc[0]
    assert TEXT[start:end] == surface == row["surface"] and row["actor"] == actor


def test_dash_quote_and_frame(tables):
    q = tables["quotes"].iloc[0]
    assert (q["start"], q["end"], q["kind"], q["actor"]) == (1, 15, "direct", "lukashenko")
    assert TEXT[q["start"]:q["end"]] == "Мы не сдадимся"
    # as in English: the speaker is the actor id, the words are kept in speaker_text
    assert (q["speaker"], q["speaker_text"], q["speaker_type"]) == (
        "lukashenko", "Александр Лукашенко", "named")
    f = tables["frames"]
    hit = f[f["frame"] == "foreign_interference"].iloc[0]
    assert (hit["start"], hit["end"]) == (94, 119) and TEXT[94:119] == "иностранное вмешательство"
    assert hit["cue"] == TEXT[94:119]  # the words of the text; the codebook cue is the entry
    a = tables["actors"].set_index("actor")
    assert a.loc["lukashenko", "mentions"] == 2 and a.loc["lukashenko", "quoted"] == 1


@pytest.mark.parametrize("other, packs, langs, expected", [
    (0, {}, [], "3 articles: 3 ok, 0 empty, 0 error, 0 unsupported, 0 skipped"),
    (0, {"Russian": 2}, [], "3 articles: 3 ok, 0 empty, 0 error, 0 unsupported, 0 skipped; "
     "2 ok in Russian (analysed with the Russian pack)"),
    (1, {"Russian": 1}, ["de"], "3 articles: 3 ok, 0 empty, 0 error, 0 unsupported, 0 skipped; "
     "1 ok in Russian (analysed with the Russian pack); "
     "1 ok in a language without a pack (sentences only: de)"),
])
def test_summary_says_which_articles_were_analysed(other, packs, langs, expected):
    from collections import Counter

    from analysis.pipeline import format_summary, summarize_run

    summary = summarize_run(Counter({"ok": 3}))
    summary.attrs.update(other_language=other, packs=packs, unpacked_languages=langs)
    assert format_summary(summary) == expected


def test_run_summary_counts_pack_and_sentence_only_articles(tmp_path):
    from analysis.pipeline import analyze_corpus, format_summary

    (tmp_path / "ru.txt").write_text("---\nlanguage: ru\n---\n" + TEXT, encoding="utf-8")
    (tmp_path / "de.txt").write_text("---\nlanguage: de\n---\nDer Rat tagte am Dienstag.",
                                     encoding="utf-8")
    (tmp_path / "en.txt").write_text("The council met on Tuesday.", encoding="utf-8")
    summary = analyze_corpus(tmp_path, progress=False)["summary"]
    assert summary.attrs["packs"] == {"Russian": 1} and summary.attrs["other_language"] == 1
    assert format_summary(summary).endswith(
        "; 1 ok in Russian (analysed with the Russian pack); "
        "1 ok in a language without a pack (sentences only: de)")


ACTOR_TEXT = ("Мария Колесникова осталась в Минске. Колесникова не уехала.\n\n"
              "Президент России пообещал помощь. Белорусский лидер поблагодарил.")
VERB_TEXT = "Колесникова заявила, что останется."


@pytest.fixture(scope="module")
def actor_tables():
    return analyse_articles(pd.DataFrame({"doc_id": ["a", "b"], "text": [ACTOR_TEXT, VERB_TEXT]}),
                            codebooks={"actors": load_actors()})


@pytest.mark.parametrize("doc_id, start, end, surface, actor, match_kind", [
    ("a", 0, 17, "Мария Колесникова", "колесникова", "name"),
    # alone, "Колесникова" could be a man's genitive: the article's full name decides
    ("a", 37, 48, "Колесникова", "колесникова", "surname"),
    # a role with a country is the codebook's one person with that title
    ("a", 61, 77, "Президент России", "putin", "title"),
    ("a", 95, 112, "Белорусский лидер", "lukashenko", "title"),
    # no full name in the article: the past-tense verb is feminine
    ("b", 0, 11, "Колесникова", "колесникова", "surname"),
])
def test_mentions_read_with_their_article(actor_tables, doc_id, start, end, surface, actor,
                                          match_kind):
    m = actor_tables["mentions"]
    row = m[(m["doc_id"] == doc_id) & (m["start"] == start)].iloc[0]
    text = ACTOR_TEXT if doc_id == "a" else VERB_TEXT
    assert text[start:end] == surface == row["surface"] and row["end"] == end
    assert (row["actor"], row["match_kind"]) == (actor, match_kind)


def test_title_named_in_the_article_links_to_that_person():
    text = "Президент Армении Иван Петров прибыл. Президент Армении выступил."
    m = analyse_articles(pd.DataFrame({"doc_id": ["c"], "text": [text]}),
                         codebooks={"actors": load_actors()})["mentions"]
    row = m[m["start"] == 38].iloc[0]  # the codebook's Armenian president is not this one
    assert text[38:55] == row["surface"] == "Президент Армении"
    assert (row["actor"], row["match_kind"]) == ("петров", "title")


def test_names_are_no_frame_cues_and_tone_is_weighed_by_voice():
    text = "«Это позор», — заявил Путин. Министерство здравоохранения ответило."
    t = analyse_articles(pd.DataFrame({"doc_id": ["d"], "text": [text]}),
                         codebooks={"actors": load_actors()})
    assert not (t["frames"]["frame"] == "health").any()  # "здравоохранения" is in a name
    assert "позор" in t["frames"]["cue"].tolist()
    m = t["mentions"].set_index("surface").loc["Путин"]
    assert m["role"] == "speaker"
    # the narrator's voice: the quotation blanked out, offsets kept
    from analysis.lang.ru.analyse import voice_tone
    from analysis.tone import load_article_weights

    voiced = voice_tone(t["mentions"], t["sentences"], PACK).set_index("surface").loc["Путин"]
    blanked = " " * 11 + text[11:28]
    assert voiced["narrator_sentiment"] == PACK.score_target(blanked, 22, 27)[0]
    assert voiced["quoted_sentiment"] == PACK.score_target(text[:11] + " " * 11 + text[22:27] + " ", 22, 27)[0]
    # the article tone weighs the voices as for English (his own words by their weight)
    w = load_article_weights()
    expected = ((w["narrator"] * voiced["narrator_sentiment"] + w["own_words"] * voiced["quoted_sentiment"])
                / (w["narrator"] + w["own_words"]))
    row = t["actors"].set_index("actor").loc["putin"]
    assert row["tone_mean"] == pytest.approx(expected, abs=1e-4)
    # labelled on the Russian scale (the English thresholds were fitted on English scores)
    assert row["tone_label"] == ("positive" if expected >= 0.1 else
                                 "negative" if expected <= -0.1 else "neutral")


@pytest.mark.parametrize("language, phrase", [
    ("ru", "<code>x</code> is in Russian, and the English word lists of these cells do not apply"),
    ("de", "<code>x</code> is not in English (language: de), and the word lists are English"),
])
def test_notebooks_say_which_pack_read_an_article(language, phrase):
    from analysis.notebook_help import choose_article

    arts = pd.DataFrame({"doc_id": ["x"], "status": ["ok"], "language": [language],
                         "title": [None], "text": ["Текст."], "raw_text": ["Текст."]})
    assert choose_article(arts).why("frames").startswith(phrase)
