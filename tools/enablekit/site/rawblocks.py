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

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER, STX, AtomicString

_OPEN = re.compile(r'<div class="enablekit-text(?: [\w-]+)*" markdown="0">\Z')
_CLOSE = "</div>"
_PLACEHOLDER = re.compile(re.escape(HTML_PLACEHOLDER).replace("%s", r"\d+"))


class _StashBlocks(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        run: list[str] = []  # blocks in a row, blank lines between them: one stash entry
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line.startswith('<div class="enablekit-text') and _OPEN.match(line):
                try:
                    end = lines.index(_CLOSE, i + 1)
                except ValueError:  # not one of ours after all: leave it to Markdown
                    end = -1
                if end > 0:
                    run.append("\n".join(lines[i : end + 1]))
                    i = end + 1
                    while i < n and not lines[i].strip():
                        i += 1
                    continue
            if run:
                out += self._stash(run)
                run = []
            out.append(line)
            i += 1
        if run:
            out += self._stash(run)
        return out

    def _stash(self, blocks: list[str]) -> list[str]:
        return ["", self.md.htmlStash.store("\n".join(blocks)), ""]


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


class RawBlocksExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before the raw HTML preprocessor (20).
        md.preprocessors.register(_StashBlocks(md), "enablekit_raw_blocks", 25)
        # Before the inline processor (20).
        md.treeprocessors.register(_SkipInline(md), "enablekit_raw_blocks_inline", 25)


def makeExtension(**kwargs: object) -> RawBlocksExtension:
    return RawBlocksExtension(**kwargs)
