"""The 公文 look of the Word report (GB/T 9704 conventions) as a pandoc reference document:
A4, the usual margins, 小标宋/黑体/楷体/仿宋 set on the styles themselves, page numbers below."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass, replace
from functools import cache

import pypandoc
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle

LATIN = "Times New Roman"  # Latin letters and digits everywhere
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
TABLE_PT = 10.5  # 五号
CAPTION_PT = 14  # 四号
LINE_PT = 28  # fixed line spacing of the text
TITLE_LINE_PT = 36
INDENT_CHARS = 2  # first-line indent, in characters of the paragraph's own size
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM = (210, 297)  # A4
FOOTER_MM = 28  # the page number sits 7 mm below the text block (35 − 28)
HEADER_MM = 15
CELL_MARGIN_TWIPS = 57  # 1 mm
BLACK = RGBColor(0, 0, 0)
THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# pandoc's paragraph style names (what its docx writer emits)
TITLE = "Title"
HEADING1 = "Heading 1"
HEADING2 = "Heading 2"
HEADING3 = "Heading 3"
BODY_STYLES = ("Normal", "Body Text", "First Paragraph")
NOTE = "Block Text"  # the report's opening note (a Markdown block quote)
TABLE_CELL = "Compact"  # pandoc's style for table cells (and tight list items)
FIGURE_STYLES = ("Figure", "Captioned Figure")
IMAGE_CAPTION = "Image Caption"
TABLE_STYLE = "Table"


@dataclass(frozen=True)
class Look:
    """One paragraph style's look."""

    east_asia: str
    size: float
    line: float | None = LINE_PT  # exact line spacing in pt; None = single
    indent: bool = True  # two-character first-line indent
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    bold: bool = False
    keep_with_next: bool = False
    after: float = 0


LOOKS: dict[str, Look] = {
    TITLE: Look(
        TITLE_FONT,
        TITLE_PT,
        TITLE_LINE_PT,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        after=LINE_PT,
    ),
    HEADING1: Look(HEADING1_FONT, BODY_PT, keep_with_next=True),
    HEADING2: Look(HEADING2_FONT, BODY_PT, keep_with_next=True),
    HEADING3: Look(BODY_FONT, BODY_PT, bold=True, keep_with_next=True),
    **{name: Look(BODY_FONT, BODY_PT) for name in BODY_STYLES},
    NOTE: Look(HEADING2_FONT, BODY_PT),
    TABLE_CELL: Look(BODY_FONT, TABLE_PT, None, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT),
    **{
        name: Look(BODY_FONT, BODY_PT, None, False, WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
        for name in FIGURE_STYLES
    },
    IMAGE_CAPTION: Look(BODY_FONT, CAPTION_PT, None, False, WD_ALIGN_PARAGRAPH.CENTER, after=8),
}


# The one-page 摘要 to print: the same faces one size down (四号 body, 小二 title) and tighter
# lines, so its headline table, sentences, top projects and findings fit one A4 page.
BRIEF_SIZES = {BODY_PT: 12, TITLE_PT: 18, CAPTION_PT: 12}
BRIEF_LINES = {LINE_PT: 18, TITLE_LINE_PT: 24}
BRIEF_MARGINS_MM = {"top": 25, "bottom": 22, "left": 25, "right": 22}


def brief_looks() -> dict[str, Look]:
    def smaller(look: Look) -> Look:
        return replace(
            look,
            size=BRIEF_SIZES.get(look.size, look.size),
            line=BRIEF_LINES.get(look.line, look.line),
            after=BRIEF_LINES.get(look.after, look.after),
        )

    return {name: smaller(look) for name, look in LOOKS.items()}


def _child(parent: OxmlElement, tag: str, first: bool = False) -> OxmlElement:
    """The `tag` child of `parent`, created (first or last) when missing."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        if first:
            parent.insert(0, element)
        else:
            parent.append(element)
    return element


def set_fonts(rpr_parent: OxmlElement, east_asia: str, latin: str = LATIN) -> None:
    """w:rFonts with explicit Latin and East Asian faces, theme fonts removed (they would win)."""
    if hasattr(rpr_parent, "get_or_add_rPr"):  # a style or a run: python-docx keeps the order
        rpr = rpr_parent.get_or_add_rPr()
    else:
        rpr = _child(rpr_parent, "w:rPr", first=True)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _first_line_chars(style: BaseStyle, chars: int) -> None:
    ind = style.element.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), str(chars * 100))


def apply_look(style: BaseStyle, look: Look) -> None:
    set_fonts(style.element, look.east_asia)
    font = style.font
    font.size = Pt(look.size)
    font.bold = look.bold
    font.italic = False
    font.color.rgb = BLACK
    pf = style.paragraph_format
    pf.alignment = look.align
    pf.space_before = Pt(0)
    pf.space_after = Pt(look.after)
    if look.line is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(look.line)
    pf.left_indent = Pt(0)
    pf.right_indent = Pt(0)
    pf.first_line_indent = Pt(look.size * INDENT_CHARS) if look.indent else Pt(0)
    if look.indent:
        _first_line_chars(style, INDENT_CHARS)
    pf.keep_with_next = look.keep_with_next
    pf.widow_control = True


def _doc_defaults(doc: Document) -> None:
    """The defaults every style falls back to: Times New Roman + 仿宋_GB2312, 三号, zh-CN."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    set_fonts(rpr_default, BODY_FONT)
    rpr = rpr_default.find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), str(BODY_PT * 2))


def _table_style(doc: Document) -> None:
    """Single 0.5 pt grid lines on every table (pandoc's default has one rule under the header),
    1 mm cell margins so the figures have room."""
    tbl_pr = _child(doc.styles[TABLE_STYLE].element, "w:tblPr")
    margins = tbl_pr.find(qn("w:tblCellMar"))
    for side in ("left", "right") if margins is not None else ():
        _child(margins, f"w:{side}").set(qn("w:w"), str(CELL_MARGIN_TWIPS))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    later = [tbl_pr.find(qn(t)) for t in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")]
    later = [e for e in later if e is not None]
    if later:  # schema order: tblBorders comes before these
        later[0].addprevious(borders)
    else:
        tbl_pr.append(borders)


def _page_number_field(paragraph) -> None:
    """`— 7 —`: a PAGE field between two dashes, 四号宋体, as 公文 number their pages."""

    def run(text: str | None = None, field: str | None = None):
        r = paragraph.add_run(text)
        r.font.size = Pt(CAPTION_PT)
        set_fonts(r._r, PAGE_NUMBER_FONT)
        if field is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), field)
            r._r.append(element)
        return r

    run("— ")
    run(field="begin")
    instr = run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    instr._r.append(code)
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _page_setup(doc: Document, margins: dict[str, float] = MARGINS_MM) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.footer_distance = Mm(margins["bottom"] - (MARGINS_MM["bottom"] - FOOTER_MM))
    section.header_distance = Mm(HEADER_MM)
    section.gutter = Mm(0)
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(paragraph)


def _clear_body(doc: Document) -> None:
    """pandoc reads only styles and page setup from a reference document: drop its sample text."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def pandoc_default_reference() -> bytes:
    """pandoc's own reference.docx: every style its writer uses exists in it."""
    command = [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"]
    return subprocess.run(command, check=True, capture_output=True, timeout=60).stdout


@cache
def reference_docx(brief: bool = False) -> bytes:
    """The reference document (the 摘要's with `brief`), built once per process."""
    doc = Document(io.BytesIO(pandoc_default_reference()))
    _doc_defaults(doc)
    for name, look in (brief_looks() if brief else LOOKS).items():
        apply_look(doc.styles[name], look)
    _table_style(doc)
    _page_setup(doc, BRIEF_MARGINS_MM if brief else MARGINS_MM)
    _clear_body(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
