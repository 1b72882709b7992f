"""Each publisher's release calendar, in one place: when to look for a release, and when one is late.

The schedules (``orchestration/schedules.py``) take the cron; the freshness checks
(``orchestration/checks/freshness.py``) and ``hemi status`` take ``due_after``. Freshness is judged
on the publisher's vintage, not on when we last ran: a refresh that finds no new release does not
make stale data fresh, and a source whose publisher is simply between releases is not late.
Where a file carries no release date (WITS, the WTO export), the data's own period stands in (the
newest data year, the newest notification date: ``orchestration/checks/freshness.py``), never the
date we downloaded it; where nothing dates the data, freshness is "unknown", never "fresh".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


@dataclass(frozen=True)
class Release:
    cron: str  # UTC, after the publisher's usual release hour
    reason: str  # why this cron
    # How long after the newest vintage's date the next one is expected; None for a closed compilation
    # that will never be updated (it is "final", neither fresh nor late).
    due_after: timedelta | None
    due_reason: str  # what the vintage date is, and why the next release is due then


RELEASE_CALENDAR: dict[str, Release] = {
    "wdi": Release(
        "0 6 5 1,4,7,10 *",
        "WDI is revised several times a year; a quarterly run picks up each update within a quarter.",
        timedelta(days=120),
        "vintage = each indicator's Last Updated Date; WDI updates at least quarterly (+ a month's grace)",
    ),
    "reference": Release(
        "0 6 5 7 *",
        "World Bank income groups change every 1 July; M49 and Schedule C codes change rarely.",
        timedelta(days=400),
        "vintage = the newest classification date; CLASS and OGHIST change every 1 July",
    ),
    "census_trade": Release(
        "0 15 8 * *",
        "The FT-900 release comes out early each month (about five weeks after the month ends); "
        "the 8th at 15:00 UTC is after it.",
        timedelta(days=75),
        "vintage = last month covered; the next month's FT-900 is out about five weeks after that month ends",
    ),
    "wits": Release(
        "0 6 1 3 *",
        "WITS adds a reporter year once UN Comtrade data are complete, about once a year.",
        timedelta(days=730),
        "vintage = the newest data year in the exports (the files carry no release date); WITS adds reporter "
        "year Y once UN Comtrade is complete, so Y+1 is due by the end of Y+2",
    ),
    "usitc_dataweb": Release(
        "0 6 15 6 *",
        "DataWeb loads Census's annual revision of the previous year's trade in June; mid-June takes the "
        "revised full year.",
        timedelta(days=400),
        "vintage = the query's download date; a new full year is published (and revised) each June",
    ),
    "trade_agreements": Release(
        "0 6 1 * *",
        "The WTO RTA database changes as agreements are notified; monthly is enough.",
        timedelta(days=120),
        "vintage = the newest notification or entry-into-force date in the export (it carries no release "
        "date); agreements are notified every few months, so four months without one means an old export",
    ),
    "wgi": Release(
        "0 6 1 10 *",
        "The Worldwide Governance Indicators are released each autumn.",
        timedelta(days=670),
        "vintage = last data year; year Y is released in the autumn of Y+1, so Y+1 is due by autumn Y+2",
    ),
    "knomad": Release(
        "0 6 20 6,12 *",
        "KNOMAD publishes remittance estimates twice a year, in June and December.",
        timedelta(days=200),
        "vintage = the release month; releases come every six months",
    ),
    "unctad": Release(
        "0 6 25 6 *",
        "UNCTAD's FDI series follow the World Investment Report, released each June.",
        timedelta(days=400),
        "vintage = the export date; the series are updated yearly",
    ),
    "undesa_migrant_stock": Release(
        "0 6 15 1 *",
        "UN DESA revises International Migrant Stock every few years; a yearly look catches a new revision.",
        timedelta(days=5 * 365),
        "vintage = the revision's reference year; revisions come every four to five years",
    ),
    "pew_us_favorability": Release(
        "0 6 1 2 *",
        "No new release is expected: FiveThirtyEight compiled Pew's figures once, for a 2017 article. A yearly "
        "look only confirms the file is unchanged.",
        None,
        "vintage = the newest survey year in the compilation; no new release is expected, so it is final, never late",
    ),
    "cbp_encounters": Release(
        "0 15 20 * *",
        "CBP posts the previous month's encounters around mid-month.",
        timedelta(days=50),
        "vintage = last month covered; CBP posts each month's figures by the middle of the next",
    ),
}


@dataclass(frozen=True)
class Freshness:
    source: str
    newest_vintage: str | None
    vintage_date: date | None
    due: date | None  # when the next vintage is expected
    today: date

    @property
    def is_sample(self) -> bool:
        return self.newest_vintage == "sample"

    @property
    def final(self) -> bool:
        """A closed compilation: no release will follow, so it is neither fresh nor late."""
        return not self.is_sample and RELEASE_CALENDAR[self.source].due_after is None

    @property
    def unknown(self) -> bool:
        """Nothing dates the data: it may be current or years old, so it is never called fresh."""
        return not self.is_sample and self.vintage_date is None

    @property
    def late(self) -> bool:
        return not self.is_sample and self.due is not None and self.today > self.due

    @property
    def days_overdue(self) -> int:
        return (self.today - self.due).days if self.late and self.due else 0

    @property
    def verdict(self) -> str:
        """One word for a table: sample, final, unknown, late or fresh."""
        if self.is_sample:
            return "sample"
        if self.final:
            return "final"
        if self.unknown:
            return "unknown"
        return "late" if self.late else "fresh"

    def summary(self) -> str:
        if self.is_sample:
            return "sample data: freshness applies to publisher releases only"
        if self.final:
            return f"final: newest vintage {self.newest_vintage}; {RELEASE_CALENDAR[self.source].reason}"
        if self.vintage_date is None:
            return (
                f"unknown: nothing in the files dates the data ({self.newest_vintage or 'no vintage'}); "
                "cannot tell whether a newer release is out"
            )
        if self.late:
            return (
                f"LATE: newest vintage {self.newest_vintage} ({self.vintage_date}); the next was due by "
                f"{self.due}, {self.days_overdue} days ago"
            )
        return f"fresh: newest vintage {self.newest_vintage} ({self.vintage_date}); next due by {self.due}"

    def action(self) -> str:
        """What an operator should do, in words: the CLI's freshness table shows this, not a warning."""
        if self.is_sample:
            return "synthetic sample: refresh from a snapshot or --live for publisher data"
        if self.final:
            return "nothing: a closed compilation, no new release will come"
        if self.vintage_date is None:
            return "nothing dates this data: check the publisher's site for a newer release"
        if self.late:
            return f"next release was due {self.due}: download it and refresh"
        return f"up to date; next release due {self.due}"


def freshness(source: str, vintages: list[str | None], today: date | None = None) -> Freshness:
    """How late ``source``'s next release is, given the vintages loaded from it."""
    today = today or datetime.now(UTC).date()
    dated = [(vintage_date(v), v) for v in vintages if v]
    dated_only = [(d, v) for d, v in dated if d is not None]
    if "sample" in vintages:
        return Freshness(source, "sample", None, None, today)
    if not dated_only:
        newest = next((v for v in vintages if v), None)
        return Freshness(source, newest, None, None, today)
    newest_date, newest = max(dated_only)
    due_after = RELEASE_CALENDAR[source].due_after
    return Freshness(source, newest, newest_date, None if due_after is None else newest_date + due_after, today)


_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def vintage_date(vintage: str) -> date | None:
    """The date a vintage stands for: a day as is, a month or year at its end ('through 2024-06')."""
    match = _DATE.search(vintage)
    if not match:
        return None
    year, month, day = int(match[1]), match[2], match[3]
    if day:
        return date(year, int(month), int(day))
    if month:
        return date(year, int(month), calendar.monthrange(year, int(month))[1])
    return date(year, 12, 31)
