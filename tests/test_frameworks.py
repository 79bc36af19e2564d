"""Forms as they come (issue 19), built to isolate one rule each: a flat list scored 指标权重 ×
得分系数 with 预算执行率 as an indicator row, a funding block left blank, a 评分标准 table, a form
missing a role, and one dispatcher across families. Figures are worked out by hand in each test."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from perfeval.model.projects import evaluate_projects
from perfeval.model.scoring import EXPLANATION, PART_OTHER
from perfeval.readers import layouts, read_workbook
from perfeval.readers.families import ACCOUNTS_LAYOUTS
from perfeval.readers.layouts import Fit
from perfeval.schema import KPI_NAME, L1, PART
from tests import forms_corpus as fc


def _codes(result) -> list[str]:
    return [p.code for p in result.problems]


def flat_list() -> bytes:
    """A flat list: no 一级指标, 指标权重 and 得分系数 (得分 = 权重 × 系数), 预算执行率 a row."""
    rows = [
        ["项目支出绩效自评表"],
        ["(2024年度)"],
        ["项目名称", "乡村教师培训"],
        ["实施单位", "某县教育局"],
        ["项目资金(万元)", "全年预算数", "全年执行数", "执行率"],
        ["年度资金总额", 100, 90, "90%"],
        ["序号", "指标名称", "指标值", "实际完成值", "指标权重", "得分系数"],
        [1, "预算执行率", "≥95%", "90%", 20, 0.95],
        [2, "培训人次", "≥500人次", "520人次", 40, 1],
        [3, "参训教师满意度", "≥90%", "95%", 40, 1],
    ]
    return fc.build({"自评": (rows, ["A1:F1", "A2:F2"])})


def test_a_flat_list_is_scored_by_its_own_weights_and_said_so():
    result = read_workbook(flat_list(), "flat.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    (project,) = evaluate_projects(result.workbook)
    kpis = project.indicators
    assert kpis[KPI_NAME].tolist() == ["预算执行率", "培训人次", "参训教师满意度"]
    assert set(kpis[L1]) == {PART_OTHER}
    # 20 × 90/95 = 18.947 → 18.95; 40; 40. The weights make 100 with 预算执行率 a row of its own:
    # the funding block's 执行率 is shown, not scored a second time. 100 × 98.95 / 100.
    assert project.total == D("98.95")
    parts = project.score.parts
    other = parts[parts[PART] == PART_OTHER].iloc[0]
    assert "评分规则中没有" in other[EXPLANATION]
    # the form's own 得分 of the first row: 20 × 0.95 = 19.00, recomputed 18.95
    claims = [p.message for p in result.problems if p.code == "form_claim_differs"]
    assert claims == ["得分（F8）：表中19.00，复算18.95；以复算结果为准，请核对表中数字"]


def test_a_blank_funding_block_is_read_for_its_indicators():
    rows, merges = fc.central_project_rows()
    for line in rows[5:9]:
        line[2:5] = [None, None, None]
    rows[5][6:8] = [None, None]
    result = read_workbook(fc.build({"项目": (rows, merges)}), "x.xlsx")
    assert result.workbook is not None
    (warning,) = [p for p in result.problems if p.code == "no_amounts"]
    assert "预算执行率无法复算" in warning.message and warning.level == "warning"
    (project,) = evaluate_projects(result.workbook)
    assert project.score.execution_rate is None
    # indicators only: 20 + 14.17 + 15 + 30 + 10 = 89.17 of 90 → 99.08
    assert project.total == D("99.08")


def test_a_rubric_without_amounts_is_refused_as_such():
    rows = [
        ["项目支出绩效评价评分标准"],
        ["评价内容", "分值", "评分标准"],
        ["决策依据", 2, "有项目年度工作计划的计2分"],
        ["财务制度", 3, "有单位财务管理制度的计1分"],
        ["产出数量", 40, "按完成比例计分"],
    ]
    result = read_workbook(fc.build({"评分": (rows, ["A1:C1"])}), "r.xlsx")
    assert result.workbook is None
    (error,) = result.errors
    assert error.code == "refused_shape" and "像是评分标准表" in error.message
    assert "不能评分" in error.message


def test_a_form_missing_a_role_gets_one_message_with_the_way_out():
    rows, merges = fc.central_project_rows()
    rows[11][5] = "备注"  # 实际完成值 → 备注
    result = read_workbook(fc.build({"项目": (rows, merges)}), "x.xlsx")
    (error,) = result.errors
    assert error.code == "not_recognised"
    assert "像是项目支出绩效自评表，但缺少「实际完成值」" in error.message
    assert "「对应表头」" in error.message and "--mapping-out" in error.message


def test_two_layouts_of_two_families_that_fit_are_refused_naming_both(monkeypatch):
    def fits_all(layout, grid):
        return Fit(layout, True)

    greedy = replace(ACCOUNTS_LAYOUTS[0], key="accounts.greedy", fit=fits_all)
    monkeypatch.setitem(layouts._REGISTRY, greedy.key, greedy)
    result = read_workbook(fc.central_project(), "x.xlsx")
    (error,) = result.errors
    assert error.code == "two_layouts"
    assert "项目支出绩效自评表（按列的含义识别）" in error.message
    assert greedy.name in error.message


def test_a_province_wording_its_columns_otherwise_reads_the_same():
    """The central form with the wording other provinces use (实际值 for 实际完成值, 权重 for 分值,
    调整预算数 for 全年预算数, 目标值 for 年度指标值, 实际执行数, 未完成原因) and a numbered title:
    none of these names is in the reader as written — the roles' parts carry them."""
    rows, merges = fc.central_project_rows()
    rows[0][0] = "表1 项目支出绩效自评表"
    rows[4][3:6] = ["调整预算数", "实际执行数", "权重"]
    rows[11][4:9] = ["目标值", "实际值", "权重", "自评得分", "未完成原因"]
    plain = read_workbook(fc.build({"项目": fc.central_project_rows()}), "a.xlsx")
    other = read_workbook(fc.build({"项目": (rows, merges)}), "b.xlsx")
    assert other.ok, [str(p) for p in other.problems]
    for name in ("funding", "project_indicators"):
        assert getattr(other.workbook, name).equals(getattr(plain.workbook, name)), name
    (project,) = evaluate_projects(other.workbook)
    assert project.total == D("98.69")  # as the central form: 9.52 + 89.17
