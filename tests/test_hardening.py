"""What a hostile file in a pull request must not be able to do to the tool or the site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from enablekit.cli import main


def validate(repo: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--root", str(repo), "validate"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_a_symlinked_request_is_refused_not_read(sample_repo: Path) -> None:
    (sample_repo / "requests" / "passwd.yml").symlink_to("/etc/passwd")

    code, output = validate(sample_repo)

    assert (
        code == 1 and "requests/passwd.yml:1:1: error syntax: the file is a symbolic link" in output
    )
    assert "root" not in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_does_not_hang_validation(sample_repo: Path) -> None:
    os.mkfifo(sample_repo / "requests" / "pipe.yml")
    started = time.monotonic()

    code, output = validate(sample_repo)

    assert time.monotonic() - started < 10
    assert code == 1 and "requests/pipe.yml:1:1: error syntax: not a regular file" in output


def test_control_characters_spelled_as_escapes_are_reported(sample_repo: Path) -> None:
    (sample_repo / "requests" / "esc.yml").write_text(
        'kind: question\ntitle: "Hi \\e]0;owned\\a \\u202e"\n'
    )

    code, output = validate(sample_repo)

    assert code == 1 and "requests/esc.yml:2:8: error encoding:" in output
    assert "\x1b" not in output


def test_a_huge_number_is_not_infinity(sample_repo: Path) -> None:
    (sample_repo / "requests" / "inf.yml").write_text(
        "kind: question\ntitle: Big\ndeals:\n  - {id: A, amount: 1e400}\n"
    )

    code, output = validate(sample_repo)

    assert code == 1 and "requests/inf.yml:4:" in output and "amount must be a number" in output


def test_a_long_list_of_mappings_stays_fast(sample_repo: Path) -> None:
    items = "".join(f"  - {{a: {i}}}\n" for i in range(5000))
    (sample_repo / "requests" / "long.yml").write_text(
        f"kind: question\ntitle: Long\ntags:\n{items}"
    )
    started = time.monotonic()

    code, output = validate(sample_repo)

    assert time.monotonic() - started < 5
    assert code == 1 and "more than 1,000 items" in output


def test_only_safe_attachments_that_assets_point_at_are_published(sample_repo: Path) -> None:
    files = sample_repo / "content" / "files"
    files.mkdir()
    (files / "sheet.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (files / "unreferenced.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (files / "page.html").write_text("<script>alert(1)</script>")
    (files / "passwd.pdf").symlink_to("/etc/passwd")
    (sample_repo / "content" / ".secret").mkdir()
    (sample_repo / "content" / ".secret" / "keys.pdf").write_bytes(b"%PDF")
    template = "---\ntitle: {name}\ntype: one-pager\nfile: files/{name}\n---\n\nBody.\n"
    for name in ("sheet.pdf", "page.html", "passwd.pdf"):
        stem = name.split(".")[0]
        (sample_repo / "content" / "one-pagers" / f"{stem}-asset.md").write_text(
            template.format(name=name)
        )

    code, output = validate(sample_repo)
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=sample_repo,
        capture_output=True,
        text=True,
    )

    assert code == 1
    assert (
        "page-asset.md:4:7: error attachment: file: content/files/page.html cannot be published"
        in output
    )
    assert "passwd-asset.md:4:7: error attachment:" in output
    assert build.returncode == 0, build.stderr
    published = sorted(
        p.relative_to(sample_repo / "site").as_posix()
        for p in (sample_repo / "site" / "library").rglob("*")
        if "files" in p.parts
    )
    assert published == ["library/files", "library/files/sheet.pdf"]
    assert not list((sample_repo / "site").rglob("keys.pdf"))


def test_bad_sla_settings_are_one_line_errors(sample_repo: Path) -> None:
    config = sample_repo / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - enablekit\n", "  - enablekit:\n      sla: {question: five}\n"
        )
    )

    result = CliRunner().invoke(main, ["--root", str(sample_repo), "build"])

    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "sla" in result.output


def test_request_files_ending_in_yaml_are_flagged(sample_repo: Path) -> None:
    (sample_repo / "requests" / "lost.yaml").write_text("kind: lost-deal\ntitle: Lost\n")

    code, output = validate(sample_repo)

    assert code == 0
    assert "requests/lost.yaml:1:1: warning file-name: request files end in .yml" in output


def test_an_asset_cannot_take_the_library_index_id(sample_repo: Path) -> None:
    (sample_repo / "content" / "one-pagers" / "index.md").write_text(
        "---\ntitle: Index\ntype: one-pager\n---\n\nBody.\n"
    )

    code, output = validate(sample_repo)

    assert code == 1
    assert re.search(
        r"content/one-pagers/index.md:\d+:1: error duplicate-id: the id 'index'", output
    )
