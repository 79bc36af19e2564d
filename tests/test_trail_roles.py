"""A trail the app cannot rewrite: on a real PostgreSQL a migration role owns the schema and the
app's role may only INSERT and SELECT on the trail (its DISABLE TRIGGER, UPDATE, DELETE and
TRUNCATE fail); on SQLite INSERT OR REPLACE on the trail is refused too."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from perfeval.cli.main import main
from perfeval.store import db
from perfeval.store.access import Actor
from perfeval.store.core import DB_NAME, Store
from tests.conftest import postgres_url_or_skip
from tests.store_fixture import make_workbook, xlsx


@pytest.fixture
def two_roles():
    """(owner URL, app URL, app role) in a fresh schema that the owner role owns."""
    base = postgres_url_or_skip()
    tag = uuid.uuid4().hex[:8]
    owner, app, schema = f"pe_owner_{tag}", f"pe_app_{tag}", f"pe_{tag}"
    admin = create_engine(base, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE ROLE {owner} LOGIN"))
        conn.execute(text(f"CREATE ROLE {app} LOGIN"))
        conn.execute(text(f"CREATE SCHEMA {schema} AUTHORIZATION {owner}"))

    def url(role: str) -> str:
        u = (
            make_url(base)
            .set(username=role)
            .update_query_dict({"options": f"-csearch_path={schema}"})
        )
        return u.render_as_string(hide_password=False)

    yield url(owner), url(app), app
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        for role in (app, owner):
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
    admin.dispose()


def _as(url: str, sql: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def test_app_role_may_only_append_to_the_trail(two_roles, monkeypatch, capsys):
    owner_url, app_url, app_role = two_roles
    monkeypatch.setenv(db.DATABASE_URL_ENV, owner_url)
    assert main(["migrate", "--app-role", app_role]) == 0
    assert f"已授予角色 {app_role}" in capsys.readouterr().err
    monkeypatch.delenv(db.DATABASE_URL_ENV)

    store = Store(url=app_url)  # what the servers run as
    store.save(make_workbook(), xlsx("a"), "a.xlsx", actor=Actor("cli:ops", kind="cli"))
    store.grant(Actor("cli:ops", kind="cli"), "clerk@example.org", "editor", "市教育局")
    assert [r.action for r in store.activity()] == ["upload", "grant"]
    store.close()

    for sql in (
        "ALTER TABLE activity DISABLE TRIGGER ALL",
        "ALTER TABLE activity DISABLE TRIGGER activity_append_only",
        "UPDATE activity SET detail = 'rewritten'",
        "DELETE FROM activity",
        "TRUNCATE activity",
        "DROP TRIGGER activity_append_only ON activity",
        "CREATE TABLE sneaky (x int)",
    ):
        with pytest.raises(DBAPIError) as caught:
            _as(app_url, sql)
        message = str(caught.value.orig)
        assert "permission denied" in message or "must be owner" in message, (sql, message)
    # the owner still meets the trigger (the trail is append-only for every role)
    with pytest.raises(DBAPIError, match="活动记录只能追加"):
        _as(owner_url, "UPDATE activity SET detail = 'rewritten'")
    store = Store(url=app_url)
    assert "rewritten" not in {r.detail for r in store.activity()} and len(store.activity()) == 2
    store.close()


def test_app_role_reviews_but_may_only_append_to_the_review_history(two_roles, monkeypatch):
    owner_url, app_url, app_role = two_roles
    db.migrate(create_engine(owner_url, poolclass=NullPool), app_role)
    ops = Actor("cli:ops", kind="cli")
    store = Store(url=app_url)
    store.save(make_workbook(), xlsx("a"), "a.xlsx", actor=ops)
    store.act("submit", "市教育局", 2023, actor=ops)
    store.act("return", "市教育局", 2023, actor=ops, comment="请补充")
    assert store.review("市教育局", 2023).state == "returned"
    store.close()
    for sql in ("UPDATE review_events SET comment = 'x'", "DELETE FROM review_events"):
        with pytest.raises(DBAPIError, match="permission denied"):
            _as(app_url, sql)
    assert Store(url=app_url).review("市教育局", 2023).events[-1].comment == "请补充"


def test_app_role_is_told_to_run_the_migration(two_roles):
    owner_url, app_url, app_role = two_roles
    db.migrate(create_engine(owner_url, poolclass=NullPool), app_role)
    _as(owner_url, "UPDATE meta SET value = 3 WHERE key = 'schema_version'")
    with pytest.raises(db.MigrationNeeded, match="python -m perfeval migrate --app-role"):
        Store(url=app_url).engine()


def test_sqlite_refuses_insert_or_replace_on_the_trail(tmp_path):
    store = Store(tmp_path / "s")
    store.save(make_workbook(), xlsx("a"), "a.xlsx")
    store.close()
    conn = sqlite3.connect(tmp_path / "s" / DB_NAME)
    first = conn.execute("SELECT id, detail FROM activity").fetchone()
    for sql in (
        "INSERT OR REPLACE INTO activity (id, at, subject, action, result) VALUES (?, 'x', 'x', 'x', 'x')",
        "REPLACE INTO activity (id, at, subject, action, result) VALUES (?, 'x', 'x', 'x', 'x')",
        "INSERT INTO activity (id, at, subject, action, result) VALUES (?, 'x', 'x', 'x', 'x')"
        " ON CONFLICT(id) DO UPDATE SET detail = 'x'",
        "UPDATE activity SET detail = 'x' WHERE id = ?",
        "DELETE FROM activity WHERE id = ?",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="活动记录只能追加"):
            conn.execute(sql, (first[0],))
    assert conn.execute("SELECT id, detail FROM activity").fetchall() == [first]
    conn.close()


def test_a_schema_3_sqlite_store_gets_the_replace_trigger(tmp_path):
    store = Store(tmp_path / "s")
    store.save(make_workbook(), xlsx("a"), "a.xlsx")
    store.close()
    conn = sqlite3.connect(tmp_path / "s" / DB_NAME)
    conn.execute("DROP TRIGGER activity_no_replace")  # as a store of schema 3 was
    conn.execute("UPDATE meta SET value = 3 WHERE key = 'schema_version'")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    Store(tmp_path / "s").engine()  # opening migrates
    conn = sqlite3.connect(tmp_path / "s" / DB_NAME)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert "activity_no_replace" in names
    conn.close()
