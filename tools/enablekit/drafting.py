"""New request files: their YAML text, their file name, and the Git host's web editor.

One writer for both ways a rep files a request: `enablekit new request` in a terminal, and
the site's "Request this" buttons, which open GitHub's or GitLab's new-file page with the
file name and the text filled in (GitHub: `new/<branch>/<dir>?filename=&value=`, GitLab:
`-/new/<branch>/<dir>?file_name=&content=`). Only `kind` and `title` are required:
`requested_by` and `opened` come from the commit that adds the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from .model import REQUEST_KINDS, Taxonomy

#: What each kind is for, as the file's comment says it.
KIND_HELP = {
    "question": "something customers ask",
    "content": "an asset you want made",
    "objection": "pushback heard in deals",
    "lost-deal": "a deal lost, and why",
    "feedback": "a verdict on existing assets",
}
MAX_SLUG = 60


@dataclass(frozen=True)
class Draft:
    """A request not yet written: the fields a rep gives when filing one."""

    kind: str
    title: str
    details: str = ""
    stage: str | None = None
    personas: Sequence[str] = ()
    industries: Sequence[str] = ()
    assets: Sequence[str] = ()
    competitor: str | None = None
    reason: str | None = None
    requested_by: str | None = None
    tags: Sequence[str] = field(default_factory=tuple)


def slug(text: str) -> str:
    """A request id from its title: lowercase ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(words) > MAX_SLUG:
        words = words[:MAX_SLUG].rsplit("-", 1)[0]
    return words or "request"


def yaml_string(text: str) -> str:
    """A YAML string that reads back as `text` whatever it holds: JSON's double-quoted
    string is YAML's too."""
    return json.dumps(text, ensure_ascii=False)


_PLAIN = re.compile(r"[a-z][a-z0-9-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def yaml_value(text: str) -> str:
    """A taxonomy value or id as written (`decision`), quoted only when YAML would read it
    as something else."""
    return text if _PLAIN.fullmatch(text) and text not in _YAML_WORDS else yaml_string(text)


def yaml_block(text: str, indent: str = "  ") -> str:
    """Multi-line text as a literal block, or one quoted line when a block cannot keep it."""
    lines = text.strip("\n").split("\n")
    plain = all(line == line.rstrip() and "\t" not in line for line in lines)
    if len(lines) == 1 or not plain or lines[0].startswith(" ") or not lines[0]:
        return " " + yaml_string(text.strip("\n"))
    return " |-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


def _choices(values: Sequence[str]) -> str:
    shown = ", ".join(values[:12])
    return shown + (", ..." if len(values) > 12 else "")


def request_yaml(draft: Draft, taxonomy: Taxonomy | None = None, *, hints: bool = True) -> str:
    """The request file's text, with a short comment on each field when `hints` (the
    optional fields a rep left empty are shown commented out, with their choices)."""
    if draft.kind not in REQUEST_KINDS:
        raise ValueError(f"kind {draft.kind!r} is not one of {', '.join(REQUEST_KINDS)}")
    lines = []
    if hints:
        lines.append("# A request to marketing; see the README. Only kind and title are required:")
        lines.append("# who filed it and when come from the commit that adds this file.")
    kinds = ", ".join(REQUEST_KINDS)
    lines.append(f"kind: {draft.kind}" + (f"  # {kinds}" if hints else ""))
    lines.append(f"title: {yaml_string(draft.title.strip())}" + ("  # one line" if hints else ""))
    if draft.details.strip():
        lines.append("details:" + yaml_block(draft.details))
    elif hints:
        lines.append("# details: what the customer said, in your words")

    def listed(name: str, values: Sequence[str], choices: Sequence[str], help_: str) -> None:
        if values:
            lines.append(f"{name}: [{', '.join(yaml_value(v) for v in values)}]")
        elif hints and choices:
            lines.append(f"# {name}: [{choices[0]}]  # {help_}: {_choices(choices)}")

    tax = taxonomy
    if draft.stage:
        lines.append(f"stage: {yaml_value(draft.stage)}")
    elif hints and tax is not None and tax.stages:
        lines.append(f"# stage: {tax.stages[0]}  # where it comes up: {_choices(tax.stages)}")
    listed("personas", draft.personas, tax.personas if tax else (), "who asks")
    listed("industries", draft.industries, tax.industries if tax else (), "which industries")
    if draft.competitor:
        lines.append(f"competitor: {yaml_string(draft.competitor)}")
    elif hints and draft.kind in ("objection", "lost-deal"):
        lines.append("# competitor: who the customer compared us with")
    if draft.reason:
        lines.append(f"reason: {yaml_string(draft.reason)}")
    elif hints and draft.kind == "lost-deal":
        lines.append("# reason: why the deal was lost")
    if draft.assets:
        lines.append(f"assets: [{', '.join(yaml_value(a) for a in draft.assets)}]")
    if draft.requested_by:
        lines.append(f"requested_by: {yaml_string(draft.requested_by)}")
    if draft.tags:
        lines.append(f"tags: [{', '.join(yaml_value(t) for t in draft.tags)}]")
    if hints:
        lines.append("# priority: normal  # low, normal, high, urgent")
        lines.append("# deals: [{id: OPP-123, amount: 50000, outcome: open}]  # CRM deals at stake")
    return "\n".join(lines) + "\n"


def new_file_url(repo_url: str, branch: str, path: str, text: str) -> str:
    """The Git host's page for a new file at `path`, its name and text filled in."""
    folder, _, name = path.rpartition("/")
    base, (name_key, text_key) = new_file_page(repo_url, branch, folder)
    return f"{base}?{name_key}={quote(name, safe='')}&{text_key}={quote(text, safe='')}"


def new_file_page(repo_url: str, branch: str, folder: str) -> tuple[str, tuple[str, str]]:
    """The Git host's new-file page for `folder`, and the names of its two parameters (the
    file name and the text)."""
    base = repo_url.rstrip("/")
    target = quote(branch, safe="") + (f"/{quote(folder)}" if folder else "")
    if "gitlab" in (urlsplit(base).hostname or ""):
        return f"{base}/-/new/{target}", ("file_name", "content")
    return f"{base}/new/{target}", ("filename", "value")
