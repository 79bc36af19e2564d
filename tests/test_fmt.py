"""fmt: half-up rounding at display time, 万元 and %, Chinese phrasing of changes."""

from decimal import Decimal as D

import pytest

from perfeval import fmt


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("14.745"), "14.75"),
        (D("0.005"), "0.01"),
        (D("-0.005"), "-0.01"),
        (D("7174.02"), "7174.02"),
        (D("258.6"), "258.60"),
    ],
)
def test_amount_rounds_half_up(value, shown):
    assert fmt.amount(value) == shown


def test_money_percent_and_blank():
    assert fmt.money(D("7174.02")) == "7174.02万元"
    assert fmt.percent(D("1133.55") / D("5243.89")) == "21.62%"
    assert fmt.money(None) == fmt.percent(None) == "—"


def test_change_phrase_up_down_flat():
    assert (
        fmt.change_phrase(D("1133.55"), D("1133.55") / D("5243.89"))
        == "增加1133.55万元，增长21.62%"
    )
    assert fmt.change_phrase(D("-65.47"), D("-65.47") / D("862.05")) == "减少65.47万元，下降7.59%"
    assert fmt.change_phrase(D("0.001"), D("0")) == "基本持平"
    assert fmt.change_phrase(None, None) == ""


def test_signed_and_number():
    assert fmt.signed_money(D("-65.47")) == "-65.47万元"
    assert fmt.signed_percent(D("0.216166")) == "+21.62%"
    assert fmt.number(D("588.00")) == "588"
    assert fmt.number(D("39.320")) == "39.32"


def test_beijing_time():
    assert fmt.beijing_time("2026-11-27T19:37:46+00:00") == "2026-11-28 03:37"
    assert fmt.beijing_time("2026-01-01T00:00:00") == "2026-01-01 08:00"
