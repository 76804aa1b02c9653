"""The page's own CSS and script (ui/style.py): what the browser tests measure depends on them
arriving."""

from __future__ import annotations

import re

import pytest

from gba_dash.i18n import LANGS
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


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("lang", LANGS)
def test_one_element_holds_the_rules_and_the_script(lang: str, present: bool) -> None:
    html = style.PAGE_HTML[lang, present]
    assert html.startswith(style.css(present))
    script = html[len(style.css(present)) :]
    # the tag the page's language comes from, then exactly the text the CSP hash allows
    assert script == f'<script data-lang="{lang}">{style.DOCUMENT_JS}</script>'
    assert ("stSidebar" in html) is present


def test_the_script_survives_the_sanitiser_and_names_what_it_drives() -> None:
    # DOMPurify, like the HTML parser, ends a script's text at its first "</": none in it
    assert "<" not in style.DOCUMENT_JS
    # the deck buttons it clicks are the deck's own keys
    assert ".st-key-deck_" in style.DOCUMENT_JS
    assert set(style.PAGE_HTML) == {(lang, p) for lang in LANGS for p in (False, True)}
