"""Three languages (zh-Hans 简体, zh-Hant 繁體, en): catalogues, numbers, dates, Vega-Lite locale.

Everything a page shows in words or figures goes through here; nothing here imports streamlit.

* ``t_md(key, lang, **kw)`` is ``t`` for text shown as Markdown: the values are data, escaped.
* ``t(key, lang, **kw)`` looks a key up in the catalogues ``<area>.<lang>.json`` (core, clusters …).
  To add a string, add the same key to the area's three files (same ``{placeholders}``);
  tests/unit/test_i18n.py fails on any mismatch, empty value, or ``t("…")`` literal in the code
  with no entry. zh-Hant text follows Hong Kong usage (數據, 連結, 來源, 下載, 預設, 「」).
* ``format_number`` / ``format_qualified`` / ``format_date`` format through Babel; zh-Hant uses
  萬/億/萬億 deliberately (see ``numbers``). ``vega_number_label_expr`` and ``vega_locale`` give
  charts the same look.
"""

from .catalog import (
    DEFAULT_LANG,
    LANGS,
    STRICT_ENV,
    MissingTranslationError,
    catalog_keys,
    is_strict,
    parse_lang,
    resolve_lang,
    t,
    t_md,
)
from .dates import format_date
from .numbers import MISSING, QUALIFIERS, UNITS, format_number, format_qualified
from .vega import vega_locale, vega_number_label_expr

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "MISSING",
    "QUALIFIERS",
    "STRICT_ENV",
    "UNITS",
    "MissingTranslationError",
    "catalog_keys",
    "format_date",
    "format_number",
    "format_qualified",
    "is_strict",
    "parse_lang",
    "resolve_lang",
    "t",
    "t_md",
    "vega_locale",
    "vega_number_label_expr",
]
