"""Untrusted bytes read by python-calamine in a pool of limited worker processes, reused across files:
a crash, an allocation past the memory limit or a hang costs one refused file, never the caller.

API: `read_book(data, limits)` → `EngineBook` (the cells of every sheet within the limits, as
python-calamine read them in a worker, with the same attributes the readers use) or `Failure`.
`default_pool()` is the process's pool (thread-safe; a forked child gets its own); `Pool.call`
runs one named operation of perfeval/readers/engine.py in a worker. Each worker is a fresh
interpreter (`python -I engine.py`, stdlib and python_calamine only: ~40 MB), started when first
needed, with an address-space limit (RLIMIT_AS, `PERFEVAL_READER_MEMORY_MB`, default 512) and a
time limit per file (`PERFEVAL_READER_SECONDS`, default 20: the parent kills the worker, an alarm
in the worker is the backstop). At most `PERFEVAL_READER_WORKERS` (default: the CPU count)
workers read at once: further callers wait for one. A worker is replaced after a failure and
after RECYCLE_AFTER files. Replies are unpickled allowing only the datetime classes, so a
subverted worker cannot make the parent run code. Figures: docs/security.md."""

from __future__ import annotations

import atexit
import contextlib
import io
import logging
import os
import pickle
import select
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfeval.readers import engine

log = logging.getLogger(__name__)
ENGINE_SCRIPT = Path(engine.__file__).resolve()
MEMORY_MB = int(os.environ.get("PERFEVAL_READER_MEMORY_MB", "512"))
SECONDS = float(os.environ.get("PERFEVAL_READER_SECONDS", "20"))
WORKERS = int(os.environ.get("PERFEVAL_READER_WORKERS", "0")) or (os.cpu_count() or 2)
RECYCLE_AFTER = 200  # files one worker reads before it is replaced (bounds any slow leak)
MAX_REPLY_BYTES = 1 << 30
_START_SECONDS = 30.0  # a new worker's first reply (its imports) may take this long


# ================================================================ outcomes
@dataclass
class Failure:
    """The worker could not give an answer: `kind` is "memory", "time" or "crash"."""

    kind: str
    detail: str = ""
    memory_mb: int = MEMORY_MB
    seconds: float = SECONDS


class WorkerFailed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(f"{failure.kind}: {failure.detail}")
        self.failure = failure


# ================================================================ one worker
class _SafeUnpickler(pickle.Unpickler):
    """Builtin containers and scalars (no global needed) and the datetime classes only."""

    ALLOWED = frozenset(
        ("datetime", n) for n in ("date", "datetime", "time", "timedelta", "timezone")
    )

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused global {module}.{name}")


class _Worker:
    def __init__(self, memory_bytes: int) -> None:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(ENGINE_SCRIPT), str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            close_fds=True,
            env={**os.environ, "RUST_BACKTRACE": "0"},  # one line of stderr, not a backtrace
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.send_fd, self.recv_fd = self.proc.stdin.fileno(), self.proc.stdout.fileno()
        os.set_blocking(self.send_fd, False)
        self.files = 0
        self.started = False

    def call(self, operation: str, args: tuple, seconds: float) -> Any:
        """The reply of one request; WorkerFailed when the worker dies, overruns or lies."""
        request = pickle.dumps((operation, args, seconds), protocol=5)
        deadline = time.monotonic() + seconds + (0 if self.started else _START_SECONDS)
        self.files += 1
        try:
            self._send(engine.HEADER.pack(len(request)) + request, deadline)
            size = engine.HEADER.unpack(self._recv(engine.HEADER.size, deadline))[0]
            if size > MAX_REPLY_BYTES:
                raise WorkerFailed(Failure("crash", f"reply of {size} bytes"))
            status, value = _SafeUnpickler(io.BytesIO(self._recv(size, deadline))).load()
        except (BrokenPipeError, ConnectionError, EOFError) as exc:
            raise WorkerFailed(self._died(type(exc).__name__)) from None
        except (pickle.UnpicklingError, ValueError, TypeError) as exc:
            raise WorkerFailed(Failure("crash", f"bad reply: {exc}")) from None
        self.started = True
        if status == "ok":
            return value
        if status == "memory":
            raise WorkerFailed(Failure("memory", "MemoryError"))
        raise WorkerFailed(Failure("crash", str(value)))

    def _send(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            _wait(self.send_fd, deadline, write=True)
            try:
                view = view[os.write(self.send_fd, view) :]
            except BlockingIOError:
                continue

    def _recv(self, size: int, deadline: float) -> bytes:
        parts, left = [], size
        while left:
            _wait(self.recv_fd, deadline, write=False)
            chunk = os.read(self.recv_fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)

    def _died(self, how: str) -> Failure:
        code = self.proc.wait(timeout=5)
        self.stderr.seek(0, os.SEEK_END)
        self.stderr.seek(max(0, self.stderr.tell() - 4000))
        tail = self.stderr.read().decode("utf-8", "replace")
        log.warning("reader worker exited with %s (%s): %s", code, how, tail[-500:])
        memory = "memory allocation" in tail or "MemoryError" in tail or "capacity overflow" in tail
        return Failure("memory" if memory else "crash", f"exit {code}: {tail[-300:]}")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, kill: bool = False) -> None:
        if self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()  # EOF: the worker ends its loop
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.stderr):
            with contextlib.suppress(OSError):
                stream.close()

    def forget(self) -> None:
        """In a forked child: drop the parent's worker without signalling it."""
        for fd in (self.send_fd, self.recv_fd):
            with contextlib.suppress(OSError):
                os.close(fd)


def _wait(fd: int, deadline: float, write: bool) -> None:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    ready = select.select([], [fd], [], left) if write else select.select([fd], [], [], left)
    if not (ready[1] if write else ready[0]):
        raise TimeoutError


# ================================================================ the pool
@dataclass
class Pool:
    """At most `size` workers, each limited to `memory_mb` of address space and `seconds` a file."""

    size: int = WORKERS
    memory_mb: int = MEMORY_MB
    seconds: float = SECONDS
    recycle_after: int = RECYCLE_AFTER
    _idle: list[_Worker] = field(default_factory=list)
    _busy: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _closed: bool = False

    def call(self, operation: str, *args: Any, seconds: float | None = None) -> Any:
        """The result of engine.OPERATIONS[operation](*args) in a worker; WorkerFailed if none."""
        seconds = self.seconds if seconds is None else seconds
        worker = self._checkout()
        ok = False
        try:
            result = worker.call(operation, args, seconds)
            ok = True
            return result
        except TimeoutError:
            failure = Failure("time", f"over {seconds:g} s", self.memory_mb, seconds)
            raise WorkerFailed(failure) from None
        except WorkerFailed as exc:
            exc.failure.memory_mb, exc.failure.seconds = self.memory_mb, seconds
            raise
        finally:
            self._checkin(worker, ok)

    def _checkout(self) -> _Worker:
        with self._cond:
            while not self._idle and self._busy >= self.size:
                self._cond.wait()
            self._busy += 1
            worker = self._idle.pop() if self._idle else None
        if worker is None or not worker.alive():
            try:
                worker = _Worker(self.memory_mb << 20)
            except BaseException:
                with self._cond:
                    self._busy -= 1
                    self._cond.notify()
                raise
        return worker

    def _checkin(self, worker: _Worker, ok: bool) -> None:
        keep = ok and worker.files < self.recycle_after and not self._closed
        if not keep:
            worker.stop(kill=not ok)
        with self._cond:
            self._busy -= 1
            if keep:
                self._idle.append(worker)
            self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def forget(self) -> None:
        for worker in self._idle:
            worker.forget()
        self._idle = []


_POOL: Pool | None = None
_POOL_LOCK = threading.Lock()


def default_pool() -> Pool:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = Pool()
        return _POOL


def _close_default() -> None:
    if _POOL is not None:
        _POOL.close()


def _after_fork_in_child() -> None:
    """A forked child (a ProcessPoolExecutor of the CLI) starts its own workers when it reads."""
    global _POOL, _POOL_LOCK
    if _POOL is not None:
        _POOL.forget()
    _POOL, _POOL_LOCK = None, threading.Lock()


atexit.register(_close_default)
os.register_at_fork(after_in_child=_after_fork_in_child)


# ================================================================ the read, as the readers see it
class EngineError(Exception):
    """An error python-calamine raised while reading one sheet, in the worker."""


class EngineSheet:
    """One sheet as the worker read it, with the CalamineSheet attributes the readers use."""

    def __init__(self, read: dict[str, Any]) -> None:
        self.name: str = read["name"]
        self.start: tuple[int, int] | None = read.get("start")
        self.height: int = read.get("height", 0)
        self.width: int = read.get("width", 0)
        self.rows: list[list[Any]] = read.get("rows", [])
        self.merged_cell_ranges = read.get("merged", [])

    def to_python(self, skip_empty_area: bool = True, nrows: int | None = None) -> list[list[Any]]:
        return self.rows if nrows is None else self.rows[:nrows]


@dataclass
class SheetMeta:
    name: str
    visible: Any


class EngineBook:
    """The workbook as the worker read it: `sheet_names`, `sheets_metadata` and
    `get_sheet_by_name` as on python_calamine.CalamineWorkbook; `entry(name)` is the zip entry
    the engine read the sheet from, `refusal(name)` why it was not read (None: it was)."""

    def __init__(self, reply: dict[str, Any]) -> None:
        import python_calamine

        self._sheets = {s["name"]: s for s in reply["sheets"]}
        self.sheet_names = [s["name"] for s in reply["sheets"]]
        kinds = python_calamine.SheetVisibleEnum
        self.sheets_metadata = [
            SheetMeta(s["name"], getattr(kinds, s["visible"], kinds.Visible))
            for s in reply["sheets"]
        ]

    def entry(self, name: str) -> str | None:
        return self._sheets[name]["entry"]

    def paths(self) -> dict[str, str]:
        return {n: s["entry"] for n, s in self._sheets.items() if s["entry"] is not None}

    def refusal(self, name: str) -> dict[str, Any] | None:
        read = self._sheets[name]
        return None if read["status"] in ("ok", "error") else read

    def get_sheet_by_name(self, name: str) -> EngineSheet:
        read = self._sheets[name]
        if read["status"] == "error":
            raise EngineError(f"{read['kind']}: {read['message']}")
        if read["status"] != "ok":
            raise EngineError(f"sheet {name!r} was not read: {read['status']}")
        return EngineSheet(read)


def read_book(data: bytes, limits: dict[str, int], pool: Pool | None = None) -> Any:
    """engine.read_book in a worker: an EngineBook, a dict {"status": "open_error" | "refused",
    …} when python-calamine cannot open it or its structure is refused, or a Failure."""
    try:
        reply = (pool or default_pool()).call("read_book", data, limits)
    except WorkerFailed as exc:
        return exc.failure
    if reply.get("status") != "ok":
        return reply
    return EngineBook(reply)
