"""What each dbt test checks, in words, and what a failing one found.

dagster-dbt turns every dbt test into an asset check, described by the test's ``meta.description``
(left empty by dbt, so the UI said "No description provided"). ``with_check_descriptions`` fills it
in the manifest the assets are built from: the test's own dbt ``description`` when it has one, else
the rule said from the test's name and arguments (dbt's four built-in generic tests and those of
dbt_project/tests/generic/), else the leading comment of a singular test's SQL.

A failing test yields dagster-dbt's check result with a row count only. ``explain_failure`` adds
what an operator needs to act: the rule, the model, the file that declares it, how many rows the
test returned and the first of them, read back with the test's compiled SQL from the build copy
once dbt has finished with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd
from dagster import AssetCheckResult, MetadataValue

SAMPLE_ROWS = 5

_REF = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*\)""")


def _list(values: Any) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, (list, tuple)) else str(values)


def _target(to: str) -> str:
    match = _REF.search(str(to))
    return match.group(1) if match else str(to)


def rule_of(node: Mapping[str, Any]) -> str:
    """The rule a generic test checks, in words; "" when the test is not one this project knows."""
    metadata = node.get("test_metadata") or {}
    name = metadata.get("name")
    kwargs = metadata.get("kwargs") or {}
    column = kwargs.get("column_name")
    if name == "not_null":
        rule = f"{column} is never null"
    elif name == "unique":
        rule = f"no two rows share a {column} (nulls are not compared)"
    elif name == "accepted_values":
        rule = f"{column} is one of: {_list(kwargs.get('values'))} (null passes)"
    elif name == "relationships":
        rule = f"every non-null {column} is a {kwargs.get('field')} of {_target(kwargs.get('to', ''))}"
    elif name == "accepted_range":
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        if low is not None and high is not None:
            rule = f"{column} is between {low} and {high}, inclusive (null passes)"
        elif low is not None:
            rule = f"{column} is at least {low} (null passes)"
        else:
            rule = f"{column} is at most {high} (null passes)"
    elif name == "unique_combination_of_columns":
        rule = f"one row per ({_list(kwargs.get('combination_of_columns'))}); a null is a value here"
    elif name == "expression_is_true":
        rule = f"{kwargs.get('expression')} on every row (null fails)"
    elif name == "min_row_count":
        rows = kwargs.get("min_rows")
        rule = f"at least {rows} row{'' if rows == 1 else 's'}"
    elif name == "contains_values":
        rule = f"{column} contains each of: {_list(kwargs.get('values'))}"
    elif name == "exactly_one_true_per_group":
        rule = f"exactly one row per ({_list(kwargs.get('group_by'))}) has {column} true"
    elif name == "standardized_within_group":
        tolerance = kwargs.get("tolerance", 1e-6)
        rule = (
            f"{column} has mean 0 and standard deviation 1 (each within {tolerance}) per "
            f"({_list(kwargs.get('group_by'))}), in groups with two or more values"
        )
    else:
        return ""
    where = (node.get("config") or {}).get("where")
    return f"{rule}; only rows where {where}" if where else rule


def _leading_comment(sql: str) -> str:
    """The ``--`` comment a singular test starts with (after its config block): why it exists."""
    lines = []
    for line in sql.splitlines():
        stripped = line.strip()
        if not lines and (not stripped or stripped.startswith("{{")):
            continue
        if not stripped.startswith("--"):
            break
        lines.append(stripped.removeprefix("--").strip())
    return " ".join(line for line in lines if line)


def describe_test(node: Mapping[str, Any]) -> str:
    """The check's description: the test's own, else its rule, else a singular test's comment."""
    own = (node.get("description") or "").strip() or ((node.get("meta") or {}).get("description") or "").strip()
    rule = rule_of(node)
    if own:
        return f"{own} (Rule: {rule}.)" if rule and rule.lower() not in own.lower() else own
    if rule:
        return rule + "."
    if node.get("test_metadata"):  # a generic test from a package: its name and arguments
        metadata = node["test_metadata"]
        arguments = {k: v for k, v in (metadata.get("kwargs") or {}).items() if k != "model"}
        return f"{metadata.get('name')}({', '.join(f'{k}={v}' for k, v in arguments.items())})"
    return _leading_comment(node.get("raw_code") or "")


def with_check_descriptions(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest with each test's description where dagster-dbt reads it (the input is not changed)."""
    nodes = {}
    for unique_id, node in manifest["nodes"].items():
        if node.get("resource_type") == "test" and (description := describe_test(node)):
            node = {**node, "meta": {**(node.get("meta") or {}), "description": description}}
        nodes[unique_id] = node
    return {**manifest, "nodes": nodes}


def explain_failure(
    result: AssetCheckResult,
    node: Mapping[str, Any],
    run_result: Mapping[str, Any] | None,
    con: duckdb.DuckDBPyConnection | None,
) -> AssetCheckResult:
    """The check result, with the rule, the file, the count and a sample of the failing rows."""
    failing = (run_result or {}).get("failures")
    status = (run_result or {}).get("status", "")
    where_declared = f"dbt_project/{node.get('original_file_path', '')}"
    model = "/".join(result.asset_key.path)
    if status == "error":
        summary = f"{describe_test(node)} The test could not run on {model}: {run_result.get('message')}"
        sample = "none"
    else:
        count = f"{failing} failing row{'' if failing == 1 else 's'}" if failing is not None else "failed"
        summary = f"{describe_test(node)} {count} in {model} ({where_declared})."
        sample = _sample(con, (run_result or {}).get("compiled_code"))
    return AssetCheckResult(
        passed=False,
        asset_key=result.asset_key,
        check_name=result.check_name,
        severity=result.severity,
        description=summary,
        metadata={
            **result.metadata,
            "rule": MetadataValue.text(describe_test(node)),
            "failing_rows": MetadataValue.int(int(failing)) if failing is not None else MetadataValue.text("unknown"),
            "declared_in": MetadataValue.path(where_declared),
            "failures": MetadataValue.md(sample),
        },
    )


def _sample(con: duckdb.DuckDBPyConnection | None, compiled_sql: str | None) -> str:
    """The first rows the test's own SQL returns, as a markdown table."""
    if con is None or not compiled_sql:
        return "none (the test's SQL was not available)"
    try:
        frame: pd.DataFrame = con.execute(
            f"select * from ({compiled_sql.strip().rstrip(';')}) as failing_rows limit {SAMPLE_ROWS}"
        ).df()
    except duckdb.Error as exc:
        return f"none (reading the failing rows failed: {str(exc).splitlines()[0]})"
    if frame.empty:
        return "none (the test returns no rows now)"
    return frame.to_markdown(index=False)
