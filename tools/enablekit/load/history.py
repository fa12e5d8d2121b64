"""Git provenance for every file under content/ and requests/, from ONE `git log`.

Asking Git per file costs a process per file (minutes on 20,000 requests); one log with
`--name-status` gives every file's adding and last-changing commit in a single pass.
Renames are followed, so a request moved to a subfolder keeps its requester.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..model import Commit, History

# GitPython is imported where it is used: importing it starts git (twice), which a folder
# outside any repository (and a command that reads no history) does without.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # no git binary: no provenance, no crash

_FORMAT = "--format=%x1e%H%x1f%an%x1f%ae%x1f%aI"


def read_history(
    root: Path, folders: tuple[str, ...] = ("content", "requests")
) -> dict[str, History]:
    """Map each file (relative to `root`, with '/') to its History; {} outside a Git repository."""
    if not maybe_in_repository(root):
        return {}
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = Path(root).resolve().relative_to(top).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        log = repo.git.log(
            _FORMAT,
            "--name-status",
            "-z",
            "--find-renames",
            "--no-color",
            "--",
            *(f"{prefix}{folder}" for folder in folders),
        )
    except (git.exc.GitError, ValueError, OSError):
        return {}
    histories = parse_log(log)
    return {path[len(prefix) :]: h for path, h in histories.items() if path.startswith(prefix)}


def is_shallow(root: Path) -> bool:
    """A shallow clone (CI's default checkout) shows every file as added by its first commit."""
    if not maybe_in_repository(root):
        return False
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
        return bool(repo.git.rev_parse("--is-shallow-repository") == "true")
    except (git.exc.GitError, ValueError, OSError):
        return False


def maybe_in_repository(root: Path) -> bool:
    """False only where GitPython finds no repository either: no folder from `root` up holds
    a `.git` (folder or file) or is itself a Git folder (holds HEAD)."""
    start = Path(root).resolve()
    return any(
        os.path.lexists(folder / ".git") or os.path.lexists(folder / "HEAD")
        for folder in (start, *start.parents)
    )


def parse_log(log: str) -> dict[str, History]:
    """Read `git log --name-status -z` output, newest commit first, into file histories."""
    changed: dict[str, Commit] = {}
    added: dict[str, Commit] = {}
    current: dict[str, str] = {}  # a path in the past -> the path of that file today
    finished: set[str] = set()  # files whose adding commit has been seen
    for record in log.split("\x1e")[1:]:
        header, _, names = record.partition("\x00")
        commit = _commit(header)
        tokens = names.lstrip("\n").split("\x00")
        i = 0
        while i < len(tokens) - 1:
            status = tokens[i]
            if status[:1] in ("R", "C"):
                old, new = tokens[i + 1], tokens[i + 2]
                i += 3
                today = current.get(new, new)
                if today not in finished:
                    changed.setdefault(today, commit)
                    if status[0] == "R":
                        current[old] = today
                    else:  # a copy is where the new file was added
                        added[today] = commit
                        finished.add(today)
                continue
            path = tokens[i + 1]
            i += 2
            today = current.get(path, path)
            if today in finished:
                continue
            changed.setdefault(today, commit)
            if status == "A":
                added[today] = commit
            if status in ("A", "D"):
                finished.add(today)
    return {path: History(added=added[path], changed=changed[path]) for path in added}


def _commit(header: str) -> Commit:
    sha, author, email, date = header.split("\x1f")
    return Commit(sha=sha, author=author, email=email, date=dt.date.fromisoformat(date[:10]))
