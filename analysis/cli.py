"""Command line: ``python -m analysis annotate INPUT... --out DIR`` and ``report``.

``annotate`` writes one CSV per table (UTF-8, header row); ``report`` runs the notebooks and
writes HTML reports. Unusable arguments give a clear message and a non-zero exit status.
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Analyse news articles: sentences, sentiment, actors, frames, quotes.")
    sub = parser.add_subparsers(dest="command", required=True)

    ann = sub.add_parser("annotate", help="write the analysis tables as CSV files")
    ann.add_argument("inputs", nargs="+", type=_existing, metavar="INPUT",
                     help="article files or folders (.txt .md .html .csv .tsv .jsonl)")
    ann.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder for the CSV files")

    rep = sub.add_parser("report", help="run the notebooks on a corpus and export HTML reports")
    rep.add_argument("input", type=_existing, metavar="INPUT", help="article file or folder")
    rep.add_argument("--out", type=Path, default=Path("reports"), metavar="DIR")
    return parser


def annotate(inputs: list[Path], out: Path) -> dict:
    """Load, clean and segment ``inputs``; write ``articles.csv`` and ``sentences.csv``."""
    from .load import load_corpus
    from .segment import split_sentences

    articles = load_corpus(*inputs)
    tables = {"articles": articles, "sentences": split_sentences(articles)}
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(out / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    return tables


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "annotate":
        if args.out.exists() and not args.out.is_dir():
            print(f"error: --out {args.out} exists and is not a folder", file=sys.stderr)
            return 2
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.formatwarning = lambda msg, cat, *a, **k: f"warning: {msg}\n"
            tables = annotate(args.inputs, args.out)
        arts = tables["articles"]
        counts = ", ".join(f"{n} {s}" for s, n in arts["status"].value_counts().sort_index().items())
        print(f"{len(arts)} articles ({counts}), {len(tables['sentences'])} sentences -> {args.out}")
        return 0
    if args.command == "report":
        from .report import NotebookFailed, build_reports

        try:
            build_reports(args.input, args.out)
        except NotebookFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
