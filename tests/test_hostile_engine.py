"""Hostile workbooks that tried to make the checks and the engine (python-calamine) read different
things, each built at the byte level and sent through `python -m perfeval ingest`; and the
limited worker (readers/sandbox.py) catching an allocation planted past every check."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from perfeval.readers import read_workbook, safezip, sandbox
from tests.raw_xlsx import zip_entries
from tests.test_hostile import Ingest
from tests.xlsx_factory import build_xlsx, patch_entries, replace_once, seed_like_sheets

SPENDING = "xl/worksheets/sheet2.xml"  # 支出, the second sheet of seed_like_sheets()
KPI = "xl/worksheets/sheet3.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.fixture
def ingest(tmp_path, capsys) -> Ingest:
    return Ingest(tmp_path, capsys)


def seed() -> bytes:
    return build_xlsx(seed_like_sheets())


def stray(row: str) -> bytes:
    """The seed workbook with `row` (raw XML) added at the end of 支出's sheetData."""
    return patch_entries(seed(), {SPENDING: replace_once("</sheetData>", row + "</sheetData>")})


BOMB_ROW = "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"
BOMB_XML = (
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is>'
    f"</c></row>{BOMB_ROW}</sheetData></worksheet>"
).encode()


# ---------------------------------------------------------------- far cells, however written
FAR_CELLS = {
    "single quotes": ("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>", 16384),
    "double quotes": ('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', 16384),
    "lower case": ('<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>', 16384),
    "leading zeros": ('<row r="1048576"><c r="XFD0001048576"><v>1</v></c></row>', 16384),
    "100 columns": ("<row r='1048576'><c r='CV1048576'><v>1</v></c></row>", 100),
    "100 columns, lower case": ("<row r='1048576'><c r='cv1048576'><v>1</v></c></row>", 100),
    "prefixed element": (
        f'<row r="1048576"><x:c xmlns:x="{MAIN}" r="XFD1048576"><x:v>1</x:v></x:c></row>',
        16384,
    ),
    "empty inline string": (
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>',
        16384,
    ),
    # no reference: calamine places the cell at its row, first column: 1048576 rows × 7
    "no reference": ('<row r="1048576"><c><v>1</v></c></row>', 7),
}


@pytest.mark.parametrize("case", FAR_CELLS, ids=list(FAR_CELLS))
def test_far_cell_is_measured_as_the_engine_reads_it(ingest, case):
    row, width = FAR_CELLS[case]
    problem = ingest.refused(
        stray(row), "sheet_too_large", f"1048576 行 × {width} 列", "零星单元格"
    )
    assert problem.sheet == "支出"


def test_cells_the_engine_never_stores_do_not_count(ingest):
    """A styled empty cell <c r=…/> or one with an empty element is not stored by calamine:
    a far one is no reason to refuse the file (Excel writes such cells for formatting)."""
    ingest.accepted(stray('<row r="1048576"><c r="XFD1048576" s="1"/><c r="XFC1048576"></c></row>'))


OUT_OF_BOUNDS = {
    "column past XFD": '<row r="9"><c r="XFE9"><v>1</v></c></row>',
    "row past 1048576": '<row r="9"><c r="A1048577"><v>1</v></c></row>',
    "row that wraps at 2**32": '<row r="9"><c r="A4294967297"><v>1</v></c></row>',
    "dollar sign": '<row r="9"><c r="$A$9"><v>1</v></c></row>',
    "row number with letters": '<row r="C9"><c><v>1</v></c></row>',
    "row outside sheetData": "</sheetData><sheetData><row r='9'><c r='A9'><v>1</v></c></row>",
}


@pytest.mark.parametrize("case", OUT_OF_BOUNDS, ids=list(OUT_OF_BOUNDS))
def test_references_outside_excel_are_refused(ingest, case):
    problem = ingest.refused(stray(OUT_OF_BOUNDS[case]), "corrupt", "内部结构异常", "另存为 .xlsx")
    assert problem.sheet == "支出"


def test_a_dtd_in_a_sheet_is_refused(ingest):
    laughs = '<!DOCTYPE w [<!ENTITY e "1">]>'
    data = patch_entries(seed(), {SPENDING: lambda b: laughs.encode() + b})
    assert ingest.refused(data, "corrupt", "DTD").sheet == "支出"


# ---------------------------------------------------------------- one path to each sheet
def _rels(target: str) -> dict:
    return {
        "xl/_rels/workbook.xml.rels": replace_once(
            'Target="/xl/worksheets/sheet2.xml"', f'Target="{target}"'
        )
    }


PATHS = {
    "./ segment": ("./worksheets/sheet2.xml", "xl/./worksheets/sheet2.xml"),
    "../ segment": ("../xl/worksheets/sheet2.xml", "xl/../xl/worksheets/sheet2.xml"),
    "../ inside": (
        "/xl/worksheets/../worksheets/sheet2.xml",
        "xl/worksheets/../worksheets/sheet2.xml",
    ),
    "empty segment": ("/xl//worksheets/sheet2.xml", "xl//worksheets/sheet2.xml"),
}


@pytest.mark.parametrize("case", PATHS, ids=list(PATHS))
def test_sheet_path_with_dot_segments_is_refused(ingest, case):
    """calamine looks the literal path up (here: the bomb), Python's normpath would not."""
    target, literal = PATHS[case]
    data = patch_entries(seed(), _rels(target), add={literal: BOMB_XML})
    ingest.refused(data, "corrupt", "含有 . 、.. 或反斜杠")


def test_duplicate_sheet_names_are_refused(ingest):
    """calamine reads the first of two sheets of one name, a dict the last."""
    data = patch_entries(
        seed(),
        {
            "xl/workbook.xml": replace_once('name="绩效指标"', 'name="支出"'),
            KPI: lambda _: BOMB_XML,
        },
    )
    ingest.refused(data, "corrupt", "有两个名为「支出」的工作表")


def test_two_sheets_reading_one_part_are_refused(ingest):
    edit = replace_once('Target="/xl/worksheets/sheet3.xml"', 'Target="worksheets/sheet2.xml"')
    data = patch_entries(seed(), {"xl/_rels/workbook.xml.rels": edit})
    ingest.refused(data, "corrupt", "两个工作表指向同一份数据")


def test_entry_names_equal_but_for_case_are_refused(ingest):
    """calamine finds parts without regard to case (the later of two wins), zipfile exactly."""
    data = patch_entries(seed(), {}, add={"xl/worksheets/Sheet2.xml": BOMB_XML})
    ingest.refused(data, "corrupt", "重复", "大小写")


def test_repeated_entry_name_is_refused(ingest):
    archive = zipfile.ZipFile(io.BytesIO(seed()))
    entries = [(i.filename, archive.read(i)) for i in archive.infolist()]
    entries.append((SPENDING, BOMB_XML))
    ingest.refused(zip_entries(entries), "corrupt", "重复")


def test_backslash_entry_name_is_refused(ingest):
    """calamine reads xl\\worksheets\\sheet2.xml as xl/worksheets/sheet2.xml, zipfile does not."""
    archive = zipfile.ZipFile(io.BytesIO(seed()))
    entries = [(i.filename, archive.read(i)) for i in archive.infolist() if i.filename != SPENDING]
    entries.append(("xl\\worksheets\\sheet2.xml", BOMB_XML))
    ingest.refused(zip_entries(entries), "corrupt", "反斜杠")


def test_character_reference_in_a_target_is_refused(ingest):
    """calamine takes a sheet target raw (sheet&#50;.xml), an XML parser decodes it."""
    data = patch_entries(
        seed(),
        _rels("/xl/worksheets/sheet&#50;.xml"),
        add={"xl/worksheets/sheet&#50;.xml": BOMB_XML},
    )
    ingest.refused(data, "corrupt", "实体引用")


def test_workbook_outside_xl_is_refused(ingest):
    """The package relationship decides where calamine looks for workbook.xml."""
    edit = replace_once('Target="xl/workbook.xml"', 'Target="other/workbook.xml"')
    archive = zipfile.ZipFile(io.BytesIO(seed()))
    add = {"other/" + n[3:]: archive.read(n) for n in archive.namelist() if n.startswith("xl/")}
    data = patch_entries(seed(), {"_rels/.rels": edit}, add=add)
    ingest.refused(data, "corrupt", "不在 xl/ 文件夹中")


def test_shared_strings_reservation_is_counted(ingest):
    """calamine reserves room for uniqueCount strings before reading one."""
    table = f'<sst xmlns="{MAIN}" uniqueCount="4000000000"><si><t>a</t></si></sst>'
    data = patch_entries(seed(), {}, add={"xl/sharedStrings.xml": table.encode()})
    ingest.refused(data, "zip_bomb", "4000000000 个不同的文本")


# ---------------------------------------------------------------- one reading of the zip
def test_appended_bytes_and_zip_comments_are_refused(ingest):
    data = seed()
    ingest.refused(data + b"PK\x05\x06" + b"\0" * 18, "corrupt", "损坏")
    commented = data[:-2] + struct.pack("<H", 4) + b"note"
    ingest.refused(commented, "corrupt", "损坏")
    ingest.refused(b"\0" * 64 + data, "not_xlsx", ".xlsx")


def test_local_name_other_than_the_directory_is_refused(ingest):
    """The engine reads an entry by its central directory name, zipfile checks the local one."""
    data = bytearray(seed())
    at = data.index(SPENDING.encode())  # the first occurrence is the local header's
    data[at : at + len(SPENDING)] = b"xl/worksheets/sheet9.xml"
    ingest.refused(bytes(data), "corrupt", "损坏")


# ---------------------------------------------------------------- the worker, past every check
def test_allocation_past_every_check_is_one_refused_file(ingest, monkeypatch):
    """With the checks switched off, calamine is asked for 17 billion cells (549 GB): the worker
    hits its address-space limit and dies; the caller gets a refusal and goes on reading."""
    monkeypatch.setattr(safezip, "MAX_SHEET_CELLS", 10**13)
    monkeypatch.setattr(safezip, "MAX_BOOK_CELLS", 10**13)
    problem = ingest.refused(stray(BOMB_ROW), safezip.CODE_READ_LIMIT, "内存超过上限", "512 MB")
    assert problem.sheet is None
    monkeypatch.undo()
    sheets = seed_like_sheets()
    sheets["支出"][1][6] = "下一份文件"
    ingest.accepted(build_xlsx(sheets))  # a new worker reads the next file


def test_a_worker_over_its_time_is_killed_and_replaced():
    pool = sandbox.Pool(size=1, seconds=0.05)
    try:
        assert pool.call("echo", b"warm") == 4
        rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 60_000))
        failure = sandbox.read_book(stray(rows), _limits(), pool)
        assert isinstance(failure, sandbox.Failure) and failure.kind == "time"
        assert "秒的时间上限" in safezip._failure_message(failure)
        assert pool.call("echo", b"again") == 5  # a new worker
    finally:
        pool.close()


def test_worker_reply_may_not_name_other_globals():
    payload = b"cos\nsystem\n(S'true'\ntR."  # os.system("true") if unpickled naively
    with pytest.raises(Exception, match="refused global"):
        sandbox._SafeUnpickler(io.BytesIO(payload)).load()


def test_workers_are_reused_across_files():
    pool = sandbox.Pool(size=1)
    try:
        for _ in range(3):
            assert isinstance(sandbox.read_book(seed(), _limits(), pool), sandbox.EngineBook)
        assert len(pool._idle) == 1 and pool._idle[0].files == 3
    finally:
        pool.close()


def _limits() -> dict[str, int]:
    return {
        "MAX_SHEET_CELLS": safezip.MAX_SHEET_CELLS,
        "MAX_BOOK_CELLS": safezip.MAX_BOOK_CELLS,
        "MAX_SHEET_ROWS": safezip.MAX_SHEET_ROWS,
    }


def test_seed_still_reads():
    assert read_workbook(seed()).ok
