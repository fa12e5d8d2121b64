"""Matching requests to assets: TF-IDF over weighted fields, term coverage, metadata.

Each candidate's score (0..1) blends two views of the same evidence:

- similarity: cosine of field-weighted TF-IDF vectors (title, summary and tags count
  more than the body), so an asset *about* the request's subject ranks first;
- coverage: the share of the request's rarer terms (by IDF) that the asset contains,
  so an asset that misses the one specific thing asked (a product, a standard, a
  competitor) scores low even when it shares the general topic: the near miss.

Agreement of stage, personas and industries adds a little. A request is a gap when its
best score, halved in proportion to the words of its title the asset misses, is below the
gap threshold: the title says what is asked. Scores use IDF from the asset collection, so their
meaning does not shift with the number of requests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..model import Asset, Repository, Request
from .text import Synonyms, term, weighted_terms, words

ASSET_FIELDS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "body": 1.0}
REQUEST_FIELDS = {"title": 2.0, "details": 1.0, "tags": 1.0, "competitor": 1.0}
GAP_THRESHOLD = 0.16
SUGGESTIONS = 5
#: What agreement on stage, on a persona or on an industry adds to a score.
AGREEMENT = 0.02


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

    @property
    def confidence(self) -> float:
        """The score, halved in proportion to what the title asks and the asset misses: low
        for a near miss that shares the topic but not the thing asked."""
        return self.score * (1 + self.title_coverage) / 2


@dataclass(frozen=True)
class Link:
    """The assets that may answer one request, best first, and whether it is a gap."""

    request: Request
    matches: tuple[Match, ...]
    gap: bool


def synonyms_of(repo: Repository) -> Synonyms:
    """Synonyms the repository itself defines: messaging terms and their old names, and
    taxonomy values next to their labels (`hr-director` ~ `hr director`)."""
    groups: list[list[str]] = [[t.use, *t.instead_of] for t in repo.messaging.terms]
    return Synonyms(groups)


def _asset_text(asset: Asset) -> dict[str, tuple[str, float]]:
    return {
        "title": (asset.title, ASSET_FIELDS["title"]),
        "summary": (asset.summary, ASSET_FIELDS["summary"]),
        "tags": (" ".join(asset.tags), ASSET_FIELDS["tags"]),
        "body": (asset.body, ASSET_FIELDS["body"]),
    }


def _request_text(request: Request) -> dict[str, tuple[str, float]]:
    return {
        "title": (request.title, REQUEST_FIELDS["title"]),
        "details": (request.details, REQUEST_FIELDS["details"]),
        "tags": (" ".join(request.tags), REQUEST_FIELDS["tags"]),
        "competitor": (request.competitor or "", REQUEST_FIELDS["competitor"]),
    }


class Index:
    """The published assets as TF-IDF vectors, with an inverted index for candidates.

    The inverted index is kept as two flat arrays (asset numbers and weights, term after
    term), so that scoring a request against every asset sharing one of its terms is a
    few array operations, not a Python loop over thousands of postings.
    """

    def __init__(self, assets: Iterable[Asset], synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        self.assets = [a for a in assets if a.status == "published"]
        counts = [weighted_terms(_asset_text(a), synonyms) for a in self.assets]
        n = len(self.assets)
        df: dict[str, int] = {}
        for c in counts:
            for t in c:
                df[t] = df.get(t, 0) + 1
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.unseen_idf = math.log((n + 1) / 0.5)
        self.vectors = [self._vector(c) for c in counts]
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
        self._having: dict[tuple[str, str], list[int]] = {}
        for i, asset in enumerate(self.assets):
            values = [("stage", asset.stage)] if asset.stage else []
            values += [("personas", p) for p in set(asset.personas)]
            values += [("industries", v) for v in set(asset.industries)]
            for value in values:
                self._having.setdefault(value, []).append(i)

    def _agreement(self, request: Request) -> np.ndarray:
        """Per asset, what agreement adds: AGREEMENT for the same stage, for a shared persona
        and for a shared industry."""
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
        return bonus

    def _vector(self, counts: dict[str, float]) -> dict[str, float]:
        vector = {
            t: (1 + math.log(c)) * self.idf.get(t, self.unseen_idf)
            for t, c in counts.items()
            if c > 0
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def rank(self, request: Request, limit: int | None = None) -> list[Candidate]:
        """The assets sharing a term with the request, best first (the first `limit`)."""
        counts = weighted_terms(_request_text(request), self.synonyms)
        query = self._vector(counts)
        idf_total = sum(self.idf.get(t, self.unseen_idf) for t in counts) or 1.0
        # score = 0.5 cosine + 0.5 coverage, both sums over the shared terms: one bincount.
        spans = [(self._spans[t], w, self.idf[t]) for t, w in query.items() if t in self._spans]
        if not spans:
            return []
        numbers = np.concatenate([self._numbers[a:b] for (a, b), _, _ in spans])
        lengths = [b - a for (a, b), _, _ in spans]
        scale = np.repeat([0.5 * w for _, w, _ in spans], lengths)
        shift = np.repeat([0.5 * idf / idf_total for _, _, idf in spans], lengths)
        weights = np.concatenate([self._weights[a:b] for (a, b), _, _ in spans]) * scale + shift
        linear = np.bincount(numbers, weights=weights, minlength=len(self.assets))
        chosen = np.flatnonzero(linear)
        scores = np.minimum(linear + self._agreement(request), 1.0)
        if limit is not None and limit < len(chosen):
            kth = np.partition(scores[chosen], len(chosen) - limit)[len(chosen) - limit]
            chosen = chosen[scores[chosen] >= kth]
        scored = sorted((-float(scores[i]), self.assets[i].id, int(i)) for i in chosen)[:limit]
        # What the title asks, in words the assets use.
        title = weighted_terms({"t": (request.title, 1.0)}, self.synonyms)
        asked = [t for t in title if t in self.idf]
        asked_total = sum(self.idf[t] for t in asked)
        ranked = []
        for negative, _, i in scored:
            vector = self.vectors[i]
            shared = [t for t in counts if t in vector]
            asked_covered = sum(self.idf[t] for t in asked if t in vector)
            ranked.append(
                Candidate(
                    self.assets[i],
                    -negative,
                    sorted(shared, key=lambda t: -self.idf[t]),
                    asked_covered / asked_total if asked_total else 1.0,
                )
            )
        return ranked


def _surface(request: Request) -> dict[str, str]:
    """Each term of the request, as the request first spells it."""
    surface: dict[str, str] = {}
    for text, _ in _request_text(request).values():
        for word in words(text):
            if found := term(word):
                surface.setdefault(found, word)
    return surface


def _reason(shared: list[str], surface: dict[str, str], request: Request, asset: Asset) -> str:
    """What a person can check: the request's own words the asset shares, and metadata."""
    shown = list(dict.fromkeys(surface.get(term, term) for term in shared))
    parts = [f"shares: {', '.join(shown[:5])}"] if shown else ["shares no words"]
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


def link_requests(
    repo: Repository,
    *,
    threshold: float = GAP_THRESHOLD,
    requests: Iterable[Request] | None = None,
) -> list[Link]:
    """A Link for every request (or each of `requests`) except feedback: explicit links
    first, then suggestions."""
    index = Index(repo.assets, synonyms_of(repo))
    chosen = repo.requests if requests is None else requests
    return [link_request(index, repo, r, threshold) for r in chosen if r.kind != "feedback"]


def link_request(index: Index, repo: Repository, request: Request, threshold: float) -> Link:
    explicit = published_links(repo, request)
    matches = [Match(a, 1.0, "linked in the request or the asset", explicit=True) for a in explicit]
    ranked = index.rank(request, limit=SUGGESTIONS + len(explicit))
    candidates = [c for c in ranked if c.asset.id not in explicit]
    surface = _surface(request) if candidates else {}
    matches += [
        Match(c.asset.id, round(c.score, 3), _reason(c.shared, surface, request, c.asset))
        for c in candidates[:SUGGESTIONS]
    ]
    gap = not explicit and (not candidates or candidates[0].confidence < threshold)
    return Link(request, tuple(matches), gap)
