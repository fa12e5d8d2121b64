"""`enablekit link`: the FORMATS.md shape, explicit links first, drafts never suggested."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from enablekit.cli import main


def run_link(repo: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["--root", str(repo), "link", "--format", "json"])
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)["requests"]}


def test_link_json_has_the_formats_shape(sample_repo: Path) -> None:
    (sample_repo / "requests" / "okta-scim.yml").write_text(
        "kind: question\ntitle: Does single sign-on with Okta work?\n")
    (sample_repo / "requests" / "fb.yml").write_text("kind: feedback\ntitle: Nice\nassets: [sso-brief]\n")

    out = run_link(sample_repo)

    assert set(out) == {"sso-question", "okta-scim"}  # feedback names its assets: not linked
    for entry in out.values():
        assert isinstance(entry["gap"], bool)
        assert all(0 <= m["score"] <= 1 and isinstance(m["asset"], str) for m in entry["matches"])
    assert out["sso-question"]["matches"][0] == {
        "asset": "sso-brief", "score": 1.0, "reason": "linked in the request or the asset", "explicit": True}
    assert out["okta-scim"]["matches"][0]["asset"] == "sso-brief"
    assert "okta" in out["okta-scim"]["matches"][0]["reason"]


def test_drafts_are_never_suggested_and_unrelated_requests_are_gaps(sample_repo: Path) -> None:
    brief = sample_repo / "content" / "one-pagers" / "sso-brief.md"
    brief.write_text(brief.read_text().replace("status: published", "status: draft"))
    (sample_repo / "requests" / "sso-question.yml").write_text(
        "kind: question\ntitle: Does People Cloud support single sign-on with Okta?\n")
    (sample_repo / "requests" / "forklifts.yml").write_text("kind: question\ntitle: Forklift maintenance schedules?\n")

    out = run_link(sample_repo)

    assert out["sso-question"]["matches"] == [] and out["sso-question"]["gap"] is True
    assert out["forklifts"]["gap"] is True
