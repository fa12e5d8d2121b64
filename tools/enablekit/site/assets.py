"""Files the site serves besides pages: enablekit's static files and the assets' attachments."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from ..load.attachments import attachment_source
from ..model import Repository

STATIC = "assets/enablekit"
MERMAID = f"{STATIC}/mermaid.min.js"
STYLESHEET = f"{STATIC}/enablekit.css"
_STATIC_FILES = ("mermaid.min.js", "enablekit.css", "ask.js")


def static_files() -> Iterator[tuple[str, Path]]:
    """(site path, file on disk) of the static files shipped in the package."""
    folder = resources.files("enablekit.site").joinpath("static")
    for name in _STATIC_FILES:
        with resources.as_file(folder.joinpath(name)) as source:
            yield f"{STATIC}/{name}", Path(source)


def attachments(root: Path, repo: Repository) -> Iterator[tuple[str, Path]]:
    """(site path, file) of the attachments that published and retired assets point at,
    served under library/ (files/deck.pdf -> library/files/deck.pdf)."""
    seen = set()
    for asset in repo.assets:
        if asset.status == "draft" or not asset.file:
            continue
        source = attachment_source(root, asset.file)
        if source is None:
            continue
        site_path = "library/" + source.relative_to((root / "content").resolve()).as_posix()
        if site_path not in seen:
            seen.add(site_path)
            yield site_path, source
