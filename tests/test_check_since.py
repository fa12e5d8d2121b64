"""`enablekit check --since REF` on a real Git repository made in the test."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from .test_check import MESSAGING, asset, findings, request, run_check


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(sample_repo: Path, write_files: Any) -> Path:
    write_files(sample_repo, {"content/messaging.yml": MESSAGING})
    asset(sample_repo, "\nOld page: Fleet Hub, on-time delivery of 98.7%.\n", name="old")
    request(sample_repo, "kind: question\ntitle: Is on-time delivery 98.7%?\n", name="old-ask")
    git(sample_repo, "init", "-q", "-b", "main")
    git(sample_repo, "add", "-A")
    git(sample_repo, "commit", "-qm", "start")
    return sample_repo


def test_only_files_changed_since_the_ref_are_checked(repo: Path) -> None:
    git(repo, "checkout", "-qb", "pr")
    committed = asset(repo, "\nNew: DockBot.\n", name="new")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "new page")
    untracked = request(repo, "kind: question\ntitle: Zero delays?\n", name="new-ask")
    assert {f["path"] for f in findings(repo)} == {
        "content/one-pagers/old.md",
        committed,
        untracked,
    }
    result = run_check(repo, "--since", "main", "--format", "json")
    assert {f["path"] for f in findings(repo, "--since", "main")} == {committed, untracked}
    assert result.exit_code == 1


def test_a_changed_claim_lists_every_text_that_states_it(repo: Path) -> None:
    messaging = repo / "content/messaging.yml"
    messaging.write_text(messaging.read_text().replace("value: 98.7%", "value: 98.9%"))
    out = findings(repo, "--since", "HEAD")
    # Every file is checked when the framework changed; the old figure is now a mismatch.
    assert sorted((f["path"], f["rule"]) for f in out) == [
        ("content/one-pagers/old.md", "claim-mismatch"),
        ("content/one-pagers/old.md", "terminology"),
        ("requests/old-ask.yml", "claim-mismatch"),
    ]
    # A text already saying the new figure is listed for review, as a warning.
    request(repo, "kind: question\ntitle: Is on-time delivery 98.9%?\n", name="old-ask")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "new figure, one answer updated")
    git(repo, "tag", "after")
    messaging.write_text(messaging.read_text().replace("value: 98.9%", "value: 99.1%"))
    request(repo, "kind: question\ntitle: Is on-time delivery 99.1%?\n", name="old-ask")
    out = findings(repo, "--since", "after")
    changed = [f for f in out if f["rule"] == "claim-changed"]
    assert [(f["path"], f["severity"]) for f in changed] == [("requests/old-ask.yml", "warning")]
    assert "changed from 98.9% to 99.1% since after" in changed[0]["message"]


def test_an_unchanged_framework_means_unchanged_files_are_not_read(repo: Path) -> None:
    assert findings(repo, "--since", "HEAD") == []
    result = run_check(repo, "--since", "HEAD")
    assert result.stderr == "0 files checked: no findings.\n"


def test_a_bad_ref_is_one_line_and_exit_2(repo: Path) -> None:
    result = run_check(repo, "--since", "no-such-branch")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "no-such-branch" in line and "git fetch origin main" in line


def test_since_outside_a_git_repository_is_one_line(sample_repo: Path) -> None:
    result = run_check(sample_repo, "--since", "main")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "needs a Git repository" in line
