"""Run a Great Expectations 1.x suite on a DataFrame, write Data Docs, and summarise it for people.

GX is called directly (the dagster-ge integration pins GX 0.18 and pandas 2). One ephemeral
context per Data Docs folder serves the whole process; GX takes seconds to import, so it is
imported lazily.

Data Docs are built at once for a failed suite (the page a reader needs now), and in one batch for
the passing ones (``build_pending_data_docs``, called before dbt runs): rebuilding the site after
every one of a refresh's thirty suites cost about half a second each.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
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
    docs_url: str | None = None  # the Data Docs page of this validation

    @property
    def success(self) -> bool:
        return not self.failures


DOCS_SITE = "hemisphere"
_PENDING_DOCS: dict[str, list] = {}  # docs folder -> validation results whose pages are not built yet


def build_pending_data_docs(docs_dir: Path) -> int:
    """Write the Data Docs pages of the suites that passed since the last call; returns how many."""
    pending = _PENDING_DOCS.pop(str(docs_dir), [])
    if pending:
        _context(str(docs_dir)).build_data_docs(site_names=[DOCS_SITE], resource_identifiers=pending)
    return len(pending)


@functools.cache
def _context(docs_dir: str):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Progress bars would interleave with the refresh's own stage lines.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs_dir},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return context


@functools.cache
def _batch_definition(docs_dir: str):
    source = _context(docs_dir).data_sources.add_pandas("hemisphere")
    return source.add_dataframe_asset("raw_table").add_batch_definition_whole_dataframe("whole_table")


def validate_frame(frame: pd.DataFrame, suite_name: str, expectations: list[Any], docs_dir: Path) -> SuiteOutcome:
    """Validate ``frame``; the HTML report goes to the Data Docs site in ``docs_dir``."""
    return _run(_checkpoint(suite_name, expectations, docs_dir), frame, suite_name, docs_dir)


def validate_frames(
    frames: Iterable[tuple[str, pd.DataFrame]], suite_name: str, expectations: list[Any], docs_dir: Path
) -> Iterator[SuiteOutcome]:
    """Validate each (run name, frame) with one suite, registered once: registering a suite cost GX
    about half a second, more than validating a million rows against it. Each run gets its own Data
    Docs page, titled by its run name."""
    checkpoint = _checkpoint(suite_name, expectations, docs_dir)
    for run_name, frame in frames:
        yield _run(checkpoint, frame, suite_name, docs_dir, run_name)


def _checkpoint(suite_name: str, expectations: list[Any], docs_dir: Path):
    import great_expectations as gx

    context = _context(str(docs_dir))
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=suite_name, expectations=expectations))
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite_name, data=_batch_definition(str(docs_dir)), suite=suite)
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite_name,
            validation_definitions=[validation],
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_ROWS},
        )
    )


def _run(checkpoint, frame: pd.DataFrame, suite_name: str, docs_dir: Path, run_name: str | None = None) -> SuiteOutcome:
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(str(docs_dir))
    frame = frame.reset_index(drop=True)
    run_id = RunIdentifier(run_name=run_name) if run_name else None
    run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
    key, result = next(iter(run.run_results.items()))
    if result.success:
        _PENDING_DOCS.setdefault(str(docs_dir), []).append(key)
    else:
        context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=[key])
    urls = context.get_docs_sites_urls(resource_identifier=key, site_name=DOCS_SITE)
    outcome = SuiteOutcome(
        suite=suite_name, evaluated=len(result.results), docs_url=urls[0]["site_url"] if urls else None
    )
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
