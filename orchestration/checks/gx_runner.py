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
from collections.abc import Iterable, Iterator
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
    """The running ``gx_worker`` process, one per Python process, and the lock for talking to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._process = subprocess.Popen(
                    [sys.executable, "-m", "orchestration.checks.gx_worker"],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    cwd=Path(__file__).resolve().parents[2],
                )

    def call(self, verb: str, *args: Any) -> Any:
        self.start()
        with self._lock:
            process = self._process
            try:
                pickle.dump((verb, args), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                process.stdin.flush()
                status, value = pickle.load(process.stdout)
            except (BrokenPipeError, EOFError) as error:
                code = process.wait()
                raise GxProcessError(
                    f"the Great Expectations process (orchestration/checks/gx_worker.py) exited with code {code} "
                    f"during {verb!r}; its error is above in stderr"
                ) from error
        if status == "error":
            raise GxProcessError(f"Great Expectations failed during {verb!r}:\n{value}")
        return value

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
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
) -> Iterator[SuiteOutcome]:
    """Validate each (run name, frame) with one suite, one frame in flight at a time. Each run gets
    its own Data Docs page, titled by its run name."""
    for run_name, frame in frames:
        yield _GX.call("validate", suite_name, list(expectations), str(docs_dir), run_name, frame)
