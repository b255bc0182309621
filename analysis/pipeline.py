"""One pipeline: every analysis over a corpus, chunk by chunk, on one machine or a Dask cluster.

:func:`analyze_corpus` reads the documents, cuts them into chunks of at most ``chunk_size``
articles and about ``chunk_chars`` characters, and runs :func:`analyze_chunk` on each: clean
-> split into sentences -> sentence sentiment -> actor mentions (the codebook's and every
recognised person, organisation and place, with the sentiment toward each) -> frame cues ->
quotes -> stance -> one row per article and actor. The chunks
run in this process (``jobs=1``), in ``jobs`` worker processes, or on ``dask.distributed``
(``engine="dask"``); all three give the same tables, in the same order.

Nothing is dropped. Every input document is a row of the articles table with a ``status`` and
a ``message``; an article whose language is not English gets no English word-list analyses
(``lexicons_apply`` is False, as for documents that could not be read): its language's pack
(:mod:`analysis.lang`) analyses it into the same tables, and a language without a pack keeps its
sentences only, which its ``message`` and the run summary say; an analysis that fails on one
article marks that article ``error`` and the others are analysed normally.

With ``out``, the tables are written as Parquet and CSV into a hidden folder next to ``out``,
which replaces ``out`` only when everything is written, so a run that stops half-way never
leaves tables that look complete. Rows are in input order and nothing depends on the clock,
so re-running on the same input gives byte-identical CSV files.
"""
from __future__ import annotations

import csv
import gc
import io
import os
import re
import shutil
import warnings
from collections import Counter, deque
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from . import actors, entities, frames, interrupts, quotes, sentiment, tone
from .load import (ARTICLE_COLUMNS, MAX_CHARS, OUTPUT_MARKER, STATUSES, LoadWarning,
                   check_encoding, dedupe_ids, finish_record, iter_records, records_to_frame)
from .parts import add_parts
from .segment import SENTENCE_COLUMNS, split_sentences

TABLE_NAMES = ("articles", "sentences", "mentions", "frames", "quotes", "stance", "actors")
"""The tables :func:`analyze_corpus` returns and writes, in this order."""

# Columns of each table when there is nothing in it.
EMPTY_COLUMNS = {
    "articles": ARTICLE_COLUMNS + ["lexicons_apply"],
    "sentences": SENTENCE_COLUMNS + ["part"],
    "mentions": entities.ACTOR_MENTION_COLUMNS + ["target_sentiment", "target_label"],
    "frames": ["doc_id", "sent_id", "frame", "cue", "start", "end"],
    "quotes": ["doc_id", "sent_id", "start", "end", "text", "kind", "speaker", "speaker_start",
               "speaker_end", "cue", "cue_start", "cue_end"],
    "stance": ["doc_id", "sent_id", "start", "end"],
    "actors": entities.ACTOR_TABLE_COLUMNS,
}
SUMMARY_COLUMNS = ["status", "articles", "meaning"]
ENGINES = ("local", "dask")
ENGLISH_CODES = ("en", "und")
"""Languages the English word lists are applied to (``und``: too short to tell)."""


class AnalysisWarning(UserWarning):
    """An analysis failed on one article; the articles table marks it ``error`` and says why."""


class CodebookError(ValueError):
    """A codebook (actors or frames YAML) could not be used; the message names the file."""


@dataclass(frozen=True)
class ChunkOptions:
    """What a worker needs besides the documents (small and picklable)."""

    actors: str | None = None
    frames: str | None = None
    max_chars: int = MAX_CHARS
    entities: bool = True
    """Recognise and follow every person, organisation and place (the entity layer); with
    ``False`` only the codebook's actors are found."""


# ---------------------------------------------------------------------------------------------
# the per-chunk function (runs in workers)


@lru_cache(maxsize=8)
def _codebook(kind: str, path: str | None):
    """The actors or frames codebook (cached per worker process)."""
    loader = actors.load_actors if kind == "actors" else frames.load_frames
    return loader(path) if path else loader()


def load_codebooks(options: ChunkOptions) -> dict:
    """Load (and so validate) the codebooks once; raise :class:`CodebookError` naming the file."""
    books = {}
    for kind, path in (("actors", options.actors), ("frames", options.frames)):
        if path is not None and not Path(path).is_file():
            raise CodebookError(f"{path}: {kind} codebook not found")
        try:
            books[kind] = _codebook(kind, path)
        except Exception as exc:  # the loader's own message, with the file named
            shown = path or f"the default {kind} codebook"
            msg = str(exc)
            raise CodebookError(msg if (path and Path(path).name in msg) else f"{shown}: {msg}") from exc
    return books


_PROBE = ("Officials said on Monday that the talks had failed. \u201cWe will not give up,\u201d "
          "the minister told reporters.")


def check_analyses(options: ChunkOptions) -> None:
    """Load the codebooks and run every analysis on one short English text, so that a
    broken codebook or word list stops a run before any work, with the file named, instead
    of marking every article as failed. Raises :class:`CodebookError`."""
    load_codebooks(options)
    probe = {key: None for key in ARTICLE_COLUMNS}
    probe.update(doc_id="probe", source_path="probe", raw_text=_PROBE, text="", status="ok",
                 message="", language="en")
    row = analyze_chunk([probe], options)["articles"].iloc[0]
    if row["status"] != "ok":
        raise CodebookError(f"an analysis cannot run: {row['message']}")


def lexicons_apply(language) -> bool:
    """True when the English word lists apply to an article in ``language``."""
    if not isinstance(language, str) or not language.strip():
        return True
    code = language.strip().lower()
    return code in ENGLISH_CODES or code.startswith("en-") or code.startswith("en_")


def _finish(rec: dict, max_chars: int) -> dict:
    """Clean a record read without cleaning (too-long texts become ``error``)."""
    rec.setdefault("message", "")
    return finish_record(rec, max_chars=max_chars)


def _run_step(name: str, func: Callable, docs: pd.DataFrame, failures: dict) -> pd.DataFrame | None:
    """Run ``func(None)`` on all of ``docs``; if it raises, run ``func([doc_id])`` article by
    article so one bad article does not stop the others, and note each failure in ``failures``."""
    ids = list(docs["doc_id"])
    if not ids:
        return None
    try:
        return func(None)
    except Exception:
        parts = []
        for doc_id in ids:
            try:
                parts.append(func([doc_id]))
            except Exception as exc:  # recorded in the articles table, never silent
                failures.setdefault(doc_id, []).append(f"{name} failed: {type(exc).__name__}: {exc}")
        parts = [p for p in parts if p is not None]
        return pd.concat(parts, ignore_index=True) if parts else None


def _rows_of(table: pd.DataFrame, ids) -> pd.DataFrame:
    return table[table["doc_id"].isin(ids)]


def _analyze(articles: pd.DataFrame, ok: pd.Series, options: ChunkOptions):
    """Run each analysis in turn; return the tables and the failures by article."""
    failures: dict[str, list[str]] = {}
    tables: dict[str, pd.DataFrame | None] = {}
    by_pack = _pack_groups(articles[ok & ~articles["lexicons_apply"]])
    if by_pack:  # articles read by their language's own pack: analysed at the end
        ok = ok & ~articles["doc_id"].isin([d for _, ids in by_pack for d in ids])
    readable = articles[ok]
    sentences = _run_step("sentence splitting", lambda ids: split_sentences(
        readable if ids is None else _rows_of(articles, ids)), readable, failures)
    if sentences is None:
        sentences = pd.DataFrame(columns=SENTENCE_COLUMNS)
    english = articles[ok & articles["lexicons_apply"]]
    books = {"actors": _codebook("actors", options.actors),
             "frames": _codebook("frames", options.frames)}

    if not sentences.empty:
        # every article's sentences: those in another language get NaN and "not_english"
        scored = _run_step("sentiment", lambda ids: sentiment.score_sentences(
            sentences if ids is None else _rows_of(sentences, ids), articles=articles),
            readable, failures)
        if scored is not None:
            rest = sentences[~sentences["doc_id"].isin(scored["doc_id"].unique())]
            sentences = pd.concat([scored, rest], ignore_index=True) if not rest.empty else scored
    # the sentences of the English articles (ids None: all of them)
    in_english = sentences if len(english) == len(readable) else _rows_of(sentences, english["doc_id"])

    def english_rows(table, ids):
        return in_english if table is sentences and ids is None else (
            table if ids is None else _rows_of(table, ids))

    def mentions(ids):
        sents = english_rows(sentences, ids)
        if options.entities:
            found = entities.find_actors(sents, books["actors"])
        else:
            found = actors.find_mentions(sents, books["actors"])
        if found.empty:
            return found
        # the tone toward each mention, read in its sentence
        context = sents[["doc_id", "sent_id", "text", "start"]].rename(
            columns={"start": "sent_start"})
        scored = actors.score_targets(found.merge(context, on=["doc_id", "sent_id"], how="left"))
        return scored.drop(columns=["text", "sent_start"])

    tables["mentions"] = _run_step("actors", mentions, english, failures)
    found = tables["mentions"]  # names are no frame cues; speakers are linked to the mentions
    tables["frames"] = _run_step("frames", lambda ids: frames.tag_frames(
        english_rows(sentences, ids), books["frames"],
        names=None if found is None else english_rows(found, ids)), english, failures)
    tables["quotes"] = _run_step("quotes", lambda ids: quotes.find_quotes(
        english_rows(english, ids), sentences=english_rows(sentences, ids),
        actors=books["actors"] if found is None else english_rows(found, ids)), english, failures)
    tables["stance"] = _run_step("stance", lambda ids: quotes.find_stance(
        english_rows(english, ids), sentences=english_rows(sentences, ids)), english, failures)
    tables["sentences"] = sentences
    if found is not None and not found.empty:
        # one row per article and actor (ids are linked across the corpus afterwards)
        table = entities.actor_table(found, quotes=tables["quotes"])
        # the tone toward each actor in the article, as an attentive reader would weigh it
        art = tone.article_tone(found, in_english, articles=english)
        table = table.drop(columns=["tone_mean", "tone_label"]).merge(
            art[["doc_id", "actor", "tone_mean", "tone_label"]], on=["doc_id", "actor"], how="left")
        table["tone_label"] = table["tone_label"].fillna("unknown")
        tables["actors"] = table[entities.ACTOR_TABLE_COLUMNS]
    for pack, ids in by_pack:
        _run_pack(pack, _rows_of(articles, ids), tables, failures, options)
    return tables, failures


def _pack_groups(articles: pd.DataFrame) -> list:
    """``[(pack, doc_ids)]`` of the articles whose language has a pack with ``analyse``."""
    from .lang import get_pack

    groups: dict = {}
    for doc_id, lang in zip(articles["doc_id"], articles["language"]):
        pack = get_pack(lang)
        if pack is not None and hasattr(pack, "analyse"):
            groups.setdefault(pack.code, (pack, []))[1].append(doc_id)
    return list(groups.values())


def _run_pack(pack, docs: pd.DataFrame, tables: dict, failures: dict, options) -> None:
    """Add ``pack.analyse(docs)`` to ``tables`` (article by article if the group fails)."""
    books = {"actors": _codebook("actors", options.actors)}
    try:
        parts = [pack.analyse(docs, codebooks=books)]
    except Exception:
        parts = []
        for doc_id in docs["doc_id"]:
            try:
                parts.append(pack.analyse(_rows_of(docs, [doc_id]), codebooks=books))
            except Exception as exc:
                failures.setdefault(doc_id, []).append(
                    f"{pack.name} pack failed: {type(exc).__name__}: {exc}")
    for part in parts:
        for name, table in part.items():
            if table is None or table.empty:
                continue
            have = tables.get(name)
            tables[name] = table if have is None or have.empty else pd.concat(
                [have, table], ignore_index=True)


def analyze_chunk(records: list[dict], options: ChunkOptions = ChunkOptions(), *,
                  cleaned: bool = False) -> dict[str, pd.DataFrame]:
    """All analyses for one chunk of article records; returns the six tables.

    ``records`` are loader records (see :mod:`analysis.load`); unless ``cleaned`` they are
    cleaned here first. Rows of every table follow the order of ``records``.
    """
    if not cleaned:
        records = [_finish(dict(rec), options.max_chars) for rec in records]
    articles = records_to_frame(records) if records else pd.DataFrame(columns=ARTICLE_COLUMNS)
    ok = articles["status"] == "ok"
    # the English word lists are applied to the English articles that could be read
    articles["lexicons_apply"] = [status == "ok" and lexicons_apply(lang)
                                  for status, lang in zip(articles["status"], articles["language"])]
    other = ok & ~articles["lexicons_apply"]
    articles.loc[other, "message"] = [
        _join(m, _other_language_message(lang))
        for m, lang in zip(articles.loc[other, "message"], articles.loc[other, "language"])]

    with warnings.catch_warnings():
        # the analyses' own warnings (a quote left open, rows not in English) are recorded
        # in the tables; in worker processes they would be lost anyway
        warnings.simplefilter("ignore")
        tables, failures = _analyze(articles, ok, options)
    if failures:
        bad = articles["doc_id"].isin(failures)
        articles.loc[bad, "status"] = "error"
        articles.loc[bad, "message"] = [_join(m, "; ".join(failures[d]))
                                        for m, d in zip(articles.loc[bad, "message"],
                                                        articles.loc[bad, "doc_id"])]
    tables["articles"] = articles
    if tables.get("sentences") is not None:  # headline, lead or body (analysis.parts)
        tables["sentences"] = add_parts(tables["sentences"], articles)
    order = {doc_id: i for i, doc_id in enumerate(articles["doc_id"])}
    return {name: _in_order(tables.get(name), name, order) for name in TABLE_NAMES}


def _other_language_message(lang) -> str:
    from .lang import get_pack

    pack = get_pack(lang)
    if pack is not None and hasattr(pack, "analyse"):
        return (f"language '{lang}': the English word lists do not apply; analysed with the "
                f"{pack.name} pack (VADER and TextBlob scores are English-only and left empty)")
    return (f"language '{lang}': the English word lists do not apply; sentences are split "
            "but get no sentiment, actors, frames, quotes or stance")


def _join(*parts) -> str:
    return "; ".join(str(p) for p in parts if isinstance(p, str) and p)


def _in_order(df: pd.DataFrame | None, name: str, order: dict) -> pd.DataFrame:
    """``df`` in input order (articles as read; other rows by article, sentence, offsets)."""
    if df is None:
        return pd.DataFrame(columns=EMPTY_COLUMNS[name])
    if name == "articles" or df.empty:
        return df.reset_index(drop=True)
    # by article, then sentence and offsets (missing values last), keeping ties as they are
    keys = [df[c].to_numpy(dtype="float64", na_value=np.nan)
            for c in ("end", "start", "sent_id") if c in df.columns]
    rank = np.array([order.get(d, len(order)) for d in df["doc_id"].tolist()])
    rows = np.lexsort([*keys, rank])
    if (rows[1:] > rows[:-1]).all():  # the analyses mostly hand their rows over in order
        return df.reset_index(drop=True)
    return df.take(rows).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# reading and chunking (main process)


def _iter_source(source, seen: dict, *, encoding: str | None = None,
                 max_chars: int = MAX_CHARS) -> Iterator[tuple[dict, bool]]:
    """``(record, cleaned)`` for every document of ``source``, ids made unique over the run."""
    if isinstance(source, pd.DataFrame):
        missing = {"doc_id", "text"} - set(source.columns)
        if missing:
            raise KeyError(f"analyze_corpus needs columns {sorted(missing)} in the articles table")
        for rec in source.to_dict("records"):
            rec = {k: (None if _isna(v) else v) for k, v in rec.items()}
            rec.setdefault("status", "ok")
            rec.setdefault("message", "")
            rec.setdefault("raw_text", rec["text"])
            for key in ARTICLE_COLUMNS:
                rec.setdefault(key, None)
            yield dedupe_ids([rec], seen)[0], True
        return
    paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    if not paths:
        raise TypeError("analyze_corpus needs at least one file or folder")
    # Cleaning is left to the workers.
    for rec in iter_records(paths, clean=False, encoding=encoding, max_chars=max_chars):
        yield dedupe_ids([rec], seen)[0], False


def _isna(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def iter_chunks(source, *, chunk_size: int = 200, chunk_chars: int = 2_000_000,
                last_parts: int = 1, encoding: str | None = None,
                max_chars: int = MAX_CHARS) -> Iterator[tuple[list[dict], bool]]:
    """Chunks of at most ``chunk_size`` records (and about ``chunk_chars`` characters).

    With ``last_parts`` > 1, the work left at the end of the source (the last full chunk and
    the records after it) is cut into that many chunks of similar length, so that parallel
    workers finish at about the same time instead of one waiting for the other's last chunk.
    """
    seen: dict = {}
    chunk: list[dict] = []
    held: list[dict] = []  # the last full chunk, kept back until the source goes on
    chars = 0
    cleaned = False
    for rec, cleaned in _iter_source(source, seen, encoding=encoding, max_chars=max_chars):
        chunk.append(rec)
        chars += len(rec.get("raw_text") or "")
        if len(chunk) >= chunk_size or chars >= chunk_chars:
            if held:
                yield held, cleaned
            held, chunk, chars = chunk, [], 0
    tail = _cut(held + chunk, last_parts) if last_parts > 1 else [held, chunk]
    yield from ((part, cleaned) for part in tail if part)


def _cut(records: list[dict], parts: int) -> list[list[dict]]:
    """``records`` in ``parts`` runs (or fewer) of about the same number of characters."""
    if len(records) <= 1:
        return [records]
    sizes = [len(rec.get("raw_text") or "") + 1 for rec in records]
    total, runs, run, done = sum(sizes), [], [], 0
    for rec, size in zip(records, sizes):
        if run and done + size / 2 > total * (len(runs) + 1) / parts:
            runs.append(run)
            run = []
        run.append(rec)
        done += size
    return runs + [run]


# ---------------------------------------------------------------------------------------------
# engines


def _warm_up(options: ChunkOptions) -> None:
    """Load the codebooks and word lists once per worker process. (The language model is
    loaded only when a text needs it: English prose is recognised without it.)

    A worker leaves Ctrl-C and SIGTERM to the main process, which stops the workers itself."""
    import signal

    if os.getpid() != _MAIN_PID:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    analyze_chunk([], options)


_MAIN_PID = os.getpid()


def _chunk_tables(records: list[dict], options: ChunkOptions, cleaned: bool,
                  target: tuple[str, int] | None = None, keep: bool = True) -> dict:
    """:func:`analyze_chunk`, each table handed back as an Arrow table: the worker converts
    its own tables, so the main process only joins them.

    With ``target`` (a parts folder and the chunk's number) the worker also writes the
    chunk's tables into that folder itself (see :func:`_write_part`); without ``keep`` it
    then hands back only what the main process still needs (the status columns of the
    articles and the actor ids to link), so the tables are not sent between processes."""
    tables = {name: _to_arrow(df) for name, df in analyze_chunk(records, options, cleaned=cleaned).items()}
    if target is None:
        return tables
    _write_part(Path(target[0]), target[1], tables)
    if keep:
        return tables
    return {"articles": _select(tables["articles"], _STATUS_COLUMNS),
            "actors": _select(tables["actors"], _Links.COLUMNS)}


_STATUS_COLUMNS = ("doc_id", "status", "message", "lexicons_apply", "language")


def _select(table, columns):
    return table.select([c for c in columns if c in table.column_names])


class _LocalEngine:
    """The chunks of a run, and the writer's closing work, in this process (``jobs=1``) or in
    ``jobs`` worker processes that live for the whole run.

    The workers are started (and load their word lists) while the main process reads the
    first chunk. :meth:`map` keeps at most ``2 * jobs`` tasks in flight, so memory stays flat
    however long the corpus is; :meth:`stop` ends the workers at once (Ctrl-C, an error)."""

    def __init__(self, options: ChunkOptions, jobs: int):
        self.options, self.jobs, self.pool = options, jobs, None

    def _start(self) -> None:
        if self.jobs == 1 or self.pool is not None:
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in mp.get_all_start_methods() else None
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=mp.get_context(method),
                                        initializer=_warm_up, initargs=(self.options,))
        for _ in range(self.jobs):  # start every worker now: they get ready while chunks are read
            self.pool.submit(os.getpid)

    def run(self, chunks) -> Iterator[dict]:
        """:func:`_chunk_tables` of each ``(records, cleaned, target, keep)``, in order."""
        yield from self.map(_chunk_tables, ((c[0], self.options, *c[1:]) for c in chunks))

    def map(self, func: Callable, items: Iterable[tuple], *, window: int | None = None) -> Iterator:
        """``func(*item)`` for each item, in the order of ``items``, with at most ``window``
        (default ``2 * jobs``) results in flight or waiting to be taken."""
        if self.jobs == 1:
            for item in items:
                interrupts.check()
                yield func(*item)
            return
        self._start()
        yield from _in_submission_order(lambda item: self.pool.submit(func, *item), items,
                                        window or 2 * self.jobs)

    def map_closing(self, func: Callable, items: Iterable[tuple]) -> Iterator:
        """:meth:`map` for the writer's closing work (one task per table, each writing its
        own files): every task is handed out at once, so no worker waits for the next."""
        return self.map(func, items, window=8 * self.jobs)

    def stop(self) -> None:
        """Stopped early (Ctrl-C, an error): the tasks in flight are not waited for; the
        workers are killed, and gone before the caller removes their work folder."""
        if self.pool is None:
            return
        processes = list((getattr(self.pool, "_processes", None) or {}).values())
        for process in processes:
            process.kill()
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(timeout=5)
        self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            self.pool = None


def _run_dask(chunks, options, jobs, scheduler) -> Iterator[dict]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ImportError("engine='dask' needs the optional dask extra: "
                          "pip install 'media-analysis-notebooks[dask]'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
    client = Client(cluster if cluster is not None else scheduler)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        client.run(_warm_up, options)
        yield from _in_submission_order(
            lambda c: client.submit(_chunk_tables, c[0], options, c[1], pure=False),
            chunks, 2 * n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _in_submission_order(submit, chunks, window: int) -> Iterator[dict]:
    """Results in the order chunks were submitted, with at most ``window`` in flight (so
    memory stays flat however long the corpus is)."""
    pending: deque = deque()
    for chunk in chunks:
        interrupts.check()
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield _result(pending.popleft())
    while pending:
        yield _result(pending.popleft())


def _result(future):
    """``future.result()``, waking up now and then to see whether a stop was requested."""
    while True:
        try:
            return future.result(timeout=0.25)
        except (FutureTimeout, TimeoutError):
            interrupts.check()


# ---------------------------------------------------------------------------------------------
# output


class _Writer:
    """Chunk tables -> Parquet parts in a hidden folder -> one Parquet and one CSV per table,
    then the folder replaces ``out`` in one rename.

    With local workers, each worker writes its chunk's parts itself (and the CSV rows of the
    tables that linking does not change), and the closing work is shared among them too: a
    worker joins the parts of one table into its Parquet and CSV files (conforming each part
    to the table's schema, linking, making the remaining CSV rows), the costliest first,
    so that the files are written on every core at once and no table is sent between
    processes; the main process only reads the parts' schemas and renames the folder."""

    def __init__(self, out: Path):
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise FileExistsError(f"{self.out} exists and is not a folder")
        if self.out.is_dir():
            ours = {f"{n}.{ext}" for n in (*TABLE_NAMES, "summary") for ext in ("csv", "parquet")}
            ours.add(OUTPUT_MARKER)
            foreign = sorted(p.name for p in self.out.iterdir() if p.name not in ours)
            if foreign:
                raise FileExistsError(
                    f"{self.out} holds other files ({', '.join(foreign[:3])}...); the run replaces "
                    "the whole folder, so give an empty or new folder")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(self.out)
        self.tmp = self.out.parent / f".{self.out.name}.partial-{os.getpid()}"
        shutil.rmtree(self.tmp, ignore_errors=True)
        try:
            (self.tmp / "_parts").mkdir(parents=True)
        except BaseException:
            self.abort()
            raise
        self.n = 0

    @property
    def parts(self) -> Path:
        """The folder of the chunks' parts (``NAME-000000.parquet``, ``NAME-000000.csv``)."""
        return self.tmp / "_parts"

    def next_part(self) -> tuple[str, int]:
        """``(folder, number)`` for the next chunk's parts, written by whoever analyses the
        chunk (see :func:`_write_part`); the parts are joined in this order."""
        self.n += 1
        return str(self.parts), self.n - 1

    def add(self, tables: dict) -> None:
        """Write one chunk's tables (Arrow tables, see :func:`_chunk_tables`) here."""
        _write_part(self.parts, self.next_part()[1], tables, csv=False)

    def finish(self, summary: pd.DataFrame, links: "_Links | None" = None,
               run: Callable | None = None) -> Path:
        """Join the parts into one Parquet and one CSV file per table, then replace ``out``.

        ``run(func, items)`` gives ``func(*item)`` for each item in order (by default here,
        one after the other; :meth:`_LocalEngine.map` shares the work among the workers):
        each table's files are written by :func:`_finish_table`, where each part is
        conformed to the table's schema and linked, and its CSV rows are made unless the
        chunk's worker already made them and they still hold."""
        import pyarrow.parquet as pq

        run = run or _one_by_one
        schemas = {name: _unify([pq.read_schema(self.parts / f"{name}-{i:06d}.parquet")
                                 for i in range(self.n)], EMPTY_COLUMNS[name])
                   for name in TABLE_NAMES}

        def linked(name):
            return links if links is not None and links.mapping and name in _Links.TABLES else None

        def cost(name):  # the costliest tables are started first: those whose CSV rows are
            # all made here (the linked ones), then by the bytes of their parts
            return (name not in _Links.TABLES, -sum(
                (self.parts / f"{name}-{i:06d}.parquet").stat().st_size for i in range(self.n)))

        names = sorted(TABLE_NAMES, key=cost)
        for _ in run(_finish_table, ((str(self.parts), str(self.tmp), name, self.n, schemas[name],
                                      linked(name)) for name in names)):
            pass
        write_csv(summary, self.tmp / "summary.csv")
        (self.tmp / OUTPUT_MARKER).write_text("Tables written by python -m analysis annotate; "
                                              "the next run replaces this folder.\n", encoding="utf-8")
        shutil.rmtree(self.tmp / "_parts")
        old = None
        if self.out.exists():
            old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
            os.replace(self.out, old)
        os.replace(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.out

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _one_by_one(func: Callable, items: Iterable[tuple]) -> Iterator:
    for item in items:
        interrupts.check()
        yield func(*item)


PREMADE_CSV = True
"""Whether a chunk's worker makes the CSV rows of the tables that linking does not change
(they are used when the chunk's columns and types are the table's; otherwise they are made
again at the end). Off, every part's rows are made at the end: the bytes are the same."""


def _write_part(folder: Path, index: int, tables: dict, *, csv: bool = True) -> None:
    """Write one chunk's tables (Arrow) as ``NAME-INDEX.parquet`` into ``folder`` and, with
    ``csv``, the CSV rows (no header) of the tables whose values linking does not change
    (``NAME-INDEX.csv``), as they are written when the chunk's schema is the table's."""
    import pyarrow.parquet as pq

    for name in TABLE_NAMES:
        pq.write_table(tables[name], folder / f"{name}-{index:06d}.parquet")
        if csv and PREMADE_CSV and name not in _Links.TABLES:
            table = tables[name].replace_schema_metadata(None)
            with open(folder / f"{name}-{index:06d}.csv", "w", encoding="utf-8", newline="") as fh:
                write_csv(_to_pandas(table), fh, header=False)


def _finish_table(folder: str, out: str, name: str, parts: int, schema,
                  links: "_Links | None") -> str:
    """Join the ``parts`` parts of table ``name`` in ``folder`` into ``out/NAME.parquet``
    (row groups of :data:`ROW_GROUP_ROWS` rows) and ``out/NAME.csv``, each part conformed to
    ``schema`` and linked (see :func:`_finish_part`); returns ``name``."""
    import pyarrow.parquet as pq

    with pq.ParquetWriter(Path(out) / f"{name}.parquet", schema) as pw, \
            open(Path(out) / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
        write_csv(pd.DataFrame(columns=schema.names), fh)
        rows = _RowGroups(pw)
        for i in range(parts):
            rows.add(_finish_part(folder, name, i, schema, links))
            with open(Path(folder) / f"{name}-{i:06d}.csv", encoding="utf-8", newline="") as part:
                shutil.copyfileobj(part, fh, 1 << 20)
        rows.close()
    return name


def _finish_part(folder: str, name: str, index: int, schema, links: "_Links | None"):
    """One part of table ``name`` conformed to ``schema`` and linked (Arrow); its CSV rows
    (``NAME-INDEX.csv`` in ``folder``) are made unless the chunk's ones still hold: they
    do when every column is there in the same order and of the same type (or all empty)
    and linking changed nothing."""
    import pyarrow.parquet as pq

    base = Path(folder) / f"{name}-{index:06d}"
    table = pq.read_table(base.with_suffix(".parquet"))
    fits = _csv_fits(table.schema, schema)
    table = _conform(table, schema)
    if links is not None:
        linked = links.apply(table, name)
        fits, table = fits and linked is table, linked
    csv_path = base.with_suffix(".csv")
    if not (fits and csv_path.exists()):
        with open(csv_path, "w", encoding="utf-8", newline="") as fh:
            write_csv(_to_pandas(table), fh, header=False)
    return table


def _csv_fits(part, schema) -> bool:
    """True when rows of a table with schema ``part`` print as they do under ``schema``."""
    import pyarrow as pa

    return part.names == schema.names and all(
        a.type == b.type or pa.types.is_null(a.type) for a, b in zip(part, schema))


def write_csv(df: pd.DataFrame, target, *, header: bool = True) -> None:
    """Write ``df`` as CSV to ``target`` (an open text file, or a path written atomically:
    to a temporary name in the same folder, then renamed).

    UTF-8, ``\\n`` after each row, values as pandas formats them (the tables are for pandas;
    see :func:`analysis.report.save_data` for the spreadsheet-safe report files). A value is
    quoted when it holds a comma, a quotation mark or a line break of any kind: a lone ``\\r``
    too, which neither pandas nor the csv module quote when rows end in ``\\n`` (a reader
    would then see two rows). Quoting is decided value by value, so the bytes of a row do not
    depend on the rows written with it."""
    if not hasattr(target, "write"):
        target = Path(target)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        try:
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                write_csv(df, fh, header=header)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return
    text = df.to_csv(index=False, header=header, lineterminator="\n")
    if "\r" not in text:
        target.write(text)
        return
    # the values as pandas formats them, each quoted where needed
    rows = csv.reader(io.StringIO(df.to_csv(index=False, header=header, lineterminator="\n",
                                            quoting=csv.QUOTE_ALL), newline=""))
    target.writelines(",".join(map(_csv_field, row)) + "\n" for row in rows)


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if _NEEDS_QUOTES.search(value) else value


class _RowGroups:
    """Rows -> Parquet row groups of :data:`ROW_GROUP_ROWS` rows whatever the chunks were, so
    the file's bytes do not depend on how the corpus was cut."""

    def __init__(self, writer):
        self.writer, self.held, self.rows = writer, [], 0

    def add(self, table) -> None:
        import pyarrow as pa

        self.held.append(table)
        self.rows += table.num_rows
        if self.rows >= ROW_GROUP_ROWS:
            joined = pa.concat_tables(self.held)
            full = (joined.num_rows // ROW_GROUP_ROWS) * ROW_GROUP_ROWS
            self.writer.write_table(joined.slice(0, full), row_group_size=ROW_GROUP_ROWS)
            rest = joined.slice(full)
            self.held, self.rows = [rest], rest.num_rows

    def close(self) -> None:
        import pyarrow as pa

        if self.rows or not self.held:
            table = pa.concat_tables(self.held) if self.held else None
            if table is not None:
                self.writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self.held, self.rows = [], 0


ROW_GROUP_ROWS = 50_000


def _remove_stale(out: Path) -> None:
    """Remove the hidden work folders of earlier runs into ``out`` that were killed before
    they could clean up (``.NAME.partial-PID``, ``.NAME.old-PID`` whose process is gone)."""
    for folder in out.parent.glob(f".{out.name}.*-*"):
        kind, _, pid = folder.name[len(out.name) + 2:].rpartition("-")
        if kind not in ("partial", "old") or not pid.isdigit() or not folder.is_dir():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # that run is still going
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _to_pandas(table) -> pd.DataFrame:
    """An Arrow table as pandas: whole-number columns that have missing values become nullable
    ``Int64`` (not float, which would print ``115.0``), the others stay ``int64``."""
    import pyarrow as pa

    df = table.to_pandas(types_mapper=lambda t: pd.Int64Dtype() if pa.types.is_integer(t) else None)
    for col, typ in zip(table.column_names, table.schema.types):
        if pa.types.is_integer(typ) and table.column(col).null_count == 0:
            df[col] = df[col].astype("int64")
    return df


def _to_arrow(df: pd.DataFrame):
    """An Arrow table of ``df``; object columns holding mixed values become strings."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        fixed = df.copy()
        for col in fixed.columns:
            if fixed[col].dtype == object:
                fixed[col] = [None if _isna(v) else str(v) for v in fixed[col]]
        return pa.Table.from_pandas(fixed, preserve_index=False)


def _combine(tables: list, name: str, links: "_Links | None" = None) -> pd.DataFrame:
    """The chunks of one table (Arrow tables) as one DataFrame, typed as the written files
    are (so the result does not depend on how the corpus was cut into chunks)."""
    import pyarrow as pa

    schema = _unify([t.schema for t in tables], EMPTY_COLUMNS[name])
    if not tables:
        return pd.DataFrame(columns=schema.names)
    parts = [_conform(t, schema) for t in tables]
    if links is not None:
        parts = [links.apply(t, name) for t in parts]
    return _to_pandas(pa.concat_tables(parts))


class _Links:
    """Actor ids linked across the corpus (:func:`analysis.entities.link_corpus`): the actors
    of every chunk are noted as the chunks come in; once all are in, the mapping is applied to
    the ``actor`` columns of the mentions, actors and quotes tables (and to a quote's
    ``speaker`` where it is the actor id). The mapping depends only on the set of actors, so
    the tables do not depend on how the corpus was cut into chunks."""

    TABLES = ("mentions", "actors", "quotes")
    COLUMNS = ("actor", "actor_name", "actor_type", "source")

    def __init__(self):
        self.seen: set = set()
        self.mapping: dict = {}
        self.names: dict = {}

    def note(self, actors_table) -> None:
        if actors_table.num_rows == 0 or "actor" not in actors_table.column_names:
            return
        cols = [actors_table.column(c).to_pylist() for c in self.COLUMNS]
        self.seen.update(zip(*cols))

    def __getstate__(self):  # what :meth:`apply` needs, for the workers
        return {"seen": set(), "mapping": self.mapping, "names": self.names}

    def close(self) -> "_Links":
        if self.seen:
            rows = pd.DataFrame(sorted(self.seen, key=lambda r: tuple(map(str, r))),
                                columns=["actor", "actor_name", "actor_type", "source"])
            self.mapping = entities.link_corpus(rows)
            targets = set(self.mapping.values())
            self.names = {a: n for a, n, _, _ in sorted(self.seen, key=lambda r: tuple(map(str, r)))
                          if a in targets}
        return self

    def apply(self, table, name: str):
        """``table`` (Arrow) with the linked ids."""
        if not self.mapping or name not in self.TABLES or "actor" not in table.column_names:
            return table
        import pyarrow as pa

        old = table.column("actor").to_pylist()
        new = [self.mapping.get(a, a) if isinstance(a, str) else a for a in old]
        if new == old:
            return table

        def put(t, col, values):
            i = t.column_names.index(col)
            return t.set_column(i, t.schema.field(i), pa.array(values, type=t.schema.field(i).type))

        table = put(table, "actor", new)
        changed = [a != b for a, b in zip(old, new)]
        if "actor_name" in table.column_names:
            names = table.column("actor_name").to_pylist()
            table = put(table, "actor_name", [self.names.get(b, n) if c else n
                                              for n, b, c in zip(names, new, changed)])
        if name == "quotes" and "speaker" in table.column_names:
            speakers = table.column("speaker").to_pylist()
            table = put(table, "speaker", [b if c and sp == a else sp
                                           for sp, a, b, c in zip(speakers, old, new, changed)])
        return table


def _unify(schemas, default_columns):
    """One schema for all parts: columns in order of first appearance; a column whose parts
    disagree on the type becomes float (all numeric) or string."""
    import pyarrow as pa

    types: dict[str, list] = {}
    for schema in schemas:
        for field in schema:
            types.setdefault(field.name, [])
            if not pa.types.is_null(field.type) and field.type not in types[field.name]:
                types[field.name].append(field.type)
    if not types:
        types = {c: [] for c in default_columns}
    fields = []
    for col, ts in types.items():
        if not ts:
            t = pa.string()
        elif len(ts) == 1:
            t = ts[0]
        elif all(pa.types.is_integer(x) for x in ts):
            t = pa.int64()
        elif all(pa.types.is_integer(x) or pa.types.is_floating(x) for x in ts):
            t = pa.float64()
        else:
            t = pa.large_string()
        fields.append(pa.field(col, t))
    return pa.schema(fields)


def _conform(table, schema):
    import pyarrow as pa

    arrays = []
    for field in schema:
        if field.name in table.column_names:
            col = table.column(field.name)
            arrays.append(col if col.type == field.type else col.cast(field.type))
        else:
            arrays.append(pa.nulls(table.num_rows, type=field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# ---------------------------------------------------------------------------------------------
# the pipeline


def summarize_run(status_counts: Counter | pd.Series) -> pd.DataFrame:
    """Counts of articles by status (every status listed, zeros included).

    Columns: ``status``, ``articles``, ``meaning``.
    """
    counts = Counter(dict(status_counts))
    rows = [(s, int(counts.get(s, 0)), meaning) for s, meaning in STATUSES.items()]
    rows += [(s, int(n), "") for s, n in sorted(counts.items()) if s not in STATUSES]
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def format_summary(summary: pd.DataFrame, *, other_language: int | None = None,
                   packs: dict | None = None) -> str:
    """One line for the command line: ``12 articles: 10 ok, 1 empty, 1 error, 0 unsupported``,
    then how the ``ok`` articles not in English were read: ``3 ok in Russian (analysed with
    the Russian pack)`` and ``1 ok in a language without a pack (sentences only: fr)``.

    ``other_language`` is the number of ``ok`` articles in a language without a pack (only
    their sentences are split), ``packs`` maps a pack's name to the number of ``ok`` articles
    it analysed; both default to what :func:`analyze_corpus` noted in ``summary.attrs``
    (``other_language``, ``packs`` and ``unpacked_languages``).
    """
    total = int(summary["articles"].sum())
    parts = ", ".join(f"{n} {s}" for s, n in zip(summary["status"], summary["articles"]))
    if other_language is None:
        other_language = summary.attrs.get("other_language", 0)
    if packs is None:
        packs = summary.attrs.get("packs", {})
    extra = "".join(f"; {n} ok in {name} (analysed with the {name} pack)"
                    for name, n in sorted(packs.items()) if n)
    if other_language:
        langs = ", ".join(summary.attrs.get("unpacked_languages", []))
        extra += (f"; {other_language} ok in a language without a pack (sentences only"
                  f"{': ' + langs if langs else ''})")
    return f"{total} articles: {parts}{extra}"


def _pack_name(language) -> str | None:
    """The name of the pack other than English that analyses ``language``, or ``None``."""
    from .lang import get_pack

    if lexicons_apply(language):
        return None
    pack = get_pack(language)
    return pack.name if pack is not None and hasattr(pack, "analyse") else None


def analyze_corpus(source, *, out: str | Path | None = None, jobs: int = 1, engine: str = "local",
                   chunk_size: int = 200, chunk_chars: int = 500_000,
                   actors: str | Path | None = None,
                   frames: str | Path | None = None, progress: bool | None = None,
                   scheduler: str | None = None, max_chars: int = MAX_CHARS,
                   encoding: str | None = None,
                   return_tables: bool = True) -> dict[str, pd.DataFrame]:
    """Run every analysis over a corpus; return (and with ``out``, write) the tables.

    ``source`` is a file, a folder, a list of them, or an articles table from
    :func:`analysis.load.load_corpus`. ``jobs`` is the number of worker processes (``engine=
    "local"``) or of local Dask workers (``engine="dask"``; ``scheduler`` is the address of an
    existing cluster, whose workers need this package installed and the codebook files at the
    same paths). ``actors`` and ``frames`` are codebook files (default: the project's).
    ``progress`` shows a tqdm bar (None: only in a terminal or notebook). Documents longer
    than ``max_chars`` characters (default :data:`analysis.load.MAX_CHARS`, the limit
    :func:`analysis.load.load_corpus` uses too) are kept as ``error`` rows rather than
    analysed; ``encoding`` forces the encoding of every file (default: detected). A chunk
    ends after ``chunk_size`` articles or once it holds ``chunk_chars`` characters: chunks
    of similar length keep the workers evenly busy to the end of the run (with several
    workers, the work left at the end is cut into smaller chunks, see :func:`iter_chunks`).

    Returns a dict with the tables ``articles`` (the loader's columns plus ``lexicons_apply``),
    ``sentences`` (with the sentiment columns), ``mentions`` (codebook and discovered actors,
    see :func:`analysis.entities.find_actors`), ``frames``, ``quotes``, ``stance`` (each with
    the columns of its analysis; see those modules), ``actors`` (one row per article and actor,
    :func:`analysis.entities.actor_table`; a discovered actor known only by a surname in one
    article gets the id of the one full-name actor of the corpus with that surname), and ``summary``
    (counts by status, see :func:`summarize_run`). With ``out``, each table is written as
    ``out/NAME.parquet`` and ``out/NAME.csv`` (and ``summary.csv``); pass
    ``return_tables=False`` to keep only the summary in memory for very large corpora.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size!r}")
    if chunk_chars < 1:
        raise ValueError(f"chunk_chars must be at least 1, not {chunk_chars!r}")
    encoding = check_encoding(encoding)  # an unknown name stops the run before any work
    options = ChunkOptions(actors=None if actors is None else str(actors),
                           frames=None if frames is None else str(frames), max_chars=max_chars)
    check_analyses(options)  # a broken codebook or word list stops the run here, before any work
    # The models, word lists and codebooks just loaded stay for the whole run: the garbage
    # collector need not walk them again and again during it (and forked workers share them
    # as they are). They are handed back to the collector when the run ends.
    gc.freeze()
    writer = None  # made first thing in the try below, so a stop at any moment removes its folder

    from tqdm.auto import tqdm

    already_warned: deque = deque()  # per chunk: ids whose problem the loader warned about

    # Local workers write their chunk's parts into the output's work folder themselves and
    # send back only what this process needs (unless the tables are to be returned too), so
    # that this process has little to do but read: with two workers on two cores, every
    # second it spends is taken from them.
    local = engine == "local"
    runner = _LocalEngine(options, jobs) if local else None

    def chunks_noting_warnings():
        for chunk, cleaned in iter_chunks(source, chunk_size=chunk_size, chunk_chars=chunk_chars,
                                          last_parts=1 if jobs == 1 else 4 * jobs,
                                          encoding=encoding, max_chars=max_chars):
            already_warned.append({r["doc_id"] for r in chunk if r.get("status") != "ok" or r.get("message")})
            target = writer.next_part() if writer is not None and local else None
            yield chunk, cleaned, target, return_tables or target is None

    chunks = chunks_noting_warnings()
    results = runner.run(chunks) if local else _run_dask(chunks, options, jobs, scheduler)
    kept: dict[str, list] = {name: [] for name in TABLE_NAMES}
    links = _Links()
    counts: Counter = Counter()
    other_language = 0  # ok, not English, no pack: sentences only
    packs: Counter = Counter()  # ok and analysed by another language's pack, by pack name
    unpacked: set = set()  # the languages of the former
    bar = tqdm(unit="article", desc="analysing", disable=None if progress is None else not progress)
    try:
        if out is not None:
            writer = _Writer(Path(out))
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
            for tables in results:
                arts = {c: tables["articles"].column(c).to_pylist()
                        for c in ("doc_id", "status", "message", "lexicons_apply", "language")}
                warned = already_warned.popleft()
                for doc_id, status, message in zip(arts["doc_id"], arts["status"], arts["message"]):
                    if status != "ok" and doc_id not in warned:
                        category = LoadWarning if status == "empty" else AnalysisWarning
                        warnings.warn(message or f"{doc_id}: {status}", category, stacklevel=2)
                counts.update(arts["status"])
                for status, applies, lang in zip(arts["status"], arts["lexicons_apply"],
                                                 arts["language"]):
                    if status != "ok" or applies:
                        continue
                    name = _pack_name(lang)
                    if name is not None:
                        packs[name] += 1
                    else:
                        other_language += 1
                        unpacked.add(str(lang))
                links.note(tables["actors"])
                if writer is not None and not local:
                    writer.add(tables)
                if return_tables:
                    for name in TABLE_NAMES:
                        kept[name].append(tables[name])
                bar.update(len(arts["doc_id"]))
        summary = summarize_run(counts)
        links.close()
        if writer is not None:
            writer.finish(summary, links, run=runner.map_closing if local else None)
    except BaseException:
        results.close()  # stops the workers now, not when the generator is collected
        if runner is not None:
            runner.stop()
        if writer is not None:
            writer.abort()
        raise
    finally:
        if runner is not None:
            runner.close()
        bar.close()
        gc.unfreeze()
    result = {"summary": summary}
    if return_tables:
        for name in TABLE_NAMES:
            result[name] = _combine(kept[name], name, links)
    result["summary"].attrs["other_language"] = other_language
    result["summary"].attrs["packs"] = dict(packs)
    result["summary"].attrs["unpacked_languages"] = sorted(unpacked)
    return result
