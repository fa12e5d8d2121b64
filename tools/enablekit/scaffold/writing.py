"""Putting a scaffold on disk: refuse a folder in use, never overwrite, say what comes next."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .files import Settings

# What may already be in a folder `enablekit init` treats as empty: a fresh `git init`.
_IGNORED = frozenset({".git"})


class ScaffoldError(Exception):
    """Something stops `enablekit init`; the message says what and what to do."""


class NotEmpty(ScaffoldError):
    """The folder has files already, and --force was not given."""


class Blocked(ScaffoldError):
    """A file cannot be written: something stands in its way, or the system refuses."""


@dataclass(frozen=True)
class Plan:
    """Where the scaffold goes, which files it writes, and which exist already (kept as they are)."""

    root: Path
    write: tuple[str, ...]
    skip: tuple[str, ...]


def plan(root: Path, files: Mapping[str, str], *, force: bool) -> Plan:
    """Decide what `write` will do, touching nothing; raise when it must not go ahead."""
    if root.exists() and not root.is_dir():
        raise Blocked(f"{root} is a file: give a folder (new or empty)")
    if root.is_dir() and not force:
        in_use = sorted(entry.name for entry in root.iterdir() if entry.name not in _IGNORED)
        if in_use:
            shown = ", ".join(in_use[:3]) + (", ..." if len(in_use) > 3 else "")
            raise NotEmpty(
                f"{root} is not empty ({shown}): use --force to add missing files; "
                "nothing is overwritten"
            )
    write: list[str] = []
    skip: list[str] = []
    for relative in sorted(files):
        _check_way(root, relative)
        target = root / relative
        (skip if target.exists() or target.is_symlink() else write).append(relative)
    return Plan(root, tuple(write), tuple(skip))


def _check_way(root: Path, relative: str) -> None:
    """Every folder on the way to a file must be a real folder (or not exist yet)."""
    folder = root
    for part in relative.split("/")[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise Blocked(
                f"{folder} is a symbolic link: enablekit init writes only into real folders"
            )
        if folder.exists() and not folder.is_dir():
            raise Blocked(f"{folder} is a file, where {relative} needs a folder: move it away")


def write(plan: Plan, files: Mapping[str, str]) -> list[str]:
    """Write the planned files, each only if it still does not exist; return what was written."""
    written: list[str] = []
    for relative in plan.write:
        target = plan.root / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="") as stream:
                stream.write(files[relative])
        except FileExistsError:
            continue  # appeared since the plan: it is not ours to overwrite
        except OSError as exc:
            reason = exc.strerror or str(exc)
            done = f" ({len(written)} files written before it)" if written else ""
            raise Blocked(f"cannot write {target}: {reason}{done}") from exc
        written.append(relative)
    return written


def inside_git(root: Path) -> bool:
    """Whether `root` is in a Git working tree already (so `git init` is not a next step)."""
    folder = root.resolve()
    return any((candidate / ".git").exists() for candidate in (folder, *folder.parents))


def next_steps(root: Path, settings: Settings, *, in_git: bool) -> str:
    """What a person does after `enablekit init`, as commands to copy."""
    remote = settings.repo_url or "https://github.com/your-org/enablement.git"
    lines = ["Next steps:", f"  cd {shlex.quote(str(root))}"]
    if not in_git:
        lines.append(
            '  git init -b main && git add . && git commit -m "Start the enablement repository"'
        )
    lines += [
        f"  git remote add origin {shlex.quote(remote)} && git push -u origin main",
        "  enablekit validate && enablekit serve     # check, then preview the site",
        "On GitHub: Settings > Pages > Source: GitHub Actions (publishes the site from main);",
        "  name your sales and marketing teams in .github/CODEOWNERS;",
        "  protect main: require the 'enablekit' check and a code owner's review.",
    ]
    return "\n".join(lines) + "\n"
