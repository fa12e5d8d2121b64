"""Read and parse each file of a repository into a Document: data, positions, problems."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..model import Source
from ..problems import Problem, error
from .build import Item, build_item
from .frontmatter import split_front_matter
from .text import decode
from .yamlfile import parse_yaml

#: Larger files are refused unread: no enablement file comes near it, and it bounds memory.
MAX_BYTES = 2_000_000
#: Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM = 1_500


class Kind(StrEnum):
    REQUEST = "request"
    ASSET = "asset"
    MESSAGING = "messaging"
    TAXONOMY = "taxonomy"


@dataclass
class Document:
    """One file as read: its data (None when unreadable), positions, and what was wrong.

    `item` is the model object built from it. Once built, `data` and `body` are dropped:
    the item holds what is needed, and worker processes send back half as much.
    """

    kind: Kind
    source: Source
    data: Any = None
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    item: Item | None = None

    @property
    def path(self) -> str:
        return self.source.path


Check = Callable[[Document], list[Problem]]


def read_document(root: Path, path: str, kind: Kind, *, packed: bool = False) -> Document:
    """Read one file; every reason it cannot be read becomes a problem, never an exception.

    The document's Source finds its positions again from the file's text when first asked
    (most never are: `link` asks for none), or with `packed`, keeps them as read (for a check,
    whose problems need them: `validate` reports thousands of duplicate requests)."""
    raw, reason = _read_bytes(os.path.join(root, path))
    if raw is None:
        return Document(kind, Source(path), problems=[error(path, 1, 1, "syntax", reason)])
    text, problems = decode(path, raw)
    if text is None or problems:
        return Document(kind, Source(path), problems=problems)
    if kind is Kind.ASSET:
        return _read_asset(path, text, packed)
    parsed, problems = parse_yaml(path, text)
    if parsed is None:
        return Document(kind, Source(path), problems=problems)
    source = Source.of(path, parsed.values, parsed.keys) if packed else Source.of_text(path, text)
    return Document(
        kind, source, parsed.data, problems=problems + _root_problems(source, parsed.data)
    )


def _read_bytes(path: str) -> tuple[bytes | None, str]:
    """A regular file's bytes, bounded; never a link, a device or a pipe, which could point
    anywhere on the machine, never end, or never answer."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError as exc:
        if os.path.islink(path):
            return None, "the file is a symbolic link; enablement files must be regular files"
        return None, f"cannot read the file: {exc.strerror}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "not a regular file; enablement files must be regular files"
        # One read of the size the file has (a buffered read of MAX_BYTES would make a 2 MB
        # buffer per file), then on while it grows: a short read is the end of a regular file.
        parts, size, want = [], 0, min(info.st_size, MAX_BYTES) + 1
        while size <= MAX_BYTES:
            part = os.read(fd, want)
            parts.append(part)
            size += len(part)
            if len(part) < want:
                break
            want = min(MAX_BYTES + 1 - size, 1 << 16) or 1
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        return None, f"file is larger than {MAX_BYTES:,} bytes; split it"
    return parts[0] if len(parts) == 1 else b"".join(parts), ""


def _read_asset(path: str, text: str, packed: bool) -> Document:
    split, problems = split_front_matter(path, text)
    if split is None:
        return Document(Kind.ASSET, Source(path), problems=problems)
    parsed, problems = parse_yaml(path, split.front_matter, line_offset=1)
    if parsed is None:
        return Document(
            Kind.ASSET,
            Source(path, 1),
            body=split.body,
            body_line=split.body_line,
            problems=problems,
        )
    source = (
        Source.of(path, parsed.values, parsed.keys, line_offset=1)
        if packed
        else Source.of_text(path, split.front_matter, line_offset=1)
    )
    return Document(
        Kind.ASSET,
        source,
        parsed.data,
        split.body,
        split.body_line,
        problems + _root_problems(source, parsed.data),
    )


def _root_problems(source: Source, data: Any) -> list[Problem]:
    if isinstance(data, dict):
        return []
    pos = source.position()
    what = "empty" if data is None else "a list" if isinstance(data, list) else "a single value"
    return [
        error(
            source.path,
            pos.line,
            pos.column,
            "syntax",
            f"the file holds {what}; write its fields as 'key: value' lines",
        )
    ]


def read_documents(
    root: Path,
    files: Sequence[tuple[str, Kind]],
    check: Check | None = None,
    jobs: int | None = None,
    *,
    first: int = 0,
    first_read: Callable[[list[Document]], None] | None = None,
) -> list[Document]:
    """Read many files, in worker processes when there are enough to pay for them.

    `check` runs on each readable document where it was read (so a schema check shares the
    workers) and adds its problems to the document's. `first_read`, when given, is called
    with the documents of the `first` files as soon as they are read, while the workers read
    the rest (the content files come first: work on the assets overlaps reading requests).
    """
    jobs = jobs or usable_cpus()
    if jobs == 1 or len(files) < PARALLEL_FROM:
        read = _read_chunk(root, files[:first], check)
        if first_read is not None:
            first_read(read)
        return read + _read_chunk(root, files[first:], check)
    # The first files in one chunk per worker, so that they are read first and together.
    size = -(-first // jobs) or 1
    chunks = [files[i : min(i + size, first)] for i in range(0, first, size)]
    # The rest in eight chunks per worker: the last to finish leaves the other worker idle
    # (and its documents to be unpickled here) for less time.
    size = -(-(len(files) - first) // (jobs * 8)) or 1
    chunks += [files[i : i + size] for i in range(first, len(files), size)]
    told = first_read  # for reading here, should the workers fail before it was called
    try:
        with ProcessPoolExecutor(jobs) as pool:
            parts = pool.map(_read_chunk, [root] * len(chunks), chunks, [check] * len(chunks))
            documents: list[Document] = []
            for part in parts:
                documents += part
                if first_read is not None and len(documents) >= first:
                    first_read(documents[:first])
                    first_read = told = None
            if first_read is not None:  # no files at all
                first_read(documents)
            return documents
    except (BrokenProcessPool, OSError):  # no processes allowed, or a worker killed: read here
        return read_documents(root, files, check, 1, first=first, first_read=told)


def usable_cpus() -> int:
    """The CPUs this process may run on (affinity and container limits), not the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _read_chunk(
    root: Path, files: Sequence[tuple[str, Kind]], check: Check | None
) -> list[Document]:
    documents = []
    for path, kind in files:
        doc = read_document(root, path, kind, packed=check is not None)
        if check is not None and isinstance(doc.data, dict):
            doc.problems.extend(check(doc))
        doc.item = build_item(kind, doc.source, doc.data, doc.body, doc.body_line)
        doc.data, doc.body = None, ""
        documents.append(doc)
    return documents
