"""The cluster profile (`/clusters?chart=profile&cluster=…`) on the fixture world: its shares
beside peers, gaps and conflicts, size against intensity, leaders, the key point in three
languages, and the charts drawn from them.

The world holds, for 2025, the three shares of Shenzhen–Hong Kong–Guangzhou (9.0 / 2.4 / 2.9)
and of Tokyo–Yokohama (10.3 / 1.5, a blog's 1.6 beside WIPO's 1.5 / 2.2), both intensity ranks
(45 and 60), three leaders of the Bay Area cluster and two applicants of Tokyo–Yokohama; for
2024, two shares and a patent field of the Bay Area cluster (the shares printed in the ranking
table itself, cluster_ranks) and nothing for Tokyo–Yokohama.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from gba_dash import db, queries
from gba_dash.charts import clusters as charts
from gba_dash.i18n import LANGS, t
from gba_dash.pagemodels import clusters as model
from gba_dash.shaping import clusters as shaping


@pytest.fixture(scope="module")
def tables(world_db: Path) -> dict:
    con = db.open_readonly(world_db)
    try:
        return model.load(lambda name, *args: getattr(queries, name)(con, *args))
    finally:
        con.close()


def _shares(tables, edition: int, focus: str, peers, lang: str = "en"):
    names = tables["cluster_name"][lang]
    return shaping.profile_shares(
        tables["metrics"], edition, focus, peers, names, tables["publisher_of"], lang
    )


def test_shares_put_the_profiled_cluster_first_and_keep_gaps_as_gaps(tables) -> None:
    shares = _shares(tables, 2025, "szhkgz", ("tokyo_yokohama",))
    assert shares["cluster_id"].tolist() == ["szhkgz"] * 3 + ["tokyo_yokohama"] * 3
    assert shares["metric"].tolist()[:3] == ["pct_share", "publications_share", "vc_share"]
    assert shares["share"].tolist() == [9.0, 2.4, 2.9, 10.3, 1.5, 2.2]
    assert shares["share_text"].tolist()[:3] == ["9%", "2.4%", "2.9%"]
    # 2024: no VC metric yet; the Bay Area's shares come from the ranking table's own columns,
    # cited by its source; Tokyo–Yokohama's are not held, and say so
    before = _shares(tables, 2024, "szhkgz", ("tokyo_yokohama",))
    assert before["metric"].tolist() == ["pct_share", "publications_share"] * 2
    assert before["share"].tolist()[:2] == [8.7, 2.0]
    assert before["source_ids"].tolist()[:2] == [("wipo_2024",), ("wipo_2024",)]
    assert all(math.isnan(v) for v in before["share"].tolist()[2:])
    assert before["share_text"].tolist()[2:] == ["not held", "not held"]


def test_a_conflicting_share_is_shown_once_and_its_other_value_named(tables) -> None:
    shares = _shares(tables, 2025, "tokyo_yokohama", ("szhkgz",))
    row = shares[shares["metric"] == "publications_share"].iloc[0]
    assert row["share"] == 1.5  # WIPO's exact figure is preferred to a blog's approximation
    assert row["source"] == "WIPO"
    assert row["also"] == "about 1.6% per Some site"
    zh = _shares(tables, 2025, "tokyo_yokohama", ("szhkgz",), "zh-Hans")
    assert zh[zh["metric"] == "publications_share"]["also"].iloc[0] == "Some site为约1.6%"


def test_peers_are_the_chosen_clusters_but_the_profiled_one_and_at_most_six() -> None:
    chosen = ("szhkgz", "a", "b", "a", "c", "d", "e", "f", "g")
    assert shaping.peers_of("szhkgz", chosen) == ("a", "b", "c", "d", "e", "f")


KEY_POINTS = {
    "en": (
        "In 2025, Shenzhen–Hong Kong–Guangzhou ranked No. 1 by size. Its shares of the world's "
        "totals: PCT filings 9%, scientific articles 2.4%, VC deals 2.9%. Among the clusters "
        "shown it leads on scientific articles, VC deals; it trails Tokyo–Yokohama on PCT "
        "filings (10.3%). Per resident (intensity) it ranks No. 45, 44 places below its rank "
        "by size."
    ),
    "zh-Hans": (
        "2025年深圳-香港-广州按规模位列第1位。占全球总量：PCT国际专利申请9%、科学论文2.4%、"
        "风险投资交易2.9%。在所示集群中，其科学论文、风险投资交易居首；PCT国际专利申请以"
        "东京-横滨最高（10.3%）。按人均（强度）计位列第45位，比规模排名低44位。"
    ),
    "zh-Hant": (
        "2025年深圳-香港-廣州按規模位列第1位。佔全球總量：PCT國際專利申請9%、科學論文2.4%、"
        "風險投資交易2.9%。在所示集群中，其科學論文、風險投資交易居首；PCT國際專利申請以"
        "東京-橫濱最高（10.3%）。按人均（強度）計位列第45位，比規模排名低44位。"
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_key_point_says_what_it_leads_where_it_trails_and_its_intensity(
    tables, lang: str
) -> None:
    (metrics, *_rest) = model.profile_sections(
        tables, "szhkgz", ("tokyo_yokohama",), 2025, (2024, 2025), lang
    )
    assert metrics.block.key_point == KEY_POINTS[lang]


def test_the_key_point_of_a_cluster_without_data_says_what_is_not_held(tables) -> None:
    (metrics, *_rest) = model.profile_sections(
        tables, "tokyo_yokohama", ("szhkgz",), 2024, (2024, 2025), "en"
    )
    assert metrics.block.key_point == (
        "In 2024, Tokyo–Yokohama ranked No. 1 by size. Its shares of the world's totals: "
        "PCT filings not held, scientific articles not held. Its rank by intensity is not held."
    )
    assert metrics.block.chart is not None  # the peer's shares are drawn
    empty = model.profile_sections(tables, "tokyo_yokohama", (), 2024, (2024, 2025), "en")
    assert empty[0].block.chart is None  # nothing held: no chart, never an empty one


def test_size_against_intensity_draws_the_clusters_with_both_ranks(tables) -> None:
    names = tables["cluster_name"]["en"]
    frame = shaping.size_intensity(
        tables["metrics"], tables["ranks"], 2025, "szhkgz", names, tables["publisher_of"], "en"
    )
    assert frame[["cluster_id", "size_rank", "intensity_rank", "is_focus"]].values.tolist() == [
        ["szhkgz", 1, 45, True],
        ["tokyo_yokohama", 2, 60, False],
    ]
    assert shaping.intensity_summary(frame, "szhkgz", names["szhkgz"], 2025, "en") == (
        "In 2025, of the 2 clusters with both ranks held, Shenzhen–Hong Kong–Guangzhou is "
        "No. 1 by size and No. 45 by intensity; Shenzhen–Hong Kong–Guangzhou ranks highest by "
        "intensity (No. 45)."
    )
    none = shaping.size_intensity(
        tables["metrics"], tables["ranks"], 2024, "szhkgz", names, tables["publisher_of"], "en"
    )
    assert none.empty
    assert charts.intensity_chart(none, "t", "en") is None


@pytest.mark.parametrize("lang", LANGS)
def test_leaders_in_the_readers_script_in_the_order_of_their_kinds(tables, lang: str) -> None:
    frame = shaping.leaders(tables["leaders"], 2025, "szhkgz", tables["publisher_of"], lang)
    names = {"en": "Huawei", "zh-Hans": "华为", "zh-Hant": "華為"}[lang]
    assert frame["kind"].tolist() == ["patent_field", "applicant", "science_org"]
    assert frame["name"].tolist()[1] == names
    assert frame["share"].tolist()[0] == 26.0
    assert frame["share_text"].tolist()[1] == t("clusters.profile.no_share", lang)
    cluster = tables["cluster_name"][lang]["tokyo_yokohama"]
    none = shaping.leaders(tables["leaders"], 2024, "tokyo_yokohama", tables["publisher_of"], lang)
    assert none.empty
    assert shaping.leaders_summary(none, cluster, 2024, lang) == t(
        "clusters.profile.leaders_empty", lang, name=cluster, edition=2024
    )


def test_the_2025_rank_under_the_previous_method_is_named_as_a_gap(tables) -> None:
    lines = [
        shaping.previous_method_line(tables["metrics"], e, "szhkgz", "S", {}, "en")
        for e in (2024, 2025)
    ]
    assert lines == [
        "",
        "The 2025 rank under the previous two-metric method (PCT and articles) is not held: "
        "no source found gives that table.",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_a_profile_has_four_parts_each_cited_and_a_view_shows_one(tables, lang: str) -> None:
    state = model.view_state(tables, {"chart": "profile", "edition": "2025"}, lang)
    assert (state["cluster"], state["part"]) == ("szhkgz", "metrics")
    (shown,) = model.view_sections(tables, state, lang)
    assert shown.block.id == "cluster-profile"
    sections = model.profile_sections(
        tables, "szhkgz", ("tokyo_yokohama",), 2025, (2024, 2025), lang
    )
    assert [s.part for s in sections] == list(model.PARTS)
    assert [s.block.id for s in sections] == [
        "cluster-profile",
        "cluster-profile-intensity",
        "cluster-profile-leaders",
        "cluster-profile-history",
    ]
    for section in sections:
        assert section.block.key_point
        assert section.block.source_ids
        assert section.block.chart is not None
    coverage = {
        "en": "Shares held for 2025 (of the top 100 clusters): PCT filings 2, Scientific "
        "articles 2, VC deals 2.",
        "zh-Hans": "2025年版已收录的占比（前100个集群中）：PCT国际专利申请2个、科学论文2个、"
        "风险投资交易2个。",
        "zh-Hant": "2025年版已收錄的佔比（前100個集群中）：PCT國際專利申請2個、科學論文2個、"
        "風險投資交易2個。",
    }
    assert sections[0].captions[0] == coverage[lang]
    assert "WIPO" in sections[0].block.source_text.rsplit("\n\n", 1)[-1]  # who it was read from
    assert "wipo_2025" in sections[0].block.source_ids
    assert "art" in sections[2].block.source_ids  # the leader cited by the article
    part = model.view_state(tables, {"chart": "profile", "part": "leaders"}, lang)
    (leaders,) = model.view_sections(tables, part, lang)
    assert leaders.block.id == "cluster-profile-leaders"
    bad = model.view_state(tables, {"chart": "profile", "cluster": "nowhere"}, lang)
    assert bad["cluster"] == "szhkgz"  # a tampered link opens the default profile


def test_the_shares_chart_draws_a_gap_as_a_dash_never_a_disc(tables) -> None:
    shares = _shares(tables, 2024, "szhkgz", ("tokyo_yokohama",))
    spec = charts.shares_chart(shares, "title", "en").to_dict()
    rows = next(iter(spec["datasets"].values()))
    gaps = [r for r in rows if r["cluster_id"] == "tokyo_yokohama"]
    assert {(r["held"], r["cell_text"], r["share_text"]) for r in gaps} == {
        (False, "—", "not held")
    }
    assert spec["title"] == "title"
    dots, text = spec["layer"]
    assert dots["mark"]["type"] == "circle"
    assert dots["transform"] == [{"filter": "datum.held"}]  # no disc where no share is held
    assert text["encoding"]["text"]["field"] == "cell_text"
    assert charts.shares_chart(shares.iloc[2:], "t", "en") is None  # gaps alone: no chart
