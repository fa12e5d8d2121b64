"""claim-mismatch: a figure that contradicts the fact sheet.

A sentence uses a claim when it names one of the claim's `topic` words (any case, singular
or plural). When, in the same clause, it states a figure of the kind of the claim's
`value` (a percentage, money in the same currency and per the same thing, a duration, a
multiplier, or a number of the things the claim counts) and the amount differs, that is a
mismatch. A figure near several topics is held against the nearest. When a clause mentions a
claim once and states its figure beside another, it is comparing ("two years against our
10-year warranty"): the other is not a finding. What counts as the same figure is in
`enablekit.check.figures` (and the README): `99.95 %` is `99.95 percent`, `4,000+` is `more
than 4,000`, `6 weeks` is `six weeks`, `1 hour` is `60 minutes`, `$8 PEPM` is `$8 per
employee per month`, `3x` is `three times`. A figure of another kind next to a
topic word ("2 consultants per implementation" against "6 weeks") is not a use.

Expired claims are claim-expired's: any use of them is wrong, whatever the figure.

Fails:

    We back the platform with a 99.9% uptime SLA.    # claims: [{topic: [uptime], value: 99.95%}]

Passes:

    Uptime is 99.95 percent, measured monthly.
    Their 99.5% uptime is no match for our 99.95%.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Severity
from ..document import Document
from ..framework import Framework, claim_uses
from .base import Finding, Option, Settings, quoted

ID = "claim-mismatch"
DEFAULT = True
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Option] = {}


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    uses = claim_uses(doc, fw)
    # The only mention of a claim in its clause, with the claim's own figure among those held
    # against it: the others are compared with it.
    stated = {(id(u.claim), u.mention) for u in uses if u.figure and u.same and u.alone}
    for use in uses:
        if use.figure is None or use.same or use.claim.expired(settings.today):
            continue
        if (id(use.claim), use.mention) in stated:
            continue
        claim = use.claim.claim
        source = f", {claim.reference}" if claim.reference else ""
        topic = doc.masked[use.mention[0] : use.mention[1]]
        yield Finding(
            ID,
            use.figure.start,
            use.figure.end,
            f"{quoted(use.figure.text)} for {' '.join(topic.split()).lower()}: the fact sheet "
            f"says {claim.value} (claim '{claim.id}'{source})",
            SEVERITY,
            suggestion=claim.value,
        )
