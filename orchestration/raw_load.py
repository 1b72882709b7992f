"""Write a source's raw tables into the build a chunk at a time, so no table has to fit in memory.

Each table is appended to ``raw."<table>__incoming"`` as its chunks arrive (WDI's values come a few
dozen files at a time). Only when the whole load has parsed are the incoming tables compared with
the published rows (``revisions.record_revisions``) and swapped in, so a file that fails half-way
leaves the build's raw tables as they were.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb
import pandas as pd
import pyarrow as pa

from sources._common.errors import ParserFault, SourceError
from sources._common.spec import SourceSpec, TableChunk

INCOMING_SUFFIX = "__incoming"


def incoming(table: str) -> str:
    return f"{table}{INCOMING_SUFFIX}"


def write_incoming(con: duckdb.DuckDBPyConnection, spec: SourceSpec, chunks: Iterable[TableChunk]) -> None:
    """Append every chunk to its incoming table; raises naming any declared table the load left out."""
    declared = {table.name for table in spec.raw_tables}
    written: set[str] = set()
    try:
        for name, chunk in chunks:
            if name not in declared:
                raise RuntimeError(f"[{spec.name}] the load produced raw.{name}, which the source does not declare")
            _append(con, incoming(name), chunk, create=name not in written)
            written.add(name)
    except SourceError:
        drop_incoming(con, written)
        raise
    except Exception as exc:
        drop_incoming(con, written)
        if isinstance(exc, duckdb.Error | MemoryError | OSError):
            raise  # the machine or the build, not the publisher's file: said as such upstream
        # A parser fault that is not yet one of our worded errors: still name the source and the files.
        raise ParserFault(
            spec.name,
            f"the parser failed on this release ({type(exc).__name__}: {exc}); the landed files are listed "
            "in the landing step and kept in the quarantine",
        ) from exc
    except BaseException:
        drop_incoming(con, written)
        raise
    missing = declared - written
    if missing:
        drop_incoming(con, written)
        raise RuntimeError(f"[{spec.name}] the load produced no table for {sorted(missing)}")


def replace_with_incoming(con: duckdb.DuckDBPyConnection, table: str) -> None:
    # Views over raw tables (dbt's staging) bind by name when queried, so they follow the rename.
    con.execute(f'drop table if exists raw."{table}"')
    con.execute(f'alter table raw."{incoming(table)}" rename to "{table}"')


def drop_incoming(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> None:
    for table in tables:
        con.execute(f'drop table if exists raw."{incoming(table)}"')


def _append(con: duckdb.DuckDBPyConnection, target: str, chunk: pd.DataFrame, *, create: bool) -> None:
    con.register("incoming_chunk", _scannable(chunk))
    try:
        if create:
            con.execute(f'create or replace table raw."{target}" as select * from incoming_chunk')
        else:
            con.execute(f'insert into raw."{target}" by name select * from incoming_chunk')
    finally:
        con.unregister("incoming_chunk")


def _scannable(chunk: pd.DataFrame) -> pd.DataFrame | pa.Table:
    """What DuckDB reads the chunk from.

    Categorical text goes through Arrow: DuckDB reads a dictionary array straight into VARCHAR, twice
    as fast as a pandas categorical, which it would make an ENUM. Frames without one are read as
    pandas, as they always were, so their column types do not change.
    """
    if any(isinstance(dtype, pd.CategoricalDtype) for dtype in chunk.dtypes):
        return pa.Table.from_pandas(chunk, preserve_index=False)
    return chunk
