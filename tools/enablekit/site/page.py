"""One generated Markdown page: front matter that only enablekit writes, then the body."""

from __future__ import annotations

from dataclasses import dataclass, field

from .layout import link, page_path
from .markdown import heading


@dataclass
class Page:
    """A generated page. Its front matter holds only enablekit's own, trusted values."""

    title: str  # plain text, made safe for a heading when rendered
    searchable: bool = True
    tags: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    hide_toc: bool = False

    def add(self, *lines: str) -> Page:
        self.lines.extend(lines)
        return self

    def render(self) -> str:
        meta = []
        if not self.searchable:
            meta += ["search:", "  exclude: true"]
        if self.tags:
            meta += ["tags:", *(f"  - {tag}" for tag in self.tags)]
        if self.hide_toc:
            meta += ["hide:", "  - toc"]
        head = ["---", *meta, "---", ""] if meta else []
        return "\n".join([*head, f"# {heading(self.title)}", "", *self.lines]).rstrip() + "\n"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table; cells must already be escaped (`markdown.inline`)."""
    if not rows:
        return []
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def pager(base: str, number: int, total: int) -> list[str]:
    """Links to the previous and next pages of a paginated list."""
    if total <= 1:
        return []
    here = page_path(base, number)
    parts = []
    if number > 1:
        parts.append(f"[← Previous]({link(here, page_path(base, number - 1))})")
    parts.append(f"Page {number} of {total}")
    if number < total:
        parts.append(f"[Next →]({link(here, page_path(base, number + 1))})")
    return ["", " · ".join(parts), ""]
