"""The library: a page per published asset, and index pages by type, stage, persona, industry."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..drafting import Draft
from ..model import Asset, Repository, Request
from ..problems import Problem
from .ask import ask_button
from .layout import Layout, SiteOptions, anchor, chunks, link, page_path, published
from .markdown import block, escaped, html_block, html_link, inline, plain
from .page import Page, pager, table

FACETS = (("type", "Type"), ("stage", "Stage"), ("personas", "Persona"), ("industries", "Industry"))
SOON_DAYS = 30


#: Short words that are words, not acronyms (cfo, it, faq are shown in capitals).
_SMALL_WORDS = frozenset(
    {
        "a",
        "all",
        "an",
        "and",
        "app",
        "big",
        "by",
        "day",
        "end",
        "for",
        "how",
        "hub",
        "in",
        "key",
        "kit",
        "law",
        "low",
        "net",
        "new",
        "of",
        "on",
        "one",
        "or",
        "pay",
        "per",
        "set",
        "tax",
        "the",
        "to",
        "top",
        "two",
        "use",
        "via",
        "web",
        "why",
    }
)


def label_text(value: str) -> str:
    """A taxonomy value as people read it: `case-study` -> `Case study`, `cfo` -> `CFO`."""
    words = value.replace("-", " ").split()
    shown = [w.upper() if len(w) <= 3 and w not in _SMALL_WORDS else w for w in words]
    if shown and shown[0] == words[0]:
        shown[0] = shown[0][:1].upper() + shown[0][1:]
    return " ".join(shown)


def label(value: str) -> str:
    """`label_text`, escaped for Markdown."""
    return plain(label_text(value))


def freshness(asset: Asset, today: dt.date) -> tuple[str, str]:
    """(state, badge text): retired, stale, review due soon, fresh, or no review date."""
    if asset.status == "retired":
        return "retired", "Retired"
    if asset.review_by is None:
        return "unknown", "No review date"
    if asset.review_by < today:
        return "stale", f"Stale: review was due {asset.review_by}"
    if (asset.review_by - today).days <= SOON_DAYS:
        return "due", f"Review due {asset.review_by}"
    return "fresh", f"Fresh until {asset.review_by}"


def attachment(asset: Asset) -> str | None:
    """Where the asset's attachment would be served; the page links it only when that path
    is among the attachments actually published (which are checked for safety)."""
    return f"library/{posixpath.normpath(asset.file)}" if asset.file else None


def facet_values(asset: Asset, facet: str) -> tuple[str, ...]:
    value = getattr(asset, facet)
    return (value,) if isinstance(value, str) else tuple(value or ())


def asset_page(
    repo: Repository,
    asset: Asset,
    layout: Layout,
    options: SiteOptions,
    feedback: list[Request],
    answers: list[Request],
    files: set[str],
    findings: Sequence[Problem] = (),
) -> tuple[str, str]:
    path = layout.asset_pages[asset.id]
    page = Page(
        asset.title or asset.id,
        tags=[
            v
            for f in ("type", "stage", "personas", "industries")
            for v in facet_values(asset, f)
            if anchor(v) == v
        ],
    )
    state, badge = freshness(asset, options.today)
    if state == "retired":
        page.add('!!! warning "Retired"', "    Do not send this asset to customers any more.", "")
    elif state == "stale":
        page.add(
            '!!! warning "Past its review date"',
            f"    It was due for review on {asset.review_by}. Check with "
            f"{plain(asset.owner or 'its owner')} before sending it.",
            "",
        )
    page.add(*findings_banner(findings))
    if asset.summary:
        page.add(block(asset.summary), "")
    page.add(_card(asset, path, badge, layout), "", *_get_it(asset, path, files, layout))
    if asset.body.strip():
        page.add(block(asset.body, images=True, demote=1), "")
    if answers:
        items = (html_link(layout.request_href(path, r), escaped(r.title or r.id)) for r in answers)
        page.add("## Questions it answers", "", _list(items), "")
    if feedback:
        items = (
            f"{html_link(layout.request_href(path, r), escaped(r.title or r.id))}, "
            f"{escaped(r.requested_by or 'a rep')}"
            for r in feedback
        )
        page.add("## Reps' feedback", "", _list(items), "")
    draft = Draft(
        kind="feedback",
        title=f"Feedback on {asset.title or asset.id}",
        assets=(asset.id,),
        stage=asset.stage,
        personas=asset.personas,
        industries=asset.industries,
    )
    page.add(*ask_button(repo, options, draft, "Give feedback or ask for more"))
    return path, page.render()


def findings_banner(findings: Sequence[Problem]) -> list[str]:
    """What `enablekit check` finds in the asset, above it, so nobody sends it unknowing."""
    if not findings:
        return []
    count = f"{len(findings)} finding" + ("s" if len(findings) > 1 else "")
    return [
        f'!!! danger "Messaging check: {count}"',
        "    Fix these before sending this asset (`enablekit check` says the same):",
        "",
        *(f"    - line {p.line}, {plain(p.rule)}: {plain(p.message)}" for p in findings),
        "",
    ]


def _list(items: Iterable[str]) -> str:
    """A bulleted list of finished HTML items, as one block that no Markdown parser reads
    again (the asset pages' lists and card are most of what their Markdown would cost)."""
    return html_block("<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>")


def _card(asset: Asset, path: str, badge: str, layout: Layout) -> str:
    """The metadata card: Material's `abstract` admonition, written as HTML."""
    rows = [("Type", _facet_links(path, "type", (asset.type,), layout))]
    for facet, name in FACETS[1:]:
        values = facet_values(asset, facet)
        if values:
            rows.append((name, _facet_links(path, facet, values, layout)))
    if asset.owner:
        rows.append(("Owner", escaped(asset.owner)))
    if asset.published:
        rows.append(("Published", str(asset.published)))
    rows.append(("Freshness", escaped(badge)))
    if asset.tags:
        rows.append(("Tags", ", ".join(escaped(t) for t in asset.tags)))
    items = "\n".join(f"<li><strong>{name}:</strong> {value}</li>" for name, value in rows)
    return html_block(
        '<div class="admonition abstract">\n<p class="admonition-title">About this asset</p>\n'
        f"<ul>\n{items}\n</ul></div>",
        css="enablekit-card",
    )


def _facet_links(path: str, facet: str, values: tuple[str, ...], layout: Layout) -> str:
    return ", ".join(
        html_link(layout.href(path, f"library/{facet}/{anchor(v)}.md"), escaped(label_text(v)))
        for v in values
    )


def _get_it(asset: Asset, path: str, files: set[str], layout: Layout) -> list[str]:
    buttons = []
    target = attachment(asset)
    if target and target in files:
        name = escaped(posixpath.basename(target))
        href = layout.href(path, target)
        buttons.append(html_link(href, f"Download {name}", css="md-button md-button--primary"))
    if asset.url and asset.url.lower().startswith(("https://", "http://")):
        url = asset.url.replace(" ", "%20")
        buttons.append(html_link(url, "Open the asset", css="md-button"))
    return [html_block(f"<p>{' '.join(buttons)}</p>"), ""] if buttons else []


def paged_assets(repo: Repository, layout: Layout) -> list[Asset]:
    """The assets that get a page, in page order (one page per id)."""
    return [
        asset
        for asset in published(repo)
        if asset.id in layout.asset_pages and repo.asset(asset.id) is asset
    ]


def asset_pages(
    repo: Repository,
    layout: Layout,
    options: SiteOptions,
    files: set[str],
    share: Callable[[int], bool] = lambda index: True,
    findings: Mapping[str, Sequence[Problem]] | None = None,
) -> dict[str, str]:
    """A page per published asset: the bulk of the library (see `index_pages` for the rest).
    `share` picks the assets by their place in `paged_assets`, to split the work;
    `findings` are `enablekit check`'s, by asset path, shown in a banner."""
    findings = findings or {}
    pages: dict[str, str] = {}
    feedback: dict[str, list[Request]] = {}
    answers: dict[str, list[Request]] = {}
    for request in repo.requests:
        for asset_id in repo.linked_assets(request):
            (feedback if request.kind == "feedback" else answers).setdefault(asset_id, []).append(
                request
            )
    for index, asset in enumerate(paged_assets(repo, layout)):
        if share(index):
            path, text = asset_page(
                repo,
                asset,
                layout,
                options,
                feedback.get(asset.id, []),
                answers.get(asset.id, []),
                files,
                findings.get(asset.path, ()),
            )
            pages[path] = text
    return pages


def index_pages(repo: Repository, layout: Layout, options: SiteOptions) -> dict[str, str]:
    """The library's front page, its facet index pages and the tags index."""
    pages: dict[str, str] = {}
    assets = published(repo)
    for facet, name in FACETS:
        values = sorted({v for a in assets for v in facet_values(a, facet)})
        for value in values:
            members = [a for a in assets if value in facet_values(a, facet)]
            pages.update(
                _listing(
                    f"library/{facet}/{anchor(value)}",
                    f"{name}: {label_text(value)}",
                    members,
                    layout,
                    options,
                )
            )
    pages["library/index.md"] = _library_index(assets, layout, options)
    if options.tags_index:
        pages["library/tags.md"] = (
            Page("Tags", searchable=False)
            .add(
                "Every asset by its type, stage, personas and industries.",
                "",
                "<!-- material/tags -->",
            )
            .render()
        )
    return pages


def _listing(
    base: str, title: str, assets: list[Asset], layout: Layout, options: SiteOptions
) -> dict[str, str]:
    ordered = sorted(
        assets,
        key=lambda a: (a.status == "retired", -(a.published or dt.date.min).toordinal(), a.id),
    )
    parts = chunks(ordered, options.page_size * 2)
    pages = {}
    for number, part in enumerate(parts, start=1):
        path = page_path(base, number)
        page = Page(title, searchable=False)
        page.add(
            *asset_list(path, part, layout, options.today), "", *pager(base, number, len(parts))
        )
        pages[path] = page.render()
    return pages


def asset_list(path: str, assets: Sequence[Asset], layout: Layout, today: dt.date) -> list[str]:
    """One line per asset: lighter than a table, for the long facet listings."""
    lines = []
    for asset in assets:
        target = layout.asset_link(path, asset.id)
        title = inline(asset.title) or plain(asset.id)
        lines.append(
            f"- [{title}]({target}) · {label(asset.type)} · {plain(freshness(asset, today)[1])}"
            if target
            else f"- {title}"
        )
    return lines


def asset_table(path: str, assets: Sequence[Asset], layout: Layout, today: dt.date) -> list[str]:
    rows = []
    for asset in assets:
        target = layout.asset_link(path, asset.id)
        title = (
            f"[{inline(asset.title) or plain(asset.id)}]({target})"
            if target
            else inline(asset.title)
        )
        rows.append(
            [
                title,
                label(asset.type),
                plain(asset.owner or ""),
                str(asset.published or ""),
                plain(freshness(asset, today)[1]),
            ]
        )
    return table(["Asset", "Type", "Owner", "Published", "Freshness"], rows)


def _library_index(assets: list[Asset], layout: Layout, options: SiteOptions) -> str:
    path = "library/index.md"
    page = Page("Library", searchable=False)
    page.add(f"{len(assets)} assets. Browse by facet, or search for a word in any of them.", "")
    for facet, name in FACETS:
        counts: dict[str, int] = {}
        for asset in assets:
            for value in facet_values(asset, facet):
                counts[value] = counts.get(value, 0) + 1
        if counts:
            links = [
                f"[{label(v)}]({link(path, f'library/{facet}/{anchor(v)}.md')}) ({n})"
                for v, n in sorted(counts.items())
            ]
            page.add(f"**By {name.lower()}:** " + " · ".join(links), "")
    if options.tags_index:
        page.add(f"[All tags]({link(path, 'library/tags.md')})", "")
    recent = sorted(assets, key=lambda a: (a.published or dt.date.min, a.id), reverse=True)
    page.add(
        "## Recently published",
        "",
        *asset_table(path, recent[: options.page_size], layout, options.today),
    )
    return page.render()
