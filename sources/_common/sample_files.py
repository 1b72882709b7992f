"""Helpers for sample writers: files whose bytes depend only on their content.

The landing zone addresses files by sha256, so a sample that changed bytes on every run would
look like a new release each time.
"""

from __future__ import annotations

import datetime as dt
import io
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
