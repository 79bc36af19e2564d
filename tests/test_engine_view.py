"""perfeval's view of a sheet (readers/engine.py) against python-calamine's own, on random byte-level
sheets: the used range perfeval measures always holds the rectangle calamine allocates."""

from __future__ import annotations

import io

import python_calamine
from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.readers import engine
from tests.raw_xlsx import NS, build, sheet_xml

MAIN = NS
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@st.composite
def cells(draw) -> tuple[str, bool]:
    """(one <c> element, whether calamine stores it for sure: it has a value)."""
    column = draw(st.integers(0, 40))
    row = draw(st.integers(1, 30))
    letters = LETTERS[column // 26 - 1] + LETTERS[column % 26] if column >= 26 else LETTERS[column]
    digits = "0" * draw(st.integers(0, 3)) + str(row)
    ref = draw(st.sampled_from([letters, letters.lower(), letters.title()])) + digits
    quote = draw(st.sampled_from(['"', "'"]))
    where = draw(st.sampled_from([f" r={quote}{ref}{quote}", ""]))
    prefix = draw(st.sampled_from(["", "x:"]))
    body, valued = draw(
        st.sampled_from(
            [
                (f"<{prefix}v>7</{prefix}v>", True),
                (f"<{prefix}is><{prefix}t>t</{prefix}t></{prefix}is>", True),
                (f"<{prefix}f>1+1</{prefix}f>", False),
                (f"<{prefix}v></{prefix}v>", False),
                ("", False),
            ]
        )
    )
    kind = ' t="inlineStr"' if "is>" in body else ""
    xmlns = f' xmlns:x="{MAIN}"' if prefix else ""
    if not body:
        return draw(
            st.sampled_from(
                [f"<{prefix}c{xmlns}{where}/>", f"<{prefix}c{xmlns}{where}></{prefix}c>"]
            )
        ), False
    return f"<{prefix}c{xmlns}{where}{kind}>{body}</{prefix}c>", valued


@st.composite
def sheets(draw) -> tuple[str, bool]:
    rows, all_valued = [], True
    for _ in range(draw(st.integers(0, 6))):
        number = draw(st.sampled_from(["", f' r="{draw(st.integers(1, 30))}"']))
        found = draw(st.lists(cells(), max_size=5))
        all_valued &= all(valued for _, valued in found)
        rows.append(f"<row{number}>" + "".join(c for c, _ in found) + "</row>")
    return "".join(rows), all_valued


def calamine_range(data: bytes) -> tuple[int, int, int, int] | None:
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("s")
    if sheet.start is None or sheet.height == 0:
        return None
    (row, col), height, width = sheet.start, sheet.height, sheet.width
    return row, row + height - 1, col, col + width - 1


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_used_range_holds_what_calamine_allocates(sheet):
    body, all_valued = sheet
    xml = sheet_xml(body)
    data = build({"s": xml})
    try:
        ours = engine.used_range(xml.encode())
    except engine.XmlRefused:
        return  # refused: calamine is never asked
    theirs = calamine_range(data)
    if theirs is None:
        return
    assert ours is not None, (body, theirs)
    assert ours[0] <= theirs[0] and ours[1] >= theirs[1], (body, ours, theirs)
    assert ours[2] <= theirs[2] and ours[3] >= theirs[3], (body, ours, theirs)
    if all_valued:  # every cell perfeval counts is one calamine stores: the same rectangle
        assert ours == theirs, (body, ours, theirs)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["支出", "收入", "a&amp;b", "x", "Sheet1"]), min_size=1, max_size=4)
)
def test_sheet_parts_follow_calamine(names):
    """Each sheet's part is the one calamine reads (its values say which), or the file is refused."""
    unique = list(dict.fromkeys(names))
    xmls = {
        n: sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{i}</t></is></c></row>')
        for i, n in enumerate(unique)
    }
    data = build(xmls)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    import zipfile

    parts = engine.sheet_parts(zipfile.ZipFile(io.BytesIO(data)), book.sheet_names)
    for index, (name, entry) in enumerate(parts):
        assert entry == f"xl/worksheets/sheet{index + 1}.xml"
        assert book.get_sheet_by_name(name).to_python() == [[str(index)]]


def test_cell_position_reads_references_as_calamine():
    assert engine.cell_position("A1") == (0, 0)
    assert engine.cell_position("xfd1048576") == (1_048_575, 16_383)
    assert engine.cell_position("Cv0100") == (99, 99)
    for ref in ("A0", "XFE1", "A1048577", "$A$1", " A1", "A", "1", "AAAA1", "A1B"):
        assert engine.cell_position(ref) is None, ref
