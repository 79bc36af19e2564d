"""基本信息 as data: head counts read as whole numbers (errors naming the cell), 单位类型 from its
list, the 在职 ≫ 编制 finding, and per-head spending on the model and the overview."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from perfeval import fmt, pipeline, unitinfo
from perfeval.readers import read_workbook
from perfeval.schema import (
    INFO_RETIRED,
    INFO_RETIRED_ALL,
    INFO_RETIRED_EARLY,
    INFO_STAFF,
    INFO_STAFF_QUOTA,
    INFO_UNIT,
    INFO_UNIT_TYPE,
    INFO_VALUE,
    INFO_YEAR,
    SHEET_INFO,
)
from perfeval.template import FIRST_DATA_ROW, write_workbook
from tests.builders import basic, workbook

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.mark.parametrize(
    ("text", "count"),
    [("62", 62), ("62.0", 62), ("62人", 62), ("1,200", 1200), (" 0 ", 0), ("", None), (None, None)],
)
def test_counts_read_as_whole_numbers(text, count):
    assert unitinfo.parse_count(text) == count


@pytest.mark.parametrize(
    ("text", "says"),
    [("六十", "不是人数"), ("-3", "负数"), ("2.5", "不是整数"), ("约50人", "不是人数")],
)
def test_counts_that_are_not_whole_numbers_are_refused(text, says):
    with pytest.raises(ValueError, match=says):
        unitinfo.parse_count(text)


def _read(info: dict) -> list:
    data = write_workbook({INFO_UNIT: "测试局", INFO_YEAR: 2024, **info}, [basic("人员经费", "1")])
    return read_workbook(data, "t.xlsx").problems


def test_reader_names_the_cell_of_a_bad_count_and_a_bad_unit_type():
    problems = _read({INFO_STAFF_QUOTA: 50, INFO_STAFF: -3, INFO_UNIT_TYPE: "企业"})
    errors = [p for p in problems if p.level == "error"]
    assert len(errors) == 2
    kind, staff = errors  # in row order
    # rows follow INFO_KEYS: 单位名称, 年度, 单位类型, 编制数, 在职人数 (blank keys are left out)
    assert (staff.sheet, staff.row, staff.column) == (SHEET_INFO, FIRST_DATA_ROW + 4, INFO_VALUE)
    assert "在职人数" in staff.message and "负数" in staff.message
    assert (kind.row, kind.column) == (FIRST_DATA_ROW + 2, INFO_VALUE)
    assert "行政、事业" in kind.message
    assert not [
        p for p in _read({INFO_STAFF: "62人", INFO_UNIT_TYPE: "事业单位"}) if p.level == "error"
    ]


def test_staff_retired_total_and_per_head():
    staff = unitinfo.Staff.of({INFO_STAFF: "40", INFO_RETIRED_EARLY: "1", INFO_RETIRED: "9"})
    assert (staff.quota, staff.active, staff.retired) == (None, 40, 10)
    assert staff.per_head(Decimal("100")) == Decimal("2.5")
    assert unitinfo.Staff.of({INFO_STAFF: "0"}).per_head(Decimal(1)) is None
    assert unitinfo.Staff.of({INFO_RETIRED_ALL: "7", INFO_RETIRED: "9"}).retired == 7


def test_staff_far_above_quota_is_a_finding_and_a_failed_check():
    at_limit = {INFO_STAFF_QUOTA: "50", INFO_STAFF: "75"}  # exactly 1.5×: not "much greater"
    assert unitinfo.staff_findings(at_limit) == []
    over = workbook("测试局", 2024, [basic("人员经费", "80")], info={**at_limit, INFO_STAFF: "76"})
    m = pipeline.model_for({2024: over}, 2024)
    (finding,) = [f for f in m.findings if f.code == unitinfo.CODE_STAFF_OVER]
    assert "76人" in finding.message and "50人" in finding.message
    assert [c.passed for c in m.checks if c.name == "人数与编制相符"] == [False]
    mismatch = {INFO_RETIRED_ALL: "5", INFO_RETIRED_EARLY: "1", INFO_RETIRED: "3"}
    assert [f.code for f in unitinfo.staff_findings(mismatch)] == [unitinfo.CODE_RETIRED_SUM]


def test_overview_shows_per_head_spending_of_the_samples(monkeypatch, tmp_path):
    monkeypatch.setenv("PERFEVAL_STORE", str(tmp_path / "store"))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    assert not at.exception
    # seed 2024: 人员经费 689.81 and 公用经费 106.77 万元 over 62 在职 (编制 48)
    line = "在职62人（编制48人） · 人均人员经费 11.13万元 · 人均公用经费 1.72万元"
    assert line in [c.value for c in at.caption]
    assert fmt.money(Decimal("689.81") / 62) == "11.13万元"
