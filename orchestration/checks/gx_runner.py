"""Run a Great Expectations 1.x suite on a DataFrame and summarise it for people.

GX is called directly (the dagster-ge integration pins GX 0.18 and pandas 2). One ephemeral
context serves the whole process; GX takes seconds to import, so it is imported lazily.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

SAMPLE_ROWS = 5


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

    @property
    def success(self) -> bool:
        return not self.failures


@functools.cache
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Progress bars would interleave with the refresh's own stage lines.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


@functools.cache
def _batch_definition():
    source = _context().data_sources.add_pandas("hemisphere")
    return source.add_dataframe_asset("raw_table").add_batch_definition_whole_dataframe("whole_table")


def validate_frame(frame: pd.DataFrame, suite_name: str, expectations: list[Any]) -> SuiteOutcome:
    import great_expectations as gx

    suite = gx.ExpectationSuite(name=suite_name, expectations=expectations)
    frame = frame.reset_index(drop=True)
    result = _batch_definition().get_batch(batch_parameters={"dataframe": frame}).validate(
        suite, result_format={"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_ROWS}
    )
    outcome = SuiteOutcome(suite=suite_name, evaluated=len(result.results))
    for item in result.results:
        if item.success:
            continue
        kwargs = item.expectation_config.kwargs
        condition = kwargs.get("row_condition")
        if isinstance(condition, dict):
            condition = condition.get("pass_through_filter")
        indices = item.result.get("partial_unexpected_index_list") or []
        sample = frame.iloc[[i for i in indices if isinstance(i, int)]] if indices else None
        detail = ""
        if item.exception_info and item.exception_info.get("raised_exception"):
            detail = str(item.exception_info.get("exception_message"))
        elif "observed_value" in item.result:
            detail = f"(observed {item.result['observed_value']})"
        outcome.failures.append(
            Failure(
                expectation=item.expectation_config.type,
                column=kwargs.get("column") or (",".join(kwargs["column_list"]) if kwargs.get("column_list") else None),
                condition=condition,
                unexpected_count=item.result.get("unexpected_count"),
                sample_rows=sample,
                detail=detail,
            )
        )
    return outcome
