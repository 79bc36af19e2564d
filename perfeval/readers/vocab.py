"""The words every reader family shares, said once: money units and their factor to 万元, the footer
words that end a table, a code written before a name, the year of a title. Imports labels only."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from perfeval.readers.labels import norm

UNIT_WAN = "万元"  # every amount is held in 万元
# The one table of money units: how many 万元 one of each is.
MONEY_UNITS: dict[str, Decimal] = {
    UNIT_WAN: Decimal(1),
    "元": Decimal("0.0001"),
    "亿元": Decimal(10000),
}

# ---------------------------------------------------------------- footers
# A row that starts with one of these ends a table: signature lines under it (填表人：张三,
# 联系电话：…) and notes (注：…, 备注：…, 说明1：…).
SIGNATURE_WORDS = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "联系人",
    "联系电话",
    "填报日期",
    "填表日期",
    "单位负责人",
    "财务负责人",
    "项目负责人",
    "部门负责人",
    "分管领导",
)
NOTE_WORDS = ("注", "备注", "说明")
FOOTER_WORDS = SIGNATURE_WORDS + NOTE_WORDS
_NOTE = re.compile(r"^(?:" + "|".join(NOTE_WORDS) + r")\d*(?:[:.、]|$)")
FOOTER_FIRST_CHARS = frozenset(word[0] for word in FOOTER_WORDS)


_SIGNED = re.compile(r"^(?:" + "|".join(SIGNATURE_WORDS) + r")(?:\(.*?\))?:")


def is_footer(text: object, colon: bool = False) -> bool:
    """A signature line (`填表人：张三`, `项目负责人:`) or a note (`注：…`, `备注: 1.…`, `说明`).
    `colon`: the signature word must be followed by a colon (the template, whose 基本信息 sheet
    holds `联系人 | 张三` as data)."""
    if not isinstance(text, str):
        return False
    head = norm(text)
    if not head or head[0] not in FOOTER_FIRST_CHARS:
        return False
    if _NOTE.match(head) is not None:
        return True
    return _SIGNED.match(head) is not None if colon else head.startswith(SIGNATURE_WORDS)


# ---------------------------------------------------------------- codes before names
_CODE_DASH = re.compile(r"^([0-9A-Za-z]{3,})\s*[-－—–_]\s*(.+)$")
_CODE_BRACKET = re.compile(r"^[\[(（【［]\s*([0-9A-Za-z]{2,})\s*[\])）】］]\s*(.+)$")


def split_unit_code(text: str) -> tuple[str, str | None]:
    """A code written before a unit's or a project's name, split off: `219001-XX镇人民政府`,
    `219001–XX局`, `219-XX`, `51000021R000000019951-工资性支出`, `[155]XX局` → (name, code).
    A code holds a digit; a name without one is returned as it is (stripped)."""
    written = text.strip()
    for pattern in (_CODE_DASH, _CODE_BRACKET):
        match = pattern.match(written)
        if match and any(ch.isdigit() for ch in match.group(1)) and match.group(2).strip():
            return match.group(2).strip(), match.group(1)
    return written, None


# ---------------------------------------------------------------- the year of a title
# `（2024年度）`, `2024年度`, `2024年`, `2020年市级…`; never a date (`2025年3月10日`).
_YEAR = re.compile(r"((?:19|20)\d{2})年(?:度)?(?!\d{1,2}月)")


def year_in(text: object) -> int | None:
    """The year a title cell states; None for none, for a date, or for a signature line."""
    if not isinstance(text, str) or is_footer(text):
        return None
    match = _YEAR.search(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
    return int(match.group(1)) if match else None
