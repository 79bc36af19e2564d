"""The real corpus (tests/audit_real.py, real published passages each with a workbook of its own
figures, every figure labelled by hand, planted errors on top): every label met, every plant
found with its 应为, no false alarm. The counts: `python scripts/audit_counts.py`."""

from __future__ import annotations

import pytest

from tests.real_corpus import count

real = pytest.importorskip("tests.audit_real", reason="tests/audit_real.py has not landed yet")

# The corpus lands before the audit meets it (issue 20 under way; the counts and every label not
# met: `python scripts/audit_counts.py`, `python -m tests.audit_real`). Strict: a passage the
# audit comes to meet fails here until it is taken off the list, so the list only shrinks.
NOT_MET_YET = {"cq_xiaolin_2022", "fj_cangshan_2020", "hn_nanxian_zx_2021"}
PLANTS_NOT_ALL_FOUND_YET = True
_not_met = pytest.mark.xfail(strict=True, reason="issue 20: the audit does not meet it yet")


def _passage(index: int):
    key = getattr(real.PASSAGES[index], "key", None)
    return pytest.param(index, id=key, marks=[_not_met] if key in NOT_MET_YET else [])


@pytest.mark.xfail(
    len(real.PASSAGES) < 12, strict=True, reason="the corpus is landing passage by passage"
)
def test_the_corpus_is_what_the_issue_asks_for() -> None:
    assert len(real.PASSAGES) >= 12
    provinces = {getattr(p, "province", None) for p in real.PASSAGES}
    assert None not in provinces and len(provinces) >= 8


@pytest.mark.parametrize("index", [_passage(i) for i in range(len(real.PASSAGES))])
def test_every_label_of_a_passage_is_met(index: int) -> None:
    counts = count([real.PASSAGES[index]], [])
    assert counts.disagreements == []


@pytest.mark.xfail(PLANTS_NOT_ALL_FOUND_YET, strict=True, reason="issue 20: not all found yet")
def test_every_plant_is_found_with_its_expected_figure() -> None:
    counts = count(real.PASSAGES, real.PLANTS)
    plants = [d for d in counts.disagreements if d.startswith("plant")]
    assert plants == []
    assert len(counts.plants_found) == counts.plants > 0
    assert counts.false_alarms == []
