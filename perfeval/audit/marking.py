"""The checked text as HTML: every figure marked by its verdict, with 依据 and 应为 in its tooltip.
Every piece of the writer's text passes html.escape; only our own tags and colours are markup."""

from __future__ import annotations

import html
from collections.abc import Sequence

from perfeval.audit.engine import Row
from perfeval.audit.reading import CONSISTENT, DOUBT, MISMATCH, UNCHECKED, Paragraph

# verdict → (background, text colour): red, amber, green, grey; readable on white and dark themes
COLOURS = {
    MISMATCH: ("#fde2e1", "#a40e26"),
    DOUBT: ("#fff1c2", "#7a4b00"),
    CONSISTENT: ("#dcf5e3", "#1a6b35"),
    UNCHECKED: ("#eceff3", "#3d4451"),
}
_BOX = "line-height:1.9;font-size:1rem;color:inherit;max-width:75em"
_LOCATION = "color:#6b7280;font-size:0.8rem;margin-right:0.5em"


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def tooltip(row: Row) -> str:
    lines = [f"结果：{row.verdict}"]
    if row.basis:
        lines.append(f"依据：{row.basis}")
    if row.expected:
        lines.append(f"应为：{row.expected}")
    return "\n".join(lines)


def _mark(text: str, row: Row) -> str:
    background, colour = COLOURS[row.verdict]
    style = (
        f"background:{background};color:{colour};padding:0 0.2em;border-radius:3px;"
        "white-space:nowrap;"
        f"font-weight:{'700' if row.flagged else '500'}"
    )
    if row.flagged:
        style += f";border-bottom:2px solid {colour}"
    return (
        f'<mark data-verdict="{_escape(row.verdict)}" title="{_escape(tooltip(row))}" '
        f'style="{style}">{_escape(text)}</mark>'
    )


def legend() -> str:
    items = []
    for verdict, (background, colour) in COLOURS.items():
        items.append(
            f'<span style="background:{background};color:{colour};padding:0 0.4em;'
            f'border-radius:3px;margin-right:0.6em">{_escape(verdict)}</span>'
        )
    return f'<div style="margin-bottom:0.6em">{"".join(items)}</div>'


def marked_html(paragraphs: Sequence[Paragraph], rows: Sequence[Row], only_marked: bool) -> str:
    """The paragraphs with their figures marked; `only_marked` leaves out those without figures."""
    by_paragraph: dict[int, list[Row]] = {}
    for row in rows:
        by_paragraph.setdefault(row.paragraph, []).append(row)
    blocks = []
    for index, paragraph in enumerate(paragraphs):
        marks = sorted(by_paragraph.get(index, []), key=lambda r: r.start)
        if only_marked and not marks:
            continue
        pieces, at = [], 0
        for row in marks:
            pieces.append(_escape(paragraph.text[at : row.start]))
            pieces.append(_mark(paragraph.text[row.start : row.end], row))
            at = row.end
        pieces.append(_escape(paragraph.text[at:]))
        location = f'<span style="{_LOCATION}">{_escape(paragraph.location)}</span>'
        blocks.append(f'<p style="margin:0 0 0.5em 0">{location}{"".join(pieces)}</p>')
    return f'<div style="{_BOX}">{legend()}{"".join(blocks)}</div>'
