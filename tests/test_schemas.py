"""The shipped JSON Schemas, `enablekit schema`, and the two validators that apply them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from click.testing import CliRunner

from enablekit.cli import main
from enablekit.schemas import NAMES, schema

GOOD_REQUEST: dict[str, Any] = {
    "kind": "question",
    "title": "Okta SSO?",
    "opened": "2026-03-04",
    "stage": "decision",
    "personas": ["cfo"],
    "deals": [{"id": "OPP-1", "amount": 4000, "outcome": "open"}],
    "assets": ["sso-brief"],
}
VARIANTS: dict[str, dict[str, Any]] = {
    "valid": {},
    "bad-kind": {"kind": "complaint"},
    "no-title": {"title": None},
    "empty-title": {"title": ""},
    "impossible-date": {"opened": "2026-02-30"},
    "date-with-time": {"opened": "2026-02-03T10:00"},
    "number-as-title": {"title": 42},
    "boolean-status": {"status": False},
    "unknown-field": {"titel": "x"},
    "deal-without-id": {"deals": [{"amount": 5}]},
    "negative-amount": {"deals": [{"id": "x", "amount": -5}]},
    "asset-id-with-space": {"assets": ["SSO brief"]},
    "twice-the-same-persona": {"personas": ["cfo", "cfo"]},
    "list-of-lists": {"tags": [["a"]]},
}


@pytest.mark.parametrize("name", NAMES)
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))
    assert schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_jsonschema_rs_and_jsonschema_agree(variant: str) -> None:
    """validate trusts jsonschema-rs for "valid?" and jsonschema for "why not?"."""
    doc = {**GOOD_REQUEST, **VARIANTS[variant]}
    doc = {k: v for k, v in doc.items() if v is not None}
    reference = jsonschema.Draft202012Validator(
        schema("request"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    fast = jsonschema_rs.validator_for(schema("request"), validate_formats=True)

    assert fast.is_valid(doc) == reference.is_valid(doc) == (variant == "valid")


def test_schema_command_writes_schemas_with_the_taxonomy(sample_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "schema", str(target)])

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{n}.schema.json" for n in NAMES)
    request = json.loads((target / "request.schema.json").read_text())
    assert request["properties"]["stage"]["enum"][:2] == ["awareness", "consideration"]
    assert request["properties"]["personas"]["items"]["enum"] == ["hr-director", "it-admin", "cfo"]
    asset = json.loads((target / "asset.schema.json").read_text())
    assert "case-study" in asset["properties"]["type"]["enum"]
    assert "yaml.schemas" in result.output


def test_written_schema_checks_a_request_as_an_editor_would(
    sample_repo: Path, tmp_path: Path
) -> None:
    CliRunner().invoke(main, ["--root", str(sample_repo), "schema", str(tmp_path / "s")])
    written = json.loads((tmp_path / "s" / "request.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(written)

    assert validator.is_valid({"kind": "question", "title": "x", "stage": "decision"})
    assert not validator.is_valid({"kind": "question", "title": "x", "stage": "decison"})


def test_schema_defaults_to_the_schemas_folder(sample_repo: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(sample_repo), "schema"])

    assert result.exit_code == 0
    assert (sample_repo / "schemas" / "request.schema.json").is_file()
