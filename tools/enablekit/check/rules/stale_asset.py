"""stale-asset: an asset past its `review_by` date, and who should review it.

Published and draft assets are checked (retired ones are out of use). The finding points at
the `review_by` line and names the asset's `owner`, or asks for one when there is none.

Fails (on 2026-11-23):

    review_by: 2026-09-01

Options:

- `warn_days` (int, default 0): also warn about assets due for review within this many days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...problems import Severity
from ..document import Document
from ..framework import Framework
from .base import Finding, Option, Settings

ID = "stale-asset"
DEFAULT = True
SEVERITY = Severity.WARNING
OPTIONS = {
    "warn_days": Option(int, 0, "also warn about assets due for review within this many days"),
}


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    if doc.kind != "asset":
        return
    due = review_date(doc.value("review_by"))
    scalar = doc.fields.top.get("review_by")
    if due is None or scalar is None:
        return
    warn_days = int(settings.option(ID, "warn_days", 0))
    days = (due - settings.today).days
    if days >= 0 and (not warn_days or days > warn_days):
        return
    owner = doc.value("owner")
    who = f"{owner} (owner) should review it" if owner else "it has no owner: add `owner:`"
    when = f"was due for review on {due}" if days < 0 else f"is due for review on {due}"
    yield Finding(
        ID,
        scalar.key_start,
        scalar.end,
        f"the asset {when}; {who}, then move review_by",
        SEVERITY,
    )


def review_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
