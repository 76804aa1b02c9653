"""The clusters page as plain values: its filters, and its chart blocks per filter state (one tab
each, and the four parts of a cluster's profile).

Each block is computed once per the filters it depends on and the language, then shared by
every reader (`ui.data.block`): a room opening one shared link costs one computation, and
changing one filter recomputes only the block in view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

import pandas as pd

from gba_dash.charts import clusters as charts
from gba_dash.charts.request import request
from gba_dash.i18n import LANGS, t
from gba_dash.pagemodels.contract import Block, Section
from gba_dash.params import Filter, Param, choice_param, int_param, pick_filter, range_param
from gba_dash.shaping import clusters as shaping
from gba_dash.shaping.common import source_ids_of


def load(query: Callable[..., pd.DataFrame]) -> dict:
    """The query results every block starts from, and what the blocks look up in them, per
    language where it has names: once per database build (shared: never modified). What does
    not depend on the filter state is done here, so a filter change pays only for its rows."""
    ranks = query("get_cluster_ranks")
    coverage = query("get_coverage")
    count_obs = query("get_observations", (shaping.COUNT_INDICATOR,), None, None)
    geo, clusters = query("get_geo"), query("get_clusters")
    # one edition's rows are what a ranking reads: a filter change takes 20-100 rows, not 900
    ranks_by_edition = {int(e): rows for e, rows in ranks.groupby("edition")}
    changes = shaping.RankLookup.of(shaping.rank_changes(ranks))
    economy_name = {lang: shaping.economy_names(geo, lang) for lang in LANGS}
    publisher_of = shaping.publisher_map(query("get_sources"))
    metrics = query("get_cluster_metrics")
    clusters_names = {lang: shaping.cluster_names(clusters, lang) for lang in LANGS}
    ranked = shaping.cluster_options(ranks)
    return {
        "metrics": metrics,
        "metric_values": shaping.MetricValues.of(metrics),
        "leaders": query("get_cluster_leaders"),
        "profile_ids": [
            c for c in shaping.profile_options(ranks, metrics, ranked) if c in clusters_names["en"]
        ],
        "ranks": ranks,
        "ranks_by_edition": ranks_by_edition,
        "rankings": shaping.EditionRankings(
            ranks_by_edition, economy_name=economy_name, publisher_of=publisher_of, changes=changes
        ),
        "changes": changes,
        "cluster_rows": shaping.ClusterRows.of(ranks),
        "coverage": coverage,
        "editions": shaping.editions_held(coverage),
        "breaks": query("get_breaks", "clusters"),
        "count_obs": count_obs,
        "count_inputs": shaping.CountInputs.of(count_obs, ranks, coverage),
        "publisher_of": publisher_of,
        "cluster_ids": ranked,
        "economy_codes": shaping.economy_options(ranks),
        "economy_name": economy_name,
        "cluster_name": clusters_names,
    }


def options(tables: Mapping, lang: str) -> dict:
    """Editions, clusters and economies to choose from, with their names in `lang`."""
    return {
        "editions": tables["editions"],
        "cluster_ids": tables["cluster_ids"],
        "profile_ids": tables["profile_ids"],
        "economy_codes": tables["economy_codes"],
        "economy_name": tables["economy_name"][lang],
        "cluster_name": tables["cluster_name"][lang],
    }


def filters(opts: Mapping, lang: str) -> list[Filter]:
    """Edition, top N, economies, clusters and editions span, by stable codes in the URL (the
    cluster a profile shows is its tab's own: `profile_filter`)."""
    editions, economy_codes = opts["editions"], opts["economy_codes"]
    cluster_ids, economy_name, cluster_name = (
        opts["cluster_ids"],
        opts["economy_name"],
        opts["cluster_name"],
    )
    return [
        Filter(
            choice_param("edition", [str(e) for e in editions], str(editions[-1])),
            "selectbox",
            t("clusters.filter.edition", lang),
            options=editions[::-1],
            to_widget=int,
            to_param=str,
        ),
        Filter(
            int_param("top", shaping.TOP_MIN, shaping.TOP_MAX, shaping.TOP_DEFAULT),
            "slider",
            t("clusters.filter.top", lang),
            bounds=(shaping.TOP_MIN, shaping.TOP_MAX),
        ),
        pick_filter(
            "economies",
            economy_codes,
            t("clusters.filter.economies", lang),
            economy_name,
            t("ui.choose", lang),
            allow_empty=True,
        ),
        pick_filter(
            "clusters",
            cluster_ids,
            t("clusters.filter.clusters", lang),
            cluster_name,
            t("ui.choose", lang),
            default=shaping.default_clusters(cluster_ids),
            allow_empty=True,
        ),
        Filter(
            range_param("editions", editions[0], editions[-1], (editions[0], editions[-1])),
            "slider",
            t("clusters.filter.editions", lang),
            bounds=(editions[0], editions[-1]),
            shown=len(editions) > 1,
        ),
    ]


def profile_filter(opts: Mapping, lang: str) -> Filter:
    """The cluster a profile shows (`?cluster=`), drawn in the profile's tab."""
    ids, names = opts["profile_ids"], opts["cluster_name"]
    default = shaping.DEFAULT_PROFILE if shaping.DEFAULT_PROFILE in ids else (ids or [""])[0]
    return Filter(
        choice_param("cluster", ids or [""], default),
        "selectbox",
        t("clusters.filter.cluster", lang),
        options=ids,
        format_func=lambda c: names.get(c, c),
    )


def _in_span(tables: Mapping, span: tuple[int, int]) -> list[int]:
    return [e for e in tables["editions"] if span[0] <= e <= span[1]]


def lead(tables: Mapping, lang: str) -> str:
    """The page's lead line, naming the editions held (first–latest)."""
    editions = tables["editions"]
    return t("clusters.lead", lang, first=editions[0], last=editions[-1]) if editions else ""


def ranking_section(
    tables: Mapping, edition: int, top: int, economies: tuple[str, ...], lang: str
) -> Section:
    """Chart 1: one edition's ranking, the ranks it lacks named on the chart."""
    publisher_of = tables["publisher_of"]
    ranks = tables["ranks_by_edition"].get(edition, tables["ranks"].iloc[:0])
    ranking = tables["rankings"].ranking(edition, top, economies, lang)
    missing = shaping.missing_ranks_text(shaping.missing_ranks(ranks, edition, top), lang)
    return Section(
        hint=t("clusters.pick_hint", lang),
        block=Block(
            id="cluster-ranking",
            chart=request(charts.ranking_chart, ranking, edition, top, lang, missing)
            if not ranking.empty
            else None,
            table=shaping.ranking_table(ranking, edition, lang),
            source_ids=source_ids_of(ranking),
            key_point=shaping.ranking_summary(ranking, edition, top, lang),
            source_text=shaping.coverage_line(tables["coverage"], edition, len(ranking), top, lang)
            + "\n\n"
            + shaping.ranks_source_caption(ranking["source_ids"], publisher_of, lang),
            unit_text=t("field.rank", lang),
        ),
    )


def history_section(
    tables: Mapping,
    chosen: tuple[str, ...],
    span: tuple[int, int],
    lang: str,
    panels=False,
    block_id: str = "",
) -> Section:
    """Ranks over editions: chart 2 (one bump chart, gaps marked), or chart 4 with `panels`
    (the three national innovation centres side by side); `block_id` names the block where
    another tab shows it (a profile's history)."""
    publisher_of = tables["publisher_of"]
    history = shaping.rank_history(
        tables["ranks"],
        chosen,
        span,
        publisher_of=publisher_of,
        lang=lang,
        changes=tables["changes"],
        rows=tables["cluster_rows"],
    )
    rules = shaping.break_rules(tables["breaks"], span, lang)
    in_span = _in_span(tables, span)
    chart, gap_note = None, ""
    if panels and not history.empty:
        chart = request(charts.centres_chart, history, rules, in_span, lang)
    elif not history.empty:
        gaps = shaping.rank_gaps(
            tables["ranks"], tables["coverage"], chosen, in_span, lang, tables["cluster_rows"]
        )
        chart = request(charts.rank_history_chart, history, rules, in_span, lang, gaps)
        gap_note = "\n\n" + t("clusters.gap_note", lang) if not gaps.empty else ""
    summary = shaping.centres_summary if panels else shaping.history_summary
    return Section(
        block=Block(
            id=block_id or ("cluster-centres" if panels else "cluster-history"),
            chart=chart,
            table=shaping.history_table(history, lang),
            source_ids=source_ids_of(history),
            key_point=summary(history, lang),
            source_text=t("clusters.published_note", lang)
            + gap_note
            + "\n\n"
            + shaping.ranks_source_caption(history["source_ids"], publisher_of, lang),
            unit_text=t("field.rank", lang),
        )
    )


def counts_section(
    tables: Mapping, economies: tuple[str, ...], span: tuple[int, int], lang: str
) -> Section:
    """Chart 3: clusters per economy in the top 100 (stated counts preferred)."""
    codes = tables["economy_codes"]
    count_economies = economies or tuple(c for c in shaping.DEFAULT_COUNT_ECONOMIES if c in codes)
    counts = shaping.economy_counts(
        tables["count_obs"],
        tables["ranks"],
        tables["coverage"],
        count_economies,
        span,
        economy_name=tables["economy_name"][lang],
        lang=lang,
        inputs=tables["count_inputs"],
    )
    return Section(
        hint=t("clusters.counts_note", lang),
        block=Block(
            id="cluster-counts",
            chart=request(charts.economy_counts_chart, counts, lang) if not counts.empty else None,
            table=shaping.counts_table(counts, lang),
            source_ids=source_ids_of(counts),
            key_point=shaping.counts_summary(counts, lang),
            source_text=shaping.counts_caption(counts, lang),
            unit_text=t("unit.count", lang),
        ),
    )


def _profile_block(block_id: str, chart, frame: pd.DataFrame, table, key_point: str, title: str,
                   note: str, publisher_of: Mapping, unit: str, lang: str) -> Block:  # fmt: skip
    """A part's block: its chart only when something is held (never an empty chart)."""
    ids = [x for x in frame["source_ids"].tolist() if x]
    source = shaping.profile_source_caption(ids, publisher_of, lang)
    return Block(
        id=block_id,
        chart=chart if chart is not None and not frame.empty else None,
        table=table,
        source_ids=source_ids_of(frame),
        key_point=key_point,
        title=title,
        source_text=f"{note}\n\n{source}" if note else source,
        unit_text=unit,
    )


def profile_section(
    tables: Mapping,
    focus: str,
    chosen: tuple[str, ...],
    edition: int,
    span: tuple[int, int],
    part: str,
    lang: str,
) -> Section:
    """One part of a cluster's profile (`chart=profile&part=`): `metrics` (its three shares
    beside its peers, with the profile's key point), `intensity` (size against intensity),
    `leaders` (its published top fields, applicants and organisations) or `history` (its rank
    history with the method breaks). One part is computed at a time, as one tab is."""
    # no heading: the part's own tab names it, and its chart's title says the rest
    heading = ""
    if part == "history":
        history = history_section(tables, (focus,), span, lang, block_id="cluster-profile-history")
        return dataclasses.replace(history, heading=heading, part=part)
    names, publisher_of = tables["cluster_name"][lang], tables["publisher_of"]
    # the edition's preferred values and ranks, looked up once per build (`load`)
    metrics, name = tables["metric_values"], names.get(focus, focus)
    ranks = tables["ranks_by_edition"].get(edition, tables["ranks"].iloc[:0])
    if part == "leaders":
        leaders = shaping.leaders(tables["leaders"], edition, focus, publisher_of, lang)
        title = t("clusters.chart.profile_leaders", lang, name=name, edition=edition)
        block = _profile_block(
            "cluster-profile-leaders", request(charts.leaders_chart, leaders, title, lang),
            leaders, shaping.leaders_table(leaders, lang),
            shaping.leaders_summary(leaders, name, edition, lang), title, "", publisher_of,
            t("unit.percent", lang), lang,
        )  # fmt: skip
        return Section(heading=heading, part=part, block=block)
    if part == "intensity":
        intensity = shaping.size_intensity(
            metrics, ranks, edition, focus, names, publisher_of, lang
        )
        title = t("clusters.chart.profile_intensity", lang, edition=edition)
        block = _profile_block(
            "cluster-profile-intensity", request(charts.intensity_chart, intensity, title, lang),
            intensity, shaping.intensity_table(intensity, lang),
            shaping.intensity_summary(intensity, focus, name, edition, lang), title,
            t("clusters.profile.intensity_note", lang), publisher_of, t("field.rank", lang), lang,
        )  # fmt: skip
        return Section(heading=heading, part=part, block=block)
    shares = shaping.profile_shares(
        metrics, edition, focus, shaping.peers_of(focus, chosen), names, publisher_of, lang
    )
    title = t("clusters.chart.profile_shares", lang, name=name, edition=edition)
    held = shares[shares["share"].notna()]
    block = _profile_block(
        "cluster-profile", request(charts.shares_chart, shares, title, lang), held,
        shaping.shares_table(shares, lang),
        shaping.profile_summary(shares, ranks, metrics, edition, focus, name, lang),
        title, t("clusters.profile.shares_note", lang), publisher_of, t("unit.percent", lang),
        lang,
    )  # fmt: skip
    lines = (
        shaping.shares_coverage_line(metrics, edition, lang),
        shaping.per_million_line(metrics, edition, focus, name, lang),
        shaping.previous_method_line(metrics, edition, focus, name, publisher_of, lang),
    )
    return Section(
        heading=heading,
        part=part,
        hint=t("clusters.profile.peers_hint", lang),
        captions=tuple(line for line in lines if line),
        block=block,
    )


def profile_sections(
    tables: Mapping,
    focus: str,
    chosen: tuple[str, ...],
    edition: int,
    span: tuple[int, int],
    lang: str,
) -> tuple[Section, ...]:
    """Every part of a cluster's profile, in `PARTS` order (exports, tests)."""
    return tuple(profile_section(tables, focus, chosen, edition, span, p, lang) for p in PARTS)


#: A profile's parts, one at a time (`?part=`, a tab each; the first is the default).
PARTS = ("metrics", "intensity", "leaders", "history")
PART = choice_param("part", PARTS, PARTS[0])


#: The chart tab a view opens (`?chart=`): one section at a time.
CHART = choice_param("chart", shaping.CHART_TABS, shaping.CHART_TABS[0])


#: Every URL key a view of this page may read (docs/urls.md).
URL_KEYS = ("edition", "top", "economies", "clusters", "editions", "cluster", "chart", "part")


def view_params(tables: Mapping, query: Mapping[str, str], lang: str) -> list[Param]:
    """The URL keys a view reads for `query`: the filters, then the chart tab and the part of
    a profile."""
    del query  # every key is read whatever the others say
    opts = options(tables, lang)
    declared = [*filters(opts, lang), profile_filter(opts, lang)]
    return [flt.param for flt in declared] + [CHART, PART]


def view_state(tables: Mapping, query: Mapping[str, str], lang: str) -> dict:
    """A view's filter state from its URL keys, as the page reads them (a bad value is the
    default): edition, top, economies, clusters, editions, cluster, chart, part."""
    return {p.key: p.read(query.get(p.key))[0] for p in view_params(tables, query, lang)}


def view_sections(tables: Mapping, state: Mapping, lang: str) -> tuple[Section, ...]:
    """The section a view shows: the one of its chart tab (of a profile, the part open)."""
    span, chosen, economies = state["editions"], state["clusters"], state["economies"]
    chart = state["chart"]
    if chart == "ranking":
        edition, top = int(state["edition"]), int(state["top"])
        return (ranking_section(tables, edition, top, economies, lang),)
    if chart == "history":
        return (history_section(tables, chosen, span, lang),)
    if chart == "counts":
        return (counts_section(tables, economies, span, lang),)
    if chart == "profile":
        edition, part = int(state["edition"]), state["part"]
        return (profile_section(tables, state["cluster"], chosen, edition, span, part, lang),)
    return (history_section(tables, shaping.NATIONAL_CENTRES, span, lang, True),)
