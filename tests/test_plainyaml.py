"""The line reader (load/plainyaml.py) gives the composer's answer or none at all.

Whatever read_plain accepts must come out exactly as yamlfile's composer reads it: the same
data (types too), the same value and key positions, and no problem the composer would have
reported. Held on every YAML file and front matter of the sample repository and the test
fixtures, on hand-written edge cases, and on mutated copies (a fixed seed, so a failure
repeats).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from enablekit.load.frontmatter import split_front_matter
from enablekit.load.plainyaml import read_plain
from enablekit.load.yamlfile import _Composer, parse_yaml

ROOT = Path(__file__).resolve().parent.parent


def composed(text: str, offset: int = 0) -> tuple[object, dict, dict] | None:
    """The composer's (data, values, keys), or None where it reports any problem."""
    composer = _Composer("f.yml", offset, False)
    try:
        doc = composer.compose(text)
    except Exception:
        return None
    return None if composer.problems else (doc.data, doc.values, doc.keys)


def assert_same_or_refused(text: str, offset: int = 0) -> bool:
    """True when read_plain accepted `text` (and agreed with the composer)."""
    plain = read_plain(text, offset)
    if plain is None:
        return False
    want = composed(text, offset)
    assert want is not None, f"read_plain accepted what the composer refuses: {text!r}"
    assert repr(plain[0]) == repr(want[0]), text  # repr: 1, 1.0 and True differ
    assert plain[1] == want[1], text
    assert plain[2] == want[2], text
    return True


def sample_texts() -> list[tuple[str, str, int]]:
    found = []
    for path in sorted(ROOT.glob("requests/**/*.yml")) + sorted(
        ROOT.glob("tests/fixtures/**/*.yml")
    ):
        found.append((str(path), path.read_text(encoding="utf-8", errors="replace"), 0))
    for path in sorted(ROOT.glob("content/**/*.md")) + sorted(ROOT.glob("tests/fixtures/**/*.md")):
        split, _ = split_front_matter(str(path), path.read_text(encoding="utf-8", errors="replace"))
        if split is not None:
            found.append((str(path), split.front_matter, 1))
    return found


def test_sample_files_read_alike() -> None:
    texts = sample_texts()
    accepted = sum(assert_same_or_refused(text, offset) for _, text, offset in texts)
    # The point of the reader: the common shape is nearly every file.
    requests = [t for p, t, _ in texts if "/requests/" in p and "/fixtures/" not in p]
    assert len(requests) > 20
    assert sum(read_plain(t) is not None for t in requests) >= 0.9 * len(requests)
    assert accepted >= 0.8 * len(texts)


CASES = [
    "a: 1\nb:\nc: x\n",
    "a:\n- x\n- z\nb: 2\n",
    "a:\n  - x\n  -  w\n",
    "deals:\n  - id: O-1\n    amount: 5\n    outcome:\n  - id: O-2\n",
    "d: |\n  one\n\n  two\n\n\nz: 1\n",
    "d: |-\n  one\n   two\n",
    "d: |\n  one\n# after\nz: 2\n",
    "d: |\n  one",
    "d: |\n\n  one\n",
    "d: |+\n  one\n\n",
    "d: >\n  one\n  two\n",
    "x: [a, b ,c]  # comment\n",
    "x: []\ny: [ ]\n",
    "z: [a,]\n",
    "x: [why?, 10:30]\n",
    "k:  v  # c\nl: C# and F#\nm: issue #5\n",
    "# c\n\nk: v\n",
    'k: "q: r"\nn: "" \no: \'say "hi"\'  # c\n',
    "l: 'it''s'\n",
    'm: "a\\tb"\n',
    "a:\n\nb: 1\n",
    "a:   \nb: 1",
    "a:",
    "a: yes\n",
    "a: [on]\n",
    "a: 0x10\nb: 1e3\nc: .inf\nd: -5\ne: +7\nf: 2024-01-31\ng: ~\nh: Null\ni: FALSE\n",
    "a: b: c\n",
    "a: b:\n",
    "a: - b\n",
    "a: &x b\nc: *x\n",
    "a: !!str 1\n",
    "a: 1\na: 2\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "a: text\n  more text\n",
    "a: text\n\n  more\n",
    "a: text\n  # a comment\nb: 2\n",
    "a:\n  b: 1\n",
    "a:\n  - b: 1\n    c:\n      - d\n",
    "a:\n  - b: 1\n     c: 2\n",
    "a:\n  - x\n   - y\n",
    "a:\n  - x\n  more\n",
    "- a\n- b\n",
    "just text\n",
    "",
    "# only a comment\n",
    "a:\tb\n",
    "a: b\r\nc: d\r\n",
    "a: caf\u00e9\nb: \u00c5se\n",
    "b: \u2028\n",
    "a: x\u202ey\n",
    "key-with-dash: 1\n_under: 2\nCaps: 3\n",
    "a: 'x' y\n",
    'a: "x"y\n',
    "a: [x] y\n",
    "a: [x, [y]]\n",
    "a: {b: 1}\n",
    "a: `b`\n",
    "a: ? b\n",
    "a: : b\n",
    "a: -b\nc: --\n",
    "a:\n# c\nb: 1\n",
    "a:  # c\nb: 1\n",
    "a:\n  # c\n  - x\n",
    "a: |\n    x\n  # c\nb: 1\n",
    "a: |\n  x\n\n  # y\n\nb: 1\n",
    "a: |-\n  x\n\n\n",
    "d:\n  -   a: b\n      c: d\n",
    "d:\n- a: 1\n  b:\n- c: 2\n",
    'a: x # c\nb: "y" # c\nc: [z] # c\n',
    "t: 12:30\nu: a:b\nv: -x\nw: .5\nx: 1_000\ny: 0o7\nz: +.inf\n",
]


@pytest.mark.parametrize("text", CASES)
def test_edge_cases_read_alike(text: str) -> None:
    assert_same_or_refused(text)
    assert_same_or_refused(text, 1)


def test_refused_files_keep_the_composers_problems() -> None:
    """What the reader refuses still gets the composer's one clear line."""
    doc, problems = parse_yaml("r.yml", "title: a: b\n")
    assert doc is None
    assert [(p.line, p.rule) for p in problems] == [(1, "syntax")]
    doc, problems = parse_yaml("r.yml", "kind: question\nkind: content\n")
    assert [p.rule for p in problems] == ["duplicate-key"]
    doc, problems = parse_yaml("r.yml", "urgent: yes\n")
    assert [p.rule for p in problems] == ["truthy"]


SPICE = [*":#-'\"[]{},|>!&*? \n\t%@`~x1.", "- ", ": ", " #", "\n  ", "\n- ", "yes", "null"]
SPICE += ["''", "|-", "\n\n", "  - a: b\n", "    ", "\u00e9", "\r\n"]


def _mutate(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    kind = rng.randrange(5)
    if kind == 0:
        return text[:at] + text[at + 1 :]
    if kind == 1:
        return text[:at] + rng.choice(SPICE) + rng.choice(SPICE) + text[at:]
    lines = text.split("\n")
    j = rng.randrange(len(lines))
    if kind == 2:
        lines.insert(j, lines[rng.randrange(len(lines))])
    elif kind == 3:
        lines[j] = " " * rng.randrange(5) + lines[j].lstrip(" ")
    else:
        return text[:at]
    return "\n".join(lines)


def test_mutated_files_read_alike() -> None:
    rng = random.Random(5)
    accepted = 0
    for _, text, offset in sample_texts():
        for _ in range(40):
            mutant = text
            for _ in range(rng.randrange(1, 3)):
                mutant = _mutate(mutant, rng)
            accepted += assert_same_or_refused(mutant, offset)
    assert accepted > 1000  # the mutants reach the reader, not only its refusals
