"""Production-serving fixtures: `gba-dash serve` processes, Debian's nginx, Chromium.

Every server binds 127.0.0.1 on a free port, runs against its own copy of data/, and is stopped
(terminate, then kill) however the test ends. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import PROJECT, REAL_DATA

NGINX = Path(os.environ.get("GBA_DASH_NGINX", "/usr/sbin/nginx"))
NGINX_CONF = PROJECT / "deploy" / "nginx.conf"
NGINX_HINT = "install Debian's nginx for the scale-out tests: sudo apt-get install nginx"
START_TIMEOUT = 60.0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    del config
    for item in items:
        if "tests/serve/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.serve)


def require(binary: Path, hint: str) -> None:
    """Skip without `binary`, except under CI=true where it must be there."""
    if binary.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{binary} is missing under CI=true: {hint}")
    pytest.skip(f"{binary} not found — {hint}")


def free_port(consecutive: int = 1) -> int:
    """A loopback port such that `consecutive` ports from it are free (bounded search)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            first = sock.getsockname()[1]
        if first + consecutive > 65535:
            continue
        if all(_port_free(first + i) for i in range(consecutive)):
            return first
    raise RuntimeError("no free loopback ports")


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def http_get(
    url: str, headers: dict[str, str] | None = None, timeout: float = 10.0, method: str = "GET"
):
    """(status, headers, body) of one request; HTTP errors are returned, not raised."""
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def healthy(base: str) -> bool:
    try:
        status, _, body = http_get(f"{base}/_stcore/health", timeout=2)
    except OSError:
        return False
    return status == 200 and body == b"ok"


def copy_data(target: Path) -> Path:
    """A private copy of the project's data/ (no database)."""
    shutil.copytree(REAL_DATA, target, ignore=shutil.ignore_patterns("*.duckdb*", ".*"))
    return target


@dataclass
class Served:
    """A running `gba-dash serve` (one server, or the supervisor of replicas)."""

    proc: subprocess.Popen
    base: str
    port: int
    log_path: Path
    data: Path
    db: Path
    replicas: int = 1
    children: set[int] = field(default_factory=set)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def replica_base(self, i: int) -> str:
        return f"http://127.0.0.1:{self.port + i}"

    def replica_pids(self) -> dict[str, int]:
        """Latest pid of each replica, from the supervisor's log."""
        pids: dict[str, int] = {}
        for name, pid in re.findall(r"replica (r\d+) \S+ starting \(pid (\d+)\)", self.log()):
            pids[name] = int(pid)
            self.children.add(int(pid))
        return pids

    def stop(self) -> None:
        self.replica_pids()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        for pid in self.children:  # replicas the supervisor may have left behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def start_serve(work: Path, *args: str, replicas: int = 1, env: dict | None = None) -> Served:
    """Start `gba-dash serve` on free loopback port(s) against a copy of data/; wait until every
    replica is healthy."""
    data = work / "data"
    if not data.exists():
        copy_data(data)
    db_file = work / "gba.duckdb"
    port = free_port(replicas)
    log_path = work / "serve.log"
    log = log_path.open("w")
    cmd = [
        sys.executable,
        "-m",
        "gba_dash.cli",
        "serve",
        "--port",
        str(port),
        "--address",
        "127.0.0.1",
        "--replicas",
        str(replicas),
        "--data",
        str(data),
        "--db",
        str(db_file),
        *args,
    ]
    full_env = {**os.environ, "GBA_DASH_I18N_STRICT": "1", **(env or {})}
    full_env.pop("GBA_DASH_REPLICA", None)
    proc = subprocess.Popen(cmd, cwd=PROJECT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    served = Served(proc, f"http://127.0.0.1:{port}", port, log_path, data, db_file, replicas)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while not all(healthy(served.replica_base(i)) for i in range(replicas)):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gba-dash serve did not start:\n{served.log()[-3000:]}")
            time.sleep(0.3)
    except BaseException:
        served.stop()
        raise
    served.replica_pids()
    return served


@dataclass
class Nginx:
    proc: subprocess.Popen
    base: str
    prefix: Path

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


#: The host name the tests reach nginx by (deploy/nginx.conf's `server_name` is replaced by it).
TEST_HOST = "127.0.0.1"


def render_site(conf: str, listen_port: int, upstream_ports: list[int]) -> str:
    """deploy/nginx.conf with its listen lines, its server name and its upstream servers
    pointed at the test ports and host."""
    listen, n_listen = re.subn(
        r"(?m)^(\s*)listen 80( default_server)?;", rf"\1listen 127.0.0.1:{listen_port}\2;", conf
    )
    assert n_listen == 2, "deploy/nginx.conf must have a default server and the dashboard's"
    listen, n_name = re.subn(
        r"(?m)^(\s*)server_name (?!_;)[^;]+;", rf"\1server_name {TEST_HOST};", listen
    )
    assert n_name == 1, "deploy/nginx.conf must name the dashboard's host in one server_name"
    server_line = re.compile(r"(?m)^\s*server 127\.0\.0\.1:\d+ (max_fails=\S+ fail_timeout=\S+);\n")
    params = server_line.findall(listen)
    assert len(params) >= 2, "deploy/nginx.conf must list the replicas as `server 127.0.0.1:…`"
    stripped = server_line.sub("", listen)
    servers = "".join(f"    server 127.0.0.1:{p} {params[0]};\n" for p in upstream_ports)
    site, n_hash = re.subn(
        r"(?m)^(\s*hash \$gba_route consistent;\n)", lambda m: m.group(1) + servers, stripped
    )
    assert n_hash == 1, "deploy/nginx.conf must hash on $gba_route consistently"
    return site


def start_nginx(prefix: Path, upstream_ports: list[int]) -> Nginx:
    """Debian's nginx in the foreground on a free loopback port, running deploy/nginx.conf."""
    require(NGINX, NGINX_HINT)
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (prefix / "gba-dash.conf").write_text(
        render_site(NGINX_CONF.read_text(encoding="utf-8"), port, upstream_ports), encoding="utf-8"
    )
    temp = {name: prefix / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format upstream '$remote_addr "$request" $status $upstream_addr $upstream_status';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {prefix}/gba-dash.conf;
}}
""",
        encoding="utf-8",
    )
    args = [
        str(NGINX),
        "-p",
        str(prefix),
        "-c",
        str(prefix / "nginx.conf"),
        "-e",
        str(prefix / "error.log"),
    ]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, f"nginx -t failed:\n{check.stderr}"
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    nginx = Nginx(proc, f"http://127.0.0.1:{port}", prefix)
    deadline = time.monotonic() + 15
    while not healthy(nginx.base):
        if proc.poll() is not None or time.monotonic() > deadline:
            nginx.stop()
            raise RuntimeError(f"nginx did not start:\n{nginx.error_log()[-2000:]}")
        time.sleep(0.2)
    return nginx


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Nginx]]:
    """Two replicas (`gba-dash serve --replicas 2`) behind deploy/nginx.conf."""
    require(NGINX, NGINX_HINT)
    work = tmp_path_factory.mktemp("cluster")
    served = start_serve(work, replicas=2)
    try:
        nginx = start_nginx(work / "nginx", [served.port, served.port + 1])
    except BaseException:
        served.stop()
        raise
    try:
        yield served, nginx
    finally:
        nginx.stop()
        served.stop()
