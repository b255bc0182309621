"""Tone toward an actor: mention by mention, clause by clause, and for a whole article.

:func:`score_targets` estimates the tone of a sentence *toward* a marked span. It reads the
sentence the way a reader does where the sentence turns: in "I like Peter but I don't like
Robert" or "Critics praised Ruto, but they condemned Odinga" the words that count for each name
are those of its own part of the sentence (:func:`target_scope`: the stretch between
contrasting or coordinated clauses, cut at *but*, *while*, *whereas*, *although*, *yet*,
*however*, a semicolon, *and* followed by a new subject, ...), with negation read as VADER reads
it ("don't like" is not liking). :func:`actor_tone` applies it to every mention, separating the
narrator's voice from quotations, :func:`summarise_tone` gives one row per actor, and
:func:`article_tone` gives the tone of each article toward each of its actors (PerSenT's
question: what is the author's stance toward this actor?) from its mentions, with weights of
their own for the narrator's voice, quoted voices, the actor's own words, the lead paragraph,
pronouns and the headline.

Weights are data: ``data/lexicons/target_sentiment_weights.csv`` (fitted by
``python benchmarks/actor_sentiment_newsmtsc.py --fit`` on NewsMTSC) and
``data/lexicons/article_tone_weights.csv`` (fitted by
``python benchmarks/actor_tone_persent.py --fit`` on the PerSenT development articles).

Known blind spots: the scorer reads words near the name, not a parse, so "X accused Y" is
read from word order and the verbs' usual meaning, and a verb no word list knows ("the league
fined Rodriguez") counts for nothing; sarcasm, irony and world knowledge ("he
voted for the war") are out of its reach; a contrast marker inside a quotation or a long
sentence with several turns can cut the sentence in the wrong place; an article's tone is
only as good as the mentions it is given (a pronoun nobody resolved adds nothing).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import lexscore
from .config import LEXICON_DIR
from .lexscore import vader_analyser as _vader

# VADER's scores remembered per text, as targets share sentences and windows (the returned
# dicts are shared, so they are only read here)
_vader_scores = lexscore._vader_scores

TARGET_WEIGHTS = LEXICON_DIR / "target_sentiment_weights.csv"
ARTICLE_WEIGHTS = LEXICON_DIR / "article_tone_weights.csv"
LABELS = ("negative", "neutral", "positive")
TONE_COLUMNS = ["doc_id", "actor", "tone_mean", "tone_label", "tone_mentions"]

__all__ = ["ARTICLE_WEIGHTS", "LABELS", "TARGET_WEIGHTS", "TONE_COLUMNS", "actor_tone",
           "article_tone", "article_tone_features", "in_quotes", "load_article_weights",
           "load_target_weights", "quoted_spans", "score_targets", "scorer_figures",
           "summarise_tone", "target_features", "target_scope"]


# ---------------------------------------------------------------------------------------------
# where a sentence turns


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|[!?]")
_CLAUSE_CUT = re.compile(r"[,;:\u2014\u2013()]|\b(?:but|while|whereas|after|because|who|which|that)\b")
_OPEN_CLOSE = (("\u201c", "\u201d"), ("\u2018", "\u2019"))
# a turn of the sentence: the words for each side are read apart ("and" only where a new
# subject follows: "praised Ruto and they condemned Odinga", not "praised Ruto and Odinga")
_TURN = re.compile(
    r";|\s[\u2014\u2013]\s|\b(?:but|whereas|although|though|yet|however|nevertheless|nonetheless|"
    r"while|unlike|despite|instead)\b|\b(?:and|or)\b(?=\s+(?:i|we|you|he|she|they|it|others|"
    r"critics|supporters|many|most|some)\b)", re.IGNORECASE)
# a turn word that opens a sentence ("Although critics praised Ruto, they ...") reaches to the
# first comma: that is where the sentence turns
_LEADING_TURN = re.compile(r"^\W*(?:although|though|while|whereas|despite|unlike)\b", re.IGNORECASE)
# VADER's negations (the words that flip a sentiment word up to three words later)
_NEGATIONS = frozenset(
    "aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't "
    "didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't "
    "haven't isn't mightn't mustn't neednt needn't never none nope nor not nothing nowhere "
    "oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh wasn't weren't "
    "without wont wouldnt won't wouldn't rarely seldom despite no".split())
_N_SCALAR = -0.74  # VADER's factor for a negated word


@lru_cache(maxsize=4096)
def _clause_cuts(text: str) -> tuple[int, ...]:
    """Where the clauses of ``text`` begin and end: 0, each clause boundary, ``len(text)``."""
    return (0, *(m.start() for m in _CLAUSE_CUT.finditer(text)), len(text))


_TURN_WORDS = frozenset("but whereas although though yet however nevertheless nonetheless while "
                        "unlike despite instead".split())
_PUNCTUATION_TO_SPACE = str.maketrans({c: " " for c in ".,:!?\"'-()[]\u201c\u201d\u2018"})
_SUBJECTS = frozenset("i we you he she they it others critics supporters many most some".split())


@lru_cache(maxsize=4096)
def _turns(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each turn marker of ``text`` (the marker's own characters)."""
    words = text.lower().translate(_PUNCTUATION_TO_SPACE).split()
    if (";" not in text and "\u2014" not in text and "\u2013" not in text
            and _TURN_WORDS.isdisjoint(words)
            and not any(w in ("and", "or") and words[i + 1] in _SUBJECTS
                        for i, w in enumerate(words[:-1]))):
        return ()  # most sentences do not turn: skip the slower search
    turns = [m.span() for m in _TURN.finditer(text)]
    lead = _LEADING_TURN.match(text)
    if lead:
        comma = text.find(",", lead.end())
        turns = [t for t in turns if t[0] >= lead.end()]
        if comma > 0:
            turns.insert(0, (comma, comma + 1))
    return tuple(turns)


def target_scope(text: str, start: int, end: int) -> tuple[int, int]:
    """``(lo, hi)``: the part of ``text`` whose words count for the span ``text[start:end]``.

    The whole text, unless the sentence turns (see the module's docstring): then the stretch
    between the turn markers on either side of the span, the markers left out. A span that
    straddles a marker keeps the whole text.

    >>> text = "I like Peter but I don't like Robert."
    >>> lo, hi = target_scope(text, 7, 12); text[lo:hi]
    'I like Peter '
    >>> lo, hi = target_scope(text, 30, 36); text[lo:hi]
    " I don't like Robert."
    """
    lo, hi = 0, len(text)
    for ts, te in _turns(text):
        if te <= start:
            lo = te
        elif ts >= end:
            hi = ts
            break
        else:  # the span holds a marker
            return 0, len(text)
    return lo, hi


def in_quotes(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation (curly double or single marks, or straight
    double marks) opened earlier in ``text``."""
    head = text[:pos]
    if head.count('"') % 2 == 1:
        return True
    return any(head.rfind(o) > head.rfind(c) for o, c in _OPEN_CLOSE)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation in ``text``, marks included; an unclosed quotation
    runs to the end of the text."""
    spans = []
    for pattern in (r"\u201c[^\u201d]*(?:\u201d|$)", r"\u2018[^\u2019]*(?:\u2019|$)", r'"[^"]*(?:"|$)'):
        spans += [m.span() for m in re.finditer(pattern, text) if m.end() > m.start() + 1]
    return sorted(spans)


# ---------------------------------------------------------------------------------------------
# tone toward a target


def _nearby(tokens: list[str], lexicon: dict, offset: float, *,
            nearest_first: bool) -> tuple[float, float, float, float]:
    """VADER word values of ``tokens`` weighted by 1/(offset + distance), a value flipped
    (x -0.74) when one of the three words read before it is a negation: ``(sum, negative
    part, positive part, value of the nearest sentiment word)``. ``tokens`` run from the
    target outward: nearest first on the left side (``nearest_first``), in reading order on
    the right."""
    total = neg = pos = 0.0
    nearest = None
    for d, w in enumerate(tokens):
        v = lexicon.get(w)
        if not v:
            continue
        # the three words read before w: after it in a list nearest first (the left side)
        ahead = tokens[d + 1:d + 4] if nearest_first else tokens[max(d - 3, 0):d]
        if not _NEGATIONS.isdisjoint(ahead) or any(a.endswith("n't") for a in ahead):
            v *= _N_SCALAR
        if nearest is None:
            nearest = v / 4.0
        v /= offset + d
        total += v
        neg, pos = neg + min(v, 0.0), pos + max(v, 0.0)
    return total, neg, pos, nearest or 0.0


def _negated_words(tokens: list[str]) -> list[str]:
    """``tokens`` (reading order) with each word up to three after a negation marked ``not_``."""
    out, left = [], 0
    for w in tokens:
        if w in _NEGATIONS or w.endswith("n't"):
            out.append(w)
            left = 3
        elif left:
            out.append("not_" + w)
            left -= 1
        else:
            out.append(w)
    return out


@lru_cache(maxsize=16384)
def _project(text: str) -> float:
    """The project's sentence sentiment (:func:`analysis.sentiment.score_text`) of ``text``."""
    from .sentiment import score_text

    return score_text(text)


def target_features(text: str, start: int, end: int) -> tuple[dict[str, float], set[str]]:
    """The transparent features the target scorer weighs, for the span ``text[start:end]``.

    Returns ``(numbers, words)``. The words that count are those of the span's *scope*
    (:func:`target_scope`: the whole sentence, or its own side where the sentence turns).
    Numbers: VADER compound and shares of the scope (``sentence_*``; the scope is the
    sentence when it does not turn) and VADER compound of a window of words around the
    target and of the scope's text before and after it; the project's sentence sentiment
    (:func:`analysis.sentiment.score_text`: news corrections, negation, contrast) of the
    scope, of the clause holding the target and of the window; VADER word values weighted by
    1/(1 + distance in words), a negated word flipped, and the value of the nearest
    sentiment word on each side; whether the sentence turns; the target's position, whether
    it opens the sentence or sits in a quotation. Words: ``left:w``, ``right:w`` (five words
    each side) and ``sentence:w`` (the scope), a word up to three after a negation written
    ``not_w``.
    """
    text = text.replace("\u2019", "'")
    lo, hi = target_scope(text, start, end)
    turned = lo > 0 or hi < len(text)
    scope = text[lo:hi] if turned else text
    before, after = text[lo:start], text[end:hi]
    left_tokens, right_tokens = _TOKEN.findall(before), _TOKEN.findall(after)
    left = _negated_words([w.lower() for w in left_tokens])
    right = _negated_words([w.lower() for w in right_tokens])
    sent = _vader_scores(scope)
    window = " ".join(left_tokens[-6:] + right_tokens[:8])
    cuts = _clause_cuts(text)
    c_lo = max(max(c for c in cuts if c <= start), lo)
    c_hi = min(min([c for c in cuts if c > end] or [len(text)]), hi)
    clause_text = text[c_lo:start] + " " + text[end:c_hi]
    lexicon = _vader().lexicon
    plain_left = [w.lower() for w in reversed(left_tokens)]
    plain_right = [w.lower() for w in right_tokens]
    l_sum, l_neg, l_pos, l_near = _nearby(plain_left, lexicon, 2.0, nearest_first=True)
    r_sum, r_neg, r_pos, r_near = _nearby(plain_right, lexicon, 1.0, nearest_first=False)
    numbers = {
        "sentence_vader_compound": sent["compound"], "sentence_vader_pos": sent["pos"],
        "sentence_vader_neg": sent["neg"],
        "window_vader_compound": _vader_scores(window)["compound"] if window else 0.0,
        "before_vader_compound": _vader_scores(before)["compound"] if before.strip() else 0.0,
        "after_vader_compound": _vader_scores(after)["compound"] if after.strip() else 0.0,
        "nearby_lexicon_sum": l_sum + r_sum, "nearby_lexicon_negative": l_neg + r_neg,
        "nearby_lexicon_positive": l_pos + r_pos,
        "nearest_left_value": l_near, "nearest_right_value": r_near,
        "sentence_project_sentiment": _project(scope),
        "clause_project_sentiment": _project(clause_text),
        "window_project_sentiment": _project(window),
        "sentence_turns": float(turned),
        "target_position": start / max(len(text), 1),
        "target_starts_sentence": float(not re.search(r"\w", text[:start])),
        "target_in_quotes": float(in_quotes(text, start)),
    }
    words = {f"left:{w}" for w in left[-5:]} | {f"right:{w}" for w in right[:5]}
    words |= {f"sentence:{w}" for w in left + right}
    return numbers, words


@lru_cache(maxsize=4)
def load_target_weights(path: str | Path = TARGET_WEIGHTS) -> pd.DataFrame:
    """The fitted weights of the target scorer: one row per feature (``bias``, the numeric
    features, then words), columns ``negative``, ``neutral``, ``positive``."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: target-sentiment weights are missing; rebuild them with "
                                "python benchmarks/actor_sentiment_newsmtsc.py --fit")
    df = pd.read_csv(path, comment="#", index_col="feature", keep_default_na=False)
    missing = set(LABELS) - set(df.columns)
    if missing:
        raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
    return df[list(LABELS)].astype(float)


def scorer_figures(path: str | Path = TARGET_WEIGHTS) -> dict:
    """What the weights file records about its fit: ``targets`` (how many it was fitted on),
    ``word_features``, ``cv_macro_f1`` (5-fold cross-validation grouped by article)."""
    header = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = " ".join(header)
    n = re.search(r"on (\d+) targets", text)
    f1 = re.search(r"macro-F1[^:]*:\s*([0-9.]+)", text)
    weights = load_target_weights(path)
    return {"targets": int(n.group(1)) if n else None,
            "word_features": int(weights.index.str.contains(":").sum()),
            "cv_macro_f1": float(f1.group(1)) if f1 else None}


@dataclass(frozen=True)
class _Weights:
    """The scorer's weights as arrays: ``bias`` (3 labels), one row per numeric feature in
    ``numbers``, one row per word feature (``word_row`` gives its row in ``words``)."""

    bias: np.ndarray
    numbers: tuple[str, ...]
    number_weights: np.ndarray
    word_row: dict[str, int]
    word_weights: np.ndarray


@lru_cache(maxsize=4)
def _weight_arrays(path: str) -> _Weights:
    w = load_target_weights(Path(path))
    is_word = w.index.str.contains(":")
    numbers = w[~is_word].drop(index="bias")
    words = w[is_word]
    return _Weights(bias=w.loc["bias"].to_numpy(), numbers=tuple(numbers.index),
                    number_weights=numbers.to_numpy(),
                    word_row={word: i for i, word in enumerate(words.index)},
                    word_weights=words.to_numpy())


def _predict_many(features: list[tuple[dict, set]], weights: _Weights) -> list[tuple[float, str]]:
    """``(positive minus negative probability, most probable label)`` for each
    ``(numbers, words)`` pair from :func:`target_features`: all targets in one matrix product."""
    if not features:
        return []
    names = weights.numbers
    # target_features gives its numbers in one order: most dicts are read as a plain list
    values = np.array([list(numbers.values()) if tuple(numbers) == names
                       else [numbers.get(name, 0.0) for name in names]
                       for numbers, _ in features], dtype=float).reshape(len(features), len(names))
    scores = weights.bias + values @ weights.number_weights
    # the word features of all targets at once: (target, word row) pairs added per label
    word_row = weights.word_row
    found = [[word_row[w] for w in words if w in word_row] for _, words in features]
    owners = np.repeat(np.arange(len(features)), [len(r) for r in found])
    if len(owners):
        rows = np.fromiter((r for f in found for r in f), dtype=np.intp, count=len(owners))
        np.add.at(scores, owners, weights.word_weights[rows])
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    tone = (probs[:, 2] - probs[:, 0]).tolist()
    return [(t, LABELS[b]) for t, b in zip(tone, probs.argmax(axis=1).tolist())]


def score_targets(df: pd.DataFrame, *, text_col: str = "text",
                  weights: str | Path | None = None) -> pd.DataFrame:
    """Add the tone of each text toward its marked span: ``target_sentiment`` in [-1, 1]
    (probability positive minus probability negative) and ``target_label`` (negative,
    neutral or positive; the most probable).

    ``df`` needs ``text``, ``start`` and ``end``; the span is ``text[start:end]``. When a
    ``sent_start`` column is present, ``start``/``end`` are article offsets and ``sent_start``
    is where ``text`` begins in the article (this is how :func:`actor_tone` passes mentions).

    The scorer is a logistic regression over :func:`target_features`, fitted on the NewsMTSC
    development data (Hamborg & Donnay 2021) by ``benchmarks/actor_sentiment_newsmtsc.py``;
    its weights are in ``data/lexicons/target_sentiment_weights.csv``. Rows with no text or a
    span outside the text get NaN and the label ``unknown``.
    """
    missing = {text_col, "start", "end"} - set(df.columns)
    if missing:
        raise KeyError(f"score_targets needs columns {sorted(missing)}")
    w = _weight_arrays(str(weights or TARGET_WEIGHTS))
    offset = df["sent_start"].tolist() if "sent_start" in df.columns else [0] * len(df)
    features, scored_rows = [], []
    for i, (text, s, e, o) in enumerate(zip(df[text_col].tolist(), df["start"].tolist(),
                                            df["end"].tolist(), offset)):
        if not isinstance(text, str) or pd.isna(s) or pd.isna(e):
            continue
        s, e = int(s) - int(o), int(e) - int(o)
        if 0 <= s <= e <= len(text):
            features.append(target_features(text, s, e))
            scored_rows.append(i)
    scores, labels = [math.nan] * len(df), ["unknown"] * len(df)
    for i, (score, label) in zip(scored_rows, _predict_many(features, w)):
        scores[i], labels[i] = round(score, 4), label
    out = df.copy()
    out["target_sentiment"] = pd.Series(scores, index=df.index, dtype="float64")
    out["target_label"] = pd.Series(labels, index=df.index, dtype="object")
    return out


def _blank(text: str, keep: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``keep`` replaced by spaces (length unchanged)."""
    chars = [" "] * len(text)
    for s, e in keep:
        chars[s:e] = text[s:e]
    return "".join(chars)


def actor_tone(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The tone toward each mention, overall and split by voice.

    ``mentions`` needs ``doc_id``, ``sent_id``, ``start`` and ``end`` (article offsets);
    when it already has ``target_sentiment`` and ``target_label`` (the pipeline's mentions
    table), those are kept rather than computed again.

    Returns the mentions with ``sentence`` (its text), ``voice`` (``quoted`` when the
    mention sits inside quotation marks, else ``narrator``), ``target_sentiment`` and
    ``target_label`` (the whole sentence), ``narrator_sentiment`` (the sentence with its
    quotations blanked out) and ``quoted_sentiment`` (only the quotations, NaN when the
    sentence quotes nobody). The mention itself is kept in both versions.
    """
    added = ["sentence", "voice", "target_sentiment", "target_label", "narrator_sentiment",
             "quoted_sentiment"]
    cols = [c for c in mentions.columns if c not in added] + added
    if mentions.empty:
        return pd.DataFrame(columns=cols)
    from .actors import _check_sentences

    _check_sentences(sentences, "actor_tone")
    sent = sentences[["doc_id", "sent_id", "start", "text"]].rename(
        columns={"start": "sent_start", "text": "sentence"})
    df = mentions.drop(columns=[c for c in ("sentence", "voice", "narrator_sentiment",
                                            "quoted_sentiment", "sent_start") if c in mentions])
    df = df.merge(sent, on=["doc_id", "sent_id"], how="left", validate="many_to_one")
    if {"target_sentiment", "target_label"} <= set(df.columns):
        scored = df.copy()  # already scored (the pipeline's mentions table): kept as they are
    else:
        scored = score_targets(df, text_col="sentence")
    whole = scored["target_sentiment"].tolist()
    narrator = [math.nan if isinstance(v, float) and math.isnan(v) else v for v in whole]
    quoted = [math.nan] * len(df)
    voice = ["narrator"] * len(df)
    # each mention in a sentence that quotes someone is scored twice more: the narrator's
    # words only (quotations blanked out) and the quotations only; all in one matrix product
    rows, features = [], []
    for i, (text, s, e, o) in enumerate(zip(df["sentence"], df["start"], df["end"],
                                            df["sent_start"])):
        if not isinstance(text, str):
            narrator[i] = math.nan
            continue
        s, e = int(s) - int(o), int(e) - int(o)
        quotes = quoted_spans(text)
        if not quotes:
            continue
        if any(qs <= s and e <= qe for qs, qe in quotes):
            voice[i] = "quoted"
        outside, pos = [], 0
        for qs, qe in quotes:
            outside.append((pos, qs))
            pos = qe
        outside.append((pos, len(text)))
        rows.append(i)
        features += [target_features(_blank(text, outside + [(s, e)]), s, e),
                     target_features(_blank(text, quotes + [(s, e)]), s, e)]
    predicted = _predict_many(features, _weight_arrays(str(TARGET_WEIGHTS)))
    for k, i in enumerate(rows):
        narrator[i] = round(predicted[2 * k][0], 4)
        quoted[i] = round(predicted[2 * k + 1][0], 4)
    scored["voice"] = voice
    scored["narrator_sentiment"] = pd.Series(narrator, index=scored.index, dtype="float64")
    scored["quoted_sentiment"] = pd.Series(quoted, index=scored.index, dtype="float64")
    scored = scored.drop(columns=["sent_start"])
    return scored[cols]


def summarise_tone(tone: pd.DataFrame, codebook=None) -> pd.DataFrame:
    """Tone toward each actor: ``actor``, ``name``, ``mentions``, ``mean_sentiment``,
    ``negative``, ``neutral``, ``positive`` (counts of labels), ``narrator_mean``,
    ``quoted_mean`` (NaN when never quoted near the actor), sorted by mentions."""
    cols = ["actor", "name", "mentions", "mean_sentiment", "negative", "neutral", "positive",
            "narrator_mean", "quoted_mean"]
    if tone.empty:
        return pd.DataFrame(columns=cols)
    from .actors import load_actors

    book = codebook or load_actors()
    g = tone.groupby("actor")
    out = pd.DataFrame({
        "mentions": g.size(),
        "mean_sentiment": g["target_sentiment"].mean().round(3),
        "narrator_mean": g["narrator_sentiment"].mean().round(3),
        "quoted_mean": g["quoted_sentiment"].mean().round(3),
    })
    counts = pd.crosstab(tone["actor"], tone["target_label"]).reindex(columns=list(LABELS), fill_value=0)
    out = out.join(counts).reset_index()
    out["name"] = [book.actors[a].name if a in book.actors else a for a in out["actor"]]
    return out.sort_values(["mentions", "actor"], ascending=[False, True])[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# the tone of a whole article toward each of its actors

# what each mention contributes, and the weights' names in the weights file
ARTICLE_FEATURE_COLUMNS = ["doc_id", "actor", "sent_id", "part", "lead", "pronoun", "tone"]
_WEIGHT_NAMES = ("narrator", "quoted", "own_words", "lead", "pronoun", "headline")


def _title_mentions(tone: pd.DataFrame, articles: pd.DataFrame) -> list[dict]:
    """A mention of each actor in its article's headline: where one of the surfaces it is
    named by in the article (its possessive cut off) appears in the title as a whole word,
    case ignored (headlines are often in capitals)."""
    if "title" not in articles.columns or tone.empty:
        return []
    titles = {d: t for d, t in zip(articles["doc_id"], articles["title"])
              if isinstance(t, str) and t.strip()}
    rows = []
    surfaces = tone[tone["doc_id"].isin(titles)]
    if "surface" not in surfaces.columns or surfaces.empty:
        return []
    if "match_kind" in surfaces.columns:
        surfaces = surfaces[~surfaces["match_kind"].isin(("pronoun", "plural"))]
    forms_of: dict[tuple, set] = {}
    for doc_id, actor, surface in zip(surfaces["doc_id"], surfaces["actor"], surfaces["surface"]):
        forms_of.setdefault((doc_id, actor), set()).add(
            _POSSESSIVE.sub("", str(surface)).strip().lower())
    for (doc_id, actor), forms in forms_of.items():
        title = titles[doc_id]
        lower = title.lower()
        for form in sorted((f for f in forms if len(f) > 1), key=len, reverse=True):
            at = _whole_word(lower, form)
            if at >= 0:
                rows.append({"doc_id": doc_id, "actor": actor, "text": title,
                             "start": at, "end": at + len(form)})
                break
    return rows


_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _whole_word(text: str, form: str) -> int:
    """Where ``form`` first occurs in ``text`` as a whole word (-1 when it does not)."""
    at = text.find(form)
    while at >= 0:
        end = at + len(form)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return at
        at = text.find(form, at + 1)
    return -1


def article_tone_features(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                          articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """What each mention tells about the tone of its article toward its actor: one row per
    mention and voice.

    ``mentions`` is the mentions table (``doc_id``, ``sent_id``, ``start``, ``end``,
    ``actor``; ``target_sentiment`` is used when present, and ``role``: ``speaker`` marks the
    actor's own words) or the output of :func:`actor_tone`; ``sentences`` the sentences table
    (``para_id`` marks the lead: the first paragraph); ``articles``, when given with a
    ``title`` column, adds the headline where it names the actor.

    Columns: ``doc_id``, ``actor``, ``sent_id`` (0 for the headline), ``part`` (``narrator``:
    the sentence with its quotations blanked out; ``quoted``: only its quotations, or
    ``own_words`` when the actor is the one quoted; ``headline``), ``lead`` (the mention is
    in the first paragraph), ``pronoun`` (the mention is a pronoun: its ``match_kind``) and
    ``tone`` (the target scorer's positive minus negative probability, in [-1, 1]).
    """
    if mentions.empty:
        return pd.DataFrame(columns=ARTICLE_FEATURE_COLUMNS)
    tone = mentions if "narrator_sentiment" in mentions.columns else actor_tone(mentions, sentences)
    tone = tone[tone["target_sentiment"].notna()]
    if "para_id" in sentences.columns:
        first_para = sentences.groupby("doc_id")["para_id"].transform("min")
        lead_sents = set(zip(sentences.loc[sentences["para_id"] == first_para, "doc_id"],
                             sentences.loc[sentences["para_id"] == first_para, "sent_id"]))
    else:
        first = sentences.groupby("doc_id")["sent_id"].transform("min")
        lead_sents = set(zip(sentences.loc[sentences["sent_id"] == first, "doc_id"],
                             sentences.loc[sentences["sent_id"] == first, "sent_id"]))
    own = (tone["role"] == "speaker").tolist() if "role" in tone.columns else [False] * len(tone)
    pronoun = ((tone["match_kind"] == "pronoun").tolist() if "match_kind" in tone.columns
               else [False] * len(tone))
    rows = []
    for doc_id, actor, sent_id, narr, quoted, speaks, pro in zip(
            tone["doc_id"], tone["actor"], tone["sent_id"], tone["narrator_sentiment"],
            tone["quoted_sentiment"], own, pronoun):
        lead = (doc_id, sent_id) in lead_sents
        rows.append((doc_id, actor, sent_id, "narrator", lead, pro, float(narr)))
        if not pd.isna(quoted):
            rows.append((doc_id, actor, sent_id, "own_words" if speaks else "quoted", lead, pro,
                         float(quoted)))
    if articles is not None:
        heads = _title_mentions(tone, articles)
        if heads:
            scored = score_targets(pd.DataFrame(heads))
            rows += [(d, a, 0, "headline", True, False, float(s)) for d, a, s in zip(
                scored["doc_id"], scored["actor"], scored["target_sentiment"]) if not pd.isna(s)]
    out = pd.DataFrame(rows, columns=ARTICLE_FEATURE_COLUMNS)
    return out.astype({"lead": bool, "pronoun": bool, "tone": "float64"})


@lru_cache(maxsize=4)
def load_article_weights(path: str | Path = ARTICLE_WEIGHTS) -> dict[str, float]:
    """The aggregation of :func:`article_tone`: ``{name: value}`` with the weight of each part
    (``narrator``, ``quoted``, ``own_words``, ``headline``), the factors ``lead`` for a mention
    in the first paragraph and ``pronoun`` for a pronoun, and the thresholds
    ``negative_below`` / ``positive_above``."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: article-tone weights are missing; rebuild them with "
                                "python benchmarks/actor_tone_persent.py --fit")
    df = pd.read_csv(path, comment="#", keep_default_na=False)
    if list(df.columns[:2]) != ["name", "value"]:
        raise ValueError(f"{path}: expected columns name,value")
    values = dict(zip(df["name"].astype(str), df["value"].astype(float)))
    missing = set(_WEIGHT_NAMES + ("negative_below", "positive_above")) - set(values)
    if missing:
        raise ValueError(f"{path}: missing row(s) {sorted(missing)}")
    return values


def aggregate_tone(features: pd.DataFrame, weights: dict[str, float]) -> pd.DataFrame:
    """:func:`article_tone` from the rows of :func:`article_tone_features` and ``weights``
    (as :func:`load_article_weights` gives them). Columns: see :func:`article_tone`."""
    if features.empty:
        return pd.DataFrame(columns=TONE_COLUMNS)
    w = features["part"].map({p: weights[p] for p in ("narrator", "quoted", "own_words",
                                                      "headline")}).astype(float)
    w = w * np.where(features["lead"] & (features["part"] != "headline"), weights["lead"], 1.0)
    w = w * np.where(features["pronoun"], weights["pronoun"], 1.0)
    df = pd.DataFrame({"doc_id": features["doc_id"], "actor": features["actor"],
                       "w": w, "wt": w * features["tone"],
                       "m": (features["part"] == "narrator").astype(int)})
    g = df.groupby(["doc_id", "actor"], sort=False)
    total = g["w"].sum()
    mean = (g["wt"].sum() / total.where(total > 0)).fillna(0.0)
    out = pd.DataFrame({"tone_mean": mean.round(4), "tone_mentions": g["m"].sum()}).reset_index()
    lo, hi = weights["negative_below"], weights["positive_above"]
    out["tone_label"] = np.where(out["tone_mean"] < lo, "negative",
                                 np.where(out["tone_mean"] > hi, "positive", "neutral"))
    return out[TONE_COLUMNS].astype({"tone_mean": "float64", "tone_mentions": "int64"})


def article_tone(mentions: pd.DataFrame, sentences: pd.DataFrame, *,
                 articles: pd.DataFrame | None = None,
                 weights: str | Path | None = None) -> pd.DataFrame:
    """The tone of each article toward each of its actors, as an attentive reader would put
    the author's stance: one row per ``(doc_id, actor)``.

    Each mention's tone (:func:`score_targets`, read clause by clause) is split by voice as
    :func:`actor_tone` splits it: the narrator's words, and the quotations in its sentence
    (the actor's own words when the mention's ``role`` is ``speaker``). ``tone_mean`` is the
    weighted mean of these, with one weight for each voice, a factor for a mention in the
    first paragraph and one for a pronoun, and a weight for the headline (when ``articles``
    with a ``title`` column is given and the title names the actor); ``tone_label`` is
    ``negative`` below one threshold, ``positive`` above another, else ``neutral``. The
    weights and thresholds are in ``data/lexicons/article_tone_weights.csv``, fitted by
    ``python benchmarks/actor_tone_persent.py --fit`` on the PerSenT development articles
    (Bastan et al. 2020), where the question put to readers was the author's stance toward
    the article's main person. There the narrator's voice came out weighing most (quotations
    a quarter, the actor's own words nothing, a pronoun half), and the lead and the headline
    added nothing beyond their mentions (factor 1 and weight 0).

    ``mentions`` is the mentions table (``doc_id``, ``sent_id``, ``start``, ``end``,
    ``actor``, optionally ``surface``, ``match_kind``, ``role``, ``target_sentiment``) or
    the output of :func:`actor_tone`; ``sentences`` the sentences table.

    Columns: ``doc_id``, ``actor``, ``tone_mean`` (in [-1, 1]), ``tone_label`` and
    ``tone_mentions`` (how many mentions it rests on, the headline not counted).

    Blind spots: the author's stance is read from the sentences that name the actor (a
    pronoun counts only when the mentions table resolved it); a stance carried by facts
    alone ("he was convicted") is seen only when the words around the name carry it; the
    weights were fitted on articles about one main person each, so the tone toward a side
    actor named once rests on a single sentence.
    """
    feats = article_tone_features(mentions, sentences, articles=articles)
    return aggregate_tone(feats, load_article_weights(weights or ARTICLE_WEIGHTS))
