"""The three checks of a text's figures: against the data, against the text's own arithmetic
(rates, sums, shares, at the precision written) and for magnitude slips (万/亿, 万亿)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfeval import fmt
from perfeval.audit.binding import bind
from perfeval.audit.facts import COMPLETE_PARTS, Facts, Quantity
from perfeval.audit.numbers import COUNT, MONEY, MONEY_UNITS, PERCENT, Number, round_to, shown
from perfeval.audit.reading import (
    CONSISTENT,
    DELTA,
    MISMATCH,
    PREV,
    VALUE,
    Mention,
)
from perfeval.audit.words import RULE_SLIP

HUNDRED = Decimal(100)
SLIP_FACTORS = (Decimal(10000), Decimal("0.0001"), Decimal(100_000_000), Decimal("0.00000001"))


# ---------------------------------------------------------------- figures as written
def show_fact(q: Quantity, value: Decimal) -> str:
    if q.kind == MONEY and q.unit in MONEY_UNITS and q.unit != "万元":
        return f"{fmt.number(value / MONEY_UNITS[q.unit])}{q.unit}"
    if q.kind == MONEY:
        return fmt.money(value)
    if q.kind == PERCENT:
        return f"{shown(value, 2)}%"
    return f"{fmt.number(value)}{q.unit}"


def written(n: Number, value: Decimal) -> str:
    """`value` (万元 for amounts) as this figure would be written: its unit, its precision."""
    if n.kind == MONEY and n.unit == "万元":
        return fmt.money(value)
    if n.kind == MONEY:
        return f"{shown(value / n.scale, max(n.decimals, 2))}{n.unit}"
    return f"{shown(value, n.decimals)}{n.unit}"


def agrees(n: Number, value: Decimal) -> bool:
    """Equal at the precision written: 35.9% agrees with 35.8947, 35.90% not with 35.89."""
    if n.approx:
        return Decimal("0.5") <= n.wan / value <= 2 if value else n.wan == 0
    return round_to(value / n.scale, n.decimals) == n.value


def slip(n: Number, value: Decimal) -> bool:
    """The figure agrees with the data once its unit is moved by 万 or 亿."""
    if n.kind != MONEY or value == 0:
        return False
    if n.approx:
        ratio = n.wan / value
        return ratio >= 1000 or ratio <= Decimal("0.001")
    return any(round_to(value / (n.scale * f), n.decimals) == n.value for f in SLIP_FACTORS)


def interval(n: Number) -> tuple[Decimal, Decimal]:
    return n.wan - n.half_ulp, n.wan + n.half_ulp


def within(n: Number, low: Decimal, high: Decimal) -> bool:
    """A written percentage (or amount) is consistent with a computed interval."""
    mine_low, mine_high = interval(n)
    return mine_low <= high and low <= mine_high


# ---------------------------------------------------------------- against the data
def _candidates(q: Quantity, role: str, budget: bool) -> list[tuple[str, Decimal | None]]:
    if role == PREV:
        return [("上年", q.previous)] if q.previous is not None else []
    if budget and not q.indicator:
        return [("全年预算数", q.budget)] if q.budget is not None else []
    if q.readings:  # the words may mean either: each reading is a candidate, none preferred
        return [(f"（{what}）", value) for what, value in q.readings]
    out = [("", q.current)] if q.current is not None else []
    if q.indicator and q.target is not None:
        out.append(("年度指标值", q.target))
    if q.indicator and q.previous is not None:
        out.append(("上年完成值", q.previous))
    return out


def check_value(m: Mention) -> None:
    q = m.quantity
    if q is None or m.role not in (VALUE, PREV):
        return
    candidates = _candidates(q, m.role, m.budget)
    known = [(what, v) for what, v in candidates if v is not None]
    if not known:
        return
    for what, value in known:
        if agrees(m.number, value):
            m.mark(CONSISTENT, f"数据：{q.key}{what}{show_fact(q, value)}")
            return
    if q.readings and (len(known) < len(candidates) or len({v for _, v in known}) > 1):
        readings = "、".join(f"{what}{show_fact(q, v)}" for what, v in known)
        m.unbound = f"“{q.head}”可能指不同的数字（{readings}），与哪一个都不符，无法判断"
        return
    what, value = known[0]
    basis = f"数据：{q.key}{what}{show_fact(q, value)}"
    if slip(m.number, value):
        basis += "，数字与数据只差万或亿的单位，单位可能写错"
        m.mark(MISMATCH, basis, fmt.money(value), RULE_SLIP)
    elif not m.number.approx:
        m.mark(MISMATCH, basis, written(m.number, value))


def _change(q: Quantity | None) -> tuple[Decimal, Decimal] | None:
    if q is None or q.current is None or q.previous is None:
        return None
    return q.current - q.previous, q.previous


def _signed_ok(m: Mention, value: Decimal) -> bool:
    return (
        (m.sign > 0) == (value > 0) and agrees(m.number, abs(value))
    ) or value == 0 == m.number.value


def _change_words(m: Mention, value: Decimal) -> str:
    """The right figure; with its verb only where the text has the direction wrong."""
    figure = written(m.number, abs(value))
    if (value > 0) == (m.sign > 0):
        return figure
    if m.role == DELTA:
        return ("增加" if value > 0 else "减少") + figure
    return ("增长" if value > 0 else "下降") + figure


# ---------------------------------------------------------------- subjects of changes
def _values_before(m: Mention, sentence: Sequence[Mention]) -> list[Mention]:
    return [v for v in sentence[: m.index] if v.role == VALUE and v.number.kind == MONEY]


def _subject_kind(m: Mention, v: Mention) -> bool:
    """An amount a change may be about: money for money; for a rate, also an indicator's count."""
    if v.role != VALUE:
        return False
    if m.role == DELTA:
        return v.number.kind == m.number.kind and (v.number.kind == MONEY or v.quantity is not None)
    return v.number.kind == MONEY or (v.number.kind == COUNT and v.quantity is not None)


def subjects(
    m: Mention,
    sentence: Sequence[Mention],
    before: Sequence[Mention],
    earlier: Sequence[Mention] = (),
) -> list[Mention]:
    """What a change may be about: the amount it names (in this sentence or earlier in the
    paragraph), else the nearest amount before it, then the sentence's head."""
    values = [v for v in sentence[: m.index] if _subject_kind(m, v)]
    if m.quantity is not None:
        same = [v for v in [*earlier, *values] if v.quantity is m.quantity]
        return [same[-1]] if same else [m]  # `基本支出比上年增加10万元`: the quantity it names
    out: list[Mention] = []
    if values:
        out.append(values[-1])
        if values[-1].head is not None:
            out.append(values[-1].head)
        out.append(values[0])
    elif before:
        out.append(before[-1])
    return list(dict.fromkeys(out))


def _paired_delta(m: Mention, sentence: Sequence[Mention]) -> Mention | None:
    if m.index and sentence[m.index - 1].role == DELTA:
        return sentence[m.index - 1]
    return None


def check_delta(m: Mention, subs: list[Mention]) -> None:
    checkable = []
    for s in subs:
        change = _change(s.quantity)
        if change is None:
            continue
        delta, _ = change
        if _signed_ok(m, delta):
            m.mark(CONSISTENT, f"数据：{s.quantity.key}比上年{_change_words(m, delta)}")
            return
        checkable.append((s, delta))
    if checkable:
        s, delta = checkable[0]
        q = s.quantity
        m.mark(
            MISMATCH,
            f"数据：{q.key}本年{show_fact(q, q.current)}，上年{show_fact(q, q.previous)}",
            _change_words(m, delta),
        )


def check_points(m: Mention, sentence: Sequence[Mention]) -> None:
    """`满意度96%，比上年提高3个百分点`: this year's rate minus last year's, from the data."""
    rates = [v for v in sentence[: m.index] if v.number.kind == PERCENT and v.role == VALUE]
    for v in reversed(rates):
        change = _change(v.quantity)
        if change is None:
            continue
        delta, _ = change
        q = v.quantity
        basis = f"数据：{q.key}本年{show_fact(q, q.current)}，上年{show_fact(q, q.previous)}"
        if _signed_ok(m, delta):
            m.mark(CONSISTENT, basis)
        else:
            m.mark(
                MISMATCH,
                basis,
                _change_words(m, delta).replace("增加", "提高").replace("减少", "下降"),
            )
        return


@dataclass(frozen=True)
class Operand:
    """A figure as the text's arithmetic uses it: the interval its written digits allow."""

    low: Decimal
    high: Decimal
    point: Decimal
    text: str


def data_value(m: Mention) -> Decimal | None:
    """The data's figure for what `m` states, where its binding is exact and the data has one."""
    q = m.quantity
    if q is None or m.number.approx or q.readings or q.indicator:
        return None
    if m.role == PREV:
        return q.previous
    if m.role == VALUE:
        return q.budget if m.budget else q.current
    return None


def operands(m: Mention) -> list[Operand]:
    """How a figure enters the text's arithmetic: as written, and as the data says where the data
    bound to it says another figure. A sum or a rate is judged on its own claim: a slip in one of
    its amounts (already marked on that amount) does not make it wrong, nor hide that it is."""
    low, high = interval(m.number)
    out = [Operand(low, high, m.number.wan, m.number.text)]
    value = data_value(m)
    if value is not None and not agrees(m.number, value):
        out.append(Operand(value, value, value, f"{show_fact(m.quantity, value)}（数据）"))
    return out


def _rate_from_text(x: Operand, y: Operand, sign: int) -> tuple[Decimal, Decimal, Decimal] | None:
    """(low, high, point) of Y / (X − Y) (or Y / (X + Y) for a fall), in %, from the figures."""
    if sign > 0:
        base_low, base_high, base = x.low - y.high, x.high - y.low, x.point - y.point
    else:
        base_low, base_high, base = x.low + y.low, x.high + y.high, x.point + y.point
    if base_low <= 0 or base <= 0:
        return None
    return y.low / base_high * HUNDRED, y.high / base_low * HUNDRED, y.point / base * HUNDRED


def _text_rate(m: Mention, s: Mention, y: Mention) -> tuple[bool, str, str] | None:
    """(agrees, basis, 应为) of the rate from the text's amount and change, None if not computable;
    any reading of the operands (as written, or as the data says) that agrees makes it agree."""
    if s.number.approx or y.number.approx or s.number.kind != y.number.kind:
        return None
    verb = "增加" if y.sign > 0 else "减少"
    formula = "÷（本年−增加额）" if y.sign > 0 else "÷（本年+减少额）"
    result = None
    for x in operands(s):
        for d in operands(y):
            computed = _rate_from_text(x, d, y.sign)
            if computed is None:
                continue
            low, high, point = computed
            ok = within(m.number, low, high) and y.sign == m.sign
            basis = (
                f"文中：{x.text}，{verb}{d.text}，{verb}额{formula}"
                f"= {shown(point, m.number.decimals)}%"
            )
            result = (ok, basis, _change_words(m, point if y.sign > 0 else -point))
            if ok:
                return result
    return result


def check_rate(m: Mention, subs: list[Mention], y: Mention | None) -> None:
    """The rate agrees with the data where the data has both years, else with its own figures."""
    first_bad: tuple[str, str] | None = None
    for s in subs:
        change = _change(s.quantity)
        if change is not None and change[1] != 0:
            ratio = change[0] / change[1] * HUNDRED
            basis = (
                f"数据：{s.quantity.key}本年{show_fact(s.quantity, s.quantity.current)}，"
                f"上年{show_fact(s.quantity, s.quantity.previous)}，"
                f"{'增长' if ratio > 0 else '下降'}{shown(abs(ratio), 2)}%"
            )
            if _signed_ok(m, ratio):
                m.mark(CONSISTENT, basis)
                return
            first_bad = first_bad or (basis, _change_words(m, ratio))
            continue
        text = _text_rate(m, s, y) if y is not None and s.role == VALUE else None
        if text is None:
            continue
        ok, basis, expected = text
        if ok:
            for part in (m, s, y):
                part.mark(CONSISTENT, basis)
            return
        first_bad = first_bad or (basis, expected)
    if first_bad is not None:
        m.mark(MISMATCH, first_bad[0], first_bad[1])


# ---------------------------------------------------------------- shares and sums
def _lookup(
    name: str, m: Mention, registry: dict[str, Mention], facts: Facts
) -> tuple[Quantity | None, Mention | None]:
    """The base a share names: the quantity its words bind to, and the text's amount for it."""
    q = bind(name, m.number, True, facts).quantity
    text = registry.get(q.key) if q is not None else None
    if text is None and q is None:
        exact = registry.get(name)
        inside = [k for k in registry if len(k) >= 2 and (k in name or name in k)]
        text = exact or (registry[max(inside, key=len)] if inside else None)
    return q, text


def _side(q: Quantity | None, text: Mention | None) -> list[Operand]:
    if text is not None and not text.number.approx:
        return operands(text)
    if q is not None and q.current is not None and not q.readings:
        return [
            Operand(q.current, q.current, q.current, f"{q.key}{show_fact(q, q.current)}（数据）")
        ]
    return []


def check_share(
    m: Mention, sentence: Sequence[Mention], registry: dict[str, Mention], facts: Facts
) -> None:
    """A share is its numerator (the words before 占, else the clause's amount) over the base it
    names (else the 其中 head, else the numerator's parent); never over its own numerator."""
    values = _values_before(m, sentence)
    if m.quantity is not None:
        num_q = m.quantity
        num = next((v for v in reversed(values) if v.quantity is num_q), None)
        num = num or registry.get(num_q.key)
    else:
        num = values[-1] if values else None
        num_q = num.quantity if num else None
    den_q, den = (None, None)
    if m.base:
        den_q, den = _lookup(m.base, m, registry, facts)
    elif num is not None and num.head is not None:
        den, den_q = num.head, num.head.quantity
    elif num_q is not None and num_q.parent:
        den_q = facts.by_key(num_q.parent)
        den = registry.get(num_q.parent)
    if (num_q is not None and num_q is den_q) or (num is not None and num is den):
        return  # a share is never checked against its own base
    data = num_q is not None and den_q is not None and num_q.current is not None
    if data and den_q.current and not (num_q.readings or den_q.readings):
        ratio = num_q.current / den_q.current * HUNDRED
        basis = (
            f"数据：{num_q.key}{show_fact(num_q, num_q.current)} ÷ "
            f"{den_q.key}{show_fact(den_q, den_q.current)} = {shown(ratio, 2)}%"
        )
        if agrees(m.number, ratio):
            m.mark(CONSISTENT, basis)
        else:
            m.mark(MISMATCH, basis, written(m.number, ratio))
        return
    bad = None
    for n in _side(num_q, num):
        for d in _side(den_q, den):
            if d.low <= 0:
                continue
            point = n.point / d.point * HUNDRED
            basis = f"文中：{n.text} ÷ {d.text} = {shown(point, max(m.number.decimals, 2))}%"
            if within(m.number, n.low / d.high * HUNDRED, n.high / d.low * HUNDRED):
                m.mark(CONSISTENT, basis)
                return
            bad = (basis, written(m.number, point))
    if bad is not None:
        m.mark(MISMATCH, *bad)


def _confirmed(m: Mention) -> bool:
    """The data bound to the figure says the same figure."""
    value = data_value(m)
    return value is not None and agrees(m.number, value)


def check_sum(head: Mention, parts: list[Mention], complete: bool | None = None) -> None:
    """`A，其中B、C`: B + C ≤ A, and = A when the parts named are all of A (or `complete` says so).
    Judged on the figures as written and as the data says them; a failure is the total's, unless
    the data confirms the total: then the one part the data does not confirm is the wrong one."""
    if not parts or any(p.number.kind != MONEY or p.number.approx for p in [head, *parts]):
        return
    if complete is None:
        heads = {p.quantity.head for p in parts if p.quantity is not None}
        named = all(p.quantity is not None for p in parts)
        complete = (
            named
            and head.quantity is not None
            and COMPLETE_PARTS.get(head.quantity.head) == heads
            and all(p.quantity.qualifiers == head.quantity.qualifiers for p in parts)
        )
    readings = []
    for corrected in (False, True):
        ops = [operands(p)[-1 if corrected else 0] for p in [head, *parts]]
        readings.append(ops)
        if readings[0] == ops and corrected:
            break
    relation = "=" if complete else "≤"
    for ops in readings:
        total, rest = ops[0], ops[1:]
        low = sum((o.low for o in rest), Decimal(0))
        high = sum((o.high for o in rest), Decimal(0))
        if (low <= total.high and total.low <= high) if complete else low <= total.high:
            basis = f"文中：{'+'.join(o.text for o in rest)} {relation} {total.text}"
            for p in [head, *parts]:
                p.mark(CONSISTENT, basis)
            return
    ops = readings[-1]
    rest = ops[1:]
    sum_parts = sum((o.point for o in rest), Decimal(0))
    listed = "+".join(o.text for o in rest)
    if not _confirmed(head):
        basis = f"文中：其中各项之和{listed} = {fmt.money(sum_parts)}"
        expected = written(head.number, sum_parts)
        if not complete:
            expected = f"不小于{expected}"
        head.mark(MISMATCH, basis + ("，应等于合计" if complete else "，超过合计"), expected)
        return
    open_parts = [(p, o) for p, o in zip(parts, rest, strict=True) if not _confirmed(p)]
    if len(open_parts) == 1 and complete:
        part, o = open_parts[0]
        right = ops[0].point - (sum_parts - o.point)
        basis = (
            f"文中：合计{ops[0].text}，其中各项之和{listed} = {fmt.money(sum_parts)}，数据确认合计"
        )
        part.mark(MISMATCH, basis, written(part.number, right))


def counts_are_checked(m: Mention) -> bool:
    return m.number.kind != COUNT or m.quantity is not None
