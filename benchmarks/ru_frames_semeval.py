"""Russian frame cues against SemEval-2023 Task 3 (subtask 2) article frames, Russian split.

Every Russian development article is tagged with ``data/lexicons/frames_ru.yml`` (cues matched
by lemma); hits go through the crosswalk to the 14 Media Frames Corpus frames. Scoring is that
of ``benchmarks/frames_semeval.py`` (its functions are reused): a frame counts as present with
at least ``min_hits`` hits and ``per_1000_words`` hits per thousand words, the two numbers
chosen per frame on training folds and scored on the held-out articles (5-fold
cross-validation over articles, repeated). Baselines: the k most frequent frames of the
training folds. The rule fitted on all articles is printed at the end in the form of the
codebook's ``presence`` section.

Articles are read as in the rest of the project (``analysis.load_corpus``); the title is the
first line of each file and counts as text.

    python benchmarks/ru_frames_semeval.py [--codebook PATH] [--repeats N]

Data: SemEval-2023 Task 3, Russian training data (Piskorski et al., 2023), read from the shared
benchmark folder; nothing of it is stored in the project.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import RepeatedKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames_semeval import fit_global, fit_rules, predict, read_labels, scores  # noqa: E402

from analysis import load_corpus  # noqa: E402
from analysis.config import EVAL_DIR  # noqa: E402
from analysis.frames import MFC_FRAMES  # noqa: E402
from analysis.lang.ru.frames import article_frames, count_words, load_frames, tag_frames  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--codebook", default=None, help="frame file (default data/lexicons/frames_ru.yml)")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    folder = EVAL_DIR / "semeval2023_frames_ru"
    if not folder.exists():
        print(f"benchmark data not found ({folder.name}); nothing to do")
        return 0
    book = load_frames(args.codebook)
    y = read_labels(folder)
    t0 = time.perf_counter()
    articles = load_corpus(folder / "articles")
    articles["doc_id"] = articles["source_path"].map(lambda p: Path(p).stem.removeprefix("article"))
    articles = articles[articles["text"].map(lambda t: isinstance(t, str))]
    rows, words = [], {}
    for doc_id, text in zip(articles["doc_id"], articles["text"]):
        words[doc_id] = count_words(text)
        rows += [(doc_id, f, s, e) for s, e, f, _ in tag_frames(text, codebook=book)]
    table = pd.DataFrame(rows, columns=["doc_id", "frame", "start", "end"])
    t1 = time.perf_counter()
    counts = article_frames(table, words, scheme="mfc", codebook=book, all_rows=True)
    ids = [i for i in y.index if i in words]
    Y = y.loc[ids].to_numpy()
    H = counts.pivot_table(index="doc_id", columns="frame", values="hits", fill_value=0)
    H = H.reindex(index=ids, columns=MFC_FRAMES, fill_value=0).to_numpy()
    W = np.array([words[i] for i in ids])[:, None]
    R = 1000 * H / np.maximum(W, 1)

    print("SemEval-2023 Task 3 subtask 2, Russian dev split (Piskorski et al., 2023)")
    print(f"articles: {len(ids)} of {len(y)} labelled; words: {int(W.sum())}; frame hits: "
          f"{len(table)}; tagging {t1 - t0:.1f} s (with loading)")
    print(f"codebook: {Path(book.path).name}, {len(book)} frames")
    names = ["per-frame rule (CV)", "one rule for all frames (CV)", "any hit (min_hits=1)",
             "baseline: top-5 frequent", "baseline: top-3 frequent", "baseline: all 14 frames"]
    results = {k: [] for k in names}
    per_frame = []
    preds = {k: np.zeros_like(Y) for k in names}
    cv = RepeatedKFold(n_splits=5, n_repeats=args.repeats, random_state=0)
    for i, (tr, te) in enumerate(cv.split(ids), start=1):
        rules = fit_rules(H[tr], R[tr], Y[tr])
        g = fit_global(H[tr], R[tr], Y[tr])
        preds[names[0]][te] = np.column_stack(
            [predict(H[te, j], R[te, j], rules[f]) for j, f in enumerate(MFC_FRAMES)])
        preds[names[1]][te] = np.column_stack(
            [predict(H[te, j], R[te, j], g) for j in range(len(MFC_FRAMES))])
        preds[names[2]][te] = (H[te] >= 1).astype(int)
        order = np.argsort(-Y[tr].mean(axis=0), kind="stable")
        for k, name in ((5, names[3]), (3, names[4]), (14, names[5])):
            p = np.zeros((len(te), Y.shape[1]), dtype=int)
            p[:, order[:k]] = 1
            preds[name][te] = p
        if i % 5 == 0:
            for k in names:
                results[k].append(scores(Y, preds[k]))
            per_frame.append(f1_score(Y, preds[names[0]], average=None, zero_division=0))
    print(f"5-fold cross-validation over articles, {args.repeats} repeats (mean ± sd over repeats)")
    print(f"{'method':34s} {'micro-F1':>14s} {'macro-F1':>14s} {'micro-P':>8s} {'micro-R':>8s}")
    for k, rs in results.items():
        df = pd.DataFrame(rs)
        print(f"{k:34s} {df.micro_f1.mean():8.3f} ±{df.micro_f1.std():.3f} "
              f"{df.macro_f1.mean():8.3f} ±{df.macro_f1.std():.3f} {df.micro_p.mean():8.3f} "
              f"{df.micro_r.mean():8.3f}")
    final = fit_rules(H, R, Y)
    pf = np.mean(per_frame, axis=0)
    print()
    print("per frame: share of articles with the label, CV F1 of the per-frame rule, rule "
          "fitted on all articles")
    for j, f in enumerate(MFC_FRAMES):
        m, r = final[f]
        print(f"  {f:46s} {Y[:, j].mean():5.2f}  F1 {pf[j]:.3f}  min_hits {m:>2}, per_1000_words {r}")
    print()
    print("presence rule fitted on all dev articles (frames_ru.yml 'presence.mfc' section):")
    for f in MFC_FRAMES:
        m, r = final[f]
        print(f"    {f}: {{min_hits: {m}, per_1000_words: {r}}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
