"""A Dagster step's error chain read back as one line an operator can act on (orchestration/faults.py)."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.faults import readable_error


@dataclass
class StepError:
    """The fields of Dagster's serialized error that ``readable_error`` reads."""

    message: str
    cls_name: str
    cause: StepError | None = None


def _error(cls_name: str, message: str, cause: StepError | None = None) -> StepError:
    return StepError(message, cls_name, cause)


def test_duckdb_out_of_memory_names_the_caps_and_says_nothing_was_published():
    oom = _error(
        "OutOfMemoryException",
        "_duckdb.OutOfMemoryException: Out of Memory Error: failed to pin block of size 256.0 KiB "
        "(244.0 MiB/244.1 MiB used)\n\nPossible solutions:\n* Reducing the number of threads",
    )
    line = readable_error(_error("DagsterExecutionStepExecutionError", "Error occurred while executing", oom))
    assert line.startswith("DuckDB ran out of its memory cap (failed to pin block of size 256.0 KiB")
    assert "256 MB" in line and "768 MB" in line and "nothing was published" in line
    assert "\n" not in line and "_duckdb" not in line


def test_a_source_error_is_shown_as_its_own_words():
    source = _error("SourceError", "SourceError: [wdi] WDI_x.csv line 7: year column '19x0' is not a year")
    assert readable_error(_error("DagsterExecutionStepExecutionError", "Error", source)) == (
        "[wdi] WDI_x.csv line 7: year column '19x0' is not a year"
    )
