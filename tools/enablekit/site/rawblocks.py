"""A Markdown extension that hands enablekit's own HTML blocks to the output untouched.

`site.markdown.block` turns untrusted text into a finished, escaped HTML block
(`<div class="enablekit-text ..." markdown="0">` ... `</div>`, never a `</div>` line
inside). Python-Markdown would parse every such block again with its HTML parser to find
where it ends, which is most of the time an asset page takes to render. This preprocessor
knows where they end and stashes each one whole, as Python-Markdown's own raw HTML
handling does; blocks that follow one another (blank lines between them) go into one
stash entry, and the paragraph that holds an entry's placeholder is marked as text no
inline pattern need read (a request on the board is four blocks: one paragraph, not four,
each of which Python-Markdown's two dozen inline patterns would otherwise scan). The
pages' Markdown stays plain Markdown with HTML in it, so another builder (Zensical)
renders the same blocks without the extension.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import nest_toc_tokens
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, STX, AtomicString

_OPEN = re.compile(r'<div class="enablekit-text(?: [\w-]+)*" markdown="0">\Z')
_CLOSE = "</div>"
#: `site.markdown.html_heading`'s line: level, id, text (no markup in it).
_HEADING = re.compile(
    r'<h([2-6]) id="([a-z0-9-]+)">([^<>]*)'
    r'<a class="headerlink" href="#\2" title="Permanent link">¶</a></h\1>\Z'
)
_PLACEHOLDER = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"\d+"))


class _StashBlocks(Preprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.headings: dict[str, list[dict[str, Any]]] = {}  # placeholder -> its headings

    def run(self, lines: list[str]) -> list[str]:
        self.headings = {}
        out: list[str] = []
        run: list[str] = []  # blocks in a row, blank lines between them: one stash entry
        headings: list[dict[str, Any]] = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            end = -1
            if line.startswith("<h") and (heading := _HEADING.match(line)) is not None:
                level, anchor, text = heading.groups()
                headings.append(_token(int(level), anchor, text))
                end = i
            elif line.startswith('<div class="enablekit-text') and _OPEN.match(line):
                # Without its closing line it is not one of ours: leave it to Markdown.
                with contextlib.suppress(ValueError):
                    end = lines.index(_CLOSE, i + 1)
            if end >= 0:
                run.append("\n".join(lines[i : end + 1]))
                i = after = end + 1
                while after < n and not lines[after].strip():
                    after += 1
                if after < n and lines[after].startswith(("<h", '<div class="enablekit-text')):
                    i = after  # the next may be one too: the blank lines between go
                continue
            if run:
                out += self._stash(run, headings)
                run, headings = [], []
            out.append(line)
            i += 1
        if run:
            out += self._stash(run, headings)
        return out

    def _stash(self, blocks: list[str], headings: list[dict[str, Any]]) -> list[str]:
        placeholder = self.md.htmlStash.store("\n".join(blocks))
        if headings:
            self.headings[placeholder] = headings
        return ["", placeholder, ""]


def _token(level: int, anchor: str, text: str) -> dict[str, Any]:
    """A heading as Python-Markdown's table of contents lists one."""
    return {"level": level, "id": anchor, "name": text, "html": text, "data-toc-label": ""}


class _SkipInline(Treeprocessor):  # type: ignore[misc]
    """A paragraph that is only a stash placeholder holds no Markdown: mark its text
    atomic, which the inline processor passes over."""

    def run(self, root: Element) -> None:
        for child in root:
            text = child.text
            if (
                child.tag == "p"
                and text is not None
                and text.startswith(STX)
                and len(child) == 0
                and _PLACEHOLDER.fullmatch(text)
            ):
                child.text = AtomicString(text)


class _Contents(Treeprocessor):  # type: ignore[misc]
    """Add the headings of stashed blocks to the table of contents, in document order
    (after the toc extension has listed the Markdown headings)."""

    def __init__(self, md: Markdown, stash: _StashBlocks) -> None:
        super().__init__(md)
        self.stash = stash

    def run(self, root: Element) -> None:
        ours = self.stash.headings
        if not ours or not hasattr(self.md, "toc_tokens"):
            return
        theirs = iter(_flat(self.md.toc_tokens))
        following = next(theirs, None)
        flat = []
        for element in root.iter():
            if following is not None and element.get("id") == following["id"]:
                flat.append(following)
                following = next(theirs, None)
            elif element.tag == "p" and element.text in ours:
                flat.extend(dict(token) for token in ours[element.text])
        if following is not None:  # a heading not found again: leave the contents alone
            return
        self.md.toc_tokens = nest_toc_tokens(flat)


def _flat(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat = []
    for token in tokens:
        flat.append({key: value for key, value in token.items() if key != "children"})
        flat.extend(_flat(token.get("children", [])))
    return flat


class RawBlocksExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before the raw HTML preprocessor (20).
        stash = _StashBlocks(md)
        md.preprocessors.register(stash, "enablekit_raw_blocks", 25)
        # Before the inline processor (20).
        md.treeprocessors.register(_SkipInline(md), "enablekit_raw_blocks_inline", 25)
        # After the toc extension (5).
        md.treeprocessors.register(_Contents(md, stash), "enablekit_raw_blocks_toc", 4)


def makeExtension(**kwargs: object) -> RawBlocksExtension:
    return RawBlocksExtension(**kwargs)
