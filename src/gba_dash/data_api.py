"""The read-only data API's answers, without a web framework (`serve/api.py` routes them):

    /api/v1/tables                     each public table: columns, rows, the release
    /api/v1/tables/{name}.csv|.json    one whole table
    /api/v1/views/{page}.json|.csv     the rows behind a view (its own URL keys, docs/urls.md)
    /api/v1/releases                   the releases and what each changed

Every answer reads the release `release=` names (absent or "latest": the latest) in the
language `lang=` names (absent: English). A key no route reads, or a value a key cannot take,
is a 400 naming the key (the key as the client wrote it is never sent back raw); an unknown
table or page, a 404. CSV is formula-safe as the downloads are. Each answer carries its
entity tag: the release and data it holds with the request's path and keys.

Core module: no Streamlit, no web framework.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from gba_dash import citations, db, export, queries, schema, view_files, view_links
from gba_dash.charts.request import ChartRequest
from gba_dash.deck_files.layout import plain_spec
from gba_dash.i18n import DEFAULT_LANG, LANGS
from gba_dash.safe_text import printable
from gba_dash.shaping import sources as table_shaping
from gba_dash.shaping.common import batches_to_csv_bytes

PREFIX = "/api/v1"
#: Keys every data route reads.
COMMON_KEYS = ("release", "lang")
#: A key as an error names it: printable, and no longer than this.
_KEY_SHOWN = 40
CSV_TYPE, JSON_TYPE = "text/csv; charset=utf-8", "application/json; charset=utf-8"
FORMATS = {"csv": CSV_TYPE, "json": JSON_TYPE}


class ApiError(Exception):
    """An answer that is an error: its status, a code, the key at fault and what to do."""

    def __init__(self, status: int, code: str, message: str, key: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.key = printable(key)[:_KEY_SHOWN]

    def body(self) -> bytes:
        error = {"status": self.status, "code": self.code, "message": self.message}
        if self.key:
            error["key"] = self.key
        return _json({"error": error})


@dataclass(frozen=True)
class Answer:
    """A successful answer: its body, media type, entity tag and whether it is pinned (a
    release named in the request: the answer never changes)."""

    body: bytes
    media_type: str
    etag: str
    pinned: bool


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _plain(value: object) -> object:
    """A cell as JSON holds it: NaN and NA as null, tuples as lists, numpy scalars as numbers."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    columns = [str(c) for c in frame.columns]
    return [
        dict(zip(columns, map(_plain, row), strict=True))
        for row in frame.itertuples(index=False, name=None)
    ]


@dataclass(frozen=True)
class Request:
    """What a data route was asked: its keys (the last of a repeated one), the language and
    the release they name."""

    query: Mapping[str, str]
    lang: str
    release: str  # the release id read ("" when none is recorded)
    ordinal: int | None  # the release to pin (None: the latest)
    released: str
    pinned: bool


def read_request(
    database: db.ReadOnlyDatabase, query: Mapping[str, str], allowed: tuple[str, ...] = ()
) -> Request:
    """The request's common keys read, every other key checked against `allowed`."""
    for key in query:
        if key not in COMMON_KEYS and key not in allowed:
            raise ApiError(400, "unknown_key", "this route does not read this key", key)
    lang = query.get("lang", DEFAULT_LANG)
    if lang not in LANGS:
        raise ApiError(400, "bad_value", f"lang is one of {', '.join(LANGS)}", "lang")
    asked = query.get("release", "")
    try:
        ordinal, release, released = view_links.release_ordinal(database, asked)
    except view_links.ViewError:
        raise ApiError(
            400, "bad_value", "release names no release held (GET /api/v1/releases)", "release"
        ) from None
    return Request(query, lang, release, ordinal, released, asked not in ("", "latest"))


def _etag(database: db.ReadOnlyDatabase, request: Request, path: str) -> str:
    """The answer's entity tag: the data it reads (the release, else the build's data hash)
    with the path and keys asked."""
    return _tag(request.release or _data_hash(database), f"{PREFIX}/{path}", request.query)


def _tag(held: str, path: str, query: Mapping[str, str]) -> str:
    keys = urlencode(sorted(query.items()))
    return '"' + hashlib.sha256(f"{held}|{path}|{keys}".encode()).hexdigest()[:32] + '"'


def etag_of(database: db.ReadOnlyDatabase, path: str, query: Mapping[str, str]) -> str | None:
    """The entity tag an answer to `path` and `query` carries, known before it is made (for a
    conditional request); None when the release the query names is not held."""
    try:
        release = view_links.release_ordinal(database, query.get("release", ""))[1]
    except view_links.ViewError:
        return None
    return _tag(release or _data_hash(database), path, query)


def _data_hash(database: db.ReadOnlyDatabase) -> str:
    manifest = _read(database, None, "get_manifest")
    values = dict(zip(manifest["key"], manifest["value"], strict=True))
    return str(values.get("data_hash", ""))


def _read(database: db.ReadOnlyDatabase, ordinal: int | None, name: str, *args) -> pd.DataFrame:
    return view_links.query_function(database, ordinal)(name, *args)


def tables(database: db.ReadOnlyDatabase, query: Mapping[str, str], base: str = "") -> Answer:
    """Each public table: its name, grain, columns (name, kind, list or not), rows held and
    where to get it."""
    request = read_request(database, query)
    held = table_shaping.table_rows(_read(database, request.ordinal, "get_build_inputs"))
    pinned = {"release": request.release} if request.pinned else {}
    listed = []
    for table in schema.TABLES:
        links = {
            fmt: f"{base}{PREFIX}/tables/{table.name}.{fmt}"
            + (f"?{urlencode(pinned)}" if pinned else "")
            for fmt in FORMATS
        }
        listed.append(
            {
                "name": table.name,
                "grain": table.grain,
                "key": list(table.key),
                "columns": [
                    {"name": c.name, "kind": c.kind, "list": c.is_list, "required": c.required}
                    for c in table.columns
                ],
                "rows": held.get(table.name),
                **links,
            }
        )
    body = {"release": request.release or None, "tables": listed}
    return Answer(_json(body), JSON_TYPE, _etag(database, request, "tables"), request.pinned)


def table(database: db.ReadOnlyDatabase, name: str, fmt: str, query: Mapping[str, str]) -> Answer:
    """One whole table as stored, in key order (CSV as the Sources page's download)."""
    if name not in table_shaping.table_names() or fmt not in FORMATS:
        raise ApiError(404, "not_found", "no such table (GET /api/v1/tables)")
    request = read_request(database, query)
    cur = database.cursor(release=request.ordinal)
    try:
        batches = list(queries.table_batches(cur, name))
    finally:
        cur.close()
    if fmt == "csv":
        body = batches_to_csv_bytes(batches)
    else:
        frame = pd.concat(batches, ignore_index=True)
        body = _json({"table": name, "release": request.release or None, "rows": _records(frame)})
    path = f"tables/{name}.{fmt}"
    return Answer(body, FORMATS[fmt], _etag(database, request, path), request.pinned)


def _page_keys(page: str) -> tuple[str, ...]:
    model = view_links.PAGE_MODELS.get(page)
    if model is None:
        raise ApiError(404, "not_found", "no such page (overview, clusters, hightech, pilots)")
    return model.URL_KEYS


@functools.lru_cache(maxsize=16)
def _page_tables(
    database: db.ReadOnlyDatabase, page: str, ordinal: int | None, held: str
) -> Mapping:
    """A page model's tables for one release (`held`: its id, else the build's data hash, so
    that a rebuilt database is read again), loaded once."""
    del held  # part of the cache's key only
    model = view_links.PAGE_MODELS[page]
    return model.load(view_links.query_function(database, ordinal))


def _tables_of(database: db.ReadOnlyDatabase, page: str, request: Request) -> Mapping:
    held = request.release or _data_hash(database)
    return _page_tables(database, page, request.ordinal, held)


def _check_values(database: db.ReadOnlyDatabase, page: str, request: Request) -> None:
    """Each key the page reads for this request takes its value, or the request is a 400."""
    model = view_links.PAGE_MODELS[page]
    tables = _tables_of(database, page, request)
    params = model.view_params(tables, request.query, request.lang)
    for param in params:
        raw = request.query.get(param.key)
        if raw is not None and not param.read(raw)[1]:
            raise ApiError(400, "bad_value", "see docs/urls.md for the values", param.key)


def view(
    database: db.ReadOnlyDatabase,
    page: str,
    fmt: str,
    query: Mapping[str, str],
    base: str = "",
    today: str | None = None,
) -> Answer:
    """The rows behind a view, as shown: JSON with every chart's rows and metadata, or the CSV
    of its first chart (the part its `part=` names)."""
    keys = _page_keys(page)
    if fmt not in FORMATS:
        raise ApiError(404, "not_found", "a view is .json or .csv")
    request = read_request(database, query, keys)
    _check_values(database, page, request)
    tables = _tables_of(database, page, request)
    opened = view_links.open_view(database, page, dict(query), request.lang, tables=tables)
    ids = view_files.chart_ids(opened)
    etag = _etag(database, request, f"views/{page}.{fmt}")
    if fmt == "csv":
        if not ids:
            raise ApiError(404, "not_found", "this view shows no chart")
        block = next(b for b in opened.blocks(presented=False) if b.id == ids[0])
        content = export.csv_bytes(block.table, request.lang, "codes")
        return Answer(content, CSV_TYPE, etag, request.pinned)
    sources = _read(database, request.ordinal, "get_sources")
    terms = _read(database, request.ordinal, "get_terms")
    shown = []
    for section in opened.sections:
        block = section.block
        if block is None or block.id not in ids:
            continue
        spec = plain_spec(block.chart) if isinstance(block.chart, ChartRequest) else None
        title = block.title or (export.spec_title(spec) if spec else "") or block.key_point
        cited = citations.ViewCitation(
            title=title,
            release_id=request.release,
            released=request.released,
            accessed=today or pd.Timestamp.today().date().isoformat(),
            url=opened.link(base),
        )
        shown.append(
            {
                "id": block.id,
                "title": title,
                "key_point": block.key_point,
                "unit": block.unit_text or "",
                "qualifiers": _qualifiers(block.table, request.lang),
                "notes": [export.plain_text(n) for n in (section.notice, *section.captions) if n],
                "source": " ".join(export.source_lines(block.source_text)),
                "sources": _records(
                    export.cited_sources(sources, terms, block.source_ids, request.lang)
                ),
                "citation": citations.view_citation(cited, "gbt", request.lang),
                "columns": [str(c) for c in block.table.columns],
                "rows": _records(block.table),
            }
        )
    body = {
        "page": page,
        "lang": request.lang,
        "release": request.release or None,
        "link": opened.link(base),
        "charts": shown,
    }
    return Answer(_json(body), JSON_TYPE, etag, request.pinned)


def _qualifiers(table: pd.DataFrame, lang: str) -> list[str]:
    """The qualifiers the rows carry (their own column's values, in the reader's words)."""
    names = [str(c) for c in table.columns]
    codes = export.column_codes(names, lang)
    found: list[str] = []
    for name, code in zip(names, codes, strict=True):
        if code == "qualifier":
            found += [str(v) for v in table[name].dropna().unique() if str(v)]
    return list(dict.fromkeys(found))


def releases(database: db.ReadOnlyDatabase, query: Mapping[str, str]) -> Answer:
    """The releases held, oldest first, each with what it changed (rows added, removed,
    revised)."""
    request = read_request(database, query)
    held = _read(database, None, "get_releases")
    listed = _records(held)
    body = {"latest": listed[-1]["release_id"] if listed else None, "releases": listed}
    return Answer(_json(body), JSON_TYPE, _etag(database, request, "releases"), False)
