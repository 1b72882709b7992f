"""The release calendar: vintage dates, when the next release is due, and what counts as late."""

from datetime import date

import pytest

from orchestration.catalog import SOURCE_NAMES
from orchestration.checks.freshness import landed_vintages, source_vintages
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


def test_the_sample_is_never_late_and_undated_data_is_unknown_never_fresh():
    assert not freshness("wdi", ["sample"], today=date(2099, 1, 1)).late
    undated = freshness("wdi", ["repository"], today=date(2026, 1, 1))
    assert not undated.late and undated.unknown and undated.verdict == "unknown"
    assert "unknown" in undated.summary() and "fresh" not in undated.summary().replace("freshness", "")
    nothing = freshness("wits", [], today=date(2026, 1, 1))
    assert nothing.verdict == "unknown" and "check the publisher" in nothing.action()


def test_undated_companion_files_do_not_make_a_dated_release_look_fresh():
    files = [("2025-04-15", "2026-11-23T10:00:00+00:00"), (None, "2026-11-23T10:00:00+00:00")]
    assert landed_vintages(files) == ["2025-04-15"]
    # With no dated file at all, the download date says nothing about the data: nothing stands in.
    assert landed_vintages([(None, "2026-11-23T10:00:00+00:00")]) == []


def test_wits_is_judged_on_its_newest_data_year_not_on_the_retrieval_date(shared_data):
    paths = sorted((shared_data / "wits_us_trade_summary").glob("tr_xm_*.xlsx"))
    files = [(None, "2026-12-02T10:00:00+00:00", path) for path in paths]
    vintages = source_vintages("wits", files)
    assert vintages == ["2022"]  # the exports cover 2017-2022, whenever they were downloaded
    state = freshness("wits", vintages, today=date(2026, 12, 2))
    assert state.late and state.verdict == "late" and state.due == date(2024, 12, 30)
    assert "download it" in state.action()


def test_the_wto_export_is_judged_on_its_newest_notification_or_entry_into_force(shared_data):
    path = shared_data / "reference" / "wto_rta" / "AllRTAs.xlsx"
    vintages = source_vintages("trade_agreements", [(None, "2026-12-02T10:00:00+00:00", path)])
    assert len(vintages) == 1 and vintages[0] < "2026-12-02"  # a date inside the data, not the download day
    state = freshness("trade_agreements", vintages, today=date(2026, 12, 2))
    assert state.vintage_date is not None and state.due == state.vintage_date + RELEASE_CALENDAR[
        "trade_agreements"].due_after


def test_lateness_is_worded_as_what_to_do():
    late = freshness("cbp_encounters", ["2023-09"], today=date(2026, 12, 2))
    assert late.action() == f"next release was due {late.due}: download it and refresh"
    fresh = freshness("cbp_encounters", ["2026-11"], today=date(2026, 12, 2))
    assert fresh.verdict == "fresh" and fresh.action().startswith("up to date")


def test_a_closed_compilation_is_final_never_fresh_or_late():
    # Pew's figures were compiled once, through 2017: calling them "fresh, next release due 2117" would
    # tell an analyst an update is coming.
    state = freshness("pew_us_favorability", ["surveys through 2017"], today=date(2026, 12, 2))
    assert state.verdict == "final" and not state.late and state.due is None
    assert "no new release" in state.action() and "due" not in state.action()
