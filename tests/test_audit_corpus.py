"""The no-false-alarm corpus: real published passages say nothing 不一致 or 存疑, the figures
checked by hand say 一致, and every planted error is found (counts reported in docs/audit.md)."""

from __future__ import annotations

import pytest

from perfeval.audit import Paragraph, audit, text_facts
from tests.audit_corpus import PASSAGES, PLANTS


def _rows(text: str, unit: str):
    paragraphs = [Paragraph(f"第{i}段", p) for i, p in enumerate(text.split("\n"), start=1)]
    return audit(paragraphs, text_facts(unit))


@pytest.mark.parametrize("index", range(len(PASSAGES)))
def test_true_passage_raises_no_alarm(index: int) -> None:
    passage = PASSAGES[index]
    rows = _rows(passage.text, passage.unit)
    alarms = [r.figure for r in rows if r.flagged]
    assert alarms == list(passage.found_errors), [(r.figure, r.basis) for r in rows if r.flagged]
    verdicts = {r.figure: r.verdict for r in rows}
    for figure in passage.consistent:
        assert verdicts.get(figure) == "一致", (figure, verdicts.get(figure))


@pytest.mark.parametrize("plant", PLANTS, ids=lambda p: p.new)
def test_planted_error_is_found(plant) -> None:
    passage = PASSAGES[plant.passage]
    assert passage.text.count(plant.old) == 1
    rows = _rows(passage.text.replace(plant.old, plant.new), passage.unit)
    flagged = {r.figure for r in rows if r.flagged}
    assert plant.flagged in flagged, [(r.figure, r.verdict, r.basis) for r in rows]


def test_corpus_counts() -> None:
    """The figures docs/audit.md reports: planted errors found, true statements alarmed."""
    found = 0
    for plant in PLANTS:
        passage = PASSAGES[plant.passage]
        rows = _rows(passage.text.replace(plant.old, plant.new), passage.unit)
        found += any(r.figure == plant.flagged and r.flagged for r in rows)
    statements = alarms = real = real_found = 0
    for passage in PASSAGES:
        rows = _rows(passage.text, passage.unit)
        wrong = (*passage.real_errors, *passage.found_errors)
        true_rows = [r for r in rows if r.figure not in wrong]
        statements += len(true_rows)
        alarms += sum(r.flagged for r in true_rows)
        real += len(passage.found_errors)
        real_found += sum(r.flagged for r in rows if r.figure in passage.found_errors)
    print(
        f"\ncorpus: {len(PASSAGES)} passages; found {found}/{len(PLANTS)} planted errors and "
        f"{real_found}/{real} real ones; {alarms}/{statements} false alarms on true statements"
    )
    assert (found, real_found, alarms) == (len(PLANTS), real, 0)
