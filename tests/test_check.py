"""`enablekit check`: the rules on real files, where they point, what is left alone, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from enablekit.check.rules import RULES
from enablekit.cli import main

from .conftest import _make_runner, assert_no_traceback, parse_problems

# A freight-software company, unlike the People Cloud of the other tests.
MESSAGING = """\
terms:
  - use: RouteWise Cloud
    instead_of: [RouteWise Suite, Fleet Hub]
    note: renamed in 2025
  - use: Dock Scheduler
    instead_of: [Smart Dock, DockBot]
  - use: e-invoicing
    instead_of: [E-Invoicing, eInvoicing]
banned:
  - phrase: zero delays
    reason: weather and carriers cause delays we do not control
    suggest: fewer delays
  - phrase: best-in-class
    reason: unsubstantiated superlative
claims:
  - id: on-time
    topic: [on-time delivery, on-time rate]
    value: 98.7%
    source: 2026 carrier scorecard
  - id: carriers
    topic: [carriers, carrier network]
    value: 12,000+
  - id: rollout
    topic: [rollout, go-live]
    value: 8 weeks
  - id: price
    topic: [price, pricing]
    value: $49 per user per month
  - id: detention
    topic: [detention costs]
    value: 3x
  - id: award
    topic: [Freight Tech Awards]
    value: Winner, 2025 Freight Tech Awards
    valid_until: 2026-06-30
  - id: lanes
    topic: [lanes]
    value: 900 lanes
    valid_until: 2026-01-31
"""

ASSET_HEAD = """\
---
title: RouteWise Cloud overview
type: one-pager
summary: What RouteWise Cloud does for shippers.
owner: Mia Ortiz
review_by: 2099-01-01
---
"""

TODAY = "2026-11-23"


def run_check(repo: Path, *args: str, env: dict[str, str | None] | None = None) -> Result:
    result = _make_runner().invoke(
        main,
        ["--root", str(repo), "check", "--date", TODAY, *args],
        env={"GITHUB_ACTIONS": None, **(env or {})},
    )
    assert_no_traceback(result)
    return result


def findings(repo: Path, *args: str) -> list[dict[str, Any]]:
    result = run_check(repo, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return list(json.loads(result.stdout)["findings"])


def where(repo: Path, *args: str) -> set[tuple[str, int, str]]:
    return {(f["path"], f["line"], f["rule"]) for f in findings(repo, *args)}


@pytest.fixture
def repo(sample_repo: Path, write_files: Any) -> Path:
    write_files(sample_repo, {"content/messaging.yml": MESSAGING})
    return sample_repo


def asset(repo: Path, body: str, head: str = ASSET_HEAD, name: str = "overview") -> str:
    path = f"content/one-pagers/{name}.md"
    (repo / path).write_text(head + body, encoding="utf-8")
    return path


def request(repo: Path, text: str, name: str = "ask") -> str:
    path = f"requests/{name}.yml"
    (repo / path).write_text(text, encoding="utf-8")
    return path


# --- claims: what is and is not a use, across phrasings ---------------------------------

CLAIM_SENTENCES = [
    ("Our on-time delivery rate is 98.7%.", None),
    ("Our on-time delivery rate is 98.7 percent.", None),
    ("On-time delivery sits at 97.5%, measured weekly.", "claim-mismatch"),
    ("We work with more than 12,000 carriers.", None),
    ("A network of 12000+ carriers covers every lane.", None),
    ("Over 10,000 carriers use the app.", "claim-mismatch"),
    ("Our carrier network now totals 15,000.", "claim-mismatch"),
    ("Each carrier gets 2 free seats.", None),  # a count of something else
    ("Most shippers finish the rollout in eight weeks.", None),
    ("Most shippers finish the rollout in 56 days.", None),
    ("Rollout takes 6 weeks from kickoff.", "claim-mismatch"),
    ("Every rollout has 3 phases.", None),  # a count, not a duration
    ("Pricing is $49 PEPM on an annual contract.", None),
    ("Pricing starts at $39 per user per month.", "claim-mismatch"),
    ("Pricing includes 24 hours a day of support.", None),
    ("Shippers cut detention costs threefold.", None),
    ("Shippers cut detention costs 5x in a quarter.", "claim-mismatch"),
    ("We won at the Freight Tech Awards last year.", "claim-expired"),
    ("We cover 900 lanes across Europe.", "claim-expired"),
    ("Lanes are priced per mile.", None),  # the topic without a figure: no use
    ("Carriers rate us 4.8/5 and on-time delivery is 98.7%.", None),
    ("The team of 40 supports 12,000+ carriers.", None),
    # One mention, the claim's figure beside another: the other one is compared with it.
    ("Their on-time rate is 91%, against our 98.7%.", None),
    ("Two weeks elsewhere against our 8-week rollout.", None),
    # The claim's figure for one mention does not excuse another mention's.
    ("Rollout takes 8 weeks for SMB; rollout takes 20 weeks for enterprise.", "claim-mismatch"),
    ("Our on-time delivery rate is 98.7% and on-time delivery in Canada is 91%.", "claim-mismatch"),
    ("Rollout takes 12 weeks elsewhere; ours takes 8 weeks.", "claim-mismatch"),  # no topic
    ("Our 6-week rollout starts at kickoff.", "claim-mismatch"),
    ("Rollout tips are in our guide *The Six-Week Sprint*.", None),  # a title, not a duration
    ("Rollout: The 12-Week Plan", "claim-mismatch"),  # Title Case, but no title's marks
    ("Rollout takes 0 weeks.", "claim-mismatch"),
    ("Rollout takes 2 years.", "claim-mismatch"),  # 13 times the claim: a contradiction
    ("Rollout paperwork comes back within 2 hours.", None),  # 672 times shorter: another thing
]


@pytest.mark.parametrize(
    ("sentence", "rule"),
    CLAIM_SENTENCES,
    ids=[s for s, _ in CLAIM_SENTENCES],
)
def test_claims_in_an_asset(repo: Path, sentence: str, rule: str | None) -> None:
    path = asset(repo, f"\n{sentence}\n")
    found = {r for p, line, r in where(repo) if p == path and line == 9}
    assert found == ({rule} if rule else set())


def test_a_figure_is_held_against_the_nearest_topic(repo: Path) -> None:
    path = asset(repo, "\nOn-time delivery is 98.7% and pricing is $45 per user per month.\n")
    assert {(f["rule"], f["column"]) for f in findings(repo) if f["path"] == path} == {
        ("claim-mismatch", 42)
    }


def test_mismatch_message_names_the_fact_and_its_source(repo: Path) -> None:
    asset(repo, "\nOn-time delivery is 97%.\n")
    [finding] = findings(repo)
    assert finding["message"] == (
        "'97%' for on-time delivery: the fact sheet says 98.7% (claim 'on-time', "
        "2026 carrier scorecard)"
    )
    assert finding["suggestion"] == "98.7%"
    assert (finding["line"], finding["column"]) == (9, 21)


def test_a_claim_expires_after_its_date_not_before(repo: Path) -> None:
    asset(repo, "\nWe cover 900 lanes across Europe.\n")
    assert findings(repo, "--date", "2026-01-31") == []
    assert [f["rule"] for f in findings(repo, "--date", "2026-02-01")] == ["claim-expired"]


def test_warn_days_warns_before_a_claim_expires(repo: Path) -> None:
    asset(repo, "\nWe cover 900 lanes across Europe.\n")
    out = findings(repo, "--date", "2026-01-10", "--set", "claim-expired.warn_days=30")
    assert [(f["rule"], f["severity"]) for f in out] == [("claim-expired", "warning")]


# --- terminology and banned phrases ---------------------------------------------------


def test_terminology_whole_words_any_case_across_a_line_wrap(repo: Path) -> None:
    path = asset(
        repo,
        "\nDemo Fleet Hub on a phone. FLEET HUB works offline.\n"
        "Schedule docks with the RouteWise\n"
        "Suite app, or DockBot.\n"
        "Fleet Hubs and a fleet hub are not the product; RouteWise Cloud is.\n",
    )
    out = [(f["line"], f["column"], f["message"]) for f in findings(repo) if f["path"] == path]
    assert [(line, column) for line, column, _ in out] == [(9, 6), (9, 28), (10, 25), (11, 15)]
    assert out[0][2] == "'Fleet Hub' is now 'RouteWise Cloud' (renamed in 2025)"
    assert out[2][2].startswith("'RouteWise Suite' is now 'RouteWise Cloud'")


def test_an_old_name_where_the_text_tells_of_the_change_is_not_a_finding(repo: Path) -> None:
    path = asset(
        repo,
        "\nRouteWise Cloud (formerly Fleet Hub) runs offline.\n"  # 9
        "Dock Scheduler was called DockBot until 2025, and replaced the old\n"  # 10
        "Smart Dock.\n"  # 11
        "Fleet Hub was renamed RouteWise Cloud in 2025.\n"  # 12
        "Demo Fleet Hub, then RouteWise Cloud.\n"  # 13: both names, no word of a change
        "As previously noted, demo Fleet Hub on a phone.\n"  # 14
        "Customers once called us about Fleet Hub outages.\n"  # 15
        "Fleet Hub replaces the old spreadsheet.\n"  # 16
        "RouteWise Cloud (formerly RouteWise Suite) pairs with Smart Dock.\n",  # 17
    )
    found = [(f["line"], f["column"]) for f in findings(repo) if f["path"] == path]
    assert found == [(13, 6), (14, 27), (15, 32), (16, 1), (17, 55)]


def test_a_variant_differing_only_in_case_is_found_only_as_written(repo: Path) -> None:
    path = asset(repo, "\nE-Invoicing mandates are coming; e-invoicing is ready. EInvoicing\n")
    assert [f["column"] for f in findings(repo) if f["path"] == path] == [1, 56]


def test_banned_phrase_with_its_reason_and_suggestion(repo: Path) -> None:
    asset(repo, "\nWe promise Zero-Delays and a best in class app.\n")
    out = findings(repo)
    assert [(f["rule"], f["column"], f.get("suggestion")) for f in out] == [
        ("banned-phrase", 12, "fewer delays"),
        ("banned-phrase", 30, None),
    ]
    assert "weather and carriers" in out[0]["message"]
    assert out[1]["message"].endswith("rewrite the sentence")


# --- what is checked, and where findings point ----------------------------------------


def test_front_matter_title_and_summary_are_checked_not_other_fields(repo: Path) -> None:
    head = ASSET_HEAD.replace("title: RouteWise Cloud overview", 'title: "Fleet Hub overview"')
    head = head.replace("summary: What", "summary: >-\n  Why our best-in-class\n  app: what")
    head = head.replace("owner: Mia Ortiz", "owner: Fleet Hub team\ntags: [zero delays]")
    path = asset(repo, "\nBody.\n", head=head)
    assert sorted(where(repo)) == [
        (path, 2, "terminology"),
        (path, 5, "banned-phrase"),
    ]
    columns = {f["line"]: f["column"] for f in findings(repo)}
    assert columns == {2: 9, 5: 11}


def test_request_title_details_and_answer_point_into_the_file(repo: Path) -> None:
    path = request(
        repo,
        "kind: question\n"
        "title: Can Fleet Hub book docks?\n"
        "competitor: Fleet Hub Inc\n"
        "details: |\n"
        "  The buyer said\n"
        "  on-time delivery of 95% is the bar.\n"
        "status: answered\n"
        "answer: 'It''s zero delays:\n"
        "  use DockBot'\n",
    )
    out = sorted((f["line"], f["column"], f["rule"]) for f in findings(repo) if f["path"] == path)
    assert out == [
        (2, 12, "terminology"),
        (6, 23, "claim-mismatch"),
        (8, 16, "banned-phrase"),
        (9, 7, "terminology"),
    ]


def test_code_urls_html_and_link_targets_are_not_checked(repo: Path) -> None:
    asset(
        repo,
        "\nRun `fleet-hub --zero delays` or see https://example.com/Fleet-Hub/zero-delays.\n"
        "[The DockBot docs](https://example.com/dockbot) and <https://fleet-hub.example>.\n"
        "<span title='Fleet Hub'>ok</span> <!-- Fleet Hub --> mail fleet.hub@example.com\n"
        "\n```text\nFleet Hub at 97% on-time delivery\n```\n"
        "\n    Fleet Hub in an indented code block\n",
    )
    assert [(f["line"], f["column"]) for f in findings(repo)] == [(10, 6)]  # the link text


def test_a_verbatim_customer_quote_is_left_alone(repo: Path) -> None:
    asset(
        repo,
        "\n> Fleet Hub gave us zero delays, and on-time delivery of 99%.\n"
        "> — Dana Lee, COO at Halvorsen Foods\n"
        "\n> Fleet Hub is retired: an unattributed quote is still checked.\n",
    )
    assert [(f["line"], f["rule"]) for f in findings(repo)] == [(12, "terminology")]


def test_retired_assets_are_not_checked(repo: Path) -> None:
    head = ASSET_HEAD.replace("review_by: 2099-01-01", "review_by: 2020-01-01\nstatus: retired")
    asset(repo, "\nFleet Hub with zero delays.\n", head=head)
    assert findings(repo) == []


def test_stale_asset_names_its_owner(repo: Path) -> None:
    path = asset(repo, "\nBody.\n", head=ASSET_HEAD.replace("2099-01-01", "2026-09-01"))
    [finding] = findings(repo)
    assert (finding["path"], finding["line"], finding["severity"]) == (path, 6, "warning")
    assert "Mia Ortiz (owner) should review it" in finding["message"]
    assert run_check(repo).exit_code == 0  # warnings only


# --- suppressions ---------------------------------------------------------------------


def test_markdown_suppressions(repo: Path) -> None:
    asset(
        repo,
        "\n<!-- enablekit-disable-next-line terminology -->\n"
        "Fleet Hub is how customers still say it.\n"  # 10: suppressed
        "Fleet Hub again, with zero delays. <!-- enablekit-disable-line banned-phrase -->\n"
        "<!-- enablekit-disable claim-mismatch, terminology -->\n"
        "On-time delivery is 90%, says the Fleet Hub report.\n"  # 13: suppressed
        "<!-- enablekit-enable claim-mismatch -->\n"
        "On-time delivery is 91%, says Fleet Hub.\n",  # 15: only the mismatch
    )
    assert sorted((f["line"], f["rule"]) for f in findings(repo)) == [
        (11, "terminology"),
        (15, "claim-mismatch"),
    ]


def test_yaml_suppressions(repo: Path) -> None:
    request(
        repo,
        "kind: question\n"
        "# enablekit: disable=terminology\n"
        "title: Can Fleet Hub book docks?\n"
        "details: |  # enablekit: disable=banned-phrase\n"
        "  Fleet Hub promised zero delays.\n"
        "answer: Fleet Hub # enablekit: disable=claim-mismatch\n",
    )
    assert sorted((f["line"], f["rule"]) for f in findings(repo)) == [
        (5, "terminology"),
        (6, "terminology"),
    ]


def test_a_yaml_suppression_before_an_unchecked_key_covers_only_that_key(repo: Path) -> None:
    request(repo, "# enablekit: disable=terminology\nkind: question\ntitle: Fleet Hub?\n")
    assert [(f["line"], f["rule"]) for f in findings(repo)] == [(3, "terminology")]


def test_a_whole_file_suppression(repo: Path) -> None:
    asset(repo, "\n<!-- enablekit-disable-file terminology -->\nFleet Hub.\n\nFleet Hub.\n")
    assert findings(repo) == []


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("<!-- enablekit-disable-next-line terminolgy -->", "did you mean 'terminology'?"),
        ("<!-- enablekit-disable-next-line -->", "must name the rules"),
        ("<!-- enablekit-disable-line claim -->", "unknown rule 'claim'"),
    ],
)
def test_a_faulty_suppression_is_reported(repo: Path, comment: str, message: str) -> None:
    asset(repo, f"\n{comment}\nFleet Hub.\n")
    out = findings(repo)
    assert [(f["line"], f["rule"]) for f in out] == [(9, "suppression"), (10, "terminology")]
    assert message in out[0]["message"]


def test_a_faulty_yaml_suppression_is_reported(repo: Path) -> None:
    request(repo, "kind: question\n# enablekit: disable=banned\ntitle: zero delays\n")
    assert [(f["line"], f["rule"]) for f in findings(repo)] == [
        (2, "suppression"),
        (3, "banned-phrase"),
    ]


def test_a_hash_inside_a_value_is_not_a_suppression(repo: Path) -> None:
    request(
        repo, "kind: question\ndetails: |\n  # enablekit: disable=banned-phrase\n  zero delays\n"
    )
    assert [f["rule"] for f in findings(repo)] == ["banned-phrase"]


# --- formats and exit codes ------------------------------------------------------------


def test_clean_repository_exits_0_and_says_so(repo: Path) -> None:
    result = run_check(repo)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "2 files checked: no findings.\n"


def test_text_and_github_formats(repo: Path) -> None:
    path = asset(repo, "\nFleet Hub.\n")
    text = run_check(repo)
    assert text.exit_code == 1
    assert parse_problems(text.stdout, "text") == [
        {
            "path": path,
            "line": 9,
            "column": 1,
            "severity": "error",
            "rule": "terminology",
            "message": "'Fleet Hub' is now 'RouteWise Cloud' (renamed in 2025)",
        }
    ]
    github = run_check(repo, env={"GITHUB_ACTIONS": "true"})
    assert github.stdout.startswith(f"::error file={path},line=9,col=1,title=terminology::")


def test_sarif_validates_against_the_sarif_2_1_0_schema(repo: Path) -> None:
    import jsonschema

    asset(repo, "\nFleet Hub, zero delays, 97% on-time delivery.\n", name="a")
    asset(repo, "\nBody.\n", head=ASSET_HEAD.replace("2099-01-01", "2020-01-01"), name="b")
    result = run_check(repo, "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads((Path(__file__).parent / "fixtures/sarif-2.1.0.schema.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    assert [r["ruleId"] for r in run["results"]] == [
        "terminology",
        "banned-phrase",
        "claim-mismatch",
        "stale-asset",
    ]
    rules = run["tool"]["driver"]["rules"]
    for result_ in run["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "content/one-pagers/a.md", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 1},
    }
    assert {r["level"] for r in run["results"]} == {"error", "warning"}


def test_a_broken_messaging_file_is_one_line_with_where_and_what_to_do(repo: Path) -> None:
    (repo / "content/messaging.yml").write_text("terms:\n  - use: X\n    instead_of: Y\n")
    result = run_check(repo)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: content/messaging.yml:3:17: ")
    assert "enablekit validate" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--enable", "nonsense"), "no rule 'nonsense'"),
        (("--set", "stale-asset.days=3"), "stale-asset.warn_days"),
        (("--set", "stale-asset.warn_days=soon"), "takes int"),
    ],
)
def test_usage_errors_exit_2_in_one_line(repo: Path, args: tuple[str, ...], message: str) -> None:
    result = run_check(repo, *args)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert message in line


def test_rules_can_be_turned_off_and_on(repo: Path) -> None:
    asset(repo, "\nFleet Hub costs 25% less.\n")
    assert {f["rule"] for f in findings(repo)} == {"terminology"}
    assert findings(repo, "--disable", "terminology") == []
    assert {f["rule"] for f in findings(repo, "--enable", "unlisted-figure")} == {
        "terminology",
        "unlisted-figure",
    }


def test_every_rule_documents_itself_and_its_options() -> None:
    for rule_id, rule in RULES.items():
        doc = rule.__doc__ or ""
        assert doc.startswith(f"{rule_id}"), rule_id
        for option in rule.OPTIONS:
            assert f"`{option}`" in doc, (rule_id, option)
    result = _make_runner().invoke(main, ["check", "--list-rules"])
    assert all(rule_id in result.stdout for rule_id in RULES)


def test_the_sample_repository_has_only_its_deliberate_findings() -> None:
    root = Path(__file__).parent.parent
    result = run_check(root, "--format", "json")
    out = json.loads(result.stdout)["findings"]
    assert result.exit_code == 0
    assert {(f["rule"], f["severity"]) for f in out} == {("stale-asset", "warning")}
    assert len(out) == 2


# --- the site ---------------------------------------------------------------------------


def test_an_asset_with_findings_has_a_banner_on_its_page(repo: Path) -> None:
    import datetime as dt

    from enablekit.check.run import asset_findings
    from enablekit.load.repository import load
    from enablekit.site.layout import SiteOptions
    from enablekit.site.pages import generate

    asset(repo, "\nFleet Hub delivers *zero delays* <b>now</b>.\n", name="loud")
    asset(repo, "\nRouteWise Cloud books docks.\n", name="quiet")
    today = dt.date(2026, 11, 23)
    repository = load(repo).repository
    findings = asset_findings(repository, today)  # read by the plugin; generation stays pure
    pages = generate(repository, SiteOptions(today=today), findings=findings)
    loud = pages["library/loud.md"]
    assert '!!! danger "Messaging check: 2 findings"' in loud
    assert "    - line 9, terminology: 'Fleet Hub' is now 'RouteWise Cloud'" in loud
    assert "    - line 9, banned-phrase: 'zero delays' is banned: weather" in loud
    assert "Messaging check" not in pages["library/quiet.md"]
    assert "Messaging check" not in pages["library/sso-brief.md"]
