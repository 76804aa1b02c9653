"""A synthetic next year of data, as a steward would add it: a complete GII table of the edition
after the latest (imported with `gba-dash import ranking --add-clusters --apply`) and one more
year of an indicator (a row of observations.csv). Made-up values, for tests only: the real data
are never touched."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from gba_dash import cli, ingest

#: The indicator and place the next year is added for (a series every page model reads).
INDICATOR, PLACE = "hightech_enterprises", "guangdong"
SOURCE_PREFIX = "synthetic_bulletin_"


def latest_edition(data: Path) -> int:
    ranks = ingest.load_tables(data, ["cluster_ranks"]).tables["cluster_ranks"]
    return int(ranks["edition"].max())


def latest_year(data: Path) -> int:
    obs = ingest.load_tables(data, ["observations"]).tables["observations"]
    held = obs[(obs["indicator_id"] == INDICATOR) & (obs["geo_id"] == PLACE)]
    return int(held["year"].max())


def edition_table(data: Path, edition: int) -> list[list[object]]:
    """A full top 100 of `edition`: the latest edition's held clusters in their order (the GBA
    cluster first), then made-up clusters with dissimilar names for the ranks not held."""
    tables = ingest.load_tables(data, ["cluster_ranks", "clusters"]).tables
    ranks, clusters = tables["cluster_ranks"], tables["clusters"]
    latest = ranks[ranks["edition"] == ranks["edition"].max()].sort_values("rank")
    names = dict(zip(clusters["cluster_id"], clusters["name_en"], strict=True))
    economies = dict(zip(clusters["cluster_id"], clusters["economies"], strict=True))
    rows: list[list[object]] = [["Rank", "Cluster name", "Economy", "PCT filings"]]
    for rank, cluster_id in enumerate(latest["cluster_id"], start=1):
        codes = economies[cluster_id]
        codes = codes.split(";") if isinstance(codes, str) else list(codes)
        rows.append([rank, names[cluster_id], "/".join(codes), 1000 - rank])
    letters = "bcdfghjklmnpqrstvwxz"
    for rank in range(len(rows), 101):
        made_up = "Q" + "".join(letters[(rank * k) % len(letters)] for k in (3, 7, 11, 13, 17))
        rows.append([rank, f"{made_up} {rank}", "PL", 1000 - rank])
    return rows


def add_next_year(data: Path) -> tuple[int, int]:
    """Import the next edition and add the indicator's next year into the data folder `data`;
    returns (edition, year) added."""
    edition, year = latest_edition(data) + 1, latest_year(data) + 1
    table = data.parent / f"gii{edition}.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(edition_table(data, edition))
    code = cli.main(
        [
            "import",
            "ranking",
            str(table),
            "--edition",
            str(edition),
            "--data",
            str(data),
            "--add-clusters",
            "--apply",
            "--source-id",
            f"gii{edition}_synthetic",
            "--published",
            f"{edition}-09-16",
        ]
    )
    assert code == 0, "the synthetic edition did not import"
    _append(
        data / "sources.csv",
        {
            "source_id": f"{SOURCE_PREFIX}{year}",
            "kind": "official",
            "publisher": "Synthetic statistics bureau",
            "title": f"Statistical bulletin {year}",
            "url": "https://stats.example.org/bulletin",
            "published": f"{year + 1}-03-01",
            "accessed": f"{year + 1}-03-02",
            "language": "en",
        },
    )
    _append(
        data / "observations.csv",
        {
            "indicator_id": INDICATOR,
            "geo_id": PLACE,
            "year": str(year),
            "value": "81000",
            "qualifier": "exact",
            "source_id": f"{SOURCE_PREFIX}{year}",
            "confidence": "high",
        },
    )
    return edition, year


def _append(path: Path, row: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerow([row.get(col, "") for col in header])
    path.write_text(text + ("" if text.endswith("\n") else "\n") + out.getvalue(), "utf-8")
