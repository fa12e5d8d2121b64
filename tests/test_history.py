"""Git provenance: one `git log` gives every file its adding and last-changing commit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from enablekit.load.history import read_history
from enablekit.load.repository import load


def git(
    repo: Path, *args: str, author: str = "Dana Rep", date: str = "2026-03-04T10:00:00"
) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@example.com",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "ci@example.com",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def commit_all(repo: Path, message: str, **who: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, **who)


def test_requested_by_and_opened_default_to_the_adding_commit(sample_repo: Path) -> None:
    git(sample_repo, "init", "-q")
    commit_all(sample_repo, "start", author="Maya Marketer", date="2026-01-10T09:00:00")
    (sample_repo / "requests" / "sso-okta.yml").write_text("kind: question\ntitle: Okta SSO?\n")
    commit_all(sample_repo, "ask", author="Raj Rep", date="2026-02-02T15:30:00")
    (sample_repo / "requests" / "sso-okta.yml").write_text(
        "kind: question\ntitle: Okta SSO, SCIM?\n"
    )
    commit_all(sample_repo, "edit", author="Maya Marketer", date="2026-02-20T08:00:00")

    request = load(sample_repo).repository.request("sso-okta")

    assert request is not None and request.history is not None
    assert request.requested_by == "Raj Rep"
    assert request.opened == dt.date(2026, 2, 2)
    assert request.history.changed.author == "Maya Marketer"
    assert request.history.changed.date == dt.date(2026, 2, 20)


def test_written_values_win_over_git(sample_repo: Path) -> None:
    (sample_repo / "requests" / "sso-okta.yml").write_text(
        "kind: question\ntitle: Okta SSO?\nrequested_by: Lee\nopened: 2025-12-01\n"
    )
    git(sample_repo, "init", "-q")
    commit_all(sample_repo, "start", author="Raj Rep")

    request = load(sample_repo).repository.request("sso-okta")

    assert request is not None
    assert (request.requested_by, request.opened) == ("Lee", dt.date(2025, 12, 1))


def test_a_moved_file_keeps_its_requester(sample_repo: Path) -> None:
    git(sample_repo, "init", "-q")
    (sample_repo / "requests" / "sso-okta.yml").write_text("kind: question\ntitle: Okta SSO?\n")
    commit_all(sample_repo, "ask", author="Raj Rep", date="2026-02-02T15:30:00")
    (sample_repo / "requests" / "security").mkdir()
    git(sample_repo, "mv", "requests/sso-okta.yml", "requests/security/sso-okta.yml")
    commit_all(sample_repo, "tidy", author="Maya Marketer", date="2026-03-01T08:00:00")

    history = read_history(sample_repo)["requests/security/sso-okta.yml"]

    assert history.added.author == "Raj Rep"
    assert history.changed.author == "Maya Marketer"
    assert "requests/sso-okta.yml" not in read_history(sample_repo)


def test_a_file_deleted_and_added_again_starts_a_new_history(sample_repo: Path) -> None:
    git(sample_repo, "init", "-q")
    path = sample_repo / "requests" / "pricing.yml"
    path.write_text("kind: question\ntitle: Price?\n")
    commit_all(sample_repo, "first", author="Old Rep", date="2026-01-01T08:00:00")
    path.unlink()
    commit_all(sample_repo, "drop", author="Old Rep", date="2026-01-02T08:00:00")
    path.write_text("kind: question\ntitle: Price per invoice?\n")
    commit_all(sample_repo, "again", author="New Rep", date="2026-05-05T08:00:00")

    assert read_history(sample_repo)["requests/pricing.yml"].added.author == "New Rep"


def test_a_repository_in_a_subfolder_of_the_git_work_tree(
    tmp_path: Path, sample_repo: Path
) -> None:
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "all", author="Raj Rep")

    histories = read_history(sample_repo)

    assert "requests/sso-question.yml" in histories
    assert histories["requests/sso-question.yml"].added.author == "Raj Rep"


def test_outside_git_everything_works_without_provenance(sample_repo: Path) -> None:
    request = load(sample_repo).repository.request("sso-question")

    assert read_history(sample_repo) == {}
    assert request is not None and request.history is None and request.requested_by is None


def test_uncommitted_files_have_no_history(sample_repo: Path) -> None:
    git(sample_repo, "init", "-q")
    commit_all(sample_repo, "start")
    (sample_repo / "requests" / "new-one.yml").write_text("kind: question\ntitle: New?\n")

    repo = load(sample_repo).repository

    assert repo.request("new-one") is not None and repo.request("new-one").history is None
    assert repo.request("sso-question").history is not None


def test_a_git_repository_without_commits(sample_repo: Path) -> None:
    git(sample_repo, "init", "-q")

    assert read_history(sample_repo) == {}


def test_one_git_process_for_the_whole_history(sample_repo: Path, monkeypatch) -> None:
    """Provenance must not cost a git call per file."""
    import git as gitpython

    git(sample_repo, "init", "-q")
    for i in range(20):
        (sample_repo / "requests" / f"q-{i}.yml").write_text(f"kind: question\ntitle: Q{i}?\n")
        commit_all(sample_repo, f"q{i}")
    calls = []
    real = gitpython.cmd.Git.execute

    def counting(self, command, *args, **kwargs):
        calls.append(command)
        return real(self, command, *args, **kwargs)

    monkeypatch.setattr(gitpython.cmd.Git, "execute", counting)
    histories = read_history(sample_repo)

    assert len(histories) == 24  # 20 requests and the sample's 4 files
    assert [c[1] for c in calls if c[0] == "git"].count("log") == 1
    assert not [c for c in calls if "log" not in c and "rev-parse" not in c and "cat-file" not in c]


def test_a_shallow_clone_is_warned_about(sample_repo: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from enablekit.cli import main

    git(sample_repo, "init", "-q")
    commit_all(sample_repo, "one", author="Raj Rep", date="2026-01-01T08:00:00")
    (sample_repo / "requests" / "later.yml").write_text("kind: question\ntitle: Later?\n")
    commit_all(sample_repo, "two", author="Ana Rep", date="2026-02-01T08:00:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{sample_repo}", str(clone)], check=True
    )

    shallow = CliRunner().invoke(main, ["--root", str(clone), "validate"])
    full = CliRunner().invoke(main, ["--root", str(sample_repo), "validate"])

    assert (
        shallow.exit_code == 0
        and "warning git-history: this is a shallow Git clone" in shallow.output
    )
    assert "git-history" not in full.output
