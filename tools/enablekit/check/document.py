"""A file as `check` reads it: the text on disk, and a same-length copy with what is not
checked blanked out.

What is checked: an asset's body and its front matter `title` and `summary`; a request's
`title`, `details` and `answer`. Blanked (spaces, line ends kept, so every offset is still
an offset into the file): front matter keys and other fields, code blocks (fenced and
indented), inline code, URLs (bare, autolinks, link targets, reference definitions) and
e-mail addresses, HTML tags and comments, YAML quotes and block indicators, blockquote
markers, and verbatim customer quotes (a blockquote whose last line is an attribution
starting with a dash: `> — Dana Lee, CFO at Halvorsen Foods`).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ASSET_FIELDS = ("title", "summary")
REQUEST_FIELDS = ("title", "details", "answer")

_NOT_NEWLINE = re.compile(r"[^\r\n]")
_FENCE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]{0,3}(`{3,}|~{3,})")
_QUOTE_MARKERS = re.compile(r"[ \t]*(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_ATTRIBUTION = re.compile(r"(?:—|–|―|--|~)\s*\S")
_INLINE_BLANKS = re.compile(
    r"<!--.*?(?:-->|\Z)"  # HTML comments (suppressions are read before)
    r"|(?<!`)(?P<ticks>`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)(?P=ticks)(?!`)"  # inline code
    r"|<(?:[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>"  # autolinks
    r"|(?<=\])\((?:<[^>\n]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)"  # link targets
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
    r"|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S.*$"  # reference definitions
    r"|(?:https?://|ftp://|www\.)[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]"  # bare URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",  # HTML tags
    re.DOTALL | re.MULTILINE,
)

#: Cheap tests that spare the inline pass on the many texts that need none.
_INLINE_SIGNS = ("<", "`", "](", "]:", "@", "://", "www.")


@dataclass(frozen=True)
class Region:
    """A stretch of the file that is checked: [start, end), from one field."""

    start: int
    end: int
    field: str


@dataclass(frozen=True)
class Scalar:
    """A top-level YAML value: its data, where it sits, and how it is written."""

    key: str
    value: Any
    start: int
    end: int
    key_start: int
    style: str | None  # None: plain; "'", '"', "|", ">"; "" for a list or mapping


@dataclass
class Fields:
    """A YAML mapping read for `check`: top-level values and the spans of every scalar."""

    top: dict[str, Scalar] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    key_starts: list[int] = field(default_factory=list)


def read_fields(text: str, base: int = 0) -> Fields:
    """Top-level keys and values of a YAML mapping; raises yaml.YAMLError when it is invalid."""
    fields = Fields()
    stack: list[list[Any]] = []  # [is_mapping, expecting_key, key, key_start]
    event: Any
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
            start, end = base + event.start_mark.index, base + event.end_mark.index
            if kind is yaml.ScalarEvent:
                content = start
                if event.style in ("|", ">"):  # a comment may follow the block's header
                    content = base + text.find("\n", event.start_mark.index) + 1
                fields.spans.append((content, end))
            if stack and stack[-1][0] and stack[-1][1]:
                stack[-1][1:] = [False, event.value if kind is yaml.ScalarEvent else "", start]
                if len(stack) == 1:
                    fields.key_starts.append(start)
                continue
            if len(stack) == 1 and stack[0][0]:
                key, key_start = stack[0][2], stack[0][3]
                value = event.value if kind is yaml.ScalarEvent else None
                style = event.style if kind is yaml.ScalarEvent else None
                fields.top[key] = Scalar(key, value, start, end, key_start, style or None)
            if stack and stack[-1][0]:
                stack[-1][1] = True
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(stack) == 1 and stack[0][0] and not stack[0][1]:
                key, key_start = stack[0][2], stack[0][3]
                start = base + event.start_mark.index
                fields.top[key] = Scalar(key, None, start, start, key_start, "")
            stack.append([kind is yaml.MappingStartEvent, True, None, 0])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            if stack and stack[-1][0]:
                stack[-1][1] = True
    return fields


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?=[ \t\r\n]|$)", re.MULTILINE)
_TOP_LINE = re.compile(r"^\S", re.MULTILINE)


def read_top_fields(text: str, wanted: tuple[str, ...], base: int = 0) -> Fields:
    """`read_fields` for the `wanted` top-level keys only: each is parsed on its own, from
    its key to the next line that starts at the margin (a key, a comment, a document end),
    which is where a top-level value must end. Ten times faster than parsing the whole file
    on requests, which are mostly lists and dates `check` never reads. Falls back to the
    whole file when the file is not a plain block mapping, or a value cannot stand alone."""
    if text.lstrip()[:1] in ("{", "[", "%", "-", "&", "!"):
        return read_fields(text, base)
    keys = list(_TOP_KEY.finditer(text))
    lines = [m.start() for m in _TOP_LINE.finditer(text)]
    fields = Fields(key_starts=[base + m.start() for m in keys])
    for key in keys:
        name = key.group(1)
        if name not in wanted or name in fields.top:
            continue
        after = bisect.bisect_right(lines, key.start())
        end = lines[after] if after < len(lines) else len(text)
        scalar = _simple_scalar(text, key, end, base)
        if scalar is not None:
            fields.top[name] = scalar
            content = scalar.start
            if scalar.style is not None:  # a comment may follow the block's header
                content = base + text.index("\n", scalar.start - base) + 1
            fields.spans.append((content, scalar.end))
            continue
        try:
            part = read_fields(text[key.start() : end], base + key.start())
        except yaml.YAMLError:
            return read_fields(text, base)
        fields.top.update(part.top)
        fields.spans += part.spans
    return fields


_BLOCK_HEADER = re.compile(r"[ \t]*([|>])[-+0-9]*[ \t]*(?:#[^\n]*)?\r?\n")
_PLAIN_LINE = re.compile(r"[ \t]*([^\s'\"|>&*!%@`{\[#,?:-][^\n]*?)[ \t]*(?=\r?\n|\Z)")


def _simple_scalar(text: str, key: re.Match[str], end: int, base: int) -> Scalar | None:
    """The two shapes nearly every request value has, read without a YAML parser: a block
    scalar (`details: |`) and a one-line plain scalar; None for anything else. Its `value`
    is the text as written: `check` reads the text on disk, never the value."""
    start = key.end()
    header = _BLOCK_HEADER.match(text, start, end)
    if header is not None:
        style = header.group(1)
        body = text[header.end() : end]
        return Scalar(
            key.group(1), body, base + header.start(1), base + end, base + key.start(), style
        )
    plain = _PLAIN_LINE.match(text, start, end)
    if plain is None or text[plain.end() : end].strip():
        return None  # more lines follow: a multi-line plain scalar, or something else
    value = plain.group(1)
    if ": " in value or " #" in value or "\t#" in value or value.endswith(":"):
        return None
    return Scalar(
        key.group(1),
        value,
        base + plain.start(1),
        base + plain.end(1),
        base + key.start(),
        None,
    )


@dataclass
class Document:
    """One checked file: the text on disk, what is checked of it, and where lines start."""

    path: str
    kind: str  # "asset" or "request"
    text: str
    masked: str
    regions: list[Region]
    fields: Fields
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def value(self, key: str) -> Any:
        scalar = self.fields.top.get(key)
        return None if scalar is None else scalar.value


def line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\n", text))]


def blank(text: str) -> str:
    """The text with every character but line ends turned into a space."""
    if "\r" in text:
        return _NOT_NEWLINE.sub(" ", text)
    return "\n".join(" " * len(line) for line in text.split("\n"))


def build(
    path: str, kind: str, text: str, fields: Fields, regions: list[tuple[int, int, str, int]]
) -> Document:
    """The Document for a file whose checked regions are (start, end, field, indent)."""
    pieces = []
    cursor = 0
    kept = []
    for start, end, name, indent in sorted(regions):
        pieces.append(blank(text[cursor:start]))
        pieces.append(mask_markdown(text[start:end], indent))
        kept.append(Region(start, end, name))
        cursor = end
    pieces.append(blank(text[cursor:]))
    return Document(path, kind, text, "".join(pieces), kept, fields)


def yaml_region(text: str, scalar: Scalar) -> tuple[int, int, int] | None:
    """(start, end, indent) of a scalar's text as written, without its quotes or block header."""
    if scalar.style == "" or not isinstance(scalar.value, str):
        return None
    start, end = scalar.start, scalar.end
    if scalar.style in ("'", '"'):
        return start + 1, max(start + 1, end - 1), 0
    if scalar.style in ("|", ">"):
        header_end = text.find("\n", start, end)
        if header_end < 0:
            return None
        indent = 0
        for line in text[header_end + 1 : end].split("\n"):
            if line.strip():
                indent = len(line) - len(line.lstrip(" "))
                break
        return header_end + 1, end, indent
    return start, end, 0


def mask_markdown(text: str, indent: int = 0) -> str:
    """Markdown with what is not prose blanked: code, URLs, HTML, quote markers, verbatim quotes."""
    if not text:
        return text
    if "\n" not in text.rstrip("\n") or not _structure(indent).search(text):
        return _mask_inline(text)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    fence: str | None = None
    in_list = False
    previous_blank = True
    previous_code = False
    quote: list[int] = []  # indexes in `out` of the current blockquote's lines

    def end_quote() -> None:
        if quote and _attributed([lines[i] for i in quote], indent):
            for i in quote:
                out[i] = blank(out[i])
        quote.clear()

    for index, line in enumerate(lines):
        content = line[indent:] if line[:indent].strip() == "" else line.lstrip(" ")
        margin = len(line) - len(content)
        if fence is not None:
            out.append(blank(line))
            if _closes(content, fence):
                fence = None
            continue
        opening = _FENCE.match(content)
        if opening:
            end_quote()
            fence = opening.group(1)
            out.append(blank(line))
            previous_blank = previous_code = False
            continue
        stripped = content.strip()
        if not stripped:
            end_quote()
            out.append(line)
            previous_blank = True
            continue
        code_indent = content.startswith(("    ", "\t"))
        if code_indent and (previous_blank or previous_code) and not in_list:
            out.append(blank(line))
            previous_code, previous_blank = True, False
            continue
        was_blank, previous_code, previous_blank = previous_blank, False, False
        markers = _QUOTE_MARKERS.match(content)
        if markers and ">" in markers.group():
            cut = margin + markers.end()
            quote.append(index)
            out.append(line[:margin] + blank(line[margin:cut]) + line[cut:])
            continue
        end_quote()
        if _LIST_ITEM.match(content):
            in_list = True
        elif not content[:1].isspace() and (was_blank or index == 0):
            in_list = False
        out.append(line)
    end_quote()
    return _mask_inline("".join(out))


def _mask_inline(text: str) -> str:
    if any(sign in text for sign in _INLINE_SIGNS):
        return _INLINE_BLANKS.sub(lambda m: blank(m.group()), text)
    return text


@functools.cache
def _structure(indent: int) -> re.Pattern[str]:
    """What can make a line more than prose: a fence, a quote, a tab, an indented block."""
    return re.compile(rf"`|~~~|>|\t|^ {{{indent + 4},}}\S", re.MULTILINE)


def _closes(content: str, fence: str) -> bool:
    closing = _FENCE.match(content)
    return bool(
        closing
        and closing.group(1)[0] == fence[0]
        and len(closing.group(1)) >= len(fence)
        and not content[closing.end() :].strip()
    )


def _attributed(quote_lines: list[str], indent: int) -> bool:
    """A verbatim quote: the blockquote's last line is an attribution (`> — Name, Company`)."""
    for line in reversed(quote_lines):
        body = _QUOTE_MARKERS.sub("", line[indent:], count=1).strip()
        if body:
            return bool(_ATTRIBUTION.match(body))
    return False
