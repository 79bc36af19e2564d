"""Bind a figure to the quantity its words name: the name nearest the figure, and every qualifier
before it (财政拨款, 一般公共预算, 本年, a 科目); a qualified quantity the data does not hold is unbound."""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfeval.audit.facts import EXEC_RATE, Facts, Quantity
from perfeval.audit.numbers import COUNT, MONEY, Number
from perfeval.audit.words import SUBJECT, SUBJECT_MARK, qualifiers_of

_SPACE = re.compile(r"\s+")
_CLAUSE_BREAK = re.compile(r"[，,；;。：:]")
_ALIAS_GAP = 10  # characters allowed between a quantity's name and its figure
# Where the words naming a quantity begin: a clause break, a list comma, or a verb before them.
_PHRASE_START = re.compile(r"[，,；;。：:、>」】!！?？]|主要为|主要是|用于|包括|其中|为|是")
_LINE_WORDS = ("项目", "专项", "资金", "经费", "基本支出", "人员", "公用", "补助", "奖补")


@dataclass(frozen=True)
class Binding:
    """What a figure is about: the quantity, or why there is none (`reason`, for 无法核对)."""

    quantity: Quantity | None
    reason: str = ""
    qualifiers: frozenset[tuple[str, str]] = frozenset()  # what the words narrow it to
    narrowed: str = ""  # words before the name the binding does not know: a narrower quantity


def _fits(q: Quantity, number: Number, loose: bool) -> bool:
    """`loose`: a change, a rate or a share, which may be of any amount or count."""
    if loose:
        return q.kind in (MONEY, COUNT)
    if number.kind == COUNT:
        return q.kind == COUNT and (not q.unit or q.unit == number.unit)
    return q.kind == number.kind


def _self_names(facts: Facts) -> tuple[str, ...]:
    """The writer's own name as the text may give it: the full name, and without its place."""
    if not facts.unit:
        return ()
    short = re.sub(r"^.{1,8}?[省市县区州盟旗]", "", facts.unit)
    return tuple(n for n in dict.fromkeys((facts.unit, short)) if len(n) >= 3)


def _phrase(plain: str, at: int, facts: Facts) -> str:
    """The words before a name that may qualify it: back to the clause break or the verb."""
    head = plain[:at]
    starts = [m.end() for m in _PHRASE_START.finditer(head)]
    words = head[starts[-1] :] if starts else head
    for name in _self_names(facts):
        words = words.replace(name, " ")
    return words


def _names_a_line(before: str, facts: Facts) -> bool:
    """The sentence names a project, a fund or a category before its 执行率: not the whole unit."""
    if any(word in before for word in _LINE_WORDS):
        return True
    lines = (q for q in facts.quantities if q.parent is not None)
    return any(a in before for q in lines for a in q.aliases if len(a) >= 4)


def _show(qualifiers: frozenset[tuple[str, str]]) -> str:
    return "、".join(sorted(value for _, value in qualifiers))


def bind(
    label: str,
    number: Number,
    loose: bool,
    facts: Facts,
    before: str = "",
    scope: Binding | None = None,
    paragraph: str = "",
) -> Binding:
    """The quantity whose name ends nearest the figure (the longest name on a tie), taken only when
    the qualifiers before the name are exactly the quantity's own; `before` is the sentence up to
    the figure (a project named there owns a later 执行率); `scope` is the binding of the whole a
    其中 part belongs to, whose qualifiers the part has too; `paragraph` the paragraph up to the
    figure (a bare 支出 in a paragraph about a 类/款/项 is that 科目's)."""
    plain = _SPACE.sub("", label)
    sentence = _SPACE.sub("", before)
    best: tuple[int, int] | None = None
    at_best = 0
    alias_best = ""
    for q in facts.quantities:
        if not _fits(q, number, loose):
            continue
        for alias in q.aliases:
            at = plain.rfind(alias)
            if at < 0:
                continue
            end = at + len(alias)
            gap = plain[end:]
            if len(gap) > _ALIAS_GAP or _CLAUSE_BREAK.search(gap):
                continue
            if len(alias) <= 2 and q.indicator and (number.kind != COUNT or len(gap) > 2):
                continue  # a two-character indicator name only right before a count in its unit
            if plain[at - 1 : at] in ("其", "他") and not alias.startswith("其他"):
                continue  # 其他项目支出 is not 项目支出
            if q.key == EXEC_RATE and _names_a_line(sentence or plain[:at], facts):
                continue  # 项目支出执行率, 专项资金执行率: not the unit's 预算执行率
            score = (end, len(alias))
            if best is None or score > best:
                best, at_best, alias_best = score, at, alias
    if best is None:
        return Binding(None)
    end = at_best + len(alias_best)
    gap = plain[end:]
    words = _phrase(plain, at_best, facts) + alias_best + gap
    found, rest = qualifiers_of(_phrase(plain, at_best, facts))
    found |= qualifiers_of(gap)[0]  # `收入总计中财政拨款为`: words after the name narrow it too
    clause = _CLAUSE_BREAK.split(plain[:at_best])[-1]
    if "、" in clause:  # `财政拨款收入、支出总计`: the qualifiers of coordinated names are shared
        found |= qualifiers_of(clause)[0]
    named, _ = qualifiers_of(alias_best)
    wanted = found | named
    group = [q for q in facts.quantities if alias_best in q.aliases and _fits(q, number, loose)]
    strict = any(q.strict for q in group)
    base = group[0].head
    if scope is not None and strict:
        wanted |= scope.qualifiers
        if scope.narrowed:
            return Binding(
                None,
                f"这是“{scope.narrowed}”中的{base}，数据中没有这一数字",
                wanted,
                scope.narrowed,
            )
    if strict and len(alias_best) <= 2 and SUBJECT_MARK.search(_SPACE.sub("", paragraph)):
        reason = f"本段讲的是某一科目（类、款、项）的{base}，数据不按科目细分，无法核对"
        return Binding(None, reason, wanted | {(SUBJECT, "科目")}, "科目")
    if rest and strict:
        reason = f"“{words}”比数据中的“{base}”范围更窄，数据中没有这一数字"
        return Binding(None, reason, wanted, rest)
    for q in group:
        if q.qualifiers == wanted - q.ignores:
            return Binding(q, "", wanted)
    if not strict:
        return Binding(None if found - group[0].qualifiers else group[0], "", wanted)
    shown = _show(wanted - group[0].ignores)
    return Binding(None, f"“{shown}”的{base}：数据不按此细分，无法核对", wanted)
