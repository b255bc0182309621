"""Every notebook runs on every corpus shape and says in words what is empty and why.

The corpora (``corpus_shapes.py``) are written for these tests: no frame cue, one sentence,
no quotes and no actors, non-English only, only broken files, one article, a few hundred
mixed articles. To keep the run short, each notebook runs once on a fresh kernel, with all
shapes one after the other: the cells of the notebook are repeated per shape, each run
starting with the namespace cleared (``%reset``) and the shape's parameters set, and executed
with :func:`analysis.report.execute_notebook` as reports and ``test_notebooks.py`` do.
"""
from __future__ import annotations

import re

import nbformat
import pytest

from analysis.config import NOTEBOOK_DIR
from analysis.report import NotebookFailed, execute_notebook
from corpus_shapes import SHAPES, write_shape

pytestmark = pytest.mark.notebook

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
SHAPE_TAG = "corpus-shape"

NO_DOCUMENT = "No readable document"
# (shape, notebook number, phrases the outputs must hold, phrases they must not hold)
EXPECTATIONS = [
    *[("broken_only", nb.name[:2], [NO_DOCUMENT], []) for nb in NOTEBOOKS],
    ("broken_only", "01", ["Nothing to show: there is no readable document in this corpus"], []),
    ("broken_only", "04", ["Nothing to show: there is no readable document in this corpus"], []),
    ("no_frame_cue", "04", ["no frame cue of the codebook was found in <code>bakery</code>"],
     [NO_DOCUMENT]),
    ("no_frame_cue", "06", ["no frame cue of the codebook was found in the analysed articles"], []),
    ("one_sentence", "01", ["1 sentences in 1 paragraphs"], [NO_DOCUMENT]),
    ("one_sentence", "04", ["no frame cue of the codebook was found in <code>council</code>"], []),
    ("no_quotes_no_actors", "03",
     ["no person, organisation or place was recognised in <code>rain</code>"], ["Traceback"]),
    ("no_quotes_no_actors", "06", ["no person, organisation or place was recognised"], []),
    ("one_article", "03", ["discovered, ", "The draft has", "With the edited codebook"], []),
    ("no_quotes_no_actors", "05",
     ["no quotation, scare quote or paraphrase was found in <code>rain</code>"], []),
    ("non_english", "02", ["Nothing to score", "is not in English (language: de)"], []),
    ("non_english", "04", ["is not in English (language: de)"], []),
    # the Russian article is analysed by its pack; the German one has sentences only
    ("non_english", "06", ["**1** of 2 documents are analysed"], [NO_DOCUMENT, "No article to analyse"]),
    ("non_english", "08", ["Nothing to compare", "no analysed English article"], [NO_DOCUMENT]),
    ("two_languages", "06", ["**2** of 2 documents are analysed", "Утренний вестник"], []),
    ("two_languages", "07", ["Drawing <code>strike</code>"], ["Nothing to show"]),
    ("two_languages", "08", ["Comparing <code>strike</code> (English) with <code>strike&#95;ru</code>",
                             "Анна Петрова | Петрову | Петрова", "Мы больше не боимся"], ["Nothing to compare"]),
    ("one_article", "02", ["most negative"], ["Nothing to show", "Nothing to score"]),
    ("one_article", "04", ["Article <code>strike</code>"], ["no frame cue of the codebook"]),
    ("one_article", "05", ["<code>strike</code>"], ["no quotation, scare quote"]),
    ("one_article", "07", ["Drawing <code>strike</code>"], ["Nothing to show"]),
    ("mixed", "00", ["**241** document(s)", "readable"], []),
    ("mixed", "06", ["documents are analysed"], ["No article to analyse"]),
]


def _combined(notebook, runs: dict[str, dict]) -> nbformat.NotebookNode:
    """``notebook``'s cells once per shape, each run after a cell that clears the namespace
    and sets the shape's parameters (the ``parameters`` cell itself is left out)."""
    nb = nbformat.read(str(notebook), as_version=4)
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    for shape, params in runs.items():
        setup = "\n".join(["get_ipython().run_line_magic('reset', '-f')",
                           "import matplotlib.pyplot as _plt", "_plt.close('all')",
                           *(f"{k} = {v!r}" for k, v in params.items()), "DOC_ID = None"])
        cell = nbformat.v4.new_code_cell(setup)
        cell.metadata[SHAPE_TAG] = shape
        out.cells.append(cell)
        for i, original in enumerate(nb.cells, start=1):
            if "parameters" in original.metadata.get("tags", []):
                continue
            copy = nbformat.from_dict(dict(original))
            copy.id = f"{shape}-{i}"
            copy.metadata = {**original.metadata, SHAPE_TAG: shape, "source-cell": i}
            out.cells.append(copy)
    return out


def _text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        for mime in ("text/markdown", "text/html", "text/plain"):
            value = output.get("data", {}).get(mime)
            if value:
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes")
    return {shape: write_shape(shape, root / shape) for shape in SHAPES}


def test_every_shape_is_described_and_expected():
    assert {row[0] for row in EXPECTATIONS} == set(SHAPES)
    assert {row[1] for row in EXPECTATIONS} <= {nb.name[:2] for nb in NOTEBOOKS}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_every_corpus_shape(notebook, corpora, tmp_path):
    runs = {shape: {"CORPUS": str(folder), "TABLES_DIR": str(tmp_path / "data" / shape)}
            for shape, folder in corpora.items()}
    source = tmp_path / notebook.name
    nbformat.write(_combined(notebook, runs), str(source))
    executed = tmp_path / "executed" / notebook.name
    try:
        execute_notebook(source, executed, parameters={})
    except NotebookFailed as exc:
        done = nbformat.read(str(executed), as_version=4)
        failed = next((c for c in done.cells if any(o.get("output_type") == "error"
                                                    for o in c.get("outputs", []))), None)
        where = (f"shape {failed.metadata.get(SHAPE_TAG)!r}, cell {failed.metadata.get('source-cell')} "
                 f"of {notebook.name}") if failed is not None else notebook.name
        pytest.fail(f"{where} failed: {exc}")
    done = nbformat.read(str(executed), as_version=4)
    text = {shape: "\n".join(_text(c) for c in done.cells if c.metadata.get(SHAPE_TAG) == shape)
            for shape in runs}
    for shape, number, present, absent in EXPECTATIONS:
        if number != notebook.name[:2]:
            continue
        for phrase in present:
            assert phrase in text[shape], f"{notebook.name} on {shape}: no {phrase!r}"
        for phrase in absent:
            assert phrase not in text[shape], f"{notebook.name} on {shape}: {phrase!r}"
    for shape, shown in text.items():
        assert "Traceback" not in shown, f"{notebook.name} on {shape} shows a traceback"
        # a note on nothing found always names its reason
        assert not re.search(r"Nothing to show: *\.", shown), (notebook.name, shape)
