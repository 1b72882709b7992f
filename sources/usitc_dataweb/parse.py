"""Parse a USITC DataWeb report (HTS2 chapter x partner x year) into one tidy table.

Two forms of the same report are read:

* the CSV export (``DataWeb-Query-Export__FAS_Value.csv``): DataWeb's .xlsx sheet saved as CSV by
  Excel. Line 1 ``<trade flow>|Annual Data``, line 2 ``Data Row Count,<n>``, line 3 the header
  ``Data Type,HTS Number,Description,Country,<year>...``, one line per (chapter, partner), and a
  closing ``Total: `` line with thousands separators (``"1,429,995,404,019"``). Values are US
  dollars with two decimals. Its companion ``..._Query_Parameters.csv`` states the query and the
  download date (the vintage).
* the JSON the query API returns for the same query (``fetch.py``): ``dto.tables[0]`` with
  ``column_groups`` (labels) and ``row_groups[0]`` (rows of ``rowEntries``).

A year whose every value is zero is a year DataWeb had not published when the query ran (the
2025 column of a query downloaded in August 2025): it is dropped and named in
:attr:`DataWebReport.unpublished_years`, never loaded as zero trade. A zero inside a published
year is a real zero and stays. The ``Total:`` line is a check, not a partner: the partner lines
must sum to it, year by year.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from sources._common.errors import SourceError

SOURCE = "usitc_dataweb"
HEADER_START = ("Data Type", "HTS Number", "Description", "Country")
TOTAL_LABEL = "Total:"
ROW_COUNT_LABEL = "Data Row Count"
FOUR_DIGITS = re.compile(r"\d{4}")
HS_CHAPTER = re.compile(r"\d{2}")
NUMBER = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")
# Cents in every cell, and Excel's rounding of the total: a dollar per thousand rows is ample.
TOTAL_TOLERANCE_PER_ROW_USD = 0.01
DOWNLOAD_DATE_LABEL = "Download Date"
DOWNLOAD_DATE_FORMAT = "%B %d, %Y, %I:%M %p"  # "August 7, 2025, 10:56 AM"

COLUMNS = (
    "year",
    "hs_chapter",
    "hs_chapter_name",
    "partner_name",
    "value_usd",
    "source_file",
    "source_row",
)
KEY = ("year", "hs_chapter", "partner_name")


@dataclass(frozen=True)
class DataWebReport:
    data_type: str  # "FAS Value", "General Import Charges"
    rows: pd.DataFrame  # COLUMNS, one row per (year, chapter, partner) of the published years
    unpublished_years: tuple[int, ...]  # all-zero year columns, dropped


def parse_export_csv(path: Path, data_type: str) -> DataWebReport:
    """The CSV export of one DataWeb report; raises :class:`SourceError` naming the file and line."""
    path = Path(path)
    lines = list(csv.reader(io.StringIO(_text(path))))
    if len(lines) < 4:
        raise SourceError(SOURCE, f"{len(lines)} lines; expected a title, a row count, a header and data", file=path)
    title = _cell(lines[0], 0)
    if "|" not in title:
        raise SourceError(SOURCE, f"line 1 is {title!r}; expected '<trade flow>|Annual Data'", file=path, row=1)
    if _cell(lines[1], 0) != ROW_COUNT_LABEL:
        raise SourceError(
            SOURCE, f"line 2 starts {_cell(lines[1], 0)!r}; expected {ROW_COUNT_LABEL!r}", file=path, row=2
        )
    stated_count = _integer(_cell(lines[1], 1), path, 2, ROW_COUNT_LABEL)
    header = [cell.strip() for cell in lines[2]]
    years = _years_in_header(header, path, 3)

    data_lines = [(number, cells) for number, cells in enumerate(lines[3:], start=4) if any(c.strip() for c in cells)]
    if not data_lines or _cell(data_lines[-1][1], 0) != TOTAL_LABEL:
        raise SourceError(SOURCE, f"no closing {TOTAL_LABEL!r} line: the file is truncated", file=path)
    total_number, total_cells = data_lines.pop()
    records = _Columns()
    for number, cells in data_lines:
        if len(cells) < len(header):
            raise SourceError(SOURCE, f"{len(cells)} fields; expected {len(header)}", file=path, row=number)
        if cells[0].strip() != data_type:
            raise SourceError(
                SOURCE,
                f"Data Type is {cells[0].strip()!r}; expected {data_type!r} in every line",
                file=path,
                row=number,
            )
        chapter, name, partner = _chapter(cells[1], path, number), cells[2].strip(), cells[3].strip()
        if not name or not partner:
            raise SourceError(SOURCE, "Description or Country is empty", file=path, row=number)
        for offset, year in enumerate(years):
            value = _number(cells[len(HEADER_START) + offset], path, number, str(year))
            records.add(year, chapter, name, partner, value, path.name, number)
    frame = records.frame()
    require_unique(frame)
    if stated_count != len(data_lines):
        raise SourceError(
            SOURCE,
            f"{ROW_COUNT_LABEL} says {stated_count} but the file has {len(data_lines)} data lines",
            file=path,
            row=2,
        )
    totals = {
        year: _number(_cell(total_cells, len(HEADER_START) + offset), path, total_number, f"total {year}")
        for offset, year in enumerate(years)
    }
    require_sums_to_total(frame, totals, path, total_number)
    return _without_unpublished_years(data_type, frame, years)


def parse_report_json(path: Path, data_type: str) -> DataWebReport:
    """The query API's answer (``runReport``) for the same report as the CSV export."""
    path = Path(path)
    try:
        document = json.loads(_text(path))
        table = document["dto"]["tables"][0]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise SourceError(SOURCE, f"not a DataWeb report (expected dto.tables[0]): {exc!r}", file=path) from None
    labels = _column_labels(table.get("column_groups", []))
    missing = [name for name in HEADER_START[1:] if name not in labels]
    if missing:
        raise SourceError(SOURCE, f"report columns {labels} lack {missing}", file=path)
    years = _years_in_header(labels, path, None)
    at = {name: labels.index(name) for name in HEADER_START[1:]}
    groups = table.get("row_groups") or [{}]
    rows = groups[0].get("rowsNew") or groups[0].get("row_groups") or []
    records = _Columns()
    for number, row in enumerate(rows, start=1):
        cells = ["" if entry.get("value") is None else str(entry.get("value")) for entry in row.get("rowEntries", [])]
        if len(cells) < len(labels):
            raise SourceError(SOURCE, f"{len(cells)} entries; expected {len(labels)}", file=path, row=number)
        chapter = _chapter(cells[at["HTS Number"]], path, number)
        name, partner = cells[at["Description"]].strip(), cells[at["Country"]].strip()
        if partner.startswith(TOTAL_LABEL) or not partner:
            continue  # the API may add a total line; the export's is checked, this one is not needed
        for year in years:
            value = _number(cells[labels.index(str(year))], path, number, str(year))
            records.add(year, chapter, name, partner, value, path.name, number)
    if not records.year:
        raise SourceError(SOURCE, "the report has no rows", file=path)
    frame = records.frame()
    require_unique(frame)
    return _without_unpublished_years(data_type, frame, years)


def read_download_date(path: Path) -> str | None:
    """The ``Download Date`` a Query_Parameters file states, as YYYY-MM-DD; None in a data file."""
    path = Path(path)
    if "Query_Parameters" not in path.name or path.suffix.lower() != ".csv":
        return None  # a data file, or the query the live fetch sent (its vintage is the retrieval date)
    for number, cells in enumerate(csv.reader(io.StringIO(_text(path))), start=1):
        if _cell(cells, 0) == DOWNLOAD_DATE_LABEL:
            stated = _cell(cells, 1)
            try:
                return datetime.strptime(stated, DOWNLOAD_DATE_FORMAT).date().isoformat()
            except ValueError:
                raise SourceError(
                    SOURCE,
                    f"Download Date is {stated!r}; expected like 'August 7, 2025, 10:56 AM'",
                    file=path,
                    row=number,
                ) from None
    raise SourceError(SOURCE, f"no {DOWNLOAD_DATE_LABEL!r} line in the query parameters", file=path)


def read_query_parameters(path: Path) -> dict[str, str]:
    """The query a Query_Parameters file states (``Trade Flow``, ``Data To Report``, ``Years``...)."""
    stated: dict[str, str] = {}
    for cells in csv.reader(io.StringIO(_text(Path(path)))):
        label = _cell(cells, 0)
        if label and not label.startswith("Step ") and label not in stated:
            stated[label] = _cell(cells, 1)
    return stated


def require_sums_to_total(frame: pd.DataFrame, totals: dict[int, float], path: Path, total_row: int) -> None:
    sums = frame.groupby("year")["value_usd"].sum()
    rows_per_year = frame.groupby("year").size()
    for year, stated in totals.items():
        summed = float(sums.get(year, 0.0))
        tolerance = max(1.0, TOTAL_TOLERANCE_PER_ROW_USD * int(rows_per_year.get(year, 0)))
        if abs(summed - stated) > tolerance:
            raise SourceError(
                SOURCE,
                f"the partner lines of {year} sum to {summed:,.2f} but the Total line says {stated:,.2f}",
                file=path,
                row=total_row,
            )


def require_unique(frame: pd.DataFrame) -> None:
    repeated = frame.duplicated(list(KEY), keep="first")
    if repeated.any():
        again = frame[repeated].iloc[0]
        raise SourceError(
            SOURCE,
            f"chapter {again['hs_chapter']} and partner {again['partner_name']!r} appear twice for {again['year']}",
            file=again["source_file"],
            row=int(again["source_row"]),
        )


def _without_unpublished_years(data_type: str, frame: pd.DataFrame, years: list[int]) -> DataWebReport:
    require_unique(frame)
    published = frame.groupby("year")["value_usd"].apply(lambda values: bool((values != 0).any()))
    unpublished = tuple(year for year in years if not published.get(year, False))
    kept = frame[~frame["year"].isin(unpublished)].reset_index(drop=True)
    if kept.empty:
        raise SourceError(
            SOURCE, f"every year {years} is all zero: nothing published", file=frame["source_file"].iat[0]
        )
    return DataWebReport(data_type=data_type, rows=kept, unpublished_years=unpublished)


@dataclass
class _Columns:
    """The parsed values, a list per column: a frame built from columns, not from a dict per value."""

    year: list[int] = field(default_factory=list)
    hs_chapter: list[str] = field(default_factory=list)
    hs_chapter_name: list[str] = field(default_factory=list)
    partner_name: list[str] = field(default_factory=list)
    value_usd: list[float] = field(default_factory=list)
    source_file: list[str] = field(default_factory=list)
    source_row: list[int] = field(default_factory=list)

    def add(self, year: int, chapter: str, name: str, partner: str, value: float, file: str, row: int) -> None:
        for column, item in zip(COLUMNS, (year, chapter, name, partner, value, file, row), strict=True):
            getattr(self, column).append(item)

    def frame(self) -> pd.DataFrame:
        text = {"dtype": object}
        return pd.DataFrame(
            {
                "year": pd.Series(self.year, dtype="int64"),
                "hs_chapter": pd.Series(self.hs_chapter, **text),
                "hs_chapter_name": pd.Series(self.hs_chapter_name, **text),
                "partner_name": pd.Series(self.partner_name, **text),
                "value_usd": pd.Series(self.value_usd, dtype="float64"),
                "source_file": pd.Series(self.source_file, **text),
                "source_row": pd.Series(self.source_row, dtype="int64"),
            }
        )


def _text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(SOURCE, "the file is empty", file=path)
    if data.lstrip()[:1] == b"<":
        raise SourceError(SOURCE, "the file is an HTML or XML page, not a DataWeb report", file=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(SOURCE, f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from None


def _years_in_header(header: list[str], path: Path, row: int | None) -> list[int]:
    """The year columns; ``row`` is the header's line in a CSV export, None for the API's labels
    (whose order is the API's own, so only the years are required of them)."""
    if row is not None:
        if header[: len(HEADER_START)] != list(HEADER_START):
            raise SourceError(SOURCE, f"header starts {header[:4]}; expected {list(HEADER_START)}", file=path, row=row)
        trailing = [cell for cell in header[len(HEADER_START) :] if cell and not FOUR_DIGITS.fullmatch(cell)]
        if trailing:
            raise SourceError(SOURCE, f"header has non-year columns {trailing} after Country", file=path, row=row)
    years = [int(cell) for cell in header if FOUR_DIGITS.fullmatch(cell)]
    if not years:
        raise SourceError(SOURCE, "the header names no year", file=path, row=row)
    return years


def _column_labels(groups: list[Any]) -> list[str]:
    labels: list[str] = []
    for group in groups:
        if isinstance(group, dict) and "columns" in group:
            labels.extend(_column_labels(group["columns"]))
        elif isinstance(group, dict) and "label" in group:
            labels.append(str(group["label"]).strip())
        elif isinstance(group, list):
            labels.extend(_column_labels(group))
    return labels


def _chapter(value: str, path: Path, row: int) -> str:
    text = value.strip()
    if not HS_CHAPTER.fullmatch(text):
        raise SourceError(SOURCE, f"HTS Number is {value!r}; expected a two-digit chapter", file=path, row=row)
    return text


def _number(value: str, path: Path, row: int, column: str) -> float:
    text = value.strip()
    # The plain "1234.00" of every data cell skips the regular expression (88,000 cells a file).
    if not ((text.isascii() and text.replace(".", "", 1).isdigit()) or NUMBER.fullmatch(text)):
        raise SourceError(SOURCE, f"{column} is {value!r}; expected a number", file=path, row=row)
    number = float(text.replace(",", ""))
    if not math.isfinite(number) or number < 0:
        raise SourceError(SOURCE, f"{column} is {value!r}; trade values are never negative", file=path, row=row)
    return number


def _integer(value: str, path: Path, row: int, column: str) -> int:
    text = value.strip().replace(",", "")
    if not text.isdigit():
        raise SourceError(SOURCE, f"{column} is {value!r}; expected a whole number", file=path, row=row)
    return int(text)


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""
