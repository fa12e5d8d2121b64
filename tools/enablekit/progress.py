"""What a long command is doing, on one line of a terminal; nothing in CI or in a pipe."""

from __future__ import annotations

import os
import sys


def shown() -> bool:
    """Only for a person watching: standard error is a terminal and this is not CI."""
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def step(message: str) -> None:
    """Replace the progress line with `message` ("reading 22,002 files ...")."""
    if shown():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


def done() -> None:
    """Clear the progress line, so the command's own output starts on a clean line."""
    if shown():
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
