"""The store's review of unit-years: each transition checked against the state and the person's
role, written with its comments and its trail row in one transaction; the lock uploads meet."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import Connection, select

from perfeval.store.access import Actor, Refused, Rights, cli_actor
from perfeval.store.db import current as t_current
from perfeval.store.db import review_events as t_events
from perfeval.store.db import review_notes as t_notes
from perfeval.store.db import reviews as t_reviews
from perfeval.store.db import versions as t_versions
from perfeval.store.records import RESULT_REFUSED, now
from perfeval.store.review import (
    APPROVE,
    DRAFT,
    FINALIZE,
    LOCKED,
    TRAIL_ACTIONS,
    TRANSITIONS,
    Event,
    Note,
    Review,
    check_request,
    lock_text,
    no_version_text,
    parse_score,
    rights_refusal,
    state_refusal,
)

_EVENT_COLUMNS = (
    t_events.c.id,
    t_events.c.unit,
    t_events.c.year,
    t_events.c.step,
    t_events.c.action,
    t_events.c.from_state,
    t_events.c.to_state,
    t_events.c.version,
    t_events.c.score,
    t_events.c.comment,
    t_events.c.subject,
    t_events.c.name,
    t_events.c.at,
)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def trail_detail(comment: str, score: Decimal | None, notes: tuple[Note, ...]) -> str:
    """What the trail says of a transition: the comment, the 复核得分, the findings commented on."""
    parts = []
    if comment:
        parts.append(f"意见：{comment}")
    if score is not None:
        parts.append(f"复核得分{score}分")
    if notes:
        parts.append(f"对{len(notes)}条发现问题的意见")
    return "；".join(parts)


class ReviewsMixin:
    """submit / return / approve / finalize / reopen, the review of a unit-year, the lock
    (mixed into Store, which supplies _write, _read, _grants and _log)."""

    # ------------------------------------------------------------ reading
    @staticmethod
    def _state_row(conn: Connection, unit: str, year: int):
        return conn.execute(
            select(t_reviews.c.state, t_reviews.c.step, t_reviews.c.score).where(
                t_reviews.c.unit == unit, t_reviews.c.year == year
            )
        ).first()

    def review(self, unit: str, year: int) -> Review:
        """Where the unit-year stands, with every step of its review (oldest first)."""
        with self.engine().connect() as conn:
            row = conn.execute(
                select(
                    t_reviews.c.state, t_reviews.c.version, t_reviews.c.score, t_reviews.c.step
                ).where(t_reviews.c.unit == unit, t_reviews.c.year == year)
            ).first()
            if row is None:
                return Review(unit, year)
            events = self._events(conn, unit, year)
        state, version, score, step = row
        return Review(
            unit,
            year,
            state,
            version,
            _decimal(score),
            step,
            events[-1] if events else None,
            tuple(events),
        )

    @staticmethod
    def _events(conn: Connection, unit: str, year: int) -> list[Event]:
        rows = conn.execute(
            select(*_EVENT_COLUMNS)
            .where(t_events.c.unit == unit, t_events.c.year == year)
            .order_by(t_events.c.step)
        ).all()
        ids = [r[0] for r in rows]
        notes: dict[int, list[Note]] = {}
        if ids:
            for event_id, key, finding, comment in conn.execute(
                select(
                    t_notes.c.event_id, t_notes.c.finding_key, t_notes.c.finding, t_notes.c.comment
                )
                .where(t_notes.c.event_id.in_(ids))
                .order_by(t_notes.c.event_id, t_notes.c.position)
            ):
                notes.setdefault(event_id, []).append(Note(key, finding, comment))
        return [
            Event(*r[:8], _decimal(r[8]), *r[9:], notes=tuple(notes.get(r[0], ()))) for r in rows
        ]

    def reviews(self, year: int | None = None) -> dict[tuple[str, int], Review]:
        """(unit, year) → its review (state, version, 复核得分; without the steps) for every
        unit-year anyone acted on; the others are 填报中."""
        statement = select(
            t_reviews.c.unit,
            t_reviews.c.year,
            t_reviews.c.state,
            t_reviews.c.version,
            t_reviews.c.score,
            t_reviews.c.step,
        )
        if year is not None:
            statement = statement.where(t_reviews.c.year == year)
        return {
            (unit, y): Review(unit, y, state, version, _decimal(score), step)
            for unit, y, state, version, score, step in self._read(statement)
        }

    def upload_lock(self, unit: str, year: int) -> str | None:
        """Why an upload or version change of the unit-year is refused now (None: it is not)."""
        with self.engine().connect() as conn:
            return self._state_lock(conn, unit, year)

    @classmethod
    def _state_lock(cls, conn: Connection, unit: str, year: int) -> str | None:
        row = cls._state_row(conn, unit, year)
        if row is not None and row[0] in LOCKED:
            return lock_text(unit, year, row[0])
        return None

    # ------------------------------------------------------------ transitions
    def act(
        self,
        action: str,
        unit: str,
        year: int,
        *,
        actor: Actor | None = None,
        comment: str = "",
        score: object = None,
        notes: Iterable[Note] = (),
    ) -> Review:
        """One step of the review. A request that is wrong in itself (no comment where one is
        needed, a score outside 0–100) raises ValueError and is not recorded; one the state or
        the person's role does not allow raises Refused and is recorded as refused."""
        actor = actor or cli_actor()
        comment = (comment or "").strip()
        parsed = parse_score(score)
        notes = tuple(Note(n.finding_key, n.finding, n.comment.strip()) for n in notes)
        problem = check_request(action, comment, parsed, notes)
        if problem:
            raise ValueError(problem)
        t = TRANSITIONS[action]
        refused: Refused | None = None
        trail = TRAIL_ACTIONS[action]
        with self._write() as conn:
            row = self._state_row(conn, unit, year)
            state, step, kept = (row[0], row[1], row[2]) if row else (DRAFT, 0, None)
            number = self._current_number(conn, unit, year)
            rights = Rights.of(actor, [] if actor.trusted else self._grants(conn))
            why = None
            if not rights.may(t.role, unit):
                why = rights_refusal(action, unit, year, state)
            elif state not in t.sources:
                why = state_refusal(action, unit, year, state)
            elif number is None:
                why = no_version_text(unit, year)
            if why is not None:
                self._log(
                    conn,
                    actor,
                    trail,
                    RESULT_REFUSED,
                    unit=unit,
                    year=year,
                    version=number,
                    detail=why,
                )
                refused = Refused(why)
            else:
                self._step(
                    conn,
                    actor,
                    action,
                    unit,
                    year,
                    state,
                    step + 1,
                    number,
                    parsed,
                    kept,
                    comment,
                    notes,
                )
        if refused is not None:
            raise refused
        return self.review(unit, year)

    def _step(
        self, conn, actor, action, unit, year, state, step, number, score, kept, comment, notes
    ) -> None:
        """Write one allowed transition: the state row, the event, its notes, the trail row."""
        target = TRANSITIONS[action].target
        # The 复核得分 stands from approval through finalisation; any return clears it.
        stands = str(score) if action == APPROVE and score is not None else None
        if action == FINALIZE:
            stands = kept
        values = dict(
            state=target,
            version=number,
            score=stands,
            step=step,
            changed_by=actor.subject,
            changed_at=now(),
        )
        where = (t_reviews.c.unit == unit, t_reviews.c.year == year)
        if step == 1:
            conn.execute(t_reviews.insert().values(unit=unit, year=year, **values))
        else:
            conn.execute(t_reviews.update().where(*where).values(**values))
        event_id = conn.execute(
            t_events.insert()
            .values(
                unit=unit,
                year=year,
                step=step,
                action=action,
                from_state=state,
                to_state=target,
                version=number,
                score=None if score is None else str(score),
                comment=comment,
                subject=actor.subject,
                name=actor.name,
                at=values["changed_at"],
            )
            .returning(t_events.c.id)
        ).scalar_one()
        for position, note in enumerate(notes):
            conn.execute(
                t_notes.insert().values(
                    event_id=event_id,
                    position=position,
                    finding_key=note.finding_key,
                    finding=note.finding,
                    comment=note.comment,
                )
            )
        self._log(
            conn,
            actor,
            TRAIL_ACTIONS[action],
            unit=unit,
            year=year,
            version=number,
            detail=trail_detail(comment, score, notes),
        )

    @staticmethod
    def _current_number(conn: Connection, unit: str, year: int) -> int | None:
        row = conn.execute(
            select(t_versions.c.version)
            .select_from(t_current.join(t_versions, t_versions.c.id == t_current.c.version_id))
            .where(t_current.c.unit == unit, t_current.c.year == year)
        ).first()
        return None if row is None else int(row[0])
