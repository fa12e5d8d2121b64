"""`enablekit init`: the scaffold validates, builds and lints clean, and never overwrites a file."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from enablekit.cli import main
from enablekit.scaffold import Settings, render

from .conftest import _make_runner, assert_no_traceback

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "tools" / "enablekit" / "scaffold" / "templates"
WORKFLOWS = (".github/workflows/enablekit-pr.yml", ".github/workflows/enablekit-site.yml")

EXPECTED_FILES = {
    ".github/CODEOWNERS",
    ".github/dependabot.yml",
    ".github/pull_request_template.md",
    *WORKFLOWS,
    ".gitignore",
    "README.md",
    "mkdocs.yml",
    "content/taxonomy.yml",
    "content/messaging.yml",
    "content/one-pagers/scheduler-overview.md",
    "content/faqs/security-faq.md",
    "requests/calendar-sync.yml",
    "requests/hotel-case-study.yml",
    "enablement/index.md",
}


def run(*args: str) -> Result:
    """Invoke `enablekit *args`; no traceback may reach the user."""
    result = _make_runner().invoke(main, list(args), env={"GITHUB_ACTIONS": None})
    assert_no_traceback(result)
    return result


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def tool(name: str) -> str:
    """The command `name` from this Python's environment (the test extra), else from PATH."""
    beside = Path(sysconfig.get_path("scripts")) / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        reason = f"{name} is not installed (pip install -e '.[test]')"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{reason}; required under CI")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scaffold with the defaults, made through the command, shared by the read-only tests."""
    root = tmp_path_factory.mktemp("scaffold") / "enablement"
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    return root


# --- what it writes ---------------------------------------------------------------------


def test_init_writes_the_whole_repository_and_says_so(tmp_path: Path) -> None:
    root = tmp_path / "enablement"

    result = run("init", str(root))

    assert result.exit_code == 0, result.output
    assert files_under(root) == EXPECTED_FILES
    assert {line.removeprefix("wrote ") for line in result.stdout.splitlines()} == EXPECTED_FILES
    assert "15 files written" in result.stderr
    assert "git init" in result.stderr and "Pages" in result.stderr


def test_every_template_is_rendered_with_no_placeholder_left() -> None:
    files = render(Settings(name="Acme", repo_url="https://github.com/acme/enablement"))

    assert set(files) == EXPECTED_FILES
    assert len(files) == sum(1 for p in TEMPLATES.rglob("*") if p.is_file())
    leftovers = {path: re.findall(r"@[a-z_]+@", text) for path, text in files.items()}
    assert not {path: found for path, found in leftovers.items() if found}


def test_dates_follow_the_day_of_init() -> None:
    files = render(Settings(today=dt.date(2031, 5, 2)))
    front = yaml.safe_load(files["content/faqs/security-faq.md"].split("---")[1])
    claims = yaml.safe_load(files["content/messaging.yml"])["claims"]

    assert front["published"] == dt.date(2031, 5, 2)
    assert front["review_by"] == dt.date(2032, 5, 1)
    assert {claim["valid_until"] for claim in claims} == {dt.date(2033, 5, 1)}


# --- the scaffold is clean --------------------------------------------------------------


def test_the_scaffold_validates_clean(scaffolded: Path) -> None:
    result = run("--root", str(scaffolded), "validate", "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"problems": []}


def test_the_scaffold_builds_with_strict(scaffolded: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"

    result = run("--root", str(scaffolded), "build", "--strict", "--site-dir", str(site))

    assert result.exit_code == 0, result.output + result.stderr
    assert (site / "library" / "scheduler-overview" / "index.html").is_file()
    assert "Fernleaf enablement" in (site / "index.html").read_text(encoding="utf-8")


def test_the_examples_link_one_answer_and_one_gap(scaffolded: Path) -> None:
    result = run("--root", str(scaffolded), "link", "--format", "json")
    links = {entry["id"]: entry for entry in json.loads(result.stdout)["requests"]}

    assert result.exit_code == 0
    assert links["calendar-sync"]["gap"] is False
    assert links["calendar-sync"]["matches"][0]["asset"] == "scheduler-overview"
    assert links["hotel-case-study"]["gap"] is True


def test_the_scaffold_passes_the_messaging_check(scaffolded: Path) -> None:
    result = run("--root", str(scaffolded), "check", "--format", "json")

    assert result.exit_code == 0, result.output + result.stderr
    assert json.loads(result.stdout) == {"findings": []}


@pytest.mark.parametrize(
    "name", ["Acme & Co.", "O'Hara Foods", "Zürich-Nord Bank", "3M"], ids=lambda n: n
)
def test_any_allowed_name_still_validates(tmp_path: Path, name: str) -> None:
    root = tmp_path / "repo"
    assert run("init", str(root), "--name", name).exit_code == 0

    result = run("--root", str(root), "validate", "--format", "json")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"problems": []}
    assert config["site_name"] == f"{name} enablement"


def test_repo_url_sets_edit_links_codeowners_and_the_site_address(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    url = "https://github.com/Acme-Co/enablement"

    result = run("init", str(root), "--repo-url", url)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    owners = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")

    assert result.exit_code == 0, result.output
    assert f'repo_url: "{url}"' in config
    assert "/requests/ @Acme-Co/sales" in owners and "/content/ @Acme-Co/marketing" in owners
    assert "https://acme-co.github.io/enablement/" in (root / "README.md").read_text()
    assert f"git remote add origin {url}" in result.stderr


def test_without_repo_url_the_placeholders_are_plain(scaffolded: Path) -> None:
    owners = (scaffolded / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    config = (scaffolded / "mkdocs.yml").read_text(encoding="utf-8")

    assert "/requests/ @your-org/sales" in owners and "/content/ @your-org/marketing" in owners
    assert "# repo_url: https://github.com/your-org/enablement" in config


# --- the workflows ----------------------------------------------------------------------


def load_workflow(root: Path, name: str) -> dict[str, Any]:
    document: dict[Any, Any] = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads `on:` as True
    return document


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


@pytest.mark.parametrize("name", WORKFLOWS, ids=lambda n: Path(n).stem)
def test_every_action_is_pinned_to_a_commit_with_its_version(scaffolded: Path, name: str) -> None:
    text = (scaffolded / name).read_text(encoding="utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)

    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: no version comment"


def test_the_pull_request_workflow_checks_what_changed(scaffolded: Path) -> None:
    workflow = load_workflow(scaffolded, WORKFLOWS[0])
    runs = "\n".join(step.get("run", "") for step in steps(workflow))
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    check = next(s for s in steps(workflow) if "enablekit check" in s.get("run", ""))

    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {}
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    assert "enablekit validate --format github" in runs
    assert check["run"] == 'enablekit check --since "origin/$BASE_REF" --format github'
    assert check["env"] == {"BASE_REF": "${{ github.base_ref }}"}  # not in the script itself
    assert "enablekit link --format text" in runs
    assert f"enablekit=={Settings().version}" in workflow["env"]["ENABLEKIT"]


def test_the_site_workflow_builds_strict_and_deploys_to_pages(scaffolded: Path) -> None:
    workflow = load_workflow(scaffolded, WORKFLOWS[1])
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]

    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    assert build["permissions"] == {"contents": "read"}
    assert any("enablekit build --strict" in s.get("run", "") for s in build["steps"])
    assert build["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_workflows_pass_actionlint(scaffolded: Path) -> None:
    result = subprocess.run(
        [tool("actionlint"), "-no-color", *WORKFLOWS],
        cwd=scaffolded,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_pass_zizmor_offline(scaffolded: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")}
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--format", "json", "."],
        cwd=scaffolded,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


# --- refusing, and --force --------------------------------------------------------------


def assert_one_line_error(result: Result, exit_code: int, *says: str) -> None:
    assert result.exit_code == exit_code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for text in says:
        assert text in lines[0]


def test_a_folder_in_use_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")

    result = run("init", str(tmp_path))

    assert_one_line_error(
        result, 2, "not empty", "notes.txt", "use --force", "nothing is overwritten"
    )
    assert files_under(tmp_path) == {"notes.txt"}


def test_a_fresh_git_init_counts_as_empty(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    result = run("init", str(tmp_path))

    assert result.exit_code == 0, result.output
    assert "git init" not in result.stderr  # it is a repository already
    assert "git remote add origin" in result.stderr


def test_force_adds_what_is_missing_and_overwrites_nothing(tmp_path: Path) -> None:
    mine = {"mkdocs.yml": "site_name: Ours\n", "content/taxonomy.yml": "stages: [one]\n"}
    for relative, text in mine.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text)

    result = run("init", str(tmp_path), "--force")

    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) == EXPECTED_FILES
    for relative, text in mine.items():
        assert (tmp_path / relative).read_text() == text
        assert f"skipped {relative} (exists; left as it is)" in result.stdout
        assert f"wrote {relative}" not in result.stdout
    assert "13 files written" in result.stderr and "2 skipped" in result.stderr


def test_force_twice_writes_nothing_the_second_time(tmp_path: Path) -> None:
    assert run("init", str(tmp_path)).exit_code == 0
    before = {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path)}

    result = run("init", str(tmp_path), "--force")

    assert result.exit_code == 0, result.output
    assert "0 files written" in result.stderr and "15 skipped" in result.stderr
    assert {p: (tmp_path / p).read_bytes() for p in files_under(tmp_path)} == before


def test_directory_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "enablement"
    target.write_text("not a folder\n")

    result = run("init", str(target))

    assert_one_line_error(result, 2, "is a file")
    assert target.read_text() == "not a folder\n"


def test_directory_inside_a_file_cannot_be_written(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x\n")

    result = run("init", str(tmp_path / "file" / "enablement"))

    assert_one_line_error(result, 1, "cannot write", "Not a directory")


def test_a_file_where_a_folder_must_go_stops_before_writing(tmp_path: Path) -> None:
    (tmp_path / "content").write_text("a file, not the folder\n")

    result = run("init", str(tmp_path), "--force")

    assert_one_line_error(result, 1, "content is a file", "move it away")
    assert files_under(tmp_path) == {"content"}


def test_a_symlinked_folder_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "repo"
    root.mkdir()
    (root / "requests").symlink_to(elsewhere, target_is_directory=True)

    result = run("init", str(root), "--force")

    assert_one_line_error(result, 1, "symbolic link")
    assert not any(elsewhere.iterdir())


def test_an_unwritable_folder_is_an_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("this user (root?) writes to read-only folders: see the next test")
        result = run("init", str(locked))
    finally:
        locked.chmod(0o755)

    assert_one_line_error(result, 1, "cannot write", "Permission denied")
    assert not any(locked.iterdir())


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's sysfs")
def test_a_folder_no_one_may_create_is_an_error() -> None:
    target = Path("/sys") / f"enablekit-init-{os.getpid()}"  # sysfs refuses even root

    result = run("init", str(target))

    assert_one_line_error(result, 1, f"cannot write {target}/")
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--name", ""], "--name"),
        (["--name", 'Acme"\n- injected'], "--name"),
        (["--name", "@acme"], "--name"),
        (["--repo-url", "github.com/acme/enablement"], "--repo-url"),
        (["--repo-url", "https://github.com/acme/x y"], "--repo-url"),
    ],
    ids=["empty-name", "yaml-in-name", "name-symbol", "url-no-scheme", "url-with-space"],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, args: list[str], says: str) -> None:
    result = run("init", str(tmp_path / "repo"), *args)

    assert_one_line_error(result, 2, says)
    assert not (tmp_path / "repo").exists()


# --- packaging and pre-commit -----------------------------------------------------------


def test_a_built_wheel_ships_the_templates(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the work tree
    shutil.copytree(ROOT / "tools", source / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)

    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = dist.glob("enablekit-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())

    templates = {f"enablekit/scaffold/templates/{p}" for p in files_under(TEMPLATES)}
    assert templates and templates <= shipped


@pytest.fixture(scope="module")
def pre_commit_run(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Both hooks of this repository, run once by `pre-commit try-repo` on a committed scaffold."""
    base = tmp_path_factory.mktemp("pre-commit")
    repo = base / "enablement"
    assert run("init", str(repo)).exit_code == 0
    identity = {
        "GIT_AUTHOR_NAME": "Rep",
        "GIT_AUTHOR_EMAIL": "rep@example.com",
        "GIT_COMMITTER_NAME": "Rep",
        "GIT_COMMITTER_EMAIL": "rep@example.com",
    }
    environment = {**os.environ, **identity, "PRE_COMMIT_HOME": str(base / "cache")}
    for command in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "Start"]):
        subprocess.run(["git", *command], cwd=repo, env=environment, check=True)
    result = subprocess.run(
        [tool("pre-commit"), "try-repo", str(ROOT), "--all-files", "--verbose", "--color", "never"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.stdout + result.stderr


def hook_result(output: str, name: str) -> str:
    match = re.search(rf"^{re.escape(name)}\.+(\w+)", output, re.MULTILINE)
    assert match, f"{name} did not run:\n{output}"
    return match.group(1)


def test_pre_commit_runs_the_validate_hook(pre_commit_run: str) -> None:
    assert hook_result(pre_commit_run, "enablekit validate") == "Passed", pre_commit_run


def test_pre_commit_runs_the_check_hook(pre_commit_run: str) -> None:
    assert hook_result(pre_commit_run, "enablekit check") == "Passed", pre_commit_run
