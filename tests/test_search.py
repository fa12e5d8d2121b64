"""The search sections enablekit makes in its render workers equal Material's own."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser

from enablekit.site.search import Sections


def sections(parser: Parser, html: str) -> list[tuple[object, ...]]:
    parser.feed(html)
    parser.close()
    return [
        (s.el.tag, s.id, s.depth, "".join(s.title), "".join(s.text), s.is_excluded())
        for s in parser.data
    ]


CASES = {
    "preface and sections": "<p>Intro</p><h2 id='a'>A <a class='headerlink' href='#a'>¶</a></h2>"
    "<p>one\ntwo</p><ul><li>x</li><li> </li></ul><h3 id='b'>B</h3><p>three</p>",
    "first heading without h1": "<h2 id='x'>X</h2><p>text</p>",
    "h1 then headings without id": "<h1 id='t'>T</h1><h2>no id</h2><p>body</p>",
    "entities": "<h2 id='e'>Tom &amp; Jerry &lt;3</h2><p>a &gt; b &quot;c&quot; &#8203;d</p>",
    "excluded block": "<h2 id='s'>S</h2><div data-search-exclude><p>hidden</p>"
    "<div><p>also hidden</p></div></div><p>shown</p>",
    "excluded heading": "<h2 id='s' data-search-exclude>S</h2><p>after</p>",
    "excluded with open same tag": "<div><div data-search-exclude>x</div><p>y</p></div><p>z</p>",
    "line numbers": "<table><tr><td class='linenodiv'><pre>1\n2</pre></td>"
    "<td><pre><code>a  b\n  c</code></pre></td></tr></table>",
    "pre keeps white space": "<pre><code>  if x:\n      y\n</code></pre><p>  a  </p>",
    "nested heading": "<div><h2 id='n'>N</h2><p>in</p></div><p>out</p><h2 id='m'>M</h2>",
    "void and self-closing": "<p>a<br>b<br/>c<img src='x.png' alt='i'>d<hr></p>",
    "mismatched end tags": "<p>a</span>b</p></div><p>c</p>",
    "empty kept tags": "<p> </p><ul>\n<li></li>\n</ul><p><code></code>x</p>",
    "script and style": "<p>a</p><script>var x = 1;</script><style>p{}</style><p>b</p>",
    "attributes": '<h2 id=plain class="x y" data-x=\'1\'>Q</h2><a href="/a?b=1&amp;c=2">l</a>',
    "escaped less-than": "<p>1 &lt; 2 and 3 &gt; 2</p>",
    "raw less-than": "<p>1 < 2 and a <3</p>",
    "upper case": "<P>Up</P><H2 ID='u'>U</H2><P>x</P>",
    "sub and sup": "<p>H<sub>2</sub>O and x<sup>2</sup></p>",
    "tables": "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>",
}


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_sections_are_materials(html: str) -> None:
    assert sections(Sections(), html) == sections(Parser(), html)
