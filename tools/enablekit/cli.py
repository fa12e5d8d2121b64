"""The `enablekit` command: Click wiring only; the work is done by library functions."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .demand import format_gaps_json, format_gaps_text, ranked_gaps, verdicts
from .link.duplicates import find_duplicates
from .link.match import GAP_THRESHOLD, link_requests
from .link.output import format_links_json, format_links_text
from .link.write import accepted, apply, plan_edits
from .load.repository import RootNotFound, find_root, load
from .problems import Problem, format_github, format_json, format_text, has_errors, summary
from .schema_files import write_schemas
from .site.build import SiteError, build_site, serve_site, write_markdown
from .validate import validate

FORMATTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


class Context:
    """What every command shares: where the repository is."""

    def __init__(self, root: Path | None) -> None:
        self._root = root

    @property
    def root(self) -> Path:
        if self._root is not None:
            return self._root.resolve()
        try:
            return find_root(Path.cwd())
        except RootNotFound as exc:
            raise click.UsageError(str(exc)) from exc


class OneLineErrors(click.Group):
    """Usage errors as one line (`Error: ...`), not Click's usage block: easier to read in CI logs."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            hint = " (see --help)" if isinstance(exc, click.UsageError) else ""
            click.echo(f"Error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(list(FORMATTERS)),
    default=None,
    help="Output format. Default: text, or github under GitHub Actions (GITHUB_ACTIONS=true).",
)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The enablement repository. Default: the nearest folder upward with mkdocs.yml.",
)
@click.version_option(__version__, prog_name="enablekit")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Sales and marketing enablement as code.

    Reps file requests as YAML in requests/, marketers publish assets as Markdown in
    content/; enablekit checks them, links them and publishes the library.

    \b
    Example:
      enablekit validate
      enablekit --root ~/enablement validate --format json
    """
    ctx.obj = Context(root)


@main.command(name="validate")
@format_option
@click.pass_obj
def validate_command(obj: Context, output_format: str | None) -> None:
    """Check every request, asset, taxonomy and messaging file.

    Reports every problem as `path:line:col: severity rule: message`, then exits 1 if
    any is an error, 0 otherwise.

    \b
    Example:
      enablekit validate
      enablekit validate --format github   # annotations on a pull request
    """
    loaded, problems = validate(obj.root)
    _report(problems, len(loaded.documents), output_format)
    sys.exit(1 if has_errors(problems) else 0)


def _report(problems: Sequence[Problem], files: int, output_format: str | None) -> None:
    fmt = output_format or _default_format()
    click.echo(FORMATTERS[fmt](problems), nl=False)
    if fmt == "text":
        click.echo(summary(problems, files), err=True)


def _mkdocs_logging(verbose: bool) -> None:
    """Show MkDocs' own messages the way `mkdocs build` does, without its banners."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


@main.command(name="build")
@click.option("--strict", is_flag=True, help="Fail on any warning, from validation or from MkDocs.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the site's Markdown here (for Zensical or another builder) instead of building.",
)
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to build the site. Default: site_dir in mkdocs.yml (site/).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' debug messages.")
@format_option
@click.pass_obj
def build_command(
    obj: Context,
    strict: bool,
    out: Path | None,
    site_dir: Path | None,
    verbose: bool,
    output_format: str | None,
) -> None:
    """Validate the repository, then build the enablement site.

    Problems stop the build (warnings too, with --strict). The repository is read once,
    for validation and pages alike.

    \b
    Example:
      enablekit build --strict
      enablekit build --out build/docs    # plain Markdown for another builder
    """
    root = obj.root
    loaded, problems = validate(root)
    if problems:
        _report(problems, len(loaded.documents), output_format)
    if has_errors(problems) or (strict and problems):
        raise click.ClickException("fix the problems above, then build again")
    _mkdocs_logging(verbose)
    try:
        if out is not None:
            written = write_markdown(root, loaded, out)
            click.echo(f"wrote {len(written)} files to {out}", err=True)
        else:
            site = build_site(root, loaded, strict=strict, site_dir=site_dir)
            click.echo(f"site built in {site}", err=True)
    except SiteError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command(name="serve")
@click.option(
    "-a", "--dev-addr", metavar="IP:PORT", help="Address to serve on. Default: 127.0.0.1:8000."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve_command(obj: Context, dev_addr: str | None, open_browser: bool) -> None:
    """Preview the site, rebuilding it when a page, an asset or a request changes.

    \b
    Example:
      enablekit serve
      enablekit serve -a 0.0.0.0:8080
    """
    _mkdocs_logging(False)
    try:
        serve_site(obj.root, address=dev_addr, open_browser=open_browser)
    except SiteError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command(name="gaps")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="A readable table (default) or JSON.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show only the top N.")
@click.pass_obj
def gaps_command(obj: Context, output_format: str, limit: int | None) -> None:
    """List the content gaps: unanswered requests no asset answers, most wanted first.

    A request waiting for an answer is a gap unless `enablekit link` finds an asset that
    probably answers it (those are counted apart: links to confirm, not content to make).
    Demand is the people who asked (requested_by and asked_by) plus the deals; ties go to
    the money in open deals, then priority, then age. The site's gaps page shows the same.

    \b
    Example:
      enablekit gaps --limit 10
      enablekit gaps --format json
    """
    repo = load(obj.root).repository
    ranked = ranked_gaps(repo, dt.date.today())[:limit]
    likely = verdicts(repo).likely
    click.echo(
        format_gaps_json(ranked, likely)
        if output_format == "json"
        else format_gaps_text(ranked, likely),
        nl=False,
    )


@main.command(name="link")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="A readable table (default) or JSON.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=GAP_THRESHOLD,
    show_default=True,
    help="Below this best score a request is a content gap.",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Show the change --write would make to the request files; write nothing.",
)
@click.option(
    "--write",
    is_flag=True,
    help="Add each accepted suggestion to its request's assets: (comments and layout kept).",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=0.5,
    show_default=True,
    help="With --diff or --write: the lowest score a suggestion needs to be recorded.",
)
@click.pass_obj
def link_command(
    obj: Context,
    output_format: str,
    threshold: float,
    show_diff: bool,
    write: bool,
    min_score: float,
) -> None:
    """Suggest, for every request, the assets that answer it; flag the gaps and the
    requests that ask what an earlier request asks (duplicates).

    With --diff, show what --write would add to the requests' assets:; with --write, add it.

    \b
    Example:
      enablekit link
      enablekit link --format json
      enablekit link --diff --min-score 0.6 && enablekit link --write --min-score 0.6
    """
    repo = load(obj.root).repository
    links = link_requests(repo, threshold=threshold)
    if not (show_diff or write):
        duplicates = find_duplicates(repo)
        text = (
            format_links_json(links, duplicates)
            if output_format == "json"
            else format_links_text(links, duplicates)
        )
        click.echo(text, nl=False)
        return
    edits, problems = plan_edits(obj.root, accepted(links, min_score))
    click.echo(format_text(problems), nl=False, err=True)
    if show_diff:
        click.echo("".join(edit.diff() for edit in edits), nl=False)
    if write:
        apply(obj.root, edits)
        for edit in edits:
            click.echo(f"{edit.path}: assets += {', '.join(edit.added)}", err=True)
    verb = "changed" if write else "would change"
    click.echo(f"{len(edits)} request files {verb}.", err=True)


@main.command(name="schema")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def schema_command(obj: Context, directory: Path | None) -> None:
    """Write the JSON Schemas, so editors complete and check files as you type.

    The schemas carry this repository's taxonomy, so an editor with yaml-language-server
    (VS Code's YAML extension, for one) offers the stages, personas and industries.
    DIRECTORY defaults to schemas/ in the repository.

    \b
    Example:
      enablekit schema
      enablekit schema .vscode/schemas
    """
    root = obj.root
    target = directory if directory is not None else root / "schemas"
    written = write_schemas(root, target)
    for path in written:
        click.echo(f"wrote {path}")
    request_schema = os.path.relpath(written[0], root)
    click.echo(
        "\nTo have VS Code (YAML extension) check request files as you type, add to "
        ".vscode/settings.json:\n"
        f'  "yaml.schemas": {{"{request_schema}": "requests/**/*.yml"}}',
        err=True,
    )
