"""Jobs: a full refresh, and one per source (the source and everything downstream of it)."""

from __future__ import annotations

from dagster import AssetSelection, define_asset_job

from orchestration.catalog import SOURCES


def source_selection(*names: str) -> AssetSelection:
    """A source's landing and raw assets plus everything downstream, through publish."""
    return AssetSelection.groups(*names).downstream()


refresh_job = define_asset_job(
    "refresh",
    selection=AssetSelection.all(),
    description="Land every source, load raw tables, run the checks and dbt, then publish.",
)

source_jobs = {
    spec.name: define_asset_job(
        f"refresh_{spec.name}",
        selection=source_selection(spec.name),
        description=f"Refresh {spec.title} ({spec.publisher}) and rebuild what depends on it, then publish.",
    )
    for spec in SOURCES
}
