"""Overview cards and the sources page, with the real data."""

from __future__ import annotations

import pandas as pd
import pytest

from gba_dash.i18n import LANGS, format_date, t
from tests.app.conftest import no_exceptions, texts
from tests.conftest import REAL_DATA


@pytest.mark.parametrize("lang", LANGS)
def test_overview_cards(make_app, lang: str) -> None:
    at = make_app(lang, {"lang": lang})
    no_exceptions(at)
    values = {m.label: m.value for m in at.metric}
    assert len(values) >= 15
    expected = {"zh-Hans": "超过7.7万家", "zh-Hant": "逾7.7萬家", "en": "over 77K enterprises"}
    assert expected[lang] in values.values()
    body = texts(at)
    assert "[14]" in body  # the article's reference number is cited
    # the date under the lead is the latest publication among the sources, labelled as such
    sources = pd.read_csv(REAL_DATA / "sources.csv", dtype=str)
    latest = max(d for d in sources["published"].dropna() if d)  # ISO text sorts as dates do
    assert t("ui.latest_published", lang, date=format_date(latest, lang)) in body
    if lang == "en":
        assert "As of" not in body  # no "as of" from access dates that were never recorded


def test_sources_page_sections(make_app) -> None:
    at = make_app("en", {"lang": "en"}, page="sources")
    no_exceptions(at)
    heads = [s.value for s in at.subheader]
    for key in (
        "sources.list",
        "sources.coverage",
        "sources.methodology",
        "sources.dictionary",
        "sources.downloads",
        "sources.manifest",
    ):
        assert t(key, "en") in heads
    labels = [b.label for b in at.get("download_button")]
    assert t("table.observations", "en") in labels
    assert t("sources.download_db", "en") in labels
    # every table as CSV and as an Excel workbook
    for name in ("observations", "cluster_ranks", "sources", "pilots"):
        table = t(f"table.{name}", "en")
        assert table in labels
        assert t("sources.download_xlsx", "en", table=table) in labels


def test_a_table_past_the_workbook_limit_is_offered_as_csv_only(make_app, monkeypatch) -> None:
    from gba_dash import export

    monkeypatch.setattr(export, "TABLE_MAX_ROWS", 100)
    at = make_app("zh-Hans", page="sources")
    no_exceptions(at)
    labels = [b.label for b in at.get("download_button")]
    observations = t("table.observations", "zh-Hans")
    assert observations in labels  # its CSV
    assert t("sources.download_xlsx", "zh-Hans", table=observations) not in labels
    assert t("sources.download_xlsx", "zh-Hans", table=t("table.geo", "zh-Hans")) in labels
    assert [c for c in at.caption if observations in str(c.value) and "100" in str(c.value)]


def test_no_server_path_reaches_a_reader(monkeypatch, tmp_path_factory) -> None:
    """The Sources page (manifest, build inputs, every table shown) and the downloadable
    database name no folder of the server."""
    import shutil

    from google.protobuf.json_format import MessageToJson
    from streamlit.testing.v1 import AppTest

    from gba_dash import db_build
    from tests.app.conftest import APP

    secret = tmp_path_factory.mktemp("srv-secret-folder-4d2f")
    data = secret / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    db_path = secret / "db" / "gba.duckdb"
    assert db_build.build_database(data, db_path).ok
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(data))
    monkeypatch.setenv("GBA_DASH_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/sources.py")
    at.run()
    no_exceptions(at)
    shown = [MessageToJson(node.proto) for node in _nodes(at) if getattr(node, "proto", None)]
    frames = [df.value.to_csv() for df in at.dataframe]
    assert frames  # the manifest and the tables are there
    for text in (*shown, *frames):
        assert "srv-secret-folder" not in text
        assert str(secret) not in text
    assert b"srv-secret-folder" not in db_path.read_bytes()


def _nodes(at):
    stack = list(at._tree.children.values())
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        yield node
