"""A raw table checked in chunks fails as it would have failed checked whole: same expectations,
same counts, the same failing rows naming file and row, wherever in the table the bad row is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from orchestration.checks import raw_checks
from orchestration.checks.chunked import validate_table
from orchestration.checks.gx_runner import Failure, SuiteOutcome, validate_frame
from orchestration.checks.suites import suite_for
from sources.worldbank import SOURCE
from tests.integration.conftest import private_copy, wdi_raw_build

ROWS_PER_CHUNK = 5_000  # the sample's WDI values (about 1,300 per registry indicator) make several chunks


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The WDI sample's raw tables, as the load step writes them."""
    return wdi_raw_build(tmp_path_factory.mktemp("build"))


@pytest.fixture
def con(sample_build: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with private_copy(sample_build, tmp_path) as connection:
        yield connection


def _in_chunks(con: duckdb.DuckDBPyConnection, docs: Path) -> SuiteOutcome:
    return validate_table(con, "wdi_values", "wdi.wdi_values", suite_for("wdi_values", con), docs, ROWS_PER_CHUNK)


def _whole(con: duckdb.DuckDBPyConnection, docs: Path) -> SuiteOutcome:
    frame = con.execute('select * from raw."wdi_values"').df()
    return validate_frame(frame, "wdi.wdi_values", suite_for("wdi_values", con), docs)


def _only(outcome: SuiteOutcome) -> Failure:
    assert len(outcome.failures) == 1, [f.describe() for f in outcome.failures]
    return outcome.failures[0]


def _late_registry_row(con: duckdb.DuckDBPyConnection) -> tuple[int, str, int]:
    """rowid, file and line of the table's last row of an indicator with a bounded range."""
    return con.execute(
        "select rowid, source_file, source_row from raw.wdi_values "
        "where indicator_code = 'TM.TAX.MRCH.WM.AR.ZS' order by rowid desc limit 1"
    ).fetchall()[0]


def test_the_sample_passes_in_chunks_as_it_passes_whole(con, tmp_path: Path) -> None:
    chunked = _in_chunks(con, tmp_path / "docs")
    assert chunked.success, [f.describe() for f in chunked.failures]
    rows = con.execute("select count(*) from raw.wdi_values").fetchall()[0][0]
    assert chunked.chunks == -(-rows // ROWS_PER_CHUNK) > 1
    assert chunked.evaluated == _whole(con, tmp_path / "docs").evaluated


def test_a_bad_value_in_the_last_chunk_is_caught_naming_its_file_and_row(con, tmp_path: Path) -> None:
    rowid, source_file, source_row = _late_registry_row(con)
    total = con.execute("select count(*) from raw.wdi_values").fetchall()[0][0]
    assert rowid >= total - ROWS_PER_CHUNK, "the corrupted row should sit in the last chunk"
    con.execute(f"update raw.wdi_values set value = 1e6 where rowid = {rowid}")

    failure = _only(_in_chunks(con, tmp_path / "docs"))
    assert failure.describe() == _only(_whole(con, tmp_path / "docs")).describe()
    assert failure.expectation == "expect_column_values_to_be_between" and failure.unexpected_count == 1
    assert failure.sample_rows is not None
    assert failure.sample_rows[["source_file", "source_row"]].values.tolist() == [[source_file, source_row]]


def test_a_repeated_key_is_reported_from_sql_as_gx_reports_it_on_the_whole_table(con, tmp_path: Path) -> None:
    rowid, _, _ = _late_registry_row(con)
    con.execute(f"insert into raw.wdi_values select * from raw.wdi_values where rowid = {rowid}")

    chunked, whole = _only(_in_chunks(con, tmp_path / "docs")), _only(_whole(con, tmp_path / "docs"))
    assert chunked.describe() == whole.describe()
    assert chunked.unexpected_count == 2
    assert chunked.sample_rows is not None and whole.sample_rows is not None
    columns = ["indicator_code", "country_code", "year", "source_file", "source_row"]
    assert chunked.sample_rows[columns].values.tolist() == whole.sample_rows[columns].values.tolist()


def test_an_empty_table_fails_the_row_count_as_gx_does(con, tmp_path: Path) -> None:
    con.execute("delete from raw.wdi_values")
    chunked = _in_chunks(con, tmp_path / "docs")
    assert chunked.chunks == 0
    assert _only(chunked).describe() == _only(_whole(con, tmp_path / "docs")).describe()


def test_the_raw_check_on_a_big_table_names_the_file_and_says_it_ran_in_chunks(
    con, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(raw_checks, "CHUNKED_ABOVE_ROWS", ROWS_PER_CHUNK)
    monkeypatch.setattr(raw_checks, "ROWS_PER_CHECK_CHUNK", ROWS_PER_CHUNK)
    rowid, source_file, _ = _late_registry_row(con)
    con.execute(f"update raw.wdi_values set value = value * 1000 where rowid = {rowid}")

    warehouse = SimpleNamespace(home_path=tmp_path)
    result = raw_checks._expectations(SOURCE, "wdi_values", con, None, warehouse, "run-1")
    assert not result.passed
    assert result.description.startswith(f"[wdi] raw.wdi_values in {source_file}:")
    assert "TM.TAX.MRCH.WM.AR.ZS" in result.description
    assert "chunks" in str(result.metadata["validated_in_chunks"].value)
    assert str(result.metadata["data_docs"].value).startswith("file://")
