"""Plotly figures drawn from the model: every value and label is a figure the model holds.
Colour carries one meaning everywhere: category families, 增加/减少, and indicator status."""

from __future__ import annotations

from decimal import Decimal

import plotly.graph_objects as go

from perfeval import fmt
from perfeval.model import bridge, scoring
from perfeval.model.figures import TOTAL, YEAR, UnitYear
from perfeval.schema import (
    ACTUAL,
    ASSIGNED_WEIGHT,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    COMPLETION,
    EXEC_RATE,
    FUND_TOTAL,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    KPI_NAME,
    L1,
    L1_VALUES,
    L2,
    L2_VALUES,
    PART,
    RESULT_LEVEL,
    SCORE,
    SHARE,
    STATUS,
    STATUS_MET,
    STATUS_MISSED,
    STATUS_QUAL,
    STATUS_UNQUANTIFIED,
    records,
)

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BASIC_COLOR = "#3b5bdb"
PERSONNEL_COLOR = "#748ffc"
PUBLIC_COLOR = "#bac8ff"
PROJECT_COLOR = "#0b7285"
PROJECT_LINE_COLOR = "#3bc9db"
TOTAL_COLOR = "#495057"
INCREASE_COLOR = "#f08c00"
DECREASE_COLOR = "#1c7ed6"
STATUS_COLORS = {
    STATUS_MET: "#2b8a3e",
    STATUS_MISSED: "#c92a2a",
    STATUS_UNQUANTIFIED: "#adb5bd",
    STATUS_QUAL: "#7950f2",
}
COMPLETION_AXIS_CAP = 1.5  # bars longer than 150% are drawn at 150%, the label tells the truth
KPI_ROW_HEIGHT = 28  # px per indicator row: the chart's height follows the rows, no empty rows
KPI_CHART_FRAME = 120  # px for title, legend and axis


def _f(value: Decimal | None) -> float | None:
    """Plotly needs floats for geometry; every label shown comes from the exact Decimal."""
    return None if value is None else float(value)


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hoverlabel={"font": {"family": FONT}},
        separators=".,",
    )
    return fig


def empty_figure(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=240)


def composition(model: UnitYear) -> go.Figure:
    """Sunburst 支出合计 → 基本支出 (人员/公用) / 项目支出 (each project)."""
    b = model.overall
    title = f"{model.year}年支出构成"
    if b.total.current is None:
        return empty_figure(title, "没有支出数据")
    ids, labels, parents, values, colors, hovers = [], [], [], [], [], []

    shares: list[Decimal | None] = []

    def add(node_id: str, label: str, parent: str, value: Decimal, color: str):
        ids.append(node_id)
        labels.append(label)
        parents.append(parent)
        values.append(_f(value))
        colors.append(color)
        shares.append(b.share(value))
        hovers.append(f"{label}<br>{fmt.money(value)}<br>占比 {fmt.percent(shares[-1])}")

    total = b.total.current
    add("total", "支出合计", "", total, "#ffffff")
    if b.basic.current is not None:
        add("basic", CAT_BASIC, "total", b.basic.current, BASIC_COLOR)
        if b.basic_itemised:  # one of the two may be absent (a unit with 人员经费 only)
            if b.personnel.current is not None:
                add("personnel", ITEM_PERSONNEL, "basic", b.personnel.current, PERSONNEL_COLOR)
            if b.public.current is not None:
                add("public", ITEM_PUBLIC, "basic", b.public.current, PUBLIC_COLOR)
        else:  # one outer segment, so the ring has no notch where the breakdown is missing
            add("basic_whole", BASIC_UNSPLIT, "basic", b.basic.current, PERSONNEL_COLOR)
    if b.project.current is not None:
        add("project", CAT_PROJECT, "total", b.project.current, PROJECT_COLOR)
        for i, rec in enumerate(records(b.projects)):
            add(f"p{i}", rec[ITEM], "project", rec[ACTUAL], PROJECT_LINE_COLOR)
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker={"colors": colors, "line": {"color": "white", "width": 1}},
            hovertext=hovers,
            hoverinfo="text",
            # Each label turns to fit its segment; those that still do not fit at 10px are
            # hidden and left to the hover, which names every segment with amount and share.
            insidetextorientation="auto",
            text=[_ring_label(lab, sh) for lab, sh in zip(labels, shares, strict=True)],
            textinfo="text",
        )
    )
    fig.update_layout(uniformtext={"minsize": 10, "mode": "hide"})
    return _layout(fig, title, height=420)


BASIC_UNSPLIT = "未细分"
RING_LABEL_CHARS = 8  # longer names are cut on the chart; the hover gives them in full


RING_LABEL_MIN_SHARE = Decimal("0.03")


def _ring_label(label: str, share: Decimal | None) -> str:
    """A segment's label: empty for slivers under 3 % (never legible), long names shortened."""
    if share is None or share < RING_LABEL_MIN_SHARE:
        return ""
    return label if len(label) <= RING_LABEL_CHARS else label[: RING_LABEL_CHARS - 1] + "…"


def projects_ranked(model: UnitYear) -> go.Figure:
    """Projects by amount, largest at the top, with share and execution in the hover."""
    projects = model.overall.projects
    title = f"{model.year}年项目支出排名"
    if not len(projects):
        return empty_figure(title, "没有项目支出明细")
    recs = list(reversed(records(projects)))
    fig = go.Figure(
        go.Bar(
            x=[_f(r[ACTUAL]) for r in recs],
            y=[r[ITEM] for r in recs],
            orientation="h",
            marker_color=PROJECT_COLOR,
            text=[fmt.money(r[ACTUAL]) for r in recs],
            textposition="auto",
            textangle=0,  # never turned sideways inside a short bar: outside it instead
            hovertext=[
                f"{r[ITEM]}<br>执行数 {fmt.money(r[ACTUAL])}<br>占项目支出 {fmt.percent(r[SHARE])}"
                f"<br>执行率 {fmt.percent(r[EXEC_RATE])}"
                for r in recs
            ],
            hoverinfo="text",
            cliponaxis=False,
        )
    )
    fig.update_xaxes(title_text="万元", showgrid=True, gridcolor="#f1f3f5")
    fig.update_yaxes(automargin=True)
    return _layout(fig, title, height=max(300, 34 * len(recs) + 90))


BRIDGE_LABEL_CHARS = 10  # longer project names are cut on the axis; the hover gives them in full
BRIDGE_ROW_PX = 34
BRIDGE_LABEL_PX = 72  # room right of the plot for `+12345.67` at 12 px
STEP_SUFFIX = {bridge.BEGAN: "（新增）", bridge.ENDED: "（已结束）"}


def bridge_label(step: bridge.Step) -> str:
    """A step's full name: `人员经费`, `某项目（新增）`, `新增项目（3个）`."""
    if step.grouped:
        return f"{step.name}（{step.count}个）"
    return step.name + STEP_SUFFIX.get(step.kind, "")


def _short(label: str) -> str:
    return label if len(label) <= BRIDGE_LABEL_CHARS else label[: BRIDGE_LABEL_CHARS - 1] + "…"


def yoy_waterfall(model: UnitYear) -> go.Figure:
    """The model's bridge from last year's total to this year's, one row per step (rows, not
    columns: labels never meet however narrow the chart, and project names have room)."""
    b = model.overall
    title = "支出同比变化"
    br = b.bridge
    if br is None:
        return empty_figure(title, f"没有{model.year - 1}年数据，无法比较")
    labels = [
        f"{model.year - 1}年支出",
        *(bridge_label(s) for s in br.steps),
        f"{model.year}年支出",
    ]
    amounts = [br.start, *(s.amount for s in br.steps), br.end]
    texts = [
        fmt.money(br.start),
        *(fmt.signed_money(s.amount) for s in br.steps),
        fmt.money(br.end),
    ]
    # On the bars the unit is left to the axis title.
    bar_texts = [
        fmt.amount(br.start),
        *(fmt.signed_amount(s.amount) for s in br.steps),
        fmt.amount(br.end),
    ]
    rows = list(range(len(labels)))
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=rows,
            x=[_f(v) for v in amounts],
            measure=["absolute", *("relative" for _ in br.steps), "total"],
            text=bar_texts,
            # The totals' long bars carry their label inside; a step's goes beside it.
            textposition=["inside", *("outside" for _ in br.steps), "inside"],
            insidetextanchor="end",
            textfont={"size": 12},
            constraintext="none",  # keep labels legible instead of shrinking them to the bar
            hovertext=[f"{lab}<br>{txt}" for lab, txt in zip(labels, texts, strict=True)],
            hoverinfo="text",
            increasing={"marker": {"color": INCREASE_COLOR}},
            decreasing={"marker": {"color": DECREASE_COLOR}},
            totals={"marker": {"color": TOTAL_COLOR}},
            connector={"line": {"color": "#ced4da"}},
            cliponaxis=False,
        )
    )
    running, reach = br.start, [br.start, br.end]
    for step in br.steps:
        running += step.amount
        reach.append(running)
    peak = float(max(reach))
    fig.update_xaxes(
        title_text="万元", gridcolor="#f1f3f5", range=[0, peak * 1.1], tickformat=".0f", nticks=3
    )
    fig.update_yaxes(
        tickvals=rows,
        ticktext=[_short(lab) for lab in labels],
        autorange="reversed",
        automargin=True,
    )
    fig.update_layout(showlegend=False)
    height = max(260, BRIDGE_ROW_PX * len(labels) + 130)
    fig = _layout(fig, title, height=height)
    fig.update_layout(
        title_subtitle_text=f"{fmt.money(br.start)} → {fmt.money(br.end)}",
        margin_t=70,
        margin_r=BRIDGE_LABEL_PX,  # a step's label may run past the axis end, into this margin
    )
    return fig


def trend_gap_text(model: UnitYear) -> str:
    """Why there is no trend up to this year: truthful when later years are stored."""
    later = [y for y in model.stored_years if y > model.year]
    if later:
        return f"没有{model.year}年以前的数据，<br>选择{later[-1]}年度可查看历年趋势"  # 2 lines fit
    return "只有一个年度的数据，暂无趋势"


def trend(model: UnitYear) -> go.Figure:
    """基本支出 and 项目支出 stacked per stored year, total on top."""
    hist = model.history
    title = "历年支出趋势"
    if len(hist) < 2:
        return empty_figure(title, trend_gap_text(model))
    years = [str(y) for y in hist[YEAR].tolist()]
    fig = go.Figure()
    for column, color in ((CAT_BASIC, BASIC_COLOR), (CAT_PROJECT, PROJECT_COLOR)):
        vals = hist[column].tolist()
        fig.add_bar(
            x=years,
            y=[_f(v) for v in vals],
            name=column,
            marker_color=color,
            hovertext=[f"{y}年{column} {fmt.money(v)}" for y, v in zip(years, vals, strict=True)],
            hoverinfo="text",
        )
    totals = hist[TOTAL].tolist()
    fig.add_scatter(
        x=years,
        y=[_f(v) for v in totals],
        mode="text",
        text=[fmt.money(v) for v in totals],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
    peak = max(float(v) for v in totals if v is not None)
    fig.update_yaxes(title_text="万元", gridcolor="#f1f3f5", range=[0, peak * 1.15])
    fig.update_xaxes(type="category")
    return _layout(fig, title)


EXEC_AXIS_PAD = 3.0  # percentage points of axis beyond the lowest and highest rate


def execution_axis(rates: list[float]) -> list[float]:
    """The x range of the execution chart: around the rates and 100 %, not from 0, so that
    94 % and 100 % are visibly apart (a bar from 0 made them look the same)."""
    low = min([*rates, 100.0]) - EXEC_AXIS_PAD
    high = max([*rates, 100.0]) + EXEC_AXIS_PAD
    return [max(0.0, low), high]


def execution(model: UnitYear) -> go.Figure:
    """预算执行率 per spending line that gives a budget: a dot per line and its gap to 100 %."""
    lines = model.lines
    title = f"预算执行率（总体 {fmt.percent(model.execution.rate)}）"
    with_budget = lines[lines[BUDGET].notna() & lines[EXEC_RATE].notna()] if len(lines) else lines
    e = model.execution
    if len(with_budget):
        recs = list(reversed(records(with_budget)))
    elif e.rate is not None:  # the 自评表's 年度资金总额 is the base: one row for it
        recs = [{ITEM: FUND_TOTAL, CATEGORY: None, BUDGET: e.budget, ACTUAL: e.actual}]
        recs[0][EXEC_RATE] = e.rate
    else:
        return empty_figure("预算执行率", "未填报全年预算数，无法计算预算执行率")
    names = [r[ITEM] or r[CATEGORY] for r in recs]
    rates = [r[EXEC_RATE] for r in recs]
    # Drawn at most at 150 %, like the completion chart: one 1000 % slip must not squash the rest.
    xs = [min(float(r * 100), COMPLETION_AXIS_CAP * 100) for r in rates]
    capped = any(r > COMPLETION_AXIS_CAP for r in rates)
    colors = [
        STATUS_COLORS[STATUS_MISSED] if r > 1 else PROJECT_COLOR if r < 1 else TOTAL_COLOR
        for r in rates
    ]
    # Each row is named with its rate ("人员经费 98.54%"): labels beside the dots collided with
    # the row names on the left and were cut off on the right.
    rows = [f"{n} {fmt.percent(r)}" for n, r in zip(names, rates, strict=True)]
    fig = go.Figure()
    for row, x, color in zip(rows, xs, colors, strict=True):  # the gap to 100 %
        fig.add_shape(type="line", x0=100, x1=x, y0=row, y1=row, line={"color": color, "width": 3})
    fig.add_scatter(
        x=xs,
        y=rows,
        mode="markers",
        marker={"color": colors, "size": 11},
        hovertext=[
            f"{n}<br>全年预算数 {fmt.money(r[BUDGET])}<br>全年执行数 {fmt.money(r[ACTUAL])}"
            f"<br>执行率 {fmt.percent(r[EXEC_RATE])}"
            for n, r in zip(names, recs, strict=True)
        ],
        hoverinfo="text",
        showlegend=False,
        cliponaxis=False,
    )
    fig.add_vline(x=100, line_dash="dash", line_color=TOTAL_COLOR, layer="below")
    low, high = execution_axis(xs)
    fig.update_xaxes(
        title_text="执行率（%，150%封顶绘制）" if capped else "执行率（%）",
        gridcolor="#f1f3f5",
        range=[low, high],
    )
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=rows)
    return _layout(fig, title, height=max(300, 30 * len(recs) + 90))


def _completion_bar(completion: Decimal | None) -> float:
    """Bar length: the rate capped at 150%; a short stub where there is no rate (未量化, 定性)."""
    if completion is None:
        return 5.0
    return min(float(completion), COMPLETION_AXIS_CAP) * 100


def _framework_order(rec: dict) -> tuple[int, int]:
    l1 = L1_VALUES.index(rec[L1]) if rec[L1] in L1_VALUES else len(L1_VALUES)
    l2 = L2_VALUES.index(rec[L2]) if rec[L2] in L2_VALUES else len(L2_VALUES)
    return l1, l2


def _kpi_label(rec: dict) -> str:
    if rec[COMPLETION] is not None:
        return fmt.percent(rec[COMPLETION])
    if rec[STATUS] == STATUS_QUAL:
        return f"定性：{rec[RESULT_LEVEL]}"
    return rec[STATUS]


def kpi_progress(model: UnitYear) -> go.Figure:
    """Each indicator's 完成率 as a bar coloured by status; 未量化 and 定性 shown as labelled stubs."""
    frame = model.indicators
    title = "绩效指标完成率"
    if not len(frame):
        return empty_figure(title, "未填报绩效指标")
    # Grouped by 一级 then 二级指标 in the framework's order (sheet order within a group);
    # reversed because plotly draws the first category at the bottom.
    recs = sorted(records(frame), key=_framework_order)[::-1]
    labels = [
        f"{r[L1]}·{r[L2] or ''}·{r[KPI_NAME]}" if r[L2] else f"{r[L1]}·{r[KPI_NAME]}" for r in recs
    ]
    fig = go.Figure()
    for status in STATUS_COLORS:
        group = [(label, r) for label, r in zip(labels, recs, strict=True) if r[STATUS] == status]
        if not group:
            continue
        fig.add_bar(
            x=[_completion_bar(r[COMPLETION]) for _, r in group],
            y=[label for label, _ in group],
            orientation="h",
            name=status,
            marker_color=STATUS_COLORS[status],
            text=[_kpi_label(r) for _, r in group],
            # Inside the bar's end where it fits, so no label sits on the 100% line.
            textposition="auto",
            insidetextanchor="end",
            textangle=0,
            insidetextfont={"color": "white"},
            outsidetextfont={"color": TOTAL_COLOR},
            hovertext=[
                f"{r[KPI_NAME]}<br>完成率 {fmt.percent(r[COMPLETION])}<br>状态 {r[STATUS]}"
                f"<br>分值 {fmt.amount(r[ASSIGNED_WEIGHT])}　得分 {fmt.amount(r[SCORE])}"
                for _, r in group
            ],
            hoverinfo="text",
            cliponaxis=False,
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, automargin=True)
    # One bar per row (overlay, not one slot per status), the legend on top beside the title
    # (below the chart it collided with the axis title), the 100% line under the bars.
    fig.update_layout(
        barmode="overlay",
        bargap=0.25,
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "title": {"text": ""},
        },
    )
    fig.add_vline(x=100, line_dash="dash", line_color=TOTAL_COLOR, layer="below")
    fig.update_xaxes(
        title_text="完成率（%，超过150%按150%绘制）",
        range=[0, COMPLETION_AXIS_CAP * 100 + 30],
        gridcolor="#f1f3f5",
    )
    fig.update_yaxes(showgrid=False)
    return _layout(fig, title, height=max(220, KPI_ROW_HEIGHT * len(recs) + KPI_CHART_FRAME))


def score_parts(model: UnitYear) -> go.Figure:
    """得分 against 分值 for each part that was scored."""
    parts = model.score.parts
    scored = parts[parts[scoring.INCLUDED]] if len(parts) else parts
    title = "自评得分构成"
    if not len(scored):
        return empty_figure(title, "没有可评分的内容")
    recs = records(scored)
    names = [r[PART] for r in recs]
    fig = go.Figure()
    fig.add_bar(
        x=names,
        y=[_f(r[scoring.PART_WEIGHT]) for r in recs],
        name=scoring.PART_WEIGHT,
        marker_color="#dee2e6",
        text=[fmt.amount(r[scoring.PART_WEIGHT]) for r in recs],
        textposition="outside",
        hoverinfo="skip",
    )
    fig.add_bar(
        x=names,
        y=[_f(r[SCORE]) for r in recs],
        name="得分",
        marker_color=STATUS_COLORS[STATUS_MET],
        text=[fmt.amount(r[SCORE]) for r in recs],
        textposition="outside",
        hovertext=[
            f"{r[PART]}<br>得分 {fmt.amount(r[SCORE])} / 分值 {fmt.amount(r[scoring.PART_WEIGHT])}"
            for r in recs
        ],
        hoverinfo="text",
    )
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.15})
    fig.update_yaxes(title_text="分", gridcolor="#f1f3f5")
    total = model.score.total
    return _layout(
        fig,
        f"{title}（总分 {fmt.amount(total)}，{model.score.grade}）" if total is not None else title,
    )
