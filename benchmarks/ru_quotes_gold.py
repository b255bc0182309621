"""Russian quotes and reported speech against the project's hand-coded gold set.

``data/gold/ru_quotes.csv`` holds Russian sentences written for the project, each with the
kind of reported speech it contains, the speaker's words and the quoted or reported content
(see ``data/gold/ru_quotes.md``). Every sentence is read with the Russian pack's quote finder;
the found quote that overlaps the gold content most is compared with the gold row. A kind is
right when it is the gold kind; a speaker is right when the lemma of the gold speaker's last
word is among the lemmas of the found speaker (and both are empty for scare quotes and
terms).

    python benchmarks/ru_quotes_gold.py [-v]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import GOLD_DIR  # noqa: E402
from analysis.lang.ru.actors import _surname_lemma  # noqa: E402
from analysis.lang.ru.morph import lemmas  # noqa: E402
from analysis.lang.ru.quotes import find_quotes  # noqa: E402


def best_match(found: pd.DataFrame, text: str, content: str):
    if found.empty:
        return None
    i = text.find(content) if content else -1
    if i < 0:
        return found.iloc[0]
    a, b = i, i + len(content)
    ov = [max(0, min(b, e) - max(a, s)) for s, e in zip(found.start, found.end)]
    k = max(range(len(ov)), key=ov.__getitem__)
    return found.iloc[k] if ov[k] > 0 else None


def speaker_right(gold: str, found) -> bool:
    if not isinstance(gold, str) or not gold.strip():
        return not isinstance(found, str) or not found
    if not isinstance(found, str) or not found:
        return False
    last = [w for _, _, w, _ in lemmas(gold) if w[:1].isalpha()][-1]
    keys = {_surname_lemma(last), lemmas(last)[0][3]}
    have = {lem for _, _, w, lem in lemmas(found)} | {_surname_lemma(w) for _, _, w, _ in
                                                       lemmas(found) if w[:1].isalpha()}
    return bool(keys & have)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="print every wrong case")
    args = ap.parse_args(argv)
    gold = pd.read_csv(GOLD_DIR / "ru_quotes.csv", dtype=str, keep_default_na=False)
    kind_ok = spk_ok = both = 0
    for row in gold.itertuples():
        found = find_quotes(row.text)
        hit = best_match(found, row.text, row.content)
        k = hit is not None and hit.kind == row.kind
        s = hit is not None and speaker_right(row.speaker, hit.speaker)
        kind_ok += k
        spk_ok += s
        both += k and s
        if args.verbose and not (k and s):
            got = "nothing" if hit is None else f"{hit.kind} / {hit.speaker!r} / {hit.text!r}"
            print(f"  {row.case_id}: gold {row.kind} / {row.speaker!r}; found {got}")
    n = len(gold)
    print(f"Russian reported speech, data/gold/ru_quotes.csv ({n} hand-coded cases)")
    print(f"  right kind: {kind_ok / n:.3f}  right speaker: {spk_ok / n:.3f}  "
          f"both right: {both / n:.3f} ({both} of {n})")
    by = gold.assign(ok=[None] * n)
    print("  cases per kind: " + ", ".join(f"{k} {v}" for k, v in by.kind.value_counts().items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
