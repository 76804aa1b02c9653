"""Page building blocks: chart with caption and table, KPI card, download buttons.

Every text shown comes from the i18n layer or from data; nothing here renders raw HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd
import streamlit as st

from gba_dash.i18n import t
from gba_dash.ui.frame import Frame
from gba_dash.views.common import to_csv_bytes


def page_title(frame: Frame, page: str) -> None:
    """The page's translated title and, outside presentation mode, its one-line lead."""
    st.title(t(f"page.{page}", frame.lang))
    if not frame.present:
        st.caption(t(f"{page}.lead", frame.lang))


def chart_block(
    frame: Frame,
    chart_id: str,
    chart: alt.TopLevelMixin | None,
    table: pd.DataFrame,
    *,
    alt_text: str,
    source_text: str,
    on_select: str | Callable | None = None,
    selection_key: str | None = None,
):
    """Draw one chart with its source caption, a table of exactly the plotted data, a CSV.

    Returns the selection state when `on_select` is given, else None.
    """
    selection = None
    if chart is None or table.empty:
        st.info(t("ui.no_data", frame.lang))
    elif on_select is not None:
        selection = st.altair_chart(
            chart,
            width="stretch",
            alt=alt_text,
            on_select=on_select,
            key=selection_key or f"sel_{chart_id}",
        )
    else:
        st.altair_chart(chart, width="stretch", alt=alt_text)
    st.caption(source_text)
    if not frame.present and not table.empty:
        with st.expander(t("ui.data_table", frame.lang)):
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(
                t("ui.download_csv", frame.lang),
                data=lambda: to_csv_bytes(table),
                file_name=f"gba-dash-{chart_id}.csv",
                mime="text/csv",
                key=f"dl_{chart_id}",
                on_click="ignore",
            )
    return selection


def kpi_card(
    label: str, value: str, caption_lines: Sequence[str], page: str | None, lang: str
) -> None:
    """One headline figure: label, value, its year and citation, and a link to its page."""
    with st.container(border=True):
        st.metric(label, value)
        for line in caption_lines:
            st.caption(line)
        if page:
            st.page_link(
                f"pages/{page}.py", label=t("overview.see_in_context", lang), icon="➡️"
            )


def table_download(frame: Frame, table: pd.DataFrame, name: str, label: str) -> None:
    """A CSV download (UTF-8 with BOM, formula-safe) built only when clicked."""
    st.download_button(
        label,
        data=lambda: to_csv_bytes(table),
        file_name=f"gba-dash-{name}.csv",
        mime="text/csv",
        key=f"dl_table_{name}",
        on_click="ignore",
    )
