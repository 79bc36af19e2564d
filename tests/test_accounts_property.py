"""Property: whatever the tree of function codes and amounts, a 支出决算表 reads to the sums of
its leaf rows, exactly, with class rows never counted twice (planting `leaves = all rows` in
perfeval/readers/accounts_codes.py makes this fail)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from perfeval.readers import read_workbook
from perfeval.schema import ACTUAL, CAT_BASIC, CAT_PROJECT, CATEGORY, records
from tests import accounts_corpus as ac

cents = st.integers(min_value=0, max_value=10**10).map(lambda n: Decimal(n) / 100)


@st.composite
def trees(draw) -> list[tuple[str, str, Decimal, Decimal]]:
    """Classes 2xx with 1–3 款 of 1–3 项 each; class and 款 rows carry their leaves' sums."""
    lines = []
    for c in draw(st.lists(st.integers(201, 230), min_size=1, max_size=3, unique=True)):
        kuan_lines = []
        for k in draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True)):
            leaves = [
                (f"{c}{k:02d}{x:02d}", f"项{x}", draw(cents), draw(cents))
                for x in draw(st.lists(st.integers(1, 99), min_size=1, max_size=3, unique=True))
            ]
            total = (sum(b for *_, b, _ in leaves), sum(p for *_, p in leaves))
            kuan_lines.append([(f"{c}{k:02d}", f"款{k}", *total), *leaves])
        kuans = [line for group in kuan_lines for line in group if len(line[0]) == 5]
        total = (sum(b for *_, b, _ in kuans), sum(p for *_, p in kuans))
        lines += [(str(c), f"类{c}", *total), *[x for g in kuan_lines for x in g]]
    return lines


@settings(max_examples=20, deadline=None)
@given(trees())
def test_leaves_only_and_exact(lines):
    data = ac.book_bytes(
        ac.expenditure_single_code(lines=[(c, n, str(b), str(p)) for c, n, b, p in lines])
    )
    result = read_workbook(data, "03.xlsx")
    assert result.ok, [str(p) for p in result.problems]
    leaves = [line for line in lines if len(line[0]) == 7]
    basic = sum(b for _, _, b, _ in leaves) / 10000
    project = sum(p for *_, p in leaves) / 10000
    rows = records(result.workbook.spending)
    read_basic = sum((r[ACTUAL] for r in rows if r[CATEGORY] == CAT_BASIC), Decimal(0))
    read_project = sum((r[ACTUAL] for r in rows if r[CATEGORY] == CAT_PROJECT), Decimal(0))
    assert (read_basic, read_project) == (basic, project)
    assert not [p for p in result.problems if p.level == "warning"]
