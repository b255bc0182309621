"""Attribution: the reporting cue of a quotation and the speaker next to it.

Speakers are found from the words next to a reporting verb (noun phrases to its left or right,
appositions, 'according to X'), not from a parse; a 'he' or 'she' is resolved to the last named
speaker or clause subject at most three sentences back.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from .lexicon import ReportingLexicon
from .marks import QuoteSpan
from .tokens import (_CONNECT, _DETERMINERS, _PRONOUNS, _SKIP_LEFT, _TIME, _NP_TAGS, _Tok,
                     _quote_blocks, _tokens)

SPEAKER_TYPES = ("named", "institutional", "vague", "described", "unresolved")


def _is_np(t: _Tok) -> bool:
    return (t.tag in _NP_TAGS or t.tag.startswith("NN")) and t.text not in ",.;:"


def _trim_np(toks, a, b):
    """Trim connectors, time words and stray determiners from the token range ``[a, b)``."""
    while a < b and (toks[a].low in _CONNECT or toks[a].low in _TIME or toks[a].tag == "POS"
                     or (toks[a].tag == "CD" and not _counts_people(toks, a, b))):
        a += 1
    while b > a and (toks[b - 1].low in _CONNECT or toks[b - 1].low in _TIME
                     or toks[b - 1].tag in ("DT", "POS", "JJ", "PRP$", "CD")):
        b -= 1
    if b <= a or not any(t.tag.startswith("NN") or t.tag == "PRP" for t in toks[a:b]):
        return None
    return a, b


def _counts_people(toks, a, b) -> bool:
    """Whether the number at token ``a`` counts the noun after it ("one voter", "two
    officials", "63 percent"), so it belongs to the speaker's words."""
    return a + 1 < b and toks[a + 1].tag in ("NN", "NNS") and toks[a + 1].text[:1].islower() \
        and not toks[a].text[-1:] == "."


def _in_description(toks, j) -> bool:
    """Whether the "in" at token ``j`` joins a description to its place ("a narrator in the
    Clinton ad", "officials in Lagos"): a common noun right before it, after a determiner or
    opening the clause."""
    k = j - 1
    if k < 0 or not toks[k].tag.startswith("NN") or toks[k].tag.startswith("NNP"):
        return False
    while k > 0 and (toks[k - 1].tag.startswith("JJ") or toks[k - 1].tag in ("NN", "NNS")):
        k -= 1
    return k == 0 or toks[k - 1].low in _DETERMINERS | {"a", "an"} or toks[k - 1].text in ",:" \
        or toks[k - 1].tag == "QUOTE"


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
    while j >= 0 and (_is_np(toks[j]) or ((toks[j].low in _CONNECT or (
            toks[j].low == "in" and _in_description(toks, j))) and 0 < j < end - 1
            and _is_np(toks[j - 1]) and _is_np(toks[j + 1]))):
        j -= 1
    span = _trim_np(toks, j + 1, end)
    if span and toks[span[0]].low in _DETERMINERS | {"a", "an"} and span[0] >= 2 \
            and toks[span[0] - 1].text == ",":
        # apposition without its second comma: "Maria Zakharova, a spokesperson for X said"
        name = _np_left(toks, span[0] - 1)
        if name and name[1] == span[0] - 1 and any(t.tag.startswith("NNP")
                                                   for t in toks[name[0]:name[1]]) \
                and not (name[0] > 0 and toks[name[0] - 1].tag == "IN"):
            return name  # not "At a forum in Virginia on Monday, one questioner claimed"
    return span


def _np_right(toks, c):
    """Noun phrase starting right after token ``c`` ('said Trump', 'according to X')."""
    j = c + 1
    if j < len(toks) and toks[j].low in _PRONOUNS:
        return (j, j + 1)
    start = j
    while j < len(toks) and (_is_np(toks[j]) or (toks[j].low in _CONNECT and j > start
                                                 and j + 1 < len(toks) and _is_np(toks[j + 1]))):
        if j > start and _verb_with_object(toks, j):
            break  # "several groups granted Mr. Clarke an extension": the noun phrase ends
        j += 1
    return _trim_np(toks, start, j)


def _verb_with_object(toks, j) -> bool:
    """Whether token ``j``, tagged as a participle, is the verb of its clause: it follows a
    noun and an object follows it ("groups granted Mr. Clarke", "Trump attacked Clinton")."""
    return toks[j].tag in ("VBN", "VBD") and toks[j - 1].tag in ("NN", "NNS", "NNP", "NNPS") \
        and j + 1 < len(toks) and (toks[j + 1].tag in ("DT", "PRP", "PRP$", "NNP")
                                   or toks[j + 1].low in ("a", "an", "the"))


_RELATIVE = {"who", "whose", "whom", "which"}


def _apposition_left(toks, c):
    """'Trump, the Republican nominee, said': the name before a comma-delimited description;
    the description may also be a relative clause ('The minister, who had resigned, said')."""
    j = c - 1
    while j >= 0 and (toks[j].low in _SKIP_LEFT or toks[j].tag in ("RB", "MD")):
        j -= 1
    if j < 1 or toks[j].text != ",":
        return None
    found = None
    for _ in range(2):  # "Scott Pruitt, the attorney general of Oklahoma, one of the states
        # suing the EPA, said": two descriptions between commas
        k = j - 1
        while k >= 0 and toks[k].text != "," and toks[k].tag != "QUOTE" and k > j - 25:
            k -= 1
        if k < 1 or toks[k].text != "," or not _is_description(toks[k + 1:j]):
            return found
        desc = toks[k + 1:j]
        name = _np_left(toks, k)
        if not name:
            return found
        words = toks[name[0]:name[1]]
        if words[0].low not in _DETERMINERS and any(t.tag.startswith("NNP") or t.low in _PRONOUNS
                                                    for t in words):
            return name
        if (words[0].low in _DETERMINERS or not any(t.tag.startswith("NNP") for t in words)) \
                and all(t.tag.startswith("NNP") for t in desc):
            return (k + 1, j)  # "The corporation's commissioner, Rajiv Mehta, said": the name
        if found is None and (desc[0].low in _RELATIVE or words[0].low in ("the", "one", "another")):
            found = name  # "The minister, who had resigned, said"; "One resident, a teacher, said"
        j = k
    return found


def _is_description(desc) -> bool:
    """Whether the tokens between two commas can describe the name before them: a noun
    phrase ("the Republican nominee", an age: "25"), a relative clause ("who had resigned"),
    or a noun phrase with a relative clause ("a historian who attended the session")."""
    if not desc:
        return False
    if desc[0].low in _RELATIVE:
        return True
    head = next((k for k, t in enumerate(desc) if t.low in _RELATIVE), len(desc))
    if head > 13 or not (desc[0].low in _DETERMINERS or desc[0].tag.startswith("NN")
                         or desc[0].tag.startswith("JJ") or desc[0].tag == "CD"):
        return False
    # a verb only inside a relative clause or as a participle ("one of the states suing X")
    return not any(t.tag.startswith("VB") and t.tag not in ("VBN", "VBG")
                   for t in desc[:head])


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
    if lex.verbs[t.low][0] in _NEXT_TO_QUOTE and not _next_to_quote(toks, i):
        return None  # "the interview concluded, Maher said": no speech of its own
    if t.tag.startswith("VB"):
        return i, i + 1, cls
    # the tagger sometimes reads a verb as a noun: "The Post reports that ..."
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if prev is not None and nxt is not None and (prev.tag in ("NNP", "NNPS", "PRP", "NNS")) \
            and (nxt.low in ("that", ":", ",") or nxt.tag == "QUOTE"):
        return i, i + 1, cls
    return None


_NEXT_TO_QUOTE = {"conclude", "echo"}
"""Reporting verbs that report speech only next to a quotation ("“...,” he concluded", "Potts
echoed:"); elsewhere they end or repeat something else ("the spot concludes with footage",
"attacks echoed by the campaign")."""


def _next_to_quote(toks, i) -> bool:
    """Whether the cue at token ``i`` follows a quotation by at most three tokens or is
    followed by one (a colon or comma between) or by a colon closing the sentence."""
    if any(t.tag == "QUOTE" for t in toks[max(0, i - 3):i]):
        return True
    nxt = toks[i + 1:i + 3]
    if nxt and nxt[0].tag == "QUOTE":
        return True
    if nxt and nxt[0].text in ":,":
        return len(nxt) == 1 or nxt[1].tag == "QUOTE" or (nxt[0].text == ":" and i + 2 == len(toks))
    return False


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
        if prev is not None and (prev.low == "to" or (prev.text == "," and toks[a].tag == "VBG")
                                 or (prev.low in ("and", "but") and a > 1
                                     and toks[a].tag in ("VBD", "VBZ", "VBP"))):
            # "Trump took to Twitter to accuse ...", "Clinton mocked it, saying ...", "Reid
            # voted in Nevada and says ...": the subject of the clause
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
        ends = a.cue[1] >= len(toks) or toks[a.cue[1]].text in (".", ",", ";", "!", "?")
        if first > qi and not gap and (toks[a.cue[0]].tag in _FINITE or a.side == "inverted"
                                       or (ends and toks[a.cue[0]].tag == "VBN")):
            return toks, a  # "“...,” the report stated." ("stated" read as a participle)
    # 2. the nearest cue before the quote (a finite verb first); a cue whose subject names no
    # one inside what a named speaker says ("Ryan said the spate of shootings demands ...")
    # leaves the quote to that speaker
    before = [a for a in atts if a.cue[1] <= qi and a.speaker is not None and a.side != "according"]
    finite = [a for a in before if toks[a.cue[0]].tag in _FINITE]
    if finite or before:
        chosen = (finite or before)[-1]
        if not _names_someone(toks, chosen.speaker):
            outer = [a for a in (finite or before) if a.cue[1] <= chosen.speaker[0]
                     and a.side == "before" and _names_someone(toks, a.speaker)
                     and not any(t.text in ".;:" for t in toks[a.cue[1]:chosen.speaker[0]])]
            if outer:
                return toks, outer[-1]
        return toks, chosen
    rest = [t for t in toks[qi + 1:] if t.text[:1].isalnum() or t.tag == "QUOTE"]
    quote_text = text[toks[qi].start:toks[qi].end].rstrip("\"\u201d\u2019' ")
    if not rest and i1 + 1 < len(sent_spans) and sent_spans[i1 + 1][1] - sent_spans[i1][2] <= 2:
        # the sentence ends with the quote; the attribution may have been split off:
        # "“...?” Graham asked."
        _, lo, hi = sent_spans[i1 + 1]
        # "“...” ― Ana Lopez" split off (the closing mark may open the next sentence)
        if text[lo:hi].lstrip().lstrip("\"\u201d\u2019' ")[:1] in _DASHES:
            nxt = window(i1 + 1, i1 + 1)
            k = 1 if nxt and nxt[0].tag == "QUOTE" else 0
            if len(nxt) > k + 1 and nxt[k].text in _DASHES:
                spk = _np_right(nxt, k)
                if spk and any(t.tag.startswith("NNP") for t in nxt[spk[0]:spk[1]]):
                    return nxt, _Attribution((k, k + 1), spk, "neutral", "after")
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


def _names_someone(toks, span) -> bool:
    """Whether the speaker token range ``span`` holds a name or is a pronoun."""
    words = toks[span[0]:span[1]]
    return any(t.tag.startswith("NNP") for t in words) or (len(words) == 1
                                                           and words[0].low in _PRONOUNS)


def _fill_attribution(row, text, toks, a: _Attribution, lex):
    c0, c1 = a.cue
    row.update(cue=text[toks[c0].start:toks[c1 - 1].end], cue_start=toks[c0].start,
               cue_end=toks[c1 - 1].end, cue_class=a.cue_class)
    if a.speaker:
        s0, s1 = a.speaker
        words = text[toks[s0].start:toks[s1 - 1].end]
        row.update(speaker=words, speaker_text=words, speaker_start=toks[s0].start,
                   speaker_end=toks[s1 - 1].end, speaker_type=_speaker_type(toks[s0:s1], lex))


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
