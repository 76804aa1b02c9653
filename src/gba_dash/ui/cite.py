""" "Cite this": a view's citations (GB/T 7714, APA, plain text) pinned to the data release
shown, with the sources under it, in a menu beside each chart and one for the headline cards.

Lazy, like the export menu: a menu's contents run only while it is open.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date

import streamlit as st

from gba_dash import citations, embeds, view_links
from gba_dash.charts import titles
from gba_dash.i18n import t
from gba_dash.pagemodels.contract import Card
from gba_dash.ui import chart_specs, data, memo, release, urlstate
from gba_dash.ui.run import Run

CARD_PICK = "cite_card_pick"


def cite_cards(run: Run, cards: Sequence[Card]) -> None:
    """ "Cite a figure": one menu for the headline cards, the figure picked inside it, cited
    and with "Add to memo" (a menu per card was 22 popovers, +50% server time per overview
    render, bench/RESULTS.md)."""
    if run.present or not cards:
        return
    lang = run.lang
    menu = st.popover(
        t("cite.cards_menu", lang),
        icon=":material/format_quote:",
        help=t("cite.menu_help", lang),
        key="cite_cards",
        on_change="rerun",
    )
    if not menu.open:
        return
    with menu:
        titles = [card.cite_title for card in cards]
        picked = st.selectbox(
            t("cite.pick_card", lang),
            range(len(cards)),
            format_func=titles.__getitem__,
            key=CARD_PICK,
        )
        card = cards[picked or 0]
        memo.add_button(run, card.id, card.cite_title)
        _citations(run, card.id, card.cite_title, card.source_ids)


def chart_title(chart) -> str:
    """The title a chart shows (its text as written, without the subtitle; a phone's lines are
    only how it is drawn)."""
    spec = chart.draw_spec if isinstance(chart, chart_specs.PreparedChart) else {}
    # the title alone (every render asks: the spec's tables stay as they are)
    title = titles.without_breaks({"title": spec.get("title", "")})["title"]
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else str(title)


def cite_menu(
    run: Run, key: str, title: str, source_ids: Sequence[str] = (), key_point: str = ""
) -> None:
    """ "Cite this": the chart's key point, then the view as GB/T 7714, APA and plain-text
    citations, each in a block with a copy button, pinned to the release shown; then the
    sources under it, cited in GB/T 7714.

    Lazy, like the export menu: its contents run only while it is open.
    """
    lang = run.lang
    menu = st.popover(
        t("cite.menu", lang),
        icon=":material/format_quote:",
        help=t("cite.menu_help", lang),
        key=f"cite_{key}",
        on_change="rerun",
    )
    if not menu.open:
        return
    with menu:
        _citations(run, key, title, source_ids, key_point)


def _citations(
    run: Run, item: str, title: str, source_ids: Sequence[str], key_point: str = ""
) -> None:
    """The key point, the three citations of a view and the sources under it, as copyable
    blocks; the view as BibTeX and RIS records to download."""
    lang = run.lang
    if key_point:
        st.markdown(f"**{t('cite.key_point', lang)}**")
        st.code(key_point, language=None, wrap_lines=True)
    for style, text in view_citations(run, title).items():
        st.markdown(f"**{t(f'cite.style.{style}', lang)}**")
        st.code(text, language=None, wrap_lines=True)
    if source_ids:
        st.markdown(f"**{t('cite.sources', lang)}**")
        st.code(_source_citations(source_ids, lang), language=None, wrap_lines=True)
    st.markdown(f"**{t('cite.records', lang)}**")
    cited = view_of(run, title)
    with st.container(horizontal=True):
        for ext, mime in citations.RECORDS.items():
            st.download_button(
                t(f"cite.download.{ext}", lang),
                data=functools.partial(_record, cited, lang, item, ext),
                file_name=f"{citations.record_key(cited, item)}.{ext}",
                mime=mime,
                key=f"cite_{ext}_{item}",
                help=t("cite.download_help", lang),
                icon=":material/bookmark_add:",
                on_click="ignore",
            )


def view_of(run: Run, title: str) -> citations.ViewCitation:
    """The view shown, titled `title`, as a citation sees it: pinned to the release shown,
    accessed today."""
    return citations.ViewCitation(
        title=title,
        release_id=release.label(run.release, run.unreleased, run.lang),
        released=release.released_at(run.release),
        accessed=date.today().isoformat(),
        url=view_link(run),
    )


def view_citations(run: Run, title: str) -> dict[str, str]:
    """The view titled `title` cited in each style (`citations.STYLES`), in the reader's
    language, pinned to the release shown, accessed today."""
    view = view_of(run, title)
    return {style: citations.view_citation(view, style, run.lang) for style in citations.STYLES}


def _record(view: citations.ViewCitation, lang: str, item: str, ext: str) -> bytes:
    """The view as a BibTeX or RIS record (UTF-8; made when its button is clicked)."""
    text = (
        citations.view_bibtex(view, lang, item) if ext == "bib" else citations.view_ris(view, lang)
    )
    return text.encode("utf-8")


#: Sources cited under a view (the rest are on the Sources page).
CITED_SOURCES = 12


def _source_citations(source_ids: Sequence[str], lang: str) -> str:
    sources = data.query("get_sources").set_index("source_id", drop=False)
    held = [s for s in source_ids if s in sources.index]
    lines = [
        f"[{n}] {citations.source_citation(sources.loc[s].to_dict(), 'gbt', lang)}"
        for n, s in enumerate(held[:CITED_SOURCES], start=1)
    ]
    if len(held) > CITED_SOURCES:
        lines.append(t("cite.more_sources", lang, n=len(held) - CITED_SOURCES))
    return "\n".join(lines)


def view_link(run: Run) -> str:
    """The deep link of the current view (absolute when the browser told us its URL): its
    declared keys only, the language the reader cites in, the release shown."""
    pairs = [
        (key, value) for key, value in urlstate.query_pairs() if key not in view_links.SHOWN_KEYS
    ]
    shown = release.Shown(run.release, unreleased=run.unreleased)
    return urlstate.link(release.link_pairs(shown, [("lang", run.lang), *pairs]))


def embed_menu(run: Run, key: str, title: str, height: int = embeds.FRAME_HEIGHT) -> None:
    """ "Embed": the chart alone in another site's page, as iframe code to copy — live (the
    latest data) or pinned to the release shown. Lazy, like the other menus."""
    lang = run.lang
    menu = st.popover(
        t("embed.menu", lang),
        icon=":material/code:",
        help=t("embed.menu_help", lang),
        key=f"embed_{key}",
        on_change="rerun",
    )
    if not menu.open:
        return
    with menu:
        base = urlstate.site_root()
        pairs = urlstate.query_pairs()
        pinned = "" if run.unreleased else run.release
        for label, release in (("embed.live", ""), ("embed.pinned", pinned)):
            if label == "embed.pinned" and not release:
                continue
            src = embeds.embed_link(base, run.page, pairs, key, lang, release)
            st.markdown(f"**{t(label, lang, release=release)}**")
            st.code(embeds.iframe_code(src, title, height), language=None, wrap_lines=True)
        st.caption(t("embed.allowed", lang))
