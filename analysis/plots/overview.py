"""Charts of the overview: distinctive words per group (:mod:`analysis.keyness`) and the
headline, lead and body side by side (:mod:`analysis.parts`)."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from . import PALETTE, get_ax, nothing_to_show
from .compare import stacked_shares

MAX_GROUPS = 12
"""At most this many panels of distinctive words (the groups with the most articles)."""


def plot_distinctive_words(table: pd.DataFrame, *, group, ax=None, n: int = 10,
                           empty: str | None = None, **kw):
    """Ranked horizontal bars: the ``n`` most distinctive words of ``group`` in ``table``
    (:func:`analysis.keyness.distinctive_words`), the longest bar on top. Bar length is the
    log-likelihood (how sure); the label gives the log ratio (how much more often: +1 twice,
    +3 eight times). A group marked ``too_small`` is drawn in grey and says so."""
    rows = table[table["group"] == group].sort_values("rank").head(n) if len(table) else table
    if rows.empty:
        return nothing_to_show(ax, empty or f"no word is used significantly more in {group} "
                                             "than in the rest")
    ax = get_ax(ax, figsize=(6, 0.35 * len(rows) + 1.2))
    small = bool(rows["too_small"].any()) if "too_small" in rows.columns else False
    data = rows.iloc[::-1]
    colour = PALETTE["grey"] if small else PALETTE["blue"]
    bars = ax.barh(data["word"].astype(str), data["log_likelihood"].astype(float), color=colour, **kw)
    for bar, lr in zip(bars, data["log_ratio"].astype(float)):
        ax.annotate(f" {lr:+.1f}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    va="center", fontsize="small")
    ax.set_xlabel("keyness (log-likelihood); label: log ratio")
    title = str(group)
    if small:
        title += " (too small for keyness)"
    ax.set_title(title[:60], fontsize="medium")
    ax.margins(x=0.15)
    return ax


def plot_distinctive_panels(table: pd.DataFrame, groups: pd.DataFrame, *, n: int = 8,
                            ncols: int = 2, empty: str | None = None):
    """One :func:`plot_distinctive_words` panel per group of ``groups``
    (:func:`analysis.keyness.keyness_groups`), the groups with the most articles first (at most
    :data:`MAX_GROUPS`). Returns the array of Axes (one "Nothing to show" Axes when no group
    has a distinctive word)."""
    if table.empty or groups.empty:
        return np.array([nothing_to_show(None, empty or "no group uses any word significantly "
                                                        "more than the rest of the corpus")])
    order = groups.sort_values(["too_small", "articles", "group"], ascending=[True, False, True],
                               kind="stable")
    shown = [g for g in order["group"] if (table["group"] == g).any()][:MAX_GROUPS]
    ncols = max(1, min(ncols, len(shown)))
    nrows = math.ceil(len(shown) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6 * ncols, (0.32 * n + 1.4) * nrows), squeeze=False)
    for ax, group in zip(axes.flat, shown):
        plot_distinctive_words(table, group=group, ax=ax, n=n)
    for ax in axes.flat[len(shown):]:
        ax.set_axis_off()
    fig.suptitle("Words each group uses more than the rest of the corpus", fontsize="large")
    fig.tight_layout()
    return axes


def plot_part_shares(compare: pd.DataFrame, *, ax=None, empty: str | None = None):
    """Stacked bars for headline, lead and body: the share of their sentences labelled
    negative, neutral and positive (``compare`` is :func:`analysis.parts.compare_parts`)."""
    if compare.empty or compare["negative_share"].isna().all():
        return nothing_to_show(ax, empty or "no scored sentence in any part")
    data = compare.dropna(subset=["negative_share"]).iloc[::-1]
    ax = get_ax(ax, figsize=(8, 0.6 * len(data) + 1.5))
    labels = [f"{p} ({n} sentence{'s' if n != 1 else ''})" for p, n in zip(data["part"], data["sentences"])]
    stacked_shares(ax, labels, data)
    ax.set_xlabel("share of the part's sentences")
    ax.set_title("Headline, lead and body: how are their sentences labelled?")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, fontsize="small", frameon=False)
    return ax
