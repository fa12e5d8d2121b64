"""Objections and lost deals, and the dashboard: counts, tables and charts."""

from __future__ import annotations

import statistics
from collections import Counter

from ..model import Repository, Request
from .charts import bars, pie
from .layout import SiteOptions, link
from .library import label, label_text
from .markdown import plain
from .page import Page, table

TOP = 12


def _counts(requests: list[Request], key: str) -> list[tuple[str, int]]:
    counter: Counter[str] = Counter()
    for request in requests:
        value = getattr(request, key)
        counter[" ".join(str(value).split()) if value else "not given"] += 1
    return counter.most_common()


def objections_page(repo: Repository, options: SiteOptions) -> str:
    page = Page("Objections and lost deals", searchable=False)
    objections = [r for r in repo.requests if r.kind == "objection"]
    lost = [r for r in repo.requests if r.kind == "lost-deal"]
    lost_amount = sum(d.amount or 0 for r in lost for d in r.deals)
    page.add(
        f"{len(objections)} objections and {len(lost)} lost deals"
        + (f" (${lost_amount:,.0f} in deals)." if lost_amount else "."),
        "",
    )
    for title, requests in (("Objections", objections), ("Lost deals", lost)):
        if not requests:
            continue
        page.add(f"## {title}", "")
        keys = [("competitor", "By competitor"), ("stage", "By stage")]
        if title == "Lost deals":
            keys.insert(1, ("reason", "By reason"))
        for key, name in keys:
            counts = _counts(requests, key)
            page.add(f"### {name}", "")
            page.add(*pie(f"{title} {name.lower()}", counts[:TOP]))
            page.add(
                *table(
                    [name.removeprefix("By ").capitalize(), "Count"],
                    [[_value(key, v), str(n)] for v, n in counts],
                )
            )
    return page.render()


def _value(key: str, value: str) -> str:
    return label(value) if key == "stage" and value != "not given" else plain(value)


def dashboard_page(repo: Repository, options: SiteOptions) -> str:
    page = Page("Dashboard", searchable=False)
    requests = list(repo.requests)
    answered = [r for r in requests if r.status == "answered"]
    share = len(answered) / len(requests) if requests else 0
    page.add(f"{len(requests)} requests, {len(answered)} answered ({share:.0%}).", "")
    months = Counter(r.opened.strftime("%Y-%m") for r in requests if r.opened)
    recent = sorted(months)[-12:]
    page.add(
        "## Requests per month",
        "",
        *bars("Requests per month", recent, [months[m] for m in recent], "Requests"),
    )
    page.add(
        "## Share of requests answered",
        "",
        *pie(
            "Requests by status",
            [
                (status.replace("-", " "), n)
                for status, n in Counter(r.status for r in requests).most_common()
            ],
        ),
    )
    page.add(
        "## Time to answer",
        "",
        "Days from opening to the last change of an answered request, from Git.",
        "",
    )
    rows, kinds, medians = [], [], []
    for kind in ("question", "content", "objection", "lost-deal", "feedback"):
        days = [
            (r.history.changed.date - r.opened).days
            for r in answered
            if r.kind == kind and r.history and r.opened and r.history.changed.date >= r.opened
        ]
        if days:
            median = statistics.median(days)
            kinds.append(label_text(kind))
            medians.append(median)
            rows.append([label(kind), str(len(days)), f"{median:g}", str(max(days))])
    page.add(*bars("Median days to answer", kinds, medians, "Days"))
    page.add(*table(["Kind", "Answered", "Median days", "Longest"], rows))
    if not rows:
        page.add("No answered request has a Git history yet.", "")
    page.add(
        f"See also the [requests board]({link('insights/dashboard.md', 'requests/index.md')}).", ""
    )
    return page.render()
