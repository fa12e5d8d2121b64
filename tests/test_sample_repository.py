"""The repository's own enablement library: what a newcomer sees first must be clean."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from enablekit.cli import main
from enablekit.load.repository import load
from enablekit.model import REQUEST_KINDS

ROOT = Path(__file__).resolve().parents[1]


def test_the_sample_repository_validates_clean() -> None:
    result = CliRunner().invoke(main, ["--root", str(ROOT), "validate"])

    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "git-history" not in line]
    assert lines == []  # (a shallow checkout may add its one warning about Git history)


def test_the_sample_repository_covers_every_kind_and_type() -> None:
    repo = load(ROOT, history=False).repository

    assert set(Counter(r.kind for r in repo.requests)) == set(REQUEST_KINDS)
    assert set(a.type for a in repo.assets) == set(repo.taxonomy.asset_types)
    assert len(repo.assets) >= 25 and len(repo.requests) >= 60
    statuses = Counter(r.status for r in repo.requests)
    assert statuses["open"] and statuses["answered"] and statuses["in-progress"]
    assert any(r.assets for r in repo.requests) and any(r.answer for r in repo.requests)
    assert {a.status for a in repo.assets} == {"draft", "published", "retired"}
