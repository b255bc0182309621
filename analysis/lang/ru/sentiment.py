"""Russian sentiment: a linear model over the words of a sentence and around a target.

The model was trained on the training sentences of RuSentNE-2023 (Golubev, Rusnachenko &
Loukachevitch 2023, MIT licence: Russian news sentences, one named entity in each row and the
sentiment toward it, -1, 0 or 1), with ``benchmarks/ru_sentiment_rusentne.py --fit``; none of
its sentences is stored in the project. It is a multinomial logistic regression (negative,
neutral, positive) over two kinds of features, both tied to the words of the sentence:

* **sparse features** of lemmas (pymorphy3), in ``sentiment_model.csv`` (``feature, positive,
  negative``: how much one occurrence raises the log-odds of a positive, or of a negative
  reading, against a neutral one). A feature names where the lemma stands: ``s:`` anywhere in
  the sentence, ``o:`` anywhere, weighted by closeness to the target and halved outside its
  clause, ``c:`` in the target's clause, ``L1:`` ... ``R7:`` left or right of the target at a
  distance of 1, 2-3, 4-6 or 7-10 words, ``vL:`` / ``vR:`` the nearest verb before or after the
  target in its clause, ``t:`` the target's own words, ``prev:`` / ``next:`` its neighbours,
  ``case:`` its grammatical case, ``cap:`` whether it is written with a capital (a name, or a
  common noun such as a profession; the seed sums are also counted apart for each, ``cap1*sp``
  ...), ``tpos:`` / ``tg:`` its part of speech and pymorphy3's name grammemes (surname,
  place, organisation ...), ``role:`` its place in the clause (:func:`target_role`: subject,
  object, after a preposition, genitive after a noun), ``rs:`` the seed prior of the verb
  it hangs on for that role, ``rcp:`` / ``rcn:`` the clause's seed sums per role; a lemma read within three words after "не", "ни", "нет",
  "без" ... is written ``НЕ_lemma`` (and counts with the opposite sign in ``o:``). ``sp`` /
  ``sn`` (and ``cp`` / ``cn`` in the target's clause) sum the hand-made priors of
  ``sentiment_seed.csv`` (+1 / -1) of the words read, so a word the training sentences never
  showed still counts (``seedw+`` / ``seedw-`` count such words within three words of the
  target); ``inq:1`` says the target stands inside a quotation, ``qopen`` just after an opening
  mark, ``hasq:1`` that the sentence holds one. The verb is found by pymorphy3's part of
  speech (verb, infinitive, participle, gerund, predicative), not by a parser;
* **word vectors**: the news word vectors (navec) that ship with ``natasha`` for its entity
  recogniser, averaged over parts of the sentence (``S`` the whole sentence, ``C`` the target's
  clause, ``L`` / ``R`` four words to its left / right, ``D`` every word weighted by closeness,
  ``T`` the target, ``V`` / ``U`` the nearest verb after / before it, ``P`` / ``N`` the words
  just before / after it), and ``sentiment_vectors.csv`` holds one weight vector per part and
  class. They let a word the training data never saw count through the words it resembles.

Because the model is linear and every feature belongs to one word, each word's part of the
score can be shown (:func:`explain_sentence`): its sparse weights plus its vector's product
with the weights of the parts it falls in (the target's case and the quotation features belong
to no word and are left out of the shares). Two rows of ``sentiment_model.csv`` are not words:
``__bias__`` (the intercepts) and ``__offset__`` (added to the log-probabilities of the positive
and the negative class when choosing the label; chosen on the training folds, because neutral
is the largest class and F1 over positive and negative is the measure).

* :func:`score_target` reads every feature: the tone toward one actor's mention.
* :func:`score_sentence` reads the features that do not need a target (``s:``, ``o:`` with
  negation and intensity but no closeness, ``sp`` / ``sn`` and the sentence's vector ``S``)
  without the intercepts and offsets, which say how seldom an entity is given a tone at all:
  the tone of the sentence as a whole. It is a reading of a model fitted on targets, not a
  model fitted on sentence labels (RuSentNE has none).

The score is P(positive) - P(negative), in [-1, 1]; the label is the most probable class (for
a target, after the offsets). How good it is: ``python benchmarks/ru_sentiment_rusentne.py`` (cross-validated by
sentence on RuSentNE-2023).

Known blind spots: syntax is read only through word order and the nearest verb, so who does
what to whom is often missed (a target that is the victim of something bad gets a negative
tone); irony; sentiment that needs world knowledge ("ввёл санкции" is bad news for the country
it is aimed at); the word vectors carry the associations of the news they were trained on; the
training sentences are news of 2010-2020 and their labels are the annotators' reading of the
author's attitude.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .morph import lemmas, parse_word

HERE = Path(__file__).resolve().parent
MODEL_PATH = HERE / "sentiment_model.csv"
VECTORS_PATH = HERE / "sentiment_vectors.csv"
SEED_PATH = HERE / "sentiment_seed.csv"
LEXICON_PATH = MODEL_PATH  # the name earlier versions used

NEGATORS = frozenset({"не", "ни", "нет", "без", "никак", "ничуть", "нисколько", "отнюдь"})
INTENSIFIERS = {"очень": 1.5, "крайне": 1.5, "весьма": 1.5, "особенно": 1.5, "чрезвычайно": 1.5,
                "совершенно": 1.5, "абсолютно": 1.5, "максимально": 1.5, "сильно": 1.5,
                "глубоко": 1.5, "самый": 1.5, "наиболее": 1.5, "полностью": 1.5,
                "немного": 0.5, "слегка": 0.5, "отчасти": 0.5, "несколько": 0.5,
                "довольно": 0.8}
CLAUSE_MARKS = frozenset(",;:()—–-«»„“\"")
CLAUSE_WORDS = frozenset({"но", "а", "однако", "хотя", "зато", "что", "который", "чтобы",
                          "потому", "поэтому", "тогда", "если"})
OPEN_QUOTES, CLOSE_QUOTES = frozenset("«„"), frozenset("»“”")
VERB_TAGS = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND", "PRED"})
NEGATION_SCOPE = 3
OUTSIDE_CLAUSE = 0.5
DECAY = 8.0        # o: a word DECAY tokens away from the target counts half
VECTOR_DECAY = 4.0  # D: a word VECTOR_DECAY tokens away counts half
SIDE_WINDOW = 10   # L/R features up to this distance
VECTOR_WINDOW = 4  # L/R vectors up to this distance
SEED_WINDOW = 3
PARTS = "SCLRTDVUPN"
SENTENCE_PARTS = "S"
SENTENCE_PREFIXES = ("s:", "o:", "sp", "sn")
LABELS = ("negative", "neutral", "positive")
DIM = 300


def _bucket(k: int) -> str:
    return "1" if k <= 1 else "2" if k <= 3 else "4" if k <= 6 else "7"


_POS: dict[str, tuple[str, str]] = {}


def _pos(word: str) -> tuple[str, str]:
    """(part of speech, case) of the most likely pymorphy3 reading, cached per form."""
    key = word.lower()
    hit = _POS.get(key)
    if hit is None:
        tag = parse_word(key)[0].tag
        hit = (str(tag.POS) if tag.POS else "", str(tag.case) if tag.case else "")
        _POS[key] = hit
    return hit


_TAG: dict = {}


def _tag(word: str):
    """The pymorphy3 tag of the most likely reading of ``word``, cached per form."""
    key = word.lower()
    hit = _TAG.get(key)
    if hit is None:
        hit = _TAG[key] = parse_word(key)[0].tag
    return hit


def target_role(toks, t0: int, t1: int, clause=None):
    """Where the target ``toks[t0..t1]`` stands in its clause, read from word order and
    pymorphy3's case, not from a parser: ``(role, governor)``.

    ``role`` is ``pp`` (a preposition before it, adjectives and numerals between them
    allowed), ``subj`` (nominative, a verb after it in the clause), ``subjinv`` (nominative,
    a verb only before it), ``obj`` (accusative, genitive, dative or instrumental after a
    verb of its clause), ``poss`` (genitive right after a noun: "поддержка России") or
    ``other``; ``governor`` is the index of the verb (or noun) it hangs on, ``-1`` for none.
    ``clause``: the clause number of every token, as :func:`features` counts them.
    """
    n = len(toks)
    if clause is None:
        clause, c = [], 0
        for _, _, w, lem in toks:
            if w in CLAUSE_MARKS or lem in CLAUSE_WORDS:
                c += 1
            clause.append(c)
    tcl = {clause[t0], clause[t1]}
    verbs = []
    for steps in (range(t1 + 1, n), range(t0 - 1, -1, -1)):  # after, then before
        found = -1
        for j in steps:
            if clause[j] not in tcl:
                break
            if toks[j][2][:1].isalpha() and _pos(toks[j][2])[0] in VERB_TAGS:
                found = j
                break
        verbs.append(found)
    after, before = verbs
    for j in range(t0 - 1, max(-1, t0 - 4), -1):
        w = toks[j][2]
        if not w[:1].isalpha():
            break
        p = _pos(w)[0]
        if p == "PREP":
            return "pp", -1
        if p not in ("ADJF", "ADJS", "NUMR", "PRTF"):
            break
    last = toks[t1][2]
    case = _pos(last)[1] if last[:1].isalpha() else ""
    if case == "nomn" and after >= 0:
        return "subj", after
    if case == "nomn" and before >= 0:
        return "subjinv", before
    if case in ("accs", "gent", "datv", "ablt") and before >= 0:
        return "obj", before
    if case == "gent" and t0 > 0 and toks[t0 - 1][2][:1].isalpha() \
            and _pos(toks[t0 - 1][2])[0] == "NOUN":
        return "poss", t0 - 1
    return "other", -1


TARGET_GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "anim", "inan", "Trad")


def read_seed(path: str | Path = SEED_PATH) -> dict[str, float]:
    """The hand-made seed list: ``{lemma: prior}`` (+1 positive, -1 negative; news words
    have smaller priors)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["lemma"].startswith("#")]
    from .morph import lemma

    return {lemma(r["lemma"].strip()): float(r["prior"]) for r in rows}


@lru_cache(maxsize=1)
def _seed() -> dict[str, float]:
    return read_seed()


def features(text: str, target: tuple[int, int] | None = None, toks=None):
    """The features of ``text`` (toward ``target=(start, end)``, or of the sentence as a
    whole), each tied to the token it comes from.

    Returns ``(toks, sparse, dense)``: ``toks`` as :func:`.morph.lemmas` gives them;
    ``sparse`` ``[(token index or -1, feature, value), ...]``; ``dense`` ``[(part, token
    index, coefficient), ...]`` (the part's vector is the sum of coefficient x word vector).
    """
    toks = toks if toks is not None else lemmas(text)
    seed = _seed()
    n = len(toks)
    sparse: list = []
    dense: list = []
    add, vec = sparse.append, dense.append
    clause, depth, c, q = [], [], 0, 0
    for _, _, w, lem in toks:
        if w in CLAUSE_MARKS or lem in CLAUSE_WORDS:
            c += 1
        if w in OPEN_QUOTES or (w == '"' and not q):
            q += 1
        elif (w in CLOSE_QUOTES or w == '"') and q:
            q -= 1
        clause.append(c)
        depth.append(q)
    if target is not None and n:
        ts, te = target
        inside = [i for i, (s, e, _, _) in enumerate(toks) if s < te and e > ts]
        if inside:
            t0, t1 = inside[0], inside[-1]
        else:
            t0 = t1 = next((i for i, (s, _, _, _) in enumerate(toks) if s >= ts), n - 1)
        tcl = {clause[t0], clause[t1]}
        role, gov = target_role(toks, t0, t1, clause)
        words = [j for j in range(t0, t1 + 1) if inside and toks[j][2][:1].isalpha()]
        cap = "cap%d*" % int(bool(words) and toks[words[0]][2][:1].isupper())
    else:
        target = None
        inside, t0, t1, tcl, role, gov, words, cap = [], -1, -1, set(), "", -1, [], ""
    n_s = n_c = n_l = n_r = n_t = n_d = 0
    neg_left, boost = 0, 1.0
    s_sum = [0.0, 0.0, 0.0, 0.0]  # sp, sn, cp, cn
    for i, (s, e, w, lem) in enumerate(toks):
        if w in CLAUSE_MARKS or not w[:1].isalpha():
            neg_left, boost = 0, 1.0
            continue
        if lem in NEGATORS:
            neg_left = NEGATION_SCOPE
            continue
        if lem in INTENSIFIERS:
            boost = INTENSIFIERS[lem]
            continue
        sign = -1.0 if neg_left else 1.0
        fac = boost * sign
        boost = 1.0
        if neg_left:
            neg_left -= 1
        if inside and t0 <= i <= t1:
            add((i, "t:" + lem, 1.0))
            vec(("T", i, 1.0))
            n_t += 1
            continue
        key = lem if sign > 0 else "НЕ_" + lem
        add((i, "s:" + key, 1.0))
        vec(("S", i, sign))
        n_s += 1
        prior = seed.get(lem, 0.0) * fac
        if target is None:
            add((i, "o:" + lem, fac))
            if prior:
                add((i, "sp" if prior > 0 else "sn", abs(prior)))
            continue
        dist = t0 - i if i < t0 else i - t1
        in_clause = clause[i] in tcl
        o = fac * DECAY / (DECAY + max(dist - 1, 0))
        add((i, "o:" + lem, o if in_clause else o * OUTSIDE_CLAUSE))
        if in_clause:
            add((i, "c:" + key, 1.0))
            vec(("C", i, sign))
            n_c += 1
        if dist <= SIDE_WINDOW:
            add((i, ("L" if i < t0 else "R") + _bucket(dist) + ":" + key, 1.0))
        if dist <= VECTOR_WINDOW:
            if i < t0:
                vec(("L", i, sign))
                n_l += 1
            else:
                vec(("R", i, sign))
                n_r += 1
        vec(("D", i, sign * VECTOR_DECAY / (VECTOR_DECAY + dist - 1)))
        n_d += 1
        if prior:
            # the priors' sums, also apart for a target written with or without a capital
            # (a name, or a common noun such as a profession) and per role in the clause
            keys = ["sp" if prior > 0 else "sn"]
            if in_clause:
                keys.append("cp" if prior > 0 else "cn")
                add((i, ("rcp:" if prior > 0 else "rcn:") + role, abs(prior)))
            for k in keys:
                add((i, k, abs(prior)))
                add((i, cap + k, abs(prior)))
            if dist <= SEED_WINDOW:
                k = "seedw+" if prior > 0 else "seedw-"
                add((i, k, 1.0))
                add((i, cap + k, 1.0))
    if target is not None:
        # the nearest verb of the target's clause after it, then before it
        for prefix, part, steps in (("vR:", "V", range(t1 + 1, n)),
                                    ("vL:", "U", range(t0 - 1, -1, -1))):
            for j in steps:
                if clause[j] not in tcl:
                    break
                if toks[j][2][:1].isalpha() and _pos(toks[j][2])[0] in VERB_TAGS:
                    add((j, prefix + toks[j][3], 1.0))
                    vec((part, j, 1.0))
                    break
        last = toks[t1][2]
        add((-1, "case:" + (_pos(last)[1] if inside and last[:1].isalpha() else ""), 1.0))
        # the target's own kind of word: capital, part of speech, pymorphy3's name grammemes
        # (first name, surname, place, organisation ...), length; and its role in the clause
        k = words[-1] if words else -1
        add((words[0] if words else -1, "cap:" + cap[3], 1.0))
        if words:
            tg = _tag(toks[k][2])
            add((k, "tpos:" + str(tg.POS), 1.0))
            for g in TARGET_GRAMMEMES:
                if g in tg:
                    add((k, "tg:" + g, 1.0))
            if toks[k][2].isupper() and len(toks[k][2]) > 1:
                add((k, "tg:UPPER", 1.0))
            add((k, "tlen:%d" % min(len(words), 3), 1.0))
        add((k, "role:" + role, 1.0))
        if gov >= 0:
            p = seed.get(toks[gov][3], 0.0)
            if p:
                add((gov, "rs:%s:%s" % (role, "+" if p > 0 else "-"), 1.0))
        # the neighbours: a word's features are its own, a mark's belong to no word
        prev_word = t0 > 0 and toks[t0 - 1][2][:1].isalpha()
        next_word = t1 + 1 < n and toks[t1 + 1][2][:1].isalpha()
        add((t0 - 1 if prev_word else -1, "prev:" + (toks[t0 - 1][3] if t0 > 0 else "^"), 1.0))
        add((t1 + 1 if next_word else -1, "next:" + (toks[t1 + 1][3] if t1 + 1 < n else "$"),
             1.0))
        if prev_word:
            vec(("P", t0 - 1, 1.0))
        if next_word:
            vec(("N", t1 + 1, 1.0))
        add((-1, "inq:%d" % min(depth[t0], 1), 1.0))
        if t0 > 0 and toks[t0 - 1][2] in OPEN_QUOTES | {'"'}:
            add((-1, "qopen", 1.0))
        add((-1, "hasq:%d" % int(any(depth)), 1.0))
    # averages: each part's coefficients divided by its number of words
    scale = {"S": n_s, "C": n_c, "L": n_l, "R": n_r, "T": n_t}
    out = []
    for part, i, coef in dense:
        if part == "D":
            coef /= math.sqrt(n_d) if n_d else 1.0
        elif part in scale and scale[part]:
            coef /= scale[part]
        out.append((part, i, coef))
    return toks, sparse, out


# ---------------------------------------------------------------------------------------------
# word vectors (navec, from the natasha wheel; the entity recogniser loads the same ones)


@dataclass
class _Vectors:
    vocab: object
    indexes: np.ndarray   # words x subvectors (codebook entry per subvector)
    codes: np.ndarray     # subvectors x entries x chunk
    unk: int

    def word_id(self, word: str) -> int:
        key = word.lower()
        i = self.vocab.encode(key)
        if i == self.unk and "ё" in key:
            i = self.vocab.encode(key.replace("ё", "е"))
        return -1 if i == self.unk else i

    def vector(self, word: str) -> np.ndarray | None:
        """The word's vector (300 numbers), ``None`` for a word the vectors do not know."""
        i = self.word_id(word)
        if i < 0:
            return None
        q = self.indexes[i]
        return self.codes[np.arange(len(q)), q].reshape(-1)


@lru_cache(maxsize=1)
def word_vectors() -> _Vectors:
    """natasha's news word vectors (navec), taken from the entity recogniser's model."""
    from .ner import _tagger

    tagger = _tagger()
    emb = tagger.infer.model.emb.word
    vocab = tagger.infer.encoder.words_vocab
    return _Vectors(vocab, emb.indexes.array, emb.codes.array, vocab.unk_id)


# ---------------------------------------------------------------------------------------------
# the fitted model


@dataclass
class Model:
    """Sparse weights ``{feature: (positive, negative)}``, the intercepts, the label offsets
    and the weight vectors of the word-vector parts."""

    weights: dict
    bias_positive: float
    bias_negative: float
    offset_positive: float = 0.0
    offset_negative: float = 0.0
    vectors: dict = field(default_factory=dict)   # part -> (positive 300, negative 300)
    path: str = ""
    _tables: dict = field(default_factory=dict, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    def word_parts(self, word: str) -> dict:
        """``{part: (positive, negative)}``: the word vector's product with each part's two
        weight vectors (cached per word form; empty for a word the vectors do not know)."""
        key = word.lower()
        hit = self._cache.get(key)
        if hit is None:
            hit = {}
            if self.vectors:
                wv = word_vectors()
                i = wv.word_id(key)
                if i >= 0:
                    if not self._tables:
                        self._build_tables(wv)
                    q = wv.indexes[i]
                    vals = self._tables["table"][:, self._tables["rows"], q].sum(axis=1).tolist()
                    hit = dict(zip(self._tables["names"], zip(vals[0::2], vals[1::2])))
            self._cache[key] = hit
        return hit

    def _build_tables(self, wv: _Vectors) -> None:
        # per part and class, the product of every codebook entry with the weight slice
        names = list(self.vectors)
        W = np.array([w for p in names for w in self.vectors[p]], dtype=np.float64)  # 2P x 300
        nq, nk, chunk = wv.codes.shape
        table = np.einsum("qkc,mqc->mqk", wv.codes.astype(np.float64),
                          W.reshape(len(W), nq, chunk))
        self._tables = {"names": names, "table": table, "rows": np.arange(nq)}

    def logits(self, toks, sparse, dense, *, parts=None, prefixes=None, explain=True):
        """Positive and negative logits, and each token's part of their difference
        (``{token index: share}``; -1 gathers the features that are no word's; left empty
        with ``explain=False``, which is quicker)."""
        lp, ln = self.bias_positive, self.bias_negative
        shares: dict[int, float] = {}
        get = self.weights.get
        for i, f, v in sparse:
            if prefixes is not None and not f.startswith(prefixes):
                continue
            w = get(f)
            if w is None:
                continue
            lp += v * w[0]
            ln += v * w[1]
            if explain:
                shares[i] = shares.get(i, 0.0) + v * (w[0] - w[1])
        if self.vectors:
            seen: dict[int, dict] = {}
            cache = self._cache
            for part, i, coef in dense:
                if parts is not None and part not in parts:
                    continue
                wp = seen.get(i)
                if wp is None:
                    wp = cache.get(toks[i][2].lower())
                    if wp is None:
                        wp = self.word_parts(toks[i][2])
                    seen[i] = wp
                u = wp.get(part)
                if u is None:
                    continue
                lp += coef * u[0]
                ln += coef * u[1]
                if explain:
                    shares[i] = shares.get(i, 0.0) + coef * (u[0] - u[1])
        return lp, ln, shares


def _read_vectors(path: Path) -> dict:
    out: dict = {}
    if not path.exists():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        r = csv.reader(fh)
        next(r)
        rows = {(p, c): np.array([float(x) for x in rest]) for p, c, *rest in r}
    for (p, c), v in rows.items():
        out.setdefault(p, [None, None])[0 if c == "positive" else 1] = v
    return {p: tuple(v) for p, v in out.items()}


@lru_cache(maxsize=4)
def load_model(path: str | Path = MODEL_PATH, vectors: str | Path | None = None) -> Model:
    """Read a model file (``feature,positive,negative``; rows ``__bias__`` and ``__offset__``
    hold the intercepts and the label offsets) and its weight vectors (``part,class,w0..``;
    by default ``sentiment_vectors.csv`` beside it)."""
    path = Path(path)
    weights, bias, offset = {}, (0.0, 0.0), (0.0, 0.0)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pair = (float(row["positive"]), float(row["negative"]))
            if row["feature"] == "__bias__":
                bias = pair
            elif row["feature"] == "__offset__":
                offset = pair
            else:
                weights[row["feature"]] = pair
    vpath = Path(vectors) if vectors is not None else path.with_name(
        path.stem.replace("_model", "_vectors") + ".csv")
    return Model(weights, bias[0], bias[1], offset[0], offset[1], _read_vectors(vpath),
                 str(path))


load_lexicon = load_model  # the name earlier versions used


def _result(lp: float, ln: float, offsets=(0.0, 0.0)) -> tuple[float, str]:
    m = max(lp, ln, 0.0)
    ep, en, e0 = math.exp(lp - m), math.exp(ln - m), math.exp(-m)
    z = ep + en + e0
    # label: the most probable class after the offsets (log scale)
    cand = (ln + offsets[1], 0.0, lp + offsets[0])
    label = LABELS[max(range(3), key=lambda k: cand[k])]
    return (ep - en) / z, label


def _score(text, target, model, toks, sentence_only, explain=False):
    toks, sparse, dense = features(text, target, toks)
    if sentence_only:
        # the words' part only: the intercepts and offsets say how seldom an entity is
        # given a tone at all, which is no property of a sentence's words
        lp, ln, shares = model.logits(toks, sparse, dense, parts=SENTENCE_PARTS,
                                      prefixes=SENTENCE_PREFIXES, explain=explain)
        score, label = _result(lp - model.bias_positive, ln - model.bias_negative)
    else:
        lp, ln, shares = model.logits(toks, sparse, dense, explain=explain)
        score, label = _result(lp, ln, (model.offset_positive, model.offset_negative))
    return score, label, toks, shares


def score_sentence(text: str, *, lexicon: Model | None = None, toks=None) -> tuple[float, str]:
    """``(score, label)`` of a whole sentence: score in [-1, 1] (P(positive) - P(negative)),
    label ``negative``, ``neutral`` or ``positive``. Reads the model's sentence-level
    features only. ``toks``: ``lemmas(text)`` if at hand."""
    score, label, _, _ = _score(text, None, lexicon or load_model(), toks, True)
    return round(score, 4), label


def score_target(text: str, start: int, end: int, *,
                 lexicon: Model | None = None, toks=None) -> tuple[float, str]:
    """``(score, label)`` of the tone toward the target ``text[start:end]`` (an actor's
    mention), read from every feature of the model."""
    score, label, _, _ = _score(text, (start, end), lexicon or load_model(), toks, False)
    return round(score, 4), label


def explain_sentence(text: str, *, target: tuple[int, int] | None = None,
                     lexicon: Model | None = None) -> list[tuple[int, int, str, str, float]]:
    """Word by word: ``[(start, end, word, lemma, share), ...]`` for the words that carry
    weight. The shares sum to the score of :func:`score_sentence` (or of
    :func:`score_target` when ``target=(start, end)`` is given): each word's part of the
    logit difference (its lemma features and its vector's), scaled to the score. Features
    that belong to no word (the intercepts, the target's case, quotation marks) are left out
    of the shares, so a word's share is its part of what the words contribute."""
    model = lexicon or load_model()
    score, _, toks, shares = _score(text, target, model, None, target is None, explain=True)
    rows = [(i, sh) for i, sh in sorted(shares.items()) if i >= 0 and sh != 0.0]
    if not rows:
        return []
    total = sum(sh for _, sh in rows)
    if abs(total) < 1e-12:
        return [(*toks[i][:2], toks[i][2], toks[i][3], 0.0) for i, _ in rows]
    k = score / total
    return [(toks[i][0], toks[i][1], toks[i][2], toks[i][3], round(sh * k, 6)) for i, sh in rows]


# ---------------------------------------------------------------------------------------------
# fitting (used by benchmarks/ru_sentiment_rusentne.py)


def feature_rows(texts, targets=None, *, parts: str = PARTS):
    """For fitting: per text ``(sparse, dense)``: ``{feature: summed value}`` and the parts'
    vectors concatenated (``len(parts)`` x 300 numbers; targets: ``(start, end)`` or
    ``None`` per text)."""
    targets = targets if targets is not None else [None] * len(texts)
    wv = word_vectors()
    col = {p: k for k, p in enumerate(parts)}
    cache: dict = {}
    out = []
    for text, tg in zip(texts, targets):
        toks, sparse, dense = features(text, tg)
        d: dict[str, float] = {}
        for _, f, v in sparse:
            d[f] = d.get(f, 0.0) + v
        x = np.zeros(len(parts) * DIM)
        for part, i, coef in dense:
            w = toks[i][2].lower()
            if w not in cache:
                cache[w] = wv.vector(w)
            v = cache[w]
            if v is not None and part in col:
                k = col[part] * DIM
                x[k:k + DIM] += coef * v
        out.append((d, x))
    return out
