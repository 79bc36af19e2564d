"""Real forms from 云南 and 四川 reproduced cell for cell: a 项目支出绩效自评表 in 元 with a two-row
header and two 衔接/转移支付 self-evaluations scored by their own weights."""

from __future__ import annotations

from tests.real_forms.expected import (
    PROJECT_FORM,
    READ,
    TARGET_SELF_EVAL,
    Expected,
    book,
    row,
)

# ============================================================== 云南 永德县明朗中学 2022
YONGDE_URL = "https://www.yongde.gov.cn/info/3003/116104.htm"


def yn_yongde_nutrition() -> bytes:
    """永德县明朗中学, 义务教育营养改善计划专项资金, 2022 — 云南 (临沧市永德县), the 云南 决算公开
    `公开14表` 项目支出绩效自评表. Page: https://www.yongde.gov.cn/info/3003/116104.htm

    Special: amounts in 元 (`项目资金 (元)`); the caption `公开14表` and `部门:` on the row below the
    title; 项目名称, 主管部门 and 实施单位 on one row; a two-row indicator header where `绩效指标`
    spans the 一级/二级/三级 columns and `年度指标值` spans 指标性质 | 指标值 | 度量单位 on the row
    below; signs `≧` and `═`; a qualitative row whose 指标性质 is blank and whose result repeats
    the target (`有效`); an empty 生态效益指标 row; `总分 | 100 | 96 | 优` on the last row beside
    `其他需要说明事项`. The form claims 7 of 10 for an indicator completed at 100 % with no 偏差原因.

    Reading choices (the page is an HTML rendering whose rows are run together): 年初预算数 is the
    blank one of the three amount cells (two amounts are shown for three columns); the 得分 of the
    其中 rows is `—`, their 执行率 blank; labels written over two lines on the page (`年度 总体
    目标`, `经济效益 指标`) are cells with a line break."""
    rows = [
        row(A="2022年度项目支出绩效自评表"),
        row(A="部门:临沧市永德县明朗中学", J="公开14表"),
        row(
            A="项目名称",
            B="义务教育营养改善计划专项资金",
            D="主管部门",
            E="永德县教育体育局",
            G="实施单位",
            H="永德县明朗中学",
        ),
        row(
            A="项目资金\n(元)",
            D="年初预算数",
            E="全年预算数",
            F="全年执行数",
            G="分值",
            H="执行率",
            I="得分",
        ),
        row(B="年度资金总额", E=387664.62, F=387664.62, G=10, H="100%", I=10),
        row(B="其中:当年财政\n拨款", E=387664.62, F=387664.62, G="—", I="—"),
        row(B="上年结转\n资金", G="—", I="—"),
        row(B="其他资金", D="—", E="—", F="—", G="—", I="—"),
        row(A="年度\n总体\n目标", B="预期目标", F="实际完成情况"),
        row(
            B="确保每一个学生都能享受到国家政策福利,改善学生体质",
            F="确保每一个学生都能享受到国家政策福利,改善学生体质",
        ),
        row(
            A="绩效指标",
            D="年度指标值",
            G="实际完成值",
            H="分值",
            I="得分",
            J="偏差原因分析及改进措施",
        ),
        row(
            A="一级指标",
            B="二级指标",
            C="三级指标",
            D="指标性质",
            E="指标值",
            F="度量单位",
        ),
        row(
            A="产出指标",
            B="数量指标",
            C="学生受资助人数",
            D="≧",
            E=735,
            F="人次",
            G=735,
            H=10,
            I=10,
        ),
        row(B="质量指标", C="营养改善计划覆盖率", D="≧", E=100, F="%", G="100%", H=10, I=10),
        row(B="时效指标", C="资金到位及时率", D="≧", E=100, F="%", G="100%", H=10, I=7),
        row(B="成本指标", C="生均补助标准达标率", D="═", E=100, F="%", G="100%", H=10, I=10),
        row(
            A="效益指标",
            B="经济效益\n指标",
            C="减轻贫困学生家庭经济负担",
            E="有效",
            G="有效",
            H=10,
            I=10,
        ),
        row(B="社会效益\n指标", C="政策知晓率", D="═", E=100, F="%", G="98%", H=10, I=9),
        row(B="生态效益\n指标"),
        row(
            B="可持续影响\n指标",
            C="促进学校教育事业健康发展",
            D="≧",
            E=100,
            F="%",
            G="100%",
            H=10,
            I=10,
        ),
        row(
            A="满意度指标",
            B="服务对象满意度指标等",
            C="学生满意度",
            D="≧",
            E=95,
            F="%",
            G="100%",
            H=10,
            I=10,
        ),
        row(C="家长满意度", D="≧", E=95, F="%", G="100%", H=10, I=10),
        row(A="其他需要说明事项", B="无", G="总分", H=100, I=96, J="优"),
    ]
    merges = [
        "A1:J1",
        "A2:F2",
        "B3:C3",
        "E3:F3",
        "H3:J3",
        "A4:A8",
        "B4:C4",
        "B5:C5",
        "B6:C6",
        "B7:C7",
        "B8:C8",
        "A9:A10",
        "B9:E9",
        "F9:J9",
        "B10:E10",
        "F10:J10",
        "A11:C11",
        "D11:F11",
        "G11:G12",
        "H11:H12",
        "I11:I12",
        "J11:J12",
        "A13:A16",
        "A17:A20",
        "A21:A22",
        "B21:B22",
        "B23:F23",
    ]
    return book("项目支出绩效自评表", rows, merges)


# 执行率 387664.62 / 387664.62 = 100 % → 10.
# 学生受资助人数 ≥735 → 735: 10. 覆盖率 ≥100 → 100 %: 10. 资金到位及时率 ≥100 → 100 %: 10 (the
# form writes 7). 生均补助标准达标率 =100 → 100 %: 10. 减轻…负担 定性, result repeats the target: 达成
# → 10. 政策知晓率 =100 → 98 %: 10 × (1 − 2/100) = 9.80 (the form writes 9). 促进…发展 ≥100 →
# 100 %: 10. 学生满意度, 家长满意度 ≥95 → 100 %: 10 + 10.
# 总分 = 10 + 10 + 10 + 10 + 10 + 10 + 9.80 + 10 + 10 + 10 = 99.80; the form claims 96
# (= 10 + 10 + 10 + 7 + 10 + 10 + 9 + 10 + 10 + 10, its own rows add up).
YN_YONGDE = Expected(
    name="yn_yongde_nutrition",
    url=YONGDE_URL,
    province="云南",
    unit="永德县明朗中学",
    year=2022,
    year_in_form=True,
    kind=PROJECT_FORM,
    outcome=READ,
    money_unit="元",
    budget="38.766462",
    executed="38.766462",
    rate="100.00",
    indicators=9,
    score="99.80",
    claimed="96",
    complete=True,
    project="义务教育营养改善计划专项资金",
    roles=(
        ("年初预算数", "年初预算数"),
        ("全年预算数", "全年预算数"),
        ("全年执行数", "全年执行数"),
        ("执行率", "执行率"),
        ("一级指标", "一级指标"),
        ("二级指标", "二级指标"),
        ("三级指标", "三级指标"),
        ("年度指标值", "年度指标值"),
        ("指标性质", "指标性质"),
        ("度量单位", "度量单位"),
        ("实际完成值", "实际完成值"),
        ("分值", "分值"),
        ("得分", "得分"),
        ("偏差原因", "偏差原因分析及改进措施"),
    ),
    warnings=(
        "总分（I23）：表中96，复算99.80",
        "得分（I15，资金到位及时率）：完成100%，表中7，复算10；扣分无说明（无偏差原因）",
        "得分（I18，政策知晓率）：表中9，复算9.80",
        "政策知晓率（第18行）：实际98%未达年度指标值=100%，未说明偏差原因",
    ),
    notes=(
        "amounts in 元: 387664.62元 = 38.766462万元",
        "生态效益指标 (row 19) has no 三级指标: a blank indicator row, skipped",
        "减轻贫困学生家庭经济负担 (row 17): 指标性质 blank, target 有效, result 有效 → 定性, 达成",
        "the title row 2 says 部门:临沧市永德县明朗中学 — the same school as 实施单位 with its city",
    ),
    special=("元", "two-row header", "numbered caption 公开14表", "≧ ═", "扣分无说明"),
)


# ============================================================== 四川 中江县水利局 2022
ZHONGJIANG_URL = "https://chacewang.com/newsdetail/news242266.html"


def sc_zhongjiang_watergauge() -> bytes:
    """中江县水利局, 农业水价综合改革…小型水库水标尺制作安装, 2022 — 四川 (德阳市中江县), the 衔接
    资金 绩效目标自评表 as the county published it. Page:
    https://chacewang.com/newsdetail/news242266.html

    Special: 分值 stands BEFORE 年度指标值; the result column is `全年实际值`; results written
    like targets (`≥266米`, `≥90%`); 一级 points (70/20/10) that differ from the form's own note
    (50/30/10) and, with the 执行率's 10, add up to 110 while the 总分 row says 100; an empty
    经济效益指标 row and a `……` row left from the template; a long 注 row below 总分.

    Reading choices: the page runs the cells together without separators; the grid is the one
    萧县 publishes for the same template (tests.real_forms.anhui.ah_xiaoxian_planting), which
    shows its separators. The personal mobile number in 项目负责人及电话 is masked (it plays no
    part in any figure); the 注 is reproduced as far as the stored copy goes."""
    note = (
        "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分,"
        "各部门根据各项指标重要程度确定三级指标的分值,得分最高不能超过该指标分值上限,"
        "分别按照该指标对应分值区间100-80%(含80%)、80-60%(含60%)、60-0%合理确定得分,"
        "3.定量指标若为正向"
    )
    rows = [
        row(A="绩效目标自评表"),
        row(A="(2022年度)"),
        row(
            A="项目名称",
            B="中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装",
            F="项目负责人及电话",
            H="谢凯139********(办公)",
        ),
        row(A="主管部门", B="中江县水利局", F="实施单位", H="中江县水利局"),
        row(
            A="资金情况(万元)",
            E="全年预算数(A)",
            F="全年执行数(B)",
            G="分值",
            H="执行率(B/A)",
            I="得分",
        ),
        row(B="年度资金总额:", E=20, F=20, G=10, H="100.00%", I=10),
        row(B="其中:本年财政拨款", E=20, F=20),
        row(B="其他资金"),
        row(A="年度总体目标", B="年初设定目标", F="年度总体目标完成情况综述"),
        row(
            B="对农村地区供水计量设施设备进行改进,对项目区农业用水计量,为项目区农业生产夯实基础,",
            F="对项目区农业用水计量,为项目区农业生产夯实基础,",
        ),
        row(
            A="绩效指标",
            B="一级指标",
            C="二级指标",
            D="三级指标",
            E="分值",
            F="年度指标值",
            G="全年实际值",
            H="得分",
            I="未完成原因及拟采取的改进措施",
        ),
        row(
            B="产出指标(70分)", C="数量指标", D="安装坡面水标尺", E=10, F="≥266米", G="≥266米", H=10
        ),
        row(D="水标尺宽度", E=10, F="≥50厘米", G="≥50厘米", H=10),
        row(C="质量指标", D="项目(工程)验收合格率", E=20, F="100%", G="100%", H=20),
        row(C="时效指标", D="及时(按期)开工率", E=10, F="≥90%", G="≥90%", H=10),
        row(D="及时(按期)完工率", E=10, F="≥90%", G="≥90%", H=10),
        row(C="成本指标", D="项目计划总投资", E=10, F="20万元", G="20万元", H=10),
        row(B="效益指标(20分)", C="经济效益指标"),
        row(
            C="社会效益指标",
            D="受益脱贫(含监测对象)户人口数",
            E=10,
            F="≥1000人",
            G="≥1000人",
            H=10,
        ),
        row(D="群众生产生活条件改善状况", E=10, F="显著提升", G="显著提升", H=10),
        row(
            B="满意度指标(10分)",
            C="服务对象满意度指标",
            D="受益脱贫(含监测对象)户满意度",
            E=10,
            F="≥95%",
            G="≥95%",
            H=10,
        ),
        row(D="……"),
        row(A="总分", E=100, H=100),
        row(A=note),
    ]
    merges = [
        "A1:I1",
        "A2:I2",
        "B3:E3",
        "F3:G3",
        "H3:I3",
        "B4:E4",
        "F4:G4",
        "H4:I4",
        "A5:A8",
        "B5:D5",
        "B6:D6",
        "B7:D7",
        "B8:D8",
        "A9:A10",
        "B9:E9",
        "F9:I9",
        "B10:E10",
        "F10:I10",
        "A11:A22",
        "B12:B17",
        "C12:C13",
        "C15:C16",
        "B18:B20",
        "C19:C20",
        "B21:B22",
        "C21:C22",
        "A23:D23",
        "A24:I24",
    ]
    return book("绩效目标自评表", rows, merges)


# 执行率 20 / 20 = 100 % → 10 (G6). Indicators, every row with its 分值: 266 of ≥266 → 10; 50 of
# ≥50 → 10; 100 % of 100 % → 20; 90 % of ≥90 % → 10 + 10; 20 of 20万元 (no sign: ≥) → 10; 1000 of
# ≥1000 → 10; 显著提升 repeats the target → 达成, 10; 95 % of ≥95 % → 10. Σ得分 = 10 + 100 = 110 on
# Σ分值 = 10 + 100 = 110 > 100 → scaled: 100 × 110 / 110 = 100.00. The form claims 100.
SC_ZHONGJIANG = Expected(
    name="sc_zhongjiang_watergauge",
    url=ZHONGJIANG_URL,
    province="四川",
    unit="中江县水利局",
    year=2022,
    year_in_form=True,
    kind=TARGET_SELF_EVAL,
    outcome=READ,
    money_unit="万元",
    budget="20",
    executed="20",
    rate="100.00",
    indicators=9,
    score="100.00",
    claimed="100",
    complete=True,
    project="中江县农业水价综合改革精准补贴和节水奖励项目小型水库水标尺制作安装",
    roles=(
        ("全年预算数", "全年预算数(A)"),
        ("全年执行数", "全年执行数(B)"),
        ("执行率", "执行率(B/A)"),
        ("一级指标", "一级指标"),
        ("二级指标", "二级指标"),
        ("三级指标", "三级指标"),
        ("分值", "分值"),
        ("年度指标值", "年度指标值"),
        ("实际完成值", "全年实际值"),
        ("得分", "得分"),
        ("偏差原因", "未完成原因及拟采取的改进措施"),
    ),
    warnings=(
        "分值（E列）与执行率分值（G6）合计110，不是100（总分行E23写100）：按100×110/110折算为100.00",
    ),
    notes=(
        "placeholder row 22 (……) dropped; 经济效益指标 row 18 has no 三级指标 (skipped)",
        "results written like targets (G12 ≥266米, G15 ≥90%, …) are read as the number and unit",
        "产出指标(70分) / 效益指标(20分): the form's own part points, not the 注's 50/30",
        "显著提升 (G20) repeats the target: 定性, 达成",
    ),
    special=("分值 before targets", "全年实际值", "Σ分值 110", "…… leftover"),
)


# ============================================================== 四川 普惠金融发展专项资金
PUHUI_URL = "https://www.chacewang.com/newsdetail/news368066.html"


def sc_puhui_finance() -> bytes:
    """普惠金融发展专项资金 self-evaluation — 四川 (省级主管部门 四川省财政厅); the page names neither
    the unit that filled it in nor the year. Page: https://www.chacewang.com/newsdetail/news368066.html

    Special: the transfer-payment layout — a funding grid with `年度金额(提前下达):208万元` and
    `合计:109.8万元` written as label-and-value in one cell, the 中央/省级 lines as label | `165万元`
    pairs on two halves (budget left, 资金使用情况 right); a flat indicator list with `权重` given
    as percentages (`20%`) and 得分 in points; no 执行率 row and no 执行率 points; 执行率 only
    52.79 %; a result written like a target (`≥80%`); `得分合计 100` at the bottom.

    Reading choices: the page runs the cells together; the grid is the usual 区域绩效目标自评表
    one (label merged down the left, the two halves side by side)."""
    rows = [
        row(A="专项名称", B="普惠金融发展专项资金", E="省级主管部门", G="四川省财政厅"),
        row(
            A="资金情况(万元)",
            B="年度金额(提前下达):208万元",
            E="资金使用情况(万元)",
            F="合计:109.8万元",
        ),
        row(B="中央财政", C="165万元", F="中央财政", G="84.5万元"),
        row(B="省级财政", C="43万元", F="省级财政", G="25.3万元"),
        row(
            A="年度总体目标",
            B="目标1:支持农村金融组织体系建设,扩大农村金融服务覆盖面,"
            "目标2:支持重点群体和符合条件的小微企业融资发展,"
            "目标3:支持地方因地制宜打造各具特色的普惠金融发展示范区,增强金融普惠性,"
            "推动普惠金融高质量发展,",
        ),
        row(
            A="完成情况",
            B="1:支持农村金融组织体系建设,扩大农村金融服务覆盖面,"
            "2:支持重点群体和符合条件的小微企业融资发展,"
            "3:支持地方因地制宜打造各具特色的普惠金融发展示范区,增强金融普惠性,"
            "推动普惠金融高质量发展,",
        ),
        row(
            A="绩效目标完成情况",
            B="一级指标",
            C="二级指标",
            D="三级指标",
            E="指标值",
            F="完成值",
            G="权重",
            H="得分",
        ),
        row(
            B="产出指标",
            C="数量指标",
            D="创业担保贷款发放额增长率",
            E="≥10%",
            F="115.25%",
            G="20%",
            H=20,
        ),
        row(C="质量指标", D="创业担保贷款回收率", E="≥90%", F="98.70%", G="20%", H=20),
        row(D="资金足额拨付率", E="100%", F="100%", G="10%", H=10),
        row(D="地方配套到位率", E="100%", F="100%", G="10%", H=10),
        row(
            B="效益指标",
            C="经济效益指标",
            D="创业担保基金放大倍数",
            E="≥2倍",
            F="10倍",
            G="10%",
            H=10,
        ),
        row(C="社会效益指标", D="金融机构网点覆盖率", E="≥60%", F="85%", G="10%", H=10),
        row(
            B="满意度指标",
            C="服务对象满意度指标",
            D="申请定向费用补贴金融机构满意度",
            E="≥80%",
            F="≥80%",
            G="10%",
            H=10,
        ),
        row(D="申报创业担保贷款贴息个人满意度", E="≥80%", F="100%", G="5%", H=5),
        row(D="申报创业担保贷款贴息小微企业的满意度", E="≥80%", F="100%", G="5%", H=5),
        row(A="得分合计", H=100),
    ]
    merges = [
        "B1:D1",
        "E1:F1",
        "G1:H1",
        "A2:A4",
        "B2:D2",
        "E2:E4",
        "F2:H2",
        "C3:D3",
        "G3:H3",
        "C4:D4",
        "G4:H4",
        "B5:H5",
        "B6:H6",
        "A7:A16",
        "B8:B11",
        "C9:C11",
        "B12:B13",
        "B14:B16",
        "C14:C16",
        "A17:G17",
    ]
    return book("Sheet1", rows, merges)


# 执行率 109.8 / 208 = 52.7885 % → 10 × 0.527885 = 5.28 (scoring.md's 10 points: the form gives
# 执行率 none). Indicators by the form's weights (20 % → 20 points): 115.25 % of ≥10 % → 20;
# 98.70 % of ≥90 % → 20; 100 % of 100 % → 10 + 10; 10倍 of ≥2倍 → 10; 85 % of ≥60 % → 10; ≥80 % of
# ≥80 % → 10; 100 % of ≥80 % → 5 + 5. Σ得分 = 5.28 + 100 = 105.28 on Σ分值 = 10 + 100 = 110 > 100 →
# 100 × 105.28 / 110 = 95.709 → 95.71. The form claims 100.
SC_PUHUI = Expected(
    name="sc_puhui_finance",
    url=PUHUI_URL,
    province="四川",
    unit=None,
    year=None,
    year_in_form=False,
    kind=TARGET_SELF_EVAL,
    outcome=READ,
    money_unit="万元",
    budget="208",
    executed="109.8",
    rate="52.79",
    indicators=9,
    score="95.71",
    claimed="100",
    complete=True,
    project="普惠金融发展专项资金",
    roles=(
        ("全年预算数", "年度金额(提前下达):208万元"),
        ("全年执行数", "合计:109.8万元"),
        ("一级指标", "一级指标"),
        ("二级指标", "二级指标"),
        ("三级指标", "三级指标"),
        ("年度指标值", "指标值"),
        ("实际完成值", "完成值"),
        ("分值", "权重"),
        ("得分", "得分"),
    ),
    warnings=(
        "得分合计（H17）：表中100，复算95.71",
        "权重合计100%加执行率10分为110分：按100分折算",
        "创业担保贷款发放额增长率（第8行）：实际115.25%为年度指标值10%的1152.50%，目标值可能偏低",
        "创业担保基金放大倍数（第12行）：实际10倍为年度指标值2倍的500.00%，目标值可能偏低",
        "金融机构网点覆盖率（第13行）：实际85%为年度指标值60%的141.67%，目标值可能偏低",
        "no unit and no year in the form: ask (--unit / --year)",
    ),
    notes=(
        "budget 208 = 165 + 43 (中央 + 省级); executed 109.8 = 84.5 + 25.3",
        "权重 20% is 20 points; the 权重 column adds up to 100 % (20+20+10+10+10+10+10+5+5)",
    ),
    special=("权重 as %", "label:value cells", "funding grid in two halves", "no unit, no year"),
)


FORMS = (
    (yn_yongde_nutrition, YN_YONGDE),
    (sc_zhongjiang_watergauge, SC_ZHONGJIANG),
    (sc_puhui_finance, SC_PUHUI),
)
