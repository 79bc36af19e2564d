"""Formatting of figures for people: 万元 amounts, percentages, and Chinese phrasing of changes.
Every figure shown anywhere passes through here, rounded half-up to 2 decimals only at this point."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
BEIJING = timezone(timedelta(hours=8), "北京时间")  # China has one time zone and no DST
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    """Round half-up to 2 decimals (14.745 → 14.75), exact decimal arithmetic."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def amount(value: Decimal | None) -> str:
    """`7174.02` — an amount in 万元 without the unit; '—' when not given."""
    if value is None:
        return "—"
    return f"{round2(value):f}"


def money(value: Decimal | None) -> str:
    """`7174.02万元`."""
    if value is None:
        return "—"
    return f"{amount(value)}万元"


def percent(ratio: Decimal | None) -> str:
    """A ratio as a percentage: Decimal('0.2161659') → `21.62%`."""
    if ratio is None:
        return "—"
    return f"{round2(ratio * HUNDRED):f}%"


def number(value: Decimal | None) -> str:
    """A plain quantity without trailing zeros: 588 → `588`, 39.32 → `39.32`."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value.normalize():f}"


def change_phrase(delta: Decimal | None, ratio: Decimal | None) -> str:
    """`增加1133.55万元，增长21.62%` / `减少65.47万元，下降7.59%` / `持平`."""
    if delta is None:
        return ""
    shown = round2(delta)
    if shown == 0:
        return "基本持平"
    verb, verb_rate = ("增加", "增长") if shown > 0 else ("减少", "下降")
    text = f"{verb}{money(abs(delta))}"
    if ratio is not None:
        text += f"，{verb_rate}{percent(abs(ratio))}"
    return text


def signed_amount(delta: Decimal | None) -> str:
    """`+1133.55` / `-65.47`: a change in 万元 where the unit is said once (a column, an axis)."""
    if delta is None:
        return "—"
    shown = round2(delta)
    sign = "+" if shown > 0 else ("-" if shown < 0 else "±")
    return f"{sign}{amount(abs(shown))}"


def signed_money(delta: Decimal | None) -> str:
    """`+1133.55万元` / `-65.47万元` for metric deltas."""
    return "—" if delta is None else f"{signed_amount(delta)}万元"


def signed_percent(ratio: Decimal | None) -> str:
    """`+21.62%` / `-7.59%`."""
    if ratio is None:
        return "—"
    shown = round2(ratio * HUNDRED)
    sign = "+" if shown > 0 else ("-" if shown < 0 else "±")
    return f"{sign}{abs(shown):f}%"


def beijing_time(iso: str) -> str:
    """A stored UTC timestamp as the people using the app read a clock: `2026-11-28 03:37`."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


# Characters that move or hide text rather than show it: C0 and C1 controls (ESC starts a
# terminal escape, CR rewrites the line), bidi embeddings, overrides and isolates (U+202E makes
# "evil<U+202E>xcod.exe" look like "evilexe.docx"), zero-width marks and the BOM.
_MOVERS = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f{_MOVERS}]")
_UNPRINTABLE_IN_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_MOVERS}]")  # keeps \t \n


def printable(text: str) -> str:
    """`text` without control, bidi-override and zero-width characters: for a name (a file's,
    as uploaded or given on the command line) before it is stored, shown or printed."""
    return _UNPRINTABLE.sub("", text)


def printable_lines(text: str) -> str:
    """`printable`, keeping the tabs and newlines that lay out what the command line prints."""
    return _UNPRINTABLE_IN_LINES.sub("", text)
