"""Bytes to text, reporting what would make a file unreadable for a person or a parser."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..problems import Problem, error

#: C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BOM = "\ufeff"


@dataclass(frozen=True)
class Text:
    """A file's text, its line ends and whether it began with a byte-order mark."""

    text: str
    newline: str
    bom: bool


def decode(path: str, data: bytes) -> tuple[Text | None, list[Problem]]:
    """Decode UTF-8 (a byte-order mark is allowed and remembered) and refuse control characters."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8", "replace"))
        byte = data[exc.start]
        return None, [
            error(
                path,
                line,
                column,
                "encoding",
                f"byte 0x{byte:02X} is not valid UTF-8; save the file as UTF-8",
            )
        ]
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    newline = "\r\n" if "\r\n" in text else "\n"
    problems = [
        error(
            path,
            *_position(text[: m.start()]),
            "encoding",
            f"control character U+{ord(m.group()):04X} is not allowed; delete it",
        )
        for m in _CONTROL.finditer(text)
    ]
    return Text(text, newline, bom), problems


def _position(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1
