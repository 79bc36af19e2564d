"""The 绩效指标 table of the template contract: one indicator per row, targets as written
(≥560家, ≤3%, 100%, 定性), results, weights; units and comparison signs checked for agreement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfeval.readers import targets
from perfeval.readers.header import find_header
from perfeval.readers.problems import Log
from perfeval.readers.rows import (
    Row,
    data_rows,
)
from perfeval.readers.sheets import (
    Sheet,
    column_letters,
)
from perfeval.readers.values import (
    COMPARATOR,
    COMPARATORS,
    NotNumber,
    parse_number,
    plain_decimal,
    show,
    squash,
)
from perfeval.schema import (
    DIR_GE,
    DIR_QUAL,
    DIRECTION,
    DIRECTIONS,
    KPI_NAME,
    KPI_REQUIRED,
    KPI_SHEET_COLUMNS,
    KPI_UNIT,
    L1,
    L1_VALUES,
    L2,
    L2_VALUES,
    PREV_RESULT,
    QUAL_LEVELS,
    QUAL_LONG_FORMS,
    REASON,
    RESULT,
    RESULT_LEVEL,
    RESULT_TEXT,
    ROW,
    TARGET,
    TARGET_TEXT,
    WEIGHT,
)


# ================================================================ 绩效指标
def _read_direction(text: str | None) -> str | None:
    if text is None:
        return None
    squashed = squash(text)
    if squashed == DIR_QUAL:
        return DIR_QUAL
    return COMPARATORS.get(squashed)


def _qual_level(text: str | None) -> str | None:
    if text is None:
        return None
    squashed = squash(text)
    if squashed in QUAL_LEVELS:
        return squashed
    return QUAL_LONG_FORMS.get(squashed)


def _same_unit(a: str, b: str) -> bool:
    return squash(a) == squash(b)


def read_indicators(sheet: Sheet, log: Log) -> list[dict[str, Any]]:
    header = find_header(sheet, KPI_SHEET_COLUMNS, KPI_REQUIRED, log)
    if header is None:
        return []
    records = []
    for line in data_rows(sheet, header, log):
        records.append(_read_indicator(line))
    if not records:
        log.note("no_indicators", "绩效指标 表没有数据行，无法计算指标完成情况", sheet=sheet.name)
    return records


def _read_indicator(line: Row) -> dict[str, Any]:
    l1 = line.choice(L1, L1_VALUES, "unknown_l1")
    line.require(L1)
    name = line.name(KPI_NAME)
    line.require(KPI_NAME)
    unit = line.text(KPI_UNIT)
    direction_text = line.text(DIRECTION)
    direction = _read_direction(direction_text)
    if direction_text is not None and direction is None:
        line.error(
            DIRECTION,
            "unknown_direction",
            f"“{show(direction_text)}” 不是可选值，请填写：{'、'.join(DIRECTIONS)}",
        )
    typed_target, typed_result = _typed_formula(line, TARGET), _typed_formula(line, RESULT)
    target_text = _shown(typed_target) or _percent_text(line, TARGET) or line.text(TARGET)
    result_text = _shown(typed_result) or _percent_text(line, RESULT) or line.text(RESULT)
    line.require(RESULT)
    if direction is None and direction_text is None and _qual_level(result_text):
        direction = DIR_QUAL  # a result written as 达成/部分达成/未达成 is a 定性 indicator
    rec: dict[str, Any] = {
        ROW: line.row,
        L1: l1,
        L2: line.choice(L2, L2_VALUES, "unknown_l2"),
        KPI_NAME: name,
        REASON: line.text(REASON),
        TARGET_TEXT: target_text,
        RESULT_TEXT: result_text,
        WEIGHT: _kpi_weight(line),
    }
    if direction == DIR_QUAL:
        level = _qual_level(result_text)
        if result_text is not None and level is None:
            forms = "、".join((*QUAL_LONG_FORMS, *QUAL_LEVELS))
            line.error(
                RESULT,
                "bad_level",
                f"定性指标的完成值“{show(result_text)}” 无法识别，请填写：{forms}",
            )
        rec.update({KPI_UNIT: unit, DIRECTION: DIR_QUAL, RESULT_LEVEL: level})
        rec.update({TARGET: None, RESULT: None, PREV_RESULT: None})
        return rec
    target, t_dir, t_unit = _kpi_target(line, typed_target)
    if t_dir is not None:
        if direction is None:
            direction = t_dir
        elif direction != t_dir:
            line.error(
                TARGET,
                "direction_conflict",
                f"年度指标值“{show(target_text)}” 的比较符号（{t_dir}）与「{DIRECTION}」"
                f"（{direction}）不一致，请改正其中一个",
            )
    if t_unit:
        if unit is None:
            unit = t_unit
        elif not _same_unit(unit, t_unit):
            line.error(
                TARGET,
                "unit_conflict",
                f"年度指标值“{show(target_text)}” 的单位（{t_unit}）与「{KPI_UNIT}」"
                f"（{unit}）不一致，请改正其中一个{line.percent_hint(TARGET)}",
            )
    result, unit = _kpi_number(line, RESULT, unit, typed_result)
    prev, unit = _kpi_number(line, PREV_RESULT, unit)
    rec.update(
        {
            KPI_UNIT: unit,
            DIRECTION: direction or DIR_GE,
            TARGET: target,
            RESULT: result,
            PREV_RESULT: prev,
            RESULT_LEVEL: None,
        }
    )
    return rec


def _percent_text(line: Row, name: str) -> str | None:
    """A number with a percentage format as Excel shows it and as it would be typed: 98.8%."""
    if not (line.plain or line.cell_ok(name)):
        return None
    number = line.percent(name)
    return None if number is None else f"{plain_decimal(number)}%"


def _typed_formula(line: Row, name: str) -> targets.Target | None:
    """A cell typed as =100% or =95 (Excel/WPS store a formula, cached 1 / 0.95): the target or
    result the clerk meant, with a note naming the cell; None for anything else."""
    col = line.cols.get(name)
    if col is None or not line.sheet.formulas:
        return None
    formula = line.sheet.formulas.get((line.row, col))
    typed = targets.from_formula(formula)
    if typed is not None:
        line.log.note(
            "formula_target",
            f"单元格 {column_letters(col)}{line.row} 是公式“={formula}”（在 Excel/WPS 中输入的"
            f"“{typed.text}”被存成了公式），已按“{typed.text}”读取；"
            "请把该列设为文本格式后再输入",
            sheet=line.sheet.name,
            row=line.row,
            column=name,
        )
    return typed


def _shown(typed: targets.Target | None) -> str | None:
    return None if typed is None else typed.text


def _kpi_target(
    line: Row, typed: targets.Target | None = None
) -> tuple[Decimal | None, str | None, str | None]:
    """年度指标值 → (number, direction from a leading comparison, trailing unit)."""
    if typed is not None:
        return typed.number, typed.direction, typed.unit
    value = line.raw(TARGET)
    if value is None or not line.cell_ok(TARGET):
        return None, None, None
    percent = line.percent(TARGET)
    if percent is not None:
        return percent, None, "%"
    direction = None
    if isinstance(value, str):
        text = squash(value)
        match = COMPARATOR.match(text)
        if match:
            direction = COMPARATORS[match.group(1)]
            value = text[match.end() :]
    try:
        number, suffix = parse_number(value)
    except NotNumber as exc:
        line.error(
            TARGET,
            "not_a_number",
            f"{exc}；定量指标的年度指标值请写成如 ≥560家、≤3%、100%，"
            f"定性指标请在「{DIRECTION}」填写“{DIR_QUAL}”",
        )
        return None, direction, None
    return number, direction, suffix.strip() or None


def _kpi_number(
    line: Row, name: str, unit: str | None, typed: targets.Target | None = None
) -> tuple[Decimal | None, str | None]:
    """实际完成值 / 上年完成值 of a quantitative indicator, optionally with its unit."""
    if typed is not None:
        if typed.unit and unit is not None and not _same_unit(unit, typed.unit):
            line.error(
                name,
                "unit_conflict",
                f"“{typed.text}” 的单位（{typed.unit}）与「{KPI_UNIT}」（{unit}）不一致，请改正",
            )
            return None, unit
        return typed.number, unit or typed.unit
    value = line.raw(name)
    if value is None or not line.cell_ok(name):
        return None, unit
    percent = line.percent(name)
    if percent is not None:
        number, suffix, value = percent, "%", f"{plain_decimal(percent)}%"  # as if typed so
    else:
        try:
            number, suffix = parse_number(value)
        except NotNumber as exc:
            line.error(
                name,
                "not_a_number",
                f"{exc}；定量指标请填写数字（可带单位，如 588家、98.8%），"
                f"定性指标请在「{DIRECTION}」填写“{DIR_QUAL}”",
            )
            return None, unit
    suffix = suffix.strip()
    if suffix:
        if unit is None:
            unit = suffix
        elif not _same_unit(unit, suffix):
            line.error(
                name,
                "unit_conflict",
                f"“{show(value)}” 的单位（{suffix}）与「{KPI_UNIT}」（{unit}）不一致，"
                f"请改正{line.percent_hint(name)}",
            )
            return None, unit
    return number, unit


def _kpi_weight(line: Row) -> Decimal | None:
    value = line.raw(WEIGHT)
    if value is None or not line.cell_ok(WEIGHT):
        return None
    try:
        number, suffix = parse_number(value)
    except NotNumber as exc:
        line.error(WEIGHT, "not_a_number", f"{exc}，请填写分值（数字）")
        return None
    if suffix.strip() not in ("", "分"):
        line.error(WEIGHT, "not_a_number", f"“{show(value)}” 不是分值，请填写数字")
        return None
    if number < 0:
        line.error(WEIGHT, "negative_weight", f"“{show(value)}” 是负数，分值不能为负")
        return None
    return number
