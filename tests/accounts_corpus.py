"""部门决算 tables built as the 决算 software exports them, with hand-computed expected figures.

Layouts follow published 部门决算公开 tables: the 收入支出决算总表 (公开01表) of 南漳县招商服务中心
2019 (http://www.hbnz.gov.cn/bmxz/bm/zsfwzx/fdzdgk/czgk/202010/t20201021_2291670.shtml: title,
`公开01表`, `部门:`, `金额单位:万元`, 收入 | 支出 halves of 项目 | 行次 | 金额, the `栏次` row, and
its published lines 440.55 / 10.00 / 423.20), the table set named by 北海市城市照明管理处 2023
(http://www.beihai.gov.cn/xxgkbm/bhscszmglc/qtzyxxgk_50/bmjsgk_46/t18942429.shtml: 表三 支出决算表,
表六 一般公共预算财政拨款基本支出决算明细表). Amounts other than those published are made up, and
each expected figure below is worked out by hand in its docstring. The seed unit's tables
(常宁市科技和工业信息化局 2024) split the seed report's 万元 figures into 元 leaves.

`python -m tests.accounts_corpus DIR` writes the sample files of data/samples/forms/.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

D = Decimal
Rows = list[list[Any]]
SIGNATURE = "单位负责人：张明    财务负责人：李华    填表人：王芳    填报日期：2025年3月15日"


def _write(ws: Worksheet, rows: Rows, merges: Sequence[str] = (), top: int = 1, left: int = 1):
    for r, cells in enumerate(rows, start=top):
        for c, value in enumerate(cells, start=left):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for ref in merges:
        ws.merge_cells(ref)


def book_bytes(*sheets: tuple[str, Rows, Sequence[str]], top: int = 1, left: int = 1) -> bytes:
    """An .xlsx with one sheet per (name, rows, merges); `top`/`left` shift every sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, merges in sheets:
        ws = book.create_sheet(title=name)
        shifted = [_shift(ref, top - 1, left - 1) for ref in merges]
        _write(ws, rows, shifted, top, left)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _shift(ref: str, rows: int, cols: int) -> str:
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    c0, r0, c1, r1 = range_boundaries(ref)
    return f"{get_column_letter(c0 + cols)}{r0 + rows}:{get_column_letter(c1 + cols)}{r1 + rows}"


def yuan(value: int | str | Decimal) -> str:
    """An amount as the 决算 software exports it to text: `25,754,899.39`."""
    return f"{D(value):,.2f}"


# ================================================================ 支出决算表 (公开03表)
SEED_UNIT = "常宁市科技和工业信息化局"
SEED_YEAR = 2024

# (code, name, 基本支出, 项目支出) in 元; class and 款 rows carry the sum of their 项 rows.
SEED_EXPENDITURE = [
    ("206", "科学技术支出", 0, 10_969_400),
    ("20604", "技术研究与开发", 0, 5_772_000),
    ("2060404", "科技成果转化与扩散", 0, 5_772_000),
    ("20699", "其他科学技术支出", 0, 5_197_400),
    ("2069999", "其他科学技术支出", 0, 5_197_400),
    ("208", "社会保障和就业支出", 1_600_000, 0),
    ("20805", "行政事业单位养老支出", 1_600_000, 0),
    ("2080501", "行政单位离退休", 1_000_000, 0),
    ("2080505", "机关事业单位基本养老保险缴费支出", 600_000, 0),
    ("215", "资源勘探工业信息等支出", 5_865_800, 52_805_000),
    ("21505", "工业和信息产业监管", 5_865_800, 43_507_100),
    ("2150501", "行政运行", 5_865_800, 0),
    ("2150599", "其他工业和信息产业监管支出", 0, 43_507_100),
    ("21508", "支持中小企业发展和管理支出", 0, 9_297_900),
    ("2150805", "中小企业发展专项", 0, 1_200_000),
    ("2150899", "其他支持中小企业发展和管理支出", 0, 8_097_900),
    ("221", "住房保障支出", 500_000, 0),
    ("22102", "住房改革支出", 500_000, 0),
    ("2210201", "住房公积金", 500_000, 0),
]
SEED_BASIC_YUAN = 7_965_800  # 5 865 800 + 1 000 000 + 600 000 + 500 000
SEED_PROJECT_YUAN = 63_774_400  # 5 772 000 + 5 197 400 + 43 507 100 + 1 200 000 + 8 097 900
EXPENDITURE_HEADER = [
    "本年支出合计",
    "基本支出",
    "项目支出",
    "上缴上级支出",
    "经营支出",
    "对附属单位补助支出",
]


def expenditure_single_code(
    unit: str | None = SEED_UNIT,
    year: int | None = SEED_YEAR,
    money_unit: str | None = "金额单位：元",
    lines: Sequence[tuple[str, str, int | str, int | str]] = SEED_EXPENDITURE,
    total: tuple[int | str, int | str] | None = None,
) -> tuple[str, Rows, list[str]]:
    """公开03表 with one code column `2060404` and the 合计 row FIRST; amounts as numbers.

    Seed figures: 基本支出 7 965 800.00 元 = 796.58 万元 (leaves 2080501 1 000 000, 2080505
    600 000, 2150501 5 865 800, 2210201 500 000); 项目支出 63 774 400.00 元 = 6377.44 万元;
    合计 71 740 200.00 元 = 7174.02 万元. Header in rows 4–5, 栏次 row 6, 合计 row 7, data 8–26.
    """
    basic = sum(D(b) for c, _, b, _ in lines if len(c) == 3)
    project = sum(D(p) for c, _, _, p in lines if len(c) == 3)
    if total is not None:
        basic, project = D(total[0]), D(total[1])
    rows: Rows = [
        [None, None, None, None, None, None, None, "公开03表"],
        ["支出决算表"],
        [
            f"部门：{unit}" if unit else "部门：",
            None,
            None,
            f"{year}年度" if year else None,
            *[None] * 3,
            money_unit,
        ],
        ["项目", None, *EXPENDITURE_HEADER],
        ["功能分类科目编码", "科目名称"],
        ["栏次", None, 1, 2, 3, 4, 5, 6],
        ["合计", None, float(basic + project), float(basic), float(project), 0, 0, 0],
    ]
    for code, name, b, p in lines:
        rows.append([code, name, float(D(b) + D(p)), float(b), float(p), 0, 0, 0])
    rows += [["注：本表反映部门本年度各项支出情况。"], [SIGNATURE]]
    merges = ["A2:H2", "A4:B4", "A6:B6", "A7:B7"] + [f"{c}4:{c}5" for c in "CDEFGH"]
    return ("支出决算表", rows, merges)


NANZHANG_UNIT = "南漳县招商服务中心"
NANZHANG_YEAR = 2019
# (类, 款, 项, name, 基本支出, 项目支出) in 元, 类 repeated on every row, codes as text.
NANZHANG_EXPENDITURE = [
    ("201", None, None, "一般公共服务支出", "2815402.17", "1416611.39"),
    ("201", "13", None, "商贸事务", "2815402.17", "1416611.39"),
    ("201", "13", "01", "行政运行", "2815402.17", "0"),
    ("201", "13", "08", "招商引资", "0", "1416611.39"),
    ("208", None, None, "社会保障和就业支出", "312480.00", "0"),
    ("208", "05", None, "行政事业单位养老支出", "312480.00", "0"),
    ("208", "05", "05", "机关事业单位基本养老保险缴费支出", "312480.00", "0"),
    ("210", None, None, "卫生健康支出", "98765.43", "0"),
    ("210", "11", None, "行政事业单位医疗", "98765.43", "0"),
    ("210", "11", "02", "事业单位医疗", "98765.43", "0"),
    ("221", None, None, "住房保障支出", "187500.00", "0"),
    ("221", "02", None, "住房改革支出", "187500.00", "0"),
    ("221", "02", "01", "住房公积金", "187500.00", "0"),
]
# 基本 2 815 402.17 + 312 480.00 + 98 765.43 + 187 500.00 = 3 414 147.60 元 = 341.41476 万元
NANZHANG_BASIC = D("341.41476")
# 项目 1 416 611.39 元 = 141.661139 万元 (招商引资), 合计 4 830 758.99 元 = 483.075899 万元
NANZHANG_PROJECT = D("141.661139")
NANZHANG_TOTAL_YUAN = D("4830758.99")


def expenditure_three_codes(
    lines: Sequence[tuple[Any, ...]] = NANZHANG_EXPENDITURE,
    money_unit: str = "单位：元",
) -> tuple[str, Rows, list[str]]:
    """公开03表 with code columns 类 | 款 | 项 (text, `类` repeated), amounts as text with
    thousands separators, header over three rows (4–6), no 栏次 row, the 合计 row LAST with
    its label merged across the code and name columns (row 20), two signature lines under it."""
    basic = sum(D(line[4]) for line in lines if line[1] is None)
    project = sum(D(line[5]) for line in lines if line[1] is None)
    rows: Rows = [
        [None, None, None, None, None, None, None, None, None, "公开03表"],
        [f"{NANZHANG_UNIT}{NANZHANG_YEAR}年度支出决算表"],
        [f"编制单位：{NANZHANG_UNIT}", None, None, None, None, None, None, None, None, money_unit],
        ["项目", None, None, None, *EXPENDITURE_HEADER],
        ["功能分类科目编码", None, None, "科目名称"],
        ["类", "款", "项"],
    ]
    for cls, kuan, xiang, name, b, p in lines:
        amounts = [yuan(D(b) + D(p)), yuan(b), yuan(p), "0.00", None, "0.00"]
        rows.append([cls, kuan, xiang, name, *amounts])
    rows.append(["合计", None, None, None, yuan(basic + project), yuan(basic), yuan(project)])
    rows += [[SIGNATURE], ["（本表金额单位为元，保留两位小数）"]]
    last = len(rows) - 2
    merges = ["A2:J2", "A4:D4", "A5:C5", "D5:D6", f"A{last}:D{last}"]
    merges += [f"{c}4:{c}6" for c in "EFGHIJ"]
    return ("Sheet1", rows, merges)


# ================================================================ 基本支出决算明细表
SEED_PERSONNEL = [
    ("301", "工资福利支出", 5_998_100),
    ("30101", "基本工资", 2_101_200),
    ("30102", "津贴补贴", 1_502_300),
    ("30103", "奖金", 300_000),
    ("30107", "绩效工资", 900_000),
    ("30108", "机关事业单位基本养老保险缴费", 600_000),
    ("30112", "其他社会保障缴费", 94_600),
    ("30113", "住房公积金", 500_000),
    ("303", "对个人和家庭的补助", 900_000),
    ("30302", "退休费", 900_000),
]
SEED_PUBLIC = [
    ("302", "商品和服务支出", 997_700),
    ("30201", "办公费", 200_000),
    ("30205", "水费", 30_000),
    ("30206", "电费", 80_000),
    ("30207", "邮电费", 40_000),
    ("30211", "差旅费", 150_000),
    ("30213", "维修（护）费", 60_000),
    ("30217", "公务接待费", 17_700),
    ("30228", "工会经费", 100_000),
    ("30229", "福利费", 50_000),
    ("30231", "公务用车运行维护费", 120_000),
    ("30239", "其他交通费用", 150_000),
    ("310", "资本性支出", 70_000),
    ("31002", "办公设备购置", 70_000),
]
# 人员经费 5 998 100 + 900 000 = 6 898 100 元 = 689.81 万元;
# 公用经费 997 700 + 70 000 = 1 067 700 元 = 106.77 万元; together 796.58 万元.
SEED_PERSONNEL_YUAN = 6_898_100
SEED_PUBLIC_YUAN = 1_067_700


def basic_three_groups(
    unit: str = SEED_UNIT,
    year: int = SEED_YEAR,
    personnel: Sequence[tuple[str, str, int]] = SEED_PERSONNEL,
    public: Sequence[tuple[str, str, int]] = SEED_PUBLIC,
    totals: tuple[int, int] | None = None,
    title: str = "一般公共预算财政拨款基本支出决算明细表",
) -> tuple[str, Rows, list[str]]:
    """The 基本支出 table in three side-by-side groups 科目编码 | 科目名称 | 决算数: 人员经费 in
    group 1; 公用经费 in groups 2 and 3, the 302 items continuing from group 2 into group 3
    (30231, 30239, then 310). Header rows 4–5, data rows 6–15, the 合计 row 16 with
    `人员经费合计` in A and `公用经费合计` in D, each label merged over two cells."""
    public_a, public_b = list(public[:10]), list(public[10:])
    height = max(len(personnel), len(public_a), len(public_b))
    rows: Rows = [
        [None] * 8 + ["公开06表"],
        [title],
        [f"部门：{unit}", None, None, None, f"{year}年度", None, None, None, "金额单位：元"],
        ["人员经费", None, None, "公用经费"],
        ["科目编码", "科目名称", "决算数"] * 3,
    ]
    for i in range(height):
        row: list[Any] = []
        for group in (personnel, public_a, public_b):
            row += list(group[i]) if i < len(group) else [None, None, None]
        rows.append(row)
    p_total = sum(v for c, _, v in personnel if len(c) == 3)
    q_total = sum(v for c, _, v in public if len(c) == 3)
    if totals is not None:
        p_total, q_total = totals
    rows.append(["人员经费合计", None, p_total, "公用经费合计", None, None, None, None, q_total])
    rows.append([SIGNATURE])
    last = len(rows) - 1
    merges = ["A2:I2", "A4:C4", "D4:I4", f"A{last}:B{last}", f"D{last}:H{last}"]
    return ("基本支出决算明细表", rows, merges)


# (code, name, 人员经费, 公用经费) in 元: the seed's 基本支出 by function class.
SEED_BASIC_BY_FUNCTION = [
    ("208", "社会保障和就业支出", 1_600_000, 0),
    ("20805", "行政事业单位养老支出", 1_600_000, 0),
    ("2080501", "行政单位离退休", 1_000_000, 0),
    ("2080505", "机关事业单位基本养老保险缴费支出", 600_000, 0),
    ("215", "资源勘探工业信息等支出", 4_798_100, 1_067_700),
    ("21505", "工业和信息产业监管", 4_798_100, 1_067_700),
    ("2150501", "行政运行", 4_798_100, 1_067_700),
    ("221", "住房保障支出", 500_000, 0),
    ("22102", "住房改革支出", 500_000, 0),
    ("2210201", "住房公积金", 500_000, 0),
]
# 人员经费 1 000 000 + 600 000 + 4 798 100 + 500 000 = 6 898 100 元; 公用经费 1 067 700 元


def basic_by_function() -> tuple[str, Rows, list[str]]:
    """The 基本支出 table some provinces publish: 功能分类 rows (科目编码 | 科目名称) with 合计 |
    人员经费 | 公用经费 columns, the 合计 row (row 5) first, data rows 6–15."""
    rows: Rows = [
        ["一般公共预算财政拨款基本支出决算表"],
        [f"部门：{SEED_UNIT}", None, f"{SEED_YEAR}年度", None, "金额单位：元"],
        [],
        ["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
        ["合计", None, yuan(7_965_800), yuan(6_898_100), yuan(1_067_700)],
    ]
    for code, name, personnel, public in SEED_BASIC_BY_FUNCTION:
        rows.append([code, name, yuan(personnel + public), yuan(personnel), yuan(public)])
    rows.append([SIGNATURE])
    return ("基本支出决算表", rows, ["A1:E1", "A5:B5"])


# ================================================================ 收入支出决算总表 (公开01表)
NANZHANG_INCOME = [
    ("一、一般公共预算财政拨款收入", "440.55"),
    ("二、政府性基金预算财政拨款收入", "0.00"),
    ("三、上级补助收入", "10.00"),
    ("四、事业收入", "0.00"),
    ("五、经营收入", "0.00"),
    ("六、附属单位上缴收入", "0.00"),
    ("七、其他收入", "32.53"),
]
NANZHANG_SPENDING = [
    ("一、一般公共服务支出", "423.20"),
    ("二、外交支出", "0.00"),
    ("三、社会保障和就业支出", "31.25"),
    ("四、卫生健康支出", "9.88"),
    ("五、住房保障支出", "18.75"),
]
# 本年收入合计 440.55 + 10.00 + 32.53 = 483.08; 本年支出合计 423.20 + 31.25 + 9.88 + 18.75 = 483.08
NANZHANG_INCOME_TOTAL = D("483.08")


def summary_table(
    income_total: str = "483.08",
    spending_total: str = "483.08",
    year: int | None = NANZHANG_YEAR,
    unit: str = NANZHANG_UNIT,
    money: str = "金额单位：万元",
    income: Sequence[tuple[str, str]] = NANZHANG_INCOME,
    spending: Sequence[tuple[str, str]] = NANZHANG_SPENDING,
    carry: str = "5.12",
) -> tuple[str, Rows, list[str]]:
    """公开01表 (南漳 in 万元 by default): halves 收入 (A–C) and 支出 (D–F), `栏次` row 6, lines
    from row 7, 本年收入合计 / 本年支出合计 on row 12 for the default 7 income lines, then
    年初结转和结余 `carry` (not 收入) and 总计."""
    total = f"{D(income_total.replace(',', '')) + D(carry.replace(',', '')):,.2f}"
    rows: Rows = [
        [None, None, None, None, None, "公开01表"],
        ["收入支出决算总表"],
        [f"部门：{unit}", None, f"{year}年度" if year else None, None, None, money],
        ["收入", None, None, "支出"],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["栏次", None, 1, "栏次", None, 2],
    ]
    for i in range(max(len(income), len(spending))):
        left = [income[i][0], i + 1, income[i][1]] if i < len(income) else [None] * 3
        right = [spending[i][0], 29 + i, spending[i][1]] if i < len(spending) else [None] * 3
        rows.append(left + right)
    rows += [
        ["本年收入合计", 8, income_total, "本年支出合计", 36, spending_total],
        ["使用非财政拨款结余", 9, "0.00", "结余分配", 37, "0.00"],
        ["年初结转和结余", 10, carry, "年末结转和结余", 38, carry],
        ["总计", 11, total, "总计", 39, total],
        ["注：本表反映部门本年度的总收支和年末结转结余情况。"],
    ]
    return ("收入支出决算总表", rows, ["A2:F2", "A4:C4", "D4:F4"])


# The seed unit's 01表 in 元: all 7174.02 万元 came as 一般公共预算财政拨款 (the seed report:
# "一般公共预算收入、支出均为7174.02万元"); spending by class as in SEED_EXPENDITURE.
SEED_INCOME = [
    ("一、一般公共预算财政拨款收入", "71,740,200.00"),
    ("二、政府性基金预算财政拨款收入", "0.00"),
]
SEED_SPENDING = [
    ("一、科学技术支出", "10,969,400.00"),
    ("二、社会保障和就业支出", "1,600,000.00"),
    ("三、资源勘探工业信息等支出", "58,670,800.00"),
    ("四、住房保障支出", "500,000.00"),
]


def seed_summary_table() -> tuple[str, Rows, list[str]]:
    """The seed unit's 公开01表 in 元: 本年收入合计 = 本年支出合计 = 71,740,200.00 元 = 7174.02 万元."""
    return summary_table(
        "71,740,200.00",
        "71,740,200.00",
        SEED_YEAR,
        SEED_UNIT,
        "金额单位：元",
        SEED_INCOME,
        SEED_SPENDING,
        "0.00",
    )


# ================================================================ 项目支出决算表
SEED_PROJECTS = [
    ("43048221R000000000101-高新技术企业奖励资金", 2_586_000),
    ("43048221R000000000102-科技创新计划项目经费", 3_186_000),
    ("43048221R000000000103-企业研发财政奖补", 5_197_400),
    ("43048221R000000000104-税收增量奖补资金", 3_886_100),
    ("43048221R000000000105-先进制造业高地建设经费", 21_925_600),
    ("43048221R000000000106-中小企业事务经费", 1_200_000),
    ("43048221R000000000107-五矿铜业政策扶助资金", 11_140_000),
    ("43048221R000000000108-沿江化工企业搬迁改造专项补助资金", 5_555_400),
    ("43048221R000000000109-湖南省军民融合产业发展专项资金", 1_000_000),
    ("43048221R000000000110-其他项目支出", 8_097_900),
]  # sum 63 774 400 元 = 6377.44 万元, as the seed report lists them


def projects_table() -> tuple[str, Rows, list[str]]:
    """项目支出决算表: 项目名称 (with the 一体化 code `43048221R…-` in front) | 本年支出合计,
    header row 4, 合计 row 5 first, projects rows 6–15."""
    rows: Rows = [
        ["项目支出决算表"],
        [f"编制单位：{SEED_UNIT}", "2024年度", "单位：元"],
        [],
        ["项目名称", "功能分类科目", "本年支出合计"],
        ["合计", None, yuan(SEED_PROJECT_YUAN)],
    ]
    for name, amount in SEED_PROJECTS:
        rows.append([name, "2150599", yuan(amount)])
    rows.append([SIGNATURE])
    return ("项目支出决算表", rows, ["A1:C1"])


def write_samples(folder: Path) -> list[Path]:
    """The seed unit's 决算 tables as data/samples/forms/ holds them (deterministic content)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "决算-收入支出决算总表-2024.xlsx": book_bytes(seed_summary_table()),
        "决算-支出决算表-2024.xlsx": book_bytes(expenditure_single_code()),
        "决算-基本支出决算明细表-2024.xlsx": book_bytes(basic_three_groups()),
        "决算-项目支出决算表-2024.xlsx": book_bytes(projects_table()),
    }
    written = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "data/samples/forms")):
        print(p)
