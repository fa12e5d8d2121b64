"""`enablekit new`: a request or an asset written as a new file, never over another one,
and optionally committed on a new branch, ready to push for a pull request."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .drafting import Draft, slug, yaml_block, yaml_string, yaml_value
from .link.duplicates import Duplicate, same_as
from .model import Repository, Taxonomy


class FilingError(Exception):
    """The file could not be written or committed; the message says what to do."""


def free_path(folder: Path, name: str, suffix: str) -> Path:
    """`folder/name.suffix`, or `name-2`, `name-3` ... when taken: nothing is overwritten."""
    for number in range(1, 1000):
        candidate = folder / (f"{name}{suffix}" if number == 1 else f"{name}-{number}{suffix}")
        if not candidate.exists():
            return candidate
    raise FilingError(f"{folder}/{name}{suffix} and 998 others exist; choose another title")


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; fails rather than replace a file that appeared meanwhile."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError as exc:
        raise FilingError(f"{path} exists; nothing was written") from exc
    except OSError as exc:
        raise FilingError(f"cannot write {path}: {exc.strerror}") from exc
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)


def similar_requests(repo: Repository, draft: Draft, limit: int = 3) -> list[Duplicate]:
    """Open or in-progress requests that ask what `draft` asks, most alike first: the
    duplicate finder `validate` and `link` use (link/duplicates.py)."""
    found = same_as(repo, draft.title, draft.details, kind=draft.kind)
    return [d for d in found if d.original.status in ("open", "in-progress")][:limit]


#: Sections an asset of each type starts with: what marketing writes for it.
SKELETONS: dict[str, tuple[str, ...]] = {
    "case-study": ("The customer", "The challenge", "What they did", "Results", "In their words"),
    "one-pager": ("The problem", "What it does", "Proof", "Next step"),
    "battlecard": (
        "Who they are",
        "Where they are strong",
        "Where we win",
        "Landmines to set",
        "Objections and answers",
    ),
    "ebook": ("Introduction", "Chapter 1", "Chapter 2", "What to do next"),
    "whitepaper": ("Summary", "The problem", "The approach", "Evidence", "Conclusion"),
    "email-template": ("Subject", "Body", "Call to action"),
    "deck": ("Slide outline", "Speaker notes"),
    "video": ("What it shows", "Chapters", "Transcript"),
    "faq": ("Questions and answers",),
}


@dataclass(frozen=True)
class AssetDraft:
    title: str
    type: str
    summary: str = ""
    stage: str | None = None
    personas: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    owner: str | None = None
    review_months: int = 12


def asset_folder(asset_type: str) -> str:
    """content/ folder for a type: one-pager -> one-pagers, case-study -> case-studies."""
    return asset_type[:-1] + "ies" if asset_type.endswith("y") else asset_type + "s"


def asset_text(draft: AssetDraft, taxonomy: Taxonomy, today: dt.date) -> str:
    """Front matter (as a draft, with a review date) and a body skeleton for the type."""
    review = today.replace(year=today.year + draft.review_months // 12)
    lines = ["---", f"title: {yaml_string(draft.title.strip())}", f"type: {yaml_value(draft.type)}"]
    lines.append(
        "summary:" + yaml_block(draft.summary)
        if draft.summary.strip()
        else 'summary: ""  # one or two sentences: what it is and who it is for'
    )
    if draft.stage:
        lines.append(f"stage: {yaml_value(draft.stage)}")
    elif taxonomy.stages:
        lines.append(f"# stage: {taxonomy.stages[0]}  # {', '.join(taxonomy.stages)}")
    for name, values, choices in (
        ("personas", draft.personas, taxonomy.personas),
        ("industries", draft.industries, taxonomy.industries),
    ):
        if values:
            lines.append(f"{name}: [{', '.join(yaml_value(v) for v in values)}]")
        elif choices:
            lines.append(f"# {name}: [{choices[0]}]  # {', '.join(choices[:12])}")
    if draft.owner:
        lines.append(f"owner: {yaml_string(draft.owner)}")
    lines += [
        f"review_by: {review.isoformat()}",
        "status: draft  # publish: set status: published and published: <date>",
        "---",
        "",
        f"# {draft.title.strip()}",
        "",
    ]
    for section in SKELETONS.get(draft.type, ("Summary",)):
        lines += [f"## {section}", "", "", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def request_path(root: Path, draft: Draft) -> Path:
    return free_path(root / "requests", slug(draft.title), ".yml")


def asset_path(root: Path, draft: AssetDraft) -> Path:
    return free_path(root / "content" / asset_folder(draft.type), slug(draft.title), ".md")


def _git_repo(root: Path, branch: str) -> Any:
    """The Git repository around `root`, once it is sure a commit on `branch` can be made."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise FilingError(f"{root} is not in a Git repository; leave out --branch") from exc
    if repo.head.is_valid() and repo.index.diff("HEAD"):
        raise FilingError("changes are staged already; commit or unstage them first")
    if branch in repo.heads:
        raise FilingError(f"branch {branch} exists; pick another title or delete the branch")
    try:
        reader = repo.config_reader()
        reader.get_value("user", "name")
        reader.get_value("user", "email")
    except Exception as exc:  # configparser raises several kinds
        raise FilingError(
            "Git does not know who you are; run git config --global user.name 'Your Name' "
            "and git config --global user.email you@example.com"
        ) from exc
    return repo


def check_branch(root: Path, branch: str) -> None:
    """Fail before anything is written when the commit on `branch` could not be made."""
    _git_repo(root, branch)


def commit_on_branch(root: Path, files: list[Path], branch: str, message: str) -> str:
    """Create `branch` from HEAD, switch to it and commit `files` (and nothing else);
    the author is the one Git's configuration names. Returns the commit id."""
    repo = _git_repo(root, branch)
    top = Path(repo.working_tree_dir or root).resolve()
    repo.create_head(branch).checkout()
    repo.index.add([str(f.resolve().relative_to(top)) for f in files])
    return str(repo.index.commit(message).hexsha)


def pull_request_hint(root: Path, branch: str) -> str:
    """What to run next: the push, and where the pull request is opened."""
    import git

    lines = [f"git push -u origin {branch}"]
    try:
        url = git.Repo(root, search_parent_directories=True).remotes.origin.url
    except (AttributeError, IndexError, ValueError, git.GitError):
        url = ""
    match = re.match(r"(?:https://|git@)(github\.com|gitlab\.com)[/:](.+?)(?:\.git)?$", url)
    if match and match.group(1) == "github.com":
        lines.append(f"then open https://github.com/{match.group(2)}/pull/new/{branch}")
    elif match:
        lines.append(
            f"then open https://gitlab.com/{match.group(2)}/-/merge_requests/new"
            f"?merge_request%5Bsource_branch%5D={branch}"
        )
    else:
        lines.append("then open a pull request for the branch on your Git host")
    return "\n".join(lines)
