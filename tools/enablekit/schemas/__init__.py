"""The JSON Schemas (draft 2020-12) of enablekit's files, shipped inside the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

NAMES = ("request", "asset", "messaging", "taxonomy")


@cache
def schema(name: str) -> dict[str, Any]:
    """The schema of one kind of file: request, asset, messaging or taxonomy."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result
