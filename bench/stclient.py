"""A Streamlit session over Streamlit's own websocket protocol, as the browser speaks it.

`Session` connects to `/_stcore/stream`, sends `BackMsg.rerun_script` with a `ClientState` (query
string, page, widget states, context, cached message hashes) and reads `ForwardMsg`s until
`script_finished`. It keeps what the browser keeps between runs: the page script hash (from
`navigation`), the query string (from `page_info_changed`, which the app rewrites), the state of
every widget drawn in the last run (the value the server set, else the widget's default; tabs
that rerun when switched count as a widget holding the open tab's label), and the hashes of
cacheable messages (so the server may answer with references, as it does to a browser).

Only the protobuf classes shipped in the installed `streamlit` package are used. The serving
tests read pages through it too (`tests/serve/stclient.py`: the elements of each run, no message
cache).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

FINISHED_OK = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
#: Widget kinds the generator knows how to hold and change (all the app's filters use these).
WIDGET_KINDS = ("selectbox", "multiselect", "slider", "button_group", "checkbox", "radio")


class RunError(RuntimeError):
    """A run that did not finish successfully (exception element, compile error, timeout)."""


@dataclass
class Widget:
    """One widget of the last run: its id, user key, kind, options and the state to send."""

    id: str
    key: str
    kind: str
    proto: object
    state: WidgetState | None

    labels: list[str] = field(default_factory=list)  # tabs: the tab labels, in order

    def options(self) -> list[str]:
        """Formatted option labels (what the browser sends for select-like widgets)."""
        if self.kind == "button_group":
            return [o.content for o in self.proto.options]
        if self.kind == "tabs":
            return list(self.labels)
        return list(getattr(self.proto, "options", []))


@dataclass
class RunResult:
    """What one script run cost the reader: wall seconds, messages, bytes, and an error if any."""

    seconds: float
    messages: int
    nbytes: int
    charts: int
    error: str | None = None


def _state_from_element(kind: str, el) -> WidgetState | None:
    """The value the browser holds for a freshly drawn widget: the server's, else the default."""
    ws = WidgetState(id=el.id)
    if kind == "selectbox":
        if el.set_value:
            if not el.HasField("raw_value"):
                return None
            ws.string_value = el.raw_value
        elif el.HasField("default") and el.options:
            ws.string_value = el.options[el.default]
        else:
            return None
    elif kind == "multiselect":
        values = list(el.raw_values) if el.set_value else [el.options[i] for i in el.default]
        ws.string_array_value.data.extend(values)
    elif kind == "button_group":
        if el.set_value:
            values = list(el.raw_values)
        else:
            values = [el.options[i].content for i in el.default]
        ws.string_array_value.data.extend(values)
    elif kind == "slider":
        values = list(el.value) if el.set_value else list(el.default)
        ws.double_array_value.data.extend(values)
    elif kind == "checkbox":
        ws.bool_value = el.value if el.set_value else el.default
    elif kind == "radio":
        if el.set_value and el.HasField("raw_value"):
            ws.string_value = el.raw_value
        elif el.HasField("default") and el.options:
            ws.string_value = el.options[el.default]
        else:
            return None
    else:
        return None
    return ws


def widget_key(widget_id: str) -> str:
    """The user key of a widget id `$$ID-<hash>-<key>` ('' for widgets without a key)."""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 and widget_id.startswith("$$ID") else ""


@dataclass
class Session:
    """One reader's tab: a websocket session on `page` of the app at `base` (http://host:port)."""

    base: str
    page: str = ""
    query: str = ""
    locale: str = "en-GB"
    timeout: float = 120.0
    widgets: dict[str, Widget] = field(default_factory=dict)
    page_hash: str = ""
    #: hash → the run that last used it. Like the browser's message cache, an entry not used in
    #: the last `max_message_age` runs is dropped (sending every hash ever seen would make each
    #: rerun dearer than a browser's and latency grow with the session's age).
    cached_hashes: dict[str, int] = field(default_factory=dict)
    max_message_age: int = 2
    runs: int = 0
    #: Offer the hashes of cached messages, as a browser does (the server may then send a
    #: reference instead of an element); off, every element of every run arrives whole.
    cache_messages: bool = True
    #: A `Cookie` header (e.g. a proxy's affinity cookie), or None.
    cookie: str | None = None
    #: The elements of the last finished run, in order (`Element` protos).
    elements: list = field(default_factory=list)
    _ws: object = None

    async def open(self) -> None:
        ws_url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        # Offer permessage-deflate, as Chromium does; subprotocol as the Streamlit frontend sends.
        self._ws = await connect(
            ws_url,
            subprotocols=["streamlit"],
            origin=self.base,
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    def _client_state(self, changed: WidgetState | None) -> BackMsg:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        if self.runs == 0:
            cs.page_name = self.page  # first load: the page comes from the URL path
        cs.page_script_hash = self.page_hash
        for w in self.widgets.values():
            if changed is not None and w.id == changed.id:
                cs.widget_states.widgets.append(changed)
            elif w.state is not None:
                cs.widget_states.widgets.append(w.state)
        if self.cache_messages:
            cs.cached_message_hashes.extend(sorted(self.cached_hashes))
        ctx = cs.context_info
        ctx.locale = self.locale
        ctx.timezone = "Asia/Hong_Kong"
        ctx.timezone_offset = -480
        path = f"/{self.page}" if self.page else "/"
        ctx.url = f"{self.base}{path}" + (f"?{self.query}" if self.query else "")
        ctx.is_embedded = False
        ctx.color_scheme = "light"
        return msg

    async def rerun(self, changed: WidgetState | None = None) -> RunResult:
        """Send one rerun (optionally with one widget changed) and read until it finished."""
        started = time.perf_counter()
        await self._ws.send(self._client_state(changed).SerializeToString())
        new_widgets: dict[str, Widget] = {}
        tabs: Widget | None = None  # the last stateful tab container seen (its tabs follow it)
        n = nbytes = charts = 0
        error = None
        elements: list = []
        deadline = started + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise RunError(f"timeout after {self.timeout:.0f} s")
            data = await asyncio.wait_for(self._ws.recv(), remaining)
            n += 1
            nbytes += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if fm.metadata.cacheable and fm.hash:
                self.cached_hashes[fm.hash] = self.runs
            kind = fm.WhichOneof("type")
            if kind == "ref_hash":
                self.cached_hashes[fm.ref_hash] = self.runs
            if kind == "delta" and fm.delta.WhichOneof("type") == "add_block":
                block = fm.delta.add_block
                bk = block.WhichOneof("type")
                if bk == "tab_container" and block.tab_container.id:
                    # The browser opens the tab the server says is open (it follows the
                    # session, e.g. after a URL change); the state is set once its label is read.
                    proto = block.tab_container
                    state = changed if changed is not None and changed.id == proto.id else None
                    tabs = Widget(proto.id, widget_key(proto.id), "tabs", proto, state)
                    new_widgets[proto.id] = tabs
                elif bk == "tab_container":
                    tabs = None  # tabs without state: not a widget, and their labels are not ours
                elif bk == "tab" and tabs is not None:
                    tabs.labels.append(block.tab.label)
                    if tabs.state is None and len(tabs.labels) == tabs.proto.default_tab_index + 1:
                        tabs.state = WidgetState(id=tabs.id, string_value=block.tab.label)
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                elements.append(el)
                ek = el.WhichOneof("type")
                if ek == "exception":
                    error = f"exception: {el.exception.type}: {el.exception.message[:200]}"
                elif ek == "vega_lite_chart":
                    charts += 1
                elif ek in WIDGET_KINDS:
                    proto = getattr(el, ek)
                    # The browser keeps what the reader chose; the server's value replaces it
                    # only when the server set one; a widget new to the browser starts at its
                    # default.
                    held = self.widgets.get(proto.id)
                    if changed is not None and changed.id == proto.id:
                        state = changed
                    elif held is not None:
                        state = held.state
                    else:
                        state = None
                    if proto.set_value or state is None:
                        state = _state_from_element(ek, proto)
                    new_widgets[proto.id] = Widget(proto.id, widget_key(proto.id), ek, proto, state)
            elif kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "new_session":
                age = fm.new_session.config.max_cached_message_age
                self.max_message_age = age if age > 0 else self.max_message_age
                if fm.new_session.page_script_hash:
                    self.page_hash = fm.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "script_finished":
                status = fm.script_finished
                if status == FINISHED_EARLY_FOR_RERUN:
                    new_widgets = {}
                    tabs = None
                    charts = 0
                    elements = []
                    continue
                if status != FINISHED_OK:
                    error = error or f"script_finished status {status}"
                break
        self.runs += 1
        self.cached_hashes = {
            h: run
            for h, run in self.cached_hashes.items()
            if self.runs - run <= self.max_message_age
        }
        self.widgets = new_widgets
        self.elements = elements
        return RunResult(time.perf_counter() - started, n, nbytes, charts, error)

    def filters(self, exclude: tuple[str, ...] = ("lang",)) -> list[Widget]:
        """Keyed widgets of the last run that the reader can change (language excluded)."""
        return [w for w in self.widgets.values() if w.key and w.key not in exclude]

    def change(self, widget: Widget, rng: random.Random) -> WidgetState:
        """A new state for `widget`, different from the current one, as a click would set it."""
        ws = WidgetState(id=widget.id)
        el = widget.proto
        options = widget.options()
        current = widget.state
        if widget.kind in ("selectbox", "radio", "tabs"):
            now = current.string_value if current is not None else None
            choices = [o for o in options if o != now] or options
            ws.string_value = rng.choice(choices)
        elif widget.kind == "button_group":
            now = list(current.string_array_value.data) if current is not None else []
            choices = [o for o in options if [o] != now] or options
            ws.string_array_value.data.append(rng.choice(choices))
        elif widget.kind == "multiselect":
            now = list(current.string_array_value.data) if current is not None else []
            pick = rng.choice(options) if options else None
            if pick is None:
                new = now
            elif pick in now:
                new = [o for o in now if o != pick]
            else:
                new = [*now, pick]
            ws.string_array_value.data.extend(new)
        elif widget.kind == "slider":
            lo, hi, step = el.min, el.max, el.step or 1.0
            grid = [lo + i * step for i in range(round((hi - lo) / step) + 1)]
            now = list(current.double_array_value.data) if current is not None else []
            if len(now) == 2 and len(grid) > 1:
                a, b = sorted(rng.sample(grid, 2))
                new = [a, b]
            else:
                choices = [v for v in grid if [v] != now] or grid
                new = [rng.choice(choices)]
            ws.double_array_value.data.extend(new)
        elif widget.kind == "checkbox":
            ws.bool_value = not (current.bool_value if current is not None else el.default)
        return ws
