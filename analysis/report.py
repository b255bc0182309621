"""Reports: run the notebooks on a corpus and export each as one self-contained HTML file.

Each notebook is executed with papermill (its ``parameters`` cell receives the corpus path),
then exported with nbconvert: input cells hidden, images embedded, and no MathJax or
require.js from a CDN, so the file opens offline and can be sent by e-mail.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .config import NOTEBOOK_DIR, project_path


class NotebookFailed(RuntimeError):
    """A notebook raised while it ran; the message names the notebook and the cell."""


@dataclass
class ReportResult:
    notebook: str
    html: Path
    seconds: float


def save_data(df, name: str, folder: str | Path | None):
    """Write ``df`` as ``folder/name.csv`` when ``folder`` is set (reports pass one); return
    ``df`` unchanged so a notebook can display it in the same line.

    Notebooks call this for the table behind every chart and table they show, so readers of a
    report get the data beside it.
    """
    if folder:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        df.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    return df


def report_notebooks(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered analysis notebooks in reading order (``01_*.ipynb`` ...)."""
    return sorted(p for p in Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(notebook: Path, output: Path, *, parameters: dict | None = None,
                     timeout: int = 600) -> Path:
    """Run ``notebook`` top to bottom on a fresh kernel with papermill; write ``output``.

    Raises :class:`NotebookFailed` naming the notebook and the failing cell.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(
            str(notebook), str(output), parameters=parameters or {}, cwd=str(notebook.parent),
            kernel_name="python3", progress_bar=False, request_save_on_cell_execute=False,
            execution_timeout=timeout,
        )
    except PapermillExecutionError as exc:
        raise NotebookFailed(
            f"{notebook.name}: cell {exc.exec_count} failed with {exc.ename}: {exc.evalue}"
        ) from exc
    return output


def export_html(executed: Path, html: Path) -> Path:
    """Export an executed notebook to a single HTML file that makes no outside requests."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(executed), as_version=4)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True, mathjax_url="", require_js_url="",
    )
    body, _ = exporter.from_notebook_node(nb)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    return html


def build_reports(corpus: str | Path, out: str | Path, *, notebooks: list[Path] | None = None,
                  log=print) -> list[ReportResult]:
    """Execute every analysis notebook on ``corpus`` and write ``out/NN_name.html``.

    Executed notebooks are kept in ``out/executed/``. A failing notebook stops the run with
    :class:`NotebookFailed`; the reports already written stay as they are.
    """
    corpus_path = project_path(corpus).resolve()
    if not corpus_path.exists():
        raise FileNotFoundError(f"corpus not found: {corpus}")
    out = Path(out)
    results = []
    todo = notebooks if notebooks is not None else report_notebooks()
    for i, nb in enumerate(todo, start=1):
        t0 = time.perf_counter()
        log(f"[{i}/{len(todo)}] {nb.name} ...", flush=True)
        executed = execute_notebook(nb, out / "executed" / nb.name,
                                    parameters={"CORPUS": str(corpus_path),
                                                "TABLES_DIR": str((out / "data").resolve())})
        html = export_html(executed, out / f"{nb.stem}.html")
        seconds = time.perf_counter() - t0
        log(f"[{i}/{len(todo)}] {nb.name} -> {html} ({seconds:.1f} s)", flush=True)
        results.append(ReportResult(nb.name, html, seconds))
    return results


if __name__ == "__main__":  # pragma: no cover
    build_reports(sys.argv[1], sys.argv[2])
