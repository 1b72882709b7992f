"""Great Expectations runs in a process of its own (orchestration/checks/gx_worker.py): the refresh's
process never imports it, a failure inside it comes back as an error naming what failed, and the
process is started again if it died."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from orchestration.checks import gx_runner
from orchestration.checks.gx_runner import Expectation, GxProcessError, validate_frame

NOT_NULL = Expectation("ExpectColumnValuesToNotBeNull", {"column": "value"})


def test_the_refresh_process_never_imports_great_expectations(tmp_path: Path) -> None:
    script = f"""
import sys
import pandas as pd
from orchestration.checks.gx_runner import Expectation, validate_frame
outcome = validate_frame(pd.DataFrame({{"value": [1.0, None]}}), "t.values",
                         [Expectation("ExpectColumnValuesToNotBeNull", {{"column": "value"}})], {str(tmp_path)!r})
assert not outcome.success and outcome.failures[0].unexpected_count == 1, outcome
assert "great_expectations" not in sys.modules
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parents[2])


def test_a_failing_row_comes_back_with_the_row(tmp_path: Path) -> None:
    frame = pd.DataFrame({"country": ["USA", "MEX"], "value": [1.0, None]})
    outcome = validate_frame(frame, "t.values", [NOT_NULL], tmp_path)
    [failure] = outcome.failures
    assert failure.expectation == NOT_NULL.expectation_type == "expect_column_values_to_not_be_null"
    assert failure.sample_rows["country"].tolist() == ["MEX"]
    assert outcome.docs_url and Path(outcome.docs_url.removeprefix("file://")).exists()


def test_an_error_inside_great_expectations_names_the_request(tmp_path: Path) -> None:
    with pytest.raises(GxProcessError, match=r"(?s)during 'validate'.*ExpectNothingOfTheSort"):
        validate_frame(pd.DataFrame({"value": [1]}), "t.values", [Expectation("ExpectNothingOfTheSort", {})], tmp_path)
    # The process survives a failed request.
    assert validate_frame(pd.DataFrame({"value": [1.0]}), "t.values", [NOT_NULL], tmp_path).success


def test_a_process_that_died_between_requests_is_started_again(tmp_path: Path) -> None:
    process = gx_runner._GX.channel().process
    process.kill()
    process.wait()
    assert validate_frame(pd.DataFrame({"value": [1.0]}), "t.values", [NOT_NULL], tmp_path).success
