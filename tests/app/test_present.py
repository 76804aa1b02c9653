"""Presentation decks (?present=1&deck=…) and the export menu beside every chart (AppTest)."""

from __future__ import annotations

import pytest

from gba_dash import decks, export
from gba_dash.i18n import t
from gba_dash.safe_text import md_unescape
from tests.app.conftest import no_exceptions, open_export_menus

STORY = decks.load_decks()[decks.DEFAULT_DECK]
TOTAL = len(STORY.views)


def position(at) -> str:
    """The deck bar's "n / total · title" line, as a reader sees it (Markdown escapes off)."""
    lines = [m.value for m in at.markdown if f" / {TOTAL}**" in m.value]
    assert len(lines) == 1, lines
    return md_unescape(lines[0])


def assert_on_view(at, n: int, lang: str = "en") -> None:
    view = STORY.views[n - 1]
    no_exceptions(at)
    assert not at.warning, [w.value for w in at.warning]
    assert at.title[0].value == t(f"page.{view.page}", lang)
    params = at.query_params
    assert (params["present"], params["deck"], params["slide"]) == ("1", "story", str(n))
    # the view's own keys are in the URL (a page drops a key whose value is its default)
    for key, value in view.query:
        assert params.get(key, value) == value, key
    if view.query:
        assert any(key in params for key, _ in view.query), "the view's query was not applied"
    assert position(at).startswith(f"**{n} / {TOTAL}**")


def test_a_deck_link_starts_at_the_first_view_and_steps_through_all(make_app) -> None:
    at = make_app("en")
    at.query_params.update(present="1", deck="story")
    at.switch_page("pages/clusters.py").run()  # a deck link opened on another page
    assert_on_view(at, 1)
    assert at.button(key="deck_prev").disabled
    for n in range(2, TOTAL + 1):
        at.button(key="deck_next").click().run()
        assert_on_view(at, n)
    assert at.button(key="deck_next").disabled
    at.button(key="deck_prev").click().run()
    assert_on_view(at, TOTAL - 1)
    # keys of the view left behind are gone (the last slide focuses a pilot, the one before not)
    assert "pilot" not in at.query_params


def test_deck_bar_speaks_the_readers_language(make_app) -> None:
    at = make_app("zh-Hant", {"present": "1", "deck": "story", "slide": "3"}, page="clusters")
    no_exceptions(at)
    assert position(at) == f"**3 / {TOTAL}** · {STORY.views[2].title['zh-Hant']}"
    assert at.button(key="deck_next").label == "下一頁"
    assert at.title[0].value == t("page.clusters", "zh-Hant")


@pytest.mark.parametrize("bad", ["nope", "<script>", "x" * 600])
def test_a_bad_deck_id_warns_and_falls_back_to_plain_presentation(make_app, bad: str) -> None:
    at = make_app("en", {"present": "1", "deck": bad})
    no_exceptions(at)
    assert [w.value for w in at.warning] == [t("warn.param_invalid", "en", param="deck")]
    assert "deck" not in at.query_params
    assert at.query_params["present"] == "1"
    assert not at.button  # no deck bar
    assert at.title[0].value == t("page.overview", "en")


def test_a_bad_slide_warns_and_shows_the_first_position(make_app) -> None:
    at = make_app("en", {"present": "1", "deck": "story", "slide": "99"})
    no_exceptions(at)
    assert [w.value for w in at.warning] == [t("warn.param_invalid", "en", param="slide")]
    assert at.query_params["slide"] == "1"
    assert position(at).startswith(f"**1 / {TOTAL}**")


def test_exit_leaves_presentation_on_the_same_view(make_app) -> None:
    at = make_app(
        "en",
        {"present": "1", "deck": "story", "slide": "2", "edition": "2025", "top": "10"},
        page="clusters",
    )
    at.button(key="deck_exit").click().run()
    no_exceptions(at)
    assert at.title[0].value == t("page.clusters", "en")
    assert "present" not in at.query_params
    assert "deck" not in at.query_params
    assert at.query_params["top"] == "10"
    assert at.text_input  # the share link is back: the frame is out of presentation mode


def test_deck_without_present_mode_is_ignored(make_app) -> None:
    at = make_app("en", {"deck": "story"})
    no_exceptions(at)
    assert not at.warning
    assert not [b for b in at.button if (b.key or "").startswith("deck_")]


def _download_keys(at) -> set[str]:
    return {el.proto.id.split("-", 2)[-1] for el in at.get("download_button")}  # $$ID-hash-key


def test_every_chart_offers_images_excel_csv_and_zip_but_not_on_a_slide(make_app) -> None:
    at = make_app("zh-Hans", page="clusters")
    no_exceptions(at)
    assert not at.get("download_button")  # the menus are closed: nothing built yet
    open_export_menus(at)
    no_exceptions(at)
    keys = _download_keys(at)
    charts = sorted(
        k.removeprefix("exp_").removesuffix("_zip")
        for k in keys
        if k.startswith("exp_") and k.endswith("_zip")
    )
    assert "cluster-ranking" in charts
    for chart_id in charts:
        for preset in export.PRESETS:
            for fmt in export.FORMATS:
                assert f"exp_{chart_id}_{preset}_{fmt}" in keys
        assert {f"exp_{chart_id}_csv_codes", f"exp_{chart_id}_csv_names"} <= keys
        assert f"exp_{chart_id}_xlsx" in keys
    labels = {el.proto.label for el in at.get("download_button")}
    assert {"PNG", "SVG", "PDF", t("export.zip", "zh-Hans"), t("export.xlsx", "zh-Hans")} <= labels
    slide = make_app("zh-Hans", {"present": "1"}, page="clusters")
    no_exceptions(slide)
    assert not slide.get("download_button")


def _cards(at) -> list[tuple[str, str]]:
    """(label, value) of each card, row by row (AppTest lists a column's elements together)."""
    columns = [[(m.label, m.value) for m in column.metric] for column in at.main.columns]
    rows = max((len(c) for c in columns), default=0)
    return [column[r] for r in range(rows) for column in columns if r < len(column)]


@pytest.fixture
def card_of(real_db) -> dict[str, dict[str, tuple[str, str]]]:
    """Per language, each headline id's card (label, value), in the overview's order."""
    from gba_dash import db, queries
    from gba_dash.pagemodels import overview

    con = db.open_readonly(real_db)
    try:
        tables = overview.load(lambda name, *args: getattr(queries, name)(con, *args))
    finally:
        con.close()
    shown = {lang: overview.sections(tables, lang)[0] for lang in ("en", "zh-Hans")}
    return {
        lang: {card.id: (card.label, card.value) for card in section.cards}
        for lang, section in shown.items()
    }


def test_a_presented_overview_shows_the_figures_its_view_names_in_that_order(
    make_app, card_of
) -> None:
    picked = ["hl_dvp_target", "hl_szhkgz_rank_2025", "hl_hightech_enterprises", "hl_joint_labs"]
    at = make_app("en", {"present": "1", "figures": ",".join(picked)})
    no_exceptions(at)
    assert not at.warning
    assert _cards(at) == [card_of["en"][i] for i in picked]
    assert not at.get("page_link")  # one slide: no links to the pages behind the figures
    # outside presentation the key is ignored: all 22 figures, grouped with their page links
    whole = make_app("en", {"figures": ",".join(picked)})
    no_exceptions(whole)
    assert sorted(m.label for m in whole.metric) == sorted(c[0] for c in card_of["en"].values())
    assert len(whole.metric) == 22
    assert whole.get("page_link")


@pytest.mark.parametrize("bad", ["hl_nope", "x" * 600, ""])
def test_a_bad_figures_list_warns_and_shows_the_first_six(make_app, card_of, bad: str) -> None:
    at = make_app("zh-Hans", {"present": "1", "figures": bad})
    no_exceptions(at)
    assert [w.value for w in at.warning] == [t("warn.param_invalid", "zh-Hans", param="figures")]
    assert "figures" not in at.query_params
    assert _cards(at) == list(card_of["zh-Hans"].values())[:6]


@pytest.mark.parametrize(
    ("page", "part", "shown"),
    [
        ("pilots", None, ["pilots.overview"]),
        ("pilots", "map", ["pilots.map"]),
        ("pilots", "timeline", ["pilots.timeline"]),
        ("pilots", "targets", ["pilots.targets"]),
        ("hightech", "share", ["hightech.share.heading"]),
        ("hightech", "exports", ["hightech.exports.heading"]),
    ],
)
def test_a_presented_page_shows_one_part(make_app, page: str, part, shown: list[str]) -> None:
    params = {"present": "1"} | ({"part": part} if part else {})
    at = make_app("zh-Hant", params, page=page)
    no_exceptions(at)
    assert not at.warning
    assert [h.value for h in at.main.subheader] == [t(key, "zh-Hant") for key in shown]
    # the whole page outside presentation, whatever `part` says
    whole = make_app("zh-Hant", {"part": part or "map"}, page=page)
    no_exceptions(whole)
    assert not whole.warning
    assert len(whole.main.subheader) >= 4


def test_a_bad_part_warns_and_presents_the_first(make_app) -> None:
    at = make_app("en", {"present": "1", "part": "board"}, page="pilots")
    no_exceptions(at)
    assert [w.value for w in at.warning] == [t("warn.param_invalid", "en", param="part")]
    assert [h.value for h in at.main.subheader] == [t("pilots.overview", "en")]
    assert "part" not in at.query_params


@pytest.mark.parametrize("path", ["", "pilots", "clusters"])
def test_a_slide_link_shows_its_slide_whatever_path_it_was_opened_on(make_app, path: str) -> None:
    """`/?present=1&deck=story&slide=2` is the cluster ranking of slide 2, not the overview."""
    second = STORY.views[1]
    at = make_app(
        "en",
        {"present": "1", "deck": "story", "slide": "2"},
        page=path or None,
    )
    no_exceptions(at)
    assert position(at).startswith(f"**2 / {TOTAL}** · {second.title['en']}")
    assert at.title[0].value == t(f"page.{second.page}", "en")
    widgets = {w.key: w.value for kind in ("selectbox", "slider") for w in at.get(kind) if w.key}
    for key, value in second.query:  # the view's own keys, not the page's defaults
        assert str(widgets[key]) == value, key


def _subheaders(at) -> list[str]:
    return [h.value for h in at.subheader]


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_speaker_notes_show_the_key_points_and_citation_and_stay_on(make_app, lang: str) -> None:
    at = make_app(lang, {"present": "1", "deck": "story", "slide": "2", "notes": "1"}, "clusters")
    no_exceptions(at)
    assert t("deck.notes.heading", lang) in _subheaders(at)
    shown = md_unescape(" ".join(m.value for m in at.markdown))
    assert t("deck.notes.points", lang) in shown
    assert t("deck.notes.cite", lang) in shown
    assert "[EB/OL]" in shown  # the view cited in GB/T 7714
    assert "/clusters?edition=2025&top=10&lang=" in shown  # … with the view's own link
    assert at.query_params["notes"] == "1"
    # they stay open from slide to slide
    at.button(key="deck_next").click().run()
    no_exceptions(at)
    assert at.query_params["slide"] == "3"
    assert at.query_params["notes"] == "1"
    assert t("deck.notes.heading", lang) in _subheaders(at)
    # N (the toggle the page's script clicks) hides them
    at.button(key="deck_notes_toggle").click().run()
    assert t("deck.notes.heading", lang) not in _subheaders(at)
    assert "notes" not in at.query_params


def test_without_notes_a_slide_shows_none(make_app) -> None:
    at = make_app("en", {"present": "1", "deck": "story", "slide": "2"}, "clusters")
    assert t("deck.notes.heading", "en") not in _subheaders(at)


def test_the_deck_bar_offers_the_deck_to_download(make_app) -> None:
    at = make_app("zh-Hant", {"present": "1", "deck": "story", "slide": "1"})
    no_exceptions(at)
    assert "deck_files" in at.session_state  # the popover, closed: nothing built
    assert not at.get("download_button")
    at.session_state["deck_files"] = True
    at.run()
    no_exceptions(at)
    labels = {el.proto.label for el in at.get("download_button")}
    assert labels == {t(f"deck.format.{fmt}", "zh-Hant") for fmt in ("pptx", "pdf")}
    names = {el.proto.id.split("-", 2)[-1] for el in at.get("download_button")}
    assert names == {"deck_file_pptx", "deck_file_pdf"}
