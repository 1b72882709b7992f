"""Run a Great Expectations 1.x suite on a DataFrame, write Data Docs, and summarise it for people.

GX is called directly (the dagster-ge integration pins GX 0.18 and pandas 2), in a worker process
from the standard library's ``concurrent.futures.ProcessPoolExecutor`` (one worker, started with
``spawn``): importing GX takes seconds (``gx_worker.py`` says how many), and in a worker it happens
beside the landing and parsing rather than before the first check. This side names the expectations
without importing GX (``Expectation``) and sends each frame to the worker; a suite's outcome comes
back as ``SuiteOutcome``, failures with the rows that broke them.

Every wait has a time limit (``GxLimits``): a worker that dies (``BrokenProcessPool``) or does not
answer in time (it is then killed) fails the suite with a ``GxProcessError`` that names the suite
and its rows, and the next suite gets a new worker. In a Dagster run the ``GreatExpectations``
resource (``orchestration/resources.py``) opens the pool when the run starts and, as the run ends,
kills a worker still busy (``release()``) or keeps an idle one for the next run of the process;
outside a run (tests, scripts) the first suite opens one that lasts until ``stop()``.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import re
import signal
import threading
from collections.abc import Iterable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

SAMPLE_ROWS = 5
# Suites sent and unfinished at once: one validating, one queued, as the refresh parses the next.
MAX_WAITING = 2


@dataclass(frozen=True)
class Expectation:
    """A GX expectation named by its class in ``great_expectations.expectations`` and its arguments;
    the worker builds the object. The refresh's own process never imports GX."""

    name: str  # e.g. "ExpectColumnValuesToBeBetween"
    kwargs: dict[str, Any]

    @property
    def expectation_type(self) -> str:
        """GX's name for it in results: expect_column_values_to_be_between."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.name).lower()

    def arg(self, key: str, default: Any = None) -> Any:
        return self.kwargs.get(key, default)


@dataclass
class Failure:
    expectation: str
    column: str | None
    condition: str | None
    unexpected_count: int | None
    sample_rows: pd.DataFrame | None = None
    detail: str = ""

    def describe(self) -> str:
        where = f" on {self.column}" if self.column else ""
        when = f" where {self.condition}" if self.condition else ""
        count = f": {self.unexpected_count} rows" if self.unexpected_count else ""
        return f"{self.expectation}{where}{when}{count}{(' ' + self.detail) if self.detail else ''}"


@dataclass
class SuiteOutcome:
    suite: str
    evaluated: int
    failures: list[Failure] = field(default_factory=list)
    docs_url: str | None = None  # the Data Docs page of this validation

    @property
    def success(self) -> bool:
        return not self.failures


class GxProcessError(RuntimeError):
    """A suite could not be evaluated: GX raised, or its worker died or did not answer in time."""


@dataclass(frozen=True)
class GxLimits:
    """How long to wait for the worker. Generous: they exist to end a hang, not to time GX.

    On the 2-core machine the worker starts (interpreter, pandas, GX) in about 5 s, a suite on a
    small table takes well under a second and a chunk of 500,000 WDI rows about 2 s.
    """

    start_s: float = 300.0  # the worker's start and GX import, on a machine busy with the refresh
    suite_s: float = 120.0  # any one suite, before its rows are counted
    per_million_rows_s: float = 120.0  # and this much more per million rows

    def suite_budget(self, rows: int) -> float:
        return self.suite_s + self.per_million_rows_s * rows / 1_000_000


class PendingOutcome:
    """A suite sent to the worker. ``result()`` waits for its outcome within the limits: the budget
    of this suite and of every suite queued before it that has not finished, plus the worker's start."""

    def __init__(self, pool: GxPool, future: Future, what: str, budget_s: float) -> None:
        self._pool, self._future, self.what, self.budget_s = pool, future, what, budget_s

    def done(self) -> bool:
        return self._future.done()

    def result(self, timeout: float | None = None) -> Any:
        return self._pool.wait(self, timeout)


class GxPool:
    """One worker process for GX, in a ``ProcessPoolExecutor``; suites run in the order sent."""

    def __init__(self, limits: GxLimits | None = None) -> None:
        self.limits = limits or GxLimits()
        self._lock = threading.Lock()
        context = multiprocessing.get_context("spawn")
        # The worker writes its pid here first thing, so that a wedged one can be killed.
        self._pid = context.Value("i", 0, lock=False)
        self._executor = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_worker_started, initargs=(self._pid,)
        )
        self._queued: list[PendingOutcome] = []
        self.broken = False
        self._started = self._submit("the worker's start (importing Great Expectations)", self.limits.start_s,
                                     "warm_up")  # fmt: skip

    def _submit(self, what: str, budget_s: float, verb: str, *args: Any) -> PendingOutcome:
        from orchestration.checks import gx_worker

        with self._lock:
            if self.broken:
                raise GxProcessError(f"the Great Expectations worker is stopped; cannot run {what}")
            try:
                future = self._executor.submit(getattr(gx_worker, verb), *args)
            except (BrokenProcessPool, RuntimeError) as exc:  # RuntimeError: shut down meanwhile
                self.broken = True
                raise GxProcessError(f"the Great Expectations worker is gone; cannot run {what}: {exc}") from exc
            pending = PendingOutcome(self, future, what, budget_s)
            self._queued.append(pending)
            return pending

    def submit(self, what: str, rows: int, verb: str, *args: Any) -> PendingOutcome:
        self._wait_for_room()
        return self._submit(what, self.limits.suite_budget(rows), verb, *args)

    def _wait_for_room(self) -> None:
        """Hold the caller while ``MAX_WAITING`` suites are unfinished: each keeps its frame in this
        process until the worker takes it, so a fast parser must not run far ahead of GX."""
        while True:
            with self._lock:
                waiting = [p for p in self._queued if p is not self._started and not p.done()]
                starting = 0.0 if self._started.done() else self._started.budget_s
            if len(waiting) < MAX_WAITING:
                return
            oldest = waiting[0]
            done, _ = futures_wait([oldest._future], timeout=oldest.budget_s + starting)
            if not done:
                self.kill()
                raise GxProcessError(
                    f"Great Expectations did not finish {oldest.what} within {oldest.budget_s + starting:.0f} s; "
                    "its worker was stopped (limits: resource great_expectations)"
                )

    def wait(self, pending: PendingOutcome, timeout: float | None = None) -> Any:
        if timeout is None:
            with self._lock:
                ahead = self._queued[: self._queued.index(pending) + 1] if pending in self._queued else [pending]
                timeout = sum(p.budget_s for p in ahead if not p.done())
                if not self._started.done() and self._started not in ahead:
                    timeout += self._started.budget_s
        try:
            return pending._future.result(timeout=timeout)
        except FutureTimeout:
            self.kill()
            raise GxProcessError(
                f"Great Expectations did not finish {pending.what} within {timeout:.0f} s; its worker was "
                "stopped (limits: resource great_expectations, start_s / suite_s / per_million_rows_s)"
            ) from None
        except BrokenProcessPool:
            self.broken = True
            raise GxProcessError(
                f"the Great Expectations worker process died during {pending.what} (killed, out of memory, or "
                "crashed: its error, if any, is above in stderr)"
            ) from None
        except CancelledError:
            raise GxProcessError(
                f"Great Expectations did not run {pending.what}: its worker was stopped before (an earlier suite "
                "failed or ran out of time, above)"
            ) from None
        except GxProcessError:
            raise
        except Exception as exc:  # raised by GX inside the worker, with its traceback as the cause
            raise GxProcessError(f"Great Expectations failed during {pending.what}: {exc}") from exc
        finally:
            with self._lock:
                self._queued = [p for p in self._queued if not p.done()]

    def kill(self) -> None:
        """Stop the worker now, whatever it is doing; every suite still queued fails."""
        with self._lock:
            self.broken = True
            pid = self._pid.value
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._executor.shutdown(wait=False, cancel_futures=True)

    def busy(self) -> bool:
        with self._lock:
            return any(not p.done() for p in self._queued if p is not self._started)

    def close(self) -> None:
        """Stop the worker: at once if it is busy (nobody is left to collect its outcome)."""
        with self._lock:
            busy = any(not p.done() for p in self._queued)
        if busy:
            self.kill()
        else:
            self.broken = True
            self._executor.shutdown(wait=True)

    def validate(
        self, frame: pd.DataFrame, suite_name: str, expectations: list[Expectation], docs_dir: Path,
        run_name: str | None = None,
    ) -> PendingOutcome:  # fmt: skip
        what = f"suite {suite_name} ({len(frame):,} rows{', ' + run_name if run_name else ''})"
        return self.submit(what, len(frame), "validate", suite_name, list(expectations), str(docs_dir), run_name, frame)


def _worker_started(pid) -> None:
    pid.value = os.getpid()
    # GX would otherwise try to send usage statistics, which these machines cannot reach anyway.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    # Anything GX or its libraries print goes to stderr, not into the refresh's output.
    os.dup2(2, 1)


_current: GxPool | None = None
_current_lock = threading.Lock()


def open_pool(limits: GxLimits | None = None) -> GxPool:
    """The pool suites go to: the one already open and healthy (its limits updated), else a new one."""
    global _current
    with _current_lock:
        if _current is None or _current.broken:
            _current = GxPool(limits)
        elif limits is not None:
            _current.limits = limits
        return _current


def stop() -> None:
    """Close the pool, if one is open; the next suite opens another."""
    global _current
    with _current_lock:
        pool, _current = _current, None
    if pool is not None:
        pool.close()


atexit.register(stop)


def release() -> None:
    """A run is over: stop the pool if a suite is still running (nobody is left to collect it), else keep
    the idle worker for the next run of this process. Its GX context holds every validation of the
    process, so the Data Docs a partial refresh writes still list the suites it did not run again."""
    global _current
    with _current_lock:
        pool = _current
        busy = pool is not None and pool.busy()
        if busy:
            _current = None
    if busy:
        pool.kill()


def prestart(limits: GxLimits | None = None) -> None:
    """Open the pool now, so that GX is imported by the time the first suite is sent."""
    open_pool(limits)


def build_pending_data_docs(docs_dir: Path) -> int:
    """Write the Data Docs pages of the suites that passed since the last call; returns how many.
    They are held by the worker: with no pool open, there are none."""
    with _current_lock:
        pool = _current
    if pool is None or pool.broken:
        return 0
    return pool.submit(f"the Data Docs in {docs_dir}", 0, "build_pending_data_docs", str(docs_dir)).result()


def validate_frame(
    frame: pd.DataFrame, suite_name: str, expectations: list[Expectation], docs_dir: Path
) -> SuiteOutcome:
    """Validate ``frame``; the HTML report goes to the Data Docs site in ``docs_dir``."""
    return submit_frame(frame, suite_name, expectations, docs_dir).result()


def submit_frame(
    frame: pd.DataFrame, suite_name: str, expectations: list[Expectation], docs_dir: Path, run_name: str | None = None
) -> PendingOutcome:
    """Send ``frame`` to be validated and return at once: ``.result()`` is its ``SuiteOutcome``."""
    return open_pool().validate(frame, suite_name, expectations, docs_dir, run_name)


def validate_frames(
    frames: Iterable[tuple[str, pd.DataFrame]], suite_name: str, expectations: list[Expectation], docs_dir: Path
) -> list[SuiteOutcome]:
    """Validate each (run name, frame) with one suite; each run gets its own Data Docs page, titled by
    its run name. The next frame is read while one is validated; two are held at once at most."""
    outcomes: list[SuiteOutcome] = []
    waiting: PendingOutcome | None = None
    for run_name, frame in frames:
        sent = submit_frame(frame, suite_name, expectations, docs_dir, run_name)
        del frame
        if waiting is not None:
            outcomes.append(waiting.result())
        waiting = sent
    if waiting is not None:
        outcomes.append(waiting.result())
    return outcomes
