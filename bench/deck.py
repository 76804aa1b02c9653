"""Deck file build time: the story deck as PowerPoint and PDF, as a presenter gets it.

    python bench/deck.py              # 5 rounds: each language × format, in one process
    python bench/deck.py --command    # also `gba-dash export deck` (Python start and imports)

In-process figures are what "Download this deck" costs the server once it runs (the deck's
slides resolved from the database, every chart drawn for the room and rendered, the file
written); the command adds Python's start, the imports and a freshness check of the database.
Target: a 7-slide deck in a few seconds: ≤ 0.7 s a slide (5 s for seven), the slowest
language and format's median.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import TARGETS, copy_data, loadavg, save, verdict

LANGS = ("zh-Hans", "zh-Hant", "en")
FORMATS = ("pptx", "pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--deck", default="story")
    parser.add_argument("--command", action="store_true", help="also time the command line")
    args = parser.parse_args(argv)
    from gba_dash import db, db_build, deck_files, decks, slides

    print(f"load average before: {loadavg()}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="gba-deck-"))
    times: dict[str, list[float]] = {}
    try:
        data = copy_data(work)
        db_path = work / "gba.duckdb"
        db_build.build_database(data, db_path)
        database = db.ReadOnlyDatabase(db_path)
        deck = decks.load_decks()[args.deck]
        print(f"deck {deck.id}: {len(deck.views)} views")
        deck_files.deck_file(slides.deck_slides(database, deck, "en"), "en", "pdf")  # warm up
        for _ in range(args.rounds):
            for lang in LANGS:
                for fmt in FORMATS:
                    started = time.perf_counter()
                    shown = slides.deck_slides(database, deck, lang, base="https://x.org")
                    size = len(deck_files.deck_file(shown, lang, fmt))
                    took = time.perf_counter() - started
                    times.setdefault(f"{lang} {fmt}", []).append(took)
                    print(f"{lang} {fmt}: {took:.2f} s, {size / 1e6:.2f} MB", flush=True)
        if args.command:
            cli = Path(sys.executable).with_name("gba-dash")
            for _ in range(args.rounds):
                for fmt in FORMATS:
                    out = work / f"deck.{fmt}"
                    command = [str(cli), "export", "deck", deck.id, "--format", fmt]
                    command += ["-o", str(out), "--data", str(data), "--db", str(db_path)]
                    started = time.perf_counter()
                    subprocess.run(command, check=True, capture_output=True, timeout=300)
                    times.setdefault(f"command {fmt}", []).append(time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"median {name}: {value:.2f} s")
    print(f"load average after: {loadavg()}")
    slowest = max(medians.values())
    per_slide = slowest / len(deck.views)
    lines = [
        verdict(
            f"a deck file ≤ {TARGETS['deck_slide_s']} s a slide (slowest median)",
            per_slide <= TARGETS["deck_slide_s"],
            f"{per_slide:.2f} s a slide: {slowest:.2f} s for {len(deck.views)} slides,"
            f" {per_slide * 7:.1f} s for seven",
        )
    ]
    save("deck", {"times": times, "medians": medians, "verdicts": lines})
    return 0 if all(line.startswith("PASS") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
