"""`enablekit validate`: every file against its schema, then what a schema cannot see.

The schema check runs where each file is read (in worker processes on large
repositories); the cross-file checks run once over the model.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .link.duplicates import find_duplicates
from .load.attachments import ATTACHMENT_TYPES, attachment_source
from .load.documents import Document, Kind
from .load.history import is_shallow
from .load.repository import ATTACHMENTS, Loaded, load, misnamed_requests
from .model import RESERVED_ASSET_IDS, Asset, Repository, Request, Source
from .problems import Problem, error, warning
from .schemas import schema

if TYPE_CHECKING:  # imported by validate(): the commands that check no schema start sooner
    import jsonschema

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
_SCHEMA_OF = {
    Kind.REQUEST: "request",
    Kind.ASSET: "asset",
    Kind.MESSAGING: "messaging",
    Kind.TAXONOMY: "taxonomy",
}


def validate(
    root: Path, *, jobs: int | None = None, loaded_hook: Callable[[Loaded], None] | None = None
) -> tuple[Loaded, list[Problem]]:
    """Load the repository with schema checks, add the cross-file checks; problems sorted.
    `loaded_hook` sees the repository before the cross-file checks (`build` starts work
    for the site there, beside the duplicate finder)."""
    import jsonschema  # noqa: F401  (once here, not in each worker that reads files)
    import jsonschema_rs  # noqa: F401

    loaded = load(root, check=schema_problems, jobs=jobs)
    if loaded_hook is not None:
        loaded_hook(loaded)
    problems = loaded.problems + list(cross_file_problems(loaded.repository))
    problems += [
        warning(
            path,
            1,
            1,
            "file-name",
            "request files end in .yml: this one is not read; "
            f"rename it to {path.removesuffix('.yaml')}.yml",
        )
        for path in misnamed_requests(root)
    ]
    if is_shallow(root):
        problems.append(
            warning(
                "requests",
                1,
                1,
                "git-history",
                "this is a shallow Git clone, so requests without requested_by or opened get the "
                "clone's first commit as their author and date; fetch the whole history (in GitHub "
                "Actions: actions/checkout with fetch-depth: 0)",
            )
        )
    return loaded, sorted(problems, key=lambda p: (p.path, p.line, p.column, p.rule))


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema

    cls = jsonschema.validators.validator_for(schema(name))
    return cls(schema(name), format_checker=cls.FORMAT_CHECKER)


@cache
def _fast_validator(name: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(name), validate_formats=True)


def schema_problems(doc: Document) -> list[Problem]:
    """The document against its JSON Schema, each error in words a person can act on.

    jsonschema-rs answers "valid?" a hundred times faster than jsonschema, and most files
    are valid; jsonschema, whose errors carry everything an explanation needs, explains
    the rest. Both implement draft 2020-12 (tests hold them to the same verdicts).
    """
    name = _SCHEMA_OF[doc.kind]
    if _fast_validator(name).is_valid(doc.data):
        return []
    return [p for err in _validator(name).iter_errors(doc.data) for p in _explain(doc.source, err)]


def _explain(source: Source, err: jsonschema.ValidationError) -> Iterator[Problem]:
    path = tuple(err.absolute_path)
    field = _field_name(path)
    schema_part: dict[str, Any] = err.schema if isinstance(err.schema, dict) else {}
    if err.validator == "additionalProperties":
        known = list(schema_part.get("properties", {}))
        for key in sorted(set(err.instance) - set(known)):
            pos = source.key_position(*path, key)
            yield error(
                source.path,
                *pos,
                "schema",
                f"unknown field '{key}'{_did_you_mean(key, known, 'fields are: ')}",
            )
        return
    pos = source.position(*path)
    if err.validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else "a field"
        where = f" in {field}" if field else ""
        message = f"missing required field '{missing}'{where}; add it"
        yield error(source.path, *pos, "schema", message)
        return
    yield error(source.path, *pos, "schema", _message(field, err, schema_part))


def _message(field: str, err: jsonschema.ValidationError, part: dict[str, Any]) -> str:
    value = err.instance
    shown = _show(value)
    if err.validator == "enum":
        choices = [str(c) for c in err.validator_value]
        hint = _did_you_mean(str(value), choices, "use one of ") if isinstance(value, str) else ""
        return f"{shown} is not allowed for {field}{hint or '; use one of ' + ', '.join(choices)}"
    if err.validator == "type":
        wanted = err.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return f"{field} must be {_article(wanted)}, not {_kind_of(value)}"
    if err.validator == "format" and err.validator_value == "date":
        return f"{field}: {shown} is not a real date; write it as YYYY-MM-DD"
    if err.validator == "pattern":
        return f"{field}: {shown} must be {part.get('x-hint', 'of the form ' + str(err.validator_value))}"
    if err.validator == "minLength":
        return f"{field} must not be empty"
    if err.validator == "uniqueItems":
        return f"{field} lists the same value twice; keep one"
    if err.validator == "minItems":
        return f"{field} needs at least {err.validator_value} item(s)"
    if err.validator == "minimum":
        return f"{field} must be at least {err.validator_value}, not {shown}"
    if err.validator == "oneOf":
        return f"{field} must be a word or a list of words, not {_kind_of(value)}"
    return f"{field}: {err.message}"


def _field_name(path: tuple[str | int, ...]) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "the file"


def _show(value: Any) -> str:
    return (
        repr(value)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )


_KINDS = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a mapping",
    type(None): "empty",
}


def _kind_of(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def _article(json_type: str) -> str:
    words = {
        "string": "text",
        "array": "a list",
        "object": "a mapping",
        "number": "a number",
        "integer": "a whole number",
        "boolean": "true or false",
    }
    return " or ".join(words.get(t, t) for t in json_type.split(" or "))


def _did_you_mean(value: str, choices: Iterable[str], otherwise: str) -> str:
    """ "; did you mean 'x'?" when a choice is close, else the list of choices."""
    choices = list(choices)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; {otherwise}{', '.join(choices)}" if choices else ""


def cross_file_problems(repo: Repository) -> Iterator[Problem]:
    """What no schema can see: taxonomy values, ids, links, attachments, date order."""
    yield from _duplicate_ids(repo)
    yield from _reserved_ids(repo)
    yield from _file_names(repo)
    for asset in repo.assets:
        yield from _taxonomy_values(
            repo, asset.source, asset, ("type", "stage", "personas", "industries")
        )
        yield from _links(asset.source, "answers", asset.answers, repo.requests_by_id, "request")
        yield from _attachment(repo, asset)
        yield from _dates(asset)
    for request in repo.requests:
        yield from _taxonomy_values(
            repo, request.source, request, ("stage", "personas", "industries")
        )
        yield from _links(request.source, "assets", request.assets, repo.assets_by_id, "asset")
        yield from _dates(request)
        yield from _answered(repo, request)
    yield from _duplicate_requests(repo)


def _duplicate_ids(repo: Repository) -> Iterator[Problem]:
    for what, items in (("asset", repo.assets), ("request", repo.requests)):
        first: dict[str, Asset | Request] = {}
        for item in items:
            if item.id not in first:
                first[item.id] = item
                continue
            pos = item.source.key_position("id")
            yield error(
                item.path,
                *pos,
                "duplicate-id",
                f"{what} id '{item.id}' is also used by {first[item.id].path}; "
                "rename one of the files",
            )
    seen: set[str] = set()
    for claim in repo.messaging.claims:
        if claim.id in seen:
            pos = claim.source.position("claims", claim.index, "id")
            yield error(
                claim.source.path,
                *pos,
                "duplicate-id",
                f"claim id '{claim.id}' is used twice; rename one",
            )
        seen.add(claim.id)


def _reserved_ids(repo: Repository) -> Iterator[Problem]:
    for asset in repo.assets:
        if asset.id in RESERVED_ASSET_IDS:
            pos = asset.source.key_position("id")
            yield error(
                asset.path,
                *pos,
                "duplicate-id",
                f"the id '{asset.id}' is the library's own page; rename the file",
            )


def _file_names(repo: Repository) -> Iterator[Problem]:
    items: tuple[Request | Asset, ...] = (*repo.requests, *repo.assets)
    for item in items:
        stem = item.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if item.id == stem and not _ID.match(stem):
            fixed = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "name"
            yield error(
                item.path,
                1,
                1,
                "file-name",
                f"the file name is the id and must be lowercase letters, digits and dashes; "
                f"rename it to {fixed}{item.path[item.path.rfind('.') :]}",
            )


def _duplicate_requests(repo: Repository) -> Iterator[Problem]:
    """A request that asks what an earlier one asks: the later-filed file is warned."""
    for duplicate in find_duplicates(repo):
        pos = duplicate.request.source.position("title")
        yield warning(
            duplicate.request.path,
            *pos,
            "duplicate-request",
            duplicate.message,
        )


def _answered(repo: Repository, request: Request) -> Iterator[Problem]:
    """An answered request with nothing to show for it."""
    if request.status == "answered" and not request.answer and not repo.linked_assets(request):
        pos = request.source.position("status")
        yield warning(
            request.path,
            *pos,
            "unanswered",
            "status is answered, but there is no answer and no assets; add one of them",
        )


def _taxonomy_values(
    repo: Repository, source: Source, item: Asset | Request, fields: tuple[str, ...]
) -> Iterator[Problem]:
    for name in fields:
        allowed = repo.taxonomy.vocabulary(name)
        value = getattr(item, name)
        values = [value] if isinstance(value, str) else list(value or ())
        for i, v in enumerate(values):
            if allowed and v and v not in allowed:
                pos = (
                    source.position(name, i)
                    if not isinstance(value, str)
                    else source.position(name)
                )
                hint = _did_you_mean(v, allowed, "use one of ")
                yield error(
                    source.path,
                    *pos,
                    "taxonomy",
                    f"{name}: '{v}' is not in content/taxonomy.yml{hint}",
                )


def _links(
    source: Source, name: str, ids: tuple[str, ...], known: dict[str, Any], what: str
) -> Iterator[Problem]:
    for i, target in enumerate(ids):
        if target not in known:
            pos = source.position(name, i)
            hint = _did_you_mean(target, known, "")
            yield error(
                source.path,
                *pos,
                "broken-link",
                f"{name}: no {what} has the id '{target}'{hint if hint.startswith('; did') else ''}",
            )


def _attachment(repo: Repository, asset: Asset) -> Iterator[Problem]:
    if not asset.file:
        return
    pos = asset.source.position("file")
    content = Path(repo.root, "content").resolve()
    target = (content / asset.file).resolve()
    relative = PurePosixPath(asset.file)
    if relative.is_absolute() or not target.is_relative_to(content):
        yield error(
            asset.path,
            *pos,
            "attachment",
            f"file: '{asset.file}' lies outside content/; put the file under "
            f"{ATTACHMENTS} and give its path relative to content/",
        )
    elif not target.is_file():
        yield error(
            asset.path,
            *pos,
            "attachment",
            f"file: content/{relative} does not exist; add it or fix the path",
        )
    elif attachment_source(Path(repo.root), asset.file) is None:
        yield error(
            asset.path,
            *pos,
            "attachment",
            f"file: content/{relative} cannot be published: it must be a regular file (not a "
            f"link) of one of the types {', '.join(sorted(ATTACHMENT_TYPES))}",
        )


def _dates(item: Asset | Request) -> Iterator[Problem]:
    for early, late in (("opened", "needed_by"), ("published", "review_by")):
        first, then = getattr(item, early, None), getattr(item, late, None)
        if first and then and then < first:
            pos = item.source.position(late)
            yield error(
                item.path,
                *pos,
                "date-order",
                f"{late} {then} is before {early} {first}; fix one of the dates",
            )
