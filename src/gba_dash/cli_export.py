"""`gba-dash export deck` and `export view`: a deck as a PowerPoint file or a PDF, and a chart
of a view as the Export menu gives it, made from data/ on this machine.

    gba-dash export deck story --lang zh-Hans --format pptx -o story.pptx
    gba-dash export view "/clusters?edition=2025&top=20&lang=zh-Hans" --format xlsx -o ranking.xlsx
    gba-dash export memo "/clusters?edition=2025#cluster-ranking" "/hightech" --lang zh-Hans

The database is built from data/ first when it is missing or stale (as the dashboard does; no
release is recorded). Links on the slides start with `--base-url` (or GBA_DASH_PUBLIC_URL),
the address readers open the dashboard at; without one they are relative and carry no QR code.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gba_dash import db, deck_files, decks, export, memo, memo_docx, slides, view_files, view_links
from gba_dash.i18n import LANGS
from gba_dash.safe_text import printable

#: The dashboard's public address, for links on exported slides.
PUBLIC_URL_ENV = "GBA_DASH_PUBLIC_URL"


def _err(text: str) -> None:
    print(printable(text), file=sys.stderr, flush=True)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """`export deck …` under the command line's subcommands."""
    exp = sub.add_parser(
        "export", help="export a deck (PowerPoint, PDF) or a view's chart (Excel, CSV, images)"
    )
    what = exp.add_subparsers(dest="what", required=True)
    deck = what.add_parser(
        "deck",
        help="a deck of decks/ as a PowerPoint file or a PDF",
        description="Write every view of a deck (decks/<id>.toml) as a 16:9 slide: its title, "
        "its chart drawn for a room (or its headline figures), a one-line source, the view's "
        "link and QR code; speaker notes with the key points and the GB/T 7714 citation.",
    )
    deck.add_argument("deck", help="the deck's id, e.g. story")
    deck.add_argument("--lang", default="zh-Hans", choices=LANGS, help="default zh-Hans")
    deck.add_argument("--format", default="pptx", choices=deck_files.FORMATS, help="default pptx")
    deck.add_argument("--release", default="", help="data release to show (default the latest)")
    _file_arguments(deck, "the slides' links")
    deck.set_defaults(func=cmd_export_deck)
    view = what.add_parser(
        "view",
        help="a chart of a view (its link) as Excel, CSV, PNG, SVG or PDF",
        description="Write what a chart's Export menu gives, for the view a link opens (its own "
        "URL keys, as in docs/urls.md, release= included): an Excel workbook with its sources, "
        "notes and citations, the CSV, or the chart as an image with its provenance.",
    )
    view.add_argument("link", help='the view\'s link, e.g. "/clusters?edition=2025&lang=zh-Hans"')
    view.add_argument("--format", default="xlsx", choices=view_files.FORMATS, help="default xlsx")
    view.add_argument("--chart", default="", help="the chart's id (default: the view's first)")
    view.add_argument(
        "--preset",
        default=export.DEFAULT_PRESET,
        choices=list(export.PRESETS),
        help=f"page size of an image (default {export.DEFAULT_PRESET})",
    )
    _file_arguments(view, "the file's link")
    view.set_defaults(func=cmd_export_view)
    pack = what.add_parser(
        "memo",
        help="a Word memo of charts and headline figures (their views' links)",
        description='Write what the memo panel\'s "Download memo" gives: for each item its '
        "title, chart (or figure), key point, source and numbered citation, then the "
        "references (GB/T 7714 in Chinese, APA in English) with permalinks and data releases. "
        "An item is a view's link with a chart's or figure's id as its fragment "
        '("/clusters?edition=2025#cluster-ranking"); a link without one adds every chart '
        "its view shows.",
    )
    pack.add_argument("items", nargs="+", help="links of views, each with #<chart or figure id>")
    pack.add_argument("--lang", default="zh-Hans", choices=LANGS, help="default zh-Hans")
    _file_arguments(pack, "the memo's links")
    pack.set_defaults(func=cmd_export_memo)


def _file_arguments(parser: argparse.ArgumentParser, links: str) -> None:
    """What every export command takes: where to write, the public address for `links`, and
    the data and database to read."""
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: its own name)")
    parser.add_argument(
        "--base-url",
        default=None,
        help=f"the dashboard's public address for {links} (env {PUBLIC_URL_ENV})",
    )
    parser.add_argument("--data", type=Path, default=None, help="folder of CSV tables")
    parser.add_argument("--db", type=Path, default=None, help="DuckDB file to read")


def _base_url(args: argparse.Namespace) -> str | None:
    """The public address links start with ("" for relative links); None when it is not an
    http(s) address (said on stderr)."""
    base = args.base_url if args.base_url is not None else os.environ.get(PUBLIC_URL_ENV, "")
    if base and not base.startswith(("http://", "https://")):
        _err(f"--base-url must be an http(s) address, not {base!r}")
        return None
    return base


def _database(args: argparse.Namespace) -> bool:
    """Build the database from data/ when it is missing or stale; False when there is none."""
    state = db.ensure_database(args.data, args.db)
    if state.state == "missing":
        _err(
            f"no database: data/ does not build ({len(state.problems)} problem(s));"
            " see `gba-dash check`"
        )
        return False
    if state.state == "stale":
        _err("data/ changed but fails its checks: the files show the last good build")
    return True


def _write(out: Path, content: bytes) -> None:
    tmp = out.with_name(f".{out.name}.part")
    tmp.write_bytes(content)
    tmp.replace(out)


def _ready(args: argparse.Namespace) -> tuple[str | None, int]:
    """(the public address, 0), or (None, the exit code) when the address is not one or
    there is no database."""
    base = _base_url(args)
    if base is None:
        return None, 2
    if not _database(args):
        return None, 1
    return base, 0


def cmd_export_view(args: argparse.Namespace) -> int:
    base, failed = _ready(args)
    if base is None:
        return failed
    try:
        made = view_files.view_file(
            db.ReadOnlyDatabase(args.db),
            args.link,
            args.format,
            chart=args.chart,
            base=base,
            preset=args.preset,
        )
    except view_links.ViewError as exc:
        _err(str(exc))
        return 2
    except export.CJKFontMissing as exc:
        _err(str(exc))
        return 1
    out = args.output or Path(made.name)
    _write(out, made.content)
    print(printable(f"{out} ({made.chart}, {len(made.content):,} bytes)"))
    return 0


def cmd_export_deck(args: argparse.Namespace) -> int:
    known = decks.load_decks()
    deck = known.get(args.deck)
    if deck is None:
        _err(f"no deck {args.deck!r}: decks/ holds {', '.join(sorted(known)) or 'none'}")
        return 2
    base, failed = _ready(args)
    if base is None:
        return failed
    try:
        shown = slides.deck_slides(
            db.ReadOnlyDatabase(args.db), deck, args.lang, base=base, release=args.release
        )
        content = deck_files.deck_file(shown, args.lang, args.format)
    except view_links.ViewError as exc:
        _err(str(exc))
        return 2
    except export.CJKFontMissing as exc:
        _err(str(exc))
        return 1
    release = shown[0].view.release if shown else ""
    out = args.output or Path(deck_files.file_name(deck.id, args.lang, args.format, release))
    _write(out, content)
    if not base:
        _err(
            f"links are relative: pass --base-url (or set {PUBLIC_URL_ENV}) for full links"
            " and QR codes"
        )
    print(printable(f"{out} ({len(shown)} slides, {len(content):,} bytes)"))
    return 0


def cmd_export_memo(args: argparse.Namespace) -> int:
    base, failed = _ready(args)
    if base is None:
        return failed
    database = db.ReadOnlyDatabase(args.db)
    items: list[memo.MemoItem] = []
    try:
        for address in args.items:
            page, query = view_links.split_link(address.partition("#")[0])
            view = view_links.open_view(database, page, query)
            named = memo.parse_items(address, view)
            known = memo.item_ids(view)
            for item in named:
                if item.id not in known:
                    _err(
                        f"no chart or figure {item.id!r} in {address}: it shows {', '.join(known)}"
                    )
                    return 2
            items += named
        if len(items) > memo.MAX_ITEMS:
            _err(f"a memo holds at most {memo.MAX_ITEMS} items, not {len(items)}")
            return 2
        found = memo.memo(database, items, args.lang, base=base)
        content = memo_docx.memo_docx(found)
    except view_links.ViewError as exc:
        _err(str(exc))
        return 2
    except export.CJKFontMissing as exc:
        _err(str(exc))
        return 1
    out = args.output or Path(memo_docx.file_name(args.lang, found.made))
    _write(out, content)
    print(printable(f"{out} ({len(found.entries)} items, {len(content):,} bytes)"))
    return 0
