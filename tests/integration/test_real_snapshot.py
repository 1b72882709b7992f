"""The warehouse built from the real publisher files returns every WDI value exactly as published."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from orchestration.catalog import SOURCE_NAMES


@pytest.fixture(scope="module")
def snapshot_build(real_warehouse):
    return real_warehouse.con


def _published_values(con, indicator: str) -> dict[tuple[str, int], float]:
    rows = con.execute(
        """
        select country_iso3, year, value from marts.fct_indicator_values where indicator_code = $1
        union all
        select group_code, year, value from marts.fct_indicator_group_values where indicator_code = $1
        """,
        [indicator],
    ).fetchall()
    return {(code, year): value for code, year, value in rows}


def _csv_cells(path: Path) -> dict[tuple[str, int], float]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[4]
    years = {i: int(label) for i, label in enumerate(header) if label.isdigit()}
    return {
        (row[1], years[i]): float(row[i])
        for row in rows[5:]
        if row
        for i in years
        if i < len(row) and row[i] != ""
    }


def test_warehouse_returns_each_wdi_csv_value_exactly_as_its_file_states(snapshot_build, shared_data):
    files = sorted((shared_data / "wdi").rglob("API_*_DS2_en_csv_v2*.csv"))
    assert len(files) >= 10
    for path in files:
        indicator = path.name.split("_DS2_")[0].removeprefix("API_")
        expected = _csv_cells(path)
        published = _published_values(snapshot_build, indicator)
        assert published == expected, f"{path.name}: {len(set(expected.items()) ^ set(published.items()))} cells differ"


def test_warehouse_returns_wdi_excel_values_as_published(snapshot_build, shared_data):
    for path in sorted((shared_data / "wdi").rglob("API_*_DS2_en_excel_v2*.xls*")):
        indicator = path.name.split("_DS2_")[0].removeprefix("API_")
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python(skip_empty_area=False)
        header = rows[3]
        years = {i: int(label) for i, label in enumerate(header) if str(label).isdigit()}
        expected = {
            (row[1], years[i]): float(row[i]) for row in rows[4:] if row and row[1] for i in years if row[i] != ""
        }
        assert _published_values(snapshot_build, indicator) == expected, path.name


def test_every_wdi_vintage_is_the_files_last_updated_date(snapshot_build):
    vintages = {
        row[0]
        for row in snapshot_build.execute("select distinct source_vintage from marts.fct_indicator_values").fetchall()
    }
    assert "sample" not in vintages
    assert "2025-04-15" in vintages and "2023-10-26" in vintages


def test_country_dimension_joins_every_publishers_keys(snapshot_build):
    mexico = snapshot_build.execute(
        """
        select country_iso2, m49_code, census_code, wb_region, subregion, is_western_hemisphere
        from marts.dim_country where country_iso3 = 'MEX'
        """
    ).fetchone()
    assert mexico == ("MX", "484", "2010", "Latin America & Caribbean", "Central America", True)
    subregions = dict(
        snapshot_build.execute(
            "select country_iso3, subregion from marts.dim_country where subregion is not null"
        ).fetchall()
    )
    assert subregions["USA"] == "North America" and subregions["CHN"] == "China"
    assert subregions["VNM"] == "Southeast Asia"
    assert subregions["BRA"] == "South America" and subregions["HTI"] == "Caribbean"
    groups = {row[0] for row in snapshot_build.execute("select group_code from marts.dim_country_group").fetchall()}
    assert {"WLD", "LCN", "HIC"} <= groups
    economies = {row[0] for row in snapshot_build.execute("select country_iso3 from marts.dim_country").fetchall()}
    assert not ({"WLD", "LCN", "HIC"} & economies)


def test_refreshing_the_same_snapshot_again_finds_nothing_new_without_starting_a_run(real_warehouse, shared_data):
    from orchestration.warehouse import WarehouseFiles
    from tests.integration.conftest import refresh, runtime_home, sha256_of

    published = WarehouseFiles(real_warehouse.home).published
    before = sha256_of(published)
    with runtime_home(real_warehouse.home):
        outcome = refresh(mode="snapshot", snapshot_dir=str(shared_data))
    assert outcome.up_to_date, outcome.failure
    assert outcome.run_id == "" and outcome.land_run_id == ""  # hashed the folder; no Dagster run at all
    assert not outcome.plan.changed and set(outcome.plan.unchanged) == set(SOURCE_NAMES)
    assert sha256_of(published) == before
