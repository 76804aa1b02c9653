"""Chart titles that wrap on a phone instead of being cut.

Vega draws a title on one line and cuts it with "…" at the chart's width: on a 390 px phone,
"Cluster ranking 2025: ranks held in the…" lost the very words that say what is shown, and
the subtitles that explain the marks lost half their sentence. So a served spec's long title
or subtitle is an expression: its lines (cut where a line may end, about a phone's line long)
while the chart's container is narrower than a phone's, else the text as it was. On a desktop,
and in an exported image (no container), each stays one line.

Applied to the spec as served (`ui.chart_specs`), after the template or Altair built it, so a filled
template still equals plain Altair's spec; `without_breaks` gives the titles back as they were
(for export files).
Core module: no Streamlit.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Mapping
from typing import Any

#: Where `breakable` lets a line end (a zero-width space: never in our titles).
BREAK = "\u200b"
#: A container narrower than this (px) is a phone's: titles break at their break points.
PHONE_WIDTH = 520
#: Line lengths in width units (a CJK character counts two): a title is cut at its plot's
#: width, about 230-280 px on a phone once the axis labels or a legend took their room, at the
#: theme's 16 px bold title and 12 px subtitle.
TITLE_UNITS, SUBTITLE_UNITS = 30, 38
_PHONE = f"containerSize()[0] < {PHONE_WIDTH}"
#: Never start a line with these (closing punctuation, CJK and Latin).
_NO_LINE_START = set("，。、；：？！）》」』】”’,.;:?!)]}…·")
#: A line may well end after these.
_PUNCTUATION = set("，。、；：？！,.;:?!")
_COMPOSED = ("layer", "concat", "hconcat", "vconcat")


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(text: str) -> int:
    return sum(map(_char_width, text))


def _pieces(text: str) -> list[str]:
    """`text` cut after every place a line may end: a space, or between two CJK characters
    (never before closing punctuation)."""
    pieces, start = [], 0
    for i in range(len(text) - 1):
        char, nxt = text[i], text[i + 1]
        if nxt in _NO_LINE_START:
            continue
        if char == " " or (_width(char) == 2 and _width(nxt) == 2):
            pieces.append(text[start : i + 1])
            start = i + 1
    pieces.append(text[start:])
    return pieces


@functools.lru_cache(maxsize=2048)  # titles repeat across filter states: each is cut once
def breakable(text: str, units: int) -> str:
    """`text` with a `BREAK` where each line of at most `units` width units ends: greedy, but a
    line ends after a comma, colon or the like when one is in its second half. A word longer
    than a line stays whole (Vega then cuts that one line)."""
    if BREAK in text or _width(text) <= units:
        return text
    lines: list[list[str]] = [[]]
    for piece in _pieces(text):
        line = lines[-1]
        if line and _width("".join(line) + piece.rstrip()) > units:
            cut = _punctuation_cut(line, units)
            lines[-1], carried = line[:cut], line[cut:]
            lines.append([*carried, piece])
        else:
            line.append(piece)
    return BREAK.join("".join(line) for line in lines)


def _punctuation_cut(line: list[str], units: int) -> int:
    """How many of the line's pieces to keep: up to its last punctuation in the second half,
    else all of them."""
    for cut in range(len(line), 0, -1):
        kept = "".join(line[:cut])
        if _width(kept) < units / 2:
            break
        if kept.rstrip()[-1:] in _PUNCTUATION:
            return cut
    return len(line)


def _phone_text(value: str | list, units: int) -> str | list | dict:
    """A title's text (a line or a list of lines) as Vega draws it: as it is, or on a phone
    its lines cut to a phone's width (an array)."""
    given = [value] if isinstance(value, str) else value
    lines = [line for text in given for line in breakable(text, units).split(BREAK)]
    if len(lines) == len(given):
        return value
    return {"expr": f"{_PHONE} ? {_json(lines)} : {_json(value)}"}


def _json(value: Any) -> str:
    # A JSON string or array is a Vega expression literal, too.
    return json.dumps(value, ensure_ascii=False)


def _title(title: Any) -> Any:
    node = dict(title) if isinstance(title, Mapping) else {"text": title}
    changed = False
    for key, units in (("text", TITLE_UNITS), ("subtitle", SUBTITLE_UNITS)):
        value = node.get(key)
        text = isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        )
        if text and (phone := _phone_text(value, units)) is not value:
            node[key], changed = phone, True
    return node if changed else title


def for_phones(spec: Mapping) -> dict:
    """A copy of `spec` (a view or a composition) whose titles break on a phone; only the
    dictionaries on the way to a title are copied, the rest (the data) is shared."""
    out = dict(spec)
    if out.get("title"):
        out["title"] = _title(out["title"])
    for key in _COMPOSED:
        if isinstance(out.get(key), list):
            out[key] = [for_phones(v) if isinstance(v, Mapping) else v for v in out[key]]
    if isinstance(out.get("spec"), Mapping):  # a facet's or repeat's inner view
        out["spec"] = for_phones(out["spec"])
    return out


def without_breaks(spec: Mapping) -> dict:
    """`spec` with the titles as they were before `for_phones`."""
    out = dict(spec)
    if isinstance(out.get("title"), Mapping):
        title = {key: _whole(value) for key, value in out["title"].items()}
        out["title"] = title["text"] if set(title) == {"text"} else title  # as it was
    for key in _COMPOSED:
        if isinstance(out.get(key), list):
            out[key] = [without_breaks(v) if isinstance(v, Mapping) else v for v in out[key]]
    if isinstance(out.get("spec"), Mapping):
        out["spec"] = without_breaks(out["spec"])
    return out


def _whole(value: Any) -> Any:
    """The title line back from a `_phone_text` expression; anything else as it is."""
    if not (isinstance(value, Mapping) and set(value) == {"expr"}):
        return value
    expr, head = value["expr"], f"{_PHONE} ? "
    if not expr.startswith(head):
        return value
    decoder = json.JSONDecoder()
    _lines, end = decoder.raw_decode(expr, len(head))
    return json.loads(expr[end:].removeprefix(" : "))
