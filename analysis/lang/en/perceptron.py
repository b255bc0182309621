"""A greedy averaged perceptron tagger, the second learner measured against the CRF.

It reads the same feature lists as the CRF (:class:`analysis.lang.en.ner.Features`) plus the
label it gave the token before, labels tokens left to right (no Viterbi search), and averages
its weights over all updates (Collins 2002). ``benchmarks/ner_conll.py`` trains it and
compares its accuracy and speed with the CRF; it fills the same tagger interface
(``tag(items)``, ``confidence(labels, start, end)``) so the same :class:`Recogniser` runs it.
"""
from __future__ import annotations

import random

import numpy as np


class GreedyPerceptron:
    """Averaged perceptron over string features, greedy left-to-right decoding."""

    def __init__(self, labels: list[str]):
        self.labels = list(labels)
        self.index: dict[str, int] = {}
        self.weights = np.zeros((0, len(self.labels)))
        self._last_probs: list[float] = []

    def _ids(self, feats, grow=False) -> np.ndarray:
        index = self.index
        if grow:
            for f in feats:
                if f not in index:
                    index[f] = len(index)
            return np.fromiter((index[f] for f in feats), dtype=np.int64, count=len(feats))
        get = index.get
        return np.array([i for i in map(get, feats) if i is not None], dtype=np.int64)

    def train(self, sequences, *, epochs: int = 6, seed: int = 0) -> "GreedyPerceptron":
        """Learn from ``sequences`` of ``(items, labels)`` (items: one feature list a token)."""
        lab = {y: k for k, y in enumerate(self.labels)}
        n_lab = len(self.labels)
        data = []
        for items, labels in sequences:
            ids = [self._ids(f + ["prev=" + p], grow=True)[:-1] for f, p in
                   zip(items, ["<s>"] + list(labels[:-1]))]
            data.append((ids, [lab[y] for y in labels]))
        prev_feats = {p: self.index["prev=" + p] for p in ["<s>"] + self.labels
                      if "prev=" + p in self.index}
        n_feat = len(self.index)
        w = np.zeros((n_feat, n_lab))
        acc = np.zeros((n_feat, n_lab))
        c = 1
        order = list(range(len(data)))
        rng = random.Random(seed)
        prev_ids = [prev_feats.get(p, -1) for p in ["<s>"] + self.labels]
        for _ in range(epochs):
            rng.shuffle(order)
            for k in order:
                ids, gold = data[k]
                prev = 0  # "<s>"
                for tok_ids, y in zip(ids, gold):
                    pid = prev_ids[prev]
                    scores = w[tok_ids].sum(axis=0)
                    if pid >= 0:
                        scores += w[pid]
                    guess = int(scores.argmax())
                    if guess != y:
                        both = np.append(tok_ids, pid) if pid >= 0 else tok_ids
                        w[both, y] += 1.0
                        w[both, guess] -= 1.0
                        acc[both, y] += c
                        acc[both, guess] -= c
                    c += 1
                    prev = guess + 1
        self.weights = w - acc / c
        self._prev_rows = [self.weights[i] if i >= 0 else np.zeros(n_lab) for i in prev_ids]
        return self

    def tag(self, items: list[list[str]]) -> list[str]:
        w = self.weights
        out, probs = [], []
        prev = 0
        for feats in items:
            scores = w[self._ids(feats)].sum(axis=0) + self._prev_rows[prev]
            k = int(scores.argmax())
            e = np.exp(scores - scores[k])
            probs.append(float(1.0 / e.sum()))
            out.append(self.labels[k])
            prev = k + 1
        self._last_probs = probs
        return out

    def confidence(self, labels: list[str], start: int, end: int) -> float:
        """Smallest softmax probability of the chosen labels over the span (last ``tag``)."""
        return min(self._last_probs[start:end])
