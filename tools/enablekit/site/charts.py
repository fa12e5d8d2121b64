"""Mermaid charts (drawn in the browser by Material, with the Mermaid shipped in the package).

Labels come from reps (competitor names, reasons), so they are reduced to characters
that cannot end a Mermaid string or start a directive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_UNSAFE = re.compile(r"[^\w .,&/+'()-]+", re.UNICODE)


def chart_label(text: str, limit: int = 40) -> str:
    cleaned = " ".join(_UNSAFE.sub(" ", text).split())[:limit]
    return cleaned or "unnamed"


def pie(title: str, counts: Sequence[tuple[str, int]]) -> list[str]:
    if not counts:
        return []
    lines = ["```mermaid", f"pie title {chart_label(title, 80)}"]
    lines += [f'    "{chart_label(name)}" : {value}' for name, value in counts]
    return [*lines, "```", ""]


def bars(title: str, labels: Sequence[str], values: Sequence[float], axis: str) -> list[str]:
    if not labels:
        return []
    top = max(max(values, default=0), 1)
    x_axis = ", ".join(f'"{chart_label(label, 20)}"' for label in labels)
    numbers = ", ".join(f"{v:g}" for v in values)
    return [
        "```mermaid",
        "xychart-beta",
        f'    title "{chart_label(title, 80)}"',
        f"    x-axis [{x_axis}]",
        f'    y-axis "{chart_label(axis)}" 0 --> {top:g}',
        f"    bar [{numbers}]",
        "```",
        "",
    ]
