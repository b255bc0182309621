"""The reporting word list: reporting verbs by class, cue phrases, stance markers and source words.

:func:`load_reporting` reads and checks ``data/lexicons/reporting.yml`` (or another file of the
same form) into a :class:`ReportingLexicon`; a malformed file raises :class:`LexiconError`
naming the file, the entry and the field at fault.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..config import LEXICON_DIR

DEFAULT_LEXICON = LEXICON_DIR / "reporting.yml"


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
