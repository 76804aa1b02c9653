"""`gba-dash check | build | info | diff | import ranking | serve | export deck`: validate the
tables, build the database, show its manifest and releases, import a GII cluster table, serve
the dashboard in production, write a deck as PowerPoint or PDF."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gba_dash import (
    __version__,
    cli_export,
    db,
    db_build,
    ingest,
    queries,
    release_log,
    releases,
    schema,
    settings,
)
from gba_dash.safe_text import printable


def _out(text: object = "", *, err: bool = False) -> None:
    """Print lines that may carry a steward's text (file, sheet and cluster names, cells):
    control characters shown as escapes, so a file cannot drive the terminal."""
    stream = sys.stderr if err else sys.stdout
    for line in str(text).split("\n"):
        print(printable(line), file=stream, flush=err)


def _progress(message: str) -> None:
    _out(f"… {message}", err=True)


def _print_problems(problems: list[ingest.Problem]) -> None:
    for problem in problems:
        _out(problem)
    _out(f"{len(problems)} problem(s) found.", err=True)


def cmd_check(args: argparse.Namespace) -> int:
    result = ingest.load_tables(args.data)
    log = release_log.read_log(args.data / releases.LOG_FILE)
    problems = sorted(set(result.problems + log.problems))
    if problems:
        _print_problems(problems)
        return 1
    rows = sum(len(f) for f in result.tables.values())
    _out(f"OK: {len(result.tables)} tables, {rows} rows in {args.data}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    result = db_build.build_database(
        args.data, args.db, progress=None if args.quiet else _progress, record_release=True
    )
    if not result.ok:
        _print_problems(result.problems)
        _out(f"Build stopped; {args.db} was left as it was.", err=True)
        return 1
    rows = result.manifest.get("rows", {})
    total = sum(rows.values()) if isinstance(rows, dict) else 0
    _out(f"OK: built {args.db} ({total} rows) in {result.seconds:.2f} s")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    try:
        con = db.open_readonly(args.db)
    except db.DatabaseUnavailable as exc:
        _out(f"error: {exc}. Run `gba-dash build`.", err=True)
        return 1
    try:
        manifest = db.read_manifest(con)
        manifest["releases"] = [
            {
                "release": r["release_id"],
                "at": r["released_at"],
                "added": int(r["added"]),
                "removed": int(r["removed"]),
                "revised": int(r["revised"]),
            }
            for r in queries.get_releases(con).to_dict("records")
        ]
        _out(db.manifest_json(manifest))
    finally:
        con.close()
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from gba_dash.shaping.releases import change_line

    log = release_log.read_log(args.data / releases.LOG_FILE)
    if log.problems:
        _print_problems(log.problems)
        return 1
    found = []
    for wanted in (args.first, args.second):
        release = log.latest if wanted == "latest" else log.by_id(wanted)
        if release is None:
            known = ", ".join(r.release_id for r in log.releases) or "none"
            _out(f"error: no release {wanted!r} in the log (releases: {known})", err=True)
            return 2
        found.append(release)
    first, second = found
    changes = releases.changes_between(log.state_at(first.ordinal), log.state_at(second.ordinal))
    records = releases.change_records(
        log,
        [
            releases.Release(
                second.ordinal, second.release_id, second.released_at, "", {}, tuple(changes)
            )
        ],
    )
    _out(f"{len(changes)} change(s) from {first.release_id} to {second.release_id}")
    for change in records.to_dict("records"):
        _out(change_line(change, args.lang))
    return 0


def _parse_aliases(pairs: list[str] | None) -> dict[str, str] | None:
    aliases = {}
    for pair in pairs or []:
        name, sep, cluster_id = pair.rpartition("=")
        if not sep or not name.strip() or not cluster_id.strip():
            return None
        aliases[name.strip()] = cluster_id.strip()
    return aliases


def cmd_import_ranking(args: argparse.Namespace) -> int:
    from gba_dash import rank_import
    from gba_dash.table_files import TableFileError

    aliases = _parse_aliases(args.alias)
    if aliases is None:
        _out("error: --alias takes NAME=CLUSTER_ID", err=True)
        return 2
    held = ingest.load_tables(args.data)
    if held.problems:
        _print_problems(held.problems)
        _out("Import stopped: data/ must pass `gba-dash check` first.", err=True)
        return 1
    unknown = sorted(set(aliases.values()) - set(held.tables["clusters"]["cluster_id"]))
    if unknown:
        _out(f"error: --alias names unknown cluster ids: {', '.join(unknown)}", err=True)
        return 2
    geo_rows = held.tables["geo"].astype(object).where(held.tables["geo"].notna(), "")
    economies = rank_import.EconomyNames(geo_rows.to_dict("records"))
    try:
        read = rank_import.read_rows(args.file, economies, args.sheet)
    except TableFileError as exc:
        _out(f"error: {exc}", err=True)
        return 1
    plan = rank_import.make_plan(
        read,
        args.edition,
        held.tables,
        aliases=aliases,
        new_names=args.new or (),
        add_clusters=args.add_clusters,
        progress=True,
    )
    source_id = args.source_id or rank_import.default_source_id(args.file, args.edition)
    if not args.apply:
        _out(rank_import.report(plan))
        for line in plan.blockers:
            _out(line, err=True)
        return 1 if plan.blockers else 0
    meta = rank_import.SourceMeta(
        source_id=source_id,
        publisher=args.publisher,
        kind=args.kind,
        title=args.title or "",
        url=args.url or "",
        published=args.published or "",
        language=read.language,
    )
    try:
        with release_log.data_lock(args.data):  # one writer of data/: no build reads half of it
            problems = rank_import.apply_plan(plan, args.data, meta, args.file, aliases=aliases)
    except OSError as exc:
        problems = [f"{args.data.name}: build-error: {exc.strerror or exc}"]
    if problems:
        _out(rank_import.report(plan, status="stopped"))
        for line in problems:
            _out(line, err=True)
        _out(f"Import stopped; {args.data} was left as it was.", err=True)
        return 1
    _out(rank_import.report(plan, status="applied", source_id=source_id))
    release_id, problems = db_build.record_release(args.data)
    if problems:  # pragma: no cover - the write was checked before it was swapped in
        _print_problems(problems)
        return 1
    if release_id:
        _out(f"Recorded data release {release_id} in {releases.LOG_FILE}.")
    _out("Next: `gba-dash build` (the dashboard also rebuilds by itself on its next start).")
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
        _out(f"error: {exc}", err=True)
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

    info = sub.add_parser(
        "info", help="print the build manifest of the database and its data releases"
    )
    info.add_argument("--db", type=Path, default=None, help="DuckDB file to read")
    info.set_defaults(func=cmd_info)

    diff = sub.add_parser("diff", help="list what changed between two data releases")
    diff.add_argument("first", help="a release id (see `gba-dash info`), or latest")
    diff.add_argument("second", help="a release id, or latest")
    diff.add_argument("--data", type=Path, default=None, help="folder holding release_log.jsonl")
    diff.add_argument("--lang", default="en", choices=("en", "zh-Hans", "zh-Hant"))
    diff.set_defaults(func=cmd_diff)

    imp = sub.add_parser("import", help="import a table into data/ (see `import ranking -h`)")
    imp_sub = imp.add_subparsers(dest="what", required=True)
    rank = imp_sub.add_parser(
        "ranking",
        help="import one edition of WIPO's top 100 clusters table (CSV or XLSX)",
        description="Read WIPO's 'Top 100 science and technology clusters' table for one "
        "edition (CSV or XLSX, English or Chinese headers; needs rank, cluster name, economy; "
        "optional PCT filings, publications, VC deals and their shares), match each name to a "
        "cluster and print a review. Writes nothing unless --apply; then writes data/ with the "
        "file as a new source, checks it, and leaves data/ as it was if anything fails.",
    )
    rank.add_argument("file", type=Path, help="the table: .csv or .xlsx")
    rank.add_argument("--edition", type=int, required=True, help="GII edition year, e.g. 2025")
    rank.add_argument("--sheet", help="workbook sheet to read (default: the first with a header)")
    rank.add_argument("--apply", action="store_true", help="write data/ (default: review only)")
    rank.add_argument(
        "--alias",
        action="append",
        metavar="NAME=CLUSTER_ID",
        help="match NAME to a held cluster and keep the name as an alias (repeatable)",
    )
    rank.add_argument(
        "--new", action="append", metavar="NAME", help="NAME is a new cluster (repeatable)"
    )
    rank.add_argument(
        "--add-clusters",
        action="store_true",
        help="every unmatched name without a close candidate is a new cluster",
    )
    rank.add_argument(
        "--source-id", help="id of the new source (default gii<edition>_table_<hash>)"
    )
    rank.add_argument("--publisher", default="WIPO", help="publisher of the table (default WIPO)")
    rank.add_argument(
        "--kind",
        default="official",
        choices=[k for k in schema.SOURCE_KINDS if k not in ("article", "reference")],
        help="kind of source (default official)",
    )
    rank.add_argument("--title", help="title of the document the table comes from")
    rank.add_argument("--url", help="address of the document")
    rank.add_argument("--published", help="publication date, YYYY-MM-DD")
    rank.add_argument("--data", type=Path, default=None, help="folder of CSV tables")
    rank.set_defaults(func=cmd_import_ranking)

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
    cli_export.add_parser(sub)
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
