"""The template and workbook writer (perfeval/template.py) and the seed samples (perfeval/samples.py)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perfeval import samples, schema
from perfeval.readers import read_workbook
from perfeval.template import (
    AMOUNT_COLUMNS,
    AMOUNT_FORMAT,
    EXAMPLE_PREFIX,
    FIRST_DATA_ROW,
    HEADER_ROW,
    safe_text,
    seed_workbooks,
    write_template,
    write_workbook,
)

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "data" / "samples"
INJECTION = "=cmd|' /C calc'!A0"


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _headers(ws) -> list[str]:
    return [c.value for c in ws[HEADER_ROW] if c.value is not None]


def _strip_unit(header: str) -> str:
    return header.removesuffix("（万元）")


def _records(ws) -> list[dict[str, object]]:
    """Data rows keyed by the header (unit stripped), blank cells left out."""
    headers = [_strip_unit(h) for h in _headers(ws)]
    out = []
    for row in ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True):
        rec = {h: v for h, v in zip(headers, row, strict=False) if v is not None}
        if rec:
            out.append(rec)
    return out


def _validations(ws) -> dict[str, tuple[str, ...]]:
    """{header (unit stripped): enumerated values} of the list drop-downs of a sheet."""
    headers = {c.column_letter: _strip_unit(c.value) for c in ws[HEADER_ROW] if c.value}
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        values = tuple(dv.formula1.strip('"').split(","))
        for rng in dv.sqref.ranges:
            assert rng.min_row == FIRST_DATA_ROW
            assert rng.max_row >= FIRST_DATA_ROW + 499
            assert rng.min_col == rng.max_col
            out[headers[openpyxl.utils.get_column_letter(rng.min_col)]] = values
    return out


EXPECTED_HEADERS = {
    schema.SHEET_INFO: [schema.INFO_KEY, schema.INFO_VALUE],
    schema.SHEET_SPENDING: list(schema.SPENDING_COLUMNS),
    schema.SHEET_INCOME: list(schema.INCOME_COLUMNS),
    schema.SHEET_KPI: list(schema.KPI_SHEET_COLUMNS),
    schema.SHEET_TEXT: [schema.SECTION, schema.CONTENT],
}
EXPECTED_LISTS = {
    schema.SHEET_INFO: {},
    schema.SHEET_SPENDING: {schema.FUND: schema.FUNDS, schema.CATEGORY: schema.CATEGORIES},
    schema.SHEET_INCOME: {schema.FUND: schema.FUNDS},
    schema.SHEET_KPI: {
        schema.L1: schema.L1_VALUES,
        schema.L2: schema.L2_VALUES,
        schema.DIRECTION: schema.DIRECTIONS,
    },
    schema.SHEET_TEXT: {schema.SECTION: schema.SECTIONS},
}


@pytest.fixture(scope="module")
def template() -> openpyxl.Workbook:
    return _open(write_template())


@pytest.fixture(scope="module")
def seeds() -> dict[int, bytes]:
    return seed_workbooks()


# ---------------------------------------------------------------- template
def test_template_sheet_names(template):
    examples = [EXAMPLE_PREFIX + s for s in schema.DATA_SHEETS]
    assert template.sheetnames == [schema.SHEET_GUIDE, *schema.DATA_SHEETS, *examples]
    assert template.active.title == schema.SHEET_GUIDE


def test_template_without_example():
    book = _open(write_template(example=False))
    assert book.sheetnames == [schema.SHEET_GUIDE, *schema.DATA_SHEETS]
    guide = " ".join(str(c.value) for row in book[schema.SHEET_GUIDE].iter_rows() for c in row)
    assert EXAMPLE_PREFIX not in guide


@pytest.mark.parametrize("sheet", schema.DATA_SHEETS)
def test_template_headers_and_layout(template, sheet):
    for name in (sheet, EXAMPLE_PREFIX + sheet):
        ws = template[name]
        headers = _headers(ws)
        assert [_strip_unit(h) for h in headers] == EXPECTED_HEADERS[sheet]
        for h in headers:
            is_amount = _strip_unit(h) in AMOUNT_COLUMNS.get(sheet, ())
            assert h.endswith("（万元）") == is_amount
            cell = next(c for c in ws[HEADER_ROW] if c.value == h)
            assert cell.font.bold
            assert cell.fill.fgColor.rgb.endswith("DDEBF7")
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= 2 * len(h) + 2 - 0.01
        assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
        assert ws.cell(row=1, column=1).value  # a title row above the header


@pytest.mark.parametrize("sheet", [s for s in schema.DATA_SHEETS if s != schema.SHEET_INFO])
def test_template_validations(template, sheet):
    for name in (sheet, EXAMPLE_PREFIX + sheet):
        assert _validations(template[name]) == EXPECTED_LISTS[sheet]
    assert schema.ITEM not in _validations(template[schema.SHEET_SPENDING])


def test_template_unit_type_row_has_its_drop_down(template):
    ws = template[schema.SHEET_INFO]
    rows = {ws.cell(row=r, column=1).value: r for r in range(FIRST_DATA_ROW, ws.max_row + 1)}
    (dv,) = ws.data_validations.dataValidation  # only 单位类型 is a list in 基本信息
    assert tuple(dv.formula1.strip('"').split(",")) == schema.UNIT_TYPES == ("行政", "事业")
    assert str(dv.sqref) == f"B{rows[schema.INFO_UNIT_TYPE]}"
    assert {schema.INFO_DEPARTMENT, schema.INFO_UNIT_TYPE, schema.INFO_RETIRED_ALL} <= set(rows)


def test_template_data_sheets_are_empty(template):
    info = template[schema.SHEET_INFO]
    assert [r[0] for r in info.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)] == list(
        schema.INFO_KEYS
    )
    assert all(r[1] is None for r in info.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    texts = _records(template[schema.SHEET_TEXT])
    assert texts == [{schema.SECTION: s} for s in schema.SECTIONS]
    for sheet in (schema.SHEET_SPENDING, schema.SHEET_INCOME, schema.SHEET_KPI):
        assert _records(template[sheet]) == []


def test_template_amount_format(template):
    for sheet, columns in AMOUNT_COLUMNS.items():
        ws = template[sheet]
        headers = [_strip_unit(h) for h in _headers(ws)]
        for column in columns:
            col = headers.index(column) + 1
            for row in (FIRST_DATA_ROW, FIRST_DATA_ROW + 499):
                assert ws.cell(row=row, column=col).number_format == AMOUNT_FORMAT
        example = template[EXAMPLE_PREFIX + sheet]
        for column in columns:
            col = headers.index(column) + 1
            for row in range(FIRST_DATA_ROW, example.max_row + 1):
                assert example.cell(row=row, column=col).number_format == AMOUNT_FORMAT


def test_template_has_no_formulas(template):
    for ws in template:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_template_guide_explains_every_sheet_and_column(template):
    ws = template[schema.SHEET_GUIDE]
    rows = list(ws.iter_rows(min_row=FIRST_DATA_ROW, values_only=True))
    text = "\n".join(" ".join(str(v) for v in r if v) for r in rows)
    for sheet, columns in EXPECTED_HEADERS.items():
        covered = " ".join(str(r[1]) for r in rows if r[0] == sheet)
        assert covered, sheet
        if sheet != schema.SHEET_INFO and sheet != schema.SHEET_TEXT:
            for column in columns:
                assert column in covered, (sheet, column)
    for key in schema.INFO_KEYS:
        assert key in text
    for phrase in ("万元", "空白", "≥560家", "达成年度指标", "一个年度", "上传"):
        assert phrase in text


def test_template_example_has_seed_figures(template):
    info = {
        r[0]: r[1]
        for r in template[EXAMPLE_PREFIX + schema.SHEET_INFO].iter_rows(
            min_row=FIRST_DATA_ROW, values_only=True
        )
    }
    assert info[schema.INFO_UNIT] == samples.SEED_UNIT
    assert info[schema.INFO_YEAR] == 2024
    spending = _records(template[EXAMPLE_PREFIX + schema.SHEET_SPENDING])
    assert len(spending) == 12
    total = sum(Decimal(str(r[schema.ACTUAL])) for r in spending)
    assert total == Decimal("7174.02")
    kpis = {r[schema.KPI_NAME]: r for r in _records(template[EXAMPLE_PREFIX + schema.SHEET_KPI])}
    assert kpis["上云企业数"][schema.TARGET] == "≥560家"
    assert kpis["上云企业数"][schema.RESULT] == 588
    assert kpis["上平台企业数"][schema.TARGET] == "≥120家"
    assert kpis["上平台企业数"][schema.RESULT] == 293
    texts = _records(template[EXAMPLE_PREFIX + schema.SHEET_TEXT])
    assert [t[schema.SECTION] for t in texts] == list(schema.SECTIONS)


# ---------------------------------------------------------------- write_workbook
def test_safe_text_is_never_a_formula():
    data = samples.seed_data(2024)
    data["spending"][0][schema.NOTE] = safe_text(INJECTION)
    data["spending"][1][schema.NOTE] = "=1+1"  # not passed through safe_text: still text
    data["spending"][2][schema.NOTE] = "+86 123"
    data["indicators"][0][schema.REASON] = "@SUM(A1)"
    ws = _open(write_workbook(**data))[schema.SHEET_SPENDING]
    col = list(schema.SPENDING_COLUMNS).index(schema.NOTE) + 1
    for row, expected in ((FIRST_DATA_ROW, INJECTION), (FIRST_DATA_ROW + 1, "=1+1")):
        cell = ws.cell(row=row, column=col)
        assert cell.value == expected
        assert isinstance(cell.value, str)
        assert cell.data_type == "s"
    assert ws.cell(row=FIRST_DATA_ROW + 2, column=col).data_type == "s"


def test_safe_text_values():
    assert safe_text(None) is None
    assert safe_text("=A1") == "=A1"
    assert safe_text(12) == "12"


def test_write_workbook_types_and_blanks():
    rows = [
        {schema.CATEGORY: schema.CAT_BASIC, schema.ACTUAL: Decimal("1.10"), schema.NOTE: None},
        {schema.CATEGORY: schema.CAT_PROJECT, schema.ACTUAL: "1,114.00", schema.ROW: 9},
        {schema.CATEGORY: schema.CAT_PROJECT, schema.ACTUAL: float("nan")},
    ]
    book = _open(write_workbook({schema.INFO_UNIT: "单位", schema.INFO_YEAR: 2024}, rows))
    assert book.sheetnames == list(schema.DATA_SHEETS)
    ws = book[schema.SHEET_SPENDING]
    recs = _records(ws)
    assert recs[0] == {schema.CATEGORY: schema.CAT_BASIC, schema.ACTUAL: 1.1}
    assert recs[1][schema.ACTUAL] == "1,114.00"  # text stays text, for reader tests
    assert recs[2] == {schema.CATEGORY: schema.CAT_PROJECT}
    assert _records(book[schema.SHEET_KPI]) == []
    assert _records(book[schema.SHEET_TEXT]) == []
    info = _records(book[schema.SHEET_INFO])
    assert info == [
        {schema.INFO_KEY: schema.INFO_UNIT, schema.INFO_VALUE: "单位"},
        {schema.INFO_KEY: schema.INFO_YEAR, schema.INFO_VALUE: 2024},
    ]
    for sheet in schema.DATA_SHEETS:
        assert _validations(book[sheet]) == EXPECTED_LISTS[sheet]


# ---------------------------------------------------------------- samples
def test_seed_2024_sums(seeds):
    ws = _open(seeds[2024])[schema.SHEET_SPENDING]
    recs = _records(ws)
    total = sum(Decimal(str(r[schema.ACTUAL])) for r in recs)
    projects = sum(
        Decimal(str(r[schema.ACTUAL])) for r in recs if r[schema.CATEGORY] == schema.CAT_PROJECT
    )
    basic = {
        r[schema.ITEM]: Decimal(str(r[schema.ACTUAL]))
        for r in recs
        if r[schema.CATEGORY] == schema.CAT_BASIC
    }
    assert total == Decimal("7174.02")
    assert projects == Decimal("6377.44")
    assert basic == {
        schema.ITEM_PERSONNEL: Decimal("689.81"),
        schema.ITEM_PUBLIC: Decimal("106.77"),
    }
    for r in recs:
        rate = Decimal(str(r[schema.ACTUAL])) / Decimal(str(r[schema.BUDGET]))
        assert Decimal("0.92") <= rate <= 1
        assert Decimal(str(r[schema.BUDGET_INITIAL])) >= Decimal(str(r[schema.ACTUAL]))
        assert "全年预算数为示例值" in r[schema.NOTE]
    actual_col = list(schema.SPENDING_COLUMNS).index(schema.ACTUAL) + 1
    for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(recs)):
        assert ws.cell(row=row, column=actual_col).number_format == AMOUNT_FORMAT
    income = _records(_open(seeds[2024])[schema.SHEET_INCOME])
    assert sum(Decimal(str(r[schema.INCOME])) for r in income) == Decimal("7174.02")


def test_seed_2024_info_and_texts(seeds):
    book = _open(seeds[2024])
    info = {r[schema.INFO_KEY]: r[schema.INFO_VALUE] for r in _records(book[schema.SHEET_INFO])}
    assert info[schema.INFO_UNIT] == samples.SEED_UNIT
    assert info[schema.INFO_STAFF_QUOTA] == 48
    assert info[schema.INFO_RETIRED] == 129
    assert info[schema.INFO_RETIRED_EARLY] == 0
    assert len(info[schema.INFO_DIVISIONS].split(schema.LIST_SEPARATOR)) == 14
    assert len(info[schema.INFO_AFFILIATES].split(schema.LIST_SEPARATOR)) == 3
    texts = {r[schema.SECTION]: r[schema.CONTENT] for r in _records(book[schema.SHEET_TEXT])}
    assert texts[schema.SEC_FUNCTIONS].count("\n") == 13
    assert texts[schema.SEC_WORK].count("\n") == 6
    assert texts[schema.SEC_WORK].startswith("1、经济发展向上向好。")
    assert texts[schema.SEC_PROBLEMS] == "年初预算绩效目标指标不够细化、量化。"
    assert texts[schema.SEC_OTHER] == "无"
    assert not any("bookmark" in t for t in texts.values())


SEED_REPORT = SAMPLES_DIR.parent / "seed" / f"2024年度{samples.SEED_UNIT}整体支出绩效自评报告.txt"


def test_seed_texts_are_verbatim_from_report():
    report = SEED_REPORT.read_text(encoding="utf-8")  # in the repository: runs everywhere
    for text in samples.TEXTS_2024.values():
        for line in text.split("\n"):
            assert line in report


D0 = Decimal(0)


def test_seed_2023_unitemised(seeds):
    book = _open(seeds[2023])
    recs = _records(book[schema.SHEET_SPENDING])
    assert [(r[schema.CATEGORY], r.get(schema.ITEM)) for r in recs] == [
        (schema.CAT_BASIC, None),
        (schema.CAT_PROJECT, None),
    ]
    assert [Decimal(str(r[schema.ACTUAL])) for r in recs] == [Decimal("862.05"), Decimal("5243.89")]
    # consistent with the 2024 report's stated changes (基本支出 −65.47, 项目支出 +1133.55 万元):
    # the 2024 sample's own lines minus the 2023 file's
    lines_2024 = samples.SPENDING_2024

    def total_2024(category: str) -> Decimal:
        return sum((r[schema.ACTUAL] for r in lines_2024 if r[schema.CATEGORY] == category), D0)

    basic_2023, project_2023 = (Decimal(str(r[schema.ACTUAL])) for r in recs)
    assert total_2024(schema.CAT_BASIC) - basic_2023 == Decimal("-65.47")
    assert total_2024(schema.CAT_PROJECT) - project_2023 == Decimal("1133.55")
    assert _records(book[schema.SHEET_KPI]) == []


def _contents(book: openpyxl.Workbook) -> dict[str, list[tuple]]:
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}


@pytest.mark.parametrize("year", samples.SEED_YEARS)
def test_sample_files_match_seed_data(seeds, year):
    path = SAMPLES_DIR / samples.seed_file_name(year)
    assert path.exists(), "run: python scripts/make_samples.py"
    assert _contents(_open(path.read_bytes())) == _contents(_open(seeds[year]))


# ---------------------------------------------------------------- through the reader
@pytest.mark.parametrize("year", samples.SEED_YEARS)
def test_samples_read_clean(year):
    path = SAMPLES_DIR / samples.seed_file_name(year)
    result = read_workbook(path.read_bytes(), path.name)
    assert result.ok, [str(p) for p in result.problems]
    assert not result.errors
    assert result.workbook.unit == samples.SEED_UNIT
    assert result.workbook.year == year


def test_template_reads_as_no_data():
    for example in (True, False):
        result = read_workbook(write_template(example=example), "template.xlsx")
        assert not result.ok  # no unit, no year, no spending
        for problem in result.errors:
            assert problem.code not in ("missing_column", "missing_sheet"), str(problem)
