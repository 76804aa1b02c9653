"""AppTest helpers: run the real app.py against a database built once from data/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gba_dash.safe_text import md_unescape
from tests.conftest import PROJECT, REAL_DATA

APP = str(PROJECT / "app.py")
LOCALES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-HK", "en": "en-GB"}


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch, real_db: Path) -> Callable[..., AppTest]:
    """Build an AppTest for app.py with a browser locale and seeded query params."""
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(REAL_DATA))
    monkeypatch.setenv("GBA_DASH_DB", str(real_db))

    def make(lang: str = "en", params: dict[str, str] | None = None, page: str | None = None):
        at = AppTest.from_file(APP, default_timeout=60)
        at.context = {"locale": LOCALES.get(lang, lang)}
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(f"pages/{page}.py")
            at.run()
        return at

    return make


def texts(at: AppTest) -> str:
    """Every visible text of the run joined, as a reader sees it (Markdown escapes of data
    removed), for 'is it there' assertions."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(el.value) for el in at.get(kind))
    parts.extend(str(m.label) + " " + str(m.value) for m in at.metric)
    return md_unescape("\n".join(parts))


def no_exceptions(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def open_tables(at: AppTest) -> AppTest:
    """Open every chart's data table (they run lazily, as a reader opens one) and rerun."""
    return _open_all(at, "tbl_", "data tables")


def open_export_menus(at: AppTest) -> AppTest:
    """Open every chart's export menu (lazy, like the tables) and rerun."""
    return _open_all(at, "exp_", "export menus")


def _open_all(at: AppTest, prefix: str, what: str) -> AppTest:
    keys = [key for key in at.session_state if str(key).startswith(prefix)]
    assert keys, f"no {what} on this page"
    for key in keys:
        at.session_state[key] = True
    return at.run()
