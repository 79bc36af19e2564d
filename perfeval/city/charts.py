"""Plotly figures of the city page, drawn from a `city.City`: ranking, execution against score,
grades and the city's spending by year. Colours and layout are those of perfeval.charts."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go

from perfeval import fmt
from perfeval.charts import (
    BASIC_COLOR,
    PROJECT_COLOR,
    STATUS_COLORS,
    TOTAL_COLOR,
    _f,
    _layout,
    empty_figure,
)
from perfeval.city.rows import City, UnitRow
from perfeval.model import scoring
from perfeval.schema import CAT_BASIC, CAT_PROJECT, STATUS_MET, STATUS_MISSED

TOP_N = 15
OTHERS = "其他"
OTHERS_CAP = Decimal("1.5")  # the 其他 bar is drawn at most this × the largest unit's
GRADE_COLORS = {
    scoring.GRADE_EXCELLENT: STATUS_COLORS[STATUS_MET],
    scoring.GRADE_GOOD: "#74b816",
    scoring.GRADE_FAIR: "#f08c00",
    scoring.GRADE_POOR: STATUS_COLORS[STATUS_MISSED],
    scoring.GRADE_NONE: "#adb5bd",
}
# 量化指标占比 from few (red) to all (green): the eye finds high scores resting on little.
SHARE_SCALE = [[0.0, "#c92a2a"], [0.5, "#f08c00"], [1.0, "#2b8a3e"]]


def ranked(city: City, top: int = TOP_N) -> go.Figure:
    """Units by 支出合计, largest at the top; the rest summed as 其他. A 其他 bar longer than
    OTHERS_CAP × the largest unit is drawn cut (hatched) at that length; its label tells the truth."""
    title = f"{city.year}年各单位支出合计排名（前{top}名）"
    shown, others = city.ranking(top)
    if not shown:
        return empty_figure(title, "没有支出数据")
    bars = [
        (r.unit, r.total.current, f"{r.unit}<br>支出合计 {fmt.money(r.total.current)}", False)
        for r in shown
    ]
    if others is not None:
        bars.append(
            (
                f"{OTHERS}（{others.units}个单位）",
                others.total,
                f"其余{others.units}个单位合计 {fmt.money(others.total)}",
                True,
            )
        )
    cap = shown[0].total.current * OTHERS_CAP
    bars.reverse()  # plotly draws the first bar at the bottom
    fig = go.Figure(
        go.Bar(
            x=[_f(min(v, cap)) if is_other else _f(v) for _, v, _, is_other in bars],
            y=[name for name, *_ in bars],
            orientation="h",
            marker={
                "color": ["#adb5bd" if o else PROJECT_COLOR for *_, o in bars],
                "pattern": {"shape": ["/" if o and v > cap else "" for _, v, _, o in bars]},
            },
            text=[f"{fmt.money(v)}（{fmt.percent(city.share(v))}）" for _, v, _, _ in bars],
            textposition="auto",
            hovertext=[h for _, _, h, _ in bars],
            hoverinfo="text",
        )
    )
    fig.update_xaxes(title_text="万元", gridcolor="#f1f3f5", tickformat=",.0f")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, height=max(320, 28 * len(bars) + 100))


def _scatter_rows(city: City) -> list[UnitRow]:
    return [r for r in city.rows if r.exec_rate is not None and r.score is not None]


def exec_vs_score(city: City) -> go.Figure:
    """执行率 against 得分, one dot per unit, coloured by 量化指标占比 and sized by indicator count."""
    title = "预算执行率与自评得分（颜色：量化指标占比）"
    rows = _scatter_rows(city)
    if not rows:
        return empty_figure(title, "没有同时具备执行率和得分的单位")
    shares = [r.quantified_share if r.quantified_share is not None else Decimal(0) for r in rows]
    fig = go.Figure(
        go.Scatter(
            x=[_f(r.exec_rate * 100) for r in rows],
            y=[_f(r.score) for r in rows],
            mode="markers",
            marker={
                "size": [8 + min(r.indicators, 40) * 0.5 for r in rows],
                "color": [_f(s * 100) for s in shares],
                "colorscale": SHARE_SCALE,
                "cmin": 0,
                "cmax": 100,
                "colorbar": {"title": {"text": "量化<br>占比%"}, "thickness": 12},
                "line": {"color": "white", "width": 1},
            },
            hovertext=[
                f"{r.unit}<br>执行率 {fmt.percent(r.exec_rate)} · 得分 {fmt.amount(r.score)}（{r.grade}）"
                f"<br>量化指标 {r.quantified}/{r.indicators}个（{fmt.percent(r.quantified_share)}）"
                for r in rows
            ],
            hoverinfo="text",
        )
    )
    fig.add_vline(x=100, line_dash="dash", line_color=TOTAL_COLOR)
    fig.add_hline(y=90, line_dash="dot", line_color=GRADE_COLORS[scoring.GRADE_EXCELLENT])
    fig.update_xaxes(title_text="预算执行率（%）", gridcolor="#f1f3f5")
    fig.update_yaxes(title_text="自评得分", gridcolor="#f1f3f5")
    return _layout(fig, title, height=420)


def grades(city: City) -> go.Figure:
    """Units per grade (优 良 中 差 无法评分)."""
    counts = city.grades
    title = f"自评等级分布（平均得分 {fmt.amount(city.mean_score)}分）"
    if not city.rows:
        return empty_figure("自评等级分布", "没有单位数据")
    names = list(counts)
    fig = go.Figure(
        go.Bar(
            x=names,
            y=[counts[g] for g in names],
            marker_color=[GRADE_COLORS[g] for g in names],
            text=[f"{counts[g]}个" for g in names],
            textposition="outside",
            hovertext=[f"{g}：{counts[g]}个单位" for g in names],
            hoverinfo="text",
        )
    )
    peak = max(counts.values()) or 1
    fig.update_yaxes(  # whole units: no 0.5 ticks on a small city
        title_text="单位数", gridcolor="#f1f3f5", range=[0, peak * 1.2], dtick=max(1, -(-peak // 5))
    )
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=320)


def by_year(city: City) -> go.Figure:
    """The city's 基本支出 and 项目支出 stacked per year; the number of reporting units in the label."""
    totals = [t for t in city.by_year if t.total is not None]
    this = next((t for t in totals if t.year == city.year), None)
    title = f"全市历年支出（{city.year}年 {fmt.money(this.total)}）" if this else "全市历年支出"
    if not totals:
        return empty_figure(title, "没有支出数据")
    years = [str(t.year) for t in totals]
    fig = go.Figure()
    for name, attr, color in (
        (CAT_BASIC, "basic", BASIC_COLOR),
        (CAT_PROJECT, "project", PROJECT_COLOR),
    ):
        values = [getattr(t, attr) for t in totals]
        fig.add_bar(
            x=years,
            y=[_f(v) for v in values],
            name=name,
            marker_color=color,
            marker_opacity=[1.0 if t.year == city.year else 0.55 for t in totals],
            hovertext=[f"{y}年{name} {fmt.money(v)}" for y, v in zip(years, values, strict=True)],
            hoverinfo="text",
        )
    fig.add_scatter(  # a mark on each bar's top, the total (and units reporting) on hover
        x=years,
        y=[_f(t.total) for t in totals],
        mode="markers",
        marker={"color": TOTAL_COLOR, "size": 6},
        showlegend=False,
        hovertext=[f"{t.year}年支出合计 {fmt.money(t.total)}（{t.units}个单位）" for t in totals],
        hoverinfo="text",
    )
    peak = max(float(t.total) for t in totals)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(
        title_text="万元", gridcolor="#f1f3f5", range=[0, peak * 1.1], tickformat=",.0f"
    )
    fig.update_xaxes(type="category")
    return _layout(fig, title, height=380)
