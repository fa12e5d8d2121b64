"""Matching requests to assets: BM25F over weighted fields, then what the title asks.

Ranking (the first stage, for all assets at once): BM25F. Each field of an asset (title,
summary, tags, type, body) adds its weight per mention, scaled down for a field longer than
that field's average (LENGTH), and the sum saturates (SATURATION): an asset whose title names
the subject outweighs one whose long body mentions it once. A request's terms are weighted by
IDF (from the assets; more for repeats, the title counting twice) and divided by their total,
so a score (0..1) is the share of the request's own IDF mass the asset holds: its meaning does
not shift with the number of assets or requests. Words no asset uses still count in that total:
what no asset mentions lowers every score. Shorthand no asset uses (`MD`, `appt`, `yrs`) is
first read in the assets' own words (text.Expansions). Agreement of stage, personas and
industries adds a little.

The gap decision (on the first SUGGESTIONS candidates): a candidate's confidence is its score,
lowered in proportion to the IDF mass of the request's title that the asset misses (ASKED of it
stands when it misses all of it); names in the title (`Xero`, `SSO`, capitalised where no
sentence opens) that no asset uses count as missed by every candidate. A near miss shares the
topic but not the thing asked. A small logistic model (ANSWERED) turns three shares into the
chance that the best match answers the request: the best confidence (on a log scale), the
request's share of IDF mass in words no asset uses (what the repository never mentions) and the
best title coverage. None depends on the number of assets or requests, so neither does the
chance. A request is a gap when that chance is below GAP_THRESHOLD (0.5: more likely a gap than
not). The coefficients are fitted on labeled corpora by benchmarks/fit_gap.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..collector import paused
from ..forking import in_background
from ..model import Asset, Repository, Request
from .text import Expansions, Synonyms, names, term, terms, weighted_terms

ASSET_FIELDS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "type": 1.0, "body": 1.0}
REQUEST_FIELDS = {"title": 2.0, "details": 1.0, "reason": 1.0, "tags": 1.0, "competitor": 1.0}
#: A request is a gap when the chance that its best match answers it is below this.
GAP_THRESHOLD = 0.5
SUGGESTIONS = 5
#: Requests scored together: a (BATCH x assets) matrix of float64 (16 MB for 2,000 assets).
BATCH = 1024
#: From this many requests, `link_requests(jobs=2)` links half of them in a forked process.
PARALLEL_FROM = 4_000
#: Terms in at least this share of the assets are scored as dense rows (see Index).
DENSE_FROM = 1 / 32
#: What agreement on stage, on a persona or on an industry adds to a score.
AGREEMENT = 0.02
#: The share of the score that stands when the asset holds nothing the title asks.
ASKED = 0.3
#: The gap model: the log-odds that the best match answers a request are
#: ANSWERED[0] + ANSWERED[1] x ln(best confidence) + ANSWERED[2] x the request's share of IDF
#: mass in words no asset uses + ANSWERED[3] x the best title coverage (see gap_features).
#: Every feature is a share, so a chance means the same in a repository of any size. Fitted
#: (logistic regression, L2 1.0 on standardised features) on the labeled northwind and brindle
#: corpora by benchmarks/fit_gap.py, which refits them; fitted on one corpus and scored on the
#: other they beat the old single threshold on both (benchmarks/RESULTS.md).
ANSWERED = (3.678, 1.319, -5.208, 3.126)
#: The lowest confidence the model reads (ln 0 is -inf): below it, all are alike.
CONFIDENCE_FLOOR = 0.001
#: BM25F: how fast repeated mentions saturate, and how much an asset's length dilutes them.
SATURATION = 2.0
LENGTH = 0.5


@dataclass(frozen=True)
class Match:
    asset: str
    score: float
    reason: str
    explicit: bool = False


@dataclass(frozen=True)
class Candidate:
    """An asset as an answer to one request: its score, the terms they share, and how much
    of what the request's title asks (IDF-weighted) the asset covers."""

    asset: Asset
    score: float
    shared: list[str]
    title_coverage: float
    #: How the request spells each term (`integrations` for `integration`), for reasons.
    surface: Mapping[str, str]
    #: The request's share of IDF mass in words no asset uses (the same for every candidate).
    unseen: float = 0.0

    @property
    def confidence(self) -> float:
        """The score, lowered in proportion to what the title asks and the asset misses: low
        for a near miss that shares the topic but not the thing asked."""
        return self.score * (ASKED + (1 - ASKED) * self.title_coverage)


@dataclass(frozen=True)
class Link:
    """The assets that may answer one request, best first, and whether it is a gap."""

    request: Request
    matches: tuple[Match, ...]
    gap: bool


def synonyms_of(repo: Repository) -> Synonyms:
    """Synonyms the repository itself defines: messaging terms and their old names
    (taxonomy values need none: `hr-director` is read as `hr director`)."""
    groups: list[list[str]] = [[t.use, *t.instead_of] for t in repo.messaging.terms]
    return Synonyms(groups)


def labels_of(repo: Repository) -> list[str]:
    """The taxonomy's values as words (`medical-director`: `medical director`): what a two-letter
    acronym (`MD`) may stand for."""
    t = repo.taxonomy
    return [v.replace("-", " ") for v in (*t.stages, *t.personas, *t.industries)]


def _asset_text(asset: Asset) -> dict[str, tuple[str, float]]:
    return {
        "title": (asset.title, ASSET_FIELDS["title"]),
        "summary": (asset.summary, ASSET_FIELDS["summary"]),
        "tags": (" ".join(asset.tags), ASSET_FIELDS["tags"]),
        "type": (asset.type, ASSET_FIELDS["type"]),
        "body": (asset.body, ASSET_FIELDS["body"]),
    }


def _request_text(request: Request) -> dict[str, tuple[str, float]]:
    return {
        "title": (request.title, REQUEST_FIELDS["title"]),
        "details": (request.details, REQUEST_FIELDS["details"]),
        "reason": (request.reason or "", REQUEST_FIELDS["reason"]),
        "tags": (" ".join(request.tags), REQUEST_FIELDS["tags"]),
        "competitor": (request.competitor or "", REQUEST_FIELDS["competitor"]),
    }


class Index:
    """The published assets as BM25F term weights (0..1), with an inverted index.

    The inverted index is kept as two flat arrays (asset numbers and weights, term after
    term), so that scoring a request against every asset sharing one of its terms is a
    few array operations, not a Python loop over thousands of postings.
    """

    def __init__(
        self, assets: Iterable[Asset], synonyms: Synonyms, labels: Iterable[str] = ()
    ) -> None:
        self.synonyms = synonyms
        self.assets = [a for a in assets if a.status == "published"]
        fields = [
            {f: synonyms.fold(terms(text)) for f, (text, _) in _asset_text(a).items()}
            for a in self.assets
        ]
        n = len(self.assets)
        average = {f: max(sum(len(x[f]) for x in fields) / max(n, 1), 1.0) for f in ASSET_FIELDS}
        df: dict[str, int] = {}
        for x in fields:
            for t in set().union(*x.values()):
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        # Acronyms are looked for in what assets are about (their titles, summaries and tags):
        # reading every body for one acronym would cost more than linking a thousand requests.
        self.expansions = Expansions(
            (text for a in self.assets for text in (a.title, a.summary, " ".join(a.tags))),
            labels,
            df,
        )
        self.unseen_idf = math.log((n + 1) / 0.5)
        self.vectors = []
        for x in fields:
            tf: dict[str, float] = {}
            for f, found in x.items():
                step = ASSET_FIELDS[f] / (1 - LENGTH + LENGTH * len(found) / average[f])
                for t in found:
                    tf[t] = tf.get(t, 0.0) + step
            self.vectors.append({t: v / (SATURATION + v) for t, v in tf.items()})
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, vector in enumerate(self.vectors):
            for t, weight in vector.items():
                numbers, weights = postings.setdefault(t, ([], []))
                numbers.append(i)
                weights.append(weight)
        self._spans: dict[str, tuple[int, int]] = {}
        numbers, weights, start = [], [], 0
        for t, (asset_numbers, asset_weights) in postings.items():
            self._spans[t] = (start, start + len(asset_numbers))
            numbers += asset_numbers
            weights += asset_weights
            start += len(asset_numbers)
        self._numbers = np.array(numbers, dtype=np.int32)
        self._weights = np.array(weights, dtype=np.float64)
        # Terms in many assets ("integration", "team") hold most postings: they are kept as
        # dense rows too, so that a batch of requests meets them in one matrix product rather
        # than a bincount over millions of postings.
        common = [t for t, (a, b) in self._spans.items() if b - a >= max(DENSE_FROM * n, 8)]
        self._dense_row = {t: k for k, t in enumerate(common)}
        self._dense = np.zeros((len(common), n))
        for k, t in enumerate(common):
            a, b = self._spans[t]
            self._dense[k, self._numbers[a:b]] = self._weights[a:b]
        self._having: dict[tuple[str, str], list[int]] = {}
        self._bonus: dict[tuple[object, ...], np.ndarray] = {}  # per metadata, see _agreement
        for i, asset in enumerate(self.assets):
            values = [("stage", asset.stage)] if asset.stage else []
            values += [("personas", p) for p in set(asset.personas)]
            values += [("industries", v) for v in set(asset.industries)]
            for value in values:
                self._having.setdefault(value, []).append(i)

    def _agreement(self, request: Request) -> np.ndarray:
        """Per asset, what agreement adds: AGREEMENT for the same stage, for a shared persona
        and for a shared industry."""
        key = (request.stage, tuple(request.personas), tuple(request.industries))
        found = self._bonus.get(key)
        if found is not None:
            return found
        bonus = np.zeros(len(self.assets))
        for field, values in (
            ("stage", [request.stage] if request.stage else []),
            ("personas", request.personas),
            ("industries", request.industries),
        ):
            agree = np.zeros(len(self.assets), dtype=bool)
            for value in values:
                agree[self._having.get((field, value), [])] = True
            bonus += agree * AGREEMENT
        self._bonus[key] = bonus
        return bonus

    def _terms(
        self, request: Request, surface: dict[str, str]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """The terms of the request's title, and of the whole request (the title counting
        REQUEST_FIELDS["title"] times), shorthand expanded; the title is read once."""
        title = weighted_terms({"title": (request.title, 1.0)}, self.synonyms, surface)
        weight = REQUEST_FIELDS["title"]
        counts = {t: weight * c for t, c in title.items()}
        rest = {f: text for f, text in _request_text(request).items() if f != "title"}
        for t, c in weighted_terms(rest, self.synonyms, surface).items():
            counts[t] = counts.get(t, 0.0) + c
        acronyms: set[str] | None = None
        if any(t not in self.idf for t in counts):
            text = f"{request.title} {request.details} {request.reason or ''}"
            acronyms = set(self.expansions.acronyms(text))
        return self._expand(title, {}, acronyms), self._expand(counts, surface, acronyms)

    def _expand(
        self, counts: dict[str, float], surface: dict[str, str], acronyms: set[str] | None
    ) -> dict[str, float]:
        """The request's terms with its shorthand that no asset uses (`MD`, `appt`) replaced
        by the words it stands for in the assets (see text.Expansions)."""
        unseen = [t for t in counts if t not in self.idf]
        if not unseen or acronyms is None:
            return counts
        expanded = dict(counts)
        for t in unseen:
            spelt = surface.get(t, t)
            acronym = spelt in acronyms or t in acronyms
            found = self.expansions.expand(spelt, acronym)
            if not found:
                continue
            del expanded[t]
            for x in self.synonyms.fold(
                [term(w) for w in found if term(w)] if acronym else [*found]
            ):
                expanded[x] = expanded.get(x, 0.0) + counts[t]
                surface.setdefault(x, spelt)
        return expanded

    def _query(self, counts: dict[str, float]) -> dict[str, float]:
        """Each request term's share of the request: its IDF, more for repeated terms."""
        query = {
            t: (1 + math.log(c)) * self.idf.get(t, self.unseen_idf)
            for t, c in counts.items()
            if c >= 1
        }
        total = sum(query.values()) or 1.0
        return {t: v / total for t, v in query.items()}

    def rank_all(self, requests: Sequence[Request], limits: Sequence[int]) -> list[list[Candidate]]:
        """For each request, the first `limits[k]` assets sharing a term with it, best
        first (ties by asset id), scored BATCH requests at a time with arrays."""
        ranked: list[list[Candidate]] = []
        for start in range(0, len(requests), BATCH):
            stop = start + BATCH
            ranked += self._rank_batch(requests[start:stop], limits[start:stop])
        return ranked

    def _rank_batch(
        self, requests: Sequence[Request], limits: Sequence[int]
    ) -> list[list[Candidate]]:
        n = len(self.assets)
        if not n:
            return [[] for _ in requests]
        # score = sum over the shared terms of the request's weight x the asset's weight: one
        # row of a (requests x assets) matrix per request, filled by a single bincount over
        # the postings of every request's rare terms and a matrix product for the common ones.
        counts_of, starts, ends, scale, rows = [], [], [], [], []
        dense_at: list[int] = []  # (row, common term) cells of the batch's dense query matrix
        dense_weights: list[float] = []
        common = len(self._dense_row)
        for row, request in enumerate(requests):
            surface: dict[str, str] = {}
            title, counts = self._terms(request, surface)
            unseen = 0.0
            for t, weight in self._query(counts).items():
                span = self._spans.get(t)
                if span is None:
                    unseen += weight
                    continue
                k = self._dense_row.get(t)
                if k is not None:
                    dense_at.append(row * common + k)
                    dense_weights.append(weight)
                else:
                    starts.append(span[0])
                    ends.append(span[1])
                    scale.append(weight)
                    rows.append(row)
            counts_of.append((title, counts, surface, unseen))
        lengths = np.array(ends, dtype=np.int64) - np.array(starts, dtype=np.int64)
        # Positions of every posting of every (request, rare term): each span's start, on.
        first = np.cumsum(lengths) - lengths
        positions = np.arange(int(lengths.sum())) + np.repeat(
            np.array(starts, dtype=np.int64) - first, lengths
        )
        weights = self._weights[positions] * np.repeat(scale, lengths)
        cells = np.repeat(np.array(rows, dtype=np.int64) * n, lengths) + self._numbers[positions]
        counted = np.bincount(cells, weights=weights, minlength=len(requests) * n)
        linear: np.ndarray = counted.astype(np.float64, copy=False).reshape(-1, n)
        if common:
            dense = np.zeros(len(requests) * common)
            dense[dense_at] = dense_weights
            linear += dense.reshape(-1, common) @ self._dense
        scores = np.minimum(linear + np.array([self._agreement(r) for r in requests]), 1.0)
        scores[linear == 0] = -1.0  # shares no term: not a candidate
        # Each row's best `limit` (and any tie with the last of them), sorted in Python.
        most = min(max(limits), n)
        kth = np.partition(scores, n - most, axis=1)[:, n - most]
        in_row, in_column = np.nonzero((scores >= kth[:, None]) & (scores >= 0))
        values = scores[in_row, in_column].tolist()
        row_ends = np.cumsum(np.bincount(in_row, minlength=len(requests))).tolist()
        numbers = in_column.tolist()
        ranked, start = [], 0
        for request, (title, counts, surface, unseen), limit, end in zip(
            requests, counts_of, limits, row_ends, strict=True
        ):
            best = sorted(
                (-values[k], self.assets[numbers[k]].id, numbers[k]) for k in range(start, end)
            )[:limit]
            best_first = [(-s, i) for s, _, i in best]
            ranked.append(self._candidates(request, title, counts, surface, unseen, best_first))
            start = end
        return ranked

    def _candidates(
        self,
        request: Request,
        title: dict[str, float],
        counts: dict[str, float],
        surface: dict[str, str],
        unseen_share: float,
        best: list[tuple[float, int]],
    ) -> list[Candidate]:
        """Candidates from (score, asset number) pairs: what they share with the request
        (`unseen_share`: the request's share of IDF mass in words no asset uses)."""
        # What the title asks: its terms the assets use, and the things it names that no asset
        # does (`Xero` when the assets know only QuickBooks), which no candidate covers.
        unseen = any(t not in self.idf for t in title)
        named = {t for w in names(request.title) if (t := term(w))} if unseen else set()
        asked = {t: self.idf.get(t, self.unseen_idf) for t in title if t in self.idf or t in named}
        asked_total = sum(asked.values())
        by_rarity = sorted(counts, key=lambda t: -self.idf.get(t, self.unseen_idf))
        ranked = []
        for score, i in best:
            vector = self.vectors[i]
            asked_covered = sum(idf for t, idf in asked.items() if t in vector)
            ranked.append(
                Candidate(
                    self.assets[i],
                    score,
                    [t for t in by_rarity if t in vector],
                    asked_covered / asked_total if asked_total else 1.0,
                    surface,
                    unseen_share,
                )
            )
        return ranked


def _reason(shared: list[str], surface: Mapping[str, str], request: Request, asset: Asset) -> str:
    """What a person can check: the request's own words the asset shares, and metadata."""
    shown: dict[str, None] = {}
    for t in shared:
        shown[surface.get(t, t)] = None
        if len(shown) == 5:
            break
    parts = [f"shares: {', '.join(shown)}"] if shown else ["shares no words"]
    same = [name for name, a, b in (("stage", request.stage, asset.stage),) if a and a == b]
    if set(request.personas) & set(asset.personas):
        same.append("persona")
    if set(request.industries) & set(asset.industries):
        same.append("industry")
    if same:
        parts.append("same " + " and ".join(same))
    return "; ".join(parts)


def published_links(repo: Repository, request: Request) -> list[str]:
    """The published assets linked to a request, by its `assets:` or their `answers:`."""
    return [
        a
        for a in repo.linked_assets(request)
        if (asset := repo.asset(a)) is not None and asset.status == "published"
    ]


def index_of(repo: Repository) -> Index:
    """The Index of a repository's assets, with its synonyms and taxonomy labels."""
    with paused():
        return Index(repo.assets, synonyms_of(repo), labels_of(repo))


@paused()
def link_requests(
    repo: Repository,
    *,
    threshold: float = GAP_THRESHOLD,
    requests: Iterable[Request] | None = None,
    jobs: int = 1,
    index: Index | None = None,
) -> list[Link]:
    """A Link for every request (or each of `requests`) except feedback: explicit links
    first, then suggestions. With `jobs` > 1 and many requests, a forked process links the
    second half. `index`: the repository's, if made already (see index_of)."""
    index = index if index is not None else index_of(repo)
    chosen = [r for r in (repo.requests if requests is None else requests) if r.kind != "feedback"]

    def links(part: Sequence[Request]) -> list[Link]:
        explicit = [published_links(repo, r) for r in part]
        ranked = index.rank_all(part, [SUGGESTIONS + len(e) for e in explicit])
        return [
            _link(request, linked, candidates, threshold)
            for request, linked, candidates in zip(part, explicit, ranked, strict=True)
        ]

    if jobs < 2 or len(chosen) < PARALLEL_FROM:
        return links(chosen)
    half = len(chosen) // 2
    second = in_background(lambda: [(link.matches, link.gap) for link in links(chosen[half:])])
    first = links(chosen[:half])
    return first + [Link(r, m, gap) for r, (m, gap) in zip(chosen[half:], second(), strict=True)]


def gap_features(candidates: Sequence[Candidate]) -> tuple[float, float, float]:
    """What the gap model reads from a request's first candidates: ln of the best confidence,
    the request's share of IDF mass in words no asset uses, and the best title coverage."""
    confidence = max((c.confidence for c in candidates), default=0.0)
    return (
        math.log(max(confidence, CONFIDENCE_FLOOR)),
        candidates[0].unseen if candidates else 1.0,
        max((c.title_coverage for c in candidates), default=0.0),
    )


def answered(candidates: Sequence[Candidate]) -> float:
    """The chance (0..1) that the best of a request's first candidates answers it."""
    if not candidates:
        return 0.0
    bias, *weights = ANSWERED
    odds = bias + sum(w * x for w, x in zip(weights, gap_features(candidates), strict=True))
    return 1 / (1 + math.exp(-odds))


def _link(request: Request, explicit: list[str], ranked: list[Candidate], threshold: float) -> Link:
    matches = [Match(a, 1.0, "linked in the request or the asset", explicit=True) for a in explicit]
    candidates = [c for c in ranked if c.asset.id not in explicit]
    matches += [
        Match(c.asset.id, round(c.score, 3), _reason(c.shared, c.surface, request, c.asset))
        for c in candidates[:SUGGESTIONS]
    ]
    gap = not explicit and answered(candidates[:SUGGESTIONS]) < threshold
    return Link(request, tuple(matches), gap)
