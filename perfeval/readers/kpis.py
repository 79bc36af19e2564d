"""The indicator rows of a 自评表, under a header whose columns were found by role: template
leftovers dropped (`指标2`, `……`, an empty `指标1`, a `其中…` breakdown without 分值), prefixes
stripped (`指标1:`, `★`), 一级 and 二级 points (`产出指标(50分)`, `数量指标15分`) given to rows
that leave 分值 blank, and a 决策 / 管理 rubric read as rows scored by the form's own marks."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfeval.model.scoring import PART_OTHER
from perfeval.readers import targets
from perfeval.readers.columns import Header
from perfeval.readers.formparts import Number, read_number
from perfeval.readers.grid import Grid
from perfeval.readers.labels import label, norm
from perfeval.readers.problems import Log
from perfeval.readers.roles import INDICATOR_ROLES, SCORE_FACTOR, header_key
from perfeval.readers.values import float_decimal
from perfeval.readers.vocab import is_footer
from perfeval.schema import (
    DIR_GE,
    DIR_QUAL,
    DIRECTION,
    KPI_NAME,
    KPI_UNIT,
    L1,
    L1_COST,
    L1_OUTCOME,
    L1_OUTPUT,
    L1_SATISFACTION,
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

# 总分 rows: the form's own totals (checked, never counted)
TOTAL_NAMES = ("总分", "合计", "总计", "得分合计", "合计得分", "总得分", "自评总分", "综合得分")
# 一级指标 as forms word them → the part they score in (by the word that carries the meaning)
L1_WORDS = ((("产出",), L1_OUTPUT), (("效益", "效果"), L1_OUTCOME), (("满意",), L1_SATISFACTION))
L1_WORDS += ((("成本",), L1_COST),)
# first-level rows of other frameworks: no rule in scoring.md, scored by the form's own weights
FRAMEWORK_WORDS = ("决策", "过程", "管理", "预算执行")
_MARKS = re.compile(r"^[★☆*▲△●○◆◇■□]+")
_NUMBERED = re.compile(r"^指标\s*\d+\s*[:：.、]?\s*")
_PLACEHOLDER = re.compile(r"^(?:指标\d*|\.{2,}|…+|[-—_]+|\d+|其他|等)$")
_BREAKDOWN = re.compile(r"^其中")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)分$")
_NO_REASON = frozenset({"0", "无", "/", "-", "—"})


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
    l1_points: dict[str, tuple[Decimal, str]] = field(default_factory=dict)  # → points, cell
    dropped: list[int] = field(default_factory=list)  # template leftovers
    breakdowns: list[int] = field(default_factory=list)  # 其中… rows without 分值
    rubric: list[dict[str, Any]] = field(default_factory=list)  # 决策 / 管理 rows
    end: int = 0
    weights_from: str = ""  # 分值 / 权重 column, or the points of the labels
    applied: list[str] = field(default_factory=list)  # the l1_points keys given to rows


def points_of(text: str | None) -> tuple[str, Decimal | None]:
    """`产出指标(50分)`, `产出\\n指标\\n40分`, `项目决策\\n2分` → the name and its points."""
    if not text:
        return "", None
    found = label(text)
    name, points = found.text, found.points
    match = _POINTS.search(name)
    if match and match.start() > 0:
        name, points = name[: match.start()], points or Decimal(match.group(1))
    return name, points


def part_name(text: str | None) -> str | None:
    """The 一级指标 a label names: 产出指标 / 效益指标 (效果指标) / 满意度指标 / 成本指标; a
    framework's first level (项目决策, 过程管理 …) as written; None when it is none of these."""
    name = points_of(text)[0]
    if name in L1_VALUES:
        return name
    for words, part in L1_WORDS:
        if any(word in name for word in words):
            return part
    if any(word in name for word in FRAMEWORK_WORDS):
        return name
    return None


def clean_name(text: str) -> str:
    """`★★★农村低保发放人数…` → 农村低保发放人数…; `指标1:开展…` / `指标1工程…` → the name."""
    name = _MARKS.sub("", text.strip()).strip()
    stripped = _NUMBERED.sub("", name).strip()
    return stripped or name


def is_placeholder(name: str) -> bool:
    return _PLACEHOLDER.match(norm(clean_name(name))) is not None or not norm(name)


def _is_total(grid: Grid, row: int) -> bool:
    return any(
        header_key(text) in TOTAL_NAMES
        for col, text in grid.row_texts(row)
        if grid.origin(row, col)[0] == row
    )


def _repeats_header(grid: Grid, row: int) -> bool:
    exact = [r for r in INDICATOR_ROLES if any(r.match(t) == 0 for _, t in grid.row_texts(row))]
    return len(exact) >= 3


def read_rows(grid: Grid, header: Header, log: Log, end: int | None = None) -> Indicators:
    """Every indicator row under `header` until the 总分 row, a footer or another header."""
    out = Indicators()
    last = grid.last if end is None else end
    weights = WEIGHT in header.chosen
    for row in grid.rows(header.data, last):
        texts = grid.row_texts(row)
        if not texts:
            continue
        if _is_total(grid, row):
            out.total_row = row
            out.total_weight = read_number(grid, row, header.col(WEIGHT))
            out.total_score = read_number(grid, row, header.col(SCORE))
            break
        if is_footer(texts[0][1]) and grid.origin(row, texts[0][0])[0] == row:
            break
        if _repeats_header(grid, row):
            break  # another form's header: the table ended
        record = _indicator(grid, row, header, log)
        if record is None:
            continue
        if record is _LEFTOVER:
            out.dropped.append(row)
            continue
        if weights and record[WEIGHT] is None and _BREAKDOWN.match(record[KPI_NAME]):
            out.breakdowns.append(row)  # 其中… under an indicator: its breakdown, not another
            continue
        _points(grid, row, header, out)
        out.records.append(record)
        out.claimed.append(Claimed(row, _claimed(grid, row, header, record)))
    out.end = out.total_row or last
    out.weights_from = header.chosen[WEIGHT].header if weights else ""
    points_as_weights(grid, out, log)
    return out


_LEFTOVER: dict[str, Any] = {}


def _claimed(grid: Grid, row: int, header: Header, record: dict[str, Any]) -> Number | None:
    score = read_number(grid, row, header.col(SCORE))
    factor = read_number(grid, row, header.col(SCORE_FACTOR))
    if score is None and factor is not None and record[WEIGHT] is not None:
        value = record[WEIGHT] * factor.value  # 得分 = 指标权重 × 得分系数
        return Number(value, 2, factor.where)
    return score


def _points(grid: Grid, row: int, header: Header, out: Indicators) -> None:
    for level in (L1, L2):
        col = header.col(level)
        if col is None:
            continue
        name, points = points_of(grid.text(row, col))
        if points is not None:
            origin = grid.origin(row, col)
            out.l1_points.setdefault(f"{level}:{name}", (points, grid.ref(*origin)))


def points_as_weights(grid: Grid, out: Indicators, log: Log) -> None:
    """A 二级 or 一级 label written with its points (`数量指标15分`, `产出指标（50分）`) whose rows
    leave 分值 blank: the points are split equally among those rows, in whole cents (the first
    rows take a leftover); 二级 points first, then what is left blank takes the 一级's."""
    for key, (points, _) in sorted(out.l1_points.items(), key=lambda kv: not kv[0].startswith(L2)):
        level, name = key.split(":", 1)
        rows = [r for r in out.records if _label_of(r, level) == name]
        blank = [r for r in rows if r[WEIGHT] is None]
        if not rows or len(blank) != len(rows):
            continue
        cents = int(points * 100)
        share, left = divmod(cents, len(rows))
        for i, record in enumerate(rows):
            record[WEIGHT] = Decimal(share + (1 if i < left else 0)) / 100
        what = "一级指标" if level == L1 else "二级指标"
        log.note(
            "points_as_weights",
            f"{what}「{name}」各行未填分值：按其{points}分平均分给{len(rows)}个指标",
            grid.name,
            rows[0][ROW],
            WEIGHT,
        )
        out.weights_from = out.weights_from or "points"
        out.applied.append(key)


def _label_of(record: dict[str, Any], level: str) -> str | None:
    return record.get(f"_{level}")


def _indicator(grid: Grid, row: int, header: Header, log: Log) -> dict[str, Any] | None:
    name_col = header.col(KPI_NAME)
    name = grid.text(row, name_col) if name_col is not None else None
    if name_col is not None and grid.origin(row, name_col)[0] != row:
        name = None  # a 三级 cell merged down is not a new indicator
    if name is None:
        return None  # an 二级 label with no 三级 under it
    cleaned = clean_name(name)
    target = _target(grid, row, header, TARGET, log)
    result = _target(grid, row, header, RESULT, log)
    weight = read_number(grid, row, header.col(WEIGHT))
    score = read_number(grid, row, header.col(SCORE))
    if is_placeholder(name) and not (target or result or weight or score):
        return _LEFTOVER  # 指标2, ……: the template's empty lines
    l1_col = header.col(L1)
    l1_text = grid.text(row, l1_col) if l1_col is not None else None
    l1 = part_name(l1_text) if l1_text else None
    if l1_col is None:
        l1 = PART_OTHER  # a flat list (指标名称 | 指标权重 | 得分系数): weighted by the form alone
    if l1 is None:
        where = grid.ref(row, l1_col) if l1_col is not None else f"第{row}行"
        log.warning(
            "unknown_l1",
            f"一级指标（{where}）“{l1_text or '空白'}”不是{'、'.join(L1_VALUES)}之一，"
            f"指标“{cleaned}”未读取、不计分；请改为其中之一",
            grid.name,
            row,
            L1,
        )
        return None
    l2_col = header.col(L2)
    l2_text = grid.text(row, l2_col) if l2_col is not None else None
    unit_col = header.col(KPI_UNIT)
    unit = grid.text(row, unit_col) if unit_col is not None else None
    dir_col = header.col(DIRECTION)
    written_dir = targets.direction_word(grid.text(row, dir_col) if dir_col is not None else None)
    reason_col = header.col(REASON)
    reason = grid.text(row, reason_col) if reason_col is not None else None
    record: dict[str, Any] = {
        ROW: row,
        L1: l1,
        L2: points_of(l2_text)[0] if l2_text else None,
        KPI_NAME: cleaned,
        REASON: None if reason is None or norm(reason) in _NO_REASON else reason,
        TARGET_TEXT: target.text if target else None,
        RESULT_TEXT: result.text if result else None,
        WEIGHT: weight.value if weight else None,
        PREV_RESULT: None,
        f"_{L1}": points_of(l1_text)[0] if l1_text else None,
        f"_{L2}": points_of(l2_text)[0] if l2_text else None,
    }
    return _settle(grid, row, header, record, target, result, unit, written_dir, log)


def public(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the reader's working keys."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _span_value(grid: Grid, row: int, header: Header, name: str) -> Any:
    """The cell under a column; a column whose header spans several cells (年度指标值 over
    `=` | `100` | `%`) gives their texts joined."""
    span = header.span(name)
    if span is None:
        return None
    if span[0] == span[1]:
        return grid.raw(row, span[0])
    parts = [text for _, text in grid.texts_between(row, span[0], span[1])]
    if len(parts) == 1 and span[0] == grid.origin(row, span[0])[1]:
        return grid.raw(row, span[0]) if grid.text(row, span[0]) else parts[0]
    return "".join(parts) or None


def _target(grid: Grid, row: int, header: Header, name: str, log: Log) -> targets.Target | None:
    col = header.col(name)
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
    value = _span_value(grid, row, header, name)
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
    header: Header,
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
        col = header.col(column)
        ref = grid.ref(row, col) if col is not None else f"第{row}行"
        log.warning("unreadable_value", f"{column}（{ref}）{message}", grid.name, row, column)

    direction = written_dir or (target.direction if target else None)
    if target is not None and target.direction == DIR_QUAL and written_dir is None:
        direction = DIR_QUAL
    record.update({DIRECTION: direction, TARGET: None, RESULT: None, RESULT_LEVEL: None})
    record[KPI_UNIT] = targets.unit_of(unit) if unit else (target.unit if target else None)
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
        # 指标性质 | 指标值 | 度量单位 in three columns, shown as one target (=100%)
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


# ---------------------------------------------------------------- a rubric (决策 / 管理)
def read_rubric(grid: Grid, header: Header, log: Log, end: int) -> list[dict[str, Any]]:
    """Rows of a 决策 / 管理 rubric (评价内容 | 分值 | 自评分 | 评价标准): each a row of its
    first-level part (the label merged down beside it, `项目决策\\n2分`) scored by the unit's own
    mark — read as an indicator whose target is its 分值 and whose result is the mark."""
    out: list[dict[str, Any]] = []
    name_col = header.col(KPI_NAME)
    if name_col is None:
        return out
    for row in grid.rows(header.data, end):
        name = grid.text(row, name_col)
        if name is None or grid.origin(row, name_col)[0] != row:
            continue
        weight = read_number(grid, row, header.col(WEIGHT))
        mark = read_number(grid, row, header.col(SCORE))
        if weight is None:
            break  # the rubric ended (a caption row, the next table)
        caption = next((t for c, t in grid.row_texts(row) if c < name_col), None)
        part = points_of(caption)[0] if caption else "其他"
        record = {
            ROW: row,
            L1: part,
            L2: None,
            KPI_NAME: clean_name(name),
            REASON: None,
            TARGET_TEXT: f"{format(weight.value, 'f')}分",
            RESULT_TEXT: None if mark is None else f"{format(mark.value, 'f')}分",
            WEIGHT: weight.value,
            PREV_RESULT: None,
            DIRECTION: DIR_GE,
            TARGET: weight.value,
            RESULT: None if mark is None else mark.value,
            RESULT_LEVEL: None,
            KPI_UNIT: "分",
            f"_{L1}": part,
            f"_{L2}": None,
            "_points": points_of(caption)[1] if caption else None,
            "_caption": grid.ref(*grid.origin(row, next(c for c, _ in grid.row_texts(row))))
            if caption
            else None,
        }
        out.append(record)
    return out
