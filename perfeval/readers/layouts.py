"""One layout type for every family the readers know: the perfeval template, the 自评表 (every
province's, read by the roles of its columns), the 部门决算 tables, the shapes refused as what they
are (a 绩效目标表, a 自评问卷, a 评分标准 table), and layouts made of data (a mapping a clerk
confirmed). Each family registers its layouts; recognition asks every one whether it fits, and a
layout's answer says why not. The dispatcher (readers/dispatch.py) refuses when two fit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perfeval.readers.grid import Grid
    from perfeval.readers.problems import Log

SHEET = "sheet"  # the layout fits one sheet (a 自评表, a 决算 table)
BOOK = "book"  # the layout fits a whole workbook by its sheet names (the template)


@dataclass(frozen=True)
class Fit:
    """How one layout fits one sheet (or book). `why`: why it does not, or — for a layout that
    refuses — what the sheet is; `looks`: the sheet looks like this family (its title, its
    roles) though it does not fit; `detail`: what the family found, handed to its reader."""

    layout: Layout
    fits: bool
    why: str = ""
    looks: bool = False
    detail: Any = None

    def why_not(self) -> str:
        return self.why


@dataclass(frozen=True)
class Layout:
    """One layout of one family: how it is named, how it is recognised (`fit`), how it is read.
    `refuses`: a shape recognised to be refused as what it is (its read says so)."""

    key: str  # stable id, e.g. "selfeval.project", "accounts.summary", "mapping:NAME"
    family: str  # 项目支出绩效自评表: what the preview calls it
    variant: str  # what distinguishes it within its family (按列名识别, 公开01表, 已确认的对应 …)
    fit: Callable[[Layout, Any], Fit]
    read: Callable[..., Any] | None = None
    scope: str = SHEET
    refuses: bool = False
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def name(self) -> str:
        return f"{self.family}（{self.variant}）" if self.variant else self.family

    def fits(self, target: Any) -> Fit:
        return self.fit(self, target)


@dataclass
class FormRead:
    """What a 自评表 reader returns for one sheet: partial tables (records with schema columns,
    money in 万元), where unit and year were found, and the label the preview shows."""

    layout: Layout
    sheet: str
    unit: str | None = None
    year: int | None = None
    unit_where: str = ""
    year_where: str = ""
    info: dict[str, str] = field(default_factory=dict)
    spending: list[dict[str, Any]] = field(default_factory=list)
    income: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    funding: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    project_indicators: list[dict[str, Any]] = field(default_factory=list)
    extra: str = ""  # more for the label, e.g. "公开03表，金额单位：元"

    def label(self, unit: str | None = None, year: int | None = None) -> str:
        unit, year = unit or self.unit, year or self.year
        parts = [f"{year}年度" if year else "", unit or "", self.extra]
        inner = "，".join(p for p in parts if p)
        return f"{self.layout.family}（{inner}）" if inner else self.layout.family


# ---------------------------------------------------------------- the registry
_REGISTRY: dict[str, Layout] = {}


def register(layout: Layout) -> Layout:
    """Add a layout (a family module does this at import); a second layout with the same key
    is a bug."""
    if layout.key in _REGISTRY and _REGISTRY[layout.key] is not layout:
        raise ValueError(f"layout {layout.key!r} registered twice")
    _REGISTRY[layout.key] = layout
    return layout


def registered(scope: str | None = None) -> tuple[Layout, ...]:
    return tuple(x for x in _REGISTRY.values() if scope is None or x.scope == scope)


def families() -> list[str]:
    """The families a file may be, for messages (refused shapes left out)."""
    return list(dict.fromkeys(x.family for x in _REGISTRY.values() if not x.refuses))


def recognise(grid: Grid, layouts: Iterable[Layout] | None = None) -> list[Fit]:
    """Every sheet layout's fit to the sheet (registered ones and `layouts` given), fitting
    ones first, then those the sheet looks like."""
    found = registered(SHEET) if layouts is None else tuple(layouts)
    fits = [layout.fits(grid) for layout in found]
    return sorted(fits, key=lambda f: (not f.fits, not f.looks))


def read_as(fit: Fit, grid: Grid, log: Log) -> Any:
    """Read the sheet by the layout that fits it, with what its fit found."""
    assert fit.layout.read is not None, fit.layout.key
    return fit.layout.read(grid, fit.layout, log, fit.detail)
