"""Finding many phrases at once: whole words, any case, across a line wrap.

All phrases go into one regular expression shaped as a word trie and run over the
lower-cased text, so a thousand phrases cost little more than ten. Between two words of a
phrase the text may hold spaces, a hyphen or one line break (not a blank line): "best in
class" is "best-in-class", and a term wrapped at the end of a line is still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .figures import singular

T = TypeVar("T")

#: What may stand between two words of a phrase.
SEPARATOR = r"(?:[ \t\u00a0]*(?:-|\r?\n)[ \t\u00a0]*|[ \t\u00a0]+)"
_SPLIT = re.compile(r"[\s\u00a0-]+")


def words(phrase: str) -> list[str]:
    return [w for w in _SPLIT.split(phrase.strip()) if w]


def normal(text: str) -> str:
    """A phrase with its separators made single spaces (case kept)."""
    return " ".join(words(text))


def plural_forms(word: str) -> str:
    """A regex for a word in the singular or the plural (`countries` and `country`)."""
    w = re.escape(word)
    if word.endswith("ies") and len(word) > 4:
        return re.escape(word[:-3]) + "(?:ies|y)"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return re.escape(word[:-1]) + "(?:es|s)?"
    if word[-1:].isalpha():
        return w + "(?:es|s|'s|’s)?"
    return w


@dataclass(frozen=True)
class Hit(Generic[T]):
    item: T
    start: int
    end: int


class PhraseSet(Generic[T]):
    """Phrases, each with the items it stands for; `find` yields every whole-word hit."""

    def __init__(self, phrases: Sequence[tuple[str, T]], *, plurals: bool = False) -> None:
        self._items: dict[str, list[T]] = {}
        self._plurals = plurals
        trie: dict[str, dict] = {}  # type: ignore[type-arg]
        for phrase, item in phrases:
            parts = [w.lower() for w in words(phrase)]
            if not parts:
                continue
            if plurals:  # one trie node for "carriers" and "carrier network"
                parts[-1] = singular(parts[-1])
            self._items.setdefault(self._key(parts), []).append(item)
            node = trie
            for part in parts:
                node = node.setdefault(part, {})
            node[""] = {}
        self._regex = re.compile(self._pattern(trie)) if trie else None

    def _pattern(self, node: dict) -> str:  # type: ignore[type-arg]
        branches = []
        for word in sorted((w for w in node if w), key=lambda w: (-len(w), w)):
            child = node[word]
            leaf = "" in child
            literal = plural_forms(word) if self._plurals and leaf else re.escape(word)
            rest = [w for w in child if w]
            tail = f"(?:{SEPARATOR}{self._pattern(child)})" if rest else ""
            if tail and leaf:
                tail += "?"
            branches.append(literal + tail + (r"(?!\w)" if leaf else ""))
        return "(?:" + "|".join(branches) + ")"

    def find(self, lowered: str, start: int, end: int) -> Iterator[Hit[T]]:
        """Hits in lowered[start:end] (the text lower-cased, the same length as the original)."""
        if self._regex is None:
            return
        for m in self._regex.finditer(lowered, start, end):
            s = m.start()
            if s > 0 and (lowered[s - 1].isalnum() or lowered[s - 1] == "_"):
                continue
            for item in self._items.get(self._key(words(m.group())), ()):
                yield Hit(item, s, m.end())

    def _key(self, parts: list[str]) -> str:
        parts = [p.lower() for p in parts]
        if self._plurals:
            parts[-1] = singular(parts[-1])
        return " ".join(parts)


def lowered(text: str) -> str:
    """The text in lower case, the same length (characters whose lower case is longer are kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
