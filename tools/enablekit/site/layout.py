"""Where every generated page and item lives, and how pages link to each other.

Lists are paginated so that a page's size stays flat however large the repository grows,
and every request keeps one stable anchor (its id) on the page that holds it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..drafting import Draft, new_file_url, request_yaml, slug
from ..model import RESERVED_ASSET_IDS, Asset, Repository, Request, Taxonomy

T = TypeVar("T")

DEFAULT_SLA_DAYS: Mapping[str, int] = {
    "question": 5,
    "content": 30,
    "objection": 7,
    "lost-deal": 14,
    "feedback": 14,
}


@dataclass(frozen=True)
class SiteOptions:
    """What page generation needs besides the repository (the plugin's config in mkdocs.yml)."""

    today: dt.date
    sla_days: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_SLA_DAYS))
    page_size: int = 100
    new_days: int = 30
    site_name: str = "Enablement"
    edit_base: str | None = None  # e.g. https://github.com/acme/enablement/edit/main/
    tags_index: bool = False  # Material's tags plugin is on: add a listing page of all tags
    repo_url: str | None = None  # GitHub or GitLab: "Request this" buttons open its editor
    branch: str = "main"
    directory_urls: bool = True  # MkDocs' use_directory_urls: the URLs `href` writes

    def edit_url(self, path: str) -> str | None:
        """The Git host's web editor for a file of the repository (None without a repo_url)."""
        return f"{self.edit_base}{path}" if self.edit_base else None

    def request_url(self, draft: Draft, taxonomy: Taxonomy | None = None) -> str | None:
        """The Git host's new-file page for a request, prefilled (None without a repo_url)."""
        if not self.repo_url:
            return None
        text = request_yaml(draft, taxonomy)
        return new_file_url(self.repo_url, self.branch, f"requests/{slug(draft.title)}.yml", text)


MAX_SLUG = 60


def anchor(text: str) -> str:
    """An HTML id or file name from an id, tag or taxonomy value: lowercase letters, digits
    and dashes, at most MAX_SLUG characters (ids are checked, but the site trusts nothing)."""
    slug = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "item"
    if len(slug) <= MAX_SLUG:
        return slug
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{slug[: MAX_SLUG - 9].rstrip('-')}-{digest}"


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [items[:0]]


def page_path(base: str, number: int) -> str:
    """`faq/decision.md`, then `faq/decision-2.md`, ... for later pages of one list."""
    return f"{base}.md" if number == 1 else f"{base}-{number}.md"


def link(from_page: str, to_page: str, fragment: str = "") -> str:
    """A relative Markdown link target between two generated pages."""
    target = _relative(posixpath.dirname(from_page) or ".", to_page)
    return f"{target}#{fragment}" if fragment else target


@functools.lru_cache(maxsize=65536)
def _relative(from_dir: str, to_page: str) -> str:
    return posixpath.relpath(to_page, from_dir)


def href(from_page: str, to_path: str, fragment: str = "", *, directory_urls: bool = True) -> str:
    """The URL from one generated page to another page (a `.md` path) or a file, as MkDocs
    writes a Markdown link between them (`use_directory_urls` on or off). For links inside
    the HTML enablekit writes itself, which no builder rewrites: far cheaper to render
    than Markdown links, which is what thousands of pages spend most of their time on."""
    target = _href(from_page, to_path, directory_urls)
    return f"{target}#{fragment}" if fragment else target


@functools.lru_cache(maxsize=65536)
def _href(from_page: str, to_path: str, directory_urls: bool) -> str:
    here, there = _url(from_page, directory_urls), _url(to_path, directory_urls)
    folder = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    relative = posixpath.relpath(there or ".", folder or ".")
    if there and not there.endswith("/"):
        return relative
    return "./" if relative == "." else f"{relative}/"


def _url(path: str, directory_urls: bool) -> str:
    """A page's URL path as MkDocs makes it (`faq/x.md` -> `faq/x/` or `faq/x.html`)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/"


@dataclass
class Layout:
    """The page of every asset and request, known before any page is written."""

    request_pages: dict[str, str] = field(default_factory=dict)
    asset_pages: dict[str, str] = field(default_factory=dict)
    directory_urls: bool = True

    def request_link(self, from_page: str, request: Request) -> str:
        return link(from_page, self.request_pages[request.id], anchor(request.id))

    def asset_link(self, from_page: str, asset_id: str) -> str | None:
        page = self.asset_pages.get(asset_id)
        return link(from_page, page) if page else None

    def href(self, from_page: str, to_path: str, fragment: str = "") -> str:
        """`href` with the site's URL style: for links in enablekit's own HTML."""
        return href(from_page, to_path, fragment, directory_urls=self.directory_urls)

    def request_href(self, from_page: str, request: Request) -> str:
        return self.href(from_page, self.request_pages[request.id], anchor(request.id))

    def asset_href(self, from_page: str, asset_id: str) -> str | None:
        page = self.asset_pages.get(asset_id)
        return self.href(from_page, page) if page else None


def published(repo: Repository) -> list[Asset]:
    """Assets that appear on the site: all but drafts (retired ones are shown, marked)."""
    return [a for a in repo.assets if a.status != "draft"]


def is_faq(request: Request) -> bool:
    """An answered request with an approved answer: it belongs in the FAQ."""
    return request.status == "answered" and bool(request.answer.strip())


def faq_topic(request: Request) -> str:
    """A question's topic: its first tag (reps tag by subject), or `general`."""
    return request.tags[0] if request.tags else "general"


def faq_base(request: Request) -> str:
    """FAQ pages group questions by stage, then topic: `faq/decision/pricing.md`."""
    return f"faq/{anchor(request.stage or 'general')}/{anchor(faq_topic(request))}"


def board_group(request: Request) -> str:
    return (
        request.status
        if request.status in ("open", "in-progress", "answered", "declined")
        else "open"
    )


def by_opened(requests: Iterable[Request]) -> list[Request]:
    """Oldest first, so new requests land on the last page and earlier links stay put."""
    return sorted(requests, key=lambda r: (r.opened or dt.date.min, r.id))


def group(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def plan(repo: Repository, options: SiteOptions) -> Layout:
    """Decide the page of every asset and request: answered questions live in the FAQ,
    every other request on the requests board."""
    layout = Layout(directory_urls=options.directory_urls)
    for asset in published(repo):
        if anchor(asset.id) not in RESERVED_ASSET_IDS:  # the library's own pages
            layout.asset_pages.setdefault(asset.id, f"library/{anchor(asset.id)}.md")
    board = [r for r in repo.requests if not is_faq(r)]
    for name, requests in group(board, board_group).items():
        for number, chunk in enumerate(chunks(by_opened(requests), options.page_size), start=1):
            for request in chunk:
                layout.request_pages[request.id] = page_path(f"requests/{name}", number)
    for base, requests in group(filter(is_faq, repo.requests), faq_base).items():
        for number, chunk in enumerate(chunks(by_opened(requests), options.page_size), start=1):
            for request in chunk:
                layout.request_pages[request.id] = page_path(base, number)
    return layout
