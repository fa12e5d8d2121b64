"""unlisted-figure (off by default): a percentage, amount of money or multiplier that is on
no line of the fact sheet.

"Every number we say in public lives under claims": this rule finds the ones that do not,
in assets (requests are reps' notes, and left alone). A figure is listed when it is a use
of a claim, or equals the value of a claim of its kind. Counts and durations are left
alone: they are too often facts of the text itself (two consultants, a 30-minute demo).
Turn it on with `--enable unlisted-figure`.

Options:

- `kinds` (str, default "percent,money,multiplier"): which kinds of figure to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...problems import Severity
from ..document import Document
from ..figures import MONEY, find_figures
from ..framework import Framework, claim_uses
from ..sentences import sentences
from .base import Finding, Option, Settings, quoted

ID = "unlisted-figure"
DEFAULT = False
SEVERITY = Severity.WARNING
OPTIONS = {
    "kinds": Option(str, "percent,money,multiplier", "kinds of figure to look at"),
}


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    if doc.kind != "asset":
        return
    kinds = {
        k.strip() for k in str(settings.option(ID, "kinds", OPTIONS["kinds"].default)).split(",")
    }
    used = {(u.figure.start, u.figure.end) for u in claim_uses(doc, fw) if u.figure}
    facts = [c.figure for c in fw.claims if c.figure is not None]
    for region in doc.regions:
        for sentence in sentences(doc.masked, region.start, region.end):
            for figure in find_figures(doc.masked, *sentence):
                kind = MONEY if figure.kind.startswith(MONEY) else figure.kind
                if kind not in kinds or (figure.start, figure.end) in used:
                    continue
                if any(f.comparable(figure) and f.same_amount(figure) for f in facts):
                    continue
                yield Finding(
                    ID,
                    figure.start,
                    figure.end,
                    f"{quoted(figure.text)} is not on the fact sheet; add it to the claims in "
                    "content/messaging.yml with its source, or take it out",
                    SEVERITY,
                )
