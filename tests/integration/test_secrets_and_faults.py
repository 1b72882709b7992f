"""Faults: a planted API key never leaks, and a refresh killed with SIGKILL loses nothing."""

from __future__ import annotations

import http.server
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from orchestration.warehouse import WarehouseFiles
from sources.worldbank.sample import write_sample
from tests.integration.conftest import refresh, sha256_of

PLANTED_KEY = "planted-Key-7f3a9c-DO-NOT-LEAK"


class _Publisher(http.server.BaseHTTPRequestHandler):
    """A stand-in World Bank API on 127.0.0.1: zips for the CSV indicators, 404 for the others."""

    zips: ClassVar[dict[str, bytes]] = {}
    seen_keys: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if f"key={PLANTED_KEY}" in query:
            self.seen_keys.append(PLANTED_KEY)
        body = self.zips.get(path.rsplit("/", 1)[-1])
        self.send_response(200 if body else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def publisher(tmp_path) -> Iterator[str]:
    write_sample(tmp_path / "sample")
    zips = {}
    for folder in (tmp_path / "sample" / "wdi").iterdir():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for member in folder.glob("*.csv"):
                archive.write(member, member.name)
        if list(folder.glob("API_*.csv")):
            zips[folder.name] = buffer.getvalue()
    _Publisher.zips, _Publisher.seen_keys = zips, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Publisher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v2/en/indicator/{{code}}"
    server.shutdown()


def test_a_planted_api_key_never_reaches_logs_manifests_file_names_or_dagster(
    hemi_home, publisher, monkeypatch
):
    monkeypatch.setenv("HEMI_WDI_API_KEY", PLANTED_KEY)
    monkeypatch.setattr("sources.worldbank.fetch.INDICATOR_DOWNLOAD_URL", publisher)
    from dagster import DagsterInstance

    from orchestration.refresh import RefreshRequest, run_refresh

    instance = DagsterInstance.ephemeral()
    # Some registry indicators are missing from the stand-in, so the refresh fails on a 404:
    # error messages are where keys usually leak.
    outcome = run_refresh(RefreshRequest(mode="live", only=("wdi",)), instance=instance)
    assert _Publisher.seen_keys, "the key was never sent to the publisher"
    assert not outcome.published and "HTTP 404" in outcome.failure
    assert PLANTED_KEY not in outcome.failure and "key=REDACTED" in outcome.failure

    leaks = [str(p) for p in hemi_home.rglob("*") if PLANTED_KEY in str(p)]
    leaks += [str(p) for p in hemi_home.rglob("*") if p.is_file() and PLANTED_KEY.encode() in p.read_bytes()]
    events = instance.all_logs(outcome.run_id)
    leaks += ["dagster event log"] if PLANTED_KEY in json.dumps([str(e) for e in events]) else []
    assert not leaks, f"the key leaked into {leaks}"


def test_a_refresh_killed_mid_run_leaves_the_warehouse_intact_and_the_next_one_recovers(hemi_home):
    first = refresh(mode="sample")
    assert first.published, first.failure
    published = WarehouseFiles(hemi_home).published
    before = sha256_of(published)
    env = {**os.environ, "HEMI_HOME": str(hemi_home), "DAGSTER_HOME": str(hemi_home / "dagster")}
    hemi = Path(sys.executable).with_name("hemi")
    # One small source keeps the test quick; the kill still lands while dbt writes the build copy.
    victim = subprocess.Popen(
        [str(hemi), "refresh", "--sample", "--only", "cbp_encounters", "--force"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    for line in victim.stderr:  # the stage lines; kill once dbt is writing the build copy
        if "▶ hemisphere_dbt_models" in line or time.monotonic() > deadline:
            time.sleep(3)
            break
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    assert sha256_of(published) == before, "a killed refresh changed the published warehouse"

    recovered = refresh(mode="sample", only=("cbp_encounters",), force=True)
    assert recovered.published, recovered.failure
    assert not WarehouseFiles(hemi_home).build.exists()


class _BusyPublisher(http.server.BaseHTTPRequestHandler):
    """Answers 429, then 503, then the file, as a busy publisher does."""

    answers: ClassVar[list[int]] = []

    def do_GET(self) -> None:
        status = self.answers.pop(0) if self.answers else 200
        body = b"the file" if status == 200 else b"busy"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_live_downloads_retry_a_busy_local_publisher_then_fail_on_404():
    from sources._common.errors import FetchError
    from sources._common.http import HttpClient

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BusyPublisher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/data.csv"
    try:
        _BusyPublisher.answers = [429, 503]
        with HttpClient("test", backoff_initial_s=0.05, backoff_max_s=0.1) as client:
            assert client.download(url, dataset="busy") == b"the file"
        _BusyPublisher.answers = [404]
        with HttpClient("test", backoff_initial_s=0.05) as client, pytest.raises(FetchError) as error:
            client.download(url, dataset="moved")
        assert "HTTP 404" in str(error.value) and url in str(error.value)
    finally:
        server.shutdown()
