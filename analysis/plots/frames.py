"""Charts of frames (tables from :mod:`analysis.frames`)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap

from . import PALETTE, SENTIMENT_COLOURS, get_ax, nothing_to_show

# white to blue: light cells are rare, dark cells frequent (reads in grey-scale too)
_CMAP = LinearSegmentedColormap.from_list("frames", ["#FFFFFF", PALETTE["sky_blue"], PALETTE["blue"]])


def _empty(ax, what: str, reason: str | None = None):
    return nothing_to_show(ax, reason or f"no {what}")


def _name(frame, labels):
    return (labels or {}).get(frame, frame)


def plot_frame_prevalence(profile: pd.DataFrame, *, ax=None, labels: dict | None = None,
                          empty: str | None = None, **kw):
    """Horizontal bars: share of the article's sentences that carry each frame.

    ``profile`` is :func:`analysis.frames.frame_profile` output for one article (``frame``,
    ``share``, ``hits``); ``labels`` maps frame ids to readable names. Returns the Axes."""
    ax = get_ax(ax)
    if profile.empty:
        return _empty(ax, "frames", empty)
    df = profile.sort_values(["share", "hits"])
    ax.barh([_name(f, labels) for f in df["frame"]], 100 * df["share"], color=PALETTE["blue"], **kw)
    for y, (share, hits) in enumerate(zip(df["share"], df["hits"])):
        ax.text(100 * share + 0.5, y, f"{hits} cue{'s' if hits != 1 else ''}", va="center", fontsize=9)
    ax.set_xlabel("sentences that carry the frame (% of the article)")
    ax.set_xlim(0, min(100, 100 * df["share"].max() + 15))
    ax.set_title("How much of the article carries each frame?")
    return ax


def plot_frame_positions(frame_table: pd.DataFrame, *, n_sentences: int, ax=None,
                         labels: dict | None = None, frames: list | None = None,
                         empty: str | None = None, **kw):
    """Heatmap strip: one row per frame, one column per sentence in reading order; the darker
    the cell, the more cues of the frame in that sentence.

    ``frame_table`` is :func:`analysis.frames.tag_frames` output for one article. Frames are
    ordered by first appearance unless ``frames`` gives the order. Returns the Axes."""
    ax = get_ax(ax)
    if frame_table.empty or n_sentences < 1:
        return _empty(ax, "frames", empty)
    order = frames or list(frame_table.sort_values(["sent_id", "start"])["frame"].drop_duplicates())
    grid = (frame_table.groupby(["frame", "sent_id"]).size().unstack(fill_value=0)
            .reindex(index=order, columns=range(1, n_sentences + 1), fill_value=0))
    im = ax.imshow(grid.to_numpy(), aspect="auto", cmap=_CMAP, vmin=0,
                   vmax=max(2, int(grid.to_numpy().max())), interpolation="nearest", **kw)
    ax.set_yticks(range(len(order)), [_name(f, labels) for f in order])
    step = max(1, n_sentences // 20)
    ax.set_xticks(range(0, n_sentences, step), [str(i + 1) for i in range(0, n_sentences, step)])
    ax.set_xlabel("sentence number (reading order)")
    ax.grid(False)
    ax.set_title("Where in the article does each frame appear?")
    ax.figure.colorbar(im, ax=ax, label="cues in the sentence", fraction=0.03)
    return ax


def plot_frame_heatmap(counts: pd.DataFrame, *, row: str, value: str = "sentences", ax=None,
                       labels: dict | None = None, title: str | None = None, empty: str | None = None, **kw):
    """Heatmap of a long table with columns ``row``, ``frame`` and ``value`` (for example
    :func:`analysis.frames.count_frames_by` output: actors by frames). Every cell shows its
    number. Returns the Axes."""
    ax = get_ax(ax)
    if counts.empty:
        return _empty(ax, "pairs", empty)
    wide = counts.pivot_table(index=row, columns="frame", values=value, aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index,
                    wide.sum(axis=0).sort_values(ascending=False).index]
    data = wide.to_numpy()
    ax.imshow(data, aspect="auto", cmap=_CMAP, vmin=0, interpolation="nearest", **kw)
    for (i, j), v in np.ndenumerate(data):
        if v:
            ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=9,
                    color="white" if v > 0.6 * data.max() else "black")
    ax.set_xticks(range(wide.shape[1]), [_name(f, labels) for f in wide.columns], rotation=45, ha="right")
    ax.set_yticks(range(wide.shape[0]), list(wide.index))
    ax.grid(False)
    ax.set_title(title or f"Number of {value} in which each {row} and frame appear together")
    return ax


def plot_sentiment_by_frame(df: pd.DataFrame, *, ax=None, labels: dict | None = None,
                            empty: str | None = None, **kw):
    """One row per frame: every sentence carrying the frame is a dot at its sentiment score
    (coloured by its label), the black bar is the mean.

    ``df`` is :func:`analysis.frames.attach_sentiment` output. Returns the Axes."""
    ax = get_ax(ax)
    df = df.dropna(subset=["sentiment"]) if not df.empty else df
    if df.empty:
        return _empty(ax, "scored sentences", empty)
    means = df.groupby("frame")["sentiment"].mean().sort_values()
    rng = np.random.default_rng(0)
    for y, frame in enumerate(means.index):
        rows = df[df["frame"] == frame]
        jitter = rng.uniform(-0.15, 0.15, len(rows))
        colours = [SENTIMENT_COLOURS.get(lab, PALETTE["grey"]) for lab in rows["label"]]
        ax.scatter(rows["sentiment"], y + jitter, c=colours, s=30, edgecolor="white", linewidth=0.5, **kw)
        ax.plot([means[frame]] * 2, [y - 0.3, y + 0.3], color=PALETTE["black"], linewidth=2)
    ax.axvline(0, color=PALETTE["grey"], linewidth=1)
    ax.set_yticks(range(len(means)), [_name(f, labels) for f in means.index])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("sentence sentiment (-1 negative ... +1 positive); bar = mean")
    ax.set_title("The tone of the sentences that carry each frame")
    return ax
