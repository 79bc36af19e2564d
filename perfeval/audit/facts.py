"""The quantities a text can name, with the unit-year's figures behind them: totals, 基本/项目,
人员/公用, each project (also by a shortened name), income by source, indicators, 执行率, 得分."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from perfeval.audit.numbers import COUNT, MONEY, MONEY_UNITS, PERCENT
from perfeval.audit.words import FUND as FUND_DIM
from perfeval.audit.words import (
    NON_GRANT_INCOME,
    PERIOD_CARRIED,
    PERIOD_THIS,
    SOURCE_GRANT,
    SOURCE_OTHER,
    qualifiers_of,
)
from perfeval.audit.words import PERIOD as PERIOD_DIM
from perfeval.audit.words import SOURCE as SOURCE_DIM
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
    from perfeval.model.figures import Breakdown, UnitYear

TOTAL = "支出合计"
GRAND_TOTAL = "支出总计"
INCOME_TOTAL = "收入合计"
INCOME_GRAND = "收入总计"
BOTH_TOTALS = "收入、支出"
EXEC_RATE = "预算执行率"
SCORE = "自评得分"
HUNDRED = Decimal(100)
PROVINCE_LEVEL_CITIES = ("北京市", "上海市", "天津市", "重庆市")

# Names people use for the totals. A bare 支出 / 收入 is the total only when every word before it
# is a qualifier the binding knows (社会保障和就业支出 is not the total: binding.py). 支出总计 and
# 总支出 of a 决算 include the 年末结转和结余, which the workbook does not hold: they also mean 收入总计.
TOTAL_ALIASES = ("支出合计", "本年支出合计", "本年支出", "支出")
GRAND_ALIASES = ("支出总计", "总支出")
INCOME_GRAND_ALIASES = ("收入总计", "总收入")
INCOME_ALIASES = ("收入合计", "本年收入合计", "本年收入", "收入")
BOTH_ALIASES = ("收入、支出均为", "收、支均为", "收支均为", "收入和支出均为", "收入支出均为")
EXEC_ALIASES = ("预算执行率", "资金执行率", "支出执行率", "执行率")
SCORE_ALIASES = ("自评得分", "自评总分", "自评分数", "综合得分", "总得分")
# 本年 says nothing of this year's spending (all of it is this year's), nor of an income item's.
SPENDING_IGNORES = frozenset({(PERIOD_DIM, PERIOD_THIS)})
INCOME_IGNORES = SPENDING_IGNORES
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
    last year's, and an indicator's target. `qualifiers` narrow it ((资金性质, 一般公共预算), …):
    a text's words must name exactly these (those in `ignores` say nothing of it); `readings` are
    the figures the same words may also mean (收入合计: with or without 上年结转)."""

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
    head: str = ""  # the unqualified quantity this one narrows (its own key when unqualified)
    qualifiers: frozenset[tuple[str, str]] = frozenset()
    ignores: frozenset[tuple[str, str]] = frozenset()
    strict: bool = False  # one of the unit's accounts: an unknown word before its name narrows it
    readings: tuple[tuple[str, Decimal | None], ...] = ()

    def __post_init__(self) -> None:
        if not self.head:
            object.__setattr__(self, "head", self.key)


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


def _variant(q: Quantity, fund: str | None) -> Quantity:
    """`q` narrowed to one 资金性质 (its key and parent say so); unchanged for all funds."""
    if fund is None:
        return q
    return replace(
        q,
        key=f"{fund}{q.key}",
        head=q.head,
        parent=f"{fund}{q.parent}" if q.parent else None,
        qualifiers=q.qualifiers | {(FUND_DIM, fund)},
    )


def _breakdown(b: Breakdown, fund: str | None, income_all: Decimal | None) -> list[Quantity]:
    """The spending quantities of one breakdown (all funds, or one fund)."""
    spend = dict(strict=True, ignores=SPENDING_IGNORES)
    grand = [("支出合计", b.total.current), ("收入总计", income_all)]
    if b.total.current == income_all:
        grand = grand[:1]
    out = [
        Quantity(TOTAL, TOTAL_ALIASES, MONEY, b.total.current, b.total.previous, **spend),
        Quantity(GRAND_TOTAL, GRAND_ALIASES, MONEY, readings=tuple(grand), **spend),
        Quantity(
            CAT_BASIC, (CAT_BASIC,), MONEY, b.basic.current, b.basic.previous, parent=TOTAL, **spend
        ),
        Quantity(
            CAT_PROJECT,
            (CAT_PROJECT,),
            MONEY,
            b.project.current,
            b.project.previous,
            parent=TOTAL,
            **spend,
        ),
    ]
    if b.basic_itemised:
        for key, change in ((ITEM_PERSONNEL, b.personnel), (ITEM_PUBLIC, b.public)):
            out.append(
                Quantity(
                    key, (key,), MONEY, change.current, change.previous, parent=CAT_BASIC, **spend
                )
            )
    if b.projects_itemised:
        for rec in records(b.projects):
            out.append(
                Quantity(
                    rec[ITEM],
                    tuple(_shortened(rec[ITEM])),
                    MONEY,
                    rec[ACTUAL],
                    rec[PREV_ACTUAL],
                    parent=CAT_PROJECT,
                    budget=rec[BUDGET],
                    **spend,
                )
            )
            if fund is None:
                rate = rec[EXEC_RATE_COLUMN]
                names = _shortened(rec[ITEM])
                out.append(
                    Quantity(
                        f"{rec[ITEM]}{EXEC_RATE}",
                        tuple(f"{n}{w}" for n in names for w in (EXEC_RATE, "执行率")),
                        PERCENT,
                        None if rate is None else rate * HUNDRED,
                    )
                )
    return [_variant(q, fund) for q in out]


def _spending(model: UnitYear) -> list[Quantity]:
    income = _income_rows(model)
    out = _breakdown(model.overall, None, _income_sum(income, None, None, None))
    for fund, b in model.funds.items():
        if not b.empty:
            out += _breakdown(b, fund, _income_sum(income, fund, None, None))
    return out


def _income_rows(model: UnitYear) -> list[tuple[str, str, str | None, Decimal]]:
    """(资金性质, period, source or None when the item does not say, amount) of each income row."""
    rows = []
    for fund, item, amount in zip(
        model.income[FUND].tolist(),
        model.income[INCOME_ITEM].tolist(),
        model.income[INCOME].tolist(),
        strict=True,
    ):
        if not item or amount is None:
            continue
        named = dict(qualifiers_of(item)[0])
        period = PERIOD_CARRIED if "结转" in item or "结余" in item else PERIOD_THIS
        source = named.get(SOURCE_DIM)
        if source is None and item in NON_GRANT_INCOME:
            source = SOURCE_OTHER
        rows.append((fund or FUND_GENERAL, period, source, amount))
    return rows


def _income_sum(
    rows: list[tuple[str, str, str | None, Decimal]],
    fund: str | None,
    period: str | None,
    source: str | None,
) -> Decimal | None:
    """The income the qualifiers select; None when a row does not say what the selection asks."""
    chosen = [r for r in rows if fund is None or r[0] == fund]
    chosen = [r for r in chosen if period is None or r[1] == period]
    if not chosen or (source is not None and any(r[2] is None for r in chosen)):
        return None
    return sum((r[3] for r in chosen if source is None or r[2] == source), Decimal(0))


def _income(model: UnitYear) -> list[Quantity]:
    rows = _income_rows(model)
    funds = [None, *sorted({r[0] for r in rows})]
    out: list[Quantity] = []
    for fund, source in ((f, s) for f in funds for s in (None, SOURCE_GRANT, SOURCE_OTHER)):
        narrow = frozenset({(FUND_DIM, fund)} if fund else set()) | (
            {(SOURCE_DIM, source)} if source else set()
        )
        words = f"{fund or ''}{source or ''}"
        everything = _income_sum(rows, fund, None, source)
        this_year = _income_sum(rows, fund, PERIOD_THIS, source)
        this = {(PERIOD_DIM, PERIOD_THIS)}
        both = (("收入总计", everything), ("本年收入合计", this_year))
        readings = () if everything == this_year else both
        common = dict(kind=MONEY, strict=True)
        out += [
            Quantity(
                f"{words}{INCOME_GRAND}",
                INCOME_GRAND_ALIASES,
                current=everything,
                head=INCOME_GRAND,
                qualifiers=narrow,
                **common,
            ),
            Quantity(
                f"{words}本年{INCOME_GRAND}",
                INCOME_GRAND_ALIASES,
                current=this_year,
                head=INCOME_GRAND,
                qualifiers=narrow | this,
                **common,
            ),
            Quantity(
                f"{words}{INCOME_TOTAL}",
                INCOME_ALIASES,
                current=None if readings else everything,
                readings=readings,
                head=INCOME_TOTAL,
                qualifiers=narrow,
                **common,
            ),
            Quantity(
                f"{words}本年{INCOME_TOTAL}",
                INCOME_ALIASES,
                current=this_year,
                head=INCOME_TOTAL,
                qualifiers=narrow | this,
                **common,
            ),
        ]
    items: dict[tuple[str | None, str], Decimal] = {}
    for fund, item, amount in zip(
        model.income[FUND].tolist(),
        model.income[INCOME_ITEM].tolist(),
        model.income[INCOME].tolist(),
        strict=True,
    ):
        if item and amount is not None:
            for key in ((None, item), (fund or FUND_GENERAL, item)):
                items[key] = items.get(key, Decimal(0)) + amount
    for (fund, item), amount in items.items():
        named = qualifiers_of(item)[0]
        ignores = frozenset() if "结转" in item or "结余" in item else INCOME_IGNORES
        q = Quantity(
            item,
            (item,),
            MONEY,
            amount,
            parent=INCOME_GRAND,
            head=item,
            qualifiers=named,
            ignores=ignores,
            strict=True,
        )
        out.append(_variant(q, fund))
    spending = {None: model.overall, **model.funds}
    for fund in funds:
        total = spending[fund].total.current if fund in spending else None
        income = _income_sum(rows, fund, None, None)
        same = total is not None and income == total
        q = Quantity(BOTH_TOTALS, BOTH_ALIASES, MONEY, total if same else None, strict=True)
        out.append(_variant(q, fund))
    return out


def facts_from_model(model: UnitYear) -> Facts:
    """Every quantity of the unit-year a text may state (previous year where it is stored)."""
    quantities = _spending(model) + _income(model) + _indicators(model)
    rate = model.execution.rate
    quantities.append(
        Quantity(EXEC_RATE, EXEC_ALIASES, PERCENT, None if rate is None else rate * HUNDRED)
    )
    quantities.append(Quantity(SCORE, SCORE_ALIASES, COUNT, model.score.total, unit="分"))
    return Facts(model.unit, model.year, _unique(quantities))


def _unique(quantities: list[Quantity]) -> list[Quantity]:
    """A name belongs to the first quantity that has it (and to that one's qualified variants): a
    project named like a total must not shadow the total."""
    owner: dict[str, str] = {}
    unique = []
    for q in quantities:
        aliases = tuple(a for a in q.aliases if owner.setdefault(a, q.head) == q.head)
        unique.append(replace(q, aliases=aliases))
    return unique


def text_facts(unit: str = "", year: int | None = None) -> Facts:
    """No data: the names only, so that a text is still checked against its own arithmetic."""
    spend = dict(strict=True, ignores=SPENDING_IGNORES)
    names = [
        Quantity(TOTAL, TOTAL_ALIASES, MONEY, **spend),
        Quantity(GRAND_TOTAL, GRAND_ALIASES, MONEY, **spend),
        Quantity(INCOME_GRAND, INCOME_GRAND_ALIASES, MONEY, strict=True),
        Quantity(INCOME_TOTAL, INCOME_ALIASES, MONEY, strict=True),
        Quantity(CAT_BASIC, (CAT_BASIC,), MONEY, parent=TOTAL, **spend),
        Quantity(CAT_PROJECT, (CAT_PROJECT,), MONEY, parent=TOTAL, **spend),
        Quantity(ITEM_PERSONNEL, (ITEM_PERSONNEL,), MONEY, parent=CAT_BASIC, **spend),
        Quantity(ITEM_PUBLIC, (ITEM_PUBLIC,), MONEY, parent=CAT_BASIC, **spend),
        Quantity(EXEC_RATE, EXEC_ALIASES, PERCENT),
    ]
    return Facts(unit, year, names)
