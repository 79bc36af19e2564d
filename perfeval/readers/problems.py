"""Problems as the readers collect them: level, code, Chinese message, sheet, row and column.
Every reader writes into one Log; the entry point returns its problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from perfeval.schema import (
    Problem,
)


@dataclass
class Log:
    problems: list[Problem] = field(default_factory=list)
    # mapping proposals of sheets whose columns could not be told with confidence (readers/mapping.py)
    proposals: list[Any] = field(default_factory=list)

    def add(
        self,
        level: str,
        code: str,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.problems.append(Problem(level, message, sheet, row, column, code))  # type: ignore[arg-type]

    def error(self, code: str, message: str, sheet=None, row=None, column=None) -> None:
        self.add("error", code, message, sheet, row, column)

    def warning(self, code: str, message: str, sheet=None, row=None, column=None) -> None:
        self.add("warning", code, message, sheet, row, column)

    def note(self, code: str, message: str, sheet=None, row=None, column=None) -> None:
        self.add("note", code, message, sheet, row, column)
