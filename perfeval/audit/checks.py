"""The three checks of a text's figures: against the data, against the text's own arithmetic
(rates, sums, shares, at the precision written) and for magnitude slips (万/亿, 万亿)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from perfeval import fmt
from perfeval.audit.facts import COMPLETE_PARTS, Facts, Quantity
from perfeval.audit.numbers import COUNT, MONEY, MONEY_UNITS, PERCENT, Number, round_to, shown
from perfeval.audit.reading import (
    CONSISTENT,
    DELTA,
    DOUBT,
    MISMATCH,
    PREV,
    RATE,
    VALUE,
    Mention,
)

HUNDRED = Decimal(100)
TRILLION_WAN = Decimal(100_000_000)  # 1 万亿元 in 万元
SLIP_FACTORS = (Decimal(10000), Decimal("0.0001"), Decimal(100_000_000), Decimal("0.00000001"))
RULE_TRILLION = "金额超过1万亿元"
RULE_PART_WHOLE = "部分大于整体"
RULE_SLIP = "万/亿单位误写"
RULE_YOY_JUMP = "同比相差万倍"
ORDINARY_RATE = Decimal(100)  # a stated growth below 100 % cannot explain a 1000× change
_WIDE = ("全国", "全省", "全球", "世界", "国家", "中央")
# Amounts that are part of another named in the same paragraph: 税收 cannot exceed 产值.
PART_WORDS = ("税", "增加值", "利润")
WHOLE_WORDS = ("总产值", "产值", "营业收入", "销售收入", "生产总值", "GDP", "主营业务收入")


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
def _candidates(q: Quantity, role: str, budget: bool) -> list[tuple[str, Decimal]]:
    if role == PREV:
        return [("上年", q.previous)] if q.previous is not None else []
    if budget and not q.indicator:
        return [("全年预算数", q.budget)] if q.budget is not None else []
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
    if not candidates:
        return
    for what, value in candidates:
        if agrees(m.number, value):
            m.mark(CONSISTENT, f"数据：{q.key}{what}{show_fact(q, value)}")
            return
    what, value = candidates[0]
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


def subjects(
    m: Mention,
    sentence: Sequence[Mention],
    before: Sequence[Mention],
    earlier: Sequence[Mention] = (),
) -> list[Mention]:
    """What a change may be about: the amount it names (in this sentence or earlier in the
    paragraph), else the nearest amount before it, then the sentence's head."""
    values = _values_before(m, sentence)
    if m.quantity is not None:
        same = [v for v in [*earlier, *values] if v.quantity is m.quantity]
        if same:
            return [same[-1]]
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
        m.mark(
            MISMATCH,
            f"数据：{s.quantity.key}本年{fmt.money(s.quantity.current)}，"
            f"上年{fmt.money(s.quantity.previous)}",
            _change_words(m, delta),
        )


def _rate_from_text(m: Mention, x: Mention, y: Mention) -> tuple[Decimal, Decimal, Decimal] | None:
    """(low, high, point) of Y / (X − Y) (or Y / (X + Y) for a fall), in %, from the figures."""
    if x.number.approx or y.number.approx or x.number.kind != y.number.kind:
        return None
    xl, xh = interval(x.number)
    yl, yh = interval(y.number)
    xv, yv = x.number.wan, y.number.wan
    if y.sign > 0:
        base_low, base_high, base = xl - yh, xh - yl, xv - yv
    else:
        base_low, base_high, base = xl + yl, xh + yh, xv + yv
    if base_low <= 0 or base <= 0:
        return None
    return yl / base_high * HUNDRED, yh / base_low * HUNDRED, yv / base * HUNDRED


def check_rate(m: Mention, subs: list[Mention], y: Mention | None) -> None:
    """The rate agrees with the data where the data has both years, and with its own figures."""
    first_bad: tuple[str, str] | None = None
    for s in subs:
        data_ok = text_ok = None
        data_basis = text_basis = ""
        change = _change(s.quantity)
        if change is not None and change[1] != 0:
            ratio = change[0] / change[1] * HUNDRED
            data_ok = _signed_ok(m, ratio)
            data_basis = (
                f"数据：{s.quantity.key}本年{show_fact(s.quantity, s.quantity.current)}，"
                f"上年{show_fact(s.quantity, s.quantity.previous)}，"
                f"{'增长' if ratio > 0 else '下降'}{shown(abs(ratio), 2)}%"
            )
            data_expected = _change_words(m, ratio)
        computed = _rate_from_text(m, s, y) if y is not None else None
        if computed is not None:
            low, high, point = computed
            text_ok = within(m.number, low, high) and y.sign == m.sign
            verb = "增加" if y.sign > 0 else "减少"
            formula = "÷（本年−增加额）" if y.sign > 0 else "÷（本年+减少额）"
            text_basis = (
                f"文中：{s.number.text}，{verb}{y.number.text}，{verb}额{formula}"
                f"= {shown(point, m.number.decimals)}%"
            )
            text_expected = _change_words(m, point if y.sign > 0 else -point)
        if data_ok is False or text_ok is False:
            if first_bad is None:
                if data_ok is False:
                    first_bad = (data_basis, data_expected)
                else:
                    first_bad = (text_basis, text_expected)
            continue
        if data_ok or text_ok:
            m.mark(CONSISTENT, data_basis if data_ok else text_basis)
            if text_ok:
                for part in (s, y):
                    part.mark(CONSISTENT, text_basis)
            return
    if first_bad is not None and not _explained(subs, y):
        m.mark(MISMATCH, first_bad[0], first_bad[1])


def _explained(subs: list[Mention], y: Mention | None) -> bool:
    """A failed rate whose amount or change the data already contradicts is not the rate's
    fault: the verdict stays with the figure the data says is wrong."""
    return any(x is not None and x.verdict == MISMATCH for x in [*subs[:1], y])


# ---------------------------------------------------------------- shares and sums
def _lookup(
    name: str, registry: dict[str, Mention], facts: Facts
) -> tuple[Quantity | None, Mention | None]:
    q = next((q for q in facts.quantities if name in q.aliases or q.key == name), None)
    if q is None:
        hits = [q for q in facts.quantities for a in q.aliases if a in name and len(a) >= 2]
        q = max(hits, key=lambda q: max(len(a) for a in q.aliases if a in name), default=None)
    text = registry.get(q.key) if q is not None else None
    if text is None:
        exact = registry.get(name)
        inside = [k for k in registry if len(k) >= 2 and (k in name or name in k)]
        text = exact or (registry[max(inside, key=len)] if inside else None)
    return q, text


def check_share(
    m: Mention, sentence: Sequence[Mention], registry: dict[str, Mention], facts: Facts
) -> None:
    values = _values_before(m, sentence)
    num = values[-1] if values else None
    num_q = m.quantity or (num.quantity if num else None)
    den_q, den = (None, None)
    if m.base:
        den_q, den = _lookup(m.base, registry, facts)
    elif num is not None and num.head is not None:
        den, den_q = num.head, num.head.quantity
    elif num_q is not None and num_q.parent:
        den_q = facts.by_key(num_q.parent)
        den = registry.get(num_q.parent)
    if num_q is not None and den_q is not None and num_q.current is not None and den_q.current:
        ratio = num_q.current / den_q.current * HUNDRED
        basis = f"数据：{num_q.key}{show_fact(num_q, num_q.current)} ÷ {den_q.key}{show_fact(den_q, den_q.current)} = {shown(ratio, 2)}%"
        if agrees(m.number, ratio):
            m.mark(CONSISTENT, basis)
        else:
            m.mark(MISMATCH, basis, written(m.number, ratio))
        return
    if num is None or den is None or num.number.approx or den.number.approx or den is num:
        return
    nl, nh = interval(num.number)
    dl, dh = interval(den.number)
    if dl <= 0:
        return
    point = num.number.wan / den.number.wan * HUNDRED
    basis = (
        f"文中：{num.number.text} ÷ {den.number.text} = {shown(point, max(m.number.decimals, 2))}%"
    )
    if within(m.number, nl / dh * HUNDRED, nh / dl * HUNDRED):
        m.mark(CONSISTENT, basis)
    elif not (num.verdict == MISMATCH or den.verdict == MISMATCH):
        m.mark(MISMATCH, basis, written(m.number, point))


def check_sum(head: Mention, parts: list[Mention]) -> None:
    """`A，其中B、C`: B + C ≤ A, and = A when the parts named are all of A."""
    if not parts or any(p.number.kind != MONEY or p.number.approx for p in [head, *parts]):
        return
    low = sum((interval(p.number)[0] for p in parts), Decimal(0))
    high = sum((interval(p.number)[1] for p in parts), Decimal(0))
    total = sum((p.number.wan for p in parts), Decimal(0))
    keys = {p.quantity.key for p in parts if p.quantity is not None}
    named = all(p.quantity is not None for p in parts)
    complete = named and head.quantity is not None and COMPLETE_PARTS.get(head.quantity.key) == keys
    head_low, head_high = interval(head.number)
    ok = (low <= head_high and head_low <= high) if complete else low <= head_high
    listed = "+".join(p.number.text for p in parts)
    if ok:
        relation = "=" if complete else "≤"
        basis = f"文中：{listed} {relation} {head.number.text}"
        for p in [head, *parts]:
            p.mark(CONSISTENT, basis)
        return
    if any(p.verdict == MISMATCH for p in [head, *parts]):
        return  # the data already names the wrong figure
    basis = f"文中：其中各项之和{listed} = {fmt.money(total)}"
    expected = written(head.number, total) if complete else f"不小于{written(head.number, total)}"
    head.mark(MISMATCH, basis + ("，应等于合计" if complete else "，超过合计"), expected)


# ---------------------------------------------------------------- magnitude
def check_magnitude(paragraph: Sequence[Mention], facts: Facts) -> None:
    """存疑 where an amount has no figure to compare with but cannot be right for this unit."""
    amounts = [m for m in paragraph if m.number.kind == MONEY and m.role == VALUE]
    for m in amounts:
        wide = any(w in m.label for w in _WIDE)
        if facts.local and not wide and m.number.wan >= TRILLION_WAN:
            m.mark(
                DOUBT,
                f"{m.number.text}约{shown(m.number.wan / TRILLION_WAN, 1)}万亿元，县、市级单位的金额"
                "不会超过1万亿元：单位可能写错（万元/亿元）",
                rule=RULE_TRILLION,
            )
        if not any(w in m.name for w in PART_WORDS):
            continue
        for whole in amounts:
            if whole is m or not any(w in whole.name for w in WHOLE_WORDS):
                continue
            if any(w in whole.name for w in PART_WORDS) or whole.number.approx:
                continue
            if m.number.wan > whole.number.wan:
                part_name, whole_name = _short(m.name, PART_WORDS), _short(whole.name, WHOLE_WORDS)
                m.mark(
                    DOUBT,
                    f"{part_name}{m.number.text}大于同段的{whole_name}{whole.number.text}，"
                    "部分不会大于整体：单位或数字可能写错",
                    rule=RULE_PART_WHOLE,
                )


def _short(name: str, words: tuple[str, ...]) -> str:
    """`五矿铜业百亿企业创建等举措全年工业总产值` → `全年工业总产值`: four characters before the word."""
    at = min((name.find(w) for w in words if w in name), default=0)
    return name[max(0, at - 4) :]


def check_yoy_jump(paragraph: Sequence[Mention]) -> None:
    """本年 X and 上年 P in one sentence a thousand times apart, while its rate is ordinary."""
    by_sentence: dict[tuple[int, int], list[Mention]] = {}
    for m in paragraph:
        by_sentence.setdefault(m.sentence, []).append(m)
    for sentence in by_sentence.values():
        rates = [m for m in sentence if m.role == RATE and m.number.value < ORDINARY_RATE]
        previous = [m for m in sentence if m.role == PREV and m.number.kind == MONEY]
        values = [m for m in sentence if m.role == VALUE and m.number.kind == MONEY]
        if not rates or not previous or not values:
            continue
        for v in values:
            for p in previous:
                if p.number.wan <= 0 or v.number.wan <= 0:
                    continue
                ratio = v.number.wan / p.number.wan
                if ratio >= 1000 or ratio <= Decimal("0.001"):
                    v.mark(
                        DOUBT,
                        f"{v.number.text}与上年{p.number.text}相差约{shown(max(ratio, 1 / ratio), 0)}倍，"
                        f"而文中增减率只有{rates[0].number.text}：单位可能写错（万元/亿元）",
                        rule=RULE_YOY_JUMP,
                    )


def counts_are_checked(m: Mention) -> bool:
    return m.number.kind != COUNT or m.quantity is not None
