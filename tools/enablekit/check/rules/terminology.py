"""terminology: say the preferred term, never the names it replaced.

Each `terms:` entry of content/messaging.yml says what to write (`use`) instead of what
(`instead_of`). Matching is on whole words and phrases, across a line wrap, and a hyphen
and a space are the same ("People-Hub" is "People Hub"). Case:

- a variant written with capitals (a name: `People Hub`, `InvoiceBot`) is found in any
  case, except all in lower case when it has several words (`smart capture` reads as
  ordinary words, `Smart Capture` is the old module);
- a variant in lower case (`whitelist`) is found in any case;
- a variant that differs from `use` only in case (`E-Invoicing` for `e-invoicing`) is
  found only exactly as written;
- a variant inside the preferred term itself (`Cloud` in `People Cloud`) is not a finding;
- nor is an old name right after words that tell of the change ("(formerly People Hub)",
  "was called AirWatch", "the old LeakHunt survey"), or in a sentence that names the
  preferred term and tells of the change ("People Hub was renamed People Cloud"): it helps
  a reader who knows the old name. Another old name in that sentence is still a finding.

`enablekit check --fix` writes `use` in its place (capitalised when the old name started a
sentence with a capital and `use` starts in lower case).

Fails:

    Demo People Hub on a phone.          # terms: [{use: People Cloud, instead_of: [People Hub]}]

Passes:

    Demo People Cloud on a phone.
    People Cloud (formerly People Hub) runs on a phone.

Options: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...model import Term
from ...problems import Severity
from ..document import Document
from ..framework import Framework, TermVariant, lowered_text, phrase_hits
from ..phrases import normal
from ..sentences import sentences
from .base import Finding, Option, Settings, quoted

ID = "terminology"
DEFAULT = True
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Option] = {}

#: Words right before an old name that tell of the change: "(formerly People Hub)".
RENAMED_BEFORE = re.compile(
    r"(?:\bformerly|\bpreviously (?:called|named|known as)|\brenamed from|\bthe old"
    r"|\b(?:was|were|used to be|once) (?:called|named|known as|sold as))"
    r"\s*[(\"'\u201c\u2018]?\s*$",  # an opening bracket or quote between
    re.IGNORECASE,
)
#: Words of a sentence that tells of the change, beside the preferred term.
RENAMING = re.compile(
    r"\b(?:formerly|renamed|rebranded|replac(?:ed|es)"
    r"|(?:previously|now|was|were|used to be|once) (?:called|named|known as))\b",
    re.IGNORECASE,
)


def check(doc: Document, fw: Framework, settings: Settings) -> Iterator[Finding]:
    inside_use: list[tuple[int, int]] | None = None
    for hit in phrase_hits(doc, fw):
        item = hit.item
        if not isinstance(item, TermVariant):
            continue
        written = doc.masked[hit.start : hit.end]
        if not _case_matches(item, written):
            continue
        if _tells_of_the_change(doc, hit.start, item):
            continue
        if item.case != "exact" and _inside(item.variant, item.term.use):
            if inside_use is None:
                low = lowered_text(doc)
                inside_use = [
                    (h.start, h.end) for r in doc.regions for h in fw.uses.find(low, r.start, r.end)
                ]
            if any(s <= hit.start and hit.end <= e for s, e in inside_use):
                continue
        yield Finding(
            ID,
            hit.start,
            hit.end,
            f"{quoted(written)} is now {quoted(item.term.use)}{_note(item.term)}",
            SEVERITY,
            suggestion=item.term.use,
            replacement=replacement(written, item.term.use),
        )


def _tells_of_the_change(doc: Document, start: int, item: TermVariant) -> bool:
    """An old name right after words that tell of the change (RENAMED_BEFORE), or in a
    sentence that tells of it (RENAMING) and names the term's preferred name too."""
    text = doc.masked
    if RENAMED_BEFORE.search(text, max(0, start - 40), start):
        return True
    region = next((r for r in doc.regions if r.start <= start < r.end), None)
    if region is None or not RENAMING.search(text, region.start, region.end):
        return False
    use = normal(item.term.use).casefold()
    return any(
        RENAMING.search(text, s, e) and use in normal(text[s:e]).casefold()
        for s, e in sentences(text, region.start, region.end)
        if s <= start < e
    )


def _case_matches(item: TermVariant, written: str) -> bool:
    if item.case == "exact":
        return normal(written) == normal(item.variant)
    return not (
        item.case == "name" and written == written.lower() and len(normal(item.variant).split()) > 1
    )


def _inside(variant: str, use: str) -> bool:
    return normal(variant).casefold() in normal(use).casefold()


def _note(term: Term) -> str:
    return f" ({term.note})" if term.note else ""


def replacement(written: str, preferred: str) -> str:
    """What replaces `written`: capitalised like it at a sentence start, its line break kept."""
    new = preferred
    if written[:1].isupper() and new[:1].islower() and written[1:2].islower():
        new = new[:1].upper() + new[1:]
    if "\n" in written:
        cut = written.index("\n")
        start = len(written[:cut].rstrip(" \t"))
        end = cut + 1 + (len(written[cut + 1 :]) - len(written[cut + 1 :].lstrip(" \t")))
        if " " in new:
            head, _, tail = new.partition(" ")
            new = head + written[start:end] + tail
    return new
