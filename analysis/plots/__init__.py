"""Plot helpers: ``plot_x(df, *, ax=None, **kw) -> Axes``.

Each helper draws on the ``ax`` it is given (or a new one), labels its axes for a newcomer
and returns the Axes. Given an empty table it draws "Nothing to show: <reason>" instead of an
empty chart (:func:`nothing_to_show`; the helper's ``empty`` option gives the reason). Style
is applied only by an explicit call to :func:`use_style`. Colours come from :data:`PALETTE`,
the Okabe-Ito set, which stays distinguishable with the common forms of colour blindness and
in grey-scale print.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue",
                              "yellow", "black")]
# Diverging colours for negative / neutral / positive.
SENTIMENT_COLOURS = {"negative": PALETTE["vermillion"], "neutral": PALETTE["grey"],
                     "positive": PALETTE["blue"]}


def use_style() -> None:
    """Readable defaults for the notebooks: larger type, light grid, the colour-blind-safe cycle."""
    plt.rcParams.update({
        "figure.figsize": (8, 4),
        "figure.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": plt.cycler(color=CYCLE),
        "font.size": 11,
    })


def get_ax(ax=None, **subplot_kw):
    """``ax`` if given, else the Axes of a new figure."""
    if ax is None:
        _, ax = plt.subplots(**subplot_kw)
    return ax


def nothing_to_show(ax=None, reason: str = "the table is empty"):
    """Draw "Nothing to show: <reason>" as the title of ``ax`` (or of a new small Axes) instead
    of an empty chart; no axes, ticks or grid. Every plot helper does this when its table is
    empty; its ``empty`` option gives the reason. Returns the Axes."""
    import textwrap

    ax = get_ax(ax, figsize=(6, 1.5))
    ax.clear()
    ax.set_axis_off()
    reason = str(reason).replace("`", "").replace("*", "").replace("$", r"\$")
    # the message is the chart's title, where a reader looks first
    ax.set_title(textwrap.fill(f"Nothing to show: {reason}.", 60), loc="center", fontsize=11,
                 color=PALETTE["black"])
    return ax


from .actors import (  # noqa: E402
    plot_actor_positions, plot_actor_tone, plot_cooccurrence_network, plot_mentions_by_kind,
    plot_voice,
)
from .compare import (  # noqa: E402
    plot_coverage, plot_rate_heatmap, plot_sentiment_shares, plot_small_multiples,
)
from .frames import (  # noqa: E402
    plot_frame_heatmap, plot_frame_positions, plot_frame_prevalence, plot_sentiment_by_frame,
)
from .quotes import plot_quote_kinds, plot_source_words, plot_stance_markers  # noqa: E402
from .sentences import plot_sentence_lengths  # noqa: E402
from .sentiment import (  # noqa: E402
    plot_label_counts, plot_method_scatter, plot_sentiment_arc, plot_subjectivity,
    plot_word_contributions,
)

__all__ = [
    "PALETTE", "CYCLE", "SENTIMENT_COLOURS", "use_style", "get_ax", "nothing_to_show",
    "plot_actor_positions", "plot_actor_tone", "plot_cooccurrence_network", "plot_coverage",
    "plot_frame_heatmap", "plot_frame_positions", "plot_frame_prevalence", "plot_label_counts",
    "plot_mentions_by_kind", "plot_method_scatter", "plot_quote_kinds", "plot_rate_heatmap",
    "plot_sentence_lengths", "plot_sentiment_arc", "plot_sentiment_by_frame",
    "plot_sentiment_shares", "plot_small_multiples", "plot_source_words", "plot_stance_markers",
    "plot_subjectivity", "plot_voice", "plot_word_contributions",
]
