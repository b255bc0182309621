"""The reading view: nesting of overlapping marks, escaping, layers and their notes."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from analysis.highlight import LAYERS, Mark, find_overlaps, render_article, render_spans

VOID = {"br", "img", "meta", "input", "hr", "link"}


class Tree(HTMLParser):
    """Checks that tags nest and collects, per ``data-mark``, the text inside its pieces."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.pieces: dict[str, list[str]] = {}
        self.tags: list[str] = []
        self.text_parts: list[str] = []
        self.in_text = 0
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in VOID:
            return
        attrs = dict(attrs)
        mark = attrs.get("data-mark")
        if mark is not None:
            self.pieces.setdefault(mark, []).append("")
        if "ra-text" in (attrs.get("class") or "").split():
            self.in_text = len(self.stack) + 1
        self.stack.append((tag, mark))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if self.in_text and len(self.stack) < self.in_text:
            self.in_text = 0

    def handle_data(self, data):
        for _, mark in self.stack:
            if mark is not None:
                self.pieces[mark][-1] += data
        if self.in_text:
            self.text_parts.append(data)


def parse(markup: str) -> Tree:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert not tree.problems, tree.problems
    assert not tree.stack, f"unclosed: {tree.stack}"
    return tree


TEXT = "abcdefghijklmnop"


@pytest.mark.parametrize("spans, expected", [
    # one mark
    ([("actors", 2, 5)], 'ab<A1>cde</A1>fghijklmnop'),
    # contained: the longer mark stays outside, nothing is split
    ([("quotes", 2, 10), ("frames", 4, 6)], 'ab<Q1>cd<F2>ef</F2>ghij</Q1>klmnop'),
    ([("frames", 4, 6), ("quotes", 2, 10)], 'ab<Q2>cd<F1>ef</F1>ghij</Q2>klmnop'),
    # crossing: the later mark is split at the earlier one's end
    ([("frames", 0, 6), ("actors", 3, 9)], '<F1>abc<A2>def</A2></F1><A2+>ghi</A2+>jklmnop'),
    # same span: drawn in layer order
    ([("hedges", 1, 3), ("quotes", 1, 3)], 'a<Q2><H1>bc</H1></Q2>defghijklmnop'),
    # sentences are always outermost, even when a quote starts earlier
    ([("quotes", 0, 8), ("sentiment", 4, 12)],
     '<Q1>abcd</Q1><S2><Q1+>efgh</Q1+>ijkl</S2>mnop'),
    # three-way chain
    ([("quotes", 0, 5), ("frames", 3, 8), ("actors", 6, 10)],
     '<Q1>abc<F2>de</F2></Q1><F2+>f<A3>gh</A3></F2+><A3+>ij</A3+>klmnop'),
])
def test_overlapping_marks_nest(spans, expected):
    marks = [Mark(layer, s, e, f"x-{layer}", f"{layer} {i}", mark_id=str(i), order=i)
             for i, (layer, s, e) in enumerate(spans, start=1)]
    out = render_spans(TEXT, marks)
    tree = parse(out)
    for mark in marks:
        assert "".join(tree.pieces[mark.mark_id]) == TEXT[mark.start:mark.end]
    # compact form of the output: <L{id}> for a piece, <L{id}+> for a continued piece
    short = out
    for mark in marks:
        letter = mark.layer[0].upper()
        head = (f'<span class="ra-mark x-{mark.layer}" data-layer="{mark.layer}" '
                f'data-mark="{mark.mark_id}" title="{mark.layer} {mark.mark_id}">')
        cont = head.replace(f"x-{mark.layer}", f"x-{mark.layer} ra-cont")
        short = short.replace(cont, f"<{letter}{mark.mark_id}+>").replace(head, f"<{letter}{mark.mark_id}>")
    # close tags are anonymous; name them by re-walking the compact string
    named, stack, i = [], [], 0
    while i < len(short):
        if short.startswith("</span>", i):
            tag = stack.pop()
            named.append(f"</{tag}>")
            i += len("</span>")
        elif short[i] == "<":
            j = short.index(">", i)
            stack.append(short[i + 1:j])
            named.append(short[i:j + 1])
            i = j + 1
        else:
            named.append(short[i])
            i += 1
    assert "".join(named) == expected


MALICIOUS = [
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "a & b < c > d ' \"",
]


def article_tables(text, **extra):
    articles = pd.DataFrame({"doc_id": ["d1"], "title": [extra.pop("title", "Title")],
                             "text": [text], "status": ["ok"], "language": ["en"]})
    return {"articles": articles, **extra}


@pytest.mark.parametrize("payload", MALICIOUS)
def test_all_text_is_escaped(payload):
    text = f"Officials said {payload} on Friday.\n\nThe “{payload}” spread."
    start = text.index(payload)
    q_start = text.index("“")
    tables = article_tables(
        text, title=payload,
        sentences=pd.DataFrame({"doc_id": ["d1", "d1"], "sent_id": [1, 2],
                                "start": [0, q_start - 4], "end": [text.index("\n"), len(text)],
                                "sentiment": [0.0, -0.4], "label": ["neutral", payload]}),
        mentions=pd.DataFrame({"doc_id": ["d1"], "sent_id": [1], "start": [0], "end": [9],
                               "actor": [payload], "actor_type": [payload], "role": [payload],
                               "match_kind": [payload]}),
        frames=pd.DataFrame({"doc_id": ["d1"], "sent_id": [1], "frame": [payload],
                             "cue": [payload], "start": [start], "end": [start + len(payload)]}),
        quotes=pd.DataFrame({"doc_id": ["d1"], "sent_id": [2], "start": [q_start],
                             "end": [text.index("”") + 1], "kind": [payload],
                             "speaker": [payload], "cue": [payload]}),
        stance=pd.DataFrame({"doc_id": ["d1"], "sent_id": [1], "start": [10], "end": [14],
                             "marker": [payload], "stance_class": [payload]}),
    )
    view = render_article("d1", tables)
    markup = view.html
    assert "<script>" not in markup and "<img" not in markup
    tree = parse(markup)
    assert "script" not in tree.tags and "img" not in tree.tags
    # the reader sees the article text exactly, characters and all
    assert "".join(tree.text_parts).replace("\n", "\n\n") == text
    assert len(view.marks) == 6


SEED = ("Maria Zakharova said the protests were the work of ‘foreign states’. "
        "Lukashenko is apparently counting on Putin.\n\nThe “Union State” stands.")


def seed_tables(only=None):
    zak = SEED.index("Maria Zakharova")
    fs = SEED.index("‘foreign states’")
    us = SEED.index("“Union State”")
    tables = article_tables(
        SEED,
        sentences=pd.DataFrame({"doc_id": ["d1"] * 3, "sent_id": [1, 2, 3],
                                "start": [0, SEED.index("Lukashenko"), us - 4],
                                "end": [SEED.index(". Lukashenko") + 1, SEED.index("\n"), len(SEED)],
                                "sentiment": [-0.3, 0.0, 0.2], "label": ["negative", "neutral", "positive"]}),
        mentions=pd.DataFrame({"doc_id": ["d1"] * 3, "sent_id": [1, 2, 2],
                               "start": [zak, SEED.index("Lukashenko"), SEED.index("Putin")],
                               "end": [zak + 15, SEED.index("Lukashenko") + 10, SEED.index("Putin") + 5],
                               "actor": ["zakharova", "lukashenko", "putin"],
                               "role": ["speaker", "subject", "mentioned"]}),
        frames=pd.DataFrame({"doc_id": ["d1", "d1"], "sent_id": [1, 3],
                             "frame": ["foreign_interference", "alliance"],
                             "cue": ["foreign states", "Union State"],
                             "start": [fs + 1, us + 1], "end": [fs + 15, us + 12]}),
        quotes=pd.DataFrame({"doc_id": ["d1", "d1"], "sent_id": [1, 3], "start": [fs, us],
                             "end": [fs + 16, us + 13], "kind": ["partial", "term"],
                             "speaker": ["zakharova", None], "cue": ["said", None]}),
        stance=pd.DataFrame({"doc_id": ["d1"] * 3, "sent_id": [1, 1, 2],
                             "start": [SEED.index("said"), SEED.index("work"),
                                       SEED.index("apparently")],
                             "end": [SEED.index("said") + 4, SEED.index("work") + 4,
                                     SEED.index("apparently") + 10],
                             "marker": ["reporting_verb", "reporting_verb", "hedge"],
                             "stance_class": ["neutral", "accusing", "hedge"]}),
    )
    if only is None:
        return tables
    return {k: v for k, v in tables.items() if k == "articles" or k in only}


@pytest.mark.parametrize("layer, css, surface, title_part", [
    ("sentiment", "ra-negative", SEED[:SEED.index(". Lukashenko") + 1], "score -0.30"),
    ("actors", "ra-speaker", "Maria Zakharova", "role: speaker"),
    ("actors", "ra-mentioned", "Lukashenko", "role: subject"),
    ("frames", "ra-frame", "foreign states", "cue: foreign states"),
    ("quotes", "ra-q-partial", "‘foreign states’", "speaker: zakharova"),
    ("quotes", "ra-q-term", "“Union State”", "term or name"),
    ("hedges", "ra-hedge", "apparently", "hedge: apparently"),
    ("hedges", "ra-stance-verb", "work", "reporting verb (accusing): work"),
])
def test_marks_carry_class_text_and_tooltip(layer, css, surface, title_part):
    view = render_article("d1", seed_tables())
    row = view.marks[(view.marks["layer"] == layer) & (view.marks["text"] == surface)]
    assert len(row) == 1
    start, end = int(row["start"].iloc[0]), int(row["end"].iloc[0])
    assert SEED[start:end] == surface
    assert title_part in row["note"].iloc[0]
    mark_id = row["mark_id"].iloc[0]
    tree = parse(view.html)
    assert "".join(tree.pieces[mark_id]) == surface
    assert f'class="ra-mark {"ra-sent " if layer == "sentiment" else ""}' in view.html
    assert css in view.html


def test_neutral_reporting_verbs_are_not_marked_as_hedges():
    view = render_article("d1", seed_tables(), layers=["hedges"])
    assert view.marks["text"].tolist() == ["work", "apparently"]


@pytest.mark.parametrize("present, missing", [
    ({"sentences"}, ["actors", "frames", "quotes", "hedges"]),
    ({"mentions", "quotes"}, ["sentiment", "frames", "hedges"]),
    (set(), list(LAYERS)),
])
def test_missing_tables_skip_their_layer_with_a_legend_note(present, missing):
    view = render_article("d1", seed_tables(present))
    assert sorted(view.notes) == sorted(missing)
    assert set(view.marks["layer"]) == {lay for lay in LAYERS if lay not in missing}
    for layer in missing:
        assert "not shown: no" in view.notes[layer]
    assert view.html.count('class="ra-missing"') == len(missing)


@pytest.mark.parametrize("present, switches", [
    (None, list(LAYERS)),
    ({"mentions", "quotes"}, ["actors", "quotes"]),
    (set(), []),
])
def test_a_check_box_switches_each_drawn_layer(present, switches):
    import re

    view = render_article("d1", seed_tables(present))
    assert re.findall(r'<input type="checkbox" class="ra-switch" data-switch="(\w+)" checked>',
                      view.html) == switches
    assert ('class="ra-switches"' in view.html) == bool(switches)
    for layer in switches:  # a CSS rule hides the layer's marks when its box is unticked
        assert f'.ra-view:has([data-switch="{layer}"]:not(:checked)) .ra-text' in view.html


def test_layers_argument_selects_layers_in_drawing_order():
    view = render_article("d1", seed_tables(), layers=["quotes", "actors"])
    assert list(dict.fromkeys(view.marks["layer"])) == ["actors", "quotes"]
    assert "Frame cues" not in view.html


def test_sentences_without_scores_are_not_tinted():
    tables = seed_tables({"sentences"})
    tables["sentences"] = tables["sentences"].drop(columns=["sentiment", "label"])
    view = render_article("d1", tables)
    assert "sentiment column" in view.notes["sentiment"]
    assert view.marks.empty


def test_out_of_range_offsets_warn_and_are_skipped():
    tables = seed_tables({"mentions"})
    tables["mentions"].loc[len(tables["mentions"])] = ["d1", 1, 5, 9999, "ghost", "subject"]
    tables["mentions"].loc[len(tables["mentions"])] = ["d1", 1, 8, 3, "backwards", "subject"]
    with pytest.warns(UserWarning, match="2 mentions row"):
        view = render_article("d1", tables)
    assert set(view.marks["text"]) == {"Maria Zakharova", "Lukashenko", "Putin"}
    assert "outside the text" in view.html


def test_empty_tables_and_other_documents():
    tables = seed_tables()
    tables = {k: (v if k == "articles" else v.iloc[0:0]) for k, v in tables.items()}
    view = render_article("d1", tables)
    assert view.marks.empty and list(view.marks.columns)[:5] == ["doc_id", "layer", "mark_id", "start", "end"]
    assert parse(view.html)


@pytest.mark.parametrize("doc_id, layers, error", [
    ("nope", None, KeyError),
    ("d1", ["sentiment", "colour"], ValueError),
])
def test_bad_arguments_raise_clear_errors(doc_id, layers, error):
    with pytest.raises(error, match="nope|colour"):
        render_article(doc_id, seed_tables(), layers=layers)


def test_view_displays_in_jupyter_and_as_a_page():
    view = render_article("d1", seed_tables())
    assert view._repr_html_() == view.html
    page = view.to_page()
    assert page.startswith("<!DOCTYPE html>") and view.html in page
    assert "http://" not in page and "https://" not in page


@pytest.mark.parametrize("first, second, expected", [
    ("quotes", "frames", [("‘foreign states’", "foreign states"), ("“Union State”", "Union State")]),
    ("actors", "hedges", []),
    ("sentiment", "hedges", [(SEED[:SEED.index(". Lukashenko") + 1], "work"),
                             ("Lukashenko is apparently counting on Putin.", "apparently")]),
])
def test_find_overlaps(first, second, expected):
    marks = render_article("d1", seed_tables()).marks
    pairs = find_overlaps(marks, first, second)
    assert list(zip(pairs["text_a"], pairs["text_b"])) == expected


@pytest.mark.parametrize("sent_ids, shown, layers", [
    ([2], ["Lukashenko is apparently counting on Putin."], {"sentiment", "actors", "hedges"}),
    ([3, 1], [SEED[:SEED.index(". Lukashenko") + 1], SEED[SEED.index("The “"):]],
     {"sentiment", "actors", "frames", "quotes", "hedges"}),
])
def test_render_only_some_sentences(sent_ids, shown, layers):
    view = render_article("d1", seed_tables(), sent_ids=sent_ids)
    tree = parse(view.html)
    assert "".join(tree.text_parts) == "\n".join(shown)
    assert set(view.marks["layer"]) == layers


def test_render_unknown_sentence_raises():
    with pytest.raises(KeyError, match=r"no sentence\(s\) \[9\]"):
        render_article("d1", seed_tables(), sent_ids=[1, 9])


def test_more_than_eight_frames_still_look_different():
    words = [f"word{i}" for i in range(1, 11)]
    text = " ".join(words) + "."
    starts = [text.index(w) for w in words]
    tables = article_tables(
        text,
        sentences=pd.DataFrame({"doc_id": ["d1"], "sent_id": [1], "start": [0], "end": [len(text)]}),
        frames=pd.DataFrame({"doc_id": ["d1"] * 10, "sent_id": [1] * 10,
                             "frame": [f"frame_{i:02d}" for i in range(1, 11)], "cue": words,
                             "start": starts, "end": [s + len(w) for s, w in zip(starts, words)]}),
    )
    markup = render_article("d1", tables, layers=["frames"]).html
    styles = {}
    for key, style in re.findall(r'class="ra-mark ra-frame" data-key="(\d+)" style="([^"]*)"', markup):
        styles.setdefault(int(key), set()).add(style)
    assert sorted(styles) == list(range(1, 11))
    assert all(len(s) == 1 for s in styles.values())  # a frame looks the same everywhere
    looks = {key: s.pop() for key, s in styles.items()}
    assert len(set(looks.values())) == 10  # colour and line together tell all ten apart
    assert looks[9] == looks[1].replace("solid", "dashed")
