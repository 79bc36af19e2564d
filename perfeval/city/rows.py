"""The city: every unit of one year side by side, computed once from the store's parsed workbooks.
Rows are memoised on the version ids they came from, so after a write only changed units recompute."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast
from urllib.parse import quote

from perfeval.findings import evaluate
from perfeval.model import scoring
from perfeval.model.figures import Change, UnitYear, dsum, ratio, spending_figures
from perfeval.schema import (
    ACTUAL,
    CATEGORY,
    INFO_UNIT_TYPE,
    ITEM,
    Workbook,
)
from perfeval.store.core import Store
from perfeval.unitinfo import Staff, department, unit_type

GRADE_ORDER = (
    scoring.GRADE_EXCELLENT,
    scoring.GRADE_GOOD,
    scoring.GRADE_FAIR,
    scoring.GRADE_POOR,
    scoring.GRADE_NONE,
)


@dataclass(frozen=True)
class UnitRow:
    """One unit's figures for the city table (exact Decimals; None = not given)."""

    unit: str
    year: int
    department: str | None
    unit_type: str | None
    total: Change
    basic: Decimal | None
    project: Decimal | None
    personnel: Decimal | None
    public: Decimal | None
    exec_budget: Decimal | None
    exec_actual: Decimal | None
    score: Decimal | None
    grade: str
    indicators: int
    quantified: int
    unquantified: int
    findings: int
    staff: Staff

    @property
    def exec_rate(self) -> Decimal | None:
        return ratio(self.exec_actual, self.exec_budget)

    @property
    def quantified_share(self) -> Decimal | None:
        """Share of indicators with a numeric target (达标 + 未达标); None without indicators."""
        return ratio(Decimal(self.quantified), Decimal(self.indicators))

    @property
    def per_head_personnel(self) -> Decimal | None:
        return self.staff.per_head(self.personnel)

    @property
    def per_head_public(self) -> Decimal | None:
        return self.staff.per_head(self.public)

    @property
    def link(self) -> str:
        """The unit's 总览 (the default page), relative to the app's root, URL-encoded."""
        return f"./?unit={quote(self.unit, safe='')}&year={self.year}"


def unit_row(model: UnitYear) -> UnitRow:
    b = model.overall
    return UnitRow(
        unit=model.unit,
        year=model.year,
        department=department(model.info),
        unit_type=unit_type(model.info.get(INFO_UNIT_TYPE)),
        total=b.total,
        basic=b.basic.current,
        project=b.project.current,
        personnel=b.personnel.current,
        public=b.public.current,
        exec_budget=model.execution.budget,
        exec_actual=model.execution.actual,
        score=model.score.total,
        grade=model.score.grade,
        indicators=model.kpi.total,
        quantified=model.kpi.quantified,
        unquantified=model.kpi.unquantified,
        findings=len(model.findings),
        staff=model.staff,
    )


@dataclass(frozen=True)
class YearTotal:
    """The city's spending in one year: the sum over the units that reported it (or, per
    stored version, one unit's: `units` is then 1)."""

    year: int
    units: int
    total: Decimal | None
    basic: Decimal | None
    project: Decimal | None
    unit: str | None = None  # the unit of a per-version total


@dataclass(frozen=True)
class Others:
    """The units below a ranking's top, summed: 其余N个单位."""

    units: int
    total: Decimal


@dataclass(frozen=True)
class Missing:
    """A unit with stored years but none for this one: 未报送."""

    unit: str
    last_year: int | None  # its latest year before this one (None: only later years)
    first_year: int  # its earliest stored year


@dataclass
class City:
    year: int
    years: list[int]  # every year any unit reported, ascending
    rows: list[UnitRow]  # by 支出合计, largest first
    missing: list[Missing]
    by_year: list[YearTotal]
    unit_years: list[YearTotal] = field(default_factory=list)  # per unit and year

    def subset(self, units: set[str]) -> City:
        """The same year for some units only (a filter): rows, 未报送 and totals by year."""
        unit_years = [t for t in self.unit_years if t.unit in units]
        grouped: dict[int, list[YearTotal]] = {}
        for t in unit_years:
            grouped.setdefault(t.year, []).append(t)
        return City(
            year=self.year,
            years=self.years,
            rows=[r for r in self.rows if r.unit in units],
            missing=[m for m in self.missing if m.unit in units],
            by_year=[_year_total(y, grouped[y]) for y in sorted(grouped)],
            unit_years=unit_years,
        )

    @property
    def total(self) -> Decimal | None:
        return dsum(r.total.current for r in self.rows)

    @property
    def comparable(self) -> Change:
        """This year against last year over the units that reported both (like for like)."""
        both = [r for r in self.rows if r.total.previous is not None]
        return Change(
            dsum(r.total.current for r in both) if both else None,
            dsum(r.total.previous for r in both) if both else None,
        )

    @property
    def comparable_units(self) -> int:
        return sum(r.total.previous is not None for r in self.rows)

    @property
    def basic(self) -> Decimal | None:
        return dsum(r.basic for r in self.rows)

    @property
    def project(self) -> Decimal | None:
        return dsum(r.project for r in self.rows)

    def share(self, amount: Decimal | None) -> Decimal | None:
        """`amount` as a share of the city's 支出合计 (these rows)."""
        return ratio(amount, self.total)

    def ranking(self, top: int) -> tuple[list[UnitRow], Others | None]:
        """The `top` units by 支出合计 (those that give one), and the rest summed as one."""
        spending = [r for r in self.rows if r.total.current is not None]
        shown, rest = spending[:top], spending[top:]
        if not rest:
            return shown, None
        return shown, Others(len(rest), dsum(r.total.current for r in rest) or Decimal(0))

    @property
    def unquantified_share(self) -> Decimal | None:
        """Units with an 未量化 indicator as a share of the units shown; None without units."""
        return ratio(Decimal(len(self.unquantified_units)), Decimal(len(self.rows)))

    @property
    def exec_rate(self) -> Decimal | None:
        """Σ 执行数 / Σ 全年预算数 over the lines giving both, across every unit."""
        return ratio(dsum(r.exec_actual for r in self.rows), dsum(r.exec_budget for r in self.rows))

    @property
    def mean_score(self) -> Decimal | None:
        scores = [r.score for r in self.rows if r.score is not None]
        return sum(scores, Decimal(0)) / len(scores) if scores else None

    @property
    def grades(self) -> dict[str, int]:
        """Units per grade, every grade listed (best first), 无法评分 last."""
        counts = Counter(r.grade for r in self.rows)
        return {g: counts.get(g, 0) for g in GRADE_ORDER}

    @property
    def unquantified_units(self) -> list[UnitRow]:
        return [r for r in self.rows if r.unquantified]


@dataclass
class Memo:
    """What a city build can reuse: rows and year totals keyed by the version ids they came
    from. Shared by every session of the app (one per store); safe across threads."""

    rows: dict[tuple[int, int, int | None], UnitRow] = field(default_factory=dict)
    totals: dict[int, YearTotal] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def prune(self, live: set[int]) -> None:
        """Forget what was computed from versions that are no longer current."""
        with self.lock:
            self.rows = {
                k: v
                for k, v in self.rows.items()
                if k[1] in live and (k[2] is None or k[2] in live)
            }
            self.totals = {k: v for k, v in self.totals.items() if k in live}


def _year_total(year: int, totals: list[YearTotal]) -> YearTotal:
    return YearTotal(
        year=year,
        units=len(totals),
        total=dsum(t.total for t in totals),
        basic=dsum(t.basic for t in totals),
        project=dsum(t.project for t in totals),
    )


def _version_total(doc: dict) -> YearTotal:
    """A stored version's spending totals: the model's sums over its stored rows (no tables
    built: a city of many years reads every version once)."""
    lines = doc.get("spending", [])
    actuals = [None if r.get(ACTUAL) is None else Decimal(r[ACTUAL]) for r in lines]
    sums = spending_figures([r.get(CATEGORY) for r in lines], [r.get(ITEM) for r in lines], actuals)
    return YearTotal(
        int(doc["year"]),
        1,
        cast("Decimal | None", sums["total"]),
        cast("Decimal | None", sums["basic"]),
        cast("Decimal | None", sums["project"]),
        unit=doc["unit"],
    )


def build_city(store: Store, year: int, memo: Memo | None = None, *, by_year: bool = True) -> City:
    """Every unit's row for `year` (and its 同比), the 未报送 units, and (with `by_year`) the
    city's total of every stored year."""
    memo = memo or Memo()
    ids = store.current_ids()
    memo.prune(set(ids.values()))
    by_unit: dict[str, list[int]] = {}
    for unit, y in ids:
        by_unit.setdefault(unit, []).append(y)
    keys = {
        unit: (year, ids[(unit, year)], ids.get((unit, year - 1)))
        for unit, years in by_unit.items()
        if year in years
    }
    need_rows = [k for k in keys.values() if k not in memo.rows]
    need_totals = [vid for vid in ids.values() if vid not in memo.totals] if by_year else []
    wanted = {vid for k in need_rows for vid in k[1:] if vid is not None} | set(need_totals)
    loaded = store.documents(sorted(wanted)) if wanted else {}
    rows, totals = {}, {}
    for key in need_rows:
        _, vid, prev = key
        history = {year: Workbook.from_dict(loaded[vid])}
        if prev is not None:
            history[year - 1] = Workbook.from_dict(loaded[prev])
        rows[key] = unit_row(evaluate(history, year))
    for vid in need_totals:
        totals[vid] = _version_total(loaded[vid])
    with memo.lock:
        memo.rows.update(rows)
        memo.totals.update(totals)
        unit_rows = [memo.rows[k] for k in keys.values()]
        year_totals = [memo.totals[vid] for vid in ids.values()] if by_year else []
    unit_rows.sort(key=lambda r: (-(r.total.current or Decimal(0)), r.unit))
    missing = sorted(
        (
            Missing(unit, max((y for y in years if y < year), default=None), min(years))
            for unit, years in by_unit.items()
            if year not in years
        ),
        key=lambda m: m.unit,
    )
    every_year = sorted({y for _, y in ids})
    grouped: dict[int, list[YearTotal]] = {}
    for t in year_totals:
        grouped.setdefault(t.year, []).append(t)
    return City(
        year=year,
        years=every_year,
        rows=unit_rows,
        missing=missing,
        by_year=[_year_total(y, grouped[y]) for y in every_year if y in grouped],
        unit_years=year_totals,
    )
