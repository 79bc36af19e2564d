"""The archive of uploaded workbooks: every version of every unit-year, the original files, the
grants and the activity trail. SQLite in PERFEVAL_STORE, or PostgreSQL at PERFEVAL_DATABASE_URL."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from perfeval.fmt import printable
from perfeval.schema import Workbook
from perfeval.store import db
from perfeval.store.access import (
    EDITOR,
    Actor,
    Refused,
    Rights,
    change_refusal_text,
    cli_actor,
    refusal_text,
)
from perfeval.store.db import BUSY_TIMEOUT_MS, SCHEMA_VERSION  # noqa: F401  (re-exported)
from perfeval.store.db import current as t_current
from perfeval.store.db import meta as t_meta
from perfeval.store.db import originals as t_originals
from perfeval.store.db import version_counters as t_counters
from perfeval.store.db import version_files as t_files
from perfeval.store.db import versions as t_versions
from perfeval.store.db import workbooks as t_workbooks
from perfeval.store.grants import GrantsMixin
from perfeval.store.records import (  # noqa: F401  (the store's public names)
    ACT_DELETE,
    ACT_RESTORE,
    ACT_UNDELETE,
    ACT_UPLOAD,
    RESULT_OK,
    RESULT_REFUSED,
    Activity,
    StoredFile,
    Upload,
    Version,
    no_version,
    now,
    prepare,
    prepare_files,
    shown_filename,
)
from perfeval.store.reviews import ReviewsMixin

DEFAULT_STORE = Path(__file__).resolve().parents[2] / "data" / "store"
STORE_ENV = "PERFEVAL_STORE"
DB_NAME = "perfeval.sqlite3"


_v, _c = t_versions, t_current
_VERSION_SELECT = select(
    _v.c.id,
    _v.c.unit,
    _v.c.year,
    _v.c.version,
    _v.c.sha256,
    _v.c.filename,
    _v.c.size,
    _v.c.uploaded_at,
    _c.c.version_id.is_not(None),
    _v.c.deleted,
    _v.c.note,
    _v.c.spending_rows,
    _v.c.indicator_rows,
).select_from(_v.outerjoin(_c, _c.c.version_id == _v.c.id))


def store_path(explicit: str | os.PathLike | None = None) -> Path:
    """The store folder: `explicit`, else $PERFEVAL_STORE, else data/store in the repository."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    env = os.environ.get(STORE_ENV, "").strip()
    return Path(env) if env else DEFAULT_STORE


class Store(GrantsMixin, ReviewsMixin):
    """Versions of workbooks per unit-year; safe to share across threads and processes.
    `root` is the SQLite folder; `url` (or $PERFEVAL_DATABASE_URL when no root is given)
    a PostgreSQL database instead. Writes take the acting person and check their rights."""

    def __init__(self, root: str | os.PathLike | None = None, url: str | None = None) -> None:
        self.url = db.database_url(url) if url is not None or root is None else None
        self.root = store_path(root)
        self.path = self.root / DB_NAME
        self._engine: Engine | None = None
        self._pid: int | None = None
        self._lock = threading.Lock()

    @property
    def backend(self) -> str:
        return "postgresql" if self.url else "sqlite"

    @property
    def location(self) -> str:
        """Where the data is, for messages (a URL without its password)."""
        if not self.url:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    # ------------------------------------------------------------ engine
    def engine(self) -> Engine:
        """The engine, created and migrated on first use in each process."""
        with self._lock:
            if self._engine is not None and self._pid != os.getpid():
                self._engine.dispose(close=False)  # forked: leave the parent's connections be
            elif self._engine is not None:
                return self._engine
            if self._engine is None:
                self._engine = (
                    db.server_engine(self.url) if self.url else db.sqlite_engine(self.path)
                )
                db.migrate(self._engine)
            self._pid = os.getpid()
            return self._engine

    def close(self) -> None:
        with self._lock:
            if self._engine is not None and self._pid == os.getpid():
                self._engine.dispose()
            self._engine = None

    @contextmanager
    def _write(self, bump: bool = True) -> Iterator[Connection]:
        """One write transaction: BEGIN IMMEDIATE on SQLite; on PostgreSQL the generation row,
        updated first, locks out other writers until COMMIT. All of it, or nothing. `bump`
        False: a write to the trail alone, which no cache shows (the generation stays)."""
        conn = self.engine().connect().execution_options(perfeval_write=True)
        try:
            with conn.begin():
                if bump:
                    conn.execute(
                        t_meta.update()
                        .where(t_meta.c.key == "generation")
                        .values(value=t_meta.c.value + 1)
                    )
                yield conn
        finally:
            conn.close()

    def _read(self, statement) -> list:
        with self.engine().connect() as conn:
            return list(conn.execute(statement).all())

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Raw SQL in the driver's own placeholder style (tests and diagnostics)."""
        with self.engine().connect() as conn:
            return [tuple(r) for r in conn.exec_driver_sql(sql, params).all()]

    # ------------------------------------------------------------ writing
    def save(
        self,
        workbook: Workbook,
        original: bytes,
        filename: str,
        note: str = "",
        *,
        actor: Actor | None = None,
    ) -> Version:
        """Store one checked workbook as the next version of its unit-year and make it current."""
        return self._save([prepare(workbook, original, filename, note)], actor)[0]

    def save_many(
        self,
        items: list[tuple[Workbook, bytes, str]],
        note: str = "",
        *,
        actor: Actor | None = None,
    ) -> list[Version]:
        """Store several uploads in one transaction: all of them, or none."""
        return self._save([prepare(wb, data, name, note) for wb, data, name in items], actor)

    def save_prepared(self, uploads: list[Upload], *, actor: Actor | None = None) -> list[Version]:
        """Store uploads made ready by `prepare` (e.g. in worker processes), in one transaction."""
        return self._save(uploads, actor)

    def _save(self, uploads: list[Upload], actor: Actor | None) -> list[Version]:
        """`actor` None is the command line's OS user (`cli:<user>`), like `python -m perfeval`."""
        if not uploads:
            return []
        actor = actor or cli_actor()
        refused: Refused | None = None
        with self._write() as conn:
            rights = Rights.of(actor, [] if actor.trusted else self._grants(conn))
            denied = [up for up in uploads if not rights.may(EDITOR, up.unit)]
            why = refusal_text(denied[0].unit) if denied else None
            # The review state decides too: a submitted, approved or final unit-year is not
            # replaced (the page asks the same before 保存; this is where it holds for everyone).
            locks = [self._state_lock(conn, up.unit, up.year) for up in uploads] if not why else []
            why = why or next((lock for lock in locks if lock), None)
            if why:
                for up in uploads:
                    self._log_upload(conn, actor, up, None, RESULT_REFUSED, why)
                refused = Refused(why)
            else:
                ids = [self._insert(conn, upload) for upload in uploads]
                saved = [self._version_by_id(conn, vid) for vid in ids]
                for up, v in zip(uploads, saved, strict=True):
                    self._log_upload(conn, actor, up, v.version, RESULT_OK)
        if refused is not None:
            raise refused
        return saved

    @staticmethod
    def _insert_original(conn: Connection, sha: str, data: bytes) -> None:
        exists = conn.execute(
            select(t_originals.c.sha256).where(t_originals.c.sha256 == sha)
        ).first()
        if exists is None:
            conn.execute(t_originals.insert().values(sha256=sha, size=len(data), data=data))

    @staticmethod
    def _next_number(conn: Connection, unit: str, year: int) -> int:
        """The next version number of a unit-year: one upsert that locks the counter row."""
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        statement = (
            insert(t_counters)
            .values(unit=unit, year=year, last=1)
            .on_conflict_do_update(
                index_elements=["unit", "year"], set_={"last": t_counters.c.last + 1}
            )
            .returning(t_counters.c.last)
        )
        return int(conn.execute(statement).scalar_one())

    def _insert(self, conn: Connection, up: Upload) -> int:
        self._insert_original(conn, up.sha256, up.original)
        number = self._next_number(conn, up.unit, up.year)
        vid = conn.execute(
            t_versions.insert()
            .values(
                unit=up.unit,
                year=up.year,
                version=number,
                sha256=up.sha256,
                filename=shown_filename(up),
                size=len(up.original),
                uploaded_at=now(),
                deleted=0,
                note=up.note,
                spending_rows=up.spending_rows,
                indicator_rows=up.indicator_rows,
            )
            .returning(t_versions.c.id)
        ).scalar_one()
        conn.execute(t_workbooks.insert().values(version_id=vid, json=up.json))
        self._insert_files(conn, vid, up)
        self._point(conn, up.unit, up.year, vid, pinned=False)
        return int(vid)

    def _insert_files(self, conn: Connection, vid: int, up: Upload) -> None:
        """Every original of a version made of several files (one file: the versions row says it)."""
        if not up.more:
            return
        files = ((up.sha256, up.filename, up.original), *up.more)
        for position, (sha, name, data) in enumerate(files):
            self._insert_original(conn, sha, data)
            conn.execute(
                t_files.insert().values(
                    version_id=vid,
                    position=position,
                    sha256=sha,
                    filename=printable(name),
                    size=len(data),
                )
            )

    @staticmethod
    def _point(conn: Connection, unit: str, year: int, vid: int, pinned: bool) -> None:
        where = and_(t_current.c.unit == unit, t_current.c.year == year)
        found = conn.execute(select(t_current.c.version_id).where(where)).first()
        if found is None:
            conn.execute(
                t_current.insert().values(unit=unit, year=year, version_id=vid, pinned=int(pinned))
            )
        else:
            conn.execute(t_current.update().where(where).values(version_id=vid, pinned=int(pinned)))

    @classmethod
    def _repoint(cls, conn: Connection, unit: str, year: int) -> None:
        """Make the newest non-deleted version current, or drop the unit-year if none is left."""
        row = conn.execute(
            select(t_versions.c.id)
            .where(t_versions.c.unit == unit, t_versions.c.year == year, t_versions.c.deleted == 0)
            .order_by(t_versions.c.version.desc())
            .limit(1)
        ).first()
        if row is None:
            conn.execute(
                t_current.delete().where(t_current.c.unit == unit, t_current.c.year == year)
            )
        else:
            cls._point(conn, unit, year, row[0], pinned=False)

    @staticmethod
    def _version_by_id(conn: Connection, vid: int) -> Version:
        return Version._from_row(conn.execute(_VERSION_SELECT.where(_v.c.id == vid)).one())

    @staticmethod
    def _find(conn: Connection, unit: str, year: int, version: int) -> Version:
        row = conn.execute(
            _VERSION_SELECT.where(_v.c.unit == unit, _v.c.year == year, _v.c.version == version)
        ).first()
        if row is None:
            raise no_version(unit, year, version)
        return Version._from_row(row)

    @contextmanager
    def _change(self, actor: Actor | None, action: str, unit: str, year: int, version: int):
        """A version change by `actor`, checked against their rights and logged with it."""
        actor = actor or cli_actor()
        refused: Refused | None = None
        with self._write() as conn:
            rights = Rights.of(actor, [] if actor.trusted else self._grants(conn))
            text = None if rights.may(EDITOR, unit) else change_refusal_text(unit)
            text = text or self._state_lock(conn, unit, year)
            if text:
                self._log(
                    conn,
                    actor,
                    action,
                    RESULT_REFUSED,
                    unit=unit,
                    year=year,
                    version=version,
                    detail=text,
                )
                refused = Refused(text)
            else:
                found = self._find(conn, unit, year, version)
                yield conn, found
                self._log(
                    conn,
                    actor,
                    action,
                    unit=unit,
                    year=year,
                    version=version,
                    filename=found.filename,
                    sha256=found.sha256,
                )
        if refused is not None:
            raise refused

    def restore(self, unit: str, year: int, version: int, *, actor: Actor | None = None) -> Version:
        """Make an older (or any live) version current; it stays current until the next upload."""
        with self._change(actor, ACT_RESTORE, unit, year, version) as (conn, found):
            if found.deleted:
                raise ValueError(f"第{version}版已删除，请先恢复删除")
            self._point(conn, unit, year, found.id, pinned=True)
        return self._reread(found.id)

    def delete(self, unit: str, year: int, version: int, *, actor: Actor | None = None) -> Version:
        """Soft delete; if it was current, the newest remaining live version becomes current."""
        with self._change(actor, ACT_DELETE, unit, year, version) as (conn, found):
            conn.execute(t_versions.update().where(_v.c.id == found.id).values(deleted=1))
            if found.current:
                self._repoint(conn, unit, year)
        return self._reread(found.id)

    def undelete(
        self, unit: str, year: int, version: int, *, actor: Actor | None = None
    ) -> Version:
        """Undo a delete. Unless an editor pinned a version, the newest live one is current."""
        with self._change(actor, ACT_UNDELETE, unit, year, version) as (conn, found):
            conn.execute(t_versions.update().where(_v.c.id == found.id).values(deleted=0))
            pin = conn.execute(
                select(t_current.c.pinned).where(t_current.c.unit == unit, t_current.c.year == year)
            ).first()
            if pin is None or not pin[0]:
                self._repoint(conn, unit, year)
        return self._reread(found.id)

    def _reread(self, vid: int) -> Version:
        with self.engine().connect() as conn:
            return self._version_by_id(conn, vid)

    # ------------------------------------------------------------ reading
    def generation(self) -> int:
        """A number that changes with every write, by any server: a cache key."""
        return int(self._read(select(t_meta.c.value).where(t_meta.c.key == "generation"))[0][0])

    def is_empty(self) -> bool:
        """True when nothing was ever saved (deleted versions count as saved)."""
        return not self._read(select(t_versions.c.id).limit(1))

    def units(self) -> list[str]:
        rows = self._read(select(t_current.c.unit).distinct().order_by(t_current.c.unit))
        return [r[0] for r in rows]

    def years(self, unit: str) -> list[int]:
        rows = self._read(
            select(t_current.c.year).where(t_current.c.unit == unit).order_by(t_current.c.year)
        )
        return [r[0] for r in rows]

    def current(self, unit: str, year: int) -> Version | None:
        rows = self._read(_VERSION_SELECT.where(_c.c.unit == unit, _c.c.year == year))
        return Version._from_row(rows[0]) if rows else None

    def next_version(self, unit: str, year: int) -> int:
        """The number the next save of this unit-year gets (deleted versions keep theirs)."""
        rows = self._read(
            select(t_counters.c.last).where(t_counters.c.unit == unit, t_counters.c.year == year)
        )
        return int(rows[0][0]) + 1 if rows else 1

    def versions(
        self, unit: str | None = None, year: int | None = None, include_deleted: bool = True
    ) -> list[Version]:
        """Versions, newest last within each unit-year, sorted by unit, year, version."""
        statement = _VERSION_SELECT
        if unit is not None:
            statement = statement.where(_v.c.unit == unit)
        if year is not None:
            statement = statement.where(_v.c.year == year)
        if not include_deleted:
            statement = statement.where(_v.c.deleted == 0)
        rows = self._read(statement.order_by(_v.c.unit, _v.c.year, _v.c.version))
        return [Version._from_row(r) for r in rows]

    def load(self, unit: str, year: int, version: int | None = None) -> Workbook:
        """The current workbook of a unit-year, or a given version (deleted ones too)."""
        w = t_workbooks
        if version is None:
            statement = (
                select(w.c.json)
                .select_from(_c.join(w, w.c.version_id == _c.c.version_id))
                .where(_c.c.unit == unit, _c.c.year == year)
            )
        else:
            statement = (
                select(w.c.json)
                .select_from(_v.join(w, w.c.version_id == _v.c.id))
                .where(_v.c.unit == unit, _v.c.year == year, _v.c.version == version)
            )
        rows = self._read(statement)
        if not rows:
            raise no_version(unit, year, version)
        return Workbook.from_json(rows[0][0])

    def history(self, unit: str) -> dict[int, Workbook]:
        """The current workbook of every year of a unit, by year ascending, in one query."""
        w = t_workbooks
        rows = self._read(
            select(_c.c.year, w.c.json)
            .select_from(_c.join(w, w.c.version_id == _c.c.version_id))
            .where(_c.c.unit == unit)
            .order_by(_c.c.year)
        )
        return {year: Workbook.from_json(text) for year, text in rows}

    def current_ids(self) -> dict[tuple[str, int], int]:
        """(unit, year) → id of its current version, for every stored unit-year: one query.
        A version's content never changes, so the id is a cache key for what is computed from it."""
        rows = self._read(select(_c.c.unit, _c.c.year, _c.c.version_id))
        return {(unit, year): vid for unit, year, vid in rows}

    def documents(self, ids: list[int]) -> dict[int, dict]:
        """The stored form (`Workbook.to_dict`) of the given version ids, unknown ids left out,
        without building tables: `Workbook.from_dict` makes one where a model is needed."""
        w = t_workbooks
        out: dict[int, dict] = {}
        for start in range(0, len(ids), 500):  # SQLite's bound-variable limit
            chunk = ids[start : start + 500]
            rows = self._read(select(w.c.version_id, w.c.json).where(w.c.version_id.in_(chunk)))
            out.update({vid: json.loads(text) for vid, text in rows})
        return out

    def original(self, sha256: str) -> bytes:
        """The uploaded file, byte for byte."""
        rows = self._read(select(t_originals.c.data).where(t_originals.c.sha256 == sha256))
        if not rows:
            raise KeyError(f"没有找到原始文件（sha256 {sha256}）")
        return bytes(rows[0][0])

    def files(self, version: Version) -> list[StoredFile]:
        """The original files of a version, in the order given; older versions have one."""
        rows = self._read(
            select(t_files.c.sha256, t_files.c.filename, t_files.c.size)
            .where(t_files.c.version_id == version.id)
            .order_by(t_files.c.position)
        )
        if not rows:
            return [StoredFile(version.sha256, version.filename, version.size)]
        return [StoredFile(*row) for row in rows]

    def count(self, table: str) -> int:
        """Rows in one of the store's tables (tests and diagnostics)."""
        return int(self._read(select(func.count()).select_from(db.metadata.tables[table]))[0][0])
