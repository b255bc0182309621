"""What the notebooks need on every corpus: choose the article to look at, and say in words
what is empty and why, instead of failing or drawing an empty chart.

A notebook starts with :func:`choose_article`, which returns a :class:`Focus`: the readable
articles, the article looked at closely (or none, with the reason) and :meth:`Focus.why`,
the sentence that explains an empty table ("no frame cue of the codebook was found in
``a1``"). :func:`explain_empty` shows that sentence when a table is empty and tells the
notebook to skip the chart or list. All text from the corpus goes through
:mod:`analysis.render`, so it stays text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .render import md_code, md_text

__all__ = ["Focus", "choose_article", "no_article_reason", "explain_empty", "say", "is_english"]

_WHY = {
    "sentences": "{doc} has no sentence",
    "scores": "{doc} has no English sentence, and the sentiment word lists are English",
    "english": "{doc} is not in English (language: {language}), and the word lists are English",
    "pack": "{doc} is in {language_name}, and the English word lists of these cells do not apply to "
            "it; the {language_name} pack analyses it in the tables of `analyze_corpus` (notebooks "
            "03, 06, 07), and notebook 08 explains those results",
    "frames": "no frame cue of the codebook was found in {doc}",
    "mentions": "no person, organisation or place was recognised in {doc}, and the actor codebook "
                "knows none of its names",
    "actors": "no person, organisation or place was recognised in {doc}, and the actor codebook "
              "knows none of its names",
    "speakers": "nobody in {doc} is quoted or cited as a source",
    "pairs": "fewer than two actors are named in {doc}",
    "tone": "no actor is named in an English sentence of {doc}",
    "quotes": "no quotation, scare quote or paraphrase was found in {doc}",
    "stance": "no reporting verb, hedge or vague source was found in {doc}",
    "marks": "no analysis marked anything in {doc}",
    "corpus_frames": "no frame cue of the codebook was found in any readable article",
    "corpus_mentions": "no person, organisation or place was recognised in any readable article, and "
                       "the actor codebook knows none of their names",
    "corpus_quotes": "no quotation was found in any readable article",
    "corpus_english": "no readable article of the corpus is in English, and the word lists are English",
}
"""The reason behind each kind of empty table; ``{doc}`` is the article, ``{language}`` its
language code."""


def is_english(language) -> bool:
    """True when the project's English word lists apply to ``language`` (a code such as
    ``en``; an unknown or missing language counts as English, as in the pipeline)."""
    from .pipeline import lexicons_apply

    return bool(lexicons_apply(language))


def no_article_reason(articles: pd.DataFrame, *, corpus=None) -> str:
    """Why ``articles`` has no readable article, in words: how many documents there are and
    their statuses with what each means (``''`` when there is a readable one). ``corpus`` is
    named relative to the project, or by its folder name when outside it."""
    from .load import STATUSES

    from .config import project_path
    from .report import _shown_path

    # the folder as a report reader should see it (no machine path)
    where = f" in {md_code(_shown_path(project_path(corpus)))}" if corpus is not None else ""
    if articles is None or len(articles) == 0:
        return (f"**No document{where}**: the folder holds no file the loader reads "
                "(.txt, .md, .html, .csv, .tsv, .jsonl).")
    status = articles["status"] if "status" in articles.columns else pd.Series(["ok"] * len(articles))
    if (status == "ok").any():
        return ""
    counts = status.value_counts()
    parts = [f"{int(n)} {md_text(s)} ({md_text(STATUSES.get(s, 'unknown status'))})"
             for s, n in counts.items()]
    return (f"**No readable document{where}**: {len(articles)} document(s), none could be read "
            f"and analysed: {'; '.join(parts)}. The status and message of each are in the "
            "articles table; the tables and charts below are empty.")


@dataclass
class Focus:
    """The readable articles of a corpus and the one a notebook looks at closely.

    ``ok`` holds the readable articles (status ``ok``), ``doc_id`` the chosen one (``None``
    when there is none: ``note`` then says why in a paragraph, ``reason`` in a clause),
    ``article`` its row (when none, a row with an empty ``text`` and ``raw_text``) and ``text``
    its cleaned text (``''`` when none). Displays itself as a sentence in Jupyter.
    """

    ok: pd.DataFrame
    doc_id: str | None
    article: pd.Series = field(default_factory=lambda: pd.Series(
        {"doc_id": None, "title": None, "language": None, "raw_text": "", "text": ""}, dtype=object))
    text: str = ""
    note: str = ""
    reason: str = "there is no readable document in this corpus"

    def __bool__(self) -> bool:
        return self.doc_id is not None

    @property
    def language(self) -> str:
        value = self.article.get("language") if len(self.article) else None
        return str(value) if isinstance(value, str) and value.strip() else "und"

    @property
    def english(self) -> bool:
        """True when the chosen article is one the English word lists apply to."""
        return self.doc_id is not None and is_english(self.article.get("language"))

    def why(self, what: str) -> str:
        """The reason a table of kind ``what`` (a key of the reasons table: ``frames``,
        ``quotes``, ``mentions``, ``scores``, ...) is empty for this article, as Markdown."""
        if self.doc_id is None:
            return self.reason
        name = ""
        if what in ("scores", "tone", "frames", "mentions", "actors", "quotes", "stance") \
                and not self.english:
            from .lang import get_pack, is_analysed

            what = "english"
            if is_analysed(self.language):  # another language's pack analyses it
                what, name = "pack", get_pack(self.language).name
        template = _WHY.get(what, "nothing of this kind was found in {doc}")
        return template.format(doc=md_code(self.doc_id), language=md_text(self.language),
                               language_name=md_text(name))

    def why_empty(self, tables: dict, *, otherwise: str) -> str:
        """The reason of the first empty table in ``tables`` (``{kind: table}``, in the order
        given; see :meth:`why`), or ``otherwise`` when none of them is empty (for example
        when two tables are each filled but never meet in one sentence)."""
        for what, table in tables.items():
            if table is None or len(table) == 0:
                return self.why(what)
        return otherwise

    def _repr_markdown_(self) -> str:
        if self.doc_id is None:
            return self.note
        words = len(self.text.split())
        return f"We look closely at {md_code(self.doc_id)} ({words} words)."


def choose_article(articles: pd.DataFrame, doc_id=None, *, corpus=None,
                   readable: pd.Series | None = None) -> Focus:
    """The readable articles of ``articles`` and the one to look at closely.

    ``doc_id`` is the notebook's ``DOC_ID`` parameter (default: the first readable article);
    ``readable`` an optional boolean mask that narrows which articles count (for example the
    analysed English ones). When no article is readable the :class:`Focus` has ``doc_id``
    ``None`` and a ``note`` that says why, and the notebook goes on with empty tables. A
    ``doc_id`` that is not a readable article raises ``ValueError`` naming the choices.
    """
    status_ok = articles["status"] == "ok" if "status" in articles.columns else \
        pd.Series(True, index=articles.index)
    mask = status_ok if readable is None else \
        status_ok & readable.reindex(articles.index).fillna(False).astype(bool)
    ok = articles[mask]
    if ok.empty:
        note = no_article_reason(articles, corpus=corpus)
        reason = "there is no readable document in this corpus"
        if not note:  # readable articles exist, but none passes ``readable``
            reason = _WHY["corpus_english"]
            note = (f"**No article to analyse**: the {int(status_ok.sum())} readable article(s) "
                    "are not in English, and the word lists are English. The tables and charts "
                    "below are empty.")
        if doc_id is not None:
            raise ValueError(f"DOC_ID {doc_id!r} is not a readable article: {note}")
        return Focus(ok, None, note=note, reason=reason)
    ids = list(ok["doc_id"].astype(str))
    chosen = ids[0] if doc_id is None else str(doc_id)
    if chosen not in ids:
        raise ValueError(f"DOC_ID {doc_id!r} is not a readable article of the corpus; "
                         f"choose one of {ids[:10]}")
    row = ok[ok["doc_id"].astype(str) == chosen].iloc[0]
    text = row["text"] if isinstance(row.get("text"), str) else ""
    return Focus(ok, row["doc_id"], row, text)


def say(markdown: str):
    """Show ``markdown`` (made with :mod:`analysis.render` for any corpus text) in the notebook;
    returns the ``Markdown`` object."""
    from IPython.display import Markdown, display

    shown = Markdown(markdown)
    display(shown)
    return shown


def explain_empty(table, reason: str, *, what: str = "Nothing to show") -> bool:
    """True (and a sentence in the notebook: "*Nothing to show: <reason>.*") when ``table``
    is empty or ``None``; False otherwise. A notebook skips its chart or list when True."""
    empty = table is None or len(table) == 0
    if empty:
        say(f"*{what}: {reason}.*")
    return empty
