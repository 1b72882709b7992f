"""WDI data CSVs read by DuckDB: the wide years declared per file, reshaped to long rows in SQL.

The Python parser (``parse.py``) stays the definition of what a WDI CSV means; this module is a
faster road to the same rows. Python reads only what is cheap: the 4-line preamble (the vintage), the
header (the column list, so DuckDB never sniffs) and the file's line count. DuckDB reads the body
and unpivots it. A file is sent back to the Python parser whenever the fast road could disagree with
it: a body line that is not exactly one record (blank lines, quoted line breaks), a lone carriage
return, years out of order, or any row the Python parser would reject (empty or repeated Country
Code, another Indicator Code, a non-finite number, a value under the unnamed trailing column, a
field count DuckDB refuses). The Python parser then returns the same rows or raises the error that
names the file and the line, so a malformed file fails exactly as it always did.

``source_row`` is the file's physical line: the header is line 5, so the k-th body line is 5 + k,
which is the line the Python parser reports whenever every body line holds one record.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from sources._common.errors import SourceError
from sources.worldbank import parse as python_parse

# Bytes of CSV per DuckDB read: a few dozen MB keeps the wide table and its sort small.
GROUP_BYTES = 32_000_000
# Below this many bytes of files sharing a header, the Python parser is as fast (the real release's
# files, a few hundred kB each with headers that differ by vintage, stay there).
MIN_GROUP_BYTES = 4_000_000
# The DuckDB connection here is private to the parse: bounded, so the build's own stays the big one.
MEMORY_LIMIT = "512MB"
_PREAMBLE_LINES = 4


@dataclass(frozen=True)
class CsvPlan:
    """What Python learnt cheaply about one data CSV, enough for DuckDB to read the rest."""

    path: Path
    code: str
    vintage: str
    columns: tuple[str, ...]  # as ``_checked_header`` names them, trailing ``_unnamed_i`` included
    body_lines: int  # physical lines after the header
    size: int

    @property
    def years(self) -> tuple[str, ...]:
        return tuple(name for name in self.columns if name.isdigit())


def plan_csv(path: Path) -> CsvPlan | None:
    """A plan for DuckDB, or None when the file is not a plain WDI data CSV the fast road can read.

    None never means the file is bad: the Python parser decides that, and words the error.
    """
    match = python_parse._DATA_CSV_NAME.match(path.name)
    if match is None or path.suffix.lower() != ".csv":
        return None
    raw = path.read_bytes()
    header_end = -1
    for _ in range(_PREAMBLE_LINES + 1):
        header_end = raw.find(b"\n", header_end + 1)
        if header_end < 0:
            return None
    try:
        python_parse._reject_empty_or_html(raw, path)
        head = python_parse._decode(raw[: header_end + 1], path)
        _, first = python_parse._read_records(head, path)
        if [line for line, _ in first] != list(range(1, _PREAMBLE_LINES + 2)):
            return None  # a preamble field spanning lines: the header is not on line 5
        vintage = python_parse._csv_vintage(first[:_PREAMBLE_LINES], path)
        columns = python_parse._checked_header(first[_PREAMBLE_LINES][1], path, _PREAMBLE_LINES + 1)
    except SourceError:
        return None
    years = [int(name) for name in columns if name.isdigit()]
    if years != sorted(years):
        return None  # the Python melt keeps header order; the SQL one sorts by year
    carriage_returns = raw.count(b"\r")
    if carriage_returns and carriage_returns != raw.count(b"\r\n"):
        return None  # a lone CR ends a line for Python's csv module, not for a line count
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1)
    return CsvPlan(path, match["code"], vintage, tuple(columns), lines - _PREAMBLE_LINES - 1, len(raw))


@dataclass
class FileResult:
    """One file read by DuckDB: what ``parse.py`` needs to list its indicator and share its vintage."""

    plan: CsvPlan
    indicator_name: str | None  # on the first line holding a value; None when the file has no values


class DuckDbCsvReader:
    """Reads groups of planned CSVs; files DuckDB cannot vouch for come back for the Python parser."""

    def __init__(self, rows_per_chunk: int) -> None:
        self.rows_per_chunk = rows_per_chunk
        self._con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})

    def close(self) -> None:
        self._con.close()

    def read(self, plans: Sequence[CsvPlan]) -> Iterator[tuple[str, object]]:
        """In file order: ("values", DataFrame), ("file", FileResult) and ("python", CsvPlan) items.

        A "python" item is a file to parse with the Python parser at that point in the order.
        """
        by_header: list[list[CsvPlan]] = []
        for plan in plans:  # consecutive files with one header share a read
            if by_header and by_header[-1][0].columns == plan.columns:
                by_header[-1].append(plan)
            else:
                by_header.append([plan])
        for group in by_header:
            if sum(plan.size for plan in group) < MIN_GROUP_BYTES:
                # A DuckDB read costs a few queries whatever its size; a few small files are faster in Python.
                for plan in group:
                    yield "python", plan
                continue
            yield from self._read_group(group)

    def _read_group(self, plans: Sequence[CsvPlan]) -> Iterator[tuple[str, object]]:
        try:
            self._load_wide(plans)
            failed = self._first_failed(plans)
        except (duckdb.InvalidInputException, duckdb.ConversionException):
            # A CSV DuckDB refuses (field count, encoding, a cell that is not a number): find the file.
            if len(plans) == 1:
                yield "python", plans[0]
                return
            half = len(plans) // 2  # find the file DuckDB refuses without reading the rest in Python
            yield from self._read_group(plans[:half])
            yield from self._read_group(plans[half:])
            return
        good = plans if failed is None else plans[:failed]
        if good:
            yield from self._values(good)
        if failed is not None:
            yield "python", plans[failed]
            if failed + 1 < len(plans):
                yield from self._read_group(plans[failed + 1 :])

    def _load_wide(self, plans: Sequence[CsvPlan]) -> None:
        columns = plans[0].columns
        declared = ", ".join(f"'{name}': '{'DOUBLE' if name.isdigit() else 'VARCHAR'}'" for name in columns)
        starts = np.cumsum([0] + [plan.body_lines for plan in plans[:-1]])
        files = pd.DataFrame(
            {
                "filename": [str(plan.path) for plan in plans],
                "file_index": range(len(plans)),
                "code": [plan.code for plan in plans],
                "body_lines": [plan.body_lines for plan in plans],
                "first_row": starts,
            }
        )
        self._con.execute("drop table if exists wdi_files")
        self._con.register("wdi_files_frame", files)
        self._con.execute("create temp table wdi_files as select * from wdi_files_frame")
        self._con.unregister("wdi_files_frame")
        # Quoted "" is NULL (WDI quotes every cell, empty ones too); text columns coalesce it back to "".
        self._con.execute(
            f"""
            create or replace temp table wdi_wide as
            select * from read_csv(
                $files, columns = {{{declared}}}, header = false, skip = {_PREAMBLE_LINES + 1},
                auto_detect = false, delim = ',', quote = '"', escape = '"', strict_mode = true,
                allow_quoted_nulls = true, null_padding = false, filename = true
            )
            """,
            {"files": [str(plan.path) for plan in plans]},
        )

    def _first_failed(self, plans: Sequence[CsvPlan]) -> int | None:
        """The first file whose rows the Python parser could read differently, or would reject.

        Each file's rows must sit in the table in file order, one after another, one row per body
        line: then a row's line is its position in its file plus the header's line.
        """
        unnamed = [name for name in plans[0].columns if name.startswith("_unnamed_")]
        unnamed_filled = " or ".join(f'"{name}" is not null' for name in unnamed) or "false"
        not_finite = " or ".join(f'not isfinite("{year}")' for year in plans[0].years) or "false"
        rows = self._con.execute(
            f"""
            select f.file_index
            from wdi_files f left join (
                select filename, count(*) as n, min(w.rowid) as first_row, max(w.rowid) as last_row,
                       count(*) filter (where "Country Code" is null) as empty_codes,
                       count(distinct "Country Code") as codes,
                       count(*) filter (where "Indicator Code" is distinct from code) as other_codes,
                       count(*) filter (where {unnamed_filled}) as unnamed,
                       count(*) filter (where {not_finite}) as not_finite
                from wdi_wide w join wdi_files using (filename)
                group by filename
            ) s using (filename)
            where coalesce(s.n, 0) <> f.body_lines or s.first_row <> f.first_row
               or s.last_row - s.first_row + 1 <> s.n or s.empty_codes > 0 or s.codes <> s.n
               or s.other_codes > 0 or s.unnamed > 0 or s.not_finite > 0
            order by f.file_index
            limit 1
            """
        ).fetchall()
        return rows[0][0] if rows else None

    def _values(self, plans: Sequence[CsvPlan]) -> Iterator[tuple[str, object]]:
        """The long rows of ``plans`` (the first files of the table), as ``parse.py``'s chunks are built.

        DuckDB returns numbers only (the wide row, the year, the value); the text repeats per wide
        row, so it is read once per row and gathered into categoricals here, as the Python parser does.
        """
        starts = np.cumsum([0] + [plan.body_lines for plan in plans])
        end = int(starts[-1])
        text_columns = ", ".join(f'coalesce("{column}", \'\') as "{column}"' for column in _ID_COLUMNS)
        text = self._con.execute(f"select {text_columns} from wdi_wide where rowid < {end} order by rowid").fetchnumpy()
        factorized = {name: pd.factorize(np.asarray(text[column], dtype=object)) for name, column in _TEXT_SOURCES}
        vintages, vintage_of_file = _factorized([plan.vintage for plan in plans])
        names, name_of_file = _factorized([plan.path.name for plan in plans])
        years = plans[0].years
        reader = self._con.sql(
            f"""
            select wide_row, year, value from (
                select rowid as wide_row, unnest([{", ".join(years)}]) as year,
                       unnest([{", ".join(f'"{year}"' for year in years)}]) as value
                from wdi_wide where rowid < {end}
            ) where value is not null
            order by wide_row, year
            """
        ).to_arrow_reader(self.rows_per_chunk)
        first_value_row: dict[int, int] = {}
        for batch in reader:
            if not batch.num_rows:
                continue
            wide_row = batch.column("wide_row").to_numpy()
            file_index = np.searchsorted(starts, wide_row, side="right") - 1
            columns: dict[str, object] = {}
            for name, (codes, uniques) in factorized.items():
                columns[name] = pd.Categorical.from_codes(codes[wide_row], uniques)
            columns["year"] = batch.column("year").to_numpy().astype(np.int64)
            columns["value"] = batch.column("value").to_numpy()
            columns["vintage"] = pd.Categorical.from_codes(vintage_of_file[file_index], vintages)
            columns["source_file"] = pd.Categorical.from_codes(name_of_file[file_index], names)
            columns["source_row"] = wide_row - starts[file_index] + _PREAMBLE_LINES + 2
            found, at = np.unique(file_index, return_index=True)
            for index, position in zip(found.tolist(), at.tolist(), strict=True):
                first_value_row.setdefault(index, int(wide_row[position]))
            yield "values", pd.DataFrame(columns)[list(python_parse.VALUE_COLUMNS)]
        indicator_names = factorized["indicator_name"]
        for index, plan in enumerate(plans):
            row = first_value_row.get(index)
            name = None if row is None else str(indicator_names[1][indicator_names[0][row]])
            yield "file", FileResult(plan, name)


_ID_COLUMNS = ("Country Code", "Country Name", "Indicator Code", "Indicator Name")
_TEXT_SOURCES = (
    ("country_code", "Country Code"),
    ("country_name", "Country Name"),
    ("indicator_code", "Indicator Code"),
    ("indicator_name", "Indicator Name"),
)


def _factorized(per_file: list[str]) -> tuple[pd.Index, np.ndarray]:
    codes, uniques = pd.factorize(np.array(per_file, dtype=object))
    return uniques, codes
