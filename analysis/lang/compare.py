"""Two languages side by side: what each language pack finds in an English and a Russian article.

The tables of :func:`analysis.pipeline.analyze_corpus` hold English and Russian articles in the
same columns, but the methods behind them differ by language: VADER's hand-made word list and
the Russian lemma lexicon, word patterns and lemma patterns for frames, a name recogniser per
language, quotation marks and reporting verbs per language. These functions put the two side
by side, each with the rows that show where a method works and where it fails (notebook 08).

* :func:`choose_pair` -> the English and the Russian article to compare;
* :func:`language_profile` -> one row per article: length, lexicon coverage, rates per 1,000 words;
* :func:`lexicon_words` -> the words of a text that the sentiment word list knows;
* :func:`actor_forms` -> each actor with the different written forms that were resolved to it;
* :func:`cue_forms` -> each frame cue with the forms of the text it matched.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from . import get_pack, is_analysed, normalise_code

_WORD = re.compile(r"\w+(?:['’]\w+)*")
PROFILE_COLUMNS = ["doc_id", "language", "words", "sentences", "lexicon_words", "lexicon_share",
                   "mentions_per_1000", "actors", "forms_per_actor", "quotes_per_1000",
                   "frame_cues_per_1000", "inflected_cue_share"]


def choose_pair(articles: pd.DataFrame, *, english: str | None = None,
                russian: str | None = None, doc_id=None) -> tuple[str | None, str | None]:
    """``(english_doc_id, russian_doc_id)``: the articles named, when they are analysed
    articles of ``articles``, else the first analysed article in each language (``None``
    when the corpus has none in that language). ``doc_id`` (a notebook's ``DOC_ID``), when
    it is an analysed article, replaces the one of its language; any other value raises
    ``ValueError`` naming the choices."""
    ok = articles[articles["status"] == "ok"] if "status" in articles.columns else articles
    langs = ok["language"] if "language" in ok.columns else pd.Series(["und"] * len(ok), index=ok.index)
    codes = [normalise_code(lang) for lang in langs]
    out = []
    for code, wanted in (("en", english), ("ru", russian)):
        ids = [str(d) for d, c, lang in zip(ok["doc_id"], codes, langs)
               if c == code and is_analysed(lang)]
        if doc_id is not None and str(doc_id) in ids:
            wanted = str(doc_id)
        out.append(wanted if wanted in ids else (ids[0] if ids else None))
    if doc_id is not None and str(doc_id) not in out:
        raise ValueError(f"DOC_ID {doc_id!r} is not an analysed English or Russian article; "
                         f"choose one of {[str(d) for d in ok['doc_id']][:10]}")
    return out[0], out[1]


@lru_cache(maxsize=1)
def _vader_words() -> frozenset:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return frozenset(SentimentIntensityAnalyzer().lexicon)


@lru_cache(maxsize=1)
def _russian_seed() -> dict:
    from .ru.sentiment import read_seed

    return read_seed()


def lexicon_words(text: str, language: str) -> pd.DataFrame:
    """The words of ``text`` that the language's hand-made sentiment word list knows: VADER's
    lexicon for English (word forms, lower case), the pack's seed list for Russian (lemmas).

    Columns: ``start``, ``end``, ``word``, ``entry`` (the word-list entry it matched).
    """
    rows = []
    if normalise_code(language) == "ru":
        seed = _russian_seed()
        for s, e, w, lem in get_pack("ru").lemmas(text):
            if lem in seed:
                rows.append((s, e, w, lem))
    else:
        known = _vader_words()
        for m in _WORD.finditer(text):
            if m.group().lower() in known:
                rows.append((m.start(), m.end(), m.group(), m.group().lower()))
    return pd.DataFrame(rows, columns=["start", "end", "word", "entry"])


def actor_forms(mentions: pd.DataFrame, doc_id) -> pd.DataFrame:
    """Each actor of article ``doc_id`` with the written forms resolved to it, most forms first.

    Columns: ``actor``, ``actor_name``, ``mentions``, ``forms`` (how many different forms),
    ``surfaces`` (the forms, joined by ``" | "``).
    """
    rows = mentions[mentions["doc_id"] == doc_id]
    if rows.empty:
        return pd.DataFrame(columns=["actor", "actor_name", "mentions", "forms", "surfaces"])
    g = rows.groupby("actor", sort=False)
    out = pd.DataFrame({
        "actor_name": g["actor_name"].first(),
        "mentions": g.size(),
        "forms": g["surface"].nunique(),
        "surfaces": g["surface"].agg(lambda s: " | ".join(dict.fromkeys(s.astype(str)))),
    }).reset_index()
    return out.sort_values(["forms", "mentions"], ascending=False, kind="stable").reset_index(drop=True)


def cue_forms(frames: pd.DataFrame, doc_id) -> pd.DataFrame:
    """Each frame cue (codebook ``entry``) of article ``doc_id`` with the forms of the text it
    matched; ``inflected`` is True when the entry is plain words (no pattern) and a form of
    the text differs from it as written (lower case): a hit only a lemma match finds.

    Columns: ``frame``, ``entry``, ``hits``, ``forms`` (joined by ``" | "``), ``inflected``.
    """
    rows = frames[frames["doc_id"] == doc_id]
    if rows.empty:
        return pd.DataFrame(columns=["frame", "entry", "hits", "forms", "inflected"])
    g = rows.groupby(["frame", "entry"], sort=False)
    out = pd.DataFrame({
        "hits": g.size(),
        "forms": g["cue"].agg(lambda s: " | ".join(dict.fromkeys(s.astype(str)))),
    }).reset_index()
    plain = [not re.search(r"[*\\()\[\]?|]", str(e)) for e in out["entry"]]
    out["inflected"] = [p and any(f.lower() != str(e).lower() for f in forms.split(" | "))
                        for p, e, forms in zip(plain, out["entry"], out["forms"])]
    return out.sort_values(["hits", "frame"], ascending=[False, True], kind="stable").reset_index(drop=True)


def language_profile(tables: dict, doc_ids) -> pd.DataFrame:
    """One row per article of ``doc_ids`` (``None`` entries are skipped): what each language's
    methods found, per 1,000 words.

    Columns: ``doc_id``, ``language``, ``words``, ``sentences``, ``lexicon_words`` (words the
    hand-made sentiment word list knows, :func:`lexicon_words`), ``lexicon_share`` (of all
    words), ``mentions_per_1000``, ``actors`` (distinct), ``forms_per_actor`` (different
    written forms per actor), ``quotes_per_1000`` (direct, partial and paraphrase),
    ``frame_cues_per_1000``, ``inflected_cue_share`` (cue hits whose form differs from the
    codebook entry).
    """
    from ..coverage import SPEECH_KINDS, count_words

    arts = tables["articles"].set_index("doc_id")
    rows = []
    for doc_id in [d for d in doc_ids if d is not None]:
        text, lang = arts.loc[doc_id, "text"], arts.loc[doc_id, "language"]
        words = count_words(text)
        per = (lambda n: round(1000 * n / words, 2)) if words else (lambda n: float("nan"))
        sents = tables["sentences"][tables["sentences"]["doc_id"] == doc_id]
        ments = tables["mentions"][tables["mentions"]["doc_id"] == doc_id]
        quotes = tables["quotes"][tables["quotes"]["doc_id"] == doc_id]
        quotes = quotes[quotes["kind"].isin(SPEECH_KINDS)]
        cues = cue_forms(tables["frames"], doc_id)
        known = len(lexicon_words(text, lang))
        forms = actor_forms(tables["mentions"], doc_id)
        hits = int(cues["hits"].sum()) if len(cues) else 0
        bent = int(cues.loc[cues["inflected"], "hits"].sum()) if len(cues) else 0
        rows.append((doc_id, normalise_code(lang), words, len(sents), known,
                     round(known / words, 3) if words else float("nan"), per(len(ments)),
                     ments["actor"].nunique(),
                     round(forms["forms"].mean(), 2) if len(forms) else float("nan"),
                     per(len(quotes)), per(hits), round(bent / hits, 3) if hits else float("nan")))
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS)


def has_own_scores(language) -> bool:
    """True when ``language`` is not read with the English word lists but has a pack that
    scores sentences itself (Russian)."""
    from ..pipeline import lexicons_apply

    pack = None if lexicons_apply(language) else get_pack(language)
    return pack is not None and hasattr(pack, "score_sentence") and hasattr(pack, "analyse")


def pack_scores(articles: pd.DataFrame, doc_id) -> pd.DataFrame:
    """The sentences of article ``doc_id`` as its language's pack splits and scores them (the
    rows :func:`analysis.pipeline.analyze_corpus` gives it).

    Columns: ``doc_id``, ``para_id``, ``sent_id``, ``start``, ``end``, ``text``,
    ``sentiment`` (in [-1, 1]), ``label``. Empty when the article's language has no such pack.
    """
    from .ru.analyse import score_sentences, split_sentences

    cols = ["doc_id", "para_id", "sent_id", "start", "end", "text", "sentiment", "label"]
    rows = articles[articles["doc_id"] == doc_id]
    if rows.empty or not has_own_scores(rows["language"].iloc[0]):
        return pd.DataFrame(columns=cols)
    pack = get_pack(rows["language"].iloc[0])
    return score_sentences(split_sentences(rows, pack), pack)[cols]


def explain_sentence(text: str, language) -> pd.DataFrame:
    """Word by word, the share of each word in the pack's score of ``text`` (the shares sum to
    the score). Columns: ``start``, ``end``, ``word``, ``lemma``, ``share``."""
    cols = ["start", "end", "word", "lemma", "share"]
    if not has_own_scores(language):
        return pd.DataFrame(columns=cols)
    return pd.DataFrame(get_pack(language).explain_sentence(text), columns=cols)
