"""The MkDocs adapter: adds the generated pages to a build, offline and safe.

Everything the site shows comes from `pages.generate`; this module only connects it to
MkDocs: configuration, files, edit links, live reload and the HTML safety net.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..check.run import asset_findings
from ..forking import in_background
from ..load.repository import Loaded, load
from ..model import REQUEST_KINDS, Repository
from ..progress import done, step
from .ask import ASK_CONFIG, ASK_SCRIPT, ask_config
from .assets import MERMAID, STYLESHEET, attachments, static_files
from .guide import HOME_MARKER, home_blocks
from .layout import DEFAULT_SLA_DAYS, SiteOptions, plan
from .pages import SECTIONS, Findings, generate
from .parallel import (
    BUILT_ELSEWHERE,
    PARALLEL_FROM,
    Builder,
    Rendered,
    RenderedPage,
    builder_share,
    render_all,
)
from .sanitize import sanitize
from .search import Skipping, material_index

log = get_plugin_logger(__name__)

MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "admonition": {},
    "tables": {},
    "toc": {"permalink": "¶"},
    "enablekit.site.rawblocks": {},
    "pymdownx.superfences": {
        "custom_fences": [
            {
                "name": "mermaid",
                "class": "mermaid",
                "format": "pymdownx.superfences.fence_code_format",
            }
        ]
    },
}


class EnablekitConfig(base.Config):
    """The plugin's options in mkdocs.yml (`plugins: - enablekit: {...}`)."""

    sla = c.DictOfItems(c.Type(int), default={})
    """Days within which each kind of request should be answered, e.g. {question: 5}."""
    page_size = c.Type(int, default=100)
    """Requests per page on the FAQ and the board: pages stay small however many there are."""
    new_days = c.Type(int, default=30)
    """What's new covers this many days."""
    repo_url = c.Optional(c.URL())
    """The repository on GitHub or GitLab, for edit links (MkDocs' own repo_url would make
    Material fetch the repository's stars from the host's API: a request to another host)."""
    branch = c.Type(str, default="main")
    """The branch edit links open."""


class EnablekitPlugin(BasePlugin[EnablekitConfig]):
    """`plugins: [enablekit]`: the enablement library, built from content/ and requests/."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.preloaded: Loaded | None = None  # set by `enablekit build` so nothing loads twice
        self.repository: Repository | None = None
        self.generated: set[str] = set()
        self.sources: dict[str, str | None] = {}  # generated page -> the file behind it
        self.site_options = SiteOptions(today=dt.date.today())
        self.root = Path.cwd()
        self.jobs = 1  # `enablekit build` sets the CPUs it may use: pages render in workers
        self.parallel_from = PARALLEL_FROM
        self.rendered: dict[str, Rendered] = {}
        self.nav: Navigation | None = None
        self.parallel: list[str] = []  # generated pages rendered in workers
        self.builder: Builder | None = None
        self.skipping: Skipping | None = None  # search entries made in the workers

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        unknown = sorted(set(self.config.sla) - set(REQUEST_KINDS))
        if unknown:
            raise PluginError(
                f"enablekit: sla: {', '.join(map(str, unknown))} is not a kind of "
                f"request; use {', '.join(REQUEST_KINDS)}"
            )
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        config.theme["font"] = False  # Google Fonts would be a request to another host
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs[name] = _resolve_formats(options)
        if MERMAID not in config.extra_javascript:
            config.extra_javascript.insert(0, MERMAID)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if self.config.repo_url:  # "Request this" under the search results
            for script in (ASK_CONFIG, ASK_SCRIPT):
                if script not in config.extra_javascript:
                    config.extra_javascript.append(script)
        if config.nav is None:
            config.nav = self._navigation(Path(config.docs_dir))
        return config

    @staticmethod
    def _navigation(docs_dir: Path) -> list[Any]:
        """Hand-written pages, then the generated sections; item pages stay out of the nav,
        which MkDocs would otherwise repeat in every one of thousands of pages."""
        hand = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
        home = ["index.md"] if "index.md" not in hand else []
        sections = [{title: path} for path, title in SECTIONS if path not in hand]
        return [*home, *hand, *sections]

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        loaded = self.preloaded or load(self.root)
        step("writing the pages ...")
        self.repository = repo = loaded.repository
        attachments = self._add_attachments(files, config, repo)
        home_written = files.get_file_from_path("index.md") is not None
        self.site_options = options = self.options(config)
        pages = generate(
            repo,
            options,
            attachments=frozenset(attachments),
            home=not home_written,
            findings=self._findings(repo, options.today),
            jobs=self.jobs,
        )
        in_nav = {path for path, _ in SECTIONS}
        sources = {a.id: a.path for a in repo.assets}
        self.generated, self.sources = set(), {}
        for path, text in pages.items():
            if files.get_file_from_path(path) is not None:
                log.warning(
                    f"'{path}' is written by hand in {config.docs_dir}; "
                    "it replaces the page enablekit would generate there"
                )
                continue
            inclusion = (
                InclusionLevel.INCLUDED
                if path in in_nav or path == "index.md"
                else InclusionLevel.NOT_IN_NAV
            )
            files.append(File.generated(config, path, content=text, inclusion=inclusion))
            self.generated.add(path)
            self.sources[path] = _source(path, sources)
        self._add_static(files, config)
        done()
        script = ask_config(repo, options)
        if script is not None and files.get_file_from_path(ASK_CONFIG) is None:
            files.append(File.generated(config, ASK_CONFIG, content=script))
        return files

    def _findings(self, repo: Repository, today: dt.date) -> Callable[[], Findings]:
        """`enablekit check`'s findings for the asset pages' banners: found in a forked
        process while the other sections are made, when this build may fork."""
        work = partial(asset_findings, repo, today)
        return in_background(work) if self.jobs > 1 else work

    def options(self, config: MkDocsConfig) -> SiteOptions:
        sla = {**DEFAULT_SLA_DAYS, **self.config.sla}
        return SiteOptions(
            today=dt.date.today(),
            sla_days=sla,
            page_size=max(1, self.config.page_size),
            new_days=self.config.new_days,
            site_name=config.site_name,
            edit_base=self._edit_base(),
            tags_index=any(name in config.plugins for name in ("tags", "material/tags")),
            repo_url=self.config.repo_url or None,
            branch=self.config.branch,
            directory_urls=config.use_directory_urls,
        )

    def _edit_base(self) -> str | None:
        url = (self.config.repo_url or "").rstrip("/")
        if not url:
            return None
        edit = "/-/edit/" if "gitlab" in url.split("/")[2] else "/edit/"
        return f"{url}{edit}{self.config.branch}/"

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Render the generated pages on every core before MkDocs' page loop asks for them
        (the tags index stays in the loop: the tags plugin fills it in later)."""
        uris = [
            uri
            for uri in sorted(self.generated)
            if (file := files.get_file_from_path(uri)) is not None
            and "<!-- material/tags" not in file.content_string
        ]
        self.rendered, self.nav, self.builder, self.parallel = {}, nav, None, []
        self._stop_skipping()
        if self.jobs > 1 and len(uris) >= self.parallel_from:
            for uri in uris:  # the page MkDocs' loop would make for a page out of the nav
                file = files.get_file_from_path(uri)
                if file is not None and file.page is None:
                    Page(None, file, config)
            step(f"rendering {len(uris):,} pages on {self.jobs} processes ...")
            self.rendered = render_all(uris, config, files, self._finish, self.jobs)
            done()
            made = {uri: r.search for uri, r in self.rendered.items() if r.search is not None}
            index = material_index(config)
            if made and index is not None:
                self.skipping = Skipping(index, made)
            self.parallel = uris  # half of them are built in a forked builder (on_env)
        return nav

    @event_priority(-100)  # last: the tags plugin's listings are filled in by now
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Fork a second builder for half of the generated pages; MkDocs' loop skips them."""
        if not self.parallel or self.nav is None:
            return env
        parallel = set(self.parallel)
        pages: list[Page] = []
        others: list[Page] = []
        for file in files.documentation_pages():
            if file.page is not None:
                (pages if file.src_uri in parallel else others).append(file.page)
        theirs = builder_share(pages, others)
        self.builder = Builder([page.file.src_uri for page in theirs])
        if not self.builder.start(config, files, self.nav, env):
            self.builder = None
            return env
        for page in theirs:
            page.meta["template"] = BUILT_ELSEWHERE  # renders nothing, so nothing is written
            page.meta["search"] = {"exclude": True}  # the builder sends its search entries
        theme = [env.loader] if env.loader is not None else []
        env.loader = ChoiceLoader([DictLoader({BUILT_ELSEWHERE: ""}), *theme])
        _quiet_skips.uris = self.builder.uris
        return env

    @event_priority(100)  # first: the search plugin writes its index after this
    def on_post_build(self, config: MkDocsConfig) -> None:
        builder, self.builder = self.builder, None
        _quiet_skips.uris = frozenset()
        if builder is not None:
            builder.finish(config)
        skipping, self.skipping = self.skipping, None
        if skipping is not None:
            skipping.add()

    def on_build_error(self, error: Exception) -> None:
        builder, self.builder = self.builder, None
        _quiet_skips.uris = frozenset()
        self._stop_skipping()
        if builder is not None:
            builder.stop()

    def _stop_skipping(self) -> None:
        skipping, self.skipping = self.skipping, None
        if skipping is not None:
            skipping.stop()

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        rendered = self.rendered.pop(page.file.src_uri, None)
        if rendered is not None:
            page.__class__ = RenderedPage
            page.rendered = rendered  # type: ignore[attr-defined]
        return page

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        uri, options = page.file.src_uri, self.site_options
        docs = _relative(config.docs_dir, self.root)
        source = self.sources[uri] if uri in self.generated else posixpath.normpath(f"{docs}/{uri}")
        page.edit_url = options.edit_url(source) if source else None
        if HOME_MARKER in markdown and self.repository is not None:
            blocks = home_blocks(self.repository, plan(self.repository, options), options, uri)
            markdown = markdown.replace(HOME_MARKER, "\n".join(blocks))
            self.generated.add(uri)  # it now holds rep-written titles: sanitize it too
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return html if isinstance(page, RenderedPage) else self._finish(html, page)

    def _finish(self, html: str, page: Page) -> str:
        if page.file.src_uri not in self.generated:
            return html
        # Headings written as HTML (markdown.html_heading) are anchors MkDocs does not see.
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(_HTML_HEADING_ID.findall(html))
        return sanitize(html)

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("content", "requests"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    def _add_attachments(self, files: Files, config: MkDocsConfig, repo: Repository) -> list[str]:
        added = []
        for site_path, source in attachments(self.root, repo):
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
            added.append(site_path)
        return added

    def _add_static(self, files: Files, config: MkDocsConfig) -> None:
        for site_path, source in static_files():
            if files.get_file_from_path(site_path) is None:
                files.append(File.generated(config, site_path, abs_src_path=str(source)))


_HTML_HEADING_ID = re.compile(r'<h[2-6] id="([a-z0-9-]+)">')


class _QuietSkips(logging.Filter):
    """MkDocs says "Page skipped" of every empty page: not of those built in the builder."""

    uris: frozenset[str] = frozenset()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            self.uris
            and message.startswith("Page skipped: '")
            and message.split("'")[1] in self.uris
        )


_quiet_skips = _QuietSkips()
logging.getLogger("mkdocs.commands.build").addFilter(_quiet_skips)


def _relative(docs_dir: str, root: Path) -> str:
    try:
        return Path(docs_dir).resolve().relative_to(root).as_posix()
    except ValueError:
        return "."


def _source(path: str, sources: dict[str, str]) -> str | None:
    """The file behind a generated page, for its edit link: an asset's Markdown, messaging.yml."""
    if path.startswith("library/") and path.count("/") == 1:
        return sources.get(path.removeprefix("library/").removesuffix(".md"))
    return "content/messaging.yml" if path == "messaging.md" else None


def _resolve_formats(options: dict[str, Any]) -> dict[str, Any]:
    """Turn dotted names in superfences' custom fences into the functions MkDocs expects."""
    fences = options.get("custom_fences")
    if not fences:
        return options
    import importlib

    resolved = []
    for fence in fences:
        module, _, name = fence["format"].rpartition(".")
        resolved.append({**fence, "format": getattr(importlib.import_module(module), name)})
    return {**options, "custom_fences": resolved}
