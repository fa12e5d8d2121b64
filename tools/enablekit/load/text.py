"""Bytes to text, reporting what would make a file unreadable for a person or a parser."""

from __future__ import annotations

import re

from ..problems import Problem, error

#: C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BOM = "\ufeff"


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a leading byte-order mark is dropped) and refuse control characters."""
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
    text = text.removeprefix(BOM)
    problems = [
        error(
            path,
            *_position(text[: m.start()]),
            "encoding",
            f"control character U+{ord(m.group()):04X} is not allowed; delete it",
        )
        for m in _CONTROL.finditer(text)
    ]
    return text, problems


def _position(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1
