"""Columns by what they mean: each role a 自评表's tables need (年度指标值, 实际完成值, 分值, 得分,
全年预算数, 全年执行数, …), the names real forms give it, the parts of a name that carry its meaning,
and what its cells hold. A header cell is matched after the one normaliser; how sure the match is
(an exact name or its meaning-bearing parts: sure; a weaker cue: loose, to be confirmed) is part of
the answer. A new province's wording is one more name here, and usually not even that."""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfeval.readers.labels import label, norm
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

SCORE_FACTOR = "得分系数"  # 得分 = 指标权重 × 得分系数 (flat lists)

# what a role's cells hold
TEXT = "text"
NUMBER = "number"
SIGN = "sign"

# how a header cell was matched
EXACT = 0  # one of the role's names
PARTS = 1  # the meaning-bearing parts of a name (权重 in 权重占比(%), 实际 … 值 in 全年实际值)
LOOSE = 2  # a weaker cue: never read without the clerk's confirmation
SURE_TIERS = (EXACT, PARTS)


@dataclass(frozen=True)
class Role:
    """One column a table needs. `parts`: groups of words that must all appear in the name;
    `loose`: weaker cues (the match must be confirmed); `avoid`: words that rule a name out
    (得分计算方法 is no 得分); `demote`: words that make a match loose (单项指标折算得分)."""

    key: str  # the schema column it fills: what messages and mappings call it
    names: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...] = ()
    loose: tuple[tuple[str, ...], ...] = ()
    avoid: tuple[str, ...] = ()
    demote: tuple[str, ...] = ()
    holds: str = TEXT

    def match(self, text: str) -> int | None:
        """How a header text plays this role: EXACT, PARTS, LOOSE, or None."""
        name = header_key(text)
        if not name:
            return None
        if any(word in name for word in self.avoid):
            return None
        if name in self.names or bare(text) in self.names:
            tier = EXACT
        elif any(all(word in name for word in group) for group in self.parts):
            tier = PARTS
        elif any(all(word in name for word in group) for group in self.loose):
            return LOOSE
        else:
            return None
        return LOOSE if any(word in name for word in self.demote) else tier


_INNER = re.compile(r"\([^()]*\)")
_POINTS_TAIL = re.compile(r"\d+(?:\.\d+)?分$")


def header_key(text: str) -> str:
    """A header as roles compare it: the label without its bracketed suffixes (`全年预算数（A）`
    → 全年预算数, `分值(10分)` → 分值, `权重占比(%)` → 权重占比), points written without brackets
    dropped (`数量指标15分`), and bracketed groups inside the name dropped (`实施(主管)单位`)."""
    name = label(text).text
    name = _POINTS_TAIL.sub("", name) or name
    return _INNER.sub("", name) or name


def bare(text: str) -> str:
    return norm(text)


# ---------------------------------------------------------------- the indicator table
INDICATOR_ROLES: tuple[Role, ...] = (
    Role(L1, ("一级指标",), parts=(("一级",),)),
    Role(L2, ("二级指标",), parts=(("二级",),)),
    Role(
        KPI_NAME,
        ("三级指标", "指标名称", "三级指标内容", "绩效指标名称", "指标内容"),
        parts=(("三级",), ("指标名称",)),
    ),
    Role(
        TARGET,
        ("年度指标值", "指标值", "年初指标值", "年初目标值", "预期指标值", "目标值", "年度目标值"),
        parts=(("指标值",), ("目标值",), ("预期值",), ("计划值",)),
        avoid=("实际", "完成"),
    ),
    Role(
        RESULT,
        ("实际完成值", "完成值", "实际值", "全年实际值", "年终完成值", "实际完成"),
        parts=(("实际", "值"), ("完成", "值")),
        loose=(("完成情况",), ("实际",)),
        avoid=("目标", "计划", "预期", "原因"),
    ),
    Role(
        WEIGHT,
        ("分值", "权重", "指标权重", "权重占比", "标准分", "指标分值"),
        parts=(("权重",), ("分值",)),
        holds=NUMBER,
    ),
    Role(
        SCORE,
        ("得分", "自评得分", "自评分", "评分", "实际得分", "单项指标得分"),
        parts=(("得分",), ("自评分",)),
        avoid=("方法", "标准", "依据", "说明", "系数"),
        demote=("折算", "复核", "加权"),
        holds=NUMBER,
    ),
    Role(
        SCORE_FACTOR, ("得分系数", "系数", "完成系数", "评分系数"), parts=(("系数",),), holds=NUMBER
    ),
    Role(
        REASON,
        ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "原因", "未完成原因分析"),
        parts=(("原因",), ("偏差",)),
    ),
    Role(DIRECTION, ("指标性质", "符号", "指标方向", "方向"), parts=(("性质",),), holds=SIGN),
    Role(KPI_UNIT, ("度量单位", "计量单位", "单位", "指标单位"), parts=(("单位",),)),
)

# ---------------------------------------------------------------- the funding block
FUNDING_ROLES: tuple[Role, ...] = (
    Role(
        BUDGET_INITIAL,
        ("年初预算数", "年初预算", "年初预算金额"),
        parts=(("年初", "预算"),),
        holds=NUMBER,
    ),
    Role(
        BUDGET,
        (
            "全年预算数",
            "调整后预算数",
            "调整预算数",
            "预算数",
            "全年预算",
            "调整后预算",
            "年度预算数",
        ),
        parts=(("调整", "预算"), ("全年", "预算"), ("预算", "数")),
        loose=(("合计",), ("金额",), ("预算",), ("投入",)),
        avoid=("年初", "执行", "到位"),
        holds=NUMBER,
    ),
    Role(
        ACTUAL,
        ("全年执行数", "预算执行数", "执行数", "实际执行数", "实际支出数", "支出数", "决算数"),
        parts=(("执行", "数"), ("实际", "支出")),
        loose=(("使用",), ("支出",), ("执行",)),
        avoid=("率", "进度"),
        holds=NUMBER,
    ),
    Role(
        EXEC_RATE,
        ("执行率", "预算执行率", "预算执行进度", "执行进度"),
        parts=(("执行率",), ("执行进度",)),
        holds=NUMBER,
    ),
    Role(WEIGHT, ("分值", "权重"), parts=(("分值",), ("权重",)), holds=NUMBER),
    Role(
        SCORE,
        ("得分", "自评得分", "自评分"),
        parts=(("得分",),),
        avoid=("方法", "标准", "依据", "说明"),
        holds=NUMBER,
    ),
)

# What the roles are called in messages and on the mapping step (the role's own word where the
# schema column's name is not what a clerk reads on the form).
ROLE_NAMES = {
    L1: "一级指标",
    L2: "二级指标",
    KPI_NAME: "三级指标",
    TARGET: "年度指标值",
    RESULT: "实际完成值",
    WEIGHT: "分值",
    SCORE: "得分",
    SCORE_FACTOR: "得分系数",
    REASON: "偏差原因",
    DIRECTION: "指标性质",
    KPI_UNIT: "度量单位",
    BUDGET_INITIAL: "年初预算数",
    BUDGET: "全年预算数",
    ACTUAL: "全年执行数",
    EXEC_RATE: "执行率",
}


def role_name(key: str) -> str:
    return ROLE_NAMES.get(key, key)


def best_role(roles: tuple[Role, ...], text: str) -> tuple[Role, int] | None:
    """The role a header text plays best (an exact name beats meaning-bearing parts beats a
    loose cue; among equals the first role listed); None when it plays none."""
    found = [(tier, i) for i, role in enumerate(roles) if (tier := role.match(text)) is not None]
    if not found:
        return None
    tier, index = min(found)
    return roles[index], tier


# ---------------------------------------------------------------- rows the funding block names
TOTAL_ROW_NAMES = (
    "年度资金总额",
    "总额",
    "资金总额",
    "年度财政资金总额",
    "合计",
    "总计",
    "年度金额",
)
TOTAL_ROW_PARTS = ("总额", "合计", "总计")


def is_total_row(text: str) -> bool:
    name = header_key(text)
    return name in TOTAL_ROW_NAMES or any(word in name for word in TOTAL_ROW_PARTS)
