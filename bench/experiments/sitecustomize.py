"""Bench-only experiment (never used by the app): admit at most N script runs at a time.

Loaded by the `fifo` flavour through PYTHONPATH. Streamlit starts a thread per session run; under
the GIL, 300 simultaneous runs share one core, so every run ends late (processor sharing). With a
gate, runs finish in arrival order. GBA_BENCH_MAX_RUNS=N sets the gate; unset, nothing changes.
"""

import os
import threading

_N = int(os.environ.get("GBA_BENCH_MAX_RUNS", "0") or 0)
if _N > 0:
    from streamlit.runtime.scriptrunner import script_runner as _sr

    _gate = threading.BoundedSemaphore(_N)
    _original = _sr.ScriptRunner._run_script

    def _gated_run_script(self, rerun_data):
        with _gate:
            return _original(self, rerun_data)

    _sr.ScriptRunner._run_script = _gated_run_script

_HEAP_LOG = os.environ.get("GBA_BENCH_HEAP_LOG")
if _HEAP_LOG:  # diagnostic: Python-level heap over time (allocated blocks, gc-tracked objects)
    import gc
    import sys
    import time

    def _log_heap() -> None:
        with open(_HEAP_LOG, "a") as out:  # noqa: PTH123
            while True:
                out.write(f"{time.time():.1f} {sys.getallocatedblocks()} {len(gc.get_objects())}\n")
                out.flush()
                time.sleep(2.0)

    threading.Thread(target=_log_heap, daemon=True, name="bench-heap-log").start()

_TRACE_OUT = os.environ.get("GBA_BENCH_TRACEMALLOC")
if _TRACE_OUT:  # diagnostic: on SIGUSR1, write the allocations grown since the last SIGUSR1
    import signal
    import tracemalloc

    tracemalloc.start(12)
    _last = [tracemalloc.take_snapshot()]

    def _dump(signum, frame) -> None:
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__)]
        )
        stats = snap.compare_to(_last[0], "traceback")[:12]
        with open(_TRACE_OUT, "a") as out:  # noqa: PTH123
            for stat in stats:
                out.write(f"+{stat.size_diff / 1024:.0f} kB in {stat.count_diff} blocks\n")
                for line in stat.traceback.format()[-24:]:
                    out.write(f"    {line}\n")
            out.write("=" * 40 + "\n")
        _last[0] = snap

    signal.signal(signal.SIGUSR1, _dump)

_MALLOC_LOG = os.environ.get("GBA_BENCH_MALLOC_LOG")
if _MALLOC_LOG and b"streamlit" in open("/proc/self/cmdline", "rb").read():  # noqa: PTH123, SIM115
    # diagnostic: the C heap over time, to tell memory in use from memory freed but kept by
    # glibc (mallinfo2: arena = sbrk heap, hblkhd = mmapped, uordblks = in use, fordblks = free).
    # GBA_BENCH_MALLOC_TRIM=S also hands free pages back with malloc_trim(0) every S seconds.
    import ctypes
    import sys
    import time

    class _MallInfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in [
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            ]
        ]

    _libc = ctypes.CDLL("libc.so.6")
    _libc.mallinfo2.restype = _MallInfo2
    _trim_every = float(os.environ.get("GBA_BENCH_MALLOC_TRIM", "0") or 0)

    def _rss_kb() -> int:
        with open("/proc/self/statm") as f:  # noqa: PTH123
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024

    def _smaps_kb() -> tuple[int, int, int, int]:
        """Resident kB by kind of mapping: [heap], [stack]s, other anonymous, file-backed."""
        heap = stack = anon = files = 0
        kind = "anon"
        with open("/proc/self/smaps") as f:  # noqa: PTH123
            for line in f:
                first = line.split(maxsplit=6)
                if not first[0].endswith(":"):  # a mapping's header line
                    path = first[5] if len(first) > 5 else ""
                    kind = (
                        "heap"
                        if path == "[heap]"
                        else "stack"
                        if path.startswith("[stack")
                        else "anon"
                        if not path or path.startswith("[")
                        else "file"
                    )
                elif first[0] == "Rss:":
                    kb = int(first[1])
                    if kind == "heap":
                        heap += kb
                    elif kind == "stack":
                        stack += kb
                    elif kind == "anon":
                        anon += kb
                    else:
                        files += kb
        return heap, stack, anon, files

    def _arrow_kb() -> int:
        try:
            import pyarrow
        except ImportError:
            return -1
        return pyarrow.total_allocated_bytes() // 1024

    def _log_malloc() -> None:
        last_trim = time.monotonic()
        with open(_MALLOC_LOG, "a") as out:  # noqa: PTH123
            out.write(
                "t rss_kb arena_kb mmap_kb inuse_kb free_kb pyblocks trimmed_kb"
                " heap_rss stack_rss anon_rss file_rss arrow_kb\n"
            )
            start = time.time()
            while True:
                trimmed = 0
                if _trim_every and time.monotonic() - last_trim >= _trim_every:
                    before = _rss_kb()
                    _libc.malloc_trim(0)
                    trimmed = before - _rss_kb()
                    last_trim = time.monotonic()
                m = _libc.mallinfo2()
                out.write(
                    f"{time.time() - start:.0f} {_rss_kb()} {m.arena // 1024} {m.hblkhd // 1024} "
                    f"{m.uordblks // 1024} {m.fordblks // 1024} {sys.getallocatedblocks()} "
                    f"{trimmed} {' '.join(map(str, _smaps_kb()))} {_arrow_kb()}\n"
                )
                out.flush()
                time.sleep(5.0)

    threading.Thread(target=_log_malloc, daemon=True, name="bench-malloc-log").start()
