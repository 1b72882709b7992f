"""What the Great Expectations worker runs: the suites, and the Data Docs.

``gx_runner.GxPool`` calls these functions in its worker process (``concurrent.futures``, one
worker); nothing else imports this module's GX side. Importing GX 1.x (and the scipy, SQLAlchemy
and altair it brings) takes about 3 s on the 2-core machine (``python -X importtime``), which the
worker pays while the refresh lands and parses (``warm_up``, sent as the pool opens).

One ephemeral GX context per Data Docs folder serves the whole worker. Data Docs are built at once
for a failed suite (the page a reader needs now), and in one batch for the passing ones
(``build_pending_data_docs``, before dbt runs): rebuilding the site after each of a refresh's thirty
suites cost about half a second each.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from orchestration.checks.gx_runner import SAMPLE_ROWS, Expectation, Failure, SuiteOutcome

DOCS_SITE = "hemisphere"
_PENDING_DOCS: dict[str, list] = {}  # docs folder -> validation results whose pages are not built yet
_REGISTERED: dict[tuple[str, str], tuple[tuple[Expectation, ...], Any]] = {}  # (docs, suite) -> its checkpoint


def warm_up() -> None:
    """Import GX now, before the first suite needs it."""
    import great_expectations  # noqa: F401


def validate(
    suite_name: str, expectations: list[Expectation], docs_dir: str, run_name: str | None, frame: pd.DataFrame
) -> SuiteOutcome:
    return _run(_checkpoint(suite_name, expectations, docs_dir), frame, suite_name, docs_dir, run_name)


def build_pending_data_docs(docs_dir: str) -> int:
    pending = _PENDING_DOCS.pop(docs_dir, [])
    if pending:
        _context(docs_dir).build_data_docs(site_names=[DOCS_SITE], resource_identifiers=pending)
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


def _checkpoint(suite_name: str, expectations: list[Expectation], docs_dir: str):
    """The suite's checkpoint, registered again only when its expectations changed: registering
    cost GX about half a second, more than validating a million rows (a chunked table sends the
    same suite once per chunk)."""
    import great_expectations as gx

    key, wanted = (docs_dir, suite_name), tuple(expectations)
    if key in _REGISTERED and _REGISTERED[key][0] == wanted:
        return _REGISTERED[key][1]
    context = _context(docs_dir)
    built = [getattr(gx.expectations, e.name)(**e.kwargs) for e in expectations]
    suite = context.suites.add_or_update(gx.ExpectationSuite(name=suite_name, expectations=built))
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite_name, data=_batch_definition(docs_dir), suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=suite_name,
            validation_definitions=[validation],
            result_format={"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_ROWS},
        )
    )
    _REGISTERED[key] = (wanted, checkpoint)
    return checkpoint


def _run(checkpoint, frame: pd.DataFrame, suite_name: str, docs_dir: str, run_name: str | None) -> SuiteOutcome:
    from great_expectations.core.run_identifier import RunIdentifier

    context = _context(docs_dir)
    frame = frame.reset_index(drop=True)
    run_id = RunIdentifier(run_name=run_name) if run_name else None
    run = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=run_id)
    key, result = next(iter(run.run_results.items()))
    if result.success:
        _PENDING_DOCS.setdefault(docs_dir, []).append(key)
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
