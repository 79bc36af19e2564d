"""The written summary: Markdown in the structure of the real 整体支出绩效自评报告, from the model.
Templates live in perfeval/report/templates; every string from a workbook is escaped on its way out."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from perfeval import fmt, markdown
from perfeval.model import scoring
from perfeval.model.figures import Breakdown, UnitYear
from perfeval.report import blocks, project_report
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CHANGE_RATE,
    DELTA,
    EXEC_RATE,
    FUND_GENERAL,
    FUNDS,
    INFO_AFFILIATES,
    INFO_DIVISIONS,
    INFO_NATURE,
    INFO_RETIRED,
    INFO_RETIRED_EARLY,
    INFO_STAFF,
    INFO_STAFF_QUOTA,
    ITEM,
    LIST_SEPARATOR,
    PART,
    PREV_ACTUAL,
    SCORE,
    SECTIONS,
    SHARE,
    STATUS_MISSED,
    STATUS_UNQUANTIFIED,
    records,
)

CHINESE_NUMBERS = "一二三四五六七八九十"
SUMMARY_PROJECTS = 5  # the 摘要's project table: the largest named projects
SUMMARY_FINDINGS = 3  # the 摘要 lists this many findings and counts the rest (one printed page)
SUMMARY_NAMES = 5  # the 摘要 names this many missed indicators, then says how many there are

# A figure hook: chart name (a perfeval.charts function) → the Markdown block standing for it.
# The Markdown download passes none (no figures); the Word report passes one that inserts images.
FigureHook = Callable[[str], str]


def _finalize(value: Any) -> Any:
    """Every plain str printed by a template is workbook-derived until proven otherwise: escape it."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return markdown.inline(value)
    return value


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("perfeval.report", "templates"),
        autoescape=False,  # Markdown, not HTML: escaping is done by _finalize
        finalize=_finalize,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=blocks.money,
        amount=blocks.amount,
        pct=blocks.pct,
        num=blocks.num,
        signed=blocks.signed,
        spct=blocks.spct,
    )
    return env


def _project_rows(b: Breakdown) -> list[dict[str, Any]]:
    return [
        {
            "name": r[ITEM],
            "budget": r[BUDGET],
            "amount": r[ACTUAL],
            "exec_rate": r[EXEC_RATE],
            "share": r[SHARE],
            "prev": r[PREV_ACTUAL],
            "delta": r[DELTA],
            "rate": r[CHANGE_RATE],
        }
        for r in records(b.projects)
    ]


def _fund_sections(model: UnitYear) -> list[dict[str, Any]]:
    """One entry per fund; the first fund with spending carries the (all-funds) spending charts."""
    sections = []
    charted = False
    for index, fund in enumerate(FUNDS):
        b = model.funds.get(fund)
        if b is not None and b.empty:
            b = None
        sections.append(
            {
                "number": CHINESE_NUMBERS[index + 1],
                "fund": fund,
                "b": b,
                "income": model.income_by_fund.get(fund),
                "income_matches": model.income_matches(fund),
                "lines": b.project_lines() if b is not None else [],
                "table": _project_md(b) if b is not None else Markup(""),
                "charts": b is not None and not charted,
            }
        )
        charted = charted or b is not None
    return sections


def _project_md(b: Breakdown) -> Markup:
    rows = _project_rows(b)
    compare = any(r["prev"] is not None for r in rows)
    headers = [
        "序号",
        "项目",
        "全年预算数（万元）",
        "全年执行数（万元）",
        "执行率",
        "占项目支出比重",
    ]
    aligns = "rlrrrr"
    if compare:
        headers += ["上年执行数（万元）", "增减额（万元）", "增减率"]
        aligns += "rrr"
    body = []
    for i, r in enumerate(rows, start=1):
        line = [Markup(i), r["name"], blocks.amount(r["budget"]), blocks.amount(r["amount"])]
        line += [blocks.pct(r["exec_rate"]), blocks.pct(r["share"])]
        if compare:
            line += [blocks.amount(r["prev"]), blocks.signed(r["delta"]), blocks.spct(r["rate"])]
        body.append(line)
    total = [
        Markup(""),
        Markup("合计"),
        blocks.amount(b.project_budget),
        blocks.amount(b.project.current),
    ]
    total += [blocks.pct(b.project_exec_rate), blocks.pct(Decimal(1))]
    if compare:
        total += [
            blocks.amount(b.project.previous),
            blocks.signed(b.project.delta),
            blocks.spct(b.project.ratio),
        ]
    return blocks.md_table(headers, aligns, [*body, total])


def _kpi_md(indicators: list[dict[str, Any]]) -> Markup:
    headers = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "完成率",
        "分值",
        "得分",
        "状态",
    ]
    rows = [
        [
            r["l1"],
            r["l2"],
            r["name"],
            r["target"],
            r["result"],
            blocks.pct(r["completion"]),
            blocks.amount(r["weight"]),
            blocks.amount(r["score"]),
            r["status"],
        ]
        for r in indicators
    ]
    return blocks.md_table(headers, "lllllrrrl", rows)


def _score_md(model: UnitYear) -> Markup:
    """The score table, its 说明 as numbered notes below it: a long 说明 column squeezed the
    first column until "预算执行率" wrapped onto two lines."""
    parts = part_rows(model)
    rows = [
        [p["part"], blocks.amount(p["weight"]), blocks.amount(p["score"]), Markup(f"注{i}")]
        for i, p in enumerate(parts, start=1)
    ]
    rows.append(
        [
            Markup("合计"),
            blocks.amount(model.score.rests_on),
            blocks.amount(model.score.raw_total),
            Markup(""),
        ]
    )
    table = blocks.md_table(["评分部分", "分值", "得分", "说明"], "lrrl", rows)
    notes = "\n".join(
        f"{i}. {markdown.inline(p['part'])}：{markdown.inline(p['note'])}"
        for i, p in enumerate(parts, start=1)
    )
    return Markup(f"{table}\n\n注：\n\n{notes}")


def _checks_md(model: UnitYear) -> Markup:
    rows = [
        [c.name, Markup(f"**{c.outcome}**" if c.passed is False else c.outcome), c.detail]
        for c in model.checks
    ]
    return blocks.md_table(["核查项", "结果", "说明"], "lll", rows)


def _org_paragraphs(model: UnitYear) -> tuple[str, str]:
    info = model.info
    org = f"{model.unit}"
    org += f"是{info[INFO_NATURE]}。" if info.get(INFO_NATURE) else "。"
    divisions = [d for d in (info.get(INFO_DIVISIONS) or "").split(LIST_SEPARATOR) if d.strip()]
    affiliates = [d for d in (info.get(INFO_AFFILIATES) or "").split(LIST_SEPARATOR) if d.strip()]
    if divisions or affiliates:
        org += f"本单位内设机构{len(divisions)}个，所属事业单位{len(affiliates)}个。"
    if divisions:
        org += f"内设机构：{LIST_SEPARATOR.join(d.strip() for d in divisions)}。"
    if affiliates:
        org += f"所属事业单位分别是：{LIST_SEPARATOR.join(a.strip() for a in affiliates)}。"
    staff = []
    if info.get(INFO_STAFF_QUOTA):
        staff.append(f"本部门编制数{info[INFO_STAFF_QUOTA]}人")
    if info.get(INFO_STAFF):
        staff.append(f"在职人数{info[INFO_STAFF]}人")
    early, retired = info.get(INFO_RETIRED_EARLY), info.get(INFO_RETIRED)
    if early or retired:
        total = model.retirees
        part = f"离退休人数{total}人" if total is not None else "离退休人员"
        details = []
        if early:
            details.append(f"离休人员{early}人")
        if retired:
            details.append(f"退休人员{retired}人")
        staff.append(part + "，其中" + "，".join(details))
    return org, ("，".join(staff) + "。") if staff else ""


def _texts(model: UnitYear) -> dict[str, list[Markup]]:
    return {
        section: [Markup(p) for p in markdown.paragraphs(model.texts.get(section))]
        for section in SECTIONS
    }


def part_rows(model: UnitYear) -> list[dict[str, Any]]:
    """The score's parts as shown: 分值 and 得分 blank for a part left out of the score."""
    return [
        {
            "part": r[PART],
            "weight": r[scoring.PART_WEIGHT] if r[scoring.INCLUDED] else None,
            "score": r[SCORE] if r[scoring.INCLUDED] else None,
            "note": r[scoring.EXPLANATION],
        }
        for r in records(model.score.parts)
    ]


def part_weights_text() -> str:
    """`预算执行率10分、产出指标50分、…`: the default weights, as scoring defines them."""
    return "、".join(f"{p}{fmt.number(w)}分" for p, w in scoring.DEFAULT_PART_WEIGHTS.items())


def grade_bands_text() -> str:
    """`优（90分及以上）、良（80至90分）、…`: the grades, as scoring defines them."""
    bands = []
    above: Decimal | None = None
    for lowest, name in scoring.GRADES:
        if above is None:
            bands.append(f"{name}（{fmt.number(lowest)}分及以上）")
        elif lowest.is_infinite():
            bands.append(f"{name}（{fmt.number(above)}分以下）")
        else:
            bands.append(f"{name}（{fmt.number(lowest)}至{fmt.number(above)}分）")
        above = lowest
    return "、".join(bands)


def context(model: UnitYear) -> dict[str, Any]:
    org, staff = _org_paragraphs(model)
    indicators = blocks.indicator_rows(model.indicators)
    return {
        "m": model,
        "org_paragraph": org,
        "staff_paragraph": staff,
        "texts": _texts(model),
        "fund_sections": _fund_sections(model),
        "kpi": model.kpi,
        "indicators": indicators,
        "kpi_table": _kpi_md(indicators),
        "score_table": _score_md(model),
        "checks_table": _checks_md(model),
        "part_weights": Markup(part_weights_text()),
        "grade_bands": Markup(grade_bands_text()),
        "findings": [str(f) for f in model.findings if f.level == "warning"],
        "projects_table": project_report.projects_md(model),
        "general": FUND_GENERAL,
    }


def _summary_projects(b: Breakdown) -> Markup:
    """The largest named projects (其他… lines left out) with share and change."""
    rows = [r for r in _project_rows(b) if not str(r["name"]).startswith("其他")]
    rows = rows[:SUMMARY_PROJECTS]
    compare = any(r["prev"] is not None for r in rows)
    headers = ["项目", "执行数（万元）", "占项目支出比重"] + (["同比增减率"] if compare else [])
    body = [
        [r["name"], blocks.amount(r["amount"]), blocks.pct(r["share"])]
        + ([blocks.spct(r["rate"])] if compare else [])
        for r in rows
    ]
    return blocks.md_table(headers, "lrr" + ("r" if compare else ""), body)


def _score_basis(model: UnitYear) -> dict[str, list[dict[str, Any]]]:
    parts = part_rows(model)
    return {
        "scored": [p for p in parts if p["weight"] is not None],
        "unscored": [p for p in parts if p["weight"] is None],
    }


def _indicator_names(indicators: list[dict[str, Any]], status: str) -> list[str]:
    return [str(r["name"]) for r in indicators if r["status"] == status]


def summary_context(model: UnitYear) -> dict[str, Any]:
    """What the one-page 摘要 adds to the report's context: the headline rows and the lists."""
    ctx = context(model)
    indicators = ctx["indicators"]
    ctx.update(
        summary_projects=_summary_projects(model.overall),
        score_basis=_score_basis(model),
        missed_names=_indicator_names(indicators, STATUS_MISSED)[:SUMMARY_NAMES],
        missed_count=len(_indicator_names(indicators, STATUS_MISSED)),
        unquantified_names=_indicator_names(indicators, STATUS_UNQUANTIFIED),
        shown_findings=ctx["findings"][:SUMMARY_FINDINGS],
        more_findings=max(0, len(ctx["findings"]) - SUMMARY_FINDINGS),
        report_title=Markup(report_title(model)),
    )
    return ctx


def _tidy(text: str) -> str:
    """Collapse the blank lines template control flow leaves behind."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


def report_title(model: UnitYear) -> str:
    """`2024年度常宁市科技和工业信息化局整体支出绩效自评报告`, escaped for Markdown."""
    return f"{model.year}年度{markdown.inline(model.unit)}整体支出绩效自评报告"


def render_report(model: UnitYear, figure: FigureHook | None = None) -> str:
    """The full report (整体支出绩效自评报告) as Markdown. `figure` fills the chart slots
    (the Word report's pictures); without it the slots stay empty and the text is unchanged."""
    ctx = context(model)
    ctx["figure"] = lambda name: Markup(figure(name)) if figure is not None else Markup("")
    return _tidy(environment().get_template("report.md.j2").render(ctx))


def render_summary(model: UnitYear, *, title: bool = True) -> str:
    """The one-page 摘要 (headline figures, top projects, indicators, findings) as Markdown;
    `title=False` leaves out the heading, for the dashboard's summary box."""
    ctx = summary_context(model)
    ctx["standalone"] = title
    return _tidy(environment().get_template("summary.md.j2").render(ctx))


def render_brief(model: UnitYear) -> str:
    """The 摘要 without its title: what the overview shows beside the charts."""
    return render_summary(model, title=False)


def _file_stem(model: UnitYear) -> str:
    """`{单位名称}-{年度}`, with characters no file system accepts replaced."""
    unit = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in model.unit)
    return f"{unit}-{model.year}"


def summary_filename(model: UnitYear, extension: str = "md") -> str:
    """`{单位名称}-{年度}-绩效自评摘要.md` or `.docx`."""
    return f"{_file_stem(model)}-绩效自评摘要.{extension}"


def report_filename(model: UnitYear, extension: str = "md") -> str:
    """`{单位名称}-{年度}-绩效自评报告.md` or `.docx`."""
    return f"{_file_stem(model)}-绩效自评报告.{extension}"
