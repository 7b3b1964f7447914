"""A CSV import's error report as a file: one line per row not enrolled (row, column, message).

Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
formula; messages can quote what was in the upload, so such cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from coach.patients.schemas import RowError

HEADER = ("row", "column", "message")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


def error_report(errors: Iterable[RowError]) -> str:
    """The rows not enrolled as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for error in errors:
        writer.writerow((error.row, _cell(error.field or ""), _cell(error.message)))
    return out.getvalue()
