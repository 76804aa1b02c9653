"""Links pinned to a data release: the values of that release on the page, with a notice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gba_dash import db_build, release_log, releases
from tests.app.conftest import APP, LOCALES, no_exceptions, texts
from tests.conftest import REAL_DATA

OLD = "hightech_enterprises,guangdong,2024,77000,lower_bound,art_20260104"
NEW = "hightech_enterprises,guangdong,2024,78000,lower_bound,art_20260104"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """Today's data built, then built again with one headline value changed."""
    data = tmp_path_factory.mktemp("pinned") / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    db_path = data.parent / "gba.duckdb"
    assert db_build.build_database(data, db_path, record_release=True).ok
    obs = data / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    assert db_build.build_database(data, db_path, record_release=True).ok
    ids = [r.release_id for r in release_log.read_log(data / releases.LOG_FILE).releases]
    assert len(ids) >= 2
    return data, db_path, ids


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch, edited):
    from streamlit.testing.v1 import AppTest

    data, db_path, _ids = edited
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(data))
    monkeypatch.setenv("GBA_DASH_DB", str(db_path))

    def run(lang: str, params: dict[str, str]):
        at = AppTest.from_file(APP, default_timeout=60)
        at.context = {"locale": LOCALES[lang]}
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        no_exceptions(at)
        return at

    return run


def _card_values(at) -> str:
    return " ".join(str(m.value) for m in at.metric)


def test_a_pinned_link_shows_that_releases_values_with_a_notice(open_app, edited) -> None:
    _data, _db, ids = edited
    pinned = open_app("en", {"release": ids[-2]})
    assert "77K" in _card_values(pinned)
    assert "78K" not in _card_values(pinned)
    notice = [i.value for i in pinned.info]
    assert any(
        f"Data as of release {ids[-2]}" in n and "Values changed since then: 1." in n
        for n in notice
    )
    assert any("release=latest" in n for n in notice)  # the way back to the latest
    assert f"release={ids[-2]}" in pinned.text_input(key="share_link").value
    changes = " ".join(e.label for e in pinned.expander)
    assert f"Show what changed since release {ids[-2]}" in changes
    assert "77K" not in texts(open_app("en", {}))  # the latest, without `release`
    latest = open_app("en", {})
    assert "78K" in _card_values(latest)
    assert not latest.info
    assert f"release={ids[-1]}" in latest.text_input(key="share_link").value  # pinned to share


def test_the_notice_in_chinese_counts_the_changes(open_app, edited) -> None:
    _data, _db, ids = edited
    at = open_app("zh-Hans", {"release": ids[-2]})
    assert any(f"数据截至版本 {ids[-2]}" in i.value and "1 项数值变更" in i.value for i in at.info)
    assert "7.7万" in _card_values(at)


@pytest.mark.parametrize("bad", ["2019-01-01-abcdef", "x" * 600, "../../etc", "latest2"])
def test_an_unknown_release_falls_back_to_the_latest_with_a_warning(
    open_app, edited, bad: str
) -> None:
    _data, _db, ids = edited
    at = open_app("en", {"release": bad})
    assert any("does not hold" in w.value and ids[-1] in w.value for w in at.warning)
    assert "78K" in _card_values(at)
    assert bad not in texts(at)  # a bad value is never echoed


def test_latest_unpins(open_app) -> None:
    at = open_app("en", {"release": "latest"})
    assert not at.warning
    assert "78K" in _card_values(at)
    assert "release" not in at.query_params  # the latest needs no key in the URL


def test_the_sources_page_says_what_each_release_changed(open_app, edited) -> None:
    _data, _db, ids = edited
    at = open_app("zh-Hant", {})
    at.switch_page("pages/sources.py")
    at.run()
    no_exceptions(at)
    labels = [e.label for e in at.expander]
    assert any(label.startswith(f"資料版本 {ids[-1]}") and "修訂 1" in label for label in labels)
    assert any(label.startswith(f"資料版本 {ids[0]}") for label in labels)
    assert "77000（超過） → 78000（超過）" in texts(at)
