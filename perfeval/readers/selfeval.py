"""What a sheet of a 自评表 family is, found by what its tables mean rather than by an exact layout:
its title (自评表, 整体, 绩效目标表 …), its indicator table (三级指标 with 年度指标值 and 实际完成值,
by role), a 决策 / 管理 rubric, its funding block, and how sure each needed role is. One analysis
serves every 自评表 layout and the shapes that are refused as what they are (a 绩效目标表 has no
实际完成值; a 自评问卷 answers questions; a 评分标准 table has no amounts), and the mapping proposal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from perfeval.readers import columns, funding
from perfeval.readers.columns import Header
from perfeval.readers.grid import Grid
from perfeval.readers.labels import norm, split_label_value, title_text
from perfeval.readers.roles import (
    INDICATOR_ROLES,
    Role,
    header_key,
    role_name,
)
from perfeval.schema import ACTUAL, BUDGET, KPI_NAME, RESULT, SCORE, TARGET, WEIGHT

FAMILY_PROJECT = "项目支出绩效自评表"
FAMILY_UNIT = "部门整体支出绩效自评表"
KIND_TARGETS = "绩效目标表"  # targets only: declared before the year, no results
KIND_QUESTIONNAIRE = "绩效自评问卷"  # questions answered in words (自评内容 | 完成情况)
KIND_RUBRIC = "评分标准表"  # points and how to give them, no amounts, no results
KINDS_REFUSED = (KIND_TARGETS, KIND_QUESTIONNAIRE, KIND_RUBRIC)

INDICATORS = "indicators"
RUBRIC = "rubric"
FUNDING = "funding"
TABLES = (FUNDING, INDICATORS, RUBRIC)
NEEDED = {INDICATORS: (KPI_NAME, TARGET, RESULT), FUNDING: (BUDGET, ACTUAL), RUBRIC: ()}
SHOWN_MISSING = (TARGET, RESULT, WEIGHT, ACTUAL)  # what a refused sheet is said to lack

RUBRIC_ROLES: tuple[Role, ...] = (
    Role(KPI_NAME, ("评价内容", "评价指标", "考核内容", "评价要点", "指标", "评价项目")),
    *(r for r in INDICATOR_ROLES if r.key in (WEIGHT, SCORE)),
)
QUESTIONNAIRE_WORDS = ("自评内容", "指标解释", "需提供的支撑材料", "支撑材料")
PROJECT_FIELDS = ("项目名称", "专项名称", "项目(专项)名称", "资金名称")
_TITLE_KIND = re.compile(
    r"(绩效目标申报表|绩效目标表|目标申报表|自评问卷|绩效自评表|自评表|评分标准)"
)


@dataclass
class Analysis:
    """One sheet (or one form of it) as the 自评表 families see it."""

    grid: Grid
    title: tuple[int, str] | None = None  # (row, text as written)
    indicators: Header | None = None
    rubric: Header | None = None
    funding: Header | None = None
    funding_shape: str = ""  # table | cells
    kind: str | None = None
    questions: list[str] = field(default_factory=list)  # 自评内容 … headers

    @property
    def headers(self) -> dict[str, Header]:
        found = {INDICATORS: self.indicators, RUBRIC: self.rubric, FUNDING: self.funding}
        return {name: h for name, h in found.items() if h is not None}

    def missing(self) -> list[str]:
        """Needed roles with no column: the indicator table's (and the funding block's
        全年执行数 where a funding block is there at all)."""
        kpi = self.indicators
        out = [r for r in NEEDED[INDICATORS] if kpi is None or r not in kpi.chosen]
        return out

    def shown_missing(self) -> list[str]:
        """What a refused sheet lacks, as its message says it."""
        kpi, fund = self.indicators, self.funding
        out = [r for r in SHOWN_MISSING[:2] if kpi is None or not kpi.sure(r)]
        if kpi is None or (WEIGHT not in kpi.chosen and SCORE not in kpi.chosen):
            out.append(WEIGHT)
        if fund is None or not fund.sure(ACTUAL):
            out.append(ACTUAL)
        return out

    def unsure(self) -> list[tuple[str, str]]:
        """(table, role) of every role whose column is matched only loosely or has a rival:
        the reader does not guess them; the clerk confirms."""
        out = []
        for table, header in self.headers.items():
            needed = NEEDED[table] if table != INDICATORS else (*NEEDED[table], WEIGHT, SCORE)
            out += [
                (table, role) for role in needed if role in header.chosen and not header.sure(role)
            ]
        return out

    @property
    def looks(self) -> str:
        """What the sheet looks like, for messages: its own title's kind, else the family."""
        if self.kind in KINDS_REFUSED:
            return self.looks_refused
        return self.kind or (title_kind(self.title[1]) if self.title else "") or FAMILY_PROJECT

    @property
    def looks_refused(self) -> str:
        title = title_text(self.title[1]) if self.title else ""
        if self.kind == KIND_QUESTIONNAIRE:
            return ("转移支付" if "转移支付" in title else "") + KIND_QUESTIONNAIRE
        if self.kind == KIND_TARGETS:
            found = _TITLE_KIND.search(title)
            return found.group(1) if found and "目标" in found.group(1) else KIND_TARGETS
        return self.kind or ""


def title_kind(text: str) -> str:
    found = _TITLE_KIND.search(title_text(text))
    return found.group(1) if found else ""


# ---------------------------------------------------------------- the parts of the analysis
def find_title(grid: Grid) -> tuple[int, str] | None:
    """The form's title: the first cell of the title rows that names a table (…表, …自评…),
    not a field (`部门:XX`) and not a caption (`附件1`, `公开14表`)."""
    for row in grid.title_rows():
        for _, text in grid.row_texts(row):
            if split_label_value(text) is not None:
                continue
            name = title_text(text)
            if re.fullmatch(r"(附件|附表|公开)?\d*表?", name):
                continue
            if name.endswith("表") or "自评" in name:
                return row, text
    return None


def _is_indicator_table(header: Header) -> bool:
    chosen = header.chosen
    return KPI_NAME in chosen and (TARGET in chosen or RESULT in chosen)


def _is_rubric(header: Header) -> bool:
    chosen = header.chosen
    return KPI_NAME in chosen and WEIGHT in chosen and TARGET not in chosen and RESULT not in chosen


def _field(grid: Grid, aliases: tuple[str, ...]) -> bool:
    keys = set(aliases)
    for row in grid.rows():
        for _, text in grid.row_texts(row):
            split = split_label_value(text)
            head = split[0] if split else text
            if header_key(head) in keys:
                return True
    return False


def analyse(grid: Grid) -> Analysis:
    """The sheet read for its structure only (no figures): title, tables, roles, kind."""
    found = Analysis(grid, find_title(grid))
    found.indicators = columns.find(grid, INDICATOR_ROLES, _is_indicator_table)
    rubric_end = found.indicators.row - 1 if found.indicators else grid.last
    found.rubric = columns.find(grid, RUBRIC_ROLES, _is_rubric, None, rubric_end)
    tables = [h.row for h in (found.indicators, found.rubric) if h is not None]
    end = min(tables) - 1 if tables else grid.last
    start = found.title[0] + 1 if found.title else grid.first
    table = funding.find_table(grid, start, end)
    if table is not None and (table.sure(ACTUAL) or table.sure(BUDGET)):
        found.funding, found.funding_shape = table, "table"
    else:
        cells = funding.find_cells(grid, start, end)
        if cells is not None:
            found.funding, found.funding_shape = cells, "cells"
    found.questions = _questions(grid, found.indicators)
    found.kind = _kind(found)
    return found


def _questions(grid: Grid, header: Header | None) -> list[str]:
    """The question-and-answer columns of a 自评问卷's header (自评内容, 完成情况 …)."""
    if header is None:
        return []
    texts = [t for row in header.rows for _, t in grid.row_texts(row)]
    asks = [t for t in texts if header_key(t) in QUESTIONNAIRE_WORDS[:1]]
    answers = [t for t in texts if "完成情况" in header_key(t)]
    return [*asks, *answers] if asks else []


def _header_words(grid: Grid, header: Header | None) -> set[str]:
    if header is None:
        return set()
    return {header_key(t) for row in header.rows for _, t in grid.row_texts(row)}


def _kind(found: Analysis) -> str | None:
    """Which family the sheet belongs to, or the refused shape it has; None for none."""
    grid, kpi = found.grid, found.indicators
    title = title_text(found.title[1]) if found.title else ""
    if kpi is not None and found.questions:
        return KIND_QUESTIONNAIRE
    no_results = kpi is not None and RESULT not in kpi.chosen and TARGET in kpi.chosen
    if no_results and ("自评" not in title or "目标" in title):
        return KIND_TARGETS
    if kpi is None and found.rubric is not None:
        marks = found.rubric.chosen.get(SCORE)
        if marks is None or not marks.values:
            return KIND_RUBRIC
    if kpi is None and found.rubric is None:
        return None
    unit_title = "整体" in title
    if unit_title and not _field(grid, PROJECT_FIELDS):
        return FAMILY_UNIT
    if kpi is None:
        return FAMILY_PROJECT if "自评" in title else None
    return FAMILY_PROJECT


def form_starts(grid: Grid) -> list[int]:
    """The rows where the forms of a sheet start: each repeats the first form's title."""
    title = find_title(grid)
    if title is None:
        return [grid.first]
    wanted = title_text(title[1])
    starts = [
        row for row in grid.rows() if any(title_text(t) == wanted for _, t in grid.row_texts(row))
    ]
    return starts or [grid.first]


def cached(grid: Grid) -> Analysis:
    """The analysis of the sheet, computed once however many layouts ask."""
    found = grid.__dict__.get("_selfeval")
    if found is None:
        found = grid.__dict__["_selfeval"] = analyse(grid)
    return found


def role_list(roles: list[str]) -> str:
    return "".join(f"「{role_name(r)}」" for r in roles)


def describe(found: Analysis) -> str:
    """`像是项目支出绩效自评表，但缺少「实际完成值」` — what the sheet looks like and lacks."""
    missing = found.missing()
    looks = found.looks
    if not missing:
        return f"像是{looks}"
    return f"像是{looks}，但缺少{role_list(missing)}"


def norm_title(found: Analysis) -> str:
    return norm(found.title[1]) if found.title else ""
