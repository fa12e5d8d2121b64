"""`enablekit report`: the digest for the monthly sales and marketing meeting.

What changed since a date (new and updated assets, requests answered), what is asked most
(the gaps ranking the site and `enablekit gaps` use), SLA breaches by owner, objections and
losses by competitor, stale assets. Markdown, or a standalone HTML page. Every text a rep
or marketer wrote is escaped: the report is as safe to paste into a wiki as the site.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from .demand import age, demand, gaps, sla_breached
from .load.changes import SinceError  # one error for every --since
from .model import Asset, History, Repository, Request
from .site.markdown import plain
from .site.page import table

TOP = 10


def since_date(since: str, root: Path, today: dt.date) -> dt.date:
    """`30d`, `2026-10-01`, or a Git ref (the date of its commit)."""
    if match := re.fullmatch(r"(\d{1,5})d", since.strip()):
        return today - dt.timedelta(days=int(match.group(1)))
    try:
        return dt.date.fromisoformat(since.strip())
    except ValueError:
        pass
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cs", since, "--"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SinceError(f"--since {since}: cannot run git ({exc})") from exc
    if done.returncode != 0 or not done.stdout.strip():
        raise SinceError(
            f"--since {since} is not a number of days (30d), a date (2026-10-01) or a Git ref"
        )
    return dt.date.fromisoformat(done.stdout.strip())


def _added(history: History | None) -> dt.date | None:
    return history.added.date if history else None


def _changed(history: History | None) -> dt.date | None:
    return history.changed.date if history else None


@dataclass(frozen=True)
class Changes:
    """Assets and answers new or changed since a date (the site's What's new, the report)."""

    new_assets: list[Asset]
    updated_assets: list[Asset]
    answered: list[Request]


def changes_since(repo: Repository, since: dt.date) -> Changes:
    published = [a for a in repo.assets if a.status != "draft"]
    new = [
        a
        for a in published
        if (a.published and a.published >= since) or (_added(a.history) or dt.date.min) >= since
    ]
    updated = [
        a for a in published if a not in new and (_changed(a.history) or dt.date.min) >= since
    ]
    answered = [
        r
        for r in repo.requests
        if r.status == "answered" and (_changed(r.history) or dt.date.min) >= since
    ]
    newest = lambda a: max(a.published or dt.date.min, _changed(a.history) or dt.date.min)  # noqa: E731
    new.sort(key=newest, reverse=True)
    updated.sort(key=newest, reverse=True)
    answered.sort(key=lambda r: (_changed(r.history) or dt.date.min, r.id), reverse=True)
    return Changes(new, updated, answered)


def breaches_by_owner(
    repo: Repository, sla_days: dict[str, int], today: dt.date
) -> dict[str, list[Request]]:
    """Requests past their SLA, by who answers them (`owner:`, else the owner of an asset
    they point at, else nobody yet)."""
    owners = {a.id: a.owner for a in repo.assets if a.owner}
    grouped: dict[str, list[Request]] = defaultdict(list)
    for request in repo.requests:
        if sla_breached(request, sla_days, today):
            owner = request.owner or next(
                (owners[a] for a in repo.linked_assets(request) if a in owners), "nobody yet"
            )
            grouped[owner].append(request)
    return dict(sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0])))


def by_competitor(requests: list[Request]) -> list[tuple[str, int, Counter[str]]]:
    """(competitor, count, reasons) for objections and lost deals, most frequent first."""
    counts: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for request in requests:
        name = " ".join((request.competitor or "not given").split())
        counts[name] += 1
        if request.reason:
            reasons[name][" ".join(request.reason.split())] += 1
    return [(name, n, reasons[name]) for name, n in counts.most_common()]


def stale_assets(repo: Repository, today: dt.date) -> list[Asset]:
    stale = [
        a
        for a in repo.assets
        if a.status == "published" and a.review_by is not None and a.review_by < today
    ]
    return sorted(stale, key=lambda a: (a.review_by or dt.date.min, a.id))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return table(header, rows) or ["None.", ""]


def report_markdown(
    repo: Repository, since: dt.date, today: dt.date, sla_days: dict[str, int], title: str
) -> str:
    """The digest as Markdown; every rep- or marketer-written text escaped."""
    changes = changes_since(repo, since)
    lines = [
        f"# {plain(title)}: {since} to {today}",
        "",
        f"{len(changes.new_assets)} new assets, {len(changes.updated_assets)} updated, "
        f"{len(changes.answered)} requests answered.",
        "",
        "## New and updated assets",
        "",
        *_table(
            ["Asset", "Type", "Owner", "Change"],
            [
                [plain(a.title), plain(a.type), plain(a.owner or ""), state]
                for state, assets in (
                    ("new", changes.new_assets),
                    ("updated", changes.updated_assets),
                )
                for a in assets
            ],
        ),
        "## Requests answered",
        "",
        *_table(
            ["Request", "Kind", "Demand", "Answered"],
            [
                [
                    plain(r.title),
                    plain(r.kind),
                    str(demand(r).score),
                    str(_changed(r.history) or ""),
                ]
                for r in changes.answered
            ],
        ),
        f"## Top {TOP} open asks",
        "",
        *_table(
            ["#", "Request", "Kind", "Demand", "Open deals", "Age (days)"],
            [
                [
                    str(n),
                    plain(r.title),
                    plain(r.kind),
                    str(demand(r).score),
                    f"${demand(r).open_amount:,.0f}" if demand(r).open_amount else "",
                    str(age(r, today) if age(r, today) is not None else ""),
                ]
                for n, r in enumerate(gaps(repo, today)[:TOP], start=1)
            ],
        ),
        "## SLA breaches by owner",
        "",
    ]
    breaches = breaches_by_owner(repo, sla_days, today)
    lines += _table(
        ["Owner", "Breaches", "Oldest"],
        [
            [
                plain(owner),
                str(len(requests)),
                plain(max(requests, key=lambda r: age(r, today) or 0).title),
            ]
            for owner, requests in breaches.items()
        ],
    )
    recent = [
        r
        for r in repo.requests
        if r.kind in ("objection", "lost-deal") and (r.opened or dt.date.min) >= since
    ]
    lines += [
        "## Objections and losses by competitor",
        "",
        f"Opened since {since}: {sum(r.kind == 'objection' for r in recent)} objections, "
        f"{sum(r.kind == 'lost-deal' for r in recent)} lost deals.",
        "",
        *_table(
            ["Competitor", "Count", "Reasons lost"],
            [
                [
                    plain(name),
                    str(n),
                    plain("; ".join(f"{k} ({v})" for k, v in reasons.most_common(3))),
                ]
                for name, n, reasons in by_competitor(recent)
            ],
        ),
        "## Stale assets",
        "",
        *_table(
            ["Asset", "Owner", "Review was due"],
            [
                [plain(a.title), plain(a.owner or "nobody"), str(a.review_by)]
                for a in stale_assets(repo, today)
            ],
        ),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


_CSS = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}"
    "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}"
)


def report_html(markdown: str, title: str) -> str:
    """A standalone page: no script, no request to another host, raw HTML off."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n"
        f"<body>\n{body}</body></html>\n"
    )
