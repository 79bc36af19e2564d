"""A city's reports at once (`audit --store DIR --year Y REPORTS...|FOLDER`): each report matched
to its stored unit by name (text or file name), one table per unit, the summary, the exit code.
Figures: tests/two_units.py (测试市一局 2024 支出合计 420.50, +70.50, +20.14 %; 测试市二局 2024
支出合计 1234.56, −165.44 from 1400.00, i.e. −11.82 %)."""

from __future__ import annotations

import pytest

from perfeval.audit import Paragraph
from perfeval.audit.batch import match_unit
from perfeval.cli.main import main
from perfeval.store.core import Store
from tests import two_units

A, B = two_units.UNIT_A, two_units.UNIT_B


@pytest.fixture
def store_root(tmp_path):
    store = Store(tmp_path / "store")
    for unit, year in two_units.FIGURES:
        two_units.save(store, unit, year)
    return tmp_path / "store"


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    # named by its file only; a true text
    (folder / f"{A}2024年度部门整体支出绩效自评报告.txt").write_text(
        "2024年度本单位支出合计420.50万元，比上年增加70.50万元，增长20.14%。", encoding="utf-8"
    )
    # named in its title only; its rate is wrong (−165.44 ÷ 1400.00 = −11.82 %)
    (folder / "report-2.md").write_text(
        f"# {B}2024年度自评报告\n\n支出合计1234.56万元，比上年减少165.44万元，下降12.82%。\n",
        encoding="utf-8",
    )
    return folder


def test_a_folder_of_reports_is_matched_audited_and_summed_up(store_root, reports, capsys) -> None:
    code = main(["audit", str(reports), "--store", str(store_root), "--year", "2024"])
    out = capsys.readouterr().out
    assert code == 1  # 测试市二局's 12.82 %
    assert f"## {A}（{A}2024年度部门整体支出绩效自评报告.txt）" in out
    assert f"## {B}（report-2.md）" in out
    section_b = out.split(f"## {B}")[1].split("## 汇总")[0]
    assert "| 12.82% | 不一致 |" in section_b and "| 11.82% |" in section_b
    summary = out.split("## 汇总")[1]
    assert "| 单位 | 报告 | 数字数 | 不一致 | 存疑 | 无法核对 |" in summary
    assert f"| {A} | {A}2024年度部门整体支出绩效自评报告.txt | 3 | 0 | 0 | 0 |" in summary
    assert f"| {B} | report-2.md | 3 | 1 | 0 | 0 |" in summary


def test_true_reports_exit_0_and_an_unmatched_one_exits_2(store_root, reports, capsys) -> None:
    good = reports / f"{A}2024年度部门整体支出绩效自评报告.txt"
    code = main(["audit", str(good), str(good), "--store", str(store_root), "--year", "2024"])
    assert code == 0
    stray = reports / "其他单位.txt"
    stray.write_text("某县某局支出合计100万元。", encoding="utf-8")
    capsys.readouterr()
    assert main(["audit", str(good), str(stray), "--store", str(store_root)]) == 2
    captured = capsys.readouterr()
    assert "其他单位.txt: 报告的文字和文件名中都没有数据库里的单位名称" in captured.err
    assert "| （未匹配） | 其他单位.txt | — |" in captured.out


def test_the_unit_is_its_name_in_the_text_before_the_file_name() -> None:
    units = ["常宁市科技和工业信息化局", "常宁市财政局"]
    text = [Paragraph("第1段", "科技和工业信息化局2024年度部门整体支出绩效自评报告")]
    assert match_unit(text, "常宁市财政局.docx", units) == ("常宁市科技和工业信息化局", "")
    assert match_unit([], "常宁市财政局-2024.pdf", units) == ("常宁市财政局", "")
    both = [Paragraph("第1段", "常宁市财政局、常宁市科技和工业信息化局联合报告")]
    unit, why = match_unit(both, "x.txt", units)
    assert unit is None and "多个单位" in why
