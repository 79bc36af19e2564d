"""Real forms from 湖北 (and one on the 湖北 template whose place the page does not name): points
carried by 决策/管理/绩效 first-level rows, a 自评总分 in the header, 执行率 worth 20 points."""

from __future__ import annotations

from tests.real_forms.expected import PROJECT_FORM, READ, Expected, book, row

# ============================================================== 广水市交通运输局 2021
GUANGSHUI_URL = "https://pdf.wenkuvip.com/archives/bqg98jldqkx8g2xm7pe6.html"


def hub_guangshui_roads() -> bytes:
    """广水市交通运输局, 乡村道路建设养护项目, 2021 — 湖北 (随州市广水市), 广水市财政预算支出项目绩效目标
    自评表 (the .pdf `广水市交通运输局2021年度乡村道路项目自评表` as a document site renders it).
    Page: https://pdf.wenkuvip.com/archives/bqg98jldqkx8g2xm7pe6.html

    Special: a 决策 / 管理 / 绩效 framework with points in the first-level labels (`项目决策\n2分`,
    `项目管理\n13分`, `项目绩效\n85分`, then `产出\n指标\n40分`, `数量指\n标\n15分`); rubric rows
    (决策依据, 财务制度, 组织机构, 运行监管, 目标申报) with 分值 | 自评分 | 复核分 | 评价标准及依据;
    `自评总分: 95` in the header row; the funding laid out as a source grid 中央 | 省、地 | 本级 |
    其他 | 合计 | 执行数 | 执行率; indicator columns `年初指标值` / `年终完成值` / `自评分` and no
    分值 column — the 三级 row takes its 二级's points (15分 ÷ one 三级指标); no year in the
    sheet (only the file name says 2021年度, the 填报日期 is 2022).

    Reading choices: the PDF text comes out column by column; the grid follows the labels' order.
    The page shows 309 three times (one source column, 合计, 执行数): it is placed under 本级 (the
    page does not show which source). Cut: the copy ends at the 质量指标 names (their values are not
    shown); the sheet stops after the 数量指标 row."""
    rows = [
        row(A="广水市财政预算支出项目绩效目标自评表"),
        row(A="填报日期:2022年8月10日", D="自评总分: 95", G="单位领导审签:"),
        row(
            A="项目名称",
            B="乡村道路建设养护项目",
            E="项目属性",
            F="1、常年性 2、延续性□ 3、一次性□ 4、新增性□",
        ),
        row(
            A="项目主管单位",
            B="广水市交通运输局",
            D="项目实施单位",
            E="广水市交通运输局",
            G="项目负责人",
            H="孙章勇",
        ),
        row(
            A="项目资金\n来源",
            B="中央\n(万元)",
            C="省、地\n(万元)",
            D="本级\n(万元)",
            E="其他\n(万元)",
            F="合计\n(万元)",
            G="执行数\n(万元)",
            H="执行\n率",
        ),
        row(D=309, F=309, G=309, H="100%"),
        row(A="项目年度目\n标", B="1.完成乡村道路建设养护里程300公里;\n2.\n3."),
        row(A="项目权重", B="评价内容", D="分值", E="自评分", F="复核分", G="评价标准及依据"),
        row(
            A="项目决策\n2分",
            B="决策依据",
            D=2,
            E=2,
            G="有项目年度工作计划或有上级文件或审批报告计2分,没有不得分。",
        ),
        row(
            A="项目管理\n13分",
            B="财务制度",
            D=3,
            E=3,
            G="1、单位财务管理制度1分;\n2、项目管理制度1分;\n3、有制度执行佐证资料1分。没有不得分。",
        ),
        row(B="组织机构", D=2, E=2, G="有明确的绩效管理机构或专人负责2分。没有不得分"),
        row(
            B="运行监管",
            D=4,
            E=4,
            G="1、运行监管记录3分;\n2、填报《项目支出绩效监控表》1分。没有不得分。",
        ),
        row(
            B="目标申报",
            D=4,
            E=4,
            G="1、项目绩效目标全申报的1分,缺一项扣0.5分,扣完为止;\n2、绩效目标规范1分,不规范扣0.5分;\n"
            "3、按时申报绩效目标计2分,逾期扣1分。",
        ),
        row(A="项目年度目标1:乡村道路建设养护项目"),
        row(
            A="项目权重",
            B="一级\n指标",
            C="二级\n指标",
            D="指标名称\n(三级指标)",
            E="年初指\n标值",
            F="年终完\n成值",
            G="自评\n分",
            H="复核\n分",
            I="评价标准",
        ),
        row(
            A="项目\n绩效\n85分",
            B="产出\n指标\n40分",
            C="数量指\n标\n15分",
            D="乡村道路建设\n养护里程",
            E="300公里",
            F="300公里",
            G=15,
            I="1、提供三级指标完成程度的佐证资料;\n2、三级指标分值按三级指标个数平均确定"
            "(15分÷三级指标个数),四舍五入保留整数。",
        ),
    ]
    merges = ["A1:I1", "A2:C2", "D2:F2", "G2:I2", "B3:D3", "F3:I3", "B4:C4", "E4:F4", "H4:I4"]
    merges += ["A5:A6", "H5:I5", "H6:I6", "B7:I7", "B8:C8", "G8:I8", "B9:C9", "G9:I9"]
    merges += ["A10:A13", "B10:C10", "G10:I10", "B11:C11", "G11:I11", "B12:C12", "G12:I12"]
    merges += ["B13:C13", "G13:I13", "A14:I14"]
    return book("Sheet1", rows, merges)


# scoring.md has no rule for 决策 / 管理 rows nor for points carried by 一级/二级 labels: the form's
# own weights are used (and the 说明 says so). 决策依据 2 of 2; 财务制度 3, 组织机构 2, 运行监管 4,
# 目标申报 4 (13 of 13, as claimed: rubric rows are the unit's own marks); 乡村道路建设养护里程
# 300 of 300公里 (no sign: ≥) → 15 of 15. The form gives 执行率 (100 %) no points. Σ = 30 of 30
# (the rest of 项目绩效 is not in the copy) → 100 × 30 / 30 = 100.00; the header claims 95.
HUB_GUANGSHUI = Expected(
    name="hub_guangshui_roads",
    url=GUANGSHUI_URL,
    province="湖北",
    unit="广水市交通运输局",
    year=2021,
    year_in_form=False,
    kind=PROJECT_FORM,
    outcome=READ,
    money_unit="万元",
    budget="309",
    executed="309",
    rate="100.00",
    indicators=1,
    score="100.00",
    claimed="95",
    complete=False,
    project="乡村道路建设养护项目",
    roles=(
        ("全年预算数", "合计\n(万元)"),
        ("全年执行数", "执行数\n(万元)"),
        ("执行率", "执行\n率"),
        ("一级指标", "一级\n指标"),
        ("二级指标", "二级\n指标"),
        ("三级指标", "指标名称\n(三级指标)"),
        ("年度指标值", "年初指\n标值"),
        ("实际完成值", "年终完\n成值"),
        ("得分", "自评\n分"),
        ("分值", "分值"),
        ("得分", "自评分"),
    ),
    warnings=(
        "自评总分（D2）：表中95，复算100.00（本表截取至数量指标，其余指标未见）",
        "决策、管理评分15加指标分值15加执行率0合计30，不是100：按100×30/30折算为100.00",
        "no year in the sheet (填报日期 2022年 is not the year): ask (--year 2021)",
        "scoring.md has no rule for 项目决策/项目管理 rows: scored by the form's own 分值 (说明)",
    ),
    notes=(
        "rubric rows 9–13 (决策依据 … 目标申报) are 决策/管理 parts, not indicators",
        "the 三级 row's 分值 15 comes from the 二级 label 数量指标15分 (one 三级指标 under it); "
        "分值 / 自评分 (D8, E8) head the rubric rows 9–13",
        "执行率 100% is shown but worth no points in this framework",
    ),
    special=("决策/管理/绩效 with points", "自评总分 in header", "source grid funding", "no year"),
)


# ============================================================== 服务贸易发展资金 2020 (湖北 template)
TRADE_URL = "https://www.kunmingchi.com/archives/973rxnk2je7n4oep6ym4.html"


def hub_trade_fund() -> bytes:
    """区商务局 / 投资促进中心, 2020年市级服务贸易发展资金, 2020 — the 湖北 项目自评表 template (项目类别
    部门预算项目 / 区直专项, 预算执行情况(20分), 偏差大或目标未完成原因分析 rows); the page names no
    city or province, so the record's province is left blank.
    Page: https://www.kunmingchi.com/archives/973rxnk2je7n4oep6ym4.html

    Special: 执行率 worth 20 points (`得分\n(20分*执行率)`); `年度绩效目标(80分)` while its parts
    say 产出指标(60分) + 效益指标(40分); no 分值 column at all — only 得分; `预算资金执行率` as an
    indicator row under 时效指标; `98%以上` as a target; qualitative results written in free words
    (`受目的国受众欢迎显著`); `偏差大或目标未完成原因分析` and `改进措施及结果应用方案` as rows below
    总分; `单位名称:` and `填报日期:` in the title row.

    Reading choices: the PDF text comes out column by column; the 湖北 template orders it (its
    blank version is at https://m.777doc.com/doc-4336759.html). For the two 效益 rows, the wording
    with 较好 / 有利于 is taken as the result and the other as the target. The 备注 is reproduced
    as far as the copy goes."""
    rows = [
        row(A="2020年市级服务贸易发展资金项目自评表"),
        row(A="单位名称:区商务局", E="填报日期:2021年4月22日"),
        row(
            A="项目名称",
            B="2020年市级服务贸易发展资金",
            D="主管部门",
            E="区商务局",
            F="项目实施单位",
            G="投资促进中心",
        ),
        row(A="项目类别", B="1、部门预算项目 2、区直专项"),
        row(
            A="项目属性",
            B="1、持续性项目 2、新增性项目 □",
            D="项目类型",
            E="1、常年性项目 2、延续性项目 □ 3、一次性项目 □",
        ),
        row(
            A="预算执行\n情况(万元)\n(20分)",
            D="预算数\n(A)",
            E="执行数(B)",
            F="执行率(B/A)",
            G="得分\n(20分*执行率)",
        ),
        row(B="年度财政\n资金总额", D=285.84, E=285.84, F="100%", G=20),
        row(
            A="年度\n绩效\n目标\n(80分)",
            B="一级指标",
            C="二级指标",
            D="三级指标",
            E="年初目标值\n(A)",
            F="实际完成值\n(B)",
            G="得分",
        ),
        row(
            B="产出指标\n(60分)", C="数量指标", D="服务外包在岸(万美元)", E=20000, F=23333.56, G=10
        ),
        row(D="服务外包离岸(万美元)", E=4500, F=4557.51, G=10),
        row(D="支持服务贸易、服务外包企业数量", E=3, F=3, G=10),
        row(
            C="质量指标",
            D="企业国际质量提升",
            E="获得目的国(地区)受众欢迎",
            F="受目的国受众欢迎显著",
            G=10,
        ),
        row(C="时效指标", D="预算资金执行率", E="90%", F="100%", G=10),
        row(D="资金拨付及时性", E="98%以上", F="100%", G=10),
        row(
            B="效益指标\n(40分)",
            C="社会效益\n指标",
            D="企业把握政治导向和文化方向情况",
            E="企业把握正确政治导向和文化方向情况的评价",
            F="企业较好把握正确政治导向和文化方向情况的评价",
            G=20,
        ),
        row(
            C="可持续影\n响指标",
            D="推动企业走出去方面发挥的作用",
            E="是否利于企业走出去",
            F="有利于推动企业走出去",
            G=20,
        ),
        row(A="总分", G=100),
        row(A="偏差大或\n目标未完成\n原因分析"),
        row(A="改进措施及\n结果应用方案"),
        row(A="单位主要负责人\n签批意见", B="签名:          年  月  日"),
        row(
            A="备注: 1.预算执行情况口径:预算数为调整后财政资金总额(包括上年结余结转),"
            "执行数为资金使用单位财政资金实际支出数。 2.定量指标完成数汇总原则:绝对值直接累加计算,"
            "相对值按照资金额度加权平均计算。"
        ),
    ]
    merges = ["A1:G1", "A2:D2", "E2:G2", "B3:C3", "B4:G4", "B5:C5", "E5:G5", "A6:A7"]
    merges += ["B6:C6", "B7:C7", "A8:A16", "B9:B14", "C9:C11", "C13:C14", "B15:B16"]
    merges += ["A17:F17", "B18:G18", "B19:G19", "B20:G20", "A21:G21"]
    return book("Sheet1", rows, merges)


# No 分值 column: part points from the form — 执行率 20 (the form's, not scoring.md's 10), 产出 60,
# 效益 40 — split equally among the scored indicators of each part (scoring.md, 分值 blank).
# 执行率 285.84 / 285.84 = 100 % → 20. 产出: 企业国际质量提升's result is free wording → not scored
# (warning); the other five share 60 → 12 each: 23333.56 of ≥20000, 4557.51 of ≥4500, 3 of 3,
# 100 % of 90 %, 100 % of 98%以上 → 60. 效益: both results are free wording → not scored; the part is
# left out. Σ = 20 + 60 = 80 on 80 → 100 × 80 / 80 = 100.00; the form claims 100.
HUB_TRADE = Expected(
    name="hub_trade_fund",
    url=TRADE_URL,
    province="",
    unit="投资促进中心",
    year=2020,
    year_in_form=True,
    kind=PROJECT_FORM,
    outcome=READ,
    money_unit="万元",
    budget="285.84",
    executed="285.84",
    rate="100.00",
    indicators=8,
    score="100.00",
    claimed="100",
    complete=True,
    project="2020年市级服务贸易发展资金",
    roles=(
        ("全年预算数", "预算数\n(A)"),
        ("全年执行数", "执行数(B)"),
        ("执行率", "执行率(B/A)"),
        ("一级指标", "一级指标"),
        ("二级指标", "二级指标"),
        ("三级指标", "三级指标"),
        ("年度指标值", "年初目标值\n(A)"),
        ("实际完成值", "实际完成值\n(B)"),
        ("得分", "得分"),
        ("偏差原因", "偏差大或\n目标未完成\n原因分析"),
    ),
    warnings=(
        "实际完成值（F12、F15、F16）：无法识别的定性结果，该三项不计分",
        "执行率20分（A6）+ 产出指标60分 + 效益指标40分 = 120分，年度绩效目标写80分（A8）：按100分折算",
        "no 分值 column: each part's points split equally among its scored indicators (说明)",
    ),
    notes=(
        "预算资金执行率 (row 13) is an indicator row, not a funding row",
        "98%以上 (E14) is ≥98%",
        "unit: 项目实施单位 投资促进中心; the title row's 单位名称:区商务局 is the department",
        "偏差大或目标未完成原因分析 (row 18) is a row below 总分, blank",
    ),
    special=("执行率 20分", "no 分值 column", "预算执行率 indicator row", "free-word results"),
)

FORMS = ((hub_guangshui_roads, HUB_GUANGSHUI), (hub_trade_fund, HUB_TRADE))
