"""An article and layer picker for the reading view (ipywidgets).

In JupyterLab or Notebook, :func:`pick_article` returns a small form — a drop-down list of
articles and a check box per layer — above the reading view, which redraws when a choice
changes. Where no widget front end exists (reports, tests, papermill: they set
``MEDIA_ANALYSIS_HEADLESS=1``; or plain Python), it returns the static reading view of the
chosen article instead, so the same notebook cell works everywhere.
"""
from __future__ import annotations

import os

from .highlight import LAYERS, render_article
from .report import HEADLESS_ENV

LAYER_LABELS = {"sentiment": "sentence sentiment", "actors": "actors", "frames": "frame cues",
                "quotes": "quotes", "hedges": "hedges"}


def has_widget_frontend() -> bool:
    """True inside a Jupyter kernel that a widget front end may be watching: an IPython
    kernel, ipywidgets importable, and ``MEDIA_ANALYSIS_HEADLESS`` not set."""
    if os.environ.get(HEADLESS_ENV, "").strip() not in ("", "0"):
        return False
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def article_choices(tables) -> list[tuple[str, str]]:
    """``(label, doc_id)`` for every ``ok`` article, labelled with its title when it has one."""
    articles = tables["articles"]
    if "status" in articles.columns:
        articles = articles[articles["status"] == "ok"]
    choices = []
    for row in articles.itertuples():
        title = getattr(row, "title", None)
        label = str(row.doc_id) if not isinstance(title, str) or not title.strip() \
            else f"{row.doc_id}: {title.strip()[:60]}"
        choices.append((label, str(row.doc_id)))
    return choices


def pick_article(tables, *, doc_id=None, layers=None, interactive: bool | None = None):
    """The reading view with an article and layer picker when widgets can be shown.

    ``doc_id`` is the article shown first (default: the first ``ok`` article); ``layers`` the
    layers ticked first (default: all). ``interactive`` forces the choice (default:
    :func:`has_widget_frontend`). Returns an ipywidgets ``VBox`` or a
    :class:`~analysis.highlight.ReadingView`; end a notebook cell with it to display it.
    """
    choices = article_choices(tables)
    if not choices:
        raise ValueError("no article with status 'ok' to show")
    ids = [value for _, value in choices]
    doc_id = ids[0] if doc_id is None else str(doc_id)
    if doc_id not in ids:
        raise KeyError(f"no ok article with doc_id {doc_id!r} (first ids: {ids[:5]})")
    chosen = list(LAYERS if layers is None else layers)
    if interactive is None:
        interactive = has_widget_frontend()
    if not interactive:
        return render_article(doc_id, tables, layers=chosen)

    import ipywidgets as w
    from IPython.display import HTML, display

    picker = w.Dropdown(options=choices, value=doc_id, description="Article",
                        layout=w.Layout(width="40em"))
    boxes = {layer: w.Checkbox(value=layer in chosen, description=LAYER_LABELS[layer],
                               indent=False, layout=w.Layout(width="auto"))
             for layer in LAYERS}
    output = w.Output()

    def redraw(_change=None):
        shown = [layer for layer, box in boxes.items() if box.value]
        output.clear_output(wait=True)
        with output:
            display(HTML(render_article(picker.value, tables, layers=shown).html))

    picker.observe(redraw, names="value")
    for box in boxes.values():
        box.observe(redraw, names="value")
    redraw()
    return w.VBox([picker, w.HBox(list(boxes.values())), output])
