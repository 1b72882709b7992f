"""dbt through dagster-dbt's documented interface: the stock CLI resource, the project's translator,
and checks that say their rule and, when they fail, what they found."""

from __future__ import annotations

import duckdb
import pytest
from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey
from dagster_dbt import DbtCliResource

from orchestration.assets.dbt_checks import describe_test, explain_failure, rule_of
from orchestration.paths import DBT_PROJECT_DIR, dbt_executable


@pytest.fixture(scope="module")
def dbt_assets():
    from orchestration.assets.dbt import DBT_MANIFEST, hemisphere_dbt_models

    return hemisphere_dbt_models, DBT_MANIFEST


def test_the_dbt_resource_is_dagster_dbts_own_on_this_project():
    from orchestration.definitions import defs

    resource = defs.resources["dbt"]
    assert type(resource) is DbtCliResource
    assert resource.project_dir == str(DBT_PROJECT_DIR)
    assert resource.dbt_executable == dbt_executable()


def test_asset_keys_groups_and_tags_follow_the_dbt_project(dbt_assets):
    assets, _ = dbt_assets
    keys = set(assets.keys)
    assert AssetKey(["marts", "dim_country"]) in keys
    assert AssetKey(["staging", "stg_wdi__values"]) in keys
    groups = assets.group_names_by_key
    assert groups[AssetKey(["staging", "stg_wdi__values"])] == "wdi"  # beside the source's raw assets
    assert groups[AssetKey(["marts", "dim_country"])] == "marts_core"
    assert groups[AssetKey(["raw", "plan_points"])] == "seeds"
    # dbt sources are the raw tables the Python assets write: the same keys, so lineage joins up.
    deps = {dep for key in keys for dep in assets.asset_deps[key]}
    assert AssetKey(["raw", "wdi_values"]) in deps
    # dbt tags become Dagster tags (plan points), and every model has a code version.
    assert any(k.startswith("plan_point_") for spec in assets.specs for k in spec.tags)
    assert all(assets.code_versions_by_key[key] for key in keys)


def test_every_dbt_check_has_a_description_and_the_blocking_ones_are_errors(dbt_assets):
    assets, manifest = dbt_assets
    specs = list(assets.check_specs)
    assert len(specs) >= 60
    undescribed = [spec.name for spec in specs if not (spec.description or "").strip()]
    assert not undescribed, undescribed[:5]
    for spec in specs:
        unique_id = spec.metadata["dagster_dbt/unique_id"]
        severity = manifest["nodes"][unique_id]["config"]["severity"].lower()
        assert spec.blocking == (severity == "error"), spec.name


def _test_node(name: str, kwargs: dict, where: str | None = None, description: str = "") -> dict:
    return {
        "resource_type": "test",
        "name": f"{name}_fct_x",
        "description": description,
        "meta": {},
        "config": {"where": where, "severity": "ERROR"},
        "test_metadata": {"name": name, "kwargs": {"model": "{{ get_where_subquery(ref('fct_x')) }}", **kwargs}},
        "original_file_path": "models/marts/fct_x.yml",
        "unique_id": f"test.hemisphere.{name}_fct_x.abc",
    }


@pytest.mark.parametrize(
    ("name", "kwargs", "where", "says"),
    [
        ("not_null", {"column_name": "iso3"}, None, "iso3 is never null"),
        ("unique", {"column_name": "iso3"}, None, "no two rows share a iso3"),
        ("accepted_values", {"column_name": "sex", "values": ["both", "male"]}, None, "sex is one of: both, male"),
        ("relationships", {"column_name": "iso3", "to": "ref('dim_country')", "field": "country_iso3"}, None,
         "every non-null iso3 is a country_iso3 of dim_country"),
        ("accepted_range", {"column_name": "share", "min_value": 0, "max_value": 1}, "unit = 'share'",
         "share is between 0 and 1, inclusive (null passes); only rows where unit = 'share'"),
        ("accepted_range", {"column_name": "migrants", "min_value": 0}, None, "migrants is at least 0"),
        ("unique_combination_of_columns", {"combination_of_columns": ["iso3", "year"]}, None,
         "one row per (iso3, year)"),
        ("expression_is_true", {"expression": "a = b - c"}, None, "a = b - c on every row (null fails)"),
        ("min_row_count", {"min_rows": 4}, None, "at least 4 rows"),
        ("contains_values", {"column_name": "bloc", "values": ["China"]}, None, "bloc contains each of: China"),
        ("exactly_one_true_per_group", {"column_name": "preferred", "group_by": ["iso3", "year"]}, None,
         "exactly one row per (iso3, year) has preferred true"),
        ("standardized_within_group", {"column_name": "z", "group_by": ["year"]}, None,
         "z has mean 0 and standard deviation 1 (each within 1e-06) per (year)"),
    ],
)  # fmt: skip
def test_each_generic_test_is_described_by_its_rule(name, kwargs, where, says):
    assert says in describe_test(_test_node(name, kwargs, where))


def test_a_tests_own_description_comes_first_with_its_rule():
    node = _test_node("not_null", {"column_name": "iso3"}, description="Every fact names its economy.")
    assert describe_test(node) == "Every fact names its economy. (Rule: iso3 is never null.)"


def test_a_singular_test_is_described_by_its_leading_comment():
    node = {
        "resource_type": "test",
        "raw_code": "{{ config(severity='warn') }}\n-- Exports by partner sum to the World total\n"
        "-- in complete years.\nselect 1 where false",
    }
    assert rule_of(node) == ""
    assert describe_test(node) == "Exports by partner sum to the World total in complete years."


def test_a_failed_check_names_rule_model_file_count_and_shows_the_failing_rows():
    con = duckdb.connect()
    con.execute("create table fct_x as select * from (values ('MEX', 2020, 0.5), ('CAN', 2020, 1.7)) t(iso3, y, share)")
    node = _test_node("accepted_range", {"column_name": "share", "min_value": 0, "max_value": 1})
    dagster_dbt_result = AssetCheckResult(
        passed=False,
        asset_key=AssetKey(["marts", "fct_x"]),
        check_name=node["name"],
        severity=AssetCheckSeverity.ERROR,
        metadata={"unique_id": node["unique_id"], "dagster_dbt/failed_row_count": 1},
    )
    run_result = {
        "status": "fail",
        "failures": 1,
        "compiled_code": "select * from fct_x where share is not null and (share < (0) or share > (1))",
    }
    explained = explain_failure(dagster_dbt_result, node, run_result, con)
    assert not explained.passed and explained.severity == AssetCheckSeverity.ERROR
    assert explained.check_name == node["name"] and explained.asset_key == AssetKey(["marts", "fct_x"])
    assert "share is between 0 and 1" in explained.description
    assert "1 failing row in marts/fct_x (dbt_project/models/marts/fct_x.yml)" in explained.description
    sample = explained.metadata["failures"].value
    assert "CAN" in sample and "1.7" in sample and "MEX" not in sample
    assert explained.metadata["failing_rows"].value == 1
    assert explained.metadata["dagster_dbt/failed_row_count"].value == 1  # dagster-dbt's own metadata kept


def test_a_test_that_could_not_run_says_so():
    node = _test_node("not_null", {"column_name": "iso3"})
    result = AssetCheckResult(passed=False, asset_key=AssetKey(["marts", "fct_x"]), check_name=node["name"])
    explained = explain_failure(result, node, {"status": "error", "message": "Binder Error: no column iso3"}, None)
    assert "could not run" in explained.description and "Binder Error" in explained.description
