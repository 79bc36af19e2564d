"""The quantities a text can name, with the unit-year's figures behind them: totals, 基本/项目,
人员/公用, each project (also by a shortened name), income by source, indicators, 执行率, 得分."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from perfeval.audit.numbers import COUNT, MONEY, MONEY_UNITS, PERCENT
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    DIR_QUAL,
    DIRECTION,
    FUND,
    FUND_GENERAL,
    INCOME,
    INCOME_ITEM,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    KPI_NAME,
    KPI_UNIT,
    PREV_ACTUAL,
    PREV_RESULT,
    RESULT,
    TARGET,
    records,
)
from perfeval.schema import EXEC_RATE as EXEC_RATE_COLUMN

if TYPE_CHECKING:
    from perfeval.model.figures import UnitYear

TOTAL = "支出合计"
INCOME_TOTAL = "收入合计"
BOTH_TOTALS = "收入、支出"
EXEC_RATE = "预算执行率"
SCORE = "自评得分"
HUNDRED = Decimal(100)
PROVINCE_LEVEL_CITIES = ("北京市", "上海市", "天津市", "重庆市")

# Names people use for the same total. Bare 支出 / 收入 are not among them: 社会保障和就业支出
# is not the total, and a wrong match is a false alarm.
TOTAL_ALIASES = ("支出合计", "支出总计", "总支出", "本年支出合计", "本年支出", "支出决算")
INCOME_ALIASES = ("收入合计", "收入总计", "总收入", "本年收入合计", "本年收入", "收入决算")
BOTH_ALIASES = ("收入、支出均为", "收、支均为", "收支均为", "收入和支出均为", "收入支出均为")
EXEC_ALIASES = ("预算执行率", "资金执行率", "支出执行率", "执行率")
SCORE_ALIASES = ("自评得分", "自评总分", "自评分数", "综合得分", "总得分")
# Whole → its parts that make it up entirely (a 其中 list naming all of them must add up).
COMPLETE_PARTS = {TOTAL: {CAT_BASIC, CAT_PROJECT}, CAT_BASIC: {ITEM_PERSONNEL, ITEM_PUBLIC}}
_SUFFIXES = (
    "专项补助资金",
    "专项资金",
    "补助资金",
    "奖励资金",
    "奖补资金",
    "项目经费",
    "工作经费",
    "专项经费",
    "经费",
    "资金",
    "项目",
)
_PLACE = re.compile(r"^(?:.{2,4}?[省市县区])")
_KPI_TAIL = re.compile(r"(?:个数|总数|数量|数|量)$")
_KPI_HEAD = re.compile(r"^(?:全社会|全市|全县|全区|全省|全年|年度|本年|新增|累计)")
_GENERIC_NOUN = re.compile(r"(?:企业|单位|项目)$")


@dataclass(frozen=True)
class Quantity:
    """Something a text can state, by name: its figure this year (万元 for amounts, % for rates),
    last year's, and an indicator's target."""

    key: str
    aliases: tuple[str, ...]
    kind: str
    current: Decimal | None = None
    previous: Decimal | None = None
    target: Decimal | None = None
    budget: Decimal | None = None  # 全年预算数, for a figure the text calls 预算
    unit: str = ""
    parent: str | None = None
    indicator: bool = False


@dataclass
class Facts:
    """What a text is checked against: the quantities, and who wrote it (for plausibility)."""

    unit: str = ""
    year: int | None = None
    quantities: list[Quantity] = field(default_factory=list)

    def by_key(self, key: str) -> Quantity | None:
        return next((q for q in self.quantities if q.key == key), None)

    @property
    def local(self) -> bool:
        """A county- or city-level unit (or unknown): a 万亿 figure is implausible for it."""
        if self.unit.startswith(PROVINCE_LEVEL_CITIES):  # 北京市文物局 is province-level
            return bool(re.match(r"^.{1,6}?[区县]", self.unit[3:]))
        name = re.sub(r"^.{2,3}?省|^.{2,8}?自治区", "", self.unit)
        return not name or bool(re.search(r"[州盟市县区旗镇乡]", name))


def _shortened(name: str) -> list[str]:
    """`沿江化工企业搬迁改造专项补助资金` → also `沿江化工企业搬迁改造`; a place prefix dropped."""
    out = [name]
    for candidate in (name, _PLACE.sub("", name)):
        for suffix in _SUFFIXES:
            if candidate.endswith(suffix) and len(candidate) - len(suffix) >= 4:
                out.append(candidate[: -len(suffix)])
                break
        if candidate != name and len(candidate) >= 4:
            out.append(candidate)
    return list(dict.fromkeys(out))


def indicator_aliases(name: str) -> list[str]:
    """`上云企业数` → 上云企业数, 上云企业, 上云; `全社会R&D投入` → R&D投入."""
    out = [name]
    core = _KPI_HEAD.sub("", name)
    out.append(core)
    bare = _KPI_TAIL.sub("", core)
    out.append(bare)
    noun = _GENERIC_NOUN.sub("", bare)
    if len(noun) >= 2:
        out.append(noun)
    return [a for a in dict.fromkeys(out) if len(a) >= 2]


def _money_of(value: Decimal | None, unit: str | None) -> Decimal | None:
    if value is None:
        return None
    return value * MONEY_UNITS[unit] if unit in MONEY_UNITS else value


def _indicators(model: UnitYear) -> list[Quantity]:
    out = []
    for rec in records(model.indicators):
        if rec[DIRECTION] == DIR_QUAL or rec[RESULT] is None or not rec[KPI_NAME]:
            continue
        unit = rec[KPI_UNIT] or ""
        kind = MONEY if unit in MONEY_UNITS else PERCENT if unit in ("%", "％") else COUNT
        out.append(
            Quantity(
                key=rec[KPI_NAME],
                aliases=tuple(indicator_aliases(rec[KPI_NAME])),
                kind=kind,
                current=_money_of(rec[RESULT], unit),
                previous=_money_of(rec[PREV_RESULT], unit),
                target=_money_of(rec[TARGET], unit),
                unit=unit,
                indicator=True,
            )
        )
    return out


def _spending(model: UnitYear) -> list[Quantity]:
    b = model.overall
    general_only = set(model.lines[FUND].tolist()) <= {FUND_GENERAL}
    total_aliases = TOTAL_ALIASES + (
        ("一般公共预算支出", "一般公共预算财政拨款支出", "财政拨款支出") if general_only else ()
    )
    out = [
        Quantity(TOTAL, total_aliases, MONEY, b.total.current, b.total.previous),
        Quantity(CAT_BASIC, (CAT_BASIC,), MONEY, b.basic.current, b.basic.previous, parent=TOTAL),
        Quantity(
            CAT_PROJECT, (CAT_PROJECT,), MONEY, b.project.current, b.project.previous, parent=TOTAL
        ),
    ]
    if b.basic_itemised:
        for key, change in ((ITEM_PERSONNEL, b.personnel), (ITEM_PUBLIC, b.public)):
            out.append(
                Quantity(key, (key,), MONEY, change.current, change.previous, parent=CAT_BASIC)
            )
    if b.projects_itemised:
        for rec in records(b.projects):
            names = _shortened(rec[ITEM])
            out.append(
                Quantity(
                    rec[ITEM],
                    tuple(names),
                    MONEY,
                    rec[ACTUAL],
                    rec[PREV_ACTUAL],
                    parent=CAT_PROJECT,
                    budget=rec[BUDGET],
                )
            )
            rate = rec[EXEC_RATE_COLUMN]
            out.append(
                Quantity(
                    f"{rec[ITEM]}{EXEC_RATE}",
                    tuple(f"{n}{w}" for n in names for w in (EXEC_RATE, "执行率")),
                    PERCENT,
                    None if rate is None else rate * HUNDRED,
                )
            )
    return out


def _income(model: UnitYear) -> list[Quantity]:
    general_only = set(model.income[FUND].tolist()) <= {FUND_GENERAL}
    aliases = INCOME_ALIASES + (("一般公共预算收入",) if general_only else ())
    out = [Quantity(INCOME_TOTAL, aliases, MONEY, model.income_total)]
    sums: dict[str, Decimal] = {}
    for item, amount in zip(
        model.income[INCOME_ITEM].tolist(), model.income[INCOME].tolist(), strict=True
    ):
        if item and amount is not None:
            sums[item] = sums.get(item, Decimal(0)) + amount
    out += [Quantity(k, (k,), MONEY, v, parent=INCOME_TOTAL) for k, v in sums.items()]
    total = model.overall.total.current
    same = total is not None and model.income_total == total
    out.append(Quantity(BOTH_TOTALS, BOTH_ALIASES, MONEY, total if same else None))
    return out


def facts_from_model(model: UnitYear) -> Facts:
    """Every quantity of the unit-year a text may state (previous year where it is stored)."""
    quantities = _spending(model) + _income(model) + _indicators(model)
    rate = model.execution.rate
    quantities.append(
        Quantity(EXEC_RATE, EXEC_ALIASES, PERCENT, None if rate is None else rate * HUNDRED)
    )
    quantities.append(Quantity(SCORE, SCORE_ALIASES, COUNT, model.score.total, unit="分"))
    taken: set[str] = set()
    unique = []
    for q in quantities:  # a project named like a total must not shadow the total
        aliases = tuple(a for a in q.aliases if a not in taken)
        taken.update(aliases)
        unique.append(Quantity(**{**q.__dict__, "aliases": aliases}))
    return Facts(model.unit, model.year, unique)


def text_facts(unit: str = "", year: int | None = None) -> Facts:
    """No data: the names only, so that a text is still checked against its own arithmetic."""
    names = [
        Quantity(TOTAL, TOTAL_ALIASES, MONEY),
        Quantity(INCOME_TOTAL, INCOME_ALIASES, MONEY),
        Quantity(CAT_BASIC, (CAT_BASIC,), MONEY, parent=TOTAL),
        Quantity(CAT_PROJECT, (CAT_PROJECT,), MONEY, parent=TOTAL),
        Quantity(ITEM_PERSONNEL, (ITEM_PERSONNEL,), MONEY, parent=CAT_BASIC),
        Quantity(ITEM_PUBLIC, (ITEM_PUBLIC,), MONEY, parent=CAT_BASIC),
        Quantity(EXEC_RATE, EXEC_ALIASES, PERCENT),
    ]
    return Facts(unit, year, names)
