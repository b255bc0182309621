"""Every numbered notebook runs top to bottom on a fresh kernel and is committed clean."""
import json
import re

import pytest

from analysis.config import NOTEBOOK_DIR, RAW_DIR
from analysis.report import execute_notebook, report_notebooks

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds the numbered notebooks"
    assert report_notebooks() == NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, \
                f"{path.name}: clear the outputs before committing"
    src = "\n".join("".join(c["source"]) for c in nb["cells"])
    assert "nltk.download" not in src and "download_corpora" not in src and "!pip" not in src


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("00_")],
                         ids=lambda p: p.stem)
def test_notebook_has_a_parameters_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: one cell tagged 'parameters'"
    assert "CORPUS" in "".join(tagged[0]["source"])


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, tmp_path):
    params = {"TABLES_DIR": str(tmp_path / "data")}
    if not path.name.startswith("00_"):
        params["CORPUS"] = str(RAW_DIR)
    execute_notebook(path, tmp_path / path.name, parameters=params)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_shows_article_text_only_through_render(path):
    """One rendering path for untrusted text: no local escaping helper, no bare ``html.escape``
    and no Markdown string built from a table cell without ``analysis.render``."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "def quote(" not in code and "html.escape" not in code
    fields = "text|sentence|surface|title|outlet|name|cue|left|right|speaker|message"
    bare = re.compile(r"\{(?:doc_id|\w+\[['\"](?:%s)['\"]\](?:\.iloc\[0\])?|\w+\.(?:%s))\}" % (fields, fields))
    for line in code.splitlines():
        assert not bare.search(line), f"{path.name}: corpus text put into a string bare: {line.strip()}"
