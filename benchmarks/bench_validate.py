#!/usr/bin/env python3
"""Time `enablekit validate` against check-jsonschema on the same synthetic request files.

usage: python benchmarks/bench_validate.py [--requests 20000] [--assets 2000] [--runs 5]
                                           [--repo PATH] [--git] [--schema PATH]

check-jsonschema (PyPI `check-jsonschema`) validating every request file against
enablekit's own request schema is the anchor: it is what a team would run without
enablekit. enablekit does more (taxonomy values, asset links, front matter of every asset,
the messaging file), so its row also counts the files it reads.

Every command runs --runs times (after --warmup untimed runs) in a fresh `python -c`
wrapper that times it and reads `getrusage(RUSAGE_CHILDREN)`: the wrapper has no other
children, so ru_maxrss is that one run's peak resident set, not a maximum carried over
from earlier runs. The table shows the median, min and max wall time, the largest
per-run peak RSS, the files the tool reads and files per second at the median.

A tool that is not installed (or a schema that does not exist yet) gets a row that says
so; the other rows are still measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.dont_write_bytecode = True  # no __pycache__ left in benchmarks/
import synth  # noqa: E402  (after the sys.path line above)

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_SCHEMA = PROJECT / "tools" / "enablekit" / "schemas" / "request.schema.json"

#: Runs one measured command (a list of argv batches run one after the other) and prints
#: its wall time and the rusage of its children as JSON. The spec arrives on stdin, since
#: 20,000 file names would not fit in this wrapper's own argv either.
WRAPPER = r"""
import json, resource, subprocess, sys, time
spec = json.load(sys.stdin)
codes = []
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    start = time.perf_counter()
    for argv in spec["batches"]:
        try:
            codes.append(subprocess.run(argv, cwd=spec["cwd"], stdout=out, stderr=err,
                                        stdin=subprocess.DEVNULL).returncode)
        except OSError as e:
            err.write(f"{argv[0]}: {e}\n".encode())
            codes.append(127)
    wall = time.perf_counter() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "maxrss": ru.ru_maxrss,
                  "cpu": ru.ru_utime + ru.ru_stime, "codes": codes}))
"""


@dataclass
class Row:
    """One line of the table: a command and what its runs measured (or why it did not run)."""

    tool: str
    command: str
    files: int
    walls: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    exits: set[int] = field(default_factory=set)
    skipped: str = ""
    output: str = ""
    version: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def measure(batches: list[list[str]], cwd: Path, scratch: Path) -> dict:
    """Run the batches once inside a fresh wrapper; its wall time, peak RSS and exit codes."""
    spec = {
        "batches": batches,
        "cwd": str(cwd),
        "stdout": str(scratch / "stdout"),
        "stderr": str(scratch / "stderr"),
    }
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS
    result["rss_mb"] = result["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return result


def bench(
    row: Row, batches: list[list[str]], cwd: Path, runs: int, warmup: int, scratch: Path
) -> Row:
    for i in range(warmup + runs):
        r = measure(batches, cwd, scratch)
        if i >= warmup:
            row.walls.append(r["wall"])
            row.rss_mb.append(r["rss_mb"])
            row.cpus.append(r["cpu"])
        row.exits.update(r["codes"])
        print(
            f"  {row.tool}: {row.command}: run {i + 1}/{warmup + runs} "
            f"{r['wall']:.2f} s{' (warm-up)' if i < warmup else ''}",
            file=sys.stderr,
        )
    if row.exits != {0}:
        text = (scratch / "stdout").read_text(errors="replace") + (scratch / "stderr").read_text(
            errors="replace"
        )
        row.output = "\n".join(text.splitlines()[:8])
    return row


def batch_argv(prefix: list[str], files: list[str]) -> list[list[str]]:
    """Split `prefix + files` into argvs that each fit the OS limit.

    The times of the batches are summed (the wrapper runs them back to back) and peak RSS
    is the largest batch's. On Linux 20,000 relative paths fit in one argv (~1 MB of the
    2 MB ARG_MAX), so check-jsonschema normally runs once, as a person would run it.
    """
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (ValueError, OSError):
        limit = 256 * 1024
    budget = limit - sum(len(k) + len(v) + 2 for k, v in os.environ.items()) - 64 * 1024
    base = sum(len(a) + 1 + 8 for a in prefix)  # +8: the argv pointer
    batches: list[list[str]] = []
    current: list[str] = []
    size = base
    for f in files:
        cost = len(f) + 1 + 8
        if current and size + cost > budget:
            batches.append(prefix + current)
            current, size = [], base
        current.append(f)
        size += cost
    batches.append(prefix + current)
    return batches


def tool_argv(cmd: str) -> tuple[list[str], str]:
    """`cmd` split into argv, and a reason it cannot run ('' when it can)."""
    argv = shlex.split(cmd)
    if not argv or shutil.which(argv[0]) is None:
        return argv, f"not installed: `{argv[0] if argv else cmd}` is not on PATH"
    return argv, ""


def version(argv: list[str]) -> str:
    try:
        done = subprocess.run([*argv, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (done.stdout.strip() or done.stderr.strip() or "?").splitlines()[0]
    return text.rsplit(" ", 1)[-1]  # "check-jsonschema, version 0.39.0" -> "0.39.0"


def table(rows: list[Row]) -> str:
    head = (
        "| tool | command | median s | min s | max s | peak RSS MB | files | files/s "
        "| CPU s | exit |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if r.skipped:
            lines.append(f"| {r.tool} | `{r.command}` | {r.skipped} | | | | {r.files:,} | | | |")
            continue
        lines.append(
            f"| {r.tool} | `{r.command}` | {r.median:.2f} | {min(r.walls):.2f} "
            f"| {max(r.walls):.2f} | {max(r.rss_mb):.0f} | {r.files:,} "
            f"| {r.files / r.median:,.0f} | {statistics.median(r.cpus):.2f} "
            f"| {','.join(map(str, sorted(r.exits)))} |"
        )
    return "\n".join(lines)


def ratios(rows: list[Row], anchor: Row) -> list[str]:
    """How each enablekit row compares with check-jsonschema (below 1x time is faster)."""
    if anchor.skipped:
        return [f"No ratio: check-jsonschema did not run ({anchor.skipped})."]
    out = []
    for r in rows:
        if r is anchor or r.skipped:
            continue
        out.append(
            f"- `{r.command}` / check-jsonschema: {r.median / anchor.median:.2f}x wall time "
            f"(median), {statistics.median(r.cpus) / statistics.median(anchor.cpus):.2f}x CPU "
            f"time, {max(r.rss_mb) / max(anchor.rss_mb):.2f}x peak RSS, "
            f"{(r.files / r.median) / (anchor.files / anchor.median):.2f}x files/s"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--assets", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (warm caches)")
    ap.add_argument("--repo", type=Path, help="use this repository instead of generating one")
    ap.add_argument("--git", action="store_true", help="generate with a Git history")
    ap.add_argument("--keep", action="store_true", help="keep the generated repository")
    ap.add_argument(
        "--schema",
        type=Path,
        default=DEFAULT_SCHEMA,
        help="request schema for check-jsonschema (default: enablekit's own)",
    )
    ap.add_argument("--enablekit", default="enablekit", help="command that runs enablekit")
    ap.add_argument(
        "--check-jsonschema",
        default="check-jsonschema",
        dest="cjs",
        help="command that runs check-jsonschema",
    )
    ap.add_argument("--json", type=Path, help="also write the measurements here as JSON")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        ap.error("--runs must be at least 1 and --warmup at least 0")

    work = Path(tempfile.mkdtemp(prefix="enablekit-bench-"))
    try:
        if args.repo:
            repo = args.repo.resolve()
            if not (repo / "requests").is_dir():
                ap.error(f"{repo} has no requests/ folder")
            generated = ""
        else:
            repo = work / "repo"
            start = time.perf_counter()
            synth.generate(repo, args.requests, args.assets, seed=args.seed, git=args.git)
            generated = (
                f"generated by synth.py in {time.perf_counter() - start:.1f} s "
                f"(seed {args.seed}{', with Git history' if args.git else ''})"
            )
        requests = sorted(p.relative_to(repo).as_posix() for p in repo.glob("requests/**/*.yml"))
        assets = sum(1 for _ in repo.glob("content/**/*.md"))
        load_before = os.getloadavg()[0]
        rows = run_all(args, repo, requests, assets, work)
        load_after = os.getloadavg()[0]
    finally:
        if args.keep and not args.repo:
            print(f"kept {work / 'repo'}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    print("## enablekit validate vs check-jsonschema\n")
    print(
        f"- repository: {len(requests):,} requests, {assets:,} assets"
        + (f", {generated}" if generated else f" ({args.repo})")
    )
    print(
        f"- {args.runs} timed runs per command after {args.warmup} warm-up; "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.system()}, "
        f"load average {load_before:.1f} before and {load_after:.1f} after (on a busy machine "
        "wall times spread; CPU s is steadier)"
    )
    print(
        "- versions: "
        + "; ".join(dict.fromkeys(f"{r.tool} {r.version or 'not installed'}" for r in rows))
    )
    print(f"- schema: {args.schema}\n")
    print(table(rows))
    print()
    print("\n".join(ratios(rows, rows[0])))
    for r in rows:
        if r.output:
            print(f"\n{r.tool} `{r.command}` exited {sorted(r.exits)}; first lines of output:\n")
            print("\n".join("    " + line for line in r.output.splitlines()))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "requests": len(requests),
                    "assets": assets,
                    "runs": args.runs,
                    "rows": [
                        {k: (sorted(v) if isinstance(v, set) else v) for k, v in vars(r).items()}
                        for r in rows
                    ],
                },
                indent=2,
            )
        )
    return 0


def run_all(
    args: argparse.Namespace, repo: Path, requests: list[str], assets: int, work: Path
) -> list[Row]:
    """Measure check-jsonschema, then both forms of `enablekit validate`."""
    rows: list[Row] = []
    schema = args.schema.resolve()
    cjs, missing = tool_argv(args.cjs)
    prefix = [*cjs, "--schemafile", str(schema)]
    batches = batch_argv(prefix, requests) if not missing else []
    shown = f"{args.cjs} --schemafile {args.schema} requests/*.yml" + (
        f" ({len(batches)} batches)" if len(batches) > 1 else ""
    )
    row = Row("check-jsonschema", shown, len(requests), version=version(cjs) if not missing else "")
    if missing:
        row.skipped = f"{missing}; `pip install check-jsonschema`"
    elif not schema.is_file():
        row.skipped = f"schema not found: {schema} (pass --schema)"
    else:
        bench(row, batches, repo, args.runs, args.warmup, work)
    rows.append(row)

    ek, missing = tool_argv(args.enablekit)
    ek_version = version(ek) if not missing else ""
    # what validate reads: requests, asset front matter, taxonomy, messaging, mkdocs.yml
    files = len(requests) + assets + 3
    for extra in ([], ["--format", "json"]):
        row = Row(
            "enablekit",
            " ".join([args.enablekit, "--root", "REPO", "validate", *extra]),
            files,
            version=ek_version,
        )
        if missing:
            row.skipped = f"{missing}; `pip install -e .` in {PROJECT}"
        else:
            bench(
                row,
                [[*ek, "--root", str(repo), "validate", *extra]],
                repo,
                args.runs,
                args.warmup,
                work,
            )
        rows.append(row)
    return rows


if __name__ == "__main__":
    sys.exit(main())
