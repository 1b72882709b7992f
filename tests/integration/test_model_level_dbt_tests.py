"""The model-level generic tests not_null_columns and columns_in_range catch what the per-column
not_null and accepted_range tests they replace caught, and their failure rows name the column.

A copy of the sample warehouse is corrupted, then dbt runs just those two tests on two models
with --store-failures, so the failure rows can be read back from the copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from orchestration.paths import DBT_PROJECT_DIR, dbt_executable
from orchestration.warehouse import WarehouseFiles


def _corrupt(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "update marts.dim_country set country_name = null "
            "where country_iso3 in (select country_iso3 from marts.dim_country order by country_iso3 limit 2)"
        )
        con.execute(
            "update marts.dim_country set is_western_hemisphere = null "
            "where country_iso3 = (select max(country_iso3) from marts.dim_country)"
        )
        con.execute(
            "update marts.mart_migration_root_causes set year = 1999 "
            "where rowid = (select min(rowid) from marts.mart_migration_root_causes)"
        )
        con.execute(
            "update marts.mart_migration_root_causes set population = -5 where rowid in "
            "(select rowid from marts.mart_migration_root_causes where population is not null order by rowid limit 2)"
        )
    finally:
        con.close()


def _failure_rows(home: Path, result: dict) -> list[tuple]:
    con = duckdb.connect(str(WarehouseFiles(home).build), read_only=True)
    try:
        return con.execute(f"select * from {result['relation_name']} order by column_name").fetchall()
    finally:
        con.close()


def test_failures_name_the_column_and_count_the_rows(sample_warehouse, tmp_path):
    home = tmp_path / "home"
    files = WarehouseFiles(home)
    files.build_dir.mkdir(parents=True)
    shutil.copyfile(WarehouseFiles(sample_warehouse.home).published, files.build)
    _corrupt(files.build)
    # The sample build's target folder, so dbt parses only what changed (seconds, not a full parse).
    target = tmp_path / "dbt_target"
    if (sample_warehouse.home / "dbt_target").is_dir():
        shutil.copytree(sample_warehouse.home / "dbt_target", target)

    select = ["dim_country,test_name:not_null_columns", "mart_migration_root_causes,test_name:columns_in_range"]
    paths = ["--target-path", str(target), "--log-path", str(tmp_path / "logs")]
    run = subprocess.run(
        [dbt_executable(), "test", "--profiles-dir", ".", "--store-failures", *paths, "--select", *select],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "HEMI_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    run_results = json.loads((target / "run_results.json").read_text())
    results = {r["unique_id"].split(".")[2]: r for r in run_results["results"]}
    assert len(results) == 2, sorted(results)

    not_null = next(r for name, r in results.items() if name.startswith("not_null_columns_dim_country"))
    assert (not_null["status"], not_null["failures"]) == ("fail", 2)  # one result per failing column
    assert _failure_rows(home, not_null) == [("country_name", 2), ("is_western_hemisphere", 1)]

    in_range = results["columns_in_range_mart_migration_root_causes"]
    assert (in_range["status"], in_range["failures"]) == ("fail", 2)
    rows = {row[0]: row[1:] for row in _failure_rows(home, in_range)}
    assert set(rows) == {"population", "year"}  # every other column of the mart is still in range
    count, min_found, _, allowed = rows["population"]
    assert (count, float(min_found), allowed) == (2, -5, "[0, inf)")
    count, min_found, _, allowed = rows["year"]
    assert (count, min_found) == (1, "1999") and allowed.startswith("[2000, ")
