"""Page generation as a pure function: the model in, `{path: Markdown}` out."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from enablekit.load.repository import load
from enablekit.model import Deal, Repository, Request, Source
from enablekit.site.layout import SiteOptions, href
from enablekit.site.markdown import block, inline, plain
from enablekit.site.pages import generate

from .fixtures.hostile import write_hostile_repo

PATHS = (
    "index.md",
    "whats-new.md",
    "faq/index.md",
    "faq/decision/pricing.md",
    "faq/decision/pricing-2.md",
    "library/harborline.md",
    "library/type/case-study.md",
    "library/files/deck.pdf",
    "assets/enablekit/enablekit.css",
)

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[1]


def request(i: int, **fields: object) -> Request:
    base = Request(
        id=f"q-{i:05d}",
        kind="question",
        title=f"Question {i}?",
        source=Source(f"requests/q-{i:05d}.yml"),
        opened=dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
        stage="decision",
    )
    return dataclasses.replace(base, **fields)


def test_the_sample_repository_has_every_section() -> None:
    pages = generate(load(ROOT).repository, SiteOptions(today=TODAY))

    for path in (
        "index.md",
        "library/index.md",
        "faq/index.md",
        "requests/index.md",
        "gaps/index.md",
        "insights/objections.md",
        "insights/dashboard.md",
        "messaging.md",
        "whats-new.md",
    ):
        assert path in pages, path
    assert "library/harborline-hotels-case-study.md" in pages
    assert not any("tessellate-software-case-study" in p for p in pages), "drafts are not published"
    assert '!!! warning "Retired"' in pages["library/sage-intacct-connector-brief.md"]


def test_generation_is_pure_and_repeatable() -> None:
    repo = load(ROOT).repository
    assert generate(repo, SiteOptions(today=TODAY)) == generate(repo, SiteOptions(today=TODAY))


def test_asset_pages_made_in_a_forked_process_are_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from enablekit.site import pages

    repo, options = load(ROOT).repository, SiteOptions(today=TODAY)
    here = generate(repo, options)
    monkeypatch.setattr(pages, "FORK_FROM_ASSETS", 1)
    forked = generate(repo, options, jobs=2)
    assert list(forked.items()) == list(here.items())


def test_a_forked_worker_hands_back_its_exception() -> None:
    from enablekit.forking import in_background

    def fails() -> int:
        raise ValueError("from the worker")

    with pytest.raises(ValueError, match="from the worker"):
        in_background(fails)()
    assert in_background(lambda: 41 + 1)() == 42


def test_every_request_has_one_anchor_on_one_page() -> None:
    repo = Repository(
        "x",
        requests=tuple(
            request(i, status=("answered", "open")[i % 2], answer="Yes." if i % 2 == 0 else "")
            for i in range(120)
        ),
    )
    pages = generate(repo, SiteOptions(today=TODAY, page_size=25))

    anchors = [a for text in pages.values() for a in re.findall(r'<h2 id="(q-\d+)">', text)]
    assert sorted(anchors) == sorted(r.id for r in repo.requests)
    assert "faq/decision/general-3.md" in pages and "requests/open-3.md" in pages


@pytest.mark.parametrize("size", [100, 1000, 5000])
def test_page_size_stays_flat_as_the_repository_grows(size: int) -> None:
    repo = Repository(
        "x",
        requests=tuple(
            request(i, status="open", asked_by=("a", "b"), deals=(Deal("OPP-1", 1000.0, "open"),))
            for i in range(size)
        ),
    )
    pages = generate(repo, SiteOptions(today=TODAY))

    largest = max(len(text) for text in pages.values())
    assert largest < 40_000, max(pages, key=lambda p: len(pages[p]))


def test_sla_breaches_are_counted_per_kind() -> None:
    repo = Repository(
        "x",
        requests=(
            request(1, opened=TODAY - dt.timedelta(days=9)),
            request(2, opened=TODAY - dt.timedelta(days=2)),
        ),
    )
    pages = generate(repo, SiteOptions(today=TODAY, sla_days={"question": 5}))

    assert "| Question | 5 days | 2 | **1** |" in pages["requests/index.md"]
    assert pages["requests/open.md"].count("SLA breached") == 1


def test_gaps_are_ranked_by_demand() -> None:
    repo = Repository(
        "x",
        requests=(
            request(1, title="Lonely"),
            request(2, title="Popular", asked_by=("a", "b", "c")),
            request(3, title="Money", deals=(Deal("d", 90000.0, "open"),)),
        ),
    )
    text = generate(repo, SiteOptions(today=TODAY))["gaps/index.md"]

    assert text.index("Popular") < text.index("Money") < text.index("Lonely")


PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "onerror": "<img src=x onerror=alert(1)>",
    "js-link": "[x](javascript:alert(1))",
    "js-link-spaced": "[x](JavaScript :alert(1))",
    "js-link-tab": "[x](java\tscript:alert(1))",
    "js-reference-next-line": "[y][x]\n\n[x]:\n  javascript:alert(1)",
    "data-link": "[x](data:text/html,hi)",
    "attr-list": "para\n{: onclick=alert(1) }",
    "jinja": "{{ secret }} {% if x %}",
    "remote-image": "![p](https://tracker.example.com/p.png)",
    "remote-image-reference": "![a][p]\n\n[p]: https://evil.example.com/p.png",
    "protocol-relative-image": "![p](//evil.example.com/p.png)",
    "backslash-image": "![x](/\\evil.example/p.png)",
    "autolink": "<javascript:alert(1)>",
    "escaped-backtick-html": "\\`<form action=https://evil.example><input name=p></form>`",
    "code-across-paragraphs": "`a\n\n<img src=https://evil.example/p.png>\n\nb`",
    "tilde-fence": "~~~\n<b>x</b>\n~~~",
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, dict(attrs)))


SAFE_TAGS = {
    "div",
    "p",
    "a",
    "img",
    "code",
    "pre",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
    "s",
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_untrusted_blocks_become_only_safe_html(payload: str) -> None:
    parser = _Tags()
    parser.feed(block(payload, images=True))

    for tag, attrs in parser.seen:
        assert tag in SAFE_TAGS, tag
        assert set(attrs) <= {"href", "src", "alt", "class", "markdown", "title", "start"}, attrs
        for name in ("href", "src"):
            url = re.sub(r"\s", "", attrs.get(name) or "").lower()
            assert not url.startswith(("javascript:", "data:", "vbscript:")), url
        if tag == "img":
            assert not re.match(r"[a-z]+:|//|/?\\", attrs["src"] or ""), attrs
    assert "{" not in block(payload)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_untrusted_lines_stay_text(payload: str) -> None:
    out = inline(payload)

    assert "<" not in out and "{" not in out and "\n" not in out
    assert not re.search(r"(?<!\\)[\[\]`]", out), out  # no link, image or code syntax left


def test_markdown_formatting_survives() -> None:
    out = block("**bold**, *it*, `a<b`, [docs](https://example.com/x) and\n\n- a list\n\n# Big")

    assert "<strong>bold</strong>" in out and "<em>it</em>" in out and "<code>a&lt;b</code>" in out
    assert '<a href="https://example.com/x">docs</a>' in out and "<li>a list</li>" in out
    assert "<h3>Big</h3>" in out
    assert plain("*not bold*") == "\\*not bold\\*"


def test_hostile_repository_generates_no_markup(tmp_path: Path) -> None:
    write_hostile_repo(tmp_path)
    pages = generate(load(tmp_path).repository, SiteOptions(today=TODAY))

    for path, text in pages.items():
        body = re.sub(
            r"^ *```.*?^ *```", "", text.split("\n---\n", 1)[-1], flags=re.DOTALL | re.MULTILINE
        )
        for line in body.splitlines():
            if "HOSTILE" in line:
                assert not re.search(r"<(script|svg|iframe|style|form|input)\b", line), (path, line)
                assert not re.search(r"<[a-z][^>]*\son\w+=", line), (path, line)
                if not line.startswith("<"):  # Markdown, not a rendered HTML block
                    assert not re.search(r"(?<!\\)\]\(javascript", line.replace(" ", "").lower()), (
                        path,
                        line,
                    )


def test_plain_paragraphs_skip_the_parser_and_render_as_it_would() -> None:
    """`block` renders text with no Markdown in it without markdown-it; the result must be
    the parser's, byte for byte, whatever the text."""
    import random

    from enablekit.site import markdown

    rnd = random.Random(7)
    pieces = [*"ab XY 09.,;:!?'\"()%$@/-+=\n{}é\u00a0\u2028", "\n\n", "1. ", "- ", "  ", "\u3000"]
    compared = 0
    for _ in range(20_000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))).strip("\n")
        if not text.strip() or markdown._NEEDS_PARSER.search(text):
            continue
        compared += 1
        parsed = markdown._MD.render(text, {"demote": 2, "images": False}).strip()
        assert markdown._paragraphs(text) == parsed, repr(text)
    assert compared > 5_000
    assert block("Plain words.\n\nA second one.") == (
        '<div class="enablekit-text" markdown="0">\n<p>Plain words.</p>\n<p>A second one.</p>\n</div>'
    )


@pytest.mark.parametrize("directory_urls", [True, False])
def test_href_writes_the_url_mkdocs_writes_for_a_markdown_link(directory_urls: bool) -> None:
    from mkdocs.structure.files import File

    def file(path: str) -> File:
        return File(path, "/docs", "/site", use_directory_urls=directory_urls)

    for here in (p for p in PATHS if p.endswith(".md")):
        for there in PATHS:
            expected = file(there).url_relative_to(file(here))
            assert href(here, there, directory_urls=directory_urls) == expected, (here, there)
    assert href("faq/x.md", "faq/y.md", "q-1", directory_urls=directory_urls).endswith("#q-1")
