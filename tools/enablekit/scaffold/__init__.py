"""`enablekit init`: a new enablement repository, from the templates shipped in this package.

`files` renders the templates into {path: text} (pure); `writing` puts them on disk
without ever overwriting a file, and says what a person does next.
"""

from __future__ import annotations

from .files import DEFAULT_NAME, Settings, SettingsError, render
from .writing import (
    Blocked,
    NotEmpty,
    Plan,
    ScaffoldError,
    inside_git,
    next_steps,
    plan,
    write,
)

__all__ = [
    "DEFAULT_NAME",
    "Blocked",
    "NotEmpty",
    "Plan",
    "ScaffoldError",
    "Settings",
    "SettingsError",
    "inside_git",
    "next_steps",
    "plan",
    "render",
    "write",
]
