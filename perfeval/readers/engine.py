"""The spreadsheet engine's own view of an upload (sheet paths and used ranges found as python-calamine
finds them) and the limited worker that reads it: stdlib and python_calamine only, run as a script.

Why this exists: a check that reads a workbook with other eyes than the engine can be walked past
(a cell written r='XFD1048576', a sheet path with ./, two sheets of one name …). Every rule below
was taken from calamine 0.37's xlsx reader (python-calamine 0.9.1) and tried on byte-level files
(tests/test_engine_view.py); where the two views could still differ the file is refused.
Run as `python -I engine.py MEMORY_BYTES`, it serves requests from sandbox.py (see there)."""

from __future__ import annotations

import io
import os
import pickle
import pyexpat
import resource
import signal
import struct
import sys
import threading
import time
import zipfile
from typing import Any

# Excel's sheet bounds: a reference past them is never written by Excel (calamine would wrap it
# around 2**32 or fail), so it is refused, not interpreted
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset(b"0123456789")
SHEET_TYPES = ("worksheet", "chartsheet", "dialogsheet")


class XmlRefused(Exception):
    """A part whose structure the engine and perfeval might read differently: `reason` (Chinese)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ================================================================ XML as quick-xml sees it
def local_name(name: str) -> str:
    """quick-xml's local name: what follows the first colon of the raw (prefixed) name."""
    at = name.find(":")
    return name if at < 0 else name[at + 1 :]


def _parser() -> Any:
    """expat without namespace processing (raw names, as calamine matches them), the bytes read
    as UTF-8 whatever the declaration says (calamine ignores it), and no DTD at all."""
    parser = pyexpat.ParserCreate("utf-8")

    def refuse(*_args: Any) -> None:
        raise XmlRefused("含有 DTD 声明（Excel 不会写出）")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.buffer_text = True
    return parser


def _parse(parser: Any, xml: bytes) -> None:
    try:
        parser.Parse(xml, True)
    except pyexpat.ExpatError as exc:
        raise XmlRefused(f"XML 格式错误（第 {exc.lineno} 行）") from None


def events(xml: bytes) -> list[tuple[bool, str, dict[str, str]]]:
    """(is a start tag, local name, attributes by raw name) of every tag in document order, an
    empty element giving a start and an end (quick-xml's expand_empty_elements)."""
    out: list[tuple[bool, str, dict[str, str]]] = []
    parser = _parser()
    parser.StartElementHandler = lambda name, attrs: out.append((True, local_name(name), attrs))
    parser.EndElementHandler = lambda name: out.append((False, local_name(name), {}))
    _parse(parser, xml)
    return out


def count_elements(xml: bytes, names: tuple[str, ...]) -> dict[str, int]:
    """How many elements of each local name in `names` the XML holds, and "*": all of them."""
    counts = dict.fromkeys(names, 0)
    counts["*"] = 0
    wanted = frozenset(names)

    def start(name: str, _attrs: Any) -> None:
        counts["*"] += 1
        local = local_name(name)
        if local in wanted:
            counts[local] += 1

    parser = _parser()
    parser.StartElementHandler = start
    _parse(parser, xml)
    return counts


def shared_strings(xml: bytes) -> tuple[int, int]:
    """(<si> elements, the uniqueCount of the first <sst> as calamine reserves room for it, 0 when
    it is not a plain number) of xl/sharedStrings.xml."""
    counts = {"si": 0, "declared": -1}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = local_name(name)
        if local == "si":
            counts["si"] += 1
        elif local == "sst" and counts["declared"] < 0:
            value = attrs.get("uniqueCount", "")
            counts["declared"] = int(value) if value.isascii() and value.isdigit() else 0

    parser = _parser()
    parser.StartElementHandler = start
    _parse(parser, xml)
    return counts["si"], max(counts["declared"], 0)


def cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column), 0-based, of a reference as calamine parses it (letters of either case, then
    digits; leading zeros allowed); None for anything else or past Excel's bounds."""
    raw = ref.encode("utf-8", "surrogatepass")
    letters = 0
    while letters < len(raw) and raw[letters] in _LETTERS:
        letters += 1
    digits = raw[letters:]
    if not 1 <= letters <= 3 or not digits or len(digits) > 16 or not set(digits) <= _DIGITS:
        return None
    column = 0
    for ch in raw[:letters].upper():
        column = column * 26 + ch - 64
    row = int(digits)
    if not 1 <= row <= EXCEL_ROWS or column > EXCEL_COLUMNS:
        return None
    return row - 1, column - 1


def used_range(xml: bytes) -> tuple[int, int, int, int] | None:
    """(first row, last row, first column, last column), 0-based, of the rectangle calamine will
    allocate for this sheet XML, or None when it holds no value; XmlRefused when the structure
    is not Excel's. calamine's rules: a <c> counts when it has a child element (<v>, <f>, <is>;
    an empty <c/> is never stored); its position is its r attribute (any case, leading zeros),
    else the running column of the row; a <row r> sets the row of cells without r, the end of
    a row adds one to it. Names are matched by local name (x:c is a cell). perfeval refuses what
    calamine would read in a way of its own: <c> outside a <row> of the one <sheetData>, rows
    elsewhere, a second <sheetData>, a reference or row number outside Excel's bounds."""
    bounds = [EXCEL_ROWS, -1, EXCEL_COLUMNS, -1]
    state = {"row": 0, "col": 0, "pending": None, "sheetdata": 0}
    stack: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = local_name(name)
        parent = stack[-1] if stack else ""
        pending = state["pending"]
        if pending is not None:  # the cell has a child element: calamine may store it
            row, col = pending
            if row < bounds[0]:
                bounds[0] = row
            if row > bounds[1]:
                bounds[1] = row
            if col < bounds[2]:
                bounds[2] = col
            if col > bounds[3]:
                bounds[3] = col
            state["pending"] = None
        if local == "c":
            if parent != "row":
                raise XmlRefused("单元格不在行内")
            ref = attrs.get("r")
            if ref is not None:
                position = cell_position(ref)
                if position is None:
                    raise XmlRefused(f"单元格位置“{ref[:20]}”超出 Excel 的范围")
                state["col"] = position[1]
            else:
                position = (state["row"], state["col"])
                if position[0] >= EXCEL_ROWS or position[1] >= EXCEL_COLUMNS:
                    raise XmlRefused("单元格超出 Excel 的范围")
            state["pending"] = position
        elif local == "row":
            if parent != "sheetData":
                raise XmlRefused("行不在表格数据内")
            number = attrs.get("r")
            if number is not None:
                if not (number.isascii() and number.isdigit() and 1 <= int(number) <= EXCEL_ROWS):
                    raise XmlRefused(f"行号“{number[:20]}”超出 Excel 的范围")
                state["row"] = int(number) - 1
        elif local == "sheetData":
            state["sheetdata"] += 1
            if state["sheetdata"] > 1:
                raise XmlRefused("有两处表格数据")
        stack.append(local)

    def end(name: str) -> None:
        local = stack.pop()
        if local == "c":
            state["col"] += 1
            state["pending"] = None
        elif local == "row":
            state["row"] += 1
            state["col"] = 0

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    _parse(parser, xml)
    if bounds[1] < 0:
        return None
    return bounds[0], bounds[1], bounds[2], bounds[3]


def range_size(found: tuple[int, int, int, int] | None) -> tuple[int, int]:
    """(rows, columns) of a used range."""
    if found is None:
        return 0, 0
    return found[1] - found[0] + 1, found[3] - found[2] + 1


# ================================================================ sheet paths as calamine finds them
def ascii_lower(text: str) -> str:
    """Rust's to_ascii_lowercase: only A-Z change."""
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


def entry_key(name: str) -> str:
    """How calamine indexes an entry of the zip: backslashes as slashes, ASCII lower case."""
    return ascii_lower(name.replace("\\", "/"))


def sheet_parts(archive: zipfile.ZipFile, engine_names: list[str]) -> list[tuple[str, str | None]]:
    """(sheet name, zip entry calamine reads for it, None when it finds none) in workbook order,
    found as calamine finds them: the package's officeDocument relationship gives the folder
    (perfeval insists on xl/), workbook.xml's <sheet> elements (any namespace, up to the first
    </workbook>) give name and relationship id (an attribute whose local name is id, the last
    one), the workbook's relationships give the target, relative to xl/ or absolute with a
    leading /, looked up in the zip without regard to ASCII case. Refused (XmlRefused): a
    target with a . or .. or empty segment or a backslash, relationships holding an entity or
    character reference (calamine reads those raw, perfeval's parser would decode them), two
    sheets of one name, two sheets reading one entry, or a list of sheets other than the engine's
    (`engine_names`, from python-calamine)."""
    keys = {entry_key(info.filename): info.filename for info in archive.infolist()}

    def part(path: str, required: bool = True) -> bytes | None:
        name = keys.get(ascii_lower(path))
        if name is None:
            if required:
                raise XmlRefused(f"缺少 {path}")
            return None
        return archive.read(name)

    root = part("_rels/.rels")
    assert root is not None
    if b"&" in root:
        raise XmlRefused("_rels/.rels 含有实体引用")
    started, target = False, None
    for is_start, name, attrs in events(root):
        if not started:
            started = is_start and name == "Relationships"
            continue
        if is_start and name == "Relationship":
            kind = attrs.get("Type")
            office = kind is not None and kind.endswith("/relationships/officeDocument")
            if office and "Target" in attrs:
                target = attrs["Target"]
        elif not is_start and name == "Relationships":
            break
    folder = "" if target is None or "/" not in target else target[: target.rfind("/") + 1]
    if folder.removeprefix("/") != "xl/":
        raise XmlRefused("工作簿不在 xl/ 文件夹中")

    rels_xml = part("xl/_rels/workbook.xml.rels")
    assert rels_xml is not None
    if b"&" in rels_xml:
        raise XmlRefused("工作簿的关系文件含有实体引用")
    rels: dict[str, tuple[str, str]] = {}
    for is_start, name, attrs in events(rels_xml):
        if is_start and name == "Relationship" and "Id" in attrs:
            rels[attrs["Id"]] = (attrs.get("Target", ""), attrs.get("Type", ""))
        elif not is_start and name == "Relationships":
            break

    book_xml = part("xl/workbook.xml")
    assert book_xml is not None
    found: list[tuple[str, str | None]] = []
    for is_start, name, attrs in events(book_xml):
        if not is_start:
            if name == "workbook":
                break
            continue
        if name != "sheet":
            continue
        rid = ""
        for key, value in attrs.items():
            if key == "id" or key.endswith(":id"):
                rid = value
        if rid not in rels:
            raise XmlRefused("工作表的关系编号找不到")
        target, kind = rels[rid]
        if kind.rsplit("/", 1)[-1] not in SHEET_TYPES:
            raise XmlRefused("工作表的类型未知")
        path = target[1:] if target.startswith("/") else "xl/" + target
        segments = path.split("/")
        if "\\" in path or any(s in ("", ".", "..") for s in segments):
            raise XmlRefused(f"工作表路径“{target[:60]}”含有 . 、.. 或反斜杠")
        found.append((attrs.get("name", ""), keys.get(ascii_lower(path))))
    names = [name for name, _ in found]
    if names != list(engine_names):
        raise XmlRefused("工作表列表与读取程序看到的不一致")
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise XmlRefused(f"有两个名为「{twice[:30]}」的工作表")
    entries = [entry for _, entry in found if entry is not None]
    if len(set(entries)) != len(entries):
        raise XmlRefused("两个工作表指向同一份数据")
    return found


# ================================================================ the read, inside the worker
def read_book(data: bytes, limits: dict[str, int]) -> dict[str, Any]:
    """Open the workbook with python-calamine and read every sheet within `limits` (MAX_SHEET_CELLS,
    MAX_BOOK_CELLS, MAX_SHEET_ROWS), each sheet's used range measured first from its XML as
    calamine will read it. Returns plain data (lists, tuples, str, numbers, dates), see sandbox."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # pyo3 panics derive from BaseException
        return {"status": "open_error", "kind": type(exc).__name__}
    names = list(book.sheet_names)
    visible = {m.name: str(m.visible).rsplit(".", 1)[-1] for m in book.sheets_metadata}
    try:
        parts = sheet_parts(zipfile.ZipFile(io.BytesIO(data)), names)
    except (XmlRefused, zipfile.BadZipFile, KeyError) as exc:
        return {"status": "refused", "reason": getattr(exc, "reason", "文件结构不完整")}
    archive = zipfile.ZipFile(io.BytesIO(data))
    budget = limits["MAX_BOOK_CELLS"]
    sheets = []
    for name, entry in parts:
        sheet: dict[str, Any] = {"name": name, "visible": visible.get(name, ""), "entry": entry}
        sheets.append(sheet)
        if entry is None:
            sheet["status"] = "missing"
            continue
        try:
            height, width = range_size(used_range(archive.read(entry)))
        except XmlRefused as exc:
            sheet.update(status="refused", reason=exc.reason)
            continue
        sheet["range"] = (height, width)
        if height * width > limits["MAX_SHEET_CELLS"]:
            sheet["status"] = "too_large"
            continue
        if height * width > budget:
            sheet["status"] = "book_too_large"
            continue
        budget -= height * width
        try:
            raw = book.get_sheet_by_name(name)
            start = raw.start
            rows = raw.to_python(skip_empty_area=True, nrows=limits["MAX_SHEET_ROWS"])
            sheet.update(
                status="ok",
                start=None if start is None else tuple(start),
                height=raw.height,
                width=raw.width,
                rows=rows,
                merged=[tuple(map(tuple, m)) for m in raw.merged_cell_ranges or ()],
            )
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:
            sheet.update(status="error", kind=type(exc).__name__, message=str(exc)[:200])
    return {"status": "ok", "sheets": sheets}


def echo(data: bytes) -> int:
    """The round trip alone (benchmarks): the size of what was sent."""
    return len(data)


OPERATIONS = {"read_book": read_book, "echo": echo}
HEADER = struct.Struct(">Q")


# ================================================================ the worker loop
def _read_exact(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _watch_parent(parent: int) -> None:
    """A worker whose parent is gone stops, even in the middle of a read."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def serve(memory: int) -> None:
    """Requests from fd 0, replies on the original fd 1 (everything else printed goes to stderr):
    each a length-prefixed pickle; the request (operation, args, seconds), the reply (status,
    value): "ok" and the result, "error" and a description, "memory" (then the worker ends)."""
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's business
    replies = os.dup(1)
    os.dup2(2, 1)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    import python_calamine  # noqa: F401 - loaded once, before the first file

    while True:
        header = _read_exact(0, HEADER.size)
        if header is None:
            return
        payload = _read_exact(0, HEADER.unpack(header)[0])
        if payload is None:
            return
        operation, args, seconds = pickle.loads(payload)
        signal.alarm(max(1, int(seconds) + 2))  # the parent kills first; this is the backstop
        try:
            reply: tuple[str, Any] = ("ok", OPERATIONS[operation](*args))
        except MemoryError:
            reply = ("memory", "")
        except BaseException as exc:  # everything becomes a reply
            reply = ("error", f"{type(exc).__name__}: {str(exc)[:200]}")
        try:
            data = pickle.dumps(reply, protocol=5)
        except MemoryError:
            reply, data = ("memory", ""), pickle.dumps(("memory", ""))
        signal.alarm(0)
        _write_all(replies, HEADER.pack(len(data)) + data)
        if reply[0] == "memory":
            os._exit(3)


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
