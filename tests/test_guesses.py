"""Wrong editor passwords (perfeval/store/access.py GuessLimiter, web/auth.py): counted per browser
session and address, a slower server-wide backstop, and never a right password refused from a
session that has not failed; also through two AppTest sessions on the upload page."""

from __future__ import annotations

import pytest

from perfeval.store import access
from perfeval.store.access import GuessLimiter
from perfeval.web import auth
from tests.apptest import app, no_exception

A, B = ["session:a"], ["session:b"]


class Clock:
    def __init__(self) -> None:
        self.now, self.slept = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_one_session_pauses_after_five_failures_and_doubles(clock):
    limiter = GuessLimiter(clock, clock.sleep)
    for _ in range(4):
        limiter.failed(A)
        assert limiter.wait_seconds(A) == 0
    limiter.failed(A)
    assert limiter.wait_seconds(A) == 30
    clock.now += 30
    assert limiter.wait_seconds(A) == 0
    limiter.failed(A)
    assert limiter.wait_seconds(A) == 60
    for _ in range(10):
        limiter.failed(A)
    assert limiter.wait_seconds(A) == access.MAX_PAUSE_SECONDS
    limiter.succeeded(A)
    assert limiter.wait_seconds(A) == 0


def test_another_session_is_not_locked_out(clock):
    limiter = GuessLimiter(clock, clock.sleep)
    for _ in range(20):
        limiter.failed(A)
    assert limiter.wait_seconds(A) > 0
    assert limiter.wait_seconds(B) == 0 and limiter.take_turn(B) == 0


def test_an_address_behind_a_trusted_proxy_is_counted_across_its_sessions(clock):
    limiter = GuessLimiter(clock, clock.sleep)
    for i in range(5):
        limiter.failed([f"session:{i}", "address:10.0.0.9"])  # a new session each guess
    assert limiter.wait_seconds(["session:new", "address:10.0.0.9"]) == 30
    assert limiter.wait_seconds(["session:new", "address:10.0.0.8"]) == 0


def test_server_wide_backstop_slows_but_never_refuses_a_clean_session(clock):
    limiter = GuessLimiter(clock, clock.sleep)
    for i in range(access.GLOBAL_FAILURES):  # a flood of guesses, one fresh session each
        limiter.failed([f"session:x{i}"])
    # a session that failed once now waits a minute after its failure
    assert limiter.wait_seconds(["session:x0"]) == pytest.approx(60)
    # clean sessions are never refused: each waits its turn, one check a second
    waits = [limiter.take_turn([f"session:clean{i}"]) for i in range(3)]
    assert waits == [0, 1, 1] and clock.slept == [1, 1]  # each waited for the one before
    assert all(limiter.wait_seconds([f"session:clean{i}"]) == 0 for i in range(3))
    clock.now += access.GLOBAL_WINDOW_SECONDS + 1  # the flood is over
    assert limiter.take_turn(["session:later"]) == 0


def test_backstop_turns_are_spaced(clock):
    limiter = GuessLimiter(clock, lambda s: clock.slept.append(s))  # time stands still
    for i in range(access.GLOBAL_FAILURES):
        limiter.failed([f"session:x{i}"])
    waits = [limiter.take_turn([f"session:clean{i}"]) for i in range(3)]
    assert waits == [0, 1, 2]


@pytest.fixture
def fresh_limiter(monkeypatch):
    limiter = GuessLimiter()
    monkeypatch.setattr(auth, "guess_limiter", lambda: limiter)
    return limiter


def _guess(at, password: str):
    at.text_input[0].input(password)
    at.button[0].click().run()
    no_exception(at)
    return [e.value for e in at.error]


def test_guesser_does_not_lock_the_editor_out(monkeypatch, store_dir, fresh_limiter):
    monkeypatch.setenv("PERFEVAL_EDITOR_PASSWORD", "s3cret-密码")
    guesser = app("views/upload.py")
    for _ in range(access.MAX_FAILURES):
        _guess(guesser, "wrong")
    assert any("错误次数过多" in e for e in _guess(guesser, "s3cret-密码"))  # paused: not checked
    editor = app("views/upload.py")  # another browser session
    assert _guess(editor, "s3cret-密码") == []
    assert len(editor.get("file_uploader")) == 1
