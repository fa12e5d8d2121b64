"""Real MkDocs builds of real repositories: the plugin adapter and `enablekit build`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from enablekit.cli import main

from .fixtures.hostile import write_hostile_repo

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("sample")
    for name in ("mkdocs.yml", "content", "requests", "enablement"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, repo / name)
    result = CliRunner().invoke(main, ["--root", str(repo), "build", "--strict"])
    assert result.exit_code == 0, result.output
    return repo / "site"


def test_every_asset_has_a_page_and_drafts_none(sample_site: Path) -> None:
    assert (sample_site / "library" / "harborline-hotels-case-study" / "index.html").is_file()
    assert not (sample_site / "library" / "tessellate-software-case-study").exists()
    assert (sample_site / "library" / "files" / "cfo-business-case-deck.pdf").is_file()


def test_item_pages_stay_out_of_the_navigation(sample_site: Path) -> None:
    page = (sample_site / "messaging" / "index.html").read_text()  # links to no item itself
    links = re.findall(
        r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="md-nav__link', page
    )
    targets = {a or b for a, b in links}

    assert {"../library/", "../faq/", "./"} <= targets | {"./"}
    assert not [
        t for t in targets if "harborline" in t or "faq/decision" in t or "requests/open" in t
    ]


def test_the_search_index_holds_answers_and_assets_not_boards(sample_site: Path) -> None:
    docs = json.loads((sample_site / "search" / "search_index.json").read_text())["docs"]
    locations = {d["location"].split("#")[0] for d in docs}

    assert "library/harborline-hotels-case-study/" in locations
    assert any(loc.startswith("faq/") for loc in locations)
    assert any(loc.startswith("requests/open") for loc in locations)
    assert not any(
        loc.startswith(("gaps/", "insights/", "library/type/", "requests/answered"))
        for loc in locations
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def test_every_link_inside_the_site_leads_to_a_page_and_its_anchor(sample_site: Path) -> None:
    """Enablekit writes many links as finished HTML, which MkDocs does not check: each
    relative link of every page must reach a built file, and its fragment an id there."""
    pages: dict[Path, _Links] = {}
    for page in sample_site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text())
        pages[page.resolve()] = parser
    broken, checked = [], 0
    for page, parser in pages.items():
        for url in parser.hrefs:
            if re.match(r"[a-z][a-z0-9+.-]*:|//", url) or url.startswith("#"):
                continue
            path, _, fragment = url.partition("#")
            base = sample_site if path.startswith("/") else page.parent  # 404.html: from the root
            target = (base / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            missing = not target.is_file() or (
                bool(fragment) and target in pages and fragment not in pages[target].ids
            )
            if missing:
                broken.append((page.relative_to(sample_site.resolve()), url))
    assert checked > 1000
    assert not broken, broken[:10]


def test_search_sections_of_every_page_are_materials(sample_site: Path) -> None:
    from material.plugins.search.plugin import Parser

    from enablekit.site.search import Sections

    def sections(parser: Parser, html: str) -> list[tuple[object, ...]]:
        parser.feed(html)
        parser.close()
        return [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]

    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text()
        assert sections(Sections(), html) == sections(Parser(), html), page


def test_the_site_needs_no_other_host(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text()
        loads = re.findall(r"<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)=\"(https?:)?//", html)
        assert not loads, (page, loads)
    assert (sample_site / "assets" / "enablekit" / "mermaid.min.js").stat().st_size > 1_000_000


def test_out_writes_markdown_that_builds_without_the_plugin(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (tmp_path / "mkdocs.yml").write_text(
        (ROOT / "mkdocs.yml")
        .read_text()
        .replace("docs_dir: enablement", "docs_dir: docs")
        .split("plugins:")[0]
        + "plugins:\n  - search\n"
    )

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )

    assert build.returncode == 0, build.stderr
    assert len(list((tmp_path / "site" / "faq").rglob("index.html"))) > 3
    assert "<!-- enablekit:home -->" not in (out / "index.md").read_text()


def test_build_refuses_an_invalid_repository(sample_repo: Path) -> None:
    (sample_repo / "requests" / "broken.yml").write_text("kind: question\ntitle: [unclosed\n")

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "build"])

    assert result.exit_code == 1
    assert "requests/broken.yml:2:" in result.output
    assert not (sample_repo / "site").exists()


def test_strict_fails_on_a_mkdocs_warning(sample_repo: Path) -> None:
    (sample_repo / "enablement" / "about.md").write_text("# About\n\n[missing](nowhere.md)\n")

    assert CliRunner().invoke(main, ["--root", str(sample_repo), "build"]).exit_code == 0
    result = CliRunner().invoke(main, ["--root", str(sample_repo), "build", "--strict"])
    assert result.exit_code == 1
    assert "strict" in result.output


@pytest.mark.parametrize("parallel", [False, True])
def test_a_link_to_a_request_anchor_is_checked_like_any_other(
    sample_repo: Path, parallel: bool
) -> None:
    """Request headings are finished HTML, which MkDocs does not read for anchors."""
    from enablekit.load.repository import load
    from enablekit.site.build import SiteError, build_site

    config = sample_repo / "mkdocs.yml"
    config.write_text(config.read_text() + "validation:\n  anchors: warn\n")
    about = sample_repo / "enablement" / "about.md"
    jobs = {"jobs": 2, "parallel_from": 1} if parallel else {"jobs": 1}

    about.write_text("# About\n\n[SSO](requests/open.md#sso-question)\n")
    build_site(sample_repo, load(sample_repo), strict=True, **jobs)  # type: ignore[arg-type]

    about.write_text("# About\n\n[SSO](requests/open.md#no-such-request)\n")
    with pytest.raises(SiteError, match="strict"):
        build_site(sample_repo, load(sample_repo), strict=True, **jobs)  # type: ignore[arg-type]


def test_edit_links_point_at_the_source_files(sample_repo: Path) -> None:
    config = sample_repo / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace(
            "  - enablekit\n",
            "  - enablekit:\n      repo_url: https://github.com/acme/enablement\n      branch: main\n",
        )
        .replace("  name: material\n", "  name: material\n  features: [content.action.edit]\n")
    )

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "build"])

    assert result.exit_code == 0, result.output
    asset = (sample_repo / "site" / "library" / "sso-brief" / "index.html").read_text()
    assert "https://github.com/acme/enablement/edit/main/content/one-pagers/sso-brief.md" in asset
    guide = (sample_repo / "site" / "messaging" / "index.html").read_text()
    assert "https://github.com/acme/enablement/edit/main/content/messaging.yml" in guide
    home = (sample_repo / "site" / "index.html").read_text()
    assert "https://github.com/acme/enablement/edit/main/enablement/index.md" in home
    board = (sample_repo / "site" / "requests" / "open" / "index.html").read_text()
    assert "https://github.com/acme/enablement/edit/main/requests/sso-question.yml" in board


def test_a_hostile_repository_builds_safely_even_unvalidated(tmp_path: Path) -> None:
    """`mkdocs build` runs the plugin without validation: the site must be safe anyway."""
    write_hostile_repo(tmp_path)

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / "site" / "library" / "hostile-asset" / "index.html").is_file()
    for page in (tmp_path / "site").rglob("*.html"):
        assert not dangerous_markup(page.read_text()), page


class _Audit(HTMLParser):
    """Tags that would run script: handlers, script URLs, scripts mentioning the fixture."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            squeezed = re.sub(r"\s", "", value or "").lower()
            external_form = (
                tag == "form"
                and name == "action"
                and squeezed.startswith(("http:", "https:", "//"))
            )
            if (
                name.startswith("on")
                or squeezed.startswith(("javascript:", "data:"))
                or external_form
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and "HOSTILE" in data:
            self.found.append(f"<script>{data[:60]}")


def dangerous_markup(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    return audit.found


@pytest.mark.parametrize(
    "html",
    [
        '<div onclick="x()">',
        '<a href=" javascript:x()">',
        '<img src="data:image/svg+xml,x">',
        "<script>alert('HOSTILE')</script>",
        '<iframe src="/x">',
        '<form action="https://evil.example.com">',
    ],
    ids=["handler", "js-url", "data-url", "script", "iframe", "external-form"],
)
def test_the_audit_finds_what_it_looks_for(html: str) -> None:
    assert dangerous_markup(html)


def test_out_refuses_the_repository_and_strangers_and_replaces_its_own(
    sample_repo: Path, tmp_path: Path
) -> None:
    def out(target: Path) -> object:
        return CliRunner().invoke(main, ["--root", str(sample_repo), "build", "--out", str(target)])

    assert out(sample_repo / "enablement").exit_code == 1
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine")
    assert out(stranger).exit_code == 1 and (stranger / "keep.txt").is_file()

    target = tmp_path / "docs"
    assert out(target).exit_code == 0
    (target / "requests" / "gone.md").write_text("a page for a request since deleted")
    assert out(target).exit_code == 0
    assert not (target / "requests" / "gone.md").exists()
    assert (target / "requests" / "open.md").is_file()


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_pages_built_in_worker_processes_make_the_same_site(sample_repo: Path) -> None:
    from enablekit.load.repository import load
    from enablekit.site.build import build_site

    loaded = load(sample_repo)
    one = build_site(sample_repo, loaded, site_dir=sample_repo / "one", jobs=1)
    two = build_site(sample_repo, loaded, site_dir=sample_repo / "two", jobs=2, parallel_from=1)

    serial, parallel = _site_files(one), _site_files(two)
    assert serial.keys() == parallel.keys()
    index = "search/search_index.json"
    differ = [path for path in serial if path != index and serial[path] != parallel[path]]
    assert differ == []
    entries = [json.loads(site[index])["docs"] for site in (serial, parallel)]
    assert len(entries[0]) > 5
    key = lambda entry: json.dumps(entry, sort_keys=True)  # noqa: E731
    assert sorted(entries[0], key=key) == sorted(entries[1], key=key)  # merged, not lost


def test_warnings_in_worker_processes_count_in_strict_mode(
    sample_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from enablekit.load.repository import load
    from enablekit.site.build import SiteError, build_site
    from enablekit.site.plugin import EnablekitPlugin

    finish = EnablekitPlugin._finish

    def warn_on_one_page(self: EnablekitPlugin, html: str, page: object) -> str:
        if page.file.src_uri == "library/sso-brief.md":  # type: ignore[attr-defined]
            logging.getLogger("mkdocs.plugins.enablekit").warning("a warning from a worker")
        return finish(self, html, page)  # type: ignore[arg-type]

    monkeypatch.setattr(EnablekitPlugin, "_finish", warn_on_one_page)
    with pytest.raises(SiteError, match="strict"):
        build_site(sample_repo, load(sample_repo), strict=True, jobs=2, parallel_from=1)
