"""The 部门决算 tables as data (title aliases, header labels, measures) and what their title
rows say: the table, its 公开NN表 number, 部门/编制单位, year and 金额单位."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from perfeval.readers import labels
from perfeval.readers.sheets import Sheet, column_letters
from perfeval.readers.values import as_text, squash
from perfeval.readers.vocab import MONEY_UNITS, is_footer, split_unit_code, year_in

__all__ = ["MONEY_UNITS", "split_unit_code"]  # read from here by the 决算 readers

KIND_EXPENDITURE = "expenditure"  # 支出决算表 (公开03表)
KIND_BASIC = "basic"  # 一般公共预算财政拨款基本支出决算(明细)表
KIND_SUMMARY = "summary"  # 收入支出决算总表 (公开01表)
KIND_PROJECTS = "projects"  # 项目支出决算表


@dataclass(frozen=True)
class AccountsLayout:
    """One 决算 table: how its title reads and which header labels name its columns."""

    kind: str
    name: str  # shown to people, e.g. 支出决算表
    titles: tuple[str, ...]  # aliases, compared after `label()`; a year/unit may precede them
    measures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role → header aliases


# Header aliases shared by the tables with 科目编码.
CODE_LABELS = (
    "科目编码",
    "功能分类科目编码",
    "支出功能分类科目编码",
    "功能分类科目",
    "经济分类科目编码",
)
CODE_PARTS = ("类", "款", "项")
NAME_LABELS = ("科目名称",)
TOTAL_MARKERS = ("合计", "总计")

EXPENDITURE = AccountsLayout(
    KIND_EXPENDITURE,
    "支出决算表",
    ("支出决算表", "支出决算总表"),
    {
        "total": ("本年支出合计", "支出合计"),
        "basic": ("基本支出",),
        "project": ("项目支出",),
        "upper": ("上缴上级支出",),
        "business": ("经营支出",),
        "affiliates": ("对附属单位补助支出",),
    },
)
BASIC = AccountsLayout(
    KIND_BASIC,
    "一般公共预算财政拨款基本支出决算表",
    (
        "一般公共预算财政拨款基本支出决算表",
        "一般公共预算财政拨款基本支出决算明细表",
        "一般公共预算基本支出决算表",
        "一般公共预算基本支出决算明细表",
    ),
    {
        "amount": ("决算数", "金额", "本年决算数", "支出决算数", "合计"),
        "personnel": ("人员经费",),
        "public": ("公用经费",),
    },
)
# The 基本支出 table of some provinces: 功能分类 rows, 人员经费 and 公用经费 as columns.
BASIC_BY_FUNCTION = {
    "total": ("合计", "基本支出", "本年支出合计"),
    "personnel": ("人员经费",),
    "public": ("公用经费",),
}
SUMMARY = AccountsLayout(
    KIND_SUMMARY,
    "收入支出决算总表",
    ("收入支出决算总表", "收支决算总表"),
    {
        "item": ("项目",),
        "amount": ("金额", "决算数", "本年决算数"),
        "income_total": ("本年收入合计", "收入合计", "本年收入小计"),
        "spending_total": ("本年支出合计", "支出合计", "本年支出小计"),
    },
)
PROJECTS = AccountsLayout(
    KIND_PROJECTS,
    "项目支出决算表",
    ("项目支出决算表", "项目支出决算明细表"),
    {
        "item": ("项目名称",),
        "amount": ("本年支出合计", "支出合计", "本年支出", "决算数", "全年执行数", "合计", "金额"),
    },
)
LAYOUTS = (EXPENDITURE, BASIC, SUMMARY, PROJECTS)

_UNIT_KEYS = ("部门", "编制单位", "单位名称", "填报单位", "部门名称", "部门(单位)名称", "预算单位")
_MONEY_KEYS = ("金额单位", "单位", "计量单位")
_NUMBER = re.compile(r"公开(\d{1,2})表")
_SEGMENTS = re.compile(r"\s{2,}|\u3000+")
_COLON = re.compile(r"[:：]")
YEAR_RANGE = (1990, 2100)


def label(value: Any) -> str:
    """A cell as a label, by the one normaliser: trailing bracketed suffixes (`（元）`) dropped."""
    return labels.label(as_text(value)).text


def at(sheet: Sheet, row: int, col: int) -> Any:
    """The value shown in a cell: a merged range's value belongs to every cell of the range."""
    return sheet.value(*sheet.merged.get((row, col), (row, col)))


def last_row(sheet: Sheet) -> int:
    return sheet.first_row + len(sheet.rows) - 1


def width(sheet: Sheet) -> int:
    """Columns of the sheet's widest row (computed once per sheet: called for every row)."""
    known = sheet.__dict__.get("_accounts_width")
    if known is None:
        known = max((len(cells) for cells in sheet.rows), default=0)
        sheet.__dict__["_accounts_width"] = known
    return known


def cell_ref(row: int, col: int) -> str:
    return f"{column_letters(col)}{row}"


def ends_table(sheet: Sheet, row: int) -> bool:
    """A note (`注：…`) or a signature line (`填表人：…`) under a table: nothing below is data."""
    for col in range(width(sheet)):
        text = as_text(sheet.value(row, col))
        if text and squash(text):
            return is_footer(text)
    return False


# a caption numbering the table before its title: 表1, 附表3, 表一、, 公开01表
CAPTION = re.compile(r"^(?:附?表[0-9一二三四五六七八九十]+|公开\d{1,2}表)[、.:\-]?")


def matches_title(text: str, layout: AccountsLayout) -> str | None:
    """The alias a title cell is: `支出决算表`, `2024年度支出决算表`, `XX局2024年度支出决算表`,
    `表1收入支出决算总表`; never `财政拨款…支出决算表` (a different table). None when it is none."""
    text = CAPTION.sub("", text)
    for alias in layout.titles:
        if re.fullmatch(rf"(?:.*?\d{{4}}年度?)?{re.escape(alias)}", text):
            return alias
    return None


def recognise(sheet: Sheet, rows: int = 12) -> tuple[AccountsLayout, int, str] | None:
    """The layout whose title is in the sheet's first rows, the title's row and the title as
    the table names itself (an alias of the layout); None if none."""
    for row in range(sheet.first_row, min(last_row(sheet), sheet.first_row + rows - 1) + 1):
        for col in range(width(sheet)):
            text = label(sheet.value(row, col))
            if not text:
                continue
            for layout in LAYOUTS:
                alias = matches_title(text, layout)
                if alias:
                    return layout, row, alias
    return None


@dataclass
class TitleInfo:
    """What the rows above a table's header say; None where they say nothing."""

    unit: str | None = None
    unit_code: str | None = None
    year: int | None = None
    money: str | None = None  # 元 / 万元
    number: str | None = None  # 公开03表
    name: str = (
        ""  # the title as the table names itself, e.g. 一般公共预算财政拨款基本支出决算明细表
    )
    money_cell: str | None = None


def read_title(sheet: Sheet, first: int, header: int) -> TitleInfo:
    """Unit, year, money unit and table number from rows `first` … `header - 1` only: a date in
    a signature line below the table (`填报日期：2025年3月`) is never the year."""
    info = TitleInfo()
    for row in range(first, header):
        for col in range(width(sheet)):
            text = as_text(sheet.value(row, col))
            if text:
                _title_cell(info, text, cell_ref(row, col))
    return info


def _title_cell(info: TitleInfo, text: str, ref: str) -> None:
    compact = squash(text)
    number = _NUMBER.search(compact)
    if number and info.number is None:
        info.number = f"公开{int(number.group(1)):02d}表"
    year = year_in(text)
    if year and info.year is None and YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        info.year = year
    bare = compact.strip("()（）")
    if bare in MONEY_UNITS and compact != bare and info.money is None:
        info.money, info.money_cell = bare, ref
    for segment in _SEGMENTS.split(text.strip()):
        parts = _COLON.split(segment)
        if len(parts) < 2:
            continue
        key, value = label("".join(parts[:-1])), parts[-1].strip()
        if not value:
            continue
        if key in _MONEY_KEYS and squash(value) in MONEY_UNITS:
            if info.money is None:
                info.money, info.money_cell = squash(value), ref
        elif key in _UNIT_KEYS and info.unit is None:
            info.unit, info.unit_code = split_unit_code(value)
