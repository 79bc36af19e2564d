"""Tables keyed by 科目编码 (one column `2150501` or 类 | 款 | 项, or side-by-side groups):
headers, rows, leaves, and the check that each class equals the sum of its leaves."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfeval.readers.accounts_layouts import (
    CODE_LABELS,
    CODE_PARTS,
    KIND_BASIC,
    KIND_EXPENDITURE,
    KIND_PROJECTS,
    KIND_SUMMARY,
    NAME_LABELS,
    TOTAL_MARKERS,
    AccountsLayout,
    at,
    cell_ref,
    ends_table,
    label,
    last_row,
    width,
)
from perfeval.readers.problems import Log
from perfeval.readers.sheets import Sheet
from perfeval.readers.values import as_text
from perfeval.schema import ITEM_PERSONNEL, ITEM_PUBLIC

Raw = Callable[[int, int | None, str], Decimal | None]
PERSONNEL_CLASSES = (
    "301",
    "303",
)  # 工资福利支出, 对个人和家庭的补助; every other class is 公用经费
TOTAL_LABELS = {"人员经费合计": ITEM_PERSONNEL, "公用经费合计": ITEM_PUBLIC}
_CODE_AND_NAME = re.compile(r"^(\d{3,})\s*(.*)$")
_HEADER_ROWS = 4  # a header spans at most this many rows


def rows_text(rows: list[int]) -> str:
    numbers = sorted(set(rows))
    if not numbers:
        return ""
    if len(numbers) > 3:
        return f"第{numbers[0]}–{numbers[-1]}行"
    return "第" + "、".join(str(n) for n in numbers) + "行"


# ================================================================ headers
def header_hint(layout: AccountsLayout) -> tuple[str, ...]:
    return {
        KIND_EXPENDITURE: ("基本支出", "项目支出"),
        KIND_BASIC: ("科目编码", "决算数"),
        KIND_SUMMARY: ("项目", "金额"),
        KIND_PROJECTS: ("项目名称", "本年支出合计"),
    }[layout.kind]


def _row_labels(sheet: Sheet, row: int) -> list[str]:
    return [label(at(sheet, row, c)) for c in range(width(sheet))]


def find_header(sheet: Sheet, layout: AccountsLayout, title_row: int) -> int | None:
    """The first row under the title that names the layout's key columns."""
    for row in range(title_row + 1, last_row(sheet) + 1):
        labels = _row_labels(sheet, row)
        if _is_header(layout, labels):
            return row
    return None


def _is_header(layout: AccountsLayout, labels: list[str]) -> bool:
    present = set(labels)
    if layout.kind == KIND_EXPENDITURE:
        return {"基本支出", "项目支出"} <= present
    if layout.kind == KIND_BASIC:
        has_code = bool(present & set(CODE_LABELS))
        amounts = layout.measures["amount"] + layout.measures["personnel"]
        return has_code and bool(present & set(amounts))
    if layout.kind == KIND_SUMMARY:
        return sum(t in layout.measures["amount"] for t in labels) >= 2
    return bool(present & set(layout.measures["item"]))


def _header_like(sheet: Sheet, row: int) -> bool:
    seen = False
    for c in range(width(sheet)):
        value = at(sheet, row, c)
        text = label(value)
        if not text:
            continue
        if text in ("栏次", *TOTAL_MARKERS) or text.isdigit() or isinstance(value, int | float):
            return False
        seen = True
    return seen


@dataclass
class Roles:
    """Where a coded table's columns are: code column(s), name column, amounts by role."""

    data: int  # first row under the header block
    code: list[int] | None
    name: int | None
    amounts: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # role → header label, for messages


def find_roles(sheet: Sheet, header: int, measures: dict[str, tuple[str, ...]]) -> Roles:
    """Columns named in the header block (header rows through merged cells, up to 4 rows)."""
    block = [header]
    while len(block) < _HEADER_ROWS and _header_like(sheet, block[-1] + 1):
        block.append(block[-1] + 1)
    columns = {c: {label(at(sheet, r, c)) for r in block} - {""} for c in range(width(sheet))}
    parts = [next((c for c, ls in columns.items() if part in ls), None) for part in CODE_PARTS]
    if all(p is not None for p in parts):
        code: list[int] | None = [p for p in parts if p is not None]
    else:
        first = next((c for c, ls in columns.items() if ls & set(CODE_LABELS)), None)
        code = [first] if first is not None else None
    taken = set(code or ())
    name = next((c for c, ls in columns.items() if ls & set(NAME_LABELS) and c not in taken), None)
    roles = Roles(block[-1] + 1, code, name if name is not None else (code or [None])[0])
    for role, aliases in measures.items():
        for alias in aliases:
            col = next((c for c, ls in columns.items() if alias in ls and c not in taken), None)
            if col is not None:
                roles.amounts[role], roles.labels[role] = col, alias
                taken.add(col)
                break
    return roles


def where(roles: Roles, role: str, total_row: int | None, rows: str) -> str:
    if role in roles.amounts and total_row is not None:
        return cell_ref(total_row, roles.amounts[role])
    return f"{rows}「{roles.labels.get(role, role)}」之和"


# ================================================================ coded rows
@dataclass
class CodedRow:
    row: int
    code: str
    name: str
    amounts: dict[str, Decimal | None]


@dataclass
class CodedTable:
    rows: list[CodedRow]
    total: CodedRow | None

    @property
    def leaves(self) -> list[CodedRow]:
        """The most detailed code on each branch: never a class and its children both."""
        codes = [r.code for r in self.rows]
        return [
            r for r in self.rows if not any(c != r.code and c.startswith(r.code) for c in codes)
        ]


def _code_text(value: Any, digits: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = label(value)
    if not text:
        return None
    return text.zfill(digits) if text.isdigit() else text


def _code(sheet: Sheet, row: int, roles: Roles, carry: list[str]) -> str | None:
    """The row's full code; 类 | 款 | 项 parts left blank carry over from the rows above."""
    assert roles.code is not None
    if len(roles.code) == 1:
        text = _code_text(at(sheet, row, roles.code[0]), 0)
        match = _CODE_AND_NAME.match(text or "")
        return match.group(1) if match else text
    parts = [_code_text(at(sheet, row, c), d) for c, d in zip(roles.code, (3, 2, 2), strict=True)]
    if not any(parts):
        return None
    if not all(p is None or p.isdigit() for p in parts):
        return "".join(p for p in parts if p)
    deepest = max(i for i, p in enumerate(parts) if p)
    for i, part in enumerate(parts):
        if part and (i >= len(carry) or carry[i] != part):
            del carry[i:]
            carry.append(part)
        elif part is None and i < deepest and i >= len(carry):
            return None  # a 款 or 项 without its 类 above: cannot place it
    del carry[deepest + 1 :]
    return "".join(carry)


def _name(sheet: Sheet, row: int, roles: Roles) -> str:
    text = as_text(at(sheet, row, roles.name)) if roles.name is not None else None
    match = _CODE_AND_NAME.match(text or "")
    if match and roles.code and roles.name == roles.code[0]:
        return match.group(2).strip()
    return (text or "").strip()


def read_coded(sheet: Sheet, roles: Roles, raw: Raw, log: Log) -> CodedTable | None:
    """Every row with a code under the header, the 合计 row apart; stops at notes/signatures."""
    rows: list[CodedRow] = []
    total: CodedRow | None = None
    carry: list[str] = []
    label_cols = [*(roles.code or ()), *([roles.name] if roles.name is not None else [])]
    for row in range(roles.data, last_row(sheet) + 1):
        if ends_table(sheet, row):
            break
        labels = {label(at(sheet, row, c)) for c in label_cols}
        if "栏次" in labels:
            continue
        amounts = {role: raw(row, col, roles.labels[role]) for role, col in roles.amounts.items()}
        if labels & set(TOTAL_MARKERS):
            total = CodedRow(row, "", "合计", amounts)
            continue
        code = _code(sheet, row, roles, carry)
        if code is None or not code.isdigit():
            if any(amounts.values()) and (code or labels - {""}):
                log.warning(
                    "no_code",
                    f"这一行没有可识别的科目编码（“{code or _name(sheet, row, roles)}”），未计入；"
                    "请填写功能分类科目编码",
                    sheet=sheet.name,
                    row=row,
                )
            continue
        rows.append(CodedRow(row, code, _name(sheet, row, roles), amounts))
    if not rows and total is None:
        log.error(
            "no_data",
            "表头下面没有科目行，也没有合计行；请上传从决算软件导出的完整表格",
            sheet=sheet.name,
            row=roles.data,
        )
        return None
    return CodedTable(rows, total)


def _num(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def check_tree(
    sheet: Sheet, table: CodedTable, roles: Roles, amounts: Any, log: Log
) -> dict[str, Decimal]:
    """Sums of the leaves by role (or the 合计 row when there are no leaves). Each class or 款
    row and the 合计 row are checked against the leaves under them: a difference is a warning."""
    leaves = table.leaves
    if not leaves:
        assert table.total is not None
        return {role: _num(v) for role, v in table.total.amounts.items()}
    sums = {
        role: sum((_num(r.amounts[role]) for r in leaves), Decimal(0)) for role in roles.amounts
    }
    parents = [r for r in table.rows if r not in leaves]
    for parent in parents:
        under = [r for r in leaves if r.code.startswith(parent.code)]
        for role in roles.amounts:
            _compare(
                sheet,
                log,
                parent.row,
                roles.labels[role],
                f"{parent.code} {parent.name}",
                _num(parent.amounts[role]),
                sum((_num(r.amounts[role]) for r in under), Decimal(0)),
                amounts.money,
                "其下各项",
            )
    if table.total is not None:
        for role in roles.amounts:
            _compare(
                sheet,
                log,
                table.total.row,
                roles.labels[role],
                "合计",
                _num(table.total.amounts[role]),
                sums[role],
                amounts.money,
                "各明细科目",
            )
    return sums


def _compare(
    sheet: Sheet,
    log: Log,
    row: int,
    column: str,
    what: str,
    stated: Decimal,
    summed: Decimal,
    money: str,
    parts: str,
) -> None:
    if stated == summed:
        return
    log.warning(
        "class_sum",
        f"{what}为{stated:,.2f}{money}，{parts}合计{summed:,.2f}{money}，相差"
        f"{abs(stated - summed):,.2f}{money}；已按最明细的科目计算，请核对",
        sheet=sheet.name,
        row=row,
        column=column,
    )


# ================================================================ side-by-side groups
@dataclass
class EconomicItem:
    row: int
    col: int
    code: str
    name: str
    value: Decimal


def read_groups(
    sheet: Sheet, header: int, amount_labels: tuple[str, ...], raw: Raw, log: Log
) -> tuple[list[EconomicItem], dict[str, tuple[int, int]]] | None:
    """The 基本支出 table's groups of 科目编码 | 科目名称 | 决算数, read group by group as one list
    (a class's items may continue in the next group), and the cells of 人员经费合计 and
    公用经费合计 (the first number right of the label, wherever it stands)."""
    labels = _row_labels(sheet, header)
    starts = [c for c, t in enumerate(labels) if t in CODE_LABELS]
    groups: list[tuple[int, int | None, int]] = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(labels)
        name = next((c for c in range(start + 1, end) if labels[c] in NAME_LABELS), None)
        amount = next((c for c in range(start + 1, end) if labels[c] in amount_labels), None)
        if amount is not None:
            groups.append((start, name, amount))
    if not groups:
        return None
    items: list[list[EconomicItem]] = [[] for _ in groups]
    totals: dict[str, tuple[int, int]] = {}
    for row in range(header + 1, last_row(sheet) + 1):
        if ends_table(sheet, row):
            break
        _find_totals(sheet, row, totals)
        for g, (code_col, name_col, amount_col) in enumerate(groups):
            code = _code_text(at(sheet, row, code_col), 0)
            if code is None or not code.isdigit():
                continue
            value = raw(row, amount_col, labels[amount_col])
            name = (as_text(at(sheet, row, name_col)) or "") if name_col is not None else ""
            items[g].append(EconomicItem(row, amount_col, code, name.strip(), _num(value)))
    return [item for group in items for item in group], totals


def _find_totals(sheet: Sheet, row: int, totals: dict[str, tuple[int, int]]) -> None:
    for col in range(width(sheet)):
        if (row, col) in sheet.merged:
            continue
        item = TOTAL_LABELS.get(label(sheet.value(row, col)))
        if item is None or item in totals:
            continue
        for right in range(col + 1, width(sheet)):
            if sheet.merged.get((row, right)) == (row, col):
                continue
            value = sheet.value(row, right)
            if value is not None and label(value) not in TOTAL_LABELS:
                totals[item] = (row, right)
                break


def check_economic(
    sheet: Sheet,
    items: list[EconomicItem],
    totals: dict[str, tuple[int, int]],
    amounts: Any,
    log: Log,
) -> dict[str, Decimal]:
    """人员经费 (301, 303) and 公用经费 (every other class) as sums of the leaf items; each class
    and each 经费合计 cell checked against them (a difference is a warning)."""
    codes = [i.code for i in items]
    leaves = [i for i in items if not any(c != i.code and c.startswith(i.code) for c in codes)]
    for parent in (i for i in items if i not in leaves):
        under = sum((i.value for i in leaves if i.code.startswith(parent.code)), Decimal(0))
        _compare(
            sheet, log, parent.row, "决算数", f"{parent.code} {parent.name}", parent.value, under,
            amounts.money, "其下各项",
        )  # fmt: skip
    sums = {ITEM_PERSONNEL: Decimal(0), ITEM_PUBLIC: Decimal(0)}
    for leaf in leaves:
        item = ITEM_PERSONNEL if leaf.code[:3] in PERSONNEL_CLASSES else ITEM_PUBLIC
        sums[item] += leaf.value
    for item, (row, col) in totals.items():
        stated = amounts.raw(row, col, f"{item}合计")
        _compare(
            sheet, log, row, f"{item}合计", f"{item}合计（{cell_ref(row, col)}）", _num(stated),
            sums[item], amounts.money, "各科目",
        )  # fmt: skip
    return sums
