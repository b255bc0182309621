"""Distinctive words: word frequencies and keyness of a group of articles against the rest.

"Which words does this outlet use that the others do not?" Every group (an outlet, a period,
an article, or any column of the articles table) is compared with all other articles of the
corpus, word by word, from the full text (headline, lead and body alike).

*Keyness* is Dunning's log-likelihood G² (Rayson & Garside 2000): how surprising the word's
count in the group is if the group used words like the rest of the corpus. It grows with the
amount of text, so it says how sure we can be, not how large the difference is. The effect
size beside it is Hardie's (2014) *log ratio*: log2 of the ratio of the word's relative
frequencies in the group and in the rest (1 = twice as frequent, 3 = eight times; a count of
zero is taken as 0.5). Only words that the group uses more than the rest are listed.

What is counted: words (letters, with inner apostrophes and hyphens), lower case; the lemma
where the language pack has a lemmatiser (Russian: pymorphy3), else the word form. Stop words
are left out (English: the project's list, ``analysis/resources/stopwords.txt``; Russian:
prepositions, conjunctions, particles, pronouns and interjections by pymorphy3's part of
speech, and a few frequent lemmas such as "быть" and "который"; other languages: none). Names are left out by default: a word written with a capital letter in at least
:data:`NAME_SHARE` of its uses that do not start a sentence is taken as a name (an outlet that
writes about one country more is a matter of topic, which the actor reports show; set
``names="keep"`` to count them, with ``is_name`` saying which they are).

Blind spots: a group with few articles gets high keyness from one article's topic (groups of
fewer than ``min_articles`` articles are marked ``too_small``); words that only one article of
the group uses look distinctive of the whole group (the ``articles`` column shows how many
use it); English words are not lemmatised ("protest" and "protests" are two words); the name
test misses names written in lower case and counts words that are capitalised by habit
(German nouns).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
import pandas as pd

from .config import RESOURCES_DIR

LL_CRITICAL = 6.63
"""G² above which a word is listed: p < 0.01 for one test (chi-squared, one degree of
freedom). With many words tested, read small values with care."""
NAME_SHARE = 0.9
"""Share of a word's uses not at a sentence start written with a capital: a name."""
MIN_ARTICLES = 2
"""Groups with fewer articles are marked ``too_small`` (per-article keyness excepted)."""

COUNT_COLUMNS = ["group", "word", "count", "articles", "is_name"]
KEYNESS_COLUMNS = ["group", "rank", "word", "count", "count_rest", "per_10k", "per_10k_rest",
                   "log_likelihood", "log_ratio", "p_value", "articles", "group_articles",
                   "too_small"]
GROUP_COLUMNS = ["group", "articles", "words", "distinctive", "too_small", "note"]
KWIC_COLUMNS = ["doc_id", "sent_id", "start", "end", "left", "match", "right"]

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENTENCE_END = frozenset(".!?:;\n")
_OPENERS = frozenset("\"'“”‘’«»([—–- \t")
_RU_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED"})
_RU_STOP_LEMMAS = frozenset({"быть", "который", "этот", "тот", "весь", "свой", "такой", "также",
                             "ещё", "еще", "уже", "мочь", "стать", "один"})


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset:
    """The project's English stop words (``analysis/resources/stopwords.txt``)."""
    from .nltk_setup import read_word_list

    return frozenset(read_word_list(RESOURCES_DIR / "stopwords.txt"))


def _language(code) -> str:
    from .lang import normalise_code

    return normalise_code(code)


class _Keys:
    """Word form -> (counted key, stop word?) for one language, cached per form."""

    def __init__(self, language: str, lemmas: bool):
        self.language = language
        self.cache: dict[str, tuple[str, bool]] = {}
        self.lemma = None
        self.function_word = None
        if language == "ru":
            from .lang.ru import morph

            if lemmas:
                self.lemma = morph.lemma

            def function_word(form, parse=morph.parse_word):
                return parse(form)[0].tag.POS in _RU_FUNCTION_POS

            self.function_word = function_word
        self.stop = english_stop_words() if language == "en" else (
            _RU_STOP_LEMMAS if language == "ru" else frozenset())

    def __call__(self, lower: str) -> tuple[str, bool]:
        hit = self.cache.get(lower)
        if hit is None:
            key = self.lemma(lower) if self.lemma else lower
            stop = key in self.stop or lower in self.stop or (
                self.function_word is not None and self.function_word(lower))
            hit = self.cache[lower] = (key, stop)
        return hit


def _sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in _OPENERS:
        j -= 1
    return j < 0 or text[j] in _SENTENCE_END


def _doc_words(text: str, keys: _Keys, capital: Counter, lower_uses: Counter):
    """Counter of the keys of one text; names evidence added to ``capital``/``lower_uses``."""
    out: Counter = Counter()
    for m in _WORD.finditer(text):
        word = m.group()
        lower = word.lower()
        key, stop = keys(lower)
        if stop:
            continue
        out[key] += 1
        if word[0].isupper():
            if not _sentence_start(text, m.start()):
                capital[key] += 1
        else:
            lower_uses[key] += 1
    return out


def _groups(articles: pd.DataFrame, by: str, period: str) -> pd.Series:
    """The group label of every article (strings; a missing value is a group of its own)."""
    if articles.empty:
        return pd.Series([], dtype="object")
    if by == "period":
        dates = pd.to_datetime(articles.get("published"), errors="coerce", utc=True)
        labels = dates.dt.tz_localize(None).dt.to_period(period).astype(str)
        return labels.where(dates.notna(), "(no date)")
    if by not in articles.columns:
        raise KeyError(f"no column {by!r} in the articles table; group by 'outlet', 'period', "
                       "'doc_id' or another of its columns")
    values = articles[by]
    return values.map(lambda v: f"(no {by})" if v is None or (isinstance(v, float) and
                                                              math.isnan(v)) or str(v).strip() == ""
                      else str(v))


def _ok(articles: pd.DataFrame) -> pd.DataFrame:
    if "text" not in articles.columns or "doc_id" not in articles.columns:
        if len(articles):
            raise KeyError("the articles table needs 'doc_id' and 'text' columns")
        return pd.DataFrame(columns=["doc_id", "text", "language"])
    if "status" in articles.columns:
        articles = articles[articles["status"] == "ok"]
    return articles.loc[articles["text"].map(lambda t: isinstance(t, str)).astype(bool)]


def count_words(articles: pd.DataFrame, *, by: str = "doc_id", lemmas: bool = True,
                stop_words: bool = True, names: str = "drop", period: str = "M") -> pd.DataFrame:
    """Word frequencies per group of ``ok`` articles (see the module notes for what a word is).

    ``by``: ``doc_id`` (per article), ``outlet``, ``period`` (the ``published`` date cut by
    ``period``, a pandas period code: ``M`` months, ``W`` weeks, ``D`` days, ``Y`` years; no
    date: ``(no date)``) or any column of ``articles``. ``names``: ``drop`` (default) or
    ``keep``. ``stop_words=False`` keeps the stop words.

    Columns: ``group``, ``word`` (lemma or lower-case form), ``count``, ``articles`` (articles
    of the group that use it), ``is_name``. Sorted by group, then count (highest first).
    """
    if names not in ("drop", "keep"):
        raise ValueError(f"names must be 'drop' or 'keep', not {names!r}")
    ok = _ok(articles)
    groups = _groups(ok, by, period).tolist()
    langs = ok["language"].tolist() if "language" in ok.columns else ["und"] * len(ok)
    key_makers: dict[str, _Keys] = {}
    capital: Counter = Counter()
    lower_uses: Counter = Counter()
    per_group: dict[str, Counter] = {}
    doc_freq: dict[str, Counter] = {}
    for text, group, lang in zip(ok["text"].tolist(), groups, langs):
        code = _language(lang)
        keys = key_makers.get(code)
        if keys is None:
            keys = key_makers[code] = _Keys(code, lemmas)
            if not stop_words:
                keys.stop, keys.function_word = frozenset(), None
        words = _doc_words(text, keys, capital, lower_uses)
        per_group.setdefault(group, Counter()).update(words)
        doc_freq.setdefault(group, Counter()).update(words.keys())
    name_keys = {k for k, n in capital.items() if n / (n + lower_uses.get(k, 0)) >= NAME_SHARE}
    rows = []
    for group in sorted(per_group):
        counts, docs = per_group[group], doc_freq[group]
        for word, n in counts.items():
            is_name = word in name_keys
            if is_name and names == "drop":
                continue
            rows.append((group, word, n, docs[word], is_name))
    df = pd.DataFrame.from_records(rows, columns=COUNT_COLUMNS)
    df = df.astype({"count": "int64", "articles": "int64", "is_name": "bool"})
    return df.sort_values(["group", "count", "word"], ascending=[True, False, True],
                          kind="stable").reset_index(drop=True)


def log_likelihood(a, b, c, d):
    """Dunning's G² for a word counted ``a`` times in ``c`` words of the group and ``b``
    times in ``d`` words of the rest (arrays or numbers; Rayson & Garside 2000)."""
    a, b, c, d = (np.asarray(x, dtype="float64") for x in (a, b, c, d))
    total = c + d
    e1 = c * (a + b) / total
    e2 = d * (a + b) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def log_ratio(a, b, c, d):
    """Hardie's log ratio: log2 of the relative frequency in the group over that in the rest;
    a count of zero is taken as 0.5."""
    a, b, c, d = (np.asarray(x, dtype="float64") for x in (a, b, c, d))
    return np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))


def keyness(counts: pd.DataFrame, *, min_count: int = 3, threshold: float = LL_CRITICAL,
            top: int | None = None) -> pd.DataFrame:
    """Keyness of every word of every group against all other groups, from a counts table
    (:func:`count_words`: ``group``, ``word``, ``count`` and, optionally, ``articles``).

    A group's size is the sum of its counts, so the words left out (stop words, names) do not
    count. Only words used more in the group than in the rest, at least ``min_count`` times in
    the group, with G² of at least ``threshold``, are kept; ``top`` keeps the first of each
    group. A corpus of one group has no rest: the result is empty.

    Columns: ``group``, ``rank`` (1 = highest G²), ``word``, ``count``, ``count_rest``,
    ``per_10k``, ``per_10k_rest`` (per 10,000 counted words), ``log_likelihood``,
    ``log_ratio``, ``p_value`` (chi-squared, one degree of freedom, one word at a time),
    ``articles`` (articles of the group using the word), ``group_articles`` and ``too_small``
    (added by :func:`distinctive_words`; here missing and False).
    """
    if counts.empty or counts["group"].nunique() < 2:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    size = counts.groupby("group")["count"].sum()
    total_words = float(size.sum())
    word_total = counts.groupby("word")["count"].sum()
    a = counts["count"].to_numpy(dtype="float64")
    b = counts["word"].map(word_total).to_numpy(dtype="float64") - a
    c = counts["group"].map(size).to_numpy(dtype="float64")
    d = total_words - c
    ll = log_likelihood(a, b, c, d)
    lr = log_ratio(a, b, c, d)
    out = pd.DataFrame({
        "group": counts["group"].to_numpy(), "word": counts["word"].to_numpy(),
        "count": a.astype("int64"), "count_rest": b.astype("int64"),
        "per_10k": np.round(a / c * 10_000, 2), "per_10k_rest": np.round(b / d * 10_000, 2),
        "log_likelihood": np.round(ll, 3), "log_ratio": np.round(lr, 3),
        "p_value": [math.erfc(math.sqrt(x / 2)) for x in ll],
        "articles": counts["articles"].to_numpy() if "articles" in counts.columns else pd.NA,
    })
    keep = (out["count"] >= min_count) & (a / c > b / d) & (out["log_likelihood"] >= threshold)
    out = out[keep].sort_values(["group", "log_likelihood", "log_ratio", "word"],
                                ascending=[True, False, False, True], kind="stable")
    out["rank"] = out.groupby("group").cumcount() + 1
    if top is not None:
        out = out[out["rank"] <= top]
    out["group_articles"] = pd.NA
    out["too_small"] = False
    return out[KEYNESS_COLUMNS].reset_index(drop=True)


def _min_articles(by: str, min_articles: int | None) -> int:
    if min_articles is not None:
        return min_articles
    return 1 if by == "doc_id" else MIN_ARTICLES


def distinctive_words(articles: pd.DataFrame, *, by: str = "outlet", top: int = 15,
                      min_count: int = 3, min_articles: int | None = None,
                      threshold: float = LL_CRITICAL, lemmas: bool = True,
                      stop_words: bool = True, names: str = "drop",
                      period: str = "M") -> pd.DataFrame:
    """The words that set each group apart from the rest of the corpus: :func:`count_words`
    then :func:`keyness`, the ``top`` words per group.

    Groups with fewer than ``min_articles`` articles (default 2; 1 when ``by="doc_id"``) are
    listed too but marked ``too_small``: their words mostly show one article's topic.

    Columns: as :func:`keyness`, with ``group_articles`` (articles in the group) and
    ``too_small`` filled in.
    """
    counts = count_words(articles, by=by, lemmas=lemmas, stop_words=stop_words, names=names,
                         period=period)
    table = keyness(counts, min_count=min_count, threshold=threshold, top=top)
    sizes = _groups(_ok(articles), by, period).value_counts()
    table["group_articles"] = table["group"].map(sizes).astype("int64")
    table["too_small"] = table["group_articles"] < _min_articles(by, min_articles)
    return table


def keyness_groups(articles: pd.DataFrame, table: pd.DataFrame | None = None, *,
                   by: str = "outlet", min_articles: int | None = None,
                   period: str = "M") -> pd.DataFrame:
    """One row per group: how many articles and counted words it has, how many distinctive
    words ``table`` (:func:`distinctive_words`) lists for it, and a note when it is too small
    or has none, so no group is silently missing from a chart.

    Columns: ``group``, ``articles``, ``words`` (counted words: no stop words, no names),
    ``distinctive``, ``too_small``, ``note``.
    """
    ok = _ok(articles)
    groups = _groups(ok, by, period)
    need = _min_articles(by, min_articles)
    counts = count_words(articles, by=by, period=period)
    words = counts.groupby("group")["count"].sum()
    listed = table["group"].value_counts() if table is not None and len(table) else pd.Series(dtype="int64")
    rows = []
    n_groups = groups.nunique()
    for group, n in groups.value_counts().sort_index().items():
        small = n < need
        found = int(listed.get(group, 0))
        if n_groups < 2:
            note = "only one group: there is no rest of the corpus to compare it with"
        elif small:
            note = (f"{n} article{'s' if n != 1 else ''}: too small for keyness (fewer than "
                    f"{need}); its words mostly show one article's topic")
        elif not found:
            note = "no word used significantly more than in the rest"
        else:
            note = ""
        rows.append((group, int(n), int(words.get(group, 0)), found, small, note))
    df = pd.DataFrame.from_records(rows, columns=GROUP_COLUMNS)
    return df.astype({"articles": "int64", "words": "int64", "distinctive": "int64",
                      "too_small": "bool"})


def kwic(articles: pd.DataFrame, word: str, *, window: int = 40, lemmas: bool = True,
         sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every use of ``word`` in the ``ok`` articles, in context (keyword in context).

    ``word`` is matched as :func:`count_words` counts it: case is ignored and, where the
    language pack has lemmas (and ``lemmas`` is True), every form of the lemma is found
    ("протестов" finds "протесты"). ``window`` characters are shown on each side. With the
    sentences table, ``sent_id`` says which sentence holds the match.

    Columns: ``doc_id``, ``sent_id`` (missing without ``sentences``), ``start``, ``end``
    (offsets into ``articles.text``), ``left``, ``match``, ``right``.
    """
    if not isinstance(word, str) or not _WORD.fullmatch(word.strip()):
        raise ValueError(f"kwic needs one word (letters only), not {word!r}")
    if window < 0:
        raise ValueError("window must be >= 0")
    ok = _ok(articles)
    langs = ok["language"].tolist() if "language" in ok.columns else ["und"] * len(ok)
    spans = {}
    if sentences is not None and len(sentences):
        for doc_id, g in sentences.groupby("doc_id", sort=False):
            spans[doc_id] = (g["start"].to_numpy(), g["end"].to_numpy(), g["sent_id"].to_numpy())
    wanted = word.strip().lower()
    makers: dict[str, _Keys] = {}
    rows = []
    for doc_id, text, lang in zip(ok["doc_id"].tolist(), ok["text"].tolist(), langs):
        code = _language(lang)
        keys = makers.get(code)
        if keys is None:
            keys = makers[code] = _Keys(code, lemmas)
        target = keys(wanted)[0]
        for m in _WORD.finditer(text):
            lower = m.group().lower()
            if lower != wanted and keys(lower)[0] != target:
                continue
            s, e = m.span()
            sent_id = pd.NA
            if doc_id in spans:
                starts, ends, ids = spans[doc_id]
                i = int(np.searchsorted(starts, s, side="right")) - 1
                if i >= 0 and s < ends[i]:
                    sent_id = int(ids[i])
            rows.append((doc_id, sent_id, s, e, text[max(0, s - window):s].replace("\n", " "),
                         text[s:e], text[e:e + window].replace("\n", " ")))
    df = pd.DataFrame.from_records(rows, columns=KWIC_COLUMNS)
    return df.astype({"sent_id": "Int64", "start": "int64", "end": "int64"})
