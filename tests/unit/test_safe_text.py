"""safe_text: what the door refuses, and what every exit makes of the text it is given."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gba_dash.i18n import t_md
from gba_dash.safe_text import (
    MAX_RENDERED_TEXT,
    Markdown,
    clean_tree,
    describe_unsafe,
    md_escape,
    md_join,
    printable,
    unsafe_characters,
    xml_clean,
)


@pytest.mark.parametrize(
    ("text", "allow", "found"),
    [
        ("Tokyo\x0b–Yokohama", "", [(5, "\x0b")]),  # Word's manual line break
        ("a\x1b[31mred", "", [(1, "\x1b")]),
        ("a\nb\tc", "\n\t", []),
        ("a\nb", "", [(1, "\n")]),
        ("a\u0085b", "", [(1, "\u0085")]),  # C1
        ("abc\u202edcba", "", [(3, "\u202e")]),  # bidi override
        ("x\ufffe\U0010ffff", "", [(1, "\ufffe"), (2, "\U0010ffff")]),
        ("深圳-香港-广州（中国）‏", "", []),  # RLM is allowed: it only marks direction
    ],
)
def test_unsafe_characters(text: str, allow: str, found: list) -> None:
    assert unsafe_characters(text, allow) == found


def test_unsafe_characters_are_described_not_echoed() -> None:
    assert describe_unsafe("ab\x1b[2Jc") == "U+001B at 3"
    many = describe_unsafe("\x01" * 8)
    assert many.endswith("(+3 more)")
    assert "\x01" not in many


@given(st.text())
def test_xml_clean_always_gives_xml(text: str) -> None:
    cleaned = xml_clean(text)
    ElementTree.fromstring(f"<a>{cleaned.replace('&', '&amp;').replace('<', '&lt;')}</a>")
    assert unsafe_characters(cleaned, "\n\t\r") == []


def test_clean_tree_keeps_expressions_and_puts_titles_on_one_line() -> None:
    spec = {
        "title": "a\nb\x0b",
        "encoding": {"x": {"title": "x" * 5000, "axis": {"labelExpr": "y" * 5000}}},
        "data": {"values": [{"name": "A\x00B\ud800"}]},
    }
    cleaned = clean_tree(spec)
    assert cleaned["title"] == "a b"
    assert len(cleaned["encoding"]["x"]["title"]) == MAX_RENDERED_TEXT
    assert cleaned["encoding"]["x"]["axis"]["labelExpr"] == "y" * 5000
    assert cleaned["data"]["values"] == [{"name": "AB"}]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("*bold* _it_ `code` <b>", r"\*bold\* \_it\_ \`code\` \<b\>"),
        ("- not a list", r"\- not a list"),
        ("12. not a list", r"12\. not a list"),
        (":red[x] $x$", r"\:red\[x\] \$x\$"),
        ("www.evil.example", r"www\.evil\.example"),  # a bare address would autolink
        ("a\nb", "a b"),
        ("深港-跨境", r"深港\-跨境"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped
    assert md_escape(md_escape(text)) == escaped  # Markdown is never escaped twice


@given(st.text())
def test_md_escape_leaves_no_markdown_syntax(text: str) -> None:
    escaped = md_escape(text)
    assert isinstance(escaped, Markdown)
    bare = re.sub(r"\\[\s\S]", "", escaped)  # what is left once escaped characters are dropped
    assert not re.search(r"[\\`*_{}\[\]()<>#+\-.!|~:$&/]", bare)


def test_t_md_escapes_values_not_the_template() -> None:
    shown = t_md("pilots.card_label", "en", name="[x](https://evil.example)", status="**s**")
    assert "[x](" not in shown
    assert r"\[x\]" in shown
    joined = md_join(", ", ["a*", "b_"])
    assert joined == r"a\*, b\_"
    assert t_md("ui.source_line", "en", source=joined).endswith(r"a\*, b\_")


def test_badge_keeps_the_brackets_streamlit_escapes() -> None:
    assert md_escape("[x] **y**", keep="[]") == r"[x] \*\*y\*\*"


def test_printable_escapes_what_drives_a_terminal() -> None:
    assert printable("name\x1b[2J\x0b\u202e\nend") == r"name\x1b[2J\x0b\u202e\nend"
    assert printable("深圳 São Paulo") == "深圳 São Paulo"
