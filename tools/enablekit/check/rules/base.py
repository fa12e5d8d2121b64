"""What every rule shares: the finding it yields, its options, and the run's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ...problems import Severity
from ..document import Document
from ..framework import Framework


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on [start, end) of a document; `replacement` is what --fix writes."""

    rule: str
    start: int
    end: int
    message: str
    severity: Severity
    suggestion: str | None = None
    replacement: str | None = None


@dataclass(frozen=True)
class Option:
    """A rule option: its type (int, bool or str), default and meaning."""

    type: type
    default: Any
    help: str


@dataclass(frozen=True)
class Settings:
    """What a run decides once for all documents."""

    today: dt.date
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Claims whose value changed since --since: claim id -> its value then.
    changed: Mapping[str, str] = field(default_factory=dict)
    since: str | None = None

    def option(self, rule: str, name: str, default: Any) -> Any:
        return self.options.get(rule, {}).get(name, default)


class Rule(Protocol):
    ID: str
    DEFAULT: bool
    SEVERITY: Severity
    OPTIONS: Mapping[str, Option]

    def check(self, doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]: ...


def quoted(text: str) -> str:
    """A piece of the document for a message: one line, in quotes."""
    return "'" + " ".join(text.split()) + "'"
