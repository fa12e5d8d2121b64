"""claim-expired: a claim used after its `valid_until` date.

A use is as for claim-mismatch: a sentence that names the claim's topic and states a
figure of its kind; for a claim whose value is a phrase (an award, a rating), naming the
topic is the use. After `valid_until` every use is an error, whatever the figure says:
ask marketing for the current figure, or take the sentence out.

Fails (on 2026-11-23):

    We were named a Leader in the 2025 HR Tech Wave.   # topic: [HR Tech Wave], valid_until: 2026-06-30

Options:

- `warn_days` (int, default 0): also warn about uses of claims that expire within this
  many days, so they are replaced before they lapse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...problems import Severity
from ..document import Document
from ..framework import Framework, claim_uses
from .base import Finding, Option, Settings, quoted

ID = "claim-expired"
DEFAULT = True
SEVERITY = Severity.ERROR
OPTIONS = {
    "warn_days": Option(int, 0, "also warn about claims that expire within this many days"),
}


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    warn_days = int(settings.option(ID, "warn_days", 0))
    seen: set[tuple[str, int]] = set()
    for use in claim_uses(doc, fw):
        claim = use.claim.claim
        until = claim.valid_until
        if until is None:
            continue
        expired = until < settings.today
        soon = not expired and (until - settings.today) <= dt.timedelta(days=warn_days)
        if not (expired or (warn_days and soon)):
            continue
        line = doc.position(use.start)[0]
        if (claim.id, line) in seen:
            continue
        seen.add((claim.id, line))
        said = quoted(doc.masked[use.start : use.end])
        source = f" ({claim.reference})" if claim.reference else ""
        if expired:
            message = (
                f"{said} uses the claim '{claim.id}', which expired on {until}{source}; "
                "take it out or ask marketing for the current claim"
            )
        else:
            message = f"{said} uses the claim '{claim.id}', which expires on {until}{source}"
        yield Finding(
            ID,
            use.start,
            use.end,
            message,
            SEVERITY if expired else Severity.WARNING,
        )
