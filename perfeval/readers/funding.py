"""The funding block of a 自评表 in the shapes real forms give it: a table (年初预算数 | 全年预算数 |
全年执行数 | 分值 | 执行率 | 得分 over 年度资金总额 and its 其中 rows), a source grid (中央 | 省 | 本级
| 合计 | 执行数 | 执行率 over one value row), label | value pairs (预算数 | 6.84 | 执行数 | 6.84), and
`标签:值` cells (`年度金额:208万元`); the header's letters (执行率(B/A) over 年初预算数(A)) and its
values (a 合计 that is the sum of its sources) help decide which column is which."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from perfeval.readers import columns
from perfeval.readers.columns import Column, Header
from perfeval.readers.formparts import Number, _places, money_factor, read_cell_number, read_number
from perfeval.readers.grid import Grid
from perfeval.readers.labels import norm, split_label_value
from perfeval.readers.roles import (
    FUNDING_ROLES,
    LOOSE,
    PARTS,
    TOTAL_ROW_PARTS,
    best_role,
    header_key,
    is_total_row,
)
from perfeval.schema import ACTUAL, BUDGET, BUDGET_INITIAL, EXEC_RATE, SCORE, WEIGHT

AMOUNTS = (BUDGET_INITIAL, BUDGET, ACTUAL)
# Rows that start the texts under the funding block: the block ends there (the 年度总体目标 row
# holds text, never money, even where a clerk typed bare amounts into it).
TEXT_SECTIONS = ("年度总体目标", "总体目标", "项目年度目标", "部门年度目标", "年度目标", "预期目标")
_LETTER = re.compile(r"\(([A-Z])\)$")
_RATIO = re.compile(r"\(([A-Z])/([A-Z])\)")


@dataclass
class FundingLine:
    row: int
    label: str  # as written, without 其中：
    amounts: dict[str, Number | None]


@dataclass
class Funding:
    """年度资金总额 and its 其中 rows, amounts in the form's unit (factor gives 万元)."""

    hit: Header
    factor: Decimal
    total: FundingLine | None = None
    weight: Number | None = None  # the 分值 of 预算执行率
    claimed_rate: Number | None = None
    claimed_score: Number | None = None
    lines: list[FundingLine] = field(default_factory=list)
    in_cell: list[tuple[str, Number]] = field(default_factory=list)  # 其中：基本支出：796.58
    shape: str = "table"  # table | pairs | cells

    def amount(self, line: FundingLine | None, name: str) -> Decimal | None:
        if line is None or line.amounts.get(name) is None:
            return None
        return line.amounts[name].value * self.factor  # type: ignore[union-attr]

    @property
    def blank(self) -> bool:
        """No amount anywhere in the block: the form was filed without its money."""
        lines = ([self.total] if self.total else []) + self.lines
        return not any(v for line in lines for v in line.amounts.values()) and not self.in_cell


def _has_amounts(header: Header) -> bool:
    return ACTUAL in header.chosen and (BUDGET in header.chosen or BUDGET_INITIAL in header.chosen)


def _section_row(grid: Grid, row: int) -> bool:
    return any(header_key(text) in TEXT_SECTIONS for _, text in grid.row_texts(row))


def block_end(grid: Grid, start: int, end: int) -> int:
    """The last row of the funding block: before the texts (年度总体目标 …) or `end`."""
    for row in grid.rows(start, end):
        if _section_row(grid, row):
            return row - 1
    return end


# ---------------------------------------------------------------- a table of columns
def find_table(grid: Grid, start: int | None, end: int) -> Header | None:
    """The funding table's header: 全年执行数 and a budget column, between `start` and `end`;
    the header's letters and its values settle a budget column its name leaves open."""
    header = columns.find(grid, FUNDING_ROLES, lambda h: ACTUAL in h.chosen, start, end)
    if header is None:
        return None
    last = block_end(grid, header.data, end)
    header = columns.choose(grid, header.rows, FUNDING_ROLES, last)
    _by_letters(header)
    _by_sum(grid, header)
    return header


def _by_letters(header: Header) -> None:
    """执行率(B/A) names its base: the column headed (A) is the budget the rate is taken on
    (北京 2016: 年初预算数(A) is the only budget), whatever its name says."""
    rate = header.chosen.get(EXEC_RATE)
    ratio = _RATIO.search(norm(rate.header)) if rate else None
    if ratio is None or (BUDGET in header.chosen and header.sure(BUDGET)):
        return
    _numerator, base = ratio.groups()
    for role, found in list(header.candidates.items()):
        for column in found:
            letter = _LETTER.search(norm(column.header))
            if letter and letter.group(1) == base and role in (BUDGET, BUDGET_INITIAL):
                why = f"「{rate.header}」的{base}列"
                chosen = replace(column, role=BUDGET, tier=PARTS, why=why)
                header.candidates.setdefault(BUDGET, []).insert(0, chosen)
                header.chosen[BUDGET] = chosen
                return


def _by_sum(grid: Grid, header: Header) -> None:
    """A 合计 column whose value is the sum of the source columns left of it (中央 | 省 | 本级 |
    其他 | 合计) is the budget those sources add up to."""
    found = header.chosen.get(BUDGET)
    if found is None or found.tier != LOOSE or header.data > grid.last:
        return
    row = header.data
    total = read_number(grid, row, found.first)
    taken = {c.first for c in header.chosen.values()}
    sources = [c for c in range(found.first) if c not in taken and grid.origin(row, c)[0] == row]
    parts = [n for c in sources if (n := read_number(grid, row, c)) is not None]
    heads = [c for c in sources if grid.text(header.rows[-1], c)]
    if total is None or len(heads) < 2 or not parts:
        return
    if sum((p.value for p in parts), Decimal(0)) == total.value:
        chosen = replace(found, tier=PARTS, why="等于其左各来源列之和")
        header.candidates[BUDGET] = [chosen] + [
            c for c in header.candidates[BUDGET] if c is not found
        ]
        header.chosen[BUDGET] = chosen


def _own_amount(grid: Grid, row: int, column: Column | None) -> Number | None:
    """The amount under a column; a cell merged beyond the column (text written across the
    block) holds none."""
    if column is None:
        return None
    first, last = grid.span_of(row, column.first)
    if first < column.first or last > column.last:
        return None
    return read_number(grid, row, column.first)


def _row_label(grid: Grid, row: int, before: int) -> str | None:
    """The label of a funding row: its own (not merged from above) text left of the amounts."""
    found = None
    for col, text in grid.row_texts(row):
        if col >= before:
            break
        if grid.origin(row, col)[0] == row and read_cell_number(text) is not None:
            continue  # a number is no label (a source grid's value row)
        if grid.origin(row, col)[0] == row and split_label_value(text) is None:
            found = text
        elif grid.origin(row, col)[0] == row:
            head = split_label_value(text)
            if head and read_cell_number(head[1]) is None:
                found = text  # 其中：本年财政拨款 — the colon ends 其中, no number follows
    if found is None:
        return None
    return re.sub(r"^其中\s*[:：]\s*", "", found.strip()).rstrip(":：").strip()


def read_table(grid: Grid, header: Header, end: int) -> Funding:
    """年度资金总额 (or 总额, 合计 …; the one unlabelled value row of a source grid) and its rows."""
    funding = Funding(header, money_factor(grid, header))
    chosen = header.chosen
    amount_cols = [chosen[n].first for n in AMOUNTS if n in chosen]
    first = min(amount_cols) if amount_cols else grid.width
    last = block_end(grid, header.data, end)
    for row in grid.rows(header.data, last):
        _in_cell(grid, row, funding)
        name = _row_label(grid, row, first)
        amounts = {n: _own_amount(grid, row, chosen.get(n)) for n in AMOUNTS}
        if name is None:
            if row == header.data and any(amounts.values()) and funding.total is None:
                name = ""  # a source grid's value row: the block's total
            else:
                continue
        line = FundingLine(row, name, amounts)
        if funding.total is None and (name == "" or is_total_row(name)):
            funding.total = line
            funding.weight = _own_amount(grid, row, chosen.get(WEIGHT))
            funding.claimed_rate = _own_amount(grid, row, chosen.get(EXEC_RATE))
            funding.claimed_score = _own_amount(grid, row, chosen.get(SCORE))
        elif any(amounts.values()):
            funding.lines.append(line)
    return funding


def _in_cell(grid: Grid, row: int, funding: Funding) -> None:
    """`其中：基本支出：796.58` — a label with its amount in one cell."""
    for col, text in grid.row_texts(row):
        split = split_label_value(text)
        if split and grid.origin(row, col)[0] == row:
            value = read_cell_number(split[1])
            head = re.sub(r"^其中\s*[:：]\s*", "", split[0].strip())
            if value is not None:
                where = grid.ref(row, col)
                funding.in_cell.append((head, Number(value, _places(value), where)))


# ---------------------------------------------------------------- pairs and cells
def _right_number(grid: Grid, row: int, col: int) -> tuple[int, Number] | None:
    found = grid.right_of(row, col)
    if found is None:
        return None
    number = read_number(grid, row, found[1])
    return (found[1], number) if number is not None else None


def _below(grid: Grid, row: int, col: int) -> int | None:
    """The row under a (merged) label cell, when it holds a number there."""
    under = row
    while under + 1 <= grid.last and grid.origin(under + 1, col) == grid.origin(row, col):
        under += 1
    if under + 1 > grid.last or read_number(grid, under + 1, col) is None:
        return None
    return under + 1


def _cell_number(text: str) -> Number | None:
    split = split_label_value(text)
    if split is None:
        return None
    value = read_cell_number(split[1])
    return None if value is None else Number(value, _places(value), "")


def _section_role(grid: Grid, row: int, col: int) -> tuple[str, int] | None:
    """The role of the block a `合计:109.8万元` cell totals: the header left of it in its row
    (资金使用情况(万元) merged down beside the cells it heads)."""
    for left in range(col - 1, -1, -1):
        text = grid.text(row, left)
        if text and grid.origin(row, left)[1] != grid.origin(row, col)[1]:
            found = best_role(FUNDING_ROLES, text)
            return (found[0].key, max(found[1], LOOSE)) if found else None
    return None


def find_cells(grid: Grid, start: int, end: int) -> Header | None:
    """Funding roles given as label | value pairs or `标签:值` cells, between `start` and `end`:
    every cell is a candidate for the role its label plays (a total word such as 合计 plays the
    role of the block it totals). None when neither a budget nor an execution is found."""
    header = Header((start,))
    for row in grid.rows(start, end):
        for col, text in grid.row_texts(row):
            if grid.origin(row, col) != (row, col):
                continue
            _pair_candidate(grid, header, row, col, text)
    if not header.candidates:
        return None
    for role, found in header.candidates.items():
        header.chosen[role] = min(found, key=lambda c: (c.tier, c.row, c.first))
    if ACTUAL not in header.chosen and BUDGET not in header.chosen:
        return None
    first = min(c.row for c in header.chosen.values())
    header.rows = (first,)
    return header


def _pair_candidate(grid: Grid, header: Header, row: int, col: int, text: str) -> None:
    inline = _cell_number(text)  # 年度金额(提前下达):208万元 — the label and its amount in one cell
    name = split_label_value(text)[0] if inline is not None else text
    found = best_role(FUNDING_ROLES, name)
    role, tier = (found[0].key, found[1]) if found else (None, LOOSE)
    if inline is not None and (role is None or any(w in header_key(name) for w in TOTAL_ROW_PARTS)):
        section = _section_role(grid, row, col)  # 合计:109.8万元 beside 资金使用情况
        role, tier = (section[0], LOOSE) if section else (None, LOOSE)
    if role is None:
        return
    if inline is not None:
        value_at, shown = (row, col), split_label_value(text)[1]  # type: ignore[index]
    else:
        right = _right_number(grid, row, col)
        if right is not None:
            value_at = (row, right[0])
        elif (below := _below(grid, row, col)) is not None:
            value_at = (below, col)  # 预算执行进度(%) over 100.00
        else:
            return
        shown = grid.text(*value_at) or ""
    column = Column(role, value_at[1], value_at[1], (text,), tier, value_at[0], (shown,))
    header.candidates.setdefault(role, []).append(replace(column, why=grid.ref(*value_at)))


def cell_value(grid: Grid, column: Column) -> Number | None:
    """The amount a cell candidate points at: the number after the label's colon, or the cell."""
    text = grid.text(column.row, column.first)
    if text is None:
        return None
    inline = _cell_number(text)
    if inline is not None and split_label_value(text):
        return Number(inline.value, inline.places, grid.ref(column.row, column.first))
    return read_number(grid, column.row, column.first)


def read_cells(grid: Grid, header: Header) -> Funding:
    """The total from the cells chosen for each role (pairs or `标签:值` cells)."""
    funding = Funding(header, money_factor(grid, header), shape="cells")
    chosen = header.chosen
    amounts = {n: cell_value(grid, chosen[n]) if n in chosen else None for n in AMOUNTS}
    row = min(c.row for c in chosen.values())
    funding.total = FundingLine(row, "年度资金总额", amounts)
    if EXEC_RATE in chosen:
        funding.claimed_rate = cell_value(grid, chosen[EXEC_RATE])
    if WEIGHT in chosen:
        funding.weight = cell_value(grid, chosen[WEIGHT])
    return funding
