"""The same bytes in every written table whatever the engine, the number of workers or the
chunk size, on a few hundred real news articles (PerSenT, read from the shared data when it
is present)."""
import csv
import io
import sys

import pandas as pd
import pytest

from analysis import config, pipeline
from analysis.pipeline import analyze_corpus

N_ARTICLES = 160


@pytest.fixture(scope="module")
def real_corpus(tmp_path_factory):
    source = config.CORPORA_DIR / "persent" / "dev.csv"
    if not source.exists():
        pytest.skip(f"benchmark data not present: {source.name} (looked in ../shared/corpora)")
    csv.field_size_limit(sys.maxsize)
    with open(source, encoding="utf-8", newline="") as fh:
        rows = [(row["DOCUMENT_INDEX"], row["TITLE"], row["DOCUMENT"])
                for _, row in zip(range(N_ARTICLES), csv.DictReader(fh))]
    # a work copy for the run only (in the test's temporary folder, never in the project)
    path = tmp_path_factory.mktemp("persent") / "articles.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "text"])
        writer.writerows(rows)
    return path


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.shared
def test_every_table_has_the_same_bytes_for_every_way_of_running(real_corpus, tmp_path,
                                                                monkeypatch):
    runs = {
        "one job": dict(jobs=1),
        "one job, chunks of 7": dict(jobs=1, chunk_size=7),
        "two jobs, chunks of 13": dict(jobs=2, chunk_size=13),
        # the workers make no CSV rows: all of them are made when the parts are joined
        "two jobs, chunks of 13, CSV rows made at the end": dict(jobs=2, chunk_size=13,
                                                                 premade=False),
    }
    try:
        import dask.distributed  # noqa: F401

        runs["Dask, two workers, chunks of 50"] = dict(engine="dask", jobs=2, chunk_size=50)
    except ImportError:
        pass
    written = {}
    for name, options in runs.items():
        out = tmp_path / f"out{len(written)}"
        monkeypatch.setattr(pipeline, "PREMADE_CSV", options.pop("premade", True))
        analyze_corpus(real_corpus, out=out, progress=False, return_tables=False, **options)
        written[name] = _files(out)
    first_name, first = next(iter(written.items()))
    assert len(first) >= 13 and b"\n" in first["quotes.csv"]
    # whole numbers stay whole numbers where some rows have none (115, not 115.0)
    quotes = pd.read_csv(io.BytesIO(first["quotes.csv"]), dtype=str, keep_default_na=False)
    assert (quotes["speaker_start"] == "").any() and (quotes["speaker_start"] != "").any()
    for column in ("start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end"):
        assert not quotes[column].str.contains(".", regex=False).any(), column
    for name, files in written.items():
        assert files.keys() == first.keys(), name
        for file, content in files.items():
            assert content == first[file], f"{file} differs between '{first_name}' and '{name}'"
