"""The city figures: totals equal the workbooks' own sums (read independently with openpyxl),
hand-worked rows, 未报送, filters, recomputation after a write, the Excel table and the CLI."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from perfeval import fmt, pipeline
from perfeval.city import table as city_table
from perfeval.city.rows import Memo, build_city
from perfeval.cli.main import main as cli_main
from perfeval.report import bundle, unit_report
from perfeval.schema import (
    ACTUAL,
    CAT_BASIC,
    CAT_PROJECT,
    CATEGORY,
    SHEET_SPENDING,
)
from perfeval.store.core import Store
from perfeval.template import HEADER_ROW
from tests import city_fixture as cf
from tests.builders import basic, project, workbook

D = Decimal


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    return cf.write_files(tmp_path / "files")


@pytest.fixture
def store(tmp_path: Path, files: list[Path]) -> Store:
    store = Store(tmp_path / "store")
    cf.fill(store, files)
    return store


def openpyxl_sums(path: Path) -> dict[str, Decimal]:
    """Σ 全年执行数 of a workbook's 支出 sheet per 支出类别, read cell by cell with openpyxl."""
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET_SPENDING]
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    header = [str(h or "").split("（")[0] for h in rows[0]]
    cat, act = header.index(CATEGORY), header.index(ACTUAL)
    sums = {CAT_BASIC: D(0), CAT_PROJECT: D(0)}
    for row in rows[1:]:
        if row[cat]:
            sums[row[cat]] += D(str(row[act]))
    return sums


def test_city_totals_equal_the_workbooks_sums_read_independently(store, files):
    city = build_city(store, 2024)
    by_year: dict[int, dict[str, Decimal]] = {}
    for path in files:
        year = int(path.stem.rsplit("-", 1)[1])
        sums = openpyxl_sums(path)
        acc = by_year.setdefault(year, {CAT_BASIC: D(0), CAT_PROJECT: D(0)})
        for key in acc:
            acc[key] += sums[key]
    assert city.basic == by_year[2024][CAT_BASIC]
    assert city.project == by_year[2024][CAT_PROJECT]
    assert city.total == by_year[2024][CAT_BASIC] + by_year[2024][CAT_PROJECT]
    for t in city.by_year:
        assert t.total == by_year[t.year][CAT_BASIC] + by_year[t.year][CAT_PROJECT]
    # and the hand-worked figures, so the comparison cannot pass on two wrong sums
    assert (city.total, city.basic, city.project) == (D("610.75"), D("217.5"), D("393.25"))
    assert [(t.year, t.units, t.total) for t in city.by_year] == [
        (2023, 3, D("520")),
        (2024, 3, D("610.75")),
    ]


def test_city_rows_cards_and_missing_units(store):
    city = build_city(store, 2024)
    assert [r.unit for r in city.rows] == [cf.A, cf.B, cf.D]  # by 支出合计, largest first
    assert [(m.unit, m.last_year) for m in city.missing] == [(cf.C, 2023)]  # 未报送
    a, b, d = city.rows
    assert a.total.current == D("490.75") and a.total.previous == D("320")
    assert fmt.percent(a.total.ratio) == "53.36%"  # 170.75 / 320
    assert fmt.percent(a.exec_rate) == "82.48%"  # 490.75 / 595
    assert (a.quantified, a.indicators, a.unquantified) == (2, 3, 1)
    assert fmt.percent(a.quantified_share) == "66.67%"
    assert fmt.money(a.per_head_personnel) == "9.17万元"  # 110 / 12
    assert fmt.money(a.per_head_public) == "2.54万元"  # 30.5 / 12
    assert (a.department, a.unit_type, b.department, b.unit_type) == (cf.GOV, "行政", cf.A, "事业")
    assert b.staff.active == 35 and any("远超编制数" in f for f in _findings(store, cf.B))
    assert d.exec_rate is None and d.quantified_share is None and d.per_head_personnel is None
    # like-for-like 同比: 甲 and 乙 reported both years (590.75 against 420)
    assert city.comparable_units == 2
    assert city.comparable.phrase == "增加170.75万元，增长40.65%"
    assert fmt.percent(city.exec_rate) == "83.56%"  # 590.75 / 707
    assert city.grades[a.grade] >= 1 and sum(city.grades.values()) == 3
    assert [r.unit for r in city.unquantified_units] == [cf.A]
    assert a.link == "./?unit=%E6%B5%8B%E8%AF%95%E5%B8%82%E7%94%B2%E5%B1%80&year=2024"


def _findings(store: Store, unit: str) -> list[str]:
    return [p.message for p in pipeline.model_for(store.history(unit), 2024).findings]


def test_a_year_only_some_units_reported_lists_the_others_as_missing(store):
    city = build_city(store, 2023)
    assert [r.unit for r in city.rows] == [cf.A, cf.C, cf.B]  # 丙 and 乙 tie at 100: by name
    assert [(m.unit, m.last_year, m.first_year) for m in city.missing] == [(cf.D, None, 2024)]
    assert city.comparable.previous is None  # no 2022 anywhere


def test_subset_keeps_the_chosen_units_only(store):
    part = build_city(store, 2024).subset({cf.B, cf.C})
    assert [r.unit for r in part.rows] == [cf.B]
    assert [m.unit for m in part.missing] == [cf.C]
    assert [(t.year, t.units, t.total) for t in part.by_year] == [
        (2023, 2, D("200")),
        (2024, 1, D("100")),
    ]


def test_a_write_recomputes_only_the_units_it_changed(store):
    memo = Memo()
    before = build_city(store, 2024, memo)
    new = workbook(
        cf.D, 2024, [basic("人员经费", "6"), project("戊项目", "16")], info={"在职人数": "2"}
    )
    store.save(new, b"d2", "d2.xlsx")
    after = build_city(store, 2024, memo)
    by_unit = {r.unit: r for r in after.rows}
    assert by_unit[cf.A] is before.rows[0]  # reused, not recomputed
    assert by_unit[cf.D].total.current == D("22")
    assert after.total == D("612.75")
    assert [t.total for t in after.by_year] == [D("520"), D("612.75")]


def test_excel_table_numbers_formats_and_text_never_formulas(store, tmp_path):
    evil = workbook('=HYPERLINK("http://x")', 2024, [basic("人员经费", "1.005")])
    store.save(evil, b"evil", "evil.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(city_table.to_xlsx(build_city(store, 2024))))
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["单位", "主管部门", "单位类型", "支出合计", "同比"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    a = rows[cf.A]
    col = {name: i for i, name in enumerate(header)}
    assert a[col["支出合计"]].value == 490.75 and a[col["支出合计"]].number_format.endswith(
        '"万元"'
    )
    assert a[col["同比"]].value == pytest.approx(0.5336) and a[col["同比"]].number_format == "0.00%"
    assert a[col["执行率"]].value == pytest.approx(0.8248)
    assert a[col["人均人员经费"]].value == 9.17
    assert a[col["在职人数"]].value == 12 and a[col["发现问题"]].data_type == "n"
    cell = rows['=HYPERLINK("http://x")'][0]
    assert cell.data_type == "s" and cell.quotePrefix  # text, not a formula
    assert rows['=HYPERLINK("http://x")'][col["支出合计"]].value == 1.01  # half-up when shown
    missing = book["未报送"]
    assert [c.value for c in missing[2]] == [cf.C, 2023, 2023]


def test_reports_zip_holds_every_units_report_and_brief(store):
    city = build_city(store, 2024)
    models = pipeline.city_models(store, [r.unit for r in city.rows], 2024)
    files = bundle.documents(models, word=True, pictures=False)
    archive = zipfile.ZipFile(io.BytesIO(bundle.zip_bytes(files)))
    model = pipeline.model_for(store.history(cf.A), 2024)
    # 报告 and 摘要 of each unit, in Markdown and in Word
    assert len(archive.namelist()) == 4 * len(city.rows) == 12
    brief = Document(io.BytesIO(archive.read(unit_report.summary_filename(model, "docx"))))
    assert brief.paragraphs[0].text == f"2024年度{cf.A}\n整体支出绩效自评摘要"
    assert (
        f"| 支出合计 | {fmt.money(model.overall.total.current)} |"
        in archive.read(unit_report.summary_filename(model)).decode()
    )
    rows = [[c.text for c in r.cells] for r in brief.tables[0].rows]
    assert rows[1][:2] == ["支出合计", "490.75万元"]
    assert archive.read(unit_report.report_filename(model)).decode() == unit_report.render_report(
        model
    )
    assert archive.read(unit_report.summary_filename(model)).decode() == unit_report.render_summary(
        model
    )


def test_cli_rollup_writes_the_table(store, tmp_path, capsys):
    out = tmp_path / "rollup.xlsx"
    assert cli_main(["rollup", "--year", "2024", "--store", str(store.root), "-o", str(out)]) == 0
    assert f"未报送：{cf.C}" in capsys.readouterr().err
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert [c.value for c in ws[1]][:4] == ["单位", "主管部门", "单位类型", "支出合计"]
    assert [(r[0].value, r[3].value) for r in ws.iter_rows(min_row=2)] == [
        (cf.A, 490.75),
        (cf.B, 100),
        (cf.D, 20),
    ]
    assert cli_main(["rollup", "--year", "2019", "--store", str(store.root), "-o", str(out)]) == 2
    capsys.readouterr()
    again = ["rollup", "--year", "2024", "--store", str(store.root), "-o", str(out)]
    assert cli_main(again) == 2  # the file exists now
    assert "文件已存在" in capsys.readouterr().err
    assert cli_main([*again, "--force"]) == 0
    missing = ["rollup", "--year", "2024", "--store", str(store.root), "-o", "/无此/汇总.xlsx"]
    assert cli_main(missing) == 2
    err = capsys.readouterr().err
    assert "文件夹不存在" in err and not any(w in err for w in ("No such", "Errno", "Traceback"))


def test_cli_summary_all_writes_what_summary_writes_per_unit(store, tmp_path, capsys):
    out = tmp_path / "reports"
    args = ["summary", "--all", "--year", "2024", "--store", str(store.root), "-o", str(out)]
    assert cli_main(args) == 0
    assert len(list(out.iterdir())) == 6
    one = tmp_path / "one.md"
    single = ["summary", "--unit", cf.B, "--year", "2024", "--store", str(store.root)]
    assert cli_main([*single, "-o", str(one)]) == 0
    model = pipeline.model_for(store.history(cf.B), 2024)
    assert (out / unit_report.report_filename(model)).read_text(encoding="utf-8") == one.read_text(
        "utf-8"
    )
    brief = tmp_path / "brief.md"
    assert cli_main([*single, "--brief", "-o", str(brief)]) == 0
    assert (out / unit_report.summary_filename(model)).read_text("utf-8") == brief.read_text(
        "utf-8"
    )
    assert cli_main(["summary", "--all", "--store", str(store.root), "-o", str(out)]) == 2
    assert cli_main([*args, "--force"]) == 0  # the same files again: only with --force


def test_cli_summary_all_word_adds_each_units_docx(store, tmp_path):
    out = tmp_path / "word"
    args = ["summary", "--all", "--word", "--no-charts", "--year", "2024"]
    assert cli_main([*args, "--store", str(store.root), "-o", str(out)]) == 0
    docs = sorted(p.name for p in out.glob("*.docx"))
    kinds = ("报告", "摘要")
    assert docs == sorted(f"{u}-2024-绩效自评{k}.docx" for u in (cf.A, cf.B, cf.D) for k in kinds)
    assert zipfile.is_zipfile(out / docs[0])
    # the same again would overwrite them: refused (exit 2) unless --force
    before = (out / docs[0]).stat().st_mtime_ns
    assert cli_main([*args, "--store", str(store.root), "-o", str(out)]) == 2
    assert (out / docs[0]).stat().st_mtime_ns == before
    assert cli_main([*args, "--store", str(store.root), "-o", str(out), "--force"]) == 0


def test_ranking_sums_the_rest_as_others_and_cuts_a_long_others_bar_honestly(store):
    from dataclasses import replace

    from perfeval.city import charts as city_charts
    from perfeval.model.figures import Change

    city = build_city(store, 2024)
    bar = city_charts.ranked(city, top=1).data[0]
    assert list(bar.y) == ["其他（2个单位）", cf.A] and list(bar.x) == [120.0, 490.75]
    assert bar.text[0] == "120.00万元（19.65%）"  # 100 + 20 of 610.75
    small = replace(city, rows=[replace(city.rows[0], total=Change(D(10))), *city.rows[1:]])
    bar = city_charts.ranked(small, top=1).data[0]
    assert list(bar.x) == [15.0, 10.0]  # 其他 drawn at 1.5 × the largest shown …
    assert bar.text[0].startswith("120.00万元") and bar.marker.pattern.shape[0] == "/"  # … said
