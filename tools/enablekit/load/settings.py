"""enablekit's settings: the options of its plugin entry in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .yamlfile import parse_yaml


def read_settings(root: Path) -> dict[str, Any]:
    """The `enablekit` plugin's options from mkdocs.yml ({} when absent or unreadable)."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    parsed, _ = parse_yaml("mkdocs.yml", text, any_tags=True)
    if parsed is None or not isinstance(parsed.data, dict):
        return {}
    return plugin_options(parsed.data.get("plugins"))


def plugin_options(plugins: Any) -> dict[str, Any]:
    """Find `enablekit` in `plugins:`, written as a list (`- enablekit:`) or as a mapping."""
    if not isinstance(plugins, (dict, list)):
        return {}
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (
            next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)
            for p in plugins or ()
        )
    )
    for name, options in entries:
        if name == "enablekit":
            return options if isinstance(options, dict) else {}
    return {}
