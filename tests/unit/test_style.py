"""The page's own CSS (ui/style.py): what the browser tests measure depends on it arriving."""

from __future__ import annotations

import re

import pytest

from gba_dash.ui import style


@pytest.mark.parametrize("present", [False, True])
def test_the_style_element_survives_the_browsers_sanitiser(present: bool) -> None:
    for html in (style.BASE, style.PRESENT) if present else (style.BASE,):
        assert html.startswith("<style>")
        rules, rest = html[len("<style>") :].split("</style>")
        # DOMPurify drops a <style> whose text holds a "<": every rule would be lost, silently
        assert "<" not in rules
        # not style-only: Streamlit would put it where it replaces a callback's toast
        assert rest == "<span hidden></span>"
        assert rules.count("{") == rules.count("}")


def test_present_rules_only_in_presentation_mode() -> None:
    assert "stSidebar" not in style.css(False)
    assert "stSidebar" in style.css(True)
    # the type follows the viewport's height: 24 px or more at 1080 px
    size = re.search(r"font-size: clamp\((\d+)px, ([\d.]+)vh", style.css(True))
    assert size is not None
    assert float(size.group(2)) * 1080 / 100 >= 24
    assert int(size.group(1)) >= 18
