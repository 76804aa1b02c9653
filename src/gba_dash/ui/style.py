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
/* A chart's key point (ui.chart_block.KEY_POINT_KEY) stands out from the captions; its copy
   button ticks once the text is on the clipboard. */
[class*="st-key-keypoint_"] { background: #f3f6fa; border-left: 4px solid #1f5fa8;
  padding: 0.4rem 0.5rem 0.4rem 0.75rem; align-items: center; flex-wrap: nowrap !important; }
[class*="st-key-keypoint_"] > div:first-child { flex: 1 1 auto !important; min-width: 0; }
[class*="st-key-keypoint_"] [data-testid="stMarkdownContainer"] p { margin: 0; }
[class*="st-key-copy_keypoint_"] button.gba-copied::after { content: " \\2713"; }
/* Phones: nothing wider than the screen (long links and codes wrap). */
@media (max-width: 640px) {
  .stMainBlockContainer { padding-left: 1rem !important; padding-right: 1rem !important; }
  [data-testid="stMarkdownContainer"] { overflow-wrap: anywhere; }
}
</style><span hidden></span>"""

#: In presentation mode (`?present=1`): one view per screen, legible from the back of a room.
#: The type follows the viewport's height (24 px at 1080 px, 18 px at 720 px); a headline
#: figure is 5.5% of it. The slide is a column as tall as the screen and its chart's box
#: (`ui.chart_block.ROOM_KEY`) takes what the title, bar and captions leave: the chart is drawn
#: at that size, never scaled (its text is set for the room, `charts.projector`). In a deck the
#: bar carries the slide's title, so the page's own title, its section headings and its tabs
#: give way.
PRESENT = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stExpander"],
.stMainBlockContainer [data-testid="stPopover"],
.stMainBlockContainer [data-testid="stDownloadButton"] { display: none !important; }
.stMainBlockContainer .st-key-deck_files [data-testid="stPopover"] { display: block !important; }
html, body, .stApp { font-size: clamp(18px, 2.25vh, 40px); }
.stMainBlockContainer, .block-container { max-width: 100% !important;
  padding: 1vh 3vw 1vh 3vw !important; min-height: 100vh; box-sizing: border-box;
  display: flex; flex-direction: column; position: relative; }
/* The speaker notes (`?notes=1`) sit below the fold: the room sees the slide only. */
.st-key-deck_notes { position: absolute !important; top: calc(100vh + 2rem); left: 3vw;
  right: 3vw; padding-bottom: 2rem; }
.stMainBlockContainer [data-testid="stVerticalBlock"] { gap: 0.6vh; }
h1 { font-size: 1.9em !important; padding: 0 0 0.4vh 0 !important; }
.stMainBlockContainer:has(.st-key-deck_next) h1,
.stMainBlockContainer:has(.st-key-deck_next) h3:not(.st-key-deck_notes h3),
[data-testid="stTabs"] [role="tablist"] { display: none !important; }

[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] p,
[data-testid="stMarkdownContainer"] li { font-size: 1rem !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 5.5vh !important; line-height: 1.15 !important; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1rem !important; }
.st-key-deck_title [data-testid="stMarkdownContainer"] p { font-size: 1.3em !important;
  font-weight: 700; line-height: 1.25; margin: 0; }
.st-key-deck_notes_toggle { display: none !important; }
[data-testid="stCaptionContainer"] p { margin: 0; }
/* Streamlit pulls a caption 1rem up into the gap under it; the gap here is smaller. */
[data-testid="stCaptionContainer"] { margin-bottom: 0 !important; }
.stMainBlockContainer div:has([class*="st-key-room"]) {
  flex: 1 1 auto !important; min-height: 0 !important; display: flex; flex-direction: column; }
[class*="st-key-room"] { flex: 1 1 0 !important; min-height: 45vh !important; }
[class*="st-key-room"] [data-testid="stElementContainer"] { flex: 1 1 0; min-height: 0; }
/* A chart whose labels need more height keeps it (ui.chart_block.TALL_KEY): the slide scrolls. */
[class*="st-key-roomtall600_"] { min-height: 600px !important; }
[class*="st-key-roomtall640_"] { min-height: 640px !important; }
[class*="st-key-roomtall680_"] { min-height: 680px !important; }
[class*="st-key-roomtall720_"] { min-height: 720px !important; }
[class*="st-key-roomtall760_"] { min-height: 760px !important; }
[class*="st-key-roomtall800_"] { min-height: 800px !important; }
[class*="st-key-roomtall840_"] { min-height: 840px !important; }
[class*="st-key-roomtall880_"] { min-height: 880px !important; }
[class*="st-key-roomtall920_"] { min-height: 920px !important; }
[class*="st-key-roomtall960_"] { min-height: 960px !important; }
[class*="st-key-roomtall1000_"] { min-height: 1000px !important; }
[class*="st-key-roomtall1040_"] { min-height: 1040px !important; }
[class*="st-key-roomtall1080_"] { min-height: 1080px !important; }
[class*="st-key-roomtall1120_"] { min-height: 1120px !important; }
[class*="st-key-roomtall1160_"] { min-height: 1160px !important; }
[class*="st-key-roomtall1200_"] { min-height: 1200px !important; }
</style><span hidden></span>"""


#: Run in the page (not a frame) each time the element's HTML changes, i.e. when the language or
#: the mode does: sets `<html lang>` from its `data-lang`, and once per page steps the deck with
#: PageUp/PageDown (the deck's buttons exist only in presentation mode), shows or hides the
#: speaker notes with N, and blanks the screen with B or "." as presentation software does
#: (any key or a click brings the slide back); and copies a chart's key point when its copy
#: button is clicked, in the browser (the click never reaches Streamlit, so no run follows; where
#: the clipboard API is not offered, over plain http, the text is selected and copied).
#: No "<" in it either.
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
    var blank = document.getElementById("gba-blank");
    if (blank) {
      blank.remove();
      event.preventDefault();
      return;
    }
    if ((event.key === "b" || event.key === "B" || event.key === ".") &&
        document.querySelector(".st-key-deck_next")) {
      blank = document.createElement("div");
      blank.id = "gba-blank";
      blank.setAttribute("aria-hidden", "true");
      blank.style.cssText = "position:fixed;inset:0;background:#000;z-index:2147483647;cursor:none";
      blank.addEventListener("click", function () { blank.remove(); });
      document.body.appendChild(blank);
      event.preventDefault();
      return;
    }
    var which = { PageUp: "prev", PageDown: "next", n: "notes_toggle", N: "notes_toggle" }[
      event.key];
    if (!which) return;
    var button = document.querySelector(".st-key-deck_" + which + " button");
    if (!button) return;
    event.preventDefault();
    if (!button.disabled) button.click();
  };
  document.addEventListener("keydown", window.__gbaDeckKeys);
  window.__gbaCopy = function (event) {
    var button = event.target && event.target.closest &&
      event.target.closest('[class*="st-key-copy_keypoint_"] button');
    if (!button) return;
    var box = button.closest('[class*="st-key-keypoint_"]');
    var text = box && box.querySelector('[data-testid="stMarkdown"]');
    if (!text) return;
    event.preventDefault();
    event.stopPropagation();
    var done = function () {
      button.classList.add("gba-copied");
      setTimeout(function () { button.classList.remove("gba-copied"); }, 2000);
    };
    var select = function () {
      var range = document.createRange();
      range.selectNodeContents(text);
      var picked = window.getSelection();
      picked.removeAllRanges();
      picked.addRange(range);
      try { document.execCommand("copy"); } catch (ignored) { return; }
      picked.removeAllRanges();
      done();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text.innerText.trim()).then(done, select);
    } else {
      select();
    }
  };
  document.addEventListener("click", window.__gbaCopy, true);
})();"""

#: A chart-only view in another site's frame (`?only=`): no sidebar, header, tabs or menus;
#: the chart, its key point, source and the link back fill the frame.
EMBED = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stTabs"] [role="tablist"] { display: none !important; }
.stMainBlockContainer, .block-container { max-width: 100% !important;
  padding: 0.75rem 1rem 0.5rem 1rem !important; }
/* The page's title names the frame for screen readers; the chart shows its own. */
h1 { position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; margin: 0 !important; padding: 0 !important; }
</style><span hidden></span>"""

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


#: The one element an embedded view draws, by language.
EMBED_HTML = {
    "zh-Hans": BASE + EMBED + _SCRIPT_ZH_HANS,
    "zh-Hant": BASE + EMBED + _SCRIPT_ZH_HANT,
    "en": BASE + EMBED + _SCRIPT_EN,
}


def css(present: bool) -> str:
    """The page's rules: the base rules, and the presentation rules when `present`.

    Each is a `<style>` with an empty hidden element after it: Streamlit sends HTML that is
    only `<style>` to the page's event container, where the next run's copy replaces what sits
    first there (the toast a callback raised vanished). With an element beside it, it is drawn
    in place.
    """
    return BASE + (PRESENT if present else "")


def draw(lang: str, present: bool, *, embedded: bool = False) -> None:
    """Draw the page's CSS and script (call where its element's room is not seen)."""
    if embedded and not present:
        st.html(EMBED_HTML[lang], unsafe_allow_javascript=True)
    else:
        st.html(PAGE_HTML[lang, present], unsafe_allow_javascript=True)
