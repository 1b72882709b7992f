"""The floor's WDI: DuckDB's CSV reader straight into ``raw.wdi_values``, no Python per row.

Each data CSV's header (line 5) is read in Python so DuckDB is told the columns instead of sniffing;
files with the same header share one ``read_csv``; the wide years become long rows in SQL (UNPIVOT).
Nothing is checked: this is the physical floor the refresh is compared with, not a parser. Excel
workbooks and the metadata CSVs (a few small files) go through the project's own load, which also
gives ``wdi_countries``, ``wdi_indicators`` and the registry their lineage.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from pathlib import Path

import duckdb
import pandas as pd

from sources._common.landing import LandedFile
from sources._common.spec import SourceSpec

_PREAMBLE_LINES = 4


def _data_csv(path: Path) -> bool:
    return path.name.startswith("API_") and path.suffix.lower() == ".csv"


def _head(path: Path) -> tuple[str, tuple[str, ...]]:
    """The Last Updated Date and the header's column names (a trailing empty name gets a placeholder)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        lines = [handle.readline() for _ in range(_PREAMBLE_LINES + 1)]
    vintage = next(csv.reader(io.StringIO(lines[2])))[1]
    names = next(csv.reader(io.StringIO(lines[4])))
    return vintage, tuple(name or f"_unnamed_{i}" for i, name in enumerate(names))


def load_wdi(con: duckdb.DuckDBPyConnection, spec: SourceSpec, landed: list[LandedFile]) -> dict[str, int]:
    """Write the four WDI raw tables; returns their row counts."""
    native = [record for record in landed if _data_csv(record.file)]
    rest = [record for record in landed if not _data_csv(record.file)]
    tables = spec.load(rest)  # Excel values and the metadata, through the project's parser
    for name, frame in tables.items():
        con.register("incoming_frame", frame)
        con.execute(f'create or replace table raw."{name}" as select * from incoming_frame')
        con.unregister("incoming_frame")

    groups: dict[tuple[str, ...], list[tuple[LandedFile, str]]] = defaultdict(list)
    for record in native:
        vintage, columns = _head(record.file)
        groups[columns].append((record, vintage))
    for columns, members in groups.items():
        files = pd.DataFrame(
            {
                "filename": [str(record.file) for record, _ in members],
                "source_file": [record.file.name for record, _ in members],
                "raw_sha256": [record.sha256 for record, _ in members],
                "source_vintage": ["sample" if record.origin == "sample" else vintage for record, vintage in members],
            }
        )
        con.register("wdi_native_files", files)
        declared = ", ".join(f"'{name}': '{'DOUBLE' if name.isdigit() else 'VARCHAR'}'" for name in columns)
        years = ", ".join(f'"{name}"' for name in columns if name.isdigit())
        con.execute(
            f"""
            create or replace temp table wdi_native_wide as
            select * from read_csv($files, columns = {{{declared}}}, header = false, skip = {_PREAMBLE_LINES + 1},
                                   auto_detect = false, delim = ',', quote = '"', escape = '"', filename = true)
            """,
            {"files": files["filename"].tolist()},
        )
        con.execute(
            f"""
            insert into raw.wdi_values by name
            select coalesce("Country Code", '') as country_code, coalesce("Country Name", '') as country_name,
                   coalesce("Indicator Code", '') as indicator_code,
                   coalesce("Indicator Name", '') as indicator_name,
                   cast(year as bigint) as year, value, f.source_file, source_row, f.raw_sha256, f.source_vintage
            from (
                unpivot (
                    select *, rowid - min(rowid) over (partition by filename) + {_PREAMBLE_LINES + 2} as source_row
                    from wdi_native_wide
                ) on {years} into name year value value
            ) join wdi_native_files f using (filename)
            """
        )
        con.unregister("wdi_native_files")
        con.execute("drop table wdi_native_wide")
    # An indicator shipped without its metadata file is still listed, named as its data names it.
    con.execute(
        """
        insert into raw.wdi_indicators by name
        select indicator_code, arg_min(indicator_name, source_row) as indicator_name,
               any_value(source_file) as source_file, any_value(raw_sha256) as raw_sha256,
               any_value(source_vintage) as source_vintage
        from raw.wdi_values
        where indicator_code not in (select indicator_code from raw.wdi_indicators)
        group by indicator_code
        """
    )
    return {
        name: con.execute(f'select count(*) from raw."{name}"').fetchone()[0]
        for name in (table.name for table in spec.raw_tables)
    }
