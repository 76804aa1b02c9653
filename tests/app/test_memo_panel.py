""" "Add to memo" beside every chart and in the headline figures' menu; the sidebar's memo panel
keeps the items across pages, removes one, and offers "Download memo" (made only when clicked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gba_dash import db, memo
from gba_dash.i18n import t
from gba_dash.ui.memo import ADD_KEY, ITEMS_KEY, PANEL_KEY, REMOVE_KEY
from tests.app.conftest import no_exceptions


def _add_buttons(at) -> list:
    return [b for b in at.button if str(b.key or "").startswith(ADD_KEY)]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
@pytest.mark.parametrize("page", ["clusters", "hightech", "pilots"])
def test_every_chart_drawn_can_be_added_to_the_memo(make_app, page: str, lang: str) -> None:
    at = make_app(lang, page=page)
    no_exceptions(at)
    charts = at.get("vega_lite_chart")
    buttons = _add_buttons(at)
    assert len(buttons) == len(charts)
    assert {b.label for b in buttons} == {t("memo.add", lang)}
    assert ITEMS_KEY not in at.session_state  # nothing held, no panel
    buttons[0].click().run()
    no_exceptions(at)
    (address,) = at.session_state[ITEMS_KEY]
    assert address.startswith(f"/{page}")
    assert "lang=" not in address  # the memo is written in its reader's language
    assert "release=" in address  # pinned to the release shown
    assert _add_buttons(at)[0].label == t("memo.in_memo", lang)
    # a second click takes it out
    _add_buttons(at)[0].click().run()
    assert not at.session_state[ITEMS_KEY]


def test_items_are_kept_across_pages_and_written_as_one_memo(make_app, real_db: Path) -> None:
    at = make_app("zh-Hans", page="clusters")
    at.button(key=f"{ADD_KEY}cluster-ranking").click().run()
    at.switch_page("pages/hightech.py")
    at.run()
    no_exceptions(at)
    at.button(key=f"{ADD_KEY}hightech-share").click().run()
    at.switch_page("pages/overview.py")
    at.run()
    assert not list(_add_buttons(at))  # the figures' menu is closed: nothing of it runs
    at.session_state["cite_cards"] = True
    at.run()
    no_exceptions(at)
    (card_button,) = _add_buttons(at)
    card_button.click().run()
    no_exceptions(at)
    held = at.session_state[ITEMS_KEY]
    assert len(held) == 3
    panel = at.expander(key=PANEL_KEY)
    assert panel.proto.label == t("memo.panel", "zh-Hans", n=3)

    def memo_download(at) -> list:
        return [d for d in at.get("download_button") if d.proto.id.endswith("memo_download")]

    assert not memo_download(at)  # the panel is closed: no file is offered or made
    at.session_state[PANEL_KEY] = True
    at.run()
    no_exceptions(at)
    assert len(memo_download(at)) == 1
    assert [m for m in at.markdown if "1\\." in str(m.value)]
    # the items re-open as the memo's entries: none lost
    items = [memo.MemoItem(*a.split("#", 1)) for a in held]
    found = memo.memo(db.ReadOnlyDatabase(real_db), items, "en", today="2026-12-05")
    assert [e.kind for e in found.entries] == ["chart", "chart", "figure"]
    assert not any(e.missing for e in found.entries)
    # one removed, the rest kept in order
    at.button(key=f"{REMOVE_KEY}1").click().run()
    assert list(at.session_state[ITEMS_KEY]) == list(held)[1:]
    at.button(key="memo_clear").click().run()
    assert not at.session_state[ITEMS_KEY]


def test_a_full_memo_refuses_more_and_a_slide_offers_no_add(make_app) -> None:
    at = make_app("en", page="clusters")
    at.session_state[ITEMS_KEY] = {f"/hightech#c{i}": f"c{i}" for i in range(memo.MAX_ITEMS)}
    at.run()
    at.button(key=f"{ADD_KEY}cluster-ranking").click().run()
    no_exceptions(at)
    assert len(at.session_state[ITEMS_KEY]) == memo.MAX_ITEMS
    assert [el for el in at.toast if str(memo.MAX_ITEMS) in el.value]
    slide = make_app("en", {"present": "1", "part": "ranking"}, page="clusters")
    no_exceptions(slide)
    assert not _add_buttons(slide)
