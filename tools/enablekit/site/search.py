"""Search entries for the generated pages, made where they are rendered.

Material's search plugin reads every page's HTML with a parser built on the standard
library's `HTMLParser` while MkDocs writes the page; at thousands of generated pages that
is a fifth of a build. `page_entries` makes the same entries in the worker that rendered the
page (see `parallel`), with `Sections`: Material's own `Parser`, its handlers rewritten to
keep their state as counters instead of comparing element objects, fed by one regular
expression instead of `HTMLParser`'s tokenizer. The HTML it reads is what `sanitize`
wrote (html5ever's serialisation: quoted attributes, escaped text, no comments), and a
test holds its sections equal to Material's on every page of the sample site.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Any

from material.plugins.search.plugin import Element, Parser, SearchIndex, Section, void

_ATTRIBUTES = r"((?:\s+[^\s/>=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
_TOKEN = re.compile(
    rf"<((?i:script|style)){_ATTRIBUTES}(.*?)</(?i:\1)\s*>"  # 1 name, 2 attributes, 3 text
    rf"|<(/?)([a-zA-Z][a-zA-Z0-9-]*){_ATTRIBUTES}"  # a tag: 4 end, 5 name, 6 attributes
    r"|<!--.*?-->|<[!?][^>]*>"  # comments, declarations: nothing to index
    r"|([^<]+)|(<)",  # 7 text, 8 a "<" that opens nothing
    re.S,
)
_ATTR = re.compile(r"([^\s/>=]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_ALWAYS_SKIPPED = frozenset({"object", "script", "style"})


class Sections(Parser):  # type: ignore[misc]
    """Material's `Parser`, faster: the same sections from the same HTML.

    Material compares elements by tag name (its `Element.__eq__` and `__hash__`), so "an
    element of the skip set is open" means "an element with a skipped tag name is open",
    and "inside the section's heading" means "an element with the heading's tag is open".
    Here those are counts of open elements by tag, and `hidden` counts the open elements
    whose tag is a skipped one.
    """

    def __init__(self) -> None:
        super().__init__()
        self.skipped: set[str] = set(_ALWAYS_SKIPPED)  # tag names, as Material's set compares
        self.open_tags: defaultdict[str, int] = defaultdict(int)
        self.hidden = 0  # open elements with a tag in `skipped`: text is not indexed
        self.permalinks = 0  # open <a class="headerlink">

    def feed(self, data: str) -> None:
        start, end, text = self.handle_starttag, self.handle_endtag, self.handle_data
        unescape = html.unescape
        for match in _TOKEN.finditer(data):
            raw, _, _, closing, tag, attributes, chars, less = match.groups()
            if chars is not None:
                text(unescape(chars) if "&" in chars else chars)
            elif tag is not None:
                if closing:
                    end(tag.lower())
                else:
                    start(tag.lower(), _attributes(attributes))
            elif raw is not None:  # script or style: its text is text up to its end tag
                tag = raw.lower()
                start(tag, _attributes(match.group(2)))
                if match.group(3):
                    text(match.group(3))
                end(tag)
            elif less:
                text("<")

    def close(self) -> None:
        pass

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in void:
            return
        el = Element(tag, attributes)
        self.context.append(el)
        self.open_tags[tag] += 1
        if tag in self.skipped:
            self.hidden += 1
        if tag == "a" and attributes.get("class") == "headerlink":
            self.permalinks += 1

        if tag in _HEADINGS and "id" in attributes:
            depth = len(self.context)
            if tag != "h1" and not self.data:
                self.section = Section(Element("hx"), depth)
                self.data.append(self.section)
            self.section = Section(el, depth)
            if self.data:
                self.section.id = attributes["id"]
            self.data.append(self.section)

        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)

        for key, value in attributes.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                if tag not in self.skipped:
                    self.skipped.add(tag)
                    self.hidden += self.open_tags[tag]
                return

        if tag in self.keep and not self.hidden:
            data = self.section.title if self.open_tags[self.section.el.tag] else self.section.text
            data.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if not self.context or self.context[-1].tag != tag:
            return

        if self.section.depth > len(self.context):
            for section in reversed(self.data):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break

        el = self.context.pop()
        self.open_tags[tag] -= 1
        if tag == "a" and el.attrs.get("class") == "headerlink":
            self.permalinks -= 1
        if tag in self.skipped:
            self.hidden -= 1
            if tag not in _ALWAYS_SKIPPED:
                self.skipped.discard(tag)
                self.hidden -= self.open_tags[tag]
            return

        if tag in self.keep and not self.hidden:
            data = self.section.title if self.open_tags[self.section.el.tag] else self.section.text
            index = data.index(f"<{tag}>")
            for i in range(index + 1, len(data)):
                if not data[i].isspace():
                    index = len(data)
                    break
            if len(data) > index:
                del data[index:]
            else:
                data.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        pre = self.open_tags["pre"]
        if not pre:
            data = " " if data.isspace() else data.replace("\n", " ")

        if not self.section:
            self.section = Section(Element("hx"))
            self.data.append(self.section)

        section = self.section
        if self.open_tags[section.el.tag]:
            if not self.permalinks:
                section.title.append(html.escape(data, quote=False))
        elif data.isspace():
            if not section.text or not section.text[-1].isspace() or pre:
                section.text.append(data)
        else:
            section.text.append(html.escape(data, quote=False))


def _attributes(source: str) -> list[tuple[str, str | None]]:
    if not source:
        return []
    found = []
    for match in _ATTR.finditer(source):
        name, *values = match.groups()
        value = next((v for v in values if v is not None), None)
        found.append((name.lower(), None if value is None else html.unescape(value)))
    return found


def page_entries(index: SearchIndex, content: str, page: Any) -> list[dict[str, Any]]:
    """The search entries Material's plugin would add for `page` with this HTML content."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return []
    parser = Sections()
    parser.feed(content)
    start = len(index.entries)
    for section in parser.data:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
    made: list[dict[str, Any]] = index.entries[start:]
    del index.entries[start:]
    return made


def search_index(config: Any) -> Any:
    """The index object of the build's search plugin (Material's or MkDocs'), or None."""
    for name in ("material/search", "search"):
        index = getattr(config.plugins.get(name), "search_index", None)
        if index is not None:
            return index
    return None


def material_index(config: Any) -> SearchIndex | None:
    """The index of Material's search plugin, when that is the build's search."""
    index = search_index(config)
    return index if isinstance(index, SearchIndex) else None


class Skipping:
    """For one build, Material's index skips the pages whose entries were made elsewhere
    (their HTML is exactly what they would be indexed from); `add` puts those entries in."""

    def __init__(self, index: SearchIndex, made: dict[str, list[dict[str, Any]]]) -> None:
        self.index, self.made = index, made
        original = index.add_entry_from_context

        def add_entry_from_context(page: Any) -> None:
            if page.file.src_uri not in made:
                original(page)

        index.add_entry_from_context = add_entry_from_context  # this instance, this build

    def add(self) -> None:
        """Put the entries made elsewhere in the index, in the order of their pages' paths."""
        self.stop()
        for uri in sorted(self.made):
            self.index.entries.extend(self.made[uri])

    def stop(self) -> None:
        vars(self.index).pop("add_entry_from_context", None)
