"""The messaging framework made ready to search: one phrase set for terms and banned phrases,
one for claim topics, each claim's value read as a figure; and what a document says with it.

Built once per run (once per worker process) from `Messaging`, never changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from ..model import BannedPhrase, Claim, Messaging, Term
from .document import Document
from .figures import (
    COUNT,
    DURATION,
    FUNCTION_WORDS,
    Figure,
    find_figures,
    parse_value,
    singular,
)
from .phrases import Hit, PhraseSet, lowered, normal, tokens, words
from .sentences import clauses, sentences

#: Words that may stand between a topic and the number it counts ("customer count stands
#: at 4,200", "customers: more than 4,000").
_LINKING = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "stands",
        "stand",
        "at",
        "of",
        "now",
        "totals",
        "total",
        "reached",
        "reaches",
        "has",
        "have",
        "hit",
        "tops",
        "exceeds",
        "exceed",
        "over",
        "more",
        "than",
        "about",
        "around",
        "nearly",
        "almost",
        "roughly",
        "approximately",
        "up",
        "to",
        "just",
        "some",
        "well",
        "below",
        "above",
        "under",
    ]
)


@dataclass(frozen=True)
class TermVariant:
    """One `instead_of` entry of a term, and how its case is matched.

    case: "exact" when it differs from `use` only in case (E-Invoicing for e-invoicing);
    "name" when written with capitals (matched in any case, except all in lower case when it
    has several words: "approval engine" reads as ordinary words); "any" otherwise.
    """

    term: Term
    variant: str
    case: str


@dataclass(frozen=True)
class ClaimFacts:
    claim: Claim
    figure: Figure | None  # None: the value is a phrase (an award, a rating)
    topic_words: frozenset[str]

    @property
    def id(self) -> str:
        return self.claim.id

    def expired(self, today: dt.date) -> bool:
        return self.claim.valid_until is not None and self.claim.valid_until < today


@dataclass(frozen=True)
class ClaimUse:
    """A sentence that uses a claim: the topic mention, and the figure when it states one."""

    claim: ClaimFacts
    mention: tuple[int, int]
    figure: Figure | None
    sentence: tuple[int, int]
    #: The only mention of its claim in its clause (claim-mismatch: a comparison needs one).
    alone: bool = True

    @property
    def same(self) -> bool:
        fact = self.claim.figure
        return self.figure is None or (fact is not None and fact.same_amount(self.figure))

    @property
    def start(self) -> int:
        return self.figure.start if self.figure else self.mention[0]

    @property
    def end(self) -> int:
        return self.figure.end if self.figure else self.mention[1]


@dataclass
class Framework:
    messaging: Messaging
    claims: list[ClaimFacts] = field(init=False)

    def __post_init__(self) -> None:
        self.claims = [
            ClaimFacts(
                c,
                parse_value(c.value),
                frozenset(singular(w) for topic in c.topic for w in words(topic)),
            )
            for c in self.messaging.claims
        ]

    @cached_property
    def phrases(self) -> PhraseSet[TermVariant | BannedPhrase]:
        entries: list[tuple[str, TermVariant | BannedPhrase]] = []
        for term in self.messaging.terms:
            for variant in term.instead_of:
                if normal(variant) == normal(term.use):
                    continue
                if normal(variant).casefold() == normal(term.use).casefold():
                    case = "exact"
                elif variant != variant.lower():
                    case = "name"
                else:
                    case = "any"
                entries.append((variant, TermVariant(term, variant, case)))
        entries += [(b.phrase, b) for b in self.messaging.banned]
        return PhraseSet(entries)

    @cached_property
    def uses(self) -> PhraseSet[Term]:
        """Preferred terms, to tell a variant inside the preferred term from a real one."""
        return PhraseSet(
            [
                (t.use, t)
                for t in self.messaging.terms
                if any(normal(v).casefold() in normal(t.use).casefold() for v in t.instead_of)
            ]
        )

    @cached_property
    def topics(self) -> PhraseSet[int]:
        return PhraseSet(
            [(topic, i) for i, c in enumerate(self.claims) for topic in c.claim.topic],
            plurals=True,
        )


def lowered_text(doc: Document) -> str:
    low = doc.cache.get("lowered")
    if low is None:
        low = doc.cache["lowered"] = lowered(doc.masked)
    return str(low)


def region_tokens(doc: Document, start: int, end: int) -> set[str]:
    """The words of a checked region (both phrase sets start from them)."""
    key = f"tokens:{start}:{end}"
    found = doc.cache.get(key)
    if found is None:
        found = doc.cache[key] = tokens(lowered_text(doc), start, end)
    return set(found)


def phrase_hits(doc: Document, fw: Framework) -> list[Hit[TermVariant | BannedPhrase]]:
    """Every term variant and banned phrase in the checked text (shared by two rules)."""
    hits = doc.cache.get("phrases")
    if hits is None:
        low = lowered_text(doc)
        hits = [
            h
            for r in doc.regions
            for h in fw.phrases.find(low, r.start, r.end, region_tokens(doc, r.start, r.end))
        ]
        doc.cache["phrases"] = hits
    return list(hits)


def claim_uses(doc: Document, fw: Framework) -> list[ClaimUse]:
    """Every use of a claim in the checked text (shared by the claim rules)."""
    found = doc.cache.get("claims")
    if found is None:
        found = doc.cache["claims"] = list(_claim_uses(doc, fw))
    return list(found)


def _claim_uses(doc: Document, fw: Framework) -> list[ClaimUse]:
    if not fw.claims:
        return []
    low, text = lowered_text(doc), doc.masked
    uses = []
    for region in doc.regions:
        hits = list(
            fw.topics.find(
                low, region.start, region.end, region_tokens(doc, region.start, region.end)
            )
        )
        if not hits:
            continue
        for sentence in sentences(text, region.start, region.end):
            in_sentence = [h for h in hits if sentence[0] <= h.start < sentence[1]]
            if not in_sentence:
                continue
            for clause in clauses(text, *sentence):
                mentions = _first_per_span(
                    h for h in in_sentence if clause[0] <= h.start < clause[1]
                )
                if mentions:
                    uses += _uses_in_clause(text, fw, mentions, clause, sentence)
    return uses


def _first_per_span(hits: object) -> list[Hit[int]]:
    seen: set[tuple[int, int, int]] = set()
    out = []
    for h in hits:  # type: ignore[attr-defined]
        key = (h.item, h.start, h.end)
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def _uses_in_clause(
    text: str,
    fw: Framework,
    mentions: list[Hit[int]],
    clause: tuple[int, int],
    sentence: tuple[int, int],
) -> list[ClaimUse]:
    uses = []
    figures = find_figures(text, *clause)
    for figure in figures:
        best: tuple[int, Hit[int]] | None = None
        for hit in mentions:
            facts = fw.claims[hit.item]
            if facts.figure is None or not _fits(text, facts, figure, hit):
                continue
            distance = max(figure.start - hit.end, hit.start - figure.end, 0)
            if best is None or distance < best[0]:
                best = (distance, hit)
        if best is not None:
            hit = best[1]
            alone = sum(h.item == hit.item for h in mentions) == 1
            uses.append(
                ClaimUse(fw.claims[hit.item], (hit.start, hit.end), figure, sentence, alone)
            )
    named: set[int] = set()
    for hit in mentions:
        facts = fw.claims[hit.item]
        if facts.figure is None and hit.item not in named:
            named.add(hit.item)
            uses.append(ClaimUse(facts, (hit.start, hit.end), None, sentence))
    return uses


def _fits(text: str, facts: ClaimFacts, figure: Figure, hit: Hit[int]) -> bool:
    """A figure of the claim's kind; a count only when it counts what the claim counts."""
    fact = facts.figure
    assert fact is not None
    if not fact.comparable(figure):
        return False
    if figure.kind == DURATION and not _same_scale(fact, figure):
        return False
    if figure.kind != COUNT:
        return not _in_a_title(text, figure)
    counted = facts.topic_words | set(fact.noun)
    if any(word in counted for word in figure.noun):
        return True
    if fact.integer and not figure.integer:
        return False  # "rated 4.8": a measure, not a number of things
    if hit.end <= figure.start:
        between = re.findall(r"[A-Za-z]+", text[hit.end : figure.start])
        punctuation = re.sub(r"[A-Za-z\s]+", "", text[hit.end : figure.start])
        if len(between) <= 4 and all(w.lower() in _LINKING for w in between):
            return punctuation in ("", ":", "+", "~")
    return False


#: Durations this many times longer or shorter than the claim's measure something else.
SCALE = 100


def _same_scale(fact: Figure, figure: Figure) -> bool:
    """A duration within SCALE times the claim's: "5 business days" beside a 10-year warranty
    is a delivery time, "4 weeks" beside a 6-week implementation is a contradiction (and so is
    any duration beside a claim of none, or none beside any)."""
    ours, theirs = max(fact.high, fact.low), max(figure.high, figure.low)
    if ours <= 0 or theirs <= 0:
        return True
    return min(ours, theirs) * SCALE > max(ours, theirs)


#: A figure written as one hyphenated word with its unit, the unit capitalised ("Five-Day").
_TITLE_CASE = re.compile(r"[\w.,]+-[A-Z][a-z]*$")
#: Emphasis or quotes around a stretch of one line: a title ("*The Five-Day Close*").
_QUOTED = re.compile(r"(\*{1,2}|_{1,2}|\"|\u201c)(?=\S)([^\n]*?\S)(?:\1|\u201d)")


def _in_a_title(text: str, figure: Figure) -> bool:
    """A figure that is part of a title: a hyphenated unit with a capital inside emphasis or
    quotes ("our guide *The Five-Day Close*" names a guide, it states no payout time)."""
    if not _TITLE_CASE.match(figure.text):
        return False
    line_start = text.rfind("\n", 0, figure.start) + 1
    line_end = text.find("\n", figure.end)
    line_end = len(text) if line_end < 0 else line_end
    return any(
        m.start() < figure.start and figure.end <= m.end()
        for m in _QUOTED.finditer(text, line_start, line_end)
    )


__all__ = ["FUNCTION_WORDS", "ClaimFacts", "ClaimUse", "Framework", "TermVariant"]
