"""Requests on the site: the FAQ (approved answers), the requests board, and content gaps."""

from __future__ import annotations

import dataclasses

from ..demand import age, demand, gaps, verdicts
from ..demand import sla_breached as breached
from ..drafting import Draft
from ..link.duplicates import Duplicate, find_duplicates
from ..model import Repository, Request
from .ask import ask_button
from .layout import (
    Layout,
    SiteOptions,
    anchor,
    board_group,
    by_opened,
    chunks,
    faq_base,
    faq_topic,
    group,
    is_faq,
    link,
    page_path,
)
from .library import label, label_text
from .markdown import (
    block,
    escaped,
    html_block,
    html_heading,
    html_link,
    inline,
    plain,
    safe_html,
)
from .page import Page, pager, table

STATUSES = (
    ("open", "Open"),
    ("in-progress", "In progress"),
    ("answered", "Answered"),
    ("declined", "Declined"),
)
GAP_PAGES = 5
KIND_NAMES = {
    "question": "Question",
    "content": "Content request",
    "objection": "Objection",
    "lost-deal": "Lost deal",
    "feedback": "Feedback",
}


def sla_breached(request: Request, options: SiteOptions) -> bool:
    return breached(request, dict(options.sla_days), options.today)


def _facts(request: Request, options: SiteOptions) -> str:
    """One line under a request's title: kind, who, when, demand, SLA. A finished HTML
    block (`html_block`): the board and the FAQ hold thousands of these lines."""
    d = demand(request)
    facts = [escaped(KIND_NAMES.get(request.kind, request.kind))]
    if request.requested_by:
        facts.append(f"asked by {escaped(request.requested_by)}")
    elapsed = age(request, options.today)
    if elapsed is not None:
        facts.append(f"opened {request.opened} ({elapsed} days ago)")
    facts.append(f"demand {d.score} ({d.people} people, {d.deals} deals)")
    if d.amount:
        facts.append(f"${d.amount:,.0f} in deals")
    if request.competitor:
        facts.append(f"competitor {escaped(request.competitor)}")
    if request.stage:
        facts.append(f"stage {escaped(label_text(request.stage))}")
    if request.priority != "normal":
        facts.append(f"priority {escaped(request.priority)}")
    line = " · ".join(facts)
    if sla_breached(request, options):
        line = f"{line} · <strong>SLA breached</strong> ({options.sla_days[request.kind]} days)"
    else:
        line = f"<em>{line}</em>"
    return html_block(f"<p>{line}</p>", css="enablekit-facts")


def _entry(
    path: str,
    request: Request,
    repo: Repository,
    layout: Layout,
    options: SiteOptions,
    duplicate: Duplicate | None = None,
) -> list[str]:
    lines = [
        html_heading(2, anchor(request.id), request.title.strip() or request.id),
        "",
        _facts(request, options),
        "",
    ]
    if request.answer.strip():
        lines += [_approved(safe_html(request.answer)), ""]
    if request.details.strip():
        lines += [block(request.details), ""]
    # The rest as one finished HTML block: Markdown links cost most of a board's rendering.
    notes = []
    if request.reason:
        notes.append(f"<strong>Reason lost:</strong> {escaped(request.reason)}")
    linked = []
    for asset_id in repo.linked_assets(request):
        asset, target = repo.asset(asset_id), layout.asset_href(path, asset_id)
        if asset and target:
            linked.append(html_link(target, escaped(asset.title or asset.id)))
    if linked:
        notes.append("<strong>Assets:</strong> " + " · ".join(linked))
    if duplicate is not None:
        original = duplicate.original
        notes.append(
            "<strong>Asks the same as:</strong> "
            f"{html_link(layout.request_href(path, original), escaped(original.title or original.id))}"
            f" ({duplicate.score:.2f}): add your name to its asked_by instead"
        )
    edit = options.edit_url(request.path)
    if edit:
        notes.append(html_link(edit, "Edit this request"))
    if notes:
        lines += [html_block("\n".join(f"<p>{note}</p>" for note in notes)), ""]
    return lines


def _approved(answer_html: str) -> str:
    """The approved answer in Material's admonition markup, as one finished HTML block."""
    return html_block(
        '<div class="admonition success">\n<p class="admonition-title">Approved answer</p>\n'
        f"{answer_html}</div>"
    )


def faq_pages(repo: Repository, layout: Layout, options: SiteOptions) -> dict[str, str]:
    """Approved answers grouped by stage and topic (paginated); each question its own anchor."""
    pages: dict[str, str] = {}
    groups = group(filter(is_faq, repo.requests), faq_base)
    index = Page("FAQ", searchable=False)
    index.add(
        "Questions customers ask, with the answers we agreed on. Every question has its own "
        "link: copy it from the ¶ sign next to its title.",
        "",
        *ask_button(repo, options, Draft(kind="question", title="A customer question"), _ASK),
    )
    by_stage = group(groups, lambda base: groups[base][0].stage or "general")
    for stage in sorted(by_stage, key=_stage_order(repo)):
        index.add(f"## {label(stage)}", "")
        for base in sorted(by_stage[stage], key=lambda b: (b.endswith("/general"), b)):
            requests = by_opened(groups[base])
            topic = faq_topic(requests[0])
            title = f"{label_text(stage)}: {topic.replace('-', ' ')}"
            index.add(
                f"- [{plain(topic.replace('-', ' '))}]({link('faq/index.md', page_path(base, 1))}) "
                f"({len(requests)})"
            )
            parts = chunks(requests, options.page_size)
            for number, part in enumerate(parts, start=1):
                path = page_path(base, number)
                page = Page(f"FAQ: {title}")
                page.add(*_ask_faq(repo, options, requests[0], topic))
                for request in part:
                    page.add(*_entry(path, request, repo, layout, options))
                page.add(*pager(base, number, len(parts)))
                pages[path] = page.render()
        index.add("")
    pages["faq/index.md"] = index.render()
    return pages


_ASK = "Not answered here? Ask marketing"


def _ask_faq(repo: Repository, options: SiteOptions, sample: Request, topic: str) -> list[str]:
    """A question about this page's stage and topic."""
    draft = Draft(kind="question", title=f"A question about {topic.replace('-', ' ')}")
    if sample.stage:
        draft = dataclasses.replace(draft, stage=sample.stage)
    return ask_button(repo, options, draft, _ASK)


def _stage_order(repo: Repository):  # type: ignore[no-untyped-def]
    stages = list(repo.taxonomy.stages)
    return lambda name: (stages.index(name) if name in stages else len(stages), name)


def board_pages(repo: Repository, layout: Layout, options: SiteOptions) -> dict[str, str]:
    """Every request that is not in the FAQ, by status, with age, demand and SLA breaches."""
    pages: dict[str, str] = {}
    board = [r for r in repo.requests if not is_faq(r)]
    same = {d.request.id: d for d in find_duplicates(repo)}
    groups = group(board, board_group)
    index = Page("Requests board", searchable=False)
    index.add(
        *table(
            ["Status", "Requests"],
            [
                [
                    f"[{name}]({link('requests/index.md', page_path(f'requests/{key}', 1))})",
                    str(len(groups.get(key, []))),
                ]
                for key, name in STATUSES
                if groups.get(key)
            ],
        )
    )
    answered_in_faq = sum(1 for r in repo.requests if is_faq(r))
    if answered_in_faq:
        index.add(f"{answered_in_faq} answered questions are in the [FAQ](../faq/index.md).", "")
    index.add("## SLA breaches", "", *_sla_table(repo, options))
    for key, name in STATUSES:
        requests = by_opened(groups.get(key, []))
        base = f"requests/{key}"
        parts = chunks(requests, options.page_size)
        if not requests:
            continue
        for number, part in enumerate(parts, start=1):
            path = page_path(base, number)
            page = Page(f"Requests: {name}", searchable=key != "answered")
            for request in part:
                page.add(*_entry(path, request, repo, layout, options, same.get(request.id)))
            page.add(*pager(base, number, len(parts)))
            pages[path] = page.render()
    pages["requests/index.md"] = index.render()
    return pages


def _sla_table(repo: Repository, options: SiteOptions) -> list[str]:
    rows = []
    for kind, days in options.sla_days.items():
        waiting = [
            r for r in repo.requests if r.kind == kind and r.status in ("open", "in-progress")
        ]
        breached = [r for r in waiting if sla_breached(r, options)]
        rows.append(
            [
                KIND_NAMES.get(kind, plain(kind)),
                f"{days} days",
                str(len(waiting)),
                f"**{len(breached)}**" if breached else "0",
            ]
        )
    return table(["Kind", "SLA", "Waiting", "Breached"], rows) or ["No requests are waiting.", ""]


def gaps_pages(repo: Repository, layout: Layout, options: SiteOptions) -> dict[str, str]:
    """Unanswered requests that no asset answers (`demand.verdicts`), most wanted first.

    The site shows the top of the ranking (GAP_PAGES pages): planning starts there, and
    `enablekit gaps` lists them all."""
    ranked = gaps(repo, options.today)
    found = verdicts(repo)
    likely, missing = found.likely, found.missing
    parts = chunks(ranked, options.page_size * 2)[:GAP_PAGES]
    pages = {}
    for number, part in enumerate(parts, start=1):
        path = page_path("gaps/index", number)
        page = Page("Content gaps", searchable=False)
        if number == 1:
            page.add(
                f"{len(ranked)} requests have no answer and no asset yet, ranked by demand: "
                "the people who asked, then the money in open deals."
                + (
                    f" {len(likely)} more probably have an asset already "
                    "(`enablekit link` suggests it): confirm those links rather than make content."
                    if likely
                    else ""
                )
                + (
                    f" The first {len(parts) * options.page_size * 2} are shown here; "
                    "`enablekit gaps` lists them all."
                    if len(parts) * options.page_size * 2 < len(ranked)
                    else ""
                ),
                "",
                *ask_button(
                    repo,
                    options,
                    Draft(kind="content", title="An asset we need"),
                    "Ask for an asset",
                ),
            )
        first = (number - 1) * options.page_size * 2
        rows = []
        for rank, request in enumerate(part, start=first + 1):
            d = demand(request)
            title = (
                f"[{inline(request.title) or plain(request.id)}]"
                f"({layout.request_link(path, request)})"
            )
            words = ", ".join(plain(w) for w in missing.get(request.path, ()))
            if words:  # under the title: why it is a gap, and what the content to make is about
                title += f'<br><span class="enablekit-missing">no asset mentions: {words}</span>'
            rows.append(
                [
                    str(rank),
                    title,
                    KIND_NAMES.get(request.kind, plain(request.kind)),
                    str(d.score),
                    f"${d.open_amount:,.0f}" if d.open_amount else "",
                    plain(request.priority),
                    str(age(request, options.today) or ""),
                ]
            )
        page.add(
            *table(["#", "Request", "Kind", "Demand", "Open deals", "Priority", "Age (days)"], rows)
        )
        page.add(*pager("gaps/index", number, len(parts)))
        pages[path] = page.render()
    return pages
