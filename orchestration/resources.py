"""Resources shared by every asset: where data comes from, and the warehouse being built."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
from dagster import AssetKey, ConfigurableResource, Failure, InitResourceContext
from pydantic import Field, PrivateAttr

from orchestration import lake
from orchestration.checks import gx_runner
from orchestration.checks.gx_runner import GxLimits
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
    allow_sample_over_real: bool = Field(
        default=False,
        description=(
            "Publish the synthetic sample even over a warehouse that holds real data (refused otherwise, "
            "naming both); `hemi refresh --sample --allow-sample-over-real`"
        ),
    )

    def validated_mode(self) -> str:
        if self.mode not in MODES:
            raise ValueError(f"source mode must be one of {MODES}, not {self.mode!r}")
        return self.mode


PUBLISHED_WAREHOUSE = AssetKey(["published_warehouse"])
# Which lake snapshot HEMI_HOME/hemisphere.duckdb holds, when the warehouse is a DuckLake.
LAKE_MARKER = "lake_snapshot.json"


def _real_sources(published: Path) -> list[str]:
    """Sources of ``published`` loaded from real files (snapshot or live), with their origin."""
    if not published.exists():
        return []
    with duckdb.connect(str(published), read_only=True) as con:
        try:
            rows = con.execute(
                "select source, string_agg(distinct origin, '/') from meta.source_loads "
                "where origin <> 'sample' group by 1 order by 1"
            ).fetchall()
        except duckdb.Error:
            return []
    return [f"{source}: {origin}" for source, origin in rows]


def published_source_mode(home: Path) -> str | None:
    """The source mode of the published warehouse's newest refresh (``meta.refreshes``); None when none."""
    published = WarehouseFiles(home).published
    if not published.exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            found = con.execute("select mode from meta.refreshes order by published_at desc limit 1").fetchall()
    except duckdb.Error:  # no meta yet, or a file this DuckDB cannot read (the next refresh sets it aside)
        return None
    return found[0][0] if found and found[0][0] in MODES else None


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
        # dbt runs as a subprocess and finds the warehouse through HEMI_HOME.
        os.environ.setdefault("HEMI_HOME", str(self.home_path))
        self.home_path.mkdir(parents=True, exist_ok=True)
        run_id = context.run.run_id if context.run is not None else "unknown run"
        self._lock = writer_lock(self.home_path, holder=f"run {run_id}", wait_s=self.lock_wait_s)
        self._lock.__enter__()
        try:
            self.catch_up_with_lake(context)
        except BaseException:
            self.teardown_after_execution(context)
            raise
        selection = context.run.asset_selection if context.run is not None else None
        if selection and PUBLISHED_WAREHOUSE not in selection and any(k.path[0] != "landing" for k in selection):
            # "Materialize" on a few assets in the UI: they are rebuilt in the run's build copy only.
            context.log.warning(
                f"This run builds {', '.join(sorted(k.to_user_string() for k in selection)[:5])}"
                f"{' and more' if len(selection) > 5 else ''} into {self.files.build_dir} and publishes nothing: "
                f"{self.files.published} is unchanged. To publish, include published_warehouse in the selection "
                "(or launch the refresh job), which publishes only when every blocking check passes."
            )

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def connect_build(self, run_id: str) -> duckdb.DuckDBPyConnection:
        return self.files.connect_build(run_id)

    @property
    def _lake_marker(self) -> Path:
        return self.home_path / LAKE_MARKER

    def catch_up_with_lake(self, context: InitResourceContext | None = None) -> None:
        """On a DuckLake, make HEMI_HOME's published file the lake's current snapshot, under the lock.

        The refresh plans against that file (its fingerprints) and builds from a copy of it, as with
        the file target; it is this machine's copy of the lake. When another machine (or a refresh killed
        between the lake's commit and the local rename) moved the lake on, the snapshot is pulled first,
        so a partial refresh never publishes other sources' tables older than the lake's.
        """
        target = lake.lake_target()
        if target is None:
            return
        current = lake.current_snapshot(target, read_only=False)
        if current is None or self._local_snapshot(target) == current:
            return
        scratch = self.home_path / "lake_pull"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        pulled = lake.pull(target, scratch / "hemisphere.duckdb")
        if pulled is not None:
            self.files.replace_published(scratch / "hemisphere.duckdb")
            self._record_snapshot(target, pulled)
            if context is not None:
                context.log.info(f"pulled snapshot {pulled} of {target.describe()} into {self.files.published}")
        shutil.rmtree(scratch, ignore_errors=True)

    def publish(self, run_id: str, info: dict) -> tuple[Path, int | None]:
        """Publish the build: to the lake first (one snapshot), then as this machine's file (os.replace)."""
        target = lake.lake_target()
        snapshot = None
        if target is not None:
            snapshot = lake.publish(target, self.files.checkpoint_build(run_id), run_id, info)
        path = self.files.publish(run_id)
        if target is not None and snapshot is not None:
            self._record_snapshot(target, snapshot)
        return path, snapshot

    def _local_snapshot(self, target: lake.LakeTarget) -> int | None:
        try:
            recorded = json.loads(self._lake_marker.read_text())
        except (OSError, ValueError):
            return None
        if recorded.get("lake") != target.describe() or not self.files.published.exists():
            return None
        return recorded.get("snapshot_id")

    def _record_snapshot(self, target: lake.LakeTarget, snapshot_id: int) -> None:
        tmp = self._lake_marker.with_suffix(".tmp")
        tmp.write_text(json.dumps({"lake": target.describe(), "snapshot_id": snapshot_id}))
        os.replace(tmp, self._lake_marker)

    def published_fingerprints(self) -> dict[tuple[str, str], Fingerprint]:
        return read_published(self.files.published)

    def refuse_sample_over_real(self, con: duckdb.DuckDBPyConnection, run_id: str, allowed: bool) -> None:
        """Fail the publish step when this run loaded the synthetic sample and the published warehouse
        holds real data (a snapshot or live load), unless ``allowed``."""
        sample = [r[0] for r in con.execute(
            "select distinct source from meta.source_loads where run_id = ? and origin = 'sample' order by 1", [run_id]
        ).fetchall()]  # fmt: skip
        real = _real_sources(self.files.published) if sample and not allowed else []
        if real:
            raise Failure(
                description=(
                    f"refusing to publish the synthetic sample ({', '.join(sample)}) over {self.files.published}, "
                    f"which holds real data ({', '.join(real)}); the published warehouse is unchanged. Build the "
                    "sample in another HEMI_HOME, or ask for it: `hemi refresh --sample --allow-sample-over-real`, "
                    "or allow_sample_over_real: true in the source_settings resource config of the launchpad."
                )
            )

    def connect_published(self) -> duckdb.DuckDBPyConnection | None:
        published = self.files.published
        return duckdb.connect(str(published), read_only=True) if published.exists() else None


class GreatExpectations(ConfigurableResource):
    """The Great Expectations worker (``orchestration/checks/gx_runner.py``) for one run.

    Set up as the run starts, it opens the worker pool, so GX is imported while the files land and
    parse; torn down as the run ends, it kills a worker that is still busy and keeps an idle one for the
    process's next run (it ends with the process). Each wait
    for the worker is bounded: a suite may take ``suite_s`` plus ``per_million_rows_s`` per million
    rows, the worker's start ``start_s``; past that the worker is killed and the suite's check fails,
    naming the suite. The defaults are tens of times what the real snapshot and the 100x sample need.
    """

    start_s: float = Field(default=GxLimits.start_s, description="Seconds for the worker to start and import GX")
    suite_s: float = Field(default=GxLimits.suite_s, description="Seconds any one suite may take, before its rows")
    per_million_rows_s: float = Field(
        default=GxLimits.per_million_rows_s, description="Seconds more a suite may take per million rows"
    )

    def limits(self) -> GxLimits:
        return GxLimits(start_s=self.start_s, suite_s=self.suite_s, per_million_rows_s=self.per_million_rows_s)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        gx_runner.prestart(self.limits())

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        gx_runner.release()


def default_resources() -> dict[str, ConfigurableResource]:
    """The resources every job needs, with the defaults the launchpad shows.

    The source mode defaults to ``HEMI_SOURCE_MODE``, else to the mode of the published warehouse
    (read when the code location loads: "Reload" in the UI after a refresh from the CLI), else to the
    sample. Whatever the mode, the publish step refuses the sample over real data unless asked.
    """
    return {
        "source_settings": SourceSettings(
            mode=os.environ.get("HEMI_SOURCE_MODE") or published_source_mode(hemi_home()) or "sample",
            snapshot_dir=os.environ.get("HEMI_SNAPSHOT_DIR", ""),
        ),
        "warehouse": Warehouse(),
        "great_expectations": GreatExpectations(),
    }
