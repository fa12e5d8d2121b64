"""`enablekit check --fix` and `--diff`: in place, atomically, nothing else changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from .test_check import ASSET_HEAD, MESSAGING, asset, findings, request, run_check


@pytest.fixture
def repo(sample_repo: Path, write_files: Any) -> Path:
    write_files(sample_repo, {"content/messaging.yml": MESSAGING})
    return sample_repo


BODY = (
    "\n# Fleet Hub for shippers\n"
    "\n"
    "Book docks with DockBot.  Nothing else on this line changes: 97% on-time delivery.\n"
    "Zero delays, says the\n"
    "RouteWise\n"
    "  Suite brochure, and it is best-in-class.\n"
    "\n"
    "```\nFleet Hub in code stays\n```\n"
)


def test_fix_rewrites_terms_and_suggested_phrases_and_nothing_else(repo: Path) -> None:
    path = asset(repo, BODY)
    result = run_check(repo, "--fix")
    text = (repo / path).read_text(encoding="utf-8")
    assert text == ASSET_HEAD + (
        "\n# RouteWise Cloud for shippers\n"
        "\n"
        "Book docks with Dock Scheduler.  Nothing else on this line changes: 97% on-time delivery.\n"
        "Fewer delays, says the\n"
        "RouteWise\n"
        "  Cloud brochure, and it is best-in-class.\n"
        "\n"
        "```\nFleet Hub in code stays\n```\n"
    )
    # What is left needs a person: a figure and a banned phrase without a suggestion.
    assert result.exit_code == 1
    assert [(f["line"], f["rule"]) for f in findings(repo)] == [
        (11, "claim-mismatch"),
        (14, "banned-phrase"),
    ]
    assert "fixed 4 findings in 1 files" in result.stderr


def test_diff_shows_the_fix_and_writes_nothing(repo: Path) -> None:
    path = asset(repo, BODY)
    before = (repo / path).read_bytes()
    result = run_check(repo, "--diff")
    assert result.exit_code == 0
    assert (repo / path).read_bytes() == before
    assert f"--- a/{path}\n+++ b/{path}\n" in result.stdout
    assert "-Book docks with DockBot." in result.stdout
    assert "+Book docks with Dock Scheduler." in result.stdout
    assert "1 files would change (4 fixes)." in result.stderr


def test_fix_keeps_crlf_line_ends_a_byte_order_mark_and_the_file_mode(repo: Path) -> None:
    path = repo / "content/one-pagers/crlf.md"
    original = (ASSET_HEAD + "\nUse Fleet Hub.\nAnd zero delays.\n").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    os.chmod(path, 0o664)
    run_check(repo, "--fix")
    expected = original.replace("Fleet Hub", "RouteWise Cloud").replace(
        "zero delays", "fewer delays"
    )
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")
    assert path.stat().st_mode & 0o777 == 0o664
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary left


def test_fix_in_yaml_writes_each_value_in_its_own_quoting(repo: Path) -> None:
    path = request(
        repo,
        "kind: question  # a comment stays\n"
        'title: "Does \\"Fleet Hub\\" book docks?"\n'
        "details: 'It''s Fleet Hub: ok'\n"
        "answer: |\n"
        "  Yes, DockBot does,\n"
        "  with zero delays.\n"
        "tags: [Fleet Hub]\n",
    )
    result = run_check(repo, "--fix")
    assert result.exit_code == 0, result.output
    assert (repo / path).read_text() == (
        "kind: question  # a comment stays\n"
        'title: "Does \\"RouteWise Cloud\\" book docks?"\n'
        "details: 'It''s RouteWise Cloud: ok'\n"
        "answer: |\n"
        "  Yes, Dock Scheduler does,\n"
        "  with fewer delays.\n"
        "tags: [Fleet Hub]\n"
    )


def test_a_fix_that_would_break_a_plain_yaml_value_is_not_made(
    repo: Path, write_files: Any
) -> None:
    write_files(
        repo,
        {
            "content/messaging.yml": MESSAGING.replace(
                "suggest: fewer delays", "suggest: 'fewer delays: most of the time'"
            )
        },
    )
    path = request(repo, "kind: question\ntitle: Promise zero delays\n")
    before = (repo / path).read_text()
    result = run_check(repo, "--fix")
    assert (repo / path).read_text() == before
    assert result.exit_code == 1
    assert [f["rule"] for f in findings(repo)] == ["banned-phrase"]


def test_fix_on_a_clean_repository_changes_nothing(repo: Path) -> None:
    path = asset(repo, "\nRouteWise Cloud books docks.\n")
    before = (repo / path).read_bytes()
    result = run_check(repo, "--fix")
    assert (result.exit_code, (repo / path).read_bytes()) == (0, before)
    assert "fixed 0 findings in 0 files" in result.stderr
