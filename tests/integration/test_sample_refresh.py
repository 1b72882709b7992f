"""The bundled sample builds offline; bad input fails the refresh and loses nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from orchestration.cli import main
from orchestration.warehouse import WarehouseFiles, writer_lock
from tests.integration.conftest import refresh, sha256_of


@pytest.fixture(scope="module")
def sample_build(hemi_home: Path):
    outcome = refresh(mode="sample")
    assert outcome.published, outcome.failure
    return outcome


def _published(home: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(WarehouseFiles(home).published), read_only=True)


def test_sample_build_publishes_every_mart(sample_build, hemi_home):
    with _published(hemi_home) as con:
        tables = con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
        marts = {name for schema, name in tables if schema == "marts"}
        values = con.execute("select count(*) from marts.fct_indicator_values").fetchone()[0]
    assert {"dim_country", "dim_country_group", "dim_indicator", "fct_indicator_values"} <= marts
    assert values > 1000
    assert all(t.checks_failed == 0 for t in sample_build.tables)
    assert sample_build.dbt_checks_total > 0 and sample_build.dbt_checks_passed == sample_build.dbt_checks_total


def test_every_sample_row_is_marked_as_sample(sample_build, hemi_home):
    with _published(hemi_home) as con:
        vintages = {
            row[0]
            for row in con.execute(
                """
                select distinct source_vintage from marts.fct_indicator_values
                union select distinct source_vintage from marts.fct_indicator_group_values
                union select distinct source_vintage from raw.m49_areas
                """
            ).fetchall()
        }
    assert vintages == {"sample"}


def test_aggregates_are_never_country_rows(sample_build, hemi_home):
    with _published(hemi_home) as con:
        mixed = con.execute(
            """
            select count(*) from marts.fct_indicator_values
            where country_iso3 in (select group_code from marts.dim_country_group)
            """
        ).fetchone()[0]
        world = con.execute("select count(*) from marts.fct_indicator_group_values where group_code = 'WLD'").fetchone()
    assert mixed == 0
    assert world[0] > 0


def test_landing_zone_keeps_every_file_with_a_manifest_entry(sample_build, hemi_home):
    manifest = (hemi_home / "raw" / "manifest.jsonl").read_text().splitlines()
    assert manifest
    landed = list((hemi_home / "raw" / "wdi").glob("*/*"))
    assert landed and all(not (p.stat().st_mode & 0o222) for p in landed)  # read-only


def _bad_snapshot(hemi_home: Path, tmp_path: Path, indicator: str, country: str, new_cell: str) -> Path:
    """A copy of the sample tree with one WDI cell replaced."""
    snapshot = tmp_path / "snapshot"
    shutil.copytree(hemi_home / "sample", snapshot)
    data_file = next((snapshot / "wdi" / indicator).glob(f"API_{indicator}_DS2_en_csv_v2*.csv"))
    lines = data_file.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.startswith(f'"{_name_of(lines, country)}","{country}"'):
            cells = next(csv.reader([line.rstrip("\r\n")]))
            last_filled = max(i for i, cell in enumerate(cells[4:], start=4) if cell)
            cells[last_filled] = new_cell
            lines[number] = ",".join(f'"{c}"' for c in cells[:-1]) + ",\r\n"
    data_file.write_text("\ufeff" + "".join(lines), encoding="utf-8")
    return snapshot


def _name_of(lines: list[str], country: str) -> str:
    for line in lines:
        if f'","{country}","' in line:
            return line.split('","')[0].lstrip('\ufeff"')
    raise AssertionError(f"{country} not in file")


def test_failed_gate_leaves_the_published_warehouse_byte_identical(sample_build, hemi_home, tmp_path):
    published = WarehouseFiles(hemi_home).published
    before = sha256_of(published)
    # Population in the hundreds of billions: what a thousandfold unit change looks like.
    snapshot = _bad_snapshot(hemi_home, tmp_path, "SP.POP.TOTL", "MEX", "128000000000000")
    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot), only=("wdi",))
    assert not outcome.published
    assert "raw/wdi_values" in outcome.failure
    assert "API_SP.POP.TOTL" in outcome.failure  # names the file the bad rows came from
    assert sha256_of(published) == before
    # The bad download is kept, in quarantine, not among the landed files a later refresh reads.
    bad_file = next((snapshot / "wdi" / "SP.POP.TOTL").glob("API_*.csv"))
    assert not (hemi_home / "raw" / "wdi" / sha256_of(bad_file) / bad_file.name).exists()
    quarantined = list((hemi_home / "quarantine" / "wdi").rglob(bad_file.name))
    assert quarantined and sha256_of(quarantined[0]) == sha256_of(bad_file)


def test_unreadable_value_fails_the_cli_naming_file_and_row(sample_build, hemi_home, tmp_path):
    published = WarehouseFiles(hemi_home).published
    before = sha256_of(published)
    snapshot = _bad_snapshot(hemi_home, tmp_path, "NY.GDP.MKTP.CD", "GTM", "12x4")
    result = CliRunner().invoke(main, ["refresh", "--snapshot", str(snapshot), "--only", "wdi"])
    assert result.exit_code == 1
    assert "API_NY.GDP.MKTP.CD" in result.output and "row" in result.output and "12x4" in result.output
    assert sha256_of(published) == before


def test_second_refresh_refuses_while_another_holds_the_warehouse(sample_build, hemi_home):
    with writer_lock(hemi_home, holder="a test standing in for a running refresh"):
        outcome = refresh(mode="sample", only=("reference",))
    assert not outcome.published
    assert "another refresh is writing the warehouse" in outcome.failure


def test_query_is_read_only_and_prints_csv_and_json(sample_build, hemi_home):
    runner = CliRunner()
    as_csv = runner.invoke(main, ["query", "select count(*) as n from marts.dim_country", "--format", "csv"])
    assert as_csv.exit_code == 0 and as_csv.output.splitlines()[0] == "n"
    as_json = runner.invoke(main, ["query", "select country_iso3 from marts.dim_country limit 1", "--format", "json"])
    assert as_json.exit_code == 0 and "country_iso3" in as_json.output
    write = runner.invoke(main, ["query", "create table marts.x as select 1"])
    assert write.exit_code != 0


def test_status_shows_vintage_sha_and_rows_per_source(sample_build, hemi_home):
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 0, result.output
    assert "wdi_values" in result.output and "sample" in result.output and "passed" in result.output


def test_a_failed_check_shows_a_sample_of_the_failing_rows(sample_build, hemi_home, tmp_path):
    snapshot = _bad_snapshot(hemi_home, tmp_path, "SP.POP.TOTL", "MEX", "128000000000000")
    result = CliRunner().invoke(main, ["refresh", "--snapshot", str(snapshot), "--only", "wdi"])
    assert result.exit_code == 1
    assert "Sample of the failing rows" in result.output
    assert "MEX" in result.output and "API_SP.POP.TOTL" in result.output


def test_readers_keep_the_warehouse_they_opened_while_a_refresh_publishes(sample_build, hemi_home):
    published = WarehouseFiles(hemi_home).published
    reader = duckdb.connect(str(published), read_only=True)
    last_refresh = reader.execute("select max(published_at) from meta.refreshes").fetchall()[0][0]
    outcome = refresh(mode="sample", only=("unctad",), force=True)
    assert outcome.published, outcome.failure
    # The open connection still reads the complete warehouse it opened, undisturbed...
    assert reader.execute("select max(published_at) from meta.refreshes").fetchall()[0][0] == last_refresh
    assert reader.execute("select count(*) from marts.fct_indicator_values").fetchall()[0][0] > 0
    reader.close()
    # ...and a new reader sees the new one.
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select max(published_at) from meta.refreshes").fetchall()[0][0] > last_refresh


def test_every_suite_run_has_its_data_docs_page(sample_build, hemi_home):
    """Passing suites' pages are written in one batch before dbt runs; each must exist."""
    from orchestration.checks.suites import SUITES

    docs = hemi_home / "data_docs"
    assert (docs / "index.html").exists()
    # validations/<source>/<table>/<run>/<timestamp>/<page>.html
    validated = {page.parts[-4] for page in (docs / "validations").rglob("*.html")}
    assert set(SUITES) <= validated, f"no Data Docs page for {sorted(set(SUITES) - validated)}"
