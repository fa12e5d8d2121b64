"""The rule kinds of `enablekit check`, one module each: its ID, DEFAULT (on or off),
SEVERITY, OPTIONS and a `check()` that yields findings; the module docstring is its manual."""

from __future__ import annotations

from collections.abc import Mapping

from . import (
    banned_phrase,
    claim_changed,
    claim_expired,
    claim_mismatch,
    stale_asset,
    terminology,
    unlisted_figure,
)
from .base import Finding, Option, Rule, Settings

RULES: Mapping[str, Rule] = {
    module.ID: module
    for module in (
        terminology,
        banned_phrase,
        claim_mismatch,
        claim_expired,
        stale_asset,
        claim_changed,
        unlisted_figure,
    )
}

__all__ = ["RULES", "Finding", "Option", "Rule", "Settings"]
