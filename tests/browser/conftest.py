"""A sample warehouse, the dashboard serving it, and Debian's headless Chromium driven by Playwright.

Playwright's own browser download (`playwright install`) needs hosts these machines cannot reach, so
the tests drive the distribution's Chromium, installing it with apt when it is missing and we are root.
Without it the tests skip, naming the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.paths import REPO_ROOT
from orchestration.warehouse import WarehouseFiles
from tests.conftest import free_port, stop

CHROMIUM = Path("/usr/bin/chromium")
# Flags that let Chromium run headless as root in a container with no GPU and no outside network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "browser"
WAREHOUSE_CACHE = REPO_ROOT / "test-artifacts" / "browser-sample-warehouse"
VIEWPORT = {"width": 1400, "height": 1000}


def ensure_chromium() -> str | None:
    """Install Debian's chromium if it is missing; return why it is unavailable, or None when it is there."""
    if CHROMIUM.exists():
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return f"{CHROMIUM} is missing and apt-get cannot install it here (needs root and apt)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"`{' '.join(command)}` failed: {done.stderr.strip()[-500:]}"
    return None if CHROMIUM.exists() else f"apt-get installed chromium but {CHROMIUM} is still missing"


@pytest.fixture(scope="session")
def chromium() -> str:
    reason = ensure_chromium()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"headless Chromium is required under CI: {reason}")
        pytest.skip(reason)
    return str(CHROMIUM)


def code_fingerprint() -> str:
    """A digest of everything that shapes the sample warehouse: parsers, samples, orchestration, dbt, pins."""
    digest = hashlib.sha256()
    skip = {"target", "logs", "dbt_packages", "__pycache__"}
    files = [REPO_ROOT / "pyproject.toml"]
    for folder in ("sources", "orchestration", "dbt_project"):
        files += [p for p in (REPO_ROOT / folder).rglob("*") if p.is_file() and not skip & set(p.parts)]
    for path in sorted(files):
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def dashboard_home(request) -> Path:
    """A HEMI_HOME with a published sample warehouse.

    The session's ``sample_warehouse`` when the integration tests build it anyway (always under
    CI=true). Run on their own, the browser tests reuse a warehouse built by the same code from
    test-artifacts/: a refresh costs most of a minute, the browser checks a few seconds a page.
    """
    in_ci = os.environ.get("CI") == "true"
    cached = WAREHOUSE_CACHE / code_fingerprint() / "hemisphere.duckdb"
    if in_ci or not cached.exists():
        home = request.getfixturevalue("sample_warehouse").home
        if not in_ci:
            shutil.rmtree(WAREHOUSE_CACHE, ignore_errors=True)  # builds of older code are never read again
            cached.parent.mkdir(parents=True)
            shutil.copyfile(WarehouseFiles(home).published, cached)
        return home
    home = request.getfixturevalue("tmp_path_factory").mktemp("dashboard_home")
    shutil.copyfile(cached, WarehouseFiles(home).published)
    return home


def _wait_healthy(url: str, server: subprocess.Popen, log: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer on {url} within {timeout_s}s:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def dashboard_url(dashboard_home: Path, tmp_path_factory) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on a free port, reading the sample warehouse."""
    assert WarehouseFiles(dashboard_home).published.exists()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    env = {**os.environ, "HEMI_HOME": str(dashboard_home), "DAGSTER_HOME": str(dashboard_home / "dagster")}
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(url, server, log)
        yield url
    finally:
        stop(server, timeout_s=10)


@pytest.fixture(scope="module")
def browser_context(chromium: str, dashboard_home: Path, tmp_path_factory) -> Iterator:
    """Chromium for one test module. Playwright's sync API keeps an asyncio loop running on this thread
    while it is open, and a Dagster run in this process then cannot close its own loop (a
    RuntimeWarning per run): so the warehouse is built first (``dashboard_home``), and Playwright
    stops with the module instead of lasting into the rest of the session's Dagster runs."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium_profile")),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def dashboard_page(browser_context, dashboard_url: str) -> Iterator:
    """One browser tab for a module: pages are reached from the sidebar, as a reader would."""
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    page.goto(dashboard_url)
    yield page
    page.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
