"""The third check: amounts that cannot be right for the unit (存疑) though nothing contradicts
them, each by a named rule of words.DOUBT_RULES (万亿 below province level, a part above its whole)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from perfeval.audit.facts import Facts
from perfeval.audit.numbers import MONEY, shown
from perfeval.audit.reading import DOUBT, PREV, RATE, VALUE, Mention
from perfeval.audit.words import (
    PART_WORDS,
    RULE_PART_WHOLE,
    RULE_TRILLION,
    RULE_YOY_JUMP,
    WHOLE_WORDS,
    WIDE_WORDS,
)

TRILLION_WAN = Decimal(100_000_000)  # 1 万亿元 in 万元
ORDINARY_RATE = Decimal(100)  # a stated growth below 100 % cannot explain a 1000× change


def check_magnitude(paragraph: Sequence[Mention], facts: Facts) -> None:
    """存疑 where an amount has no figure to compare with but cannot be right for this unit."""
    amounts = [m for m in paragraph if m.number.kind == MONEY and m.role == VALUE]
    for m in amounts:
        wide = any(w in m.label for w in WIDE_WORDS)
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
