"""Rules across rows and tables: keys, foreign keys, and what one table says about another.

Each rule reports every failure as a `Problem` (file, line, column, rule, value); `ingest`
runs them on the tables it could read.
"""

from __future__ import annotations

import pandas as pd

from gba_dash import schema
from gba_dash.problems import LINE_COLUMN, Problem


def check_keys(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Primary keys, unique constraints and every foreign key, across all tables."""
    problems: list[Problem] = []
    for table in schema.TABLES:
        frame = tables[table.name]
        for cols in (table.key, *table.extra_unique):
            rule = "primary-key" if cols == table.key else "unique"
            sub = frame.dropna(subset=list(cols))
            dup = sub[sub.duplicated(subset=list(cols), keep="first")]
            for _, row in dup.iterrows():
                value = ", ".join(f"{c}={row[c]}" for c in cols)
                problems.append(
                    Problem(table.file, int(row[LINE_COLUMN]), "+".join(cols), rule, value)
                )
        for col in table.columns:
            if col.ref is None:
                continue
            ref_table, ref_col = col.ref
            valid = set(tables[ref_table][ref_col].dropna())
            for line, cell in zip(frame[LINE_COLUMN], frame[col.name], strict=True):
                if cell is None or pd.isna(cell):
                    continue
                items = str(cell).split(schema.LIST_SEP) if col.is_list else [str(cell)]
                for item in items:
                    if item not in valid:
                        problems.append(
                            Problem(table.file, int(line), col.name, "foreign-key", item)
                        )
    return problems


def check_semantics(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Rules that span rows or tables beyond keys: dates, statuses, headline links."""
    problems: list[Problem] = []
    pilots = tables["pilots"].set_index("pilot_id", drop=False)
    events = tables["pilot_events"]
    announced = pilots["announced"].dropna().to_dict()
    for _, ev in events.iterrows():
        start = announced.get(ev["pilot_id"])
        if (
            start is not None
            and not pd.isna(ev["date"])
            and str(ev["date"]) < str(start)[: len(str(ev["date"]))]
        ):
            problems.append(
                Problem(
                    "pilot_events.csv",
                    int(ev[LINE_COLUMN]),
                    "date",
                    "milestone-before-announced",
                    f"{ev['date']} < {start}",
                )
            )
    reached = events.dropna(subset=["status_after"]).groupby("pilot_id")["status_after"].agg(set)
    for _, pilot in pilots.iterrows():
        status = pilot["status"]
        if pd.isna(status):
            continue
        if status not in reached.get(pilot["pilot_id"], set()):
            problems.append(
                Problem(
                    "pilots.csv", int(pilot[LINE_COLUMN]), "status", "status-unjustified", status
                )
            )
    obs_keys = set(
        tables["observations"][["indicator_id", "geo_id", "year", "source_id"]]
        .dropna()
        .itertuples(index=False, name=None)
    )
    heads = tables["headlines"]
    for _, head in heads.iterrows():
        key = (head["indicator_id"], head["geo_id"], head["year"], head["source_id"])
        if any(pd.isna(k) for k in key):
            continue
        if key not in obs_keys:
            problems.append(
                Problem(
                    "headlines.csv",
                    int(head[LINE_COLUMN]),
                    "indicator_id+geo_id+year+source_id",
                    "headline-unresolved",
                    "/".join(str(k) for k in key),
                )
            )
    return problems + _check_cluster_names(tables)


def _check_cluster_names(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """An alias names one cluster; a conflicting rank contradicts a held one."""
    from gba_dash import cluster_names

    problems: list[Problem] = []
    clusters, aliases = tables["clusters"], tables["cluster_aliases"]
    index = cluster_names.build_index(clusters, tables["cluster_ranks"])
    for _, row in aliases.iterrows():
        if pd.isna(row["alias"]) or pd.isna(row["cluster_id"]):
            continue
        held = index.match(str(row["alias"]))
        if held is not None and held != row["cluster_id"]:
            problems.append(
                Problem(
                    "cluster_aliases.csv",
                    int(row[LINE_COLUMN]),
                    "alias",
                    "alias-ambiguous",
                    f"{row['alias']} names {held} and {row['cluster_id']}",
                )
            )
    ranks = tables["cluster_ranks"].dropna(subset=["edition", "cluster_id", "rank"])
    rank_of = {
        (int(e), c): int(r)
        for e, c, r in zip(ranks["edition"], ranks["cluster_id"], ranks["rank"], strict=True)
    }
    held_ranks = {(e, r) for (e, _c), r in rank_of.items()}
    conflicts = tables["cluster_rank_conflicts"].dropna(subset=["edition", "cluster_id", "rank"])
    for _, row in conflicts.iterrows():
        edition, rank = int(row["edition"]), int(row["rank"])
        held = rank_of.get((edition, row["cluster_id"]))
        where = ("cluster_rank_conflicts.csv", int(row[LINE_COLUMN]), "rank")
        if held == rank:
            problems.append(Problem(*where, "conflict-agrees", f"{edition} {row['cluster_id']}"))
        elif held is None and (edition, rank) not in held_ranks:
            problems.append(Problem(*where, "conflict-unheld", f"{edition} {row['cluster_id']}"))
    return problems
