"""Writes workbooks in the contract format (workbook.md): the downloadable empty template, with
an instructions sheet, drop-down lists and the seed department as a worked example, and filled
workbooks (samples, tests, benchmarks).

Layout of every data sheet: row 1 a title, row 2 the header (amount columns carry "（万元）"),
data from row 3; the header row is frozen. No formulas are ever written: every text cell is a
string cell, quote-prefixed when it starts with = + - @ tab or CR (perfeval/exports.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook as XlsxBook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from perfeval.exports import FORMULA_STARTS, _missing, put
from perfeval.samples import SEED_YEARS, seed_data
from perfeval.schema import (
    ACTUAL,
    BASIC_ITEMS,
    BUDGET,
    BUDGET_INITIAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORIES,
    CATEGORY,
    CONTENT,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    DIRECTIONS,
    EXAMPLE_PREFIX,
    FUND,
    FUND_GENERAL,
    FUNDS,
    INCOME,
    INCOME_COLUMNS,
    INCOME_ITEM,
    INFO_AFFILIATES,
    INFO_DEPARTMENT,
    INFO_DIVISIONS,
    INFO_KEY,
    INFO_KEYS,
    INFO_NATURE,
    INFO_RETIRED,
    INFO_RETIRED_ALL,
    INFO_RETIRED_EARLY,
    INFO_STAFF,
    INFO_STAFF_QUOTA,
    INFO_UNIT,
    INFO_UNIT_TYPE,
    INFO_VALUE,
    INFO_YEAR,
    ITEM,
    KPI_NAME,
    KPI_SHEET_COLUMNS,
    KPI_UNIT,
    L1,
    L1_VALUES,
    L2,
    L2_VALUES,
    LIST_SEPARATOR,
    NOTE,
    PREV_RESULT,
    QUAL_LEVELS,
    QUAL_LONG_FORMS,
    REASON,
    RESULT,
    SECTION,
    SECTIONS,
    SHEET_GUIDE,
    SHEET_INCOME,
    SHEET_INFO,
    SHEET_KPI,
    SHEET_SPENDING,
    SHEET_TEXT,
    SPENDING_COLUMNS,
    SUBTOTAL_MARKERS,
    TARGET,
    UNIT_TYPES,
    WEIGHT,
)

AMOUNT_UNIT = "万元"
AMOUNT_FORMAT = "#,##0.00"
HEADER_ROW = 2  # row 1 is the title
FIRST_DATA_ROW = HEADER_ROW + 1
VALIDATION_ROWS = 500  # drop-downs cover at least this many data rows
INFO_COLUMNS = (INFO_KEY, INFO_VALUE)
TEXT_COLUMNS = (SECTION, CONTENT)
FORMULA_PREFIXES = FORMULA_STARTS  # = + - @ tab CR: perfeval/exports.py

# Amount columns per sheet: their header carries the unit and their cells the number format.
AMOUNT_COLUMNS = {
    SHEET_SPENDING: (BUDGET_INITIAL, BUDGET, ACTUAL),
    SHEET_INCOME: (INCOME,),
}
# Drop-down lists per sheet and column (明细 stays free text: project names).
VALIDATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    SHEET_SPENDING: {FUND: FUNDS, CATEGORY: CATEGORIES},
    SHEET_INCOME: {FUND: FUNDS},
    SHEET_KPI: {L1: L1_VALUES, L2: L2_VALUES, DIRECTION: DIRECTIONS},
    SHEET_TEXT: {SECTION: SECTIONS},
}
SHEET_COLUMNS: dict[str, tuple[str, ...]] = {
    SHEET_INFO: INFO_COLUMNS,
    SHEET_SPENDING: SPENDING_COLUMNS,
    SHEET_INCOME: INCOME_COLUMNS,
    SHEET_KPI: KPI_SHEET_COLUMNS,
    SHEET_TEXT: TEXT_COLUMNS,
}
TITLES = {
    SHEET_INFO: "单位基本信息",
    SHEET_SPENDING: f"支出明细（金额单位：{AMOUNT_UNIT}）",
    SHEET_INCOME: f"收入明细（金额单位：{AMOUNT_UNIT}）",
    SHEET_KPI: "绩效指标完成情况",
    SHEET_TEXT: "文字说明（原样写入自评报告相应章节）",
}
# Widest a column gets from its content (in Excel's character units); 内容 columns wrap instead.
MAX_WIDTH = 50
WRAP_WIDTHS = {(SHEET_TEXT, CONTENT): 100, (SHEET_INFO, INFO_VALUE): 60}
# Columns formatted as text ("@"): what a clerk types there (=100%, ≥560家) stays as typed,
# where Excel and WPS would turn =100% into a formula whose value is 1 (issue #9).
TEXT_FORMAT = "@"
TEXT_COLUMNS = {SHEET_KPI: (TARGET, RESULT, PREV_RESULT)}

# Shared style objects: created once, reused by every workbook (openpyxl interns them).
_THIN = Side(style="thin", color="9BA7B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TITLE_FONT = Font(bold=True, size=13)
_KEY_FONT = Font(bold=True)
_KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP_ALIGN = Alignment(vertical="top", wrap_text=True)
_EXAMPLE_TITLE_FONT = Font(bold=True, size=13, color="C00000")


# ---------------------------------------------------------------- cells
def safe_text(value: Any) -> str | None:
    """The text of `value` for a text cell (None stays None). The writers here always store it
    as a string cell through `put` (perfeval/exports.py: quote-prefixed when it starts with
    = + - @ tab or CR), so text typed by a user can never become a formula."""
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count 2."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _header_text(sheet: str, column: str) -> str:
    if column in AMOUNT_COLUMNS.get(sheet, ()):
        return f"{column}（{AMOUNT_UNIT}）"
    return column


def _list_validation(values: Sequence[str], column: str) -> DataValidation:
    formula = '"' + ",".join(values) + '"'
    if len(formula) > 255 or any("," in v or '"' in v for v in values):  # Excel's limits
        raise ValueError(f"drop-down list for {column} cannot be written inline")
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=f"{column}：无效的值",
        error=f"请从下拉列表中选择：{LIST_SEPARATOR.join(values)}",
        showInputMessage=False,
    )


# ---------------------------------------------------------------- sheets
def _write_sheet(
    book: XlsxBook,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    *,
    name: str | None = None,
    title: str | None = None,
    blank_rows: int = 0,
) -> Worksheet:
    """One data sheet of the contract (`kind` is its contract name), written as sheet `name`.
    `blank_rows` pre-formats that many empty rows after the data (the template)."""
    columns = SHEET_COLUMNS[kind]
    ws = book.create_sheet(name or kind)
    title_cell = put(ws, 1, 1, title or TITLES[kind])
    title_cell.font = _EXAMPLE_TITLE_FONT if name and name != kind else _TITLE_FONT

    widths = []
    for col, column in enumerate(columns, start=1):
        header = _header_text(kind, column)
        cell = put(ws, HEADER_ROW, col, header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _BORDER
        widths.append(_display_width(header))

    amount_cols = {columns.index(c) + 1 for c in AMOUNT_COLUMNS.get(kind, ())}
    wrap_cols = {columns.index(c) + 1 for (s, c) in WRAP_WIDTHS if s == kind}
    text_cols = {columns.index(c) + 1 for c in TEXT_COLUMNS.get(kind, ())}
    key_col = 1 if kind in (SHEET_INFO, SHEET_TEXT) else None
    for r, rec in enumerate(rows, start=FIRST_DATA_ROW):
        for col, column in enumerate(columns, start=1):
            cell = put(ws, r, col, rec.get(column))
            if cell is None:
                continue
            if col in amount_cols:
                cell.number_format = AMOUNT_FORMAT
            elif col in text_cols:
                cell.number_format = TEXT_FORMAT
            elif col in wrap_cols:
                cell.alignment = _WRAP_ALIGN
            elif col == key_col:
                cell.font = _KEY_FONT
                cell.fill = _KEY_FILL
            if col not in wrap_cols:
                widths[col - 1] = max(widths[col - 1], _display_width(str(cell.value)))
    last_row = FIRST_DATA_ROW + len(rows) + blank_rows - 1
    for r in range(FIRST_DATA_ROW + len(rows), last_row + 1):
        for col in amount_cols:
            ws.cell(row=r, column=col).number_format = AMOUNT_FORMAT
        for col in wrap_cols:
            ws.cell(row=r, column=col).alignment = _WRAP_ALIGN
        for col in text_cols:
            ws.cell(row=r, column=col).number_format = TEXT_FORMAT

    for col, column in enumerate(columns, start=1):
        letter = get_column_letter(col)
        fixed = WRAP_WIDTHS.get((kind, column))
        ws.column_dimensions[letter].width = fixed or min(widths[col - 1], MAX_WIDTH) + 2
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1).coordinate

    if kind == SHEET_INFO:  # one row, not a column, takes a list: 单位类型
        for r, rec in enumerate(rows, start=FIRST_DATA_ROW):
            if rec.get(INFO_KEY) == INFO_UNIT_TYPE:
                dv = _list_validation(UNIT_TYPES, INFO_UNIT_TYPE)
                dv.add(f"{get_column_letter(columns.index(INFO_VALUE) + 1)}{r}")
                ws.add_data_validation(dv)
    lists = VALIDATIONS.get(kind, {})
    if lists:
        end = FIRST_DATA_ROW + max(VALIDATION_ROWS, len(rows) + blank_rows) - 1
        for column, values in lists.items():
            letter = get_column_letter(columns.index(column) + 1)
            dv = _list_validation(values, column)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end}")
            ws.add_data_validation(dv)
    return ws


def _info_rows(info: Mapping[str, Any]) -> list[dict[str, Any]]:
    keys = [k for k in INFO_KEYS if k in info] + [k for k in info if k not in INFO_KEYS]
    return [{INFO_KEY: k, INFO_VALUE: info[k]} for k in keys if not _missing(info[k])]


def _text_rows(texts: Mapping[str, str]) -> list[dict[str, Any]]:
    keys = [k for k in SECTIONS if k in texts] + [k for k in texts if k not in SECTIONS]
    return [{SECTION: k, CONTENT: texts[k]} for k in keys]


def _save(book: XlsxBook) -> bytes:
    book.properties.creator = "perfeval"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_data_sheets(
    book: XlsxBook,
    info: Mapping[str, Any],
    spending: Iterable[Mapping[str, Any]],
    income: Iterable[Mapping[str, Any]],
    indicators: Iterable[Mapping[str, Any]],
    texts: Mapping[str, str] | None,
    *,
    prefix: str = "",
) -> None:
    unit, year = info.get(INFO_UNIT), info.get(INFO_YEAR)
    who = f"{unit or ''}{f'{year}年度' if not _missing(year) else ''}"
    lead = f"示例：{who} " if prefix else (f"{who} " if who else "")
    tables = (
        (SHEET_INFO, _info_rows(info)),
        (SHEET_SPENDING, list(spending)),
        (SHEET_INCOME, list(income)),
        (SHEET_KPI, list(indicators)),
        (SHEET_TEXT, _text_rows(texts or {})),
    )
    for kind, rows in tables:
        _write_sheet(book, kind, rows, name=prefix + kind, title=lead + TITLES[kind])


# ---------------------------------------------------------------- public API
def write_workbook(
    info: dict[str, object],
    spending: list[dict],
    income: list[dict] = (),
    indicators: list[dict] = (),
    texts: dict[str, str] | None = None,
) -> bytes:
    """A filled workbook in the contract format, styled like the template.

    Rows are dicts keyed by the schema column constants (unknown keys, e.g. 行号, are ignored;
    missing or None/NaN values stay blank). Numbers (int, float, Decimal) become number cells,
    anything else a string cell; strings are written as they are (so a test can write "1,114.00"
    or "一百万" as text), never as formulas. `info` rows follow INFO_KEYS order, blank values are
    left out; `texts` rows follow SECTIONS order. All five data sheets are always written (the
    optional ones with only a header when empty)."""
    book = XlsxBook()
    book.remove(book.active)
    _write_data_sheets(book, info, spending, income, indicators, texts)
    return _save(book)


def write_template(example: bool = True) -> bytes:
    """The empty template: 填写说明 first, then the five data sheets with header rows only
    (基本信息.项目 and 文字说明.章节 pre-filled), drop-down lists and amount formats on
    VALIDATION_ROWS rows. With `example`, the seed department's 2024 figures follow as sheets
    named 示例-<sheet>, which the reader ignores."""
    book = XlsxBook()
    book.remove(book.active)
    _write_guide(book, example)
    empty_info = [{INFO_KEY: key} for key in INFO_KEYS]
    empty_texts = [{SECTION: sec} for sec in SECTIONS]
    for kind in SHEET_COLUMNS:
        rows = {SHEET_INFO: empty_info, SHEET_TEXT: empty_texts}.get(kind, [])
        blank = 0 if kind == SHEET_INFO else VALIDATION_ROWS - len(rows)
        _write_sheet(book, kind, rows, blank_rows=blank)
    if example:
        _write_data_sheets(book, **seed_data(2024), prefix=EXAMPLE_PREFIX)
    book.active = 0
    return _save(book)


# ---------------------------------------------------------------- 填写说明
def _join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def _guide_rows(example: bool) -> list[tuple[str, str, str]]:
    """(工作表, 栏目, 填写要求) rows of the instructions sheet."""
    req, opt = "（必填）", "（选填）"
    amount = f"金额，单位{AMOUNT_UNIT}"
    general = [
        (
            "总体",
            "一个工作簿",
            "一个工作簿只填一个预算单位、一个年度的数据。多个年度（如补录以前年度）或多个单位，"
            "请分别填写，每个单位每个年度一个文件。",
        ),
        (
            "总体",
            "上传",
            "填好后保存为 .xlsx 文件，在仪表盘页面的“上传工作簿”处上传；可一次选择多个文件。"
            "上传后系统逐表检查，并用中文指出问题所在的工作表、行号和列。",
        ),
        (
            "总体",
            "工作表和表头",
            f"请勿修改工作表名称（{_join(SHEET_COLUMNS)}）和表头文字；"
            "表头上方的标题行可保留、修改或删除。基本信息、支出为必填工作表。",
        ),
        (
            "总体",
            "金额单位",
            f"所有金额以{AMOUNT_UNIT}为单位，精确到分（两位小数），例如 258.60。"
            "表头写作“（元）”或“（亿元）”的列会自动换算为万元，其他单位不被接受。",
        ),
        (
            "总体",
            "空白不等于0",
            "空白表示“未填报”，不等于 0；确实为零的请填 0。金额不能为负数。",
        ),
        (
            "总体",
            "数字",
            "数字请直接填写，不要带单位或说明文字（千分位逗号可以）。"
            "建议不使用公式；如用公式，请在 Excel/WPS 中计算并保存后再上传。",
        ),
        (
            "总体",
            "合计行",
            f"不必填写合计行。如保留，首列写“{_join(SUBTOTAL_MARKERS)}”之一，"
            "该行不计入数据，系统会核对它与明细之和是否一致。",
        ),
        ("总体", "下拉列表", "带下拉箭头的列请从列表中选择，不要自行输入其他写法。"),
    ]
    if example:
        general.append(
            (
                "总体",
                "示例",
                f"以“{EXAMPLE_PREFIX}”开头的工作表是常宁市科技和工业信息化局2024年度的填写示例，"
                "数据取自其整体支出绩效自评报告（年初预算数、全年预算数为示例值）。"
                "上传时这些工作表被忽略，可保留也可删除；请勿把数据填在示例表中。",
            )
        )
    info = [
        (SHEET_INFO, "说明", f"{req}“{INFO_KEY}”列已预填，请在“{INFO_VALUE}”列逐项填写。"),
        (SHEET_INFO, INFO_UNIT, f"{req}预算单位全称，如 常宁市科技和工业信息化局。"),
        (SHEET_INFO, INFO_YEAR, f"{req}四位数年份，如 2024。"),
        (SHEET_INFO, INFO_NATURE, f"{opt}如 正科级一级预算单位。"),
        (
            SHEET_INFO,
            INFO_DEPARTMENT,
            f"{opt}主管部门全称，如 常宁市人民政府；全市汇总页按它筛选。一级预算单位可填本单位。",
        ),
        (SHEET_INFO, INFO_UNIT_TYPE, f"{opt}下拉选择：{_join(UNIT_TYPES)}。"),
        (
            SHEET_INFO,
            _join(
                (INFO_STAFF_QUOTA, INFO_STAFF, INFO_RETIRED_ALL, INFO_RETIRED_EARLY, INFO_RETIRED)
            ),
            f"{opt}人数，填0或正整数（可带“人”字）。{INFO_STAFF}用于计算人均人员经费、人均公用经费；"
            f"{INFO_RETIRED_ALL}可只填总数，或分填{INFO_RETIRED_EARLY}和{INFO_RETIRED}。",
        ),
        (
            SHEET_INFO,
            _join((INFO_DIVISIONS, INFO_AFFILIATES)),
            f"{opt}名称之间用顿号“{LIST_SEPARATOR}”分隔，如 办公室、财务股。",
        ),
    ]
    spending = [
        (SHEET_SPENDING, "说明", f"{req}每行一条支出。"),
        (SHEET_SPENDING, FUND, f"{opt}下拉选择：{_join(FUNDS)}；空白按{FUND_GENERAL}。"),
        (SHEET_SPENDING, CATEGORY, f"{req}下拉选择：{_join(CATEGORIES)}。"),
        (
            SHEET_SPENDING,
            ITEM,
            f"{opt}{CAT_BASIC}填 {_join(BASIC_ITEMS)}；{CAT_PROJECT}填项目名称。"
            f"空白表示该{CATEGORY}的未分项总数（如上年只有{CAT_BASIC}、{CAT_PROJECT}两个总数）。",
        ),
        (SHEET_SPENDING, BUDGET_INITIAL, f"{opt}{amount}；年初批复的预算。"),
        (SHEET_SPENDING, BUDGET, f"{opt}{amount}；调整后的全年预算，用于计算预算执行率。"),
        (SHEET_SPENDING, ACTUAL, f"{req}{amount}；全年实际支出。"),
        (SHEET_SPENDING, NOTE, f"{opt}文字说明。"),
    ]
    income = [
        (SHEET_INCOME, "说明", f"{opt}每行一项收入。"),
        (SHEET_INCOME, FUND, f"{opt}下拉选择；空白按{FUND_GENERAL}。"),
        (SHEET_INCOME, INCOME_ITEM, f"{req}如 财政拨款收入、上年结转。"),
        (SHEET_INCOME, INCOME, f"{req}{amount}。"),
    ]
    long_forms = _join(QUAL_LONG_FORMS)
    kpi = [
        (SHEET_KPI, "说明", f"{opt}每行一个三级指标；不填则无法评价绩效指标完成情况。"),
        (SHEET_KPI, L1, f"{req}下拉选择：{_join(L1_VALUES)}。"),
        (SHEET_KPI, L2, f"{opt}下拉选择：{_join(L2_VALUES)}。"),
        (SHEET_KPI, KPI_NAME, f"{req}指标名称，如 上云企业数。"),
        (SHEET_KPI, KPI_UNIT, f"{opt}如 家、个、件、亿元、万元、%。"),
        (
            SHEET_KPI,
            DIRECTION,
            f"{opt}下拉选择：{DIR_GE} 越大越好；{DIR_LE} 越小越好；{DIR_EQ} 等于目标；"
            f"{DIR_QUAL} 定性指标。空白按 {DIR_GE}。",
        ),
        (
            SHEET_KPI,
            TARGET,
            f"{opt}目标值。可按绩效自评表的写法填写，如 ≥560家、≤3%、=100%、100%："
            f"前面的符号确定{DIRECTION}，后面的单位确定{KPI_UNIT}；与这两列同时填写时必须一致。"
            "空白表示目标未量化，该指标不计分并被标记。本列已设为文本格式，输入的 =100% "
            "不会被 Excel/WPS 当作公式；在新插入的行中输入前，请先把单元格设为文本格式。",
        ),
        (
            SHEET_KPI,
            RESULT,
            f"{req}实际完成的数值。{DIR_QUAL}指标填 {long_forms} 之一"
            f"（也可简写为 {_join(QUAL_LEVELS)}）。",
        ),
        (SHEET_KPI, PREV_RESULT, f"{opt}上年的完成值，用于计算增长。"),
        (
            SHEET_KPI,
            WEIGHT,
            f"{opt}该指标的分值。所有指标都填分值时按所填分值计分，否则按默认权重"
            "（预算执行率10、产出50、效益30、满意度10）在指标间平均分配。",
        ),
        (SHEET_KPI, REASON, f"{opt}实际完成值未达到目标时，说明原因。"),
    ]
    text = [
        (
            SHEET_TEXT,
            SECTION,
            f"{opt}已预填：{_join(SECTIONS)}。只识别这五个章节，可删除不用的行。",
        ),
        (
            SHEET_TEXT,
            CONTENT,
            f"{opt}原样写入自评报告的相应章节（可在单元格内换行：Alt+Enter）；"
            "系统计算的分析结论另行列出，不会替换这里的文字。",
        ),
    ]
    return general + info + spending + income + kpi + text


def _write_guide(book: XlsxBook, example: bool) -> Worksheet:
    ws = book.create_sheet(SHEET_GUIDE)
    put(ws, 1, 1, "预算绩效自评数据工作簿 填写说明").font = _TITLE_FONT
    headers = ("工作表", "栏目", "填写要求")
    for col, header in enumerate(headers, start=1):
        cell = put(ws, HEADER_ROW, col, header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _BORDER
    widths = [_display_width(h) for h in headers[:2]]
    for r, row in enumerate(_guide_rows(example), start=FIRST_DATA_ROW):
        for col, value in enumerate(row, start=1):
            cell = put(ws, r, col, value)
            cell.alignment = _WRAP_ALIGN
            if col <= 2:
                widths[col - 1] = max(widths[col - 1], _display_width(value))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(width, 40) + 2
    ws.column_dimensions["C"].width = 90
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    return ws


__all__ = [
    "AMOUNT_COLUMNS",
    "AMOUNT_FORMAT",
    "EXAMPLE_PREFIX",
    "FIRST_DATA_ROW",
    "HEADER_ROW",
    "VALIDATIONS",
    "put",
    "safe_text",
    "write_template",
    "write_workbook",
]


def seed_workbooks() -> dict[int, bytes]:
    """{2023: bytes, 2024: bytes}: the seed department's workbooks in the contract format."""
    return {year: write_workbook(**seed_data(year)) for year in SEED_YEARS}
