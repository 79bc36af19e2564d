"""Figures the model derives besides spending: indicators counted by status, income by fund,
the retiree head count, and the project lines of the sentence 项目支出主要为…"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from perfeval import fmt
from perfeval.schema import (
    ACTUAL,
    FUND,
    FUNDS,
    INCOME,
    INFO_RETIRED,
    INFO_RETIRED_EARLY,
    ITEM,
    STATUS,
    STATUS_MET,
    STATUS_MISSED,
    STATUS_QUAL,
    STATUS_UNQUANTIFIED,
)
from perfeval.unitinfo import parse_count

if TYPE_CHECKING:
    import pandas as pd

OTHER_PREFIX = "其他"  # a line named 其他… goes last in the sentence, as the seed report does


def dsum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Exact sum of the given values; None when none is given (blank is not zero)."""
    total: Decimal | None = None
    for value in values:
        if value is not None:
            total = value if total is None else total + value
    return total


@dataclass(frozen=True)
class IndicatorCounts:
    """How many indicators reached their target, missed it, are 定性 or 未量化."""

    total: int
    met: int
    missed: int
    qualitative: int
    unquantified: int

    @property
    def quantified(self) -> int:
        return self.met + self.missed


def count_indicators(indicators: pd.DataFrame) -> IndicatorCounts:
    statuses = indicators[STATUS].tolist() if len(indicators) else []
    return IndicatorCounts(
        total=len(statuses),
        met=statuses.count(STATUS_MET),
        missed=statuses.count(STATUS_MISSED),
        qualitative=statuses.count(STATUS_QUAL),
        unquantified=statuses.count(STATUS_UNQUANTIFIED),
    )


def income_by_fund(income: pd.DataFrame) -> dict[str, Decimal | None]:
    """收入 of each fund (None where the income sheet lists nothing for it)."""
    by_fund: dict[str, list[Decimal | None]] = {fund: [] for fund in FUNDS}
    for fund, amount in zip(income[FUND].tolist(), income[INCOME].tolist(), strict=True):
        by_fund.setdefault(fund, []).append(amount)
    return {fund: dsum(amounts) if amounts else None for fund, amounts in by_fund.items()}


def _head_count(text: str) -> int | None:
    try:
        return parse_count(text)
    except ValueError:  # stored before the reader checked counts: no count
        return None


def retirees(info: Mapping[str, str]) -> int | None:
    """离休 + 退休 人数; None unless every one given is a whole number (and one is given)."""
    given = [g for g in (info.get(INFO_RETIRED_EARLY), info.get(INFO_RETIRED)) if g]
    counts = [_head_count(g) for g in given]
    if not given or any(c is None for c in counts):
        return None
    return sum(c for c in counts if c is not None)


@dataclass(frozen=True)
class ProjectLine:
    """One line of the sentence 项目支出主要为…"""

    name: str
    amount: Decimal | None


def sentence_lines(projects: pd.DataFrame) -> list[ProjectLine]:
    """Largest first (as the project table is sorted), lines named 其他… last, as the seed does."""
    rows = [
        ProjectLine(str(name), amount)
        for name, amount in zip(projects[ITEM].tolist(), projects[ACTUAL].tolist(), strict=True)
    ]
    main = [r for r in rows if not r.name.startswith(OTHER_PREFIX)]
    return main + [r for r in rows if r.name.startswith(OTHER_PREFIX)]


def income_gap(income_total: Decimal | None, spending_total: Decimal | None) -> Decimal | None:
    """收入合计 − 支出合计 as shown (to the cent); None when equal or either is missing."""
    if income_total is None or spending_total is None:
        return None
    gap = fmt.round2(income_total) - fmt.round2(spending_total)
    return gap or None
