"""The safe-archive layer: size limits and zip checks run before anything parses an upload.
A refused file becomes one error Problem with a code of FILE_PROBLEM_CODES, never an exception."""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from perfeval.readers import engine, sandbox
from perfeval.readers.problems import Log
from perfeval.schema import (
    CODE_MACROS,
    Problem,
    ReadResult,
)

# ---- limits: every size check of the reader uses these, and docs/security.md lists them.
# The upload limit; .streamlit/config.toml sets server.maxUploadSize to the same 20 MB.
MAX_UPLOAD_BYTES: int = 20 * 1024 * 1024
# What the archive may unpack to, summed over its entries, as declared and as really inflated
# (checked before anything parses it: a 1 MiB "zip bomb" declaring 1 GiB is refused unread).
MAX_UNPACKED_BYTES: int = 100 * 1024 * 1024
MAX_ZIP_ENTRIES: int = 2_000  # an .xlsx has a few dozen; each entry costs memory to list
MAX_SHEET_ROWS: int = 100_000  # rows read from one sheet (a stray cell at row 1 048 576 …)
# Cells of one sheet's used range (rows × columns): the reader holds the whole rectangle in
# memory, so a far stray cell (XFD1048576) must be refused before the sheet is read.
MAX_SHEET_CELLS: int = 2_000_000
# Cells of all sheets' used ranges together: what the engine hands back is held at once.
MAX_BOOK_CELLS: int = 4_000_000
MAX_SHARED_STRINGS: int = 1_000_000  # distinct texts of a workbook (xl/sharedStrings.xml)
MAX_NAME_CHARS: int = 200  # a longer unit, project, income or indicator name is flagged
LIMITS = {
    "MAX_UPLOAD_BYTES": MAX_UPLOAD_BYTES,
    "MAX_UNPACKED_BYTES": MAX_UNPACKED_BYTES,
    "MAX_ZIP_ENTRIES": MAX_ZIP_ENTRIES,
    "MAX_SHEET_ROWS": MAX_SHEET_ROWS,
    "MAX_SHEET_CELLS": MAX_SHEET_CELLS,
    "MAX_BOOK_CELLS": MAX_BOOK_CELLS,
    "MAX_SHARED_STRINGS": MAX_SHARED_STRINGS,
    "MAX_NAME_CHARS": MAX_NAME_CHARS,
}
CODE_UNREADABLE = "unreadable"  # the file could not be opened from disk
# The reader itself failed (a bug, or a library's panic): still a problem, never a traceback,
# but one that tests and the property tests must never see on a generated file.
CODE_READER_FAILED = "reader_failed"
# The engine's worker process ran out of memory or time, or died: the file is refused.
CODE_READ_LIMIT = "read_limit"
# Problems about the file as a whole carry no sheet; every other error names its sheet.
FILE_PROBLEM_CODES = frozenset(
    {
        "not_xlsx",
        "corrupt",
        "too_large",
        "zip_bomb",
        CODE_UNREADABLE,
        CODE_READER_FAILED,
        CODE_READ_LIMIT,
        "file_not_found",
        CODE_MACROS,
        "not_recognised",  # none of the known layouts (readers/forms.py)
        "units_differ",  # two sheets of one file, two units or years
    }
)
# Exceptions of the Rust reader (pyo3 panics) derive from BaseException, not Exception.
FATAL = (KeyboardInterrupt, SystemExit, GeneratorExit)
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def too_large(size: int) -> Problem:
    limit = MAX_UPLOAD_BYTES // (1024 * 1024)
    message = (
        f"文件太大（{size / 1024 / 1024:.1f} MB），上限为 {limit} MB；"
        "请删除与模板无关的工作表、图片后再上传"
    )
    return Problem("error", message, code="too_large")


# ================================================================ the container
@dataclass
class OpenBook:
    """An upload that passed every archive check, read by python-calamine in a limited worker
    (readers/sandbox.py): `book` has the CalamineWorkbook attributes the readers use."""

    book: sandbox.EngineBook
    entries: Entries


def open_book(data: Any, source: str, log: Log) -> OpenBook | ReadResult:
    """The archive checked before anything inflates or parses it, then read by the engine in a
    worker; a refusal is a ReadResult without workbook whose problems say why (warnings so far
    are in `log`)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        log.error("not_xlsx", "没有收到文件内容，请上传 .xlsx 文件")
        return ReadResult(source, None, log.problems)
    data = bytes(data)
    if len(data) > MAX_UPLOAD_BYTES:
        return ReadResult(source, None, [too_large(len(data))])
    if not data.startswith(_ZIP_SIGNATURES):
        log.error("not_xlsx", _not_zip_message(data))
        return ReadResult(source, None, log.problems)
    # The archive is checked before anything inflates or parses it: entry count and directory
    # size from the end record, then declared sizes, then every entry really inflated (bounded).
    refusal = _check_end_record(data)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        log.error("corrupt", _CORRUPT_ZIP)
        return ReadResult(source, None, log.problems)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        log.error("not_xlsx", _zip_not_excel_message(archive, names))
        return ReadResult(source, None, log.problems)
    refusal = _check_names(infos)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    unpacked: dict[str, bytes] = {}
    refusal = _check_archive(data, infos, unpacked)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    entries = Entries(archive, unpacked)
    refusal = _check_shared_strings(entries, names)
    if refusal is not None:
        return ReadResult(source, None, [refusal])
    if _has_macros(entries, names, source):
        log.warning(
            CODE_MACROS,
            "这是含宏的工作簿（.xlsm）：宏不会被执行，只读取了其中的数据；"
            "如不需要宏，请在 Excel 中另存为 .xlsx",
        )
    limits = {
        "MAX_SHEET_CELLS": MAX_SHEET_CELLS,
        "MAX_BOOK_CELLS": MAX_BOOK_CELLS,
        "MAX_SHEET_ROWS": MAX_SHEET_ROWS,
    }
    read = sandbox.read_book(data, limits)
    if isinstance(read, sandbox.Failure):
        log.error(CODE_READ_LIMIT, _failure_message(read))
        return ReadResult(source, None, log.problems)
    if isinstance(read, dict):
        if read["status"] == "refused":
            log.error("corrupt", _structure_message(read["reason"]))
        elif read.get("kind") == "PasswordError":
            log.error("not_xlsx", _ENCRYPTED)
        else:
            log.error("corrupt", "文件已损坏，无法作为 .xlsx 读取，请在 Excel 中打开后另存为 .xlsx")
        return ReadResult(source, None, log.problems)
    entries.sheet_paths = read.paths()
    return OpenBook(read, entries)


def _structure_message(reason: str, what: str = "文件") -> str:
    return (
        f"{what}的内部结构异常（{reason}），可能已损坏或是恶意构造的文件，未读取；"
        "请在 Excel 中打开后另存为 .xlsx 再上传"
    )


def structure_message(reason: str) -> str:
    """The refusal of one sheet whose XML the engine might read otherwise than perfeval."""
    return _structure_message(reason, "工作表")


def _failure_message(failure: sandbox.Failure) -> str:
    fix = "文件可能已损坏或是恶意构造的（如远处的零星单元格、大量格式）；请在 Excel 中打开，删除多余内容后另存为 .xlsx 再上传"
    if failure.kind == "memory":
        return f"读取该文件所需的内存超过上限（{failure.memory_mb} MB），未读取；{fix}"
    if failure.kind == "time":
        return f"读取该文件超过了 {failure.seconds:g} 秒的时间上限，未读取；{fix}"
    return f"读取程序在读取该文件时异常退出，未读取；{fix}"


class Entries:
    """The archive's entries by name: those _check_archive kept inflated, else read by zipfile."""

    def __init__(self, archive: zipfile.ZipFile, unpacked: dict[str, bytes]) -> None:
        self.archive, self.unpacked = archive, unpacked
        # sheet name → the entry the engine read it from (set by open_book)
        self.sheet_paths: dict[str, str] | None = None

    def read(self, name: str) -> bytes:
        data = self.unpacked.get(name)
        return self.archive.read(name) if data is None else data


_CORRUPT_ZIP = "文件已损坏（不是完整的 .xlsx 压缩包），请重新从 Excel 保存后上传"
_ENCRYPTED = "文件设置了打开密码（已加密），无法读取；请在 Excel 中取消密码后另存为 .xlsx 再上传"
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # zip64 end of central directory record
_EOCD64_LOCATOR = struct.Struct("<4sLQL")
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_DIR_ENTRY_MAX = 320  # bytes of a central directory entry with a long name: bounds its size


def _zip_bomb(what: str) -> Problem:
    limit = MAX_UNPACKED_BYTES // (1024 * 1024)
    message = (
        f"文件{what}，超过上限（解压后 {limit} MB、{MAX_ZIP_ENTRIES} 个内部文件），"
        "可能已损坏或是恶意构造的文件，未读取；请在 Excel 中打开，删除多余内容后另存为 .xlsx 再上传"
    )
    return Problem("error", message, code="zip_bomb")


def _check_end_record(data: bytes) -> Problem | None:
    """Entry count and central directory size, from the zip's end record, before listing it.
    There must be one reading of the archive: the end record is the file's last 22 bytes (no
    comment, nothing appended) and the central directory ends where it starts (nothing
    prepended), so zipfile and the engine's zip reader cannot pick different directories."""
    at = len(data) - _EOCD.size
    if at < 0 or data[at : at + 4] != b"PK\x05\x06":
        return Problem("error", _CORRUPT_ZIP, code="corrupt")
    _, _, _, _, entries, dir_size, dir_offset, comment = _EOCD.unpack_from(data, at)
    end_of_directory = at
    if entries == 0xFFFF or dir_size == 0xFFFFFFFF or dir_offset == 0xFFFFFFFF:
        loc = at - _EOCD64_LOCATOR.size  # zip64: the real numbers are elsewhere
        if loc < 0 or data[loc : loc + 4] != b"PK\x06\x07":
            return Problem("error", _CORRUPT_ZIP, code="corrupt")
        offset = _EOCD64_LOCATOR.unpack_from(data, loc)[2]
        if offset + _EOCD64.size > len(data) or data[offset : offset + 4] != b"PK\x06\x06":
            return Problem("error", _CORRUPT_ZIP, code="corrupt")
        fields = _EOCD64.unpack_from(data, offset)
        entries, dir_size, dir_offset = fields[6], fields[7], fields[8]
        end_of_directory = offset
    if comment or dir_offset + dir_size != end_of_directory:
        return Problem("error", _CORRUPT_ZIP, code="corrupt")
    if entries > MAX_ZIP_ENTRIES or dir_size > MAX_ZIP_ENTRIES * _DIR_ENTRY_MAX:
        return _zip_bomb(f"内部包含 {entries} 个文件")
    return None


def _check_names(infos: list[zipfile.ZipInfo]) -> Problem | None:
    """Entry names the engine and zipfile resolve alike: the engine finds a part without regard
    to ASCII case and reads a backslash as a slash, zipfile takes the exact name (and the last of
    two). So no backslash, and no two names equal but for case."""
    seen: set[str] = set()
    for info in infos:
        key = engine.entry_key(info.filename)
        if "\\" in info.filename or key in seen:
            message = (
                f"文件内部的文件名“{info.filename[:60]}”重复（或只是大小写不同、含有反斜杠），"
                "可能是恶意构造的文件，未读取；请在 Excel 中打开后另存为 .xlsx 再上传"
            )
            return Problem("error", message, code="corrupt")
        seen.add(key)
    return None


def _check_archive(
    data: bytes, infos: list[zipfile.ZipInfo], unpacked: dict[str, bytes] | None = None
) -> Problem | None:
    """Declared sizes first (cheap), then each entry inflated in bounded chunks: a header that
    declares less than its data inflates to is caught here, not by the reader behind.
    Small entries that inflate exactly as declared are kept in `unpacked` (name → bytes), so the
    parts perfeval reads itself (workbook.xml, the sheets' XML) are not inflated a second time."""
    if len(infos) > MAX_ZIP_ENTRIES:
        return _zip_bomb(f"内部包含 {len(infos)} 个文件")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED_BYTES:
        return _zip_bomb(f"解压后有 {declared / 1024 / 1024:.0f} MB")
    total = kept = 0
    for info in infos:
        budget = MAX_UNPACKED_BYTES - total
        keep = (
            unpacked is not None
            and info.file_size <= _KEEP_ENTRY_BYTES
            and kept + info.file_size <= _KEEP_BYTES
        )
        parts: list[bytes] | None = [] if keep else None
        size = _inflated_size(data, info, budget, parts)
        if size is not None and size > budget:
            return _zip_bomb(f"内部文件 {info.filename[:60]} 的实际大小超过其声明的大小")
        if size is None or size != info.file_size:
            return Problem("error", _CORRUPT_ZIP, code="corrupt")
        if not _same_as_zipfile(data, info):
            return Problem("error", _CORRUPT_ZIP, code="corrupt")  # zipfile would not read it
        total += size
        if unpacked is not None and parts is not None:
            unpacked[info.filename] = parts[0] if len(parts) == 1 else b"".join(parts)
            kept += size
    return None


_KEEP_ENTRY_BYTES = 2 * 1024 * 1024  # entries kept inflated by _check_archive: each at most …
_KEEP_BYTES = 8 * 1024 * 1024  # … and all together at most this; larger ones are read again


def _same_as_zipfile(data: bytes, info: zipfile.ZipInfo) -> bool:
    """zipfile.ZipFile.read would return the bytes _inflated_size saw: it refuses flag bits 5
    and 6 and a local file name other than the central directory's (the engine's zip reader
    does not look at the local name: such a file is refused)."""
    if info.flag_bits & 0x61:
        return False
    head = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    start = info.header_offset + _LOCAL_HEADER.size
    raw = data[start : start + head[9]]
    try:
        name = raw.decode("utf-8") if head[2] & 0x800 else raw.decode("cp437")
    except UnicodeDecodeError:
        return False
    return name == info.orig_filename


def _inflated_size(
    data: bytes, info: zipfile.ZipInfo, budget: int, parts: list[bytes] | None = None
) -> int | None:
    """Bytes the entry really inflates to, counting at most budget + 1 (what the whole archive
    may still unpack to); None when it cannot be inflated (unknown method, cut short, bad CRC).
    A size other than the declared one is a damaged file, or a bomb when it passes the budget.
    When `parts` is a list, the inflated bytes are appended to it while they stay within the
    declared size (past it the list is emptied and the entry only counted)."""
    if info.flag_bits & 0x1:
        return None  # zip-level encryption: never used by Excel
    at = info.header_offset
    if at + _LOCAL_HEADER.size > len(data):
        return None
    head = _LOCAL_HEADER.unpack_from(data, at)
    if head[0] != b"PK\x03\x04":
        return None
    start = at + _LOCAL_HEADER.size + head[9] + head[10]
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    cap = budget + 1
    if info.compress_type == zipfile.ZIP_STORED:
        size, crc = len(raw), zlib.crc32(raw)
        if parts is not None and size <= info.file_size:
            parts.append(bytes(raw))
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        size, crc, step = 0, 0, 1 << 20
        try:
            for pos in range(0, len(raw), step):
                chunk = raw[pos : pos + step]
                while chunk:
                    out = inflater.decompress(chunk, 1 << 20)
                    size += len(out)
                    if size >= cap:
                        return size
                    crc = zlib.crc32(out, crc)
                    if parts is not None:
                        parts = _keep(parts, out, size, info.file_size)
                    chunk = inflater.unconsumed_tail
            out = inflater.flush()
        except zlib.error:
            return None
        size += len(out)
        crc = zlib.crc32(out, crc)
        if parts is not None:
            _keep(parts, out, size, info.file_size)
        if not inflater.eof:
            return None
    else:
        return None
    if size >= cap:
        return size
    return size if crc == info.CRC else None


def _keep(parts: list[bytes], out: bytes, size: int, declared: int) -> list[bytes] | None:
    """Append `out` to the kept parts while the entry stays within its declared size."""
    if size > declared:
        parts.clear()  # a liar: never hold more than the declared size; it will be refused
        return None
    if out:
        parts.append(out)
    return parts


def _check_shared_strings(archive: Entries | zipfile.ZipFile, names: set[str]) -> Problem | None:
    """The engine loads every distinct text at once, and first reserves room for as many as the
    table's uniqueCount says: both counted (by an XML parse) before it does."""
    for name in names:
        if engine.entry_key(name) != "xl/sharedstrings.xml":
            continue
        try:
            count, declared = engine.shared_strings(archive.read(name))
        except engine.XmlRefused as exc:
            return Problem("error", _structure_message(exc.reason), code="corrupt")
        count = max(count, declared)
        if count > MAX_SHARED_STRINGS:
            return _zip_bomb(f"包含 {count} 个不同的文本（上限 {MAX_SHARED_STRINGS} 个）")
    return None


def _zip_not_excel_message(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        return "这是 .xlsb 二进制工作簿，请在 Excel 中另存为 .xlsx"
    if "mimetype" in names:
        try:
            kind = archive.read("mimetype")[:100]
        except Exception:  # only a better message is at stake
            kind = b""
        if b"opendocument.spreadsheet" in kind:
            return "这是 OpenDocument 表格（.ods），请在 WPS 或 Excel 中另存为 .xlsx"
    return "这是一个压缩包，但不是 Excel 工作簿（.xlsx），请在 Excel 中另存为 .xlsx"


def _has_macros(archive: Entries | zipfile.ZipFile, names: set[str], source: str) -> bool:
    if "xl/vbaProject.bin" in names or source.lower().endswith((".xlsm", ".xltm")):
        return True
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        return False
    return b"macroEnabled" in types


def _not_zip_message(data: bytes) -> str:
    if not data:
        return "文件是空的（0 字节），请上传填好的 .xlsx 工作簿"
    if data.startswith(_OLE_SIGNATURE):
        if "EncryptionInfo".encode("utf-16-le") in data:
            return _ENCRYPTED
        return "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx"
    if data.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Excel 工作簿；请上传按模板填写的 .xlsx 文件"
    if _looks_like_text(data):
        return "这是文本（如 CSV）文件，不是 Excel 工作簿；请在 Excel 中打开后另存为 .xlsx"
    return "不是 .xlsx 文件，请上传按模板填写的 Excel 工作簿（.xlsx）"


def _looks_like_text(data: bytes) -> bool:
    head = data[:2048]
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if controls == 0:
            return True
    return False


def sheet_xml_paths(archive: Entries | zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip entry of its XML: for an opened upload, the entry the engine itself
    read (open_book); else from xl/workbook.xml and its relationships. Namespaces are ignored
    (transitional and strict OOXML alike); a DTD is never parsed."""
    if isinstance(archive, Entries) and archive.sheet_paths is not None:
        return dict(archive.sheet_paths)
    try:
        book_xml = archive.read("xl/workbook.xml")
        rels_xml = archive.read("xl/_rels/workbook.xml.rels")
        if b"<!DOCTYPE" in book_xml or b"<!DOCTYPE" in rels_xml:
            return {}  # no Excel file has one; entity tricks stop here
        book = ElementTree.fromstring(book_xml)
        rels = ElementTree.fromstring(rels_xml)
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error):
        return {}
    targets = {}
    for rel in rels.iter():
        if local_name(rel.tag) != "Relationship":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[rel.get("Id")] = posixpath.normpath(path)
    paths = {}
    for sheet in book.iter():
        if local_name(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if local_name(k) == "id"), None)
        if rid in targets:
            paths[sheet.get("name", "")] = targets[rid]
    return paths


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sheet_xml(archive: Entries | zipfile.ZipFile, path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return archive.read(path)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, ValueError):
        return None
