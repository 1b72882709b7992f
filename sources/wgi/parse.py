"""The WGI workbook (``wgidataset.xlsx``, long format since the 2024 update) -> one tidy table.

One sheet, ``Sheet1``, header in row 1, one row per economy, indicator and year. A missing
estimate is the text ``..`` in all six value columns. The 32,000 rows are checked column by
column (vectorised), and every surprise is a ``SourceError`` naming the file and Excel row.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet

SOURCE = "wgi"
SHEET = "Sheet1"
INDICATORS = ("va", "pv", "ge", "rq", "rl", "cc")
# The publisher's header -> our column. ``codeindyr`` is the publisher's own key (code + indicator
# + year); it is checked against the three columns and then dropped.
COLUMNS = {
    "codeindyr": None,
    "code": "country_code",
    "countryname": "country_name",
    "year": "year",
    "indicator": "indicator",
    "estimate": "estimate",
    "stddev": "stddev",
    "nsource": "nsource",
    "pctrank": "pctrank",
    "pctranklower": "pctranklower",
    "pctrankupper": "pctrankupper",
}
VALUE_COLUMNS = ("estimate", "stddev", "nsource", "pctrank", "pctranklower", "pctrankupper")
PERCENTILE_COLUMNS = ("pctrank", "pctranklower", "pctrankupper")
OUTPUT_COLUMNS = (
    "country_code", "country_iso3", "country_name", "year", "indicator", *VALUE_COLUMNS, "source_file", "source_row",
)  # fmt: skip
KEY = ("country_code", "indicator", "year")
MISSING = ("..", "")
# WGI still uses the World Bank's old codes for seven economies; every other code is ISO3.
# Kosovo takes the World Bank's XKX (ISO has none), as in the country dimension; the former
# Netherlands Antilles has no current code.
ISO3_OF_WB_CODE = {"ADO": "AND", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "WBG": "PSE", "KSV": "XKX", "ANT": None}
FIRST_YEAR = 1996
_CODE = re.compile(r"^[A-Z0-9]{3}$")


def parse_wgi(path: Path) -> pd.DataFrame:
    """Every row of ``Sheet1``: estimate, standard error, sources and percentile rank (with bounds)."""
    rows = read_sheet(path, SHEET, SOURCE)
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise SourceError(SOURCE, f"sheet {SHEET!r} is empty", file=path)
    header = [str(cell).strip() for cell in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise SourceError(SOURCE, f"missing columns {missing}; the header is {header}", file=path, row=1)

    body = pd.DataFrame.from_records(rows[1:], columns=range(len(header))) if len(rows) > 1 else None
    if body is None:
        raise SourceError(SOURCE, "has a header but no data rows", file=path)
    raw = pd.DataFrame({name: body[header.index(name)] for name in COLUMNS}, dtype=object)
    raw.index = np.arange(2, len(raw) + 2)  # the Excel row of each record
    raw = raw[~(raw == "").all(axis=1)]  # calamine returns "" for empty cells; blank rows say nothing
    if raw.empty:
        raise SourceError(SOURCE, "has a header but no data rows", file=path)
    text = pd.DataFrame({name: raw[name].astype(str).str.strip() for name in COLUMNS}, index=raw.index)

    frame = pd.DataFrame(index=raw.index)
    frame["country_code"] = text["code"]
    _fail_where(
        ~frame["country_code"].str.match(_CODE), path, "code {value!r} is not 3 capital letters or digits", text["code"]
    )
    # Optional text uses pandas' string dtype (missing is NaN): an object column holding only None
    # would reach DuckDB as type NULL instead of VARCHAR.
    frame["country_iso3"] = frame["country_code"].map(lambda code: ISO3_OF_WB_CODE.get(code, code)).astype("str")
    frame["country_name"] = text["countryname"]
    _fail_where(frame["country_name"] == "", path, "countryname is empty", text["countryname"])
    frame["year"] = _years(raw["year"], text["year"], path)
    frame["indicator"] = text["indicator"]
    _fail_where(
        ~frame["indicator"].isin(INDICATORS),
        path,
        "indicator {value!r} is not one of " + "|".join(INDICATORS),
        text["indicator"],
    )
    expected_key = frame["country_code"] + frame["indicator"] + frame["year"].astype(str)
    _fail_where(
        text["codeindyr"] != expected_key,
        path,
        "codeindyr {value!r} does not match code, indicator and year (shifted columns?)",
        text["codeindyr"],
    )

    for column in VALUE_COLUMNS:
        frame[column] = _numbers(raw[column], text[column], column, path)
    _fail_where(frame["stddev"] < 0, path, "stddev {value} is negative", frame["stddev"])
    _fail_where(frame["nsource"] < 0, path, "nsource {value} is negative", frame["nsource"])
    for column in PERCENTILE_COLUMNS:
        outside = (frame[column] < 0) | (frame[column] > 100)
        _fail_where(outside, path, column + " {value} is outside 0-100", frame[column])

    repeated = frame.duplicated(list(KEY), keep="first")
    _fail_where(repeated, path, "duplicate country_code, indicator, year {value!r}", text["codeindyr"])

    frame["source_file"] = Path(path).name
    frame["source_row"] = frame.index.astype("int64")
    return frame.reset_index(drop=True)[list(OUTPUT_COLUMNS)]


def last_data_year(path: Path) -> int:
    """The newest year in the workbook (the 2024 update carries data through 2023), read cheaply."""
    rows = read_sheet(path, SHEET, SOURCE)
    header = [str(cell).strip() for cell in rows[0]] if rows else []
    if "year" not in header:
        raise SourceError(SOURCE, f"no 'year' column in the header of sheet {SHEET!r}", file=path, row=1)
    column = header.index("year")
    years = pd.to_numeric(pd.Series([cells[column] for cells in rows[1:]], dtype=object), errors="coerce")
    if years.dropna().empty:
        raise SourceError(SOURCE, "no numeric years in the 'year' column", file=path)
    return int(years.max())


def _years(values: pd.Series, text: pd.Series, path: Path) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    in_range = whole & (numbers >= FIRST_YEAR) & (numbers <= 2100)
    _fail_where(~in_range, path, f"year {{value!r}} is not a whole year from {FIRST_YEAR}", text)
    return numbers.astype("int64")


def _numbers(values: pd.Series, text: pd.Series, column: str, path: Path) -> pd.Series:
    """Floats, with ``..`` (and an empty cell) as missing; any other text is an error."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    _fail_where(numbers.isna() & ~text.isin(MISSING), path, column + " {value!r} is not a number or '..'", text)
    return numbers


def _fail_where(mask: pd.Series, path: Path, message: str, shown: pd.Series) -> None:
    """Raise for the first row where ``mask`` holds, naming its Excel row and value."""
    if bool(mask.any()):
        row = mask[mask].index[0]
        raise SourceError(SOURCE, message.format(value=shown.loc[row]), file=path, row=int(row))
