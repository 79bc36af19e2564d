"""The pages with project evaluations (AppTest): the overview's project table and the KPI page's
project selectbox show the model's recomputed figures for a unit stored from its 自评表 forms."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from perfeval.readers import read_workbook
from perfeval.store.core import Store
from tests import forms_corpus as fc

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.fixture(autouse=True)
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store holding one unit-year read from a 整体自评表 and two 项目自评表 sheets."""
    monkeypatch.setenv("PERFEVAL_STORE", str(tmp_path / "store"))
    monkeypatch.delenv("PERFEVAL_EDITOR_PASSWORD", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    second = fc.central_project_rows(name="公路安全生命防护工程")
    data = fc.build(
        {"整体": fc.hunan_unit_rows(), "项目1": fc.central_project_rows(), "项目2": second}
    )
    result = read_workbook(data, "forms.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    store = Store(tmp_path / "store")
    store.save(result.workbook, data, "forms.xlsx")
    yield store
    st.cache_data.clear()
    st.cache_resource.clear()


def run(page: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_lists_every_project():
    at = run("views/overview.py")
    frames = [f.value for f in at.dataframe]
    table = next(f for f in frames if "得分（复算）" in f.columns)
    assert table["项目"].tolist() == ["农村公路养护", "公路安全生命防护工程"]
    assert table["执行率"].tolist() == ["95.20%", "95.20%"]
    assert table["得分（复算）"].tolist() == ["98.69", "98.69"]
    assert "项目支出绩效自评" in [h.value for h in at.subheader]


def test_kpi_page_shows_one_projects_indicators():
    at = run("views/kpi.py")
    box = next(b for b in at.selectbox if b.label == "选择项目")
    assert box.options == ["1. 农村公路养护", "2. 公路安全生命防护工程"]
    box.set_value(1).run()
    assert not at.exception
    table = at.dataframe[-1].value
    assert table["三级指标"].tolist()[1] == "路面优良率"
    assert table["得分"].tolist()[1] == "14.17"
    assert any("执行率95.20%" in c.value for c in at.caption)


def test_overview_of_project_forms_only(stored: Store):
    data = fc.sichuan_project(two=True)
    result = read_workbook(data, "四川.xlsx")
    stored.save(result.workbook, data, "四川.xlsx")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["unit"] = fc.SC_UNIT
    at.query_params["year"] = "2023"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "只有2个项目的项目支出绩效自评表" in at.info[0].value
    table = at.dataframe[0].value
    assert table["执行率"].tolist() == ["100.00%", "95.28%"]
    assert table["得分（复算）"].tolist() == ["100.00", "99.53"]
    assert not at.get("plotly_chart")  # no empty spending charts
