"""The text's own 执行率: `全年预算数150万元，全年执行数142.8万元，执行率95.2%` needs 142.8 ÷ 150
at the precision written, whether or not the data has that project or unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from perfeval.audit.checks import HUNDRED, operands, within, written
from perfeval.audit.numbers import MONEY, PERCENT
from perfeval.audit.reading import CONSISTENT, MISMATCH, VALUE, Mention
from perfeval.audit.words import COMPLETION as _COMPLETION
from perfeval.audit.words import without_funds

_RATE_WORDS = re.compile(r"执行率(?:为|达到|达|是)?\s*$")
_BUDGET = ("预算",)
_ACTUAL = ("执行", "支出", "使用", "拨付", "实际", "完成")


def is_execution_rate(m: Mention) -> bool:
    """`执行率95.2%`, and `完成（年初）预算的98%`: the actual over the budget."""
    if m.number.kind != PERCENT or m.role != VALUE:
        return False
    return bool(_RATE_WORDS.search(m.label) or _COMPLETION.search(m.label.replace(" ", "")))


def _amounts(m: Mention, sentence: Sequence[Mention], carry: Sequence[Mention]) -> list[Mention]:
    before = [v for v in sentence[: m.index] if v.role == VALUE and v.number.kind == MONEY]
    return [v for v in (before or list(carry)) if not v.number.approx]


def _budget(v: Mention) -> bool:
    return any(w in without_funds(v.label) for w in _BUDGET)


def _actual(v: Mention) -> bool:
    return not _budget(v) and any(w in v.label for w in _ACTUAL)


def check_execution(m: Mention, sentence: Sequence[Mention], carry: Sequence[Mention]) -> None:
    """Any budget stated before the rate that gives it from the actual amount makes it 一致 (each
    figure as written or as the data says it); else the rate is marked, from the nearest budget."""
    amounts = _amounts(m, sentence, carry)
    actual = [v for v in amounts if _actual(v)]
    budgets = [v for v in amounts if _budget(v)]
    if not actual or not budgets:
        return
    spent = actual[-1]
    first: tuple[str, Decimal] | None = None
    for budget in reversed(budgets):
        for b in operands(budget):
            for a in operands(spent):
                if b.low <= 0:
                    continue
                point = a.point / b.point * HUNDRED
                basis = f"文中：{a.text} ÷ {b.text} = {written(m.number, point)}"
                if within(m.number, a.low / b.high * HUNDRED, a.high / b.low * HUNDRED):
                    for figure in (m, spent, budget):
                        figure.mark(CONSISTENT, basis)
                    return
                first = first or (basis, point)
    if first is not None:
        m.mark(MISMATCH, first[0], written(m.number, first[1]))
