"""Page building blocks: the page's title, chart tabs bound to the URL, and a page model's
section drawn whatever it holds (a chart block, headline cards, a board of cards, rows of
counts); the widgets' callbacks and table downloads.

Every text shown comes from the i18n layer or from data, as the page model made it (Markdown
with its data escaped); nothing here renders raw HTML.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from gba_dash import export
from gba_dash.i18n import LANGS, format_number, t
from gba_dash.pagemodels.contract import Board, Card, MetricRow, Section
from gba_dash.params import Param
from gba_dash.safe_text import md_escape
from gba_dash.shaping import sources as table_shaping
from gba_dash.ui import cite, data, urlstate
from gba_dash.ui.chart_block import chart_block, table_provenance
from gba_dash.ui.run import Run
from gba_dash.ui.shell import PAGE_ICONS


def page_title(run: Run, page: str, lead: str | None = None) -> None:
    """The page's translated title and, outside presentation and embedded views, its one-line
    lead (the page model's when it names the data held, else the catalogue's)."""
    st.title(t(f"page.{page}", run.lang))  # embedded: for screen readers only (`style.EMBED`)
    if not run.present and not run.only:
        st.caption(lead or t(f"{page}.lead", run.lang))


def chart_tabs(
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


def section(run: Run, part: Section, **hooks) -> None:
    """One section of a page model, in its order: heading, notice, lead, hint (outside
    presentation), its content, captions, and outside presentation a listed table. `hooks`
    go to the chart block (`on_select`, `selection_key`). An embedded view (`run.only`) draws
    only the section of its chart, and of it only the chart block."""
    if run.only:
        if part.block is not None and part.block.id == run.only:
            chart_block(run, part.block, **hooks)
        return
    if part.heading:
        st.subheader(part.heading)
    if part.notice:
        st.info(part.notice)
    if part.lead:
        st.caption(part.lead)
    if part.hint and not run.present:
        st.caption(part.hint)
    if part.block is not None:
        notes = tuple(n for n in (part.notice, *part.captions) if n)
        chart_block(run, part.block, notes=notes, **hooks)
    for row in part.metrics:
        metric_row(row)
    if part.board is not None:
        board(run, part.board)
    if part.cards:
        headline_cards(run, part.cards)
    for line in part.captions:
        st.caption(line)
    if part.listed is not None and not run.present:
        st.markdown(f"**{part.listed.label}**")
        st.dataframe(part.listed.table, hide_index=True, width="stretch")


def headline_cards(run: Run, cards: Sequence[Card]) -> None:
    """Headline figures three to a row, grouped by the page that shows each in context (one
    link a group: every element costs server time on every render, and 22 links to 3 pages
    said little more); in presentation, one group with no link."""
    groups = [("", list(cards))] if run.present else itertools.groupby(cards, lambda c: c.page)
    for page, group in groups:
        if page:
            st.page_link(
                f"pages/{page}.py",
                label=t("overview.see_page", run.lang, page=t(f"page.{page}", run.lang)),
                icon=PAGE_ICONS[page],
            )
        elif not run.present:
            st.markdown(f"**{t('overview.other_figures', run.lang)}**")
        columns = st.columns(3)
        for i, card in enumerate(group):
            with columns[i % 3]:
                st.metric(card.label, card.value, border=True)
                # One caption, a line each (a Markdown hard break): elements cost time per render.
                st.caption("  \n".join(card.lines))


def metric_row(row: MetricRow) -> None:
    """A bold heading over one figure per (name, formatted value), side by side."""
    st.markdown(f"**{row.heading}**")
    for column, (name, n) in zip(st.columns(len(row.figures)), row.figures, strict=True):
        column.metric(name, n)


def board(run: Run, shown: Board) -> None:
    """A board's notices, its cards (label, badge, lines, source links) and, lazily, its
    table."""
    for notice in (shown.hidden_text, shown.empty_text):
        if notice:
            st.info(notice)
    for card in shown.cards:
        with st.expander(card.label, expanded=card.expanded):
            st.badge(md_escape(card.badge, keep="[]"), color=card.chip)
            st.markdown("\n\n".join(card.lines))  # one element: each costs time per render
            with st.container(horizontal=True):
                for publisher, url, key in card.links:
                    st.link_button(
                        publisher, url, type="tertiary", icon=":material/open_in_new:", key=key
                    )
    if not run.present and shown.cards:
        # Lazy like a chart's data table: the table runs only while the expander is open.
        table_box = st.expander(shown.table_label, key=shown.table_key, on_change="rerun")
        if table_box.open:
            with table_box:
                st.dataframe(shown.table, hide_index=True, width="stretch")


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
    from gba_dash.shaping.clusters import add_clusters, picked_ids

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
    from gba_dash.shaping.pilots import cities_from_selection

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


def table_downloads(run: Run) -> None:
    """Every stored table as CSV and, up to `export.TABLE_MAX_ROWS` rows, as an Excel workbook
    (built whole in memory, where a CSV is written batch by batch); a caption names the
    tables offered as CSV only."""
    lang = run.lang
    held = table_shaping.table_rows(data.query("get_build_inputs"))
    too_big = [n for n in table_shaping.table_names() if held.get(n, 0) > export.TABLE_MAX_ROWS]
    # three to a row: a table's longest label ("… (Excel)") fits a 1280-px screen's column
    # the page's provenance and citation once; each table only retitles them
    prov, cited = table_provenance(run, ""), cite.view_of(run, "")
    columns = st.columns(3)
    for i, name in enumerate(table_shaping.table_names()):
        label = t(f"table.{name}", lang)
        with columns[i % 3]:
            table_download(data.table_csv(name), name, label)
            if name not in too_big:
                workbook = data.table_workbook(
                    name,
                    dataclasses.replace(prov, title=label),
                    dataclasses.replace(cited, title=label),
                )
                table_workbook_download(
                    workbook, name, t("sources.download_xlsx", lang, table=label)
                )
    if too_big:
        names = t("cite.sep", lang).join(t(f"table.{n}", lang) for n in too_big)
        most = format_number(export.TABLE_MAX_ROWS, lang, "count")  # 5万 / 5萬 / 50K
        st.caption(t("sources.xlsx_too_big", lang, tables=names, n=most))


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


def table_workbook_download(workbook: Callable[[], bytes], name: str, label: str) -> None:
    """An Excel download of a stored table whose bytes `workbook()` makes only when clicked."""
    st.download_button(
        label,
        data=workbook,
        file_name=f"gba-dash-{name}.xlsx",
        mime=export.MIME["xlsx"],
        key=f"dl_xlsx_{name}",
        on_click="ignore",
    )
