"""Run a refresh in this process: the same job, assets and checks that the UI and schedules run."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dagster import AssetKey, DagsterEventType, DagsterInstance

from orchestration.catalog import SOURCE_NAMES, SOURCES
from orchestration.checks import gx_runner
from orchestration.faults import readable_error
from orchestration.paths import hemi_home
from orchestration.plan import RefreshPlan, files_in_folder, plan_refresh
from orchestration.release_calendar import Freshness, freshness
from orchestration.versions import read_published
from orchestration.warehouse import RefreshBusyError, WarehouseFiles, writer_lock
from sources._common.landing import LandingZone

FRESHNESS_CHECK = "vintage_freshness"
_TABLE_SOURCE = {table.name: spec.name for spec in SOURCES for table in spec.raw_tables}


@dataclass(frozen=True)
class RefreshRequest:
    mode: str = "sample"
    snapshot_dir: str = ""
    only: Sequence[str] = ()
    dbt_vars: Mapping[str, str] = field(default_factory=dict)
    force: bool = False  # rebuild the requested sources and every model even when nothing changed
    allow_sample_over_real: bool = False  # publish the sample over a warehouse that holds real data
    # The profiles.yml output of the dbt step ("spark": models and tests on Spark, orchestration/spark.py);
    # empty: the dbt resource's own (HEMI_DBT_TARGET, else the DuckDB build).
    dbt_target: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.only) or SOURCE_NAMES

    def run_config(self, with_dbt: bool = True) -> dict:
        config: dict = {
            "resources": {
                "source_settings": {
                    "config": {
                        "mode": self.mode,
                        "snapshot_dir": self.snapshot_dir,
                        "allow_sample_over_real": self.allow_sample_over_real,
                    }
                }
            },
            # A logger runs only when the run config names it; this one prints a line per stage.
            "loggers": {"console": {}},
        }
        if self.dbt_vars and with_dbt:
            config["ops"] = {"hemisphere_dbt_models": {"config": {"vars": dict(self.dbt_vars)}}}
        if self.dbt_target and with_dbt:
            from orchestration.assets.dbt import dbt_resource_config

            config["resources"]["dbt"] = {"config": dbt_resource_config(self.dbt_target)}
        return config


@dataclass
class TableOutcome:
    source: str
    table: str
    rows: int | None = None
    checks_passed: int = 0
    checks_failed: int = 0
    checks_warned: int = 0  # non-blocking checks (severity WARN) that did not pass


@dataclass
class RefreshOutcome:
    run_id: str
    published: bool
    failure: str = ""
    tables: list[TableOutcome] = field(default_factory=list)
    dbt_checks_passed: int = 0
    dbt_checks_total: int = 0
    dbt_checks_warned: int = 0  # warn-severity dbt tests that found rows: warned, not failed
    log_file: Path | None = None
    failing_rows: list[str] = field(default_factory=list)  # markdown samples from failed checks
    warnings: list[str] = field(default_factory=list)  # non-blocking checks that did not pass
    materialized: list[AssetKey] = field(default_factory=list)  # what this refresh rebuilt
    plan: RefreshPlan | None = None
    land_run_id: str = ""
    freshness: list[Freshness] = field(default_factory=list)  # per source landed, for the summary's table
    quarantined: list[Path] = field(default_factory=list)  # where a failed attempt's files went

    @property
    def up_to_date(self) -> bool:
        """Nothing new: every landed file and all code matched the published warehouse, which was kept."""
        return not self.failure and self.plan is not None and self.plan.nothing_to_do


def _only_without_the_rest(request: RefreshRequest) -> str:
    """Why ``--only`` cannot build here, or "". It refreshes some sources over a published warehouse that
    holds the others: the marts join every source, so with another source never published, dbt would
    fail on its missing raw tables."""
    if not request.only:
        return ""
    published = read_published(WarehouseFiles(hemi_home()).published)
    missing = [name for name in SOURCE_NAMES if name not in request.only and ("source", name) not in published]
    if not missing:
        return ""
    return (
        f"--only {','.join(request.only)}: the published warehouse has no {', '.join(missing)} yet, and the "
        "marts need every source; run `hemi refresh` without --only first (the files landed now are kept)"
    )


def run_refresh(request: RefreshRequest, instance: DagsterInstance | None = None) -> RefreshOutcome:
    """Land the requested sources, then parse, check and rebuild only what changed, and publish."""
    unknown = sorted(set(request.only) - set(SOURCE_NAMES))
    if unknown:
        raise ValueError(f"unknown source(s) {unknown}; choose from {list(SOURCE_NAMES)}")
    unchanged = _unchanged_snapshot(request)
    if unchanged is not None:
        return RefreshOutcome(run_id="", published=False, plan=unchanged)
    # Files this attempt lands are recorded at or after this second: a failed attempt quarantines them.
    started = datetime.now(UTC).isoformat(timespec="seconds")
    # Great Expectations imports in its worker while this one lands the files (gx_runner.py); the
    # refresh run's `great_expectations` resource takes the pool over and closes it.
    gx_runner.prestart()
    instance = instance or DagsterInstance.get()
    tags = {"hemisphere/mode": request.mode, "hemisphere/only": ",".join(request.only) or "all"}
    # dagster-dbt echoes dbt's whole log to stdout; keep it in a file and the terminal to one line a stage.
    log_file = hemi_home() / "logs" / f"refresh-{datetime.now(UTC):%Y%m%dT%H%M%S}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("w") as log, contextlib.redirect_stdout(log):
        # The code location's one Definitions. Its dbt assets load dbt's manifest (5-9 s on the loaded
        # 2-core machine), which the refresh run needs anyway; only a landing that finds nothing new pays
        # it for nothing (a snapshot with nothing new stops before, in _unchanged_snapshot).
        from orchestration.definitions import defs

        landed = defs.resolve_job_def("land").execute_in_process(
            run_config=request.run_config(with_dbt=False),
            instance=instance,
            asset_selection=[AssetKey(["landing", name]) for name in request.sources],
            raise_on_error=False,
            tags=tags,
        )
        results = [landed]
        plan = None
        refused = _only_without_the_rest(request) if landed.success else ""
        if landed.success and not refused:
            plan = plan_refresh(hemi_home(), request.sources, request.dbt_vars, force=request.force)
            if not plan.nothing_to_do:
                from orchestration.assets.dbt import hemisphere_dbt_models

                selection = sorted(plan.selection().resolve(defs.resolve_asset_graph()))

                results.append(
                    defs.resolve_job_def("refresh").execute_in_process(
                        run_config=request.run_config(with_dbt=bool(set(selection) & hemisphere_dbt_models.keys)),
                        instance=instance,
                        asset_selection=selection,
                        raise_on_error=False,
                        tags={**tags, "hemisphere/changed": ",".join(sorted(plan.changed)) or "dbt"},
                    )
                )
    gx_runner.release()  # an idle worker serves this process's next refresh; it ends with the process
    outcome = _outcome(results)
    if refused:
        outcome.failure = refused
        return _finish(outcome, request, landed.run_id, log_file, started, quarantine=False)
    outcome.plan = plan
    return _finish(outcome, request, landed.run_id, log_file, started)


def _finish(
    outcome: RefreshOutcome, request: RefreshRequest, land_run_id: str, log_file: Path, started: str,
    quarantine: bool = True,
) -> RefreshOutcome:  # fmt: skip
    outcome.land_run_id = land_run_id
    outcome.log_file = log_file
    outcome.freshness = source_freshness(request.sources)
    if quarantine and not outcome.published and not outcome.up_to_date:
        outcome.quarantined = _quarantine(request, started, outcome.failure)
    return outcome


def source_freshness(sources: Sequence[str]) -> list[Freshness]:
    """Per source, how its newest landed vintage stands against the publisher's calendar."""
    from orchestration.checks.freshness import source_vintages

    zone = LandingZone(hemi_home() / "raw")
    states = []
    for source in sorted(sources):
        files = zone.last_complete(source)
        if files:
            vintages = source_vintages(source, ((f.vintage, f.retrieved_at, f.file) for f in files))
            states.append(freshness(source, vintages))
    return states


def _quarantine(request: RefreshRequest, started: str, failure: str) -> list[Path]:
    """Move what the failed attempt landed out of the landing zone (orchestration/gc.py).

    Under the writer lock: when another refresh holds it, the files since ``started`` may be its own,
    so nothing moves (`hemi gc` prunes them later if they end up unused).
    """
    from orchestration.gc import quarantine_attempt

    try:
        with writer_lock(hemi_home(), holder="quarantine of a failed refresh"):
            return quarantine_attempt(hemi_home(), request.sources, started, failure or "the run did not finish")
    except (RefreshBusyError, OSError):  # busy, or a home that cannot be written: the files stay where they are
        return []


def _unchanged_snapshot(request: RefreshRequest) -> RefreshPlan | None:
    """The plan, when a snapshot folder holds exactly what is published; None when there is work.

    Hashing a folder's files takes milliseconds, while landing them takes a Dagster run (seconds of
    start-up and events), so a snapshot refresh with nothing new stops here. Live mode must download
    to know, and the sample is written at landing, so both always land first.
    """
    if request.mode != "snapshot" or request.force:
        return None
    home = hemi_home()
    zone = LandingZone(home / "raw")
    try:
        plan = plan_refresh(
            home,
            request.sources,
            request.dbt_vars,
            # A file never landed before cannot be published: stop there, before reading any vintage
            # (a workbook's takes a second), since landing will read it anyway.
            landed_of=lambda spec: files_in_folder(spec, Path(request.snapshot_dir), zone, only_known=True),
        )
    except Exception:  # a new file, or an incomplete or unreadable folder: the land run handles it
        return None
    return plan if plan.nothing_to_do else None


def _outcome(results) -> RefreshOutcome:
    tables: dict[str, TableOutcome] = {}
    dbt_passed = dbt_total = dbt_warned = 0
    failures: list[str] = []
    warnings: list[str] = []
    failing_rows: list[str] = []
    published = False
    materialized: list[AssetKey] = []
    for event in (event for result in results for event in result.all_events):
        kind = event.event_type
        if kind == DagsterEventType.ASSET_MATERIALIZATION:
            key: AssetKey = event.asset_key
            materialized.append(key)
            if key.path == ["published_warehouse"]:
                published = True
            elif key.path[0] == "raw" and key.path[-1] in _TABLE_SOURCE:
                row_count = event.event_specific_data.materialization.metadata.get("dagster/row_count")
                _table(tables, key.path[-1]).rows = row_count.value if row_count is not None else None
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            name = evaluation.asset_key.path[-1]
            if evaluation.asset_key.path[0] == "landing":
                pass  # freshness: reported below when late, and by `hemi status`
            elif evaluation.asset_key.path[0] == "raw" and name in _TABLE_SOURCE:
                table = _table(tables, name)
                if evaluation.passed:
                    table.checks_passed += 1
                elif evaluation.severity.value == "WARN":
                    table.checks_warned += 1
                else:
                    table.checks_failed += 1
            else:
                dbt_total += 1
                dbt_passed += int(evaluation.passed)
                dbt_warned += int(not evaluation.passed and evaluation.severity.value == "WARN")
            if evaluation.check_name == FRESHNESS_CHECK:
                continue  # a fact about the publisher, shown in the summary's freshness table
            if not evaluation.passed and evaluation.severity.value == "WARN":
                warnings.append(f"{evaluation.check_name} on {'/'.join(evaluation.asset_key.path)}")
            elif not evaluation.passed:
                failures.append(
                    f"check {evaluation.check_name} on {'/'.join(evaluation.asset_key.path)} failed: "
                    f"{evaluation.description or ''}".strip()
                )
                for name in ("failures", "unknown_codes"):
                    sample = evaluation.metadata.get(name)
                    if sample is not None and getattr(sample, "value", None) not in (None, "", "none"):
                        failing_rows.append(str(sample.value))
        elif kind == DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error if event.step_failure_data else None
            if error is not None and error.cls_name == "DagsterAssetCheckFailedError":
                continue  # the failed check itself is reported above, with its rows
            message = _root_message(error) if error else "failed"
            failures.append(f"step {event.step_key} failed: {message}")
        elif kind in (DagsterEventType.ENGINE_EVENT, DagsterEventType.RUN_FAILURE):
            # Failures outside any step (a resource that cannot start, such as the writer lock).
            error = getattr(event.event_specific_data, "error", None)
            if error is not None and _root_message(error) not in " ".join(failures):
                failures.append(_root_message(error))
    success = all(result.success for result in results)
    return RefreshOutcome(
        run_id=results[-1].run_id,
        published=published and success,
        failure=_joined(failures) or ("the run did not finish" if not success else ""),
        tables=sorted(tables.values(), key=lambda t: (t.source, t.table)),
        dbt_checks_passed=dbt_passed,
        dbt_checks_total=dbt_total,
        dbt_checks_warned=dbt_warned,
        failing_rows=failing_rows,
        warnings=warnings,
        materialized=materialized,
    )


def _table(tables: dict[str, TableOutcome], name: str) -> TableOutcome:
    return tables.setdefault(name, TableOutcome(source=_TABLE_SOURCE[name], table=name))


def _root_message(error) -> str:
    return readable_error(error)


def _joined(failures: list[str]) -> str:
    """Failures in order, the steps that failed for the same reason named together on one line."""
    by_reason: dict[str, list[str]] = {}
    for failure in failures:
        step, sep, reason = failure.partition(" failed: ")
        if sep and step.startswith("step "):
            by_reason.setdefault(reason, []).append(step.removeprefix("step "))
        else:
            by_reason.setdefault(failure, [])
    parts = []
    for reason, steps in by_reason.items():
        if not steps:
            parts.append(reason)
        elif len(steps) == 1:
            parts.append(f"step {steps[0]} failed: {reason}")
        else:
            parts.append(f"{len(steps)} steps failed ({', '.join(steps)}): {reason}")
    return "; ".join(parts)
