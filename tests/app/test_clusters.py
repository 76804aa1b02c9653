"""The cluster rankings page with the real data: defaults, URL filters, click-to-add, languages."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from gba_dash.charts import titles
from gba_dash.i18n import LANGS, t
from gba_dash.shaping.clusters import CHART_TABS, DEFAULT_CLUSTERS, NATIONAL_CENTRES
from tests.app.conftest import no_exceptions, texts
from tests.conftest import REAL_DATA
from tests.next_year import latest_edition

PAGE = "clusters"
#: The page opens on the latest edition held, whatever it is; facts of one edition are checked
#: on a link naming that edition.
LATEST = latest_edition(REAL_DATA)


def held_ranks(edition: int) -> set[int]:
    """The ranks data/ holds for `edition` (read from the CSV, as a steward edits it)."""
    import csv

    with (REAL_DATA / "cluster_ranks.csv").open(encoding="utf-8") as fh:
        return {int(r["rank"]) for r in csv.DictReader(fh) if int(r["edition"]) == edition}


def title_of(spec: dict) -> tuple[str, str]:
    """A chart's (title, subtitle): a title without a subtitle is a plain string."""
    title = spec["title"]
    return (title, "") if isinstance(title, str) else (title["text"], title.get("subtitle", ""))


def named_ranks(subtitle: str) -> set[int]:
    """The ranks a "Ranks 17, 18, 20 not held" / "Ranks 36–41, 43–47 not held" line names."""
    found: set[int] = set()
    for lo, hi in re.findall(r"(\d+)(?:–(\d+))?", subtitle):
        found |= set(range(int(lo), int(hi or lo) + 1))
    return found


def specs(at) -> list[dict]:
    """Each chart's spec, with its datasets (Streamlit ships them as Arrow) put back in."""
    out = []
    for chart in at.get("vega_lite_chart"):
        # the titles as built: their phone lines are tested in tests/unit/test_chart_titles.py
        spec = titles.without_breaks(json.loads(chart.proto.spec))
        spec["datasets"] = {
            ds.name: convert_arrow_bytes_to_pandas_df(ds.data.data) for ds in chart.proto.datasets
        }
        out.append(spec)
    return out


def chart_rows(spec: dict) -> pd.DataFrame:
    """Every data row of a spec (all its datasets together)."""
    return pd.concat(list(spec["datasets"].values()), ignore_index=True)


def url(at) -> dict[str, str]:
    """The page's query parameters as key → value (AppTest gives a str or a list of str)."""
    out = {}
    for key in at.query_params:
        value = at.query_params[key]
        out[key] = value[-1] if isinstance(value, list) else value
    return out


def alts(at) -> list[str]:
    return [c.proto.alt for c in at.get("vega_lite_chart")]


def chart_specs(make_app, lang: str, params: dict[str, str]) -> dict[str, dict]:
    """Each one-chart tab's spec (chart code → spec), each opened by its `?chart=` link (the
    profile, with four charts, has its own tests)."""
    out = {}
    for code in CHART_TABS:
        if code == "profile":
            continue
        at = make_app(lang, {**params, "chart": code}, page=PAGE)
        no_exceptions(at)
        (spec,) = specs(at)  # one chart per tab: the hidden ones are not built
        out[code] = spec
    return out


def test_defaults(make_app) -> None:
    at = make_app("en", {"lang": "en"}, page=PAGE)
    no_exceptions(at)
    assert not at.warning
    assert [tab.label for tab in at.tabs] == [
        t(f"clusters.section.{code}", "en") for code in CHART_TABS
    ]
    assert len(at.get("vega_lite_chart")) == 1  # only the open tab (the ranking) is drawn
    assert set(url(at)) == {"lang"}  # defaults stay out of the URL
    assert at.selectbox(key="edition").value == LATEST
    assert at.slider(key="top").value == 20
    assert at.multiselect(key="economies").value == []
    assert at.multiselect(key="clusters").value == list(DEFAULT_CLUSTERS)
    held = held_ranks(LATEST)
    assert f"Ranks held: {len(held)} of 100 for {LATEST}, not the full list" in texts(at)
    assert alts(at)[0].startswith(f"In {LATEST}, ")
    charts = chart_specs(make_app, "en", {"lang": "en"})
    # chart 1: the latest edition's top 20, partial list said under it
    ranking = charts["ranking"]
    assert ranking["datasets"].keys() == specs(at)[0]["datasets"].keys()  # same as the default
    text, subtitle = title_of(ranking)
    assert text == t("clusters.chart.ranking", "en", edition=LATEST, top=20)
    # the ranks the list held lacks are named on the chart itself
    assert named_ranks(subtitle) == set(range(1, 21)) - held
    assert set(chart_rows(ranking)["rank"]) == held & set(range(1, 21))
    # chart 2: the seven default clusters, gaps unbridged, breaks from data
    data = chart_rows(charts["history"])
    assert set(data["cluster_id"].dropna()) == set(DEFAULT_CLUSTERS)
    assert {2017.5, 2019.5, 2024.5} <= set(data["x"].dropna())
    # chart 3 prefers stated counts: China 24 and US 22 in 2025
    cells = chart_rows(charts["counts"]).set_index(["edition", "economy"])
    assert cells.loc[(2025, "CN"), "basis"] == "stated"
    assert cells.loc[(2025, "US"), "count"] == 22
    # chart 4: the three national innovation centres
    assert [p["title"] for p in charts["centres"]["hconcat"]] == [
        "Beijing",
        "Shanghai–Suzhou",
        "Shenzhen–Hong Kong–Guangzhou",
    ]
    assert len(NATIONAL_CENTRES) == 3


def test_each_filter_through_the_url(make_app) -> None:
    params = {
        "lang": "en",
        "edition": "2023",
        "top": "50",
        "economies": "CN,HK",
        "clusters": "szhkgz,beijing",
        "editions": "2019..2024",
    }
    at = make_app("en", params, page=PAGE)
    no_exceptions(at)
    assert not at.warning
    assert at.selectbox(key="edition").value == 2023
    assert at.slider(key="top").value == 50
    assert at.multiselect(key="economies").value == ["CN", "HK"]
    assert at.multiselect(key="clusters").value == ["szhkgz", "beijing"]
    assert at.slider(key="editions").value == (2019, 2024)
    charts = chart_specs(make_app, "en", params)
    ranking = charts["ranking"]
    text, subtitle = title_of(ranking)
    assert text == t("clusters.chart.ranking", "en", edition=2023, top=50)
    assert named_ranks(subtitle) == set(range(1, 51)) - held_ranks(2023)
    rows = chart_rows(ranking)
    assert rows["rank"].max() <= 50
    assert all("China" in e for e in rows["economy"])  # only clusters spanning CN or HK
    data = chart_rows(charts["history"]).dropna(subset=["cluster_id"])
    assert set(data["cluster_id"]) == {"szhkgz", "beijing"}
    assert data["edition"].between(2019, 2024).all()
    assert set(chart_rows(charts["counts"])["edition"]) <= set(range(2019, 2025))
    assert url(at) == params  # the view is shareable as is
    history = make_app("en", {**params, "chart": "history"}, page=PAGE)
    assert url(history) == {**params, "chart": "history"}


def test_the_open_chart_follows_the_url_and_the_tabs(make_app) -> None:
    at = make_app("en", {"lang": "en", "chart": "counts"}, page=PAGE)
    no_exceptions(at)
    assert not at.warning
    assert specs(at)[0]["title"] == t("clusters.chart.counts", "en")
    assert at.tabs[2].label == at.session_state["chart"]  # the tab shown open
    # a tab clicked: the URL follows, by code
    at.session_state["chart"] = t("clusters.section.centres", "en")
    at.run()
    no_exceptions(at)
    assert url(at)["chart"] == "centres"
    assert "hconcat" in specs(at)[0]
    # the first tab is the default, so it leaves the URL
    at.session_state["chart"] = t("clusters.section.ranking", "en")
    at.run()
    assert "chart" not in url(at)
    assert title_of(specs(at)[0])[0] == t("clusters.chart.ranking", "en", edition=LATEST, top=20)


def test_a_language_switch_keeps_the_open_chart(make_app) -> None:
    at = make_app("en", {"lang": "en", "chart": "history"}, page=PAGE)
    at.segmented_control(key="lang").set_value("zh-Hant").run()
    no_exceptions(at)
    assert at.session_state["chart"] == t("clusters.section.history", "zh-Hant")
    assert url(at)["chart"] == "history"  # the link does not depend on the language
    assert specs(at)[0]["title"] == t("clusters.chart.history", "zh-Hant")


def test_widget_change_goes_to_the_url(make_app) -> None:
    at = make_app("en", {"lang": "en"}, page=PAGE)
    at.selectbox(key="edition").set_value(2024).run()
    at.slider(key="top").set_value(100).run()
    no_exceptions(at)
    assert url(at)["edition"] == "2024"
    assert url(at)["top"] == "100"
    assert f"Ranks held: {len(held_ranks(2024))} of 100 for 2024" in texts(at)


def test_bad_values_warn_and_fall_back(make_app) -> None:
    params = {
        "lang": "en",
        "edition": "2016",
        "top": "5",
        "economies": "CN,XX",
        "clusters": "szhkgz,<script>",
        "editions": "2010..2030",
        "chart": "Rank history",  # a label, not a code
    }
    at = make_app("en", params, page=PAGE)
    no_exceptions(at)
    warned = [w.value for w in at.warning]
    assert warned == [
        t("warn.param_invalid", "en", param=k)
        for k in ("edition", "top", "economies", "clusters", "editions", "chart")
    ]
    assert at.selectbox(key="edition").value == LATEST
    assert at.multiselect(key="clusters").value == list(DEFAULT_CLUSTERS)
    assert set(url(at)) == {"lang"}
    assert "script" not in texts(at)


def test_selecting_a_cluster_in_the_ranking_adds_it_to_the_history(make_app) -> None:
    at = make_app("en", {"lang": "en"}, page=PAGE)
    ranked = chart_rows(specs(at)[0])["cluster_id"].dropna().tolist()
    new = next(c for c in ranked if c not in DEFAULT_CLUSTERS)
    # AppTest cannot click a Vega chart: send the selection a click would (private API).
    chart = at.get("vega_lite_chart")[0]
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    state.string_value = json.dumps({"selection": {"pick": [{"cluster_id": new}]}})
    at._run(states)
    no_exceptions(at)
    assert at.multiselect(key="clusters").value == [*DEFAULT_CLUSTERS, new]
    assert url(at)["clusters"] == ",".join([*DEFAULT_CLUSTERS, new])
    # the history is on another tab: a toast says where the cluster went
    assert [toast.value for toast in at.toast] == [t("clusters.picked", "en")]
    at.session_state["chart"] = t("clusters.section.history", "en")
    at.run()
    assert new in set(chart_rows(specs(at)[0])["cluster_id"].dropna())


@pytest.mark.parametrize("lang", LANGS)
def test_all_three_languages(make_app, lang: str) -> None:
    at = make_app(lang, {"lang": lang, "edition": "2025"}, page=PAGE)  # 2025's facts, by link
    no_exceptions(at)  # strict i18n: a missing string raises
    expected = {
        "zh-Hans": "2025年深圳-香港-广州集群位列第1，较2024年上升1位",
        "zh-Hant": "2025年深圳-香港-廣州集群位列第1，較2024年上升1位",
        "en": "In 2025, Shenzhen–Hong Kong–Guangzhou ranked No. 1, up 1 from 2024",
    }
    assert alts(at)[0].startswith(expected[lang])
    assert [tab.label for tab in at.tabs] == [t(f"clusters.section.{k}", lang) for k in CHART_TABS]
    (history,) = specs(make_app(lang, {"lang": lang, "chart": "history"}, page=PAGE))
    assert history["title"] == t("clusters.chart.history", lang)
    labels = set(chart_rows(history)["label"].dropna())  # break labels, from the data
    assert any(label.startswith("2020") for label in labels)
    if lang != "en":
        assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels)
    assert at.multiselect(key="economies").label == t("clusters.filter.economies", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_profile_tab_draws_one_part_at_a_time_with_its_key_point(make_app, lang) -> None:
    params = {"lang": lang, "chart": "profile", "edition": "2025", "cluster": "szhkgz"}
    at = make_app(lang, params, page=PAGE)
    no_exceptions(at)
    assert not at.warning
    assert at.selectbox(key="cluster").value == "szhkgz"
    labels = [tab.label for tab in at.tabs]
    assert [t(f"clusters.profile.heading.{p}", lang) for p in ("metrics", "intensity")] == (
        labels[len(CHART_TABS) : len(CHART_TABS) + 2]
    )
    (shares_spec,) = specs(at)  # only the open part is built
    shares = chart_rows(shares_spec)
    assert t("clusters.metric.vc_share", lang) in set(shares["metric_name"])
    focus = shares[shares["cluster_id"] == "szhkgz"].set_index("metric")["share"]
    assert (focus["pct_share"], focus["publications_share"], focus["vc_share"]) == (9, 2.4, 2.9)
    assert "45" in alts(at)[0]  # the key point names the intensity rank
    assert t("clusters.profile.previous_missing", lang, edition=2025) in texts(at)
    for part in ("intensity", "leaders", "history"):
        at = make_app(lang, {**params, "part": part}, page=PAGE)
        no_exceptions(at)
        assert len(specs(at)) == 1, part
        assert alts(at)[0], part


def test_a_tampered_profile_link_warns_and_opens_the_default_profile(make_app) -> None:
    at = make_app("en", {"lang": "en", "chart": "profile", "cluster": "x<b>"}, page=PAGE)
    no_exceptions(at)
    assert [w.value for w in at.warning] == [t("warn.param_invalid", "en", param="cluster")]
    assert at.selectbox(key="cluster").value == "szhkgz"
    assert "<b>" not in texts(at)


def test_a_presented_profile_shows_the_part_named(make_app) -> None:
    params = {"lang": "en", "chart": "profile", "present": "1", "part": "intensity"}
    at = make_app("en", params, page=PAGE)
    no_exceptions(at)
    (spec,) = specs(at)
    assert title_of(spec)[0].startswith("Rank by size against rank by intensity")
