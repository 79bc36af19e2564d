"""Real forms from 安徽 reproduced cell for cell: two 衔接/救助 绩效目标自评表, a 部门整体支出绩效自评表
whose execution passes its budget, and a 项目支出绩效自评表 whose total row was left at 0."""

from __future__ import annotations

from tests.real_forms.expected import (
    PROJECT_FORM,
    READ,
    TARGET_SELF_EVAL,
    UNIT_FORM,
    Expected,
    book,
    row,
)

TARGET_HEADER = dict(
    A="绩效指标",
    B="一级\n指标",
    C="二级指标",
    D="三级指标",
    E="分值",
    F="年度指标值",
    G="全年实际值",
    H="得分",
    I="未完成原因及拟采取的改进措施",
)
TARGET_ROLES = (
    ("全年预算数", "全年预算数(A)"),
    ("全年执行数", "全年执行数(B)"),
    ("执行率", "执行率(B/A)"),
    ("一级指标", "一级\n指标"),
    ("二级指标", "二级指标"),
    ("三级指标", "三级指标"),
    ("分值", "分值"),
    ("年度指标值", "年度指标值"),
    ("实际完成值", "全年实际值"),
    ("得分", "得分"),
    ("偏差原因", "未完成原因及拟采取的改进措施"),
)


def _target_top(year: str, name: str, leader: str, dept: str, unit: str | None) -> list[list]:
    top = [
        row(A="绩效目标自评表"),
        row(A=f"({year}年度)"),
        row(A="项目名称", B=name, F="项目负责人及电话", H=leader),
    ]
    if unit is None:
        top.append(row(A="主管部门", B=dept))
    else:
        top.append(row(A="主管部门", B=dept, F="实施单位", H=unit))
    top.append(
        row(
            A="资金情况(万元)",
            E="全年预算数(A)",
            F="全年执行数(B)",
            G="分值",
            H="执行率(B/A)",
            I="得分",
        )
    )
    return top


TOP_MERGES = ["A1:I1", "A2:I2", "B3:E3", "F3:G3", "H3:I3", "B4:E4", "F4:G4", "H4:I4"]
FUND_MERGES = ["A5:A8", "B5:D5", "B6:D6", "B7:D7", "B8:D8", "A9:A10", "B9:E9", "F9:I9"]
FUND_MERGES += ["B10:E10", "F10:I10"]


# ============================================================== 萧县 张庄寨镇 2023
XIAOXIAN_URL = "https://www.ahxx.gov.cn/grassroots/279/158998981.html"


def ah_xiaoxian_planting() -> bytes:
    """张庄寨镇人民政府, 河西村特色种养补贴到户项目, 2023 — 安徽 (宿州市萧县), 衔接资金 绩效目标自评表.
    Page: https://www.ahxx.gov.cn/grassroots/279/158998981.html

    Special: 分值 before 年度指标值, `全年实际值`; `★` before the core indicators' names;
    `其中…` rows under an indicator that carry a target and a result but no 分值 or 得分 (a
    breakdown of the ★ row above, not an indicator); an empty first row under 质量指标, `……`
    rows, and empty 经济/生态/可持续 rows left from the template; the 一级 labels written one
    character a line (`产\n出\n指\n标\n(50分)`).

    Cut: the stored copy ends in the 满意度指标 block (`满意`); the 满意度 rows and the 总分 row
    are not reproduced, so the sheet stops after the `……` under 可持续影响指标."""
    rows = _target_top(
        "2023", "河西村特色种养补贴到户项目", "李宁0557-5788003", "县农业农村局", "张庄寨镇人民政府"
    )
    rows += [
        row(B="年度资金总额:", E=9.48, F=9.48, G=10, H="100%", I=10),
        row(B="其中:本年财政拨款", E=9.48, F=9.48, G=10, H="100%", I=10),
        row(B="其他资金", E="-", F="-"),
        row(A="年度总体目标", B="年初设定目标", F="年度总体目标完成情况综述"),
        row(
            B="落实39户特色种养业奖补政策,增加脱贫户家庭收入",
            F="落实39户特色种养业奖补政策,增加脱贫户家庭收入",
        ),
        row(**TARGET_HEADER),
        row(
            B="产\n出\n指\n标\n(50分)",
            C="数量指标",
            D="★补助各类瓜果蔬菜种植面积",
            E=20,
            F="29.5亩",
            G="29.5亩",
            H=20,
        ),
        row(D="其中桃树种植面积", F="1.5亩", G="1.5亩"),
        row(D="其中苹果树种植面积", F="5亩", G="5亩"),
        row(D="其中露天蔬菜", F="20亩", G="20亩"),
        row(D="其中大棚蔬菜", F="3亩", G="3亩"),
        row(D="★补助鱼塘面积", E=10, F="3亩", G="3亩", H=10),
        row(D="其中鱼塘养殖面积", F="3亩", G="3亩"),
        row(D="★补助家畜家禽养殖数量", E=10, F="192只", G="192只", H=10),
        row(D="其中羊养殖数量", F="180只", G="180只"),
        row(D="其中猪养殖数量", F="12头", G="12头"),
        row(C="质量指标"),
        row(D="种植作物成活率", E=5, F="95%", G="95%", H=5),
        row(D="养殖家畜家禽成活率", E=5, F="95%", G="100%", H=5),
        row(D="……"),
        row(B="效\n益\n指\n标\n(30分)", C="经济效益\n指标"),
        row(D="特色产业带动增加受益农户收入(总收入)", E=20, F="≥11.376万元", G="12万元", H=20),
        row(C="社会效益\n指标", D="受益人口数量", E=10, F="90人", G="90人", H=10),
        row(C="生态效益\n指标"),
        row(C="可持续影响指标"),
        row(D="……"),
    ]
    merges = TOP_MERGES + FUND_MERGES
    merges += ["A11:A31", "B12:B25", "C12:C21", "C22:C25", "B26:B31", "C26:C27", "C30:C31"]
    return book("绩效目标自评表", rows, merges)


# 执行率 9.48 / 9.48 = 100 % → 10. Indicators (the 其中 rows are breakdowns): 29.5 of 29.5亩 → 20;
# 3 of 3亩 → 10; 192 of 192只 → 10; 95 % of 95 % (no sign: ≥) → 5; 100 % of 95 % → 5; 12 of
# ≥11.376万元 → 20; 90 of 90人 → 10. Σ得分 = 10 + 80 = 90 on Σ分值 = 10 + 80 = 90: the 满意度 part is
# absent from the reproduced sheet, so the total is rescaled: 100 × 90 / 90 = 100.00.
AH_XIAOXIAN = Expected(
    name="ah_xiaoxian_planting",
    url=XIAOXIAN_URL,
    province="安徽",
    unit="张庄寨镇人民政府",
    year=2023,
    year_in_form=True,
    kind=TARGET_SELF_EVAL,
    outcome=READ,
    money_unit="万元",
    budget="9.48",
    executed="9.48",
    rate="100.00",
    indicators=7,
    score="100.00",
    claimed=None,
    complete=False,
    project="河西村特色种养补贴到户项目",
    roles=TARGET_ROLES,
    warnings=("分值（E列）与执行率分值合计90，不是100（满意度指标未见）：按100×90/90折算为100.00",),
    notes=(
        "其中… rows 13–16, 18, 20–21: target and result but no 分值: breakdowns, not indicators",
        "placeholder rows dropped: 22 (empty under 质量指标), 25 (……), 26, 29, 30 (no 三级), 31 (……)",
        "★ before a name is part of the template, not of the indicator's name",
        "其中:本年财政拨款 (row 7) repeats 分值/执行率/得分 of the total row: not a second 执行率",
    ),
    special=("分值 before targets", "其中 breakdown rows", "★ names", "…… leftovers"),
)


# ============================================================== 濉溪县民政局 临时救助 2019
SUIXI_URL = "https://www.sxx.gov.cn/zwgk/public/811/56426371.html"


def ah_suixi_relief() -> bytes:
    """濉溪县民政局, 临时救助, 2019 — 安徽 (淮北市濉溪县), 绩效目标自评表.
    Page: https://www.sxx.gov.cn/zwgk/public/811/56426371.html

    Special: no 实施单位 row — the unit is the 主管部门, written with its code in brackets
    (`[155]濉溪县民政局`); ASCII signs `>=` / `<=`; names that keep the template's hint
    (`(≥**人)`, `(<**元/户·年)——一户年最高5300元`) and `★★★`; a `★★★其中:…` row that, unlike
    萧县's, carries its own 分值 (an indicator); a `<=5300元/户` target missed (5830) and still
    scored full; `≥` targets passed by 30 % and more; the 绩效指标 caption cell left blank.

    Cut: the stored copy ends inside the 满意度 row (`>=9`); that row and the 总分 row are not
    reproduced."""
    rows = _target_top("2019", "临时救助", None, "[155]濉溪县民政局", None)
    rows[0] = row(A="绩效目标自评表 (2019年度)")
    rows[1] = row()
    rows[2] = row(A="项目名称", B="临时救助")
    rows += [
        row(B="年度资金总额:", E=30, F=30, G=10, H="100%", I=10),
        row(B="其中:本年财政拨款", E=30, F=30, G=10, H="100%", I=10),
        row(B="其他资金"),
        row(A="年度总体目标", B="年初设定目标", F="年度总体目标完成情况综述"),
        row(
            B="为建档立卡扶贫户解决临时性的困难",
            F="全年救助建档立卡扶贫户临时救助87人次,救助资金30万元,完成目标任务。",
        ),
        row(**{**TARGET_HEADER, "A": None, "B": "一级指标"}),
        row(
            B="产出指标(50分)",
            C="数量指标",
            D="★★★农村低保发放人数(按月平均)(≥**人)",
            E=5,
            F=">=21933人",
            G="21980人",
            H=5,
        ),
        row(
            D="★★★其中:农村低保对象中建档立卡贫困人口数量(按月平均)(≥**人)",
            E=5,
            F=">=9431人",
            G="9453人",
            H=5,
        ),
        row(
            D="★★★建档立卡贫困人口中接受临时救助的人次数(≥**人次)",
            E=5,
            F=">=59人次",
            G="87人次",
            H=5,
        ),
        row(
            D="★★★特困人员救助供养人数(按月平均)(≥**人)",
            E=5,
            F=">=4754人",
            G="4604人",
            H=5,
            I="特困人员实行动态管理",
        ),
        row(D="扶贫临时救助人数(按月平均)(≥**人)", E=10, F=">=7人", G="7人", H=10),
        row(
            C="质量指标",
            D="★农村低保标准(≥**元/人·月)",
            E=5,
            F=">=530元/人*月",
            G="583元/人*月",
            H=5,
        ),
        row(
            D="农村特困人员救助供养基本生活标准(≥**元/人·月)",
            E=5,
            F=">=570元/人*月",
            G="758元/人*月",
            H=5,
        ),
        row(
            D="扶贫临时救助标准(<**元/户·年)——一户年最高5300元",
            E=10,
            F="<=5300元/户",
            G="5830元/户",
            H=10,
        ),
        row(
            B="效益指标(30分)",
            C="社会效益指标",
            D="★★★受益建档立卡贫困人口数≥**人",
            E=30,
            F=">=80人",
            G="87人",
            H=30,
        ),
    ]
    merges = ["A1:I1", "B3:I3", "B4:I4", *FUND_MERGES]
    merges += ["A11:A20", "B12:B19", "C12:C16", "C17:C19"]
    return book("绩效目标自评表", rows, merges)


# 执行率 30 / 30 = 100 % → 10. 21980 of ≥21933 → 5; 9453 of ≥9431 → 5; 87 of ≥59 → 5 (147.46 %:
# 目标值可能偏低); 4604 of ≥4754 → 5 × 4604 / 4754 = 4.8422 → 4.84 (form: 5); 7 of ≥7 → 10; 583 of
# ≥530 → 5; 758 of ≥570 → 5 (132.98 %: 目标值可能偏低); 5830 of ≤5300 → 5300 < 5830 < 10600:
# 10 × (1 − 530 / 5300) = 9.00 (form: 10); 87 of ≥80 → 30. Σ得分 = 10 + 5 + 5 + 5 + 4.84 + 10 + 5 +
# 5 + 9 + 30 = 88.84 on Σ分值 90 (满意度 row not in the copy) → 100 × 88.84 / 90 = 98.711 → 98.71.
AH_SUIXI = Expected(
    name="ah_suixi_relief",
    url=SUIXI_URL,
    province="安徽",
    unit="濉溪县民政局",
    year=2019,
    year_in_form=True,
    kind=TARGET_SELF_EVAL,
    outcome=READ,
    money_unit="万元",
    budget="30",
    executed="30",
    rate="100.00",
    indicators=9,
    score="98.71",
    claimed=None,
    complete=False,
    project="临时救助",
    roles=(*TARGET_ROLES[:3], ("一级指标", "一级指标"), *TARGET_ROLES[4:]),
    # forms.md compares claims "at the precision the form writes": H15's 5 agrees with 4.84 (it
    # rounds to 5), so it is no finding; H19's 10 does not agree with 9.00.
    warnings=(
        "得分（H19，扶贫临时救助标准）：表中10，复算9.00",
        "扶贫临时救助标准（第19行）：实际5830元/户超过年度指标值<=5300元/户，未说明偏差原因",
        "建档立卡贫困人口中接受临时救助的人次数（第14行）：实际87人次为年度指标值的147.46%，目标值可能偏低",
        "农村特困人员救助供养基本生活标准（第18行）：实际758为年度指标值的132.98%，目标值可能偏低",
        "分值（E列）与执行率分值合计90，不是100（满意度指标未见）：按100×88.84/90折算为98.71",
    ),
    notes=(
        "unit from 主管部门 [155]濉溪县民政局: code 155 in brackets stripped",
        "★★★其中:… (row 13) has its own 分值 5: an indicator, not a breakdown",
        "names keep the template hints (≥**人) — they are part of the cell, not a target",
        "元/人*月 in the cells vs 元/人·月 in the name: same unit",
    ),
    special=("[code]unit", ">= <=", "≤ target missed, scored full", "caption cell blank"),
)


# ============================================================== 金寨县 部门整体 2023
JINZHAI_URL = "https://www.ahjinzhai.gov.cn/public/6624963/37545031.html"


def ah_jinzhai_unit() -> bytes:
    """金寨县茶谷和美丽乡村建设服务中心, 2023 — 安徽 (六安市金寨县), 部门整体支出绩效自评表.
    Page: https://www.ahjinzhai.gov.cn/public/6624963/37545031.html

    Special: the 整体 form on the 项目 layout (`部门` | name, `预算资金 (万元)` block with 年初 /
    全年预算数 / 全年执行数 / 分值 / 执行率 / 得分); 全年执行数 338.31 above 全年预算数 329.77
    (102.59 %) and the 得分 of the 年度资金总额 row left blank; `绩 效 指 标` spaced; headers
    written over two lines (`年度\n指标值`, `实际\n完成值`); names numbered `指标1:` … `指标4:`
    again under each 二级指标; a `≤4` target met exactly; time targets `9月前` / `11月前` with
    results `7月` / `10月`.

    Cut: the stored copy ends at `成本指标 | 指标1:`; the 成本, 效益 and 满意度 rows and the 总分
    row are not reproduced."""
    rows = [
        row(A="部门整体支出绩效自评表"),
        row(A="(2023年度)"),
        row(A="部门", B="金寨县茶谷和美丽乡村建设服务中心"),
        row(
            A="预算资金 (万元)",
            D="年初预算数",
            E="全年预算数",
            F="全年执行数",
            G="分值",
            H="执行率",
            I="得分",
        ),
        row(B="年度资金总额", D=329.77, E=329.77, F=338.31, G=10, H="102.59%"),
        row(B="其中:当年财政拨款", D=329.77, E=329.77, F=338.31, G="—", H="102.59%", I="—"),
        row(B="上年结转资金", G="—", I="—"),
        row(B="其他资金", G="—", I="—"),
        row(A="年度总体目标", B="预期目标", F="实际完成情况"),
        row(
            B="1.建设徽风皖韵美丽乡村;2.整治美丽宜居自然村庄;3.推进农村改厕提质增效;"
            "4.深入开展村庄清洁行动;5.促进茶谷果岭融合发展。",
            F="1.启动燕子河镇龙马村、花石乡大湾村等4个精品示范村建设;2.整治美丽宜居自然村庄202个;"
            "3.完成农村户用卫生厕所改造3061户;4.全面完成2022年度10个省级中心村各项建设任务,"
            "并顺利通过省级验收;加快2023年度10个省级中心村任务,确保2024年通过各级验收。",
        ),
        row(
            A="绩 效 指 标",
            B="一级指标",
            C="二级指标",
            D="三级指标",
            E="年度\n指标值",
            F="实际\n完成值",
            G="分值",
            H="得分",
            I="偏差原因分析及改进措施",
        ),
        row(B="产出指标", C="数量指标", D="指标1:开展精品示范村建设数量", E="≤4", F=4, G=10, H=10),
        row(D="指标2:建设美丽宜居自然村庄数量", E="≥200", F=202, G=10, H=10),
        row(D="指标3:完成农村户用卫生厕所改造数量", E="≥2000", F=3061, G=10, H=10),
        row(D="指标4:新建省级中心村数量", E="≥10", F=10, G=10, H=10),
        row(C="质量指标", D="指标1:美丽宜居自然村庄验收通过率", E="≥95%", F="100%", G=5, H=5),
        row(D="指标2:户用卫生厕所改造验收通过率", E="≥95%", F="100%", G=5, H=5),
        row(C="时效指标", D="指标1:完成美丽宜居自然村庄验收时间", E="9月前", F="7月", G=5, H=5),
        row(D="指标2:完成户用卫生厕所改造验收时间", E="11月前", F="10月", G=5, H=5),
    ]
    merges = ["A1:I1", "A2:I2", "B3:I3", "A4:A8", "B4:C4", "B5:C5", "B6:C6", "B7:C7", "B8:C8"]
    merges += ["A9:A10", "B9:E9", "F9:I9", "B10:E10", "F10:I10"]
    merges += ["A11:A19", "B12:B19", "C12:C15", "C16:C17", "C18:C19"]
    return book("部门整体支出绩效自评表", rows, merges)


# 执行率 338.31 / 329.77 = 102.5897 % → 102.59 %; 执行 points capped: 10 × min(1.0259, 1) = 10.
# 4 of ≤4 → 10; 202 of ≥200 → 10; 3061 of ≥2000 → 10 (153.05 %: 目标值可能偏低); 10 of ≥10 → 10;
# 100 % of ≥95 % → 5 + 5; 9月前 / 11月前: targets the reader cannot interpret → not scored (warning).
# Σ得分 = 10 + 50 = 60 on Σ分值 scored = 10 + 50 = 60 → 100 × 60 / 60 = 100.00.
AH_JINZHAI = Expected(
    name="ah_jinzhai_unit",
    url=JINZHAI_URL,
    province="安徽",
    unit="金寨县茶谷和美丽乡村建设服务中心",
    year=2023,
    year_in_form=True,
    kind=UNIT_FORM,
    outcome=READ,
    money_unit="万元",
    budget="329.77",
    executed="338.31",
    rate="102.59",
    indicators=8,
    score="100.00",
    claimed=None,
    complete=False,
    roles=(
        ("年初预算数", "年初预算数"),
        ("全年预算数", "全年预算数"),
        ("全年执行数", "全年执行数"),
        ("执行率", "执行率"),
        ("一级指标", "一级指标"),
        ("二级指标", "二级指标"),
        ("三级指标", "三级指标"),
        ("年度指标值", "年度\n指标值"),
        ("实际完成值", "实际\n完成值"),
        ("分值", "分值"),
        ("得分", "得分"),
        ("偏差原因", "偏差原因分析及改进措施"),
    ),
    warnings=(
        "年度资金总额（第5行）：全年执行数338.31超过全年预算数329.77，执行率102.59%，执行率得分按10分封顶",
        "得分（I5）：空白，复算10",
        "年度指标值（E18「9月前」、E19「11月前」）：无法识别，该两项不计分",
        "完成农村户用卫生厕所改造数量（第14行）：实际3061为年度指标值的153.05%，目标值可能偏低",
        "分值（G列）60加执行率分值10（G5）合计70，不是100：按100×70/70折算为100.00",
    ),
    notes=(
        "指标1: … 指标4: prefixes stripped from the names (they restart under each 二级指标)",
        "4 of ≤4 (row 12) is met: full marks",
    ),
    special=("整体 on project layout", "执行 > 预算", "指标N: prefixes", "得分 blank"),
)


# ============================================================== 池州 棠溪镇 村级补助 2022
CHIZHOU_URL = "http://www.anthempetcare.com/upload_cz/download?id=502367&siteId=2"


def ah_chizhou_village() -> bytes:
    """池州市贵池区棠溪镇人民政府, 村级补助及运转经费, 2022 — 安徽 (池州市贵池区), 项目支出绩效自评表,
    the 附件 of the 镇's 决算 as the .xls renders on the host.
    Page: http://www.anthempetcare.com/upload_cz/download?id=502367&siteId=2 (the sibling page
    id=502364 is quoted as text in tests/audit_corpus.py; this one is not used anywhere)

    Special: `附件:` above the title; codes before both department names (`219-`, `219001-`);
    the 年度资金总额 row left at 0 / 0 / 0 with 执行率 0 and 得分 0 while its 其中:本年财政拨款 row
    holds 202.64 / 132.912 / 132.912; the 年度总体目标 texts full of 元 amounts (2026400元 …)
    and a dotted line; targets `=8个`, `≤202.6万元` with bare-number results; 定性 rows with
    `达成预期指标`; 一级 labels with points.

    Cut: the stored copy ends at `可持续影响`; the 可持续影响, 满意度 rows and 总分 are not
    reproduced. Reading choice: the texts run together on the page; the national layout is used
    (the same grid as tests.forms_corpus.central_project_rows)."""
    goal = (
        "本项目共申请预算资金2026400元,其中村级组织运转400000元,村民组长,党小组长基本报酬252000元,"
        "村民监督委员会 工资28000元,村级事务补助960000元,村级工作目标奖励100000元。\n"
        ".. ................................................................"
    )
    done = (
        "本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,村民组长,党小组长基本报酬152000元,"
        "村民监督委员会 工资28000元,村级事务补助660000元,村级工作目标奖励50000元。"
    )
    rows = [
        row(A="附件:"),
        row(A="项目支出绩效自评表"),
        row(A="(2022年度)"),
        row(A="项目名称", B="村级补助及运转经费"),
        row(
            A="主管部门",
            B="219-池州市贵池区棠溪镇人民政府",
            F="实施单位",
            G="219001-池州市贵池区棠溪镇人民政府",
        ),
        row(
            A="项目资金\n(万元)",
            C="年初预算数",
            D="全年预算数",
            E="全年执行数",
            F="分值",
            G="执行率",
            H="得分",
        ),
        row(B="年度资金总额:", C=0, D=0, E=0, F=10, G=0, H=0),
        row(B="其中:本年财政拨款", C=202.64, D=132.912, E=132.912),
        row(B="上年结转资金"),
        row(B="其他资金"),
        row(A="年度总体目标", B="预期目标", F="实际完成情况"),
        row(B=goal, F=done),
        row(
            A="绩效指标",
            B="一级指标",
            C="二级指标",
            D="三级指标",
            E="年度指标值",
            F="实际完成值",
            G="分值",
            H="得分",
            I="偏差原因分析及改进措施",
        ),
        row(B="产出指标(50分)", C="数量指标", D="补助村(社区)数量", E="=8个", F=8, G=8, H=8),
        row(D="保障村干部人数", E="=42个", F=42, G=8, H=8),
        row(C="质量指标", D="补助资格合规性", E="合规", F="达成预期指标", G=8, H=8),
        row(D="经费审批流程规范性", E="严格执行相关制度规定", F="达成预期指标", G=8, H=8),
        row(C="时效指标", D="补助经费到位及时性", E="及时", F="达成预期指标", G=8, H=8),
        row(C="成本指标", D="项目总成本", E="≤202.6万元", F=132.9, G=10, H=10),
        row(
            B="效益指标(30分)",
            C="经济效益指标",
            D="对保障村(社区)两委机构正常运行的影响程度",
            E="效果明显",
            F="达成预期指标",
            G=10,
            H=10,
        ),
        row(
            C="社会效益指标",
            D="提高村(社区)干部工作积极性的影响程度",
            E="效果明显",
            F="达成预期指标",
            G=10,
            H=10,
        ),
    ]
    merges = ["A1:I1", "A2:I2", "A3:I3", "B4:I4", "B5:E5", "G5:I5", "A6:A10"]
    merges += ["A11:A12", "B11:E11", "F11:I11", "B12:E12", "F12:I12"]
    merges += ["A13:A21", "B14:B19", "C14:C15", "C16:C17", "B20:B21"]
    return book("Sheet1", rows, merges)


# 年度资金总额 0 / 0 / 0 while 其中:本年财政拨款 holds 202.64 / 132.912 / 132.912: the parts are used.
# 执行率 132.912 / 132.912 = 100 % → 10 (the form: 执行率 0, 得分 0). =8 of 8 → 8; =42 of 42 → 8;
# 达成预期指标 ×3 → 8 + 8 + 8; 132.9 of ≤202.6万元 → 10; 达成预期指标 ×2 → 10 + 10. Σ得分 = 10 + 70 = 80
# on Σ分值 80 (可持续影响, 满意度 not in the copy) → 100 × 80 / 80 = 100.00.
AH_CHIZHOU = Expected(
    name="ah_chizhou_village",
    url=CHIZHOU_URL,
    province="安徽",
    unit="池州市贵池区棠溪镇人民政府",
    year=2022,
    year_in_form=True,
    kind=PROJECT_FORM,
    outcome=READ,
    money_unit="万元",
    budget="132.912",
    executed="132.912",
    rate="100.00",
    indicators=8,
    score="100.00",
    claimed=None,
    complete=False,
    project="村级补助及运转经费",
    roles=(
        ("年初预算数", "年初预算数"),
        ("全年预算数", "全年预算数"),
        ("全年执行数", "全年执行数"),
        ("执行率", "执行率"),
        ("一级指标", "一级指标"),
        ("二级指标", "二级指标"),
        ("三级指标", "三级指标"),
        ("年度指标值", "年度指标值"),
        ("实际完成值", "实际完成值"),
        ("分值", "分值"),
        ("得分", "得分"),
        ("偏差原因", "偏差原因分析及改进措施"),
    ),
    warnings=(
        "年度资金总额（第7行）：表中为0，其中各项合计132.912，已按其中各项计算",
        "执行率（G7）：表中0，复算100.00%",
        "得分（H7）：表中0，复算10",
        "分值（G列）与执行率分值合计80，不是100（可持续影响、满意度指标未见）：按100×80/80折算为100.00",
    ),
    notes=(
        "codes 219- and 219001- stripped from 主管部门 and 实施单位",
        "年初预算数 202.64 (其中 row) vs 全年预算数 132.912: the budget was cut during the year",
        "the 年度总体目标 texts (row 12) hold 元 amounts: text, never money",
    ),
    special=("total row 0, parts filled", "附件: above title", "codes before names"),
)

FORMS = (
    (ah_xiaoxian_planting, AH_XIAOXIAN),
    (ah_suixi_relief, AH_SUIXI),
    (ah_jinzhai_unit, AH_JINZHAI),
    (ah_chizhou_village, AH_CHIZHOU),
)
