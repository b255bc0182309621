"""The reading view of quotes: the article as HTML with quotes shaded by kind and stance marked."""
from __future__ import annotations

import pandas as pd


_KIND_STYLE = {
    "direct": "background:#cfe6f5", "partial": "background:#d8efe7", "scare": "background:#f7e0c4",
    "term": "background:#e8e8e8", "nested": "background:#efd9e7", "paraphrase": "border-bottom:2px dotted #0072B2",
}
_MARKER_STYLE = {
    "reporting_verb": "font-weight:bold;color:#0072B2", "cue_phrase": "font-weight:bold;color:#0072B2",
    "hedge": "font-style:italic;color:#D55E00", "booster": "font-style:italic;color:#009E73",
    "distancer": "font-style:italic;color:#D55E00", "vague_source": "font-style:italic;color:#CC79A7",
}


def highlight_quotes(text: str, quotes: pd.DataFrame | None = None,
                     stance: pd.DataFrame | None = None) -> str:
    """HTML of ``text`` with quotes shaded by kind and stance markers styled by type.

    The article text is escaped; line breaks become ``<br>``. Spans are the rows of the
    quotes and stance tables of this article (offsets into ``text``); overlapping spans are
    nested when they fit inside each other and otherwise the later one is cut at the border.
    """
    import html

    events = []
    for df, style_of, label_of in (
        (quotes, lambda r: _KIND_STYLE.get(r["kind"], ""),
         lambda r: f"{r['kind']}" + (f" — {r['speaker']}" if isinstance(r.get("speaker"), str) else "")),
        (stance, lambda r: _MARKER_STYLE.get(r["marker"], ""),
         lambda r: f"{r['marker']}: {r['stance_class']}"),
    ):
        if df is None or len(df) == 0:
            continue
        for _, r in df.iterrows():
            s, e = int(r["start"]), int(r["end"])
            if 0 <= s < e <= len(text):
                events.append((s, e, style_of(r), label_of(r)))
    events.sort(key=lambda x: (x[0], -x[1]))
    out, open_ends, pos = [], [], 0

    def emit(upto):
        nonlocal pos
        while pos < upto:
            nxt = min([upto] + [e for e in open_ends if e > pos])
            chunk = text[pos:nxt]
            out.append(html.escape(chunk).replace("\n", "<br>"))
            pos = nxt
            while open_ends and open_ends[-1] <= pos:
                open_ends.pop()
                out.append("</span>")

    for s, e, style, label in events:
        emit(s)
        if open_ends and e > open_ends[-1]:
            e = open_ends[-1]  # cut to keep the HTML well nested
        if e <= s:
            continue
        out.append(f'<span style="{html.escape(style)}" title="{html.escape(label)}">')
        open_ends.append(e)
    emit(len(text))
    while open_ends:
        open_ends.pop()
        out.append("</span>")
    return '<div style="line-height:1.6">' + "".join(out) + "</div>"
