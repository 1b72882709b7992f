"""A refresh whose dbt step runs on Apache Spark publishes the marts a DuckDB refresh publishes.

Refreshes of the real snapshot in this session: the DuckDB one (``real_warehouse``) and, for each
Spark output of profiles.yml, one with that dbt target: ``spark_thrift`` against Spark's Thrift server,
started once per session on 127.0.0.1 as a cluster would serve it, and ``spark`` (Spark inside dbt's
process; marked ``spark_local``). Dagster lands, checks and publishes with DuckDB; dbt builds every
model and runs every test on Spark. bench/compare_warehouses.py then compares the published
warehouses table by table and their dbt tests by name.

`make test` runs the ``spark_thrift`` half in .venv-spark, in a second pytest process beside the main
suite (both Spark refreshes there made the main suite 4 minutes slower even at the lowest priority,
and CI 18.6 minutes); `make test-spark` runs both (about six minutes on two idle cores).
Outside CI a missing Java or `.[spark]` extra skips with the reason; under CI=true it fails.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import warnings
from collections.abc import Iterator

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.spark

sys.path.insert(0, str(REPO_ROOT / "bench"))


def _require_spark() -> None:
    missing = []
    if shutil.which("java") is None:
        missing.append("Java (17) on PATH")
    for module, extra in (("pyspark", "pyspark"), ("dbt.adapters.spark", "dbt-spark")):
        if importlib.util.find_spec(module) is None:
            missing.append(f"{extra} (pip install -e '.[spark]')")
    if not missing:
        return
    reason = "Spark build needs " + ", ".join(missing)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must provide it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def spark_thrift_server() -> Iterator:
    """Spark's Thrift server on 127.0.0.1 (tests/servers.py), as a cluster would serve dbt."""
    from tests.conftest import _server_or_skip
    from tests.servers import spark_thrift_server as start_thrift

    yield from _server_or_skip(start_thrift, "Spark's Thrift server")


@pytest.fixture(scope="session", params=["spark_thrift", pytest.param("spark", marks=pytest.mark.spark_local)])
def spark_warehouse(request, tmp_path_factory, shared_data, real_warehouse) -> Iterator:
    """The real snapshot refreshed with the dbt step on Spark, through the profiles.yml output ``param``."""
    _require_spark()
    from tests.integration.conftest import build_warehouse, environment

    target = request.param
    settings = {}
    if target == "spark_thrift":
        server = request.getfixturevalue("spark_thrift_server")
        settings = {"HEMI_SPARK_THRIFT_HOST": server.host, "HEMI_SPARK_THRIFT_PORT": str(server.port)}
    with environment(settings), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built = build_warehouse(
            tmp_path_factory.mktemp(f"{target}_home"),
            mode="snapshot",
            snapshot_dir=str(shared_data),
            dbt_target=target,
        )
        warehouse = next(built)
    warehouse.target = target
    warehouse.warnings = _visible(caught)
    yield warehouse
    next(built, None)


def _visible(caught) -> list[str]:
    """What a user sees: Python shows a DeprecationWarning only from the code it runs directly, so one
    inside an installed package (dagster-dbt's own use of Dagster) is not; the project's own code calls
    no deprecated API (it did: Dagster's context.run_id)."""
    return [
        f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
        for w in caught
        if not (issubclass(w.category, DeprecationWarning) and "site-packages" in w.filename)
    ]


def test_a_refresh_on_spark_publishes_every_model_and_test(spark_warehouse, real_warehouse):
    outcome = spark_warehouse.outcome
    assert outcome.published, outcome.failure
    assert outcome.dbt_checks_total == real_warehouse.outcome.dbt_checks_total
    assert outcome.dbt_checks_passed == outcome.dbt_checks_total


def test_spark_marts_and_intermediate_tables_equal_duckdbs(spark_warehouse, real_warehouse):
    from compare_warehouses import compare_warehouses

    from orchestration.warehouse import WarehouseFiles

    comparisons, missing = compare_warehouses(
        WarehouseFiles(real_warehouse.home).published, WarehouseFiles(spark_warehouse.home).published
    )
    assert len(comparisons) >= 48, [f"{c.schema}.{c.table}" for c in comparisons]
    assert not missing, missing
    assert not [c.line() for c in comparisons if not c.equal]


def test_the_same_dbt_tests_run_and_pass_on_both_engines(spark_warehouse, real_warehouse):
    from compare_warehouses import compare_dbt_tests

    equal, lines = compare_dbt_tests(
        real_warehouse.home / "dbt_target" / "run_results.json",
        spark_warehouse.home / "dbt_target" / "run_results.json",
    )
    assert equal, "\n".join(lines)


def test_a_refresh_on_spark_raises_no_warning(spark_warehouse):
    # pyspark 4 warns on pandas 3 at import (orchestration/known_warnings.py says why it is silenced).
    assert spark_warehouse.warnings == []


@pytest.mark.spark_local
@pytest.mark.parametrize("spark_warehouse", ["spark"], indirect=True)
def test_spark_logs_no_warning_on_a_clean_build(spark_warehouse):
    """With Spark in dbt's process, dbt's log of the refresh holds Spark's stderr: no WARN line on a
    clean build (the session method's per-node warning and the Hadoop native-library one are silenced in
    spark_log4j2.properties, the hostname one by SPARK_LOCAL_IP). A Thrift server logs on its machine."""
    logs = sorted((spark_warehouse.home / "logs").glob("refresh-*.log"))
    assert logs, "the refresh wrote no log"
    warned = [line for log in logs for line in log.read_text().splitlines() if " WARN " in line]
    assert warned == []
