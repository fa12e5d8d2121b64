"""YAML text to plain data that remembers where every key and value came from.

Built on PyYAML's event stream (libyaml when available) with a composer of our own, so
that one pass can refuse what a data file must never hold and keep what PyYAML loses:

- duplicate keys (PyYAML silently keeps the last one);
- YAML 1.2 scalars: only true/false are booleans, and the YAML 1.1 words (yes, no, on,
  off, y, n) stay strings with a `truthy` warning, because other tools read them as booleans;
- dates stay ISO strings, so a schema can check them and an impossible date is reported,
  not turned into a crash;
- no tags beyond YAML's own (nothing is ever constructed, so no code can run);
- bounded nesting depth and alias expansion, iteratively, so no input can hang or overflow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from ..problems import Problem, error, warning

try:  # libyaml is in PyYAML's wheels; the pure-Python parser is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_NODES = 100_000
#: No list or mapping in an enablement file comes near it, and it bounds the schema checks
#: (jsonschema's uniqueItems is quadratic on lists of mappings).
MAX_ITEMS = 1_000
#: Control and bidirectional-override characters, which a double-quoted YAML string can
#: spell with escapes ("\e", "\u202e") although the file's bytes hold none.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Path = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_TRUTHY_11 = {
    w: v
    for words, v in ((("y", "yes", "on"), True), (("n", "no", "off"), False))
    for word in words
    for w in (word, word.capitalize(), word.upper())
}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NUMBER_START = frozenset("0123456789+-.")
#: Plain scalars starting with these may resolve to something other than a string.
_RESOLVE_START = _NUMBER_START | frozenset("~nNtTfF") | {""}
_CORE_TAG = "tag:yaml.org,2002:"
_CORE_TAGS = {f"{_CORE_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


class Position(NamedTuple):
    """1-based line and column in the file as it is on disk."""

    line: int
    column: int


#: (line, column) as a plain tuple: millions of them cross process boundaries cheaply.
Spot = tuple[int, int]


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each part came from."""

    data: Any = None
    values: dict[Path, Spot] = field(default_factory=dict)
    keys: dict[Path, Spot] = field(default_factory=dict)


class _Stop(Exception):
    """A problem after which the rest of the file cannot be trusted."""

    def __init__(self, line: int, column: int, message: str, rule: str = "syntax") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.rule = line, column, message, rule


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    anchor: str | None
    nodes: int = 1
    key: str | None = None
    key_is_next: bool = False  # in a mapping: the next scalar is a key


def parse_yaml(
    path: str, text: str, *, line_offset: int = 0, any_tags: bool = False
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document. `line_offset` shifts positions (front matter starts at line 2).

    `any_tags` lets tagged values through as plain values (for mkdocs.yml, whose `!!python/name`
    and `!ENV` tags belong to MkDocs); nothing is constructed either way.
    """
    from .plainyaml import read_plain  # here: plainyaml reads this module's limits

    plain = read_plain(text, line_offset)
    if plain is not None:  # the common shape, read line by line: the same answer, sooner
        return YamlDocument(*plain), []
    composer = _Composer(path, line_offset, any_tags)
    try:
        doc = composer.compose(text)
    except _Stop as stop:
        return None, [
            *composer.problems,
            error(path, stop.line, stop.column, stop.rule, stop.message),
        ]
    except yaml.MarkedYAMLError as exc:
        line, column, message = _syntax_error(text, exc)
        return None, [
            *composer.problems,
            error(path, line + line_offset, column, "syntax", message),
        ]
    except yaml.YAMLError as exc:  # errors without a mark, e.g. from the reader
        return None, [*composer.problems, error(path, 1 + line_offset, 1, "syntax", f"{exc}")]
    return doc, composer.problems


def _syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Line, column and a message that says what to do, from the parser's error."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(exc.problem or "invalid YAML")
    context = str(exc.context or "")
    lines = text.split("\n")
    bad_line = lines[line - 1] if line <= len(lines) else ""
    if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip(" \t"))] or "\t" in problem:
        return (
            line,
            bad_line.index("\t") + 1,
            "tab character where YAML needs spaces; indent with spaces",
        )
    if "mapping values are not allowed" in problem:
        return (
            line,
            column,
            "invalid YAML: a ': ' inside an unquoted value; put the value in quotes",
        )
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return (
            line,
            column,
            (
                "invalid YAML: unexpected text here; put a value holding quotes or "
                "': ' in double quotes (\"...\"), or fix the indentation"
            ),
        )
    opened = exc.context_mark
    if opened is not None:
        for what, closer in (
            ("quoted scalar", "quote"),
            ("flow sequence", "]"),
            ("flow mapping", "}"),
        ):
            if what in context:
                return (
                    opened.line + 1,
                    opened.column + 1,
                    f"invalid YAML: this {what.split()[-1]} is never closed; add its closing {closer}",
                )
    return line, column, f"invalid YAML: {context + ' ' if context else ''}{problem}"


class _Composer:
    def __init__(self, path: str, line_offset: int, any_tags: bool) -> None:
        self.path = path
        self.any_tags = any_tags
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.total_nodes = 0

    def _pos(self, mark: Any) -> Spot:
        return (mark.line + 1 + self.offset, mark.column + 1)

    def compose(self, text: str) -> YamlDocument:
        doc = YamlDocument()
        stack: list[_Frame] = []
        documents = 0
        loader = _Loader(text)
        try:
            while (event := loader.get_event()) is not None:
                if self._take(event, doc, stack):
                    documents += 1
                    if documents > 1:
                        raise _Stop(
                            *self._xy(event),
                            "a second YAML document starts here; a file holds one: "
                            "remove the '---' line or split the file",
                        )
        finally:
            loader.dispose()
        if not doc.values:
            raise _Stop(
                1 + self.offset, 1, "the file is empty; write its fields as 'key: value' lines"
            )
        return doc

    def _take(self, event: Any, doc: YamlDocument, stack: list[_Frame]) -> bool:
        """Add one event to the document; True when it starts a document."""
        kind = type(event)
        simple = kind is yaml.ScalarEvent and event.tag is None and event.anchor is None
        if simple and stack and self._fast_scalar(event, doc, stack[-1]):
            return False
        if kind is yaml.ScalarEvent:
            if stack and stack[-1].key_is_next:
                self._key(stack[-1], event, doc)
                return False
            self._place(stack, doc, self._scalar(event), 1, event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._check_tag(event)
            if stack and stack[-1].key_is_next:
                raise _Stop(*self._xy(event), "a key must be a plain word, not a list or a mapping")
            if len(stack) >= MAX_DEPTH:
                raise _Stop(
                    *self._xy(event),
                    f"nesting deeper than {MAX_DEPTH} levels; enablement files are flat: "
                    "simplify the structure",
                )
            container: dict[str, Any] | list[Any] = {} if kind is yaml.MappingStartEvent else []
            frame_path = self._place(stack, doc, container, 0, event)
            stack.append(
                _Frame(
                    container, frame_path, event.anchor, key_is_next=kind is yaml.MappingStartEvent
                )
            )
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, frame.nodes)
            if stack:
                stack[-1].nodes += frame.nodes
        elif kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise _Stop(*self._xy(event), f"alias *{event.anchor} refers to no anchor")
            value, nodes = self.anchors[event.anchor]
            if stack and stack[-1].key_is_next:
                if not isinstance(value, str):
                    raise _Stop(*self._xy(event), "a key must be a plain word")
                self._key(stack[-1], event, doc, value)
                return False
            self._place(stack, doc, value, nodes, event)
        elif kind is yaml.DocumentStartEvent:
            return True
        return False

    def _fast_scalar(self, event: Any, doc: YamlDocument, frame: _Frame) -> bool:
        """The common case, inlined: an untagged scalar key or value inside a container.
        False when it needs the careful path (a duplicate key, the node limit)."""
        if event.style == '"' or len(frame.container) >= MAX_ITEMS:
            return False
        self.total_nodes += 1
        if self.total_nodes > MAX_NODES:
            return False
        mark = event.start_mark
        spot = (mark.line + 1 + self.offset, mark.column + 1)
        container = frame.container
        if frame.key_is_next:
            key = event.value
            if key in container:
                return False
            doc.keys[(*frame.path, key)] = spot
            frame.key, frame.key_is_next = key, False
            return True
        value = event.value
        if event.implicit[0] and (value[:1] in _RESOLVE_START or value in _TRUTHY_11):
            value = self._scalar(event)
        frame.nodes += 1
        if frame.key is not None and isinstance(container, dict):
            path: Path = (*frame.path, frame.key)
            container[frame.key] = value
            frame.key_is_next = True
        else:
            path = (*frame.path, len(container))
            container.append(value)  # type: ignore[union-attr]
        doc.values[path] = spot
        return True

    def _xy(self, event: Any) -> tuple[int, int]:
        return self._pos(event.start_mark)

    def _count(self, nodes: int, event: Any) -> None:
        self.total_nodes += nodes
        if self.total_nodes > MAX_NODES:
            raise _Stop(
                *self._xy(event),
                f"the file holds more than {MAX_NODES:,} values (an alias counts each time it "
                "is used); enablement files are small: remove anchors (&) and aliases (*)",
            )

    def _place(
        self, stack: list[_Frame], doc: YamlDocument, value: Any, nodes: int, event: Any
    ) -> Path:
        self._count(nodes, event)
        if not stack:
            doc.data = value
            doc.values[()] = self._pos(event.start_mark)
            return ()
        frame = stack[-1]
        frame.nodes += nodes
        container = frame.container
        if len(container) >= MAX_ITEMS:
            raise _Stop(
                *self._xy(event),
                f"more than {MAX_ITEMS:,} items in one list or mapping; split the file",
            )
        if isinstance(container, dict):
            assert frame.key is not None
            path = (*frame.path, frame.key)
            container[frame.key] = value
            frame.key_is_next = True
        else:
            path = (*frame.path, len(container))
            container.append(value)
        doc.values[path] = self._pos(event.start_mark)
        if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return path

    def _key(self, frame: _Frame, event: Any, doc: YamlDocument, value: Any = None) -> None:
        if value is None:
            self._check_tag(event)
            value = event.value
        self._count(1, event)
        key = str(value)
        assert isinstance(frame.container, dict)
        path = (*frame.path, key)
        position = self._pos(event.start_mark)
        if key in frame.container:
            first = doc.keys[path]
            self.problems.append(
                error(
                    self.path,
                    *position,
                    "duplicate-key",
                    f"duplicate key '{key}' (first at line {first[0]}); keep one of them",
                )
            )
        else:
            doc.keys[path] = position
        frame.key = key
        frame.key_is_next = False

    def _check_tag(self, event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!" or tag in _CORE_TAGS or self.any_tags:
            return
        shown = tag.replace(_CORE_TAG, "!!")
        raise _Stop(
            *self._xy(event),
            f"tag '{shown}' is not allowed; enablement files hold plain values: remove the tag",
        )

    def _scalar(self, event: Any) -> Any:
        self._check_tag(event)
        value: str = event.value
        tag = event.tag
        if event.style == '"' and _CONTROL_IN_VALUE.search(value):
            self.problems.append(
                error(
                    self.path,
                    *self._pos(event.start_mark),
                    "encoding",
                    "an escape in this string makes a control or text-direction character; "
                    "delete it",
                )
            )
            value = _CONTROL_IN_VALUE.sub("", value)
        if tag == f"{_CORE_TAG}str" or not event.implicit[0]:
            return value
        resolved, truthy = resolve_plain(value)
        if truthy:
            meaning = "true" if _TRUTHY_11[value] else "false"
            self.problems.append(
                warning(
                    self.path,
                    *self._pos(event.start_mark),
                    "truthy",
                    f"'{value}' means {meaning} to YAML 1.1 tools; quote it (\"{value}\") "
                    f"if you mean the word, or write {meaning}",
                )
            )
        return resolved


def resolve_plain(value: str) -> tuple[Any, bool]:
    """What an untagged plain value stands for (YAML 1.2 core schema, dates kept as text),
    and whether it is a YAML 1.1 boolean word (`yes`, `off`), kept as text but worth a warning."""
    if value in _NULL:
        return None, False
    if value in _BOOL:
        return _BOOL[value], False
    if value in _TRUTHY_11:
        return value, True
    if value[0] in _NUMBER_START:
        if _INT.match(value):
            return int(value), False
        if _FLOAT.match(value) and math.isfinite(number := float(value)):
            return number, False
    return value, False
