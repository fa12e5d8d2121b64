"""`enablekit link --write`: accepted suggestions into the requests' `assets:`, changing
nothing else in the file.

ruamel.yaml edits the file (comments, key order and quoting survive); the result is kept
only if it differs from the original by the `assets` lines alone, so a file whose style
ruamel cannot reproduce is reported, never reformatted. Line ends and a byte-order mark are
kept; each file is written beside itself and renamed over it.
"""

from __future__ import annotations

import difflib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from ..problems import Problem, warning
from .match import Link

#: Indentation styles tried, in order, until one reproduces the file exactly.
_STYLES = ((2, 4, 2), (2, 2, 0), (4, 6, 4), (4, 4, 0))


@dataclass(frozen=True)
class Edit:
    path: str
    before: str
    after: str
    added: tuple[str, ...]

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


def accepted(links: list[Link], min_score: float) -> dict[str, list[str]]:
    """Request path -> asset ids to add: the best suggestion of each request that is not a
    gap, has no explicit link yet, and scores at least `min_score`."""
    chosen = {}
    for link in links:
        if link.gap or any(m.explicit for m in link.matches) or not link.matches:
            continue
        best = link.matches[0]
        if best.score >= min_score:
            chosen[link.request.path] = [best.asset]
    return chosen


def plan_edits(root: Path, additions: dict[str, list[str]]) -> tuple[list[Edit], list[Problem]]:
    edits, problems = [], []
    for path, assets in sorted(additions.items()):
        raw = (root / path).read_bytes().decode("utf-8")
        edit = _edit(path, raw, "assets", assets)
        if edit is None:
            problems.append(
                warning(
                    path,
                    1,
                    1,
                    "link-write",
                    f"cannot add assets: [{', '.join(assets)}] without reformatting "
                    "the file; add it by hand",
                )
            )
        elif edit.after != edit.before:
            edits.append(edit)
    return edits, problems


def add_to_list(root: Path, path: str, key: str, values: list[str]) -> Edit | None:
    """The edit that appends `values` to the list at `key` of a request file (made if
    missing), changing no other line; None when ruamel cannot keep the rest as it is."""
    raw = (root / path).read_bytes().decode("utf-8")
    return _edit(path, raw, key, values)


def _edit(path: str, raw: str, key: str, values: list[str]) -> Edit | None:
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    text = raw[len(bom) :]
    crlf = "\r\n" in text
    plain = text.replace("\r\n", "\n")
    for mapping, sequence, offset in _STYLES:
        yaml = _yaml(mapping, sequence, offset)
        data = yaml.load(plain)
        if _dump(yaml, data) != plain or not isinstance(data, dict):
            continue
        new = [v for v in values if v not in (data.get(key) or [])]
        if not new:
            return Edit(path, raw, raw, ())
        if isinstance(data.get(key), list):
            data[key].extend(new)
        else:
            seq = CommentedSeq(new)
            seq.fa.set_flow_style()
            data[key] = seq
        after = _dump(yaml, data)
        if not _only_key_changed(plain, after, key):
            return None
        if crlf:
            after = after.replace("\n", "\r\n")
        return Edit(path, raw, bom + after, tuple(new))
    return None


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _only_key_changed(before: str, after: str, key: str) -> bool:
    """Every changed line is the `key` line or an item under it."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changed = before.splitlines()[i1:i2] + after.splitlines()[j1:j2]
        if not all(
            line.startswith(f"{key}:") or line.lstrip().startswith("- ") for line in changed
        ):
            return False
    return True


def apply(root: Path, edits: list[Edit]) -> None:
    """Write each edit atomically: a temporary file beside the request, renamed over it."""
    for edit in edits:
        target = root / edit.path
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(edit.after)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
