"""Shared fixtures: a minimal valid enablement repository and a way to run `validate` on it."""

from __future__ import annotations

import json
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

# The text format: `path:line:col: severity rule: message`, one problem per stdout line.
TEXT_PROBLEM = re.compile(
    r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<severity>error|warning) (?P<rule>[a-z][a-z0-9-]*): (?P<message>.+)$"
)
# The GitHub Actions workflow-command format: `::error file=...,line=...,col=...::message`.
GITHUB_PROBLEM = re.compile(
    r"^::(?P<severity>error|warning|notice) (?P<properties>[^:]*)::(?P<message>.*)$"
)
RULE_ID = re.compile(r"^[a-z][a-z0-9-]*$")

MKDOCS_YML = """\
site_name: Acme enablement
theme:
  name: material
docs_dir: enablement
plugins:
  - search
  - enablekit
"""

INDEX_MD = """\
# Acme enablement

Everything sales needs to answer customers, in one place.
"""

TAXONOMY_YML = """\
stages: [awareness, consideration, decision, onboarding, renewal]
personas: [hr-director, it-admin, cfo]
industries: [healthcare, retail]
asset_types:
  - ebook
  - case-study
  - whitepaper
  - one-pager
  - battlecard
  - email-template
  - deck
  - video
  - faq
"""

MESSAGING_YML = """\
terms:
  - use: People Cloud
    instead_of: [HR Cloud, Peoplecloud]
    note: renamed in 2025
banned:
  - phrase: guaranteed ROI
    reason: legal does not allow guarantees
    suggest: proven ROI
claims:
  - id: uptime
    topic: [uptime, availability]
    value: 99.95%
    valid_until: 2099-12-31
    source: SLA v4, section 2
"""

# Dates are far in the future so that the sample never turns stale or expired.
SSO_BRIEF_MD = """\
---
title: Single sign-on with People Cloud
type: one-pager
id: sso-brief
summary: How People Cloud connects to Okta, Azure AD and any SAML 2.0 identity provider.
stage: decision
personas: [it-admin, hr-director]
industries: [healthcare]
tags: [sso, security]
owner: Dana Product Marketing
published: 2025-01-15
review_by: 2099-12-31
status: published
url: https://example.com/people-cloud/sso
answers: [sso-question]
---

# Single sign-on with People Cloud

People Cloud supports SAML 2.0 and OpenID Connect, so IT admins connect it to Okta or
Azure AD in minutes. Uptime is 99.95%, backed by our SLA.
"""

SSO_QUESTION_YML = """\
kind: question
title: Does People Cloud support single sign-on with Okta?
stage: decision
personas: [it-admin]
assets: [sso-brief]
"""

SAMPLE_FILES: Mapping[str, str] = {
    "mkdocs.yml": MKDOCS_YML,
    "enablement/index.md": INDEX_MD,
    "content/taxonomy.yml": TAXONOMY_YML,
    "content/messaging.yml": MESSAGING_YML,
    "content/one-pagers/sso-brief.md": SSO_BRIEF_MD,
    "requests/sso-question.yml": SSO_QUESTION_YML,
}


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write files under root exactly as given: str as UTF-8 without newline translation."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """A minimal valid enablement repository in tmp_path/repo (tmp_path stays free for extras)."""
    root = tmp_path / "repo"
    write_tree(root, SAMPLE_FILES)
    return root


@pytest.fixture
def write_files() -> Callable[[Path, Mapping[str, str | bytes]], None]:
    """Write (or overwrite) files in a repository: `write_files(repo, {"requests/x.yml": ...})`."""
    return write_tree


class DeadlineExceeded(BaseException):
    """Raised in the test when a command runs far too long; BaseException so no CLI swallows it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the main thread after `seconds`, so a runaway command fails instead of hanging."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise DeadlineExceeded(f"command still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def peak_memory_mb() -> float | None:
    """The process's peak resident memory so far, in MB (None where the platform cannot say)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass(frozen=True)
class ValidateRun:
    """One run of `enablekit validate`; unpacks as (exit_code, stdout, problems)."""

    exit_code: int
    stdout: str
    problems: list[dict[str, Any]]
    stderr: str
    output_format: str
    elapsed: float
    peak_memory_growth_mb: float | None
    result: Result = field(repr=False)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.exit_code, self.stdout, self.problems))


def _output_format(args: tuple[str, ...], env: Mapping[str, str | None]) -> str:
    for index, arg in enumerate(args):
        if arg == "--format" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--format="):
            return arg.split("=", 1)[1]
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def _unescape(value: str) -> str:
    """Undo GitHub's escaping of workflow-command values (%25, %2C, %3A, %0A, %0D)."""
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), value)


def _github_problem(match: re.Match[str]) -> dict[str, Any]:
    properties = dict(
        item.split("=", 1) for item in match.group("properties").split(",") if "=" in item
    )
    properties = {key: _unescape(value) for key, value in properties.items()}
    message = _unescape(match.group("message"))
    # The format has no rule field: take it, if given, from `title=`, `[rule]` or `rule: `.
    title = properties.get("title", "")
    named = re.search(r"\[(?P<rule>[a-z][a-z0-9-]*)\]|^(?P<leading>[a-z][a-z0-9-]*): ", message)
    rule = title if RULE_ID.match(title) else (named and (named["rule"] or named["leading"]))
    return {
        "path": properties.get("file"),
        "line": int(properties.get("line", 0)),
        "column": int(properties.get("col", 0)),
        "severity": match.group("severity"),
        "rule": rule,
        "message": message,
    }


def _parse_lines(stdout: str, pattern: re.Pattern[str], output_format: str) -> list[dict[str, Any]]:
    problems = []
    for text in stdout.splitlines():
        if not text.strip():
            continue
        match = pattern.match(text)
        assert match, f"stdout line is not a {output_format} problem line: {text!r}"
        if output_format == "github":
            problems.append(_github_problem(match))
            continue
        problem: dict[str, Any] = match.groupdict()
        problem["line"] = int(problem["line"])
        problem["column"] = int(problem["column"])
        problems.append(problem)
    return problems


def parse_problems(stdout: str, output_format: str) -> list[dict[str, Any]]:
    """Parse validate's stdout in the given format into problem dicts (path, line, column, ...)."""
    if output_format == "json":
        document = json.loads(stdout)
        assert isinstance(document, dict) and isinstance(document.get("problems"), list), stdout
        return list(document["problems"])
    if output_format == "github":
        return _parse_lines(stdout, GITHUB_PROBLEM, output_format)
    return _parse_lines(stdout, TEXT_PROBLEM, output_format)


def assert_no_traceback(result: Result) -> None:
    """A traceback reaching a user is a bug: only SystemExit may end a command."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        details = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        pytest.fail(f"command raised {result.exception!r}\n{details}")
    for stream in (result.output, result.stderr):
        assert "Traceback" not in stream, stream


def _make_runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # Click < 8.2
    except TypeError:
        return CliRunner()  # Click >= 8.2 always keeps stderr apart


RunValidate = Callable[..., ValidateRun]


@pytest.fixture
def run_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunValidate:
    """`run_validate(repo, *args, env=None, timeout=30)`: invoke `--root repo validate *args`.

    Runs from outside the repository (so --root must be honoured), without GITHUB_ACTIONS
    unless env sets it, and parses the problems in whichever format was asked for.
    """
    from enablekit.cli import main

    monkeypatch.chdir(tmp_path)

    def run(
        repo: Path,
        *args: str,
        env: Mapping[str, str | None] | None = None,
        timeout: float = 30.0,
    ) -> ValidateRun:
        environment: dict[str, str | None] = {"GITHUB_ACTIONS": None, **(env or {})}
        memory_before = peak_memory_mb()
        started = time.perf_counter()
        with deadline(timeout):
            result = _make_runner().invoke(
                main, ["--root", str(repo), "validate", *args], env=environment
            )
        elapsed = time.perf_counter() - started
        memory_after = peak_memory_mb()
        growth = (
            None if memory_before is None or memory_after is None else memory_after - memory_before
        )
        assert_no_traceback(result)
        output_format = _output_format(args, environment)
        problems = [] if result.exit_code == 2 else parse_problems(result.stdout, output_format)
        return ValidateRun(
            exit_code=result.exit_code,
            stdout=result.stdout,
            problems=problems,
            stderr=result.stderr,
            output_format=output_format,
            elapsed=elapsed,
            peak_memory_growth_mb=growth,
            result=result,
        )

    return run
