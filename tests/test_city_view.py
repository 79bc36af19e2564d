"""The city page's filter rules and texts (perfeval/web/city_view.py) on a hand-built city: which
units a filter keeps, the cards' shares and the 其余 bar from the city model, 未报送 escaped."""

from __future__ import annotations

from decimal import Decimal as D

from perfeval.city import charts as city_charts
from perfeval.city.rows import City, Missing, Others, UnitRow
from perfeval.model.figures import Change
from perfeval.unitinfo import Staff
from perfeval.web import city_view
from perfeval.web.city_view import WITH, WITHOUT, CityFilter


def row(unit: str, total: str, *, prev: str | None = None, dep=None, kind=None, grade="优",
        findings=0, unquantified=0, basic="0") -> UnitRow:  # fmt: skip
    return UnitRow(
        unit=unit,
        year=2024,
        department=dep,
        unit_type=kind,
        total=Change(D(total), D(prev) if prev is not None else None),
        basic=D(basic),
        project=D(total) - D(basic),
        personnel=None,
        public=None,
        exec_budget=None,
        exec_actual=None,
        score=D(95),
        grade=grade,
        indicators=2,
        quantified=2 - unquantified,
        unquantified=unquantified,
        findings=findings,
        staff=Staff(None, None, None),
    )


A = row("甲局", "300", prev="250", dep="市政府", kind="行政单位", basic="100", findings=2)
B = row("乙中心", "100", dep="市政府", kind="事业单位", grade="良", unquantified=1, basic="40")
C = row("丙站", "50", prev="60", dep="教育局", kind="事业单位", basic="10")
GONE = Missing("丁*所", last_year=2023, first_year=2022)
CITY = City(year=2024, years=[2023, 2024], rows=[A, B, C], missing=[GONE], by_year=[])


def test_no_filter_is_the_whole_city():
    assert not CityFilter().active and CityFilter().units(CITY) is None


def test_filters_keep_what_every_box_allows():
    assert CityFilter(departments=("市政府",)).units(CITY) == ("乙中心", "甲局")
    assert CityFilter(departments=("市政府",), types=("事业单位",)).units(CITY) == ("乙中心",)
    assert CityFilter(grades=("良",)).units(CITY) == ("乙中心",)
    assert CityFilter(findings=WITH).units(CITY) == ("甲局",)
    assert CityFilter(findings=WITHOUT).units(CITY) == ("丙站", "乙中心")


def test_a_filtered_view_holds_no_missing_unit():
    # 丁*所 has no row this year: nothing to match any box against
    for chosen in (CityFilter(findings=WITHOUT), CityFilter(departments=("教育局",))):
        assert GONE.unit not in chosen.units(CITY)


def test_cards_read_the_city_model():
    # 支出合计 450; 基本支出 150 = 33.33%; like for like 350 against 310: +40.00万元 (+12.90%)
    assert city_view.share_delta(CITY, CITY.basic) == "占33.33%"
    assert city_view.share_delta(CITY, None) == "占—"
    assert city_view.total_delta(CITY) == "+40.00万元（+12.90%）"
    assert city_view.reported_delta(CITY) == "未报送1个"
    assert city_view.grades_line(CITY) == "优2个 良1个"
    assert city_view.mean_score_text(CITY) == "95.00分"
    assert city_view.unquantified_delta(CITY) == "占33.33%"  # 1 of 3 units
    assert city_view.notes(CITY, 2024) == (
        "同比按两年都报送的2个单位计算（2023年310.00万元 → 2024年350.00万元）。"
    )


def test_texts_without_a_previous_year_or_units():
    first = City(2024, [2024], [row("甲局", "10")], [], [])
    assert city_view.total_delta(first) is None
    assert city_view.notes(first, 2024) == "没有2023年度数据，不计算同比。"
    empty = City(2024, [2024], [], [], [])
    assert city_view.unquantified_delta(empty) is None and city_view.notes(empty, 2024) == ""
    assert city_view.missing_warning(first, 2024) is None


def test_missing_warning_escapes_the_unit_name():
    text = city_view.missing_warning(CITY, 2024)
    assert text.startswith("**未报送 1个单位**") and r"丁\*所（最近报送2023年度）" in text


def test_the_other_units_bar_is_the_city_models_sum_and_share():
    shown, others = CITY.ranking(top=1)
    assert shown == [A] and others == Others(units=2, total=D(150))
    assert CITY.share(others.total) == D(150) / D(450)
    bar = city_charts.ranked(CITY, top=1).data[0]
    # drawn bottom-up: 其他 first
    assert list(bar.y) == ["其他（2个单位）", "甲局"]
    assert list(bar.text) == ["150.00万元（33.33%）", "300.00万元（66.67%）"]
    assert CITY.ranking(top=5) == ([A, B, C], None)
