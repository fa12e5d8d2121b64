"""Bad input to `enablekit validate`: every problem found, located, explained; never a crash.

Each case writes real files (bytes where the encoding matters) next to the valid sample
repository and expects exactly the listed problems: the good files must stay silent.
"""

from __future__ import annotations

import json
import re
import shlex
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# Every case must finish well under this, including the hostile ones (bombs, deep nesting).
FAST_SECONDS = 2.0
# Expanding an alias bomb or copying a 5,000-level tree would cost far more than this.
MEMORY_BUDGET_MB = 200.0

BAD = "requests/bad.yml"
STAGES = "stages: [awareness, consideration, decision, onboarding, renewal]\n"
ASSET = "content/faq/pricing.md"

VALID_REQUEST = """\
kind: objection
title: Your price is higher than Workday
stage: consideration
personas: [cfo]
competitor: Workday
priority: high
"""

VALID_ASSET = """\
---
title: Pricing FAQ
type: faq
stage: consideration
personas: [cfo]
---

# Pricing FAQ

What People Cloud costs, and why it pays for itself.
"""


@dataclass(frozen=True)
class Want:
    """One expected problem; `says` are regexes the message must match (case-insensitive)."""

    path: str
    line: int | range
    rule: str
    says: tuple[str, ...] = ()
    severity: str = "error"
    column: int | None = None

    def locates(self, problem: dict[str, Any]) -> bool:
        lines = self.line if isinstance(self.line, range) else range(self.line, self.line + 1)
        return (
            problem["path"] == self.path
            and problem["rule"] == self.rule
            and problem["severity"] == self.severity
            and problem["line"] in lines
            and (self.column is None or problem["column"] == self.column)
        )


@dataclass(frozen=True)
class Case:
    """Files to add to the sample repository and the problems validate must report for them."""

    id: str
    files: dict[str, str | bytes]
    want: tuple[Want, ...] = ()
    # Problems a good implementation may report as well (e.g. a consequence of the wanted one).
    may: tuple[Want, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if any(w.severity == "error" for w in self.want) else 0


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def assert_problems(
    problems: Sequence[dict[str, Any]], want: Sequence[Want], may: Sequence[Want] = ()
) -> None:
    """Each wanted problem is reported once, says what to do, and nothing else is reported."""
    unmatched = list(problems)
    listing = "\n".join(
        f"  {p['path']}:{p['line']}:{p['column']}: {p['severity']} {p['rule']}: {p['message']}"
        for p in problems
    )
    for expected in want:
        found = next((p for p in unmatched if expected.locates(p)), None)
        assert found is not None, f"missing {expected}\nreported:\n{listing}"
        unmatched.remove(found)
        assert found["message"].strip(), f"empty message for {expected}"
        for pattern in expected.says:
            assert re.search(pattern, found["message"], re.IGNORECASE), (
                f"message {found['message']!r} does not match {pattern!r}"
            )
    extra = [p for p in unmatched if not any(m.locates(p) for m in may)]
    assert not extra, f"unexpected problems:\n{listing}"


CASES = [
    # 1. YAML syntax errors, at the parser's line and column.
    Case(
        "yaml-mapping-in-plain-scalar",
        {BAD: "kind: question\ntitle: SSO: does it work with Okta?\nstage: decision\n"},
        (Want(BAD, 2, "syntax", ("quot",), column=11),),
    ),
    Case(
        "yaml-quote-inside-single-quotes",
        {BAD: "kind: question\ntitle: 'It's faster than Workday'\nstage: decision\n"},
        (Want(BAD, 2, "syntax", ("quot",), column=12),),
    ),
    Case(
        # On the last line, so the start of the quote and the end of the file agree on the line.
        "yaml-unclosed-quote",
        {BAD: 'kind: question\nstage: decision\ntitle: "Does SSO work with Okta?'},
        (Want(BAD, 3, "syntax", ("quot",)),),
    ),
    # 2. Duplicate keys, at the second occurrence, naming the line of the first.
    Case(
        "duplicate-key",
        {
            BAD: "kind: question\ntitle: Does SSO work with Okta?\nstage: decision\n"
            "title: Does SSO work with Azure AD?\n"
        },
        (Want(BAD, 4, "duplicate-key", ("title", r"\b2\b"), column=1),),
    ),
    Case(
        "duplicate-key-nested",
        {
            BAD: "kind: lost-deal\ntitle: Lost to Workday on price\ndeals:\n"
            "  - id: OPP-1\n    amount: 120000\n    outcome: lost\n    id: OPP-2\n"
        },
        (Want(BAD, 7, "duplicate-key", (r"\bid\b", r"\b4\b"), column=5),),
    ),
    # 3. YAML 1.1 booleans, and values the schema does not allow.
    Case(
        "truthy-status-no",
        {BAD: "kind: question\ntitle: Does SSO work with Okta?\nstatus: no\n"},
        (
            Want(BAD, 3, "truthy", ("quot",), severity="warning", column=9),
            Want(BAD, 3, "schema", ("open", "in-progress", "answered", "declined")),
        ),
    ),
    Case(
        # PyYAML and ruamel read a plain `y` as a string: only the warning, so exit 0.
        "truthy-only-warning",
        {BAD: "kind: question\ntitle: Does SSO work with Okta?\ntags: [sso, y]\n"},
        (Want(BAD, 3, "truthy", ("quot",), severity="warning", column=13),),
    ),
    Case(
        "impossible-date-month-13",
        {BAD: "kind: question\ntitle: Does SSO work with Okta?\nopened: 2026-13-45\n"},
        (Want(BAD, 3, "schema", ("date", r"yyyy-mm-dd|month|calendar|real|valid|exist")),),
    ),
    Case(
        "impossible-date-february-30",
        {BAD: "kind: content\ntitle: An SSO one-pager\nneeded_by: 2026-02-30\n"},
        (Want(BAD, 3, "schema", ("date",)),),
    ),
    # 4. Tabs for indentation.
    Case(
        "tab-indentation",
        {BAD: "kind: question\ntitle: Does SSO work with Okta?\npersonas:\n\t- it-admin\n"},
        (Want(BAD, 4, "syntax", ("tab", "space"), column=1),),
    ),
    # 5. Byte-order marks: accepted, and lines after them still right.
    Case("bom-valid-request", {BAD: "\ufeff" + VALID_REQUEST}),
    Case("bom-valid-asset", {ASSET: "\ufeff" + VALID_ASSET}),
    Case(
        "bom-problem-line",
        {BAD: "\ufeffkind: question\ntitle: Does SSO work?\ntitle: Does SAML work?\n"},
        (Want(BAD, 3, "duplicate-key", ("title",), column=1),),
    ),
    # 6. Windows line ends: accepted, and counted once per line.
    Case("crlf-valid-request", {BAD: crlf(VALID_REQUEST)}),
    Case("crlf-valid-asset", {ASSET: crlf(VALID_ASSET)}),
    Case(
        "crlf-problem-line",
        {BAD: crlf("kind: question\ntitle: A\nstage: decision\ntitle: B\n")},
        (Want(BAD, 4, "duplicate-key", ("title",), column=1),),
    ),
    Case(
        "crlf-front-matter-problem-line",
        {ASSET: crlf("---\ntitle: Pricing FAQ\ntype: faq\nsummary: SSO: how it works\n---\n")},
        (Want(ASSET, 4, "syntax", ("quot",), column=13),),
    ),
    # 7. Bytes that are not UTF-8.
    Case(
        "not-utf8-latin1",
        {BAD: b"kind: question\ntitle: caf\xe9 SSO\n"},
        (Want(BAD, 2, "encoding", ("utf-?8",), column=11),),
    ),
    Case(
        "not-utf8-utf16",
        {BAD: VALID_REQUEST.encode("utf-16")},
        (Want(BAD, 1, "encoding", ("utf-?8",)),),
    ),
    Case(
        "not-utf8-asset-body",
        {ASSET: VALID_ASSET.encode() + b"Prices in \x80 are final.\n"},
        (Want(ASSET, 11, "encoding", ("utf-?8",), column=11),),
    ),
    # 8. Control characters inside values.
    Case(
        "control-character-bell",
        {BAD: b"kind: question\ntitle: Does SSO\x07 work?\n"},
        (Want(BAD, 2, "encoding", ("character|control", "remove|delete"), column=16),),
    ),
    Case(
        "control-character-nul",
        {BAD: b"kind: question\ntitle: Does SSO work?\nstage: deci\x00sion\n"},
        (Want(BAD, 3, "encoding", ("character|control", "remove|delete"), column=12),),
    ),
    # 9. Nothing to read.
    Case("empty-file", {BAD: b""}, (Want(BAD, 1, "syntax", ("empty",), column=1),)),
    Case(
        "only-comments",
        {BAD: "# TODO: write the question\n# and the details\n"},
        (Want(BAD, 1, "syntax", ("empty|no content|nothing",)),),
    ),
    Case("only-blank-lines", {BAD: "\n  \n\n"}, (Want(BAD, 1, "syntax", ("empty|no content",)),)),
    # 10. More than one document.
    Case(
        "two-documents",
        {BAD: "kind: question\ntitle: A\n---\nkind: question\ntitle: B\n"},
        (Want(BAD, 3, "syntax", ("document",), column=1),),
    ),
    Case(
        "two-documents-explicit-start",
        {BAD: "---\nkind: question\ntitle: A\n---\nkind: question\ntitle: B\n"},
        (Want(BAD, 4, "syntax", ("document",), column=1),),
    ),
    Case("explicit-document-start-valid", {BAD: "---\n" + VALID_REQUEST}),
    # 11. The root must be a mapping.
    Case(
        "root-is-list",
        {BAD: "- kind: question\n- title: Does SSO work?\n"},
        (Want(BAD, 1, "syntax", ("mapping|key: value|fields",), column=1),),
    ),
    Case(
        "root-is-scalar",
        {BAD: "Does SSO work with Okta?\n"},
        (Want(BAD, 1, "syntax", ("mapping|key: value|fields",), column=1),),
    ),
    Case(
        "front-matter-root-is-list",
        {ASSET: "---\n- Pricing FAQ\n- faq\n---\n\nBody.\n"},
        (Want(ASSET, 2, "syntax", ("mapping|key: value|fields",)),),
    ),
    # 15. Unknown fields, with the nearest known one.
    Case(
        "unknown-field-titel",
        {BAD: "kind: question\ntitel: Does SSO work with Okta?\n"},
        (Want(BAD, 2, "schema", (r"did you mean \W?title\b",), column=1),),
        # `title` is then missing too; saying so separately is allowed.
        may=(Want(BAD, 1, "schema", ("title",)),),
    ),
    Case(
        "unknown-field-persona",
        {BAD: "kind: question\ntitle: Does SSO work?\npersona: [it-admin]\n"},
        (Want(BAD, 3, "schema", (r"did you mean \W?personas\b",), column=1),),
    ),
    Case(
        "unknown-field-in-front-matter",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nsumary: What it costs.\n---\n"},
        (Want(ASSET, 4, "schema", (r"did you mean \W?summary\b",), column=1),),
    ),
    # 16. Front matter that never closes.
    Case(
        "front-matter-never-closes",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\n\n# Pricing FAQ\n\nBody.\n"},
        (Want(ASSET, 1, "syntax", ("---",), column=1),),
    ),
    # 17. Front matter lines are lines of the .md file (front matter starts at line 2).
    Case(
        "front-matter-syntax-line-on-disk",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nsummary: SSO: how it works\n---\n\nBody.\n"},
        (Want(ASSET, 4, "syntax", ("quot",), column=13),),
    ),
    Case(
        "front-matter-duplicate-key",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\ntitle: Pricing questions\n---\n"},
        (Want(ASSET, 4, "duplicate-key", ("title", r"\b2\b"), column=1),),
    ),
    Case(
        "front-matter-tab-indentation",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\npersonas:\n\t- cfo\n---\n"},
        (Want(ASSET, 5, "syntax", ("tab", "space"), column=1),),
    ),
    # 18. Missing required fields, at the start of the mapping.
    Case(
        "missing-kind",
        {BAD: "title: Does SSO work with Okta?\nstage: decision\n"},
        (Want(BAD, 1, "schema", ("kind", "add|missing|required"), column=1),),
    ),
    Case(
        "missing-asset-type",
        {ASSET: "---\ntitle: Pricing FAQ\n---\n\nBody.\n"},
        (Want(ASSET, range(1, 3), "schema", (r"\btype\b", "add|missing|required")),),
    ),
    # 19. Wrong types and values.
    Case(
        "title-is-list",
        {BAD: "kind: question\ntitle: [Okta, Azure AD]\n"},
        (Want(BAD, 2, "schema", ("title", "string|text")),),
    ),
    Case(
        "kind-not-allowed",
        {BAD: "kind: complaint\ntitle: Does SSO work?\n"},
        (Want(BAD, 1, "schema", ("question", "objection", "lost-deal")),),
    ),
    # 20. Across files.
    Case(
        "taxonomy-stage-typo",
        {BAD: "kind: question\ntitle: Does SSO work?\nstage: decison\n"},
        (Want(BAD, 3, "taxonomy", (r"did you mean \W?decision\b",)),),
    ),
    Case(
        "taxonomy-persona-typo",
        {BAD: "kind: question\ntitle: Does SSO work?\npersonas: [it-admn]\n"},
        (Want(BAD, 3, "taxonomy", (r"did you mean \W?it-admin\b",)),),
    ),
    Case(
        "taxonomy-asset-type-typo",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: fqa\n---\n"},
        (Want(ASSET, 3, "taxonomy", (r"did you mean \W?faq\b",)),),
    ),
    Case(
        "broken-link-to-asset",
        {BAD: "kind: question\ntitle: Does SSO work?\nassets: [no-such-asset]\n"},
        (Want(BAD, 3, "broken-link", ("no-such-asset",)),),
    ),
    Case(
        "broken-link-to-request",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nanswers: [no-such-request]\n---\n"},
        (Want(ASSET, 4, "broken-link", ("no-such-request",)),),
    ),
    Case(
        # The sample's content/one-pagers/sso-brief.md also says `id: sso-brief` on line 4.
        "duplicate-id",
        {"content/videos/sso-brief.md": "---\ntitle: SSO demo\ntype: video\nid: sso-brief\n---\n"},
        (Want("content/videos/sso-brief.md", 4, "duplicate-id", ("one-pagers/sso-brief",)),),
        may=(Want("content/one-pagers/sso-brief.md", 4, "duplicate-id", ("videos/sso-brief",)),),
    ),
    Case(
        "attachment-outside-content",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nfile: ../../etc/passwd\n---\n"},
        (Want(ASSET, 4, "attachment", ("content",)),),
    ),
    Case(
        "attachment-absolute-path",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nfile: /etc/passwd\n---\n"},
        (Want(ASSET, 4, "attachment", ("content|relative",)),),
    ),
    Case(
        "attachment-missing",
        {ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nfile: files/missing.pdf\n---\n"},
        (Want(ASSET, 4, "attachment", (r"files/missing\.pdf",)),),
    ),
    Case(
        "attachment-present-valid",
        {
            ASSET: "---\ntitle: Pricing FAQ\ntype: faq\nfile: files/pricing.pdf\n---\n",
            "content/files/pricing.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        },
    ),
    Case(
        "needed-by-before-opened",
        {
            BAD: "kind: content\ntitle: An SSO one-pager\n"
            "opened: 2026-03-10\nneeded_by: 2026-03-01\n"
        },
        (Want(BAD, 4, "date-order", ("opened",)),),
    ),
    # 21. Marketing's files are checked too, and a bad one stops nothing.
    Case(
        "taxonomy-syntax-and-requests-still-checked",
        {
            "content/taxonomy.yml": STAGES
            + "personas:\n  - hr-director\n  - it-admin\n - cfo\nindustries: [healthcare, retail]\n"
            "asset_types: [ebook, case-study, whitepaper, one-pager, faq]\n",
            BAD: "kind: question\ntitle: Does SSO work?\nstatus: closed\n",
        },
        (
            Want("content/taxonomy.yml", 5, "syntax", column=2),
            Want(BAD, 3, "schema", ("open", "answered")),
        ),
    ),
    Case(
        "taxonomy-wrong-type-and-requests-still-checked",
        {
            "content/taxonomy.yml": STAGES + "personas:\n  - hr-director\n  - it-admin\n  - cfo\n"
            "  - name: ciso\n    title: Chief Information Security Officer\n"
            "industries: [healthcare, retail]\n"
            "asset_types: [ebook, case-study, whitepaper, one-pager, faq]\n",
            BAD: "kind: question\ntitle: Does SSO work?\nstatus: closed\n",
        },
        (
            Want("content/taxonomy.yml", 6, "schema", ("string|text",)),
            Want(BAD, 3, "schema", ("open", "answered")),
        ),
    ),
    Case(
        "messaging-syntax-and-requests-still-checked",
        {
            "content/messaging.yml": "terms:\n  - use: People Cloud\n    instead_of: [HR Cloud]\n"
            "banned:\n  - phrase: guaranteed ROI\n    suggest: proven ROI\n"
            "    reason: legal: no guarantees\n"
            "claims:\n  - id: uptime\n    topic: [uptime]\n    value: 99.95%\n",
            BAD: "kind: question\ntitle: Does SSO work?\nstatus: closed\n",
        },
        (
            Want("content/messaging.yml", 7, "syntax", ("quot",), column=18),
            Want(BAD, 3, "schema", ("open", "answered")),
        ),
    ),
    Case(
        "messaging-wrong-type-and-requests-still-checked",
        {
            "content/messaging.yml": "terms:\n  - use: People Cloud\n    instead_of: [HR Cloud]\n"
            "banned:\n  - phrase: guaranteed ROI\n    reason: legal does not allow guarantees\n"
            "claims:\n  - id: uptime\n    topic: [uptime]\n    value: 99.95%\n"
            "    valid_until: next year\n",
            BAD: "kind: question\ntitle: Does SSO work?\nstatus: closed\n",
        },
        (
            Want("content/messaging.yml", 11, "schema", ("date",)),
            Want(BAD, 3, "schema", ("open", "answered")),
        ),
    ),
]


def test_sample_repo_is_valid(sample_repo: Path, run_validate: Callable[..., Any]) -> None:
    exit_code, stdout, problems = run_validate(sample_repo)
    assert problems == []
    assert stdout.strip() == ""
    assert exit_code == 0


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_reported_where_it_is(
    case: Case,
    sample_repo: Path,
    write_files: Callable[..., None],
    run_validate: Callable[..., Any],
) -> None:
    write_files(sample_repo, case.files)
    run = run_validate(sample_repo)
    assert_problems(run.problems, case.want, case.may)
    assert run.exit_code == case.exit_code, run.stderr
    assert run.elapsed < FAST_SECONDS


def deep_block_mapping(levels: int) -> str:
    nested = "".join(" " * depth + "a:\n" for depth in range(1, levels)) + " " * levels + "a: end\n"
    return "kind: question\ntitle: Deep\ndetails:\n" + nested


def deep_block_mapping_1500() -> tuple[str, range]:
    # Deeper than Python's recursion limit, yet small (about 1.1 MB): only a depth limit stops it.
    return deep_block_mapping(1_500), range(3, 1_504)


def deep_block_mapping_5000() -> tuple[str, range]:
    # Block nesting needs ever deeper indentation, so this is 12.5 MB: a size limit may stop it.
    return deep_block_mapping(5_000), range(1, 5_004)


def deep_block_sequence() -> tuple[str, range]:
    return "kind: question\ntitle: Deep\ntags:\n  " + "- " * 5_000 + "sso\n", range(4, 5)


def deep_flow_sequence() -> tuple[str, range]:
    return "kind: question\ntitle: Deep\ntags: " + "[" * 5_000 + "]" * 5_000 + "\n", range(3, 4)


def alias_bomb() -> tuple[str, range]:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "kind: question\ntitle: Lots of laughs\n" + "\n".join(lines) + "\n", range(3, 12)


DEEP = "nest|deep|depth|level"


@pytest.mark.parametrize(
    ("build", "says"),
    [
        pytest.param(deep_block_mapping_1500, DEEP, id="nesting-block-mapping-1500"),
        pytest.param(
            deep_block_mapping_5000, DEEP + "|large|size|bytes", id="nesting-block-mapping-5000"
        ),
        pytest.param(deep_block_sequence, DEEP, id="nesting-block-sequence-5000"),
        pytest.param(deep_flow_sequence, DEEP, id="nesting-flow-5000"),
        pytest.param(alias_bomb, "alias|anchor", id="alias-bomb"),
    ],
)
def test_hostile_input_is_refused_fast(
    build: Callable[[], tuple[str, range]],
    says: str,
    sample_repo: Path,
    write_files: Callable[..., None],
    run_validate: Callable[..., Any],
) -> None:
    text, lines = build()
    write_files(sample_repo, {BAD: text})
    # The deadline turns a hang into a failure; the assert below is the real budget.
    run = run_validate(sample_repo, timeout=20)
    assert run.elapsed < FAST_SECONDS
    if run.peak_memory_growth_mb is not None:
        assert run.peak_memory_growth_mb < MEMORY_BUDGET_MB
    assert_problems(run.problems, [Want(BAD, lines, "syntax", (says,))])
    assert run.exit_code == 1
    assert "RecursionError" not in run.stdout + run.stderr


@pytest.mark.parametrize(
    ("path", "template", "line"),
    [
        pytest.param(
            BAD,
            'kind: question\ntitle: !!python/object/apply:os.system ["{command}"]\n',
            2,
            id="request-python-object-apply",
        ),
        pytest.param(
            BAD,
            'kind: question\ntitle: !!python/object/new:os.system ["{command}"]\n',
            2,
            id="request-python-object-new",
        ),
        pytest.param(
            BAD,
            "kind: question\ntitle: !!python/name:os.system ''\n",
            2,
            id="request-python-name",
        ),
        pytest.param(
            ASSET,
            '---\ntype: faq\ntitle: !!python/object/apply:os.system ["{command}"]\n---\n',
            3,
            id="front-matter-python-object-apply",
        ),
    ],
)
def test_python_tags_are_refused_and_run_nothing(
    path: str,
    template: str,
    line: int,
    tmp_path: Path,
    sample_repo: Path,
    write_files: Callable[..., None],
    run_validate: Callable[..., Any],
) -> None:
    pwned = tmp_path / f"pwned-{uuid.uuid4().hex}"
    command = f"touch {shlex.quote(str(pwned))}".replace('"', '\\"')
    write_files(sample_repo, {path: template.format(command=command)})
    run = run_validate(sample_repo)
    assert not pwned.exists(), "a YAML tag ran a shell command"
    assert_problems(run.problems, [Want(path, line, "syntax", ("tag",), column=8)])
    assert run.exit_code == 1
    assert run.elapsed < FAST_SECONDS


DUPLICATE_KEY = {BAD: "kind: question\ntitle: A\nstage: decision\ntitle: B\n"}
REQUIRED_KEYS = {"path", "line", "column", "severity", "rule", "message"}


def test_json_format_has_the_documented_shape(
    sample_repo: Path, write_files: Callable[..., None], run_validate: Callable[..., Any]
) -> None:
    write_files(sample_repo, DUPLICATE_KEY)
    run = run_validate(sample_repo, "--format", "json")
    document = json.loads(run.stdout)
    assert set(document) == {"problems"}
    [problem] = document["problems"]
    assert REQUIRED_KEYS <= set(problem) <= REQUIRED_KEYS | {"suggestion"}
    assert {k: problem[k] for k in ("path", "line", "column", "severity", "rule")} == {
        "path": BAD,
        "line": 4,
        "column": 1,
        "severity": "error",
        "rule": "duplicate-key",
    }
    assert isinstance(problem["message"], str) and problem["message"].strip()
    assert run.exit_code == 1


def test_json_format_on_a_valid_repo_is_an_empty_list(
    sample_repo: Path, run_validate: Callable[..., Any]
) -> None:
    run = run_validate(sample_repo, "--format", "json")
    assert json.loads(run.stdout) == {"problems": []}
    assert run.exit_code == 0


def located(problems: Iterable[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Where and how bad: the github format has no rule field, so compare on these only."""
    return sorted((p["path"], p["line"], p["column"], p["severity"]) for p in problems)


def test_github_format_prints_workflow_commands(
    sample_repo: Path, write_files: Callable[..., None], run_validate: Callable[..., Any]
) -> None:
    write_files(sample_repo, {BAD: "kind: question\ntitle: Does SSO work?\nstatus: no\n"})
    run = run_validate(sample_repo, "--format", "github")
    for line in run.stdout.splitlines():
        assert re.match(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+[,:]", line), line
    assert [p["severity"] for p in sorted(run.problems, key=lambda p: p["severity"])] == [
        "error",
        "warning",
    ]
    assert located(p for p in run.problems if p["severity"] == "warning") == [
        (BAD, 3, 9, "warning")
    ]
    assert all((p["path"], p["line"]) == (BAD, 3) for p in run.problems)
    assert all(p["message"].strip() for p in run.problems)
    assert run.exit_code == 1


def test_github_format_is_picked_under_github_actions(
    sample_repo: Path, write_files: Callable[..., None], run_validate: Callable[..., Any]
) -> None:
    write_files(sample_repo, DUPLICATE_KEY)
    run = run_validate(sample_repo, env={"GITHUB_ACTIONS": "true"})
    assert run.output_format == "github"
    assert located(run.problems) == [(BAD, 4, 1, "error")]
    assert run.stdout.startswith("::error file=requests/bad.yml,line=4,col=1")
    assert run.exit_code == 1


def test_explicit_format_wins_over_github_actions(
    sample_repo: Path, write_files: Callable[..., None], run_validate: Callable[..., Any]
) -> None:
    write_files(sample_repo, DUPLICATE_KEY)
    run = run_validate(sample_repo, "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert [p["rule"] for p in json.loads(run.stdout)["problems"]] == ["duplicate-key"]
    assert run.exit_code == 1


def test_unknown_format_is_a_usage_error(
    sample_repo: Path, run_validate: Callable[..., Any]
) -> None:
    run = run_validate(sample_repo, "--format", "xml")
    assert run.exit_code == 2
    assert "format" in run.stderr.lower()
    assert run.stdout.strip() == ""


def test_missing_root_is_a_one_line_usage_error(
    tmp_path: Path, run_validate: Callable[..., Any]
) -> None:
    missing = tmp_path / "no-such-repository"
    run = run_validate(missing)
    assert run.exit_code == 2
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "no-such-repository" in lines[0]
