"""Widgets several pages share: charts with the Chinese toolbar, the report and 摘要 download buttons,
problems as callouts, text tables, the 自评得分 card."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from perfeval import fmt, markdown
from perfeval.model.figures import UnitYear
from perfeval.report import unit_report
from perfeval.schema import Problem
from perfeval.web.caches import (
    ChartMaker,
    CityChartMaker,
    brief_docx_builder,
    city_figure,
    docx_builder,
    figure,
    generation,
    model,
    report_text,
    summary_text,
)
from perfeval.web.chrome import PLOTLY_CONFIG
from perfeval.web.selection import Selection


def chart(make: ChartMaker, sel: Selection, key: str) -> None:
    """A chart (a perfeval.charts function), drawn with the Chinese toolbar."""
    st.plotly_chart(figure(make, sel.unit, sel.year), key=key, config=PLOTLY_CONFIG)


def city_chart(make: CityChartMaker, year: int, units: tuple[str, ...] | None, key: str) -> None:
    """A chart (a perfeval.city_charts function), drawn with the Chinese toolbar."""
    name = f"{make.__module__}.{make.__qualname__}"
    fig = city_figure(make, name, year, generation(), units)
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG)


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download_summary_button(sel: Selection, key: str, primary: bool = False) -> None:
    """下载摘要 (Word) to print on one A4 page, and 下载摘要 (Markdown): the one-page 摘要,
    `…-绩效自评摘要.docx` / `.md`."""
    m = model(sel.unit, sel.year)
    st.download_button(
        "下载摘要 (Word)",
        data=brief_docx_builder(sel.unit, sel.year),
        file_name=unit_report.summary_filename(m, "docx"),
        mime=DOCX_MIME,
        key=f"{key}_docx",
        type="primary" if primary else "secondary",
        icon=":material/print:",
        on_click="ignore",
    )
    st.download_button(
        "下载摘要 (Markdown)",
        data=summary_text(sel.unit, sel.year).encode("utf-8"),
        file_name=unit_report.summary_filename(m),
        mime="text/markdown",
        key=key,
        type="primary" if primary else "secondary",
        icon=":material/download:",
        on_click="ignore",  # a download needs no rerun (one would renew the Word button's id)
    )


def download_report_buttons(sel: Selection) -> None:
    """下载报告 (Word) and 下载报告 (Markdown): the whole report; the Markdown is exactly what
    `python -m perfeval summary` writes for the same data, the Word file is built on the click."""
    m = model(sel.unit, sel.year)
    with st.container(horizontal=True):
        st.download_button(
            "下载报告 (Word)",
            data=docx_builder(sel.unit, sel.year),
            file_name=unit_report.report_filename(m, "docx"),
            mime=DOCX_MIME,
            key="download_report_docx",
            type="primary",
            icon=":material/description:",
            on_click="ignore",
        )
        st.download_button(
            "下载报告 (Markdown)",
            data=report_text(sel.unit, sel.year).encode("utf-8"),
            file_name=unit_report.report_filename(m),
            mime="text/markdown",
            key="download_report",
            icon=":material/download:",
            on_click="ignore",
        )
        download_summary_button(sel, key="download_summary")


def show_problems(problems: list[Problem], empty: str = "") -> None:
    """Warnings as callouts; the text is workbook data, so it is escaped before Markdown sees it."""
    if not problems:
        if empty:
            st.success(empty)
        return
    for p in problems:
        text = markdown.inline(str(p))
        if p.level == "error":
            st.error(text, icon=":material/error:")
        elif p.level == "warning":
            st.warning(text, icon=":material/warning:")
        else:
            st.info(text, icon=":material/info:")


def text_table(frame: pd.DataFrame) -> None:
    """A table whose long text cells (说明, 偏差原因) wrap instead of being cut off: st.table, not
    st.dataframe, whose grid shows one truncated line per cell and an English toolbar. st.table
    renders Markdown, and the cells are workbook text: each is escaped."""
    st.table(frame.map(lambda v: markdown.inline("" if v is None else str(v))), hide_index=True)


def score_text(m: UnitYear) -> str:
    return f"{fmt.amount(m.score.total)}分" if m.score.total is not None else "—"


def score_metric(container, m: UnitYear) -> None:
    """The 自评得分 card: score, grade, and what the score rests on when parts are missing."""
    basis = score_basis(m)
    grade = f"等级：{m.score.grade}" + (f" · {basis}" if basis else "")
    container.metric(
        "自评得分",
        score_text(m),
        grade,
        delta_color="off",
        delta_arrow="off",
        border=True,
        help=(f"{basis}：未纳入评分的部分见“绩效指标”页的得分构成。" if basis else None),
    )


def score_basis(m: UnitYear) -> str | None:
    """What the score rests on when parts are missing: `依据60分可评内容折算`; None at 100."""
    s = m.score
    if s.total is None or s.rests_on == fmt.HUNDRED:
        return None
    return f"依据{fmt.number(s.rests_on)}分可评内容折算"
