"""The page-model contract: the values every page model returns and `ui.components` draws.

A page is its filters and a sequence of **sections**. A section is a heading, an optional notice
and lead line, one kind of content — a chart **block**, headline **cards**, a **board** of
pilot cards, or rows of counts (**metrics**) — then captions and a listed table. A block is one
chart with its data table, its key point (the one-sentence summary), its source line and the
sources it cites. Every text meant for Markdown is Markdown already (`safe_text.md_escape`
escaped its data); a block's `chart` is a `charts.request.ChartRequest` (the builder and its
arguments) that `ui.data.block` serves.

Plain frozen values: no Streamlit, nothing read or computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gba_dash.charts.request import ChartRequest


@dataclass(frozen=True)
class Block:
    """One chart and what goes with it.

    `id` names the chart (exports, its widgets' keys, the browser tests); `title` names it in
    exports and citations ("" → the chart's own title); `unit_text` is the unit in words.
    `chart` is None when there is nothing to draw (never an empty chart). `key_point` is the
    chart's one-sentence summary, made from the data (plain text, never Markdown): shown under
    the chart, its alt text, and said in its exports, citations and slides.
    """

    id: str
    chart: ChartRequest | object | None
    table: pd.DataFrame
    key_point: str
    source_text: str
    source_ids: tuple[str, ...] = ()
    title: str = ""
    unit_text: str | None = None


@dataclass(frozen=True)
class Listed:
    """A table listed under a section's content, with its bold label."""

    label: str
    table: pd.DataFrame


@dataclass(frozen=True)
class Card:
    """A headline figure: its label and value, caption lines (year, citation), the page that
    shows it in context, its id (`?figures=`), and what "Cite a figure" names."""

    id: str
    label: str
    value: str
    lines: tuple[str, ...]
    page: str
    cite_title: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class PilotCard:
    """One pilot of the status board: its label, badge (and colour), field lines and source
    links (publisher, address, widget key)."""

    label: str
    expanded: bool
    badge: str
    chip: str
    lines: tuple[str, ...]
    links: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Board:
    """A board of cards with its table (drawn lazily) and what the reader is told about it."""

    cards: tuple[PilotCard, ...]
    table: pd.DataFrame
    table_key: str
    table_label: str
    empty_text: str | None = None
    hidden_text: str | None = None


@dataclass(frozen=True)
class MetricRow:
    """A bold heading over one figure per (name, formatted value), side by side."""

    heading: str
    figures: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    """One part of a page, drawn in this order: heading, notice, lead, hint, content,
    captions, listed table. `part` is its `?part=` code when presented ("" when it cannot be
    presented alone)."""

    heading: str = ""
    part: str = ""
    notice: str | None = None
    lead: str | None = None
    #: How to use the section's controls: shown only outside presentation mode.
    hint: str | None = None
    block: Block | None = None
    cards: tuple[Card, ...] = ()
    board: Board | None = None
    metrics: tuple[MetricRow, ...] = ()
    captions: tuple[str, ...] = ()
    listed: Listed | None = None
