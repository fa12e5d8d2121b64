"""The whole repository into the model: find the files, read them, add Git provenance."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import (
    Asset,
    BannedPhrase,
    Claim,
    Deal,
    History,
    Messaging,
    Repository,
    Request,
    Source,
    Taxonomy,
    Term,
    DEFAULT_ASSET_TYPES,
)
from ..problems import Problem
from .documents import Check, Document, Kind, read_documents
from .history import read_history
from .settings import read_settings

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
    raise RootNotFound(f"no mkdocs.yml in {start} or any folder above it; "
                       "run enablekit inside an enablement repository or pass --root PATH")


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
    files += [(path, Kind.ASSET) for path in _walk(root, "content", ".md")
              if not path.startswith(ATTACHMENTS)]
    files += [(path, Kind.REQUEST) for path in _walk(root, "requests", ".yml")]
    return files


def _walk(root: Path, folder: str, suffix: str) -> list[str]:
    """Files under root/folder ending in `suffix`, relative to root, sorted; hidden ones skipped."""
    found = []
    for top, dirs, names in os.walk(root / folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        prefix = Path(top).relative_to(root).as_posix()
        found += [f"{prefix}/{name}" for name in names if name.endswith(suffix)]
    return sorted(found)


def load(root: Path, *, check: Check | None = None, history: bool = True,
         jobs: int | None = None) -> Loaded:
    """Read every file under `root` into a Repository; unreadable files become problems."""
    documents = read_documents(root, list_files(root), check, jobs)
    histories = read_history(root) if history else {}
    repository = build_repository(root, documents, histories, read_settings(root))
    return Loaded(repository, tuple(documents))


def build_repository(root: Path, documents: list[Document], histories: dict[str, History],
                     config: dict[str, Any]) -> Repository:
    """The model, built leniently: a wrong value falls back to its default (validate reports it)."""
    requests, assets = [], []
    messaging, taxonomy = Messaging(), Taxonomy()
    for doc in documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        if doc.kind is Kind.REQUEST:
            requests.append(_request(doc, data, histories.get(doc.path)))
        elif doc.kind is Kind.ASSET:
            assets.append(_asset(doc, data, histories.get(doc.path)))
        elif doc.kind is Kind.MESSAGING:
            messaging = _messaging(doc.source, data)
        else:
            taxonomy = _taxonomy(doc.source, data)
    return Repository(str(root), tuple(requests), tuple(assets), messaging, taxonomy, config)


def file_id(path: str) -> str:
    """A request's or asset's id: its file name without the extension."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _request(doc: Document, d: dict[str, Any], history: History | None) -> Request:
    added = history.added if history else None
    return Request(
        id=file_id(doc.path),
        kind=_text(d, "kind"),
        title=_text(d, "title"),
        source=doc.source,
        details=_text(d, "details"),
        requested_by=_text(d, "requested_by") or (added.author if added else None),
        opened=_date(d, "opened") or (added.date if added else None),
        stage=_text(d, "stage") or None,
        personas=_texts(d, "personas"),
        industries=_texts(d, "industries"),
        asked_by=_texts(d, "asked_by"),
        deals=tuple(_deal(x) for x in _list(d, "deals") if isinstance(x, dict)),
        competitor=_text(d, "competitor") or None,
        reason=_text(d, "reason") or None,
        priority=_text(d, "priority") or "normal",
        needed_by=_date(d, "needed_by"),
        status=_text(d, "status") or "open",
        answer=_text(d, "answer"),
        assets=_texts(d, "assets"),
        tags=_texts(d, "tags"),
        history=history,
    )


def _asset(doc: Document, d: dict[str, Any], history: History | None) -> Asset:
    return Asset(
        id=_text(d, "id") or file_id(doc.path),
        title=_text(d, "title"),
        type=_text(d, "type"),
        source=doc.source,
        body=doc.body,
        body_line=doc.body_line,
        summary=_text(d, "summary"),
        stage=_text(d, "stage") or None,
        personas=_texts(d, "personas"),
        industries=_texts(d, "industries"),
        tags=_texts(d, "tags"),
        owner=_text(d, "owner") or None,
        published=_date(d, "published"),
        review_by=_date(d, "review_by"),
        status=_text(d, "status") or "published",
        file=_text(d, "file") or None,
        url=_text(d, "url") or None,
        answers=_texts(d, "answers"),
        history=history,
    )


def _messaging(source: Source, d: dict[str, Any]) -> Messaging:
    terms = tuple(
        Term(use=_text(t, "use"), instead_of=_texts(t, "instead_of"), source=source, index=i,
             note=_text(t, "note"))
        for i, t in enumerate(_list(d, "terms")) if isinstance(t, dict) and _text(t, "use"))
    banned = tuple(
        BannedPhrase(phrase=_text(b, "phrase"), source=source, index=i, reason=_text(b, "reason"),
                     suggest=_text(b, "suggest") or None)
        for i, b in enumerate(_list(d, "banned")) if isinstance(b, dict) and _text(b, "phrase"))
    claims = tuple(
        Claim(id=_text(c, "id"), topic=_texts(c, "topic"), value=_text(c, "value"), source=source,
              index=i, valid_until=_date(c, "valid_until"), reference=_text(c, "source"))
        for i, c in enumerate(_list(d, "claims")) if isinstance(c, dict) and _text(c, "id"))
    return Messaging(terms, banned, claims, source)


def _taxonomy(source: Source, d: dict[str, Any]) -> Taxonomy:
    return Taxonomy(stages=_texts(d, "stages"), personas=_texts(d, "personas"),
                    industries=_texts(d, "industries"),
                    asset_types=_texts(d, "asset_types") or DEFAULT_ASSET_TYPES, source=source)


def _text(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return ""
    return str(value)


def _list(d: dict[str, Any], key: str) -> list[Any]:
    value = d.get(key)
    return value if isinstance(value, list) else []


def _texts(d: dict[str, Any], key: str) -> tuple[str, ...]:
    """A list of strings; a lone string counts as a list of one (topic: uptime)."""
    value = d.get(key)
    if isinstance(value, str):
        return (value,)
    return tuple(str(x) for x in _list(d, key) if isinstance(x, (str, int, float)) and x is not True)


def _date(d: dict[str, Any], key: str) -> dt.date | None:
    value = d.get(key)
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _deal(d: dict[str, Any]) -> Deal:
    amount = d.get("amount")
    outcome = d.get("outcome")
    return Deal(id=_text(d, "id"),
                amount=float(amount) if isinstance(amount, (int, float)) and amount is not True else None,
                outcome=outcome if outcome in ("open", "won", "lost") else None)
