"""How `enablekit link` spreads its work, held to the answer of doing it in one piece.

The index is made while requests are still being read (`load(content_read=...)`), each half
of the requests is linked and formatted in its own process (`linked_parts`), duplicates
come back from theirs as request numbers, and positions are found from a document's text
when first asked: none of it may change a byte of what is reported.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from enablekit.link import duplicates, match, output
from enablekit.load import documents
from enablekit.load.documents import Kind, read_document
from enablekit.load.repository import list_files, load

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_content_is_handed_over_while_requests_are_read(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(documents, "PARALLEL_FROM", 1)  # the worker processes, on the sample
    seen = []
    loaded = load(ROOT, jobs=jobs, content_read=seen.append)
    whole = load(ROOT, jobs=1)
    assert len(seen) == 1
    assert seen[0].requests == ()
    assert seen[0].assets and all(
        a is b for a, b in zip(seen[0].assets, loaded.repository.assets, strict=True)
    )
    assert loaded.repository == whole.repository
    assert [d.path for d in loaded.documents] == [d.path for d in whole.documents]


@pytest.mark.parametrize("shape", ["json", "text"])
def test_halves_linked_apart_format_as_the_whole(
    monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    repo = load(ROOT).repository
    links = match.link_requests(repo)
    found = duplicates.find_duplicates(repo)
    monkeypatch.setattr(output, "PARALLEL_FROM", 2)  # two halves, one forked, on the sample
    index = match.index_of(repo)
    if shape == "json":
        parts = output.linked_parts(repo, output.links_json, jobs=2, index=index)
        assert len(parts) == 2
        assert output.join_links_json(parts, found) == output.format_links_json(links, found)
    else:
        lines = output.linked_parts(repo, output.links_text, jobs=2, index=index)
        assert len(lines) == 2
        assert output.join_links_text(lines, found) == output.format_links_text(links, found)


def test_duplicates_come_back_as_found() -> None:
    repo = load(ROOT).repository
    found = duplicates.duplicates_in_background(repo)()
    assert found == duplicates.find_duplicates(repo)
    assert all(d.request in repo.requests and d.original in repo.requests for d in found)


def test_positions_from_the_text_are_the_positions_read() -> None:
    for path, kind in list_files(ROOT):
        if kind not in (Kind.REQUEST, Kind.ASSET):
            continue
        lazy = read_document(ROOT, path, kind).source
        packed = read_document(ROOT, path, kind, packed=True).source
        assert lazy.text is not None and packed.text is None
        values, keys = packed._spots
        assert lazy._spots == (values, keys), path
        for where in values:
            assert lazy.position(*where) == packed.position(*where)


def test_no_git_is_started_outside_a_repository(tmp_path: Path) -> None:
    """GitPython starts git when imported: a folder no repository holds reads no history
    without it."""
    from enablekit.load.history import maybe_in_repository, read_history

    assert maybe_in_repository(ROOT)
    if maybe_in_repository(tmp_path):
        pytest.skip("a Git repository holds the temporary folder")
    imported = "git" in sys.modules
    assert read_history(tmp_path) == {}
    assert ("git" in sys.modules) == imported
