"""`gba-dash import ranking`: one edition of WIPO's cluster table into data/, reviewed first.

The steward's file (WIPO's appendix table "Top 100 science and technology clusters" pasted into
a spreadsheet, or WIPO's own download) flows one way: `rows` reads and checks it (headers by
`columns`), `plan` matches each name to a cluster and compares the file with data/ (the review
the steward reads), `write` applies the plan to a checked copy of data/ and swaps it in.
"""

from gba_dash.rank_import.columns import EconomyNames
from gba_dash.rank_import.plan import Plan, make_plan, report
from gba_dash.rank_import.rows import ReadResult, read_rows
from gba_dash.rank_import.write import SourceMeta, apply_plan, default_source_id

__all__ = [
    "EconomyNames",
    "Plan",
    "ReadResult",
    "SourceMeta",
    "apply_plan",
    "default_source_id",
    "make_plan",
    "read_rows",
    "report",
]
