"""`gba-dash check | build | info | serve`: validate the tables, build the database, show its
manifest, serve the dashboard in production."""

from __future__ import annotations

import argparse
import os
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


def _env_list(name: str) -> list[str]:
    return [v for v in os.environ.get(name, "").replace(",", " ").split() if v]


def cmd_serve(args: argparse.Namespace) -> int:
    from gba_dash import serve

    # The app and every replica read these (settings.data_dir / db_path).
    os.environ["GBA_DASH_DATA_DIR"] = str(args.data)
    os.environ["GBA_DASH_DB"] = str(args.db)
    try:
        opts = serve.ServeOptions(
            port=args.port,
            address=args.address,
            replicas=args.replicas,
            allowed_hosts=tuple(args.allowed_host or _env_list("GBA_DASH_ALLOWED_HOSTS")),
            frame_ancestors=tuple(
                args.frame_ancestor or _env_list("GBA_DASH_FRAME_ANCESTORS") or ["'self'"]
            ),
            session_ttl=args.session_ttl,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.print_config:
        return serve.print_config(opts)
    return serve.serve(opts)


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

    srv = sub.add_parser(
        "serve",
        help="serve the dashboard in production (security headers, database checked first)",
        description="Build or verify the database, then serve app.py with production settings "
        "and security headers (see deploy/README.md). --replicas N runs N replicas on "
        "consecutive ports for deploy/nginx.conf.",
    )
    srv.add_argument("--port", type=int, default=8501, help="port (first port of the replicas)")
    srv.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: put a proxy in front)",
    )
    srv.add_argument("--replicas", type=int, default=1, help="number of replicas (default 1)")
    srv.add_argument(
        "--allowed-host",
        action="append",
        metavar="HOST",
        help="host name readers use (repeatable; default: any; env GBA_DASH_ALLOWED_HOSTS)",
    )
    srv.add_argument(
        "--frame-ancestor",
        action="append",
        metavar="SOURCE",
        help="who may embed the dashboard: 'self', 'none' or an origin such as "
        "https://intranet.example.org (repeatable; default 'self'; "
        "env GBA_DASH_FRAME_ANCESTORS)",
    )
    srv.add_argument(
        "--session-ttl",
        type=int,
        default=30,
        metavar="SECONDS",
        help="how long a disconnected session is kept (default 30)",
    )
    srv.add_argument("--data", type=Path, default=None, help="folder of CSV tables")
    srv.add_argument("--db", type=Path, default=None, help="DuckDB file to serve")
    srv.add_argument(
        "--print-config",
        action="store_true",
        help="print the settings and headers as JSON and exit",
    )
    srv.set_defaults(func=cmd_serve)
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
