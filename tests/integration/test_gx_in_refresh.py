"""A Great Expectations worker that does not answer in time fails the refresh run within its limits,
naming the suite, instead of holding the run for ever; the writer lock and the worker are released."""

from __future__ import annotations

import time
from pathlib import Path

from dagster import AssetKey, DagsterInstance

from orchestration.checks import gx_runner
from orchestration.warehouse import WarehouseFiles
from tests.integration.conftest import runtime_home

RAW = [AssetKey(["raw", "cbp_encounters"]), AssetKey(["raw", "cbp_encounters_revisions"])]  # one step


def test_a_worker_that_does_not_answer_fails_the_run_naming_the_suite(tmp_path: Path) -> None:
    from orchestration.definitions import defs

    with runtime_home(tmp_path / "home"):
        instance = DagsterInstance.ephemeral()
        sample = {"resources": {"source_settings": {"config": {"mode": "sample"}}}}
        landed = defs.resolve_job_def("land").execute_in_process(
            run_config=sample, instance=instance, asset_selection=[AssetKey(["landing", "cbp_encounters"])]
        )
        assert landed.success
        # Limits far below what GX needs to start: the wait for the suite times out, as for a wedged worker.
        # An idle worker kept from an earlier run in this process would already have GX imported and
        # could finish the small suite before it is waited for, so this run must start its own.
        gx_runner.stop()
        tight = {"start_s": 0.05, "suite_s": 0.05, "per_million_rows_s": 0.0}
        started = time.monotonic()
        result = defs.resolve_job_def("refresh").execute_in_process(
            run_config={"resources": {**sample["resources"], "great_expectations": {"config": tight}}},
            instance=instance,
            asset_selection=RAW,
            raise_on_error=False,
        )
        took = time.monotonic() - started
    assert not result.success
    failures = [
        event.step_failure_data.error
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data is not None
    ]
    messages = []
    for error in failures:
        while error is not None:
            messages.append(error.message)
            error = error.cause
    named = [m for m in messages if "did not finish suite cbp_encounters.cbp_encounters" in m]
    assert named, messages
    assert took < 120, took
    assert not WarehouseFiles(tmp_path / "home").published.exists()
    assert gx_runner.build_pending_data_docs(tmp_path) == 0  # the run's resource closed the worker
