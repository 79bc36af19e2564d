"""The parts every 自评表 shares, read by label: fields (unit, project), the funding block
(年度资金总额 and its 其中 rows), the indicator table, the texts, the 总分 row."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfeval.readers import targets
from perfeval.readers.grid import Grid, HeaderHit
from perfeval.readers.labels import Table, label, norm, split_label_value
from perfeval.readers.problems import Log
from perfeval.readers.values import NotNumber, float_decimal, parse_number
from perfeval.readers.vocab import MONEY_UNITS as AMOUNT_UNITS
from perfeval.readers.vocab import is_footer, split_unit_code
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    BUDGET_INITIAL,
    DIR_QUAL,
    DIRECTION,
    EXEC_RATE,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L1_VALUES,
    L2,
    PREV_RESULT,
    REASON,
    RESULT,
    RESULT_LEVEL,
    RESULT_TEXT,
    ROW,
    SCORE,
    TARGET,
    TARGET_TEXT,
    WEIGHT,
)

AMOUNTS = (BUDGET_INITIAL, BUDGET, ACTUAL)
TOTAL_LABELS = ("总分", "合计", "总计")
strip_code = split_unit_code  # the one splitter (readers/vocab.py)
_INDICATOR_NO = re.compile(r"^指标\s*\d+\s*[:：]\s*")


def money_factor(grid: Grid, hit: HeaderHit | None) -> Decimal:
    """万元 unless the title rows or the header say 元 / 亿元 (`金额单位：元`, `（元）`)."""
    rows = list(grid.title_rows()) + ([hit.row] if hit else [])
    for row in rows:
        for _, text in grid.row_texts(row):
            split = split_label_value(text)
            if split and label(split[0]).text in ("金额单位", "单位"):
                unit = norm(split[1])
                if unit in AMOUNT_UNITS:
                    return AMOUNT_UNITS[unit]
            found = re.search(r"\((万元|元|亿元)\)", norm(text))
            if found:
                return AMOUNT_UNITS[found.group(1)]
    return Decimal(1)


@dataclass(frozen=True)
class Number:
    """A number read from a cell with how it was written: value, decimal places, cell."""

    value: Decimal
    places: int
    where: str
    percent: bool = False  # written as a percentage (95.20% → value 95.20)


def read_number(grid: Grid, row: int, col: int | None) -> Number | None:
    """A plain number cell (text with thousands separators, 95.20%, a %-formatted number)."""
    if col is None:
        return None
    where = grid.ref(row, col)
    shown = grid.percent(row, col)
    if shown is not None:
        return (
            Number(shown, _places(shown), where, percent=True) if targets.plausible(shown) else None
        )
    value = grid.raw(row, col)
    if value is None or (isinstance(value, str) and grid.text(row, col) is None):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number, suffix = parse_number(value)
    except NotNumber:
        return None
    suffix = suffix.strip()
    if suffix not in ("", "%", "分", "万元", "元"):
        return None
    if isinstance(value, float):
        number = float_decimal(value)
    if not targets.plausible(number):
        return None
    return Number(number, _places(number), where, percent=suffix == "%")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# ---------------------------------------------------------------- the funding block
@dataclass
class FundingLine:
    row: int
    label: str  # as written, without 其中：
    amounts: dict[str, Number | None]


@dataclass
class Funding:
    """年度资金总额 and its 其中 rows, amounts in the form's unit (factor gives 万元)."""

    hit: HeaderHit
    factor: Decimal
    total: FundingLine | None = None
    weight: Number | None = None  # the 分值 of 预算执行率
    claimed_rate: Number | None = None
    claimed_score: Number | None = None
    lines: list[FundingLine] = field(default_factory=list)
    in_cell: list[tuple[str, Number]] = field(default_factory=list)  # 其中：基本支出：796.58

    def amount(self, line: FundingLine | None, name: str) -> Decimal | None:
        if line is None or line.amounts.get(name) is None:
            return None
        return line.amounts[name].value * self.factor  # type: ignore[union-attr]


def _row_label(grid: Grid, row: int, before: int) -> str | None:
    """The label of a funding row: its own (not merged from above) text left of the amounts."""
    found = None
    for col, text in grid.row_texts(row):
        if col >= before:
            break
        if grid.origin(row, col)[0] == row and split_label_value(text) is None:
            found = text
        elif grid.origin(row, col)[0] == row:
            head = split_label_value(text)
            if head and read_cell_number(head[1]) is None:
                found = text  # 其中：本年财政拨款 — the colon ends 其中, no number follows
    if found is None:
        return None
    return re.sub(r"^其中\s*[:：]\s*", "", found.strip()).rstrip(":：").strip()


def read_cell_number(text: str) -> Decimal | None:
    try:
        number, suffix = parse_number(text)
    except NotNumber:
        return None
    plain = suffix.strip() in ("", "万元", "元")
    return number if plain and targets.plausible(number) else None


def read_funding(grid: Grid, table: Table, totals: tuple[str, ...], end: int) -> Funding | None:
    hit = grid.find_header(table)
    if hit is None:
        return None
    funding = Funding(hit, money_factor(grid, hit))
    first = min(hit.spans[name][0] for name in AMOUNTS if name in hit.spans)
    for row in grid.rows(hit.row + 1, end - 1):
        for col, text in grid.row_texts(row):
            split = split_label_value(text)
            if split and grid.origin(row, col)[0] == row:
                value = read_cell_number(split[1])
                head = re.sub(r"^其中\s*[:：]\s*", "", split[0].strip())
                if value is not None:
                    where = grid.ref(row, col)
                    funding.in_cell.append((head, Number(value, _places(value), where)))
        name = _row_label(grid, row, first)
        if name is None:
            continue
        amounts = {n: read_number(grid, row, hit.col(n)) for n in AMOUNTS}
        line = FundingLine(row, name, amounts)
        if label(name).text in totals and funding.total is None:
            funding.total = line
            funding.weight = read_number(grid, row, hit.col(WEIGHT))
            funding.claimed_rate = read_number(grid, row, hit.col(EXEC_RATE))
            funding.claimed_score = read_number(grid, row, hit.col(SCORE))
        elif any(amounts.values()):
            funding.lines.append(line)
    return funding


# ---------------------------------------------------------------- fields and texts
def read_texts(grid: Grid, sections: dict[str, tuple[str, ...]], start: int = 0) -> dict[str, str]:
    """Each section's text: right of its label, or below it when the label heads a column."""
    all_aliases = {a for aliases in sections.values() for a in aliases}
    texts: dict[str, str] = {}
    for section, aliases in sections.items():
        for row, col in grid.find(aliases, start or None):
            found = grid.right_of(row, col)
            if found is not None and label(found[0]).text not in all_aliases:
                texts[section] = found[0]
                break
            below = row + 1
            while below <= grid.last and grid.origin(below, col) == grid.origin(row, col):
                below += 1
            text = grid.text(below, col) if below <= grid.last else None
            if text is not None and label(text).text not in all_aliases:
                texts[section] = text
                break
    return texts


# ---------------------------------------------------------------- indicators
@dataclass
class Claimed:
    """What the form claims for an indicator row: its 得分 (to be checked)."""

    row: int
    score: Number | None


@dataclass
class Indicators:
    records: list[dict[str, Any]] = field(default_factory=list)
    claimed: list[Claimed] = field(default_factory=list)
    total_weight: Number | None = None
    total_score: Number | None = None
    total_row: int | None = None
    l1_points: dict[str, Decimal] = field(default_factory=dict)
    end: int = 0


def _span_value(grid: Grid, row: int, hit: HeaderHit, name: str) -> Any:
    """The cell under a column; a column whose header spans several cells (年度指标值 over
    `=` | `100` | `%`) gives their texts joined."""
    span = hit.spans.get(name)
    if span is None:
        return None
    if span[0] == span[1]:
        return grid.raw(row, span[0])
    parts = [text for _, text in grid.texts_between(row, span[0], span[1])]
    if len(parts) == 1 and span[0] == grid.origin(row, span[0])[1]:
        return grid.raw(row, span[0]) if grid.text(row, span[0]) else parts[0]
    return "".join(parts) or None


def l1_name(text: str) -> tuple[str, Decimal | None]:
    """`产出指标（50分）` → ("产出指标", 50); `产出` → 产出指标; others kept as written."""
    found = label(text)
    name = found.text
    if name not in L1_VALUES and name + "指标" in L1_VALUES:
        name += "指标"
    return name, found.points


def read_indicator_table(grid: Grid, table: Table, log: Log, start: int = 0) -> Indicators | None:
    hit = grid.find_header(table, start or None)
    if hit is None:
        return None
    out = Indicators()
    for row in grid.rows(hit.row + 1):
        texts = grid.row_texts(row)
        if not texts:
            continue
        first = texts[0][1]
        if any(label(t).text in TOTAL_LABELS for _, t in texts if grid.origin(row, _)[0] == row):
            out.total_row = row
            out.total_weight = read_number(grid, row, hit.col(WEIGHT))
            out.total_score = read_number(grid, row, hit.col(SCORE))
            break
        if is_footer(first) and grid.origin(row, texts[0][0])[0] == row:
            break
        if grid.find_header(table, row) is not None and grid.find_header(table, row).row == row:
            break  # another form's header: the table ended
        record = _indicator(grid, row, hit, log)
        if record is None:
            continue
        if record[L1] is not None:
            name, points = l1_name(str(grid.text(row, hit.col(L1)) or ""))
            if points is not None:
                out.l1_points.setdefault(name, points)
        out.records.append(record)
        out.claimed.append(Claimed(row, read_number(grid, row, hit.col(SCORE))))
    out.end = out.total_row or grid.last
    _points_as_weights(grid, out, log)
    return out


def _points_as_weights(grid: Grid, out: Indicators, log: Log) -> None:
    """A 一级指标 written with its points (`产出指标（50分）`) whose rows leave 分值 blank: the
    points are split equally among its rows, in whole cents (the first rows take a leftover)."""
    for l1, points in out.l1_points.items():
        rows = [r for r in out.records if r[L1] == l1]
        if not rows or any(r[WEIGHT] is not None for r in rows):
            continue
        cents = int(points * 100)
        share, left = divmod(cents, len(rows))
        for i, record in enumerate(rows):
            record[WEIGHT] = Decimal(share + (1 if i < left else 0)) / 100
        log.note(
            "points_as_weights",
            f"一级指标「{l1}」各行未填分值：按其{points}分平均分给{len(rows)}个指标",
            grid.name,
            rows[0][ROW],
            WEIGHT,
        )


def _indicator(grid: Grid, row: int, hit: HeaderHit, log: Log) -> dict[str, Any] | None:
    name_col = hit.col(KPI_NAME)
    name = grid.text(row, name_col) if name_col is not None else None
    if name_col is not None and grid.origin(row, name_col)[0] != row:
        name = None  # a 三级 cell merged down is not a new indicator
    if name is None:
        return None  # an 二级 label with no 三级 under it
    name = _INDICATOR_NO.sub("", name).strip()
    if not name:
        return None
    l1_col = hit.col(L1)
    l1_text = grid.text(row, l1_col) if l1_col is not None else None
    l1 = l1_name(l1_text)[0] if l1_text else None
    if l1 not in L1_VALUES:
        where = grid.ref(row, l1_col) if l1_col is not None else f"第{row}行"
        log.warning(
            "unknown_l1",
            f"一级指标（{where}）“{l1_text or '空白'}”不是{'、'.join(L1_VALUES)}之一，"
            f"指标“{name}”未读取、不计分；请改为其中之一",
            grid.name,
            row,
            L1,
        )
        return None
    l2_text = grid.text(row, hit.col(L2)) if hit.col(L2) is not None else None
    target = _target(grid, row, hit, TARGET, log)
    result = _target(grid, row, hit, RESULT, log)
    unit_col = hit.col(KPI_UNIT)
    unit = grid.text(row, unit_col) if unit_col is not None else None
    dir_col = hit.col(DIRECTION)
    written_dir = grid.text(row, dir_col) if dir_col is not None else None
    written_dir = targets.direction_word(written_dir)
    weight = read_number(grid, row, hit.col(WEIGHT))
    reason_col = hit.col(REASON)
    record: dict[str, Any] = {
        ROW: row,
        L1: l1,
        L2: label(l2_text).text if l2_text else None,
        KPI_NAME: name,
        REASON: grid.text(row, reason_col) if reason_col is not None else None,
        TARGET_TEXT: target.text if target else None,
        RESULT_TEXT: result.text if result else None,
        WEIGHT: weight.value if weight else None,
        PREV_RESULT: None,
    }
    return _settle(grid, row, hit, record, target, result, unit, written_dir, log)


def _target(grid: Grid, row: int, hit: HeaderHit, name: str, log: Log) -> targets.Target | None:
    col = hit.col(name)
    if col is None:
        return None
    formula = targets.from_formula(grid.formula(row, col))
    if formula is not None:
        log.note(
            "formula_target",
            f"单元格 {grid.ref(row, col)} 是公式“={grid.formula(row, col)}”（Excel/WPS 把输入的"
            f"“{formula.text}”存成了公式），已按“{formula.text}”读取；"
            "以后请把该单元格设为文本格式后再输入",
            sheet=grid.name,
            row=row,
            column=name,
        )
        return formula
    shown = grid.percent(row, col)
    if shown is not None and targets.plausible(shown):
        return targets.Target(f"{shown}%", None, shown, "%")
    value = _span_value(grid, row, hit, name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return targets.Target(str(value), None, None, None, ok=False)
        number = float_decimal(value) if isinstance(value, float) else Decimal(value)
        if not targets.plausible(number):
            return targets.Target(format(number, "f"), None, None, None, ok=False)
        return targets.Target(format(number, "f"), None, number, None)
    return targets.parse(None if value is None else str(value))


def _settle(
    grid: Grid,
    row: int,
    hit: HeaderHit,
    record: dict[str, Any],
    target: targets.Target | None,
    result: targets.Target | None,
    unit: str | None,
    written_dir: str | None,
    log: Log,
) -> dict[str, Any]:
    """Direction, numbers and unit of one indicator; what cannot be read is a warning naming
    the cell, and the indicator is then not scored (never a number guessed)."""

    def warn(column: str, message: str) -> None:
        col = hit.col(column)
        ref = grid.ref(row, col) if col is not None else f"第{row}行"
        log.warning("unreadable_value", f"{column}（{ref}）{message}", grid.name, row, column)

    direction = written_dir or (target.direction if target else None)
    if target is not None and target.direction == DIR_QUAL and written_dir is None:
        direction = DIR_QUAL
    record.update({DIRECTION: direction, TARGET: None, RESULT: None, RESULT_LEVEL: None})
    record[KPI_UNIT] = targets._unit(unit) if unit else (target.unit if target else None)
    if direction == DIR_QUAL:
        level = targets.qualitative_level(result.text if result else None, record[TARGET_TEXT])
        if result is not None and level is None:
            warn(
                RESULT,
                f"“{result.text}”无法判断是否达成（请写达成、部分达成或未达成），本指标未评分",
            )
        record[RESULT_LEVEL] = level
        return record
    if target is not None and not target.ok:
        warn(TARGET, f"“{target.text}”无法解读为指标值（如 ≥50个、≤3%、100%），本指标未评分")
        return record
    record[TARGET] = target.number if target else None
    if written_dir and target is not None and target.number is not None and unit:
        # 四川: 指标性质 | 指标值 | 度量单位 in three columns, shown as one target (=100%)
        record[TARGET_TEXT] = f"{written_dir}{target.text}{record[KPI_UNIT] or ''}"
    if result is None or target is None or target.number is None:
        return record
    if result.number is None:
        warn(RESULT, f"“{result.text}”不是数字，无法与指标值“{target.text}”比较，本指标未评分")
        return record
    if result.unit and record[KPI_UNIT] and norm(result.unit) != norm(record[KPI_UNIT]):
        warn(
            RESULT, f"“{result.text}”的单位与指标值的单位（{record[KPI_UNIT]}）不一致，本指标未评分"
        )
        return record
    record[KPI_UNIT] = record[KPI_UNIT] or result.unit
    record[RESULT] = result.number
    return record
