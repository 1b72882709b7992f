"""Each model's generic dbt tests are one `model_checks` test (dbt_project/tests/generic/model_checks.sql),
and its failure rows name the rule, the column and what was found.

The structure tests read dbt's manifest. The failure test corrupts a copy of the sample warehouse,
then runs a few models' model_checks with --store-failures, so the failure rows can be read back
from the copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import DBT_PROJECT_DIR, dbt_executable
from orchestration.warehouse import WarehouseFiles


@pytest.fixture(scope="module")
def generic_tests() -> list[dict]:
    from orchestration.assets.dbt import ensure_manifest

    manifest = json.loads(ensure_manifest().read_text())
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "test" and n.get("test_metadata")]


def _config(node: dict) -> tuple:
    config = node["config"]
    return tuple(config.get(key) for key in ("severity", "where", "error_if", "warn_if", "limit", "store_failures"))


def test_every_model_has_one_generic_test_with_all_its_rules(generic_tests):
    # One node per rule cost dbt about 75 ms each (README, Performance): a rule goes into the
    # model's model_checks, never into a generic test of its own. Only rules that need another
    # severity or config may have a second model_checks, one per config.
    assert {n["test_metadata"]["name"] for n in generic_tests} == {"model_checks"}
    per_model = Counter((n["attached_node"], _config(n)) for n in generic_tests)
    assert len(per_model) >= 60 and max(per_model.values()) == 1, per_model.most_common(3)
    default = ("ERROR", None, "!= 0", "!= 0", None, None)
    for node in generic_tests:
        model = node["attached_node"].split(".")[-1]
        if _config(node) == default:
            assert node["name"] == f"model_checks_{model}"
        else:
            assert node["name"].startswith(f"model_checks_{model}_"), node["name"]


def test_no_rule_is_listed_twice(generic_tests):
    for node in generic_tests:
        rules = [json.dumps(rule, sort_keys=True) for rule in node["test_metadata"]["kwargs"]["rules"]]
        assert len(rules) == len(set(rules)), node["name"]


def test_relationships_still_make_the_check_wait_for_the_parent(generic_tests):
    checks = {n["name"]: n for n in generic_tests}
    parents = set(checks["model_checks_fct_indicator_values"]["depends_on"]["nodes"])
    assert parents == {f"model.hemisphere.{m}" for m in ("fct_indicator_values", "dim_country", "dim_indicator")}


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
            # fct_us_goods_trade_monthly: `where: is_published` rules see only published months.
            "update marts.fct_us_goods_trade_monthly set imports_usd = null where not is_published",
            "update marts.fct_us_goods_trade_monthly set exports_usd = null "
            "where rowid = (select min(rowid) from marts.fct_us_goods_trade_monthly where is_published)",
            # fct_migrant_stock: a duplicate whose key holds a null is a duplicate for unique_combination.
            "insert into marts.fct_migrant_stock "
            "select * from marts.fct_migrant_stock where origin_iso3 is null limit 1",
            # fct_remittances: two preferred totals for one economy and year.
            "update marts.fct_remittances set preferred = true "
            "where sending_iso3 is null and receiving_iso3 = 'HND' and year = 2020",
            # agg_us_goods_trade_by_bloc: a bloc the marts must contain.
            "delete from marts.agg_us_goods_trade_by_bloc where bloc = 'China'",
            # mart_engagement_watchlist: fewer rows than its four economies.
            "delete from marts.mart_engagement_watchlist where rowid > 1",
        ):
            con.execute(statement)


def test_failures_name_the_rule_the_columns_and_what_was_found(sample_warehouse, tmp_path):
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
        "agg_us_goods_trade_by_bloc", "mart_engagement_watchlist", "dim_indicator",
    ]  # fmt: skip
    paths = ["--target-path", str(target), "--log-path", str(tmp_path / "logs")]
    run = subprocess.run(
        [dbt_executable(), "test", "--profiles-dir", ".", "--store-failures", *paths,
         "--select", *(f"model_checks_{model}" for model in models)],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "HEMI_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    run_results = json.loads((target / "run_results.json").read_text())["results"]
    results = {r["unique_id"].split(".")[2].removeprefix("model_checks_"): r for r in run_results}
    assert set(results) == set(models)
    assert results["dim_indicator"]["status"] == "pass"

    con = duckdb.connect(str(files.build), read_only=True)
    try:
        failed = {
            model: {
                (rule, columns, where): (failing, found, expected)
                for rule, columns, failing, found, expected, where in con.execute(
                    f"select * from {result['relation_name']}"
                ).fetchall()
            }
            for model, result in results.items()
            if result["status"] == "fail"
        }
    finally:
        con.close()
    assert {model: results[model]["failures"] for model in failed} == {m: len(rows) for m, rows in failed.items()}

    (economies,) = sample_warehouse.con.execute("select count(*) from marts.dim_country").fetchone()
    assert failed["dim_country"] == {
        ("not_null", "country_iso3", None): (2, None, "not null"),
        ("not_null", "country_name", None): (1, None, "not null"),
        # MEX twice; the two rows without a key are no duplicate.
        ("unique", "country_iso3", None): (
            1, f"{economies} distinct keys in {economies + 1} rows", "one row per non-null value"
        ),
        ("accepted_values", "income_group", None): (
            1, "[Very high income]", "one of Low income, Lower middle income, Upper middle income, High income"
        ),
    }  # fmt: skip
    relationships = failed["fct_indicator_values"].pop(("relationships", "country_iso3", None))
    assert relationships == (3, "[ZZZ]", "in dim_country.country_iso3")
    ((rule, found),) = [(key, value) for key, value in failed["fct_indicator_values"].items()]
    assert rule == ("accepted_range", "year", None)
    assert found[:2] == (1, "1950 to 1950") and found[2].startswith("[1960, ")
    # The unpublished months' nulls pass; the published month's null fails.
    assert failed["fct_us_goods_trade_monthly"] == {
        ("not_null", "exports_usd", "is_published"): (1, None, "not null"),
        ("expression_is_true", "balance_usd = exports_usd - imports_usd", "is_published"): (1, None, "true"),
    }
    ((rule, (failing, _, expected)),) = failed["fct_migrant_stock"].items()
    assert rule == ("unique_combination", "origin_iso3, destination_iso3, year, sex", None)
    assert (failing, expected) == (1, "one row per key")
    assert failed["fct_remittances"] == {
        ("exactly_one_true_per_group", "preferred", "sending_iso3 is null"): (
            1, "{'receiving_iso3': HND, 'year': 2020, 'true_rows': 2}", "exactly one true row per receiving_iso3, year"
        )
    }  # fmt: skip
    ((rule, (failing, found, _)),) = failed["agg_us_goods_trade_by_bloc"].items()
    assert (rule, failing, found) == (("contains_values", "bloc", None), 1, "missing [China]")
    assert failed["mart_engagement_watchlist"] == {("min_row_count", None, None): (2, "2 rows", "at least 4 rows")}
