"""Requests that ask the same thing, so a rep adds a "+1" (`asked_by`) instead of a copy.

Two requests ask the same thing when each one's title is covered by the other: the share
of a title's terms (weighted by how rare each term is among the requests, IDF) that the
other request also uses. The score is mostly the smaller of the two shares (three
quarters; the larger makes the rest), so a request that asks a different specific thing
(the same product, but SCIM rather than SSO) scores low, and one that only adds a word to
the other's question (IFTA *fuel tax* reports) less so. Words that frame a question
rather than say what it is about ("possible", "support", "how long does it take") count
for less.
A term counts in full when the other title has it, and in part (NEAR) when the other
title has another form of it (`integrate`, `integration`), misspells it by a letter
(`intergration`), spells out what this one abbreviates (`PO` for `purchase order`), or
writes it as two words (`battle card`). Details are compared only when a title has fewer
than two words: they hold the context of one deal (the customer, the call), which
differs between two reps asking one thing.

Only questions and objections (which ask the same kind of thing) are compared with each
other, and content requests with content requests; a lost deal is one deal and never a
duplicate. Candidate pairs come from an inverted index over title terms: the weight a
title shares exactly with every earlier title is summed with arrays, and only pairs whose
exact overlap comes near the threshold are scored in full, so 20,000 requests need no
comparison of all pairs in Python.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import Repository, Request, Source
from .match import synonyms_of
from .text import STOP_WORDS, Synonyms, term, terms

#: The least score of a duplicate (measured on tests/fixtures/duplicates.py).
DUPLICATE_THRESHOLD = 0.7
#: What a term counts for when the other title has it only in another form, misspelt,
#: abbreviated or as two words.
NEAR = 0.9
#: Kinds that can ask the same thing as each other.
COMPARABLE = {"question": "ask", "objection": "ask", "content": "content"}
WAITING = ("open", "in-progress")
#: How far below the threshold the estimate that picks candidate pairs may fall.
SLACK = 0.05
#: What a score is multiplied by when each title names something the other does not.
CONTRAST = 0.85
_GROUPS = {"ask": 0, "content": 1}
#: How reps frame a question ("is it possible", "do we support", "how long does it take"),
#: not what it is about: these words count for FRAME_WEIGHT of their IDF.
_FRAME_TEXT = """
able allow available capability capable enable feature functionality handle help
have has long make offer option possible provide support supported take work works
"""
FRAME = frozenset(term(w) for w in _FRAME_TEXT.split()) - {""}
FRAME_WEIGHT = 0.3

#: A word with a capital after the title's first word, or with a digit: a product, a rival,
#: a standard, a role (`NetSuite`, `CFOs`, `SOC2`).
_NAMED = re.compile(r"(?<=[\w,;:(-] )[A-Z][\w]*|\b\w*\d\w*")
_ACRONYM = re.compile(r"\b[A-Z]{2,5}s?\b")


@dataclass(frozen=True)
class Duplicate:
    """`request` asks what `original` (filed earlier) asks, with a score in 0..1."""

    request: Request
    original: Request
    score: float
    shared: tuple[str, ...]

    @property
    def reason(self) -> str:
        return f"both ask about {', '.join(self.shared[:5])}" if self.shared else "similar titles"

    @property
    def message(self) -> str:
        return (
            f"{self.request.path} asks what {self.original.path} asks ({self.score:.2f}): "
            "add yourself to its asked_by instead"
        )


@dataclass(frozen=True)
class _Text:
    """What a request asks, as terms: its title's terms, its words, acronyms, compounds."""

    request: Request
    title: dict[str, None]  # each term once, in order (a dict: ordered, and fast to test)
    spelled: tuple[str, ...]  # the title's words as written, lowercase
    acronyms: frozenset[str]
    joined: frozenset[str]  # two neighbouring words written as one (`battle card`)
    named: frozenset[str]  # terms written as names: capitalised inside the title, or with digits
    parts: dict[str, frozenset[str]]  # term -> the terms it makes joined with a neighbour


def _text(request: Request, synonyms: Synonyms) -> _Text:
    title = request.title
    if len(terms(title)) < 2:  # "Okta?" says too little: read the details with it
        title = f"{title} {request.details}"
    spelled = tuple(re.findall(r"[a-z0-9]+", title.lower()))
    acronyms = {term(a.lower().removesuffix("s")) for a in _ACRONYM.findall(title)}
    return _Text(
        request,
        dict.fromkeys(synonyms.fold(terms(title))),
        spelled,
        frozenset(acronyms - {""}),
        frozenset(term(x + y) for x, y in itertools.pairwise(spelled)),
        frozenset(term(w.lower()) for w in _NAMED.findall(title)) - {""},
        _parts(spelled),
    )


def _parts(spelled: Sequence[str]) -> dict[str, frozenset[str]]:
    parts: dict[str, set[str]] = {}
    for x, y in itertools.pairwise(spelled):
        joined = term(x + y)
        for t in (term(x), term(y)):
            if t:
                parts.setdefault(t, set()).add(joined)
    return {t: frozenset(j) for t, j in parts.items()}


class Finder:
    """Requests' titles as weighted terms, with an inverted index to find candidate pairs.

    Candidates are found with arrays: for one title, the weight it shares exactly with
    every earlier title is one bincount over the postings of its terms, so the Python-level
    scoring (near matches, reasons) runs only on pairs that can reach the threshold.
    """

    def __init__(self, requests: Iterable[Request], synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        self.texts = [_text(r, synonyms) for r in requests if r.kind in COMPARABLE]
        df: dict[str, int] = {}
        for text in self.texts:
            for t in text.title:
                df[t] = df.get(t, 0) + 1
        n = len(self.texts)
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.unseen_idf = math.log((n + 1) / 0.5)
        self._weights: dict[str, float] = {}
        self._total_of: dict[int, float] = {}
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            for t in text.title:
                postings.setdefault(t, []).append(i)
        self._postings = {t: np.array(p, dtype=np.int32) for t, p in postings.items()}
        named: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            for t in text.named & text.title.keys():
                named.setdefault(t, []).append(i)
        self._named_postings = {t: np.array(p, dtype=np.int32) for t, p in named.items()}
        self._named_counts = np.array([len(t.named & t.title.keys()) for t in self.texts] or [0])
        self._near = _near_terms(postings)
        for t, forms in _written_forms(self.texts, postings.keys()).items():
            self._near[t] = self._near.get(t, frozenset()) | forms
        self._totals = np.array([self.total(text) for text in self.texts] or [1.0])
        self._groups = np.array([_GROUPS[COMPARABLE[t.request.kind]] for t in self.texts] or [0])

    def weight(self, t: str) -> float:
        found = self._weights.get(t)
        if found is None:
            idf = self.idf.get(t, self.unseen_idf)
            found = self._weights[t] = idf * FRAME_WEIGHT if t in FRAME else idf
        return found

    def total(self, text: _Text) -> float:
        found = self._total_of.get(id(text))
        if found is None:
            found = self._total_of[id(text)] = sum(self.weight(t) for t in text.title) or 1.0
        return found

    def candidates(self, text: _Text, before: int, threshold: float) -> list[int]:
        """The first `before` requests of the same kind group whose overlap with this title
        (exact, or another form of a word) scores at least `threshold - SLACK`: acronyms,
        which only the full score sees, may lift a pair by about SLACK."""
        if before == 0:
            return []
        shared = self._sum(((t, self.weight(t)) for t in text.title), self._postings, before)
        for t in text.title:
            near = [self._postings[o] for o in self.near(t) if o in self._postings]
            if near:  # each request counted once, and not where it has `t` itself
                numbers = np.unique(np.concatenate(near))
                numbers = numbers[: np.searchsorted(numbers, before)]
                exact = self._postings.get(t)
                if exact is not None:
                    numbers = np.setdiff1d(numbers, exact, assume_unique=True)
                shared[numbers] += NEAR * self.weight(t)
        forward = np.minimum(shared / self.total(text), 1.0)
        backward = np.minimum(shared / self._totals[:before], 1.0)
        score = _blend(np.minimum(forward, backward), np.maximum(forward, backward))
        if text.named:
            # CONTRAST, where each names something the other lacks (as in `score`).
            kept = self._sum(((t, 1.0) for t in text.named), self._postings, before)
            theirs = self._sum(((t, 1.0) for t in text.title), self._named_postings, before)
            contrast = (kept < len(text.named)) & (theirs < self._named_counts[:before])
            score = np.where(contrast, score * CONTRAST, score)
        group = _GROUPS[COMPARABLE.get(text.request.kind, "ask")]
        chosen = (score >= threshold - SLACK) & (self._groups[:before] == group)
        return [int(j) for j in np.flatnonzero(chosen)]

    @staticmethod
    def _sum(
        weighted: Iterable[tuple[str, float]], postings: dict[str, np.ndarray], before: int
    ) -> np.ndarray:
        """Per request before `before`: the summed weights of the terms it is listed under."""
        parts, weights = [], []
        for t, weight in weighted:
            numbers = postings.get(t)
            if numbers is not None:
                numbers = numbers[: np.searchsorted(numbers, before)]
                parts.append(numbers)
                weights.append(np.full(len(numbers), weight, dtype=np.float64))
        if not parts:
            return np.zeros(before)
        summed = np.bincount(
            np.concatenate(parts), weights=np.concatenate(weights), minlength=before
        )
        return summed.astype(np.float64, copy=False)  # (an empty bincount is of integers)

    def near(self, t: str) -> frozenset[str]:
        """The title terms that are another form of `t`, or `t` misspelt."""
        found = self._near.get(t)
        if found is None:  # a draft's word the index has not seen
            found = frozenset(o for o in self._postings if _same_root(t, o) or _one_edit(t, o))
            self._near[t] = found
        return found

    def score(self, a: _Text, b: _Text, threshold: float = 0.0) -> float:
        """The blend of the two coverages, 0 as soon as it cannot reach `threshold`."""
        forward, missed = self._coverage(a, b)
        if _blend(forward, 1.0) < threshold:
            return 0.0
        backward, missed_back = self._coverage(b, a)
        score = float(_blend(min(forward, backward), max(forward, backward)))
        if not (a.named.isdisjoint(missed) or b.named.isdisjoint(missed_back)):
            score *= CONTRAST  # each names something the other does not: NetSuite vs QuickBooks
        return score

    def shared(self, a: _Text, b: _Text) -> tuple[str, ...]:
        """The words of `a`'s title that `b`'s has too, rarest first."""
        both = sorted(set(a.title) & set(b.title), key=lambda t: (-self.weight(t), t))
        surface = {term(w): w for w in a.spelled}
        return tuple(surface.get(t, t) for t in both)

    def _coverage(self, a: _Text, b: _Text) -> tuple[float, list[str]]:
        """The share of `a`'s title that `b`'s covers, and the terms of `a` it misses."""
        covered = 0.0
        missed = []
        for t in a.title:
            if t in b.title:
                covered += self.weight(t)
            else:
                missed.append(t)
        if not missed:
            return covered / self.total(a), missed
        unmatched = [o for o in b.title if o not in a.title]
        still = []
        for t in missed:
            if (
                not self.near(t).isdisjoint(b.title)
                or t in b.joined
                or not a.parts.get(t, frozenset()).isdisjoint(unmatched)
                or ((a.acronyms or b.acronyms) and _abbreviates(t, a, b))
            ):
                covered += NEAR * self.weight(t)
            else:
                still.append(t)
        return covered / self.total(a), still


def _blend(smaller: Any, larger: Any) -> Any:
    """Mostly the smaller coverage: a request that asks something else scores low, one
    that adds a word to the other's question less so."""
    return 0.75 * smaller + 0.25 * larger


def _written_forms(texts: Sequence[_Text], vocabulary: Iterable[str]) -> dict[str, set[str]]:
    """Terms that the titles themselves show to be one thing written two ways: two words
    run together (`battle card`, `battlecard`). (Acronyms are left to the full score: which
    words an acronym stands for depends on the title it is compared with.)"""
    known = set(vocabulary)
    forms: dict[str, set[str]] = {}

    def link(one: str, others: Iterable[str]) -> None:
        for other in others:
            if other and other != one:
                forms.setdefault(one, set()).add(other)
                forms.setdefault(other, set()).add(one)

    for text in texts:
        for joined, (x, y) in zip(
            (term(x + y) for x, y in itertools.pairwise(text.spelled)),
            itertools.pairwise(text.spelled),
            strict=True,
        ):
            if joined in known:
                link(joined, (term(x), term(y)))
    return forms


def _near_terms(vocabulary: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each term's other forms (`integrat`, `integration`) and misspellings among the
    vocabulary. Only terms sharing a four-letter beginning or a one-letter deletion are
    compared, not every pair."""
    buckets: dict[str, set[str]] = {}
    for t in vocabulary:
        keys = {t[:4]} | {t[:i] + t[i + 1 :] for i in range(len(t))} | {t}
        for key in keys:
            buckets.setdefault(key, set()).add(t)
    near: dict[str, set[str]] = {}
    for group in buckets.values():
        for t in group:
            for o in group:
                if o != t and (_same_root(t, o) or _one_edit(t, o)):
                    near.setdefault(t, set()).add(o)
    return {t: frozenset(near.get(t, ())) for t in vocabulary}


def _same_root(a: str, b: str) -> bool:
    """One term starts the other (`driv`, `driver`), or they share a long beginning
    (`canada`, `canadian`): what the light stemmer leaves apart."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4 or short == long:
        return False
    if long.startswith(short):
        return True
    common = 0
    while common < len(short) and short[common] == long[common]:
        common += 1
    return common >= 5 and common >= 0.8 * len(short)


def _one_edit(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped (a typo)."""
    if a == b or min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def _abbreviates(t: str, a: _Text, b: _Text) -> bool:
    """`t` is an acronym in `a` whose letters start consecutive words of `b`, or a word of
    `a` that is part of such a spelled-out phrase for an acronym of `b`."""
    if t in a.acronyms and _spells(t, b.spelled):
        return True
    return any(_spells(acronym, a.spelled, containing=t) for acronym in b.acronyms)


@functools.lru_cache(maxsize=65536)
def _spells(acronym: str, spelled: tuple[str, ...], containing: str | None = None) -> bool:
    """Consecutive words (with or without their stop words) whose initials are `acronym`."""
    content = [w for w in spelled if w not in STOP_WORDS]
    n = len(acronym)
    for words in (spelled, content):
        for i in range(len(words) - n + 1):
            window = words[i : i + n]
            if "".join(w[0] for w in window) == acronym and (
                containing is None or containing in (term(w) for w in window)
            ):
                return True
    return False


def _filed(request: Request) -> tuple[dt.date, str]:
    """When a request was filed: `opened`, else its first commit; the path breaks ties."""
    date = request.opened or (request.history.added.date if request.history else None)
    return (date or dt.date.max, request.path)


_FOUND: dict[int, tuple[weakref.ref[Repository], float, list[Duplicate]]] = {}


def find_duplicates(repo: Repository, *, threshold: float = DUPLICATE_THRESHOLD) -> list[Duplicate]:
    """Every open or in-progress request that asks what an earlier one asks, with the
    earlier request it repeats best (its highest score; the earliest on a tie).

    Found once per repository object: `build` validates, then shows them on the site."""
    cached = _FOUND.get(id(repo))
    if cached is not None and cached[0]() is repo and cached[1] == threshold:
        return cached[2]
    found = _find(repo, threshold)
    _FOUND.clear()  # one repository at a time: `serve` must not keep every rebuild's
    _FOUND[id(repo)] = (weakref.ref(repo), threshold, found)
    return found


def _find(repo: Repository, threshold: float) -> list[Duplicate]:
    waiting = sorted((r for r in repo.requests if r.status in WAITING), key=_filed)
    finder = Finder(waiting, synonyms_of(repo))
    found = []
    for i, text in enumerate(finder.texts):
        best: tuple[float, int] | None = None
        for j in finder.candidates(text, i, threshold):
            score = finder.score(text, finder.texts[j], threshold)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, j)
        if best is not None:
            score, j = best
            original = finder.texts[j]
            shared = finder.shared(text, original)
            found.append(Duplicate(text.request, original.request, round(score, 3), shared))
    return found


def same_as(
    repo: Repository,
    title: str,
    details: str = "",
    *,
    kind: str = "question",
    threshold: float = DUPLICATE_THRESHOLD,
) -> list[Duplicate]:
    """The existing requests a draft (not yet filed) asks the same as, best first: open, in
    progress or answered (an answered one already has what the rep needs)."""
    existing = [r for r in repo.requests if r.status in (*WAITING, "answered")]
    finder = Finder(existing, synonyms_of(repo))
    draft = Request("draft", kind, title, Source("requests/draft.yml"), details=details)
    text = _text(draft, finder.synonyms)
    found = []
    for j in finder.candidates(text, len(finder.texts), threshold):
        other = finder.texts[j]
        score = finder.score(text, other, threshold)
        if score >= threshold:
            found.append(
                Duplicate(draft, other.request, round(score, 3), finder.shared(text, other))
            )
    return sorted(found, key=lambda d: (-d.score, d.original.path))
