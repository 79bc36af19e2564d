"""The store's grants and activity trail: who may do what, changed only by admins, and the
append-only record of every write, each in the same transaction as what it records."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import Connection, and_, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from perfeval.fmt import printable, printable_lines
from perfeval.store import db
from perfeval.store.access import (
    ADMIN,
    ROLE_NAMES,
    Actor,
    Grant,
    Refused,
    Rights,
    cli_actor,
    refusal_text,
)
from perfeval.store.db import activity as t_activity
from perfeval.store.db import grants as t_grants
from perfeval.store.db import refusal_folds as t_folds
from perfeval.store.records import (
    ACT_GRANT,
    ACT_REVOKE,
    ACT_UPLOAD,
    RESULT_OK,
    RESULT_REFUSED,
    Activity,
    Upload,
    now,
    shown_filename,
)


class GrantsMixin:
    """Grant, revoke, list grants, read the trail (mixed into Store)."""

    # ------------------------------------------------------------ rights and the trail
    def _grants(self, conn: Connection) -> list[Grant]:
        rows = conn.execute(
            select(
                t_grants.c.subject,
                t_grants.c.unit,
                t_grants.c.role,
                t_grants.c.granted_by,
                t_grants.c.granted_at,
            ).order_by(t_grants.c.subject, t_grants.c.unit)
        ).all()
        return [Grant(*row) for row in rows]

    def rights(self, actor: Actor) -> Rights:
        """What `actor` may do now (read on every call: a revoke counts at the next click)."""
        if actor.trusted:
            return Rights.of(actor, [])
        with self.engine().connect() as conn:
            return Rights.of(actor, self._grants(conn))

    @staticmethod
    def _log(conn: Connection, actor: Actor, action: str, result: str = RESULT_OK, **row) -> None:
        conn.execute(
            t_activity.insert().values(
                at=now(),
                subject=actor.subject,
                name=actor.name,
                action=action,
                result=result,
                **{
                    k: ("" if v is None and k in ("unit", "filename", "sha256") else v)
                    for k, v in row.items()
                },
            )
        )

    def record_refused(self, actor: Actor, uploads: list[Upload], reason: str = "") -> None:
        """Put refused uploads in the trail (the upload page refuses before calling save)."""
        for up in uploads:
            self.record_refusal(
                actor,
                reason or refusal_text(up.unit),
                filename=shown_filename(up),
                sha256=up.sha256,
                unit=up.unit,
                year=up.year,
            )

    def record_refusal(
        self,
        actor: Actor | None,
        reason: str,
        *,
        filename: str = "",
        sha256: str = "",
        unit: str = "",
        year: int | None = None,
        action: str = ACT_UPLOAD,
    ) -> bool:
        """A save refused (errors in the file, no right, a conflict between files) in the trail
        with its reason. A person's further refusals within the same minute are folded into the
        minute's first row: not written as rows, counted in refusal_folds against it (the trail
        shows "同一分钟内另有 N 次被拒绝"). True when a row was written."""
        actor = actor or cli_actor()
        minute = now()[:16]  # 2025-03-01T08:15
        with self._write(bump=False) as conn:
            a = t_activity
            earlier = conn.execute(
                select(a.c.id)
                .where(
                    a.c.subject == actor.subject,
                    a.c.result == RESULT_REFUSED,
                    a.c.at >= minute,
                )
                .limit(1)
            ).first()
            if earlier is not None:
                insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
                conn.execute(
                    insert(t_folds)
                    .values(activity_id=earlier[0], count=1)
                    .on_conflict_do_update(
                        index_elements=["activity_id"], set_={"count": t_folds.c.count + 1}
                    )
                )
                return False
            self._log(
                conn,
                actor,
                action,
                RESULT_REFUSED,
                unit=unit,
                year=year,
                filename=printable(filename),
                sha256=sha256,
                detail=printable_lines(reason)[:500],
            )
        return True

    def _log_upload(
        self,
        conn: Connection,
        actor: Actor,
        up: Upload,
        version: int | None,
        result: str,
        detail: str = "",
    ) -> None:
        self._log(
            conn,
            actor,
            ACT_UPLOAD,
            result,
            unit=up.unit,
            year=up.year,
            version=version,
            filename=shown_filename(up),
            sha256=up.sha256,
            detail=detail,
        )

    # ------------------------------------------------------------ grants
    def grant(self, actor: Actor, subject: str, role: str, unit: str = db.ALL_UNITS) -> Grant:
        """Give `subject` `role` on `unit` (or on every unit); only an admin may."""
        subject, unit = subject.strip(), (unit or db.ALL_UNITS).strip()
        if role not in db.ROLES:
            raise ValueError(
                f"角色「{role}」不存在：请用 viewer（查看）、editor（编辑）、reviewer（审核）或 admin（管理员）"
            )
        if not subject:
            raise ValueError("请填写被授权人（OIDC subject 或电子邮箱）")
        if role == ADMIN and unit != db.ALL_UNITS:
            raise ValueError("管理员权限针对全部单位：授予 admin 时请不要指定单位")
        with self._admin_write(actor, ACT_GRANT, subject, unit, role) as conn:
            where = and_(t_grants.c.subject == subject, t_grants.c.unit == unit)
            conn.execute(t_grants.delete().where(where))
            conn.execute(
                t_grants.insert().values(
                    subject=subject,
                    unit=unit,
                    role=role,
                    granted_by=actor.subject,
                    granted_at=now(),
                )
            )
        return Grant(subject, unit, role, actor.subject)

    def revoke(self, actor: Actor, subject: str, unit: str = db.ALL_UNITS) -> bool:
        """Take back `subject`'s grant on `unit`; False when there was none."""
        subject, unit = subject.strip(), (unit or db.ALL_UNITS).strip()
        with self._admin_write(actor, ACT_REVOKE, subject, unit, "") as conn:
            gone = conn.execute(
                t_grants.delete().where(t_grants.c.subject == subject, t_grants.c.unit == unit)
            ).rowcount
        return bool(gone)

    @contextmanager
    def _admin_write(self, actor: Actor, action: str, subject: str, unit: str, role: str):
        refused: Refused | None = None
        detail = f"{subject} {ROLE_NAMES.get(role, role)}".strip()  # e.g. "张三 编辑"
        shown_unit = "" if unit == db.ALL_UNITS else unit
        with self._write() as conn:
            if not Rights.of(actor, [] if actor.trusted else self._grants(conn)).is_admin:
                refused = Refused("无权管理授权：只有管理员可以授予或撤销权限。")
                self._log(conn, actor, action, RESULT_REFUSED, unit=shown_unit, detail=detail)
            else:
                yield conn
                self._log(conn, actor, action, unit=shown_unit, detail=detail)
        if refused is not None:
            raise refused

    def grants(self) -> list[Grant]:
        with self.engine().connect() as conn:
            return self._grants(conn)

    # ------------------------------------------------------------ the trail
    def activity(
        self, unit: str | None = None, year: int | None = None, limit: int | None = None
    ) -> list[Activity]:
        """The activity trail, oldest first (the newest `limit` rows when given)."""
        a, f = t_activity, t_folds
        statement = (
            select(*a.c, func.coalesce(f.c.count, 0))
            .outerjoin(f, f.c.activity_id == a.c.id)
            .order_by(a.c.id.desc())
        )
        if unit is not None:
            statement = statement.where(a.c.unit == unit)
        if year is not None:
            statement = statement.where(a.c.year == year)
        if limit is not None:
            statement = statement.limit(limit)
        return [Activity(*row) for row in reversed(self._read(statement))]
