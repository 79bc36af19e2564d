"""Measure every hostile file of issue 18 through the CLI: wall time and peak memory of the whole
process tree (the CLI and its reader worker), against the limits (workbook: 5 s, 600 MB; report:
15 s, 800 MB). `python scripts/hostile.py` prints one line a file; `--keep DIR` keeps the files."""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORKBOOK_LIMITS = (5.0, 600.0)
REPORT_LIMITS = (15.0, 800.0)


# ---------------------------------------------------------------- workbooks
def _seed() -> bytes:
    from tests.xlsx_factory import build_xlsx, seed_like_sheets

    return build_xlsx(seed_like_sheets())


def _patch(data: bytes, edits: dict, add: dict | None = None) -> bytes:
    from tests.xlsx_factory import patch_entries

    return patch_entries(data, edits, add)


def _stray(row: str) -> bytes:
    from tests.xlsx_factory import replace_once

    sheet = "xl/worksheets/sheet2.xml"
    return _patch(_seed(), {sheet: replace_once("</sheetData>", row + "</sheetData>")})


_BOMB_SHEET = (
    f'<worksheet xmlns="{MAIN}"><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c>'
    "</row></sheetData></worksheet>"
).encode()


def workbooks() -> dict[str, bytes]:
    from tests.xlsx_factory import replace_once

    rels = "xl/_rels/workbook.xml.rels"
    sheet2 = 'Target="/xl/worksheets/sheet2.xml"'
    return {
        "stray r='XFD1048576'": _stray("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"),
        "stray r='CV1048576'": _stray("<row r='1048576'><c r='CV1048576'><v>1</v></c></row>"),
        'stray r="xfd01048576"': _stray('<row r="1048576"><c r="xfd01048576"><v>1</v></c></row>'),
        "./worksheets path": _patch(
            _seed(),
            {rels: replace_once(sheet2, 'Target="./worksheets/sheet2.xml"')},
            {"xl/./worksheets/sheet2.xml": _BOMB_SHEET},
        ),
        "../ path": _patch(
            _seed(),
            {rels: replace_once(sheet2, 'Target="../xl/worksheets/sheet2.xml"')},
            {"xl/../xl/worksheets/sheet2.xml": _BOMB_SHEET},
        ),
        "duplicate sheet name": _patch(
            _seed(),
            {
                "xl/workbook.xml": replace_once('name="绩效指标"', 'name="支出"'),
                "xl/worksheets/sheet3.xml": lambda _: _BOMB_SHEET,
            },
        ),
        "case-twin entry": _patch(_seed(), {}, {"xl/worksheets/Sheet2.xml": _BOMB_SHEET}),
        "uniqueCount 4e9": _patch(
            _seed(),
            {},
            {"xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" uniqueCount="4000000000"/>'.encode()},
        ),
        "zip bomb 1 GiB": _zipbomb().bomb_bytes(),
        "zip bomb, lying headers": _zipbomb().bomb_bytes(1 << 30, declared=1 << 20),
    }


def _zipbomb():
    import importlib.util

    spec = importlib.util.spec_from_file_location("zipbomb", REPO / "scripts" / "zipbomb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- reports
def docx_with_body(body: str) -> bytes:
    """A real .docx (python-docx's default package) whose word/document.xml body is `body`."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target = io.BytesIO()
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD}">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = xml if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info, data)
    return target.getvalue()


def tiny_paragraphs(count: int) -> bytes:
    """The issue's 375 KB .docx of 957 833 tiny paragraphs (count of them)."""
    return docx_with_body("<w:p><w:r><w:t>1</w:t></w:r></w:p>" * count)


def table_cells(count: int) -> bytes:
    row = "<w:tc><w:p/></w:tc>" * 100
    return docx_with_body("<w:tbl>" + f"<w:tr>{row}</w:tr>" * (count // 100) + "</w:tbl>")


def figures_md(size: int) -> bytes:
    """The issue's 19 MB .md of figures."""
    line = "项目资金100.5万元，较上年增长12.5%，其中人员经费20万元。\n".encode()
    return line * (size // len(line))


def reports() -> dict[str, tuple[str, bytes]]:
    return {
        "957 833 tiny paragraphs (.docx)": ("tiny.docx", tiny_paragraphs(957_833)),
        "25 000 paragraphs (.docx)": ("many.docx", tiny_paragraphs(25_000)),
        "60 000 table cells (.docx)": ("cells.docx", table_cells(60_000)),
        "1.2 M empty runs (.docx)": (
            "runs.docx",
            docx_with_body("<w:p>" + "<w:r/>" * 1_200_000 + "</w:p>"),
        ),
        "19 MB of figures (.md)": ("figures.md", figures_md(19 * 1024 * 1024)),
        "2 MB of figures (.md)": ("figures2.md", figures_md(2 * 1024 * 1024 - 100)),
        "one 9 000-character paragraph of figures (.txt)": (
            "long.txt",
            ("资金1万元，" * 1500).encode(),
        ),
    }


# ---------------------------------------------------------------- measuring
def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (kB), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{current}/task/{current}/children") as handle:
                todo += [int(c) for c in handle.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def measure(args: list[str], cwd: Path) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds of the process tree, its peak MB sampled every 10 ms, exit
    code, last line of stderr). On a loaded machine the CPU time is the fairer figure."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfeval", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime  # includes the reader worker the CLI waited for
    peak = max(peak, usage.ru_maxrss)  # the largest single process, if it outgrew a sample
    err = proc.stderr.read().decode("utf-8", "replace").strip().splitlines() if proc.stderr else []
    return wall, cpu, peak / 1024, proc.returncode, (err[-1] if err else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the hostile files into this folder")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    print(f"{'file':48s} {'bytes':>10s} {'wall s':>7s} {'CPU s':>6s} {'peak MB':>8s} exit  message")
    rows = [
        (label, f"wb{i}.xlsx", data, WORKBOOK_LIMITS)
        for i, (label, data) in enumerate(workbooks().items())
    ]
    rows += [(label, name, data, REPORT_LIMITS) for label, (name, data) in reports().items()]
    store = folder / "store"
    for label, name, data, (max_s, max_mb) in rows:
        path = folder / name
        path.write_bytes(data)
        if name.endswith(".xlsx"):
            command = ["ingest", str(path), "--store", str(store)]
        else:
            command = ["audit", str(path)]
        wall, cpu, peak, code, line = measure(command, REPO)
        over = min(wall, cpu) >= max_s or peak >= max_mb
        refused = code == 2 if name.endswith(".xlsx") else code in (0, 1, 2)
        failed |= over or not refused or "Traceback" in line
        print(
            f"{label:48s} {len(data):>10,d} {wall:7.2f} {cpu:6.2f} {peak:8.0f} {code:>4d}  {line[:70]}"
        )
    print("FAIL" if failed else "PASS: every hostile file refused or audited within its limits")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
