"""Run a Great Expectations 1.x suite on a DataFrame, write Data Docs, and summarise it for people.

GX is called directly (the dagster-ge integration pins GX 0.18 and pandas 2), in a process of its
own (``gx_worker.py``: why, and what it does with each suite). This side names the expectations
without importing GX (``Expectation``), starts that process (``prestart``, as early as a refresh
knows it will check something), and sends it each frame; a suite's outcome comes back as
``SuiteOutcome``, failures with the rows that broke them.
"""

from __future__ import annotations

import atexit
import contextlib
import pickle
import re
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable
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


class _GxProcess:
    """The running ``gx_worker`` process, one per Python process.

    Replies come back in the order the requests went out; ``_unanswered`` holds the requests whose
    replies are still to be read, so that a batch cut short by an error cannot leave a stale reply
    for the next caller.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._process: subprocess.Popen | None = None
        self._unanswered: deque[str] = deque()

    def start(self) -> None:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._unanswered.clear()
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "orchestration.checks.gx_worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    cwd=Path(__file__).resolve().parents[2],
                )

    def call(self, verb: str, *args: Any) -> Any:
        return self.pipeline(verb, [args])[0]

    def pipeline(self, verb: str, requests: Iterable[tuple]) -> list[Any]:
        """Each request's reply, in order. The next request is sent before the last reply is awaited,
        so the GX process validates one frame while this one reads the next (the worker queues one)."""
        with self._lock:
            self.start()
            self._drain()
            replies = []
            try:
                for args in requests:
                    self._send(verb, args)
                    if len(self._unanswered) > 1:
                        replies.append(self._receive())
                while self._unanswered:
                    replies.append(self._receive())
            finally:
                self._drain()
            return replies

    def _send(self, verb: str, args: tuple) -> None:
        try:
            pickle.dump((verb, args), self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except BrokenPipeError as error:
            self._died(verb, error)
        self._unanswered.append(verb)

    def _receive(self) -> Any:
        verb = self._unanswered.popleft()
        try:
            status, value = pickle.load(self._process.stdout)
        except EOFError as error:
            self._died(verb, error)
        if status == "error":
            raise GxProcessError(f"Great Expectations failed during {verb!r}:\n{value}")
        return value

    def _drain(self) -> None:
        while self._unanswered and self._process.poll() is None:
            with contextlib.suppress(GxProcessError):
                self._receive()
        self._unanswered.clear()

    def _died(self, verb: str, error: Exception) -> None:
        code = self._process.wait()
        self._unanswered.clear()
        raise GxProcessError(
            f"the Great Expectations process (orchestration/checks/gx_worker.py) exited with code {code} "
            f"during {verb!r}; its error is above in stderr"
        ) from error

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
            self._unanswered.clear()
        if process is not None:
            # Nothing in it outlives a request (Data Docs are written when asked), and a process
            # started for a run that never checked anything may still be importing: no need to wait.
            process.kill()
            process.wait()
            process.stdin.close()
            process.stdout.close()


_GX = _GxProcess()
atexit.register(_GX.stop)


def prestart() -> None:
    """Start the GX process now, so that its import is done by the time the first suite is sent."""
    _GX.start()


def stop() -> None:
    """Stop the GX process (it also stops with this one); the next suite starts another."""
    _GX.stop()


def build_pending_data_docs(docs_dir: Path) -> int:
    """Write the Data Docs pages of the suites that passed since the last call; returns how many."""
    return _GX.call("build_docs", str(docs_dir))


def validate_frame(
    frame: pd.DataFrame, suite_name: str, expectations: list[Expectation], docs_dir: Path
) -> SuiteOutcome:
    """Validate ``frame``; the HTML report goes to the Data Docs site in ``docs_dir``."""
    return _GX.call("validate", suite_name, list(expectations), str(docs_dir), None, frame)


def validate_frames(
    frames: Iterable[tuple[str, pd.DataFrame]], suite_name: str, expectations: list[Expectation], docs_dir: Path
) -> list[SuiteOutcome]:
    """Validate each (run name, frame) with one suite; each run gets its own Data Docs page, titled by
    its run name. The frames are read one ahead of the validation, so at most three are held at once."""
    requests = ((suite_name, list(expectations), str(docs_dir), run_name, frame) for run_name, frame in frames)
    return _GX.pipeline("validate", requests)
