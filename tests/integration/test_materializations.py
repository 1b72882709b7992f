"""Models are built by dbt-duckdb's own `view` and `table` materializations: no macro of the project
shadows one of dbt's or dbt-duckdb's, contracts become constraints, descriptions become DuckDB
comments, and a relation of the other type under a model's name does not stop a build."""

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
    from orchestration.assets.dbt import ensure_manifest

    return json.loads(ensure_manifest().read_text())


def test_no_project_macro_shadows_dbt_or_dbt_duckdb():
    macros = _manifest()["macros"].values()
    library = {m["name"] for m in macros if m["package_name"] in {"dbt", "dbt_duckdb"}}
    ours = {m["name"] for m in macros if m["package_name"] == "hemisphere"}
    # generate_schema_name is dbt's documented hook for naming schemas, meant to be overridden.
    assert ours & library <= {"generate_schema_name"}, sorted(ours & library)
    assert not [name for name in ours if name.startswith("materialization_")]
    models = [n for n in _manifest()["nodes"].values() if n["resource_type"] == "model"]
    assert {n["config"]["materialized"] for n in models} <= {"view", "table"}


def test_descriptions_are_comments_in_the_warehouse(sample_warehouse):
    (table_comment,) = sample_warehouse.con.execute(
        "select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'dim_country'"
    ).fetchone()
    assert table_comment
    commented = sample_warehouse.con.execute(
        "select count(*) from duckdb_columns() where schema_name = 'marts' and table_name = 'dim_country' "
        "and comment is not null and comment <> ''"
    ).fetchone()[0]
    assert commented >= 3


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
