"""The models' generic tests are dbt's built-in ones (`unique`, `not_null`, `accepted_values`,
`relationships`) and a few named tests of the project's own (dbt_project/tests/generic/), one test
per rule, each documented, each a Dagster check described by its rule.

The structure tests read dbt's manifest. The failure test corrupts a copy of the sample warehouse
and runs the tests of a few models on it, then reads which tests failed and on how many rows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import DBT_PROJECT_DIR, dbt_executable
from orchestration.warehouse import WarehouseFiles

BUILT_IN = {"not_null", "unique", "accepted_values", "relationships"}
PROJECT_TESTS = {
    "accepted_range",
    "unique_combination_of_columns",
    "expression_is_true",
    "min_row_count",
    "contains_values",
    "exactly_one_true_per_group",
    "standardized_within_group",
}


@pytest.fixture(scope="module")
def manifest() -> dict:
    from orchestration.assets.dbt import ensure_manifest

    return json.loads(ensure_manifest().read_text())


def _generic(manifest: dict) -> list[dict]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "test" and n.get("test_metadata")]


def test_generic_tests_are_dbts_own_or_the_projects_named_ones(manifest):
    used = {n["test_metadata"]["name"] for n in _generic(manifest)}
    assert used <= BUILT_IN | PROJECT_TESTS, sorted(used - BUILT_IN - PROJECT_TESTS)
    assert used >= BUILT_IN


def test_each_project_test_is_documented(manifest):
    documented = {
        m["name"].removeprefix("test_"): m["description"]
        for m in manifest["macros"].values()
        if m["package_name"] == "hemisphere" and m["name"].startswith("test_")
    }
    assert set(documented) >= PROJECT_TESTS
    assert all(len(documented[name]) > 40 for name in PROJECT_TESTS), {n: documented[n] for n in PROJECT_TESTS}


def test_every_model_and_seed_has_tests_and_every_check_says_its_rule(manifest):
    from orchestration.assets.dbt import hemisphere_dbt_models

    tested = {n["attached_node"] for n in _generic(manifest)}
    models = {uid for uid, n in manifest["nodes"].items() if n["resource_type"] in ("model", "seed")}
    assert len(tested & models) >= 60
    specs = {spec.name: spec for spec in hemisphere_dbt_models.check_specs}
    assert "not_null_dim_country_country_iso3" in specs
    assert specs["not_null_dim_country_country_iso3"].description == "country_iso3 is never null."
    year = specs["accepted_range_fct_indicator_values_year"].description
    assert year.startswith("year is between 1960 and extract(year from current_date), inclusive")


def test_relationships_make_the_check_wait_for_the_parent(manifest):
    (test,) = [
        n
        for n in _generic(manifest)
        if n["test_metadata"]["name"] == "relationships"
        and n["attached_node"] == "model.hemisphere.fct_indicator_values"
        and n["test_metadata"]["kwargs"]["column_name"] == "country_iso3"
    ]
    assert "model.hemisphere.dim_country" in test["depends_on"]["nodes"]


def _corrupt(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        for statement in (
            # dim_country: a duplicate key, a null name, an income group nobody publishes, and two
            # rows without a key, which `unique` does not count (nulls are not values) but not_null does.
            "insert into marts.dim_country select * from marts.dim_country where country_iso3 = 'MEX'",
            "update marts.dim_country set country_name = null where country_iso3 = 'HND'",
            "update marts.dim_country set income_group = 'Very high income' where country_iso3 = 'CAN'",
            "alter table marts.dim_country alter column country_iso3 drop not null",
            "insert into marts.dim_country select * replace (null as country_iso3) from marts.dim_country "
            "where country_iso3 in ('GTM', 'SLV')",
            # fct_indicator_values: an economy dim_country does not have, a year before the range.
            "update marts.fct_indicator_values set country_iso3 = 'ZZZ' where rowid in (0, 1, 2)",
            "update marts.fct_indicator_values set year = 1950 where rowid = 100",
            # fct_us_goods_trade_monthly: `where: is_published` tests see only published months.
            "update marts.fct_us_goods_trade_monthly set imports_usd = null where not is_published",
            "update marts.fct_us_goods_trade_monthly set exports_usd = null "
            "where rowid = (select min(rowid) from marts.fct_us_goods_trade_monthly where is_published)",
            # fct_migrant_stock: a duplicate whose key holds a null is a duplicate for unique_combination.
            "insert into marts.fct_migrant_stock "
            "select * from marts.fct_migrant_stock where origin_iso3 is null limit 1",
            # fct_remittances: two preferred totals for one economy and year.
            "update marts.fct_remittances set preferred = true "
            "where sending_iso3 is null and receiving_iso3 = 'HND' and year = 2020",
            # mart_engagement_watchlist: fewer rows than its four economies.
            "delete from marts.mart_engagement_watchlist where rowid > 1",
        ):
            con.execute(statement)


def test_failures_are_the_broken_rules_with_their_row_counts(manifest, sample_warehouse, tmp_path):
    home = tmp_path / "home"
    files = WarehouseFiles(home)
    files.build_dir.mkdir(parents=True)
    shutil.copyfile(WarehouseFiles(sample_warehouse.home).published, files.build)
    _corrupt(files.build)
    # The sample build's target folder, so dbt parses only what changed (seconds, not a full parse).
    target = tmp_path / "dbt_target"
    if (sample_warehouse.home / "dbt_target").is_dir():
        shutil.copytree(sample_warehouse.home / "dbt_target", target)

    models = [
        "dim_country", "fct_indicator_values", "fct_us_goods_trade_monthly", "fct_migrant_stock", "fct_remittances",
        "mart_engagement_watchlist", "dim_indicator",
    ]  # fmt: skip
    paths = ["--target-path", str(target), "--log-path", str(tmp_path / "logs")]
    run = subprocess.run(
        [dbt_executable(), "test", "--profiles-dir", ".", *paths, "--indirect-selection", "cautious",
         "--select", *models],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "HEMI_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = manifest["nodes"]
    failed = {
        (
            nodes[r["unique_id"]]["attached_node"].split(".")[-1],
            nodes[r["unique_id"]]["test_metadata"]["name"],
            json.dumps(
                {k: v for k, v in nodes[r["unique_id"]]["test_metadata"]["kwargs"].items() if k != "model"},
                sort_keys=True,
            ),
            nodes[r["unique_id"]]["config"].get("where"),
        ): r["failures"]
        for r in results
        if r["status"] == "fail" and r["unique_id"] in nodes and nodes[r["unique_id"]].get("test_metadata")
    }
    errors = [r["unique_id"] for r in results if r["status"] == "error"]
    assert not errors, errors

    def kw(**kwargs) -> str:
        return json.dumps(kwargs, sort_keys=True)

    assert failed == {
        ("dim_country", "not_null", kw(column_name="country_iso3"), None): 2,
        ("dim_country", "not_null", kw(column_name="country_name"), None): 1,
        # MEX twice (one duplicated key); the two rows without a key are no duplicate.
        ("dim_country", "unique", kw(column_name="country_iso3"), None): 1,
        ("dim_country", "accepted_values", kw(
            column_name="income_group", values=["Low income", "Lower middle income", "Upper middle income",
                                                "High income"]), None): 1,
        ("fct_indicator_values", "relationships",
         kw(column_name="country_iso3", to="ref('dim_country')", field="country_iso3"), None): 3,
        ("fct_indicator_values", "accepted_range",
         kw(column_name="year", min_value=1960, max_value="extract(year from current_date)"), None): 1,
        # The unpublished months' nulls pass; the published month's null fails.
        ("fct_us_goods_trade_monthly", "not_null", kw(column_name="exports_usd"), "is_published"): 1,
        ("fct_us_goods_trade_monthly", "expression_is_true",
         kw(expression="balance_usd = exports_usd - imports_usd"), "is_published"): 1,
        ("fct_migrant_stock", "unique_combination_of_columns",
         kw(combination_of_columns=["origin_iso3", "destination_iso3", "year", "sex"]), None): 1,
        ("fct_remittances", "exactly_one_true_per_group",
         kw(column_name="preferred", group_by=["receiving_iso3", "year"]), "sending_iso3 is null"): 1,
        ("mart_engagement_watchlist", "min_row_count", kw(min_rows=4), None): 1,
    }  # fmt: skip
