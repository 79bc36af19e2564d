"""The findings step: after the figures are built, gather the reader's warnings and notes, the staffing
check, the model's rules, the scoring findings and the text audit, and the appendix's checks from them.
May import: model, audit, unitinfo, schema. Data moves one way: figures → findings, never back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from perfeval import unitinfo
from perfeval.audit import text_problems
from perfeval.model import rules
from perfeval.model.figures import UnitYear, build_model
from perfeval.schema import Problem, Workbook


def evaluate(workbooks: Mapping[int, Workbook], year: int | None = None) -> UnitYear:
    """The model of `year` (default: the latest) with its findings and checks: what every page,
    report and check reads."""
    model = build_model(workbooks, year)
    return with_findings(model, workbooks[model.year])


def gather(model: UnitYear, workbook: Workbook) -> list[Problem]:
    """Every finding of the unit-year, in the order the report lists them."""
    found = [p for p in workbook.problems if p.level in ("warning", "note")]
    found += unitinfo.staff_findings(model.info)
    found += rules.spending_findings(model.overall, model.lines, model.execution)
    found += model.score.findings
    found += rules.income_findings(model.income_total, model.overall)
    if model.texts:
        found += text_problems(model)
    return found


def with_findings(model: UnitYear, workbook: Workbook) -> UnitYear:
    """The same figures with their findings and the appendix's checks, as a new object."""
    found = gather(model, workbook)
    checks = rules.checks(model.overall, model.income_total) + rules.finding_checks(
        found, len(model.score.unquantified)
    )
    return replace(model, findings=found, checks=checks)
