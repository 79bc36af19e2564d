"""Make the PDF reports tests/test_audit_pdf.py reads, the way people make them: an HTML page
printed by headless Chromium, a .docx exported by LibreOffice, and a scan (a picture, no text).

    python scripts/make_pdf_fixtures.py        # writes tests/fixtures/audit/*.pdf

Needs /usr/bin/chromium, soffice (Debian's libreoffice-writer) and fonts-noto-cjk. The PDFs are
committed, so the tests need none of them. Figures: tests/test_audit_binding.py's unit (万元).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "tests" / "fixtures" / "audit"

# 本年支出合计 500.00 vs 上年 460.00: 增加40.00, 增长8.7 %; the 9.7 % below is planted.
BROWSER_HTML = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body{font-family:"Noto Serif CJK SC";font-size:16px;width:15cm;line-height:1.8}
h1{font-size:22px;text-align:center} p{text-indent:2em;margin:0}</style></head><body>
<h1>某市文化和旅游局2024年度部门决算说明</h1>
<p>一、收入支出决算总体情况说明。2024年度收入总计510.00万元、支出总计510.00万元。本年收入合计490.00万元，其中：财政拨款收入480.00万元，占97.96%；事业收入10.00万元，占2.04%。</p>
<p>二、本年支出合计500.00万元，比上年增加40.00万元，增长9.7%，主要原因是文化惠民工程、群众文化活动和公共图书馆免费开放等民生项目支出增加。</p>
<p>三、一般公共预算支出450.00万元，其中基本支出350.00万元，项目支出100.00万元。政府性基金预算支出50.00万元，全部为文旅设施建设项目支出。</p>
<p>四、一般公共预算财政拨款支出430.00万元，主要用于文化和旅游（款）群众文化（项）等方面。</p>
</body></html>"""

WORD_PARAGRAPHS = [
    "某市文化和旅游局2024年度部门整体支出绩效自评报告",
    "一、部门基本情况。本部门2024年度支出合计500.00万元，其中基本支出350.00万元，占70%；"
    "项目支出150.00万元，占30%。",
    "二、支出变化情况。基本支出比上年增加10.00万元，增长2.94%；项目支出比上年增加30.00万元，增长25%。",
    "表1 支出决算情况",
]
# 项目支出's 本年 160.00 is planted (the data says 150.00).
WORD_TABLE = [
    ["项目", "上年决算数（万元）", "本年决算数（万元）"],
    ["基本支出", "340.00", "350.00"],
    ["项目支出", "120.00", "160.00"],
    ["合计", "460.00", "510.00"],
]


def browser_pdf(work: Path) -> bytes:
    page = work / "report.html"
    page.write_text(BROWSER_HTML, encoding="utf-8")
    pdf = work / "browser.pdf"
    subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf.read_bytes()


def word_pdf(work: Path) -> bytes:
    from docx import Document

    document = Document()
    for text in WORD_PARAGRAPHS:
        document.add_paragraph(text)
    table = document.add_table(rows=len(WORD_TABLE), cols=len(WORD_TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(WORD_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    for run_style in document.styles:
        if getattr(run_style, "font", None) is not None and run_style.name == "Normal":
            run_style.font.name = "Noto Serif CJK SC"
    source = work / "word.docx"
    document.save(source)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (work / "word.pdf").read_bytes()


def scanned_pdf() -> bytes:
    """A page as a scanner makes it: a picture of the text, no text layer."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 28)
    page = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(page).text(
        (100, 150), "本年支出合计500.00万元，比上年增加40.00万元。", "black", font
    )
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (OUT / "browser.pdf").write_bytes(browser_pdf(work))
        (OUT / "word.pdf").write_bytes(word_pdf(work))
    (OUT / "scanned.pdf").write_bytes(scanned_pdf())
    for path in sorted(OUT.glob("*.pdf")):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
