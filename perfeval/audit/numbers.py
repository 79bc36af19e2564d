"""Numbers as people write them in Chinese reports: `1,342.42万元`, `17.74%`, `百分之二十`,
`下降7.59个百分点`, `近2000万元`, `2000多万元`, `三家`, full-width digits, ranges; dates are skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MONEY = "money"
PERCENT = "percent"
POINTS = "points"  # 个百分点: a difference of two rates, not a rate
COUNT = "count"

# Amount units and their factor to 万元, the unit of every figure perfeval holds.
MONEY_UNITS = {
    "元": Decimal("0.0001"),
    "万元": Decimal(1),
    "亿元": Decimal(10000),
    "万亿元": Decimal(100000000),
}
COUNT_UNITS = (
    "人次",
    "家",
    "个",
    "项",
    "件",
    "人",
    "名",
    "篇",
    "次",
    "笔",
    "份",
    "所",
    "座",
    "台",
    "套",
    "户",
    "场",
    "批",
    "条",
    "处",
    "辆",
    "期",
    "分",
)
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９．％，　",
    "0123456789.%,\u0020",
)
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "零〇一二两三四五六七八九十百千"

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT = r"万\s*亿\s*元|亿\s*元|万\s*元|元|%|个百分点|百分点|" + "|".join(COUNT_UNITS)
_RANGE_SEP = r"\s*(?:-|~|～|—|–|至|到)\s*"
_ARABIC = re.compile(
    rf"(?<![\d.,A-Za-z])(?P<num>{_NUM})(?:{_RANGE_SEP}(?P<hi>{_NUM}))?"
    rf"\s*(?P<more>多|余)?\s*(?P<unit>{_UNIT})?"
)
_CN_PERCENT = re.compile(
    r"百分之(?P<num>[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
)
_CN_COUNT = re.compile(rf"(?P<num>[{_CN_CHARS}]+)(?P<more>多|余)?(?P<unit>家|个|项|件|名|篇|次|笔)")
_APPROX_BEFORE = ("将近", "接近", "大约", "超过", "近", "约", "超", "逾")
_APPROX_AFTER = ("以上", "左右", "上下", "多", "余")
# A number followed by these is a date, a time, an ordinal or a code: not a checked figure.
_NOT_FIGURE_AFTER = re.compile(r"\s*(?:年|月|日|号|时|点|周岁|岁|届|期间|季度|[A-Za-z])")
_NOT_FIGURE_BEFORE = re.compile(r"(?:第|〔|\[|No\.?|编号|电话|邮编)\s*$")


@dataclass(frozen=True)
class Number:
    """One figure in a text: where it is, what was written and what it means."""

    start: int
    end: int
    text: str  # as written, with its unit
    value: Decimal  # the number as written (in its written unit)
    unit: str  # 万元, 亿元, %, 个百分点, 家, …
    kind: str  # MONEY / PERCENT / POINTS / COUNT
    decimals: int  # digits written after the point: the precision it claims
    approx: bool = False  # 近, 约, 多, 余, a range: only its magnitude is checked

    @property
    def scale(self) -> Decimal:
        return MONEY_UNITS.get(self.unit, Decimal(1))

    @property
    def wan(self) -> Decimal:
        """An amount in 万元; other kinds as written."""
        return self.value * self.scale

    @property
    def half_ulp(self) -> Decimal:
        """Half a unit of the last digit written, in 万元 for amounts."""
        return Decimal(5).scaleb(-(self.decimals + 1)) * self.scale


def normalise(text: str) -> str:
    """Full-width digits, point, percent and comma to ASCII: one character for one, so positions
    in the normalised text are positions in the original."""
    return text.translate(_FULL_WIDTH)


def chinese_int(text: str) -> int | None:
    """`二十` → 20, `一百零五` → 105, `十四` → 14, `三` → 3; None when it is not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _chinese_decimal(text: str) -> tuple[Decimal, int] | None:
    whole, _, frac = text.partition("点")
    value = chinese_int(whole)
    if value is None:
        return None
    if not frac:
        return Decimal(value), 0
    digits = "".join(str(_CN_DIGITS.get(ch, "x")) for ch in frac)
    if not digits.isdigit():
        return None
    return Decimal(f"{value}.{digits}"), len(digits)


def _kind(unit: str) -> str:
    if unit in MONEY_UNITS:
        return MONEY
    if unit == "%":
        return PERCENT
    if unit in ("个百分点", "百分点"):
        return POINTS
    return COUNT


def _approx_before(text: str, start: int) -> bool:
    head = text[max(0, start - 3) : start].rstrip()
    return head.endswith(_APPROX_BEFORE)


def _approx_after(text: str, end: int) -> bool:
    return text.startswith(_APPROX_AFTER, end)


def _arabic(text: str) -> list[Number]:
    found = []
    for match in _ARABIC.finditer(text):
        unit = re.sub(r"\s+", "", match.group("unit") or "")
        if not unit:
            continue
        start, end = match.start(), match.end()
        if _NOT_FIGURE_BEFORE.search(text[max(0, start - 6) : start]):
            continue
        if unit in ("分",) and text.startswith("钟", end):
            continue
        if unit == "个" and _NOT_FIGURE_AFTER.match(text, end):  # 3个月, 5个工作日
            continue
        raw = (match.group("hi") or match.group("num")).replace(",", "")
        value = Decimal(raw)
        decimals = len(raw.partition(".")[2])
        approx = bool(match.group("more") or match.group("hi"))
        approx = approx or _approx_before(text, start) or _approx_after(text, end)
        found.append(
            Number(start, end, text[start:end], value, unit, _kind(unit), decimals, approx)
        )
    return found


def _chinese(text: str) -> list[Number]:
    found = []
    for match in _CN_PERCENT.finditer(text):
        parsed = _chinese_decimal(match.group("num"))
        if parsed is not None:
            value, decimals = parsed
            found.append(
                Number(
                    match.start(), match.end(), match.group(0), value, "%", PERCENT, decimals, False
                )
            )
    for match in _CN_COUNT.finditer(text):
        value = chinese_int(match.group("num"))
        if value is None or (match.group("num") in ("一", "两") and len(match.group(0)) < 3):
            continue  # 一个, 两项: articles more often than counts
        unit = match.group("unit")
        approx = bool(match.group("more")) or _approx_before(text, match.start())
        found.append(
            Number(
                match.start(),
                match.end(),
                match.group(0),
                Decimal(value),
                unit,
                COUNT,
                0,
                approx,
            )
        )
    return found


_LISTED = re.compile(rf"(?<![\d.,A-Za-z])(?P<num>{_NUM})\s*[、，]\s*$")


def _listed(text: str, numbers: list[Number]) -> list[Number]:
    """`各减少1267.86、2570.97万元`: the numbers listed before a figure take its unit."""
    out = []
    for n in numbers:
        if n.approx:
            continue
        end = n.start
        while True:
            match = _LISTED.search(text, max(0, end - 40), end)
            if match is None or _NOT_FIGURE_BEFORE.search(
                text[max(0, match.start() - 6) : match.start()]
            ):
                break
            raw = match.group("num").replace(",", "")
            start, stop = match.start("num"), match.end("num")
            value, decimals = Decimal(raw), len(raw.partition(".")[2])
            out.append(Number(start, stop, text[start:stop], value, n.unit, n.kind, decimals))
            end = start
    return out


def extract(text: str) -> list[Number]:
    """Every figure with a unit in `text`, in order of position; dates and codes left out."""
    plain = normalise(text)
    numbers = _arabic(plain)
    numbers += _listed(plain, numbers)
    taken = [(n.start, n.end) for n in numbers]
    for number in _chinese(plain):
        if not any(s < number.end and number.start < e for s, e in taken):
            numbers.append(number)
    numbers.sort(key=lambda n: n.start)
    return [
        Number(n.start, n.end, text[n.start : n.end], n.value, n.unit, n.kind, n.decimals, n.approx)
        for n in numbers
    ]


def round_to(value: Decimal, decimals: int) -> Decimal:
    """Half-up at `decimals` digits after the point: how a figure is written from exact data."""
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def shown(value: Decimal, decimals: int) -> str:
    """A figure written at the given precision, no exponent: 21.6166 at 2 → `21.62`."""
    return f"{round_to(value, decimals):f}"
