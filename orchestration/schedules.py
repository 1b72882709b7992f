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
    "census_trade": (
        "0 15 8 * *",
        "The FT-900 release comes out early each month (about five weeks after the month ends); "
        "the 8th at 15:00 UTC is after it. A month already landed is not re-parsed.",
    ),
    "wits": ("0 6 1 3 *", "WITS adds a reporter year once UN Comtrade data are complete, about once a year."),
    "trade_agreements": ("0 6 1 * *", "The WTO RTA database changes as agreements are notified; monthly is enough."),
    "wgi": ("0 6 1 10 *", "The Worldwide Governance Indicators are released each autumn."),
    "knomad": ("0 6 20 6,12 *", "KNOMAD publishes remittance estimates twice a year, in June and December."),
    "unctad": ("0 6 25 6 *", "UNCTAD's FDI series follow the World Investment Report, released each June."),
    "undesa_migrant_stock": (
        "0 6 15 1 *",
        "UN DESA revises International Migrant Stock every few years; a yearly look catches a new revision.",
    ),
    "cbp_encounters": ("0 15 20 * *", "CBP posts the previous month's encounters around mid-month."),
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
