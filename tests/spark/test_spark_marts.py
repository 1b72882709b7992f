"""The marts built on Apache Spark equal the marts DuckDB built, row for row.

bench/spark_build.py runs once per session, in a process of its own: it writes the real snapshot
build's raw tables as Parquet, builds every model and test with `dbt build --target spark` (Spark in
dbt's process, its driver bound to 127.0.0.1) and compares with bench/compare_warehouses.py.

`make test` runs this module in .venv-spark, in a second pytest process beside the main suite
(about two and a half minutes on two cores, the real snapshot's DuckDB build included); `make
test-spark` runs it alone. Outside CI a missing Java or `.[spark]` extra skips with the reason; under
CI=true it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.spark

SPARK_BUILD_TIMEOUT_S = 1800


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
def spark_report(real_warehouse, tmp_path_factory) -> dict:
    _require_spark()
    from orchestration.warehouse import WarehouseFiles

    work = tmp_path_factory.mktemp("spark")
    report = work / "report.json"
    completed = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "bench" / "spark_build.py"),
            "--warehouse",
            str(WarehouseFiles(real_warehouse.home).published),
            "--work",
            str(work / "build"),
            "--duckdb-run-results",
            str(real_warehouse.home / "dbt_target" / "run_results.json"),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=SPARK_BUILD_TIMEOUT_S,
    )
    if not report.exists():
        pytest.fail(
            f"bench/spark_build.py wrote no report (exit {completed.returncode}):\n{completed.stdout[-3000:]}\n"
            f"{completed.stderr[-3000:]}"
        )
    return json.loads(report.read_text())


def test_every_model_and_test_builds_on_spark(spark_report):
    assert spark_report["dbt_build_succeeded"], "dbt build --target spark failed; see bench/spark_build.py's output"


def test_spark_marts_and_intermediate_tables_equal_duckdbs(spark_report):
    assert spark_report["tables"], "no table was compared"
    assert not spark_report["tables_on_one_side_only"], spark_report["tables_on_one_side_only"]
    unequal = [spark_report["tables"][name] for name in spark_report["unequal_tables"]]
    assert not unequal, "\n".join(unequal)


def test_the_same_dbt_tests_run_and_pass_on_both_engines(spark_report):
    assert spark_report["dbt_tests_equal"], "\n".join(spark_report["dbt_test_lines"])
