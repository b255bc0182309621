"""Charts of actor mentions (tables from :mod:`analysis.actors`, :mod:`analysis.entities` and
:mod:`analysis.actor_views`)."""
from __future__ import annotations

import pandas as pd

from . import CYCLE, PALETTE, SENTIMENT_COLOURS, get_ax, nothing_to_show

KIND_COLOURS = {"name": PALETTE["blue"], "alias": PALETTE["sky_blue"], "title": PALETTE["orange"],
                "possessive": PALETTE["green"], "plural": PALETTE["purple"],
                "pronoun": PALETTE["grey"]}
ROLE_COLOURS = {"speaker": PALETTE["vermillion"], "source": PALETTE["orange"],
                "addressee": PALETTE["purple"], "mentioned": PALETTE["grey"]}
TYPE_COLOURS = {"person": PALETTE["blue"], "organisation": PALETTE["orange"],
                "country": PALETTE["green"], "place": PALETTE["sky_blue"],
                "group": PALETTE["purple"], "media": PALETTE["yellow"]}
ROLE_MARKERS = {"speaker": "D", "source": "s", "addressee": "^", "mentioned": "o"}


def _empty(ax, what: str, reason: str | None = None):
    return nothing_to_show(ax, reason or f"no {what}")


def plot_mentions_by_kind(counts: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Horizontal stacked bars: mentions per actor, split by how the actor was referred to.

    ``counts`` is :func:`analysis.actors.count_mentions` output (``name``, ``match_kind``,
    ``mentions``). Returns the Axes."""
    ax = get_ax(ax)
    if counts.empty:
        return _empty(ax, "mentions", empty)
    wide = counts.pivot_table(index="name", columns="match_kind", values="mentions",
                              aggfunc="sum", fill_value=0)
    wide = wide.loc[wide.sum(axis=1).sort_values().index]
    kinds = [k for k in KIND_COLOURS if k in wide.columns] + \
        [k for k in wide.columns if k not in KIND_COLOURS]
    left = pd.Series(0, index=wide.index)
    for i, kind in enumerate(kinds):
        ax.barh(wide.index, wide[kind], left=left, label=kind,
                color=KIND_COLOURS.get(kind, CYCLE[i % len(CYCLE)]), **kw)
        left = left + wide[kind]
    ax.set_xlabel("number of mentions")
    ax.set_ylabel("")
    ax.set_title("Who is mentioned, and how?")
    ax.legend(title="referred to by", loc="lower right")
    return ax


def plot_voice(roles: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Horizontal stacked bars per actor: mentions as speaker, source, addressee or just
    mentioned. ``roles`` is :func:`analysis.actors.count_roles` output; vague actors are marked
    with an asterisk. Returns the Axes."""
    ax = get_ax(ax)
    if roles.empty:
        return _empty(ax, "actors", empty)
    df = roles.copy()
    df["label"] = [f"{n} *" if v else n for n, v in zip(df["name"], df["vague"])]
    order = ["speaker", "source", "addressee", "mentioned"]
    df = df.assign(total=df[order].sum(axis=1)).sort_values(["speaker", "source", "total"])
    left = pd.Series(0, index=df.index)
    for role in order:
        ax.barh(df["label"], df[role], left=left, color=ROLE_COLOURS[role], label=role, **kw)
        left = left + df[role]
    ax.set_xlabel("number of mentions")
    ax.set_title("Who is given a voice? (* = vague, unnamed actor)")
    ax.legend(title="role", loc="lower right")
    return ax


def plot_cooccurrence_network(graph, *, ax=None, empty: str | None = None, **kw):
    """Actors on a circle (grouped by type; circle area: mentions) and a line between two
    actors named in the same sentence (width: number of shared sentences). ``graph`` is
    :func:`analysis.actors.cooccurrence_graph` output. Returns the Axes."""
    import math

    import networkx as nx
    from matplotlib.lines import Line2D

    ax = get_ax(ax)
    if graph.number_of_nodes() == 0:
        return _empty(ax, "actors", empty)
    order = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("actor_type", ""), n))
    pos = {n: (math.cos(2 * math.pi * i / len(order)), math.sin(2 * math.pi * i / len(order)))
           for i, n in enumerate(order)}
    widths = [1 + 1.5 * d["weight"] for _, _, d in graph.edges(data=True)]
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color=PALETTE["grey"], alpha=0.6)
    types = [graph.nodes[n].get("actor_type", "") for n in order]
    sizes = [120 + 100 * graph.nodes[n].get("mentions", 1) for n in order]
    nx.draw_networkx_nodes(graph, pos, nodelist=order, ax=ax, node_size=sizes,
                           node_color=[TYPE_COLOURS.get(t, PALETTE["black"]) for t in types],
                           alpha=0.9, **kw)
    for n, (x, y) in pos.items():
        ax.text(1.12 * x, 1.12 * y, graph.nodes[n].get("name", n), fontsize=9,
                ha="left" if x > 0.01 else "right" if x < -0.01 else "center",
                va="bottom" if y > 0.01 else "top" if y < -0.01 else "center")
    handles = [Line2D([], [], marker="o", linestyle="", color=c, label=t, markersize=9)
               for t, c in TYPE_COLOURS.items() if t in types]
    ax.legend(handles=handles, title="actor type", loc="upper left", bbox_to_anchor=(1.15, 1),
              fontsize=8)
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_title("Who appears together? (line width: sentences shared)")
    ax.set_axis_off()
    return ax


def plot_actor_positions(mentions: pd.DataFrame, *, ax=None, names: dict | None = None,
                         n_sentences: int | None = None, empty: str | None = None, **kw):
    """Where each actor appears: one row per actor, one marker per mention at its sentence
    number; marker shape and colour give the role. ``names`` maps actor ids to display names.
    Returns the Axes."""
    ax = get_ax(ax)
    if mentions.empty:
        return _empty(ax, "mentions", empty)
    names = names or {}
    first = mentions.groupby("actor")["sent_id"].min().sort_values(ascending=False)
    rows = {a: i for i, a in enumerate(first.index)}
    for role, marker in ROLE_MARKERS.items():
        sub = mentions[mentions["role"] == role]
        if sub.empty:
            continue
        ax.scatter(sub["sent_id"], [rows[a] for a in sub["actor"]], marker=marker,
                   color=ROLE_COLOURS[role], s=60, label=role, alpha=0.85, zorder=3, **kw)
    ax.set_yticks(list(rows.values()), [names.get(a, a) for a in rows])
    top = n_sentences or int(mentions["sent_id"].max())
    ax.set_xlim(0.5, top + 0.5)
    ax.set_xlabel("sentence number (reading order)")
    ax.set_title("Where in the article does each actor appear?")
    ax.legend(title="role", loc="best", fontsize=8)
    return ax


def plot_actor_tone(tone: pd.DataFrame, *, ax=None, names: dict | None = None,
                    empty: str | None = None, **kw):
    """Tone toward each actor: one dot per mention at its ``target_sentiment`` (colour: its
    label), a black bar at the actor's mean. ``tone`` is :func:`analysis.actors.actor_tone`
    output. Returns the Axes."""
    ax = get_ax(ax)
    df = tone.dropna(subset=["target_sentiment"]) if not tone.empty else tone
    if df.empty:
        return _empty(ax, "scored mentions", empty)
    names = names or {}
    means = df.groupby("actor")["target_sentiment"].mean().sort_values()
    rows = {a: i for i, a in enumerate(means.index)}
    for label, colour in SENTIMENT_COLOURS.items():
        sub = df[df["target_label"] == label]
        if len(sub):
            ax.scatter(sub["target_sentiment"], [rows[a] for a in sub["actor"]], color=colour,
                       s=45, alpha=0.8, label=label, zorder=3, **kw)
    ax.scatter(means.values, list(rows.values()), marker="|", s=400, color=PALETTE["black"],
               label="mean", zorder=4)
    ax.axvline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_yticks(list(rows.values()), [names.get(a, a) for a in rows])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("tone toward the actor (-1 negative .. +1 positive)")
    ax.set_title("What tone surrounds each actor?")
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_top_actors(top: pd.DataFrame, *, ax=None, empty: str | None = None, **kw):
    """Horizontal bars: mentions per actor across the corpus, colour by actor type, hatched
    for codebook actors (plain: discovered without a codebook); a bar's label gives the
    number of articles. ``top`` is :func:`analysis.actor_views.top_actors` output (one
    ranking, no ``by``). Returns the Axes."""
    from matplotlib.patches import Patch

    ax = get_ax(ax)
    if top is None or top.empty:
        return _empty(ax, "actors", empty)
    df = top.iloc[::-1]
    labels = [f"{n} ({a} art.)" for n, a in zip(df["actor_name"], df["articles"])]
    colours = [TYPE_COLOURS.get(t, PALETTE["black"]) for t in df["actor_type"]]
    hatches = ["//" if s == "codebook" else "" for s in df["source"]]
    bars = ax.barh(range(len(df)), df["mentions"], color=colours, edgecolor=PALETTE["black"],
                   linewidth=0.5, **kw)
    for bar, hatch in zip(bars, hatches):
        bar.set_hatch(hatch)
    ax.set_yticks(range(len(df)), labels)
    ax.set_xlabel("number of mentions (all articles)")
    ax.set_title("Who appears most in the corpus?")
    handles = [Patch(color=c, label=t) for t, c in TYPE_COLOURS.items()
               if t in set(df["actor_type"])]
    handles += [Patch(facecolor="white", edgecolor=PALETTE["black"], hatch="//",
                      label="in the codebook"),
                Patch(facecolor="white", edgecolor=PALETTE["black"], label="discovered")]
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return ax
