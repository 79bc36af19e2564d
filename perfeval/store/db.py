"""The store's one schema (SQLAlchemy Core) for SQLite and PostgreSQL, the engines and the
migration step run at start-up: the stored schema version says which steps are still due."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Column,
    Connection,
    Engine,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)

from perfeval.store.access import ALL_UNITS, ROLES  # noqa: F401  (the grants' vocabulary)

DATABASE_URL_ENV = "PERFEVAL_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000
# 1: versions, originals, workbooks, current (the first SQLite store)
# 2: version_files (a version made of several files)
# 3: version_counters, grants, activity; the schema version kept in meta on every backend
SCHEMA_VERSION = 3
# Any 64-bit number: the PostgreSQL advisory lock that makes one server migrate at a time.
MIGRATION_LOCK = 0x70657266_6576616C

metadata = MetaData()

# key 'generation' (a counter bumped by every write: the servers' cache key) and
# 'schema_version'. SQLite stores of schema 1 and 2 kept the version in PRAGMA user_version.
meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Integer, nullable=False),
    sqlite_with_rowid=False,
)
originals = Table(
    "originals",
    metadata,
    Column("sha256", Text, primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)
versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, CheckConstraint("version >= 1"), nullable=False),
    Column("sha256", Text, ForeignKey("originals.sha256"), nullable=False),
    Column("filename", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("uploaded_at", Text, nullable=False),
    Column("deleted", Integer, CheckConstraint("deleted IN (0, 1)"), nullable=False, default=0),
    Column("note", Text, nullable=False, default=""),
    Column("spending_rows", Integer, nullable=False),
    Column("indicator_rows", Integer, nullable=False),
    UniqueConstraint("unit", "year", "version"),
    UniqueConstraint("unit", "year", "id"),
)
Index("versions_sha256", versions.c.sha256)
workbooks = Table(
    "workbooks",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("json", Text, nullable=False),
)
version_files = Table(
    "version_files",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=False),
    Column("position", Integer, CheckConstraint("position >= 0"), nullable=False),
    Column("sha256", Text, ForeignKey("originals.sha256"), nullable=False),
    Column("filename", Text, nullable=False),
    Column("size", Integer, nullable=False),
    PrimaryKeyConstraint("version_id", "position"),
    sqlite_with_rowid=False,
)
# Exactly one current version per unit-year that has a live one; pinned = an editor chose it.
current = Table(
    "current",
    metadata,
    Column("unit", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("version_id", Integer, nullable=False, unique=True),
    Column("pinned", Integer, CheckConstraint("pinned IN (0, 1)"), nullable=False, default=0),
    PrimaryKeyConstraint("unit", "year"),
    ForeignKeyConstraint(
        ["unit", "year", "version_id"], ["versions.unit", "versions.year", "versions.id"]
    ),
    sqlite_with_rowid=False,
)
# The last version number given per unit-year. Taken by one upsert that locks the row, so
# concurrent writers on any backend get 1, 2, 3 … with no gap and no duplicate.
version_counters = Table(
    "version_counters",
    metadata,
    Column("unit", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    PrimaryKeyConstraint("unit", "year"),
    sqlite_with_rowid=False,
)
grants = Table(
    "grants",
    metadata,
    Column("subject", Text, nullable=False),
    Column("unit", Text, nullable=False),  # ALL_UNITS or a unit name
    Column("role", Text, CheckConstraint("role IN ('viewer', 'editor', 'admin')"), nullable=False),
    Column("granted_by", Text, nullable=False),
    Column("granted_at", Text, nullable=False),
    PrimaryKeyConstraint("subject", "unit"),
)
# Append-only: triggers refuse UPDATE and DELETE on both backends.
activity = Table(
    "activity",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Text, nullable=False),  # ISO 8601 UTC
    Column("subject", Text, nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("action", Text, nullable=False),
    Column("unit", Text, nullable=False, default=""),
    Column("year", Integer),
    Column("version", Integer),
    Column("filename", Text, nullable=False, default=""),
    Column("sha256", Text, nullable=False, default=""),
    Column("result", Text, nullable=False),
    Column("detail", Text, nullable=False, default=""),
)
Index("activity_unit_year", activity.c.unit, activity.c.year)

APPEND_ONLY = "活动记录只能追加，不能修改或删除"
_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS activity_no_{op.lower()} BEFORE {op} ON activity"
    f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for op in ("UPDATE", "DELETE")
]
_PG_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION perfeval_activity_append_only() RETURNS trigger"
    f" LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$",
    "DROP TRIGGER IF EXISTS activity_append_only ON activity",
    "CREATE TRIGGER activity_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON activity"
    " FOR EACH STATEMENT EXECUTE FUNCTION perfeval_activity_append_only()",
]


def database_url(explicit: str | None = None) -> str | None:
    """The PostgreSQL (or any SQLAlchemy) URL: `explicit`, else $PERFEVAL_DATABASE_URL."""
    url = explicit if explicit is not None else os.environ.get(DATABASE_URL_ENV, "")
    return url.strip() or None


def sqlite_engine(path: Path) -> Engine:
    """SQLite with WAL, FULL sync, foreign keys; BEGIN IMMEDIATE for write transactions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # the begin hook below issues BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL is a property of the file, set once: asking again takes a lock the busy timeout
        # does not cover (seen as "database is locked" in the thread stress test).
        if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("perfeval_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def server_engine(url: str) -> Engine:
    """A PostgreSQL engine (psycopg 3): pooled connections, checked before use."""
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _stored_version(conn: Connection) -> int:
    """The schema version in the database: 0 when empty; SQLite stores of schema 1 and 2
    recorded it in PRAGMA user_version, not in meta."""
    tables = set(inspect(conn).get_table_names())
    if "meta" in tables:
        row = conn.execute(
            meta.select().with_only_columns(meta.c.value).where(meta.c.key == "schema_version")
        ).first()
        if row is not None:
            return int(row[0])
    if "versions" in tables and conn.dialect.name == "sqlite":
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    return 0


def migrate(engine: Engine) -> int:
    """Bring the database to SCHEMA_VERSION in one transaction, one server at a time; returns
    the version found. Existing rows are never rewritten: new tables are added and filled."""
    write = {"perfeval_write": True}
    with engine.connect().execution_options(**write) as conn, conn.begin():
        if is_postgres(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        found = _stored_version(conn)
        if found >= SCHEMA_VERSION:
            return found
        metadata.create_all(conn, checkfirst=True)
        for statement in _PG_TRIGGERS if is_postgres(engine) else _SQLITE_TRIGGERS:
            conn.execute(DDL(statement))
        if found < 3:
            # Version numbers given so far: the counters continue after them.
            conn.execute(
                version_counters.insert().from_select(
                    ["unit", "year", "last"],
                    select(versions.c.unit, versions.c.year, func.max(versions.c.version)).group_by(
                        versions.c.unit, versions.c.year
                    ),
                )
            )
        _set_meta(conn, "generation", None)
        _set_meta(conn, "schema_version", SCHEMA_VERSION)
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return found


def _set_meta(conn: Connection, key: str, value: int | None) -> None:
    """Set meta[key] to value, or only make sure it exists (value None → 0 if missing)."""
    exists = conn.execute(meta.select().where(meta.c.key == key)).first() is not None
    if not exists:
        conn.execute(meta.insert().values(key=key, value=value or 0))
    elif value is not None:
        conn.execute(meta.update().where(meta.c.key == key).values(value=value))
