"""Great Expectations runs in a worker process (orchestration/checks/gx_runner.py): the refresh's process
never imports it, a failure inside it comes back as an error naming the suite, a worker that dies or
wedges fails the suite within bounded time, and the next suite gets a new worker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from orchestration.checks import gx_runner
from orchestration.checks.gx_runner import Expectation, GxLimits, GxPool, GxProcessError, validate_frame

REPO = Path(__file__).resolve().parents[2]
NOT_NULL = Expectation("ExpectColumnValuesToNotBeNull", {"column": "value"})
# Far above a worker's start on a busy 2-core machine (5-15 s), far below "forever".
BOUND_S = 240


class _RunsInTheWorker:
    """Unpickling it in the worker calls ``action(*args)``: how a test makes the task itself crash or hang."""

    def __init__(self, action, *args) -> None:
        self.action, self.args = action, args

    def __reduce__(self):
        return self.action, self.args


def _run_script(script: str, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "script.py"
    path.write_text(script)
    try:
        return subprocess.run(
            [sys.executable, str(path), str(tmp_path / "docs")],
            cwd=REPO, capture_output=True, text=True, timeout=BOUND_S,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the script did not finish within {BOUND_S} s (a wait without a bound): {exc.stdout}")


def test_a_request_the_worker_cannot_read_fails_and_the_next_one_is_answered(tmp_path: Path) -> None:
    # Before: the old worker's reader thread stopped after an unreadable request, and every later
    # request waited forever.
    script = """
import sys
import pandas as pd
from orchestration.checks.gx_runner import Expectation, GxProcessError, validate_frame

def _fails():
    raise RuntimeError("cannot be rebuilt here")

class Unreadable:
    def __reduce__(self):
        return _fails, ()

NOT_NULL = [Expectation("ExpectColumnValuesToNotBeNull", {"column": "value"})]
if __name__ == "__main__":
    try:
        validate_frame(pd.DataFrame({"value": [Unreadable()]}), "t.unreadable", NOT_NULL, sys.argv[1])
    except GxProcessError as exc:
        print("first failed:", exc)
    print("second passed:", validate_frame(pd.DataFrame({"value": [1.0]}), "t.values", NOT_NULL, sys.argv[1]).success)
"""
    done = _run_script(script, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "first failed:" in done.stdout and "t.unreadable" in done.stdout
    assert "second passed: True" in done.stdout


def test_the_refresh_process_never_imports_great_expectations(tmp_path: Path) -> None:
    script = """
import sys
import pandas as pd
from orchestration.checks.gx_runner import Expectation, validate_frame
if __name__ == "__main__":
    outcome = validate_frame(pd.DataFrame({"value": [1.0, None]}), "t.values",
                             [Expectation("ExpectColumnValuesToNotBeNull", {"column": "value"})], sys.argv[1])
    assert not outcome.success and outcome.failures[0].unexpected_count == 1, outcome
    assert "great_expectations" not in sys.modules
"""
    done = _run_script(script, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]


def test_a_failing_row_comes_back_with_the_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"country": ["USA", "MEX"], "value": [1.0, None]})
    outcome = validate_frame(frame, "t.values", [NOT_NULL], tmp_path)
    [failure] = outcome.failures
    assert failure.expectation == NOT_NULL.expectation_type == "expect_column_values_to_not_be_null"
    assert failure.sample_rows["country"].tolist() == ["MEX"]
    assert outcome.docs_url and Path(outcome.docs_url.removeprefix("file://")).exists()


def test_an_error_inside_great_expectations_names_the_suite(tmp_path: Path) -> None:
    with pytest.raises(GxProcessError, match=r"(?s)during suite t\.values \(1 rows\).*ExpectNothingOfTheSort"):
        validate_frame(pd.DataFrame({"value": [1]}), "t.values", [Expectation("ExpectNothingOfTheSort", {})], tmp_path)
    # The worker survives a failed suite.
    assert validate_frame(pd.DataFrame({"value": [1.0]}), "t.values", [NOT_NULL], tmp_path).success


@pytest.fixture
def pool() -> GxPool:
    # Small limits for the suites, once the worker has started: the start itself is not what is tested.
    pool = GxPool(GxLimits(suite_s=3, per_million_rows_s=0))
    pool.validate(pd.DataFrame({"value": [1.0]}), "t.warm", [NOT_NULL], Path("/tmp")).result(timeout=BOUND_S)
    yield pool
    pool.close()


def test_a_worker_that_crashes_fails_the_suite_at_once_naming_it(pool: GxPool, tmp_path: Path) -> None:
    frame = pd.DataFrame({"value": [_RunsInTheWorker(os._exit, 3)]})
    started = time.monotonic()
    with pytest.raises(GxProcessError, match=r"worker process died during suite raw\.crashing \(1 rows\)"):
        pool.validate(frame, "raw.crashing", [NOT_NULL], tmp_path).result()
    assert time.monotonic() - started < 30
    with pytest.raises(GxProcessError, match="stopped"):
        pool.validate(pd.DataFrame({"value": [1.0]}), "t.after", [NOT_NULL], tmp_path)


def test_a_wedged_worker_is_killed_and_fails_the_suite_within_its_limit(pool: GxPool, tmp_path: Path) -> None:
    frame = pd.DataFrame({"value": [_RunsInTheWorker(time.sleep, 3600)]})
    started = time.monotonic()
    with pytest.raises(GxProcessError, match=r"did not finish suite raw\.wedged \(1 rows\) within 3 s"):
        pool.validate(frame, "raw.wedged", [NOT_NULL], tmp_path).result()
    assert time.monotonic() - started < 20
    pool.close()  # returns at once: the worker is gone


def test_a_suite_queued_behind_a_wedged_one_fails_too(pool: GxPool, tmp_path: Path) -> None:
    wedged = pool.validate(pd.DataFrame({"value": [_RunsInTheWorker(time.sleep, 3600)]}), "raw.a", [NOT_NULL], tmp_path)
    behind = pool.validate(pd.DataFrame({"value": [1.0]}), "raw.b", [NOT_NULL], tmp_path)
    started = time.monotonic()
    with pytest.raises(GxProcessError, match=r"raw\.b"):
        behind.result()  # its budget counts the one ahead of it: 3 + 3 s
    assert time.monotonic() - started < 30
    with pytest.raises(GxProcessError, match=r"died during suite raw\.a"):
        wedged.result(timeout=10)  # the killed worker's own suite fails as soon as the pool notices


def test_a_dead_pool_is_replaced_by_the_next_suite(tmp_path: Path) -> None:
    assert validate_frame(pd.DataFrame({"value": [1.0]}), "t.values", [NOT_NULL], tmp_path).success
    gx_runner.open_pool().kill()
    assert validate_frame(pd.DataFrame({"value": [1.0]}), "t.values", [NOT_NULL], tmp_path).success
    gx_runner.stop()
    assert gx_runner.build_pending_data_docs(tmp_path) == 0  # no pool open: nothing pending


def test_a_third_suite_waits_for_room_and_fails_when_the_worker_wedges(pool: GxPool, tmp_path: Path) -> None:
    # Each unfinished suite holds its frame in this process: a third one waits, within the first one's limit.
    pool.validate(pd.DataFrame({"value": [_RunsInTheWorker(time.sleep, 3600)]}), "raw.a", [NOT_NULL], tmp_path)
    pool.validate(pd.DataFrame({"value": [1.0]}), "raw.b", [NOT_NULL], tmp_path)
    started = time.monotonic()
    with pytest.raises(GxProcessError, match=r"did not finish suite raw\.a \(1 rows\) within 3 s"):
        pool.validate(pd.DataFrame({"value": [1.0]}), "raw.c", [NOT_NULL], tmp_path)
    assert time.monotonic() - started < 20
