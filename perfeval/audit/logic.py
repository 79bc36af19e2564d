"""The text's own logic beyond 其中 lists: stated sums (`A，B，合计C`), stated differences and their
direction (`本年A，上年B，增加C`), a completion rate against the run over or under the budget in
the same sentence, and paired lists (`各减少A、B万元，各下降x%、y%`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from perfeval.audit.checks import (
    HUNDRED,
    _change_words,
    check_rate,
    check_sum,
    interval,
    operands,
    within,
    written,
)
from perfeval.audit.numbers import MONEY, PERCENT, shown
from perfeval.audit.reading import CONSISTENT, DELTA, MISMATCH, PREV, RATE, VALUE, Mention
from perfeval.audit.words import (
    BUDGET_RUN,
    COMPLETION,
    LIST_SEPARATORS,
    OVER,
    PARTIAL_WORDS,
    TOTAL_WORDS,
    without_funds,
)

_SPACE = re.compile(r"\s+")
_BREAK = re.compile(r"[，,；;。：:]")
_BARE_TOTAL = re.compile(
    r"^(?:" + "|".join(sorted(TOTAL_WORDS, key=len, reverse=True)) + r")(?:为|是|达|约)?$"
)
_TO_LEVEL = re.compile(r"(?:增加|增长|提高|上升|下降|减少|降低|回落)(?:到|至)$")


def _clause_words(m: Mention) -> str:
    return _BREAK.split(_SPACE.sub("", m.label))[-1]


def _amounts(sentence: Sequence[Mention]) -> list[Mention]:
    return [
        m for m in sentence if m.role == VALUE and m.number.kind == MONEY and not m.number.approx
    ]


def check_stated_sums(sentence: Sequence[Mention], text: str) -> None:
    """`人员经费A万元，公用经费B万元，合计C万元`: C = A + B (≤ where the list says 等)."""
    start = 0
    for i, m in enumerate(sentence):
        if m.role != VALUE or m.number.kind != MONEY or not _BARE_TOTAL.match(_clause_words(m)):
            continue
        parts = _amounts(sentence[start:i])
        listed = [p for p in parts if p.head is not None]
        parts = listed or [p for p in parts if not any(q.head is p for q in parts)]
        start = i + 1
        if len(parts) < 2:
            continue
        between = text[parts[0].number.start : m.number.start]
        complete = not any(w in between for w in PARTIAL_WORDS)
        check_sum(m, parts, complete)


def check_stated_differences(sentence: Sequence[Mention]) -> None:
    """A change beside the two amounts it is between: `本年A，上年B，增加C，增长Z%`, or `由B增加
    到A，增加C`. The change and the rate must follow from A and B, and so must their direction."""
    values = [m for m in sentence if m.role == VALUE and m.number.kind == MONEY]
    previous = [m for m in sentence if m.role == PREV and m.number.kind == MONEY]
    for m in values:  # `由B万元增加到A万元`: B is the earlier level
        if _TO_LEVEL.search(_clause_words(m)) and m.index:
            before = sentence[m.index - 1]
            if before.role == VALUE and before.number.kind == MONEY and before not in previous:
                previous.append(before)
                values = [v for v in values if v is not before]
    if len(values) != 1 or len(previous) != 1:
        return
    now, then = values[0], previous[0]
    if now.number.approx or then.number.approx:
        return
    nl, nh = interval(now.number)
    pl, ph = interval(then.number)
    point = now.number.wan - then.number.wan
    basis = f"文中：{now.number.text} − {then.number.text} = {written(now.number, abs(point))}"
    for m in sentence:
        if m.role == DELTA and m.number.kind == MONEY and not m.number.approx:
            low, high = nl - ph, nh - pl
            signed = m.sign * m.number.wan
            ok = (
                within_signed(m, low, high) and (m.sign > 0) == (point >= 0)
            ) or signed == point == 0
            if ok:
                m.mark(CONSISTENT, basis)
            else:
                m.mark(MISMATCH, basis, _change_words(m, point))
        elif m.role == RATE and ph > 0:
            low = (nl - ph) / ph * HUNDRED
            high = (nh - pl) / pl * HUNDRED if pl > 0 else None
            rate = point / then.number.wan * HUNDRED
            rate_basis = f"文中：（{now.number.text} − {then.number.text}）÷ {then.number.text} = {shown(rate, 2)}%"
            if high is not None and within_signed(m, low, high) and (m.sign > 0) == (rate >= 0):
                m.mark(CONSISTENT, rate_basis)
            elif high is not None:
                m.mark(MISMATCH, rate_basis, _change_words(m, rate))


def within_signed(m: Mention, low: Decimal, high: Decimal) -> bool:
    """The written change, with the sign its verb gives, lies in [low, high]."""
    ml, mh = interval(m.number)
    if m.sign < 0:
        ml, mh = -mh, -ml
    return ml <= high and low <= mh


def check_completion(sentence: Sequence[Mention], text: str) -> None:
    """`完成预算的98%，决算数比预算数多12.40万元` cannot both hold: a run over the budget is above
    100 %. With the actual amount stated, the rate must be actual ÷ (actual ∓ the run)."""
    for m in sentence:
        if m.number.kind != PERCENT or not completion_rate(m):
            continue
        run = BUDGET_RUN.search(_SPACE.sub("", text[m.number.end : m.sentence[1]]))
        if run is None:
            continue
        over = run.group("verb") in OVER
        words = "多于" if over else "少于"
        amount = next(
            (
                v
                for v in sentence[m.index + 1 :]
                if v.number.kind == MONEY
                and not v.number.approx
                and BUDGET_RUN.search(_SPACE.sub("", v.label))
            ),
            None,
        )
        actual = next(
            (
                v
                for v in reversed(_amounts(sentence[: m.index]))
                if "预算" not in without_funds(_clause_words(v))
            ),
            None,
        )
        if amount is not None and actual is not None:
            bad = None
            for a in operands(actual):
                dl, dh = interval(amount.number)
                lo_b, hi_b = (a.low - dh, a.high - dl) if over else (a.low + dl, a.high + dh)
                budget = a.point - amount.number.wan if over else a.point + amount.number.wan
                if lo_b <= 0 or budget <= 0:
                    continue
                point = a.point / budget * HUNDRED
                basis = (
                    f"文中：决算数{a.text}{words}预算数{amount.number.text}，即预算数"
                    f"{written(actual.number, budget)}，完成预算的{shown(point, max(m.number.decimals, 1))}%"
                )
                if within(m.number, a.low / hi_b * HUNDRED, a.high / lo_b * HUNDRED):
                    m.mark(CONSISTENT, basis)
                    bad = None
                    break
                bad = bad or (basis, written(m.number, point))
            if bad is not None:
                m.mark(MISMATCH, *bad)
            continue
        value = m.number.value
        if (over and value < 100) or (not over and value > 100):
            basis = f"文中：完成预算的{m.number.text}，又说决算数{words}预算数：两者不能同时成立"
            m.mark(MISMATCH, basis)
            if amount is not None:
                amount.mark(MISMATCH, basis)


def completion_rate(m: Mention) -> bool:
    """`完成预算的98%`, `为年初预算的102%`: a rate of the actual over the budget."""
    return bool(COMPLETION.search(_clause_words(m)))


def list_pairs(
    sentence: Sequence[Mention], before: Sequence[Mention]
) -> dict[int, tuple[Mention, Mention | None]]:
    """`收、支总计各减少A、B万元，各下降x%、y%`: the i-th rate goes with the i-th change and the
    i-th of the amounts stated just before the list: id(rate) → (amount, change)."""
    groups: list[list[Mention]] = []
    for m in sentence:
        if groups and LIST_SEPARATORS.match(m.label) and groups[-1][-1].role == m.role:
            groups[-1].append(m)
        else:
            groups.append([m])
    out: dict[int, tuple[Mention, Mention | None]] = {}
    for g, rates in enumerate(groups):
        if len(rates) < 2 or rates[0].role != RATE or g == 0:
            continue
        deltas = groups[g - 1]
        if len(deltas) != len(rates) or deltas[0].role != DELTA:
            continue
        first = sentence.index(deltas[0])
        amounts = [
            m for m in [*before, *sentence[:first]] if m.role == VALUE and m.number.kind == MONEY
        ]
        if len(amounts) < len(rates):
            continue
        for rate, delta, amount in zip(rates, deltas, amounts[-len(rates) :], strict=True):
            out[id(rate)] = (amount, delta)
            out[id(delta)] = (amount, None)
    return out


def check_pairs(
    sentence: Sequence[Mention], pairs: dict[int, tuple[Mention, Mention | None]]
) -> None:
    for m in sentence:
        if m.role == RATE and id(m) in pairs:
            amount, delta = pairs[id(m)]
            check_rate(m, [amount], delta)
