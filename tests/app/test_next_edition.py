"""The next edition is a data change: a steward imports a complete next GII table and a new year
of an indicator into a copy of data/, builds it, and every page, in every language, shows the
new edition as the latest and the new year on its charts — nothing names a stale range."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from gba_dash import cli, db, queries
from gba_dash.i18n import LANGS, t
from tests.app.conftest import APP, LOCALES, no_exceptions, texts
from tests.conftest import REAL_DATA
from tests.next_year import add_next_year, latest_edition, latest_year

pytestmark = pytest.mark.slow
PAGES = ("overview", "clusters", "hightech", "pilots", "sources")


@pytest.fixture(scope="module")
def next_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, int, int]:
    """A copy of data/ with the next edition and year added and built (the steward's build)."""
    data = tmp_path_factory.mktemp("next") / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    before = latest_edition(data)
    edition, year = add_next_year(data)
    assert (edition, year) == (before + 1, latest_year(REAL_DATA) + 1)
    db_path = data.parent / "gba.duckdb"
    assert cli.main(["build", "--data", str(data), "--db", str(db_path), "--quiet"]) == 0
    return data, db_path, before, edition, year


def _open(monkeypatch, built, lang: str, page: str, params: dict | None = None) -> AppTest:
    data, db_path, *_ = built
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(data))
    monkeypatch.setenv("GBA_DASH_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"locale": LOCALES[lang]}
    at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    no_exceptions(at)
    return at


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_names_the_new_edition_and_no_stale_range(
    monkeypatch, next_year, page: str, lang: str
) -> None:
    _data, _db, before, edition, _year = next_year
    at = _open(monkeypatch, next_year, lang, page)
    shown = texts(at)
    assert at.title[0].value == t(f"page.{page}", lang)
    # a range ending at the edition before (2017–2025 once 2026 is held) is stale
    assert not re.search(rf"20\d\d\s*[–-]\s*{before}\b", shown), shown[:300]
    if page in ("overview", "clusters"):
        assert f"–{edition}" in shown


@pytest.mark.parametrize("lang", LANGS)
def test_the_clusters_page_opens_on_the_new_edition(monkeypatch, next_year, lang: str) -> None:
    _data, db_path, _before, edition, _year = next_year
    at = _open(monkeypatch, next_year, lang, "clusters")
    (pick,) = [s for s in at.selectbox if s.key == "edition"]
    assert pick.value == edition
    con = db.open_readonly(db_path)
    held = queries.get_cluster_ranks(con)
    con.close()
    top = held[held["edition"] == edition].nsmallest(20, "rank")
    (chart,) = at.get("vega_lite_chart")
    assert str(edition) in chart.proto.alt
    rows = pd.concat([convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets])
    assert set(top["cluster_id"]) <= set(rows["cluster_id"])  # the new edition's top 20 drawn


def test_the_high_tech_trend_extends_to_the_new_year(monkeypatch, next_year) -> None:
    *_, year = next_year
    at = _open(monkeypatch, next_year, "en", "hightech", {"geos": "guangdong"})
    trend = at.get("vega_lite_chart")[0]
    rows = pd.concat([convert_arrow_bytes_to_pandas_df(d.data.data) for d in trend.proto.datasets])
    assert year in set(rows["year"].dropna().astype(int))
    assert str(year) in trend.proto.alt  # the summary names the new year


def test_info_and_diff_show_the_new_release(next_year, capsys) -> None:
    data, db_path, *_rest = next_year
    assert cli.main(["info", "--db", str(db_path)]) == 0
    import json

    manifest = json.loads(capsys.readouterr().out)
    latest = manifest["releases"][-1]["release"]
    assert manifest["release"] == latest
    assert manifest["unreleased"] == "0"
    previous = manifest["releases"][-3]["release"]  # before the import and the year's row
    assert cli.main(["diff", previous, "latest", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "hightech_enterprises · guangdong" in out
