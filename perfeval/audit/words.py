"""The audit's rules that are data, in audit.md's terms: qualifier words, neutral words, 科目 marks,
direction and total words, and every rule that can say 存疑 with its reason (docs/audit.md lists them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfeval.schema import FUND_GENERAL, FUND_GOV, FUND_SOCIAL, FUND_SOE

# ---------------------------------------------------------------- qualifiers
# A qualifier narrows a quantity: 财政拨款收入总计 is not 收入合计. Each word says which dimension it
# narrows and to what; the longest word at a place wins (政府性基金预算 before 政府性基金).
FUND = "fund"
SOURCE = "source"
PERIOD = "period"
SUBJECT = "subject"  # a 类/款/项 of the functional classification: the data never splits by it
SOURCE_GRANT = "财政拨款"
SOURCE_OTHER = "非财政拨款"
PERIOD_THIS = "本年"
PERIOD_CARRIED = "结转结余"


@dataclass(frozen=True)
class Qualifier:
    word: str
    dimension: str
    value: str


QUALIFIERS = (
    Qualifier("一般公共预算", FUND, FUND_GENERAL),
    Qualifier("一般公共财政", FUND, FUND_GENERAL),
    Qualifier("公共财政预算", FUND, FUND_GENERAL),
    Qualifier("政府性基金预算", FUND, FUND_GOV),
    Qualifier("政府性基金", FUND, FUND_GOV),
    Qualifier("国有资本经营预算", FUND, FUND_SOE),
    Qualifier("国有资本经营", FUND, FUND_SOE),
    Qualifier("社会保险基金预算", FUND, FUND_SOCIAL),
    Qualifier("社会保险基金", FUND, FUND_SOCIAL),
    Qualifier("非财政拨款", SOURCE, SOURCE_OTHER),
    Qualifier("财政拨款", SOURCE, SOURCE_GRANT),
    Qualifier("财政性资金", SOURCE, SOURCE_GRANT),
    Qualifier("本年度", PERIOD, PERIOD_THIS),
    Qualifier("本年", PERIOD, PERIOD_THIS),
    Qualifier("当年", PERIOD, PERIOD_THIS),
    Qualifier("年初结转和结余", PERIOD, PERIOD_CARRIED),
    Qualifier("上年结转和结余", PERIOD, PERIOD_CARRIED),
    Qualifier("年末结转和结余", PERIOD, PERIOD_CARRIED),
    Qualifier("结转和结余", PERIOD, PERIOD_CARRIED),
    Qualifier("结转结余", PERIOD, PERIOD_CARRIED),
    Qualifier("上年结转", PERIOD, PERIOD_CARRIED),
    Qualifier("年初结转", PERIOD, PERIOD_CARRIED),
    Qualifier("上年结余", PERIOD, PERIOD_CARRIED),
)
# Income items that are not 财政拨款 whatever they are called beside it.
NON_GRANT_INCOME = ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
# A 科目 named by its level mark or its code (201, 20101, 2010101) narrows to one class.
SUBJECT_MARK = re.compile(r"[（(]\s*[类款项]\s*[)）]|(?<![\d.])2\d{2}(?:\d{2}){0,2}(?![\d.])")
# Words that name a class of spending by its function (社会保障和就业支出, 教育支出 ...) are not
# listed: any word the binding does not know narrows the quantity (see binding.py).

_PUNCT = re.compile(r"[\s（）()\[\]【】“”\"'‘’《》·,，、.．:：;；\-—]+")
# Words that say nothing about which quantity: the writer, the year, fillers, conjunctions.
NEUTRAL = re.compile(
    r"\d{4}\s*年度?|\d{1,2}\s*-\s*\d{1,2}\s*月|全年|年度|"
    r"(?:本|我)(?:单位|部门|局|厅|委|办|院|中心|站|所|队|馆|会|处|室|校)|"
    r"单位|部门|本级|决算数?|实际|完成|累计|共计|合计|总额|金额|数额|"
    r"主要|其中|另外|此外|以及|及|和|与|并|另|共|计|的|为|是|达到|达|约|"
    r"因此|同时|其次|首先|最后|总体|全部|今年|当期|已经|已|而|但|且|则|即|也|都|均|还|又|故|"
    r"[\s\d一二三四五六七八九十]*[、.．)）]|[（(][一二三四五六七八九十\d]+[)）]|[“”\"'‘’《》:：]"
)


def qualifiers_of(words: str) -> tuple[frozenset[tuple[str, str]], str]:
    """The qualifiers in `words` and what is left once they and the neutral words are taken out."""
    found: set[tuple[str, str]] = set()
    rest = words
    if SUBJECT_MARK.search(rest):
        found.add((SUBJECT, "科目"))
        rest = SUBJECT_MARK.sub(" ", rest)
    for q in sorted(QUALIFIERS, key=lambda q: -len(q.word)):
        if q.word in rest:
            found.add((q.dimension, q.value))
            rest = rest.replace(q.word, " ")
    rest = NEUTRAL.sub(" ", rest)
    return frozenset(found), _PUNCT.sub("", rest)


def without_funds(words: str) -> str:
    """`words` less the names of the 资金性质 (一般公共预算 is a fund, not a budget figure)."""
    for q in QUALIFIERS:
        if q.dimension == FUND:
            words = words.replace(q.word, "")
    return words


# ---------------------------------------------------------------- relations
UP = ("增加", "增长", "提高", "上升", "增幅", "增速", "增收", "增支", "多支", "增")
DOWN = ("减少", "下降", "降低", "降幅", "减收", "减支", "下滑", "回落", "减", "降")
LAST_YEAR = ("上年", "去年", "上一年", "上年度", "上年同期")
# A bare total after a list: `人员经费A万元，公用经费B万元，合计C万元`.
TOTAL_WORDS = ("合计", "共计", "总计", "小计", "两项合计", "三项合计", "以上合计", "累计", "共")
PARTIAL_WORDS = ("等",)  # a list that says it is not complete: its parts sum to at most the total
# Words that distribute a list over a list: `各减少A、B万元`, `分别为A、B万元`.
EACH_WORDS = ("各", "分别", "依次")
LIST_SEPARATORS = re.compile(r"^[\s、，,和及与]*$")
# A completion rate and the run over or under the budget.
COMPLETION = re.compile(r"(?:完成|为|占|达到)(?:年初|调整后?|全年)?预算(?:数)?的?$")
OVER = ("多", "超", "超支", "超出", "大于", "高于", "增加")
UNDER = ("少", "节约", "结余", "小于", "低于", "减少")
BUDGET_RUN = re.compile(
    r"(?:决算|支出|执行)数?(?:比|较)(?:年初|调整后?|全年)?预算数?(?P<verb>多|超支|超出|超|大于|高于|增加|少|节约|小于|低于|减少)"
)

# ---------------------------------------------------------------- 存疑 rules
RULE_TRILLION = "金额超过1万亿元"
RULE_PART_WHOLE = "部分大于整体"
RULE_SLIP = "万/亿单位误写"
RULE_YOY_JUMP = "同比相差万倍"


@dataclass(frozen=True)
class DoubtRule:
    name: str
    when: str
    why: str


DOUBT_RULES = (
    DoubtRule(
        RULE_TRILLION,
        "县、市级单位文中的金额达到1万亿元，且文字未说全国、全省、国家、中央、全球、世界",
        "县、市级单位及其所在地的经济总量都不会有万亿的数字：更可能是万元、亿元写错",
    ),
    DoubtRule(
        RULE_PART_WHOLE,
        "同一段中，税收、增加值或利润的金额大于总产值、营业收入、生产总值等",
        "税收、增加值和利润都是产值或收入的一部分：部分不会大于整体",
    ),
    DoubtRule(
        RULE_YOY_JUMP,
        "一句话中本年数与上年数相差一千倍以上，而文中的增减率不到100%",
        "普通的增减率解释不了上千倍的变化：其中一个金额的单位写错了",
    ),
)
WIDE_WORDS = ("全国", "全省", "全球", "世界", "国家", "中央")
PART_WORDS = ("税", "增加值", "利润")
WHOLE_WORDS = ("总产值", "产值", "营业收入", "销售收入", "生产总值", "GDP", "主营业务收入")
