"""Standard 自评表 forms built as published, with openpyxl (deterministic bytes): merged cells,
spaced labels, `（A）` suffixes, `产出指标（50分）`, thousands separators, signature lines.

Layouts follow published forms:
- 项目支出绩效自评表, central layout (财预〔2020〕10号): the form as 天长市水利局 published it for
  2022 (`年度资金总额:`, `其中:本年财政拨款`, `指标1:` names), and spec/forms.md §2.
- 部门预算项目支出绩效自评表, 四川 layout: https://www.scqs.gov.cn/info/13206/211004.htm
  (青神县发展和改革局, 工资性支出, 2023) and https://dyxrmt.cn/article-157795-21.html (大英县,
  several forms one after the other, `完成` written as a result).
- 部门整体支出绩效自评表: the 湖南 layout of spec/forms.md §1 (年度预算申请, 按收入性质分 /
  按支出性质分 with the amounts inside the label cells) and a 四川 layout shaped like its project
  form (预算执行情况(10分), 调整后预算数, 指标性质 / 指标值 / 度量单位).
The figures are invented; each builder's docstring gives the expected figures computed by hand.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from tests.xlsx_factory import set_cached_values

Rows = list[list[Any]]
FIXED_TIME = dt.datetime(2025, 3, 1, 9, 0, 0)


def build(
    sheets: dict[str, tuple[Rows, list[str]]], percent: dict[str, list[str]] | None = None
) -> bytes:
    """.xlsx bytes: sheet name → (rows from A1, merged ranges such as "A1:I1"). A str starting
    with "=" is a formula without cached value (see `excel_saved`)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (rows, merges) in sheets.items():
        sheet = book.create_sheet(title=name)
        for r, cells in enumerate(rows, start=1):
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        for ref in merges:
            sheet.merge_cells(ref)
        for ref in (percent or {}).get(name, []):
            sheet[ref].number_format = "0.00%"
    book.properties.created = book.properties.modified = FIXED_TIME
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- 项目支出绩效自评表 (central)
PROJECT_UNIT = "常宁市公路建设养护中心"
PROJECT_NAME = "农村公路养护"


def central_project_rows(
    name: str = PROJECT_NAME, unit: str | None = "219001-常宁市公路建设养护中心"
) -> tuple[Rows, list[str]]:
    """执行率 142.80/150.00 = 95.20 % → 9.52 of 10; indicators 20 + 14.17 (15×85/90) + 15
    (=100% typed as a formula) + 30 (定性, 达成预期指标) + 10 = 89.17; 总分 98.69, the form
    claims 99.00 (a warning). Funding parts 100+20 / 130+20 / 122.80+20 agree with the total."""
    rows: Rows = [
        ["项目支出绩效自评表"],
        ["（2024年度）"],
        ["项目名称", f"51000021R000000019951-{name}"],
        ["主管部门", "常宁市交通运输局", None, None, None, "实施单位", unit],
        [
            "项目资金\n（万元）",
            None,
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
        ],
        [None, "年度资金总额:", 120, 150, "142.80", 10, "95.20%", 9.52],
        [None, "其中:本年财政拨款", 100, 130, 122.8, "—", None, "—"],
        [None, "上年结转资金", 20, 20, 20, "—", None, "—"],
        [None, "其他资金", None, None, None, "—", None, "—"],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
        [None, "完成农村公路养护120公里", None, None, None, "完成养护126公里"],
        [
            "绩效指标",
            "一级\n指标",
            "二级指标",
            "三 级 指 标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [None, "产出指标（50分）", "数量指标", "指标1：养护里程", "≥120公里", "126公里", 20, 20],
        [None, None, "质量指标", "路面优良率", "≥90%", "85%", 15, 14.17, "雨季施工受影响"],
        [None, None, "时效指标", "完工及时率", "=100%", "100%", 15, 15],
        [
            None,
            "效益指标（30分）",
            "社会效益指标",
            "群众出行条件",
            "有效改善",
            "达成预期指标",
            30,
            30,
        ],
        [None, "满意度指标（10分）", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93%", 10, 10],
        ["总分", None, None, None, None, None, 100, "99.00"],
        ["填表人：张三", None, None, "联系电话：0734-7221234", None, "填报日期：2025年3月10日"],
    ]
    merges = [
        "A1:I1",
        "A2:I2",
        "B3:I3",
        "B4:E4",
        "G4:I4",
        "A5:A9",
        "A10:A11",
        "B10:E10",
        "F10:I10",
        "B11:E11",
        "F11:I11",
        "A12:A17",
        "B13:B15",
    ]
    return rows, merges


def central_project(**kwargs: Any) -> bytes:
    """The central project form, saved as Excel saves it: E15 (=100%) cached as 1."""
    data = build({"项目自评表": central_project_rows(**kwargs)})
    return set_cached_values(data, 1, {"E15": "1"})


# ---------------------------------------------------------------- 部门预算项目支出绩效自评表 (四川)
SC_UNIT = "青神县发展和改革局"


def sichuan_project_rows(
    first_row: int = 1, name: str = "工资性支出", actual: str = "251.89"
) -> Rows:
    """青神县 工资性支出 2023: 执行率 251.89/251.89 = 100 % → 10; indicators = 100 % → 60 + 30;
    总分 100 (合计). With actual 240.00: 执行率 95.28 % → 9.53, 总分 99.53."""
    return [
        ["报表编号:510000_0013zp"],
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", f"51000021R000000019951-{name}"],
        ["主管部门", "青神县发展和改革局本级", "实施单位 (盖章)", SC_UNIT],
        ["项目年度目标", None, "年度目标完成情况"],
        ["严格执行相关政策，保障工资及时、足额发放。", None, "已按时足额发放。"],
        [
            "预算执行情况(10分)",
            "年度预算数(万元)",
            "年初预算",
            "调整后预算数",
            "预算执行数",
            "预算执行率",
            "权重",
            "得分",
            "原因",
        ],
        [
            None,
            "总额",
            "238.93",
            "251.89",
            actual,
            "100.00%",
            10,
            10,
            "1.预算执行率=预算执行数/调整后预算数",
        ],
        [None, "其中:财政资金", "238.93", "251.89", actual, "100.00%", "/", "/"],
        [None, "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        [None, "单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        [None, "其他资金", None, None, None, None, "/", "/"],
        [
            "绩效指标(90分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        ],
        [None, "产出指标", "数量指标", "发放(缴纳)覆盖率", "=", "100", "%", "100", 60, 60],
        [None, "效益指标", "社会效益指标", "足额保障率(参保率)", "=", "100", "%", "100", 30, 30],
        ["合计", None, None, None, None, None, None, None, 100, 100],
        ["评价结论", "按时足额发放工资。"],
        ["存在问题", "无"],
        ["改进措施", "无"],
        ["项目负责人:", None, "财务负责人:"],
    ]


def sichuan_project(two: bool = False) -> bytes:
    """One 四川 form; `two`: a second form (安可替代, 执行 240.00 of 251.89) under the first."""
    rows = sichuan_project_rows()
    if two:
        rows = [*rows, [], *sichuan_project_rows(name="安可替代补助资金", actual="240.00")]
    return build({"Sheet1": (rows, ["B3:K3"])})


# ---------------------------------------------------------------- 部门整体支出绩效自评表 (湖南)
UNIT = "常宁市科技和工业信息化局"


def hunan_unit_rows(unit: str | None = UNIT, offset: int = 0) -> tuple[Rows, list[str]]:
    """2024: 执行率 7174.02/7300.00 = 98.27 % → 9.83 of 10; indicators 25 + 25 + 27 (30×7.2/8)
    + 10 = 87; 总分 96.83, the form claims 95.50 (a warning). 收入 7000.00 + 174.02 + 0 + 0 and
    支出 796.58 + 6377.44 both sum to 7174.02. `offset` shifts the whole form right and down."""
    rows: Rows = [
        ["部门整体支出绩效自评表"],
        ["（ 2024  年度）"],
        ["部门（单位）名称", unit] if unit else ["部门（单位）名称"],
        [
            "年度预算申请\n（万元）",
            None,
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "执行率（B/A）",
            "得分",
        ],
        [None, "年度资金总额", "6,800.00", "7,300.00", "7,174.02", 10, "98.27%", 9.83],
        [None, "按收入性质分", None, None, "按支出性质分"],
        [None, "其中：一般公共预算：7,000.00", None, None, "其中：基本支出：796.58"],
        [None, "政府性基金拨款：174.02", None, None, "项目支出：6,377.44"],
        [None, "纳入专户管理的非税收入拨款：0", None, None, None],
        [None, "其他资金：0", None, None, None],
        ["年度总体目标", "预期目标", None, None, "实际完成情况"],
        [None, "推进企业上云上平台", None, None, "588家企业上云、293家上平台"],
        [
            "年度绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值（A）",
            "实际完成值（B）",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [None, "产出指标（50分）", "数量指标", "上云企业数", "≥560家", "588家", 25, 25],
        [None, None, "数量指标", "上平台企业数", "≥120家", "293家", 25, 25],
        [
            None,
            "效益指标（30分）",
            "经济效益指标",
            "规模工业增加值增速",
            "≥8%",
            "7.2%",
            30,
            "27.00",
            "受市场需求影响",
        ],
        [None, "满意度指标（10分）", "服务对象满意度指标", "企业满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, "95.50"],
        ["填表人：李四", None, None, None, "填报日期：2025年3月20日"],
    ]
    merges = [
        "A1:I1",
        "A2:I2",
        "B3:I3",
        "A4:A10",
        "B6:D6",
        "E6:H6",
        "B7:D7",
        "E7:H7",
        "B8:D8",
        "E8:H8",
        "B9:D9",
        "B10:D10",
        "A11:A12",
        "B11:D11",
        "E11:H11",
        "B12:D12",
        "E12:H12",
        "A13:A17",
        "B14:B15",
    ]
    if offset:
        rows = [[] for _ in range(offset)] + [[None] * offset + r for r in rows]
        merges = [_shift(m, offset) for m in merges]
    return rows, merges


def _shift(ref: str, by: int) -> str:
    def one(cell: str) -> str:
        letters = "".join(ch for ch in cell if ch.isalpha())
        number = int("".join(ch for ch in cell if ch.isdigit()))
        return chr(ord(letters) + by) + str(number + by)

    return ":".join(one(part) for part in ref.split(":"))


def hunan_unit(**kwargs: Any) -> bytes:
    return build({"整体自评表": hunan_unit_rows(**kwargs)})


# ---------------------------------------------------------------- 部门整体支出绩效自评表 (四川)
def sichuan_unit_rows() -> tuple[Rows, list[str]]:
    """2023: 执行率 494.00/520.00 = 95.00 % → 9.50; indicators 45 (50×180/200) + 30 + 7.00
    (定性, 基本达成 → 70 % of 10; the form claims 10) = 82; 总分 91.50, the form claims 94.50.
    支出 305 + 189 and 收入 474 + 20 both sum to 494.00."""
    rows: Rows = [
        ["部门整体支出绩效自评表"],
        ["(2023年度)"],
        ["部门名称", SC_UNIT],
        ["部门年度目标", None, None, "年度目标完成情况"],
        ["深化放管服改革", None, None, "审批时限压缩35%"],
        [
            "预算执行情况(10分)",
            "年度预算数(万元)",
            "年初预算",
            "调整后预算数",
            "预算执行数",
            "预算执行率",
            "权重",
            "得分",
        ],
        [None, "总额", "500.00", "520.00", "494.00", "95.00%", 10, "9.50"],
        [None, "其中：基本支出", 300, 310, "305.00", None, "/", "/"],
        [None, "项目支出", 200, 210, "189.00", None, "/", "/"],
        [None, "其中：财政拨款", 480, 500, 474, None, "/", "/"],
        [None, "单位资金", 20, 20, 20, None, "/", "/"],
        [
            "绩效指标(90分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "完成值",
            "权重",
            "得分",
            "未完成原因分析",
        ],
        [None, "产出指标", "数量指标", "审批事项办结数", "≥", 200, "件", 180, 50, 45, "申报量下降"],
        [None, "效益指标", "社会效益指标", "审批时限压缩率", "≥", 30, "百分比", 35, 30, 30],
        [
            None,
            "满意度指标",
            "服务对象满意度指标",
            "群众满意度",
            "定性",
            "满意",
            None,
            "基本达成",
            10,
            10,
        ],
        ["合计", None, None, None, None, None, None, None, 100, "94.50"],
        ["部门负责人:", None, "财务负责人:"],
    ]
    return rows, ["A1:K1", "A2:K2", "B3:K3", "A4:C4", "D4:K4", "A5:C5", "D5:K5", "A6:A11"]


def sichuan_unit() -> bytes:
    return build({"整体": sichuan_unit_rows()})
