"""The release calendar: vintage dates, when the next release is due, and what counts as late."""

from datetime import date

import pytest

from orchestration.catalog import SOURCE_NAMES
from orchestration.checks.freshness import landed_vintages
from orchestration.release_calendar import RELEASE_CALENDAR, freshness, vintage_date


def test_every_source_has_a_release_calendar_entry():
    assert set(RELEASE_CALENDAR) == set(SOURCE_NAMES)


@pytest.mark.parametrize(
    ("vintage", "expected"),
    [
        ("2025-04-15", date(2025, 4, 15)),
        ("2023-09", date(2023, 9, 30)),
        ("through 2024-02", date(2024, 2, 29)),
        ("2024", date(2024, 12, 31)),
        ("retrieved 2026-11-23", date(2026, 11, 23)),
        ("repository", None),
    ],
)
def test_a_vintage_stands_for_the_end_of_the_period_it_names(vintage, expected):
    assert vintage_date(vintage) == expected


def test_the_newest_vintage_decides_and_late_means_past_due():
    due_after = RELEASE_CALENDAR["census_trade"].due_after
    on_time = freshness("census_trade", ["through 2024-05", "through 2024-06"], today=date(2024, 7, 15))
    assert on_time.newest_vintage == "through 2024-06" and not on_time.late
    assert on_time.due == date(2024, 6, 30) + due_after
    late = freshness("census_trade", ["through 2024-06"], today=on_time.due.replace(year=2025))
    assert late.late and late.days_overdue == 365 and "LATE" in late.summary()


def test_the_sample_is_never_late_and_undated_files_are_said_to_be_undated():
    assert not freshness("wdi", ["sample"], today=date(2099, 1, 1)).late
    undated = freshness("wdi", ["repository"], today=date(2026, 1, 1))
    assert not undated.late and "no dated vintage" in undated.summary()


def test_undated_companion_files_do_not_make_a_dated_release_look_fresh():
    files = [("2025-04-15", "2026-11-23T10:00:00+00:00"), (None, "2026-11-23T10:00:00+00:00")]
    assert landed_vintages(files) == ["2025-04-15"]
    # With no dated file at all, the download date is the best we know.
    assert landed_vintages([(None, "2026-11-23T10:00:00+00:00")]) == ["retrieved 2026-11-23"]
