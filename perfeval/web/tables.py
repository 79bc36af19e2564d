"""The pages' tables as plain text cells, built without Streamlit (the pages draw them): problems,
indicators (the unit's or one project's), score parts, stored versions, projects."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from perfeval import fmt
from perfeval.model.figures import UnitYear
from perfeval.model.projects import ProjectEval
from perfeval.report import blocks, unit_report
from perfeval.schema import LEVEL_LABELS, Problem
from perfeval.store.core import Version

PROBLEM_COLUMNS = ["级别", "工作表", "行", "列", "说明"]


def problems_frame(problems: Sequence[Problem]) -> pd.DataFrame:
    """Problems with sheet, row and column (the page escapes the cells)."""
    return pd.DataFrame(
        [
            {
                "级别": LEVEL_LABELS.get(p.level, p.level),
                "工作表": p.sheet or "",
                "行": p.row if p.row is not None else "",
                "列": p.column or "",
                "说明": p.message,
            }
            for p in problems
        ],
        columns=PROBLEM_COLUMNS,
        dtype=object,
    )


def indicator_frame(indicators: pd.DataFrame, reasons: bool = True) -> pd.DataFrame:
    """Scored indicators as shown: the report's own cells (the same strings as the Markdown),
    with their 偏差原因 unless `reasons` is False (a project form has none)."""
    rows = []
    for r in blocks.indicator_rows(indicators):
        row = {
            "一级指标": r["l1"],
            "二级指标": r["l2"],
            "三级指标": r["name"],
            "年度指标值": r["target"],
            "实际完成值": r["result"],
            "完成率": fmt.percent(r["completion"]),
            "分值": fmt.amount(r["weight"]),
            "得分": fmt.amount(r["score"]),
            "状态": r["status"],
        }
        if reasons:
            row["偏差原因"] = r["reason"]
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def kpi_frame(m: UnitYear) -> pd.DataFrame:
    """The unit's indicator table (绩效指标 page, upload preview)."""
    return indicator_frame(m.indicators)


def project_kpi_frame(p: ProjectEval) -> pd.DataFrame:
    """One project's indicators as the KPI page shows them."""
    return indicator_frame(p.indicators, reasons=False)


def score_frame(m: UnitYear) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "评分部分": p["part"],
                "分值": fmt.amount(p["weight"]),
                "得分": fmt.amount(p["score"]),
                "说明": p["note"],
            }
            for p in unit_report.part_rows(m)
        ],
        dtype=object,
    )


def version_state(v: Version) -> str:
    return "当前" if v.current else ("已删除" if v.deleted else "历史")


def versions_frame(versions: Sequence[Version]) -> pd.DataFrame:
    """A unit-year's stored versions, oldest first."""
    return pd.DataFrame(
        [
            {
                "版本": f"第{v.version}版",
                "状态": version_state(v),
                "文件名": v.filename,
                "上传时间（北京时间）": fmt.beijing_time(v.uploaded_at),
                "支出行数": v.spending_rows,
                "指标行数": v.indicator_rows,
                "校验码": v.sha256[:16],
            }
            for v in versions
        ],
        dtype=object,
    )


def projects_frame(model: UnitYear) -> pd.DataFrame:
    """The overview's project table as shown (strings formatted like the report's)."""
    return pd.DataFrame(
        [
            {
                "项目": p.name,
                "实施单位": p.unit or "",
                "全年预算数": fmt.money(p.budget),
                "全年执行数": fmt.money(p.actual),
                "执行率": fmt.percent(p.rate),
                "得分（复算）": fmt.amount(p.total),
                "等级": p.score.grade,
            }
            for p in model.projects
        ],
        dtype=object,
    )
