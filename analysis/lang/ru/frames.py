"""Russian frame cues, matched by lemma, and article-level frames.

The cues live in ``data/lexicons/frames_ru.yml`` (the frame ids, definitions and Media Frames
Corpus crosswalk of the English ``frames.yml``; see the comments at its top). Cues and text
are lemmatised with pymorphy3, so inflected forms count: "иностранное вмешательство" finds
"иностранного вмешательства". A word ending in ``*`` matches any lemma starting with it.

* :func:`tag_frames` -> ``[(start, end, frame, cue), ...]`` for one text;
* :func:`article_frames` -> the frames judged present in each article, as
  :func:`analysis.frames.article_frames` (``scheme="mfc"`` through the crosswalk, or
  ``"project"``), with the presence rules of the codebook.

Known blind spots: cues are words, not meanings ("мир" is peace and world, "порядок" is order
and a procedure); negation is not read ("не было никакого вмешательства" is a hit for
foreign interference); a long article collects hits of many frames, which the presence rule
(hits per thousand words) can only partly offset.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from ...config import LEXICON_DIR
from .morph import lemmas
from .segment import tokens

DEFAULT_PATH = LEXICON_DIR / "frames_ru.yml"
ARTICLE_COLUMNS = ["doc_id", "frame", "hits", "words", "per_1000_words"]


class CodebookError(ValueError):
    """The Russian frame file is malformed; the message names the file, frame and field."""


@dataclass
class RussianFrames:
    """The cues of every frame, indexed by their first lemma."""

    path: str
    ids: list = field(default_factory=list)
    mfc: dict = field(default_factory=dict)        # frame -> [MFC frames]
    presence: dict = field(default_factory=dict)   # scheme -> {frame|default: rule}
    exact: dict = field(default_factory=dict)      # first lemma -> [(lemma tuple, frame, cue)]
    prefix: dict = field(default_factory=dict)     # first 3 letters -> [(lemma tuple, ...)]

    def crosswalk(self) -> pd.DataFrame:
        """``frame, mfc_frame`` pairs."""
        return pd.DataFrame([(f, m) for f, ms in self.mfc.items() for m in ms],
                            columns=["frame", "mfc_frame"])

    def __len__(self) -> int:
        return len(self.ids)


def _cue_lemmas(cue: str) -> tuple:
    out = []
    for _, _, w in tokens(cue.replace("*", "ЖЖЖ")):
        if w.endswith("ЖЖЖ"):
            out.append(w[:-3].lower() + "*")
        elif w[:1].isalnum():
            out.append(lemmas(w)[0][3])
    return tuple(out)


@lru_cache(maxsize=8)
def load_frames(path: str | Path | None = None) -> RussianFrames:
    """Read and check ``frames_ru.yml`` (or another file of the same shape)."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: cannot be read ({exc})") from exc
    book = RussianFrames(path=str(path))
    for i, raw in enumerate(data.get("frames") or [], start=1):
        fid = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(fid, str) or not fid:
            raise CodebookError(f"{path}: frame #{i}: 'id' is required")
        if fid in book.mfc:
            raise CodebookError(f"{path}: frame {fid}: id used twice")
        cues = raw.get("cues")
        if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
            raise CodebookError(f"{path}: frame {fid}: 'cues' must be a list of words/phrases")
        book.ids.append(fid)
        book.mfc[fid] = list(raw.get("mfc") or [])
        for cue in cues:
            lem = _cue_lemmas(cue)
            if not lem:
                raise CodebookError(f"{path}: frame {fid}: cue {cue!r} has no word")
            entry = (lem, fid, cue)
            if lem[0].endswith("*"):
                book.prefix.setdefault(lem[0][:3], []).append(entry)
            else:
                book.exact.setdefault(lem[0], []).append(entry)
    pres = data.get("presence") or {}
    book.presence = {"mfc": dict(pres.get("mfc") or {}), "project": dict(pres.get("project") or {})}
    book.presence["mfc"].setdefault("default", {"min_hits": 1, "per_1000_words": 0})
    book.presence["project"].setdefault("default", {"min_hits": 2, "per_1000_words": 0})
    return book


def _matches(lem_seq: tuple, lems: list, i: int) -> bool:
    if i + len(lem_seq) > len(lems):
        return False
    for k, want in enumerate(lem_seq):
        got = lems[i + k]
        if want.endswith("*"):
            if not got.startswith(want[:-1]):
                return False
        elif got != want:
            return False
    return True


def tag_frames(text: str, *, codebook: RussianFrames | None = None, toks=None,
               ) -> list[tuple[int, int, str, str]]:
    """``[(start, end, frame, cue), ...]``: every cue hit in ``text`` (offsets index it;
    ``cue`` is the codebook's entry). Where two cues of one frame overlap, the longer
    counts. ``toks`` may pass the output of :func:`analysis.lang.ru.morph.lemmas` for
    ``text`` when it is already at hand."""
    book = codebook or load_frames()
    toks = toks if toks is not None else lemmas(text)
    words = [t for t in toks if t[2][:1].isalnum()]
    lems = [t[3] for t in words]
    hits = []
    exact, prefix = book.exact, book.prefix
    for i, lem in enumerate(lems):
        cands = exact.get(lem, ())
        pre = prefix.get(lem[:3])
        if pre:
            cands = list(cands) + pre
        for seq, fid, cue in cands:
            if _matches(seq, lems, i):
                hits.append((words[i][0], words[i + len(seq) - 1][1], fid, cue))
    hits.sort(key=lambda h: (h[2], h[0], -(h[1] - h[0])))
    out, last = [], {}
    for h in hits:  # one frame: drop a hit inside a longer one
        s, e, fid, _ = h
        if fid in last and s < last[fid]:
            continue
        out.append(h)
        last[fid] = e
    return sorted(out, key=lambda h: (h[0], h[1], h[2]))


def count_words(text: str) -> int:
    """Words (tokens starting with a letter or digit) in ``text``."""
    return sum(1 for _, _, w in tokens(text) if w[:1].isalnum())


def article_frames(frame_table: pd.DataFrame, words: dict | pd.Series, *, scheme: str = "mfc",
                   codebook: RussianFrames | None = None, all_rows: bool = False,
                   rule: dict | None = None) -> pd.DataFrame:
    """The frames judged present in each article, as :func:`analysis.frames.article_frames`.

    ``frame_table`` has ``doc_id, frame, start, end`` (one row per cue hit); ``words`` maps
    ``doc_id`` to the article's word count. A frame is present with at least ``min_hits``
    hits and ``per_1000_words`` hits per thousand words (the codebook's ``presence`` rules,
    or ``rule`` for every frame). Columns: ``doc_id``, ``frame``, ``hits``, ``words``,
    ``per_1000_words`` (and ``present`` with ``all_rows=True``).
    """
    from ...frames import frames_present

    return frames_present(frame_table, words, book=codebook or load_frames(), scheme=scheme,
                          rule=rule, all_rows=all_rows)
