"""Charts of the quotes and stance tables: who speaks, how, and with what distance."""
from __future__ import annotations

import pandas as pd

from . import PALETTE, get_ax, nothing_to_show

SPEAKER_TYPE_COLOURS = {
    "named": PALETTE["blue"],
    "institutional": PALETTE["orange"],
    "vague": PALETTE["purple"],
    "described": PALETTE["sky_blue"],
    "unresolved": PALETTE["grey"],
    "none": PALETTE["black"],
}
KIND_COLOURS = {
    "direct": PALETTE["blue"],
    "partial": PALETTE["green"],
    "paraphrase": PALETTE["sky_blue"],
    "scare": PALETTE["vermillion"],
    "term": PALETTE["grey"],
    "nested": PALETTE["purple"],
}


def plot_source_words(summary: pd.DataFrame, *, ax=None, top: int = 12, empty: str | None = None,
                      **kw):
    """Horizontal bars: words each source gets, quoted (solid) and paraphrased (hatched),
    coloured by the kind of source. ``summary`` is ``sourcing_summary(quotes)`` (one article or
    several; sources with the same name are added up). Returns the Axes."""
    ax = get_ax(ax)
    if summary.empty:
        return nothing_to_show(ax, empty or "nobody is quoted or paraphrased")
    g = (summary.groupby("speaker", sort=False)
         .agg(quoted=("quoted_words", "sum"), paraphrased=("paraphrased_words", "sum"),
              speaker_type=("speaker_type", "first")))
    g["total"] = g["quoted"] + g["paraphrased"]
    g = g.sort_values("total", ascending=True).tail(top)
    colours = [SPEAKER_TYPE_COLOURS.get(t, PALETTE["grey"]) for t in g["speaker_type"]]
    y = range(len(g))
    ax.barh(list(y), g["quoted"], color=colours, edgecolor="white", **kw)
    ax.barh(list(y), g["paraphrased"], left=g["quoted"], color=colours, alpha=0.45, hatch="//",
            edgecolor="white")
    ax.set_yticks(list(y))
    ax.set_yticklabels([str(s)[:40] for s in g.index])
    ax.set_xlabel("words given to the source (solid: in quotation marks; hatched: paraphrased)")
    ax.set_title("Who speaks, and how much?")
    from matplotlib.patches import Patch

    present = [t for t in SPEAKER_TYPE_COLOURS if t in set(g["speaker_type"])]
    ax.legend(handles=[Patch(color=SPEAKER_TYPE_COLOURS[t], label=t) for t in present],
              title="kind of source", loc="lower right", fontsize=9)
    return ax


def plot_quote_kinds(quotes: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Bar chart: how many quotations of each kind (direct, partial, paraphrase, scare, term,
    nested). Returns the Axes."""
    ax = get_ax(ax)
    order = [k for k in KIND_COLOURS if k in set(quotes.get("kind", pd.Series(dtype=str)))]
    if not order:
        return nothing_to_show(ax, empty or "no quotation or reported speech was found")
    counts = quotes["kind"].value_counts().reindex(order, fill_value=0)
    ax.bar(order, counts.values, color=[KIND_COLOURS[k] for k in order], **kw)
    ax.set_ylabel("number found")
    ax.set_xlabel("kind of quotation")
    ax.set_title("How are other people's words brought in?")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return ax


def plot_stance_markers(stance: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Horizontal bars: reporting verbs by class and hedges, boosters, distancers and vague
    sources, counted. Returns the Axes."""
    ax = get_ax(ax)
    if stance.empty:
        return nothing_to_show(ax, empty or "no reporting verb or hedge was found")
    labels = stance.apply(lambda r: f"verb: {r['stance_class']}" if r["marker"] in ("reporting_verb", "cue_phrase")
                          else r["marker"].replace("_", " "), axis=1)
    counts = labels.value_counts().sort_values()
    colours = [PALETTE["blue"] if lab.startswith("verb") else PALETTE["vermillion"] for lab in counts.index]
    ax.barh(list(counts.index), counts.values, color=colours, **kw)
    ax.set_xlabel("times used (blue: reporting verbs by class; red: the writer's own hedging or distance)")
    ax.set_title("How does the text report and qualify?")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax
