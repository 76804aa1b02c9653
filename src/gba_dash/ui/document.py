"""What a run sets on the browser's document beyond its elements: `<html lang>` and deck keys.

Streamlit serves every page as `<html lang="en">`, so a screen reader would read Chinese text
with English rules; and a presenter's remote sends PageUp/PageDown, which Streamlit's button
shortcuts take one per button (the deck's buttons already use ← →). A small component, served
from this host (`document/`), sets both on the page that holds it. It draws nothing.
"""

from __future__ import annotations

from pathlib import Path

import streamlit.components.v1 as components

#: BCP 47 tags for `<html lang>`, by the app's language code (script subtags, not regions: the
#: reader chose a script, not a place).
HTML_LANG = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}
KEY = "gba_document"

_helper = components.declare_component(KEY, path=str(Path(__file__).with_name("document")))


def sync(lang: str, present: bool) -> None:
    """Set `<html lang>` to `lang` and, when `present`, step the deck with PageUp/PageDown."""
    _helper(lang=HTML_LANG.get(lang, "en"), present=present, key=KEY, default=None)
