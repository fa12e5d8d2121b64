#!/usr/bin/env python3
"""Time `enablekit link --format json` and `enablekit validate` on a repository.

usage: python benchmarks/bench_link.py --repo /tmp/s20k [--runs 3]

Each run is a child process under /usr/bin/time (wall, CPU, peak RSS), after one untimed
warm-up; the machine is shared, so the median is what to quote. Put the worktree's
tools/ first on PYTHONPATH to time it rather than the installed enablekit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

COMMANDS = {
    "link --format json": ["link", "--format", "json"],
    "validate": ["validate"],
}


def run(repo: Path, args: list[str]) -> tuple[float, float, float]:
    """Wall s, CPU s, peak RSS MB of one run of `python -m enablekit --root repo *args`."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(
            [
                "/usr/bin/time",
                "-f",
                "%e %U %S %M",
                "-o",
                report.name,
                sys.executable,
                "-m",
                "enablekit",
                "--root",
                str(repo),
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            env=os.environ,
            check=False,
        )
        wall, user, system, rss = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print("| command | median wall s | min-max s | median CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    for name, command in COMMANDS.items():
        run(args.repo, command)  # warm-up: page cache, .pyc
        runs = [run(args.repo, command) for _ in range(args.runs)]
        walls = [r[0] for r in runs]
        print(
            f"| `enablekit {name}` | {statistics.median(walls):.2f} | "
            f"{min(walls):.2f}-{max(walls):.2f} | {statistics.median(r[1] for r in runs):.2f} | "
            f"{max(r[2] for r in runs):.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
