"""Real published 自评表 and 决算 tables from other provinces, reproduced cell for cell (issue 19),
each with the figures a correct reading gives worked out by hand: see docs/forms-corpus.md.

Every builder returns .xlsx bytes (same cells each time); its docstring cites the page, says what is special
about the form and which reading of an ambiguous page was chosen. `FORMS` pairs each builder with
its `Expected` record. Conventions the expectations follow where the specs leave a choice open:

- a qualitative result that repeats the target's words (`有效` for `有效`) is 达成;
- a qualitative result in free words (`受目的国受众欢迎显著`) and a target the reader cannot
  interpret (`9月前`) are warnings, and the indicator is not scored (forms.md);
- a `其中…` row with a target and a result but no 分值 is a breakdown of the row above, not an
  indicator; a `其中…` row with its own 分值 is an indicator;
- a result written like a target (`≥266米`) is read as its number and unit;
- where every indicator row has a 分值 (or 权重), those are the weights; 执行率 takes the form's
  own points when the form states them (`(20分)`), else scoring.md's 10; a part the reproduced
  sheet does not show is left out and the total rescaled, and a sum over 100 is scaled to 100;
- rubric rows (决策/管理) and points carried by 一级/二级 labels have no rule in scoring.md: the
  form's own weights are used, as the issue says.

`python -m tests.real_forms DIR` writes every form to DIR/NAME.xlsx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.real_forms import accounts, anhui, hubei, north, refused, southwest
from tests.real_forms.expected import Expected

FORMS: tuple[tuple[Callable[[], bytes], Expected], ...] = (
    southwest.FORMS + accounts.FORMS + anhui.FORMS + north.FORMS + hubei.FORMS + refused.FORMS
)
BY_NAME = {expected.name: (builder, expected) for builder, expected in FORMS}


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for builder, expected in FORMS:
        path = folder / f"{expected.name}.xlsx"
        path.write_bytes(builder())
        written.append(path)
    return written
