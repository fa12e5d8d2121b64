"""`enablekit new request` / `new asset` on real repositories, inside and outside Git."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
import yaml
from click.testing import CliRunner, Result

from enablekit.cli import main

from .conftest import RunValidate

OKTA = "requests/sso-question.yml"


def run(repo: Path, *args: str, answers: str | None = None) -> Result:
    env = {"ENABLEKIT_INTERACTIVE": "1" if answers is not None else "0"}
    return CliRunner().invoke(main, ["--root", str(repo), "new", *args], input=answers, env=env)


def errors(run_validate: RunValidate, repo: Path) -> list[dict[str, object]]:
    return [p for p in run_validate(repo).problems if p.get("severity") == "error"]


def test_a_request_from_options_validates_and_never_overwrites(
    sample_repo: Path, run_validate: RunValidate
) -> None:
    args = ["request", "--kind", "objection", "--title", "Too expensive for a 50-person team"]
    first = run(sample_repo, *args, "--stage", "decision", "--competitor", "Rivalsoft")
    second = run(sample_repo, *args)

    assert first.exit_code == 0, first.output
    assert "wrote requests/too-expensive-for-a-50-person-team.yml" in first.output
    assert "wrote requests/too-expensive-for-a-50-person-team-2.yml" in second.output
    data = yaml.safe_load(
        (sample_repo / "requests/too-expensive-for-a-50-person-team.yml").read_text()
    )
    assert data["kind"] == "objection" and data["competitor"] == "Rivalsoft"
    assert errors(run_validate, sample_repo) == []


def test_questions_are_asked_when_options_are_missing(
    sample_repo: Path, run_validate: RunValidate
) -> None:
    answers = "content\nA case study from a hospital\nThey run 40 clinics.\ndecision\nit-admin\n\n"
    result = run(sample_repo, "request", answers=answers)

    assert result.exit_code == 0, result.output
    data = yaml.safe_load((sample_repo / "requests/a-case-study-from-a-hospital.yml").read_text())
    assert data["kind"] == "content"
    assert data["details"] == "They run 40 clinics."
    assert data["stage"] == "decision" and data["personas"] == ["it-admin"]
    assert errors(run_validate, sample_repo) == []


def test_without_a_terminal_missing_options_are_one_line_errors(sample_repo: Path) -> None:
    result = run(sample_repo, "request", "--title", "no kind")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: give --kind and --title, or run it in a terminal to be asked (see --help)"
    ]
    bad = run(sample_repo, "request", "--kind", "question", "--title", "x", "--stage", "decison")
    assert bad.exit_code == 2
    assert "did you mean decision?" in bad.output
    assert not (sample_repo / "requests/x.yml").exists()


def test_a_rep_joins_the_open_request_that_asks_the_same(sample_repo: Path) -> None:
    before = (sample_repo / OKTA).read_text()
    title = "does People Cloud do single sign-on with Okta"

    result = run(
        sample_repo,
        "request",
        "--kind",
        "question",
        "--title",
        title,
        "--by",
        "Dana Rep",
        answers="y\n",
    )

    assert result.exit_code == 0, result.output
    assert f"{OKTA} asks the same" in result.output
    after = (sample_repo / OKTA).read_text()
    assert after == before + "asked_by: [Dana Rep]\n"  # nothing else in the file changed
    assert sorted(p.name for p in (sample_repo / "requests").iterdir()) == ["sso-question.yml"]


def test_plus_one_for_scripts_and_a_new_file_when_declined(sample_repo: Path) -> None:
    title = "Okta single sign-on with People Cloud?"
    declined = run(
        sample_repo, "request", "--kind", "question", "--title", title, answers="n\n\n\n\n\n"
    )
    assert declined.exit_code == 0, declined.output
    assert (sample_repo / "requests/okta-single-sign-on-with-people-cloud.yml").exists()

    joined = run(
        sample_repo, "request", "--kind", "question", "--title", title, "--plus-one", "--by", "Sam"
    )
    assert joined.exit_code == 0, joined.output
    assert "added Sam to asked_by" in joined.output


def _git_repo(path: Path) -> git.Repo:
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Riley Rep")
        config.set_value("user", "email", "riley@example.com")
    repo.index.add(
        [
            p.relative_to(path).as_posix()
            for p in path.rglob("*")
            if p.is_file() and ".git" not in p.parts
        ]
    )
    repo.index.commit("seed")
    return repo


def test_branch_commits_the_request_with_the_git_author(sample_repo: Path) -> None:
    repo = _git_repo(sample_repo)
    result = run(
        sample_repo,
        "request",
        "--kind",
        "feedback",
        "--title",
        "The SSO brief is out of date",
        "--branch",
    )

    assert result.exit_code == 0, result.output
    assert repo.active_branch.name == "request/the-sso-brief-is-out-of-date"
    commit = repo.head.commit
    assert commit.author.name == "Riley Rep"
    assert list(commit.stats.files) == ["requests/the-sso-brief-is-out-of-date.yml"]
    assert "git push -u origin request/the-sso-brief-is-out-of-date" in result.output
    assert not repo.is_dirty(untracked_files=True)


def test_branch_outside_git_fails_before_writing(sample_repo: Path) -> None:
    result = run(sample_repo, "request", "--kind", "question", "--title", "Anything?", "--branch")
    assert result.exit_code == 1
    assert "not in a Git repository; leave out --branch" in result.output
    assert not (sample_repo / "requests/anything.yml").exists()


def test_a_new_asset_is_a_draft_that_validates_and_builds(
    sample_repo: Path, run_validate: RunValidate
) -> None:
    result = run(
        sample_repo,
        "asset",
        "--type",
        "case-study",
        "--title",
        "Acme halves its close",
        "--stage",
        "decision",
        "--owner",
        "Mo Marketer",
    )

    assert result.exit_code == 0, result.output
    text = (sample_repo / "content/case-studies/acme-halves-its-close.md").read_text()
    assert "status: draft" in text and "## The challenge" in text
    assert errors(run_validate, sample_repo) == []
    bad = run(sample_repo, "asset", "--type", "case-studdy", "--title", "x")
    assert bad.exit_code == 2 and "did you mean case-study?" in bad.output
    built = CliRunner().invoke(main, ["--root", str(sample_repo), "build", "--strict"])
    assert built.exit_code == 0, built.output
    assert not list((sample_repo / "site").rglob("acme-halves-its-close*"))  # drafts stay out


@pytest.mark.parametrize("command", ["request", "asset"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(main, ["new", command, "--help"])
    assert "Example:" in result.output and f"enablekit new {command}" in result.output
