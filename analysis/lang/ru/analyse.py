"""The Russian analyses of a set of articles, in the tables and columns of the English ones.

:func:`analyse_articles` splits the articles into sentences (paragraphs as in
:mod:`analysis.segment`, sentences with the pack's razdel splitter), scores each sentence
(``sentiment`` and ``label`` from the pack's lexicon; the VADER and TextBlob columns are
English-only and stay NaN), finds actor mentions (the slovnet recogniser; every inflected form
of a name is one actor through :func:`.actors.actor_key`, codebook ``aliases_ru`` give the
codebook id), frame cues and quotes. Discovered actors keep a Cyrillic slug as their id, the
words of their key joined by ``-`` (``путин``, ``мид-россия``), so the same name gives the same
id in every article and run.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ...segment import SENTENCE_COLUMNS, _PARAGRAPH

_SLUG = re.compile(r"[^\w]+")


def _slug(key: str) -> str:
    return _SLUG.sub("-", key.split(":", 1)[-1].strip().lower()).strip("-")


def split_sentences(articles: pd.DataFrame, pack) -> pd.DataFrame:
    """The sentences table (``SENTENCE_COLUMNS``) of ``articles`` (``doc_id``, ``text``)."""
    records = []
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        if not isinstance(text, str):
            continue
        sent_id = 0
        for para_id, para in enumerate(_PARAGRAPH.finditer(text), start=1):
            for a, b in pack.split_sentences(para.group()):
                start, end = para.start() + a, para.start() + b
                if not text[start:end].strip():
                    continue
                sent_id += 1
                records.append((doc_id, para_id, sent_id, start, end, text[start:end]))
    df = pd.DataFrame.from_records(records, columns=SENTENCE_COLUMNS)
    return df.astype({"para_id": "int64", "sent_id": "int64", "start": "int64", "end": "int64"})


def score_sentences(sentences: pd.DataFrame, pack) -> pd.DataFrame:
    """``sentences`` with the columns of :func:`analysis.sentiment.score_sentences`."""
    from ...sentiment import SCORE_COLUMNS

    out = sentences.copy()
    scores = [pack.score_sentence(t) for t in out["text"].tolist()]
    for c in SCORE_COLUMNS[:-2]:
        out[c] = np.nan
    out["sentiment"] = pd.Series([s for s, _ in scores], index=out.index, dtype="float64")
    out["label"] = pd.Series([lab for _, lab in scores], index=out.index, dtype="str")
    out["language"] = pack.code
    return out


ROLE_WORDS = {"президент": "president", "премьер-министр": "prime minister",
              "премьер": "prime minister", "лидер": "leader", "глава": "leader",
              "канцлер": "chancellor", "король": "king"}
"""Russian role nouns that, with a country ("президент России", "российский президент"), point
at one person, and the English word the codebook's ``titles`` use for the same role."""


def _past_verb_gender(word: str | None) -> str | None:
    """``masc`` / ``femn`` when ``word`` is a past-tense verb of that gender ("заявила")."""
    from .morph import parse_word

    if not word or not word[:1].isalpha():
        return None
    p = parse_word(word)[0]
    if p.tag.POS == "VERB" and p.tag.tense == "past" and p.tag.gender in ("masc", "femn"):
        return p.tag.gender
    return None


def _neighbour_words(toks, a: int, b: int) -> tuple[str | None, str | None]:
    """The words just before and just after ``[a, b)`` among ``toks`` ((start, end, word, ...))."""
    before = [t[2] for t in toks if t[1] <= a]
    after = [t[2] for t in toks if t[0] >= b]
    return (before[-1] if before else None), (after[0] if after else None)


def _titles(text: str, toks, spans, places: dict) -> list[tuple[int, int, str, str, int]]:
    """Role phrases around a place span: ``[(start, end, role, place_actor, span_index)]`` for
    "президент России" (role noun, then the place) and "российский президент" (the place's
    adjective, then the role noun). ``places`` maps a span index to its place actor id."""
    out = []
    for i, actor in places.items():
        a, b = spans[i][0], spans[i][1]
        prev = [t for t in toks if t[1] <= a]
        nxt = [t for t in toks if t[0] >= b]
        if prev and prev[-1][3] in ROLE_WORDS and not text[prev[-1][1]:a].strip():
            out.append((prev[-1][0], b, ROLE_WORDS[prev[-1][3]], actor, i))
        elif nxt and nxt[0][3] in ROLE_WORDS and not text[b:nxt[0][0]].strip():
            out.append((a, nxt[0][1], ROLE_WORDS[nxt[0][3]], actor, i))
    return out


def _codebook_title(codebook, role: str, place: str) -> str | None:
    """The one person of the codebook affiliated with ``place`` whose English ``titles`` name
    ``role`` ("the Russian President" for ``president`` and ``russia``), or ``None``."""
    if codebook is None:
        return None
    hits = [a.id for a in codebook.actors.values()
            if a.type == "person" and a.affiliation == place
            and any(re.search(rf"\b{re.escape(role)}\b", t, re.IGNORECASE) for t in a.titles)]
    return hits[0] if len(hits) == 1 else None


def find_mentions(sentences: pd.DataFrame, pack, codebook=None) -> pd.DataFrame:
    """Actor mentions with ``ACTOR_MENTION_COLUMNS`` + ``target_sentiment``, ``target_label``.

    Every span of the recogniser is a mention, its actor the codebook id (``aliases_ru``,
    matched by lemma) or a slug of its key (:func:`.actors.actor_key`). Two rules read the
    article rather than the name alone:

    * a surname that does not tell its gender ("Колесникова": a woman, or the genitive of
      "Колесников") takes the key of an unambiguous mention of the same article ("Мария
      Колесникова"), else the gender of a past-tense verb beside it ("Колесникова осталась");
    * a role with a country ("президент России", "белорусский лидер") is a mention of a
      person (``match_kind`` ``title``, the country span replaced) when the article names
      the person with that title ("президент России Владимир Путин") or, failing that, when
      the codebook has one person of that country with that title; otherwise the country
      stays a place mention.
    """
    from ...entities import ACTOR_MENTION_COLUMNS

    texts = sentences["text"].tolist()
    found = pack.entity_recogniser().find_many(texts) if texts else []
    raw = []  # one dict per span, in reading order
    titles = []  # (doc_id, sentence index, start, end, role, place actor, replaced span row)
    links: dict = {}  # (doc_id, role, place actor) -> person actor named with that title
    for k, ((doc_id, sent_id, s0, text), spans) in enumerate(zip(
            sentences[["doc_id", "sent_id", "start", "text"]].itertuples(index=False), found)):
        toks = pack.lemmas(text) if spans else []
        first = len(raw)
        places = {}
        for j, (a, b, kind, conf) in enumerate(spans):
            name = pack.normal_form(text, a, b, kind)
            keys = None
            if kind == "person":
                from .actors import person_keys

                keys = person_keys(text[a:b])
                if len(keys) > 1:  # the gender of a past-tense verb beside the name
                    before, after = _neighbour_words(toks, a, b)
                    told = _past_verb_gender(after) or _past_verb_gender(before)
                    if told:
                        keys = person_keys(text[a:b], gender=told)
            actor = pack.resolve_actor(text[a:b] if kind == "person" else name, kind, codebook)
            raw.append({"doc_id": doc_id, "sent_id": sent_id, "s0": s0, "text": text, "a": a,
                        "b": b, "kind": kind, "conf": float(conf), "name": name, "keys": keys,
                        "actor": actor})
            if kind in ("place", "organisation"):
                places[j] = actor or _slug(pack.actor_key(name, kind))
        for ts, te, role, place, j in _titles(text, toks, spans, places):
            # the person named with the title: "президент России Владимир Путин" or
            # "Владимир Путин, президент России"
            person = next((raw[first + n] for n, sp in enumerate(spans) if sp[2] == "person"
                           and (not text[te:sp[0]].strip() and sp[0] >= te
                                or sp[1] <= ts and text[sp[1]:ts].strip() == ",")), None)
            if person is not None:
                links.setdefault((doc_id, role, place), person)
            else:
                titles.append((doc_id, k, ts, te, role, place, raw[first + j]))

    # the key of each person mention, read with the other mentions of its article
    sure: dict = {}
    for m in raw:
        if m["keys"] is not None and len(m["keys"]) == 1:
            sure.setdefault(m["doc_id"], set()).add(m["keys"][0])
    for m in raw:
        if m["keys"] is not None and len(m["keys"]) > 1:
            known = [key for key in m["keys"] if key in sure.get(m["doc_id"], ())]
            if known:
                m["keys"] = known[:1]
        if m["keys"] is not None and " " not in m["text"][m["a"]:m["b"]].strip():
            # a lone surname is shown in the nominative of the gender its key has
            from .ner import _cap

            m["name"] = _cap(m["text"][m["a"]:m["b"]], m["keys"][0].split(":", 1)[1])

    def actor_of(m) -> tuple[str, str]:
        if m["actor"]:
            return m["actor"], "codebook"
        key = m["keys"][0] if m["keys"] else pack.actor_key(m["name"], m["kind"])
        return _slug(key), "discovered"

    # roles with a country that stand for a person: the place mention becomes that person
    replaced = {}
    for doc_id, k, ts, te, role, place, m in titles:
        person = links.get((doc_id, role, place))
        actor, source = actor_of(person) if person is not None else (
            _codebook_title(codebook, role, place), "codebook")
        if actor is not None:
            replaced[id(m)] = (ts, te, actor, source)

    rows = []
    names: dict = {}
    for m in raw:
        text, a, b, kind = m["text"], m["a"], m["b"], m["kind"]
        actor, source = actor_of(m)
        match_kind = None
        role_title = None
        if id(m) in replaced:
            a, b, actor, source = replaced[id(m)]
            kind, match_kind, role_title = "person", "title", pack.normal_form(text, a, b, "organisation")
        book = codebook.actors.get(actor) if (codebook is not None and source == "codebook") else None
        long = names.get((m["doc_id"], actor))
        if book is None and match_kind is None and (long is None or len(m["name"]) > len(long)):
            names[(m["doc_id"], actor)] = m["name"]
        score, label = pack.score_target(text, a, b)
        if match_kind is None:
            match_kind = "alias" if book is not None else (
                "name" if " " in text[a:b].strip() else "surname")
        rows.append({"doc_id": m["doc_id"], "sent_id": m["sent_id"], "start": m["s0"] + a,
                     "end": m["s0"] + b, "surface": text[a:b], "actor": actor,
                     "actor_type": book.type if book is not None else kind,
                     "match_kind": match_kind,
                     "role": "mentioned", "actor_name": book.name if book is not None else None,
                     "source": source, "confidence": 1.0 if book is not None else m["conf"],
                     "role_title": role_title, "affiliation": None,
                     "target_sentiment": float(score), "target_label": label})
    cols = ACTOR_MENTION_COLUMNS + ["target_sentiment", "target_label"]
    df = pd.DataFrame(rows, columns=cols)
    if not df.empty:
        missing = df["actor_name"].isna()
        df.loc[missing, "actor_name"] = [names.get((d, a), s) for d, a, s in
                                         zip(df.loc[missing, "doc_id"], df.loc[missing, "actor"],
                                             df.loc[missing, "surface"])]
    return df


def tag_frames(sentences: pd.DataFrame, pack, names: pd.DataFrame | None = None) -> pd.DataFrame:
    """Frame cues with ``analysis.frames.FRAME_COLUMNS``: ``cue`` is the words of the text
    ("иностранного вмешательства"), ``entry`` the codebook cue ("иностранное вмешательство").

    ``names`` (the mentions table) as in :func:`analysis.frames.tag_frames`: a cue inside a
    name is no cue ("Мира" in "Партия мира", "здоровья" in "Министерство здравоохранения"),
    unless the English codebook's frame says ``in_names: true``."""
    from ...frames import FRAME_COLUMNS, _inside_name, _name_spans, load_frames

    in_names = {f.id for f in load_frames().frames if f.in_names}
    spans_of = _name_spans(names)
    rows = []
    for doc_id, sent_id, s0, text in sentences[["doc_id", "sent_id", "start", "text"]].itertuples(index=False):
        spans = spans_of.get(doc_id)
        for a, b, frame, cue in pack.tag_frames(text):
            if spans and frame not in in_names and _inside_whole_name(spans, s0 + a, s0 + b):
                continue
            rows.append((doc_id, sent_id, frame, text[a:b], s0 + a, s0 + b, cue))
    return pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS)


def _inside_whole_name(spans, start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one of the sorted name ``spans`` (a cue that only
    touches a name, "по указке Запада", still counts)."""
    return any(s <= start and end <= e for s, e in spans if s < end)


_VAGUE = ("источник", "эксперт", "наблюдатель", "аналитик", "очевидец", "житель", "участник",
          "критик", "свидетель", "собеседник", "пользователь", "многие", "некоторые")


def _speaker_type(speaker, actor_type) -> str:
    """The English classes of :data:`analysis.quotes.SPEAKER_TYPES`: ``named`` (a person),
    ``institutional`` (an organisation, country or place), ``vague`` (a group, or words
    such as "источники", "эксперты"), ``described`` (words that name no known actor),
    ``unresolved`` (no speaker)."""
    if not isinstance(speaker, str) or not speaker.strip():
        return "unresolved"
    kind = str(actor_type or "").lower()
    if kind == "person":
        return "named"
    if kind in ("group", "public", "people"):
        return "vague"
    if kind:
        return "institutional"
    from .morph import lemmas

    if any(lem.startswith(_VAGUE) for *_, lem in lemmas(speaker)):
        return "vague"
    return "described"


def find_quotes(articles: pd.DataFrame, sentences: pd.DataFrame, mentions: pd.DataFrame,
                pack) -> pd.DataFrame:
    """Quotes with ``analysis.quotes.QUOTE_COLUMNS``; ``actor`` is the id of a mention that
    overlaps the speaker span (its mention's ``role`` becomes ``speaker``)."""
    from ...quotes import QUOTE_COLUMNS

    parts = []
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        q = pack.find_quotes(text)
        if q.empty:
            continue
        q = q.copy()
        q.insert(0, "doc_id", doc_id)
        sents = sentences[sentences["doc_id"] == doc_id]
        starts = sents["start"].to_numpy()
        ids = sents["sent_id"].to_numpy()
        q["sent_id"] = [int(ids[max(np.searchsorted(starts, int(s), side="right") - 1, 0)])
                        if len(ids) else pd.NA for s in q["start"]]
        ments = mentions[mentions["doc_id"] == doc_id]
        actor, types = [], []
        for s, e in zip(q["speaker_start"], q["speaker_end"]):
            hit = ments.iloc[0:0]
            if not (pd.isna(s) or pd.isna(e)):
                hit = ments[(ments["start"] < int(e)) & (ments["end"] > int(s))]
            if len(hit):
                mentions.loc[hit.index, "role"] = "speaker"
            actor.append(hit["actor"].iloc[0] if len(hit) else None)
            types.append(hit["actor_type"].iloc[0] if len(hit) else None)
        q["actor"] = actor
        q["speaker_type"] = [_speaker_type(sp, t) for sp, t in zip(q["speaker"], types)]
        q["speaker_text"] = q["speaker"]
        # as in English: the speaker is the actor id when the speaker is a known actor
        q["speaker"] = [a if isinstance(a, str) and a else sp for a, sp in zip(actor, q["speaker"])]
        q["status"] = "ok"
        q["words"] = [len(pack.tokens(t)) if isinstance(t, str) else 0 for t in q["text"]]
        parts.append(q)
    if not parts:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    return pd.concat(parts, ignore_index=True)[QUOTE_COLUMNS]


def analyse_articles(articles: pd.DataFrame, pack=None, *, codebooks: dict | None = None) -> dict:
    """The tables ``sentences``, ``mentions``, ``frames``, ``quotes``, ``stance`` (empty: the
    pack has no stance markers) and ``actors`` of Russian ``articles`` (``doc_id``, ``text``),
    with the columns of the English tables."""
    from ... import entities
    from .. import get_pack

    pack = pack or get_pack("ru")
    codebook = (codebooks or {}).get("actors")
    sentences = split_sentences(articles, pack)
    scored = score_sentences(sentences, pack)
    mentions = find_mentions(sentences, pack, codebook)
    quotes = find_quotes(articles, sentences, mentions, pack)
    table = entities.actor_table(mentions, quotes=quotes)
    if not table.empty:
        # the tone toward each actor in the article, weighed by voice as for English
        art = article_tone(mentions, scored, pack)
        table = table.drop(columns=["tone_mean", "tone_label"]).merge(
            art[["doc_id", "actor", "tone_mean", "tone_label"]], on=["doc_id", "actor"],
            how="left")
        table["tone_label"] = table["tone_label"].fillna("unknown")
        table = table[entities.ACTOR_TABLE_COLUMNS]
    return {"sentences": scored, "mentions": mentions,
            "frames": tag_frames(sentences, pack, names=mentions),
            "quotes": quotes, "stance": None, "actors": table}


_QUOTED = re.compile(r"«[^»]*(?:»|$)|„[^“”]*(?:[“”]|$)|\u201c[^\u201d]*(?:\u201d|$)|\"[^\"]*(?:\"|$)")


def voice_tone(mentions: pd.DataFrame, sentences: pd.DataFrame, pack) -> pd.DataFrame:
    """The mentions with the tone toward each read by voice, as
    :func:`analysis.tone.actor_tone` does for English: ``narrator_sentiment`` (the target's
    tone in its sentence with the quotations blanked out) and ``quoted_sentiment`` (only the
    quotations, with the mention; NaN when the sentence quotes nobody), with the pack's
    target scorer."""
    out = mentions.copy()
    sent = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]]
    narrator, quoted = [], []
    for doc_id, sent_id, s, e, whole in zip(out["doc_id"], out["sent_id"], out["start"],
                                            out["end"], out["target_sentiment"]):
        s0, text = sent.loc[(doc_id, sent_id)]
        a, b = int(s) - int(s0), int(e) - int(s0)
        spans = [m.span() for m in _QUOTED.finditer(text) if m.end() > m.start() + 1]
        if not spans:
            narrator.append(float(whole))
            quoted.append(np.nan)
            continue
        outside = list(text)
        inside = [" "] * len(text)
        for qs, qe in spans:
            for i in range(qs, qe):
                if not (a <= i < b):
                    outside[i] = " "
                inside[i] = text[i]
        inside[a:b] = text[a:b]
        narrator.append(pack.score_target("".join(outside), a, b)[0])
        quoted.append(pack.score_target("".join(inside), a, b)[0])
    out["narrator_sentiment"] = pd.Series(narrator, index=out.index, dtype="float64")
    out["quoted_sentiment"] = pd.Series(quoted, index=out.index, dtype="float64")
    return out


def article_tone(mentions: pd.DataFrame, sentences: pd.DataFrame, pack) -> pd.DataFrame:
    """:func:`analysis.tone.article_tone` for Russian mentions: the voices of
    :func:`voice_tone`, weighed with the English article-tone weights (narrator, quotations,
    the actor's own words, a mention in the lead). The English label thresholds were fitted
    on the English scores, whose scale differs, so ``tone_label`` is read on the Russian
    scale as the actors table reads a mean tone (``negative`` at or below
    ``-analysis.entities.TONE_THRESHOLD``, ``positive`` at or above it). Columns:
    ``doc_id``, ``actor``, ``tone_mean``, ``tone_label``, ``tone_mentions``."""
    from ... import tone
    from ...entities import TONE_THRESHOLD

    voiced = voice_tone(mentions, sentences, pack)
    feats = tone.article_tone_features(voiced, sentences)
    out = tone.aggregate_tone(feats, tone.load_article_weights())
    out["tone_label"] = np.where(out["tone_mean"] >= TONE_THRESHOLD, "positive",
                                 np.where(out["tone_mean"] <= -TONE_THRESHOLD, "negative", "neutral"))
    return out
