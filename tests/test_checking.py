"""Findings before saving: a file is told at check time what the report will say, errors first;
one save stores at most one version per unit-year and never the current version's bytes again."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from perfeval import checking, pipeline
from perfeval.cli.main import main as cli_main
from perfeval.findings import evaluate
from perfeval.model.rules import CODE_INCOME_GAP, CODE_OVER_BUDGET, INCOME_CHECK
from perfeval.model.scoring import CODE_MISSING_REASON, EXPLANATION
from perfeval.readers import read_workbook
from perfeval.schema import (
    CAT_BASIC,
    FUND_GENERAL,
    ITEM_PERSONNEL,
    PART,
    SHEET_INCOME,
    SHEET_SPENDING,
    Problem,
)
from perfeval.store.core import Store, prepare
from perfeval.template import EXAMPLE_PREFIX, write_template
from tests.builders import basic, project, workbook
from tests.shared import TRIAL_UNIT as UNIT
from tests.shared import trial_file


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_check_time_findings_are_the_reports_findings():
    result = read_workbook(trial_file(), "trial.xlsx")
    assert result.ok and not result.warnings  # what check said before: 可以保存（警告0个）
    found = checking.check_findings(result)
    model = evaluate({2024: result.workbook})
    assert [p for p in found if p.level != "error"] == model.findings
    over = [p for p in found if p.code == CODE_OVER_BUDGET]
    # the line (row 4: header on row 2, 人员经费 on 3) and overall: 2070.77 / 770.77 = 268.66 %
    assert over[0].row == 4 and "数字化改造" in over[0].message and "1000.00%" in over[0].message
    assert over[1].row is None and "268.66%" in over[1].message and "封顶" in over[1].message
    gap = [p for p in found if p.code == CODE_INCOME_GAP]
    assert len(gap) == 1 and gap[0].sheet == SHEET_INCOME and gap[0].level == "warning"
    assert "相差1357.20万元" in gap[0].message
    assert CODE_MISSING_REASON in codes(found)


def test_income_gap_is_never_passed_and_equal_income_passes():
    model = evaluate({2024: read_workbook(trial_file(), "t.xlsx").workbook})
    check = next(c for c in model.checks if c.name == INCOME_CHECK)
    assert check.passed is False and check.outcome == "未通过" and "1357.20万元" in check.detail
    wb = workbook(UNIT, 2024, [basic(ITEM_PERSONNEL, "10")])
    wb.income = wb.income.iloc[0:0]
    assert next(c for c in evaluate({2024: wb}).checks if c.name == INCOME_CHECK).passed is None


def test_execution_over_100_percent_is_capped_and_said_so():
    wb = workbook(UNIT, 2024, [basic(ITEM_PERSONNEL, "110", "100")])
    part = evaluate({2024: wb}).score.parts.iloc[0]
    assert part[PART] == "预算执行率" and "超过100%，按100%计分" in part[EXPLANATION]
    wb = workbook(UNIT, 2024, [basic(ITEM_PERSONNEL, "90", "100")])
    assert "超过100%" not in evaluate({2024: wb}).score.parts.iloc[0][EXPLANATION]


def test_yoy_checks_without_previous_year_are_not_passed():
    model = evaluate({2024: workbook(UNIT, 2024, [basic(ITEM_PERSONNEL, "10")])})
    yoy = [c for c in model.checks if c.name.endswith("同比")]
    assert len(yoy) == 3 and all(c.passed is None and c.outcome == "未核对" for c in yoy)


def test_findings_are_listed_errors_then_warnings_then_notes():
    notes = [Problem("note", "n1"), Problem("warning", "w1"), Problem("error", "e1")]
    ordered = checking.by_severity([*notes, Problem("warning", "w2"), Problem("note", "n1")])
    assert [p.message for p in ordered] == ["e1", "w1", "w2", "n1"]


def test_template_example_sheets_give_no_notes():
    book = load_workbook(BytesIO(write_template(example=True)))
    book["基本信息"]["B3"], book["基本信息"]["B4"] = UNIT, 2024
    for column, value in zip(
        "ABCEF", (FUND_GENERAL, CAT_BASIC, ITEM_PERSONNEL, 10, 10), strict=True
    ):
        book["支出"][f"{column}3"] = value
    out = BytesIO()
    book.save(out)
    result = read_workbook(out.getvalue(), "filled.xlsx")
    assert any((p.sheet or "").startswith(EXAMPLE_PREFIX) for p in result.problems)
    found = checking.check_findings(result)
    assert result.ok and not any((p.sheet or "").startswith(EXAMPLE_PREFIX) for p in found)


def test_cli_check_shows_the_findings_with_their_severity(tmp_path, capsys):
    path = tmp_path / "trial.xlsx"
    path.write_bytes(trial_file())
    assert cli_main(["check", str(path)]) == 0
    err = capsys.readouterr().err
    assert (
        "[警告] 收入「全年收入数」：收入合计713.57万元，支出合计2070.77万元，相差1357.20万元" in err
    )
    assert f"[警告] {SHEET_SPENDING} 第4行" in err
    assert "可以入库（错误0个，警告4个，提示0个）" in err


# ---------------------------------------------------------------- one unit-year, one version


def upload(data: bytes, name: str):
    result = read_workbook(data, name)
    return prepare(result.workbook, data, name)


def test_two_files_of_one_unit_year_are_a_conflict_and_nothing_of_it_is_saved(tmp_path):
    store = Store(tmp_path)
    a, b = upload(trial_file(), "甲.xlsx"), upload(trial_file(reason="培训延期"), "乙.xlsx")
    other = upload(trial_file(2023), "2023.xlsx")
    plan = checking.plan_save([a, b, other], store)
    assert plan.save == [other] and not plan.unchanged
    assert [c.filenames for c in plan.conflicts] == [("甲.xlsx", "乙.xlsx")]
    message = plan.conflicts[0].message
    assert "「甲.xlsx」、「乙.xlsx」" in message and f"{UNIT} 2024年度" in message


def test_identical_bytes_are_not_saved_again_and_the_same_file_twice_is_one(tmp_path):
    store = Store(tmp_path)
    data = trial_file()  # written once: openpyxl stamps the time into every file it writes
    a = upload(data, "a.xlsx")
    assert checking.plan_save([a, upload(data, "copy.xlsx")], store).save == [a]
    store.save_prepared([a])
    plan = checking.plan_save([upload(data, "again.xlsx")], store)
    assert not plan.save and plan.unchanged[0][1].version == 1
    assert checking.same_as_text(plan.unchanged[0][1].version) == "与第1版相同，未保存"


def test_cli_ingest_of_identical_bytes_says_so_and_exits_0(tmp_path, capsys):
    path = tmp_path / "t.xlsx"
    path.write_bytes(trial_file())
    store = str(tmp_path / "store")
    assert cli_main(["ingest", str(path), "--store", store]) == 0
    capsys.readouterr()
    assert cli_main(["ingest", str(path), "--store", store]) == 0
    assert f"{UNIT} 2024年度与第1版相同，未保存" in capsys.readouterr().out
    assert len(Store(store).versions(UNIT, 2024)) == 1


def test_cli_ingest_of_two_files_for_one_unit_year_refuses_both(tmp_path, capsys):
    paths = []
    for name, reason in (("甲.xlsx", None), ("乙.xlsx", "延期")):
        paths.append(tmp_path / name)
        paths[-1].write_bytes(trial_file(reason=reason))
    store = str(tmp_path / "store")
    assert cli_main(["ingest", *map(str, paths), "--store", store]) == 2
    assert "「甲.xlsx」、「乙.xlsx」都是" in capsys.readouterr().err
    assert Store(store).is_empty()


def test_delete_says_which_version_becomes_current(tmp_path):
    store = Store(tmp_path)
    for reason in ("一", "二", "三"):
        store.save_prepared([upload(trial_file(reason=reason), f"{reason}.xlsx")])
    store.delete(UNIT, 2024, 2)
    versions = store.versions(UNIT, 2024)
    assert checking.current_after_delete(versions, 3).version == 1  # 2 is deleted
    assert "删除后第1版（一.xlsx）成为当前版本" in checking.delete_text(versions, 3)
    assert "当前版本仍是第3版" in checking.delete_text(versions, 1)
    store.delete(UNIT, 2024, 3)
    assert store.current(UNIT, 2024).version == 1  # the store agrees with the dialog
    only = store.versions(UNIT, 2024)
    assert checking.current_after_delete(only, 1) is None
    assert "唯一未删除的版本" in checking.delete_text(only, 1)
    assert "当前的第1版保留为历史版本" in checking.restore_text(only, 1)


def test_pipeline_check_uses_the_same_findings(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(trial_file())
    checked = pipeline.check_for_ingest(path)
    assert checked.ok and CODE_INCOME_GAP in codes(checked.warnings)


def test_model_findings_of_a_clean_workbook_equal_the_models():
    wb = workbook(UNIT, 2024, [basic(ITEM_PERSONNEL, "10", "10"), project("甲", "5", "5")])
    assert checking.model_findings(wb) == evaluate({2024: wb}).findings
