"""Real-prose audit corpus, part 1: 重庆 (市交通委员会 2018 预算说明, 小林镇 2022 决算), 福建
(仓山区 2020 决算), 湖南 (南县政协 2021 自评报告). Conventions: docs/audit-corpus.md."""

from __future__ import annotations

from perfeval.schema import (
    CAT_BASIC,
    CAT_PROJECT,
    FUND_GOV,
    FUND_SOCIAL,
    FUND_SOE,
    ITEM_PERSONNEL,
    ITEM_PUBLIC,
)
from tests.audit_real_kit import (
    CONSISTENT,
    DOUBT,
    MISMATCH,
    NOT_REPORTED,
    UNCHECKED,
    Passage,
    Plant,
    Year,
    fig,
    gov,
    income,
    planned,
)
from tests.builders import basic, project

PASSAGES: list[Passage] = []
PLANTS: list[Plant] = []

# ---------------------------------------------------------------- 重庆 · 市交通委员会 2018 预算说明
# A copy of the page (cqjt.gov.cn, 2018-03-06) kept in a public repository: 二、三、四 of it.
# Hand arithmetic: 61042.17 + 263928.15 = 324970.32; changes 4824.58 − 150086.1 = −145261.52;
# 三公 60 + 290.5 + 2450.18 + 0 = 2800.68, their changes 25.36 + 26.7 + 243.12 + 0 = 295.18;
# 采购 4728.6 + 0 + 1331.81 = 6060.41. The page lost words in the 三公 sentence ("严控290.5万元":
# 公务接待费 is missing; "严格车运行维护费": 公务用车运行维护费) — kept as published.
PASSAGES.append(
    Passage(
        key="cq_jiaowei_2018",
        url="https://github.com/Beyond-yan/cqjw/blob/cbd3443843b9e80ff2656aca320082f002d5977e/Portal/WebContent/budget2017.jsp",
        province="重庆",
        unit="重庆市交通委员会",
        year=2018,
        kind="预算说明",
        text=(
            "二、部门预算情况说明\n"
            "2018年一般公共预算财政拨款收入324970.32万元，一般公共预算财政拨款支出324970.32万元，"
            "比2017年减少145261.52万元。其中：基本支出61042.17万元，比2017年增加4824.58万元，"
            "主要原因是支出结构调整、公用经费定额调标等,主要用于保障在职人员工资福利及社会保险缴费,"
            "离退休人员离退休费及生活补助,保障部门正常运转的各项商品服务支出;项目支出263928.15万元，"
            "比2017年减少150086.1万元，主要原因是支出结构调整、转移支付力度加大等导致资金来源减少,"
            "主要用于公路水路交通基础设施建设、铁路民航事业发展、交通信息化及节能减排项目建设等重点工作。\n"
            "2018年政府性基金预算收入38610万元，政府性基金预算支出38610万元，比2017年增加18610万元，"
            "主要原因是铁路、民航等重点专项支出增加,主要用于铁路建设、民航发展、港口航道设施等项目。\n"
            "三、“三公”经费情况说明\n"
            "2018年“三公”经费预算2800.68万元,比2017年减少295.18万元。其中:因公出国(境)费用60万元,"
            "比2017年减少25.36万元,主要是因为严格执行中央有关规定,严控290.5万元，比2017年减少26.7万元,"
            "主要是根据中央“八项规定”,严格车运行维护费2450.18万元,比2017年减少243.12万元,"
            "主要是根据公务范围,减少公务用车运营成本;公务用车购置费0万元,与2017年一致。\n"
            "四、其他重要事项的情况说明\n"
            "１.机关运行经费情况。2018年一般公共预算财政拨款运行经费16252.11万元，比上年增加654.94万元，"
            "主要原因为市级部门公用经费标准统一提高。主要用于:办公费及印刷费、邮电费、水电费、会议培训费、"
            "专用燃料费及其他商品和服务支出。\n"
            "２.政府采购情况。所属各预算单位政府采购预算总额6060.41万元，其中：政府采购货物预算4728.6万元、"
            "政府采购工程预算0万元、政府采购服务预算1331.81万元。\n"
            "３.绩效目标设置情况。2018年项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款263928.15万元。"
        ),
        # 2018: the 一般公共预算 基本 / 项目 and the 政府性基金 budget, which is spent on projects
        # ("主要用于铁路建设、民航发展、港口航道设施等项目"); income: the two 财政拨款 lines.
        current=Year(
            spending=(
                planned(CAT_BASIC, None, "61042.17"),
                planned(CAT_PROJECT, None, "263928.15"),
                planned(CAT_PROJECT, None, "38610", FUND_GOV),
            ),
            income=(
                income("一般公共预算财政拨款收入", "324970.32"),
                income("政府性基金预算收入", "38610", FUND_GOV),
            ),
        ),
        # 2017 from the stated changes: 基本 61042.17 − 4824.58 = 56217.59; 项目 263928.15 +
        # 150086.1 = 414014.25 (together 470231.84 = 324970.32 + 145261.52, as the text says);
        # 政府性基金 38610 − 18610 = 20000. 2017 income is not stated.
        previous=Year(
            spending=(
                planned(CAT_BASIC, None, "56217.59"),
                planned(CAT_PROJECT, None, "414014.25"),
                planned(CAT_PROJECT, None, "20000", FUND_GOV),
            ),
        ),
        labels=(
            fig(
                "324970.32万元", CONSISTENT
            ),  # the income line 一般公共预算财政拨款收入 (收入合计 is 363580.32)
            fig(
                "324970.32万元", CONSISTENT, nth=1
            ),  # 一般公共预算 spending 61042.17 + 263928.15 (支出合计 is 363580.32)
            fig("145261.52万元", CONSISTENT),  # 一般公共预算 spending 470231.84 → 324970.32
            fig("61042.17万元", CONSISTENT),  # 基本支出 (only 一般公共预算 has one)
            fig("4824.58万元", CONSISTENT),  # 56217.59 → 61042.17
            fig(
                "263928.15万元", CONSISTENT, alt=UNCHECKED
            ),  # 其中 of 一般公共预算财政拨款支出: that fund's 项目支出; all 项目支出 is 302538.15. The head's 资金性质 carries to its 其中 parts; an audit that cannot carry it says 无法核对, never 不一致
            fig(
                "150086.1万元", CONSISTENT, alt=UNCHECKED
            ),  # that fund's 项目支出 414014.25 → 263928.15 (all 项目支出 fell by 131476.10: the wrong binding)
            fig("38610万元", CONSISTENT),  # income line 政府性基金预算收入
            fig("38610万元", CONSISTENT, nth=1),  # 政府性基金预算 spending
            fig("18610万元", CONSISTENT),  # 政府性基金 20000 → 38610
            fig(
                "2800.68万元", CONSISTENT, alt=UNCHECKED
            ),  # 其中 60 + 290.5 + 2450.18 + 0 = 2800.68; 三公 is not a workbook quantity
            fig(
                "295.18万元", UNCHECKED, alt=CONSISTENT
            ),  # no rate, no 上年 in the data; 一致 if the parts' changes are added (25.36 + 26.7 + 243.12 = 295.18)
            fig("60万元", CONSISTENT, alt=UNCHECKED),  # a part of the 2800.68 其中
            fig("25.36万元", UNCHECKED),
            fig(
                "290.5万元", CONSISTENT, alt=UNCHECKED
            ),  # a part of the 其中 (its name lost on the page)
            fig("26.7万元", UNCHECKED),
            fig("八项", NOT_REPORTED, alt=UNCHECKED),  # 八项规定: a name, not a count
            fig("2450.18万元", CONSISTENT, alt=UNCHECKED),  # a part of the 其中
            fig("243.12万元", UNCHECKED),
            fig("0万元", CONSISTENT, alt=UNCHECKED),  # 公务用车购置费, a part of the 其中
            fig(
                "16252.11万元", UNCHECKED
            ),  # 机关运行经费: not a workbook quantity (not 公用经费, not 支出合计)
            fig("654.94万元", UNCHECKED),
            fig("6060.41万元", CONSISTENT, alt=UNCHECKED),  # 其中 4728.6 + 0 + 1331.81 = 6060.41
            fig("4728.6万元", CONSISTENT, alt=UNCHECKED),  # a part of the 采购 其中
            fig("0万元", CONSISTENT, nth=1, alt=UNCHECKED),  # a part of the 采购 其中
            fig("1331.81万元", CONSISTENT, alt=UNCHECKED),  # a part of the 采购 其中
            fig(
                "263928.15万元", CONSISTENT, nth=1, alt=UNCHECKED
            ),  # 项目支出 of 一般公共预算当年财政拨款
        ),
        hard_cases=(
            "一般公共预算财政拨款收入/支出 beside a 政府性基金 line: the qualified quantity, not 收入合计/支出合计",
            "其中 parts inherit the head's 资金性质 (一般公共预算's 项目支出 ≠ all 项目支出)",
            "changes against a previous-year workbook derived from the text",
            "stated 其中 sums (三公, 采购), one part's name lost on the page",
        ),
    )
)
PLANTS += [
    Plant(
        "cq_jiaowei_2018",
        "其中：基本支出61042.17万元",
        "其中：基本支出61402.17万元",
        "wrong amount (digits swapped)",
        (fig("61402.17万元", MISMATCH, "61042.17万元"),),
    ),
    Plant(
        "cq_jiaowei_2018",
        "比2017年减少150086.1万元",
        "比2017年减少105086.1万元",
        "wrong change: the 应为 is 一般公共预算's 项目支出 change 150086.1, not all 项目支出's 131476.10",
        (fig("105086.1万元", MISMATCH, "150086.10万元"),),
    ),
    Plant(
        "cq_jiaowei_2018",
        "比2017年增加18610万元",
        "比2017年减少18610万元",
        "wrong direction word",
        (fig("18610万元", MISMATCH, "增加18610.00万元"),),
    ),
    Plant(
        "cq_jiaowei_2018",
        "2018年政府性基金预算收入38610万元",
        "2018年政府性基金预算收入38610亿元",
        "万元→亿元",
        (fig("38610亿元", MISMATCH, "38610.00万元"),),
    ),
]

# ---------------------------------------------------------------- 重庆 · 铜梁区小林镇 2022 决算
# Real slip: "支出总计,867.48万元" — the 1 of 1,867.48 is lost (the same sentence: 由一般公共预算
# 支出1,867.48万元 … 0万元等构成; the first paragraph: 支出总计1,867.48万元).
# Hand arithmetic: 109.91 + 1.2 = 111.11; 111.11 + 1756.37 = 1867.48; 政府性基金 0 + 0 = 0.
PASSAGES.append(
    Passage(
        key="cq_xiaolin_2022",
        url="https://cqstl.gov.cn/jz/xlz_70786/zwgk_70755/fdzdgknr_70758/ysjs3334/jsgk/202310/t20231030_12489033.html",
        province="重庆",
        unit="重庆市铜梁区小林镇人民政府",
        year=2022,
        kind="决算说明",
        text=(
            "一、预算收支决算情况\n"
            "(一)一般公共预算收支情况\n"
            "全镇本级一般公共预算收入实现111.11万元,为年初预算的116.9%,比上年增长9.0%,"
            "其中税收收入109.91万元,增长14.5%;非税收入1.2万元。加上托底保障补助、结算补助、"
            "专项转移支付补助、上年结转、动用预算稳定调节基金等1,756.37万元,收入总计1,867.48万元。\n"
            "全镇本级一般公共预算支出1,867.48万元,为年初预算的120.9%,比上年降低30.2%。"
            "加上结转下年、安排预算稳定调节基金、上解上级支出等0万元,支出总计1,867.48万元,当年实现收支平衡。\n"
            "(二)政府性基金预算收支情况\n"
            "全镇政府性基金收入上级补助收入0万元,加上年结转收入0万元,收入总计0万元。\n"
            "全镇政府性基金支出0万元。加上上解上级支出、调出资金、结转下年支出等0万元,支出总计0万元。"
            "当年实现收支平衡。\n"
            "(三)国有资本经营预算收支情况.\n"
            "我镇无国有资本经营预算收支。\n"
            "二、2022年地方财力及平衡情况\n"
            "(一)一般公共预算财力及平衡情况\n"
            "全镇一般公共预算财力1,867.48万元。由一般公共预算收入111.11万元,加上级补助收入、上年结余、"
            "动用预算稳定调节基金等1,756.37万元构成。支出总计,867.48万元,由一般公共预算支出1,867.48万元,"
            "加上解支出、安排预算稳定调节基金、结转下年等0万元等构成,当年收支平衡。"
        ),
        # Spending: 一般公共预算 1867.48, 政府性基金 0 (both stated). Income named as in the text:
        # 税收收入 109.91, 非税收入 1.2, the transfers 1756.37; 政府性基金 0 and 0. No 年初预算 and
        # no 上年 amounts are stated (only rates): no budget, no previous year.
        current=Year(
            spending=(gov("1867.48"), gov("0", FUND_GOV)),
            income=(
                income("税收收入", "109.91"),
                income("非税收入", "1.2"),
                income(
                    "托底保障补助、结算补助、专项转移支付补助、上年结转、动用预算稳定调节基金等",
                    "1756.37",
                ),
                income("上级补助收入", "0", FUND_GOV),
                income("上年结转收入", "0", FUND_GOV),
            ),
        ),
        labels=(
            fig(
                "111.11万元", CONSISTENT, alt=UNCHECKED
            ),  # 其中 109.91 + 1.2 = 111.11. The data has no 一般公共预算收入 apart from 收入合计 1867.48, which includes the transfers: comparing with it is the false alarm
            fig("116.9%", UNCHECKED),  # no income budget in the data
            fig("9.0%", UNCHECKED),  # no previous year
            fig("109.91万元", CONSISTENT),  # income line 税收收入
            fig("14.5%", UNCHECKED),
            fig("1.2万元", CONSISTENT),  # income line 非税收入
            fig("1,756.37万元", CONSISTENT),  # income line (the transfers)
            fig("1,867.48万元", CONSISTENT),  # 收入总计 = 收入合计 1867.48 (and 111.11 + 1756.37)
            fig("1,867.48万元", CONSISTENT, nth=1),  # 一般公共预算 spending
            fig("120.9%", UNCHECKED),  # no spending budget in the data
            fig("30.2%", UNCHECKED),
            fig(
                "0万元", UNCHECKED, alt=CONSISTENT
            ),  # transfers, not a workbook quantity; 一致 as a 0 part of 支出总计
            fig("1,867.48万元", CONSISTENT, nth=2),  # 支出总计 = 支出合计 1867.48 + 0
            fig("0万元", CONSISTENT, nth=1),  # 政府性基金 income line 上级补助收入 0
            fig("0万元", CONSISTENT, nth=2),  # 政府性基金 income line 上年结转收入 0
            fig(
                "0万元", CONSISTENT, nth=3
            ),  # 政府性基金 收入总计 0 (the sentence names 政府性基金: not 收入合计 1867.48)
            fig("0万元", CONSISTENT, nth=4),  # 政府性基金 spending 0
            fig("0万元", UNCHECKED, nth=5, alt=CONSISTENT),  # transfers
            fig(
                "0万元", CONSISTENT, nth=6, alt=UNCHECKED
            ),  # 支出总计 of the paragraph's 政府性基金 (0 + 0); its sentence has no qualifier, but it is not 支出合计 1867.48: never 不一致
            fig(
                "1,867.48万元", CONSISTENT, nth=3, alt=UNCHECKED
            ),  # 财力 = 111.11 + 1756.37 (text); not a workbook quantity
            fig(
                "111.11万元", UNCHECKED, nth=1, alt=CONSISTENT
            ),  # as the first 111.11: the data has no 一般公共预算收入, only 收入合计
            fig(
                "1,756.37万元", CONSISTENT, nth=1, alt=UNCHECKED
            ),  # the same transfers, named differently here
            fig(
                "867.48万元", MISMATCH, "1867.48万元"
            ),  # REAL SLIP: 支出总计 is 1867.48 (data; and 1,867.48 + 0 in the same sentence). The figure follows a stray separator: read it as 867.48
            fig("1,867.48万元", CONSISTENT, nth=4),  # 一般公共预算 spending
            fig("0万元", UNCHECKED, nth=7, alt=CONSISTENT),  # transfers
        ),
        hard_cases=(
            "一般公共预算收入 (own revenue) beside 收入总计 (with transfers): qualified ≠ total",
            "the qualifier in the previous sentence (政府性基金支出0万元。加上… 支出总计0万元)",
            "stated sums over 加 (revenue + transfers = 总计)",
            "thousands separators; a real slip that lost a leading digit",
        ),
        real_errors=("支出总计,867.48万元 (应为 1,867.48万元)",),
    )
)
PLANTS += [
    Plant(
        "cq_xiaolin_2022",
        "其中税收收入109.91万元",
        "其中税收收入109.19万元",
        "wrong amount",
        (fig("109.19万元", MISMATCH, "109.91万元"),),
    ),
    Plant(
        "cq_xiaolin_2022",
        "全镇本级一般公共预算支出1,867.48万元",
        "全镇本级一般公共预算支出1,867.48亿元",
        "万元→亿元",
        (fig("1,867.48亿元", MISMATCH, "1867.48万元"),),
    ),
    Plant(
        "cq_xiaolin_2022",
        "收入总计1,867.48万元。",
        "收入总计1,876.48万元。",
        "wrong total",
        (fig("1,876.48万元", MISMATCH, "1867.48万元"),),
    ),
]

# ---------------------------------------------------------------- 福建 · 福州市仓山区 2020 决算
# Four funds. Hand arithmetic: 271630 + 120846 + 42690 + 16714 + 44421 + 18300 = 514601;
# 361315 + 52441 + 6751 + 28478 = 448985; 514601 − 448985 = 65616;
# 0 + 39930 + 113566 + 39000 = 192496; 83173 + 18300 + 315 = 101788; 192496 − 101788 = 90708;
# 1493 + 44 + 140 − 1459 = 218; 11867 + 6038 − 9380 = 8525. All hold.
PASSAGES.append(
    Passage(
        key="fj_cangshan_2020",
        url="http://www.fzcangshan.gov.cn/xjwz/xxgk/czzj/bjzfczyjs/qjjsgk/202108/t20210809_4158453.htm",
        province="福建",
        unit="福州市仓山区人民政府",
        year=2020,
        kind="决算说明",
        text=(
            "一、2020年全区收支决算\n"
            "1.一般公共预算收支及其平衡情况\n"
            "全区一般公共预算总收入410338万元,完成调整后预算的97.3%,下降6.4%,剔除减税降费因素,"
            "同口径下降0.9%,其中地方一般公共预算收入271630万元,完成调整后预算的99.2%,下降4.7%,"
            "剔除减税降费因素,同口径下降0.5%;加上级补助收入120846万元,上年结余收入42690万元,"
            "债务转贷收入16714万元,调入预算稳定调节基金44421万元,调入资金18300万元,收入合计514601万元。\n"
            "一般公共预算支出361315万元(含上级补助和上年项目结转等支出,下同),下降11.8%;"
            "加上解上级支出52441万元,债务还本支出6751万元,安排预算稳定调节基金28478万元"
            "(累计稳定调节基金43429万元),支出合计448985万元。\n"
            "上述收支相抵,年终结余65616万元,全部结转下年使用。\n"
            "2.政府性基金收支及其平衡情况\n"
            "政府性基金收入0万元,加上年结余收入39930万元,上级补助收入113566万元(其中:抗疫特别国债7691万元),"
            "债务转贷收入39000万元,收入合计192496万元。\n"
            "政府性基金支出83173万元,调出资金18300万元,债务还本支出315万元,支出合计101788万元。\n"
            "上述收支相抵,年终结余90708万元,全部结转下年使用。\n"
            "3.国有资本经营收支及其平衡情况\n"
            "国有资本经营收入1493万元,上级补助收入44万元,上年结余140万元,国有资本经营支出1459万元。\n"
            "上述收支相抵,年终结余218万元,全部结转下年使用。\n"
            "4.社会保险基金收支及其平衡情况\n"
            "社会保险基金收入11867万元,上年结余6038万元,社会保险基金支出9380万元。\n"
            "上述收支相抵,年终结余8525万元,全部结转下年使用。"
        ),
        # Spending: each fund's 支出 (the transfers are not spending lines). Income: each fund's
        # lines as named; 上级补助收入, 上年结余收入, 债务转贷收入 occur under several funds (they
        # must not be added up across funds). 总收入 410338 includes revenue passed up (410338 −
        # 271630 = 138708) which the district does not have: not in the workbook. No budgets or
        # 上年 amounts are stated.
        current=Year(
            spending=(
                gov("361315"),
                gov("83173", FUND_GOV),
                gov("1459", FUND_SOE),
                gov("9380", FUND_SOCIAL),
            ),
            income=(
                income("地方一般公共预算收入", "271630"),
                income("上级补助收入", "120846"),
                income("上年结余收入", "42690"),
                income("债务转贷收入", "16714"),
                income("调入预算稳定调节基金", "44421"),
                income("调入资金", "18300"),
                income("政府性基金收入", "0", FUND_GOV),
                income("上年结余收入", "39930", FUND_GOV),
                income("上级补助收入", "113566", FUND_GOV),
                income("债务转贷收入", "39000", FUND_GOV),
                income("国有资本经营收入", "1493", FUND_SOE),
                income("上级补助收入", "44", FUND_SOE),
                income("上年结余", "140", FUND_SOE),
                income("社会保险基金收入", "11867", FUND_SOCIAL),
                income("上年结余", "6038", FUND_SOCIAL),
            ),
        ),
        labels=(
            fig(
                "410338万元", UNCHECKED
            ),  # 总收入 includes revenue passed up; the data has no such quantity (收入合计 of all funds 726679, of 一般公共预算 514601): never 不一致
            fig("97.3%", UNCHECKED),
            fig("6.4%", UNCHECKED),
            fig("0.9%", UNCHECKED),
            fig("271630万元", CONSISTENT),  # income line 地方一般公共预算收入
            fig("99.2%", UNCHECKED),
            fig("4.7%", UNCHECKED),
            fig("0.5%", UNCHECKED),
            fig(
                "120846万元", CONSISTENT
            ),  # 一般公共预算's 上级补助收入 (the name has 113566 and 44 under other funds: 234456 together)
            fig("42690万元", CONSISTENT),  # 一般公共预算's 上年结余收入 (not last year's figure)
            fig("16714万元", CONSISTENT),  # 一般公共预算's 债务转贷收入
            fig("44421万元", CONSISTENT),
            fig("18300万元", CONSISTENT),  # 调入资金
            fig(
                "514601万元", CONSISTENT
            ),  # 一般公共预算 收入合计 (the sentence opens with 一般公共预算; all funds: 726679). The 加… list is not a 其中 of 410338
            fig("361315万元", CONSISTENT),  # 一般公共预算 spending (all funds: 455327)
            fig("11.8%", UNCHECKED),
            fig("52441万元", UNCHECKED, alt=CONSISTENT),  # a transfer; 一致 as a part of 448985
            fig("6751万元", UNCHECKED, alt=CONSISTENT),
            fig("28478万元", UNCHECKED, alt=CONSISTENT),
            fig("43429万元", UNCHECKED),
            fig(
                "448985万元", CONSISTENT, alt=UNCHECKED
            ),  # 361315 + 52441 + 6751 + 28478 (text); with transfers, so not the workbook's 支出合计 455327: never 不一致
            fig("65616万元", CONSISTENT, alt=UNCHECKED),  # 514601 − 448985
            fig("0万元", CONSISTENT),  # 政府性基金收入 line 0
            fig("39930万元", CONSISTENT),  # 政府性基金's 上年结余收入
            fig("113566万元", CONSISTENT),  # 政府性基金's 上级补助收入
            fig("7691万元", UNCHECKED, alt=CONSISTENT),  # 其中 of 113566; not in the data
            fig("39000万元", CONSISTENT),  # 政府性基金's 债务转贷收入
            fig("192496万元", CONSISTENT),  # 政府性基金 收入合计
            fig("83173万元", CONSISTENT),  # 政府性基金 spending
            fig("18300万元", UNCHECKED, nth=1, alt=CONSISTENT),  # 调出资金: a transfer
            fig("315万元", UNCHECKED, alt=CONSISTENT),
            fig(
                "101788万元", CONSISTENT, alt=UNCHECKED
            ),  # 83173 + 18300 + 315 (text); not a workbook quantity
            fig("90708万元", CONSISTENT, alt=UNCHECKED),  # 192496 − 101788
            fig("1493万元", CONSISTENT),
            fig("44万元", CONSISTENT),  # 国有资本经营's 上级补助收入
            fig("140万元", CONSISTENT),  # 国有资本经营's 上年结余
            fig("1459万元", CONSISTENT),
            fig("218万元", CONSISTENT, alt=UNCHECKED),  # 1493 + 44 + 140 − 1459
            fig("11867万元", CONSISTENT),
            fig("6038万元", CONSISTENT),  # 社会保险基金's 上年结余
            fig("9380万元", CONSISTENT),
            fig("8525万元", CONSISTENT, alt=UNCHECKED),  # 11867 + 6038 − 9380
        ),
        hard_cases=(
            "four 资金性质; the same income name under several funds",
            "总收入 (with revenue passed up) beside 收入合计",
            "a 支出合计 that includes transfers (not the workbook's 支出合计)",
            "a 其中 followed by 加… on the other side of ；",
            "上年结余收入 is not last year's figure",
            "stated differences (收支相抵, 年终结余)",
        ),
    )
)
PLANTS += [
    Plant(
        "fj_cangshan_2020",
        "加上级补助收入120846万元",
        "加上级补助收入126846万元",
        "wrong amount: the 应为 is 一般公共预算's line, not the three funds' 234456",
        (fig("126846万元", MISMATCH, "120846.00万元"),),
    ),
    Plant(
        "fj_cangshan_2020",
        "政府性基金支出83173万元",
        "政府性基金支出83173亿元",
        "万元→亿元 (8.3 万亿元 for a district: 存疑 is also right)",
        (fig("83173亿元", MISMATCH, "83173.00万元", alt=DOUBT),),
    ),
    Plant(
        "fj_cangshan_2020",
        "收入合计514601万元",
        "收入合计541601万元",
        "wrong total",
        (fig("541601万元", MISMATCH, "514601.00万元"),),
    ),
]

# ---------------------------------------------------------------- 湖南 · 南县政协 2021 整体支出绩效自评
# Hand arithmetic: 189.25 / (792.22 − 189.25) = 31.386 % → 31.39 %; 209.28 / (792.22 − 209.28) =
# 35.901 % → 35.9 %; 434.89 + 77.4 + 286.83 = 799.12. The excerpt stops inside the list of
# projects (the page goes on: 调研协商…); the projects listed add to 57.8 ≤ 286.83.
PASSAGES.append(
    Passage(
        key="hn_nanxian_zx_2021",
        url="http://www.hnnxzx.com/a/webbase/div-css/2022/0415/1230.html",
        province="湖南",
        unit="政协南县委员会",
        year=2021,
        kind="自评报告",
        text=(
            "部门整体支出绩效评价报告\n"
            "一、基本情况\n"
            "(一)部门整体支出概况。\n"
            "2021年部门决算收支完成情况。\n"
            "1、收入:792.22万元。同比上年度增加189.25万元,增加31.39%。其中:财政拨款收入792.22万元,"
            "同比上年度增加209.28万元,增加35.9%。\n"
            "2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元,项目支出286.83万元。\n"
            "(二)部门整体支出绩效目标。\n"
            "县政协坚持按照县委“工业强、农业优、三产活、项目兴、生态好”十五字方针和“一县、一海、一地”发展定位,"
            "精准发力,持续用力,确保“十四五”开好局,起好步,奋力谱写南县高质量跨越发展新篇章的理念,"
            "努力做到思想上求精心、工作上求精细、成果上求精品,为推动发展献计出力。充分发挥政协纽带作用,"
            "努力做好联谊交流,协调关系工作,为南县建设凝心聚力、切实转变作风、夯实基础,不断加强自身建设,"
            "不断解放思想、开拓创新,着力提升履职的能力和水平。\n"
            "(三)部门整体支出或项目实施情况分析。\n"
            "本项目由基本支出和项目支出两个部分构成。基本支出主要包括人员经费及日常公用经费支出等。"
            "项目支出包括委员活动经费36.3万元,扫黑除恶工作经费1万元,信息网络运行经费5万元,"
            "老干部活动经费10.5万元,派出纪检监察组专项经费5万元"
        ),
        # 2021: 基本支出 split into 人员经费 / 公用经费 as stated; 项目支出 one un-itemised line (the
        # list of projects is only partly in the excerpt). Income: all 财政拨款 (收入 = 财政拨款收入
        # = 792.22). 上年 收入 602.97 and 财政拨款 582.94 follow from the text, 上年 spending does not:
        # no previous workbook (the rates are checked by the text's own arithmetic).
        current=Year(
            spending=(
                basic(ITEM_PERSONNEL, "434.89"),
                basic(ITEM_PUBLIC, "77.4"),
                project(None, "286.83"),
            ),
            income=(income("财政拨款收入", "792.22"),),
        ),
        labels=(
            fig("792.22万元", CONSISTENT),  # 收入合计
            fig(
                "189.25万元", CONSISTENT, alt=UNCHECKED
            ),  # with 31.39 %: 189.25 / 602.97 (the change is in the sentence after the amount's 。)
            fig("31.39%", CONSISTENT),  # 189.25 / (792.22 − 189.25) = 31.386 %
            fig("792.22万元", CONSISTENT, nth=1),  # income line 财政拨款收入
            fig("209.28万元", CONSISTENT, alt=UNCHECKED),  # with 35.9 %
            fig("35.9%", CONSISTENT),  # 209.28 / (792.22 − 209.28) = 35.901 %
            fig("799.12万元", CONSISTENT),  # 支出合计 (= 434.89 + 77.4 + 286.83)
            fig("434.89万元", CONSISTENT),  # 人员经费
            fig("77.4万元", CONSISTENT),  # 公用经费
            fig("286.83万元", CONSISTENT),  # 项目支出
            fig(
                "36.3万元", UNCHECKED, alt=CONSISTENT
            ),  # a project the data does not itemise; 一致 as a part of 286.83 (包括…)
            fig("1万元", UNCHECKED, alt=CONSISTENT),
            fig("5万元", UNCHECKED, alt=CONSISTENT),
            fig("10.5万元", UNCHECKED, alt=CONSISTENT),
            fig("5万元", UNCHECKED, nth=1, alt=CONSISTENT),
        ),
        hard_cases=(
            "a change and its rate in the sentence after the amount",
            "增加 used before a rate",
            "人员经费 + 公用经费 + 项目支出 = 支出 (a complete 其中 of another shape)",
            "委员活动经费36.3万元: the seed report's 36.3亿元 slip, planted below",
        ),
    )
)
PLANTS += [
    Plant(
        "hn_nanxian_zx_2021",
        "增加189.25万元,增加31.39%",
        "增加189.25万元,增加13.39%",
        "wrong rate",
        (fig("13.39%", MISMATCH, "31.39%"),),
    ),
    Plant(
        "hn_nanxian_zx_2021",
        "人员经费支出434.89万元",
        "人员经费支出443.89万元",
        "wrong amount (the 其中 sum breaks too: the verdict stays on the figure the data contradicts)",
        (fig("443.89万元", MISMATCH, "434.89万元"),),
    ),
    Plant(
        "hn_nanxian_zx_2021",
        "委员活动经费36.3万元",
        "委员活动经费36.3亿元",
        "万元→亿元, no data for the project: a part (363000 万元) above its whole 项目支出 286.83万元;"
        " 存疑, or 不一致 with 应为 36.3万元",
        (fig("36.3亿元", DOUBT, "36.30万元", alt=MISMATCH),),
    ),
]
