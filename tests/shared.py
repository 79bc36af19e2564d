"""Test data several test modules share (no test module imports another): the seed's projects,
the report's section headings, a hostile model, the issue's trial file, a .docx and a zip bomb."""

from __future__ import annotations

import importlib.util
import io
from decimal import Decimal
from pathlib import Path

import docx

from perfeval.findings import evaluate
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    DIR_GE,
    DIRECTION,
    FUND,
    FUND_GENERAL,
    INCOME,
    INCOME_ITEM,
    INFO_UNIT,
    INFO_YEAR,
    ITEM,
    ITEM_PERSONNEL,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L1_OUTPUT,
    L2,
    REASON,
    RESULT,
    TARGET,
)
from perfeval.template import write_workbook
from tests.builders import basic, indicator, project, workbook

REPO = Path(__file__).resolve().parent.parent


SEED_PROJECTS = {
    "高新技术企业奖励资金": "258.6",
    "科技创新计划项目经费": "318.6",
    "企业研发财政奖补": "519.74",
    "税收增量奖补资金": "388.61",
    "先进制造业高地建设经费": "2192.56",
    "中小企业事务经费": "120",
    "五矿铜业政策扶助资金": "1114",
    "沿江化工企业搬迁改造专项补助资金": "555.54",
    "湖南省军民融合产业发展专项资金": "100",
    "其他项目支出": "809.79",
}


SECTIONS = [
    "## 一、部门基本情况",
    "## 二、一般公共预算支出情况",
    "## 三、政府性基金预算支出情况",
    "## 四、国有资本经营预算支出情况",
    "## 五、社会保险基金预算支出情况",
    "## 六、部门整体支出绩效情况",
    "## 七、存在的问题及原因分析",
    "## 八、下一步改进措施",
    "## 九、其他需要说明的情况",
]


HOSTILE_UNIT = "# 假标题 [点我](http://evil.example) <img src=x onerror=alert(1)>"


def hostile_model():
    wb = workbook(
        HOSTILE_UNIT,
        2024,
        [basic("人员经费", "1"), basic("公用经费", "1"), project("项目|一\n## 注入", "3", "3")],
        [indicator("指标![x](http://t/p.png)", "1", "2", 计量单位="家|</td>")],
        texts={
            "存在的问题": "正常一行\n# 注入标题\n- 注入列表\n<script>alert(1)</script>",
            "主要职能": "$x$ :red[红]",
        },
    )
    return evaluate({2024: wb})


TRIAL_UNIT = "测试市核查局"


def spending_line(category: str, item: str, budget: str, actual: str) -> dict:
    return {
        FUND: FUND_GENERAL,
        CATEGORY: category,
        ITEM: item,
        BUDGET: Decimal(budget),
        ACTUAL: Decimal(actual),
    }


def trial_file(year: int = 2024, reason: str | None = None, unit: str = TRIAL_UNIT) -> bytes:
    """The issue's trial: a 元/万元 slip (1500 against a budget of 150), income 713.57 against
    spending 2070.77, and a missed target without 偏差原因."""
    spending = [
        spending_line(CAT_BASIC, ITEM_PERSONNEL, "420.77", "420.77"),
        spending_line(CAT_PROJECT, "数字化改造", "150", "1500"),
        spending_line(CAT_PROJECT, "技术服务", "200", "150"),
    ]
    income = [{FUND: FUND_GENERAL, INCOME_ITEM: "财政拨款收入", INCOME: Decimal("713.57")}]
    indicators = [
        {
            L1: L1_OUTPUT,
            L2: "数量指标",
            KPI_NAME: "培训人次",
            KPI_UNIT: "人次",
            DIRECTION: DIR_GE,
            TARGET: 100,
            RESULT: 80,
            REASON: reason,
        }
    ]
    info = {INFO_UNIT: unit, INFO_YEAR: year}
    return write_workbook(info, spending, income=income, indicators=indicators)


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _load_zipbomb():
    spec = importlib.util.spec_from_file_location("zipbomb", REPO / "scripts" / "zipbomb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


zipbomb = _load_zipbomb()
