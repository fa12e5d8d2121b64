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

from ..model import Asset, Repository, Request
from .text import Synonyms, stem, weighted_terms, words

ASSET_FIELDS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "body": 1.0}
REQUEST_FIELDS = {"title": 2.0, "details": 1.0, "tags": 1.0, "competitor": 1.0}
GAP_THRESHOLD = 0.16
SUGGESTIONS = 5


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
    """The published assets as TF-IDF vectors, with an inverted index for candidates."""

    def __init__(self, assets: Iterable[Asset], synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        self.assets = [a for a in assets if a.status == "published"]
        counts = [weighted_terms(_asset_text(a), synonyms) for a in self.assets]
        n = len(self.assets)
        df: dict[str, int] = {}
        for c in counts:
            for term in c:
                df[term] = df.get(term, 0) + 1
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.unseen_idf = math.log((n + 1) / 0.5)
        self.vectors = [self._vector(c) for c in counts]
        self.postings: dict[str, list[int]] = {}
        for i, vector in enumerate(self.vectors):
            for term in vector:
                self.postings.setdefault(term, []).append(i)

    def _vector(self, counts: dict[str, float]) -> dict[str, float]:
        vector = {
            t: (1 + math.log(c)) * self.idf.get(t, self.unseen_idf)
            for t, c in counts.items()
            if c > 0
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def rank(self, request: Request) -> list[Candidate]:
        counts = weighted_terms(_request_text(request), self.synonyms)
        query = self._vector(counts)
        idf_total = sum(self.idf.get(t, self.unseen_idf) for t in counts) or 1.0
        # What the title asks, in words the assets use.
        title = weighted_terms({"t": (request.title, 1.0)}, self.synonyms)
        asked = [t for t in title if t in self.idf]
        asked_total = sum(self.idf[t] for t in asked)
        scores: dict[int, float] = {}
        for term, weight in query.items():
            for i in self.postings.get(term, ()):
                scores[i] = scores.get(i, 0.0) + weight * self.vectors[i][term]
        ranked = []
        for i, cosine in scores.items():
            asset = self.assets[i]
            shared = [t for t in counts if t in self.vectors[i]]
            coverage = sum(self.idf[t] for t in shared) / idf_total
            score = 0.5 * cosine + 0.5 * coverage + _agreement(request, asset)
            asked_covered = sum(self.idf[t] for t in asked if t in self.vectors[i])
            ranked.append(
                Candidate(
                    asset,
                    min(score, 1.0),
                    sorted(shared, key=lambda t: -self.idf[t]),
                    asked_covered / asked_total if asked_total else 1.0,
                )
            )
        ranked.sort(key=lambda c: (-c.score, c.asset.id))
        return ranked


def _agreement(request: Request, asset: Asset) -> float:
    bonus = 0.0
    if request.stage and request.stage == asset.stage:
        bonus += 0.02
    if set(request.personas) & set(asset.personas):
        bonus += 0.02
    if set(request.industries) & set(asset.industries):
        bonus += 0.02
    return bonus


def _reason(shared: list[str], request: Request, asset: Asset) -> str:
    """What a person can check: the request's own words the asset shares, and metadata."""
    surface: dict[str, str] = {}
    for text, _ in _request_text(request).values():
        for word in words(text):
            surface.setdefault(stem(word), word)
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


def link_requests(repo: Repository, *, threshold: float = GAP_THRESHOLD) -> list[Link]:
    """A Link for every request except feedback: explicit links first, then suggestions."""
    index = Index(repo.assets, synonyms_of(repo))
    links = []
    for request in repo.requests:
        if request.kind == "feedback":
            continue
        explicit = [
            a
            for a in repo.linked_assets(request)
            if (asset := repo.asset(a)) is not None and asset.status == "published"
        ]
        matches = [
            Match(a, 1.0, "linked in the request or the asset", explicit=True) for a in explicit
        ]
        candidates = [c for c in index.rank(request) if c.asset.id not in explicit]
        matches += [
            Match(c.asset.id, round(c.score, 3), _reason(c.shared, request, c.asset))
            for c in candidates[:SUGGESTIONS]
        ]
        gap = not explicit and (not candidates or candidates[0].confidence < threshold)
        links.append(Link(request, tuple(matches), gap))
    return links
