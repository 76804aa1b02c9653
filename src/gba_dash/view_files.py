"""A chart's files made from its view's link, outside the browser: what the chart's "Export"
menu gives (Excel workbook, CSV, PNG, SVG, PDF), or the chart as a one-item Word memo (what
"Add to memo" then "Download memo" give), for a steward who prepares a weekly pack.

    gba-dash export view "/clusters?edition=2025&top=20&lang=zh-Hans" --format xlsx -o ranking.xlsx

The link is the view's own (`docs/urls.md`), `release=` included: the page model's sections are
made for its keys (`view_links`), and the chart named (`--chart`, else the part the link names,
else the page's first) is written with the same provenance as the menu's files: title, unit,
sources, key point, the data release, the link (from `base`, the dashboard's public address)
and the citations.

Core module: no Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gba_dash import citations, db, export, memo, memo_docx, view_links
from gba_dash.charts import titles
from gba_dash.deck_files.layout import plain_spec
from gba_dash.pagemodels.contract import Block, Section
from gba_dash.shaping.overview import data_vintage

#: What `view_file` writes: the data files, then the chart images.
FORMATS = ("xlsx", "docx", "csv", *export.FORMATS)


@dataclass(frozen=True)
class ViewFile:
    """One file of a view's chart: its name (as the menu names it), bytes and chart id."""

    name: str
    content: bytes
    chart: str


def _charted(view: view_links.OpenedView) -> list[Section]:
    """The sections with a chart the view shows, in page order: the part its link names
    (`part=`), else every one of the page."""
    named = any(key == "part" for key, _value in view.query)
    return [s for s in (view.presented if named else view.sections) if s.block is not None]


def chart_ids(view: view_links.OpenedView) -> list[str]:
    """The ids of the charts the view shows, in page order."""
    return [s.block.id for s in _charted(view)]


def _section_of(view: view_links.OpenedView, chart: str) -> tuple[Section, Block]:
    shown = _charted(view)
    if not shown:
        raise view_links.ViewError(f"the view of /{view.page} shows no chart")
    if not chart:
        return shown[0], shown[0].block
    for section in shown:
        if section.block.id == chart:
            return section, section.block
    raise view_links.ViewError(
        f"no chart {chart!r} in this view: it shows {', '.join(chart_ids(view))}"
    )


def view_file(
    database: db.ReadOnlyDatabase,
    link: str,
    fmt: str,
    *,
    chart: str = "",
    base: str = "",
    preset: str = export.DEFAULT_PRESET,
    today: str | None = None,
) -> ViewFile:
    """The `fmt` file of a chart of the view `link` opens (raises `view_links.ViewError` for a
    link naming no page with charts, a release not held, or a chart the view does not show)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    page, query = view_links.split_link(link)
    view = view_links.open_view(database, page, query)
    section, block = _section_of(view, chart)
    if block.table.empty:
        raise view_links.ViewError(f"the chart {block.id!r} has no rows in this view")
    ordinal = view_links.release_ordinal(database, view.release)[0]
    query_fn = view_links.query_function(database, ordinal)
    sources = query_fn("get_sources")
    spec = plain_spec(block.chart) if block.chart is not None else None
    title = block.title or (export.spec_title(spec) if spec else "") or block.key_point
    today = today or date.today().isoformat()
    url = view.link(base)
    prov = export.Provenance(
        lang=view.lang,
        title=block.title,
        unit=block.unit_text or "",
        sources=export.source_lines(block.source_text),
        vintage=data_vintage(sources),
        link=url,
        exported=today,
        summary=block.key_point,
        release=view.release,
    )
    release = view.release
    if fmt == "xlsx":
        cited = citations.ViewCitation(
            title=title, release_id=release, released=view.released, accessed=today, url=url
        )
        parts = export.WorkbookParts(
            sources=export.cited_sources(
                sources, query_fn("get_terms"), block.source_ids, view.lang
            ),
            notes=tuple(n for n in (section.notice, *section.captions) if n),
            title=title,
            citations={
                style: citations.view_citation(cited, style, view.lang)
                for style in citations.STYLES
            },
        )
        content = export.view_workbook(block.table, prov, parts)
        return ViewFile(export.file_name(block.id, fmt, release=release), content, block.id)
    if fmt == "docx":
        item = memo.MemoItem(memo.item_link(page, query.items()), block.id)
        found = memo.memo(database, [item], view.lang, base=base, today=today)
        return ViewFile(
            export.file_name(block.id, fmt, release=release), memo_docx.memo_docx(found), block.id
        )
    if fmt == "csv":
        content = export.csv_bytes(block.table, view.lang, "codes")
        return ViewFile(export.file_name(block.id, fmt, release=release), content, block.id)
    if spec is None:
        raise view_links.ViewError(f"the chart {block.id!r} draws nothing in this view")
    content = export.export_chart(titles.without_breaks(spec), prov, fmt, preset)
    return ViewFile(export.file_name(block.id, fmt, preset, release), content, block.id)
