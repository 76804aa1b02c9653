"""Vega-Lite helpers: a locale for ``config.locale`` and axis ``labelExpr``s that match Babel.

d3's number locales have no 万/亿, so axis labels are formatted by a Vega expression built here
with the same scales and fraction-digit rule as ``numbers.format_number``. Axis labels carry the
scaled number only (1.83万亿, 1.83T, 15.4%): the currency belongs in the axis title.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import vl_convert

from .catalog import check_lang
from .numbers import unit_spec

__all__ = ["VEGA_NUMBER_LOCALE", "VEGA_TIME_LOCALE", "vega_locale", "vega_number_label_expr"]

# d3-format has only zh-CN for Chinese (same symbols as Hong Kong/Taiwan); d3-time-format has
# zh-TW. English dates follow en-GB like format_date ("19 Nov 2025").
VEGA_NUMBER_LOCALE = {"zh-Hans": "zh-CN", "zh-Hant": "zh-CN", "en": "en-US"}
VEGA_TIME_LOCALE = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-GB"}

# (scale, word), largest first; the same steps as Babel's compact patterns.
_SCALES = {
    "zh-Hans": ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")),
    "zh-Hant": ((1e12, "萬億"), (1e8, "億"), (1e4, "萬")),
    "en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")),
}


@functools.cache
def _vega_locale(lang: str) -> dict[str, Any]:
    """The locale dict for one language, built once from vl_convert's d3 locales."""
    return {
        "number": vl_convert.get_format_locale(VEGA_NUMBER_LOCALE[lang]),
        "time": vl_convert.get_time_format_locale(VEGA_TIME_LOCALE[lang]),
    }


def vega_locale(lang: str) -> dict[str, Any]:
    """Vega-Lite ``config.locale`` ({"number": …, "time": …}) for ``lang`` (a fresh copy)."""
    return copy.deepcopy(_vega_locale(check_lang(lang)))


def _js_number(x: float) -> str:
    """A float as a JavaScript literal without a trailing ".0"."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _mantissa(x: str) -> str:
    """Expression: ``x`` with ≤2 fraction digits under 10, ≤1 from 10 up, zeros trimmed."""
    return f"format({x}, {x} < 9.995 ? '.2~f' : '.1~f')"


def vega_number_label_expr(lang: str, unit: str) -> str:
    """A Vega expression for an axis ``labelExpr`` that formats ``datum.value`` like format_number.

    Counts and money: 万/亿/万亿 (萬/億/萬億) in Chinese, K/M/B/T in English, scaled from the
    unit (a cny_100m datum of 18284.6 → "1.83万亿"). Percent units append "%"; rank is a plain
    integer. 0 is "0"; negatives keep an ASCII "-" (d3 would use "−", Babel uses "-").
    """
    lang = check_lang(lang)
    spec = unit_spec(unit)
    value = "datum.value"
    sign = f"({value} < 0 ? '-' : '')"
    if spec.kind == "percent":
        body = _mantissa(f"abs({value})") + " + '%'"
    elif spec.kind == "rank":
        body = f"format(abs({value}), ',~f')"
    else:
        amount = f"abs({value})"
        if spec.factor != 1:
            amount = f"abs({value} * {_js_number(spec.factor)})"
        body = _mantissa(amount)
        previous = 1.0
        # Walk the scales smallest first so each threshold wraps the smaller ones, and bump a
        # value to the next scale when it would round up to it (999,960 → "1M", as Babel does).
        for scale, word in reversed(_SCALES[lang]):
            threshold = _js_number(scale - 0.05 * previous)
            scaled = f"{amount} / {_js_number(scale)}"
            body = f"{amount} >= {threshold} ? {_mantissa(scaled)} + '{word}' : {body}"
            previous = scale
            body = f"({body})"
    return f"{value} == 0 ? '0' : {sign} + {body}"
