"""Running it: the database prepared first, then one server or N supervised replicas."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from gba_dash import db, db_build, settings
from gba_dash.serve.headers import make_app, security_headers, streamlit_options
from gba_dash.serve.options import APP_SCRIPT, HEALTH_PATH, PRIVATE_PATHS, REPLICA_ENV, ServeOptions


def prepare_database(say: Callable[[str], None] = lambda _m: None) -> db.EnsureResult:
    """Make the database servable before the first request, from whatever file is there.

    A missing, empty, truncated or garbage file, or one built by another version of the code,
    is rebuilt from data/ (which is only read); data/ that fails its checks leaves the last
    good file served. Every outcome is one log line saying which. Returns the state: `missing`
    when there is nothing to serve (pages then say so, and the app keeps checking data/).
    """
    data_dir, db_path = settings.data_dir(), settings.db_path()
    result = db.ensure_database(data_dir, db_path)
    damage = db.unreadable(db_path) if result.state != "missing" else None
    if damage is not None:
        say(f"database {db_path.name} cannot be served ({damage}): rebuilding from data/")
        built = db_build.build_database(data_dir, db_path)
        result = (
            db.EnsureResult("rebuilt")
            if built.ok and db.unreadable(db_path) is None
            else db.EnsureResult("missing", built.problems)
        )
    if result.state == "missing":
        detail = "; ".join(str(p) for p in result.problems[:5])
        say(
            f"error: no servable database ({db_path.name}) and data/ does not build "
            f"({len(result.problems)} problem(s): {detail}). Serving an error page until "
            "`gba-dash check` passes; the app checks data/ again every few seconds."
        )
    elif result.state == "stale":
        say(
            f"warning: data/ fails its checks ({len(result.problems)} problem(s)); serving the "
            f"last good database {db_path.name} (the Sources page says so). Run `gba-dash check`."
        )
    elif result.state == "rebuilt":
        say(f"database {db_path.name}: rebuilt from data/")
    else:
        say(f"database {db_path.name}: fresh (its data hash matches data/)")
    return result


def _say(message: str) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    print(f"{stamp} gba-dash serve: {message}", file=sys.stderr, flush=True)


def describe(opts: ServeOptions) -> dict[str, object]:
    """The complete production configuration, as `gba-dash serve --print-config` shows it."""
    return {
        "streamlit": streamlit_options(opts),
        "headers": dict(security_headers(opts)),
        "private_paths": list(PRIVATE_PATHS),
        "replicas": [f"{opts.address}:{p}" for p in replica_ports(opts)],
        "data_dir": str(settings.data_dir()),
        "db": str(settings.db_path()),
    }


def replica_ports(opts: ServeOptions) -> list[int]:
    return [opts.port + i for i in range(opts.replicas)]


def serve(opts: ServeOptions) -> int:
    """Run `gba-dash serve`: one server in this process, or a supervisor of N replicas."""
    prepare_database(_say)
    if opts.replicas > 1:
        return Supervisor(opts).run()
    return _serve_one(opts)


def _serve_one(opts: ServeOptions) -> int:
    app = make_app(opts)
    # `App.run` takes the launcher from sys.argv[0] (config directory, sys.path, script args):
    # make it app.py, exactly as `streamlit run app.py` would.
    saved = sys.argv
    sys.argv = [str(APP_SCRIPT)]
    try:
        app.run(config=streamlit_options(opts))
    finally:
        sys.argv = saved
    return 0


def health(address: str, port: int, timeout: float = 2.0) -> bool:
    """True when the server at address:port answers its health check with `ok`."""
    host = "127.0.0.1" if address in ("0.0.0.0", "::", "") else address  # noqa: S104
    if ":" in host:
        host = f"[{host}]"
    try:
        with urllib.request.urlopen(f"http://{host}:{port}{HEALTH_PATH}", timeout=timeout) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the replica gets SIGTERM if the supervisor dies without cleaning up."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Replica:
    name: str
    port: int
    proc: subprocess.Popen | None = None
    healthy: bool = False
    restarts: int = 0
    next_start: float = 0.0
    up_since: float = 0.0


class Supervisor:
    """N replicas of `gba-dash serve` on consecutive ports; restarts the dead, reports health.

    Every change is one log line on stderr: `replica r2 127.0.0.1:8502 up (pid …)`,
    `… down: exited with signal 9; restarting in 1 s`, `… unhealthy: health check failed`.
    """

    POLL = 1.0
    MAX_BACKOFF = 30.0

    def __init__(self, opts: ServeOptions, say: Callable[[str], None] = _say) -> None:
        self.opts = opts
        self.say = say
        self.replicas = [Replica(f"r{i + 1}", p) for i, p in enumerate(replica_ports(opts))]
        self._stop = False

    def _command(self, replica: Replica) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "gba_dash.cli",
            "serve",
            "--replicas",
            "1",
            "--port",
            str(replica.port),
            "--address",
            self.opts.address,
            "--session-ttl",
            str(self.opts.session_ttl),
        ]
        for host in self.opts.allowed_hosts:
            cmd += ["--allowed-host", host]
        for source in self.opts.frame_ancestors:
            cmd += ["--frame-ancestor", source]
        return cmd

    def _start(self, replica: Replica) -> None:
        env = {
            **os.environ,
            REPLICA_ENV: replica.name,
            "GBA_DASH_DATA_DIR": str(settings.data_dir()),
            "GBA_DASH_DB": str(settings.db_path()),
        }
        replica.proc = subprocess.Popen(
            self._command(replica),
            env=env,
            cwd=settings.PROJECT_ROOT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        replica.healthy = False
        self.say(
            f"replica {replica.name} {self.opts.address}:{replica.port} starting "
            f"(pid {replica.proc.pid})"
        )

    def _where(self, replica: Replica) -> str:
        return f"replica {replica.name} {self.opts.address}:{replica.port}"

    def _check(self, replica: Replica, now: float) -> None:
        proc = replica.proc
        if proc is None:
            if now >= replica.next_start:
                self._start(replica)
            return
        code = proc.poll()
        if code is not None:
            how = f"signal {-code}" if code < 0 else f"code {code}"
            backoff = min(self.MAX_BACKOFF, 2.0 ** min(replica.restarts, 5))
            replica.restarts += 1
            replica.proc = None
            replica.healthy = False
            replica.next_start = now + backoff
            self.say(
                f"{self._where(replica)} down: exited with {how}; restarting in {backoff:.0f} s"
            )
            return
        ok = health(self.opts.address, replica.port, timeout=min(2.0, self.POLL * 2))
        if ok and not replica.healthy:
            replica.up_since = now
            self.say(f"{self._where(replica)} up (pid {proc.pid})")
        elif not ok and replica.healthy:
            self.say(f"{self._where(replica)} unhealthy: health check failed (pid {proc.pid})")
        if ok and replica.restarts and now - replica.up_since > 60:
            replica.restarts = 0  # a minute healthy: the next failure restarts quickly again
        replica.healthy = ok

    def status(self) -> list[dict[str, object]]:
        """One entry per replica: name, port, pid, healthy, restarts."""
        return [
            {
                "name": r.name,
                "port": r.port,
                "pid": r.proc.pid if r.proc else None,
                "healthy": r.healthy,
                "restarts": r.restarts,
            }
            for r in self.replicas
        ]

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.say(f"received signal {signum}: stopping replicas")
        self._stop = True

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)
        self.say("nginx upstream for these replicas:\n" + nginx_upstream(self.opts))
        try:
            while not self._stop:
                now = time.monotonic()
                for replica in self.replicas:
                    self._check(replica, now)
                time.sleep(self.POLL)
        finally:
            self._stop_all()
        return 0

    def _stop_all(self) -> None:
        live = [r.proc for r in self.replicas if r.proc is not None and r.proc.poll() is None]
        for proc in live:
            proc.terminate()
        deadline = time.monotonic() + 15
        for proc in live:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        self.say("all replicas stopped")


def nginx_upstream(opts: ServeOptions) -> str:
    """The `upstream` block of deploy/nginx.conf for these replicas."""
    host = "127.0.0.1" if opts.address in ("0.0.0.0", "::") else opts.address  # noqa: S104
    servers = "\n".join(
        f"    server {host}:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports(opts)
    )
    return f"upstream gba_dash {{\n    hash $gba_route consistent;\n{servers}\n}}"


def print_config(opts: ServeOptions) -> int:
    print(json.dumps(describe(opts), ensure_ascii=False, indent=2))
    return 0
