"""Charts that put articles, outlets or dates side by side (see :mod:`analysis.coverage`)."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import PALETTE, SENTIMENT_COLOURS, get_ax

LABELS = {
    "mean_sentiment": "mean sentence sentiment (-1 negative ... +1 positive)",
    "mentions_per_1000": "actor mentions per 1,000 words",
    "quotes_per_1000": "quotes and paraphrases per 1,000 words",
    "frame_cues_per_1000": "frame cues per 1,000 words",
    "negative_share": "share of sentences labelled negative",
    "positive_share": "share of sentences labelled positive",
}


def plot_coverage(coverage: pd.DataFrame, *, measure: str, ax=None, **kw):
    """One horizontal bar per group for ``measure`` (a column of ``compare_coverage``)."""
    ax = get_ax(ax)
    if coverage.empty or measure not in coverage.columns:
        ax.set_title("Nothing to compare")
        return ax
    data = coverage[["group", measure]].iloc[::-1]
    values = data[measure].astype(float).fillna(0)
    if measure == "mean_sentiment":
        colours = [SENTIMENT_COLOURS["negative"] if v < 0 else SENTIMENT_COLOURS["positive"]
                   for v in values]
        ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    else:
        colours = PALETTE["blue"]
    ax.barh(data["group"].astype(str), values, color=colours, **kw)
    ax.set_xlabel(LABELS.get(measure, measure))
    ax.set_title(LABELS.get(measure, measure).capitalize())
    return ax


def plot_sentiment_shares(coverage: pd.DataFrame, *, ax=None):
    """Stacked bars: the share of negative, neutral and positive sentences in each group."""
    ax = get_ax(ax)
    if coverage.empty or "negative_share" not in coverage.columns:
        ax.set_title("No sentence sentiment to compare")
        return ax
    data = coverage.iloc[::-1]
    neg = data["negative_share"].astype(float).fillna(0).to_numpy()
    pos = data["positive_share"].astype(float).fillna(0).to_numpy()
    neu = np.clip(1 - neg - pos, 0, 1)
    groups = data["group"].astype(str)
    left = np.zeros(len(data))
    for name, values in (("negative", neg), ("neutral", neu), ("positive", pos)):
        ax.barh(groups, values, left=left, color=SENTIMENT_COLOURS[name], label=name)
        left += values
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the sentences")
    ax.set_title("How are the sentences labelled?")
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_small_multiples(rates: pd.DataFrame, *, categories: list[str] | None = None,
                         ncols: int = 3, axes=None, colour: str = PALETTE["blue"]):
    """One small bar chart per group (same categories, same scale), from ``rate_by_group``.

    Returns the array of Axes (one per group; unused panels are hidden). Pass ``axes`` (an
    array with at least one Axes per group) to draw into an existing figure.
    """
    groups = list(dict.fromkeys(rates["group"])) if not rates.empty else []
    if categories is None:
        categories = sorted(set(rates["category"])) if not rates.empty else []
    if axes is None:
        n = max(1, len(groups))
        cols = min(ncols, n)
        rows = math.ceil(n / cols)
        _, axes = plt.subplots(rows, cols, figsize=(3.6 * cols, 0.35 * max(3, len(categories)) * rows + 1),
                               sharex=True, sharey=True, squeeze=False)
    axes = np.asarray(axes).ravel()
    if not groups or not categories:
        axes[0].set_title("Nothing to compare")
        return axes
    top = rates["per_1000"].max() if rates["per_1000"].notna().any() else 1
    for ax, group in zip(axes, groups):
        sub = rates[rates["group"] == group].set_index("category").reindex(categories)
        ax.barh(categories[::-1], sub["per_1000"].fillna(0).to_numpy()[::-1], color=colour)
        ax.set_title(str(group), fontsize="small")
        ax.set_xlim(0, (top or 1) * 1.05)
        ax.tick_params(labelsize="small")
    for ax in axes[len(groups):]:
        ax.set_visible(False)
    axes[0].figure.supxlabel("per 1,000 words (same scale in every panel)", fontsize="small")
    return axes


def plot_rate_heatmap(rates: pd.DataFrame, *, categories: list[str] | None = None, ax=None,
                      cmap: str = "Blues"):
    """Groups (rows) by categories (columns), shaded and labelled by the rate per 1,000 words."""
    ax = get_ax(ax)
    if rates.empty:
        ax.set_title("Nothing to compare")
        return ax
    table = rates.pivot_table(index="group", columns="category", values="per_1000",
                              aggfunc="sum", sort=False).fillna(0)
    if categories is not None:
        table = table.reindex(columns=categories, fill_value=0)
    im = ax.imshow(table.to_numpy(), cmap=cmap, aspect="auto")
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index)
    ax.grid(False)
    high = table.to_numpy().max() or 1
    for (i, j), v in np.ndenumerate(table.to_numpy()):
        ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize="small",
                color="white" if v > high * 0.6 else "black")
    ax.figure.colorbar(im, ax=ax, label="per 1,000 words")
    return ax
