"""Build small .xlsx workbooks in memory for tests: a dict of sheet name → rows of cell values.
`build_xlsx(seed_like_sheets())` is a valid workbook; copy the dict and change what a test needs."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import openpyxl

from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    CONTENT,
    DIR_GE,
    DIR_QUAL,
    FUND,
    FUND_GENERAL,
    INFO_KEY,
    INFO_UNIT,
    INFO_VALUE,
    INFO_YEAR,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    KPI_SHEET_COLUMNS,
    L1_OUTPUT,
    L1_SATISFACTION,
    NOTE,
    SEC_FUNCTIONS,
    SECTION,
    SHEET_INFO,
    SHEET_KPI,
    SHEET_SPENDING,
    SHEET_TEXT,
)

Sheets = dict[str, list[list[Any]]]

SEED_UNIT = "常宁市科技和工业信息化局"
SEED_YEAR = 2024
SPENDING_HEADER = [FUND, CATEGORY, ITEM, BUDGET_INITIAL, BUDGET, ACTUAL, NOTE]


class Text(str):
    """A cell written as text even when it starts with "=" (e.g. the target `Text("=100%")`)."""


def build_xlsx(sheets: Sheets, number_formats: dict[str, dict[str, str]] | None = None) -> bytes:
    """The .xlsx bytes of `sheets`, in the dict's order, each row starting at column A of row 1.

    A cell value may be a str, int, float, bool, date or None (blank). A str starting with "="
    is written as a formula, with no cached value (as openpyxl always writes formulas); use
    `set_cached_values` to give it one, or wrap it in `Text` to write it as text. Leading None rows / cells leave Excel rows / columns empty.
    `number_formats` gives cells an Excel number format: {sheet name: {"G2": "0.0%"}}.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(title=name)
        for r, cells in enumerate(rows, start=1):
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, Text):
                        cell.value, cell.data_type = str(value), "s"
        for ref, number_format in (number_formats or {}).get(name, {}).items():
            sheet[ref].number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patch_sheet_xml(data: bytes, sheet_index: int, edit: Callable[[str], str]) -> bytes:
    """Rewrite one sheet's XML inside the .xlsx zip: `edit(xml_text) -> xml_text`.

    `sheet_index` is the 1-based position of the sheet in the dict given to `build_xlsx`.
    """
    return patch_part(data, f"xl/worksheets/sheet{sheet_index}.xml", edit)


def patch_part(data: bytes, path: str, edit: Callable[[str], str | None]) -> bytes:
    """Rewrite one part of the .xlsx zip (e.g. "xl/styles.xml"): `edit(xml_text) -> xml_text`,
    or None to leave the part out."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == path:
                text = edit(content.decode("utf-8"))
                if text is None:
                    continue
                content = text.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def set_cached_values(
    data: bytes, sheet_index: int, values: dict[str, str], error: bool = False
) -> bytes:
    """Give formula cells a cached value, as Excel does when it saves: {"F3": "12.5"}.

    With `error=True` the values are Excel error values ("#DIV/0!"), stored as Excel does.
    """

    def edit(text: str) -> str:
        for ref, value in values.items():
            # openpyxl writes an empty <v></v> (older versions <v/>): both mean no cached value
            pattern = re.compile(
                rf'<c r="{ref}"([^>]*)>\s*(<f>.*?</f>)\s*<v\s*(?:/>|>\s*</v>)', re.S
            )
            kind = ' t="e"' if error else ""
            text, count = pattern.subn(rf'<c r="{ref}"\g<1>{kind}>\g<2><v>{value}</v>', text)
            if count != 1:
                raise ValueError(f"no formula cell {ref} without a cached value")
        return text

    return patch_sheet_xml(data, sheet_index, edit)


def seed_like_sheets() -> Sheets:
    """A small valid workbook like the seed department's: a fresh copy on each call.

    基本信息 rows 2–3; 支出 header on row 1, data rows 2–4 (人员经费, 公用经费, one project);
    绩效指标 rows 2–3 (≥ quantitative, 定性); 文字说明 row 2.
    """
    sheets: Sheets = {
        SHEET_INFO: [
            [INFO_KEY, INFO_VALUE],
            [INFO_UNIT, SEED_UNIT],
            [INFO_YEAR, SEED_YEAR],
        ],
        SHEET_SPENDING: [
            SPENDING_HEADER,
            [FUND_GENERAL, CAT_BASIC, ITEM_PERSONNEL, 300, 320.5, 318.2, None],
            [FUND_GENERAL, CAT_BASIC, ITEM_PUBLIC, 50, 55, 52.75, None],
            [FUND_GENERAL, CAT_PROJECT, "企业上云补助", 200, 260, 258.6, "专项资金"],
        ],
        SHEET_KPI: [
            list(KPI_SHEET_COLUMNS),
            [L1_OUTPUT, "数量指标", "上云企业数", "家", DIR_GE, 560, 588, 520, None, None],
            [
                L1_SATISFACTION,
                "服务对象满意度指标",
                "企业满意度",
                None,
                DIR_QUAL,
                "达成年度指标",
                "达成年度指标",
                None,
                None,
                None,
            ],
        ],
        SHEET_TEXT: [
            [SECTION, CONTENT],
            [SEC_FUNCTIONS, "负责全市科技和工业经济的日常运行调节。"],
        ],
    }
    return copy.deepcopy(sheets)


def patch_entries(data: bytes, edits: dict[str, Callable[[bytes], bytes]], add=None) -> bytes:
    """Rewrite zip entries: {name: edit(bytes) -> bytes}; `add` {name: bytes} adds entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in edits:
                content = edits[info.filename](content)
            target.writestr(info, content)
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def replace_once(old: str, new: str) -> Callable[[bytes], bytes]:
    def edit(content: bytes) -> bytes:
        text = content.decode()
        assert old in text, (old, text[:300])
        return text.replace(old, new, 1).encode()

    return edit
