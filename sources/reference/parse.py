"""Parse the reference code lists (UN M49, Census Schedule C, World Bank CLASS and OGHIST) into tidy tables.

Every function takes a path and returns a DataFrame (or two) whose text columns hold Python
``str`` or ``None`` (object dtype, so a missing code is ``None`` and never ``NaN``), plus the
file name and the 1-based line or Excel row each record came from. Nothing here writes files.

Codes are always read as text: M49 codes are zero-padded (Algeria is ``012``) and Namibia's
ISO alpha-2 code ``NA`` is a value, not a missing one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet

SOURCE = "reference"

M49_CODE = re.compile(r"\d{3}")
ISO2_CODE = re.compile(r"[A-Z]{2}")
ISO3_CODE = re.compile(r"[A-Z]{3}")
CENSUS_CODE = re.compile(r"\d{4}")

# Column in the UNSD CSV -> our column. The CSV's own names are the contract with UNSD.
M49_COLUMNS = {
    "M49 Code": "m49_code",
    "ISO-alpha2 Code": "iso2",
    "ISO-alpha3 Code": "iso3",
    "Country or Area": "country_name",
    "Region Code": "region_code",
    "Region Name": "region_name",
    "Sub-region Code": "subregion_code",
    "Sub-region Name": "subregion_name",
    "Intermediate Region Code": "intermediate_region_code",
    "Intermediate Region Name": "intermediate_region_name",
    "Least Developed Countries (LDC)": "is_ldc",
    "Land Locked Developing Countries (LLDC)": "is_lldc",
    "Small Island Developing States (SIDS)": "is_sids",
}
M49_FLAG_COLUMNS = ("is_ldc", "is_lldc", "is_sids")
M49_REGION_CODE_COLUMNS = ("region_code", "subregion_code", "intermediate_region_code")

SCHEDULE_C_HEADER = re.compile(r"^\s*Code\s*\|\s*Name\s*\|\s*ISO", re.IGNORECASE)
SCHEDULE_C_DATA_LINE = re.compile(r"^\d{4}\s*\|")

CLASS_ECONOMIES_SHEET = "List of economies"
CLASS_GROUPS_SHEET = "Groups"
CLASS_ECONOMY_LABELS = ("Economy", "Code", "Region", "Income group", "Lending category")
CLASS_GROUP_LABELS = ("GroupCode", "GroupName", "CountryCode", "CountryName")

OGHIST_SHEET = "Country Analytical History"
OGHIST_LABEL_ROW = 4  # 0-based; Excel row 5 holds "Bank's fiscal year:" and FY89..FY26
OGHIST_FY_LABEL = re.compile(r"FY(\d{2})")
OGHIST_INCOME_CODES = frozenset({"L", "LM", "UM", "H"})
OGHIST_NOT_CLASSIFIED = frozenset({"", ".."})
# The World Bank writes former Yugoslavia as "YUGf" so that it does not clash with "YUG"
# (Serbia and Montenegro); it has no ISO3 code, so it cannot join the country dimension.
OGHIST_CODES_WITHOUT_ISO3 = frozenset({"YUGf"})

# How far down a sheet a header row may sit before we call the sheet malformed.
HEADER_SEARCH_ROWS = 30


# --- UN M49 -------------------------------------------------------------------------------------


def parse_m49(path: Path) -> pd.DataFrame:
    """UNSD's M49 CSV: one row per country or area with ISO codes and the region hierarchy."""
    text = _read_text(path, encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise SourceError(SOURCE, "has no header line", file=path, row=1)
    header = [cell.strip() for cell in header]
    _require_columns(header, M49_COLUMNS, path, row=1)
    position = {name: header.index(name) for name in M49_COLUMNS}

    records: list[dict[str, Any]] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            raise SourceError(
                SOURCE, f"has {len(cells)} fields, the header has {len(header)}", file=path, row=line
            )
        record: dict[str, Any] = {
            ours: _text_or_none(cells[position[theirs]]) for theirs, ours in M49_COLUMNS.items()
        }
        _check_code(record["m49_code"], M49_CODE, "M49 Code", "3 digits", path, line, required=True)
        for column in M49_REGION_CODE_COLUMNS:
            _check_code(record[column], M49_CODE, column, "3 digits", path, line)
        _check_code(record["iso2"], ISO2_CODE, "ISO-alpha2 Code", "2 capital letters", path, line)
        _check_code(record["iso3"], ISO3_CODE, "ISO-alpha3 Code", "3 capital letters", path, line)
        for column in M49_FLAG_COLUMNS:
            record[column] = _m49_flag(record[column], column, path, line)
        record["source_file"] = Path(path).name
        record["source_row"] = line
        records.append(record)

    if not records:
        raise SourceError(SOURCE, "has a header but no data rows", file=path)
    _require_unique(records, ("m49_code",), path)
    _require_unique([r for r in records if r["iso3"] is not None], ("iso3",), path)
    return _frame(
        records, [*M49_COLUMNS.values(), "source_file", "source_row"], bool_columns=M49_FLAG_COLUMNS
    )


def _m49_flag(value: str | None, column: str, path: Path, line: int) -> bool:
    # UNSD marks membership of LDC/LLDC/SIDS with an "x" and leaves the cell empty otherwise.
    if value is None:
        return False
    if value.lower() == "x":
        return True
    raise SourceError(SOURCE, f"{column} is {value!r}; expected 'x' or empty", file=path, row=line)


# --- Census Schedule C --------------------------------------------------------------------------


def parse_schedule_c(path: Path) -> pd.DataFrame:
    """Census Schedule C country list: 4-digit Census code, name and ISO alpha-2."""
    lines = _read_text(path, encoding="utf-8").splitlines()
    header_line = next((n for n, line in enumerate(lines, 1) if SCHEDULE_C_HEADER.match(line)), None)
    if header_line is None:
        raise SourceError(SOURCE, "header line 'Code | Name | ISO Code' not found", file=path)

    records: list[dict[str, Any]] = []
    # Banner, rules and the "Source: ..." trailer carry no "|"; any other line with one is data.
    for line_number, line in enumerate(lines[header_line:], header_line + 1):
        if "|" not in line:
            continue
        if not SCHEDULE_C_DATA_LINE.match(line):
            raise SourceError(
                SOURCE,
                f"expected '<4-digit code> | name | ISO', got {line.strip()!r}",
                file=path,
                row=line_number,
            )
        fields = line.split("|")
        if len(fields) != 3:
            raise SourceError(
                SOURCE, f"expected 3 '|'-separated fields, got {len(fields)}", file=path, row=line_number
            )
        code, name, iso2 = (_text_or_none(field) for field in fields)
        _check_code(code, CENSUS_CODE, "census code", "4 digits", path, line_number, required=True)
        _check_code(iso2, ISO2_CODE, "ISO code", "2 capital letters", path, line_number)
        if name is None:
            raise SourceError(SOURCE, f"census code {code} has no name", file=path, row=line_number)
        records.append(
            {
                "census_code": code,
                "census_name": name,
                "iso2": iso2,
                "source_file": Path(path).name,
                "source_row": line_number,
            }
        )
    if not records:
        raise SourceError(SOURCE, "has a header but no '<4-digit code> | name | ISO' lines", file=path)
    _require_unique(records, ("census_code",), path)
    return _frame(records, ["census_code", "census_name", "iso2", "source_file", "source_row"])


# --- World Bank CLASS ---------------------------------------------------------------------------


def parse_wb_class(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """World Bank CLASS workbook: (economies with region/income/lending, group membership)."""
    return _class_economies(path), _class_groups(path)


def _class_economies(path: Path) -> pd.DataFrame:
    rows = read_sheet(path, CLASS_ECONOMIES_SHEET, SOURCE)
    header_index, column = _find_header(rows, CLASS_ECONOMY_LABELS, CLASS_ECONOMIES_SHEET, path)

    records: list[dict[str, Any]] = []
    for index in range(header_index + 1, len(rows)):
        excel_row = index + 1
        cells = rows[index]
        code = _cell_text(cells, column["Code"])
        # The table ends at the first row without a code: a blank row, then the notes.
        if code is None:
            break
        region = _cell_text(cells, column["Region"])
        # Newer editions list the aggregates (WLD, LCN, ...) under the economies with no region.
        if region is None:
            continue
        _check_code(code, ISO3_CODE, "Code", "3 capital letters", path, excel_row, required=True)
        records.append(
            {
                "iso3": code,
                "economy_name": _cell_text(cells, column["Economy"]),
                "region": region,
                # Empty for an economy the Bank has left unclassified (Venezuela since FY22).
                "income_group": _cell_text(cells, column["Income group"]),
                "lending_category": _cell_text(cells, column["Lending category"]),
                "source_file": Path(path).name,
                "source_row": excel_row,
            }
        )
    if not records:
        raise SourceError(SOURCE, f"sheet {CLASS_ECONOMIES_SHEET!r} lists no economies", file=path)
    _require_unique(records, ("iso3",), path)
    return _frame(
        records,
        ["iso3", "economy_name", "region", "income_group", "lending_category", "source_file", "source_row"],
    )


def _class_groups(path: Path) -> pd.DataFrame:
    rows = read_sheet(path, CLASS_GROUPS_SHEET, SOURCE)
    header_index, column = _find_header(rows, CLASS_GROUP_LABELS, CLASS_GROUPS_SHEET, path)

    records: list[dict[str, Any]] = []
    seen: set[tuple[str | None, ...]] = set()
    for index in range(header_index + 1, len(rows)):
        excel_row = index + 1
        cells = rows[index]
        values = {label: _cell_text(cells, column[label]) for label in CLASS_GROUP_LABELS}
        if all(value is None for value in values.values()):
            continue
        # The FY24 edition lists the OECD members (OED) twice, the second block with Costa Rica
        # added; an identical repeat says nothing new, a conflicting one is caught below.
        if tuple(values.values()) in seen:
            continue
        seen.add(tuple(values.values()))
        if values["GroupCode"] is None:
            raise SourceError(SOURCE, "group membership row without a GroupCode", file=path, row=excel_row)
        _check_code(
            values["CountryCode"],
            ISO3_CODE,
            "CountryCode",
            "3 capital letters",
            path,
            excel_row,
            required=True,
        )
        records.append(
            {
                "group_code": values["GroupCode"],
                "group_name": values["GroupName"],
                "iso3": values["CountryCode"],
                "economy_name": values["CountryName"],
                "source_file": Path(path).name,
                "source_row": excel_row,
            }
        )
    if not records:
        raise SourceError(SOURCE, f"sheet {CLASS_GROUPS_SHEET!r} lists no group members", file=path)
    _require_unique(records, ("group_code", "iso3"), path)
    return _frame(records, ["group_code", "group_name", "iso3", "economy_name", "source_file", "source_row"])


# --- World Bank OGHIST --------------------------------------------------------------------------


def parse_wb_income_history(path: Path) -> pd.DataFrame:
    """OGHIST 'Country Analytical History': one row per economy and fiscal year it was classified."""
    rows = read_sheet(path, OGHIST_SHEET, SOURCE)
    if len(rows) <= OGHIST_LABEL_ROW:
        raise SourceError(
            SOURCE, f"sheet {OGHIST_SHEET!r} ends before the fiscal-year label row", file=path, row=len(rows)
        )
    economy_rows = [
        (index, cells)
        for index, cells in enumerate(rows)
        if index > OGHIST_LABEL_ROW and _cell_text(cells, 0)
    ]
    year_by_column = _oghist_fiscal_years(rows[OGHIST_LABEL_ROW], [cells for _, cells in economy_rows], path)

    records: list[dict[str, Any]] = []
    for index, cells in economy_rows:
        excel_row = index + 1
        code = _cell_text(cells, 0)
        if code in OGHIST_CODES_WITHOUT_ISO3:
            continue
        _check_code(code, ISO3_CODE, "economy code", "3 capital letters", path, excel_row, required=True)
        economy_name = _cell_text(cells, 1)
        for column, fiscal_year in year_by_column.items():
            income_code = _oghist_income_code(_cell_text(cells, column) or "", path, excel_row)
            if income_code is None:
                continue
            records.append(
                {
                    "iso3": code,
                    "economy_name": economy_name,
                    "fiscal_year": fiscal_year,
                    "income_code": income_code,
                    "source_file": Path(path).name,
                    "source_row": excel_row,
                }
            )
    if not records:
        raise SourceError(SOURCE, f"sheet {OGHIST_SHEET!r} has no classified economies", file=path)
    _require_unique(records, ("iso3", "fiscal_year"), path)
    return _frame(
        records,
        ["iso3", "economy_name", "fiscal_year", "income_code", "source_file", "source_row"],
        int_columns=("fiscal_year",),
    )


def _oghist_fiscal_years(
    labels: Sequence[Any], economy_rows: Sequence[Sequence[Any]], path: Path
) -> dict[int, int]:
    """Map each year column to its fiscal year, from the position of the readable FY labels.

    Some label cells are formulas linking to another workbook ("=IF(LEN([1]Thresholds!AS6)>1,...)");
    depending on the reader they come back as the formula text, a stale cached value or nothing.
    The columns are consecutive fiscal years, so the readable labels fix every column's year.
    """
    excel_row = OGHIST_LABEL_ROW + 1
    readable = {
        column: _fiscal_year(match.group(1))
        for column, cell in enumerate(labels)
        if (match := OGHIST_FY_LABEL.fullmatch(str(cell).strip()))
    }
    if not readable:
        raise SourceError(SOURCE, "no 'FYnn' fiscal-year labels in the label row", file=path, row=excel_row)
    first_column = min(readable)
    first_year = readable[first_column]
    for column, year in readable.items():
        if year != first_year + column - first_column:
            raise SourceError(
                SOURCE,
                f"fiscal-year labels are not consecutive: column {column + 1} is FY{year % 100:02d}, "
                f"expected FY{(first_year + column - first_column) % 100:02d}",
                file=path,
                row=excel_row,
            )
    # The last year column may be one whose label did not survive; the economy rows still show it.
    last_column = max([max(readable), _last_filled(labels), *(_last_filled(cells) for cells in economy_rows)])
    return {column: first_year + column - first_column for column in range(first_column, last_column + 1)}


def _last_filled(cells: Sequence[Any]) -> int:
    return max((column for column, cell in enumerate(cells) if str(cell).strip()), default=-1)


def _fiscal_year(two_digits: str) -> int:
    # OGHIST starts at FY89, so "89".."99" are the 1900s and "00".."88" the 2000s.
    year = int(two_digits)
    return 1900 + year if year >= 89 else 2000 + year


def _oghist_income_code(value: str, path: Path, excel_row: int) -> str | None:
    if value in OGHIST_NOT_CLASSIFIED:
        return None
    # "LM*" marks a footnote (Yemen before unification); the class itself is the letters.
    code = value.rstrip("*")
    if code not in OGHIST_INCOME_CODES:
        raise SourceError(
            SOURCE,
            f"income code {value!r}; expected one of L, LM, UM, H or '..'",
            file=path,
            row=excel_row,
        )
    return code


# --- shared helpers -----------------------------------------------------------------------------


def _read_text(path: Path, encoding: str) -> str:
    raw = Path(path).read_bytes()
    if not raw.strip(b"\xef\xbb\xbf \t\r\n"):
        raise SourceError(SOURCE, "is empty", file=path)
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]:
        raise SourceError(
            SOURCE, "is an HTML page, not a text file (an error page saved under its name?)", file=path
        )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(SOURCE, f"is not {encoding} text: {exc}", file=path) from exc


def _find_header(
    rows: Sequence[Sequence[Any]], labels: Sequence[str], sheet: str, path: Path
) -> tuple[int, dict[str, int]]:
    """Index of the first row holding every label, and each label's column."""
    wanted = {label.lower(): label for label in labels}
    best_missing: list[str] = list(labels)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {str(cell).strip().lower(): column for column, cell in enumerate(cells) if str(cell).strip()}
        missing = [label for key, label in wanted.items() if key not in found]
        if not missing:
            return index, {label: found[key] for key, label in wanted.items()}
        if len(missing) < len(best_missing):
            best_missing = missing
    raise SourceError(
        SOURCE,
        f"sheet {sheet!r} has no header row with {list(labels)}; missing {best_missing}",
        file=path,
    )


def _require_columns(header: Sequence[str], expected: Iterable[str], path: Path, row: int) -> None:
    missing = [name for name in expected if name not in header]
    if missing:
        raise SourceError(SOURCE, f"missing columns {missing}", file=path, row=row)


def _require_unique(records: Sequence[dict[str, Any]], key: tuple[str, ...], path: Path) -> None:
    first_seen: dict[tuple[Any, ...], int] = {}
    for record in records:
        value = tuple(record[column] for column in key)
        if value in first_seen:
            shown = ", ".join(f"{column}={v!r}" for column, v in zip(key, value, strict=True))
            raise SourceError(
                SOURCE,
                f"duplicate {shown} (first at row {first_seen[value]})",
                file=path,
                row=record["source_row"],
            )
        first_seen[value] = record["source_row"]


def _check_code(
    value: str | None,
    pattern: re.Pattern[str],
    column: str,
    shape: str,
    path: Path,
    row: int,
    required: bool = False,
) -> None:
    if value is None:
        if required:
            raise SourceError(SOURCE, f"{column} is empty", file=path, row=row)
        return
    if not pattern.fullmatch(value):
        raise SourceError(SOURCE, f"{column} {value!r} is not {shape}", file=path, row=row)


def _text_or_none(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _cell_text(cells: Sequence[Any], column: int) -> str | None:
    if column >= len(cells):
        return None
    value = cells[column]
    # calamine hands back whole numbers as floats; a code typed as a number must not become "12.0".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text_or_none(value)


def _frame(
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    bool_columns: Iterable[str] = (),
    int_columns: Iterable[str] = ("source_row",),
) -> pd.DataFrame:
    # object dtype keeps None as None; pandas' default string dtype would turn it into NaN.
    frame = pd.DataFrame(list(records), columns=list(columns), dtype=object)
    for column in {*int_columns, "source_row"}:
        frame[column] = frame[column].astype("int64")
    for column in bool_columns:
        frame[column] = frame[column].astype(bool)
    return frame
