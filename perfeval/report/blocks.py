"""What both written reports share: figures as Markup (formatted by us, never escaped again), GFM
tables whose other cells are escaped, and the indicator rows as the report and the pages phrase them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
from markupsafe import Markup

from perfeval import fmt, markdown
from perfeval.schema import (
    ASSIGNED_WEIGHT,
    COMPLETION,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L2,
    REASON,
    RESULT,
    RESULT_LEVEL,
    RESULT_TEXT,
    SCORE,
    STATUS,
    STATUS_QUAL,
    STATUS_UNQUANTIFIED,
    TARGET,
    TARGET_TEXT,
    records,
)


def money(value: Decimal | None) -> Markup:
    return Markup(fmt.money(value))


def amount(value: Decimal | None) -> Markup:
    return Markup(fmt.amount(value))


def pct(value: Decimal | None) -> Markup:
    return Markup(fmt.percent(None if value is None else Decimal(value)))


def num(value: Decimal | None) -> Markup:
    return Markup(fmt.number(value))


def signed(value: Decimal | None) -> Markup:
    return Markup(fmt.signed_amount(value))


def spct(value: Decimal | None) -> Markup:
    return Markup(fmt.signed_percent(value))


def md_table(headers: list[str], aligns: str, rows: list[list[Any]]) -> Markup:
    """A GFM table; each cell is escaped unless it is Markup (a figure we formatted)."""
    if not rows:
        return Markup("")

    def cell(value: Any) -> str:
        if isinstance(value, Markup):
            return str(value)
        return markdown.inline("" if value is None else value)

    align_marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "|" + "|".join(align_marks[a] for a in aligns) + "|",
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markup("\n".join(lines))


def value_text(value: Decimal | None, unit: str | None, direction: str | None = None) -> str:
    if value is None:
        return "—"
    prefix = direction if direction in (DIR_GE, DIR_LE, DIR_EQ) else ""
    return f"{prefix}{fmt.number(value)}{unit or ''}"


def indicator_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Scored indicators (the unit's, or one project's) as the report and the 绩效指标 page show
    them: target and result phrased, 偏差原因 beside each (nothing zipped by position)."""
    rows = []
    for rec in records(frame):
        qualitative = rec[DIRECTION] == DIR_QUAL
        if rec[TARGET_TEXT]:
            target = rec[TARGET_TEXT]
        elif rec[TARGET] is not None:
            target = value_text(rec[TARGET], rec[KPI_UNIT], rec[DIRECTION])
        else:
            target = STATUS_QUAL if qualitative else STATUS_UNQUANTIFIED
        if qualitative:
            result = rec[RESULT_LEVEL] or rec[RESULT_TEXT] or "—"
        else:
            result = value_text(rec[RESULT], rec[KPI_UNIT])
        rows.append(
            {
                "l1": rec[L1],
                "l2": rec[L2] or "",
                "name": rec[KPI_NAME],
                "target": target,
                "result": result,
                "completion": rec[COMPLETION],
                "weight": rec[ASSIGNED_WEIGHT],
                "score": rec[SCORE],
                "status": rec[STATUS],
                "reason": rec.get(REASON) or "",
            }
        )
    return rows
