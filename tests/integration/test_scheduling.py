"""Schedules, sensors and only-what-changed, run end to end on the bundled sample.

One warehouse is built per module; each test then changes one source the way a publisher (or an
analyst with a download) would, and checks that exactly that source and what depends on it is
rebuilt, through the same jobs the UI runs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, RunRequest, SkipReason, build_schedule_context, build_sensor_context

from orchestration.catalog import SOURCES
from orchestration.definitions import defs
from orchestration.sensors import drop_folder, new_releases
from orchestration.warehouse import WarehouseFiles
from sources.cbp_encounters import SOURCE as CBP
from tests.integration.conftest import refresh, runtime_home, sha256_of

CBP_MART = AssetKey(["marts", "fct_border_encounters_monthly"])
UNRELATED = (AssetKey(["raw", "wdi_values"]), AssetKey(["marts", "fct_us_goods_trade_monthly"]))


@pytest.fixture(scope="module")
def instance() -> DagsterInstance:
    # One instance for the module, so sensors see the runs that schedules launched.
    return DagsterInstance.ephemeral()


@pytest.fixture(scope="module")
def built(hemi_home: Path) -> Path:
    outcome = refresh(mode="sample")
    assert outcome.published, outcome.failure
    return hemi_home


def cbp_release(folder: Path, bump: int) -> Path:
    """The sample's CBP file as a publisher's new release: one encounter count raised by ``bump``."""
    (path,) = CBP.write_sample(folder)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][-1] = str(int(rows[1][-1]) + bump)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return folder


def published_count(home: Path, sql: str):
    with duckdb.connect(str(WarehouseFiles(home).published), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def load_run(home: Path, table: str) -> str:
    return published_count(home, f"select run_id from meta.source_loads where table_name = '{table}'")


def test_a_refresh_with_nothing_new_rebuilds_nothing_and_keeps_the_published_file(built):
    before = sha256_of(WarehouseFiles(built).published)
    outcome = refresh(mode="sample")
    assert outcome.up_to_date and not outcome.failure
    assert not outcome.plan.changed and not outcome.plan.dbt_reason
    assert {key.path[0] for key in outcome.materialized} == {"landing"}  # landed, parsed nothing
    assert sha256_of(WarehouseFiles(built).published) == before


def test_a_changed_source_rebuilds_only_itself_and_what_depends_on_it(built, tmp_path):
    wdi_run = load_run(built, "wdi_values")
    outcome = refresh(mode="snapshot", snapshot_dir=str(cbp_release(tmp_path, 7)), only=("cbp_encounters",))
    assert outcome.published, outcome.failure
    assert set(outcome.plan.changed) == {"cbp_encounters"} and not outcome.plan.dbt_reason
    assert AssetKey(["raw", "cbp_encounters"]) in outcome.materialized and CBP_MART in outcome.materialized
    assert not set(UNRELATED) & set(outcome.materialized)
    assert load_run(built, "wdi_values") == wdi_run  # WDI's raw table is the one published before


def test_release_schedule_lands_and_new_releases_sensor_refreshes_what_changed(built, instance, tmp_path):
    release = cbp_release(tmp_path, 11)
    schedule = defs.resolve_schedule_def("cbp_encounters_release")
    (request,) = schedule.evaluate_tick(build_schedule_context(instance=instance)).run_requests
    assert request.asset_selection == [AssetKey(["landing", "cbp_encounters"])]
    # The publisher's new release, as the live download would bring it in.
    config = {"resources": {"source_settings": {"config": {"mode": "snapshot", "snapshot_dir": str(release)}}}}
    landed = defs.resolve_job_def(schedule.job_name).execute_in_process(
        run_config=config, instance=instance, asset_selection=request.asset_selection, tags=request.tags
    )
    assert landed.success

    tick = new_releases(build_sensor_context(instance=instance))
    assert isinstance(tick, RunRequest), tick
    selection = set(tick.asset_selection)
    assert AssetKey(["raw", "cbp_encounters"]) in selection and CBP_MART in selection
    assert AssetKey(["published_warehouse"]) in selection
    assert not selection & set(UNRELATED) and not any(key.path[0] == "landing" for key in selection)

    run = defs.resolve_job_def("refresh").execute_in_process(
        instance=instance, asset_selection=tick.asset_selection, tags=tick.tags
    )
    assert run.success
    total = published_count(built, "select sum(encounter_count) from raw.cbp_encounters")
    assert total == published_count(built, "select sum(encounters) from marts.fct_border_encounters_monthly")
    assert isinstance(new_releases(build_sensor_context(instance=instance)), SkipReason)  # nothing left to do


def test_a_release_dropped_in_the_drop_folder_is_refreshed_once(built, instance, tmp_path):
    drop = built / "drop"
    assert isinstance(drop_folder(build_sensor_context(instance=instance)), SkipReason)
    assert (drop / "cbp_encounters").is_dir() and (drop / "wdi").is_dir()  # laid out for the analyst
    cbp_release(drop, 23)

    tick = drop_folder(build_sensor_context(instance=instance))
    assert isinstance(tick, RunRequest), tick
    assert tick.run_config["resources"]["source_settings"]["config"] == {"mode": "snapshot", "snapshot_dir": str(drop)}
    assert AssetKey(["landing", "cbp_encounters"]) in tick.asset_selection
    assert not set(tick.asset_selection) & set(UNRELATED)
    run = defs.resolve_job_def("refresh").execute_in_process(
        run_config=tick.run_config, instance=instance, asset_selection=tick.asset_selection, tags=tick.tags
    )
    assert run.success
    dropped = next((built / "raw" / "cbp_encounters").rglob("nationwide-encounters-*.csv"), None)
    assert dropped is not None
    assert "drop" in published_count(built, "select url from meta.landed_files where source = 'cbp_encounters'")
    # The published load now matches the drop, so the next tick has nothing to do.
    assert isinstance(drop_folder(build_sensor_context(instance=instance)), SkipReason)


def test_a_drop_into_an_empty_home_builds_every_model_not_just_those_downstream(instance, tmp_path):
    """With nothing published, models that read no source (the seeds and their dependents) must build too."""
    with runtime_home(tmp_path / "empty_home") as home:
        cbp_release(home / "drop", 1)
        tick = drop_folder(build_sensor_context(instance=instance))
    assert isinstance(tick, RunRequest), tick
    assert AssetKey(["raw", "plan_points"]) in tick.asset_selection  # the seed, downstream of no source
    assert AssetKey(["marts", "dim_plan_point"]) in tick.asset_selection


def test_an_incomplete_drop_waits_and_says_what_is_missing(built, instance):
    folder = built / "drop" / "reference"
    (folder / "UNSD-M49-en.csv").write_text("not yet the whole release\n", encoding="utf-8")
    try:
        tick = drop_folder(build_sensor_context(instance=instance))
        assert isinstance(tick, SkipReason)
        assert "reference" in tick.skip_message and "no file for dataset" in tick.skip_message
    finally:
        (folder / "UNSD-M49-en.csv").unlink()


def test_the_freshness_job_evaluates_every_source_without_landing_anything(built, instance):
    result = defs.resolve_job_def("freshness").execute_in_process(instance=instance)
    assert result.success
    evaluations = {
        e.event_specific_data.asset_key.path[-1]: e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert set(evaluations) == {spec.name for spec in SOURCES}
    assert not [e for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"]
    # Landed as the sample: never late. CBP was last landed from a "release" with a dated vintage.
    assert all(e.passed for name, e in evaluations.items() if name != "cbp_encounters")
    assert "next_due" in evaluations["cbp_encounters"].metadata
