"""Attachments: the files under content/ that assets point at with `file:`."""

from __future__ import annotations

import stat
from pathlib import Path

#: What an attachment may be: documents, slides, sheets, images, video. Never HTML, SVG or
#: script, which the site's origin would serve as its own pages.
ATTACHMENT_TYPES = frozenset(
    {
        ".pdf",
        ".pptx",
        ".ppt",
        ".key",
        ".docx",
        ".doc",
        ".xlsx",
        ".xls",
        ".csv",
        ".txt",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",
        ".mp4",
        ".webm",
        ".mov",
        ".mp3",
        ".zip",
    }
)


def attachment_source(root: Path, file: str) -> Path | None:
    """The file an asset's `file:` names, if it is safe to publish: a regular file (no
    symbolic link) of an allowed type, inside content/."""
    content = (root / "content").resolve()
    candidate = content / file
    try:
        real = candidate.resolve(strict=True)
        status = candidate.lstat()
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(content) or not stat.S_ISREG(status.st_mode):
        return None
    return real if real.suffix.lower() in ATTACHMENT_TYPES else None
