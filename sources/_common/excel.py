"""Read one sheet of a publisher's workbook (.xls or .xlsx) into a list of rows.

python-calamine reads both formats, is several times faster than openpyxl/xlrd on large
workbooks, and returns Excel dates as ``datetime``/``date`` objects.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from sources._common.errors import SourceError

Row = list[Any]
_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


def sheet_names(path: Path, source: str) -> list[str]:
    return list(_open(path, source).sheet_names)


def read_sheet(path: Path, sheet: str, source: str) -> list[Row]:
    """All rows of ``sheet`` as Python values; empty cells are ``""``."""
    workbook = _open(path, source)
    if sheet not in workbook.sheet_names:
        raise SourceError(
            source,
            f"sheet {sheet!r} not found; the workbook has {workbook.sheet_names}",
            file=path,
        )
    return workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _open(path: Path, source: str) -> CalamineWorkbook:
    with open(path, "rb") as handle:
        head = handle.read(512)
    if _looks_like_html(head):
        raise SourceError(
            source, "is an HTML page, not a workbook (an error page saved under a workbook name?)", file=path
        )
    if not head.strip():
        raise SourceError(source, "is empty, not an Excel workbook", file=path, row=1)
    if not head.startswith((_ZIP_MAGIC, _OLE2_MAGIC)) or (head.startswith(_ZIP_MAGIC) and not zipfile.is_zipfile(path)):
        raise SourceError(source, "is not a valid Excel workbook (truncated or not a zip)", file=path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own untyped errors
        raise SourceError(
            source, f"is not a valid Excel workbook (damaged: {type(exc).__name__}: {exc})", file=path
        ) from exc


def _looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:300]
