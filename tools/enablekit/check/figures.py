"""Figures in text: a number with its kind and unit, normalised so equal amounts compare equal.

What counts as the same figure (the README's "figure equivalence"):

- the amount after normalisation, nothing else: `99.95%` = `99.95 %` = `99.95 percent`;
  `4,000+` = `4000+` = `more than 4,000` = `over 4,000` = `4k` (the `+` and words like
  "more than", "over", "about", "up to" are not part of the amount: a different amount is a
  different figure, even when it would not be false, so "over 3,500" differs from "4,000+");
- one kind with one another: percent; money (per currency: `$8` = `8 dollars` = `USD 8`,
  `$9B` = `$9 billion`); a duration (`6 weeks` = `six weeks` = `42 days`,
  `1 hour` = `60 minutes`); a multiplier (`3x` = `3×` = `3 times` = `three times` =
  `threefold`); a count (a bare number, with the words that follow it);
- money "per" something (`per employee per month`, `PEPM`, `a year`) keeps its
  denominators: a time period and a thing (employee, user, seat and head are one thing:
  a person); two figures with different periods, or different things, are of different kinds,
  and a missing denominator matches any;
- a range (`4-6 weeks`, `4 to 6 weeks`) is the same figure only as the same range;
- never figures: years (1900-2100 written without a separator), dates, times of day,
  `24/7`, versions and names (`P1`, `SOC 2`, `v4`, `section 2`, `top 10`, `out of 5`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

PERCENT = "percent"
DURATION = "duration"
MULTIPLIER = "multiplier"
COUNT = "count"
MONEY = "money"  # kinds of money are "money:USD", "money:EUR", ...
RATING = "rating"  # kinds of rating are "rating:5", "rating:10": 4.8/5, 4.8 out of 5

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}  # fmt: skip
_MAGNITUDE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip
_SECONDS = {
    "second": 1, "sec": 1, "s": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600,
    "h": 3600, "day": 86400, "business day": 86400, "working day": 86400,
    "week": 604800, "wk": 604800, "month": 2592000, "mo": 2592000,
    "quarter": 7776000, "year": 31536000, "yr": 31536000,
}  # fmt: skip
_CURRENCY = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "€": "EUR", "eur": "EUR",
    "euro": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP", "¥": "JPY", "jpy": "JPY",
    "yen": "JPY", "₹": "INR", "inr": "INR", "rupee": "INR", "c$": "CAD", "cad": "CAD",
    "a$": "AUD", "aud": "AUD", "chf": "CHF", "franc": "CHF", "cent": "USD",
}  # fmt: skip
_PERIOD = {
    "second": "second", "minute": "minute", "hour": "hour", "hr": "hour", "day": "day",
    "daily": "day", "week": "week", "weekly": "week", "wk": "week", "month": "month",
    "monthly": "month", "mo": "month", "quarter": "quarter", "quarterly": "quarter",
    "year": "year", "yearly": "year", "annually": "year", "annual": "year", "annum": "year",
    "yr": "year",
}  # fmt: skip
_PERSON = frozenset({"employee", "user", "seat", "head", "person", "member", "worker", "staff"})
_PER_ABBREVIATIONS = {
    "pepm": ("person", "month"), "pupm": ("person", "month"), "pmpm": ("person", "month"),
    "pspm": ("person", "month"), "pepy": ("person", "year"), "pupy": ("person", "year"),
}  # fmt: skip
#: Words before a number that make it a name or a position, not an amount.
_IDENTIFIER_BEFORE = frozenset(
    [
        "section",
        "version",
        "v",
        "step",
        "phase",
        "tier",
        "level",
        "type",
        "chapter",
        "page",
        "article",
        "release",
        "no",
        "iso",
        "soc",
        "sev",
        "severity",
        "priority",
        "gen",
        "generation",
        "series",
        "model",
        "wave",
        "round",
        "q",
        "fy",
        "h",
        "part",
        "stage",
        "grade",
        "top",
        "rank",
        "ranked",
        "year",
        "day",
        "week",
        "month",
        "quarter",
        "clause",
        "item",
        "slide",
        "figure",
        "table",
        "appendix",
        "line",
        "room",
        "suite",
        "unit",
        "floor",
        "route",
        "gate",
        "class",
        "category",
    ]
)
#: Day of the month after a month's name ("March 31"): a date, not a count.
_IDENTIFIER_BEFORE |= {
    m for name in calendar.month_name[1:] for m in (name.lower(), name.lower()[:3])
} | {"sept"}
#: Words that may sit between a number and what it counts without being that thing.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "to",
        "into",
        "across",
        "over",
        "under",
        "and",
        "or",
        "but",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "per",
        "each",
        "every",
        "than",
        "as",
        "so",
        "our",
        "your",
        "their",
        "its",
        "it",
        "we",
        "you",
        "they",
        "who",
        "which",
        "what",
        "when",
        "where",
        "out",
        "up",
        "down",
        "about",
        "around",
        "after",
        "before",
        "within",
        "during",
        "since",
        "until",
        "us",
        "them",
        "me",
        "him",
        "her",
        "he",
        "she",
        "i",
    ]
)

_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in _SMALL), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER = (
    rf"(?:{_DIGITS}"
    rf"|(?:{_WORD_NUMBER})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
)
_CURRENCY_BEFORE = r"US\$|C\$|A\$|[$€£¥₹]|(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|INR)[ \u00a0]?"
_MAG = r"(?:[- \u00a0]?(?:thousand|million|billion|trillion)|(?:k|K|mn|MM|M|bn|B|tn|T)(?![A-Za-z]))"
_FIGURE = re.compile(
    rf"(?<![\w.,/:@#$€£¥₹-])(?P<cur>{_CURRENCY_BEFORE})?"
    rf"(?P<lo>{_NUMBER})"
    rf"(?:[ \u00a0]?(?:-|–|—|to)[ \u00a0]?(?P<cur2>{_CURRENCY_BEFORE})?(?P<hi>{_DIGITS}|{_NUMBER}))?"
    rf"(?P<mag>{_MAG})?(?P<plus>\+)?(?![\d]|[.,]\d|/\d|:\d|-\d)",
    re.IGNORECASE,
)
#: Unit words in any case; abbreviations (h, hr, mo, wk, x) in lower case only, so that
#: "2025 HR" is a year and a department, not 2,025 hours.
_UNIT = re.compile(
    r"(?P<sep>[ \u00a0]?-?[ \u00a0]?)(?:"
    r"(?P<pct>%|(?i:percent|per[ \u00a0]cent)\b|pct\b)"
    r"|(?P<times>[xX]\b|×|(?i:times|-?fold)\b)"
    r"|(?P<cur>(?i:(?:us[ \u00a0]?)?dollars?|euros?|pounds?|yen|rupees?|francs?|cents?)\b"
    r"|(?:USD|EUR|GBP|INR|CAD|AUD|CHF)\b)"
    r"|(?P<dur>(?i:(?:business|working)[ \u00a0]days?|seconds?|minutes?|hours?|days?|weeks?"
    r"|months?|quarters?|years?)\b|(?:secs?|mins?|hrs?|h|wks?|mos?|yrs?)\b))",
)
_PER = re.compile(
    r"[ \u00a0]*(?:(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)[ \u00a0]*(?P<thing>[A-Za-z]+)"
    r"|(?P<adverb>monthly|annually|yearly|weekly|daily|quarterly)\b"
    r"|(?P<abbr>pepm|pupm|pmpm|pspm|pepy|pupy)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\S")
_RATING = re.compile(
    r"(?<![\w.,/-])(?P<score>\d{1,3}(?:\.\d+)?)[ \u00a0]*(?:/|(?i:out[ \u00a0]+of))[ \u00a0]*"
    r"(?P<scale>5|10|100)(?![\w.,/]|\.\d)"
)
_ONE_WORD_MULTIPLIER = re.compile(r"(?<![\w-])(?P<w>twice|thrice)(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """An amount of a kind, found at [start, end) of the text it was read from."""

    kind: str
    low: float
    high: float
    start: int
    end: int
    text: str
    per: frozenset[str] = frozenset()  # money and durations: {"person", "month"}, ...
    noun: tuple[str, ...] = ()  # counts: up to three words that follow, singular, lowercase
    integer: bool = True
    exact_words: bool = field(default=False, compare=False)

    def same_amount(self, other: Figure) -> bool:
        return _close(self.low, other.low) and _close(self.high, other.high)

    def comparable(self, other: Figure) -> bool:
        """Of the same kind: the same unit, and for money and durations the same denominators."""
        if self.kind != other.kind:
            return False
        if self.kind == DURATION:
            return self.per == other.per
        if self.kind.startswith(MONEY):
            return _per_compatible(self.per, other.per)
        return True


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _per_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    periods_a, periods_b = a & _PERIODS, b & _PERIODS
    things_a, things_b = a - _PERIODS, b - _PERIODS
    if periods_a and periods_b and periods_a != periods_b:
        return False
    return not (things_a and things_b and things_a != things_b)


_PERIODS = frozenset(_PERIOD.values())


def singular(word: str) -> str:
    """A word's singular, well enough to match `customers` with `customer`."""
    w = word.lower().replace("’", "'").removesuffix("'s").removesuffix("'")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _amount(text: str) -> tuple[float, bool] | None:
    t = text.lower().replace(",", "").strip()
    if t in _SMALL:
        return float(_SMALL[t]), True
    if "-" in t or " " in t:
        tens, _, ones = t.replace(" ", "-").partition("-")
        if tens in _SMALL and ones in _SMALL:
            return float(_SMALL[tens] + _SMALL[ones]), True
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value, False


def _words_before(text: str, start: int, count: int) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z#]+|\d+", text[max(0, start - 40) : start])][
        -count:
    ]


def _words_after(text: str, end: int, count: int = 3) -> tuple[str, ...]:
    """Up to `count` words after a count, stopping at punctuation or a function word."""
    words = []
    for match in _WORD.finditer(text, end, min(len(text), end + 60)):
        word = match.group()
        if not word[0].isalpha() or word.lower() in FUNCTION_WORDS:
            break
        words.append(singular(word))
        if len(words) == count:
            break
    return tuple(words)


def _identifier_before(text: str, start: int) -> bool:
    before = text[max(0, start - 30) : start]
    previous = re.search(r"([A-Za-z]+)[ \u00a0]*$", before)
    if previous is None:
        return bool(re.search(r"[#№]\s*$", before))
    word = previous.group(1)
    if word.lower() in _IDENTIFIER_BEFORE:
        return True
    if re.search(r"out[ \u00a0]+of[ \u00a0]*$", before, re.IGNORECASE):
        return True
    return len(word) >= 2 and word.isupper()  # SOC 2, ISO 27001, HIPAA 2013


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every figure in text[start:end], in order."""
    end = len(text) if end is None else end
    figures = []
    taken: list[tuple[int, int]] = []
    for m in _RATING.finditer(text, start, end):
        score, scale = float(m.group("score")), m.group("scale")
        if score <= float(scale):
            figures.append(Figure(f"{RATING}:{scale}", score, score, m.start(), m.end(), m.group()))
            taken.append((m.start(), m.end()))
    for m in _FIGURE.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        figure = _figure(text, m, end)
        if figure is not None:
            figures.append(figure)
    for m in _ONE_WORD_MULTIPLIER.finditer(text, start, end):
        factor = 2 if m.group("w").lower() == "twice" else 3
        figures.append(
            Figure(MULTIPLIER, factor, factor, m.start(), m.end(), m.group(), exact_words=True)
        )
    figures.sort(key=lambda f: f.start)
    return figures


def _figure(text: str, m: re.Match[str], limit: int) -> Figure | None:
    lo = _amount(m.group("lo"))
    hi = _amount(m.group("hi")) if m.group("hi") else lo
    if lo is None or hi is None:
        return None
    (low, low_is_word), (high, _) = lo, hi
    magnitude = 1.0
    if m.group("mag"):
        magnitude = _MAGNITUDE[m.group("mag").strip(" -\u00a0").lower()]
    low, high = low * magnitude, high * magnitude
    cursor = m.end()
    currency = m.group("cur") or m.group("cur2")
    unit = _UNIT.match(text, cursor, limit)
    kind = COUNT
    per: set[str] = set()
    if currency:
        kind = f"{MONEY}:{_CURRENCY[currency.strip().lower()]}"
        if unit and unit.group("cur") is None and unit.group("pct") is None:
            unit = None
    if unit is None and re.match(r"[A-Za-z]", text[cursor : cursor + 1]):
        return None  # "3rd", "2FA", "4often": letters glued to the number
    if unit is not None:
        if unit.group("pct"):
            kind = PERCENT
        elif unit.group("times"):
            if m.group("mag") and not unit.group("times").startswith(("t", "T", "-", "f", "F")):
                return None
            kind = MULTIPLIER
        elif unit.group("cur"):
            word = singular(unit.group("cur").replace("us", "").strip() or "dollar")
            code = _CURRENCY.get(word, _CURRENCY.get(word.rstrip("s"), "USD"))
            if word == "cent":
                low, high = low / 100, high / 100
            kind = f"{MONEY}:{code}"
        elif unit.group("dur"):
            name = singular(" ".join(unit.group("dur").lower().split()))
            seconds = _SECONDS.get(name) or _SECONDS.get(name.rstrip("s"))
            if seconds is None:
                return None
            kind, low, high = DURATION, low * seconds, high * seconds
        cursor = unit.end()
    elif low_is_word and not m.group("mag"):
        return None  # "one platform", "two consultants": words count only with a unit
    if kind in (MULTIPLIER, DURATION) or kind.startswith(MONEY):
        for _ in range(3):
            p = _PER.match(text, cursor, limit)
            if p is None:
                break
            if p.group("abbr"):
                per.update(_PER_ABBREVIATIONS[p.group("abbr").lower()])
            elif p.group("adverb"):
                per.add(_PERIOD[p.group("adverb").lower()])
            else:
                thing = singular(p.group("thing"))
                if thing in _PERIOD:
                    per.add(_PERIOD[thing])
                elif thing in _PERSON:
                    per.add("person")
                elif thing not in FUNCTION_WORDS and p.group(0).lstrip().lower().startswith(
                    ("per", "/", "each", "every")
                ):
                    per.add(thing)
                else:
                    break
            cursor = p.end()
        if kind == MULTIPLIER and per:
            return None  # "three times a week" is a frequency
    integer = low == int(low) and high == int(high)
    noun: tuple[str, ...] = ()
    if kind == COUNT:
        if m.group("hi") is None and not m.group("mag") and not m.group("plus"):
            raw = m.group("lo")
            if re.fullmatch(r"(19|20)\d\d|2100", raw):
                return None  # a year
        if _identifier_before(text, m.start()):
            return None
        noun = _words_after(text, cursor)
    return Figure(
        kind,
        low,
        high,
        m.start(),
        cursor,
        text[m.start() : cursor],
        frozenset(per),
        noun,
        integer,
        low_is_word,
    )


def parse_value(value: str) -> Figure | None:
    """A claim's value as a figure, or None when it is a phrase (an award, a rating).

    A value is a figure when exactly one figure is found in it.
    """
    figures = find_figures(value)
    return figures[0] if len(figures) == 1 else None


def describe(figure: Figure) -> str:
    """The kind of a figure in words, for messages."""
    if figure.kind.startswith(MONEY):
        return "an amount of money"
    if figure.kind.startswith(RATING):
        return "a rating"
    return {
        PERCENT: "a percentage",
        DURATION: "a duration",
        MULTIPLIER: "a multiplier",
        COUNT: "a number",
    }[figure.kind]
