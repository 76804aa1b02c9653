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
