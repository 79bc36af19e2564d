"""The real-form corpus itself (tests/real_forms, issue 19): every builder makes a loadable workbook
with its merged cells, and every hand-worked Expected record agrees with itself and with its sheet."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import column_index_from_string

from tests.real_forms import FORMS
from tests.real_forms.expected import (
    ACCOUNTS,
    PROJECT_FORM,
    READ,
    REFUSE,
    UNIT_FORM,
    Expected,
    book,
)

ROOT = Path(__file__).resolve().parent.parent
IDS = [expected.name for _, expected in FORMS]
CELL = re.compile(r"(?<![A-Z])([A-Z]{1,2})([0-9]{1,3})(?![0-9])")
ROW = re.compile(r"第([0-9]+)行")


def sheet_of(builder):
    return openpyxl.load_workbook(io.BytesIO(builder())).worksheets[0]


def number(value) -> Decimal | None:
    """A cell's amount as a clerk wrote it: 387664.62, "11,122,315.04", "合计:109.8万元"."""
    if isinstance(value, int | float):
        return Decimal(str(value))
    if not isinstance(value, str):
        return None
    text = value.rsplit(":", 1)[-1].replace(",", "").removesuffix("万元").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def amounts(ws, expected: Expected) -> set[Decimal]:
    factor = Decimal(10000) if expected.money_unit == "元" else Decimal(1)
    found = set()
    for cells in ws.iter_rows():
        for cell in cells:
            value = number(cell.value)
            if value is not None:
                found.add((value / factor).normalize())
    return found


@pytest.mark.parametrize(("builder", "expected"), FORMS, ids=IDS)
def test_every_form_builds_a_loadable_workbook_with_its_merged_cells(builder, expected):
    assert builder.__name__ == expected.name
    ws = sheet_of(builder)
    assert ws.max_row >= 10
    assert len(ws.merged_cells.ranges) >= 3, "every published form has merged cells"


def test_book_refuses_merges_that_overlap_or_hide_a_value():
    with pytest.raises(ValueError, match="overlap"):
        book("S", [["a"]], ["A1:B2", "B2:C3"])
    with pytest.raises(ValueError, match="hide"):
        book("S", [["a", "b"]], ["A1:B1"])
    assert book("S", [["a", None]], ["A1:B1"])


@pytest.mark.parametrize(("builder", "expected"), FORMS, ids=IDS)
def test_expected_record_agrees_with_itself(builder, expected):
    assert expected.outcome in (READ, REFUSE)
    assert expected.money_unit in ("元", "万元")
    assert expected.url.startswith(("http://", "https://"))
    budget, executed = expected.money(expected.budget), expected.money(expected.executed)
    if budget is not None and executed is not None:
        rate = (executed / budget * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert expected.rate == str(rate)
    else:
        assert expected.rate is None
    if expected.score is not None:
        score = Decimal(expected.score)
        assert Decimal(0) <= score <= Decimal(100)
        assert score == score.quantize(Decimal("0.01"))
    if expected.outcome == REFUSE:
        assert expected.score is None and expected.executed is None
        assert any(w.startswith("refused") for w in expected.warnings)
    elif expected.kind == ACCOUNTS:
        assert expected.spending is not None and expected.income is not None
    else:
        assert expected.score is not None and expected.indicators
    if expected.year is None:
        assert not expected.year_in_form
    if not expected.complete:
        assert "Cut" in (builder.__doc__ or "") or "CUT" in (builder.__doc__ or "")


def test_corpus_has_twelve_forms_from_eight_provinces_of_every_kind():
    records = [expected for _, expected in FORMS]
    assert len(records) >= 12
    assert len([e for e in records if e.outcome == READ]) >= 12
    assert len({e.province for e in records if e.province}) >= 8
    assert {UNIT_FORM, PROJECT_FORM, ACCOUNTS} <= {e.kind for e in records}
    assert len({e.name for e in records}) == len(records)


def test_pages_are_cited_once_and_are_not_in_the_older_corpora():
    urls = [expected.url for _, expected in FORMS]
    assert len(set(urls)) == len(urls)
    older = [
        ROOT / "tests" / f for f in ("forms_corpus.py", "accounts_corpus.py", "audit_corpus.py")
    ]
    older += [p for p in (ROOT / "docs").glob("*.md") if p.name != "forms-corpus.md"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in older)
    assert [u for u in urls if u in text] == []


@pytest.mark.parametrize(("builder", "expected"), FORMS, ids=IDS)
def test_hand_worked_amounts_are_those_the_sheet_shows(builder, expected):
    """Each 万元 figure of the record is an amount of the sheet, in the unit the form publishes."""
    found = amounts(sheet_of(builder), expected)
    figures = [expected.budget]
    figures += [expected.income] if expected.kind == ACCOUNTS else [expected.executed]
    for figure in filter(None, figures):
        assert Decimal(figure).normalize() in found, figure


@pytest.mark.parametrize(("builder", "expected"), FORMS, ids=IDS)
def test_roles_name_header_cells_as_written(builder, expected):
    ws = sheet_of(builder)
    texts = {c.value for cells in ws.iter_rows() for c in cells if isinstance(c.value, str)}
    assert expected.roles
    for role, header in expected.roles:
        assert header in texts, (role, header)


@pytest.mark.parametrize(("builder", "expected"), FORMS, ids=IDS)
def test_cells_and_rows_named_in_warnings_are_on_the_sheet(builder, expected):
    ws = sheet_of(builder)
    for text in expected.warnings + expected.notes:
        for letters, number_ in CELL.findall(text):
            column = column_index_from_string(letters)  # not ws[...]: that would create the cell
            assert column <= ws.max_column and int(number_) <= ws.max_row, (text, letters, number_)
        for number_ in ROW.findall(text):
            assert int(number_) <= ws.max_row, text


def test_the_baseline_table_lists_every_form():
    table = (ROOT / "docs" / "forms-corpus.md").read_text(encoding="utf-8")
    for _, expected in FORMS:
        assert expected.name in table and expected.url in table, expected.name
