"""The record types of the real-prose audit corpus (tests/audit_real.py): a passage, its workbook
of its own figures, a hand label for every figure, a planted error; see docs/audit-corpus.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from perfeval.schema import (
    CAT_PROJECT,
    FUND,
    FUND_GENERAL,
    INCOME,
    INCOME_ITEM,
    TABLE_COLUMNS,
    Workbook,
    make_table,
)
from tests.builders import line, workbook

CONSISTENT = "一致"
MISMATCH = "不一致"
UNCHECKED = "无法核对"
DOUBT = "存疑"
NOT_REPORTED = "不报告"  # not a figure (a date, a list number), or a count nothing can check
VERDICTS = (CONSISTENT, MISMATCH, UNCHECKED, DOUBT, NOT_REPORTED)
KINDS = ("自评报告", "决算说明", "预算说明", "预算执行")


@dataclass(frozen=True)
class Label:
    """A figure as written (the audit's 数字 column), which occurrence of it, its right verdict,
    a second verdict also right (`alt`, reason in the comment beside it) and, for 不一致, 应为."""

    figure: str
    verdict: str
    expected: str = ""
    nth: int = 0
    alt: str = ""

    def accepts(self, verdict: str) -> bool:
        return verdict in (self.verdict, self.alt)

    # tests/real_corpus.py reads a label as `figure`, `label`, `expected`, `occurrence`
    @property
    def label(self) -> str:
        return MISMATCH if self.verdict == DOUBT else self.verdict

    @property
    def occurrence(self) -> int:
        return self.nth

    @property
    def true(self) -> bool:
        """The figure is right as written: flagging it is a false alarm."""
        return self.verdict not in (MISMATCH, DOUBT) and self.alt not in (MISMATCH, DOUBT)


@dataclass(frozen=True)
class Year:
    """One workbook: spending lines (tests.builders rows), income lines, indicators."""

    spending: tuple[dict[str, Any], ...] = ()
    income: tuple[dict[str, Any], ...] = ()
    indicators: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Passage:
    key: str
    url: str
    province: str
    unit: str
    year: int
    kind: str
    text: str
    current: Year | None  # None: the contract holds none of the passage's figures
    labels: tuple[Label, ...]
    previous: Year | None = None
    hard_cases: tuple[str, ...] = ()
    real_errors: tuple[str, ...] = ()  # slips of the original (their labels say 不一致)

    @property
    def figures(self) -> tuple[Label, ...]:
        return self.labels

    @property
    def workbook(self) -> dict[int, Workbook] | None:
        """The passage's workbooks by year, in memory; None when it has none."""
        if self.current is None:
            return None
        out = {self.year: _book(self, self.year, self.current)}
        if self.previous is not None:
            out[self.year - 1] = _book(self, self.year - 1, self.previous)
        return out


def _book(p: Passage, year: int, data: Year) -> Workbook:
    book = workbook(p.unit, year, list(data.spending), list(data.indicators))
    rows = [{"行号": i + 3, **r} for i, r in enumerate(data.income)]
    return replace(book, income=make_table(rows, TABLE_COLUMNS["income"]))


@dataclass(frozen=True)
class Plant:
    """`old` (once in passage `key`) becomes `new`; `flagged`: the labels of the planted copy that
    differ from the original's, the planted figure first. Every other label stays as it was.
    `passage` is the passage's index in tests.audit_real.PASSAGES (set there)."""

    key: str
    old: str
    new: str
    what: str
    flagged: tuple[Label, ...]
    passage: int = -1

    # tests/real_corpus.py reads a plant's planted `figure` and its `expected`
    @property
    def figure(self) -> str:
        return self.flagged[0].figure

    @property
    def expected(self) -> str:
        first = self.flagged[0]
        return first.expected if first.verdict == MISMATCH else ""


def fig(figure: str, verdict: str, expected: str = "", *, nth: int = 0, alt: str = "") -> Label:
    return Label(figure, verdict, expected, nth, alt)


def income(item: str, amount: str, fund: str = FUND_GENERAL) -> dict[str, Any]:
    return {FUND: fund, INCOME_ITEM: item, INCOME: Decimal(amount)}


def planned(category: str, item: str | None, amount: str, fund: str = FUND_GENERAL) -> dict:
    """A 预算说明's planned amount: its 全年预算数 and its 全年执行数 alike."""
    return line(category, item, amount, amount, fund)


def gov(amount: str, fund: str = FUND_GENERAL, budget: str | None = None) -> dict[str, Any]:
    """A government's spending of one fund: one un-itemised 项目支出 line."""
    return line(CAT_PROJECT, None, amount, budget, fund)


def occurrences(text: str, figure: str) -> list[int]:
    """Where `figure` stands as a whole figure: not inside a longer number (`0万元` in `10万元`,
    `867.48万元` in `1,867.48万元`)."""
    out = []
    for m in re.finditer(re.escape(figure), text):
        before = text[: m.start()]
        if before[-1:].isdigit() or before[-1:] == "." or re.search(r"\d,$", before):
            continue
        out.append(m.start())
    return out
