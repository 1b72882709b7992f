"""World Development Indicators per-indicator downloads (CSV, Excel or the API zip) -> tidy tables.

The World Bank serves one indicator per download, wide by year, with a 4-line preamble whose
"Last Updated Date" is the only statement of the vintage. The metadata files carry no date, so
they borrow the vintage of the data file they were shipped with. Everything here is pure: bytes in,
DataFrames out, and every surprise is a ``SourceError`` naming the file and the 1-based row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet
from sources._common.file_checks import read_member
from sources.worldbank import parse_duckdb

SOURCE = "wdi"

VALUE_COLUMNS = (
    "country_code",
    "country_name",
    "indicator_code",
    "indicator_name",
    "year",
    "value",
    "vintage",
    "source_file",
    "source_row",
)
COUNTRY_COLUMNS = ("country_code", "region", "income_group", "special_notes", "table_name", "vintage", "source_file")
INDICATOR_COLUMNS = (
    "indicator_code",
    "indicator_name",
    "source_note",
    "source_organization",
    "vintage",
    "source_file",
)

# The release number after "_v2" changes with every release and is sometimes absent, so only the
# stable part of the name is matched. Codes are matched lazily because they contain dots.
_DATA_CSV_NAME = re.compile(r"^API_(?P<code>.+?)_DS2_en_csv_v2(?P<release>.*)\.csv$")
_METADATA_CSV_NAME = re.compile(
    r"^Metadata_(?P<kind>Country|Indicator)_(?P<data_name>API_(?P<code>.+?)_DS2_en_csv_v2.*\.csv)$"
)
_EXCEL_NAME = re.compile(r"^API_(?P<code>.+?)_DS2_en_excel_v2(?P<release>.*)\.xlsx?$")

_ID_HEADER = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
_COUNTRY_META_HEADER = ("Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName")
_INDICATOR_META_HEADER = ("INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE", "SOURCE_ORGANIZATION")
_YEAR = re.compile(r"^\d{4}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VINTAGE_LINE = 3
_HEADER_LINE = 5
_EXCEL_HEADER_ROW = 4
# Excel's day zero for serial dates (the 1900 leap-year bug is why it is not 1899-12-31).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class WdiTables:
    values: pd.DataFrame
    countries: pd.DataFrame
    indicators: pd.DataFrame


# Per-file results stay plain arrays and tuples: building DataFrames once per call, not once per
# file, is what keeps thousands of small files fast.
_CountryRow = tuple[str, str | None, str | None, str | None, str]  # code, region, income, notes, table name
_IndicatorRow = tuple[str, str, str | None, str | None]  # code, name, source note, source organization


@dataclass
class _FileValues:
    """One file's non-empty cells: numbers per cell, text per file row (gathered when a table is built).

    The text repeats per row of the file, not per value, so a file of 266 rows by 65 years keeps 266
    strings per column instead of 17,000.
    """

    row_index: np.ndarray  # per cell: the file row it is on (0-based, into ``text``)
    year: np.ndarray
    value: np.ndarray
    source_row: np.ndarray
    text: dict[str, np.ndarray]  # per file row: country_code, country_name, indicator_code, indicator_name

    def __len__(self) -> int:
        return len(self.value)


_TEXT_COLUMNS = ("country_code", "country_name", "indicator_code", "indicator_name")


@dataclass
class _ParsedFile:
    """One file (or zip member) before vintages are shared out and duplicates resolved."""

    kind: str  # "data", "country", "indicator" or "excel"
    code: str
    source_file: str
    origin: str  # full path (zip!member for zip members): the last tie-break, so results never depend on order
    vintage: str | None
    values: _FileValues | None = None
    countries: list[_CountryRow] = field(default_factory=list)
    indicators: list[_IndicatorRow] = field(default_factory=list)
    data_name: str | None = None  # for a metadata CSV: the data file it was published with


# ---------------------------------------------------------------------------------------------
# Public entry points


# Values per chunk of ``iter_wdi_tables``: about 40 MB of numbers and categorical codes.
ROWS_PER_CHUNK = 500_000
ENGINES = ("duckdb", "python")
# Which reader the load uses for plain data CSVs. Both give the same rows (tests/integration/
# test_wdi_duckdb_parse.py). Measured on the 100x sample (1,700 data CSVs, 27.9 million values, load
# average 3.4 on 2 cores): Python 12.6 s wall, 12.0 s CPU, 315 MB; DuckDB 16.0 s, 14.4 s CPU, 614 MB.
# Python's csv module and numpy are already as fast per CPU second as DuckDB's CSV reader on these
# files, and the DuckDB road pays for a round trip into pandas chunks besides, so Python stays the
# default until the values can go from DuckDB's reader straight into the build's raw table.
DEFAULT_ENGINE = "python"


def parse_wdi_file(path: Path) -> WdiTables:
    """Parse one WDI download: a data/metadata CSV, an Excel workbook or the API zip."""
    return parse_wdi_files([path])


def parse_wdi_files(paths: Sequence[Path], engine: str = DEFAULT_ENGINE) -> WdiTables:
    """Parse many downloads; each indicator, country and definition comes from its newest vintage."""
    tables: dict[str, list[pd.DataFrame]] = {"values": [], "countries": [], "indicators": []}
    for name, frame in iter_wdi_tables(paths, engine=engine):
        tables[name].append(frame)
    values = pd.concat(tables["values"], ignore_index=True)
    return WdiTables(_typed_values(values), tables["countries"][0], tables["indicators"][0])


def iter_wdi_tables(
    paths: Sequence[Path], rows_per_chunk: int = ROWS_PER_CHUNK, engine: str = DEFAULT_ENGINE
) -> Iterator[tuple[str, pd.DataFrame]]:
    """Parse downloads a few at a time: ("values", chunk) pairs, then ("countries", table) and
    ("indicators", table). Memory holds one chunk of values, never all of them.

    Chunks come in indicator order, so their concatenation is what ``parse_wdi_files`` returns.
    Text columns are categorical: each repeats a few hundred strings. ``engine="duckdb"`` reads
    plain data CSVs with DuckDB (``parse_duckdb``), the rest here; ``"python"`` reads every file here.
    Both give the same rows; ``DEFAULT_ENGINE`` says which is used and why.
    """
    stream = _Stream([Path(path) for path in paths])
    empty = True
    for chunk in stream.values(rows_per_chunk, engine):
        empty = False
        yield "values", chunk
    if empty:
        yield "values", _typed_values(pd.DataFrame({column: [] for column in VALUE_COLUMNS}))
    yield "countries", _newest_countries(stream.parsed)
    yield "indicators", _newest_indicators(stream.parsed)


def read_vintage(path: Path) -> str | None:
    """The "Last Updated Date" as YYYY-MM-DD; None for metadata files, which carry no date."""
    path = Path(path)
    name = path.name
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            data_members = [m for m in archive.namelist() if _DATA_CSV_NAME.match(Path(m).name)]
            if len(data_members) != 1:
                raise SourceError(SOURCE, f"expected one API_ data CSV in the zip, found {data_members}", file=path)
            text = _decode(archive.read(data_members[0]), path)
        return _csv_vintage(_first_records(text, _VINTAGE_LINE), path)
    if _METADATA_CSV_NAME.match(name):
        return None
    if _DATA_CSV_NAME.match(name):
        with open(path, "rb") as handle:
            head = handle.read(4096)
        _reject_empty_or_html(head, path)
        return _csv_vintage(_first_records(_decode(head, path, partial=True), _VINTAGE_LINE), path)
    if _EXCEL_NAME.match(name):
        return _excel_vintage(read_sheet(path, "Data", SOURCE), path)
    raise SourceError(SOURCE, _unrecognised_name_message(), file=path)


# ---------------------------------------------------------------------------------------------
# Dispatch by file name


def _parse_path(path: Path) -> list[_ParsedFile]:
    if path.suffix.lower() == ".zip":
        return _parse_zip(path)
    name = path.name
    if _DATA_CSV_NAME.match(name) or _METADATA_CSV_NAME.match(name):
        return [_parse_csv_bytes(path.read_bytes(), name, str(path), path)]
    if _EXCEL_NAME.match(name):
        return [_parse_excel(path)]
    raise SourceError(SOURCE, _unrecognised_name_message(), file=path)


def _unrecognised_name_message() -> str:
    return (
        "file name is not a WDI download (expected API_<code>_DS2_en_csv_v2*.csv, "
        "Metadata_Country_API_*.csv, Metadata_Indicator_API_*.csv, API_<code>_DS2_en_excel_v2*.xls(x) or .zip)"
    )


def _parse_zip(path: Path) -> list[_ParsedFile]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise SourceError(SOURCE, f"is not a readable zip: {exc}", file=path) from exc
    parsed: list[_ParsedFile] = []
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        for info in members:
            member_name = Path(info.filename).name
            # The member name is what a person sees after unzipping, so errors and source_file use it.
            member_path = Path(member_name)
            if not (_DATA_CSV_NAME.match(member_name) or _METADATA_CSV_NAME.match(member_name)):
                raise SourceError(SOURCE, f"zip member {info.filename!r}: {_unrecognised_name_message()}", file=path)
            member_bytes = read_member(archive, info, SOURCE, path)
            parsed.append(_parse_csv_bytes(member_bytes, member_name, f"{path}!{info.filename}", member_path))
    if sum(item.kind == "data" for item in parsed) != 1:
        raise SourceError(SOURCE, "expected exactly one API_ data CSV in the zip", file=path)
    return parsed


def _parse_csv_bytes(raw: bytes, name: str, origin: str, shown_path: Path) -> _ParsedFile:
    _reject_empty_or_html(raw, shown_path)
    text = _decode(raw, shown_path)
    data_match = _DATA_CSV_NAME.match(name)
    if data_match:
        return _parse_data_csv(text, data_match["code"], name, origin, shown_path)
    meta_match = _METADATA_CSV_NAME.match(name)
    assert meta_match is not None  # the caller dispatched on the name
    records, rows = _read_small_csv(text, shown_path)
    code = meta_match["code"]
    if meta_match["kind"] == "Country":
        countries = _country_metadata(records, rows, shown_path)
        return _ParsedFile("country", code, name, origin, None, countries=countries, data_name=meta_match["data_name"])
    indicators = _indicator_metadata(records, rows, code, shown_path)
    return _ParsedFile("indicator", code, name, origin, None, indicators=indicators, data_name=meta_match["data_name"])


# ---------------------------------------------------------------------------------------------
# Byte-level checks


def _reject_empty_or_html(raw: bytes, path: Path) -> None:
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise SourceError(SOURCE, "is empty", file=path, row=1)
    # An expired link or a rate limit returns an HTML page with status 200, saved under the CSV name.
    lowered = head.lower()
    if lowered.startswith(b"<") or b"<html" in lowered:
        raise SourceError(SOURCE, "is an HTML page, not a WDI CSV (an error page saved as .csv?)", file=path)


def _decode(raw: bytes, path: Path, *, partial: bool = False) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if partial:  # a read cut at 4096 bytes may split a character
            return raw[: exc.start].decode("utf-8-sig")
        raise SourceError(SOURCE, f"is not UTF-8 text: {exc}", file=path) from exc


def _first_records(text: str, count: int) -> list[tuple[int, list[str]]]:
    """The first ``count`` physical lines as (line number, fields); enough to read the preamble."""
    lines = text.splitlines()[:count]
    return [(number, next(csv.reader([line]), [])) for number, line in enumerate(lines, start=1)]


def _csv_vintage(records: list[tuple[int, list[str]]], path: Path) -> str:
    fields = next((fields for line, fields in records if line == _VINTAGE_LINE), [])
    if not fields or fields[0] != "Last Updated Date":
        raise SourceError(
            SOURCE,
            f'expected "Last Updated Date" on line {_VINTAGE_LINE} of the preamble, found {fields[:2]}',
            file=path,
            row=_VINTAGE_LINE,
        )
    return _checked_iso_date(fields[1] if len(fields) > 1 else "", path, _VINTAGE_LINE)


def _checked_iso_date(text: str, path: Path, row: int) -> str:
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        dt.date.fromisoformat(text)
    except ValueError:
        raise SourceError(SOURCE, f"Last Updated Date {text!r} is not a YYYY-MM-DD date", file=path, row=row) from None
    return text


# ---------------------------------------------------------------------------------------------
# Data CSV


def _parse_data_csv(text: str, code: str, name: str, origin: str, path: Path) -> _ParsedFile:
    records, first_records = _read_records(text, path)
    preamble = [(line, fields) for line, fields in first_records if line < _HEADER_LINE]
    vintage = _csv_vintage(preamble, path)
    header_fields = next((fields for line, fields in first_records if line == _HEADER_LINE), None)
    if header_fields is None:
        raise SourceError(SOURCE, f"has no header on line {_HEADER_LINE}", file=path, row=_HEADER_LINE)
    column_names = _checked_header(header_fields, path, _HEADER_LINE)

    data = [(line, fields) for line, fields in records if line > _HEADER_LINE]
    for line, fields in data:
        if len(fields) != len(header_fields):
            raise SourceError(
                SOURCE,
                f"has {len(fields)} fields where the header has {len(header_fields)} (a truncated or damaged file?)",
                file=path,
                row=line,
            )
    data_lines = np.array([line for line, _ in data], dtype=np.int64)
    wide = np.empty((len(data), len(column_names)), dtype=object)
    if data:
        wide[:, :] = [fields for _, fields in data]
    values = _long_values(wide, column_names, data_lines, code, path)
    return _ParsedFile("data", code, name, origin, vintage, values, indicators=_indicator_from_values(values))


def _read_records(text: str, path: Path) -> tuple[list[tuple[int, list[str]]], list[tuple[int, list[str]]]]:
    """Every non-blank record with the line it starts on, plus the first records (blank ones too).

    The csv module is the reader here because it reports short lines (pandas pads them silently) and
    true line numbers when a quoted field spans lines; since it has split every field by then,
    reading the file again with pandas would only repeat the work.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    first: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for fields in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if start <= _HEADER_LINE:
                first.append((start, fields))
            if fields:
                records.append((start, fields))
    except csv.Error as exc:
        raise SourceError(SOURCE, f"is not valid CSV: {exc}", file=path, row=previous_end + 1) from exc
    return records, first


def _checked_header(fields: Sequence[Any], path: Path, row: int) -> list[str]:
    """Column names for the wide table; trailing unnamed columns (the trailing comma) get placeholders."""
    names = ["" if cell is None else _header_text(cell) for cell in fields]
    named = list(names)
    while named and named[-1] == "":
        named.pop()
    missing = [column for column in _ID_HEADER if column not in named[:4]]
    if named[:4] != list(_ID_HEADER):
        raise SourceError(
            SOURCE,
            f"header must start with {list(_ID_HEADER)}; found {named[:4]} (missing {missing})",
            file=path,
            row=row,
        )
    years = named[4:]
    for position, year in enumerate(years, start=5):
        if not _YEAR.match(year):
            raise SourceError(SOURCE, f"header column {position} is {year!r}, not a 4-digit year", file=path, row=row)
    if len(set(years)) != len(years):
        raise SourceError(SOURCE, "header repeats a year column", file=path, row=row)
    trailing = [f"_unnamed_{i}" for i in range(len(names) - len(named))]
    return [*named, *trailing]


def _header_text(cell: Any) -> str:
    # A workbook re-saved by a spreadsheet program may turn the year labels into numbers.
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return cell.strip() if isinstance(cell, str) else str(cell).strip()


def _long_values(
    wide: np.ndarray, column_names: list[str], row_numbers: np.ndarray, code: str, path: Path
) -> _FileValues:
    """Wide rows of text cells -> one entry per non-empty cell, values exactly float(cell text)."""
    position = {name: i for i, name in enumerate(column_names)}

    def first_bad(mask: np.ndarray) -> int:
        return int(row_numbers[int(np.argmax(mask))])

    for name, column in position.items():
        if name.startswith("_unnamed_") and (wide[:, column] != "").any():
            filled = wide[:, column] != ""
            raise SourceError(SOURCE, "has a value under an unnamed header column", file=path, row=first_bad(filled))
    country_codes = wide[:, position["Country Code"]]
    if (country_codes == "").any():
        raise SourceError(SOURCE, "has an empty Country Code", file=path, row=first_bad(country_codes == ""))
    repeated = pd.Series(country_codes).duplicated().to_numpy()
    if repeated.any():
        at = int(np.argmax(repeated))
        raise SourceError(SOURCE, f"repeats Country Code {country_codes[at]!r}", file=path, row=int(row_numbers[at]))
    indicator_codes = wide[:, position["Indicator Code"]]
    wrong_code = indicator_codes != code
    if wrong_code.any():
        at = int(np.argmax(wrong_code))
        raise SourceError(
            SOURCE,
            f"has Indicator Code {indicator_codes[at]!r} but the file name says {code!r}",
            file=path,
            row=int(row_numbers[at]),
        )

    year_positions = [i for i, name in enumerate(column_names) if _YEAR.match(name)]
    cells = wide[:, year_positions]
    # A numpy melt: nonzero() walks row-major, so the long rows come out in file order, by year.
    row_index, year_index = np.nonzero(cells != "")
    texts = cells[row_index, year_index]
    years = np.array([int(column_names[i]) for i in year_positions], dtype=np.int64)[year_index]
    source_rows = row_numbers[row_index].astype(np.int64)
    try:
        # float() per cell, so a parsed value is bit-identical to float(cell text) in a test.
        numbers = np.array(texts, dtype=np.float64)
    except ValueError:
        numbers = None
    finite = np.isfinite(numbers) if numbers is not None else None
    if numbers is None or finite is None or not finite.all():
        bad = _first_non_numeric(texts) if numbers is None or finite is None else int(np.argmin(finite))
        raise SourceError(
            SOURCE,
            f"year {years[bad]}: {texts[bad]!r} is not a number",
            file=path,
            row=int(source_rows[bad]),
        )
    text = {
        "country_code": country_codes,
        "country_name": wide[:, position["Country Name"]],
        "indicator_code": indicator_codes,
        "indicator_name": wide[:, position["Indicator Name"]],
    }
    return _FileValues(row_index, years, numbers, source_rows, text)


def _first_non_numeric(texts: np.ndarray) -> int:
    for position, text in enumerate(texts):
        try:
            float(text)
        except (TypeError, ValueError):
            return position
    return 0


def _indicator_from_values(values: _FileValues) -> list[_IndicatorRow]:
    """A definition row from the data itself, so an indicator shipped without its metadata file is listed."""
    if not len(values):
        return []
    first = values.row_index[0]
    return [(str(values.text["indicator_code"][first]), str(values.text["indicator_name"][first]), None, None)]


# ---------------------------------------------------------------------------------------------
# Metadata (CSV files or Excel sheets share the checks)


def _read_small_csv(text: str, path: Path) -> tuple[list[list[str]], list[int]]:
    """All non-blank records with their start lines; metadata files are small and have multi-line notes."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[list[str]] = []
    rows: list[int] = []
    previous_end = 0
    try:
        for fields in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if fields:
                records.append(fields)
                rows.append(start)
    except csv.Error as exc:
        raise SourceError(SOURCE, f"is not valid CSV: {exc}", file=path, row=previous_end + 1) from exc
    return records, rows


def _metadata_body(
    records: list[list[Any]], rows: list[int], expected: tuple[str, ...], path: Path
) -> list[tuple[int, list[str]]]:
    if not records:
        raise SourceError(SOURCE, "has no header", file=path, row=1)
    header = [str(cell).strip() for cell in records[0]]
    width = len(header)
    while header and header[-1] == "":
        header.pop()
    if header != list(expected):
        raise SourceError(SOURCE, f"header must be {list(expected)}; found {header}", file=path, row=rows[0])
    body: list[tuple[int, list[str]]] = []
    for row, fields in zip(rows[1:], records[1:], strict=True):
        if len(fields) != width:
            raise SourceError(
                SOURCE,
                f"has {len(fields)} fields where the header has {width} (a truncated file?)",
                file=path,
                row=row,
            )
        cells = ["" if cell is None else str(cell) for cell in fields]
        if all(cell == "" for cell in cells):
            continue
        if any(cell != "" for cell in cells[len(expected) :]):
            raise SourceError(SOURCE, "has a value under an unnamed header column", file=path, row=row)
        body.append((row, cells[: len(expected)]))
    return body


def _country_metadata(records: list[list[Any]], rows: list[int], path: Path) -> list[_CountryRow]:
    body = _metadata_body(records, rows, _COUNTRY_META_HEADER, path)
    seen: set[str] = set()
    for row, (country_code, *_rest) in body:
        if country_code == "":
            raise SourceError(SOURCE, "has an empty Country Code", file=path, row=row)
        if country_code in seen:
            raise SourceError(SOURCE, f"repeats Country Code {country_code!r}", file=path, row=row)
        seen.add(country_code)
    # An empty Region is how WDI marks an aggregate (regions, income groups, World).
    return [
        (code, region or None, income or None, notes or None, table) for _, (code, region, income, notes, table) in body
    ]


def _indicator_metadata(records: list[list[Any]], rows: list[int], code: str, path: Path) -> list[_IndicatorRow]:
    body = _metadata_body(records, rows, _INDICATOR_META_HEADER, path)
    for row, cells in body:
        if cells[0] != code:
            raise SourceError(
                SOURCE, f"has INDICATOR_CODE {cells[0]!r} but the file name says {code!r}", file=path, row=row
            )
    return [(cells[0], cells[1], cells[2] or None, cells[3] or None) for _, cells in body]


# ---------------------------------------------------------------------------------------------
# Excel workbook


def _parse_excel(path: Path) -> _ParsedFile:
    name = path.name
    match = _EXCEL_NAME.match(name)
    assert match is not None
    code = match["code"]
    if path.stat().st_size == 0:
        raise SourceError(SOURCE, "is empty", file=path, row=1)
    data_rows = read_sheet(path, "Data", SOURCE)
    vintage = _excel_vintage(data_rows, path)
    if len(data_rows) < _EXCEL_HEADER_ROW:
        raise SourceError(SOURCE, "sheet Data has no header row", file=path, row=_EXCEL_HEADER_ROW)
    column_names = _checked_header(data_rows[_EXCEL_HEADER_ROW - 1], path, _EXCEL_HEADER_ROW)
    body = [
        (excel_row, [_cell_text(cell) for cell in row])
        for excel_row, row in enumerate(data_rows[_EXCEL_HEADER_ROW:], start=_EXCEL_HEADER_ROW + 1)
        if any(cell not in ("", None) for cell in row)
    ]
    wide = np.empty((len(body), len(column_names)), dtype=object)
    for position, (_, cells) in enumerate(body):
        wide[position, :] = cells
    row_numbers = np.array([excel_row for excel_row, _ in body], dtype=np.int64)
    values = _long_values(wide, column_names, row_numbers, code, path)

    country_rows = read_sheet(path, "Metadata - Countries", SOURCE)
    countries = _country_metadata(country_rows, list(range(1, len(country_rows) + 1)), path)
    indicator_rows = read_sheet(path, "Metadata - Indicators", SOURCE)
    indicators = _indicator_metadata(indicator_rows, list(range(1, len(indicator_rows) + 1)), code, path)
    return _ParsedFile(
        "excel", code, name, str(path), vintage, values, countries, indicators or _indicator_from_values(values)
    )


def _cell_text(cell: Any) -> str:
    """Excel cells as the text the CSV would hold; str(float) round-trips exactly."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):  # bool is an int subclass, but never a WDI value
        return str(cell)
    if isinstance(cell, int | float):
        return repr(float(cell))
    return str(cell)


def _excel_vintage(rows: list[list[Any]], path: Path) -> str:
    label = rows[1][0] if len(rows) > 1 and rows[1] else ""
    if label != "Last Updated Date":
        raise SourceError(
            SOURCE, f'expected "Last Updated Date" in cell A2 of sheet Data, found {label!r}', file=path, row=2
        )
    cell = rows[1][1] if len(rows[1]) > 1 else ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    # .xls stores the date as a serial day number; a reader that ignores the cell format returns the number.
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 2958466:
        return (_EXCEL_EPOCH + dt.timedelta(days=int(cell))).isoformat()
    return _checked_iso_date(str(cell).strip(), path, 2)


# ---------------------------------------------------------------------------------------------
# Combining files


class _Stream:
    """Every file parsed once, in indicator order; the values of the winning files come out in chunks.

    Which file wins an indicator is decided before any value comes out: a file is the only one with
    its indicator (told by its name, or its zip members' names), or it is one of the few contested
    files, parsed first and ranked as ``_newest_first`` ranks them.
    """

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.parsed: list[_ParsedFile] = []  # every file, its values dropped once they are out
        self._country_lists: dict[tuple[_CountryRow, ...], list[_CountryRow]] = {}

    def values(self, rows_per_chunk: int, engine: str) -> Iterator[pd.DataFrame]:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
        codes = {path: _data_codes(path) for path in self.paths}
        claims = Counter(code for found in codes.values() for code in found)
        contested = {path: _parse_path(path) for path in self.paths if any(claims[c] > 1 for c in codes[path])}
        winners = _winning_origins([item for items in contested.values() for item in items])
        batch: list[_ParsedFile] = []
        rows = 0
        reader = parse_duckdb.DuckDbCsvReader(rows_per_chunk) if engine == "duckdb" else None
        planned: list[parse_duckdb.CsvPlan] = []
        planned_bytes = 0

        def parsed_items(path: Path) -> list[_ParsedFile]:
            return contested.pop(path, None) or _parse_path(path)

        try:
            for path in sorted(self.paths, key=lambda path: min(codes[path], default="")):
                # Uncontested data CSVs go to DuckDB; the order of values stays the order of files.
                plan = parse_duckdb.plan_csv(path) if reader is not None and path not in contested else None
                if plan is not None:
                    if batch:
                        yield self._flush(batch)
                        rows = 0
                    planned.append(plan)
                    planned_bytes += plan.size
                    if planned_bytes >= parse_duckdb.GROUP_BYTES:
                        yield from self._read_planned(reader, planned, rows_per_chunk)
                        planned, planned_bytes = [], 0
                    continue
                if planned:
                    yield from self._read_planned(reader, planned, rows_per_chunk)
                    planned, planned_bytes = [], 0
                for item in parsed_items(path):
                    self._keep(item)
                    if (
                        item.values is not None
                        and len(item.values)
                        and (claims[item.code] <= 1 or item.origin in winners)
                    ):
                        batch.append(item)
                        rows += len(item.values)
                if rows >= rows_per_chunk:
                    yield self._flush(batch)
                    rows = 0
            if planned:
                yield from self._read_planned(reader, planned, rows_per_chunk)
        finally:
            if reader is not None:
                reader.close()
        if batch:
            yield self._flush(batch)
        _share_vintages(self.parsed)

    def _read_planned(
        self, reader: parse_duckdb.DuckDbCsvReader | None, plans: list[parse_duckdb.CsvPlan], rows_per_chunk: int
    ) -> Iterator[pd.DataFrame]:
        """DuckDB's chunks, with the files it sent back parsed here in their place in the order."""
        assert reader is not None
        sent_back: list[_ParsedFile] = []  # files the Python parser read, gathered into one chunk
        for kind, item in reader.read(plans):
            if kind == "values":
                if sent_back:
                    yield self._flush(sent_back)
                yield item
            elif kind == "file":
                plan = item.plan
                indicators = [(plan.code, item.indicator_name, None, None)] if item.indicator_name is not None else []
                self._keep(
                    _ParsedFile("data", plan.code, plan.path.name, str(plan.path), plan.vintage, indicators=indicators)
                )
            else:
                (parsed,) = _parse_path(item.path)  # raises naming the file and line if it is malformed
                self._keep(parsed)
                if parsed.values is not None and len(parsed.values):
                    sent_back.append(parsed)
                    if sum(len(file.values) for file in sent_back if file.values is not None) >= rows_per_chunk:
                        yield self._flush(sent_back)
        if sent_back:
            yield self._flush(sent_back)

    def _keep(self, item: _ParsedFile) -> None:
        # Every Metadata_Country file of a release lists the same economies: keep one copy of the list.
        if item.countries:
            item.countries = self._country_lists.setdefault(tuple(item.countries), item.countries)
        self.parsed.append(item)

    def _flush(self, batch: list[_ParsedFile]) -> pd.DataFrame:
        chunk = _values_frame(batch)
        for item in batch:
            item.values = None
        batch.clear()
        return chunk


def _data_codes(path: Path) -> list[str]:
    """The indicators a download holds data for, from its name (a zip: its members' names)."""
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [Path(member).name for member in archive.namelist()]
        except zipfile.BadZipFile:
            return []  # the parse says what is wrong with it
    else:
        names = [path.name]
    matches = (_DATA_CSV_NAME.match(name) or _EXCEL_NAME.match(name) for name in names)
    return [match["code"] for match in matches if match]


def _winning_origins(parsed: list[_ParsedFile]) -> set[str]:
    """Of files that hold the same indicator, the one whose values are kept: the newest vintage."""
    data_files = [item for item in parsed if item.values is not None and len(item.values)]
    winners: dict[str, _ParsedFile] = {}
    for item in _newest_first([(item, item) for item in data_files]):
        winner = winners.setdefault(item.code, item)
        if winner is not item and winner.vintage == item.vintage:
            # Which copy wins would be decided by the order of their names: refuse instead.
            raise SourceError(
                SOURCE,
                f"ambiguous input: two files hold indicator {item.code} with the same vintage {item.vintage}: "
                f"{winner.origin} and {item.origin}; keep only the one to load",
                file=item.origin,
            )
    return {item.origin for item in winners.values()}


def _values_frame(items: list[_ParsedFile]) -> pd.DataFrame:
    """The values of whole files as one table: each text column is a categorical over the files' rows."""
    values = [item.values for item in items if item.values is not None]
    offsets = np.cumsum([0] + [len(v.text["country_code"]) for v in values[:-1]])
    at = np.concatenate([v.row_index + offset for v, offset in zip(values, offsets, strict=True)])
    columns: dict[str, Any] = {}
    for name in _TEXT_COLUMNS:
        codes, uniques = pd.factorize(np.concatenate([v.text[name] for v in values]))
        columns[name] = pd.Categorical.from_codes(codes[at], uniques)
    columns["year"] = np.concatenate([v.year for v in values])
    columns["value"] = np.concatenate([v.value for v in values])
    sizes = [len(v) for v in values]
    for name, per_file in (("vintage", [i.vintage for i in items]), ("source_file", [i.source_file for i in items])):
        codes, uniques = pd.factorize(np.array(per_file, dtype=object))
        columns[name] = pd.Categorical.from_codes(np.repeat(codes, sizes), uniques)
    columns["source_row"] = np.concatenate([v.source_row for v in values])
    return pd.DataFrame(columns)[list(VALUE_COLUMNS)]


def _share_vintages(parsed: list[_ParsedFile]) -> None:
    """Metadata CSVs take the vintage of the data file they were published with.

    The exact file (same release suffix) wins; failing that, the newest data file of the same
    indicator among the inputs; failing that, the vintage stays unknown (None).
    """
    dated = [item for item in parsed if item.kind in ("data", "excel") and item.vintage]
    by_name = {item.source_file: item.vintage for item in dated if item.kind == "data"}
    by_code: dict[str, str] = {}
    for item in dated:
        if item.vintage and item.vintage > by_code.get(item.code, ""):
            by_code[item.code] = item.vintage
    for item in parsed:
        if item.kind in ("country", "indicator"):
            item.vintage = by_name.get(item.data_name or "") or by_code.get(item.code)


def _newest_first(items: list[tuple[Any, _ParsedFile]], prefer: Callable[[Any], bool] | None = None) -> list[Any]:
    """Rows in precedence order: newest vintage, then (optionally) preferred rows, then file name and path."""
    ordered = sorted(items, key=lambda item: (item[1].source_file, item[1].origin))
    # sort(reverse=True) keeps equal keys in their previous order, so the name tie-break survives.
    ordered.sort(key=lambda item: (item[1].vintage or "", prefer(item[0]) if prefer else False), reverse=True)
    return [row for row, _ in ordered]


def _newest_countries(parsed: list[_ParsedFile]) -> pd.DataFrame:
    # Files in precedence order, each file's rows in its own order: the first row per code wins.
    newest: dict[str, tuple[_CountryRow, _ParsedFile]] = {}
    for source in _newest_first([(item, item) for item in parsed if item.countries]):
        for row in source.countries:
            newest.setdefault(row[0], (row, source))
    return _typed_countries(
        pd.DataFrame(
            [(*row, source.vintage, source.source_file) for row, source in (newest[code] for code in sorted(newest))]
            or None,
            columns=list(COUNTRY_COLUMNS),
        )
    )


def _newest_indicators(parsed: list[_ParsedFile]) -> pd.DataFrame:
    newest: dict[str, tuple[_IndicatorRow, _ParsedFile]] = {}
    # Within one vintage, the metadata file's definition beats the bare name taken from the data.
    ranked = _newest_first(
        [((row, item), item) for item in parsed for row in item.indicators], prefer=lambda pair: pair[0][2] is not None
    )
    for row, source in ranked:
        newest.setdefault(row[0], (row, source))
    return _typed_indicators(
        pd.DataFrame(
            [(*row, source.vintage, source.source_file) for row, source in (newest[code] for code in sorted(newest))]
            or None,
            columns=list(INDICATOR_COLUMNS),
        )
    )


# ---------------------------------------------------------------------------------------------
# Column types, kept in one place so empty and full tables look the same to the caller


_VALUE_TYPES = {
    "country_code": "str",
    "country_name": "str",
    "indicator_code": "str",
    "indicator_name": "str",
    "year": "int64",
    "value": "float64",
    "vintage": "object",
    "source_file": "str",
    "source_row": "int64",
}
_COUNTRY_TYPES = {
    "country_code": "str",
    "region": "object",
    "income_group": "object",
    "special_notes": "object",
    "table_name": "str",
    "vintage": "object",
    "source_file": "str",
}
_INDICATOR_TYPES = {
    "indicator_code": "str",
    "indicator_name": "str",
    "source_note": "object",
    "source_organization": "object",
    "vintage": "object",
    "source_file": "str",
}


def _typed(frame: pd.DataFrame, types: dict[str, str]) -> pd.DataFrame:
    """Fixed column order and dtypes; optional text is an object column holding None, not NaN."""
    frame = frame[list(types)].astype(types)
    optional = [column for column, dtype in types.items() if dtype == "object"]
    return frame.assign(**{column: frame[column].where(frame[column].notna(), None) for column in optional})


def _typed_values(frame: pd.DataFrame) -> pd.DataFrame:
    return _typed(frame, _VALUE_TYPES)


def _typed_countries(frame: pd.DataFrame) -> pd.DataFrame:
    return _typed(frame, _COUNTRY_TYPES)


def _typed_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    return _typed(frame, _INDICATOR_TYPES)
