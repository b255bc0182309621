"""Reports (export, index, the failure path), teaching copies and the article picker."""
from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.load import OUTPUT_MARKER
from analysis.report import (NotebookFailed, build_reports, export_html, find_outside_requests,
                             summarize_corpus)
from analysis.teaching import CODE_PLACEHOLDER, MARKDOWN_PLACEHOLDER, make_student_copy, \
    write_teaching_copies
from analysis.widgets import pick_article

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4a50000000049454e44ae426082"
)).decode()


@pytest.mark.parametrize("markup, expected", [
    ('<img src="https://example.org/a.png">', ["https://example.org/a.png"]),
    ("<script src='//cdn.example.org/require.js'></script>", ["//cdn.example.org/require.js"]),
    ('<link rel="stylesheet" href="http://fonts.example.org/x.css">', ["http://fonts.example.org/x.css"]),
    ("<style>@import 'https://example.org/a.css'; b { background: url(http://e.org/i.png) }</style>",
     ["http://e.org/i.png", "https://example.org/a.css"]),
    ('<a href="https://example.org/paper">a plain link is not a request</a>', []),
    ('<img src="data:image/png;base64,AAAA"> <img src="figure.png">', []),
    ("<p>see https://example.org in the text</p>", []),
    ('<script type="module">await import("https://cdn.example.org/m.mjs")</script>',
     ["https://cdn.example.org/m.mjs"]),
])
def test_find_outside_requests(markup, expected):
    assert find_outside_requests(markup) == expected


def test_summarize_corpus_counts_articles_and_sentences_by_status():
    articles = pd.DataFrame({"doc_id": ["a", "b", "c", "d"],
                             "status": ["empty", "ok", "ok", "error"]})
    sentences = pd.DataFrame({"doc_id": ["b", "b", "b", "c"], "sent_id": [1, 2, 3, 1]})
    summary = summarize_corpus(articles, sentences=sentences)
    assert summary[["status", "articles", "sentences"]].values.tolist() == [
        ["ok", 2, 4], ["empty", 1, 0], ["error", 1, 0]]
    assert summary["meaning"].str.len().gt(0).all()


def executed_notebook(tmp_path):
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {},
                              "version_major": 2, "version_minor": 0}}
    code = new_code_cell("secret_input_code = 1", execution_count=1)
    code.outputs = [
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        new_output("display_data", data={"application/vnd.jupyter.widget-view+json":
                                         {"model_id": "x", "version_major": 2, "version_minor": 0},
                                         "text/plain": "VBox(children=...)"}),
        new_output("execute_result", data={"text/html": "<b>table &lt;script&gt;</b>"},
                   execution_count=1),
    ]
    nb.cells = [new_markdown_cell("# A report title\n\nSome text, $x^2$."), code]
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_export_html_is_self_contained(tmp_path):
    html = export_html(executed_notebook(tmp_path), tmp_path / "out" / "report.html").read_text()
    assert find_outside_requests(html) == []
    assert 'src=""' not in html and "require.min.js" not in html and "cdnjs" not in html
    assert "embed-amd.js" not in html and "VBox(children" not in html
    assert "secret_input_code" not in html          # input cells hidden
    assert "data:image/png;base64," in html         # images embedded
    assert "<title>A report title</title>" in html
    assert "table &lt;script&gt;" in html


def tiny_notebook(path, *body):
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    params = new_code_cell('CORPUS = "data/raw"\nDOC_ID = None\nTABLES_DIR = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell(f"# {path.stem} title"), params, *map(new_code_cell, body)]
    nbformat.write(nb, str(path))
    return path


@pytest.mark.notebook
def test_failing_notebook_stops_the_report_and_names_notebook_and_cell(tmp_path):
    """One notebook at a time: the notebooks after the failing one do not run."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("A first sentence. A second one.\n", encoding="utf-8")
    (corpus / "two.txt").write_text("", encoding="utf-8")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    good = tiny_notebook(nbs / "01_good.ipynb",
                         "import pandas as pd\nfrom analysis.report import save_data\n"
                         "save_data(pd.DataFrame({'x': [1, 2]}), '01_numbers', TABLES_DIR)")
    broken = tiny_notebook(nbs / "02_broken.ipynb", "x = 1", "raise ValueError('deliberately broken')",
                           "y = 2")
    after = tiny_notebook(nbs / "03_after.ipynb", "z = 3")
    out = tmp_path / "reports"
    out.mkdir()
    (out / OUTPUT_MARKER).write_text("", encoding="utf-8")  # written by an earlier run
    (out / "02_broken.html").write_text("stale", encoding="utf-8")
    (out / "03_after.html").write_text("an earlier report", encoding="utf-8")
    lines = []
    with pytest.raises(NotebookFailed) as err:
        build_reports(corpus, out, notebooks=[good, broken, after], jobs=1,
                      log=lambda *a, **k: lines.append(" ".join(map(str, a))))
    message = str(err.value)
    assert "02_broken.ipynb" in message and "cell 4" in message
    assert "deliberately broken" in message and "ValueError" in message
    assert (out / "01_good.html").exists()
    assert (out / "data" / "01_numbers.csv").read_text() == "x\n1\n2\n"
    assert not (out / "02_broken.html").exists()
    assert (out / "03_after.html").read_text() == "an earlier report"
    index = (out / "index.html").read_text()
    assert 'href="01_good.html"' in index and "02_broken title" in index and "failed" in index
    assert "03_after.ipynb: not run" in index and 'href="data/01_numbers.csv"' in index
    assert "2 articles" in index and "2 sentences" in index
    assert [line.split(" ", 1)[0] for line in lines] == ["[1/3]", "[1/3]", "[2/3]", "[2/3]"]
    assert "FAILED" in lines[-1]


@pytest.mark.notebook
def test_failing_notebook_in_a_parallel_run(tmp_path):
    """Two at a time: the failure is still named, and the reports that ran are kept."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("One sentence.\n", encoding="utf-8")
    broken = tiny_notebook(tmp_path / "01_broken.ipynb", "raise KeyError('no such column')")
    good = tiny_notebook(tmp_path / "02_good.ipynb", "x = 1")
    out = tmp_path / "reports"
    with pytest.raises(NotebookFailed, match=r"01_broken.ipynb: cell 3 .*KeyError"):
        build_reports(corpus, out, notebooks=[broken, good], jobs=2, log=lambda *a, **k: None)
    assert (out / "02_good.html").exists()
    assert 'href="02_good.html"' in (out / "index.html").read_text()


@pytest.mark.parametrize("jobs", [0, -1, 1.5])
def test_build_reports_rejects_bad_jobs(tmp_path, jobs):
    with pytest.raises(ValueError, match="jobs"):
        build_reports(tmp_path, tmp_path / "out", notebooks=[], jobs=jobs)


def solution_notebook(path):
    nb = new_notebook(metadata={"kernelspec": KERNELSPEC})
    code_solution = new_code_cell("answer = 42", execution_count=3)
    code_solution.metadata["tags"] = ["solution"]
    code_solution.outputs = [new_output("execute_result", data={"text/plain": "42"},
                                        execution_count=3)]
    md_solution = new_markdown_cell("The answer is *42*.")
    md_solution.metadata["tags"] = ["solution"]
    exercise = new_markdown_cell("## Your turn\n\nWhat is the answer?")
    kept = new_code_cell("question = 'kept'")
    kept.metadata["tags"] = ["parameters"]
    nb.cells = [exercise, kept, code_solution, md_solution]
    nbformat.write(nb, str(path))
    return nb


@pytest.mark.parametrize("index, source", [
    (0, "## Your turn\n\nWhat is the answer?"),
    (1, "question = 'kept'"),
    (2, CODE_PLACEHOLDER),
    (3, MARKDOWN_PLACEHOLDER),
])
def test_student_copy_empties_solution_cells(tmp_path, index, source):
    student = make_student_copy(solution_notebook(tmp_path / "01_x.ipynb"))
    assert student.cells[index].source == source
    assert all(not c.get("outputs") for c in student.cells)


def test_write_teaching_copies(tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    solution_notebook(nbs / "01_x.ipynb")
    (nbs / "scratch.ipynb").write_text("not numbered: not copied")
    written = write_teaching_copies(nbs, student=tmp_path / "student", teacher=tmp_path / "teacher")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "student/01_x.ipynb", "teacher/01_x.ipynb"]
    student = nbformat.read(str(tmp_path / "student" / "01_x.ipynb"), as_version=4)
    teacher = nbformat.read(str(tmp_path / "teacher" / "01_x.ipynb"), as_version=4)
    assert "answer = 42" not in nbformat.writes(student)
    assert teacher.cells[2].source == "answer = 42" and teacher.cells[2].outputs == []
    nbformat.validate(student)
    with pytest.raises(FileNotFoundError, match="no numbered notebooks"):
        write_teaching_copies(tmp_path / "student" / "missing")


def picker_tables():
    articles = pd.DataFrame({"doc_id": ["a", "b"], "title": ["First", None],
                             "text": ["Hello there.", "Second text."], "status": ["ok", "ok"]})
    return {"articles": articles}


@pytest.mark.parametrize("interactive, kind", [(False, "ReadingView"), (True, "VBox")])
def test_pick_article_works_with_and_without_widgets(interactive, kind):
    shown = pick_article(picker_tables(), doc_id="b", interactive=interactive)
    assert type(shown).__name__ == kind
    if kind == "ReadingView":
        assert "Second text." in shown.html
    else:
        assert shown.children[0].value == "b"
        assert [o[1] for o in shown.children[0].options] == ["a", "b"]


def test_pick_article_is_static_when_headless(monkeypatch):
    monkeypatch.setenv("MEDIA_ANALYSIS_HEADLESS", "1")
    assert type(pick_article(picker_tables())).__name__ == "ReadingView"


def test_reports_with_a_relative_output_folder(tmp_path, monkeypatch):
    """`make report` passes a relative folder ("reports"); papermill runs notebooks from their
    own folder, which must not change where the reports land or the caller's directory."""
    from analysis.report import build_reports

    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("CORPUS = None\nTABLES_DIR = None",
                                                                      metadata={"tags": ["parameters"]}),
                                             nbformat.v4.new_code_cell("print('hello')")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, nb_dir / name)
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("Protesters marched. Police watched.")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    build_reports(corpus, "reports", notebooks=sorted(nb_dir.glob("*.ipynb")), jobs=2, log=lambda *a, **k: None)
    assert sorted(p.name for p in (work / "reports").glob("*.html")) == ["01_a.html", "02_b.html", "index.html"]
    assert Path.cwd() == work


def test_cells_for_notebook_users_are_left_out_of_reports(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Title"),
                             new_markdown_cell("## Imports", metadata={"tags": ["report-hide"]}),
                             new_markdown_cell("## Method"),
                             new_markdown_cell("Findings for the reader.")])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    page = export_html(path, tmp_path / "nb.html").read_text(encoding="utf-8")
    assert "Findings for the reader." in page
    assert ">Imports<" not in page and ">Method<" in page
