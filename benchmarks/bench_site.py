#!/usr/bin/env python3
"""Time `enablekit build` against a plain MkDocs build of the same content.

usage: python benchmarks/bench_site.py [--requests 20000] [--assets 2000] [--runs 3]
                                       [--seed 1] [--repo PATH] [--keep]

The anchor is what a team would get without enablekit: a plain MkDocs + Material project
(same theme with `font: false`, plugins `search` and `tags`, the Markdown extensions
enablekit's plugin turns on) whose docs/ holds

- one page per asset enablekit gives a page (every asset that is not a draft: published
  and retired), its body with its title as H1 and its tags in front matter;
- one page per 100 requests, each request a `## title`, its details and its answer;
- an index.md, the only page in `nav:`; `not_in_nav: /*` keeps MkDocs quiet about the
  thousands of pages outside it (enablekit keeps its item pages out of the nav too).

The conversion reads the synthetic repository's files itself (standard library + PyYAML).

The two builds run --runs times each, alternating (enablekit, plain, enablekit, ...), as
child processes with NO_MKDOCS_2_WARNING=1, each into a site directory emptied beforehand
(outside the timing). Wall time and the child's peak RSS come from `/usr/bin/time -f
"%e %M"` when it exists, else from a fresh `python -c` wrapper reading
getrusage(RUSAGE_CHILDREN) (it has one child, so the maximum is that run's); CPU time
(user + sys) comes with them, as a figure less sensitive to other load. After each
build the site is measured: HTML pages, total bytes, HTML page bytes (median, max) and
search/search_index.json (bytes, entries).

The goals checked at the end: enablekit build within 1.3x the plain build's wall time
(medians), under 60 s, and peak RSS under 1.5 GB (1536 MiB).
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

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

try:
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # PyYAML without libyaml
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

PROJECT = Path(__file__).resolve().parents[1]
REQUESTS_PER_PAGE = 100
GOAL_RATIO = 1.3
GOAL_SECONDS = 60.0
GOAL_RSS_MIB = 1536.0
GNU_TIME = "/usr/bin/time"

#: Fallback when /usr/bin/time is missing: runs one command and prints its wall time and
#: the rusage of its (only) child as JSON.
WRAPPER = r"""
import json, resource, subprocess, sys, time
spec = json.load(sys.stdin)
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    start = time.perf_counter()
    try:
        code = subprocess.run(spec["argv"], cwd=spec["cwd"], stdout=out, stderr=err,
                              stdin=subprocess.DEVNULL).returncode
    except OSError as e:
        err.write(f"{spec['argv'][0]}: {e}\n".encode())
        code = 127
    wall = time.perf_counter() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "maxrss": ru.ru_maxrss,
                  "cpu": ru.ru_utime + ru.ru_stime, "code": code}))
"""


# --------------------------------------------------------------------------- plain project


def front_matter(text: str) -> tuple[dict, str]:
    """(front matter, body) of a Markdown file with `---` front matter."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 4)
    if end < 0:
        return {}, text
    meta = yaml.load(text[4:end], Loader=YamlLoader) or {}
    return (meta if isinstance(meta, dict) else {}), text[end + 5 :]


def convert(repo: Path, plain: Path) -> dict[str, int]:
    """Write the plain MkDocs project of `repo`'s content into `plain`; the page counts."""
    docs = plain / "docs"
    (docs / "library").mkdir(parents=True)
    (docs / "requests").mkdir()
    counts = {"assets": 0, "asset pages": 0, "requests": 0, "request pages": 0}

    for path in sorted((repo / "content").rglob("*.md")):
        counts["assets"] += 1
        meta, body = front_matter(path.read_text(encoding="utf-8"))
        if not meta or meta.get("status") == "draft":
            continue  # enablekit gives drafts no page
        title = str(meta.get("title") or path.stem)
        body = body.lstrip("\n")
        if not body.startswith("# "):
            body = f"# {title}\n\n{body}"
        head = ""
        if meta.get("tags"):
            tags = yaml.safe_dump({"tags": list(meta["tags"])}, sort_keys=False)
            head = f"---\n{tags}---\n\n"
        (docs / "library" / f"{path.stem}.md").write_text(head + body, encoding="utf-8")
        counts["asset pages"] += 1

    files = sorted((repo / "requests").glob("*.yml"))
    counts["requests"] = len(files)
    for start in range(0, len(files), REQUESTS_PER_PAGE):
        chunk = files[start : start + REQUESTS_PER_PAGE]
        number = start // REQUESTS_PER_PAGE + 1
        out = [f"# Requests {start + 1}-{start + len(chunk)}", ""]
        for f in chunk:
            r = yaml.load(f.read_text(encoding="utf-8"), Loader=YamlLoader) or {}
            out += [f"## {r.get('title') or f.stem}", ""]
            if r.get("details"):
                out += [str(r["details"]).strip(), ""]
            if r.get("answer"):
                out += ["**Answer:**", "", str(r["answer"]).strip(), ""]
        (docs / "requests" / f"page-{number:04d}.md").write_text("\n".join(out), encoding="utf-8")
        counts["request pages"] += 1

    (docs / "index.md").write_text(
        "# Synthetic Enablement\n\n"
        f"{counts['asset pages']:,} asset pages under `library/` and {counts['requests']:,} "
        f"requests on {counts['request pages']:,} pages under `requests/`.\n",
        encoding="utf-8",
    )
    (plain / "mkdocs.yml").write_text(
        "site_name: Synthetic Enablement (plain MkDocs)\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - tags\n"
        "markdown_extensions:\n  - attr_list\n  - admonition\n  - tables\n"
        '  - toc:\n      permalink: "\u00b6"\n  - pymdownx.superfences\n'
        "nav:\n  - index.md\n"
        "not_in_nav: |\n  /*\n",
        encoding="utf-8",
    )
    return counts


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mib: float
    pages: int
    site_bytes: int
    page_median: float
    page_max: int
    index_bytes: int
    index_entries: int


@dataclass
class Build:
    name: str
    argv: list[str]
    site: Path
    shown: str
    runs: list[Run] = field(default_factory=list)


def site_stats(site: Path) -> dict:
    html: list[int] = []
    total = 0
    for dirpath, _, names in os.walk(site):
        for name in names:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            if name.endswith(".html"):
                html.append(size)
    index = site / "search" / "search_index.json"
    entries = 0
    if index.is_file():
        entries = len(json.loads(index.read_bytes()).get("docs", []))
    return {
        "pages": len(html),
        "site_bytes": total,
        "page_median": statistics.median(html) if html else 0,
        "page_max": max(html, default=0),
        "index_bytes": index.stat().st_size if index.is_file() else 0,
        "index_entries": entries,
    }


def measure(
    argv: list[str], cwd: Path, scratch: Path, env: dict[str, str]
) -> tuple[float, float, float, int]:
    """Run argv once; (wall seconds, CPU seconds, peak RSS in MiB, exit code)."""
    out, err = scratch / "stdout", scratch / "stderr"
    if os.access(GNU_TIME, os.X_OK):
        timing = scratch / "time"
        with open(out, "wb") as o, open(err, "wb") as e:
            start = time.perf_counter()
            code = subprocess.run(
                [GNU_TIME, "-f", "%e %M %U %S", "-o", str(timing), *argv],
                cwd=cwd,
                stdout=o,
                stderr=e,
                stdin=subprocess.DEVNULL,
                env=env,
            ).returncode
            wall = time.perf_counter() - start
        # the last line: GNU time puts "Command exited with non-zero status N" before it
        fields = timing.read_text().strip().splitlines()[-1].split()
        return wall, float(fields[2]) + float(fields[3]), int(fields[1]) / 1024, code
    spec = {"argv": argv, "cwd": str(cwd), "stdout": str(out), "stderr": str(err)}
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    r = json.loads(done.stdout)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS
    rss = r["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return r["wall"], r["cpu"], rss, r["code"]


def command(name: str) -> str | None:
    """The console script installed next to this Python (no pyenv shim), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.is_file() and os.access(here, os.X_OK) else shutil.which(name)


def version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as v

    try:
        return v(dist)
    except PackageNotFoundError:
        return "not installed"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --------------------------------------------------------------------------- report


def med(values: list[float]) -> float:
    return statistics.median(values)


def table(ek: Build, plain: Build) -> str:
    metrics = [
        ("wall time (s)", "wall", lambda x: f"{x:.2f}"),
        ("CPU time, user + sys (s)", "cpu", lambda x: f"{x:.2f}"),
        ("peak RSS (MiB)", "rss_mib", lambda x: f"{x:.0f}"),
        ("HTML pages", "pages", lambda x: f"{x:,.0f}"),
        ("site size (MB)", "site_bytes", lambda x: f"{x / 1e6:.1f}"),
        ("HTML page bytes, median", "page_median", lambda x: f"{x:,.0f}"),
        ("HTML page bytes, max", "page_max", lambda x: f"{x:,.0f}"),
        ("search index (MB)", "index_bytes", lambda x: f"{x / 1e6:.2f}"),
        ("search index entries", "index_entries", lambda x: f"{x:,.0f}"),
    ]
    lines = [
        "| metric | enablekit median | enablekit min-max | plain median | plain min-max "
        "| enablekit / plain |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, key, fmt in metrics:
        a = [getattr(r, key) for r in ek.runs]
        b = [getattr(r, key) for r in plain.runs]
        ratio = f"{med(a) / med(b):.2f}x" if med(b) else "-"
        lines.append(
            f"| {label} | {fmt(med(a))} | {fmt(min(a))}-{fmt(max(a))} "
            f"| {fmt(med(b))} | {fmt(min(b))}-{fmt(max(b))} | {ratio} |"
        )
    return "\n".join(lines)


def goals(ek: Build, plain: Build) -> list[str]:
    t_ek, t_plain = med([r.wall for r in ek.runs]), med([r.wall for r in plain.runs])
    rss = max(r.rss_mib for r in ek.runs)
    ratio = t_ek / t_plain

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    return [
        f"- enablekit build <= {GOAL_RATIO}x the plain build: {mark(ratio <= GOAL_RATIO)} "
        f"({t_ek:.2f} s / {t_plain:.2f} s = {ratio:.2f}x, medians)",
        f"- enablekit build under {GOAL_SECONDS:.0f} s: {mark(t_ek < GOAL_SECONDS)} "
        f"(median {t_ek:.2f} s, slowest {max(r.wall for r in ek.runs):.2f} s)",
        f"- enablekit peak RSS under 1.5 GB ({GOAL_RSS_MIB:.0f} MiB): "
        f"{mark(rss < GOAL_RSS_MIB)} (largest of {len(ek.runs)} runs: {rss:.0f} MiB)",
    ]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--assets", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each build")
    ap.add_argument("--repo", type=Path, help="use this repository instead of generating one")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = ap.parse_args(argv)
    if args.runs < 1 or min(args.requests, args.assets) < 0:
        ap.error("--runs must be at least 1 and the counts not negative")

    tools = {name: command(name) for name in ("enablekit", "mkdocs")}
    for name, path in tools.items():
        if path is None:
            print(
                f"bench_site.py: `{name}` is not installed; `pip install -e {PROJECT}`",
                file=sys.stderr,
            )
            return 2

    load_before = load()
    work = Path(tempfile.mkdtemp(prefix="enablekit-bench-site-"))
    try:
        if args.repo:
            repo = args.repo.resolve()
            if not (repo / "requests").is_dir() or not (repo / "mkdocs.yml").is_file():
                ap.error(f"{repo} has no requests/ folder or mkdocs.yml")
            origin = str(args.repo)
        else:
            repo = work / "repo"
            start = time.perf_counter()
            synth.generate(repo, args.requests, args.assets, seed=args.seed)
            took = time.perf_counter() - start
            origin = f"generated by synth.py, seed {args.seed}, in {took:.1f} s"
        print(f"repository: {repo} ({origin})", file=sys.stderr)
        start = time.perf_counter()
        counts = convert(repo, work / "plain")
        converted = time.perf_counter() - start
        print(f"plain project: {work / 'plain'} ({converted:.1f} s)", file=sys.stderr)

        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        builds = [
            Build(
                "enablekit",
                [
                    tools["enablekit"],
                    "--root",
                    str(repo),
                    "build",
                    "--site-dir",
                    str(work / "site-enablekit"),
                ],
                work / "site-enablekit",
                "enablekit --root REPO build --site-dir OUT1",
            ),
            Build(
                "plain",
                [
                    tools["mkdocs"],
                    "build",
                    "-q",
                    "-f",
                    str(work / "plain" / "mkdocs.yml"),
                    "-d",
                    str(work / "site-plain"),
                ],
                work / "site-plain",
                "mkdocs build -q -f PLAIN/mkdocs.yml -d OUT2",
            ),
        ]
        for i in range(args.runs):
            for b in builds:
                shutil.rmtree(b.site, ignore_errors=True)
                wall, cpu, rss, code = measure(b.argv, work, work, env)
                if code != 0:
                    text = (work / "stdout").read_text(errors="replace") + (
                        work / "stderr"
                    ).read_text(errors="replace")
                    print(
                        f"{b.name} build failed (exit {code}): {shlex.join(b.argv)}\n"
                        "first lines of its output:",
                        file=sys.stderr,
                    )
                    for line in text.splitlines()[:20]:
                        print("    " + line, file=sys.stderr)
                    return 1
                b.runs.append(Run(wall, cpu, rss, **site_stats(b.site)))
                print(
                    f"  run {i + 1}/{args.runs} {b.name}: {wall:.2f} s ({cpu:.2f} s CPU), "
                    f"{rss:.0f} MiB, "
                    f"{b.runs[-1].pages:,} HTML pages",
                    file=sys.stderr,
                )
    finally:
        if args.keep:
            print(f"kept {work} (repo/, plain/, site-enablekit/, site-plain/)", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    load_after = load()

    ek, plain = builds
    print("## enablekit build vs plain MkDocs\n")
    print(f"- repository: {counts['requests']:,} requests, {counts['assets']:,} assets ({origin})")
    print(
        f"- plain project: {counts['asset pages']:,} asset pages (non-draft assets) + "
        f"{counts['request pages']:,} request pages of {REQUESTS_PER_PAGE} + index.md, "
        f"converted in {converted:.1f} s"
    )
    print(
        f"- commands: `{ek.shown}` and `{plain.shown}`, {args.runs} runs each, alternating; "
        f"{'/usr/bin/time' if os.access(GNU_TIME, os.X_OK) else 'getrusage wrapper'} "
        "for peak RSS"
    )
    print(
        f"- Python {platform.python_version()}, enablekit {version('enablekit')}, "
        f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}; "
        f"{os.cpu_count()} CPUs, {platform.system()}"
    )
    print(f"- load average (1, 5, 15 min): {load_before} before, {load_after} after\n")
    print(table(ek, plain))
    print("\nGoals:\n")
    print("\n".join(goals(ek, plain)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
