"""Form layouts as data: title aliases, required labels and column-header aliases, matched exactly
after one normaliser; the registry that recognition consults, and what a read form gives back.

A form family (整体自评表, 项目自评表, and H8b's 决算 tables) is a module that describes each of its
variants as a frozen `Layout` and calls `register`. Recognition (`recognise`) never scores: a
layout fits a sheet when its title and every one of its needs are found after normalising; no fit
is an answer that says what was missing, two fits are a refusal. A province's variant is one more
`Layout` value, not an edit of the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from perfeval.readers.grid import Grid
from perfeval.readers.labels import Need, Table

if TYPE_CHECKING:
    from perfeval.readers.problems import Log


@dataclass(frozen=True)
class Layout:
    """One variant of one form family, described as data; `read` is the family's reader."""

    key: str  # stable id, e.g. "project.sichuan"
    family: str  # 项目支出绩效自评表: what the preview calls it
    variant: str  # 财预〔2020〕10号 / 四川: what distinguishes it
    titles: tuple[str, ...]  # normalised; a title cell (year removed) ends with one of them
    needs: tuple[Need, ...]  # labels that must all appear in the sheet
    tables: tuple[Table, ...]  # header rows that must all be found
    read: Callable[[Grid, Layout, Log], FormRead]
    absent: tuple[str, ...] = ()  # labels whose presence rules this layout out
    details: dict[str, Any] = field(default_factory=dict)  # the family's own aliases

    @property
    def name(self) -> str:
        return f"{self.family}（{self.variant}）"


@dataclass
class FormRead:
    """What a family reader returns for one sheet: partial tables (records with schema columns,
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
    """Add a layout (a module does this at import); a second layout with the same key is a bug."""
    if layout.key in _REGISTRY and _REGISTRY[layout.key] is not layout:
        raise ValueError(f"layout {layout.key!r} registered twice")
    _REGISTRY[layout.key] = layout
    return layout


def registered() -> tuple[Layout, ...]:
    return tuple(_REGISTRY.values())


# ---------------------------------------------------------------- recognition
@dataclass(frozen=True)
class Fit:
    """How one layout fits one sheet: `missing` empty means it fits."""

    layout: Layout
    title: bool
    missing: tuple[str, ...]

    @property
    def fits(self) -> bool:
        return self.title and not self.missing

    def why_not(self) -> str:
        if not self.title:
            return f"未找到标题「{self.layout.titles[0]}」"
        return "、".join(self.missing)


def fit(grid: Grid, layout: Layout) -> Fit:
    titles = grid.title_texts()
    title = any(t.endswith(alias) for t in titles for alias in layout.titles)
    labels = grid.labels()
    missing: list[str] = []
    for need in layout.needs:
        if not any(alias in labels for alias in need.aliases):
            missing.append(f"未找到「{need.what}」")
    for table in layout.tables:
        if grid.find_header(table) is None:
            missing.append(grid.header_miss(table))
    if any(a in labels for a in layout.absent):
        missing.append(
            f"含有本格式没有的「{'」「'.join(a for a in layout.absent if a in labels)}」"
        )
    return Fit(layout, title, tuple(missing))


def recognise(grid: Grid, layouts: Iterable[Layout] | None = None) -> list[Fit]:
    """Every registered layout's fit to the sheet, fitting ones first."""
    fits = [fit(grid, layout) for layout in (registered() if layouts is None else layouts)]
    return sorted(fits, key=lambda f: (not f.fits, not f.title))
