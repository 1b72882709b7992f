"""Jobs: land the publishers' files, and refresh (parse, check, build the marts, publish).

A refresh is two runs. ``land`` brings the files in; ``orchestration/plan.py`` then compares them
with the published warehouse, and ``refresh`` runs on just what changed (an asset selection). The
CLI, the schedules (which launch ``land``) and the sensors (which launch ``refresh``) use these same
jobs. Launched by hand from the UI with everything selected, ``refresh`` rebuilds everything.
"""

from __future__ import annotations

from dagster import AssetCheckKey, AssetKey, AssetSelection, define_asset_job

from orchestration.catalog import SOURCES


def landing_selection(*names: str) -> AssetSelection:
    return AssetSelection.assets(*[AssetKey(["landing", name]) for name in names or [s.name for s in SOURCES]])


def source_selection(*names: str) -> AssetSelection:
    """A source's landing and raw assets plus everything downstream, through publish."""
    return AssetSelection.groups(*names).downstream()


land_job = define_asset_job(
    "land",
    selection=landing_selection(),
    description=(
        "Bring each source's files into the landing zone (download, snapshot folder or sample) and check "
        "how fresh the publisher's newest vintage is. Parses nothing; the new_releases sensor or `hemi "
        "refresh` then rebuilds only the sources whose files changed."
    ),
)

refresh_job = define_asset_job(
    "refresh",
    selection=AssetSelection.all(),
    description=(
        "Land, load raw tables, run the checks and dbt, then publish. Sensors and `hemi refresh` launch it "
        "on the subset that changed; launched with everything selected it rebuilds everything."
    ),
)

freshness_job = define_asset_job(
    "freshness",
    # Only the checks: nothing is landed or written, so it never waits for (or blocks) a refresh.
    selection=AssetSelection.checks(
        *[AssetCheckKey(AssetKey(["landing", spec.name]), "vintage_freshness") for spec in SOURCES]
    ),
    description="Re-evaluate every source's freshness check against today's date, without landing anything.",
)
