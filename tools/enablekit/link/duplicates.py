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
duplicate. Candidate pairs come from an inverted index over title terms: the weight each
title shares with every earlier title of its group is summed in matrices, a block of titles
at a time and term by term, and only pairs whose estimate comes near the threshold are
scored in full, once per pair of distinct titles, so 20,000 requests need no comparison of
all pairs (nor any loop over postings) in Python.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..collector import paused
from ..forking import in_background
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
#: How far apart two sums of the same weights, added in another order, may be: an
#: estimate this close to the cut is worked out again in the finder's own order.
ROUNDING = 1e-9
#: About how many pairs (float64 cells, 32 MB) one block of estimates holds.
BLOCK = 2**22
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


@dataclass(frozen=True, eq=False, slots=True)
class _Words:
    """What a title asks, as terms: its title's terms, its words, acronyms, compounds.

    Read once per distinct title (reps file one question many times, with the same words)
    and shared by the requests with that title. Compared by identity (`eq=False`), so a
    pair of titles is scored once however many requests repeat them."""

    title: dict[str, None]  # each term once, in order (a dict: ordered, and fast to test)
    spelled: tuple[str, ...]  # the title's words as written, lowercase
    acronyms: frozenset[str]
    joined: frozenset[str]  # two neighbouring words written as one (`battle card`)
    named: frozenset[str]  # terms written as names: capitalised inside the title, or with digits
    parts: dict[str, frozenset[str]]  # term -> the terms it makes joined with a neighbour


@dataclass(frozen=True, slots=True)
class _Text:
    """A request, and what its title asks."""

    request: Request
    words: _Words


def _read(title: str, synonyms: Synonyms) -> _Words:
    """A title's `_Words`. Each word and each pair of neighbouring words is made a term
    once, for both `joined` and `parts`."""
    spelled = tuple(re.findall(r"[a-z0-9]+", title.lower()))
    acronyms = {term(a.lower().removesuffix("s")) for a in _ACRONYM.findall(title)}
    single = [term(w) for w in spelled]
    joined = [term(x + y) for x, y in itertools.pairwise(spelled)]
    parts: dict[str, set[str]] = {}  # each word with the pairs it starts, then it ends
    for t, pair in itertools.chain(
        zip(single[:-1], joined, strict=True), zip(single[1:], joined, strict=True)
    ):
        if t:
            parts.setdefault(t, set()).add(pair)
    return _Words(
        dict.fromkeys(synonyms.fold(terms(title))),
        spelled,
        frozenset(acronyms - {""}),
        frozenset(joined),
        frozenset(term(w.lower()) for w in _NAMED.findall(title)) - {""},
        {t: frozenset(pairs) for t, pairs in parts.items()},
    )


@dataclass
class _Group:
    """The distinct titles of one kind group (questions with objections, or content
    requests), numbered in the order they were first filed: the columns of the estimates.
    Requests of different groups are never compared, so they never share a matrix; requests
    with one title share a row and a column (an estimate depends only on the titles)."""

    titles: list[_Words]  # each distinct title, by its first request
    requests: list[list[int]]  # each title's requests (places in `Finder.texts`), ascending
    first: np.ndarray  # each title's first request (ascending)
    last: np.ndarray  # each title's last request
    postings: dict[str, np.ndarray]  # term -> the titles that have it
    totals: np.ndarray  # each title's `Finder.total`
    named_counts: np.ndarray  # how many of each title's terms it writes as names
    keys: np.ndarray  # `_keys` of the titles' terms
    name_keys: np.ndarray  # `_keys` of the terms the titles write as names
    near_postings: dict[str, np.ndarray]  # term -> titles with another form of it, not it


class Finder:
    """Requests' titles as weighted terms, with an inverted index to find candidate pairs.

    Candidates are found with arrays: the weight each title shares with every title filed
    before it in its group is estimated for a block of titles at a time (`_estimates`), so
    the Python-level scoring (near matches, reasons) runs only on pairs that can reach the
    threshold, and Python loops over the terms of a block, not over pairs or postings.
    """

    def __init__(self, requests: Iterable[Request], synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        self._short: dict[str, bool] = {}
        self._read: dict[str, _Words] = {}
        self.texts = [self.text(r) for r in requests if r.kind in COMPARABLE]
        df: dict[str, int] = {}
        for text in self.texts:
            for t in text.words.title:
                df[t] = df.get(t, 0) + 1
        n = len(self.texts)
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.unseen_idf = math.log((n + 1) / 0.5)
        self._weights: dict[str, float] = {}
        self._total_of: dict[_Words, float] = {}
        distinct = list(dict.fromkeys(text.words for text in self.texts))
        self._near = _near_terms(df)
        for t, forms in _written_forms(distinct, df.keys()).items():
            self._near[t] = self._near.get(t, frozenset()) | forms
        kinds = [_GROUPS[COMPARABLE[text.request.kind]] for text in self.texts]
        self._groups = np.array(kinds, dtype=int)
        self._group_of: dict[int, _Group] = {}
        self._scratch = np.empty(0)  # `_zeros`
        self._ids = {t: number for number, t in enumerate(df)}  # for `_keys`

    def text(self, request: Request) -> _Text:
        """`request` with what its title asks; "Okta?" says too little, so a title of fewer
        than two terms is read with the request's details. Each distinct text is read once."""
        title = request.title
        short = self._short.get(title)
        if short is None:
            short = self._short[title] = len(terms(title)) < 2
        if short:
            title = f"{title} {request.details}"
        words = self._read.get(title)
        if words is None:
            words = self._read[title] = _read(title, self.synonyms)
        return _Text(request, words)

    def weight(self, t: str) -> float:
        found = self._weights.get(t)
        if found is None:
            idf = self.idf.get(t, self.unseen_idf)
            found = self._weights[t] = idf * FRAME_WEIGHT if t in FRAME else idf
        return found

    def total(self, words: _Words) -> float:
        found = self._total_of.get(words)
        if found is None:
            found = self._total_of[words] = sum(self.weight(t) for t in words.title) or 1.0
        return found

    def candidates(self, text: _Text, threshold: float) -> list[int]:
        """The requests of this (not indexed) text's kind group whose estimated score with
        it (`_estimates`) reaches `threshold - SLACK`, ascending: acronyms, which only the
        full score sees, may lift a pair by about SLACK."""
        group = self._group(_GROUPS[COMPARABLE.get(text.request.kind, "ask")])
        _, columns = self._pairs([text.words], group, len(group.titles), threshold)
        return sorted(j for c in columns.tolist() for j in group.requests[c])

    def earlier_candidates(self, threshold: float) -> dict[int, list[int]]:
        """For each request (by place), the earlier requests of its group that reach
        `threshold - SLACK` as in `candidates`, ascending.

        A title is compared with the titles first filed before its last request: with the
        rows in the order of their last request, that is a staircase (a triangle where no
        title repeats), made a block of rows at a time, each about BLOCK cells: rows
        `start:end` against the titles before the block's last row needs."""
        found: dict[int, list[int]] = {}
        for number in sorted(set(self._groups.tolist())):
            group = self._group(number)
            order = np.argsort(group.last)
            limits = np.searchsorted(group.first, group.last[order])  # columns each row needs
            start = 0
            while start < len(order):
                cells = np.arange(1, len(order) - start + 1) * limits[start:]
                end = start + max(1, int(np.searchsorted(cells, BLOCK, side="right")))
                rows = order[start:end]
                titles = [group.titles[k] for k in rows]
                columns = int(limits[end - 1])
                r, c = self._pairs(titles, group, columns, threshold, limits[start:end])
                for a, b in zip(rows[r].tolist(), c.tolist(), strict=True):
                    earlier = group.requests[b]
                    for i in group.requests[a]:
                        found.setdefault(i, []).extend(earlier[: bisect.bisect_left(earlier, i)])
                start = end
        for js in found.values():
            js.sort()
        return found

    def _group(self, number: int) -> _Group:
        """The group's distinct titles and their index, made when first needed."""
        found = self._group_of.get(number)
        if found is None:
            index: dict[_Words, int] = {}
            titles: list[_Words] = []
            requests: list[list[int]] = []
            for i in np.flatnonzero(self._groups == number).tolist():
                words = self.texts[i].words
                k = index.setdefault(words, len(titles))
                if k == len(titles):
                    titles.append(words)
                    requests.append([])
                requests[k].append(i)
            postings: dict[str, list[int]] = {}
            named: dict[str, list[int]] = {}
            for k, words in enumerate(titles):
                for t in words.title:
                    postings.setdefault(t, []).append(k)
                for t in words.named & words.title.keys():
                    named.setdefault(t, []).append(k)
            arrays = {t: np.array(p) for t, p in postings.items()}
            found = self._group_of[number] = _Group(
                titles,
                requests,
                np.array([r[0] for r in requests], dtype=int),
                np.array([r[-1] for r in requests], dtype=int),
                arrays,
                np.array([self.total(words) for words in titles], dtype=np.float64),
                np.array([len(w.named & w.title.keys()) for w in titles], dtype=int),
                _keys(arrays, self._ids),
                _keys({t: np.array(p) for t, p in named.items()}, self._ids),
                {},
            )
        return found

    def _pairs(
        self,
        rows: Sequence[_Words],
        group: _Group,
        end: int,
        threshold: float,
        limits: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The (row, title) pairs among the group's first `end` titles whose estimate
        reaches `threshold - SLACK`; with `limits`, only the first `limits[row]` titles for
        each row. The matrix sums each pair's weights in term order, not in the order of the
        row's title: an estimate within ROUNDING of the cut is worked out again in that order
        (`_estimate`), so the pairs chosen are those the per-request sums chose, to the bit."""
        cut = threshold - SLACK
        rows_of, columns, score = self._estimates(rows, group, end, cut - ROUNDING)
        if limits is not None:
            earlier = columns < limits[rows_of]
            rows_of, columns, score = rows_of[earlier], columns[earlier], score[earlier]
        chosen = score >= cut
        for k in np.flatnonzero(np.abs(score - cut) <= ROUNDING):
            chosen[k] = self._estimate(rows[rows_of[k]], group.titles[columns[k]]) >= cut
        return rows_of[chosen], columns[chosen]

    def _estimates(
        self, rows: Sequence[_Words], group: _Group, end: int, least: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's estimated score with each of the group's first `end` titles, as
        (rows, titles, estimates), for the pairs that may reach `least`: the weight the
        titles share, exactly or as another form of a word (what `_coverage` counts, less
        compounds and acronyms), as a share of each title, blended, and lowered by CONTRAST
        where each names something the other lacks (as in `score`).

        The shared weights are made term by term: every row with a term gets its weight for
        every title with it at once (`_add`, a sub-matrix), so Python loops over the
        distinct terms of the rows. Only pairs whose smaller share can reach `least` are
        taken out of the matrix (few: most pairs share a frame word or nothing), and the
        rest of the estimate is worked out for them alone."""
        by_term: dict[str, list[int]] = {}
        for r, words in enumerate(rows):
            for t in words.title:
                by_term.setdefault(t, []).append(r)
        shared = self._zeros(len(rows), end)
        for t, where in by_term.items():
            weight = self.weight(t)
            _add(shared, where, group.postings.get(t), weight)
            _add(shared, where, self._near_postings(group, t), NEAR * weight)
        totals = np.array([self.total(words) for words in rows])
        smaller = _least_smaller(least) - ROUNDING
        rows_of, columns = np.nonzero(shared >= (smaller * totals)[:, None])  # the row's share
        sums = shared[rows_of, columns]
        forward = np.minimum(sums / totals[rows_of], 1.0)
        backward = np.minimum(sums / group.totals[columns], 1.0)
        score = _blend(np.minimum(forward, backward), np.maximum(forward, backward))
        possible = score >= least  # the column's share too (and CONTRAST only lowers a score)
        rows_of, columns, score = rows_of[possible], columns[possible], score[possible]
        named = [[self._ids[t] for t in words.named if t in self._ids] for words in rows]
        titled = [[self._ids[t] for t in words.title if t in self._ids] for words in rows]
        kept = _how_many(named, rows_of, group.keys, columns, len(self._ids))
        theirs = _how_many(titled, rows_of, group.name_keys, columns, len(self._ids))
        names = np.array([len(words.named) for words in rows], dtype=int)[rows_of]
        score[(kept < names) & (theirs < group.named_counts[columns])] *= CONTRAST
        return rows_of, columns, score

    def _zeros(self, rows: int, columns: int) -> np.ndarray:
        """A matrix of zeros, in memory kept from one block to the next: fresh memory for
        every block costs more to map than to clear."""
        if self._scratch.size < rows * columns:
            self._scratch = np.empty(rows * columns)
        matrix = self._scratch[: rows * columns].reshape(rows, columns)
        matrix.fill(0.0)
        return matrix

    def _estimate(self, a: _Words, b: _Words) -> float:
        """`_estimates` of `a` with `b`, with the shared weight summed in the order of `a`'s
        terms (exact ones first, then other forms), as the finder always has."""
        shared = 0.0
        for t in a.title:
            if t in b.title:
                shared += self.weight(t)
        for t in a.title:
            if t not in b.title and not self.near(t).isdisjoint(b.title):
                shared += NEAR * self.weight(t)
        forward = min(shared / self.total(a), 1.0)
        backward = min(shared / self.total(b), 1.0)
        score = float(_blend(min(forward, backward), max(forward, backward)))
        kept = len(a.named & b.title.keys())
        theirs = sum(1 for t in a.title if t in b.named and t in b.title)
        if kept < len(a.named) and theirs < len(b.named & b.title.keys()):
            score *= CONTRAST
        return score

    def _near_postings(self, group: _Group, t: str) -> np.ndarray:
        """The group's titles that have another form of `t` (`near`) but not `t` itself:
        each counted once, however many forms it has."""
        found = group.near_postings.get(t)
        if found is None:
            near = [group.postings[o] for o in self.near(t) if o in group.postings]
            found = np.unique(np.concatenate(near)) if near else np.zeros(0, dtype=int)
            exact = group.postings.get(t)
            if exact is not None and len(found):
                found = np.setdiff1d(found, exact, assume_unique=True)
            group.near_postings[t] = found
        return found

    def near(self, t: str) -> frozenset[str]:
        """The title terms that are another form of `t`, or `t` misspelt."""
        found = self._near.get(t)
        if found is None:  # a draft's word the index has not seen
            found = frozenset(o for o in self.idf if _same_root(t, o) or _one_edit(t, o))
            self._near[t] = found
        return found

    def score(self, a: _Words, b: _Words, threshold: float = 0.0) -> float:
        """The blend of the two coverages, 0 as soon as it cannot reach `threshold`."""
        forward, missed = self._coverage(a, b)
        if _blend(forward, 1.0) < threshold:
            return 0.0
        backward, missed_back = self._coverage(b, a)
        score = float(_blend(min(forward, backward), max(forward, backward)))
        if not (a.named.isdisjoint(missed) or b.named.isdisjoint(missed_back)):
            score *= CONTRAST  # each names something the other does not: NetSuite vs QuickBooks
        return score

    def shared(self, a: _Words, b: _Words) -> tuple[str, ...]:
        """The words of `a`'s title that `b`'s has too, rarest first."""
        both = sorted(set(a.title) & set(b.title), key=lambda t: (-self.weight(t), t))
        surface = {term(w): w for w in a.spelled}
        return tuple(surface.get(t, t) for t in both)

    def _coverage(self, a: _Words, b: _Words) -> tuple[float, list[str]]:
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


def _keys(postings: dict[str, np.ndarray], ids: dict[str, int]) -> np.ndarray:
    """What each title has, as the sorted `title * len(ids) + ids[term]` of every title
    and term in `postings`: one array that pairs are looked up in (`_how_many`)."""
    parts = [numbers.astype(np.int64) * len(ids) + ids[t] for t, numbers in postings.items()]
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def _how_many(
    ids: Sequence[list[int]], rows: np.ndarray, keys: np.ndarray, columns: np.ndarray, size: int
) -> np.ndarray:
    """For each pair `(rows[k], columns[k])`: how many of the row's term `ids` the column's
    title has (`keys`, from `_keys` with `size` terms). Every pair's terms are laid out in one
    array and looked up at once."""
    lengths = np.array([len(row) for row in ids], dtype=np.int64)
    flat = np.array([t for row in ids for t in row], dtype=np.int64)
    counts = lengths[rows]
    pair = np.repeat(np.arange(len(rows)), counts)
    within = np.arange(len(pair)) - np.repeat(np.cumsum(counts) - counts, counts)
    first = (np.cumsum(lengths) - lengths)[rows]
    wanted = columns[pair] * size + flat[first[pair] + within]
    if not len(keys):
        return np.zeros(len(rows), dtype=np.int64)
    found = keys[np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)] == wanted
    return np.bincount(pair[found], minlength=len(rows))


def _add(matrix: np.ndarray, rows: list[int], columns: np.ndarray | None, value: float) -> None:
    """Add `value` to `matrix` at each of `rows` crossed with each of `columns` (ascending)
    that the matrix has."""
    if columns is not None:
        columns = columns[: np.searchsorted(columns, matrix.shape[1])]
        if len(columns):
            matrix[np.ix_(np.asarray(rows), columns)] += value


def _blend(smaller: Any, larger: Any) -> Any:
    """Mostly the smaller coverage: a request that asks something else scores low, one
    that adds a word to the other's question less so."""
    return 0.75 * smaller + 0.25 * larger


def _least_smaller(score: float) -> float:
    """The smaller coverage a pair needs to reach `score`, however large the larger one
    (`_blend(smaller, 1.0) >= score`): CONTRAST only lowers a score."""
    return (score - 0.25) / 0.75


def _written_forms(titles: Iterable[_Words], vocabulary: Iterable[str]) -> dict[str, set[str]]:
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

    for words in titles:
        for joined, (x, y) in zip(
            (term(x + y) for x, y in itertools.pairwise(words.spelled)),
            itertools.pairwise(words.spelled),
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


def _abbreviates(t: str, a: _Words, b: _Words) -> bool:
    """`t` is an acronym in `a` whose letters start consecutive words of `b`, or a word of
    `a` that is part of such a spelled-out phrase for an acronym of `b`."""
    if t in a.acronyms and _spelled_out(t, b.spelled)[0]:
        return True
    return any(t in _spelled_out(acronym, a.spelled)[1] for acronym in b.acronyms)


@functools.lru_cache(maxsize=65536)
def _spelled_out(acronym: str, spelled: tuple[str, ...]) -> tuple[bool, frozenset[str]]:
    """Whether consecutive words (with or without their stop words) have `acronym` for
    initials, and the terms of all such words: found once per acronym and title, whichever
    of the title's terms `_abbreviates` asks about."""
    content = [w for w in spelled if w not in STOP_WORDS]
    found = False
    inside: set[str] = set()
    for words in (spelled, content):
        initials = "".join(w[0] for w in words)  # one letter a word: a window is a slice
        at = initials.find(acronym)
        while at >= 0:
            found = True
            inside.update(term(w) for w in words[at : at + len(acronym)])
            at = initials.find(acronym, at + 1)
    return found, frozenset(inside)


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


def duplicates_in_background(repo: Repository) -> Callable[[], list[Duplicate]]:
    """find_duplicates(repo) in a forked process (see forking.in_background); the function
    returned waits for them. What comes back is request numbers, not pickled requests (a
    duplicate holds two, with their texts): the parent has the same requests."""

    def found() -> list[tuple[int, int, float, tuple[str, ...]]]:
        number = {id(r): k for k, r in enumerate(repo.requests)}
        return [
            (number[id(d.request)], number[id(d.original)], d.score, d.shared)
            for d in find_duplicates(repo)
        ]

    pending = in_background(found)

    def result() -> list[Duplicate]:
        requests = repo.requests
        return [
            Duplicate(requests[i], requests[j], score, shared) for i, j, score, shared in pending()
        ]

    return result


@paused()
def _find(repo: Repository, threshold: float) -> list[Duplicate]:
    waiting = sorted((r for r in repo.requests if r.status in WAITING), key=_filed)
    finder = Finder(waiting, synonyms_of(repo))
    candidates = finder.earlier_candidates(threshold)
    score_of = functools.cache(finder.score)  # per pair of titles: reps repeat titles
    shared_of = functools.cache(finder.shared)
    found = []
    for i, text in enumerate(finder.texts):
        best: tuple[float, int] | None = None
        for j in candidates.get(i, ()):
            score = score_of(text.words, finder.texts[j].words, threshold)
            if score >= threshold and (best is None or score > best[0]):
                best = (score, j)
                if score >= 1.0:  # no score is higher (each coverage is a share): the earliest wins
                    break
        if best is not None:
            score, j = best
            original = finder.texts[j]
            shared = shared_of(text.words, original.words)
            found.append(Duplicate(text.request, original.request, round(score, 3), shared))
    return found


@paused()
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
    text = finder.text(draft)
    found = []
    for j in finder.candidates(text, threshold):
        other = finder.texts[j]
        score = finder.score(text.words, other.words, threshold)
        if score >= threshold:
            shared = finder.shared(text.words, other.words)
            found.append(Duplicate(draft, other.request, round(score, 3), shared))
    return sorted(found, key=lambda d: (-d.score, d.original.path))
