"""The memo a reader collects while browsing: "Add to memo" beside each chart and in the
headline figures' menu, and the sidebar's memo panel (the items, each removable, and "Download
memo", a Word document in the reader's language made by `gba_dash.memo` only when clicked).

The items live in the session (they stay while the reader moves between pages), each as the
address of what was added: its view's link, `release=` included when the data are released,
and its id (`memo.MemoItem`).
"""

from __future__ import annotations

import functools
from datetime import date

import streamlit as st

from gba_dash import export, memo, memo_docx
from gba_dash.i18n import t
from gba_dash.safe_text import md_escape
from gba_dash.ui import chart_specs, data, release, urlstate
from gba_dash.ui.run import Run

#: Session keys: the items (address → title as the reader saw it, in the order added) and
#: the panel's expander.
ITEMS_KEY, PANEL_KEY = "memo_items", "memo_panel"
ADD_KEY, REMOVE_KEY = "memo_add_", "memo_remove_"
_OPEN_KEY = "_memo_panel_open"


def _held() -> dict[str, str]:
    held = st.session_state.get(ITEMS_KEY)
    return held if isinstance(held, dict) else {}


def items() -> list[memo.MemoItem]:
    """The memo's items, in the order added."""
    out = []
    for address in _held():
        link, _, item_id = address.partition("#")
        out.append(memo.MemoItem(link, item_id))
    return out


def _item(run: Run, item_id: str) -> memo.MemoItem:
    """The item `item_id` of the view shown: the page's link with the release shown."""
    shown = release.Shown(run.release, unreleased=run.unreleased)
    pairs = release.link_pairs(shown, urlstate.query_pairs())
    return memo.MemoItem(memo.item_link(run.page, pairs), item_id)


def _toggle(address: str, title: str, lang: str) -> None:
    held = dict(_held())
    if address in held:
        del held[address]
    elif len(held) >= memo.MAX_ITEMS:
        st.toast(t("memo.full", lang, n=memo.MAX_ITEMS), icon=":material/block:")
        return
    else:
        held[address] = title
        st.toast(t("memo.added_toast", lang, n=len(held)), icon=":material/note_add:")
    st.session_state[ITEMS_KEY] = held


def add_button(run: Run, item_id: str, title: str) -> None:
    """ "Add to memo" for the chart or figure `item_id` of the view shown ("In memo" once
    added: a second click takes it out)."""
    if run.present or not run.page:
        return
    item = _item(run, item_id)
    inside = item.address in _held()
    st.button(
        t("memo.in_memo" if inside else "memo.add", run.lang),
        key=f"{ADD_KEY}{item_id}",
        icon=":material/check:" if inside else ":material/note_add:",
        type="tertiary",
        help=t("memo.add_help", run.lang),
        on_click=_toggle,
        args=(item.address, title, run.lang),
    )


def _remove(address: str) -> None:
    held = dict(_held())
    held.pop(address, None)
    st.session_state[ITEMS_KEY] = held


def _clear() -> None:
    st.session_state[ITEMS_KEY] = {}


def panel(run: Run) -> None:
    """The sidebar's memo panel: shown once an item is added; lazy (its contents run only
    while open)."""
    held = _held()
    if run.present or not held:
        return
    lang = run.lang
    # The label counts the items, so each change is a new expander: it opens as it was.
    box = st.expander(
        t("memo.panel", lang, n=len(held)),
        expanded=bool(st.session_state.get(_OPEN_KEY)),
        icon=":material/description:",
        key=PANEL_KEY,
        on_change="rerun",
    )
    st.session_state[_OPEN_KEY] = box.open
    if not box.open:
        return
    with box:
        for n, (address, title) in enumerate(held.items(), start=1):
            with st.container(horizontal=True, vertical_alignment="center", wrap=False):
                st.markdown(f"{n}\\. {md_escape(title)}", width="stretch")
                st.button(
                    "",
                    key=f"{REMOVE_KEY}{n}",
                    icon=":material/close:",
                    type="tertiary",
                    help=t("memo.remove", lang),
                    on_click=_remove,
                    args=(address,),
                )
        if not export.cjk_font_available():
            st.warning(t("export.no_cjk_font", lang), icon="⚠️")
        else:
            today = date.today().isoformat()
            st.download_button(
                t("memo.download", lang),
                data=functools.partial(
                    memo_file, tuple(items()), lang, urlstate.site_root(), today
                ),
                file_name=memo_docx.file_name(lang, today),
                mime=export.MIME["docx"],
                key="memo_download",
                icon=":material/download:",
                help=t("memo.download_help", lang),
                on_click="ignore",
                type="primary",
            )
        st.button(t("memo.clear", lang), key="memo_clear", type="tertiary", on_click=_clear)


def memo_file(items_: tuple[memo.MemoItem, ...], lang: str, base: str, today: str) -> bytes:
    """The memo of `items_` as a Word document (made when "Download memo" is clicked)."""
    found = memo.memo(
        data.database(), items_, lang, base=base, today=today, spec_of=chart_specs.request_spec
    )
    return memo_docx.memo_docx(found)
