"""The structure of a table's header, inferred: the header block (one to three rows joined by cells
merged down), each header cell with the columns it spans and the cells below it, every role's
candidate columns with how sure each is, and the values under them that help decide (a column of
text is no 分值). What a reader takes from a table comes from here; so does a mapping proposal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from perfeval.readers.grid import Grid
from perfeval.readers.roles import LOOSE, NUMBER, SIGN, SURE_TIERS, Role, best_role, header_key
from perfeval.readers.sheets import column_letters
from perfeval.readers.values import NotNumber, parse_number
from perfeval.readers.vocab import is_footer

MAX_HEADER_ROWS = 3
SAMPLE_ROWS = 30  # data rows looked at to tell what a column holds
FIRST_VALUES = 3  # values shown with a candidate on the mapping step
SIGNS = frozenset("≥≤=≧≦><═﹦＝") | {">=", "<=", "==", "定性", "定量"}


@dataclass(frozen=True)
class Column:
    """One candidate column for a role: the columns it spans, the header texts above it as
    written (top to bottom), the tier of the match (roles.EXACT / PARTS / LOOSE)."""

    role: str
    first: int
    last: int
    path: tuple[str, ...]
    tier: int
    row: int  # the header row of the text that gave the role
    values: tuple[str, ...] = ()  # the first values under it, as shown
    why: str = ""  # how it was matched, when not by its own header text

    @property
    def header(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def where(self) -> str:
        if self.first == self.last:
            return f"{column_letters(self.first)}列"
        return f"{column_letters(self.first)}–{column_letters(self.last)}列"

    @property
    def sure(self) -> bool:
        return self.tier in SURE_TIERS


@dataclass
class Header:
    """A table's header block and the columns chosen for its roles (see `choose`)."""

    rows: tuple[int, ...]
    candidates: dict[str, list[Column]] = field(default_factory=dict)
    chosen: dict[str, Column] = field(default_factory=dict)

    @property
    def row(self) -> int:
        return self.rows[0]

    @property
    def data(self) -> int:
        return self.rows[-1] + 1

    def col(self, role: str) -> int | None:
        found = self.chosen.get(role)
        return None if found is None else found.first

    def span(self, role: str) -> tuple[int, int] | None:
        found = self.chosen.get(role)
        return None if found is None else (found.first, found.last)

    @property
    def spans(self) -> dict[str, tuple[int, int]]:
        return {role: (c.first, c.last) for role, c in self.chosen.items()}

    def sure(self, role: str) -> bool:
        """The role has one column matched with confidence and no rival as good."""
        found = self.chosen.get(role)
        if found is None or not found.sure:
            return False
        rivals = [
            c for c in self.candidates.get(role, []) if c is not found and c.tier <= found.tier
        ]
        return not rivals

    def loose(self, roles: tuple[str, ...]) -> list[str]:
        return [r for r in roles if r in self.chosen and not self.sure(r)]


# ---------------------------------------------------------------- header cells
@dataclass(frozen=True)
class _Cell:
    row: int
    first: int
    last: int
    text: str
    level: int  # its row's index in the block


def _numeric(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        try:
            _, rest = parse_number(value)
        except NotNumber:
            return False
        return rest.strip() in ("", "%", "分", "万元", "元")
    return False


def _header_like(grid: Grid, row: int) -> bool:
    texts = grid.row_texts(row)
    if not texts or is_footer(texts[0][1]):
        return False
    return not any(_numeric(grid.raw(row, col)) for col, _ in texts)


def _spanning(grid: Grid, row: int, roles: tuple[Role, ...]) -> list[tuple[int, int]]:
    """The column spans of `row`'s header cells merged across two columns or more, when the row
    names a role with confidence (a title, a field or a goal written across is no header)."""
    spans, plays = [], False
    for col, text in grid.row_texts(row):
        found = best_role(roles, text)
        plays = plays or (found is not None and found[1] in SURE_TIERS)
        first, last = grid.span_of(row, col)
        if last > first:
            spans.append((first, last))
    return spans if plays else []


def _splits(grid: Grid, upper: int, lower: int, roles: tuple[Role, ...]) -> bool:
    """`lower` names sub-columns of a cell of `upper` merged across them: a text cell inside
    that cell's columns, narrower than it (指标性质 | 指标值 | 度量单位 under 年度指标值)."""
    for first, last in _spanning(grid, upper, roles):
        for col, _ in grid.row_texts(lower):
            if grid.origin(lower, col)[0] != lower:
                continue
            below = grid.span_of(lower, col)
            if first <= below[0] and below[1] <= last and below != (first, last):
                return True
    return False


def block(grid: Grid, row: int, roles: tuple[Role, ...]) -> tuple[int, ...]:
    """The header rows around `row`: a row above whose cells merged across are split into
    sub-columns by `row`, and a row below that splits `row`'s (a 年度指标值 spanning 指标性质 |
    指标值 | 度量单位 on the row below, 自评得分 over 单项指标得分 | 权重占比), at most three."""
    rows = [row]
    while len(rows) < MAX_HEADER_ROWS and rows[0] - 1 >= grid.first:
        above = rows[0] - 1
        if _header_like(grid, above) and _splits(grid, above, rows[0], roles):
            rows.insert(0, above)
        else:
            break
    while len(rows) < MAX_HEADER_ROWS and rows[-1] + 1 <= grid.last:
        below = rows[-1] + 1
        if _header_like(grid, below) and _splits(grid, rows[-1], below, roles):
            rows.append(below)
        else:
            break
    return tuple(rows)


def _cells(grid: Grid, rows: tuple[int, ...]) -> list[_Cell]:
    """Each header cell of the block once (a merged range at its first row), with its columns."""
    seen: set[tuple[int, int]] = set()
    cells = []
    for _level, row in enumerate(rows):
        for col in range(grid.width):
            origin = grid.origin(row, col)
            if origin in seen or origin[0] < rows[0]:
                continue
            seen.add(origin)
            text = grid.text(row, col)
            if text is None:
                continue
            last = col
            while last + 1 < grid.width and grid.origin(row, last + 1) == origin:
                last += 1
            cells.append(_Cell(origin[0], col, last, text, rows.index(origin[0])))
    return cells


def _path(cells: list[_Cell], cell: _Cell) -> tuple[str, ...]:
    above = [c for c in cells if c.level < cell.level and c.first <= cell.first <= c.last]
    return (*tuple(c.text for c in sorted(above, key=lambda c: c.level)), cell.text)


def _children(cells: list[_Cell], cell: _Cell) -> list[_Cell]:
    return [
        c
        for c in cells
        if c.level > cell.level and cell.first <= c.first and c.last <= cell.last and c is not cell
    ]


def candidates(grid: Grid, rows: tuple[int, ...], roles: tuple[Role, ...]) -> list[Column]:
    """Every header cell's best role as a candidate column. A cell spanning sub-columns that
    have roles of their own hands its role to the one sub-column without a header (the value
    column of 预期指标值 over 符号 | … | 单位), or keeps the whole span when none has a role
    (年度指标值 over `=` | `100` | `%`)."""
    cells = _cells(grid, rows)
    out: list[Column] = []
    for cell in cells:
        found = best_role(roles, cell.text)
        if found is None:
            continue
        role, tier = found
        kids = _children(cells, cell)
        first, last, why = cell.first, cell.last, ""
        if kids:
            if any(best_role(roles, k.text) and best_role(roles, k.text)[0] is role for k in kids):
                continue  # a sub-column names the role itself (指标值 under 年度指标值)
            covered = {col for k in kids for col in range(k.first, k.last + 1)}
            free = [c for c in range(cell.first, cell.last + 1) if c not in covered]
            roleless = [k for k in kids if best_role(roles, k.text) is None]
            spots = [(c, c) for c in free] + [(k.first, k.last) for k in roleless]
            if len(spots) == 1:
                (first, last), why = spots[0], f"「{cell.text}」下未另列名称的一列"
            elif spots:
                tier = LOOSE  # several sub-columns could be it
        path = _path(cells, cell)
        out.append(Column(role.key, first, last, path, tier, cell.row, why=why))
    return out


# ---------------------------------------------------------------- values decide
def _shown(grid: Grid, row: int, first: int, last: int) -> str | None:
    """The text under columns first…last; a cell merged beyond them (a goal written across the
    whole block) belongs to none of them."""
    parts = []
    for col, text in grid.texts_between(row, first, last):
        span = grid.span_of(row, col)
        if span[0] < first or span[1] > last:
            continue
        parts.append(text)
    return "".join(parts) or None


def sample(grid: Grid, column: Column, start: int, end: int) -> list[str]:
    """The values under a column, rows `start`…`end`, merged header cells left out."""
    out = []
    for row in range(start, min(end, start + SAMPLE_ROWS - 1) + 1):
        if grid.origin(row, column.first)[0] < start:
            continue  # a caption merged down from the header
        text = _shown(grid, row, column.first, column.last)
        if text is not None:
            out.append(text)
    return out


def _fits(role: Role, values: list[str]) -> bool:
    """What a column holds agrees with its role: numbers for 分值 / 得分 / amounts (a column of
    text headed 指标分值 is an explanation), signs for 指标性质."""
    if not values:
        return True
    if role.holds == NUMBER:
        numbers = sum(_numeric(v) for v in values)
        return numbers >= len(values) - numbers
    if role.holds == SIGN:
        return all(header_key(v) in SIGNS for v in values)
    return True


def choose(
    grid: Grid, rows: tuple[int, ...], roles: tuple[Role, ...], end: int | None = None
) -> Header:
    """The header block's candidates, checked against their values, and the best for each role
    (an exact name, else meaning-bearing parts, else a loose cue; the first among equals)."""
    header = Header(rows)
    last = grid.last if end is None else end
    by_key = {role.key: role for role in roles}
    for column in candidates(grid, rows, roles):
        values = sample(grid, column, rows[-1] + 1, last)
        if not _fits(by_key[column.role], values):
            continue
        kept = replace(column, values=tuple(values[:FIRST_VALUES]))
        header.candidates.setdefault(column.role, []).append(kept)
    for role, found in header.candidates.items():
        header.chosen[role] = min(found, key=lambda c: (c.tier, c.first))
    return header


def find(
    grid: Grid,
    roles: tuple[Role, ...],
    fits: Callable[[Header], bool],
    start: int | None = None,
    end: int | None = None,
) -> Header | None:
    """The first header block from row `start` on whose chosen roles `fits` accepts (e.g. a
    三级指标 and a 年度指标值 or 实际完成值 for an indicator table)."""
    last = grid.last if end is None else end
    done: set[tuple[int, ...]] = set()
    for row in grid.rows(start, last):
        if not any(best_role(roles, text) for _, text in grid.row_texts(row)):
            continue
        rows = block(grid, row, roles)
        if rows in done:
            continue
        done.add(rows)
        header = choose(grid, rows, roles, last)
        if fits(header):
            return header
    return None
