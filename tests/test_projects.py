"""Project evaluations in the model and the output: recomputed 执行率 and 得分 per project, the
project-only summary (CLI `summary FORM.xlsx`), the 整体 report's project table."""

from __future__ import annotations

from decimal import Decimal as D

from perfeval import pipeline
from perfeval.cli.main import main
from perfeval.model.projects import GRADE
from perfeval.readers import read_workbook
from perfeval.schema import ACTUAL, BUDGET, EXEC_RATE, PROJECT, SCORE
from tests import forms_corpus as fc


def model_of(data: bytes):
    result = read_workbook(data, "x.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    return pipeline.model_for({result.workbook.year: result.workbook})


def test_each_project_recomputed():
    model = model_of(fc.sichuan_project(two=True))
    table = model.project_table
    assert table[PROJECT].tolist() == ["工资性支出", "安可替代补助资金"]
    assert table[BUDGET].tolist() == [D("251.89"), D("251.89")]
    assert table[ACTUAL].tolist() == [D("251.89"), D("240.00")]
    assert table[EXEC_RATE].tolist()[0] == D(1)
    # 10 × 240.00 / 251.89 = 9.5280 → 9.53; + 60 + 30 = 99.53
    assert table[SCORE].tolist() == [D("100.00"), D("99.53")]
    assert table[GRADE].tolist() == ["优", "优"]
    second = model.projects[1]
    assert [f.code for f in second.findings] == ["form_claim_differs"]  # its own form's only
    assert model.projects[0].findings == []


def test_project_form_alone_gives_a_project_summary(tmp_path, capsys):
    path = tmp_path / "项目自评表.xlsx"
    path.write_bytes(fc.central_project())
    assert main(["summary", str(path)]) == 0
    out = capsys.readouterr().out
    assert "项目支出绩效自评摘要" in out
    assert "全年预算数150.00万元，全年执行数142.80万元，执行率95.20%。" in out
    assert "自评得分（复算）：98.69分，等级为“优”。" in out
    assert "| 产出指标 | 路面优良率 | ≥90% | 85% | 94.44% | 15.00 | 14.17 | 未达标 |" in out
    assert "总分（H18）：表中99.00，复算98.69" in out


def test_unit_form_with_project_forms_in_one_file():
    unit_rows = fc.hunan_unit_rows()
    project_rows = fc.central_project_rows()
    model = model_of(fc.build({"整体": unit_rows, "项目1": project_rows}))
    assert model.unit == fc.UNIT  # the 整体 form's unit, not the project's 实施单位
    # the 整体 form's 年度资金总额 is the budget base: 7174.02 / 7300.00
    assert model.execution.budget == D("7300.00") and model.execution.actual == D("7174.02")
    assert model.score.total == D("96.83")
    text = pipeline.report_text(model)
    assert "### （五）项目支出绩效自评情况" in text
    assert "| 1 | 农村公路养护 | 150.00 | 142.80 | 95.20% | 98.69 | 优 |" in text


def test_execution_chart_uses_the_forms_fund_total():
    """The 整体自评表 states no budget per line: the chart shows its 年度资金总额 row (98.27 %),
    the same figure as the card, not "未填报全年预算数"."""
    from perfeval import charts

    figure = charts.execution(model_of(fc.hunan_unit()))
    assert list(figure.data[0].y) == ["年度资金总额 98.27%"]
    assert "98.27%" in figure.layout.title.text
