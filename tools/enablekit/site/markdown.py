"""Untrusted text for the site: rendered here, safely, so no builder has to be trusted.

Reps and marketers write titles, details, answers, names and asset bodies. None of it is
handed to the site builder as Markdown (whose extensions add raw HTML, attributes, file
includes and Jinja in ways no escaping keeps up with). Instead:

- `block` renders Markdown with markdown-it (CommonMark, raw HTML off) into an HTML block:
  formatting, lists, tables and code survive; a link survives only to http(s), mailto or a
  path on this site; an image only from this site, when allowed at all (no request to
  another host); headings are pushed down under the page's own;
- `inline` and `plain` show one line of text exactly as written, every Markdown and HTML
  character escaped, for titles, names, table cells and link texts;
- `escaped` and `html_block` are for lines enablekit writes as HTML itself (a request's
  facts under its title: thousands of them on the board, cheaper as a finished block);
- `heading` does the same for headings, which reach MkDocs and Material templates (some
  print them unescaped, some through `striptags`, which decodes entities): it holds no
  `<`, `>`, `&` or `"` at all, only look-alikes; `html_heading` is its finished-HTML form.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: Characters with a Markdown meaning anywhere in a line, escaped with a backslash; the
#: rest (`#`, `-`, `1.` ...) only mean something at the start of a line.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]]")
_LINE_START = re.compile(r"[#+\->=]|\d+[.)]")
_TITLE_CHARS = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”"})


def _squeezed(url: str) -> str:
    """A URL as a browser reads it: whitespace and control characters inside are dropped."""
    return re.sub(r"[\s\x00-\x1f]+", "", url)


def _safe_link(url: str) -> bool:
    """http(s), mailto, or a path on this site (no scheme, not protocol-relative)."""
    squeezed = _squeezed(url)
    scheme = _SCHEME.match(squeezed)
    if scheme is not None:
        return scheme.group(1).lower() in _SAFE_SCHEMES
    return not squeezed.startswith(("//", "\\", "/\\"))


def _local(url: str) -> bool:
    """A path on this site: what an image may load (anything else is a request elsewhere)."""
    squeezed = _squeezed(url)
    return _SCHEME.match(squeezed) is None and not squeezed.startswith(("//", "\\", "/\\"))


def _policy(state: StateCore) -> None:
    """Push headings down, and turn images that may not load into their alt text."""
    demote, images = state.env.get("demote", 0), state.env.get("images", False)
    for token in state.tokens:
        if demote and token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + demote)}"
        for child in token.children or ():
            if child.type == "image" and not (images and _local(str(child.attrGet("src") or ""))):
                alt = "".join(c.content for c in child.children or ())
                child.type, child.tag, child.nesting, child.children = "text", "", 0, None
                child.content, child.attrs = alt, {}


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    md.core.ruler.push("enablekit_policy", _policy)
    return md


_MD = _renderer()

#: Text without any of these renders as paragraphs of escaped text, exactly as markdown-it
#: would render it (tested): most of what reps write, and far cheaper than parsing. The
#: rest takes the parser: Markdown characters, HTML and entity characters, tabs, lines
#: that begin with a block marker, begin or end with white space (indented code, a hard
#: line break), or hold nothing but white space.
_NEEDS_PARSER = re.compile(r"[\\`*_\[\]<>&#|~\t]|^[^\S\n]|[^\S\n]$|^(?:[-+=]|\d+[.)])", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n\n+")


def _paragraphs(text: str) -> str:
    escaped = text.replace('"', "&quot;")
    return "\n".join(f"<p>{part}</p>" for part in _PARAGRAPH_BREAK.split(escaped))


def block(text: str, *, images: bool = False, demote: int = 2, css: str = "") -> str:
    """Untrusted Markdown (details, answers, summaries, asset bodies) as a safe HTML block.

    `demote` pushes headings down (a `#` in a rep's answer must not compete with the
    page's own title); `images` lets images with a path on this site through.
    """
    rendered = safe_html(text, images=images, demote=demote)
    return html_block(rendered, css=css) if rendered else ""


def safe_html(text: str, *, images: bool = False, demote: int = 2) -> str:
    """`block`'s HTML without the block around it, to put inside enablekit's own HTML
    (never a line that is only `</div>`: see `html_block`)."""
    text = _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip("\n")
    if not text.strip():
        return ""
    if _NEEDS_PARSER.search(text) is None:
        rendered = _paragraphs(text)
    else:
        env: dict[str, Any] = {"demote": demote, "images": images}
        rendered = _MD.render(text, env).strip()
    return rendered.replace("{", "&#123;").replace("}", "&#125;")


def escaped(text: str) -> str:
    """Untrusted text for HTML that enablekit writes itself (see `html_block`): one line,
    every HTML character escaped, braces as entities (no template engine sees a `{{`)."""
    one_line = " ".join(_CONTROL.sub("", str(text)).split())
    return html.escape(one_line).replace("{", "&#123;").replace("}", "&#125;")


def html_block(inner_html: str, *, css: str = "") -> str:
    """Finished HTML (built with `escaped` text) as a block like `block`'s, which the
    site's Markdown extension passes through unparsed. It ends at the first line that is
    only `</div>`: `inner_html` must not hold such a line (close inner divs on a line
    with other markup)."""
    classes = f"enablekit-text {css}".strip()
    return f'<div class="{classes}" markdown="0">\n{inner_html}\n</div>'


def html_link(url: str, text_html: str, *, css: str = "") -> str:
    """A link in HTML that enablekit writes itself: `text_html` already escaped."""
    classes = f' class="{html.escape(css)}"' if css else ""
    return f'<a{classes} href="{html.escape(url)}">{text_html}</a>'


def plain(text: str) -> str:
    """Untrusted text for one line of Markdown, shown exactly as written."""
    one_line = " ".join(_CONTROL.sub("", str(text)).split())
    escaped = html.escape(_MARKDOWN_SPECIAL.sub(r"\\\g<0>", one_line), quote=False)
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;").replace("|", "&#124;")
    return f"&#8203;{escaped}" if _LINE_START.match(escaped) else escaped


#: Titles, names, competitor names: text as written, in a link, a cell or a list item.
inline = plain


def heading(text: str) -> str:
    """Untrusted text for a heading: no HTML character at all, then escaped as `plain`."""
    return plain(str(text).translate(_TITLE_CHARS))


def html_heading(level: int, anchor: str, text: str) -> str:
    """A heading as one line of finished HTML, with its permalink: thousands of request
    headings cost most of a board page's rendering as Markdown. The site's Markdown
    extension (`rawblocks`) adds it to the page's table of contents; `anchor` must be an
    `layout.anchor`, `text` untrusted (no HTML character stays, as in `heading`)."""
    shown = escaped(str(text).translate(_TITLE_CHARS))
    return (
        f'<h{level} id="{anchor}">{shown}'
        f'<a class="headerlink" href="#{anchor}" title="Permanent link">¶</a></h{level}>'
    )
