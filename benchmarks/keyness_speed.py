"""Speed of the distinctive-words analysis (:mod:`analysis.keyness`) on real news text.

Real text: the PerSenT articles (``corpora/persent/*.csv``, columns TITLE and DOCUMENT) beside
the project, repeated with new ids when there are fewer than asked for, and, when present, the
Russian news articles of ``corpora/ru_news``. The articles are given five made-up outlets and
dates over six months (round robin), so that every grouping has groups to compare; nothing is
copied into the project. Each timing is the best of ``--repeat`` runs in this process (the
first run also loads the word lists and, for Russian, pymorphy3).

    python benchmarks/keyness_speed.py              # 1,000 articles
    python benchmarks/keyness_speed.py --articles 5000
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from analysis.clean import clean_text  # noqa: E402
from analysis.config import CORPORA_DIR  # noqa: E402
from analysis.keyness import distinctive_words, keyness_groups, kwic  # noqa: E402

OUTLETS = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E"]


def english_texts() -> list[tuple[str, str]]:
    csv.field_size_limit(sys.maxsize)
    texts = []
    for path in sorted((CORPORA_DIR / "persent").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            texts += [(row.get("TITLE") or "", row["DOCUMENT"]) for row in csv.DictReader(fh)]
    return texts


def russian_texts() -> list[tuple[str, str]]:
    return [("", p.read_text(encoding="utf-8")) for p in sorted((CORPORA_DIR / "ru_news").glob("*.txt"))]


def corpus(texts, n: int, language: str) -> pd.DataFrame:
    rows = []
    for i in range(n):
        title, text = texts[i % len(texts)]
        rows.append({"doc_id": f"{language}{i:06d}", "title": title, "text": clean_text(text),
                     "outlet": OUTLETS[i % len(OUTLETS)], "language": language,
                     "published": f"2020-{1 + i % 6:02d}-15", "status": "ok"})
    return pd.DataFrame(rows)


def best(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    texts = english_texts()
    if not texts:
        print(f"skipped: no PerSenT articles under {CORPORA_DIR.name}/persent")
        return 0
    arts = corpus(texts, args.articles, "en")
    words = int(arts["text"].str.split().str.len().sum())
    print(f"{len(arts):,} English articles ({min(len(texts), args.articles):,} distinct), "
          f"{words:,} words")
    for by in ("outlet", "period", "doc_id"):
        seconds, table = best(lambda: distinctive_words(arts, by=by), args.repeat)
        print(f"  distinctive_words(by={by!r}): {seconds:.2f} s, {table['group'].nunique()} groups, "
              f"{len(table):,} rows, {len(arts) / seconds:,.0f} articles/s")
    seconds, groups = best(lambda: keyness_groups(arts, by="outlet"), args.repeat)
    print(f"  keyness_groups(by='outlet'): {seconds:.2f} s")
    seconds, hits = best(lambda: kwic(arts, "police"), args.repeat)
    print(f"  kwic('police'): {seconds:.2f} s, {len(hits):,} lines")
    ru = russian_texts()
    if ru:
        arts_ru = corpus(ru, args.articles, "ru")
        seconds, table = best(lambda: distinctive_words(arts_ru, by="outlet"), args.repeat)
        print(f"{len(arts_ru):,} Russian articles ({min(len(ru), args.articles)} distinct, lemmas): "
              f"distinctive_words(by='outlet'): {seconds:.2f} s, {len(arts_ru) / seconds:,.0f} articles/s")
    else:
        print("Russian: skipped (no corpora/ru_news)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
