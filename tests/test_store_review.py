"""The review of a unit-year in perfeval.store, on SQLite and PostgreSQL: every transition and
every refusal, who may act, comments and the 复核得分, the upload lock, the trail rows, the
schema 3/4 → 5 migration."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import text

from perfeval.store import db
from perfeval.store.access import Actor, Refused
from perfeval.store.core import RESULT_OK, RESULT_REFUSED, Store
from perfeval.store.review import (
    APPROVE,
    APPROVED,
    DRAFT,
    FINAL,
    FINALIZE,
    REOPEN,
    RETURN,
    RETURNED,
    SUBMIT,
    SUBMITTED,
    Note,
)
from tests.store_fixture import UNIT, make_workbook, xlsx

OTHER = "市财政局"
CLERK = Actor(subject="clerk-sub", name="张三")  # editor of UNIT
CHECKER = Actor(subject="checker-sub", name="李四")  # reviewer of UNIT
CITY = Actor(subject="city-sub", name="赵六")  # reviewer of every unit
ROOT = Actor(subject="root-sub", name="王五")  # admin (PERFEVAL_ADMINS)
NOBODY = Actor(subject="viewer-sub", name="钱七")  # viewer of every unit


@pytest.fixture
def store(make_store, monkeypatch) -> Store:
    monkeypatch.setenv("PERFEVAL_ADMINS", "root-sub")
    s = make_store()
    s.grant(ROOT, "clerk-sub", "editor", UNIT)
    s.grant(ROOT, "checker-sub", "reviewer", UNIT)
    s.grant(ROOT, "city-sub", "reviewer")
    s.grant(ROOT, "viewer-sub", "viewer")
    s.save(make_workbook(), xlsx("v1"), "v1.xlsx", actor=CLERK)
    return s


def review_rows(store: Store) -> list[tuple]:
    return [
        (r.subject, r.action, r.version, r.result)
        for r in store.activity(unit=UNIT, year=2023)
        if r.action.startswith("review_")
    ]


def test_the_whole_round_with_comments_score_and_trail(store):
    assert store.review(UNIT, 2023).state == DRAFT
    r = store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    assert (r.state, r.version, r.step) == (SUBMITTED, 1, 1)
    note = Note("abc123def456", "绩效指标「年度指标值」：目标值可能偏低", "请说明目标依据")
    r = store.act(RETURN, UNIT, 2023, actor=CHECKER, comment="请补充偏差原因", notes=[note])
    assert r.state == RETURNED and r.open_comments.comment == "请补充偏差原因"
    assert r.open_comments.notes == (note,)
    store.save(make_workbook(actual="1300.00"), xlsx("v2"), "v2.xlsx", actor=CLERK)
    assert store.review(UNIT, 2023).state == RETURNED  # still answering the return
    r = store.act(SUBMIT, UNIT, 2023, actor=CLERK, comment="已补充")
    assert (r.state, r.version) == (SUBMITTED, 2) and r.open_comments is None
    r = store.act(APPROVE, UNIT, 2023, actor=CITY, score="88.5", comment="同意")
    assert (r.state, r.score) == (APPROVED, Decimal("88.5"))
    r = store.act(FINALIZE, UNIT, 2023, actor=ROOT)
    assert (r.state, r.score, r.version, r.step) == (FINAL, Decimal("88.5"), 2, 5)
    r = store.act(REOPEN, UNIT, 2023, actor=ROOT, comment="复核得分录入有误")
    assert (r.state, r.score) == (RETURNED, None)  # a reopened result's score no longer stands
    assert r.open_comments.comment == "复核得分录入有误"
    assert [(e.action, e.from_state, e.to_state, e.version) for e in r.events] == [
        (SUBMIT, DRAFT, SUBMITTED, 1),
        (RETURN, SUBMITTED, RETURNED, 1),
        (SUBMIT, RETURNED, SUBMITTED, 2),
        (APPROVE, SUBMITTED, APPROVED, 2),
        (FINALIZE, APPROVED, FINAL, 2),
        (REOPEN, FINAL, RETURNED, 2),
    ]
    assert r.events[1].who == "李四（checker-sub）"
    assert review_rows(store) == [
        ("clerk-sub", "review_submit", 1, RESULT_OK),
        ("checker-sub", "review_return", 1, RESULT_OK),
        ("clerk-sub", "review_submit", 2, RESULT_OK),
        ("city-sub", "review_approve", 2, RESULT_OK),
        ("root-sub", "review_finalize", 2, RESULT_OK),
        ("root-sub", "review_reopen", 2, RESULT_OK),
    ]
    details = [row.detail for row in store.activity(unit=UNIT) if row.action == "review_return"]
    assert details == ["意见：请补充偏差原因；对1条发现问题的意见"]
    approve = [row.detail for row in store.activity(unit=UNIT) if row.action == "review_approve"]
    assert approve == ["意见：同意；复核得分88.5分"]


@pytest.mark.parametrize(
    ("who", "action", "needed"),
    [
        (CHECKER, SUBMIT, "只有该单位的编辑人员或管理员可以报送"),
        (NOBODY, SUBMIT, "只有该单位的编辑人员或管理员可以报送"),
        (CLERK, APPROVE, "只有该单位的审核人或管理员可以审核通过"),
        (CLERK, RETURN, "只有该单位的审核人或管理员可以退回修改"),
        (CITY, FINALIZE, "只有管理员可以定稿"),
        (CHECKER, REOPEN, "只有管理员可以重新打开"),
    ],
)
def test_a_role_that_may_not_act_is_refused_and_recorded(store, who, action, needed):
    if action != SUBMIT:
        store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    if action in (FINALIZE, REOPEN):
        store.act(APPROVE, UNIT, 2023, actor=CHECKER)
    if action == REOPEN:
        store.act(FINALIZE, UNIT, 2023, actor=ROOT)
    before = store.review(UNIT, 2023)
    with pytest.raises(Refused, match=needed) as refused:
        store.act(action, UNIT, 2023, actor=who, comment="意见")
    assert f"「{UNIT}」2023年度（当前为「{before.state_name}」）" in str(refused.value)
    after = store.review(UNIT, 2023)
    assert (after.state, after.step) == (before.state, before.step)  # nothing stored
    assert review_rows(store)[-1] == (who.subject, f"review_{action}", 1, RESULT_REFUSED)


def test_a_reviewer_of_one_unit_may_not_review_another(store):
    store.save(make_workbook(unit=OTHER), xlsx("o"), "o.xlsx", actor=ROOT)
    store.act(SUBMIT, OTHER, 2023, actor=ROOT)
    with pytest.raises(Refused, match="审核人或管理员"):
        store.act(APPROVE, OTHER, 2023, actor=CHECKER)
    assert store.act(APPROVE, OTHER, 2023, actor=CITY).state == APPROVED  # reviewer of all


@pytest.mark.parametrize(
    ("steps", "action", "state", "next_step"),
    [
        ([], RETURN, "填报中", "编辑人员上传数据后可以报送"),
        ([], APPROVE, "填报中", "编辑人员上传数据后可以报送"),
        ([], FINALIZE, "填报中", "编辑人员上传数据后可以报送"),
        ([SUBMIT], SUBMIT, "已报送", "审核人或管理员可以退回修改或审核通过"),
        ([SUBMIT], FINALIZE, "已报送", "等待审核"),
        ([SUBMIT], REOPEN, "已报送", "等待审核"),
        ([SUBMIT, RETURN], APPROVE, "已退回", "修改、重新上传后可以再次报送"),
        ([SUBMIT, RETURN], RETURN, "已退回", "再次报送"),
        ([SUBMIT, APPROVE], SUBMIT, "已审核", "管理员可以定稿"),
        ([SUBMIT, APPROVE], APPROVE, "已审核", "管理员可以定稿"),
        ([SUBMIT, APPROVE, FINALIZE], RETURN, "已定稿", "只有管理员可以重新打开"),
        ([SUBMIT, APPROVE, FINALIZE], FINALIZE, "已定稿", "只有管理员可以重新打开"),
        ([SUBMIT, APPROVE, FINALIZE], SUBMIT, "已定稿", "只有管理员可以重新打开"),
    ],
)
def test_a_transition_the_state_does_not_allow_names_the_state_and_who_may_act(
    store, steps, action, state, next_step
):
    for step in steps:
        store.act(step, UNIT, 2023, actor=ROOT, comment="意见")
    before = store.review(UNIT, 2023)
    with pytest.raises(Refused, match=f"当前为「{state}」，不能") as refused:
        store.act(action, UNIT, 2023, actor=ROOT, comment="意见")  # an admin: the state decides
    assert next_step in str(refused.value)
    after = store.review(UNIT, 2023)
    assert (after.state, after.step, after.events) == (before.state, before.step, before.events)
    assert review_rows(store)[-1][1:] == (f"review_{action}", 1, RESULT_REFUSED)


def test_return_and_reopen_need_a_comment_and_scores_are_checked(store):
    store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    trail = len(store.activity())
    with pytest.raises(ValueError, match="退回修改必须填写意见"):
        store.act(RETURN, UNIT, 2023, actor=CHECKER, comment="  ")
    for bad, why in (
        ("100.01", "0到100之间"),
        ("-1", "0到100之间"),
        ("八十", "不是数字"),
        ("85.125", "最多保留两位小数"),
        ("NaN", "0到100之间"),
        ("Infinity", "0到100之间"),
    ):
        with pytest.raises(ValueError, match=why):
            store.act(APPROVE, UNIT, 2023, actor=CHECKER, score=bad)
    with pytest.raises(ValueError, match="只有审核通过时可以给出复核得分"):
        store.act(RETURN, UNIT, 2023, actor=CHECKER, comment="改", score="80")
    with pytest.raises(ValueError, match="意见不能为空"):
        store.act(RETURN, UNIT, 2023, actor=CHECKER, comment="改", notes=[Note("k", "f", " ")])
    with pytest.raises(ValueError, match="没有「publish」这一操作"):
        store.act("publish", UNIT, 2023, actor=ROOT)
    assert store.review(UNIT, 2023).state == SUBMITTED and len(store.activity()) == trail
    assert store.act(APPROVE, UNIT, 2023, actor=CHECKER, score="100").score == Decimal(100)
    store.act(FINALIZE, UNIT, 2023, actor=ROOT)
    with pytest.raises(ValueError, match="重新打开必须填写原因"):
        store.act(REOPEN, UNIT, 2023, actor=ROOT)
    assert store.review(UNIT, 2023).state == FINAL


def test_submit_needs_a_stored_version(store):
    with pytest.raises(Refused, match="没有可报送的数据"):
        store.act(SUBMIT, OTHER, 2024)
    store.delete(UNIT, 2023, 1, actor=CLERK)
    with pytest.raises(Refused, match="没有可报送的数据"):
        store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    assert store.reviews() == {}


@pytest.mark.parametrize(
    ("steps", "state"),
    [([SUBMIT], "已报送"), ([SUBMIT, APPROVE], "已审核"), ([SUBMIT, APPROVE, FINALIZE], "已定稿")],
)
def test_uploads_and_version_changes_are_refused_while_locked(store, steps, state):
    store.save(make_workbook(), xlsx("v2"), "v2.xlsx", actor=CLERK)
    for step in steps:
        store.act(step, UNIT, 2023, actor=ROOT)
    assert state in store.upload_lock(UNIT, 2023)
    for who in (CLERK, None):  # the page's person and the CLI alike
        with pytest.raises(Refused, match=f"「{UNIT}」2023年度{state}，不能上传或更换版本"):
            store.save(make_workbook(), xlsx("v3"), "v3.xlsx", actor=who)
    with pytest.raises(Refused, match=state):
        store.save_many(
            [(make_workbook(unit=OTHER), xlsx("o"), "o.xlsx"), (make_workbook(), xlsx("x"), "x")]
        )
    assert store.units() == [UNIT]  # the batch is refused whole: nothing partial
    for change in (store.restore, store.delete):
        with pytest.raises(Refused, match=state):
            change(UNIT, 2023, 1, actor=CLERK)
    assert [(v.version, v.current, v.deleted) for v in store.versions(UNIT, 2023)] == [
        (1, False, False),
        (2, True, False),
    ]
    refused = [r for r in store.activity(unit=UNIT) if r.result == RESULT_REFUSED]
    assert [r.action for r in refused] == ["upload", "upload", "upload", "restore", "delete"]
    assert all(state in r.detail for r in refused)
    assert store.upload_lock(OTHER, 2023) is None


def test_a_returned_unit_year_takes_uploads_again(store):
    store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    store.act(RETURN, UNIT, 2023, actor=CHECKER, comment="改")
    assert store.upload_lock(UNIT, 2023) is None
    assert store.save(make_workbook(), xlsx("v2"), "v2.xlsx", actor=CLERK).version == 2
    store.restore(UNIT, 2023, 1, actor=CLERK)
    assert store.act(SUBMIT, UNIT, 2023, actor=CLERK).version == 1  # what is current is sent


def test_a_transition_and_its_trail_row_are_one_transaction(store, monkeypatch):
    store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    real = Store._log

    def failing(conn, actor, action, result=RESULT_OK, **row):
        real(conn, actor, action, result, **row)
        if action == "review_return":
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_log", staticmethod(failing))
    note = Note("k1", "某条发现问题", "请改")
    with pytest.raises(RuntimeError):
        store.act(RETURN, UNIT, 2023, actor=CHECKER, comment="改", notes=[note])
    r = store.review(UNIT, 2023)
    assert (r.state, r.step, len(r.events)) == (SUBMITTED, 1, 1)
    assert store.count("review_notes") == 0
    assert review_rows(store) == [("clerk-sub", "review_submit", 1, RESULT_OK)]


def test_reviews_of_a_year_for_the_city(store):
    store.save(make_workbook(unit=OTHER), xlsx("o"), "o.xlsx", actor=ROOT)
    store.save(make_workbook(year=2024), xlsx("y"), "y.xlsx", actor=ROOT)
    store.act(SUBMIT, UNIT, 2023, actor=CLERK)
    store.act(APPROVE, UNIT, 2023, actor=CITY, score="90")
    store.act(SUBMIT, UNIT, 2024, actor=CLERK)
    found = store.reviews(2023)
    assert {k: (r.state, r.score) for k, r in found.items()} == {
        (UNIT, 2023): (APPROVED, Decimal(90))
    }
    assert set(store.reviews()) == {(UNIT, 2023), (UNIT, 2024)}
    assert store.review(OTHER, 2023).state == DRAFT  # never acted on


def test_a_reviewer_grant_reads_but_does_not_upload(store):
    rights = store.rights(CHECKER)
    assert rights.may("reviewer", UNIT) and rights.may("viewer", UNIT)
    assert not rights.may("editor", UNIT) and not rights.may("reviewer", OTHER)
    with pytest.raises(Refused, match="无权上传"):
        store.save(make_workbook(), xlsx("r"), "r.xlsx", actor=CHECKER)
    assert not store.rights(CLERK).may("reviewer", UNIT)
    assert store.rights(ROOT).may("reviewer", OTHER)


# ---------------------------------------------------------------- migration 3/4 → 5
def _as_schema_3(store: Store, number: int = 3) -> None:
    """Turn a fresh store back into what schema 3 (or 4, which kept its grants) wrote: no review
    tables, grants checked for three roles (the unnamed check SQLAlchemy made then)."""
    engine = store.engine()
    with engine.begin() as conn:
        for table in ("review_notes", "review_events", "reviews"):
            conn.execute(text(f"DROP TABLE {table}"))
        old = "role IN ('viewer', 'editor', 'admin')"
        if store.backend == "postgresql":
            conn.execute(text("ALTER TABLE grants DROP CONSTRAINT grants_role"))
            conn.execute(text(f"ALTER TABLE grants ADD CHECK ({old})"))
        else:
            conn.execute(text("ALTER TABLE grants RENAME TO grants_now"))
            conn.execute(
                text(
                    "CREATE TABLE grants (subject TEXT NOT NULL, unit TEXT NOT NULL, role TEXT"
                    f" NOT NULL CHECK ({old}), granted_by TEXT NOT NULL, granted_at TEXT NOT NULL,"
                    " PRIMARY KEY (subject, unit))"
                )
            )
            conn.execute(text("INSERT INTO grants SELECT * FROM grants_now"))
            conn.execute(text("DROP TABLE grants_now"))
            conn.execute(text(f"PRAGMA user_version = {number}"))
        conn.execute(text(f"UPDATE meta SET value = {number} WHERE key = 'schema_version'"))
    store.close()


def test_a_schema_3_store_upgrades_keeping_grants_and_versions(make_store, monkeypatch):
    monkeypatch.setenv("PERFEVAL_ADMINS", "root-sub")
    old = make_store()
    old.save(make_workbook(), xlsx("a"), "a.xlsx")
    old.grant(ROOT, "clerk-sub", "editor", UNIT)
    _as_schema_3(old)
    check = make_store()  # opening it migrates
    assert check._query("SELECT value FROM meta WHERE key = 'schema_version'") == [
        (db.SCHEMA_VERSION,)
    ]
    assert [(g.subject, g.role, g.unit) for g in check.grants()] == [("clerk-sub", "editor", UNIT)]
    check.grant(ROOT, "checker-sub", "reviewer", UNIT)
    assert check.act(SUBMIT, UNIT, 2023, actor=CLERK).state == SUBMITTED
    assert check.act(APPROVE, UNIT, 2023, actor=CHECKER).state == APPROVED
    assert check.current(UNIT, 2023).version == 1
    with pytest.raises(Exception), check.engine().begin() as conn:  # noqa: B017 (either driver)
        conn.execute(
            text(
                "INSERT INTO grants VALUES ('x', '*', 'owner', 'test', '2026-01-01T00:00:00+00:00')"
            )
        )
    assert len(make_store().versions()) == 1  # a second start-up finds nothing to do


@pytest.mark.parametrize("number", [3, 4])
def test_an_older_sqlite_file_reports_the_current_schema(tmp_path, monkeypatch, number):
    monkeypatch.setenv("PERFEVAL_ADMINS", "root-sub")
    s = Store(tmp_path / "s")
    s.save(make_workbook(), xlsx("a"), "a.xlsx")
    _as_schema_3(s, number)
    Store(tmp_path / "s").grant(ROOT, "checker-sub", "reviewer", UNIT)
    conn = sqlite3.connect(tmp_path / "s" / "perfeval.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"reviews", "review_events", "review_notes", "grants"} <= names
    assert "grants_schema3" not in names
    conn.close()
