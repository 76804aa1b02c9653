"""Views of the pilots page on small hand-made frames (shaped like v_pilots / v_pilot_events)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gba_dash.shaping import pilots as v

TERMS = pd.DataFrame(
    [
        ("status", "announced", 1, "已宣布", "已宣佈", "Announced"),
        ("status", "piloting", 2, "试点中", "試點中", "Piloting"),
        ("status", "operational", 3, "已运行", "已運行", "Operational"),
        ("status", "scaling", 4, "扩展中", "擴展中", "Scaling"),
        ("domain", "finance", 1, "金融", "金融", "Finance"),
        ("domain", "health", 2, "医疗健康", "醫療健康", "Health"),
        ("domain", "research", 3, "科研", "科研", "Research"),
        ("domain", "infrastructure", 4, "基础设施", "基礎設施", "Infrastructure"),
        ("domain", "general", 5, "通用", "通用", "General"),
    ],
    columns=["term_kind", "code", "sort_order", "name_zh_hans", "name_zh_hant", "name_en"],
)

_CITIES = [
    ("guangzhou", 440100, "广州", "廣州", "Guangzhou"),
    ("shenzhen", 440300, "深圳", "深圳", "Shenzhen"),
    ("zhuhai", 440400, "珠海", "珠海", "Zhuhai"),
    ("foshan", 440600, "佛山", "佛山", "Foshan"),
    ("jiangmen", 440700, "江门", "江門", "Jiangmen"),
    ("zhaoqing", 441200, "肇庆", "肇慶", "Zhaoqing"),
    ("huizhou", 441300, "惠州", "惠州", "Huizhou"),
    ("dongguan", 441900, "东莞", "東莞", "Dongguan"),
    ("zhongshan", 442000, "中山", "中山", "Zhongshan"),
    ("hong_kong", 810000, "香港", "香港", "Hong Kong"),
    ("macao", 820000, "澳门", "澳門", "Macao"),
]
GEO = pd.DataFrame(
    [
        {
            "geo_id": g,
            "kind": "city",
            "adcode": a,
            "name_zh_hans": s,
            "name_zh_hant": h,
            "name_en": e,
            "lat": 22.5,
            "lon": 113.5,
        }
        for g, a, s, h, e in reversed(_CITIES)  # reversed: the view must order by adcode
    ]
    + [
        {
            "geo_id": "zhuhai_hengqin",
            "kind": "district",
            "adcode": None,
            "name_zh_hans": "横琴",
            "name_zh_hant": "橫琴",
            "name_en": "Hengqin",
            "lat": None,
            "lon": None,
        }
    ]
)
SOURCES = pd.DataFrame(
    {
        "source_id": ["gov", "art", "blog"],
        "publisher": ["HKSAR Government", "21st Century Business Herald", "A blog"],
        "url": ["https://www.info.gov.hk/x", None, "javascript:alert(1)"],
        "retrieved_from": [None, "shared/seed/article.txt", None],
    }
)


def pilot(pilot_id: str, status: str, domain: str, cities: list[str], **extra) -> dict:
    row = {
        "pilot_id": pilot_id,
        "name_en": f"{pilot_id} EN",
        "name_zh_hans": f"{pilot_id} 简",
        "name_zh_hant": f"{pilot_id} 繁",
        "domain": domain,
        "status": status,
        "cities": cities,
        "lead_bodies_en": None,
        "lead_bodies_zh_hans": None,
        "lead_bodies_zh_hant": None,
        "target_en": None,
        "target_zh_hans": None,
        "target_zh_hant": None,
        "target_value": math.nan,
        "target_qualifier": None,
        "target_unit": None,
        "target_date": None,
        "progress_en": None,
        "progress_zh_hans": None,
        "progress_zh_hant": None,
        "progress_value": math.nan,
        "progress_qualifier": None,
        "progress_unit": None,
        "progress_date": None,
        "source_ids": ["gov"],
        "confidence": "high",
    }
    row.update(extra)
    return row


PILOTS = pd.DataFrame(
    [
        pilot(
            "dvp",
            "scaling",
            "finance",
            ["shenzhen", "hong_kong"],
            target_en="20+ scenarios by end-2027",
            target_value=20.0,
            target_qualifier="target",
            target_unit="scenarios",
            target_date="2027-12",
            progress_value=7.0,
            progress_qualifier="lower_bound",
            progress_unit="cny_100m",
            progress_date="2025-11",
            source_ids=["gov", "art", "blog"],
        ),
        pilot(
            "dc",
            "operational",
            "infrastructure",
            ["shenzhen", "shenzhen"],
            target_value=3000.0,
            target_qualifier="approx",
            target_unit="firms",
            progress_value=600.0,
            progress_qualifier="lower_bound",
            progress_unit="firms",
            progress_date="2026-01-04",
        ),
        pilot(
            "channel",
            "operational",
            "health",
            ["shenzhen", "hong_kong"],
            target_value=300000.0,
            target_qualifier="estimate",
            target_unit="count",
            progress_value=2.0,
            progress_qualifier="exact",
            progress_unit="count",
        ),
        pilot(
            "sc_mo",
            "operational",
            "general",
            ["zhuhai", "macao", "zhuhai_hengqin"],
            target_en="No numeric target",
            target_zh_hans="无量化目标",
            target_zh_hant="無量化目標",
        ),
        pilot(
            "plan",
            "announced",
            "finance",
            ["shenzhen", "hong_kong"],
            target_value=20.0,
            target_qualifier="target",
            target_unit="scenarios",
        ),
        pilot("space", "announced", "health", []),
    ]
)

EVENTS = pd.DataFrame(
    [
        # pilot, date, status_after, text_en, note_en
        ("dvp", "2023-11-29", "announced", "DVP launched", None),
        ("dvp", "2024-05", "piloting", "First pilot", None),
        ("dvp", "2025-09-25", "scaling", "First loan", None),
        ("dvp", "2025-11", None, "Loans over CNY 700m", None),
        ("dvp", "2025-10-30", None, "A seminar", None),
        (
            "plan",
            "2025-11-19",
            "announced",
            "Action plan published",
            "The source article dates it December 2025",
        ),
        ("sc_mo", "2024-09-10", None, "Guidelines issued", None),
        ("sc_mo", "2024-09-20", "operational", "Operational", None),
        ("sc_mo", None, None, "Hub unveiled (year unknown)", None),
        ("gone", "2024-01-01", "piloting", "A pilot not in the pilots frame", None),
    ],
    columns=["pilot_id", "date", "status_after", "text_en", "note_en"],
)
EVENTS["text_zh_hans"] = EVENTS["text_en"] + "（简）"
EVENTS["text_zh_hant"] = EVENTS["text_en"] + "（繁）"
EVENTS["note_zh_hans"] = EVENTS["note_en"].where(EVENTS["note_en"].isna(), "源文章称2025年12月")
EVENTS["note_zh_hant"] = EVENTS["note_en"].where(EVENTS["note_en"].isna(), "源文章稱2025年12月")
EVENTS["source_ids"] = [["gov"]] * len(EVENTS)
EVENTS["source_url"] = "https://www.info.gov.hk/x"


# --- filters and counts -----------------------------------------------------------------------


def test_empty_filters_keep_every_pilot() -> None:
    assert list(v.filter_pilots(PILOTS)["pilot_id"]) == list(PILOTS["pilot_id"])


def test_filters_combine_and_cities_match_any() -> None:
    assert list(v.filter_pilots(PILOTS, statuses=["operational"])["pilot_id"]) == [
        "dc",
        "channel",
        "sc_mo",
    ]
    assert list(v.filter_pilots(PILOTS, ["operational"], ["health", "general"])["pilot_id"]) == [
        "channel",
        "sc_mo",
    ]
    assert list(v.filter_pilots(PILOTS, cities=["macao", "hong_kong"])["pilot_id"]) == [
        "dvp",
        "channel",
        "sc_mo",
        "plan",
    ]
    assert v.filter_pilots(PILOTS, ["scaling"], cities=["macao"]).empty


def test_status_counts_on_the_scale_with_zeros() -> None:
    counts = v.status_counts(PILOTS, TERMS, "zh-Hant")
    assert list(counts["code"]) == ["announced", "piloting", "operational", "scaling"]
    assert list(counts["name"]) == ["已宣佈", "試點中", "已運行", "擴展中"]
    assert list(counts["n"]) == [2, 0, 3, 1]


def test_status_counts_follow_the_filters() -> None:
    shown = v.filter_pilots(PILOTS, domains=["finance"])
    assert list(v.status_counts(shown, TERMS, "en")["n"]) == [1, 0, 0, 1]


def test_domain_counts() -> None:
    counts = v.domain_counts(v.filter_pilots(PILOTS, cities=["shenzhen"]), TERMS, "en")
    assert dict(zip(counts["code"], counts["n"], strict=True)) == {
        "finance": 2,
        "health": 1,
        "research": 0,
        "infrastructure": 1,
        "general": 0,
    }


def test_status_order_ignores_unknown_terms_and_fills_missing() -> None:
    terms = TERMS[TERMS["code"] != "piloting"]
    assert v.status_order(terms) == ["announced", "operational", "scaling", "piloting"]


# --- the map ------------------------------------------------------------------------------------


def test_city_counts_one_row_per_city_in_adcode_order() -> None:
    counts = v.city_counts(PILOTS, GEO, "en")
    assert list(counts["geo_id"]) == [c[0] for c in _CITIES]
    assert dict(zip(counts["geo_id"], counts["n_pilots"], strict=True)) == {
        "guangzhou": 0,
        "shenzhen": 4,
        "zhuhai": 1,
        "foshan": 0,
        "jiangmen": 0,
        "zhaoqing": 0,
        "huizhou": 0,
        "dongguan": 0,
        "zhongshan": 0,
        "hong_kong": 3,
        "macao": 1,
    }  # "dc" lists Shenzhen twice: counted once; the Hengqin district is not a city


def test_city_counts_respect_the_filters_and_name_the_pilots() -> None:
    shown = v.filter_pilots(PILOTS, statuses=["operational"])
    counts = v.city_counts(shown, GEO, "zh-Hans", selected=["macao"]).set_index("geo_id")
    assert counts.loc["shenzhen", "n_pilots"] == 2
    assert counts.loc["hong_kong", "n_pilots"] == 1
    assert counts.loc["shenzhen", "pilots"] == "dc 简、channel 简"
    assert counts.loc["shenzhen", "name"] == "深圳"
    assert counts.loc["guangzhou", "pilots"] == ""
    assert counts["selected"].tolist().count(True) == 1
    assert counts.loc["macao", "selected"]


def test_map_summary() -> None:
    counts = v.city_counts(PILOTS, GEO, "en")
    assert v.map_summary(counts, "en") == (
        "Shenzhen is involved in the most pilots (4); 7 of the 11 cities in none."
    )


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"selection": {"city": [{"geo_id": "macao"}]}}, ["macao"]),
        (
            {
                "selection": {
                    "city": [
                        {"geo_id": "macao"},
                        {"geo_id": "x"},
                        {"geo_id": "macao"},
                        {"geo_id": "zhuhai"},
                    ]
                }
            },
            ["macao", "zhuhai"],
        ),
        ({"selection": {"city": []}}, []),
        ({"selection": {"city": {}}}, []),
        ({"selection": {}}, []),
        (None, []),
        ({"selection": {"city": [{"vgsid": 3}, "junk"]}}, []),
    ],
)
def test_cities_from_selection(selection, expected) -> None:
    assert v.cities_from_selection(selection, "city", [c[0] for c in _CITIES]) == expected


# --- milestones -----------------------------------------------------------------------------


def test_latest_milestone_per_pilot() -> None:
    latest = v.latest_milestones(EVENTS).set_index("pilot_id")
    # "2025-11" (read as 1 Nov) is after 2025-10-30; the undated sc_mo row is not a candidate
    assert latest.loc["dvp", "text_en"] == "Loans over CNY 700m"
    assert latest.loc["sc_mo", "text_en"] == "Operational"
    assert latest.loc["plan", "date"] == "2025-11-19"
    assert latest.index.is_unique
    assert len(latest) == 4


def test_timeline_fills_status_and_keeps_partial_dates() -> None:
    tl = v.timeline(EVENTS, PILOTS, TERMS, SOURCES, "en", focus="plan")
    assert "gone" not in set(tl["pilot_id"])  # only milestones of the pilots shown
    dvp = tl[tl["pilot_id"] == "dvp"]
    assert list(dvp["date"]) == [
        "2023-11-29",
        "2024-05-01",
        "2025-09-25",
        "2025-10-30",
        "2025-11-01",
    ]
    assert list(dvp["date_text"]) == [
        "29 Nov 2023",
        "May 2024",
        "25 Sept 2025",
        "30 Oct 2025",
        "Nov 2025",
    ]
    assert list(dvp["status"]) == ["announced", "piloting", "scaling", "scaling", "scaling"]
    assert list(dvp["changed"]) == [True, True, True, False, False]
    sc = tl[tl["pilot_id"] == "sc_mo"]
    assert list(sc["status"]) == ["announced", "operational"]  # nothing before: announced
    assert len(sc) == 2  # the undated milestone is left out ...
    assert v.undated_count(EVENTS, PILOTS) == 1  # ... and counted
    assert tl.loc[tl["focus"], "pilot_id"].unique().tolist() == ["plan"]


def test_timeline_keeps_the_fintech_plan_date_conflict_note() -> None:
    row = v.timeline(EVENTS, PILOTS, TERMS, SOURCES, "zh-Hant").query("pilot_id == 'plan'")
    assert row.iloc[0]["note"] == "源文章稱2025年12月"
    assert row.iloc[0]["source"] == "HKSAR Government"
    assert row.iloc[0]["status_name"] == "已宣佈"


def test_timeline_summary() -> None:
    tl = v.timeline(EVENTS, PILOTS, TERMS, SOURCES, "en")
    assert v.timeline_summary(tl, "en") == (
        "8 milestones of 3 pilots from Nov 2023 to Nov 2025; the latest: plan EN (19 Nov 2025)."
    )


# --- the board ------------------------------------------------------------------------------


def test_board_order_texts_and_links() -> None:
    board = v.pilot_board(PILOTS, EVENTS, TERMS, GEO, SOURCES, "zh-Hans")
    # furthest along the scale first; among equals the newest latest milestone first
    assert list(board["pilot_id"]) == ["dvp", "sc_mo", "channel", "dc", "plan", "space"]
    assert not board["focus"].any()
    board = v.pilot_board(PILOTS, EVENTS, TERMS, GEO, SOURCES, "zh-Hans", focus="plan")
    assert list(board["pilot_id"]) == ["plan", "dvp", "sc_mo", "channel", "dc", "space"]
    board = v.pilot_board(PILOTS, EVENTS, TERMS, GEO, SOURCES, "zh-Hans", focus="sc_mo")
    dvp = board.iloc[1]
    assert dvp["status_name"] == "扩展中"
    assert dvp["domain_name"] == "金融"
    assert dvp["city_names"] == "深圳、香港"
    assert dvp["latest_date"] == "2025年11月"
    assert dvp["latest_text"] == "Loans over CNY 700m（简）"
    # a non-web address (seed file, javascript:) gives no link, only the publisher
    assert dvp["sources"] == [
        ("HKSAR Government", "https://www.info.gov.hk/x"),
        ("21st Century Business Herald", ""),
        ("A blog", ""),
    ]
    sc = board.set_index("pilot_id").loc["sc_mo"]
    assert sc["city_names"] == "珠海、澳门、横琴"
    assert bool(sc["focus"])
    assert board["focus"].sum() == 1
    space = board.set_index("pilot_id").loc["space"]
    assert space["latest_date"] == ""
    assert space["city_names"] == ""


def test_board_table_headers_follow_the_language() -> None:
    board = v.pilot_board(PILOTS, EVENTS, TERMS, GEO, SOURCES, "en")
    table = v.board_table(board, "en")
    assert list(table.columns)[:3] == ["Pilot", "Status", "Domain"]
    assert len(table) == len(PILOTS)
    assert v.pilot_board(PILOTS.iloc[0:0], EVENTS, TERMS, GEO, SOURCES, "en").empty


# --- targets --------------------------------------------------------------------------------


def test_targets_compare_only_like_with_like() -> None:
    goals = v.targets(PILOTS, "en").set_index("pilot_id")
    assert list(goals.index) == ["dvp", "dc", "channel", "plan"]
    dc = goals.loc["dc"]
    assert dc["comparable"]
    assert dc["share"] == pytest.approx(20.0)
    assert dc["target_text"] == "about 3K firms"
    assert dc["label"] == "Target: about 3K firms; progress: over 600 firms (as of 4 Jan 2026)"
    dvp = goals.loc["dvp"]  # progress in CNY against a target in scenarios: not drawn
    assert not dvp["comparable"]
    assert math.isnan(dvp["share"])
    assert math.isnan(dvp["progress_value"])
    assert dvp["target_text"] == "20 scenarios by Dec 2027"  # the word "target" is not doubled
    assert "another unit" in dvp["label"]
    assert "over CNY 700 million" in dvp["label"]
    channel = goals.loc["channel"]  # 2 hospitals against 300K visits: both "count", not compared
    assert not channel["comparable"]
    assert goals.loc["plan", "label"] == "Target: 20 scenarios; no progress figure held"


def test_targets_summary_and_the_unquantified_list() -> None:
    goals = v.targets(PILOTS, "zh-Hans")
    assert v.targets_summary(goals, "zh-Hans") == (
        "4个试点有量化目标，其中1个有同单位的进展数据；dc 简：已达目标的20%。"
    )
    wordy = v.unquantified_targets(PILOTS, "zh-Hant")
    assert wordy.to_dict("list") == {"試點": ["sc_mo 繁"], "目標": ["無量化目標"]}


# --- helpers --------------------------------------------------------------------------------


def test_n_sources_counts_distinct_documents() -> None:
    assert v.n_sources(PILOTS, EVENTS) == 3
    assert v.n_sources(PILOTS[PILOTS["pilot_id"] == "dc"], EVENTS) == 1
