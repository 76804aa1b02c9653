"""What a run sets on the browser's page beyond its elements: CSS, `<html lang>`, deck keys.

The CSS says what Streamlit's theme cannot. Selectors are Streamlit's `data-testid`s
and the `st-key-<key>` classes of keyed elements; the browser tests
(tests/e2e/test_layout_e2e.py) measure what these rules promise, so a Streamlit upgrade that
renames a test id fails there, not in front of a room. No "<" anywhere in the rules, comments
included: the browser's HTML sanitiser (DOMPurify) drops a `<style>` whose text holds one, and
the page would silently lose every rule (a unit test checks).

The script (`DOCUMENT_JS`) does what a run cannot: Streamlit serves every page as
`<html lang="en">`, so a screen reader would read Chinese text with English rules; and a
presenter's remote sends PageUp/PageDown, which Streamlit's button shortcuts take one per
button (the deck's buttons already use ← →). It rides in the same element as the CSS: one
message a run, no helper frame (it used to be a component in an iframe: one more message and
one more frame to load on every page). Production's Content-Security-Policy allows exactly its
hash (`serve.headers.inline_script_hashes`).
"""

from __future__ import annotations

import streamlit as st

#: On every page (a literal: the HTML scan allows st.html only string constants).
BASE = """<style>
/* A headline figure is never cut: label and value wrap inside the card at any width. */
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: break-word;
}
[data-testid="stMetricValue"] { font-size: clamp(1.5rem, 1.1rem + 1.1vw, 2.25rem) !important;
  line-height: 1.2; }
/* A source's name on a link button wraps instead of being cut on a phone. */
[data-testid="stLinkButton"] a, [data-testid="stLinkButton"] [data-testid="stMarkdownContainer"],
[data-testid="stLinkButton"] p { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; max-width: 100%; height: auto; }
/* Captions at WCAG AA contrast (4.5:1): the theme's faded grey gave 3.9:1 on white. */
[data-testid="stCaptionContainer"] { color: inherit !important; opacity: 0.8; }
/* The ranking's "show all" box matters only where the chart folds its list (a chart narrower
   than charts.clusters.PHONE_WIDTH, 520 px: a viewport under 552 px with the phone's padding). */
@media (min-width: 552px) {
  [data-testid="stVegaLiteChart"] .vega-bindings { display: none !important; } }
/* Phones: nothing wider than the screen (long links and codes wrap). */
@media (max-width: 640px) {
  .stMainBlockContainer { padding-left: 1rem !important; padding-right: 1rem !important; }
  [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
}
</style><span hidden></span>"""

#: In presentation mode (`?present=1`): one view per screen, legible from the back of a room.
#: The type follows the viewport's height (24 px at 1080 px, 18 px at 720 px), and so does the
#: chart: its drawing is scaled to the height left under the title, tabs and deck bar.
PRESENT = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stExpander"],
[data-testid="stPopover"], [data-testid="stDownloadButton"] { display: none !important; }
html, body, .stApp { font-size: clamp(18px, 2.25vh, 40px); }
.stMainBlockContainer, .block-container { max-width: 100% !important;
  padding: 1vh 3vw 0 3vw !important; }
.stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 0.6vh; }
h1 { font-size: 1.9em !important; padding: 0 0 0.4vh 0 !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] p,
[data-testid="stMarkdownContainer"] li { font-size: 1rem !important; }
[data-testid="stCaptionContainer"] p { margin: 0; }
/* Streamlit pulls a caption 1rem up into the gap under it; the gap here is smaller. */
[data-testid="stCaptionContainer"] { margin-bottom: 0 !important; }
[data-testid="stVegaLiteChart"] { display: flex; justify-content: center; }
[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas {
  max-height: calc(100vh - 18rem); width: auto !important; height: auto; max-width: 100%; }
</style><span hidden></span>"""


#: Run in the page (not a frame) each time the element's HTML changes, i.e. when the language or
#: the mode does: sets `<html lang>` from its `data-lang`, and once per page steps the deck with
#: PageUp/PageDown (the deck's buttons exist only in presentation mode). No "<" in it either.
DOCUMENT_JS = """(function () {
  "use strict";
  var me = document.currentScript;
  if (me && me.dataset.lang) document.documentElement.lang = me.dataset.lang;
  if (window.__gbaDeckKeys) return;
  window.__gbaDeckKeys = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    var which = { PageUp: "prev", PageDown: "next" }[event.key];
    if (!which) return;
    var button = document.querySelector(".st-key-deck_" + which + " button");
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  };
  document.addEventListener("keydown", window.__gbaDeckKeys);
})();"""

# BCP 47 tags for `<html lang>` (script subtags, not regions: the reader chose a script, not a
# place), one script element each: the HTML a run draws is always one of these constants.
_SCRIPT_ZH_HANS = '<script data-lang="zh-Hans">' + DOCUMENT_JS + "</script>"
_SCRIPT_ZH_HANT = '<script data-lang="zh-Hant">' + DOCUMENT_JS + "</script>"
_SCRIPT_EN = '<script data-lang="en">' + DOCUMENT_JS + "</script>"

#: The one element a run draws, by (language, presentation mode).
PAGE_HTML = {
    ("zh-Hans", False): BASE + _SCRIPT_ZH_HANS,
    ("zh-Hant", False): BASE + _SCRIPT_ZH_HANT,
    ("en", False): BASE + _SCRIPT_EN,
    ("zh-Hans", True): BASE + PRESENT + _SCRIPT_ZH_HANS,
    ("zh-Hant", True): BASE + PRESENT + _SCRIPT_ZH_HANT,
    ("en", True): BASE + PRESENT + _SCRIPT_EN,
}


def css(present: bool) -> str:
    """The page's rules: the base rules, and the presentation rules when `present`.

    Each is a `<style>` with an empty hidden element after it: Streamlit sends HTML that is
    only `<style>` to the page's event container, where the next run's copy replaces what sits
    first there (the toast a callback raised vanished). With an element beside it, it is drawn
    in place.
    """
    return BASE + (PRESENT if present else "")


def draw(lang: str, present: bool) -> None:
    """Draw the page's CSS and script (call where its element's room is not seen)."""
    st.html(PAGE_HTML[lang, present], unsafe_allow_javascript=True)
