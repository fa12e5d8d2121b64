"""`enablekit new request` and `enablekit new asset`: Click wiring; the work is in filing.py."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .drafting import Draft, request_yaml
from .filing import (
    AssetDraft,
    FilingError,
    asset_path,
    asset_text,
    check_branch,
    commit_on_branch,
    pull_request_hint,
    request_path,
    similar_requests,
    write_new,
)
from .link.write import add_to_list, apply
from .load.repository import load
from .model import REQUEST_KINDS, Repository, Taxonomy


def _interactive() -> bool:
    """Ask for what is missing only where someone can answer (a terminal; or tests)."""
    return sys.stdin.isatty() or os.environ.get("ENABLEKIT_INTERACTIVE") == "1"


def _git_user(root: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _checked(name: str, values: Sequence[str], allowed: Sequence[str]) -> tuple[str, ...]:
    """Values of a taxonomy field, refused with the closest allowed value as the fix."""
    for value in values:
        if allowed and value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1)
            fix = f"did you mean {close[0]}?" if close else f"use one of {', '.join(allowed)}"
            raise click.UsageError(f"{name} {value!r} is not in content/taxonomy.yml; {fix}")
    return tuple(values)


def _ask_list(label: str, allowed: Sequence[str]) -> tuple[str, ...]:
    hint = f" ({', '.join(allowed[:12])}{', ...' if len(allowed) > 12 else ''})" if allowed else ""
    answer = click.prompt(f"{label}, comma-separated{hint}", default="", show_default=False)
    values = tuple(v.strip() for v in answer.split(",") if v.strip())
    return _checked(label.lower(), values, allowed)


def _ask_stage(taxonomy: Taxonomy) -> str | None:
    if not taxonomy.stages:
        return None
    answer = click.prompt(
        f"Stage ({', '.join(taxonomy.stages)}; Enter to skip)", default="", show_default=False
    ).strip()
    return _checked("stage", [answer], taxonomy.stages)[0] if answer else None


def _check_branch(root: Path, branch: str) -> None:
    try:
        check_branch(root, branch)
    except FilingError as exc:
        raise click.ClickException(str(exc)) from exc


def _commit(root: Path, files: list[Path], branch: str, message: str) -> None:
    try:
        commit_on_branch(root, files, branch, message)
    except FilingError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"committed on branch {branch}; next:")
    click.echo(pull_request_hint(root, branch))


@click.group(name="new")
def new_group() -> None:
    """File a new request (reps) or start a new asset (marketers).

    \b
    Example:
      enablekit new request
      enablekit new asset --type case-study --title "Acme cuts close time in half"
    """


@new_group.command(name="request")
@click.option("--kind", type=click.Choice(REQUEST_KINDS), help="What it is.")
@click.option("--title", help="One line, as the customer or you would say it.")
@click.option("--details", help="Context, in your words (Markdown).")
@click.option("--stage", help="Where in the buyer's journey (content/taxonomy.yml).")
@click.option("--persona", "personas", multiple=True, help="Who asks; repeat for several.")
@click.option("--industry", "industries", multiple=True, help="Repeat for several.")
@click.option("--competitor", help="For an objection or a lost deal.")
@click.option("--reason", help="For a lost deal: why it was lost.")
@click.option("--by", "requested_by", help="Your name or email. Default: from Git.")
@click.option(
    "--plus-one",
    is_flag=True,
    help="If an open request asks the same, add yourself to its asked_by instead.",
)
@click.option(
    "--branch", "on_branch", is_flag=True, help="Commit it on a new branch, ready to push."
)
@click.pass_obj
def new_request_command(
    obj: Any,
    kind: str | None,
    title: str | None,
    details: str | None,
    stage: str | None,
    personas: tuple[str, ...],
    industries: tuple[str, ...],
    competitor: str | None,
    reason: str | None,
    requested_by: str | None,
    plus_one: bool,
    on_branch: bool,
) -> None:
    """File a request: asks for what is missing, then writes requests/<title>.yml.

    First looks for an open request that asks the same thing and offers to add you to
    its asked_by instead (a "+1" counts towards demand). Never overwrites a file.

    \b
    Example:
      enablekit new request
      enablekit new request --kind question --title "Do we support Okta SSO?" \\
          --stage decision --persona it-admin --branch
    """
    root: Path = obj.root
    repo = load(root).repository
    taxonomy = repo.taxonomy
    asking = _interactive()
    if (kind is None or not title) and not asking:
        raise click.UsageError("give --kind and --title, or run it in a terminal to be asked")
    if kind is None:
        kind = click.prompt("Kind", type=click.Choice(REQUEST_KINDS), default="question")
    if not title:
        title = click.prompt("Title (one line, as the customer said it)").strip()
    if not title:
        raise click.UsageError("the title is empty; say what is asked in one line")
    first = Draft(kind=kind, title=title, details=details or "", requested_by=requested_by)
    if _plus_one(root, repo, first, plus_one, asking, on_branch):
        return
    if details is None and asking:
        details = click.prompt("Details (optional)", default="", show_default=False)
    if stage is None and asking:
        stage = _ask_stage(taxonomy)
    if not personas and asking:
        personas = _ask_list("Personas", taxonomy.personas)
    if not industries and asking:
        industries = _ask_list("Industries", taxonomy.industries)
    draft = Draft(
        kind=kind,
        title=title,
        details=details or "",
        stage=_checked("stage", [stage], taxonomy.stages)[0] if stage else None,
        personas=_checked("persona", personas, taxonomy.personas),
        industries=_checked("industry", industries, taxonomy.industries),
        competitor=competitor,
        reason=reason,
        requested_by=requested_by,
    )
    path = request_path(root, draft)
    if on_branch:
        _check_branch(root, f"request/{path.stem}")
    try:
        write_new(path, request_yaml(draft, taxonomy))
    except FilingError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {path.relative_to(root).as_posix()}")
    if on_branch:
        _commit(root, [path], f"request/{path.stem}", f"Request: {title}")


def _plus_one(
    root: Path, repo: Repository, draft: Draft, plus_one: bool, asking: bool, on_branch: bool
) -> bool:
    """Offer the open requests that ask the same; True when the rep joined one of them."""
    same = similar_requests(repo, draft)
    if not same:
        return False
    for found in same:
        click.echo(
            f"{found.original.path} asks the same ({found.score:.2f}): {found.original.title}",
            err=True,
        )
    best = same[0].original
    if not (plus_one or (asking and click.confirm(f"Add yourself to {best.path} instead?", True))):
        return False
    name = draft.requested_by or _git_user(root)
    if not name:
        if not asking:
            raise click.UsageError("give --by NAME to be added to its asked_by")
        name = click.prompt("Your name or email").strip()
    edit = add_to_list(root, best.path, "asked_by", [name])
    if edit is None:
        raise click.ClickException(
            f"{best.path}: cannot add {name} to asked_by without reformatting it; add it by hand"
        )
    apply(root, [edit])
    click.echo(f"added {name} to asked_by of {best.path}")
    if on_branch:
        _commit(
            root,
            [root / best.path],
            f"request/{Path(best.path).stem}-plus-one",
            f"+1: {best.title}",
        )
    return True


@new_group.command(name="asset")
@click.option("--type", "asset_type", help="The asset type (content/taxonomy.yml).")
@click.option("--title", help="The asset's title.")
@click.option("--summary", help="One or two sentences: what it is and who it is for.")
@click.option("--stage", help="Where in the buyer's journey it helps.")
@click.option("--persona", "personas", multiple=True, help="Who it is for; repeat for several.")
@click.option("--industry", "industries", multiple=True, help="Repeat for several.")
@click.option("--owner", help="Who keeps it true. Default: you, from Git.")
@click.option(
    "--branch", "on_branch", is_flag=True, help="Commit it on a new branch, ready to push."
)
@click.pass_obj
def new_asset_command(
    obj: Any,
    asset_type: str | None,
    title: str | None,
    summary: str | None,
    stage: str | None,
    personas: tuple[str, ...],
    industries: tuple[str, ...],
    owner: str | None,
    on_branch: bool,
) -> None:
    """Start an asset: front matter from the taxonomy and a body skeleton for its type.

    Writes content/<type>s/<title>.md as a draft (drafts are not published); set
    status: published when it is ready. Never overwrites a file.

    \b
    Example:
      enablekit new asset
      enablekit new asset --type battlecard --title "Us vs Rivalsoft" --stage decision
    """
    root: Path = obj.root
    taxonomy = load(root).repository.taxonomy
    asking = _interactive()
    if (asset_type is None or not title) and not asking:
        raise click.UsageError("give --type and --title, or run it in a terminal to be asked")
    if asset_type is None:
        asset_type = click.prompt("Type", type=click.Choice(taxonomy.asset_types))
    _checked("type", [asset_type], taxonomy.asset_types)
    if not title:
        title = click.prompt("Title").strip()
    if not title:
        raise click.UsageError("the title is empty")
    if summary is None and asking:
        summary = click.prompt("Summary (optional)", default="", show_default=False)
    if stage is None and asking:
        stage = _ask_stage(taxonomy)
    draft = AssetDraft(
        title=title,
        type=asset_type,
        summary=summary or "",
        stage=_checked("stage", [stage], taxonomy.stages)[0] if stage else None,
        personas=_checked("persona", personas, taxonomy.personas),
        industries=_checked("industry", industries, taxonomy.industries),
        owner=owner or _git_user(root),
    )
    path = asset_path(root, draft)
    if on_branch:
        _check_branch(root, f"asset/{path.stem}")
    try:
        write_new(path, asset_text(draft, taxonomy, dt.date.today()))
    except FilingError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {path.relative_to(root).as_posix()} (a draft)")
    if on_branch:
        _commit(root, [path], f"asset/{path.stem}", f"Asset (draft): {title}")
