"""The thin glue Streamlit needs: cached loaders keyed on the store's generation, the shared
unit/year selection (kept in the URL), the editor gate. The only module that imports streamlit."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from perfeval import checking, fmt, markdown, pipeline
from perfeval.city import rows as city
from perfeval.model.figures import UnitYear
from perfeval.readers import forms, read_workbook
from perfeval.report import unit_report
from perfeval.schema import (
    ACTUAL,
    BUDGET,
    CATEGORY,
    FUND,
    ITEM,
    Problem,
    ReadResult,
    Workbook,
)
from perfeval.store import access
from perfeval.store.core import Store, prepare
from perfeval.web import auth, tables

PASSWORD_ENV = "PERFEVAL_EDITOR_PASSWORD"
SOURCE_STORE = "store"
SOURCE_SAMPLES = "samples"


@st.cache_resource(show_spinner=False)
def get_store() -> Store:
    """PostgreSQL at $PERFEVAL_DATABASE_URL when set, else SQLite in $PERFEVAL_STORE."""
    return Store()


def generation() -> int:
    """Changes on every store write: part of every cache key, so a write invalidates at once."""
    return get_store().generation()


@st.cache_data(show_spinner=False)
def _sample_history() -> dict[str, dict[int, Workbook]]:
    by_unit: dict[str, dict[int, Workbook]] = {}
    for wb in pipeline.sample_workbooks():
        by_unit.setdefault(wb.unit, {})[wb.year] = wb
    return by_unit


@st.cache_data(show_spinner=False)
def _catalog(gen: int) -> dict[str, list[int]]:
    store = get_store()
    return {unit: store.years(unit) for unit in store.units()}


def source() -> str:
    return SOURCE_SAMPLES if not _catalog(generation()) else SOURCE_STORE


def catalog() -> dict[str, list[int]]:
    """unit → years available: the store's units this person may view, or the bundled
    samples' when the store is empty."""
    cat = _catalog(generation())
    if cat:
        return {unit: years for unit, years in cat.items() if auth.may_view_unit(unit)}
    return {unit: sorted(h) for unit, h in _sample_history().items()}


@st.cache_data(show_spinner=False, max_entries=64)
def _history(unit: str, gen: int) -> dict[int, Workbook]:
    return get_store().history(unit)


def history(unit: str) -> dict[int, Workbook]:
    if source() == SOURCE_SAMPLES:
        return _sample_history()[unit]
    return _history(unit, generation())


# Models and figures are computed once per (unit, year, store generation) and then only read:
# cache_resource hands every session the same object instead of unpickling a copy on each rerun
# (st.cache_data's behaviour), which the benchmark showed to be most of a cached rerun's time.
@st.cache_resource(show_spinner=False, max_entries=256)
def _model(unit: str, year: int, gen: int, src: str) -> UnitYear:
    return pipeline.model_for(history(unit), year)


def model(unit: str, year: int) -> UnitYear:
    return _model(unit, year, generation(), source())


ChartMaker = Callable[[UnitYear], go.Figure]


# `_make` is left out of the cache key (Streamlit skips arguments named with a leading
# underscore); `name`, the chart function's own name, stands for it.
@st.cache_resource(show_spinner=False, max_entries=1024)
def _figure(_make: ChartMaker, name: str, unit: str, year: int, gen: int, src: str) -> go.Figure:
    return _make(_model(unit, year, gen, src))


def figure(make: ChartMaker, unit: str, year: int) -> go.Figure:
    """A chart (a perfeval.charts function), built once per unit-year and store state."""
    return _figure(
        make, f"{make.__module__}.{make.__qualname__}", unit, year, generation(), source()
    )


@st.cache_data(show_spinner=False, max_entries=256)
def _report(unit: str, year: int, gen: int, src: str) -> tuple[str, str, str]:
    m = _model(unit, year, gen, src)
    return pipeline.report_text(m), unit_report.render_brief(m), unit_report.render_summary(m)


def report_text(unit: str, year: int) -> str:
    """`pipeline.report_text` of the unit-year, cached: what `python -m perfeval summary` prints."""
    return _report(unit, year, generation(), source())[0]


def brief_text(unit: str, year: int) -> str:
    """The 摘要 without its title, for the overview's summary box."""
    return _report(unit, year, generation(), source())[1]


def summary_text(unit: str, year: int) -> str:
    """The one-page 摘要 as its own document (with its title)."""
    return _report(unit, year, generation(), source())[2]


# The Word report takes seconds (pandoc, and a browser for the charts): it is built only when
# someone clicks its download button, once per unit-year and store state, then served from here.
@st.cache_data(show_spinner=False, max_entries=32)
def _docx(unit: str, year: int, gen: int, src: str) -> bytes:
    from perfeval.report import word  # pandoc and python-docx load only when a file is asked for

    return word.build(_model(unit, year, gen, src))


def docx_builder(unit: str, year: int) -> Callable[[], bytes]:
    """A callable for a deferred download: Streamlit runs it off the script thread on the click,
    so the store state is read now, where the page is drawn."""
    gen, src = generation(), source()
    return lambda: _docx(unit, year, gen, src)


# ---------------------------------------------------------------- Chinese chrome

# Streamlit has no locale setting: the file uploader's button says "Upload" and its hint
# "20MB per file • XLSX…", and the full-screen button it adds to plotly's toolbar has an English
# tooltip that no plotly locale reaches. These rules hide those English words and put Chinese
# ones in their place through ::after. No user text goes in here; tests/e2e pins the labels.
UPLOAD_BUTTON_TEXT = "选择文件"
CHROME_CSS = """
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
  font-size: 0;
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "%(button)s";
  font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzoneInstructions"] span {
  font-size: 0;
}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: "%(hint)s";
  font-size: 0.875rem;
}
[data-testid="stFileChip"][aria-invalid="true"]::after {
  content: "%(refused)s";
  font-size: 0.75rem;
  color: #c92a2a;
  margin-left: 0.5rem;
  white-space: nowrap;
}
.js-plotly-plot .plotly .modebar-btn[data-title="Fullscreen"]::after {
  content: "全屏";
}
.js-plotly-plot .plotly .modebar-btn[data-title="Close fullscreen"]::after {
  content: "退出全屏";
}
"""


def upload_hint() -> str:
    from perfeval.readers import MAX_UPLOAD_BYTES

    # No file types here: the rule applies to every uploader (workbooks, reports); each label
    # names what it takes.
    return f"或将文件拖放到此处 · 每个文件不超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB"


def refused_file_text() -> str:
    """Beside a file the uploader refused (too large or of a type it does not take): Streamlit
    only says why to screen readers, in English; people saw a red chip and nothing else."""
    from perfeval.readers import MAX_UPLOAD_BYTES

    return f"未上传：超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB或文件类型不符"


def chinese_chrome() -> None:
    """Chinese labels where Streamlit has no setting for them (called once per page run)."""
    css = CHROME_CSS % {
        "button": UPLOAD_BUTTON_TEXT,
        "hint": upload_hint(),
        "refused": refused_file_text(),
    }
    st.html(f"<style>{css}</style>")


# Plotly's toolbar in Chinese: plotly.js takes a locale dictionary in the chart's config, so no
# locale bundle is needed. Only the buttons that matter are kept.
PLOTLY_ZH = {
    "Download plot as a png": "下载为PNG图片",
    "Download plot as a PNG": "下载为PNG图片",
    "Fullscreen": "全屏",
    "Exit fullscreen": "退出全屏",
    "Close fullscreen": "退出全屏",
    "Download plot": "下载图片",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Reset axes": "还原坐标轴",
    "Autoscale": "自动缩放",
    "Reset view": "还原视图",
    "Zoom": "框选放大",
    "Pan": "平移",
    "Double-click to zoom back out": "双击还原",
    "Click to enter Colorscale title": "",
    "Click to enter Plot title": "",
}
PLOTLY_CONFIG = {
    "locale": "zh-CN",
    "locales": {"zh-CN": {"dictionary": PLOTLY_ZH, "format": {"decimal": ".", "thousands": ","}}},
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "zoom2d",
        "pan2d",
        "autoScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
    ],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def chart(make: ChartMaker, sel: Selection, key: str) -> None:
    """A chart (a perfeval.charts function), drawn with the Chinese toolbar."""
    st.plotly_chart(figure(make, sel.unit, sel.year), key=key, config=PLOTLY_CONFIG)


# ---------------------------------------------------------------- the city


@st.cache_resource(show_spinner=False)
def _city_memo(root: str) -> city.Memo:
    """Rows already computed, keyed by version ids: a write recomputes only what it changed."""
    return city.Memo()


@st.cache_resource(show_spinner="正在汇总全市数据…", max_entries=16)
def _city(year: int, gen: int) -> city.City:
    store = get_store()
    return city.build_city(store, year, _city_memo(str(store.root)))


def city_of(year: int) -> city.City:
    """Every unit's figures of `year` from the store (not the samples), once per store state."""
    return _city(year, generation())


@st.cache_resource(show_spinner=False, max_entries=64)
def _city_view(year: int, gen: int, units: tuple[str, ...] | None) -> city.City:
    whole = _city(year, gen)
    return whole if units is None else whole.subset(set(units))


def city_view(year: int, units: tuple[str, ...] | None) -> city.City:
    """The city, or the part of it the filters kept (units=None: no filter)."""
    return _city_view(year, generation(), units)


CityChartMaker = Callable[[city.City], go.Figure]


@st.cache_resource(show_spinner=False, max_entries=256)
def _city_figure(
    _make: CityChartMaker, name: str, year: int, gen: int, units: tuple[str, ...] | None
) -> go.Figure:
    return _make(_city_view(year, gen, units))  # `_make` is keyed by `name` (see _figure)


def city_chart(make: CityChartMaker, year: int, units: tuple[str, ...] | None, key: str) -> None:
    """A chart (a perfeval.city_charts function), drawn with the Chinese toolbar."""
    name = f"{make.__module__}.{make.__qualname__}"
    fig = _city_figure(make, name, year, generation(), units)
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG)


@st.cache_data(show_spinner=False, max_entries=8)
def _city_xlsx(year: int, gen: int, units: tuple[str, ...] | None) -> bytes:
    from perfeval.city import table as city_table

    return city_table.to_xlsx(_city_view(year, gen, units))


@st.cache_data(show_spinner=False, max_entries=4)
def _city_zip(year: int, gen: int, units: tuple[str, ...] | None) -> bytes:
    from perfeval.city import table as city_table

    return city_table.reports_zip(get_store(), _city_view(year, gen, units))


def city_downloads(year: int, units: tuple[str, ...] | None) -> tuple[Callable, Callable]:
    """The table as .xlsx and every unit's reports as .zip, made only when clicked."""
    gen = generation()
    return (lambda: _city_xlsx(year, gen, units)), (lambda: _city_zip(year, gen, units))


def city_year() -> int | None:
    """The city page's 年度 (sidebar, `?year=`): any year a stored unit has; None when empty."""
    cat = _catalog(generation())
    years = sorted({y for ys in cat.values() for y in ys}, reverse=True)
    if not years:
        return None
    wanted = _param_year(st.query_params.get("year")) or st.session_state.get("year")
    index = years.index(wanted) if wanted in years else 0
    year = st.sidebar.selectbox("年度", years, index=index, key="_city_year")
    st.session_state["year"] = year
    if st.query_params.get("year") != str(year):
        st.query_params["year"] = str(year)
    return year


def store_unit_count() -> int:
    return len(_catalog(generation()))


# ---------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selection:
    unit: str
    year: int


def _param_year(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def url_mismatch(
    units: list[str],
    years: list[int],
    asked_unit: str | None,
    asked_year: str | None,
    unit: str,
    year: int,
) -> list[str]:
    """What to tell when the link asks for a unit or year that has no data (shown, not silent).
    A year is judged against the unit it came with: after the sidebar switches units, the old
    year in the URL is not a mismatch."""
    said = []
    if asked_unit and asked_unit not in units:
        said.append(f"链接中的单位“{asked_unit}”没有数据，已改为显示{unit}。")
    if asked_year and (not asked_unit or asked_unit == unit or asked_unit not in units):
        number = _param_year(asked_year)
        if number is None:
            said.append(f"链接中的年度“{asked_year}”不是年份，已改为显示{year}年度。")
        elif number not in years:
            said.append(f"{unit}没有{number}年度的数据，已改为显示{year}年度。")
    return said


def selection() -> Selection | None:
    """The sidebar's unit and year, read from and written back to `?unit=…&year=…`."""
    cat = catalog()
    if not cat:
        st.sidebar.info("还没有数据：请到“数据上传”页上传工作簿。")
        return None
    units = sorted(cat)
    wanted_unit = st.query_params.get("unit") or st.session_state.get("unit")
    unit_index = units.index(wanted_unit) if wanted_unit in units else 0
    unit = st.sidebar.selectbox("单位", units, index=unit_index, key="_unit_box")
    years = sorted(cat[unit], reverse=True)
    wanted_year = _param_year(st.query_params.get("year")) or st.session_state.get("year")
    year_index = years.index(wanted_year) if wanted_year in years else 0
    year = st.sidebar.selectbox("年度", years, index=year_index, key=f"_year_box_{unit}")
    asked_unit, asked_year = st.query_params.get("unit"), st.query_params.get("year")
    for text in url_mismatch(units, years, asked_unit, asked_year, unit, year):
        st.warning(markdown.inline(text), icon=":material/link_off:")
    st.session_state["unit"], st.session_state["year"] = unit, year
    if st.query_params.get("unit") != unit or st.query_params.get("year") != str(year):
        st.query_params.update({"unit": unit, "year": str(year)})
    if source() == SOURCE_SAMPLES:
        st.sidebar.caption("数据库为空，当前显示随附的示例数据（常宁市科技和工业信息化局）。")
    return Selection(unit, year)


# ---------------------------------------------------------------- editor gate


def editor_password() -> str | None:
    env = os.environ.get(PASSWORD_ENV)
    if env:
        return env
    try:
        value = st.secrets.get("editor_password")
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        return None
    return str(value) if value else None


def require_editor() -> bool:
    """Show the password form until the editor role is granted; False means: draw nothing else.
    With logins configured the person's grants decide instead (the page is only in the
    navigation of editors)."""
    if auth.auth_configured():
        return auth.current().may_upload
    password = editor_password()
    if password is None:
        st.info(
            "未设置编辑密码（PERFEVAL_EDITOR_PASSWORD），本机单用户运行：任何打开本页的人都可以上传和修改数据。"
        )
        return True
    if st.session_state.get("_editor"):
        return True
    st.warning("上传和修改数据需要编辑权限，请输入编辑密码。")
    with st.form("editor_login", enter_to_submit=False):
        given = st.text_input("编辑密码", type="password")
        submitted = st.form_submit_button("进入")
    if submitted:
        refusal = auth.check_password(given, password)
        if refusal is None:
            st.session_state["_editor"] = True
            st.rerun()
        st.error(refusal)
    return False


def selection_or_stop() -> Selection:
    sel = selection()
    if sel is None:
        st.info("还没有数据。请到“数据上传”页下载模板、填写后上传。")
        st.stop()
    return sel


# ---------------------------------------------------------------- shared widgets


def download_summary_button(sel: Selection, key: str, primary: bool = False) -> None:
    """下载摘要 (Markdown): the one-page 摘要, `…-绩效自评摘要.md`."""
    m = model(sel.unit, sel.year)
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


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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


# ---------------------------------------------------------------- upload


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from perfeval.template import write_template

    return write_template(example=True)


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file read and checked: `problems` are the reader's and every finding the
    report will raise (errors, then warnings, then notes)."""

    filename: str
    data: bytes
    result: ReadResult
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.result.ok and not any(p.level == "error" for p in self.problems)


@st.cache_data(show_spinner="正在检查工作簿…", max_entries=64)
def _check(data: bytes, filename: str, unit: str | None, year: int | None) -> ReadResult:
    return read_workbook(data, filename, unit, year)


@st.cache_data(show_spinner="正在核查数字…", max_entries=64)
def _findings(
    data: bytes, filename: str, unit: str | None, year: int | None, gen: int
) -> list[Problem]:
    result = _check(data, filename, unit, year)
    wb = result.workbook
    stored = get_store().history(wb.unit) if wb is not None and result.ok else {}
    return checking.check_findings(result, stored)


def check_upload(
    data: bytes, filename: str, unit: str | None = None, year: int | None = None
) -> CheckedUpload:
    """One uploaded file read and checked (cached); `unit`/`year` fill what its title rows lack."""
    result = _check(data, filename, unit, year)
    return CheckedUpload(
        filename, data, result, _findings(data, filename, unit, year, generation())
    )


UNIT_MISSING_CODES = frozenset({forms.CODE_NO_UNIT})  # every reader asks with these codes
YEAR_MISSING_CODES = frozenset({forms.CODE_NO_YEAR})


def given_unit_year(filename: str) -> tuple[str | None, int | None]:
    """What the person typed for a file whose title rows lack its unit or year."""
    unit = st.session_state.get(f"_unit_for_{filename}") or None
    year = st.session_state.get(f"_year_for_{filename}")
    return (unit.strip() or None) if unit else None, int(year) if year else None


def ask_unit_year(item: CheckedUpload) -> None:
    """Fields for the unit and year a form does not state (never guessed); shown while needed
    or filled in, so that what was typed stays."""
    codes = {p.code for p in item.result.problems}
    unit, year = given_unit_year(item.filename)
    if codes & UNIT_MISSING_CODES or unit:
        st.text_input("单位名称（表格标题行中没有写明，请填写）", key=f"_unit_for_{item.filename}")
    if codes & YEAR_MISSING_CODES or year:
        st.number_input(
            "年度（表格标题行中没有写明，请填写）",
            min_value=1990,
            max_value=2100,
            value=None,
            step=1,
            key=f"_year_for_{item.filename}",
        )


def file_labels(item: CheckedUpload) -> list[str]:
    """What was recognised in an uploaded file, e.g. 支出决算表（公开03表，金额单位：元）."""
    return list(item.result.recognised)


def template_download(group: pipeline.UnitYearFiles, key: str) -> None:
    """The template round trip: what was read, as a workbook the clerk can check and correct."""
    st.download_button(
        "下载为填报模板格式 (.xlsx)",
        data=pipeline.workbook_bytes(group.workbook),
        file_name=f"{group.unit}-{group.year}-读取结果.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )


def combine_uploads(items: list[CheckedUpload]) -> list[pipeline.UnitYearFiles]:
    """The readable uploads combined by unit-year, exactly as the CLI combines files."""
    files = [(i.filename, i.data, pipeline.parts_of(i.result), None) for i in items if i.ok]
    return pipeline.combine_files([f for f in files if f[2]])


def plan_save(store: Store, groups: list[pipeline.UnitYearFiles]) -> checking.SavePlan:
    """What 保存 would do with the combined unit-years: saves, unchanged ones, conflicts."""
    return checking.plan_save(pipeline.uploads_of(groups), store)


REFUSALS_LOGGED = "_refusals_logged"


def refused_uploads(store: Store, checked: list[CheckedUpload]) -> dict[str, str]:
    """filename → "无权上传「XX局」的数据…" for workbooks of units this person may not edit.
    Each refusal goes into the activity trail once per browser session."""
    refused: dict[str, str] = {}
    logged = st.session_state.setdefault(REFUSALS_LOGGED, set())
    for item in checked:
        wb = item.result.workbook
        if wb is None or not isinstance(wb.unit, str) or not wb.unit.strip():
            continue
        if auth.may_edit_unit(wb.unit):
            continue
        refused[item.filename] = access.refusal_text(wb.unit)
        key = (hashlib.sha256(item.data).hexdigest(), wb.unit)
        if key not in logged and isinstance(wb.year, int):
            store.record_refused(auth.current().actor, [prepare(wb, item.data, item.filename)])
            logged.add(key)
    return refused


def upload_status(item: CheckedUpload, plan: checking.SavePlan) -> str:
    if not item.ok:
        return "有错误，不能保存"
    for upload, current in plan.unchanged:
        if upload.filename == item.filename:
            return checking.same_as_text(current.version)
    if any(item.filename in c.filenames for c in plan.conflicts):
        return "与其他文件属同一单位年度，不能保存"
    return "可以保存"


def upload_icon(ok: bool, attention: bool) -> str:
    if not ok:
        return ":material/error:"
    return ":material/warning:" if attention else ":material/check_circle:"


def version_note(store: Store, wb: Workbook, plan: checking.SavePlan, filename: str) -> str:
    """Which stored unit-year the upload would become a new version of (escaped for Markdown)."""
    unit = markdown.inline(wb.unit)
    current = store.current(wb.unit, wb.year)
    for upload, same in plan.unchanged:
        if upload.filename == filename:
            return (
                f"此文件与 **{unit} {wb.year}年度** 的第{same.version}版（当前版本）完全相同，"
                "保存时不会新建版本。"
            )
    number = store.next_version(wb.unit, wb.year)
    if current is None and number == 1:
        return f"将新建 **{unit} {wb.year}年度** 的第1版。"
    replaced = (
        f"，替换当前的第{current.version}版（{markdown.inline(current.filename)}，{fmt.beijing_time(current.uploaded_at)}）"
        if current
        else ""
    )
    return f"将保存为 **{unit} {wb.year}年度** 的第{number}版{replaced}。旧版本保留，可随时恢复。"


def preview(wb: Workbook) -> None:
    """What would be stored: the figures the model computes from this workbook alone, the
    spending lines and the indicators as the 绩效指标 page will show them."""
    m = pipeline.model_for({wb.year: wb}, wb.year)
    cols = st.columns(5)
    cols[0].metric("支出合计", fmt.money(m.overall.total.current))
    cols[1].metric("基本支出", fmt.money(m.overall.basic.current))
    cols[2].metric("项目支出", fmt.money(m.overall.project.current))
    cols[3].metric("绩效指标", f"{len(wb.indicators)}个")
    cols[4].metric("自评得分", score_text(m))
    lines = wb.spending[[FUND, CATEGORY, ITEM, BUDGET, ACTUAL]].copy()
    for column in (BUDGET, ACTUAL):
        lines[column] = [fmt.amount(v) for v in lines[column]]
    st.markdown("**支出**")
    text_table(lines)
    if len(wb.indicators):
        st.markdown("**绩效指标**")
        text_table(tables.kpi_frame(m))


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


def version_manager(store: Store, sel: Selection) -> None:
    if not auth.may_edit_unit(sel.unit):
        st.info(f"你没有「{markdown.inline(sel.unit)}」的编辑权限：只能查看，不能管理其版本。")
        return
    versions = store.versions(sel.unit, sel.year)
    if not versions:
        st.info("所选单位和年度还没有保存的版本（当前显示的是示例数据）。")
        return
    st.markdown(f"**{markdown.inline(sel.unit)} {sel.year}年度** 共{len(versions)}个版本：")
    text_table(tables.versions_frame(versions))
    by_label = {f"第{v.version}版（{v.filename}）": v for v in versions}
    label = st.selectbox("选择版本", list(by_label), key="version_pick")
    chosen = by_label[label]
    cols = st.columns(4)
    if cols[0].button("设为当前版本", disabled=chosen.current or chosen.deleted, key="v_restore"):
        st.session_state[PENDING] = ("restore", sel.unit, sel.year, chosen.version)
    if cols[1].button("删除此版本", disabled=chosen.deleted, key="v_delete"):
        st.session_state[PENDING] = ("delete", sel.unit, sel.year, chosen.version)
    if cols[2].button("恢复已删除", disabled=not chosen.deleted, key="v_undelete"):
        store.undelete(sel.unit, sel.year, chosen.version, actor=auth.current().actor)
        now = store.current(sel.unit, sel.year)
        st.session_state["_flash"] = (
            f"第{chosen.version}版已恢复；当前版本是第{now.version}版" if now else "已恢复"
        )
        st.rerun()
    files = store.files(chosen)
    for i, stored in enumerate(files):
        label = "下载原始文件" if len(files) == 1 else f"下载原始文件：{stored.filename}"
        target = cols[3] if len(files) == 1 else st
        target.download_button(
            label,
            data=store.original(stored.sha256),
            file_name=stored.filename,
            key=f"v_original_{i}",
        )
    pending = st.session_state.get(PENDING)
    if pending and pending[1:3] == (sel.unit, sel.year):
        confirm = _confirm_delete if pending[0] == "delete" else _confirm_restore
        confirm(store, sel, versions, pending[3])


# A delete or restore waiting for confirmation: (action, unit, year, version). Kept in the
# session, not only in the click, so the dialog survives its own reruns.
PENDING = "_pending_version_action"


def _clear_pending() -> None:
    st.session_state.pop(PENDING, None)


def _confirm_buttons(action: str) -> bool | None:
    """确认 / 取消 side by side: True, False (dialog closed), or None while undecided."""
    left, right = st.columns(2)
    if left.button(action, type="primary", key="dialog_ok", width="stretch"):
        return True
    if right.button("取消", key="dialog_cancel", width="stretch"):
        return False
    return None


@st.dialog("确认删除版本", on_dismiss=_clear_pending)
def _confirm_delete(store: Store, sel: Selection, versions: list, number: int) -> None:
    st.markdown(markdown.inline(checking.delete_text(versions, number)))
    st.caption("删除后原始文件仍保留，可随时“恢复已删除”。")
    answer = _confirm_buttons("确认删除")
    if answer is not None:
        _clear_pending()
    if answer:
        store.delete(sel.unit, sel.year, number, actor=auth.current().actor)
        now = store.current(sel.unit, sel.year)
        after = f"当前版本是第{now.version}版" if now else "该年度已没有当前版本"
        st.session_state["_flash"] = f"第{number}版已删除（可恢复）；{after}"
    if answer is not None:
        st.rerun()


@st.dialog("确认更换当前版本", on_dismiss=_clear_pending)
def _confirm_restore(store: Store, sel: Selection, versions: list, number: int) -> None:
    st.markdown(markdown.inline(checking.restore_text(versions, number)))
    answer = _confirm_buttons("设为当前版本")
    if answer is not None:
        _clear_pending()
    if answer:
        store.restore(sel.unit, sel.year, number, actor=auth.current().actor)
        st.session_state["_flash"] = f"第{number}版已设为当前版本"
    if answer is not None:
        st.rerun()
