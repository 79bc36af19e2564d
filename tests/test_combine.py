"""Several files of one unit-year: one workbook, figures stated twice agree to the cent, the most
detailed breakdown wins, different unit-years stay apart; the store keeps every original; the CLI
combines the same way and converts what it read into the template's contract."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfeval import pipeline
from perfeval.cli.main import main
from perfeval.findings import evaluate
from perfeval.readers import read_path, read_workbook
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    ITEM,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
    records,
)
from perfeval.store.core import Store
from perfeval.template import write_workbook
from tests import accounts_corpus as ac
from tests.builders import basic, project

D = Decimal
UNIT, YEAR = ac.SEED_UNIT, ac.SEED_YEAR


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def template_file(folder: Path, name: str = "模板.xlsx", basic_total: str = "796.58") -> Path:
    """The unit's own template workbook: 基本支出 un-itemised with its budget, two projects."""
    spending = [
        basic(None, basic_total, budget="810.00"),
        project("先进制造业高地建设经费", "2192.56", budget="2300.00"),
        project("其他项目", "4184.88", budget="4200.00"),
    ]
    info = {"单位名称": UNIT, "年度": YEAR}
    return write(folder, name, write_workbook(info, spending))


def combined(paths: list[Path]) -> list[pipeline.UnitYearFiles]:
    return pipeline.combine_checked(pipeline.check_files(paths, workers=1))


def test_accounts_pair_with_template_detail_wins(tmp_path):
    paths = [
        template_file(tmp_path),
        write(tmp_path, "支出决算表.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        write(tmp_path, "基本支出表.xlsx", ac.book_bytes(ac.basic_three_groups())),
    ]
    (group,) = combined(paths)
    assert group.ok and group.problems == []
    lines = [(r[CATEGORY], r[ITEM], r[ACTUAL], r[BUDGET]) for r in records(group.workbook.spending)]
    # 基本支出: the 决算 pair's 人员/公用经费 (689.81 + 106.77 = the template's 796.58);
    # 项目支出: the template's two projects (by project beats the 决算's by function class).
    assert lines == [
        (CAT_BASIC, ITEM_PERSONNEL, D("689.81"), None),
        (CAT_BASIC, ITEM_PUBLIC, D("106.77"), None),
        (CAT_PROJECT, "先进制造业高地建设经费", D("2192.56"), D("2300.00")),
        (CAT_PROJECT, "其他项目", D("4184.88"), D("4200.00")),
    ]
    assert [name for name, _ in group.files] == ["模板.xlsx", "支出决算表.xlsx", "基本支出表.xlsx"]
    store = Store(tmp_path / "store")
    (version,) = store.save_prepared([group.upload])
    files = store.files(version)
    assert [f.filename for f in files] == ["模板.xlsx", "支出决算表.xlsx", "基本支出表.xlsx"]
    assert [store.original(f.sha256) for f in files] == [p.read_bytes() for p in paths]
    assert version.filename == "模板.xlsx 等3个文件"
    assert store.load(UNIT, YEAR).spending[ACTUAL].sum() == D("7174.02")


def test_two_files_disagreeing_by_a_cent_is_an_error_naming_both(tmp_path):
    paths = [
        template_file(tmp_path, basic_total="796.59"),  # one cent more than the 决算 table
        write(tmp_path, "支出决算表.xlsx", ac.book_bytes(ac.expenditure_single_code())),
    ]
    (group,) = combined(paths)
    assert not group.ok and group.upload is None
    messages = [p.message for p in group.problems]
    assert (
        f"「基本支出」两处不一致：{paths[0]}（支出 第3行「全年执行数」）为796.59万元，"
        f"{paths[1]}（支出决算表 D7）为7,965,800.00元，相差0.01万元"
    ) in messages[0]
    assert all(p.level == "error" and p.code == "sources_disagree" for p in group.problems)
    # 支出合计 too: 7174.03 against C7's 71,740,200.00 元
    assert any(m.startswith("「支出合计」两处不一致") for m in messages)


def test_coarser_precision_decides(tmp_path):
    """483.08 万元 (the 01表) and 4,830,758.99 元 (the 03表) agree at the cent of 万元."""
    paths = [
        write(tmp_path, "01.xlsx", ac.book_bytes(ac.summary_table())),
        write(tmp_path, "03.xlsx", ac.book_bytes(ac.expenditure_three_codes())),
    ]
    (group,) = combined(paths)
    assert group.ok, [str(p) for p in group.problems]
    assert len(group.workbook.income) == 3 and len(group.workbook.spending) == 2
    bad = write(tmp_path, "01b.xlsx", ac.book_bytes(ac.summary_table(spending_total="483.07")))
    (group,) = combined([bad, paths[1]])
    assert not group.ok and "相差0.01万元" in group.problems[0].message


def test_different_unit_years_stay_apart(tmp_path):
    paths = [
        write(tmp_path, "a.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        write(tmp_path, "b.xlsx", ac.book_bytes(ac.expenditure_three_codes())),
        write(tmp_path, "c.xlsx", ac.book_bytes(ac.expenditure_single_code(year=2023))),
    ]
    groups = combined(paths)
    assert [(g.unit, g.year, len(g.files)) for g in groups] == [
        (UNIT, 2024, 1),
        ("南漳县招商服务中心", 2019, 1),
        (UNIT, 2023, 1),
    ]
    assert all(g.ok for g in groups)


def test_one_file_is_stored_exactly_as_checked(tmp_path):
    path = write(tmp_path, "a.xlsx", ac.book_bytes(ac.expenditure_single_code()))
    (checked,) = pipeline.check_files([path], workers=1)
    (group,) = pipeline.combine_checked([checked])
    assert group.upload is checked.upload


# ---------------------------------------------------------------- the command line
def test_cli_ingest_combines_and_reports_what_was_recognised(tmp_path, capsys):
    paths = [
        write(tmp_path, "支出决算表.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        write(tmp_path, "基本支出表.xlsx", ac.book_bytes(ac.basic_three_groups())),
    ]
    assert main(["ingest", *map(str, paths), "--store", str(tmp_path / "s")]) == 0
    out = capsys.readouterr()
    assert "支出决算表.xlsx：支出决算表（公开03表，金额单位：元）" in out.err
    assert f"已入库：{UNIT} 2024年度 第1版（支出决算表.xlsx 等2个文件）" in out.out
    store = Store(tmp_path / "s")
    assert len(store.files(store.current(UNIT, YEAR))) == 2


def test_cli_disagreement_exits_2_and_stores_nothing(tmp_path, capsys):
    paths = [
        template_file(tmp_path, basic_total="796.59"),
        write(tmp_path, "支出决算表.xlsx", ac.book_bytes(ac.expenditure_single_code())),
    ]
    assert main(["check", *map(str, paths)]) == 2
    assert "[错误] 「基本支出」两处不一致" in capsys.readouterr().err
    assert main(["ingest", *map(str, paths), "--store", str(tmp_path / "s")]) == 2
    assert Store(tmp_path / "s").is_empty()


def test_cli_unit_and_year_fill_what_the_title_rows_lack(tmp_path, capsys):
    path = write(tmp_path, "01.xlsx", ac.book_bytes(ac.summary_table(year=None)))
    assert main(["check", str(path)]) == 2
    assert "--year" in capsys.readouterr().err
    assert main(["check", str(path), "--year", "2019"]) == 0


def test_convert_round_trip_reads_back_the_same_figures(tmp_path, capsys):
    paths = [
        write(tmp_path, "03.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        write(tmp_path, "06.xlsx", ac.book_bytes(ac.basic_three_groups())),
        write(tmp_path, "项目.xlsx", ac.book_bytes(ac.projects_table())),
    ]
    out = tmp_path / "out.xlsx"
    assert main(["convert", *map(str, paths), "-o", str(out)]) == 0
    (group,) = combined(paths)
    back = read_path(out)
    assert back.ok and [p.kind for p in back.parts] == ["template"]
    keep = (CATEGORY, ITEM, ACTUAL)
    read_back = [tuple(r[k] for k in keep) for r in records(back.workbook.spending)]
    assert read_back == [tuple(r[k] for k in keep) for r in records(group.workbook.spending)]
    assert sum(r[2] for r in read_back) == D("7174.02") and len(read_back) == 12
    assert (back.workbook.unit, back.workbook.year) == (UNIT, YEAR)


def test_convert_refuses_two_unit_years(tmp_path, capsys):
    paths = [
        write(tmp_path, "a.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        write(tmp_path, "b.xlsx", ac.book_bytes(ac.expenditure_three_codes())),
    ]
    assert main(["convert", *map(str, paths), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "一次只能转换一个" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("name", ["支出决算表.xlsx", "一般公共预算财政拨款基本支出决算表.xlsx"])
def test_zip_bomb_named_like_an_accounts_table_is_refused(name):
    from tests.shared import zipbomb

    result = read_workbook(zipbomb.bomb_bytes(), name)
    assert not result.ok and [p.code for p in result.problems] == ["zip_bomb"]


def test_far_stray_cell_in_an_accounts_sheet_is_refused():
    from tests.xlsx_factory import patch_entries, replace_once

    data = ac.book_bytes(ac.expenditure_single_code())
    stray = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = patch_entries(
        data, {"xl/worksheets/sheet1.xml": replace_once("</sheetData>", stray + "</sheetData>")}
    )
    result = read_workbook(data, "支出决算表.xlsx")
    assert not result.ok and [p.code for p in result.errors] == ["sheet_too_large"]


# ---------------------------------------------------------------- the committed samples
def test_sample_accounts_forms_give_the_seed_figures(seed_history):
    """data/samples/forms/决算-*.xlsx (written by `python -m tests.accounts_corpus`) combine into
    the seed unit's 2024 figures, as data/samples/seed-2024.xlsx states them."""
    from tests.conftest import SAMPLES

    paths = sorted((SAMPLES / "forms").glob("决算-*.xlsx"))
    assert len(paths) == 4
    (group,) = combined(paths)
    assert group.ok and len(group.files) == 4
    forms = evaluate({YEAR: group.workbook}).overall
    seed = evaluate({YEAR: seed_history[YEAR]}).overall
    for part in ("total", "basic", "project", "personnel", "public"):
        assert getattr(forms, part).current == getattr(seed, part).current, part
    assert (forms.total.current, forms.personnel.current) == (D("7174.02"), D("689.81"))
    assert group.workbook.income["全年收入数"].sum() == D("7174.02")
    projects = {r[ITEM]: r[ACTUAL] for r in records(group.workbook.spending) if r[ITEM]}
    seed_projects = {
        r[ITEM]: r[ACTUAL]
        for r in records(seed_history[YEAR].spending)
        if r[CATEGORY] == CAT_PROJECT
    }
    assert {k: v for k, v in projects.items() if k in seed_projects} == seed_projects


# ---------------------------------------------------------------- the seed equivalence
def test_seed_as_accounts_pair_and_unit_form_gives_the_seed_summary(tmp_path, seed_history):
    """The seed unit's 2024 figures given as a 决算 pair (支出决算表 + 基本支出决算明细表, in 元) and
    the 部门整体支出绩效自评表 of tests/forms_corpus.py (基本 796.58, 项目 6377.44, 年度资金总额
    7174.02 万元) give the figures data/samples/seed-2024.xlsx gives: 7174.02 = 796.58 (689.81 +
    106.77) + 6377.44 万元, and the summary says so in the same words."""
    from tests import forms_corpus as fc

    paths = [
        write(tmp_path, "支出决算表.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        write(tmp_path, "基本支出决算明细表.xlsx", ac.book_bytes(ac.basic_three_groups())),
        write(tmp_path, "整体自评表.xlsx", fc.hunan_unit()),
    ]
    (group,) = combined(paths)
    assert group.ok, [str(p) for p in group.problems]
    forms = evaluate({YEAR: group.workbook})
    seed = evaluate({YEAR: seed_history[YEAR]})
    for part in ("total", "basic", "personnel", "public", "project"):
        assert getattr(forms.overall, part).current == getattr(seed.overall, part).current, part
    assert forms.overall.total.current == D("7174.02")
    text, seed_text = pipeline.report_text(forms), pipeline.report_text(seed)
    for sentence in (
        "2024年基本支出为796.58万元，其中人员经费689.81万元，公用经费106.77万元",
        "2024年项目支出为6377.44万元",
    ):
        assert sentence in text and sentence in seed_text, sentence
    # 收入 in total too (the 自评表 splits it 7000.00 一般公共预算 + 174.02 政府性基金)
    income = [w.income["全年收入数"].sum() for w in (group.workbook, seed_history[YEAR])]
    assert income == [D("7174.02"), D("7174.02")]
    # the 自评表 gives the indicators and texts, the 决算 pair the breakdown
    assert len(group.workbook.indicators) == 4 and group.workbook.texts
    kinds = [label for _, label in group.labels()]
    assert kinds[2].startswith("部门整体支出绩效自评表（2024年度，常宁市科技和工业信息化局")


def test_one_workbook_with_a_unit_form_and_accounts_tables(tmp_path):
    """A clerk's one workbook: the 整体自评表 on one sheet, the 支出决算表 and the 基本支出表
    on others. All three are read and combined by the rule for several files."""
    from tests import forms_corpus as fc

    rows, merges = fc.hunan_unit_rows()
    data = ac.book_bytes(
        ("整体自评表", rows, merges), ac.expenditure_single_code(), ac.basic_three_groups()
    )
    result = read_workbook(data, "全部.xlsx")
    assert result.ok, [str(p) for p in result.errors]
    assert [p.label.split("（")[0] for p in result.parts] == [
        "支出决算表",
        "一般公共预算财政拨款基本支出决算明细表",
        "部门整体支出绩效自评表",
    ]
    wb = result.workbook
    items = [(r[CATEGORY], r[ITEM], r[ACTUAL]) for r in records(wb.spending)][:2]
    assert items == [
        (CAT_BASIC, ITEM_PERSONNEL, D("689.81")),
        (CAT_BASIC, ITEM_PUBLIC, D("106.77")),
    ]
    assert len(wb.indicators) == 4 and not [p for p in result.problems if p.code == "unknown_sheet"]
    # the 自评表 says 项目支出 6,377.44; a 决算 table one cent apart is an error naming both
    lines = [(c, n, b, p) for c, n, b, p in ac.SEED_EXPENDITURE]
    lines[2] = ("2060404", "科技成果转化与扩散", 0, 5_772_100)
    lines[1] = ("20604", "技术研究与开发", 0, 5_772_100)
    lines[0] = ("206", "科学技术支出", 0, 10_969_500)
    bad = ac.book_bytes(("整体自评表", rows, merges), ac.expenditure_single_code(lines=lines))
    result = read_workbook(bad, "全部.xlsx")
    assert not result.ok
    assert any(p.code == "sources_disagree" and "「项目支出」" in p.message for p in result.errors)
