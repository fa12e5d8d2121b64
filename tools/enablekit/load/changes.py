"""What changed since a Git ref: the files, and a file's text as it was then."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
if TYPE_CHECKING:  # imported where used: importing GitPython starts git
    import git


class SinceError(Exception):
    """--since cannot be answered: no Git repository, or no such ref."""


def _repo(root: Path) -> tuple[git.Repo, str]:
    """The repository holding root, and root's path inside it ('' or 'sub/dir/')."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
    except (git.exc.GitError, ValueError, OSError) as exc:
        raise SinceError(
            f"--since needs a Git repository, and {root} is not in one; run check without --since"
        ) from exc
    prefix = Path(root).resolve().relative_to(top).as_posix()
    return repo, "" if prefix == "." else prefix + "/"


def resolve(root: Path, ref: str) -> str:
    """The commit a ref names; SinceError when it names none."""
    import git

    repo, _ = _repo(root)
    try:
        return str(
            repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        )
    except git.exc.GitCommandError as exc:
        raise SinceError(
            f"--since {ref}: no commit, branch or tag is named '{ref}' in this repository; "
            "name one that exists (git branch -a lists them; in CI fetch it first, "
            "e.g. git fetch origin main, then --since origin/main)"
        ) from exc


def changed_files(root: Path, ref: str) -> set[str]:
    """Files (relative to root) added or changed since `ref`: committed, staged, unstaged or
    new and untracked."""
    import git

    repo, prefix = _repo(root)
    commit = resolve(root, ref)
    try:
        diff = repo.git.diff("--name-only", "-z", "--no-renames", "--diff-filter=d", commit, "--")
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z")
    except git.exc.GitCommandError as exc:
        raise SinceError(f"--since {ref}: git could not compare: {exc.stderr.strip()}") from exc
    names = [n for n in (diff + "\0" + untracked).split("\0") if n]
    return {n[len(prefix) :] for n in names if n.startswith(prefix)}


def text_at(root: Path, ref: str, path: str) -> str | None:
    """A file's text at `ref`, or None when it did not exist then."""
    import git

    repo, prefix = _repo(root)
    commit = resolve(root, ref)
    try:
        return str(repo.git.show(f"{commit}:{prefix}{path}", strip_newline_in_stdout=False))
    except git.exc.GitCommandError:
        return None
