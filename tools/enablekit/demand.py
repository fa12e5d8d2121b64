"""How much a request matters to sales: people who asked, deals at stake, urgency, age.

One ranking, several views: the site's gaps page, `enablekit gaps` and the report.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

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


def is_gap(repo: Repository, request: Request) -> bool:
    """An unanswered request that no asset answers: a content gap."""
    return (
        request.kind != "feedback"
        and request.status in UNANSWERED
        and not request.answer
        and not repo.linked_assets(request)
    )


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
    return rank([r for r in repo.requests if is_gap(repo, r)], today)


@dataclass(frozen=True)
class RankedGap:
    rank: int
    request: Request
    demand: Demand
    age: int | None


def ranked_gaps(repo: Repository, today: dt.date) -> list[RankedGap]:
    return [
        RankedGap(i, r, demand(r), age(r, today)) for i, r in enumerate(gaps(repo, today), start=1)
    ]


def format_gaps_text(gaps: list[RankedGap]) -> str:
    if not gaps:
        return "No content gaps: every open request has an answer or an asset.\n"
    rows = [("#", "demand", "open deals", "priority", "age", "request")]
    for g in gaps:
        money = f"${g.demand.open_amount:,.0f}" if g.demand.open_amount else "-"
        age_text = f"{g.age}d" if g.age is not None else "-"
        rows.append(
            (
                str(g.rank),
                str(g.demand.score),
                money,
                g.request.priority,
                age_text,
                f"{g.request.path}: {' '.join(g.request.title.split())}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "".join(
        "  ".join(
            cell.rjust(w) if i in (0, 1, 2, 4) else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, [*widths, 0], strict=False))
        ).rstrip()
        + "\n"
        for row in rows
    )


def format_gaps_json(gaps: list[RankedGap]) -> str:
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
                    }
                    for g in gaps
                ]
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
