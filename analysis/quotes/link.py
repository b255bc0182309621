"""Speakers linked to actors: the actor whose mention (codebook or entity layer) is the speaker."""
from __future__ import annotations

import re
import warnings
from bisect import bisect_left

import pandas as pd

from .marks import QuoteWarning
from .tokens import _PRONOUNS


def _actor_mentions(articles, sentences, actors):
    if actors is False:
        return None
    if isinstance(actors, pd.DataFrame):
        mentions = actors
    else:
        try:
            from .. import actors as actor_module
        except ImportError:
            return None
        try:
            codebook = actors if actors is not None else actor_module.load_actors()
            mentions = actor_module.find_mentions(sentences, codebook)
        except Exception as exc:  # the link is optional: say why it is missing and go on
            warnings.warn(f"speakers not linked to actors: {exc.__class__.__name__}: {exc}",
                          QuoteWarning, stacklevel=3)
            return None
    needed = {"doc_id", "start", "end", "actor"}
    if not needed <= set(mentions.columns):
        warnings.warn(f"speakers not linked to actors: the mentions table lacks "
                      f"{sorted(needed - set(mentions.columns))}", QuoteWarning, stacklevel=3)
        return None
    return mentions


def _mentions_by_doc(mentions) -> dict:
    """``doc_id -> [(start, end, actor, actor_type, match_kind, surface), ...]`` in the order
    of the mentions table."""
    if mentions is None:
        return {}
    types = mentions["actor_type"] if "actor_type" in mentions.columns else [""] * len(mentions)
    kinds = mentions["match_kind"] if "match_kind" in mentions.columns else [""] * len(mentions)
    surfaces = mentions["surface"] if "surface" in mentions.columns else [""] * len(mentions)
    out: dict = {}
    for doc_id, start, end, actor, atype, kind, surface in zip(
            mentions["doc_id"], mentions["start"], mentions["end"], mentions["actor"], types,
            kinds, surfaces):
        out.setdefault(doc_id, _DocMentions()).append((start, end, actor, atype, kind, surface))
    return out


class _DocMentions(list):
    """The mentions of one article (see :func:`_mentions_by_doc`), with an index by start
    built when first needed, so a speaker span finds the mentions that overlap it without
    reading them all."""

    _index = None

    def overlapping(self, s, e) -> list:
        """The mentions overlapping ``[s, e)``, in their order in the list."""
        if self._index is None or self._index[2] != len(self):
            order = sorted(range(len(self)), key=lambda k: self[k][0])
            longest = max((m[1] - m[0] for m in self), default=0)
            self._index = ([self[k][0] for k in order], order, len(self), longest)
        starts, order, _, longest = self._index
        ks = order[bisect_left(starts, s - longest):bisect_left(starts, e)]
        return [self[k] for k in sorted(ks) if self[k][0] < e and self[k][1] > s]


def _last_word(text) -> str:
    words = re.findall(r"\w[\w\-]*", str(text or ""))
    return words[-1].lower() if words else ""


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")
_BODIES = ("organisation", "media", "country", "group")


def _link_actor(row, mentions, text: str | None = None):
    """Name the speaker by the actor whose mention overlaps the speaker span most (the first
    such mention on a tie), and set ``actor`` to its id. A pronoun speaker ("he said") is
    linked through a pronoun mention of the entity layer, which resolved it to a person of the
    right gender in reach; failing that, when the quote finder resolved the pronoun to a named
    subject of an earlier sentence, through the last mention before it that ends in the same
    word (so "Trump ... He said" is Trump's actor). An "it" speaker ("what it called ...") is
    the organisation or country named last before it in its sentence, when ``text`` (the
    article) is given; with ``text``, a place or country that only modifies the speaker's
    words ("the California congressman") is not the speaker. Otherwise the words stay as they
    are."""
    if row["speaker_start"] is None:
        return
    pronoun = (row["speaker_text"] or "").lower() in _PRONOUNS
    s, e = row["speaker_start"], row["speaker_end"]
    best, most = None, None
    near = mentions.overlapping(s, e) if isinstance(mentions, _DocMentions) else mentions
    for m_start, m_end, actor, atype, *rest in near:
        if pronoun and (not rest or rest[0] != "pronoun"):
            continue
        if m_start < e and m_end > s:
            if m_end < e and str(atype or "").lower() in ("place", "country") and \
                    text is not None and re.search(r"\s[a-z]", text[m_end:e]):
                continue  # a place that modifies the speaker: "the California congressman"
            overlap = min(e, m_end) - max(s, m_start)
            if most is None or overlap > most:
                best, most = (actor, atype), overlap
    resolved = row["speaker"]
    if best is None and pronoun and isinstance(resolved, str) and \
            resolved.lower() != (row["speaker_text"] or "").lower():
        word = _last_word(resolved)
        for m_start, m_end, actor, atype, *rest in mentions:
            if m_end > s:
                break  # mentions run in text order
            kind = rest[0] if rest else ""
            surface = rest[1] if len(rest) > 1 else ""
            if kind != "pronoun" and word and str(atype or "").lower() == "person" and \
                    _last_word(re.sub(r"['\u2019]s?$", "", str(surface))) == word:
                best = (actor, atype)
    if best is None and text is not None and (row["speaker_text"] or "").lower() == "it":
        # "what it called ...": the organisation or country named last before it in its sentence
        for m_start, m_end, actor, atype, *rest in mentions:
            if m_end > s:
                break  # mentions run in text order
            kind = rest[0] if rest else ""
            if kind != "pronoun" and str(atype or "").lower() in _BODIES and \
                    not _SENTENCE_END.search(text, m_end, s):
                best = (actor, atype)
    if best is not None:
        actor, atype = best
        if isinstance(actor, str) and actor:
            row["speaker"] = actor
            row["actor"] = actor
            atype = str(atype or "").lower()
            if atype == "person":
                row["speaker_type"] = "named"
            elif atype in ("group", "public", "people"):
                row["speaker_type"] = "vague"
            elif atype:
                row["speaker_type"] = "institutional"
