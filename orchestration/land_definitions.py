"""The `land` job on its own, for the first of `hemi refresh`'s two runs.

It holds the same landing assets and freshness checks as the code location in ``definitions.py``,
without dbt, the marts or Great Expectations. Those take seconds to import, and a refresh that
finds nothing new should not pay for them: it imports them only when there is something to build.
"""

import functools

from dagster import Definitions, JobDefinition, in_process_executor

from orchestration.assets.sources import build_source_assets
from orchestration.catalog import SOURCES
from orchestration.checks.freshness import build_freshness_checks
from orchestration.console import stage_lines
from orchestration.jobs import land_job
from orchestration.paths import configure_environment
from orchestration.resources import default_resources


@functools.cache
def land_job_definition() -> JobDefinition:
    configure_environment()
    defs = Definitions(
        assets=[asset for spec in SOURCES for asset in build_source_assets(spec)],
        asset_checks=build_freshness_checks(SOURCES),
        jobs=[land_job],
        resources=default_resources(),
        loggers={"console": stage_lines},
        executor=in_process_executor,
    )
    return defs.resolve_job_def(land_job.name)
