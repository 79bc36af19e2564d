"""Cell access for forms laid out by labels: merged ranges filled, labels found by exact match
after normalising, the value right of a label, header rows found by their column aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from perfeval.readers.labels import Label, Table, label, split_label_value, title_text
from perfeval.readers.sheets import Sheet, column_letters
from perfeval.readers.values import as_text, percent_of
from perfeval.readers.vocab import year_in

TITLE_ROWS = 6  # rows searched for a title and the year, above the first label of the form
_BLANKS = frozenset({"/", "-", "—", "--", "——", "－", "\\", "无"})


@dataclass(frozen=True)
class HeaderHit:
    """A header row found: canonical column → (first, last) column index it spans."""

    row: int
    spans: dict[str, tuple[int, int]]

    def col(self, name: str) -> int | None:
        span = self.spans.get(name)
        return None if span is None else span[0]


class Grid:
    """One sheet of a form: Excel rows and column indices, merged cells read as their origin."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.name = sheet.name
        self.first = sheet.first_row
        self.last = sheet.first_row + len(sheet.rows) - 1
        self.width = max((len(r) for r in sheet.rows), default=0)
        self._labels: set[str] | None = None
        self._rows: dict[int, list[tuple[int, str]]] = {}

    def view(self, start: int, end: int) -> Grid:
        """The same sheet seen from row `start` to row `end` only (one form of several)."""
        part = Grid(self.sheet)
        part.first, part.last = max(start, self.first), min(end, self.last)
        part._rows = self._rows  # the same cells: share what was already read
        return part

    # ---------------------------------------------------------------- cells
    def origin(self, row: int, col: int) -> tuple[int, int]:
        return self.sheet.merged.get((row, col), (row, col))

    def span_of(self, row: int, col: int) -> tuple[int, int]:
        """The first and last column of the (merged) cell at (row, col), in this row."""
        own = self.origin(row, col)
        first = last = col
        while first - 1 >= 0 and self.origin(row, first - 1) == own:
            first -= 1
        while last + 1 < self.width and self.origin(row, last + 1) == own:
            last += 1
        return first, last

    def is_origin(self, row: int, col: int) -> bool:
        return (row, col) not in self.sheet.merged

    def raw(self, row: int, col: int) -> Any:
        """The value shown in the cell: a merged range's value in every cell of it."""
        return self.sheet.value(*self.origin(row, col))

    def text(self, row: int, col: int) -> str | None:
        value = self.raw(row, col)
        text = as_text(value)
        if text is None or text.strip() in _BLANKS:
            return None
        return text.strip()

    def percent(self, row: int, col: int) -> Any:
        """A number shown with a percentage format, as typed (0.952 → 95.2); else None."""
        key = self.origin(row, col)
        value = self.sheet.value(*key)
        if key in self.sheet.percent and isinstance(value, int | float) and value == value:
            return percent_of(value)
        return None

    def formula(self, row: int, col: int) -> str | None:
        return self.sheet.formulas.get(self.origin(row, col))

    def ref(self, row: int, col: int) -> str:
        return f"{column_letters(col)}{row}"

    def rows(self, start: int | None = None, end: int | None = None) -> range:
        return range(
            self.first if start is None else start, (self.last if end is None else end) + 1
        )

    def row_texts(self, row: int) -> list[tuple[int, str]]:
        """(column, text) of the row's non-blank cells, each merged range once (at its origin
        column, or at its first column in this row when it is merged down from above)."""
        cached = self._rows.get(row)
        if cached is None:
            cached = self._rows[row] = self.texts_between(row, 0, self.width - 1)
        return cached

    def texts_between(self, row: int, first: int, last: int) -> list[tuple[int, str]]:
        """(column, text) of the non-blank cells from column `first` to `last` (inclusive),
        each merged range once, at the first of its columns met in this row."""
        out: list[tuple[int, str]] = []
        seen: set[tuple[int, int]] = set()
        for col in range(first, last + 1):
            key = self.origin(row, col)
            if key in seen:
                continue
            seen.add(key)
            text = self.text(row, col)
            if text is not None:
                out.append((col, text))
        return out

    def label_at(self, row: int, col: int) -> Label:
        return label(self.text(row, col))

    # ---------------------------------------------------------------- labels
    def labels(self) -> set[str]:
        """Every label of the sheet, normalised: whole cells and the label part of `标签：值`."""
        if self._labels is None:
            found: set[str] = set()
            for row in self.rows():
                for _, text in self.row_texts(row):
                    found.add(label(text).text)
                    split = split_label_value(text)
                    if split:
                        found.add(label(split[0]).text)
            self._labels = found
        return self._labels

    def find(self, aliases: tuple[str, ...], start: int | None = None) -> list[tuple[int, int]]:
        """Cells (row, column) whose label, or the label part of `标签：值`, is one of `aliases`."""
        hits = []
        for row in self.rows(start):
            for col, text in self.row_texts(row):
                if label(text).text in aliases:
                    hits.append((row, col))
                    continue
                split = split_label_value(text)
                if split and label(split[0]).text in aliases:
                    hits.append((row, col))
        return hits

    def field(self, aliases: tuple[str, ...]) -> tuple[str, str] | None:
        """(value, cell) of the first field labelled with one of `aliases`: the value after the
        label's colon in the same cell, else the first cell to its right."""
        for row, col in self.find(aliases):
            text = self.text(row, col) or ""
            split = split_label_value(text)
            if split and label(split[0]).text in aliases:
                return split[1], self.ref(row, col)
            found = self.right_of(row, col)
            if found is not None:
                value, at = found
                if label(value).text not in aliases:
                    return value, self.ref(row, at)
        return None

    def right_of(self, row: int, col: int) -> tuple[str, int] | None:
        """The first non-blank text right of (row, col) outside its merged range."""
        own = self.origin(row, col)
        for c in range(col + 1, self.width):
            if self.origin(row, c) == own:
                continue
            text = self.text(row, c)
            if text is not None:
                return text, c
        return None

    # ---------------------------------------------------------------- title rows
    def title_rows(self) -> range:
        return self.rows(self.first, min(self.last, self.first + TITLE_ROWS - 1))

    def title_texts(self) -> list[str]:
        return [title_text(text) for row in self.title_rows() for _, text in self.row_texts(row)]

    def year(self) -> tuple[int, str] | None:
        """The year written in the title rows (`（2024年度）`, `2024年度`, `2024年`) and its cell;
        never from below the title (a 填报日期 in a signature line is not the year)."""
        for row in self.title_rows():
            for col, text in self.row_texts(row):
                found = year_in(text)
                if found is not None:
                    return found, self.ref(row, col)
        return None

    # ---------------------------------------------------------------- header rows
    def _header_row(self, row: int, table: Table) -> dict[str, tuple[int, int]]:
        spans: dict[str, tuple[int, int]] = {}
        wanted = {**table.required, **table.optional}
        for col, text in self.row_texts(row):
            name = label(text).text
            for canonical, aliases in wanted.items():
                if canonical not in spans and name in aliases:
                    last = col
                    while last + 1 < self.width and self.origin(row, last + 1) == self.origin(
                        row, col
                    ):
                        last += 1
                    spans[canonical] = (col, last)
                    break
        return spans

    def find_header(self, table: Table, start: int | None = None) -> HeaderHit | None:
        """The first row holding every required column of `table` (aliases matched exactly)."""
        for row in self.rows(start):
            spans = self._header_row(row, table)
            if all(name in spans for name in table.required):
                return HeaderHit(row, spans)
        return None

    def header_miss(self, table: Table) -> str:
        """Why `find_header` found nothing: the closest row and its missing columns."""
        best: tuple[int, int, dict[str, tuple[int, int]]] | None = None
        for row in self.rows():
            spans = self._header_row(row, table)
            found = sum(1 for name in table.required if name in spans)
            if found and (best is None or found > best[0]):
                best = (found, row, spans)
        if best is None or best[0] < 2:
            return f"未找到「{table.what}」表头"
        missing = [name for name in table.required if name not in best[2]]
        wanted = "」「".join(table.required[name][0] for name in missing)
        return f"「{table.what}」表头（第{best[1]}行）缺少「{wanted}」列"
