"""Sentences and clauses: the span within which a topic and a figure belong together.

A sentence ends at `.`, `!` or `?` followed by a space (not after an abbreviation such as
"e.g." or "vs.", an initial, or inside a number like 99.95), at a blank line, before a list
item or a heading, and at a table cell's `|`. A line break alone does not end a sentence:
paragraphs wrap. A sentence splits into clauses at `;`, at a dash between spaces, and at a
comma followed by and, but, while, whereas, although, though or yet.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "eg",
        "ie",
        "vs",
        "etc",
        "approx",
        "est",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "st",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "p.m",
        "a.m",
        "dept",
        "ext",
        "incl",
        "min",
        "max",
        "avg",
    ]
)
_BOUNDARY = re.compile(
    r"(?P<stop>[.!?]+)[\"'”’)\]*_]*(?=\s|$)"
    r"|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t])"
    r"|\n(?=[ \t]*#)"
    r"|\|"
)
_CLAUSE = re.compile(
    r";|[ \t\n][—–][ \t\n]|[ \t\n]--[ \t\n]"
    r"|,[ \t\n]+(?:and|but|while|whereas|although|though|yet)\b"
)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences in text[start:end]."""
    spans = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group("stop") and m.group("stop") == "." and _abbreviation(text, m.start()):
            continue
        cut = m.end() if m.group("stop") else m.start()
        if text[cursor:cut].strip():
            spans.append((cursor, cut))
        cursor = m.end()
    if text[cursor:end].strip():
        spans.append((cursor, end))
    return spans


def _abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12) : dot])
    if word is None:
        return False
    w = word.group(1).lower()
    return w in _ABBREVIATIONS or (len(w) == 1 and word.group(1).isupper())


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) spans of the clauses of the sentence text[start:end]."""
    spans = []
    cursor = start
    for m in _CLAUSE.finditer(text, start, end):
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    return spans
