"""The 自评表 forms as published (tests/forms_corpus.py): recognition, figures computed by hand,
the forms' own arithmetic, broken variants and their messages, the =100% formula (issue #9)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal as D

import pytest

from perfeval.model.projects import evaluate_projects
from perfeval.readers import layouts, read_workbook
from perfeval.readers.labels import Label, label, norm, split_label_value
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    CATEGORY,
    DIR_EQ,
    DIR_GE,
    DIR_LE,
    DIR_QUAL,
    DIRECTION,
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    FUND_LINE,
    INCOME,
    INCOME_ITEM,
    KPI_NAME,
    KPI_UNIT,
    L1,
    PROJECT,
    PROJECT_CODE,
    PROJECT_DEPT,
    PROJECT_UNIT,
    RESULT,
    RESULT_LEVEL,
    TARGET,
    TARGET_TEXT,
    WEIGHT,
    Workbook,
)
from tests import forms_corpus as fc
from tests.xlsx_factory import build_xlsx, seed_like_sheets, set_cached_values


def codes(result, level: str | None = None) -> list[str]:
    return [p.code for p in result.problems if level is None or p.level == level]


def one(result, code: str):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


def column(frame, name) -> list:
    return frame[name].tolist()


# ---------------------------------------------------------------- the normaliser
@pytest.mark.parametrize(
    ("written", "text", "points"),
    [
        ("产出指标（50分）", "产出指标", D(50)),
        ("全年预算数（A）", "全年预算数", None),
        ("执行率（B/A）", "执行率", None),
        ("绩 效 指 标", "绩效指标", None),
        ("年度\n总体\n目标", "年度总体目标", None),
        ("预算执行情况(10分)", "预算执行情况", D(10)),
        ("实施单位(盖章)", "实施单位", None),
        ("年度资金总额：", "年度资金总额", None),
        ("【万元】", "(万元)", None),
    ],
)
def test_label_normaliser(written, text, points):
    assert label(written) == Label(text, points)


def test_label_and_value_split_at_the_last_colon_only_when_a_value_follows():
    assert split_label_value("其中：基本支出：796.58") == ("其中:基本支出", "796.58")  # NFKC
    assert split_label_value("部门：XX局") == ("部门", "XX局")
    assert split_label_value("其中：") is None
    assert norm("（ 2024  年度）") == "(2024年度)"


@pytest.mark.parametrize(
    ("written", "direction", "number", "unit"),
    [
        ("≥50个", DIR_GE, D(50), "个"),
        ("不超过42.37万元", DIR_LE, D("42.37"), "万元"),
        ("90%以上", DIR_GE, D(90), "%"),
        ("不低于90%", DIR_GE, D(90), "%"),
        ("≥100百分比", DIR_GE, D(100), "%"),
        ("=100%\n", DIR_EQ, D(100), "%"),
        ("100%", None, D(100), "%"),
        ("1,200 家", None, D(1200), "家"),
        ("效果明显", DIR_QUAL, None, None),
    ],
)
def test_targets_as_forms_write_them(written, direction, number, unit):
    from perfeval.readers import targets

    found = targets.parse(written)
    assert (found.direction, found.number, found.unit, found.ok) == (direction, number, unit, True)


def test_unreadable_target_text_is_not_a_number():
    from perfeval.readers import targets

    assert targets.parse("50-60个").ok is False
    assert targets.from_formula("100%") == targets.Target("=100%", DIR_EQ, D(100), "%")
    assert targets.from_formula("SUM(A1:A3)") is None


# ---------------------------------------------------------------- 项目支出绩效自评表 (central)
def test_central_project_form_figures():
    result = read_workbook(fc.central_project(), "项目自评表.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert result.recognised == ["项目支出绩效自评表（2024年度，常宁市公路建设养护中心）"]
    book = result.workbook
    assert (book.unit, book.year) == (fc.PROJECT_UNIT, 2024)
    project = book.projects.iloc[0]
    assert project[PROJECT] == "农村公路养护"
    assert project[PROJECT_CODE] == "51000021R000000019951"
    assert project[PROJECT_UNIT] == fc.PROJECT_UNIT  # code 219001 stripped
    assert project[PROJECT_DEPT] == "常宁市交通运输局"
    assert column(book.funding, FUND_LINE) == ["年度资金总额", "本年财政拨款", "上年结转资金"]
    assert column(book.funding, BUDGET) == [D(150), D(130), D(20)]
    assert column(book.funding, ACTUAL) == [D("142.80"), D("122.8"), D(20)]
    kpis = book.project_indicators
    assert column(kpis, KPI_NAME)[0] == "养护里程"  # "指标1：" dropped
    assert column(kpis, L1) == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert column(kpis, TARGET) == [D(120), D(90), D(100), None, D(90)]
    assert column(kpis, DIRECTION) == [DIR_GE, DIR_GE, DIR_EQ, DIR_QUAL, DIR_GE]
    assert column(kpis, RESULT_LEVEL)[3] == "达成"
    assert column(kpis, WEIGHT) == [D(20), D(15), D(15), D(30), D(10)]
    assert book.spending.empty  # a project form alone is a valid file


def test_central_project_form_arithmetic_and_formula_target():
    result = read_workbook(fc.central_project(), "项目自评表.xlsx")
    # 9.52 + 20 + 14.17 + 15 + 30 + 10 = 98.69; the form claims 99.00
    total = one(result, "form_claim_differs")
    assert total.level == "warning"
    assert "总分（H18）：表中99.00，复算98.69" in total.message
    note = one(result, "formula_target")
    assert note.level == "note" and "E15" in note.message and "“=100%”" in note.message


def test_the_signature_date_is_not_the_year():
    result = read_workbook(fc.hunan_unit(), "整体.xlsx")
    assert result.workbook.year == 2024  # not 2025 from 填报日期：2025年3月20日


# ---------------------------------------------------------------- 四川 project layout
def test_sichuan_project_forms_several_per_sheet():
    result = read_workbook(fc.sichuan_project(two=True), "四川.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    book = result.workbook
    assert (book.unit, book.year) == (fc.SC_UNIT, 2023)
    assert column(book.projects, PROJECT) == ["工资性支出", "安可替代补助资金"]
    totals = book.funding[book.funding[FUND_LINE] == "年度资金总额"]
    assert column(totals, ACTUAL) == [D("251.89"), D("240.00")]
    kpis = book.project_indicators
    assert column(kpis, DIRECTION) == [DIR_EQ] * 4
    assert column(kpis, TARGET) == [D(100)] * 4 and column(kpis, KPI_UNIT) == ["%"] * 4
    assert column(kpis, TARGET_TEXT) == ["=100%"] * 4  # 指标性质 | 指标值 | 度量单位 as one
    # the second form copies 100.00% while 240.00 / 251.89 = 95.28 %
    claim = one(result, "form_claim_differs")
    assert "执行率（F29）：表中100.00%，复算95.28%" in claim.message


# ---------------------------------------------------------------- 部门整体支出绩效自评表
def test_hunan_unit_form_figures():
    result = read_workbook(fc.hunan_unit(), "整体.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    assert result.recognised == ["部门整体支出绩效自评表（2024年度，常宁市科技和工业信息化局）"]
    book = result.workbook
    assert column(book.spending, CATEGORY) == ["基本支出", "项目支出"]
    assert column(book.spending, ACTUAL) == [D("796.58"), D("6377.44")]
    assert column(book.income, INCOME_ITEM) == [
        "一般公共预算",
        "政府性基金拨款",
        "纳入专户管理的非税收入拨款",
        "其他资金",
    ]
    assert column(book.income, FUND) == [FUND_GENERAL, FUND_GOV, None, None]
    assert sum(column(book.income, INCOME)) == D("7174.02")
    total = book.funding.iloc[0]
    assert (total[BUDGET_INITIAL], total[BUDGET], total[ACTUAL]) == (
        D("6800.00"),
        D("7300.00"),
        D("7174.02"),
    )
    assert column(book.indicators, TARGET) == [D(560), D(120), D(8), D(90)]
    assert book.texts["预期目标"] == "推进企业上云上平台"
    # 9.83 + 25 + 25 + 27 + 10 = 96.83; the form claims 95.50
    assert "总分（H18）：表中95.50，复算96.83" in one(result, "form_claim_differs").message


def test_sichuan_unit_form_figures():
    result = read_workbook(fc.sichuan_unit(), "整体.xlsx")
    assert result.ok
    book = result.workbook
    assert column(book.spending, BUDGET) == [D(310), D(210)]
    assert column(book.spending, ACTUAL) == [D("305.00"), D("189.00")]
    assert column(book.indicators, KPI_UNIT) == ["件", "%", None]  # 百分比 is %
    assert column(book.indicators, RESULT)[:2] == [D(180), D(35)]
    messages = [p.message for p in result.problems if p.code == "form_claim_differs"]
    assert any("得分（J15）：表中10.00，复算7.00" in m for m in messages)  # 基本达成 = 70 %
    assert any("总分（J16）：表中94.50，复算91.50" in m for m in messages)


def test_a_shifted_form_reads_the_same():
    plain = read_workbook(fc.hunan_unit(), "a.xlsx").workbook
    shifted = read_workbook(fc.hunan_unit(offset=2), "b.xlsx").workbook
    for name in ("spending", "income", "indicators"):
        keep = [c for c in getattr(plain, name).columns if c != "行号"]
        assert getattr(plain, name)[keep].equals(getattr(shifted, name)[keep])


# ---------------------------------------------------------------- broken variants
def test_total_left_at_zero_uses_its_parts():
    rows, merges = fc.central_project_rows()
    rows[5][4] = 0
    result = read_workbook(fc.build({"项目": (rows, merges)}), "x.xlsx")
    finding = one(result, "fund_parts_differ")
    assert finding.level == "warning"
    assert "年度资金总额（第6行）「全年执行数」：表中为0，其中各项合计142.8，已按其中各项计算" in (
        finding.message
    )
    assert result.workbook.funding.iloc[0][ACTUAL] == D("142.8")


def test_no_weight_column_scores_by_the_points_of_the_first_level():
    rows, merges = fc.central_project_rows()
    rows[11][6] = "备注"  # 分值 → 备注: the 一级 points (50 / 30 / 10) weigh the rows instead
    result = read_workbook(fc.build({"项目": (rows, merges)}), "x.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    weights = column(result.workbook.project_indicators, WEIGHT)
    assert weights == [D("16.67"), D("16.67"), D("16.66"), D(30), D(10)]
    assert codes(result).count("points_as_weights") == 3
    (project,) = evaluate_projects(result.workbook)
    # 9.52 + 16.67 + 15.74 (16.67 × 85/90) + 16.66 + 30 + 10 = 98.59
    assert project.total == D("98.59")


def test_unit_name_missing_asks_for_it_and_the_override_gives_it():
    data = fc.hunan_unit(unit=None)
    result = read_workbook(data, "x.xlsx")
    assert result.workbook is None
    assert "--unit" in one(result, "no_unit").message
    given = read_workbook(data, "x.xlsx", unit="常宁市档案馆")
    assert given.ok and given.workbook.unit == "常宁市档案馆"


def test_unreadable_target_is_a_warning_and_not_scored():
    rows, merges = fc.central_project_rows()
    rows[12][4] = "50-60公里"
    result = read_workbook(fc.build({"项目": (rows, merges)}), "x.xlsx")
    problem = next(p for p in result.problems if p.code == "unreadable_value")
    assert problem.level == "warning" and "年度指标值（E13）“50-60公里”无法解读" in problem.message
    first = result.workbook.project_indicators.iloc[0]
    assert first[TARGET] is None and first[TARGET_TEXT] == "50-60公里"


def test_a_sheet_of_something_else_is_not_recognised():
    data = build_xlsx({"Sheet1": [["会议纪要"], ["时间", "2024年5月"]]})
    result = read_workbook(data, "x.xlsx")
    problem = one(result, "not_recognised")
    assert "不是 perfeval 模板" in problem.message and "部门整体支出绩效自评表" in problem.message


def test_two_fitting_layouts_are_a_refusal(monkeypatch):
    from dataclasses import replace

    from perfeval.readers.families import SELFEVAL_LAYOUTS

    twin = replace(SELFEVAL_LAYOUTS[0], key="selfeval.twin", variant="复制")
    monkeypatch.setitem(layouts._REGISTRY, twin.key, twin)
    result = read_workbook(fc.central_project(), "x.xlsx")
    assert result.workbook is None and "两种格式" in one(result, "two_layouts").message


def test_zip_bomb_named_like_a_form_is_refused():
    source = zipfile.ZipFile(io.BytesIO(fc.central_project()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data + b" " * (110 << 20)  # 110 MiB of padding: over the 100 MiB limit
            target.writestr(info, data)
    result = read_workbook(out.getvalue(), "项目支出绩效自评表.xlsx")
    assert result.workbook is None and codes(result) == ["zip_bomb"]


# ---------------------------------------------------------------- the template and =100%
def test_template_target_typed_as_formula_is_read_as_meant():
    sheets = seed_like_sheets()
    sheets["绩效指标"][1][3:7] = [None, None, "=100%", "98%"]  # no unit, no 方向
    data = set_cached_values(build_xlsx(sheets), 3, {"F2": "1"})  # as Excel saves it
    result = read_workbook(data, "x.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    row = result.workbook.indicators.iloc[0]
    assert (row[TARGET], row[DIRECTION], row[KPI_UNIT], row[TARGET_TEXT]) == (
        D(100),
        DIR_EQ,
        "%",
        "=100%",
    )
    assert row[RESULT] == D(98)
    note = one(result, "formula_target")
    assert (note.level, note.row, note.column) == ("note", 2, TARGET) and "F2" in note.message


# ---------------------------------------------------------------- stored as JSON
def test_project_tables_survive_json_and_old_json_still_loads():
    book = read_workbook(fc.central_project(), "x.xlsx").workbook
    again = Workbook.from_json(book.to_json())
    for name in ("projects", "funding", "project_indicators"):
        assert getattr(again, name).equals(getattr(book, name))
    old = book.to_dict()
    for name in ("projects", "funding", "project_indicators"):
        del old[name]
    assert Workbook.from_dict(old).projects.empty


# ---------------------------------------------------------------- committed samples
SAMPLES = {
    "unit-hunan-2024.xlsx": fc.hunan_unit,
    "unit-sichuan-2023.xlsx": fc.sichuan_unit,
    "project-central-2024.xlsx": fc.central_project,
    "project-sichuan-2023.xlsx": lambda: fc.sichuan_project(two=True),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_committed_form_samples_read_as_the_corpus(name):
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "samples" / "forms" / name
    sample = read_workbook(path.read_bytes(), name)
    built = read_workbook(SAMPLES[name](), name)
    assert sample.ok and sample.recognised == built.recognised
    assert sample.workbook.to_dict() == built.workbook.to_dict()


def test_l1_points_split_among_rows_without_weights():
    rows, merges = fc.central_project_rows()
    for row in (12, 13, 14):  # the three 产出指标（50分） rows: 分值 left blank
        rows[row][6] = None
    result = read_workbook(fc.build({"项目": (rows, merges)}), "x.xlsx")
    weights = column(result.workbook.project_indicators, WEIGHT)
    assert weights[:3] == [D("16.67"), D("16.67"), D("16.66")]  # 50 in whole cents
    assert one(result, "points_as_weights").level == "note"
