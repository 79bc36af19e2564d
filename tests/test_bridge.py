"""The 同比 bridge: last year's total + every step = this year's total, in the model and as drawn.
A project gone this year, or new in it, is a step of its own; the chart only draws the model's."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from perfeval import charts
from perfeval.model import bridge
from perfeval.model.figures import build_model
from perfeval.schema import CAT_BASIC, CAT_PROJECT, CATEGORY, ITEM, ITEM_PERSONNEL, ITEM_PUBLIC
from tests.builders import basic, line, project, workbook

UNIT = "某局"


def _model(before: list[dict], now: list[dict]):
    return build_model({2023: workbook(UNIT, 2023, before), 2024: workbook(UNIT, 2024, now)}, 2024)


def _steps(model) -> list[tuple[str, D, str]]:
    return [(s.name, s.amount, s.kind) for s in model.overall.bridge.steps]


def _drawn_end(fig) -> float:
    """Where plotly draws the last bar: it adds up the bars it is given, whatever the label says."""
    wf = fig.data[0]
    return wf.x[0] + sum(wf.x[1:-1])


def test_a_project_gone_this_year_is_a_step_and_the_drawn_total_is_the_total():
    # The case: 180 last year, 155 this year; 乙 (30) ended. Before the fix the chart
    # showed 人员经费 -5, 公用经费 0, 甲 +10 and plotly drew 185 under a label of 155.
    model = _model(
        [
            basic(ITEM_PERSONNEL, "60"),
            basic(ITEM_PUBLIC, "40"),
            project("甲", "50"),
            project("乙", "30"),
        ],
        [basic(ITEM_PERSONNEL, "55"), basic(ITEM_PUBLIC, "40"), project("甲", "60")],
    )
    br = model.overall.bridge
    assert (br.start, br.end) == (D("180"), D("155"))
    assert _steps(model) == [
        (ITEM_PERSONNEL, D("-5"), bridge.CHANGED),
        (ITEM_PUBLIC, D("0"), bridge.CHANGED),
        ("甲", D("10"), bridge.CHANGED),
        ("乙", D("-30"), bridge.ENDED),
    ]
    fig = charts.yoy_waterfall(model)
    wf = fig.data[0]
    assert list(fig.layout.yaxis.ticktext) == [
        "2023年支出",
        ITEM_PERSONNEL,
        ITEM_PUBLIC,
        "甲",
        "乙（已结束）",
        "2024年支出",
    ]
    assert list(wf.text) == ["180.00", "-5.00", "±0.00", "+10.00", "-30.00", "155.00"]
    assert _drawn_end(fig) == pytest.approx(155.0)


def test_a_project_begun_this_year_is_a_step_of_its_whole_amount():
    model = _model(
        [basic(None, "100"), project("甲", "50")],
        [basic(None, "90"), project("甲", "45"), project("丙", "20.5")],
    )
    # 基本支出 not split into 人员/公用: one step for the category; the projects by line.
    assert _steps(model) == [
        (CAT_BASIC, D("-10"), bridge.CHANGED),
        ("甲", D("-5"), bridge.CHANGED),
        ("丙", D("20.5"), bridge.BEGAN),
    ]
    fig = charts.yoy_waterfall(model)
    assert "丙（新增）" in fig.layout.yaxis.ticktext
    assert _drawn_end(fig) == pytest.approx(155.5)


def test_many_project_lines_are_grouped_by_what_happened_to_them():
    before = [project(f"延续{i}", "10") for i in range(5)] + [
        project("旧甲", "7"),
        project("旧乙", "3"),
    ]
    now = [project(f"延续{i}", "12") for i in range(5)] + [project("新甲", "4")]
    model = _model(before, now)
    # 8 lines > MAX_PROJECT_STEPS: continuing 5 × +2, begun 4, ended -(7 + 3)
    assert [(s.name, s.amount, s.kind, s.count, s.grouped) for s in model.overall.bridge.steps] == [
        (bridge.CONTINUING, D("10"), bridge.CHANGED, 5, True),
        (bridge.BEGUN_GROUP, D("4"), bridge.BEGAN, 1, True),
        (bridge.ENDED_GROUP, D("-10"), bridge.ENDED, 2, True),
    ]
    labels = list(charts.yoy_waterfall(model).layout.yaxis.ticktext)
    assert labels[1:4] == ["延续项目（5个）", "新增项目（1个）", "结束项目（2个）"]
    # 5 × 10 + 7 + 3 = 60 → 60 + 10 + 4 - 10 = 64 = 5 × 12 + 4
    assert model.overall.bridge.start == D("60") and model.overall.bridge.end == D("64")


def test_a_category_gone_this_year_still_moves_the_total():
    # Last year had 基本支出, this year only projects (lines not itemised: one step each).
    model = _model([basic(None, "30"), project(None, "70")], [project(None, "90")])
    assert _steps(model) == [
        (CAT_BASIC, D("-30"), bridge.CHANGED),
        (CAT_PROJECT, D("20"), bridge.CHANGED),
    ]
    assert _drawn_end(charts.yoy_waterfall(model)) == pytest.approx(90.0)


def test_the_seed_bridge_is_the_report_figures(seed_history):
    br = build_model(seed_history).overall.bridge
    # 6105.94 - 65.47 + 1133.55 = 7174.02 (the seed report's 支出合计 and its category changes)
    assert br.start == D("6105.94") and br.end == D("7174.02")
    assert [(s.name, s.amount) for s in br.steps] == [
        (CAT_BASIC, D("-65.47")),
        (CAT_PROJECT, D("1133.55")),
    ]


def test_a_bridge_that_does_not_add_up_cannot_be_built():
    with pytest.raises(ValueError, match="does not add up"):
        bridge.Bridge(D("10"), (bridge.Step("甲", D("1")),), D("12"))


def test_no_previous_year_no_bridge(seed_history):
    assert build_model(seed_history, 2023).overall.bridge is None


# ---------------------------------------------------------------- property

NAMES = ("甲", "乙", "丙", "丁", "戊", "己", "庚", "辛")
amounts = st.decimals(min_value=-500, max_value=100_000, places=2, allow_nan=False)
basic_items = st.sampled_from([ITEM_PERSONNEL, ITEM_PUBLIC, "其他", None])
project_items = st.sampled_from([*NAMES, None])
spending_line = st.one_of(
    st.builds(lambda i, a: line(CAT_BASIC, i, str(a)), basic_items, amounts),
    st.builds(lambda i, a: line(CAT_PROJECT, i, str(a)), project_items, amounts),
)
years = st.lists(spending_line, max_size=12)


@given(before=years, now=years)
@example(  # the history: a project of last year gone this year
    before=[basic(ITEM_PERSONNEL, "60"), project("甲", "50"), project("乙", "30")],
    now=[basic(ITEM_PERSONNEL, "55"), project("甲", "60")],
)
@example(before=[project("甲", "1")], now=[basic(ITEM_PUBLIC, "2")])  # each category in one year
def test_first_bar_plus_every_step_is_the_last_bar(before, now):
    model = _model(before, now)
    b = model.overall
    br = b.bridge
    if b.total.previous is None or b.total.current is None:
        assert br is None
        return
    assert br.start == b.total.previous and br.end == b.total.current
    assert br.start + sum((s.amount for s in br.steps), D(0)) == br.end
    # every project of either year is in a step when both years name their lines
    named = {s.name for s in br.steps if not s.grouped}
    grouped = sum(s.count for s in br.steps if s.grouped)
    project_names = {r[ITEM] for r in before + now if r[CATEGORY] == CAT_PROJECT}
    if None not in project_names and all(
        any(r[CATEGORY] == CAT_PROJECT for r in rows) for rows in (before, now)
    ):
        assert project_names <= named or grouped == len(project_names)
    fig = charts.yoy_waterfall(model)
    assert _drawn_end(fig) == pytest.approx(float(br.end), abs=0.01)
    assert fig.data[0].x[-1] == pytest.approx(float(br.end))
