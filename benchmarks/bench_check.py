#!/usr/bin/env python3
"""Time `enablekit check` on the synthetic repository, and beside textlint + prh.

usage: python benchmarks/bench_check.py [--repo PATH] [--runs 5] [--textlint DIR]

1. The whole repository: `enablekit check --format json` on the synthetic repository
   (benchmarks/synth.py: 20,000 requests, 2,000 assets, 100 terms, 30 banned phrases, 20
   claims; generated into a temporary folder unless --repo names one). Every rule that is
   on by default runs.
2. Side by side with textlint and textlint-rule-prh, on the same 2,000 Markdown assets and
   the same 100 terms: a copy of the repository with only content/ and a messaging.yml of
   terms alone, `enablekit check --disable stale-asset` against
   `textlint --rule prh` with a prh.yml written from the same terms (`expected` is `use`,
   `patterns` are `instead_of`). textlint comes from npm, installed outside the
   repository:  npm install --prefix /tmp/tl textlint textlint-rule-prh  (--textlint DIR
   names that folder; without it the row says textlint is missing).

Each command runs --runs times after one untimed warm-up; the table gives the median wall
time with min-max, the median CPU time of the command's processes (user + system, from
getrusage of the children), files per second at the median wall time, and the findings
each tool reported (a check that both did the work). The machine is shared: read the
medians and the ratios, and the CPU column, which other loads disturb less.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.dont_write_bytecode = True  # no __pycache__ left in benchmarks/
import synth  # noqa: E402  (after the sys.path line above)

PROJECT = Path(__file__).resolve().parents[1]
DATE = synth.REFERENCE_DATE.isoformat()


@dataclass
class Row:
    name: str
    files: int
    walls: list[float]
    cpus: list[float]
    findings: int | str

    def line(self) -> str:
        if not self.walls:
            return f"| {self.name} | {self.files:,} | - | - | - | - | {self.findings} |"
        wall = statistics.median(self.walls)
        return (
            f"| {self.name} | {self.files:,} | {wall:.2f} | {min(self.walls):.2f}-"
            f"{max(self.walls):.2f} | {statistics.median(self.cpus):.2f} | "
            f"{self.files / wall:,.0f} | {self.findings} |"
        )


def timed(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, cpu, done.stdout


def measure(
    name: str,
    argv: Sequence[str],
    cwd: Path,
    files: int,
    runs: int,
    count: Callable[[str], int],
    env: dict[str, str],
) -> Row:
    _, _, out = timed(argv, cwd, env)  # warm-up: file cache, imports, node's JIT
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, out = timed(argv, cwd, env)
        walls.append(wall)
        cpus.append(cpu)
    return Row(name, files, walls, cpus, count(out))


def enablekit_findings(out: str) -> int:
    return len(json.loads(out)["findings"])


def textlint_findings(out: str) -> int:
    return sum(len(f["messages"]) for f in json.loads(out or "[]"))


def terms_only_copy(repo: Path, target: Path) -> int:
    """content/ with a messaging.yml of terms alone, and the prh.yml of the same terms."""
    messaging = yaml.safe_load((repo / "content/messaging.yml").read_text())
    terms = messaging.get("terms") or []
    shutil.copytree(repo / "content", target / "content")
    shutil.copy(repo / "mkdocs.yml", target / "mkdocs.yml")
    (target / "content/messaging.yml").write_text(yaml.safe_dump({"terms": terms}))
    prh = {
        "version": 1,
        "rules": [{"expected": t["use"], "patterns": list(t["instead_of"])} for t in terms],
    }
    (target / "prh.yml").write_text(yaml.safe_dump(prh, allow_unicode=True))
    (target / ".textlintrc.json").write_text(
        json.dumps({"rules": {"prh": {"rulePaths": [str(target / "prh.yml")]}}})
    )
    return len(terms)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", type=Path, help="an existing synthetic repository")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--textlint", type=Path, help="folder with node_modules/.bin/textlint")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-check-"))
    try:
        repo = args.repo
        if repo is None:
            repo = work / "repo"
            synth.generate(repo, requests=20000, assets=2000, terms=100, banned=30, claims=20)
        env = {**os.environ, "PYTHONPATH": str(PROJECT / "tools"), "GITHUB_ACTIONS": ""}
        check = [sys.executable, "-m", "enablekit", "--root"]
        files = sum(1 for _ in (repo / "requests").rglob("*.yml")) + sum(
            1 for p in (repo / "content").rglob("*.md")
        )
        rows = [
            measure(
                "enablekit check, every default rule",
                [*check, str(repo), "check", "--date", DATE, "--format", "json"],
                repo,
                files,
                args.runs,
                enablekit_findings,
                env,
            )
        ]
        side = work / "terms"
        terms = terms_only_copy(repo, side)
        assets = sum(1 for _ in (side / "content").rglob("*.md"))
        rows.append(
            measure(
                f"enablekit check, {terms} terms",
                [*check, str(side), "check", "--disable", "stale-asset", "--format", "json"],
                side,
                assets,
                args.runs,
                enablekit_findings,
                env,
            )
        )
        binary = args.textlint / "node_modules/.bin/textlint" if args.textlint else None
        if binary is None or not binary.exists():
            rows.append(Row("textlint + prh (not installed)", assets, [], [], "-"))
        else:
            rows.append(
                measure(
                    f"textlint + textlint-rule-prh, {terms} terms",
                    [
                        str(binary),
                        "--config",
                        str(side / ".textlintrc.json"),
                        "--rules-base-directory",
                        str(args.textlint / "node_modules"),
                        "--format",
                        "json",
                        "content/**/*.md",
                    ],
                    side,
                    assets,
                    args.runs,
                    textlint_findings,
                    env,
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {platform.platform()}, ")
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}; runs: {args.runs}\n")
    print("| command | files | wall s (median) | min-max | CPU s (median) | files/s | findings |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row.line())
    if len(rows) == 3 and rows[2].walls:
        ratio = statistics.median(rows[2].walls) / statistics.median(rows[1].walls)
        cpu_ratio = statistics.median(rows[2].cpus) / statistics.median(rows[1].cpus)
        print(
            f"\ntextlint + prh / enablekit on the same files: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
