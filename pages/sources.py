"""Sources: every source and what it backs, GII coverage, methodology, downloads, manifest."""

import streamlit as st

from gba_dash.i18n import t
from gba_dash.shaping import sources as shaping
from gba_dash.ui import components, data, release
from gba_dash.ui.shell import current

run = current()
lang = run.lang

# 1. Title; a failed rebuild is said here, with what to do
components.page_title(run, "sources")
if run.db_state == "stale":
    st.warning(t("sources.stale", lang), icon="⚠️")

# 2. Sources and what they back
st.subheader(t("sources.list", lang))
source_rows = shaping.source_table(data.query("get_sources"), data.query("get_terms"), lang)
st.dataframe(
    source_rows,
    hide_index=True,
    width="stretch",
    column_config={t("field.link", lang): st.column_config.LinkColumn()},
)

# 3. What changed: the data releases and their changes
release.changes_section(lang)

# 4. Coverage of the GII cluster ranks
st.subheader(t("sources.coverage", lang))
st.caption(t("sources.coverage_note", lang))
st.dataframe(shaping.coverage_table(data.query("get_coverage"), lang), hide_index=True)

# 5. Methodology notes
st.subheader(t("sources.methodology", lang))
for key in ("gii_editions", "published_ranks", "qualifiers", "preferred", "conflicts"):
    st.markdown(t(f"sources.method.{key}", lang))

# 6. Data dictionary, generated from the contract
st.subheader(t("sources.dictionary", lang))
st.caption(t("sources.dictionary_note", lang))
st.dataframe(shaping.dictionary_table(lang), hide_index=True, width="stretch")

# 7. Downloads: every table as CSV and as an Excel workbook (up to its row limit), and the
# database file
st.subheader(t("sources.downloads", lang))
st.caption(t("sources.downloads_note", lang))
components.table_downloads(run)
st.download_button(
    t("sources.download_db", lang),
    data=data.database_bytes,
    file_name="gba.duckdb",
    mime="application/octet-stream",
    on_click="ignore",
    key="dl_duckdb",
)

# 8. Build manifest
st.subheader(t("sources.manifest", lang))
manifest = data.query("get_manifest")
st.dataframe(
    manifest,
    hide_index=True,
    column_config={"key": t("field.key", lang), "value": t("field.value", lang)},
)
st.dataframe(
    data.query("get_build_inputs"),
    hide_index=True,
    column_config={
        "file": t("field.file", lang),
        "sha256": "SHA-256",
        "rows": t("field.rows", lang),
    },
)
