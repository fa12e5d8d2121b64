"""How much a request matters to sales: people who asked, deals at stake, urgency, age.

One ranking, several views: the site's gaps page, `enablekit gaps` and the report.

A request is a content gap when it waits for an answer (open or in progress, no approved
answer, no link to a published asset) and the matcher (`enablekit link`) finds no asset
that answers it. When the matcher does find one, the request is not a gap but a link to
confirm: planning content for it would remake an asset that exists.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .forking import in_background
from .link.match import Link, Match, link_requests, published_links
from .model import Repository, Request

PRIORITY_RANK = {"urgent": 3, "high": 2, "normal": 1, "low": 0}
UNANSWERED = ("open", "in-progress")


@dataclass(frozen=True)
class Demand:
    """What a request's demand is made of; `score` orders requests, most wanted first."""

    people: int
    deals: int
    amount: float
    open_amount: float

    @property
    def score(self) -> int:
        return self.people + self.deals


def demand(request: Request) -> Demand:
    people = {
        p.strip().lower() for p in (request.requested_by or "", *request.asked_by) if p.strip()
    }
    amount = sum(d.amount or 0 for d in request.deals)
    open_amount = sum(d.amount or 0 for d in request.deals if d.outcome in (None, "open"))
    return Demand(len(people), len(request.deals), amount, open_amount)


def age(request: Request, today: dt.date) -> int | None:
    """Days since the request was opened (None when nobody knows when)."""
    return (today - request.opened).days if request.opened else None


def unanswered(repo: Repository, request: Request) -> bool:
    """Waiting for an answer: open or in progress, no approved answer and no link to a
    published asset. Feedback is a verdict on assets, never waiting for one."""
    return (
        request.kind != "feedback"
        and request.status in UNANSWERED
        and not request.answer
        and not published_links(repo, request)
    )


@dataclass(frozen=True)
class Verdicts:
    """The unanswered requests, split by what the matcher says: `gaps` (no asset answers
    them: content to make) and `likely` (an asset probably answers them: link it)."""

    gaps: tuple[Request, ...]
    likely: tuple[Link, ...]
    #: A gap's words that no published asset uses (Link.missing), by the request's path.
    missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


_VERDICTS: dict[int, tuple[weakref.ref[Repository], Verdicts]] = {}
_Found = list[tuple[str, tuple[Match, ...], bool, tuple[str, ...]]]
_PENDING: dict[int, tuple[weakref.ref[Repository], Callable[[], _Found]]] = {}


def _links(repo: Repository) -> list[Link]:
    waiting = [r for r in repo.requests if unanswered(repo, r)]
    return link_requests(repo, requests=waiting) if waiting else []


def verdicts_in_background(repo: Repository) -> None:
    """Start the matcher for `verdicts(repo)` in a forked process (`enablekit build`: the
    site needs it for the gaps page, while MkDocs starts and other pages are made)."""

    def found() -> _Found:
        return [(link.request.path, link.matches, link.gap, link.missing) for link in _links(repo)]

    for table in (_PENDING, _VERDICTS):
        if (known := table.get(id(repo))) is not None and known[0]() is repo:
            return  # started or found already
    _PENDING.clear()
    _PENDING[id(repo)] = (weakref.ref(repo), in_background(found))


def verdicts(repo: Repository) -> Verdicts:
    """The one gap verdict behind `enablekit gaps`, the site's gaps page and its home page.

    Computed once per repository object (the site asks for it from several pages)."""
    cached = _VERDICTS.get(id(repo))
    if cached is not None and cached[0]() is repo:
        return cached[1]
    pending = _PENDING.pop(id(repo), None)
    if pending is not None and pending[0]() is repo:
        by_path = {r.path: r for r in repo.requests}
        links = [
            Link(by_path[path], matches, gap, missing=missing)
            for path, matches, gap, missing in pending[1]()
        ]
    else:
        links = _links(repo)
    result = Verdicts(
        tuple(link.request for link in links if link.gap),
        tuple(link for link in links if not link.gap),
        {link.request.path: link.missing for link in links if link.gap and link.missing},
    )
    _VERDICTS.clear()  # one repository at a time: the cache must not grow in `serve`
    _VERDICTS[id(repo)] = (weakref.ref(repo), result)
    return result


def rank(requests: list[Request], today: dt.date) -> list[Request]:
    """Most wanted first: demand, then money in open deals, priority, then the oldest."""

    def key(request: Request) -> tuple[int, float, int, int, str]:
        d = demand(request)
        return (
            -d.score,
            -d.open_amount,
            -PRIORITY_RANK.get(request.priority, 1),
            -(age(request, today) or 0),
            request.id,
        )

    return sorted(requests, key=key)


def gaps(repo: Repository, today: dt.date) -> list[Request]:
    """Content gaps ranked by demand."""
    return rank(list(verdicts(repo).gaps), today)


@dataclass(frozen=True)
class RankedGap:
    rank: int
    request: Request
    demand: Demand
    age: int | None
    #: The request's words that no published asset uses (Link.missing).
    missing: tuple[str, ...] = ()


def ranked_gaps(repo: Repository, today: dt.date) -> list[RankedGap]:
    missing = verdicts(repo).missing
    return [
        RankedGap(i, r, demand(r), age(r, today), missing.get(r.path, ()))
        for i, r in enumerate(gaps(repo, today), start=1)
    ]


def format_gaps_text(gaps: list[RankedGap], likely: Sequence[Link] = ()) -> str:
    note = (
        f"{len(likely)} more unanswered requests probably have an asset already: "
        "confirm the links with `enablekit link --diff`, then `--write`.\n"
        if likely
        else ""
    )
    if not gaps:
        return "No content gaps: every open request has an answer or an asset.\n" + note
    rows = [("#", "demand", "open deals", "priority", "age", "request")]
    for g in gaps:
        money = f"${g.demand.open_amount:,.0f}" if g.demand.open_amount else "-"
        age_text = f"{g.age}d" if g.age is not None else "-"
        asked = f"{g.request.path}: {' '.join(g.request.title.split())}"
        if g.missing:
            asked += f" (no asset mentions: {', '.join(g.missing)})"
        rows.append((str(g.rank), str(g.demand.score), money, g.request.priority, age_text, asked))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return (
        "".join(
            "  ".join(
                cell.rjust(w) if i in (0, 1, 2, 4) else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, [*widths, 0], strict=False))
            ).rstrip()
            + "\n"
            for row in rows
        )
        + note
    )


def format_gaps_json(gaps: list[RankedGap], likely: Sequence[Link] = ()) -> str:
    return (
        json.dumps(
            {
                "gaps": [
                    {
                        "id": g.request.id,
                        "path": g.request.path,
                        "title": g.request.title,
                        "kind": g.request.kind,
                        "rank": g.rank,
                        "demand": g.demand.score,
                        "people": g.demand.people,
                        "deals": g.demand.deals,
                        "open_amount": g.demand.open_amount,
                        "priority": g.request.priority,
                        "age": g.age,
                        "missing": list(g.missing),
                    }
                    for g in gaps
                ],
                "likely_answered": [
                    {
                        "id": link.request.id,
                        "path": link.request.path,
                        "asset": link.matches[0].asset,
                        "score": link.matches[0].score,
                    }
                    for link in likely
                    if link.matches
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def sla_breached(request: Request, sla_days: dict[str, int] | None, today: dt.date) -> bool:
    """Open or in progress for longer than its kind's SLA allows (days from mkdocs.yml)."""
    days = (sla_days or {}).get(request.kind)
    elapsed = age(request, today)
    return (
        request.status in UNANSWERED and days is not None and elapsed is not None and elapsed > days
    )
