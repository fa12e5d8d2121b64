"""A Markdown extension that hands enablekit's own HTML blocks to the output untouched.

`site.markdown.block` turns untrusted text into a finished, escaped HTML block
(`<div class="enablekit-text ..." markdown="0">` ... `</div>`, never a `</div>` line
inside). Python-Markdown would parse every such block again with its HTML parser to find
where it ends, which is most of the time an asset page takes to render. This preprocessor
knows where they end and stashes each one whole, as Python-Markdown's own raw HTML
handling does. The pages' Markdown stays plain Markdown with HTML in it, so another
builder (Zensical) renders the same blocks without the extension.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPEN = re.compile(r'<div class="enablekit-text(?: [\w-]+)*" markdown="0">\Z')
_CLOSE = "</div>"


class _StashBlocks(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            if line.startswith('<div class="enablekit-text') and _OPEN.match(line):
                try:
                    end = lines.index(_CLOSE, i + 1)
                except ValueError:  # not one of ours after all: leave it to Markdown
                    out.append(line)
                    i += 1
                    continue
                out += ["", self.md.htmlStash.store("\n".join(lines[i : end + 1])), ""]
                i = end + 1
            else:
                out.append(line)
                i += 1
        return out


class RawBlocksExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before the raw HTML preprocessor (20).
        md.preprocessors.register(_StashBlocks(md), "enablekit_raw_blocks", 25)


def makeExtension(**kwargs: object) -> RawBlocksExtension:
    return RawBlocksExtension(**kwargs)
