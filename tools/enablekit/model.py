"""The repository as typed, frozen objects: what every part of enablekit shares.

Every object keeps its `Source`: the file it came from and the line and column of each
of its values, so that anything built on the model can point a person at the exact spot.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from .load.yamlfile import Path, Position, Spot, parse_yaml

REQUEST_KINDS = ("question", "content", "objection", "lost-deal", "feedback")
REQUEST_STATUSES = ("open", "in-progress", "answered", "declined")
PRIORITIES = ("low", "normal", "high", "urgent")
ASSET_STATUSES = ("draft", "published", "retired")
DEAL_OUTCOMES = ("open", "won", "lost")
#: Asset ids the site's library uses for its own pages (library/index, library/tags).
RESERVED_ASSET_IDS = frozenset({"index", "tags"})
DEFAULT_ASSET_TYPES = (
    "ebook",
    "case-study",
    "whitepaper",
    "one-pager",
    "battlecard",
    "email-template",
    "deck",
    "video",
    "faq",
)


@dataclass(frozen=True)
class Source:
    """A file (relative to the repository root, with '/') and where each value sits in it.

    Positions are found on first use: most are never asked for (`enablekit link` asks for
    none). A file as read keeps its YAML text, read again for positions when first asked
    (the same answer: the reading is deterministic); positions found otherwise are kept
    packed (marshal, made and read within one run). Text and bytes cross a process boundary
    far faster than thousands of tuples.
    """

    path: str
    line_offset: int = 0
    packed: bytes = field(default=marshal.dumps(({}, {})), compare=False, repr=False)
    #: The YAML text the positions are read from when first asked for, instead of `packed`.
    text: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls, path: str, values: Mapping[Path, Spot], keys: Mapping[Path, Spot], line_offset: int = 0
    ) -> Source:
        return cls(path, line_offset, marshal.dumps((dict(values), dict(keys))))

    @classmethod
    def of_text(cls, path: str, text: str, line_offset: int = 0) -> Source:
        """The positions of the YAML `text` (a file, or an asset's front matter from its
        second line, `line_offset` 1), read when first asked for."""
        return cls(path, line_offset, text=text)

    @cached_property
    def _spots(self) -> tuple[dict[Path, Spot], dict[Path, Spot]]:
        if self.text is not None:
            parsed, _ = parse_yaml(self.path, self.text, line_offset=self.line_offset)
            return (parsed.values, parsed.keys) if parsed is not None else ({}, {})
        spots: tuple[dict[Path, Spot], dict[Path, Spot]] = marshal.loads(self.packed)
        return spots

    def __getstate__(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line_offset": self.line_offset,
            "packed": self.packed,
            "text": self.text,
        }

    def position(self, *path: str | int) -> Position:
        """Where the value at `path` starts; the nearest enclosing value when it is absent."""
        values = self._spots[0]
        while path:
            if path in values:
                return Position(*values[path])
            path = path[:-1]
        return Position(*values.get((), (1 + self.line_offset, 1)))

    def key_position(self, *path: str | int) -> Position:
        """Where the key of the value at `path` starts (for "unknown field" and the like)."""
        spot = self._spots[1].get(path)
        return Position(*spot) if spot else self.position(*path)


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    email: str
    date: dt.date


@dataclass(frozen=True)
class History:
    """A file's Git provenance: the commit that added it and the one that last changed it."""

    added: Commit
    changed: Commit


@dataclass(frozen=True)
class Deal:
    id: str
    amount: float | None = None
    outcome: Literal["open", "won", "lost"] | None = None


@dataclass(frozen=True)
class Request:
    """A rep's question, content request, objection, lost deal or feedback."""

    id: str
    kind: str
    title: str
    source: Source
    details: str = ""
    requested_by: str | None = None
    opened: dt.date | None = None
    stage: str | None = None
    personas: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    asked_by: tuple[str, ...] = ()
    deals: tuple[Deal, ...] = ()
    competitor: str | None = None
    reason: str | None = None
    owner: str | None = None  # who in marketing answers it
    priority: str = "normal"
    needed_by: dt.date | None = None
    status: str = "open"
    answer: str = ""
    assets: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    history: History | None = None

    @property
    def path(self) -> str:
        return self.source.path


@dataclass(frozen=True)
class Asset:
    """A marketing asset: front matter plus its Markdown body."""

    id: str
    title: str
    type: str
    source: Source
    body: str = ""
    body_line: int = 1
    summary: str = ""
    stage: str | None = None
    personas: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    owner: str | None = None
    published: dt.date | None = None
    review_by: dt.date | None = None
    status: str = "published"
    file: str | None = None
    url: str | None = None
    answers: tuple[str, ...] = ()
    history: History | None = None

    @property
    def path(self) -> str:
        return self.source.path


@dataclass(frozen=True)
class Term:
    """Preferred terminology: say `use`, never any of `instead_of`."""

    use: str
    instead_of: tuple[str, ...]
    source: Source
    index: int
    note: str = ""


@dataclass(frozen=True)
class BannedPhrase:
    phrase: str
    source: Source
    index: int
    reason: str = ""
    suggest: str | None = None


@dataclass(frozen=True)
class Claim:
    """One line of the fact sheet: the one true figure on a topic, and until when it holds."""

    id: str
    topic: tuple[str, ...]
    value: str
    source: Source
    index: int
    valid_until: dt.date | None = None
    reference: str = ""  # the claim's `source:` field: where the figure comes from


@dataclass(frozen=True)
class Messaging:
    terms: tuple[Term, ...] = ()
    banned: tuple[BannedPhrase, ...] = ()
    claims: tuple[Claim, ...] = ()
    source: Source = Source("content/messaging.yml")


@dataclass(frozen=True)
class Taxonomy:
    """Controlled vocabularies. An empty vocabulary accepts any value."""

    stages: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    asset_types: tuple[str, ...] = DEFAULT_ASSET_TYPES
    source: Source = Source("content/taxonomy.yml")

    def vocabulary(self, name: str) -> tuple[str, ...]:
        """The allowed values for a field name: stage, personas, industries or type."""
        return {
            "stage": self.stages,
            "personas": self.personas,
            "industries": self.industries,
            "type": self.asset_types,
        }[name]


@dataclass(frozen=True)
class Repository:
    """Everything enablekit knows about one enablement repository."""

    root: str
    requests: tuple[Request, ...] = ()
    assets: tuple[Asset, ...] = ()
    messaging: Messaging = field(default_factory=Messaging)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)

    def request(self, request_id: str) -> Request | None:
        return self.requests_by_id.get(request_id)

    def asset(self, asset_id: str) -> Asset | None:
        return self.assets_by_id.get(asset_id)

    @cached_property
    def requests_by_id(self) -> dict[str, Request]:
        """The first request with each id (duplicate ids are `validate`'s concern)."""
        return _first_by_id(self.requests)

    @cached_property
    def assets_by_id(self) -> dict[str, Asset]:
        return _first_by_id(self.assets)

    def linked_assets(self, request: Request) -> tuple[str, ...]:
        """Ids of the assets linked to a request: its `assets:`, then assets whose `answers:` name it."""
        return tuple(dict.fromkeys((*request.assets, *self._answered_by.get(request.id, ()))))

    @cached_property
    def _answered_by(self) -> dict[str, list[str]]:
        answered: dict[str, list[str]] = {}
        for asset in self.assets:
            for request_id in asset.answers:
                answered.setdefault(request_id, []).append(asset.id)
        return answered


def _first_by_id(items: tuple[Any, ...]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for item in items:
        by_id.setdefault(item.id, item)
    return by_id
