"""Browser timings in Debian's Chromium via Playwright, the dashboard beside the floor app.

    python bench/browser.py              # 5 rounds: cold and warm cache, first chart, re-render
    python bench/browser.py --rounds 2   # quicker

For each round and each app (floor app and the dashboard's clusters page, alternating, both
servers pinned to core 0, the browser on core 1):
- cold: a fresh browser context (empty HTTP cache), time from navigation start to the first
  Vega chart drawn (a canvas or svg appearing inside `stVegaLiteChart`, seen by a
  MutationObserver installed before the page loads, read with `performance.now()`);
- re-render: pick another GII edition in the sidebar selectbox `edition`; time from the click on
  the option to the first chart drawn anew;
- warm: a new tab in the same context (static files cached), first chart again.
Target: the dashboard's first chart ≤ 1.5× the floor app's (medians, same run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    PROJECT,
    TARGETS,
    fmt_s,
    loadavg,
    pin_generator,
    save,
    serve,
    verdict,
)

CHROMIUM = Path(os.environ.get("GBA_DASH_CHROMIUM", "/usr/bin/chromium"))
sys.path.insert(0, str(PROJECT))
from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: E402

OBSERVER_JS = """
(() => {
  window.__gba = {first: null, drawn: []};
  const seen = new WeakSet();
  const check = () => {
    const marks = document.querySelectorAll(
      '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks');
    for (const el of marks) {
      if (seen.has(el)) continue;
      seen.add(el);
      const now = performance.now();
      window.__gba.drawn.push(now);
      if (window.__gba.first === null) window.__gba.first = now;
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true});
})();
"""

APPS = {"floor": "/", "dashboard": "/clusters?lang=en"}
EDITIONS = ("2023", "2021")


def first_chart(page, url: str, timeout_ms: int) -> float:
    page.add_init_script(OBSERVER_JS)
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__gba && window.__gba.first !== null", timeout=timeout_ms)
    return page.evaluate("() => window.__gba.first") / 1000


def rerender(page, edition: str, timeout_ms: int) -> float:
    """Pick `edition` in the sidebar selectbox; seconds until a chart is drawn anew."""
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')""", timeout=timeout_ms
    )
    page.locator('.st-key-edition [role="combobox"]').click()
    option = page.locator('[role="option"]', has_text=edition).first
    option.wait_for(timeout=timeout_ms)
    t0 = page.evaluate("() => performance.now()")
    option.click()
    page.wait_for_function(
        "(t0) => window.__gba.drawn.some(t => t > t0)", arg=t0, timeout=timeout_ms
    )
    t1 = page.evaluate("(t0) => Math.min(...window.__gba.drawn.filter(t => t > t0))", t0)
    return (t1 - t0) / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per wait")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} not found: sudo apt-get install chromium")
        return 2
    pin_generator()
    print(f"load average before: {loadavg()}", flush=True)
    from playwright.sync_api import sync_playwright

    timeout_ms = int(args.timeout * 1000)
    figures = {app: {"cold": [], "warm": [], "rerender": []} for app in APPS}
    errors: list[str] = []
    with serve("floor") as floor, serve("dashboard") as dash, sync_playwright() as pw:
        bases = {"floor": floor.base, "dashboard": dash.base}
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        # One unmeasured visit each: the servers' first run after start is not what readers see.
        for app, path in APPS.items():
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
            first_chart(ctx.new_page(), bases[app] + path, timeout_ms)
            ctx.close()
        for r in range(args.rounds):
            for app, path in APPS.items() if r % 2 == 0 else reversed(APPS.items()):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
                try:
                    cold_page = ctx.new_page()
                    cold_page.set_default_timeout(timeout_ms)
                    figures[app]["cold"].append(
                        first_chart(cold_page, bases[app] + path, timeout_ms)
                    )
                    figures[app]["rerender"].append(
                        rerender(cold_page, EDITIONS[r % 2], timeout_ms)
                    )
                    cold_page.close()
                    warm_page = ctx.new_page()
                    warm_page.set_default_timeout(timeout_ms)
                    figures[app]["warm"].append(
                        first_chart(warm_page, bases[app] + path, timeout_ms)
                    )
                except Exception as exc:  # a timeout is a result, not a crash
                    errors.append(f"{app} round {r}: {type(exc).__name__}: {exc}"[:300])
                finally:
                    ctx.close()
        browser.close()

    medians = {
        app: {k: statistics.median(v) if v else float("nan") for k, v in f.items()}
        for app, f in figures.items()
    }
    for app, m in medians.items():
        print(
            f"{app:10s} first chart cold {fmt_s(m['cold'])}  warm {fmt_s(m['warm'])}  "
            f"re-render after a filter change {fmt_s(m['rerender'])}  "
            f"(medians of {len(figures[app]['cold'])})"
        )
    d, f = medians["dashboard"], medians["floor"]
    ratios = {k: d[k] / f[k] for k in ("cold", "warm", "rerender")}
    print("ratio dashboard / floor  " + "  ".join(f"{k} {v:.2f}×" for k, v in ratios.items()))
    lines = [
        verdict(
            f"browser first chart (cold) ≤ {TARGETS['browser_first_chart_ratio']}× floor",
            ratios["cold"] <= TARGETS["browser_first_chart_ratio"] and not errors,
            f"{fmt_s(d['cold'])} vs {fmt_s(f['cold'])} = {ratios['cold']:.2f}×",
        ),
        verdict(
            f"browser first chart (warm) ≤ {TARGETS['browser_first_chart_ratio']}× floor",
            ratios["warm"] <= TARGETS["browser_first_chart_ratio"] and not errors,
            f"{fmt_s(d['warm'])} vs {fmt_s(f['warm'])} = {ratios['warm']:.2f}×",
        ),
    ]
    for e in errors:
        print("error:", e)
    print(f"load average after: {loadavg()}")
    save(
        "browser",
        {
            "figures": figures,
            "medians": medians,
            "ratios": ratios,
            "errors": errors,
            "verdicts": lines,
        },
    )
    return 0 if all(line.startswith("PASS") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
