"""History checks on the real snapshot (issue 18, findings 1 and 2).

A value ten times its own series blocks the refresh with a message naming source, file, rule and
rows; a clean real refresh raises no warning but freshness; a revision shows old and new values; the
reconciliations that used to warn hold to their documented bands, and fail beyond them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.catalog import SOURCES
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable
from orchestration.warehouse import WarehouseFiles
from tests.integration.conftest import refresh, runtime_home, sha256_of

BAND_TESTS = DBT_PROJECT_DIR / "tests" / "singular" / "trade"
CENSUS_BAND_TEST = "assert_census_countries_vs_world_within_documented_bands"
WITS_BAND_TEST = "assert_wits_vs_census_within_documented_bands"
MEXICO = "2010"


def _copy_snapshot(source: Path, dest: Path) -> Path:
    """A writable copy of the snapshot folder (the shared files are read-only), outside the repo."""
    for path in source.rglob("*"):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return dest


def _multiply_census_month(workbook: Path, code: str, year: str, month: str, factor: float) -> float:
    """Multiply one month of one partner's imports, and its annual total IYR to match; the new value."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["country"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if str(row[0].value) == year and str(row[1].value) == code:
            month_cell, total_cell = row[header.index(month)], row[header.index("IYR")]
            added = month_cell.value * (factor - 1)
            month_cell.value *= factor
            total_cell.value += added
            book.save(workbook)
            return month_cell.value
    raise AssertionError(f"no row for {code} in {year}")


@pytest.fixture(scope="module")
def published_home(tmp_path_factory, shared_data: Path) -> Iterator[Path]:
    """A home whose published warehouse is the clean real snapshot."""
    with runtime_home(tmp_path_factory.mktemp("history_home")) as home:
        outcome = refresh(mode="snapshot", snapshot_dir=str(shared_data))
        assert outcome.published, outcome.failure
        yield home


def test_a_tenfold_month_in_the_part_year_blocks_and_names_source_file_rule_and_rows(
    published_home: Path, shared_data: Path, tmp_path: Path
):
    snapshot = _copy_snapshot(shared_data, tmp_path / "snapshot")
    faulty = _multiply_census_month(snapshot / "census_trade" / "country.xlsx", MEXICO, "2024", "IMAR", 10)
    published = WarehouseFiles(published_home).published
    before = sha256_of(published)

    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot))

    assert not outcome.published
    assert sha256_of(published) == before
    failure = outcome.failure
    assert "check history on raw/census_trade_monthly failed" in failure, failure
    for part in (
        "[census_trade]",
        "country.xlsx",
        "month against the 12 months before and the same month a year before",
        f"{MEXICO} imports_usd_millions 2024-03 = {faulty:,.6g}",
        "expected",
        "row ",
    ):
        assert part in failure, (part, failure)
    # The same file's annual total was adjusted to match, so only the history check can see it.
    assert "expectations" not in failure


def test_a_clean_real_refresh_raises_no_warning_but_freshness(real_warehouse):
    outcome = real_warehouse.outcome
    assert [w for w in outcome.warnings if not w.startswith("vintage_freshness")] == []
    assert outcome.dbt_checks_warned == 0
    assert outcome.dbt_checks_passed == outcome.dbt_checks_total
    history = real_warehouse.con.execute(
        "select table_name, passed, summary from meta.check_results where check_name = 'history'"
    ).fetchall()
    declared = {table.name for spec in SOURCES for table in spec.raw_tables if table.history}
    assert {table for table, _, _ in history} == declared
    assert all(passed for _, passed, _ in history), [s for _, passed, s in history if not passed]


def test_a_revision_shows_the_old_and_the_new_value(published_home: Path, shared_data: Path, tmp_path: Path):
    snapshot = _copy_snapshot(shared_data, tmp_path / "snapshot")
    fdi = next((snapshot / "unctad").glob("*.csv"))
    text = fdi.read_text()
    assert "\nMexico,2024,36872," in text
    fdi.write_text(text.replace("\nMexico,2024,36872,", "\nMexico,2024,41234,"))

    outcome = refresh(mode="snapshot", snapshot_dir=str(snapshot), only=["unctad"])

    assert outcome.published, outcome.failure
    with duckdb.connect(str(WarehouseFiles(published_home).published), read_only=True) as con:
        summary = con.execute(
            "select summary from meta.check_results where table_name = 'unctad_fdi_inflows' "
            "and check_name = 'revision_share'"
        ).fetchall()[0][0]
    assert re.search(r"\b1 of [\d,]+ historical values revised", summary), summary
    assert "Mexico" in summary and "36,872 -> 41,234" in summary, summary


def _band_test_rows(con: duckdb.DuckDBPyConnection, test: str) -> list[tuple]:
    sql = (BAND_TESTS / f"{test}.sql").read_text()
    sql = sql.replace("{{ ref('fct_trade_reconciliation') }}", "marts.fct_trade_reconciliation")
    return con.execute(sql).fetchall()


@pytest.mark.parametrize("test", [CENSUS_BAND_TEST, WITS_BAND_TEST])
def test_the_former_warnings_hold_on_the_real_data(real_warehouse, test: str):
    assert _band_test_rows(real_warehouse.con, test) == []
    # Each differs from the strict tolerance somewhere: the band, not the tolerance, is what passes.
    explained = real_warehouse.con.execute(
        "select count(*) from marts.fct_trade_reconciliation where is_expected_difference"
    ).fetchall()[0][0]
    assert explained > 0


def test_the_former_warnings_fail_beyond_their_bands(real_warehouse, tmp_path: Path):
    (tmp_path / "build").mkdir()
    build = tmp_path / "build" / "hemisphere.duckdb"
    shutil.copyfile(real_warehouse.home / "hemisphere.duckdb", build)
    with duckdb.connect(str(build)) as con:
        # Mexico's 1990 exports half again: the countries now exceed Census's World total.
        con.execute(
            "update marts.fct_us_goods_trade_annual set exports_usd = exports_usd * 1.5 "
            f"where census_code = '{MEXICO}' and year = 1990"
        )
        # WITS's imports from Mexico in 2020 half again: far beyond 20% or US$ 400 million.
        con.execute(
            "update raw.wits_us_trade_by_partner set imports_usd_thousands = imports_usd_thousands * 1.5 "
            "where partner_name = 'Mexico' and year = 2020"
        )
    env = {**os.environ, "HEMI_HOME": str(tmp_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    built = subprocess.run(
        [dbt_executable(), "build", "--select", "fct_trade_reconciliation", "--profiles-dir", ".",
         "--target-path", tmp_path / "target", "--log-path", tmp_path / "logs"],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode != 0
    failed = [line for line in built.stdout.splitlines() if "FAIL" in line]
    assert any(CENSUS_BAND_TEST in line for line in failed), built.stdout[-3000:]
    assert any(WITS_BAND_TEST in line for line in failed), built.stdout[-3000:]
    with duckdb.connect(str(build), read_only=True) as con:
        assert [row[1] for row in _band_test_rows(con, CENSUS_BAND_TEST)] == [1990]
        assert [(row[0], row[1]) for row in _band_test_rows(con, WITS_BAND_TEST)] == [(2020, "MEX")]
