"""Real-data build time: `gba-dash build` on a copy of data/, as a user runs it.

    python bench/build.py                  # 5 builds; wall time of the command and of the build
    python bench/build.py --releases 100   # the same with 100 more data releases in the log

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
    parser.add_argument(
        "--releases",
        type=int,
        default=0,
        help="add N data releases to the copy's log first (issue: 100 releases under 2 s)",
    )
    args = parser.parse_args(argv)
    print(f"load average before: {loadavg()}", flush=True)
    cli = Path(sys.executable).with_name("gba-dash")
    work = Path(tempfile.mkdtemp(prefix="gba-build-"))
    walls, builds = [], []
    try:
        data = copy_data(work, releases=args.releases)
        if args.releases:
            print(f"the copy's log holds {args.releases + 1} releases")
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
            f"real-data build ≤ {TARGETS['build_s']:.0f} s (command wall time"
            + (f", {args.releases + 1} releases)" if args.releases else ")"),
            wall <= TARGETS["build_s"],
            f"{wall:.2f} s (build itself {build:.2f} s)",
        )
    ]
    save(
        "build",
        {"walls": walls, "builds": builds, "releases": args.releases + 1, "verdicts": lines},
    )
    return 0 if all(line.startswith("PASS") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
