"""The shape of the real-prose audit corpus (tests/audit_real.py): every figure labelled where it
stands, every 不一致 with its 应为, every plant where it says, every workbook readable."""

from __future__ import annotations

import re

import pytest

from perfeval.audit.numbers import extract
from perfeval.model.figures import build_model
from perfeval.readers import read_workbook
from tests import audit_corpus
from tests.audit_real import PASSAGE, PASSAGES, PLANTS, history, locate, planted_labels, xlsx_files
from tests.audit_real_kit import KINDS, MISMATCH, VERDICTS, occurrences

KEYS = [p.key for p in PASSAGES]
VERBS = ("增加", "减少", "增长", "下降")


def test_passages_are_new_and_cited_once() -> None:
    urls = [p.url for p in PASSAGES]
    assert len(set(urls)) == len(urls)
    assert len(set(KEYS)) == len(KEYS)
    old = {p.url for p in audit_corpus.PASSAGES}
    assert not old & set(urls)
    for p in PASSAGES:
        assert p.url.startswith(("http://", "https://")) and p.province and p.unit
        assert p.kind in KINDS


@pytest.mark.parametrize("key", KEYS)
def test_every_label_is_a_figure_of_its_text_in_order(key: str) -> None:
    p = PASSAGE[key]
    positions = []
    for lab in p.labels:
        assert lab.verdict in VERDICTS and lab.alt in (*VERDICTS, ""), lab
        found = occurrences(p.text, lab.figure)
        assert lab.nth < len(found), f"{lab.figure} #{lab.nth}: only {len(found)} in the text"
        positions.append(found[lab.nth])
    assert positions == sorted(set(positions)), "labels out of text order, or two on one figure"


@pytest.mark.parametrize("key", KEYS)
def test_every_figure_of_the_text_has_a_label(key: str) -> None:
    """Each amount, rate or count the audit's reader finds is labelled (nothing left unjudged)."""
    p = PASSAGE[key]
    spans: dict[int, list[tuple[int, int]]] = {}
    for lab in p.labels:
        line_no, start, end = locate(p.text, lab)
        spans.setdefault(line_no, []).append((start, end))
    for line_no, line in enumerate(p.text.split("\n")):
        for n in extract(line):
            covered = any(s < n.end and n.start < e for s, e in spans.get(line_no, []))
            assert covered, f"line {line_no + 1}: {n.text} has no label"


@pytest.mark.parametrize("key", KEYS)
def test_every_mismatch_says_what_it_should_be(key: str) -> None:
    p = PASSAGE[key]
    labels = list(p.labels) + [lab for plant in PLANTS if plant.key == key for lab in plant.flagged]
    for lab in labels:
        if MISMATCH not in (lab.verdict, lab.alt):
            assert not lab.expected or lab.alt == MISMATCH, lab
            continue
        assert lab.expected, f"{lab.figure}: 不一致 without 应为"
        wanted = extract(lab.expected)
        (written,) = extract(lab.figure) or [None]
        assert len(wanted) == 1 and written is not None, lab
        assert wanted[0].kind == written.kind, lab
        # as the audit writes it: 万元 with two decimals (7174.02万元), else the written precision
        number = lab.expected.removeprefix(lab.expected[:2] if lab.expected[:2] in VERBS else "")
        places = (
            2
            if wanted[0].unit == "万元"
            else max(written.decimals, 2 * (wanted[0].kind == "money"))
        )
        assert re.fullmatch(rf"\d+(\.\d{{{places}}})?{wanted[0].unit}", number) and (
            places == 0 or "." in number
        ), f"{lab.figure}: 应为 {lab.expected} is not written as the audit writes figures"
    errors = [lab for lab in p.labels if not lab.true]
    assert len(errors) == len(p.real_errors), "each real slip is listed in real_errors"


@pytest.mark.parametrize("key", KEYS)
def test_every_passage_has_two_plants_where_they_say(key: str) -> None:
    plants = [plant for plant in PLANTS if plant.key == key]
    assert len(plants) >= 2
    p = PASSAGE[key]
    for plant in plants:
        assert p.text.count(plant.old) == 1, plant.old
        assert plant.old != plant.new and plant.flagged
        text, labels = planted_labels(plant)
        first = plant.flagged[0]
        assert not first.true, "the planted figure must be flagged"
        at = text.index(plant.new)
        assert any(at <= pos < at + len(plant.new) for pos in occurrences(text, first.figure))
        assert len(labels) == len(p.labels) + len(plant.flagged) - 1 or len(labels) == len(p.labels)


@pytest.mark.parametrize("key", [p.key for p in PASSAGES if p.current is not None])
def test_workbooks_read_back_in_the_contract_format(key: str) -> None:
    p = PASSAGE[key]
    years = []
    for year, data in xlsx_files(p):
        result = read_workbook(data, f"{key}-{year}.xlsx")
        assert result.ok, [problem.message for problem in result.problems]
        assert result.workbook.unit == p.unit and result.workbook.year == year
        years.append(year)
    assert years == sorted(history(p), reverse=True)
    model = build_model(history(p), p.year)
    assert model.overall.total.current is not None
    if p.previous is not None:
        assert model.overall.total.previous is not None
