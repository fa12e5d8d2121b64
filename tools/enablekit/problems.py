"""One problem type for everything a person must fix, and the formats that print it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A thing to fix, at a 1-based line and column of a file as it is on disk."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, line: int, column: int, rule: str, message: str, **kw: str | None) -> Problem:
    return Problem(path, line, column, Severity.ERROR, rule, message, **kw)


def warning(
    path: str, line: int, column: int, rule: str, message: str, **kw: str | None
) -> Problem:
    return Problem(path, line, column, Severity.WARNING, rule, message, **kw)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def format_text(problems: Sequence[Problem]) -> str:
    """`path:line:col: severity rule: message`, one line each, like compilers and linters."""
    return "".join(
        f"{p.path}:{p.line}:{p.column}: {p.severity} {p.rule}: {p.message}\n" for p in problems
    )


def format_json(problems: Sequence[Problem], key: str = "problems") -> str:
    """The FORMATS.md shape; `suggestion` appears only when there is one."""
    rows = []
    for p in problems:
        row = asdict(p)
        row["severity"] = str(p.severity)
        if row["suggestion"] is None:
            del row["suggestion"]
        rows.append(row)
    return json.dumps({key: rows}, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, which annotate the pull request's diff."""
    lines = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        props = (
            f"file={_escape_property(p.path)},line={p.line},col={p.column},"
            f"title={_escape_property(p.rule)}"
        )
        lines.append(f"::{level} {props}::{_escape_data(p.message)}\n")
    return "".join(lines)


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_sarif(
    problems: Sequence[Problem],
    rules: Mapping[str, str] | None = None,
    *,
    version: str = "",
    information_uri: str = "https://github.com/enablekit/enablekit",
) -> str:
    """SARIF 2.1.0, for code-scanning views (GitHub's upload-sarif, Azure DevOps, IDEs).

    `rules` maps rule ids to a one-line description; paths are relative to the repository
    root (`%SRCROOT%`), as code scanning expects.
    """
    described = dict(rules or {})
    ids = sorted({p.rule for p in problems} | set(described))
    index = {rule: i for i, rule in enumerate(ids)}
    driver: dict[str, object] = {
        "name": "enablekit",
        "informationUri": information_uri,
        "rules": [
            {
                "id": rule,
                "name": "".join(part.capitalize() for part in rule.split("-")),
                "shortDescription": {"text": described.get(rule, rule)},
            }
            for rule in ids
        ],
    }
    if version:
        driver["version"] = version
    results = []
    for p in problems:
        text = p.message + (f" Suggestion: {p.suggestion}" if p.suggestion else "")
        results.append(
            {
                "ruleId": p.rule,
                "ruleIndex": index[p.rule],
                "level": "error" if p.is_error else "warning",
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": p.path, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": p.line, "startColumn": p.column},
                        }
                    }
                ],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "results": results, "columnKind": "unicodeCodePoints"}
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return f"{files} files checked: no problems."
    return f"{files} files checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
