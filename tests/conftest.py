"""Shared fixtures. ``shared_data`` is the real publisher snapshot in ``../shared/data``.

Outside CI a missing snapshot skips the test with the reason; under CI (``CI=true``) the
snapshot is always provisioned, so its absence is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("HEMI_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def _require_shared_data() -> Path:
    if SHARED_DATA.is_dir() and any(SHARED_DATA.iterdir()):
        return SHARED_DATA
    reason = f"real publisher snapshot not found at {SHARED_DATA}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must provide it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return _require_shared_data()


# Two warehouses built once per session and only ever read: the real snapshot and the bundled sample.
@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory, shared_data: Path) -> Iterator:
    from tests.integration.conftest import build_warehouse

    yield from build_warehouse(tmp_path_factory.mktemp("real_home"), mode="snapshot", snapshot_dir=str(shared_data))


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Iterator:
    from tests.integration.conftest import build_warehouse

    yield from build_warehouse(tmp_path_factory.mktemp("sample_home"), mode="sample")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(server: subprocess.Popen, timeout_s: float) -> None:
    """Ask a server a test started to stop; kill it if it has not within ``timeout_s``."""
    server.terminate()
    try:
        server.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=timeout_s)  # reaped, so no zombie outlives the test


def _server_or_skip(start, what: str) -> Iterator:
    """Yield the server ``start()`` gives. Skips with the reason when it cannot be installed or started
    here, except under CI=true, where that is a failure."""
    from tests.servers import ServerUnavailable

    try:
        with start() as server:
            yield server
    except ServerUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{what} unavailable: {exc}; CI must provide it")
        pytest.skip(f"{what} unavailable: {exc}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator:
    """A throwaway PostgreSQL server (tests/servers.py)."""
    from tests.servers import postgres_server as start_postgres

    yield from _server_or_skip(start_postgres, "PostgreSQL")


@pytest.fixture(scope="session")
def s3_server() -> Iterator:
    """moto's S3-compatible server on 127.0.0.1 (tests/servers.py)."""
    from tests.servers import s3_server as start_s3

    yield from _server_or_skip(start_s3, "S3 server")
