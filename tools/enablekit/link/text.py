"""Text to terms: lowercase words, stop words out, a light stemmer, the repository's synonyms.

The stemmer is deliberately light (plural and verb endings), so that `integrations`,
`integration` and `integrated` meet while `policy` and `police` stay apart; it leaves a word
whole when the ending would leave no stem (`spring`, `speed`, a name such as `Vetly`).
Expansions reads a rep's shorthand (acronyms, clippings) in the repository's own words, and
`names` finds the words a text spells as names, for the gap decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_VOWEL = re.compile(r"[aeiouy]")
_CONSONANTS = re.compile(r"[b-df-hj-np-tv-z]")
_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
#: Contractions and possessives: "what's", "we're", "don't" lose their ending.
_CONTRACTION = re.compile(r"['\u2019](s|re|ve|ll|d|m|t)\b")
#: Function words, and the filler of reps' notes ("cust", "asap", "pls").
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can cannot could did do does doing down during each few for
from further get gets got had has have having he her here hers herself him himself his how i
if in into is it its itself just like me more most much must my myself need needs no nor not
now of off on once only or other our ours ourselves out over own per please same she should
so some such than that the their theirs them themselves then there these they this those
through to too under until up us very via was we were what when where which while who whom
why will with would you your yours yourself yourselves anything something someone thing
things way ways want wants know asked ask asking customer customers prospect prospects
client clients rep reps deal deals buyer buyers team question questions yes yeah hey hi
thanks thx pls guys one two new still even really cust custs asap fyi plz tbh imo btw eta re
wrt aka etc ok okay kinda gonna wanna don doesn isn aren wasn weren won couldn wouldn
shouldn didn haven hasn hadn
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def stem(word: str) -> str:
    """Fold the commonest English endings (plural, -ing, -ed, -ly) and a final -e, so that
    `route`, `routes`, `routed` and `routing` all become `rout`."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            rest = word[: -len(suffix)]
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            # `spring`, `speed`, `vetly`: no verb or adverb ending, a word of their own.
            if suffix in ("ing", "ed", "edly") and not _VOWEL.search(rest):
                break
            if suffix == "ed" and rest.endswith("e"):  # `agreed` -> `agree`, `speed` stays
                word = word[:-1] if _VOWEL.search(rest[:-1]) else word
                break
            if suffix == "ly" and len(rest) < 4:
                break
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) >= 4 else word


def words(text: str) -> list[str]:
    return _WORD.findall(_CONTRACTION.sub("", text.lower()))


#: word -> its term ("" for a stop word): a repository has far fewer distinct words than words.
_TERM_OF: dict[str, str] = {}


def term(word: str) -> str:
    """The term a word stands for: its stem, or "" for a stop word."""
    found = _TERM_OF.get(word)
    return _term(word) if found is None else found


def _term(word: str) -> str:
    term = "" if word in STOP_WORDS or len(word) < 2 else stem(word)
    if len(_TERM_OF) < 1_000_000:
        _TERM_OF[word] = term
    return term


def terms(text: str, surface: dict[str, str] | None = None) -> list[str]:
    """The stemmed content words of a text, in order; `surface`, when given, gets each
    term's first spelling (`integrations` for `integration`) that it does not hold yet."""
    found = []
    for word in words(text):
        term = _TERM_OF.get(word)
        if term is None:
            term = _term(word)
        if term:
            found.append(term)
            if surface is not None and term not in surface:
                surface[term] = word
    return found


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
#: What may open a sentence (or a part of a title) before a word: its capital says nothing.
_SENTENCE_MARKS = frozenset(".?!:;\n(\"'\u2013\u2014-")


def names(text: str) -> list[str]:
    """The words of a text that name a thing (`Xero`, `SSO`, `QuickBooks`): capitalised where
    a sentence does not open, or written in capitals or CamelCase anywhere, lowercased."""
    if text.islower():
        return []
    found, end = [], 0
    for m in _NAME.finditer(text):
        w = m.group()
        capitals = sum(c.isupper() for c in w)
        opening = end == 0 or not _SENTENCE_MARKS.isdisjoint(text[end : m.start()])
        if capitals >= 2 or (capitals == 1 and w[0].isupper() and not opening):
            found.append(w.lower())
        end = m.end()
    return found


class Synonyms:
    """Phrases that mean the same thing in this repository (old product names, taxonomy
    labels), folded onto one canonical term list before matching."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self._map: dict[tuple[str, ...], tuple[str, ...]] = {}
        for group in groups:
            phrases = [tuple(terms(p)) for p in group if terms(p)]
            if len(phrases) < 2:
                continue
            canonical = phrases[0]
            for phrase in phrases[1:]:
                if phrase != canonical:
                    self._map[phrase] = canonical
        self._longest = max((len(p) for p in self._map), default=0)
        self._starts = frozenset(p[0] for p in self._map)

    def fold(self, tokens: list[str]) -> list[str]:
        if not self._map:
            return tokens
        starts = self._starts
        if starts.isdisjoint(tokens):
            return tokens
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if tokens[i] not in starts:
                out.append(tokens[i])
                i += 1
                continue
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                canonical = self._map.get(tuple(tokens[i : i + size]))
                if canonical is not None:
                    out.extend(canonical)
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out


def weighted_terms(
    fields: Mapping[str, tuple[str, float]],
    synonyms: Synonyms,
    surface: dict[str, str] | None = None,
) -> dict[str, float]:
    """Term weights from several fields of text, each with its weight (and, into `surface`,
    how the text first spells each term, before synonyms)."""
    counts: dict[str, float] = {}
    for text, weight in fields.values():
        for term in synonyms.fold(terms(text, surface)):
            counts[term] = counts.get(term, 0.0) + weight
    return counts


#: Words people cut short in notes; which word each stands for is the repository's commonest
#: word it begins (`doc`: `doctor` in one repository, `document` in another).
_CLIPPINGS_TEXT = """
admin approx biz cert certs comp config dept dev doc docs eval exec execs govt info intl med meds
min mins max mgmt ops org orgs perf prem pres prod ref refs rev spec specs stats sub subs tech
techs temp
"""
CLIPPINGS = frozenset(_CLIPPINGS_TEXT.split())
#: Acronyms and CamelCase parts, in the writer's case: `QBO`, `CSRs`, `rDVM`; `QuickBooks`.
_ACRONYM = re.compile(r"\b[a-z]?[A-Z]{2,6}(?=s?\b)")
_CLAUSE_MARKS = '.,;:!?()[]{}\n|/"'
_CASED_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[.,;:!?()\[\]{}\n|/\"]")


class Expansions:
    """What a request's shorthand stands for in the repository's own words, for shorthand no
    asset uses: an acronym (`QBO`) is the commonest run of words with those initials in the
    given texts (`QuickBooks Online`, CamelCase counting as two words) seen at least twice,
    else a run of as many capitalised words in the bodies, once being enough (`Data Processing
    Agreement`), or for two letters a taxonomy label (`medical director`); a clipping (`appt`, `yrs`,
    `mgmt`: a first letter then only consonants; or a word of CLIPPINGS) is the assets' term it
    abbreviates that skips the fewest consonants, then the commonest. The texts (and bodies) are
    read only when an acronym is first met (that the texts do not spell out)."""

    def __init__(
        self,
        texts: Iterable[str],
        labels: Iterable[str],
        vocabulary: Mapping[str, int],
        bodies: Iterable[str] = (),
    ) -> None:
        self._texts = texts
        self._bodies = bodies
        self._spelt_out: dict[str, dict[tuple[str, ...], int]] | None = None
        self._labels = {tuple(words(label)) for label in labels}
        self._vocabulary = vocabulary
        self._initials = ""
        self._words: list[str] = []
        self._found: dict[tuple[str, bool], tuple[str, ...]] = {}

    def acronyms(self, text: str) -> list[str]:
        """The acronyms of a text, lowercased (`CSRs` -> `csr`, `rDVM` -> `rdvm`)."""
        return [a.lower() for a in _ACRONYM.findall(text)]

    def expand(self, word: str, acronym: bool) -> tuple[str, ...]:
        """The words (or, for a clipping, the term) `word` stands for, or () when the
        repository does not say."""
        key = (word, acronym)
        found = self._found.get(key)
        if found is None:
            found = self._acronym(word) if acronym else self._clipping(word)
            self._found[key] = found
        return found

    def _acronym(self, letters: str) -> tuple[str, ...]:
        if not letters.isalpha():
            return ()
        if len(letters) == 2:  # `PM`, `MD`: too many runs of two words; only a taxonomy label
            return next((label for label in self._labels if _initials(label) == letters), ())
        if not self._words:
            self._read()
        counts: dict[tuple[str, ...], int] = {}
        start = self._initials.find(letters)
        while start >= 0:
            phrase = tuple(self._words[start : start + len(letters)])
            counts[phrase] = counts.get(phrase, 0) + 1
            start = self._initials.find(letters, start + 1)
        best = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=None)
        if best is not None and best[1] >= 2:
            return best[0]
        # A name spelt out in capitals in some asset's text (`Data Processing Agreement` for
        # `DPA`): once is enough, a run of capitalised words is rarely there by chance.
        if self._spelt_out is None:
            self._spelt_out = _spelt_out(self._bodies)
        found = self._spelt_out.get(letters, {})
        return max(found.items(), key=lambda kv: (kv[1], kv[0]))[0] if found else ()

    def _read(self) -> None:
        """The assets' content words in order (a blank between clauses) and their initials."""
        stop = STOP_WORDS
        flat = [
            "" if w[0] in _CLAUSE_MARKS else w
            for w in map(str.lower, _CASED_TOKEN.findall("\n".join(self._texts)))
            if w not in stop and not w.isdigit()
        ]
        self._words = flat
        self._initials = "".join(w[:1] or " " for w in flat)

    def _clipping(self, word: str) -> tuple[str, ...]:
        if not word.isalpha() or len(word) < 3:
            return ()
        skeleton = not _VOWEL.search(word[1:])
        if not skeleton and word not in CLIPPINGS:
            return ()
        short = word[:-1] if skeleton and word.endswith("s") else word  # `yrs`: `year`
        best, rank = "", (0, 0)
        for candidate, count in self._vocabulary.items():
            if (
                count > 1
                and candidate[:1] == short[0]
                and len(candidate) >= len(short) + 2
                and candidate.isalpha()
                and (candidate.startswith(short) or (skeleton and _subsequence(short, candidate)))
            ):
                # The fewest consonants skipped (`ppl`: `people`, not `proposal`), then the commonest.
                skipped = len(_CONSONANTS.findall(candidate)) - len(short) if skeleton else 0
                if not best or (-skipped, count) > rank:
                    best, rank = candidate, (-skipped, count)
        return (best,) if best else ()


_CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+){2,5}")


def _spelt_out(texts: Iterable[str]) -> dict[str, dict[tuple[str, ...], int]]:
    """Runs of three to six capitalised words in the texts (`Standard Contractual Clauses`),
    each part of three words or more, by their initials (`scc`), lowercased, with counts."""
    found: dict[str, dict[tuple[str, ...], int]] = {}
    for text in texts:
        for run in _CAPITALISED_RUN.findall(text):
            ws = tuple(run.lower().replace("-", " ").split())
            for size in range(3, len(ws) + 1):
                for start in range(len(ws) - size + 1):
                    phrase = ws[start : start + size]
                    by_phrase = found.setdefault("".join(w[0] for w in phrase), {})
                    by_phrase[phrase] = by_phrase.get(phrase, 0) + 1
    return found


def _initials(phrase: tuple[str, ...]) -> str:
    return "".join(w[0] for w in phrase if w not in STOP_WORDS)


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)
