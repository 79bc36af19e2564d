"""Tables in a report (.docx or PDF): each cell a paragraph; a bare number takes its unit from the
cell, else its column header (`预算数（万元）`), else the caption (`单位：万元`), and its words
from its row and column; a number whose unit is nowhere is reported 无法核对."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from perfeval.audit.reading import Paragraph
from perfeval.audit.words import QUALIFIERS

NO_UNIT = "?"  # a bare number in a table whose unit is nowhere: reported 无法核对

BARE = re.compile(r"^\s*[-−]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*$")
_HEADER_UNIT = re.compile(r"[（(]\s*(万元|亿元|元|%)\s*[)）]|单位\s*[:：]\s*(万元|亿元|元)")
# Columns whose numbers are changes or rates of the row: their sign and base are the row's, not
# checked here (a cell of such a column is reported only when it writes its own unit).
_CHANGE_COLUMN = re.compile(r"增减|变动|差额|增长|下降|比上年|同比|率|占比|比重|%")


def bare(text: str) -> bool:
    return bool(BARE.match(text))


def unit_of(header: str) -> str:
    """`预算数（万元）` → 万元; `单位：元` → 元; '' when it names no unit."""
    match = _HEADER_UNIT.search(header.replace(" ", ""))
    if not match:
        return ""
    return match.group(1) or match.group(2)


def _header_words(header: str) -> str:
    return _HEADER_UNIT.sub("", re.sub(r"\s+", "", header))


def _caption_qualifiers(caption: str) -> str:
    """Only the qualifier words of a caption narrow its rows (一般公共预算财政拨款支出决算表)."""
    return "".join(q.word for q in QUALIFIERS if q.word in caption and q.dimension != "period")


def table_paragraphs(
    rows: Sequence[Sequence[str]],
    caption: str,
    where: Callable[[int, int], str],
    repeats: frozenset[tuple[int, int]] = frozenset(),
) -> list[Paragraph]:
    """The cells of one table as paragraphs (`where(r, c)` locates them, 1-based); `repeats` are
    the places a merged cell repeats (their text heads a column but is read once)."""
    out: list[Paragraph] = []
    caption_unit = unit_of(caption)
    header: list[str] = []
    for r, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not header and cells and not any(bare(c) for c in cells if c):
            if len([c for c in cells if c]) == 1 and unit_of(cells[0]) and not header:
                caption_unit = caption_unit or unit_of(cells[0])  # a title row: 单位：万元
                continue
            header = cells
            for c, cell in enumerate(cells, start=1):
                if cell and (r, c) not in repeats:
                    out.append(Paragraph(where(r, c), cell))
            continue
        label = next((c for c in cells if c and not bare(c)), "")
        for c, cell in enumerate(cells, start=1):
            if not cell or (r, c) in repeats:
                continue
            if not bare(cell):
                out.append(Paragraph(where(r, c), cell))
                continue
            column = header[c - 1] if c - 1 < len(header) else ""
            if _CHANGE_COLUMN.search(_header_words(column)):
                continue
            unit = unit_of(column) or caption_unit
            context = f"{_caption_qualifiers(caption)}{label}{_header_words(column)}"
            out.append(Paragraph(where(r, c), cell, context=context, unit=unit or NO_UNIT))
    return out


def docx_table(table: object, number: int, caption: str) -> list[Paragraph]:
    """A python-docx table's cells, located 表N第R行第C列; merged cells read once."""
    rows, repeats, seen = [], set(), []
    for r, row in enumerate(table.rows, start=1):
        cells = []
        for c, cell in enumerate(row.cells, start=1):
            if any(cell._tc is s for s in seen):
                repeats.add((r, c))
            else:
                seen.append(cell._tc)
            cells.append(cell.text)
        rows.append(cells)
    return table_paragraphs(
        rows, caption, lambda r, c: f"表{number}第{r}行第{c}列", frozenset(repeats)
    )
