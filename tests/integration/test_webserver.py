"""The real Dagster webserver serves this code location: asset graph, checks, schedules and sensors.

Starts `dagster-webserver` on a free port on 127.0.0.1 with its own HEMI_HOME, waits for the code
location to load, and asks the GraphQL API what an analyst would see in the UI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from orchestration.catalog import SOURCE_NAMES
from orchestration.paths import REPO_ROOT
from orchestration.release_calendar import RELEASE_CALENDAR
from tests.conftest import free_port, stop

STARTUP_TIMEOUT_S = 240

REPOSITORY_QUERY = """
{
  repositoriesOrError {
    ... on RepositoryConnection {
      nodes {
        name
        location { name }
        jobs { name }
        schedules { name cronSchedule description scheduleState { status } }
        sensors { name description sensorState { status } }
      }
    }
  }
}
"""

ASSET_QUERY = """
{
  assetNodes {
    assetKey { path }
    groupName
    kinds
    description
    owners { ... on TeamAssetOwner { team } }
    tags { key value }
    assetChecksOrError { ... on AssetChecks { checks { name blocking } } }
  }
}
"""


@pytest.fixture(scope="module")
def webserver(tmp_path_factory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("webserver_home")
    (home / "dagster").mkdir()
    (home / "dagster" / "dagster.yaml").write_bytes((REPO_ROOT / "dagster.yaml").read_bytes())
    port = free_port()
    env = {**os.environ, "HEMI_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}
    log = (home / "webserver.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("dagster-webserver")),
            "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(port),
        ],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_loaded(url, server, home / "webserver.log")
        yield url
    finally:
        stop(server, timeout_s=30)
        log.close()


def _wait_until_loaded(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"dagster-webserver exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            nodes = _graphql(url, REPOSITORY_QUERY)["repositoriesOrError"].get("nodes")
            if nodes:
                return
        except (httpx.HTTPError, KeyError):
            pass
        time.sleep(2)
    raise AssertionError(f"the code location did not load in {STARTUP_TIMEOUT_S}s:\n{log.read_text()[-3000:]}")


def _graphql(url: str, query: str) -> dict:
    response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=60)
    response.raise_for_status()
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def test_the_ui_shows_the_asset_graph_grouped_by_source_and_plan_point_with_checks(webserver):
    nodes = {"/".join(n["assetKey"]["path"]): n for n in _graphql(webserver, ASSET_QUERY)["assetNodes"]}
    for source in SOURCE_NAMES:
        assert nodes[f"landing/{source}"]["groupName"] == source
        assert nodes[f"landing/{source}"]["kinds"] == ["python"]
        checks = nodes[f"landing/{source}"]["assetChecksOrError"]["checks"]
        assert {"name": "vintage_freshness", "blocking": False} in checks
    assert nodes["raw/census_trade_monthly"]["groupName"] == "census_trade"
    assert set(nodes["raw/census_trade_monthly"]["kinds"]) == {"python", "duckdb"}
    assert {"name": "expectations", "blocking": True} in nodes["raw/census_trade_monthly"]["assetChecksOrError"][
        "checks"
    ]
    assert nodes["marts/mart_tariff_exposure"]["groupName"] == "marts_trade"
    assert "dbt" in nodes["marts/mart_tariff_exposure"]["kinds"]
    assert nodes["marts/mart_tariff_exposure"]["assetChecksOrError"]["checks"]  # dbt tests as checks
    assert nodes["marts/mart_migration_root_causes"]["groupName"] == "marts_migration"
    # Every mart is tagged with the plan points it answers, so the UI can filter the graph by plan point.
    assert {"key": "plan_point_T2", "value": ""} in nodes["marts/mart_tariff_exposure"]["tags"]
    assert {"key": "plan_point_P4", "value": ""} in nodes["marts/mart_migration_root_causes"]["tags"]
    assert all(n["description"] for n in nodes.values())
    assert {"team": "hemisphere"} in nodes["raw/wdi_values"]["owners"]


def test_the_ui_lists_the_jobs_release_schedules_and_sensors(webserver):
    (repository,) = _graphql(webserver, REPOSITORY_QUERY)["repositoriesOrError"]["nodes"]
    assert {"land", "refresh", "freshness"} <= {job["name"] for job in repository["jobs"]}
    schedules = {s["name"]: s for s in repository["schedules"]}
    for source, release in RELEASE_CALENDAR.items():
        schedule = schedules[f"{source}_release"]
        assert schedule["cronSchedule"] == release.cron
        assert release.reason in schedule["description"]
        assert schedule["scheduleState"]["status"] == "STOPPED"  # no publisher is reachable by default
    assert schedules["freshness_daily"]["scheduleState"]["status"] == "RUNNING"
    sensors = {s["name"]: s for s in repository["sensors"]}
    assert {"new_releases", "drop_folder"} <= set(sensors)
    assert "drop" in sensors["drop_folder"]["description"]
