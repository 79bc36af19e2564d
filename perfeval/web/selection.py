"""The shared unit/year selection, kept in the URL (`?unit=…&year=…`) and the sidebar; what to say
when a link asks for a unit or year without data."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from perfeval import markdown
from perfeval.web.caches import SOURCE_SAMPLES, catalog, source, stored_catalog


def city_year() -> int | None:
    """The city page's 年度 (sidebar, `?year=`): any year a stored unit has; None when empty."""
    cat = stored_catalog()
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


def selection_or_stop() -> Selection:
    sel = selection()
    if sel is None:
        st.info("还没有数据。请到“数据上传”页下载模板、填写后上传。")
        st.stop()
    return sel
