"""Matching requests to assets: BM25F over weighted fields, then what the title asks.

Ranking (the first stage, for all assets at once): BM25F. Each field of an asset (title,
summary, tags, type, body) adds its weight per mention, scaled down for a field longer than
that field's average (LENGTH), and the sum saturates (SATURATION): an asset whose title names
the subject outweighs one whose long body mentions it once. A request's terms are weighted by
IDF (from the assets; more for repeats, the title counting twice) and divided by their total,
so a score (0..1) is the share of the request's own IDF mass the asset holds: its meaning does
not shift with the number of assets or requests. Words no asset uses still count in that total:
what no asset mentions lowers every score. The words of the request's kind (`lost` in a lost
deal) are not its subject and are left out. Shorthand no asset uses (`MD`, `appt`, `yrs`,
`DPA`) is first read in the assets' own words (text.Expansions). Agreement of stage, personas
and industries adds a little. A template (an asset with `{{placeholders}}`, an email to send)
keeps UNASKED_TEMPLATE of its score for a request that does not name its type.

The gap decision (on the first SUGGESTIONS candidates): a candidate's confidence is its score,
lowered in proportion to the IDF mass of the request's title that the asset misses (ASKED of it
stands when it misses all of it); names in the title (`Xero`, `SSO`, capitalised where no
sentence opens) that no asset uses count as missed by every candidate. A near miss shares the
topic but not the thing asked. A small logistic model (ANSWERED) turns three features into
the chance that the best match answers the request: the best confidence (on a log scale)
beside the repository's typical one (typical_confidence: the median over its requests, kept
near what labeled corpora show), the request's share of IDF mass in words no asset uses (what
the repository never mentions) and the best title coverage. How closely reps' words follow
the assets' differs from one repository to another (their writing, the assets' length): a
confidence is read against the repository's own. None of the three depends on the number of
assets or requests, so neither does the chance. A request is
a gap when that chance is below GAP_THRESHOLD (0.56, chosen for accuracy on corpora the model
was not fitted on; the model's chance is fitted for likelihood), or when a draft or retired
asset (scored like the others, never suggested) answers it UNPUBLISHED times as confidently
as the best published one. The coefficients are fitted on labeled corpora by
benchmarks/fit_gap.py. A gap lists the request's words no published asset uses
(Index.missing_words): why it is one, and what the content to make is about.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..collector import paused
from ..forking import in_background
from ..model import Asset, Repository, Request
from .text import Expansions, Synonyms, names, term, terms, weighted_terms

ASSET_FIELDS = {"title": 3.0, "summary": 2.0, "tags": 2.0, "type": 1.0, "body": 1.0}
REQUEST_FIELDS = {"title": 2.0, "details": 1.0, "reason": 1.0, "tags": 1.0, "competitor": 1.0}
#: A request is a gap when the chance that its best match answers it is below this: the
#: threshold with the best mean accuracy over the labeled corpora, each scored by the model
#: fitted on the others (benchmarks/fit_gap.py; 0.5 gives 0.728, 0.56 gives 0.741, and 0.56 or
#: 0.57 when chosen without the corpus scored). A logistic model's chance is fitted for
#: likelihood, not for accuracy: on every corpus, more gaps than 0.5 calls were right.
GAP_THRESHOLD = 0.56
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
#: ANSWERED[0] + ANSWERED[1] x ln(best confidence / the repository's typical confidence) +
#: ANSWERED[2] x the request's share of IDF mass in words no asset uses + ANSWERED[3] x the
#: best title coverage (see gap_features). Every feature is a share or a ratio, so a chance
#: means the same in a repository of any size. Fitted (logistic regression, L2 1.0 on
#: standardised features) on eight labeled corpora of eight industries by benchmarks/fit_gap.py,
#: which refits them and prints the figures of a model fitted on seven and scored on the
#: eighth (benchmarks/RESULTS.md, session 5).
ANSWERED = (1.772, 1.526, -2.149, 0.742)
#: The lowest confidence the model reads (ln 0 is -inf): below it, all are alike.
CONFIDENCE_FLOOR = 0.001
#: ln of the typical best confidence of a repository with no requests of its own: the mean of
#: the labeled corpora's medians (benchmarks/fit_gap.py prints it). A repository's own
#: median counts as much as this prior at TYPICAL_WEIGHT requests, and more with more, but
#: moves the reading at most TYPICAL_RANGE from the prior (the corpora's medians lie within
#: 0.2 of it): a repository whose requests are mostly gaps must not make weak matches typical.
TYPICAL_PRIOR = -2.10
TYPICAL_WEIGHT = 20
TYPICAL_RANGE = 0.5
#: At most this many requests (evenly spread in path order) are ranked for the median.
TYPICAL_SAMPLE = 500
#: A gap lists at most this many of the request's words that no asset uses.
MISSING_SHOWN = 5
#: What stands of the score of a template (an asset with `{{placeholders}}`, such as an email
#: to send) for a request that does not name its type: a template answers a request for one.
UNASKED_TEMPLATE = 0.5
#: A request is also a gap when a draft or retired asset answers it this many times as
#: confidently as the best published one: what answers it is not out yet, or no longer.
UNPUBLISHED = 2.0
#: BM25F: how fast repeated mentions saturate, and how much an asset's length dilutes them.
SATURATION = 4.0
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
    #: The draft or retired asset that answers the request best, and its confidence (the same
    #: for every candidate; "" and 0 when none shares a term with it).
    unpublished: str = ""
    unpublished_confidence: float = 0.0
    #: A template whose type the request does not name (its score is lowered, UNASKED_TEMPLATE).
    unasked_template: bool = False

    @property
    def confidence(self) -> float:
        """The score, lowered in proportion to what the title asks and the asset misses: low
        for a near miss that shares the topic but not the thing asked."""
        return self.score * _lowered(self.title_coverage)


def _lowered(title_coverage: float) -> float:
    """The share of a score that stands for an asset covering this share of what the title asks."""
    return ASKED + (1 - ASKED) * title_coverage


@dataclass(frozen=True)
class Link:
    """The assets that may answer one request, best first, and whether it is a gap."""

    request: Request
    matches: tuple[Match, ...]
    gap: bool
    #: For a gap, the draft or retired asset that would answer it (see UNPUBLISHED), if any.
    unpublished: str = ""
    #: For a gap, the request's words that no published asset uses (Index.missing_words):
    #: what a person reads first to see why, and what the missing content is about.
    missing: tuple[str, ...] = ()


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


def _vector(fields: Mapping[str, list[str]], average: Mapping[str, float]) -> dict[str, float]:
    """An asset's BM25F term weights (0..1) from its fields' terms."""
    tf: dict[str, float] = {}
    for f, found in fields.items():
        step = ASSET_FIELDS[f] / (1 - LENGTH + LENGTH * len(found) / average[f])
        for t in found:
            tf[t] = tf.get(t, 0.0) + step
    return {t: v / (SATURATION + v) for t, v in tf.items()}


def _postings(
    vectors: Sequence[Mapping[str, float]],
) -> tuple[dict[str, tuple[int, int]], np.ndarray, np.ndarray]:
    """The inverted index of term weights as flat arrays: each term's span in them, the asset
    numbers and the weights."""
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for i, vector in enumerate(vectors):
        for t, weight in vector.items():
            numbers, weights = postings.setdefault(t, ([], []))
            numbers.append(i)
            weights.append(weight)
    spans: dict[str, tuple[int, int]] = {}
    numbers, weights, start = [], [], 0
    for t, (asset_numbers, asset_weights) in postings.items():
        spans[t] = (start, start + len(asset_numbers))
        numbers += asset_numbers
        weights += asset_weights
        start += len(asset_numbers)
    return spans, np.array(numbers, dtype=np.int32), np.array(weights, dtype=np.float64)


def _gather(
    spans: list[float],
    numbers: np.ndarray,
    weights: np.ndarray,
    shape: tuple[int, int],
) -> np.ndarray:
    """A (requests x assets) matrix of sum(query weight x asset weight) over the postings of
    spans given flat, (request row, query weight, start, end) after another: one bincount over
    all their postings."""
    table = np.array(spans, dtype=np.float64).reshape(-1, 4)
    rows, scale = table[:, 0].astype(np.int64), table[:, 1]
    starts = table[:, 2].astype(np.int64)
    lengths = table[:, 3].astype(np.int64) - starts
    # Positions of every posting of every (request, term): each span's start, on.
    first = np.cumsum(lengths) - lengths
    positions = np.arange(int(lengths.sum())) + np.repeat(starts - first, lengths)
    found = weights[positions] * np.repeat(scale, lengths)
    cells = np.repeat(rows * shape[1], lengths) + numbers[positions]
    counted = np.bincount(cells, weights=found, minlength=shape[0] * shape[1])
    return counted.astype(np.float64, copy=False).reshape(shape)


@functools.cache
def _kind_terms(kind: str) -> tuple[str, ...]:
    """The terms of a request kind's name (`lost-deal`: `lost`)."""
    return tuple(terms(kind.replace("-", " ")))


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
        every = list(assets)
        self.assets = [a for a in every if a.status == "published"]
        # Drafts and retired assets are never suggested; they are scored only to tell a request
        # that they alone answer (UNPUBLISHED), with the published assets' IDF and lengths.
        self.unpublished = [a for a in every if a.status != "published"]
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
            (a.body for a in self.assets),
        )
        self.unseen_idf = math.log((n + 1) / 0.5)
        self.vectors = [_vector(x, average) for x in fields]
        self._spans, self._numbers, self._weights = _postings(self.vectors)
        self.unpublished_vectors = [
            _vector(
                {f: synonyms.fold(terms(text)) for f, (text, _) in _asset_text(a).items()}, average
            )
            for a in self.unpublished
        ]
        self._u_spans, self._u_numbers, self._u_weights = _postings(self.unpublished_vectors)
        # Terms in many assets ("integration", "team") hold most postings: they are kept as
        # dense rows too, so that a batch of requests meets them in one matrix product rather
        # than a bincount over millions of postings.
        common = [t for t, (a, b) in self._spans.items() if b - a >= max(DENSE_FROM * n, 8)]
        self._dense_row = {t: k for k, t in enumerate(common)}
        self._dense = np.zeros((len(common), n))
        for k, t in enumerate(common):
            a, b = self._spans[t]
            self._dense[k, self._numbers[a:b]] = self._weights[a:b]
        # The unpublished assets' weights of those terms, for the same matrix product.
        self._u_dense = np.zeros((len(common), len(self.unpublished)))
        for k, t in enumerate(common):
            for j, vector in enumerate(self.unpublished_vectors):
                self._u_dense[k, j] = vector.get(t, 0.0)
        # Where each term's weights are, in one look-up: (start, end) of its published postings
        # (or -1, -1), its dense row (or -1), and for a term not in a dense row, (start, end) of
        # its unpublished postings (or None).
        self._where: dict[str, tuple[int, int, int, tuple[int, int] | None]] = {
            t: (
                *self._spans.get(t, (-1, -1)),
                self._dense_row.get(t, -1),
                None if t in self._dense_row else self._u_spans.get(t),
            )
            for t in self._spans.keys() | self._u_spans.keys()
        }
        # Templates by type: (the type's terms, their asset numbers).
        templates: dict[str, list[int]] = {}
        for i, asset in enumerate(self.assets):
            if "{{" in asset.body:
                templates.setdefault(asset.type, []).append(i)
        self._templates = [
            (frozenset(terms(kind.replace("-", " "))), np.array(numbers))
            for kind, numbers in templates.items()
        ]
        self._template_of = {i: kind for kind, numbers in self._templates for i in numbers.tolist()}
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
        # A request's own kind says nothing of its subject: `lost` in "lost - MD afraid the data
        # move ..." would match whatever asset happens to say "lost", or count as a word no asset
        # uses.
        for t in _kind_terms(request.kind):
            title.pop(t, None)
            counts.pop(t, None)
        acronyms: set[str] | None = None
        if any(t not in self.idf for t in counts):
            text = f"{request.title} {request.details} {request.reason or ''}"
            acronyms = set(self.expansions.acronyms(text))
        return self._expand(title, {}, acronyms), self._expand(counts, surface, acronyms)

    def missing_words(self, request: Request) -> tuple[str, ...]:
        """The request's words that no published asset uses, in lower case, the most weighty
        first (the title's count double; numbers and shorthand the assets spell out are left
        out): at most MISSING_SHOWN."""
        surface: dict[str, str] = {}
        _, counts = self._terms(request, surface)
        unseen = sorted((t for t in counts if t not in self.idf), key=lambda t: -counts[t])
        spelt = (surface.get(t, t) for t in unseen)
        words = dict.fromkeys(w for w in spelt if any(c.isalpha() for c in w))
        return tuple(words)[:MISSING_SHOWN]

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
            # A plural acronym (`SCCs`) is looked up as the acronym (`scc`).
            found = self.expansions.expand(
                t if acronym and spelt not in acronyms else spelt, acronym
            )
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
        counts_of = []
        sparse: list[float] = []  # row, weight, start, end of each (request, rare term)
        dense_at: list[int] = []  # (row, common term) cells of the batch's dense query matrix
        dense_weights: list[float] = []
        common = len(self._dense_row)
        unpublished_at: list[float] = []  # the same for drafts and retired assets
        where = self._where
        for row, request in enumerate(requests):
            surface: dict[str, str] = {}
            title, counts = self._terms(request, surface)
            unseen = 0.0
            for t, weight in self._query(counts).items():
                found = where.get(t)
                if found is None:
                    unseen += weight
                    continue
                start, end, k, in_unpublished = found
                if in_unpublished is not None:
                    unpublished_at.extend((row, weight, *in_unpublished))
                if k >= 0:
                    dense_at.append(row * common + k)
                    dense_weights.append(weight)
                elif start >= 0:
                    sparse.extend((row, weight, start, end))
                else:
                    unseen += weight  # only drafts and retired assets use it
            counts_of.append((title, counts, surface, unseen))
        linear = _gather(sparse, self._numbers, self._weights, (len(requests), n))
        dense = np.zeros((len(requests), common))
        if common:
            dense.reshape(-1)[dense_at] = dense_weights
            linear += dense @ self._dense
        scores = np.minimum(linear + np.array([self._agreement(r) for r in requests]), 1.0)
        for kind, columns in self._templates:
            rows = [row for row, c in enumerate(counts_of) if kind.isdisjoint(c[1])]
            unasked = np.array(rows, dtype=np.intp)
            scores[np.ix_(unasked, columns)] *= UNASKED_TEMPLATE
        scores[linear == 0] = -1.0  # shares no term: not a candidate
        # Each row's best `limit` (and any tie with the last of them), sorted in Python.
        most = min(max(limits), n)
        kth = np.partition(scores, n - most, axis=1)[:, n - most]
        in_row, in_column = np.nonzero((scores >= kth[:, None]) & (scores >= 0))
        values = scores[in_row, in_column].tolist()
        row_ends = np.cumsum(np.bincount(in_row, minlength=len(requests))).tolist()
        numbers = in_column.tolist()
        # The best draft or retired asset of each request (ties: the first), when any shares a
        # term with it.
        unpublished: list[tuple[float, int]] = [(0.0, -1)] * len(requests)
        if self.unpublished:
            u = len(self.unpublished)
            u_scores = _gather(unpublished_at, self._u_numbers, self._u_weights, (len(requests), u))
            u_scores += dense @ self._u_dense
            u_best = u_scores.argmax(axis=1)
            u_top = np.minimum(u_scores[np.arange(len(requests)), u_best], 1.0)
            unpublished = list(zip(u_top.tolist(), u_best.tolist(), strict=True))
        ranked, start = [], 0
        for request, (title, counts, surface, unseen), limit, end, draft in zip(
            requests, counts_of, limits, row_ends, unpublished, strict=True
        ):
            best = sorted(
                (-values[k], self.assets[numbers[k]].id, numbers[k]) for k in range(start, end)
            )[:limit]
            best_first = [(-s, i) for s, _, i in best]
            ranked.append(
                self._candidates(request, title, counts, surface, unseen, best_first, draft)
            )
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
        draft: tuple[float, int] = (0.0, -1),
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
        draft_id, draft_confidence = "", 0.0
        if draft[0] > 0:
            vector = self.unpublished_vectors[draft[1]]
            covered = sum(idf for t, idf in asked.items() if t in vector)
            draft_id = self.unpublished[draft[1]].id
            draft_confidence = draft[0] * _lowered(covered / asked_total if asked_total else 1.0)
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
                    draft_id,
                    draft_confidence,
                    i in self._template_of and self._template_of[i].isdisjoint(counts),
                )
            )
        return ranked


def _reason(candidate: Candidate, request: Request) -> str:
    """What a person can check: the request's own words the asset shares, and metadata."""
    shared, surface, asset = candidate.shared, candidate.surface, candidate.asset
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
    if candidate.unasked_template:
        parts.append(f"a template, and no {asset.type} is asked for")
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
    typical: float | None = None,
) -> list[Link]:
    """A Link for every request (or each of `requests`) except feedback: explicit links
    first, then suggestions. With `jobs` > 1 and many requests, a forked process links the
    second half. `index`: the repository's, if made already (see index_of); `typical`: its
    typical_confidence, if known already (it is read from all the repository's requests, not
    only from `requests`)."""
    index = index if index is not None else index_of(repo)
    if typical is None:
        typical = typical_confidence(index, repo.requests)
    chosen = [r for r in (repo.requests if requests is None else requests) if r.kind != "feedback"]

    def links(part: Sequence[Request]) -> list[Link]:
        explicit = [published_links(repo, r) for r in part]
        ranked = index.rank_all(part, [SUGGESTIONS + len(e) for e in explicit])
        found = [
            _link(request, linked, candidates, threshold, typical)
            for request, linked, candidates in zip(part, explicit, ranked, strict=True)
        ]
        # A gap only a draft or retired asset answers is explained by it (the draft may well
        # mention the words no published asset does).
        return [
            replace(link, missing=index.missing_words(link.request))
            if link.gap and not link.unpublished
            else link
            for link in found
        ]

    if jobs < 2 or len(chosen) < PARALLEL_FROM:
        return links(chosen)
    half = len(chosen) // 2
    second = in_background(
        lambda: [
            (link.matches, link.gap, link.unpublished, link.missing)
            for link in links(chosen[half:])
        ]
    )
    first = links(chosen[:half])
    return first + [Link(r, *rest) for r, rest in zip(chosen[half:], second(), strict=True)]


def best_confidence(candidates: Sequence[Candidate]) -> float:
    """ln of the best confidence among a request's first candidates (CONFIDENCE_FLOOR and
    below are alike)."""
    confidence = max((c.confidence for c in candidates), default=0.0)
    return math.log(max(confidence, CONFIDENCE_FLOOR))


def median_confidence(index: Index, requests: Sequence[Request]) -> tuple[float, int]:
    """The median of best_confidence over the requests but feedback that share a word with an
    asset (TYPICAL_SAMPLE of them at most, evenly spread in path order, so that every command
    reads the same figure), and how many it is the median of (0 and 0 for none)."""
    chosen = sorted((r for r in requests if r.kind != "feedback"), key=lambda r: r.path)
    step = max(1, -(-len(chosen) // TYPICAL_SAMPLE))
    sample = chosen[::step]
    floor = math.log(CONFIDENCE_FLOOR)
    ranked = index.rank_all(sample, [SUGGESTIONS] * len(sample))
    values = sorted(v for c in ranked if (v := best_confidence(c)) > floor)
    n, middle = len(values), len(values) // 2
    if not n:
        return 0.0, 0
    return (values[middle] if n % 2 else (values[middle - 1] + values[middle]) / 2), n


def typical_of(median: float, n: int) -> float:
    """The typical confidence from a repository's median_confidence over `n` requests: drawn
    towards TYPICAL_PRIOR when there are few, and at most TYPICAL_RANGE from it."""
    drawn = (n * median + TYPICAL_WEIGHT * TYPICAL_PRIOR) / (n + TYPICAL_WEIGHT)
    return min(max(drawn, TYPICAL_PRIOR - TYPICAL_RANGE), TYPICAL_PRIOR + TYPICAL_RANGE)


def typical_confidence(index: Index, requests: Sequence[Request]) -> float:
    """ln of the repository's typical best confidence (typical_of its median_confidence)."""
    return typical_of(*median_confidence(index, requests))


def gap_features(candidates: Sequence[Candidate], typical: float) -> tuple[float, float, float]:
    """What the gap model reads from a request's first candidates: ln of the best confidence
    beside the repository's typical one (typical_confidence), the request's share of IDF mass in
    words no asset uses, and the best title coverage."""
    return (
        best_confidence(candidates) - typical,
        candidates[0].unseen if candidates else 1.0,
        max((c.title_coverage for c in candidates), default=0.0),
    )


def answered(candidates: Sequence[Candidate], typical: float) -> float:
    """The chance (0..1) that the best of a request's first candidates answers it, in a
    repository whose typical best confidence is `typical` (typical_confidence)."""
    if not candidates:
        return 0.0
    bias, *weights = ANSWERED
    features = gap_features(candidates, typical)
    odds = bias + sum(w * x for w, x in zip(weights, features, strict=True))
    return 1 / (1 + math.exp(-odds))


def unpublished_answer(candidates: Sequence[Candidate]) -> str:
    """The draft or retired asset that answers a request UNPUBLISHED times as confidently as the
    best of its first candidates (published), or ""."""
    if not candidates or not candidates[0].unpublished:
        return ""
    best = max(c.confidence for c in candidates)
    return (
        candidates[0].unpublished
        if candidates[0].unpublished_confidence >= UNPUBLISHED * best
        else ""
    )


def _link(
    request: Request,
    explicit: list[str],
    ranked: list[Candidate],
    threshold: float,
    typical: float,
) -> Link:
    matches = [Match(a, 1.0, "linked in the request or the asset", explicit=True) for a in explicit]
    candidates = [c for c in ranked if c.asset.id not in explicit]
    matches += [
        Match(c.asset.id, round(c.score, 3), _reason(c, request)) for c in candidates[:SUGGESTIONS]
    ]
    if explicit:
        return Link(request, tuple(matches), False)
    first = candidates[:SUGGESTIONS]
    unpublished = unpublished_answer(first)
    return Link(
        request,
        tuple(matches),
        bool(unpublished) or answered(first, typical) < threshold,
        unpublished,
    )
