"""Speed of the Russian pack on real Russian news, against natasha's own segmentation + NER.

For every article of ``CORPORA_DIR/ru_news`` (plain text, the title on the first line) the
pack's parts run as an annotation run would call them, on one core: sentences (razdel),
tokens and lemmas (pymorphy3), names (the pack's recogniser, one call per article), the tone
of every sentence and toward every name, quotes and reported speech, and frame cues. The
reference is natasha's documented route on the same texts: ``Doc.segment`` and
``Doc.tag_ner`` (segmentation and NER alone, no lemmas, sentiment, quotes or frames).

Models are loaded before the clock starts; the pack's per-word caches start empty, so the
figure is that of a first pass over unseen text. BLAS is limited to one thread. Speeds are
given from the process's CPU time (what one core spends, whatever else runs on the machine)
and from the wall clock.

    python benchmarks/ru_throughput.py [--repeats N]
"""
from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.config import CORPORA_DIR  # noqa: E402
from analysis.lang.ru import morph, ner, quotes, sentiment  # noqa: E402
from analysis.lang.ru.frames import load_frames, tag_frames  # noqa: E402
from analysis.lang.ru.segment import split_sentences  # noqa: E402


def annotate(text: str, recogniser) -> dict:
    """All the pack's layers on one article; returns counts."""
    sents = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            sents += [(pos + s, pos + e) for s, e in split_sentences(line)]
        pos += len(line) + 1
    lem = [morph.lemmas(text[s:e]) for s, e in sents]
    toks = [[(a + s, b + s, w) for a, b, w, _ in lm] for (s, e), lm in zip(sents, lem)]
    names = recogniser.find_sentences(toks)
    n_tone = 0
    for (s, e), found, lm in zip(sents, names, lem):
        sentence = text[s:e]
        sentiment.score_sentence(sentence, toks=lm)
        for a, b, _, _ in found:
            sentiment.score_target(sentence, a - s, b - s, toks=lm)
            n_tone += 1
    q = quotes.find_quotes(text, sentences=sents, lemma_lists=lem)
    frames = sum(len(tag_frames(text[s:e], toks=lm)) for (s, e), lm in zip(sents, lem))
    return {"sentences": len(sents), "names": sum(map(len, names)), "tones": n_tone,
            "quotes": len(q), "frames": frames}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=1, help="timed passes of natasha (the best counts)")
    args = ap.parse_args(argv)
    folder = CORPORA_DIR / "ru_news"
    files = sorted(folder.glob("*")) if folder.exists() else []
    if not files:
        print("benchmark data not found (ru_news); nothing to do")
        return 0
    texts = [f.read_text(encoding="utf-8") for f in files]
    from natasha import Doc, Segmenter

    rec = ner.load_recogniser()
    tagger = ner._tagger()
    morph.analyser()
    sentiment.load_lexicon()
    quotes.load_reporting()
    load_frames()
    segmenter = Segmenter()

    t0, c0 = time.perf_counter(), time.process_time()
    total: dict = {}
    for text in texts:
        for k, v in annotate(text, rec).items():
            total[k] = total.get(k, 0) + v
    ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0

    theirs, theirs_cpu, n_nat = float("inf"), float("inf"), 0
    for _ in range(args.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        n_nat = 0
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            n_nat += len(doc.sents)
        theirs = min(theirs, time.perf_counter() - t0)
        theirs_cpu = min(theirs_cpu, time.process_time() - c0)

    n = total["sentences"]
    print(f"Russian news, {len(texts)} articles, {sum(map(len, texts)):,} characters, one core")
    print(f"  Russian pack, all layers: {n} sentences, CPU {ours_cpu:.2f} s = "
          f"{n / ours_cpu:,.0f} sentences/s (wall {ours:.2f} s = {n / ours:,.0f}/s); "
          f"{total['names']} names, {total['tones']} tones toward names, {total['quotes']} "
          f"quotes, {total['frames']} frame cues")
    print(f"  natasha segmentation + NER only: {n_nat} sentences, CPU {theirs_cpu:.2f} s = "
          f"{n_nat / theirs_cpu:,.0f} sentences/s (wall {theirs:.2f} s = {n_nat / theirs:,.0f}/s)")
    print(f"  time ratio pack / natasha: CPU {ours_cpu / theirs_cpu:.2f}, wall {ours / theirs:.2f} "
          f"(target <= 1.5); pack speed target >= 500 sentences/s")
    from analysis.lang.ru.morph import dawg_extension
    print(f"  pymorphy3 dictionary reader: {'DAWG C extension' if dawg_extension() else 'pure Python (DAWG2 not installed)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
