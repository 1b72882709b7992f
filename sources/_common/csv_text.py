"""A small CSV file read whole, with the faults a download can have named in words.

For one-table CSVs of a few megabytes (a compilation, a derived matrix): empty files, an HTML error
page saved under the CSV's name, text that is not UTF-8, and broken quoting each fail naming the
source, the file and, for quoting, the line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sources._common.errors import SourceError

_BLANK = b"\xef\xbb\xbf \t\r\n"


def read_csv_rows(source: str, path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (fields stripped) and every later row with its line number."""
    raw = Path(path).read_bytes()
    if not raw.strip(_BLANK):
        raise SourceError(source, "is empty", file=path)
    head = raw[:512].lstrip(_BLANK).lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:300]:
        raise SourceError(source, "is an HTML page, not a CSV (an error page saved under its name?)", file=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(source, f"is not UTF-8 text: {exc}", file=path) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [field.strip() for field in next(reader)]
        lines = [(reader.line_num, fields) for fields in reader]
    except csv.Error as exc:
        raise SourceError(source, f"cannot be read as CSV: {exc}", file=path, row=reader.line_num) from None
    return header, lines
