"""The upload page's words (perfeval/web/upload_texts.py), without a page: each file's heading and
icon, what saving would make of it, the count under the list and the message after saving."""

from __future__ import annotations

from pathlib import Path

from perfeval import checking, pipeline
from perfeval.readers import read_workbook
from perfeval.schema import ACTUAL, CAT_BASIC, CATEGORY, FUND, FUND_GENERAL, ITEM, Problem
from perfeval.store.core import Store, prepare
from perfeval.web import upload_texts
from perfeval.web.upload_texts import ICON_ERROR, ICON_OK, ICON_WARNING, CheckedUpload
from tests.builders import contract_workbook

UNIT = "测试*局"  # a Markdown character in the name: every heading must escape it


def checked(name: str, actual: str = "10", problems: list[Problem] | None = None):
    data = contract_workbook(
        UNIT, 2024, [{FUND: FUND_GENERAL, CATEGORY: CAT_BASIC, ITEM: "人员经费", ACTUAL: actual}]
    )
    result = read_workbook(data, name)
    assert result.ok, result.problems
    return CheckedUpload(name, data, result, list(problems or []))


WARNING = Problem("warning", "偏差原因未说明", sheet="绩效指标", row=3)
ERROR = Problem("error", "全年执行数不是数字", sheet="支出", row=3, column=ACTUAL)


def groups_of(*items: CheckedUpload) -> list[pipeline.UnitYearFiles]:
    files = [(i.filename, i.data, pipeline.parts_of(i.result), None) for i in items if i.ok]
    return pipeline.combine_files([f for f in files if f[2]])


def test_a_file_that_can_be_saved(tmp_path):
    item = checked("a.xlsx")
    store = Store(tmp_path / "s")
    plan = checking.plan_save([prepare(item.result.workbook, item.data, item.filename)], store)
    heading = upload_texts.file_heading(item, None, plan)
    assert heading.title == r"a.xlsx（可以保存） — 测试\*局 2024年度"
    assert heading.icon == ICON_OK and not heading.conflicted
    note = upload_texts.version_note(item.result.workbook, plan, "a.xlsx", None, 1)
    assert note == r"将新建 **测试\*局 2024年度** 的第1版。"
    assert (
        upload_texts.counts_caption(1, 1, 0, [], plan)
        == "共1个文件（0个单位年度）：1个版本将保存。"
    )


def test_warnings_and_errors_in_the_heading():
    plan = checking.SavePlan([], [], [])
    warned = checked("w.xlsx", problems=[WARNING, WARNING])
    heading = upload_texts.file_heading(warned, None, plan)
    assert heading.title.startswith("w.xlsx（可以保存；警告2个）") and heading.icon == ICON_WARNING
    broken = checked("e.xlsx", problems=[ERROR, WARNING])
    heading = upload_texts.file_heading(broken, None, plan)
    # an error outweighs the warnings: no 警告 count on a file that cannot be saved
    assert heading.title.startswith("e.xlsx（有错误，不能保存）") and heading.icon == ICON_ERROR
    assert broken.errors == 1 and broken.warnings == 1


def test_the_same_bytes_again_and_the_next_version(tmp_path):
    item = checked("a.xlsx")
    store = Store(tmp_path / "s")
    (first,) = store.save_prepared([prepare(item.result.workbook, item.data, item.filename)])
    plan = checking.plan_save([prepare(item.result.workbook, item.data, item.filename)], store)
    assert upload_texts.upload_status(item, plan) == "与第1版相同，未保存"
    note = upload_texts.version_note(item.result.workbook, plan, "a.xlsx", first, 2)
    assert (
        note == r"此文件与 **测试\*局 2024年度** 的第1版（当前版本）完全相同，保存时不会新建版本。"
    )
    changed = checked("b.xlsx", actual="12")
    plan = checking.plan_save([prepare(changed.result.workbook, changed.data, "b.xlsx")], store)
    note = upload_texts.version_note(changed.result.workbook, plan, "b.xlsx", first, 2)
    assert note.startswith(r"将保存为 **测试\*局 2024年度** 的第2版，替换当前的第1版（a.xlsx，")
    assert note.endswith("）。旧版本保留，可随时恢复。")
    message = upload_texts.saved_message([first], plan, first_save=True)
    assert message.startswith(r"已保存1个工作簿：测试\*局 2024年度 第1版。")
    assert message.endswith(upload_texts.SAMPLES_GONE)


def test_two_files_of_one_unit_year_are_a_conflict(tmp_path):
    a, b = checked("a.xlsx"), checked("b.xlsx", actual="11")
    store = Store(tmp_path / "s")
    uploads = [prepare(i.result.workbook, i.data, i.filename) for i in (a, b)]
    plan = checking.plan_save(uploads, store)
    heading = upload_texts.file_heading(a, None, plan)
    assert heading.title.startswith("a.xlsx（与其他文件属同一单位年度，不能保存）")
    assert heading.conflicted and heading.icon == ICON_WARNING
    caption = upload_texts.counts_caption(2, 2, 0, [], plan)
    assert caption == "共2个文件（0个单位年度）：0个版本将保存，2个因同一单位年度重复需处理。"


def test_counts_name_every_reason_a_file_is_not_saved():
    plan = checking.SavePlan([], [], [])
    # 5 files: 1 with errors, 1 refused for rights, 3 fine but none to save
    caption = upload_texts.counts_caption(5, 3, 1, [], plan)
    assert caption == "共5个文件（0个单位年度）：0个版本将保存，1个文件有错误，1个无权上传。"


def test_merged_files_take_the_groups_status():
    # the four 决算 tables of the forms sample: one unit-year, combined into one version
    folder = Path(__file__).resolve().parent.parent / "data" / "samples" / "forms"
    items = []
    for path in sorted(folder.glob("决算-*.xlsx")):
        data = path.read_bytes()
        result = read_workbook(data, path.name)
        assert result.ok, result.problems
        items.append(CheckedUpload(path.name, data, result, []))
    (group,) = groups_of(*items)
    assert group.ok and len(group.files) == 4
    heading = upload_texts.file_heading(items[0], group, checking.SavePlan([], [], []))
    assert heading.title.startswith(f"{items[0].filename}（可以保存，与其他文件合并）")
    assert heading.icon == ICON_OK
