"""What each real form must read as, worked out by hand (the `Expected` record), and the small
grid helpers the builders share (`row(A=..., C=...)`, `book(...)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils.cell import column_index_from_string, range_boundaries

from tests.forms_corpus import build

READ = "read"  # a form the reader must read (perhaps after one confirmation)
REFUSE = "refuse"  # a form that is not a self-evaluation: refused with a message saying what it is

UNIT_FORM = "部门整体支出绩效自评表"
PROJECT_FORM = "项目支出绩效自评表"
TARGET_SELF_EVAL = "绩效目标自评表"  # the 衔接资金 layout: 分值 before the targets, 全年实际值
ACCOUNTS = "部门决算表"
TARGET_FORM = "绩效目标表（无实际完成值）"
QUESTIONNAIRE = "转移支付绩效自评问卷"


@dataclass(frozen=True)
class Expected:
    """One real form. Amounts are 万元 as Decimal strings (converted from 元 where the form is in 元);
    `rate` is 执行率 in % at 2 decimals, half-up; `score` the self-score recomputed by
    ../shared/spec/scoring.md (arithmetic in the builder's module, next to the record);
    `claimed` the total the form states itself. `complete` is False where the stored copy of the
    page ends before the form does: the builder reproduces what the copy shows and stops at a row
    boundary, and every figure here is of the reproduced sheet. `roles` pairs each role with the
    header text that plays it, exactly as written in the cell. `warnings` are the findings the
    reader must raise (cell, claimed value, computed value); `notes` are facts a correct reading
    shows without necessarily warning (placeholders dropped, conventions applied)."""

    name: str
    url: str
    province: str  # "" where the page names no place that fixes the province
    unit: str | None  # None: the form names no unit; the reader must ask (--unit)
    year: int | None  # None: no year in the title rows; the reader must ask (--year)
    year_in_form: bool
    kind: str
    outcome: str
    money_unit: str  # as published: 元 or 万元
    budget: str | None  # 全年预算数, 万元
    executed: str | None  # 全年执行数, 万元
    rate: str | None  # 执行率 %, 2 decimals
    indicators: int | None  # after dropping template leftovers
    score: str | None
    claimed: str | None
    complete: bool
    roles: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...] = ()
    project: str | None = None
    income: str | None = None  # 决算 tables: 本年收入合计, 万元
    spending: str | None = None  # 决算 tables: 本年支出合计 (or the sum of the rows present), 万元
    special: tuple[str, ...] = field(default=())

    def money(self, text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)


def row(**cells: Any) -> list[Any]:
    """A sheet row from cells given by column letter: `row(A="项目名称", C=12)`."""
    if not cells:
        return []
    width = max(column_index_from_string(k) for k in cells)
    out: list[Any] = [None] * width
    for letter, value in cells.items():
        out[column_index_from_string(letter) - 1] = value
    return out


def book(sheet: str, rows: list[list[Any]], merges: list[str]) -> bytes:
    """The .xlsx bytes of one sheet (tests.forms_corpus.build). Refuses merged ranges that
    overlap or that would hide a value (openpyxl drops the value of a covered cell silently)."""
    covered: dict[tuple[int, int], str] = {}
    for ref in merges:
        c0, r0, c1, r1 = range_boundaries(ref)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) in covered:
                    raise ValueError(f"merged ranges {covered[(r, c)]} and {ref} overlap")
                covered[(r, c)] = ref
                top_left = (r, c) == (r0, c0)
                inside = r <= len(rows) and c <= len(rows[r - 1])
                if not top_left and inside and rows[r - 1][c - 1] is not None:
                    raise ValueError(f"{ref} would hide the value in row {r}, column {c}")
    return build({sheet: (rows, merges)})
