"""`enablekit link`'s outputs: a readable table and the FORMATS.md JSON shape."""

from __future__ import annotations

import json

from .match import Link


def format_links_json(links: list[Link]) -> str:
    return (
        json.dumps(
            {
                "requests": [
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
                    }
                    for link in links
                ]
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def format_links_text(links: list[Link]) -> str:
    lines = []
    for link in links:
        verdict = "GAP" if link.gap else "ok "
        best = link.matches[0] if link.matches else None
        target = f"{best.asset} ({best.score:.2f}: {best.reason})" if best else "no candidate"
        lines.append(
            f"{verdict} {link.request.path}: {' '.join(link.request.title.split())}\n"
            f"      -> {target}\n"
        )
    gaps = sum(link.gap for link in links)
    lines.append(f"{len(links)} requests, {gaps} gaps\n")
    return "".join(lines)
