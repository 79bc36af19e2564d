"""The one dispatcher: a workbook is asked of every registered layout (the template by its sheet
names; each sheet of every other family — 自评表, 决算 tables, refused shapes, layouts a clerk
confirmed), two layouts that fit one sheet are refused naming both (across families too), and a
file that fits nothing gets one message: what it looks like, what is missing, what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from perfeval.readers import accounts_book, contract, families, forms, layouts, mapping
from perfeval.readers.combine import KIND_FORM, KIND_TEMPLATE, Part
from perfeval.readers.grid import Grid
from perfeval.readers.layouts import BOOK, SHEET, Fit
from perfeval.readers.problems import Log
from perfeval.readers.safezip import OpenBook, sheet_xml_paths
from perfeval.readers.sheets import hidden_sheets, load_sheet, percent_styles
from perfeval.schema import SHEET_SPENDING, ReadResult

CODE_NOT_RECOGNISED = forms.CODE_NOT_RECOGNISED
CODE_TWO_LAYOUTS = forms.CODE_TWO_LAYOUTS
CODE_REFUSED_SHAPE = "refused_shape"  # a 绩效目标表, a 自评问卷, a 评分标准 table
WAY_OUT = (
    "如果这是一张自评表，请在上传页面的「对应表头」一步为缺少的各项指定所在的列"
    "（命令行：python -m perfeval check 文件 --mapping-out 对应.toml，核对后 layouts add 对应.toml）"
)


def read_book(
    opened: OpenBook,
    source: str,
    log: Log,
    unit: str | None = None,
    year: int | None = None,
    mappings: Sequence[mapping.ConfirmedMapping] = (),
) -> ReadResult:
    names = {name.strip() for name in opened.book.sheet_names}
    for layout in layouts.registered(BOOK):
        if layout.fits(names).fits:
            workbook = contract.read_book(opened.book, opened.entries, log)
            seen = (
                [f"perfeval 模板工作簿（{workbook.year}年度，{workbook.unit}）"] if workbook else []
            )
            return with_part(ReadResult(source, workbook, log.problems, seen), KIND_TEMPLATE)
    grids = _grids(opened, log)
    if grids is None:
        return ReadResult(source, None, log.problems)
    extra = [mapping.layout_of(m) for m in mappings]
    recognised, tried = recognise(grids, log, extra)
    if recognised is None:
        return _refused(source, log)
    readable = [(g, f) for g, f in recognised if not f.layout.refuses]
    refusing = [(g, f) for g, f in recognised if f.layout.refuses]
    if not readable:
        if refusing:
            grid, fit = refusing[0]
            log.error(CODE_REFUSED_SHAPE, f"工作表「{grid.name}」{fit.why}", sheet=grid.name)
        else:
            not_recognised(tried, log)
        return _refused(source, log)
    for grid, fit in refusing:
        log.note(CODE_REFUSED_SHAPE, f"工作表「{grid.name}」{fit.why}，已忽略", sheet=grid.name)
    accounts = [(g, f) for g, f in readable if f.layout.family == families.ACCOUNTS]
    others = [(g, f) for g, f in readable if f.layout.family != families.ACCOUNTS]
    if accounts:
        return accounts_book.read_recognised(accounts, others, source, log, tried, unit, year)
    for name in tried:
        log.note("unknown_sheet", f"工作表「{name}」不是已知的表格，已忽略", sheet=name)
    workbook, seen = forms.read_recognised(others, log, unit, year)
    if log.proposals:
        return _refused(source, log, seen)
    return with_part(ReadResult(source, workbook, log.problems, seen), KIND_FORM)


def _refused(source: str, log: Log, seen: list[str] | None = None) -> ReadResult:
    result = ReadResult(source, None, log.problems, seen or [])
    result.proposals = list(log.proposals)
    return result


def with_part(result: ReadResult, kind: str) -> ReadResult:
    """The file as one Part stating the sums of its lines, to combine it with other files of
    its unit-year (the 决算 tables state theirs cell by cell: readers/accounts_book.py)."""
    if result.workbook is not None:
        sheet = SHEET_SPENDING if kind == KIND_TEMPLATE else ""
        label = "、".join(result.recognised)
        result.parts = [Part(result.source, label, result.workbook, kind=kind, sheet=sheet)]
    return result


def _grids(opened: OpenBook, log: Log) -> list[Grid] | None:
    """The visible, non-empty sheets; None when one must not be read (the error says why)."""
    hidden = hidden_sheets(opened.book)
    paths = sheet_xml_paths(opened.entries)
    styles = percent_styles(opened.entries)
    out = []
    for actual in opened.book.sheet_names:
        if actual in hidden:
            continue
        name = actual.strip()
        sheet = load_sheet(opened.book, opened.entries, paths, name, actual, log, styles)
        if sheet is None:
            return None
        if not sheet.is_empty():
            out.append(Grid(sheet))
    return out


def recognise(
    grids: list[Grid], log: Log, extra: Sequence[layouts.Layout] = ()
) -> tuple[list[tuple[Grid, Fit]] | None, dict[str, list[Fit]]]:
    """Each sheet's one fitting layout; the sheets that fit none with every layout's answer.
    None (and an error) when a sheet fits two layouts. A layout a clerk confirmed for this
    shape stands in for its family's own reading of it."""
    recognised: list[tuple[Grid, Fit]] = []
    tried: dict[str, list[Fit]] = {}
    candidates = (*layouts.registered(SHEET), *extra)
    for grid in grids:
        fits = layouts.recognise(grid, candidates)
        fitting = [f for f in fits if f.fits]
        confirmed = [f for f in fitting if f.layout.key.startswith(mapping.KEY_PREFIX)]
        if confirmed:
            families_confirmed = {f.layout.family for f in confirmed}
            fitting = confirmed + [
                f
                for f in fitting
                if f not in confirmed and f.layout.family not in families_confirmed
            ]
        if len(fitting) > 1:
            both = "、".join(f.layout.name for f in fitting)
            log.error(
                CODE_TWO_LAYOUTS,
                f"工作表同时符合 {both} 两种格式，无法确定按哪一种读取；"
                "请删除多余的内容或把表格分到不同的工作表",
                sheet=grid.name,
            )
            return None, tried
        if fitting:
            recognised.append((grid, fitting[0]))
        else:
            tried[grid.name] = fits
    return recognised, tried


def not_recognised(tried: dict[str, list[Fit]], log: Log) -> None:
    """One message for a file that fits nothing: what its first sheet looks like, which roles
    are missing, which layouts were tried, and the way out."""
    if not tried:
        log.error(CODE_NOT_RECOGNISED, "文件中没有可读取的工作表（都是空的或隐藏的），请检查文件")
        return
    name, fits = next(iter(tried.items()))
    looks = [f for f in fits if f.looks]
    known = "、".join(layouts.families())
    head = f"无法识别的文件：不是 perfeval 模板（缺少工作表「基本信息」「支出」），也不是已知的表格（{known}）。"
    if looks:
        why = looks[0].why
        message = f"{head}工作表「{name}」{why}。{WAY_OUT}"
    else:
        titled = [f for f in fits if f.why]
        tried_text = "；".join(dict.fromkeys(f"{f.layout.name}：{f.why}" for f in titled[:4]))
        message = f"{head}工作表「{name}」已尝试 {tried_text}。请上传按模板填写的工作簿或原样导出的自评表、决算表"
    log.error(CODE_NOT_RECOGNISED, message, sheet=name)


def read_recognised_forms(found: list[tuple[Grid, Fit]], log: Log) -> list[Any]:
    return [layouts.read_as(fit, grid, log) for grid, fit in found]
