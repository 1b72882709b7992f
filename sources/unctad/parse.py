"""UNCTADstat's FDI CSV export -> one tidy table of FDI inflows by economy and year.

The export does not quote labels that contain a comma (``China, Hong Kong SAR,2024,126181,``),
so a line is read from the right: the last three fields are year, value and missing-value flag,
and everything before them is the label. Rows with no value are wrapped whole in quotes, with
the flag's own quotes doubled inside (see the README); they are unwrapped and read the same way.
Nothing here writes files.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pandas as pd

from sources._common.errors import SourceError
from sources.unctad.names import map_names

SOURCE = "unctad"
HEADER = ("Economy_Label", "Year", "US_at_current_prices_in_millions_Value", "US_at_current_prices_MissingValue")
COLUMNS = (
    "economy_label", "economy_iso3", "year", "value_usd_millions", "missing_flag", "source_file", "source_row",
)  # fmt: skip
KEY = ("economy_label", "year")
_YEAR = re.compile(r"^\d{4}$")
_EXPORT_STAMP = re.compile(r"_(\d{4})(\d{2})(\d{2})_\d{6}")


def parse_fdi_inflows(path: Path) -> pd.DataFrame:
    """FDI inflows, US$ millions at current prices; null where UNCTAD flags the value as missing."""
    lines = _read_lines(path)
    header = [field.strip() for field in next(csv.reader([lines[0]]))]
    if tuple(header) != HEADER:
        missing = [name for name in HEADER if name not in header]
        detail = f"missing columns {missing}" if missing else f"columns are {header}"
        raise SourceError(SOURCE, f"{detail}; expected {list(HEADER)}", file=path, row=1)

    records: list[dict[str, Any]] = []
    first_seen: dict[tuple[str, int], int] = {}
    for line_number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        label, year_text, value_text, flag = _fields(line, path, line_number)
        if not label:
            raise SourceError(SOURCE, "Economy_Label is empty", file=path, row=line_number)
        if not _YEAR.match(year_text):
            raise SourceError(SOURCE, f"Year {year_text!r} is not a 4-digit year", file=path, row=line_number)
        value = _value(value_text, path, line_number)
        if value is None and not flag:
            raise SourceError(SOURCE, "empty value without a missing-value flag", file=path, row=line_number)
        key = (label, int(year_text))
        if key in first_seen:
            raise SourceError(
                SOURCE, f"duplicate {label!r} {year_text} (first at line {first_seen[key]})", file=path, row=line_number
            )
        first_seen[key] = line_number
        records.append(
            {
                "economy_label": label,
                "year": int(year_text),
                "value_usd_millions": value,
                "missing_flag": flag or None,
                "source_row": line_number,
            }
        )
    if not records:
        raise SourceError(SOURCE, "has a header but no data lines", file=path)

    frame = pd.DataFrame.from_records(records)
    codes = map_names(frame["economy_label"], source=SOURCE, file=path)
    # Optional text uses pandas' string dtype (missing is NaN): an object column holding only None
    # would reach DuckDB as type NULL instead of VARCHAR.
    frame["economy_iso3"] = frame["economy_label"].map(codes).astype("str")
    repeated = frame[frame["economy_iso3"].notna()].duplicated(["economy_iso3", "year"])
    if repeated.any():
        row = frame[frame["economy_iso3"].notna()][repeated].iloc[0]
        raise SourceError(
            SOURCE, f"{row['economy_label']!r} maps to {row['economy_iso3']}, already used by another label",
            file=path, row=int(row["source_row"]),
        )  # fmt: skip
    frame["source_file"] = Path(path).name
    frame["value_usd_millions"] = frame["value_usd_millions"].astype("float64")
    frame["missing_flag"] = frame["missing_flag"].astype("str")
    return frame[list(COLUMNS)]


def read_vintage(path: Path) -> str | None:
    """The export date in the file name (``US.FdiFlowsStock_20251216_022212.csv`` -> 2025-12-16)."""
    stamp = _EXPORT_STAMP.search(Path(path).name)
    return "-".join(stamp.groups()) if stamp else None


def _fields(line: str, path: Path, line_number: int) -> tuple[str, str, str, str]:
    """(label, year, value, flag) from one line, whichever of the export's three shapes it has."""
    fields = _csv_fields(line, path, line_number)
    if len(fields) == 1 and line.lstrip().startswith('"'):
        # A whole line wrapped in quotes: its content is itself a CSV line.
        fields = _csv_fields(fields[0], path, line_number)
    if len(fields) < len(HEADER):
        raise SourceError(
            SOURCE, f"{len(fields)} fields; expected label, year, value and flag: {line!r}", file=path, row=line_number
        )
    # An unquoted comma in the label splits it: everything left of the last three fields is the label.
    label = ",".join(fields[:-3]).strip()
    year, value, flag = (field.strip() for field in fields[-3:])
    return label, year, value, flag


def _csv_fields(text: str, path: Path, line_number: int) -> list[str]:
    try:
        return next(csv.reader([text], strict=True))
    except csv.Error as exc:
        raise SourceError(SOURCE, f"cannot be read as CSV ({exc}): {text!r}", file=path, row=line_number) from None


def _value(text: str, path: Path, line_number: int) -> float | None:
    if not text:
        return None
    try:
        # FDI inflows can be negative (disinvestment exceeds new investment); that is a value.
        return float(text)
    except ValueError:
        raise SourceError(SOURCE, f"value {text!r} is not a number", file=path, row=line_number) from None


def _read_lines(path: Path) -> list[str]:
    raw = Path(path).read_bytes()
    if not raw.strip(b"\xef\xbb\xbf \t\r\n"):
        raise SourceError(SOURCE, "is empty", file=path)
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]:
        raise SourceError(SOURCE, "is an HTML page, not a CSV export (an error page saved under its name?)", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(SOURCE, f"is not UTF-8 text: {exc}", file=path) from None
    return text.splitlines()
