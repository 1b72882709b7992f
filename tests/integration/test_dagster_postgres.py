"""docs/dagster.postgres.yaml works as written: a Dagster instance on a real PostgreSQL server (started by
the tests, tests/servers.py) runs the `land` job and keeps its run, its events and its materialization
there, and nothing in SQLite."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from dagster import AssetKey, DagsterInstance

from orchestration.paths import REPO_ROOT

POSTGRES_YAML = REPO_ROOT / "docs" / "dagster.postgres.yaml"
LANDING = AssetKey(["landing", "cbp_encounters"])


def test_the_land_job_runs_on_a_postgres_instance(postgres_server, tmp_path: Path, monkeypatch) -> None:
    import psycopg2

    dagster_home, hemi_home = tmp_path / "dagster", tmp_path / "home"
    dagster_home.mkdir()
    shutil.copyfile(POSTGRES_YAML, dagster_home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    monkeypatch.setenv("HEMI_HOME", str(hemi_home))
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", postgres_server.sqlalchemy_url)

    from orchestration.definitions import defs

    with DagsterInstance.get() as instance:
        assert type(instance.run_storage).__module__.startswith("dagster_postgres")
        assert type(instance.event_log_storage).__module__.startswith("dagster_postgres")
        assert type(instance.schedule_storage).__module__.startswith("dagster_postgres")
        result = defs.resolve_job_def("land").execute_in_process(
            run_config={"resources": {"source_settings": {"config": {"mode": "sample"}}}},
            instance=instance,
            asset_selection=[LANDING],
        )
        assert result.success
        assert result.run_id in {record.dagster_run.run_id for record in instance.get_run_records()}
        landed = instance.fetch_materializations(LANDING, limit=5).records
        assert [record.run_id for record in landed] == [result.run_id]

    with contextlib.closing(psycopg2.connect(postgres_server.url)) as con, con.cursor() as cursor:
        cursor.execute("select status from runs where run_id = %s", [result.run_id])
        assert cursor.fetchall() == [("SUCCESS",)]
        cursor.execute(
            "select dagster_event_type, count(*) from event_logs where run_id = %s group by 1", [result.run_id]
        )
        events = dict(cursor.fetchall())
    # The landing, and the source's freshness check.
    assert events.get("ASSET_MATERIALIZATION") == 1 and events.get("ASSET_CHECK_EVALUATION") == 1, events
    # Nothing went to Dagster's SQLite storage instead.
    assert not list(dagster_home.rglob("*.db")), sorted(dagster_home.rglob("*"))
