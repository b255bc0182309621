"""Quote spans and speakers of ``analysis.quotes.find_quotes`` against PolNeAR (dev split).

PolNeAR (Newell, Margolin & Ruths 2018, LREC) annotates attribution relations in US election
news in brat standoff: a Source (speaker), a Cue and a Content span. This script measures the
relations whose content is a quotation.

Gold quotes: every stretch of text between a double quotation mark and its closing mark
(curly “…” or straight "…", within one paragraph) that lies inside the Content span of a gold
relation (the marks themselves may sit just outside it). The span is the quoted words without
the marks. Articles annotated by several people are counted once (first annotation file in
alphabetical order).

Predicted quotes: rows of ``find_quotes`` with kind ``direct`` or ``partial`` and level 0
(attributed speech; scare quotes, terms, nested quotes and paraphrases are not counted).

Speakers resolved to actors (``--actors``): the same articles through the whole pipeline
(``analyze_chunk``: the entity layer, the codebook and the quote finder together). For a
matched quote with a gold Source, the speaker is resolved right when the quote's ``actor`` is
set and that actor has a mention in the article overlapping the gold Source span (so a
pronoun counts when the entity layer resolved it to that actor), or the gold Source's last
word is the last word of the actor's canonical name. A quote without an actor counts as wrong.
A speaker that is a description ("a friend", "officials", "the report") is an actor of its
article (``match_kind`` ``description``, name "a friend (unnamed)"); it counts as right by the
same rule (its mention is the speaker's words, so it must overlap the gold Source), and the
number of right answers that are such actors is printed.
The misses are counted by kind: the gold Source's form (pronoun, name, description), whether
the predicted speaker span overlaps it, and whether the quote has an actor at all.

Usage: ``python benchmarks/quotes_polnear.py [--split dev] [--limit N] [--errors K] [--actors]``.
Reads ``analysis.config.EVAL_DIR / "polnear"``; exits cleanly when it is absent.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.clean import clean_text  # noqa: E402
from analysis.config import EVAL_DIR  # noqa: E402
from analysis.quotes import QuoteWarning, find_quotes  # noqa: E402
from analysis.segment import split_sentences  # noqa: E402

OVERLAP_RULE = ("a predicted quote matches a gold quote when the characters they share are at "
                "least half of the longer of the two spans; each gold and each predicted quote "
                "is matched at most once (greedy, largest overlap first)")
SPEAKER_RULE = ("for a matched quote with a gold Source, the speaker is correct when the "
                "predicted speaker span shares a character with the gold Source span, or the "
                "last word of the predicted speaker words equals the last word of the gold "
                "Source (case-insensitive, possessive 's removed: 'Donald Trump' = 'Mr. Trump'; a pronoun "
                "resolved to a name counts by that name); "
                "'strict' counts span overlap only")
_GOLD_QUOTE = re.compile(r"“([^“”\n]*)”|\"([^\"\n]*)\"")


def read_ann(path: Path) -> tuple[dict, list[dict]]:
    """Text-bound annotations (id -> (type, [(start, end)], text)) and relations."""
    spans, relations = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, text = (line.split("\t") + ["", ""])[:3]
            kind, _, offsets = info.partition(" ")
            frags = [tuple(map(int, f.split())) for f in offsets.split(";")]
            spans[tid] = (kind, frags, text)
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            rel = dict(a.split(":", 1) for a in args.split())
            relations.append({k.split("-")[0] if k.startswith("Attribution") else k: v
                              for k, v in rel.items()})
    return spans, relations


def offset_map(raw: str, clean: str) -> list[int]:
    """``m[i]`` = position in ``clean`` of raw character ``i`` (len(raw)+1 entries)."""
    m = [0] * (len(raw) + 1)
    sm = difflib.SequenceMatcher(None, raw, clean, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i1, i2):
            m[k] = j1 + (k - i1) if op == "equal" else min(j1 + (k - i1), j2)
    m[len(raw)] = len(clean)
    return m


def gold_quotes(raw: str, spans: dict, relations: list[dict]) -> list[dict]:
    out = []
    for rel in relations:
        content = spans.get(rel.get("Content"))
        if not content:
            continue
        source = spans.get(rel.get("Source"))
        for a, b in content[1]:
            for m in _GOLD_QUOTE.finditer(raw, max(0, a - 1), min(len(raw), b + 1)):
                g = 1 if m.group(1) is not None else 2
                s, e = m.span(g)
                while s < e and raw[s].isspace():
                    s += 1
                while e > s and raw[e - 1].isspace():
                    e -= 1
                if e > s:
                    out.append({"start": s, "end": e,
                                "source": source[1][0] if source else None,
                                "source_text": source[2] if source else None})
    uniq = {(g["start"], g["end"]): g for g in out}
    return list(uniq.values())


def _last_word(s) -> str:
    words = re.findall(r"[\w'-]+", str(s or "").lower())
    return re.sub(r"'s$", "", words[-1]) if words else ""


def match(pred: list[dict], gold: list[dict]) -> list[tuple[int, int]]:
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if ov > 0 and ov >= 0.5 * max(p["end"] - p["start"], g["end"] - g["start"]):
                cands.append((ov, i, j))
    used_p, used_g, pairs = set(), set(), []
    for ov, i, j in sorted(cands, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def actor_speakers(name: str, clean: str, gold: list[dict]) -> tuple[int, int, list]:
    """(quotes with a gold source, those whose speaker is the right actor, errors) for one
    article run through the whole pipeline."""
    from analysis.load import ARTICLE_COLUMNS
    from analysis.pipeline import analyze_chunk

    rec = {key: None for key in ARTICLE_COLUMNS}
    rec.update(doc_id=name, source_path=name, raw_text=clean, text=clean, status="ok",
               message="", language="en")
    tables = analyze_chunk([rec], cleaned=True)
    q = tables["quotes"]
    q = q[q["kind"].isin(["direct", "partial"]) & (q["level"] == 0)]
    pred = q.to_dict("records")
    mentions = tables["mentions"]
    spans_of: dict = {}
    for actor, s, e in zip(mentions["actor"], mentions["start"], mentions["end"]):
        spans_of.setdefault(actor, []).append((int(s), int(e)))
    names = {}
    if "actor_name" in mentions.columns:
        names = dict(zip(mentions["actor"], mentions["actor_name"]))
    total = ok = unnamed = 0
    errors = []
    for i, j in match(pred, gold):
        p, g = pred[i], gold[j]
        if not g["source"]:
            continue
        total += 1
        actor = p.get("actor")
        right = False
        if isinstance(actor, str) and actor:
            a, b = g["source"]
            right = any(s < b and a < e for s, e in spans_of.get(actor, [])) or (
                _last_word(names.get(actor, actor).replace("_", " ")) == _last_word(g["source_text"]))
        ok += right
        unnamed += bool(right and str(names.get(actor, "")).endswith(" (unnamed)"))
        if not right:
            errors.append(("actor", name, clean[max(0, p["start"] - 150):p["end"] + 60],
                           f"predicted actor {actor!r} ({p.get('speaker_text')!r}), "
                           f"gold {g['source_text']!r} [{miss_kind(p, g, actor)}]"))
    return total, ok, errors, unnamed


_PRONOUN_SOURCES = {"he", "she", "it", "they", "i", "we", "you", "who"}


def miss_kind(pred: dict, gold: dict, actor) -> str:
    """What kind of miss a wrongly resolved speaker is: the gold Source's form (pronoun, name,
    description), whether the predicted speaker span overlaps it, and whether the quote has
    an actor at all."""
    words = str(gold["source_text"] or "").split()
    if " ".join(words).lower() in _PRONOUN_SOURCES:
        form = "pronoun"
    elif words and words[0][:1].isupper() and words[0].lower() not in (
            "the", "a", "an", "one", "his", "her", "their", "its"):
        form = "name"
    else:
        form = "description"
    a, b = gold["source"]
    s, e = pred.get("speaker_start"), pred.get("speaker_end")
    overlap = bool(pd.notna(s) and pd.notna(e) and s < b and e > a)
    return (f"gold {form}, speaker span {'right' if overlap else 'wrong'}, "
            f"{'wrong actor' if isinstance(actor, str) and actor else 'no actor'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--errors", type=int, default=0, help="print K missed / spurious quotes")
    ap.add_argument("--actors", action="store_true",
                    help="also measure speakers resolved to actors through the whole pipeline")
    args = ap.parse_args(argv)
    root = EVAL_DIR / "polnear" / args.split
    if not root.exists():
        print(f"PolNeAR {args.split} split not found under the benchmark folder; nothing to measure.")
        return 0
    anns = {}
    for p in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]{4}$", "", p.stem), p)
    names = sorted(anns)[: args.limit] if args.limit else sorted(anns)
    n_gold = n_pred = n_match = n_spk = n_spk_ok = n_spk_strict = 0
    n_exact = n_act = n_act_ok = n_unnamed = 0
    errors = []
    seconds = 0.0
    n_chars = 0
    for name in names:
        raw = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans, relations = read_ann(anns[name])
        clean = clean_text(raw)
        m = offset_map(raw, clean)
        gold = gold_quotes(raw, spans, relations)
        for g in gold:
            g["start"], g["end"] = m[g["start"]], m[g["end"]]
            if g["source"]:
                g["source"] = (m[g["source"][0]], m[g["source"][1]])
        articles = pd.DataFrame({"doc_id": [name], "text": [clean], "status": ["ok"]})
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", QuoteWarning)
            sents = split_sentences(articles)
            q = find_quotes(articles, sentences=sents, actors=False, paraphrase=False)
        seconds += time.perf_counter() - t0
        n_chars += len(clean)
        q = q[q["kind"].isin(["direct", "partial"]) & (q["level"] == 0)]
        pred = q.to_dict("records")
        pairs = match(pred, gold)
        n_gold += len(gold)
        n_pred += len(pred)
        n_match += len(pairs)
        for i, j in pairs:
            p, g = pred[i], gold[j]
            n_exact += (p["start"], p["end"]) == (g["start"], g["end"])
            if not g["source"]:
                continue
            n_spk += 1
            strict = (pd.notna(p["speaker_start"]) and p["speaker_start"] < g["source"][1]
                      and p["speaker_end"] > g["source"][0])
            lenient = strict or any(pd.notna(p[c]) and _last_word(p[c]) == _last_word(g["source_text"])
                                    for c in ("speaker_text", "speaker"))
            n_spk_strict += bool(strict)
            n_spk_ok += bool(lenient)
            if not lenient:
                errors.append(("speaker", name, clean[max(0, p["start"] - 150):p["end"] + 60],
                               f"predicted {p['speaker_text']!r}, gold {g['source_text']!r}"))
        if args.actors:
            resolved_total, resolved_ok, resolved_errors, unnamed = actor_speakers(name, clean,
                                                                                   gold)
            n_unnamed += unnamed
            n_act += resolved_total
            n_act_ok += resolved_ok
            errors += resolved_errors
        mp = {i for i, _ in pairs}
        mg = {j for _, j in pairs}
        errors += [("spurious", name, clean[p["start"]:p["end"]][:70], p["kind"])
                   for i, p in enumerate(pred) if i not in mp]
        errors += [("missed", name, clean[g["start"]:g["end"]][:70], "") for j, g in enumerate(gold)
                   if j not in mg]
    prec = n_match / n_pred if n_pred else 0.0
    rec = n_match / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"PolNeAR {args.split}: {len(names)} articles, {n_gold} gold quotes inside attribution "
          f"content, {n_pred} predicted direct/partial quotes")
    print(f"overlap rule: {OVERLAP_RULE}")
    print(f"quote spans: precision {prec:.3f}  recall {rec:.3f}  F1 {f1:.3f}  "
          f"(matched {n_match}; exactly equal spans {n_exact})")
    print(f"speaker rule: {SPEAKER_RULE}")
    if n_spk:
        print(f"speaker accuracy on {n_spk} matched quotes with a gold source: {n_spk_ok / n_spk:.3f} "
              f"(strict span overlap: {n_spk_strict / n_spk:.3f})")
    if args.actors and n_act:
        print(f"speakers resolved to the right person or organisation (whole pipeline) on {n_act} "
              f"matched quotes with a gold source: {n_act_ok / n_act:.3f}  target >= 0.90: "
              f"{'met' if n_act_ok / n_act >= 0.90 else 'NOT met'}; {n_unnamed} of the right "
              f"ones are description actors (unnamed speakers)")
        kinds = Counter(re.search(r"\[(.*)\]$", e[3]).group(1) for e in errors if e[0] == "actor")
        print("  misses by kind:")
        for kind, n in kinds.most_common():
            print(f"    {n:4d}  {kind}")
    print(f"speed: {n_chars / 1000 / seconds:.1f}k characters/s "
          f"({len(names) / seconds:.1f} articles/s, sentence splitting included, one process)")
    if args.errors:
        for kind in ("missed", "spurious", "speaker", "actor"):
            sample = [e for e in errors if e[0] == kind][: args.errors]
            for e in sample:
                print(f"  {kind:8s} {e[1][:30]:30s} | {e[2]!r} | {e[3]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
