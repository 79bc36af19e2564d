"""Audit rules beyond the basics: 执行率 from the text's own amounts, a project's 执行率 and
budget, a rate written before its change, and a property: correctly rounded statements never
raise an alarm, whatever the figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import audit, pipeline


def _rows(text: str, facts: audit.Facts | None = None) -> dict[str, audit.Row]:
    facts = facts or audit.text_facts("某县某局")
    return {r.figure: r for r in audit.audit([audit.Paragraph("第1段", text)], facts)}


def _seed_facts() -> audit.Facts:
    history = pipeline.history_from_workbooks(pipeline.sample_workbooks())
    return audit.facts_from_model(pipeline.model_for(history, 2024))


def test_execution_rate_from_the_texts_own_amounts() -> None:
    text = "该项目全年预算数150万元，全年执行数142.8万元，执行率95.2%。"
    assert _rows(text)["95.2%"].verdict == "一致"  # 142.8 / 150 = 95.2 %
    wrong = _rows(text.replace("95.2%", "92.5%"))["92.5%"]
    assert (wrong.verdict, wrong.expected) == ("不一致", "95.2%")


def test_a_projects_execution_rate_and_budget_are_the_projects_not_the_units() -> None:
    facts = _seed_facts()  # unit: 7174.02 / 7404 = 96.89 %; 高新…资金 258.6 / 260 = 99.46 %
    rows = _rows("高新技术企业奖励资金全年预算数260万元，执行258.6万元，执行率99.46%。", facts)
    assert [rows[f].verdict for f in ("260万元", "258.6万元", "99.46%")] == ["一致"] * 3
    row = _rows("高新技术企业奖励资金全年预算数250万元。", facts)["250万元"]
    assert (row.verdict, row.expected) == ("不一致", "260.00万元")
    assert _rows("先进制造业高地建设经费执行率95.33%。", facts)["95.33%"].verdict == "一致"
    assert _rows("2024年部门预算执行率为96.89%。", facts)["96.89%"].verdict == "一致"
    assert _rows("项目支出执行率97%。", facts)["97%"].verdict == "无法核对"


def test_rate_written_before_its_change() -> None:
    text = "地方一般公共预算收入完成28,583万元,同比增长10.85%,增收2,798万元。"
    assert _rows(text)["10.85%"].verdict == "一致"  # 2798 / 25785 = 10.851 %
    assert _rows(text.replace("10.85%", "12.85%"))["12.85%"].verdict == "不一致"


def _half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@settings(max_examples=150, deadline=None)
@given(
    previous=st.integers(min_value=100, max_value=10_000_000),
    current=st.integers(min_value=100, max_value=10_000_000),
    places=st.sampled_from([0, 1, 2]),
    parts=st.integers(min_value=1, max_value=99),
)
def test_correctly_written_statements_never_raise_an_alarm(
    previous, current, places, parts
) -> None:
    """Amounts in cents, written as a clerk would from exact figures: never 不一致 or 存疑."""
    cent = Decimal("0.01")
    prev, cur = Decimal(previous) / 100, (Decimal(current) / 100).quantize(cent)
    delta = cur - prev
    verb, verb_rate = ("增加", "增长") if delta >= 0 else ("减少", "下降")
    rate = _half_up(abs(delta) / prev * 100, places)
    basic = _half_up(cur * parts / 100, 2)
    project = cur - basic
    share = _half_up(basic / cur * 100, places)
    text = (
        f"支出合计{cur}万元，其中基本支出{basic}万元，占{share}%；项目支出{project}万元。"
        f"支出合计比上年{verb}{abs(delta).quantize(cent)}万元，{verb_rate}{rate}%。"
    )
    rows = audit.audit([audit.Paragraph("第1段", text)], audit.text_facts("某县某局"))
    assert [r for r in rows if r.flagged] == []
    figures = [(r.figure, r.verdict) for r in rows]  # in the order written
    assert figures[2] == (f"{share}%", "一致")
    if delta:  # 增加0万元，增长0% has no base to compute from: 无法核对 is its honest verdict
        assert figures[5] == (f"{rate}%", "一致"), text


def test_trillion_rule_applies_below_province_level_only() -> None:
    for unit, local in (
        ("常宁市科技和工业信息化局", True),
        ("红河州数据发展中心", True),
        ("北京市朝阳区财政局", True),
        ("北京市文物局", False),
        ("湖南省财政厅", False),
        ("广西壮族自治区文化和旅游厅", False),
    ):
        assert audit.Facts(unit).local is local, unit
    text = "全年地区生产总值1.2万亿元。"
    assert _rows(text, audit.text_facts("湖南省财政厅"))["1.2万亿元"].verdict == "无法核对"
    assert _rows(text, audit.text_facts("常宁市财政局"))["1.2万亿元"].verdict == "存疑"


def test_marked_text_escapes_the_writers_words_and_the_tooltip() -> None:
    from perfeval.audit.marking import marked_html

    text = '<img src=x onerror="alert(1)">项目支出"6377.44万元"，增长17.74%'
    paragraphs = [audit.Paragraph("<b>第1段</b>", text)]
    rows = audit.audit(paragraphs, _seed_facts())
    html = marked_html(paragraphs, rows, only_marked=False)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert '<mark data-verdict="一致"' in html  # 6377.44万元
    assert 'title="结果：一致\n依据：数据：项目支出6377.44万元"' in html
