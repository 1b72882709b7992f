"""Loading WDI a chunk at a time gives the raw tables that loading it in one piece gave."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.raw_load import incoming, replace_with_incoming, write_incoming
from sources._common.land import land_source
from sources._common.landing import LandedFile, LandingZone
from sources.worldbank import SOURCE
from sources.worldbank.parse import read_vintage


@pytest.fixture(scope="module")
def landed(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> list[LandedFile]:
    return land_source(SOURCE, "snapshot", LandingZone(tmp_path_factory.mktemp("raw")), snapshot_dir=shared_data)


def _one_shot(con: duckdb.DuckDBPyConnection, landed: list[LandedFile]) -> None:
    """The raw tables as the load step wrote them before chunks: one frame per table."""
    for name, frame in SOURCE.load(landed).items():
        con.register("incoming_frame", frame)
        con.execute(f'create table one_shot."{name}" as select * from incoming_frame')
        con.unregister("incoming_frame")


def _chunked(con: duckdb.DuckDBPyConnection, landed: list[LandedFile], rows_per_chunk: int) -> int:
    chunks = list(SOURCE.load_chunks(landed, rows_per_chunk))
    write_incoming(con, SOURCE, iter(chunks))
    for table in SOURCE.raw_tables:
        replace_with_incoming(con, table.name)
    return sum(name == "wdi_values" for name, _ in chunks)


def _rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> pd.DataFrame:
    return con.execute(f'select * from {schema}."{table}" order by all').df()


def _types(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(f'describe {schema}."{table}"').fetchall()


def test_chunked_load_writes_the_tables_the_one_shot_load_wrote(landed: list[LandedFile]) -> None:
    con = duckdb.connect()
    con.execute("create schema one_shot; create schema raw")
    _one_shot(con, landed)
    # Small chunks, so the real snapshot's 171,000 values arrive in many pieces.
    values_chunks = _chunked(con, landed, rows_per_chunk=20_000)
    assert values_chunks > 5
    for table in SOURCE.raw_tables:
        assert _types(con, "raw", table.name) == _types(con, "one_shot", table.name), table.name
        pd.testing.assert_frame_equal(_rows(con, "raw", table.name), _rows(con, "one_shot", table.name))
    leftovers = con.execute("select table_name from information_schema.tables where table_name like '%__incoming'")
    assert not leftovers.fetchall()


def test_chunks_keep_the_newest_vintage_of_an_indicator_filed_twice(shared_data: Path, tmp_path: Path) -> None:
    current = next((shared_data / "wdi" / "SP.POP.TOTL").glob("API_*.csv"))
    vintage = read_vintage(current)
    snapshot = tmp_path / "snapshot"
    shutil.copytree(shared_data / "wdi", snapshot / "wdi")
    older = snapshot / "wdi" / "API_SP.POP.TOTL_DS2_en_csv_v2_1.csv"
    older.write_bytes(current.read_bytes().replace(f'"{vintage}"'.encode(), b'"2001-01-01"', 1))
    both = land_source(SOURCE, "snapshot", LandingZone(tmp_path / "raw"), snapshot_dir=snapshot)

    values = pd.concat(frame for name, frame in SOURCE.load_chunks(both, 20_000) if name == "wdi_values")
    population = values[values["indicator_code"] == "SP.POP.TOTL"]
    assert set(population["source_file"]) == {current.name}
    assert set(population["source_vintage"]) == {vintage}
    assert not values.duplicated(["country_code", "indicator_code", "year"]).any()


def test_a_load_that_fails_half_way_leaves_no_incoming_table(landed: list[LandedFile]) -> None:
    con = duckdb.connect()
    con.execute("create schema raw")

    def broken_after_one_chunk():
        chunks = SOURCE.load_chunks(landed, 20_000)
        yield next(chunks)
        raise RuntimeError("the parser found a bad file")

    with pytest.raises(RuntimeError, match="bad file"):
        write_incoming(con, SOURCE, broken_after_one_chunk())
    tables = con.execute("select table_name from information_schema.tables").fetchall()
    assert (incoming("wdi_values"),) not in tables
