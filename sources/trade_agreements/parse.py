"""Parse the WTO RTA-IS export ``AllRTAs.xlsx`` into agreements and their signatories.

Sheet ``AllRTAs`` has its header in row 1 and one row per agreement, in force, inactive or only
announced. Goods and services have separate dates: ``Date of Signature (G)`` / ``(S)``, and the
same for notification and entry into force. Dates are Excel dates; an empty cell means "none"
(a goods-only agreement has no services dates; an announced one has no dates at all).
Signatories are one ``"; "``-separated string of WTO member names per column: ``Current
signatories`` is empty for an inactive agreement (NAFTA), whose parties survive only in
``Original signatories``. A party can itself be an RTA ("European Union", "Southern Common Market
(MERCOSUR)"). The sheet ``RTA Changes`` (accessions, amendments) is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from sources._common.errors import SourceError
from sources._common.excel import read_sheet

SOURCE = "trade_agreements"
SHEET = "AllRTAs"
ID_COLUMN = "RTA ID"
TEXT_COLUMNS = {
    "RTA Name": "rta_name",
    "Coverage": "coverage",
    "Type": "type",
    "Notification": "notification",
    "Status": "status",
    "RTA Composition": "rta_composition",
    "Region": "region",
    "Current signatories": "current_signatories",
    "Original signatories": "original_signatories",
    "Specific Entry/Exit dates": "specific_entry_exit_dates",
}
DATE_COLUMNS = {
    "Date of Signature (G)": "signature_date_goods",
    "Date of Signature (S)": "signature_date_services",
    "Date of Notification (G)": "notification_date_goods",
    "Date of Notification (S)": "notification_date_services",
    "Date of Entry into Force (G)": "entry_into_force_goods",
    "Date of Entry into Force (S)": "entry_into_force_services",
    "Inactive Date": "inactive_date",
}
FLAG_COLUMNS = {
    "Accession?": "is_accession",
    "Cross-regional": "is_cross_regional",
    "All Parties WTO members?": "all_parties_wto_members",
}
REQUIRED_COLUMNS = (ID_COLUMN, *TEXT_COLUMNS, *DATE_COLUMNS, *FLAG_COLUMNS)
FLAG_VALUES = {"yes": True, "no": False}
SIGNATORY_SEPARATOR = ";"
DIGITS = re.compile(r"\d+")

RTA_COLUMNS = (
    "rta_id",
    "rta_name",
    "coverage",
    "type",
    "notification",
    "status",
    "signature_date_goods",
    "signature_date_services",
    "notification_date_goods",
    "notification_date_services",
    "entry_into_force_goods",
    "entry_into_force_services",
    "inactive_date",
    "is_accession",
    "rta_composition",
    "region",
    "is_cross_regional",
    "all_parties_wto_members",
    "current_signatories",
    "original_signatories",
    "specific_entry_exit_dates",
    "source_file",
    "source_row",
)
MEMBER_COLUMNS = (
    "rta_id",
    "member_name",
    "is_current_signatory",
    "is_original_signatory",
    "source_file",
    "source_row",
)


class RtaTables(NamedTuple):
    rtas: pd.DataFrame
    members: pd.DataFrame


def parse_all_rtas(path: Path) -> RtaTables:
    """Agreements (one row each) and members (one row per agreement and signatory name)."""
    path = Path(path)
    rows = read_sheet(path, SHEET, SOURCE)
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise SourceError(SOURCE, f"sheet {SHEET!r} is empty; expected a header in row 1", file=path, row=1)
    header = [str(cell).strip() for cell in rows[0]]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise SourceError(SOURCE, f"sheet {SHEET!r} is missing columns {missing}", file=path, row=1)
    column = {name: header.index(name) for name in REQUIRED_COLUMNS}

    agreements: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    first_row_of: dict[int, int] = {}
    for index in range(1, len(rows)):
        cells = rows[index]
        if all(cell == "" or cell is None for cell in cells):
            continue
        excel_row = index + 1
        rta_id = _rta_id(_cell(cells, column[ID_COLUMN]), path, excel_row)
        if rta_id in first_row_of:
            raise SourceError(
                SOURCE, f"duplicate RTA ID {rta_id} (first at row {first_row_of[rta_id]})", file=path, row=excel_row
            )
        first_row_of[rta_id] = excel_row
        record: dict[str, Any] = {"rta_id": rta_id}
        for theirs, ours in TEXT_COLUMNS.items():
            record[ours] = _text(_cell(cells, column[theirs]))
        if record["rta_name"] is None:
            raise SourceError(SOURCE, f"RTA ID {rta_id} has no RTA Name", file=path, row=excel_row)
        for theirs, ours in DATE_COLUMNS.items():
            record[ours] = _date(_cell(cells, column[theirs]), theirs, path, excel_row)
        for theirs, ours in FLAG_COLUMNS.items():
            record[ours] = _flag(_cell(cells, column[theirs]), theirs, path, excel_row)
        record["source_file"] = path.name
        record["source_row"] = excel_row
        agreements.append(record)
        members += _members(record)

    if not agreements:
        raise SourceError(SOURCE, f"sheet {SHEET!r} has a header but no agreements", file=path)
    return RtaTables(rtas=_rta_frame(agreements), members=_member_frame(members))


def signatory_names(signatories: str | None) -> list[str]:
    """The names in one signatories cell, trimmed, in the order written, each once."""
    if not signatories:
        return []
    names = (name.strip() for name in signatories.split(SIGNATORY_SEPARATOR))
    return list(dict.fromkeys(name for name in names if name))


def _members(record: dict[str, Any]) -> list[dict[str, Any]]:
    current = signatory_names(record["current_signatories"])
    original = signatory_names(record["original_signatories"])
    return [
        {
            "rta_id": record["rta_id"],
            "member_name": name,
            "is_current_signatory": name in current,
            "is_original_signatory": name in original,
            "source_file": record["source_file"],
            "source_row": record["source_row"],
        }
        for name in dict.fromkeys([*current, *original])
    ]


def _rta_id(value: Any, path: Path, excel_row: int) -> int:
    text = _text(value)
    if text is None or not DIGITS.fullmatch(text):
        raise SourceError(SOURCE, f"RTA ID is {value!r}; expected a whole number", file=path, row=excel_row)
    return int(text)


def _date(value: Any, column: str, path: Path, excel_row: int) -> dt.date | None:
    if value == "" or value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise SourceError(
        SOURCE, f"{column!r} is {value!r}; expected an Excel date or an empty cell", file=path, row=excel_row
    )


def _flag(value: Any, column: str, path: Path, excel_row: int) -> bool | None:
    # The export writes " Yes"/" No" with a leading space in "Cross-regional".
    text = _text(value)
    if text is None:
        return None
    if text.lower() not in FLAG_VALUES:
        raise SourceError(SOURCE, f"{column!r} is {value!r}; expected Yes, No or empty", file=path, row=excel_row)
    return FLAG_VALUES[text.lower()]


def _cell(cells: list[Any], column: int) -> Any:
    return cells[column] if column < len(cells) else ""


def _text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    return text or None


def _rta_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(RTA_COLUMNS), dtype=object)
    for column in ("rta_id", "source_row"):
        frame[column] = frame[column].astype("int64")
    # Text even when every cell is empty (the sample's entry/exit dates): DuckDB 1.5 reads an object
    # column of nothing but None as INTEGER. Only then: the code after the parse tests cells for None.
    for column in TEXT_COLUMNS.values():
        if frame[column].isna().all():
            frame[column] = frame[column].astype("string")
    # Nullable: "Cross-regional" and "All Parties WTO members?" are empty for some agreements.
    for column in FLAG_COLUMNS.values():
        frame[column] = pd.array(frame[column].tolist(), dtype="boolean")
    return frame


def _member_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(MEMBER_COLUMNS), dtype=object)
    for column in ("rta_id", "source_row"):
        frame[column] = frame[column].astype("int64")
    for column in ("is_current_signatory", "is_original_signatory"):
        frame[column] = frame[column].astype(bool)
    return frame
