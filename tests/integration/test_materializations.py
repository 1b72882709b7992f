"""The project's lean view and table materializations (dbt_project/macros/materializations.sql)
replace each relation in place in the private build copy: what dbt-duckdb's swap kept must survive
(contracts, docs), and a relation of the other type under the same name must not stop a build."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb

from orchestration.paths import DBT_PROJECT_DIR, dbt_executable

VIEW_MODEL = ("staging", "stg_wdi__countries")
TABLE_MODEL = ("marts", "dim_country")


def _manifest() -> dict:
    return json.loads((DBT_PROJECT_DIR / "target" / "manifest.json").read_text())


def _row_counts(con: duckdb.DuckDBPyConnection) -> dict:
    return {m: con.execute(f"select count(*) from {'.'.join(m)}").fetchall()[0][0] for m in (VIEW_MODEL, TABLE_MODEL)}


def test_every_contracted_not_null_column_is_a_not_null_constraint_in_the_warehouse(sample_warehouse):
    wanted = {
        (node["schema"], node["alias"], column["name"])
        for node in _manifest()["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("contract", {}).get("enforced")
        for column in node["columns"].values()
        if any(c["type"] == "not_null" for c in column.get("constraints", []))
    }
    constrained = set(
        sample_warehouse.con.execute(
            """
            select schema_name, table_name, unnest(constraint_column_names)
            from duckdb_constraints() where constraint_type = 'NOT NULL'
            """
        ).fetchall()
    )
    assert wanted and not wanted - constrained, sorted(wanted - constrained)[:5]


def test_a_relation_of_the_other_type_is_replaced(sample_warehouse, tmp_path: Path):
    (tmp_path / "build").mkdir()
    build = tmp_path / "build" / "hemisphere.duckdb"
    shutil.copyfile(sample_warehouse.home / "hemisphere.duckdb", build)
    with duckdb.connect(str(build)) as con:
        before = _row_counts(con)
        # The view becomes a table and the table a view, as if each model had changed materialization.
        for schema, name in (VIEW_MODEL, TABLE_MODEL):
            con.execute(f"create table {schema}._swap as select * from {schema}.{name}")
        con.execute(f"drop view {'.'.join(VIEW_MODEL)}")
        con.execute(f"alter table staging._swap rename to {VIEW_MODEL[1]}")
        con.execute(f"drop table {'.'.join(TABLE_MODEL)}")
        con.execute(f"create view {'.'.join(TABLE_MODEL)} as select * from marts._swap")

    env = {**os.environ, "HEMI_HOME": str(tmp_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    selection = [VIEW_MODEL[1], TABLE_MODEL[1]]
    subprocess.run(
        [dbt_executable(), "run", "--select", *selection, "--profiles-dir", ".", "--target-path", tmp_path / "target"],
        cwd=DBT_PROJECT_DIR, env=env, check=True, capture_output=True,
    )  # fmt: skip
    with duckdb.connect(str(build), read_only=True) as con:
        types = dict(
            con.execute(
                "select table_name, table_type from information_schema.tables where table_name in (?, ?)", selection
            ).fetchall()
        )
        after = _row_counts(con)
    assert types == {VIEW_MODEL[1]: "VIEW", TABLE_MODEL[1]: "BASE TABLE"}
    assert after == before
