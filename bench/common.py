"""Shared pieces of the benchmarks: servers pinned to a core, /proc readings, percentiles, verdicts.

Servers bind 127.0.0.1 only and run against a copy of `data/` in a temp dir (so a benchmark never
rebuilds the project's database under other work). The server is pinned to core 0 with
`taskset -c 0`; the generator pins itself to core 1 (`pin_generator`).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
APP = PROJECT / "app.py"
FLOOR_APP = BENCH / "floor_app.py"
OUT = BENCH / "out"
SERVER_CORE = "0"
GENERATOR_CORE = 1
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

#: The targets the benchmarks are checked against (bench/README.md).
TARGETS = {
    "burst_p95_s": 1.0,
    "steady_p95_s": 0.150,
    "cpu_per_change_ratio": 2.0,
    "idle_session_kb": 150.0,
    "soak_rss_drift": 0.05,
    "browser_first_chart_ratio": 1.5,
    "scale_query_p95_s": 0.100,
    "build_s": 2.0,
    "deck_slide_s": 0.7,
}

#: Server flavours run side by side. "dashboard" and "floor" use the project's
#: .streamlit/config.toml (postScriptGC off); "defaults" is the dashboard with Streamlit's default.
#: "fifo" is an experiment: the dashboard with at most one script run at a time
#: (bench/experiments/sitecustomize.py), to measure what admission control would change.
FLAVOURS: dict[str, tuple[Path, list[str], dict[str, str]]] = {
    "floor": (FLOOR_APP, [], {}),
    "dashboard": (APP, [], {}),
    "defaults": (APP, ["--runner.postScriptGC", "true"], {}),
    "fifo": (APP, [], {"PYTHONPATH": str(BENCH / "experiments"), "GBA_BENCH_MAX_RUNS": "1"}),
}


#: Niceness of the server and the generator when run as root: other work on a shared machine
#: then cannot starve them (the load average is printed with every result all the same).
PRIORITY = -10


def pin_generator() -> None:
    """Run the generator on the core the server does not use (no-op on a 1-core machine)."""
    with contextlib.suppress(AttributeError, OSError):
        if os.cpu_count() and os.cpu_count() > 1:
            os.sched_setaffinity(0, {GENERATOR_CORE})
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, PRIORITY)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_data(work: Path, releases: int = 0, source: Path | None = None) -> Path:
    """A private copy of data/ (or of `source`; no database files) under `work`, with
    `releases` more data releases in its log (see `add_releases`)."""
    target = work / "data"
    shutil.copytree(
        source or PROJECT / "data", target, ignore=shutil.ignore_patterns("*.duckdb*", ".*")
    )
    if releases:
        add_releases(target, releases)
    return target


#: The value each synthetic release revises: a headline figure's, so pinned links differ.
_EDITED = "hightech_enterprises,guangdong,2024,77000,lower_bound,art_20260104"


def add_releases(data_dir: Path, n: int) -> list[str]:
    """Append `n` releases to `data_dir`'s log, each revising one headline value (77,000 →
    77,001 → …), as `n` steward edits each followed by a build would; data/ ends at the last.
    Returns the new release ids."""
    from gba_dash import ingest, release_log, releases

    obs = data_dir / "observations.csv"
    original = obs.read_text(encoding="utf-8")
    assert _EDITED in original, "the edited row moved: update bench/common._EDITED"
    log_path = data_dir / releases.LOG_FILE
    log = release_log.read_log(log_path)
    made = []
    for i in range(1, n + 1):
        edited = _EDITED.replace(",77000,", f",{77000 + i},")
        obs.write_text(original.replace(_EDITED, edited, 1), encoding="utf-8")
        release = releases.next_release(log, releases.snapshot(ingest.load_tables(data_dir).tables))
        release_log.append(log_path, release)
        log = release_log.read_log(log_path)
        made.append(release.release_id)
    return made


@dataclass
class Server:
    """A running `streamlit run` process and what to read about it."""

    flavour: str
    base: str
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        # nice and taskset exec the interpreter, so the Popen pid is the server's pid.
        return self.proc.pid

    def rss_kb(self) -> int:
        return proc_rss_kb(self.pid)

    def cpu_s(self) -> float:
        return proc_cpu_s(self.pid)


def proc_rss_kb(pid: int) -> int:
    """Resident set size of `pid` in kB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds used by `pid` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


@contextlib.contextmanager
def serve(
    flavour: str,
    *,
    extra: Sequence[str] = (),
    env: dict[str, str] | None = None,
    start_timeout: float = 90.0,
    checkout: Path | None = None,
    own_data: bool = False,
) -> Iterator[Server]:
    """Start one server flavour on 127.0.0.1, pinned to core 0; stop it on exit.

    `checkout`: serve another checkout's app (its app.py, pages/ and src/, e.g. a worktree of
    the previous main) on this checkout's data, to compare two versions side by side; with
    `own_data`, on its own data/ (when this checkout's data holds tables its code does not know).
    """
    script, flags, flavour_env = FLAVOURS[flavour]
    cwd = PROJECT
    if checkout is not None and script == APP:
        cwd, script = checkout.resolve(), checkout.resolve() / "app.py"
        flavour_env = {**flavour_env, "PYTHONPATH": str(cwd / "src")}
    work = Path(tempfile.mkdtemp(prefix=f"gba-bench-{flavour}-"))
    # GBA_BENCH_RELEASES=N: N more data releases in the server's data, so a link can be pinned
    # to an older one (`--query "lang=en&release=<first id>"`) and compared with the latest.
    releases = int(os.environ.get("GBA_BENCH_RELEASES", "0") or 0)
    own = checkout / "data" if checkout is not None and own_data else None
    data = copy_data(work, releases=releases, source=own)
    port = free_port()
    run_env = {
        **os.environ,
        "GBA_DASH_DATA_DIR": str(data),
        "GBA_DASH_DB": str(work / "gba.duckdb"),
        **flavour_env,
        **(env or {}),
    }
    log_path = work / "server.log"
    log = log_path.open("w")
    cmd = ["taskset", "-c", SERVER_CORE] if shutil.which("taskset") else []
    if os.geteuid() == 0 and shutil.which("nice"):
        cmd = ["nice", "-n", str(PRIORITY), *cmd]
    cmd += [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        *flags,
        *extra,
    ]
    proc = subprocess.Popen(cmd, cwd=cwd, env=run_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    server = Server(flavour, base, proc, log_path)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(f"{flavour} did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else float("nan"),
    }


def verdict(name: str, ok: bool, detail: str) -> str:
    """One pass/fail line per target, as every benchmark prints it."""
    line = f"{'PASS' if ok else 'FAIL'}  {name}: {detail}"
    print(line, flush=True)
    return line


def versions() -> dict[str, str]:
    import altair
    import duckdb
    import pandas
    import streamlit

    return {
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "altair": altair.__version__,
        "pandas": pandas.__version__,
        "duckdb": duckdb.__version__,
        "cpus": str(os.cpu_count()),
        "kernel": platform.release(),
    }


def save(name: str, payload: dict) -> Path:
    """Write a run's figures to bench/out/<name>-<timestamp>.json (git-ignored)."""
    OUT.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = OUT / f"{name}-{stamp}.json"
    payload = {
        "when": stamp,
        "versions": versions(),
        "argv": sys.argv,
        "loadavg_at_end": loadavg(),
        **payload,
    }
    path.write_text(json.dumps(payload, indent=2, default=str))
    print(f"figures written to {path.relative_to(PROJECT)}", flush=True)
    return path


def loadavg() -> str:
    """The machine's 1/5/15-minute load averages (other work on the machine skews latencies)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def fmt_s(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def run_in_checkout(script: Path, src: Path) -> dict[str, float]:
    """`script --child` in a fresh interpreter on `src` (a checkout's src/): its JSON figures.

    Both versions read this checkout's data and database, so only the code differs.
    """
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "GBA_DASH_DATA_DIR": os.environ.get("GBA_DASH_DATA_DIR", str(PROJECT / "data")),
        "GBA_DASH_DB": os.environ.get("GBA_DASH_DB", str(PROJECT / "data" / "gba.duckdb")),
    }
    command = [sys.executable, str(script), "--child"]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def side_by_side(script: Path, against: Path | None, rounds: int) -> int:
    """Run `script`'s measurement on this checkout (and on `against`, alternating, each round
    in fresh interpreters) and print the medians over rounds and their ratio."""
    pin_generator()
    sources = {"this": PROJECT / "src"}
    if against is not None:
        sources["against"] = against.resolve()
    results: dict[str, list[dict[str, float]]] = {name: [] for name in sources}
    for _ in range(rounds):
        for name, src in sources.items():
            results[name].append(run_in_checkout(script, src))
    medians = {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in results.items()
    }
    for name, figures in medians.items():
        print(
            f"{name:8s} ({sources[name]}): "
            + "  ".join(f"{key} {ms:.2f} ms" for key, ms in figures.items())
        )
    if against is not None:
        this, other = medians["this"], medians["against"]
        print("ratio this / against: " + "  ".join(f"{k} {this[k] / other[k]:.2f}×" for k in this))
    return 0
