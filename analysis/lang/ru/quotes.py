"""Russian quotations and reported speech, in Russian conventions.

:func:`find_quotes` reads plain text and returns one row per quotation or paraphrase with the
columns and kinds of :func:`analysis.quotes.find_quotes` (see ``analysis.quotes.KINDS``):

* quotation marks: «ёлочки» and „лапки“ (the usual inner quotes), nested to any depth, and
  straight "..." pairs; a quotation inside another is ``nested``;
* dash attribution after the quote: «...», — заявил X / «...?» — спросила она; a quote
  interrupted by its attribution («..., — сказала X. — ...») gives two quotes of X;
* colon attribution before it: X заявил: «...» and the bare X: «...»;
* a quotation inside reported speech ("X заявил, что не позволит «...»", "X назвал решение
  «...»") is ``partial`` with X as speaker;
* "так называемые «...»", "т. н. «...»", "якобы «...»" and short unattributed lower-case
  quotes are ``scare``; a capitalised short quote or one after a naming noun ("газета «...»")
  is a ``term``;
* without quotation marks (``paraphrase``): "по словам X, ...", "по мнению X", "по данным X",
  "как отметил X, ...", "X заявил, что ...", "X призвал ..." and "..., сообщили в X".

Reporting verbs are matched by lemma (pymorphy3), so every gender, number and tense counts:
заявил, заявила, заявили, заявит. Their stance classes (neutral, accusing, denying, forceful,
...) come from ``reporting.yml`` beside this module, the classes of the English list.

Known blind spots: speakers are the words next to the verb, not a parse (a long subject or an
object between verb and speaker can be included: "обвинил оппозицию Сергей Кузнецов"); a
pronoun speaker ("сказала она") is left as the pronoun; an unattributed long quotation has no
speaker; "что" clauses after verbs of thinking are not speech.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .morph import lemma, parse_word
from .segment import split_sentences, tokens

HERE = Path(__file__).resolve().parent
REPORTING_PATH = HERE / "reporting.yml"
COLUMNS = ["start", "end", "text", "kind", "speaker", "speaker_start", "speaker_end", "cue",
           "cue_start", "cue_end", "cue_class", "level"]
"""Columns of :func:`find_quotes` (the agreed quote columns without ``doc_id`` and ``sent_id``,
plus ``cue_class`` and ``level``)."""

DASHES = "—–"
PUNCT_STOP = set(".,;:!?…()—–«»„“\"")
_SKIP_POS = {"ADVB", "CONJ", "PRCL", "INTJ"}
_PRONOUN_SPEAKERS = {"он", "она", "они", "оно"}
_POSSESSIVES = {"их", "его", "её", "ее", "они", "он", "она", "наш", "мой", "ваш", "свой"}


@dataclass(frozen=True)
class RussianReporting:
    verbs: dict            # lemma -> class
    speech_classes: frozenset
    source_phrases: tuple  # tuples of lemmas
    distancers: tuple      # tuples of lemmas / words
    naming_nouns: frozenset

    @property
    def source_starts(self) -> frozenset:
        return frozenset(p[0] for p in self.source_phrases if p)


@lru_cache(maxsize=4)
def load_reporting(path: str | Path = REPORTING_PATH) -> RussianReporting:
    """Read the reporting word list (see the comments at the top of ``reporting.yml``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    verbs, speech = {}, set()
    for cls, block in data["reporting_verbs"].items():
        if block.get("speech", True):
            speech.add(cls)
        for v in block["verbs"]:
            verbs.setdefault(lemma(v), cls)

    def lem_seq(phrase):
        return tuple(lemma(w) for _, _, w in tokens(phrase) if w[:1].isalpha())

    return RussianReporting(
        verbs=verbs, speech_classes=frozenset(speech),
        source_phrases=tuple(lem_seq(p) for p in data.get("source_phrases", [])),
        distancers=tuple(lem_seq(p) for p in data.get("distancers", [])),
        naming_nouns=frozenset(lemma(w) for w in data.get("naming_nouns", [])))


# ---------------------------------------------------------------------------------------------
# quotation marks


def pair_quotes(text: str) -> list[tuple[int, int, int]]:
    """``[(open, close, level), ...]``: positions of paired quotation marks (``close`` is the
    closing mark's index) and their depth (0 outermost). Unpaired marks are left out."""
    out, stack = [], []
    for i, ch in enumerate(text):
        if ch in "«„":
            stack.append((ch, i))
        elif ch == "»":
            while stack and stack[-1][0] != "«":
                stack.pop()
            if stack:
                _, j = stack.pop()
                out.append((j, i, len(stack)))
        elif ch in "“”":
            if stack and stack[-1][0] in "„“":
                _, j = stack.pop()
                out.append((j, i, len(stack)))
            elif ch == "“":
                stack.append(("“", i))
        elif ch == '"':
            if stack and stack[-1][0] == '"':
                _, j = stack.pop()
                out.append((j, i, len(stack)))
            else:
                stack.append(('"', i))
    return sorted(out)


# ---------------------------------------------------------------------------------------------
# token helpers


class _Sent:
    """One sentence: tokens with lemmas and absolute offsets."""

    def __init__(self, text: str, start: int, end: int, lems=None):
        self.start, self.end = start, end
        if lems is None:
            lems = [(a, b, w, lemma(w)) for a, b, w in tokens(text[start:end])]
        self.toks = [(a + start, b + start, w, lem) for a, b, w, lem in lems]

    def index_at(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        for i, t in enumerate(self.toks):
            if t[0] >= pos:
                return i
        return len(self.toks)


def _is_word(tok) -> bool:
    return tok[2][:1].isalnum()


def _can_be_nominative(word: str) -> bool:
    return any(p.tag.case == "nomn" for p in parse_word(word.lower()))


def _number(verb: str) -> str | None:
    """``sing`` or ``plur`` for a finite verb form, else ``None``."""
    p = parse_word(verb.lower())[0]
    return p.tag.number if p.tag.POS == "VERB" else None


def _can_be_subject(word: str, number: str | None) -> bool:
    """A nominative reading, agreeing in number with the verb when that is known
    ("опроверг слухи Петров": "слухи" is plural, so not the subject of "опроверг")."""
    return any(p.tag.case == "nomn" and (number is None or p.tag.number in (number, None))
               for p in parse_word(word.lower()))


def _span(toks) -> tuple[int, int] | None:
    return (toks[0][0], toks[-1][1]) if toks else None


def _phrase_after(toks, i: int) -> list:
    """Word tokens from ``i`` to the next punctuation mark."""
    out = []
    for t in toks[i:]:
        if t[2] in PUNCT_STOP or not (_is_word(t) or t[2] in "-"):
            break
        out.append(t)
    return out


def _phrase_before(toks, i: int) -> list:
    """Word tokens before ``i`` back to the previous punctuation mark, without leading
    adverbs, conjunctions and particles ("Также", "При этом") and without a conjunction or
    particle at the end ("и", "же")."""
    out = []
    for t in reversed(toks[:i]):
        if t[2] in PUNCT_STOP or not _is_word(t):
            break
        out.append(t)
    out.reverse()
    while out and parse_word(out[0][2].lower())[0].tag.POS in _SKIP_POS and len(out) > 1:
        out = out[1:]
    # and a particle or conjunction just before the verb ("украинская сторона и кричит")
    while len(out) > 1 and parse_word(out[-1][2].lower())[0].tag.POS in ("CONJ", "PRCL"):
        out = out[:-1]
    return out


def _speaker_after_verb(toks, i: int) -> list:
    """The speaker after a reporting verb at ``i``: the phrase up to the next mark, without
    leading words that cannot be a subject (the verb's object: "обвинил оппозицию X")."""
    ph = _phrase_after(toks, i + 1)
    number = _number(toks[i][2]) if i < len(toks) else None
    while len(ph) > 1 and ph[0][2][:1].islower() and ph[0][3] not in ("в", "во", "на", "у") \
            and not _can_be_subject(ph[0][2], number):
        ph = ph[1:]
    # "сказал журналистам X": a dative plural before a capitalised name
    caps = [k for k, t in enumerate(ph) if t[2][:1].isupper()]
    if caps and caps[0] > 0 and all(not _can_be_nominative(t[2]) for t in ph[:caps[0]]):
        ph = ph[caps[0]:]
    return ph


def _that_after_object(toks, j: int, most: int = 4) -> int:
    """The index of "что" when the verb's object (at most ``most`` words, "в том" / "о том"
    included) and a comma stand between a reporting verb and it ("обвинили мэрию в том,
    что ...", "сообщил журналистам, что ..."); else ``j``."""
    k = j
    while k < len(toks) and k - j < most and _is_word(toks[k]) and toks[k][3] != "что":
        if parse_word(toks[k][2].lower())[0].tag.POS == "CONJ":
            return j  # "говорит и информация о том, что": a subject, not an object, follows
        k += 1
    if k > j and k + 1 < len(toks) and toks[k][2] == "," and toks[k + 1][3] == "что":
        return k + 1
    return j


def _speaker_before_verb(toks, i: int) -> list:
    ph = _phrase_before(toks, i)
    # "сказал журналистам" has its object after the verb; before the verb is the subject.
    # "Тихановская, находящаяся в Литве, призвала": a participle or "который" clause set off
    # by commas stands between the subject and the verb, so the subject is before it.
    if not ph and i >= 2 and toks[i - 1][2] == ",":
        clause = _phrase_before(toks, i - 1)
        k = i - 1 - len(clause) - 1  # the comma that opens the clause
        if clause and k >= 1 and toks[k][2] == "," and (
                parse_word(clause[0][2].lower())[0].tag.POS in ("PRTF", "PRTS")
                or clause[0][3] == "который"):
            ph = _phrase_before(toks, k)
    return ph


# ---------------------------------------------------------------------------------------------
# the finder


def _row(text, start, end, kind, speaker=None, cue=None, cue_class=None, level=0) -> dict:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
        end -= 1
    sp = _span(speaker) if speaker else None
    return {
        "start": start, "end": end, "text": text[start:end], "kind": kind,
        "speaker": text[sp[0]:sp[1]] if sp else None,
        "speaker_start": sp[0] if sp else None, "speaker_end": sp[1] if sp else None,
        "cue": cue[2] if cue else None, "cue_start": cue[0] if cue else None,
        "cue_end": cue[1] if cue else None, "cue_class": cue_class, "level": level,
    }


class _Finder:
    def __init__(self, text: str, lex: RussianReporting):
        self.text, self.lex = text, lex

    def verb_class(self, tok):
        cls = self.lex.verbs.get(tok[3])
        if cls and cls in self.lex.speech_classes:
            pos = parse_word(tok[2].lower())[0].tag.POS
            if pos in ("VERB", "INFN", "GRND", "PRTS", "PRTF"):
                return cls
        return None

    def last_verb(self, toks, lo: int, hi: int):
        for i in range(hi - 1, lo - 1, -1):
            if self.verb_class(toks[i]):
                return i
        return None

    def source_phrase_at(self, toks, i):
        """Length of a source phrase ("по словам") starting at token ``i``, or 0 (-3 for
        "по их словам", the speaker named elsewhere)."""
        if toks[i][3] not in self.lex.source_starts:
            return 0
        for ph in self.lex.source_phrases:
            n = len(ph)
            if tuple(t[3] for t in toks[i:i + n]) == ph:
                return n
            # "по их словам", "по его мнению": a possessive between preposition and noun
            if n == 2 and i + 2 < len(toks) and toks[i][3] == ph[0] and toks[i + 2][3] == ph[1] \
                    and toks[i + 1][3] in _POSSESSIVES:
                return -3
        return 0

    # -- quotations ----------------------------------------------------------------------
    def quote_rows(self, sent: _Sent, quotes) -> list[dict]:
        text, toks, rows = self.text, sent.toks, []
        for q_open, q_close, level in quotes:
            if level > 0:
                rows.append(_row(text, q_open + 1, q_close, "nested", level=level))
                continue
            i_open = sent.index_at(q_open)
            i_after = sent.index_at(q_close + 1)
            # 1. interrupted: «A, — сказала X. — B»
            inner = self._interrupted(sent, q_open, q_close)
            if inner:
                rows.extend(inner)
                continue
            # 2. dash attribution after the quote
            j = i_after
            while j < len(toks) and toks[j][2] in ",.!?…":
                j += 1
            if j < len(toks) and toks[j][2] in DASHES:
                k = j + 1
                if k < len(toks) and self.verb_class(toks[k]):
                    spk = _speaker_after_verb(toks, k)
                    rows.append(_row(text, q_open + 1, q_close, "direct", spk, toks[k],
                                     self.verb_class(toks[k])))
                    continue
                ph = _phrase_after(toks, k)
                v = next((m for m in range(k, k + len(ph) + 1) if m < len(toks)
                          and self.verb_class(toks[m])), None)
                if v is not None:
                    rows.append(_row(text, q_open + 1, q_close, "direct", toks[k:v], toks[v],
                                     self.verb_class(toks[v])))
                    continue
            before = toks[:i_open]
            # 3. colon attribution before it
            if before and before[-1][2] == ":":
                c = len(before) - 1
                v = self.last_verb(toks, 0, c)
                clause_lo = max([m + 1 for m in range(c) if toks[m][2] in PUNCT_STOP and
                                 toks[m][2] != "-"] or [0])
                if v is not None and v >= clause_lo:
                    spk = _speaker_before_verb(toks, v) or _speaker_after_verb(toks, v)
                    rows.append(_row(text, q_open + 1, q_close, "direct", spk, toks[v],
                                     self.verb_class(toks[v])))
                else:
                    rows.append(_row(text, q_open + 1, q_close, "direct",
                                     _phrase_before(toks, c)))
                continue
            # 4. distancer right before: так называемые «...», т. н. «...»
            words_before = [t for t in before if _is_word(t)]
            lem_before = tuple(t[3] for t in words_before[-3:])
            if any(lem_before[-len(d):] == d for d in self.lex.distancers if d):
                rows.append(_row(text, q_open + 1, q_close, "scare", level=0))
                continue
            if words_before and before[-1] is words_before[-1] and \
                    words_before[-1][3] in self.lex.naming_nouns:
                rows.append(_row(text, q_open + 1, q_close, "term"))
                continue
            # 5. inside reported speech: a reporting verb before the quote in the sentence
            v = self.last_verb(toks, 0, i_open)
            if v is not None:
                spk = self._subject(toks, v)
                rows.append(_row(text, q_open + 1, q_close, "partial", spk, toks[v],
                                 self.verb_class(toks[v])))
                continue
            sp = self._source_before(toks, i_open)
            if sp:
                rows.append(_row(text, q_open + 1, q_close, "partial", sp[0], sp[1], "neutral"))
                continue
            # 6. unattributed
            content = text[q_open + 1:q_close].strip()
            n_words = len([t for t in tokens(content) if t[2][:1].isalnum()])
            if n_words <= 5 and not re.search(r"[.!?]$", content):
                kind = "term" if content[:1].isupper() else "scare"
                rows.append(_row(text, q_open + 1, q_close, kind))
            else:
                rows.append(_row(text, q_open + 1, q_close, "direct"))
        return rows

    def _interrupted(self, sent, q_open, q_close):
        text = self.text
        inner = text[q_open + 1:q_close]
        m = re.search(r"[,.!?…]\s+[—–]\s+(\w+)", inner)
        if not m:
            return None
        toks = sent.toks
        vi = sent.index_at(q_open + 1 + m.start(1))
        if vi >= len(toks) or not self.verb_class(toks[vi]):
            return None
        spk = _speaker_after_verb(toks, vi)
        if not spk:
            return None
        rest = text[spk[-1][1]:q_close]
        m2 = re.match(r"\s*[.,:]\s*[—–]\s*", rest)
        if not m2:
            return None
        cls = self.verb_class(toks[vi])
        first = _row(text, q_open + 1, q_open + 1 + m.start() + (1 if inner[m.start()] in "!?…" else 0),
                     "direct", spk, toks[vi], cls)
        second = _row(text, spk[-1][1] + m2.end(), q_close, "direct", spk, toks[vi], cls)
        return [first, second]

    def _subject(self, toks, v):
        """The subject of the reporting verb at ``v``: the words before it in its clause, else
        those after it; a clause after "что" takes the subject of the main clause."""
        spk = _speaker_before_verb(toks, v)
        if not spk:
            spk = _speaker_after_verb(toks, v)
        return spk

    def _source_before(self, toks, i_open):
        """"X, по их словам, «...»": the source phrase and the sentence's first phrase."""
        for i in range(i_open):
            n = self.source_phrase_at(toks, i)
            if n < 0:  # "по их словам": the speaker is the sentence's first phrase
                cue = (toks[i][0], toks[i + 2][1], self.text[toks[i][0]:toks[i + 2][1]])
                return _phrase_after(toks, 0), cue
            if n:
                return _phrase_after(toks, i + n), toks[i + n - 1]
        return None

    # -- paraphrase ----------------------------------------------------------------------
    def paraphrase_rows(self, sent: _Sent, blocked) -> list[dict]:
        text, toks, rows = self.text, sent.toks, []
        if not toks:
            return rows

        def free(a, b):
            return not any(a < e and b > s for s, e in blocked)

        n = len(toks)
        # по словам X, ... / ..., по словам X.
        for i in range(n):
            k = self.source_phrase_at(toks, i)
            if k <= 0:
                continue
            spk = _phrase_after(toks, i + k)
            if not spk or spk[0][3] in ("их", "его", "её", "ее"):
                continue
            cue = (toks[i][0], toks[i + k - 1][1], text[toks[i][0]:toks[i + k - 1][1]])
            end_spk = i + k + len(spk)
            if i == 0 or (i > 0 and toks[i - 1][2] not in ","):
                lo = end_spk + (1 if end_spk < n and toks[end_spk][2] == "," else 0)
                a, b = (toks[lo][0], sent.end) if lo < n else (None, None)
            else:
                a, b = sent.start, toks[i - 1][0]
            if a is not None and free(a, b):
                rows.append(_row(text, a, _strip_end(text, a, b), "paraphrase", spk, cue, "neutral"))
            return rows
        # как отметил X, ...
        if n > 2 and toks[0][3] == "как" and self.verb_class(toks[1]):
            spk = _phrase_after(toks, 2)
            j = 2 + len(spk)
            if spk and j < n and toks[j][2] == ",":
                a = toks[j + 1][0] if j + 1 < n else sent.end
                if free(a, sent.end):
                    rows.append(_row(text, a, _strip_end(text, a, sent.end), "paraphrase", spk,
                                     toks[1], self.verb_class(toks[1])))
                return rows
        for v in range(n):
            cls = self.verb_class(toks[v])
            if not cls:
                continue
            # X заявил, что ... / X заявил о том, что ...
            j = v + 1
            if j < n and toks[j][2] == ",":
                j += 1
            elif j < n and toks[j][3] != "что":
                j = _that_after_object(toks, j)
            if j < n and toks[j][3] == "что" and v > 0:
                spk = _speaker_before_verb(toks, v)
                if spk and j + 1 < n:
                    a = toks[j + 1][0]
                    if free(a, sent.end):
                        rows.append(_row(text, a, _strip_end(text, a, sent.end), "paraphrase",
                                         spk, toks[v], cls))
                    return rows
            # ..., сообщили в X.  /  ..., — заявил X.
            if v >= 2 and toks[v - 1][2] in ",—–" and v > 2:
                lo = v - 1
                if toks[lo][2] in DASHES and toks[lo - 1][2] == ",":
                    lo -= 1
                spk = _speaker_after_verb(toks, v)
                tail = v + 1 + len(_phrase_after(toks, v + 1))
                # the speaker follows the verb at once ("сообщили в МВД", "сказал журналистам
                # X"); a noun at the end of the verb's object is no speaker ("призвала
                # сторонников продолжать мирные акции")
                dropped = len(_phrase_after(toks, v + 1)) - len(spk)
                if spk and dropped <= 1 and (tail >= n or toks[tail][2] in ".!?…"):
                    a, b = sent.start, toks[lo][0]
                    if free(a, b):
                        rows.append(_row(text, a, b, "paraphrase", spk, toks[v], cls))
                    return rows
            # X призвал ... (a forceful verb with its content)
            if cls == "forceful" and v > 0 and v + 1 < n and _is_word(toks[v + 1]):
                spk = _speaker_before_verb(toks, v)
                if spk:
                    a = toks[v + 1][0]
                    if free(a, sent.end):
                        rows.append(_row(text, a, _strip_end(text, a, sent.end), "paraphrase",
                                         spk, toks[v], cls))
                    return rows
        return rows


def _may_report(sentence: str, lems, lex) -> bool:
    """Quick test: does a sentence without quotation marks contain a reporting verb or a
    source phrase (else it cannot hold a paraphrase)?"""
    if lems is None:
        lems = [(a, b, w, lemma(w)) for a, b, w in tokens(sentence)]
    verbs, starts = lex.verbs, lex.source_starts
    return any(t[3] in verbs or t[3] in starts for t in lems)


def _strip_end(text, a, b):
    while b > a and (text[b - 1] in ".!?… " or text[b - 1].isspace()):
        b -= 1
    return b


def _sentence_spans(text: str):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            for s, e in split_sentences(line):
                yield pos + s, pos + e
        pos += len(line) + 1


def find_quotes(text: str, *, lexicon: RussianReporting | None = None,
                paraphrase: bool = True, sentences=None, lemma_lists=None) -> pd.DataFrame:
    """Quotations and reported speech in Russian ``text`` (one article's cleaned text).

    Columns: ``start``, ``end`` (the quoted words without the marks, or the reported content
    of a paraphrase), ``text``, ``kind`` (``direct``, ``partial``, ``scare``, ``term``,
    ``nested``, ``paraphrase``), ``speaker`` (the words naming the speaker, as written),
    ``speaker_start``, ``speaker_end``, ``cue`` (the reporting verb or source phrase),
    ``cue_start``, ``cue_end``, ``cue_class`` (its class in ``reporting.yml``) and ``level``
    (0 outer, 1 inside another quotation). Offsets index ``text``; missing spans are
    ``<NA>``.

    ``sentences`` (``[(start, end), ...]``) and ``lemma_lists`` (for each sentence, the
    output of :func:`analysis.lang.ru.morph.lemmas` on it) may pass what is already at hand.
    """
    lex = lexicon or load_reporting()
    finder = _Finder(text, lex)
    pairs = pair_quotes(text)
    rows = []
    spans = list(sentences) if sentences is not None else list(_sentence_spans(text))
    lemma_lists = lemma_lists if lemma_lists is not None else [None] * len(spans)
    for (s, e), lems in zip(spans, lemma_lists):
        quotes = [q for q in pairs if s <= q[0] < e]
        if not quotes and not paraphrase:
            continue
        if not quotes and not _may_report(text[s:e], lems, lex):
            continue
        sent = _Sent(text, s, e, lems)
        if quotes:
            rows += finder.quote_rows(sent, quotes)
        if paraphrase:
            blocked = [(q[0], q[1] + 1) for q in quotes]
            rows += finder.paraphrase_rows(sent, blocked)
    df = pd.DataFrame(rows, columns=COLUMNS).astype({"speaker": object, "cue": object,
                                                     "cue_class": object})
    for c in ("speaker", "cue", "cue_class"):
        df[c] = df[c].where(df[c].notna(), None)
    for c in ("speaker_start", "speaker_end", "cue_start", "cue_end"):
        df[c] = df[c].astype("Int64")
    return df.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
