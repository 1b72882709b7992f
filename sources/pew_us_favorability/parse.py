"""FiveThirtyEight's TRUMPWORLD-us.csv -> one tidy table: % favourable view of the US by country and year.

A third-party compilation, not a Pew file: FiveThirtyEight typed Pew Research Center's Global
Attitudes figures into one wide CSV, ``year,avg,<country>...``, one line per survey year (2000,
2002-2017), one column per country Pew surveyed at least once, an empty cell where Pew did not
survey that country that year. Values are whole percentages of adults with a very or somewhat
favourable view of the US.

``avg`` is FiveThirtyEight's own figure, the plain mean over the countries surveyed that year (a
different set each year), not a Pew statistic: it is never loaded. The parser checks it instead:
each row's ``avg`` must equal the mean of the row's cells, which catches a shifted or lost cell in
a file that was re-typed. Nothing here writes files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sources._common.csv_text import read_csv_rows
from sources._common.errors import SourceError
from sources._common.name_maps import NameMap
from sources.pew_us_favorability.names import NAME_MAP_FILE, load_name_map

SOURCE = "pew_us_favorability"
HEADER = ("year", "avg")
COLUMNS = ("country_name", "country_iso3", "survey_year", "pct_favourable", "source_file", "source_row")
KEY = ("country_name", "survey_year")
# FiveThirtyEight writes the mean with 8 decimals (44.69230769).
AVG_TOLERANCE = 1e-6
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def parse_us_favorability(path: Path, name_map: NameMap | None = None) -> pd.DataFrame:
    """Share of adults (percent) with a favourable view of the US, per surveyed country and year."""
    name_map = name_map or load_name_map()
    header, lines = read_csv_rows(SOURCE, path)
    countries = header[len(HEADER) :]
    _check_header(header, countries, path)
    unknown = [(position, name) for position, name in enumerate(countries, start=3) if name not in name_map]
    if unknown:
        listed = "; ".join(f"{name!r} (column {position})" for position, name in unknown)
        raise SourceError(
            SOURCE, f"{len(unknown)} country name(s) not in {NAME_MAP_FILE.name} (add each with its ISO3): {listed}",
            file=path, row=1,
        )  # fmt: skip

    records: list[dict[str, object]] = []
    seen: dict[int, int] = {}
    for line_number, fields in lines:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            raise SourceError(
                SOURCE, f"{len(fields)} fields; the header has {len(header)} (year, avg and {len(countries)} "
                "countries)", file=path, row=line_number,
            )  # fmt: skip
        year_text = fields[0].strip()
        if not year_text.isdigit() or not 1990 <= int(year_text) <= 2100:
            raise SourceError(SOURCE, f"year {year_text!r} is not a survey year", file=path, row=line_number)
        year = int(year_text)
        if year in seen:
            raise SourceError(SOURCE, f"year {year} again (first at row {seen[year]})", file=path, row=line_number)
        seen[year] = line_number
        values = {}
        for name, cell in zip(countries, fields[len(HEADER) :], strict=True):
            value = _percent(cell.strip(), name, path, line_number)
            if value is not None:
                values[name] = value
        _check_average(fields[1].strip(), values, path, line_number)
        records += [
            {"country_name": name, "survey_year": year, "pct_favourable": value, "source_row": line_number}
            for name, value in values.items()
        ]
    if not records:
        raise SourceError(SOURCE, "has a header but no survey figures", file=path)

    frame = pd.DataFrame.from_records(records)
    frame["country_iso3"] = frame["country_name"].map(name_map.iso3).astype("str")
    frame["source_file"] = Path(path).name
    frame["survey_year"] = frame["survey_year"].astype("int64")
    frame["pct_favourable"] = frame["pct_favourable"].astype("float64")
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame[list(COLUMNS)]


def read_vintage(path: Path) -> str | None:
    """'surveys through <newest year>': the compilation carries no date, its newest survey year stands in."""
    try:
        _, lines = read_csv_rows(SOURCE, path)
    except SourceError:
        return None  # the parser names what is wrong
    years = [int(fields[0]) for _, fields in lines if fields and fields[0].strip().isdigit()]
    return f"surveys through {max(years)}" if years else None


def _percent(cell: str, country: str, path: Path, line_number: int) -> float | None:
    if cell == "":
        return None  # Pew did not survey this country that year
    if not _NUMBER.match(cell):
        raise SourceError(SOURCE, f"{country}: {cell!r} is not a percentage", file=path, row=line_number)
    value = float(cell)
    if value > 100:
        raise SourceError(SOURCE, f"{country}: {cell} is over 100 percent", file=path, row=line_number)
    return value


def _check_average(avg: str, values: dict[str, float], path: Path, line_number: int) -> None:
    if not values:
        raise SourceError(SOURCE, "a survey year with no country figure", file=path, row=line_number)
    mean = sum(values.values()) / len(values)
    try:
        stated = float(avg)
    except ValueError:
        raise SourceError(SOURCE, f"avg {avg!r} is not a number", file=path, row=line_number) from None
    if abs(stated - mean) > AVG_TOLERANCE * max(1.0, abs(mean)):
        raise SourceError(
            SOURCE, f"avg {avg} is not the mean of the row's {len(values)} country figures ({mean:.8f}): a cell is "
            "missing, extra or shifted", file=path, row=line_number,
        )  # fmt: skip


def _check_header(header: list[str], countries: list[str], path: Path) -> None:
    if tuple(header[: len(HEADER)]) != HEADER:
        raise SourceError(
            SOURCE, f"the header starts {header[: len(HEADER)]}; expected {list(HEADER)} then one column per country",
            file=path, row=1,
        )  # fmt: skip
    if not countries:
        raise SourceError(SOURCE, "the header names no country after year, avg", file=path, row=1)
    empty = [position for position, name in enumerate(countries, start=3) if not name]
    if empty:
        raise SourceError(SOURCE, f"columns {empty} have no country name", file=path, row=1)
    repeated = sorted({name for name in countries if countries.count(name) > 1})
    if repeated:
        raise SourceError(SOURCE, f"countries named twice: {repeated}", file=path, row=1)
