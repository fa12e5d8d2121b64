"""What counts as the same figure: the decisions documented in enablekit.check.figures."""

from __future__ import annotations

import pytest

from enablekit.check.figures import find_figures, parse_value


def one(text: str):  # type: ignore[no-untyped-def]
    figures = find_figures(text)
    assert len(figures) == 1, (text, figures)
    return figures[0]


SAME = [
    ("99.95%", "99.95 %"),
    ("99.95%", "99.95 percent"),
    ("99.95%", "99.95 per cent"),
    ("4,000+", "4000+"),
    ("4,000+", "more than 4,000"),
    ("4,000+", "over 4,000"),
    ("4,000+", "4k"),
    ("4,000+", "4 thousand"),
    ("$8", "8 dollars"),
    ("$8", "USD 8"),
    ("$8 per employee per month", "$8 PEPM"),
    ("$8 per employee per month", "$8/user/month"),
    ("$8 per employee per month", "$8 per seat per month"),
    ("$9B+", "$9 billion"),
    ("$9B+", "$9,000,000,000"),
    ("50 cents", "$0.50"),
    ("3x", "three times"),
    ("3x", "3×"),
    ("3x", "3X"),
    ("3x", "threefold"),
    ("3x", "3-fold"),
    ("2x", "twice"),
    ("6 weeks", "six weeks"),
    ("6 weeks", "42 days"),
    ("6 weeks", "6-week"),
    ("1 hour", "60 minutes"),
    ("1 hour", "one-hour"),
    ("1 hour", "1 hr"),
    ("24 hours", "1 day"),
    ("4-6 weeks", "4 to 6 weeks"),
    ("4-6 weeks", "four to six weeks"),
    ("4.8/5", "4.8 out of 5"),
    ("45 countries", "45 countries"),
]

DIFFERENT = [
    ("99.95%", "99.9%"),
    ("4,000+", "3,500"),
    ("4,000+", "5,000+"),
    ("$8", "$10"),
    ("3x", "5x"),
    ("6 weeks", "30 days"),
    ("1 hour", "4 hours"),
    ("4-6 weeks", "6 weeks"),
    ("4.8/5", "4.6 out of 5"),
]

OTHER_KIND = [
    ("99.95%", "99.95"),  # a percentage and a bare number
    ("$8", "€8"),  # another currency
    ("$8 per employee per month", "$8 per invoice"),  # per another thing
    ("$8 per employee per month", "$96 per employee per year"),  # per another period
    ("3x", "3 weeks"),
    ("6 weeks", "6"),
    ("1 hour", "24 hours a day"),  # a frequency, not a duration
    ("4.8/5", "9.6/10"),
]


@pytest.mark.parametrize(("claim", "text"), SAME, ids=[f"{a} = {b}" for a, b in SAME])
def test_the_same_figure_written_differently(claim: str, text: str) -> None:
    fact, said = one(claim), one(text)
    assert fact.comparable(said) and fact.same_amount(said)


@pytest.mark.parametrize(("claim", "text"), DIFFERENT, ids=[f"{a} != {b}" for a, b in DIFFERENT])
def test_a_different_amount_of_the_same_kind(claim: str, text: str) -> None:
    fact, said = one(claim), one(text)
    assert fact.comparable(said) and not fact.same_amount(said)


@pytest.mark.parametrize(("claim", "text"), OTHER_KIND, ids=[f"{a} ~ {b}" for a, b in OTHER_KIND])
def test_figures_of_another_kind_are_not_compared(claim: str, text: str) -> None:
    fact, said = one(claim), one(text)
    assert not fact.comparable(said)


NOT_FIGURES = [
    "Leader in the 2025 HR Tech Wave",
    "SOC 2 Type II",
    "ISO 27001",
    "P1 incidents",
    "24/7 support",
    "renewal on 2026-09-30",
    "as of March 31",
    "version 4",
    "section 2",
    "top 10 vendors",
    "one platform for HR",
    "three times a week",
    "the 3rd quarter",
    "OPP-20931",
    "call 9:30",
    "2FA everywhere",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_names_dates_and_frequencies_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


@pytest.mark.parametrize(
    ("value", "is_figure"),
    [
        ("99.95%", True),
        ("$8 per employee per month", True),
        ("45 countries", True),
        ("1,200+", True),
        ("Leader in the 2025 HR Tech Wave", False),
        ("SOC 1 Type II and SOC 2 Type II", False),
        ("Gold, AP Automation category, 2025 Finance Tech Awards", False),
        ("between 4 and 6 weeks, or 8", False),
    ],
)
def test_a_claim_value_is_a_figure_or_a_phrase(value: str, is_figure: bool) -> None:
    assert (parse_value(value) is not None) is is_figure


def test_a_count_keeps_the_words_that_say_what_it_counts() -> None:
    assert one("Over 3,500 customers trust us").noun == ("customer", "trust")
    assert one("45 countries").noun == ("country",)
    assert one("2 named consultants").noun == ("named", "consultant")


def test_positions_point_at_the_figure() -> None:
    text = "We commit to 99.95 percent uptime."
    figure = one(text)
    assert text[figure.start : figure.end] == "99.95 percent"
