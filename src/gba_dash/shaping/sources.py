"""Views for the sources page: the source list, GII coverage, the tables for download."""

from __future__ import annotations

import pandas as pd

from gba_dash import schema
from gba_dash.i18n import t
from gba_dash.safe_text import web_address
from gba_dash.shaping.common import localized


def source_table(sources: pd.DataFrame, terms: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per source with translated headers: publisher, title, kind, date, link, counts."""
    kinds = terms[terms["term_kind"] == "source_kind"].set_index("code")
    kind_names = localized(kinds.reset_index(), "name", lang).set_axis(kinds.index)
    out = pd.DataFrame(
        {
            t("field.publisher", lang): sources["publisher"],
            t("field.title", lang): sources["title"],
            t("field.source_kind", lang): [kind_names.get(k, k) for k in sources["kind"]],
            t("field.published", lang): sources["published"].fillna(""),
            t("field.link", lang): [
                web_address(url) or web_address(got)
                for url, got in zip(sources["url"], sources["retrieved_from"], strict=True)
            ],
            t("field.backs", lang): [_backs(row, lang) for row in sources.itertuples(index=False)],
        }
    )
    return out.reset_index(drop=True)


def _backs(row, lang: str) -> str:
    parts = []
    for table in ("observations", "cluster_ranks", "pilots", "pilot_events"):
        n = int(getattr(row, f"n_{table}"))
        if n:
            parts.append(t("sources.backs_item", lang, table=t(f"table.{table}", lang), n=n))
    return t("sources.backs_sep", lang).join(parts)


def coverage_table(coverage: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per GII edition: edition, ranks held, of 100, in the reader's words."""
    return pd.DataFrame(
        {
            t("field.edition", lang): coverage["edition"].astype(int),
            t("field.ranks_held", lang): coverage["ranks_held"].astype(int),
            t("field.ranks_total", lang): coverage["ranks_total"].astype(int),
        }
    )


def table_names() -> list[str]:
    """The data model's tables in load order (the sources page offers each as a download)."""
    return [table.name for table in schema.TABLES]


def table_rows(build_inputs: pd.DataFrame) -> dict[str, int]:
    """Rows held per table, from the build's inputs (one row per file: file, sha256, rows)."""
    return {
        str(f).removesuffix(".csv"): int(n)
        for f, n in zip(build_inputs["file"], build_inputs["rows"], strict=True)
    }


def dictionary_table(lang: str) -> pd.DataFrame:
    """One row per table × column of the data contract (from `schema`, never typed by hand)."""
    rows = []
    for table in schema.TABLES:
        for col in table.columns:
            ref = f"{col.ref[0]}.{col.ref[1]}" if col.ref else ""
            rows.append(
                {
                    t("field.table", lang): table.file,
                    t("field.column", lang): col.name,
                    t("field.type", lang): col.kind + (" list" if col.is_list else ""),
                    t("field.required", lang): "✓" if col.required else "",
                    t("field.allowed", lang): ", ".join(col.choices),
                    t("field.references", lang): ref,
                    t("field.key", lang): "✓" if col.name in table.key else "",
                }
            )
    return pd.DataFrame(rows)
