"""One failed rule at one place of one file, as every check reports it.

`ingest` (cells of one file) and `table_rules` (rules across rows and tables) both report
`Problem`s; `LINE_COLUMN` is the frame column that keeps each row's line in its file.
"""

from __future__ import annotations

from dataclasses import dataclass

from gba_dash.safe_text import printable

LINE_COLUMN = "_line"
_SHOW_MAX = 60

#: Rule names, as they appear in check reports. Documented in data/README.md.
RULES = {
    "file-missing": "a table's CSV file is not in the data folder",
    "file-empty": "the file has no header row",
    "file-binary": "the file is not text (it holds NUL bytes or undecodable bytes)",
    "encoding": "the file is neither UTF-8 (with or without BOM) nor GB18030/GBK",
    "csv-syntax": "the CSV cannot be parsed (e.g. an unclosed quote)",
    "ragged-row": "a row has more or fewer cells than the header",
    "column-missing": "a required column is absent from the header",
    "column-unknown": "the header names a column the contract does not know",
    "column-duplicate": "the header names a column twice",
    "required": "a required cell is empty",
    "control-character": (
        "the cell holds a control character (e.g. Word's line break U+000B, an escape U+001B), "
        "a bidi override or an invalid character; retype the text (newlines and tabs only in "
        "notes)"
    ),
    "url-format": "an address is not an http:// or https:// URL without spaces",
    "too-long": "a text cell is longer than 1,000 characters",
    "id-format": "an id is not a lowercase slug [a-z0-9_]",
    "code-format": "a code is not a slug or an upper-case ISO code",
    "integer": "the cell is not a whole number",
    "number": "the cell is not a number",
    "number-with-unit": (
        "a number has a unit glued on; write the number alone (the unit is the indicator's)"
    ),
    "range": "a number is outside its allowed range",
    "boolean": "the cell is not true/false",
    "date": "the cell is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "enum": "the cell is not one of the allowed values",
    "primary-key": "two rows share the same key",
    "unique": "two rows share a value that must be unique",
    "foreign-key": "the cell references a row that does not exist",
    "milestone-before-announced": "a milestone is dated before its pilot was announced",
    "headline-unresolved": "a headline names no observation row",
    "status-unjustified": "a pilot's status is not reached by any of its milestones",
    "alias-ambiguous": "a name, once normalised, names two clusters (aliases or cluster names)",
    "conflict-unheld": "a conflicting rank has no held rank (same edition, cluster) to contradict",
    "conflict-agrees": "a conflicting rank equals the rank held, so it is a confirmation",
    "release-json": "a line of the release log is not a JSON object",
    "release-field": "a release or change line lacks a field or has one of the wrong kind",
    "release-order": "a change outside its release, a release id used twice, or time going back",
    "release-replay": "a change does not fit the rows before it (added twice, or not held)",
    "release-state": "the rows after a release do not hash or count to what its line records",
    "build-error": "the database could not be written (disk, permissions); the old one is kept",
}


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
        detail = RULES.get(self.rule, "")
        # A value's repr escapes its control characters; the file and column names are the
        # steward's too, and a terminal must not run what they hold.
        where = f"{printable(self.file)}:{self.line}: {printable(self.column or '-')}"
        text = f"{where}: {self.rule}: {shown!r}"
        return f"{text} ({detail})" if detail else text
