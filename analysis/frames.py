"""Framing: find the words that build a frame, sentence by sentence, with evidence.

The frame codebook (``data/lexicons/frames.yml``) lists for every frame its definition, its
cues (``interfer*`` matches interfere, interference ...), regular-expression patterns, proximity
rules ("foreign" within 3 words of "states") and exclusions. :func:`tag_frames` returns one row
per hit with the exact words and their character offsets, so every count can be traced back to
the text. A dictionary finds words, not intentions: read the hits, do not only count them.

Main functions: :func:`load_frames`, :func:`tag_frames`, :func:`frame_profile`,
:func:`article_frames`, :func:`keyword_in_context`; for validation :func:`load_coding`,
:func:`code_sentences`, :func:`score_coding` (precision, recall, F1) and
:func:`measure_agreement` (Krippendorff's alpha).
"""
from __future__ import annotations

import bisect
import difflib
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

try:  # the regular-expression parser of the standard library (the module moved in 3.11);
    # it is internal to Python, so without it patterns are simply searched everywhere
    from re import _parser as _re_parser
except ImportError:  # pragma: no cover
    try:
        import sre_parse as _re_parser
    except ImportError:
        _re_parser = None

from .config import LEXICON_DIR

DEFAULT_FRAMES = LEXICON_DIR / "frames.yml"

MFC_FRAMES = [
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
    "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
    "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation",
]
"""The 14 Media Frames Corpus frames (Boydstun et al. 2014) used by SemEval-2023 Task 3."""

FRAME_COLUMNS = ["doc_id", "sent_id", "frame", "cue", "start", "end", "entry"]
KWIC_COLUMNS = ["doc_id", "sent_id", "start", "end", "left", "match", "right"]
PROFILE_COLUMNS = ["doc_id", "frame", "hits", "sentences", "share", "first_sent",
                   "first_position", "cues"]
ARTICLE_FRAME_COLUMNS = ["doc_id", "frame", "hits", "words", "per_1000_words"]

_FIELDS = {"id", "label", "definition", "cues", "patterns", "near", "exclusions", "examples",
           "source", "mfc", "in_names"}
_REQUIRED = ("id", "label", "definition")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CUE_WORD = re.compile(r"^(?:\*|[\w.&'’-]+\*?)$")
# between the words of a phrase: spaces, hyphens, dashes and quotation marks
_SEP = r"[\s\"'‘’“”«»‹›\-‐–—]+"
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# a word as the regular-expression engine sees it: a run of letters, digits and _
_RUN = re.compile(r"\w+")


# libyaml's safe loader when PyYAML was built with it (ten times faster), else the Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CodebookError(ValueError):
    """The frame codebook is not valid; the message names the file, frame and field."""


# ---------------------------------------------------------------------------------------------
# codebook


def cue_regex(cue: str) -> str:
    """The regular expression for one cue in codebook syntax.

    Words match whole words, case-insensitively; ``word*`` matches any ending, a lone ``*``
    any one word; spaces also match hyphens and quotation marks; a cue written in capitals
    (``WHO``) matches only in capitals.
    """
    return rf"(?<!\w){_cue_body(cue)}(?!\w)"


def cues_regex(cues: list[str], *, named: bool = False) -> re.Pattern:
    """One compiled regular expression matching any of ``cues`` (longest first). With
    ``named=True`` alternative ``i`` is the group ``c{i}`` (``m.lastgroup`` tells which cue)."""
    bodies = [_cue_body(c) for c in cues]
    alts = "|".join(f"(?P<c{i}>{b})" if named else b for i, b in enumerate(bodies))
    # a cheap look-ahead at the first letter lets the engine skip most positions
    firsts = {c[0].lower() for c in cues}
    guard = "" if "*" in firsts else "(?=[" + re.escape("".join(sorted(firsts))) + "])"
    return re.compile(rf"(?<!\w){guard}(?:{alts})(?!\w)", re.I)


def _cue_heads(cue: str) -> list[tuple[str, bool]] | None:
    """The words a match of ``cue`` can start with, each with whether the word may go on.

    ``interfer*`` -> [("interfer", True)]: any word starting "interfer"; ``law and order``
    -> [("law", False)]: exactly "law"; ``re-elect*`` -> [("re", False), ("reelect", True)]
    (a hyphen may also be a space or nothing). None when a match need not begin with a word
    (``* grip``, ``'s``).
    """
    token = cue.split()[0]
    m = _RUN.match(token)
    if m is None:
        return None
    head, rest = m.group(), token[m.end():]
    if rest.startswith("-"):
        return [(head, False)] + _cue_heads(head + rest[1:])
    return [(head, rest.startswith("*"))]


# the only non-ASCII letters that match an ASCII one when case is ignored
_FOLD = str.maketrans("İıſK", "iisk")
_FOLDED = re.compile("[İıſK]")


def _fold(word: str) -> str:
    """``word`` in lower case, spelled as the case-blind regular expressions compare it."""
    if word.isascii() or not _FOLDED.search(word):  # a search is much faster than translate
        return word.lower()
    return word.translate(_FOLD).lower()


def _pattern_head(pattern: str) -> str | None:
    """The word every match of ``pattern`` starts with (lower case), when the pattern
    begins with ``\\b``, then plain letters or digits, then a character that cannot be part
    of a word: ``\\bas (?:the )?president`` -> "as". None for any other pattern (one with
    ``|`` at the top, a group or class first, no ``\\b``, a word that may go on ...).

    With case ignored, such a match begins at a whole word that folds to this head, so
    the :class:`CueIndex` can look the pattern up like a cue that is one plain word.
    """
    try:
        parsed = _re_parser.parse(pattern, re.I)
        if parsed.state.flags & (re.ASCII | re.LOCALE):  # \b and case would not be Unicode's
            return None
        items = list(parsed)
        if not items or items[0] != (_re_parser.AT, _re_parser.AT_BOUNDARY):
            return None
        head = ""
        for op, arg in items[1:]:
            if op is not _re_parser.LITERAL:
                return None
            char = chr(arg)
            if not (char.isascii() and char.isalnum()):
                # the head must be followed by a character that ends the word
                return head.lower() if head and not _RUN.match(char) else None
            head += char
        return None
    except (re.error, AttributeError, TypeError, ValueError):  # also: no parser at all
        return None


def _needed_words(cue: str) -> frozenset:
    """The plain words (lower case) a match of ``cue`` needs after its first word: "and",
    "order" for ``law and order``; none for ``interfer*`` or ``slip* out of * grip``'s ``*``."""
    return frozenset(t.lower() for t in cue.split()[1:] if _RUN.fullmatch(t) and t.isascii())


def _word_starts(text: str, word: str) -> list[int]:
    """Where ``word`` stands in ``text`` as a whole word (not inside a longer one)."""
    out, n = [], len(word)
    i = text.find(word)
    while i >= 0:
        before, after = text[i - 1:i], text[i + n:i + n + 1]
        # \w to the regular-expression engine: a letter, a digit or _
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            out.append(i)
        i = text.find(word, i + n)
    return out


def _matches_at(rx: re.Pattern, text: str, starts) -> list[re.Match]:
    """The matches ``rx.finditer(text)`` gives, when every match of ``rx`` can only begin at
    one of ``starts`` (sorted): ``rx`` is tried at those positions only."""
    out, pos = [], 0
    for p in starts:
        if p >= pos:  # not inside the previous match
            m = rx.match(text, p)
            if m:
                out.append(m)
                pos = m.end()
    return out


def _cue_body(cue: str) -> str:
    parts = []
    for token in cue.split():
        if token == "*":
            parts.append(r"[\w'’\-]+")
            continue
        stem, star = (token[:-1], True) if token.endswith("*") else (token, False)
        body = r"[\s\-‐–]?".join(re.escape(p) for p in stem.split("-"))
        parts.append(body + (r"\w*" if star else ""))
    body = _SEP.join(parts)
    letters = [c for c in cue if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        body = f"(?-i:{body})"
    return body


@dataclass
class Frame:
    """One frame of the codebook (see ``data/lexicons/frames.yml`` for the fields)."""

    id: str
    label: str
    definition: str
    cues: list = field(default_factory=list)
    patterns: list = field(default_factory=list)
    near: list = field(default_factory=list)
    exclusions: list = field(default_factory=list)
    examples: list = field(default_factory=list)
    source: str = ""
    mfc: list = field(default_factory=list)
    in_names: bool = False

    def __post_init__(self):
        self._cues = sorted(self.cues, key=len, reverse=True)  # "law and order" before "law"
        self._cue_re = cues_regex(self._cues, named=True) if self._cues else None
        self._pat_re = (re.compile("|".join(f"(?P<p{i}>{p})" for i, p in enumerate(self.patterns)),
                                   re.I) if self.patterns else None)
        self._excl_re = cues_regex(self.exclusions) if self.exclusions else None
        self._near = [(cues_regex(r["words"]), cues_regex(r["near"]), int(r["within"]))
                      for r in self.near]
        # the word lists a CueIndex looks up; a hit needs a match of a "trigger" list
        self._lists = {"cues": self._cues, "exclusions": self.exclusions}
        for k, rule in enumerate(self.near):
            self._lists[("words", k)] = rule["words"]
            self._lists[("near", k)] = rule["near"]
        self._triggers = ["cues"] + [("words", k) for k in range(len(self.near))]
        # lists with a cue that need not start with a word ("* grip"): always scanned whole
        self._unindexed = {key for key, cues in self._lists.items()
                           if any(_cue_heads(c) is None for c in cues)}

    def find(self, text: str, starts: dict | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, entry)`` of every hit of this frame in ``text``, overlaps resolved.

        ``starts`` (from :meth:`CueIndex.locate`) gives, for each of the frame's word lists,
        the word starts (any order) where it can match; its regular expression is then tried only there,
        with the same result. Without ``starts`` the whole text is scanned.
        """
        def matches(key, rx):
            if starts is None or key in self._unindexed:
                return rx.finditer(text)
            return _matches_at(rx, text, sorted(starts.get(key, ())))

        hits = []
        if self._cue_re is not None:
            for m in matches("cues", self._cue_re):
                hits.append((m.start(), m.end(), self._cues[int(m.lastgroup[1:])]))
        if self._pat_re is not None:
            for m in self._pat_re.finditer(text):
                if m.end() > m.start():
                    hits.append((m.start(), m.end(), self.patterns[int(m.lastgroup[1:])]))
        tokens = None  # word starts, found when a proximity rule needs them

        def index(pos):  # the number of the word at pos
            return bisect.bisect_right(tokens, pos) - 1

        for k, (words_re, near_re, within) in enumerate(self._near):
            anchors = [m.span() for m in matches(("near", k), near_re)]
            if not anchors:
                continue
            if tokens is None:
                tokens = [m.start() for m in _WORD.finditer(text)]
            anchors = [(s, e, index(s)) for s, e in anchors]
            for m in matches(("words", k), words_re):
                i = index(m.start())
                close = [a for a in anchors if 0 < abs(a[2] - i) <= within]
                if close:
                    a = min(close, key=lambda a: abs(a[2] - i))
                    name = (f"near: {m.group().lower()} ~ {text[a[0]:a[1]].lower()} "
                            f"(within {within} words)")
                    hits.append((min(m.start(), a[0]), max(m.end(), a[1]), name))
        if self._excl_re is not None and hits:
            spans = [m.span() for m in matches("exclusions", self._excl_re)]
            hits = [h for h in hits if not any(s < h[1] and h[0] < e for s, e in spans)]
        if len(hits) < 2:
            return hits
        # keep the longest of overlapping hits
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        kept = []
        for h in hits:
            if kept and h[0] < kept[-1][1]:
                if h[1] - h[0] > kept[-1][1] - kept[-1][0]:
                    kept[-1] = h
                continue
            kept.append(h)
        return kept


_MAX_WORDS = 500_000  # distinct words a CueIndex remembers


class CueIndex:
    """Which frames can be found in a text, and at which words, from one look at its words.

    Every cue begins with a word (``interfer*`` with a word starting "interfer", ``law and
    order`` with "law") and may need other whole words ("and", "order"). The index maps these
    first words to the word lists of the frames (cues, exclusions, proximity words) that hold
    them, and the first words of regular-expression patterns that begin with a plain word
    (see :func:`_pattern_head`) to their frames. A sentence's distinct words then tell which
    frames can hit at all and where; :meth:`Frame.find` tries the frame's regular expressions
    only there. Every distinct word is looked up once and remembered.
    """

    def __init__(self, frames: list):
        self.frames = frames
        # first word (lower case; or its beginning, for interfer*) -> [((frame, list), needs)]
        self._exact, self._prefix = {}, {}
        self._odd = {}  # (frame, list) with a first word not in plain ASCII -> regex of them
        self._always = set()  # frames with a trigger list that cannot be indexed
        self._triggers = {(i, key) for i, f in enumerate(frames) for key in f._triggers}
        self._patterns = []  # frames with a pattern that can begin anywhere: searched every time
        for i, frame in enumerate(frames):
            heads = [_pattern_head(p) for p in frame.patterns]
            if None in heads:
                self._patterns.append((i, frame._pat_re))
            else:  # the frame is tried where one of these words stands
                for head in heads:
                    self._exact.setdefault(head, []).append(((i, "patterns"), frozenset()))
        for i, frame in enumerate(frames):
            for key, cues in frame._lists.items():
                if key in frame._unindexed:
                    if key in frame._triggers:
                        self._always.add(i)
                    continue
                heads = []
                for cue in cues:
                    for head, more in _cue_heads(cue):
                        table = self._prefix if more else self._exact
                        table.setdefault(head.lower(), []).append(((i, key), _needed_words(cue)))
                        heads.append((head, more))
                if not all(head.isascii() for head, _ in heads):
                    # case-blind matching of other scripts is left to the regex engine
                    self._odd[(i, key)] = re.compile("|".join(
                        re.escape(h) + (r"\w*" if more else "") for h, more in heads), re.I)
        # the word beginnings (interfer*) by their first two letters, one-letter ones apart
        self._by_start, self._one_letter = {}, [h for h in self._prefix if len(h) == 1]
        for head in self._prefix:
            if len(head) > 1:
                self._by_start.setdefault(head[:2], []).append(head)
        self._seen = set()  # every word already looked up
        self._lists_of = {}  # word -> _look_up(word), for words that can start a cue
        self._cue_words = set()  # the keys of _lists_of

    def _look_up(self, word: str, low: str) -> tuple | None:
        """What ``word`` (``low`` is its folded form) tells about a text holding it, or None
        when no cue or pattern can start with it: ``(frames, lists, conditional)``, the
        frames it makes worth trying, the ``(frame, list)`` where a cue can start with it,
        and ``(frame, list, trigger, needs)`` where every such cue needs other words too
        (``needs``: one set of words per cue; ``trigger``: the list makes its frame worth
        trying).
        """
        entries = list(self._exact.get(low, ()))
        for head in self._by_start.get(low[:2], []) + self._one_letter:
            if low.startswith(head):
                entries += self._prefix[head]
        if self._odd:
            entries += [(t, frozenset()) for t, rx in self._odd.items() if rx.fullmatch(word)]
        if not entries:  # most words
            return None
        found = {}
        for target, needs in entries:
            found.setdefault(target, set()).add(needs)
        frames, lists, conditional = set(), [], []
        for (i, key), needs in found.items():
            trigger = key == "patterns" or (i, key) in self._triggers
            if frozenset() not in needs:
                conditional.append((i, key, trigger, tuple(needs)))
                continue
            if trigger:
                frames.add(i)
            if key != "patterns":  # a pattern is searched in the whole text, from anywhere
                lists.append((i, key))
        return frozenset(frames), tuple(lists), tuple(conditional)

    def locate(self, text: str) -> dict[int, dict]:
        """``{frame number: {word list: word starts}}`` for every frame that can hit in
        ``text`` (the ``starts`` argument of :meth:`Frame.find`)."""
        words = set(_RUN.findall(text))
        if len(self._seen) > _MAX_WORDS:  # forget the words seen rather than grow for ever
            self._seen, self._lists_of, self._cue_words = set(), {}, set()
        for word in words.difference(self._seen):
            self._seen.add(word)
            found = self._look_up(word, _fold(word))
            if found:
                self._lists_of[word] = found
                self._cue_words.add(word)
        hit = set(self._always)  # the frames to try: a trigger list or a pattern can match
        opened, folded = [], None  # (word, [(frame, word list)]) for the lists that can match
        for word in words & self._cue_words:
            frames, lists, conditional = self._lists_of[word]
            hit.update(frames)
            if lists:
                opened.append((word, lists))
            if not conditional:
                continue
            if folded is None:
                folded = _fold(text)
            kept = []
            for i, key, trigger, needs in conditional:
                # every cue starting here needs other words: are they in the text? A test
                # for the words anywhere in the text, not only as whole words: it may keep a
                # list that cannot match (then tried for nothing), never drop one that can
                # (a word folds to a part of the folded text)
                for need in needs:
                    if all(map(folded.__contains__, need)):
                        break
                else:
                    continue
                kept.append((i, key))
                if trigger:
                    hit.add(i)
            if kept:
                opened.append((word, kept))
        for i, rx in self._patterns:
            if i not in hit and rx.search(text):
                hit.add(i)
        if not hit:
            return {}
        # the places of the words, only for the frames that will be tried
        starts = {i: {} for i in sorted(hit)}
        for word, lists in opened:
            places = None
            for i, key in lists:
                if i in starts:
                    if places is None:
                        places = _word_starts(text, word)
                    starts[i].setdefault(key, []).extend(places)
        return starts


@dataclass
class FrameCodebook:
    """The frames of a codebook plus the rule for article-level presence."""

    frames: list
    presence: dict
    path: str = "<dict>"

    @property
    def ids(self) -> list[str]:
        return [f.id for f in self.frames]

    @property
    def index(self) -> CueIndex:
        """The :class:`CueIndex` of these frames (built once, rebuilt if the frames change)."""
        index = self.__dict__.get("_index")
        if index is None or list(map(id, index.frames)) != list(map(id, self.frames)):
            index = self.__dict__["_index"] = CueIndex(list(self.frames))
        return index

    def __getitem__(self, frame_id: str) -> Frame:
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(f"no frame {frame_id!r} in {self.path}; frames: {', '.join(self.ids)}")

    def __len__(self):
        return len(self.frames)

    def crosswalk(self) -> pd.DataFrame:
        """Columns ``frame``, ``mfc_frame``: which Media Frames Corpus frames each frame feeds."""
        rows = [(f.id, m) for f in self.frames for m in f.mfc]
        return pd.DataFrame(rows, columns=["frame", "mfc_frame"])

    def to_frame(self) -> pd.DataFrame:
        """One row per frame: ``frame, label, definition, cues, mfc, source`` (for reading)."""
        return pd.DataFrame([{
            "frame": f.id, "label": f.label, "definition": " ".join(f.definition.split()),
            "cues": ", ".join(f.cues + f.patterns), "mfc": ", ".join(f.mfc),
            "source": " ".join(f.source.split()),
        } for f in self.frames])


def _fail(where: str, msg: str):
    raise CodebookError(f"{where}: {msg}")


def _string_list(value, where: str, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list):
        _fail(where, f"field {name!r} must be a list, got {type(value).__name__}")
    for i, v in enumerate(value, start=1):
        if not isinstance(v, str) or not v.strip():
            _fail(where, f"field {name!r}, entry {i} must be non-empty text, got {v!r}")
    return [v.strip() for v in value]


def _check_cues(cues, where, name):
    for i, cue in enumerate(cues, start=1):
        bad = [t for t in cue.split() if not _CUE_WORD.match(t)]
        if bad:
            _fail(where, f"field {name!r}, entry {i} ({cue!r}): {bad[0]!r} is not a word; use "
                         "letters, digits, - ' . & and * only at the end of a word or alone, "
                         "or put a regular expression under 'patterns'")
        if all(t == "*" for t in cue.split()):
            _fail(where, f"field {name!r}, entry {i} ({cue!r}) would match any word")


def _validate_frame(raw, where: str) -> Frame:
    if not isinstance(raw, dict):
        _fail(where, f"each frame must be a mapping of fields, got {type(raw).__name__}")
    unknown = set(raw) - _FIELDS
    if unknown:
        name = sorted(unknown)[0]
        close = difflib.get_close_matches(name, _FIELDS, n=1)
        _fail(where, f"unknown field {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
              + f"; fields are {', '.join(sorted(_FIELDS))}")
    for name in _REQUIRED:
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            _fail(where, f"field {name!r} is missing or empty")
    if not _ID.match(raw["id"]):
        _fail(where, f"field 'id' ({raw['id']!r}) must be snake_case: lower-case letters, "
                     "digits and _")
    cues = _string_list(raw.get("cues"), where, "cues")
    _check_cues(cues, where, "cues")
    patterns = _string_list(raw.get("patterns"), where, "patterns")
    for i, p in enumerate(patterns, start=1):
        try:
            rx = re.compile(p, re.I)
        except re.error as exc:
            _fail(where, f"field 'patterns', entry {i} ({p!r}) is not a valid regular expression: {exc}")
        if rx.groups:
            _fail(where, f"field 'patterns', entry {i} ({p!r}) uses a capturing group; "
                         "write (?:...) instead")
        if rx.match(""):
            _fail(where, f"field 'patterns', entry {i} ({p!r}) matches empty text")
    near = raw.get("near") or []
    if not isinstance(near, list):
        _fail(where, "field 'near' must be a list of rules with 'words', 'near' and 'within'")
    for i, rule in enumerate(near, start=1):
        if not isinstance(rule, dict) or set(rule) != {"words", "near", "within"}:
            _fail(where, f"field 'near', rule {i} must have exactly the keys 'words', 'near' and "
                         f"'within', got {sorted(rule) if isinstance(rule, dict) else rule!r}")
        for key in ("words", "near"):
            _check_cues(_string_list(rule[key], where, f"near[{i}].{key}"), where, f"near[{i}].{key}")
            if not rule[key]:
                _fail(where, f"field 'near', rule {i}: {key!r} is empty")
        w = rule["within"]
        if isinstance(w, bool) or not isinstance(w, int) or not 1 <= w <= 20:
            _fail(where, f"field 'near', rule {i}: 'within' must be a whole number of words "
                         f"from 1 to 20, got {w!r}")
    if not (cues or patterns or near):
        _fail(where, "needs at least one entry under 'cues', 'patterns' or 'near'")
    exclusions = _string_list(raw.get("exclusions"), where, "exclusions")
    _check_cues(exclusions, where, "exclusions")
    mfc = _string_list(raw.get("mfc"), where, "mfc")
    for m in mfc:
        if m not in MFC_FRAMES:
            close = difflib.get_close_matches(m, MFC_FRAMES, n=1)
            _fail(where, f"field 'mfc': {m!r} is not a Media Frames Corpus frame"
                  + (f" (did you mean {close[0]!r}?)" if close else f"; use one of {', '.join(MFC_FRAMES)}"))
    source = raw.get("source") or ""
    if not isinstance(source, str):
        _fail(where, "field 'source' must be text")
    in_names = raw.get("in_names", False)
    if not isinstance(in_names, bool):
        _fail(where, f"field 'in_names' must be true or false, got {in_names!r}")
    return Frame(id=raw["id"], label=raw["label"].strip(), definition=raw["definition"].strip(),
                 cues=cues, patterns=patterns, near=near, exclusions=exclusions,
                 examples=_string_list(raw.get("examples"), where, "examples"),
                 source=source.strip(), mfc=mfc, in_names=in_names)


def _validate_rule(rule, where: str) -> dict:
    if not isinstance(rule, dict) or not set(rule) <= {"min_hits", "per_1000_words"}:
        _fail(where, f"a presence rule is a mapping with 'min_hits' and 'per_1000_words', got {rule!r}")
    out = {"min_hits": rule.get("min_hits", 1), "per_1000_words": rule.get("per_1000_words", 0)}
    for k, v in out.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
            _fail(where, f"{k!r} must be a number >= 0, got {v!r}")
    return out


def _validate_presence(raw, where: str, frame_ids) -> dict:
    raw = raw or {}
    if not isinstance(raw, dict) or not set(raw) <= {"project", "mfc"}:
        _fail(where, "'presence' must be a mapping with the keys 'project' and/or 'mfc'")
    project = raw.get("project") or {}
    out = {"project": {"default": {"min_hits": 1, "per_1000_words": 0}},
           "mfc": {"default": {"min_hits": 1, "per_1000_words": 0}}}
    if "min_hits" in project or "per_1000_words" in project:
        project = {"default": project}
    for scheme, rules, names in (("project", project, frame_ids), ("mfc", raw.get("mfc") or {}, MFC_FRAMES)):
        if not isinstance(rules, dict):
            _fail(where, f"'presence.{scheme}' must be a mapping")
        for key, rule in rules.items():
            if key != "default" and key not in names:
                _fail(where, f"'presence.{scheme}': {key!r} is not a frame of this scheme")
            out[scheme][key] = _validate_rule(rule, f"{where}: presence.{scheme}.{key}")
    return out


def _merge(base: list[dict], extra: list[dict]) -> list[dict]:
    """Frames of ``extra`` added to ``base``; same id: lists extended, text fields replaced."""
    merged = {f["id"]: dict(f) for f in base}
    for f in extra:
        if isinstance(f, dict) and f.get("id") in merged:
            old = merged[f["id"]]
            for k, v in f.items():
                old[k] = (old.get(k) or []) + v if isinstance(v, list) else v
        elif isinstance(f, dict):
            merged[f.get("id", f"<frame {len(merged) + 1}>")] = f
        else:
            merged[f"<frame {len(merged) + 1}>"] = f
    return list(merged.values())


def _parse_yaml(text: str):
    try:
        return yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)  # again, for the Python parser's message (it shows the line)


def _read_yaml(path) -> tuple[dict, str]:
    if isinstance(path, dict):
        return path, "<dict>"
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"frame codebook not found: {path}")
    try:
        data = _parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CodebookError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("frames"), list):
        raise CodebookError(f"{path.name}: needs a top-level 'frames:' list")
    return data, path.name


def load_frames(path=None, *, extend: bool = False) -> FrameCodebook:
    """Load and check a frame codebook.

    ``path`` is a YAML file (default ``data/lexicons/frames.yml``) or a mapping with the same
    structure. With ``extend=True`` its frames are added to the default codebook; a frame with
    an id that already exists adds its cues, patterns, rules, exclusions and examples to it.
    Raises :class:`CodebookError` naming the file, the frame and the field at fault.
    """
    data, name = _read_yaml(DEFAULT_FRAMES if path is None else path)
    if extend and path is not None:
        base, base_name = _read_yaml(DEFAULT_FRAMES)
        data = {"frames": _merge(base["frames"], data["frames"]),
                "presence": data.get("presence", base.get("presence"))}
        name = f"{base_name} + {name}"
    unknown = set(data) - {"frames", "presence"}
    if unknown:
        raise CodebookError(f"{name}: unknown top-level key {sorted(unknown)[0]!r}; "
                            "expected 'frames' and 'presence'")
    frames, seen = [], set()
    for i, raw in enumerate(data["frames"], start=1):
        fid = raw.get("id") if isinstance(raw, dict) else None
        where = f"{name}: frame {fid!r}" if isinstance(fid, str) else f"{name}: frame {i}"
        frame = _validate_frame(raw, where)
        if frame.id in seen:
            _fail(where, "field 'id' is used by an earlier frame; ids must be unique")
        seen.add(frame.id)
        frames.append(frame)
    presence = _validate_presence(data.get("presence"), name, seen)
    return FrameCodebook(frames=frames, presence=presence, path=name)


# ---------------------------------------------------------------------------------------------
# tagging


_DEFAULT_BOOK = {}  # (modified, size) of the default codebook file -> the loaded codebook


def _codebook(codebook) -> FrameCodebook:
    if codebook is None:  # loaded again only when the file has been edited
        try:
            stat = DEFAULT_FRAMES.stat()
        except OSError:
            return load_frames()  # says which file is missing
        key = (stat.st_mtime_ns, stat.st_size)
        if key not in _DEFAULT_BOOK:
            _DEFAULT_BOOK.clear()
            _DEFAULT_BOOK[key] = load_frames()
        return _DEFAULT_BOOK[key]
    if isinstance(codebook, FrameCodebook):
        return codebook
    return load_frames(codebook)


def _name_spans(names) -> dict:
    """``doc_id -> sorted [(start, end), ...]`` of the name spans in ``names`` (a table with
    ``doc_id, start, end``, such as the mentions table; pronouns and descriptions such as
    "the health ministry" are not names)."""
    if names is None or len(names) == 0:
        return {}
    missing = {"doc_id", "start", "end"} - set(names.columns)
    if missing:
        raise KeyError(f"tag_frames: the names table needs columns {sorted(missing)}")
    if "match_kind" in names.columns:
        names = names[~names["match_kind"].isin(["pronoun", "description"])]
    out: dict = {}
    for doc_id, start, end in zip(names["doc_id"].tolist(), names["start"].tolist(),
                                  names["end"].tolist()):
        out.setdefault(doc_id, []).append((int(start), int(end)))
    for spans in out.values():
        spans.sort()
    return out


def _inside_name(spans: list, start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted ``spans``."""
    i = bisect.bisect_left(spans, (end,))  # spans starting before ``end``
    return any(s < end and start < e for s, e in spans[max(0, i - 8):i])


def tag_frames(sentences: pd.DataFrame, codebook=None, *, names=None) -> pd.DataFrame:
    """The frame table: one row per frame cue found in a sentence.

    ``sentences`` is the sentences table (``doc_id, sent_id, start, text``); ``codebook`` a
    :class:`FrameCodebook`, a path or ``None`` for the default. ``names`` (optional) is a table
    of name spans (``doc_id, start, end``: the mentions table of the entity layer): a cue that
    overlaps a name is not a cue ("Rapetti" is no ``rape*``, "Christian" in "Christian Lindner"
    no cultural identity, "Health" in "the Health Ministry" no health frame), unless its frame
    says ``in_names: true`` in the codebook. Pronoun mentions are not names.

    Columns: ``doc_id``, ``sent_id``, ``frame`` (codebook id), ``cue`` (the exact words of the
    text that triggered the hit), ``start``, ``end`` (offsets into the article's cleaned text,
    so ``text[start:end] == cue``) and ``entry`` (the codebook cue, pattern or proximity rule
    that matched).

    Each sentence's words are looked up in the codebook's :class:`CueIndex`: only the frames
    with a cue that can begin at one of those words are tried, and only at those words. The
    hits are the same as trying every frame's regular expressions on the whole sentence.
    """
    missing = {"doc_id", "sent_id", "start", "text"} - set(sentences.columns)
    if missing:
        raise KeyError(f"tag_frames needs columns {sorted(missing)} in the sentences table")
    book = _codebook(codebook)
    index = book.index
    names_of = _name_spans(names)
    rows = []
    for doc_id, sent_id, offset, text in zip(sentences["doc_id"].tolist(),
                                             sentences["sent_id"].tolist(),
                                             sentences["start"].tolist(),
                                             sentences["text"].tolist()):
        if not isinstance(text, str):
            continue
        spans = names_of.get(doc_id)
        # only the frames whose cues can start at one of the sentence's words, tried there
        for i, starts in index.locate(text).items():
            frame = index.frames[i]
            for s, e, entry in frame.find(text, starts):
                if spans and not frame.in_names and _inside_name(spans, offset + s, offset + e):
                    continue
                rows.append((doc_id, sent_id, frame.id, text[s:e], offset + s, offset + e,
                             entry))
    if not rows:
        return pd.DataFrame(columns=FRAME_COLUMNS).astype(
            {"sent_id": "int64", "start": "int64", "end": "int64"})
    # one list per column (much faster than pandas reading the rows one by one)
    columns = dict(zip(FRAME_COLUMNS, map(list, zip(*rows))))
    for name in ("sent_id", "start", "end"):
        columns[name] = np.array(columns[name], dtype=np.int64)
    return pd.DataFrame(columns)


def frame_profile(frame_table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Frames per article: how much of the article carries each frame and where it starts.

    Columns: ``doc_id``, ``frame``, ``hits`` (cues found), ``sentences`` (sentences with the
    frame), ``share`` (of the article's sentences), ``first_sent`` (first sentence with the
    frame), ``first_position`` (0 = first sentence, 1 = last), ``cues`` (the words found, most
    frequent first). Sorted by article, then share.
    """
    if frame_table.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    n_sent = sentences.groupby("doc_id")["sent_id"].max()
    g = frame_table.groupby(["doc_id", "frame"])
    out = pd.DataFrame({
        "hits": g.size(),
        "sentences": g["sent_id"].nunique(),
        "first_sent": g["sent_id"].min(),
        "cues": g["cue"].agg(lambda s: ", ".join(s.str.lower().value_counts().index)),
    }).reset_index()
    total = out["doc_id"].map(n_sent)
    out["share"] = out["sentences"] / total
    out["first_position"] = ((out["first_sent"] - 1) / (total - 1).clip(lower=1)).round(3)
    out = out.sort_values(["doc_id", "share", "frame"], ascending=[True, False, True])
    return out[PROFILE_COLUMNS].reset_index(drop=True)


def count_words(text: str) -> int:
    """Number of words (runs of letters/digits, with inner apostrophes) in ``text``."""
    return len(_WORD.findall(text)) if isinstance(text, str) else 0


def _rule(presence: dict, scheme: str, frame: str) -> dict:
    rules = presence[scheme]
    return rules.get(frame, rules["default"])


def article_frames(frame_table: pd.DataFrame, *, scheme: str = "mfc", sentences=None,
                   codebook=None, rule: dict | None = None, all_rows: bool = False) -> pd.DataFrame:
    """The frames judged present in each article (one row per ``doc_id``, ``frame``).

    ``scheme="project"`` uses the codebook's own frames; ``scheme="mfc"`` maps every hit
    through the crosswalk to the 14 Media Frames Corpus frames (a span counted once per MFC
    frame). A frame is present when it has at least ``min_hits`` hits and at least
    ``per_1000_words`` hits per thousand words; the rules come from the codebook's
    ``presence`` section unless ``rule`` (one rule for every frame) is given. Article length
    comes from ``sentences`` (needed for a rate rule; without it only ``min_hits`` applies).
    ``all_rows=True`` keeps frames that are not present (column ``present``).

    Columns: ``doc_id``, ``frame``, ``hits``, ``words``, ``per_1000_words`` (and ``present``).
    """
    words = None
    if sentences is not None and not sentences.empty:
        words = sentences.groupby("doc_id")["text"].agg(lambda s: sum(count_words(t) for t in s))
    return frames_present(frame_table, words, book=_codebook(codebook), scheme=scheme,
                          rule=rule, all_rows=all_rows)


def frames_present(frame_table: pd.DataFrame, words, *, book, scheme: str = "mfc",
                   rule: dict | None = None, all_rows: bool = False) -> pd.DataFrame:
    """The presence rules of :func:`article_frames` applied to cue hits, for any language.

    ``words`` maps ``doc_id`` to the article's word count (``None``: unknown, so only
    ``min_hits`` applies); ``book`` is a frame codebook with ``crosswalk()`` and ``presence``
    (the English one, or a language pack's). Columns as :func:`article_frames`.
    """
    if scheme not in ("mfc", "project"):
        raise ValueError(f"scheme must be 'mfc' or 'project', got {scheme!r}")
    cols = ARTICLE_FRAME_COLUMNS + (["present"] if all_rows else [])
    if frame_table.empty:
        return pd.DataFrame(columns=cols)
    hits = frame_table[["doc_id", "frame", "start", "end"]]
    if scheme == "mfc":
        hits = hits.merge(book.crosswalk(), on="frame")
        hits = hits.drop(columns="frame").rename(columns={"mfc_frame": "frame"})
        hits = hits.drop_duplicates(["doc_id", "frame", "start", "end"])
    out = hits.groupby(["doc_id", "frame"]).size().rename("hits").reset_index()
    if words is not None:
        out["words"] = out["doc_id"].map(dict(words)).fillna(0).astype("int64")
        out["per_1000_words"] = (1000 * out["hits"] / out["words"].where(out["words"] > 0)).round(2)
    else:
        out["words"] = pd.NA
        out["per_1000_words"] = np.nan
    rules = [rule or _rule(book.presence, scheme, f) for f in out["frame"]]
    min_hits = np.array([r["min_hits"] for r in rules])
    rate = np.array([r["per_1000_words"] for r in rules])
    out["present"] = (out["hits"].to_numpy() >= min_hits) & (
        out["per_1000_words"].fillna(np.inf).to_numpy() >= rate)
    if not all_rows:
        out = out[out["present"]]
    return out[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# evidence


def keyword_in_context(articles: pd.DataFrame, pattern: str, *, window: int = 60,
                       regex: bool = False, sentences=None) -> pd.DataFrame:
    """A keyword-in-context (KWIC) table for a word or phrase in every ``ok`` article.

    ``pattern`` uses the codebook's cue syntax (``meddl*``, ``foreign states``), or is a
    regular expression when ``regex=True``; case is ignored. ``window`` is the number of
    characters shown on each side.

    Columns: ``doc_id``, ``sent_id`` (sentence holding the match), ``start``, ``end``
    (offsets into ``articles.text``), ``left``, ``match``, ``right``.
    """
    if window < 0:
        raise ValueError("window must be >= 0")
    if not isinstance(pattern, str) or not pattern.strip():
        raise ValueError("pattern must be a non-empty word or phrase")
    if not regex:
        _check_cues([pattern.strip()], "keyword_in_context", "pattern")
    rx = re.compile(pattern, re.I) if regex else cues_regex([pattern.strip()])
    rows = articles
    if "status" in rows.columns:
        rows = rows[rows["status"] == "ok"]
    if sentences is None:
        from .segment import split_sentences
        sentences = split_sentences(rows)
    starts = {d: (g["start"].tolist(), g["sent_id"].tolist())
              for d, g in sentences.sort_values(["doc_id", "start"]).groupby("doc_id")}
    out = []
    for doc_id, text in zip(rows["doc_id"], rows["text"]):
        if not isinstance(text, str):
            continue
        s_starts, s_ids = starts.get(doc_id, ([], []))
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            i = bisect.bisect_right(s_starts, m.start()) - 1
            left = " ".join(text[max(0, m.start() - window):m.start()].split())
            right = " ".join(text[m.end():m.end() + window].split())
            out.append((doc_id, s_ids[i] if i >= 0 else pd.NA, m.start(), m.end(), left,
                        m.group(), right))
    return pd.DataFrame.from_records(out, columns=KWIC_COLUMNS)


# ---------------------------------------------------------------------------------------------
# validation: hand coding, precision/recall, agreement


def load_coding(path) -> pd.DataFrame:
    """Read a hand coding: a CSV with ``doc_id``, ``sent_id`` and ``frames`` (frame ids
    separated by ``;``, empty for none), optional ``note``.

    Returns the long table ``doc_id, sent_id, frame`` (one row per coded frame; a sentence
    coded with no frame has ``frame`` missing, so it still counts as coded).
    """
    path = Path(path)
    df = pd.read_csv(path, dtype={"doc_id": str, "frames": str}, keep_default_na=False)
    missing = {"doc_id", "sent_id", "frames"} - set(df.columns)
    if missing:
        raise ValueError(f"{path.name}: missing columns {sorted(missing)}")
    if df.duplicated(["doc_id", "sent_id"]).any():
        dup = df[df.duplicated(["doc_id", "sent_id"])].iloc[0]
        raise ValueError(f"{path.name}: sentence {dup['doc_id']}/{dup['sent_id']} is coded twice")
    rows = []
    for d, s, frames in zip(df["doc_id"], df["sent_id"], df["frames"]):
        names = [f.strip() for f in str(frames).split(";") if f.strip()]
        rows += [(d, int(s), f) for f in names] or [(d, int(s), None)]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "frame"])


def code_sentences(frame_table: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The machine's coding in the same long form as :func:`load_coding`: one row per
    sentence and frame found (``frame`` missing for a sentence without any)."""
    found = frame_table[["doc_id", "sent_id", "frame"]].drop_duplicates()
    allsent = sentences[["doc_id", "sent_id"]]
    out = allsent.merge(found, on=["doc_id", "sent_id"], how="left")
    return out.astype({"sent_id": "int64"})


def _indicator(coding: pd.DataFrame, units: pd.DataFrame, frames) -> pd.DataFrame:
    c = coding.dropna(subset=["frame"])
    c = c[c["frame"].isin(frames)].assign(v=1)
    wide = c.pivot_table(index=["doc_id", "sent_id"], columns="frame", values="v", aggfunc="max")
    wide = wide.reindex(columns=list(frames)).reindex(pd.MultiIndex.from_frame(units)).fillna(0)
    return wide.astype(int)


def _units(a, b):
    ua = a[["doc_id", "sent_id"]].drop_duplicates()
    ub = b[["doc_id", "sent_id"]].drop_duplicates()
    units = ua.merge(ub, on=["doc_id", "sent_id"])
    if len(units) < max(len(ua), len(ub)):
        warnings.warn(f"only the {len(units)} sentences coded in both codings are compared "
                      f"({len(ua)} and {len(ub)} coded)", stacklevel=3)
    return units.sort_values(["doc_id", "sent_id"]).reset_index(drop=True)


def _frames(a, b, frames):
    if frames is not None:
        return list(frames)
    return sorted(set(a["frame"].dropna()) | set(b["frame"].dropna()))


def score_coding(predicted: pd.DataFrame, gold: pd.DataFrame, *, frames=None) -> pd.DataFrame:
    """Precision, recall and F1 of ``predicted`` against ``gold``, sentence by sentence.

    Both are long codings (``doc_id, sent_id, frame``; see :func:`load_coding`). ``frames``
    limits the comparison (default: every frame in either coding).

    Columns: ``frame``, ``tp``, ``fp``, ``fn``, ``precision``, ``recall``, ``f1``, with a last
    row ``frame="all (micro)"`` pooling every frame.
    """
    frames = _frames(predicted, gold, frames)
    units = _units(predicted, gold)
    p, g = _indicator(predicted, units, frames), _indicator(gold, units, frames)
    rows = []
    for f in frames + ["all (micro)"]:
        pp, gg = (p.to_numpy(), g.to_numpy()) if f == "all (micro)" else (p[f].to_numpy(), g[f].to_numpy())
        tp, fp, fn = int((pp & gg).sum()), int((pp & ~gg.astype(bool)).sum()), int((~pp.astype(bool) & gg).sum())
        prec = tp / (tp + fp) if tp + fp else np.nan
        rec = tp / (tp + fn) if tp + fn else np.nan
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan
        rows.append((f, tp, fp, fn, prec, rec, f1))
    return pd.DataFrame(rows, columns=["frame", "tp", "fp", "fn", "precision", "recall", "f1"])


def measure_agreement(coder_a: pd.DataFrame, coder_b: pd.DataFrame, *, frames=None) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) between two codings of the same sentences.

    For each frame the units are the sentences and the value is whether the coder gave the
    frame (yes/no); ``overall`` pools every sentence-and-frame decision. Alpha is 1 for perfect
    agreement, 0 for agreement no better than chance; it is undefined (missing) when both
    coders gave the same value to every unit.

    Columns: ``frame``, ``alpha``, ``units``, ``agree`` (share of units with the same value),
    ``a_yes``, ``b_yes`` (sentences each coder gave the frame).
    """
    import krippendorff

    frames = _frames(coder_a, coder_b, frames)
    units = _units(coder_a, coder_b)
    a, b = _indicator(coder_a, units, frames), _indicator(coder_b, units, frames)

    def alpha(x, y):
        data = np.vstack([x, y]).astype(float)
        if len(np.unique(data)) < 2:
            return np.nan
        return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))

    rows = [(f, alpha(a[f], b[f]), len(units), float((a[f] == b[f]).mean()), int(a[f].sum()),
             int(b[f].sum())) for f in frames]
    av, bv = a.to_numpy().ravel(), b.to_numpy().ravel()
    rows.append(("overall", alpha(av, bv), av.size, float((av == bv).mean()), int(av.sum()),
                 int(bv.sum())))
    return pd.DataFrame(rows, columns=["frame", "alpha", "units", "agree", "a_yes", "b_yes"])


# ---------------------------------------------------------------------------------------------
# frames beside other tables


def count_frames_by(frame_table: pd.DataFrame, other: pd.DataFrame, *, column: str = "actor") -> pd.DataFrame:
    """How often each value of ``other[column]`` shares a sentence with each frame.

    ``other`` is any table keyed by ``doc_id`` and ``sent_id`` (the mentions table of
    :func:`analysis.actors.find_mentions`, with ``column="actor"``).

    Columns: ``<column>``, ``frame``, ``sentences`` (sentences holding both), most first.
    """
    missing = {"doc_id", "sent_id", column} - set(other.columns)
    if missing:
        raise KeyError(f"count_frames_by needs columns {sorted(missing)} in the second table")
    if frame_table.empty or other.empty:
        return pd.DataFrame(columns=[column, "frame", "sentences"])
    f = frame_table[["doc_id", "sent_id", "frame"]].drop_duplicates()
    o = other[["doc_id", "sent_id", column]].drop_duplicates()
    both = f.merge(o, on=["doc_id", "sent_id"])
    out = both.groupby([column, "frame"]).size().rename("sentences").reset_index()
    return out.sort_values(["sentences", column, "frame"], ascending=[False, True, True]).reset_index(drop=True)


def attach_sentiment(frame_table: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """The sentiment of every sentence that carries a frame, once per sentence and frame.

    ``scored`` is a sentences table with a ``sentiment`` column (and optionally ``label``), as
    returned by :func:`analysis.sentiment.score_sentences`.

    Columns: ``doc_id``, ``sent_id``, ``frame``, ``sentiment``, ``label``, ``text``.
    """
    if "sentiment" not in scored.columns:
        raise KeyError("attach_sentiment needs a 'sentiment' column: score the sentences first")
    cols = ["doc_id", "sent_id", "frame", "sentiment", "label", "text"]
    if frame_table.empty:
        return pd.DataFrame(columns=cols)
    s = scored.assign(label=scored["label"] if "label" in scored.columns else pd.NA)
    f = frame_table[["doc_id", "sent_id", "frame"]].drop_duplicates()
    return f.merge(s[["doc_id", "sent_id", "sentiment", "label", "text"]], on=["doc_id", "sent_id"])[cols]


_QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|«[^»]*»|(?<!\w)'[^']*'(?!\w)")


def frame_evidence(frame_table: pd.DataFrame, articles: pd.DataFrame, *, window: int = 50) -> pd.DataFrame:
    """Every frame hit in its context, and whether the cue stands in quotation marks.

    Columns: ``doc_id``, ``sent_id``, ``frame``, ``start``, ``end``, ``left``, ``cue``,
    ``right`` (``window`` characters each side) and ``quoted`` (the cue lies inside, or is,
    a passage in quotation marks: words the article repeats from someone else or keeps at a
    distance).
    """
    cols = ["doc_id", "sent_id", "frame", "start", "end", "left", "cue", "right", "quoted"]
    if frame_table.empty:
        return pd.DataFrame(columns=cols)
    texts = articles.set_index("doc_id")["text"]
    quotes = {d: [m.span() for m in _QUOTED.finditer(t)] for d, t in texts.items() if isinstance(t, str)}
    rows = []
    for r in frame_table.itertuples(index=False):
        text = texts[r.doc_id]
        left = " ".join(text[max(0, r.start - window):r.start].split())
        right = " ".join(text[r.end:r.end + window].split())
        # a quotation mark right before the cue counts too: ‘foreign states’
        quoted = any(s <= r.start and r.end <= e for s, e in quotes.get(r.doc_id, []))
        rows.append((r.doc_id, r.sent_id, r.frame, r.start, r.end, left, r.cue, right, quoted))
    return pd.DataFrame(rows, columns=cols)
