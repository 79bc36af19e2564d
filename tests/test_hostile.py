"""Broken, hostile and odd files through the real ingest path (`python -m perfeval ingest`):
each case asserts the problem code, the key words of its Chinese message, and the store."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import tomllib
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perfeval import markdown, pipeline
from perfeval.cli.main import main
from perfeval.readers import MAX_UPLOAD_BYTES, read_path, read_workbook, safezip
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_PROJECT,
    CONTENT,
    INFO_UNIT,
    INFO_YEAR,
    ITEM,
    NOTE,
    SEC_FUNCTIONS,
    SECTION,
    SHEET_INFO,
    SHEET_SPENDING,
    SHEET_TEXT,
    ReadResult,
)
from perfeval.store.core import Store
from perfeval.template import write_workbook
from tests.shared import zipbomb
from tests.xlsx_factory import (
    SEED_UNIT,
    SPENDING_HEADER,
    Text,
    build_xlsx,
    patch_entries,
    replace_once,
    seed_like_sheets,
)

REPO = Path(__file__).resolve().parent.parent
D = Decimal


# ---------------------------------------------------------------- the ingest harness
class Ingest:
    """A store holding one version already, and the CLI that ingests into it."""

    def __init__(self, root: Path, capsys) -> None:
        self.root, self.capsys = root, capsys
        self.dir = root / "store"
        seed = root / "seed.xlsx"
        seed.write_bytes(build_xlsx(seed_like_sheets()))
        assert main(["ingest", str(seed), "--store", str(self.dir)]) == 0
        capsys.readouterr()

    def state(self) -> tuple:
        store = Store(self.dir)
        try:
            return store.generation(), store.versions()
        finally:
            store.close()

    def run(self, data: bytes, name: str = "upload.xlsx") -> tuple[int, str]:
        path = self.root / name
        path.write_bytes(data)
        code = main(["ingest", str(path), "--store", str(self.dir)])
        out = self.capsys.readouterr()
        text = out.out + out.err
        assert "Traceback" not in text
        return code, text

    def refused(self, data: bytes, code: str, *words: str, name: str = "upload.xlsx"):
        """The reader's error `code` says `words`; the CLI stores nothing and exits 2."""
        result = read_workbook(data, name)
        problem = _one(result, code)
        assert problem.level == "error" and not result.ok, str(problem)
        for word in words:
            assert word in problem.message, problem.message
        if code not in safezip.FILE_PROBLEM_CODES:
            assert problem.sheet, str(problem)
        before = self.state()
        exit_code, text = self.run(data, name)
        assert exit_code == 2 and problem.message in text
        assert self.state() == before  # the store is unchanged
        return problem

    def accepted(self, data: bytes, name: str = "upload.xlsx") -> ReadResult:
        """Read without error; the CLI stores it as one new version."""
        result = read_workbook(data, name)
        assert result.ok, [str(p) for p in result.errors]
        generation, versions = self.state()
        exit_code, _ = self.run(data, name)
        assert exit_code == 0
        after_generation, after = self.state()
        assert after_generation == generation + 1 and len(after) == len(versions) + 1
        return result


@pytest.fixture
def ingest(tmp_path, capsys) -> Ingest:
    return Ingest(tmp_path, capsys)


def _one(result: ReadResult, code: str):
    found = [p for p in result.problems if p.code == code]
    assert len(found) == 1, [f"{p.code}: {p}" for p in result.problems]
    return found[0]


# ---------------------------------------------------------------- builders
def _xlsx(sheets: dict | None = None) -> bytes:
    return build_xlsx(sheets or seed_like_sheets())


SPENDING_XML = "xl/worksheets/sheet2.xml"  # 支出 is the second sheet of seed_like_sheets()


def _col(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def spending_xml(rows: int, extra_columns: int = 0) -> Callable[[bytes], bytes]:
    """支出 as raw XML: the header (plus `extra_columns` unknown ones) and `rows` project rows,
    全年执行数 of row r being r + 0.5. Raw XML because openpyxl takes minutes for 100 000 rows."""

    def edit(content: bytes) -> bytes:
        text = content.decode()
        header = list(SPENDING_HEADER) + [f"附加{j}" for j in range(extra_columns)]
        parts = ['<sheetData><row r="1">']
        parts += [_inline(f"{_col(j)}1", name) for j, name in enumerate(header)]
        parts.append("</row>")
        for r in range(2, rows + 2):
            parts.append(
                f'<row r="{r}">{_inline(f"B{r}", CAT_PROJECT)}{_inline(f"C{r}", f"项目{r}")}'
                f'<c r="F{r}"><v>{r}.5</v></c></row>'
            )
        parts.append("</sheetData>")
        return re.sub(
            r"<sheetData>.*</sheetData>|<sheetData/>", "".join(parts), text, flags=re.S
        ).encode()

    return edit


def cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (OLE2, version 3): the container of .xls and of encrypted .xlsx."""
    sector, end, free, fat_mark = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    padded = {name: data.ljust(max(4096, len(data)), b"\0") for name, data in streams.items()}
    fat = [fat_mark, end]  # sector 0: the FAT, sector 1: the directory
    starts = {}
    for name, data in padded.items():
        count = -(-len(data) // sector)
        starts[name] = len(fat)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sLLLLLLLLL",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\0" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        1,
        1,
        0,
        4096,
        end,
        0,
        end,
        0,
    ) + struct.pack("<109L", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBLLL16sLQQLQ",
            encoded,
            len(encoded),
            kind,
            1,
            free,
            right,
            child,
            b"\0" * 16,
            0,
            0,
            0,
            start,
            size,
        )

    names = list(padded)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else free
        directory += entry(name, 2, free, right, starts[name], len(streams[name]))
    directory = directory.ljust(sector, b"\0")
    body = b"".join(data.ljust(-(-len(data) // sector) * sector, b"\0") for data in padded.values())
    return header + struct.pack("<128L", *fat) + directory + body


# ---------------------------------------------------------------- files that are not workbooks
NOT_WORKBOOKS = {
    "empty": (b"", "not_xlsx", ("空的", "请上传")),
    "text": (b"just some notes\nabout the budget\n", "not_xlsx", ("文本", "另存为 .xlsx")),
    "csv": ("项目,内容\n单位名称,某局\n年度,2024\n".encode(), "not_xlsx", ("CSV", "另存为 .xlsx")),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "not_xlsx", ("PDF", ".xlsx")),
    "xls": (
        cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00"}),
        "not_xlsx",
        ("旧版 .xls", "另存为 .xlsx"),
    ),
    "encrypted": (
        cfb(
            {
                "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                "EncryptedPackage": b"\x99" * 64,
            }
        ),
        "not_xlsx",
        ("密码", "取消密码"),
    ),
    "truncated": (_xlsx()[:3000], "corrupt", ("损坏", "重新从 Excel 保存")),
    "ods": (
        patch_entries(
            _xlsx(), {}, add={"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}
        ).replace(b"xl/workbook.xml", b"xl/workbook.xmz"),
        None,  # a zip whose directory no longer names xl/workbook.xml: not_xlsx or corrupt
        ("另存为 .xlsx",),
    ),
}


@pytest.mark.parametrize("case", NOT_WORKBOOKS, ids=list(NOT_WORKBOOKS))
def test_files_that_are_not_workbooks_are_refused(ingest, case):
    data, code, words = NOT_WORKBOOKS[case]
    if code is None:
        code = read_workbook(data).errors[0].code
        assert code in ("not_xlsx", "corrupt")
    ingest.refused(data, code, *words)


def test_corrupt_member_crc_is_refused(ingest):
    data = bytearray(_xlsx())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SPENDING_XML)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # inside the deflate data of the sheet
    ingest.refused(bytes(data), "corrupt", "损坏", ".xlsx")


def test_xlsm_data_is_read_macros_never_run(ingest):
    data = patch_entries(
        _xlsx(),
        {"[Content_Types].xml": replace_once("sheet.main+xml", "sheet.macroEnabled.main+xml")},
        add={"xl/vbaProject.bin": cfb({"VBA": b'Attribute VB_Name = "Module1"'})},
    )
    result = ingest.accepted(data, "宏.xlsm")
    problem = _one(result, "macros")
    assert problem.level == "warning" and "宏不会被执行" in problem.message
    assert "只读取了其中的数据" in problem.message
    assert result.workbook.spending[ACTUAL].tolist() == [D("318.2"), D("52.75"), D("258.6")]


def test_sheet_protection_password_does_not_matter(ingest):
    """A password that only protects a sheet from editing: the data is readable, so it is read."""
    protect = '<sheetProtection password="CC3D" sheet="1" objects="1" scenarios="1"/>'
    data = patch_entries(
        _xlsx(), {SPENDING_XML: replace_once("</sheetData>", "</sheetData>" + protect)}
    )
    assert ingest.accepted(data).problems == []


# ---------------------------------------------------------------- size limits
def test_zip_bomb_1mib_to_1gib_is_refused_fast_and_small(ingest):
    data = zipbomb.bomb_bytes()  # ~1.07 MiB inflating to 1 GiB
    assert len(data) < 2 * 1024 * 1024
    problem = ingest.refused(data, "zip_bomb", "解压后", "恶意构造", "另存为 .xlsx")
    assert problem.sheet is None  # a whole-file problem


def test_zip_bomb_with_lying_headers_is_refused(ingest):
    data = zipbomb.bomb_bytes(256 << 20, declared=1 << 20)  # says 1 MiB, inflates to 256 MiB
    ingest.refused(data, "zip_bomb", "实际大小超过其声明的大小")


def test_too_many_zip_entries(ingest):
    extra = {f"xl/media/pad{i}.bin": b"" for i in range(safezip.MAX_ZIP_ENTRIES)}
    ingest.refused(patch_entries(_xlsx(), {}, add=extra), "zip_bomb", "内部包含")


def test_too_many_shared_strings(ingest, monkeypatch):
    monkeypatch.setattr(safezip, "MAX_SHARED_STRINGS", 5)
    table = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    table += "".join(f"<si><t>文本{i}</t></si>" for i in range(6)) + "</sst>"
    data = patch_entries(_xlsx(), {}, add={"xl/sharedStrings.xml": table.encode()})
    ingest.refused(data, "zip_bomb", "6 个不同的文本")


def test_over_the_upload_limit_cli_and_config(ingest, tmp_path):
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as handle:  # sparse: no 20 MiB written
        handle.write(_xlsx())
        handle.truncate(MAX_UPLOAD_BYTES + 1)
    result = read_path(path)
    problem = _one(result, "too_large")
    assert "文件太大" in problem.message and "上限为 20 MB" in problem.message
    before = ingest.state()
    assert main(["ingest", str(path), "--store", str(ingest.dir)]) == 2
    assert ingest.state() == before
    ingest.refused(b"PK\x03\x04" + b"\0" * MAX_UPLOAD_BYTES, "too_large", "文件太大")


def test_far_stray_cell_is_refused_before_it_is_read(ingest):
    """A cell at XFD1048576 would make the reader hold 17 billion cells (the process dies)."""
    stray = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = patch_entries(
        _xlsx(), {SPENDING_XML: replace_once("</sheetData>", stray + "</sheetData>")}
    )
    problem = ingest.refused(data, "sheet_too_large", "1048576 行", "删除表格下方和右侧多余的内容")
    assert problem.sheet == SHEET_SPENDING


def test_rows_over_the_limit(ingest):
    stray = '<row r="100002"><c r="F100002"><v>1</v></c></row>'
    data = patch_entries(
        _xlsx(), {SPENDING_XML: replace_once("</sheetData>", stray + "</sheetData>")}
    )
    problem = ingest.refused(data, "too_many_rows", "超过上限 100000 行", "删除表格下方多余的内容")
    assert problem.sheet == SHEET_SPENDING


def test_100000_rows_are_read(ingest):
    data = patch_entries(_xlsx(), {SPENDING_XML: spending_xml(safezip.MAX_SHEET_ROWS - 1)})
    result = ingest.accepted(data)  # how long it takes is the benchmark's business (bench/)
    spending = result.workbook.spending
    assert len(spending) == 99_999 and spending[ACTUAL].iloc[-1] == D("100000.5")


def test_1000_columns_are_read_with_one_note(ingest):
    data = patch_entries(_xlsx(), {SPENDING_XML: spending_xml(20, extra_columns=993)})
    result = ingest.accepted(data)
    note = _one(result, "unknown_column")
    assert "993 列不是模板中的列" in note.message and note.sheet == SHEET_SPENDING
    assert len(result.workbook.spending) == 20


def test_entity_expansion_in_workbook_xml_is_not_parsed(ingest):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = patch_entries(
        _xlsx(),
        {"xl/workbook.xml": lambda b: laughs.encode() + b},
    )
    result = read_workbook(data)
    assert not result.ok
    for problem in result.errors:
        assert problem.sheet or problem.code in safezip.FILE_PROBLEM_CODES
    before = ingest.state()
    assert ingest.run(data)[0] == 2 and ingest.state() == before


# ---------------------------------------------------------------- odd but readable sheets
def test_merged_two_row_header_is_understood(ingest):
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING] = [
        ["资金性质", "支出类别", "明细", "金额", None, None, "备注"],
        [None, None, None, "年初预算数", "全年预算数", "全年执行数", None],
        ["一般公共预算", CAT_PROJECT, "企业上云补助", 200, 260, 258.6, None],
    ]
    data = build_xlsx(sheets)
    merges = "".join(f'<mergeCell ref="{c}1:{c}2"/>' for c in "ABCG") + '<mergeCell ref="D1:F1"/>'
    data = patch_entries(
        data,
        {
            SPENDING_XML: replace_once(
                "</sheetData>", f'</sheetData><mergeCells count="5">{merges}</mergeCells>'
            )
        },
    )
    result = ingest.accepted(data)
    spending = result.workbook.spending
    assert spending["行号"].tolist() == [3] and spending[BUDGET].tolist() == [D(260)]


def test_hidden_contract_sheet_is_read_with_a_note(ingest):
    data = patch_entries(
        _xlsx(),
        {
            "xl/workbook.xml": replace_once(
                'sheetId="2" state="visible"', 'sheetId="2" state="hidden"'
            )
        },
    )
    result = ingest.accepted(data)
    note = _one(result, "hidden_sheet")
    assert note.level == "note" and note.sheet == SHEET_SPENDING and "隐藏" in note.message


def test_hidden_duplicate_loses_to_the_visible_sheet(ingest):
    sheets = {f" {SHEET_SPENDING}": seed_like_sheets()[SHEET_SPENDING], **seed_like_sheets()}
    sheets[f" {SHEET_SPENDING}"] = [
        SPENDING_HEADER,
        [None, CAT_PROJECT, "诱饵", None, None, 999, None],
    ]
    data = patch_entries(
        build_xlsx(sheets),
        {
            "xl/workbook.xml": replace_once(
                'sheetId="1" state="visible"', 'sheetId="1" state="veryHidden"'
            )
        },
    )
    result = ingest.accepted(data)
    assert "可见" in _one(result, "duplicate_sheet").message
    assert "诱饵" not in result.workbook.spending[ITEM].tolist()


def test_header_repeated_mid_sheet_is_skipped(ingest):
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING] += [
        list(SPENDING_HEADER),
        ["一般公共预算", CAT_PROJECT, "第二段", 1, 1, 1, None],
    ]
    result = ingest.accepted(build_xlsx(sheets))
    note = _one(result, "repeated_header")
    assert (note.sheet, note.row) == (SHEET_SPENDING, 5) and "已跳过" in note.message
    assert result.workbook.spending["行号"].tolist() == [2, 3, 4, 6]


def test_10000_character_cells(ingest):
    long = "很长的说明" * 2000
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING][3][6] = long  # 备注: read as it is
    sheets[SHEET_TEXT][1][1] = long  # 文字说明: read as it is
    sheets[SHEET_SPENDING][3][2] = "项目" * 5000  # a name: read, with a warning
    result = ingest.accepted(build_xlsx(sheets))
    assert result.workbook.spending[NOTE].iloc[2] == long
    assert result.workbook.texts[SEC_FUNCTIONS] == long
    warning = _one(result, "long_text")
    assert (warning.level, warning.row, warning.column) == ("warning", 4, ITEM)
    assert "10000 个字" in warning.message and "请核对" in warning.message
    sheets[SHEET_SPENDING][3][2] = "企业上云补助"
    sheets[SHEET_INFO][1][1] = "局" * 10_000  # the unit's name is its identity: refused
    ingest.refused(build_xlsx(sheets), "long_text", "单位名称长达 10000 个字", "请只填写单位全称")


def test_control_characters_are_removed_with_a_warning(ingest):
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING][3][2] = "CTRL-NAME"
    data = patch_entries(
        build_xlsx(sheets),
        {SPENDING_XML: replace_once("CTRL-NAME", "企业_x0007_上云\u202e补助\u200b")},
    )
    result = ingest.accepted(data)
    assert result.workbook.spending[ITEM].iloc[2] == "企业上云补助"
    warning = _one(result, "control_chars")
    assert (warning.sheet, warning.row, warning.column) == (SHEET_SPENDING, 4, ITEM)
    assert "控制字符" in warning.message and "已删除" in warning.message


HOSTILE_TEXT = [
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "[点我](http://evil.example/x)",
    "![img](http://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "# 标题\n| 破 | 表 |",
    "企业上云🚀👩‍💻",
]


def test_hostile_text_is_data_in_the_summary_and_in_excel(ingest):
    sheets = seed_like_sheets()
    rows = [sheets[SHEET_SPENDING][0]]
    for i, text in enumerate(HOSTILE_TEXT):
        rows.append(["一般公共预算", CAT_PROJECT, Text(text), 10, 10, 10 + i, None])
    sheets[SHEET_SPENDING] = rows
    sheets[SHEET_TEXT] = [[SECTION, CONTENT], [SEC_FUNCTIONS, Text("\n".join(HOSTILE_TEXT))]]
    result = ingest.accepted(build_xlsx(sheets))
    book = result.workbook
    expected = [t.replace("\n", "\n") for t in HOSTILE_TEXT]
    assert book.spending[ITEM].tolist() == expected  # kept as written: emoji, = and all
    # the written summary: no link, image, HTML, heading or broken table from workbook text
    text = pipeline.report_text(pipeline.model_for({book.year: book}))
    assert "🚀👩‍💻" in text
    assert not re.search(r"(?<!\\)<img", text) and "](http" not in text.replace("\\](", "")
    assert not re.search(r"^#+ 标题", text, re.M)
    for line in text.splitlines():
        if line.startswith("|"):
            header_cells = len(re.findall(r"(?<!\\)\|", line))
            assert header_cells >= 2
    for block in re.findall(r"((?:^\|.*\n)+)", text, re.M):
        counts = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(counts) == 1, block  # every row of a table has the header's columns
    assert markdown.inline(HOSTILE_TEXT[0]) in text
    # Excel written by the app: text starting with = + - @ is a string cell, never a formula
    written = write_workbook(
        {INFO_UNIT: SEED_UNIT, INFO_YEAR: 2024},
        [{ITEM: t, "支出类别": CAT_PROJECT, ACTUAL: D(1)} for t in HOSTILE_TEXT],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(written))[SHEET_SPENDING]
    cells = [c for row in sheet.iter_rows() for c in row if c.value in HOSTILE_TEXT]
    assert len(cells) == len(HOSTILE_TEXT)
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if c.value[0] in "=+-@")
    again = read_workbook(written)
    assert again.ok and again.workbook.spending[ITEM].tolist() == HOSTILE_TEXT


# ---------------------------------------------------------------- numbers, dates
@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1,234.5", D("1234.5")), ("１２３", D(123)), ("12.3万", D("12.3")), (" 258.6 ", D("258.6"))],
)
def test_number_spellings_are_read(ingest, cell, expected):
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING][3][5] = cell
    result = ingest.accepted(build_xlsx(sheets))
    assert result.workbook.spending[ACTUAL].iloc[2] == expected


def _spending_cell(cell) -> bytes:
    sheets = seed_like_sheets()
    sheets[SHEET_SPENDING][3][5] = cell
    return build_xlsx(sheets)


def test_accounting_negative_is_an_error_naming_the_cell(ingest):
    problem = ingest.refused(_spending_cell("(12.3)"), "negative_amount", "负数", "括号表示负数")
    assert (problem.sheet, problem.row, problem.column) == (SHEET_SPENDING, 4, ACTUAL)


def test_date_in_an_amount_column_is_an_error_naming_the_cell(ingest):
    problem = ingest.refused(_spending_cell(dt.date(2024, 5, 1)), "not_a_number", "日期", "常规")
    assert (problem.sheet, problem.row, problem.column) == (SHEET_SPENDING, 4, ACTUAL)


def test_number_typed_in_a_date_formatted_cell(ingest):
    """258.6 typed into a cell formatted as a date shows as 1900-09-14: the reader sees a date."""
    book = openpyxl.load_workbook(io.BytesIO(_xlsx()))
    book[SHEET_SPENDING]["F4"].number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    ingest.refused(out.getvalue(), "not_a_number", "日期", "改为“常规”或“数值”")


@pytest.mark.parametrize(
    ("cell", "words"),
    [(dt.datetime(1905, 7, 16), "日期格式"), (45292, "不是四位年份"), ("二〇二四", "不是四位年份")],
)
def test_year_as_date_or_date_serial_is_an_error(ingest, cell, words):
    sheets = seed_like_sheets()
    sheets[SHEET_INFO][2][1] = cell
    problem = ingest.refused(build_xlsx(sheets), "bad_year", words, "2024")
    assert (problem.sheet, problem.row) == (SHEET_INFO, 3)


def test_limits_in_docs_match_the_code():
    doc = (REPO / "docs" / "security.md").read_text()
    for name, value in safezip.LIMITS.items():
        assert name in doc and f"{value:,}" in doc, name
