"""The history checks' scoring (orchestration/checks/history.py) on small series built here."""

from __future__ import annotations

import math

import duckdb
import pytest

from orchestration.checks.history import score_table, summarize
from sources._common.spec import History, RawTable

MONTHLY = History(("code",), ("year", "month"), ("imports",), warn_above=13, block_above=16)
ANNUAL = History(("code",), ("year",), ("value",), warn_above=13, block_above=16)


def _noise(i: int) -> float:
    """A deterministic wobble of a few percent, different every period."""
    return 0.03 * math.sin(1.7 * i) + 0.02 * math.cos(0.9 * i * i)


def _monthly(con: duckdb.DuckDBPyConnection, series: dict[str, list[float]]) -> RawTable:
    con.execute("create schema if not exists raw")
    con.execute(
        "create or replace table raw.trade (code varchar, year bigint, month bigint, imports double, "
        "source_file varchar, source_row bigint)"
    )
    rows = [
        (code, 2015 + i // 12, i % 12 + 1, value, "country.xlsx", 2 + i)
        for code, values in series.items()
        for i, value in enumerate(values)
    ]
    con.executemany("insert into raw.trade values (?, ?, ?, ?, ?, ?)", rows)
    return RawTable("trade", "test", ("code", "year", "month"), history=MONTHLY)


def _annual(con: duckdb.DuckDBPyConnection, series: dict[str, list[float]], history: History = ANNUAL) -> RawTable:
    con.execute("create schema if not exists raw")
    con.execute(
        "create or replace table raw.yearly (code varchar, year bigint, value double, source_file varchar, "
        "source_row bigint)"
    )
    rows = [
        (code, 2000 + i, value, "values.csv", 10 + i)
        for code, values in series.items()
        for i, value in enumerate(values)
    ]
    con.executemany("insert into raw.yearly values (?, ?, ?, ?, ?)", rows)
    return RawTable("yearly", "test", ("code", "year"), history=history)


def _steady(level: float, periods: int, growth: float = 0.002) -> list[float]:
    return [level * (1 + growth) ** i * (1 + _noise(i)) for i in range(periods)]


def test_one_month_ten_times_its_neighbours_blocks_and_is_named():
    con = duckdb.connect()
    imports = _steady(40_000, 60)
    imports[50] *= 10
    found = score_table(con, _monthly(con, {"2010": imports, "1220": _steady(30_000, 60)}))
    assert found is not None
    assert list(found.blocking["period_label"]) == ["2019-03"]
    worst = found.blocking.iloc[0]
    assert worst["series_key"] == "2010" and worst["source_row"] == 52 and worst["source_file"] == "country.xlsx"
    assert worst["expected_low"] < imports[49] < worst["expected_high"] < imports[50]
    message = summarize("census_trade", RawTable("trade", "t", ("code",), history=MONTHLY), found)
    for part in ("[census_trade]", "raw.trade", "country.xlsx", "month against", "2010", "2019-03", "row 52"):
        assert part in message


def test_steady_series_with_seasons_score_below_the_warning():
    con = duckdb.connect()
    seasonal = [v * (1.25 if i % 12 == 11 else 1.0) for i, v in enumerate(_steady(5_000, 72))]
    found = score_table(con, _monthly(con, {"2010": _steady(40_000, 72), "5700": seasonal}))
    assert found is not None and found.rows.empty
    assert found.max_score < MONTHLY.warn_above
    assert found.series == 2 and found.scored > 100


def test_a_tenfold_year_blocks_and_a_thirty_percent_one_does_not():
    con = duckdb.connect()
    tenfold, thirty_percent = _steady(1e9, 25, 0.03), _steady(1e9, 25, 0.03)
    tenfold[24] *= 10
    thirty_percent[24] *= 1.3
    found = score_table(con, _annual(con, {"MEX": tenfold, "CAN": thirty_percent}))
    assert found is not None
    assert list(found.blocking["series_key"]) == ["MEX"]
    assert "CAN" not in set(found.blocking["series_key"])


def test_zeros_are_no_data_and_sign_changes_are_measured_against_usual_size():
    con = duckdb.connect()
    # Zero for "no data" before the series starts (KNOMAD's early years), and FDI that turns negative.
    started = [0.0] * 8 + _steady(500.0, 16, 0.05)
    fdi = [1000 * math.sin(0.8 * i) + 300 for i in range(24)]
    found = score_table(con, _annual(con, {"GHA": started, "CYP": fdi}))
    assert found is not None and found.rows.empty, found.rows


def test_rates_move_in_points_near_zero():
    con = duckdb.connect()
    growth = [2.0 + 1.5 * math.sin(1.3 * i) for i in range(30)]  # GDP growth, %, crossing 0.5-3.5
    rates = History(("code",), ("year",), ("value",), is_rate="true", warn_above=13, block_above=16)
    found = score_table(con, _annual(con, {"BRA": growth}, rates))
    assert found is not None and found.rows.empty


def test_a_series_too_short_to_judge_is_not_scored():
    con = duckdb.connect()
    found = score_table(con, _annual(con, {"UNCTAD": [100.0, 1000.0, 110.0]}))
    assert found is not None and found.scored == 0 and found.rows.empty


@pytest.mark.parametrize("factor", [10, 0.1])
def test_a_scale_error_either_way_blocks(factor: float):
    con = duckdb.connect()
    values = _steady(2_000, 48)
    values[47] *= factor
    found = score_table(con, _monthly(con, {"2230": values}))
    assert found is not None and list(found.blocking["period_label"]) == ["2018-12"]


def test_a_table_of_millions_of_values_is_scored_within_the_refresh_memory_cap(tmp_path):
    # The 10x sample's WDI (2.7 million values) ran the refresh's 256 MB DuckDB out of memory when a
    # query scored 1.3 million values at once: median() and mad() hold each group and do not spill.
    from orchestration.warehouse import BUILD_MEMORY_LIMIT
    from sources.worldbank import SOURCE

    (table,) = [table for table in SOURCE.raw_tables if table.name == "wdi_values"]
    config = {"memory_limit": BUILD_MEMORY_LIMIT, "temp_directory": str(tmp_path / "spill")}
    con = duckdb.connect(str(tmp_path / "build.duckdb"), config=config)
    con.execute("create schema raw")
    # 300 economies x 150 indicators x 65 years, shaped like raw.wdi_values.
    con.execute(
        """
        create table raw.wdi_values as
        select 'Q' || chr((65 + (i // 65) % 300 // 26)::integer) || chr((65 + (i // 65) % 300 % 26)::integer)
                   as country_code,
               'HEMI.SAMPLE.' || lpad(((i // 65) // 300)::varchar, 4, '0')
                   || case when (i // 65) // 300 % 3 = 0 then '.ZS' else '' end as indicator_code,
               1960 + i % 65 as year,
               1000 * (1 + (i // 65) % 97) * (1.02 ^ (i % 65)) * (1 + 0.03 * sin(1.7 * i)) as value,
               'WDI_sample.csv' as source_file, i as source_row
        from range(300 * 150 * 65) as t(i)
        """
    )
    found = score_table(con, table)
    assert found.series == 300 * 150 and found.scored > 2_800_000
