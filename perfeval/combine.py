"""Several forms of one unit-year into one Workbook: figures stated twice must agree to the cent,
the most detailed breakdown of each 支出类别 wins, different unit-years stay apart."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORIES,
    CATEGORY,
    INCOME,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
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
    claims: list[Claim] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)  # 支出类别 → RANK_*, else derived

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
    if all(by_category.values()):
        add(FIG_TOTAL, lines)
        add(FIG_BUDGET, lines, BUDGET)
    basic = by_category[CAT_BASIC]
    if basic and all(r[ITEM] for r in basic):
        for item in (ITEM_PERSONNEL, ITEM_PUBLIC):
            add(item, [r for r in basic if r[ITEM] == item])
    for name in dict.fromkeys(r[ITEM] for r in by_category[CAT_PROJECT] if r[ITEM]):
        add(FIG_PROJECT + name, [r for r in by_category[CAT_PROJECT] if r[ITEM] == name])
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
        for claim in part.claims:
            first = seen.get(claim.figure)
            if first is None:
                seen[claim.figure] = (part, claim)
                continue
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
    """Tables added to Workbook beyond the template's (e.g. project evaluations): every part's
    rows, in order. Found by the names Workbook.to_dict serialises, so new tables join in."""
    extra = [
        name
        for name in getattr(combined, "__dataclass_fields__", {})
        if name not in {"unit", "year", "info", "texts", "problems", *TABLE_COLUMNS}
    ]
    for name in extra:
        values = [getattr(p.workbook, name) for p in parts]
        if values and all(isinstance(v, list) for v in values):
            setattr(combined, name, [row for v in values for row in v])
        elif values and all(isinstance(v, pd.DataFrame) for v in values):
            frames = [v for v in values if len(v)]
            if frames:
                setattr(combined, name, pd.concat(frames, ignore_index=True))
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
