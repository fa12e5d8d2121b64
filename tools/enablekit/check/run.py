"""`enablekit check` over a repository: which files, read where (worker processes on large
repositories), the fact sheet then and now for --since, and the fixes written back.

The checking itself is `engine.check_text`, a pure function; this module is its adapter to
files and Git, through `load/`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..load.build import build_item
from ..load.changes import changed_files, text_at
from ..load.documents import Kind, read_document, usable_cpus
from ..load.repository import MESSAGING, list_files
from ..load.texts import read_text, write_text
from ..load.yamlfile import parse_yaml
from ..model import Messaging, Repository, Source
from ..problems import Problem, has_errors, warning
from ..validate import schema_problems
from .engine import ASSET, REQUEST, Outcome, check_text
from .framework import Framework
from .rules import RULES, Settings

#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 1_000


class MessagingError(Exception):
    """content/messaging.yml cannot be used; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "messaging.yml is invalid")
        self.problems = problems


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    files: int
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def fixed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.fixed is not None]


def default_rules() -> frozenset[str]:
    return frozenset(rule_id for rule_id, rule in RULES.items() if rule.DEFAULT)


def load_messaging(root: Path) -> tuple[Messaging, list[Problem]]:
    """The fact sheet, or MessagingError when it is broken (a check against it would lie)."""
    if not (root / MESSAGING).is_file():
        return Messaging(), [
            warning(
                MESSAGING,
                1,
                1,
                "messaging",
                "there is no content/messaging.yml, so terms, banned phrases and claims are "
                "not checked; write one (terms:, banned:, claims:)",
            )
        ]
    doc = read_document(root, MESSAGING, Kind.MESSAGING)
    problems = list(doc.problems)
    if isinstance(doc.data, dict):
        problems += schema_problems(doc)
    if doc.data is None or has_errors(problems):
        raise MessagingError([p for p in problems if p.is_error])
    item = build_item("messaging", doc.source, doc.data)
    assert isinstance(item, Messaging)
    return item, []


def changed_claims(root: Path, ref: str, now: Messaging) -> dict[str, str] | None:
    """Claim id -> value at `ref`, for claims whose value changed; None when messaging.yml
    is unchanged."""
    then_text = text_at(root, ref, MESSAGING)
    now_text, _ = read_text(root, MESSAGING)
    if then_text == now_text:
        return None
    if then_text is None:
        return {}
    parsed, _ = parse_yaml(MESSAGING, then_text)
    then = build_item("messaging", Source(MESSAGING), parsed.data if parsed else None)
    assert isinstance(then, Messaging)
    before = {c.id: c.value for c in then.claims}
    return {c.id: before[c.id] for c in now.claims if c.id in before and before[c.id] != c.value}


def run_check(
    root: Path,
    *,
    rules: frozenset[str],
    today: dt.date,
    options: dict[str, dict[str, object]] | None = None,
    since: str | None = None,
    fix: bool = False,
    jobs: int | None = None,
) -> Report:
    """Check the repository (or, with `since`, what changed since that ref)."""
    messaging, problems = load_messaging(root)
    settings = Settings(today, options or {})
    files = [(p, k) for p, k in list_files(root) if k in (Kind.ASSET, Kind.REQUEST)]
    if since is not None:
        changed = changed_files(root, since)
        claims = changed_claims(root, since, messaging)
        if claims is None:  # the framework is as it was: only changed files can have news
            files = [(p, k) for p, k in files if p in changed]
        else:
            settings = replace(settings, changed=claims, since=since)
    else:
        rules = rules - {"claim-changed"}
    outcomes = check_files(root, files, messaging, settings, rules, fix, jobs)
    for outcome in outcomes:
        problems += outcome.problems
    problems.sort(key=lambda p: (p.path, p.line, p.column, p.rule))
    return Report(problems, len(files), outcomes)


def write_fixes(root: Path, outcomes: Sequence[Outcome]) -> list[str]:
    """Write each fixed file atomically; the paths not written because they changed meanwhile."""
    skipped = []
    for outcome in outcomes:
        if outcome.fixed is None or outcome.original is None:
            continue
        if not write_text(root, outcome.path, outcome.original, outcome.fixed):
            skipped.append(outcome.path)
    return skipped


_WORKER: tuple[Framework, Settings, frozenset[str], bool] | None = None


def _start_worker(
    messaging: Messaging, settings: Settings, rules: frozenset[str], fix: bool
) -> None:
    global _WORKER
    _WORKER = (Framework(messaging), settings, rules, fix)


def _check_chunk(root: Path, files: Sequence[tuple[str, Kind]]) -> list[Outcome]:
    assert _WORKER is not None
    fw, settings, rules, fix = _WORKER
    outcomes = []
    for path, kind in files:
        text, problems = read_text(root, path)
        if text is None:
            outcomes.append(Outcome(path, tuple(problems)))
            continue
        kind_name = ASSET if kind is Kind.ASSET else REQUEST
        outcomes.append(check_text(path, kind_name, text, fw, settings, rules, fix))
    return outcomes


def check_files(
    root: Path,
    files: Sequence[tuple[str, Kind]],
    messaging: Messaging,
    settings: Settings,
    rules: frozenset[str],
    fix: bool = False,
    jobs: int | None = None,
) -> list[Outcome]:
    """Check many files, in worker processes when there are enough to pay for them."""
    jobs = jobs or usable_cpus()
    if jobs == 1 or len(files) < PARALLEL_FROM:
        _start_worker(messaging, settings, rules, fix)
        return _check_chunk(root, files)
    size = -(-len(files) // (jobs * 4))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    try:
        with ProcessPoolExecutor(
            jobs, initializer=_start_worker, initargs=(messaging, settings, rules, fix)
        ) as pool:
            parts = pool.map(_check_chunk, [root] * len(chunks), chunks)
            return [outcome for part in parts for outcome in part]
    except (BrokenProcessPool, OSError):  # no processes allowed, or a worker killed: check here
        _start_worker(messaging, settings, rules, fix)
        return _check_chunk(root, files)


def asset_findings(repo: Repository, today: dt.date) -> dict[str, list[Problem]]:
    """The messaging findings of each asset (by path) that is not retired, for the site's
    banner; staleness is left out (the site shows it already). {} when messaging.yml is
    broken: `validate` reports that."""
    root = Path(repo.root)
    try:
        messaging, missing = load_messaging(root)
    except MessagingError:
        return {}
    if missing:
        return {}
    rules = default_rules() - {"stale-asset", "claim-changed"}
    files = [(a.path, Kind.ASSET) for a in repo.assets if a.status != "retired"]
    outcomes = check_files(root, files, messaging, Settings(today), frozenset(rules), jobs=1)
    found = {o.path: [p for p in o.problems if p.rule != "syntax"] for o in outcomes}
    return {path: problems for path, problems in found.items() if problems}
