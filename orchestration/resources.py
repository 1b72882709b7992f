"""Resources shared by every asset: where data comes from, and the warehouse being built."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
from dagster import ConfigurableResource, InitResourceContext
from pydantic import Field, PrivateAttr

from orchestration.checks import gx_runner
from orchestration.paths import hemi_home
from orchestration.versions import Fingerprint, read_published
from orchestration.warehouse import WarehouseFiles, writer_lock
from sources._common.land import MODES
from sources._common.landing import LandingZone


class SourceSettings(ConfigurableResource):
    """Where a refresh reads the publishers' files from; set per run from the launchpad or `hemi`."""

    mode: str = Field(
        default="sample",
        description="sample (bundled synthetic sample), snapshot (a folder laid out like shared/data) or live",
    )
    snapshot_dir: str = Field(default="", description="Folder with one subfolder per source (snapshot mode)")

    def validated_mode(self) -> str:
        if self.mode not in MODES:
            raise ValueError(f"source mode must be one of {MODES}, not {self.mode!r}")
        return self.mode


class Warehouse(ConfigurableResource):
    """The runtime home: landing zone, the run's private build copy, and the published file.

    Holding the writer lock for the whole run (set up once per run by the in-process executor)
    means a second refresh, from the UI or the CLI, refuses cleanly instead of interleaving.
    """

    home: str = Field(default="", description="HEMI_HOME; empty means the environment's or ./var")
    lock_wait_s: float = Field(default=0.0, description="How long a second refresh waits for the lock")
    _lock = PrivateAttr(default=None)

    @property
    def home_path(self) -> Path:
        return Path(self.home).resolve() if self.home else hemi_home()

    @property
    def files(self) -> WarehouseFiles:
        return WarehouseFiles(self.home_path)

    @property
    def landing_zone(self) -> LandingZone:
        return LandingZone(self.home_path / "raw")

    @property
    def sample_dir(self) -> Path:
        return self.home_path / "sample"

    def setup_for_execution(self, context: InitResourceContext) -> None:
        os.environ.setdefault("HEMI_HOME", str(self.home_path))
        run_id = context.run_id or "unknown run"
        self._lock = writer_lock(self.home_path, holder=f"run {run_id}", wait_s=self.lock_wait_s)
        self._lock.__enter__()
        if context.dagster_run is not None and context.dagster_run.job_name == "refresh":
            # The raw checks will need Great Expectations: let its process import it meanwhile.
            gx_runner.prestart()

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def connect_build(self, run_id: str) -> duckdb.DuckDBPyConnection:
        return self.files.connect_build(run_id)

    def published_fingerprints(self) -> dict[tuple[str, str], Fingerprint]:
        return read_published(self.files.published)

    def connect_published(self) -> duckdb.DuckDBPyConnection | None:
        published = self.files.published
        return duckdb.connect(str(published), read_only=True) if published.exists() else None


def default_resources() -> dict[str, ConfigurableResource]:
    """The resources every job needs; schedules and sensors take their source mode from the environment."""
    return {
        "source_settings": SourceSettings(
            mode=os.environ.get("HEMI_SOURCE_MODE", "sample"),
            snapshot_dir=os.environ.get("HEMI_SNAPSHOT_DIR", ""),
        ),
        "warehouse": Warehouse(),
    }
