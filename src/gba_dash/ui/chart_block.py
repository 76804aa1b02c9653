"""A chart block as a reader gets it: the chart, its source line, and outside presentation its
key point (the one-sentence summary, with a copy button), "Export" menu, "Cite this" menu and
data table, each opened lazily (their contents run only
while open: built eagerly, the menus' buttons and the table were most of a page's elements on
every render, bench/RESULTS.md).

Export files (chart images with their provenance, CSV, zip) are built only when their button is
clicked (`st.download_button(data=<callable>)`), by `gba_dash.export`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from gba_dash import db, embeds, export
from gba_dash.charts import projector
from gba_dash.i18n import t
from gba_dash.pagemodels.contract import Block
from gba_dash.safe_text import md_escape
from gba_dash.shaping.common import to_csv_bytes
from gba_dash.shaping.overview import data_vintage
from gba_dash.ui import chart_specs, cite, data, memo, release
from gba_dash.ui.run import Run


def chart_block(
    run: Run,
    block: Block,
    *,
    on_select: str | Callable | None = None,
    selection_key: str | None = None,
    column_codes: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
):
    """Draw one block: its chart (served by `ui.data.block`) with its source caption, then,
    outside presentation mode, the Export and Cite menus and a table of exactly the plotted
    data. `column_codes`: header → stable code for the CSV's second header row (default:
    derived from the i18n keys); `notes`: what the page says about the rows (its section's
    notice and captions, Markdown), for the workbook's Notes sheet. Returns the selection
    state when `on_select` is given."""
    chart, table, lang = block.chart, block.table, run.lang
    if run.only:
        return _embedded(run, block, on_select, selection_key)
    selection = None
    if not isinstance(chart, chart_specs.PreparedChart) or table.empty:
        st.info(t("ui.no_data", lang))
    elif run.present:
        selection = _room_chart(block, chart, on_select, selection_key)
    elif on_select is not None:
        selection = st.vega_lite_chart(
            chart.draw_spec,
            width="stretch",
            alt=block.key_point,
            on_select=on_select,
            key=selection_key or f"sel_{block.id}",
        )
    else:
        st.vega_lite_chart(chart.draw_spec, width="stretch", alt=block.key_point)
    if not run.present and block.key_point and not table.empty:
        key_point(lang, block.id, block.key_point)
    st.caption(block.source_text)
    if run.present or table.empty:
        return selection
    menu = st.popover(
        t("export.menu", lang),
        icon=":material/download:",
        help=t("export.menu_help", lang),
        key=f"exp_{block.id}",
        on_change="rerun",
    )
    cited = block.title or cite.chart_title(chart) or block.key_point
    if menu.open:
        with menu:
            export_menu(run, block, provenance(run, block), column_codes, notes, cited)
    if isinstance(chart, chart_specs.PreparedChart):
        cite.cite_menu(run, block.id, cited, block.source_ids, block.key_point)
    memo.add_button(run, block.id, cited)
    if isinstance(chart, chart_specs.PreparedChart):
        cite.embed_menu(run, block.id, cited, embeds.frame_height(chart.draw_spec))
    table_box = st.expander(t("ui.data_table", lang), key=f"tbl_{block.id}", on_change="rerun")
    if table_box.open:
        with table_box:
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(
                t("ui.download_csv", lang),
                data=functools.partial(to_csv_bytes, table),
                file_name=export.file_name(block.id, "csv", release=file_release(run)),
                mime="text/csv",
                key=f"dl_{block.id}",
                on_click="ignore",
            )
    return selection


def _embedded(
    run: Run,
    block: Block,
    on_select: str | Callable | None,
    selection_key: str | None,
):
    """The chart alone, as another site frames it: its title, the chart, its key point, its
    source line and a link back to the full view (no menus, no table)."""
    chart, lang = block.chart, run.lang
    if not isinstance(chart, chart_specs.PreparedChart) or block.table.empty:
        st.info(t("ui.no_data", lang))
        return None
    if not cite.chart_title(chart):  # a chart without a title of its own gets its block's
        st.markdown(f"**{md_escape(block.title or block.key_point)}**")
    select = {} if on_select is None else {"on_select": on_select}
    if on_select is not None:
        select["key"] = selection_key or f"sel_{block.id}"
    selection = st.vega_lite_chart(chart.draw_spec, width="stretch", alt=block.key_point, **select)
    if block.key_point:
        st.markdown(md_escape(block.key_point))
    st.caption(block.source_text)
    st.markdown(f"[{t('embed.full_view', lang)} ↗]({cite.view_link(run)})")
    return selection


#: The key prefix of a chart's key point, and of its copy button: the page's script
#: (`ui.style.DOCUMENT_JS`) copies the text beside the button to the clipboard.
KEY_POINT_KEY, COPY_KEY = "keypoint_", "copy_keypoint_"


def key_point(lang: str, block_id: str, sentence: str) -> None:
    """The chart's key point under it, as text (escaped: it is made from data) with a copy
    button. The page's script copies it in the browser, without a run; a code block's copy
    button would load the syntax highlighter before the first chart (bench/RESULTS.md)."""
    with st.container(key=f"{KEY_POINT_KEY}{block_id}", horizontal=True, gap="small"):
        st.markdown(md_escape(sentence), width="stretch")
        st.button(
            t("ui.copy_key_point", lang),
            key=f"{COPY_KEY}{block_id}",
            icon=":material/content_copy:",
            type="tertiary",
            help=t("ui.copy_key_point_help", lang),
        )


#: The key prefix of a presented chart's box: the slide's CSS (`ui.style.PRESENT`) gives it
#: the room the slide leaves.
ROOM_KEY = "room_"
#: The key prefix of a presented chart whose labels need more than a 720-line screen leaves:
#: "roomtall<px>_", its least height rounded up to `TALL_STEP_PX` (a rule of the slide's CSS
#: each, up to `TALL_MAX_PX`); the slide then scrolls rather than squeeze the labels.
TALL_KEY = "roomtall"
TALL_STEP_PX, TALL_MAX_PX = 40, 1200
#: The chart height (px) a 720-line screen leaves under a slide's bar and above its captions:
#: a chart whose labels need more is drawn that tall instead of squeezed.
ROOM_FITS_PX = 560


def _room_chart(
    block: Block,
    chart: chart_specs.PreparedChart,
    on_select: str | Callable | None,
    selection_key: str | None,
):
    """A presented chart: drawn for the room (`PreparedChart.room_spec`), filling the height
    the slide leaves, and at least as tall as its category labels need (`TALL_KEY`)."""
    spec = chart.room_spec
    needed = projector.min_height(spec)
    key = f"{ROOM_KEY}{block.id}"
    if needed > ROOM_FITS_PX:
        step = min(-(-needed // TALL_STEP_PX) * TALL_STEP_PX, TALL_MAX_PX)
        key = f"{TALL_KEY}{step}_{block.id}"
    select = {} if on_select is None else {"on_select": on_select}
    if on_select is not None:
        select["key"] = selection_key or f"sel_{block.id}"
    with st.container(key=key):
        return st.vega_lite_chart(
            spec, width="stretch", height="stretch", alt=block.key_point, **select
        )


def provenance(run: Run, block: Block) -> export.Provenance:
    """What an export of `block` says about itself: title, unit, sources, dates, the view's
    link, its key point and the data release."""
    return export.Provenance(
        lang=run.lang,
        title=block.title,
        unit=block.unit_text or "",
        sources=export.source_lines(block.source_text),
        vintage=_data_vintage(),
        link=cite.view_link(run),
        summary=block.key_point,
        release=release.label(run.release, run.unreleased, run.lang),
    )


def table_provenance(run: Run, title: str) -> export.Provenance:
    """What a download of a stored table says about itself: its title, the page's link and
    the data release."""
    return export.Provenance(
        lang=run.lang,
        title=title,
        vintage=_data_vintage(),
        link=cite.view_link(run),
        release=release.label(run.release, run.unreleased, run.lang),
    )


def file_release(run: Run) -> str:
    """The release a download's file name names: none for unreleased data."""
    return "" if run.unreleased else run.release


def _data_vintage() -> str | None:
    """The latest publication date among the sources held: what the data are "as of"."""
    try:
        return data_vintage(data.query("get_sources"))
    except db.DatabaseUnavailable:
        return None


def _chart_file(
    chart: chart_specs.PreparedChart, prov: export.Provenance, fmt: str, preset: str
) -> bytes:
    return export.export_chart(chart.export_spec(), prov, fmt, preset)


def _data_zip(
    chart: chart_specs.PreparedChart | None,
    table: pd.DataFrame,
    prov: export.Provenance,
    codes: Mapping[str, str] | None,
) -> bytes:
    spec = chart.export_spec() if chart is not None else None
    return export.data_zip(table, prov, spec=spec, codes=codes)


def workbook_parts(
    run: Run, block: Block, notes: Sequence[str], title: str
) -> export.WorkbookParts:
    """What a block's workbook says beside its rows: its sources (as the Sources page lists
    them), the page's notes on it, and the view cited."""
    sources = export.cited_sources(
        data.query("get_sources"), data.query("get_terms"), block.source_ids, run.lang
    )
    return export.WorkbookParts(
        sources=sources, notes=tuple(notes), citations=cite.view_citations(run, title), title=title
    )


def _workbook(
    table: pd.DataFrame,
    prov: export.Provenance,
    parts: export.WorkbookParts,
    codes: Mapping[str, str] | None,
) -> bytes:
    return export.view_workbook(table, prov, parts, codes)


def export_menu(
    run: Run,
    block: Block,
    prov: export.Provenance,
    column_codes: Mapping[str, str] | None = None,
    notes: Sequence[str] = (),
    title: str = "",
) -> None:
    """The contents of the "Export" popover: chart images per page size, Excel workbook, CSV
    (two header styles), zip. Call inside the open popover. Every file is built only when its
    button is clicked; what it reads from the database is read here, in the run, where the
    release shown is pinned."""
    lang, chart, table, chart_id = run.lang, block.chart, block.table, block.id
    released = file_release(run)
    if isinstance(chart, chart_specs.PreparedChart):
        st.caption(t("export.images", lang))
        if not export.cjk_font_available():
            st.warning(t("export.no_cjk_font", lang), icon="⚠️")
        else:
            for preset in export.PRESETS:
                with st.container(horizontal=True, vertical_alignment="center"):
                    st.markdown(t(f"export.preset.{preset}", lang), width=110)
                    for fmt in export.FORMATS:
                        st.download_button(
                            t(f"export.format.{fmt}", lang),
                            data=functools.partial(_chart_file, chart, prov, fmt, preset),
                            file_name=export.file_name(chart_id, fmt, preset, released),
                            mime=export.MIME[fmt],
                            key=f"exp_{chart_id}_{preset}_{fmt}",
                            on_click="ignore",
                        )
    st.caption(t("export.data", lang))
    with st.container(horizontal=True):
        st.download_button(
            t("export.xlsx", lang),
            data=functools.partial(
                _workbook, table, prov, workbook_parts(run, block, notes, title), column_codes
            ),
            file_name=export.file_name(chart_id, "xlsx", release=released),
            mime=export.MIME["xlsx"],
            key=f"exp_{chart_id}_xlsx",
            help=t("export.xlsx_help", lang),
            on_click="ignore",
        )
        for header, label in (("codes", "export.csv_codes"), ("names", "export.csv_names")):
            st.download_button(
                t(label, lang),
                data=functools.partial(export.csv_bytes, table, lang, header, column_codes),
                file_name=export.file_name(
                    chart_id if header == "codes" else f"{chart_id}-names", "csv", release=released
                ),
                mime=export.MIME["csv"],
                key=f"exp_{chart_id}_csv_{header}",
                help=t("export.csv_codes_help", lang) if header == "codes" else None,
                on_click="ignore",
            )
        chart_or_none = chart if isinstance(chart, chart_specs.PreparedChart) else None
        st.download_button(
            t("export.zip", lang),
            data=functools.partial(_data_zip, chart_or_none, table, prov, column_codes),
            file_name=export.file_name(chart_id, "zip", release=released),
            mime=export.MIME["zip"],
            key=f"exp_{chart_id}_zip",
            help=t("export.zip_help", lang),
            on_click="ignore",
        )
