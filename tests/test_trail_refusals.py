"""Refused saves in the trail with their reason (errors, conflicts; rights: test_auth_pages), from
the CLI and the upload page, a person's repeated refusals folded into one row per minute."""

from __future__ import annotations

from pathlib import Path

from perfeval.cli.main import main
from perfeval.store import grants as store_grants
from perfeval.store.access import Actor
from perfeval.store.core import Store
from perfeval.store.records import RESULT_REFUSED
from perfeval.store.trail import activity_cells
from tests.apptest import XLSX_MIME, app, no_exception
from tests.two_units import UNIT_A, workbook_bytes

BAD = b"just some notes\n"  # a text file named .xlsx: one error


def _refused(store: Store) -> list:
    return [r for r in store.activity() if r.result == RESULT_REFUSED]


def test_cli_ingest_records_a_file_refused_for_its_errors(tmp_path: Path, capsys):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(BAD)
    store_dir = tmp_path / "store"
    assert main(["ingest", str(bad), "--store", str(store_dir)]) == 2
    capsys.readouterr()
    store = Store(store_dir)
    assert store.generation() == 0  # the trail alone: no cache sees a change
    (row,) = _refused(store)
    assert (row.subject.startswith("cli:"), row.action, row.filename) == (True, "upload", "坏.xlsx")
    assert row.detail.startswith("文件有1个错误，未入库：这是文本（如 CSV）文件")
    assert len(row.sha256) == 64


def test_two_files_of_one_unit_year_are_a_refusal_with_the_conflict(tmp_path: Path, capsys):
    paths = []
    for name, actual in (("一.xlsx", "1"), ("二.xlsx", "2")):
        path = tmp_path / name
        path.write_bytes(workbook_bytes(UNIT_A, 2025, actual, "1", ["1"]))
        paths.append(str(path))
    main(["ingest", *paths, "--store", str(tmp_path / "store")])
    capsys.readouterr()
    (row,) = _refused(Store(tmp_path / "store"))  # two refusals in one minute: one row
    assert "「一.xlsx」、「二.xlsx」都是测试市一局 2025年度的工作簿" in row.detail
    assert (row.unit, row.year, row.folded) == (UNIT_A, 2025, 1)


def test_repeated_refusals_fold_into_one_row_a_minute(tmp_path: Path, monkeypatch):
    store = Store(tmp_path / "s")
    mallory = Actor("mallory-sub", name="马某")
    clock = ["2025-03-01T08:15:01+00:00"]
    monkeypatch.setattr(store_grants, "now", lambda: clock[0])
    assert store.record_refusal(mallory, "无权上传「甲」的数据", filename="a.xlsx")
    for i in range(30):
        clock[0] = f"2025-03-01T08:15:{i + 2:02d}+00:00"
        assert not store.record_refusal(mallory, "无权上传「甲」的数据", filename=f"{i}.xlsx")
    assert store.record_refusal(Actor("other"), "文件有1个错误")  # another person: own row
    clock[0] = "2025-03-01T08:16:00+00:00"
    assert store.record_refusal(mallory, "无权上传「乙」的数据", filename="b.xlsx")  # next minute
    rows = _refused(store)
    assert [(r.subject, r.folded) for r in rows] == [
        ("mallory-sub", 30),
        ("other", 0),
        ("mallory-sub", 0),
    ]
    assert activity_cells(rows[0])[-1].endswith("（同一分钟内另有30次被拒绝，已合并为此行）")


def test_upload_page_records_a_file_with_errors_once(store_dir: Path):
    at = app("views/upload.py")
    at.get("file_uploader")[0].set_value(("坏文件.xlsx", BAD, XLSX_MIME))
    at.run()
    no_exception(at)
    at.run()  # a rerun does not log it again
    (row,) = _refused(Store(store_dir))
    assert row.filename == "坏文件.xlsx" and row.detail.startswith("文件有1个错误，未保存")
