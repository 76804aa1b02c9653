"""A reader over Streamlit's own websocket protocol, for the serving tests: `bench/stclient.py`'s
session (the one client of the project) driven synchronously, every element of a run kept (no
message cache), and what a test asserts on read from them: titles, alerts, tracebacks shown to
the reader, dataframes, charts."""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pandas as pd
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.stclient import RunError
from bench.stclient import Session as _Reader

FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY
LOCALES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-HK", "en": "en-GB"}

__all__ = ["Run", "RunError", "Session", "view"]


@dataclass
class Run:
    """What a reader saw in one script run."""

    titles: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    frames: list[bytes] = field(default_factory=list)
    charts: int = 0
    status: int = FINISHED_OK

    @property
    def ok(self) -> bool:
        """Finished, no traceback, no error message."""
        return self.status == FINISHED_OK and not self.exceptions and not self.errors

    def dataframes(self) -> list[pd.DataFrame]:
        import pyarrow as pa

        out = []
        for data in self.frames:
            with pa.ipc.open_stream(io.BytesIO(data)) as reader:
                out.append(reader.read_pandas())
        return out

    def manifest(self) -> dict[str, str]:
        """The build manifest table of the Sources page (key → value), empty if not shown."""
        for frame in self.dataframes():
            if {"key", "value"} <= set(frame.columns):
                keys = frame["key"].astype(str)
                if "data_hash" in set(keys):
                    return dict(zip(keys, frame["value"].astype(str), strict=True))
        return {}


def _seen(elements: list) -> Run:
    run = Run()
    for el in elements:
        kind = el.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{el.exception.type}: {el.exception.message[:300]}")
        elif kind == "alert":
            if el.alert.format == Alert.ERROR:
                run.errors.append(el.alert.body)
            elif el.alert.format == Alert.WARNING:
                run.warnings.append(el.alert.body)
        elif kind == "heading" and el.heading.tag == "h1":
            run.titles.append(el.heading.body)
        elif kind == "dataframe":
            run.frames.append(el.dataframe.arrow_data.data)
        elif kind == "vega_lite_chart":
            run.charts += 1
    return run


class Session:
    """One reader's tab on `page` (URL path without slash) of the app at `base`, driven from
    ordinary (threaded) test code: each session runs its own event loop in its own thread, so
    it runs beside a loop the calling thread already has (Playwright's sync API keeps one
    running in the browser tests' session)."""

    def __init__(
        self,
        base: str,
        page: str = "",
        lang: str = "en",
        cookie: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.page = page
        self._reader = _Reader(
            base,
            page=page,
            query=f"lang={lang}",
            locale=LOCALES.get(lang, lang),
            timeout=timeout,
            cache_messages=False,
            cookie=cookie,
        )
        self._loop = asyncio.new_event_loop()
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="stclient")
        self._open = False

    def _run(self, coroutine):
        return self._thread.submit(self._loop.run_until_complete, coroutine).result()

    def open(self) -> Session:
        self._run(self._reader.open())
        self._open = True
        return self

    def close(self) -> None:
        if self._open:
            try:
                self._run(self._reader.close())
            finally:
                self._open = False
        self._thread.submit(self._loop.close).result()
        self._thread.shutdown()

    def __enter__(self) -> Session:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rerun(self) -> Run:
        """One full script run of the current page, as a page view or a refresh sends it."""
        if not self._open:
            self.open()
        try:
            result = self._run(self._reader.rerun())
        except TimeoutError as exc:
            raise RunError(f"no script_finished within {self._reader.timeout:.0f} s") from exc
        run = _seen(self._reader.elements)
        if result.error and result.error.startswith("script_finished status"):
            run.status = -1
        return run


def view(base: str, page: str = "", lang: str = "en", cookie: str | None = None) -> Run:
    """One page view in a fresh session (opened, run once, closed)."""
    with Session(base, page=page, lang=lang, cookie=cookie) as session:
        return session.rerun()
