"""`enablekit link`'s outputs: a readable table and the FORMATS.md JSON shape."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .duplicates import Duplicate
from .match import Link


def format_links_json(links: list[Link], duplicates: Sequence[Duplicate] = ()) -> str:
    """One request a line: readable, and json's C encoder runs only without indentation.

    `duplicates` (an optional field beside FORMATS.md's `requests`) lists each request that
    asks what an earlier one asks."""
    entries = [
        json.dumps(
            {
                "id": link.request.id,
                "path": link.request.path,
                "gap": link.gap,
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
    ]
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
        + ",\n".join(entries)
        + '\n],\n"duplicates": [\n'
        + ",\n".join(pairs)
        + "\n]}\n"
    )


def format_links_text(links: list[Link], duplicates: Sequence[Duplicate] = ()) -> str:
    lines = []
    for link in links:
        verdict = "GAP" if link.gap else "ok "
        best = link.matches[0] if link.matches else None
        target = f"{best.asset} ({best.score:.2f}: {best.reason})" if best else "no candidate"
        if link.unpublished:
            target += f"\n      only {link.unpublished} (a draft or retired asset) answers it"
        lines.append(
            f"{verdict} {link.request.path}: {' '.join(link.request.title.split())}\n"
            f"      -> {target}\n"
        )
    lines += [f"DUP {d.message}\n      ({d.reason})\n" for d in duplicates]
    gaps = sum(link.gap for link in links)
    lines.append(f"{len(links)} requests, {gaps} gaps, {len(duplicates)} duplicates\n")
    return "".join(lines)
