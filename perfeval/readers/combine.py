"""Several forms of one unit-year into one Workbook: figures stated twice must agree to the cent,
the most detailed breakdown of each 支出类别 wins, different unit-years stay apart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORIES,
    CATEGORY,
    FUND_LINE,
    FUND_TOTAL,
    INCOME,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    PROJECT_ID,
    ROW,
    TABLE_COLUMNS,
    Problem,
    Workbook,
    make_table,
    records,
)

# Figures two sources may both state (keys of Claim.figure); a project's is FIG_PROJECT + name.
FIG_TOTAL = "支出合计"
FIG_INCOME = "收入合计"
FIG_BUDGET = "全年预算数"
FIG_PROJECT = "项目支出："
FIGURES_IN_ORDER = (FIG_TOTAL, CAT_BASIC, ITEM_PERSONNEL, ITEM_PUBLIC, CAT_PROJECT, FIG_INCOME)

# How detailed a part's lines of one 支出类别 are: a total < lines by function class < lines by
# 人员/公用经费 or by project. The most detailed part gives the combined workbook its lines.
RANK_TOTAL = 0
RANK_FUNCTION = 1
RANK_ITEMS = 2
TEN_THOUSAND = Decimal(10000)
KIND_FORM = "form"
KIND_TEMPLATE = "template"  # perfeval's own workbook contract
# Tables every part's rows join (a project evaluation belongs to whichever file held it);
# PROJECT_ID "" marks the unit's own 年度资金总额 rows, taken from the first part having them.
PROJECT_TABLES = ("funding", "projects", "project_indicators")


@dataclass(frozen=True)
class Claim:
    """A figure as one source states it: value in 万元 (exact), where it is written, and the
    precision it was written with (decimal places in 万元: 2 for 万元 to the cent, 6 for 元)."""

    figure: str
    value: Decimal
    where: str
    places: int = 2
    shown: str = ""  # as written, e.g. "7,965,800.00元"; empty → the value in 万元

    def text(self) -> str:
        return self.shown or f"{_plain(self.value)}万元"


@dataclass
class Part:
    """One recognised form (a file, or one sheet of it): its partial workbook and its claims."""

    source: str  # file name, as the person knows it
    label: str  # what was recognised, e.g. "支出决算表（公开03表，金额单位：元）"
    workbook: Workbook
    claims: list[Claim] | None = None  # None: the sums of its lines (`derived_claims`)
    ranks: dict[str, int] = field(default_factory=dict)  # 支出类别 → RANK_*, else derived
    kind: str = KIND_FORM
    sheet: str = ""  # where its lines are, for claims derived from them

    def stated(self) -> list[Claim]:
        """The figures this part states; derived from its lines when its reader gave none
        (only needed when it is combined with another file: a backfill never pays for it)."""
        if self.claims is None:
            self.claims = derived_claims(self.workbook, self.sheet)
        return self.claims

    def rank(self, category: str) -> int:
        if category in self.ranks:
            return self.ranks[category]
        items = [i for c, i in _pairs(self.workbook.spending) if c == category]
        return RANK_ITEMS if items and all(items) else RANK_TOTAL


@dataclass
class Combined:
    """One unit-year made from one or more parts; `problems` holds the disagreements (errors)."""

    unit: str
    year: int
    workbook: Workbook
    parts: list[Part]
    problems: list[Problem]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(p.source for p in self.parts))


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _pairs(spending: pd.DataFrame) -> list[tuple[str, str | None]]:
    return list(zip(spending[CATEGORY].tolist(), spending[ITEM].tolist(), strict=True))


def places_of(value: Decimal, factor: Decimal) -> int:
    """Decimal places in 万元 of an amount written as `value` in a unit worth `factor` 万元."""
    written = max(2, -int(value.as_tuple().exponent))
    return written + (4 if factor == Decimal("0.0001") else 0)


# ---------------------------------------------------------------- claims of a plain workbook


def _rows_text(rows: Sequence[int | None]) -> str:
    numbers = sorted({r for r in rows if r is not None})
    if not numbers:
        return ""
    if len(numbers) > 3:
        return f"第{numbers[0]}–{numbers[-1]}行"
    return "第" + "、".join(str(n) for n in numbers) + "行"


def derived_claims(workbook: Workbook, sheet: str) -> list[Claim]:
    """What a workbook without explicit claims states: the sums of its spending lines by
    category and item, its project lines, its income total (the template contract)."""
    lines = records(workbook.spending)
    claims: list[Claim] = []

    def add(figure: str, chosen: list[dict], column: str = ACTUAL) -> None:
        values = [r[column] for r in chosen]
        if not chosen or any(v is None for v in values):
            return
        where = f"{sheet} {_rows_text([r[ROW] for r in chosen])}「{column}」".strip()
        places = max(places_of(v, Decimal(1)) for v in values)
        claims.append(Claim(figure, sum(values, Decimal(0)), where, places))

    by_category = {c: [r for r in lines if r[CATEGORY] == c] for c in CATEGORIES}
    for category, rows in by_category.items():
        add(category, rows)
    totals = [
        r for r in records(workbook.funding) if r[PROJECT_ID] == "" and r[FUND_LINE] == FUND_TOTAL
    ]
    if totals:  # a 自评表's 年度资金总额 row: the unit-year's total and budget base
        add(FIG_TOTAL, totals[:1])
        add(FIG_BUDGET, totals[:1], BUDGET)
    elif all(by_category.values()):
        add(FIG_TOTAL, lines)
        add(FIG_BUDGET, lines, BUDGET)
    basic = by_category[CAT_BASIC]
    if basic and all(r[ITEM] for r in basic):
        for item in (ITEM_PERSONNEL, ITEM_PUBLIC):
            add(item, [r for r in basic if r[ITEM] == item])
    by_project: dict[str, list[dict]] = {}
    for r in by_category[CAT_PROJECT]:
        if r[ITEM]:
            by_project.setdefault(r[ITEM], []).append(r)
    for name, rows in by_project.items():
        add(FIG_PROJECT + name, rows)
    income = records(workbook.income)
    if income:
        add(FIG_INCOME, income, INCOME)
    return claims


# ---------------------------------------------------------------- agreement


def _at(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _difference(value: Decimal, places: int) -> str:
    """A difference in the unit both sources wrote: 元 when both wrote 元, else 万元."""
    if places >= 6:
        return f"{value * TEN_THOUSAND:,.2f}元"
    return f"{_plain(value)}万元"


def disagreements(parts: Sequence[Part]) -> list[Problem]:
    """Every figure stated by two parts that differs at the coarser precision of the two:
    an error naming both files and cells, and the difference."""
    problems: list[Problem] = []
    seen: dict[str, tuple[Part, Claim]] = {}
    for part in parts:
        for claim in part.stated() if len(parts) > 1 else ():
            first = seen.get(claim.figure)
            if first is None:
                seen[claim.figure] = (part, claim)
                continue
            if first[0] is part:
                continue  # one form's own arithmetic is its reader's finding, not a conflict
            other_part, other = first
            places = min(claim.places, other.places)
            a, b = _at(other.value, places), _at(claim.value, places)
            if a == b:
                continue
            problems.append(
                Problem(
                    "error",
                    f"「{claim.figure}」两处不一致：{other_part.source}（{other.where}）为"
                    f"{other.text()}，{part.source}（{claim.where}）为{claim.text()}，"
                    f"相差{_difference(abs(a - b), places)}；同一数字在各文件中必须一致（精确到分），"
                    "请核对后改正其中一处再上传",
                    code="sources_disagree",
                )
            )
    return problems


# ---------------------------------------------------------------- merging


def _best(parts: Sequence[Part], category: str) -> Part | None:
    """The part whose lines of `category` are the most detailed (then: with budgets, first)."""
    having = [p for p in parts if category in set(p.workbook.spending[CATEGORY].tolist())]
    if not having:
        return None

    def key(indexed: tuple[int, Part]) -> tuple[int, int, int]:
        i, part = indexed
        rows = part.workbook.spending[part.workbook.spending[CATEGORY] == category]
        budgets = int(rows[BUDGET].notna().all())
        return (part.rank(category), budgets, -i)

    return max(enumerate(having), key=key)[1]


def _lines(part: Part, category: str) -> list[dict]:
    return [r for r in records(part.workbook.spending) if r[CATEGORY] == category]


def _first_nonempty(parts: Sequence[Part], table: str) -> list[dict]:
    best: list[dict] = []
    for part in parts:
        rows = records(getattr(part.workbook, table))
        if len(rows) > len(best):
            best = rows
    return best


def _located(problem: Problem, source: str) -> Problem:
    sheet = f"{source} › {problem.sheet}" if problem.sheet else source
    return replace(problem, sheet=sheet)


def merge(parts: Sequence[Part]) -> Workbook:
    """One workbook from the parts of one unit-year (call `disagreements` first)."""
    head = parts[0].workbook
    info: dict[str, str] = {}
    texts: dict[str, str] = {}
    for part in parts:
        for key, value in part.workbook.info.items():
            info.setdefault(key, value)
        for key, value in part.workbook.texts.items():
            texts.setdefault(key, value)
    spending: list[dict] = []
    for category in CATEGORIES:
        best = _best(parts, category)
        if best is not None:
            spending += _lines(best, category)
    several = len({p.source for p in parts}) > 1
    problems = [
        _located(p, part.source) if several else p for part in parts for p in part.workbook.problems
    ]
    combined = Workbook(
        unit=head.unit,
        year=head.year,
        info=info,
        spending=make_table(spending, TABLE_COLUMNS["spending"]),
        income=make_table(_first_nonempty(parts, "income"), TABLE_COLUMNS["income"]),
        indicators=make_table(_first_nonempty(parts, "indicators"), TABLE_COLUMNS["indicators"]),
        texts=texts,
        problems=problems,
    )
    return _merge_extra_tables(combined, parts)


def _merge_extra_tables(combined: Workbook, parts: Sequence[Part]) -> Workbook:
    """The project tables: every part's rows, in order; project ids made unique across files
    (`file#sheet#1`); the unit's own funding rows from the first part that has them."""
    several = len({p.source for p in parts}) > 1
    unit_rows_from: Part | None = None
    for name in PROJECT_TABLES:
        rows: list[dict] = []
        for part in parts:
            for rec in records(getattr(part.workbook, name)):
                pid = rec[PROJECT_ID]
                if pid == "":
                    unit_rows_from = unit_rows_from or part
                    if unit_rows_from is not part:
                        continue
                elif several:
                    rec = {**rec, PROJECT_ID: f"{Path(part.source).name}#{pid}"}
                rows.append(rec)
        setattr(combined, name, make_table(rows, TABLE_COLUMNS[name]))
    return combined


def combine(parts: Iterable[Part]) -> list[Combined]:
    """Group parts by unit-year (in order of first appearance), check and merge each group."""
    groups: dict[tuple[str, int], list[Part]] = {}
    for part in parts:
        groups.setdefault((part.workbook.unit, part.workbook.year), []).append(part)
    out = []
    for (unit, year), group in groups.items():
        problems = disagreements(group)
        out.append(Combined(unit, year, merge(group), group, problems))
    return out
