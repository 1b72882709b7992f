"""The warehouse on a DuckLake (HEMI_WAREHOUSE, orchestration/lake.py), against real servers the tests start:
PostgreSQL for the catalog and moto's S3 server for the data files (a local folder for the second case).

One lake home per module, refreshed from the sample: the first refresh publishes snapshot A; a refresh
killed mid-publish leaves A; the next publishes B while readers in other processes query; a failing
blocking check publishes nothing; `--as-of` reads A again. The tests run in order and share that history.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from orchestration import lake
from orchestration.warehouse import RefreshBusyError, WarehouseFiles
from tests.integration.conftest import environment, refresh, runtime_home

HEMI = str(Path(sys.executable).parent / "hemi")
SUBPROCESS_TIMEOUT_S = 600
_databases = itertools.count()


def _lake_database(postgres_server) -> str:
    import psycopg2

    name = f"lake_{os.getpid()}_{next(_databases)}"
    with contextlib.closing(psycopg2.connect(postgres_server.url, connect_timeout=10)) as con:
        con.autocommit = True
        con.cursor().execute(f'create database "{name}"')
    return f"ducklake:postgres:dbname={name} host={postgres_server.host} port={postgres_server.port} user=hemi"


@pytest.fixture(scope="module")
def s3_lake(postgres_server, s3_server, tmp_path_factory) -> Iterator[dict]:
    """A lake home: HEMI_HOME for this module, its catalog database, its data under s3://<bucket>/warehouse/."""
    bucket = f"hemi-lake-{os.getpid()}"
    s3_server.client().create_bucket(Bucket=bucket)
    values = {
        "HEMI_WAREHOUSE": _lake_database(postgres_server),
        "HEMI_LAKE_DATA_PATH": f"s3://{bucket}/warehouse/",
        "AWS_ACCESS_KEY_ID": s3_server.key_id,
        "AWS_SECRET_ACCESS_KEY": s3_server.secret,
        "HEMI_S3_ENDPOINT": s3_server.endpoint,
    }
    with environment(values) as env, runtime_home(tmp_path_factory.mktemp("lake_home")) as home:
        yield {"home": home, "env": {**env, "HEMI_HOME": str(home)}, "bucket": bucket, "s3": s3_server, "runs": {}}


def _hemi(*args: str, env: dict, cwd: Path, timeout: float = SUBPROCESS_TIMEOUT_S) -> subprocess.CompletedProcess:
    return subprocess.run([HEMI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def _latest_run(env: dict, cwd: Path, *extra: str) -> str:
    done = _hemi("query", "--format", "json", *extra,
                 "select run_id from meta.refreshes order by published_at desc limit 1", env=env, cwd=cwd)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)[0]["run_id"]


def _snapshot_ids() -> list[int]:
    with contextlib.closing(lake.connect(lake.lake_target())) as con:
        return [s.snapshot_id for s in lake.snapshots(con)]


def test_a_refresh_publishes_one_snapshot_carrying_its_vintages(s3_lake, tmp_path):
    outcome = refresh(mode="sample")
    assert outcome.published, outcome.failure
    s3_lake["runs"]["A"] = outcome.run_id
    with contextlib.closing(lake.connect(lake.lake_target())) as con:
        (snapshot,) = lake.snapshots(con)
        assert snapshot.message == f"refresh run {outcome.run_id}"
        assert "sample" in snapshot.vintages["wdi"] and snapshot.info["run_id"] == outcome.run_id
        # The lake holds what the published file holds, table for table.
        lake_tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'hemisphere' order by all"
        ).fetchall()
    with duckdb.connect(str(WarehouseFiles(s3_lake["home"]).published), read_only=True) as local:
        file_tables = local.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in ('raw', 'marts', 'meta') "
            "order by all"
        ).fetchall()
    assert lake_tables == file_tables
    keys = s3_lake["s3"].client().list_objects_v2(Bucket=s3_lake["bucket"]).get("KeyCount", 0)
    assert keys > 0, "no data file was written to S3"

    # `hemi status` from another folder and another HEMI_HOME: it reads the lake, not a file.
    elsewhere = {**s3_lake["env"], "HEMI_HOME": str(tmp_path / "reader_home")}
    status = _hemi("status", env=elsewhere, cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "DuckLake (catalog postgres:dbname=" in status.stdout and "DuckLake snapshots" in status.stdout
    assert outcome.run_id in status.stdout and "wdi sample" in status.stdout


def test_a_second_writer_refuses_naming_the_holder(s3_lake, tmp_path):
    with lake.catalog_lock(lake.lake_target(), holder="test holder"):
        # Another machine, as far as the file lock can tell: a HEMI_HOME of its own.
        other = {**s3_lake["env"], "HEMI_HOME": str(tmp_path / "other_home")}
        done = _hemi("refresh", "--sample", "--only", "cbp_encounters", env=other, cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    output = " ".join((done.stdout + done.stderr).split())
    assert "another refresh is writing the lake (hemi: test holder on" in output, output
    assert len(_snapshot_ids()) == 1
    # Released with its connection: the next writer gets it.
    with (
        lake.catalog_lock(lake.lake_target(), holder="after"),
        pytest.raises(RefreshBusyError, match="after"),
        lake.catalog_lock(lake.lake_target(), holder="second", wait_s=1),
    ):
        pass


def test_a_refresh_killed_mid_publish_leaves_the_previous_snapshot(s3_lake, tmp_path):
    before = _snapshot_ids()
    client, bucket = s3_lake["s3"].client(), s3_lake["bucket"]
    keys_before = {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
    log = (tmp_path / "killed.log").open("w")
    # A new dbt var: nothing is parsed again, every model is rebuilt and the whole warehouse published.
    writer = subprocess.Popen([HEMI, "refresh", "--sample", "--var", "tariff_rate=0.12"], env=s3_lake["env"],
                              cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + SUBPROCESS_TIMEOUT_S
        # The publish writes its data files first and commits the catalog last: kill at the first new file.
        while not {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])} - keys_before:
            assert writer.poll() is None, (tmp_path / "killed.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the refresh never started publishing"
            time.sleep(0.05)
        os.killpg(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            os.killpg(writer.pid, signal.SIGKILL)
            writer.wait(timeout=30)
        log.close()
    assert _snapshot_ids() == before
    assert _latest_run(s3_lake["env"], tmp_path) == s3_lake["runs"]["A"]


def test_readers_in_other_processes_see_the_old_or_the_new_snapshot_never_a_mix(s3_lake, tmp_path):
    """The refresh after the killed one recovers (the lock is free, the leftover build is discarded) and
    publishes while readers in two other processes, in other folders, query without pause."""
    stop = tmp_path / "stop"
    readers = []
    for index in range(2):
        folder = tmp_path / f"reader{index}"
        folder.mkdir()
        env = {**s3_lake["env"], "HEMI_HOME": str(folder / "home")}
        readers.append(subprocess.Popen(
            [sys.executable, "-c", READER, str(stop), str(folder / "seen.jsonl")], env=env, cwd=folder,
        ))  # fmt: skip
    try:
        outcome = refresh(mode="sample", dbt_vars={"tariff_rate": "0.13"})
    finally:
        stop.touch()
        for reader in readers:
            reader.wait(timeout=120)
    assert outcome.published, outcome.failure
    s3_lake["runs"]["B"] = outcome.run_id
    old, new = s3_lake["runs"]["A"], outcome.run_id
    for index, reader in enumerate(readers):
        assert reader.returncode == 0
        seen = [json.loads(line) for line in (tmp_path / f"reader{index}" / "seen.jsonl").read_text().splitlines()]
        assert seen, "the reader read nothing"
        # Every read is one snapshot: the newest refresh is the run that built the marts it reads.
        for refreshed, built_by in seen:
            assert refreshed in (old, new) and built_by == refreshed, seen
        assert seen[-1][0] == new
    assert len(_snapshot_ids()) == 2


READER = """
import json, sys, time
from pathlib import Path
from orchestration.reader import open_published
stop, out = Path(sys.argv[1]), Path(sys.argv[2])
deadline = time.monotonic() + 900
with out.open("w") as seen:
    while time.monotonic() < deadline:
        last = stop.exists()
        with open_published(sandboxed=True) as con:
            row = con.execute(
                "select (select run_id from meta.refreshes order by published_at desc limit 1), "
                "(select run_id from meta.fingerprints where kind = 'dbt')"
            ).fetchone()
        seen.write(json.dumps(list(row)) + "\\n")
        seen.flush()
        if last:
            break
        time.sleep(0.2)
"""


def test_a_failing_blocking_check_publishes_nothing_to_the_lake(s3_lake):
    published = WarehouseFiles(s3_lake["home"]).published
    with duckdb.connect(str(published)) as con:
        con.execute(
            "update raw.wgi_estimates set estimate = 9.75 "
            "where rowid = (select min(rowid) from raw.wgi_estimates where estimate is not null)"
        )
    before = _snapshot_ids()
    outcome = refresh(mode="sample", dbt_vars={"tariff_rate": "0.11"})
    assert not outcome.published
    assert "stg_wgi__estimates" in outcome.failure
    assert _snapshot_ids() == before
    # A home that no longer knows which snapshot it holds pulls the lake's current one before building.
    (s3_lake["home"] / "lake_snapshot.json").unlink()
    from orchestration.resources import Warehouse

    Warehouse().catch_up_with_lake()
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select count(*) from raw.wgi_estimates where estimate = 9.75").fetchone() == (0,)


def test_as_of_reads_an_earlier_snapshot(s3_lake, tmp_path):
    first, newest = _snapshot_ids()[-1], _snapshot_ids()[0]
    env = s3_lake["env"]
    assert _latest_run(env, tmp_path) == s3_lake["runs"]["B"]
    assert _latest_run(env, tmp_path, "--as-of", str(first)) == s3_lake["runs"]["A"]
    with contextlib.closing(lake.connect(lake.lake_target())) as con:
        at = {s.snapshot_id: s.committed_at for s in lake.snapshots(con)}
    assert _latest_run(env, tmp_path, "--as-of", at[newest].isoformat()) == s3_lake["runs"]["B"]
    missing = _hemi("query", "--as-of", "999", "select 1", env=env, cwd=tmp_path)
    assert missing.returncode != 0 and "999" in missing.stderr


def test_hemi_export_reads_the_lake(s3_lake, tmp_path):
    env = {**s3_lake["env"], "HEMI_HOME": str(tmp_path / "reader_home")}
    done = _hemi("export", str(tmp_path / "out"), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    names = {resource["name"] for resource in descriptor["resources"]}
    assert "dim_country" in names and (tmp_path / "out" / "dim_country.parquet").exists()
    # Keys and required columns come through the lake as they do from the file.
    dim_country = next(r for r in descriptor["resources"] if r["name"] == "dim_country")
    assert dim_country["schema"].get("primaryKey"), dim_country["schema"]


def test_a_folder_lake_round_trip(sample_warehouse, postgres_server, tmp_path):
    """The second storage: data files in a local folder; the sample published twice, read back as of each."""
    values = {"HEMI_WAREHOUSE": _lake_database(postgres_server), "HEMI_LAKE_DATA_PATH": str(tmp_path / "lake")}
    with environment(values):
        target = lake.lake_target()
        build = WarehouseFiles(sample_warehouse.home).published
        first = lake.publish(target, build, "one", {"vintages": {"wdi": ["sample"]}})
        second = lake.publish(target, build, "two", {"vintages": {}})
        assert second > first and list((tmp_path / "lake").rglob("*.parquet"))
        with contextlib.closing(lake.connect(target, as_of=str(first))) as con:
            # The catalog lists every snapshot; the data read is the first one's.
            assert [s.message for s in lake.snapshots(con)] == ["refresh run two", "refresh run one"]
            assert con.execute("select count(*) from marts.dim_country").fetchone()[0] > 0
        pulled = tmp_path / "copy" / "hemisphere.duckdb"
        pulled.parent.mkdir()
        assert lake.pull(target, pulled) == second
    query = "select * from marts.dim_country order by all"
    with duckdb.connect(str(pulled), read_only=True) as con:
        assert con.execute(query).fetchall() == sample_warehouse.con.execute(query).fetchall()
        # Comments and NOT NULL survive the trip (hemi export's Table Schema reads them).
        assert con.execute(
            "select count(*) from duckdb_columns() where schema_name = 'marts' and comment is not null"
        ).fetchone() == sample_warehouse.con.execute(
            "select count(*) from duckdb_columns() where schema_name = 'marts' and comment is not null"
        ).fetchone()


def test_the_catalog_password_is_never_shown(monkeypatch):
    monkeypatch.setenv("HEMI_WAREHOUSE", "ducklake:postgres:dbname=x host=h user=u password=s3cret")
    monkeypatch.setenv("HEMI_LAKE_DATA_PATH", "s3://b/p")
    target = lake.lake_target()
    assert "s3cret" not in target.describe() and "password=***" in target.describe()
    assert "s3cret" not in lake.redact("postgresql://u:s3cret@h/x")
    monkeypatch.setenv("HEMI_WAREHOUSE", "postgres://u:s3cret@h/x")
    with pytest.raises(lake.LakeConfigError) as raised:
        lake.lake_target()
    assert "s3cret" not in str(raised.value)
