"""Add strings to an i18n area's three catalogues: `python tools/add_strings.py AREA FILE.json`.

FILE.json maps key → [zh-Hans, zh-Hant, en]. Existing keys are replaced; files stay sorted as
they were (new keys appended). A developer tool; the app never runs it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

I18N = Path(__file__).resolve().parents[1] / "src" / "gba_dash" / "i18n"
LANGS = ("zh-Hans", "zh-Hant", "en")


def main(area: str, spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    for i, lang in enumerate(LANGS):
        path = I18N / f"{area}.{lang}.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        for key, values in spec.items():
            data[key] = values[i]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
