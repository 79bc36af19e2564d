"""Every .xlsx and .csv perfeval writes carries text, never a formula: one rule (perfeval/exports.py)
tried on each writer with cells starting = + - @ tab and CR."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from perfeval import audit, exports
from perfeval.audit.engine import Row
from perfeval.city import table as city_table
from perfeval.city.rows import build_city
from perfeval.schema import ACTUAL, CAT_PROJECT, INFO_UNIT, INFO_YEAR, ITEM, SHEET_SPENDING
from perfeval.store.core import Store
from perfeval.store.trail import activity_csv
from perfeval.template import write_workbook
from tests.builders import basic, workbook
from tests.store_fixture import make_workbook, xlsx

STARTS = {
    "=": '=HYPERLINK("http://evil.example","点我")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3",
    "@": "@SUM(A1:A2)",
    "tab": "\t=1+1",
    "CR": "\r=1+1",
}
PLAIN = ["市教育局", "1+1", "a=b", " =x"]


def test_the_rule():
    for text in STARTS.values():
        assert exports.text_cell(text) == (text, True)
    for text in PLAIN:
        assert exports.text_cell(text) == (text, False)
    assert exports.csv_text(-5) == "-5" and exports.csv_text(None) == ""


def _reloaded(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def _assert_text_cells(cells, expected: list[str]) -> None:
    found = {c.value: c for c in cells if c.value in expected}
    assert set(found) == set(expected)
    for text, cell in found.items():
        assert cell.data_type == "s", text  # a string cell: never evaluated
        assert cell.quotePrefix, text  # and Excel keeps it text when someone edits it


@pytest.mark.parametrize("start", STARTS, ids=list(STARTS))
def test_xlsx_cell(start):
    book = openpyxl.Workbook()
    exports.put(book.active, 1, 1, STARTS[start])
    out = io.BytesIO()
    book.save(out)
    _assert_text_cells(_reloaded(out.getvalue())["A"], [STARTS[start]])


def test_csv_cells_start_with_the_text_marker():
    data = exports.csv_bytes(["名称", "数"], [[t, 1] for t in [*STARTS.values(), *PLAIN]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    names = [r[0] for r in rows[1:]]
    assert names == ["'" + t for t in STARTS.values()] + PLAIN
    assert not any(n.startswith(exports.FORMULA_STARTS) for n in names)


def test_activity_csv_from_the_trail(tmp_path):
    """The admin's 下载活动记录: unit and file names like =HYPERLINK(…) arrive as text."""
    store = Store(tmp_path / "s")
    unit = STARTS["="]
    store.save(make_workbook(unit=unit), xlsx("a"), STARTS["@"])
    store.save(make_workbook(), xlsx("b"), STARTS["tab"])
    rows = list(csv.reader(io.StringIO(activity_csv(store.activity()).decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + unit in cells and "'" + STARTS["@"] in cells
    assert "'=1+1" in cells  # the tab went with the control characters, the = is still marked
    assert not any(cell.startswith(exports.FORMULA_STARTS) for cell in cells)


def test_audit_table_xlsx():
    rows = [
        Row(text, text, text, "一致", text, text, 0, 0, 1) for text in [*STARTS.values(), *PLAIN]
    ]
    sheet = _reloaded(audit.excel_bytes(rows))
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    _assert_text_cells(cells, list(STARTS.values()))
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.quotePrefix for c in cells if c.value in PLAIN)


def test_city_rollup_xlsx(tmp_path):
    store = Store(tmp_path / "s")
    for i, text in enumerate(STARTS.values()):
        store.save(workbook(text, 2024, [basic("人员经费", "1")]), f"w{i}".encode(), "w.xlsx")
    sheet = _reloaded(city_table.to_xlsx(build_city(store, 2024)))
    _assert_text_cells([row[0] for row in sheet.iter_rows(min_row=2)], list(STARTS.values()))


def test_conversion_to_the_template():
    written = write_workbook(
        {INFO_UNIT: "市教育局", INFO_YEAR: 2024},
        [{ITEM: t, "支出类别": CAT_PROJECT, ACTUAL: 1} for t in STARTS.values()],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(written))[SHEET_SPENDING]
    _assert_text_cells([c for row in sheet.iter_rows() for c in row], list(STARTS.values()))
