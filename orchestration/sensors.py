"""Sensors: refresh what a landing changed, and refresh what an analyst drops in a folder.

``new_releases`` follows the ``land`` job (launched by the release schedules): for each source
whose last complete landing differs from what is published, it requests a ``refresh`` of just
those sources (``orchestration/plan.py``). ``drop_folder`` watches ``HEMI_HOME/drop``, laid out
like a snapshot folder (``drop/<source folder>/<files>``): a complete set of a source's files
that differs from the published load triggers a snapshot-mode refresh of that source from there.

Both use run keys made of the files' versions, so a release is requested once: a bad file fails
its run once and is not retried forever, and a corrected file (a new version) runs again.
"""

import hashlib
from pathlib import Path

from dagster import (
    AssetSelection,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from orchestration.asset_graph import all_assets, dbt_model_keys
from orchestration.catalog import SOURCES
from orchestration.jobs import refresh_job, source_selection
from orchestration.paths import hemi_home
from orchestration.plan import files_in_folder, plan_refresh
from orchestration.versions import files_version, read_published
from orchestration.warehouse import WarehouseFiles
from sources._common.errors import SourceError
from sources._common.landing import LandingZone

DROP_FOLDER = "drop"
_BUSY = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]


@sensor(
    job=refresh_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "After a landing (the release schedules' `land` runs), refresh only the sources whose files differ "
        "from the published load; rebuilds the models downstream of them and publishes."
    ),
)
def new_releases(context: SensorEvaluationContext):
    if _busy(context):
        return SkipReason("a run is in progress; looking again at the next tick")
    home = hemi_home()
    landed = [spec.name for spec in SOURCES if (home / "raw" / spec.name / "COMPLETE.json").exists()]
    plan = plan_refresh(home, landed)
    if not plan.changed:
        return SkipReason("every landed source matches the published warehouse")
    changed = sorted(plan.changed)
    return RunRequest(
        run_key=_key(f"{name}:{plan.versions[name]}" for name in changed),
        asset_selection=sorted(plan.selection().resolve(_asset_graph())),
        tags={"hemisphere/trigger": "new_releases", "hemisphere/changed": ",".join(changed)},
    )


@sensor(
    job=refresh_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.RUNNING,
    description=(
        "Drop a release downloaded by hand into HEMI_HOME/drop/<source folder>/ (the layout of a snapshot "
        "folder, e.g. drop/census_trade/country.xlsx) and that source is refreshed from there."
    ),
)
def drop_folder(context: SensorEvaluationContext):
    home = hemi_home()
    drop = home / DROP_FOLDER
    _lay_out(drop)
    published = read_published(WarehouseFiles(home).published)
    zone = LandingZone(home / "raw")
    ready: dict[str, str] = {}
    waiting: list[str] = []
    for spec in SOURCES:
        if not any(p.is_file() for p in (drop / spec.snapshot_folder).rglob("*")):
            continue
        try:
            version = files_version(files_in_folder(spec, drop, zone))
        except SourceError as exc:
            waiting.append(str(exc))  # e.g. one file of a source that needs two
            continue
        except Exception as exc:  # an unreadable file: the refresh will fail on it and say why
            version = f"unreadable: {exc}"
        current = published.get(("source", spec.name))
        if current is None or current.data_version != version:
            ready[spec.name] = version
    if not ready:
        return SkipReason("; ".join(waiting) or f"no new files in {drop}")
    if _busy(context):
        return SkipReason(f"new files for {', '.join(sorted(ready))}; waiting for the run in progress")
    for message in waiting:
        context.log.info(f"not yet complete: {message}")
    selection = source_selection(*ready)
    if plan_refresh(home, []).dbt_reason:
        # The marts were built by another dbt project, or never: models that read no source (the
        # seeds and what depends on them) must be built too, or dbt fails on what is missing.
        selection = selection | AssetSelection.assets(*_dbt_keys()).downstream()
    return RunRequest(
        run_key=_key(f"drop:{name}:{version}" for name, version in sorted(ready.items())),
        asset_selection=sorted(selection.resolve(_asset_graph())),
        run_config={"resources": {"source_settings": {"config": {"mode": "snapshot", "snapshot_dir": str(drop)}}}},
        tags={"hemisphere/trigger": "drop_folder", "hemisphere/changed": ",".join(sorted(ready))},
    )


def _lay_out(drop: Path) -> None:
    """Create drop/<source folder>/ for every source, so an analyst sees where each release goes."""
    for spec in SOURCES:
        (drop / spec.snapshot_folder).mkdir(parents=True, exist_ok=True)


def _busy(context: SensorEvaluationContext) -> bool:
    return bool(context.instance.get_run_records(RunsFilter(statuses=_BUSY), limit=1))


def _key(parts) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def _dbt_keys():
    return dbt_model_keys()


def _asset_graph():
    # The same assets as the code location's Definitions (definitions.py imports this module).
    return all_assets()


sensors = [new_releases, drop_folder]
