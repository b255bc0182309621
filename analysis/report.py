"""Reports: run the notebooks on a corpus and export each as one self-contained HTML file.

Each notebook is executed with papermill (its ``parameters`` cell receives the corpus path),
then exported with nbconvert: input cells hidden, images embedded, and no MathJax or
require.js from a CDN, so the file opens offline and can be sent by e-mail.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
import weakref
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import interrupts
from .config import NOTEBOOK_DIR, project_path
from .render import find_active_content, sanitize_fragment, sanitize_page, template_blocks

HEADLESS_ENV = "MEDIA_ANALYSIS_HEADLESS"
"""Set to ``1`` in the kernels that reports and tests start: there is no widget front end."""
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class NotebookFailed(RuntimeError):
    """A notebook raised while it ran; the message names the notebook and the cell."""


class OutputRefused(ValueError):
    """``out`` cannot take the reports: a file, a folder holding files that :func:`build_reports`
    did not write (unless ``force``; never inside the corpus), or the corpus folder itself."""


@dataclass
class ReportResult:
    notebook: str
    html: Path | None
    seconds: float
    status: str = "ok"
    title: str = ""
    message: str = ""


def save_data(df, name: str, folder: str | Path | None):
    """Write ``df`` as ``folder/name.csv`` when ``folder`` is set (reports pass one); return
    ``df`` unchanged so a notebook can display it in the same line.

    Notebooks call this for the table behind every chart and table they show, so readers of a
    report get the data beside it. These files are made for people who open them in a
    spreadsheet: a text cell that a spreadsheet would run as a formula (it starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe
    (``'=HYPERLINK(...)``); numbers, negative ones included, are written as numbers. The file
    is written to a temporary name and renamed, so a reader never sees half a file.
    """
    if folder:
        from .pipeline import write_csv

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        write_csv(spreadsheet_safe(df), folder / f"{name}.csv")
    return df


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV injection")."""


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that starts like a formula (:data:`FORMULA_STARTS`) given a
    leading apostrophe, which spreadsheets show as text. Only text is changed: numeric columns
    (sentiment scores such as -0.4) and numbers in mixed columns stay as they are. The index is
    not written by :func:`save_data` and is left alone."""
    out = None
    for col in df.columns:
        values = df[col]
        if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
            continue
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).astype(bool)
        if risky.any():
            if out is None:
                out = df.copy()
            out[col] = values.where(~risky, "'" + values.astype("object").where(risky, ""))
    if out is None:
        out = df
    if any(isinstance(c, str) and c.startswith(FORMULA_STARTS) for c in out.columns):
        out = out.rename(columns=lambda c: "'" + c if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c)
    return out


def report_notebooks(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered analysis notebooks in reading order (``01_*.ipynb`` ...)."""
    return sorted(p for p in Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))


def execute_notebook(notebook: Path, output: Path, *, parameters: dict | None = None,
                     timeout: int = 600) -> Path:
    """Run ``notebook`` top to bottom on a fresh kernel with papermill; write ``output``.

    The kernel runs with ``MEDIA_ANALYSIS_HEADLESS=1`` (no widget front end). Raises
    :class:`NotebookFailed` naming the notebook, the failing cell (its number in the notebook
    as written, counting from 1, and its first line) and the executed copy with the traceback.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # papermill changes the working directory to the notebook's folder while it runs (and
    # writes ``output`` from there), so every path is made absolute first.
    notebook, output = Path(notebook).resolve(), Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get(HEADLESS_ENV)
    os.environ[HEADLESS_ENV] = "1"
    try:
        pm.execute_notebook(
            str(notebook), str(output), parameters=parameters or {}, cwd=str(notebook.parent),
            kernel_name="python3", progress_bar=False, request_save_on_cell_execute=False,
            execution_timeout=timeout, kernel_manager_class=_kernel_manager_class(),
            # the kernel's own start-up and shutdown chatter is not for report readers
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        number = _source_cell_number(output, exc.cell_index)
        first = next((line for line in (exc.source or "").splitlines() if line.strip()), "")
        raise NotebookFailed(
            f"{notebook.name}: cell {number} ({first.strip()[:60]!r}) failed with "
            f"{exc.ename}: {exc.evalue} (traceback in {output})"
        ) from exc
    finally:
        if previous is None:
            os.environ.pop(HEADLESS_ENV, None)
        else:
            os.environ[HEADLESS_ENV] = previous
    return output


def _source_cell_number(executed: Path, cell_index: int) -> int:
    """1-based number of the failing cell in the notebook as written (papermill's injected
    parameters cell does not count)."""
    try:
        import nbformat

        def tags(cell):
            return cell.get("metadata", {}).get("tags", [])

        # papermill adds Markdown notes tagged papermill-error-cell-tag; they do not count
        cells = [c for c in nbformat.read(str(executed), as_version=4).cells
                 if "papermill-error-cell-tag" not in tags(c)][:cell_index]
        injected = sum("injected-parameters" in tags(c) for c in cells)
    except Exception:  # the executed copy could not be read; count as papermill does
        injected = 0
    return cell_index + 1 - injected


REPORT_HIDE_TAG = "report-hide"
"""Cells with this tag are left out of the HTML reports (they speak to notebook users)."""


def export_html(executed: Path, html: Path, *, title: str | None = None) -> Path:
    """Export an executed notebook to a single HTML file that makes no outside requests.

    Input cells are hidden, images embedded, MathJax and require.js left out, and widget state
    and widget views (which would load their code from a CDN) removed. Article text is
    escaped by the notebooks (:mod:`analysis.render`); as a second wall every output is cleaned
    (HTML and rendered Markdown through ``nh3``, no JavaScript output) and the page keeps no
    script but the template's own, no ``on*=`` attribute and no ``javascript:``/``data:`` URL
    but embedded pictures. The file is written atomically. A warning lists any outside address
    the page would still load.
    """
    import nbformat

    nb = nbformat.read(str(executed), as_version=4)
    nb.metadata.pop("widgets", None)
    # cells for notebook users only (how to set the parameters, the imports) are left out
    nb.cells = [c for c in nb.cells if REPORT_HIDE_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [_clean_output(o) for o in cell.outputs
                            if WIDGET_MIME not in o.get("data", {})]
    title = title or notebook_title(nb) or Path(executed).stem
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    # the second wall: only the page template's own scripts, no handler or script URL
    body = sanitize_page(_EMPTY_SCRIPT.sub("", body), template=_template_blocks())
    active = find_active_content(body, template=_template_blocks())
    if active:  # pragma: no cover - sanitize_page removes all of these
        warnings.warn(f"{html.name} still holds active content: {active[:5]}", stacklevel=2)
    outside = find_outside_requests(body)
    if outside:
        warnings.warn(f"{html.name} would load from outside hosts: {outside[:5]}", stacklevel=2)
    _write_atomic(Path(html), body)
    return Path(html)


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True, mathjax_url="", require_js_url="",
        mermaid_js_url="", mermaid_layout_elk_js_url="",  # loaded only for diagrams; none here
    )


_SCRIPT_MIMES = ("application/javascript", "text/javascript", "application/x-javascript")


def _clean_output(output):
    """A notebook output as a report may show it: no JavaScript output, HTML cleaned with
    :func:`analysis.render.sanitize_fragment`, Markdown rendered as nbconvert renders it and
    then cleaned the same way (a Markdown link to ``javascript:`` has no other wall)."""
    data = output.get("data")
    if not data:
        return output
    for mime in _SCRIPT_MIMES:
        data.pop(mime, None)
    if "text/markdown" in data:
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        markdown = data.pop("text/markdown")
        markdown = "".join(markdown) if isinstance(markdown, list) else str(markdown)
        data["text/html"] = markdown2html_mistune(markdown)
    if "text/html" in data:
        fragment = data["text/html"]
        fragment = "".join(fragment) if isinstance(fragment, list) else str(fragment)
        data["text/html"] = sanitize_fragment(fragment)
    if "image/svg+xml" in data:  # a picture may carry script; the PNG beside it does not
        svg = data["image/svg+xml"]
        svg = "".join(svg) if isinstance(svg, list) else str(svg)
        if find_active_content(svg) or re.search(r"<script|<foreignObject", svg, re.I):
            data.pop("image/svg+xml")
    return output


@functools.lru_cache(maxsize=1)
def _template_blocks() -> frozenset:
    """The scripts and style sheets of the report template (an export of an empty notebook)."""
    import nbformat

    body, _ = _exporter().from_notebook_node(nbformat.v4.new_notebook(),
                                             resources={"metadata": {"name": "x"}})
    return frozenset(template_blocks(_EMPTY_SCRIPT.sub("", body)))


_EMPTY_SCRIPT = re.compile(r"""<script\s+src=(?:""|'')\s*>\s*</script>""", re.I)
_REQUEST = re.compile(
    r"""(?:\b(?:src|srcset|poster|data|action|formaction)\s*=\s*["']?\s*"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?\s*"""
    r"""|\bimport\(\s*["'`]\s*)"""
    r"""((?:https?:)?//[^\s"'<>)]+)""",
    re.I,
)


def find_outside_requests(markup: str) -> list[str]:
    """Addresses on other hosts that a browser would fetch when it opens ``markup``:
    ``src``/``srcset``/``data`` attributes, ``<link href>``, CSS ``url()`` and ``@import``,
    and JavaScript ``import("...")``.
    Plain links (``<a href>``) are not requests and are not listed."""
    return sorted(set(_REQUEST.findall(markup)))


def notebook_title(nb) -> str:
    """The first Markdown heading of a notebook, without the ``#`` marks ('' when none)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.lstrip().startswith("#"):
                    return line.lstrip("# ").strip()
    return ""


def summarize_corpus(articles: pd.DataFrame, *, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles per status, for a first look at a corpus.

    Columns: ``status``, ``meaning``, ``articles``, ``sentences`` (sentences of those articles;
    only ``ok`` articles are split). One row per status present, ``ok`` first.
    """
    from .load import STATUSES

    counts = articles["status"].value_counts() if len(articles) else pd.Series(dtype="int64")
    per_doc = (sentences.groupby("doc_id").size() if sentences is not None and len(sentences)
               else pd.Series(dtype="int64"))
    rows = []
    for status in sorted(counts.index, key=lambda s: (s != "ok", str(s))):
        docs = articles.loc[articles["status"] == status, "doc_id"]
        rows.append((status, STATUSES.get(status, ""), int(counts[status]),
                     int(per_doc.reindex(docs).fillna(0).sum())))
    return pd.DataFrame(rows, columns=["status", "meaning", "articles", "sentences"]).astype(
        {"articles": "int64", "sentences": "int64"})


def _shown_path(path) -> str:
    """``path`` as a reader of the report should see it: relative to the project when it is
    inside it, else just its name (reports are sent to others; machine paths mean nothing there)."""
    from .config import PROJECT_ROOT

    path = Path(path).resolve()
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.name


def write_index(out: str | Path, results: list[ReportResult], *, summary: pd.DataFrame,
                corpus: str, pending: list[str] = (),
                pending_reason: str = "an earlier notebook failed",
                figures: pd.DataFrame | None = None) -> Path:
    """Write ``out/index.html``, the landing page (:func:`analysis.dashboard.write_dashboard`):
    the corpus in figures (``figures``, :func:`analysis.dashboard.corpus_figures`; else from
    ``summary``), then one card per report with its finding, a thumbnail of its first chart
    and its CSV files; failed and pending reports say so."""
    from .dashboard import write_dashboard

    return write_dashboard(out, results, summary=summary, corpus=corpus, figures=figures,
                           pending=pending, pending_reason=pending_reason)


def _write_atomic(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def check_output(out: str | Path, corpus: str | Path, *, force: bool = False) -> Path:
    """Refuse an ``out`` folder that cannot take the reports (raise :class:`OutputRefused`): a
    file; the corpus folder or one that holds the corpus; a non-empty folder without the
    marker file that :func:`build_reports` leaves in its folders
    (:data:`analysis.load.OUTPUT_MARKER`), unless ``force`` (never inside the corpus: the
    marker would hide the files already there from the next run). A new, empty or marked
    folder inside the corpus is accepted: the corpus reader skips marked folders, so the next
    run does not read the reports as articles. Returns ``out`` resolved."""
    from .load import OUTPUT_MARKER

    shown, out = out, Path(out).resolve()
    corpus = project_path(corpus).resolve()
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"--out {shown} is a file; give a folder for the reports")
    if out == corpus or corpus.is_relative_to(out):
        raise OutputRefused(f"--out {shown} is the corpus folder or holds it; the next run "
                            "would read the reports as articles: give a folder outside the corpus")
    inside = corpus.is_dir() and out.is_relative_to(corpus)
    if out.is_dir() and (inside or not force) and not (out / OUTPUT_MARKER).exists():
        others = sorted(p.name for p in out.iterdir())
        if others:
            listed = f"{', '.join(others[:3])}{', ...' if len(others) > 3 else ''}"
            if inside:
                raise OutputRefused(
                    f"--out {shown} is inside the corpus folder and holds files this command "
                    f"did not write ({listed}); they are part of the corpus: give a new or "
                    "empty folder")
            raise OutputRefused(
                f"--out {shown} holds files this command did not write ({listed}); "
                "give a new or empty folder, or --force")
    return out


_KERNELS: "weakref.WeakSet" = weakref.WeakSet()
"""The kernel managers of the notebooks running now (see :func:`_kill_kernels`)."""


@functools.lru_cache(maxsize=1)
def _kernel_manager_class():
    """A kernel manager that registers itself in :data:`_KERNELS`, so an interrupted run can
    stop its kernels (they run in their own session: Ctrl-C does not reach them)."""
    from jupyter_client.manager import AsyncKernelManager

    class TrackedKernelManager(AsyncKernelManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            _KERNELS.add(self)

    return TrackedKernelManager


def _kill_kernels() -> int:
    """Kill the process group of every running kernel; return how many were killed."""
    import signal

    killed = 0
    for km in list(_KERNELS):
        pid = getattr(getattr(km, "provisioner", None), "pid", None)
        if not pid:
            continue
        try:
            os.killpg(pid, signal.SIGKILL)
            killed += 1
        except (ProcessLookupError, PermissionError, OSError):
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
    return killed


def build_reports(corpus: str | Path, out: str | Path, *, notebooks: list[Path] | None = None,
                  jobs: int = 2, log=print, force: bool = False,
                  encoding: str | None = None) -> list[ReportResult]:
    """Execute every analysis notebook on ``corpus`` and write ``out/NN_name.html``.

    Also writes ``out/index.html`` (the landing page, :mod:`analysis.dashboard`) and, through the notebooks'
    ``save_data`` calls, the CSV behind every chart and table in ``out/data/``. Executed
    notebooks are kept in ``out/executed/``. ``jobs`` notebooks run at the same time (each in
    its own kernel; the notebooks do not depend on each other). One progress line per notebook
    goes to ``log`` when it starts and when it ends. ``encoding`` forces the encoding of every
    corpus file (default: detected), in the notebooks too.

    ``out`` is checked first (:func:`check_output`: not a file, not the corpus, and
    empty or written by this function before, unless ``force``) and marked as written by it.

    A failing notebook stops the run: no further notebook starts, those already running finish,
    and :class:`NotebookFailed` is raised naming the notebook and the cell. The index then marks
    it as failed, its stale report (if any) is removed, and the other reports stay as they are.
    Ctrl-C (``KeyboardInterrupt``; the command line turns SIGTERM into one) kills the running
    kernels at once; the reports finished so far are kept, the others keep their previous
    version, the index says which were not rebuilt, the same is logged, and the interrupt is
    raised again.
    """
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    import nbformat

    from .load import ENCODING_ENV, OUTPUT_MARKER, check_encoding, load_corpus
    from .segment import split_sentences

    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    corpus_path = project_path(corpus).resolve()
    if not corpus_path.exists():
        raise FileNotFoundError(f"corpus not found: {corpus}")
    encoding = check_encoding(encoding)
    out = check_output(out, corpus_path, force=force)
    out.mkdir(parents=True, exist_ok=True)
    _write_atomic(out / OUTPUT_MARKER, "Reports written by python -m analysis report; the "
                                       "command may replace the files in this folder.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the notebooks show the loading warnings themselves
        articles = load_corpus(corpus_path, encoding=encoding)
    sentences = split_sentences(articles)
    summary = summarize_corpus(articles, sentences=sentences)
    from .dashboard import corpus_figures

    figures = corpus_figures(articles, sentences)
    todo = [Path(nb) for nb in (notebooks if notebooks is not None else report_notebooks())]
    n = len(todo)
    parameters = {"CORPUS": str(corpus_path), "TABLES_DIR": str((out / "data").resolve())}
    stop = threading.Event()
    interrupted = threading.Event()
    lock = threading.Lock()

    def run(i: int, nb: Path) -> ReportResult:
        title = notebook_title(nbformat.read(str(nb), as_version=4)) or nb.stem
        if stop.is_set():
            return ReportResult(nb.name, None, 0.0, "not run", title)
        t0 = time.perf_counter()
        with lock:
            log(f"[{i}/{n}] {nb.name}: {title} ...", flush=True)
        html = out / f"{nb.stem}.html"
        try:
            executed = execute_notebook(nb, out / "executed" / nb.name, parameters=parameters)
        except Exception as exc:
            if interrupted.is_set():  # its kernel was killed: the previous report stays
                return ReportResult(nb.name, None, time.perf_counter() - t0, "not run", title)
            if not isinstance(exc, NotebookFailed):
                raise
            stop.set()
            html.unlink(missing_ok=True)
            with lock:
                log(f"[{i}/{n}] {nb.name} FAILED: {exc}", flush=True)
            return ReportResult(nb.name, None, time.perf_counter() - t0, "failed", title, str(exc))
        if interrupted.is_set():
            return ReportResult(nb.name, None, time.perf_counter() - t0, "not run", title)
        export_html(executed, html, title=title)
        seconds = time.perf_counter() - t0
        with lock:
            log(f"[{i}/{n}] {nb.name} -> {html} ({seconds:.1f} s)", flush=True)
        return ReportResult(nb.name, html, seconds, "ok", title)

    # papermill switches the process's working directory while a notebook runs; with two
    # notebooks at a time the switches interleave, so the directory is put back afterwards.
    cwd = os.getcwd()
    previous_env = {key: os.environ.get(key) for key in (ENCODING_ENV, "TMPDIR")}
    if encoding:
        os.environ[ENCODING_ENV] = encoding  # read by load_corpus in the kernels
    # what the kernels put in temporary folders is removed with this one when the run ends
    kernel_tmp = tempfile.mkdtemp(prefix="media-analysis-report-")
    os.environ["TMPDIR"] = kernel_tmp
    pool = ThreadPoolExecutor(max_workers=min(jobs, max(n, 1)))
    try:
        futures = [pool.submit(run, i, nb) for i, nb in enumerate(todo, start=1)]
        try:
            while wait(futures, timeout=0.25, return_when=FIRST_EXCEPTION).not_done:
                interrupts.check()  # (an interrupt raised inside a hook can be lost)
            results = [f.result() for f in futures]
        except KeyboardInterrupt:
            interrupted.set()
            stop.set()
            for _ in range(50):  # a kernel that is still starting is killed on the next round
                _kill_kernels()
                if wait(futures, timeout=0.2).not_done == set():
                    break
            results = []
            for f, nb in zip(futures, todo):
                try:
                    results.append(f.result(timeout=5))
                except BaseException:
                    results.append(ReportResult(nb.name, None, 0.0, "not run", nb.stem))
            pending = [r.notebook for r in results if r.status != "ok"]
            done = [r for r in results if r.status == "ok"]
            write_index(out, done, summary=summary, corpus=_shown_path(corpus), pending=pending,
                        pending_reason="the run was interrupted", figures=figures)
            log(f"interrupted: not rebuilt: {', '.join(pending) or 'none'} (earlier reports, "
                "if any, are kept); index updated", flush=True)
            raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        os.chdir(cwd)
        for key, value in previous_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(kernel_tmp, ignore_errors=True)
    failed = [r for r in results if r.status == "failed"]
    done = [r for r in results if r.status != "not run"]
    pending = [r.notebook for r in results if r.status == "not run"]
    index = write_index(out, done, summary=summary, corpus=_shown_path(corpus), pending=pending,
                        figures=figures)
    if failed:
        raise NotebookFailed(failed[0].message)
    log(f"index: {index}", flush=True)
    return results


if __name__ == "__main__":  # pragma: no cover
    build_reports(sys.argv[1], sys.argv[2])
