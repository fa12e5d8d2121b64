#!/usr/bin/env python3
"""Generate a synthetic, valid enablement repository for benchmarks.

usage: python benchmarks/synth.py OUT_DIR --requests 20000 --assets 2000 [--seed 1]
                                  [--terms 100 --banned 30 --claims 20] [--git] [--commits 10]

The repository follows spec/FORMATS.md: mkdocs.yml, enablement/index.md,
content/taxonomy.yml, content/messaging.yml, content/<type>/<id>.md and
requests/<id>.yml. Every value is valid: taxonomy values come from taxonomy.yml, asset
and request links resolve, needed_by >= opened, ids are lowercase with dashes, dates are
YYYY-MM-DD. Output is a pure function of the arguments (and seed): no clock, no set order.

Besides the repository it writes `violations.yml` at OUT_DIR's root, in the format of the
Northwind corpus (`{path, line, rule}` for every planted terminology, banned-phrase,
claim-mismatch and claim-expired finding), so /work/shared/eval/check_quality.py can
score `enablekit check` on a synthetic repository too. Like the corpus's label files, it
is not part of the repository the tool reads.

Violations are planted only in published asset bodies and in request titles, details and
answers, one per line; every other line is meant to be clean. Expired claims expire in
2025 and live ones in 2028 or later, so the labels hold for `check` runs until 2028.

Requests and assets share subject areas (topics): a request's `assets` and an asset's
`answers` link items of the same topic, and about one request in twelve asks about a
topic no asset covers, so `link` has real gaps to find.

With --git the files are committed in several commits with different authors and dates
(oldest first), so provenance (requested_by / opened defaults) has a history to read.

Standard library only. YAML is written as text, which is faster than a YAML library and
keeps the formatting the way people write it (flow lists for short vocabularies, block
literals for Markdown).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

#: "Today" for generated data: dates are spread before it, so nothing is in the future.
REFERENCE_DATE = dt.date(2026, 11, 23)
FIRST_DAY = dt.date(2024, 1, 8)

# The vocabulary below is data, kept dense on purpose.
# fmt: off
STAGES = ["awareness", "consideration", "decision", "onboarding", "renewal"]

# id, plural noun, singular noun
PERSONAS = [
    ("hr-director", "HR directors", "HR director"),
    ("people-ops-manager", "people ops managers", "people ops manager"),
    ("cfo", "CFOs", "CFO"),
    ("ceo", "CEOs", "CEO"),
    ("it-admin", "IT admins", "IT admin"),
    ("payroll-manager", "payroll managers", "payroll manager"),
    ("security-officer", "security officers", "security officer"),
    ("procurement-lead", "procurement leads", "procurement lead"),
    ("line-manager", "line managers", "line manager"),
    ("chro", "CHROs", "CHRO"),
]

# id, name in a sentence, a typical site, company-name endings
INDUSTRIES = [
    ("healthcare", "healthcare", "clinic", ["Health", "Clinics", "Medical Group"]),
    ("retail", "retail", "store", ["Retail", "Stores", "Market"]),
    ("financial-services", "financial services", "branch", ["Bank", "Capital", "Insurance"]),
    ("technology", "technology", "office", ["Software", "Labs", "Digital"]),
    ("manufacturing", "manufacturing", "plant", ["Manufacturing", "Industries", "Works"]),
    ("education", "education", "campus", ["Schools", "Academy", "College"]),
    ("logistics", "logistics", "warehouse", ["Freight", "Logistics", "Distribution"]),
    ("hospitality", "hospitality", "hotel", ["Hotels", "Resorts", "Hospitality"]),
    ("public-sector", "public sector", "agency", ["County", "City Services", "Authority"]),
    ("professional-services", "professional services", "practice",
     ["Consulting", "Partners", "Advisory"]),
]

# id, name in a sentence, title word, share of assets
ASSET_TYPES = [
    ("ebook", "ebook", "Guide", 12),
    ("case-study", "case study", "Case Study", 14),
    ("whitepaper", "whitepaper", "Whitepaper", 8),
    ("one-pager", "one-pager", "One-Pager", 16),
    ("battlecard", "battlecard", "Battlecard", 8),
    ("email-template", "email template", "Email", 12),
    ("deck", "deck", "Deck", 10),
    ("video", "video", "Video", 8),
    ("faq", "FAQ", "FAQ", 12),
]

# Subject areas: title phrase, slug words, things a customer does, pains.
TOPICS = [
    ("Onboarding Paperwork", "new hire paperwork",
     ["collect tax forms before day one", "send welcome packs to new hires",
      "assign laptops and accounts on day one"]),
    ("Performance Reviews", "review cycles",
     ["run review cycles on time", "calibrate ratings across teams",
      "collect upward feedback from staff"]),
    ("Payroll Integration", "payroll sync",
     ["send hires and pay changes to payroll", "validate pay data before the cutoff",
      "reconcile payroll exceptions"]),
    ("Time Off", "leave tracking",
     ["approve leave requests", "track holiday accruals", "see who is away this week"]),
    ("Shift Scheduling", "shift rotas",
     ["build rotas for frontline staff", "swap shifts from a phone", "cover last-minute absences"]),
    ("Benefits Enrollment", "benefits enrollment",
     ["run open enrollment", "compare plan options", "answer benefits questions"]),
    ("Expense Approvals", "expense claims",
     ["approve expense claims", "scan receipts on the go", "enforce the travel policy"]),
    ("Learning Paths", "training",
     ["assign mandatory training", "track certifications", "recommend courses to staff"]),
    ("Engagement Surveys", "pulse surveys",
     ["run short pulse surveys", "compare results with benchmarks", "share results with managers"]),
    ("Headcount Planning", "headcount plans",
     ["model hiring plans", "compare budget with actuals", "approve new positions"]),
    ("Compensation Planning", "merit cycles",
     ["run merit cycles", "manage pay bands", "review pay equity"]),
    ("Single Sign-On", "SSO",
     ["sign in with Okta", "enforce multi-factor authentication", "manage login policies"]),
    ("User Provisioning", "SCIM provisioning",
     ["create accounts automatically", "remove access on the last day", "sync groups and roles"]),
    ("Mobile App", "mobile access",
     ["reach staff without a company email", "sign documents on a phone", "send push reminders"]),
    ("Workforce Analytics", "people analytics",
     ["build headcount dashboards", "export reports to finance", "spot trends by location"]),
    ("Skills Inventory", "skills mapping",
     ["map skills across teams", "find internal candidates", "plan reskilling"]),
    ("Succession Planning", "succession plans",
     ["name successors for key roles", "track readiness", "review talent pools"]),
    ("Employee Self-Service", "self-service",
     ["update bank details", "download payslips", "change home addresses"]),
    ("Document Management", "HR documents",
     ["store contracts securely", "set retention rules", "collect e-signatures"]),
    ("Org Charts", "org charts",
     ["show reporting lines", "plan reorganisations", "find who owns what"]),
    ("Goal Tracking", "goals",
     ["set quarterly goals", "review progress in one-on-ones",
      "align goals with company priorities"]),
    ("Recruiting Pipeline", "hiring pipeline",
     ["post open jobs", "schedule interviews", "send offer letters"]),
    ("Background Checks", "background checks",
     ["order checks from the offer page", "track check status", "store consent forms"]),
    ("Data Migration", "data migration",
     ["import records from spreadsheets", "map legacy fields", "clean up duplicate records"]),
    ("Audit Trails", "audit logs",
     ["see who changed a salary", "export change logs for auditors", "review access history"]),
]
# Topics that requests ask about and no asset covers: the content gaps.
GAP_TOPICS = [
    ("Contractor Management", "contractor payments",
     ["pay contractors on time", "track contractor agreements", "classify workers correctly"]),
    ("Equity Administration", "stock options",
     ["track vesting schedules", "answer equity questions", "model option grants"]),
    ("Visa Sponsorship", "visa cases",
     ["track visa expiry dates", "collect immigration documents", "remind staff before renewals"]),
    ("Workplace Incidents", "incident reports",
     ["log workplace incidents", "notify the safety team", "track corrective actions"]),
]
ASSET_TOPICS = len(TOPICS)
TOPICS += GAP_TOPICS

PAINS = ["chasing paperwork by email", "re-keying data between systems",
         "spreadsheets that are always out of date", "manual approvals that sit in inboxes",
         "disconnected tools", "late payroll corrections", "findings in the yearly audit",
         "managers who never see the full picture", "copying data from one screen to another",
         "answering the same questions again and again"]
FEATURES = ["approval inbox", "manager dashboard", "rules builder", "employee timeline",
            "report designer", "task checklist", "policy library", "change log", "mobile inbox",
            "field mapping screen"]
SYSTEMS = ["Workday", "SAP SuccessFactors", "ADP Workforce Now", "Paychex Flex", "Gusto", "Okta",
           "Microsoft Entra ID", "Slack", "Microsoft Teams", "Salesforce", "NetSuite", "QuickBooks",
           "Greenhouse", "ServiceNow", "Google Workspace", "Jira"]
COMPETITORS = ["Crestline HR", "Oakleaf", "Pinegrove Payroll", "Bluefin Workforce", "Summit People",
               "Harbor HCM", "Ironwood Systems", "Lumen HR", "Cedarpoint", "Quarry Labs",
               "Brightpath HR", "Foxglove"]
LOSS_REASONS = [
    ("price", "their quote came in well under ours and procurement would not move"),
    ("missing ATS", "they needed an applicant tracking system in the same product"),
    ("no local payroll", "they needed payroll run in-house in three countries"),
    ("timing", "the project was pushed to next year after a budget freeze"),
    ("incumbent", "the incumbent offered a large discount to renew"),
    ("security review", "security review stalled on questions we answered too late"),
    ("features", "they wanted shift bidding, which is on our roadmap but not shipped"),
    ("champion left", "our champion left the company during the evaluation"),
]
CONCERNS = ["data security", "change management", "adoption by frontline staff",
            "the rollout effort", "integration effort", "hidden costs", "vendor lock-in",
            "reporting limits"]
COMPANY_STEMS = ["Maple Street", "Tidewater", "Riverbend", "Granite", "Sunfield", "Harborview",
                 "Copperline", "Westbrook", "Northgate", "Brightwater", "Stonebridge", "Lakeshore",
                 "Pinecrest", "Redwood", "Silverline", "Oakridge", "Bayside", "Fairhaven",
                 "Elmwood", "Kingsbridge"]
FIRST_NAMES = ["Aisha", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hannah", "Ivan", "Jess",
               "Kofi", "Lena", "Marco", "Nadia", "Omar", "Priya", "Quinn", "Ryan", "Sofia", "Tom",
               "Uma", "Victor", "Wen", "Yusuf", "Zoe", "Liam", "Maya", "Noah", "Olga", "Pedro"]
LAST_NAMES = ["Bello", "Brooks", "Cho", "Diaz", "Evans", "Fischer", "Garcia", "Huang", "Ito",
              "Jensen", "Kowalczyk", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Raman",
              "Silva", "Tanaka", "Umarov", "Varga", "Weber", "Young", "Zhang"]
DOMAIN = "synthco.example"

# Product names: the `use` side of terms is PREFIX + " " + SUFFIX; retired names use a
# disjoint set of prefixes or the run-together spelling. None of these words appears in
# the generic sentences, so an old name only shows up where it is planted.
PRODUCT_PREFIXES = ["People", "Talent", "Pay", "Shift", "Insight", "Benefit", "Skill", "Learn",
                    "Hire", "Pulse", "Goal", "Expense", "Comp", "Culture", "Org", "Safety", "Leave",
                    "Travel", "Perks", "Mentor", "Roster", "Ledger", "Policy", "Wellness", "Career",
                    "Survey", "Badge", "Crew", "Payslip", "Rota"]
LEGACY_PREFIXES = ["HR", "Staff", "Emp", "Corp", "Zen", "Nova", "Prime", "Apex", "Vertex",
                   "Quantum", "Blue", "Green", "Red", "Star", "Echo", "Summitt", "Delta", "Omni",
                   "Vivid", "Kinetic"]
PRODUCT_SUFFIXES = ["Cloud", "Hub", "Studio", "Analytics", "Suite", "Portal", "Engine", "Planner",
                    "Assist", "Tracker", "Vault", "Pilot", "Lens", "Forge", "Beacon", "Nest",
                    "Sphere", "Compass", "Atlas", "Orbit"]
SYLLABLES = ["ka", "lo", "vi", "ren", "ta", "mi", "so", "dar", "ne", "qu", "zu", "bel", "cor", "fi",
             "gan", "hol", "ix", "jo", "mar", "pel"]

BANNED = [
    ("guaranteed ROI", "Legal does not allow us to guarantee financial outcomes", "proven ROI"),
    ("best-in-class", "unsubstantiated superlative", "built for mid-size companies"),
    ("industry-leading", "unsubstantiated superlative", "trusted by thousands of HR teams"),
    ("world-class", "unsubstantiated superlative", None),
    ("zero risk", "no rollout is risk free; Legal will not approve it", "low-risk, phased rollout"),
    ("never goes down", "contradicts our SLA, which allows for downtime", "backed by our SLA"),
    ("fully automated compliance", "customers remain responsible for compliance",
     "built-in compliance checks"),
    ("100% secure", "no system is completely secure", "independently audited security"),
    ("unhackable", "no system is immune to attack", "independently audited security"),
    ("military-grade encryption", "meaningless marketing term", "AES-256 encryption at rest"),
    ("revolutionary", "hype that buyers discount", "new"),
    ("game-changing", "hype that buyers discount", None),
    ("cutting-edge", "hype that buyers discount", "modern"),
    ("next-generation", "hype that buyers discount", None),
    ("state-of-the-art", "hype that buyers discount", "modern"),
    ("seamless integration", "every integration needs some setup", "native integration"),
    ("plug and play", "every rollout needs some setup", "quick to set up"),
    ("set and forget", "HR processes need an owner", None),
    ("no-brainer", "dismissive of the buyer's diligence", None),
    ("risk-free", "no rollout is risk free; Legal will not approve it", "low-risk"),
    ("effortless", "overpromises on rollout effort", "straightforward"),
    ("future-proof", "nobody can promise that", None),
    ("infinitely scalable", "every system has limits", "scales to large enterprises"),
    ("zero maintenance", "customers still own their configuration", "low maintenance"),
    ("unbeatable price", "pricing claims need Finance approval", None),
    ("market-leading", "unsubstantiated superlative", None),
    ("one-stop shop", "we partner for several capabilities", "one platform for HR"),
    ("best of breed", "unsubstantiated superlative", None),
    ("paradigm shift", "jargon", None),
    ("instant results", "overpromises on time to value", None),
    ("guaranteed savings", "Legal does not allow us to guarantee financial outcomes",
     "typical savings"),
    ("fully GDPR compliant", "compliance is shared with the customer", "supports GDPR compliance"),
    ("HIPAA certified", "there is no HIPAA certification", "supports HIPAA compliance"),
    ("bank-level security", "meaningless marketing term", "independently audited security"),
    ("replaces your HR team", "we support HR people, we do not replace them", "gives HR time back"),
    ("never makes mistakes", "no software is free of errors", None),
]
BANNED_ADVERBS = ["totally", "absolutely", "utterly", "perfectly", "radically", "wildly"]
BANNED_ADJECTIVES = ["flawless", "painless", "foolproof", "unmatched", "unrivalled", "limitless",
                     "magical", "unstoppable", "peerless", "bulletproof"]

# id, topics, value, wrong values (same kind, other amount), valid_until,
# sentence templates ({fig} is the figure, {product} a product name).
CLAIMS = [
    ("uptime", ["uptime", "availability"], "99.95%", ["99.9%", "99.99%", "99.5%"], "2028-03-31",
     "Platform SLA v4, section 2",
     ["{product} is backed by a contractual commitment of {fig} uptime.",
      "Our availability commitment is {fig}, measured every month."]),
    ("customer-count", ["customers worldwide", "customer count"], "4,200+",
     ["5,000+", "3,500+", "6,000+"], "2028-06-30", "CRM active-account report",
     ["We serve {fig} customers worldwide across every industry.",
      "Our customer count stands at {fig} organisations."]),
    ("go-live", ["go-live", "time to value"], "6 weeks", ["4 weeks", "3 weeks", "8 weeks"],
     "2028-12-31", "Professional Services delivery report (median, kickoff to go-live)",
     ["The median go-live for {product} is {fig} from kickoff.",
      "Typical time to value is {fig} after the contract is signed."]),
    ("list-price", ["list price", "per-seat price"], "$8 per employee per month",
     ["$6 per employee per month", "$10 per employee per month"], "2028-12-31", "Price book",
     ["The list price for {product} is {fig}.",
      "Quote the per-seat price of {fig} before any discount."]),
    ("payroll-accuracy", ["payroll accuracy"], "99.98%", ["99.9%", "99.5%", "100%"], "2029-01-31",
     "Payroll operations report",
     ["Customers using {product} report payroll accuracy of {fig}.",
      "Payroll accuracy across our customer base is {fig}."]),
    ("p1-response", ["P1 response", "first response time"], "1 hour",
     ["2 hours", "4 hours", "30 minutes"], "2028-09-30", "Support policy v3, section 4",
     ["Our P1 response commitment is {fig}, around the clock.",
      "The first response time for urgent tickets is {fig}."]),
    ("roi", ["ROI", "return on investment"], "312%", ["250%", "400%", "280%"], "2028-06-30",
     "Independent total economic impact study",
     ["The independent study found an ROI of {fig} for a composite customer.",
      "A composite customer saw a return on investment of {fig}."]),
    ("payback", ["payback period"], "7 months", ["5 months", "9 months", "12 months"], "2028-06-30",
     "Independent total economic impact study",
     ["The payback period for {product} is {fig} on average.",
      "Finance teams like that the payback period is {fig}."]),
    ("admin-time", ["admin time", "administrative workload"], "40%", ["50%", "30%", "60%"],
     "2029-03-31", "Customer benchmark study",
     ["HR teams cut admin time by {fig} in their first year.",
      "The administrative workload of HR drops by {fig} with {product}."]),
    ("connectors", ["prebuilt connectors"], "350+", ["500+", "200+", "400+"], "2028-12-31",
     "Integration catalogue",
     ["We offer {fig} prebuilt connectors to payroll, finance and IT systems.",
      "The catalogue lists {fig} prebuilt connectors today."]),
    ("regions", ["hosting regions", "data residency"], "14 regions",
     ["12 regions", "20 regions", "9 regions"], "2028-12-31", "Infrastructure overview",
     ["Customers choose from {fig} for hosting, which keeps data residency simple.",
      "Our hosting regions now number {fig}."]),
    ("languages", ["supported languages"], "38 languages",
     ["40 languages", "25 languages", "50 languages"], "2028-12-31", "Localisation roadmap",
     ["Supported languages: the employee app is available in {fig}.",
      "Our supported languages now number {fig}."]),
    ("countries", ["payroll countries", "countries covered"], "110 countries",
     ["150 countries", "90 countries", "120 countries"], "2028-12-31", "Partner network list",
     ["Our payroll countries list covers {fig} through partners.",
      "The partner network brings the countries covered to {fig}."]),
    ("nps", ["NPS", "net promoter score"], "61 points", ["70 points", "55 points", "65 points"],
     "2028-06-30", "Customer survey",
     ["Our NPS is {fig} in the latest customer survey.",
      "The net promoter score among admins reached {fig} this year."]),
    ("soc2", ["SOC 2"], "SOC 2 Type II attestation", [], "2025-06-30", "Auditor letter",
     ["Every tenant is covered by our SOC 2 Type II attestation.",
      "Share the SOC 2 Type II attestation with the security team."]),
    ("hr-tech-award", ["HR Tech Award"], "Winner of the 2024 HR Tech Award", [], "2025-03-31",
     "Award press release",
     ["We are the Winner of the 2024 HR Tech Award.",
      "Open with our HR Tech Award win in the first meeting."]),
    ("onboarding-speed", ["time to productivity"], "3x", ["2x", "4x", "5x"], "2028-12-31",
     "Customer benchmark study",
     ["New hires reach full time to productivity {fig} faster with {product}.",
      "Customers see time to productivity improve {fig} in the first year."]),
    ("ticket-deflection", ["ticket deflection"], "35%", ["50%", "25%", "45%"], "2028-12-31",
     "Help centre analytics",
     ["Self-service answers give {fig} ticket deflection for HR help desks.",
      "Customers report ticket deflection of {fig} after launch."]),
    ("g2-rating", ["G2 rating"], "4.7 stars", ["4.9 stars", "4.5 stars", "4.8 stars"], "2028-12-31",
     "G2 profile",
     ["Our G2 rating is {fig} from verified reviewers.",
      "Point buyers to our G2 rating of {fig}."]),
    ("rto", ["RTO", "recovery time objective"], "4 hours", ["2 hours", "1 hour", "8 hours"],
     "2028-12-31", "Business continuity plan",
     ["Our RTO is {fig} for the production platform.",
      "The recovery time objective for {product} is {fig}."]),
    ("largest-deployment", ["largest deployment"], "250,000 employees",
     ["300,000 employees", "150,000 employees", "500,000 employees"], "2028-12-31",
     "Reference customer list",
     ["Our largest deployment covers {fig} across many countries.",
      "Mention that the largest deployment serves {fig}."]),
    ("turnover", ["turnover reduction", "attrition reduction"], "23%", ["30%", "15%", "40%"],
     "2028-12-31", "Customer cohort analysis",
     ["Customers saw a turnover reduction of {fig} in year one.",
      "The attrition reduction we can quote is {fig}."]),
    ("rpo", ["RPO", "recovery point objective"], "15 minutes",
     ["5 minutes", "1 hour", "30 minutes"], "2028-12-31", "Business continuity plan",
     ["Our RPO is {fig} for customer data.",
      "The recovery point objective is {fig} for every tenant."]),
    ("implementation-fee", ["implementation fee"], "$25,000", ["$20,000", "$30,000", "$15,000"],
     "2025-09-30", "Services price book",
     ["The standard implementation fee is {fig} for mid-size customers.",
      "Quote an implementation fee of {fig} for the standard package."]),
]

GENERIC = ["{product} helps {persona_pl} {task} without {pain}.",
           "Teams in {industry} use {product} to {task}.",
           "With {product}, {persona_pl} can {task} and {task2}.",
           "{product} connects to {system}, so nobody has to re-key data.",
           "{company} moved from spreadsheets to {product} and can now {task}.",
           "Most {persona_pl} we talk to still struggle with {pain}.",
           "The {feature} in {product} lets managers {task} from one screen.",
           "Ask the prospect how they {task} today and who owns it.",
           "Start the conversation with the problem, not the product.",
           "Show how {product} works with {system} before you talk about commercials.",
           "A typical rollout starts with {topic} and adds {topic2} later.",
           "Every change is logged, so {persona_pl} can see who did what and when.",
           "{persona_cap} in {industry} tell us that {pain} is their biggest headache.",
           "{product} keeps {topic} in step with {system}.",
           "Reports can be shared with finance or exported to {system}.",
           "Use this material when a {persona} asks how to {task}.",
           "Managers get a clear list of what needs their attention each week.",
           "Employees can {task} from the app on the phone they already carry.",
           "{company}, a {industry} organisation with {n} employees, chose {product}.",
           "{company} runs {product} across {m} sites, from the head office to every {site}.",
           "The {feature} is configured by HR, not by IT, which keeps changes quick.",
           "Permissions follow the org chart, so managers only see their own people.",
           "Admins can set up {topic} rules without writing code.",
           "If the buyer mentions {competitor}, ask which of their tasks it does not cover.",
           "Bring a {persona} into the call early; they will ask about {concern}.",
           "Our implementation team maps every field from {system} before the first import.",
           "Keep the demo focused on {topic} and the tasks the {persona} does every week.",
           "Customers in {industry} often pair {product} with {system}.",
           "The mobile view shows the same data as the desktop, with no separate setup.",
           "{product} sends reminders so that {persona_pl} never have to chase approvals."]

HEADINGS = {
    "ebook": ["Why {topic} matters now", "Where teams get stuck", "A better way to work",
              "Getting started", "What good looks like", "Checklist"],
    "case-study": ["The challenge", "Why they chose us", "The rollout", "Results", "What is next"],
    "whitepaper": ["Executive summary", "The problem", "Our approach", "Architecture",
                   "Security and control", "Conclusion"],
    "one-pager": ["At a glance", "Key capabilities", "Works with what you run",
                  "Numbers you can quote"],
    "battlecard": ["Who they are", "Where they are strong", "Where they are weak", "How to win",
                   "Landmines to set"],
    "email-template": ["When to send it", "The email", "Follow-up"],
    "deck": ["Slide notes: the problem", "Slide notes: the platform", "Slide notes: proof",
             "Slide notes: next steps"],
    "video": ["What the video shows", "Chapters", "Who should watch it"],
    "faq": ["General", "Setup", "Security", "Commercials"],
}

GENERAL_TAGS = ["competitive", "pricing", "security", "integrations", "internal", "mobile",
                "frontline", "enterprise", "mid-market", "smb", "renewal", "expansion",
                "business-case", "compliance", "analytics", "onboarding", "payroll"]
# fmt: on

_WORD = re.compile(r"[a-z0-9]+")
_YAML_RESERVED = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}
# Plain when it starts with a letter and has none of the characters that could end or
# retype a plain scalar (":", "#", brackets, quotes; "," too inside a flow list).
_PLAIN = re.compile(r"[A-Za-z](?:[^\n\t:#\[\]{}`\"]*[^\s:#\[\]{}`\"])?")
_FLOW_PLAIN = re.compile(r"[A-Za-z](?:[^\n\t:#\[\]{},`\"]*[^\s:#\[\]{},`\"])?")


def scalar(s: str, flow: bool = False) -> str:
    """A YAML scalar for `s`: plain when that reads back as the same string, else quoted."""
    pattern = _FLOW_PLAIN if flow else _PLAIN
    if pattern.fullmatch(s) and s.lower() not in _YAML_RESERVED:
        return s
    return json.dumps(s, ensure_ascii=False)


def flow_list(items: Sequence[str]) -> str:
    """A one-line YAML list, the way people write short vocabularies."""
    return "[" + ", ".join(scalar(i, flow=True) for i in items) + "]"


def slug(text: str, words: int = 7) -> str:
    """Lowercase-and-dashes id made of the first `words` words of `text`."""
    return "-".join(_WORD.findall(text.lower())[:words])


class Ids:
    """Unique ids: `base`, then `base-2`, `base-3`, ... (never one already given out)."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def new(self, base: str) -> str:
        n = self.next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.next[base] = n + 1
        self.used.add(candidate)
        return candidate


def pseudo_words(rng: random.Random, count: int, avoid: set[str]) -> list[str]:
    """Made-up brand words (e.g. 'Kaloren'), distinct from each other and from `avoid`."""
    out: list[str] = []
    seen = {a.lower() for a in avoid}
    while len(out) < count:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if w.lower() not in seen:
            seen.add(w.lower())
            out.append(w)
    return out


class Doc:
    """A file built line by line, remembering which lines carry a planted violation."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.marks: list[tuple[int, str]] = []

    def add(self, line: str, rule: str | None = None) -> None:
        self.lines.append(line)
        if rule:
            self.marks.append((len(self.lines), rule))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class Messaging:
    """Terms, banned phrases and claims, and the sentences that use them."""

    def __init__(self, rng: random.Random, terms: int, banned: int, claims: int) -> None:
        self.rng = rng
        prefixes = list(PRODUCT_PREFIXES)
        legacy = list(LEGACY_PREFIXES)
        max_terms = len(prefixes) * len(PRODUCT_SUFFIXES)
        if terms > max_terms:
            prefixes += pseudo_words(
                rng, (terms - max_terms) // len(PRODUCT_SUFFIXES) + 1, set(prefixes) | set(legacy)
            )
        pairs = [(p, s) for s in PRODUCT_SUFFIXES for p in prefixes]
        rng.shuffle(pairs)
        if terms > len(legacy) * len(PRODUCT_SUFFIXES):
            legacy += pseudo_words(
                rng, terms // len(PRODUCT_SUFFIXES) + 1, set(prefixes) | set(legacy)
            )
        free_legacy = {s: rng.sample(legacy, len(legacy)) for s in PRODUCT_SUFFIXES}
        self.terms: list[tuple[str, list[str], str | None]] = []
        for i, (p, s) in enumerate(pairs[:terms]):
            old = [p + s.lower() if i % 2 else p + s]  # Peoplecloud / PeopleCloud
            if i % 3 != 2 and free_legacy[s]:
                old.append(f"{free_legacy[s].pop()} {s}")
            note = f"renamed in {2023 + i % 3}" if i % 4 == 0 else None
            self.terms.append((f"{p} {s}", old, note))
        self.products = [t[0] for t in self.terms]

        self.banned = [b for b in BANNED[:banned]]
        combos = [(a, j) for a in BANNED_ADVERBS for j in BANNED_ADJECTIVES]
        rng.shuffle(combos)
        for a, j in combos[: max(0, banned - len(BANNED))]:
            self.banned.append((f"{a} {j}", "hype that buyers discount", None))
        if banned > len(self.banned):
            raise ValueError(f"--banned is at most {len(self.banned)}")

        self.claims = list(CLAIMS[:claims])
        extra = claims - len(self.claims)
        if extra > 0:
            avoid = {w for t in self.terms for w in t[0].split()} | set(LEGACY_PREFIXES)
            for w in pseudo_words(rng, extra, avoid):
                n = rng.randint(20, 90)
                lo, hi = max(1, n - rng.randint(3, 9)), n + rng.randint(3, 9)
                expired = rng.random() < 0.15
                self.claims.append(
                    (
                        f"{w.lower()}-index",
                        [f"{w} index"],
                        f"{n} points",
                        [f"{lo} points", f"{hi} points"],
                        f"2025-0{rng.randint(1, 9)}-28"
                        if expired
                        else f"{rng.randint(2028, 2030)}-12-31",
                        f"{w} benchmark report",
                        [
                            f"Our {w} index score is {{fig}} this year.",
                            f"The latest {w} index puts {{product}} at {{fig}}.",
                        ],
                    )
                )
        self.live = [c for c in self.claims if c[4] > REFERENCE_DATE.isoformat()]
        self.mismatchable = [c for c in self.live if c[3]]
        self.expired = [c for c in self.claims if c[4] <= REFERENCE_DATE.isoformat()]

    def yaml(self) -> str:
        out = ["# Messaging framework: terminology, banned phrases and the fact sheet.", "terms:"]
        for use, old, note in self.terms:
            out.append(f"  - use: {scalar(use)}")
            out.append(f"    instead_of: {flow_list(old)}")
            if note:
                out.append(f"    note: {scalar(note)}")
        out.append("banned:" if self.banned else "banned: []")
        for phrase, reason, suggest in self.banned:
            out.append(f"  - phrase: {scalar(phrase)}")
            out.append(f"    reason: {scalar(reason)}")
            if suggest:
                out.append(f"    suggest: {scalar(suggest)}")
        out.append("claims:" if self.claims else "claims: []")
        for cid, topic, value, _wrong, until, source, _t in self.claims:
            out.append(f"  - id: {cid}")
            out.append(f"    topic: {flow_list(topic)}")
            out.append(f"    value: {scalar(value)}")
            out.append(f"    valid_until: {until}")
            out.append(f"    source: {scalar(source)}")
        return "\n".join(out) + "\n"

    def terminology(self) -> str:
        old = self.rng.choice(self.terms)[1]
        name = self.rng.choice(old)
        return self.rng.choice(
            [
                f"Demo {name} on a phone so the buyer sees it live.",
                f"Position {name} as the way to keep HR data in one place.",
                f"Customers who run {name} can switch it on in the admin console.",
                f"The {name} team ships improvements every month.",
            ]
        )

    def banned_sentence(self) -> str:
        phrase = self.rng.choice(self.banned)[0]
        return self.rng.choice(
            [
                f"Tell the buyer our platform is {phrase}.",
                f"Our approach is {phrase} for teams of every size.",
                f"Remind them that the rollout is {phrase}.",
                f"Describe the product as {phrase} in the opening slide.",
            ]
        )

    def claim_sentence(self, claim: tuple, wrong: bool) -> str:
        fig = self.rng.choice(claim[3]) if wrong else claim[2]
        template = self.rng.choice(claim[6])
        return template.format(fig=fig, product=self.rng.choice(self.products))

    def planted(self, rates: tuple[float, float, float, float]) -> list[tuple[str, str]]:
        """Sentences with violations, drawn at the given rates (term, banned, mismatch, expired)."""
        out = []
        r = self.rng.random
        if r() < rates[0]:
            out.append((self.terminology(), "terminology"))
        if self.banned and r() < rates[1]:
            out.append((self.banned_sentence(), "banned-phrase"))
        if self.mismatchable and r() < rates[2]:
            out.append(
                (self.claim_sentence(self.rng.choice(self.mismatchable), True), "claim-mismatch")
            )
        if self.expired and r() < rates[3]:
            out.append((self.claim_sentence(self.rng.choice(self.expired), False), "claim-expired"))
        return out

    def correct_claim(self) -> str:
        return self.claim_sentence(self.rng.choice(self.live), False)


class _Slots(dict):  # type: ignore[type-arg]
    """Template slots filled on first use, so a sentence draws only the randomness it needs."""

    def __init__(self, g: Generator, topic: int, industry: int) -> None:
        super().__init__()
        self.g, self.topic, self.industry = g, topic, industry

    def __missing__(self, key: str) -> str:
        g, rng = self.g, self.g.rng
        if key.startswith("persona"):
            persona = self.setdefault("_persona", rng.choice(PERSONAS))
            self["persona_pl"], self["persona"] = persona[1], persona[2]
            self["persona_cap"] = persona[1][0].upper() + persona[1][1:]
            return self[key]
        value: str
        if key == "product":
            value = (
                g.topic_product[self.topic] if rng.random() < 0.6 else rng.choice(g.msg.products)
            )
        elif key == "task":
            value = rng.choice(TOPICS[self.topic][2])
        elif key == "task2":
            value = rng.choice(TOPICS[rng.randrange(ASSET_TOPICS)][2])
        elif key == "topic":
            value = TOPICS[self.topic][1]
        elif key == "topic2":
            value = TOPICS[rng.randrange(ASSET_TOPICS)][1]
        elif key == "industry":
            value = INDUSTRIES[self.industry][1]
        elif key == "site":
            value = INDUSTRIES[self.industry][2]
        elif key == "company":
            value = g.company(self.industry)
        elif key == "n":
            value = f"{rng.randint(2, 90) * 100:,}"
        elif key == "m":
            value = str(rng.randint(3, 400))
        else:
            value = rng.choice(_POOLS[key])
        self[key] = value
        return value


_POOLS = {
    "pain": PAINS,
    "system": SYSTEMS,
    "feature": FEATURES,
    "competitor": COMPETITORS,
    "concern": CONCERNS,
}


class Generator:
    """Draws the content of one repository from a seeded random generator."""

    def __init__(self, seed: int, terms: int, banned: int, claims: int) -> None:
        self.rng = random.Random(seed)
        self.msg = Messaging(self.rng, terms, banned, claims)
        rng = self.rng
        self.reps = []
        for i in range(60):
            first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
            self.reps.append((f"{first} {last}", f"{first.lower()}.{last.lower()}@{DOMAIN}"))
        self.marketers = [
            (f"{first} {last}", f"{first.lower()}.{last.lower()}@{DOMAIN}")
            for first, last in zip(
                rng.sample(FIRST_NAMES, 12), rng.sample(LAST_NAMES, 12), strict=True
            )
        ]
        self.topic_product = [
            self.msg.products[i % len(self.msg.products)] for i in range(len(TOPICS))
        ]
        self.tags = sorted({slug(t[1], 3) for t in TOPICS} | set(GENERAL_TAGS))
        self.span = (REFERENCE_DATE - FIRST_DAY).days

    # -- small pickers -------------------------------------------------------------

    def date(self, lo: int = 0, hi: int | None = None) -> dt.date:
        return FIRST_DAY + dt.timedelta(days=self.rng.randint(lo, self.span if hi is None else hi))

    def some(self, pool: Sequence, k_max: int, k_min: int = 1) -> list:
        return self.rng.sample(pool, self.rng.randint(k_min, k_max))

    def tag_list(self, topic: int, k_max: int) -> str:
        """The topic's own tag plus a few others, as a flow list."""
        return flow_list(sorted({slug(TOPICS[topic][1], 3), *self.some(self.tags, k_max)}))

    def company(self, industry: int) -> str:
        return f"{self.rng.choice(COMPANY_STEMS)} {self.rng.choice(INDUSTRIES[industry][3])}"

    def person(self, pool: list[tuple[str, str]]) -> str:
        name, email = self.rng.choice(pool)
        return name if self.rng.random() < 0.4 else email

    def sentence(self, topic: int, industry: int) -> str:
        """One generic sentence about `topic` for `industry` (no claim topic, no old name)."""
        return self.rng.choice(GENERIC).format_map(_Slots(self, topic, industry))

    # -- assets --------------------------------------------------------------------

    def assets(self, count: int) -> list[dict]:
        rng = self.rng
        weights = [t[3] for t in ASSET_TYPES]
        ids = Ids()
        out = []
        for _ in range(count):
            kind = rng.choices(range(len(ASSET_TYPES)), weights)[0]
            type_id, type_name, type_word, _ = ASSET_TYPES[kind]
            topic = rng.randrange(ASSET_TOPICS)
            industry = rng.randrange(len(INDUSTRIES))
            product = self.topic_product[topic]
            tname = TOPICS[topic][0]
            if type_id == "case-study":
                title = f"How {self.company(industry)} Simplified {tname} with {product}"
            elif type_id == "battlecard":
                title = f"Battlecard: {product} vs {rng.choice(COMPETITORS)}"
            elif type_id == "email-template":
                who = rng.choice(PERSONAS)[2]
                title = f"{who[0].upper()}{who[1:]} Email: {tname} Follow-Up"
            elif type_id == "faq":
                title = f"{tname} FAQ"
            elif type_id == "ebook":
                title = f"The {INDUSTRIES[industry][1].title()} Guide to {tname}"
            else:
                title = f"{product} for {tname}: {type_word}"
            r = rng.random()
            status = "published" if r < 0.88 else "draft" if r < 0.96 else "retired"
            published = self.date(0, self.span - 30)
            out.append(
                {
                    "id": ids.new(slug(title, 8)),
                    "type": type_id,
                    "title": title,
                    "type_name": type_name,
                    "topic": topic,
                    "industry": industry,
                    "status": status,
                    "published": published,
                }
            )
        return out

    def asset_text(self, a: dict, answers: list[str]) -> Doc:
        rng, msg = self.rng, self.msg
        doc = Doc()
        topic, industry = a["topic"], a["industry"]
        persona_ids = [p[0] for p in self.some(PERSONAS, 3)]
        doc.add("---")
        doc.add(f"title: {scalar(a['title'])}")
        doc.add(f"type: {a['type']}")
        doc.add(f"summary: {scalar(self.summary(a, persona_ids[0]))}")
        doc.add(f"stage: {rng.choice(STAGES)}")
        doc.add(f"personas: {flow_list(persona_ids)}")
        doc.add(f"industries: {flow_list([INDUSTRIES[industry][0]] if rng.random() < 0.7 else [])}")
        doc.add(f"tags: {self.tag_list(topic, 3)}")
        doc.add(f"owner: {scalar(self.person(self.marketers))}")
        doc.add(f"published: {a['published']}")
        review = a["published"] + dt.timedelta(days=rng.randint(120, 730))
        doc.add(f"review_by: {review}")
        doc.add(f"status: {a['status']}")
        if a["type"] == "video":
            doc.add(f"url: https://videos.{DOMAIN}/{a['id']}")
        elif a.get("file"):
            doc.add(f"file: {a['file']}")
        if answers:
            doc.add(f"answers: {flow_list(answers)}")
        doc.add("---")
        doc.add("")
        doc.add(f"# {a['title']}")
        doc.add("")

        live = a["status"] == "published"
        planted = msg.planted((0.12, 0.08, 0.10, 0.05)) if live else []
        n_correct = rng.choice((0, 0, 1, 1, 2)) if msg.live else 0
        correct = [msg.correct_claim() for _ in range(n_correct)]
        words_left = rng.randint(200, 600)
        headings = HEADINGS[a["type"]]
        sections = rng.randint(2, len(headings))
        # Where the planted and correct-claim sentences go: a random section each.
        extras: list[list[tuple[str, str | None]]] = [[] for _ in range(sections)]
        for s in planted:
            extras[rng.randrange(sections)].append(s)
        for c in correct:
            extras[rng.randrange(sections)].append((c, None))
        per_section = max(2, words_left // 14 // sections)
        for i in range(sections):
            doc.add("## " + headings[i].format(topic=TOPICS[topic][0]))
            doc.add("")
            bullets = rng.random() < 0.35
            lines = [(self.sentence(topic, industry), None) for _ in range(per_section)]
            for e in extras[i]:
                lines.insert(rng.randint(0, len(lines)), e)
            for j, (line, rule) in enumerate(lines):
                if bullets and j >= len(lines) // 2:
                    line = "- " + line
                    if j == len(lines) // 2:
                        doc.add("")
                elif j and j % 4 == 0 and not bullets:
                    doc.add("")
                doc.add(line, rule)
            doc.add("")
        doc.lines.pop()  # no blank line at the end: Doc.text adds the final newline
        return doc

    def summary(self, a: dict, persona_id: str) -> str:
        persona = next(p[1] for p in PERSONAS if p[0] == persona_id)
        kind = a["type_name"]
        return (
            f"{kind[0].upper()}{kind[1:]} for {persona} on "
            f"{TOPICS[a['topic']][1]} in {INDUSTRIES[a['industry']][1]}, "
            f"with {self.topic_product[a['topic']]}."
        )

    # -- requests ------------------------------------------------------------------

    def request_title(
        self,
        kind: str,
        topic: int,
        industry: int,
        about: dict | None,
        claim: tuple | None,
        loss: tuple[str, str],
    ) -> str:
        rng = self.rng
        t = TOPICS[topic]
        product = self.topic_product[topic]
        persona = rng.choice(PERSONAS)
        if claim is not None:
            return rng.choice(
                [
                    f"What is our {claim[1][0]} these days?",
                    f"Customer asks about {claim[1][0]} - what can we say?",
                ]
            )
        if kind == "question":
            return rng.choice(
                [
                    f"Does {product} integrate with {rng.choice(SYSTEMS)} for {t[1]}?",
                    f"Can we {rng.choice(t[2])} in {product}?",
                    f"{rng.choice(SYSTEMS)} - do we support {t[1]}?",
                    f"How do {INDUSTRIES[industry][1]} customers {rng.choice(t[2])}?",
                    f"{persona[2]} asking how we handle {t[1]}",
                ]
            )
        if kind == "content":
            return rng.choice(
                [
                    f"Need a {rng.choice(ASSET_TYPES)[1]} on {t[1]} for {persona[1]}",
                    f"One-pager comparing {product} and {rng.choice(COMPETITORS)} on {t[1]}",
                    f"Case study from a {INDUSTRIES[industry][1]} customer using {product}",
                    f"Email I can send to the {persona[2]} about {t[1]}",
                ]
            )
        if kind == "objection":
            return rng.choice(
                [
                    f"{rng.choice(COMPETITORS)} is cheaper and also does {t[1]}",
                    f"Prospect says {product} is too complex for {INDUSTRIES[industry][1]}",
                    f"{persona[2]} worried about {rng.choice(CONCERNS)} with {t[1]}",
                    f"Buyer thinks we cannot {rng.choice(t[2])}",
                ]
            )
        if kind == "lost-deal":
            return rng.choice(
                [
                    f"Lost {self.company(industry)} to {rng.choice(COMPETITORS)}",
                    f"lost to {rng.choice(COMPETITORS)} on {loss[0]}",
                    f"{self.company(industry)} went with {rng.choice(COMPETITORS)}: {t[1]}",
                ]
            )
        assert about is not None
        return rng.choice(
            [
                f"The {about['title']} is out of date",
                f"Customers loved the {about['title']}",
                f"{about['title']}: figures need a refresh",
                f"Please add {rng.choice(SYSTEMS)} to {about['title']}",
            ]
        )

    def request_text(
        self, kind: str, opened: dt.date, published: list[dict], by_topic: list[list[dict]]
    ) -> tuple[Doc, str, list[str]]:
        """The request file, its title and the ids of the assets it links to."""
        rng, msg = self.rng, self.msg
        # about one request in twelve asks for something no asset covers
        topic = (
            rng.randrange(ASSET_TOPICS, len(TOPICS))
            if rng.random() < 0.08
            else rng.randrange(ASSET_TOPICS)
        )
        industry = rng.randrange(len(INDUSTRIES))
        loss = rng.choice(LOSS_REASONS)
        about = rng.choice(published) if kind == "feedback" and published else None
        if about is not None:
            topic = about["topic"]
        if kind == "feedback" and about is None:
            kind = "question"
        asks_claim = kind == "question" and msg.claims and rng.random() < 0.08
        claim = rng.choice(msg.claims) if asks_claim else None
        r = rng.random()
        status = (
            "open"
            if r < 0.4
            else "in-progress"
            if r < 0.6
            else "answered"
            if r < 0.9
            else "declined"
        )
        doc = Doc()
        doc.add(f"kind: {kind}")
        expired_claim = claim is not None and claim in msg.expired
        title = self.request_title(kind, topic, industry, about, claim, loss)
        doc.add(f"title: {scalar(title)}", "claim-expired" if expired_claim else None)
        if rng.random() < 0.85:
            doc.add(f"requested_by: {scalar(self.person(self.reps))}")
        has_opened = rng.random() < 0.85
        if has_opened:
            doc.add(f"opened: {opened}")
        if rng.random() < 0.6:
            doc.add(f"stage: {rng.choice(STAGES)}")
        if rng.random() < 0.7:
            doc.add(f"personas: {flow_list([p[0] for p in self.some(PERSONAS, 2)])}")
        if rng.random() < 0.6:
            doc.add(f"industries: {flow_list([INDUSTRIES[industry][0]])}")
        if rng.random() < 0.25:
            others = [self.person([rep]) for rep in self.some(self.reps, 3)]
            doc.add(f"asked_by: {flow_list(others)}")
        if kind in ("objection", "lost-deal"):
            doc.add(f"competitor: {scalar(rng.choice(COMPETITORS))}")
        if kind == "lost-deal":
            doc.add(f"reason: {scalar(loss[1])}")
        if rng.random() < 0.6:
            priority = rng.choices(["low", "normal", "high", "urgent"], [2, 5, 3, 1])[0]
            doc.add(f"priority: {priority}")
        if has_opened and rng.random() < 0.45:  # without opened, the commit date could be later
            doc.add(f"needed_by: {opened + dt.timedelta(days=rng.randint(0, 90))}")
        doc.add(f"status: {status}")

        # details: a few of the rep's sentences, maybe one planted violation
        if rng.random() < 0.75:
            lines: list[tuple[str, str | None]] = [
                (self.sentence(topic, industry), None) for _ in range(rng.randint(1, 4))
            ]
            for p in msg.planted((0.05, 0.02, 0.0, 0.0)):
                lines.insert(rng.randint(0, len(lines)), p)
            self.block(doc, "details", lines)
        if kind in ("lost-deal", "objection") or rng.random() < 0.3:
            doc.add("deals:")
            for _ in range(rng.randint(1, 3)):
                outcome = (
                    "lost" if kind == "lost-deal" else rng.choice(["open", "open", "won", "lost"])
                )
                doc.add(f"  - id: OPP-{rng.randint(10000, 99999)}")
                doc.add(f"    amount: {rng.randint(10, 900) * 500}")
                doc.add(f"    outcome: {outcome}")
                if kind == "lost-deal":
                    break
        if status == "answered" or (status == "in-progress" and rng.random() < 0.3):
            lines = [(self.sentence(topic, industry), None) for _ in range(rng.randint(1, 3))]
            if claim is not None:
                if expired_claim:
                    lines.insert(0, (msg.claim_sentence(claim, False), "claim-expired"))
                elif claim[3] and rng.random() < 0.2:
                    lines.insert(0, (msg.claim_sentence(claim, True), "claim-mismatch"))
                else:
                    lines.insert(0, (msg.claim_sentence(claim, False), None))
            elif msg.live and rng.random() < 0.1:
                lines.append((msg.correct_claim(), None))
            for p in msg.planted((0.03, 0.02, 0.03, 0.01)):
                lines.insert(rng.randint(0, len(lines)), p)
            self.block(doc, "answer", lines)
        links: list[str] = []
        if about is not None:
            links = [about["id"]]
        elif status == "answered" and rng.random() < 0.8 and by_topic[topic]:
            links = [a["id"] for a in self.some(by_topic[topic], min(3, len(by_topic[topic])))]
        if links:
            doc.add(f"assets: {flow_list(links)}")
        if rng.random() < 0.5:
            doc.add(f"tags: {self.tag_list(topic, 2)}")
        return doc, title, links

    @staticmethod
    def block(doc: Doc, key: str, lines: list[tuple[str, str | None]]) -> None:
        """A Markdown field: a plain scalar for one clean line, else a literal block."""
        if len(lines) == 1 and scalar(lines[0][0]) == lines[0][0]:
            doc.add(f"{key}: {lines[0][0]}", lines[0][1])
            return
        doc.add(f"{key}: |")
        for text, rule in lines:
            doc.add("  " + text, rule)


SETUP_FILES = ("mkdocs.yml", "enablement/index.md", "content/taxonomy.yml", "content/messaging.yml")


def generate(
    out: Path,
    requests: int,
    assets: int,
    seed: int = 1,
    terms: int = 100,
    banned: int = 30,
    claims: int = 20,
    git: bool = False,
    commits: int = 10,
) -> None:
    """Write a synthetic enablement repository into `out`, which must be empty or absent."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; pick a new directory")
    g = Generator(seed, terms, banned, claims)
    rng = g.rng

    asset_list = g.assets(assets)
    for a in asset_list:
        if a["type"] in ("ebook", "whitepaper", "deck") and rng.random() < 0.3:
            a["file"] = f"files/{a['id']}.{'pptx' if a['type'] == 'deck' else 'pdf'}"
    published = [a for a in asset_list if a["status"] == "published"]
    by_topic: list[list[dict]] = [[] for _ in TOPICS]
    for a in published:
        by_topic[a["topic"]].append(a)

    files: dict[str, str] = {}  # relative path -> text
    dates: dict[str, dt.date] = {}  # relative path -> the day it was added (for --git)
    violations: list[tuple[str, int, str]] = []

    kinds = ["question", "content", "objection", "lost-deal", "feedback"]
    ids = Ids()
    answers: dict[str, list[str]] = {}
    for _ in range(requests):
        kind = rng.choices(kinds, [40, 20, 15, 10, 15])[0]
        opened = g.date()
        doc, title, links = g.request_text(kind, opened, published, by_topic)
        rid = ids.new(slug(title, 7) or "request")
        path = f"requests/{rid}.yml"
        files[path] = doc.text()
        dates[path] = opened
        violations += [(path, line, rule) for line, rule in doc.marks]
        for aid in links:
            if rng.random() < 0.1:
                answers.setdefault(aid, []).append(rid)

    for a in asset_list:
        doc = g.asset_text(a, answers.get(a["id"], [])[:5])
        path = f"content/{a['type']}/{a['id']}.md"
        files[path] = doc.text()
        dates[path] = a["published"]
        violations += [(path, line, rule) for line, rule in doc.marks]
        if a.get("file"):
            files[f"content/{a['file']}"] = f"placeholder attachment for {a['id']}\n"
            dates[f"content/{a['file']}"] = a["published"]

    files["mkdocs.yml"] = (
        "site_name: Synthetic Enablement\n"
        "theme:\n  name: material\n"
        "docs_dir: enablement\n"
        "plugins:\n  - search\n  - enablekit\n"
    )
    files["enablement/index.md"] = (
        "# Sales enablement\n\n"
        "Everything sales needs to answer customers: assets, answers to common questions,\n"
        "and the messaging we agreed on.\n\n"
        "Ask for what is missing by adding a file under `requests/`.\n"
    )
    files["content/taxonomy.yml"] = (
        f"stages: {flow_list(STAGES)}\n"
        f"personas: {flow_list([p[0] for p in PERSONAS])}\n"
        f"industries: {flow_list([i[0] for i in INDUSTRIES])}\n"
        f"asset_types: {flow_list([t[0] for t in ASSET_TYPES])}\n"
    )
    files["content/messaging.yml"] = g.msg.yaml()

    files["violations.yml"] = (
        "# Planted messaging violations (generated by benchmarks/synth.py); not part of the\n"
        "# repository. line is 1-based in the file as on disk (front matter included).\n"
        + "".join(f"- {{path: {p}, line: {n}, rule: {r}}}\n" for p, n, r in sorted(violations))
    )
    write(out, files)
    if git:
        commit_history(out, files, dates, g.marketers + g.reps, commits)


def write(out: Path, files: dict[str, str]) -> None:
    made: set[str] = set()
    for rel, text in files.items():
        parent = os.path.join(out, os.path.dirname(rel))
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(os.path.join(out, rel), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def commit_history(
    out: Path,
    files: dict[str, str],
    dates: dict[str, dt.date],
    people: list[tuple[str, str]],
    commits: int,
) -> None:
    """Commit the files oldest first in `commits` commits, each by another person on its day.

    One `git fast-import` stream writes every blob and commit into a single pack, which is
    several times faster than `git add` + `git commit` (one loose object file per blob);
    `git reset` then fills the index so the working tree shows as clean.
    """
    setup = [*SETUP_FILES, "violations.yml"]
    rest = sorted((p for p in files if p not in setup), key=lambda p: (dates[p], p))
    chunks = max(1, commits - 1)
    batches = [setup] + [
        rest[i * len(rest) // chunks : (i + 1) * len(rest) // chunks] for i in range(chunks)
    ]
    stream: list[bytes] = []
    for i, batch in enumerate(b for b in batches if b):
        day = max(dates.get(p, FIRST_DAY) for p in batch)
        when = dt.datetime(day.year, day.month, day.day, 9 + i % 8, (i * 7) % 60, tzinfo=dt.UTC)
        name, email = people[(i * 5) % len(people)]
        n_req = sum(p.startswith("requests/") for p in batch)
        msg = (
            "Set up the enablement repository"
            if i == 0
            else f"Add {n_req} requests and {len(batch) - n_req} content files"
        ).encode()
        who = f"{name} <{email}> {int(when.timestamp())} +0000\n".encode()
        stream += [
            b"commit refs/heads/main\nauthor ",
            who,
            b"committer ",
            who,
            b"data %d\n" % len(msg),
            msg,
            b"\n",
        ]
        for path in batch:
            data = files[path].encode()
            stream += [b"M 100644 inline ", path.encode(), b"\ndata %d\n" % len(data), data, b"\n"]
    git = ["git", "-c", "core.hooksPath=/dev/null"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=out, check=True)
    subprocess.run([*git, "fast-import", "--quiet"], cwd=out, input=b"".join(stream), check=True)
    subprocess.run([*git, "reset", "-q"], cwd=out, check=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="directory to create (must be empty or absent)")
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--assets", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--terms", type=int, default=100)
    ap.add_argument("--banned", type=int, default=30)
    ap.add_argument("--claims", type=int, default=20)
    ap.add_argument("--git", action="store_true", help="commit the files in several commits")
    ap.add_argument("--commits", type=int, default=10, help="number of commits with --git")
    args = ap.parse_args(argv)
    if min(args.assets, args.requests, args.terms, args.banned, args.claims) < 0:
        ap.error("counts must not be negative")
    if args.terms < 1:
        ap.error("--terms must be at least 1: the product names come from the terms")
    try:
        generate(
            args.out,
            args.requests,
            args.assets,
            args.seed,
            args.terms,
            args.banned,
            args.claims,
            args.git,
            args.commits,
        )
    except (FileExistsError, ValueError) as e:
        print(f"synth.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
