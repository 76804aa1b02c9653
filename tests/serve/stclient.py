"""A minimal Streamlit reader over Streamlit's own websocket protocol (no browser).

`Session` connects to `/_stcore/stream` as the frontend does, sends `BackMsg.rerun_script` and
reads `ForwardMsg`s until `script_finished`, keeping what a test asserts on: titles, alerts,
exception elements (a traceback shown to the reader) and dataframes. Only the protobuf classes of
the installed streamlit package are used.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field

import pandas as pd
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
LOCALES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-HK", "en": "en-GB"}


class RunError(RuntimeError):
    """The run did not finish (timeout, closed socket, bad status)."""


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


@dataclass
class Session:
    """One reader's tab on `page` (URL path without slash) of the app at `base`."""

    base: str
    page: str = ""
    lang: str = "en"
    cookie: str | None = None
    timeout: float = 60.0
    query: str = ""
    page_hash: str = ""
    runs: int = 0
    _ws: object = None

    def __post_init__(self) -> None:
        self.query = self.query or f"lang={self.lang}"

    def open(self) -> Session:
        url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else None
        ws = connect(
            url,
            subprotocols=["streamlit"],
            origin=self.base,
            additional_headers=headers,
            open_timeout=self.timeout,
            max_size=None,
            compression=None,
        )
        self._ws = ws.__enter__()  # closed by `close` (websockets 17 wants the context form)
        return self

    def close(self) -> None:
        if self._ws is not None:
            try:
                self._ws.__exit__(None, None, None)
            finally:
                self._ws = None

    def __enter__(self) -> Session:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rerun_msg(self) -> bytes:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if self.runs == 0:
            cs.page_name = self.page
        cs.page_script_hash = self.page_hash
        ctx = cs.context_info
        ctx.locale = LOCALES.get(self.lang, self.lang)
        ctx.timezone = "Asia/Hong_Kong"
        ctx.timezone_offset = -480
        path = f"/{self.page}" if self.page else "/"
        ctx.url = f"{self.base}{path}?{self.query}"
        return msg.SerializeToString()

    def rerun(self) -> Run:
        """One full script run of the current page, as a page view or a refresh sends it."""
        if self._ws is None:
            self.open()
        self._ws.send(self._rerun_msg())
        run = Run()
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RunError(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = self._ws.recv(timeout=remaining)
            except TimeoutError as exc:
                raise RunError(f"no script_finished within {self.timeout:.0f} s") from exc
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                _collect(run, fm.delta.new_element)
            elif kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "new_session" and fm.new_session.page_script_hash:
                self.page_hash = fm.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "script_finished":
                if fm.script_finished == FINISHED_EARLY_FOR_RERUN:
                    run = Run()  # the app reran itself: what counts is the next run
                    continue
                run.status = fm.script_finished
                break
        self.runs += 1
        return run


def _collect(run: Run, el) -> None:
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


def view(base: str, page: str = "", lang: str = "en", cookie: str | None = None) -> Run:
    """One page view in a fresh session (opened, run once, closed)."""
    with Session(base, page=page, lang=lang, cookie=cookie) as session:
        return session.rerun()
