"""报告核对 under AppTest: the workbook's own 文字说明 by default, a dropped .docx with a table,
downloads equal to the CLI's table, and a hostile file refused with a message, never a crash."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from perfeval import audit, pipeline
from tests.apptest import app, download, no_exception
from tests.shared import docx_bytes, zipbomb

# Every page test: a fresh store and cold Streamlit caches (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("store_dir")

PAGE = "views/audit.py"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_without_a_file_the_workbooks_own_text_is_checked() -> None:
    at = app(PAGE)
    no_exception(at)
    assert _metrics(at)["存疑"] == "1个"  # 工业上缴税收合计96877亿元 in the samples' 文字说明
    table = at.dataframe[0].value
    assert table.iloc[0]["数字"] == "96877亿元" and table.iloc[0]["结果"] == "存疑"


def test_dropped_docx_is_checked_flagged_rows_first_and_downloads_match(media) -> None:
    data = docx_bytes(
        ["2024年基本支出为796.58万元。"],
        [["项目", "说明"], ["项目支出", "项目支出6377.44万元，比上年增加1133.55万元，增长17.74%"]],
    )
    at = app(PAGE)
    at.get("file_uploader")[0].set_value(("自评报告.docx", data, DOCX_MIME))
    at.run()
    no_exception(at)
    assert _metrics(at)["不一致"] == "1个"
    table = at.dataframe[0].value
    assert list(table.columns) == list(audit.COLUMNS)
    first = table.iloc[0]
    assert (first["位置"], first["数字"], first["结果"], first["应为"]) == (
        "表1第2行第2列",
        "17.74%",
        "不一致",
        "21.62%",
    )
    document = audit.read_document(data, "自评报告.docx")
    history = pipeline.history_from_workbooks(pipeline.sample_workbooks())
    rows = audit.audit(
        document.paragraphs, audit.facts_from_model(pipeline.model_for(history, 2024))
    )
    name, content = download(at, media, "audit_md")
    assert name.endswith("-2024-报告核对.md")
    assert content.decode("utf-8") == audit.markdown_table(audit.flagged_first(rows))
    _, xlsx = download(at, media, "audit_xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[2]][2:4] == ["17.74%", "不一致"]


def test_hostile_docx_is_refused_with_a_message() -> None:
    at = app(PAGE)
    at.get("file_uploader")[0].set_value(("bomb.docx", zipbomb.bomb_bytes(), DOCX_MIME))
    at.run()
    no_exception(at)
    assert at.error and "恶意构造" in at.error[0].value
    assert not at.dataframe


def test_several_reports_show_a_summary_and_each_units_table_one_click_away() -> None:
    seed_unit = "常宁市科技和工业信息化局"
    wrong = f"{seed_unit}2024年度自评报告\n项目支出6377.44万元，比上年增加1133.55万元，增长17.74%。"
    at = app(PAGE)
    at.get("file_uploader")[0].set_value(
        [
            ("报告一.txt", wrong.encode("utf-8"), "text/plain"),
            ("某县某局.txt", "某县某局支出合计100万元。".encode(), "text/plain"),
        ]
    )
    at.run()
    no_exception(at)
    summary = at.dataframe[0].value
    assert list(summary.columns) == ["单位", "报告", "数字数", "不一致", "存疑", "无法核对"]
    assert summary.iloc[0].tolist() == [seed_unit, "报告一.txt", "3", "1", "0", "0"]
    assert summary.iloc[1].tolist() == ["（未匹配）", "某县某局.txt", "—", "—", "—", "—"]
    [expander] = at.expander
    assert expander.label.startswith(f"{seed_unit}（报告一.txt）")
    table = expander.dataframe[0].value
    assert table.iloc[0]["数字"] == "17.74%" and table.iloc[0]["应为"] == "21.62%"
    assert "某县某局.txt" in at.error[0].value
