"""Views of the high-tech page on small hand-computed frames (not the fixture world)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from gba_dash.i18n import t
from gba_dash.safe_text import md_unescape
from gba_dash.shaping import hightech as v

GEO = pd.DataFrame(
    {
        "geo_id": ["guangdong", "china", "shenzhen", "zhuhai", "jiangmen", "hong_kong"],
        "kind": ["province", "country", "city", "city", "city", "city"],
        "admin": ["GD", "CN", "GD", "GD", "GD", "HK"],
        "name_en": ["Guangdong", "China", "Shenzhen", "Zhuhai", "Jiangmen", "Hong Kong"],
        "name_zh_hans": ["广东省", "中国", "深圳", "珠海", "江门", "香港"],
        "name_zh_hant": ["廣東省", "中國", "深圳", "珠海", "江門", "香港"],
    }
)
UNITS = {
    "hightech_enterprises": "enterprises",
    "hightech_enterprises_share_of_china": "percent",
    "rd_intensity": "percent_of_gdp",
    "hightech_exports": "cny_100m",
    "hightech_exports_usd": "usd_100m",
    "hightech_exports_yoy": "percent",
    "exports_total_yoy": "percent",
}


def obs_row(
    indicator,
    geo,
    year,
    value,
    qualifier="exact",
    source="s1",
    *,
    preferred=True,
    publisher="Pub",
    kind="official",
    published="2024-01-02",
    locator=None,
):
    return {
        "indicator_id": indicator,
        "geo_id": geo,
        "year": year,
        "value": float(value),
        "unit": UNITS[indicator],
        "qualifier": qualifier,
        "is_preferred": preferred,
        "source_id": source,
        "source_url": f"https://example.org/{source}",
        "source_kind": kind,
        "publisher": publisher,
        "published": published,
        "confidence": "high",
        "locator": locator,
        "note": None,
    }


def make_obs(*rows: dict) -> pd.DataFrame:
    """Rows as `get_observations` returns them, with n_sources and has_conflict derived."""
    frame = pd.DataFrame(list(rows))
    keys = ["indicator_id", "geo_id", "year"]
    frame["n_sources"] = frame.groupby(keys)["value"].transform("size")
    frame["has_conflict"] = frame.groupby(keys)["value"].transform("nunique") > 1
    return frame


HTE = "hightech_enterprises"

# Guangdong: 2015 exact, 2016 exact, 2017 lower bound, (2018 missing), 2019 exact, 2020 exact
# China: 2016 exact, 2019 lower bound, 2020 estimate
ENTERPRISES = make_obs(
    obs_row(HTE, "guangdong", 2015, 10_000),
    obs_row(HTE, "guangdong", 2016, 12_000),
    obs_row(HTE, "guangdong", 2017, 15_000, "lower_bound"),
    obs_row(HTE, "guangdong", 2019, 20_000),
    obs_row(HTE, "guangdong", 2020, 25_000),
    obs_row(HTE, "china", 2016, 100_000),
    obs_row(HTE, "china", 2019, 160_000, "lower_bound"),
    obs_row(HTE, "china", 2020, 200_000, "estimate"),
)


def test_segments_change_at_every_missing_year() -> None:
    frame = pd.DataFrame(
        {"geo_id": ["a"] * 5 + ["b"] * 2, "year": [2015, 2016, 2018, 2019, 2021, 2016, 2017]}
    )
    assert v.segments(frame).tolist() == ["a#0", "a#0", "a#1", "a#1", "a#2", "b#0", "b#0"]


def test_points_one_row_per_geo_year_in_the_order_asked() -> None:
    pts = v.points(ENTERPRISES, HTE, ["china", "guangdong"], GEO, "en", (2016, 2020))
    assert list(zip(pts["geo_id"], pts["year"], strict=True)) == [
        ("china", 2016),
        ("china", 2019),
        ("china", 2020),
        ("guangdong", 2016),
        ("guangdong", 2017),
        ("guangdong", 2019),
        ("guangdong", 2020),
    ]
    assert pts["segment"].tolist() == [
        "china#0",
        "china#1",
        "china#1",
        "guangdong#0",
        "guangdong#0",
        "guangdong#1",
        "guangdong#1",
    ]
    gd17 = pts[(pts["geo_id"] == "guangdong") & (pts["year"] == 2017)].iloc[0]
    assert gd17["mark"] == "≥"
    assert not gd17["filled"]
    assert gd17["value_text"] == "over 15K enterprises"
    assert gd17["short_text"] == "over 15K"
    cn20 = pts[(pts["geo_id"] == "china") & (pts["year"] == 2020)].iloc[0]
    assert not cn20["filled"]
    assert cn20["value_text"] == "200K enterprises (est.)"
    assert pts["place"].iloc[0] == "China"


@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh-Hans", "超过1.5万家"), ("zh-Hant", "逾1.5萬家"), ("en", "over 15K enterprises")],
)
def test_points_value_text_in_three_languages(lang: str, text: str) -> None:
    pts = v.points(ENTERPRISES, HTE, ["guangdong"], GEO, lang, (2017, 2017))
    assert pts["value_text"].tolist() == [text]


def test_points_plot_the_preferred_value_and_list_the_others() -> None:
    obs = make_obs(
        obs_row("rd_intensity", "guangdong", 2023, 3.54, source="bulletin", publisher="Nanfang"),
        obs_row(
            "rd_intensity",
            "guangdong",
            2023,
            3.39,
            "estimate",
            source="wr",
            preferred=False,
            publisher="HKCD",
        ),
        obs_row(
            "rd_intensity",
            "guangdong",
            2023,
            2.8,
            source="site",
            preferred=False,
            publisher="Mindcron",
            published=None,
        ),
        obs_row("rd_intensity", "shenzhen", 2023, 6.46, source="a", publisher="A"),
        obs_row("rd_intensity", "shenzhen", 2023, 6.46, source="b", preferred=False, publisher="B"),
    )
    pts = v.points(obs, "rd_intensity", ["guangdong", "shenzhen"], GEO, "en").set_index("geo_id")
    gd = pts.loc["guangdong"]
    assert gd["value"] == 3.54
    assert gd["has_conflict"]
    assert gd["n_sources"] == 3
    assert gd["conflict_text"] == t("hightech.conflict.yes", "en")
    assert gd["others_text"] == "3.39% (est.) (HKCD, 2 Jan 2024); 2.8% (Mindcron)"
    assert gd["source_text"] == "Nanfang, 2 Jan 2024"
    # two sources, one value: not a conflict, the second still listed
    sz = pts.loc["shenzhen"]
    assert not sz["has_conflict"]
    assert sz["conflict_text"] == ""
    assert sz["others_text"] == "6.46% (B, 2 Jan 2024)"


def test_yoy_only_between_adjacent_exact_years_with_reasons() -> None:
    pts = v.points(ENTERPRISES, HTE, ["guangdong", "china"], GEO, "en")
    out = v.yoy(pts, "en").set_index(["geo_id", "year"])
    assert out.loc[("guangdong", 2016), "change"] == pytest.approx(20.0)  # 12000/10000
    assert out.loc[("guangdong", 2016), "change_text"] == "+20%"
    assert out.loc[("guangdong", 2020), "change"] == pytest.approx(25.0)  # 25000/20000
    expected_reasons = {
        ("guangdong", 2015): "first",
        ("guangdong", 2016): "ok",
        ("guangdong", 2017): "not_exact",
        ("guangdong", 2019): "gap",  # 2018 missing: never bridged
        ("guangdong", 2020): "ok",
        ("china", 2016): "first",
        ("china", 2019): "gap",
        ("china", 2020): "previous_not_exact",
    }
    assert out["reason"].to_dict() == expected_reasons
    assert math.isnan(out.loc[("guangdong", 2019), "change"])
    assert out.loc[("guangdong", 2019), "reason_text"] == t("hightech.reason.gap", "en")
    assert out.loc[("guangdong", 2016), "reason_text"] == ""
    # the two computed Guangdong changes are not adjacent: two segments, no line between them
    assert out.loc[("guangdong", 2016), "segment"] != out.loc[("guangdong", 2020), "segment"]


def test_yoy_of_a_percentage_is_in_percentage_points() -> None:
    obs = make_obs(
        obs_row("rd_intensity", "guangdong", 2021, 3.14),
        obs_row("rd_intensity", "guangdong", 2022, 3.26),
        obs_row("rd_intensity", "guangdong", 2023, 3.54),
        obs_row("rd_intensity", "guangdong", 2023, 2.8, source="x", preferred=False),
    )
    out = v.yoy(v.points(obs, "rd_intensity", ["guangdong"], GEO, "zh-Hans"), "zh-Hans")
    assert out["change"].round(2).tolist()[1:] == [0.12, 0.28]
    assert out["change_unit"].unique().tolist() == ["pp"]
    assert out["change_text"].tolist()[1:] == ["+0.12个百分点", "+0.28个百分点"]
    # 2023 is disputed, so its change is; 2022's change is not
    assert out["has_conflict"].tolist() == [False, False, True]


def test_yoy_never_reads_across_a_previous_value_that_is_not_exact() -> None:
    obs = make_obs(
        obs_row(HTE, "guangdong", 2023, 75_000, "lower_bound"),
        obs_row(HTE, "guangdong", 2024, 77_000, "approx"),
        obs_row(HTE, "guangdong", 2025, 74_000, "estimate"),
    )
    out = v.yoy(v.points(obs, HTE, ["guangdong"], GEO, "en"), "en")
    assert out["change"].isna().all()
    assert out["reason"].tolist() == ["first", "previous_not_exact", "previous_not_exact"]


def test_base_years_and_default_base() -> None:
    pts = v.points(ENTERPRISES, HTE, ["guangdong", "china"], GEO, "en")
    assert v.base_years(pts) == [2015, 2016, 2019, 2020]
    assert v.default_base(pts) == 2016  # the only year exact for both places
    lone = v.points(ENTERPRISES, HTE, ["china"], GEO, "en")
    assert v.default_base(lone) == 2016
    bounds = v.points(ENTERPRISES, HTE, ["china"], GEO, "en", (2019, 2020))
    assert v.base_years(bounds) == []
    assert v.default_base(bounds) is None


def test_index_needs_an_exact_base_and_keeps_qualifiers() -> None:
    pts = v.points(ENTERPRISES, HTE, ["guangdong", "china"], GEO, "en")
    out = v.index_to_base(pts, 2019, "en").set_index(["geo_id", "year"])
    assert out.loc[("guangdong", 2019), "index"] == pytest.approx(100)
    assert out.loc[("guangdong", 2020), "index"] == pytest.approx(125)
    assert out.loc[("guangdong", 2015), "index"] == pytest.approx(50)
    assert out.loc[("guangdong", 2017), "index_text"] == "over 75"
    china = out.loc["china"]
    assert china["index"].isna().all()  # its 2019 value is a lower bound
    assert set(china["reason"]) == {"base_not_exact"}
    assert china["reason_text"].iloc[0] == t("hightech.reason.base_not_exact", "en", base=2019)
    assert v.index_left_out(out.reset_index()) == ["China"]
    out15 = v.index_to_base(pts, 2015, "en")
    assert set(out15.loc[out15["geo_id"] == "china", "reason"]) == {"base_missing"}


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        ("exact", "exact", "exact"),
        ("exact", "estimate", "estimate"),
        ("estimate", "lower_bound", "estimate"),
        ("lower_bound", "exact", "lower_bound"),
        ("lower_bound", "lower_bound", "approx"),
        ("exact", "lower_bound", "approx"),
        ("approx", "exact", "approx"),
    ],
)
def test_combined_qualifier(numerator: str, denominator: str, expected: str) -> None:
    assert v.combined_qualifier(numerator, denominator) == expected


HEADLINES = pd.DataFrame(
    {
        "indicator_id": ["hightech_enterprises_share_of_china", "hightech_exports_yoy"],
        "geo_id": ["guangdong", "guangdong"],
        "year": [2024, 2024],
        "value": [15.4, 10.0],
        "qualifier": ["exact", "exact"],
        "source_id": ["art", "art"],
        "locator": ["[14]", "[14]"],
        "publisher": ["21st Century Business Herald", "21st Century Business Herald"],
        "published": ["2026-01-04", "2026-01-04"],
    }
)


def test_share_only_where_both_held_and_the_article_kept_apart() -> None:
    obs = make_obs(
        obs_row(HTE, "guangdong", 2021, 60_000, "lower_bound"),
        obs_row(HTE, "guangdong", 2022, 69_000),
        obs_row(HTE, "guangdong", 2023, 75_000, "lower_bound"),  # China 2023 not held
        obs_row(HTE, "guangdong", 2024, 77_000, "lower_bound"),
        obs_row(HTE, "china", 2012, 49_000),  # Guangdong 2012 not held
        obs_row(HTE, "china", 2021, 330_000),
        obs_row(HTE, "china", 2022, 400_000),
        obs_row(HTE, "china", 2024, 500_000, "lower_bound"),
        obs_row(
            "hightech_enterprises_share_of_china",
            "guangdong",
            2024,
            15.4,
            source="art",
            kind="article",
            locator="[14]",
        ),
    )
    share = v.share_of_china(obs, HEADLINES, GEO, "en")
    derived = share[share["series"] == "derived"].set_index("year")
    assert derived.index.tolist() == [2021, 2022, 2024]
    assert derived.loc[2022, "value"] == pytest.approx(17.25)
    assert derived.loc[2022, "qualifier"] == "exact"
    assert derived.loc[2021, "qualifier"] == "lower_bound"  # over 60K ÷ exactly 330K
    assert derived.loc[2021, "value_text"] == "over 18.2%"
    assert derived.loc[2024, "qualifier"] == "approx"  # over ÷ over: either way
    assert derived.loc[2024, "value"] == pytest.approx(15.4)
    assert derived.loc[2022, "numerator_text"] == "69K enterprises"
    assert derived.loc[2022, "denominator_text"] == "400K enterprises"
    article = share[share["series"] == "article"]
    assert article["year"].tolist() == [2024]
    assert article["value"].tolist() == [15.4]
    assert "[14]" in article["source_text"].iloc[0]
    assert article["series_label"].iloc[0] == t("hightech.share.series.article", "en")
    assert derived["segment"].tolist() == ["derived#0", "derived#0", "derived#1"]
    only_2022 = v.share_of_china(obs, HEADLINES, GEO, "en", (2022, 2023))
    assert only_2022["series"].tolist() == ["derived"]


def test_share_falls_back_to_article_rows_without_headlines() -> None:
    obs = make_obs(
        obs_row(
            "hightech_enterprises_share_of_china",
            "guangdong",
            2024,
            15.4,
            source="art",
            kind="article",
            locator="[9]",
        ),
    )
    share = v.share_of_china(obs, HEADLINES.iloc[0:0], GEO, "en")
    assert share["series"].tolist() == ["article"]
    assert share["source_text"].iloc[0].endswith("[9]")


EXPORTS = make_obs(
    obs_row("hightech_exports_usd", "guangdong", 2018, 2337.57),
    obs_row(
        "hightech_exports", "guangdong", 2024, 18284.6, source="art", kind="article", locator="[14]"
    ),
    obs_row(
        "hightech_exports_yoy", "guangdong", 2024, 10, source="art", kind="article", locator="[14]"
    ),
    obs_row("exports_total_yoy", "guangdong", 2022, 5.5),
    obs_row("exports_total_yoy", "guangdong", 2023, 2.5),
)


def test_exports_keep_each_currency_apart() -> None:
    out = v.exports(EXPORTS, "en")
    assert out["panel"].tolist() == ["hightech_exports_usd", "hightech_exports"]
    assert out["unit"].tolist() == ["usd_100m", "cny_100m"]
    assert out["value_text"].tolist() == ["USD 233.8 billion", "CNY 1.83 trillion"]
    assert out["segment"].nunique() == 2  # no line could join them
    assert v.exports(EXPORTS, "en", (2020, 2025))["year"].tolist() == [2024]


def test_exports_claim_is_quoted_with_its_reference_not_computed() -> None:
    claim = md_unescape(v.exports_claim(EXPORTS, HEADLINES, "en"))
    assert "10%" in claim
    assert "[14]" in claim
    assert "reversing two consecutive years of decline" in claim
    assert v.exports_claim(EXPORTS.iloc[0:2], HEADLINES.iloc[0:0], "en") is None
    context = v.exports_context(EXPORTS, "zh-Hans")
    assert "2022年+5.5%" in context
    assert "2023年+2.5%" in context


def test_cities_ordered_by_latest_value_and_missing_named() -> None:
    obs = make_obs(
        obs_row(HTE, "zhuhai", 2021, 2_100, "lower_bound"),
        obs_row(HTE, "shenzhen", 2022, 23_000),
        obs_row(HTE, "shenzhen", 2024, 25_000, "lower_bound"),
        obs_row(HTE, "guangdong", 2024, 77_000),
    )
    cities = v.city_points(obs, GEO, "zh-Hant")
    assert cities["geo_id"].tolist() == ["shenzhen", "shenzhen", "zhuhai"]
    assert v.cities_without_data(cities, GEO, "zh-Hant") == ["江門"]  # HK is not a GD city


def test_trend_yoy_keeps_the_previous_year_outside_the_range() -> None:
    plotted, table = v.trend(ENTERPRISES, HTE, ["guangdong"], GEO, (2016, 2017), "yoy", None, "en")
    assert plotted["year"].tolist() == [2016, 2017]
    assert plotted["change"].iloc[0] == pytest.approx(20.0)
    assert table.columns.tolist() == [
        t(k, "en")
        for k in (
            "hightech.field.place",
            "field.year",
            "field.value",
            "field.qualifier",
            "hightech.field.change",
            "hightech.field.change_number",
            "hightech.field.why_not",
            "field.source",
            "field.link",
        )
    ]
    assert table[t("hightech.field.why_not", "en")].tolist() == [
        "",
        t("hightech.reason.not_exact", "en"),
    ]


def test_level_table_has_one_row_per_plotted_point_with_qualifier_and_source() -> None:
    plotted, table = v.trend(
        ENTERPRISES, HTE, ["guangdong"], GEO, (2015, 2020), "level", None, "zh-Hans"
    )
    assert len(table) == len(plotted) == 5
    assert table["数值类型"].tolist()[2] == "≥ 超过"
    assert table[t("field.source", "zh-Hans")].iloc[0] == "Pub，2024年1月2日"


def test_axis_title_and_source_caption() -> None:
    assert v.axis_title("R&D intensity", "percent_of_gdp", "en") == "R&D intensity (% of GDP)"
    assert v.axis_title("高新技术企业数量", "enterprises", "zh-Hans") == "高新技术企业数量（家）"
    assert v.axis_title("R&D expenditure (CNY)", "cny_100m", "en") == "R&D expenditure (CNY)"
    pts = v.points(ENTERPRISES, HTE, ["guangdong"], GEO, "en")
    assert v.publishers_caption([pts, pts], "en") == t("ui.source_line", "en", source="Pub")


def test_alt_text_is_data_driven() -> None:
    obs = make_obs(
        obs_row(HTE, "guangdong", 2023, 75_000),
        obs_row(HTE, "guangdong", 2024, 77_000, "lower_bound"),
        obs_row(HTE, "guangdong", 2025, 74_000, "estimate"),
    )
    pts = v.points(obs, HTE, ["guangdong"], GEO, "en")
    text = v.trend_alt(pts, "level", "High-tech enterprises", "en")
    assert text == (
        "High-tech enterprises: Guangdong: from 75K enterprises in 2023 to 74K enterprises "
        "(est.) in 2025 (peak over 77K enterprises in 2024)."
    )
    empty = v.trend_alt(v.yoy(pts, "en"), "yoy", "X", "en")
    assert empty == t("hightech.alt.empty", "en", metric="X")


def test_filter_choices() -> None:
    obs = make_obs(
        obs_row("rd_intensity", "hong_kong", 2020, 0.99),
        obs_row("rd_intensity", "guangdong", 2020, 2.9),
        obs_row(HTE, "guangdong", 2020, 53_000),
    )
    assert v.metric_options(obs) == ["hightech_enterprises", "rd_intensity"]
    options = v.geo_options(obs, "rd_intensity", GEO)
    assert options == ["guangdong", "hong_kong"]
    assert v.default_geos("rd_intensity", options) == ("guangdong", "hong_kong")
    assert v.default_geos("hightech_enterprises", ["zhuhai"]) == ("zhuhai",)
    assert v.year_bounds(obs) == (2020, 2020)


@pytest.mark.parametrize(
    ("lang", "gap"),
    [
        ("en", "(no value held for 2018)"),
        ("zh-Hans", "（2018年无数值）"),
        ("zh-Hant", "（2018年無數值）"),
    ],
)
def test_a_level_key_point_names_the_years_it_spans_without_a_value(lang, gap) -> None:
    pts = v.points(ENTERPRISES, HTE, ["guangdong"], GEO, lang)
    text = v.trend_alt(pts, "level", "HTE", lang)
    assert gap in text
    assert "2015" in text
    assert "2020" in text
    unbroken = v.points(ENTERPRISES[ENTERPRISES["year"] >= 2019], HTE, ["guangdong"], GEO, lang)
    assert "2018" not in v.trend_alt(unbroken, "level", "HTE", lang)


def test_a_growth_key_point_never_bridges_a_missing_year() -> None:
    pts = v.points(ENTERPRISES, HTE, ["guangdong"], GEO, "en")
    text = v.trend_alt(v.yoy(pts, "en"), "yoy", "HTE", "en")
    # changes exist for 2016 (+20%) and 2020 (+25%) only: 2017–2019 are named as gaps
    assert "from +20% in 2016 to +25% in 2020 (no value held for 2017–2019)" in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh-Hans", ("超过", "预计")), ("zh-Hant", ("逾", "預計")), ("en", ("over", "est."))],
)
def test_a_key_point_keeps_the_qualifiers_of_the_values_it_names(lang, words) -> None:
    obs = make_obs(
        obs_row(HTE, "guangdong", 2023, 75_000, "lower_bound"),
        obs_row(HTE, "guangdong", 2024, 77_000),
        obs_row(HTE, "guangdong", 2025, 74_000, "estimate"),
    )
    text = v.trend_alt(v.points(obs, HTE, ["guangdong"], GEO, lang), "level", "HTE", lang)
    assert all(word in text for word in words), text
    # the latest value is the one the sentence ends on
    latest = v.points(obs, HTE, ["guangdong"], GEO, lang)["value_text"].iloc[-1]
    assert latest in text
