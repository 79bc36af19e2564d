"""The city page's rules and words without Streamlit: which units a filter keeps, and every text
the page prints beside the city model's figures (cards, notes, 未报送). Tested directly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from perfeval import fmt, markdown
from perfeval.city.rows import City, UnitRow

ALL, WITH, WITHOUT = "全部", "有发现问题的单位", "无发现问题的单位"
FINDINGS_CHOICES = (ALL, WITH, WITHOUT)


def options(values: Iterable[str | None]) -> list[str]:
    """A filter's choices: the values given, each once, sorted; blanks left out."""
    return sorted({v for v in values if v})


@dataclass(frozen=True)
class CityFilter:
    """What the sidebar chose: nothing chosen in a box means every value of it."""

    departments: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    findings: str = ALL

    @property
    def active(self) -> bool:
        return bool(self.departments or self.types or self.grades or self.findings != ALL)

    def keeps(self, row: UnitRow) -> bool:
        return (
            (not self.departments or row.department in self.departments)
            and (not self.types or row.unit_type in self.types)
            and (not self.grades or row.grade in self.grades)
            and (self.findings == ALL or (row.findings > 0) == (self.findings == WITH))
        )

    def units(self, city: City) -> tuple[str, ...] | None:
        """The units the filtered view holds; None when nothing is filtered (the whole city).
        A 未报送 unit has no row this year (no 主管部门, 类型, 等级 or findings to match), so a
        filtered view holds none of them."""
        if not self.active:
            return None
        return tuple(sorted({r.unit for r in city.rows if self.keeps(r)}))


def scope_caption(view: City, whole: City, filtered: bool) -> str:
    scope = f"筛选后{len(view.rows)}个单位（全市{len(whole.rows)}个）" if filtered else "全市"
    return f"{scope} · 金额单位：万元 · 点击单位名称打开该单位总览"


def total_delta(view: City) -> str | None:
    """The 支出合计 card's delta: like for like over the units that reported both years."""
    cmp = view.comparable
    if cmp.previous is None:
        return None
    return f"{fmt.signed_money(cmp.delta)}（{fmt.signed_percent(cmp.ratio)}）"


def share_delta(view: City, amount) -> str:
    """`占12.34%` of the city's 支出合计 (— where there is none)."""
    return f"占{fmt.percent(view.share(amount))}"


def reported_delta(view: City) -> str:
    return f"未报送{len(view.missing)}个" if view.missing else "全部报送"


def mean_score_text(view: City) -> str:
    return f"{fmt.amount(view.mean_score)}分" if view.mean_score is not None else "—"


def grades_line(view: City) -> str | None:
    """`优3个 良1个`: the grades present, best first."""
    return " ".join(f"{g}{n}个" for g, n in view.grades.items() if n) or None


def unquantified_delta(view: City) -> str | None:
    return f"占{fmt.percent(view.unquantified_share)}" if view.rows else None


def notes(view: City, year: int) -> str:
    """Under the cards: what the 同比 is computed over, or that there is none."""
    cmp = view.comparable
    if cmp.previous is not None and (view.comparable_units < len(view.rows) or view.missing):
        return (
            f"同比按两年都报送的{view.comparable_units}个单位计算"
            f"（{year - 1}年{fmt.money(cmp.previous)} → {year}年{fmt.money(cmp.current)}）。"
        )
    if cmp.previous is None and view.rows:
        return f"没有{year - 1}年度数据，不计算同比。"
    return ""


def missing_warning(view: City, year: int) -> str | None:
    """The 未报送 box (Markdown; unit names escaped), None when every unit reported."""
    if not view.missing:
        return None
    listed = "、".join(
        markdown.inline(m.unit)
        + (f"（最近报送{m.last_year}年度）" if m.last_year else f"（{m.first_year}年度起报送）")
        for m in view.missing
    )
    return (
        f"**未报送 {len(view.missing)}个单位**：有其他年度的数据，但没有{year}年度的数据——{listed}"
    )
