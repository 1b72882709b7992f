"""Revision 2019's origin x destination stock and Pew's views of the US, in a warehouse built from ../shared/data.

Each figure is compared with the cell of the file it came from, read here with the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

OD_FILE = "undesa_migrant_stock/UN_MigrantStockByOriginAndDestination_2019_clean.csv"
PEW_FILE = "pew_us_favorability/TRUMPWORLD-us.csv"
OD_YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2019]
SUBREGIONS = {"Caribbean", "Melanesia", "Micronesia", "Polynesia", "South America"}


@pytest.fixture(scope="module")
def warehouse(real_warehouse):
    return real_warehouse.con


@pytest.fixture(scope="module")
def od_rows(shared_data: Path) -> list[dict[str, str]]:
    with (shared_data / OD_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell(od_rows, origin: str, destination: str, year: int) -> float:
    (row,) = [row for row in od_rows if row["Dest"] == destination and int(row["Year"]) == year]
    return float(row[origin])


def test_migrants_from_latin_america_living_in_the_us_equal_the_files_cells(warehouse, od_rows):
    in_us = {
        (origin, year): (migrants, revision)
        for origin, year, migrants, revision in warehouse.execute(
            """
            select origin_iso3, year, migrants, revision from marts.fct_migrant_stock
            where stock_scope = 'origin_destination' and destination_iso3 = 'USA'
            """
        ).fetchall()
    }
    usa = "United States of America"
    assert in_us[("MEX", 2019)] == (_cell(od_rows, "Mexico", usa, 2019), 2019)
    assert in_us[("MEX", 2019)][0] > 10_000_000
    for iso3, name in (("SLV", "El Salvador"), ("CUB", "Cuba"), ("VEN", "Venezuela (Bolivarian Republic of)")):
        for year in OD_YEARS:
            assert in_us[(iso3, year)] == (_cell(od_rows, name, usa, year), 2019), (iso3, year)


def test_pairs_have_years_1990_to_2019_revision_2019_and_no_negative_or_zero_count(warehouse):
    years, revisions, smallest, sexes = warehouse.execute(
        """
        select list(distinct year order by year), list(distinct revision), min(migrants), list(distinct sex)
        from marts.fct_migrant_stock where stock_scope = 'origin_destination'
        """
    ).fetchone()
    assert years == OD_YEARS and revisions == [2019] and sexes == ["both"]
    assert smallest > 0
    (negative,) = warehouse.execute("select count(*) from marts.fct_migrant_stock where migrants < 0").fetchone()
    assert negative == 0


def test_every_positive_country_pair_of_the_file_is_one_row_with_its_total(warehouse, od_rows):
    expected_rows: dict[int, int] = {}
    expected_sum: dict[int, float] = {}
    for row in od_rows:
        if row["Dest"] in SUBREGIONS:
            continue
        year = int(row["Year"])
        for name, value in row.items():
            if name in ("Year", "Dest") or value in ("..", "-") or float(value) <= 0:
                continue
            expected_rows[year] = expected_rows.get(year, 0) + 1
            expected_sum[year] = expected_sum.get(year, 0.0) + float(value)
    published = warehouse.execute(
        """
        select year, count(*), sum(migrants) from marts.fct_migrant_stock
        where stock_scope = 'origin_destination' group by year
        """
    ).fetchall()
    assert {year: rows for year, rows, _ in published} == expected_rows
    assert {year: total for year, _, total in published} == pytest.approx(expected_sum)
    (repeated,) = warehouse.execute(
        """
        select count(*) from (
            select origin_iso3, destination_iso3, year from marts.fct_migrant_stock
            where stock_scope = 'origin_destination' group by all having count(*) > 1
        )
        """
    ).fetchone()
    assert repeated == 0


def test_the_three_kinds_of_row_are_told_apart_and_the_totals_stay_revision_2020(warehouse):
    kinds = warehouse.execute(
        """
        select stock_scope, bool_and(origin_iso3 is not null), bool_and(destination_iso3 is not null),
               list(distinct revision), max(year)
        from marts.fct_migrant_stock group by stock_scope order by stock_scope
        """
    ).fetchall()
    assert kinds == [
        ("destination_all_origins", False, True, [2020], 2020),
        ("origin_all_destinations", True, False, [2020], 2020),
        ("origin_destination", True, True, [2019], 2019),
    ]


def test_pew_mexico_rows_equal_the_file_and_say_they_come_from_a_compilation(warehouse, shared_data):
    with (shared_data / PEW_FILE).open(encoding="utf-8", newline="") as handle:
        expected = {int(row["year"]): float(row["Mexico"]) for row in csv.DictReader(handle) if row["Mexico"]}
    rows = warehouse.execute(
        """
        select survey_year, pct_favourable_view_of_us, is_compilation, provenance, source, source_vintage
        from marts.fct_us_favorability where economy_iso3 = 'MEX' order by survey_year
        """
    ).fetchall()
    assert {year: value for year, value, *_ in rows} == expected
    assert all(row[2] is True and "FiveThirtyEight" in row[3] and "not a Pew file" in row[3] for row in rows)
    assert {row[4] for row in rows} == {"Pew Research Center, Global Attitudes survey"}
    assert {row[5] for row in rows} == {"surveys through 2017"}


def test_pew_latin_america_is_there_and_avg_is_not_an_economy(warehouse):
    economies = {
        iso3 for (iso3,) in warehouse.execute("select distinct economy_iso3 from marts.fct_us_favorability").fetchall()
    }
    assert {"ARG", "BRA", "CHL", "COL", "MEX", "PER", "VEN"} <= economies
    assert len(economies) == 37
    (rows,) = warehouse.execute("select count(*) from marts.fct_us_favorability").fetchone()
    assert rows == 325
