"""Files as text for `check`: read safely (the rules `validate` reads by), written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..problems import Problem, error
from .documents import _read_bytes
from .text import BOM, decode


def read_text(root: Path, path: str) -> tuple[str | None, list[Problem]]:
    """A file's text as on disk (line ends kept, a byte-order mark dropped), or why not."""
    raw, reason = _read_bytes(os.path.join(root, path))
    if raw is None:
        return None, [error(path, 1, 1, "syntax", reason)]
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    return text, []


def write_text(root: Path, path: str, before: str, after: str) -> bool:
    """Replace a file's text `before` with `after`: beside it, then renamed over it (its mode
    and byte-order mark kept). False, and nothing written, when the file changed meanwhile."""
    target = Path(root) / path
    raw = target.read_bytes()
    bom = raw.startswith(BOM.encode("utf-8"))
    if raw.decode("utf-8", "replace").removeprefix(BOM) != before:
        return False
    mode = target.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write((BOM if bom else "") + after)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
