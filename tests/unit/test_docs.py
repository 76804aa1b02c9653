"""The docs hold: docs/ARCHITECTURE.md names modules that exist and imports that are true, the
house has no module over 400 lines and no circle, CONTRIBUTING.md's recipes run, and no doc or
page text names a range of editions that the next edition would make stale."""

from __future__ import annotations

import ast
import csv
import re
import shlex
import shutil
from pathlib import Path

import pytest

from gba_dash import cli
from tests.conftest import PROJECT, REAL_DATA

SRC = PROJECT / "src" / "gba_dash"
ARCHITECTURE = (PROJECT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
CONTRIBUTING = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _unit(path: Path) -> str:
    """The top-level unit of a source file: a module, or a package's name."""
    return path.relative_to(SRC).with_suffix("").parts[0]


def _dependencies() -> dict[str, set[str]]:
    """Top-level unit → the units of the package it imports."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        unit = _unit(path)
        if unit == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "gba_dash":
                    names = [f"gba_dash.{a.name}" for a in node.names]
                else:
                    names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                inside = parts[0] == "gba_dash" and len(parts) > 1
                if inside and parts[1] not in (unit, "__version__"):
                    found.setdefault(unit, set()).add(parts[1])
    return found


def _declared() -> dict[str, set[str]]:
    """The table of docs/ARCHITECTURE.md: unit → what it may import."""
    table: dict[str, set[str]] = {}
    for line in ARCHITECTURE.splitlines():
        cells = [c.strip() for c in line.split("|")[1:-1]]
        if len(cells) == 3 and re.fullmatch(r"`[a-z0-9_]+`(, `[a-z0-9_]+`)*", cells[0]):
            for unit in re.findall(r"`([a-z0-9_]+)`", cells[0]):
                table[unit] = set(re.findall(r"`([a-z0-9_]+)`", cells[2]))
    return table


def test_every_module_named_exists() -> None:
    named = set(
        re.findall(
            r"`((?:ui|pagemodels|shaping|charts|export|serve|i18n)/[a-z_/]+\.py)`", ARCHITECTURE
        )
    )
    named |= {f"{m}.py" for m in re.findall(r"`ui\.([a-z0-9_]+)`", ARCHITECTURE)}
    named = {n if "/" in n else f"ui/{n}" for n in named}
    missing = sorted(n for n in named if not (SRC / n).is_file())
    assert missing == [], missing
    units = {_unit(p) for p in SRC.rglob("*.py")} - {"__init__"}
    assert set(_declared()) == units, set(_declared()) ^ units  # every unit, and only those


def test_every_import_is_one_the_architecture_allows() -> None:
    declared = _declared()
    wrong = {
        unit: sorted(uses - declared.get(unit, set()))
        for unit, uses in _dependencies().items()
        if uses - declared.get(unit, set())
    }
    assert wrong == {}, f"imports docs/ARCHITECTURE.md does not allow: {wrong}"


def test_no_import_circle_between_units() -> None:
    graph = _dependencies()
    state: dict[str, int] = {}

    def visit(unit: str, path: list[str]) -> None:
        state[unit] = 1
        for dep in graph.get(unit, ()):
            assert state.get(dep) != 1, " → ".join([*path, unit, dep])
            if dep not in state:
                visit(dep, [*path, unit])
        state[unit] = 2

    for unit in graph:
        if unit not in state:
            visit(unit, [])


def test_no_module_over_400_lines() -> None:
    files = [*SRC.rglob("*.py"), *(PROJECT / "pages").glob("*.py"), PROJECT / "app.py"]
    big = {
        str(p.relative_to(PROJECT)): n
        for p in files
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert big == {}


def test_no_text_names_a_range_the_next_edition_makes_stale() -> None:
    """The span of editions held is read from the data ({first}–{last}), never written down:
    a range from the first edition to the latest (or the one before, once a new one is held)
    is stale text. A range of the past ("names published 2017–2019") is a fact."""
    from tests.next_year import latest_edition

    latest = latest_edition(REAL_DATA)
    texts = {
        p.relative_to(PROJECT): p.read_text(encoding="utf-8")
        for p in [
            PROJECT / "README.md",
            PROJECT / "CONTRIBUTING.md",
            PROJECT / "docs" / "urls.md",
            PROJECT / "data" / "README.md",
            *(PROJECT / "pages").glob("*.py"),
            *(SRC / "i18n").glob("*.json"),
        ]
    }
    first = 2017
    stale = {
        str(name): match.group()
        for name, text in texts.items()
        for match in re.finditer(
            rf"\b{first}\s*(?:–|-|\.\.|~|至|到)\s*(?:{latest - 1}|{latest})\b", text
        )
    }
    assert stale == {}, stale


def _recipe_commands() -> list[tuple[str, list[str]]]:
    """(recipe, argv) of every `gba-dash …` line in CONTRIBUTING.md's recipes."""
    recipes = CONTRIBUTING.split("## Recipes", 1)[1]
    found = []
    for title, body in re.findall(r"\n### ([^\n]+)\n(.*?)(?=\n### |\n## |\Z)", recipes, re.S):
        for block in re.findall(r"```bash\n(.*?)```", body, re.S):
            for line in block.splitlines():
                if line.startswith("gba-dash "):
                    found.append((title, shlex.split(line.split("#")[0])[1:]))
    return found


def test_the_recipes_name_commands() -> None:
    titles = {title for title, _ in _recipe_commands()}
    assert {"Add an edition", "Add a year of an indicator", "Add a pilot milestone"} <= titles


@pytest.mark.parametrize(
    ("title", "argv"), _recipe_commands(), ids=lambda v: v if isinstance(v, str) else " ".join(v)
)
def test_every_recipe_command_runs(tmp_path: Path, title: str, argv: list[str]) -> None:
    """Each `gba-dash` command of a recipe, on a copy of data/ (and the recipe's example table:
    a synthetic next edition)."""
    from tests.next_year import edition_table

    data = tmp_path / "data"
    shutil.copytree(REAL_DATA, data, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    args = []
    for arg in argv:
        if re.fullmatch(r"gii\d{4}\.csv", arg):
            with (tmp_path / arg).open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(edition_table(data, int(arg[3:7])))
            arg = str(tmp_path / arg)
        args.append(arg)
    args += ["--data", str(data)]
    if argv[0] == "build":
        args += ["--db", str(tmp_path / "gba.duckdb"), "--quiet"]
    code = cli.main(args)
    assert code == 0 or (code == 1 and "--apply" not in argv), (title, argv, code)
