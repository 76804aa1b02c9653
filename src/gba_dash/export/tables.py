"""An export's data: CSV with codes or names as headers, and a zip with the CSV, spec and README."""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import resources
from string import Formatter

import pandas as pd

from gba_dash.export.text import Provenance
from gba_dash.i18n import format_date, t
from gba_dash.i18n.catalog import catalog_files
from gba_dash.shaping.common import csv_safe, to_csv_bytes


@functools.cache
def _templates(lang: str) -> tuple[tuple[str, str], ...]:
    """(key, template) of every catalogue string of `lang`, read from the catalogue files."""
    folder = resources.files("gba_dash.i18n")
    pairs: list[tuple[str, str]] = []
    for name in catalog_files(lang):
        pairs.extend(json.loads(folder.joinpath(name).read_text(encoding="utf-8")).items())
    return tuple(pairs)


def _template_regex(template: str) -> tuple[re.Pattern[str], int]:
    """A regex matching what `template` formats to, and the length of its literal text."""
    parts, literal = [], 0
    for text, field, _spec, _conv in Formatter().parse(template):
        parts.append(re.escape(text))
        literal += len(text.strip())
        if field is not None:
            parts.append(".+?")
    return re.compile("".join(parts), re.DOTALL), literal


def _key_rank(key: str) -> int:
    if key.startswith("field."):
        return 0
    if ".field." in key:
        return 1
    return 2


_CODE = re.compile(r"[a-z][a-z0-9_]*")


@functools.cache
def _header_index(lang: str) -> tuple[dict[str, list[str]], list[tuple[re.Pattern[str], int, str]]]:
    exact: dict[str, list[str]] = {}
    patterns: list[tuple[re.Pattern[str], int, str]] = []
    for key, template in _templates(lang):
        if "{" not in template:
            exact.setdefault(template, []).append(key)
            continue
        regex, literal = _template_regex(template)
        if literal >= 2:  # "{value}" or "{n} {unit}" would match any header
            patterns.append((regex, literal, key))
    return exact, patterns


def _header_code(name: str, lang: str) -> str | None:
    exact, patterns = _header_index(lang)
    keys = exact.get(name)
    if keys:  # one word may translate several keys (城市: city, cities): take the shortest code
        codes = [(_key_rank(k), len(k.rsplit(".", 1)[-1]), k.rsplit(".", 1)[-1]) for k in keys]
        return min(codes)[2]
    if _CODE.fullmatch(name):
        return name
    matches = [(_key_rank(k), -lit, k) for rx, lit, k in patterns if rx.fullmatch(name)]
    return min(matches)[2].rsplit(".", 1)[-1] if matches else None


def column_codes(
    columns: Sequence[object], lang: str, overrides: Mapping[str, str] | None = None
) -> list[str]:
    """A stable code for each column header shown in `lang` (same in every language).

    `overrides` wins; else the catalogue key the header was translated from names it
    (``field.rank`` → ``rank``, ``clusters.field.change`` → ``change``; ``field.*`` keys first,
    then ``<page>.field.*``, then the shortest code); else a header that is already a code
    stays; else ``col_<n>``. Codes are made unique with ``_2``, ``_3``…. Pass `overrides` where
    one header word stands for two different keys.
    """
    overrides = overrides or {}
    codes: list[str] = []
    for i, column in enumerate(columns, start=1):
        name = str(column)
        code = overrides.get(name) or _header_code(name, lang) or f"col_{i}"
        base, n = code, 2
        while code in codes:
            code, n = f"{base}_{n}", n + 1
        codes.append(code)
    return codes


CSV_HEADERS = ("codes", "names")


def csv_bytes(
    table: pd.DataFrame, lang: str, header: str = "codes", codes: Mapping[str, str] | None = None
) -> bytes:
    """The displayed table as CSV: UTF-8 with BOM, formula-leading cells made inert.

    header="codes": column names in the reader's language, then a second header row of stable
    codes (read back with ``pd.read_csv(f, header=[0, 1])``); header="names": one header row.
    """
    if header == "names":
        return to_csv_bytes(table)
    if header != "codes":
        raise ValueError(f"header must be one of {CSV_HEADERS}, not {header!r}")
    names = [str(c) for c in table.columns]
    out = csv_safe(table)
    out.columns = pd.MultiIndex.from_arrays([names, column_codes(names, lang, codes)])
    return out.to_csv(index=False).encode("utf-8-sig")


def readme_text(
    prov: Provenance,
    columns: Sequence[object],
    codes: Sequence[str],
    files: Sequence[tuple[str, str]],
) -> str:
    """The zip's README (Markdown, in the reader's language): sources, vintage, URL, columns."""
    lang = prov.lang
    title = prov.title or prov.summary
    lines = [f"# {title}" if title else f"# {t('export.readme.title', lang)}", ""]
    lines += [t("export.readme.intro", lang), ""]
    if prov.summary and prov.summary != title:
        lines += [f"## {t('export.readme.key_point', lang)}", "", prov.summary, ""]
    lines += [f"## {t('export.readme.sources', lang)}", ""]
    lines += [f"- {s}" for s in prov.sources] or [f"- {t('export.readme.none', lang)}"]
    lines += ["", f"## {t('export.readme.query', lang)}", "", prov.link or "-", ""]
    if prov.release:
        lines += [f"## {t('export.readme.release', lang)}", "", prov.release, ""]
    if prov.vintage:
        lines += [f"## {t('export.readme.vintage', lang)}", "", format_date(prov.vintage, lang), ""]
    lines += [
        f"## {t('export.readme.exported', lang)}",
        "",
        format_date(prov.exported or date.today().isoformat(), lang),
        "",
    ]
    if prov.unit:
        lines += [f"## {t('export.readme.unit', lang)}", "", prov.unit, ""]
    lines += [
        f"## {t('export.readme.columns', lang)}",
        "",
        f"| {t('export.readme.column', lang)} | {t('export.readme.code', lang)} |",
        "|---|---|",
    ]
    lines += [
        f"| {str(c).replace('|', '/')} | `{code}` |" for c, code in zip(columns, codes, strict=True)
    ]
    lines += ["", f"## {t('export.readme.files', lang)}", ""]
    lines += [f"- `{name}`: {what}" for name, what in files]
    return "\n".join(lines) + "\n"


def data_zip(
    table: pd.DataFrame,
    prov: Provenance,
    *,
    spec: Mapping | None = None,
    codes: Mapping[str, str] | None = None,
    stem: str = "data",
) -> bytes:
    """A zip of the displayed data (CSV with code row), its README, and the chart's spec."""
    lang = prov.lang
    names = [str(c) for c in table.columns]
    files = [(f"{stem}.csv", t("export.readme.file_csv", lang))]
    if spec is not None:
        files.append((f"{stem}.vl.json", t("export.readme.file_spec", lang)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.md", readme_text(prov, names, column_codes(names, lang, codes), files)
        )
        archive.writestr(f"{stem}.csv", csv_bytes(table, lang, "codes", codes))
        if spec is not None:
            archive.writestr(f"{stem}.vl.json", json.dumps(spec, ensure_ascii=False, indent=1))
    return buffer.getvalue()
