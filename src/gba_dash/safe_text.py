"""Text at the edges: refused at the door when it cannot be shown, made safe at every exit.

A cell pasted from Word can carry a vertical tab (`\\x0b`, Word's manual line break), a
terminal escape or a bidi override; a cluster name can be written as Markdown. Four things a
text may not do, and one function each:

- `unsafe_characters` — what `check` and `import` refuse: C0/C1 control characters (tab and
  newline only where a column allows them), lone surrogates, noncharacters and the bidi
  embedding/override/isolate controls that can make text read other than it is stored;
- `xml_clean` / `clean_tree` — what a renderer is given: every character XML 1.0 cannot hold
  removed (vl-convert aborts the whole process on one), applied to a chart spec and to every
  string of an export again, whatever the door let through;
- `md_escape` — data shown in Markdown (captions, notices, expanders): no link, image, HTML,
  emphasis, colour directive or formula comes alive;
- `printable` — data printed on a terminal or in a log: control characters as `\\x1b` escapes.

Core module: standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

#: Bidi embedding, override and isolate controls (Unicode's "Trojan Source" characters).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: What a multi-line column may hold beyond ordinary text.
LINE_BREAKS = "\n\t"


_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
# Unicode's control characters (category Cc) are exactly U+0000–U+001F and U+007F–U+009F.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def unsafe_characters(text: str, allow: str = "") -> list[tuple[int, str]]:
    """(position, character) of each character `text` may not hold; `allow` names exceptions
    (a multi-line column allows `LINE_BREAKS`)."""
    return [(m.start(), m.group()) for m in _UNSAFE.finditer(text) if m.group() not in allow]


def describe_unsafe(text: str, allow: str = "") -> str:
    """ "U+000B at 12, U+001B at 30" for the problems of a check report (never the raw text)."""
    found = unsafe_characters(text, allow)
    shown = ", ".join(f"U+{ord(ch):04X} at {i + 1}" for i, ch in found[:5])
    return shown + (f" (+{len(found) - 5} more)" if len(found) > 5 else "")


# XML 1.0's Char production, as what it excludes: C0 controls other than tab, LF and CR,
# surrogates, U+FFFE and U+FFFF. The other noncharacters, C1 controls and bidi controls are valid
# XML but invisible at best (and vl-convert aborts on a noncharacter), so a renderer is not given
# them either.
_NOT_FOR_RENDERING = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    + _NONCHARACTERS
    + "".join(sorted(BIDI_CONTROLS))
    + "]"
)
#: Spec keys whose text Vega-Lite also writes into expressions (a tooltip names each field by
#: its title inside a string literal, where a line break is a syntax error).
_ONE_LINE_KEYS = frozenset({"title", "subtitle", "description", "aria"})
#: Spec keys holding expressions (code, never drawn as it is): kept whole, however long.
_EXPRESSION_KEYS = frozenset({"expr", "labelExpr", "calculate", "filter", "test", "update"})
#: The longest text a renderer is given: a data cell may hold 1,000 characters
#: (`schema.MAX_TEXT_LENGTH`); a title of 10,000 took vl-convert 12 s to lay out.
MAX_RENDERED_TEXT = 1000


def xml_clean(text: str) -> str:
    """`text` without the characters a renderer (XML, SVG, vl-convert) cannot take."""
    return _NOT_FOR_RENDERING.sub("", text)


def clean_tree(value: object, *, one_line: bool = False, code: bool = False) -> object:
    """A copy of a JSON-like value (a chart spec) with every string `xml_clean`ed, keys
    included; titles and descriptions on one line; text (not expressions) at most
    `MAX_RENDERED_TEXT` characters."""
    if isinstance(value, str):
        text = xml_clean(value)
        if one_line:
            text = " ".join(text.splitlines()).replace("\t", " ")
        if not code and len(text) > MAX_RENDERED_TEXT:
            text = text[: MAX_RENDERED_TEXT - 1] + "…"
        return text
    if isinstance(value, Mapping):
        return {
            clean_tree(k): clean_tree(
                v, one_line=one_line or k in _ONE_LINE_KEYS, code=code or k in _EXPRESSION_KEYS
            )
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [clean_tree(v, one_line=one_line, code=code) for v in value]
    return value


# Every ASCII punctuation mark may be escaped in CommonMark; these start or shape an element.
# ":" stops Streamlit's `:colour[...]` directives and `:material/icon:` shortcodes, "$" its
# formulas, "." and "/" break a bare address (www.x.org, https://x.org) that would autolink.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&/])")


class Markdown(str):
    """Text that is Markdown already: its data parts were escaped by `md_escape` (the rest is
    the project's own), so it is never escaped twice."""

    __slots__ = ()


def md_escape(text: object, *, keep: str = "") -> Markdown:
    """Data as Markdown that shows exactly its characters: no link, image, HTML, emphasis,
    heading, list, table, directive or formula. Line breaks become spaces (a cell is one line
    in a caption), and characters `xml_clean` removes are removed. `Markdown` is returned as
    it is. `keep` names characters the caller's element escapes itself (`st.badge` escapes
    square brackets: escaped twice, a bracket would come alive again)."""
    if isinstance(text, Markdown):
        return text
    plain = " ".join(xml_clean(str(text)).splitlines())
    return Markdown(
        _MARKDOWN_SPECIAL.sub(lambda m: m.group() if m.group() in keep else "\\" + m.group(), plain)
    )


#: One escaped ASCII punctuation character of Markdown.
ESCAPED_CHARACTER = re.compile(r"\\([!-/:-@\[-`{-~])")


def md_unescape(markdown: str) -> str:
    """The characters a reader sees of escaped Markdown (`\\[14\\]` → `[14]`)."""
    return ESCAPED_CHARACTER.sub(r"\1", markdown)


def md_join(separator: str, items: object) -> Markdown:
    """Items of data joined by one of the project's separators, as Markdown."""
    return Markdown(separator.join(md_escape(item) for item in items))  # type: ignore[attr-defined]


#: An address a reader may follow: http(s) only (never javascript: or file:), no spaces.
_WEB_ADDRESS = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
MAX_URL_LENGTH = 2048


def web_address(text: object) -> str:
    """`text` when it is an address a link may point at (http or https, no spaces, at most
    `MAX_URL_LENGTH` characters), else ""."""
    value = str(text).strip() if isinstance(text, str) else ""
    return value if len(value) <= MAX_URL_LENGTH and _WEB_ADDRESS.match(value) else ""


def printable(text: object) -> str:
    """Text for a terminal or a log line: control and bidi characters (newlines and tabs too)
    as escapes (`\\x1b`, `\\u202e`), everything else as it is."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS
        else ch
        for ch in str(text)
    )
