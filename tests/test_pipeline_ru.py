"""The Russian analyses assembled into the English tables (analysis.lang.ru.analyse)."""
import pandas as pd
import pytest

from analysis.actors import load_actors
from analysis.entities import ACTOR_MENTION_COLUMNS, ACTOR_TABLE_COLUMNS
from analysis.frames import FRAME_COLUMNS
from analysis.quotes import QUOTE_COLUMNS
from analysis.segment import SENTENCE_COLUMNS
from analysis.lang.ru.analyse import analyse_articles

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
    f = tables["frames"]
    hit = f[f["frame"] == "foreign_interference"].iloc[0]
    assert (hit["start"], hit["end"]) == (94, 119) and TEXT[94:119] == "иностранное вмешательство"
    a = tables["actors"].set_index("actor")
    assert a.loc["lukashenko", "mentions"] == 2 and a.loc["lukashenko", "quoted"] == 1
