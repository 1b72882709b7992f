"""Schedules: land each source on its publisher's release calendar, and re-judge freshness daily.

A release schedule launches the ``land`` job for its source; the ``new_releases`` sensor then
refreshes the source only if the files changed. Cron and reason live in ``release_calendar.py``.
"""

from dagster import (
    AssetKey,
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    schedule,
)

from orchestration.jobs import freshness_job, land_job
from orchestration.release_calendar import RELEASE_CALENDAR


def _release_schedule(source: str, cron: str, reason: str):
    @schedule(
        name=f"{source}_release",
        cron_schedule=cron,
        job=land_job,
        description=f"Land {source} on its publisher's calendar. {reason}",
        execution_timezone="UTC",
        # Off until an operator turns it on in the UI: these machines reach no publisher by default.
        default_status=DefaultScheduleStatus.STOPPED,
        tags={"hemisphere/source": source},
    )
    def release(context: ScheduleEvaluationContext) -> RunRequest:
        return RunRequest(
            asset_selection=[AssetKey(["landing", source])],
            tags={"hemisphere/source": source, "hemisphere/trigger": "schedule"},
        )

    return release


release_schedules = [
    _release_schedule(source, release.cron, release.reason) for source, release in RELEASE_CALENDAR.items()
]

freshness_schedule = ScheduleDefinition(
    name="freshness_daily",
    cron_schedule="0 7 * * *",
    job=freshness_job,
    execution_timezone="UTC",
    description="Re-judge every source's freshness against today's date, so a late release shows without a refresh.",
    # Reads only the landing zone: safe to run everywhere, so it starts on.
    default_status=DefaultScheduleStatus.RUNNING,
)

schedules = [*release_schedules, freshness_schedule]
