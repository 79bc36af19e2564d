"""The archive of uploaded workbooks: every version of every unit-year, and the original files.
The only code that writes to disk: one SQLite file, every write one atomic transaction."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from perfeval.schema import Workbook

DEFAULT_STORE = Path(__file__).resolve().parent.parent / "data" / "store"
STORE_ENV = "PERFEVAL_STORE"
DB_NAME = "perfeval.sqlite3"
SCHEMA_VERSION = 2  # 2: version_files (a version made of several files)
BUSY_TIMEOUT_MS = 10_000

# The number the next version of a unit-year gets: one past the highest, deleted ones included.
_NEXT_VERSION = "SELECT COALESCE(MAX(version), 0) + 1 FROM versions WHERE unit = ? AND year = ?"

# One pointer row per unit-year that has a live version: exactly one current by construction.
# `pinned` is 1 when an editor chose the version (restore); otherwise the current version is
# always the newest non-deleted one. Workbook JSON and original bytes live in their own tables
# so that listing versions never reads them.
_SCHEMA = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', 0);
CREATE TABLE IF NOT EXISTS originals (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    sha256 TEXT NOT NULL REFERENCES originals (sha256),
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    spending_rows INTEGER NOT NULL,
    indicator_rows INTEGER NOT NULL,
    UNIQUE (unit, year, version),
    UNIQUE (unit, year, id)
);
CREATE INDEX IF NOT EXISTS versions_sha256 ON versions (sha256);
CREATE TABLE IF NOT EXISTS workbooks (
    version_id INTEGER PRIMARY KEY REFERENCES versions (id),
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS version_files (
    version_id INTEGER NOT NULL REFERENCES versions (id),
    position INTEGER NOT NULL CHECK (position >= 0),
    sha256 TEXT NOT NULL REFERENCES originals (sha256),
    filename TEXT NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (version_id, position)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS current (
    unit TEXT NOT NULL,
    year INTEGER NOT NULL,
    version_id INTEGER NOT NULL UNIQUE,
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    PRIMARY KEY (unit, year),
    FOREIGN KEY (unit, year, version_id) REFERENCES versions (unit, year, id)
) WITHOUT ROWID;
PRAGMA user_version = {SCHEMA_VERSION};
COMMIT;
"""

_VERSION_SELECT = """
SELECT v.id, v.unit, v.year, v.version, v.sha256, v.filename, v.size, v.uploaded_at,
       c.version_id IS NOT NULL, v.deleted, v.note, v.spending_rows, v.indicator_rows
FROM versions v LEFT JOIN current c ON c.version_id = v.id
"""


def store_path(explicit: str | os.PathLike | None = None) -> Path:
    """The store folder: `explicit`, else $PERFEVAL_STORE, else data/store in the repository."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit)
    env = os.environ.get(STORE_ENV, "").strip()
    return Path(env) if env else DEFAULT_STORE


@dataclass(frozen=True)
class Version:
    """One stored upload of a unit-year (without its workbook or original bytes)."""

    id: int
    unit: str
    year: int
    version: int  # 1, 2, 3 … per unit-year
    sha256: str
    filename: str
    size: int
    uploaded_at: str  # ISO 8601 UTC
    current: bool
    deleted: bool
    note: str
    spending_rows: int
    indicator_rows: int

    @classmethod
    def _from_row(cls, row: tuple) -> Version:
        (vid, unit, year, number, sha, filename, size, at, cur, deleted, note, sp, ind) = row
        return cls(
            id=vid,
            unit=unit,
            year=year,
            version=number,
            sha256=sha,
            filename=filename,
            size=size,
            uploaded_at=at,
            current=bool(cur),
            deleted=bool(deleted),
            note=note,
            spending_rows=sp,
            indicator_rows=ind,
        )


@dataclass(frozen=True)
class StoredFile:
    """One original file of a version (a version made from several forms keeps each)."""

    sha256: str
    filename: str
    size: int


@dataclass(frozen=True)
class Upload:
    """An upload made ready outside the write lock: serialised, hashed, counted."""

    unit: str
    year: int
    json: str
    original: bytes
    sha256: str
    filename: str
    note: str
    spending_rows: int
    indicator_rows: int
    # Originals beyond `original` when the version is made of several files: (sha256, name, bytes).
    more: tuple[tuple[str, str, bytes], ...] = ()


def _retry_locked(action: Callable[[], object]) -> None:
    """Run an SQLite statement that the busy handler does not cover, retrying while locked."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            action()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def prepare(workbook: Workbook, original: bytes, filename: str, note: str = "") -> Upload:
    """Serialise, hash and count an upload; pure, so it can run in a worker process."""
    unit = workbook.unit if isinstance(workbook.unit, str) else ""
    if not unit.strip():
        raise ValueError("工作簿缺少单位名称，无法保存：请在「基本信息」中填写单位名称")
    if isinstance(workbook.year, bool) or not isinstance(workbook.year, int):
        raise ValueError(f"「{unit}」的年度「{workbook.year}」不是整数，无法保存")
    if not isinstance(original, bytes | bytearray | memoryview):
        raise TypeError("原始文件必须是字节串（bytes）")
    data = bytes(original)
    return Upload(
        unit=unit,
        year=workbook.year,
        json=workbook.to_json(),
        original=data,
        sha256=hashlib.sha256(data).hexdigest(),
        filename=str(filename),
        note=str(note or ""),
        spending_rows=len(workbook.spending),
        indicator_rows=len(workbook.indicators),
    )


def prepare_files(workbook: Workbook, files: list[tuple[str, bytes]], note: str = "") -> Upload:
    """`prepare` for a workbook combined from several files: every original is kept."""
    (first_name, first), *rest = files
    upload = prepare(workbook, first, first_name, note)
    more = tuple((hashlib.sha256(data).hexdigest(), str(name), bytes(data)) for name, data in rest)
    return replace(upload, more=more)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _no_version(unit: str, year: int, version: int | None = None) -> KeyError:
    if version is None:
        return KeyError(f"没有「{unit}」{year}年度的数据：请先上传该单位该年度的工作簿")
    return KeyError(f"没有「{unit}」{year}年度的第{version}版")


class Store:
    """Versions of workbooks per unit-year in root/perfeval.sqlite3; safe to share across threads."""

    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self.root = store_path(root)
        self.path = self.root / DB_NAME
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None
        self._inherited: list[sqlite3.Connection] = []  # never touched after a fork

    # ------------------------------------------------------------ connection
    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        if self._conn is not None:
            # Forked: a connection must not be used (nor closed) in the child; keep it alive.
            self._inherited.append(self._conn)
            self._conn = None
        self.root.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,  # we issue BEGIN IMMEDIATE / COMMIT ourselves
            check_same_thread=False,  # guarded by self._lock
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # WAL is a property of the file, set once. Asking for it again on every connection
            # takes a lock that the busy timeout does not cover: under load a reader or writer
            # in another thread then got "database is locked" (seen in the thread stress test).
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                _retry_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                try:
                    conn.executescript(_SCHEMA)
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
        except BaseException:
            conn.close()
            raise
        self._conn, self._pid = conn, os.getpid()
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE … bump the generation … COMMIT, or nothing."""
        with self._lock:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._connection().execute(sql, params).fetchall()

    # ------------------------------------------------------------ writing
    def save(self, workbook: Workbook, original: bytes, filename: str, note: str = "") -> Version:
        """Store one checked workbook as the next version of its unit-year and make it current."""
        return self._save([prepare(workbook, original, filename, note)])[0]

    def save_many(self, items: list[tuple[Workbook, bytes, str]], note: str = "") -> list[Version]:
        """Store several uploads in one transaction: all of them, or none."""
        return self._save([prepare(wb, data, name, note) for wb, data, name in items])

    def save_prepared(self, uploads: list[Upload]) -> list[Version]:
        """Store uploads made ready by `prepare` (e.g. in worker processes), in one transaction."""
        return self._save(uploads)

    def _save(self, uploads: list[Upload]) -> list[Version]:
        if not uploads:
            return []
        with self._write() as conn:
            ids = [self._insert(conn, upload) for upload in uploads]
            return [self._version_by_id(conn, vid) for vid in ids]

    def _insert(self, conn: sqlite3.Connection, up: Upload) -> int:
        conn.execute(
            "INSERT OR IGNORE INTO originals (sha256, size, data) VALUES (?, ?, ?)",
            (up.sha256, len(up.original), up.original),
        )
        (number,) = conn.execute(
            _NEXT_VERSION,
            (up.unit, up.year),
        ).fetchone()
        cur = conn.execute(
            "INSERT INTO versions (unit, year, version, sha256, filename, size, uploaded_at,"
            " note, spending_rows, indicator_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                up.unit,
                up.year,
                number,
                up.sha256,
                f"{up.filename} 等{len(up.more) + 1}个文件" if up.more else up.filename,
                len(up.original),
                _now(),
                up.note,
                up.spending_rows,
                up.indicator_rows,
            ),
        )
        vid = int(cur.lastrowid)
        conn.execute("INSERT INTO workbooks (version_id, json) VALUES (?, ?)", (vid, up.json))
        self._insert_files(conn, vid, up)
        self._point(conn, up.unit, up.year, vid, pinned=False)
        return vid

    @staticmethod
    def _insert_files(conn: sqlite3.Connection, vid: int, up: Upload) -> None:
        """Every original of a version made of several files (one file: the versions row says it)."""
        if not up.more:
            return
        files = ((up.sha256, up.filename, up.original), *up.more)
        for position, (sha, name, data) in enumerate(files):
            conn.execute(
                "INSERT OR IGNORE INTO originals (sha256, size, data) VALUES (?, ?, ?)",
                (sha, len(data), data),
            )
            conn.execute(
                "INSERT INTO version_files (version_id, position, sha256, filename, size)"
                " VALUES (?, ?, ?, ?, ?)",
                (vid, position, sha, name, len(data)),
            )

    @staticmethod
    def _point(conn: sqlite3.Connection, unit: str, year: int, vid: int, pinned: bool) -> None:
        conn.execute(
            "INSERT INTO current (unit, year, version_id, pinned) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (unit, year) DO UPDATE"
            " SET version_id = excluded.version_id, pinned = excluded.pinned",
            (unit, year, vid, int(pinned)),
        )

    @classmethod
    def _repoint(cls, conn: sqlite3.Connection, unit: str, year: int) -> None:
        """Make the newest non-deleted version current, or drop the unit-year if none is left."""
        row = conn.execute(
            "SELECT id FROM versions WHERE unit = ? AND year = ? AND deleted = 0"
            " ORDER BY version DESC LIMIT 1",
            (unit, year),
        ).fetchone()
        if row is None:
            conn.execute("DELETE FROM current WHERE unit = ? AND year = ?", (unit, year))
        else:
            cls._point(conn, unit, year, row[0], pinned=False)

    @staticmethod
    def _version_by_id(conn: sqlite3.Connection, vid: int) -> Version:
        return Version._from_row(
            conn.execute(_VERSION_SELECT + " WHERE v.id = ?", (vid,)).fetchone()
        )

    @staticmethod
    def _find(conn: sqlite3.Connection, unit: str, year: int, version: int) -> Version:
        row = conn.execute(
            _VERSION_SELECT + " WHERE v.unit = ? AND v.year = ? AND v.version = ?",
            (unit, year, version),
        ).fetchone()
        if row is None:
            raise _no_version(unit, year, version)
        return Version._from_row(row)

    def restore(self, unit: str, year: int, version: int) -> Version:
        """Make an older (or any live) version current; it stays current until the next upload."""
        with self._write() as conn:
            found = self._find(conn, unit, year, version)
            if found.deleted:
                raise ValueError(f"第{version}版已删除，请先恢复删除")
            self._point(conn, unit, year, found.id, pinned=True)
            return self._version_by_id(conn, found.id)

    def delete(self, unit: str, year: int, version: int) -> Version:
        """Soft delete; if it was current, the newest remaining live version becomes current."""
        with self._write() as conn:
            found = self._find(conn, unit, year, version)
            conn.execute("UPDATE versions SET deleted = 1 WHERE id = ?", (found.id,))
            if found.current:
                self._repoint(conn, unit, year)
            return self._version_by_id(conn, found.id)

    def undelete(self, unit: str, year: int, version: int) -> Version:
        """Undo a delete. Unless an editor pinned a version, the newest live one is current."""
        with self._write() as conn:
            found = self._find(conn, unit, year, version)
            conn.execute("UPDATE versions SET deleted = 0 WHERE id = ?", (found.id,))
            pin = conn.execute(
                "SELECT pinned FROM current WHERE unit = ? AND year = ?", (unit, year)
            ).fetchone()
            if pin is None or not pin[0]:
                self._repoint(conn, unit, year)
            return self._version_by_id(conn, found.id)

    # ------------------------------------------------------------ reading
    def generation(self) -> int:
        """A number that changes with every write, in any process: a cache key."""
        return int(self._query("SELECT value FROM meta WHERE key = 'generation'")[0][0])

    def is_empty(self) -> bool:
        """True when nothing was ever saved (deleted versions count as saved)."""
        return not self._query("SELECT 1 FROM versions LIMIT 1")

    def units(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT unit FROM current ORDER BY unit")]

    def years(self, unit: str) -> list[int]:
        rows = self._query("SELECT year FROM current WHERE unit = ? ORDER BY year", (unit,))
        return [r[0] for r in rows]

    def current(self, unit: str, year: int) -> Version | None:
        rows = self._query(
            _VERSION_SELECT + " WHERE c.unit = ? AND c.year = ?",
            (unit, year),
        )
        return Version._from_row(rows[0]) if rows else None

    def next_version(self, unit: str, year: int) -> int:
        """The number the next save of this unit-year gets (deleted versions keep theirs)."""
        rows = self._query(
            _NEXT_VERSION,
            (unit, year),
        )
        return int(rows[0][0])

    def versions(
        self, unit: str | None = None, year: int | None = None, include_deleted: bool = True
    ) -> list[Version]:
        """Versions, newest last within each unit-year, sorted by unit, year, version."""
        where, params = [], []
        if unit is not None:
            where.append("v.unit = ?")
            params.append(unit)
        if year is not None:
            where.append("v.year = ?")
            params.append(year)
        if not include_deleted:
            where.append("v.deleted = 0")
        sql = _VERSION_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        rows = self._query(sql + " ORDER BY v.unit, v.year, v.version", tuple(params))
        return [Version._from_row(r) for r in rows]

    def load(self, unit: str, year: int, version: int | None = None) -> Workbook:
        """The current workbook of a unit-year, or a given version (deleted ones too)."""
        if version is None:
            rows = self._query(
                "SELECT w.json FROM current c JOIN workbooks w ON w.version_id = c.version_id"
                " WHERE c.unit = ? AND c.year = ?",
                (unit, year),
            )
        else:
            rows = self._query(
                "SELECT w.json FROM versions v JOIN workbooks w ON w.version_id = v.id"
                " WHERE v.unit = ? AND v.year = ? AND v.version = ?",
                (unit, year, version),
            )
        if not rows:
            raise _no_version(unit, year, version)
        return Workbook.from_json(rows[0][0])

    def history(self, unit: str) -> dict[int, Workbook]:
        """The current workbook of every year of a unit, by year ascending, in one query."""
        rows = self._query(
            "SELECT c.year, w.json FROM current c JOIN workbooks w ON w.version_id = c.version_id"
            " WHERE c.unit = ? ORDER BY c.year",
            (unit,),
        )
        return {year: Workbook.from_json(text) for year, text in rows}

    def current_ids(self) -> dict[tuple[str, int], int]:
        """(unit, year) → id of its current version, for every stored unit-year: one query.
        A version's content never changes, so the id is a cache key for what is computed from it."""
        rows = self._query("SELECT unit, year, version_id FROM current")
        return {(unit, year): vid for unit, year, vid in rows}

    def documents(self, ids: list[int]) -> dict[int, dict]:
        """The stored form (`Workbook.to_dict`) of the given version ids, unknown ids left out,
        without building tables: `Workbook.from_dict` makes one where a model is needed."""
        out: dict[int, dict] = {}
        for start in range(0, len(ids), 500):  # SQLite's bound-variable limit
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT version_id, json FROM workbooks WHERE version_id IN ({marks})",
                tuple(chunk),
            )
            out.update({vid: json.loads(text) for vid, text in rows})
        return out

    def original(self, sha256: str) -> bytes:
        """The uploaded file, byte for byte."""
        rows = self._query("SELECT data FROM originals WHERE sha256 = ?", (sha256,))
        if not rows:
            raise KeyError(f"没有找到原始文件（sha256 {sha256}）")
        return bytes(rows[0][0])

    def files(self, version: Version) -> list[StoredFile]:
        """The original files of a version, in the order given; older versions have one."""
        rows = self._query(
            "SELECT sha256, filename, size FROM version_files WHERE version_id = ? ORDER BY position",
            (version.id,),
        )
        if not rows:
            return [StoredFile(version.sha256, version.filename, version.size)]
        return [StoredFile(*row) for row in rows]
