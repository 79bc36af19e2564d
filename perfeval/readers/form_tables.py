"""The tables the 自评表 layouts share: the national columns (财预〔2020〕10号, also used by
湖南) and the 四川 ones, described once so that a unit form and a project form read alike."""

from __future__ import annotations

from perfeval.readers.labels import Table
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    DIRECTION,
    EXEC_RATE,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L2,
    REASON,
    RESULT,
    SCORE,
    TARGET,
    WEIGHT,
)


def national_funding(what: str) -> Table:
    """The funding block: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, named as
    the form names it (项目资金 on a project form, 年度预算申请 on the unit form)."""
    return Table(
        what,
        required={BUDGET: ("全年预算数",), ACTUAL: ("全年执行数",)},
        optional={
            BUDGET_INITIAL: ("年初预算数",),
            WEIGHT: ("分值",),
            EXEC_RATE: ("执行率",),
            SCORE: ("得分",),
        },
    )


NATIONAL_INDICATORS = Table(
    "年度绩效指标",
    required={
        L1: ("一级指标",),
        L2: ("二级指标",),
        KPI_NAME: ("三级指标",),
        TARGET: ("年度指标值",),
        RESULT: ("实际完成值",),
        WEIGHT: ("分值",),
    },
    optional={
        SCORE: ("得分",),
        REASON: ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因"),
        KPI_UNIT: ("计量单位",),
    },
)

SICHUAN_EXECUTION = Table(
    "预算执行情况",
    required={BUDGET: ("调整后预算数",), ACTUAL: ("预算执行数",)},
    optional={
        BUDGET_INITIAL: ("年初预算",),
        EXEC_RATE: ("预算执行率",),
        WEIGHT: ("权重",),
        SCORE: ("得分",),
    },
)

SICHUAN_INDICATORS = Table(
    "绩效指标",
    required={
        L1: ("一级指标",),
        L2: ("二级指标",),
        KPI_NAME: ("三级指标",),
        DIRECTION: ("指标性质",),
        TARGET: ("指标值",),
        RESULT: ("完成值",),
        WEIGHT: ("权重",),
    },
    optional={
        KPI_UNIT: ("度量单位",),
        SCORE: ("得分",),
        REASON: ("未完成原因分析", "原因"),
    },
)
