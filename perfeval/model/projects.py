"""Project evaluations (项目支出绩效自评表) of a unit-year: each project's funding, 执行率 and score
recomputed by scoring.md; part of the model, read by the report, the overview and the KPI page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from perfeval.model import scorecard, scoring
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    EXEC_RATE,
    EXEC_WEIGHT,
    FUND_LINE,
    FUND_TOTAL,
    GOAL,
    OUTCOME,
    PART_EXECUTION,
    PROJECT,
    PROJECT_CODE,
    PROJECT_DEPT,
    PROJECT_ID,
    PROJECT_UNIT,
    ROW,
    SCORE,
    SOURCE_SHEET,
    TABLE_COLUMNS,
    Problem,
    Workbook,
    make_table,
    records,
)

GRADE = "等级"
PROJECT_TABLE_COLUMNS = (PROJECT, BUDGET, ACTUAL, EXEC_RATE, SCORE, GRADE)


@dataclass
class ProjectEval:
    """One project's evaluation: what the form states, and every figure recomputed."""

    pid: str
    name: str
    code: str | None
    dept: str | None
    unit: str | None
    sheet: str | None
    budget_initial: Decimal | None
    budget: Decimal | None
    actual: Decimal | None
    funding: pd.DataFrame  # FUND_LINE, BUDGET_INITIAL, BUDGET, ACTUAL: the 其中 rows
    score: scorecard.ScoreResult
    goal: str | None = None
    outcome: str | None = None
    findings: list[Problem] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        if self.budget is None or self.actual is None or self.budget == 0:
            return None
        return self.actual / self.budget

    @property
    def total(self) -> Decimal | None:
        return self.score.total

    @property
    def indicators(self) -> pd.DataFrame:
        return self.score.indicators


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def evaluate_projects(workbook: Workbook) -> list[ProjectEval]:
    """Every project form of the workbook, in the order of the file."""
    projects = records(workbook.projects)
    funding = records(workbook.funding)
    kpis = records(workbook.project_indicators)
    evals = []
    for index, project in enumerate(projects):
        pid = project[PROJECT_ID]
        lines = [r for r in funding if r[PROJECT_ID] == pid]
        total = next((r for r in lines if r[FUND_LINE] == FUND_TOTAL), None)
        parts = [r for r in lines if r is not total]
        weights = dict(scoring.DEFAULT_PART_WEIGHTS)
        if project[EXEC_WEIGHT] is not None:
            weights[PART_EXECUTION] = project[EXEC_WEIGHT]
        rows = [
            {k: v for k, v in r.items() if k != PROJECT_ID} for r in kpis if r[PROJECT_ID] == pid
        ]
        frame = make_table(rows, TABLE_COLUMNS["indicators"])
        budget = total[BUDGET] if total else None
        actual = total[ACTUAL] if total else None
        result = scorecard.score(frame, budget, actual, weights)
        following = projects[index + 1][ROW] if index + 1 < len(projects) else None
        evals.append(
            ProjectEval(
                pid=pid,
                name=project[PROJECT],
                code=_text(project[PROJECT_CODE]),
                dept=_text(project[PROJECT_DEPT]),
                unit=_text(project[PROJECT_UNIT]),
                sheet=_text(project[SOURCE_SHEET]),
                budget_initial=total[BUDGET_INITIAL] if total else None,
                budget=budget,
                actual=actual,
                funding=pd.DataFrame(
                    [[r[FUND_LINE], r[BUDGET_INITIAL], r[BUDGET], r[ACTUAL]] for r in parts],
                    columns=[FUND_LINE, BUDGET_INITIAL, BUDGET, ACTUAL],
                    dtype=object,
                ),
                score=result,
                goal=_text(project[GOAL]),
                outcome=_text(project[OUTCOME]),
                findings=_findings_of(workbook, project, following) + result.findings,
            )
        )
    return evals


def _findings_of(workbook: Workbook, project: dict, following: int | None) -> list[Problem]:
    """The reader's warnings about this project's form: same sheet, rows from its title on."""
    start = project[ROW]
    return [
        p
        for p in workbook.problems
        if p.level == "warning"
        and p.sheet == project[SOURCE_SHEET]
        and p.row is not None
        and p.row >= start
        and (following is None or p.row < following)
    ]


def projects_table(evals: list[ProjectEval]) -> pd.DataFrame:
    """One row per project: 预算, 执行, 执行率, 得分 (recomputed) and 等级."""
    rows = [[e.name, e.budget, e.actual, e.rate, e.total, e.score.grade] for e in evals]
    return pd.DataFrame(rows, columns=list(PROJECT_TABLE_COLUMNS), dtype=object)
