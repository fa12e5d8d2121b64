"""The messaging guide, what's new, and the home page."""

from __future__ import annotations

import datetime as dt

from ..demand import demand, gaps, rank
from ..model import Repository
from ..report import changes_since
from .layout import Layout, SiteOptions, is_faq, link, published
from .library import asset_table
from .markdown import inline, plain
from .page import Page, table

HOME_MARKER = "<!-- enablekit:home -->"


def messaging_page(repo: Repository, options: SiteOptions) -> str:
    """Terms, banned phrases and the fact sheet, as marketing keeps them in messaging.yml."""
    messaging = repo.messaging
    page = Page("Messaging guide")
    page.add(
        "What we say, and how we say it. Kept by marketing in `content/messaging.yml`; "
        "`enablekit check` holds every asset and answer to it.",
        "",
    )
    page.add(
        "## Terminology",
        "",
        *table(
            ["Say", "Not", "Note"],
            [
                [f"**{inline(t.use)}**", ", ".join(inline(x) for x in t.instead_of), inline(t.note)]
                for t in messaging.terms
            ],
        )
        or ["No terms yet.", ""],
    )
    page.add(
        "## Banned phrases",
        "",
        *table(
            ["Never say", "Why", "Say instead"],
            [
                [inline(b.phrase), inline(b.reason), inline(b.suggest or "")]
                for b in messaging.banned
            ],
        )
        or ["No banned phrases yet.", ""],
    )
    rows = []
    for claim in messaging.claims:
        validity = ""
        if claim.valid_until:
            expired = claim.valid_until < options.today
            validity = (
                f"**expired {claim.valid_until}**" if expired else f"until {claim.valid_until}"
            )
        rows.append(
            [
                f"**{inline(claim.value)}**",
                ", ".join(inline(t) for t in claim.topic),
                inline(claim.reference),
                validity,
            ]
        )
    page.add(
        "## Claims",
        "",
        "Every figure we say in public. Use these values and no others.",
        "",
        *table(["Figure", "Topic", "Source", "Valid"], rows) or ["No claims yet.", ""],
    )
    return page.render()


def whats_new_page(repo: Repository, layout: Layout, options: SiteOptions) -> str:
    """Assets and answers added or changed in the last days, from Git and `published`."""
    since = options.today - dt.timedelta(days=options.new_days)
    path = "whats-new.md"
    page = Page("What's new", searchable=False)
    page.add(f"Added or changed since {since} (the last {options.new_days} days).", "")

    changes = changes_since(repo, since)  # the report's "new and updated" too
    shown = {a.id for a in published(repo)}
    assets = sorted(
        (a for a in changes.new_assets + changes.updated_assets if a.id in shown),
        key=lambda a: max(
            a.published or dt.date.min, a.history.changed.date if a.history else dt.date.min
        ),
        reverse=True,
    )
    page.add(
        "## Assets", "", *asset_table(path, assets, layout, options.today) or ["Nothing new.", ""]
    )
    answers = [r for r in changes.answered if is_faq(r)]
    page.add("## Answers", "")
    page.add(
        *[
            f"- [{inline(r.title) or plain(r.id)}]({layout.request_link(path, r)}), "
            f"{r.history.changed.date if r.history else ''}"
            for r in answers
        ]
        or ["Nothing new."]
    )
    return page.render()


def home_blocks(
    repo: Repository, layout: Layout, options: SiteOptions, path: str = "index.md"
) -> list[str]:
    """The home page's content: search first, then counts, most-asked questions, new assets."""
    assets = [a for a in published(repo) if a.status == "published"]
    open_requests = [r for r in repo.requests if r.status in ("open", "in-progress")]
    lines = [
        '<form class="enablekit-search" action="" method="get" role="search">'
        '<input type="search" name="q" placeholder="Search answers, questions and assets" '
        'aria-label="Search answers, questions and assets"></form>',
        "",
        f"**{len(assets)}** assets · **{sum(map(is_faq, repo.requests))}** answered questions · "
        f"**{len(open_requests)}** open requests · **{len(gaps(repo, options.today))}** content gaps",
        "",
    ]
    asked = rank([r for r in open_requests if r.kind in ("question", "objection")], options.today)[
        :10
    ]
    if asked:
        lines += ["## Most-asked open questions", ""]
        lines += [
            f"1. [{inline(r.title) or plain(r.id)}]({layout.request_link(path, r)}) "
            f"({demand(r).score})"
            for r in asked
        ]
        lines.append("")
    recent = sorted(assets, key=lambda a: (a.published or dt.date.min, a.id), reverse=True)[:8]
    lines += ["## Recently published", "", *asset_table(path, recent, layout, options.today)]
    lines += [
        f"[Library]({link(path, 'library/index.md')}) · [FAQ]({link(path, 'faq/index.md')}) · "
        f"[Requests]({link(path, 'requests/index.md')}) · [Gaps]({link(path, 'gaps/index.md')}) · "
        f"[What's new]({link(path, 'whats-new.md')})",
        "",
    ]
    return lines


def home_page(repo: Repository, layout: Layout, options: SiteOptions) -> str:
    page = Page(options.site_name, searchable=False, hide_toc=True)
    return page.add(*home_blocks(repo, layout, options)).render()
