"""Russian person, organisation and place names with the ``slovnet`` news NER model.

The model (a small convolutional tagger with a CRF, trained by the natasha project on Russian
news) ships inside the ``natasha`` wheel with its word vectors (navec) and loads without a
network. :class:`RussianRecogniser` runs that model's weights in its own way, which gives the
same tags as ``natasha.NewsNERTagger`` and is several times faster:

* tokens come from :func:`analysis.lang.ru.segment.tokens` (razdel's rules), once per text;
* the first convolution is linear in the word vector, so its product with the filters is
  worked out once per word form and kept (news repeats its words);
* all the sentences of a call are laid end to end with a zero row between them, so each
  layer is three matrix products over the whole call instead of one per padded batch;
* the CRF is decoded for all sentences at once, one step per token position.

``confidence`` is the mean, over the span's tokens, of the softmax probability of the chosen
tag from the tagger's scores (not a calibrated probability).

:func:`normal_form` puts a name into the nominative with ``pymorphy3`` ("Марии Захаровой" ->
"Мария Захарова", "Александром Лукашенко" -> "Александр Лукашенко", "России" -> "Россия").

Known blind spots: the model was trained on news of the 2010s (names that became news later
are found from their shape and context only); it cuts a title off a name ("президент" is not
part of "президент Путин"); foreign names written in Latin letters are often missed; the
normal form of a multi-word organisation changes only the words that agree with its head noun
("Министерства иностранных дел" -> "Министерство иностранных дел").
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from pathlib import Path

from .morph import lemma, parse_word
from .segment import split_sentences, tokens

HERE = Path(__file__).resolve().parent
TYPES = {"PER": "person", "ORG": "organisation", "LOC": "place"}


@lru_cache(maxsize=1)
def _tagger():
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


class RussianRecogniser:
    """Finds names in Russian text. Build it with :func:`load_recogniser` (loads once)."""

    def __init__(self, tagger=None):
        from slovnet.shape import word_shape

        tagger = tagger or _tagger()
        self._shape = word_shape
        enc, model = tagger.infer.encoder, tagger.infer.model
        self._words, self._shapes = enc.words_vocab, enc.shapes_vocab
        self._emb = model.emb
        layers = model.encoder.layers
        # first layer: per word form, the three kernel products (3 x filters), kept
        w1 = layers[0].conv.weight.array                       # filters x in x 3
        self._w1 = np.concatenate([w1[:, :, k].T for k in range(3)], axis=1)  # in x 3*filters
        self._f1 = w1.shape[0]
        self._layers = layers
        self._rest = [np.stack([l.conv.weight.array[:, :, k].T for k in range(3)])
                      for l in layers[1:]]                     # 3 x in x filters
        self._proj_w = model.head.proj.weight.array
        self._proj_b = model.head.proj.bias.array
        self._trans = model.head.crf.transitions.array
        self._tags = list(tagger.infer.decoder.tags_vocab.items)
        self._row: dict[str, int] = {}
        self._table = np.zeros((1, 3 * self._f1), dtype=np.float32)  # row 0: the gap
        self._rows = 1

    # -- first layer, per word form -------------------------------------------------------
    def _ids(self, words: list[str]) -> np.ndarray:
        row = self._row
        new = [w for w in dict.fromkeys(words) if w not in row]
        if new:
            wid = np.array([self._words.encode(w.lower()) for w in new])
            sid = np.array([self._shapes.encode(self._shape(w)) for w in new])
            x = self._emb(wid[None], sid[None])[0]            # n x in
            block = (x @ self._w1).astype(np.float32)
            need = self._rows + len(new)
            if need > len(self._table):
                grown = np.zeros((max(need, 2 * len(self._table)), self._table.shape[1]),
                                 dtype=np.float32)
                grown[: self._rows] = self._table[: self._rows]
                self._table = grown
            self._table[self._rows:need] = block
            for i, w in enumerate(new):
                row[w] = self._rows + i
            self._rows = need
        return np.array([row[w] for w in words], dtype=np.int64)

    # -- the network over many sentences at once -----------------------------------------
    def _tag(self, sents: list[list[str]]) -> list[tuple[list[int], list[float]]]:
        """Tag indices and their probabilities for every token of every sentence."""
        sents_nz = [s for s in sents if s]
        if not sents_nz:
            return [([], []) for _ in sents]
        # layout: gap, sentence, gap, sentence, ..., gap
        lengths = np.array([len(s) for s in sents_nz])
        starts = np.concatenate([[1], 1 + np.cumsum(lengths + 1)[:-1]])
        total = int(starts[-1] + lengths[-1] + 1)
        idx = np.zeros(total, dtype=np.int64)
        flat = [w for s in sents_nz for w in s]
        pos = np.concatenate([np.arange(st, st + n) for st, n in zip(starts, lengths)])
        idx[pos] = self._ids(flat)
        gap = np.ones(total, dtype=bool)
        gap[pos] = False
        f = self._f1
        P = self._table[idx]                                     # total x 3f
        x = np.zeros((total, f), dtype=np.float32)
        x[1:-1] = P[:-2, :f] + P[1:-1, f:2 * f] + P[2:, 2 * f:]
        layer = self._layers[0]
        x = self._finish(x + layer.conv.bias.array, layer, gap)
        for layer, w in zip(self._layers[1:], self._rest):
            y = np.zeros((total, w.shape[2]), dtype=np.float32)
            y[1:-1] = x[:-2] @ w[0] + x[1:-1] @ w[1] + x[2:] @ w[2]
            x = self._finish(y + layer.conv.bias.array, layer, gap)
        em = x[pos] @ self._proj_w + self._proj_b               # tokens x tags
        # CRF Viterbi, all sentences together (padded to the longest)
        n, L, T = len(sents_nz), int(lengths.max()), em.shape[1]
        offs = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        E = np.full((n, L, T), 0.0, dtype=np.float32)
        mask = np.arange(L)[None, :] < lengths[:, None]
        E[mask] = em
        score = E[:, 0]
        hist = np.zeros((L, n, T), dtype=np.int64)
        trans = self._trans
        for t in range(1, L):
            s = score[:, :, None] + trans + E[:, t][:, None, :]
            best = s.argmax(1)
            hist[t] = best
            new = np.take_along_axis(s, best[:, None, :], 1)[:, 0]
            score = np.where(mask[:, t][:, None], new, score)
        probs = np.exp(em - em.max(1, keepdims=True))
        probs /= probs.sum(1, keepdims=True)
        out_nz = []
        for i in range(n):
            k = int(lengths[i])
            tag = int(score[i].argmax())
            path = [tag]
            for t in range(k - 1, 0, -1):
                tag = int(hist[t, i, tag])
                path.append(tag)
            path.reverse()
            p = probs[offs[i] + np.arange(k), path]
            out_nz.append((path, p.tolist()))
        it = iter(out_nz)
        return [next(it) if s else ([], []) for s in sents]

    @staticmethod
    def _finish(x, layer, gap):
        x = np.maximum(x, 0)
        n = layer.norm
        x = (x - n.mean.array) / n.std.array * n.weight.array + n.bias.array
        x[gap] = 0
        return x

    # -- public ----------------------------------------------------------------------------
    def find_sentences(self, token_lists: list[list[tuple[int, int, str]]], *,
                       words: bool = True):
        """Names in pre-tokenised sentences: for every list of ``(start, end, word)``, a list
        of ``(start, end, type, confidence)`` with the tokens' offsets. ``words=False`` leaves
        out the common nouns and adjectives of ``entity_words.yml``."""
        tagged = self._tag([[w for _, _, w in toks] for toks in token_lists])
        found = self._spans(token_lists, tagged)
        if words:
            table = _entity_words()
            for toks, spans in zip(token_lists, found):
                taken = [(s, e) for s, e, _, _ in spans]
                extra = []
                for k, (s, e, w) in enumerate(toks):
                    if not w[:1].isalpha():
                        continue
                    hit = table.get((lemma(w),))
                    n = 1
                    if k + 1 < len(toks):
                        two = table.get((lemma(w), lemma(toks[k + 1][2])))
                        if two:
                            hit, n = two, 2
                    if hit:
                        e2 = toks[k + n - 1][1]
                        if not any(a < e2 and b > s for a, b in taken):
                            extra.append((s, e2, hit, 0.5))
                            taken.append((s, e2))
                if extra:
                    spans.extend(extra)
                    spans.sort()
        return found

    def _spans(self, token_lists, tagged):
        out = []
        for toks, (path, probs) in zip(token_lists, tagged):
            spans, cur = [], None
            for (s, e, _), t, p in zip(toks, path, probs):
                tag = self._tags[t]
                if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[2] != tag[2:])):
                    if cur:
                        spans.append(cur)
                    cur = [s, e, tag[2:], [p]]
                elif tag.startswith("I-"):
                    cur[1] = e
                    cur[3].append(p)
                else:
                    if cur:
                        spans.append(cur)
                    cur = None
            if cur:
                spans.append(cur)
            out.append([(s, e, TYPES[t], round(float(np.mean(ps)), 3)) for s, e, t, ps in spans])
        return out

    def find_many(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
        """:meth:`find` for many texts in one pass of the network."""
        sents, owner = [], []
        for i, text in enumerate(texts):
            for para_start, para in _paragraphs(text):
                for s, e in split_sentences(para):
                    base = para_start + s
                    sents.append([(a + base, b + base, w) for a, b, w in tokens(para[s:e])])
                    owner.append(i)
        found = self.find_sentences(sents)
        out: list[list] = [[] for _ in texts]
        for i, spans in zip(owner, found):
            out[i].extend(spans)
        return out

    def find(self, text: str) -> list[tuple[int, int, str, float]]:
        """``[(start, end, type, confidence), ...]``: the names in ``text``, ``type`` one of
        ``person``, ``organisation``, ``place``; offsets index ``text``."""
        return self.find_many([text])[0]


@lru_cache(maxsize=1)
def _entity_words() -> dict:
    """``(lemma, ...) -> type`` from ``entity_words.yml``."""
    import yaml

    data = yaml.safe_load((HERE / "entity_words.yml").read_text(encoding="utf-8"))
    out = {}
    for kind in ("organisation", "place"):
        for entry in data.get(kind) or []:
            key = tuple(lemma(w) for _, _, w in tokens(entry) if w[:1].isalpha())
            out.setdefault(key, kind)
    return out


def _paragraphs(text: str):
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


@lru_cache(maxsize=1)
def load_recogniser() -> RussianRecogniser:
    """The recogniser of the process (the model loads once, in about two seconds)."""
    return RussianRecogniser()


# ---------------------------------------------------------------------------------------------
# normal forms

_NAME_TAGS = ("Name", "Surn", "Patr")


def _cap(template: str, word: str) -> str:
    """``word`` written with the capitals of ``template`` (Title, UPPER or lower)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))
    return word


def _nominative_person(word: str, gender: str | None):
    parses = [p for p in parse_word(word) if p.tag.POS == "NOUN"] or list(parse_word(word))
    named = [p for p in parses if any(t in p.tag for t in _NAME_TAGS)]
    pool = named or parses
    if gender:
        same = [p for p in pool if "ms-f" in p.tag or p.tag.gender is None
                or p.tag.gender == gender]
        pool = same or pool
    best = pool[0]
    if "Fixd" in best.tag or best.tag.case == "nomn":
        return word, best
    form = best.inflect({"nomn", "sing"}) or best.inflect({"nomn"})
    return (_cap(word, form.word) if form else word), best


def name_gender(words: list[str]) -> str | None:
    """``masc`` or ``femn`` when the words of a person's name tell it (a first name or
    patronymic; else a surname ending that can only be feminine, "Захаровой"), or ``None``
    ("Колесникова" is a woman or the genitive of a man's name)."""
    for w in words:  # a first name or patronymic tells the gender
        for p in parse_word(w):
            if ("Name" in p.tag or "Patr" in p.tag) and p.tag.gender in ("masc", "femn"):
                return p.tag.gender
    genders = {p.tag.gender for w in words for p in parse_word(w)
               if "Surn" in p.tag and p.score > 0.15}
    return "femn" if genders == {"femn"} else None


def _person(words: list[str], gender: str | None = None) -> list[str]:
    gender = gender or name_gender(words)
    return [_nominative_person(w, gender)[0] for w in words]


def _thing(words: list[str]) -> list[str]:
    """Head noun and the words agreeing with it into the nominative; the rest unchanged."""
    parses = [parse_word(w)[0] for w in words]
    head = next((i for i, p in enumerate(parses) if p.tag.POS == "NOUN"), None)
    if head is None:
        return words
    case = parses[head].tag.case
    if case in (None, "nomn") or "Fixd" in parses[head].tag:
        return words
    number = parses[head].tag.number or "sing"
    out = list(words)
    for i in range(head + 1):
        cands = [p for p in parse_word(words[i]) if p.tag.case == case]
        if not cands or not (i == head or cands[0].tag.POS in ("ADJF", "PRTF", "NUMR")):
            continue
        form = cands[0].inflect({"nomn", number}) or cands[0].inflect({"nomn"})
        if form:
            out[i] = _cap(words[i], form.word)
    return out


def normal_form(text: str, start: int, end: int, type: str | None = None) -> str:
    """The name ``text[start:end]`` in the nominative ("Марии Захаровой" -> "Мария Захарова").

    ``type`` (``person``, ``organisation``, ``place``) chooses the rule; without it a span of
    words that pymorphy3 reads as first names, patronymics or surnames is a person.
    """
    span = text[start:end]
    toks = tokens(span)
    words = [w for _, _, w in toks if w[:1].isalpha()]
    if not words:
        return span
    if type is None:
        type = "person" if all(any(t in p.tag for p in parse_word(w)[:2] for t in _NAME_TAGS)
                               for w in words) else "place"
    if type == "person":
        new = _person(words)
    else:
        new = _thing(words)
    it = iter(new)
    out, last = [], 0
    for s, e, w in toks:
        out.append(span[last:s])
        out.append(next(it) if w[:1].isalpha() else w)
        last = e
    out.append(span[last:])
    return "".join(out)
