"""The command line: help with examples, version, root discovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from enablekit import __version__
from enablekit.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", [[], *[[c] for c in COMMANDS]], ids=["enablekit", *COMMANDS])
def test_every_help_has_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])

    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "enablekit" in result.output.split("Example:")[1]


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])

    assert result.exit_code == 0 and __version__ in result.output


def test_root_is_found_upward_from_a_subfolder(sample_repo: Path) -> None:
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(sample_repo / "requests")
    try:
        result = runner.invoke(main, ["validate"])
    finally:
        os.chdir(cwd)

    assert result.exit_code == 0, result.output
    assert "files checked: no problems" in result.stderr


def test_no_repository_is_a_usage_error(tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["validate"])
    finally:
        os.chdir(cwd)

    assert result.exit_code == 2
    assert "no mkdocs.yml" in result.output and "--root" in result.output


def test_unknown_command_is_one_line() -> None:
    result = CliRunner().invoke(main, ["valdate"])

    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "validate" in result.output  # Click suggests the right one
