"""docs/deploy.md's team set-up: the Dagster webserver, the Dagster daemon and a `hemi refresh` from the
command line share one instance on PostgreSQL at once (docs/dagster.postgres.yaml), and `hemi` leaves the
operator's dagster.yaml as it is."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from orchestration.paths import REPO_ROOT
from tests.conftest import free_port, stop
from tests.integration.test_webserver import _graphql, _wait_until_loaded

POSTGRES_YAML = REPO_ROOT / "docs" / "dagster.postgres.yaml"
DAEMON_TIMEOUT_S = 180
REFRESH_TIMEOUT_S = 900

DAEMONS = "{ instance { daemonHealth { allDaemonStatuses { daemonType required healthy } } } }"
RUNS = "{ runsOrError { ... on Runs { results { runId jobName status } } } }"


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _wait_for_daemons(url: str, daemon: subprocess.Popen, log: Path) -> list[dict]:
    deadline = time.monotonic() + DAEMON_TIMEOUT_S
    statuses: list[dict] = []
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            raise AssertionError(f"dagster-daemon exited with {daemon.returncode}:\n{log.read_text()[-3000:]}")
        statuses = _graphql(url, DAEMONS)["instance"]["daemonHealth"]["allDaemonStatuses"]
        if all(s["healthy"] for s in statuses if s["required"]):
            return statuses
        time.sleep(2)
    raise AssertionError(f"daemons not healthy in {DAEMON_TIMEOUT_S}s: {statuses}\n{log.read_text()[-3000:]}")


def test_webserver_daemon_and_a_cli_refresh_share_one_postgres_instance(postgres_server, tmp_path: Path) -> None:
    import psycopg2

    with contextlib.closing(psycopg2.connect(postgres_server.url)) as con:
        con.autocommit = True
        with con.cursor() as cursor:
            cursor.execute("create database team_instance")
    url = postgres_server.sqlalchemy_url.rsplit("/", 1)[0] + "/team_instance"
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    shutil.copyfile(POSTGRES_YAML, dagster_home / "dagster.yaml")
    env = {**os.environ, "HEMI_HOME": str(tmp_path / "home"), "DAGSTER_HOME": str(dagster_home),
           "DAGSTER_POSTGRES_URL": url}  # fmt: skip
    port = free_port()
    web_log, daemon_log = tmp_path / "webserver.log", tmp_path / "daemon.log"
    with web_log.open("w") as web_out, daemon_log.open("w") as daemon_out:
        webserver = subprocess.Popen(
            [_bin("dagster-webserver"), "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO_ROOT, env=env, stdout=web_out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        daemon = subprocess.Popen(
            [_bin("dagster-daemon"), "run", "-m", "orchestration.definitions"],
            cwd=REPO_ROOT, env=env, stdout=daemon_out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            web = f"http://127.0.0.1:{port}"
            _wait_until_loaded(web, webserver, web_log)
            daemons = _wait_for_daemons(web, daemon, daemon_log)
            assert {"SCHEDULER", "SENSOR"} <= {s["daemonType"] for s in daemons}
            refreshed = subprocess.run(
                [_bin("hemi"), "refresh", "--sample"],
                cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=REFRESH_TIMEOUT_S,
            )  # fmt: skip
            assert refreshed.returncode == 0, refreshed.stderr[-3000:]
            # The webserver, reading the same PostgreSQL, shows the command line's runs.
            runs = _graphql(web, RUNS)["runsOrError"]["results"]
            assert {("land", "SUCCESS"), ("refresh", "SUCCESS")} <= {(r["jobName"], r["status"]) for r in runs}, runs
            assert daemon.poll() is None and webserver.poll() is None
        finally:
            stop(daemon, timeout_s=30)
            stop(webserver, timeout_s=30)
    assert (dagster_home / "dagster.yaml").read_bytes() == POSTGRES_YAML.read_bytes()  # hemi left it alone
    assert not list(dagster_home.rglob("*.db")), sorted(dagster_home.rglob("*"))  # nothing in SQLite
