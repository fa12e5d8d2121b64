"""What a person sees: the built site in a real browser (Debian's chromium via Playwright)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from enablekit.cli import main
from enablekit.load.repository import load
from enablekit.site.layout import is_faq

from ..fixtures.hostile import write_hostile_repo
from .conftest import MATERIAL_INLINE_SCRIPTS, inline_script_audit, save_screenshot, serve_dir

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[A-Za-z][a-z]{6,}")


def copy_sample(repo: Path) -> Path:
    """This repository's sample enablement files, copied into `repo`."""
    for name in ("mkdocs.yml", "content", "requests", "enablement"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, repo / name)
    return repo


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    repo = copy_sample(tmp_path_factory.mktemp("sample"))
    result = CliRunner().invoke(main, ["--root", str(repo), "build"])
    assert result.exit_code == 0, result.output
    with serve_dir(repo / "site") as url:
        yield url, repo


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    repo = tmp_path_factory.mktemp("hostile")
    write_hostile_repo(repo)
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=repo, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr
    with serve_dir(repo / "site") as url:
        yield url, repo / "site"


def search(page: Any, base: str, term: str) -> list[str]:
    """Type into Material's search box; return the result links' URLs."""
    page.goto(base)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(term, delay=10)
    page.locator(".md-search-result__item a").first.wait_for(timeout=10_000)
    page.wait_for_timeout(200)  # results arrive as the index answers each keystroke
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def wait_for_charts(page: Any) -> None:
    """Material swaps each `pre.mermaid` for a `div.mermaid` (a closed shadow root holds the
    SVG) once Mermaid has drawn it: wait for that, and for the chart to take room."""
    chart = page.locator("div.mermaid").first
    chart.wait_for(timeout=10_000)
    page.wait_for_function(
        "document.querySelector('div.mermaid').getBoundingClientRect().height > 100"
    )
    assert page.locator("pre.mermaid").count() == 0


def only_in(text_of: dict[str, str], everything: str) -> tuple[str, str]:
    """A word that appears in one of `text_of`'s texts and nowhere else in `everything`."""
    counts = Counter(w.lower() for w in WORD.findall(everything))
    for key, text in text_of.items():
        for word in WORD.findall(text):
            if counts[word.lower()] == 1:
                return key, word
    raise AssertionError("no word is unique to one text")


def test_an_asset_is_found_by_a_word_only_in_its_body(page: Any, sample: tuple[str, Path]) -> None:
    base, repo_root = sample
    repo = load(repo_root).repository
    everything = " ".join(f"{a.title} {a.summary} {a.body}" for a in repo.assets) + " ".join(
        f"{r.title} {r.details} {r.answer}" for r in repo.requests
    )
    asset_id, word = only_in(
        {a.id: a.body for a in repo.assets if a.status == "published"}, everything
    )

    links = search(page, base, word)

    assert any(f"library/{asset_id}/" in link for link in links), (word, links)
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url(re.compile(f"library/{asset_id}/"))
    assert word.lower() in page.locator("article").inner_text().lower()
    save_screenshot(page, "asset-page")
    assert page.external_requests == []


def test_a_faq_question_is_found_by_a_word_of_the_question(
    page: Any, sample: tuple[str, Path]
) -> None:
    base, repo_root = sample
    repo = load(repo_root).repository
    everything = " ".join(f"{r.title} {r.details} {r.answer}" for r in repo.requests) + " ".join(
        f"{a.title} {a.summary} {a.body}" for a in repo.assets
    )
    request_id, word = only_in({r.id: r.title for r in repo.requests if is_faq(r)}, everything)

    links = search(page, base, word)

    assert any(f"#{request_id}" in link and "faq/" in link for link in links), (word, links)
    page.locator(f".md-search-result__item a[href*='#{request_id}']").first.click()
    page.wait_for_url(re.compile(f"faq/.*#{request_id}"))
    assert page.locator(f"#{request_id}").is_visible()


def test_a_request_is_found_by_its_title(page: Any, sample: tuple[str, Path]) -> None:
    base, repo_root = sample
    repo = load(repo_root).repository
    request = next(
        r
        for r in sorted(repo.requests, key=lambda r: r.id)
        if r.status == "open" and len(r.title.split()) >= 4
    )

    links = search(page, base, request.title)

    assert any(f"#{request.id}" in link for link in links), (request.title, links)
    page.locator(f".md-search-result__item a[href*='#{request.id}']").first.click()
    page.wait_for_url(re.compile(f"requests/.*#{request.id}"))
    assert request.title.split()[0] in page.locator(f"#{request.id}").inner_text()


def test_the_home_page_puts_search_first(page: Any, sample: tuple[str, Path]) -> None:
    base, _ = sample
    page.goto(base)

    first = page.locator("article input, article h2, article table").first
    assert first.get_attribute("type") == "search"
    assert page.locator("article").get_by_text("Most-asked open questions").is_visible()
    save_screenshot(page, "home")
    assert page.external_requests == [] and page.dialogs == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        "insights/objections/",
        "insights/dashboard/",
        "library/",
        "faq/",
        "requests/",
        "gaps/",
        "messaging/",
        "whats-new/",
    ],
)
def test_every_section_loads_offline(page: Any, sample: tuple[str, Path], path: str) -> None:
    base, _ = sample
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("insights/"):
        wait_for_charts(page)

    assert page.external_requests == []
    assert not [e for e in page.console_errors if "favicon" not in e]


def test_charts_are_drawn_by_the_shipped_mermaid(page: Any, sample: tuple[str, Path]) -> None:
    base, _ = sample
    page.goto(base + "insights/objections/")
    wait_for_charts(page)
    save_screenshot(page, "objections")

    assert page.locator("div.mermaid").count() >= 2
    assert page.external_requests == []


def test_no_hostile_text_runs_anywhere(page: Any, hostile: tuple[str, Path]) -> None:
    base, site = hostile
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 10
    for path in pages:
        page.goto(base + path.removesuffix("index.html"))
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)
        assert page.dialogs == [], path
        assert inline_script_audit(page, MATERIAL_INLINE_SCRIPTS) == [], path
        assert "HOSTILE" not in "".join(page.external_requests), path
    assert page.external_requests == []


def test_hostile_text_in_search_results_stays_text(page: Any, hostile: tuple[str, Path]) -> None:
    base, _ = hostile

    links = search(page, base, "HOSTILE")
    page.wait_for_timeout(300)

    assert links
    assert page.dialogs == []
    assert inline_script_audit(page, MATERIAL_INLINE_SCRIPTS) == []
    save_screenshot(page, "hostile-search")


@pytest.fixture(scope="module")
def with_repo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    repo = copy_sample(tmp_path_factory.mktemp("asking"))
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - enablekit:\n",
            "  - enablekit:\n      repo_url: https://github.com/acme/enablement\n",
        )
    )
    result = CliRunner().invoke(main, ["--root", str(repo), "build", "--strict"])
    assert result.exit_code == 0, result.output
    with serve_dir(repo / "site") as url:
        yield url, repo


def test_search_offers_to_ask_marketing_in_the_git_hosts_editor(
    page: Any, with_repo_url: tuple[str, Path]
) -> None:
    from urllib.parse import parse_qs, urlsplit

    base, repo = with_repo_url
    search(page, base, "invoice")
    page.locator("input.md-search__input").press_sequentially(' "matching"?', delay=10)
    ask = page.locator(".md-search-result .enablekit-ask")
    ask.wait_for(timeout=5_000)
    assert ask.is_visible()
    assert 'Ask marketing: “invoice "matching"?”' in ask.inner_text()
    href = ask.get_attribute("href")
    parts = urlsplit(href)
    assert (parts.netloc, parts.path) == ("github.com", "/acme/enablement/new/main/requests")
    query = parse_qs(parts.query)
    assert query["filename"] == ["invoice-matching.yml"]
    (repo / "requests" / "invoice-matching.yml").write_text(query["value"][0], encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(repo), "validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert 'title: "invoice \\"matching\\"?"' in query["value"][0]
    save_screenshot(page, "search-ask-marketing")
    assert page.external_requests == []


def test_asset_pages_have_a_request_this_button(page: Any, with_repo_url: tuple[str, Path]) -> None:
    base, _ = with_repo_url
    page.goto(base + "library/ledgerloop-battlecard/")
    button = page.locator("a.enablekit-ask")
    assert button.is_visible()
    assert button.get_attribute("href").startswith(
        "https://github.com/acme/enablement/new/main/requests?filename=feedback-on-"
    )


def test_the_gaps_page_says_what_no_asset_mentions(page: Any, sample: tuple[str, Path]) -> None:
    """Under each gap's title, in view: the request's words that no published asset uses, as
    `enablekit gaps --format json` lists them."""
    import json

    base, repo_root = sample
    listed = json.loads(
        CliRunner().invoke(main, ["--root", str(repo_root), "gaps", "--format", "json"]).output
    )
    gap = next(g for g in listed["gaps"] if g["missing"])
    page.goto(base + "gaps/")
    save_screenshot(page, "gaps")

    row = page.locator("article table tr", has=page.locator(f"a:text-is({gap['title']!r})"))
    words = row.locator(".enablekit-missing")
    assert words.inner_text() == "no asset mentions: " + ", ".join(gap["missing"])
    # The whole table is seen without scrolling it sideways, the requests' column the widest.
    table = page.locator("article table").first.evaluate("t => [t.scrollWidth, t.clientWidth]")
    widths = row.locator("td").evaluate_all("cells => cells.map(c => c.offsetWidth)")
    assert table[0] <= table[1]
    assert widths[1] >= 2 * max(w for k, w in enumerate(widths) if k != 1)
