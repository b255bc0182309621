"""Choosing the article, and saying what is empty and why; plot helpers on empty tables."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import plots  # noqa: E402
from analysis.notebook_help import (Focus, choose_article, explain_empty,  # noqa: E402
                                    no_article_reason)
from analysis.plots import actors as pa, compare as pc, frames as pf, quotes as pq  # noqa: E402
from analysis.plots import sentences as ps, sentiment as pst  # noqa: E402


def articles(*rows):
    """rows of (doc_id, status, language, text)"""
    return pd.DataFrame(rows, columns=["doc_id", "status", "language", "text"])


@pytest.mark.parametrize("table, doc_id, readable, chosen, reason_has", [
    (articles(("a", "ok", "en", "One. Two."), ("b", "ok", "en", "Three.")), None, None, "a", ""),
    (articles(("a", "error", None, ""), ("b", "ok", "en", "Three.")), None, None, "b", ""),
    (articles(("a", "ok", "en", "x"), ("b", "ok", "en", "y")), "b", None, "b", ""),
    (articles(("a", "empty", None, ""), ("b", "error", None, "")), None, None, None,
     "2 document(s), none could be read and analysed: 1 empty"),
    (articles(), None, None, None, "No document"),
    (articles(("ru", "ok", "ru", "Текст.")), None, "english", None, "not in English"),
])
def test_choose_article(table, doc_id, readable, chosen, reason_has):
    mask = table["language"].eq("en") if readable == "english" else None
    focus = choose_article(table, doc_id, readable=mask)
    assert focus.doc_id == chosen
    assert bool(focus) is (chosen is not None)
    assert reason_has in focus.note
    if chosen is None:
        assert focus.text == "" and focus.article["text"] == "" and focus.ok.empty
    else:
        assert focus.text == table.set_index("doc_id").loc[chosen, "text"]


def test_choose_article_refuses_an_unknown_doc_id():
    with pytest.raises(ValueError, match="'zz' is not a readable article.*'a'"):
        choose_article(articles(("a", "ok", "en", "x")), "zz")
    with pytest.raises(ValueError, match="'a' is not a readable article: \\*\\*No readable"):
        choose_article(articles(("a", "error", None, "")), "a")


@pytest.mark.parametrize("language, what, reason", [
    ("en", "frames", "no frame cue of the codebook was found in <code>d&#95;1</code>"),
    ("en", "quotes", "no quotation, scare quote or paraphrase was found in <code>d&#95;1</code>"),
    ("en", "mentions", "no person, organisation or place was recognised in <code>d&#95;1</code>, "
     "and the actor codebook knows none of its names"),
    ("de", "frames", "<code>d&#95;1</code> is not in English (language: de), and the word lists are English"),
    ("de", "sentences", "<code>d&#95;1</code> has no sentence"),
    ("en", "unheard-of", "nothing of this kind was found in <code>d&#95;1</code>"),
])
def test_focus_why(language, what, reason):
    focus = choose_article(articles(("d_1", "ok", language, "Text.")))
    assert focus.why(what) == reason


def test_focus_why_without_an_article_and_why_empty():
    empty = Focus(articles(), None, note="none")
    assert empty.why("frames") == "there is no readable document in this corpus"
    focus = choose_article(articles(("d", "ok", "en", "Text.")))
    full, none = pd.DataFrame({"x": [1]}), pd.DataFrame()
    assert focus.why_empty({"frames": full, "mentions": none}, otherwise="o").startswith("no person, organisation")
    assert focus.why_empty({"frames": full}, otherwise="both are there") == "both are there"


def test_no_article_reason_names_the_folder_not_the_machine_path(tmp_path):
    reason = no_article_reason(articles(("a", "empty", None, "")), corpus=tmp_path / "my_corpus")
    assert "<code>my&#95;corpus</code>" in reason and str(tmp_path) not in reason
    assert no_article_reason(articles(("a", "ok", "en", "x"))) == ""


def test_explain_empty(monkeypatch):
    said = []
    monkeypatch.setattr("analysis.notebook_help.say", said.append)
    assert explain_empty(pd.DataFrame(), "no frame cue") is True
    assert explain_empty(None, "no table", what="No quote") is True
    assert explain_empty(pd.DataFrame({"a": [1]}), "never shown") is False
    assert said == ["*Nothing to show: no frame cue.*", "*No quote: no table.*"]


EMPTY = pd.DataFrame()
PLOTS = [
    (ps.plot_sentence_lengths, EMPTY, {}),
    (pst.plot_sentiment_arc, pd.DataFrame({"sent_id": [1], "sentiment": [float("nan")]}), {}),
    (pst.plot_label_counts, EMPTY, {}),
    (pst.plot_method_scatter, EMPTY, {}),
    (pst.plot_subjectivity, EMPTY, {}),
    (pst.plot_word_contributions, EMPTY, {}),
    (pa.plot_mentions_by_kind, EMPTY, {}),
    (pa.plot_voice, EMPTY, {}),
    (pa.plot_actor_positions, EMPTY, {}),
    (pa.plot_actor_tone, EMPTY, {}),
    (pf.plot_frame_prevalence, EMPTY, {}),
    (pf.plot_frame_positions, EMPTY, {"n_sentences": 0}),
    (pf.plot_frame_heatmap, EMPTY, {"row": "actor"}),
    (pf.plot_sentiment_by_frame, EMPTY, {}),
    (pq.plot_source_words, EMPTY, {}),
    (pq.plot_quote_kinds, EMPTY, {}),
    (pq.plot_stance_markers, EMPTY, {}),
    (pc.plot_coverage, EMPTY, {"measure": "mean_sentiment"}),
    (pc.plot_sentiment_shares, EMPTY, {}),
    (pc.plot_rate_heatmap, EMPTY, {}),
]


@pytest.mark.parametrize("plot, table, options", PLOTS, ids=lambda v: getattr(v, "__name__", ""))
def test_plot_helpers_say_why_on_an_empty_table(plot, table, options):
    ax = plot(table, empty="a reason given by the notebook", **options)
    plt.close("all")
    assert ax.get_title() == "Nothing to show: a reason given by the notebook."
    assert not ax.axison and not ax.patches and not ax.lines


def test_small_multiples_say_why_and_hide_the_other_panels():
    axes = pc.plot_small_multiples(pd.DataFrame(columns=["group", "category", "per_1000"]),
                                   empty="nothing here")
    assert axes[0].get_title() == "Nothing to show: nothing here."
    plt.close("all")


@pytest.mark.parametrize("groups, n, kept, note", [
    (["a", "b", "c"], 5, ["a", "b", "c"], ""),
    (["a", "b", "c"], 2, ["b", "c"], " (the 2 longest of 3, by words)"),
])
def test_largest_groups(groups, n, kept, note):
    table = pd.DataFrame({"group": groups, "words": [10, 30, 20]})
    cut, title = pc.largest_groups(table, n)
    assert list(cut["group"]) == kept and title == note


def test_nothing_to_show_on_a_new_axes():
    ax = plots.nothing_to_show(reason="the *table* is `empty`")
    assert ax.get_title() == "Nothing to show: the table is empty."
    plt.close("all")
