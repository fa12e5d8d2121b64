"""The Markdown extension that passes enablekit's own HTML blocks through whole, and the
collector pause that loading and linking run under."""

from __future__ import annotations

import gc

import markdown

from enablekit.collector import paused
from enablekit.site.markdown import block, html_heading


def render(text: str) -> str:
    return markdown.Markdown(extensions=["enablekit.site.rawblocks"]).convert(text)


def test_an_enablekit_block_reaches_the_page_as_written() -> None:
    hostile = block("**bold** <script>alert(1)</script> {{ secret }}\n\n- one\n- two")
    html = render(f"# Title\n\n{hostile}\n\nAfter *it*.")

    assert hostile in html  # verbatim: escaped once, by block(), never parsed again
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h1>Title</h1>" in html and "<p>After <em>it</em>.</p>" in html


def test_the_block_is_stashed_whole_before_the_html_parser_runs() -> None:
    """What makes it cheap: the block never reaches Python-Markdown's HTML parser (which
    stores what it parsed with a line end added)."""
    one = block("first\n\nsecond <b>")
    md = markdown.Markdown(extensions=["enablekit.site.rawblocks"])
    md.convert(f"Before.\n\n{one}\n\nAfter.")

    assert md.htmlStash.rawHtmlBlocks == [one]
    index = md.preprocessors.get_index_for_name
    assert index("enablekit_raw_blocks") < index("html_block")  # runs first


def test_blocks_in_a_row_are_one_entry_that_no_inline_pattern_reads() -> None:
    from markdown.inlinepatterns import InlineProcessor

    class Trap(InlineProcessor):  # type: ignore[misc]
        def handleMatch(self, m, data):  # type: ignore[no-untyped-def]
            raise AssertionError(f"an inline pattern read {data!r}")

    one, two = block("first"), block("*second*", css="enablekit-facts")
    md = markdown.Markdown(extensions=["enablekit.site.rawblocks"])
    md.inlinePatterns.register(Trap(r"wzxhzdk", md), "trap", 1000)
    html = md.convert(f"## Heading\n\n{one}\n\n\n{two}\n\nAfter *it*.")

    assert md.htmlStash.rawHtmlBlocks == [f"{one}\n{two}"]
    assert f"{one}\n{two}" in html and "<p>After <em>it</em>.</p>" in html


#: The title as shown: look-alikes for "<", ">" and "&" (see markdown.heading).
SHOWN = "First \u2039b\u203aquestion\u2039/b\u203a \uff06 co"


def test_finished_headings_join_the_table_of_contents_in_document_order() -> None:
    md = markdown.Markdown(extensions=["toc", "attr_list", "enablekit.site.rawblocks"])
    text = "\n\n".join(
        [
            "# Page",
            "## Before { #before }",
            html_heading(2, "q-1", "First <b>question</b> & co"),
            block("its details"),
            html_heading(3, "q-1-more", "More on it"),
            "## Between",
            html_heading(2, "q-2", "Second"),
        ]
    )
    html = md.convert(text)

    def walk(tokens: list[dict[str, object]], depth: int = 0) -> list[tuple[int, object, object]]:
        found = []
        for token in tokens:
            found.append((depth, token["id"], token["name"]))
            found += walk(token["children"], depth + 1)  # type: ignore[arg-type]
        return found

    assert walk(md.toc_tokens) == [  # type: ignore[attr-defined]
        (0, "page", "Page"),
        (1, "before", "Before"),
        (1, "q-1", SHOWN),
        (2, "q-1-more", "More on it"),
        (1, "between", "Between"),
        (1, "q-2", "Second"),
    ]
    assert f'<h2 id="q-1">{SHOWN}<a class="headerlink" href="#q-1"' in html
    assert "<b>" not in html and "<p><h2" not in html and "wzxhzdk" not in html


def test_a_block_without_its_closing_line_is_left_to_markdown() -> None:
    text = '<div class="enablekit-text" markdown="0">\n<p>never closed</p>\n\n*tail*'
    html = render(text)

    assert "never closed" in html
    assert "\x02" not in html and "wzxhzdk" not in html  # no placeholder left behind


def test_an_indented_or_foreign_div_is_not_taken_for_one() -> None:
    indented = '- item\n\n    <div class="enablekit-text" markdown="0">\n    x\n    </div>\n'
    other = '<div class="note" markdown="0">\n*not ours*\n</div>\n'
    for text in (indented, other):
        plain = markdown.Markdown().convert(text)
        assert render(text) == plain


def test_the_collector_is_paused_inside_and_restored_after() -> None:
    was = gc.isenabled()
    try:
        gc.enable()
        with paused():
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        (gc.enable if was else gc.disable)()
