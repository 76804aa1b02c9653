"""Page building blocks: chart with caption, table and exports, KPI card, download buttons.

Every text shown comes from the i18n layer or from data; nothing here renders raw HTML. Export
files (chart images with their provenance, CSV, zip) are built only when their button is clicked
(`st.download_button(data=<callable>)`), by `gba_dash.export`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from gba_dash import db, export
from gba_dash.i18n import LANGS, t
from gba_dash.safe_text import md_escape
from gba_dash.ui import chart_specs, cite, data, release, urlstate
from gba_dash.ui.params import Param
from gba_dash.ui.run import Frame
from gba_dash.views.common import to_csv_bytes
from gba_dash.views.overview import data_vintage


def page_title(frame: Frame, page: str) -> None:
    """The page's translated title and, outside presentation mode, its one-line lead."""
    st.title(t(f"page.{page}", frame.lang))
    if not frame.present:
        st.caption(t(f"{page}.lead", frame.lang))


def view_tabs(
    param: Param, codes: Sequence[str], label_key: str, lang: str
) -> tuple[str, dict[str, DeltaGenerator]]:
    """Tabs for a page's views, bound to the URL by code: (the open view's code, code → tab).

    Only the open tab should be filled: the tabs rerun the page when switched, so a hidden view
    costs neither the server (its views and chart) nor the browser (compiling its chart).
    The URL holds the code (`?chart=history`), never the translated label, so a link opens
    the same view in every language; the tab labels are `t(f"{label_key}.{code}")`.
    """
    labels = {code: t(f"{label_key}.{code}", lang) for code in codes}
    # The widget holds a label; a label from another language (after a switch) maps back. The
    # reader's own language comes last, so its labels win should two languages ever share one.
    others = [other for other in LANGS if other != lang]
    code_of = {t(f"{label_key}.{code}", other): code for other in others for code in codes}
    code_of.update({label: code for code, label in labels.items()})
    urlstate.seed(param, lang, widget_value=labels.__getitem__)
    held = st.session_state.get(param.key)
    if held not in code_of or labels[code_of[held]] != held:
        st.session_state[param.key] = labels[code_of.get(held, param.default)]
    tabs = st.tabs(list(labels.values()), key=param.key, on_change="rerun")
    code = code_of[st.session_state[param.key]]
    urlstate.write(param, code)
    return code, dict(zip(codes, tabs, strict=True))


def chart_block(
    frame: Frame,
    chart_id: str,
    chart: chart_specs.PreparedChart | alt.TopLevelMixin | None,
    table: pd.DataFrame,
    *,
    alt_text: str,
    source_text: str,
    on_select: str | Callable | None = None,
    selection_key: str | None = None,
    title: str | None = None,
    unit_text: str | None = None,
    sources: Sequence[str] | str | None = None,
    vintage: str | None = None,
    column_codes: Mapping[str, str] | None = None,
    source_ids: Sequence[str] = (),
):
    """Draw one chart with its source caption, a table of exactly the plotted data, exports.

    Outside presentation mode an "Export" menu offers the chart as PNG/SVG/PDF in three page
    sizes (title, unit, sources, dates, link and QR code burned in) and the data as CSV or zip.
    The optional provenance: `title` (default: the chart's own title, else `alt_text`),
    `unit_text` (the unit in words), `sources` (default: `source_text`), `vintage` (ISO date the
    data are as of; default: the latest date a source was consulted), `column_codes` (header →
    stable code for the CSV's second header row; default: derived from the i18n keys).
    `source_ids` are the sources under the chart, cited in its "Cite this" menu.
    Returns the selection state when `on_select` is given, else None.
    """
    selection = None
    if isinstance(chart, chart_specs.PreparedChart):
        draw = functools.partial(st.vega_lite_chart, chart.draw_spec)
    else:
        draw = functools.partial(st.altair_chart, chart)
    if chart is None or table.empty:
        st.info(t("ui.no_data", frame.lang))
    elif on_select is not None:
        selection = draw(
            width="stretch",
            alt=alt_text,
            on_select=on_select,
            key=selection_key or f"sel_{chart_id}",
        )
    else:
        draw(width="stretch", alt=alt_text)
    st.caption(source_text)
    if not frame.present and not table.empty:
        # Both open lazily: their contents run only while open. Built eagerly, the menu's 12
        # buttons and the table were most of a page's elements on every render (bench/RESULTS.md).
        menu = st.popover(
            t("export.menu", frame.lang),
            icon=":material/download:",
            help=t("export.menu_help", frame.lang),
            key=f"exp_{chart_id}",
            on_change="rerun",
        )
        if menu.open:
            provenance = export.Provenance(
                lang=frame.lang,
                title=title or "",
                unit=unit_text or "",
                sources=export.source_lines(source_text if sources is None else sources),
                vintage=vintage if vintage is not None else _data_vintage(),
                link=cite.view_link(frame),
                summary=alt_text,
                release=release.label(frame.release, frame.unreleased, frame.lang),
            )
            with menu:
                export_menu(frame, chart_id, chart, table, provenance, column_codes)
        if chart is not None:
            cited = title or cite.chart_title(chart) or alt_text
            cite.cite_menu(frame, chart_id, cited, source_ids)
        table_box = st.expander(
            t("ui.data_table", frame.lang), key=f"tbl_{chart_id}", on_change="rerun"
        )
        if table_box.open:
            with table_box:
                st.dataframe(table, hide_index=True, width="stretch")
                st.download_button(
                    t("ui.download_csv", frame.lang),
                    data=functools.partial(to_csv_bytes, table),
                    file_name=export.file_name(chart_id, "csv", release=_file_release(frame)),
                    mime="text/csv",
                    key=f"dl_{chart_id}",
                    on_click="ignore",
                )
    return selection


def _file_release(frame: Frame) -> str:
    """The release a download's file name names: none for unreleased data."""
    return "" if frame.unreleased else frame.release


def _data_vintage() -> str | None:
    """The latest date a source was consulted: what the data are "as of"."""
    try:
        return data_vintage(data.query("get_sources"))
    except db.DatabaseUnavailable:
        return None


def chart_spec(chart: chart_specs.PreparedChart | alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec with its data inline, for the export files."""
    if isinstance(chart, chart_specs.PreparedChart):
        return chart.export_spec()
    return chart_specs.chart_spec_of(chart)


def _chart_file(
    chart: chart_specs.PreparedChart | alt.TopLevelMixin,
    provenance: export.Provenance,
    fmt: str,
    preset: str,
) -> bytes:
    return export.export_chart(chart_spec(chart), provenance, fmt, preset)


def _data_zip(
    chart: chart_specs.PreparedChart | alt.TopLevelMixin | None,
    table: pd.DataFrame,
    provenance: export.Provenance,
    codes: Mapping[str, str] | None,
) -> bytes:
    spec = chart_spec(chart) if chart is not None else None
    return export.data_zip(table, provenance, spec=spec, codes=codes)


def export_menu(
    frame: Frame,
    chart_id: str,
    chart: chart_specs.PreparedChart | alt.TopLevelMixin | None,
    table: pd.DataFrame,
    provenance: export.Provenance,
    column_codes: Mapping[str, str] | None = None,
) -> None:
    """The contents of the "Export" popover: chart images per page size, CSV (two header styles),
    zip. Call inside the open popover.

    Every file is built only when its button is clicked (the callables run then).
    """
    lang = frame.lang
    if chart is not None:
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
                            data=functools.partial(_chart_file, chart, provenance, fmt, preset),
                            file_name=export.file_name(chart_id, fmt, preset, _file_release(frame)),
                            mime=export.MIME[fmt],
                            key=f"exp_{chart_id}_{preset}_{fmt}",
                            on_click="ignore",
                        )
    st.caption(t("export.data", lang))
    with st.container(horizontal=True):
        for header, label in (("codes", "export.csv_codes"), ("names", "export.csv_names")):
            st.download_button(
                t(label, lang),
                data=functools.partial(export.csv_bytes, table, lang, header, column_codes),
                file_name=export.file_name(
                    chart_id if header == "codes" else f"{chart_id}-names",
                    "csv",
                    release=_file_release(frame),
                ),
                mime=export.MIME["csv"],
                key=f"exp_{chart_id}_csv_{header}",
                help=t("export.csv_codes_help", lang) if header == "codes" else None,
                on_click="ignore",
            )
        st.download_button(
            t("export.zip", lang),
            data=functools.partial(_data_zip, chart, table, provenance, column_codes),
            file_name=export.file_name(chart_id, "zip", release=_file_release(frame)),
            mime=export.MIME["zip"],
            key=f"exp_{chart_id}_zip",
            help=t("export.zip_help", lang),
            on_click="ignore",
        )


def kpi_card(label: str, value: str, caption_lines: Sequence[str]) -> None:
    """One headline figure: label and value in a bordered box, its year and citation below."""
    st.metric(label, value, border=True)
    # One caption, a line each (a Markdown hard break): elements cost server time per render.
    st.caption("  \n".join(caption_lines))


def add_picked_clusters(
    selection_key: str,
    selection_name: str,
    target_key: str,
    allowed: tuple[str, ...],
    added_message: str = "",
) -> None:
    """on_select callback: clusters picked in a chart's point selection join `target_key`.

    With `added_message`, a toast says so (the list they join may be on another tab).
    """
    from gba_dash.views.clusters import add_clusters, picked_ids

    state = st.session_state.get(selection_key)
    picked = picked_ids(state["selection"].get(selection_name)) if state else []
    before = list(st.session_state.get(target_key, []))
    st.session_state[target_key] = add_clusters(before, picked, allowed)
    if added_message and st.session_state[target_key] != before:
        st.toast(added_message, icon=":material/playlist_add:")


def pick_cities(
    selection_key: str, selection_name: str, target_key: str, allowed: tuple[str, ...]
) -> None:
    """on_select callback: cities clicked on a map become the `target_key` filter.

    An empty click keeps the filter (it is cleared in the sidebar).
    """
    from gba_dash.views.pilots import cities_from_selection

    picked = cities_from_selection(
        st.session_state.get(selection_key), selection_name, list(allowed)
    )
    if picked:
        st.session_state[target_key] = picked


def callback(fn: Callable[..., None], *args) -> Callable[[], None]:
    """A widget's callback: `fn` (a module-level function here) with its arguments bound, lists
    as tuples. A function defined in a page script would keep that run's whole namespace alive
    per session."""
    return functools.partial(fn, *(tuple(a) if isinstance(a, list) else a for a in args))


def table_download(csv: Callable[[], bytes], name: str, label: str) -> None:
    """A CSV download whose bytes `csv()` makes only when clicked."""
    st.download_button(
        label,
        data=csv,
        file_name=f"gba-dash-{name}.csv",
        mime="text/csv",
        key=f"dl_table_{name}",
        on_click="ignore",
    )


def metric_row(heading: str, counts: tuple[tuple[str, str], ...]) -> None:
    """A bold heading over one metric per (name, formatted count), side by side."""
    st.markdown(f"**{heading}**")
    for column, (name, n) in zip(st.columns(len(counts)), counts, strict=True):
        column.metric(name, n)


def cards(frame: Frame, board: dict, table_key: str, table_label: str) -> None:
    """A board's cards (label, badge, lines, source links) and its table, lazily, under them."""
    for card in board["cards"]:
        with st.expander(card["label"], expanded=card["expanded"]):
            st.badge(md_escape(card["badge"], keep="[]"), color=card["chip"])
            st.markdown("\n\n".join(card["lines"]))  # one element: each costs time per render
            with st.container(horizontal=True):
                for publisher, url, key in card["links"]:
                    st.link_button(
                        publisher, url, type="tertiary", icon=":material/open_in_new:", key=key
                    )
    if not frame.present and not board["empty"]:
        # Lazy like a chart's data table: the table runs only while the expander is open.
        table_box = st.expander(table_label, key=table_key, on_change="rerun")
        if table_box.open:
            with table_box:
                st.dataframe(board["table"], hide_index=True, width="stretch")


def section(frame: Frame, part: Mapping) -> None:
    """One section of a page model: heading, notice, a lead line, chart block (if any),
    captions, and outside presentation a listed table (`listed`: its label and frame)."""
    st.subheader(part["heading"])
    if part.get("notice"):
        st.info(part["notice"])
    if part.get("lead"):
        st.caption(part["lead"])
    if part.get("block"):
        chart_block(frame, part["id"], **part["block"])
    for line in part.get("captions", ()):
        st.caption(line)
    if part.get("listed") and not frame.present:
        label, table = part["listed"]
        st.markdown(f"**{label}**")
        st.dataframe(table, hide_index=True, width="stretch")
