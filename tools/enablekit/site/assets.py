"""Files the site serves besides pages: enablekit's static files and the assets' attachments."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

STATIC = "assets/enablekit"
MERMAID = f"{STATIC}/mermaid.min.js"
STYLESHEET = f"{STATIC}/enablekit.css"
_STATIC_FILES = ("mermaid.min.js", "enablekit.css")


def static_files() -> Iterator[tuple[str, Path]]:
    """(site path, file on disk) of the static files shipped in the package."""
    folder = resources.files("enablekit.site").joinpath("static")
    for name in _STATIC_FILES:
        with resources.as_file(folder.joinpath(name)) as source:
            yield f"{STATIC}/{name}", Path(source)


def attachments(root: Path) -> Iterator[tuple[str, Path]]:
    """(site path, file on disk) of every non-Markdown file under content/, served under library/."""
    content = root / "content"
    for top, dirs, names in sorted(os.walk(content)):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.endswith((".md", ".yml", ".yaml")) or name.startswith("."):
                continue
            source = Path(top, name)
            yield "library/" + source.relative_to(content).as_posix(), source
