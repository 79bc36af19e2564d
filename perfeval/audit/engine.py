"""One pass over a document: read every paragraph, run the checks sentence by sentence, and
return one row per checked figure (位置, 原文, 数字, 结果, 依据, 应为)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from perfeval.audit import checks, execution, logic, magnitude
from perfeval.audit.facts import Facts
from perfeval.audit.limits import Deadline
from perfeval.audit.numbers import MONEY
from perfeval.audit.reading import (
    CHANGE_POINTS,
    DELTA,
    DOUBT,
    MISMATCH,
    RATE,
    SHARE,
    UNCHECKED,
    VALUE,
    Mention,
    Paragraph,
    clause,
    read_paragraph,
)
from perfeval.audit.tables import NO_UNIT, bare

_COMPARISON_START = ("较", "比", "与", "同比", "同期", "增长", "下降", "增加", "减少")


@dataclass(frozen=True)
class Row:
    """One checked figure, as the CLI prints it and the page marks it."""

    location: str
    clause: str
    figure: str
    verdict: str
    basis: str
    expected: str
    paragraph: int
    start: int
    end: int
    rules: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return self.verdict in (MISMATCH, DOUBT)


def _registry(read: list[list[list[Mention]]]) -> dict[str, Mention]:
    """The first amount the text gives for each name: what a later 占…的 refers to."""
    registry: dict[str, Mention] = {}
    for paragraph in read:
        for sentence in paragraph:
            for m in sentence:
                if m.role == VALUE and m.number.kind == MONEY and not m.number.approx and m.name:
                    registry.setdefault(m.name, m)
    return registry


def _paired_delta(m: Mention, sentence: list[Mention]) -> Mention | None:
    """The change a rate goes with: the amount just before it (`增加Y，增长Z%`), or just after
    it when the text writes the rate first (`同比增长Z%，增收Y`)."""
    if m.index and sentence[m.index - 1].role == DELTA:
        return sentence[m.index - 1]
    if m.index + 1 < len(sentence) and sentence[m.index + 1].role == DELTA:
        after = sentence[m.index + 1]
        if after.sign == m.sign and len(after.label.strip(" ，,、")) <= 4:
            return after
    return None


def _check_sentence(
    sentence: list[Mention],
    before: list[Mention],
    earlier: list[Mention],
    registry: dict[str, Mention],
    facts: Facts,
    text: str,
) -> None:
    for m in sentence:
        checks.check_value(m)
    body = text[sentence[0].sentence[0] : sentence[0].sentence[1]].lstrip() if sentence else ""
    carry = before if body.startswith(_COMPARISON_START) else []
    pairs = logic.list_pairs(sentence, carry)
    logic.check_pairs(sentence, pairs)
    for m in sentence:
        if id(m) in pairs:
            if m.role == DELTA:
                checks.check_delta(m, [pairs[id(m)][0]])
        elif m.role == DELTA:
            checks.check_delta(m, checks.subjects(m, sentence, carry, earlier))
        elif m.role == RATE:
            y = _paired_delta(m, sentence)
            subs = checks.subjects(
                y if y is not None and m.quantity is None else m, sentence, carry, earlier
            )
            checks.check_rate(m, subs, y)
        elif m.role == CHANGE_POINTS:
            checks.check_points(m, sentence)
        elif execution.is_execution_rate(m):
            execution.check_execution(m, sentence, carry)
    for m in sentence:
        if m.role == SHARE:
            checks.check_share(m, sentence, registry, facts)
    logic.check_stated_differences(sentence)
    logic.check_completion(sentence, text)
    logic.check_stated_sums(sentence, text)


def _check_sums(paragraph: list[Mention]) -> None:
    """Each 其中 list, gathered over the sentences it runs on, against its whole."""
    heads: dict[int, list[Mention]] = {}
    for m in paragraph:
        if m.head is not None:
            heads.setdefault(id(m.head), []).append(m)
    for parts in heads.values():
        checks.check_sum(parts[0].head, parts)


def _why_unchecked(m: Mention) -> str:
    """What a 无法核对 row lacked, so that every verdict can be explained from its row."""
    if m.number.approx:
        return "约数（近、约、多、余、区间）：只核对数量级，没有可对照的数字"
    if m.role in (DELTA, RATE):
        return "没有上年数据，文中也没有可据以计算的本年数和增减额"
    if m.role == SHARE:
        return "数据和文中都没有这一占比的分子和分母"
    if m.role == CHANGE_POINTS:
        return "百分点的变化：文中没有前后两个比率可对照"
    if m.unbound:
        return m.unbound
    if m.quantity is not None:
        return f"数据中没有“{m.quantity.key}”的这一数字"
    return "数据中没有与之对应的项目，文中也没有可核对的算式"


def _no_unit(paragraph: Paragraph, index: int) -> Row:
    """A table's bare number whose unit is nowhere: reported, never judged."""
    text = paragraph.text.strip()
    start = paragraph.text.find(text)
    return Row(
        location=paragraph.location,
        clause=f"{paragraph.context}：{text}" if paragraph.context else text,
        figure=text,
        verdict=UNCHECKED,
        basis="表格中找不到这个数字的单位（单元格、列标题、表题都没有写）",
        expected="",
        paragraph=index,
        start=start,
        end=start + len(text),
    )


def audit(
    paragraphs: Sequence[Paragraph], facts: Facts, deadline: Deadline | None = None
) -> list[Row]:
    """Every figure of the paragraphs checked against `facts` and against the text itself;
    `deadline` (perfeval/audit/limits.py) raises LimitExceeded once its time is up."""
    read = []
    for i, p in enumerate(paragraphs):
        if deadline is not None:
            deadline.check()
        read.append(
            read_paragraph(i, p.text, facts, p.context, "" if p.unit == NO_UNIT else p.unit)
        )
    registry = _registry(read)
    rows: list[Row] = []
    for index, (paragraph, sentences) in enumerate(zip(paragraphs, read, strict=True)):
        if deadline is not None:
            deadline.check()
        before: list[Mention] = []
        earlier: list[Mention] = []
        for sentence in sentences:
            _check_sentence(sentence, before, earlier, registry, facts, paragraph.text)
            amounts = [m for m in sentence if m.role == VALUE and m.number.kind == MONEY]
            before = amounts or before
            earlier += amounts
        flat = [m for sentence in sentences for m in sentence]
        _check_sums(flat)
        magnitude.check_magnitude(flat, facts)
        magnitude.check_yoy_jump(flat)
        if paragraph.unit == NO_UNIT and bare(paragraph.text):
            rows.append(_no_unit(paragraph, index))
        for m in flat:
            if not m.reported:
                continue
            rows.append(
                Row(
                    location=paragraph.location,
                    clause=clause(paragraph.text, m),
                    figure=m.number.text.strip(),
                    verdict=m.verdict,
                    basis="；".join(m.basis) or _why_unchecked(m),
                    expected=m.expected,
                    paragraph=m.paragraph,
                    start=m.number.start,
                    end=m.number.end,
                    rules=tuple(m.rules),
                )
            )
    return rows
