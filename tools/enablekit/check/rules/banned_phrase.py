"""banned-phrase: never say what messaging.yml bans; its reason is in the message.

Each `banned:` entry has a `phrase`, the `reason` it is banned, and optionally what to
`suggest` instead. Matching is as for terminology (whole words, any case, a hyphen is a
space, across a line wrap). `enablekit check --fix` writes the suggestion in its place
when there is one; a phrase without a suggestion needs a person to rewrite the sentence.

Fails:

    Our manager experience is best-in-class.   # banned: [{phrase: best-in-class, ...}]

Passes:

    Managers finish reviews in a few clicks.

Options: none.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import BannedPhrase
from ...problems import Severity
from ..document import Document
from ..framework import Framework, phrase_hits
from .base import Finding, Option, Settings, quoted
from .terminology import replacement

ID = "banned-phrase"
DEFAULT = True
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Option] = {}


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    for hit in phrase_hits(doc, fw):
        item = hit.item
        if not isinstance(item, BannedPhrase):
            continue
        written = doc.masked[hit.start : hit.end]
        reason = f": {item.reason}" if item.reason else ""
        advice = f"; say {quoted(item.suggest)}" if item.suggest else "; rewrite the sentence"
        yield Finding(
            ID,
            hit.start,
            hit.end,
            f"{quoted(written)} is banned{reason}{advice}",
            SEVERITY,
            suggestion=item.suggest,
            replacement=replacement(written, item.suggest) if item.suggest else None,
        )
