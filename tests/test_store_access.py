"""Rights, the activity trail and migrations of perfeval.store, on SQLite and PostgreSQL:
refused writes change nothing but the trail, the trail is append-only, old stores upgrade."""

from __future__ import annotations

import hashlib
import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import text

from perfeval.schema import ACTUAL
from perfeval.store import db
from perfeval.store.access import (
    Actor,
    Refused,
    Rights,
    first_admins,
)
from perfeval.store.core import RESULT_OK, RESULT_REFUSED, Store
from tests.store_fixture import UNIT, make_workbook, xlsx

OTHER = "市财政局"
ALICE = Actor(subject="alice-sub", name="张三", email="alice@example.org", email_verified=True)
BOB = Actor(subject="bob-sub", name="李四")
ADMIN = Actor(subject="root-sub", name="管理员")


@pytest.fixture
def store(make_store, monkeypatch) -> Store:
    monkeypatch.setenv("PERFEVAL_ADMINS", "root-sub")
    s = make_store()
    s.grant(ADMIN, "alice@example.org", "editor", UNIT)  # by e-mail: matches ALICE's claim
    return s


def test_editor_saves_own_unit_and_is_refused_another_with_a_trail_row(store):
    gen = store.generation()
    v = store.save(make_workbook(), xlsx("a"), "a.xlsx", actor=ALICE)
    assert v.version == 1
    with pytest.raises(Refused, match="无权上传「市财政局」的数据"):
        store.save(make_workbook(unit=OTHER), xlsx("b"), "b.xlsx", actor=ALICE)
    assert store.units() == [UNIT]  # nothing of the refused upload was stored
    assert store.count("originals") == 1
    rows = store.activity()
    assert [(r.action, r.unit, r.result) for r in rows] == [
        ("grant", UNIT, RESULT_OK),
        ("upload", UNIT, RESULT_OK),
        ("upload", OTHER, RESULT_REFUSED),
    ]
    up, refused = rows[1], rows[2]
    assert (up.subject, up.name, up.year, up.version, up.filename) == (
        "alice-sub",
        "张三",
        2023,
        1,
        "a.xlsx",
    )
    assert up.sha256 == hashlib.sha256(xlsx("a")).hexdigest()
    assert refused.version is None and "无权" in refused.detail
    assert store.generation() > gen


def test_a_batch_with_one_foreign_unit_is_refused_whole(store):
    items = [
        (make_workbook(), xlsx("a"), "a.xlsx"),
        (make_workbook(unit=OTHER), xlsx("b"), "b.xlsx"),
    ]
    with pytest.raises(Refused, match=OTHER):
        store.save_many(items, actor=ALICE)
    assert store.is_empty()
    assert [r.result for r in store.activity()][-2:] == [RESULT_REFUSED, RESULT_REFUSED]


def test_viewer_and_unknown_person_may_not_write_or_change(store):
    store.save(make_workbook(), xlsx("a"), "a.xlsx", actor=ALICE)
    store.grant(ADMIN, "bob-sub", "viewer")  # every unit, read only
    for who in (BOB, Actor(subject="nobody")):
        with pytest.raises(Refused, match="无权上传"):
            store.save(make_workbook(), xlsx("x"), "x.xlsx", actor=who)
        with pytest.raises(Refused, match="无权修改"):
            store.delete(UNIT, 2023, 1, actor=who)
    assert store.current(UNIT, 2023).version == 1 and not store.versions()[0].deleted
    changes = [r for r in store.activity() if r.action == "delete"]
    assert [(r.subject, r.result) for r in changes] == [
        ("bob-sub", RESULT_REFUSED),
        ("nobody", RESULT_REFUSED),
    ]


def test_version_changes_are_logged_with_their_version(store):
    for tag in ("v1", "v2"):
        store.save(make_workbook(), xlsx(tag), f"{tag}.xlsx", actor=ALICE)
    store.restore(UNIT, 2023, 1, actor=ALICE)
    store.delete(UNIT, 2023, 2, actor=ALICE)
    store.undelete(UNIT, 2023, 2, actor=ALICE)
    rows = store.activity(unit=UNIT, year=2023)
    assert [(r.action, r.version, r.filename) for r in rows] == [
        ("upload", 1, "v1.xlsx"),
        ("upload", 2, "v2.xlsx"),
        ("restore", 1, "v1.xlsx"),
        ("delete", 2, "v2.xlsx"),
        ("undelete", 2, "v2.xlsx"),
    ]
    assert store.activity(year=2024) == []


def test_only_admins_grant_and_a_revoke_stops_at_the_next_call(store):
    with pytest.raises(Refused, match="只有管理员"):
        store.grant(ALICE, "bob-sub", "editor", OTHER)
    assert store.rights(BOB).role_for(OTHER) is None
    store.grant(ADMIN, "bob-sub", "editor", OTHER)
    assert store.rights(BOB).may("editor", OTHER)
    assert store.revoke(ADMIN, "bob-sub", OTHER) is True
    assert store.revoke(ADMIN, "bob-sub", OTHER) is False
    assert not store.rights(BOB).any_access
    with pytest.raises(Refused):
        store.save(make_workbook(unit=OTHER), xlsx("b"), "b.xlsx", actor=BOB)
    with pytest.raises(ValueError, match="角色"):
        store.grant(ADMIN, "bob-sub", "owner")
    with pytest.raises(ValueError, match="全部单位"):
        store.grant(ADMIN, "bob-sub", "admin", OTHER)
    actions = [(r.action, r.result) for r in store.activity() if r.detail.startswith("bob")]
    assert actions == [
        ("grant", RESULT_REFUSED),
        ("grant", RESULT_OK),
        ("revoke", RESULT_OK),
        ("revoke", RESULT_OK),
    ]


def test_trail_is_written_in_the_same_transaction_as_the_change(store, monkeypatch):
    real = Store._insert

    def failing(self, conn, upload):
        real(self, conn, upload)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert", failing)
    before = len(store.activity())
    with pytest.raises(RuntimeError):
        store.save(make_workbook(), xlsx("a"), "a.xlsx", actor=ALICE)
    assert len(store.activity()) == before and store.is_empty()


def test_activity_rows_cannot_be_edited_or_deleted(store):
    store.save(make_workbook(), xlsx("a"), "a.xlsx", actor=ALICE)
    engine = store.engine()
    for sql in ("UPDATE activity SET result = 'ok'", "DELETE FROM activity"):
        with pytest.raises(Exception, match="只能追加"), engine.begin() as conn:
            conn.execute(text(sql))
    assert len(store.activity()) == 2


def test_cli_actor_writes_without_a_grant(store):
    v = store.save(make_workbook(unit=OTHER), xlsx("c"), "c.xlsx")  # no actor: cli:<os user>
    assert v.version == 1
    assert store.activity()[-1].subject.startswith("cli:")


# ---------------------------------------------------------------- rights, pure
def test_rights_take_the_highest_role_per_unit_and_the_all_units_grant():
    from perfeval.store.access import Grant

    grants = [
        Grant("alice-sub", UNIT, "editor"),
        Grant("alice-sub", db.ALL_UNITS, "viewer"),
        Grant("bob-sub", OTHER, "admin"),
    ]
    rights = Rights.of(ALICE, grants, admins=set())
    assert rights.role_for(UNIT) == "editor" and rights.role_for(OTHER) == "viewer"
    assert rights.may("viewer", "任何单位") and not rights.may("editor", OTHER)
    assert rights.units("editor", [UNIT, OTHER]) == [UNIT]
    assert not rights.is_admin
    assert Rights.of(
        Actor("x", email="x@a.cn", email_verified=True), [], admins={"x@a.cn"}
    ).is_admin
    assert not Rights.of(Actor("y"), grants, admins=set()).any_access
    assert first_admins("a, b  c,") == {"a", "b", "c"}


# ---------------------------------------------------------------- migration
# The store as main wrote it before schema 3 (perfeval/store.py's _SCHEMA at schema 1, plus
# schema 2's version_files), frozen here: upgrading it must lose nothing.
OLD_SCHEMA = """
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0);
CREATE TABLE IF NOT EXISTS originals (
    sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY, unit TEXT NOT NULL, year INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    sha256 TEXT NOT NULL REFERENCES originals (sha256), filename TEXT NOT NULL,
    size INTEGER NOT NULL, uploaded_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    note TEXT NOT NULL DEFAULT '', spending_rows INTEGER NOT NULL,
    indicator_rows INTEGER NOT NULL, UNIQUE (unit, year, version), UNIQUE (unit, year, id));
CREATE INDEX IF NOT EXISTS versions_sha256 ON versions (sha256);
CREATE TABLE IF NOT EXISTS workbooks (
    version_id INTEGER PRIMARY KEY REFERENCES versions (id), json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS current (
    unit TEXT NOT NULL, year INTEGER NOT NULL, version_id INTEGER NOT NULL UNIQUE,
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)), PRIMARY KEY (unit, year),
    FOREIGN KEY (unit, year, version_id) REFERENCES versions (unit, year, id)) WITHOUT ROWID;
PRAGMA user_version = 1;
COMMIT;
"""


def _old_save(conn: sqlite3.Connection, unit: str, year: int, data: bytes, name: str) -> None:
    """One save exactly as schema-1 code wrote it."""
    sha = hashlib.sha256(data).hexdigest()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT OR IGNORE INTO originals VALUES (?, ?, ?)", (sha, len(data), data))
    (number,) = conn.execute(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE unit = ? AND year = ?",
        (unit, year),
    ).fetchone()
    vid = conn.execute(
        "INSERT INTO versions (unit, year, version, sha256, filename, size, uploaded_at, note,"
        " spending_rows, indicator_rows) VALUES (?, ?, ?, ?, ?, ?, ?, '', 2, 0)",
        (unit, year, number, sha, name, len(data), "2026-11-01T02:03:04+00:00"),
    ).lastrowid
    wb = make_workbook(unit=unit, year=year, actual=f"{number}.25")
    conn.execute("INSERT INTO workbooks VALUES (?, ?)", (vid, wb.to_json()))
    conn.execute(
        "INSERT INTO current (unit, year, version_id, pinned) VALUES (?, ?, ?, 0)"
        " ON CONFLICT (unit, year) DO UPDATE SET version_id = excluded.version_id",
        (unit, year, vid),
    )
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
    conn.execute("COMMIT")


def test_a_schema_1_sqlite_store_upgrades_losing_nothing(tmp_path):
    root = tmp_path / "old"
    root.mkdir()
    conn = sqlite3.connect(root / "perfeval.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(OLD_SCHEMA)
    for tag in ("a", "b", "c"):
        _old_save(conn, UNIT, 2023, xlsx(tag), f"{tag}.xlsx")
    _old_save(conn, OTHER, 2024, xlsx("d"), "d.xlsx")
    conn.execute("UPDATE versions SET deleted = 1 WHERE version = 3 AND unit = ?", (UNIT,))
    conn.execute(
        "UPDATE current SET version_id = (SELECT id FROM versions WHERE unit = ? AND version = 2)"
        " WHERE unit = ?",
        (UNIT, UNIT),
    )
    conn.close()

    store = Store(root)
    assert store.generation() == 4  # the old counter goes on
    assert [(v.version, v.deleted, v.current) for v in store.versions(UNIT, 2023)] == [
        (1, False, False),
        (2, False, True),
        (3, True, False),
    ]
    assert store.load(UNIT, 2023).spending[ACTUAL].iloc[0] == Decimal("2.25")
    assert store.original(store.versions(OTHER)[0].sha256) == xlsx("d")
    assert store.files(store.versions(OTHER)[0])[0].filename == "d.xlsx"
    # numbering continues after the highest number ever given, deleted ones included
    assert store.save(make_workbook(), xlsx("e"), "e.xlsx").version == 4
    assert store.save(make_workbook(unit=OTHER, year=2024), xlsx("f"), "f.xlsx").version == 2
    check = sqlite3.connect(root / "perfeval.sqlite3")
    assert check.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    assert check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        db.SCHEMA_VERSION,
    )
    check.close()
    store.close()
    again = Store(root)  # a second start-up finds nothing to do
    assert len(again.versions()) == 6 and len(again.activity()) == 2
    again.close()
