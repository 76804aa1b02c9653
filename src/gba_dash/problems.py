"""One failed rule at one place of one file, as every check reports it.

`ingest` (cells of one file) and `table_rules` (rules across rows and tables) both report
`Problem`s; `LINE_COLUMN` is the frame column that keeps each row's line in its file.
"""

from __future__ import annotations

from dataclasses import dataclass

from gba_dash import schema
from gba_dash.safe_text import printable

LINE_COLUMN = "_line"
_SHOW_MAX = 60


@dataclass(frozen=True, order=True)
class Problem:
    """One failed rule at one place of one file."""

    file: str
    line: int
    column: str
    rule: str
    value: str = ""

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= _SHOW_MAX else self.value[:_SHOW_MAX] + "…"
        detail = schema.RULES.get(self.rule, "")
        # A value's repr escapes its control characters; the file and column names are the
        # steward's too, and a terminal must not run what they hold.
        where = f"{printable(self.file)}:{self.line}: {printable(self.column or '-')}"
        text = f"{where}: {self.rule}: {shown!r}"
        return f"{text} ({detail})" if detail else text
