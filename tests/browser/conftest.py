"""A real browser for tests of the built site: Debian's chromium driven by Playwright.

Every page a test opens is sealed off from the network: a request to any host but this
machine is aborted and recorded, so a test can assert that the site loads nothing from
outside. Dialogs (alert, confirm, prompt) and console errors are recorded the same way.

Fixtures: `browser` (session), `page` (per test, with `page.external_requests`,
`page.dialogs` and `page.console_errors`), `serve_site` (serve a folder for one test).
Helpers to import (`from .conftest import ...`): `serve_dir`, `save_screenshot`,
`inline_script_audit`.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Dialog,
        Page,
        Route,
        WebError,
    )

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

# ENABLEKIT_CHROMIUM points the tests at another binary (or at none, to check the skip).
CHROMIUM = os.environ.get("ENABLEKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these chromium phones Google (updates, sync, field trials) and gets refused.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_CHROMIUM = "apt-get update && apt-get install -y chromium"
INSTALL_PLAYWRIGHT = "pip install -e '.[test]'  (or: pip install playwright)"

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# Not network requests: nothing leaves the browser for these.
IN_BROWSER_SCHEMES = frozenset({"data", "blob", "about"})


@dataclass(frozen=True)
class DialogSeen:
    """One alert, confirm, prompt or beforeunload dialog that a page opened."""

    type: str
    message: str


# --- serving a folder -------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_dir(directory: Path | str) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 and a free port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A short poll interval: shutdown() waits for it, once per test.
    serve = functools.partial(server.serve_forever, poll_interval=0.05)
    thread = threading.Thread(target=serve, name="serve_dir", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def serve_site() -> Iterator[Callable[[Path | str], str]]:
    """Serve folders for the length of one test: `base_url = serve_site(tmp_path)`."""
    with ExitStack() as stack:
        yield lambda directory: stack.enter_context(serve_dir(directory))


# --- the browser ------------------------------------------------------------------------


def browser_required(env: Mapping[str, str]) -> bool:
    """In CI (or when asked) a missing browser fails the tests instead of skipping them."""
    ci = env.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or env.get("ENABLEKIT_REQUIRE_BROWSER") == "1"


def _missing_browser(reason: str) -> NoReturn:
    if browser_required(os.environ):
        pytest.fail(f"{reason} (browser tests are required under CI / ENABLEKIT_REQUIRE_BROWSER=1)")
    pytest.skip(f"{reason}; set CI=1 or ENABLEKIT_REQUIRE_BROWSER=1 to make this a failure")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless chromium, launched once for the whole session."""
    if not os.access(CHROMIUM, os.X_OK):
        _missing_browser(f"chromium not found at {CHROMIUM}; install it: {INSTALL_CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        _missing_browser(f"Playwright for Python is not installed ({e}); {INSTALL_PLAYWRIGHT}")
    with sync_playwright() as playwright:
        # Playwright's own browser download cannot work here: always the system chromium.
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


# --- a sealed page per test -------------------------------------------------------------

_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_FAILED] = True
    return report


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (or inside the browser)."""
    parts = urlsplit(url)
    return parts.scheme in IN_BROWSER_SCHEMES or parts.hostname in LOCAL_HOSTS


def _guard(context: BrowserContext) -> tuple[list[str], list[DialogSeen], list[str]]:
    """Seal `context` off from the network and record what its pages try to do."""
    external_requests: list[str] = []
    dialogs: list[DialogSeen] = []
    console_errors: list[str] = []

    def route(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            external_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def dialog(dialog: Dialog) -> None:
        dialogs.append(DialogSeen(dialog.type, dialog.message))
        dialog.dismiss()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    def uncaught(error: WebError) -> None:
        console_errors.append(f"Uncaught {error.error}")

    # On the context, not the page, so that popups and iframes are sealed off too.
    context.route("**/*", route)
    context.on("dialog", dialog)
    context.on("console", console)
    context.on("weberror", uncaught)
    return external_requests, dialogs, console_errors


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page that cannot reach the network. It records, in lists to assert on:

    - `page.external_requests`: URLs of requests to any host but 127.0.0.1/localhost
      (each one aborted, which chromium also logs as a console error);
    - `page.dialogs`: a `DialogSeen(type, message)` per dialog (each one dismissed);
    - `page.console_errors`: console.error text and uncaught exceptions.

    A test that fails leaves a screenshot in test-artifacts/screenshots/failed-<test>.png.
    """
    context = browser.new_context(service_workers="block")
    external_requests, dialogs, console_errors = _guard(context)
    new_page = context.new_page()
    new_page.external_requests = external_requests  # type: ignore[attr-defined]
    new_page.dialogs = dialogs  # type: ignore[attr-defined]
    new_page.console_errors = console_errors  # type: ignore[attr-defined]
    yield new_page
    if request.node.stash.get(_FAILED, False):
        save_screenshot(new_page, f"failed-{request.node.name}")
    context.close()


# --- helpers for assertions -------------------------------------------------------------


def save_screenshot(page: Page, name: str) -> Path:
    """Write a full-page PNG to test-artifacts/screenshots/<name>.png; return its path."""
    safe_name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or "screenshot"
    path = SCREENSHOTS / f"{safe_name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path


# The inline scripts every Material for MkDocs 9.x page carries; the first one names the
# site root relative to the page (".", "..", "../.." ...). Exact, so a tampered one shows.
_MATERIAL_SCOPE = (
    '__md_scope=new URL("{root}",location),'
    "__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),"
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    "__md_set=(e,_,t=localStorage,a=__md_scope)=>"
    '{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
MATERIAL_INLINE_SCRIPTS: tuple[str | re.Pattern[str], ...] = (
    re.compile(re.escape(_MATERIAL_SCOPE).replace(re.escape("{root}"), r"\.(\.(/\.\.)*)?")),
    'var palette=__md_get("__palette");if(palette&&palette.color){'
    'if("(prefers-color-scheme)"===palette.color.media){'
    'var media=matchMedia("(prefers-color-scheme: light)"),'
    "input=document.querySelector(media.matches?"
    "\"[data-md-color-media='(prefers-color-scheme: light)']\":"
    "\"[data-md-color-media='(prefers-color-scheme: dark)']\");"
    'palette.color.media=input.getAttribute("data-md-color-media"),'
    'palette.color.scheme=input.getAttribute("data-md-color-scheme"),'
    'palette.color.primary=input.getAttribute("data-md-color-primary"),'
    'palette.color.accent=input.getAttribute("data-md-color-accent")}'
    "for(var[key,value]of Object.entries(palette.color))"
    'document.body.setAttribute("data-md-color-"+key,value)}',
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
)

# Walks the live DOM; URLs are parsed by the browser itself, so "java\tscript:" and
# " JavaScript:" are caught as what the browser would run.
_AUDIT_JS = """
() => {
  const URL_ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  const RISKY_SCHEMES = ["javascript:", "data:", "vbscript:"];
  // Script types the browser runs or acts on; any other type is a data block.
  const JS_TYPES = new RegExp("^(|module|importmap|speculationrules"
    + "|(text|application)/(x-)?(java|ecma)script"
    + "|text/(jscript|livescript|javascript1\\.[0-5]))$", "i");
  const describe = (el) => {
    let text = el.localName;
    if (el.id) text += "#" + el.id;
    const cls = el.getAttribute("class");
    if (cls && cls.trim()) text += "." + cls.trim().split(/\\s+/).join(".");
    return "<" + text + ">";
  };
  const short = (value) => value.length > 80 ? value.slice(0, 77) + "..." : value;
  const findings = [];
  const scripts = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (/^on[a-z]/.test(name)) {
        findings.push(`${describe(el)} has event handler ${name}="${short(attr.value)}"`);
      } else if (URL_ATTRIBUTES.includes(name)) {
        let scheme;
        try { scheme = new URL(attr.value, document.baseURI).protocol; } catch { continue; }
        if (RISKY_SCHEMES.includes(scheme)) {
          findings.push(`${describe(el)} has ${scheme} URL in ${name}="${short(attr.value)}"`);
        }
      }
    }
    if (el.localName !== "script") continue;
    const type = (el.getAttribute("type") || "").trim();
    if (!JS_TYPES.test(type)) continue;  // a data block such as application/json: never run
    if (el.hasAttribute("src")) {
      let origin = null;
      try { origin = new URL(el.getAttribute("src"), document.baseURI).origin; } catch {}
      if (origin !== location.origin) {
        const src = short(el.getAttribute("src"));
        findings.push(`${describe(el)} loads a script from another origin: ${src}`);
      }
    } else {
      scripts.push({where: describe(el), text: el.textContent});
    }
  }
  return {findings, scripts};
}
"""


def inline_script_audit(
    page: Page, allowed_inline_scripts: Iterable[str | re.Pattern[str]] = ()
) -> list[str]:
    """Describe everything on the page that runs code it did not load from its own origin.

    That is: `on*` event-handler attributes; `javascript:`, `data:` or `vbscript:` URLs in
    href, src, action, formaction (and xlink:href, data, poster); `<script src>` from another
    origin; and inline scripts whose text (stripped) is not in `allowed_inline_scripts`,
    given as exact strings or as patterns that must match the whole text. Data blocks
    (`<script type="application/json">`) are not code and are not reported. An empty list
    means the page is clean.
    """
    allowed = list(allowed_inline_scripts)
    result = page.evaluate(_AUDIT_JS)
    findings: list[str] = list(result["findings"])
    for script in result["scripts"]:
        text = script["text"].strip()
        if not any(_allows(rule, text) for rule in allowed):
            preview = " ".join(text.split())
            preview = preview if len(preview) <= 80 else preview[:77] + "..."
            findings.append(f"{script['where']} is an inline script not allowed: {preview}")
    return findings


def _allows(rule: str | re.Pattern[str], text: str) -> bool:
    if isinstance(rule, re.Pattern):
        return rule.fullmatch(text) is not None
    return rule.strip() == text
