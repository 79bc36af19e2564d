"""Property: a correctly written statement of any quantity the data holds says 一致, and one of a
qualified quantity the data does not split by never alarms, whatever the unit's figures.

Planted once to prove it can fail (then removed): binding.bind returning the first quantity of a
name whatever the qualifiers (`return Binding(group[0], "", wanted)` before the qualifier match)
makes `财政拨款收入总计…` compare with 收入总计 and `一般公共预算支出…` with 支出合计: the test fails
on the first example with two funds or an income row that is not 财政拨款.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval import audit
from perfeval.model.figures import build_model
from perfeval.schema import FUND_GENERAL, FUND_GOV
from tests.builders import line, workbook
from tests.test_audit_binding import _income

CENT = Decimal("0.01")
cents = st.integers(min_value=100, max_value=5_000_000).map(lambda c: Decimal(c) / 100)


def _half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@st.composite
def units(draw):
    funds = draw(st.sampled_from([(FUND_GENERAL,), (FUND_GENERAL, FUND_GOV)]))
    now, before, income = [], [], []
    for fund in funds:
        for category, item in (
            ("基本支出", "人员经费"),
            ("基本支出", "公用经费"),
            ("项目支出", f"{fund[:2]}专项"),
        ):
            if fund != FUND_GENERAL and category == "基本支出":
                continue
            now.append(line(category, item, str(draw(cents)), fund=fund))
            before.append(line(category, item, str(draw(cents)), fund=fund))
        income.append((fund, "财政拨款收入", str(draw(cents))))
    if draw(st.booleans()):
        income.append((FUND_GENERAL, "事业收入", str(draw(cents))))
    if draw(st.booleans()):
        income.append((FUND_GENERAL, "上年财政拨款结转", str(draw(cents))))
    this_year = workbook("某县教育局", 2024, now)
    this_year.income = _income(income)
    model = build_model({2023: workbook("某县教育局", 2023, before), 2024: this_year}, 2024)
    return model, draw(st.sampled_from([0, 1, 2])), draw(st.integers(0, 10**6))


def _statements(model, places: int, noise: int) -> tuple[list[str], list[str]]:
    """(statements of quantities the data holds, statements it cannot check), written from the
    model's own figures as a clerk would: amounts to the cent, rates half-up at `places`."""
    held, unheld = [], []
    for fund, b in [(None, model.overall), *model.funds.items()]:
        if b.empty:
            continue
        words = fund or ""
        for name, change in (("支出合计", b.total), ("基本支出", b.basic), ("项目支出", b.project)):
            if change.current is None:
                continue
            text = f"{words}{name}{change.current}万元"
            if change.previous:
                delta = change.current - change.previous
                verb, rate_verb = ("增加", "增长") if delta >= 0 else ("减少", "下降")
                rate = _half_up(abs(delta) / change.previous * 100, places)
                text += f"，比上年{verb}{abs(delta)}万元，{rate_verb}{rate}%"
            held.append(text + "。")
        for part in ("基本支出", "项目支出"):
            value = getattr(b, "basic" if part == "基本支出" else "project").current
            if value is not None and b.total.current:
                share = _half_up(value / b.total.current * 100, places)
                held.append(f"{words}{part}{value}万元，占{words}支出合计的{share}%。")
        unheld.append(f"{words}财政拨款支出{(b.total.current or 0) + noise * CENT}万元。")
        unheld.append(f"{words}教育支出{Decimal(noise) * CENT}万元。")
        parts = [b.basic.current or Decimal(1), Decimal(noise) * CENT]
        unheld.append(
            f"{words}财政拨款支出{sum(parts)}万元，其中：基本支出{parts[0]}万元，项目支出{parts[1]}万元。"
        )
    grant = sum((v for f, i, v in _rows(model) if "财政拨款" in i), Decimal(0))
    this_year = sum((v for f, i, v in _rows(model) if "结转" not in i), Decimal(0))
    everything = sum((v for f, i, v in _rows(model)), Decimal(0))
    held += [f"财政拨款收入总计{grant}万元。", f"本年收入合计{this_year}万元。"]
    held += [f"收入总计{everything}万元。", f"收入合计{everything}万元。"]
    for fund in sorted({f for f, _, _ in _rows(model)}):
        amount = sum(
            (v for f, i, v in _rows(model) if f == fund and i == "财政拨款收入"), Decimal(0)
        )
        held.append(f"{fund}财政拨款收入{amount}万元。")
    return held, unheld


def _rows(model):
    return zip(
        model.income["资金性质"], model.income["收入项目"], model.income["全年收入数"], strict=True
    )


@settings(max_examples=120, deadline=None)
@given(units())
def test_a_correct_statement_of_a_bound_quantity_never_alarms(unit) -> None:
    model, places, noise = unit
    facts = audit.facts_from_model(model)
    held, unheld = _statements(model, places, noise)
    for text in held + unheld:
        rows = audit.audit([audit.Paragraph("第1段", text)], facts)
        assert not [r for r in rows if r.flagged], (text, [(r.figure, r.basis) for r in rows])
    for text in held:
        rows = audit.audit([audit.Paragraph("第1段", text)], facts)
        assert rows[0].verdict == "一致", (text, rows[0].basis)
        assert all(r.verdict == "一致" for r in rows if not r.figure.startswith("0")), text
