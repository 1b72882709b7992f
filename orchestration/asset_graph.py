"""Every asset and asset check of the project, for the one ``Definitions`` (``definitions.py``) and for
the sensors, which resolve their selections against the same assets without importing the definitions.

Built on first call, not at import: the dbt assets read dbt's manifest.
"""

from __future__ import annotations

import functools

from dagster import AssetChecksDefinition, AssetsDefinition


@functools.cache
def all_assets() -> tuple[AssetsDefinition, ...]:
    from orchestration.assets.dbt import hemisphere_dbt_models
    from orchestration.assets.publish import published_warehouse
    from orchestration.assets.sources import build_source_assets
    from orchestration.catalog import SOURCES

    return (
        *[asset for spec in SOURCES for asset in build_source_assets(spec)],
        hemisphere_dbt_models,
        published_warehouse,
    )


@functools.cache
def all_asset_checks() -> tuple[AssetChecksDefinition, ...]:
    from orchestration.catalog import SOURCES
    from orchestration.checks.freshness import build_freshness_checks
    from orchestration.checks.raw_checks import build_expectations_check, build_raw_checks

    return (
        *[check for spec in SOURCES for check in build_raw_checks(spec)],
        build_expectations_check(SOURCES),
        *build_freshness_checks(SOURCES),
    )


def dbt_model_keys():
    from orchestration.assets.dbt import hemisphere_dbt_models

    return hemisphere_dbt_models.keys
