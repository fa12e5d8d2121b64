"""Split a Markdown asset into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import Problem, error


@dataclass(frozen=True)
class Split:
    """Front matter text (lines 2..n of the file) and the body after the closing '---'."""

    front_matter: str
    body: str
    body_line: int


def split_front_matter(path: str, text: str) -> tuple[Split | None, list[Problem]]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, [
            error(
                path,
                1,
                1,
                "syntax",
                "an asset starts with front matter: a '---' line, its fields "
                "(title, type, ...), and a closing '---' line",
            )
        ]
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            body = "".join(lines[number:])
            return Split("".join(lines[1 : number - 1]), body, number + 1), []
    return None, [
        error(
            path,
            1,
            1,
            "syntax",
            "the front matter opened here is never closed; add a '---' line after its last field",
        )
    ]
