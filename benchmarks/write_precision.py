#!/usr/bin/env python3
"""How many links `enablekit link --write` would record at each --min-score, and how many
of them labels.yml accepts.

usage: python benchmarks/write_precision.py CORPUS [CORPUS ...] [--cmd "python3 -m enablekit"]

Each CORPUS is an enablement repository with labels.yml beside it (see
shared/eval/link_quality.py). A link is recorded for a request that is not a gap, has no
explicit link yet, and whose first suggestion scores at least the threshold
(link.write.accepted); it is right when labels.yml lists that asset for the request.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6)


def first_suggestions(corpus: Path, cmd: list[str]) -> list[tuple[float, bool]]:
    """(score, right) of the first suggestion of every labeled request that is not a gap."""
    labels = yaml.safe_load((corpus / "labels.yml").read_text())["matches"]
    run = subprocess.run(
        [*cmd, "--root", str(corpus), "link", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = []
    for request in json.loads(run.stdout)["requests"]:
        matches = request["matches"]
        explicit = any(m.get("explicit") for m in matches)  # linked already: nothing to write
        if request["id"] in labels and not request["gap"] and matches and not explicit:
            first = matches[0]
            found.append((first["score"], first["asset"] in labels[request["id"]]))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="+", type=Path)
    ap.add_argument("--cmd", default="python3 -m enablekit")
    args = ap.parse_args()
    found = [s for corpus in args.corpora for s in first_suggestions(corpus, shlex.split(args.cmd))]
    print("| min-score | written | right |\n|---:|---:|---:|")
    for threshold in THRESHOLDS:
        chosen = [right for score, right in found if score >= threshold]
        share = sum(chosen) / len(chosen) if chosen else 0.0
        print(f"| {threshold} | {len(chosen)} | {share:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
