"""What an operator chooses for production serving (port, address, replicas, hosts), checked."""

from __future__ import annotations

import ipaddress
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
_HOST = re.compile(r"^(\*\.)?[A-Za-z0-9.-]+$|^\*$|^\[?[0-9A-Fa-f:]+\]?$")
#: Host names always answered: this machine's own (a health check, a steward's browser on the
#: server). A page that rebinds its own DNS name to 127.0.0.1 still sends its own name.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
#: Paths answered whatever the Host (a load balancer's or kubelet's probe names the pod's
#: address); they reveal nothing.
ANY_HOST_PATHS = (HEALTH_PATH,)


def is_loopback(address: str) -> bool:
    """Whether `address` (a bind address or host name) is this machine only."""
    if address.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeOptions:
    """What an operator may choose; everything else is fixed by `streamlit_options`."""

    port: int = DEFAULT_PORT
    address: str = DEFAULT_ADDRESS
    replicas: int = 1
    #: Host names readers use (DNS-rebinding protection: every other Host is refused); required
    #: when the server is bound to a non-loopback address ("*" accepts any, deliberately).
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
        if not self.allowed_hosts and not is_loopback(self.address):
            raise ValueError(
                f"--allowed-host is required when serving on {self.address}: name the host "
                "readers use, e.g. --allowed-host dashboard.example.org (repeatable; '*' accepts "
                "any Host, which leaves DNS rebinding open)"
            )
        sources = self.frame_ancestors
        if not sources:
            raise ValueError("frame ancestors: give 'self', 'none' or origins")
        for source in sources:
            if source not in ("'self'", "'none'") and not _ORIGIN.match(source):
                raise ValueError(f"frame ancestor must be 'self', 'none' or an origin: {source!r}")
        if "'none'" in sources and len(sources) > 1:
            raise ValueError("frame ancestor 'none' cannot be combined with other sources")

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every Host answered: the operator's and this machine's own names."""
        return (*self.allowed_hosts, *(h for h in LOOPBACK_HOSTS if h not in self.allowed_hosts))
