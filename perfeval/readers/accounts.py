"""The 部门决算 tables (支出决算表, 基本支出决算明细表, 收入支出决算总表, 项目支出决算表) read into
支出 and 收入 rows (全年执行数 only) with the figures they state, for combining with other forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from perfeval.readers import accounts_codes as codes
from perfeval.readers.accounts_layouts import (
    BASIC,
    BASIC_BY_FUNCTION,
    EXPENDITURE,
    KIND_BASIC,
    KIND_EXPENDITURE,
    KIND_PROJECTS,
    KIND_SUMMARY,
    MONEY_UNITS,
    PROJECTS,
    SUMMARY,
    AccountsLayout,
    TitleInfo,
    at,
    cell_ref,
    ends_table,
    label,
    last_row,
    read_title,
    split_unit_code,
    width,
)
from perfeval.readers.combine import (
    FIG_INCOME,
    FIG_PROJECT,
    FIG_TOTAL,
    RANK_FUNCTION,
    RANK_ITEMS,
    Claim,
    places_of,
)
from perfeval.readers.problems import Log
from perfeval.readers.sheets import Sheet
from perfeval.readers.values import NotNumber, as_text, parse_number, show
from perfeval.schema import (
    ACTUAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    FUND,
    FUND_GENERAL,
    FUND_GOV,
    FUND_SOE,
    INCOME,
    INCOME_ITEM,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    NOTE,
    ROW,
)

_ORDINAL = r"^(?:[一二三四五六七八九十]+[、.．]|\(?[一二三四五六七八九十\d]+\)|\d+[、.．])"
_FUNDS_BY_LABEL = (
    ("一般公共预算", FUND_GENERAL),
    ("政府性基金", FUND_GOV),
    ("国有资本经营", FUND_SOE),
)


@dataclass
class AccountsTable:
    """One 决算 table read: its title facts, rows in the workbook contract's columns, claims."""

    layout: AccountsLayout
    sheet: str
    title: TitleInfo
    spending: list[dict[str, Any]] = field(default_factory=list)
    income: list[dict[str, Any]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)

    def label(self) -> str:
        """What the upload preview says was recognised: 支出决算表（公开03表，金额单位：元）."""
        parts = [self.title.number] if self.title.number else []
        parts.append(f"金额单位：{self.title.money}")
        return f"{self.title.name or self.layout.name}（{'，'.join(parts)}）"


class _Amounts:
    """Amount cells of one table in one money unit, parsed exactly; errors name the cell."""

    def __init__(self, sheet: Sheet, money: str, log: Log) -> None:
        self.sheet, self.money, self.log = sheet, money, log
        self.factor = MONEY_UNITS[money]

    def raw(self, row: int, col: int | None, what: str) -> Decimal | None:
        """The amount as written (None when blank, `-` or `—`), or None and an error."""
        if col is None:
            return None
        value = at(self.sheet, row, col)
        text = as_text(value)
        if text is None or text.strip() in ("-", "—", "－", "——"):
            return None
        try:
            number, rest = parse_number(value)
        except NotNumber as exc:
            self.log.error(
                "not_a_number",
                f"{cell_ref(row, col)}：{exc}；请填写金额（可带千位分隔符，如 25,754,899.39）",
                sheet=self.sheet.name,
                row=row,
                column=what,
            )
            return None
        if rest and label(rest) != self.money:
            self.log.error(
                "bad_unit",
                f"{cell_ref(row, col)}：“{show(value)}” 的单位与表头的金额单位（{self.money}）不同",
                sheet=self.sheet.name,
                row=row,
                column=what,
            )
            return None
        return number

    def wan(self, value: Decimal) -> Decimal:
        return value * self.factor

    def claim(self, figure: str, value: Decimal, where: str) -> Claim:
        return Claim(
            figure,
            self.wan(value),
            f"{self.sheet.name} {where}",
            places_of(value, self.factor),
            f"{value:,.2f}{self.money}",
        )


# ================================================================ 支出决算表
def _expenditure(sheet: Sheet, header: int, amounts: _Amounts, log: Log) -> AccountsTable | None:
    roles = codes.find_roles(sheet, header, EXPENDITURE.measures)
    missing = [m for m in ("basic", "project") if m not in roles.amounts]
    if missing or roles.code is None:
        return None
    table = codes.read_coded(sheet, roles, amounts.raw, log)
    if table is None:
        return None
    result = AccountsTable(EXPENDITURE, sheet.name, TitleInfo())
    sums = codes.check_tree(sheet, table, roles, amounts, log)
    rows = [r.row for r in table.leaves] or ([table.total.row] if table.total else [])
    where_rows = codes.rows_text(rows)
    total_row = table.total.row if table.total else None
    anchor = total_row or (rows[0] if rows else None)
    basic = sums.get("basic", Decimal(0))
    if basic:
        result.spending.append(
            {
                ROW: anchor,
                FUND: FUND_GENERAL,
                CATEGORY: CAT_BASIC,
                ITEM: None,
                ACTUAL: amounts.wan(basic),
                NOTE: "支出决算表各功能分类科目基本支出之和",
            }
        )
    names = [r.name for r in table.leaves if r.amounts.get("project")]
    for leaf in table.leaves:
        value = leaf.amounts.get("project") or Decimal(0)
        if not value:
            continue
        item = leaf.name if names.count(leaf.name) == 1 else f"{leaf.name}（{leaf.code}）"
        result.spending.append(
            {
                ROW: leaf.row,
                FUND: FUND_GENERAL,
                CATEGORY: CAT_PROJECT,
                ITEM: item or leaf.code,
                ACTUAL: amounts.wan(value),
                NOTE: f"功能分类科目 {leaf.code}",
            }
        )
    project = sums.get("project", Decimal(0))
    for figure, role, value in ((CAT_BASIC, "basic", basic), (CAT_PROJECT, "project", project)):
        where = codes.where(roles, role, total_row, where_rows)
        result.claims.append(amounts.claim(figure, value, where))
    total = sums.get("total", basic + project)
    where = codes.where(roles, "total", total_row, where_rows)
    result.claims.append(amounts.claim(FIG_TOTAL, total, where))
    for role, name in (
        ("upper", "上缴上级支出"),
        ("business", "经营支出"),
        ("affiliates", "对附属单位补助支出"),
    ):
        if sums.get(role):
            log.warning(
                "other_spending",
                f"「{name}」共{sums[role]:,.2f}{amounts.money}，不属于基本支出或项目支出，未计入支出明细"
                "（本年支出合计仍按表中数字核对）",
                sheet=sheet.name,
                column=name,
            )
    result.ranks = {CAT_BASIC: 0, CAT_PROJECT: RANK_FUNCTION}
    return result


# ================================================================ 基本支出决算明细表
def _basic(sheet: Sheet, header: int, amounts: _Amounts, log: Log) -> AccountsTable | None:
    """Groups of 经济分类 codes (人员经费 = 301, 303), or — a variant seen in some provinces — rows
    of 功能分类 codes with 人员经费 and 公用经费 columns."""
    by_function = codes.find_roles(sheet, header, BASIC_BY_FUNCTION)
    if by_function.code is not None and {"personnel", "public"} <= by_function.amounts.keys():
        found = _basic_by_function(sheet, by_function, amounts, log)
    else:
        found = _basic_by_economy(sheet, header, amounts, log)
    if found is None:
        return None
    sums, cells, row = found
    result = AccountsTable(BASIC, sheet.name, TitleInfo())
    for item in (ITEM_PERSONNEL, ITEM_PUBLIC):
        result.spending.append(
            {
                ROW: row,
                FUND: FUND_GENERAL,
                CATEGORY: CAT_BASIC,
                ITEM: item,
                ACTUAL: amounts.wan(sums[item]),
                NOTE: f"基本支出决算表{item}",
            }
        )
        result.claims.append(amounts.claim(item, sums[item], cells.get(item, f"{item}各科目之和")))
    where = "+".join(cells[i] for i in (ITEM_PERSONNEL, ITEM_PUBLIC) if i in cells) or "各科目之和"
    basic = sums[ITEM_PERSONNEL] + sums[ITEM_PUBLIC]
    result.claims.append(amounts.claim(CAT_BASIC, basic, where))
    result.ranks = {CAT_BASIC: RANK_ITEMS}
    return result


Sums = tuple[dict[str, Decimal], dict[str, str], int | None]


def _basic_by_economy(sheet: Sheet, header: int, amounts: _Amounts, log: Log) -> Sums | None:
    found = codes.read_groups(sheet, header, BASIC.measures["amount"], amounts.raw, log)
    if found is None:
        return None
    items, totals = found
    foreign = [i for i in items if not i.code.startswith("3")]
    if foreign:
        first = foreign[0]
        log.error(
            "not_economic_codes",
            f"{cell_ref(first.row, first.col)}：“{first.code}”不是支出经济分类科目编码（应以3开头，"
            "如301、30101）；分不出人员经费和公用经费，未读取。请上传按经济分类列示的基本支出决算表",
            sheet=sheet.name,
            row=first.row,
        )
        return None
    sums = codes.check_economic(sheet, items, totals, amounts, log)
    cells = {item: cell_ref(*where) for item, where in totals.items()}
    rows = [where[0] for where in totals.values()]
    return sums, cells, rows[0] if rows else None


def _basic_by_function(
    sheet: Sheet, roles: codes.Roles, amounts: _Amounts, log: Log
) -> Sums | None:
    table = codes.read_coded(sheet, roles, amounts.raw, log)
    if table is None:
        return None
    found = codes.check_tree(sheet, table, roles, amounts, log)
    sums = {ITEM_PERSONNEL: found["personnel"], ITEM_PUBLIC: found["public"]}
    total = table.total.row if table.total else None
    cells = {}
    if total is not None:
        cells = {
            ITEM_PERSONNEL: cell_ref(total, roles.amounts["personnel"]),
            ITEM_PUBLIC: cell_ref(total, roles.amounts["public"]),
        }
    first = table.leaves[0].row if table.leaves else None
    return sums, cells, total or first


# ================================================================ 收入支出决算总表
def _summary(sheet: Sheet, header: int, amounts: _Amounts, log: Log) -> AccountsTable | None:
    measures = SUMMARY.measures
    cols = [c for c in range(width(sheet)) if label(at(sheet, header, c)) in measures["amount"]]
    items = [c for c in range(width(sheet)) if label(at(sheet, header, c)) in measures["item"]]
    if len(cols) < 2 or len(items) < 2:
        return None
    (income_label, spend_label), (income_col, spend_col) = items[:2], cols[:2]
    result = AccountsTable(SUMMARY, sheet.name, TitleInfo())
    lines: list[tuple[int, str, Decimal]] = []
    income_total: tuple[int, Decimal] | None = None
    spent: list[tuple[int, str, Decimal]] = []  # the 支出 half's lines above its 本年支出合计
    spent_total = False
    for row in range(header + 1, last_row(sheet) + 1):
        if ends_table(sheet, row):
            break
        left = label(at(sheet, row, income_label))
        if left == "栏次" or not left:
            pass
        elif left in measures["income_total"] and income_total is None:
            value = amounts.raw(row, income_col, "金额")
            income_total = (row, value if value is not None else Decimal(0))
        elif income_total is None:
            value = amounts.raw(row, income_col, "金额")
            if value:
                lines.append(
                    (row, _strip_ordinal(as_text(at(sheet, row, income_label)) or ""), value)
                )
        right = label(at(sheet, row, spend_label))
        if right in measures["spending_total"]:
            value = amounts.raw(row, spend_col, "金额")
            if value is not None:
                where = cell_ref(row, spend_col)
                result.claims.append(amounts.claim(FIG_TOTAL, value, where))
                spent_total = True
        elif right and right != "栏次" and not spent_total:
            value = amounts.raw(row, spend_col, "金额")
            spent.append((row, as_text(at(sheet, row, spend_label)) or "", value or Decimal(0)))
    for row, item, value in lines:
        fund = next((f for key, f in _FUNDS_BY_LABEL if key in item), None)
        result.income.append({ROW: row, FUND: fund, INCOME_ITEM: item, INCOME: amounts.wan(value)})
    summed = sum((v for _, _, v in lines), Decimal(0))
    if income_total is not None:
        row, stated = income_total
        if stated != summed:
            log.warning(
                "total_mismatch",
                f"本年收入合计为{stated:,.2f}{amounts.money}，各收入项目合计{summed:,.2f}"
                f"{amounts.money}，不一致；已按各收入项目计算",
                sheet=sheet.name,
                row=row,
                column="金额",
            )
        result.claims.append(amounts.claim(FIG_INCOME, summed, cell_ref(row, income_col)))
    if not spent_total and spent:
        _cut_off(sheet, header, spend_label, spent, amounts, log, result)
    return result


def _cut_off(
    sheet: Sheet,
    header: int,
    item_col: int,
    spent: list[tuple[int, str, Decimal]],
    amounts: _Amounts,
    log: Log,
    result: AccountsTable,
) -> None:
    """A 支出 half cut off before its 本年支出合计 (a page copied short): read, and said so — the
    figure is the sum of the lines present."""
    summed = sum((v for _, _, v in spent), Decimal(0))
    last_row_, last_item, _ = spent[-1]
    line_col = next(
        (c for c in range(item_col + 1, width(sheet)) if label(at(sheet, header, c)) == "行次"),
        None,
    )
    number = as_text(at(sheet, last_row_, line_col)) if line_col is not None else None
    where = f"行次{number}" if number else f"第{last_row_}行"
    rows = f"第{spent[0][0]}–{last_row_}行"
    log.warning(
        "totals_missing",
        f"支出决算：未见本年支出合计、总计（表在{where}「{last_item.strip()}」处截止），显示的是已列各行之和"
        f"{summed:,.2f}{amounts.money}（{format(amounts.wan(summed).normalize(), 'f')}万元）；"
        "请核对表格是否完整",
        sheet=sheet.name,
        row=last_row_,
        column="金额",
    )
    result.claims.append(amounts.claim(FIG_TOTAL, summed, f"{rows}之和"))


def _strip_ordinal(text: str) -> str:
    import re

    return re.sub(_ORDINAL, "", text.strip()).strip()


# ================================================================ 项目支出决算表
def _projects(sheet: Sheet, header: int, amounts: _Amounts, log: Log) -> AccountsTable | None:
    measures = PROJECTS.measures
    labels = {c: label(at(sheet, header, c)) for c in range(width(sheet))}
    name_col = next((c for c, t in labels.items() if t in measures["item"]), None)
    amount_col = next(
        (c for alias in measures["amount"] for c, t in labels.items() if t == alias), None
    )
    if name_col is None or amount_col is None:
        return None
    column = labels[amount_col]
    result = AccountsTable(PROJECTS, sheet.name, TitleInfo())
    total: tuple[int, Decimal] | None = None
    summed = Decimal(0)
    for row in range(header + 1, last_row(sheet) + 1):
        if ends_table(sheet, row):
            break
        text = as_text(at(sheet, row, name_col))
        value = amounts.raw(row, amount_col, column)
        if text is None or label(text) == "栏次":
            continue
        if label(text) in ("合计", "总计"):
            total = (row, value or Decimal(0))
            continue
        if not value:
            continue
        name, code = split_unit_code(text)
        summed += value
        result.spending.append(
            {
                ROW: row,
                FUND: FUND_GENERAL,
                CATEGORY: CAT_PROJECT,
                ITEM: name,
                ACTUAL: amounts.wan(value),
                NOTE: f"项目编码 {code}" if code else None,
            }
        )
        result.claims.append(amounts.claim(FIG_PROJECT + name, value, cell_ref(row, amount_col)))
    where = cell_ref(total[0], amount_col) if total else "各项目之和"
    if total is not None and total[1] != summed:
        log.warning(
            "total_mismatch",
            f"合计为{total[1]:,.2f}{amounts.money}，各项目合计{summed:,.2f}{amounts.money}，"
            "不一致；已按各项目计算",
            sheet=sheet.name,
            row=total[0],
            column=column,
        )
    result.claims.append(amounts.claim(CAT_PROJECT, summed, where))
    result.ranks = {CAT_PROJECT: RANK_ITEMS}
    return result


# ================================================================ one sheet
_HEADERS: dict[str, Callable[[Sheet, int], int | None]] = {}
_READERS = {
    KIND_EXPENDITURE: _expenditure,
    KIND_BASIC: _basic,
    KIND_SUMMARY: _summary,
    KIND_PROJECTS: _projects,
}


def read_table(
    sheet: Sheet, layout: AccountsLayout, title_row: int, name: str, log: Log
) -> AccountsTable | None:
    """One recognised 决算 sheet; None (and an error saying what was missing) when it cannot be
    read. The money unit must be stated above the header: 决算 tables are usually in 元."""
    header = codes.find_header(sheet, layout, title_row)
    if header is None:
        wanted = "」「".join(codes.header_hint(layout))
        log.error(
            "header_not_found",
            f"识别为「{layout.name}」，但未找到「{wanted}」表头；请保留导出时的表头后重新上传",
            sheet=sheet.name,
        )
        return None
    title = read_title(sheet, sheet.first_row, header)
    if title.money is None:
        log.error(
            "no_money_unit",
            f"「{layout.name}」没有注明金额单位：请在表头上方写明“金额单位：元”或“金额单位：万元”"
            "后重新上传（决算表通常以元为单位，不能猜测）",
            sheet=sheet.name,
            row=header,
        )
        return None
    amounts = _Amounts(sheet, title.money, log)
    before = len(log.problems)
    table = _READERS[layout.kind](sheet, header, amounts, log)
    if table is None:
        wanted = "」「".join(codes.header_hint(layout))
        log.error(
            "header_not_found",
            f"识别为「{layout.name}」，但第{header}行的表头缺少「{wanted}」列；请保留导出时的表头后重新上传",
            sheet=sheet.name,
            row=header,
        )
        return None
    if any(p.level == "error" for p in log.problems[before:]):
        return None
    title.name = name
    table.title = title
    return table
