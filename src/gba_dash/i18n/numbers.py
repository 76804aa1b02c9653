"""Numbers in three languages through Babel: compact 万/亿 (萬/億) and K/M/B, money, percent, rank.

Decisions (pinned by tests/unit/test_i18n.py):

* Babel locales: zh-Hans → ``zh_Hans_CN``; zh-Hant → ``zh_Hant_HK`` for plain digits and percent
  (the Greater Bay Area's Traditional-Chinese readers are in Hong Kong and Macao); en → ``en``.
* zh-Hant compact numbers use 萬 / 億 / 萬億, never K/M/T: CLDR's ``zh_Hant_HK`` gives "77K" and
  "1.83T", which a Chinese reader does not expect, and ``zh_Hant`` / ``zh_Hant_TW`` give 萬/億 but
  "1.83兆" for 10¹², which Hong Kong (and the mainland) read as 萬億 (兆 is also "mega"). So
  zh-Hant compacts with the ``zh_Hans_CN`` patterns and swaps the glyphs 万→萬, 亿→億.
* en compact counts are CLDR short ("77K", "1.2M", "1.2B"); money is CLDR long with an ISO code
  or symbol ("CNY 1.83 trillion", "USD 233.8 billion", "HK$24.5 billion"), and amounts under a
  million are written out ("CNY 120,000") rather than "CNY 120 thousand".
* Chinese compact mantissas are not grouped (CLDR): usd_100m 2338 → "2338亿美元".
* Fraction digits by default: at most 2 while the shown mantissa is under 10, at most 1 from 10
  up (1.83万亿, 7.7万, 244.8亿, HK$24.5 billion); trailing zeros are dropped. ``decimals`` sets the
  maximum instead. Non-compact figures keep up to 2. A figure that rounds to zero is "0", not "-0".
* Money in Chinese keeps the source scale when not compact (130000 cny_100m → "130,000亿元"); in
  English it is written in full ("CNY 13,000,000,000,000"). A negative sign goes in front of the
  whole figure ("-HK$24.5 billion", "-13万亿元").
* Non-finite values (None, NaN, ±inf) are shown as "—".
"""

from __future__ import annotations

import decimal
import functools
import math
import re
from dataclasses import dataclass
from typing import Literal

from babel.numbers import format_compact_decimal, format_decimal, format_percent

from .catalog import check_lang, is_strict, t, warn_once

__all__ = [
    "MISSING",
    "QUALIFIERS",
    "UNITS",
    "UnitSpec",
    "format_number",
    "format_qualified",
    "unit_spec",
]

MISSING = "—"
QUALIFIERS: tuple[str, ...] = (
    "exact",
    "approx",
    "lower_bound",
    "estimate",
    "target",
    "target_lower_bound",
)
#: Wordings that are not qualifiers of a stored value: "at_least" is `target_lower_bound` beside
#: a heading that already says "target" (20+ scenarios / 20个以上).
DISPLAY_FORMS: tuple[str, ...] = ("at_least",)

# Babel locale for plain digits / percent, and for compact patterns (zh-Hant: see docstring).
NUMBER_LOCALE = {"zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hant_HK", "en": "en"}
COMPACT_LOCALE = {"zh-Hans": "zh_Hans_CN", "zh-Hant": "zh_Hans_CN", "en": "en"}
GLYPHS = {"zh-Hans": {}, "zh-Hant": str.maketrans("万亿", "萬億"), "en": {}}

# Enough precision for Babel to round any finite float without decimal.InvalidOperation.
_PRECISION = 400
_FIRST_INT = re.compile(r"\d[\d,]*")


@dataclass(frozen=True)
class UnitSpec:
    """How a unit is shown: its kind, the factor to its base unit, and its money template key."""

    kind: Literal["count", "money", "percent", "rank"]
    factor: float = 1.0
    money_key: str | None = None
    zh_scale: str = ""  # the Chinese scale word of the source unit, for non-compact money


_COUNT = UnitSpec("count")
UNITS: dict[str, UnitSpec] = {
    "count": _COUNT,
    "enterprises": _COUNT,
    "firms": _COUNT,
    "projects": _COUNT,
    "accounts": _COUNT,
    "scenarios": _COUNT,
    "hours": _COUNT,
    "cny_100m": UnitSpec("money", 1e8, "fmt.cny", "亿"),
    "usd_100m": UnitSpec("money", 1e8, "fmt.usd", "亿"),
    "hkd_million": UnitSpec("money", 1e6, "fmt.hkd", "百万"),
    "cny_10k": UnitSpec("money", 1e4, "fmt.cny", "万"),
    "percent": UnitSpec("percent"),
    "percent_of_gdp": UnitSpec("percent"),
    "rank": UnitSpec("rank"),
}


def unit_spec(unit: str) -> UnitSpec:
    """The UnitSpec for ``unit``; an unknown unit raises (strict) or warns and counts as "count"."""
    spec = UNITS.get(unit)
    if spec is not None:
        return spec
    if is_strict():
        raise ValueError(f"unknown unit {unit!r}; expected one of {sorted(UNITS)}")
    warn_once(f"unknown unit {unit!r}; formatting it as a plain count")
    return _COUNT


def _as_decimal(value: float, digits: int) -> decimal.Decimal:
    """``value`` rounded to ``digits`` fraction digits as a Decimal, with -0 turned into 0."""
    rounded = round(value, digits)
    return decimal.Decimal(repr(rounded if rounded != 0 else 0.0))


def _plain(value: float, lang: str, digits: int) -> str:
    """Digits with the locale's grouping and at most ``digits`` fraction digits (Babel)."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    with decimal.localcontext() as ctx:
        ctx.prec = _PRECISION
        return format_decimal(_as_decimal(value, digits), pattern, locale=NUMBER_LOCALE[lang])


def _compact_once(value: float, lang: str, digits: int, long: bool) -> str:
    """One Babel compact rendering with at most ``digits`` fraction digits, glyphs localised."""
    with decimal.localcontext() as ctx:
        ctx.prec = _PRECISION
        text = format_compact_decimal(
            _as_decimal(value, digits),
            format_type="long" if long else "short",
            locale=COMPACT_LOCALE[lang],
            fraction_digits=digits,
        )
    return text.translate(GLYPHS[lang])


def _compact(value: float, lang: str, decimals: int | None, long: bool = False) -> str:
    """Compact form (7.7万 / 7.7萬 / 77K) with the default or the given fraction digits."""
    if decimals is not None:
        return _compact_once(value, lang, decimals, long)
    text = _compact_once(value, lang, 2, long)
    match = _FIRST_INT.search(text)
    if match and len(match.group().replace(",", "")) >= 2:
        text = _compact_once(value, lang, 1, long)
    return text


def _percent(value: float, lang: str, decimals: int | None) -> str:
    """A value already in percent (15.4) as "15.4%" in the language's locale (Babel)."""
    digits = decimals if decimals is not None else (2 if abs(round(value, 2)) < 10 else 1)
    pattern = "#,##0." + "#" * digits + "%" if digits else "#,##0%"
    with decimal.localcontext() as ctx:
        ctx.prec = _PRECISION
        return format_percent(_as_decimal(value, digits) / 100, pattern, locale=NUMBER_LOCALE[lang])


def _money(value: float, lang: str, spec: UnitSpec, compact: bool, decimals: int | None) -> str:
    """A money amount given in the unit's scale (亿元, 百万港元…) in the language's style."""
    sign = "-" if value < 0 else ""
    amount = abs(value) * spec.factor
    if lang == "en":
        if compact and round(amount, 2) >= 1e6:
            figure = _compact(amount, lang, decimals, long=True)
        else:
            figure = _plain(amount, lang, 2 if decimals is None else decimals)
    elif compact:
        figure = _compact(amount, lang, decimals)
    else:
        digits = 2 if decimals is None else decimals
        figure = (_plain(abs(value), lang, digits) + spec.zh_scale).translate(GLYPHS[lang])
    if not re.search(r"[1-9]", figure):  # rounded to zero: no "-0"
        sign = ""
    return sign + t(spec.money_key or "fmt.cny", lang, value=figure)


def format_number(
    value: float | None,
    lang: str,
    unit: str,
    *,
    compact: bool = True,
    decimals: int | None = None,
    suffix: str = "",
) -> str:
    """Format ``value`` (given in ``unit``) for ``lang``: the one way numbers reach the screen.

    Counts: 7.7万 / 7.7萬 / 77K. Money (cny_100m, usd_100m, hkd_million, cny_10k): 1.83万亿元 /
    1.83萬億元 / CNY 1.83 trillion. Percent units (value already in percent): 15.4%. Rank: 第1位 /
    No. 1. ``compact=False`` writes digits in full with grouping; ``decimals`` caps the fraction
    digits. ``suffix`` (e.g. a measure word such as t("unit.enterprises", lang)) is appended
    directly in Chinese and after a space in English. See the module docstring for the rules.
    """
    lang = check_lang(lang)
    unit_spec(unit)  # an unknown unit raises here, whatever was formatted before
    if decimals is not None and decimals < 0:
        raise ValueError(f"decimals must be >= 0, not {decimals}")
    if value is None or not math.isfinite(value):
        return MISSING
    return _formatted(float(value), lang, unit, compact, decimals, suffix)


@functools.lru_cache(maxsize=8192)
def _formatted(
    value: float, lang: str, unit: str, compact: bool, decimals: int | None, suffix: str
) -> str:
    """`format_number` of a checked, finite value: remembered, since a page formats the same
    few hundred numbers on every filter change and Babel takes ~50 µs a number."""
    spec = unit_spec(unit)
    if spec.kind == "percent":
        text = _percent(value, lang, decimals)
    elif spec.kind == "rank":
        text = t("fmt.rank", lang, value=_plain(value, lang, decimals or 0))
    elif spec.kind == "money":
        text = _money(value, lang, spec, compact, decimals)
    elif compact:
        text = _compact(value, lang, decimals)
    else:
        text = _plain(value, lang, 2 if decimals is None else decimals)
    if suffix:
        text += (" " if lang == "en" else "") + suffix
    return text


def format_qualified(
    value: float | None,
    qualifier: str | None,
    lang: str,
    unit: str,
    *,
    compact: bool = True,
    decimals: int | None = None,
    suffix: str = "",
) -> str:
    """``format_number`` wrapped in words for the qualifier: 超过7.7万 / 逾7.7萬 / 77K (est.).

    exact (or None) → plain; approx → 约/約/about; lower_bound → 超过/逾/over; estimate →
    预计/預計/"(est.)"; target → 目标/目標/target; target_lower_bound (the article's "20个以上")
    → 目标20个以上 / 目標20個以上 / 20+ scenarios (target), the measure word after the "+" in
    English. Text only: charts use "≥" and friends. An unknown qualifier raises (strict) or is
    shown plain with a warning. "—" is never qualified.
    """
    number = format_number(value, lang, unit, compact=compact, decimals=decimals)
    text = format_number(value, lang, unit, compact=compact, decimals=decimals, suffix=suffix)
    if text == MISSING or qualifier in (None, "", "exact"):
        return text
    if qualifier not in QUALIFIERS + DISPLAY_FORMS:
        if is_strict():
            raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {QUALIFIERS}")
        warn_once(f"unknown qualifier {qualifier!r}; showing the value plain")
        return text
    unit_words = ((" " if lang == "en" else "") + suffix) if suffix else ""
    return t(f"fmt.qualified.{qualifier}", lang, value=text, number=number, suffix=unit_words)
