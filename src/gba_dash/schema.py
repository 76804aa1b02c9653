"""The data contract: every table in `data/`, its columns, their rules and the keys between tables.

This is the one place the contract lives. `ingest` applies it, `db` turns it into DuckDB types,
and `data/README.md` documents it for people (a test keeps the two in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["id", "code", "text", "url", "int", "float", "bool", "date", "enum"]

QUALIFIERS = ("exact", "approx", "lower_bound", "estimate", "target", "target_lower_bound")
#: Qualifiers of a value as it was (stated or about): drawn as filled marks; bounds, estimates
#: and targets hollow.
FILLED_QUALIFIERS = ("exact", "approx")
CONFIDENCES = ("high", "medium")
STATUSES = ("announced", "piloting", "operational", "scaling")
DOMAINS = ("finance", "health", "research", "infrastructure", "general")
SOURCE_KINDS = ("official", "news", "article", "repost", "reference", "secondary")
#: Which release of a figure a value is: a first release (e.g. a work report's figure for the year
#: just ended), the final bulletin figure, or a later revision. Empty when there is only one.
RELEASES = ("first", "final", "revised")
LANGUAGES = ("zh-Hans", "zh-Hant", "en", "pt", "ja", "ko", "other")
GEO_KINDS = ("city", "province", "country", "economy", "region", "district", "cluster_area")
ADMINS = ("GD", "HK", "MO", "CN", "GBA", "INTL")
TOPICS = (
    *("enterprises", "rd", "trade", "labs", "facilities", "clusters", "transfer", "pilots"),
    "economy",
)
UNITS = (
    *("count", "enterprises", "percent", "percent_of_gdp", "rank", "hours", "accounts"),
    *("projects", "firms", "organisations", "scenarios", "facilities", "labs"),
    *("cny_100m", "usd_100m", "hkd_million", "cny_10k"),  # money
)
#: What a cluster's profile measures: shares of the world's totals (percent), counts, counts per
#: million residents (intensity), the rank by intensity and (GII 2025) the rank under the previous
#: two-metric method, as WIPO publishes them per edition.
CLUSTER_METRICS = (
    *("pct_share", "publications_share", "vc_share"),  # % of the world's total
    *("pct_filings", "publications", "vc_deals"),  # counts over the edition's window
    *("pct_per_million", "publications_per_million", "vc_per_million"),  # intensity
    *("intensity_rank", "rank_previous_method"),
)
#: What a cluster's published leaders are: its top patent fields, top fields of science, top
#: patent applicants and top science organisations.
LEADER_KINDS = ("patent_field", "publication_field", "applicant", "science_org")
TERM_KINDS = ("status", "domain", "qualifier", "source_kind", "confidence", "topic")
#: The dashboard's pages, in the order of its navigation (`ui.shell` registers them; a deck's
#: views and a headline figure name them).
PAGES = ("overview", "clusters", "hightech", "pilots", "sources")
#: The pages a headline figure may link to: every page but the overview, where the figures are.
LINKED_PAGES = PAGES[1:]

#: Order of preference among several sources of one value (first is best): the rule itself is
#: the SQL of `public_views` (`v_observations.is_preferred`), documented in data/README.md.
SOURCE_KIND_RANK = {kind: i for i, kind in enumerate(SOURCE_KINDS)}
RELEASE_RANK = {"revised": 0, "final": 1, "first": 3}  # an unmarked single release ranks 2
QUALIFIER_RANK = {
    "exact": 0,
    "approx": 1,
    "lower_bound": 1,
    "estimate": 2,
    "target": 3,
    "target_lower_bound": 3,
}

YEAR_MIN, YEAR_MAX = 1990, 2100
#: The longest text cell (the longest held is 437 characters; a title of 10,000 took the chart
#: renderer 12 s to lay out).
MAX_TEXT_LENGTH = 1000


#: How a list column's items are written in one cell of data/ (and of a table's CSV download).
LIST_SEP = ";"


@dataclass(frozen=True)
class Column:
    """One column of a CSV table and the rules its cells obey."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    #: (table, column) this column references; with `is_list`, every item must resolve.
    ref: tuple[str, str] | None = None
    is_list: bool = False
    #: A note may run over lines: its cells may hold newlines and tabs (no other control
    #: character, in any column: see `safe_text.unsafe_characters`).
    multiline: bool = False


@dataclass(frozen=True)
class Table:
    """One CSV file in `data/` and one DuckDB table."""

    name: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    extra_unique: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _names(prefix: str, *, required: bool = True, multiline: bool = False) -> tuple[Column, ...]:
    return tuple(
        Column(f"{prefix}_{lang}", "text", required=required, multiline=multiline)
        for lang in ("zh_hans", "zh_hant", "en")
    )


def _year(name: str = "year", *, required: bool = True) -> Column:
    return Column(name, "int", required=required, min=YEAR_MIN, max=YEAR_MAX)


SOURCES = Table(
    "sources",
    "one row per cited document",
    (
        Column("source_id", "id", required=True),
        Column("kind", "enum", required=True, choices=SOURCE_KINDS),
        Column("publisher", "text", required=True),
        Column("title", "text", required=True),
        Column("url", "url"),
        Column("retrieved_from", "text"),
        Column("published", "date"),
        Column("accessed", "date"),
        Column("language", "enum", required=True, choices=LANGUAGES),
        Column("note", "text", multiline=True),
    ),
    key=("source_id",),
)

GEO = Table(
    "geo",
    "one row per place (city, province, economy, region, cluster area)",
    (
        Column("geo_id", "code", required=True),
        Column("kind", "enum", required=True, choices=GEO_KINDS),
        Column("admin", "enum", required=True, choices=ADMINS),
        Column("parent_id", "code", ref=("geo", "geo_id")),
        *_names("name"),
        Column("lat", "float", min=-90, max=90),
        Column("lon", "float", min=-180, max=180),
        Column("adcode", "int", min=100000, max=999999),
    ),
    key=("geo_id",),
)

INDICATORS = Table(
    "indicators",
    "one row per indicator",
    (
        Column("indicator_id", "id", required=True),
        Column("topic", "enum", required=True, choices=TOPICS),
        *_names("name"),
        Column("unit", "enum", required=True, choices=UNITS),
        Column("decimals", "int", min=0, max=6),
        *_names("definition", required=False),
    ),
    key=("indicator_id",),
)

OBSERVATIONS = Table(
    "observations",
    "one row per indicator × geo × year × source",
    (
        Column("indicator_id", "id", required=True, ref=("indicators", "indicator_id")),
        Column("geo_id", "code", required=True, ref=("geo", "geo_id")),
        _year(),
        Column("value", "float", required=True),
        Column("qualifier", "enum", required=True, choices=QUALIFIERS),
        Column("source_id", "id", required=True, ref=("sources", "source_id")),
        Column("confidence", "enum", required=True, choices=CONFIDENCES),
        Column("locator", "text"),
        Column("note", "text", multiline=True),
        Column("release", "enum", choices=RELEASES),
    ),
    key=("indicator_id", "geo_id", "year", "source_id"),
)

CLUSTERS = Table(
    "clusters",
    "one row per WIPO cluster identity (stable across renames)",
    (
        Column("cluster_id", "id", required=True),
        *_names("name"),
        Column("economies", "code", required=True, ref=("geo", "geo_id"), is_list=True),
        Column("is_gba", "bool", required=True),
    ),
    key=("cluster_id",),
)

#: Which cluster held which rank in which edition, under which name: a held rank and a
#: contradicting one are told the same way.
_RANK_CELLS = (
    Column("edition", "int", required=True, min=2007, max=YEAR_MAX),
    Column("cluster_id", "id", required=True, ref=("clusters", "cluster_id")),
    Column("rank", "int", required=True, min=1, max=100),
    Column("name_published", "text", required=True),
)
_CITATION_CELLS = (
    Column("source_ids", "id", required=True, ref=("sources", "source_id"), is_list=True),
    Column("confidence", "enum", required=True, choices=CONFIDENCES),
    Column("note", "text", multiline=True),
)

CLUSTER_RANKS = Table(
    "cluster_ranks",
    "one row per edition × cluster (rank as first published)",
    (
        *_RANK_CELLS,
        Column("pct_filings", "float", min=0),
        Column("publications", "float", min=0),
        Column("vc_deals", "float", min=0),
        *_CITATION_CELLS,
        Column("pct_share", "float", min=0, max=100),
        Column("publications_share", "float", min=0, max=100),
        Column("vc_share", "float", min=0, max=100),
    ),
    key=("edition", "cluster_id"),
    extra_unique=(("edition", "rank"),),
)

#: Who says a profile's value: one source per row (the same value from two is two rows).
_VALUE_SOURCE = (
    Column("source_id", "id", required=True, ref=("sources", "source_id")),
    Column("confidence", "enum", required=True, choices=CONFIDENCES),
    Column("note", "text", multiline=True),
)

CLUSTER_METRIC_VALUES = Table(
    "cluster_metrics",
    "one row per edition × cluster × metric × source (a value reported apart from the ranking)",
    (
        *_RANK_CELLS[:2],
        Column("metric", "enum", required=True, choices=CLUSTER_METRICS),
        Column("value", "float", required=True, min=0),
        Column("qualifier", "enum", required=True, choices=QUALIFIERS),
        *_VALUE_SOURCE,
    ),
    key=("edition", "cluster_id", "metric", "source_id"),
)

CLUSTER_LEADERS = Table(
    "cluster_leaders",
    "one row per edition × cluster × kind × position × source (a published leader)",
    (
        *_RANK_CELLS[:2],
        Column("kind", "enum", required=True, choices=LEADER_KINDS),
        Column("position", "int", required=True, min=1, max=100),
        *_names("name"),
        Column("share", "float", min=0, max=100),
        Column("qualifier", "enum", choices=QUALIFIERS),
        *_VALUE_SOURCE,
    ),
    key=("edition", "cluster_id", "kind", "position", "source_id"),
)

CLUSTER_ALIASES = Table(
    "cluster_aliases",
    "one row per other name of a cluster (a rename, another script, another spelling)",
    (
        Column("alias", "text", required=True),
        Column("cluster_id", "id", required=True, ref=("clusters", "cluster_id")),
        Column("note", "text", multiline=True),
    ),
    key=("alias",),
)

CLUSTER_RANK_CONFLICTS = Table(
    "cluster_rank_conflicts",
    "one row per rank a source gives that contradicts the rank held in cluster_ranks",
    (
        *_RANK_CELLS,
        *_CITATION_CELLS,
    ),
    key=("edition", "cluster_id", "rank"),
)

BREAKS = Table(
    "breaks",
    "one row per methodology break (a change in what a series measures)",
    (
        Column("break_id", "id", required=True),
        Column("topic", "enum", required=True, choices=TOPICS),
        _year(),
        *_names("label"),
        Column("note_en", "text", multiline=True),
        Column("source_id", "id", ref=("sources", "source_id")),
    ),
    key=("break_id",),
)

PILOTS = Table(
    "pilots",
    "one row per cross-border data pilot or mechanism",
    (
        Column("pilot_id", "id", required=True),
        *_names("name"),
        Column("domain", "enum", required=True, choices=DOMAINS),
        Column("cities", "code", required=True, ref=("geo", "geo_id"), is_list=True),
        *_names("lead_bodies", required=False),
        Column("announced", "date"),
        Column("launched", "date"),
        Column("status", "enum", required=True, choices=STATUSES),
        *_names("target", required=False),
        Column("target_value", "float"),
        Column("target_qualifier", "enum", choices=QUALIFIERS),
        Column("target_unit", "enum", choices=UNITS),
        Column("target_date", "date"),
        *_names("progress", required=False),
        Column("progress_value", "float"),
        Column("progress_qualifier", "enum", choices=QUALIFIERS),
        Column("progress_unit", "enum", choices=UNITS),
        Column("progress_date", "date"),
        Column("source_ids", "id", required=True, ref=("sources", "source_id"), is_list=True),
        Column("confidence", "enum", required=True, choices=CONFIDENCES),
    ),
    key=("pilot_id",),
)

PILOT_EVENTS = Table(
    "pilot_events",
    "one row per dated milestone of a pilot",
    (
        Column("pilot_id", "id", required=True, ref=("pilots", "pilot_id")),
        Column("date", "date", required=True),
        Column("status_after", "enum", choices=STATUSES),
        *_names("text"),
        Column("source_ids", "id", required=True, ref=("sources", "source_id"), is_list=True),
        Column("confidence", "enum", required=True, choices=CONFIDENCES),
        *_names("note", required=False, multiline=True),
    ),
    key=("pilot_id", "date", "text_en"),
)

TERMS = Table(
    "terms",
    "one row per coded value (status, domain, qualifier …) with its names",
    (
        Column("term_kind", "enum", required=True, choices=TERM_KINDS),
        Column("code", "id", required=True),
        Column("sort_order", "int", required=True, min=0, max=1000),
        *_names("name"),
    ),
    key=("term_kind", "code"),
)

HEADLINES = Table(
    "headlines",
    "one row per headline figure of the source article (an overview KPI card)",
    (
        Column("headline_id", "id", required=True),
        Column("sort_order", "int", required=True, min=0, max=1000),
        Column("indicator_id", "id", required=True, ref=("indicators", "indicator_id")),
        Column("geo_id", "code", required=True, ref=("geo", "geo_id")),
        _year(),
        Column("source_id", "id", required=True, ref=("sources", "source_id")),
        Column("locator", "text"),
        Column("page", "enum", required=True, choices=LINKED_PAGES),
    ),
    key=("headline_id",),
)

#: In load order: a table only references tables before it.
TABLES: tuple[Table, ...] = (
    SOURCES,
    GEO,
    INDICATORS,
    TERMS,
    OBSERVATIONS,
    CLUSTERS,
    CLUSTER_RANKS,
    CLUSTER_ALIASES,
    CLUSTER_RANK_CONFLICTS,
    CLUSTER_METRIC_VALUES,
    CLUSTER_LEADERS,
    BREAKS,
    PILOTS,
    PILOT_EVENTS,
    HEADLINES,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
