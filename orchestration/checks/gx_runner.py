"""Run a Great Expectations 1.x suite on a DataFrame, write Data Docs, and summarise it for people.

GX is called directly (the dagster-ge integration pins GX 0.18 and pandas 2), in a process of its
own (``gx_worker.py``: why, and what it does with each suite). This side names the expectations
without importing GX (``Expectation``), starts that process (``prestart``, as early as a refresh
knows it will check something), and sends it each frame; a suite's outcome comes back as
``SuiteOutcome``, failures with the rows that broke them.
"""

from __future__ import annotations

import atexit
import pickle
import re
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class Expectation:
    """A GX expectation named by its class in ``great_expectations.expectations`` and its arguments;
    the GX process builds the object. The refresh's own process never imports GX."""

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
    pass


class _Channel:
    """One ``gx_worker`` process, and the futures of the requests it has not answered yet, oldest first
    (it answers in order). A thread reads the replies, so that a caller can send the next request,
    or get on with other work, while GX validates."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.waiting: deque[tuple[str, Future]] = deque()
        self.closed = False
        self.process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.checks.gx_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
        )
        threading.Thread(target=self._read_replies, name="gx-replies", daemon=True).start()

    def submit(self, verb: str, args: tuple) -> Future:
        future: Future = Future()
        with self.lock:
            if self.closed:
                future.set_exception(self._gone(verb))
                return future
            self.waiting.append((verb, future))
            try:
                # Blocks while the worker has a request queued besides the one it validates: the
                # caller cannot run ahead by more than that, nor hold more frames than that.
                pickle.dump((verb, args), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.flush()
            except OSError:
                pass  # the process is gone: the reply thread fails every waiting future, this one too
        return future

    def _read_replies(self) -> None:
        while True:
            try:
                status, value = pickle.load(self.process.stdout)
            except Exception:  # end of output: the process exited, or was stopped
                break
            verb, future = self.waiting.popleft()
            if status == "error":
                future.set_exception(GxProcessError(f"Great Expectations failed during {verb!r}:\n{value}"))
            else:
                future.set_result(value)
        with self.lock:
            self.closed = True
            while self.waiting:
                verb, future = self.waiting.popleft()
                future.set_exception(self._gone(verb))

    def _gone(self, verb: str) -> GxProcessError:
        code = self.process.wait()
        return GxProcessError(
            f"the Great Expectations process (orchestration/checks/gx_worker.py) exited with code {code} "
            f"before answering {verb!r}; its error is above in stderr"
        )

    def stop(self) -> None:
        # Nothing in it outlives a request (Data Docs are written when asked), and a process started
        # for a run that never checked anything may still be importing: no need to wait for it.
        self.process.kill()
        self.process.wait()
        self.process.stdin.close()


class _GxProcess:
    """The GX process of this Python process: started on first use (or by ``prestart``), and again
    if it has died."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channel: _Channel | None = None

    def channel(self) -> _Channel:
        with self._lock:
            if self._channel is None or self._channel.closed or self._channel.process.poll() is not None:
                self._channel = _Channel()
            return self._channel

    def submit(self, verb: str, *args: Any) -> Future:
        return self.channel().submit(verb, args)

    def stop(self) -> None:
        with self._lock:
            channel, self._channel = self._channel, None
        if channel is not None:
            channel.stop()


_GX = _GxProcess()
atexit.register(_GX.stop)


def prestart() -> None:
    """Start the GX process now, so that its import is done by the time the first suite is sent."""
    _GX.channel()


def stop() -> None:
    """Stop the GX process (it also stops with this one); the next suite starts another."""
    _GX.stop()


def build_pending_data_docs(docs_dir: Path) -> int:
    """Write the Data Docs pages of the suites that passed since the last call; returns how many."""
    return _GX.submit("build_docs", str(docs_dir)).result()


def validate_frame(
    frame: pd.DataFrame, suite_name: str, expectations: list[Expectation], docs_dir: Path
) -> SuiteOutcome:
    """Validate ``frame``; the HTML report goes to the Data Docs site in ``docs_dir``."""
    return submit_frame(frame, suite_name, expectations, docs_dir).result()


def submit_frame(
    frame: pd.DataFrame, suite_name: str, expectations: list[Expectation], docs_dir: Path, run_name: str | None = None
) -> Future:
    """Send ``frame`` to be validated and return at once: the future's result is its ``SuiteOutcome``."""
    return _GX.submit("validate", suite_name, list(expectations), str(docs_dir), run_name, frame)


def validate_frames(
    frames: Iterable[tuple[str, pd.DataFrame]], suite_name: str, expectations: list[Expectation], docs_dir: Path
) -> list[SuiteOutcome]:
    """Validate each (run name, frame) with one suite; each run gets its own Data Docs page, titled by
    its run name. The next frame is read while one is validated; a few are held at once at most."""
    futures = [submit_frame(frame, suite_name, expectations, docs_dir, run_name) for run_name, frame in frames]
    return [future.result() for future in futures]
