"""Not sure is an answer (issue 19): a form whose roles are matched only loosely is not guessed but
proposed; the confirmed mapping reads it, and the next file of the same shape, without asking."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from perfeval.model.projects import evaluate_projects
from perfeval.readers import (
    CODE_NEEDS_MAPPING,
    ConfirmedMapping,
    MappingProposal,
    from_toml,
    propose,
    read_workbook,
    to_toml,
)
from perfeval.readers.mapping import LOOSE_MATCH, SURE
from perfeval.schema import ACTUAL, BUDGET, RESULT, TARGET, WEIGHT
from tests import forms_corpus as fc
from tests.real_forms import BY_NAME
from tests.xlsx_factory import build_xlsx

PUHUI = BY_NAME["sc_puhui_finance"][0]


def _puhui_with(budget: str, spent: str) -> bytes:
    """The 四川 普惠金融 form with other amounts: a later file of the same shape."""
    import io

    book = openpyxl.load_workbook(io.BytesIO(PUHUI()))
    sheet = book.active
    sheet["B2"] = f"年度金额(提前下达):{budget}万元"
    sheet["F2"] = f"合计:{spent}万元"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_loose_role_is_proposed_not_guessed():
    result = read_workbook(PUHUI(), "普惠.xlsx")
    assert result.workbook is None
    (error,) = [p for p in result.problems if p.level == "error"]
    assert error.code == CODE_NEEDS_MAPPING and "「全年执行数」（暂定F2" in error.message
    (proposal,) = result.proposals
    assert isinstance(proposal, MappingProposal) and proposal.family == "项目支出绩效自评表"
    unsure = {c.role: c for c in proposal.unsure()}
    assert set(unsure) == {BUDGET, ACTUAL}
    assert unsure[ACTUAL].chosen.key == "F2" and unsure[ACTUAL].confidence == LOOSE_MATCH
    assert unsure[ACTUAL].chosen.values == ("109.8万元",)
    assert "B2" in [c.key for c in unsure[ACTUAL].candidates]  # the clerk may pick another
    target = proposal.choice(TARGET)
    assert (target.chosen.key, target.chosen.header, target.confidence) == ("E", "指标值", SURE)
    assert target.chosen.values[:2] == ("≥10%", "≥90%")


def test_round_trip_propose_confirm_and_the_next_file_is_automatic():
    (proposal,) = read_workbook(PUHUI(), "普惠.xlsx").proposals
    mapping = proposal.confirm(name="四川普惠金融")
    again = from_toml(to_toml(mapping))
    assert again == mapping and isinstance(again, ConfirmedMapping)
    assert ConfirmedMapping.from_dict(mapping.to_dict()) == mapping
    assert MappingProposal.from_dict(proposal.to_dict()) == proposal
    read = read_workbook(PUHUI(), "普惠.xlsx", unit="某局", year=2023, mappings=[again])
    assert read.ok, [str(p) for p in read.problems]
    (project,) = evaluate_projects(read.workbook)
    # 109.8 / 208 = 52.79 %; Σ得分 5.28 + 100 on 110 → 95.71 (tests/real_forms/southwest.py)
    assert (project.budget, project.actual, project.total) == (D("208"), D("109.8"), D("95.71"))
    later = read_workbook(_puhui_with("300", "150"), "普惠2.xlsx", unit="某局", year=2024,
                          mappings=[again])  # fmt: skip
    assert later.ok and "mapping_used" in [p.code for p in later.problems]
    (next_project,) = evaluate_projects(later.workbook)
    assert (next_project.budget, next_project.actual) == (D("300"), D("150"))


def test_the_clerk_picks_another_candidate():
    (proposal,) = read_workbook(PUHUI(), "普惠.xlsx").proposals
    swapped = proposal.confirm({"全年预算数": "F2", "funding.全年执行数": "B2"}, name="反")
    read = read_workbook(PUHUI(), "普惠.xlsx", unit="某局", year=2023, mappings=[swapped])
    (project,) = evaluate_projects(read.workbook)
    assert (project.budget, project.actual) == (D("109.8"), D("208"))
    with pytest.raises(ValueError, match="没有候选列"):
        proposal.confirm({"全年执行数": "Z9"})


def test_a_mapping_of_another_shape_is_not_used():
    (proposal,) = read_workbook(PUHUI(), "普惠.xlsx").proposals
    mapping = proposal.confirm(name="普惠")
    central = read_workbook(fc.central_project(), "c.xlsx", mappings=[mapping])
    assert central.ok and "mapping_used" not in [p.code for p in central.problems]


def test_propose_covers_a_sure_form_too():
    (proposal,) = propose(fc.central_project(), "c.xlsx")
    assert proposal.unsure() == []
    assert proposal.choice(RESULT).chosen.header == "实际完成值"
    assert proposal.choice(WEIGHT, "indicators").chosen.key == "G"
    assert propose(build_xlsx({"S": [["会议纪要"]]}), "x.xlsx") == []


def test_a_role_not_found_is_given_by_the_clerk_on_the_mapping_step():
    rows, merges = fc.central_project_rows()
    rows[11][5] = "完成数"  # 实际完成值 worded as the reader has no name for
    data = fc.build({"项目": (rows, merges)})
    assert read_workbook(data, "x.xlsx").errors[0].code == "not_recognised"
    (proposal,) = propose(data, "x.xlsx")
    result = proposal.choice(RESULT)
    assert result.confidence == "missing" and "F" in [c.key for c in result.candidates]
    assert [c.name for c in proposal.unsure()] == ["实际完成值"]
    with pytest.raises(ValueError, match="尚未指定"):
        proposal.confirm()
    mapping = proposal.confirm({"实际完成值": "F"}, name="完成数")
    read = read_workbook(data, "x.xlsx", mappings=[mapping])
    assert read.ok, [str(p) for p in read.problems]
    (project,) = evaluate_projects(read.workbook)
    assert project.total == D("98.69")  # the central form's figures (tests/forms_corpus.py)
