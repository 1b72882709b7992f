"""One `hemi refresh`, in this process, then the time of each stage from the Dagster run's events.

Run as a child of bench/run.py so that its peak memory is its own. Prints one JSON object:
wall seconds from interpreter start, seconds per stage (land, parse+load, checks, dbt, publish, and
`startup` for imports and loading the definitions), the process's peak RSS and that of its
children (the dbt subprocess), whether it published, and the raw row count.

    HEMI_HOME=/tmp/x DAGSTER_HOME=/tmp/x/dagster python bench/refresh_once.py --snapshot ../shared/data
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

STARTED = time.perf_counter()
STARTED_WALL = time.time()

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STAGES = ("land", "parse_load", "checks", "dbt", "publish")


def stage_of(step_key: str) -> str:
    if step_key.startswith("landing__"):
        return "land"
    if step_key.endswith("_raw_tables"):
        return "parse_load"
    if step_key.startswith("raw__"):
        return "checks"
    if step_key == "hemisphere_dbt_models":
        return "dbt"
    if step_key == "published_warehouse":
        return "publish"
    return "other"


def stage_seconds(instance, run_id: str) -> tuple[dict[str, float], float, float]:
    """Seconds per stage from each step's start and end events; the run's start and end times."""
    from dagster import DagsterEventType

    started: dict[str, float] = {}
    seconds: dict[str, float] = defaultdict(float)
    run_start = run_end = None
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        kind = event.event_type
        if kind == DagsterEventType.RUN_START:
            run_start = entry.timestamp
        elif kind in (DagsterEventType.RUN_SUCCESS, DagsterEventType.RUN_FAILURE):
            run_end = entry.timestamp
        elif kind == DagsterEventType.STEP_START:
            started[entry.step_key] = entry.timestamp
        elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE) and entry.step_key in started:
            seconds[stage_of(entry.step_key)] += entry.timestamp - started.pop(entry.step_key)
    return dict(seconds), run_start or 0.0, run_end or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snapshot", type=Path, help="a folder laid out like shared/data (default: the sample)")
    parser.add_argument("--force", action="store_true", help="rebuild everything even if nothing changed")
    args = parser.parse_args()

    from orchestration.paths import configure_environment

    configure_environment()
    from dagster import DagsterInstance

    from orchestration.refresh import RefreshRequest, run_refresh

    imported = time.perf_counter()
    request = (
        RefreshRequest(mode="snapshot", snapshot_dir=str(args.snapshot.resolve()), force=args.force)
        if args.snapshot
        else RefreshRequest(mode="sample", force=args.force)
    )
    # The refresh creates its Dagster instance only when it has a run to start, as `hemi refresh` does.
    outcome = run_refresh(request)
    finished = time.perf_counter()
    # The Great Expectations process is a child too: stopped (and waited for) here, its peak counts below.
    from orchestration.checks import gx_runner

    gx_runner.stop()
    instance = DagsterInstance.get()
    # A refresh lands in one Dagster run, then parses, checks and builds what changed in a second.
    run_ids = list(dict.fromkeys(r for r in (getattr(outcome, "land_run_id", ""), outcome.run_id) if r))
    seconds: dict[str, float] = defaultdict(float)
    first_start = None
    for run_id in run_ids:
        run_seconds, run_start, _ = stage_seconds(instance, run_id)
        for stage, value in run_seconds.items():
            seconds[stage] += value
        first_start = run_start if first_start is None else min(first_start, run_start)
    inside_steps = sum(seconds.values())
    up_to_date = bool(getattr(outcome, "up_to_date", False))
    wall = finished - STARTED
    startup = (first_start - STARTED_WALL) if first_start else imported - STARTED
    result = {
        "published": outcome.published or up_to_date,
        "up_to_date": up_to_date,
        "failure": outcome.failure,
        "wall_s": round(wall, 3),
        # Imports and loading the definitions (and dbt's manifest) until the first run starts.
        "startup_s": round(startup, 3),
        # The runs' own time outside any step (Dagster's planning, resources, events) and between the runs.
        "between_steps_s": round(max(wall - startup - inside_steps, 0.0), 3),
        **{f"{stage}_s": round(seconds.get(stage, 0.0), 3) for stage in (*STAGES, "other")},
        "raw_rows": sum(t.rows or 0 for t in outcome.tables),
        # Why the refresh rebuilt what it rebuilt (sources changed, or the dbt project).
        "plan": plan.describe() if (plan := getattr(outcome, "plan", None)) is not None else [],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # The largest child: dbt or the Great Expectations process. Children count from their fork, when
        # they share this process's pages, so their figure is at least this one's: informative when larger.
        "children_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
