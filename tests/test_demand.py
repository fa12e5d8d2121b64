"""Demand and the gaps ranking: one function behind `enablekit gaps` and the site."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from enablekit.cli import main


def write(repo: Path, name: str, text: str) -> None:
    (repo / "requests" / f"{name}.yml").write_text(text, encoding="utf-8")


def test_gaps_are_ranked_by_people_then_money(sample_repo: Path) -> None:
    write(sample_repo, "lonely", "kind: question\ntitle: Lonely?\nrequested_by: Ana\n")
    write(
        sample_repo,
        "popular",
        "kind: question\ntitle: Popular?\nrequested_by: Ana\nasked_by: [Bo, Cy]\n",
    )
    write(
        sample_repo,
        "money",
        "kind: content\ntitle: Money\nrequested_by: Ana\n"
        "deals:\n  - {id: OPP-1, amount: 90000, outcome: open}\n",
    )
    write(sample_repo, "done", "kind: question\ntitle: Done\nstatus: answered\nanswer: Yes.\n")
    write(sample_repo, "fb", "kind: feedback\ntitle: Nice deck\n")

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "gaps", "--format", "json"])

    assert result.exit_code == 0, result.output
    ids = [g["id"] for g in json.loads(result.output)["gaps"]]
    assert ids == [
        "popular",
        "money",
        "lonely",
    ]  # answered, linked (sso-question) and feedback are no gaps


def test_gaps_text_lists_path_and_title(sample_repo: Path) -> None:
    write(sample_repo, "lonely", "kind: question\ntitle: Lonely?\n")

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "gaps"])

    assert result.exit_code == 0
    assert "requests/lonely.yml: Lonely?" in result.output


def test_a_request_an_asset_probably_answers_is_a_link_to_confirm_not_a_gap(
    sample_repo: Path,
) -> None:
    write(sample_repo, "okta", "kind: question\ntitle: Does single sign-on with Okta work?\n")
    write(sample_repo, "forklifts", "kind: question\ntitle: Forklift maintenance schedules?\n")

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "gaps", "--format", "json"])
    text = CliRunner().invoke(main, ["--root", str(sample_repo), "gaps"]).output

    out = json.loads(result.output)
    assert [g["id"] for g in out["gaps"]] == ["forklifts"]
    assert out["likely_answered"][0]["id"] == "okta"
    assert out["likely_answered"][0]["asset"] == "sso-brief"
    assert "1 more unanswered requests probably have an asset already" in text


def test_a_gap_says_which_of_its_words_no_asset_mentions(sample_repo: Path) -> None:
    """`link` and `gaps` (text and JSON) and the site's gaps page list a gap's words
    that no published asset uses: what a person reads to see why, and what to make."""
    import datetime as dt

    from enablekit.load.repository import load
    from enablekit.site.layout import SiteOptions
    from enablekit.site.pages import generate

    write(sample_repo, "xero", "kind: question\ntitle: Single sign-on with Xero?\n")
    root = ["--root", str(sample_repo)]

    text = CliRunner().invoke(main, [*root, "link"]).output
    linked = json.loads(CliRunner().invoke(main, [*root, "link", "--format", "json"]).output)
    gaps = json.loads(CliRunner().invoke(main, [*root, "gaps", "--format", "json"]).output)
    listed = CliRunner().invoke(main, [*root, "gaps"]).output
    page = generate(load(sample_repo).repository, SiteOptions(today=dt.date(2026, 11, 23)))

    by_id = {r["id"]: r for r in linked["requests"]}
    assert by_id["xero"]["gap"] and by_id["xero"]["missing"] == ["xero"]
    assert "missing" not in by_id["sso-question"]  # answered: nothing to explain
    assert "GAP requests/xero.yml" in text and "no asset mentions: xero\n" in text
    assert gaps["gaps"][0]["missing"] == ["xero"]
    assert "requests/xero.yml: Single sign-on with Xero? (no asset mentions: xero)" in listed
    row = next(line for line in page["gaps/index.md"].splitlines() if "Xero" in line)
    assert '<span class="enablekit-missing">no asset mentions: xero</span>' in row
