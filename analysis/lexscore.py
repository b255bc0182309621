"""VADER and TextBlob sentence scores: exactly the libraries' numbers, computed faster.

:func:`vader_scores` gives what VADER's ``SentimentIntensityAnalyzer().polarity_scores(text)``
gives (``neg``, ``neu``, ``pos``, ``compound``) and :func:`textblob_scores` what
``textblob.en.sentiment(text)`` (and so ``TextBlob(text).sentiment``) gives (polarity,
subjectivity). Both remember the scores of the last texts they were given.

Why the numbers are the same. Neither function has its own rules or word lists: each calls the
library's own code on the library's own data and only leaves out work whose result is known.

VADER (version 3.3.2; with any other version :func:`vader_scores` calls VADER as it is):

1. VADER first rebuilds the text one character at a time to replace emoji by their
   descriptions. A text without any emoji character comes out unchanged (then stripped), so
   only texts with emoji take that step (they go to VADER whole).
2. VADER then gives each word a valence. A word outside its lexicon gets 0. A lexicon word's
   valence depends only on the word itself, at most three words before it and two after it
   (negations, boosters, "no", "least", idioms, "kind of") and on whether the text mixes
   ALL-CAPS words with others. So each lexicon word's valence is computed by VADER's own
   ``sentiment_valence`` on that window and remembered for the window, the word's place in it
   and the capitals flag: the same window gives the same valence in any text. Before that,
   the neighbours that none of VADER's rules name are replaced by stand-ins ("xq", or "good"
   for a lexicon word; see :func:`_vader_pattern`), so one remembered valence serves every
   window with the same pattern. Of the lexicon word itself the rules ask only its value and
   whether it is in capitals, unless they name it or it is part of an idiom, so such a word
   is remembered by its value (see :func:`_vader_valence`).
3. The steps that look at the whole text run on every text, with VADER's own functions:
   ``_but_check`` (words before "but" count half, after it 1.5 times; only for texts with
   "but") and ``score_valence`` (the punctuation emphasis of "!" and "?", the sums and the
   normalisation). A text whose words all get valence 0 skips them: its result is always
   all neutral (``neu`` 1, the rest 0). VADER's first step, ``SentiText`` (cut the text into
   words and strip their punctuation), is written out here, each piece's word remembered.

TextBlob (version 0.20.1; with any other version :func:`textblob_scores` calls TextBlob as it
is): the analyser tokenizes the text, looks up each lower-cased token and averages what it
finds. Its tokenizer splits punctuation off each white-space separated piece, which depends on
the piece alone, so each piece is split once and remembered; a piece of letters and digits only
has nothing to split. Texts where the tokenizer looks across pieces (a blank line ends a
sentence; emoticons and "(!)" split by spaces are joined again) are tokenized whole by the
tokenizer. The analyser itself runs on the tokens, with its word table in a plain dict; a text
with no word, emoticon or "(!)" the analyser knows gets its neutral result (0, 0) directly.
Tokens its rules only measure the length of are shown to it as stand-ins of the same length
class, and a run of long ones as one (see :func:`_textblob_stand_in`). A long unknown word ends
the reach of a negation or a modifier, so unless the text holds "!" (which strengthens the last
word scored, however far back), the runs of tokens between long unknown words are assessed by
the analyser one run at a time and remembered, and the scores are the analyser's means of those
assessments.

``tests/test_lexscore.py`` compares both functions with the libraries on hand-picked cases
(emoji, capitals, "but", negations, idioms, emoticons, empty text, line breaks), on many
random strings and word lists (words of both word lists next to the words the rules name),
and on real sentences when the benchmark data is present.
"""
from __future__ import annotations

import string
from functools import lru_cache
from itertools import chain, compress
from typing import NamedTuple

_PUNCTUATION = string.punctuation  # what VADER strips off words
VADER_VERSION = "3.3.2"  # the version the shortcuts were checked against
TEXTBLOB_VERSION = "0.20.1"


def _installed(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


# ---------------------------------------------------------------------------------------------
# VADER


@lru_cache(maxsize=1)
def vader_analyser():
    """VADER's own ``SentimentIntensityAnalyzer``, loaded once (its lexicon and emoji table)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _vader_shortcuts() -> bool:
    return _installed("vaderSentiment") == VADER_VERSION


def vader_scores(text: str) -> dict[str, float]:
    """VADER's ``polarity_scores(text)``: ``{"neg", "neu", "pos", "compound"}``, the same
    numbers (see the module notes). A new dict on each call."""
    return dict(_vader_scores(text))


class Remembered(dict):
    """A dict that works out the value of a key it lacks with ``compute`` and remembers it
    (up to ``limit`` keys). Looked up with ``map(table.__getitem__, keys)``, a whole list
    of words is translated without a Python loop. (Also used by :mod:`analysis.sentiment`.)"""

    def __init__(self, compute, limit: int = 100_000):
        super().__init__()
        self.compute, self.limit = compute, limit

    def __missing__(self, key):
        value = self.compute(key)
        if len(self) < self.limit:
            self[key] = value
        return value


def _sentitext_word(piece: str) -> str:
    """VADER's ``SentiText`` word of a white-space piece: its punctuation stripped off unless
    that leaves two characters or fewer (an emoticon)."""
    bare = piece.strip(_PUNCTUATION)
    return piece if len(bare) <= 2 else bare


_VADER_WORDS = Remembered(_sentitext_word)
_VADER_LOWER = Remembered(lambda piece: _sentitext_word(piece).lower())


@lru_cache(maxsize=16384)
def _vader_scores(text: str) -> dict[str, float]:
    vader = vader_analyser()
    # emoji are never ASCII: most texts need no look at each character
    if not _vader_shortcuts() or not (text.isascii() or _emoji_characters().isdisjoint(text)):
        return vader.polarity_scores(text)
    text = text.strip()
    # SentiText(text): white-space pieces, punctuation stripped off each (both the word and
    # its lower case are remembered per piece); capitals count if some words are ALL-CAPS
    # but not all (stripping punctuation never changes whether a piece is ALL-CAPS)
    pieces = text.split()
    caps = 0 < len(pieces) - sum(map(str.isupper, pieces)) < len(pieces)
    lower = list(map(_VADER_LOWER.__getitem__, pieces))
    # the words as written are needed only where capitals count and for "but"
    words = list(map(_VADER_WORDS.__getitem__, pieces)) if caps or "but" in lower else lower
    lexicon = vader.lexicon
    valences = [0] * len(pieces)
    if not lexicon.keys().isdisjoint(lower):
        shown = _vader_pattern(words, lower, caps)
        for i in compress(range(len(lower)), map(lexicon.__contains__, lower)):
            low = lower[i]
            context = shown[max(0, i - 3):i + 3]
            j = min(i, 3)
            context[j] = words[i] if caps and words[i].isupper() else low
            # capitals count only if the text mixes them and the window has some
            valences[i] = _vader_valence(context, j, caps and any(map(str.isupper, context)),
                                         low)
    if words and not any(valences):
        # score_valence of valences that are all 0 (however "but" weighs them): no
        # compound, no positive or negative share, all neutral
        return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
    if "but" in lower:
        valences = vader._but_check(words, valences)
    return vader.score_valence(valences, text)


class _VaderRules(NamedTuple):
    named: frozenset  # words VADER's rules name one by one
    phrases: dict  # its idioms and two-word boosters, as tuples of words, by first word
    boosters: frozenset
    lexicon: dict
    special: frozenset  # the named words and the words of its idioms and two-word boosters


@lru_cache(maxsize=1)
def _vader_rules() -> _VaderRules:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES

    named = {"no", "least", "at", "very", "never", "so", "this", "without", "doubt", "or",
             "nor", "kind", "but"}
    named.update(NEGATE)
    named.update(w for w in BOOSTER_DICT if " " not in w)
    phrases = {}
    for phrase in list(BOOSTER_DICT) + list(SPECIAL_CASES):
        if " " in phrase:
            phrases.setdefault(phrase.split()[0], []).append(tuple(phrase.split()))
    lexicon = vader_analyser().lexicon
    phrase_words = {w for p in phrases.values() for t in p for w in t}
    assert "good" in lexicon and "xq" not in lexicon
    assert not {"good", "xq"} & (named | phrase_words)
    return _VaderRules(frozenset(named), phrases,
                       frozenset(w for w in BOOSTER_DICT if " " not in w), lexicon,
                       frozenset(named | phrase_words))


def _vader_pattern(words: list, lower: list, caps: bool) -> list:
    """The words as VADER's rules see them around a lexicon word.

    The rules ask of a word's neighbours only whether they are in the lexicon, whether they
    are one of the words the rules name (boosters, negations, "no", "least", "never", "so",
    ...), whether they hold "n't", whether they form one of VADER's idioms or two-word
    boosters ("kiss of death", "sort of"), and, for boosters, whether they are in capitals.
    So a word that is none of these is shown as "xq" (not in the lexicon) or "good" (in the
    lexicon), the others in lower case (boosters keep their capitals). The lexicon word
    itself is put back in its window, lower-cased unless capitals count for it. The rules
    then give it the same valence as in the text itself, and that valence is remembered
    for the pattern around the word instead of for every new sentence. How each word is
    shown is remembered per word (as written when capitals count, else in lower case)."""
    rules = _vader_rules()
    shown = list(map(_VADER_SHOWN_CAPS.__getitem__, words) if caps
                 else map(_VADER_SHOWN.__getitem__, lower))
    # the words of idioms and two-word boosters are shown as themselves; only phrases whose
    # first word occurs need a look
    for first in rules.phrases.keys() & set(lower):
        k = -1
        for _ in range(lower.count(first)):
            k = lower.index(first, k + 1)
            for phrase in rules.phrases[first]:
                if tuple(lower[k:k + len(phrase)]) == phrase:
                    for m in range(k, k + len(phrase)):
                        shown[m] = _vader_shown(words[m], lower[m], caps, named=True)
    return shown


def _vader_shown(word: str, low: str, caps: bool, *, named: bool = False) -> str:
    """How :func:`_vader_pattern` shows one word (``named``: it is part of a phrase)."""
    rules = _vader_rules()
    if named or low in rules.named or "n't" in low:
        return word if caps and low in rules.boosters and word.isupper() else low
    return "good" if low in rules.lexicon else "xq"


_VADER_SHOWN = Remembered(lambda low: _vader_shown(low, low, False))
_VADER_SHOWN_CAPS = Remembered(lambda word: _vader_shown(word, word.lower(), True))


@lru_cache(maxsize=1)
def _emoji_characters() -> frozenset[str]:
    """The characters VADER replaces by words (it looks at one character at a time)."""
    return frozenset(e for e in vader_analyser().emojis if len(e) == 1)


_VADER_VALENCES: dict[tuple, float] = {}


def _vader_valence(context: list[str], i: int, caps: bool, low: str) -> float:
    """VADER's valence of the lexicon word ``context[i]`` (``low`` in lower case) in its
    window of stand-ins (see :func:`_vader_pattern`), remembered for up to 200,000 windows.

    Of the word itself, the rules ask only its value in the lexicon and whether it is in
    capitals, unless it is one of the words they name or a word of an idiom or two-word
    booster. So an ordinary word is remembered by its value: "attack" and "attacked" (both
    -2.1) in the same window of stand-ins get the same valence."""
    rules = _vader_rules()
    key = context.copy()
    if low not in rules.special and "n't" not in low:
        key[i] = (rules.lexicon[low], context[i].isupper())
    key = (tuple(key), i, caps)
    found = _VADER_VALENCES.get(key)
    if found is None:
        found = _vader_word(tuple(context), i, caps)
        if len(_VADER_VALENCES) < 200_000:
            _VADER_VALENCES[key] = found
    return found


def _vader_word(context: tuple[str, ...], i: int, caps: bool) -> float:
    """VADER's valence of the lexicon word ``context[i]``, where ``context`` holds it with up
    to three words before and two after (all VADER's rules look at), as in
    ``SentimentIntensityAnalyzer.polarity_scores``."""
    from types import SimpleNamespace

    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    word = context[i].lower()
    if word in BOOSTER_DICT or (word == "kind" and i + 1 < len(context)
                                and context[i + 1].lower() == "of"):
        return 0
    text = SimpleNamespace(words_and_emoticons=list(context), is_cap_diff=caps)
    return vader_analyser().sentiment_valence(0, text, context[i], i, [])[0]


# ---------------------------------------------------------------------------------------------
# TextBlob


@lru_cache(maxsize=1)
def _textblob():
    """TextBlob's pattern analyser (``textblob.en.sentiment``) with its word table in a plain
    dict: the same class and code, hence the same results, but each word look-up goes
    straight to the dict instead of through the layer that loads the table on first use."""
    from textblob.en import Sentiment, sentiment as pattern

    class LoadedSentiment(Sentiment):
        __contains__ = dict.__contains__
        __getitem__ = dict.__getitem__

    len(pattern)  # loads the word table
    analyser = LoadedSentiment.__new__(LoadedSentiment)
    dict.update(analyser, dict.items(pattern))
    analyser.__dict__.update({k: v for k, v in vars(pattern).items()
                              if getattr(v, "__self__", None) is not pattern})
    return analyser


@lru_cache(maxsize=1)
def _textblob_shortcuts() -> bool:
    return _installed("textblob") == TEXTBLOB_VERSION


@lru_cache(maxsize=100_000)
def _textblob_split(piece: str) -> tuple:
    """TextBlob's tokens for one piece of text without white space ("Minsk." -> "Minsk", ".").

    The commonest pieces are read directly, as its tokenizer reads them: a word of letters
    or digits followed by one of ``,;:?!`` or by a full stop that does not end an
    abbreviation ("said," "Minsk."), words joined by hyphens ("well-known"), and a double
    quotation mark at either end, which is always a token of its own (“Minsk, said.”)."""
    head, last = piece[:-1], piece[-1]
    if head.isalnum():
        if last in ",;:?!":
            return head, last
        if last == "." and not _textblob_abbreviation(piece):
            return head, last
    elif last.isalnum() and piece[0].isalnum() and piece.replace("-", "").isalnum():
        return (piece,)
    if len(piece) > 1 and last in '"\u201d':
        return _textblob_piece_tokens(head) + (last,)
    if len(piece) > 1 and piece[0] in '"\u201c':
        return (piece[0],) + _textblob_piece_tokens(piece[1:])
    return tuple(" ".join(_textblob().tokenizer(piece)).split())


def _textblob_piece_tokens(piece: str) -> tuple:
    return (piece,) if piece.isalnum() else _textblob_split(piece)


def _textblob_abbreviation(word: str) -> bool:
    """Whether TextBlob's tokenizer keeps the full stop that ends ``word`` ("Mr.", "U.S.")."""
    from textblob._text import ABBREVIATIONS, RE_ABBR1, RE_ABBR2, RE_ABBR3

    return (word in ABBREVIATIONS or RE_ABBR1.match(word) is not None
            or RE_ABBR2.match(word) is not None or RE_ABBR3.match(word) is not None)


def textblob_tokens(text: str) -> list[str]:
    """The tokens TextBlob's analyser sees in ``text``, as its tokenizer gives them (see the
    module notes)."""
    return _textblob_joined(text).split()


def _textblob_joined(text: str) -> str:
    """:func:`textblob_tokens` joined by spaces."""
    if not _textblob_shortcuts():
        return " ".join(_textblob().tokenizer(text))
    eos, emoticons, sarcasm = _textblob_patterns()
    tokens = []
    for piece in text.split():
        if piece.isalnum():
            tokens.append(piece)
        else:
            tokens += _textblob_split(piece)
    joined = " ".join(tokens)
    if (eos in text or ("\n" in text and "\n\n" in text.replace("\r\n", "\n"))
            or sarcasm.search(joined) or emoticons.search(joined)):
        return " ".join(_textblob().tokenizer(text))
    return joined


@lru_cache(maxsize=1)
def _textblob_patterns() -> tuple:
    """What makes TextBlob's tokenizer look across pieces: its end-of-sentence mark (a blank
    line) and its patterns of emoticons and "(!)" split by spaces."""
    from textblob._text import EOS, RE_EMOTICONS, RE_SARCASM

    return EOS, RE_EMOTICONS, RE_SARCASM


@lru_cache(maxsize=16384)
def textblob_scores(text: str) -> tuple[float, float]:
    """``(polarity, subjectivity)`` exactly as ``textblob.en.sentiment(text)`` gives them.
    The analyser averages the values of the words it knows, emoticons and "(!)"; a text with
    none of them scores (0, 0) without running it."""
    if not _textblob_shortcuts():
        from textblob.en import sentiment as pattern

        polarity, subjectivity = pattern(text)[:2]
        return polarity, subjectivity
    analyser = _textblob()
    words = _textblob_joined(text).lower().split()  # each token in lower case
    if not any(map(analyser.__contains__, words)) and _textblob_marks().isdisjoint(words):
        return 0.0, 0.0
    if "!" in words:  # "!" strengthens the last word scored, however far back
        shown = []
        for word in words:
            word = _textblob_stand_in(word)
            if word != "qqq" or not shown or shown[-1] != "qqq":
                shown.append(word)
        polarity, subjectivity = analyser(shown)
        return polarity, subjectivity
    # The analyser forgets a negation or a modifier at a long unknown word ("qqq"), so the
    # runs of words between them are assessed one by one (and remembered); its scores are
    # the means of the assessments, added up in the same order as the analyser adds them.
    # ("qqq" is only ever a whole stand-in: no word the analyser knows holds it)
    runs = " ".join(map(_textblob_stand_in, words)).split("qqq")
    polarity = subjectivity = n = 0
    for p, s in chain.from_iterable(map(_textblob_assessments, runs)):
        polarity += p
        subjectivity += s
        n += 1
    return polarity / float(n or 1), subjectivity / float(n or 1)


@lru_cache(maxsize=100_000)
def _textblob_assessments(run: str) -> tuple[tuple[float, float], ...]:
    """``(polarity, subjectivity)`` of each assessment TextBlob's analyser makes of the
    tokens of ``run`` (stand-ins, see :func:`_textblob_stand_in`, separated by spaces), as in
    ``Sentiment.__call__``."""
    return tuple((p, s) for _words, p, s, _label
                 in _textblob().assessments((w, None) for w in run.split()))


@lru_cache(maxsize=100_000)
def _textblob_stand_in(word: str) -> str:
    """The word as the analyser's rules see it.

    The analyser scores the words it knows, negations, "!", "(!)" and emoticons. Of any other
    word it asks only whether it is longer than one letter without its apostrophes (then it
    ends a negation's reach) and longer than two (then it ends a modifier's reach). So such a
    word is shown as "q", "qq" or "qqq", which the analyser treats the same way; and a run of
    "qqq" acts as one, so the run is shown once. The scores do not change."""
    analyser = _textblob()
    if ((word in analyser and None in analyser[word]) or word in analyser.negations
            or word in ("!", "(!)") or word in _textblob_marks()):
        return word
    longer_than_one, longer_than_two = len(word.strip("'")) > 1, len(word) > 2
    if longer_than_one:
        return "qqq" if longer_than_two else "qq"
    return word if longer_than_two else "q"


@lru_cache(maxsize=1)
def _textblob_marks() -> frozenset:
    """The tokens TextBlob's analyser scores without a word: emoticons and "(!)"."""
    from textblob._text import EMOTICONS

    return frozenset([e.lower() for faces in EMOTICONS.values() for e in faces] + ["(!)"])


def clear_caches() -> None:
    """Forget every text, word and piece remembered so far (to time the scores from a cold
    start)."""
    for remembered in (_vader_scores, _textblob_split, textblob_scores, _textblob_stand_in,
                       _textblob_assessments):
        remembered.cache_clear()
    for table in (_VADER_VALENCES, _VADER_WORDS, _VADER_LOWER, _VADER_SHOWN, _VADER_SHOWN_CAPS):
        table.clear()
