"""What an operator chooses for production serving (port, address, replicas, hosts), checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gba_dash import settings

APP_SCRIPT = settings.PROJECT_ROOT / "app.py"
#: Set by the supervisor for each replica; sent back as `X-GBA-Replica` (an opaque index).
REPLICA_ENV = "GBA_DASH_REPLICA"
#: Paths answered 404 to anyone but a loopback client (the proxy blocks them too).
PRIVATE_PATHS = ("/_stcore/metrics",)
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"
#: Seconds a disconnected session is kept. The view lives in the URL, so a reader who comes back
#: later loses nothing but widget focus; memory of abandoned tabs is returned quickly.
DEFAULT_SESSION_TTL = 30
HEALTH_PATH = "/_stcore/health"

_ORIGIN = re.compile(r"^https?://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$")
_HOST = re.compile(r"^(\*\.)?[A-Za-z0-9.-]+$|^\*$")


@dataclass(frozen=True)
class ServeOptions:
    """What an operator may choose; everything else is fixed by `streamlit_options`."""

    port: int = DEFAULT_PORT
    address: str = DEFAULT_ADDRESS
    replicas: int = 1
    #: Host names the websocket accepts (DNS-rebinding protection); empty accepts any.
    allowed_hosts: tuple[str, ...] = ()
    #: Who may embed the dashboard in a frame: "'self'", "'none'" or origins (https://…).
    frame_ancestors: tuple[str, ...] = ("'self'",)
    session_ttl: int = DEFAULT_SESSION_TTL

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port out of range: {self.port}")
        if not 1 <= self.replicas <= 64 or self.port + self.replicas - 1 > 65535:
            raise ValueError(f"replicas must be 1–64 and fit below port 65536: {self.replicas}")
        if self.session_ttl < 1:
            raise ValueError("session TTL must be at least 1 second")
        for host in self.allowed_hosts:
            if not _HOST.match(host):
                raise ValueError(f"not a host name: {host!r}")
        sources = self.frame_ancestors
        if not sources:
            raise ValueError("frame ancestors: give 'self', 'none' or origins")
        for source in sources:
            if source not in ("'self'", "'none'") and not _ORIGIN.match(source):
                raise ValueError(f"frame ancestor must be 'self', 'none' or an origin: {source!r}")
        if "'none'" in sources and len(sources) > 1:
            raise ValueError("frame ancestor 'none' cannot be combined with other sources")
