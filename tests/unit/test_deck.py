"""Deck files (gba_dash.decks: parsing, rules, the default story), their links and URL keys."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from gba_dash import decks
from gba_dash.i18n import LANGS
from gba_dash.ui import deck as ui_deck

GOOD = """
title = { zh-Hans = "演示", zh-Hant = "簡報", en = "Deck" }

[[views]]
path = "/clusters"
query = "edition=2025&top=10"
title = { zh-Hans = "第一", zh-Hant = "第一", en = "First" }

[[views]]
path = "/pilots"
query = ""
title = { zh-Hans = "第二", zh-Hant = "第二", en = "Second" }
"""


def test_every_deck_file_is_valid() -> None:
    files = sorted(decks.DECKS_DIR.glob("*.toml"))
    assert files, "decks/ holds no deck"
    for path in files:
        decks.parse_deck(path.stem, path.read_text(encoding="utf-8"))  # raises on any problem


def test_the_story_deck_tells_the_article_in_six_to_ten_views() -> None:
    story = decks.load_decks()[decks.DEFAULT_DECK]
    assert 6 <= len(story.views) <= 10
    for view in (story, *story.views):
        assert all(view.title[lang] for lang in LANGS)
    queries = [(v.page, dict(v.query)) for v in story.views]
    pages = [page for page, _ in queries]
    assert {"clusters", "hightech", "pilots"} <= set(pages)
    # cluster No. 1, Macao–Zhuhai's rise, enterprise growth, R&D, the pilot timeline, targets
    assert ("clusters", {"edition": "2025", "top": "10"}) in queries
    assert any("macao_zhuhai" in q.get("clusters", "").split(",") for p, q in queries)
    assert any(q.get("metric") == "hightech_enterprises" for p, q in queries)
    assert any(q.get("metric", "").startswith("rd_") for p, q in queries)
    # the pilots' timeline, a few lanes a slide (a room reads their names), every domain shown
    shown = [q.get("domain", "") for p, q in queries if q.get("part") == "timeline"]
    assert shown
    assert all(shown)
    assert {d for domains in shown for d in domains.split(",")} == {
        "finance",
        "health",
        "research",
        "infrastructure",
        "general",
    }
    assert ("pilots", {"pilot": "szhk_dvp", "part": "targets"}) in queries
    # a presented overview names its few figures: the No. 1 cluster and the enterprises among them
    figures = next(q["figures"].split(",") for p, q in queries if p == "overview")
    assert 3 <= len(figures) <= 6
    assert {"hl_szhkgz_rank_2025", "hl_hightech_enterprises"} <= set(figures)


def test_parse_a_good_deck() -> None:
    parsed = decks.parse_deck("demo", GOOD)
    assert parsed.title["en"] == "Deck"
    assert [v.path for v in parsed.views] == ["/clusters", "/pilots"]
    assert parsed.views[0].query == (("edition", "2025"), ("top", "10"))
    assert parsed.views[0].page == "clusters"


def test_every_problem_of_a_bad_deck_is_reported_at_once() -> None:
    bad = """
title = { zh-Hans = "演示", en = "Deck", fr = "Présentation" }
extra = 1

[[views]]
path = "/nowhere"
query = "lang=en&present=1"
title = { zh-Hans = "一", zh-Hant = "一", en = "One" }

[[views]]
path = "/clusters"
query = "top=10&top=20"
title = "One"
colour = "red"
"""
    with pytest.raises(decks.DeckError) as info:
        decks.parse_deck("Bad Id", bad)
    problems = "\n".join(info.value.problems)
    for expected in (
        "id (file name)",
        "title missing in zh-Hant",
        "unknown languages ['fr']",
        "unknown fields ['extra']",
        "path '/nowhere'",
        "may not set ['lang', 'present']",
        "repeats a key",
        "view 2: title must be a table",
        "unknown fields ['colour']",
    ):
        assert expected in problems, expected
    with pytest.raises(decks.DeckError, match="not valid TOML"):
        decks.parse_deck("x", "title = ")
    with pytest.raises(decks.DeckError, match="no \\[\\[views\\]\\]"):
        decks.parse_deck("x", 'title = { zh-Hans = "a", zh-Hant = "a", en = "a" }')
    with pytest.raises(decks.DeckError, match="not a query string"):
        decks.parse_deck("x", GOOD.replace('query = ""', 'query = "a&&=b"'))


def test_view_params_open_a_slide_or_leave_the_deck() -> None:
    parsed = decks.parse_deck("demo", GOOD)
    assert decks.view_params(parsed, 1, "zh-Hant") == {
        "edition": "2025",
        "top": "10",
        "lang": "zh-Hant",
        "present": "1",
        "deck": "demo",
        "slide": "1",
    }
    assert decks.view_params(parsed, 2, "en", present=False) == {"lang": "en", "present": "0"}
    link = decks.view_link(parsed, 1, "en")
    assert urlsplit(link).path == "/clusters"
    assert dict(parse_qsl(urlsplit(link).query))["slide"] == "1"


def test_deck_and_slide_params() -> None:
    parsed = decks.parse_deck("demo", GOOD)
    param = ui_deck.deck_param({"demo": parsed})
    assert param.read("demo") == ("demo", True)
    assert param.read("nope") == ("", False)
    assert param.read(None) == ("", True)
    slide = ui_deck.slide_param(parsed)
    assert slide.read("2") == (2, True)
    for bad in ("0", "3", "x", "-1"):
        assert slide.read(bad) == (1, False)


def test_load_decks_skips_broken_files_and_rereads_changes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("title = 1", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="gba_dash.decks"):
        loaded = decks.load_decks(tmp_path)
    assert list(loaded) == ["good"]
    assert "broken.toml" in caplog.text
    changed = GOOD.replace('en = "Deck"', 'en = "Deck 2"')
    (tmp_path / "good.toml").write_text(changed, encoding="utf-8")
    stat = (tmp_path / "good.toml").stat()
    os.utime(tmp_path / "good.toml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert decks.load_decks(tmp_path)["good"].title["en"] == "Deck 2"
