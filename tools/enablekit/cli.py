"""The `enablekit` command: Click wiring only; the work is done by library functions."""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__, blas, scaffold  # noqa: F401  (blas: before numpy)
from .cli_new import new_group
from .demand import (
    format_gaps_json,
    format_gaps_text,
    ranked_gaps,
    verdicts,
    verdicts_in_background,
)
from .link.duplicates import duplicates_in_background, find_duplicates
from .link.match import GAP_THRESHOLD, Index, index_of, link_requests
from .link.output import join_links_json, join_links_text, linked_parts, links_json, links_text
from .link.write import accepted, apply, plan_edits
from .load.changes import SinceError
from .load.documents import usable_cpus
from .load.repository import Loaded, RootNotFound, find_root, load
from .problems import (
    Problem,
    format_github,
    format_json,
    format_sarif,
    format_text,
    has_errors,
    summary,
)
from .schema_files import write_schemas
from .validate import validate

# The site (MkDocs), the messaging check and the report are imported by the commands that
# use them: `link`, `validate` and `gaps` start without loading MkDocs.
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
    from .site.build import SiteError, build_site, write_markdown

    root = obj.root

    # The gaps page's matcher starts in a forked process as soon as the files are read,
    # beside validation's duplicate finder (both cores).
    def start_matcher(loaded: Loaded) -> None:
        if usable_cpus() > 1:
            verdicts_in_background(loaded.repository)

    loaded, problems = validate(root, loaded_hook=start_matcher)
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
    from .site.build import SiteError, serve_site

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
    help="Below this chance that its best match answers it, a request is a content gap.",
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
    default=0.4,
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
      enablekit link --diff --min-score 0.5 && enablekit link --write --min-score 0.5
    """
    # The matcher's index is made as soon as the assets are read, while requests are read.
    index: list[Index] = []
    repo = load(obj.root, content_read=lambda content: index.append(index_of(content))).repository
    jobs = usable_cpus()
    if not (show_diff or write):
        # The listing shows duplicates too: found in a forked process while the links are
        # made; each half of the requests is formatted where it was linked.
        found = duplicates_in_background(repo) if jobs > 1 else None
        if output_format == "json":
            parts = linked_parts(repo, links_json, threshold=threshold, jobs=jobs, index=index[0])
            text = join_links_json(parts, found() if found else find_duplicates(repo))
        else:
            lines = linked_parts(repo, links_text, threshold=threshold, jobs=jobs, index=index[0])
            text = join_links_text(lines, found() if found else find_duplicates(repo))
        click.echo(text, nl=False)
        return
    links = link_requests(repo, threshold=threshold, jobs=jobs, index=index[0])
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


def _rule_descriptions() -> dict[str, str]:
    from .check.rules import RULES

    described = {
        rule_id: " ".join((rule.__doc__ or rule_id).strip().split("\n\n")[0].split()).split(
            ": ", 1
        )[-1]
        for rule_id, rule in RULES.items()
    }
    described["suppression"] = "a suppression comment names no rule, or an unknown one"
    described["syntax"] = "a file that cannot be read, so it is not checked"
    described["messaging"] = "content/messaging.yml is missing"
    return described


CHECK_FORMATTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": format_text,
    "json": lambda problems: format_json(problems, key="findings"),
    "github": format_github,
    "sarif": lambda problems: format_sarif(problems, _rule_descriptions(), version=__version__),
}


def _rule_ids(values: Sequence[str], option: str) -> set[str]:
    from .check.rules import RULES

    ids = {v.strip() for value in values for v in value.split(",") if v.strip()}
    for rule_id in ids - set(RULES):
        raise click.BadParameter(
            f"no rule '{rule_id}'; rules are: {', '.join(RULES)}", param_hint=option
        )
    return ids


def _rule_options(values: Sequence[str]) -> dict[str, dict[str, object]]:
    from .check.rules import RULES

    options: dict[str, dict[str, object]] = {}
    for value in values:
        name, sep, raw = value.partition("=")
        rule_id, dot, option = name.strip().partition(".")
        rule = RULES.get(rule_id)
        known = rule.OPTIONS if rule else {}
        if not (sep and dot and option in known):
            every = [f"{r}.{o}" for r, m in RULES.items() for o in m.OPTIONS]
            raise click.BadParameter(
                f"'{value}' is not RULE.OPTION=VALUE with a known option; options are: "
                + ", ".join(every),
                param_hint="--set",
            )
        kind = known[option].type
        try:
            options.setdefault(rule_id, {})[option] = kind(raw.strip())
        except ValueError as exc:
            raise click.BadParameter(
                f"{name} takes {kind.__name__}, not '{raw.strip()}'", param_hint="--set"
            ) from exc
    return options


def _list_rules() -> str:
    from .check.rules import RULES

    lines = []
    for rule_id, rule in RULES.items():
        state = "on" if rule.DEFAULT else "off"
        lines.append(f"{rule_id} ({state}, {rule.SEVERITY}): {_rule_descriptions()[rule_id]}")
        for name, option in rule.OPTIONS.items():
            lines.append(
                f"    {rule_id}.{name}={option.default!s} ({option.type.__name__}): {option.help}"
            )
    return "\n".join(lines) + "\n"


@main.command(name="check")
@click.option(
    "--since",
    metavar="REF",
    help="Check only files changed since this Git ref, and list every text that uses a "
    "claim whose value changed since then.",
)
@click.option(
    "--fix", is_flag=True, help="Rewrite terms and banned phrases that have a suggestion."
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Show what --fix would change; write nothing."
)
@click.option("--enable", multiple=True, metavar="RULE", help="Turn a rule on (repeatable).")
@click.option("--disable", multiple=True, metavar="RULE", help="Turn a rule off (repeatable).")
@click.option(
    "--set",
    "option_values",
    multiple=True,
    metavar="RULE.OPTION=VALUE",
    help="Set a rule option, e.g. stale-asset.warn_days=30 (repeatable).",
)
@click.option(
    "--date",
    "on_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as on this day (YYYY-MM-DD) instead of today: what expires by then?",
)
@click.option("--list-rules", is_flag=True, help="List the rules, their options, and exit.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(CHECK_FORMATTERS)),
    default=None,
    help="Output format. Default: text, or github under GitHub Actions (GITHUB_ACTIONS=true).",
)
@click.pass_obj
def check_command(
    obj: Context,
    since: str | None,
    fix: bool,
    show_diff: bool,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    option_values: tuple[str, ...],
    on_date: dt.datetime | None,
    list_rules: bool,
    output_format: str | None,
) -> None:
    """Hold assets and requests to the messaging framework in content/messaging.yml.

    Terminology, banned phrases, figures that contradict the fact sheet, expired claims and
    stale assets; reported as `path:line:col: severity rule: message`, exit 1 on errors.

    \b
    Example:
      enablekit check
      enablekit check --since origin/main --format github   # a pull request's check
      enablekit check --diff && enablekit check --fix        # rewrite old terms
      enablekit check --format sarif > check.sarif           # for code scanning
      enablekit check --enable unlisted-figure --set claim-expired.warn_days=30
    """
    from .check.run import MessagingError, default_rules, run_check, write_fixes

    if list_rules:
        click.echo(_list_rules(), nl=False)
        return
    rules = (default_rules() | _rule_ids(enable, "--enable")) - _rule_ids(disable, "--disable")
    root = obj.root
    try:
        report = run_check(
            root,
            rules=frozenset(rules),
            today=on_date.date() if on_date else dt.date.today(),
            options=_rule_options(option_values),
            since=since,
            fix=fix or show_diff,
        )
    except SinceError as exc:
        raise click.BadParameter(
            str(exc).removeprefix(f"--since {since}: "), param_hint="--since"
        ) from exc
    except MessagingError as exc:
        first = exc.problems[0] if exc.problems else None
        where = f"{first.path}:{first.line}:{first.column}: " if first else ""
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise click.ClickException(
            f"{where}{exc}{more}; the messaging framework must be valid before anything is "
            "checked against it (enablekit validate lists every problem)"
        ) from exc
    if show_diff:
        click.echo(
            "".join(_diff(o.path, o.original or "", o.fixed or "") for o in report.fixed), nl=False
        )
        fixes = sum(o.fixes for o in report.fixed)
        click.echo(f"{len(report.fixed)} files would change ({fixes} fixes).", err=True)
        if not fix:
            return
    if fix:
        skipped = write_fixes(root, report.fixed)
        fixes = sum(o.fixes for o in report.fixed if o.path not in skipped)
        click.echo(f"fixed {fixes} findings in {len(report.fixed) - len(skipped)} files.", err=True)
        for path in skipped:
            click.echo(f"{path}: changed while being checked; not fixed, run again", err=True)
    fmt = output_format or _default_format()
    click.echo(CHECK_FORMATTERS[fmt](report.problems), nl=False)
    if fmt == "text":
        click.echo(summary(report.problems, report.files).replace("problem", "finding"), err=True)
    sys.exit(1 if has_errors(report.problems) else 0)


def _diff(path: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
    )


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


@main.command(name="report")
@click.option(
    "--since",
    default="30d",
    show_default=True,
    help="Days (30d), a date (2026-10-01) or a Git ref (v1.2, origin/main~50).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    help="Markdown (default), or a standalone HTML page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.pass_obj
def report_command(obj: Context, since: str, output_format: str, output: Path | None) -> None:
    """The digest for the monthly sales and marketing meeting.

    New and updated assets, requests answered, the top open asks by demand, SLA
    breaches by owner, objections and losses by competitor, stale assets.

    \b
    Example:
      enablekit report --since 30d > report.md
      enablekit report --since v2026.10 --format html -o report.html
    """
    from .report import report_html, report_markdown, since_date
    from .site.build import SiteError, _config, _plugin

    root = obj.root
    today = dt.date.today()
    try:
        start = since_date(since, root, today)
    except SinceError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        config = _config(root)
        options = _plugin(config).options(config)
    except SiteError as exc:
        raise click.ClickException(str(exc)) from exc
    title = f"{options.site_name} report"
    text = report_markdown(load(root).repository, start, today, dict(options.sla_days), title)
    if output_format == "html":
        text = report_html(text, title)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
    click.echo(f"wrote {output}", err=True)


@main.command(name="init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Add the missing files to a folder that is not empty; nothing is overwritten.",
)
@click.option(
    "--name",
    default=scaffold.DEFAULT_NAME,
    show_default=True,
    help="The company, for the site's title and the examples.",
)
@click.option(
    "--repo-url",
    metavar="URL",
    help="The repository's web address (https://github.com/ORG/REPO): edit links, CODEOWNERS.",
)
def init_command(directory: Path, force: bool, name: str, repo_url: str | None) -> None:
    """Start a new enablement repository in DIRECTORY.

    Writes mkdocs.yml, content/ (taxonomy, messaging, two example assets), requests/ (two
    examples), enablement/index.md, README.md, and .github/ (workflows that check pull
    requests and publish the site on GitHub Pages, CODEOWNERS, a pull-request template).
    DIRECTORY must be new or empty (a .git folder is fine); with --force, files that exist
    are kept as they are and listed as skipped.

    \b
    Example:
      enablekit init enablement --name "Acme" --repo-url https://github.com/acme/enablement
      enablekit init . --force            # add what is missing to this repository
    """
    try:
        settings = scaffold.Settings(name=name, repo_url=repo_url, today=dt.date.today())
    except scaffold.SettingsError as exc:
        raise click.UsageError(str(exc)) from exc
    files = scaffold.render(settings)
    try:
        plan = scaffold.plan(directory, files, force=force)
        written = scaffold.write(plan, files)
    except scaffold.NotEmpty as exc:
        raise click.UsageError(str(exc)) from exc
    except scaffold.ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    for relative in written:
        click.echo(f"wrote {relative}")
    for relative in plan.skip:
        click.echo(f"skipped {relative} (exists; left as it is)")
    click.echo(
        f"\n{len(written)} files written to {directory}, {len(plan.skip)} skipped.", err=True
    )
    in_git = scaffold.inside_git(directory)
    click.echo(scaffold.next_steps(directory, settings, in_git=in_git), nl=False, err=True)


main.add_command(new_group)
