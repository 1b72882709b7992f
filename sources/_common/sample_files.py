"""Helpers for sample writers: files whose bytes depend only on their content.

The landing zone addresses files by sha256, so a sample that changed bytes on every run would
look like a new release each time.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

from openpyxl import Workbook
from openpyxl.xml.functions import tostring

FIXED_TIMESTAMP = dt.datetime(2025, 1, 1)
ZIP_TIMESTAMP = (2025, 1, 1, 0, 0, 0)


def deterministic_xlsx(workbook: Workbook) -> bytes:
    workbook.properties.creator = "Hemisphere sample"
    workbook.properties.created = FIXED_TIMESTAMP
    saved = io.BytesIO()
    workbook.save(saved)
    # openpyxl stamps "modified" with the clock on save and every zip entry with the time of
    # writing; rewrite both so the bytes depend only on the content.
    workbook.properties.modified = FIXED_TIMESTAMP
    core_properties = tostring(workbook.properties.to_tree())
    repacked = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(repacked, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = core_properties if entry.filename == "docProps/core.xml" else source.read(entry)
            fixed_entry = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIMESTAMP)
            fixed_entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed_entry, content)
    return repacked.getvalue()


Cell = str | int | float | None

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def streamed_xlsx(sheets: list[tuple[str, list[list[Cell]]]]) -> bytes:
    """A minimal .xlsx (text, numbers and empty cells only), written as XML text in one pass.

    openpyxl builds a cell object per value and spends most of a large sample's time saving them
    (about 9 s for the 350,000 cells of a full-size WGI workbook; this takes well under a second).
    The bytes depend only on the rows: fixed zip timestamps and no document properties.
    """
    entries = {
        "[Content_Types].xml": _CONTENT_TYPES.format(
            sheets="".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
                for i in range(1, len(sheets) + 1)
            )
        ),
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN_NS}" '
            f'xmlns:r="{_REL_NS}"><sheets>'
            + "".join(
                f'<sheet name="{_escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, (name, _) in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Relationships>"
        ),
    }
    for i, (_, rows) in enumerate(sheets, start=1):
        entries[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(rows)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for name, text in entries.items():
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, text.encode("utf-8"))
    return packed.getvalue()


def _sheet_xml(rows: list[list[Cell]]) -> str:
    width = max((len(row) for row in rows), default=0)
    letters = [_column_letter(i) for i in range(width)]
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN_NS}"><sheetData>']
    for number, row in enumerate(rows, start=1):
        cells = []
        for letter, value in zip(letters, row, strict=False):
            if value is None or value == "":
                continue
            reference = f"{letter}{number}"
            if isinstance(value, str):
                text = _escape(value)
                cells.append(f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
                cells.append(f'<c r="{reference}"><v>{value!r}</v></c>')
            else:
                raise TypeError(f"streamed_xlsx writes text and finite numbers only, not {value!r}")
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
