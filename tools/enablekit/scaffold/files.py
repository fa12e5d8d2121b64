"""The files of a new enablement repository: the packaged templates with the settings filled in.

Templates live in `templates/`, laid out as the new repository is. A path part written
`dot-x` becomes `.x` (so `.github` and `.gitignore` ship as ordinary package data), and
`@key@` in a template is replaced by the value of that key (see `Settings.values`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from urllib.parse import urlsplit

from .. import __version__

DEFAULT_NAME = "Fernleaf"
# Letters or digits first, then what company names use; nothing YAML or Markdown reads
# as syntax inside the double-quoted scalars and the text the templates put it in.
_NAME = re.compile(r"[^\W_][\w .,&'-]{0,59}")
_URL = re.compile(r"https?://[^\s\"'<>\\`]+")
_TOKEN = re.compile(r"@([a-z_]+)@")
_PLACEHOLDER_ORG = "your-org"


class SettingsError(ValueError):
    """A setting (--name, --repo-url) the templates cannot take; the message says why."""


@dataclass(frozen=True)
class Settings:
    """What makes one scaffold differ from another."""

    name: str = DEFAULT_NAME
    repo_url: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    version: str = __version__

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise SettingsError(
                f"--name {self.name!r}: use 1 to 60 letters, digits, spaces and . , & ' - "
                "(starting with a letter or digit)"
            )
        if self.repo_url is not None and not _URL.fullmatch(self.repo_url):
            raise SettingsError(
                f"--repo-url {self.repo_url!r}: give the repository's web address, "
                "e.g. https://github.com/acme/enablement"
            )

    @property
    def github(self) -> tuple[str, str] | None:
        """(organisation, repository) when repo_url is on github.com."""
        if self.repo_url is None:
            return None
        url = urlsplit(self.repo_url)
        parts = url.path.strip("/").removesuffix(".git").split("/")
        if url.hostname != "github.com" or len(parts) != 2 or not all(parts):
            return None
        return parts[0], parts[1]

    def values(self) -> dict[str, str]:
        """The value of every `@key@` the templates use."""
        github = self.github
        repo_url = self.repo_url.rstrip("/").removesuffix(".git") if self.repo_url else None
        return {
            "name": self.name,
            "site_name": f"{self.name} enablement",
            "enablekit_version": self.version,
            "today": self.today.isoformat(),
            "review_by": (self.today + dt.timedelta(days=365)).isoformat(),
            "valid_until": (self.today + dt.timedelta(days=2 * 365)).isoformat(),
            "org": github[0] if github else _PLACEHOLDER_ORG,
            "repo_url_line": f'repo_url: "{repo_url}"'
            if repo_url
            else "# repo_url: https://github.com/your-org/enablement",
            "site_link": f" at https://{github[0].lower()}.github.io/{github[1]}/"
            if github
            else "",
        }


def render(settings: Settings) -> dict[str, str]:
    """Every file of the new repository: {relative path with '/': text}."""
    values = settings.values()
    root = resources.files(__package__).joinpath("templates")
    return {
        path: _TOKEN.sub(lambda match: values[match.group(1)], template.read_text("utf-8"))
        for path, template in sorted(_walk(root, ()))
    }


def _walk(folder: Traversable, parts: tuple[str, ...]) -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        name = (
            "." + entry.name.removeprefix("dot-") if entry.name.startswith("dot-") else entry.name
        )
        if entry.is_dir():
            if name != "__pycache__":
                yield from _walk(entry, (*parts, name))
        else:
            yield "/".join((*parts, name)), entry
