"""Real published forms that are not self-evaluations and must be refused with a message saying
what they look like: two 绩效目标表 (targets, no results) and a transfer-payment questionnaire."""

from __future__ import annotations

from tests.real_forms.expected import QUESTIONNAIRE, REFUSE, TARGET_FORM, Expected, book, row

# ============================================================== 湖南 南岳区 雨露计划 2023
NANYUE_URL = (
    "https://www.nanyue.gov.cn/nyczj/czysgk/2019njyhndyjs/nyqyg/nyncj/20231227/i3224710.html"
)


def hn_nanyue_yulu() -> bytes:
    """南岳区乡村振兴局, 2023年雨露计划就学补助项目, 2023 — 湖南 (衡阳市南岳区), 雨露计划绩效目标申报表.
    Page: https://www.nanyue.gov.cn/nyczj/czysgk/2019njyhndyjs/nyqyg/nyncj/20231227/i3224710.html

    Special: a target declaration, not a self-evaluation — indicators with `指标值及单位` only, no
    result, no 分值, no 得分; the funding laid out as a grid: `专项资金情况` merged down over a
    two-row header (本年度预计投入(万元) | 财政资金(万元) spanning 中央 | 省级 | 市级资金 | 本级 | 其他)
    and the value row 7 | 0 | 7 | 0 | 0 | 0; `填报单位(盖章):` with `单位负责人:` in one cell; `延续项目R`
    (a ticked box rendered as R). The mobile number of 联系人及电话 is masked.

    Cut: the copy ends in the 成本指标 row (`补助标准 | 15`); that row and the rest are not
    reproduced."""
    rows = [
        row(A="雨露计划绩效目标申报表"),
        row(A="(2023年度)"),
        row(A="填报单位(盖章): 单位负责人:谭呈祥"),
        row(A="专项基本情况", B="专项名称", C="2023年雨露计划就学补助项目"),
        row(B="专项属性", C="新增项目□ 延续项目R"),
        row(B="主管部门", C="南岳区乡村振兴局", E="专项起止时间", F="2023年1月至12月"),
        row(B="专项负责人", C="欧阳光", E="联系人及电话", F="180********"),
        row(B="专项概况", C="对就读职业技术学校的脱贫户或监测户子女发放就学补助"),
        row(B="专项立项\n依据"),
        row(A="专项资金情况", B="本年度预计投入(万元)", C="财政资金(万元)", G="其他"),
        row(C="中央", D="省级", E="市级资金", F="本级"),
        row(B=7, C=0, D=7, E=0, F=0, G=0),
        row(
            A="单位已有的保证专项实施的制度、措施",
            B="对就读职业技术学校的脱贫户或监测户子女发放就学补助",
        ),
        row(
            A="中长期绩效\n目标",
            B="1.就读中等职业学校(含普通中专、职业中专、成人中专、职业高中、技工院校,以下同)、高职高专院校、"
            "技师学院已注册普通全日制正式学籍的本省脱贫家庭子女(含监测帮扶对象家庭)。上述扶持对象在校就读期间"
            "(包括顶岗实习),其家庭均可享受助学补助。辍学、休学和保留学籍学生不纳入扶持范围。",
        ),
        row(
            B="2.补助标准。在享受国家职业教育资助政策基础上,叠加给予助学补助,全省统一补助标准为:每生 1500 元/学期。"
        ),
        row(A="本年度绩效\n目标", B="1.对提供就读学籍证明的学生了放就学补助;"),
        row(B="2.补助标准为:每生 1500 元/学期。"),
        row(A="专项年度绩效指标", B="一级指标", C="二级指标", D="三级指标内容", F="指标值及单位"),
        row(B="产出\n指标", C="数量指标", D="年度申请就学补助户数", F=">=101人/次"),
        row(C="质量指标", D="逾期发放率", F=">=100%"),
        row(C="时效指标", D="就学补助及时发放率", F=">=100%"),
    ]
    merges = ["A1:G1", "A2:G2", "A3:G3", "A4:A9", "C4:G4", "C5:G5", "C6:D6", "F6:G6"]
    merges += ["C7:D7", "F7:G7", "C8:G8", "C9:G9", "A10:A12", "B10:B11", "C10:F10", "G10:G11"]
    merges += ["B13:G13", "A14:A15", "B14:G14", "B15:G15", "A16:A17", "B16:G16", "B17:G17"]
    merges += ["A18:A21", "D18:E18", "F18:G18", "B19:B21", "D19:E19", "F19:G19", "D20:E20"]
    merges += ["F20:G20", "D21:E21", "F21:G21"]
    return book("Sheet1", rows, merges)


# 本年度预计投入 7 = 中央 0 + 省级 7 + 市级 0 + 本级 0 (+ 其他 0). Three targets, no results.
HN_NANYUE = Expected(
    name="hn_nanyue_yulu",
    url=NANYUE_URL,
    province="湖南",
    unit="南岳区乡村振兴局",
    year=2023,
    year_in_form=True,
    kind=TARGET_FORM,
    outcome=REFUSE,
    money_unit="万元",
    budget="7",
    executed=None,
    rate=None,
    indicators=3,
    score=None,
    claimed=None,
    complete=False,
    project="2023年雨露计划就学补助项目",
    roles=(
        ("年度指标值", "指标值及单位"),
        ("三级指标", "三级指标内容"),
        ("全年预算数", "本年度预计投入(万元)"),
    ),
    warnings=(
        "refused: 像是绩效目标申报表（只有指标值，没有实际完成值、分值、得分），不是自评表；缺少「实际完成值」",
    ),
    notes=("funding grid: 7 = 0 + 7 + 0 + 0; 其他 0",),
    special=("target form", "funding grid, label merged down", "refuse"),
)


# ============================================================== 陕西 汉阴县 普惠金融 2022
HANYIN_URL = "https://www.hanyin.gov.cn/Content-2392921.html"


def sn_hanyin_puhui() -> bytes:
    """汉阴县人力资源和社会保障局 (县级主管部门), 2022年第二批中、省普惠金融发展专项资金, 2022 — 陕西
    (安康市汉阴县), 绩效目标表, the 附件 of the 县财政局's notice. Page:
    https://www.hanyin.gov.cn/Content-2392921.html

    Special: a target table — `指标值` only, no result column; `单位:元` under the title while the
    block says `资金情况\n(万元)` and holds 112 / 40 / 72 (万元, by the notice's text); `绩 效 指 标`
    spaced and `产\n出\n指\n标` one character a line. The sheet holds the 附件 only (the notice's
    text above it is not part of the form).

    Cut: the copy ends after the first 满意度 row; the rest is not reproduced."""
    rows = [
        row(A="附件"),
        row(A="2022年第二批中、省普惠金融发展专项资金绩效目标表"),
        row(A="(2022年度)"),
        row(E="单位:元"),
        row(A="专项名称", B="普惠金融发展专项资金"),
        row(A="市级主管部门", B="市人力资源和社会保障局"),
        row(A="县级财政部门", B="汉阴县财政局", C="县级主管部门", D="汉阴县人力资源和社会保障局"),
        row(A="资金情况\n(万元)", B="年度金额", C=112),
        row(B="其中:中央补助", C=40),
        row(B="地方资金", C=72),
        row(
            A="年度总体目标",
            B="目标1:支持农村金融组织体系建设,扩大农村金融服务覆盖面。\n"
            "目标2:支持劳动者自主创业、自谋职业,推动解决特殊困难群体困难群体的结构性就业矛盾。",
        ),
        row(A="绩 效 指 标", B="一级\n指标", C="二级指标", D="三级指标", E="指标值"),
        row(B="产\n出\n指\n标", C="数量指标", D="本年度创业担保贷款发放额", E="4000万元"),
        row(C="质量指标", D="创业担保贷款回收率", E="≥90%"),
        row(D="资金足额拨付率", E="100%"),
        row(D="地方配套资金到位率", E="100%"),
        row(B="效益\n指标", C="经济效益指标", D="创业担保基金放大倍数", E="≥2倍"),
        row(C="社会效益指标", D="金融机构网点覆盖率", E="≥60%"),
        row(
            B="满意度指标", C="服务对象\n满意度\n指标", D="申报定向费用补贴金融机构满意度", E="≥80%"
        ),
    ]
    merges = ["A1:E1", "A2:E2", "A3:E3", "B5:E5", "B6:E6", "A8:A10", "C8:E8", "C9:E9", "C10:E10"]
    merges += ["B11:E11", "A12:A19", "B13:B16", "C14:C16", "B17:B18"]
    return book("Sheet1", rows, merges)


# 年度金额 112 = 中央补助 40 + 地方资金 72. Seven targets, no results.
SN_HANYIN = Expected(
    name="sn_hanyin_puhui",
    url=HANYIN_URL,
    province="陕西",
    unit="汉阴县人力资源和社会保障局",
    year=2022,
    year_in_form=True,
    kind=TARGET_FORM,
    outcome=REFUSE,
    money_unit="万元",
    budget="112",
    executed=None,
    rate=None,
    indicators=7,
    score=None,
    claimed=None,
    complete=False,
    project="普惠金融发展专项资金",
    roles=(("年度指标值", "指标值"), ("全年预算数", "年度金额")),
    warnings=(
        "refused: 像是绩效目标表（只有指标值，没有实际完成值、分值、得分），不是自评表；缺少「实际完成值」",
    ),
    notes=(
        "单位:元 (E4) contradicts 资金情况(万元) (A8); 112 is 万元 (the notice allots 112万元)",
        "112 = 40 + 72",
    ),
    special=("target form", "单位 conflict 元/万元", "refuse"),
)


# ============================================================== 重庆 彭水 计划生育 2024
PENGSHUI_URL = (
    "http://psx.gov.cn/zfbm_174/fzhggwyh_82690/zwgk_72016/zfxxgkml/jczwgk/wsjklyjczwgk/jhsyfw/"
    "202503/t20250319_14420965.html"
)


def cq_pengshui_family() -> bytes:
    """彭水自治县 (卫生健康委), 2024年度中央对地方转移支付计划生育服务项目绩效自评表 — 重庆 (彭水苗族土家族
    自治县). Page: http://psx.gov.cn/zfbm_174/fzhggwyh_82690/zwgk_72016/zfxxgkml/jczwgk/
    wsjklyjczwgk/jhsyfw/202503/t20250319_14420965.html

    Special: the central transfer-payment questionnaire — columns 指标名称 (一级/二级/三级, each
    headed `名称` on a third header row) | 指标解释 | 记录 (自评内容 | 完成情况) | 未完成原因及改进措施
    | 需提供的支撑材料; the budget written as label | value lines inside the 记录 columns
    (`年度预算资金总额): | 1084.25`, `其中:中央补助 | 668.00`, …) in three blocks and a fourth block
    (2023年绩效调整资金) left BLANK; no 执行数, no 实际完成值 of targets, no 分值.

    Cut: the copy ends in the 资金下达 row; the sheet stops before it."""
    rows = [
        row(A="彭水自治县2024年度中央对地方转移支付计划生育服务项目绩效自评表"),
        row(A="指标名称", D="指标解释", E="记录", G="未完成原因及改进措施", H="需提供的支撑材料"),
        row(A="一级指标", B="二级指标", C="三级指标", E="自评内容", F="完成情况"),
        row(A="名称", B="名称", C="名称"),
        row(
            A="项目预算管理",
            B="资金投入",
            C="预算编制科学性",
            D="项目预算编制符合国家政策要求,依据充分,标准明确,与年度工作匹配,与项目内容匹配",
            E="项目资金测算标准(文字描述)",
            F="已按要求完成预算",
            H="1.2024年度项目资金预算测算相关材料。\n2.反映计划生育项目资金支出的数据(截图或表),"
            '以及其他可反映项目资金实际支出情况的相关材料,不可"以拨代支"。',
        ),
        row(E="项目资金测算依据(文字描述)", F="按相关要求完成"),
        row(
            C="预算资金安排",
            D="2024年度计划生育转移支付资金预算安排情况。",
            E="计划生育转移支付资金合计(万元)",
        ),
    ]
    blocks = [
        (None, ("年度预算资金总额):", "1084.25"), "668.00", "343.00", "73.25"),
        (
            "农村部分计划生育家庭奖励扶助制度补助资金(万元)",
            ("年度预算资金总额:", "763.00"),
            "502.00",
            "208.00",
            "53.00",
        ),
        (
            "计划生育家庭特别扶助制度补助资金(万元)",
            ("年度预算资金总额:", "321.25"),
            "166.00",
            "136.00",
            "20.25",
        ),
        ("2023年绩效调整资金(万元)", ("年度预算资金总额:", None), None, None, None),
    ]
    for title, (total_label, total), central, city, own in blocks:
        if title:
            rows.append(row(E="其中:"))
            rows.append(row(E=title))
        rows.append(row(E=total_label, F=total))
        rows.append(row(E="其中:中央补助", F=central))
        rows.append(row(E="市级资金", F=city))
        rows.append(row(E="本级资金(包括结转结余)", F=own))
    merges = ["A1:H1", "A2:C2", "D2:D4", "E2:F2", "G2:G4", "H2:H4", "E3:E4", "F3:F4"]
    merges += ["A5:A29", "B5:B29", "C5:C6", "D5:D6", "H5:H29", "C7:C29", "D7:D29"]
    return book("自评表", rows, merges)


# 1084.25 = 668.00 + 343.00 + 73.25 = 763.00 + 321.25; 763.00 = 502 + 208 + 53; 321.25 = 166 + 136 +
# 20.25; the 2023年绩效调整资金 block is blank.
CQ_PENGSHUI = Expected(
    name="cq_pengshui_family",
    url=PENGSHUI_URL,
    province="重庆",
    unit="彭水自治县",
    year=2024,
    year_in_form=True,
    kind=QUESTIONNAIRE,
    outcome=REFUSE,
    money_unit="万元",
    budget="1084.25",
    executed=None,
    rate=None,
    indicators=None,
    score=None,
    claimed=None,
    complete=False,
    roles=(("三级指标", "三级指标"),),
    warnings=(
        "refused: 像是转移支付绩效自评问卷（自评内容/完成情况），缺少「年度指标值」「实际完成值」「分值」「全年执行数」",
    ),
    notes=(
        "budget blocks add up: 1084.25 = 668 + 343 + 73.25 = 763 + 321.25",
        "the 2023年绩效调整资金 block (rows 25–29) is blank",
    ),
    special=("questionnaire", "blank funding block", "label|value money lines", "refuse"),
)

FORMS = (
    (hn_nanyue_yulu, HN_NANYUE),
    (sn_hanyin_puhui, SN_HANYIN),
    (cq_pengshui_family, CQ_PENGSHUI),
)
