"""Suppressions: comments that switch named rules off for a line, a value, a block or a file.

In Markdown (asset bodies, and the Markdown of a request's details and answer):

    <!-- enablekit-disable-next-line terminology -->     the next non-blank line
    <!-- enablekit-disable-line banned-phrase -->         the line the comment is on
    <!-- enablekit-disable claim-mismatch -->  ...  <!-- enablekit-enable claim-mismatch -->
    <!-- enablekit-disable-file stale-asset -->           the whole file

In YAML (request files, an asset's front matter), where a comment cannot sit inside a value:

    # enablekit: disable=banned-phrase                     on its own line: the next key's value
    details: |  # enablekit: disable=terminology          after a key: that key's value
    # enablekit: disable-file=claim-expired                the whole file

Every suppression names the rules it switches off (several, separated by commas); one that
names none, or names a rule that does not exist, is itself reported (rule `suppression`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .document import Document

ID = "suppression"

_MARKDOWN = re.compile(
    r"<!--[ \t]*enablekit-(?P<what>disable-next-line|disable-line|disable-file|disable|enable)"
    r"\b(?P<ids>.*?)-->",
    re.DOTALL,
)
_YAML = re.compile(
    r"#[ \t]*enablekit[ \t]*:[ \t]*(?P<what>disable-next-line|disable-line|disable-file|disable|enable)"
    r"\b[ \t]*(?:=[ \t]*(?P<ids>[^\n#]*))?"
)
_IDS = re.compile(r"[^\s,]+")


@dataclass
class Suppressions:
    """Which rules are off where: (rule, start, end) offset ranges, and the faulty comments."""

    ranges: list[tuple[str, int, int]] = field(default_factory=list)
    problems: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, message

    def covers(self, rule: str, offset: int) -> bool:
        return any(r == rule and s <= offset < e for r, s, e in self.ranges)


def read_suppressions(doc: Document, known: frozenset[str]) -> Suppressions:
    found = Suppressions()
    text = doc.text
    if "enablekit" not in text:
        return found
    open_blocks: dict[str, int] = {}
    for m in _MARKDOWN.finditer(text):
        if not _in_checked_text(doc, m.start()):
            continue
        ids = _ids(found, m.group("ids"), m.start(), m.end(), known)
        what = m.group("what")
        if what == "disable-next-line":
            start, end = _next_line(text, m.end())
        elif what == "disable-line":
            start = text.rfind("\n", 0, m.start()) + 1
            end = _line_end(text, m.end())
        elif what == "disable-file":
            start, end = 0, len(text)
        elif what == "disable":
            for rule in ids:
                open_blocks.setdefault(rule, m.end())
            continue
        else:
            for rule in ids:
                if rule in open_blocks:
                    found.ranges.append((rule, open_blocks.pop(rule), m.start()))
            continue
        found.ranges += [(rule, start, end) for rule in ids]
    found.ranges += [(rule, start, len(text)) for rule, start in open_blocks.items()]
    if "#" in text:
        _read_yaml_comments(doc, found, known)
    return found


def _read_yaml_comments(doc: Document, found: Suppressions, known: frozenset[str]) -> None:
    text = doc.text
    yaml_end = len(text)
    if doc.kind == "asset":
        body = [r for r in doc.regions if r.field == "body"]
        yaml_end = body[0].start if body else len(text)
    spans = doc.fields.spans
    for m in _YAML.finditer(text, 0, yaml_end):
        if m.start() > 0 and not text[m.start() - 1].isspace():
            continue
        if any(s <= m.start() < e for s, e in spans):
            continue  # a '#' inside a value is text, not a comment
        ids = _ids(found, m.group("ids") or "", m.start(), m.end(), known)
        what = m.group("what")
        if what == "disable-file":
            found.ranges += [(rule, 0, len(text)) for rule in ids]
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        own_line = not text[line_start : m.start()].strip()
        target = _value_after(doc, line_start if not own_line else m.end())
        if target is not None:
            found.ranges += [(rule, target[0], target[1]) for rule in ids]


def _value_after(doc: Document, offset: int) -> tuple[int, int] | None:
    """The [key, end of value) span of the first top-level key at or after `offset`, when
    it is one `check` reads."""
    starts = [k for k in doc.fields.key_starts if k >= offset]
    if not starts:
        return None
    scalar = next((s for s in doc.fields.top.values() if s.key_start == min(starts)), None)
    if scalar is None:
        return None
    return scalar.key_start, max(scalar.end, scalar.start + 1)


def _in_checked_text(doc: Document, offset: int) -> bool:
    return any(r.start <= offset < r.end for r in doc.regions)


def _ids(found: Suppressions, raw: str, start: int, end: int, known: frozenset[str]) -> list[str]:
    ids = _IDS.findall(raw.strip())
    if not ids:
        found.problems.append(
            (
                start,
                end,
                "a suppression must name the rules it turns off, e.g. "
                "'enablekit-disable-next-line terminology'; rules: " + ", ".join(sorted(known)),
            )
        )
    good = []
    for rule in ids:
        if rule in known:
            good.append(rule)
            continue
        close = difflib.get_close_matches(rule, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "rules: " + ", ".join(sorted(known))
        found.problems.append((start, end, f"unknown rule '{rule}' in a suppression; {hint}"))
    return good


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _next_line(text: str, offset: int) -> tuple[int, int]:
    """The next line after `offset` that is not blank."""
    start = _line_end(text, offset)
    while start < len(text):
        end = _line_end(text, start)
        if text[start:end].strip():
            return start, end
        start = end
    return start, start
