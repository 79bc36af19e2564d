"""A real 部门决算 table reproduced cell for cell: the 收入支出决算总表 (公开01表) of a 云南 卫生院
in 元, whose stored copy stops before the 支出 half's 合计 rows."""

from __future__ import annotations

from tests.real_forms.expected import ACCOUNTS, READ, Expected, book, row

# ============================================================== 云南 大关县天星镇中心卫生院 决算
ZHAOTONG_URL = "https://wenku.minyifei.cn/archives/p7ymvq4zlrjv2x309rw5.html"
INCOME_LINES = [
    "一、一般公共预算财政拨款收入",
    "二、政府性基金预算财政拨款收入",
    "三、国有资本经营预算财政拨款收入",
    "四、上级补助收入",
    "五、事业收入",
    "六、经营收入",
    "七、附属单位上缴收入",
    "八、其他收入",
]
INCOME_AMOUNTS = {1: "11,122,315.04", 5: "13,628,965.89", 8: "1,003,618.46"}
SPENDING_LINES = [
    "一、一般公共服务支出",
    "二、外交支出",
    "三、国防支出",
    "四、公共安全支出",
    "五、教育支出",
    "六、科学技术支出",
    "七、文化旅游体育与传媒支出",
    "八、社会保障和就业支出",
    "九、卫生健康支出",
    "十、节能环保支出",
]
SPENDING_AMOUNTS = {38: "697,723.84", 39: "25,037,565.22"}


def yn_zhaotong_summary() -> bytes:
    """昭通市大关县天星镇中心卫生院 2021年部门决算公开表, 收入支出决算总表 (公开01表) — 云南. Page (the
    .xls as a document site renders it): https://wenku.minyifei.cn/archives/p7ymvq4zlrjv2x309rw5.html

    Special: 元 with thousands separators (`11,122,315.04`); the `栏次` row; the 收入 half runs
    lines 1–30 with lines 9–26 empty but numbered; no year in the table's own rows (only the file
    name says 2021年); the 支出 half is CUT OFF: the stored copy ends at line 40 (十、节能环保
    支出), so 本年支出合计 and 总计 of that half are missing.

    Reading choices: the page lists the three income amounts after the eight income labels; they
    are placed on lines 1, 5 and 8 (财政拨款, 事业收入, 其他收入 — the usual three for a 卫生院; the
    copy does not show which lines hold them). 本年收入合计 and 总计 are 25,754,899.39 (= their
    sum); 使用非财政拨款结余 and 年初结转和结余 are blank as on the page."""
    rows = [
        row(A="收入支出决算总表"),
        row(F="公开01表"),
        row(A="部门:昭通市大关县天星镇中心卫生院", F="金额单位:元"),
        row(A="收入", D="支出"),
        row(A="项目", B="行次", C="金额", D="项目(按功能分类)", E="行次", F="金额"),
        row(A="栏次", C=1, D="栏次", F=2),
    ]
    totals = {27: "本年收入合计", 28: "使用非财政拨款结余", 29: "年初结转和结余", 30: "总计"}
    for line in range(1, 31):
        cells: dict[str, object] = {"B": line}
        label = INCOME_LINES[line - 1] if line <= len(INCOME_LINES) else totals.get(line)
        if label:
            cells["A"] = label
        amount = "25,754,899.39" if line in (27, 30) else INCOME_AMOUNTS.get(line)
        if amount:
            cells["C"] = amount
        if 30 + line <= 40:
            cells["D"] = SPENDING_LINES[line - 1]
            cells["E"] = 30 + line
            if 30 + line in SPENDING_AMOUNTS:
                cells["F"] = SPENDING_AMOUNTS[30 + line]
        rows.append(row(**cells))
    rows.append(row(A="注:本表反映部门本年度的总收支和年初、年末结转结余情况。"))
    merges = ["A1:F1", "A3:C3", "A4:C4", "D4:F4", "A6:B6", "D6:E6", "A37:F37"]
    return book("收入支出决算总表", rows, merges)


# 收入: 11,122,315.04 + 13,628,965.89 + 1,003,618.46 = 25,754,899.39 元 = 2575.489939 万元 (= the
# 本年收入合计 C33). 支出 present: 697,723.84 + 25,037,565.22 = 25,735,289.06 元 = 2573.528906 万元;
# no 本年支出合计 in the copy.
YN_ZHAOTONG = Expected(
    name="yn_zhaotong_summary",
    url=ZHAOTONG_URL,
    province="云南",
    unit="昭通市大关县天星镇中心卫生院",
    year=2021,
    year_in_form=False,
    kind=ACCOUNTS,
    outcome=READ,
    money_unit="元",
    budget=None,
    executed="2573.528906",
    rate=None,
    indicators=None,
    score=None,
    claimed=None,
    complete=False,
    income="2575.489939",
    spending="2573.528906",
    roles=(
        ("收入项目", "项目"),
        ("支出项目", "项目(按功能分类)"),
        ("行次", "行次"),
        ("金额", "金额"),
    ),
    warnings=(
        "支出决算：未见本年支出合计、总计（表在行次40「十、节能环保支出」处截止），显示的是已列各行之和2573.528906万元",
        "no year in the table's rows: ask (--year 2021)",
    ),
    notes=(
        "收入 by line: 一般公共预算财政拨款收入 1112.231504, 事业收入 1362.896589, "
        "其他收入 100.361846 (万元); 年初结转和结余 blank, not 收入",
        "支出 by line: 社会保障和就业支出 69.772384, 卫生健康支出 2503.756522 (万元)",
        "lines 9–26 of the 收入 half are empty rows with only their 行次",
    ),
    special=("元 with separators", "栏次 row", "cut before its 合计 rows", "no year"),
)

FORMS = ((yn_zhaotong_summary, YN_ZHAOTONG),)
