"""Markdown from untrusted text: formatting survives, HTML, scripts and tricks do not.

Reps and marketers write titles, details, answers, names and asset bodies. Whatever they
write is turned into Markdown that any builder (MkDocs, Zensical) renders safely:

- `<` and `&` are escaped outside code, so raw HTML, entities and autolinks are text;
- `{` and `}` are escaped, so `attr_list` (`{: onclick=...}`) and Jinja (`{{ }}`) are text;
- a link whose destination is not http(s), mailto or a path on this site is left as text;
- images are text unless allowed, and then only from this site (no request to another host);
- `--8<--` snippet includes and other HTML-borne syntax die with the `<` escape.

Bold, italics, lists, tables, code and safe links keep working.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Fenced code blocks and inline code spans: their text is already literal in Markdown.
_CODE = re.compile(
    r"(^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\2[ \t]*$|\Z)|(`+)(?!`).+?(?<!`)\3(?!`))",
    re.MULTILINE | re.DOTALL,
)
#: Text without these characters is safe Markdown as it is (the common case: fast path).
_NEEDS_CARE = re.compile(r"[<&{}\]!`~]")
_LINK_OPEN = re.compile(r"\]\(\s*")
_REFERENCE = re.compile(r"^([ ]{0,3})\[([^\]\n]+)\]:[ \t]*(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_HEADING = re.compile(r"^(#{1,5})(?=[ \t])", re.MULTILINE)


def block(text: str, *, images: bool = False, demote: int = 0) -> str:
    """Untrusted Markdown for a block (details, answers, asset bodies).

    `images` lets images with a local path through; `demote` pushes headings down so a
    body's `#` does not compete with its page's title.
    """
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not _NEEDS_CARE.search(text) and not (demote and "#" in text):
        return text.strip("\n")
    parts, last = [], 0
    for match in _CODE.finditer(text):
        parts.append(_escape(text[last : match.start()], images, demote))
        parts.append(match.group())
        last = match.end()
    parts.append(_escape(text[last:], images, demote))
    return "".join(parts).strip("\n")


def inline(text: str) -> str:
    """Untrusted Markdown for one line (a title, a name): no line breaks, no table breaks."""
    one_line = " ".join(str(text).split())
    return block(one_line).replace("|", "\\|")


#: Characters with a meaning anywhere in a line; the rest only matter at its start.
_PLAIN_SPECIAL = re.compile(r"[\\`*_\[\]|~]")
_LINE_START = frozenset("#+->")
_TITLE_CHARS = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”"})


def heading(text: str) -> str:
    """Untrusted text for a heading. Page titles reach MkDocs and Material templates, some
    unescaped and some through `striptags`, which decodes entities: so a heading holds no
    `<`, `>`, `&` or `"` at all, only look-alikes."""
    return inline(str(text).translate(_TITLE_CHARS))


def plain(text: str) -> str:
    """Untrusted text shown exactly as written: every Markdown character escaped."""
    one_line = " ".join(str(text).split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;")
    escaped = escaped.replace("{", "&#123;").replace("}", "&#125;")
    escaped = _PLAIN_SPECIAL.sub(r"\\\g<0>", escaped)
    return f"\\{escaped}" if escaped[:1] in _LINE_START else escaped


def _escape(text: str, images: bool, demote: int) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    text = _LINK_OPEN.sub(_check_link, text)
    text = _REFERENCE.sub(_check_reference, text)
    if demote:
        text = _HEADING.sub(lambda m: m.group(1) + "#" * demote, text)
    return _images(text, images)


def _check_link(match: re.Match[str]) -> str:
    rest = match.string[match.end() :]
    return match.group() if _is_safe(rest) else "\\]\\("


def _check_reference(match: re.Match[str]) -> str:
    if _is_safe(match.group(3)):
        return match.group()
    return f"{match.group(1)}\\[{match.group(2)}\\]: {match.group(3)}"


def _is_safe(destination: str) -> bool:
    """http(s), mailto, or no scheme at all (a path on this site); browsers drop whitespace."""
    scheme = _SCHEME.match(re.sub(r"[\s\x00-\x1f]+", "", destination[:200]))
    return scheme is None or scheme.group(1).lower() in _SAFE_SCHEMES


def _images(text: str, allowed: bool) -> str:
    """`![alt](src)`: kept only when allowed and local; otherwise the `!` becomes text."""

    def keep_or_break(match: re.Match[str]) -> str:
        local = re.match(r"\s*(?![\w+.-]+:|//)[^)\s]", match.string[match.end() :])
        return match.group() if allowed and local else "\\" + match.group()

    return re.sub(r"!\[[^\]\n]*\]\(", keep_or_break, text)
