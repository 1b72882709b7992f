"""The Dagster code location: the project's one ``Definitions`` object.

Importing it only builds definitions: no folders, environment variables or files. The runtime home
is set up by whoever starts Dagster (``hemi`` and ``make dev`` call ``paths.configure_environment``)
and by the resources as a run starts (``Warehouse`` takes the writer lock, ``GreatExpectations``
opens its worker).
"""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from orchestration.asset_graph import all_asset_checks, all_assets
from orchestration.assets.dbt import dbt_resource
from orchestration.console import stage_lines
from orchestration.jobs import freshness_job, land_job, refresh_job
from orchestration.resources import default_resources
from orchestration.schedules import schedules
from orchestration.sensors import sensors

defs = Definitions(
    assets=all_assets(),
    asset_checks=all_asset_checks(),
    jobs=[land_job, refresh_job, freshness_job],
    schedules=schedules,
    sensors=sensors,
    resources={**default_resources(), "dbt": dbt_resource()},
    # Replaces Dagster's verbose console logger; the UI's event log keeps every detail.
    loggers={"console": stage_lines},
    # Every step writes the same DuckDB file, which allows one writer: run steps one after another.
    executor=in_process_executor,
)
