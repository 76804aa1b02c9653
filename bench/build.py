"""Real-data build time: `gba-dash build` on a copy of data/, as a user runs it.

    python bench/build.py             # 5 builds; wall time of the command and of the build itself

The command's wall time includes starting Python and importing the package; the build time is
what `build_database` reports (read, validate, write, swap). Target: ≤ 2 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import TARGETS, copy_data, loadavg, save, verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"load average before: {loadavg()}", flush=True)
    cli = Path(sys.executable).with_name("gba-dash")
    work = Path(tempfile.mkdtemp(prefix="gba-build-"))
    walls, builds = [], []
    try:
        data = copy_data(work)
        for i in range(args.runs):
            db_path = work / f"gba-{i}.duckdb"
            started = time.perf_counter()
            out = subprocess.run(
                [str(cli), "build", "--data", str(data), "--db", str(db_path), "--quiet"],
                capture_output=True,
                text=True,
                check=True,
                timeout=120,
            ).stdout
            walls.append(time.perf_counter() - started)
            match = re.search(r"in ([\d.]+) s", out)
            builds.append(float(match.group(1)) if match else float("nan"))
            print(out.strip())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall, build = statistics.median(walls), statistics.median(builds)
    print(f"median of {args.runs}: command {wall:.2f} s, build {build:.2f} s")
    lines = [
        verdict(
            f"real-data build ≤ {TARGETS['build_s']:.0f} s (command wall time)",
            wall <= TARGETS["build_s"],
            f"{wall:.2f} s (build itself {build:.2f} s)",
        )
    ]
    save("build", {"walls": walls, "builds": builds, "verdicts": lines})
    return 0 if all(line.startswith("PASS") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
