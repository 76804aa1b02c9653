"""Page models without Streamlit: their filters and blocks on a database of the test's own."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pytest

from gba_dash import db, queries
from gba_dash.pagemodels import clusters
from gba_dash.pagemodels.blocks import ChartRequest


@pytest.fixture
def query(real_db: Path):
    con = db.open_readonly(real_db)
    yield lambda name, *args: getattr(queries, name)(con, *args)
    con.close()


def test_clusters_model_declares_its_filters_by_url_key(query) -> None:
    tables = clusters.load(query)
    opts = clusters.options(tables, "en")
    declared = clusters.filters(opts, "en")
    assert [f.key for f in declared] == ["edition", "top", "economies", "clusters", "editions"]
    edition = declared[0]
    assert edition.param.default == str(opts["editions"][-1])
    assert edition.param.read("2017") == ("2017", True)
    assert edition.param.read("1999") == (edition.param.default, False)  # bad: default + warning
    assert declared[1].param.read("21") == (21, True)


def test_clusters_blocks_are_plain_values_with_a_chart_request(query) -> None:
    tables = clusters.load(query)
    block = clusters.ranking_block(tables, 2025, 20, (), "zh-Hans")
    assert set(block) == {"chart", "table", "alt_text", "source_text"}
    assert isinstance(block["chart"], ChartRequest)
    chart = block["chart"].build()
    assert isinstance(chart, alt.TopLevelMixin)
    assert chart.to_dict()["title"]["subtitle"] == "未收录第17、18、20名"
    assert "2025" in block["alt_text"]
    history = clusters.history_block(tables, ("szhkgz", "macao_zhuhai"), (2017, 2025), "en")
    assert history["chart"].builder.__name__ == "rank_history_chart"
    assert "“?” marks an edition" in history["source_text"]
    counts = clusters.counts_block(tables, ("CN",), (2025, 2025), "en")
    assert counts["chart"].build().to_dict()["datasets"]  # the rows travel in the spec
    nothing = clusters.history_block(tables, (), (2017, 2025), "en")
    assert nothing["chart"] is None  # nothing to draw: no chart, never an empty one
