"""Deep links: parse and write URL query parameters by stable codes, with visible fallbacks.

Streamlit 1.67's `bind="query-params"` writes a widget's *formatted* label into the URL, which
would make links depend on the reader's language, and it drops bad values silently. So the page
widgets are bound here instead: each parameter has a parser that accepts only stable codes, a
serializer, and a default. A bad value is replaced by the default and reported (the caller shows
the translated warning). Nothing here touches Streamlit; `ui.filters` and `ui.urlstate` bind
them to widgets and the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

#: Longer values are refused outright (a 10 kB value is an attack or an accident, not a view).
MAX_PARAM_LENGTH = 512
_RANGE_RE = re.compile(r"^\s*(\d{4})\s*(?:\.\.|-|–|:)\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Param:
    """One URL parameter: how to read it, write it, and what it is when absent or bad."""

    key: str
    parse: Callable[[str], Any]
    serialize: Callable[[Any], str]
    default: Any

    def read(self, raw: str | None) -> tuple[Any, bool]:
        """(value, ok): the parsed value, or the default with ok=False when `raw` is bad."""
        if raw is None:
            return self.default, True
        if len(raw) > MAX_PARAM_LENGTH:
            return self.default, False
        try:
            value = self.parse(raw)
        except (ValueError, TypeError):
            return self.default, False
        if value is None:
            return self.default, False
        return value, True


def choice_param(key: str, choices: Sequence[str], default: str) -> Param:
    """One code out of `choices` (e.g. `?metric=hightech_enterprises`)."""
    allowed = tuple(choices)

    def parse(raw: str) -> str | None:
        value = raw.strip()
        return value if value in allowed else None

    return Param(key, parse, str, default)


def multi_param(
    key: str, choices: Sequence[str], default: Sequence[str], *, allow_empty: bool = False
) -> Param:
    """A comma-separated set of codes (e.g. `?clusters=szhkgz,tokyo_yokohama`), order kept.

    Any unknown code makes the whole value bad: a link that silently loses half its selection
    would show a different view than the one shared.
    """
    allowed = tuple(choices)

    def parse(raw: str) -> tuple[str, ...] | None:
        items = [item.strip() for item in raw.split(",") if item.strip()]
        if not items and not allow_empty:
            return None
        if any(item not in allowed for item in items):
            return None
        return tuple(dict.fromkeys(items))

    return Param(key, parse, lambda v: ",".join(v), tuple(default))


def int_param(key: str, lo: int, hi: int, default: int) -> Param:
    """A whole number in [lo, hi] (e.g. `?top=20`, `?edition=2025`)."""

    def parse(raw: str) -> int | None:
        text = raw.strip()
        if not text.isdigit() or len(text) > 6:
            return None
        value = int(text)
        return value if lo <= value <= hi else None

    return Param(key, parse, str, default)


def range_param(key: str, lo: int, hi: int, default: tuple[int, int]) -> Param:
    """A year range `2017..2025` within [lo, hi]; a single year `2024` means `2024..2024`."""

    def parse(raw: str) -> tuple[int, int] | None:
        text = raw.strip()
        match = _RANGE_RE.match(text)
        if match:
            start, end = int(match.group(1)), int(match.group(2))
        elif text.isdigit() and len(text) == 4:
            start = end = int(text)
        else:
            return None
        if not (lo <= start <= end <= hi):
            return None
        return (start, end)

    return Param(key, parse, lambda v: f"{v[0]}..{v[1]}", tuple(default))


def flag_param(key: str) -> Param:
    """An on/off switch: `1`/`true`/`yes` on, `0`/`false`/`no` off (e.g. `?present=1`)."""

    def parse(raw: str) -> bool | None:
        low = raw.strip().lower()
        if low in {"1", "true", "yes", "on"}:
            return True
        if low in {"0", "false", "no", "off", ""}:
            return False
        return None

    return Param(key, parse, lambda v: "1" if v else "0", False)


Widget = Literal["selectbox", "multiselect", "slider", "radio"]


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Filter:
    """One filter of a page: its URL parameter, its widget and what the widget is given."""

    param: Param
    widget: Widget
    label: str
    options: Sequence[Any] = ()
    format_func: Callable[[Any], str] | None = None
    placeholder: str | None = None
    help: str | None = None
    #: A slider's bounds (the options of a select or radio are `options`).
    bounds: tuple[int, int] | None = None
    horizontal: bool = False
    #: Drawn only when there is a choice (e.g. a year slider over more than one year).
    shown: bool = True
    on_change: Callable[[], None] | None = None
    #: The widget holds another type than the parameter's code (an edition as int, not "2025").
    to_widget: Callable[[Any], Any] = _same
    to_param: Callable[[Any], Any] = _same
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.param.key


def pick_filter(
    key: str,
    codes: Sequence[str],
    label: str,
    names: Mapping[str, str],
    placeholder: str,
    *,
    default: Sequence[str] = (),
    allow_empty: bool = False,
    help: str | None = None,
) -> Filter:
    """A multiselect of codes shown by their names (`?key=a,b`): the pages' commonest filter."""
    return Filter(
        multi_param(key, codes, default, allow_empty=allow_empty),
        "multiselect",
        label,
        options=codes,
        format_func=lambda code: names.get(code, code),
        placeholder=placeholder,
        help=help,
    )
