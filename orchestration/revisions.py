"""Publishers revise history: keep every change between the published vintage and the new one.

Before a raw table is replaced, its incoming rows (already in the build, in a table of their own)
are compared with the rows of the published warehouse (the build copy starts as a copy of it).
Changed values, and values the publisher withdrew, are appended to ``raw.<table>_revisions``, which
is carried from build to build. Values from the bundled sample are never compared with real ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from sources._common.spec import RawTable

# Relative change below which two floats count as the same published value.
TOLERANCE = 1e-9


@dataclass(frozen=True)
class RevisionStats:
    compared: int  # historical values present in both vintages
    revised: int
    withdrawn: int

    @property
    def revised_share(self) -> float:
        return self.revised / self.compared if self.compared else 0.0


def record_revisions(con: duckdb.DuckDBPyConnection, table: RawTable, incoming: str, run_id: str) -> RevisionStats:
    """Compare raw.<incoming> (the new rows of ``table``) with raw.<table>, the published ones."""
    target = table.revisions_table
    assert target is not None and table.revision_value is not None
    value = table.revision_value
    key_json = "json_object(" + ", ".join(f"'{c}', coalesce(new.{c}, old.{c})" for c in table.key) + ")"
    con.execute(
        f"""
        create table if not exists raw."{target}" (
            entity_key json, old_vintage varchar, new_vintage varchar, old_value double, new_value double,
            run_id varchar, detected_at timestamp with time zone
        )
        """
    ).fetchall()
    if not _exists(con, table.name) or _all_sample(con, incoming):
        # Nothing published to compare with, or a sample build, which revises nothing real.
        return RevisionStats(0, 0, 0)
    join = " and ".join(f"new.{c} is not distinct from old.{c}" for c in table.key)
    con.execute(
        f"""
        create or replace temp table paired_values as
        select
            {key_json} as entity_key,
            old.source_vintage as old_vintage, new.source_vintage as new_vintage,
            old.{value} as old_value, new.{value} as new_value,
            new.{table.key[0]} is null as is_withdrawn,
            is_withdrawn or abs(new.{value} - old.{value}) > {TOLERANCE} * greatest(abs(old.{value}), 1)
                as is_change,
        from (select * from raw."{table.name}" where source_vintage <> 'sample') as old
        left join (select * from raw."{incoming}" where source_vintage <> 'sample') as new on {join}
        """
    ).fetchall()
    con.execute(
        f"""
        insert into raw."{target}"
        select entity_key, old_vintage, new_vintage, old_value, new_value, $1, now()
        from paired_values where is_change
        """,
        [run_id],
    ).fetchall()
    compared, revised, withdrawn = con.execute(
        """
        select
            count(*) filter (where not is_withdrawn),
            count(*) filter (where is_change and not is_withdrawn),
            count(*) filter (where is_withdrawn)
        from paired_values
        """
    ).fetchall()[0]
    con.execute("drop table paired_values").fetchall()
    return RevisionStats(compared, revised, withdrawn)


def _all_sample(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """True when every row is a sample row (or there is none)."""
    query = f'select count(*) from raw."{table}" where source_vintage is distinct from \'sample\''
    return con.execute(query).fetchall()[0][0] == 0


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    # fetchall, not fetchone: DuckDB 2 keeps a partly fetched result open on the connection.
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?", [table]
        ).fetchall()[0][0]
    )
