"""The real corpus (tests/audit_real.py, real published passages each with a workbook of its own
figures, every figure labelled by hand, planted errors on top): every label met, every plant
found with its 应为, no false alarm. The counts: `python scripts/audit_counts.py`."""

from __future__ import annotations

import pytest

from tests.real_corpus import count

real = pytest.importorskip("tests.audit_real", reason="tests/audit_real.py has not landed yet")


def test_the_corpus_is_what_the_issue_asks_for() -> None:
    assert len(real.PASSAGES) >= 12
    provinces = {getattr(p, "province", None) for p in real.PASSAGES}
    assert None not in provinces and len(provinces) >= 8


@pytest.mark.parametrize("index", range(len(real.PASSAGES)))
def test_every_label_of_a_passage_is_met(index: int) -> None:
    counts = count([real.PASSAGES[index]], [])
    assert counts.disagreements == []


def test_every_plant_is_found_with_its_expected_figure() -> None:
    counts = count(real.PASSAGES, real.PLANTS)
    plants = [d for d in counts.disagreements if d.startswith("plant")]
    assert plants == []
    assert len(counts.plants_found) == counts.plants > 0
    assert counts.false_alarms == []
