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
_TOKEN = re.compile(r"\w+")


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
        # The words a hit can start with: a word scan finds the few places worth trying.
        self._first: set[str] = set()
        self._anywhere = False
        for word in trie:
            head = re.match(r"\w+", word)
            if head is None:
                self._anywhere = True
            elif plurals and head.end() == len(word):
                self._first.update((word, word + "s", word + "es", word[:-1] + "ies"))
            else:
                self._first.add(head.group())

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

    def find(
        self, lowered: str, start: int, end: int, tokens: set[str] | None = None
    ) -> Iterator[Hit[T]]:
        """Hits in lowered[start:end] (the text lower-cased, the same length as the original);
        `tokens`, the words of that stretch, when the caller has them already."""
        if self._regex is None:
            return
        if self._anywhere:
            matches: Iterator[re.Match[str]] = self._regex.finditer(lowered, start, end)
        else:
            if tokens is None:
                tokens = set(_TOKEN.findall(lowered, start, end))
            candidates = self._first & tokens
            if not candidates:
                return
            matches = self._at(lowered, start, end, candidates)
        for m in matches:
            s = m.start()
            if s > 0 and (lowered[s - 1].isalnum() or lowered[s - 1] == "_"):
                continue
            for item in self._items.get(self._key(words(m.group())), ()):
                yield Hit(item, s, m.end())

    def _at(
        self, lowered: str, start: int, end: int, candidates: set[str]
    ) -> Iterator[re.Match[str]]:
        """Matches starting where one of the candidate words starts."""
        assert self._regex is not None
        places = set()
        for word in candidates:
            i = lowered.find(word, start, end)
            while i >= 0:
                places.add(i)
                i = lowered.find(word, i + 1, end)
        last = start
        for i in sorted(places):
            if i < last:
                continue
            m = self._regex.match(lowered, i, end)
            if m is not None:
                last = m.end()
                yield m

    def _key(self, parts: list[str]) -> str:
        parts = [p.lower() for p in parts]
        if self._plurals:
            parts[-1] = singular(parts[-1])
        return " ".join(parts)


def tokens(text: str, start: int, end: int) -> set[str]:
    """The words of text[start:end]."""
    return set(_TOKEN.findall(text, start, end))


def lowered(text: str) -> str:
    """The text in lower case, the same length (characters whose lower case is longer are kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
