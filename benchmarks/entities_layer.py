"""The entity layer on its own: what it costs per sentence, and how many named targets it covers.

Reads development data made by others from the benchmark folder beside the checkout (nothing is
copied into the project):

* **Cost**: the PerSenT ``dev.csv`` articles (``DOCUMENT``, cleaned and split as the pipeline
  does) go through the recogniser (:func:`analysis.entities.find_entities`), the codebook
  (:func:`analysis.actors.find_mentions`) and the resolver
  (:func:`analysis.coref.resolve_mentions`); each step's time per sentence is printed (best
  of three runs, CPU time of this process). The resolver is the entity layer's own cost
  (target: well under 40 us a sentence).
* **NewsMTSC ``train.jsonl``** (Hamborg & Donnay 2021): the share of named targets (not a
  pronoun, starting with a capital letter) that overlap a name mention (not a pronoun) of
  their sentence.

``--recogniser model`` (default) uses the English pack's trained recogniser;
``--recogniser capitalised`` uses the crude stand-in of ``tests/entity_fakes.py`` (runs of
capitalised words), for a rough figure when no model has been trained: its numbers say
nothing about the real layer's accuracy. Usage::

    python benchmarks/entities_layer.py [--recogniser model|capitalised] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import actors  # noqa: E402
from analysis.clean import clean_text  # noqa: E402
from analysis.config import CORPORA_DIR, EVAL_DIR  # noqa: E402
from analysis.coref import resolve_mentions  # noqa: E402
from analysis.entities import find_entities  # noqa: E402
from analysis.segment import split_sentences  # noqa: E402

_PRONOUNS = {"he", "she", "it", "they", "him", "her", "his", "hers", "its", "their", "them",
             "we", "us", "i", "me", "you", "who", "this", "that"}


def recogniser(kind: str):
    if kind == "capitalised":
        sys.path.insert(0, str(ROOT / "tests"))
        from entity_fakes import CapitalisedRecogniser

        return CapitalisedRecogniser()
    from analysis.lang import get_pack

    return get_pack("en").entity_recogniser()


def best_of(n, fn):
    times, out = [], None
    for _ in range(n):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def cost(rec, limit: int | None) -> None:
    path = CORPORA_DIR / "persent" / "dev.csv"
    if not path.exists():
        print(f"PerSenT not present ({path.name}): cost not measured")
        return
    df = pd.read_csv(path)
    if limit:
        df = df.head(limit)
    arts = pd.DataFrame({"doc_id": df["DOCUMENT_INDEX"].astype(str),
                         "text": [clean_text(t) if isinstance(t, str) else ""
                                  for t in df["DOCUMENT"]]})
    sents = split_sentences(arts)
    n = len(sents)
    book = actors.load_actors()
    resolve_mentions(sents.head(50), find_entities(sents.head(50), recogniser=rec),
                     codebook=book)  # word lists and caches loaded before timing
    t_rec, ents = best_of(1, lambda: find_entities(sents, recogniser=rec))
    t_cb, coded = best_of(3, lambda: actors.find_mentions(sents, book, pronouns=False))
    t_res, found = best_of(3, lambda: resolve_mentions(sents, ents, codebook=book,
                                                       codebook_mentions=coded))
    print(f"PerSenT dev: {len(arts)} articles, {n} sentences, {len(ents)} recognised names, "
          f"{len(found)} mentions")
    print(f"  recogniser {t_rec / n * 1e6:.1f} us/sentence; codebook {t_cb / n * 1e6:.1f} "
          f"us/sentence; entity layer (resolve_mentions) {t_res / n * 1e6:.1f} us/sentence "
          f"(target well under 40)")
    print(f"  match kinds: {found['match_kind'].value_counts().to_dict()}")
    print(f"  actor types: {found['actor_type'].value_counts().to_dict()}")


def newsmtsc(rec, limit: int | None) -> None:
    path = EVAL_DIR / "newsmtsc" / "train.jsonl"
    if not path.exists():
        print(f"NewsMTSC not present ({path.name}): coverage not measured")
        return
    texts, targets = {}, []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit and i >= limit:
                break
            row = json.loads(line)
            doc_id = f"n{i}"
            texts[doc_id] = row["sentence_normalized"]
            for t in row["targets"]:
                mention = t["mention"].strip()
                if mention[:1].isupper() and mention.lower() not in _PRONOUNS:
                    targets.append((doc_id, int(t["from"]), int(t["to"])))
    # each sentence is its own article, with offsets into the sentence as given
    sents = pd.DataFrame({"doc_id": list(texts), "para_id": 1, "sent_id": 1, "start": 0,
                          "end": [len(t) for t in texts.values()], "text": list(texts.values())})
    book = actors.load_actors()
    found = resolve_mentions(sents, find_entities(sents, recogniser=rec), codebook=book)
    names = found[found["match_kind"] != "pronoun"]
    spans: dict[str, list] = {}
    for d, s, e in zip(names["doc_id"], names["start"], names["end"]):
        spans.setdefault(d, []).append((s, e))
    hit = sum(any(s < te and ts < e for s, e in spans.get(d, ())) for d, ts, te in targets)
    print(f"NewsMTSC train: {len(texts)} sentences, {len(targets)} named targets; covered by a "
          f"name mention: {hit} = {hit / max(1, len(targets)):.3f}  (target >= 0.92)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--recogniser", choices=["model", "capitalised"], default="model")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--only", choices=["cost", "newsmtsc"], default=None)
    args = ap.parse_args(argv)
    rec = recogniser(args.recogniser)
    if args.recogniser == "capitalised":
        print("recogniser: the crude capitalised-words stand-in of tests/entity_fakes.py, "
              "NOT the trained model")
    if args.only in (None, "cost"):
        cost(rec, args.limit)
    if args.only in (None, "newsmtsc"):
        newsmtsc(rec, args.limit)


if __name__ == "__main__":
    main()
