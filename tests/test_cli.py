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


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    import click

    found = []
    for name, command in getattr(group, "commands", {}).items():
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_help_has_an_example() -> None:
    from click.testing import CliRunner

    from enablekit.cli import main

    commands = _commands(main)
    assert len(commands) >= 9
    for command in commands:
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Example:" in result.output and "enablekit " in result.output.split("Example:")[1], (
            command
        )


def test_shell_completion_completes_commands() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "enablekit"
    program = [str(script)] if script.exists() else ["enablekit"]
    env = {
        **os.environ,
        "_ENABLEKIT_COMPLETE": "bash_complete",
        "COMP_WORDS": "enablekit re",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(program, env=env, capture_output=True, text=True, timeout=60)
    assert "plain,report" in done.stdout.splitlines()


def test_progress_shows_on_a_terminal_and_not_in_ci(tmp_path: object) -> None:
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]

    def stderr_on_a_terminal(ci: bool) -> bytes:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "CI"}
        env["TERM"] = "xterm"
        if ci:
            env["CI"] = "1"
        subprocess.run(
            [sys.executable, "-m", "enablekit", "--root", str(root), "validate"],
            stdout=subprocess.DEVNULL,
            stderr=follower,
            env=env,
            timeout=120,
            check=False,
        )
        os.close(follower)
        output = b""
        try:
            while chunk := os.read(leader, 65536):
                output += chunk
        except OSError:
            pass
        os.close(leader)
        return output

    assert b"reading " in stderr_on_a_terminal(ci=False)
    assert b"reading " not in stderr_on_a_terminal(ci=True)
