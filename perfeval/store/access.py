"""Who may do what: the acting person, roles per unit from the grants table, the first admins
from PERFEVAL_ADMINS, and the pause after repeated wrong editor passwords. No streamlit here."""

from __future__ import annotations

import getpass
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

ROLES = ("viewer", "editor", "reviewer", "admin")
ALL_UNITS = "*"  # a grant's unit meaning every unit
ADMINS_ENV = "PERFEVAL_ADMINS"
VIEWER, EDITOR, REVIEWER, ADMIN = ROLES
# Editing and reviewing are separate duties: a reviewer (审核, e.g. the 主管部门 or the 财政局's
# 绩效科) reads and reviews but does not upload; an editor uploads and submits but does not review.
# Only an admin holds both. `may(role, unit)` asks whether some grant's role implies `role`.
IMPLIES = {
    VIEWER: frozenset({VIEWER}),
    EDITOR: frozenset({VIEWER, EDITOR}),
    REVIEWER: frozenset({VIEWER, REVIEWER}),
    ADMIN: frozenset(ROLES),
}
RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}  # role_for's "highest"
ROLE_NAMES = {VIEWER: "查看", EDITOR: "编辑", REVIEWER: "审核", ADMIN: "管理员"}
ALL_UNITS_NAME = "全部单位"

# Who wrote, as the activity trail records it.
KIND_PERSON = "person"  # logged in through the identity provider: rights from the grants table
KIND_CLI = "cli"  # the command line: whoever can run it can open the database file anyway
KIND_EDITOR = "editor"  # the dashboard without an identity provider (editor password or none)


@dataclass(frozen=True)
class Actor:
    """The person (or program) on whose behalf the store writes."""

    subject: str
    name: str = ""
    email: str = ""
    kind: str = KIND_PERSON
    # The provider's email_verified claim: an address it has not verified names nobody (a
    # login could claim an admin's address), so grants by e-mail ignore it.
    email_verified: bool = False

    @property
    def trusted(self) -> bool:
        """CLI and password-mode editors are not looked up in the grants table."""
        return self.kind != KIND_PERSON

    @property
    def keys(self) -> frozenset[str]:
        """The names a grant may give this person, each in its namespace (`grant_key`): the OIDC
        subject as `sub:…`, and the e-mail address as `email:…` only when the provider verified
        it. A subject never matches an e-mail grant, nor an address a subject grant."""
        keys = {"sub:" + self.subject} if self.subject else set()
        if self.email and self.email_verified:
            keys.add("email:" + self.email.strip().lower())
        return frozenset(keys)


def grant_key(target: str) -> str:
    """The namespaced name a grant (or PERFEVAL_ADMINS) gives: `sub:X` and `email:X` as written;
    else a name with an @ is an e-mail address (compared without case), anything else an OIDC
    subject (compared exactly). A subject that contains @ is granted as `sub:…`."""
    target = target.strip()
    kind, sep, value = target.partition(":")
    if sep and kind in ("sub", "email"):
        return f"{kind}:{value.strip().lower() if kind == 'email' else value.strip()}"
    return f"email:{target.lower()}" if "@" in target else f"sub:{target}"


def cli_actor() -> Actor:
    """`cli:<os user>`: the command line."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name (some containers): the uid still says who
        user = str(os.getuid()) if hasattr(os, "getuid") else "unknown"
    return Actor(subject=f"cli:{user}", kind=KIND_CLI)


EDITOR_ACTOR = Actor(subject="editor", kind=KIND_EDITOR)


def first_admins(env: str | None = None) -> set[str]:
    """Subjects (or e-mail addresses) named in PERFEVAL_ADMINS, comma or space separated."""
    raw = os.environ.get(ADMINS_ENV, "") if env is None else env
    return {part.strip() for part in raw.replace(",", " ").split() if part.strip()}


@dataclass(frozen=True)
class Grant:
    subject: str
    unit: str  # ALL_UNITS or a unit name
    role: str
    granted_by: str = ""
    granted_at: str = ""


@dataclass(frozen=True)
class Rights:
    """What one person may do, from their grants (and PERFEVAL_ADMINS)."""

    grants: tuple[Grant, ...] = field(default_factory=tuple)
    trusted: bool = False  # CLI / editor mode: everything

    @classmethod
    def of(cls, actor: Actor, grants: Iterable[Grant], admins: set[str] | None = None) -> Rights:
        if actor.trusted:
            return cls(trusted=True)
        keys = actor.keys
        own = tuple(g for g in grants if grant_key(g.subject) in keys)
        admins = first_admins() if admins is None else admins
        if any(grant_key(a) in keys for a in admins):
            own += (Grant(actor.subject, ALL_UNITS, ADMIN, "PERFEVAL_ADMINS"),)
        return cls(grants=own)

    def role_for(self, unit: str) -> str | None:
        """The highest role that applies to `unit` (a grant for all units applies too)."""
        if self.trusted:
            return ADMIN
        roles = [g.role for g in self.grants if g.unit in (unit, ALL_UNITS)]
        return max(roles, key=RANK.__getitem__, default=None)

    def may(self, role: str, unit: str) -> bool:
        """True when a grant on `unit` (or on every unit) has `role` or a role implying it."""
        if self.trusted:
            return True
        return any(role in IMPLIES[g.role] for g in self.grants if g.unit in (unit, ALL_UNITS))

    @property
    def any_access(self) -> bool:
        return self.trusted or bool(self.grants)

    @property
    def is_admin(self) -> bool:
        return self.may(ADMIN, ALL_UNITS)

    def all_units(self, role: str) -> bool:
        """True when `role` (or more) holds for every unit."""
        return self.may(role, ALL_UNITS)

    def units(self, role: str, known: Iterable[str]) -> list[str]:
        """Of the `known` units, those where the person has `role` (or a role implying it)."""
        return [u for u in known if self.may(role, u)]

    def named_units(self, role: str) -> list[str]:
        """The units named in grants of `role` or a role implying it (not the all-units grant)."""
        return sorted(
            {g.unit for g in self.grants if g.unit != ALL_UNITS and role in IMPLIES[g.role]}
        )


def refusal_text(unit: str) -> str:
    return f"无权上传「{unit}」的数据：请联系管理员授予该单位的编辑权限，或上传本单位的工作簿。"


def change_refusal_text(unit: str) -> str:
    return f"无权修改「{unit}」的数据：请联系管理员授予该单位的编辑权限。"


class Refused(PermissionError):
    """A write the acting person has no right to; the refusal is already in the activity trail."""


# ---------------------------------------------------------------- password guesses

MAX_FAILURES = 5  # wrong passwords in a row from one session (or address) before its first pause
PAUSE_SECONDS = 30.0  # the first pause; it doubles with every further wrong guess
MAX_PAUSE_SECONDS = 15 * 60.0
# The server-wide backstop: this many wrong guesses within the window, from any sessions …
GLOBAL_FAILURES = 50
GLOBAL_WINDOW_SECONDS = 10 * 60.0
GLOBAL_PAUSE_SECONDS = 60.0  # … and a session that has failed waits this long after each failure,
GLOBAL_INTERVAL_SECONDS = 1.0  # while a session that has not failed waits its turn: one a second
_PRUNE_AT = 10_000  # keys remembered before stale ones are forgotten


@dataclass
class _Count:
    failures: int = 0
    until: float = 0.0
    last: float = 0.0


class GuessLimiter:
    """Wrong editor passwords counted per key: the browser session, and the client's address when
    a trusted proxy gives it (perfeval/web/auth.py). After MAX_FAILURES a key waits out a
    doubling pause; another session is not affected, so a guesser cannot lock the editor out.
    A slower server-wide backstop counts every wrong guess: past GLOBAL_FAILURES in the window,
    a key that has failed waits GLOBAL_PAUSE_SECONDS after each failure, and a key that has not
    failed is still checked, after waiting its turn (one such check per GLOBAL_INTERVAL_SECONDS):
    a right password from a session that has not failed is never refused."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._keys: dict[str, _Count] = {}
        self._recent: deque[float] = deque()  # times of wrong guesses, server-wide
        self._next_turn = 0.0

    def _backstop(self, now: float) -> bool:
        while self._recent and self._recent[0] < now - GLOBAL_WINDOW_SECONDS:
            self._recent.popleft()
        return len(self._recent) >= GLOBAL_FAILURES

    def wait_seconds(self, keys: Sequence[str]) -> float:
        """How long until a guess from `keys` is taken (0: now)."""
        with self._lock:
            now = self._clock()
            wait = 0.0
            for key in keys:
                count = self._keys.get(key)
                if count is None or not count.failures:
                    continue
                wait = max(wait, count.until - now)
                if self._backstop(now):
                    wait = max(wait, count.last + GLOBAL_PAUSE_SECONDS - now)
            return max(0.0, wait)

    def take_turn(self, keys: Sequence[str]) -> float:
        """Before checking a guess: under the backstop, a key that has not failed waits its turn
        (the sleep happens here; the seconds waited are returned). Never refuses."""
        with self._lock:
            now = self._clock()
            failed = any(self._keys.get(k, _Count()).failures for k in keys)
            if failed or not self._backstop(now):
                return 0.0
            turn = max(now, self._next_turn)
            self._next_turn = turn + GLOBAL_INTERVAL_SECONDS
        if turn > now:
            self._sleep(turn - now)
        return turn - now

    def failed(self, keys: Sequence[str]) -> None:
        with self._lock:
            now = self._clock()
            self._recent.append(now)
            if len(self._keys) > _PRUNE_AT:
                self._prune(now)
            for key in keys:
                count = self._keys.setdefault(key, _Count())
                count.failures += 1
                count.last = now
                extra = count.failures - MAX_FAILURES
                if extra >= 0:
                    count.until = now + min(PAUSE_SECONDS * 2**extra, MAX_PAUSE_SECONDS)

    def succeeded(self, keys: Sequence[str]) -> None:
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)

    def _prune(self, now: float) -> None:
        stale = now - max(MAX_PAUSE_SECONDS, GLOBAL_WINDOW_SECONDS)
        for key in [k for k, c in self._keys.items() if c.until < now and c.last < stale]:
            del self._keys[key]
