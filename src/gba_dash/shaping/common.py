"""Helpers every page's views share: names in the reader's script, qualifier marks, CSV safety."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterable, Sequence

import pandas as pd

from gba_dash import schema
from gba_dash.i18n import UNITS, format_qualified, t

_LANG_SUFFIX = {"zh-Hans": "zh_hans", "zh-Hant": "zh_hant", "en": "en"}
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def lang_col(prefix: str, lang: str) -> str:
    """The column holding `prefix` in the reader's script: ("name", "zh-Hant") → name_zh_hant."""
    return f"{prefix}_{_LANG_SUFFIX[lang]}"


def localized(frame: pd.DataFrame, prefix: str, lang: str) -> pd.Series:
    """`prefix` in the reader's script, falling back to English where a translation is empty."""
    col = frame[lang_col(prefix, lang)]
    fallback = frame.get(f"{prefix}_en")
    if fallback is None or fallback is col:
        return col
    # In Python, not pandas: the frames are a few dozen rows, where `where` and a cast to
    # "string" cost ~0.3 ms of overhead per call (a fifth of a history block, bench/RESULTS.md).
    values = localized_values(col.tolist(), fallback.tolist())
    return pd.Series(values, index=frame.index, name=col.name, dtype=col.dtype)


def headed(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """`frame`'s columns under new headers (header → column), its index and dtypes kept.

    From the columns' arrays: a frame built from Series aligns their indexes first, which on a
    table of a few dozen rows costs twice the copy (~0.2 ms a table, bench/RESULTS.md)."""
    return pd.DataFrame(
        {header: frame[column].array for header, column in columns.items()}, index=frame.index
    )


def localized_values(own: list, english: list) -> list:
    """`own` (values in the reader's script), English where one is missing or empty."""
    return [o if _present(o) else e for o, e in zip(own, english, strict=True)]


def source_ids_of(*frames: pd.DataFrame) -> tuple[str, ...]:
    """The source ids behind the rows of `frames` (columns `source_ids`, tuples or
    ";"-separated, and `source_id`), each once, in order of first appearance."""
    found: dict[str, None] = {}
    for frame in frames:
        if frame is None:
            continue
        for column in ("source_id", "source_ids"):
            if column not in frame:
                continue
            for value in frame[column]:
                items = value if isinstance(value, tuple | list) else str(value or "").split(";")
                for item in items:
                    text = str(item).strip()
                    if text and text not in ("<NA>", "nan", "None"):
                        found.setdefault(text, None)
    return tuple(found)


def _present(value) -> bool:
    """Not missing (None, NA, NaN) and not empty text."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    return value != ""


def qualifier_mark(qualifier: str) -> str:
    """The sign a chart or table puts beside a value: ≥ for lower bounds, ≈ for approximations."""
    return {
        "lower_bound": "≥",
        "approx": "≈",
        "estimate": "~",
        "target": "→",
        "target_lower_bound": "→≥",
    }.get(qualifier, "")


def measure_word(unit: str, lang: str) -> str:
    """The word a count is read with (家 / 家 / enterprises); empty for money, %, ranks, "count"."""
    spec = UNITS.get(unit)
    if spec is None or spec.kind != "count" or unit == "count":
        return ""
    return t(f"unit.{unit}", lang)


def qualified_text(value: float, qualifier: str, unit: str, lang: str) -> str:
    """A value with its qualifier in words: 超过7.7万家 / 超過7.7萬家 / over 77K enterprises."""
    return format_qualified(value, qualifier, lang, unit, suffix=measure_word(unit, lang))


def qualifier_name(qualifier: str, lang: str) -> str:
    """The qualifier's name in the reader's language."""
    return t(f"qualifier.{qualifier}", lang)


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas (= + - @ made inert with '),
    a list cell written as data/ writes it (items joined by `schema.LIST_SEP`)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_csv_cell)
    return out


def _csv_cell(value: object) -> object:
    if isinstance(value, tuple | list):
        value = schema.LIST_SEP.join(map(str, value))
    if isinstance(value, str) and value.startswith(_FORMULA_LEAD):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel opens Chinese correctly), formula-leading cells made inert."""
    return csv_safe(frame).to_csv(index=False).encode("utf-8-sig")


def batches_to_csv_bytes(frames: Iterable[pd.DataFrame]) -> bytes:
    """`to_csv_bytes` of the frames' rows one after another (one header), one frame at a time."""
    out = io.BytesIO()
    out.write(codecs.BOM_UTF8)
    header = True
    for frame in frames:
        out.write(csv_safe(frame).to_csv(index=False, header=header).encode("utf-8"))
        header = False
    return out.getvalue()


def spans_text(numbers: Sequence[int], lang: str) -> str:
    """[17, 18, 20, 21, 22, 23] → "17, 18, 20–23" (in Chinese with 、): runs of three or more as
    a range, so a long list of ranks or years stays one line."""
    parts: list[str] = []
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(n) for n in run)

    for n in sorted(set(numbers)):
        if run and n != run[-1] + 1:
            close()
            run = []
        run.append(n)
    if run:
        close()
    return t("ui.list_sep", lang).join(parts)
