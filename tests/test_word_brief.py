"""The one-page 摘要 in Word: its title, headline table and sentences, and that it prints on ONE
A4 page (laid out by LibreOffice, the page count of its PDF), for the seed unit and for a unit
with long names and the most findings the 摘要 lists."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from perfeval.findings import evaluate
from perfeval.report import unit_report, word, word_style
from tests.builders import basic, indicator, project, workbook
from tests.e2e.server import required

SOFFICE = shutil.which("soffice")


def pdf_pages(docx: bytes) -> int:
    """Pages of the document as LibreOffice lays it out (its own profile: runs side by side)."""
    if SOFFICE is None:
        if required():
            pytest.fail(
                "LibreOffice (soffice) is required under CI: apt-get install libreoffice-writer-nogui"
            )
        pytest.skip("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="perfeval-pages-") as tmp:
        folder = Path(tmp)
        (folder / "d.docx").write_bytes(docx)
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(folder / "d.docx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = (folder / "d.pdf").read_bytes()
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def crowded_model():
    """Long names (a 20-character unit, 19-character projects), every line over budget,
    indicators missed without reason and unquantified: more findings than the 摘要 lists."""
    unit = "某某县经济技术开发区管理委员会财政金融局"  # 20 characters
    names = [f"第{i}批产业园区基础设施建设专项补助资金" for i in range(8)]  # 19 each
    spending = [basic("人员经费", "1234.56", "1200"), basic("公用经费", "234.56", "200")]
    spending += [project(n, f"{900 - 50 * i}.12", f"{800 - 50 * i}") for i, n in enumerate(names)]
    indicators = [indicator(f"新增规模以上工业企业数{i}", "100", "60") for i in range(6)]
    indicators += [indicator(f"未设定目标的满意度调查指标{i}", None, "95") for i in range(6)]
    previous = workbook(unit, 2023, [basic(None, "1000"), project(None, "5000")])
    current = workbook(unit, 2024, spending, indicators)
    return evaluate({2023: previous, 2024: current}, 2024)


@pytest.fixture(scope="module")
def seed_brief(seed_history) -> bytes:
    return word.build_brief(evaluate(seed_history))


def test_the_brief_has_the_title_and_headline_table_of_the_markdown(seed_brief, seed_history):
    doc = Document(io.BytesIO(seed_brief))
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].text == "2024年度常宁市科技和工业信息化局\n整体支出绩效自评摘要"
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0] == ["主要数字", "2024年", "比2023年"]
    assert rows[1] == ["支出合计", "7174.02万元", "增加1068.08万元，增长17.49%"]
    assert rows[3] == ["项目支出", "6377.44万元", "增加1133.55万元，增长21.62%"]
    assert rows[5][:2] == ["自评得分", "99.48分（优）"]
    text = "\n".join(p.text for p in doc.paragraphs)
    markdown = unit_report.render_summary(evaluate(seed_history))
    assert "预算执行率96.89%" in text and "预算执行率96.89%" in markdown
    # the 摘要's smaller look: 四号 → 小四 body, on A4
    body = doc.styles["Body Text"]
    assert body.font.size.pt == word_style.BRIEF_SIZES[word_style.BODY_PT]
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_seed_brief_prints_on_one_a4_page(seed_brief):
    assert pdf_pages(seed_brief) == 1


def test_a_crowded_brief_still_prints_on_one_page():
    model = crowded_model()
    warnings = [f for f in model.findings if f.level == "warning"]
    assert len(warnings) > unit_report.SUMMARY_FINDINGS  # the list is cut, the rest counted
    assert model.overall.total.current == Decimal("1234.56") + Decimal("234.56") + sum(
        Decimal(f"{900 - 50 * i}.12") for i in range(8)
    )
    assert pdf_pages(word.build_brief(model)) == 1
    # a report of the same unit is longer than a page: the count is not stuck at 1
    assert pdf_pages(word.build(model, pictures=False)) > 1
