"""A city's reports at once: each report matched to its stored unit by the unit's name in its text
or its file name, audited against that unit-year, and a summary (单位, 数字数, 不一致, 存疑, 无法核对)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from perfeval import markdown
from perfeval.audit.engine import Row
from perfeval.audit.reading import DOUBT, MISMATCH, UNCHECKED, Paragraph

SUMMARY_COLUMNS = ("单位", "报告", "数字数", MISMATCH, DOUBT, UNCHECKED)
_HEAD_CHARS = 3000  # where a report names its writer: the title and the first paragraphs
_PLACE = re.compile(r"^.{1,8}?[省市县区州盟旗]")


@dataclass
class Audited:
    """One report of a batch: the unit it was matched to (None: not matched), its rows, or why
    it could not be audited."""

    source: str
    unit: str | None
    rows: list[Row] = field(default_factory=list)
    problem: str = ""

    @property
    def flagged(self) -> bool:
        return any(r.flagged for r in self.rows)


def _names(unit: str) -> list[str]:
    """The names a report may call the unit by: in full, and without its place (常宁市科技和
    工业信息化局 → 科技和工业信息化局), never shorter than four characters."""
    short = _PLACE.sub("", unit)
    return [n for n in dict.fromkeys((unit, short)) if len(n) >= 4]


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def match_unit(
    paragraphs: Sequence[Paragraph] | None, source: str, units: Sequence[str]
) -> tuple[str | None, str]:
    """(the stored unit the report is by, '' ) or (None, why): its full name in the text's head
    wins, then its full name in the file name, then the name without its place; two units found
    at the same rank are no match (the report names both: the clerk must say which)."""
    head = _compact("".join(p.text for p in paragraphs or [])[:_HEAD_CHARS])
    stem = _compact(PurePath(source).stem)
    for where in (head, stem):
        for full in (True, False):
            found = _found(where, units, full)
            if len(found) == 1:
                return next(iter(found)), ""
            if len(found) > 1:
                names = "、".join(sorted(found))
                return (
                    None,
                    f"报告中同时出现了多个单位（{names}），无法判断是哪个单位的报告：请用 --unit 指定",
                )
    return (
        None,
        "报告的文字和文件名中都没有数据库里的单位名称：请在文件名中写明单位，或用 --unit 指定",
    )


def _found(where: str, units: Sequence[str], full: bool) -> set[str]:
    out = set()
    for unit in units:
        names = _names(unit)
        if any(n in where for n in (names[:1] if full else names[1:])):
            out.add(unit)
    return out


def summary(results: Sequence[Audited]) -> list[list[str]]:
    """One row per report: 单位, 报告, 数字数, 不一致, 存疑, 无法核对 (counts as text)."""
    out = []
    for result in results:
        if result.unit is None or result.problem:
            out.append([result.unit or "（未匹配）", result.source, "—", "—", "—", "—"])
            continue
        counts = [sum(r.verdict == v for r in result.rows) for v in (MISMATCH, DOUBT, UNCHECKED)]
        out.append([result.unit, result.source, str(len(result.rows)), *map(str, counts)])
    return out


def summary_markdown(results: Sequence[Audited]) -> str:
    lines = ["| " + " | ".join(SUMMARY_COLUMNS) + " |", "|" + "---|" * len(SUMMARY_COLUMNS)]
    for row in summary(results):
        lines.append("| " + " | ".join(markdown.inline(c) for c in row) + " |")
    return "\n".join(lines) + "\n"
