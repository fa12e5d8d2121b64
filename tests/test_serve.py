"""`enablekit serve`: a real server, rebuilt when a request file changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return str(response.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_rebuilds_when_a_request_changes(sample_repo: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "enablekit",
            "--root",
            str(sample_repo),
            "serve",
            "-a",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        board = f"http://127.0.0.1:{port}/requests/open/"
        assert "SSO" in fetch(board) or "sso" in fetch(board).lower()
        request = sample_repo / "requests" / "sso-question.yml"
        request.write_text(request.read_text().replace("title:", "title: Renamed in flight,", 1))

        deadline = time.monotonic() + 30
        while "Renamed in flight" not in fetch(board):
            assert time.monotonic() < deadline, "the site was not rebuilt"
            time.sleep(0.5)
        assert "livereload" in fetch(f"http://127.0.0.1:{port}/")  # the page asks to be reloaded
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output, output
