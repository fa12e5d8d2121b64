"""The browser harness itself, on a tiny hostile site: it must be able to fail.

Each test opens a page that does something the site must never do (reach another host,
open a dialog, run inline handlers) and checks that the harness sees it, and that a clean
page comes out clean.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .conftest import (
    INSTALL_CHROMIUM,
    MATERIAL_INLINE_SCRIPTS,
    REPO_ROOT,
    DialogSeen,
    inline_script_audit,
    save_screenshot,
    serve_dir,
)

SITE = {
    "index.html": """<!doctype html>
<html><head><meta charset="utf-8"><title>Home</title>
<link rel="stylesheet" href="style.css">
<script src="app.js"></script>
<script>window.siteReady = true;</script>
</head><body><h1>Home</h1><a id="next" href="second.html">Second page</a></body></html>
""",
    "second.html": "<!doctype html><title>Second</title><h1>Second</h1>\n",
    "app.js": 'document.documentElement.dataset.app = "ran";\n',
    # A data: URL in CSS is no network request: it must not count as an external one.
    "style.css": 'body { background: url("data:image/gif;base64,R0lGODlhAQABAAAAACw="); }\n',
    "external.html": """<!doctype html>
<html><head><meta charset="utf-8"><title>External</title>
<script src="https://example.com/x.js"></script>
</head><body><img src="https://cdn.example.org/a.png" alt="">
<script>
fetch("https://api.example.net/track").then(
  () => { document.body.dataset.fetch = "reached"; },
  () => { document.body.dataset.fetch = "blocked"; });
</script></body></html>
""",
    "hostile.html": """<!doctype html>
<html><head><meta charset="utf-8"><title>Hostile</title></head><body>
<a id="plain" href="javascript:alert(1)">Plain</a>
<a id="sneaky" href="  java&#9;script:alert(2)">Sneaky</a>
<div id="box" class="card wide" onclick="alert(3)">Box</div>
<form action="data:text/html,hi"><button formaction="javascript:void 0">Go</button></form>
<script>document.title = "owned";</script>
<script type="application/json">{"not": "code"}</script>
</body></html>
""",
    "dialogs.html": """<!doctype html>
<script>
alert("hello from load");
document.title = confirm("Proceed?") ? "accepted" : "dismissed";
</script>
""",
    "errors.html": """<!doctype html>
<script>console.error("boom"); throw new Error("kaput");</script>
""",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, text in SITE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def base_url(site: Path) -> Iterator[str]:
    with serve_dir(site) as url:
        yield url


def test_serve_dir_serves_the_folder_then_stops(site: Path) -> None:
    with serve_dir(site) as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with urllib.request.urlopen(url + "second.html", timeout=5) as response:
            assert b"<h1>Second</h1>" in response.read()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url + "second.html", timeout=5)


def test_serve_site_fixture_serves_for_the_test(site: Path, serve_site) -> None:
    url = serve_site(site)
    with urllib.request.urlopen(url + "app.js", timeout=5) as response:
        assert response.status == 200


def test_same_origin_page_is_clean(page, base_url: str) -> None:
    page.goto(base_url + "index.html")
    assert page.evaluate("document.documentElement.dataset.app") == "ran"
    assert inline_script_audit(page, ["window.siteReady = true;"]) == []
    page.click("#next")
    assert page.inner_text("h1") == "Second"
    assert page.external_requests == []
    assert page.dialogs == []
    assert page.console_errors == []


def test_external_requests_are_blocked_and_recorded(page, base_url: str) -> None:
    page.goto(base_url + "external.html")
    page.wait_for_selector("body[data-fetch]")
    assert page.evaluate("document.body.dataset.fetch") == "blocked"
    assert sorted(page.external_requests) == [
        "https://api.example.net/track",
        "https://cdn.example.org/a.png",
        "https://example.com/x.js",
    ]
    assert page.evaluate("document.querySelector('img').naturalWidth") == 0
    assert any("ERR_BLOCKED_BY_CLIENT" in error for error in page.console_errors)
    assert inline_script_audit(page, [re.compile(r"fetch\(.*", re.DOTALL)]) == [
        "<script> loads a script from another origin: https://example.com/x.js"
    ]


def test_dialogs_are_recorded_and_dismissed(page, base_url: str) -> None:
    page.goto(base_url + "dialogs.html")
    assert page.dialogs == [
        DialogSeen("alert", "hello from load"),
        DialogSeen("confirm", "Proceed?"),
    ]
    assert page.title() == "dismissed"


def test_clicking_a_javascript_link_opens_a_recorded_dialog(page, base_url: str) -> None:
    page.goto(base_url + "hostile.html")
    page.click("#plain")
    page.click("#box")
    assert page.dialogs == [DialogSeen("alert", "1"), DialogSeen("alert", "3")]


def test_audit_finds_handlers_script_urls_and_inline_scripts(page, base_url: str) -> None:
    page.goto(base_url + "hostile.html")
    assert inline_script_audit(page) == [
        '<a#plain> has javascript: URL in href="javascript:alert(1)"',
        '<a#sneaky> has javascript: URL in href="  java\tscript:alert(2)"',
        '<div#box.card.wide> has event handler onclick="alert(3)"',
        '<form> has data: URL in action="data:text/html,hi"',
        '<button> has javascript: URL in formaction="javascript:void 0"',
        '<script> is an inline script not allowed: document.title = "owned";',
    ]


@pytest.mark.parametrize(
    "allowed",
    [
        pytest.param(['document.title = "owned";'], id="exact-text"),
        pytest.param([re.compile(r"document\.title = .*;")], id="pattern"),
    ],
)
def test_audit_allowlist_admits_known_inline_scripts(page, base_url: str, allowed) -> None:
    page.goto(base_url + "hostile.html")
    findings = inline_script_audit(page, allowed)
    assert not [finding for finding in findings if "inline script" in finding]
    assert len(findings) == 5


def test_console_errors_and_uncaught_exceptions_are_recorded(page, base_url: str) -> None:
    page.goto(base_url + "errors.html")
    assert page.console_errors[0] == "boom"
    assert "kaput" in page.console_errors[1]
    assert page.console_errors[1].startswith("Uncaught")


def test_screenshot_is_written_under_test_artifacts(page, base_url: str) -> None:
    target = REPO_ROOT / "test-artifacts" / "screenshots" / "browser-harness-home.png"
    target.unlink(missing_ok=True)
    page.set_viewport_size({"width": 800, "height": 600})
    page.goto(base_url + "index.html")
    assert save_screenshot(page, "browser harness/home") == target
    png = target.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 800  # IHDR width


# --- a real Material for MkDocs page ---------------------------------------------------


def build_material_site(root: Path, *, fonts: bool) -> Path:
    """Build a two-page Material site, one page two folders deep; return its site folder."""
    (root / "docs" / "guides").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nThe ledger closes monthly.\n")
    (root / "docs" / "guides" / "deep.md").write_text("# Deep\n\nReconciliation steps.\n")
    font = "" if fonts else "\n  font: false"
    (root / "mkdocs.yml").write_text(
        f"site_name: Harness\ntheme:\n  name: material{font}\nplugins:\n  - search\n"
    )
    build(load_config(str(root / "mkdocs.yml")))
    return root / "site"


def test_a_plain_material_site_passes_the_audit(page, tmp_path: Path) -> None:
    with serve_dir(build_material_site(tmp_path, fonts=False)) as url:
        for path in ["", "guides/deep/"]:
            page.goto(url + path, wait_until="networkidle")
            assert inline_script_audit(page, MATERIAL_INLINE_SCRIPTS) == [], path
        # Search runs in a web worker that fetches the index: sealed off, it still works.
        page.locator("input.md-search__input").press_sequentially("reconciliation")
        page.wait_for_selector(".md-search-result__item")
    assert page.external_requests == []
    assert page.console_errors == []


def test_material_default_fonts_are_caught_as_external(page, tmp_path: Path) -> None:
    with serve_dir(build_material_site(tmp_path, fonts=True)) as url:
        page.goto(url)
    assert [u for u in page.external_requests if u.startswith("https://fonts.googleapis.com/")]


# --- skip or fail when there is no browser ----------------------------------------------

PROBE = """
def test_needs_the_browser(browser):
    assert browser.is_connected()
"""
FAILING_PROBE = """
def test_shows_a_broken_page(page):
    page.set_content("<h1>Broken</h1>")
    assert page.inner_text("h1") == "Fixed"
"""


def run_probe(tmp_path: Path, probe: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run pytest on a copy of this harness and one probe test, in a clean environment."""
    tests = tmp_path / "repo" / "tests" / "browser"
    tests.mkdir(parents=True)
    (tests / "__init__.py").write_text("")
    (tests / "conftest.py").write_text((Path(__file__).parent / "conftest.py").read_text())
    (tests / "test_probe.py").write_text(probe)
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in {"CI", "ENABLEKIT_REQUIRE_BROWSER", "ENABLEKIT_CHROMIUM", "PYTEST_ADDOPTS"}
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path / "repo",
        env={**clean, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def hide_playwright(tmp_path: Path) -> str:
    """A PYTHONPATH on which `import playwright` fails, as if it were not installed."""
    fake = tmp_path / "no-playwright" / "playwright"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("simulated: no playwright")\n')
    return str(fake.parent)


@pytest.mark.parametrize(
    ("missing", "env", "outcome"),
    [
        pytest.param("chromium", {}, "1 skipped", id="no-chromium-locally-skips"),
        pytest.param("chromium", {"CI": "1"}, "1 error", id="no-chromium-in-ci-fails"),
        pytest.param("chromium", {"CI": "false"}, "1 skipped", id="ci-false-skips"),
        pytest.param("playwright", {}, "1 skipped", id="no-playwright-locally-skips"),
        pytest.param(
            "playwright", {"ENABLEKIT_REQUIRE_BROWSER": "1"}, "1 error", id="no-playwright-required"
        ),
    ],
)
def test_missing_browser_skips_locally_and_fails_in_ci(
    tmp_path: Path, missing: str, env: dict[str, str], outcome: str
) -> None:
    if missing == "chromium":
        env = {**env, "ENABLEKIT_CHROMIUM": str(tmp_path / "no-such-chromium")}
        says = INSTALL_CHROMIUM
    else:
        env = {**env, "PYTHONPATH": hide_playwright(tmp_path)}
        says = "pip install"
    result = run_probe(tmp_path, PROBE, **env)
    output = result.stdout + result.stderr
    assert outcome in output, output
    assert says in output, output
    assert result.returncode == (0 if "skipped" in outcome else 1), output


def test_a_failing_test_leaves_a_screenshot(tmp_path: Path, browser) -> None:
    result = run_probe(tmp_path, FAILING_PROBE)
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    screenshot = tmp_path / "repo" / "test-artifacts" / "screenshots"
    assert (screenshot / "failed-test_shows_a_broken_page.png").read_bytes()[:4] == b"\x89PNG"
