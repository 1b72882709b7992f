"""What crosses between the DuckDB build and Spark (orchestration/spark.py), without Spark.

The Spark side itself (dbt on Spark, its hooks) is tests/spark; here the DuckDB side of the exchange:
the sources written as Parquet folders Spark reads as tables, and folders such as Spark's on-run-end
hook writes loaded back into the build.
"""

from __future__ import annotations

import duckdb
import pytest

from orchestration import spark
from orchestration.refresh import RefreshRequest


def test_the_profiles_outputs_have_the_engines_their_names_say():
    assert spark.target_type("build") == "duckdb"
    assert spark.target_type(None) == "duckdb"  # the profile's default
    assert spark.is_spark("spark") and spark.is_spark("spark_thrift")
    with pytest.raises(ValueError, match=r"HEMI_DBT_TARGET=sparky: profiles\.yml has no such output"):
        spark.target_type("sparky")


def test_sources_go_to_parquet_folders_with_json_as_text(tmp_path):
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute("""create table raw.t as select 1 as id, '{"a": 1}'::json as payload, 'O''Brien' as name""")
    rows = spark.write_sources(con, [("raw", "t")], tmp_path)
    assert rows == 1
    files = list((tmp_path / "raw" / "t").glob("*.parquet"))
    assert len(files) == 1  # a Spark table's location is a folder
    described = {row[0]: row[1] for row in con.execute(f"describe select * from read_parquet('{files[0]}')").fetchall()}
    assert described["payload"] == "VARCHAR"
    assert con.execute(f"select name from read_parquet('{files[0]}')").fetchone() == ("O'Brien",)


def test_exported_tables_replace_the_builds_views_and_tables(tmp_path):
    export = tmp_path / "export"
    source = duckdb.connect()
    for schema, table, sql in (
        ("marts", "fct_a", "select 1 as id, 2.5 as value"),
        ("intermediate", "int_b", "select 'x' as code"),
    ):
        (export / schema / table).mkdir(parents=True)
        source.execute(f"copy ({sql}) to '{export / schema / table / 'part-00000.parquet'}' (format parquet)")
    (export / "staging").mkdir()  # not a schema the warehouse keeps from Spark
    build = duckdb.connect(str(tmp_path / "build.duckdb"))
    build.execute("create schema intermediate")
    build.execute("create view intermediate.int_b as select 'old' as code")
    loaded = spark.load_exported(build, export)
    assert loaded == ["marts.fct_a", "intermediate.int_b"]
    assert build.execute("select code from intermediate.int_b").fetchall() == [("x",)]
    assert build.execute(
        "select table_type from information_schema.tables where table_name = 'int_b'"
    ).fetchone() == ("BASE TABLE",)
    assert build.execute("select id, value from marts.fct_a").fetchall() == [(1, 2.5)]


def test_a_folder_without_parquet_names_the_table(tmp_path):
    (tmp_path / "marts" / "fct_empty").mkdir(parents=True)
    with pytest.raises(spark.SparkExchangeError, match=r"marts\.fct_empty"):
        spark.load_exported(duckdb.connect(), tmp_path)


def test_the_dbt_target_reaches_the_dbt_resource_through_run_config():
    config = RefreshRequest(dbt_target="spark").run_config()
    assert config["resources"]["dbt"]["config"]["target"] == "spark"
    assert "dbt" not in RefreshRequest().run_config()["resources"]
    assert "dbt" not in RefreshRequest(dbt_target="spark").run_config(with_dbt=False)["resources"]


def test_the_exchange_folders_can_be_shared_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("HEMI_SPARK_SOURCES", "/mnt/shared/sources")
    exchange = spark.Exchange.under(tmp_path)
    assert str(exchange.sources) == "/mnt/shared/sources"
    assert exchange.export == tmp_path / "export"
    assert exchange.dbt_vars() == {"spark_sources": "/mnt/shared/sources", "spark_export": str(tmp_path / "export")}
