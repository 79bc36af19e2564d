"""charts: each figure shows the model's numbers, and colour keeps one meaning."""

from decimal import Decimal as D

from perfeval import charts, fmt
from perfeval.findings import evaluate
from perfeval.schema import STATUS_MET, STATUS_UNQUANTIFIED
from tests.builders import basic, indicator, project, workbook


def test_composition_nodes_are_the_model_figures(seed_history):
    m = evaluate(seed_history)
    sun = charts.composition(m).data[0]
    values = dict(zip(sun.labels, sun.values, strict=True))
    assert values["支出合计"] == 7174.02 and values["基本支出"] == 796.58
    assert values["人员经费"] == 689.81 and values["项目支出"] == 6377.44
    assert values["先进制造业高地建设经费"] == 2192.56
    # branchvalues="total": children never exceed their parent
    assert abs(values["人员经费"] + values["公用经费"] - values["基本支出"]) < 1e-9
    assert any("6377.44万元" in h for h in sun.hovertext)


def test_waterfall_runs_from_last_year_to_this_year(seed_history):
    m = evaluate(seed_history)
    fig = charts.yoy_waterfall(m)
    wf = fig.data[0]
    # one row per step, first at the top: labels never meet however narrow the column
    assert wf.orientation == "h" and fig.layout.yaxis.autorange == "reversed"
    assert list(fig.layout.yaxis.ticktext) == ["2023年支出", "基本支出", "项目支出", "2024年支出"]
    assert list(wf.measure) == ["absolute", "relative", "relative", "total"]
    assert list(wf.x) == [6105.94, -65.47, 1133.55, 7174.02]
    assert list(wf.text) == ["6105.94", "-65.47", "+1133.55", "7174.02"]
    # the whole title is short; the two totals are the subtitle (the title was cut before)
    assert fig.layout.title.text == "支出同比变化"
    assert fig.layout.title.subtitle.text == "6105.94万元 → 7174.02万元"
    assert [h.split("<br>")[1] for h in wf.hovertext] == [
        "6105.94万元",
        "-65.47万元",
        "+1133.55万元",
        "7174.02万元",
    ]
    assert wf.increasing.marker.color == charts.INCREASE_COLOR
    assert wf.decreasing.marker.color == charts.DECREASE_COLOR


def test_waterfall_without_last_year_says_so(seed_history):
    fig = charts.yoy_waterfall(evaluate(seed_history, 2023))
    assert not fig.data and "没有2022年数据" in fig.layout.annotations[0].text


def test_projects_ranked_largest_on_top(seed_history):
    bar = charts.projects_ranked(evaluate(seed_history)).data[0]
    assert bar.y[-1] == "先进制造业高地建设经费" and bar.text[-1] == "2192.56万元"
    assert list(bar.x) == sorted(bar.x)


def test_kpi_colours_follow_status():
    wb = workbook(
        "局",
        2024,
        [basic(None, "1")],
        [indicator("甲", "10", "12"), indicator("乙", None, "5"), indicator("丙", "10", "5")],
    )
    fig = charts.kpi_progress(evaluate({2024: wb}))
    by_status = {t.name: t for t in fig.data}
    assert by_status[STATUS_MET].marker.color == charts.STATUS_COLORS[STATUS_MET]
    assert list(by_status[STATUS_MET].text) == ["120.00%"]
    assert list(by_status[STATUS_UNQUANTIFIED].text) == ["未量化"]
    assert list(by_status["未达标"].text) == ["50.00%"]


def test_execution_and_trend(seed_history):
    m = evaluate(seed_history)
    ex = charts.execution(m)
    assert "96.89%" in ex.layout.title.text
    assert "先进制造业高地建设经费 " + fmt.percent(D("2192.56") / D("2300")) in ex.data[0].y
    trend = charts.trend(m)
    assert [t.name for t in trend.data[:2]] == ["基本支出", "项目支出"]
    assert list(trend.data[2].text) == ["6105.94万元", "7174.02万元"]
    # 2023 is the first stored year but 2024 exists: say so, not "only one year"
    first = charts.trend(evaluate(seed_history, 2023)).layout.annotations[0].text
    assert first == "没有2023年以前的数据，<br>选择2024年度可查看历年趋势"
    only = charts.trend(evaluate({2023: seed_history[2023]})).layout.annotations[0].text
    assert only == "只有一个年度的数据，暂无趋势"


def test_empty_inputs_give_a_message_not_an_error():
    wb = workbook("局", 2024, [basic(None, "1")])
    m = evaluate({2024: wb})
    assert "没有项目支出明细" in charts.projects_ranked(m).layout.annotations[0].text
    assert "未填报绩效指标" in charts.kpi_progress(m).layout.annotations[0].text
    assert "未填报全年预算数" in charts.execution(m).layout.annotations[0].text


# ---------------------------------------------------------------- legibility defects of the trial


def test_kpi_chart_legend_on_top_without_title_and_line_under_labels():
    wb = workbook(
        "局",
        2024,
        [basic(None, "1")],
        [indicator("甲", "10", "10"), indicator("乙", "10", "5"), indicator("丙", None, "5")],
    )
    fig = charts.kpi_progress(evaluate({2024: wb}))
    legend = fig.layout.legend
    assert legend.y >= 1 and legend.yanchor == "bottom" and not legend.title.text
    assert fig.layout.xaxis.title.text.startswith("完成率")  # at the bottom, alone
    (line,) = fig.layout.shapes
    assert line.x0 == 100 and line.layer == "below"
    assert fig.layout.barmode == "overlay"  # one bar per row, not a slot per status
    assert all(t.textposition == "auto" and t.insidetextanchor == "end" for t in fig.data)
    assert fig.layout.height == max(220, 3 * charts.KPI_ROW_HEIGHT + charts.KPI_CHART_FRAME)
    assert not fig.layout.yaxis.showgrid


def test_kpi_chart_shows_a_qualitative_result_not_unquantified():
    qual = indicator("群众评价", None, "0", direction="定性", **{"定性结果": "部分达成"})
    fig = charts.kpi_progress(evaluate({2024: workbook("局", 2024, [basic(None, "1")], [qual])}))
    assert list(fig.data[0].text) == ["定性：部分达成"]


def test_execution_axis_tells_94_from_100_percent():
    wb = workbook("局", 2024, [basic("人员经费", "94", "100"), basic("公用经费", "10", "10")])
    fig = charts.execution(evaluate({2024: wb}))
    dots = fig.data[0]
    assert sorted(dots.x) == [94.0, 100.0]
    assert sorted(dots.y) == ["人员经费 94.00%", "公用经费 100.00%"]
    low, high = fig.layout.xaxis.range
    # 6 points are at least a fifth of the axis (from 0 they were 6 %)
    assert 6 / (high - low) > 0.2 and low > 80
    assert charts.execution_axis([94.0, 100.0]) == [91.0, 103.0]


def test_execution_axis_caps_a_slip_at_150_percent():
    wb = workbook("局", 2024, [basic("人员经费", "1500", "150"), basic("公用经费", "9", "10")])
    fig = charts.execution(evaluate({2024: wb}))
    assert max(fig.data[0].x) == 150.0 and "人员经费 1000.00%" in fig.data[0].y
    assert "150%封顶绘制" in fig.layout.xaxis.title.text


def test_sunburst_labels_what_fits_and_has_no_notch(seed_history):
    sun = charts.composition(evaluate(seed_history)).data[0]
    shown = dict(zip(sun.labels, sun.text, strict=True))
    assert shown["项目支出"] == "项目支出" and shown["先进制造业高地建设经费"] == "先进制造业高地…"
    assert shown["公用经费"] == ""  # 106.77 of 7174.02 is 1.5 %: hover only
    assert all(h.startswith(label) for label, h in zip(sun.labels, sun.hovertext, strict=True))
    unsplit = workbook("局", 2024, [basic(None, "30"), project("甲", "70")])
    sun = charts.composition(evaluate({2024: unsplit})).data[0]
    values = dict(zip(sun.ids, sun.values, strict=True))
    assert values["basic_whole"] == values["basic"] == 30.0  # the outer ring is closed


def test_composition_with_personnel_only_draws_what_there_is():
    """人员经费 without 公用经费 is itemised basic spending with one part: no crash, no empty node."""
    m = evaluate({2024: workbook("某局", 2024, [basic("人员经费", "8"), project("甲", "5")])})
    (sunburst,) = charts.composition(m).data
    assert list(sunburst.labels[:3]) == ["支出合计", "基本支出", "人员经费"]
    assert "公用经费" not in sunburst.labels
    assert list(sunburst.values[:3]) == [13.0, 8.0, 8.0]
