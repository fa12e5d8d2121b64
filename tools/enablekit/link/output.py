"""`enablekit link`'s outputs: a readable table and the FORMATS.md JSON shape."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..forking import in_background
from ..model import Repository, Request
from .duplicates import Duplicate
from .match import (
    GAP_THRESHOLD,
    PARALLEL_FROM,
    Index,
    Link,
    index_of,
    link_requests,
    typical_confidence,
)

T = TypeVar("T")


def linked_parts(
    repo: Repository,
    shape: Callable[[list[Link]], T],
    *,
    threshold: float = GAP_THRESHOLD,
    jobs: int = 1,
    index: Index | None = None,
) -> list[T]:
    """`shape` of the links of every request but feedback (link_requests), part by part, in
    order: with `jobs` > 1 and at least PARALLEL_FROM requests, the second half is linked and
    shaped in a forked process, so that what comes back is its shape (text), not thousands of
    pickled links, and the two halves are formatted at once too."""
    chosen = [r for r in repo.requests if r.kind != "feedback"]
    index = index if index is not None else index_of(repo)
    typical = typical_confidence(index, chosen)  # once, for both halves

    def part(requests: list[Request]) -> T:
        return shape(
            link_requests(
                repo, threshold=threshold, requests=requests, index=index, typical=typical
            )
        )

    if jobs < 2 or len(chosen) < PARALLEL_FROM:
        return [part(chosen)]
    half = len(chosen) // 2
    second = in_background(lambda: part(chosen[half:]))
    first = part(chosen[:half])
    return [first, second()]


def format_links_json(links: list[Link], duplicates: Sequence[Duplicate] = ()) -> str:
    """One request a line: readable, and json's C encoder runs only without indentation.

    `duplicates` (an optional field beside FORMATS.md's `requests`) lists each request that
    asks what an earlier one asks."""
    return join_links_json([links_json(links)], duplicates)


def links_json(links: list[Link]) -> str:
    """The entries of format_links_json's `requests` for `links`, one a line."""
    return ",\n".join(
        json.dumps(
            {
                "id": link.request.id,
                "path": link.request.path,
                "gap": link.gap,
                **({"missing": list(link.missing)} if link.gap else {}),
                "matches": [
                    {
                        "asset": m.asset,
                        "score": m.score,
                        "reason": m.reason,
                        **({"explicit": True} if m.explicit else {}),
                    }
                    for m in link.matches
                ],
            },
            ensure_ascii=False,
        )
        for link in links
    )


def join_links_json(parts: Sequence[str], duplicates: Sequence[Duplicate] = ()) -> str:
    """format_links_json from the links_json of consecutive parts of the links."""
    pairs = [
        json.dumps(
            {
                "id": d.request.id,
                "path": d.request.path,
                "same_as": d.original.id,
                "same_as_path": d.original.path,
                "score": d.score,
                "reason": d.reason,
            },
            ensure_ascii=False,
        )
        for d in duplicates
    ]
    return (
        '{"requests": [\n'
        + ",\n".join(part for part in parts if part)
        + '\n],\n"duplicates": [\n'
        + ",\n".join(pairs)
        + "\n]}\n"
    )


def format_links_text(links: list[Link], duplicates: Sequence[Duplicate] = ()) -> str:
    return join_links_text([links_text(links)], duplicates)


def links_text(links: list[Link]) -> tuple[str, int, int]:
    """The lines of format_links_text for `links`, their number and their gaps."""
    lines = []
    for link in links:
        verdict = "GAP" if link.gap else "ok "
        best = link.matches[0] if link.matches else None
        target = f"{best.asset} ({best.score:.2f}: {best.reason})" if best else "no candidate"
        if link.unpublished:
            target += f"\n      only {link.unpublished} (a draft or retired asset) answers it"
        if link.missing:
            target += f"\n      no asset mentions: {', '.join(link.missing)}"
        lines.append(
            f"{verdict} {link.request.path}: {' '.join(link.request.title.split())}\n"
            f"      -> {target}\n"
        )
    return "".join(lines), len(links), sum(link.gap for link in links)


def join_links_text(
    parts: Sequence[tuple[str, int, int]], duplicates: Sequence[Duplicate] = ()
) -> str:
    """format_links_text from the links_text of consecutive parts of the links."""
    lines = [text for text, _, _ in parts]
    lines += [f"DUP {d.message}\n      ({d.reason})\n" for d in duplicates]
    count, gaps = sum(p[1] for p in parts), sum(p[2] for p in parts)
    lines.append(f"{count} requests, {gaps} gaps, {len(duplicates)} duplicates\n")
    return "".join(lines)
