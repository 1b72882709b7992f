"""Fixtures that build real warehouses in temporary runtime homes.

Each module gets its own HEMI_HOME, so builds never touch the developer's ./var and the
published file of one test module cannot leak into another.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dagster import DagsterInstance

from orchestration.paths import configure_environment
from orchestration.refresh import RefreshOutcome, RefreshRequest, run_refresh


@pytest.fixture(scope="module")
def hemi_home(tmp_path_factory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("hemi_home")
    saved = {key: os.environ.get(key) for key in ("HEMI_HOME", "DAGSTER_HOME")}
    os.environ["HEMI_HOME"] = str(home)
    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    configure_environment()
    yield home
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def refresh(**request) -> RefreshOutcome:
    return run_refresh(RefreshRequest(**request), instance=DagsterInstance.ephemeral())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
