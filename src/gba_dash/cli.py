"""`gba-dash check | build | info`: validate the tables, build the database, show its manifest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gba_dash import __version__, db, ingest, settings


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _print_problems(problems: list[ingest.Problem]) -> None:
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) found.", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    result = ingest.load_tables(args.data)
    if result.problems:
        _print_problems(result.problems)
        return 1
    rows = sum(len(f) for f in result.tables.values())
    print(f"OK: {len(result.tables)} tables, {rows} rows in {args.data}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    result = db.build_database(args.data, args.db, progress=None if args.quiet else _progress)
    if not result.ok:
        _print_problems(result.problems)
        print(f"Build stopped; {args.db} was left as it was.", file=sys.stderr)
        return 1
    rows = result.manifest.get("rows", {})
    total = sum(rows.values()) if isinstance(rows, dict) else 0
    print(f"OK: built {args.db} ({total} rows) in {result.seconds:.2f} s")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    try:
        con = db.open_readonly(args.db)
    except db.DatabaseUnavailable as exc:
        print(f"error: {exc}. Run `gba-dash build`.", file=sys.stderr)
        return 1
    try:
        print(db.manifest_json(db.read_manifest(con)))
    finally:
        con.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gba-dash", description=__doc__)
    parser.add_argument("--version", action="version", version=f"gba-dash {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate data/*.csv and report every problem")
    check.add_argument("--data", type=Path, default=None, help="folder of CSV tables")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="validate, then build the DuckDB file atomically")
    build.add_argument("--data", type=Path, default=None, help="folder of CSV tables")
    build.add_argument("--db", type=Path, default=None, help="DuckDB file to write")
    build.add_argument("--quiet", action="store_true", help="no progress lines")
    build.set_defaults(func=cmd_build)

    info = sub.add_parser("info", help="print the build manifest of the database")
    info.add_argument("--db", type=Path, default=None, help="DuckDB file to read")
    info.set_defaults(func=cmd_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "data", "unset") is None:
        args.data = settings.data_dir()
    if getattr(args, "db", "unset") is None:
        args.db = settings.db_path()
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
