"""Not sure is an answer: mapping proposals, and layouts made of a confirmed mapping.

When a 自评表's needed roles are not all matched with confidence (a role matched only by a weak
cue, two columns as good as each other), the reader does not guess. It refuses the file with the
error `CODE_NEEDS_MAPPING` and attaches a `MappingProposal` to the result; the clerk confirms it
(or picks other columns) and the file is read with the `ConfirmedMapping`, a layout made of data,
which also reads every later file of the same shape (same header signature) without asking.

The API the store, the CLI and the upload page build on (H19x):

    result = read_workbook(data, name)               # or read_path(path)
    result.proposals                                 # [MappingProposal] when a sheet needs one
    proposals = propose(data, name)                  # a proposal for every 自评表 sheet, sure or not
    p = proposals[0]
    p.roles                                          # RoleChoice per (table, role): chosen Candidate
                                                     # (column/cell, header text, first values,
                                                     # confidence sure|loose), other candidates
    p.unsure()                                       # the choices the clerk must look at
    m = p.confirm({"全年执行数": "F2"}, name="四川普惠")  # keys: role or "table.role"; values:
                                                     # a Candidate.key; None keeps the proposal
    read_workbook(data, name, mappings=[m])          # read with it; later files of the same
                                                     # shape too (m.signature matches)
    text = to_toml(m); m == from_toml(text)          # for `check --mapping-out M.toml`,
                                                     # `layouts add M.toml`; to_dict/from_dict too
    p.to_dict(), MappingProposal.from_dict(d)        # the proposal itself (e.g. for a web form)

A confirmed mapping names columns by their header texts (normalised) and their place relative to
the table's first header column, and cells by their label, so a form shifted down or right still
matches; `signature` is a hash of the header texts of the sheet's tables and of the family."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from perfeval.readers import columns, funding, selfeval, selfeval_read
from perfeval.readers.columns import Column, Header
from perfeval.readers.formparts import read_cell_number
from perfeval.readers.grid import Grid
from perfeval.readers.labels import norm, split_label_value
from perfeval.readers.layouts import Fit, FormRead, Layout
from perfeval.readers.problems import Log
from perfeval.readers.roles import EXACT, FUNDING_ROLES, INDICATOR_ROLES, LOOSE, role_name
from perfeval.readers.selfeval import FUNDING, INDICATORS, NEEDED, RUBRIC, RUBRIC_ROLES, Analysis
from perfeval.readers.sheets import column_index, column_letters

KEY_PREFIX = "mapping:"
CODE_NEEDS_MAPPING = "needs_mapping"
SURE = "sure"
LOOSE_MATCH = "loose"
MISSING = "missing"
COLUMN = "column"
CELL = "cell"
TABLE_NAMES = {FUNDING: "资金", INDICATORS: "绩效指标", RUBRIC: "评分"}
ROLES_OF = {FUNDING: FUNDING_ROLES, INDICATORS: INDICATOR_ROLES, RUBRIC: RUBRIC_ROLES}
WAY_OUT = (
    "请在上传页面的「对应表头」一步确认或改选（命令行：python -m perfeval check 文件 "
    "--mapping-out 对应.toml，核对后 python -m perfeval layouts add 对应.toml）"
)


# ================================================================ the proposal
@dataclass(frozen=True)
class Candidate:
    """A column (key "E", "D-F") or a cell (key "B2") that could play a role."""

    key: str
    header: str  # the header text (or label cell) as written
    path: tuple[str, ...]  # every header text above it, top to bottom
    values: tuple[str, ...]  # the first values under it (or the cell's value)
    confidence: str  # sure | loose
    why: str = ""


@dataclass(frozen=True)
class RoleChoice:
    """One role of one table: the candidate chosen (None: none found) and the others."""

    table: str  # funding | indicators | rubric
    role: str  # the schema column it fills (年度指标值, 全年执行数 …)
    name: str  # what the clerk reads
    needed: bool
    chosen: Candidate | None
    candidates: tuple[Candidate, ...] = ()

    @property
    def confidence(self) -> str:
        return MISSING if self.chosen is None else self.chosen.confidence

    @property
    def ref(self) -> str:
        return f"{self.table}.{self.role}"


@dataclass(frozen=True)
class MappingProposal:
    """What the reader would take for each role of a sheet, and how sure it is."""

    source: str
    sheet: str
    family: str
    layout: str
    signature: str
    header_rows: dict[str, tuple[int, ...]]
    roles: tuple[RoleChoice, ...]
    shape: str = "table"  # how the funding block is laid out: table | cells
    header_first: dict[str, int] = field(default_factory=dict)  # each table's first header column

    def unsure(self) -> list[RoleChoice]:
        """The needed choices that are loose or missing: the clerk must look at these."""
        return [c for c in self.roles if c.needed and c.confidence != SURE]

    def choice(self, role: str, table: str | None = None) -> RoleChoice | None:
        for c in self.roles:
            if c.role == role and (table is None or c.table == table):
                return c
        return None

    def confirm(self, picks: dict[str, str] | None = None, name: str = "") -> ConfirmedMapping:
        """The mapping the clerk confirmed: `picks` changes the candidate of a role (keyed by
        role or "table.role", valued by a Candidate.key); every other role keeps its choice.
        A needed role left without a column is a ValueError."""
        picks = dict(picks or {})
        out: list[Pick] = []
        for choice in self.roles:
            key = picks.pop(choice.ref, None) or picks.pop(choice.role, None)
            pool = {c.key: c for c in choice.candidates}
            chosen = pool.get(key) if key else choice.chosen
            if key and chosen is None:
                raise ValueError(f"「{choice.name}」没有候选列 {key}")
            if chosen is None:
                if choice.needed:
                    raise ValueError(f"「{choice.name}」尚未指定所在的列")
                continue
            out.append(_pick(choice, chosen, self.header_first.get(choice.table, 0)))
        if picks:
            raise ValueError(f"没有这些项：{'、'.join(picks)}")
        return ConfirmedMapping(
            name or self.sheet, self.family, self.layout, self.signature, tuple(out)
        )

    def to_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MappingProposal:
        roles = tuple(
            RoleChoice(
                **{
                    **r,
                    "chosen": Candidate(**_tuples(r["chosen"])) if r["chosen"] else None,
                    "candidates": tuple(Candidate(**_tuples(c)) for c in r["candidates"]),
                }
            )
            for r in data["roles"]
        )
        rows = {k: tuple(v) for k, v in data["header_rows"].items()}
        return cls(**{**data, "roles": roles, "header_rows": rows})  # header_first stays a dict

    def message(self) -> str:
        """The Chinese text of the needs-mapping error."""
        parts = []
        for c in self.unsure():
            if c.chosen is None:
                parts.append(f"「{c.name}」（未找到）")
            else:
                parts.append(f"「{c.name}」（暂定{c.chosen.key}「{c.chosen.header}」，把握不大）")
        return (
            f"工作表「{self.sheet}」像是{self.family}，但以下各项所在的列不能确定，未读取："
            f"{'、'.join(parts)}。{WAY_OUT}"
        )


def cell_label(text: str) -> str:
    """A funding cell as a mapping names it: its label without the amount (`合计:109.8万元` →
    合计), so that the next file, with other amounts, has the same shape."""
    split = split_label_value(text)
    return norm(split[0] if split and read_cell_number(split[1]) is not None else text)


def _tuples(d: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}


# ================================================================ the confirmed mapping
@dataclass(frozen=True)
class Pick:
    """One role's column (by its header texts and its place from the table's first header
    column) or cell (by its label)."""

    table: str
    role: str
    kind: str  # column | cell
    header: tuple[str, ...]  # normalised header texts, top to bottom (a cell: its label)
    offset: tuple[int, int] = (0, 0)  # first, last column from the header's first column


@dataclass(frozen=True)
class ConfirmedMapping:
    """A layout made of data: which column or cell plays each role on sheets of one shape."""

    name: str
    family: str
    layout: str
    signature: str
    picks: tuple[Pick, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ConfirmedMapping:
        picks = tuple(Pick(**_tuples(p)) for p in data.get("picks", []))
        return cls(data["name"], data["family"], data["layout"], data["signature"], picks)


def to_toml(mapping: ConfirmedMapping) -> str:
    """The mapping as a TOML document (`check --mapping-out`); `from_toml` reads it back."""
    q = json.dumps  # a JSON string is a TOML basic string (both escape the same way)
    lines = [
        f"{k} = {q(getattr(mapping, k), ensure_ascii=False)}"
        for k in ("name", "family", "layout", "signature")
    ]
    for pick in mapping.picks:
        lines += ["", "[[picks]]"]
        lines += [f"table = {q(pick.table)}", f"role = {q(pick.role, ensure_ascii=False)}"]
        lines += [f"kind = {q(pick.kind)}"]
        lines.append(f"header = [{', '.join(q(h, ensure_ascii=False) for h in pick.header)}]")
        lines.append(f"offset = [{pick.offset[0]}, {pick.offset[1]}]")
    return "\n".join(lines) + "\n"


def from_toml(text: str) -> ConfirmedMapping:
    return ConfirmedMapping.from_dict(tomllib.loads(text))


# ================================================================ proposing
def _base(header: Header) -> int:
    cells = [c for cs in header.candidates.values() for c in cs]
    return min((c.first for c in cells), default=0)


def _key(column: Column, shape: str) -> str:
    if shape == CELL:
        return f"{column_letters(column.first)}{column.row}"
    if column.first == column.last:
        return column_letters(column.first)
    return f"{column_letters(column.first)}-{column_letters(column.last)}"


def _candidate(column: Column, shape: str) -> Candidate:
    return Candidate(
        _key(column, shape),
        column.header,
        column.path,
        column.values,
        SURE if column.sure else LOOSE_MATCH,
        column.why,
    )


def _pick(choice: RoleChoice, candidate: Candidate, base: int) -> Pick:
    header = tuple(norm(h) for h in candidate.path)
    if "-" not in candidate.key and any(ch.isdigit() for ch in candidate.key):
        return Pick(choice.table, choice.role, CELL, (cell_label(candidate.path[-1]),))
    letters = candidate.key.split("-")
    first, last = column_index(letters[0]), column_index(letters[-1])
    return Pick(choice.table, choice.role, COLUMN, header, (first - base, last - base))


def _others(grid: Grid, header: Header, table: str) -> list[Column]:
    """Header cells that play no role: what a clerk may pick for a role not found."""
    taken = {(c.first, c.last) for cs in header.candidates.values() for c in cs}
    out = []
    for cell in columns._cells(grid, header.rows):
        if (cell.first, cell.last) in taken:
            continue
        path = columns._path(columns._cells(grid, header.rows), cell)
        values = columns.sample(
            grid, Column("", cell.first, cell.last, path, LOOSE, cell.row), header.data, grid.last
        )
        out.append(
            Column(
                "", cell.first, cell.last, path, LOOSE, cell.row, tuple(values[:3]), "未识别的列"
            )
        )
    return out


def propose(
    grid: Grid, found: Analysis, family: str, layout: str, source: str = ""
) -> MappingProposal:
    """The proposal for one analysed sheet: every role of each table with its candidates."""
    choices: list[RoleChoice] = []
    rows: dict[str, tuple[int, ...]] = {}
    firsts: dict[str, int] = {}
    for table, header in found.headers.items():
        shape = CELL if (table == FUNDING and found.funding_shape == "cells") else COLUMN
        rows[table] = header.rows
        firsts[table] = min((c.first for c in columns._cells(grid, header.rows)), default=0)
        needed = set(NEEDED[table])
        spare = [] if shape == CELL else _others(grid, header, table)
        every_cell = [c for cs in header.candidates.values() for c in cs] if shape == CELL else []
        for role in ROLES_OF[table]:
            found_for = header.candidates.get(role.key, [])
            chosen = header.chosen.get(role.key)
            if chosen is None and role.key not in needed:
                continue
            ordered = ([chosen] if chosen else []) + [c for c in found_for if c is not chosen]
            ordered += [c for c in every_cell + spare if c not in ordered]
            cands = tuple(_candidate(replace(c, role=role.key), shape) for c in ordered)
            pick = None
            if chosen is not None:
                pick = replace(
                    _candidate(chosen, shape),
                    confidence=SURE if header.sure(role.key) else LOOSE_MATCH,
                )
            choices.append(
                RoleChoice(table, role.key, role_name(role.key), role.key in needed, pick, cands)
            )
    for table, role in NEEDED.items():
        if table == INDICATORS and table not in found.headers:
            choices += [RoleChoice(table, r, role_name(r), True, None) for r in role]
    return MappingProposal(
        source,
        grid.name,
        family,
        layout,
        signature(grid, found, family),
        rows,
        tuple(choices),
        found.funding_shape or "table",
        firsts,
    )


def signature(grid: Grid, found: Analysis, family: str) -> str:
    """The shape of a sheet: its family and the header texts of its tables (relative columns),
    the funding cells' labels where the block is a grid. Files of one shape share it."""
    parts: list[Any] = [family]
    for table, header in sorted(found.headers.items()):
        if table == FUNDING and found.funding_shape == "cells":
            labels = sorted(
                {cell_label(c.path[-1]) for cs in header.candidates.values() for c in cs}
            )
            parts.append([table, labels])
            continue
        cells = columns._cells(grid, header.rows)
        base = min((c.first for c in cells), default=0)
        parts.append(
            [table, [(c.first - base, c.last - base, c.level, norm(c.text)) for c in cells]]
        )
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


def ask(grid: Grid, layout: Layout, found: Analysis, log: Log) -> None:
    """Refuse the sheet with a proposal: the error says which roles are unsure and what to do."""
    proposal = propose(grid, found, layout.family, layout.key)
    log.proposals.append(proposal)
    log.error(CODE_NEEDS_MAPPING, proposal.message(), sheet=grid.name)


# ================================================================ reading with a mapping
def apply(grid: Grid, found: Analysis, mapping: ConfirmedMapping) -> Analysis | None:
    """The analysis with the mapping's columns and cells in place of the reader's choices (all
    sure); None when a column or cell the mapping names is not on this sheet."""
    headers = dict(found.headers)
    for pick in mapping.picks:
        header = headers.get(pick.table)
        if header is None:
            return None
        column = _locate(grid, header, pick, found)
        if column is None:
            return None
        header.chosen[pick.role] = column
        header.candidates[pick.role] = [column]
    return found


def _locate(grid: Grid, header: Header, pick: Pick, found: Analysis) -> Column | None:
    if pick.kind == CELL:
        pool = [c for cs in header.candidates.values() for c in cs]
        if pick.table == FUNDING and found.funding is not None:
            again = funding.find_cells(grid, header.rows[0], grid.last)
            pool += [c for cs in (again.candidates.values() if again else []) for c in cs]
        for column in pool:
            if cell_label(column.path[-1]) == pick.header[-1]:
                return replace(column, role=pick.role, tier=EXACT)
        return None
    cells = columns._cells(grid, header.rows)
    base = min((c.first for c in cells), default=0)
    first, last = base + pick.offset[0], base + pick.offset[1]
    for cell in cells:
        path = tuple(norm(t) for t in columns._path(cells, cell))
        if path[-1] == pick.header[-1] and cell.first <= first <= cell.last:
            raw_path = columns._path(cells, cell)
            return Column(pick.role, first, last, raw_path, EXACT, cell.row, why="已确认的对应")
    return None


def layout_of(mapping: ConfirmedMapping) -> Layout:
    """A confirmed mapping as a layout the dispatcher asks like any other."""
    return Layout(
        f"{KEY_PREFIX}{mapping.name}",
        mapping.family,
        f"已确认的对应「{mapping.name}」",
        _mapping_fit,
        _mapping_read,
        details={"mapping": mapping},
    )


def _mapping_fit(layout: Layout, grid: Grid) -> Fit:
    mapping: ConfirmedMapping = layout.details["mapping"]
    found = selfeval.analyse(grid)
    if found.kind != mapping.family or signature(grid, found, mapping.family) != mapping.signature:
        return Fit(layout, False, "表头与已确认的对应不同")
    applied = apply(grid, found, mapping)
    if applied is None:
        return Fit(layout, False, "已确认的对应中的列在本表中找不到")
    return Fit(layout, True, detail=applied)


def _mapping_read(grid: Grid, layout: Layout, log: Log, found: Analysis) -> FormRead:
    mapping: ConfirmedMapping = layout.details["mapping"]
    log.note(
        "mapping_used",
        f"工作表「{grid.name}」按已确认的对应「{mapping.name}」读取",
        sheet=grid.name,
    )

    def prepare(view: Grid, seen: Analysis) -> Analysis:
        return apply(view, seen, mapping) or seen

    return selfeval_read.read(grid, layout, log, found, prepare)


def proposals_for(grids: list[Grid], source: str = "") -> list[MappingProposal]:
    """A proposal for every sheet that is a 自评表 by its roles (sure or not)."""
    out = []
    for grid in grids:
        found = selfeval.cached(grid)
        if found.kind in (selfeval.FAMILY_PROJECT, selfeval.FAMILY_UNIT):
            key = "selfeval.project" if found.kind == selfeval.FAMILY_PROJECT else "selfeval.unit"
            out.append(propose(grid, found, found.kind, key, source))
    return out
