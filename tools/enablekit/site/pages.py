"""Page generation: the repository model in, `{path: Markdown}` out. Pure: no files, no Git.

Any builder can render the result: the MkDocs plugin adds the pages to the build, and
`enablekit build --out DIR` writes them for builders that run no plugin (Zensical).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from ..forking import in_background
from ..model import Repository
from ..problems import Problem
from .guide import home_page, messaging_page, whats_new_page
from .insights import dashboard_page, objections_page
from .layout import Layout, SiteOptions, plan
from .library import asset_pages, index_pages, paged_assets
from .requests import board_pages, faq_pages, gaps_pages

#: Section front pages, in navigation order: (path, title). Item pages stay out of the nav.
SECTIONS = (
    ("library/index.md", "Library"),
    ("faq/index.md", "FAQ"),
    ("requests/index.md", "Requests"),
    ("gaps/index.md", "Content gaps"),
    ("insights/objections.md", "Objections and losses"),
    ("insights/dashboard.md", "Dashboard"),
    ("messaging.md", "Messaging guide"),
    ("whats-new.md", "What's new"),
)


Findings = Mapping[str, Sequence[Problem]]


def generate(
    repo: Repository,
    options: SiteOptions,
    *,
    attachments: frozenset[str] = frozenset(),
    home: bool = True,
    findings: Findings | Callable[[], Findings] | None = None,
    jobs: int = 1,
) -> dict[str, str]:
    """Every generated page. `attachments` are the site paths of attachment files that exist;
    `home` is False when the site has a hand-written home page; `findings` are what
    `enablekit check` found in each asset (by path), shown on its page, or a function that
    returns them once the other sections are made (so a process may find them meanwhile).
    With `jobs` > 1 and many assets, most asset pages are made in a forked process beside
    this one (same result)."""
    layout = plan(repo, options)
    files = set(attachments)
    sections = _sections(repo, layout, options, home)
    found = findings() if callable(findings) else findings
    if jobs < 2 or len(repo.assets) < FORK_FROM_ASSETS:
        return {**asset_pages(repo, layout, options, files, findings=found), **sections}
    theirs = in_background(partial(asset_pages, repo, layout, options, files, _forked_share, found))
    mine = asset_pages(repo, layout, options, files, lambda i: not _forked_share(i), found)
    made = {**theirs(), **mine}
    ordered = (layout.asset_pages[a.id] for a in paged_assets(repo, layout))
    return {**{path: made[path] for path in ordered}, **sections}


def _forked_share(index: int) -> bool:
    return index % 4 != 3  # three quarters of the asset pages


#: Fewer assets than this are quicker to render here than to hand over from a process.
FORK_FROM_ASSETS = 300


def _sections(repo: Repository, layout: Layout, options: SiteOptions, home: bool) -> dict[str, str]:
    """Every page but the asset pages."""
    pages = index_pages(repo, layout, options)
    pages.update(faq_pages(repo, layout, options))
    pages.update(board_pages(repo, layout, options))
    pages.update(gaps_pages(repo, layout, options))
    pages["insights/objections.md"] = objections_page(repo, options)
    pages["insights/dashboard.md"] = dashboard_page(repo, options)
    pages["messaging.md"] = messaging_page(repo, options)
    pages["whats-new.md"] = whats_new_page(repo, layout, options)
    if home:
        pages["index.md"] = home_page(repo, layout, options)
    return pages
