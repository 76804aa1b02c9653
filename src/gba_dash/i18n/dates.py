"""Dates in three languages through Babel skeletons: 2025年11月19日 / 19 Nov 2025.

Babel locales: zh-Hans → ``zh_Hans_CN``, zh-Hant → ``zh_Hant_HK``, en → ``en_GB`` (day before
month, "19 Nov 2025": unambiguous, and the usage in Hong Kong and Macao English).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from babel.dates import format_skeleton

from .catalog import check_lang

__all__ = ["DATE_LOCALE", "Granularity", "format_date", "parse_partial_date"]

Granularity = Literal["day", "month", "year"]

DATE_LOCALE = {"zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hant_HK", "en": "en_GB"}
_SKELETON = {"day": "yMMMd", "month": "yMMM", "year": "y"}
_ORDER = ("year", "month", "day")
_ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_partial_date(value: date | str | int) -> tuple[date, Granularity]:
    """A date and its precision, from a date, a year int, or "2025" / "2025-11" / "2025-11-19"."""
    if isinstance(value, date):  # datetime too
        return value, "day"
    if isinstance(value, int) and not isinstance(value, bool):
        return date(value, 1, 1), "year"
    if isinstance(value, str):
        match = _ISO_PARTIAL.fullmatch(value.strip())
        if match:
            year, month, day = match.groups()
            parsed = date(int(year), int(month or 1), int(day or 1))  # ValueError if impossible
            return parsed, "day" if day else "month" if month else "year"
    raise ValueError(f"not a date or an ISO date (YYYY, YYYY-MM, YYYY-MM-DD): {value!r}")


def format_date(value: date | str | int, lang: str, granularity: Granularity = "day") -> str:
    """Format a date for ``lang`` at ``granularity`` (day / month / year) with Babel.

    day: 2025年11月19日 / 19 Nov 2025; month: 2025年11月 / Nov 2025; year: 2025年 / 2025.
    A partial ISO string is shown no finer than it is: format_date("2025", lang, "day") → 2025年.
    """
    lang = check_lang(lang)
    if granularity not in _SKELETON:
        raise ValueError(f"granularity must be one of {tuple(_SKELETON)}, not {granularity!r}")
    parsed, precision = parse_partial_date(value)
    shown = min(granularity, precision, key=_ORDER.index)
    return format_skeleton(_SKELETON[shown], parsed, locale=DATE_LOCALE[lang])
