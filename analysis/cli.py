"""Command line: ``python -m analysis annotate INPUT... --out DIR``, ``report`` and ``nltk-data``.

``annotate`` runs :func:`analysis.pipeline.analyze_corpus` and writes every table as CSV
(UTF-8, header row) and Parquet, plus ``summary.csv`` (articles by status); ``report`` runs
the notebooks and writes HTML reports; ``nltk-data`` rebuilds the offline sentence-splitter
parameters and stop-word list from the word lists in ``analysis/resources/`` (after you edit
them). Unusable arguments give a clear message and a non-zero exit status.
"""
from __future__ import annotations

import argparse
import codecs
import sys
import warnings
from pathlib import Path

from .config import project_path
from .interrupts import stop_on_terminate


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


def _encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {name!r} (for example utf-8, cp1252, latin-1, cp1251, koi8-r)") from None


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
    ann.add_argument("--encoding", type=_encoding, metavar="NAME",
                     help="read every file with this encoding (default: detected per file)")

    rep = sub.add_parser("report", help="run the notebooks on a corpus and export HTML reports")
    rep.add_argument("input", type=_existing, metavar="INPUT", help="article file or folder")
    rep.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR",
                     help="folder for the reports: new, empty, or one this command wrote before")
    rep.add_argument("--force", action="store_true",
                     help="write into --out even when it holds files this command did not write")
    rep.add_argument("--encoding", type=_encoding, metavar="NAME",
                     help="read every file with this encoding (default: detected per file)")

    act = sub.add_parser("actors", help="list the actors of a corpus (codebook and discovered) "
                                         "and write the discovered ones as a codebook draft")
    act.add_argument("inputs", nargs="+", type=_existing, metavar="INPUT",
                     help="article files or folders")
    act.add_argument("--draft", type=Path, metavar="FILE.yml",
                     help="write the discovered actors as a codebook draft to edit and pass "
                          "back with --actors")
    act.add_argument("--actors", type=_existing, metavar="PATH",
                     help="actor codebook (YAML; default: data/lexicons/actors.yml)")
    act.add_argument("--min-mentions", type=_positive, default=2, metavar="N",
                     help="only actors mentioned at least N times in the corpus (default 2)")
    act.add_argument("--top", type=_positive, default=25, metavar="N",
                     help="how many actors to list (default 25)")
    act.add_argument("--force", action="store_true", help="replace an existing draft file")
    act.add_argument("--encoding", type=_encoding, metavar="NAME",
                     help="read every file with this encoding (default: detected per file)")

    sub.add_parser("nltk-data", help="rebuild the offline NLTK data (Punkt parameters, stop "
                                     "words) from analysis/resources/*.txt")
    return parser


def annotate(inputs: list[Path], out: Path, **options) -> dict:
    """Analyse ``inputs`` with :func:`analysis.pipeline.analyze_corpus` and write the tables
    to ``out``; ``options`` are passed on (jobs, engine, actors, frames, ...)."""
    from .pipeline import analyze_corpus

    return analyze_corpus(inputs, out=out, return_tables=False, **options)


def output_problem(out: Path, inputs: list[Path]) -> str | None:
    """Why ``out`` cannot take a run's output (None when it can): it is the current folder or
    holds one of ``inputs``, or it is a folder of the corpus (inside an input folder, with
    files, not written by this project). A new, empty or marked folder inside an input folder
    is accepted: the run marks it (:data:`analysis.load.OUTPUT_MARKER`) and the corpus reader
    skips marked folders, so the next run does not read the tables as articles."""
    from .load import OUTPUT_MARKER

    target = out.resolve()
    if target == Path.cwd().resolve():
        return f"--out {out} is the current folder; give a new or empty folder for the output"
    for given in inputs:
        source = Path(given).resolve()
        if source == target or source.is_relative_to(target):
            return f"--out {out} holds the input {given}; give a folder outside the corpus"
        if (source.is_dir() and target.is_relative_to(source) and target.is_dir()
                and not (target / OUTPUT_MARKER).exists()):
            others = sorted(p.name for p in target.iterdir())
            if others:
                listed = f"{', '.join(others[:3])}{', ...' if len(others) > 3 else ''}"
                return (f"--out {out} is a folder of the corpus {given} (it holds {listed}, "
                        "not written by this command); give a new or empty folder")
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with stop_on_terminate():
            return _run(args)
    except KeyboardInterrupt:
        print("interrupted: stopped; the previous output is left as it was", file=sys.stderr)
        return 130


def _run(args) -> int:
    if args.command == "annotate":
        if args.out.exists() and not args.out.is_dir():
            print(f"error: --out {args.out} exists and is not a folder", file=sys.stderr)
            return 2
        problem = output_problem(args.out, args.inputs)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        from .pipeline import CodebookError, format_summary

        options = dict(jobs=args.jobs, engine=args.engine, actors=args.actors, frames=args.frames,
                       scheduler=args.scheduler, chunk_size=args.chunk_size,
                       chunk_chars=args.chunk_chars, encoding=args.encoding)
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
        from .report import NotebookFailed, OutputRefused, build_reports

        try:
            build_reports(args.input, args.out, force=args.force, encoding=args.encoding)
        except OutputRefused as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except NotebookFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.command == "actors":
        return _actors(args)
    if args.command == "nltk-data":
        from .nltk_setup import build

        print(f"wrote {build()}")
        return 0
    return 2  # pragma: no cover


def _actors(args) -> int:
    """``actors``: the corpus's actors, most mentioned first, and with ``--draft`` a codebook
    draft of the discovered ones."""
    from . import actor_views, actors as actor_module, entities
    from .pipeline import CodebookError, analyze_corpus

    if args.draft is not None:
        if args.draft.exists() and (args.draft.is_dir() or not args.force):
            print(f"error: {args.draft} exists; give a new file name (or --force to replace a file)",
                  file=sys.stderr)
            return 2
        if args.draft.suffix.lower() not in (".yml", ".yaml"):
            print(f"error: --draft {args.draft}: the draft is YAML; give a .yml file name",
                  file=sys.stderr)
            return 2
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda msg, *a, **k: print(f"warning: {msg}", file=sys.stderr)
            tables = analyze_corpus(args.inputs, actors=args.actors, encoding=args.encoding,
                                    progress=False)
        book = actor_module.load_actors(args.actors)
    except (CodebookError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    overview = actor_views.top_actors(tables["actors"], n=None)
    shown = overview[overview["mentions"] >= args.min_mentions].head(args.top)
    if shown.empty:
        print(f"no actor mentioned {args.min_mentions} times or more in "
              f"{len(tables['articles'])} documents")
    else:
        print(shown.to_string(index=False))
    if args.draft is not None:
        mentions = tables["mentions"]
        path = entities.draft_codebook(mentions, args.draft, codebook=book,
                                       min_mentions=args.min_mentions)
        n = int(((overview["source"] != "codebook") & (overview["mentions"] >= args.min_mentions)).sum())
        print(f"wrote a codebook draft of {n} discovered actors to {path}; edit it (merge "
              f"entries, fix types, add aliases) and pass it back with --actors {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
