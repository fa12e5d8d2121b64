"""The whole repository into the model: find the files, read them, add Git provenance."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..collector import paused
from ..model import Asset, History, Messaging, Repository, Request, Taxonomy
from ..problems import Problem
from ..progress import done, step
from .build import with_history
from .documents import Check, Document, Kind, read_documents
from .history import read_history

MESSAGING = "content/messaging.yml"
TAXONOMY = "content/taxonomy.yml"
ATTACHMENTS = "content/files/"


class RootNotFound(Exception):
    """No enablement repository here: no mkdocs.yml in this folder or any above it."""


def find_root(start: Path) -> Path:
    """The nearest folder, from `start` upward, that holds mkdocs.yml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise RootNotFound(
        f"no mkdocs.yml in {start} or any folder above it; "
        "run enablekit inside an enablement repository or pass --root PATH"
    )


@dataclass(frozen=True)
class Loaded:
    """A repository and the documents it was built from (their problems, their raw data)."""

    repository: Repository
    documents: tuple[Document, ...]

    @property
    def problems(self) -> list[Problem]:
        return [p for doc in self.documents for p in doc.problems]


def list_files(root: Path) -> list[tuple[str, Kind]]:
    """Every file enablekit reads, relative to root with '/', in a stable order."""
    files: list[tuple[str, Kind]] = []
    for name, kind in ((TAXONOMY, Kind.TAXONOMY), (MESSAGING, Kind.MESSAGING)):
        if (root / name).is_file():
            files.append((name, kind))
    files += [
        (path, Kind.ASSET)
        for path in _walk(root, "content", ".md")
        if not path.startswith(ATTACHMENTS)
    ]
    files += [(path, Kind.REQUEST) for path in _walk(root, "requests", ".yml")]
    return files


def misnamed_requests(root: Path) -> list[str]:
    """Files under requests/ that look like requests but are not read (`.yaml`, not `.yml`)."""
    return _walk(root, "requests", ".yaml")


def _walk(root: Path, folder: str, suffix: str) -> list[str]:
    """Files under root/folder ending in `suffix`, relative to root, sorted; hidden ones skipped."""
    found = []
    for top, dirs, names in os.walk(root / folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        prefix = Path(top).relative_to(root).as_posix()
        found += [f"{prefix}/{name}" for name in names if name.endswith(suffix)]
    return sorted(found)


def load(
    root: Path,
    *,
    check: Check | None = None,
    history: bool = True,
    jobs: int | None = None,
    content_read: Callable[[Repository], None] | None = None,
) -> Loaded:
    """Read every file under `root` into a Repository; unreadable files become problems.

    `content_read`, when given, is called with the repository's content (assets, messaging
    and taxonomy, no requests yet) as soon as it is read, while the requests are still being
    read; the repository returned holds the same asset objects."""
    files = list_files(root)
    first = sum(kind is not Kind.REQUEST for _, kind in files)  # content comes first
    with paused():
        step("reading the Git history ...")
        histories = read_history(root) if history else {}
        content: list[Repository] = []

        def first_read(documents: list[Document]) -> None:
            content[:] = [build_repository(root, documents, histories)]
            if content_read is not None:
                content_read(content[0])

        step(f"reading {len(files):,} files ...")
        documents = read_documents(root, files, check, jobs, first=first, first_read=first_read)
        done()
        requests = build_repository(root, documents[first:], histories)
        repository = replace(content[0], requests=requests.requests)
    return Loaded(repository, tuple(documents))


def build_repository(
    root: Path, documents: list[Document], histories: dict[str, History]
) -> Repository:
    """Gather the documents' model objects into a Repository, with their Git provenance."""
    requests, assets = [], []
    messaging, taxonomy = Messaging(), Taxonomy()
    for doc in documents:
        item = doc.item
        if isinstance(item, Request):
            requests.append(with_history(item, histories.get(doc.path)))
        elif isinstance(item, Asset):
            assets.append(with_history(item, histories.get(doc.path)))
        elif isinstance(item, Messaging):
            messaging = item
        elif isinstance(item, Taxonomy):
            taxonomy = item
    return Repository(str(root), tuple(requests), tuple(assets), messaging, taxonomy)
