"""基本信息 facts as data: head counts (whole numbers), 单位类型, 主管部门, and the staffing check.
The reader validates with `info_problem`; the model and the city page read `Staff` and `unit_type`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from perfeval.schema import (
    INFO_DEPARTMENT,
    INFO_RETIRED,
    INFO_RETIRED_ALL,
    INFO_RETIRED_EARLY,
    INFO_STAFF,
    INFO_STAFF_KEYS,
    INFO_STAFF_QUOTA,
    INFO_UNIT_TYPE,
    SHEET_INFO,
    UNIT_TYPES,
    Problem,
)

# 在职人数 above 编制数 × this is "much greater": a finding (the seed unit has 62 on 48 编制,
# ordinary with 工勤 and 聘用 staff; 1.5× and more usually means a typo or a unit to look at).
STAFF_OVER_RATIO = Decimal("1.5")
CODE_STAFF_OVER = "staff_over_quota"
CODE_RETIRED_SUM = "retired_sum"
_COUNT_SUFFIX = re.compile(r"\s*人\s*$")


def parse_count(text: str | None) -> int | None:
    """A head count as written: `62`, `62.0`, `62人`, `1,200` → int; blank → None.
    Raises ValueError (Chinese message, what to write) for anything else or a negative."""
    if text is None or not str(text).strip():
        return None
    cleaned = _COUNT_SUFFIX.sub("", str(text).strip()).replace(",", "").replace("，", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是人数，请填写整数，如 62") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"“{text}”不是整数，人数请填写整数，如 62")
    if value < 0:
        raise ValueError(f"人数不能为负数（填写的是 {text}），请填写 0 或正整数")
    return int(value)


def unit_type(text: str | None) -> str | None:
    """`行政` / `事业` (also accepted: 行政单位, 事业单位); None when blank or unknown."""
    if not text:
        return None
    value = str(text).strip().removesuffix("单位")
    return value if value in UNIT_TYPES else None


def info_problem(key: str, text: str | None) -> str | None:
    """What is wrong with one 基本信息 value (None when fine): the reader names the cell."""
    if key in INFO_STAFF_KEYS:
        try:
            parse_count(text)
        except ValueError as exc:
            return f"「{key}」{exc}"
    elif key == INFO_UNIT_TYPE and text and unit_type(text) is None:
        return f"「{key}」填写的是“{text}”，请从下拉列表选择：{'、'.join(UNIT_TYPES)}"
    return None


def _count(info: dict[str, str], key: str) -> int | None:
    try:
        return parse_count(info.get(key))
    except ValueError:  # stored before the reader checked counts: treat as not given
        return None


@dataclass(frozen=True)
class Staff:
    """Head counts of one unit-year (None = not given)."""

    quota: int | None  # 编制数
    active: int | None  # 在职人数
    retired: int | None  # 离退休人数 (given, or 离休 + 退休)

    @classmethod
    def of(cls, info: dict[str, str]) -> Staff:
        retired = _count(info, INFO_RETIRED_ALL)
        if retired is None:
            parts = [_count(info, k) for k in (INFO_RETIRED_EARLY, INFO_RETIRED)]
            given = [p for p in parts if p is not None]
            retired = sum(given) if given else None
        return cls(_count(info, INFO_STAFF_QUOTA), _count(info, INFO_STAFF), retired)

    def per_head(self, amount: Decimal | None) -> Decimal | None:
        """An amount (万元) per 在职 person; None without an amount or a positive head count."""
        if amount is None or not self.active:
            return None
        return amount / self.active


def department(info: dict[str, str]) -> str | None:
    value = (info.get(INFO_DEPARTMENT) or "").strip()
    return value or None


def staff_findings(info: dict[str, str]) -> list[Problem]:
    """在职 much greater than 编制; 离退休人数 not equal to 离休 + 退休 where all three are given."""
    staff = Staff.of(info)
    findings = []
    if staff.quota and staff.active is not None and staff.active > staff.quota * STAFF_OVER_RATIO:
        findings.append(
            Problem(
                "warning",
                f"在职人数{staff.active}人远超编制数{staff.quota}人"
                f"（超过{STAFF_OVER_RATIO}倍），请核实人数或说明超编原因",
                sheet=SHEET_INFO,
                column=INFO_STAFF,
                code=CODE_STAFF_OVER,
            )
        )
    total = _count(info, INFO_RETIRED_ALL)
    early, late = _count(info, INFO_RETIRED_EARLY), _count(info, INFO_RETIRED)
    if total is not None and early is not None and late is not None and total != early + late:
        findings.append(
            Problem(
                "warning",
                f"离退休人数{total}人不等于离休人数{early}人与退休人数{late}人之和"
                f"（{early + late}人），请核对",
                sheet=SHEET_INFO,
                column=INFO_RETIRED_ALL,
                code=CODE_RETIRED_SUM,
            )
        )
    return findings
