"""Charts that put articles, outlets or dates side by side (see :mod:`analysis.coverage`)."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import PALETTE, SENTIMENT_COLOURS, get_ax, nothing_to_show

LABELS = {
    "mean_sentiment": "mean sentence sentiment (-1 negative ... +1 positive)",
    "mentions_per_1000": "actor mentions per 1,000 words",
    "quotes_per_1000": "quotes and paraphrases per 1,000 words",
    "frame_cues_per_1000": "frame cues per 1,000 words",
    "negative_share": "share of sentences labelled negative",
    "positive_share": "share of sentences labelled positive",
}


MAX_BARS = 40
"""At most this many groups get a bar (or a heatmap row); with more, the largest (by words)."""
MAX_PANELS = 12
"""At most this many small multiples; with more groups, the largest (by words)."""


def largest_groups(table: pd.DataFrame, n: int) -> tuple[pd.DataFrame, str]:
    """``table`` (one or more rows per ``group``) cut to the ``n`` groups with the most
    ``words`` (all groups when ``words`` is missing: the first ``n``), in their order; and a
    note for the title, such as " (the 40 longest of 211, by words)" ('' when nothing was cut)."""
    groups = list(dict.fromkeys(table["group"]))
    if len(groups) <= n:
        return table, ""
    if "words" in table.columns:
        words = table.groupby("group", sort=False)["words"].max()
        keep = set(words.sort_values(ascending=False, kind="stable").index[:n])
    else:
        keep = set(groups[:n])
    return table[table["group"].isin(keep)], f" (the {n} longest of {len(groups)}, by words)"


def plot_coverage(coverage: pd.DataFrame, *, measure: str, ax=None, empty: str | None = None,
                  **kw):
    """One horizontal bar per group for ``measure`` (a column of ``compare_coverage``); with
    more than :data:`MAX_BARS` groups, the longest (the title says so). Without ``ax`` the
    figure's height follows the number of bars."""
    if coverage.empty or measure not in coverage.columns or coverage[measure].isna().all():
        return nothing_to_show(ax, empty or "no analysed article to compare")
    coverage, cut = largest_groups(coverage, MAX_BARS)
    ax = get_ax(ax, figsize=(8, 0.5 * len(coverage) + 1.5))
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
    ax.set_title(LABELS.get(measure, measure).capitalize() + cut)
    return ax


def plot_sentiment_shares(coverage: pd.DataFrame, *, ax=None, empty: str | None = None):
    """Stacked bars: the share of negative, neutral and positive sentences in each group
    (at most :data:`MAX_BARS` groups, the longest)."""
    if coverage.empty or "negative_share" not in coverage.columns \
            or coverage["negative_share"].isna().all():
        return nothing_to_show(ax, empty or "no scored sentence to compare")
    coverage, cut = largest_groups(coverage, MAX_BARS)
    ax = get_ax(ax, figsize=(8, 0.5 * len(coverage) + 1.5))
    data = coverage.iloc[::-1]
    stacked_shares(ax, data["group"].astype(str), data)
    ax.set_xlabel("share of the sentences")
    ax.set_title("How are the sentences labelled?" + cut)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def stacked_shares(ax, labels, data: pd.DataFrame) -> None:
    """Draw one stacked bar per row of ``data`` on ``ax``: its ``negative_share`` and
    ``positive_share`` and the neutral rest, from 0 to 1, labelled ``labels``."""
    neg = data["negative_share"].astype(float).fillna(0).to_numpy()
    pos = data["positive_share"].astype(float).fillna(0).to_numpy()
    neu = np.clip(1 - neg - pos, 0, 1)
    left = np.zeros(len(data))
    for name, values in (("negative", neg), ("neutral", neu), ("positive", pos)):
        ax.barh(labels, values, left=left, color=SENTIMENT_COLOURS[name], label=name)
        left += values
    ax.set_xlim(0, 1)


def plot_small_multiples(rates: pd.DataFrame, *, categories: list[str] | None = None,
                         ncols: int = 3, axes=None, colour: str = PALETTE["blue"],
                         empty: str | None = None):
    """One small bar chart per group (same categories, same scale), from ``rate_by_group``.

    Returns the array of Axes (one per group; unused panels are hidden). Pass ``axes`` (an
    array with at least one Axes per group) to draw into an existing figure. With more than
    :data:`MAX_PANELS` groups, the longest are drawn (the figure's title says so).
    """
    rates, cut = largest_groups(rates, MAX_PANELS) if not rates.empty else (rates, "")
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
        nothing_to_show(axes[0], empty or "nothing of this kind was found in any analysed article")
        for ax in axes[1:]:
            ax.set_visible(False)
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
    if cut:
        axes[0].figure.suptitle(f"Groups{cut}", fontsize="small")
    return axes


def plot_rate_heatmap(rates: pd.DataFrame, *, categories: list[str] | None = None, ax=None,
                      cmap: str = "Blues", empty: str | None = None):
    """Groups (rows) by categories (columns), shaded and labelled by the rate per 1,000 words
    (at most :data:`MAX_BARS` groups, the longest)."""
    if rates.empty or (categories is not None and not len(categories)):
        return nothing_to_show(ax, empty or "nothing of this kind was found in any analysed article")
    rates, cut = largest_groups(rates, MAX_BARS)
    ax = get_ax(ax, figsize=(9, 0.5 * rates["group"].nunique() + 2.5))
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
    if cut:
        ax.set_title(f"Groups{cut}", fontsize="small")
    return ax
