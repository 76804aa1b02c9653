"""shaping.clusters on hand-computed frames: rank changes, gaps, rankings, counts, summaries."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gba_dash.i18n import LANGS
from gba_dash.shaping import clusters as shaping

NAN = math.nan

# name_en, name_zh_hans, name_zh_hant, economies, is_gba
CLUSTERS = {
    "szhkgz": (
        "Shenzhen–Hong Kong–Guangzhou",
        "深圳-香港-广州",
        "深圳-香港-廣州",
        ["CN", "HK"],
        True,
    ),
    "tokyo": ("Tokyo–Yokohama", "东京-横滨", "東京-橫濱", ["JP"], False),
    "beijing": ("Beijing", "北京", "北京", ["CN"], False),
    "nyc": ("New York", "纽约", "紐約", ["US"], False),
    "mz": ("Macao–Zhuhai", "澳门-珠海", "澳門-珠海", ["CN", "MO"], True),
}
# edition, cluster_id, rank, name_published, pct_filings, source_ids
RANKS = [
    (2017, "tokyo", 1, "Tokyo–Yokohama", NAN, ["s_afp"]),
    (2017, "szhkgz", 2, "Shenzhen–Hong Kong", NAN, ["s_afp", "s_wipo"]),
    (2017, "beijing", 7, "Beijing", NAN, ["s_afp"]),
    (2018, "tokyo", 1, "Tokyo–Yokohama", NAN, ["s_wipo"]),
    (2018, "szhkgz", 2, "Shenzhen–Hong Kong", NAN, ["s_wipo"]),
    (2018, "beijing", 5, "Beijing", NAN, ["s_wipo"]),
    # 2019: Beijing not held (a gap); New York held
    (2019, "tokyo", 1, "Tokyo–Yokohama", NAN, ["s_wipo"]),
    (2019, "szhkgz", 2, "Shenzhen–Hong Kong", NAN, ["s_wipo"]),
    (2019, "nyc", 30, "New York", 1234.0, ["s_cn"]),
    (2020, "tokyo", 2, "Tokyo–Yokohama", NAN, ["s_wipo"]),
    (2020, "szhkgz", 1, "Shenzhen–Hong Kong–Guangzhou", NAN, ["s_wipo", "s_wipo2"]),
    (2020, "beijing", 3, "Beijing", NAN, ["s_wipo"]),
    (2020, "mz", 100, "Macao–Zhuhai", NAN, ["s_cn"]),
]
PUBLISHERS = {"s_afp": "AFP", "s_wipo": "WIPO", "s_wipo2": "WIPO", "s_cn": "Xinhua"}
ECONOMY_NAMES = {
    "CN": "China",
    "HK": "Hong Kong, China",
    "JP": "Japan",
    "US": "United States",
    "MO": "Macao, China",
}


def make_ranks() -> pd.DataFrame:
    rows = []
    for edition, cid, rank, published, pct, sources in RANKS:
        en, hans, hant, economies, gba = CLUSTERS[cid]
        rows.append(
            {
                "edition": edition,
                "cluster_id": cid,
                "rank": rank,
                "name_published": published,
                "name_en": en,
                "name_zh_hans": hans,
                "name_zh_hant": hant,
                "economy": economies[0],
                "is_gba": gba,
                "pct_filings": pct,
                "publications": NAN,
                "vc_deals": NAN,
                "economies": economies,
                "source_ids": sources,
            }
        )
    return pd.DataFrame(rows)


def make_coverage() -> pd.DataFrame:
    ranks = make_ranks()
    held = ranks.groupby("edition").size()
    return pd.DataFrame({"edition": held.index, "ranks_held": held.to_numpy(), "ranks_total": 100})


def ranking(edition: int, top: int = 100, economies=(), lang: str = "en") -> pd.DataFrame:
    return shaping.edition_ranking(
        make_ranks(),
        edition,
        top,
        economies,
        economy_name=ECONOMY_NAMES,
        publisher_of=PUBLISHERS,
        lang=lang,
    )


def history(ids, span=(2017, 2020), lang: str = "en") -> pd.DataFrame:
    return shaping.rank_history(make_ranks(), ids, span, publisher_of=PUBLISHERS, lang=lang)


# --- rank change: only between two consecutive editions both held ------------------------------


def test_rank_changes_only_between_consecutive_held_editions() -> None:
    changes = shaping.rank_changes(make_ranks()).set_index(["cluster_id", "edition"])
    assert changes.loc[("beijing", 2018), "rank_change"] == 2  # 7 → 5: up 2
    assert pd.isna(changes.loc[("beijing", 2020), "rank_change"])  # 2019 not held: no change
    assert pd.isna(changes.loc[("beijing", 2017), "rank_change"])  # first edition held
    assert changes.loc[("szhkgz", 2020), "rank_change"] == 1  # 2 → 1
    assert changes.loc[("tokyo", 2020), "rank_change"] == -1  # 1 → 2
    assert changes.loc[("tokyo", 2018), "rank_change"] == 0
    assert changes.loc[("beijing", 2020), "prev_edition"] == 2019


def test_change_text() -> None:
    assert [shaping.change_text(v) for v in (2, -3, 0, pd.NA, None)] == ["↑2", "↓3", "=", "—", "—"]


# --- chart 1: one edition ---------------------------------------------------------------------


def test_edition_ranking_top_n_in_rank_order() -> None:
    out = ranking(2020, top=10)
    assert out["cluster_id"].tolist() == ["szhkgz", "tokyo", "beijing"]  # 100 is beyond top 10
    assert out["rank"].tolist() == [1, 2, 3]
    assert out["group"].tolist() == ["gba", "other", "other"]
    assert out["change_text"].tolist() == ["↑1", "↓1", "—"]  # Beijing: 2019 not held
    assert out.loc[0, "label"] == "Shenzhen–Hong Kong–Guangzhou (China, Hong Kong, China)"
    assert out.loc[0, "source"] == "WIPO"  # two ids, one publisher: said once
    assert out.loc[0, "source_ids"] == ("s_wipo", "s_wipo2")
    assert out.loc[0, "name_published"] == "Shenzhen–Hong Kong–Guangzhou"


def test_edition_ranking_economy_filter_uses_every_economy_of_a_cluster() -> None:
    assert ranking(2020, economies=("HK",))["cluster_id"].tolist() == ["szhkgz"]
    assert ranking(2020, economies=("MO", "JP"))["cluster_id"].tolist() == ["tokyo", "mz"]
    assert ranking(2020, economies=("US",)).empty


def test_edition_ranking_formats_counts_and_names_in_the_readers_script() -> None:
    out = ranking(2019, lang="zh-Hant")
    nyc = out[out["cluster_id"] == "nyc"].iloc[0]
    assert nyc["name"] == "紐約"
    assert nyc["pct_text"] == "1,234"
    assert nyc["publications_text"] == "—"
    assert out.iloc[0]["label"] == "東京-橫濱（Japan）"


def test_coverage_line_says_the_list_is_partial() -> None:
    text = shaping.coverage_line(make_coverage(), 2019, 2, 20, "en")
    assert text.startswith("Ranks held: 3 of 100 for 2019, not the full list")
    assert "the 2 held among the top 20" in text
    assert shaping.coverage_of(make_coverage(), 2030) == (0, 100)


# --- chart 2: history with gaps ---------------------------------------------------------------


def test_rank_history_breaks_lines_at_missing_editions() -> None:
    out = history(["beijing", "szhkgz"])
    assert out["cluster_id"].drop_duplicates().tolist() == ["beijing", "szhkgz"]  # order kept
    beijing = out[out["cluster_id"] == "beijing"]
    assert beijing["edition"].tolist() == [2017, 2018, 2020]
    assert beijing["segment"].tolist() == ["beijing#1", "beijing#1", "beijing#2"]
    assert beijing["is_last"].tolist() == [False, False, True]
    szhkgz = out[out["cluster_id"] == "szhkgz"]
    assert szhkgz["segment"].nunique() == 1  # held every edition: one line


def test_rank_history_edition_range_is_inclusive_and_changes_use_data_outside_it() -> None:
    out = history(["tokyo"], span=(2019, 2020))
    assert out["edition"].tolist() == [2019, 2020]
    assert out["change_text"].tolist() == ["=", "↓1"]  # 2019's change uses 2018, outside range


def test_rank_history_empty_when_nothing_chosen() -> None:
    assert history([]).empty
    assert "segment" in history([]).columns


def test_break_rules_inside_range_sit_between_editions() -> None:
    breaks = pd.DataFrame(
        {
            "break_id": ["b2018", "b2020", "b2025"],
            "year": [2018, 2020, 2025],
            "label_en": ["Articles added", "Merged", "VC added"],
            "label_zh_hans": ["加入论文", "合并", "加入风投"],
            "label_zh_hant": ["加入論文", "合併", "加入風投"],
        }
    )
    out = shaping.break_rules(breaks, (2018, 2024), "zh-Hant")
    # 2018 is the first edition shown: no change is visible inside the range
    assert out["break_id"].tolist() == ["b2020"]
    assert out["x"].tolist() == [2019.5]
    assert out["label"].tolist() == ["2020年：合併"]


# --- chart 3: counts per economy --------------------------------------------------------------


def make_observations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["gii_clusters_in_top100"] * 4 + ["other_indicator"],
            "geo_id": ["CN", "CN", "US", "CN", "US"],
            "year": [2020, 2020, 2020, 2017, 2018],
            "value": [17.0, 16.0, 22.0, 7.0, 99.0],
            "qualifier": ["exact"] * 5,
            "is_preferred": [True, False, True, True, True],
            "publisher": ["WIPO", "Blog", "WIPO", "Xinhua", "X"],
        }
    )


def counts(economies=("CN", "US"), span=(2017, 2020)) -> pd.DataFrame:
    return shaping.economy_counts(
        make_observations(),
        make_ranks(),
        make_coverage(),
        economies,
        span,
        economy_name=ECONOMY_NAMES,
        lang="en",
    )


def test_economy_counts_prefer_stated_counts_then_count_held_ranks_as_lower_bounds() -> None:
    out = counts().set_index(["edition", "economy"])
    # 2017: CN stated (7); US none held → left out; others counted among held (tokyo) ≥1
    assert out.loc[(2017, "CN"), ["count", "basis", "count_text"]].tolist() == [7, "stated", "7"]
    assert (2017, "US") not in out.index
    assert out.loc[(2017, "_others"), ["count", "basis", "qualifier", "count_text"]].tolist() == [
        1,
        "held",
        "lower_bound",
        "≥1",
    ]
    # 2018: no stated count: CN counted among the 3 ranks held (szhkgz, beijing) → ≥2
    assert out.loc[(2018, "CN"), ["count", "basis"]].tolist() == [2, "held"]
    # 2020: both stated (the preferred CN row, 17, not 16) → others = 100 − 17 − 22
    assert out.loc[(2020, "CN"), "count"] == 17
    assert out.loc[(2020, "CN"), "source"] == "WIPO"
    assert out.loc[(2020, "_others"), ["count", "basis", "qualifier"]].tolist() == [
        61,
        "derived",
        "exact",
    ]
    assert out.loc[(2020, "_others"), "economy_name"] == "Other economies"
    assert out.loc[(2018, "CN"), "source"] == "counted among the ranks held"


def test_economy_counts_respect_the_edition_range_and_chosen_economies() -> None:
    out = counts(economies=("JP",), span=(2019, 2019))
    assert out["economy"].tolist() == ["JP", "_others"]
    assert out["count"].tolist() == [1, 2]  # tokyo; szhkgz + nyc
    assert set(out["basis"]) == {"held"}


# --- options, selection -----------------------------------------------------------------------


def test_options() -> None:
    ranks = make_ranks()
    assert shaping.editions_held(make_coverage()) == [2017, 2018, 2019, 2020]
    assert shaping.cluster_options(ranks) == ["szhkgz", "tokyo", "beijing", "nyc", "mz"]
    assert shaping.economy_options(ranks) == ["CN", "HK", "JP", "MO", "US"]
    assert shaping.default_clusters(["mz", "tokyo_yokohama", "szhkgz"]) == (
        "szhkgz",
        "tokyo_yokohama",
    )


def test_a_picked_cluster_is_added_once_and_unknown_ids_are_ignored() -> None:
    picked = shaping.picked_ids([{"cluster_id": "nyc"}, {"other": 1}, "junk"])
    assert picked == ["nyc"]
    assert shaping.picked_ids(None) == []
    allowed = ["szhkgz", "tokyo", "nyc"]
    assert shaping.add_clusters(["szhkgz"], picked, allowed) == ["szhkgz", "nyc"]
    assert shaping.add_clusters(["szhkgz", "nyc"], ["nyc", "evil"], allowed) == ["szhkgz", "nyc"]


# --- one-sentence summaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "prev_rank", "expected"),
    [
        ("zh-Hans", 2, "2025年深圳-香港-广州集群位列第1，较2024年上升1位"),
        ("zh-Hant", 2, "2025年深圳-香港-广州集群位列第1，較2024年上升1位"),
        ("en", 2, "In 2025, 深圳-香港-广州 ranked No. 1, up 1 from 2024"),
        ("en", 1, "In 2025, 深圳-香港-广州 ranked No. 1, unchanged from 2024"),
        ("zh-Hans", None, "2025年深圳-香港-广州集群位列第1（未收录其2024年排名）"),
    ],
)
def test_rank_sentence(lang: str, prev_rank, expected: str) -> None:
    assert shaping.rank_sentence("深圳-香港-广州", 2025, 1, prev_rank, lang) == expected


def test_rank_sentence_down() -> None:
    assert shaping.rank_sentence("Beijing", 2020, 5, 3, "en") == (
        "In 2020, Beijing ranked No. 5, down 2 from 2019"
    )


def test_summaries_speak_of_the_gba_cluster_first() -> None:
    out = ranking(2020, lang="zh-Hans")
    assert shaping.ranking_summary(out, 2020, 100, "zh-Hans") == (
        "2020年深圳-香港-广州集群位列第1，较2019年上升1位；图中显示前100名中已收录的4个集群。"
    )
    assert shaping.history_summary(history(["beijing", "mz"]), "en") == (
        "In 2020, Macao–Zhuhai ranked No. 100 (2 clusters shown)."
    )
    assert shaping.history_summary(history(["beijing", "szhkgz"], lang="zh-Hant"), "zh-Hant") == (
        "2017–2020年，深圳-香港-廣州集群由第2位變為第1位（圖中共2個集群）。"
    )
    assert shaping.centres_summary(history(["beijing", "szhkgz"]), "en") == (
        "In 2020: Shenzhen–Hong Kong–Guangzhou No. 1, Beijing No. 3."
    )
    assert shaping.counts_summary(counts(), "en") == (
        "In the 2020 top 100: China 17, United States 22, Other economies 61."
    )
    assert shaping.ranking_summary(ranking(2020, economies=("US",)), 2020, 10, "en") == (
        "No data to show."
    )


def test_source_caption_names_the_most_cited_publishers() -> None:
    ids = [["s_wipo"], ["s_wipo", "s_wipo2"], ["s_afp"], ["s_cn"]]
    text = shaping.ranks_source_caption(ids, PUBLISHERS, "en", limit=2)
    assert "read from WIPO, AFP and 1 more" in text


def test_tables_hold_exactly_the_plotted_rows() -> None:
    out = ranking(2020, top=10)
    table = shaping.ranking_table(out, 2020, "zh-Hans")
    assert len(table) == len(out)
    assert "较2019年变化" in table.columns
    assert table["排名"].tolist() == [1, 2, 3]
    assert len(shaping.history_table(history(["beijing"]), "en")) == 3
    assert len(shaping.counts_table(counts(), "en")) == len(counts())


def test_precomputed_rank_changes_give_the_same_views() -> None:
    ranks = make_ranks()
    changes = shaping.rank_changes(ranks)
    kw = {"publisher_of": PUBLISHERS, "lang": "en"}
    for edition in (2018, 2019, 2020):
        own = shaping.edition_ranking(ranks, edition, 100, (), economy_name=ECONOMY_NAMES, **kw)
        given = shaping.edition_ranking(
            ranks, edition, 100, (), economy_name=ECONOMY_NAMES, changes=changes, **kw
        )
        pd.testing.assert_frame_equal(own, given)
    ids = list(CLUSTERS)
    pd.testing.assert_frame_equal(
        shaping.rank_history(ranks, ids, (2017, 2020), **kw),
        shaping.rank_history(ranks, ids, (2017, 2020), changes=changes, **kw),
    )


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_rankings_taken_from_the_whole_edition_equal_the_ranking_built(lang: str) -> None:
    ranks = make_ranks()
    changes = shaping.RankLookup.of(shaping.rank_changes(ranks))
    by_edition = {int(e): rows for e, rows in ranks.groupby("edition")}
    names = {code: {c: f"{n} ({code})" for c, n in ECONOMY_NAMES.items()} for code in LANGS}
    rankings = shaping.EditionRankings(
        by_edition, economy_name=names, publisher_of=PUBLISHERS, changes=changes
    )
    kw = {"economy_name": names[lang], "publisher_of": PUBLISHERS, "lang": lang}
    cases = [
        (edition, top, economies)
        for edition in (2017, 2018, 2019, 2020, 2031)  # 2031: not held
        for top in (1, 2, 3, 50, 100)
        for economies in ((), ("HK",), ("JP", "US"), ("MO",), ("XX",))
    ]
    for edition, top, economies in cases:
        rows = by_edition.get(edition, ranks.iloc[:0])
        built = shaping.edition_ranking(rows, edition, top, economies, changes=changes, **kw)
        taken = rankings.ranking(edition, top, economies, lang)
        pd.testing.assert_frame_equal(taken, built, obj=f"{edition} top {top} {economies}")
    # taken twice, the same rows (the whole ranking is made once, and never changed)
    first = rankings.ranking(2020, 3, (), lang)
    pd.testing.assert_frame_equal(rankings.ranking(2020, 3, (), lang), first)


def test_histories_and_gaps_from_the_cluster_index_whatever_the_row_order() -> None:
    ranks = make_ranks()
    shuffled = ranks.sample(frac=1.0, random_state=3).reset_index(drop=True)
    kw = {"publisher_of": PUBLISHERS, "lang": "zh-Hant"}
    ids = ["nyc", *CLUSTERS]  # the caller's order, not the frame's
    expected = shaping.rank_history(ranks, ids, (2017, 2020), **kw)
    assert expected["cluster_id"].iloc[0] == "nyc"
    for frame in (ranks, shuffled):
        index = shaping.ClusterRows.of(frame)
        got = shaping.rank_history(frame, ids, (2017, 2020), rows=index, **kw)
        pd.testing.assert_frame_equal(got, expected)
        assert all(
            list(eds) == sorted(eds) for _, eds in got.groupby("cluster_id", sort=False)["edition"]
        )
    coverage = pd.DataFrame(
        {"edition": [2017, 2018, 2019], "ranks_held": [3, 100, 3], "ranks_total": [100] * 3}
    )
    for frame in (ranks, shuffled):
        pd.testing.assert_frame_equal(
            shaping.rank_gaps(frame, coverage, ids, [2017, 2018, 2019], "en"),
            shaping.rank_gaps(
                ranks, coverage, ids, [2017, 2018, 2019], "en", shaping.ClusterRows.of(ranks)
            ),
        )


# --- coverage shown where a reader looks -----------------------------------------------------


def test_missing_ranks_of_an_edition_and_their_text() -> None:
    missing = shaping.missing_ranks(make_ranks(), 2020, 10)
    assert missing == [4, 5, 6, 7, 8, 9, 10]  # 1, 2, 3 held
    assert shaping.missing_ranks_text(missing, "en") == "Ranks 4–10 not held"
    assert shaping.missing_ranks_text([17, 18, 20], "en") == "Ranks 17, 18, 20 not held"
    assert shaping.missing_ranks_text([17, 18, 20], "zh-Hans") == "未收录第17、18、20名"
    assert shaping.missing_ranks_text([16, 19, 20], "zh-Hant") == "未收錄第16、19、20名"
    assert shaping.missing_ranks_text([], "en") == ""
    assert shaping.missing_ranks(make_ranks(), 2018, 2) == []


def test_rank_gaps_tell_unknown_from_not_in_the_top_100() -> None:
    coverage = make_coverage()
    gaps = shaping.rank_gaps(make_ranks(), coverage, ["beijing", "nyc"], [2017, 2018, 2019], "en")
    assert gaps[["edition", "kind", "mark", "names"]].values.tolist() == [
        [2017, "unknown", "?", "New York"],
        [2018, "unknown", "?", "New York"],
        [2019, "unknown", "?", "Beijing"],
    ]
    assert gaps["label"].iloc[2] == (
        "2019: rank of Beijing unknown (that edition's list is held only in part)"
    )
    # once an edition's whole list is held, a cluster missing from it is not in the top 100
    complete = coverage.assign(
        ranks_held=[
            100 if e == 2019 else h
            for e, h in zip(coverage["edition"], coverage["ranks_held"], strict=True)
        ]
    )
    gaps = shaping.rank_gaps(make_ranks(), complete, ["beijing"], [2019], "zh-Hans")
    assert gaps[["kind", "mark", "label"]].values.tolist() == [
        ["absent", "×", "2019年：北京未进入百强"]
    ]
    assert shaping.rank_gaps(make_ranks(), coverage, ["tokyo"], [2017, 2018], "en").empty


@pytest.mark.parametrize(
    ("lang", "gap"),
    [
        ("en", "No rank is held for 2019."),
        ("zh-Hans", "其中2019年未收录排名。"),
        ("zh-Hant", "其中2019年未收錄排名。"),
    ],
)
def test_a_history_key_point_names_the_editions_it_spans_without_a_rank(lang, gap) -> None:
    # Beijing: No. 7 (2017), No. 5 (2018), not held in 2019, No. 3 (2020)
    text = shaping.history_summary(history(["beijing"], lang=lang), lang)
    assert text.endswith(gap)
    assert "2017" in text
    assert "2020" in text
    # Shenzhen–Hong Kong–Guangzhou is held in every edition: no gap is claimed
    whole = shaping.history_summary(history(["szhkgz"], lang=lang), lang)
    assert "2019" not in whole


def test_a_ranking_key_point_says_the_rank_move_the_data_show() -> None:
    moves = {
        2018: "In 2018, Shenzhen–Hong Kong–Guangzhou ranked No. 2, unchanged from 2017",
        2020: "In 2020, Shenzhen–Hong Kong–Guangzhou ranked No. 1, up 1 from 2019",
    }
    for edition, lead in moves.items():
        assert shaping.ranking_summary(ranking(edition), edition, 100, "en").startswith(lead)
    # Beijing alone in 2020: its 2019 rank is not held, so no move is claimed
    only = ranking(2020, economies=("CN",))
    only = only[only["name"] == "Beijing"]
    text = shaping.ranking_summary(only, 2020, 100, "en")
    assert text.startswith("In 2020, Beijing ranked No. 3 (its 2019 rank is not held)")
    assert " up " not in text
    assert " down " not in text
