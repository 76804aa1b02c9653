"""Data written as Markdown or HTML is shown as text: every page, every language, every menu open,
with every text cell of a data copy carrying a link, an image, HTML, emphasis, a colour
directive, a formula and a bare address. None of them may reach a Markdown element alive."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from gba_dash import db_build, schema
from gba_dash.i18n import LANGS
from tests.app.conftest import APP, LOCALES, no_exceptions
from tests.conftest import REAL_DATA

POISON = (
    " [Official WIPO errata](https://evil.example/phish) ![x](https://evil.example/i.png)"
    " <img src=x onerror=alert(1)> <a href='https://evil.example/a'>a</a> **bold** :red[red]"
    " $x^2$ www.evil.example https://evil.example/bare <script>alert(1)</script>"
)
#: What must never appear in a Markdown body as written: each would render as something live.
ALIVE = (
    "](https://evil",
    "![",
    "<img",
    "<a href",
    "<script",
    "**bold**",
    ":red[",
    "$x^2$",
    "www.evil.example",
    "https://evil.example",
)
pytestmark = pytest.mark.slow
PAGES = ("overview", "clusters", "hightech", "pilots", "sources")
#: Elements whose text is not Markdown: drawn as plain text (tables, charts, code blocks, inputs,
#: select options) or our own constant HTML (the style element).
PLAIN = {
    "arrow_data_frame",
    "dataframe",
    "table",
    "vega_lite_chart",
    "code",
    "text_input",
    "selectbox",
    "multiselect",
    "html",
    "download_button",
}


def _poison_copy(target: Path) -> Path:
    shutil.copytree(REAL_DATA, target, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    for table in schema.TABLES:
        texts = {c.name for c in table.columns if c.kind == "text" and not c.is_list}
        path = target / table.file
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        for row in rows:
            for col in texts:
                if row.get(col):
                    keep = schema.MAX_TEXT_LENGTH - len(POISON)
                    row[col] = row[col][:keep] + POISON
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(table.column_names), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    data = _poison_copy(tmp_path_factory.mktemp("poisoned") / "data")
    db_path = data.parent / "gba.duckdb"
    result = db_build.build_database(data, db_path, record_release=True)  # a release of it too
    assert result.ok, [str(p) for p in result.problems[:5]]
    return data, db_path


def _strings(message: dict) -> list[str]:
    found: list[str] = []
    stack: list[object] = [message]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.append(item)
    return found


def _markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(element type, text) of every element that renders Markdown."""
    out: list[tuple[str, str]] = []
    stack = list(at._tree.children.values())
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        proto = getattr(node, "proto", None)
        if proto is None or node.type in PLAIN:
            continue
        out.extend((node.type, text) for text in _strings(MessageToDict(proto)))
    return out


def _open_everything(at: AppTest) -> AppTest:
    for key in list(at.session_state):
        if str(key).startswith(("exp_", "tbl_", "cite_", "pilot_tbl", "board_")):
            at.session_state[key] = True
    return at.run()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_markdown_from_data_comes_alive(
    poisoned, monkeypatch: pytest.MonkeyPatch, page: str, lang: str
) -> None:
    data, db_path = poisoned
    monkeypatch.setenv("GBA_DASH_DATA_DIR", str(data))
    monkeypatch.setenv("GBA_DASH_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"locale": LOCALES[lang]}
    at.query_params["lang"] = lang
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    at = _open_everything(at)
    no_exceptions(at)
    texts = _markdown_texts(at)
    assert any("evil" in text for _kind, text in texts), "the poison never reached the page"
    # An escaped character (`\[`, `\:`) is shown as itself: what is left once they are dropped
    # is what Markdown would read as syntax.
    alive = [
        (kind, text[:160])
        for kind, text in texts
        for bad in ALIVE
        if bad in re.sub(r"\\[\s\S]", "", text)
    ]
    assert alive == [], alive[:5]
