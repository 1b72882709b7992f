"""The Dagster code location: one Definitions object gathering everything defined beside it."""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from orchestration.assets.dbt import DBT_PROJECT, HemisphereDbtCli, hemisphere_dbt_models
from orchestration.assets.publish import published_warehouse
from orchestration.assets.sources import build_source_assets
from orchestration.catalog import SOURCES
from orchestration.checks.freshness import build_freshness_checks
from orchestration.checks.raw_checks import build_expectations_check, build_raw_checks
from orchestration.console import stage_lines
from orchestration.jobs import freshness_job, land_job, refresh_job
from orchestration.paths import configure_environment, dbt_executable
from orchestration.resources import default_resources
from orchestration.schedules import schedules
from orchestration.sensors import sensors

configure_environment()

defs = Definitions(
    assets=[
        *[asset for spec in SOURCES for asset in build_source_assets(spec)],
        hemisphere_dbt_models,
        published_warehouse,
    ],
    asset_checks=[
        *[check for spec in SOURCES for check in build_raw_checks(spec)],
        build_expectations_check(SOURCES),
        *build_freshness_checks(SOURCES),
    ],
    jobs=[land_job, refresh_job, freshness_job],
    schedules=schedules,
    sensors=sensors,
    resources={
        **default_resources(),
        "dbt": HemisphereDbtCli(project_dir=DBT_PROJECT, dbt_executable=dbt_executable()),
    },
    # Replaces Dagster's verbose console logger; the UI's event log keeps every detail.
    loggers={"console": stage_lines},
    # Every step writes the same DuckDB file, which allows one writer: run steps one after another.
    executor=in_process_executor,
)
