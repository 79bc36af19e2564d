"""Targets and results as the 自评表 forms write them: `≥50个`, `不超过42.37万元`, `90%以上`,
`≥100百分比`, `=` | `100` | `%` over three cells, qualitative words; and `=100%` typed as a formula."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from perfeval.schema import DIR_EQ, DIR_GE, DIR_LE, DIR_QUAL, QUAL_MET, QUAL_MISSED, QUAL_PARTIAL

# Words before the number (longest first) and after it that say which way the target points.
PREFIX_WORDS: tuple[tuple[str, str], ...] = (
    (">=", DIR_GE),
    ("<=", DIR_LE),
    ("==", DIR_EQ),
    ("≥", DIR_GE),
    ("≧", DIR_GE),
    ("≤", DIR_LE),
    ("≦", DIR_LE),
    (">", DIR_GE),
    ("<", DIR_LE),
    ("=", DIR_EQ),
    ("═", DIR_EQ),  # a box-drawing double line some forms type for =
    ("不低于", DIR_GE),
    ("不少于", DIR_GE),
    ("不小于", DIR_GE),
    ("大于等于", DIR_GE),
    ("大于或等于", DIR_GE),
    ("达到", DIR_GE),
    ("高于", DIR_GE),
    ("大于", DIR_GE),
    ("超过", DIR_GE),
    ("不超过", DIR_LE),
    ("不高于", DIR_LE),
    ("不大于", DIR_LE),
    ("小于等于", DIR_LE),
    ("小于或等于", DIR_LE),
    ("控制在", DIR_LE),
    ("低于", DIR_LE),
    ("小于", DIR_LE),
    ("等于", DIR_EQ),
)
SUFFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("以上", DIR_GE),
    ("及以上", DIR_GE),
    ("以下", DIR_LE),
    ("及以下", DIR_LE),
    ("以内", DIR_LE),
)
UNIT_ALIASES = {"百分比": "%", "百分之": "%", "％": "%"}
# qualitative results: what a form writes → level (checked in this order, longest words first)
QUAL_RESULT_WORDS: tuple[tuple[str, str], ...] = (
    ("未达成", QUAL_MISSED),
    ("未完成", QUAL_MISSED),
    ("未达到", QUAL_MISSED),
    ("部分达成", QUAL_PARTIAL),
    ("基本达成", QUAL_PARTIAL),
    ("基本完成", QUAL_PARTIAL),
    ("部分完成", QUAL_PARTIAL),
    ("基本达到", QUAL_PARTIAL),
    ("达成", QUAL_MET),
    ("完成", QUAL_MET),
    ("达到", QUAL_MET),
    ("实现", QUAL_MET),
    ("符合", QUAL_MET),
    ("满意", QUAL_MET),
    ("是", QUAL_MET),
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
# A figure on a form is far below this (万元, %, 家 …); beyond it a cell is not read as a number
# (1e308 would also break exact rounding downstream).
MAX_FIGURE = Decimal(10) ** 12
MIN_FIGURE = Decimal("1e-6")  # a non-zero figure smaller than this is no figure either


def plausible(number: Decimal | None) -> bool:
    if number is None or not number.is_finite():
        return False
    return number == 0 or MIN_FIGURE <= abs(number) < MAX_FIGURE


_FORMULA_LITERAL = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(%?)\s*$")


@dataclass(frozen=True)
class Target:
    """A target or a result as read: direction (None when not written), number (None when
    qualitative or unreadable), unit as written, the text as shown, and whether it was read."""

    text: str
    direction: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    ok: bool = True


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def unit_of(text: str) -> str | None:
    """A unit as written, its aliases folded (百分比 → %), a bracket repeating it dropped
    (`%(百分比)` → %, `人(人数)` stays)."""
    text = text.strip()
    for alias, unit in UNIT_ALIASES.items():
        text = text.replace(alias, unit)
    text = _REPEATED.sub(
        lambda m: m.group(1) if m.group(2) in (m.group(1), "%") else m.group(0), text
    )
    return text or None


_unit = unit_of
_REPEATED = re.compile(r"^(.+?)[(（]([^()（）]*)[)）]$")
# a deadline (`9月前`, `年底前`) is not a number to compare with a result
_DEADLINE = re.compile(r"(?:月|日|年|底|季度)(?:之|以)?前$|前完成$")


def parse(text: str | None) -> Target | None:
    """A target written as text: comparison words, a number, a unit, trailing 以上/以下/以内.
    A text with no number is qualitative (direction 定性); None for a blank cell."""
    if text is None or not text.strip():
        return None
    shown = text.strip()
    rest = _squash(shown).replace(",", "")
    for alias, unit in UNIT_ALIASES.items():
        rest = rest.replace(alias, unit)
    direction = None
    for word, way in sorted(PREFIX_WORDS, key=lambda w: -len(w[0])):
        if rest.startswith(word):
            direction, rest = way, rest[len(word) :]
            break
    match = _NUMBER.match(rest)
    if not match:
        if _NUMBER.search(rest):  # a number somewhere else: not a form we can read
            return Target(shown, direction, None, None, ok=False)
        return Target(shown, DIR_QUAL, None, None)
    try:
        number = Decimal(match.group(0))
    except InvalidOperation:
        return Target(shown, direction, None, None, ok=False)
    if not plausible(number):
        return Target(shown, direction, None, None, ok=False)
    tail = rest[match.end() :]
    for word, way in sorted(SUFFIX_WORDS, key=lambda w: -len(w[0])):
        if tail.endswith(word):
            tail = tail[: -len(word)]
            if direction is None:
                direction = way
            break
    if _NUMBER.search(tail) or _DEADLINE.search(tail):
        return Target(shown, direction, None, None, ok=False)  # 50-60个, 3个和5项, 9月前 …
    return Target(shown, direction, number, _unit(tail))


def direction_word(text: str | None) -> str | None:
    """A 指标性质 cell (`≥`, `≤`, `=`, `定性`, `不低于` …) as a direction; None when unknown."""
    if text is None:
        return None
    word = _squash(text)
    if word == DIR_QUAL:
        return DIR_QUAL
    return dict(PREFIX_WORDS).get(word)


def from_formula(formula: str | None) -> Target | None:
    """`=100%` or `=95` typed into Excel/WPS is stored as a formula (value 1, 0.95): the target
    the clerk meant is `=` 100 %; None for any other formula."""
    if formula is None:
        return None
    match = _FORMULA_LITERAL.match(formula)
    if not match:
        return None
    number = Decimal(match.group(1))
    if not plausible(number):
        return None
    unit = "%" if match.group(2) else None
    return Target(f"={match.group(1)}{match.group(2)}", DIR_EQ, number, unit)


def qualitative_level(result: str | None, target: str | None = None) -> str | None:
    """The 定性 level a written result states (达成 / 部分达成 / 未达成), None when unreadable."""
    if result is None:
        return None
    text = _squash(result)
    if target is not None and text == _squash(target):
        return QUAL_MET  # the result repeats the target: it was reached
    for word, level in QUAL_RESULT_WORDS:
        if word in text:
            return level
    return None
