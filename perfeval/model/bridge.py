"""The bridge from last year's 支出合计 to this year's (the 同比 waterfall): steps that always add
up, a project that ended or began a step of its own. Plain Decimals in; charts only draw it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from perfeval.schema import CAT_BASIC, CAT_PROJECT

CHANGED = "changed"  # in both years: this year's amount minus last year's
BEGAN = "began"  # only this year: its whole amount
ENDED = "ended"  # only last year: minus its whole amount
KIND_ORDER = (CHANGED, BEGAN, ENDED)

# More project lines than this and the bridge says 延续项目 / 新增项目 / 结束项目 (each a sum,
# with its count) instead of one bar per project: a narrow chart stays legible.
MAX_PROJECT_STEPS = 6
CONTINUING = "延续项目"
BEGUN_GROUP = "新增项目"
ENDED_GROUP = "结束项目"
GROUPS = (CONTINUING, BEGUN_GROUP, ENDED_GROUP)

Pair = tuple[Decimal | None, Decimal | None]  # (this year, last year); None = not given


@dataclass(frozen=True)
class Step:
    """One bar between the two totals: what moved, by how much (signed), and why."""

    name: str
    amount: Decimal
    kind: str = CHANGED
    count: int = 1  # the project lines a grouped step stands for
    grouped: bool = False  # one of GROUPS: several lines summed


@dataclass(frozen=True)
class Bridge:
    """Last year's total, the steps, this year's total. Built only when they add up exactly."""

    start: Decimal
    steps: tuple[Step, ...]
    end: Decimal

    def __post_init__(self) -> None:
        moved = sum((s.amount for s in self.steps), Decimal(0))
        if self.start + moved != self.end:
            raise ValueError(f"bridge does not add up: {self.start} + {moved} != {self.end}")


def _z(value: Decimal | None) -> Decimal:
    return Decimal(0) if value is None else value


def _delta(pair: Pair) -> Decimal:
    return _z(pair[0]) - _z(pair[1])


def _given(pair: Pair) -> bool:
    return pair[0] is not None or pair[1] is not None


def _line_step(name: str, pair: Pair) -> Step:
    current, previous = pair
    kind = BEGAN if previous is None else ENDED if current is None else CHANGED
    return Step(name, _delta(pair), kind)


def _project_steps(lines: Mapping[str, Pair]) -> list[Step]:
    """One step per line (continuing first, then begun, then ended; larger first), or three
    grouped steps when there are more than MAX_PROJECT_STEPS lines."""
    steps = [_line_step(name, pair) for name, pair in lines.items() if _given(pair)]
    steps.sort(
        key=lambda s: (
            KIND_ORDER.index(s.kind),
            -max(_z(lines[s.name][0]), _z(lines[s.name][1])),
            s.name,
        )
    )
    if len(steps) <= MAX_PROJECT_STEPS:
        return steps
    grouped = []
    for kind, name in ((CHANGED, CONTINUING), (BEGAN, BEGUN_GROUP), (ENDED, ENDED_GROUP)):
        of_kind = [s for s in steps if s.kind == kind]
        if of_kind:
            total = sum((s.amount for s in of_kind), Decimal(0))
            grouped.append(Step(name, total, kind, count=len(of_kind), grouped=True))
    return grouped


def build(
    total: Pair,
    basic: Pair,
    project: Pair,
    basic_lines: Mapping[str, Pair] | None = None,
    project_lines: Mapping[str, Pair] | None = None,
) -> Bridge | None:
    """The bridge of one breakdown; None without both years' totals. `basic_lines` (人员经费,
    公用经费) and `project_lines` (every project of either year, by name) are given only when
    both years itemise them; otherwise the category moves as one step."""
    if total[0] is None or total[1] is None:
        return None
    steps: list[Step] = []
    if basic_lines is not None:
        steps += [Step(name, _delta(p)) for name, p in basic_lines.items() if _given(p)]
    elif _given(basic):
        steps.append(Step(CAT_BASIC, _delta(basic)))
    if project_lines is not None:
        steps += _project_steps(project_lines)
    elif _given(project):
        steps.append(Step(CAT_PROJECT, _delta(project)))
    return Bridge(start=total[1], steps=tuple(steps), end=total[0])
