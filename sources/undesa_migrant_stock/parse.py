"""UN DESA International Migrant Stock workbooks -> tidy tables.

``Table 1`` of the destination and origin workbooks: a 10-row banner, the sex of each block of
year columns in Excel row 8, the column header in Excel row 11 (``Location code``, ``Type of
data``, then 1990-2020 for both sexes, males and females) and one row per location from row 12.
Names are indented with spaces to show the hierarchy (inconsistently, so the hierarchy comes from
the correspondence table instead) and carry ``*`` when a note applies. Location codes are UN M49
numbers (plus DESA's own 4-digit codes for SDG regions, income groups and "OTHER"), kept as text
zero-padded to 3 digits. ``..`` is missing.

The correspondence table (sheet ``Annex``, header in Excel rows 10-11) gives each location its
ISO3 code, type (country/area, subregion, SDG region, income group...) and, for countries, the
regions and groups it belongs to. Nothing here writes files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet

SOURCE = "undesa_migrant_stock"
STOCK_SHEET = "Table 1"
STOCK_SEX_ROW = 7  # 0-based; Excel row 8 names the sex of each block of year columns
HEADER_ROW = 10  # 0-based; Excel row 11
STOCK_LABELS = {1: "Region, development group, country or area", 2: "Notes", 3: "Location code", 4: "Type of data"}
SEXES = (("both", "both sexes"), ("male", "males"), ("female", "females"))
MISSING = ("..", "")
STOCK_COLUMNS = (
    "location_code", "location_name", "year", "sex", "migrants", "type_of_data", "revision", "source_file",
    "source_row",
)  # fmt: skip
STOCK_KEY = ("location_code", "year", "sex")

ANNEX_SHEET = "Annex"
ANNEX_GROUP_ROW = 9  # 0-based; Excel row 10 names the column groups, row 11 the columns
ANNEX_GROUP_LABELS = {
    5: "Location Type", 7: "Parent Location code", 8: "WORLD", 9: "Subregion", 11: "SDG subregion",
    13: "SDG region", 15: "Geographic region", 17: "UN development groups", 24: "World Bank income groups",
}  # fmt: skip
ANNEX_LABELS = {
    1: "Region, subregion, country or area*", 2: "Notes", 3: "Location code", 4: "ISO3 Alpha-code",
    5: "Code", 6: "Name", 9: "Code", 10: "Name", 11: "Code", 12: "Name", 13: "Code", 14: "Name", 15: "Code", 16: "Name",
}  # fmt: skip
# (code column, name column) -> our column prefix; filled for countries and areas only.
ANNEX_REGIONS = {
    (9, 10): "subregion",
    (11, 12): "sdg_subregion",
    (13, 14): "sdg_region",
    (15, 16): "geographic_region",
}
# Membership columns are headed "<group name>\n<code>"; the code, not the wording, says which group.
ANNEX_GROUP_FLAGS = {
    "901": "is_more_developed",
    "902": "is_less_developed",
    "941": "is_least_developed",
    "934": "is_less_developed_excl_ldc",
    "948": "is_less_developed_excl_china",
    "1636": "is_lldc",
    "1637": "is_sids",
    "1503": "is_high_income",
    "1517": "is_middle_income",
    "1502": "is_upper_middle_income",
    "1501": "is_lower_middle_income",
    "1500": "is_low_income",
    "1518": "is_no_income_group",
}
COUNTRY_TYPE = "Country/Area"
LOCATION_COLUMNS = (
    "location_code", "location_name", "iso3", "location_type", "parent_code", "is_country",
    *(f"{prefix}_{part}" for prefix in ANNEX_REGIONS.values() for part in ("code", "name")),
    *ANNEX_GROUP_FLAGS.values(), "source_file", "source_row",
)  # fmt: skip
_ISO3 = re.compile(r"^[A-Z]{3}$")
_REVISION = re.compile(r"Rev\.\s*(\d{4})")
_FILE_YEAR = re.compile(r"(?:^|_)((?:19|20)\d{2})(?:_|\.|$)")


# --- Table 1: migrant stock by destination or by origin -----------------------------------------


def parse_stock(path: Path) -> pd.DataFrame:
    """International migrant stock at mid-year by location, year and sex (persons)."""
    rows = read_sheet(path, STOCK_SHEET, SOURCE)
    if len(rows) <= HEADER_ROW + 1:
        raise SourceError(SOURCE, f"sheet {STOCK_SHEET!r} ends before its header row (Excel row 11)", file=path)
    header = rows[HEADER_ROW]
    for column, label in STOCK_LABELS.items():
        if _text(_cell(header, column)) != label:
            raise SourceError(
                SOURCE, f"column {column + 1} of the header is {_text(_cell(header, column))!r}; expected {label!r}",
                file=path, row=HEADER_ROW + 1,
            )  # fmt: skip
    value_columns = _stock_value_columns(rows[STOCK_SEX_ROW], header, path)

    records: list[tuple[Any, ...]] = []
    kept: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for index in range(HEADER_ROW + 1, len(rows)):
        excel_row = index + 1
        cells = rows[index]
        if not any(_text(cell) for cell in cells):
            break
        code = _location_code(_cell(cells, 3), path, excel_row)
        name = clean_name(_cell(cells, 1))
        if not name:
            raise SourceError(SOURCE, f"location {code} has no name", file=path, row=excel_row)
        values = tuple(_persons(_cell(cells, column), path, excel_row, year) for column, (year, _) in value_columns)
        # "Australia and New Zealand" is listed twice (SDG region and Oceania subregion) with the
        # same numbers: an identical repeat says nothing new, a conflicting one is an error.
        if code in kept:
            first_row, first_values = kept[code]
            if first_values == (name, *values):
                continue
            raise SourceError(
                SOURCE, f"location code {code} repeated with other values (first at row {first_row})",
                file=path, row=excel_row,
            )  # fmt: skip
        kept[code] = (excel_row, (name, *values))
        type_of_data = _text(_cell(cells, 4)) or None
        for (_, (year, sex)), migrants in zip(value_columns, values, strict=True):
            records.append((code, name, year, sex, migrants, type_of_data, excel_row))
    if not records:
        raise SourceError(SOURCE, f"sheet {STOCK_SHEET!r} has no locations under its header", file=path)

    parsed_columns = [column for column in STOCK_COLUMNS if column not in ("source_file", "revision")]
    frame = pd.DataFrame.from_records(records, columns=parsed_columns)
    frame["source_file"] = Path(path).name
    # The revision travels with every row: the origin x destination table is another revision (2019).
    frame["revision"] = _stock_revision(rows, path)
    frame["migrants"] = frame["migrants"].astype("float64")
    frame["year"] = frame["year"].astype("int64")
    frame["source_row"] = frame["source_row"].astype("int64")
    # The origin table leaves Type of data empty throughout: pandas' string dtype (missing is NaN)
    # keeps the column VARCHAR in DuckDB, where an object column of only None would be type NULL.
    frame["type_of_data"] = frame["type_of_data"].astype("str")
    return frame[list(STOCK_COLUMNS)]


def _stock_revision(rows: Sequence[Sequence[Any]], path: Path) -> int:
    """'POP/DB/MIG/Stock/Rev.2020' in the banner, else the year in the file name."""
    for cells in rows[:HEADER_ROW]:
        for cell in cells:
            if match := _REVISION.search(_text(cell)):
                return int(match.group(1))
    named = _FILE_YEAR.search(Path(path).stem)
    if named:
        return int(named.group(1))
    raise SourceError(SOURCE, "no 'Rev.YYYY' in the banner (rows 1-10) and no year in the file name", file=path)


def _stock_value_columns(
    sex_labels: Sequence[Any], header: Sequence[Any], path: Path
) -> list[tuple[int, tuple[int, str]]]:
    """[(column, (year, sex))] for every year column, the sex read from the banner above its block."""
    columns: list[tuple[int, tuple[int, str]]] = []
    sex: str | None = None
    expected = iter(SEXES)
    for column in range(5, len(header)):
        banner = _text(_cell(sex_labels, column)).lower()
        if banner:
            name, words = next(expected, (None, None))
            if name is None or not re.search(rf"\b{words}\b", banner):
                raise SourceError(
                    SOURCE, f"column {column + 1} of row 8 is {banner!r}; expected a block for "
                    + ", ".join(w for _, w in SEXES) + " in that order",
                    file=path, row=STOCK_SEX_ROW + 1,
                )  # fmt: skip
            sex = name
        label = _cell(header, column)
        if not _text(label):
            continue
        year = _whole(label)
        if year is None or not 1950 <= year <= 2100 or sex is None:
            raise SourceError(
                SOURCE, f"column {column + 1} of the header is {_text(label)!r}; expected a year under a sex banner",
                file=path, row=HEADER_ROW + 1,
            )  # fmt: skip
        columns.append((column, (year, sex)))
    found = {sex for _, (_, sex) in columns}
    if found != {name for name, _ in SEXES}:
        raise SourceError(
            SOURCE, f"year columns found for {sorted(found)}; expected both sexes, males and females",
            file=path, row=HEADER_ROW + 1,
        )  # fmt: skip
    return columns


def _persons(value: Any, path: Path, excel_row: int, year: int) -> float | None:
    if isinstance(value, str):
        text = value.strip()
        if text in MISSING:
            return None
        try:
            value = float(text)
        except ValueError:
            raise SourceError(SOURCE, f"{year}: {text!r} is not a number or '..'", file=path, row=excel_row) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SourceError(SOURCE, f"{year}: {value!r} is not a number", file=path, row=excel_row)
    if value < 0:
        raise SourceError(SOURCE, f"{year}: {value} migrants is negative", file=path, row=excel_row)
    return float(value)


# --- the correspondence table (Annex) -----------------------------------------------------------


def parse_locations(path: Path) -> pd.DataFrame:
    """Every location in the tables: M49 code, ISO3, type, regions and group membership; is_country."""
    rows = read_sheet(path, ANNEX_SHEET, SOURCE)
    if len(rows) <= HEADER_ROW + 1:
        raise SourceError(SOURCE, f"sheet {ANNEX_SHEET!r} ends before its header rows (Excel rows 10-11)", file=path)
    for row_index, labels in ((ANNEX_GROUP_ROW, ANNEX_GROUP_LABELS), (HEADER_ROW, ANNEX_LABELS)):
        for column, label in labels.items():
            found = _text(_cell(rows[row_index], column))
            if found != label:
                raise SourceError(
                    SOURCE, f"column {column + 1} of the header is {found!r}; expected {label!r}",
                    file=path, row=row_index + 1,
                )  # fmt: skip
    flags = _group_flag_columns(rows[HEADER_ROW], path)

    records: list[dict[str, Any]] = []
    first_seen: dict[str, int] = {}  # code -> position in records
    for index in range(HEADER_ROW + 1, len(rows)):
        excel_row = index + 1
        cells = rows[index]
        if not any(_text(cell) for cell in cells):
            break
        code = _location_code(_cell(cells, 3), path, excel_row)
        location_type = _text(_cell(cells, 6)) or None
        is_country = location_type == COUNTRY_TYPE
        record: dict[str, Any] = {
            "location_code": code,
            "location_name": clean_name(_cell(cells, 1)),
            "iso3": _text(_cell(cells, 4)) or None,
            # WORLD is the root and has no type; DESA gives it none.
            "location_type": location_type or ("World" if code == "900" else None),
            "parent_code": _optional_code(_cell(cells, 7), "Parent Location code", path, excel_row),
            "is_country": is_country,
            "source_row": excel_row,
        }
        if is_country and (record["iso3"] is None or not _ISO3.match(record["iso3"])):
            raise SourceError(
                SOURCE, f"country {record['location_name']!r} has ISO3 {record['iso3']!r}; expected 3 capital letters",
                file=path, row=excel_row,
            )  # fmt: skip
        if not is_country:
            record["iso3"] = None
        for (code_column, name_column), prefix in ANNEX_REGIONS.items():
            # Only countries and areas have their regions filled in; the aggregates' cells are
            # empty, apart from a stray 0 in Polynesia's row, which is ignored with the rest.
            region_code = _optional_code(_cell(cells, code_column), prefix, path, excel_row) if is_country else None
            record[f"{prefix}_code"] = region_code
            record[f"{prefix}_name"] = (_text(_cell(cells, name_column)) or None) if region_code else None
        for column, (group_code, flag) in flags.items():
            member = _optional_code(_cell(cells, column), flag, path, excel_row)
            if member is not None and member.lstrip("0") != group_code:
                raise SourceError(
                    SOURCE, f"column {column + 1} ({flag}) holds {member}; expected {group_code} or empty",
                    file=path, row=excel_row,
                )  # fmt: skip
            record[flag] = is_country and member is not None
        if code in first_seen:
            # "Australia and New Zealand" appears twice (SDG region, and again under Oceania): an
            # identical repeat is dropped, one that says something else is an error.
            first = records[first_seen[code]]
            if any(first[column] != record[column] for column in ("location_name", "location_type", "iso3")):
                raise SourceError(
                    SOURCE, f"location code {code} repeated with another name, type or ISO3 "
                    f"(first at row {first['source_row']})", file=path, row=excel_row,
                )  # fmt: skip
            continue
        first_seen[code] = len(records)
        records.append(record)
    if not records:
        raise SourceError(SOURCE, f"sheet {ANNEX_SHEET!r} has no locations under its header", file=path)
    if not any(record["is_country"] for record in records):
        raise SourceError(SOURCE, f"sheet {ANNEX_SHEET!r} lists no row of type {COUNTRY_TYPE!r}", file=path)
    iso3_rows: dict[str, int] = {}
    for record in records:
        if record["iso3"] in iso3_rows:
            raise SourceError(
                SOURCE, f"ISO3 {record['iso3']} given twice (first at row {iso3_rows[record['iso3']]})",
                file=path, row=record["source_row"],
            )  # fmt: skip
        if record["iso3"]:
            iso3_rows[record["iso3"]] = record["source_row"]

    frame = pd.DataFrame.from_records(records)
    frame["source_file"] = Path(path).name
    for column in LOCATION_COLUMNS:
        if column.startswith("is_"):
            frame[column] = frame[column].astype(bool)
        elif column == "source_row":
            frame[column] = frame[column].astype("int64")
        elif column not in ("location_code", "location_name", "source_file"):
            frame[column] = frame[column].astype("str")  # optional text: missing is NaN, VARCHAR in DuckDB
    return frame[list(LOCATION_COLUMNS)]


def _group_flag_columns(header: Sequence[Any], path: Path) -> dict[int, tuple[str, str]]:
    flags: dict[int, tuple[str, str]] = {}
    for column in range(17, len(header)):
        label = _text(_cell(header, column))
        if not label:
            continue
        group_code = label.split()[-1]
        if group_code not in ANNEX_GROUP_FLAGS:
            raise SourceError(
                SOURCE, f"group column {column + 1} is {label!r}; its code is not one of {sorted(ANNEX_GROUP_FLAGS)}",
                file=path, row=HEADER_ROW + 1,
            )  # fmt: skip
        flags[column] = (group_code, ANNEX_GROUP_FLAGS[group_code])
    missing = sorted(set(ANNEX_GROUP_FLAGS) - {code for code, _ in flags.values()})
    if missing:
        raise SourceError(SOURCE, f"missing group columns for codes {missing}", file=path, row=HEADER_ROW + 1)
    return flags


# --- vintage ------------------------------------------------------------------------------------


def read_vintage(path: Path) -> str | None:
    """The revision year: 'POP/DB/MIG/Stock/Rev.2020' in the banner, else the year in the file name.

    The derived origin x destination CSV has no banner, so only its file name says which revision it is."""
    if Path(path).suffix.lower() == ".csv":
        named = _FILE_YEAR.search(Path(path).stem)
        return named.group(1) if named else None
    try:
        for sheet in (STOCK_SHEET, ANNEX_SHEET):
            for cells in read_sheet(path, sheet, SOURCE)[:HEADER_ROW]:
                for cell in cells:
                    if match := _REVISION.search(_text(cell)):
                        return match.group(1)
    except SourceError:
        pass  # a workbook without either sheet still has a file name; the parser reports the rest
    named = _FILE_YEAR.search(Path(path).stem)
    return named.group(1) if named else None


# --- shared helpers -----------------------------------------------------------------------------


def clean_name(value: Any) -> str:
    """A location name without its indentation, trailing spaces or the ``*`` that points to a note."""
    return _text(value).rstrip("*").strip()


def _location_code(value: Any, path: Path, excel_row: int) -> str:
    code = _optional_code(value, "Location code", path, excel_row)
    if code is None:
        raise SourceError(SOURCE, "Location code is empty", file=path, row=excel_row)
    return code


def _optional_code(value: Any, column: str, path: Path, excel_row: int) -> str | None:
    """A numeric code as text zero-padded to 3 digits (Angola is 024); None for an empty cell."""
    if _text(value) == "":
        return None
    number = _whole(value)
    if number is None or number <= 0:
        raise SourceError(SOURCE, f"{column} {_text(value)!r} is not a positive whole number", file=path, row=excel_row)
    return f"{number:03d}"


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    text = _text(value)
    return int(text) if text.isdigit() else None


def _cell(cells: Sequence[Any], column: int) -> Any:
    return cells[column] if column < len(cells) else ""


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""
