"""Quotes, sources and stance: who is quoted, how, and with what distance.

* :func:`find_quotes` pairs quotation marks (curly and straight, double and single, across
  paragraph breaks, nested), reports unbalanced marks, finds the speaker and the reporting verb,
  and sorts each quotation into a ``kind``: ``direct`` speech, a ``partial`` quote (a fragment of
  someone's words inside reported speech), a ``scare`` quote (a short unattributed phrase the
  writer keeps at a distance), a ``term`` or name in quotation marks, a ``nested`` quotation
  inside another one, and ``paraphrase`` for indirect speech without quotation marks.
* :func:`find_stance` marks reporting verbs by class (neutral, distancing, accusing, ...) and
  hedges, boosters, distancers and vague sources, with spans.
* :func:`sourcing_summary` says per article who speaks and how much.

Word lists live in ``data/lexicons/reporting.yml``. The part-of-speech tagger is the one that
ships with TextBlob (Pattern's lexicon tagger), so nothing is downloaded.

Known blind spots: speakers are found from the words next to a reporting verb, not from a
parse, so long or unusual subjects can be cut short; pronouns are resolved only to the last
named speaker of the article; quotations without any attribution in their sentence take the
speaker of a quotation in the previous sentence or two, which is usually but not always right.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from bisect import bisect_left, bisect_right
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .config import LEXICON_DIR

QUOTE_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "kind", "speaker", "speaker_start",
    "speaker_end", "cue", "cue_start", "cue_end",
    # extra columns
    "speaker_text", "speaker_type", "cue_class", "level", "status", "words", "actor",
]
"""Columns of the quotes table (the first twelve are the agreed ones)."""

STANCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "marker", "stance_class", "entry"]
"""Columns of the stance table."""

KINDS = {
    "direct": "someone's words quoted as they were said, with a speaker",
    "partial": "a fragment of someone's words inside reported speech",
    "scare": "a short unattributed phrase the writer holds at a distance",
    "term": "a name, title or term in quotation marks",
    "nested": "a quotation inside another quotation",
    "paraphrase": "indirect speech without quotation marks: the writer's words for a source's",
}
STATUSES = {
    "ok": "quotation marks balanced",
    "unclosed": "an opening mark without a closing one; the quote is taken to end with its paragraph",
    "unopened": "a closing mark without an opening one; the quote is taken to start with its sentence",
}
SPEAKER_TYPES = ("named", "institutional", "vague", "described", "unresolved")
DEFAULT_LEXICON = LEXICON_DIR / "reporting.yml"


class QuoteWarning(UserWarning):
    """Unbalanced quotation marks or a part of the analysis that had to be skipped."""


class LexiconError(ValueError):
    """The reporting word list is malformed; the message names the file, entry and field."""


# ---------------------------------------------------------------------------------------------
# word list


@dataclass
class ReportingLexicon:
    """The reporting verbs, cue phrases, stance markers and source words of one YAML file."""

    path: Path
    verbs: dict = field(default_factory=dict)          # form -> (lemma, class)
    speech_classes: set = field(default_factory=set)
    class_descriptions: dict = field(default_factory=dict)
    phrases: list = field(default_factory=list)        # (phrase, class)
    markers: list = field(default_factory=list)        # (entry, category)
    marker_descriptions: dict = field(default_factory=dict)
    vague: set = field(default_factory=set)
    institutional: set = field(default_factory=set)
    naming_cues: list = field(default_factory=list)
    quantity_senses: set = field(default_factory=set)  # lemmas: not speech before a number

    def verb_class(self, word: str) -> str | None:
        hit = self.verbs.get(word.lower())
        return hit[1] if hit else None

    def is_speech(self, word: str) -> bool:
        return self.verb_class(word) in self.speech_classes

    @cached_property
    def cue_words(self) -> frozenset:
        """Lower-case words that can start a speech cue: the forms of speech verbs, 'according'."""
        return frozenset([w for w, (_, cls) in self.verbs.items() if cls in self.speech_classes]
                         + ["according"])

    @cached_property
    def phrase_entries(self) -> dict:
        """``entry -> (marker, class)`` for the stance markers and cue phrases (the first
        listing of an entry wins)."""
        out = {}
        for entry, cat in self.markers:
            out.setdefault(" ".join(entry.split()), (cat, cat))
        for entry, cls in self.phrases:
            out.setdefault(" ".join(entry.split()), ("cue_phrase", cls))
        return out

    @cached_property
    def phrases_by_word(self) -> dict:
        """``first word -> [compiled pattern, ...]`` of the stance markers and cue phrases,
        longest entry first. A pattern matches its entry case-insensitively, with any
        whitespace between its words, and not followed by a letter, digit or hyphen."""
        out: dict = {}
        for entry in sorted(self.phrase_entries, key=len, reverse=True):
            pattern = r"\s+".join(map(re.escape, entry.split())) + r"(?![\w-])"
            out.setdefault(re.match(r"\w+", entry).group(), []).append(re.compile(pattern, re.I))
        return out

    @cached_property
    def phrase_at_word(self) -> dict:
        """``first word -> compiled pattern``: the patterns of :attr:`phrases_by_word` for that
        word joined into one alternation in the same order, so one match finds the first of
        them (the longest entry) that matches."""
        return {word: re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I)
                for word, patterns in self.phrases_by_word.items()}

    @cached_property
    def stance_word_pattern(self) -> re.Pattern:
        """A pattern matching, in lower-case text, the whole words that are a reporting-verb
        form, and those that are the first word of a stance marker or cue phrase where one of
        its phrases follows (see :func:`_stance_words`).

        Most first words ('a', 'of', 'in', ...) rarely start their phrase, so the check of the
        rest of the phrase is a look-ahead inside the search. It reads the rest the way the
        phrase's own pattern does (ignoring case, which finds the same letters in the
        lower-case text), so it drops only words where no phrase could match."""
        tails = {word: "(?=(?i:" + "|".join(p.pattern[len(re.escape(word)):] for p in patterns) + "))"
                 for word, patterns in self.phrases_by_word.items() if word not in self.verbs}
        return re.compile(r"(?<!\w)" + _trie_pattern(set(self.verbs) | set(self.phrases_by_word),
                                                      tails) + r"(?!\w)")

    @cached_property
    def distancers(self) -> frozenset:
        """The one-word distancers of the stance markers ("so-called", "self-styled"): a
        quotation right after one is a scare quote."""
        return frozenset(e.lower() for e, cat in self.markers if cat == "distancer" and " " not in e)

    @cached_property
    def naming_cues_by_length(self) -> dict:
        """``number of words -> set of naming cues`` with that many words."""
        out: dict = {}
        for cue in self.naming_cues:
            out.setdefault(len(cue.split()), set()).add(cue)
        return out

    @cached_property
    def cue_heads(self) -> frozenset:
        """The first run of letters of each of :attr:`cue_words`: a text where none of these is
        a word has no speech cue."""
        return frozenset(re.match(r"\w*", w).group() for w in self.cue_words)

    @cached_property
    def cue_head_pattern(self) -> re.Pattern:
        """A pattern matching, in lower-case text, a whole word that is one of :attr:`cue_heads`."""
        return re.compile(r"(?<!\w)" + _trie_pattern(self.cue_heads) + r"(?!\w)")


def _trie_pattern(words, tails: dict | None = None) -> str:
    """A regular expression matching any of ``words``, written as a tree of shared prefixes
    (``sa(?:id|ys)`` for 'said' and 'says'): Python's regular expressions try the branches
    of an alternation one by one, so a flat list of hundreds of words is slow to search.
    ``tails`` maps some words to a pattern that must match right after them (a look-ahead)."""
    tails = tails or {}
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = tails.get(word, "")  # a word ends here

    def branch(node) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        tail = node.get("")
        if not alts:
            return tail
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if tail is None:
            return body
        return f"(?:{body}|{tail})" if tail else f"(?:{body})?"

    return "(?:" + branch(tree) + ")"


def _fail(path, where, what):
    raise LexiconError(f"{Path(path).name}: {where}: {what}")


def _word_list(path, where, value, *, phrases=False) -> list[str]:
    if not isinstance(value, list) or not value:
        _fail(path, where, "must be a non-empty list of words or phrases")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            _fail(path, f"{where}[{i}]", f"must be a word or phrase, got {item!r}")
        if phrases and not re.match(r"\s*\w", item):  # they are looked up by their first word
            _fail(path, f"{where}[{i}]", f"must start with a letter or digit, got {item!r}")
    return [v.strip().lower() for v in value]


def load_reporting(path: str | Path | None = None) -> ReportingLexicon:
    """Read and check the reporting word list (default ``data/lexicons/reporting.yml``).

    Raises :class:`LexiconError` naming the file, the entry and the field at fault.
    """
    path = Path(path) if path is not None else DEFAULT_LEXICON
    return _load_reporting(str(path.resolve()), path.stat().st_mtime if path.exists() else 0)


@lru_cache(maxsize=8)
def _load_reporting(path_str: str, _mtime: float) -> ReportingLexicon:
    path = Path(path_str)
    if not path.exists():
        raise FileNotFoundError(f"reporting word list not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        _fail(path, "top level", "must be a mapping with reporting_verbs, stance_markers, ...")
    lex = ReportingLexicon(path=path)
    verbs = data.get("reporting_verbs")
    if not isinstance(verbs, dict) or not verbs:
        _fail(path, "reporting_verbs", "missing or not a mapping of classes")
    for cls, block in verbs.items():
        where = f"reporting_verbs.{cls}"
        if not isinstance(block, dict):
            _fail(path, where, "must be a mapping with 'description' and 'verbs'")
        if not isinstance(block.get("description"), str):
            _fail(path, f"{where}.description", "missing (a sentence saying what the class means)")
        if not isinstance(block.get("verbs"), dict) or not block["verbs"]:
            _fail(path, f"{where}.verbs", "must map each base form to a list of its other forms")
        speech = block.get("speech", True)
        if not isinstance(speech, bool):
            _fail(path, f"{where}.speech", f"must be true or false, got {speech!r}")
        if speech:
            lex.speech_classes.add(cls)
        lex.class_descriptions[cls] = block["description"]
        for lemma, forms in block["verbs"].items():
            forms = [] if forms is None else forms
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                _fail(path, f"{where}.verbs.{lemma}", "must be a list of word forms")
            for form in [str(lemma), *forms]:
                form = form.strip().lower()
                if not re.fullmatch(r"\w+", form):
                    _fail(path, f"{where}.verbs.{lemma}", f"'{form}' is not one word; put "
                                                          f"phrases under cue_phrases")
                if form in lex.verbs and lex.verbs[form][1] != cls:
                    _fail(path, f"{where}.verbs.{lemma}",
                          f"'{form}' is already in class '{lex.verbs[form][1]}'; a word may have one class")
                lex.verbs[form] = (str(lemma), cls)
    for cls, phrases in (data.get("cue_phrases") or {}).items():
        if cls not in lex.class_descriptions:
            _fail(path, f"cue_phrases.{cls}", "is not a class of reporting_verbs")
        lex.phrases += [(p, cls) for p in _word_list(path, f"cue_phrases.{cls}", phrases, phrases=True)]
    markers = data.get("stance_markers")
    if not isinstance(markers, dict) or not markers:
        _fail(path, "stance_markers", "missing or not a mapping of categories")
    for cat, block in markers.items():
        where = f"stance_markers.{cat}"
        if not isinstance(block, dict) or not isinstance(block.get("description"), str):
            _fail(path, where, "must be a mapping with 'description' and 'entries'")
        lex.marker_descriptions[cat] = block["description"]
        lex.markers += [(e, cat) for e in _word_list(path, f"{where}.entries", block.get("entries"), phrases=True)]
    sources = data.get("source_words") or {}
    lex.vague = set(_word_list(path, "source_words.vague", sources.get("vague")))
    lex.institutional = set(_word_list(path, "source_words.institutional", sources.get("institutional")))
    lex.naming_cues = _word_list(path, "naming_cues", data.get("naming_cues"))
    lemmas = {lemma for lemma, _ in lex.verbs.values()}
    for lemma in _word_list(path, "quantity_senses", data.get("quantity_senses")):
        if lemma not in lemmas:
            _fail(path, "quantity_senses", f"'{lemma}' is not the base form of a reporting verb")
        lex.quantity_senses.add(lemma)
    return lex


# ---------------------------------------------------------------------------------------------
# quotation marks

_DOUBLE_OPEN = {"\u201c": "curly", "\u201e": "low", "\u00ab": "guillemet"}
_DOUBLE_CLOSE = {"\u201d": "curly", "\u00bb": "guillemet"}
_SINGLE_OPEN = {"\u2018": "curly", "\u2039": "guillemet"}
_SINGLE_CLOSE = {"\u2019": "curly", "\u203a": "guillemet"}
_MARK_RE = re.compile("[\"'\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019\u2039\u203a]")
_OPENERS = set(_DOUBLE_OPEN) | set(_SINGLE_OPEN)
_CLOSERS = set(_DOUBLE_CLOSE) | set(_SINGLE_CLOSE)
_ELISIONS = ("em", "tis", "twas", "til", "cause", "n", "bout", "nuff")


@dataclass(slots=True)
class _Mark:
    pos: int
    family: str  # "double" / "single"
    type: str    # "curly", "straight", ...


@dataclass
class QuoteSpan:
    """One pair of quotation marks: ``open``/``close`` positions of the marks (``None`` when
    missing) and ``start``/``end`` of the words between them."""

    open: int | None
    close: int | None
    start: int
    end: int
    family: str
    status: str = "ok"
    level: int = 0


def _role(text: str, i: int, lo: int, hi: int, stack: list[_Mark]) -> tuple[str, str, str] | None:
    """``(role, family, type)`` of the mark at ``i`` in paragraph ``[lo, hi)``, or ``None``
    for an apostrophe."""
    ch = text[i]
    prev = text[i - 1] if i > lo else ""
    nxt = text[i + 1] if i + 1 < hi else ""
    if ch == "'" and prev.isalnum() and nxt.isalnum():
        return None  # don't, Russia's: by far the most common case
    if ch == "\u201d" and (prev == "" or prev.isspace()) and nxt.isalnum() \
            and not any(m.family == "double" for m in stack):
        return "open", "double", "curly"  # a typo: ” where “ was meant
    if ch in _DOUBLE_OPEN:
        return "open", "double", _DOUBLE_OPEN[ch]
    if ch in _DOUBLE_CLOSE:
        return "close", "double", _DOUBLE_CLOSE[ch]
    if ch in _SINGLE_OPEN:
        return "open", "single", _SINGLE_OPEN[ch]
    if ch in _SINGLE_CLOSE:
        return "close", "single", _SINGLE_CLOSE[ch]
    left_open = prev == "" or prev.isspace() or prev in "([{\u2014\u2013-/" or prev in _OPENERS or prev in "\"'"
    right_close = nxt == "" or nxt.isspace() or nxt in ".,;:!?)]}\u2014\u2013-" or nxt in _CLOSERS or nxt in "\"'"
    open_here = any(m.family == ("double" if ch == '"' else "single") and m.type == "straight" for m in stack)
    if ch == '"':
        if left_open and not right_close:
            return "open", "double", "straight"
        if right_close and not left_open:
            return "close", "double", "straight"
        if open_here:
            return "close", "double", "straight"
        return None if (left_open and right_close) else ("open", "double", "straight")
    # straight single: apostrophe unless the context says otherwise
    if left_open and nxt.isalnum():
        word = re.match(r"\w+", text[i + 1:hi])
        if re.match(r"\d\d", text[i + 1:i + 3]) or (word and word.group().lower() in _ELISIONS):
            return None  # '90s, 'em
        return "open", "single", "straight"
    if right_close and (prev.isalnum() or prev in ".,!?") and open_here:
        return "close", "single", "straight"
    return None


def pair_quotes(text: str) -> tuple[list[QuoteSpan], list[str]]:
    """Pair the quotation marks of ``text``. Returns ``(spans, problems)``.

    Paragraphs are read in turn. A quotation left open at the end of a paragraph continues when
    the next paragraph opens with a quotation mark of the same kind (the convention for quotes
    that run over several paragraphs); otherwise it is reported as ``unclosed`` and ends with
    its paragraph, so it never swallows the rest of the article. A closing mark without an
    opening one is reported as ``unopened``. A straight single mark that never closes is read
    as an apostrophe, since it usually is one.
    """
    from .segment import split_paragraphs

    spans: list[QuoteSpan] = []
    problems: list[str] = []
    stack: list[_Mark] = []
    paragraphs = split_paragraphs(text)
    for n, (lo, hi) in enumerate(paragraphs):
        skip = None
        if stack and (text[lo] in _OPENERS or text[lo] in "\"'"):
            role = _role(text, lo, lo, hi, [])
            if role and role[0] == "open" and any(m.family == role[1] for m in stack):
                skip = lo  # continuation mark of a multi-paragraph quote
        if skip is None and stack:
            _close_unclosed(text, stack, spans, problems, paragraphs[n - 1][1])
        for m in _MARK_RE.finditer(text, lo, hi):
            i = m.start()
            if i == skip:
                continue
            if text[i] == "'" and lo < i < hi - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
                continue  # an apostrophe inside a word, the most common case (see _role)
            role = _role(text, i, lo, hi, stack)
            if role is None:
                continue
            kind, family, mtype = role
            if kind == "open":
                stack.append(_Mark(i, family, mtype))
                continue
            k = next((j for j in range(len(stack) - 1, -1, -1)
                      if stack[j].family == family and stack[j].type == mtype), None)
            if k is None:
                k = next((j for j in range(len(stack) - 1, -1, -1) if stack[j].family == family), None)
            if k is None:
                spans.append(QuoteSpan(None, i, i, i, family, "unopened"))
                problems.append(f"closing quotation mark {text[i]!r} at {i} has no opening mark: "
                                f"...{text[max(lo, i - 40):i + 1]}")
                continue
            inner = stack[k + 1:]
            del stack[k + 1:]
            _close_unclosed(text, inner, spans, problems, i)
            mark = stack.pop()
            spans.append(_span(text, mark.pos, i, family, "ok"))
    if stack:
        _close_unclosed(text, stack, spans, problems, paragraphs[-1][1] if paragraphs else len(text))
    spans.sort(key=lambda s: (s.start, -s.end))
    for k, s in enumerate(spans):
        # a span holding this one starts no later and ends no earlier, so it is sorted before it
        s.level = sum(1 for o in spans[:k] if o.status != "unopened"
                      and s.end <= o.end and (o.start, o.end) != (s.start, s.end))
    return spans, problems


def _span(text, open_pos, close_pos, family, status) -> QuoteSpan:
    start, end = open_pos + 1, close_pos
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuoteSpan(open_pos, close_pos if status == "ok" else None, start, end, family, status)


def _close_unclosed(text, marks, spans, problems, end):
    for mark in marks:
        if mark.type == "straight" and mark.family == "single":
            continue  # most likely an apostrophe
        spans.append(_span(text, mark.pos, end, mark.family, "unclosed"))
        problems.append(f"opening quotation mark {text[mark.pos]!r} at {mark.pos} is never closed: "
                        f"{text[mark.pos:mark.pos + 40]}...")
    marks.clear()


# ---------------------------------------------------------------------------------------------
# tokens


@dataclass(slots=True)
class _Tok:
    text: str
    tag: str
    start: int
    end: int
    low: str  # the word in lower case


_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|St|Jr|Sr|Prof|Rev|Hon|Pres)\."
    r"|\w+(?:[-.]\w+)*(?:'(?!s\b)\w+)?|'s\b|\S"
)
_SPACED_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")
"""A token with the white space before it. Every character that is not white space belongs to
a token (the last branch of :data:`_TOKEN` takes any one), so reading these one after another
gives the tokens of :data:`_TOKEN` and, by counting lengths, where each starts and ends."""
_WORD_RUN = re.compile(r"\w+")
_NP_TAGS = {"NN", "NNS", "NNP", "NNPS", "DT", "PRP$", "JJ", "JJR", "JJS", "CD", "POS", "VBN"}
_CONNECT = {"of", "for", "at", "and", "&"}
_SKIP_LEFT = {"has", "have", "had", "was", "is", "were", "would", "will", "also", "then", "later",
              "previously", "once", "again", "repeatedly", "recently", "publicly", "privately",
              "been", "now", "further", "subsequently", "reportedly", "allegedly", "'s", "just",
              "first", "still", "never"}
_TIME = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
         "yesterday", "tonight", "january", "february", "march", "april", "may", "june", "july",
         "august", "september", "october", "november", "december", "jan.", "feb.", "aug.",
         "sept.", "oct.", "nov.", "dec.", "earlier", "week", "month", "year", "morning",
         "evening", "night", "afternoon", "last", "this", "next"}
_PRONOUNS = {"he", "she", "they", "i", "we", "it", "you"}
_DETERMINERS = {"a", "an", "the", "another", "one", "some", "his", "her", "their", "its", "our"}


@lru_cache(maxsize=1)
def _textblob_tagger():
    """TextBlob's English lexicon, number pattern and suffix rules (imported once, when first
    needed)."""
    from textblob._text import CD, _suffix_rules
    from textblob.en import lexicon

    return lexicon, CD, _suffix_rules


@lru_cache(maxsize=50_000)
def _word_tag(word: str, first: bool = False) -> str:
    """The part-of-speech tag TextBlob's English tagger gives ``word``.

    That tagger reads every word on its own: the English parser of TextBlob applies no context
    rules. A word is looked up in the lexicon (the first word of a text also in lower case);
    an unknown word is ``NNP`` when capitalised, ``CD`` when it is a number, and otherwise gets
    a tag from its suffix (-ing, -ly, -ed, ...). So a tag depends only on the word and on
    whether it opens the text, and one look-up per word type gives the same tags as running
    the tagger over each sentence, many times faster.
    """
    lexicon, CD, _suffix_rules = _textblob_tagger()
    word = word.replace("/", "|")  # as when the words are joined into a tagged string
    tag = lexicon.get(word) or (first and lexicon.get(word.lower())) or None
    if tag is not None:
        return tag
    if word.istitle():
        return "NNP"
    if CD.match(word):
        return "CD"
    return _suffix_rules([word, "NN"])[1]


@lru_cache(maxsize=50_000)
def _tag_and_lower(word: str) -> tuple[str, str]:
    """``(tag, lower case)`` of a word that is not the first of its text."""
    return _word_tag(word), word.lower()


def _tag_tokens(words: list[str]) -> list[str]:
    """Part-of-speech tags of ``words`` read as one text (see :func:`_word_tag`)."""
    return [_word_tag(w, True) if i == 0 else _word_tag(w) for i, w in enumerate(words)]


def _quote_blocks(quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation, its quotation marks included."""
    return [(q.open if q.open is not None else q.start, (q.close + 1) if q.close is not None else q.end)
            for q in quotes]


def _tokens(text: str, lo: int, hi: int, blocks: list[tuple[int, int]]) -> list[_Tok]:
    """Tokens of ``text[lo:hi]``; each quotation block (see :func:`_quote_blocks`) is one
    ``QUOTE`` token."""
    inside = sorted((max(a, lo), min(b, hi)) for a, b in blocks if b > lo and a < hi)
    toks: list[_Tok] = []
    pos = lo
    for a, b in inside + [(hi, hi)]:
        if a < pos:
            continue
        end = pos
        for space, word in _SPACED_TOKEN.findall(text, pos, a):
            start = end + len(space)
            end = start + len(word)
            tag, low = _tag_and_lower(word)
            toks.append(_Tok(word, tag, start, end, low))
        if a < b:
            toks.append(_Tok("something", "QUOTE", a, b, "something"))
        pos = max(pos, b)
    if toks and toks[0].tag != "QUOTE":
        toks[0].tag = _word_tag(toks[0].text, True)  # the first word is also looked up in lower case
    return toks


def _is_np(t: _Tok) -> bool:
    return (t.tag in _NP_TAGS or t.tag.startswith("NN")) and t.text not in ",.;:"


def _trim_np(toks, a, b):
    """Trim connectors, time words and stray determiners from the token range ``[a, b)``."""
    while a < b and (toks[a].low in _CONNECT or toks[a].low in _TIME or toks[a].tag == "POS"
                     or toks[a].tag == "CD"):
        a += 1
    while b > a and (toks[b - 1].low in _CONNECT or toks[b - 1].low in _TIME
                     or toks[b - 1].tag in ("DT", "POS", "JJ", "PRP$", "CD")):
        b -= 1
    if b <= a or not any(t.tag.startswith("NN") or t.tag == "PRP" for t in toks[a:b]):
        return None
    return a, b


def _np_left(toks, c):
    """Subject noun phrase ending right before token ``c`` (skipping 'has', 'also', ...)."""
    j = c - 1
    skipped = 0
    while j >= 0 and skipped < 3 and (toks[j].low in _SKIP_LEFT or toks[j].tag in ("RB", "MD")):
        j -= 1
        skipped += 1
    # a time phrase between subject and verb: "Trump on Monday said"
    k = j
    while k >= 0 and toks[k].low in _TIME or (k >= 0 and toks[k].tag == "CD"):
        k -= 1
    if k < j and k >= 0 and toks[k].low in ("on", "last", "this", "earlier", "in"):
        j = k - 1
    if j < 0:
        return None
    if toks[j].tag == "PRP" or toks[j].low in _PRONOUNS:
        return (j, j + 1) if toks[j].low in _PRONOUNS else None
    end = j + 1
    if toks[j].text == ")":  # "Rep. Gwen Moore (D-Wis.) said"
        k = j - 1
        while k > 0 and k > j - 8 and toks[k].text != "(":
            k -= 1
        if toks[k].text != "(" or k == 0:
            return None
        j = k - 1
        span = _np_left(toks, k)
        return (span[0], end) if span else None
    while j >= 0 and (_is_np(toks[j]) or (toks[j].low in _CONNECT and 0 < j < end - 1
                                          and _is_np(toks[j - 1]) and _is_np(toks[j + 1]))):
        j -= 1
    span = _trim_np(toks, j + 1, end)
    if span and toks[span[0]].low in _DETERMINERS | {"a", "an"} and span[0] >= 2 \
            and toks[span[0] - 1].text == ",":
        # apposition without its second comma: "Maria Zakharova, a spokesperson for X said"
        name = _np_left(toks, span[0] - 1)
        if name and any(t.tag.startswith("NNP") for t in toks[name[0]:name[1]]):
            return name
    return span


def _np_right(toks, c):
    """Noun phrase starting right after token ``c`` ('said Trump', 'according to X')."""
    j = c + 1
    if j < len(toks) and toks[j].low in _PRONOUNS:
        return (j, j + 1)
    start = j
    while j < len(toks) and (_is_np(toks[j]) or (toks[j].low in _CONNECT and j > start
                                                 and j + 1 < len(toks) and _is_np(toks[j + 1]))):
        j += 1
    return _trim_np(toks, start, j)


_RELATIVE = {"who", "whose", "whom", "which"}


def _apposition_left(toks, c):
    """'Trump, the Republican nominee, said': the name before a comma-delimited description;
    the description may also be a relative clause ('The minister, who had resigned, said')."""
    j = c - 1
    while j >= 0 and (toks[j].low in _SKIP_LEFT or toks[j].tag in ("RB", "MD")):
        j -= 1
    if j < 1 or toks[j].text != ",":
        return None
    k = j - 1
    while k >= 0 and toks[k].text != "," and toks[k].tag != "QUOTE" and k > j - 25:
        k -= 1
    if k < 1 or toks[k].text != ",":
        return None
    desc = toks[k + 1:j]
    if not desc:
        return None
    if desc[0].low not in _RELATIVE:
        if len(desc) > 13 or not (desc[0].low in _DETERMINERS or desc[0].tag.startswith("NN")
                                  or desc[0].tag.startswith("JJ")):
            return None
        if any(t.tag.startswith("VB") and t.tag != "VBN" for t in desc):
            return None
    name = _np_left(toks, k)
    if name and (desc[0].low in _RELATIVE or toks[name[0]].low == "the"
                 or any(t.tag.startswith("NNP") or t.low in _PRONOUNS for t in toks[name[0]:name[1]])):
        return name
    return None


@dataclass(slots=True)
class _Attribution:
    cue: tuple[int, int] | None      # token range of the cue
    speaker: tuple[int, int] | None  # token range of the speaker
    cue_class: str | None
    side: str                        # "before" (cue then content) / "after" / "according"


def _cue_at(toks, i, lex) -> tuple[int, int, str] | None:
    """``(start_tok, end_tok, class)`` when a speech cue starts at token ``i``."""
    t = toks[i]
    if t.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
        return i, i + 2, lex.verb_class("according") or "neutral"
    cls = lex.verb_class(t.low)
    if not cls or cls not in lex.speech_classes:
        return None
    if t.text[0].isupper() and i > 0:
        return None  # "the Union State": a name, not a verb
    if i + 1 < len(toks) and _counts_something(lex, t.low, toks[i + 1].text):
        return None  # "a plan to admit 2,000 students": not speech
    if t.tag.startswith("VB"):
        return i, i + 1, cls
    # the tagger sometimes reads a verb as a noun: "The Post reports that ..."
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is not None and nxt is not None and (prev.tag in ("NNP", "NNPS", "PRP", "NNS")) \
            and (nxt.low in ("that", ":", ",") or nxt.tag == "QUOTE"):
        return i, i + 1, cls
    return None


_CONTENT_SKIP = _TIME | {"on", "in", "that", ","}  # words between a cue and the reported content
_NOT_PARAPHRASE = {"call", "calls", "called", "calling", "put", "puts", "putting"}
_FINITE = ("VBD", "VBZ", "VBP", "NN", "NNS")
_DASHES = {"\u2015", "\u2014", "\u2013", "-"}


def _counts_something(lex: ReportingLexicon, form: str, following: str) -> bool:
    """True when the verb ``form`` is one of the word list's ``quantity_senses`` and the
    next word (``following``) is a number: "admit 2,000 students", "added 500 jobs"."""
    hit = lex.verbs.get(form)
    return bool(hit and hit[0] in lex.quantity_senses and _NUMBER_WORD.match(following))


_NUMBER_WORD = re.compile(r"\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|"
                          r"thousands|millions)\b", re.I)


def _subject(toks):
    """The noun phrase that opens the clause (after an introductory phrase ending in a comma)."""
    start = 0
    if toks and (toks[0].tag in ("IN", "RB", "TO") or toks[0].low in _TIME):
        comma = next((k for k, t in enumerate(toks[:12]) if t.text == ","), None)
        if comma is not None:
            start = comma + 1
    if start < len(toks) and toks[start].low in _PRONOUNS:
        return start, start + 1
    return _np_right(toks, start - 1)


def _attributions(toks, lex) -> list[_Attribution]:
    """Every cue in ``toks`` with the speaker found next to it."""
    out = []
    cue_words = lex.cue_words
    for i in [i for i, t in enumerate(toks) if t.low in cue_words]:
        hit = _cue_at(toks, i, lex)
        if not hit:
            continue
        a, b, cls = hit
        if toks[i].low == "according":
            out.append(_Attribution((a, b), _np_right(toks, b - 1), cls, "according"))
            continue
        prev = toks[a - 1] if a > 0 else None
        if prev is not None and (prev.low == "to" or (prev.text == "," and toks[a].tag == "VBG")):
            # "Trump took to Twitter to accuse ...", "Clinton mocked it, saying ..."
            out.append(_Attribution((a, b), _subject(toks[:a]), cls, "before"))
            continue
        speaker = _apposition_left(toks, a) or _np_left(toks, a)
        side = "before"
        if speaker is None and (prev is None or prev.text in ",:" or prev.tag == "QUOTE") \
                and cls in ("neutral", "questioning"):
            right = _np_right(toks, a)
            if right and toks[a].low not in ("told", "tell", "tells", "telling"):
                speaker, side = right, "inverted"
        out.append(_Attribution((a, b), speaker, cls, side))
    return out


class _Windows:
    """Tokens and attributions of the sentences of one article, each window read once.

    ``window(i0, i1)`` are the tokens of sentences ``i0`` to ``i1`` (indexes into
    ``sent_spans``), with each outer quotation as one ``QUOTE`` token;
    ``window.attributions(i0, i1)`` the cues and speakers found in them;
    ``window.named_subjects(i)`` the names a later pronoun in the article can refer to.
    """

    def __init__(self, text: str, sent_spans: list, outer: list[QuoteSpan], lex):
        self.text, self.sent_spans, self.lex = text, sent_spans, lex
        self.blocks = sorted(_quote_blocks(outer))
        self._block_starts = [a for a, _ in self.blocks]
        self._reach = list(accumulate((b for _, b in self.blocks), max))  # furthest end so far
        low = text.lower()
        self.low = low if len(low) == len(text) else None  # lower case, position for position
        self._tokens: dict = {}
        self._attributions: dict = {}
        self._named: dict = {}

    def __call__(self, i0: int, i1: int) -> list[_Tok]:
        key = (i0, i1)
        if key not in self._tokens:
            lo, hi = self.sent_spans[i0][1], self.sent_spans[i1][2]
            # only the blocks from the first that reaches past ``lo`` to the last starting
            # before ``hi`` can overlap the window
            blocks = self.blocks[bisect_right(self._reach, lo):bisect_left(self._block_starts, hi)]
            self._tokens[key] = _tokens(self.text, lo, hi, blocks)
        return self._tokens[key]

    def attributions(self, i0: int, i1: int) -> list[_Attribution]:
        key = (i0, i1)
        if key not in self._attributions:
            lo, hi = self.sent_spans[i0][1], self.sent_spans[i1][2]
            # the words of the window alone, as if cut out of the text
            low = self.low[lo:hi] if self.low is not None else self.text[lo:hi].lower()
            if self.lex.cue_head_pattern.search(low):
                self._attributions[key] = _attributions(self(i0, i1), self.lex)
            else:  # no cue word, so no need to read the words
                self._attributions[key] = []
        return self._attributions[key]

    def named_subjects(self, i: int) -> list[tuple[int, int, str]]:
        if i not in self._named:
            self._named[i] = _named_subjects(self, i)
        return self._named[i]


# ---------------------------------------------------------------------------------------------
# find_quotes


_TITLE_WORD = re.compile(r"[\w'-]+")
_TITLE_SMALL = {"of", "the", "and", "a", "an", "in", "on", "for", "to", "at", "by", "or", "with", "is"}
_COUNTED_WORD = re.compile(r"\w+(?:['-]\w+)*")


def _is_title(s: str) -> bool:
    words = _TITLE_WORD.findall(s)
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    return bool(content) and words[0][0].isupper() \
        and all(w[0].isupper() or w[0].isdigit() for w in content)


def _word_count(s: str) -> int:
    return len(_COUNTED_WORD.findall(s))


def _sentence_index(sent_starts: list[int], pos: int) -> int:
    """Index of the sentence containing character ``pos`` (or the last one starting before it),
    given the start of each sentence in text order."""
    return max(0, bisect_right(sent_starts, pos) - 1)


def _speaker_type(words: list[_Tok], lex) -> str:
    if not words:
        return "unresolved"
    if len(words) == 1 and words[0].low in _PRONOUNS:
        return "unresolved"
    head_part = words
    for k, t in enumerate(words):
        if t.low in ("of", "for", "at") and k > 0:
            head_part = words[:k]
            break
    head = head_part[-1].low
    if head in lex.institutional:
        return "institutional"
    if head in lex.vague:
        return "vague"
    if any(t.tag.startswith("NNP") for t in words):
        return "named"
    return "described"


def _prepare(caller: str, articles: pd.DataFrame, sentences, lexicon):
    """The word list, the articles to read (status ``ok``) and their sentences (split here
    when not given), with a clear error when the articles table lacks a needed column."""
    missing = {"doc_id", "text"} - set(articles.columns)
    if missing:
        raise KeyError(f"{caller} needs columns {sorted(missing)} in the articles table")
    lex = lexicon if isinstance(lexicon, ReportingLexicon) else load_reporting(lexicon)
    rows = articles
    if "status" in articles.columns:
        rows = articles[articles["status"] == "ok"]
    if sentences is None:
        from .segment import split_sentences

        sentences = split_sentences(rows)
    return lex, rows, sentences


def find_quotes(articles: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                actors=None, lexicon: ReportingLexicon | str | Path | None = None,
                paraphrase: bool = True) -> pd.DataFrame:
    """The quotes table: one row per quotation (and per paraphrase) of every ``ok`` article.

    Columns: ``doc_id``, ``sent_id`` (sentence where the quote starts), ``start``, ``end`` (the
    quoted words, without the quotation marks; for a paraphrase, the reported content),
    ``text``, ``kind`` (see :data:`KINDS`), ``speaker`` (an actor id when the actor codebook
    or the entity layer knows the speaker, else the speaker's words; a pronoun is replaced by the last named speaker
    when there is one), ``speaker_start``, ``speaker_end`` (where the speaker is mentioned for
    this quote: the name or the pronoun), ``cue`` (reporting verb or phrase), ``cue_start``,
    ``cue_end``; and ``speaker_text`` (the words at the speaker span), ``speaker_type`` (named /
    institutional / vague / described / unresolved), ``cue_class`` (the verb's class in the word
    list), ``level`` (0 for an outer quotation, 1 inside another), ``status`` (ok / unclosed /
    unopened, see :data:`STATUSES`), ``words`` and ``actor`` (the speaker's actor id, from the
    codebook or the entity layer, ``<NA>`` when the speaker is no known actor). Spans are
    ``<NA>`` when there is no speaker or cue.

    ``actors`` links speakers to the actor codebook: ``None`` uses the default codebook when
    :mod:`analysis.actors` is available, a mentions table (``doc_id, start, end, actor``) or a
    codebook object is used as given, and ``False`` turns linking off. Unbalanced quotation
    marks give a :class:`QuoteWarning` and a row with that status; the rest of the article is
    read as usual.
    """
    lex, rows, sentences = _prepare("find_quotes", articles, sentences, lexicon)
    mentions = _actor_mentions(rows, sentences, actors)
    # (sent_id, start, end) of each article's sentences and its actor mentions, gathered once
    sent_spans_of: dict = {}
    for doc_id, sent_id, start, end in zip(*(sentences[c].tolist() for c in ("doc_id", "sent_id", "start", "end"))):
        sent_spans_of.setdefault(doc_id, []).append((int(sent_id), int(start), int(end)))
    for spans in sent_spans_of.values():
        spans.sort(key=lambda span: span[1])  # in text order
    mentions_of = _mentions_by_doc(mentions)
    records = []
    for doc_id, text in zip(rows["doc_id"], rows["text"]):
        if not isinstance(text, str) or not text.strip():
            continue
        sent_spans = sent_spans_of.get(doc_id)
        if not sent_spans:
            continue
        records += _quotes_of(doc_id, text, sent_spans, lex, mentions_of.get(doc_id), paraphrase)
    if all(isinstance(r["doc_id"], str) for r in records):
        # the order sort_values gives the table (a stable sort), found on the plain rows
        records.sort(key=itemgetter("doc_id", "start", "level"))
        return _quotes_frame(records)
    # other doc ids are compared as the strings they become in the table
    return _quotes_frame(records).sort_values(["doc_id", "start", "level"],
                                              kind="stable").reset_index(drop=True)


_INT_COLUMNS = frozenset(["sent_id", "start", "end", "speaker_start", "speaker_end", "cue_start",
                          "cue_end", "level", "words"])


def _quotes_frame(records: list[dict]) -> pd.DataFrame:
    """The quotes table of ``records`` in their order: the offsets, ``level`` and ``words`` as
    nullable ``Int64`` (``<NA>`` for ``None``), the other columns as ``string``."""
    columns = {}
    for col in QUOTE_COLUMNS:
        values = [r[col] for r in records]
        if col in _INT_COLUMNS:
            missing = np.array([v is None for v in values], dtype=bool)
            numbers = np.array([0 if v is None else v for v in values], dtype=np.int64)
            columns[col] = pd.arrays.IntegerArray(numbers, missing)
        else:
            columns[col] = pd.array(values, dtype="string")
    return pd.DataFrame(columns)


def _quotes_of(doc_id, text, sent_spans, lex, mentions, paraphrase) -> list[dict]:
    sent_starts = [start for _, start, _ in sent_spans]
    spans, problems = pair_quotes(text)
    for p in problems:
        warnings.warn(f"{doc_id}: {p}", QuoteWarning, stacklevel=4)
    # an unopened quote runs from the start of its sentence (or the previous quote) to the mark
    for s in spans:
        if s.status == "unopened":
            i = _sentence_index(sent_starts, s.close)
            start = sent_spans[i][1]
            prev_ends = [o.close + 1 for o in spans if o.close is not None and o.close < s.close
                         and o is not s and o.status == "ok"]
            start = max([start] + [e for e in prev_ends if e <= s.close])
            while start < s.close and text[start].isspace():
                start += 1
            s.start, s.end = start, s.close
    outer = [s for s in spans if s.level == 0 and s.end > s.start]
    window = _Windows(text, sent_spans, outer, lex)
    out = []
    last_by_sentence: dict[int, dict] = {}
    for q in spans:
        if q.end <= q.start:
            continue
        i0 = _sentence_index(sent_starts, q.start)
        i1 = _sentence_index(sent_starts, max(q.start, q.end - 1))
        inner = text[q.start:q.end]
        row = _row(doc_id, sent_spans[i0][0], q.start, q.end, inner)
        row.update(level=q.level, status=q.status, words=_word_count(inner))
        if q.level > 0:
            row["kind"] = "nested"
            out.append(row)
            continue
        toks = window(i0, i1)
        qi = next((k for k, t in enumerate(toks) if t.tag == "QUOTE" and t.start <= q.start < t.end), None)
        att = _choose_attribution(toks, qi, lex, text, sent_spans, i0, i1, window) if qi is not None else None
        if att is not None:
            att_toks, a = att
            _fill_attribution(row, text, att_toks, a, lex)
        _classify(row, text, q, lex, attributed=att is not None, sent_start=sent_spans[i0][1])
        if att is None and row["kind"] in ("direct", "partial"):
            prev = next((last_by_sentence[k] for k in (i0, i0 - 1, i0 - 2) if k in last_by_sentence), None)
            if prev is not None:  # continuation of the previous speaker's quotation
                for col in ("speaker", "speaker_start", "speaker_end", "speaker_text", "speaker_type"):
                    row[col] = prev[col]
                row["kind"] = "direct" if row["kind"] == "direct" or row["words"] >= 6 else "partial"
        if row["speaker_text"] is not None:
            _resolve_pronoun(row, window, i0)
            last_by_sentence[i1] = row
        out.append(row)
    if paraphrase:
        out += _paraphrases(doc_id, text, sent_spans, outer, lex, window)
    if mentions:
        for row in out:
            _link_actor(row, mentions)
    return out


def _row(doc_id, sent_id, start, end, text) -> dict:
    row = {c: None for c in QUOTE_COLUMNS}
    row.update(doc_id=doc_id, sent_id=sent_id, start=start, end=end, text=text)
    return row


def _choose_attribution(toks, qi, lex, text, sent_spans, i0, i1, window):
    """The attribution of the quote token ``qi``: a dash or a cue right after the quote, then
    the nearest cue before it, then a cue closing the sentence, then 'according to', then a
    cue ending the previous sentence with a colon ("He said:")."""
    atts = window.attributions(i0, i1)
    # 0. "“...” ― Name" (a dash and a name after the quote)
    if qi + 1 < len(toks) and toks[qi + 1].text in _DASHES:
        spk = _np_right(toks, qi + 1)
        if spk and any(t.tag.startswith("NNP") for t in toks[spk[0]:spk[1]]):
            return toks, _Attribution((qi + 1, qi + 2), spk, "neutral", "after")
    # 1. "..., Trump said" / "..., said Trump" right after the quote
    for a in atts:
        if a.speaker is None or a.side == "according":
            continue
        first = min(a.cue[0], a.speaker[0])
        gap = [t for t in toks[qi + 1:first] if t.text not in ","]
        if first > qi and not gap and (toks[a.cue[0]].tag in _FINITE or a.side == "inverted"):
            return toks, a
    # 2. the nearest cue before the quote (a finite verb first)
    before = [a for a in atts if a.cue[1] <= qi and a.speaker is not None and a.side != "according"]
    finite = [a for a in before if toks[a.cue[0]].tag in _FINITE]
    if finite or before:
        return toks, (finite or before)[-1]
    rest = [t for t in toks[qi + 1:] if t.text[:1].isalnum() or t.tag == "QUOTE"]
    quote_text = text[toks[qi].start:toks[qi].end].rstrip("\"\u201d\u2019' ")
    if not rest and i1 + 1 < len(sent_spans) and sent_spans[i1 + 1][1] - sent_spans[i1][2] <= 2:
        # the sentence ends with the quote; the attribution may have been split off:
        # "“...?” Graham asked."
        _, lo, hi = sent_spans[i1 + 1]
        if text[lo:hi].lstrip()[:1] in _DASHES:  # "“...” ― Ana Lopez" split off
            nxt = window(i1 + 1, i1 + 1)
            if len(nxt) > 1 and nxt[0].text in _DASHES:
                spk = _np_right(nxt, 0)
                if spk and any(t.tag.startswith("NNP") for t in nxt[spk[0]:spk[1]]):
                    return nxt, _Attribution((0, 1), spk, "neutral", "after")
        for a in window.attributions(i1 + 1, i1 + 1):
            nxt = window(i1 + 1, i1 + 1)
            if a.speaker is None or a.cue[0] > 8 or a.side == "according":
                continue
            first = min(a.cue[0], a.speaker[0])
            lower = nxt[0].text[:1].islower()
            tail = nxt[max(a.cue[1], a.speaker[1]):]
            short = len(tail) <= 6 and not any(t.tag.startswith("VB") for t in tail)
            if short and (first == 0 or lower) and (lower or quote_text.endswith(("?", "!"))):
                return nxt, a
            break
    # 3. a cue at the end of the sentence: "..., Trump claimed."
    for a in atts:
        if a.cue[0] > qi and a.speaker is not None and a.side in ("before", "inverted"):
            first = min(a.cue[0], a.speaker[0])
            if first > 0 and toks[first - 1].text == "," and \
                    all(not t.text[0].isalnum() for t in toks[max(a.cue[1], a.speaker[1]):]):
                return toks, a
    # 4. according to X
    acc = [a for a in atts if a.side == "according" and a.speaker is not None]
    if acc:
        return toks, acc[0]
    # 5. "He said:" closing the previous sentence, the quote opening this one
    if i0 > 0 and qi == 0 and text[sent_spans[i0 - 1][1]:sent_spans[i0 - 1][2]].rstrip().endswith(":"):
        prev = window(i0 - 1, i0 - 1)
        if prev and prev[-1].text == ":":
            p_atts = [a for a in window.attributions(i0 - 1, i0 - 1) if a.speaker is not None]
            if p_atts:
                return prev, p_atts[-1]
    return None


def _fill_attribution(row, text, toks, a: _Attribution, lex):
    c0, c1 = a.cue
    row.update(cue=text[toks[c0].start:toks[c1 - 1].end], cue_start=toks[c0].start,
               cue_end=toks[c1 - 1].end, cue_class=a.cue_class)
    if a.speaker:
        s0, s1 = a.speaker
        words = text[toks[s0].start:toks[s1 - 1].end]
        row.update(speaker=words, speaker_text=words, speaker_start=toks[s0].start,
                   speaker_end=toks[s1 - 1].end, speaker_type=_speaker_type(toks[s0:s1], lex))


def _classify(row, text, q: QuoteSpan, lex, *, attributed: bool, sent_start: int):
    inner = row["text"]
    words = row["words"]
    lead = text[max(sent_start, (q.open or q.start) - 30):q.open if q.open is not None else q.start]
    lead_words = lead.lower().split()
    naming = any(" ".join(lead_words[-n:]) in cues for n, cues in lex.naming_cues_by_length.items()) \
        if lead_words else False
    title = words <= 6 and _is_title(inner) and not re.search(r"[.?!]\W*$", inner[:-1] or "x") \
        and not re.search(r"\b(I|We|You)\b", inner)
    starts_upper = inner[:1].isupper() or inner[:1].isdigit()
    at_start = not text[sent_start:q.open if q.open is not None else q.start].strip()
    after_colon = lead.rstrip().endswith((":", ","))
    distanced = bool(lead_words) and lead_words[-1].strip("\"'“‘(") in lex.distancers
    if distanced and words <= 6:
        row["kind"] = "scare"  # so-called "peace plan": the writer keeps the words at a distance
    elif attributed and at_start and starts_upper and re.search(r"[,.?!]$", inner):
        row["kind"] = "direct"  # "No," said the minister.
    elif (title and (naming or words <= 4)) or (naming and words <= 4 and not attributed):
        row["kind"] = "term"
    elif attributed:
        direct = starts_upper and (at_start or after_colon or words >= 8 or re.search(r"[.,?!]$", inner))
        row["kind"] = "direct" if direct else "partial"
    elif words <= 4 and not re.search(r"[.?!]$", inner):
        row["kind"] = "scare"
    else:
        row["kind"] = "direct" if starts_upper else "partial"


def _named_subjects(window: _Windows, i: int) -> list[tuple[int, int, str]]:
    """``(position, sentence index, words)`` of the named speakers and the named clause subject
    of sentence ``i``: the candidates a later 'he' or 'she' can refer to."""
    toks = window(i, i)
    spans = [a.speaker for a in window.attributions(i, i) if a.speaker]
    subj = _subject(toks)
    if subj:
        spans.append(subj)
    found = []
    for a, b in spans:
        words = toks[a:b]
        if _speaker_type(words, window.lex) == "named":
            found.append((words[0].start, i, window.text[words[0].start:words[-1].end]))
    return found


def _resolve_pronoun(row, window: _Windows, sent_index):
    """Replace a 'he'/'she' speaker by the last named speaker or clause subject before it, at
    most three sentences back."""
    if (row["speaker_text"] or "").lower() not in ("he", "she"):
        return
    pos = row["speaker_start"]
    first = max(0, sent_index - 3)
    last = first
    while last < len(window.sent_spans) and window.sent_spans[last][1] < pos:
        last += 1
    best = None
    for i in range(last - 1, first - 1, -1):  # the nearest sentence first
        if best is not None and best[0] >= window.sent_spans[i][2]:
            continue  # every candidate of this sentence comes before the one found
        candidates = [c for c in window.named_subjects(i) if c[0] < pos]
        if candidates:
            best = max(candidates + ([best] if best is not None else []))
    if best is not None:
        row["speaker"] = best[2]
        row["speaker_type"] = "named"


def _paraphrases(doc_id, text, sent_spans, outer, lex, window) -> list[dict]:
    """Indirect speech: 'X said (that) ...', '..., X said.', 'according to X, ...'."""
    out = []
    quoted = [(q.open if q.open is not None else q.start, (q.close + 1) if q.close is not None else q.end)
              for q in outer]
    for i, (sent_id, s_lo, s_hi) in enumerate(sent_spans):
        atts = window.attributions(i, i)
        if not atts:
            continue
        toks = window(i, i)
        for a in atts:
            if a.speaker is None or toks[a.cue[0]].low in _NOT_PARAPHRASE:
                continue
            c0, c1 = a.cue
            last = len(toks)
            while last > 0 and toks[last - 1].text in ".!?":
                last -= 1
            if a.side == "according" and c0 <= 1 and a.speaker[1] < last and toks[a.speaker[1]].text == ",":
                content = (a.speaker[1] + 1, last)
            elif a.side in ("according", "before", "inverted") and min(c0, a.speaker[0]) > 1 \
                    and toks[min(c0, a.speaker[0]) - 1].text == "," and max(c1, a.speaker[1]) >= last - 3:
                content = (0, min(c0, a.speaker[0]) - 1)
            elif a.side == "before" and c1 < last:
                j = c1
                if toks[c0].low in ("told", "tell", "tells", "telling", "assured", "warned", "urged", "asked"):
                    obj = _np_right(toks, c0)
                    j = obj[1] if obj else j
                while j < last and (toks[j].low in _CONTENT_SKIP or toks[j].tag == "CD"):
                    j += 1
                content = (j, last)
            else:
                continue
            a0, a1 = content
            if a1 - a0 < 3:
                continue
            start, end = toks[a0].start, toks[a1 - 1].end
            covered = sum(max(0, min(end, qe) - max(start, qs)) for qs, qe in quoted
                          if qs < end and qe > start)
            if covered > 0.5 * (end - start):
                continue
            row = _row(doc_id, sent_id, start, end, text[start:end])
            row.update(kind="paraphrase", level=0, status="ok", words=_word_count(text[start:end]))
            _fill_attribution(row, text, toks, a, lex)
            _resolve_pronoun(row, window, i)
            out.append(row)
            break
    return out


# ---------------------------------------------------------------------------------------------
# actors (optional)


def _actor_mentions(articles, sentences, actors):
    if actors is False:
        return None
    if isinstance(actors, pd.DataFrame):
        mentions = actors
    else:
        try:
            from . import actors as actor_module
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
        out.setdefault(doc_id, []).append((start, end, actor, atype, kind, surface))
    return out


def _last_word(text) -> str:
    words = re.findall(r"\w[\w\-]*", str(text or ""))
    return words[-1].lower() if words else ""


def _link_actor(row, mentions):
    """Name the speaker by the actor whose mention overlaps the speaker span most (the first
    such mention on a tie), and set ``actor`` to its id. A pronoun speaker ("he said") is
    linked through a pronoun mention of the entity layer, which resolved it to a person of the
    right gender in reach; failing that, when the quote finder resolved the pronoun to a named
    subject of an earlier sentence, through the last mention before it that ends in the same
    word (so "Trump ... He said" is Trump's actor); otherwise the words stay as they are."""
    if row["speaker_start"] is None:
        return
    pronoun = (row["speaker_text"] or "").lower() in _PRONOUNS
    s, e = row["speaker_start"], row["speaker_end"]
    best, most = None, None
    for m_start, m_end, actor, atype, *rest in mentions:
        if pronoun and (not rest or rest[0] != "pronoun"):
            continue
        if m_start < e and m_end > s:
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


# ---------------------------------------------------------------------------------------------
# stance


def find_stance(articles: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                lexicon: ReportingLexicon | str | Path | None = None) -> pd.DataFrame:
    """The stance table: reporting verbs and hedging or distancing words, one row each.

    Columns: ``doc_id``, ``sent_id``, ``start``, ``end`` (offsets into the cleaned text),
    ``text`` (as written), ``marker`` (``reporting_verb``, ``cue_phrase``, ``hedge``,
    ``booster``, ``distancer`` or ``vague_source``), ``stance_class`` (for verbs the class in
    the word list: neutral, distancing, accusing, ...; for other markers the marker again) and
    ``entry`` (the word-list entry that matched: a verb's base form or the phrase).

    Reporting verbs count only where the tagger reads the word as a verb. A phrase inside a
    longer matched phrase is not repeated (``according to sources`` is one vague source).
    """
    lex, rows, sentences = _prepare("find_stance", articles, sentences, lexicon)
    records = []
    for doc_id, sent_id, s_lo, text in zip(*(sentences[c].tolist()
                                             for c in ("doc_id", "sent_id", "start", "text"))):
        if not isinstance(text, str):
            continue
        phrases, verbs = _stance_words(text, lex)
        taken = []
        for m in phrases:
            entry = re.sub(r"\s+", " ", m.group().lower())
            if entry in ("may", "march") and m.group()[0].isupper() and m.start() > 0:
                continue  # the month, not the modal verb
            cat, cls = lex.phrase_entries.get(entry, ("hedge", "hedge"))
            taken.append(m.span())
            records.append((doc_id, sent_id, s_lo + m.start(), s_lo + m.end(), m.group(), cat, cls, entry))
        for start, end in verbs:
            if any(a <= start < b for a, b in taken) or not _tag_at(text, start).startswith("VB"):
                continue
            word = text[start:end]
            if lex.quantity_senses and _counts_something(lex, word.lower(), text[end:end + 12].lstrip()):
                continue  # "admit 2,000 students": the verb does not report speech here
            lemma, cls = lex.verbs[word.lower()]
            records.append((doc_id, sent_id, s_lo + start, s_lo + end, word,
                            "reporting_verb", cls, lemma))
    by_doc = all(isinstance(r[0], str) for r in records)
    if by_doc:  # the order sort_values would give, found on the plain rows
        records.sort(key=itemgetter(0, 2))
    df = pd.DataFrame.from_records(records, columns=STANCE_COLUMNS)
    df = df.astype({"sent_id": "int64", "start": "int64", "end": "int64"})
    return df if by_doc else df.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _stance_words(text: str, lex: ReportingLexicon) -> tuple[list[re.Match], list[tuple[int, int]]]:
    """The stance phrases (matches) and the reporting-verb forms (``(start, end)``) of
    ``text``, read word by word.

    A phrase can only start at a word that is its first word, so only the phrases starting
    with that word are tried there, longest first; phrases do not overlap (the text after a
    phrase is read on from its end). A verb form is a word whose lower case is in the list.
    """
    lower = text.lower()
    if len(lower) == len(text):
        # Only the words that are a verb form or a phrase's first word need a look: one search
        # of the lower-case text finds them, leaving out first words that no phrase follows
        # (lower case keeps each character in its place here, and letters stay letters, so
        # the words found are words of ``text``).
        words = lex.stance_word_pattern.finditer(lower)
    else:  # a character whose lower case is longer ('İ'): read every word
        words = _WORD_RUN.finditer(text)
    phrases, verbs = [], []
    end = 0
    for word in words:
        pos, word_end = word.span()
        low = text[pos:word_end].lower()
        if low in lex.verbs:
            verbs.append((pos, word_end))
        if pos < end or (pos > 0 and text[pos - 1] == "-"):
            continue  # inside the last phrase, or part of a hyphenated word
        pattern = lex.phrase_at_word.get(low)
        if pattern is not None:
            m = pattern.match(text, pos)
            if m:
                phrases.append(m)
                end = m.end()
    return phrases, verbs


def _tag_at(text: str, pos: int) -> str:
    """The part-of-speech tag of the token of ``text`` that starts at ``pos`` ('' if none does)."""
    if pos == 0 or text[pos - 1].isspace():
        # no token holds a space, so a token starts here: read only that one
        token = _TOKEN.match(text, pos).group()
        return _word_tag(token, True) if not text[:pos].strip() else _word_tag(token)
    # after a hyphen, a full stop, a bracket, ...: read the tokens of the text up to ``pos``
    for k, m in enumerate(_TOKEN.finditer(text)):
        if m.start() >= pos:
            return _word_tag(m.group(), k == 0) if m.start() == pos else ""
    return ""


# ---------------------------------------------------------------------------------------------
# summaries


SUMMARY_COLUMNS = ["doc_id", "speaker", "speaker_type", "direct", "partial", "paraphrase",
                   "quoted_words", "paraphrased_words", "cues"]


def sourcing_summary(quotes: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """Who speaks in each article, and how.

    ``by="source"`` (default): one row per article and speaker. Columns: ``doc_id``,
    ``speaker``, ``speaker_type``, ``direct``, ``partial``, ``paraphrase`` (counts),
    ``quoted_words`` (words inside direct and partial quotes), ``paraphrased_words`` and
    ``cues`` (the reporting verbs used, most frequent first). Quotations without a speaker are
    grouped under speaker ``(no source)`` with type ``none``; scare quotes, terms and nested
    quotations are not speech and are left out.

    ``by="article"``: one row per article. Columns: ``doc_id``, ``sources`` (distinct
    speakers), ``named``, ``institutional``, ``vague``, ``described``, ``unresolved`` (speakers
    of each type), ``direct``, ``partial``, ``paraphrase``, ``quoted_words``,
    ``paraphrased_words``, ``unsourced_quotes`` (direct or partial quotes with no speaker),
    ``scare`` and ``term``.
    """
    if by not in ("source", "article"):
        raise ValueError(f"by must be 'source' or 'article', got {by!r}")
    missing = {"doc_id", "kind", "speaker", "words"} - set(quotes.columns)
    if missing:
        raise KeyError(f"sourcing_summary needs columns {sorted(missing)} in the quotes table")
    speech = quotes[quotes["kind"].isin(["direct", "partial", "paraphrase"])].copy()
    speech["speaker"] = speech["speaker"].astype("object").where(speech["speaker"].notna(), "(no source)")
    stype = speech["speaker_type"] if "speaker_type" in speech else pd.Series("unresolved", index=speech.index)
    speech["speaker_type"] = stype.astype("object").where(speech["speaker"] != "(no source)", "none").fillna("unresolved")
    speech["words"] = speech["words"].fillna(0).astype(int)
    cue = speech["cue"] if "cue" in speech else pd.Series(None, index=speech.index)
    speech["cue_l"] = cue.astype("object").str.lower()
    rows = []
    for (doc_id, speaker), g in speech.groupby(["doc_id", "speaker"], sort=False):
        counts = g["kind"].value_counts()
        quoted = g[g["kind"] != "paraphrase"]["words"].sum()
        para = g[g["kind"] == "paraphrase"]["words"].sum()
        cues = ", ".join(g["cue_l"].dropna().value_counts().index)
        rows.append((doc_id, speaker, g["speaker_type"].mode().iloc[0], int(counts.get("direct", 0)),
                     int(counts.get("partial", 0)), int(counts.get("paraphrase", 0)), int(quoted),
                     int(para), cues))
    per_source = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    per_source = per_source.sort_values(["doc_id", "quoted_words", "paraphrased_words"],
                                        ascending=[True, False, False], kind="stable").reset_index(drop=True)
    if by == "source":
        return per_source
    out = []
    for doc_id in pd.unique(quotes["doc_id"]):
        src = per_source[per_source["doc_id"] == doc_id]
        q = quotes[quotes["doc_id"] == doc_id]
        real = src[src["speaker"] != "(no source)"]
        types = real["speaker_type"].value_counts()
        unsourced = src[src["speaker"] == "(no source)"]
        out.append({
            "doc_id": doc_id, "sources": len(real),
            **{t: int(types.get(t, 0)) for t in SPEAKER_TYPES},
            "direct": int(src["direct"].sum()), "partial": int(src["partial"].sum()),
            "paraphrase": int(src["paraphrase"].sum()), "quoted_words": int(src["quoted_words"].sum()),
            "paraphrased_words": int(src["paraphrased_words"].sum()),
            "unsourced_quotes": int(unsourced["direct"].sum() + unsourced["partial"].sum()),
            "scare": int((q["kind"] == "scare").sum()), "term": int((q["kind"] == "term").sum()),
        })
    cols = ["doc_id", "sources", *SPEAKER_TYPES, "direct", "partial", "paraphrase", "quoted_words",
            "paraphrased_words", "unsourced_quotes", "scare", "term"]
    return pd.DataFrame(out, columns=cols)


def unsourced_claims(sentences: pd.DataFrame, quotes: pd.DataFrame, stance: pd.DataFrame) -> pd.DataFrame:
    """Sentences that hedge or lean on vague sources without naming anyone.

    A sentence is listed when it holds a hedge, distancer or vague source from the stance
    table and no quote or paraphrase of that sentence has a named or institutional speaker.
    Columns: ``doc_id``, ``sent_id``, ``start``, ``end``, ``text``, ``markers`` (the marker
    words, comma-separated).
    """
    cols = ["doc_id", "sent_id", "start", "end", "text", "markers"]
    marks = stance[stance["marker"].isin(["hedge", "distancer", "vague_source"])]
    if marks.empty:
        return pd.DataFrame(columns=cols)
    sourced = quotes[quotes["speaker_type"].isin(["named", "institutional"])] if len(quotes) else quotes
    sourced_keys = set(zip(sourced["doc_id"], sourced["sent_id"])) if len(sourced) else set()
    rows = []
    for (doc_id, sent_id), g in marks.groupby(["doc_id", "sent_id"], sort=False):
        if (doc_id, sent_id) in sourced_keys:
            continue
        sent = sentences[(sentences["doc_id"] == doc_id) & (sentences["sent_id"] == sent_id)]
        if sent.empty:
            continue
        s = sent.iloc[0]
        rows.append((doc_id, int(sent_id), int(s["start"]), int(s["end"]), s["text"],
                     ", ".join(g["text"].str.lower())))
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------------------------------
# reading view


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
