"""One file's text in, its findings (and its fixed text) out: pure, no file system."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..load.frontmatter import split_front_matter
from ..load.yamlfile import parse_yaml
from ..problems import Problem, Severity, error
from .document import (
    ASSET_FIELDS,
    REQUEST_FIELDS,
    Document,
    Fields,
    build,
    line_starts,
    read_fields,
    read_top_fields,
    yaml_region,
)
from .framework import Framework
from .rules import RULES, Finding, Settings
from .suppress import ID as SUPPRESSION
from .suppress import read_suppressions

ASSET = "asset"
REQUEST = "request"
KNOWN_RULES = frozenset(RULES)


@dataclass(frozen=True)
class Outcome:
    """What checking one file gave: its problems, and with --fix its text after the fixes."""

    path: str
    problems: tuple[Problem, ...]
    fixed: str | None = None
    original: str | None = None
    fixes: int = 0


def prepare(path: str, kind: str, text: str) -> tuple[Document | None, list[Problem]]:
    """The Document `check` reads from a file's text, or the problem that keeps it unread."""
    if kind == ASSET:
        return _asset(path, text)
    try:
        fields = read_top_fields(text, REQUEST_FIELDS)
    except yaml.YAMLError:
        return None, _unreadable(path, text)
    regions = _yaml_regions(text, fields, REQUEST_FIELDS)
    return build(path, kind, text, fields, regions), []


def _asset(path: str, text: str) -> tuple[Document | None, list[Problem]]:
    split, problems = split_front_matter(path, text)
    if split is None:
        return None, [_cannot(p) for p in problems]
    starts = line_starts(text)
    front_start = starts[1] if len(starts) > 1 else len(text)
    body_start = starts[split.body_line - 1] if split.body_line - 1 < len(starts) else len(text)
    try:
        fields = read_fields(split.front_matter, base=front_start)
    except yaml.YAMLError:
        return None, _unreadable(path, split.front_matter, line_offset=1)
    if fields.top.get("status") is not None and fields.top["status"].value == "retired":
        fields = Fields()  # out of use: nothing to check
        return build(path, ASSET, text, fields, []), []
    regions = _yaml_regions(text, fields, ASSET_FIELDS)
    if body_start < len(text):
        regions.append((body_start, len(text), "body", 0))
    return build(path, ASSET, text, fields, regions), []


def _yaml_regions(
    text: str, fields: Fields, names: tuple[str, ...]
) -> list[tuple[int, int, str, int]]:
    regions = []
    for name in names:
        scalar = fields.top.get(name)
        if scalar is None:
            continue
        span = yaml_region(text, scalar)
        if span is not None:
            regions.append((span[0], span[1], name, span[2]))
    return regions


def _unreadable(path: str, text: str, line_offset: int = 0) -> list[Problem]:
    _, problems = parse_yaml(path, text, line_offset=line_offset)
    errors = [p for p in problems if p.is_error] or [error(path, 1, 1, "syntax", "invalid YAML")]
    return [_cannot(errors[0])]


def _cannot(problem: Problem) -> Problem:
    return error(
        problem.path,
        problem.line,
        problem.column,
        "syntax",
        f"not checked: {problem.message} (`enablekit validate` lists every problem)",
    )


def check_document(
    doc: Document, fw: Framework, settings: Settings, rules: frozenset[str]
) -> list[Finding]:
    """Every finding of the enabled rules, less the suppressed ones, plus faulty suppressions."""
    findings = [f for rule in sorted(rules) for f in RULES[rule].check(doc, fw, settings)]
    suppressions = read_suppressions(doc, KNOWN_RULES)
    findings = [f for f in findings if not suppressions.covers(f.rule, f.start)]
    findings += [
        Finding(SUPPRESSION, start, end, message, Severity.ERROR)
        for start, end, message in suppressions.problems
    ]
    return sorted(findings, key=lambda f: (f.start, f.rule))


def to_problem(doc: Document, finding: Finding) -> Problem:
    line, column = doc.position(finding.start)
    return Problem(
        doc.path,
        line,
        column,
        finding.severity,
        finding.rule,
        finding.message,
        finding.suggestion,
    )


def check_text(
    path: str,
    kind: str,
    text: str,
    fw: Framework,
    settings: Settings,
    rules: frozenset[str],
    fix: bool = False,
) -> Outcome:
    """Check one file's text; with `fix`, also its text with every safe fix made."""
    doc, problems = prepare(path, kind, text)
    if doc is None:
        return Outcome(path, tuple(problems))
    findings = check_document(doc, fw, settings, rules)
    if fix:
        fixed, count = apply_fixes(doc, findings)
        if fixed is not None:
            again, _ = prepare(path, kind, fixed)
            if again is not None:
                left = check_document(again, fw, settings, rules)
                return Outcome(path, tuple(to_problem(again, f) for f in left), fixed, text, count)
    return Outcome(path, tuple(to_problem(doc, f) for f in findings))


def apply_fixes(doc: Document, findings: list[Finding]) -> tuple[str | None, int]:
    """The text with each finding's replacement written in, or None when nothing is fixed.

    In YAML the replacement is written the way the value is quoted; a fix that would change
    any other value, or the file's validity, is not made.
    """
    edits = []
    last_end = -1
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.replacement is None or finding.start < last_end:
            continue
        new = _in_yaml_style(doc, finding.start, finding.replacement)
        if new is None:
            continue
        edits.append((finding.start, finding.end, new))
        last_end = finding.end
    if not edits:
        return None, 0
    pieces, cursor = [], 0
    for start, end, new in edits:
        pieces += [doc.text[cursor:start], new]
        cursor = end
    fixed = "".join(pieces) + doc.text[cursor:]
    return (fixed, len(edits)) if _same_elsewhere(doc, fixed) else (None, 0)


def _in_yaml_style(doc: Document, offset: int, new: str) -> str | None:
    region = next((r for r in doc.regions if r.start <= offset < r.end), None)
    if region is None:
        return None
    if region.field == "body":
        return new
    style = doc.fields.top[region.field].style
    if style == '"':
        return new.replace("\\", "\\\\").replace('"', '\\"')
    if style == "'":
        return new.replace("'", "''")
    if style is None and (": " in new or " #" in new or new.endswith(":")):
        return None
    return new


def _same_elsewhere(doc: Document, fixed: str) -> bool:
    """The fixed file reads the same except in the fields that were checked."""
    try:
        again, _ = prepare(doc.path, doc.kind, fixed)
    except yaml.YAMLError:
        return False
    if again is None:
        return False
    checked = {r.field for r in doc.regions}
    before = {k: s.value for k, s in doc.fields.top.items() if k not in checked}
    after = {k: s.value for k, s in again.fields.top.items() if k not in checked}
    return before == after and [r.field for r in again.regions] == [r.field for r in doc.regions]
