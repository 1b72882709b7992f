"""`hemi refresh --only` refreshes part of a published warehouse; in a home where another source was never
published it refuses in words, before dbt fails on the missing raw tables, and keeps the files it landed."""

from __future__ import annotations

from pathlib import Path

from orchestration.warehouse import WarehouseFiles
from sources._common.landing import LandingZone
from tests.integration.conftest import refresh, runtime_home


def test_only_in_a_new_home_refuses_naming_the_missing_sources_and_keeps_the_landing(tmp_path: Path) -> None:
    with runtime_home(tmp_path / "home") as home:
        outcome = refresh(mode="sample", only=("cbp_encounters",))
    assert not outcome.published
    assert outcome.failure.startswith("--only cbp_encounters: the published warehouse has no ")
    assert all(name in outcome.failure for name in ("census_trade", "wdi", "knomad")), outcome.failure
    assert "run `hemi refresh` without --only first" in outcome.failure
    assert [key.path[0] for key in outcome.materialized] == ["landing"]  # no raw table, no model
    assert not WarehouseFiles(home).published.exists()
    assert LandingZone(home / "raw").last_complete("cbp_encounters")  # landed and kept, not quarantined
    assert not outcome.quarantined
