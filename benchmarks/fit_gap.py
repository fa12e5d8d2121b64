#!/usr/bin/env python3
"""Refit the gap model of `enablekit link` (match.ANSWERED) on labeled corpora.

usage: PYTHONPATH=tools python benchmarks/fit_gap.py CORPUS [CORPUS ...]

Each CORPUS is an enablement repository with labels.yml beside it (the format read by
shared/eval/link_quality.py: request id -> acceptable asset ids, [] for a gap). For every
labeled request the script ranks the assets as `enablekit link` does, reads the features of
match.gap_features from its first candidates, and fits a logistic regression of "answerable"
on them (leaving out the requests a draft or retired asset makes gaps, match.UNPUBLISHED):
Newton's method, features standardised, an L2 penalty of L2 on the weights (not the
intercept). It prints

- with two or more corpora, leave-one-corpus-out figures: fitted on all but one, scored on
  that one (accuracy and gap precision/recall/F1 as link_quality.py defines them) at
  match.GAP_THRESHOLD: what to quote, since a corpus says little about a model fitted on it;
- the threshold on the chance that gives the best mean accuracy left out that way (a
  logistic model's chance is fitted for likelihood, not for accuracy), and the figures of a
  threshold chosen so on all corpora but the one scored (nested: what that choice is worth);
- the figures of the model fitted on all of them, and of the model in match.py, on each;
- that model's coefficients in the features' own units, to paste into match.ANSWERED, and
  the corpora's median confidence, for match.TYPICAL_PRIOR.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from enablekit.link.match import (
    ANSWERED,
    GAP_THRESHOLD,
    SUGGESTIONS,
    Index,
    gap_features,
    labels_of,
    median_confidence,
    published_links,
    synonyms_of,
    typical_of,
    unpublished_answer,
)
from enablekit.load.repository import load

L2 = 1.0


@dataclass
class Corpus:
    name: str
    features: np.ndarray  # one row per labeled request without an explicit link
    answerable: np.ndarray  # 1 when labels.yml lists an acceptable asset
    first_right: np.ndarray  # 1 when the first candidate is acceptable
    unpublished: np.ndarray  # 1 when a draft or retired asset makes it a gap (match.UNPUBLISHED)
    median: float  # match.median_confidence of its requests


def read(root: Path) -> Corpus:
    labels = yaml.safe_load((root / "labels.yml").read_text())["matches"]
    repo = load(root).repository
    index = Index(repo.assets, synonyms_of(repo), labels_of(repo))
    median, counted = median_confidence(index, repo.requests)
    typical = typical_of(median, counted)
    # A request with an explicit link is never a gap: the model does not decide it.
    chosen = [r for r in repo.requests if r.id in labels and not published_links(repo, r)]
    ranked = index.rank_all(chosen, [SUGGESTIONS] * len(chosen))
    rows, answerable, first_right, unpublished = [], [], [], []
    for request, candidates in zip(chosen, ranked, strict=True):
        gold = labels[request.id]
        rows.append(gap_features(candidates, typical))
        answerable.append(bool(gold))
        first_right.append(bool(candidates) and candidates[0].asset.id in gold)
        unpublished.append(bool(unpublished_answer(candidates)))
    return Corpus(
        root.name,
        np.array(rows),
        np.array(answerable),
        np.array(first_right),
        np.array(unpublished, dtype=bool),
        median,
    )


def fit_on(corpora: list[Corpus]) -> np.ndarray:
    """The model fitted on the requests of `corpora` that no draft or retired asset decides."""
    kept = [~c.unpublished for c in corpora]
    return fit(
        np.vstack([c.features[k] for c, k in zip(corpora, kept, strict=True)]),
        np.concatenate([c.answerable[k] for c, k in zip(corpora, kept, strict=True)]),
    )


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression: (intercept, weights) in the features' own units."""
    mean, spread = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / spread])
    w = np.zeros(z.shape[1])
    penalty = L2 * np.eye(len(w))
    penalty[0, 0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-z @ w))
        step = np.linalg.solve(
            z.T @ (z * (p * (1 - p))[:, None]) + penalty, z.T @ (p - y) + penalty @ w
        )
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    weights = w[1:] / spread
    return np.concatenate([[w[0] - float(weights @ mean)], weights])


#: The thresholds on the chance tried for match.GAP_THRESHOLD.
THRESHOLDS = [round(0.30 + 0.01 * k, 2) for k in range(51)]


def scores(model: np.ndarray, corpus: Corpus, threshold: float) -> tuple[float, ...]:
    """Accuracy, gap precision, recall and F1 (as link_quality.py defines them)."""
    chance = 1 / (1 + np.exp(-(model[0] + corpus.features @ model[1:])))
    gap = (chance < threshold) | corpus.unpublished
    truth = ~corpus.answerable
    tp, fp, fn = int((gap & truth).sum()), int((gap & ~truth).sum()), int((~gap & truth).sum())
    right = tp + int((~gap & corpus.answerable & corpus.first_right).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return right / max(len(gap), 1), precision, recall, f1


def figures(model: np.ndarray, corpus: Corpus, threshold: float = GAP_THRESHOLD) -> str:
    accuracy, precision, recall, f1 = scores(model, corpus, threshold)
    return f"accuracy {accuracy:.3f}  gap-p {precision:.3f} gap-r {recall:.3f} gap-f1 {f1:.3f}"


def best_threshold(models: list[np.ndarray], corpora: list[Corpus]) -> float:
    """The threshold with the best mean accuracy of each model on its corpus (ties: the one
    nearest 0.5)."""
    return max(
        THRESHOLDS,
        key=lambda t: (
            round(sum(scores(m, c, t)[0] for m, c in zip(models, corpora, strict=True)), 9),
            -abs(t - 0.5),
        ),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    args = ap.parse_args()
    corpora = [read(root) for root in args.corpora]
    shipped = np.array(ANSWERED)
    if len(corpora) > 1:
        print(f"leave one corpus out (fitted on the others), at GAP_THRESHOLD {GAP_THRESHOLD}:")
        held_out = [fit_on([c for c in corpora if c is not held]) for held in corpora]
        for held, model in zip(corpora, held_out, strict=True):
            print(f"  {held.name:12s} {figures(model, held)}")
        threshold = best_threshold(held_out, corpora)
        print(f"best threshold left out that way: {threshold}")
        for held, model in zip(corpora, held_out, strict=True):
            print(f"  {held.name:12s} {figures(model, held, threshold)}")
        if len(corpora) > 2:
            print("threshold chosen without the corpus scored (nested):")
            for k, (held, model) in enumerate(zip(corpora, held_out, strict=True)):
                others = [j for j in range(len(corpora)) if j != k]
                chosen = best_threshold([held_out[j] for j in others], [corpora[j] for j in others])
                print(f"  {held.name:12s} {chosen:.2f} {figures(model, held, chosen)}")
    model = fit_on(corpora)
    print("fitted on all:")
    for corpus in corpora:
        print(f"  {corpus.name:12s} {figures(model, corpus)}")
    print("match.ANSWERED as shipped:")
    for corpus in corpora:
        print(f"  {corpus.name:12s} {figures(shipped, corpus)}")
    print("ANSWERED = (" + ", ".join(f"{v:.3f}" for v in model) + ")")
    medians = [c.median for c in corpora]
    print("medians of ln best confidence: " + ", ".join(f"{m:.2f}" for m in medians))
    print(f"TYPICAL_PRIOR = {sum(medians) / len(medians):.2f}")
    return 0 if all(math.isfinite(v) for v in model) else 1


if __name__ == "__main__":
    sys.exit(main())
