"""Charts of sentence sentiment (tables from :func:`analysis.sentiment.score_sentences`)."""
from __future__ import annotations

import pandas as pd

from . import PALETTE, SENTIMENT_COLOURS, get_ax, nothing_to_show

_LABELS = ["negative", "neutral", "positive"]


def plot_sentiment_arc(scored: pd.DataFrame, *, ax=None, column: str = "sentiment",
                       window: int = 3, empty: str | None = None, **kw):
    """The sentiment arc of one article: a bar per sentence in reading order (coloured by
    ``label``), the rolling mean over ``window`` sentences as a line, and dotted vertical
    lines where a new paragraph starts (needs ``para_id``). Returns the Axes."""
    ax = get_ax(ax)
    if scored.empty or column not in scored.columns or scored[column].isna().all():
        return nothing_to_show(ax, empty or "no scored sentence")
    df = scored.sort_values("sent_id") if "sent_id" in scored.columns else scored
    x = list(range(1, len(df) + 1))
    values = df[column].fillna(0.0)
    colours = [SENTIMENT_COLOURS.get(lab, PALETTE["grey"]) for lab in df.get("label", [])] \
        if "label" in df.columns else PALETTE["blue"]
    ax.bar(x, values, color=colours, alpha=0.8, **kw)
    rolling = values.rolling(window, center=True, min_periods=1).mean()
    ax.plot(x, rolling, color=PALETTE["black"], linewidth=2,
            label=f"rolling mean over {window} sentences")
    if "para_id" in df.columns:
        paras = df["para_id"].tolist()
        for i in range(1, len(paras)):
            if paras[i] != paras[i - 1]:
                ax.axvline(i + 0.5, color=PALETTE["grey"], linestyle=":", linewidth=1)
    ax.axhline(0, color=PALETTE["black"], linewidth=0.8)
    ax.set_xlabel("sentence number (dotted lines: a new paragraph starts)")
    ax.set_ylabel(f"{column} (-1 negative .. +1 positive)")
    ax.set_title("How does the tone move through the article?")
    ax.legend(loc="best")
    return ax


def plot_label_counts(scored: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Bar chart: how many sentences are negative, neutral, positive (and ``not_english``
    if any). Returns the Axes."""
    ax = get_ax(ax)
    if scored.empty or "label" not in scored.columns:
        return nothing_to_show(ax, empty or "no scored sentence")
    counts = scored["label"].value_counts()
    order = _LABELS + [lab for lab in counts.index if lab not in _LABELS]
    values = [int(counts.get(lab, 0)) for lab in order]
    colours = [SENTIMENT_COLOURS.get(lab, PALETTE["grey"]) for lab in order]
    bars = ax.bar(order, values, color=colours, **kw)
    ax.bar_label(bars)
    ax.set_xlabel("label of the project's sentiment score")
    ax.set_ylabel("number of sentences")
    ax.set_title("How many sentences lean each way?")
    return ax


def plot_method_scatter(scored: pd.DataFrame, *, ax=None, x: str = "vader_compound",
                        y: str = "textblob_polarity", annotate: int = 3,
                        empty: str | None = None, **kw):
    """Scatter of two methods' scores, one dot per sentence, coloured by the project's
    ``label``; the ``annotate`` sentences with the largest gap are numbered with their
    ``sent_id``. Returns the Axes."""
    ax = get_ax(ax)
    df = scored.dropna(subset=[x, y]) if {x, y} <= set(scored.columns) else scored.head(0)
    if df.empty:
        return nothing_to_show(ax, empty or "no sentence scored by both methods")
    colours = [SENTIMENT_COLOURS.get(lab, PALETTE["grey"]) for lab in df["label"]] \
        if "label" in df.columns else PALETTE["blue"]
    ax.scatter(df[x], df[y], c=colours, edgecolor=PALETTE["black"], linewidth=0.5, **kw)
    ax.plot([-1, 1], [-1, 1], color=PALETTE["grey"], linestyle="--", linewidth=1,
            label="where the two would agree")
    if annotate and "sent_id" in df.columns:
        gap = (df[x] - df[y]).abs().sort_values(ascending=False)
        for idx in gap.index[:annotate]:
            ax.annotate(str(df.at[idx, "sent_id"]), (df.at[idx, x], df.at[idx, y]),
                        textcoords="offset points", xytext=(5, 5))
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(f"{x} (VADER)" if x.startswith("vader") else x)
    ax.set_ylabel(f"{y} (TextBlob)" if y.startswith("textblob") else y)
    ax.set_title("Do VADER and TextBlob agree? (numbers: sentence ids)")
    ax.legend(loc="upper left")
    return ax


def plot_subjectivity(scored: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """TextBlob subjectivity per sentence in reading order (0 = factual wording, 1 = opinion
    wording), with the article mean as a dashed line. Returns the Axes."""
    ax = get_ax(ax)
    if scored.empty or "textblob_subjectivity" not in scored.columns \
            or scored["textblob_subjectivity"].isna().all():
        return nothing_to_show(ax, empty or "no scored sentence")
    df = scored.sort_values("sent_id") if "sent_id" in scored.columns else scored
    values = df["textblob_subjectivity"].fillna(0.0)
    x = list(range(1, len(df) + 1))
    ax.bar(x, values, color=PALETTE["purple"], **kw)
    ax.axhline(values.mean(), color=PALETTE["black"], linestyle="--", linewidth=1,
               label=f"mean: {values.mean():.2f}")
    ax.set_ylim(0, 1)
    ax.set_xlabel("sentence number")
    ax.set_ylabel("subjectivity (0 factual .. 1 opinion)")
    ax.set_title("How opinionated is the wording of each sentence?")
    ax.legend(loc="upper right")
    return ax


def plot_word_contributions(explained: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Horizontal bars: each word's share of the project's score for one sentence (the table
    from :func:`analysis.sentiment.explain_sentence`). Returns the Axes."""
    ax = get_ax(ax)
    if explained.empty:
        return nothing_to_show(ax, empty or "no sentiment word in this sentence")
    df = explained.iloc[::-1]
    labels = [f"{w} ({m})" if m else w for w, m in zip(df["word"], df["modifiers"])]
    colours = [SENTIMENT_COLOURS["positive"] if c > 0 else SENTIMENT_COLOURS["negative"]
               if c < 0 else SENTIMENT_COLOURS["neutral"] for c in df["contribution"]]
    ax.barh(range(len(df)), df["contribution"], color=colours, **kw)
    ax.set_yticks(range(len(df)), labels)
    ax.axvline(0, color=PALETTE["black"], linewidth=0.8)
    ax.set_xlabel("share of the sentence's score (negative pulls down, positive up)")
    ax.set_title("Which words moved the score?")
    return ax
