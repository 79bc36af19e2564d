"""The upload page with several forms at once: what was recognised, one combined version with every
original, a disagreement that blocks saving, fields for a unit or year the tables do not state."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval.store.core import Store
from tests import accounts_corpus as ac
from tests.apptest import XLSX_MIME, app, metrics, no_exception

# Every page test: a fresh store and cold Streamlit caches (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("store_dir")

UNIT, YEAR = ac.SEED_UNIT, ac.SEED_YEAR


def upload(at, *files: tuple[str, bytes]) -> None:
    at.get("file_uploader")[0].set_value([(name, data, XLSX_MIME) for name, data in files])
    at.run()
    no_exception(at)


def test_two_accounts_tables_combine_into_one_version(store_dir):
    pair = [
        ("支出决算表.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        ("基本支出决算明细表.xlsx", ac.book_bytes(ac.basic_three_groups())),
    ]
    at = app("views/upload.py")
    upload(at, *pair)
    labels = [e.label for e in at.expander]
    assert labels == [
        f"支出决算表.xlsx（可以保存，与其他文件合并） — {UNIT} 2024年度",
        f"基本支出决算明细表.xlsx（可以保存，与其他文件合并） — {UNIT} 2024年度",
        f"合并：{UNIT} 2024年度（2个文件，可以保存）",
    ]
    texts = [m.value for m in at.markdown]
    assert "识别为：支出决算表（公开03表，金额单位：元）" in texts
    assert any(
        "基本支出决算明细表.xlsx：一般公共预算财政拨款基本支出决算明细表（公开06表" in t
        for t in texts
    )
    cards = metrics(at)
    # 基本支出 796.58 = 人员经费 689.81 + 公用经费 106.77 (the 06表), 项目支出 6377.44 (the 03表)
    assert (cards["支出合计"][0], cards["基本支出"][0], cards["项目支出"][0]) == (
        "7174.02万元",
        "796.58万元",
        "6377.44万元",
    )
    downloads = [b.label for b in at.get("download_button")]
    assert downloads.count("下载为填报模板格式 (.xlsx)") == 1
    at.button(key="save").click().run()
    no_exception(at)
    store = Store(store_dir)
    (version,) = store.versions(UNIT, YEAR)
    assert [f.filename for f in store.files(version)] == [name for name, _ in pair]
    assert [store.original(f.sha256) for f in store.files(version)] == [d for _, d in pair]
    assert store.load(UNIT, YEAR).spending["全年执行数"].sum() == Decimal("7174.02")
    assert any("已保存1个工作簿" in s.value for s in at.success)


def test_disagreeing_files_cannot_be_saved(store_dir):
    totals = (ac.SEED_PERSONNEL_YUAN + 1, ac.SEED_PUBLIC_YUAN)  # 人员经费合计 1 元 more …
    personnel = list(ac.SEED_PERSONNEL)
    personnel[1] = ("30101", "基本工资", 2_101_201)  # … and its items agree with it
    personnel[0] = ("301", "工资福利支出", 5_998_101)
    at = app("views/upload.py")
    upload(
        at,
        ("03.xlsx", ac.book_bytes(ac.expenditure_single_code())),
        ("06.xlsx", ac.book_bytes(ac.basic_three_groups(personnel=personnel, totals=totals))),
    )
    assert at.expander[-1].label == f"合并：{UNIT} 2024年度（2个文件，文件之间不一致，不能保存）"
    assert any("不一致" in e.value for e in at.error)
    assert at.button(key="save").disabled
    assert Store(store_dir).is_empty()


def test_missing_year_is_asked_for_and_used(store_dir):
    at = app("views/upload.py")
    upload(at, ("01表.xlsx", ac.book_bytes(ac.summary_table(year=None))))
    assert at.expander[0].label == "01表.xlsx（有错误，不能保存）"
    assert at.button(key="save").disabled
    (field,) = at.number_input
    assert field.label.startswith("年度")
    field.set_value(2019).run()
    no_exception(at)
    assert at.expander[0].label == "01表.xlsx（可以保存） — 南漳县招商服务中心 2019年度"
    assert not at.button(key="save").disabled
    assert at.number_input[0].value == 2019  # the field stays while it is used
