"""Charts of the sentences table."""
from __future__ import annotations

import pandas as pd

from . import PALETTE, get_ax, nothing_to_show


def plot_sentence_lengths(sentences: pd.DataFrame, *, ax=None, unit: str = "words",
                          empty: str | None = None, **kw):
    """Bar chart of sentence length in reading order, bars grouped by paragraph colour.

    ``unit`` is ``"words"`` (white-space separated) or ``"chars"``; ``empty`` is the reason
    drawn instead when there is no sentence. Returns the Axes.
    """
    ax = get_ax(ax)
    if sentences.empty:
        return nothing_to_show(ax, empty or "no sentence")
    lengths = sentences["text"].str.split().str.len() if unit == "words" else sentences["text"].str.len()
    x = range(1, len(sentences) + 1)
    colours = [PALETTE["blue"] if p % 2 else PALETTE["sky_blue"] for p in sentences["para_id"]]
    ax.bar(list(x), lengths, color=colours, **kw)
    ax.axhline(lengths.mean(), color=PALETTE["vermillion"], linestyle="--", linewidth=1,
               label=f"mean: {lengths.mean():.1f} {unit}")
    ax.set_xlabel("sentence number in the text (colour changes with each paragraph)")
    ax.set_ylabel(f"length ({unit})")
    ax.set_title("How long is each sentence?")
    ax.legend(loc="upper right")
    return ax
