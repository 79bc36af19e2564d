"""Labels as forms write them, made comparable: the one normaliser (NFKC, brackets folded, no white
space), labels with their bracketed suffixes dropped and points kept, `标签：值` cells split, title
text, and what a table's header needs (Need, Table). Imports nothing of perfeval."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_WS = re.compile(r"\s+")
_FOLD = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "﹕": ":"})
_TRAILING_GROUP = re.compile(r"^(.+?)\(([^()]*)\)$")
_POINTS = re.compile(r"^(\d+(?:\.\d+)?)分$")
_YEAR_IN_TITLE = re.compile(r"\(?(?:19|20)\d{2}年度?\)?")


def norm(text: Any) -> str:
    """The one normaliser: NFKC (full-width to half-width), brackets folded, no white space.
    Every family compares labels, titles and names through it (short texts are remembered)."""
    if text is None:
        return ""
    text = text if isinstance(text, str) else str(text)
    return _norm(text) if len(text) <= _MEMO_CHARS else _norm.__wrapped__(text)


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text).translate(_FOLD))


@dataclass(frozen=True)
class Label:
    """A normalised label with its bracketed suffixes dropped; points such as （50分） are kept."""

    text: str
    points: Decimal | None = None


def label(value: Any) -> Label:
    """`产出指标（50分）` → 产出指标, 50; `全年预算数（A）` → 全年预算数; `（万元）` alone stays."""
    if value is None:
        return _EMPTY
    text = str(value)
    return _label(text) if len(text) <= _MEMO_CHARS else _label.__wrapped__(text)


_EMPTY = Label("")
_MEMO_CHARS = 64  # labels repeat on every form: short ones are remembered (a bounded cache)


@functools.lru_cache(maxsize=8192)
def _label(value: str) -> Label:
    text = norm(value).rstrip(":")
    points: Decimal | None = None
    while True:
        match = _TRAILING_GROUP.match(text)
        if not match:
            break
        text, inner = match.group(1), match.group(2)
        found = _POINTS.match(inner)
        if found and points is None:
            points = Decimal(found.group(1))
    return Label(text.rstrip(":"), points)


def split_label_value(value: Any) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return None
    return _split(value) if len(value) <= _MEMO_CHARS else _split.__wrapped__(value)


@functools.lru_cache(maxsize=8192)
def _split(value: str) -> tuple[str, str] | None:
    """`部门：XX局` → ("部门", "XX局"), split (NFKC) at the last colon when text follows it;
    None for `年度资金总额：`. Whether `其中：本年财政拨款` is a label or a value is the caller's
    call (a row label, unless a number follows)."""
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    at = max(text.rfind(":"), text.rfind("："))
    if at <= 0:
        return None
    head, tail = text[:at].strip(), text[at + 1 :].strip()
    if not head or not tail:
        return None
    return head, tail


def title_text(value: Any) -> str:
    """A title cell compared with a layout's titles: normalised, the year and brackets removed."""
    return _YEAR_IN_TITLE.sub("", norm(value)).replace("()", "")


@dataclass(frozen=True)
class Need:
    """Something a layout needs to find: `what` names it in messages, any alias will do."""

    what: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table inside a form: a header row holding every required column (by alias), optional
    columns found when present. Columns map a canonical name (schema constant) to aliases."""

    what: str  # 「年度绩效指标」: how messages name the table
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)
