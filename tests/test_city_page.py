"""The 全市汇总 page under AppTest on the small city of tests/city_fixture.py: navigation, cards,
未报送, charts, table rows and unit links, filters, the year in the URL, and the downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from perfeval.store.core import Store
from tests import city_fixture as cf

DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")
PAGE = "views/city.py"
LINK = "总览链接"


@pytest.fixture(autouse=True)
def city_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "store"
    monkeypatch.setenv("PERFEVAL_STORE", str(root))
    cf.fill(Store(root), cf.write_files(tmp_path / "files"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield root
    st.cache_data.clear()
    st.cache_resource.clear()


def city_page(**params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()  # the default page (总览) runs first and writes its own unit and year to the URL
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value  # as when /city?year=… is opened directly
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_city_page_shows_the_year_side_by_side():
    at = city_page(year="2024")
    assert at.title[0].value == "2024年度全市预算绩效自评汇总"
    shown = metrics(at)
    assert shown["支出合计"] == ("610.75万元", "+170.75万元（+40.65%）")
    assert shown["基本支出"] == ("217.50万元", "占35.61%")  # 217.5 / 610.75
    assert shown["项目支出"] == ("393.25万元", "占64.39%")
    assert shown["报送单位"] == ("3个", "未报送1个")
    assert shown["预算执行率"][0] == "83.56%"
    assert any("两年都报送的2个单位" in c.value for c in at.caption)
    assert shown["有未量化指标的单位"] == ("1个", "占33.33%")  # 甲局, of 3
    (warning,) = at.warning
    assert "未报送 1个单位" in warning.value and cf.C in warning.value
    assert len(at.get("plotly_chart")) == 4
    frame = at.dataframe[0].value
    assert len(frame) == 3
    assert (
        frame[LINK].tolist()[0] == "./?unit=%E6%B5%8B%E8%AF%95%E5%B8%82%E7%94%B2%E5%B1%80&year=2024"
    )
    assert frame["支出合计"].tolist() == [490.75, 100.0, 20.0]
    assert frame["人均人员经费"].tolist()[0] == 9.17
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载汇总表 (Excel)", "下载3个单位的报告 (.zip)"]


def test_city_is_first_in_navigation_and_follows_the_year():
    at = city_page(year="2023")
    assert at.selectbox(key="_city_year").value == 2023
    assert metrics(at)["报送单位"] == ("3个", "未报送1个")  # 丁站 began in 2024
    at.selectbox(key="_city_year").set_value(2024).run()
    assert at.query_params["year"] == ["2024"] or at.query_params["year"] == "2024"
    assert metrics(at)["支出合计"][0] == "610.75万元"
    # page files only: a barred page's URL (e.g. /admin without logins) is a hidden stand-in function
    pages = [
        p["url_pathname"] for p in at._registered_pages.values() if p.get("script_path")
    ]  # st.navigation's order
    assert pages[:3] == ["city", "", "kpi"]  # "": 总览, the default page


def test_filters_narrow_cards_table_and_charts():
    at = city_page(year="2024")
    at.multiselect(key="_f_type").set_value(["事业"]).run()
    assert not at.exception
    assert at.dataframe[0].value["单位类型"].tolist() == ["事业"]
    assert metrics(at)["支出合计"][0] == "100.00万元"
    at.multiselect(key="_f_type").set_value([]).run()
    at.multiselect(key="_f_grade").set_value(["优"]).run()
    frame = at.dataframe[0].value
    assert set(frame["等级"]) == {"优"}
    at.radio(key="_f_findings").set_value("有发现问题的单位").run()
    frame = at.dataframe[0].value
    assert (frame["发现问题"] > 0).all()
    at.radio(key="_f_findings").set_value("无发现问题的单位").run()
    if at.dataframe:  # every unit of the fixture has at least one finding (e.g. 丁站 has no budget)
        assert (at.dataframe[0].value["发现问题"] == 0).all()
    else:
        assert [i.value for i in at.info] == ["筛选条件下没有单位。"]


class RecordingManager(MediaFileManager):
    """AppTest's media manager, remembered so a test can run a deferred download's callable."""

    instances: ClassVar[list[MediaFileManager]] = []

    def __init__(self, storage) -> None:
        super().__init__(storage)
        RecordingManager.instances.append(self)


def deferred_download(button) -> tuple[str, bytes]:
    """What clicking a download button with callable data would fetch: (file name, bytes)."""
    manager = RecordingManager.instances[-1]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    file = manager._storage.get_file(url.rsplit("/", 1)[-1])
    return file.filename, file.content


def test_downloads_are_the_city_table_and_every_units_reports(monkeypatch):
    RecordingManager.instances = []
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingManager)
    at = city_page(year="2024")
    xlsx_button, zip_button = at.get("download_button")
    name, data = deferred_download(xlsx_button)
    assert name == "2024年全市预算绩效自评汇总.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]][:4] == ["单位", "主管部门", "单位类型", "支出合计"]
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == [cf.A, cf.B, cf.D]
    name, data = deferred_download(zip_button)
    assert name == "2024年各单位绩效自评报告.zip"
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    # each unit's 报告 and 摘要, in Markdown and in Word
    assert len(names) == 12 and {
        f"{cf.D}-2024-绩效自评摘要.md",
        f"{cf.D}-2024-绩效自评报告.md",
        f"{cf.D}-2024-绩效自评摘要.docx",
        f"{cf.D}-2024-绩效自评报告.docx",
    } <= set(names)


def test_city_is_last_in_navigation_for_a_single_unit(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFEVAL_STORE", str(tmp_path / "one"))
    Store(tmp_path / "one")  # empty: the samples (one unit) are shown
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    # page files only: a barred page's URL (e.g. /admin without logins) is a hidden stand-in function
    pages = [p["url_pathname"] for p in at._registered_pages.values() if p.get("script_path")]
    assert pages[0] == "" and pages[-1] == "city" and len(pages) >= 5
