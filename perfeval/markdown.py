"""Markdown safety: text that came from a workbook is data, rendered as inert text.
No link, image, HTML, heading, list, table break, LaTeX or Streamlit directive can come through."""

from __future__ import annotations

import re
import unicodedata

# Marks that start or close an inline Markdown, GFM or Streamlit construct anywhere in a line
# (emphasis, code, links and images, HTML, tables, strikethrough, LaTeX, :emoji: and :color[]
# directives, e-mail autolinks). CommonMark allows a backslash before any ASCII punctuation, so
# an escape never shows. Marks that only matter at the start of a line are escaped there only,
# which keeps the downloaded Markdown readable ("1-11月", "R&D" stay as they are).
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$:@!])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#+\-=])")
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029\x0b\x0c]+")
_LEADING_ORDINAL = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")
_WWW = re.compile(r"(?i)\b(www)\.")


def _drop_controls(text: str) -> str:
    if text.isprintable():  # the common case: nothing to drop, skip the per-character walk
        return text
    return "".join(
        " " if ch == "\t" else ch
        for ch in text
        if ch == "\t" or not unicodedata.category(ch).startswith("C") or ch in "\u200d"
    )


def inline(text: object) -> str:
    """One line of workbook text, safe anywhere in Markdown, table cells included."""
    if text is None:
        return ""
    value = _LINE_BREAKS.sub(" ", str(text))
    value = _drop_controls(value).strip()
    value = _SPECIAL.sub(r"\\\1", value)
    value = _ENTITY.sub(r"\\&", value)
    value = _WWW.sub(r"\1\\.", value)
    value = _LINE_START.sub(r"\1\\\2", value)
    return _LEADING_ORDINAL.sub(r"\1\\\2", value)


def paragraphs(text: object) -> list[str]:
    """Multi-line workbook text as a list of safe paragraphs (blank lines dropped)."""
    if text is None:
        return []
    return [p for p in (inline(line) for line in _LINE_BREAKS.split(str(text))) if p]
