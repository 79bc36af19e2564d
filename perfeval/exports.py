"""Text cells of every file perfeval writes for a spreadsheet (.xlsx and .csv): one rule, `text_cell`,
makes each of them text that no spreadsheet evaluates, whoever typed it (a unit's or a file's
name in the trail, a sentence of a report in the audit table, a project name in a conversion)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

# What Excel, WPS and LibreOffice take for the start of a formula (= + - @), or strip before
# looking again (a tab or carriage return in front of =): the OWASP list for CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: Any) -> tuple[str, bool]:
    """(the text of a cell, whether it must be marked as text): marked, a cell starting with one of
    FORMULA_STARTS is written to .xlsx as a string cell with Excel's quote prefix (`put`: the
    text stays as typed, Excel shows it as text even after editing) and to .csv with a leading
    apostrophe (`csv_bytes`: a CSV has no cell types, the apostrophe is the marker)."""
    text = value if isinstance(value, str) else str(value)
    return text, text.startswith(FORMULA_STARTS)


def csv_text(value: Any) -> str:
    """One CSV cell: blank for None, a number as written, text through `text_cell`."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text, marked = text_cell(value)
    return "'" + text if marked else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV for Excel (UTF-8 with BOM, CRLF), every text cell through `text_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")  # pandas missing values


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write one openpyxl cell: numbers as numbers, everything else as a string cell, never a
    formula (quote-prefixed when `text_cell` says so). The cell, or None for a blank value."""
    if _missing(value):
        return None
    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            value = str(value)
        else:
            return ws.cell(row=row, column=column, value=value)
    text, marked = text_cell(value)
    cell = ws.cell(row=row, column=column)
    cell._value = text  # bypass openpyxl's "= means formula" guess
    cell.data_type = "s"
    if marked:
        cell.quotePrefix = True
    return cell
