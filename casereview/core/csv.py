"""CSV the product writes, made safe to open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula: an applicant named `=HYPERLINK(...)` would become a
live link in the auditor's spreadsheet. OWASP's advice is followed: such a cell is prefixed
with a single quote, which spreadsheets show as text. Every CSV export writes through
`csv_writer`, so no export can forget.
"""

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, s: str, /) -> Any: ...


def csv_cell(value: object) -> object:
    """The value as a spreadsheet will show it, never as a formula. Numbers stay numbers:
    a negative count is a number, not a formula, and is written as the number it is."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class SafeCsvWriter:
    """`csv.writer` whose every string cell goes through `csv_cell`."""

    def __init__(self, out: _Writable) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable) -> SafeCsvWriter:
    return SafeCsvWriter(out)
