"""When each source is refreshed, on its publisher's release calendar: cron and reason in one place."""

from __future__ import annotations

from dagster import DefaultScheduleStatus, ScheduleDefinition

from orchestration.jobs import source_jobs

# source -> (cron, why). Times are UTC, after the publisher's usual release hour.
RELEASE_CALENDAR: dict[str, tuple[str, str]] = {
    "wdi": (
        "0 6 5 1,4,7,10 *",
        "WDI is revised several times a year; a quarterly run picks up each update within a quarter.",
    ),
    "reference": (
        "0 6 5 7 *",
        "World Bank income groups change every 1 July; M49 and Schedule C codes change rarely.",
    ),
}

schedules = [
    ScheduleDefinition(
        name=f"{source}_release",
        cron_schedule=cron,
        job=source_jobs[source],
        description=reason,
        execution_timezone="UTC",
        # Off until an operator turns it on in the UI: these machines reach no publisher by default.
        default_status=DefaultScheduleStatus.STOPPED,
    )
    for source, (cron, reason) in RELEASE_CALENDAR.items()
]
