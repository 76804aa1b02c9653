"""No data- or URL-derived text reaches raw HTML: a static scan of app.py, pages/ and src/.

Raw HTML is `st.html`, `components.html`/`iframe`, and any call with `unsafe_allow_html` not
literally False (also passed positionally, as `st.markdown(x, True)` does). Such a call may only
take string literals or module-level constants assigned string literals once — never a name
bound to data, an f-string, a format call or a concatenation with anything else.
"""

from __future__ import annotations

import ast

import pytest

from tests.conftest import PROJECT

SCANNED = [
    PROJECT / "app.py",
    *sorted((PROJECT / "pages").glob("*.py")),
    *sorted((PROJECT / "src").rglob("*.py")),
]
RAW_HTML_CALLS = {"html", "iframe"}
#: Streamlit calls whose second positional parameter is `unsafe_allow_html`.
SECOND_ARG_UNSAFE = {"markdown", "caption", "title", "header", "subheader"}
#: Methods of a dict that leave it as it was.
READ_ONLY_METHODS = {"get", "keys", "values", "items", "copy"}


def _const_str(node: ast.AST, constants: frozenset[str] = frozenset()) -> bool:
    """A string literal, a name in `constants`, or a concatenation of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _const_str(node.left, constants) and _const_str(node.right, constants)
    return False


def _module_constants(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound once, at module level, to constant strings; and to dict literals of them.

    A constant string is a literal or a concatenation of literals and other constant strings
    (`BASE + SCRIPT`); a dict of them may be looked up by any key (`PAGE_HTML[lang]`): either
    way the HTML is one of a fixed set of texts written in the source.
    """
    bound: dict[str, ast.AST | None] = {}
    bad: set[str] = set()
    mutated: set[str] = set()  # strings cannot be changed in place; a dict can
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        value = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        elif isinstance(node, ast.AugAssign | ast.For | ast.AsyncFor | ast.NamedExpr):
            targets = [node.target]
        elif isinstance(node, ast.Global):
            bad.update(node.names)
        elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(node.ctx, ast.Store):
            if isinstance(node.value, ast.Name):  # PAGE_HTML[k] = ..., a mutated dict
                bad.add(node.value.id)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.attr not in READ_ONLY_METHODS
        ):  # PAGE_HTML.update(...), .setdefault(...): may change what a lookup returns
            mutated.add(node.func.value.id)
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            if node in tree.body and value is not None and target.id not in bound:
                bound[target.id] = value
            else:
                bad.add(target.id)
    strings: set[str] = set()
    while True:  # a constant may be built from constants assigned before it
        found = {
            name
            for name, value in bound.items()
            if name not in bad and _const_str(value, frozenset(strings))
        }
        if found == strings:
            break
        strings = found
    tables = {
        name
        for name, value in bound.items()
        if name not in bad | mutated
        and isinstance(value, ast.Dict)
        and all(_const_str(v, frozenset(strings)) for v in value.values)
        and None not in value.keys  # no **spread of another mapping
    }
    return strings, tables


def _call_name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_false(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def unsafe_html_findings(source: str, filename: str = "<src>") -> list[str]:
    """Calls that could put non-constant text into raw HTML (file:line: reason)."""
    tree = ast.parse(source, filename)
    constants, tables = _module_constants(tree)
    findings = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node.func)
        keywords = {k.arg: k.value for k in node.keywords}
        raw = name in RAW_HTML_CALLS
        unsafe = keywords.get("unsafe_allow_html")
        if unsafe is not None and not _is_false(unsafe):
            raw = True
        if name in SECOND_ARG_UNSAFE and len(node.args) >= 2 and not _is_false(node.args[1]):
            raw = True
        if None in keywords and name in RAW_HTML_CALLS | SECOND_ARG_UNSAFE | {"write"}:
            findings.append(f"{filename}:{node.lineno}: **kwargs into {name}() cannot be checked")
            continue
        if not raw:
            continue
        texts = list(node.args[:1]) + [
            keywords[k] for k in ("body", "html", "src", "srcdoc") if k in keywords
        ]
        if name == "write":
            texts = list(node.args)
        for text in texts:
            ok = _const_str(text, frozenset(constants)) or (
                isinstance(text, ast.Subscript)
                and isinstance(text.value, ast.Name)
                and text.value.id in tables
            )
            if not ok:
                findings.append(
                    f"{filename}:{node.lineno}: {name}() takes "
                    f"{ast.unparse(text)!r}, not a module-level string constant"
                )
    return findings


def test_scanned_files_exist() -> None:
    assert PROJECT / "app.py" in SCANNED
    assert any(p.parent.name == "pages" for p in SCANNED)
    assert any(p.name == "shell.py" for p in SCANNED)
    assert any(p.name == "style.py" for p in SCANNED)  # the one raw-HTML call


def test_no_data_or_url_text_reaches_raw_html() -> None:
    findings = []
    for path in SCANNED:
        findings += unsafe_html_findings(
            path.read_text(encoding="utf-8"), str(path.relative_to(PROJECT))
        )
    assert findings == []


_SAFE = """
import streamlit as st
_CSS = "<style>" + "h1 {}" + "</style>"
st.html(_CSS)
st.markdown("<b>fixed</b>", unsafe_allow_html=True)
st.markdown(user_text)
st.markdown(user_text, unsafe_allow_html=False)
_JS = "void 0;"
_HEAD = _CSS + "<script>" + _JS + "</script>"
st.html(_HEAD, unsafe_allow_javascript=True)
_PAGES = {"en": _HEAD, ("en", True): _CSS + _HEAD}
st.html(_PAGES[lang])
"""


@pytest.mark.parametrize(
    "snippet",
    [
        "st.html(f'<b>{name}</b>')",
        "st.html(row['name'])",
        "st.markdown(text, unsafe_allow_html=True)",
        "st.markdown(text, True)",
        "st.caption(note, unsafe_allow_html=flag)",
        "st.write(value, unsafe_allow_html=True)",
        "components.v1.html(query_params['x'])",
        "st.components.v1.iframe(url)",
        "st.html(_CSS.format(x))",
        "st.html(LOCAL)",
        "st.html(_CSS + user_text)",
        "st.html(_OPEN[lang])",
        "st.html(_MIXED[lang])",
        "st.html(_SPREAD[lang])",
        "st.markdown(**kwargs)",
    ],
)
def test_scanner_catches(snippet: str) -> None:
    source = (
        _SAFE
        + "_OPEN = dict(en=_CSS)\n_MIXED = {'en': _CSS, 'zh': user_text}\n"
        + "_SPREAD = {**_PAGES, 'zh': _CSS}\n"
        + "def f():\n    LOCAL = '<b>x</b>'\n    "
        + snippet
        + "\n"
    )
    assert unsafe_html_findings(_SAFE) == []
    assert len(unsafe_html_findings(source)) == 1, snippet


def test_a_reassigned_constant_is_not_constant() -> None:
    source = _SAFE + "_CSS = user_text\n"
    assert unsafe_html_findings(source)


@pytest.mark.parametrize(
    "change", ["_PAGES['zh'] = user_text", "_PAGES.update(zh=user_text)", "_JS += user_text"]
)
def test_a_constant_changed_later_is_not_constant(change: str) -> None:
    findings = unsafe_html_findings(_SAFE + change + "\n")
    assert findings, change
