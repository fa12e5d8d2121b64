"""New request files and "Request this": the YAML a rep gets must read back as given and
validate, on the command line and from the Git host's editor."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from enablekit.drafting import Draft, new_file_url, request_yaml, slug
from enablekit.load.repository import load
from enablekit.site.layout import SiteOptions
from enablekit.site.pages import generate

from .conftest import RunValidate

AWKWARD = [
    "Does it work with Okta?",
    'He said "no": why?',
    "yes",
    "null",
    "- starts like a list",
    "# starts like a comment",
    "{not: a mapping}",
    "&anchor *alias !tag %percent @at `tick`",
    "Ünïcödé — and emoji 🚀",
    "trailing colon:",
    "  leading spaces",
    "line\nbreak",
]


@pytest.mark.parametrize("title", AWKWARD)
def test_request_yaml_reads_back_and_validates(
    title: str, sample_repo: Path, run_validate: RunValidate
) -> None:
    draft = Draft(
        kind="objection",
        title=title,
        details=f"First line.\n\n  indented: {title}\nlast line",
        stage="decision",
        personas=("it-admin",),
        competitor="Okta: the real one",
    )
    text = request_yaml(draft, load(sample_repo).repository.taxonomy)
    data = yaml.safe_load(text)

    assert data["title"] == title.strip()
    assert data["details"] == draft.details
    assert data["competitor"] == "Okta: the real one"
    assert data["personas"] == ["it-admin"]
    path = sample_repo / "requests" / f"{slug(title)}.yml"
    path.write_text(text, encoding="utf-8")
    run = run_validate(sample_repo)
    assert [p for p in run.problems if p.get("severity") == "error"] == [], run.stdout


def test_slugs_are_request_ids() -> None:
    assert slug("Does it work with Okta?") == "does-it-work-with-okta"
    assert slug("Ünïcödé — 🚀") == "unicode"
    assert slug("!!!") == "request"
    long = slug("word " * 40)
    assert len(long) <= 60 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", long)


def test_new_file_urls_for_github_and_gitlab() -> None:
    text = 'kind: question\ntitle: "A & B?"\n'
    github = new_file_url("https://github.com/acme/enablement/", "main", "requests/a-b.yml", text)
    parts = urlsplit(github)
    assert parts.netloc == "github.com"
    assert parts.path == "/acme/enablement/new/main/requests"
    assert parse_qs(parts.query) == {"filename": ["a-b.yml"], "value": [text]}

    gitlab = new_file_url("https://gitlab.com/acme/enablement", "dev/x", "requests/a-b.yml", text)
    parts = urlsplit(gitlab)
    assert parts.path == "/acme/enablement/-/new/dev%2Fx/requests"
    assert parse_qs(parts.query) == {"file_name": ["a-b.yml"], "content": [text]}


def _buttons(pages: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for path, text in pages.items():
        urls = re.findall(r"\]\((https://[^)]+)\)\{ \.md-button \.enablekit-ask \}", text)
        if urls:
            found[path] = urls
    return found


def test_request_this_buttons_only_with_a_repo_url(
    sample_repo: Path, run_validate: RunValidate
) -> None:
    repo = load(sample_repo).repository
    today = dt.date(2026, 11, 23)
    assert _buttons(generate(repo, SiteOptions(today=today))) == {}

    options = SiteOptions(today=today, repo_url="https://github.com/acme/enablement")
    buttons = _buttons(generate(repo, options))
    assert "faq/index.md" in buttons
    assert "gaps/index.md" in buttons
    assert "library/sso-brief.md" in buttons
    sample = load(Path(__file__).resolve().parents[1]).repository  # one with FAQ topic pages
    topics = _buttons(generate(sample, options))
    assert any(path.startswith("faq/") and path != "faq/index.md" for path in topics)
    for path, urls in buttons.items():
        for url in urls:
            query = parse_qs(urlsplit(url).query)
            (name,), (text,) = query["filename"], query["value"]
            target = sample_repo / "requests" / name
            assert not target.exists()
            target.write_text(text, encoding="utf-8")
            run = run_validate(sample_repo)
            assert [p for p in run.problems if p.get("severity") == "error"] == [], (path, text)
            target.unlink()
    feedback = parse_qs(urlsplit(buttons["library/sso-brief.md"][0]).query)["value"][0]
    assert yaml.safe_load(feedback)["assets"] == ["sso-brief"]
