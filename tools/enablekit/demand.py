"""How much a request matters to sales: people who asked, deals at stake, urgency, age.

One ranking, several views: the site's gaps page, `enablekit gaps` and the report.
"""

from __future__ import annotations

import datetime as dt
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
