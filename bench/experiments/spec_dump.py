"""Plain Altair specs of every chart the page models request, over fixed filter states, as JSON.

    PYTHONPATH=<checkout>/src python bench/experiments/spec_dump.py > specs.json

Run against two checkouts and compare (view names `view_<hash>` normalised): a refactoring of
the chart builders that should not change what readers see must give the same specs.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gba_dash import db, queries, settings
from gba_dash.ui import chart_specs
from tests import chart_states as states

#: Names of layers with a parameter: hashes before the templates, given names since.
_VIEW_NAMES = re.compile(r"view_[0-9a-f_]+|ranking_dots|history_points|city_shapes")


def main() -> None:
    db.ensure_database(settings.data_dir(), settings.db_path())
    con = db.open_readonly(settings.db_path())

    def query(name, *args):
        return getattr(queries, name)(con, *args)

    out = []
    for lang in states.LANGS:
        rng = random.Random(lang)
        blocks = (
            states.cluster_states(states.clusters.load(query), lang, rng, 6)
            + states.hightech_states(states.hightech.load(query), lang, rng, 8)
            + states.pilot_states(states.pilots.load(query), lang, rng, 6)
        )
        for block in blocks:
            for req in states.requests(block):
                built = req.build()
                if built is None:
                    continue
                text = json.dumps(
                    chart_specs.chart_spec_of(built), sort_keys=True, ensure_ascii=False
                )
                out.append([req.builder.__name__, _VIEW_NAMES.sub("VIEW", text)])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
