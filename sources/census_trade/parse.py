"""Parse Census ``country.xlsx`` (US goods trade by partner, monthly, US$ millions) into tidy tables.

The workbook has one sheet, ``country``, header in row 1: ``year, CTY_CODE, CTYNAME, IJAN..IDEC,
IYR, EJAN..EDEC, EYR``; one row per year and code. ``I`` is general imports (customs value), ``E``
total exports (f.a.s.), Census basis, not seasonally adjusted except code ``0004``.

Two tables come out:

- ``monthly``: one row per (year, census_code, month), both flows side by side, with
  ``is_aggregate`` and ``is_published``;
- ``annual_reported``: ``IYR``/``EYR`` exactly as the file states them, for reconciliation.

The file writes months not yet published as ``0``. A month of a year counts as **published**
when at least one code has a non-zero import or export value in it; otherwise (zero for both
flows and every code) it is unpublished. A single code's zero month (USMCA rows before July
2020, tiny partners) stays published: Census did report it, and it was zero.

Codes are text and keep their leading zeros (``0017`` CAFTA-DR). Codes below ``1000`` are Census
aggregates (``0003``-``0022`` in the files seen so far); from ``1000`` up they are Schedule C
countries. The work is done on numpy arrays: the file has about 8,700 rows of 26 numbers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet

SOURCE = "census_trade"
SHEET = "country"

MONTH_NAMES = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
IMPORT_MONTH_COLUMNS = tuple(f"I{month}" for month in MONTH_NAMES)
EXPORT_MONTH_COLUMNS = tuple(f"E{month}" for month in MONTH_NAMES)
ID_COLUMNS = ("year", "CTY_CODE", "CTYNAME")
FLOW_COLUMNS = (*IMPORT_MONTH_COLUMNS, "IYR", *EXPORT_MONTH_COLUMNS, "EYR")
REQUIRED_COLUMNS = (*ID_COLUMNS, *FLOW_COLUMNS)
_IMPORT_MONTHS = slice(0, 12)
_IMPORT_YEAR = 12
_EXPORT_MONTHS = slice(13, 25)
_EXPORT_YEAR = 25

# Schedule C country codes start at 1000; anything below is a grouping Census computes.
FIRST_COUNTRY_CODE = 1000
FOUR_DIGITS = re.compile(r"\d{4}")

MONTHLY_COLUMNS = (
    "year",
    "month",
    "census_code",
    "census_name",
    "imports_usd_millions",
    "exports_usd_millions",
    "is_aggregate",
    "is_published",
    "source_file",
    "source_row",
)
ANNUAL_COLUMNS = (
    "year",
    "census_code",
    "imports_total_usd_millions",
    "exports_total_usd_millions",
    "months_published",
    "source_file",
    "source_row",
)


class CensusTradeTables(NamedTuple):
    monthly: pd.DataFrame
    annual_reported: pd.DataFrame


def parse_country_workbook(path: Path) -> CensusTradeTables:
    """Both tables from one ``country.xlsx``; raises :class:`SourceError` naming the file and row."""
    path = Path(path)
    rows = read_sheet(path, SHEET, SOURCE)
    position = _header_positions(rows, path)
    excel_rows, cells = _data_rows(rows, position, path)

    years = _four_digit_texts(cells[:, 0], "year", excel_rows, path)
    codes = _four_digit_texts(cells[:, 1], "CTY_CODE", excel_rows, path)
    names = _names(cells[:, 2], codes, excel_rows, path)
    flows = _flows(cells[:, 3:], excel_rows, path)
    _require_unique_keys(years, codes, excel_rows, path)

    year_numbers = years.astype(np.int64)
    imports = flows[:, _IMPORT_MONTHS]
    exports = flows[:, _EXPORT_MONTHS]
    published = _published_months(year_numbers, imports, exports)
    source_file = path.name
    row_count = len(years)

    monthly = pd.DataFrame(
        {
            "year": np.repeat(year_numbers, 12),
            "month": np.tile(np.arange(1, 13, dtype=np.int64), row_count),
            "census_code": pd.Series(np.repeat(codes, 12), dtype=object),
            "census_name": pd.Series(np.repeat(names, 12), dtype=object),
            "imports_usd_millions": imports.reshape(-1),
            "exports_usd_millions": exports.reshape(-1),
            "is_aggregate": np.repeat(_is_aggregate(codes), 12),
            "is_published": published.reshape(-1),
            "source_file": pd.Series([source_file] * (row_count * 12), dtype=object),
            "source_row": np.repeat(excel_rows, 12),
        },
        columns=list(MONTHLY_COLUMNS),
    )
    annual = pd.DataFrame(
        {
            "year": year_numbers,
            "census_code": pd.Series(codes, dtype=object),
            "imports_total_usd_millions": flows[:, _IMPORT_YEAR],
            "exports_total_usd_millions": flows[:, _EXPORT_YEAR],
            "months_published": published.sum(axis=1).astype(np.int64),
            "source_file": pd.Series([source_file] * row_count, dtype=object),
            "source_row": excel_rows,
        },
        columns=list(ANNUAL_COLUMNS),
    )
    return CensusTradeTables(monthly=monthly, annual_reported=annual)


def last_published_month(monthly: pd.DataFrame) -> tuple[int, int] | None:
    """(year, month) of the newest published month in a parsed ``monthly`` table, or None."""
    published = monthly.loc[monthly["is_published"], ["year", "month"]]
    if published.empty:
        return None
    newest = published.sort_values(["year", "month"]).iloc[-1]
    return int(newest["year"]), int(newest["month"])


def read_vintage(path: Path) -> str:
    """``through YYYY-MM``: the file states no date, so its newest published month is its vintage."""
    newest = last_published_month(parse_country_workbook(path).monthly)
    if newest is None:
        raise SourceError(SOURCE, "no month has a non-zero value: nothing is published", file=path)
    year, month = newest
    return f"through {year:04d}-{month:02d}"


# --- steps --------------------------------------------------------------------------------------


def _header_positions(rows: list[list[Any]], path: Path) -> list[int]:
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise SourceError(SOURCE, f"sheet {SHEET!r} has no header in row 1", file=path, row=1)
    header = [str(cell).strip() for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise SourceError(
            SOURCE,
            f"missing columns {missing}; expected year, CTY_CODE, CTYNAME, IJAN..IDEC, IYR, EJAN..EDEC, EYR",
            file=path,
            row=1,
        )
    repeated = sorted({name for name in REQUIRED_COLUMNS if header.count(name) > 1})
    if repeated:
        raise SourceError(SOURCE, f"columns {repeated} appear more than once", file=path, row=1)
    return [header.index(name) for name in REQUIRED_COLUMNS]


def _data_rows(rows: list[list[Any]], position: list[int], path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Excel row numbers and an object matrix of the required columns, blank rows dropped."""
    width = max(position) + 1
    excel_rows: list[int] = []
    picked: list[list[Any]] = []
    for index in range(1, len(rows)):
        cells = rows[index]
        if not any(cell != "" and cell is not None for cell in cells):
            continue
        if len(cells) < width:
            cells = [*cells, *([""] * (width - len(cells)))]
        excel_rows.append(index + 1)
        picked.append([cells[column] for column in position])
    if not picked:
        raise SourceError(SOURCE, f"sheet {SHEET!r} has a header but no data rows", file=path)
    matrix = np.empty((len(picked), len(position)), dtype=object)
    matrix[:] = picked
    return np.asarray(excel_rows, dtype=np.int64), matrix


def _four_digit_texts(values: np.ndarray, column: str, excel_rows: np.ndarray, path: Path) -> np.ndarray:
    # Both are text in the file; a number here means someone re-saved it and the zeros may be gone.
    texts = np.array([_text(value) for value in values], dtype=object)
    valid = np.array([bool(FOUR_DIGITS.fullmatch(text)) for text in texts], dtype=bool)
    if not valid.all():
        bad = int(np.flatnonzero(~valid)[0])
        raise SourceError(
            SOURCE,
            f"{column} is {values[bad]!r}; expected 4 digits as text (leading zeros kept)",
            file=path,
            row=int(excel_rows[bad]),
        )
    return texts


def _names(values: np.ndarray, codes: np.ndarray, excel_rows: np.ndarray, path: Path) -> np.ndarray:
    names = np.array([_text(value) or None for value in values], dtype=object)
    empty = np.array([name is None for name in names], dtype=bool)
    if empty.any():
        bad = int(np.flatnonzero(empty)[0])
        raise SourceError(SOURCE, f"CTY_CODE {codes[bad]} has no CTYNAME", file=path, row=int(excel_rows[bad]))
    return names


def _flows(values: np.ndarray, excel_rows: np.ndarray, path: Path) -> np.ndarray:
    is_number = np.frompyfunc(_is_number, 1, 1)(values).astype(bool)
    if not is_number.all():
        row, column = (int(i) for i in np.argwhere(~is_number)[0])
        value = values[row, column]
        shown = "empty" if value == "" or value is None else repr(value)
        raise SourceError(
            SOURCE,
            f"{FLOW_COLUMNS[column]} is {shown}; expected a number (US$ millions)",
            file=path,
            row=int(excel_rows[row]),
        )
    numbers = values.astype(np.float64)
    bad = ~np.isfinite(numbers) | (numbers < 0)
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        raise SourceError(
            SOURCE,
            f"{FLOW_COLUMNS[column]} is {numbers[row, column]!r}; trade flows are never negative",
            file=path,
            row=int(excel_rows[row]),
        )
    return numbers


def _require_unique_keys(years: np.ndarray, codes: np.ndarray, excel_rows: np.ndarray, path: Path) -> None:
    keys = pd.Series(years + codes)
    repeated = keys.duplicated(keep="first").to_numpy()
    if repeated.any():
        bad = int(np.flatnonzero(repeated)[0])
        first = int(excel_rows[int(np.flatnonzero(keys.to_numpy() == keys.iloc[bad])[0])])
        raise SourceError(
            SOURCE,
            f"duplicate year={years[bad]!r}, CTY_CODE={codes[bad]!r} (first at row {first})",
            file=path,
            row=int(excel_rows[bad]),
        )


def _published_months(year_numbers: np.ndarray, imports: np.ndarray, exports: np.ndarray) -> np.ndarray:
    """Per row and month: does any code of that row's year report a non-zero flow in that month?"""
    reported = pd.DataFrame((imports != 0) | (exports != 0))
    by_year = reported.groupby(year_numbers).any()
    return by_year.loc[year_numbers].to_numpy(dtype=bool)


def _is_aggregate(codes: np.ndarray) -> np.ndarray:
    return np.array([int(code) < FIRST_COUNTRY_CODE for code in codes], dtype=bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: Any) -> str:
    # calamine returns a number typed into a cell as a float; "2010.0" must read as "2010".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()
