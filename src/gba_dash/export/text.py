"""An export's provenance (title, unit, sources, dates, link) and how its text is set."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from gba_dash.safe_text import ESCAPED_CHARACTER, md_unescape, xml_clean


@dataclass(frozen=True)
class Provenance:
    """What an exported chart says about itself, in the reader's language `lang`.

    title: empty → the chart's own title, else `summary`. unit: the unit in words (e.g. 亿元).
    sources: one line per source or caption. vintage: ISO date the data are as of. link: the
    view's deep link. exported: ISO date of the export (today when None). summary: the chart's
    one-sentence alt text (kept in the SVG's description). release: the data release shown.
    """

    lang: str
    title: str = ""
    unit: str = ""
    sources: tuple[str, ...] = ()
    vintage: str | None = None
    link: str = ""
    exported: str | None = None
    summary: str = ""
    #: The data release the view shows (`ui.release`), "" when none is recorded.
    release: str = ""

    def cleaned(self) -> Provenance:
        """A copy whose texts hold nothing a renderer cannot take (`safe_text.xml_clean`)."""
        return dataclasses.replace(
            self,
            **{
                f.name: _cleaned(getattr(self, f.name))
                for f in dataclasses.fields(self)
                if f.name != "lang"
            },
        )


def _cleaned(value: object) -> object:
    if isinstance(value, str):
        return xml_clean(value)
    if isinstance(value, tuple):
        return tuple(xml_clean(str(v)) for v in value)
    return value


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


_HELD = "\ue000"  # a private-use character holds an escaped one's place


def plain_text(markdown: str) -> str:
    """A Markdown caption as plain text: links as 'text (url)', no emphasis marks or escapes.

    Escaped characters (data: `md_escape`) are set aside first, so a `\\*` of a name is never
    read as emphasis, then put back as themselves."""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(md_unescape(match.group()))
        return _HELD

    text = ESCAPED_CHARACTER.sub(hold, markdown.replace(_HELD, ""))
    text = _MD_LINK.sub(
        lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text
    )
    text = _MD_EMPHASIS.sub(r"\2", text)
    back = iter(held)
    return re.sub(_HELD, lambda _m: next(back), text)


def source_lines(caption: str | Sequence[str] | None) -> tuple[str, ...]:
    """Sources as plain-text lines, from a page's source caption (paragraphs) or a list."""
    if not caption:
        return ()
    items = [caption] if isinstance(caption, str) else list(caption)
    lines: list[str] = []
    for item in items:
        for part in re.split(r"\n\s*\n|\n", str(item)):
            clean = " ".join(plain_text(part).split())
            if clean:
                lines.append(clean)
    return tuple(dict.fromkeys(lines))


def _char_em(ch: str) -> float:
    """A character's advance in em: an estimate good enough to wrap lines with some slack."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "mwMW@%—":
        return 0.86
    if ch in "iljIt.,:;'|!()[]{} /\\":
        return 0.3
    if ch.isupper() or ch.isdigit():
        return 0.62
    return 0.54


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` at font `size` (px)."""
    return sum(_char_em(ch) for ch in text) * size


_TOKEN = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef"
    r"\U00020000-\U0003fffd]\s*|[^\s\u2e80-\ua4cf\uff00-\uffef]+\s*|\s+"
)


#: Characters a line should not start with (they close the phrase before them).
_NO_LINE_START = frozenset("，。；：、）》」』】！？,.;:!?)]}%")


def wrap(text: str, size: float, width: float, max_lines: int | None = None) -> list[str]:
    """Greedy line breaks at spaces and between CJK characters; long words (URLs) are split.

    Beyond `max_lines` the last line ends with "…".
    """
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if max_lines is not None and len(lines) > max_lines:
            break  # only the first lines are kept: a 10,000-character name costs no more
        fits = text_width((line + token).rstrip(), size) <= width
        if fits or (line.strip() and token[0] in _NO_LINE_START):
            line += token  # closing punctuation stays on its line (may overhang a little)
            continue
        if line.strip():
            lines.append(line.rstrip())
            line = ""
        token = token if lines or line else token.lstrip()
        while text_width(token.rstrip(), size) > width:  # a word longer than the line
            if max_lines is not None and len(lines) > max_lines:
                break
            cut = 1
            while cut < len(token) and text_width(token[: cut + 1], size) <= width:
                cut += 1
            lines.append(token[:cut])
            token = token[cut:]
        line = token
    if line.strip():
        lines.append(line.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        kept[-1] = last + "…"
        return kept
    return lines
