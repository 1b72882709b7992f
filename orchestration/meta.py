"""The ``meta`` schema: what each published warehouse was built from, for `hemi status` and audits.

It is written into the run's build copy, so it is published atomically with the data it describes.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from sources._common.landing import LandedFile

DDL = """
create schema if not exists meta;
create table if not exists meta.landed_files (
    run_id varchar, source varchar, dataset varchar, original_name varchar, sha256 varchar, size bigint,
    url varchar, retrieved_at varchar, vintage varchar, origin varchar
);
create table if not exists meta.source_loads (
    run_id varchar, source varchar, table_name varchar, row_count bigint, vintages varchar,
    raw_sha256s varchar, origin varchar, loaded_at timestamp with time zone
);
create table if not exists meta.check_results (
    run_id varchar, source varchar, table_name varchar, check_name varchar, passed boolean,
    severity varchar, summary varchar, evaluated_at timestamp with time zone
);
create table if not exists meta.revision_stats (
    run_id varchar, source varchar, table_name varchar, compared bigint, revised bigint, withdrawn bigint
);
create table if not exists meta.fingerprints (
    kind varchar, name varchar, data_version varchar, code_version varchar, run_id varchar,
    recorded_at timestamp with time zone
);
create table if not exists meta.refreshes (
    run_id varchar, mode varchar, sources varchar, published_at timestamp with time zone
);
"""


def ensure_meta(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def record_landing(con: duckdb.DuckDBPyConnection, run_id: str, source: str, landed: Iterable[LandedFile]) -> None:
    ensure_meta(con)
    rows = [
        (run_id, f.source, f.dataset, f.original_name, f.sha256, f.size, f.url, f.retrieved_at, f.vintage, f.origin)
        for f in landed
    ]
    # Only the files behind the current tables are described; older refreshes stay in the manifest.
    con.execute("delete from meta.landed_files where source = ?", [source])
    if rows:
        con.executemany("insert into meta.landed_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def record_load(con: duckdb.DuckDBPyConnection, run_id: str, source: str, table: str, origin: str) -> None:
    """What raw.<table>, as just written, holds: its rows, vintages and the sha256s of its files."""
    ensure_meta(con)
    rows = con.execute(f'select count(*) from raw."{table}"').fetchall()[0][0]
    vintages = distinct_text(con, table, "source_vintage")
    shas = distinct_text(con, table, "raw_sha256")
    con.execute("delete from meta.source_loads where source = ? and table_name = ?", [source, table])
    con.execute(
        "insert into meta.source_loads values (?, ?, ?, ?, ?, ?, ?, now())",
        [run_id, source, table, rows, ",".join(vintages), ",".join(shas), origin],
    )


def distinct_text(con: duckdb.DuckDBPyConnection, table: str, column: str) -> list[str]:
    """The sorted distinct non-null values of raw.<table>.<column> as text; none when there is no such column."""
    found = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'raw' and table_name = ? "
        "and column_name = ?",
        [table, column],
    ).fetchall()[0][0]
    if not found:
        return []
    values = con.execute(f'select distinct "{column}" from raw."{table}" where "{column}" is not null').fetchall()
    return sorted(str(value) for (value,) in values)


def record_revision_stats(
    con: duckdb.DuckDBPyConnection, run_id: str, source: str, table: str, compared: int, revised: int, withdrawn: int
) -> None:
    ensure_meta(con)
    con.execute("delete from meta.revision_stats where table_name = ?", [table])
    con.execute(
        "insert into meta.revision_stats values (?, ?, ?, ?, ?, ?)",
        [run_id, source, table, compared, revised, withdrawn],
    )


def record_check(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    source: str,
    table: str,
    check_name: str,
    passed: bool,
    severity: str,
    summary: str,
) -> None:
    ensure_meta(con)
    con.execute("delete from meta.check_results where table_name = ? and check_name = ?", [table, check_name])
    con.execute(
        "insert into meta.check_results values (?, ?, ?, ?, ?, ?, ?, now())",
        [run_id, source, table, check_name, passed, severity, summary],
    )


def record_fingerprint(
    con: duckdb.DuckDBPyConnection, run_id: str, kind: str, name: str, data_version: str, code_version: str
) -> None:
    """What a source's raw tables (kind 'source') or the marts (kind 'dbt') were built from."""
    ensure_meta(con)
    con.execute("delete from meta.fingerprints where kind = ? and name = ?", [kind, name])
    con.execute(
        "insert into meta.fingerprints values (?, ?, ?, ?, ?, now())", [kind, name, data_version, code_version, run_id]
    )
