"""The command line: exit codes, what is stored, and that summary reads files and store alike."""

from __future__ import annotations

import errno
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from perfeval.cli.main import main
from perfeval.store.core import Store
from perfeval.template import write_workbook
from tests.conftest import SAMPLES
from tests.xlsx_factory import build_xlsx, seed_like_sheets

SEEDS = sorted(str(p) for p in SAMPLES.glob("*.xlsx"))


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    sheets = seed_like_sheets()
    sheets["支出"][1][5] = "一百万"  # 全年执行数 of the first data row
    path = tmp_path / "bad.xlsx"
    path.write_bytes(build_xlsx(sheets))
    return path


def run(*args: str) -> int:
    return main(list(args))


def test_check_good_is_0_bad_is_2(bad_file, capsys):
    assert run("check", *SEEDS) == 0
    assert run("check", str(bad_file)) == 2
    err = capsys.readouterr().err
    assert "支出 第" in err and "「全年执行数」" in err and "一百万" in err


def test_ingest_stores_good_and_nothing_of_bad(tmp_path, bad_file, capsys):
    store_dir = tmp_path / "s"
    assert run("ingest", str(bad_file), "--store", str(store_dir)) == 2
    assert Store(store_dir).is_empty()
    assert run("ingest", "--store", str(store_dir), *SEEDS) == 0
    assert Store(store_dir).years("常宁市科技和工业信息化局") == [2023, 2024]
    # a mixed batch: the bad one is refused (exit 2); the good one is byte for byte the current
    # version, so no new version is made and the CLI says so
    capsys.readouterr()
    assert run("ingest", SEEDS[1], str(bad_file), "--store", str(store_dir)) == 2
    assert "常宁市科技和工业信息化局 2024年度与第1版相同，未保存" in capsys.readouterr().out
    assert [v.version for v in Store(store_dir).versions("常宁市科技和工业信息化局", 2024)] == [1]
    assert run("list", "--store", str(store_dir)) == 0
    assert "当前第1版" in capsys.readouterr().out


def test_summary_from_files_equals_summary_from_store(tmp_path, capsys):
    assert run("summary", *SEEDS) == 0
    from_files = capsys.readouterr().out
    assert "增长21.62%" in from_files and "7174.02万元" in from_files
    assert run("ingest", *SEEDS, "--store", str(tmp_path)) == 0
    capsys.readouterr()
    assert run("summary", "--store", str(tmp_path)) == 0
    assert capsys.readouterr().out == from_files
    out = tmp_path / "out.md"
    assert run("summary", "--store", str(tmp_path), "--year", "2024", "-o", str(out)) == 0
    assert out.read_text(encoding="utf-8") == from_files


def test_summary_docx_from_the_extension_and_brief(tmp_path, capsys):
    from docx import Document

    out = tmp_path / "报告.DOCX"  # the format comes from the extension, in any case
    assert run("summary", *SEEDS, "--no-charts", "-o", str(out)) == 0
    doc = Document(str(out))
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == "2024年度常宁市科技和工业信息化局\n整体支出绩效自评报告"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "2024年项目支出为6377.44万元，与2023年相比增加1133.55万元，增长21.62%。" in body
    assert "已写入" in capsys.readouterr().err
    assert run("summary", *SEEDS, "--brief") == 0
    brief = capsys.readouterr().out
    assert brief.startswith("# 2024年度常宁市科技和工业信息化局整体支出绩效自评摘要\n")
    assert "| 支出合计 | 7174.02万元 | 增加1068.08万元，增长17.49% |" in brief
    capsys.readouterr()
    assert run("summary", *SEEDS, "--brief", "-o", str(tmp_path / "x.docx")) == 0  # the Word 摘要
    brief_doc = Document(str(tmp_path / "x.docx"))
    assert brief_doc.paragraphs[0].text == "2024年度常宁市科技和工业信息化局\n整体支出绩效自评摘要"
    rows = [[c.text for c in r.cells] for r in brief_doc.tables[0].rows]
    assert rows[1] == ["支出合计", "7174.02万元", "增加1068.08万元，增长17.49%"]


OUTPUTS = [
    # (command before -o, the file name) — every command that writes a file
    (["summary", *SEEDS], "报告.md"),
    (["summary", *SEEDS, "--brief"], "摘要.docx"),
    (["convert", SEEDS[1]], "读取结果.xlsx"),
    (["template"], "模板.xlsx"),
]


def _with_output(before: list[str], path: Path) -> list[str]:
    return [*before, str(path)] if before == ["template"] else [*before, "-o", str(path)]


@pytest.mark.parametrize(("before", "name"), OUTPUTS)
def test_output_paths_are_checked_before_writing(tmp_path, capsys, before, name):
    # a folder that does not exist: a Chinese message, exit 2, no traceback, nothing made
    missing = tmp_path / "无此文件夹" / name
    assert run(*_with_output(before, missing)) == 2
    assert "文件夹不存在" in capsys.readouterr().err and not missing.parent.exists()
    # an extension the command does not write (Markdown in a .pdf was written before)
    pdf = tmp_path / "输出.pdf"
    assert run(*_with_output(before, pdf)) == 2
    err = capsys.readouterr().err
    assert "不支持的输出格式" in err and "「.pdf」" in err and not pdf.exists()
    # an existing file is kept unless --force
    out = tmp_path / name
    out.write_bytes(b"keep me")
    assert run(*_with_output(before, out)) == 2
    assert "文件已存在" in capsys.readouterr().err and out.read_bytes() == b"keep me"
    assert run(*_with_output(before, out), "--force") == 0
    assert out.read_bytes() != b"keep me" and out.stat().st_size > 100


def test_a_write_the_system_refuses_is_told_in_chinese(tmp_path, capsys, monkeypatch):
    """The file is open in Excel, or the folder read-only: said in Chinese, never strerror's
    English (the tests run as root, who may write anywhere: the refusal is simulated)."""

    def refuse(self, data):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    assert run("template", str(tmp_path / "t.xlsx")) == 2
    err = capsys.readouterr().err
    assert "无法写入" in err and "没有写入权限" in err and "Permission" not in err


def test_summary_selection_errors(tmp_path, capsys):
    other = tmp_path / "other.xlsx"
    other.write_bytes(
        write_workbook(
            {"单位名称": "另一局", "年度": 2024}, [{"支出类别": "基本支出", "全年执行数": 1}]
        )
    )
    assert run("summary", *SEEDS, str(other)) == 2
    assert "--unit" in capsys.readouterr().err
    assert run("summary", *SEEDS, str(other), "--unit", "另一局") == 0
    assert run("summary", *SEEDS, "--year", "2019") == 2
    assert "没有2019年度" in capsys.readouterr().err
    assert run("summary", "--store", str(tmp_path / "empty")) == 2


def seed_like_file(tmp_path: Path, name: str, note: str) -> str:
    """A seed-like 2024 workbook; `note` in the first 备注 makes the bytes differ."""
    sheets = seed_like_sheets()
    sheets["支出"][1][6] = note
    path = tmp_path / name
    path.write_bytes(build_xlsx(sheets))
    return str(path)


def test_versions_restore_delete_undelete(tmp_path, capsys):
    s = str(tmp_path / "store")
    unit = "常宁市科技和工业信息化局"
    assert run("ingest", seed_like_file(tmp_path, "a.xlsx", "第一次"), "--store", s) == 0
    assert run("ingest", seed_like_file(tmp_path, "b.xlsx", "第二次"), "--store", s) == 0
    assert run("restore", "--unit", unit, "--year", "2024", "--version", "1", "--store", s) == 0
    assert Store(s).current(unit, 2024).version == 1
    assert run("delete", "--unit", unit, "--year", "2024", "--version", "1", "--store", s) == 0
    assert Store(s).current(unit, 2024).version == 2
    assert run("restore", "--unit", unit, "--year", "2024", "--version", "1", "--store", s) == 2
    assert run("undelete", "--unit", unit, "--year", "2024", "--version", "1", "--store", s) == 0
    capsys.readouterr()
    assert run("versions", "--unit", unit, "--store", s) == 0
    assert capsys.readouterr().out.count("第") == 2


def test_template_command(tmp_path):
    out = tmp_path / "t.xlsx"
    assert run("template", str(out)) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_module_entry_point_and_missing_file(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "perfeval", "check", str(tmp_path / "nope.xlsx")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "nope.xlsx" in done.stderr


# ---------------------------------------------------------------- Chinese, safe, honest CLI


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "缺少必需的参数：命令"),
        (["bogus"], "没有 'bogus' 这一项"),
        (["versions", "--year", "abc"], "'abc' 不是整数"),
        (["delete", "--unit", "x"], "缺少必需的参数：--year, --version"),
        (["list", "--nope"], "无法识别的参数：--nope"),
    ],
)
def test_usage_and_errors_are_chinese(argv, expected, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：python -m perfeval") and "：错误：" in err and expected in err
    assert "usage" not in err and "error" not in err and "required" not in err


def test_help_is_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    out = capsys.readouterr().out
    assert "用法：" in out and "选项" in out and "显示帮助信息并退出" in out
    assert "options" not in out and "usage" not in out and "show this help" not in out


def test_template_into_a_missing_folder_or_over_a_file_is_refused(tmp_path, capsys):
    assert run("template", str(tmp_path / "无此文件夹" / "t.xlsx")) == 2
    assert "文件夹不存在" in capsys.readouterr().err
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"keep me")
    assert run("template", str(out)) == 2
    assert "文件已存在" in capsys.readouterr().err and out.read_bytes() == b"keep me"
    assert run("template", str(out), "--force") == 0 and out.read_bytes()[:2] == b"PK"


def test_versions_of_an_unknown_unit_or_year_is_an_error(tmp_path, capsys):
    s = str(tmp_path)
    assert run("versions", "--unit", "无此单位", "--store", s) == 2
    assert "数据库中还没有任何版本" in capsys.readouterr().err
    run("ingest", SEEDS[1], "--store", s)
    assert run("versions", "--unit", "无此单位", "--store", s) == 2
    assert "没有单位“无此单位”的数据。现有单位：常宁市科技和工业信息化局" in capsys.readouterr().err
    assert (
        run("versions", "--unit", "常宁市科技和工业信息化局", "--year", "2019", "--store", s) == 2
    )
    assert "没有2019年度的版本。现有年度：2024" in capsys.readouterr().err


def test_list_counts_live_versions_and_shows_beijing_time(tmp_path, capsys):
    s = str(tmp_path / "store")
    unit = "常宁市科技和工业信息化局"
    run("ingest", seed_like_file(tmp_path, "a.xlsx", "一"), "--store", s)
    run("ingest", seed_like_file(tmp_path, "b.xlsx", "二"), "--store", s)
    run("delete", "--unit", unit, "--year", "2024", "--version", "1", "--store", s)
    stored = Store(s).current(unit, 2024).uploaded_at  # e.g. 2026-11-29T14:38:01+00:00
    capsys.readouterr()
    assert run("list", "--store", s) == 0
    out = capsys.readouterr().out
    assert "当前第2版\t共1版（另有1版已删除）" in out
    utc = datetime.fromisoformat(stored)
    beijing = (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert f"{beijing}（北京时间）" in out and stored not in out


HEAVY = ("pandas", "numpy", "plotly", "jinja2", "openpyxl", "python_calamine", "docx")
LOADED = "import sys; print(','.join(m for m in {heavy!r} if m in sys.modules))"


def heavy_loaded(argv: list[str]) -> set[str]:
    """The heavy libraries loaded after running the CLI with `argv` in a fresh interpreter."""
    code = (
        "import contextlib, io, sys\nfrom perfeval.cli.main import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    try:\n        main({argv!r})\n    except SystemExit:\n        pass\n"
        + LOADED.format(heavy=HEAVY)
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(filter(None, done.stdout.strip().split(",")))


def test_light_commands_load_no_heavy_library(tmp_path: Path):
    store = str(tmp_path / "store")
    assert main(["ingest", *SEEDS, "--store", store]) == 0
    for argv in (["--help"], ["list", "--store", store], ["versions", "--store", store]):
        assert heavy_loaded(argv) == set(), argv


def test_check_loads_the_reader_and_pandas_only():
    assert heavy_loaded(["check", *SEEDS]) == {"pandas", "numpy", "python_calamine"}
