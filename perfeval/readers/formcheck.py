"""The unit's own arithmetic on a 自评表: 执行率, each 得分 and the 总分 recomputed by scoring.md,
年度资金总额 against its 其中 rows; every difference is a warning naming the cell, both values."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfeval.model import scorecard, scoring
from perfeval.readers.formparts import AMOUNTS, Funding, FundingLine, Indicators, Number
from perfeval.readers.grid import Grid
from perfeval.readers.problems import Log
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    PART_EXECUTION,
    ROW,
    SCORE,
    TABLE_COLUMNS,
    make_table,
    records,
)

CODE_CLAIM = "form_claim_differs"
CODE_FUND_PARTS = "fund_parts_differ"
HUNDRED = Decimal(100)
MAX_PLACES = 6  # a float's 17 digits (0.30000000000000004) say nothing about written precision


def _at(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _two(value: Decimal) -> str:
    return format(_at(value, 2), "f")


def agrees(claimed: Number, computed: Decimal) -> bool:
    """Compared at the precision the form writes: 95.20 agrees with 95.2036…, 95 with 94.6."""
    places = min(claimed.places, MAX_PLACES)
    return _at(computed, places) == _at(claimed.value, places)


def _differs(log: Log, grid: Grid, what: str, claimed: Number, computed: Decimal, pct: str) -> None:
    row = int("".join(ch for ch in claimed.where if ch.isdigit()))
    log.warning(
        CODE_CLAIM,
        f"{what}（{claimed.where}）：表中{_two(claimed.value)}{pct}，复算{_two(computed)}{pct}；"
        "以复算结果为准，请核对表中数字",
        sheet=grid.name,
        row=row,
        column=what,
    )


def fund_parts(grid: Grid, funding: Funding, groups: list[list[FundingLine]], log: Log) -> None:
    """年度资金总额 against each group of its 其中 rows, per amount column. A total left at 0 (or
    blank) while its parts are filled takes the parts' sum (a finding says so)."""
    total = funding.total
    if total is None:
        return
    for lines in groups:
        if not lines:
            continue
        for name in AMOUNTS:
            parts = [line.amounts[name] for line in lines if line.amounts.get(name) is not None]
            if not parts:
                continue
            summed = sum((p.value for p in parts), Decimal(0))  # type: ignore[union-attr]
            given = total.amounts.get(name)
            if given is not None and given.value == summed:
                continue
            if (given is None or given.value == 0) and summed != 0:
                message = (
                    f"年度资金总额（第{total.row}行）「{name}」：表中为"
                    f"{'空' if given is None else '0'}，其中各项合计{format(summed, 'f')}，"
                    "已按其中各项计算"
                )
                total.amounts[name] = Number(summed, 2, grid.ref(total.row, 0))
            else:
                message = (
                    f"年度资金总额（{given.where}）「{name}」：表中{format(given.value, 'f')}，"  # type: ignore[union-attr]
                    f"其中各项（第{lines[0].row}–{lines[-1].row}行）合计{format(summed, 'f')}，"
                    "请核对"
                )
            log.warning(CODE_FUND_PARTS, message, sheet=grid.name, row=total.row, column=name)


def recompute(
    grid: Grid,
    funding: Funding | None,
    kpis: Indicators,
    log: Log,
) -> scorecard.ScoreResult:
    """Score the form by scoring.md and warn where its 执行率, 得分 or 总分 say otherwise."""
    budget = funding.amount(funding.total, BUDGET) if funding else None
    actual = funding.amount(funding.total, ACTUAL) if funding else None
    weights = dict(scoring.DEFAULT_PART_WEIGHTS)
    if funding is not None and funding.weight is not None:
        weights[PART_EXECUTION] = funding.weight.value
    frame = make_table(kpis.records, TABLE_COLUMNS["indicators"])
    result = scorecard.score(frame, budget, actual, weights)
    if funding is not None:
        _check_execution(grid, funding, result, log)
    computed: dict[Any, Decimal | None] = {r[ROW]: r[SCORE] for r in records(result.indicators)}
    for claim in kpis.claimed:
        got = computed.get(claim.row)
        if claim.score is not None and got is not None and not agrees(claim.score, got):
            _differs(log, grid, "得分", claim.score, got, "")
    total = result.total
    if kpis.total_score is not None and total is not None and not agrees(kpis.total_score, total):
        _differs(log, grid, "总分", kpis.total_score, result.total, "")
    return result


def _check_execution(grid: Grid, funding: Funding, result: scorecard.ScoreResult, log: Log) -> None:
    rate = result.execution_rate
    claimed = funding.claimed_rate
    if rate is not None and claimed is not None:
        shown = claimed if claimed.percent or claimed.value > 2 else None
        if shown is None:  # written as a ratio (0.952): compare as a ratio
            if not agrees(claimed, rate):
                _differs(log, grid, "执行率", claimed, rate, "")
        elif not agrees(shown, rate * HUNDRED):
            _differs(log, grid, "执行率", shown, rate * HUNDRED, "%")
    score = funding.claimed_score
    got = result.execution_score
    if score is not None and got is not None and not agrees(score, got):
        _differs(log, grid, "执行率得分", score, got, "")
