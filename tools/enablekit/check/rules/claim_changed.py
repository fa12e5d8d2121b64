"""claim-changed: with `--since REF`, every use of a claim whose value changed since REF.

When a figure changes in content/messaging.yml, every asset and request answer that states
it needs another look, changed in the pull request or not: this rule lists them (as
warnings), from every file of the repository. A use that now contradicts the new figure is
also a claim-mismatch (an error); this rule then stays quiet about it.

Runs only with --since.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Severity
from ..document import Document
from ..framework import Framework, claim_uses
from .base import Finding, Option, Settings, quoted

ID = "claim-changed"
DEFAULT = True
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Option] = {}


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    if not settings.changed:
        return
    seen: set[str] = set()
    for use in claim_uses(doc, fw):
        claim = use.claim.claim
        if claim.id not in settings.changed or claim.id in seen:
            continue
        if use.figure is not None and not use.same and not use.claim.expired(settings.today):
            continue  # claim-mismatch reports it
        seen.add(claim.id)
        yield Finding(
            ID,
            use.start,
            use.end,
            f"{quoted(doc.masked[use.start : use.end])} uses the claim '{claim.id}', whose value "
            f"changed from {settings.changed[claim.id]} to {claim.value} since "
            f"{settings.since}; review this text",
            SEVERITY,
            suggestion=claim.value,
        )
