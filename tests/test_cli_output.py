"""What the command line prints: no control or bidi characters from a file name (they are removed
before a name is stored, and again before anything is printed), and `list | head` ends quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from perfeval import fmt
from perfeval.cli.main import main
from perfeval.store.core import Store
from tests.apptest import XLSX_MIME, app, no_exception
from tests.store_fixture import make_workbook, xlsx
from tests.two_units import UNIT_A, workbook_bytes

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "报告\x1b[2J\x1b]0;owned\x07\r\u202excod.exe\u200b"  # clears the screen, retitles…
CLEAN = "报告[2J]0;ownedxcod.exe"


def test_printable_removes_what_moves_or_hides_text():
    assert fmt.printable(HOSTILE) == CLEAN
    assert fmt.printable_lines("a\tb\nc\x1b\u2066d") == "a\tb\ncd"
    assert fmt.printable("企业上云🚀👩\u200d💻") == "企业上云🚀👩💻"  # ZWJ goes, the emoji stay


def test_file_names_are_stored_and_printed_without_controls(tmp_path: Path, capsys):
    path = tmp_path / (HOSTILE + ".xlsx")
    path.write_bytes(workbook_bytes(UNIT_A, 2025, "1", "1", ["1"]))
    store_dir = tmp_path / "store"
    assert main(["ingest", str(path), "--store", str(store_dir)]) == 0
    for command in (["list"], ["versions"], ["activity"]):
        assert main([*command, "--store", str(store_dir)]) == 0
    out = capsys.readouterr()
    printed = out.out + out.err
    assert CLEAN + ".xlsx" in printed
    assert not any(ch in printed for ch in "\x1b\x07\r\u202e\u200b")
    store = Store(store_dir)
    assert [v.filename for v in store.versions()] == [CLEAN + ".xlsx"]
    assert [r.filename for r in store.activity()] == [CLEAN + ".xlsx"]


def test_upload_page_keeps_no_controls_in_a_name(store_dir: Path):
    at = app("views/upload.py")
    data = workbook_bytes(UNIT_A, 2025, "1", "1", ["1"])
    at.get("file_uploader")[0].set_value((HOSTILE + ".xlsx", data, XLSX_MIME))
    at.run()
    at.button(key="save").click().run()
    no_exception(at)
    assert [v.filename for v in Store(store_dir).versions()] == [CLEAN + ".xlsx"]


def test_list_into_a_closed_pipe_ends_quietly(tmp_path: Path):
    store = Store(tmp_path / "store")
    store.save(make_workbook(), xlsx("a"), "a.xlsx")
    store.close()
    read, write = os.pipe()
    os.close(read)  # like `| head` that has already gone
    proc = subprocess.run(
        [sys.executable, "-m", "perfeval", "list", "--store", str(tmp_path / "store")],
        cwd=REPO,
        stdout=write,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    os.close(write)
    assert proc.returncode == 141, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr and b"BrokenPipe" not in proc.stderr
