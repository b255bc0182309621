"""Output folders, interrupts and files written atomically: nothing of the user's is
overwritten, a stopped run leaves the previous output as it was, nothing temporary stays."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import pipeline
from analysis.cli import main
from analysis.config import PROJECT_ROOT
from analysis.load import OUTPUT_MARKER, load_corpus
from analysis.report import OutputRefused, build_reports, check_output

GOOD = "Protesters marched through Minsk on Sunday. Police said the crowd was peaceful."


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "make_out, force, message",
    [
        (lambda tmp, corpus: _file(tmp / "out.txt"), False, "is a file"),
        (lambda tmp, corpus: _file(tmp / "mine" / "index.html").parent, False,
         r"did not write \(index.html\)"),
        (lambda tmp, corpus: _file(corpus / "notes" / "b.txt").parent, False,
         r"inside the corpus folder and holds files .*\(b.txt\)"),
        (lambda tmp, corpus: _file(corpus / "notes" / "b.txt").parent, True,
         r"inside the corpus folder and holds files .*\(b.txt\)"),
        (lambda tmp, corpus: corpus, True, "is the corpus folder"),
        (lambda tmp, corpus: tmp, True, "holds it"),
    ],
)
def test_report_output_folders_that_are_refused(tmp_path, corpus, make_out, force, message):
    out = make_out(tmp_path, corpus)
    with pytest.raises(OutputRefused, match=message):
        check_output(out, corpus, force=force)


@pytest.mark.parametrize(
    "make_out, force",
    [
        (lambda tmp: tmp / "new", False),                       # does not exist yet
        (lambda tmp: _mkdir(tmp / "empty"), False),             # empty
        (lambda tmp: _file(tmp / "ours" / OUTPUT_MARKER).parent, False),  # written by us before
        (lambda tmp: _file(tmp / "mine" / "index.html").parent, True),    # --force
    ],
)
def test_report_output_folders_that_are_accepted(tmp_path, corpus, make_out, force):
    out = make_out(tmp_path)
    assert check_output(out, corpus, force=force) == out.resolve()


def _file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("the user's own file", encoding="utf-8")
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def test_report_command_refuses_a_file_and_a_foreign_folder_before_any_work(tmp_path, corpus, capsys):
    target = _file(tmp_path / "out.txt")
    assert main(["report", str(corpus), "--out", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err
    mine = _file(tmp_path / "mine" / "index.html").parent
    assert main(["report", str(corpus), "--out", str(mine)]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and "Traceback" not in err
    assert (mine / "index.html").read_text(encoding="utf-8") == "the user's own file"
    assert sorted(p.name for p in mine.iterdir()) == ["index.html"]


@pytest.mark.parametrize("where", ["cwd", "inside", "holds"])
def test_annotate_refuses_an_output_folder_before_any_work(tmp_path, corpus, monkeypatch, capsys, where):
    called = []
    monkeypatch.setattr(pipeline, "check_analyses", lambda options: called.append(options))
    monkeypatch.chdir(tmp_path)
    if where == "inside":
        _file(corpus / "more" / "b.txt")
    out = {"cwd": ".", "inside": str(corpus / "more"), "holds": str(tmp_path)}[where]
    assert main(["annotate", str(corpus), "--out", out]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and ("current folder" in err or "corpus" in err)
    assert called == [], "refused before the analyses are even checked"
    assert sorted(p.name for p in corpus.iterdir()) == (["a.txt", "more"] if where == "inside" else ["a.txt"])
    if where == "inside":
        assert sorted(p.name for p in (corpus / "more").iterdir()) == ["b.txt"]


def test_the_loader_never_reads_an_output_folder_of_ours(tmp_path, corpus):
    out = tmp_path / "tables"
    assert main(["annotate", str(corpus), "--out", str(out)]) == 0
    assert (out / OUTPUT_MARKER).is_file()
    # an output folder moved into a corpus (or written there with an older version)
    os.replace(out, corpus / "tables")
    articles = load_corpus(corpus)
    assert list(articles["source_path"]) == ["corpus/a.txt"]


def test_stale_work_folders_of_killed_runs_are_removed(tmp_path, corpus):
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = [tmp_path / f".out.partial-{dead}", tmp_path / f".out.old-{dead}"]
    running = tmp_path / f".out.partial-{os.getpid()}9"  # not ours to judge: left alone
    for folder in stale:
        (folder / "_parts").mkdir(parents=True)
    pipeline.analyze_corpus(corpus, out=out, progress=False)
    assert not any(folder.exists() for folder in stale)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert not running.exists()


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "State:\tZ" in status


def _notebook(path: Path, *cells: str) -> Path:
    nb = new_notebook(cells=[new_markdown_cell(f"# {path.stem} title"),
                             new_code_cell("CORPUS = None\nTABLES_DIR = None",
                                           metadata={"tags": ["parameters"]})]
                      + [new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


@pytest.mark.notebook
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see that the kernel is gone")
def test_sigterm_stops_report_at_once_and_keeps_the_earlier_reports(tmp_path, corpus):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    pid_file = tmp_path / "kernel.pid"
    quick = _notebook(nbs / "01_quick.ipynb", "x = 1")
    slow = _notebook(nbs / "02_slow.ipynb", "import os, time\n"
                     f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(300)")
    later = _notebook(nbs / "03_later.ipynb", "z = 3")
    out = tmp_path / "out"
    out.mkdir()
    (out / OUTPUT_MARKER).write_text("", encoding="utf-8")
    (out / "02_slow.html").write_text("the earlier report", encoding="utf-8")
    script = textwrap.dedent(f"""
        from pathlib import Path
        from analysis.interrupts import stop_on_terminate
        from analysis.report import build_reports
        with stop_on_terminate():
            build_reports(Path({str(corpus)!r}), Path({str(out)!r}), jobs=1,
                          notebooks=[Path(p) for p in {[str(quick), str(slow), str(later)]!r}])
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert _wait_for(lambda: pid_file.exists() and pid_file.read_text(), 120), "the slow notebook started"
        kernel = int(pid_file.read_text())
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
        assert time.monotonic() - started < 10
    finally:
        proc.kill()
    assert proc.returncode != 0
    assert _wait_for(lambda: _gone(kernel), 5), "the running kernel was stopped"
    assert "not rebuilt: 02_slow.ipynb, 03_later.ipynb" in output
    assert (out / "01_quick.html").is_file()
    assert (out / "02_slow.html").read_text(encoding="utf-8") == "the earlier report"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="01_quick.html"' in index
    assert 'href="02_slow.html"' in index and "interrupted" in index
    assert not list(out.glob(".*.tmp*"))


def test_sigterm_stops_annotate_and_leaves_the_earlier_tables(tmp_path, seed_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = seed_path.read_text(encoding="utf-8")
    for i in range(400):
        (corpus / f"a{i:03d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["annotate", str(corpus / "a000.txt"), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "annotate", str(corpus), "--out",
                             str(out), "--jobs", "2"], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert _wait_for(lambda: list(tmp_path.glob(".out.partial-*")), 60), "the run got going"
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - started < 10
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert "interrupted" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_report_csv_is_written_under_a_temporary_name_then_renamed(tmp_path, monkeypatch):
    from analysis.report import save_data

    save_data(pd.DataFrame({"x": [1]}), "t", tmp_path)
    seen = []
    real = os.replace

    def spy(src, dst):
        seen.append((Path(src).name, Path(dst).name))
        return real(src, dst)

    monkeypatch.setattr(pipeline.os, "replace", spy)
    save_data(pd.DataFrame({"x": [2]}), "t", tmp_path)
    assert len(seen) == 1 and seen[0][1] == "t.csv" and seen[0][0].startswith(".t.csv.tmp")
    assert (tmp_path / "t.csv").read_text() == "x\n2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


@pytest.mark.parametrize(
    "value, written",
    [
        ('=HYPERLINK("http://x.example","click")', '"\'=HYPERLINK(""http://x.example"",""click"")"'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR first", "\"'\rCR first\""),
        ("plain words", "plain words"),
        ("a = b", "a = b"),
        ("", ""),
    ],
)
def test_report_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path, value, written):
    from analysis.report import save_data

    df = pd.DataFrame({"text": [value], "score": [-0.4]})
    assert save_data(df, "cells", tmp_path) is df
    assert df.loc[0, "text"] == value, "the notebook's own table is not changed"
    content = (tmp_path / "cells.csv").read_bytes().decode("utf-8")
    assert content == f"text,score\n{written},-0.4\n"
    back = pd.read_csv(tmp_path / "cells.csv", keep_default_na=False)
    assert len(back) == 1 and back.loc[0, "score"] == -0.4


def test_report_csv_keeps_numbers_numbers_and_neutralises_only_text():
    from analysis.report import spreadsheet_safe

    df = pd.DataFrame({
        "sentiment": [-0.4, 0.25, float("nan")],
        "count": [-3, 0, 7],
        "mixed": [-1.5, "-1.5", None],
        "label": pd.array(["-neg", "pos", None], dtype="string"),
    })
    safe = spreadsheet_safe(df)
    assert safe["sentiment"].tolist()[:2] == [-0.4, 0.25] and safe["sentiment"].dtype == "float64"
    assert safe["count"].tolist() == [-3, 0, 7] and safe["count"].dtype == "int64"
    assert safe["mixed"].tolist() == [-1.5, "'-1.5", None]
    assert safe["label"].tolist()[:2] == ["'-neg", "pos"] and pd.isna(safe["label"].iloc[2])
    assert df["label"].tolist()[0] == "-neg"


def test_report_into_a_folder_of_the_corpus_is_not_read_back(tmp_path, corpus):
    """``report corpus --out corpus/reports``: the reports folder is marked, so the corpus
    still holds one article afterwards and a second run is accepted."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    quick = _notebook(nbs / "01_quick.ipynb", "x = 1")
    out = corpus / "reports"
    for _ in range(2):
        build_reports(corpus, out, jobs=1, notebooks=[quick])
        (out / "01_quick_table.csv").write_text("doc_id,text\nx,not an article\n", encoding="utf-8")
        assert list(load_corpus(corpus)["doc_id"]) == ["a"]
    assert (out / "01_quick.html").is_file()
