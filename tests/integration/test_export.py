"""`hemi export`: every mart as Parquet or CSV, described by a Frictionless Data Package that validates."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from frictionless import Package

from orchestration.cli import main
from orchestration.export import table_schema_type
from orchestration.warehouse import WarehouseFiles
from sources.cbp_encounters import SOURCE as CBP_ENCOUNTERS
from sources.census_trade import SOURCE as CENSUS_TRADE
from tests.integration.conftest import sha256_of


def _export(home: Path, out_dir: Path, fmt: str) -> dict:
    result = CliRunner().invoke(main, ["export", "--format", fmt, str(out_dir)], env={"HEMI_HOME": str(home)})
    assert result.exit_code == 0, result.output
    return json.loads((out_dir / "datapackage.json").read_text())


def _marts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
        ).fetchall()
    ]
    return {name: con.execute(f"select count(*) from marts.{name}").fetchone()[0] for name in names}


@pytest.fixture(scope="module")
def sample_exports(sample_warehouse, tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    published = WarehouseFiles(sample_warehouse.home).published
    before = sha256_of(published)
    exports = {}
    for fmt in ("parquet", "csv"):
        out_dir = tmp_path_factory.mktemp(f"export_{fmt}")
        exports[fmt] = (out_dir, _export(sample_warehouse.home, out_dir, fmt))
    assert sha256_of(published) == before, "an export must never write the published warehouse"
    return exports


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_mart_is_one_file_with_the_marts_row_count(sample_warehouse, sample_exports, fmt):
    out_dir, descriptor = sample_exports[fmt]
    marts = _marts(sample_warehouse.con)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == set(marts)
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        for name, rows in marts.items():
            path = out_dir / resources[name]["path"]
            assert path.suffix == f".{fmt}" and resources[name]["format"] == fmt
            assert con.execute(f"select count(*) from {reader}('{path}')").fetchone()[0] == rows, name


def test_parquet_files_hold_exactly_the_mart_rows(sample_warehouse, sample_exports):
    out_dir, _ = sample_exports["parquet"]
    con = sample_warehouse.con
    for name in _marts(con):
        exported = f"read_parquet('{out_dir / name}.parquet')"
        differing = con.execute(
            f"""
            select count(*) from (
                (select * from marts.{name} except all select * from {exported})
                union all
                (select * from {exported} except all select * from marts.{name})
            )
            """
        ).fetchone()[0]
        assert differing == 0, f"{name}: {differing} rows differ between the mart and its Parquet file"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_table_and_column_has_a_description(sample_exports, fmt):
    _, descriptor = sample_exports[fmt]
    for resource in descriptor["resources"]:
        assert resource["description"].strip(), resource["name"]
        undescribed = [f["name"] for f in resource["schema"]["fields"] if not f["description"].strip()]
        assert not undescribed, f"{resource['name']}: no description for {undescribed}"


def test_descriptions_travel_inside_the_warehouse_as_comments(sample_warehouse, sample_exports):
    _, descriptor = sample_exports["parquet"]
    comments = {
        (table, column): (comment or "").strip()
        for table, column, comment in sample_warehouse.con.execute(
            "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'"
        ).fetchall()
    }
    assert all(comments.values()), [key for key, comment in comments.items() if not comment]
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description"] == comments[(resource["name"], field["name"])]


def test_parquet_descriptor_validates(sample_exports):
    out_dir, _ = sample_exports["parquet"]
    report = Package.validate_descriptor(str(out_dir / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_csv_package_validates_rows_types_keys_and_hashes(sample_exports):
    out_dir, descriptor = sample_exports["csv"]
    assert descriptor["profile"] == "tabular-data-package"
    report = Package(str(out_dir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_validation_rejects_a_column_typed_wrong(sample_exports):
    """The control for the test above: the same package with one wrong type must not validate."""
    out_dir, descriptor = sample_exports["csv"]
    broken = copy.deepcopy(descriptor)
    country = next(r for r in broken["resources"] if r["name"] == "dim_country")
    next(f for f in country["schema"]["fields"] if f["name"] == "country_iso3")["type"] = "integer"
    report = Package(broken, basepath=str(out_dir)).validate()
    assert not report.valid


def test_types_keys_and_required_columns_follow_the_warehouse(sample_warehouse, sample_exports):
    _, descriptor = sample_exports["parquet"]
    declared = {
        (table, column): (data_type, nullable)
        for table, column, data_type, nullable in sample_warehouse.con.execute(
            "select table_name, column_name, data_type, is_nullable from duckdb_columns() where schema_name = 'marts'"
        ).fetchall()
    }
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            data_type, nullable = declared[(resource["name"], field["name"])]
            assert field["type"] == table_schema_type(data_type) != "any", (resource["name"], field)
            assert field.get("constraints", {}).get("required", False) == (not nullable)
    keys = {r["name"]: r["schema"].get("primaryKey") for r in descriptor["resources"]}
    # Keys as the models' unique tests declare them, composite and single-column.
    assert keys["mart_tariff_exposure"] == ["partner_iso3", "year"]
    assert keys["dim_country"] == ["country_iso3"]


@pytest.mark.parametrize(
    ("duckdb_type", "expected"),
    [
        ("VARCHAR", "string"),
        ("BIGINT", "integer"),
        ("HUGEINT", "integer"),
        ("DECIMAL(18,3)", "number"),
        ("DOUBLE", "number"),
        ("BOOLEAN", "boolean"),
        ("DATE", "date"),
        ("TIMESTAMP WITH TIME ZONE", "datetime"),
        ("INTEGER[]", "array"),
        ("STRUCT(a INTEGER)", "object"),
        ("BLOB", "any"),
    ],
)
def test_duckdb_types_map_to_table_schema_types(duckdb_type, expected):
    assert table_schema_type(duckdb_type) == expected


def test_sources_and_licences_come_from_the_source_specs(sample_exports):
    _, descriptor = sample_exports["parquet"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    encounters = resources["fct_border_encounters_monthly"]
    assert encounters["sources"] == [
        {"title": f"{CBP_ENCOUNTERS.publisher}: {CBP_ENCOUNTERS.title}", "path": CBP_ENCOUNTERS.homepage}
    ]
    assert [lic["title"] for lic in encounters["licenses"]] == [f"{CBP_ENCOUNTERS.publisher}: {CBP_ENCOUNTERS.licence}"]
    trade = resources["fct_us_goods_trade_annual"]
    assert CENSUS_TRADE.homepage in {s["path"] for s in trade["sources"]}
    assert any(CENSUS_TRADE.licence in lic["title"] for lic in trade["licenses"])
    assert all(lic.get("name") or lic.get("path") for lic in descriptor["licenses"])
    package_sources = {s["path"] for s in descriptor["sources"]}
    assert {s["path"] for r in descriptor["resources"] for s in r["sources"]} == package_sources


def test_the_bundled_sample_is_marked_as_sample(sample_exports):
    _, descriptor = sample_exports["csv"]
    assert descriptor["contains_sample_data"] is True
    assert "SYNTHETIC SAMPLE" in descriptor["title"]
    with_vintages = [r for r in descriptor["resources"] if r["vintages"]]
    assert with_vintages
    for resource in with_vintages:
        assert resource["is_sample"] and "sample" in resource["vintages"], resource["name"]
        assert resource["description"].startswith("SYNTHETIC SAMPLE DATA")


def test_real_export_carries_the_real_vintages(real_warehouse, tmp_path):
    descriptor = _export(real_warehouse.home, tmp_path, "parquet")
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert descriptor["contains_sample_data"] is False and "SAMPLE" not in descriptor["title"]
    assert not any(r["is_sample"] or "sample" in r["vintages"] for r in resources.values())
    con = real_warehouse.con
    for name, resource in resources.items():
        has_column = con.execute(
            "select count(*) from duckdb_columns() "
            "where schema_name = 'marts' and table_name = ? and column_name = 'source_vintage'",
            [name],
        ).fetchone()[0]
        if has_column:
            vintages = con.execute(f"select distinct source_vintage from marts.{name} where source_vintage is not null")
            in_table = sorted(v for (v,) in vintages.fetchall())
            assert resource["vintages"] == in_table, name
    # A table without a source_vintage column takes the vintages its raw tables were loaded with.
    loaded = {
        v
        for (joined,) in con.execute("select vintages from meta.source_loads where source = 'reference'").fetchall()
        for v in joined.split(",")
    }
    assert loaded and loaded <= set(resources["dim_country"]["vintages"])
    assert descriptor["warehouse"]["mode"] == "snapshot"


def test_export_without_a_published_warehouse_fails_clearly(tmp_path):
    out_dir = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", str(out_dir)], env={"HEMI_HOME": str(tmp_path / "empty_home")})
    assert result.exit_code != 0
    assert "no published warehouse" in result.output and "hemi refresh" in result.output
    assert not out_dir.exists()
