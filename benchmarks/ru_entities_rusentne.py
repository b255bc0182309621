"""Russian names: share of the RuSentNE-2023 entity spans the Russian pack's recogniser finds.

RuSentNE-2023 marks one entity per row (PERSON, ORGANIZATION, PROFESSION, COUNTRY,
NATIONALITY); the person, organisation and country spans are the ones an actor layer should
find. A span counts as found when a name the recogniser returns overlaps it (any type), and
as found with the right type when that name is a person for PERSON, an organisation for
ORGANIZATION and a place for COUNTRY. Every distinct sentence is read once.

    python benchmarks/ru_entities_rusentne.py

Data: Golubev, Rusnachenko & Loukachevitch (2023), RuSentNE-2023 (MIT licence), read from the
shared benchmark folder; nothing of it is stored in the project.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ru_sentiment_rusentne import read_rows  # noqa: E402

from analysis.config import EVAL_DIR  # noqa: E402
from analysis.lang import get_pack  # noqa: E402

WANTED = {"PERSON": "person", "ORGANIZATION": "organisation", "COUNTRY": "place"}


def main(argv=None) -> int:
    path = EVAL_DIR / "rusentne" / "train.csv"
    if not path.exists():
        print(f"benchmark data not found ({path.parent.name}/{path.name}); nothing to do")
        return 0
    d = read_rows(path)
    d = d[d.entity_tag.isin(list(WANTED))]
    rec = get_pack("ru").entity_recogniser()
    sents = list(dict.fromkeys(d.sentence))
    t0 = time.perf_counter()
    found = dict(zip(sents, rec.find_many(sents)))
    dt = time.perf_counter() - t0
    print("RuSentNE-2023 train.csv (Golubev et al., 2023): entity spans found by the recogniser")
    print(f"sentences: {len(sents)}, read in {dt:.1f} s ({len(sents) / dt:,.0f} sentences/s)")
    total = hit = typed = 0
    for tag, want in WANTED.items():
        rows = d[d.entity_tag == tag]
        h = t = 0
        for s, a, b in zip(rows.sentence, rows.start, rows.end):
            over = [x for x in found[s] if x[0] < b and x[1] > a]
            h += bool(over)
            t += any(x[2] == want for x in over)
        total, hit, typed = total + len(rows), hit + h, typed + t
        print(f"  {tag:13s} {len(rows):5d} spans: found {h / len(rows):.3f}, "
              f"with the right type {t / len(rows):.3f}")
    print(f"  {'all three':13s} {total:5d} spans: found {hit / total:.3f}, "
          f"with the right type {typed / total:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
