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


def _const_str(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _const_str(node.left) and _const_str(node.right)
    return False


def _module_constants(tree: ast.Module) -> set[str]:
    """Names bound at module level, only ever, to string literals."""
    good: set[str] = set()
    bad: set[str] = set()
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
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            at_module = node in tree.body
            if at_module and value is not None and _const_str(value):
                good.add(target.id)
            else:
                bad.add(target.id)
    return good - bad


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
    constants = _module_constants(tree)
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
            ok = _const_str(text) or (isinstance(text, ast.Name) and text.id in constants)
            if not ok:
                findings.append(
                    f"{filename}:{node.lineno}: {name}() takes "
                    f"{ast.unparse(text)!r}, not a module-level string constant"
                )
    return findings


def test_scanned_files_exist() -> None:
    assert PROJECT / "app.py" in SCANNED
    assert any(p.parent.name == "pages" for p in SCANNED)
    assert any(p.name == "frame.py" for p in SCANNED)


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
        "st.markdown(**kwargs)",
    ],
)
def test_scanner_catches(snippet: str) -> None:
    source = _SAFE + "def f():\n    LOCAL = '<b>x</b>'\n    " + snippet + "\n"
    assert unsafe_html_findings(_SAFE) == []
    assert len(unsafe_html_findings(source)) == 1, snippet


def test_a_reassigned_constant_is_not_constant() -> None:
    source = _SAFE + "_CSS = user_text\n"
    assert unsafe_html_findings(source)
