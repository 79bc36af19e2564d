"""Audit the words: every figure in a written report or a workbook's 文字说明 checked against the
unit-year's data, the text's own arithmetic and plausible magnitudes (spec: audit.md).
May import: schema, fmt, markdown, model (the figures it checks against), readers (safe archives)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from perfeval import markdown
from perfeval.audit.documents import Document, read_document, workbook_paragraphs
from perfeval.audit.engine import Row, audit
from perfeval.audit.facts import Facts, facts_from_model, text_facts
from perfeval.audit.reading import (
    CONSISTENT,
    DOUBT,
    MISMATCH,
    UNCHECKED,
    VERDICTS,
    Paragraph,
)
from perfeval.audit.words import RULE_PART_WHOLE, RULE_SLIP, RULE_TRILLION, RULE_YOY_JUMP
from perfeval.exports import put
from perfeval.schema import (
    CODE_TEXT_DOUBT,
    CODE_TEXT_MISMATCH,
    CODE_TEXT_UNIT,
    SHEET_TEXT,
    Problem,
)

if TYPE_CHECKING:
    from perfeval.model.figures import UnitYear

__all__ = [
    "COLUMNS",
    "CONSISTENT",
    "DOUBT",
    "MISMATCH",
    "UNCHECKED",
    "VERDICTS",
    "Document",
    "Facts",
    "Paragraph",
    "Row",
    "audit",
    "audit_model_texts",
    "excel_bytes",
    "exit_code",
    "facts_from_model",
    "flagged_first",
    "markdown_table",
    "read_document",
    "text_facts",
    "text_problems",
    "verdict_counts",
    "workbook_paragraphs",
]

COLUMNS = ("位置", "原文", "数字", "结果", "依据", "应为")
# Findings about magnitude (万/亿, 万亿): the appendix's unit check fails on them too.
MAGNITUDE_RULES = {RULE_TRILLION, RULE_PART_WHOLE, RULE_SLIP, RULE_YOY_JUMP}


def audit_model_texts(model: UnitYear) -> list[Row]:
    """The unit-year's own 文字说明 checked against its figures."""
    return audit(workbook_paragraphs(model.texts), facts_from_model(model))


def text_problems(model: UnitYear) -> list[Problem]:
    """The 文字说明 findings (不一致 and 存疑) as warnings, for 存在的问题 and the appendix."""
    out = []
    for row in audit_model_texts(model):
        if not row.flagged:
            continue
        if set(row.rules) & MAGNITUDE_RULES:
            code = CODE_TEXT_UNIT  # also fails the appendix's 金额和指标的单位 check
        else:
            code = CODE_TEXT_DOUBT if row.verdict == DOUBT else CODE_TEXT_MISMATCH
        expected = f"，应为{row.expected}" if row.expected else ""
        message = f"{row.location[len(SHEET_TEXT) :]}“{row.clause}”中的{row.figure}{row.verdict}：{row.basis}{expected}"
        out.append(Problem("warning", message, sheet=SHEET_TEXT, code=code))
    return out


def flagged_first(rows: Sequence[Row]) -> list[Row]:
    """不一致, then 存疑, then the rest, each in document order."""
    order = {verdict: i for i, verdict in enumerate(VERDICTS)}
    return sorted(rows, key=lambda r: order[r.verdict])


def _cells(row: Row) -> list[str]:
    return [row.location, row.clause, row.figure, row.verdict, row.basis, row.expected]


def markdown_table(rows: Sequence[Row]) -> str:
    """One Markdown row per checked figure, every cell escaped (the text is the writer's)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(markdown.inline(c) for c in _cells(row)) + " |")
    return "\n".join(lines) + "\n"


def excel_bytes(rows: Sequence[Row]) -> bytes:
    """The same table as an .xlsx: every cell a text cell through perfeval/exports.py (quoted when
    it starts like a formula), so nothing a report's writer typed is ever evaluated."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "报告核对"
    for column, name in enumerate(COLUMNS, start=1):
        put(sheet, 1, column, name)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(_cells(row), start=1):
            put(sheet, number, column, str(value))
    for letter, width in zip("ABCDEF", (22, 50, 14, 10, 60, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def verdict_counts(rows: Sequence[Row]) -> dict[str, int]:
    return {v: sum(r.verdict == v for r in rows) for v in VERDICTS}


def exit_code(rows: Sequence[Row]) -> int:
    """0: nothing 不一致 or 存疑; 1: some."""
    return 1 if any(r.flagged for r in rows) else 0
