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
from perfeval.store.review import STATES

DATABASE_URL_ENV = "PERFEVAL_DATABASE_URL"
BUSY_TIMEOUT_MS = 10_000
# 1: versions, originals, workbooks, current (the first SQLite store)
# 2: version_files (a version made of several files)
# 3: version_counters, grants, activity; the schema version kept in meta on every backend
# 4: SQLite refuses an INSERT that would replace a trail row (INSERT OR REPLACE fires no
#    DELETE trigger); PostgreSQL grants an app role INSERT and SELECT only on the trail;
#    refusal_folds (repeated refusals counted, not written)
# 5: reviews, review_events, review_notes (报送 → 审核 → 定稿); grants may name the reviewer role
SCHEMA_VERSION = 5
APP_ROLE_ENV = "PERFEVAL_APP_ROLE"  # PostgreSQL: the servers' role, granted by the migration
# Any 64-bit number: the PostgreSQL advisory lock that makes one server migrate at a time.
MIGRATION_LOCK = 0x70657266_6576616C

metadata = MetaData()


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


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
    Column("role", Text, nullable=False),
    Column("granted_by", Text, nullable=False),
    Column("granted_at", Text, nullable=False),
    PrimaryKeyConstraint("subject", "unit"),
    CheckConstraint(f"role IN ({_quoted(ROLES)})", name="grants_role"),
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
# A person's further refusals within one minute, counted against that minute's trail row
# instead of being written one by one (the row itself never changes).
refusal_folds = Table(
    "refusal_folds",
    metadata,
    Column("activity_id", Integer, ForeignKey("activity.id"), primary_key=True),
    Column("count", Integer, nullable=False),
)

# The review state of a unit-year (perfeval/store/review.py): one row once anyone acted on it,
# none while it is 填报中 from the start. `step` counts its transitions; `version` is the version
# number the last one concerned; `score` the 复核得分 (exact decimal text) while it stands.
reviews = Table(
    "reviews",
    metadata,
    Column("unit", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("state", Text, nullable=False),
    Column("version", Integer),
    Column("score", Text),
    Column("step", Integer, CheckConstraint("step >= 1"), nullable=False),
    Column("changed_by", Text, nullable=False),
    Column("changed_at", Text, nullable=False),
    PrimaryKeyConstraint("unit", "year"),
    CheckConstraint(f"state IN ({_quoted(STATES)})", name="reviews_state"),
    sqlite_with_rowid=False,
)
# Every transition with its comment (a return's comment, a reopen's reason, an approval's note).
review_events = Table(
    "review_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("step", Integer, nullable=False),
    Column("action", Text, nullable=False),
    Column("from_state", Text, nullable=False),
    Column("to_state", Text, nullable=False),
    Column("version", Integer),
    Column("score", Text),
    Column("comment", Text, nullable=False, default=""),
    Column("subject", Text, nullable=False),
    Column("name", Text, nullable=False, default=""),
    Column("at", Text, nullable=False),
    UniqueConstraint("unit", "year", "step"),
)
# Comments on single findings of a transition, keyed by the finding's stable key
# (schema.Problem.key); `finding` keeps its text as the reviewer saw it.
review_notes = Table(
    "review_notes",
    metadata,
    Column("event_id", Integer, ForeignKey("review_events.id"), nullable=False),
    Column("position", Integer, CheckConstraint("position >= 0"), nullable=False),
    Column("finding_key", Text, nullable=False),
    Column("finding", Text, nullable=False),
    Column("comment", Text, nullable=False),
    PrimaryKeyConstraint("event_id", "position"),
    sqlite_with_rowid=False,
)

APPEND_ONLY = "活动记录只能追加，不能修改或删除"
_SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS activity_no_{op.lower()} BEFORE {op} ON activity"
    f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for op in ("UPDATE", "DELETE")
] + [
    # INSERT OR REPLACE (and REPLACE, INSERT OR IGNORE) on an existing id: refused before the
    # conflict is resolved, so a row is never rewritten without a DELETE trigger firing
    "CREATE TRIGGER IF NOT EXISTS activity_no_replace BEFORE INSERT ON activity"
    " WHEN EXISTS (SELECT 1 FROM activity WHERE id = NEW.id)"
    f" BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
]
# The tables the servers write (everything but the trail, which they may only append to).
_APP_TABLES = (
    "meta",
    "originals",
    "versions",
    "workbooks",
    "version_files",
    "current",
    "version_counters",
    "grants",
    "refusal_folds",
    "reviews",
)
# A review's history, like the trail, is only read and appended to by the servers.
_APP_APPEND_ONLY = ("review_events", "review_notes")
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
        cur.execute("PRAGMA recursive_triggers = ON")  # a REPLACE's delete fires the triggers
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


class MigrationNeeded(RuntimeError):
    """The database's schema is older than this perfeval and the role connected may not change it."""


def migrate(engine: Engine, app_role: str | None = None) -> int:
    """Bring the database to SCHEMA_VERSION in one transaction, one server at a time; returns
    the version found. Existing rows are never rewritten: new tables are added and filled.
    On PostgreSQL, `app_role` (or $PERFEVAL_APP_ROLE) is granted what the servers need: every
    table but the trail in full, the trail INSERT and SELECT only (docs/deploy.md)."""
    write = {"perfeval_write": True}
    app_role = app_role if app_role is not None else os.environ.get(APP_ROLE_ENV, "").strip()
    with engine.connect().execution_options(**write) as conn, conn.begin():
        if is_postgres(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        found = _stored_version(conn)
        if found >= SCHEMA_VERSION:
            if app_role and is_postgres(engine) and _owns_schema(conn):
                grant_app_role(conn, app_role)
            return found
        if is_postgres(engine) and found and not _owns_schema(conn):
            raise MigrationNeeded(
                f"数据库结构是第{found}版，本程序需要第{SCHEMA_VERSION}版；当前数据库角色无权修改结构。"
                "请用迁移角色（表的所有者）运行：PERFEVAL_DATABASE_URL=<迁移角色的地址> "
                "python -m perfeval migrate --app-role <应用角色>"
            )
        if found in (3, 4):  # grants exist, checked for schema 3's three roles
            _widen_grant_roles(conn)
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
        if app_role and is_postgres(engine):
            grant_app_role(conn, app_role)
    return found


def _widen_grant_roles(conn: Connection) -> None:
    """Schema 3's grants allowed viewer/editor/admin only: let them name every role of ROLES.
    PostgreSQL swaps the check; SQLite, which cannot alter a constraint, rebuilds the table
    (the copy is made before create_all creates the new one, inside the same transaction)."""
    if conn.dialect.name == "postgresql":
        for check in inspect(conn).get_check_constraints("grants"):
            if "role" in check["sqltext"]:
                conn.execute(text(f'ALTER TABLE grants DROP CONSTRAINT "{check["name"]}"'))
        conn.execute(
            text(
                f"ALTER TABLE grants ADD CONSTRAINT grants_role CHECK (role IN ({_quoted(ROLES)}))"
            )
        )
        return
    conn.exec_driver_sql("ALTER TABLE grants RENAME TO grants_schema3")
    grants.create(conn)
    conn.exec_driver_sql(
        "INSERT INTO grants (subject, unit, role, granted_by, granted_at)"
        " SELECT subject, unit, role, granted_by, granted_at FROM grants_schema3"
    )
    conn.exec_driver_sql("DROP TABLE grants_schema3")


def _owns_schema(conn: Connection) -> bool:
    """Whether the connected role owns the trail table (and so may change the schema)."""
    return bool(
        conn.execute(
            text(
                "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables"
                " WHERE schemaname = current_schema() AND tablename = 'activity'"
            )
        ).scalar()
    )


def grant_app_role(conn: Connection, role: str) -> None:
    """The servers' role: no ownership (so no ALTER TABLE … DISABLE TRIGGER), every table but the
    trail read and written, the trail only read and appended to."""
    quoted = conn.dialect.identifier_preparer.quote(role)
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    where = conn.dialect.identifier_preparer.quote(schema)
    conn.execute(text(f"GRANT USAGE ON SCHEMA {where} TO {quoted}"))
    tables = ", ".join(f"{where}.{t}" for t in _APP_TABLES)
    conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {quoted}"))
    conn.execute(text(f"REVOKE ALL ON {where}.activity FROM {quoted}"))
    conn.execute(text(f"REVOKE ALL ON {where}.activity FROM PUBLIC"))
    conn.execute(text(f"GRANT SELECT, INSERT ON {where}.activity TO {quoted}"))
    history = ", ".join(f"{where}.{t}" for t in _APP_APPEND_ONLY)
    conn.execute(text(f"REVOKE ALL ON {history} FROM {quoted}"))
    conn.execute(text(f"GRANT SELECT, INSERT ON {history} TO {quoted}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {quoted}"))


def _set_meta(conn: Connection, key: str, value: int | None) -> None:
    """Set meta[key] to value, or only make sure it exists (value None → 0 if missing)."""
    exists = conn.execute(meta.select().where(meta.c.key == key)).first() is not None
    if not exists:
        conn.execute(meta.insert().values(key=key, value=value or 0))
    elif value is not None:
        conn.execute(meta.update().where(meta.c.key == key).values(value=value))
