"""Command line: ``python -m analysis annotate INPUT... --out DIR``, ``report`` and ``nltk-data``.

``annotate`` runs :func:`analysis.pipeline.analyze_corpus` and writes every table as CSV
(UTF-8, header row) and Parquet, plus ``summary.csv`` (articles by status); ``report`` runs
the notebooks and writes HTML reports; ``nltk-data`` rebuilds the offline sentence-splitter
parameters and stop-word list from the word lists in ``analysis/resources/`` (after you edit
them). Unusable arguments give a clear message and a non-zero exit status.
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from .config import project_path


def _existing(path: str) -> Path:
    p = project_path(path)
    if not p.exists():
        raise argparse.ArgumentTypeError(f"no such file or folder: {path}")
    return p


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Analyse news articles: sentences, sentiment, actors, frames, quotes.")
    sub = parser.add_subparsers(dest="command", required=True)

    ann = sub.add_parser("annotate", help="write the analysis tables as CSV files")
    ann.add_argument("inputs", nargs="+", type=_existing, metavar="INPUT",
                     help="article files or folders (.txt .md .html .csv .tsv .jsonl)")
    ann.add_argument("--out", required=True, type=Path, metavar="DIR",
                     help="folder for the tables (replaced as a whole when the run is complete)")
    ann.add_argument("--actors", type=_existing, metavar="PATH",
                     help="actor codebook (YAML; default: data/lexicons/actors.yml)")
    ann.add_argument("--frames", type=_existing, metavar="PATH",
                     help="frame codebook (YAML; default: data/lexicons/frames.yml)")
    ann.add_argument("--jobs", type=_positive, default=1, metavar="N",
                     help="worker processes (or Dask workers); default 1")
    ann.add_argument("--engine", choices=["local", "dask"], default="local",
                     help="local processes, or dask.distributed (optional extra)")
    ann.add_argument("--scheduler", metavar="ADDRESS",
                     help="with --engine dask: address of a running Dask scheduler")
    ann.add_argument("--chunk-size", type=_positive, default=200, metavar="N",
                     help="articles per chunk (default 200)")
    ann.add_argument("--chunk-chars", type=_positive, default=500_000, metavar="N",
                     help="a chunk also ends once it holds about N characters (default 500000)")

    rep = sub.add_parser("report", help="run the notebooks on a corpus and export HTML reports")
    rep.add_argument("input", type=_existing, metavar="INPUT", help="article file or folder")
    rep.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR")

    sub.add_parser("nltk-data", help="rebuild the offline NLTK data (Punkt parameters, stop "
                                     "words) from analysis/resources/*.txt")
    return parser


def annotate(inputs: list[Path], out: Path, **options) -> dict:
    """Analyse ``inputs`` with :func:`analysis.pipeline.analyze_corpus` and write the tables
    to ``out``; ``options`` are passed on (jobs, engine, actors, frames, ...)."""
    from .pipeline import analyze_corpus

    return analyze_corpus(inputs, out=out, return_tables=False, **options)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "annotate":
        if args.out.exists() and not args.out.is_dir():
            print(f"error: --out {args.out} exists and is not a folder", file=sys.stderr)
            return 2
        from .pipeline import CodebookError, format_summary

        options = dict(jobs=args.jobs, engine=args.engine, actors=args.actors, frames=args.frames,
                       scheduler=args.scheduler, chunk_size=args.chunk_size,
                       chunk_chars=args.chunk_chars)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always")
                warnings.showwarning = lambda msg, *a, **k: print(f"warning: {msg}", file=sys.stderr)
                result = annotate(args.inputs, args.out, **options)
        except (CodebookError, FileExistsError, ImportError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        summary = result["summary"]
        print(f"{format_summary(summary, other_language=summary.attrs.get('other_language', 0))}"
              f" -> {args.out}")
        return 0
    if args.command == "report":
        from .report import NotebookFailed, build_reports

        try:
            build_reports(args.input, args.out)
        except NotebookFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "nltk-data":
        from .nltk_setup import build

        print(f"wrote {build()}")
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
