"""UN DESA International Migrant Stock 2019, origin x destination, as a derived CSV -> one tidy table.

The file is DERIVED, not the publisher's workbook: someone saved Table 1 (both sexes) of
``UN_MigrantStockByOriginAndDestination_2019.xlsx`` as CSV after dropping the UN banner, the
Sort order / Notes / Code / Type-of-data columns and the Total / Other North / Other South
columns. What is left: a header ``Year,Dest,<origin name>...`` (232 origins named in words, quoted
when they hold a comma) and one line per (year, destination), destinations named in words too.
Counts are persons; ``..`` is DESA's "not available", ``-`` sits in four cells (Albanian-born in
Montenegro before 2006) and is read as not available too. Most pairs are ``0``: whether that is
DESA's zero or a cell the workbook left empty and the deriver filled, this file cannot tell.
Five M49 subregions survived among the destination rows; the name map says so, and they keep a
null ISO3. The revision (2019) comes from the file name, since no banner survived.
Nothing here writes files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from sources._common.csv_text import read_csv_rows
from sources._common.errors import SourceError
from sources._common.name_maps import NameMap
from sources.undesa_migrant_stock.location_names import NAME_MAP_FILE, load_name_map

SOURCE = "undesa_migrant_stock"
HEADER = ("Year", "Dest")
MISSING_MARKS = ("..", "-")
OD_COLUMNS = (
    "origin_name", "origin_iso3", "destination_name", "destination_iso3", "year", "migrants", "missing_mark",
    "revision", "source_file", "source_row",
)  # fmt: skip
OD_KEY = ("origin_name", "destination_name", "year")
_COUNT = re.compile(r"^\d+(?:\.\d+)?$")
_FILE_YEAR = re.compile(r"(?:^|_)((?:19|20)\d{2})(?:_|\.|$)")


def parse_origin_destination(path: Path, name_map: NameMap | None = None) -> pd.DataFrame:
    """Migrants (persons) born in each origin and living in each destination, by mid-year."""
    name_map = name_map or load_name_map()
    revision = revision_of(path)
    header, lines = read_csv_rows(SOURCE, path)
    origins = header[len(HEADER) :]
    _check_header(header, origins, path)
    _check_names({name: f"1 (column {position})" for position, name in enumerate(origins, start=3)}, name_map, path,
                 "origin column")  # fmt: skip

    destination_rows: dict[str, str] = {}
    seen: dict[tuple[int, str], int] = {}
    years: list[int] = []
    destinations: list[str] = []
    rows: list[int] = []
    cells: list[list[str]] = []
    for line_number, fields in lines:
        if not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            raise SourceError(
                SOURCE, f"{len(fields)} fields; the header has {len(header)} (Year, Dest and {len(origins)} origins)",
                file=path, row=line_number,
            )  # fmt: skip
        year_text, destination = fields[0].strip(), fields[1].strip()
        if not year_text.isdigit() or not 1950 <= int(year_text) <= 2100:
            raise SourceError(SOURCE, f"Year {year_text!r} is not a year", file=path, row=line_number)
        if not destination:
            raise SourceError(SOURCE, "Dest (the destination's name) is empty", file=path, row=line_number)
        key = (int(year_text), destination)
        if key in seen:
            raise SourceError(
                SOURCE, f"{destination!r} in {year_text} again (first at row {seen[key]})", file=path, row=line_number
            )
        seen[key] = line_number
        destination_rows.setdefault(destination, str(line_number))
        years.append(key[0])
        destinations.append(destination)
        rows.append(line_number)
        cells.append([field.strip() for field in fields[len(HEADER) :]])
    if not cells:
        raise SourceError(SOURCE, "has a header but no destination rows", file=path)
    _check_names(destination_rows, name_map, path, "destination")

    wide = pd.DataFrame(cells, columns=list(origins))
    wide["year"], wide["destination_name"], wide["source_row"] = years, destinations, rows
    frame = wide.melt(id_vars=["year", "destination_name", "source_row"], var_name="origin_name", value_name="cell")
    marks = frame["cell"].isin(MISSING_MARKS)
    counts = frame["cell"].str.fullmatch(_COUNT.pattern)
    bad = frame[~marks & ~counts]
    if len(bad):
        first = bad.sort_values(["source_row"]).iloc[0]
        kind = "is negative" if str(first["cell"]).startswith("-") else "is not a count of persons, '..' or '-'"
        raise SourceError(
            SOURCE, f"{first['origin_name']!r} in {first['destination_name']!r}: {first['cell']!r} {kind} "
            f"({len(bad)} such cells)", file=path, row=int(first["source_row"]),
        )  # fmt: skip
    frame["migrants"] = pd.to_numeric(frame["cell"].where(~marks), errors="raise").astype("float64")
    # Optional text in pandas' string dtype (missing is NaN), so DuckDB types it VARCHAR.
    frame["missing_mark"] = frame["cell"].where(marks).astype("str")
    codes = name_map.as_dict()
    frame["origin_iso3"] = frame["origin_name"].map(codes).astype("str")
    frame["destination_iso3"] = frame["destination_name"].map(codes).astype("str")
    frame["revision"] = revision
    frame["source_file"] = Path(path).name
    frame["year"] = frame["year"].astype("int64")
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame[list(OD_COLUMNS)].reset_index(drop=True)


def revision_of(path: Path) -> int:
    """The revision year in the file name (``..._2019_clean.csv`` -> 2019); no banner survived the derivation."""
    named = _FILE_YEAR.search(Path(path).stem)
    if not named:
        raise SourceError(SOURCE, "no revision year in the file name (expected e.g. '..._2019_clean.csv')", file=path)
    return int(named.group(1))


def _check_header(header: list[str], origins: list[str], path: Path) -> None:
    if tuple(header[: len(HEADER)]) != HEADER:
        raise SourceError(
            SOURCE, f"the header starts {header[: len(HEADER)]}; expected {list(HEADER)} then one column per origin",
            file=path, row=1,
        )  # fmt: skip
    if not origins:
        raise SourceError(SOURCE, "the header names no origin column after Year, Dest", file=path, row=1)
    empty = [position for position, name in enumerate(origins, start=3) if not name]
    if empty:
        raise SourceError(SOURCE, f"origin columns {empty} have no name", file=path, row=1)
    repeated = sorted({name for name in origins if origins.count(name) > 1})
    if repeated:
        raise SourceError(SOURCE, f"origin columns named twice: {repeated}", file=path, row=1)


def _check_names(where: dict[str, str], name_map: NameMap, path: Path, noun: str) -> None:
    """Every name must be in the reviewed map; the error lists each unknown one with its row."""
    unknown = {name: row for name, row in where.items() if name not in name_map}
    if not unknown:
        return
    listed = "; ".join(f"{name!r} (row {row})" for name, row in unknown.items())
    first_row = next(iter(unknown.values()))
    raise SourceError(
        SOURCE, f"{len(unknown)} {noun} name(s) not in {NAME_MAP_FILE.name} (add each with its ISO3, or under "
        f"no_iso3 with a reason): {listed}", file=path, row=first_row,
    )  # fmt: skip
