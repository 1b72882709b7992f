"""Two builds of the warehouse, compared row for row: the same marts and intermediate tables, the
same rows, floating-point values equal to a stated tolerance, and the same dbt tests passing.

A warehouse is either a DuckDB file (a published `hemisphere.duckdb`) or a folder of Parquet files
laid out as `<schema>/<table>.parquet` (what a build on another engine exports). Each table is
compared as a multiset of rows: `EXCEPT ALL` both ways. Rows left over on either side are then
paired on their exact columns (text, integers, dates, booleans) and matched when every
floating-point column is within the tolerance, because two engines, or one engine summing in
another order, may differ in the last bits of a double.

    python bench/compare_warehouses.py LEFT RIGHT [--schemas marts intermediate]
        [--rel-tol 1e-9] [--abs-tol 1e-12] [--left-run-results PATH --right-run-results PATH]

Prints one line per table and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

DEFAULT_SCHEMAS = ("marts", "intermediate")
# Relative tolerance for doubles, and an absolute one for values that cancel to about zero (a mean of
# z-scores is 1e-17 on one engine and 0 on another); both are reported with the result.
DEFAULT_REL_TOL = 1e-9
DEFAULT_ABS_TOL = 1e-12
FLOAT_TYPES = ("FLOAT", "DOUBLE", "REAL")


@dataclass
class TableComparison:
    schema: str
    table: str
    left_rows: int | None = None
    right_rows: int | None = None
    exact_differences: int = 0
    unmatched_left: int = 0
    unmatched_right: int = 0
    column_problems: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.column_problems and self.unmatched_left == 0 and self.unmatched_right == 0

    def line(self) -> str:
        name = f"{self.schema}.{self.table}"
        if self.column_problems:
            return f"DIFFERENT {name}: " + "; ".join(self.column_problems)
        counts = f"{self.left_rows} rows left, {self.right_rows} right"
        if self.equal:
            within = f" ({self.exact_differences} rows equal only within tolerance)" if self.exact_differences else ""
            return f"equal     {name}: {counts}{within}"
        return (
            f"DIFFERENT {name}: {counts}; {self.unmatched_left} rows only left, {self.unmatched_right} only right"
            + "".join(f"\n    {sample}" for sample in self.samples)
        )


class Warehouse:
    """One side of the comparison, attached to a shared in-memory DuckDB connection."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, location: Path, alias: str):
        self.connection = connection
        self.location = location
        self.alias = alias
        self.is_parquet = location.is_dir()
        if not self.is_parquet:
            # dbt's views name their parents with the database's own name (the file's stem), so the file
            # is attached under that name when it is free; otherwise those views cannot be read.
            attached = {row[0] for row in connection.execute("select database_name from duckdb_databases()").fetchall()}
            if location.stem not in attached:
                self.alias = alias = location.stem
            connection.execute(f"attach '{location}' as \"{alias}\" (read_only)")

    def tables(self, schemas: tuple[str, ...]) -> set[tuple[str, str]]:
        if self.is_parquet:
            return {
                (schema, path.stem)
                for schema in schemas
                for path in (self.location / schema).glob("*.parquet")
            }
        rows = self.connection.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ? "
            "union all select schema_name, view_name from duckdb_views() where database_name = ? and not internal",
            [self.alias, self.alias],
        ).fetchall()
        return {(schema, table) for schema, table in rows if schema in schemas}

    def relation(self, schema: str, table: str) -> str:
        if self.is_parquet:
            return f"read_parquet('{self.location / schema / (table + '.parquet')}')"
        return f'"{self.alias}"."{schema}"."{table}"'

    def columns(self, schema: str, table: str) -> dict[str, str]:
        described = self.connection.execute(f"describe select * from {self.relation(schema, table)}").fetchall()
        return {row[0]: row[1] for row in described}


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def compare_table(
    connection: duckdb.DuckDBPyConnection,
    left: Warehouse,
    right: Warehouse,
    schema: str,
    table: str,
    rel_tol: float = DEFAULT_REL_TOL,
    abs_tol: float = DEFAULT_ABS_TOL,
) -> TableComparison:
    result = TableComparison(schema, table)
    left_columns, right_columns = left.columns(schema, table), right.columns(schema, table)
    if set(left_columns) != set(right_columns):
        only_left = sorted(set(left_columns) - set(right_columns))
        only_right = sorted(set(right_columns) - set(left_columns))
        result.column_problems.append(f"columns only left {only_left}, only right {only_right}")
        return result
    columns = list(left_columns)
    floats = [c for c in columns if left_columns[c] in FLOAT_TYPES or right_columns[c] in FLOAT_TYPES]
    exact = [c for c in columns if c not in floats]
    select_list = ", ".join(_quote(c) for c in columns)
    left_relation = f"(select {select_list} from {left.relation(schema, table)})"
    right_relation = f"(select {select_list} from {right.relation(schema, table)})"
    result.left_rows = connection.execute(f"select count(*) from {left_relation}").fetchone()[0]
    result.right_rows = connection.execute(f"select count(*) from {right_relation}").fetchone()[0]

    sides = (("only_left", left_relation, right_relation), ("only_right", right_relation, left_relation))
    for name, one, other in sides:
        connection.execute(f"create or replace temp table {name} as from {one} except all from {other}")
    only_left = connection.execute("select count(*) from only_left").fetchone()[0]
    only_right = connection.execute("select count(*) from only_right").fetchone()[0]
    result.exact_differences = max(only_left, only_right)
    if only_left == 0 and only_right == 0:
        return result

    # Pair the leftover rows on their exact columns, in the order of their floats, and accept a pair
    # whose floats are all within tolerance (or both null, or both NaN).
    partition = ", ".join(_quote(c) for c in exact) or "1"
    order = ", ".join(_quote(c) for c in floats) or "1"
    join_on = " and ".join([f"l.{_quote(c)} is not distinct from r.{_quote(c)}" for c in exact] + ["l.rn = r.rn"])

    def close(column: str) -> str:
        a, b = f"l.{_quote(column)}", f"r.{_quote(column)}"
        return (
            f"(({a} is null and {b} is null) or (isnan({a}) and isnan({b})) or "
            f"abs({a} - {b}) <= greatest({abs_tol}, {rel_tol} * greatest(abs({a}), abs({b}))))"
        )

    all_close = " and ".join(close(c) for c in floats) or "true"
    numbered = "select *, row_number() over (partition by {p} order by {o}) as rn from {t}"
    matched = connection.execute(
        f"""
        with l as ({numbered.format(p=partition, o=order, t="only_left")}),
             r as ({numbered.format(p=partition, o=order, t="only_right")})
        select count(*) from l inner join r on {join_on} where {all_close}
        """
    ).fetchone()[0]
    result.unmatched_left = only_left - matched
    result.unmatched_right = only_right - matched
    if not result.equal:
        for side, name in (("only_left", "left "), ("only_right", "right")):
            for row in connection.execute(f"select * from {side} limit 3").fetchall():
                result.samples.append(f"{name}: {dict(zip(columns, row, strict=True))}")
    return result


def dbt_tests(run_results: Path) -> dict[str, str]:
    """Every data test of a dbt build's run_results.json, by name, with its status. The name, not the
    unique_id: a generic test's unique_id ends in a hash of its arguments, which a rewrite of an
    expression into portable SQL changes while the test stays the same."""
    results = json.loads(run_results.read_text())["results"]
    tests = [r for r in results if r["unique_id"].startswith("test.")]
    return {r["unique_id"].split(".")[2]: r["status"] for r in tests}


def compare_dbt_tests(left: Path, right: Path) -> tuple[bool, list[str]]:
    left_tests, right_tests = dbt_tests(left), dbt_tests(right)
    lines = [f"dbt tests: {len(left_tests)} left, {len(right_tests)} right"]
    only_left = sorted(set(left_tests) - set(right_tests))
    only_right = sorted(set(right_tests) - set(left_tests))
    not_passing = sorted(
        f"{side} {test}: {status}"
        for side, tests in (("left", left_tests), ("right", right_tests))
        for test, status in tests.items()
        if status != "pass"
    )
    lines += [f"  test only left: {t}" for t in only_left] + [f"  test only right: {t}" for t in only_right]
    lines += [f"  not passing: {t}" for t in not_passing]
    return not (only_left or only_right or not_passing), lines


def compare_warehouses(
    left_location: Path,
    right_location: Path,
    schemas: tuple[str, ...] = DEFAULT_SCHEMAS,
    rel_tol: float = DEFAULT_REL_TOL,
    abs_tol: float = DEFAULT_ABS_TOL,
) -> tuple[list[TableComparison], list[str]]:
    """Per-table comparisons, and the tables that only one side has."""
    connection = duckdb.connect()
    left = Warehouse(connection, left_location, "left_warehouse")
    right = Warehouse(connection, right_location, "right_warehouse")
    left_tables, right_tables = left.tables(schemas), right.tables(schemas)
    missing = [f"table only left: {s}.{t}" for s, t in sorted(left_tables - right_tables)]
    missing += [f"table only right: {s}.{t}" for s, t in sorted(right_tables - left_tables)]
    comparisons = [
        compare_table(connection, left, right, schema, table, rel_tol, abs_tol)
        for schema, table in sorted(left_tables & right_tables)
    ]
    connection.close()
    return comparisons, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("left", type=Path, help="a warehouse DuckDB file, or a folder of <schema>/<table>.parquet")
    parser.add_argument("right", type=Path)
    parser.add_argument("--schemas", nargs="+", default=list(DEFAULT_SCHEMAS))
    parser.add_argument("--rel-tol", type=float, default=DEFAULT_REL_TOL)
    parser.add_argument("--abs-tol", type=float, default=DEFAULT_ABS_TOL)
    parser.add_argument("--left-run-results", type=Path, help="run_results.json of the left build")
    parser.add_argument("--right-run-results", type=Path, help="run_results.json of the right build")
    args = parser.parse_args(argv)

    comparisons, missing = compare_warehouses(args.left, args.right, tuple(args.schemas), args.rel_tol, args.abs_tol)
    for comparison in comparisons:
        print(comparison.line())
    for line in missing:
        print(line)
    equal_tables = sum(c.equal for c in comparisons)
    ok = not missing and equal_tables == len(comparisons) and comparisons != []
    print(
        f"{equal_tables} of {len(comparisons)} tables equal (relative tolerance {args.rel_tol:g}, "
        f"absolute {args.abs_tol:g}); {len(missing)} tables on one side only"
    )
    if args.left_run_results and args.right_run_results:
        tests_ok, lines = compare_dbt_tests(args.left_run_results, args.right_run_results)
        print("\n".join(lines))
        ok = ok and tests_ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
