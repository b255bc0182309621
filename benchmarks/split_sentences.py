"""Sentences per second of cleaning + ``split_sentences`` on real news text.

Usage: python benchmarks/split_sentences.py [CSV] [--repeat N]

Default CSV: ../shared/corpora/persent/dev.csv (PerSenT, Bastan et al. 2020; the DOCUMENT
column holds full articles). The data is read in place, never copied into the project.
"""
from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

from analysis.clean import clean_text
from analysis.config import CORPORA_DIR
from analysis.segment import split_sentences


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", default=str(CORPORA_DIR / "persent" / "dev.csv"))
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    args = parser.parse_args(argv)
    try:
        docs = pd.read_csv(args.csv)
    except FileNotFoundError:
        print(f"benchmark data not found: {args.csv}", file=sys.stderr)
        return 2
    text_col = "DOCUMENT" if "DOCUMENT" in docs.columns else "text"
    articles = pd.DataFrame({"doc_id": [str(i) for i in range(len(docs))],
                             "text": docs[text_col].fillna("").astype(str).map(clean_text)})
    chars = int(articles["text"].str.len().sum())
    best_split = best_clean = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        [clean_text(t) for t in docs[text_col].fillna("").astype(str)]
        best_clean = min(best_clean, time.perf_counter() - t0)
        t0 = time.perf_counter()
        sentences = split_sentences(articles)
        best_split = min(best_split, time.perf_counter() - t0)
    n = len(sentences)
    print(f"corpus: {args.csv}")
    print(f"articles: {len(articles)}  characters: {chars:,}  sentences: {n:,}")
    print(f"split_sentences: {best_split:.3f} s  -> {n / best_split:,.0f} sentences/s (best of {args.repeat})")
    print(f"clean_text:      {best_clean:.3f} s  -> {n / best_clean:,.0f} sentences/s equivalent")
    print(f"clean + split:   {n / (best_split + best_clean):,.0f} sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
