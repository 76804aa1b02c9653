"""The architecture's boundaries and the docs, guarded (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from tests.conftest import PROJECT

SRC = PROJECT / "src" / "gba_dash"
PAGES = PROJECT / "pages"
PAGE_ALLOWED = (
    "streamlit",
    "gba_dash.ui",
    "gba_dash.pagemodels",
    "gba_dash.params",
    "gba_dash.shaping",
    "gba_dash.charts",
    "gba_dash.i18n",
)
# Standard-library modules a page must not use (file, process and database access).
PAGE_FORBIDDEN_STDLIB = {"os", "io", "pathlib", "shutil", "sqlite3", "subprocess", "glob", "csv"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


# serve/ wraps Streamlit's ASGI app (st.App) with security headers: it is the server's edge.
STREAMLIT_EDGE = {"serve/headers.py", "serve/replicas.py"}


def test_only_ui_imports_streamlit() -> None:
    offenders = [
        str(path.relative_to(PROJECT))
        for path in SRC.rglob("*.py")
        if "ui" not in path.relative_to(SRC).parts[:1]
        and path.relative_to(SRC).as_posix() not in STREAMLIT_EDGE
        and any(name.split(".")[0] == "streamlit" for name in _imports(path))
    ]
    assert offenders == []


def test_pages_import_only_the_allowed_layers() -> None:
    for path in PAGES.glob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            allowed = name.startswith(PAGE_ALLOWED) or (
                top in sys.stdlib_module_names and top not in PAGE_FORBIDDEN_STDLIB
            )
            assert allowed, f"{path.name} imports {name}"


def test_page_models_are_pure() -> None:
    """A page model reads through the query function it is handed: no Streamlit, no database,
    nothing of ui/."""
    models = list((SRC / "pagemodels").rglob("*.py"))
    assert len(models) >= 5
    for path in models:
        for name in _imports(path):
            forbidden = ("streamlit", "duckdb", "gba_dash.db", "gba_dash.ui")
            assert not name.startswith(forbidden), (path.name, name)


def test_pages_hold_no_sql_file_io_or_cache() -> None:
    pattern = re.compile(
        r"\b(SELECT|INSERT|CREATE)\b|open\(|read_csv|read_text|read_bytes|cache_data|"
        r"cache_resource|import duckdb|duckdb\."
    )
    for path in PAGES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), f"{path.name}: {pattern.search(text).group(0)}"


def test_only_ui_data_caches() -> None:
    users = [
        str(p.relative_to(PROJECT))
        for p in [*SRC.rglob("*.py"), *PAGES.glob("*.py"), PROJECT / "app.py"]
        if re.search(r"st\.cache_(data|resource)", p.read_text(encoding="utf-8"))
    ]
    assert users == ["src/gba_dash/ui/data.py"]


def test_every_page_is_registered_and_documented() -> None:
    from gba_dash.schema import PAGES as REGISTERED

    files = {p.stem for p in PAGES.glob("*.py")}
    assert files == set(REGISTERED)
    urls = (PROJECT / "docs" / "urls.md").read_text(encoding="utf-8")
    for name in REGISTERED:
        assert f"`/{'' if name == 'overview' else name}`" in urls, name


def test_every_url_key_is_documented() -> None:
    urls = (PROJECT / "docs" / "urls.md").read_text(encoding="utf-8")
    keys: set[str] = set()
    sources = [*PAGES.glob("*.py"), *SRC.rglob("*.py")]
    pattern = re.compile(r"\b(?:choice|multi|int|range|flag)_param\(\s*\"([a-z_]+)\"")
    for path in sources:
        keys.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert "present" in keys
    missing = sorted(k for k in keys if f"`{k}`" not in urls)
    assert missing == [], f"document these URL keys in docs/urls.md: {missing}"


def _untyped_encodings(source: str) -> list[int]:
    """Lines of `alt.value/condition/when(...)` calls not inside a `typed(...)` call."""
    tree = ast.parse(source)
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def is_call_to(node: ast.AST, name: str) -> bool:
        func = node.func if isinstance(node, ast.Call) else None
        return (
            isinstance(func, ast.Attribute)
            and func.attr == name
            and isinstance(func.value, ast.Name)
            and func.value.id == "alt"
        ) or (isinstance(func, ast.Name) and func.id == name)

    lines = []
    for node in ast.walk(tree):
        if not any(is_call_to(node, name) for name in ("value", "condition", "when")):
            continue
        ancestor = parents.get(node)
        while ancestor is not None and not is_call_to(ancestor, "typed"):
            ancestor = parents.get(ancestor)
        if ancestor is None:
            lines.append(node.lineno)
    return lines


def test_chart_builders_hand_altair_typed_value_channels() -> None:
    # A dict from alt.value/alt.condition/alt.when makes Altair search the Vega-Lite schema for
    # its class on every build (half a layered chart's build time, bench/RESULTS.md).
    assert _untyped_encodings("import altair as alt\nx = alt.value(1)\n") == [2]
    assert _untyped_encodings("y = typed(alt.OpacityValue, alt.value(1))\n") == []
    found = {
        path.name: lines
        for path in sorted((SRC / "charts").rglob("*.py"))
        if (lines := _untyped_encodings(path.read_text(encoding="utf-8")))
    }
    assert len(list((SRC / "charts").rglob("*.py"))) >= 19  # the subpackages are read too
    assert found == {}, f"wrap these in charts.theme.typed(...): {found}"


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """CI must run what the README tells a newcomer to run, or a green CI hides a missing step."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run the tests", 1)[1]
    command = re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()
    ci_lines = [line.strip() for line in (PROJECT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines, f"README's test command not in .ci/run: {command}"
