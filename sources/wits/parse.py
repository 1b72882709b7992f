"""Parse a WITS "Trade Summary by partner" export (``tr_xm_<year>.xlsx``) into one tidy table.

The export has two sheets: ``Sheet1`` (empty) and ``Partner``, whose row 1 is the header and
whose other rows are one partner each for one reporter and one year. Values are US$ thousands
and percentages. WITS leaves a cell empty where it has no figure (no tariff data for "Other Asia,
nes" or Cuba, no exports to Pitcairn in 2020): those become ``NaN``, never ``0``.

Partners are WITS English names only, kept as names here (trimmed: WITS writes " World" with a
leading space); ``partner_names.yaml`` maps them to ISO3.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet

SOURCE = "wits"
SHEET = "Partner"

TEXT_COLUMNS = {
    "Reporter Name": "reporter_name",
    "Partner Name": "partner_name",
}
VALUE_COLUMNS = {
    "Export (US$ Thousand)": "exports_usd_thousands",
    "Import (US$ Thousand)": "imports_usd_thousands",
    "Trade Balance (US$ Thousand)": "trade_balance_usd_thousands",
    "AHS Simple Average (%)": "ahs_simple_avg_pct",
    "AHS Weighted Average (%)": "ahs_weighted_avg_pct",
    "MFN Simple Average (%)": "mfn_simple_avg_pct",
    "MFN Weighted Average (%)": "mfn_weighted_avg_pct",
}
# Present in every export seen so far, but not needed to use the file: absent means all NaN.
OPTIONAL_VALUE_COLUMNS = {
    "Export Partner Share (%)": "export_partner_share_pct",
    "Import Partner Share (%)": "import_partner_share_pct",
}
NEVER_NEGATIVE = ("exports_usd_thousands", "imports_usd_thousands")
YEAR_COLUMN = "Year"
FOUR_DIGITS = re.compile(r"\d{4}")

COLUMNS = (
    "year",
    "reporter_name",
    "partner_name",
    "exports_usd_thousands",
    "imports_usd_thousands",
    "trade_balance_usd_thousands",
    "export_partner_share_pct",
    "import_partner_share_pct",
    "ahs_simple_avg_pct",
    "ahs_weighted_avg_pct",
    "mfn_simple_avg_pct",
    "mfn_weighted_avg_pct",
    "source_file",
    "source_row",
)
KEY = ("year", "partner_name")


def parse_trade_summary(path: Path) -> pd.DataFrame:
    """One row per partner of one export; raises :class:`SourceError` naming the file and row."""
    path = Path(path)
    rows = read_sheet(path, SHEET, SOURCE)
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise SourceError(SOURCE, f"sheet {SHEET!r} is empty; expected a header in row 1", file=path, row=1)
    header = [str(cell).strip() for cell in rows[0]]
    required = (YEAR_COLUMN, *TEXT_COLUMNS, *VALUE_COLUMNS)
    missing = [name for name in required if name not in header]
    if missing:
        raise SourceError(SOURCE, f"sheet {SHEET!r} is missing columns {missing}", file=path, row=1)
    column = {name: header.index(name) for name in (*required, *OPTIONAL_VALUE_COLUMNS) if name in header}

    records: list[dict[str, Any]] = []
    for index in range(1, len(rows)):
        cells = rows[index]
        if all(cell == "" or cell is None for cell in cells):
            continue
        excel_row = index + 1
        record: dict[str, Any] = {"year": _year(_cell(cells, column[YEAR_COLUMN]), path, excel_row)}
        for theirs, ours in TEXT_COLUMNS.items():
            text = _text(_cell(cells, column[theirs]))
            if text is None:
                raise SourceError(SOURCE, f"{theirs!r} is empty", file=path, row=excel_row)
            record[ours] = text
        for theirs, ours in (*VALUE_COLUMNS.items(), *OPTIONAL_VALUE_COLUMNS.items()):
            value = _cell(cells, column[theirs]) if theirs in column else ""
            record[ours] = _number(value, theirs, path, excel_row)
        for ours in NEVER_NEGATIVE:
            if record[ours] < 0:
                raise SourceError(
                    SOURCE, f"{ours} is {record[ours]!r}; trade flows are never negative", file=path, row=excel_row
                )
        record["source_file"] = path.name
        record["source_row"] = excel_row
        records.append(record)

    if not records:
        raise SourceError(SOURCE, f"sheet {SHEET!r} has a header but no partner rows", file=path)
    frame = _frame(records)
    require_unique_partners(frame)
    return frame


def parse_trade_summaries(paths: Iterable[Path]) -> pd.DataFrame:
    """Every export stacked; a (year, partner) found in two files is an error naming both."""
    frames = [parse_trade_summary(path) for path in paths]
    if not frames:
        return _frame([])
    stacked = pd.concat(frames, ignore_index=True)
    require_unique_partners(stacked)
    return stacked


def require_unique_partners(frame: pd.DataFrame) -> None:
    repeated = frame.duplicated(list(KEY), keep="first")
    if not repeated.any():
        return
    again = frame[repeated].iloc[0]
    first = frame[(frame["year"] == again["year"]) & (frame["partner_name"] == again["partner_name"])].iloc[0]
    raise SourceError(
        SOURCE,
        f"duplicate year={again['year']}, partner {again['partner_name']!r} "
        f"(first in {first['source_file']} row {first['source_row']})",
        file=again["source_file"],
        row=int(again["source_row"]),
    )


def _year(value: Any, path: Path, excel_row: int) -> int:
    text = _text(value)
    if text is None or not FOUR_DIGITS.fullmatch(text):
        raise SourceError(SOURCE, f"Year is {value!r}; expected a 4-digit year", file=path, row=excel_row)
    return int(text)


def _number(value: Any, column: str, path: Path, excel_row: int) -> float:
    if value == "" or value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SourceError(
            SOURCE, f"{column!r} is {value!r}; expected a number or an empty cell", file=path, row=excel_row
        )
    if not math.isfinite(value):
        raise SourceError(SOURCE, f"{column!r} is {value!r}; expected a finite number", file=path, row=excel_row)
    return float(value)


def _cell(cells: list[Any], column: int) -> Any:
    return cells[column] if column < len(cells) else ""


def _text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    return text or None


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(COLUMNS))
    for column in ("reporter_name", "partner_name", "source_file"):
        frame[column] = frame[column].astype(object)
    for column in (*VALUE_COLUMNS.values(), *OPTIONAL_VALUE_COLUMNS.values()):
        frame[column] = frame[column].astype("float64")
    for column in ("year", "source_row"):
        frame[column] = frame[column].astype("int64")
    return frame
