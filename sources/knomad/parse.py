"""KNOMAD remittance workbooks -> tidy tables: inward flows by economy and year, the bilateral matrix.

Economies are identified by name only; every name goes through ``country_names.yaml`` (see
``names.py``), so each row also carries its ISO3 (None for the aggregates and the WORLD totals).
Empty cells are not rows: in the inward file they mean no data, in the matrix "zero or not
estimated". A zero the publisher typed stays a zero. Nothing here writes files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet, sheet_names
from sources.knomad.names import load_name_map, map_names

SOURCE = "knomad"

INWARD_SHEET = "Inward remittance flows"
INWARD_NAME_LABEL = "Remittance inflows (US$ million)"
_ESTIMATE_YEAR = re.compile(r"^(\d{4})e$")
_PCT_GDP_LABEL = re.compile(r"^% of GDP in (\d{4})$")

# The matrix sheet is named for its data year, with a trailing space: "FINAL BRM 2021 ".
_BILATERAL_SHEET = re.compile(r"^FINAL BRM \d{4}\s*$")
_BILATERAL_TITLE_YEAR = re.compile(r"Estimates for (\d{4})")
BILATERAL_CORNER_LABEL = "Remittance-receiving country"
WORLD_TOTAL = "WORLD"

_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_YEAR = re.compile(r"(" + "|".join(_MONTHS) + r")[ _-]*(\d{4})", re.IGNORECASE)

INWARD_COLUMNS = (
    "country_name", "country_iso3", "year", "value_usd_millions", "is_estimate", "is_aggregate",
    "source_file", "source_row",
)  # fmt: skip
PCT_GDP_COLUMNS = ("country_name", "country_iso3", "year", "pct_of_gdp", "is_aggregate", "source_file", "source_row")
BILATERAL_COLUMNS = (
    "sending_country_name", "receiving_country_name", "sending_iso3", "receiving_iso3", "year",
    "value_usd_millions", "sending_is_total", "receiving_is_total", "source_file", "source_row",
)  # fmt: skip


# --- inward remittance flows --------------------------------------------------------------------


def parse_inward_flows(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(inflows in US$ millions by economy and year, remittances as % of GDP in the last year)."""
    rows = read_sheet(path, INWARD_SHEET, SOURCE)
    if not rows or not _text(rows[0][0] if rows[0] else ""):
        raise SourceError(SOURCE, f"sheet {INWARD_SHEET!r} is empty or has no header in row 1", file=path)
    header = rows[0]
    if _text(header[0]) != INWARD_NAME_LABEL:
        raise SourceError(SOURCE, f"cell A1 is {_text(header[0])!r}; expected {INWARD_NAME_LABEL!r}", file=path, row=1)
    year_columns, pct_column, pct_year = _inward_columns(header, path)

    records: list[dict[str, Any]] = []
    pct_records: list[dict[str, Any]] = []
    names: dict[str, int] = {}
    for index in range(1, len(rows)):
        excel_row = index + 1
        cells = rows[index]
        name = _text(cells[0])
        # The table ends at its first blank row; notes and the citation follow.
        if not name:
            if any(_text(cell) for cell in cells[1:]):
                raise SourceError(SOURCE, "values without a country name", file=path, row=excel_row)
            break
        if name in names:
            raise SourceError(
                SOURCE, f"country {name!r} listed twice (first at row {names[name]})", file=path, row=excel_row
            )
        names[name] = excel_row
        for column, (year, is_estimate) in year_columns.items():
            value = _number(cells, column, f"{year}{'e' if is_estimate else ''}", path, excel_row)
            if value is not None:
                records.append(
                    {"country_name": name, "year": year, "value_usd_millions": value,
                     "is_estimate": is_estimate, "source_row": excel_row}
                )  # fmt: skip
        share = _number(cells, pct_column, f"% of GDP in {pct_year}", path, excel_row)
        if share is not None:
            pct_records.append({"country_name": name, "year": pct_year, "pct_of_gdp": share, "source_row": excel_row})
    if not names:
        raise SourceError(SOURCE, f"sheet {INWARD_SHEET!r} lists no economies", file=path)

    codes = _codes(names, path)
    flows = _with_names(pd.DataFrame.from_records(records), codes, path, INWARD_COLUMNS)
    shares = _with_names(pd.DataFrame.from_records(pct_records), codes, path, PCT_GDP_COLUMNS)
    return flows, shares


def _inward_columns(header: Sequence[Any], path: Path) -> tuple[dict[int, tuple[int, bool]], int, int]:
    """Year columns (with the estimate flag), and the position and year of the % of GDP column."""
    years: dict[int, tuple[int, bool]] = {}
    pct: tuple[int, int] | None = None
    for column in range(1, len(header)):
        label = _text(header[column])
        if not label:
            continue
        year = _whole_number(header[column])
        if year is not None and 1900 <= year <= 2100:
            years[column] = (year, False)
        elif match := _ESTIMATE_YEAR.match(label):
            years[column] = (int(match.group(1)), True)
        elif match := _PCT_GDP_LABEL.match(label):
            pct = (column, int(match.group(1)))
        else:
            raise SourceError(
                SOURCE, f"unexpected column {label!r}: expected a year, 'YYYYe' or '% of GDP in YYYY'", file=path, row=1
            )
    if not years:
        raise SourceError(SOURCE, "no year columns in the header", file=path, row=1)
    if pct is None:
        raise SourceError(SOURCE, "missing column '% of GDP in YYYY'", file=path, row=1)
    seen = [year for year, _ in years.values()]
    if len(set(seen)) != len(seen):
        raise SourceError(SOURCE, f"a year appears twice in the header: {seen}", file=path, row=1)
    return years, pct[0], pct[1]


# --- bilateral remittance matrix ----------------------------------------------------------------


def parse_bilateral_matrix(path: Path) -> pd.DataFrame:
    """One row per (sending, receiving) corridor with an estimate, including the WORLD totals."""
    sheet = bilateral_sheet_name(path)
    rows = read_sheet(path, sheet, SOURCE)
    if len(rows) < 3:
        raise SourceError(SOURCE, f"sheet {sheet!r} ends before the matrix starts", file=path)
    year = bilateral_year(rows, path)
    header = rows[1]
    if not _text(header[0]).startswith(BILATERAL_CORNER_LABEL):
        raise SourceError(
            SOURCE, f"cell A2 is {_text(header[0])[:60]!r}; expected '{BILATERAL_CORNER_LABEL} (across) ...'",
            file=path, row=2,
        )  # fmt: skip
    receiving = _receiving_columns(header, path)

    names: dict[str, int] = {}
    records: list[tuple[str, str, float, int]] = []
    world_seen = False
    for index in range(2, len(rows)):
        excel_row = index + 1
        cells = rows[index]
        sending = _text(cells[0])
        if not sending:
            message = f"the matrix ends without a {WORLD_TOTAL!r} row (blank sending country)"
            raise SourceError(SOURCE, message, file=path, row=excel_row)
        if sending in names:
            raise SourceError(
                SOURCE, f"sending country {sending!r} listed twice (first at row {names[sending]})",
                file=path, row=excel_row,
            )  # fmt: skip
        names[sending] = excel_row
        for column, receiver in receiving.items():
            value = _number(cells, column, receiver, path, excel_row)
            if value is not None:
                records.append((sending, receiver, value, excel_row))
        if sending == WORLD_TOTAL:
            world_seen = True
            break  # footnotes follow the WORLD row
    if not world_seen:
        raise SourceError(SOURCE, f"the matrix has no {WORLD_TOTAL!r} row", file=path)

    codes = _codes({**names, **{name: 2 for name in receiving.values()}}, path)
    frame = pd.DataFrame.from_records(
        records, columns=["sending_country_name", "receiving_country_name", "value_usd_millions", "source_row"]
    )
    frame["year"] = year
    frame["sending_iso3"] = frame["sending_country_name"].map(codes).astype(object)
    frame["receiving_iso3"] = frame["receiving_country_name"].map(codes).astype(object)
    frame["sending_is_total"] = frame["sending_country_name"] == WORLD_TOTAL
    frame["receiving_is_total"] = frame["receiving_country_name"] == WORLD_TOTAL
    frame["source_file"] = Path(path).name
    return _finish(frame, BILATERAL_COLUMNS)


def bilateral_sheet_name(path: Path) -> str:
    names = [name for name in sheet_names(path, SOURCE) if _BILATERAL_SHEET.match(name)]
    if len(names) != 1:
        raise SourceError(
            SOURCE, f"expected one sheet named 'FINAL BRM <year>'; the workbook has {sheet_names(path, SOURCE)}",
            file=path,
        )  # fmt: skip
    return names[0]


def bilateral_year(rows: Sequence[Sequence[Any]], path: Path) -> int:
    title = _text(rows[0][0]) if rows and rows[0] else ""
    match = _BILATERAL_TITLE_YEAR.search(title)
    if not match:
        raise SourceError(SOURCE, f"title in A1 ({title[:60]!r}) does not say 'Estimates for <year>'", file=path, row=1)
    return int(match.group(1))


def _receiving_columns(header: Sequence[Any], path: Path) -> dict[int, str]:
    receiving: dict[int, str] = {}
    for column in range(1, len(header)):
        name = _text(header[column])
        if not name:
            continue
        if name in receiving.values():
            raise SourceError(SOURCE, f"receiving country {name!r} appears twice in the header", file=path, row=2)
        receiving[column] = name
    if not receiving or list(receiving.values())[-1] != WORLD_TOTAL:
        raise SourceError(SOURCE, f"the header row does not end with the {WORLD_TOTAL!r} column", file=path, row=2)
    return receiving


# --- vintage ------------------------------------------------------------------------------------


def read_vintage(path: Path) -> str | None:
    """'YYYY-MM' of the release: the month in the file name, else the workbook's own statement."""
    named = _MONTH_YEAR.search(Path(path).name)
    if named:
        return _year_month(named)
    for sheet in sheet_names(path, SOURCE):
        rows = read_sheet(path, sheet, SOURCE)
        # The matrix says "(December 2022 Version)" in its title; the flows say "Date: December 2023".
        for cells in rows[:1] + rows[-15:]:
            text = _text(cells[0]) if cells else ""
            stated = re.search(r"\((\w+ \d{4}) Version\)", text) or re.match(r"Date:\s*(\w+ \d{4})", text)
            if stated and (month_year := _MONTH_YEAR.search(stated.group(1))):
                return _year_month(month_year)
    return None


def _year_month(match: re.Match[str]) -> str:
    return f"{match.group(2)}-{_MONTHS.index(match.group(1).lower()) + 1:02d}"


# --- shared helpers -----------------------------------------------------------------------------


def _codes(names: dict[str, int], path: Path) -> dict[str, str | None]:
    """ISO3 of every name; two names with one code in the same list would double count."""
    codes = map_names(names, source=SOURCE, file=path)
    first: dict[str, str] = {}
    for name, code in codes.items():
        if code is None:
            continue
        if code in first:
            raise SourceError(
                SOURCE, f"{first[code]!r} and {name!r} both map to {code}; the economy would be counted twice",
                file=path, row=names[name],
            )  # fmt: skip
        first[code] = name
    return codes


def _with_names(frame: pd.DataFrame, codes: dict[str, str | None], path: Path, columns: Sequence[str]) -> pd.DataFrame:
    if frame.empty:
        frame = pd.DataFrame(columns=[c for c in columns if c not in ("country_iso3", "is_aggregate", "source_file")])
    aggregates = set(load_name_map().no_iso3)
    frame["country_iso3"] = frame["country_name"].map(codes).astype(object)
    frame["is_aggregate"] = frame["country_name"].isin(aggregates).astype(bool)
    frame["source_file"] = Path(path).name
    return _finish(frame, columns)


def _finish(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    frame = frame[list(columns)].reset_index(drop=True)
    for column in ("year", "source_row"):
        frame[column] = frame[column].astype("int64")
    for column in columns:
        if column.startswith("is_") or column.endswith("_is_total"):
            frame[column] = frame[column].astype(bool)
        elif column.endswith("iso3"):
            # pandas' string dtype (missing is NaN): an object column of only None reaches DuckDB as NULL type.
            frame[column] = frame[column].astype("str")
    for column in ("value_usd_millions", "pct_of_gdp"):
        if column in frame:
            frame[column] = frame[column].astype("float64")
    return frame


def _number(cells: Sequence[Any], column: int, label: str, path: Path, excel_row: int) -> float | None:
    """The cell as a float; None for an empty cell; an error for text or a negative value."""
    value = cells[column] if column < len(cells) else ""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise SourceError(SOURCE, f"{label}: {text!r} is not a number", file=path, row=excel_row) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SourceError(SOURCE, f"{label}: {value!r} is not a number", file=path, row=excel_row)
    number = float(value)
    if number != number:
        return None
    if number < 0:
        message = f"{label}: {number} is negative; remittances are gross flows"
        raise SourceError(SOURCE, message, file=path, row=excel_row)
    return number


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _text(value: Any) -> str:
    # KNOMAD pads some names with spaces ("Vietnam ", "Bangladesh "): trimmed, they are the same name.
    return str(value).strip() if value is not None else ""
