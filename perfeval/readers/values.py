"""Cell values: label normalisation, text cleaning, exact numbers with trailing units.
Pure functions; short inputs are memoised (labels repeat on every row)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from perfeval.readers.labels import norm
from perfeval.schema import (
    DIR_EQ,
    DIR_GE,
    DIR_LE,
)

UNIT_WAN = "万元"  # the unit every amount is held in
WS = re.compile(r"\s+")
# Invisible characters that only hide or reorder text (C0/C1 controls but tab and line breaks,
# zero-width and bidirectional marks, BOM); the zero-width joiner of emoji stays.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_PARENTHESISED = re.compile(r"^\(([^()]+)\)(.*)$")  # (12.3): the accounting form of -12.3
UNIT_ALIASES = {"万": UNIT_WAN, "亿": "亿元"}  # 12.3万 in a 万元 column is 12.3
HEADER_UNIT = re.compile(r"^(.+?)\(([^()]*)\)$")
_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(.*)$")
COMPARATOR = re.compile(r"^(>=|<=|==|≥|≤|≧|≦|>|<|=)")
COMPARATORS = {
    ">=": DIR_GE,
    "≥": DIR_GE,
    "≧": DIR_GE,
    ">": DIR_GE,
    "<=": DIR_LE,
    "≤": DIR_LE,
    "≦": DIR_LE,
    "<": DIR_LE,
    "=": DIR_EQ,
    "==": DIR_EQ,
}


# Labels, names and headers repeat on every row and in every workbook: the pure string functions
# below remember short inputs (a bounded cache; long texts are computed each time, never kept).
MEMO_CHARS = 64
MEMO_SIZE = 8192


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


squash = norm  # the one normaliser (readers/labels.py): how names and labels are compared


def clean_text(value: str) -> tuple[str | None, bool]:
    """A text cell → (stripped text without control characters or None, had control chars)."""
    if len(value) <= MEMO_CHARS:
        return _clean_memo(value)
    return _clean(value)


def _clean(value: str) -> tuple[str | None, bool]:
    text = value.strip()
    if not text:
        return None, False
    if CONTROL.search(text) is None:
        return text, False
    return CONTROL.sub("", text).strip() or None, True


_clean_memo = functools.lru_cache(maxsize=MEMO_SIZE)(_clean)


def as_text(value: Any) -> str | None:
    """A cell as stripped text; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = plain_decimal(float_decimal(value)) if math.isfinite(value) else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def plain_decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text


def float_decimal(value: float) -> Decimal:
    if value.is_integer():
        return Decimal(int(value))
    return Decimal(repr(value))


def percent_of(value: int | float) -> Decimal:
    """A number shown with a percentage format, as typed: 0.988 → 98.8 (exactly, from the
    float's shortest repr), 1 → 100, 0.5 → 50."""
    number = float_decimal(value) if isinstance(value, float) else Decimal(value)
    number = number.scaleb(2)
    return Decimal(int(number)) if number.as_tuple().exponent > 0 else number


def show(value: Any) -> str:
    text = CONTROL.sub("", as_text(value) or "")
    return text if len(text) <= 30 else text[:29] + "…"


class NotNumber(ValueError):
    """A cell that should hold a number but does not; the message says why."""


def parse_number(value: Any) -> tuple[Decimal, str]:
    """A number cell → (exact Decimal, trailing unit text as written, "" when none)."""
    if isinstance(value, bool):
        raise NotNumber(f"“{show(value)}” 是逻辑值，不是数字")
    if isinstance(value, int):
        return Decimal(value), ""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotNumber(f"“{show(value)}” 不是数字")
        return float_decimal(value), ""
    if isinstance(value, dt.date | dt.datetime | dt.time | dt.timedelta):
        raise NotNumber(
            f"“{show(value)}” 是日期或时间，不是数字（单元格可能设成了日期格式："
            "请把格式改为“常规”或“数值”后重新输入）"
        )
    text = nfkc(str(value)).replace("−", "-").strip()
    compact = WS.sub("", text).replace(",", "")
    negative = _PARENTHESISED.match(compact)
    if negative and _NUMBER.match(negative.group(1)) and negative.group(1)[0] not in "+-":
        inner, rest = parse_number(negative.group(1))
        if not rest:
            return -inner, negative.group(2)
    match = _NUMBER.match(compact)
    if not match:
        raise NotNumber(f"“{show(value)}” 不是数字")
    try:
        number = Decimal(match.group(1))
    except InvalidOperation as exc:  # pragma: no cover - the pattern only admits plain numbers
        raise NotNumber(f"“{show(value)}” 不是数字") from exc
    return number, match.group(2)
