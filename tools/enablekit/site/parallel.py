"""Rendering the generated pages' Markdown on every core, for `enablekit build`.

MkDocs renders page after page in one process, and Python-Markdown is most of a large
build's time. Between `on_nav` and its page loop nothing changes the pages, so the plugin
forks workers there; each does for its share of the generated pages what MkDocs' loop would
do (read the source, every plugin's `on_page_markdown`, render, enablekit's sanitizer,
the page's entries for Material's search) and hands back the HTML, the table of contents,
the search entries and the log records. MkDocs' own loop then runs every plugin's events as
usual, but `render()` hands over the worker's result, and the search index skips the page
(`search.Skipping`; the worker's entries are added to it at the end of the build).

Only `enablekit build` turns this on: it owns its process, so forking is safe. Under
`mkdocs build` or `mkdocs serve` (threads, live reload) pages render the ordinary way.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import TableOfContents, get_toc

from .search import material_index, page_entries, search_index

#: Fewer generated pages than this render in the main process: forking would cost more.
PARALLEL_FROM = 200
#: Pages per task: small enough to balance two workers, large enough to pay for a task.
CHUNK = 40


@dataclass(frozen=True)
class Rendered:
    """What `Page.render` (and enablekit's `on_page_content`) made of one page."""

    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # linked file's src_uri -> anchors
    search: list[dict[str, Any]] | None = None  # Material's entries; None: search reads the page


class RenderedPage(Page):
    """A page a worker has rendered: `render()` hands over the worker's result."""

    rendered: Rendered

    def render(self, config: MkDocsConfig, files: Files) -> None:
        done = self.rendered
        self.content = done.content
        self.toc = done.toc
        self._title_from_render = done.title
        self.present_anchor_ids = set(done.anchors)
        if done.links_to_anchors is not None:
            self.links_to_anchors = {
                linked: anchors
                for uri, anchors in done.links_to_anchors.items()
                if (linked := files.get_file_from_path(uri)) is not None
            }


#: What a forked worker needs: set in the parent just before forking, inherited as is.
_job: tuple[MkDocsConfig, Files, Callable[[str, Page], str]] | None = None


def render_all(
    uris: Sequence[str],
    config: MkDocsConfig,
    files: Files,
    finish: Callable[[str, Page], str],
    jobs: int,
) -> dict[str, Rendered]:
    """Render the pages at `uris` in `jobs` forked workers; `finish(html, page)` runs on each
    page's HTML in the worker (enablekit's sanitizer). Log records from the workers are
    handled here, in order per page, so warnings count towards `--strict` as usual."""
    global _job
    ordered = sorted(uris, key=lambda uri: -_size(files, uri))  # large pages first
    count = -(-len(ordered) // CHUNK)
    chunks = [ordered[i::count] for i in range(count)]  # each a mix of large and small
    _job = (config, files, finish)
    gc.freeze()  # the workers' collector leaves the inherited heap alone (no copy on write)
    results: dict[str, Rendered] = {}
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part in pool.imap_unordered(_render_chunk, chunks):
                for uri, rendered, records in part:
                    for record in records:
                        logging.getLogger(record.name).handle(record)
                    results[uri] = rendered
    finally:
        _job = None
    return results


def _size(files: Files, uri: str) -> int:
    file = files.get_file_from_path(uri)
    return len(file.content_string) if file is not None else 0


def _render_chunk(uris: Sequence[str]) -> list[tuple[str, Rendered, list[logging.LogRecord]]]:
    assert _job is not None, "render workers are forked by render_all"
    config, files, finish = _job
    index = material_index(config)
    done = []
    for uri in uris:
        file = files.get_file_from_path(uri)
        assert file is not None and file.page is not None
        with _captured() as records:
            page = file.page
            config._current_page = page
            try:
                page.read_source(config)
                assert page.markdown is not None
                page.markdown = config.plugins.on_page_markdown(
                    page.markdown, page=page, config=config, files=files
                )
                _render(page, config, files)
                assert page.content is not None
                content = finish(page.content, page)
                search = None if index is None else page_entries(index, content, page)
            finally:
                config._current_page = None
        links = page.links_to_anchors
        done.append(
            (
                uri,
                Rendered(
                    content=content,
                    toc=page.toc,
                    title=page._title_from_render,
                    anchors=frozenset(page.present_anchor_ids or ()),
                    links_to_anchors=None
                    if links is None
                    else {linked.src_uri: anchors for linked, anchors in links.items()},
                    search=search,
                ),
                records,
            )
        )
        page.markdown = page.content = None  # sent to the parent: the worker need not keep it
    return done


#: One Markdown converter per worker, reset between pages: building one (its extensions,
#: their patterns) costs as much as converting a small page.
_converter: markdown.Markdown | None = None


def _render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """`Page.render` of MkDocs 1.6, with the worker's converter reused."""
    global _converter
    if _converter is None:
        _converter = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
    md = _converter.reset()
    raw_html = _RawHTMLPreprocessor()
    raw_html._register(md)
    anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
    anchors._register(md)
    relative = _RelativePathTreeprocessor(page.file, files, config)
    relative._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    assert page.markdown is not None
    page.content = md.convert(page.markdown)
    page.toc = get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = title.title
    page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = relative.links_to_anchors


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # pickles without its arguments
        record.exc_info = record.exc_text = None
        self.records.append(record)


class _captured:
    """Send every log record the worker makes to a list, for the parent to handle."""

    def __enter__(self) -> list[logging.LogRecord]:
        self.handler = _Collect()
        self.root = logging.getLogger()
        self.saved = (self.root.handlers[:], self.root.level)
        mkdocs = logging.getLogger("mkdocs")
        self.saved_mkdocs = (mkdocs.handlers[:], mkdocs.propagate)
        mkdocs.handlers, mkdocs.propagate = [self.handler], False
        self.root.handlers = [self.handler]
        return self.handler.records

    def __exit__(self, *exc: object) -> None:
        mkdocs = logging.getLogger("mkdocs")
        mkdocs.handlers, mkdocs.propagate = self.saved_mkdocs
        self.root.handlers, _ = self.saved


#: The template pages built by the forked builder get in MkDocs' own loop: it renders
#: nothing, and MkDocs writes nothing for an empty page (the builder has written it).
BUILT_ELSEWHERE = "enablekit-built-elsewhere.html"


#: What writing a page costs besides its content, in bytes of content (the theme's
#: template around it: navigation, header, footer), for sharing pages between builders.
PAGE_COST = 8_000


def builder_share(pages: Sequence[Page], others: Sequence[Page]) -> list[Page]:
    """The rendered `pages` the forked builder takes: about half of the loop's work, given
    that MkDocs' loop also builds the `others` (hand-written pages, the tags index) and
    indexes them for search. Largest first, each to the side with less so far."""
    mine = sum(PAGE_COST + 2 * len(page.content or "") for page in others)
    theirs, taken = 0, []
    for page in sorted(pages, key=lambda page: -len(page.content or "")):
        cost = PAGE_COST + len(page.content or "")
        if theirs < mine:
            taken.append(page)
            theirs += cost
        else:
            mine += cost
    return taken


class Builder:
    """Builds some pages (template, search entry, file) in a forked process while MkDocs'
    own loop builds the rest: the second half of a build's work, on the second core."""

    def __init__(self, uris: Sequence[str]) -> None:
        self.uris = frozenset(uris)
        self.process: Any = None
        self.connection: Any = None

    def start(self, config: MkDocsConfig, files: Files, nav: Any, env: Any) -> bool:
        """Fork the builder; False (and nothing started) when the search plugin is one whose
        index this module does not know how to merge."""
        if _search_entries(config) is None:
            return False
        context = multiprocessing.get_context("fork")
        gc.freeze()
        receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_build_pages, args=(send, sorted(self.uris), config, files, nav, env)
        )
        self.process.start()
        send.close()
        self.connection = receive
        return True

    def stop(self) -> None:
        """The build failed: end the builder, whatever it was doing."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.process = None

    def finish(self, config: MkDocsConfig) -> None:
        """Wait for the builder, replay its log records and add its search entries."""
        if self.process is None:
            return
        try:
            error, entries, records = self.connection.recv()
        except EOFError:
            error, entries, records = "the page builder stopped without a word", [], []
        self.process.join()
        self.process = None
        for record in records:
            logging.getLogger(record.name).handle(record)
        if error:
            raise PluginError(f"enablekit: building pages in a second process: {error}")
        index = _search_entries(config)
        assert index is not None
        index.extend(entries)


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The list the search plugin (Material's or MkDocs') collects its entries in."""
    index = search_index(config)
    entries = getattr(index, "entries", getattr(index, "_entries", None))
    return entries if isinstance(entries, list) else None


def _build_pages(
    connection: Any, uris: Sequence[str], config: MkDocsConfig, files: Files, nav: Any, env: Any
) -> None:
    from mkdocs.commands.build import _build_page

    entries = _search_entries(config)
    assert entries is not None
    start = len(entries)
    error = ""
    with _captured() as records:
        doc_files = files.documentation_pages()
        for uri in uris:
            file = files.get_file_from_path(uri)
            assert file is not None and file.page is not None
            try:
                _build_page(file.page, config, doc_files, nav, env)
            except Exception as exc:  # reported by the parent, as MkDocs would
                error = f"{uri}: {exc}"
                break
    connection.send((error, entries[start:], records))
    connection.close()
