"""The pilots page with the real data: defaults, each URL filter, a focused pilot, 3 languages."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from gba_dash import db, queries
from gba_dash.charts import pilots as charts
from gba_dash.charts import titles
from gba_dash.i18n import LANGS, t
from gba_dash.safe_text import md_escape
from gba_dash.shaping import pilots as v
from tests.app.conftest import no_exceptions, texts

FILTER_KEYS = ("status", "domain", "cities", "pilot")


@pytest.fixture(scope="module")
def real_pilots(real_db: Path):
    con = db.open_readonly(real_db)
    try:
        yield queries.get_pilots(con), queries.get_terms(con)
    finally:
        con.close()


def _open(make_app, lang: str = "en", **params: str):
    at = make_app(lang, {"lang": lang, **params}, page="pilots")
    no_exceptions(at)
    return at


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _status_metrics(at, terms, lang: str) -> dict[str, int]:
    names = v.term_names(terms, "status", lang)
    shown = _metrics(at)
    return {code: int(shown[names[code]]) for code in names.index}


def _cards(at) -> list:
    return [e for e in at.expander if " · " in e.label]


def _param(at, key: str) -> str:
    value = at.query_params[key]
    return value if isinstance(value, str) else ",".join(value)


def _chart_rows(chart) -> pd.DataFrame:
    """The rows Streamlit sent with a chart (Altair's inline datasets travel as Arrow)."""
    return pd.concat(
        [convert_arrow_bytes_to_pandas_df(ds.data.data) for ds in chart.proto.datasets]
    )


def _features(spec: dict) -> list[dict]:
    """The map's GeoJSON features: Streamlit leaves a GeoJSON dataset in the spec."""
    return spec["datasets"][charts.CITY_DATASET]


def _charts(at) -> list[dict]:
    # the titles as built: their phone lines are charts.titles' (tests/unit/test_chart_titles.py)
    return [
        titles.without_breaks(json.loads(chart.proto.spec)) for chart in at.get("vega_lite_chart")
    ]


def test_defaults_show_every_pilot(make_app, real_pilots) -> None:
    pilots, terms = real_pilots
    at = _open(make_app)
    assert at.title[0].value == t("page.pilots", "en")
    heads = [s.value for s in at.subheader]
    for key in (
        "pilots.overview",
        "pilots.map",
        "pilots.board",
        "pilots.timeline",
        "pilots.targets",
    ):
        assert t(key, "en") in heads
    counts = _status_metrics(at, terms, "en")
    assert sum(counts.values()) == len(pilots)
    assert counts == pilots["status"].value_counts().reindex(list(counts), fill_value=0).to_dict()
    assert len(_cards(at)) == len(pilots)
    assert not any(card.proto.expanded for card in _cards(at))  # nothing focused
    assert len(_charts(at)) == 3  # map, timeline, targets
    assert not any(key in at.query_params for key in FILTER_KEYS)  # defaults stay out of links
    assert t("pilots.shown", "en", shown=len(pilots), total=len(pilots)) in texts(at)


def test_status_filter(make_app, real_pilots) -> None:
    pilots, terms = real_pilots
    at = _open(make_app, status="operational,scaling")
    counts = _status_metrics(at, terms, "en")
    assert counts["announced"] == counts["piloting"] == 0
    expected = int(pilots["status"].isin(["operational", "scaling"]).sum())
    assert counts["operational"] + counts["scaling"] == expected == len(_cards(at))
    assert at.multiselect(key="status").value == ["operational", "scaling"]
    assert _param(at, "status") == "operational,scaling"


def test_domain_filter(make_app, real_pilots) -> None:
    pilots, terms = real_pilots
    at = _open(make_app, domain="health")
    names = v.term_names(terms, "domain", "en")
    expected = int((pilots["domain"] == "health").sum())
    assert int(_metrics(at)[names["health"]]) == expected == len(_cards(at))
    assert int(_metrics(at)[names["finance"]]) == 0


def test_cities_filter_and_map_outline(make_app, real_pilots) -> None:
    pilots, _ = real_pilots
    at = _open(make_app, cities="macao")
    expected = v.filter_pilots(pilots, cities=["macao"])
    assert len(_cards(at)) == len(expected) > 0
    features = _features(_charts(at)[0])
    assert len(features) == 11
    assert [f["geo_id"] for f in features if f["selected"]] == ["macao"]
    # the map ignores the city filter it sets: Shenzhen keeps all its pilots
    shenzhen = next(f for f in features if f["geo_id"] == "shenzhen")
    assert shenzhen["n_pilots"] == len(v.filter_pilots(pilots, cities=["shenzhen"]))


def test_focused_pilot(make_app, real_pilots) -> None:
    pilots, _ = real_pilots
    at = _open(make_app, pilot="hksz_fintech_plan")
    name = v.pilot_names(pilots, "en")["hksz_fintech_plan"]
    expanded = [card.label for card in _cards(at) if card.proto.expanded]
    assert len(expanded) == 1
    assert expanded[0].startswith(md_escape(name))
    assert _cards(at)[0].label == expanded[0]  # the focused card comes first
    timeline = _charts(at)[1]
    axis = timeline["layer"][0]["encoding"]["y"]["axis"]
    expr = axis["labelFontWeight"]["expr"]
    # the lane is the full name; the axis draws it short
    assert expr == f"datum.value === {json.dumps(name, ensure_ascii=False)} ? 'bold' : 'normal'"
    assert (
        json.dumps(charts.shorten(name, charts.LANE_CHARS_EN), ensure_ascii=False)
        in (axis["labelExpr"])
    )
    assert at.selectbox(key="pilot").value == "hksz_fintech_plan"
    # the plan's tooltip carries the date conflict (the source article says December 2025)
    rows = _chart_rows(at.get("vega_lite_chart")[1])
    plan = rows[rows["pilot_id"] == "hksz_fintech_plan"].iloc[0]
    assert plan["date_text"] == "19 Nov 2025"
    assert "December 2025" in plan["note"]


def test_bad_values_warn_and_fall_back(make_app, real_pilots) -> None:
    pilots, _ = real_pilots
    at = _open(
        make_app,
        status="operational,<script>",
        domain="finance",
        cities="atlantis",
        pilot="x' OR 1=1 --",
    )
    warnings = [w.value for w in at.warning]
    for key in ("status", "cities", "pilot"):
        assert t("warn.param_invalid", "en", param=key) in warnings
    assert "script" not in texts(at)
    assert "OR 1=1" not in texts(at)
    assert len(_cards(at)) == int((pilots["domain"] == "finance").sum())  # the good one holds


@pytest.mark.parametrize("lang", LANGS)
def test_three_languages(make_app, real_pilots, lang: str) -> None:
    _, terms = real_pilots
    at = _open(make_app, lang)
    assert at.title[0].value == t("page.pilots", lang)
    assert set(v.term_names(terms, "status", lang)) <= set(_metrics(at))
    spec = _charts(at)[0]
    names = {f["geo_id"]: f["name"] for f in _features(spec)}
    assert names["guangzhou"] == {"zh-Hans": "广州", "zh-Hant": "廣州", "en": "Guangzhou"}[lang]
    assert spec["title"] == t("pilots.map_title", lang)
    assert at.get("vega_lite_chart")[0].proto.alt.endswith(("。", "."))


def test_choosing_a_status_writes_the_url(make_app) -> None:
    at = _open(make_app)
    at.multiselect(key="status").set_value(["scaling"]).run()
    no_exceptions(at)
    assert _param(at, "status") == "scaling"
    at.selectbox(key="pilot").set_value("szhk_dvp").run()
    assert _param(at, "pilot") == "szhk_dvp"
    assert [c.proto.expanded for c in _cards(at)] == [True]
