"""CBP's nationwide encounters CSV (state version) -> one tidy table of monthly encounters.

One row per fiscal year, month, land border region, state, demographic, citizenship and title of
authority, with the count of encounters (events, not people). Months are the federal fiscal
year's (FY2023 runs from October 2022 to September 2023), so OCT-DEC belong to the calendar year
before the fiscal year. 42,000 rows are checked column by column (vectorised); every surprise is
a ``SourceError`` naming the file and line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from sources._common.errors import SourceError
from sources.cbp_encounters.names import map_names

SOURCE = "cbp_encounters"
# The publisher's header -> our column.
COLUMNS = {
    "Fiscal Year": "fiscal_year",
    "Month Grouping": "month_grouping",
    "Month (abbv)": "month_abbv",
    "Land Border Region": "land_border_region",
    "State": "state",
    "Demographic": "demographic",
    "Citizenship": "citizenship",
    "Title of Authority": "title_of_authority",
    "Encounter Count": "encounter_count",
}
FISCAL_MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP")
CALENDAR_MONTH = {name: number for number, name in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
)}  # fmt: skip
REQUIRED_TEXT = ("month_grouping", "land_border_region", "demographic", "citizenship", "title_of_authority")
KEY = (
    "fiscal_year", "month_abbv", "land_border_region", "state", "demographic", "citizenship", "title_of_authority",
)  # fmt: skip
OUTPUT_COLUMNS = (
    "fiscal_year", "month_abbv", "calendar_year", "month", "month_grouping", "fiscal_year_is_complete",
    "land_border_region", "state", "demographic", "citizenship", "citizenship_iso3", "title_of_authority",
    "encounter_count", "source_file", "source_row",
)  # fmt: skip


def parse_encounters(path: Path) -> pd.DataFrame:
    """Encounters by month, region, state, demographic, citizenship and title of authority."""
    raw = _read_bytes(path)
    try:
        table = pd.read_csv(
            io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL
        )
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SourceError(SOURCE, f"cannot be read as CSV: {exc}", file=path) from None
    table.columns = [str(column).strip() for column in table.columns]
    missing = [name for name in COLUMNS if name not in table.columns]
    if missing:
        raise SourceError(SOURCE, f"missing columns {missing}; the header is {list(table.columns)}", file=path, row=1)
    if table.empty:
        raise SourceError(SOURCE, "has a header but no data lines", file=path)
    text = table[list(COLUMNS)].rename(columns=COLUMNS)
    text = text.apply(lambda column: column.str.strip())
    # Line numbers hold while no quoted field spans lines, which CBP's files never do.
    text.index = np.arange(2, len(text) + 2)

    _fail_where(~text["fiscal_year"].str.fullmatch(r"\d{4}"), path, "Fiscal Year {value!r} is not a 4-digit year",
                text["fiscal_year"])  # fmt: skip
    month_abbv = text["month_abbv"].str.upper()
    _fail_where(~month_abbv.isin(FISCAL_MONTHS), path, "Month (abbv) {value!r} is not one of OCT..SEP",
                text["month_abbv"])  # fmt: skip
    for column in REQUIRED_TEXT:
        _fail_where(text[column] == "", path, f"{column} is empty", text[column])
    citizenship = text["citizenship"]
    _fail_where(citizenship != citizenship.str.upper(), path, "Citizenship {value!r} is not upper case", citizenship)
    count_text = text["encounter_count"]
    _fail_where(count_text.str.startswith("-"), path, "Encounter Count {value} is negative", count_text)
    _fail_where(~count_text.str.fullmatch(r"\d+"), path, "Encounter Count {value!r} is not a whole number",
                count_text)  # fmt: skip

    frame = pd.DataFrame(index=text.index)
    frame["fiscal_year"] = text["fiscal_year"].astype("int64")
    frame["month_abbv"] = month_abbv
    frame["month"] = month_abbv.map(CALENDAR_MONTH).astype("int64")
    # October to December open the fiscal year, in the calendar year before it.
    frame["calendar_year"] = frame["fiscal_year"] - month_abbv.isin(("OCT", "NOV", "DEC")).astype("int64")
    frame["month_grouping"] = text["month_grouping"]
    months_in_year = frame.groupby("fiscal_year")["month_abbv"].transform("nunique")
    frame["fiscal_year_is_complete"] = months_in_year == len(FISCAL_MONTHS)
    frame["land_border_region"] = text["land_border_region"]
    # Optional text uses pandas' string dtype (missing is NaN): an object column holding only None
    # would reach DuckDB as type NULL instead of VARCHAR.
    frame["state"] = text["state"].where(text["state"] != "").astype("str")
    frame["demographic"] = text["demographic"]
    frame["citizenship"] = citizenship
    codes = map_names(sorted(citizenship.unique()), source=SOURCE, file=path)
    frame["citizenship_iso3"] = citizenship.map(codes).astype("str")
    frame["title_of_authority"] = text["title_of_authority"]
    frame["encounter_count"] = count_text.astype("int64")

    repeated = frame.duplicated(list(KEY), keep="first")
    shown = frame["fiscal_year"].astype(str) + " " + frame["month_abbv"] + " " + frame["citizenship"]
    _fail_where(repeated, path, "duplicate row for {value} (same region, state, demographic, title)", shown)

    frame["source_file"] = Path(path).name
    frame["source_row"] = frame.index.astype("int64")
    return frame.reset_index(drop=True)[list(OUTPUT_COLUMNS)]


def last_month(frame: pd.DataFrame) -> str:
    """The newest calendar month in the parsed table, as 'YYYY-MM'."""
    latest = (frame["calendar_year"] * 100 + frame["month"]).max()
    return f"{latest // 100}-{latest % 100:02d}"


def _read_bytes(path: Path) -> bytes:
    raw = Path(path).read_bytes()
    if not raw.strip(b"\xef\xbb\xbf \t\r\n"):
        raise SourceError(SOURCE, "is empty", file=path)
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]:
        raise SourceError(SOURCE, "is an HTML page, not a CSV file (an error page saved under its name?)", file=path)
    return raw


def _fail_where(mask: pd.Series, path: Path, message: str, shown: pd.Series) -> None:
    """Raise for the first line where ``mask`` holds, naming it and its value."""
    if bool(mask.any()):
        row = mask[mask].index[0]
        raise SourceError(SOURCE, message.format(value=shown.loc[row]), file=path, row=int(row))
