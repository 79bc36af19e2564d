"""report: the written summary's figures against hand-computed numbers, its structure, its escaping."""

import dataclasses
import re

from perfeval.findings import evaluate
from perfeval.report import blocks, unit_report
from tests.builders import basic, indicator, project, workbook
from tests.shared import SECTIONS, SEED_PROJECTS, hostile_model


def seed_report(seed_history) -> str:
    return unit_report.render_report(evaluate(seed_history))


def test_seed_title_and_sections_in_order(seed_history):
    text = seed_report(seed_history)
    assert text.startswith("# 2024年度常宁市科技和工业信息化局整体支出绩效自评报告\n")
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    for empty in SECTIONS[2:5]:
        assert f"{empty}\n\n无\n" in text


def test_seed_figures(seed_history):
    text = seed_report(seed_history)
    assert "2024年常宁市科技和工业信息化局一般公共预算收入、支出均为7174.02万元。" in text
    assert (
        "2024年基本支出为796.58万元，其中人员经费689.81万元，公用经费106.77万元，"
        "比2023年减少65.47万元，下降7.59%。" in text
    )
    assert "2024年项目支出为6377.44万元，与2023年相比增加1133.55万元，增长21.62%。" in text
    assert "17.74%" not in text
    for name, amount in SEED_PROJECTS.items():
        assert f"{name}{float(amount):.2f}万元" in text  # in the sentence
        assert re.search(
            rf"\| \d+ \| {name} \| [\d.]+ \| {float(amount):.2f} \|", text
        )  # in the table
    assert "| 上云企业数 | ≥560家 | 588家 | 105.00% |" in text
    assert "| 上平台企业数 | ≥120家 | 293家 | 244.17% |" in text
    # 执行率 7174.02 / 7404.00 = 96.89% → 9.69; 产出 50; (9.69 + 50) / 60 × 100 = 99.483 → 99.48
    assert "预算执行率96.89%" in text
    assert "| 合计 | 60.00 | 59.69 |  |" in text
    assert "自评得分99.48分，等级为“优”。" in text
    assert "目标值可能偏低" in text  # 293 ≥ 1.3 × 120
    assert "年初预算绩效目标指标不够细化、量化。" in text  # the workbook's own 存在的问题


def test_appendix_lists_every_check(seed_history):
    m = evaluate(seed_history)
    text = unit_report.render_report(m)
    appendix = text[text.index("## 附录：数据核查") :]
    for check in m.checks:
        assert check.name in appendix
    assert (
        "| 项目支出同比 | 通过 | 6377.44万元 − 5243.89万元 = +1133.55万元（+21.62%） |" in appendix
    )


def test_first_year_says_no_comparison_and_empty_sections_say_none():
    wb = workbook("某局", 2024, [basic(None, "10"), project(None, "5")])
    text = unit_report.render_report(evaluate({2024: wb}))
    assert "2024年基本支出为10.00万元。（无2023年数据，未作同比比较。）" in text
    assert "未填报绩效指标" in text
    assert "## 八、下一步改进措施\n\n无\n" in text


def test_summary_headline_figures(seed_history):
    text = unit_report.render_summary(evaluate(seed_history))
    assert text.startswith("# 2024年度常宁市科技和工业信息化局整体支出绩效自评摘要\n")
    # 7174.02 − 6105.94 = 1068.08 (17.49%); 796.58 − 862.05 = −65.47 (−7.59%);
    # 6377.44 − 5243.89 = 1133.55 (21.62%)
    assert "| 支出合计 | 7174.02万元 | 增加1068.08万元，增长17.49% |" in text
    assert "| 基本支出 | 796.58万元 | 减少65.47万元，下降7.59% |" in text
    assert "| 项目支出 | 6377.44万元 | 增加1133.55万元，增长21.62% |" in text
    assert "| 预算执行率 | 96.89% |" in text  # 7174.02 / 7404.00
    assert "| 自评得分 | 99.48分（优） |" in text
    # what the score rests on: 9.69 of 10 and 50 of 50; the other two parts had nothing to score
    assert "该得分依据可评分项目共60分计算（实得59.69分）" in text
    assert (
        "计入评分的有预算执行率（9.69/10.00分）、产出指标（50.00/50.00分）；"
        "效益指标、满意度指标没有可评分的指标，未计入。" in text
    )


def test_summary_top_projects_indicators_findings_pointer(seed_history):
    text = unit_report.render_summary(evaluate(seed_history))
    # the five largest named projects; 其他项目支出 (809.79, third by amount) is not a project
    rows = re.findall(r"^\| ([^|]+) \| ([\d.]+) \| ([\d.]+%) \|$", text, re.M)
    assert rows == [
        ("先进制造业高地建设经费", "2192.56", "34.38%"),  # 2192.56 / 6377.44
        ("五矿铜业政策扶助资金", "1114.00", "17.47%"),
        ("沿江化工企业搬迁改造专项补助资金", "555.54", "8.71%"),
        ("企业研发财政奖补", "519.74", "8.15%"),
        ("税收增量奖补资金", "388.61", "6.09%"),
    ]
    assert "共设置绩效指标13个，其中量化指标2个（达标2个，未达标0个）" in text
    assert "未达标：" not in text
    assert "目标值可能偏低" in text  # 293 ≥ 1.3 × 120, a finding
    assert text.rstrip().endswith("见《2024年度常宁市科技和工业信息化局整体支出绩效自评报告》。")
    assert "](" not in text and "http" not in text  # a pointer, not a link


def test_summary_is_one_page_not_the_report(seed_history):
    m = evaluate(seed_history)
    text = unit_report.render_summary(m)
    assert len(text.splitlines()) <= 45
    assert "## " not in text  # none of the report's sections
    assert "负责全市科技和工业经济的日常运行调节" not in text  # no 主要职能 text
    assert "| 上云企业数 |" not in text  # no indicator table
    assert unit_report.render_brief(m) == text.split("\n", 2)[2]  # the box: the same, untitled


def test_summary_names_missed_indicators_and_first_year():
    wb = workbook(
        "某局",
        2024,
        [basic("人员经费", "8", "8"), basic("公用经费", "2", "2"), project("甲项目", "5", "10")],
        [indicator("培训人次", "100", "80"), indicator("覆盖率", "90", "95")],
    )
    text = unit_report.render_summary(evaluate({2024: wb}))
    assert "| 主要数字 | 2024年 | 同比 |" in text
    assert "| 支出合计 | 15.00万元 | — |" in text
    assert "（达标1个，未达标1个）" in text and "未达标：培训人次。" in text
    assert "| 预算执行率 | 75.00% |" in text  # 15 / 20


def test_workbook_text_cannot_inject_markdown():
    text = unit_report.render_report(hostile_model())
    headings = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert headings[0].startswith("# 2024年度")
    assert set(headings[1:]) <= {
        *SECTIONS,
        *(h for h in headings if h.startswith(("## 附录", "### （"))),
    }
    assert not any("注入" in h for h in headings)
    assert "](http" not in text.replace(r"\](http", "")
    assert "<script" not in text.replace(r"\<script", "")
    assert "<img" not in text.replace(r"\<img", "")
    assert not re.search(r"^- 注入", text, re.M)
    # every row of the project table has as many unescaped pipes as its header
    table = [
        ln
        for ln in text.splitlines()
        if ln.startswith("| 序号") or ln.startswith("| 1 |") or ln.startswith("|  | 合计")
    ]
    counts = {len(re.findall(r"(?<!\\)\|", ln)) for ln in table}
    assert len(counts) == 1, table


def test_summary_cannot_be_injected_either():
    text = unit_report.render_summary(hostile_model())
    headings = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert len(headings) == 1 and headings[0].startswith("# 2024年度")
    assert "](http" not in text.replace(r"\](http", "")
    assert "<img" not in text.replace(r"\<img", "")


def test_filenames_say_which_is_which_and_strip_path_characters():
    m = dataclasses.replace(hostile_model(), unit="a/b\\c:d")
    assert unit_report.summary_filename(m) == "a_b_c_d-2024-绩效自评摘要.md"
    assert unit_report.report_filename(m) == "a_b_c_d-2024-绩效自评报告.md"
    assert unit_report.report_filename(m, "docx") == "a_b_c_d-2024-绩效自评报告.docx"


def test_score_table_keeps_its_first_column_short_and_gives_the_notes_below(seed_history):
    text = seed_report(seed_history)
    assert "| 预算执行率 | 10.00 | 9.69 | 注1 |" in text
    assert "| 合计 | 60.00 | 59.69 |  |" in text
    table_end = text.index("| 合计 | 60.00 | 59.69 |  |")
    notes = text[table_end:]
    assert notes.index("1. 预算执行率：执行率 = 全年执行数7174.02万元") < notes.index(
        "2. 产出指标："
    )


def test_appendix_never_passes_what_was_not_checked(seed_history):
    first_year = unit_report.render_report(evaluate({2023: seed_history[2023]}))
    assert "| 支出合计同比 | 未核对 | 无上年数据，未计算同比 |" in first_year
    assert "| 支出合计同比 | 通过 |" not in first_year


def test_qualitative_indicator_target_is_not_called_unquantified():
    qual = indicator("群众评价", None, "0", direction="定性", **{"定性结果": "达成"})
    m = evaluate({2024: workbook("局", 2024, [basic(None, "1")], [qual])})
    (row,) = blocks.indicator_rows(m.indicators)
    assert row["target"] == "定性" and row["result"] == "达成" and row["status"] == "定性"


def test_basic_spending_given_as_personnel_only_names_no_blank_public():
    m = evaluate({2024: workbook("局", 2024, [basic("人员经费", "40"), project("甲", "60")])})
    text = unit_report.render_brief(m)
    assert "2024年基本支出为40.00万元，其中人员经费40.00万元。" in text and "公用经费—" not in text
