"""The corpus pipeline: same tables whatever the engine, chunking or re-run; atomic output."""
import csv
import os

import pandas as pd
import pytest

from analysis import pipeline
from analysis.config import RAW_DIR
from analysis.load import OUTPUT_MARKER
from analysis.pipeline import EMPTY_COLUMNS, TABLE_NAMES, analyze_corpus, lexicons_apply

TEXTS = {
    "one.txt": "---\noutlet: Daily One\npublished: 2020-08-14\n---\n"
               "Workers at the tractor plant went on strike. \u201cWe will not stop,\u201d a "
               "worker said.\n\nThe president called the strikers traitors.",
    "two.txt": "---\noutlet: Weekly Two\n---\nPolice detained dozens of protesters in Minsk. "
               "The opposition leader said the vote was rigged.",
    "three.md": "A short note. Nothing else happened.",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def assert_same_tables(a, b):
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)


@pytest.mark.parametrize("language, applies", [
    ("en", True), ("EN-gb", True), ("und", True), (None, True), ("", True),
    ("ru", False), ("fr", False), ("english", False),
])
def test_lexicons_apply(language, applies):
    assert lexicons_apply(language) is applies


def test_seed_article_through_the_pipeline():
    tables = analyze_corpus(RAW_DIR / "seed_belarus.txt", progress=False)
    assert set(TABLE_NAMES) <= set(tables)
    assert list(tables["articles"]["status"]) == ["ok"]
    assert len(tables["sentences"]) == 17
    text = tables["articles"]["text"].iloc[0]
    first = tables["sentences"].iloc[0]
    assert (first["start"], text[first["start"]:first["end"]][:15]) == (0, "Maria Zakharova")
    for name in ("sentences", "mentions", "frames", "quotes", "stance"):
        df = tables[name]
        assert list(df.columns[:1]) == ["doc_id"]
        if {"start", "end"} <= set(df.columns):
            assert all(0 <= s < e <= len(text) for s, e in zip(df["start"], df["end"]))


@pytest.mark.parametrize("chunking", [{"chunk_size": 1}, {"chunk_size": 2}, {"chunk_chars": 10}])
def test_chunking_does_not_change_the_tables(corpus, chunking):
    whole = analyze_corpus(corpus, progress=False, chunk_size=100)
    assert_same_tables(analyze_corpus(corpus, progress=False, **chunking), whole)
    assert list(whole["articles"]["doc_id"]) == ["one", "three", "two"]  # input (file) order


def test_two_worker_processes_give_the_same_tables(corpus):
    one = analyze_corpus(corpus, progress=False, chunk_size=1)
    assert_same_tables(analyze_corpus(corpus, progress=False, chunk_size=1, jobs=2), one)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_engine_gives_the_same_tables(corpus):
    distributed = pytest.importorskip("dask.distributed")
    one = analyze_corpus(corpus, progress=False, chunk_size=1)
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        on_dask = analyze_corpus(corpus, progress=False, chunk_size=1, engine="dask",
                                 scheduler=cluster.scheduler_address)
    assert_same_tables(on_dask, one)


def test_articles_table_as_source(corpus):
    from analysis.load import load_corpus

    from_files = analyze_corpus(corpus, progress=False)
    from_table = analyze_corpus(load_corpus(corpus), progress=False)
    for name in TABLE_NAMES[1:]:
        pd.testing.assert_frame_equal(from_table[name], from_files[name], check_dtype=False)


def test_written_tables_are_complete_and_rerun_byte_identical(corpus, tmp_path):
    out = tmp_path / "out"
    tables = analyze_corpus(corpus, out=out, progress=False, chunk_size=1)
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{n}.{x}" for n in TABLE_NAMES for x in ("csv", "parquet")]
                           + ["summary.csv", OUTPUT_MARKER])
    first = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    for name in TABLE_NAMES:
        from_csv = pd.read_csv(out / f"{name}.csv", keep_default_na=False, na_values=[""])
        assert list(from_csv.columns) == list(tables[name].columns)
        assert len(from_csv) == len(tables[name]) == len(pd.read_parquet(out / f"{name}.parquet"))
    analyze_corpus(corpus, out=out, progress=False, chunk_size=2, jobs=2)
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == first
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("last_parts", [1, 2, 4, 50])
def test_the_last_chunks_are_cut_into_parts_of_similar_length(tmp_path, last_parts):
    lengths = [900, 40, 300, 2500, 60, 700, 1200, 80, 2200, 400, 30, 1600, 500]
    folder = tmp_path / "lengths"
    folder.mkdir()
    for i, n in enumerate(lengths):
        (folder / f"doc{i:02d}.txt").write_text("word " * (n // 5), encoding="utf-8")
    chunks = [c for c, _ in pipeline.iter_chunks(folder, chunk_size=4, last_parts=last_parts)]
    ids = [rec["doc_id"] for chunk in chunks for rec in chunk]
    assert ids == [f"doc{i:02d}" for i in range(len(lengths))]  # every record once, in order
    assert all(chunks)
    assert [len(c) for c in chunks[:2]] == [4, 4]  # full chunks until the end comes in sight
    tail = chunks[2:]
    if last_parts == 1:
        assert [len(c) for c in tail] == [4, 1]
        return
    assert len(tail) == min(last_parts, 5)
    sizes = [sum(len(rec["raw_text"]) for rec in chunk) for chunk in tail]
    # each part is its share of the characters, give or take a record
    share = sum(sizes) / last_parts
    longest = max(len(rec["raw_text"]) for chunk in tail for rec in chunk)
    assert all(size <= share + longest for size in sizes)
    if last_parts == 2:
        assert [len(c) for c in tail] == [1, 4]  # 2,200 | 400 + 30 + 1,600 + 500 characters


def test_a_run_that_fails_half_way_leaves_the_old_output(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    analyze_corpus(corpus, out=out, progress=False)
    before = (out / "articles.csv").read_bytes()
    real = pipeline.analyze_chunk
    calls = []

    def failing(records, options, **kw):
        calls.append(len(records))
        if len(calls) == 3:  # the probe, one chunk, then the machine "dies"
            raise KeyboardInterrupt
        return real(records, options, **kw)

    monkeypatch.setattr(pipeline, "analyze_chunk", failing)
    with pytest.raises(KeyboardInterrupt):
        analyze_corpus(corpus, out=out, progress=False, chunk_size=1)
    assert (out / "articles.csv").read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["corpus", "out"]  # no half-written folder left


def test_a_fresh_run_that_fails_writes_nothing(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "summarize_run", lambda counts: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        analyze_corpus(corpus, out=tmp_path / "new", progress=False)
    assert sorted(os.listdir(tmp_path)) == ["corpus"]


def test_output_folder_with_other_files_is_refused(corpus, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.docx").write_text("keep me")
    with pytest.raises(FileExistsError, match="notes.docx"):
        analyze_corpus(corpus, out=out, progress=False)
    assert (out / "notes.docx").exists()


def test_an_analysis_that_fails_on_one_article_marks_only_that_article(corpus, monkeypatch):
    real = pipeline.split_sentences

    def fragile(articles):
        if articles["text"].str.contains("tractor").any():
            raise ValueError("cannot cope with tractors")
        return real(articles)

    monkeypatch.setattr(pipeline, "split_sentences", fragile)
    with pytest.warns(pipeline.AnalysisWarning, match="tractors"):
        tables = analyze_corpus(corpus, progress=False)
    arts = tables["articles"].set_index("doc_id")
    assert arts.loc["one", "status"] == "error"
    assert "cannot cope with tractors" in arts.loc["one", "message"]
    assert list(arts.loc[["two", "three"], "status"]) == ["ok", "ok"]
    assert set(tables["sentences"]["doc_id"]) == {"two", "three"}


@pytest.mark.parametrize("step", ["find_quotes", "find_stance"])
def test_a_later_analysis_that_fails_on_one_article_keeps_the_others_rows(corpus, monkeypatch, step):
    (corpus / "four.txt").write_text("Die Proteste in Minsk gingen am Sonntag weiter. Die Polizei "
                                     "nahm viele Menschen fest.", encoding="utf-8")
    whole = analyze_corpus(corpus, progress=False)
    real = getattr(pipeline.quotes, step)

    def fragile(articles, **options):
        if articles["text"].str.contains("tractor").any():
            raise ValueError("cannot cope with tractors")
        return real(articles, **options)

    monkeypatch.setattr(pipeline.quotes, step, fragile)
    with pytest.warns(pipeline.AnalysisWarning, match="tractors"):
        tables = analyze_corpus(corpus, progress=False)
    arts = tables["articles"].set_index("doc_id")
    assert arts.loc["one", "status"] == "error"
    assert list(arts.loc[["two", "three", "four"], "status"]) == ["ok"] * 3
    assert not arts.loc["four", "lexicons_apply"]
    failed = "quotes" if step == "find_quotes" else "stance"
    for name in ("sentences", "mentions", "frames", "quotes", "stance"):
        expected = whole[name]
        if name == failed:
            expected = expected[expected["doc_id"] != "one"].reset_index(drop=True)
        pd.testing.assert_frame_equal(tables[name], expected, check_dtype=False, obj=name)
    assert (whole[failed]["doc_id"] == "one").any()


def test_summary_counts_every_status(corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "deck.pptx").write_bytes(b"PK\x03\x04")
    with pytest.warns(UserWarning):
        summary = analyze_corpus(corpus, progress=False)["summary"]
    assert dict(zip(summary["status"], summary["articles"])) == {
        "ok": 3, "empty": 1, "error": 0, "unsupported": 1, "skipped": 0}


def test_empty_folder_gives_empty_tables_with_columns(tmp_path):
    (tmp_path / "nothing").mkdir()
    tables = analyze_corpus(tmp_path / "nothing", progress=False)
    for name in TABLE_NAMES:
        assert tables[name].empty
        assert set(EMPTY_COLUMNS[name][:4]) <= set(tables[name].columns)


@pytest.mark.parametrize("kwargs, message", [
    ({"engine": "spark"}, "engine"), ({"jobs": 0}, "jobs"), ({"chunk_size": 0}, "chunk_size"),
    ({"chunk_chars": 0}, "chunk_chars"),
])
def test_bad_options_are_refused_clearly(corpus, kwargs, message):
    with pytest.raises(ValueError, match=message):
        analyze_corpus(corpus, progress=False, **kwargs)


@pytest.mark.parametrize("chunk_size", [1, 200])
def test_whole_numbers_are_written_as_such_where_some_are_missing(tmp_path, chunk_size):
    """A quote without a speaker leaves speaker_start empty; the others stay 0, 16, ... (not
    0.0, 16.0), whatever the chunking."""
    articles = pd.DataFrame({
        "doc_id": ["a", "b"],
        "text": ["\u201cWe will win,\u201d she said.", "\u201cNobody will stop us.\u201d Then silence."],
        "language": ["en", "en"],
    })
    out = tmp_path / "out"
    analyze_corpus(articles, out=out, progress=False, chunk_size=chunk_size)
    with open(out / "quotes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["doc_id"], r["start"], r["end"], r["speaker_start"], r["speaker_end"]) for r in rows] == [
        ("a", "1", "13", "15", "18"), ("b", "1", "21", "", "")]


def _premade(folder, name, table):
    """A part as a worker leaves it: the Parquet file and CSV rows marked as premade."""
    import pyarrow.parquet as pq

    pq.write_table(table, folder / f"{name}-000000.parquet")
    (folder / f"{name}-000000.csv").write_text("premade\n", encoding="utf-8")


@pytest.mark.parametrize("part, schema, written", [
    # same columns and types: the worker's rows are used as they are
    ({"x": [1, 2]}, [("x", "int64")], "premade\n"),
    # a column empty throughout the chunk prints the same under the table's type
    ({"x": [1, 2], "y": [None, None]}, [("x", "int64"), ("y", "string")], "premade\n"),
    # a whole-number column that is fractional elsewhere: made again, as floats
    ({"x": [1, 2]}, [("x", "float64")], "1.0\n2.0\n"),
    # a column the chunk lacks, or columns in another order: made again
    ({"x": [1, 2]}, [("x", "int64"), ("y", "string")], "1,\n2,\n"),
    ({"y": ["a", "b"], "x": [1, 2]}, [("x", "int64"), ("y", "string")], "1,a\n2,b\n"),
])
def test_csv_rows_made_by_a_worker_are_used_only_where_they_hold(tmp_path, part, schema, written):
    import pyarrow as pa

    _premade(tmp_path, "frames", pa.table(part))
    schema = pa.schema([(name, getattr(pa, typ)()) for name, typ in schema])
    table = pipeline._finish_part(str(tmp_path), "frames", 0, schema, None)
    assert table.schema == schema
    assert (tmp_path / "frames-000000.csv").read_text(encoding="utf-8") == written


@pytest.mark.parametrize("mapping, written", [
    ({}, "premade\n"),  # linking changes nothing: the rows stand
    ({"smith": "john-smith"}, "a,john-smith,John Smith\n"),  # the linked id and its name
])
def test_csv_rows_are_made_again_where_linking_changes_an_id(tmp_path, mapping, written):
    import pyarrow as pa

    _premade(tmp_path, "actors", pa.table({"doc_id": ["a"], "actor": ["smith"],
                                           "actor_name": ["Smith"]}))
    links = pipeline._Links()
    links.mapping, links.names = mapping, {"john-smith": "John Smith"}
    schema = pa.schema([("doc_id", pa.string()), ("actor", pa.string()), ("actor_name", pa.string())])
    pipeline._finish_part(str(tmp_path), "actors", 0, schema, links)
    assert (tmp_path / "actors-000000.csv").read_text(encoding="utf-8") == written


def test_a_worker_writing_its_own_parts_sends_back_only_what_the_run_needs(corpus, tmp_path):
    from analysis.load import iter_records

    records = list(iter_records([corpus], clean=False))
    parts = tmp_path / "parts"
    parts.mkdir()
    back = pipeline._chunk_tables(records, pipeline.ChunkOptions(), False, (str(parts), 3), False)
    assert set(back) == {"articles", "actors"}
    assert back["articles"].column_names == list(pipeline._STATUS_COLUMNS)
    assert back["articles"].column("doc_id").to_pylist() == ["one", "three", "two"]
    assert back["actors"].column_names == list(pipeline._Links.COLUMNS)
    written = sorted(p.name for p in parts.iterdir())
    assert written == sorted([f"{n}-000003.parquet" for n in TABLE_NAMES]
                             + [f"{n}-000003.csv" for n in TABLE_NAMES
                                if n not in pipeline._Links.TABLES])


@pytest.mark.parametrize("jobs, chunk_size", [(1, 1), (2, 1), (2, 2)])
def test_csv_rows_made_by_the_workers_are_those_made_at_the_end(corpus, tmp_path, monkeypatch,
                                                                 jobs, chunk_size):
    (corpus / "four.txt").write_text("Die Proteste in Minsk gingen am Sonntag weiter.",
                                     encoding="utf-8")
    runs = {}
    for premade in (True, False):
        monkeypatch.setattr(pipeline, "PREMADE_CSV", premade)
        out = tmp_path / f"out-{premade}"
        analyze_corpus(corpus, out=out, progress=False, jobs=jobs, chunk_size=chunk_size,
                       return_tables=False)
        runs[premade] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert runs[True] == runs[False]


@pytest.mark.parametrize("parts, mapping, written", [
    # two chunks, one without a speaker: the id column is whole numbers with a gap
    ([{"doc_id": ["a"], "actor": ["smith"], "n": [1]}, {"doc_id": ["b"], "actor": ["lee"], "n": [None]}],
     {}, "doc_id,actor,n\na,smith,1\nb,lee,\n"),
    # linking gives a surname its full-name id in every part
    ([{"doc_id": ["a"], "actor": ["smith"], "n": [1]}, {"doc_id": ["b"], "actor": ["john-smith"], "n": [2]}],
     {"smith": "john-smith"}, "doc_id,actor,n\na,john-smith,1\nb,john-smith,2\n"),
    # no part at all: the header only
    ([], {}, "doc_id,actor,n\n"),
])
def test_a_table_is_joined_from_its_parts_in_one_task(tmp_path, parts, mapping, written):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder, out = tmp_path / "parts", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    for i, part in enumerate(parts):
        pq.write_table(pa.table(part), folder / f"quotes-{i:06d}.parquet")
    schema = pa.schema([("doc_id", pa.string()), ("actor", pa.string()), ("n", pa.int64())])
    links = pipeline._Links()
    links.mapping, links.names = mapping, {"john-smith": "John Smith"}
    assert pipeline._finish_table(str(folder), str(out), "quotes", len(parts), schema,
                                  links if mapping else None) == "quotes"
    assert (out / "quotes.csv").read_text(encoding="utf-8") == written
    table = pq.read_table(out / "quotes.parquet")
    assert table.schema.remove_metadata() == schema
    assert table.num_rows == len(parts)


def test_the_closing_work_is_one_task_per_table_the_costliest_first(corpus, tmp_path, monkeypatch):
    tasks = []
    real = pipeline._Writer.finish

    def finish(self, summary, links=None, run=None):
        def recording(func, items):
            items = list(items)
            tasks.extend((func.__name__, item[2]) for item in items)
            return pipeline._one_by_one(func, items)
        return real(self, summary, links, run=recording)

    monkeypatch.setattr(pipeline._Writer, "finish", finish)
    analyze_corpus(corpus, out=tmp_path / "out", progress=False, return_tables=False)
    assert sorted(name for _, name in tasks) == sorted(TABLE_NAMES)
    assert {func for func, _ in tasks} == {"_finish_table"}
    # the linked tables, whose CSV rows are all made at the end, go first
    assert {name for _, name in tasks[:3]} == set(pipeline._Links.TABLES)
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".csv") == sorted(
        [f"{n}.csv" for n in TABLE_NAMES] + ["summary.csv"])
