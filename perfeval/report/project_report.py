"""The written 项目支出绩效自评 summary, and the table of every project for the unit's report.
Figures come from the model (perfeval/projects.py); text from a form is escaped as data."""

from __future__ import annotations

from markupsafe import Markup

from perfeval import fmt, markdown
from perfeval.model.figures import UnitYear
from perfeval.model.projects import ProjectEval
from perfeval.report import blocks


def execution_line(p: ProjectEval) -> str:
    """`全年预算数150.00万元，全年执行数142.80万元，执行率95.20%` (forms.md)."""
    if p.budget is None or p.actual is None:
        return "未填报全年预算数或全年执行数，无法计算执行率"
    return f"全年预算数{fmt.money(p.budget)}，全年执行数{fmt.money(p.actual)}，执行率{fmt.percent(p.rate)}"


def projects_md(model: UnitYear) -> Markup:
    """序号 | 项目 | 全年预算数 | 全年执行数 | 执行率 | 得分 | 等级, one row per project form."""
    rows = [
        [
            Markup(i),
            p.name,
            blocks.amount(p.budget),
            blocks.amount(p.actual),
            blocks.pct(p.rate),
            blocks.amount(p.total),
            p.score.grade,
        ]
        for i, p in enumerate(model.projects, start=1)
    ]
    headers = ["序号", "项目", "全年预算数（万元）", "全年执行数（万元）", "执行率", "得分", "等级"]
    return blocks.md_table(headers, "rlrrrrl", rows)


def _kpi_md(p: ProjectEval) -> Markup:
    headers = ["一级指标", "三级指标", "年度指标值", "实际完成值", "完成率", "分值", "得分", "状态"]
    rows = [
        [
            r["l1"],
            r["name"],
            r["target"],
            r["result"],
            blocks.pct(r["completion"]),
            blocks.amount(r["weight"]),
            blocks.amount(r["score"]),
            r["status"],
        ]
        for r in blocks.indicator_rows(p.indicators)
    ]
    return blocks.md_table(headers, "llllrrrl", rows)


def render_project_summary(model: UnitYear) -> str:
    """Markdown: each project's funding, execution on one line, indicators, score, findings."""
    lines = [f"# {markdown.inline(model.unit)}{model.year}年度项目支出绩效自评摘要", ""]
    for i, p in enumerate(model.projects, start=1):
        code = f"（{markdown.inline(p.code)}）" if p.code else ""
        lines += [f"## {i}. {markdown.inline(p.name)}{code}", ""]
        who = [f"主管部门：{markdown.inline(p.dept)}" if p.dept else ""]
        who.append(f"实施单位：{markdown.inline(p.unit)}" if p.unit else "")
        if any(who):
            lines += ["；".join(w for w in who if w), ""]
        lines += [execution_line(p) + "。", ""]
        if p.total is None:
            lines += ["没有可评分的内容，未形成自评得分。", ""]
        else:
            lines += [f"自评得分（复算）：{fmt.amount(p.total)}分，等级为“{p.score.grade}”。", ""]
        if p.goal or p.outcome:
            lines += [f"年度目标：{markdown.inline(p.goal or '—')}", ""]
            lines += [f"实际完成情况：{markdown.inline(p.outcome or '—')}", ""]
        table = _kpi_md(p)
        if table:
            lines += ["### 绩效指标", "", str(table), ""]
        warnings = [f for f in p.findings if f.level == "warning"]
        lines += ["### 核查发现", ""]
        lines += [f"- {markdown.inline(str(f))}" for f in warnings] or ["未发现问题。"]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
