"""Running a labelled corpus through the audit and counting: false alarms, planted errors found,
应为 right. Used by tests/test_audit_real.py and scripts/audit_counts.py (the one command).

The real corpus (tests/audit_real.py) is read through this contract:
  PASSAGES: each with `text`, `unit`, `year` and its data as `workbook` (a schema.Workbook, a
            {year: Workbook} history, or .xlsx bytes / a path), or `facts` (an audit.Facts);
            `figures`: each with `figure` (as written), `label` (true / wrong / unchecked, or
            一致 / 不一致 / 无法核对), `expected` (the 应为 of a wrong one), optional `occurrence`
            (0-based, for a figure written twice);
  PLANTS:   each with `passage` (index), `old`, `new` (the text changed once), `figure` (the
            planted figure as written) and `expected` (its 应为, '' when none is right).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from perfeval import audit, pipeline
from perfeval.readers import read_path, read_workbook

TRUE, WRONG, UNCHECKED = "true", "wrong", "unchecked"
_LABELS = {"一致": TRUE, "不一致": WRONG, "无法核对": UNCHECKED, "not checkable": UNCHECKED}


def label_of(value: str) -> str:
    return _LABELS.get(value, value)


def facts_of(passage) -> audit.Facts:
    """The passage's own data as the audit's facts."""
    given = getattr(passage, "facts", None)
    if given is not None:
        return given() if callable(given) else given
    book = getattr(passage, "workbook", None)
    if book is None:
        return audit.text_facts(getattr(passage, "unit", ""), getattr(passage, "year", None))
    if callable(book):
        book = book()
    if isinstance(book, (bytes, str, Path)):
        result = read_workbook(book, "passage.xlsx") if isinstance(book, bytes) else read_path(book)
        assert result.ok, result.problems
        book = result.workbook
    history = book if isinstance(book, dict) else {book.year: book}
    return audit.facts_from_model(pipeline.model_for(history, getattr(passage, "year", None)))


def rows_of(text: str, facts: audit.Facts) -> list[audit.Row]:
    paragraphs = [audit.Paragraph(f"第{i}段", p) for i, p in enumerate(text.split("\n"), start=1)]
    return audit.audit([p for p in paragraphs if p.text.strip()], facts)


def find(rows: list[audit.Row], figure: str, occurrence: int = 0) -> audit.Row | None:
    same = [r for r in rows if r.figure == figure.strip()]
    return same[occurrence] if occurrence < len(same) else None


@dataclass
class Counts:
    passages: int = 0
    true_figures: int = 0
    false_alarms: list[str] = field(default_factory=list)
    wrong_figures: int = 0
    wrong_found: list[str] = field(default_factory=list)
    unchecked_figures: int = 0
    plants: int = 0
    plants_found: list[str] = field(default_factory=list)
    expected_total: int = 0
    expected_right: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)  # every label the audit does not meet

    def lines(self, name: str) -> list[str]:
        return [
            f"{name}: {self.passages} passages",
            f"  false alarms: {len(self.false_alarms)} / {self.true_figures} true figures",
            f"  real errors found: {len(self.wrong_found)} / {self.wrong_figures}",
            f"  planted errors found: {len(self.plants_found)} / {self.plants}",
            f"  应为 right: {len(self.expected_right)} / {self.expected_total}",
            f"  labels not met: {len(self.disagreements)}",
            *(f"    {d}" for d in self.disagreements),
        ]


def count(passages: Iterable, plants: Iterable) -> Counts:
    """Every label and every plant checked; each miss named in `disagreements`."""
    passages = list(passages)
    out = Counts(passages=len(passages))
    for index, passage in enumerate(passages):
        facts = facts_of(passage)
        rows = rows_of(passage.text, facts)
        for item in passage.figures:
            label = label_of(item.label)
            row = find(rows, item.figure, getattr(item, "occurrence", 0))
            where = f"passage {index} {item.figure}"
            verdict = row.verdict if row else "（未报告）"
            if label == TRUE:
                out.true_figures += 1
                if row is not None and row.flagged:
                    out.false_alarms.append(where)
                    out.disagreements.append(f"{where}: true, audit says {verdict}: {row.basis}")
            elif label == WRONG:
                out.wrong_figures += 1
                if row is not None and row.flagged:
                    out.wrong_found.append(where)
                    _expected(out, where, row, getattr(item, "expected", ""))
                else:
                    out.disagreements.append(f"{where}: wrong, audit says {verdict}")
            else:
                out.unchecked_figures += 1
                if row is not None and row.flagged:
                    out.false_alarms.append(where)
                    out.disagreements.append(f"{where}: not checkable, audit says {verdict}")
    for plant in plants:
        passage = passages[plant.passage]
        out.plants += 1
        where = f"plant {plant.passage} {plant.old} → {plant.new}"
        if passage.text.count(plant.old) != 1:
            out.disagreements.append(f"{where}: the text to change is not there exactly once")
            continue
        rows = rows_of(passage.text.replace(plant.old, plant.new), facts_of(passage))
        figure = getattr(plant, "figure", None) or plant.flagged
        hits = [r for r in rows if r.figure == figure.strip() and r.flagged]
        if hits:
            out.plants_found.append(where)
            _expected(out, where, hits[0], getattr(plant, "expected", None))
        else:
            out.disagreements.append(f"{where}: {figure} not flagged")
    return out


def _expected(out: Counts, where: str, row: audit.Row, expected: str | None) -> None:
    if expected is None:
        return
    out.expected_total += 1
    if row.expected == expected:
        out.expected_right.append(where)
    else:
        out.disagreements.append(f"{where}: 应为 {row.expected!r}, labelled {expected!r}")
