"""`enablekit report`: the monthly digest, on real repositories and a real Git history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
from click.testing import CliRunner, Result

from enablekit.cli import main

SECTIONS = [
    "## New and updated assets",
    "## Requests answered",
    "## Top 10 open asks",
    "## SLA breaches by owner",
    "## Objections and losses by competitor",
    "## Stale assets",
]


def report(repo: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(repo), "report", *args])


def test_the_report_has_every_section_and_counts_demand(
    sample_repo: Path, write_files: object
) -> None:
    opened = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    write_files(  # type: ignore[operator]
        sample_repo,
        {
            "requests/late.yml": f"kind: question\ntitle: Is there a <b>late</b> answer?\n"
            f"opened: {opened}\nowner: Mo Marketer\nasked_by: [a, b]\n",
            "requests/lost.yml": "kind: lost-deal\ntitle: Lost to Rivalsoft\n"
            f"opened: {dt.date.today().isoformat()}\ncompetitor: Rivalsoft\nreason: price\n",
        },
    )
    result = report(sample_repo, "--since", "30d")

    assert result.exit_code == 0, result.output
    positions = [result.output.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert "| Mo Marketer | 1 | Is there a &lt;b&gt;late&lt;/b&gt; answer? |" in result.output
    assert "| Rivalsoft | 1 | price (1) |" in result.output


def test_html_is_a_standalone_page_with_nothing_to_run(sample_repo: Path, tmp_path: Path) -> None:
    (sample_repo / "requests/x.yml").write_text(
        'kind: question\ntitle: "<script>alert(1)</script> [x](javascript:alert(1))"\n'
    )
    out = tmp_path / "report.html"
    result = report(sample_repo, "--format", "html", "-o", str(out))

    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "javascript:" not in page.replace("javascript:alert", "")
    assert "href" not in page and "http" not in page


def test_since_takes_a_date_or_a_git_ref_and_explains_anything_else(sample_repo: Path) -> None:
    repo = git.Repo.init(sample_repo, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "R")
        config.set_value("user", "email", "r@example.com")
    repo.index.add(["content", "requests"])
    repo.index.commit("seed")
    repo.create_tag("v1")

    today = dt.date.today().isoformat()
    assert f"report: {today} to {today}" in report(sample_repo, "--since", "v1").output
    assert "report: 2026-01-01 to" in report(sample_repo, "--since", "2026-01-01").output
    bad = report(sample_repo, "--since", "last-month")
    assert bad.exit_code == 2
    assert bad.output.strip().splitlines() == [
        "Error: --since last-month is not a number of days (30d), a date (2026-10-01) "
        "or a Git ref (see --help)"
    ]
