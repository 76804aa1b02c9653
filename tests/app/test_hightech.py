"""The high-tech page with the real data: defaults, each URL filter, bad links, three languages."""

from __future__ import annotations

import json

import pytest

from gba_dash.charts import titles
from gba_dash.i18n import LANGS, t
from tests.app.conftest import no_exceptions, open_tables, texts

RD_PLACES = {"Guangdong", "Shenzhen", "Guangzhou", "Hong Kong", "Macao", "China"}


def open_page(make_app, lang: str = "en", **params: str):
    at = make_app(lang, {"lang": lang, **params}, page="hightech")
    no_exceptions(at)
    return at


def tables(at):
    """The charts' data tables, opened as a reader opens them (after the first run's checks)."""
    if not at.dataframe:
        open_tables(at)
        no_exceptions(at)
    return at.dataframe


def specs(at) -> list[dict]:
    # the titles as built: their phone lines are charts.titles' (tests/unit/test_chart_titles.py)
    return [
        titles.without_breaks(json.loads(chart.proto.spec)) for chart in at.get("vega_lite_chart")
    ]


def alts(at) -> list[str]:
    return [chart.proto.alt for chart in at.get("vega_lite_chart")]


def url(at) -> dict[str, str]:
    """The page's query parameters as key → code (AppTest may hold lists or strings)."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in dict(at.query_params).items()}


def trend_table(at):
    return tables(at)[0].value


def test_defaults(make_app) -> None:
    at = open_page(make_app)
    assert at.title[0].value == t("page.hightech", "en")
    assert not at.warning
    assert url(at) == {"lang": "en"}  # defaults stay out of the URL
    assert at.selectbox(key="metric").value == "hightech_enterprises"
    assert at.multiselect(key="geos").value == ["guangdong", "china"]
    assert at.radio(key="view").value == "level"
    charts = specs(at)
    assert len(charts) == 5  # trend, share, R&D intensity, exports, cities
    assert "facet" in charts[0]  # Guangdong and China on separate panels
    assert set(trend_table(at)[t("hightech.field.place", "en")]) == {"Guangdong", "China"}
    assert all(alt for alt in alts(at))
    assert alts(at)[0].startswith("High-tech enterprises: Guangdong: from ")
    body = texts(at)
    assert "[14]" in body  # the article's claim and share carry its reference
    assert "reversing two consecutive years of decline" in body
    assert t("hightech.share.rule", "en") in body
    # the share table holds the computed series and the article's figure, apart
    share = tables(at)[1].value
    series = set(share[t("hightech.field.series", "en")])
    assert series == {
        t("hightech.share.series.derived", "en"),
        t("hightech.share.series.article", "en"),
    }


def test_metric_rd_intensity_shows_conflicts(make_app) -> None:
    at = open_page(make_app, metric="rd_intensity")
    assert at.multiselect(key="geos").value == [
        "guangdong",
        "shenzhen",
        "guangzhou",
        "hong_kong",
        "macao",
        "china",
    ]
    table = trend_table(at)
    assert set(table[t("hightech.field.place", "en")]) == RD_PLACES
    disputed = table[table[t("hightech.field.conflict", "en")] != ""]
    pairs = set(
        zip(disputed[t("hightech.field.place", "en")], disputed[t("field.year", "en")], strict=True)
    )
    assert {("Guangdong", 2023), ("Shenzhen", 2022)} <= pairs
    others = disputed[t("hightech.field.others", "en")]
    assert all(others != "")
    assert len(specs(at)) == 4  # the fixed R&D chart is not drawn twice
    assert t("hightech.rd.above", "en") in texts(at)
    assert t("hightech.chart.conflict_note", "en") in specs(at)[0]["title"]["subtitle"]


def test_geos_and_years_params(make_app) -> None:
    at = open_page(make_app, metric="rd_intensity", geos="shenzhen,guangzhou", years="2020..2024")
    assert not at.warning
    assert at.slider(key="years").value == (2020, 2024)
    table = trend_table(at)
    assert set(table[t("hightech.field.place", "en")]) == {"Shenzhen", "Guangzhou"}
    assert table[t("field.year", "en")].between(2020, 2024).all()
    for frame in tables(at)[1:]:
        assert frame.value[t("field.year", "en")].between(2020, 2024).all()
    assert url(at)["geos"] == "shenzhen,guangzhou"


def test_view_yoy_only_where_both_years_are_exact(make_app) -> None:
    at = open_page(make_app, view="yoy")
    table = trend_table(at)
    place, year = t("hightech.field.place", "en"), t("field.year", "en")
    change, why = t("hightech.field.change", "en"), t("hightech.field.why_not", "en")
    qualifier = t("field.qualifier", "en")
    computed = table[table[change] != ""]
    assert not computed.empty
    for row in computed.itertuples(index=False):
        row = dict(zip(table.columns, row, strict=True))
        previous = table[(table[place] == row[place]) & (table[year] == row[year] - 1)]
        assert len(previous) == 1
        assert previous[qualifier].iloc[0] == row[qualifier] == t("qualifier.exact", "en")
    assert (table.loc[table[change] == "", why] != "").all()  # and says why elsewhere
    assert t("hightech.yoy.rule", "en") in texts(at)
    assert specs(at)[0]["title"]["text"].endswith(
        t("hightech.trend.title.yoy", "en", metric="").strip()
    )


def test_view_index_with_base(make_app) -> None:
    at = open_page(make_app, view="index", base="2018")
    assert not at.warning
    assert at.selectbox(key="base").value == "2018"
    assert "2018" in specs(at)[0]["title"]["text"]
    assert t("hightech.index.left_out", "en", places="China", base=2018) in texts(at)
    table = trend_table(at)
    index = t("hightech.field.index", "en")
    base_row = table[
        (table[t("field.year", "en")] == 2018)
        & (table[t("hightech.field.place", "en")] == "Guangdong")
    ]
    assert base_row[index].tolist() == ["100"]


@pytest.mark.parametrize(
    "params",
    [
        {"metric": "bogus"},
        {"geos": "atlantis"},
        {"years": "1800..3000"},
        {"view": "<b>zzz</b>"},
        {"view": "index", "base": "1999"},
    ],
)
def test_bad_values_warn_and_fall_back(make_app, params: dict[str, str]) -> None:
    at = open_page(make_app, **params)
    key = list(params)[-1]
    assert [w.value for w in at.warning] == [t("warn.param_invalid", "en", param=key)]
    assert "zzz" not in texts(at)
    assert "atlantis" not in texts(at)
    assert len(specs(at)) == 5
    if key == "base":
        assert at.selectbox(key="base").value != "1999"


@pytest.mark.parametrize("lang", LANGS)
def test_three_languages(make_app, lang: str) -> None:
    at = open_page(make_app, lang)
    assert at.title[0].value == t("page.hightech", lang)
    names = {
        "zh-Hans": "高新技术企业数量",
        "zh-Hant": "高新技術企業數量",
        "en": "High-tech enterprises",
    }
    assert specs(at)[0]["title"]["text"] == t(
        "hightech.trend.title.level", lang, metric=names[lang]
    )
    scale_word = {"zh-Hans": "万家", "zh-Hant": "萬家", "en": "K enterprises"}[lang]
    assert scale_word in alts(at)[0]
    assert at.subheader[1].value == t("hightech.share.heading", lang)
    headers = list(trend_table(at).columns)
    assert t("field.qualifier", lang) in headers
    assert t("field.source", lang) in headers


def test_picking_another_metric_shows_its_places(make_app) -> None:
    at = open_page(make_app)
    at.selectbox(key="metric").set_value("rd_intensity").run()
    no_exceptions(at)
    assert at.multiselect(key="geos").value == [
        "guangdong",
        "shenzhen",
        "guangzhou",
        "hong_kong",
        "macao",
        "china",
    ]
    assert url(at)["metric"] == "rd_intensity"
    assert "geos" not in url(at)
    at.radio(key="view").set_value("index").run()
    no_exceptions(at)
    assert url(at)["view"] == "index"
    assert at.selectbox(key="base").value
