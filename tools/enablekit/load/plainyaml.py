"""The common shape of an enablement file, read line by line without a YAML parser.

Nearly every request and asset front matter is a flat mapping: `key: value` lines, one-line
flow lists (`personas: [cfo, ceo]`), literal blocks (`details: |`) and block lists, of plain
words or of small flat mappings (`deals:`). For such a file `read_plain` gives exactly what
yamlfile's composer gives (the same data, the same value and key positions) in half the
time (the composer's own work on libyaml's events is most of its cost: on a request file,
150-170 us against about 70 here); it answers None for anything else, and for
anything the composer would warn about or refuse (a duplicate key, `yes`, a tab, an escape,
a multi-line plain value, a comment where a value starts), so the composer reads those files
and reports their problems as before. tests/test_plainyaml.py holds the two to the same
answers on every file of the sample repository and on mutated copies.
"""

from __future__ import annotations

import re
from typing import Any

from .yamlfile import _RESOLVE_START, _TRUTHY_11, MAX_ITEMS, Path, Spot, resolve_plain

#: Characters after which the composer's reading could differ from a line's: tabs, carriage
#: returns, line separators libyaml breaks lines at, marks it refuses, controls.
_ASCII_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
_UNUSUAL = re.compile(
    "[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
#: What a one-line flow list's plain words may not hold (a `?` ends one in libyaml).
_NOT_IN_FLOW = re.compile("[][{}#:?'\"]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?\Z")
#: A plain value may not start with an indicator (a `-` only before a space).
_NOT_PLAIN_START = frozenset("?:,[]{}#&*!|>'\"%@`")
#: Letters and digits: a plain value starting with one needs no more checks of its start.
_PLAIN_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
#: Lines and nodes beyond which the composer's limits are left to the composer.
_MOST_NODES = 50_000


class _Other(Exception):
    """Not the common shape: the composer reads the file."""


def read_plain(
    text: str, line_offset: int = 0
) -> tuple[Any, dict[Path, Spot], dict[Path, Spot]] | None:
    """(data, value positions, key positions) of a file of the common shape, else None."""
    if (_ASCII_UNUSUAL if text.isascii() else _UNUSUAL).search(text):
        return None
    try:
        return _Reader(text.split("\n"), line_offset).read()
    except _Other:
        return None


class _Reader:
    def __init__(self, lines: list[str], offset: int) -> None:
        self.lines = lines
        self.offset = offset
        self.values: dict[Path, Spot] = {}
        self.keys: dict[Path, Spot] = {}
        self.nodes = 0

    def read(self) -> tuple[Any, dict[Path, Spot], dict[Path, Spot]]:
        """The top-level mapping; its one-line values are read here, the rest by methods."""
        lines, values, keys = self.lines, self.values, self.keys
        data: dict[str, Any] = {}
        key_match = _KEY.match
        count, i, base = len(lines), 0, 1 + self.offset
        while i < count:
            text = lines[i]
            match = key_match(text)
            if match is None:
                stripped = text.lstrip(" ")
                if stripped and stripped[0] != "#":
                    raise _Other  # neither a key, a blank line nor a comment
                i += 1
                continue
            key, rest = match.group(1, 2)
            if key in data:
                raise _Other
            if rest and rest[-1] == " ":
                rest = rest.rstrip(" ")
            line = i + base
            here = (key,)
            keys[here] = (line, 1)
            if not rest:
                i = self._empty(i, 0, key, data, here)
                continue
            start = match.start(2)
            values[here] = (line, start + 1)
            c = rest[0]
            if c == "|":
                data[key], i = self._literal(i, rest)
                continue
            if c == "[":
                data[key] = self._flow(rest, line, start, here)
            elif c == '"' or c == "'":
                data[key] = _quoted(rest)
            elif c in _PLAIN_START and " #" not in rest and ": " not in rest and rest[-1] != ":":
                # The common case, inlined: a plain value with no comment, spaces trimmed.
                if c in _RESOLVE_START or rest in _TRUTHY_11:
                    data[key] = _plain(rest)
                else:
                    data[key] = rest
            else:
                data[key] = _plain(_strip_comment(rest))
            i += 1
        if not data or len(data) > MAX_ITEMS:
            raise _Other  # empty, or too long: the composer says so
        values[()] = (next(iter(keys.values()))[0], 1)
        self.nodes += 2 * len(data)
        if self.nodes > _MOST_NODES:
            raise _Other
        return data, values, keys

    def _next(self, i: int) -> int:
        """The first line from i that is neither blank nor a comment."""
        lines = self.lines
        while i < len(lines):
            stripped = lines[i].lstrip(" ")
            if stripped and stripped[0] != "#":
                return i
            i += 1
        return i

    def _entry(self, i: int, column: int, mapping: dict[str, Any], path: Path) -> int:
        """Read the `key: value` at line i, column `column` (0-based) of a list's mapping into
        `mapping`; the line after it."""
        match = _KEY.match(self.lines[i], column)
        if match is None:
            raise _Other
        key, rest = match.group(1, 2)
        if key in mapping or len(mapping) >= MAX_ITEMS:
            raise _Other
        line = i + 1 + self.offset
        here = (*path, key)
        self.keys[here] = (line, column + 1)
        self.nodes += 2
        if rest is None:
            return self._empty(i, column, key, mapping, here)
        if not rest:
            raise _Other  # `key:` and spaces in a nested mapping: rare; the composer reads it
        mapping[key] = self._inline(rest, line, match.start(2), here)
        return i + 1

    def _empty(self, i: int, column: int, key: str, mapping: dict[str, Any], here: Path) -> int:
        """`key:` alone: a block list follows, or the value is null."""
        j = self._next(i + 1)
        if j < len(self.lines):
            following = self.lines[j]
            indent = len(following) - len(following.lstrip(" "))
            if indent > column or (indent == column and following[indent : indent + 2] == "- "):
                if column:
                    raise _Other  # a list inside a list's mapping: the composer reads it
                mapping[key], after = self._list(j, indent, here)
                return after
        mapping[key] = None
        self.values[here] = (i + 1 + self.offset, column + len(key) + 2)
        return i + 1

    def _inline(self, rest: str, line: int, start: int, here: Path) -> Any:
        """A value on its key's line: a plain, quoted or flow-list value. `start`: its 0-based
        column."""
        first = rest[0]
        self.values[here] = (line, start + 1)
        if first == "[":
            return self._flow(rest, line, start, here)
        if first == '"' or first == "'":
            return _quoted(rest)
        return _plain(_strip_comment(rest))

    def _flow(self, rest: str, line: int, start: int, here: Path) -> list[Any]:
        end = rest.find("]")
        if end < 0:
            raise _Other
        _after_value(rest, end + 1)
        inner = rest[1:end]
        if _NOT_IN_FLOW.search(inner):
            raise _Other
        items: list[Any] = []
        if not inner.strip(" "):
            return items
        if len(inner) > 2 * MAX_ITEMS:
            raise _Other
        column = start + 2  # 1-based column of the first character inside the brackets
        for part in inner.split(","):
            word = part.strip(" ")
            if not word:
                raise _Other  # `[a, ]` or `[, a]`
            self.values[(*here, len(items))] = (line, column + len(part) - len(part.lstrip(" ")))
            items.append(_plain(word))
            column += len(part) + 1
        self.nodes += len(items)
        return items

    def _literal(self, i: int, rest: str) -> tuple[str, int]:
        """A literal block (`|` or `|-`) under a top-level key at line i: its text and the
        line after it."""
        indicator = rest.rstrip(" ")
        if indicator not in ("|", "|-"):
            raise _Other  # keep (`|+`), an indentation digit, a comment: the composer
        lines = self.lines
        j = i + 1
        if j >= len(lines):
            raise _Other
        first = lines[j]
        indent = len(first) - len(first.lstrip(" "))
        if not indent or indent == len(first):
            raise _Other  # no content, or a blank first line
        prefix = " " * indent
        kept: list[str] = []
        last = j  # the last line with text
        while j < len(lines):
            text = lines[j]
            if text.startswith(prefix):
                if not text[indent:].strip(" "):
                    raise _Other  # spaces-only lines: the composer's chomping rules
                kept.append(text[indent:])
                last = j
            elif not text:
                kept.append("")
            elif text.strip(" "):
                break  # less indented: the block has ended
            else:
                raise _Other
            j += 1
        if last == len(lines) - 1:
            raise _Other  # the file ends without a line break after the block
        body = "\n".join(kept[: last - i])
        return (body if indicator == "|-" else body + "\n"), last + 1

    def _list(self, j: int, indent: int, here: Path) -> tuple[list[Any], int]:
        """A block list whose first `- ` is at line j, column `indent` (0-based)."""
        lines, items = self.lines, list[Any]()
        self.values[here] = (j + 1 + self.offset, indent + 1)
        while j < len(lines):
            text = lines[j]
            if len(text) - len(text.lstrip(" ")) != indent or text[indent : indent + 2] != "- ":
                break
            if len(items) >= MAX_ITEMS:
                raise _Other
            item = text[indent + 2 :]
            column = indent + 2 + len(item) - len(item.lstrip(" "))
            item = item.lstrip(" ")
            place = (*here, len(items))
            line = j + 1 + self.offset
            self.nodes += 1
            if _KEY.match(item):
                mapping: dict[str, Any] = {}
                self.values[place] = (line, column + 1)
                after = self._entry(j, column, mapping, place)
                j = self._next(after)
                while j < len(lines):
                    text = lines[j]
                    if len(text) - len(text.lstrip(" ")) != column:
                        break
                    after = self._entry(j, column, mapping, place)
                    j = self._next(after)
                items.append(mapping)
            else:
                if not item or item[0] in "[|>":
                    raise _Other
                items.append(self._inline(item, line, column, place))
                j = self._next(j + 1)
            if j < len(lines):
                text = lines[j]
                deeper = len(text) - len(text.lstrip(" "))
                if deeper > indent:
                    raise _Other  # a value running onto the next line, or nested deeper
        return items, j


def _quoted(rest: str) -> str:
    """A one-line quoted value without escapes (`"..."` or `'...'`)."""
    quote = rest[0]
    end = rest.find(quote, 1)
    if end < 0 or "\\" in rest[:end] or rest[end + 1 : end + 2] == quote:
        raise _Other  # multi-line, escaped or doubled quotes
    _after_value(rest, end + 1)
    return rest[1:end]


def _strip_comment(rest: str) -> str:
    """A plain value without its trailing comment and spaces."""
    cut = rest.find(" #")
    return (rest if cut < 0 else rest[:cut]).rstrip(" ")


def _after_value(rest: str, end: int) -> None:
    """Only spaces, or spaces and a comment, may follow a quoted value or a flow list."""
    tail = rest[end:]
    if tail and (tail.strip(" ") and not (tail[0] == " " and tail.lstrip(" ")[0] == "#")):
        raise _Other


def _plain(word: str) -> Any:
    """A plain value as the composer resolves it; _Other where the composer would warn or the
    value may not be plain."""
    if not word:
        raise _Other
    first = word[0]
    if first in _NOT_PLAIN_START or (first == "-" and word[1:2] in ("", " ")):
        raise _Other
    if ": " in word or word[-1] == ":":
        raise _Other
    if first not in _RESOLVE_START and word not in _TRUTHY_11:
        return word  # text as it stands: what the composer's fast path keeps too
    value, warned = resolve_plain(word)
    if warned:
        raise _Other  # `yes`, `on`: the composer warns
    return value
