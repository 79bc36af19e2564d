"""The reader core every family shares (issue 19): one normaliser, one table of money units, one
code splitter, one footer list, one year rule; one layout type and one dispatcher."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from perfeval.readers import accounts_layouts, formparts, header, vocab
from perfeval.readers.labels import norm
from perfeval.readers.values import squash


@pytest.mark.parametrize(
    ("written", "name", "code"),
    [
        ("219001-XX镇人民政府", "XX镇人民政府", "219001"),
        ("219001–XX局", "XX局", "219001"),  # an en dash: the two old splitters disagreed here
        ("219-池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府", "219"),
        ("51000021R000000019951-工资性支出", "工资性支出", "51000021R000000019951"),
        ("[155]濉溪县民政局", "濉溪县民政局", "155"),
        ("【155】濉溪县民政局", "濉溪县民政局", "155"),
        ("314002-成安县民政局机关", "成安县民政局机关", "314002"),
        ("XX局", "XX局", None),
        ("ABC-XX局", "ABC-XX局", None),  # a code holds a digit
        ("2020年市级服务贸易发展资金", "2020年市级服务贸易发展资金", None),
    ],
)
def test_one_code_splitter_for_units_and_projects(written, name, code):
    assert vocab.split_unit_code(written) == (name, code)
    assert formparts.strip_code(written) == accounts_layouts.split_unit_code(written)


def test_one_table_of_money_units():
    assert header.AMOUNT_UNITS is vocab.MONEY_UNITS is accounts_layouts.MONEY_UNITS
    assert {"万元": D(1), "元": D("0.0001"), "亿元": D(10000)} == vocab.MONEY_UNITS


def test_one_normaliser():
    assert squash is norm
    assert norm("绩 效\n指 标【万元】") == "绩效指标(万元)"
    assert accounts_layouts.label("项目（按功能分类）") == "项目"
    assert accounts_layouts.label(" 合 计 ") == "合计"


@pytest.mark.parametrize(
    ("text", "footer", "strict"),
    [
        ("填表人：张三", True, True),
        ("项目负责人:", True, True),
        ("实施单位(盖章):XX", False, False),
        ("联系人", True, False),  # a form's signature line may leave the colon out …
        ("注:1.一级指标分值统一设置为…", True, True),
        ("备注: 1.预算执行情况口径", True, True),
        ("注册资本", False, False),
        ("说明", True, True),
        ("其他需要说明事项", False, False),
    ],
)
def test_one_footer_list(text, footer, strict):
    assert vocab.is_footer(text) is footer
    assert vocab.is_footer(text, colon=True) is strict  # … the template's 联系人 | 张三 is data


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("（ 2024  年度）", 2024),
        ("2019年度)", 2019),
        ("2020年市级服务贸易发展资金项目自评表", 2020),
        ("绩效目标自评表 (2019年度)", 2019),
        ("填报日期:2022年8月10日", None),
        ("2025年3月", None),
        ("部门整体支出绩效自评表", None),
    ],
)
def test_the_year_of_a_title_is_never_a_date(text, year):
    assert vocab.year_in(text) == year
