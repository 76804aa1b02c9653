"""The project's own data/: it validates, and the key figures survive the round trip to DuckDB."""

from __future__ import annotations

import re
from pathlib import Path

from gba_dash import db, db_build, ingest, queries, schema
from gba_dash.problems import RULES
from tests.conftest import REAL_DATA


def test_real_data_validates() -> None:
    result = ingest.load_tables(REAL_DATA)
    assert result.problems == [], "\n".join(map(str, result.problems))


def _ranks_of(ranks, cluster_id: str, last: int) -> dict[int, int]:
    """A cluster's held ranks up to edition `last` (facts of those editions, whatever comes)."""
    rows = ranks[(ranks["cluster_id"] == cluster_id) & (ranks["edition"] <= last)]
    return dict(rows[["edition", "rank"]].values.tolist())


def test_cluster_ranks_round_trip(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    ranks = queries.get_cluster_ranks(con)
    assert _ranks_of(ranks, "szhkgz", 2025) == {**dict.fromkeys(range(2017, 2025), 2), 2025: 1}
    assert _ranks_of(ranks, "macao_zhuhai", 2025) == {2024: 100, 2025: 98}
    published = ranks[ranks["cluster_id"] == "szhkgz"].set_index("edition")["name_published"]
    assert "Guangzhou" not in published[2019]
    assert "Guangzhou" in published[2020]
    con.close()


def test_guangdong_enterprises_2024(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    obs = queries.get_observations(con, ["hightech_enterprises"], ["guangdong"], (2024, 2024))
    assert set(obs["value"]) == {77000}
    preferred = obs[obs["is_preferred"]].iloc[0]
    assert preferred["qualifier"] == "approx"
    # the article's "over 77,000" stays as its own source row with its reference number
    article = obs[obs["source_id"] == "art_20260104"].iloc[0]
    assert (article["qualifier"], article["locator"]) == ("lower_bound", "[14]")
    share = queries.get_observations(con, ["hightech_enterprises_share_of_china"], ["guangdong"])
    assert 15.4 in set(share["value"])
    con.close()


#: Ranks held per edition when the reference notes were last compared (December 2026): more may
#: be found, none may silently go.
COVERAGE_AT_LEAST = {
    2017: 15,
    2018: 16,
    2019: 15,
    2020: 20,
    2021: 14,
    2022: 31,
    2023: 46,
    2024: 33,
    2025: 43,
}


def test_coverage_counts_the_ranks_held(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    held = dict(queries.get_coverage(con)[["edition", "ranks_held"]].values.tolist())
    ranks = queries.get_cluster_ranks(con)
    con.close()
    assert held == {int(e): len(rows) for e, rows in ranks.groupby("edition")}
    for edition, at_least in COVERAGE_AT_LEAST.items():
        assert held[edition] >= at_least, edition


def test_every_headline_cites_the_article_with_a_reference_number(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    heads = queries.get_headlines(con)
    assert len(heads) >= 15
    assert heads["source_id"].str.startswith("art_").all()
    assert heads["locator"].str.fullmatch(r"(\[\d+\])+").all()
    con.close()


def test_real_build_is_fast_enough_to_guard(tmp_path: Path) -> None:
    # The 2 s target is measured by bench/; this only guards against a tenfold regression.
    result = db_build.build_database(REAL_DATA, tmp_path / "gba.duckdb")
    assert result.ok
    assert result.seconds < 20


def test_data_dictionary_documents_every_table_and_column() -> None:
    text = (REAL_DATA / "README.md").read_text(encoding="utf-8")
    for table in schema.TABLES:
        assert f"### {table.file}" in text, table.file
        section = text.split(f"### {table.file}", 1)[1].split("\n### ", 1)[0]
        first_cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("|")]
        for col in table.column_names:
            assert any(re.search(rf"\b{re.escape(col)}\b", c) for c in first_cells), (
                f"{table.file}: {col}"
            )
    for rule in set(RULES) - {"build-error"}:
        assert f"`{rule}`" in text, rule
    for view in db.PUBLIC_VIEWS:
        assert f"`{view}`" in text, view


# --- the new rows against what their sources say ---------------------------------------------

#: The reference notes' third pass over the GII ranks (a copy kept with the tests).
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"


def _csv(path: Path) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def _source_of_url(sources: list[dict[str, str]]) -> dict[str, str]:
    out = {}
    for row in sources:
        for url in (row["url"], row["retrieved_from"]):
            if url:
                out[url.rstrip("/")] = row["source_id"]
    return out


def test_third_pass_ranks_are_held_with_their_sources() -> None:
    """Every rank of the reference's third pass (new or confirming) is held at that rank and
    cites the address where it was read; none is held at another rank."""
    pass3 = REFERENCE / "wipo_clusters_pass3.csv"
    ranks = _csv(REAL_DATA / "cluster_ranks.csv")
    by_source = _source_of_url(_csv(REAL_DATA / "sources.csv"))
    held = {(r["edition"], r["rank"]): r for r in ranks}
    checked = 0
    for row in _csv(pass3):
        sid = by_source.get(row["source_url"].rstrip("/"))
        assert sid, f"no source row for {row['source_url']}"
        hit = held.get((row["edition"], row["rank"]))
        assert hit is not None, f"{row['edition']} rank {row['rank']} ({row['cluster_en']})"
        assert sid in hit["source_ids"].split(";"), (row, hit["source_ids"])
        checked += 1
    assert checked == 49


def test_ranks_read_in_stored_copies_match_their_quotes() -> None:
    """A rank first read in a stored copy (its source "read in a stored copy (2026-12)") carries the
    source's words in its note, and those words state that rank."""
    words = {"10": ("zehn", "tenth")}  # "Platz zehn": the German source spells it out
    fresh = {
        r["source_id"]
        for r in _csv(REAL_DATA / "sources.csv")
        if "Read in a stored copy (2026-12)" in r["note"]
    }
    assert len(fresh) >= 15
    checked = 0
    for row in _csv(REAL_DATA / "cluster_ranks.csv"):
        ids = row["source_ids"].split(";")
        if ids[0] not in fresh:  # confirmations of older rows keep the older row's note
            continue
        note = row["note"]
        assert re.search(rf"(?<!\d){row['rank']}(?!\d)", note) or any(
            w in note for w in words.get(row["rank"], ())
        ), (row["edition"], row["cluster_id"], note)
        checked += 1
    assert checked >= 20


def test_a_contradicting_rank_is_kept_beside_the_held_one(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    ranks = queries.get_cluster_ranks(con)
    con.close()
    tehran = ranks[(ranks["cluster_id"] == "tehran") & (ranks["edition"] == 2018)].iloc[0]
    assert (tehran["rank"], tehran["conflicting_ranks"]) == (44, "43")


def test_access_dates_are_recorded_or_empty_never_a_placeholder() -> None:
    accessed = {r["accessed"] for r in _csv(REAL_DATA / "sources.csv")}
    assert "2026-11-01" not in accessed


def test_values_read_in_stored_copies_match_their_quotes() -> None:
    """A value first read in a stored copy keeps the source's words in its note, and they state it
    (compared by significant digits: 30138 HK$ million is printed 301.38億港元, 17000 as 1.7万)."""
    fresh = {
        r["source_id"]
        for r in _csv(REAL_DATA / "sources.csv")
        if "Read in a stored copy (2026-12)" in r["note"]
    }

    def digits(text: str) -> str:
        return re.sub(r"[.,]", "", text)

    checked = 0
    for row in _csv(REAL_DATA / "observations.csv"):
        if row["source_id"] not in fresh:
            continue
        significant = digits(row["value"]).rstrip("0") or "0"
        assert significant in digits(row["note"]), (row["indicator_id"], row["geo_id"], row)
        checked += 1
    assert checked >= 10


def _preferred_metrics(con, edition: int, cluster_id: str) -> dict[str, float]:
    metrics = queries.get_cluster_metrics(con)
    rows = metrics[
        (metrics["edition"] == edition)
        & (metrics["cluster_id"] == cluster_id)
        & metrics["is_preferred"]
    ]
    return dict(zip(rows["metric"], rows["value"], strict=True))


def test_the_profile_behind_no_1_in_2025(real_db: Path) -> None:
    """GII 2025, as WIPO's figures were reported (Yicai Global, HK01, Ming Pao, JETRO)."""
    con = db.open_readonly(real_db)
    szhkgz = _preferred_metrics(con, 2025, "szhkgz")
    assert {k: szhkgz[k] for k in ("pct_share", "publications_share", "vc_share")} == {
        "pct_share": 9.0,
        "publications_share": 2.4,
        "vc_share": 2.9,
    }
    assert (szhkgz["pct_filings"], szhkgz["publications"], szhkgz["vc_deals"]) == (
        117542,
        193635,
        6916,
    )
    assert (szhkgz["pct_per_million"], szhkgz["vc_per_million"]) == (2292, 135)
    assert szhkgz["intensity_rank"] == 45
    assert "rank_previous_method" not in szhkgz  # WIPO's table of it was not found
    assert _preferred_metrics(con, 2025, "macao_zhuhai") == {"intensity_rank": 81}
    assert _preferred_metrics(con, 2025, "tokyo_yokohama")["pct_share"] == 10.3
    assert _preferred_metrics(con, 2025, "sanjose_sf")["vc_share"] == 6.9
    leaders = queries.get_cluster_leaders(con)
    top = leaders[(leaders["edition"] == 2025) & (leaders["position"] == 1)]
    assert set(top["name_en"]) == {
        "Digital communication",
        "Chemistry",
        "Huawei",
        "Sun Yat-sen University",
    }
    con.close()


def test_the_2023_shares_come_from_wipos_own_table(real_db: Path) -> None:
    con = db.open_readonly(real_db)
    szhkgz = _preferred_metrics(con, 2023, "szhkgz")
    assert (szhkgz["pct_share"], szhkgz["publications_share"]) == (9.0, 2.1)
    metrics = queries.get_cluster_metrics(con)
    shares = metrics[
        (metrics["edition"] == 2023) & (metrics["metric"] == "pct_share") & metrics["is_preferred"]
    ]
    assert set(shares["source_id"]) == {"wipo_gii2023_report_t3"}
    assert len(shares) == 19
    con.close()
